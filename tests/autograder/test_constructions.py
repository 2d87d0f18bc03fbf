"""Construction items: is every correct set of weights accepted, is a misclassified point
named, and is anything that is not plain numeric data refused with a clear message?"""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from autograder.answers import Record, SymbolicText, Unsupported, decode
from autograder.constructions import (
    MAX_NEURONS,
    ConstructionItem,
    Evaluation,
    Probe,
    as_answer,
)
from autograder.items import Mistake
from autograder.model import Msg

# The closed unit triangle (0,0), (4,0), (0,4): x ≥ 0, y ≥ 0, 4 − x − y ≥ 0.
EDGE = [(0.0, 0.0), (4.0, 0.0), (0.0, 4.0), (2.0, 0.0), (0.0, 2.0), (2.0, 2.0)]
INSIDE = [(1.0, 1.0), (0.01, 2.0), (2.0, 1.99)]
OUTSIDE = [(-0.01, 1.0), (1.0, -0.01), (2.0, 2.01), (5.0, 5.0), (-1.0, -1.0), (4.5, -0.5)]
PROBES = ([Probe(p, 1.0, "edge") for p in EDGE] + [Probe(p, 1.0, "in") for p in INSIDE]
          + [Probe(p, 0.0, "out") for p in OUTSIDE])

OR_OUTPUT = Mistake("ou", Msg("OU au lieu de ET", "OR instead of AND"),
                    predicate=lambda ev, p: ev.wrong_where == {"out"})
ITEM = ConstructionItem(
    id="chtest.triangle", points=1, title=Msg("t", "t"), draw=lambda r: {},
    statement=lambda p: "", form="network", n_inputs=2, test_points=lambda p: PROBES,
    mistakes=[OR_OUTPUT])
HALF = ConstructionItem(
    id="chtest.half", points=1, title=Msg("h", "h"), draw=lambda r: {}, statement=lambda p: "",
    form="perceptron", n_inputs=2,
    test_points=lambda p: [Probe((1.5, 1.5), 1.0, "edge"), Probe((0.0, 3.0), 1.0, "edge"),
                           Probe((2.0, 2.0), 1.0, "in"), Probe((1.0, 1.0), 0.0, "out")])

HIDDEN = ([[1, 0], [0, 1], [-1, -1]], [0, 0, 4])
GOOD = [HIDDEN, ([[1, 1, 1]], [-3])]


def _check(item: ConstructionItem, value: object):  # noqa: ANN202
    return item.check(Record(item.id, "value", value=value), {})


def test_a_book_construction_passes() -> None:
    """Are the book's weights (one neuron per side, AND with bias −3) accepted?"""
    assert _check(ITEM, GOOD).passed


@pytest.mark.parametrize("seed", range(6))
def test_every_equivalent_construction_passes(seed: int) -> None:
    """Are rescaled neurons, permuted hidden neurons, another AND bias and arrays accepted?"""
    rng = random.Random(seed)
    order = list(range(3))
    rng.shuffle(order)
    scales = [rng.choice([0.1, 1 / 3, 2.0, 7.0]) for _ in range(3)]
    W = [[scales[k] * v for v in HIDDEN[0][order[k]]] for k in range(3)]
    b = [scales[k] * HIDDEN[1][order[k]] for k in range(3)]
    out_bias = rng.choice([-3.0, -2.5, -2.2])
    answer = [(np.array(W), np.array(b)), ([[1.0, 1.0, 1.0]], [out_bias])]
    assert _check(ITEM, answer).passed


def test_rounded_weights_keep_the_frontier() -> None:
    """Do weights (1/3, 1/3; −1) still give F = 1 at (1.5, 1.5), on their frontier?"""
    assert _check(HALF, ([1 / 3, 1 / 3], -1.0)).passed
    assert _check(HALF, ([Fraction(1, 3), Fraction(1, 3)], -1)).passed


def test_a_misclassified_point_is_named() -> None:
    """Does feedback name a point, where it lies and the value F takes there?"""
    shifted = [(HIDDEN[0], [v - 0.001 for v in HIDDEN[1]]), ([[1, 1, 1]], [-3])]
    outcome = _check(ITEM, shifted)
    assert not outcome.passed and outcome.mistake is None
    assert "(0, 0)" in outcome.message.fr and "frontière" in outcome.message.fr
    assert "F = 0 au lieu de 1" in outcome.message.fr
    assert "on the boundary" in outcome.message.en


def test_a_declared_mistake_is_recognised() -> None:
    """Is the OR output neuron (bias −1) named as the declared mistake?"""
    outcome = _check(ITEM, [HIDDEN, ([[1, 1, 1]], [-1])])
    assert outcome.mistake == "ou" and outcome.message == OR_OUTPUT.message


def test_the_other_h0_convention_is_detected() -> None:
    """Are weights right only under H(0) = 0 recognised as such?"""
    ev = HALF.evaluate(([1.0, 1.0], -3.0), {})  # (1.5, 1.5) on the line: fine, other probes
    assert not ev.wrong
    strict = HALF.evaluate(([1.0, 1.0], -2.0), {})  # (1, 1) on its frontier: H(0) = 1 says 1
    assert strict.wrong and strict.correct_if_h0_zero
    h0 = ConstructionItem(
        id="chtest.or", points=1, title=Msg("o", "o"), draw=lambda r: {},
        statement=lambda p: "", form="perceptron", n_inputs=2,
        test_points=lambda p: [Probe((0.0, 0.0), 0.0, "out"), Probe((1.0, 0.0), 1.0, "in"),
                               Probe((0.0, 1.0), 1.0, "in"), Probe((1.0, 1.0), 1.0, "in")])
    assert h0.evaluate(([1.0, 1.0], 0.0), {}).correct_if_h0_zero  # OR if H(0) were 0
    assert _check(h0, ([1.0, 1.0], -1.0)).passed  # the book's OR, H(0) = 1


def test_evaluation_predicates_are_false_on_unreadable_answers() -> None:
    """Does an unreadable answer satisfy none of the generic predicates?"""
    ev = ITEM.evaluate("not weights", {})
    assert ev.problem is not None and not ev.wrong
    assert not ev.only_boundary_wrong and not ev.correct_if_h0_zero and not ev.all_inverted


def test_architecture_is_enforced_when_asked() -> None:
    """Is a required 2-2-1 architecture checked, with a message saying what was found?"""
    item = ConstructionItem(
        id="chtest.xor", points=1, title=Msg("x", "x"), draw=lambda r: {},
        statement=lambda p: "", form="network", n_inputs=2, sizes=(2, 2, 1),
        test_points=lambda p: PROBES)
    outcome = _check(item, GOOD)
    assert not outcome.passed
    assert "2-3-1" in outcome.message.fr and "2-2-1" in outcome.message.en


ATTACKS = {
    "strings": [(["1", "0"], ["0"]), ([["1, 1, 1"]], ["-3"])],
    "symbolic text": [([[SymbolicText("x")]], [0])],
    "bools": [([[True, False], [False, True], [True, True]], [0, 0, 1]), ([[1, 1, 1]], [-3])],
    "nan": [([[float("nan"), 0.0]], [0.0])],
    "inf": [([[float("inf"), 0.0]], [0.0])],
    "huge weight": [([[1e300, 0.0]], [0.0])],
    "unsupported object": Unsupported("Menteur"),
    "object inside": [(Unsupported("Menteur"), [0])],
    "none": None,
    "dict": {"W": [[1, 1]], "b": [0]},
    "empty": [],
    "too many layers": [([[1.0]], [0.0])] * 7,
    "ragged rows": [([[1.0, 1.0], [1.0]], [0.0, 0.0])],
    "bias length": [([[1.0, 1.0]], [0.0, 1.0])],
    "layer mismatch": [HIDDEN, ([[1, 1]], [-1])],
    "wrong inputs": [([[1.0, 1.0, 1.0]], [0.0])],
    "two outputs": [([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0])],
    "bool array": [(np.ones((1, 2), dtype=bool), [0.0])],
    "3-D array": [(np.ones((1, 2, 2)), [0.0])],
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_malformed_weights_are_refused_with_a_message(name: str) -> None:
    """Does anything that is not finite, bounded numeric data earn nothing, with a message?"""
    outcome = _check(ITEM, ATTACKS[name])
    assert not outcome.passed and outcome.credit == 0
    assert outcome.message.fr and outcome.message.en


def test_huge_arrays_are_refused_before_any_evaluation() -> None:
    """Is a layer of 5000 neurons refused by size (never evaluated)?"""
    answer = [(np.ones((5000, 2)), np.zeros(5000)), (np.ones((1, 5000)), [0.0])]
    ev = ITEM.evaluate(answer, {})
    assert ev.problem is not None and str(MAX_NEURONS) in ev.problem.fr and not ev.outputs


def test_forged_tagged_data_decodes_to_plain_values_only() -> None:
    """Does a forged hand-out with an object tag reach the item as Unsupported only?"""
    forged = {"t": "list", "v": [{"t": "tuple", "v": [{"t": "unsupported", "v": "Menteur"},
                                                      {"t": "list", "v": []}]}]}
    outcome = _check(ITEM, decode(forged))
    assert not outcome.passed and "Menteur" in outcome.message.fr


def test_as_answer_round_trips_through_the_checker() -> None:
    """Does as_answer give data the checker reads back as the same construction?"""
    assert _check(ITEM, as_answer(GOOD)).passed
    assert _check(HALF, as_answer([([[1.0, 1.0]], [-3.0])], form="perceptron")).passed


def test_evaluation_reports_what_was_wrong() -> None:
    """Are the failing probes' kinds reported (for mistake predicates)?"""
    ev = ITEM.evaluate([HIDDEN, ([[1, 1, 1]], [-1])], {})
    assert isinstance(ev, Evaluation) and ev.wrong_where == {"out"}
