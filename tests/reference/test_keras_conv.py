"""Tests for reference.keras_conv (chapter 14): Keras Conv2D computes a correlation."""

import os
from importlib.util import find_spec

import numpy as np
import pytest
import scipy.signal
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reference.keras_conv import (
    correlate_channels,
    correlation_demo,
    feature_maps,
    keras_conv2d,
    kernel_for_convolution,
    same_padding,
)
from reference.keras_models import ModelSpec, build_model

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TF itself is imported inside the functions
pytestmark = [pytest.mark.tf,
              pytest.mark.skipif(find_spec("tensorflow") is None, reason="needs TensorFlow")]

TOL = {"rtol": 1e-12, "atol": 1e-12}
SETTINGS = settings(max_examples=25, deadline=None)
RNG = np.random.default_rng(14)
A4 = np.array([[2, 1, 3, 0], [1, 1, 0, 5], [3, 3, 1, 0], [2, 0, 0, 2]])  # chapter 12 example
M4 = np.array([[1, 0, 2], [2, 1, 0], [1, 0, 3]])
B1 = [[5, 9, 10, 0], [7, 17, 19, 16], [10, 12, 11, 0], [5, 10, 13, 5]]  # A4 ⋆ M4, 'same'


@pytest.mark.parametrize("kernel_shape", [(3, 3), (2, 2), (2, 3), (4, 4), (1, 5), (5, 1)])
@pytest.mark.parametrize("padding", ["same", "valid"])
def test_keras_conv2d_is_scipy_correlate2d(kernel_shape, padding):
    """Does Keras Conv2D equal scipy.signal.correlate2d in the same mode (odd and even kernels)?"""
    A, M = RNG.normal(size=(7, 6)), RNG.normal(size=kernel_shape)
    got = keras_conv2d(A, M, padding=padding)
    assert got.shape[2] == 1
    np.testing.assert_allclose(got[:, :, 0], scipy.signal.correlate2d(A, M, mode=padding), **TOL)


def test_keras_conv2d_is_not_the_books_convolution():
    """On the chapter-12 example, is Keras(M) ≠ A ⋆ M while Keras(flip M) = A ⋆ M = B₁ (E12-4)?"""
    plain = keras_conv2d(A4, M4)[:, :, 0]
    assert plain[0, 1] == pytest.approx(6.0)  # no flip: the I12-1 diagnostic value, not 9
    assert not np.allclose(plain, B1)
    np.testing.assert_allclose(keras_conv2d(A4, kernel_for_convolution(M4))[:, :, 0], B1, **TOL)
    np.testing.assert_allclose(scipy.signal.convolve2d(A4, M4, mode="same"), B1, **TOL)


@given(arrays(np.int64, (5, 6), elements=st.integers(-9, 9)),
       arrays(np.int64, (3, 3), elements=st.integers(-9, 9)))
@SETTINGS
def test_flipped_kernel_gives_scipy_convolve2d(A, M):
    """For any A and 3×3 M, does a Keras kernel flip(M) give scipy.signal.convolve2d(A, M)?"""
    got = keras_conv2d(A, kernel_for_convolution(M))[:, :, 0]
    np.testing.assert_allclose(got, scipy.signal.convolve2d(A, M, mode="same"), **TOL)


def test_correlation_demo_asymmetric_and_symmetric_motifs():
    """Does the demo say 'correlation, not convolution' for M4, and 'both' for a Laplacian?"""
    demo = correlation_demo(A4, M4)
    assert demo["keras_is_correlation"] and not demo["keras_is_convolution"]
    np.testing.assert_allclose(demo["correlation"], scipy.signal.correlate2d(A4, M4, "same"),
                               **TOL)
    np.testing.assert_allclose(demo["convolution"], B1, **TOL)
    laplacian = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    demo = correlation_demo(A4, laplacian)
    assert demo["keras_is_correlation"] and demo["keras_is_convolution"]


def test_multichannel_multifilter_against_scipy():
    """With 3 channels and 4 filters, is out[:, :, ℓ] = Σ_c correlate2d(A_c, K_cℓ) + bₗ?"""
    A, K, b = RNG.normal(size=(6, 5, 3)), RNG.normal(size=(3, 3, 3, 4)), RNG.normal(size=4)
    expected = np.stack([sum(scipy.signal.correlate2d(A[:, :, c], K[:, :, c, f], "same")
                             for c in range(3)) + b[f] for f in range(4)], axis=-1)
    np.testing.assert_allclose(correlate_channels(A, K, b), expected, **TOL)
    np.testing.assert_allclose(keras_conv2d(A, K, b), expected, **TOL)
    assert keras_conv2d(A, K, b, padding="valid").shape == (4, 3, 4)


def test_same_padding_rule():
    """Is 'same' padding (k−1)//2 before and the rest after: 3 → (1, 1), 2 → (0, 1), 4 → (1, 2)?"""
    assert [same_padding(k) for k in (1, 2, 3, 4, 5)] == [(0, 0), (0, 1), (1, 1), (1, 2), (2, 2)]
    with pytest.raises(ValueError):
        same_padding(0)


@given(arrays(np.int64, st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3)),
              elements=st.integers(-9, 9)))
@SETTINGS
def test_kernel_for_convolution_is_a_spatial_rotation(M):
    """Is flip(flip(M)) = M, flip = M[::-1, ::-1, …] on spatial axes only (not a transpose)?"""
    np.testing.assert_array_equal(kernel_for_convolution(kernel_for_convolution(M)), M)
    np.testing.assert_array_equal(kernel_for_convolution(M), M[::-1, ::-1, :])


def test_rotation_is_not_transposition():
    """Does the 180° rotation of [[1, 2], [3, 4]] give [[4, 3], [2, 1]], not its transpose?"""
    M = np.array([[1, 2], [3, 4]])
    np.testing.assert_array_equal(kernel_for_convolution(M), [[4, 3], [2, 1]])
    assert not np.array_equal(kernel_for_convolution(M), M.T)


def test_feature_maps_are_correlation_bias_relu_then_pool():
    """Are the layer-1 maps relu(correlation + bias), and the pooled maps 2×2 block maxima?"""
    import keras

    keras.utils.set_random_seed(7)
    spec = ModelSpec("small_cnn", (8, 8, 1), (("conv2d", 4, 3, "relu"), ("maxpool", 2),
                                              ("flatten",), ("dense", 10, "softmax")))
    model = build_model(spec, dtype="float64")
    images = RNG.uniform(size=(3, 8, 8, 1))
    maps = feature_maps(model, 0, images)
    assert maps.shape == (3, 8, 8, 4)
    K, b = model.layers[0].get_weights()
    for n in range(3):
        for f in range(4):
            expected = scipy.signal.correlate2d(images[n, :, :, 0], K[:, :, 0, f], "same") + b[f]
            np.testing.assert_allclose(maps[n, :, :, f], np.maximum(expected, 0), **TOL)
    pooled = feature_maps(model, 1, images)
    np.testing.assert_allclose(pooled, maps.reshape(3, 4, 2, 4, 2, 4).max(axis=(2, 4)), **TOL)
    with pytest.raises(ValueError):
        feature_maps(model, 4, images)


def test_input_errors():
    """Are bad paddings, channel mismatches and too-large kernels rejected with ValueError?"""
    with pytest.raises(ValueError):
        correlate_channels(A4, M4, padding="full")
    with pytest.raises(ValueError):
        correlate_channels(np.ones((4, 4, 2)), np.ones((3, 3, 3)))
    with pytest.raises(ValueError):
        correlate_channels(np.ones((2, 2)), np.ones((3, 3)), padding="valid")
    with pytest.raises(ValueError):
        keras_conv2d(np.ones(5), M4)
    with pytest.raises(ValueError):
        kernel_for_convolution(np.ones(3))
