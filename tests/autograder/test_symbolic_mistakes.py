"""Declared mistakes: each builder recognises its slip and gives its message."""

from __future__ import annotations

import time
from typing import Any

import pytest
import sympy

from autograder.symbolic import (
    Mistake,
    derivative_mistakes,
    equivalent,
    missing_chain_factor,
    product_of_derivatives,
    product_rule_one_term,
    quotient_missing_square,
    quotient_rule_sign,
    sign_error,
    warm_up,
)
from autograder.symbolic import equivalence as equivalence_module

x = sympy.Symbol("x")


@pytest.fixture(autouse=True)
def _warm() -> None:
    """The one-time parent warm-up happens before any timing starts."""
    warm_up()
F1 = x**2 + sympy.cos(x)  # 1-E6
F2 = x**3 * sympy.sin(x)  # 1-E7
F3 = sympy.log(x) / sympy.exp(x)  # 1-E8
SQRT_TAN = sympy.sqrt(sympy.tan(x))  # 1-E11

BUILDER_CASES = [
    (sign_error(sympy.diff(F1, x)), F1, "-2x + sin(x)"),
    (missing_chain_factor(sympy.sin(3 * x), x), sympy.sin(3 * x), "cos(3x)"),
    (missing_chain_factor(SQRT_TAN, x), SQRT_TAN, "1/(2sqrt(tan(x)))"),
    (missing_chain_factor((x**2 + 1) ** 5, x), (x**2 + 1) ** 5, "5(x²+1)^4"),
    (missing_chain_factor(4 * sympy.exp(-x**2), x), 4 * sympy.exp(-x**2), "4e^(-x^2)"),
    (product_rule_one_term(F2, x), F2, "3x²sin(x)"),
    (product_rule_one_term(F2, x), F2, "x³cos(x)"),
    (product_of_derivatives(F2, x), F2, "3x^2 cos(x)"),
    (quotient_rule_sign(F3, x), F3, "((1/x)e^x + ln(x)e^x)/e^(2x)"),
    (quotient_missing_square(F3, x), F3, "((1/x)e^x - ln(x)e^x)/e^x"),
]


@pytest.mark.parametrize(("mistake", "f", "answer"), BUILDER_CASES,
                         ids=[f"{m.name}:{a}" for m, _, a in BUILDER_CASES])
def test_each_builder_triggers_its_message(mistake: Mistake, f: Any, answer: str) -> None:
    """Does the slip each builder describes give reason 'mistake' and the builder's message?"""
    verdict = equivalent(sympy.diff(f, x), answer, ["x"], mistakes=[mistake], lang="en")
    assert (verdict.equivalent, verdict.reason, verdict.mistake) == (False, "mistake",
                                                                     mistake.name)
    assert verdict.message == mistake.messages["en"]
    assert verdict.messages["fr"] == mistake.messages["fr"]


@pytest.mark.parametrize(("mistake", "f", "answer"), BUILDER_CASES,
                         ids=[f"{m.name}:{a}" for m, _, a in BUILDER_CASES])
def test_right_answer_is_never_a_mistake(mistake: Mistake, f: Any, answer: str) -> None:
    """Is the right derivative accepted even with the mistake declared?"""
    verdict = equivalent(sympy.diff(f, x), sympy.diff(f, x), ["x"], mistakes=[mistake])
    assert verdict.equivalent and verdict.mistake is None


def test_derivative_mistakes_picks_the_applicable_builders() -> None:
    """Does derivative_mistakes choose the slips that fit f (sign error always, last)?"""
    def names(f: Any) -> list[str]:
        return [m.name for m in derivative_mistakes(f, x)]

    assert names(sympy.sin(3 * x)) == ["missing_chain_factor", "sign_error"]
    assert names(F2) == ["product_rule_one_term", "product_of_derivatives", "sign_error"]
    assert names(F3) == ["quotient_rule_sign", "quotient_missing_square", "sign_error"]
    assert names(x**2) == ["sign_error"]


@pytest.mark.parametrize(("f", "answer", "name"), [
    (F2, "3x^2 cos(x)", "product_of_derivatives"),
    (F2, "-3x^2 sin(x) - x^3 cos(x)", "sign_error"),
    (F3, "((1/x)e^x + ln(x)e^x)/e^(2x)", "quotient_rule_sign"),
    (SQRT_TAN, "1/(2 sqrt(tan(x)))", "missing_chain_factor"),
    (F2, "x^3", None),
])
def test_derivative_mistakes_end_to_end(f: Any, answer: str, name: str | None) -> None:
    """With all applicable mistakes declared, is the right one reported (or none)?"""
    verdict = equivalent(sympy.diff(f, x), answer, ["x"], mistakes=derivative_mistakes(f, x))
    assert not verdict.equivalent
    assert verdict.mistake == name
    assert verdict.reason == ("mistake" if name else "not_equivalent")


def test_first_matching_mistake_wins() -> None:
    """Are mistakes checked in order, the first match being reported?"""
    both = [Mistake("first", {"fr": "1", "en": "1"}, wrong=sympy.cos(3 * x)),
            Mistake("second", {"fr": "2", "en": "2"}, wrong=sympy.cos(3 * x))]
    verdict = equivalent(3 * sympy.cos(3 * x), "cos(3x)", ["x"], mistakes=both)
    assert verdict.mistake == "first" and verdict.message == "1"


def test_predicate_mistakes() -> None:
    """Is a predicate on the parsed answer a mistake, and a broken predicate ignored?"""
    constant = Mistake("constant", {"fr": "Votre réponse ne dépend pas de x.",
                                    "en": "Your answer does not depend on x."},
                       predicate=lambda e: not e.free_symbols)

    def broken(e: Any) -> bool:
        raise RuntimeError("instructor bug")

    mistakes = [Mistake("broken", {"fr": "?", "en": "?"}, predicate=broken), constant]
    verdict = equivalent(2 * x, "2", ["x"], mistakes=mistakes)
    assert (verdict.reason, verdict.mistake) == ("mistake", "constant")
    assert verdict.message == "Votre réponse ne dépend pas de x."
    assert equivalent(2 * x, "3x", ["x"], mistakes=mistakes).reason == "not_equivalent"


def test_parse_errors_are_not_mistakes() -> None:
    """Does a parse error stay a parse error even when mistakes are declared?"""
    verdict = equivalent(2 * x, "2 *", ["x"], mistakes=derivative_mistakes(x**2, x))
    assert verdict.reason == "parse_error" and verdict.mistake is None


def test_slow_mistake_checks_keep_not_equivalent(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the mistake checks run out of time, is the 'not equivalent' verdict kept?"""
    monkeypatch.setattr(equivalence_module, "_is_mistake", lambda *a: time.sleep(60))
    started = time.monotonic()
    verdict = equivalent(2 * x, "3x", ["x"], mistakes=[sign_error(2 * x)], timeout=1.0)
    assert time.monotonic() - started < 2.0
    assert (verdict.equivalent, verdict.reason) == (False, "not_equivalent")


@pytest.mark.parametrize("kwargs", [
    {"name": "", "messages": {"fr": "a", "en": "b"}, "wrong": x},
    {"name": "m", "messages": {"fr": "a"}, "wrong": x},
    {"name": "m", "messages": {"fr": "a", "en": "b"}},
])
def test_mistake_validation(kwargs: dict[str, Any]) -> None:
    """Is a badly declared mistake refused at once?"""
    with pytest.raises(ValueError):
        Mistake(**kwargs)
    with pytest.raises(TypeError):
        Mistake("m", {"fr": "a", "en": "b"}, wrong="x")


@pytest.mark.parametrize(("builder", "f"), [
    (missing_chain_factor, sympy.sin(x)),
    (missing_chain_factor, x**2 + 1),
    (product_rule_one_term, x**2),
    (product_of_derivatives, sympy.sin(x)),
    (quotient_rule_sign, x**2),
    (quotient_missing_square, sympy.sin(x) / 2),
])
def test_builders_refuse_shapes_they_do_not_fit(builder: Any, f: Any) -> None:
    """Does a builder say (ValueError) when f is not a composite / product / quotient?"""
    with pytest.raises(ValueError):
        builder(f, x)
