"""Bounded equivalence: the book's equivalent forms, near misses, domains, timeouts, threads."""

from __future__ import annotations

import dataclasses
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import sympy

from autograder.symbolic import Verdict, equivalent, warm_up
from autograder.symbolic import equivalence as equivalence_module

x, y = sympy.symbols("x y")  # plain symbols, as an instructor writes them: remapped by name


@pytest.fixture(autouse=True)
def _warm() -> None:
    """The one-time parent warm-up happens before any timing starts."""
    warm_up()


def sigma(u: Any) -> Any:
    return 1 / (1 + sympy.exp(-u))


EQUIVALENT = [
    (1 / sympy.cos(x) ** 2, "1+tan(x)^2"),
    (1 + sympy.tan(x) ** 2, "1/cos(x)**2"),
    (sympy.tanh(x), "2σ(2x)-1"),
    (sympy.tanh(x), "2/(1+exp(-2x))-1"),
    (2 * sigma(2 * x) - 1, "th(x)"),
    (-sympy.tan(x), "-sin(x)/cos(x)"),
    (sympy.exp(2 * x), "e^(2x)"),
    ((1 - x * sympy.log(x)) * sympy.exp(-x) / x, "((1/x)e^x - ln(x)e^x)/e^(2x)"),
    (sympy.diff(sympy.sqrt(sympy.tan(x)), x), "1/2*(1+tan(x)^2)/sqrt(tan(x))"),
    (sympy.diff(sigma(x), x), "exp(-x)/(1+exp(-x))^2"),
    (sympy.diff(sigma(x), x), "σ(x)(1-σ(x))"),
    (2 * x - sympy.sin(x), "2x - sin(x)"),
    (3 * x**2 * sympy.sin(x) + x**3 * sympy.cos(x), "x²(3sin(x) + x cos(x))"),
    (sympy.sin(2 * x), "2 sin(x) cos(x)"),
    (sympy.Abs(x), "sqrt(x^2)"),
    (x / 2, "0.5x"),
    (sympy.E * sympy.log(2) + sympy.E / 2, "(ln(2) + 1/2)e"),
    (sympy.Integer(7), "7"),
]


@pytest.mark.parametrize(("expected", "answer"), EQUIVALENT, ids=[a for _, a in EQUIVALENT])
def test_equivalent_forms(expected: Any, answer: str) -> None:
    """Are the book's equivalent forms accepted (§0.4 chain: simplify, rewrite(exp), …)?"""
    verdict = equivalent(expected, answer, ["x"])
    assert verdict.equivalent, verdict
    assert verdict.reason in ("symbolic", "numeric")
    assert verdict.mistake is None
    assert verdict.message == "Bonne réponse."


MULTIVARIABLE = [
    (x * y, "yx"),
    (sympy.sin(x + y), "sin(x)cos(y) + cos(x)sin(y)"),
    (sympy.exp(x) * sympy.exp(y), "e^(x+y)"),
    (sympy.diff(x * sympy.exp(-x**2 - y**2), x), "(1-2x²)e^(-x²-y²)"),
    (sympy.diff(x * sympy.exp(-x**2 - y**2), y), "-2xy exp(-x^2-y^2)"),
    (3 * x**2 + 3 * y**2 - 20 * x - 16 * y + 76, "3(x-10/3)^2 + 3(y-8/3)^2 - 100/3 - 64/3 + 76"),
]


@pytest.mark.parametrize(("expected", "answer"), MULTIVARIABLE, ids=[a for _, a in MULTIVARIABLE])
def test_multivariable(expected: Any, answer: str) -> None:
    """Do functions of several variables compare correctly?"""
    verdict = equivalent(expected, answer, ["x", "y"])
    assert verdict.equivalent, verdict


def test_multivariable_near_miss() -> None:
    """Is a swapped variable caught in several variables?"""
    assert equivalent(sympy.sin(x) * y, "sin(y) x", ["x", "y"]).reason == "not_equivalent"
    assert equivalent(sympy.sin(x) * y, "y sin(x)", ["x", "y"]).equivalent


NEAR_MISSES = [
    (3 * sympy.cos(3 * x), "cos(3x)"),
    (x**2 + 1, "x^2+1.0001"),
    (sympy.sin(x), "sin(x)+1e-9"),  # tolerance: rtol 1e-12, atol 1e-14 at 30 digits
    (sympy.sin(x), "sin(x)+10^(-10)x"),
    (x, "sqrt(x^2)"),  # real variables: sqrt(x²) = |x| ≠ x for x < 0
    (sympy.tan(x), "-tan(x)"),
    (sympy.exp(2 * x), "e^2 x"),  # e²·x, not e^(2x) (glued, "e^2x" is a parse error)
    (sympy.tanh(x), "2σ(x)-1"),
    (1 / sympy.cos(x) ** 2, "1-tan(x)^2"),
    (2 * sympy.log(x), "log(2x)+log(x)"),
]


@pytest.mark.parametrize(("expected", "answer"), NEAR_MISSES, ids=[a for _, a in NEAR_MISSES])
def test_near_misses(expected: Any, answer: str) -> None:
    """Are answers that are almost right refused, quickly?"""
    started = time.monotonic()
    verdict = equivalent(expected, answer, ["x"])
    assert not verdict.equivalent
    assert verdict.reason == "not_equivalent", verdict
    assert verdict.mistake is None
    assert time.monotonic() - started < 6.0  # bounded: it returned, it did not hang


def test_domain_is_the_expected_expressions() -> None:
    """Is the answer judged where the expected expression is real (and only there)?"""
    # log(x²) = 2 log x wherever 2 log x is defined (x > 0): accepted.
    assert equivalent(2 * sympy.log(x), "log(x^2)", ["x"]).equivalent
    # The converse is refused: log(x²) is defined for x < 0, where 2 log(x) is not real.
    assert not equivalent(sympy.log(x**2), "2log(x)", ["x"]).equivalent
    assert equivalent(sympy.log(x**2), "2ln(abs(x))", ["x"]).equivalent


def test_inconclusive_when_nowhere_real() -> None:
    """With too few points where the expected side is real, is the verdict 'inconclusive'?"""
    verdict = equivalent(sympy.sqrt(-1 - x**2), "sqrt(-2-x^2)", ["x"])
    assert (verdict.equivalent, verdict.reason) == (False, "inconclusive")


def test_parse_error_verdict() -> None:
    """Does a parse error become a verdict with the caret message, in both languages?"""
    verdict = equivalent(sympy.sin(x), "sin(x) + __import__('os')", ["x"], lang="en")
    assert (verdict.equivalent, verdict.reason, verdict.offset) == (False, "parse_error", 9)
    assert verdict.message == "The sequence '__' is forbidden.\n  sin(x) + __import__('os')\n" \
                              "           ^"
    assert verdict.messages["fr"].startswith("La séquence « __ » est interdite.")


def test_sympy_answers_and_numbers() -> None:
    """Are sympy expressions and plain numbers accepted as answers, and objects refused?"""
    assert equivalent(sympy.cos(x), sympy.cos(sympy.Symbol("x")), ["x"]).equivalent
    assert equivalent(sympy.Integer(3), 3, ["x"]).equivalent
    assert equivalent(sympy.Rational(1, 4), 0.25, ["x"]).reason == "symbolic"
    assert equivalent(sympy.cos(x), object(), ["x"]).reason == "parse_error"
    assert equivalent(sympy.cos(x), sympy.Integral(x, x), ["x"]).reason == "parse_error"


def test_verdict_is_a_frozen_dataclass() -> None:
    """Is the Verdict immutable, with both languages always present?"""
    verdict = equivalent(sympy.sin(x), "cos(x)", ["x"], lang="en")
    assert isinstance(verdict, Verdict)
    assert set(verdict.messages) == {"fr", "en"}
    assert verdict.message == verdict.messages["en"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.equivalent = True  # type: ignore[misc]


def test_instructor_errors_raise() -> None:
    """Are instructor mistakes (undeclared symbol, bad lang or timeout) exceptions?"""
    with pytest.raises(ValueError):
        equivalent(x + y, "x", ["x"])
    with pytest.raises(ValueError):
        equivalent(x, "x", ["x"], lang="de")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        equivalent(x, "x", ["x"], timeout=0)
    with pytest.raises(TypeError):
        equivalent("x", "x", ["x"])


def test_same_answer_same_verdict() -> None:
    """Are the probe points reproducible (derived from the expressions unless seeded)?"""
    verdicts = {equivalent(sympy.log(x**2), "2log(x)", ["x"]) for _ in range(3)}
    assert len(verdicts) == 1


# ---------------------------------------------------------------- time bounds

def _sleep_forever(*args: Any, **kwargs: Any) -> Any:
    time.sleep(60)


def test_timeout_when_the_check_hangs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Does a check that never ends give reason 'timeout' in bounded time?"""
    monkeypatch.setattr(equivalence_module, "probe", _sleep_forever)  # runs in the child
    started = time.monotonic()
    verdict = equivalent(sympy.tanh(x), "2σ(2x)-1", ["x"], timeout=1.0)
    assert time.monotonic() - started < 6.0  # bounded: it returned, it did not hang
    assert (verdict.equivalent, verdict.reason) == (False, "timeout")
    assert verdict.message.startswith("La vérification a pris trop de temps")


def test_pathological_answer_times_out() -> None:
    """Does a genuinely pathological answer give 'timeout' in bounded time?

    The expected side is real nowhere, so the numeric probe is inconclusive and the symbolic
    chain must simplify a 40th power of a 9-term sum (left alone it runs out of its 1 GiB
    memory headroom after about 20 s)."""
    tangents = "+".join(f"tan({k}x)" for k in range(1, 10))
    answer = f"sqrt(-1-x^2) + (sin(x)^2+cos(x)^2-1)*({tangents})^40"
    started = time.monotonic()
    verdict = equivalent(sympy.sqrt(-1 - x**2), answer, ["x"], timeout=1.0)
    assert time.monotonic() - started < 6.0  # bounded: it returned, it did not hang
    # the expansion-size guard now skips the chain at once ("inconclusive"); either way, refused
    assert not verdict.equivalent and verdict.reason in ("timeout", "inconclusive")


def test_slow_sympy_evaluation_times_out() -> None:
    """A short answer on which sympy's automatic evaluation takes a minute: 'timeout' in time?"""
    started = time.monotonic()
    verdict = equivalent(x, "sqrt(acos(e)^2/e)", ["x"], timeout=1.0)
    assert time.monotonic() - started < 6.0  # bounded: it returned, it did not hang
    assert (verdict.equivalent, verdict.reason) == (False, "timeout")


def test_slow_proof_keeps_numeric_agreement(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the symbolic proof runs out of time, is the numeric agreement kept?"""
    monkeypatch.setattr(equivalence_module, "_symbolic_zero", _sleep_forever)
    monkeypatch.setattr(equivalence_module, "_cheap_zero", lambda d: False)  # cheap forms fail
    verdict = equivalent(sympy.tanh(x), "2σ(2x)-1", ["x"], timeout=1.0)
    assert (verdict.equivalent, verdict.reason) == (True, "numeric")


def _children() -> set[int]:
    """Pids of this process's children, zombies included (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


def test_crashing_child_is_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Does a child that dies or raises still give a verdict (and no zombie)?"""
    before = _children()
    monkeypatch.setattr(equivalence_module, "probe", lambda *a, **k: os._exit(3))
    assert equivalent(sympy.sin(x), "cos(x)", ["x"]).reason == "timeout"
    monkeypatch.setattr(equivalence_module, "probe", lambda *a, **k: 1 / 0)
    verdict = equivalent(sympy.sin(x), "cos(x)", ["x"])
    assert (verdict.reason, verdict.equivalent) == ("error", False)
    assert "ZeroDivisionError" in verdict.detail
    assert _children() <= before


def test_parallel_calls_from_threads() -> None:
    """Is equivalent() safe and correct when a thread pool calls it concurrently?"""
    cases = [(EQUIVALENT[i % len(EQUIVALENT)], True) for i in range(12)] + \
            [(NEAR_MISSES[i % len(NEAR_MISSES)], False) for i in range(12)]

    def check(case: tuple[tuple[Any, str], bool]) -> bool:
        (expected, answer), want = case
        return equivalent(expected, answer, ["x"], timeout=20).equivalent == want

    before = _children()
    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(check, cases))
    assert _children() <= before  # every child was reaped
