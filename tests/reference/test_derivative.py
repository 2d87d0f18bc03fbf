"""Tests for reference.derivative (chapter 1 §1.1–1.3): oracles sympy.diff and exact arithmetic."""

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from reference.derivative import (
    derivative_estimate,
    difference_quotient,
    linear_approximation,
    tangent_line,
    tangent_line_expr,
)
from reference.derivative_rules import sigmoid_expr

x = sp.Symbol("x")


@settings(max_examples=40, deadline=None)
@given(st.fractions(min_value=-10, max_value=10).filter(lambda t: t != 1))
def test_rate_of_change_of_square_at_1(t):
    """1-E1: is (x² − 1)/(x − 1) exactly x + 1 (so f'(1) = 2)?"""
    assert difference_quotient(lambda u: u * u, Fraction(1), t) == t + 1


def test_rate_of_change_tends_to_the_derivative():
    """1-E1 / 1-E2: do the rates of change of x² at x₀ and of exp at 0 tend to 2x₀ and 1?"""
    for x0 in (Fraction(1), Fraction(-3, 2), Fraction(5)):
        q = difference_quotient(lambda u: u * u, x0, x0 + Fraction(1, 10**9))
        assert abs(q - 2 * x0) <= Fraction(1, 10**9)
    assert math.isclose(difference_quotient(math.exp, 0.0, 1e-9), 1.0, rel_tol=1e-7)
    assert math.isclose(derivative_estimate(math.exp, 0.0), 1.0, rel_tol=1e-9)


def test_rate_of_change_needs_two_points():
    """Is x = x₀ rejected with ValueError instead of dividing by zero?"""
    with pytest.raises(ValueError, match="x ≠ x0"):
        difference_quotient(math.sin, 1.0, 1.0)


FUNCTIONS = [
    (sp.sin(x), math.sin),
    (sp.exp(x) * sp.log(x), lambda t: math.exp(t) * math.log(t)),
    (sp.sqrt(x), math.sqrt),
    (1 / (1 + sp.exp(-x)), lambda t: 1 / (1 + math.exp(-t))),
]


@pytest.mark.parametrize("expr, f", FUNCTIONS)
@pytest.mark.parametrize("scheme, rtol", [("central", 1e-8), ("forward", 1e-5), ("backward", 1e-5)])
def test_estimate_matches_sympy_diff(expr, f, scheme, rtol):
    """Does each finite-difference scheme approximate sympy.diff at x₀ = 1.3?"""
    exact = float(sp.diff(expr, x).subs(x, 1.3))
    assert np.isclose(derivative_estimate(f, 1.3, h=1e-6, scheme=scheme), exact, rtol=rtol, atol=0)


def test_error_orders_of_the_schemes():
    """Is the central error O(h²) (÷100 when h ÷10) and the forward error O(h) (÷10)?"""
    exact = math.cos(1.0)
    err = {
        (s, h): abs(derivative_estimate(math.sin, 1.0, h=h, scheme=s) - exact)
        for s in ("central", "forward")
        for h in (1e-2, 1e-3)
    }
    assert 80 < err["central", 1e-2] / err["central", 1e-3] < 120
    assert 8 < err["forward", 1e-2] / err["forward", 1e-3] < 12


def test_estimate_rejects_bad_arguments():
    """Are h = 0 and an unknown scheme rejected with ValueError?"""
    with pytest.raises(ValueError, match="non-zero"):
        derivative_estimate(math.sin, 0.0, h=0)
    with pytest.raises(ValueError, match="unknown scheme"):
        derivative_estimate(math.sin, 0.0, scheme="symmetric")


def test_linear_approximation_book_values():
    """1-E3, 1-E4: sin(0.01) ≃ 0.01 (true 0.00999983…), √1.1 ≃ 1.05 (true 1.0488…)?"""
    approx_sin = linear_approximation(math.sin, math.cos, 0.0, 0.01)
    assert math.isclose(approx_sin, 0.01, rel_tol=1e-15)
    assert abs(math.sin(0.01) - 0.009999833334166665) < 1e-17
    assert abs(approx_sin - math.sin(0.01)) < 2e-7
    approx_sqrt = linear_approximation(math.sqrt, lambda t: 0.5 / math.sqrt(t), 1.0, 0.1)
    assert math.isclose(approx_sqrt, 1.05, rel_tol=1e-15)
    assert abs(math.sqrt(1.1) - 1.0488) < 1e-4  # the book's truncated 1.0488…
    exact = linear_approximation(lambda t: t * t, lambda t: 2 * t, Fraction(1), Fraction(1, 10))
    assert exact == Fraction(6, 5)  # 1 + 2·(1/10), exact with Fractions


@settings(max_examples=50, deadline=None)
@given(st.floats(-3, 3), st.floats(-0.1, 0.1))
def test_linear_approximation_error_is_second_order(x0, h):
    """Is |sin(x₀+h) − (sin x₀ + h cos x₀)| ≤ h²/2 (Taylor bound, |sin''| ≤ 1)?"""
    approx = linear_approximation(math.sin, math.cos, x0, h)
    assert abs(math.sin(x0 + h) - approx) <= h * h / 2 + 1e-15


def test_tangent_of_sqrt_at_1_is_exact():
    """1-E5: is the tangent to √x at 1 the line y = x/2 + 1/2, exactly (sympy and Fraction)?"""
    slope, intercept = tangent_line(sp.sqrt, lambda t: 1 / (2 * sp.sqrt(t)), sp.Integer(1))
    assert (slope, intercept) == (sp.Rational(1, 2), sp.Rational(1, 2))
    slope, intercept = tangent_line(lambda t: t * t, lambda t: 2 * t, Fraction(3))
    assert (slope, intercept) == (Fraction(6), Fraction(-9))


def test_tangent_of_sigmoid_at_0():
    """1-E24 / Prop 5.4: is the tangent to σ at 0 the line y = x/4 + 1/2?"""
    s = sigmoid_expr(x)
    slope, intercept = tangent_line(
        lambda t: s.subs(x, t), lambda t: sp.diff(s, x).subs(x, t), sp.Integer(0)
    )
    assert (sp.simplify(slope), sp.simplify(intercept)) == (sp.Rational(1, 4), sp.Rational(1, 2))
    assert sp.simplify(tangent_line_expr(s, x, 0) - (x / 4 + sp.Rational(1, 2))) == 0


@pytest.mark.parametrize(
    "expr, x0",
    [(sp.sqrt(x), 1), (x**3 - 2 * x**2 + 2, sp.Rational(4, 3)), (sp.exp(x) * sp.log(x), 2)],
)
def test_tangent_expr_matches_sympy(expr, x0):
    """Is tangent_line_expr equal to (x − x₀) f'(x₀) + f(x₀) built with sympy.diff?"""
    oracle = (x - x0) * sp.diff(expr, x).subs(x, x0) + expr.subs(x, x0)
    assert sp.simplify(tangent_line_expr(expr, x, x0) - oracle) == 0
    assert tangent_line_expr(sp.sqrt(x), x, 1) == x / 2 + sp.Rational(1, 2)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.2, 5))
def test_tangent_touches_the_graph(x0):
    """Does the float tangent (a, b) pass through (x₀, f(x₀)) with slope f'(x₀) (ln)?"""
    a, b = tangent_line(math.log, lambda t: 1 / t, x0)
    assert math.isclose(a * x0 + b, math.log(x0), rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(a, 1 / x0, rel_tol=1e-15)
