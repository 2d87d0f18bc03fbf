"""Trace items (autograder/traces.py): the student's descent returns its iterates, the grader
compares them with the reference's and names the first wrong iterate and the likely cause,
recognised by replaying each variant with reference/descent.py."""

from __future__ import annotations

import random

import numpy as np
import pytest

from autograder.answers import CallError
from autograder.items import Call, KernelFunction, Mistake
from autograder.model import Msg
from autograder.traces import TraceItem, as_trace, first_divergence
from reference import descent

M = {name: Msg(f"fr {name}", f"en {name}") for name in
     ("signe", "pas", "p0", "moment", "regard", "moyenne", "dernier_lot_oublie",
      "dernier_lot_complete", "indice")}


def quadratic(a: float, b: float) -> KernelFunction:
    """grad of f(x, y) = a x² + b y², as lambda source the kernel builds and its twin here."""
    return KernelFunction(f"lambda P: np.array([{2 * a!r} * P[0], {2 * b!r} * P[1]])",
                          lambda P: np.array([2 * a * P[0], 2 * b * P[1]]), lib="numpy")


def _gd_calls(p, r: random.Random) -> list[Call]:
    calls = [Call((quadratic(1.0, 3.0), np.array([2.0, 1.0]), 0.2, 5))]  # the book's 8-E1
    for _ in range(3):
        calls.append(Call((quadratic(r.uniform(0.5, 2), r.uniform(0.5, 2)),
                           np.array([r.uniform(-3, 3), r.uniform(-3, 3)]),
                           round(r.uniform(0.05, 0.3), 3), r.randint(4, 8))))
    return calls


def _gd(grad, P0, delta, n):
    return descent.gradient_descent_trace(grad, P0, delta, n)


GD = TraceItem(
    id="chxx.descente", points=1, title=Msg("Descente", "Descent"),
    draw=lambda r: {}, statement=lambda p: "descente(grad, P0, delta, n)",
    reference=lambda p: _gd, calls=_gd_calls,
    mistakes=[
        Mistake("signe", M["signe"], wrong=lambda p: lambda g, P0, d, n: _gd(g, P0, -d, n)),
        Mistake("pas", M["pas"], wrong=lambda p: lambda g, P0, d, n: _gd(g, P0, 2 * d, n)),
        Mistake("p0", M["p0"], wrong=lambda p: lambda g, P0, d, n: _gd(g, P0, d, n)[1:]),
    ])


def _nesterov_calls(p, r: random.Random) -> list[Call]:
    return [Call((quadratic(1.0, 3.0), np.array([2.0, 1.0]), 0.1, 0.5, 4)),
            Call((quadratic(r.uniform(0.5, 2), r.uniform(0.5, 2)),
                  np.array([r.uniform(-3, 3), r.uniform(-3, 3)]), 0.1, 0.7, 6))]


NESTEROV = TraceItem(
    id="chxx.nesterov", points=1, title=Msg("Nesterov", "Nesterov"),
    draw=lambda r: {}, statement=lambda p: "nesterov(grad, P0, delta, mu, n)",
    reference=lambda p: descent.nesterov_trace, calls=_nesterov_calls,
    mistakes=[Mistake("regard", M["regard"], wrong=lambda p: descent.momentum_trace),
              Mistake("moment", M["moment"],
                      wrong=lambda p: lambda g, P0, d, mu, n: descent.nesterov_trace(
                          g, P0, d, -mu, n))])

# E_i(a, b) = (y_i − (a x_i + b))² on five points: grad_i(P, i) is handed to the kernel as source.
XS, YS = [0.0, 1.0, 2.0, 3.0, 4.0], [1.0, 2.5, 2.9, 4.2, 5.1]
LOCAL = KernelFunction(
    f"lambda P, i: np.array([-2 * {XS!r}[i] * ({YS!r}[i] - P[0] * {XS!r}[i] - P[1]), "
    f"-2 * ({YS!r}[i] - P[0] * {XS!r}[i] - P[1])])",
    lambda P, i: np.array([-2 * XS[i] * (YS[i] - P[0] * XS[i] - P[1]),
                           -2 * (YS[i] - P[0] * XS[i] - P[1])]), lib="numpy")


def _batch(**kw):
    return lambda gi, N, P0, d, K, e: descent.minibatch_trace(gi, N, P0, d, K, e, **kw)


BATCH = TraceItem(
    id="chxx.lots", points=1, title=Msg("Mini-lots", "Mini-batches"),
    draw=lambda r: {}, statement=lambda p: "lots(grad_i, N, P0, delta, K, epoques)",
    reference=lambda p: _batch(),
    calls=lambda p, r: [Call((LOCAL, 5, np.array([0.0, 0.0]), 0.01, 2, 3)),
                        Call((LOCAL, 5, np.array([r.uniform(-1, 1), 1.0]), 0.02, 3, 2))],
    mistakes=[Mistake("moyenne", M["moyenne"], wrong=lambda p: _batch(reduction="mean")),
              Mistake("dernier_lot_oublie", M["dernier_lot_oublie"],
                      wrong=lambda p: _batch(last="drop")),
              Mistake("dernier_lot_complete", M["dernier_lot_complete"],
                      wrong=lambda p: _batch(last="pad"))])


def check(item: TraceItem, fn, seed: int = 0):
    calls = item.probes({}, random.Random(seed)) or []
    return item.check_outputs(item.expected_outputs(fn, calls), {}, calls)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("item", [GD, NESTEROV, BATCH], ids=lambda i: i.name)
def test_the_reference_passes_and_each_variant_is_named(item: TraceItem, seed: int) -> None:
    """Does the reference pass on fresh problems, and is each replayed variant recognised by
    name with exactly its message?"""
    assert check(item, item.reference({}), seed).passed
    for mistake in item.mistakes:
        outcome = check(item, mistake.wrong({}), seed)
        assert not outcome.passed and outcome.mistake == mistake.name, (mistake.name, outcome)
        assert outcome.message == mistake.message and outcome.credit == 0


def test_the_first_wrong_iterate_is_named_with_its_values() -> None:
    """A descent right for two steps and wrong from the third: does the feedback say P₀ … P₂
    are right and give P₃'s index and values, obtained and expected?"""
    def late_bug(grad, P0, delta, n):
        trace = descent.gradient_descent_trace(grad, P0, delta, n)
        trace[3:] += 0.5
        return trace

    outcome = check(GD, late_bug)
    assert not outcome.passed and outcome.mistake is None
    want = descent.gradient_descent_trace(quadratic(1, 3).py, [2.0, 1.0], 0.2, 5)[3]
    assert "P₀ … P₂ sont justes" in outcome.message.fr and "P₃ (indice 3)" in outcome.message.fr
    assert "0.432" in outcome.message.fr and f"{want[0] + 0.5:.6g}" in outcome.message.fr
    assert "the first wrong iterate is P₃ (index 3)" in outcome.message.en


def test_a_variant_that_explains_the_first_wrong_iterate_is_the_likely_cause() -> None:
    """Two mistakes at once (mean of the batch and the short batch dropped): no variant
    replays the whole trace, but the mean explains the first wrong iterate: is it named as
    the likely cause after the first-iterate report?"""
    outcome = check(BATCH, _batch(reduction="mean", last="drop"))
    assert not outcome.passed and outcome.mistake == "moyenne"
    assert outcome.message.fr.startswith("Pour l'appel")
    assert outcome.message.fr.endswith("Cause probable : fr moyenne")
    assert "P₁ (indice 1)" in outcome.message.fr


def test_a_missing_or_extra_iterate_is_reported() -> None:
    """One step too many: are the right iterates acknowledged and the count named?"""
    outcome = check(GD, lambda g, P0, d, n: _gd(g, P0, d, n + 1))
    assert not outcome.passed and "itéré(s) au lieu de" in outcome.message.fr


def test_attack_right_final_point_with_made_up_iterates_earns_nothing() -> None:
    """The exact final point, joined to P₀ by a straight line of made-up iterates: does it
    fail at P₁ with no credit?"""
    def straight(grad, P0, delta, n):
        end = _gd(grad, P0, delta, n)[-1]
        return np.linspace(np.asarray(P0, dtype=float), end, n + 1)

    outcome = check(GD, straight)
    assert not outcome.passed and outcome.credit == 0
    assert "P₁ (indice 1)" in outcome.message.fr


def test_attack_probe_detector_earns_nothing() -> None:
    """A function that recognises the book's problem (P₀ = (2, 1), δ = 0.2) and answers it from
    a table, anything else with a wrong rule: does it earn nothing, on every seed?"""
    book = _gd(quadratic(1, 3).py, [2.0, 1.0], 0.2, 5)

    def detector(grad, P0, delta, n):
        if list(np.asarray(P0)) == [2.0, 1.0] and delta == 0.2:
            return book.copy()
        return _gd(grad, P0, delta / 2, n)

    for seed in range(5):
        outcome = check(GD, detector, seed)
        assert not outcome.passed and outcome.credit == 0


@pytest.mark.parametrize("value", ["P", None, [[1, 2], [3]], np.zeros((2, 3)), [],
                                   np.array([True, False])])
def test_unreadable_traces_fail_with_a_message(value) -> None:
    """A string, None, ragged rows, the wrong number of coordinates, an empty list or
    booleans: is each refused with a message and no crash?"""
    calls = GD.probes({}, random.Random(0)) or []
    outputs = [value] * len(calls)
    outcome = GD.check_outputs(outputs, {}, calls)
    assert not outcome.passed and outcome.credit == 0 and outcome.message.fr


def test_a_raising_function_is_reported() -> None:
    """A function that raises on the probes: is its exception named?"""
    calls = GD.probes({}, random.Random(0)) or []
    outputs = [CallError("ZeroDivisionError", "division by zero")] * len(calls)
    outcome = GD.check_outputs(outputs, {}, calls)
    assert not outcome.passed and "ZeroDivisionError" in outcome.message.fr


def test_as_trace_and_first_divergence() -> None:
    """Are lists of points, lists of numbers (1-D) and arrays read alike, and NaN = NaN?"""
    np.testing.assert_array_equal(as_trace([1.0, 2.0]), [[1.0], [2.0]])
    np.testing.assert_array_equal(as_trace([np.array([1.0, 2.0]), (3, 4)]), [[1, 2], [3, 4]])
    assert as_trace("12") is None and as_trace({"a": 1}) is None
    want = np.array([[1.0], [np.nan]])
    assert first_divergence(want, want.copy(), 1e-9, 1e-12) is None
    assert first_divergence(want, np.array([[1.0], [2.0]]), 1e-9, 1e-12).index == 1
