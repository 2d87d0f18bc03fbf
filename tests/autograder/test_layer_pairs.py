"""The shared strict decoder of handed-out layer pairs [(A, B), …] (weights and gradients)."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.answers import Unsupported
from autograder.layer_pairs import BadPairs, decode_pairs
from autograder.model import Msg

COUNT = Msg("compte", "count")


def test_pairs_of_numbers_become_float64_arrays():
    """Do arrays, nested lists and ints come out as float64 arrays, pair by pair?"""
    out = decode_pairs([(np.ones((2, 3)), [1, 2, 3]), ([[4], [5], [6]], 7)], 2, ("W", "b"), COUNT)
    assert [(A.dtype, A.shape, B.shape) for A, B in out] == [
        (np.float64, (2, 3), (3,)), (np.float64, (3, 1), ())]


@pytest.mark.parametrize("value", [None, "w", {"W": 1}, [(1, 2)], [(1, 2)] * 3])
def test_wrong_container_or_count_gives_the_callers_message(value):
    """Is anything but a list/tuple of exactly n entries refused with the caller's message?"""
    with pytest.raises(BadPairs) as err:
        decode_pairs(value, 2, ("W", "b"), COUNT)
    assert err.value.msg == COUNT


def test_attack_malformed_pairs_are_named_by_layer():
    """Are a triple, strings, a ragged list and an unsupported object refused, naming the
    layer and the caller's array names, never crashing?"""
    good = (np.ones((1, 1)), np.ones(1))
    with pytest.raises(BadPairs, match="Layer 2: a pair"):
        decode_pairs([good, (1, 2, 3)], 2, ("dW", "db"), COUNT)
    for bad in [("w1", "b1"), ([[1, 2], [3]], [0]), (Unsupported("x"), [0])]:
        with pytest.raises(BadPairs) as err:
            decode_pairs([good, bad], 2, ("dW", "db"), COUNT)
        assert err.value.msg.fr == "Couche 2 : dW et db doivent être des tableaux de nombres."
