"""Tests for reference.pooling (chapter 12 §1.2, chapter 13 §1.4)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reference.pooling import avg_pool2d, max_pool2d, pool2d, pool2d_trace

TOL = {"rtol": 1e-12, "atol": 1e-12}
SETTINGS = settings(max_examples=60, deadline=None)
A13 = np.array([[16, 23, 22, 21, 12, 13], [0, 5, 18, 2, 17, 15],
                [10, 20, 4, 9, 7, 8], [11, 14, 1, 19, 6, 3]])


def book_pooling(A, k, reduce):
    """The book's reshape–transpose recipe [L6981], for n and p multiples of k."""
    n, p = A.shape
    return reduce(A.reshape(n // k, k, p // k, k).transpose((0, 2, 1, 3)), axis=(2, 3))


def test_book_examples_E13_4_E13_5():
    """Do max and average pooling of size 2 give the book's A′ and A″ (E13-4, E13-5)?"""
    np.testing.assert_allclose(max_pool2d(A13, 2), [[23, 22, 17], [20, 19, 8]], **TOL)
    np.testing.assert_allclose(avg_pool2d(A13, 2), [[11, 15.75, 14.25], [13.75, 8.25, 6]], **TOL)


def test_upstream_figures_E12_10_to_E12_12():
    """Do the lost figures' values come out: 5,4,7 / 3; 11/4,2,5/2 / 9/4; 8,6 (E12-10..12)?"""
    A = np.array([[3, 5, 0, 1, 1, 0], [2, 1, 4, 3, 2, 7], [3, 2, 0, 0, 0, 0], [1, 3, 0, 0, 0, 0]])
    np.testing.assert_allclose(max_pool2d(A, 2)[0], [5, 4, 7], **TOL)
    assert max_pool2d(A, 2)[1, 0] == pytest.approx(3)
    np.testing.assert_allclose(avg_pool2d(A, 2)[0], [11 / 4, 2, 5 / 2], **TOL)
    assert avg_pool2d(A, 2)[1, 0] == pytest.approx(9 / 4)
    B = np.random.default_rng(0).integers(0, 10, size=(9, 9))
    B[:3, :6] = [[2, 5, 0, 5, 3, 6], [8, 4, 1, 1, 3, 0], [7, 0, 0, 0, 2, 2]]
    assert max_pool2d(B, 3).shape == (3, 3)
    np.testing.assert_allclose(max_pool2d(B, 3)[0, :2], [8, 6], **TOL)


def test_sizes_from_the_text_L6671():
    """Does a 100×80 input with k = 4 give 25×20 (8000 → 500 values)?"""
    out = avg_pool2d(np.zeros((100, 80)), 4)
    assert out.shape == (25, 20) and out.size == 500


@SETTINGS
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4),
       st.sampled_from([(np.max, "max"), (np.mean, "mean")]))
def test_matches_the_book_reshape_recipe(k, rows, cols, reduce_op):
    """For n, p multiples of k, does pool2d match the book's reshape/transpose code?"""
    reduce, op = reduce_op
    A = np.random.default_rng(k * 100 + rows * 10 + cols).normal(size=(rows * k, cols * k))
    np.testing.assert_allclose(pool2d(A, k, op=op), book_pooling(A, k, reduce), **TOL)


@SETTINGS
@given(arrays(np.int64, st.tuples(st.integers(1, 9), st.integers(1, 9)),
              elements=st.integers(-50, 50)), st.integers(1, 4))
def test_ragged_edges_are_dropped_like_cropped_block_reduce(A, k):
    """Does pooling drop ragged edges (floor), i.e. match skimage block_reduce on the crop?"""
    block_reduce = pytest.importorskip("skimage.measure").block_reduce
    if k > min(A.shape):
        with pytest.raises(ValueError):
            max_pool2d(A, k)
        return
    n, p = (A.shape[0] // k) * k, (A.shape[1] // k) * k
    cropped = A[:n, :p]
    np.testing.assert_allclose(max_pool2d(A, k), block_reduce(cropped, (k, k), np.max), **TOL)
    np.testing.assert_allclose(avg_pool2d(A, k), block_reduce(cropped, (k, k), np.mean), **TOL)
    assert max_pool2d(A, k).shape == (A.shape[0] // k, A.shape[1] // k)


def test_block_reduce_pads_where_we_drop():
    """Is our floor rule different from block_reduce's padding on a 5×5 input with k = 2?"""
    block_reduce = pytest.importorskip("skimage.measure").block_reduce
    A = np.arange(25.0).reshape(5, 5)
    assert max_pool2d(A, 2).shape == (2, 2)
    assert block_reduce(A, (2, 2), np.max).shape == (3, 3)


@SETTINGS
@given(arrays(np.float64, st.tuples(st.integers(2, 8), st.integers(2, 8)),
              elements=st.floats(-10, 10)),
       st.integers(1, 3), st.integers(1, 3), st.integers(1, 3))
def test_overlapping_windows_with_a_stride(A, kh, kw, s):
    """With stride s < k, does pool2d match skimage view_as_windows(step=s) and the shape rule?"""
    view_as_windows = pytest.importorskip("skimage.util").view_as_windows
    if kh > A.shape[0] or kw > A.shape[1]:
        return
    windows = view_as_windows(A, (kh, kw), step=s)  # (n_out, p_out, kh, kw)
    out = pool2d(A, (kh, kw), stride=s)
    np.testing.assert_allclose(out, windows.max(axis=(2, 3)), **TOL)
    np.testing.assert_allclose(pool2d(A, (kh, kw), stride=s, op="mean"),
                               windows.mean(axis=(2, 3)), **TOL)
    assert out.shape == ((A.shape[0] - kh) // s + 1, (A.shape[1] - kw) // s + 1)


def test_channels_pooled_independently():
    """Does an (n, p, c) input give each channel's own pooling?"""
    A = np.random.default_rng(1).normal(size=(6, 4, 3))
    out = max_pool2d(A, 2)
    assert out.shape == (3, 2, 3)
    for c in range(3):
        np.testing.assert_allclose(out[:, :, c], max_pool2d(A[:, :, c], 2), **TOL)


def test_trace_shows_the_block():
    """Does the trace of A′ at (0, 1) show the block [[22,21],[18,2]] and its max 22?"""
    step = pool2d_trace(A13, 2, (0, 1))
    np.testing.assert_allclose(step.window, [[22, 21], [18, 2]])
    assert step.value == pytest.approx(22) and step.start == (0, 2)
    assert pool2d_trace(A13, 2, (1, 2), op="mean").value == pytest.approx(6)
    with pytest.raises(ValueError):
        pool2d_trace(A13, 2, (2, 0))


def test_max_pooling_detects_a_single_white_pixel():
    """Does max-pooling keep a lone bright pixel that average pooling dilutes (§1.2)?"""
    A = np.zeros((8, 8))
    A[5, 2] = 255
    assert max_pool2d(A, 4)[1, 0] == pytest.approx(255)
    assert avg_pool2d(A, 4)[1, 0] == pytest.approx(255 / 16)


@pytest.mark.parametrize(
    "call",
    [
        lambda: max_pool2d([1, 2, 3], 1),
        lambda: max_pool2d(A13, 0),
        lambda: max_pool2d(A13, 5),
        lambda: max_pool2d(A13, 2, stride=0),
        lambda: pool2d(A13, 2, op="min"),
        lambda: max_pool2d(A13, (2, 2, 2)),
    ],
)
def test_invalid_inputs_raise(call):
    """Are bad shapes, sizes, strides and operations rejected with ValueError?"""
    with pytest.raises(ValueError):
        call()
