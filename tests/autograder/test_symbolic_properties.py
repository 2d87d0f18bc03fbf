"""Property tests (hypothesis): printed expressions parse back; perturbed answers are refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder.symbolic import ParseError, equivalent, parse, preview, warm_up

x, y = sympy.symbols("x y", real=True)
_SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow])


def _sigma(u: Any) -> Any:
    return 1 / (1 + sympy.exp(-u))


_LEAVES = st.sampled_from([x, y, sympy.Integer(2), sympy.Integer(-3), sympy.Rational(1, 3),
                           sympy.Rational(5, 2), sympy.pi, sympy.E])
_UNARY = st.sampled_from([sympy.sin, sympy.cos, sympy.tan, sympy.exp, sympy.log, sympy.sqrt,
                          sympy.tanh, sympy.sinh, sympy.cosh, sympy.asin, sympy.acos,
                          sympy.atan, sympy.Abs, sympy.sign, lambda u: -u, _sigma])


def _combine(kids: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    pairs = st.tuples(kids, kids)
    return st.one_of(
        st.tuples(_UNARY, kids).map(lambda t: t[0](t[1])),
        pairs.map(lambda t: t[0] + t[1]), pairs.map(lambda t: t[0] - t[1]),
        pairs.map(lambda t: t[0] * t[1]), pairs.map(lambda t: t[0] / t[1]),
        st.tuples(kids, st.integers(-3, 12)).map(lambda t: t[0] ** t[1]),
        pairs.map(lambda t: t[0] ** t[1]),
        st.tuples(kids, st.sampled_from([sympy.Rational(1, 2), sympy.Rational(-2, 3)]))
        .map(lambda t: t[0] ** t[1]))


EXPRESSIONS = st.recursive(_LEAVES, _combine, max_leaves=7)


def _usable(expr: Any) -> bool:
    """An answer a student could give: finite, real constants, not too long."""
    if not isinstance(expr, sympy.Expr) or expr.has(sympy.zoo, sympy.nan, sympy.oo,
                                                    -sympy.oo, sympy.I):
        return False
    if any(p.base.is_Number and p.base.is_negative and not p.exp.is_Integer
           for p in expr.atoms(sympy.Pow)):
        return False
    return len(sympy.sstr(expr)) <= 250


_GLUE = re.compile(r"(?<![\^\d./])(\d+)\*(?=[A-Za-z(])")


def styles(expr: Any) -> dict[str, str]:
    """The same expression as a student (or sympy) may type it."""
    text = sympy.sstr(expr)
    caret = text.replace("**", "^")
    spaced = caret.replace("*", " ")
    glued = _GLUE.sub(r"\1", caret).replace("*", " ")
    return {"sstr": text, "str": str(expr), "caret": caret, "spaced": spaced, "glued": glued,
            "reading": preview(expr, ["x", "y"]).unicode}


def _same(got: Any, want: Any) -> bool:
    # sympy may re-associate while building (3*(x + y) → 3*x + 3*y): equal after expand.
    return bool(got == want or sympy.expand(got - want) == 0
                or sympy.expand(sympy.powsimp(got - want)) == 0)


@_SETTINGS
@given(EXPRESSIONS)
def test_printed_expressions_parse_back(expr: Any) -> None:
    """Does a random expression, printed in every style (sstr, ^, implicit products with
    spaces or glued coefficients, our own Unicode reading), parse back to itself?"""
    if not _usable(expr):
        return
    for style, text in styles(expr).items():
        try:
            got = parse(text, ["x", "y"], max_length=2000)
        except ParseError as err:  # pragma: no cover - shows the failing style
            raise AssertionError(f"{style}: {text!r}: {err.format('en')}") from None
        assert _same(got, expr), (style, text, got)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


_PERTURBATIONS = [lambda e: e + 1, lambda e: e - sympy.Rational(1, 3), lambda e: e + x / 5,
                  lambda e: e + sympy.sin(x) / 7, lambda e: e * (1 + x**2),
                  lambda e: e + sympy.Rational(1, 10**15)]


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.sampled_from([x, sympy.Integer(2), sympy.Rational(1, 3), sympy.E]),
                    _combine, max_leaves=5),
       st.integers(0, len(_PERTURBATIONS) - 1), st.sampled_from(["sstr", "glued", "reading"]))
def test_perturbed_answers_are_refused(expr: Any, which: int, style: str) -> None:
    """Is a random perturbation of a right answer (a constant, a term in x, a factor) refused,
    whatever style it is written in?"""
    if not _usable(expr) or expr.free_symbols != {x}:
        return
    wrong = _PERTURBATIONS[which](expr)
    if which == 4 and sympy.expand(expr) == 0 or not _usable(wrong):
        return
    verdict = equivalent(expr, styles(wrong)[style], ["x"], timeout=10)
    assert not verdict.equivalent, (expr, wrong, verdict)


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["x", "y", " ", "(", ")", "|", "+", "-", "*", "/", "^", "2",
                                 ".5", "sin", "ln", "√", "²", "⁻", "¹", "ⁿ", "⁽", "⁾", "ˆ",
                                 "−", "×", "½", "２", "e", "π", "abs", "\u200b"]),
                max_size=40).map("".join))
def test_fuzz_new_notations(text: str) -> None:
    """Bars, superscript runs, bare functions and Unicode: always an expression or a
    ParseError whose offset lies in the text (never another exception), quickly."""
    import time

    started = time.monotonic()
    try:
        result = parse(text, ["x", "y"])
    except ParseError as error:
        assert 0 <= error.offset <= len(text) and error.text == text
    else:
        assert isinstance(result, sympy.Expr) and result.free_symbols <= {x, y}
        assert _same(parse(preview(result, ["x", "y"]).unicode, ["x", "y"]), result)
    assert time.monotonic() - started < 2.0
