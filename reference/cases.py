"""Chapter 9 §2.5 « hauteur » data set [L5212–5256]: 3 black cells among n, and their height.

A configuration is n cells, exactly 3 of them black, coded X = (x₁, …, xₙ) with xᵢ = 1 (black)
or 0 (white) [L5227].  With black cells at ranks i < j < k its *height* is h = k − i + 1, the
number of cells from the highest black cell to the lowest, both included; the middle black cell
plays no part [L5216].  There are N = n(n − 1)(n − 2)/6 configurations (1140 for n = 20
[L5225]); half train the network, the other half test it [L5223].

- `all_configurations(n)`: the N configurations, (N, n) 0/1, in lexicographic order of (i, j, k);
- `height(X)`: h for one configuration or a batch; raises unless there are exactly 3 black cells;
- `height_counts(n)`: #{configurations of height h} = (h − 2)(n − h + 1), h = 3 … n;
- `split(n, seed)`: a seeded shuffle cut in two halves (train, test), disjoint, covering all N;
- `rounded_accuracy(F, z)`: the book's score, the share of predictions rounded to the nearest
  integer that equal the height [L5235].
"""

from __future__ import annotations

import itertools

import numpy as np


def configuration_count(n: int) -> int:
    """n goes in, N = n(n − 1)(n − 2)/6 (the number of ways to blacken 3 of n cells) comes out."""
    n = int(n)
    if n < 3:
        raise ValueError("need at least 3 cells")
    return n * (n - 1) * (n - 2) // 6


def all_configurations(n: int) -> np.ndarray:
    """n goes in, every configuration of 3 black cells among n comes out: (N, n) of 0.0/1.0.

    Row order: black ranks (i, j, k), i < j < k, in lexicographic order (itertools.combinations).
    """
    N = configuration_count(n)
    X = np.zeros((N, int(n)), dtype=np.float64)
    for row, cells in enumerate(itertools.combinations(range(int(n)), 3)):
        X[row, list(cells)] = 1.0
    return X


def height(X) -> np.ndarray | int:
    """A configuration (n,) or a batch (m, n) goes in, h = k − i + 1 comes out (int or (m,) ints).

    Raises ValueError unless every configuration has exactly 3 cells equal to 1 and the others 0.
    """
    A = np.asarray(X, dtype=np.float64)
    single = A.ndim == 1
    A = np.atleast_2d(A)
    if A.ndim != 2 or not np.all((A == 0) | (A == 1)) or np.any(A.sum(axis=1) != 3):
        raise ValueError("a configuration has exactly 3 black cells (1) and white cells (0)")
    ranks = np.arange(A.shape[1])
    black = np.where(A == 1, ranks, -1)
    top = np.where(A == 1, ranks, A.shape[1]).min(axis=1)
    h = black.max(axis=1) - top + 1
    return int(h[0]) if single else h.astype(np.int64)


def height_counts(n: int) -> dict[int, int]:
    """n goes in, {h: number of configurations of height h} comes out: (h − 2)(n − h + 1).

    A height h fixes k − i = h − 1 (n − h + 1 placements of the pair) and the middle cell has
    h − 2 choices.
    """
    configuration_count(n)
    return {h: (h - 2) * (n - h + 1) for h in range(3, int(n) + 1)}


def split(n: int, seed: int, train_fraction: float = 0.5):
    """n and a seed go in, ((X_train, z_train), (X_test, z_test)) come out.

    The N configurations are shuffled with numpy's default_rng(seed) (the book shuffles, unseeded
    [L5227]) and cut after round(train_fraction · N) rows: disjoint halves covering all of them.
    """
    X = all_configurations(n)
    order = np.random.default_rng(seed).permutation(len(X))
    cut = int(round(train_fraction * len(X)))
    Xs, zs = X[order], height(X[order]).astype(np.float64)
    return (Xs[:cut], zs[:cut]), (Xs[cut:], zs[cut:])


def rounded_accuracy(F, z) -> float:
    """Predictions F and heights z go in, the share of round(F) equal to z comes out [L5235].

    Rounding is to the nearest integer, halves away from zero (x.5 → x + 1 for x ≥ 0).
    """
    F = np.ravel(np.asarray(F, dtype=np.float64))
    z = np.ravel(np.asarray(z, dtype=np.float64))
    if F.shape != z.shape or F.size == 0:
        raise ValueError("F and z must have the same non-zero length")
    rounded = np.sign(F) * np.floor(np.abs(F) + 0.5)
    return float(np.mean(rounded == z))
