"""Tests for reference.convolution2d (chapters 12 and 13)."""

from fractions import Fraction

import numpy as np
import pytest
import scipy.signal
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reference.convolution2d import (
    conv2d,
    conv2d_channels,
    conv2d_kernel_grad,
    conv2d_matrix,
    conv2d_trace,
    conv_param_count,
    correlate2d,
    correlate2d_trace,
    dense_param_count,
    locate2d,
)

TOL = {"rtol": 1e-12, "atol": 1e-9}
SETTINGS = settings(max_examples=50, deadline=None)
MODES = st.sampled_from(["same", "full", "valid"])


def int_matrices(max_side):
    shapes = st.tuples(st.integers(1, max_side), st.integers(1, max_side))
    return shapes.flatmap(lambda s: arrays(np.int64, s, elements=st.integers(-9, 9)))


def fits(A, M):
    return M.shape[0] <= A.shape[0] and M.shape[1] <= A.shape[1]


A4 = np.array([[2, 1, 3, 0], [1, 1, 0, 5], [3, 3, 1, 0], [2, 0, 0, 2]])
M4 = np.array([[1, 0, 2], [2, 1, 0], [1, 0, 3]])


# Book worked examples -------------------------------------------------------------------------

def test_book_example_E12_4_E13_1_to_E13_3_three_modes():
    """Do 'same', 'full' and 'valid' give the book's B₁, B₂, B₃ (E12-4, E13-1..3)?"""
    B1 = [[5, 9, 10, 0], [7, 17, 19, 16], [10, 12, 11, 0], [5, 10, 13, 5]]
    B2 = [[2, 1, 7, 2, 6, 0], [5, 5, 9, 10, 0, 10], [7, 7, 17, 19, 16, 0],
          [9, 10, 12, 11, 0, 19], [7, 5, 10, 13, 5, 0], [2, 0, 6, 2, 0, 6]]
    np.testing.assert_allclose(conv2d(A4, M4), B1, **TOL)
    np.testing.assert_allclose(conv2d(A4, M4, "full"), B2, **TOL)
    np.testing.assert_allclose(conv2d(A4, M4, "valid"), [[17, 19], [12, 11]], **TOL)
    full = conv2d(A4, M4, "full")
    np.testing.assert_allclose(full[1:-1, 1:-1], B1, **TOL)  # B₂ ⊃ B₁ ⊃ B₃
    np.testing.assert_allclose(full[2:-2, 2:-2], [[17, 19], [12, 11]], **TOL)


def test_flip_diagnostics_E12_4_entry_0_1():
    """Is entry (0,1) 9, while no flip gives 6 and a transposed motif gives 4 (I12-1)?"""
    assert conv2d(A4, M4)[0, 1] == pytest.approx(9)
    np.testing.assert_allclose(correlate2d(A4, M4),
                               [[5, 6, 21, 6], [12, 17, 6, 9], [5, 12, 24, 2], [8, 9, 3, 3]], **TOL)
    np.testing.assert_allclose(conv2d(A4, M4.T),
                               [[5, 4, 9, 10], [12, 23, 8, 15], [9, 8, 16, 4], [8, 11, 9, 5]],
                               **TOL)


def test_book_example_E12_5():
    """Does the 3×5 example with motif [[−2,−1,0],[−1,1,1],[0,1,2]] give the book's result?"""
    A = [[2, -1, 7, 3, 0], [2, 0, 0, -2, 1], [-5, 0, -1, -1, 4]]
    M = [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]
    np.testing.assert_allclose(conv2d(A, M),
                               [[1, -6, 7, 10, 2], [9, 7, 10, 7, 1], [-3, 0, 0, -8, 0]], **TOL)
    np.testing.assert_allclose(correlate2d(A, M),
                               [[3, 4, 7, -4, -2], [-5, -7, -10, -11, 1], [-7, 0, -2, 6, 8]],
                               **TOL)
    np.testing.assert_allclose(conv2d_trace(A, M, (0, 0)).kernel,
                               [[2, 1, 0], [1, 1, -1], [0, -1, -2]], **TOL)


def test_book_examples_E12_6_E12_7_translations():
    """Do the two translation motifs shift the matrix down and right (E12-6, E12-7)?"""
    A = np.arange(1, 17).reshape(4, 4)
    down = conv2d(A, [[0, 0, 0], [0, 0, 0], [0, 1, 0]])
    right = conv2d(A, [[0, 0, 0], [0, 0, 1], [0, 0, 0]])
    np.testing.assert_allclose(down, [[0] * 4, [1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], **TOL)
    np.testing.assert_allclose(right, [[0, 1, 2, 3], [0, 5, 6, 7], [0, 9, 10, 11],
                                       [0, 13, 14, 15]], **TOL)


def test_book_example_E12_8_local_mean_exact_fractions():
    """Does the (1/9)·ones mean on 1..25 give the exact values behind the truncated print?"""
    A = np.arange(1, 26).reshape(5, 5)
    F = Fraction
    exact = [[F(16, 9), 3, F(11, 3), F(13, 3), F(28, 9)],
             [F(13, 3), 7, 8, 9, F(19, 3)],
             [F(23, 3), 12, 13, 14, F(29, 3)],
             [11, 17, 18, 19, 13],
             [F(76, 9), 13, F(41, 3), F(43, 3), F(88, 9)]]
    B = conv2d(A, np.full((3, 3), 1 / 9))
    np.testing.assert_allclose(B, np.array(exact, dtype=float), **TOL)
    printed = [[1.77, 3, 3.66, 4.33, 3.11], [4.33, 7, 8, 9, 6.33], [7.66, 12, 13, 14, 9.66],
               [11, 17, 18, 19, 13], [8.44, 13, 13.66, 14.33, 9.77]]
    np.testing.assert_allclose(B, printed, rtol=0, atol=0.011)  # the book truncates


def test_neuron_formula_L6589():
    """Is one 'valid' 3×3 output s = a11·m33 + a12·m32 + … + a33·m11 [L6589]?"""
    rng = np.random.default_rng(1)
    a, m = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    s = sum(a[i, j] * m[2 - i, 2 - j] for i in range(3) for j in range(3))
    assert conv2d(a, m, "valid")[0, 0] == pytest.approx(s)


# Even-size motifs -----------------------------------------------------------------------------

def test_even_motif_pads_left_top_before_flipping():
    """Does a 2×2 motif act as [[0,0,0],[0,1,2],[0,3,4]] (zeros left/top, then flipped)?"""
    A = np.arange(16.0).reshape(4, 4)
    M = np.array([[1, 2], [3, 4]])
    augmented = np.array([[0, 0, 0], [0, 1, 2], [0, 3, 4]])
    np.testing.assert_allclose(conv2d(A, M), conv2d(A, augmented), **TOL)
    np.testing.assert_allclose(augmented[::-1, ::-1], [[4, 3, 0], [2, 1, 0], [0, 0, 0]])
    step = conv2d_trace(A, M, (1, 1))
    assert step.start == (0, 0)  # window covers rows 0–1, cols 0–1: the centre is bottom-right
    np.testing.assert_allclose(step.kernel, [[4, 3], [2, 1]])
    assert step.value == pytest.approx(4 * 0 + 3 * 1 + 2 * 4 + 1 * 5)
    wrong = conv2d(A, np.array([[1, 2, 0], [3, 4, 0], [0, 0, 0]]))  # zeros right/bottom
    assert not np.allclose(wrong, conv2d(A, M))


# Oracles: scipy ---------------------------------------------------------------------------------

@SETTINGS
@given(int_matrices(7), int_matrices(4), MODES)
def test_conv2d_matches_scipy_convolve2d(A, M, mode):
    """Does conv2d match scipy.signal.convolve2d (zero fill) in all modes, even kernels too?"""
    if mode == "valid" and not fits(A, M):
        with pytest.raises(ValueError):
            conv2d(A, M, mode)
        return
    expected = scipy.signal.convolve2d(A, M, mode=mode, boundary="fill")
    np.testing.assert_allclose(conv2d(A, M, mode), expected, **TOL)


@SETTINGS
@given(int_matrices(7), int_matrices(4), MODES)
def test_correlate2d_matches_scipy_correlate2d(A, M, mode):
    """Does correlate2d match scipy.signal.correlate2d, and conv2d with M rotated 180° (odd M)?"""
    if mode == "valid" and not fits(A, M):
        return
    expected = scipy.signal.correlate2d(A, M, mode=mode, boundary="fill")
    np.testing.assert_allclose(correlate2d(A, M, mode), expected, **TOL)
    if mode != "same" or (M.shape[0] % 2 == 1 and M.shape[1] % 2 == 1):
        np.testing.assert_allclose(correlate2d(A, M, mode), conv2d(A, M[::-1, ::-1], mode), **TOL)
    else:  # even size: scipy.signal.correlate (n-d) is the rotated convolution instead
        np.testing.assert_allclose(conv2d(A, M[::-1, ::-1], mode),
                                   scipy.signal.correlate(A, M, mode=mode), **TOL)


@SETTINGS
@given(int_matrices(7), int_matrices(3), MODES, st.integers(1, 3), st.integers(1, 3))
def test_stride_subsamples_rows_and_columns(A, M, mode, sr, sc):
    """Does stride (sr, sc) keep rows 0, sr, … and columns 0, sc, … of the scipy result?"""
    if mode == "valid" and not fits(A, M):
        return
    expected = scipy.signal.convolve2d(A, M, mode=mode)[::sr, ::sc]
    np.testing.assert_allclose(conv2d(A, M, mode, stride=(sr, sc)), expected, **TOL)


@SETTINGS
@given(int_matrices(6), int_matrices(3), st.integers(0, 2), st.integers(0, 2))
def test_padding_then_valid(A, M, pr, pc):
    """Does padding=(pr, pc) equal scipy 'valid' on the zero-padded matrix?"""
    padded = np.pad(A, ((pr, pr), (pc, pc)))
    if not fits(padded, M):
        return
    expected = scipy.signal.convolve2d(padded, M, mode="valid")
    np.testing.assert_allclose(conv2d(A, M, "valid", padding=(pr, pc)), expected, **TOL)


# Properties -----------------------------------------------------------------------------------

@SETTINGS
@given(int_matrices(5), int_matrices(3), int_matrices(3))
def test_full_convolution_associative_and_commutative(A, M, N):
    """Is (A ⋆̃ M) ⋆̃ N = A ⋆̃ (M ⋆̃ N) [L6971] and A ⋆̃ M = M ⋆̃ A?"""
    lhs = conv2d(conv2d(A, M, "full"), N, "full")
    np.testing.assert_allclose(lhs, conv2d(A, conv2d(M, N, "full"), "full"), **TOL)
    np.testing.assert_allclose(conv2d(A, M, "full"), conv2d(M, A, "full"), **TOL)


def test_associativity_needs_the_flip_and_the_full_mode():
    """Does associativity fail for correlation [L6975] and for chained 'same' (truncation)?"""
    rng = np.random.default_rng(3)
    A, M, N = (rng.integers(-5, 6, size=s) for s in [(5, 5), (3, 3), (3, 3)])
    corr_l = correlate2d(correlate2d(A, M, "full"), N, "full")
    corr_r = correlate2d(A, correlate2d(M, N, "full"), "full")
    assert not np.allclose(corr_l, corr_r)
    same_l = conv2d(conv2d(A, M), N)
    same_r = conv2d(A, conv2d(M, N, "full"))
    assert not np.allclose(same_l, same_r)


@SETTINGS
@given(int_matrices(5), int_matrices(5), int_matrices(3), st.integers(-3, 3))
def test_conv2d_is_linear(A, B, M, lam):
    """Is (A + λB) ⋆ M = A ⋆ M + λ B ⋆ M (the layer F: A ↦ A ⋆ M is linear [L6623])?"""
    n, p = min(A.shape[0], B.shape[0]), min(A.shape[1], B.shape[1])
    A, B = A[:n, :p], B[:n, :p]
    np.testing.assert_allclose(conv2d(A + lam * B, M), conv2d(A, M) + lam * conv2d(B, M), **TOL)


@SETTINGS
@given(int_matrices(5), int_matrices(3), st.integers(0, 3), st.integers(0, 3))
def test_shift_equivariance_2d(A, M, dr, dc):
    """Does shifting A down/right by (dr, dc) shift A ⋆̃ M by the same amount?"""
    shifted = np.pad(A, ((dr, 0), (dc, 0)))
    expected = np.pad(conv2d(A, M, "full"), ((dr, 0), (dc, 0)))
    np.testing.assert_allclose(conv2d(shifted, M, "full"), expected, **TOL)


# Traces, channels, matrices, gradients --------------------------------------------------------

def test_trace_first_coefficient_E12_4():
    """Does the trace of (0,0) show the flipped motif over virtual zeros and sum to 5?"""
    step = conv2d_trace(A4, M4, (0, 0))
    np.testing.assert_allclose(step.kernel, [[3, 0, 1], [0, 1, 2], [2, 0, 1]])
    np.testing.assert_allclose(step.window, [[0, 0, 0], [0, 2, 1], [0, 1, 1]])
    np.testing.assert_allclose(step.products, [[0, 0, 0], [0, 2, 2], [0, 0, 1]])
    assert step.value == pytest.approx(5) and step.start == (-1, -1)
    assert correlate2d_trace(A4, M4, (0, 1)).value == pytest.approx(6)
    with pytest.raises(ValueError):
        conv2d_trace(A4, M4, (4, 0))


@SETTINGS
@given(int_matrices(6), int_matrices(3), MODES, st.integers(1, 2))
def test_trace_values_rebuild_the_output_2d(A, M, mode, s):
    """Does every traced value equal the corresponding output entry?"""
    if mode == "valid" and not fits(A, M):
        return
    B = conv2d(A, M, mode, stride=s)
    for (i, j), b in np.ndenumerate(B):
        assert conv2d_trace(A, M, (i, j), mode, stride=s).value == pytest.approx(b, abs=1e-9)


def test_channels_and_filters():
    """Is 𝒜 ⋆ M the sum over channels, and do ℓ motifs give an (n, p, ℓ) output?"""
    rng = np.random.default_rng(4)
    A = rng.normal(size=(6, 5, 3))
    Ms = rng.normal(size=(4, 3, 3, 3))  # ℓ = 4 motifs of size (3, 3, k=3)
    out = conv2d_channels(A, Ms)
    assert out.shape == (6, 5, 4)
    for f in range(4):
        expected = sum(scipy.signal.convolve2d(A[:, :, c], Ms[f, :, :, c], "same")
                       for c in range(3))
        np.testing.assert_allclose(out[:, :, f], expected, **TOL)
    with pytest.raises(ValueError):
        conv2d_channels(A, rng.normal(size=(3, 3, 2)))


@SETTINGS
@given(int_matrices(5), int_matrices(3), MODES, st.integers(1, 2))
def test_layer_matrix_matches_scipy(A, M, mode, s):
    """Does W @ vec(A) (row-major) equal scipy's convolve2d, strided?"""
    if mode == "valid" and not fits(A, M):
        return
    W = conv2d_matrix(M, A.shape, mode, stride=s)
    expected = scipy.signal.convolve2d(A, M, mode=mode)[::s, ::s]
    np.testing.assert_allclose(W @ A.ravel(), expected.ravel(), **TOL)


@pytest.mark.parametrize("mode", ["same", "full", "valid"])
def test_kernel_gradient_matches_finite_differences_2d(mode):
    """Does ∂F/∂m = Σ f_{i,*} g′_{i,*} ∂F/∂g_i (shared weight) match finite differences?"""
    rng = np.random.default_rng(5)
    A, M, C = rng.normal(size=(6, 5)), rng.normal(size=(3, 2)), rng.normal(size=(9, 9))

    def loss(motif):  # F = Σ c_ij · tanh(B_ij)²
        B = conv2d(A, motif, mode)
        return float(np.sum(C[: B.shape[0], : B.shape[1]] * np.tanh(B) ** 2))

    B = conv2d(A, M, mode)
    t, c = np.tanh(B), C[: B.shape[0], : B.shape[1]]
    grad = conv2d_kernel_grad(A, M, 2 * c * t, mode, activation_grad=1 - t**2)
    h = 1e-6
    numeric = np.zeros_like(M)
    for idx in np.ndindex(M.shape):
        E = np.zeros_like(M)
        E[idx] = h
        numeric[idx] = (loss(M + E) - loss(M - E)) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_parameter_counts_L6620():
    """Is a 3×3 layer 9 weights vs (np)² = 10⁸ dense for n = p = 100, and Conv2D(32) 320?"""
    assert conv_param_count(3, 3) == 9
    assert dense_param_count(100 * 100, 100 * 100) == 100_000_000
    assert conv_param_count(3, 3, channels=1, filters=32, bias=True) == 320
    assert dense_param_count(100, 100, bias=True) == 10_100


def draw_smiley(size=100):
    """A 100×100 smiley: a ring, two eyes and a mouth (1 on 0)."""
    r, c = np.mgrid[0:size, 0:size] - (size - 1) / 2
    dist = np.hypot(r, c)
    face = (np.abs(dist - 45) < 3)
    eyes = (np.hypot(r + 15, np.abs(c) - 15) < 7)
    mouth = (np.abs(dist - 25) < 3) & (r > 8)
    return (face | eyes | mouth).astype(float)


def test_hidden_smiley_found_near_200_300():
    """Does the 2-D correlation peak find a smiley hidden at (150, 250) around (200, 300)?"""
    rng = np.random.default_rng(7)
    image = rng.random((500, 500))
    smiley = draw_smiley()
    image[150:250, 250:350] = smiley
    i, j = locate2d(image, smiley)
    assert abs(i - 200) <= 3 and abs(j - 300) <= 3
    clean = np.zeros((500, 500))
    clean[150:250, 250:350] = smiley
    assert locate2d(clean, smiley) == (199, 299)  # top-left + (99//2, 99//2)


@pytest.mark.parametrize(
    "call",
    [
        lambda: conv2d([1, 2, 3], [[1]]),
        lambda: conv2d(A4, M4, "wide"),
        lambda: conv2d(A4, np.ones((5, 1)), "valid"),
        lambda: conv2d(A4, M4, stride=0),
        lambda: conv2d(A4, M4, padding=-1),
        lambda: conv2d([[np.inf]], [[1]]),
    ],
)
def test_invalid_inputs_raise_value_error_2d(call):
    """Are bad shapes, modes, strides, paddings and non-finite values rejected?"""
    with pytest.raises(ValueError):
        call()


@SETTINGS
@given(int_matrices(6), int_matrices(4), MODES)
def test_listing_convention_is_the_books_smiley_code(A, M, mode):
    """Is convention="listing" the book's code convolve2d(A, rot180(M)), and equal to the text
    rule except for even sizes in 'same' mode?"""
    if mode == "valid" and (M.shape[0] > A.shape[0] or M.shape[1] > A.shape[1]):
        return
    if mode == "same" and (M.shape[0] > A.shape[0] or M.shape[1] > A.shape[1]):
        return
    got = correlate2d(A, M, mode, convention="listing")
    np.testing.assert_allclose(got, scipy.signal.convolve2d(A, M[::-1, ::-1], mode), **TOL)
    if mode != "same" or (M.shape[0] % 2 and M.shape[1] % 2):
        np.testing.assert_allclose(got, correlate2d(A, M, mode), **TOL)


def test_smiley_peak_by_both_conventions():
    """Does the clean 100×100 smiley at (150, 250) peak at (200, 300) by the book's listing
    and at (199, 299) by the text rule?"""
    smiley = draw_smiley()
    clean = np.zeros((500, 500))
    clean[150:250, 250:350] = smiley
    assert locate2d(clean, smiley, convention="listing") == (200, 300)
    assert locate2d(clean, smiley) == (199, 299)
