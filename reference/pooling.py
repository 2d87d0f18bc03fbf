"""Max-pooling and average pooling (chapter 12 §1.2 and §2.5, chapter 13 §1.4).

A pooling of size k turns an n×p matrix into an (n//k)×(p//k) one; each k×k block gives one
coefficient, its maximum or its mean [L6451–6476]. Max-pooling detects the presence of a
feature; average pooling keeps the mean colour. Data shrink by a factor k² [L6671]. The book's
numpy version (reshape, transpose, max) needs n and p to be multiples of k [L6990].

Conventions:

* Pool size k (an int or (kh, kw)); stride defaults to the pool size (non-overlapping blocks,
  as in the book); a smaller stride gives overlapping windows.
* **Ragged edges are dropped** (floor): only complete windows are kept, so the output has
  (n − kh)//sh + 1 rows, i.e. n//k when the stride is k. This is Keras `MaxPooling2D`
  with padding='valid'. Nothing is padded.
* Input (n, p) or (n, p, c): channels are pooled independently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

OPS = ("max", "mean")


@dataclass(frozen=True)
class PoolStep:
    """How one pooled coefficient is obtained."""

    position: tuple[int, int]
    """Output index (i, j)."""
    start: tuple[int, int]
    """Input index of the window's top-left cell."""
    window: np.ndarray
    """The kh×kw block (×c channels if any)."""
    value: float | np.ndarray
    """Its max or mean (a scalar, or a (c,) array with channels)."""


def _pair(value, name: str) -> tuple[int, int]:
    pair = (value, value) if np.ndim(value) == 0 else tuple(value)
    if len(pair) != 2 or any(int(v) != v or v < 1 for v in pair):
        raise ValueError(f"{name} must be a positive int or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _windows(A, k, stride) -> tuple[np.ndarray, tuple[int, int]]:
    """Windows (n_out, p_out, [c,] kh, kw) and the strides used."""
    A = np.asarray(A, dtype=float)
    if A.ndim not in (2, 3) or A.size == 0:
        raise ValueError(f"A must be a non-empty (n, p) or (n, p, c) array, got shape {A.shape}")
    kh, kw = _pair(k, "k")
    sh, sw = _pair(k if stride is None else stride, "stride")
    if kh > A.shape[0] or kw > A.shape[1]:
        raise ValueError(f"pool size {(kh, kw)} is larger than A {A.shape[:2]}")
    windows = sliding_window_view(A, (kh, kw), axis=(0, 1))  # (n−kh+1, p−kw+1, [c,] kh, kw)
    return windows[::sh, ::sw], (sh, sw)


def _reduce(windows: np.ndarray, op: str) -> np.ndarray:
    if op not in OPS:
        raise ValueError(f"op must be one of {OPS}, got {op!r}")
    return windows.max(axis=(-2, -1)) if op == "max" else windows.mean(axis=(-2, -1))


def pool2d(A, k, *, stride=None, op: str = "max") -> np.ndarray:
    """A matrix and a pool size go in, the pooled matrix comes out.

    A′_{ij} = max (or mean) of the block A[i·sh : i·sh+kh, j·sw : j·sw+kw]; ragged edges dropped.
    A: (n, p[, c]) → ((n−kh)//sh + 1, (p−kw)//sw + 1[, c]); with stride = k: (n//k, p//k[, c]).
    """
    windows, _ = _windows(A, k, stride)
    return _reduce(windows, op)


def max_pool2d(A, k, *, stride=None) -> np.ndarray:
    """A matrix and a pool size go in, the max-pooled matrix comes out [L6981].

    Example [L6994]: k = 2 on [[16,23,22,21,12,13],[0,5,18,2,17,15],[10,20,4,9,7,8],
    [11,14,1,19,6,3]] gives [[23,22,17],[20,19,8]].
    """
    return pool2d(A, k, stride=stride, op="max")


def avg_pool2d(A, k, *, stride=None) -> np.ndarray:
    """A matrix and a pool size go in, the average-pooled matrix comes out [L6998].

    Example [L7010]: k = 2 on the matrix of `max_pool2d` gives [[11,15.75,14.25],[13.75,8.25,6]].
    """
    return pool2d(A, k, stride=stride, op="mean")


def pool2d_trace(A, k, position, *, stride=None, op: str = "max") -> PoolStep:
    """A matrix, a pool size and an output position go in, that block and its value come out."""
    windows, (sh, sw) = _windows(A, k, stride)
    i, j = (int(v) for v in position)
    if not (0 <= i < windows.shape[0] and 0 <= j < windows.shape[1]):
        raise ValueError(f"position must be inside the output {windows.shape[:2]}, got {position}")
    window = np.moveaxis(windows[i, j], (-2, -1), (0, 1)).copy()  # (kh, kw[, c])
    return PoolStep((i, j), (i * sh, j * sw), window, _reduce(windows[i, j], op))
