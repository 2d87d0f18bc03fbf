"""Tests for reference.linear_regression (chapter 8 §2–3); worked facts 8-E6 … 8-E11."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reference.descent import minibatch_trace, sgd_trace
from reference.linear_regression import (
    circle_error,
    circle_local_gradient,
    fit_line_trace,
    fit_plane_trace,
    least_squares_line,
    least_squares_plane,
    line_error,
    line_error_gradient,
    line_local_gradient,
    parabola_error,
    parabola_local_gradient,
    plane_error,
    plane_error_gradient,
    plane_local_gradient,
)

a, b, c = sp.symbols("a b c", real=True)
ALIGNED = (np.array([0.0, 2, 6]), np.array([3.0, 4, 6]))  # A1..A3 [L4503]
FIVE = (np.array([4.0, 7, 8, 10, 12]), np.array([1.0, 3, 3, 6, 7]))  # [L4532]
PLANE5 = np.array([[1, 0, 0], [0, 1, 5], [2, 1, 1], [1, 2, 0], [2, 2, 3]], dtype=float).T
ANGLES = np.radians([10, 20, 40, 100, 200, 280])  # upstream circle points (notes 8-E11)
CX, CY = 3 + np.cos(ANGLES), 2 + np.sin(ANGLES)


def book_close(value, printed: str):
    """One unit in the last printed decimal (the book truncates, notes §0.2.3)."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) < 10.0**-decimals


def sym_sum_error(model, xs, ys):
    """Σ (y_i − model(x_i))² with the data turned into exact sympy numbers."""
    exact = lambda v: sp.nsimplify(v) if np.ndim(v) == 0 else [sp.nsimplify(w) for w in v]  # noqa: E731
    return sum((exact(yv) - model(exact(xv))) ** 2 for xv, yv in zip(xs, ys, strict=True))


# ---------------------------------------------------------------- line


def test_line_error_and_gradient_match_sympy():
    """Are E(a,b) (a SUM, no 1/N [L4490]) and grad E [L4499] sympy's on the 3 aligned points?"""
    E = sym_sum_error(lambda u: a * u + b, *ALIGNED)
    assert sp.expand(E - ((3 - b) ** 2 + (4 - (2 * a + b)) ** 2 + (6 - (6 * a + b)) ** 2)) == 0
    for P in [(0, 1), (1.44, 1.4), (-0.3, 2.2)]:
        at = {a: P[0], b: P[1]}
        assert line_error(P, *ALIGNED) == pytest.approx(float(E.subs(at)), rel=1e-14)
        want = [float(sp.diff(E, v).subs(at)) for v in (a, b)]
        np.testing.assert_allclose(line_error_gradient(P, *ALIGNED), want, rtol=1e-13)


def test_aligned_points_table():
    """Does descent from (0,1) with δ = 0.02 give the book's table (8-E6) [L4512–4520]?"""
    tr = fit_line_trace(*ALIGNED, (0, 1), 0.02, 100)
    book = [("0", "1", "-72", "-20", "38"), ("1.44", "1.4", "49.60", "5.44", "18.96"),
            ("0.44", "1.29", "-31.50", "-11.08", "10.28"),
            ("1.07", "1.51", "22.44", "0.32", "6.24"),
            ("0.62", "1.50", "-13.57", "-6.89", "4.27"),
            ("0.90", "1.64", "10.35", "-1.72", "3.24")]
    for P, row in zip(tr[:6], book, strict=True):
        g, E = line_error_gradient(P, *ALIGNED), line_error(P, *ALIGNED)
        assert all(book_close(v, s) for v, s in zip([*P, *g, E], row, strict=True)), (P, row)
    np.testing.assert_allclose(tr[2], [0.448, 1.2912], rtol=1e-12)
    np.testing.assert_allclose(tr[100], [0.501497, 2.992769], atol=1e-6)
    assert line_error(tr[100], *ALIGNED) == pytest.approx(7.33e-5, rel=2e-3)
    np.testing.assert_allclose(least_squares_line(*ALIGNED), [0.5, 3], rtol=1e-14)  # y = x/2 + 3


def test_five_points_regression_and_prediction_erratum():
    """Is the 5-point line (145/184, −453/184) and y(6) = 417/184 ≈ 2.2663, not the book's 2.22?"""
    exact = sp.solve([sp.diff(sym_sum_error(lambda u: a * u + b, *FIVE), v) for v in (a, b)],
                     [a, b])
    assert exact == {a: sp.Rational(145, 184), b: sp.Rational(-453, 184)}
    ls = least_squares_line(*FIVE)
    np.testing.assert_allclose(ls, [145 / 184, -453 / 184], rtol=1e-14)
    A = np.column_stack([FIVE[0], np.ones(5)])
    np.testing.assert_allclose(ls, np.linalg.lstsq(A, FIVE[1], rcond=None)[0], rtol=1e-12)
    tr = fit_line_trace(*FIVE, (0.75, -2), 0.001, 10_000)
    np.testing.assert_allclose(tr[-1], [0.788041, -2.461930], atol=1e-6)  # book ≃ (0.78, −2.46)
    assert line_error(ls, *FIVE) == pytest.approx(1.1467391, abs=1e-7)
    prediction = ls[0] * 6 + ls[1]
    assert prediction == pytest.approx(417 / 184, rel=1e-14)
    # Erratum [L4544]: 2.22 = 0.78·6 − 2.46 uses rounded coefficients; the model says 2.2663.
    assert 0.78 * 6 - 2.46 == pytest.approx(2.22) and abs(prediction - 2.22) > 0.04


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, 6, elements=st.floats(-5, 5)), st.floats(-3, 3), st.floats(-3, 3))
def test_local_gradients_sum_to_the_total(data, pa, pb):
    """Is grad E = Σ grad E_i [L4648] for the line and the plane, on random data?"""
    xs, ys = data[:3], data[3:]
    total = sum(line_local_gradient((pa, pb), xs, ys, i) for i in range(3))
    np.testing.assert_allclose(total, line_error_gradient((pa, pb), xs, ys), rtol=1e-10,
                               atol=1e-10)
    zs = xs * ys
    total = sum(plane_local_gradient((pa, pb, 1.0), xs, ys, zs, i) for i in range(3))
    np.testing.assert_allclose(total, plane_error_gradient((pa, pb, 1.0), xs, ys, zs),
                               rtol=1e-10, atol=1e-10)


# ---------------------------------------------------------------- plane


def test_plane_through_three_points():
    """Does descent with δ = 0.2 from 0 reach z = x + 2y + 3 (8-E8) through the notes' iterates?"""
    pts = np.array([[0, 0, 3], [1, 0, 4], [0, 1, 5]], dtype=float).T
    tr = fit_plane_trace(*pts, (0, 0, 0), 0.2, 100)
    np.testing.assert_allclose(tr[1:3], [[1.6, 2, 4.8], [0.64, 1.28, 2.4]], rtol=1e-13)
    np.testing.assert_allclose(tr[100], [0.9999962, 1.9999962, 3.0000028], atol=1e-7)
    np.testing.assert_allclose(least_squares_plane(*pts), [1, 2, 3], rtol=1e-13)


def test_plane_five_points_exact_and_book():
    """Is the best plane (−11/9, 7/9, 7/3), E = 130/9, z(1,1) = 17/9 (8-E9; book ≃ 1.88)?"""
    E = sym_sum_error(lambda p: a * p[0] + b * p[1] + c, PLANE5[:2].T, PLANE5[2])
    exact = sp.solve([sp.diff(E, v) for v in (a, b, c)], [a, b, c])
    assert exact == {a: sp.Rational(-11, 9), b: sp.Rational(7, 9), c: sp.Rational(7, 3)}
    ls = least_squares_plane(*PLANE5)
    np.testing.assert_allclose(ls, [-11 / 9, 7 / 9, 7 / 3], rtol=1e-13)
    A = np.column_stack([PLANE5[0], PLANE5[1], np.ones(5)])
    np.testing.assert_allclose(ls, np.linalg.lstsq(A, PLANE5[2], rcond=None)[0], rtol=1e-12)
    P = fit_plane_trace(*PLANE5, (0, 0, 0), 0.01, 1000)[-1]
    np.testing.assert_allclose(P, ls, atol=1e-7)
    assert plane_error(P, *PLANE5) == pytest.approx(130 / 9, abs=1e-10)
    printed = ("-1.22", "0.77", "2.33")
    assert all(book_close(v, s) for v, s in zip(P, printed, strict=True))
    assert book_close(plane_error(P, *PLANE5), "14.44")
    assert book_close(P @ [1, 1, 1], "1.88") and P @ [1, 1, 1] == pytest.approx(17 / 9, abs=1e-7)


def test_plane_gradient_matches_sympy():
    """Is grad E(a,b,c) [L4590] sympy's derivative on the five points?"""
    E = sym_sum_error(lambda p: a * p[0] + b * p[1] + c, PLANE5[:2].T, PLANE5[2])
    at = {a: 0.3, b: -1.2, c: 2.0}
    want = [float(sp.diff(E, v).subs(at)) for v in (a, b, c)]
    np.testing.assert_allclose(plane_error_gradient((0.3, -1.2, 2.0), *PLANE5), want, rtol=1e-13)


# ---------------------------------------------------------------- SGD parabola and circle


def test_parabola_local_gradient_and_sgd_values():
    """Is grad E_i of y = x² + ax + b sympy's, E(1,1) = 284, and SGD₂ = (0.72, 0.8828) (8-E10)?"""
    px, py = np.array([2.0, 0, 4, 1]), np.array([0.0, 2, 6, 0])
    for i in range(4):
        Ei = (py[i] - (px[i] ** 2 + a * px[i] + b)) ** 2
        want = [float(sp.diff(Ei, v).subs({a: 0.5, b: -1})) for v in (a, b)]
        np.testing.assert_allclose(parabola_local_gradient((0.5, -1), px, py, i), want, rtol=1e-14)
    assert parabola_error((1, 1), px, py) == pytest.approx(284)
    tr = sgd_trace(lambda P, i: parabola_local_gradient(P, px, py, i), 4, (1, 1), 0.01, 2)
    np.testing.assert_allclose(tr[1:], [[0.72, 0.86], [0.72, 0.8828]], rtol=1e-13)


def test_circle_gradient_matches_sympy():
    """Is grad E_i of E_i = ((x_i − a)² + (y_i − b)² − c²)² [L4803] sympy's (exact factor −4)?"""
    for i in range(6):
        Ei = ((CX[i] - a) ** 2 + (CY[i] - b) ** 2 - c**2) ** 2
        at = {a: 1.0, b: 1.5, c: 2.0}
        want = [float(sp.diff(Ei, v).subs(at)) for v in (a, b, c)]
        np.testing.assert_allclose(circle_local_gradient((1, 1.5, 2), CX, CY, i), want, rtol=1e-12)


@pytest.mark.parametrize("K", [1, 2, 3, 6])
def test_circle_fit_by_minibatch(K):
    """Does mini-batch descent find centre (3,2), radius 1 from (1,1,2) for K = 1,2,3,6 (8-E11)?"""
    assert circle_error((1, 1, 2), CX, CY) == pytest.approx(138.568291, abs=1e-6)
    tr = minibatch_trace(lambda P, i: circle_local_gradient(P, CX, CY, i), 6, (1, 1, 2), 0.005,
                         K, 200)
    np.testing.assert_allclose([tr[-1][0], tr[-1][1], abs(tr[-1][2])], [3, 2, 1], atol=1e-4)
    E10 = circle_error(tr[10 * len(range(0, 6, K))], CX, CY)  # after 10 epochs
    assert E10 == pytest.approx({1: 6.90, 2: 4.61, 3: 2.27, 6: 0.92}[K], abs=0.01)


def test_noisy_circle_two_epochs():
    """On 100 seeded noisy points around centre (1,2), radius 3, do 2 epochs (δ = 0.001) suffice?"""
    rng = np.random.default_rng(0)
    th, r = rng.uniform(0, 2 * np.pi, 100), 3 + rng.uniform(-0.5, 0.5, 100)
    nx, ny = 1 + r * np.cos(th), 2 + r * np.sin(th)
    for K in (1, 10, 20):
        tr = minibatch_trace(lambda P, i: circle_local_gradient(P, nx, ny, i), 100, (1, 1, 1),
                             0.001, K, 2, shuffle=True, rng=1)
        np.testing.assert_allclose(tr[-1], [1, 2, 3], atol=0.25)


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("call", [
    lambda: line_error((1, 2), [1, 2, 3], [1, 2]),
    lambda: line_error((1, 2, 3), [1, 2], [1, 2]),
    lambda: least_squares_line([2, 2, 2], [1, 2, 3]),
    lambda: least_squares_plane([0, 1, 2], [0, 1, 2], [1, 2, 3]),
    lambda: circle_error((1, 2), [1], [1]),
])
def test_bad_inputs_raise_value_error(call):
    """Are mismatched lengths, wrong parameter counts and undetermined fits rejected?"""
    with pytest.raises(ValueError):
        call()
