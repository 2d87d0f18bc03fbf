"""Tests for reference.tensors (chapter 15): shapes, C-order flattening, batches, TF gradients."""

import os
from importlib.util import find_spec

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from reference.tensors import (
    add_batch_axis,
    book_tensors,
    c_order_index,
    c_order_offset,
    c_order_strides,
    concat_shape,
    concatenate,
    describe,
    element_count,
    flatten_batch,
    flatten_c,
    flatten_f,
    grey_batch,
    memory_bytes,
    memory_megabytes,
    reshape_c,
    resolve_shape,
    slice_c,
    take,
    tf_derivative,
    tf_gradient,
    tf_gradient_field,
)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
SETTINGS = settings(max_examples=50, deadline=None)
TOL = {"rtol": 1e-12, "atol": 1e-12}
SHAPES = array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4)


def needs_tf(test):
    """Marks a test that imports TensorFlow, skipped where TensorFlow is not installed."""
    test = pytest.mark.tf(test)
    return pytest.mark.skipif(find_spec("tensorflow") is None, reason="needs TensorFlow")(test)


T = book_tensors()["T"]


# Vocabulary and sizes ------------------------------------------------------------------------

def test_E15_1_E15_2_vocabulary():
    """Are V, M, T of dimension 1, 2, 3, shapes (3,), (2, 3), (3, 2, 3), sizes 3, 6, 18?"""
    t = book_tensors()
    assert describe(t["V"]) == {"ndim": 1, "shape": (3,), "size": 3}
    assert describe(t["M"]) == {"ndim": 2, "shape": (2, 3), "size": 6}
    assert describe(T) == {"ndim": 3, "shape": (3, 2, 3), "size": 18}


def test_image_examples_and_cifar_memory():
    """Are 28×28 → 784, 32×32×3 → 3072 elements, and CIFAR's uint8 tensor 153.6 Mo [L7734]?"""
    assert element_count((28, 28)) == 784 and element_count((32, 32, 3)) == 3072
    assert element_count((3, 5, 7, 11)) == 3 * 5 * 7 * 11 and element_count(()) == 1
    assert memory_megabytes((50000, 32, 32, 3)) == pytest.approx(153.6, rel=1e-12)
    assert np.zeros((50, 32, 32, 3), dtype=np.uint8).nbytes == 50 * 3072
    assert memory_megabytes((1000, 10), bytes_per_element=8) == pytest.approx(0.08)
    with pytest.raises(ValueError):
        element_count((2, -1))


# Flatten and reshape: C order -------------------------------------------------------------------

def test_E15_3_flatten_of_the_corrected_T():
    """Does T flatten to [5 1 0 3 3 2 1 1 0 5 1 7 0 0 1 8 1 9], as T.flatten() does (E15-3)?"""
    book = [5, 1, 0, 3, 3, 2, 1, 1, 0, 5, 1, 7, 0, 0, 1, 8, 1, 9]
    np.testing.assert_array_equal(flatten_c(T), book)
    np.testing.assert_array_equal(T.flatten(), book)


def test_erratum_seed_T_does_not_give_the_printed_flatten():
    """With the seed's middle matrix [[1,1,0],[0,0,1]], does the flatten differ from the book's?"""
    seed_T = np.array([[[5, 1, 0], [3, 3, 2]], [[1, 1, 0], [0, 0, 1]], [[0, 0, 1], [8, 1, 9]]])
    np.testing.assert_array_equal(flatten_c(seed_T)[9:12], [0, 0, 1])  # printed: 5 1 7
    assert not np.array_equal(flatten_c(seed_T), flatten_c(T))


@pytest.mark.parametrize("shape, book", [
    ((2, 9), [[5, 1, 0, 3, 3, 2, 1, 1, 0], [5, 1, 7, 0, 0, 1, 8, 1, 9]]),               # E15-4
    ((2, 3, 3), [[[5, 1, 0], [3, 3, 2], [1, 1, 0]], [[5, 1, 7], [0, 0, 1], [8, 1, 9]]]),  # E15-5
    ((9, -1), [[5, 1], [0, 3], [3, 2], [1, 1], [0, 5], [1, 7], [0, 0], [1, 8], [1, 9]]),  # E15-6
])
def test_E15_4_to_E15_6_reshapes(shape, book):
    """Do the reshapes (2, 9), (2, 3, 3) and (9, −1) give the book's printed tensors?"""
    np.testing.assert_array_equal(reshape_c(T, shape), book)
    np.testing.assert_array_equal(np.reshape(T, shape), book)


def test_c_order_is_not_fortran_order():
    """Is C order (last index fastest) different from Fortran order on T?"""
    assert not np.array_equal(flatten_c(T), T.flatten(order="F"))
    assert c_order_offset((0, 0, 1), T.shape) == 1 and c_order_offset((1, 0, 0), T.shape) == 6


@given(arrays(np.int64, SHAPES, elements=st.integers(-99, 99)))
@SETTINGS
def test_flatten_c_matches_numpy_ravel(A):
    """Does the loop flatten equal np.ravel (C order) on random tensors?"""
    np.testing.assert_array_equal(flatten_c(A), A.ravel(order="C"))


@given(SHAPES, st.data())
@SETTINGS
def test_offset_and_index_match_numpy(shape, data):
    """Do c_order_offset / c_order_index equal np.ravel_multi_index / np.unravel_index?"""
    index = tuple(data.draw(st.integers(0, n - 1)) for n in shape)
    assert c_order_offset(index, shape) == np.ravel_multi_index(index, shape)
    offset = data.draw(st.integers(0, element_count(shape) - 1))
    assert c_order_index(offset, shape) == tuple(int(i) for i in np.unravel_index(offset, shape))
    itemsize = np.dtype(np.int64).itemsize
    assert c_order_strides(shape) == tuple(s // itemsize for s in np.zeros(shape, np.int64).strides)


@given(arrays(np.int64, SHAPES, elements=st.integers(-99, 99)), st.data())
@SETTINGS
def test_reshape_c_matches_numpy_reshape(A, data):
    """Does reshape_c equal np.reshape for targets (size,), (−1, last), reversed shape?"""
    target = data.draw(st.sampled_from([(A.size,), (-1, A.shape[-1]), A.shape[::-1]]))
    np.testing.assert_array_equal(reshape_c(A, target), np.reshape(A, target))


def test_resolve_shape_and_errors():
    """Is the −1 inferred (18, (9, −1)) → (9, 2), and impossible shapes rejected?"""
    assert resolve_shape(18, (9, -1)) == (9, 2) and resolve_shape(18, (-1,)) == (18,)
    for bad in [(4, -1), (-1, -1), (5, 4), (-2, 9)]:
        with pytest.raises(ValueError):
            resolve_shape(18, bad)
    with pytest.raises(ValueError):
        c_order_offset((3, 0, 0), T.shape)
    with pytest.raises(ValueError):
        c_order_index(18, T.shape)


def test_E15_7_concatenate():
    """Are C₁ (axis 0) 4×3 = [[1..3],[4..6],[7..9],[10..12]] and C₂ (axis 1) 2×6 (E15-7)?"""
    t = book_tensors()
    A, B = t["A"], t["B"]
    C1, C2 = np.concatenate((A, B), axis=0), np.concatenate((A, B), axis=1)
    np.testing.assert_array_equal(C1, np.arange(1, 13).reshape(4, 3))
    np.testing.assert_array_equal(C2, [[1, 2, 3, 7, 8, 9], [4, 5, 6, 10, 11, 12]])
    assert concat_shape([A.shape, B.shape], 0) == C1.shape == (4, 3)
    assert concat_shape([A.shape, B.shape], 1) == C2.shape == (2, 6)
    with pytest.raises(ValueError):
        concat_shape([(2, 3), (3, 3)], 1)
    with pytest.raises(ValueError):
        concat_shape([(2, 3)], 2)


# Batch conventions -----------------------------------------------------------------------------

def test_batch_axis_conventions():
    """Is one input s → (1, *s), grey (N, h, w) → (N, h, w, 1), and (N, …) → (N, ∏ …)?"""
    assert add_batch_axis(np.ones(3)).shape == (1, 3)
    assert add_batch_axis(np.ones((28, 28, 1))).shape == (1, 28, 28, 1)
    images = np.arange(2 * 4 * 3).reshape(2, 4, 3)
    assert grey_batch(images).shape == (2, 4, 3, 1)
    flat = flatten_batch(grey_batch(images))
    np.testing.assert_array_equal(flat, images.reshape(2, 12))
    np.testing.assert_array_equal(flat[1], flatten_c(images[1]))
    with pytest.raises(ValueError):
        grey_batch(np.ones((4, 4)))


@needs_tf
def test_flatten_batch_matches_keras_flatten():
    """Does flatten_batch equal keras.layers.Flatten on an (N, h, w, c) batch (C order)?"""
    import keras

    X = np.random.default_rng(15).normal(size=(3, 4, 5, 2))
    np.testing.assert_allclose(np.asarray(keras.layers.Flatten(dtype="float64")(X)),
                               flatten_batch(X), **TOL)


# Derivatives through TensorFlow ------------------------------------------------------------------

x, y = sp.symbols("x y")


@needs_tf
def test_E15_8_derivative_of_square_at_3():
    """Is the derivative of x² at 3 equal to 6 (E15-8)?"""
    value, slope = tf_derivative(lambda t: t**2, 3.0)
    assert value == pytest.approx(9.0) and slope == pytest.approx(6.0, rel=1e-15)


@needs_tf
def test_E15_8_derivative_on_tf_range():
    """On [1, 1.5, …, 3.5], are f = 2 ln x + e^{−x} and f′ the book's / sympy's values?"""
    import tensorflow as tf

    points = np.arange(1, 4, 0.5)
    values, slopes = tf_derivative(lambda t: 2 * tf.math.log(t) + tf.math.exp(-t), points)
    f = 2 * sp.log(x) + sp.exp(-x)
    np.testing.assert_allclose(values, sp.lambdify(x, f)(points), rtol=1e-14)
    np.testing.assert_allclose(slopes, sp.lambdify(x, sp.diff(f, x))(points), rtol=1e-14)
    np.testing.assert_allclose(values, [0.3679, 1.0341, 1.5216, 1.9147, 2.2470, 2.5357],
                               atol=5e-5)
    np.testing.assert_allclose(slopes, [1.6321, 1.1102, 0.8647, 0.7179, 0.6169, 0.5412],
                               atol=5e-5)
    for got, printed in zip([values[0], values[1], slopes[0], slopes[1]],
                            [0.367, 1.034, 1.632, 1.110], strict=True):
        assert 0 <= got - printed < 1e-3  # the book truncates


@needs_tf
def test_tf_derivative_vs_central_differences():
    """Does tf_derivative of tanh(x)·sin(3x) match central differences at random points?"""
    import tensorflow as tf

    points = np.random.default_rng(8).uniform(-2, 2, size=10)
    g = lambda t: np.tanh(t) * np.sin(3 * t)  # noqa: E731
    _, slopes = tf_derivative(lambda t: tf.math.tanh(t) * tf.math.sin(3 * t), points)
    h = 1e-6
    np.testing.assert_allclose(slopes, (g(points + h) - g(points - h)) / (2 * h), rtol=1e-6,
                               atol=1e-8)


@needs_tf
def test_E15_9_gradient_of_x_y_squared():
    """Is ∇(xy²) at (2, 3) equal to (y², 2xy) = (9, 12), as sympy says (E15-9)?"""
    value, grad = tf_gradient(lambda a, b: a * b**2, (2.0, 3.0))
    assert value == pytest.approx(18.0)
    np.testing.assert_allclose(grad, [9.0, 12.0], **TOL)
    f = x * y**2
    exact = [float(sp.diff(f, v).subs({x: 2, y: 3})) for v in (x, y)]
    np.testing.assert_allclose(grad, exact, **TOL)


@needs_tf
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(-3, 3))
@settings(max_examples=15, deadline=None)
def test_tf_gradient_vs_central_differences(a, b, c):
    """Does tf_gradient of sin(xy) + z·e^{x} match central differences at random points?"""
    import tensorflow as tf

    _, grad = tf_gradient(lambda p, q, r: tf.math.sin(p * q) + r * tf.math.exp(p), (a, b, c))
    F = lambda v: np.sin(v[0] * v[1]) + v[2] * np.exp(v[0])  # noqa: E731
    P, h = np.array([a, b, c]), 1e-6
    fd = [(F(P + h * e) - F(P - h * e)) / (2 * h) for e in np.eye(3)]
    np.testing.assert_allclose(grad, fd, rtol=1e-6, atol=1e-6)


@needs_tf
def test_unused_variable_has_zero_partial_derivative():
    """Is ∂f/∂y = 0 (not None) for f(x, y) = x²?"""
    _, grad = tf_gradient(lambda a, b: a**2, (2.0, 3.0))
    np.testing.assert_allclose(grad, [4.0, 0.0], **TOL)
    _, slopes = tf_derivative(lambda t: 0 * t + 5, [1.0, 2.0])
    np.testing.assert_array_equal(slopes, [0.0, 0.0])


@needs_tf
def test_saddle_gradient_field():
    """On a grid, is ∇(x² − y²) = (2x, −2y), sympy's gradient of the saddle?"""
    X, Y = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 4))
    gx, gy = tf_gradient_field(lambda a, b: a**2 - b**2, X, Y)
    f = x**2 - y**2
    np.testing.assert_allclose(gx, sp.lambdify((x, y), sp.diff(f, x))(X, Y) * np.ones_like(X),
                               **TOL)
    np.testing.assert_allclose(gy, sp.lambdify((x, y), sp.diff(f, y))(X, Y) * np.ones_like(Y),
                               **TOL)
    with pytest.raises(ValueError):
        tf_gradient_field(lambda a, b: a * b, X, Y[:2])


# Values of concatenations and sub-tensors, memory by dtype --------------------------------------

def test_E15_7_concatenate_values():
    """Does concatenate give the book's C₁ (axis 0) and C₂ (axis 1) [L7809–7829]?"""
    t = book_tensors()
    C1 = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]
    C2 = [[1, 2, 3, 7, 8, 9], [4, 5, 6, 10, 11, 12]]
    np.testing.assert_array_equal(concatenate((t["A"], t["B"]), axis=0), C1)
    np.testing.assert_array_equal(concatenate((t["A"], t["B"]), axis=1), C2)
    np.testing.assert_array_equal(concatenate((t["A"], t["B"]), axis=-1), C2)


@SETTINGS
@given(st.data())
def test_concatenate_matches_numpy(data):
    """Does concatenate equal np.concatenate for 1–3 tensors along any axis?"""
    shape = data.draw(array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=3))
    axis = data.draw(st.integers(0, len(shape) - 1))
    parts = []
    for _ in range(data.draw(st.integers(1, 3))):
        s = list(shape)
        s[axis] = data.draw(st.integers(1, 3))
        parts.append(data.draw(arrays(np.int64, tuple(s), elements=st.integers(-9, 9))))
    np.testing.assert_array_equal(concatenate(parts, axis), np.concatenate(parts, axis))


def test_concatenate_refuses_mismatched_shapes():
    """Are shapes differing off the axis, and a bad axis, refused?"""
    with pytest.raises(ValueError):
        concatenate([np.zeros((2, 3)), np.zeros((3, 3))], axis=1)
    with pytest.raises(ValueError):
        concatenate([np.zeros((2, 3))], axis=2)


def test_take_reads_the_matrices_of_T():
    """Is take(T, 0, i) the i-th matrix T[i], and take on other axes T[:, j] / T[:, :, k]?"""
    np.testing.assert_array_equal(take(T, 0, 1), [[1, 1, 0], [5, 1, 7]])
    np.testing.assert_array_equal(take(T, 2, 0), T[:, :, 0])
    np.testing.assert_array_equal(take(T, 1, -1), T[:, -1])
    with pytest.raises(ValueError):
        take(T, 1, 2)


@SETTINGS
@given(arrays(np.int64, SHAPES, elements=st.integers(-9, 9)), st.data())
def test_take_and_slice_match_numpy(A, data):
    """Do take and slice_c equal numpy's indexing and basic slicing?"""
    axis = data.draw(st.integers(0, A.ndim - 1))
    i = data.draw(st.integers(-A.shape[axis], A.shape[axis] - 1))
    np.testing.assert_array_equal(take(A, axis, i), np.take(A, i, axis=axis))
    bound = st.none() | st.integers(-5, 5)
    parts = [(data.draw(bound), data.draw(bound), data.draw(st.none() | st.sampled_from(
        [1, 2, -1, 3]))) for _ in range(A.ndim)]
    want = A[tuple(slice(*p) for p in parts)]
    np.testing.assert_array_equal(slice_c(A, parts), want)


def test_slice_of_T():
    """Is T[0:2, :, 1:] of shape (2, 2, 2) with the book's values?"""
    S = slice_c(T, [(0, 2), (None, None), (1, None)])
    assert S.shape == (2, 2, 2)
    np.testing.assert_array_equal(S, [[[1, 0], [3, 2]], [[1, 0], [1, 7]]])


def test_fortran_flatten_is_the_other_order():
    """Is flatten_f numpy's order='F', different from T.flatten() on the book's T?"""
    np.testing.assert_array_equal(flatten_f(T), T.flatten(order="F"))
    assert not np.array_equal(flatten_f(T), T.flatten())


@pytest.mark.parametrize("dtype", ["uint8", "float32", "float64", "int64", "bool"])
def test_memory_bytes_match_numpy_nbytes(dtype):
    """Does memory_bytes equal numpy's nbytes, and CIFAR's uint8 tensor 153 600 000 bytes?"""
    assert memory_bytes((3, 5, 7), dtype) == np.zeros((3, 5, 7), dtype=dtype).nbytes
    assert memory_bytes((50000, 32, 32, 3), "uint8") == 153_600_000
    assert memory_bytes((50000, 32, 32, 3), "float32") == 4 * 153_600_000
    with pytest.raises(ValueError):
        memory_bytes((2,), "complex128")


@needs_tf
def test_concatenate_and_slices_match_keras_ops():
    """Do concatenate, take and slice_c agree with keras.ops on the book's tensors?"""
    from reference.keras_helpers import _keras

    ops = _keras().ops
    t = book_tensors()
    for axis in (0, 1):
        want = np.asarray(ops.concatenate([t["A"], t["B"]], axis=axis))
        np.testing.assert_array_equal(concatenate((t["A"], t["B"]), axis), want)
    np.testing.assert_array_equal(take(T, 2, 1), np.asarray(ops.take(T, 1, axis=2)))
    want = np.asarray(ops.slice(T, (1, 0, 1), (2, 2, 2)))  # start, sizes
    np.testing.assert_array_equal(slice_c(T, [(1, 3), (0, 2), (1, 3)]), want)
