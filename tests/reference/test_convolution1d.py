"""Tests for reference.convolution1d (chapter 11, chapter 13 §3)."""

import numpy as np
import pytest
import scipy.signal
from hypothesis import given, settings
from hypothesis import strategies as st

from reference.convolution1d import (
    conv1d,
    conv1d_kernel_grad,
    conv1d_matrix,
    conv1d_trace,
    convolve_sequences,
    correlate1d,
    correlate1d_trace,
    locate1d,
    mode_padding,
    moving_average,
)

TOL = {"rtol": 1e-12, "atol": 1e-9}
ints = st.integers(min_value=-9, max_value=9)
signals = st.lists(ints, min_size=1, max_size=12)
motifs = st.lists(ints, min_size=1, max_size=6)
SETTINGS = settings(max_examples=60, deadline=None)


# Book worked examples -------------------------------------------------------------------------

def test_book_example_E11_1():
    """Does [1,0,3,5,1] ⋆ [1,2,3] give the book's [2,6,11,20,17] (E11-1, E13-6)?"""
    np.testing.assert_allclose(conv1d([1, 0, 3, 5, 1], [1, 2, 3]), [2, 6, 11, 20, 17], **TOL)


def test_book_example_E11_2_even_motif_extra_zero_goes_left():
    """Does even [4,5] act as [0,4,5] (zero prepended, so on the right once flipped)?"""
    f = [-1, 5, 7, 3, 2]
    np.testing.assert_allclose(conv1d(f, [4, 5]), [-4, 15, 53, 47, 23], **TOL)
    np.testing.assert_allclose(conv1d(f, [0, 4, 5]), [-4, 15, 53, 47, 23], **TOL)
    assert mode_padding(2, "same") == (1, 0)  # one virtual zero on the input's left
    wrong_side = conv1d(f, [4, 5, 0])  # zero appended instead: shifted by one
    assert not np.allclose(wrong_side, [-4, 15, 53, 47, 23])
    np.testing.assert_allclose(conv1d(f, [4, 5], "full"), [-4, 15, 53, 47, 23, 10], **TOL)


def test_book_examples_E11_3_E11_4_moving_average():
    """Do the moving averages of length 3 and 5 give the book's smoothed lists (E11-3, E11-4)?"""
    f = [4, 2, 1, 4, 5, 1, 3]
    np.testing.assert_allclose(conv1d(f, moving_average(3)),
                               [2, 7 / 3, 7 / 3, 10 / 3, 10 / 3, 3, 4 / 3], **TOL)
    np.testing.assert_allclose(conv1d(f, moving_average(5)),
                               [1.4, 2.2, 3.2, 2.6, 2.8, 2.6, 1.8], **TOL)
    np.testing.assert_allclose(moving_average(4), [0.25] * 4, **TOL)


def test_book_examples_E11_5_to_E11_7_scaling_translation_derivative():
    """Do the motifs [2], [0,0,1] and [0,1,−1] scale, shift right and differentiate (E11-5..7)?"""
    f = np.arange(1, 10)
    np.testing.assert_allclose(conv1d(f, [2]), 2 * f, **TOL)
    np.testing.assert_allclose(conv1d(f, [0, 2, 0]), 2 * f, **TOL)
    np.testing.assert_allclose(conv1d(f, [0, 0, 1]), [0, 1, 2, 3, 4, 5, 6, 7, 8], **TOL)
    squares = [16, 9, 4, 1, 0, 1, 4, 9, 16]
    expected = [16, -7, -5, -3, -1, 1, 3, 5, 7]
    np.testing.assert_allclose(conv1d(squares, [0, 1, -1]), expected, **TOL)
    np.testing.assert_allclose(conv1d(squares, [1, -1]), expected, **TOL)


def test_derivative_motif_on_sine_is_about_h_cos():
    """Does [0,1,−1] on 100 samples of sin give ≈ (2π/100)·cos (ch11 §2, notes 11.1)?"""
    h = 2 * np.pi / 100
    x = np.arange(100) * h
    out = conv1d(np.sin(x), [0, 1, -1])  # out[n] = f(n) − f(n−1)
    np.testing.assert_allclose(out[1:], h * np.cos(x[1:] - h / 2), rtol=0, atol=1e-4)
    assert out[0] == pytest.approx(0.0)


def test_book_example_E11_8_mathematical_definition():
    """Does f ⋆̃ g with g indexed from −1 give […,1,2,6,11,20,17,3,…] with rank-0 term 2 (E11-8)?"""
    h, start = convolve_sequences([1, 0, 3, 5, 1], [1, 2, 3], f_start=0, g_start=-1)
    np.testing.assert_allclose(h, [1, 2, 6, 11, 20, 17, 3], **TOL)
    assert start == -1
    assert h[0 - start] == pytest.approx(2.0)
    assert h[1 - start] == pytest.approx(6.0)  # 1·3 + 0·2 + 3·1


def test_book_examples_E13_7_full_and_E13_9_correlation():
    """Do 'full' and correlation give the book's (1,2,6,11,20,17,3) and (2,10,21,16,7)?"""
    np.testing.assert_allclose(conv1d([1, 0, 3, 5, 1], [1, 2, 3], "full"),
                               [1, 2, 6, 11, 20, 17, 3], **TOL)
    np.testing.assert_allclose(correlate1d([1, 0, 3, 5, 1], [1, 2, 3]), [2, 10, 21, 16, 7], **TOL)


# Oracles: numpy / scipy --------------------------------------------------------------------

@SETTINGS
@given(signals, motifs, st.sampled_from(["same", "full", "valid"]))
def test_conv1d_matches_scipy_convolve(f, g, mode):
    """Does conv1d match scipy.signal.convolve in every mode, for odd and even motifs?"""
    if mode == "valid" and len(g) > len(f):
        with pytest.raises(ValueError):
            conv1d(f, g, mode)
        return
    expected = scipy.signal.convolve(np.asarray(f, float), np.asarray(g, float), mode)
    np.testing.assert_allclose(conv1d(f, g, mode), expected, **TOL)


@SETTINGS
@given(signals, motifs)
def test_conv1d_same_matches_numpy_convolve(f, g):
    """Does the book's 'same' rule match numpy.convolve(f, g, 'same') when len(g) ≤ len(f)?"""
    if len(g) > len(f):
        f, g = g, f
    np.testing.assert_allclose(conv1d(f, g), np.convolve(f, g, "same"), **TOL)
    if len(g) % 2 == 1:
        np.testing.assert_allclose(correlate1d(f, g), np.correlate(f, g, "same"), **TOL)


@SETTINGS
@given(signals, motifs, st.sampled_from(["same", "full", "valid"]))
def test_correlate1d_matches_scipy_correlate2d_on_a_row(f, g, mode):
    """Does correlate1d match scipy.signal.correlate2d on one row, in every mode?"""
    if mode == "valid" and len(g) > len(f):
        return
    row_f, row_g = np.asarray([f], float), np.asarray([g], float)
    expected = scipy.signal.correlate2d(row_f, row_g, mode)[0]
    np.testing.assert_allclose(correlate1d(f, g, mode), expected, **TOL)


@SETTINGS
@given(signals, motifs, st.sampled_from(["same", "full", "valid"]))
def test_correlation_is_convolution_with_reversed_motif_except_even_same(f, g, mode):
    """Is correlate1d = conv1d(f, g[::-1]) (= scipy.signal.correlate), but for even m in 'same'?"""
    if mode == "valid" and len(g) > len(f):
        return
    reversed_conv = conv1d(f, g[::-1], mode)
    np.testing.assert_allclose(reversed_conv, scipy.signal.correlate(
        np.asarray(f, float), np.asarray(g, float), mode), **TOL)
    if mode != "same" or len(g) % 2 == 1:
        np.testing.assert_allclose(correlate1d(f, g, mode), reversed_conv, **TOL)
    else:  # one step apart: the prepended 0 is not reversed away
        full = correlate1d(f, g, "full")
        np.testing.assert_allclose(correlate1d(f, g), full[len(g) // 2 :][: len(f)], **TOL)
        np.testing.assert_allclose(reversed_conv, full[len(g) // 2 - 1 :][: len(f)], **TOL)


def test_even_motif_correlation_keeps_the_zero_on_the_left():
    """For correlation with [4,5] (= [0,4,5] unreversed), is h(i) = 4 f(i) + 5 f(i+1)?"""
    f = np.array([-1.0, 5, 7, 3, 2])
    expected = 4 * f + 5 * np.append(f[1:], 0.0)
    np.testing.assert_allclose(correlate1d(f, [4, 5]), expected, **TOL)
    np.testing.assert_allclose(correlate1d(f, [0, 4, 5]), expected, **TOL)
    assert mode_padding(2, "same", flip=False) == (0, 1)


@SETTINGS
@given(signals, motifs, st.integers(1, 4), st.sampled_from(["same", "full", "valid"]))
def test_stride_keeps_every_sth_entry(f, g, s, mode):
    """Does stride s keep entries 0, s, 2s, … of the stride-1 result?"""
    if mode == "valid" and len(g) > len(f):
        return
    full = scipy.signal.convolve(np.asarray(f, float), np.asarray(g, float), mode)
    np.testing.assert_allclose(conv1d(f, g, mode, stride=s), full[::s], **TOL)


@SETTINGS
@given(signals, motifs, st.integers(0, 3), st.integers(0, 3))
def test_padding_adds_zeros_before_the_mode(f, g, left, right):
    """Does padding=(l, r) equal scipy 'valid' on the zero-padded input?"""
    padded = np.pad(np.asarray(f, float), (left, right))
    if len(g) > padded.size:
        return
    expected = scipy.signal.convolve(padded, np.asarray(g, float), "valid")
    np.testing.assert_allclose(conv1d(f, g, "valid", padding=(left, right)), expected, **TOL)


@SETTINGS
@given(signals, motifs)
def test_modes_as_paddings(f, g):
    """Is 'full' = 'valid' with m−1 zeros each side, and (odd m) 'same' = 'valid' with (m−1)/2?"""
    m = len(g)
    np.testing.assert_allclose(conv1d(f, g, "full"), conv1d(f, g, "valid", padding=m - 1), **TOL)
    if m % 2 == 1:
        np.testing.assert_allclose(conv1d(f, g), conv1d(f, g, "valid", padding=m // 2), **TOL)
    assert mode_padding(m, "same") == (m // 2, (m - 1) // 2)
    assert mode_padding(m, "same", flip=False) == ((m - 1) // 2, m // 2)


# Properties of the extended convolution ------------------------------------------------------

@SETTINGS
@given(signals, signals, motifs, ints)
def test_full_convolution_is_linear(f1, f2, g, lam):
    """Is (f₁ + λf₂) ⋆̃ g = f₁ ⋆̃ g + λ f₂ ⋆̃ g?"""
    n = min(len(f1), len(f2))
    f1, f2 = np.asarray(f1[:n], float), np.asarray(f2[:n], float)
    lhs = conv1d(f1 + lam * f2, g, "full")
    np.testing.assert_allclose(lhs, conv1d(f1, g, "full") + lam * conv1d(f2, g, "full"), **TOL)


@SETTINGS
@given(signals, motifs, motifs)
def test_full_convolution_is_commutative_and_associative(f, g, h):
    """Is f ⋆̃ g = g ⋆̃ f [L6395] and (f ⋆̃ g) ⋆̃ h = f ⋆̃ (g ⋆̃ h)?"""
    np.testing.assert_allclose(conv1d(f, g, "full"), conv1d(g, f, "full"), **TOL)
    lhs = conv1d(conv1d(f, g, "full"), h, "full")
    np.testing.assert_allclose(lhs, conv1d(f, conv1d(g, h, "full"), "full"), **TOL)


def test_associativity_fails_for_correlation():
    """Is the flip needed for associativity: does correlation fail on a simple case?"""
    f, g, h = [1.0, 2.0], [1.0, 3.0], [1.0, 5.0]
    lhs = correlate1d(correlate1d(f, g, "full"), h, "full")
    rhs = correlate1d(f, correlate1d(g, h, "full"), "full")
    assert not np.allclose(lhs, rhs)


@SETTINGS
@given(signals, motifs, st.integers(0, 5))
def test_shift_equivariance(f, g, k):
    """Does delaying f by k zeros delay f ⋆̃ g by k (and is [1] the identity)?"""
    shifted = np.concatenate([np.zeros(k), f])
    np.testing.assert_allclose(conv1d(shifted, g, "full"),
                               np.concatenate([np.zeros(k), conv1d(f, g, "full")]), **TOL)
    np.testing.assert_allclose(conv1d(f, [1]), f, **TOL)


@SETTINGS
@given(signals, motifs)
def test_convolve_sequences_matches_numpy_full(f, g):
    """Does the term-by-term definition Σ f(n−k)g(k) match numpy.convolve 'full'?"""
    h, start = convolve_sequences(f, g, f_start=3, g_start=-2)
    np.testing.assert_allclose(h, np.convolve(f, g, "full"), **TOL)
    assert start == 1


# Traces, layer matrix, gradient ---------------------------------------------------------------

def test_trace_of_first_entry_E11_1():
    """Does the trace of entry 0 show one virtual zero, the flipped motif and the products?"""
    step = conv1d_trace([1, 0, 3, 5, 1], [1, 2, 3], 0)
    np.testing.assert_allclose(step.window, [0, 1, 0])
    np.testing.assert_allclose(step.kernel, [3, 2, 1])
    np.testing.assert_allclose(step.products, [0, 2, 0])
    assert step.value == pytest.approx(2.0) and step.start == (-1,) and step.position == (0,)
    corr = correlate1d_trace([1, 0, 3, 5, 1], [1, 2, 3], 0)
    np.testing.assert_allclose(corr.kernel, [1, 2, 3])
    assert corr.value == pytest.approx(2.0)


@SETTINGS
@given(signals, motifs, st.sampled_from(["same", "full"]), st.integers(1, 3))
def test_trace_values_rebuild_the_output(f, g, mode, s):
    """Does every traced entry's value equal the output entry, and window equal f at start?"""
    out = conv1d(f, g, mode, stride=s)
    padded = np.concatenate([np.zeros(20), f, np.zeros(20)])
    for i in range(out.size):
        step = conv1d_trace(f, g, i, mode, stride=s)
        assert step.value == pytest.approx(out[i], abs=1e-9)
        start = step.start[0] + 20
        np.testing.assert_allclose(step.window, padded[start : start + len(g)])


def test_trace_index_out_of_range():
    """Is an index outside the output rejected with ValueError?"""
    with pytest.raises(ValueError):
        conv1d_trace([1, 2, 3], [1, 1], 3)


def test_layer_matrix_is_banded_with_flipped_weights():
    """For g = [a,b,c], is W[i,i−1] = c, W[i,i] = b, W[i,i+1] = a (s = xc + yb + za [L6338])?"""
    a, b, c = 2.0, 3.0, 5.0
    W = conv1d_matrix([a, b, c], 5)
    expected = b * np.eye(5) + c * np.eye(5, k=-1) + a * np.eye(5, k=1)
    np.testing.assert_allclose(W, expected, **TOL)


@SETTINGS
@given(signals, motifs, st.sampled_from(["same", "full", "valid"]), st.integers(1, 3))
def test_layer_matrix_reproduces_scipy(f, g, mode, s):
    """Does W f match scipy.signal.convolve (strided), so the layer is linear?"""
    if mode == "valid" and len(g) > len(f):
        return
    W = conv1d_matrix(g, len(f), mode, stride=s)
    expected = scipy.signal.convolve(np.asarray(f, float), np.asarray(g, float), mode)[::s]
    np.testing.assert_allclose(W @ np.asarray(f, float), expected, **TOL)


@pytest.mark.parametrize("mode", ["same", "full", "valid"])
def test_kernel_gradient_matches_finite_differences(mode):
    """Does ∂F/∂a = Σ f_{i,*}·g′_{i,*}·∂F/∂g_i [L6906] match central finite differences?"""
    rng = np.random.default_rng(0)
    f, g, w = rng.normal(size=9), rng.normal(size=4), rng.normal(size=20)

    def loss(motif):  # F = Σ wᵢ tanh(outᵢ)²
        out = conv1d(f, motif, mode, stride=2)
        return float(np.sum(w[: out.size] * np.tanh(out) ** 2))

    out = conv1d(f, g, mode, stride=2)
    t = np.tanh(out)
    grad = conv1d_kernel_grad(f, g, 2 * w[: out.size] * t, mode, stride=2,
                              activation_grad=1 - t**2)
    h = 1e-6
    numeric = [(loss(g + h * e) - loss(g - h * e)) / (2 * h) for e in np.eye(g.size)]
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_kernel_gradient_rejects_wrong_upstream_shape():
    """Is an upstream gradient of the wrong length rejected?"""
    with pytest.raises(ValueError):
        conv1d_kernel_grad([1, 2, 3], [1, 1], [1.0, 1.0])


# Radar (ch13 §3.4) and input validation --------------------------------------------------------

def test_radar_pulse_found_near_400():
    """Does the correlation peak locate a pulse inserted at 350–450 in noise near 400 (E13-10)?"""
    rng = np.random.default_rng(2024)
    pulse = np.sinc(np.linspace(-np.pi, np.pi, 100)) - 0.5
    received = 0.5 * rng.standard_normal(1000)
    received[350:450] += pulse
    assert abs(locate1d(received, pulse) - 400) <= 5
    assert locate1d(np.pad(pulse, (350, 550)), pulse) == 399  # start + (m−1)//2, noise-free
    conv_peak = int(np.argmax(conv1d(received, pulse)))  # the pulse is symmetric: same peak
    assert abs(conv_peak - 400) <= 5


@pytest.mark.parametrize(
    "call",
    [
        lambda: conv1d([1, 2, 3], [1, 1], "wide"),
        lambda: conv1d([], [1]),
        lambda: conv1d([[1, 2]], [1]),
        lambda: conv1d([1, np.nan], [1]),
        lambda: conv1d([1, 2], [1, 2, 3], "valid"),
        lambda: conv1d([1, 2, 3], [1], stride=0),
        lambda: conv1d([1, 2, 3], [1], stride=(1, 2)),
        lambda: conv1d([1, 2, 3], [1], padding=-1),
        lambda: conv1d([1, 2, 3], [1], padding=(1, 2, 3)),
        lambda: moving_average(0),
        lambda: conv1d_matrix([1, 2], 0),
    ],
)
def test_invalid_inputs_raise_value_error(call):
    """Are bad modes, shapes, NaNs, strides and paddings rejected with ValueError?"""
    with pytest.raises(ValueError):
        call()


# The book's two rules for an even-length correlation ('same' mode) ------------------------------

@SETTINGS
@given(signals, motifs, st.sampled_from(["same", "full", "valid"]))
def test_listing_convention_is_numpy_correlate(f, g, mode):
    """Is convention="listing" the book's code np.convolve(f, g[::-1]) = np.correlate(f, g),
    and equal to the text rule except for even m in 'same' mode?"""
    if len(g) > len(f):  # numpy's 'same' then keeps len(g) entries
        return
    got = correlate1d(f, g, mode, convention="listing")
    np.testing.assert_allclose(got, np.convolve(f, np.asarray(g)[::-1], mode), **TOL)
    np.testing.assert_allclose(got, np.correlate(f, g, mode), **TOL)
    if len(g) % 2 == 1 or mode != "same":
        np.testing.assert_allclose(got, correlate1d(f, g, mode), **TOL)


def test_radar_peak_400_by_the_listing_399_by_the_text():
    """Does the book's radar pulse (100 samples from 350) peak at 400 with the book's listing
    (the printed value, L7196) and at 399 with the text rule, noise-free?"""
    pulse = np.sinc(np.linspace(-3.14, 3.14, 100)) - 0.5
    received = np.pad(pulse, (350, 550))
    assert locate1d(received, pulse, convention="listing") == 400
    assert locate1d(received, pulse) == 399
    with pytest.raises(ValueError):
        correlate1d([1, 2, 3], [1, 2], convention="scipy")
