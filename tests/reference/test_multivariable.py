"""Tests for reference.multivariable (chapter 3 §1–3, ch4 §3.2 level sets)."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize, minimize_scalar
from skimage.measure import find_contours

from reference.multivariable import (
    centroid,
    classify_quadric,
    distance_cost,
    golden_section_min,
    grid_min,
    grid_min_trace,
    level_set_points,
    level_set_sum_of_squares,
    point_line_distance,
    random_min,
    slice_at_x,
    slice_at_y,
    slice_min,
    slice_min_trace,
    squared_distance_cost,
    superlevel_fraction,
)

ABC = [(1, 2), (3, 5), (6, 1)]  # [L1588]
BOX = (0, 6, 0, 6)
FERMAT = (2.9057908, 2.9846468, 7.8386774221593)  # notes 3-E9
x_, y_ = sp.symbols("x y", real=True)


def book_number(value, printed: str) -> bool:
    """Notes Appendix B.3: within one unit of the last printed digit, either direction."""
    d = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) < 10.0**-d


def g_book(x, y):
    """g = MA + MB + MC written out as in [L1641] (oracle for distance_cost)."""
    return (np.sqrt((x - 1) ** 2 + (y - 2) ** 2) + np.sqrt((x - 3) ** 2 + (y - 5) ** 2)
            + np.sqrt((x - 6) ** 2 + (y - 1) ** 2))


# ---- slices and graph facts ------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3))
def test_slices_fix_one_variable(x, y):
    """Are f|_{y₀}(x) = f(x, y₀) and f|_{x₀}(y) = f(x₀, y) for f = x e^{−x²−y²}?"""
    f = lambda u, v: u * np.exp(-(u**2) - v**2)  # noqa: E731
    assert slice_at_y(f, y)(x) == f(x, y)
    assert slice_at_x(f, x)(y) == f(x, y)
    assert slice_at_x(f, 0.0)(y) == 0.0  # the line x = 0, z = 0 lies in the graph (3-E1)


def test_graph_facts_of_x_exp():
    """Is f(1, 0) = 1/e exactly, and |f| ≤ e^{−½}/√2 with the max at (1/√2, 0) (3-E1)?"""
    f = x_ * sp.exp(-(x_**2) - y_**2)
    assert f.subs({x_: 1, y_: 0}) == sp.exp(-1)
    crit = sp.solve([sp.diff(f, x_), sp.diff(f, y_)], [x_, y_], dict=True)
    values = sorted(f.subs(c) for c in crit)
    assert sp.simplify(values[-1] - sp.exp(-sp.Rational(1, 2)) / sp.sqrt(2)) == 0
    fx = slice_at_y(sp.lambdify((x_, y_), f, "numpy"), 0.0)
    np.testing.assert_allclose(fx(np.array([1 / math.sqrt(2)])), 0.428882, atol=1e-6)


@settings(max_examples=50, deadline=None)
@given(st.floats(-5, 5), st.floats(-5, 5), st.floats(-5, 5), st.floats(-5, 5),
       st.floats(-5, 5), st.floats(0.5, 3))
def test_point_line_distance(a, b, c, x0, y0, lam):
    """Is d(M, D) the distance to the orthogonal projection, scale-invariant, 0 on the line?"""
    if math.hypot(a, b) < 1e-3:
        return
    t = (a * x0 + b * y0 + c) / (a * a + b * b)
    foot = (x0 - t * a, y0 - t * b)  # orthogonal projection of M on D
    d = point_line_distance(a, b, c, x0, y0)
    assert d == pytest.approx(math.hypot(x0 - foot[0], y0 - foot[1]), rel=1e-9, abs=1e-9)
    assert point_line_distance(-lam * a, -lam * b, -lam * c, x0, y0) == pytest.approx(
        d, rel=1e-9, abs=1e-12)
    assert point_line_distance(a, b, c, *foot) == pytest.approx(0.0, abs=1e-9)


def test_point_line_distance_rejects_degenerate_line():
    """Is (a, b) = (0, 0) rejected with ValueError?"""
    with pytest.raises(ValueError):
        point_line_distance(0, 0, 1, 2, 3)


# ---- the A, B, C example ---------------------------------------------------------------------


def test_sum_of_squares_cost_expands_as_in_the_book():
    """Does MA² + MB² + MC² expand to 3x² + 3y² − 20x − 16y + 76 (3-E4)?"""
    f = squared_distance_cost(ABC)(x_, y_)
    assert sp.expand(f - (3 * x_**2 + 3 * y_**2 - 20 * x_ - 16 * y_ + 76)) == 0


def test_centroid_is_the_exact_minimiser():
    """Is the minimiser (10/3, 8/3) with z₀ = 64/3, printed (3.33, 2.66) and 21.33 (3-E4)?"""
    f = squared_distance_cost(ABC)
    sol = sp.solve([sp.diff(f(x_, y_), x_), sp.diff(f(x_, y_), y_)], [x_, y_])
    assert sol == {x_: sp.Rational(10, 3), y_: sp.Rational(8, 3)}
    np.testing.assert_allclose(centroid(ABC), [10 / 3, 8 / 3], rtol=1e-15)
    assert f(*centroid(ABC)) == pytest.approx(64 / 3, rel=1e-14)
    assert book_number(10 / 3, "3.33") and book_number(8 / 3, "2.66")


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 10))
def test_centroid_minimises_sum_of_squares(seed, n):
    """Does scipy.optimize.minimize find the centroid for 2 to 10 random points?"""
    P = np.random.default_rng(seed).uniform(-5, 5, size=(n, 2))
    f = squared_distance_cost(P)
    res = minimize(lambda v: f(v[0], v[1]), x0=np.zeros(2), method="BFGS", tol=1e-12)
    np.testing.assert_allclose(centroid(P), res.x, atol=1e-6)


def test_distance_cost_matches_the_written_formula():
    """Is distance_cost(A, B, C) the g of [L1641] on a grid?"""
    X, Y = np.meshgrid(np.linspace(-1, 7, 9), np.linspace(-1, 7, 9))
    np.testing.assert_allclose(distance_cost(ABC)(X, Y), g_book(X, Y), rtol=1e-14)


# ---- grid search -----------------------------------------------------------------------------


def test_grid_search_book_result():
    """Does the N = 100 grid on [0, 6]² give (2.909091, 2.969697), 7.838748 (3-E5)?"""
    x, y, z = grid_min(g_book, BOX, 100)
    np.testing.assert_allclose([x, y, z], [2.909091, 2.969697, 7.838748], atol=1e-6)
    assert book_number(x, "2.91") and book_number(y, "2.97") and book_number(z, "7.84")


def test_grid_search_is_brute_force_minimum():
    """Is the result a grid point whose value is ≤ every value, by a plain double loop?"""
    xs = ys = np.linspace(0, 6, 40)
    best = min((g_book(x, y), x, y) for y in ys for x in xs)
    x, y, z = grid_min(g_book, BOX, 40)
    assert (x, y, z) == pytest.approx((best[1], best[2], best[0]), rel=1e-15)


def test_grid_search_does_not_swap_x_and_y():
    """With the asymmetric (x − 1)² + 10(y − 4)², is the minimiser (1, 4), not (4, 1)?"""
    f = lambda x, y: (x - 1) ** 2 + 10 * (y - 4) ** 2  # noqa: E731
    assert grid_min(f, (0, 2, 3, 5), 21) == pytest.approx((1.0, 4.0, 0.0), abs=1e-12)


def test_grid_refinement_converges_to_fermat_point():
    """Does refining the grid decrease z and approach scipy's minimum of g?"""
    trace = grid_min_trace(g_book, BOX, 30, rounds=4)
    zs = [t["z"] for t in trace]
    assert all(b <= a for a, b in zip(zs, zs[1:], strict=False))
    res = minimize(lambda v: g_book(*v), x0=[1.0, 1.0], method="Nelder-Mead",
                   options={"xatol": 1e-10, "fatol": 1e-12})
    np.testing.assert_allclose([trace[-1]["x"], trace[-1]["y"]], res.x, atol=1e-4)
    with pytest.raises(ValueError):
        grid_min_trace(g_book, BOX, 1)
    with pytest.raises(ValueError):
        grid_min(g_book, (0, 0, 0, 6), 10)


# ---- random search ---------------------------------------------------------------------------


def test_random_search_seeded():
    """Is the search reproducible, seed 0 giving (2.9879, 2.9835), 7.840948 (3-E6)?"""
    a = random_min(g_book, BOX, 1000, np.random.default_rng(0))
    assert a == random_min(g_book, BOX, 1000, 0)
    np.testing.assert_allclose(a, [2.9879, 2.9835, 7.840948], atol=1e-4)


def test_random_search_quality():
    """Over 20 seeds, is 7.8386774 ≤ z < 7.9 with n = 1000 points (5-I4)?"""
    for seed in range(20):
        z = random_min(g_book, BOX, 1000, seed)[2]
        assert FERMAT[2] - 1e-12 <= z < 7.9


def test_random_search_best_of_its_sample():
    """Is the result the minimum over the same sample drawn independently?"""
    P = np.random.default_rng(7).uniform((0, 0), (6, 6), size=(50, 2))
    z = [g_book(x, y) for x, y in P]
    assert random_min(g_book, BOX, 50, 7) == pytest.approx((*P[np.argmin(z)], min(z)))
    with pytest.raises(ValueError):
        random_min(g_book, BOX, 0, 1)


# ---- slice search ----------------------------------------------------------------------------


@pytest.mark.parametrize(("g", "lo", "hi"), [
    (lambda t: (t - 1.3) ** 2, -5, 5), (np.cosh, -2, 3), (lambda t: abs(t + 0.7), -3, 1),
    (lambda t: g_book(0.0, t), 0, 6),
])
def test_golden_section_matches_scipy(g, lo, hi):
    """Does golden_section_min agree with scipy.optimize.minimize_scalar (bounded)?"""
    t, gt = golden_section_min(g, lo, hi)
    ref = minimize_scalar(g, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
    assert t == pytest.approx(ref.x, abs=1e-6)
    assert gt == pytest.approx(g(t))


def test_slice_method_book_steps():
    """Does the slice method from x₀ = 0 give y₀ = 2.452249, x₁ = 2.840462 (3-E7, 3-E8)?"""
    trace = slice_min_trace(g_book, 0.0, BOX, rounds=4)
    assert [t["axis"] for t in trace[:2]] == ["y", "x"]
    assert trace[0]["y"] == pytest.approx(2.452249, abs=1e-6)
    assert trace[0]["z"] == pytest.approx(11.206627, abs=1e-6)
    assert trace[1]["x"] == pytest.approx(2.840462, abs=1e-6)
    assert trace[1]["z"] == pytest.approx(7.925267, abs=1e-6)
    assert book_number(trace[0]["y"], "2.45") and book_number(trace[1]["x"], "2.84")
    rounds = [(trace[k]["y"], trace[k + 1]["x"]) for k in (2, 4, 6)]
    np.testing.assert_allclose(rounds, [(2.97278, 2.90421), (2.98439, 2.90576),
                                        (2.98464, 2.905790)], atol=1e-5)


def test_slice_method_first_slice_is_the_book_formula():
    """Is g|_{x₀=0}(y) = √(1 + (y−2)²) + √(9 + (y−5)²) + √(36 + (y−1)²) [L1651]?"""
    y = np.linspace(0, 6, 13)
    by_hand = np.sqrt(1 + (y - 2) ** 2) + np.sqrt(9 + (y - 5) ** 2) + np.sqrt(36 + (y - 1) ** 2)
    np.testing.assert_allclose(slice_at_x(distance_cost(ABC), 0.0)(y), by_hand, rtol=1e-14)


def test_slice_method_converges_and_decreases():
    """Are the z non-increasing, and is the limit the Fermat point (3-E9, printed 2.90579…)?"""
    trace = slice_min_trace(distance_cost(ABC), 0.0, BOX, rounds=6)
    zs = [t["z"] for t in trace]
    assert all(b <= a + 1e-12 for a, b in zip(zs, zs[1:], strict=False))
    x, y, z = slice_min(distance_cost(ABC), 0.0, BOX, rounds=6)
    np.testing.assert_allclose([x, y, z], FERMAT, atol=1e-6)
    assert book_number(x, "2.90579") and book_number(y, "2.98464") and book_number(z, "7.83867")


def test_slice_method_on_a_quadratic_matches_scipy():
    """On an elongated quadratic, does the slice method reach scipy's minimiser?"""
    f = lambda x, y: (x - 1) ** 2 + (x - 1) * (y + 2) + 2 * (y + 2) ** 2  # noqa: E731
    x, y, _ = slice_min(f, 4.0, (-5, 5, -5, 5), rounds=40)
    res = minimize(lambda v: f(*v), x0=[0.0, 0.0], method="BFGS", tol=1e-12)
    np.testing.assert_allclose([x, y], res.x, atol=1e-6)


# ---- level sets ------------------------------------------------------------------------------


def test_level_sets_of_sum_of_squares():
    """Is L_c empty, the origin, or the circle of radius √c (3-E11)?"""
    assert level_set_sum_of_squares(-1) == ("empty", None)
    assert level_set_sum_of_squares(0) == ("point", 0.0)
    for c in (4, 2):
        kind, r = level_set_sum_of_squares(c)
        assert kind == "circle" and r == pytest.approx(float(sp.sqrt(c)), abs=1e-15)


def test_level_set_points_lie_on_the_circle():
    """Do the extracted points of x² + y² = c lie on radius √c, and none for c < 0?"""
    f = lambda x, y: x**2 + y**2  # noqa: E731
    axis = np.linspace(-3, 3, 121)
    for c in (1.0, 4.0):
        P = level_set_points(f, axis, axis, c)
        assert len(P) > 20
        np.testing.assert_allclose(np.hypot(P[:, 0], P[:, 1]), math.sqrt(c), atol=2e-3)
    assert len(level_set_points(f, axis, axis, -1.0)) == 0


def test_level_set_points_match_marching_squares():
    """Are the points the vertices of skimage.measure.find_contours, mapped to coordinates?"""
    xs, ys = np.linspace(-3, 3, 41), np.linspace(-2.5, 2.5, 31)
    f = lambda x, y: x**2 + 0.5 * y**2 + 0.3 * x * y  # noqa: E731
    X, Y = np.meshgrid(xs, ys)
    rc = np.concatenate(find_contours(f(X, Y), 2.0))  # (row, col) index coordinates
    ref = np.stack([np.interp(rc[:, 1], np.arange(len(xs)), xs),
                    np.interp(rc[:, 0], np.arange(len(ys)), ys)], axis=1)
    ours = level_set_points(f, xs, ys, 2.0)
    d = np.linalg.norm(ours[:, None, :] - ref[None, :, :], axis=2)
    assert d.min(axis=1).max() < 1e-12 and d.min(axis=0).max() < 1e-12


def test_superlevel_fraction():
    """Is the part of [−2,2]² where y³ + 2y² − x² ≥ 0 about 0.537 (4-I7), and a brute count?"""
    f = lambda x, y: y**3 + 2 * y**2 - x**2  # noqa: E731
    assert superlevel_fraction(f, (-2, 2, -2, 2), 400) == pytest.approx(0.53735, abs=1e-5)
    axis = np.linspace(-2, 2, 30)
    count = sum(f(x, y) >= 0 for x in axis for y in axis)
    assert superlevel_fraction(f, (-2, 2, -2, 2), 30) == pytest.approx(count / 900)


# ---- quadrics --------------------------------------------------------------------------------


def test_book_quadrics():
    """Are x²/a² + y²/b² − 1, x², x² − y² the elliptic paraboloid, cylinder, saddle [L1716]?"""
    assert classify_quadric(1 / 1.5**2, 0, 1)["surface"] == "elliptic paraboloid"
    assert classify_quadric(1 / 1.5**2, 0, 1)["level_curves"] == "ellipses"
    assert classify_quadric(1, 0, 0)["surface"] == "parabolic cylinder"
    assert classify_quadric(1, 0, 0)["level_curves"] == "lines"
    assert classify_quadric(1, 0, -1)["surface"] == "hyperbolic paraboloid"
    assert classify_quadric(1, 0, -1)["level_curves"] == "hyperbolas"
    assert classify_quadric(0, 0, 0)["kind"] == "flat"


@settings(max_examples=60, deadline=None)
@given(st.integers(-5, 5), st.integers(-5, 5), st.integers(-5, 5))
def test_quadric_classification_matches_hessian(p, s, q):
    """Does the type follow the sign of det Hess(f) = 4pq − s² computed by sympy?"""
    f = p * x_**2 + s * x_ * y_ + q * y_**2
    det = sp.hessian(f, (x_, y_)).det()
    kind = classify_quadric(p, s, q)["kind"]
    if det > 0:
        assert kind == "elliptic"
    elif det < 0:
        assert kind == "hyperbolic"
    else:
        assert kind == ("flat" if (p, s, q) == (0, 0, 0) else "parabolic")


def test_elliptic_level_sets_are_bounded():
    """Are the level sets of an elliptic quadric bounded and those of a saddle not?"""
    axis = np.linspace(-20, 20, 201)
    ell = level_set_points(lambda x, y: x**2 + x * y + 2 * y**2, axis, axis, 4.0)
    hyp = level_set_points(lambda x, y: x**2 + 3 * x * y + y**2, axis, axis, 4.0)
    assert np.abs(ell).max() < 4 and np.abs(hyp).max() > 15
