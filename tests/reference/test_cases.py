"""reference.cases against an independent oracle (brute force over all 0/1 vectors, book's N)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reference.cases import (
    all_configurations,
    configuration_count,
    height,
    height_counts,
    rounded_accuracy,
    split,
)


def test_book_numbers_n20():
    """Is N = 1140 for n = 20 [L5225], and the book's drawn example (n = 8) of height 6?"""
    assert configuration_count(20) == 1140 == len(all_configurations(20))
    example = np.zeros(8)
    example[[1, 3, 6]] = 1  # ranks 2, 4, 7 → h = 7 − 2 + 1 = 6
    assert height(example) == 6


@settings(max_examples=15, deadline=None)
@given(st.integers(3, 12))
def test_configurations_equal_brute_force_and_counts(n):
    """Are the configurations exactly the 0/1 vectors with three 1s, heights (h − 2)(n − h + 1)?"""
    brute = [v for v in itertools.product((0, 1), repeat=n) if sum(v) == 3]
    X = all_configurations(n)
    assert sorted(map(tuple, X.astype(int))) == sorted(brute)
    by_hand = [max(i for i in range(n) if v[i]) - min(i for i in range(n) if v[i]) + 1
               for v in X.astype(int)]
    np.testing.assert_array_equal(height(X), by_hand)
    values, counts = np.unique(height(X), return_counts=True)
    assert dict(zip(values.tolist(), counts.tolist(), strict=True)) == {
        h: c for h, c in height_counts(n).items() if c}
    assert sum(height_counts(n).values()) == configuration_count(n)


def test_split_is_disjoint_and_seeded():
    """Do the halves cover all N configurations once, and does the seed fix them?"""
    (Xa, za), (Xb, zb) = split(20, seed=4)
    assert len(Xa) == len(Xb) == 570
    rows = {tuple(r) for r in np.vstack([Xa, Xb])}
    assert len(rows) == 1140
    np.testing.assert_array_equal(split(20, seed=4)[0][0], Xa)
    assert not np.array_equal(split(20, seed=5)[0][0], Xa)
    np.testing.assert_array_equal(height(Xa), za)


def test_height_rejects_bad_configurations_and_accuracy_rounds():
    """Are 2 black cells or a 0.5 rejected, and does rounded accuracy follow the nearest integer?"""
    with pytest.raises(ValueError):
        height([1, 1, 0, 0])
    with pytest.raises(ValueError):
        height([1, 1, 0.5, 1])
    assert rounded_accuracy([2.6, 3.49, 4.5, 7.0], [3, 3, 5, 6]) == 0.75
    with pytest.raises(ValueError):
        rounded_accuracy([1.0], [1.0, 2.0])
