"""Tests for reference.regression (chapter 3 §3.4, perpendicular-distance regression)."""

import math
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from reference.regression import (
    BOOK_POINTS,
    orthogonal_critical_points,
    orthogonal_error,
    orthogonal_fit,
    perpendicular_distances,
    vertical_error,
    vertical_fit,
)

a_, b_ = sp.symbols("a b", real=True)
# The book's f(a, b), written term by term as in [L1797] (oracle for orthogonal_error).
F_BOOK = ((2 * a_ - 3 + b_) ** 2 + (3 * a_ - 5 + b_) ** 2 + (4 * a_ - 4 + b_) ** 2
          + (5 * a_ - 6 + b_) ** 2 + (6 * a_ - 6 + b_) ** 2) / (1 + a_**2)
A_EXACT = (sp.sqrt(1289) - 8) / 35
B_EXACT = sp.Rational(40, 7) - 4 * sp.sqrt(1289) / 35


def tls_svd(P):
    """Oracle: total least squares; the normal is the last right-singular vector of P − P̄."""
    m = P.mean(axis=0)
    _, _, vt = np.linalg.svd(P - m)
    n = vt[-1]
    a = -n[0] / n[1]
    return a, m[1] - a * m[0]


point_sets = st.integers(0, 100_000).map(
    lambda seed: np.random.default_rng(seed).normal(size=(int(3 + seed % 8), 2))
    @ np.array([[2.0, 0.7], [0.0, 1.0]]) + np.random.default_rng(seed + 1).normal(size=2))


def test_book_optimum_exact():
    """Is the optimum ((√1289 − 8)/35, 40/7 − 4√1289/35) ≈ (0.7972, 1.6111) (3-E15)?"""
    a, b = orthogonal_fit(BOOK_POINTS)
    assert a == pytest.approx(float(A_EXACT), abs=1e-13)
    assert b == pytest.approx(float(B_EXACT), abs=1e-13)
    np.testing.assert_allclose([a, b], [0.7972184612, 1.6111261552], atol=1e-10)
    assert orthogonal_error(a, b, BOOK_POINTS) == pytest.approx(1.2194707716, abs=1e-10)
    assert abs(a - 0.8) < 0.1 and abs(b - 1.6) < 0.1  # printed "(0.8, 1.6)" [L1799]


def test_book_critical_points_by_sympy():
    """Does sympy find exactly two critical points, a minimum and the saddle (−1.25436, 9.81745)?"""
    sols = sp.solve([sp.diff(F_BOOK, a_), sp.diff(F_BOOK, b_)], [a_, b_], dict=True)
    assert len(sols) == 2
    ours = orthogonal_critical_points(BOOK_POINTS)
    assert [c["kind"] for c in ours] == ["minimum", "saddle"]
    H = sp.hessian(F_BOOK, (a_, b_))
    for c in ours:
        match = [s for s in sols if abs(float(s[a_]) - c["a"]) < 1e-9]
        assert len(match) == 1 and float(match[0][b_]) == pytest.approx(c["b"], abs=1e-9)
        det = float(H.det().subs(match[0]))
        assert (det > 0) == (c["kind"] == "minimum")
        assert c["f"] == pytest.approx(float(F_BOOK.subs(match[0])), rel=1e-12)
    np.testing.assert_allclose([ours[1]["a"], ours[1]["b"], ours[1]["f"]],
                               [-1.25436, 9.81745, 15.5805], atol=1e-4)


def test_error_function_matches_book_formula():
    """Is orthogonal_error the book's f(a, b) on a grid of (a, b), shape kept?"""
    A, B = np.meshgrid(np.linspace(-2, 3, 11), np.linspace(-1, 4, 7))
    f = sp.lambdify((a_, b_), F_BOOK, "numpy")
    got = orthogonal_error(A, B, BOOK_POINTS)
    assert got.shape == (7, 11)
    np.testing.assert_allclose(got, f(A, B), rtol=1e-13)


def test_error_is_sum_of_squared_perpendicular_distances():
    """Is f(a, b) = Σ d(Aᵢ, D)² with d the distance to the orthogonal projection?"""
    rng = np.random.default_rng(4)
    for a, b in rng.normal(size=(10, 2)) * 2:
        d = perpendicular_distances(a, b, BOOK_POINTS)
        for (x, y), di in zip(BOOK_POINTS, d, strict=True):
            t = (x + a * (y - b)) / (1 + a * a)  # foot of the perpendicular: (t, a t + b)
            assert di == pytest.approx(math.hypot(x - t, y - a * t - b), rel=1e-12)
        assert orthogonal_error(a, b, BOOK_POINTS) == pytest.approx(np.sum(d**2), rel=1e-12)


def test_book_optimum_by_numerical_minimisation():
    """Does scipy.optimize.minimize of the book's f reach the same (a, b) from several starts?"""
    for start in [(0.0, 0.0), (2.0, -1.0), (0.7, 2.0)]:
        res = minimize(lambda v: orthogonal_error(v[0], v[1], BOOK_POINTS), start,
                       method="BFGS", tol=1e-12)
        np.testing.assert_allclose(res.x, orthogonal_fit(BOOK_POINTS), atol=1e-6)


def test_ols_is_the_distractor():
    """Does ordinary least squares give (0.7, 2.0) (np.polyfit), a worse value of f (3-I8)?"""
    np.testing.assert_allclose(vertical_fit(BOOK_POINTS), [0.7, 2.0], atol=1e-12)
    np.testing.assert_allclose(vertical_fit(BOOK_POINTS),
                               np.polyfit(BOOK_POINTS[:, 0], BOOK_POINTS[:, 1], 1), atol=1e-12)
    assert orthogonal_error(0.7, 2.0, BOOK_POINTS) > orthogonal_error(
        *orthogonal_fit(BOOK_POINTS), BOOK_POINTS) + 1e-3
    assert vertical_error(0.7, 2.0, BOOK_POINTS) < vertical_error(
        *orthogonal_fit(BOOK_POINTS), BOOK_POINTS)


def test_flat_valley():
    """Is the minimum in a flat valley: the printed (0.8, 1.6) within 0.01 % of f_min (3-E16)?"""
    fmin = orthogonal_error(*orthogonal_fit(BOOK_POINTS), BOOK_POINTS)
    assert orthogonal_error(0.8, 1.6, BOOK_POINTS) < fmin * 1.0001


@settings(max_examples=40, deadline=None)
@given(point_sets)
def test_fit_matches_total_least_squares(P):
    """Does the closed form agree with the SVD total-least-squares line on random clouds?"""
    np.testing.assert_allclose(orthogonal_fit(P), tls_svd(P), rtol=1e-8, atol=1e-8)


@settings(max_examples=40, deadline=None)
@given(point_sets, st.floats(-5, 5), st.floats(-5, 5))
def test_fit_is_a_global_minimum_and_translates(P, da, db):
    """Is f(fit) ≤ f(a, b) elsewhere, and does translating the points shift only b?"""
    a, b = orthogonal_fit(P)
    assert orthogonal_error(a, b, P) <= orthogonal_error(a + da, b + db, P) + 1e-9
    a2, b2 = orthogonal_fit(P + np.array([da, db]))
    assert a2 == pytest.approx(a, rel=1e-8, abs=1e-8)
    assert b2 == pytest.approx(b + db - a * da, rel=1e-8, abs=1e-7)


def test_fit_matches_scipy_odr():
    """Does scipy.odr (orthogonal distance regression, equal weights) find the same line?"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        odr = pytest.importorskip("scipy.odr")
        model = odr.Model(lambda beta, x: beta[0] * x + beta[1])
        out = odr.ODR(odr.RealData(BOOK_POINTS[:, 0], BOOK_POINTS[:, 1]), model,
                      beta0=[0.7, 2.0], sstol=1e-14, partol=1e-14).run()
    np.testing.assert_allclose(out.beta, orthogonal_fit(BOOK_POINTS), atol=1e-6)


def test_degenerate_cases():
    """Horizontal cloud → a = 0; vertical or isotropic clouds and bad inputs → ValueError?"""
    wide = np.array([(-2, 0), (2, 0), (0, 1), (0, -1)], dtype=float)  # Sxy = 0, Sxx > Syy
    a, b = orthogonal_fit(wide)
    assert a == 0.0 and b == 0.0
    np.testing.assert_allclose(tls_svd(wide), (0.0, 0.0), atol=1e-12)
    assert len(orthogonal_critical_points(wide)) == 1
    with pytest.raises(ValueError, match="vertical"):
        orthogonal_fit(wide[:, ::-1])
    with pytest.raises(ValueError, match="not unique"):
        orthogonal_fit([(0, 0), (1, 0), (0, 1), (1, 1)])
    with pytest.raises(ValueError):
        orthogonal_fit([(1, 2)])
    with pytest.raises(ValueError):
        orthogonal_fit([(1, 2), (np.nan, 1)])
    with pytest.raises(ValueError):
        vertical_fit([(1, 2), (1, 3)])
