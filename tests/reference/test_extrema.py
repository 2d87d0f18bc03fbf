"""Tests for reference.extrema (chapter 1 §3.3, §4.2): oracles sympy.solve / sympy.diff and
scipy.optimize.minimize_scalar."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from reference.extrema import (
    classify_critical_points,
    critical_points,
    error_on_diagonal,
    global_min_on_reals,
    second_derivative_test,
    squared_distance_to_parabola,
)

x = sp.Symbol("x")
SQRT3 = sp.sqrt(3)


def scipy_global_min(expr, lo=-10, hi=10):
    """Grid search, then minimize_scalar (bounded Brent) around the best grid point."""
    f = sp.lambdify(x, expr, "numpy")
    grid = np.linspace(lo, hi, 20001)
    g = grid[np.argmin(f(grid))]
    step = grid[1] - grid[0]
    res = minimize_scalar(
        f, bounds=(g - step, g + step), method="bounded", options={"xatol": 1e-12}
    )
    return res.x, res.fun


def test_three_points_on_the_diagonal():
    """1-E25: E = 6x² − 22x + 27, minimiser 22/12 = 11/6 = 1.83…, E(x₀) = 41/6 = 6.83…?"""
    E = error_on_diagonal([(1, 2), (3, 0), (2, 3)], x)
    assert sp.expand(E - (6 * x**2 - 22 * x + 27)) == 0
    point, value = global_min_on_reals(E, x)
    assert (point, value) == (sp.Rational(11, 6), sp.Rational(41, 6))
    assert float(point) == pytest.approx(1.8333333333333333) and float(value) > 6.83
    sx, sf = scipy_global_min(E)
    assert sx == pytest.approx(11 / 6, abs=1e-7) and sf == pytest.approx(41 / 6, rel=1e-12)
    assert classify_critical_points(E, x) == [(sp.Rational(11, 6), "min")]


def test_nearest_point_of_the_parabola():
    """1-E26: AM² = x⁴ − 3x² − 2x + 5; critical −1, (1∓√3)/2; min, max, min; global at x₃?"""
    f = squared_distance_to_parabola((1, 2), x)
    assert sp.expand(f - (x**4 - 3 * x**2 - 2 * x + 5)) == 0
    x1, x2, x3 = -1, (1 - SQRT3) / 2, (1 + SQRT3) / 2
    points = critical_points(f, x)
    assert len(points) == 3
    assert all(sp.simplify(p - q) == 0 for p, q in zip(points, [x1, x2, x3], strict=True))
    assert [n for _, n in classify_critical_points(f, x)] == ["min", "max", "min"]
    assert f.subs(x, x1) == 5
    assert sp.simplify(f.subs(x, x2) - (11 + 6 * SQRT3) / 4) == 0
    point, value = global_min_on_reals(f, x)
    assert sp.simplify(point - x3) == 0
    assert sp.simplify(value - (11 - 6 * SQRT3) / 4) == 0
    assert float(point) == pytest.approx(1.3660254037844386, rel=1e-15)  # printed 1.36…
    assert float(value) == pytest.approx(0.15192378864668407, rel=1e-13)  # printed 0.15…
    assert float(sp.sqrt(value)) == pytest.approx(0.389774, abs=1e-6)
    sx, sf = scipy_global_min(f)
    assert sx == pytest.approx(float(x3), abs=1e-6) and sf == pytest.approx(float(value), rel=1e-9)


def test_cubic_local_max_and_min():
    """1-E28: f = x³ − 2x² + 2: f''(0) = −4 ⇒ max, f''(4/3) = 4 ⇒ min, no global extremum?"""
    f = x**3 - 2 * x**2 + 2
    assert second_derivative_test(f, x) == [
        (0, -4, "max"),
        (sp.Rational(4, 3), 4, "min"),
    ]
    assert f.subs(x, 0) == 2 and f.subs(x, sp.Rational(4, 3)) == sp.Rational(22, 27)
    with pytest.raises(ValueError, match="unbounded"):
        global_min_on_reals(f, x)


def test_inconclusive_second_derivative():
    """1-E23 / Prop 8: x³, x⁴, −x⁴ have f''(0) = 0 ("inconclusive"): neither, min, max?"""
    for f in (x**3, x**4, -(x**4)):
        assert classify_critical_points(f, x) == [(0, "inconclusive")]
    grid = np.linspace(-2, 2, 401)
    assert np.all(np.diff(grid**3) > 0)  # x³ strictly increasing although f'(0) = 0


def test_non_polynomial_critical_points():
    """Are critical points of e^{−x²}, x eˣ, ln(1 + x²), σ found exactly (σ has none)?"""
    assert classify_critical_points(sp.exp(-(x**2)), x) == [(0, "max")]
    assert classify_critical_points(x * sp.exp(x), x) == [(-1, "min")]
    assert classify_critical_points(sp.log(1 + x**2), x) == [(0, "min")]
    assert critical_points(1 / (1 + sp.exp(-x)), x) == []


def test_unsolvable_or_degenerate_cases_raise():
    """Do 2x − cos x (Newton's job), a constant and non-minimisable inputs raise ValueError?"""
    with pytest.raises(ValueError, match="exactly"):
        critical_points(x**2 - sp.sin(x) + 1, x)
    with pytest.raises(ValueError, match="every x"):
        critical_points(sp.Integer(3), x)
    for bad in (sp.Integer(3), -(x**2), x**3, sp.exp(x), x**4 * sp.Symbol("a")):
        with pytest.raises(ValueError):
            global_min_on_reals(bad, x)


def test_strings_are_refused():
    """Are strings refused (TypeError) rather than sympified?"""
    for func in (critical_points, classify_critical_points, global_min_on_reals):
        with pytest.raises(TypeError):
            func("x**2", x)


def test_ties_return_the_smallest_minimiser():
    """x⁴ − 2x² has global minima at ±1: is −1 returned, with value −1?"""
    assert global_min_on_reals(x**4 - 2 * x**2, x) == (-1, -1)


INTS = st.integers(-6, 6)


@settings(max_examples=30, deadline=None)
@given(st.lists(INTS, min_size=3, max_size=5).filter(lambda c: c[0] != 0))
def test_critical_points_match_sympy_solve(coeffs):
    """For random integer polynomials, are the critical points the real sympy.solve roots of
    sympy.diff, and is each nature the sign of sympy's f''?"""
    f = sum(c * x**k for k, c in enumerate(reversed(coeffs)))
    d = sp.diff(f, x)
    if d == 0:
        return
    approx = [complex(sp.N(r, 40)) for r in sp.solve(d, x)]  # cubics: tiny imaginary noise
    oracle = sorted({round(z.real, 13) for z in approx if abs(z.imag) < 1e-20})
    ours = critical_points(f, x)
    np.testing.assert_allclose([float(p) for p in ours], oracle, atol=1e-12)
    for p, nature in classify_critical_points(f, x):
        f2 = sp.N(sp.diff(f, x, 2).subs(x, p), 40)
        expected = "inconclusive" if abs(f2) < 1e-30 else ("min" if f2 > 0 else "max")
        assert nature == expected


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), INTS, INTS, INTS, INTS, st.booleans())
def test_global_min_matches_minimize_scalar(a, b, c, d, e, quartic):
    """For random even-degree polynomials (positive lead), does global_min_on_reals agree with
    a grid search refined by scipy.optimize.minimize_scalar?"""
    f = a * x**4 + b * x**3 + c * x**2 + d * x + e if quartic else a * x**2 + b * x + c
    point, value = global_min_on_reals(f, x)
    sx, sf = scipy_global_min(f)
    assert float(value) == pytest.approx(sf, rel=1e-9, abs=1e-9)
    assert float(f.subs(x, point)) == pytest.approx(float(value), rel=1e-12, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(INTS, INTS), min_size=1, max_size=5))
def test_diagonal_minimiser_is_the_mean_of_all_coordinates(points):
    """1-I10 generalised: is argmin Σ (x − aᵢ)² + (x − bᵢ)² the mean of all aᵢ and bᵢ?"""
    point, _ = global_min_on_reals(error_on_diagonal(points, x), x)
    assert point == sp.Rational(sum(a + b for a, b in points), 2 * len(points))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 9), INTS, INTS)
def test_vertex_of_a_parabola(a, b, c):
    """E = ax² + bx + c (a > 0) has its minimum at x₀ = −b/(2a) [L864]?"""
    point, value = global_min_on_reals(a * x**2 + b * x + c, x)
    assert point == sp.Rational(-b, 2 * a)
    assert value == c - sp.Rational(b * b, 4 * a)
