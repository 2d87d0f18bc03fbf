"""Tests for reference.gradient (chapter 7 « Gradient»); worked facts 7-E1 … 7-E15 of the notes."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from reference.gradient import (
    chain_backward,
    chain_forward,
    classify_critical_point,
    critical_points,
    directional_derivative,
    error_partials,
    half_smile,
    level_set_tangent,
    linear_approximation,
    network2_partials,
    numeric_gradient,
    partial_derivative,
    smile,
    symbolic_gradient,
    symbolic_partials,
    tangent_plane,
)

x, y, z, t = sp.symbols("x y z t", real=True)
coord = st.floats(-2.0, 2.0, allow_nan=False)
SQUARE = (lambda u: u * u, lambda u: 2 * u)  # u ↦ u² of network 1
LN = (math.log, lambda v: 1 / v)  # v ↦ ln v


def lam(expr, variables):
    return sp.lambdify(variables, expr, "math")


# ---------------------------------------------------------------- partial derivatives


def test_symbolic_partials_book_examples():
    """Do the symbolic partials match 7-E1 (x²e^{3y}) and 7-E2 (cos(x+y²)e^{−z}) [L3454–3466]?"""
    fx, fy = symbolic_partials(x**2 * sp.exp(3 * y), [x, y])
    assert sp.simplify(fx - 2 * x * sp.exp(3 * y)) == 0
    assert sp.simplify(fy - 3 * x**2 * sp.exp(3 * y)) == 0
    book = [-sp.sin(x + y**2) * sp.exp(-z), -2 * y * sp.sin(x + y**2) * sp.exp(-z),
            -sp.cos(x + y**2) * sp.exp(-z)]
    for got, want in zip(symbolic_partials(sp.cos(x + y**2) * sp.exp(-z), [x, y, z]), book,
                         strict=True):
        assert sp.simplify(got - want) == 0


def test_symbolic_partials_sum_of_squares():
    """Is ∂(x₁² + … + xₙ²)/∂xᵢ = 2xᵢ (7-E3) for n = 5?"""
    xs = sp.symbols("x1:6")
    assert symbolic_partials(sum(v**2 for v in xs), xs) == [2 * v for v in xs]


def test_symbolic_gradient_at_point_is_exact():
    """Is grad(x²y³)(2, 1) = (4, 12) exactly (7-E4), and a column vector [L3509]?"""
    g = symbolic_gradient(x**2 * y**3, [x, y], (2, 1))
    assert g.shape == (2, 1)
    assert g == sp.Matrix([4, 12])


@settings(max_examples=40, deadline=None)
@given(coord, coord, coord)
def test_numeric_gradient_matches_sympy(a, b, c):
    """Does the central-difference gradient of x² sin(yz) match sympy's (7-E5) to 1e-7?"""
    f = x**2 * sp.sin(y * z)
    want = [float(d.subs({x: a, y: b, z: c})) for d in symbolic_partials(f, [x, y, z])]
    got = numeric_gradient(lam(f, [x, y, z]), [a, b, c])
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-7)


def test_central_differences_beat_forward_differences():
    """Is the central quotient O(h²) and the book's quotient [L3423] O(h) (f = x³y at (1,2))?"""
    f = lambda u, v: u**3 * v  # noqa: E731
    exact = 6.0  # ∂f/∂x = 3x²y
    fwd = partial_derivative(f, (1.0, 2.0), 0, h=1e-3, scheme="forward")
    ctr = partial_derivative(f, (1.0, 2.0), 0, h=1e-3, scheme="central")
    assert abs(fwd - exact) == pytest.approx(6e-3, rel=1e-2)  # h·∂²f/∂x²/2 = 6xy·h/2
    assert abs(ctr - exact) == pytest.approx(2e-6, rel=1e-2)  # h²·∂³f/∂x³/6 = 6y·h²/6


@pytest.mark.parametrize(("kwargs", "err"), [({"i": 2}, ValueError), ({"h": 0.0}, ValueError),
                                             ({"scheme": "backward"}, ValueError)])
def test_partial_derivative_rejects_bad_arguments(kwargs, err):
    """Are an out-of-range index, h = 0 and an unknown scheme rejected with ValueError?"""
    args = {"i": 0, "h": 1e-6, "scheme": "central"} | kwargs
    with pytest.raises(err):
        partial_derivative(lambda u, v: u * v, (1.0, 1.0), **args)


# ---------------------------------------------------------------- geometry


def test_ellipse_tangent():
    """Is the tangent to x²/a² + y²/b² = 1 at (x0,y0) the line x0x/a² + y0y/b² = 1 (7-E6)?"""
    a, b, th = 3.0, 2.0, 0.7
    x0, y0 = a * np.cos(th), b * np.sin(th)
    normal, offset = level_set_tangent([2 * x0 / a**2, 2 * y0 / b**2], [x0, y0])
    np.testing.assert_allclose(normal / offset, [x0 / a**2, y0 / b**2], rtol=1e-12)
    velocity = [-a * np.sin(th), b * np.cos(th)]  # tangent vector of the parametrised ellipse
    assert abs(normal @ velocity) < 1e-12  # Proposition 1: grad ⟂ level curve


def test_tangent_plane_to_sphere_level_surface():
    """Is grad f ⟂ the sphere x²+y²+z² = 14 at (1,2,3) and is the plane x+2y+3z = 14 (Prop 4)?"""
    f = lambda u, v, w: u * u + v * v + w * w  # noqa: E731
    normal, offset = level_set_tangent(numeric_gradient(f, [1, 2, 3]), [1, 2, 3])
    np.testing.assert_allclose(np.append(normal, offset) / 2, [1, 2, 3, 14], rtol=1e-8)


def test_level_set_tangent_rejects_zero_gradient():
    """Is a zero gradient (no tangent defined [L3537]) rejected with ValueError?"""
    with pytest.raises(ValueError, match="zero vector"):
        level_set_tangent([0.0, 0.0], [1.0, 1.0])


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 2 * np.pi), coord, coord)
def test_directional_derivative_is_slope_and_max_along_gradient(theta, a, b):
    """Is D_v f the slope of t ↦ f(P + tv), ≤ ‖grad f‖ with equality along grad (Prop 3)?"""
    f = lambda u, v: u**2 * v + np.sin(v)  # noqa: E731
    g = numeric_gradient(f, [a, b])
    v = np.array([np.cos(theta), np.sin(theta)])
    slope = partial_derivative(lambda s: f(a + s * v[0], b + s * v[1]), [0.0], 0)
    assert directional_derivative(g, v) == pytest.approx(slope, abs=1e-6)
    assert directional_derivative(g, v) <= np.linalg.norm(g) + 1e-12
    if np.linalg.norm(g) > 1e-6:
        best = directional_derivative(g, g / np.linalg.norm(g))
        assert best == pytest.approx(np.linalg.norm(g), rel=1e-12)


def test_linear_approximation_book_value():
    """Is f(1.002, 0.997) ≃ 1.001 for f = x²y (7-E7), with exact value 1.000991988 [L3655]?"""
    f = lambda u, v: u * u * v  # noqa: E731
    approx = linear_approximation(f, (1, 1), (0.002, -0.003), grad=(2, 1))
    assert approx == pytest.approx(1.001, abs=1e-15)
    assert linear_approximation(f, (1, 1), (0.002, -0.003)) == pytest.approx(1.001, abs=1e-9)
    assert f(1.002, 0.997) == pytest.approx(1.000991988, abs=1e-12)
    assert abs(f(1.002, 0.997) - approx) < 1e-5  # the book's « l'approximation est bonne »


def test_tangent_plane_matches_sympy():
    """Is the tangent plane of x²y at (1,1) z = 2x + y − 2, as the sympy formula [L3641] gives?"""
    slopes, intercept = tangent_plane(lambda u, v: u * u * v, (1.0, 1.0), grad=(2, 1))
    f = x**2 * y
    plane = f.subs({x: 1, y: 1}) + sum(d.subs({x: 1, y: 1}) * (v - 1)
                                        for d, v in zip(symbolic_partials(f, [x, y]), [x, y],
                                                        strict=True))
    assert sp.expand(plane - (slopes[0] * x + slopes[1] * y + intercept)) == 0


@settings(max_examples=30, deadline=None)
@given(coord, coord, st.floats(-1, 1), st.floats(-1, 1))
def test_tangent_plane_error_is_second_order(a, b, hx, hy):
    """Does the tangent-plane error shrink like ‖step‖² when the step is divided by 10?"""
    f = lambda u, v: np.exp(0.3 * u) * np.cos(v)  # noqa: E731
    errs = []
    for s in (1e-2, 1e-3):
        step = (s * hx, s * hy)
        errs.append(abs(f(a + step[0], b + step[1]) - linear_approximation(f, (a, b), step)))
    assert errs[1] <= errs[0] / 50 + 1e-12


# ---------------------------------------------------------------- critical points


def test_critical_points_book_example():
    """Are (0,0) and (1/12,−1/6) the critical points of x² − y³ + xy, a saddle and a min (7-E8)?"""
    f = x**2 - y**3 + x * y
    pts = critical_points(f, [x, y])
    assert pts == [(0, 0), (sp.Rational(1, 12), sp.Rational(-1, 6))]
    assert classify_critical_point(f, [x, y], pts[0]) == "saddle"
    assert classify_critical_point(f, [x, y], pts[1]) == "min"
    assert f.subs({x: pts[1][0], y: pts[1][1]}) == sp.Rational(-1, 432)


@pytest.mark.parametrize(("expr", "kind"), [(x**2 - y**2, "saddle"), (x**2 + y**2, "min"),
                                             (-(x**2) - y**2, "max"), (x**4 + y**4, "degenerate")])
def test_classify_model_cases(expr, kind):
    """Is the origin classified as the book's models say (col x² − y² [L3723], min, max)?"""
    assert critical_points(expr, [x, y]) == [(0, 0)]
    assert classify_critical_point(expr, [x, y], (0, 0)) == kind


def test_classify_rejects_non_critical_point():
    """Is a point where the gradient does not vanish rejected?"""
    with pytest.raises(ValueError, match="not a critical point"):
        classify_critical_point(x**2 + y**2, [x, y], (1, 0))


# ---------------------------------------------------------------- §3 autodiff examples


def test_graph_example_ln_against_three_oracles():
    """Is grad ln(x²y + sin y)(3, 2) = (12, 9 + cos 2)/(18 + sin 2) (7-E10), numeric and sympy?"""
    F = sp.log(x**2 * y + sp.sin(y))
    book = [12 / (18 + math.sin(2)), (9 + math.cos(2)) / (18 + math.sin(2))]
    np.testing.assert_allclose(book, [0.6346085, 0.4539488], atol=1e-7)
    np.testing.assert_allclose(numeric_gradient(lam(F, [x, y]), [3, 2]), book, rtol=1e-8)
    np.testing.assert_allclose([float(v) for v in symbolic_gradient(F, [x, y], (3, 2))], book,
                               rtol=1e-14)


def test_graph_examples_against_autodiff():
    """Does the chapter-1 autodiff engine agree with 7-E10, 7-E11 and 7-E13 (three paths)?"""
    ad = pytest.importorskip("reference.autodiff")
    _, g = ad.grad(lambda u, v: ad.log(u * u * v + ad.sin(v)), 3.0, 2.0)
    np.testing.assert_allclose(g, [12 / (18 + math.sin(2)), (9 + math.cos(2)) / (18 + math.sin(2))],
                               rtol=1e-14)
    _, (d1,) = ad.grad(lambda s: ad.sqrt(ad.exp(s) * ad.sin(s)), 1.0)
    e = math.e
    assert d1 == pytest.approx(e * (math.sin(1) + math.cos(1)) / (2 * math.sqrt(e * math.sin(1))),
                               rel=1e-14)
    assert d1 == pytest.approx(1.2417509, abs=1e-7)
    _, (d2,) = ad.grad(lambda s: (s * s) * ad.log(s) * ad.log(ad.log(s)), e**2)
    assert d2 == pytest.approx(e**2 * (1 + math.log(32)), rel=1e-12)
    assert d2 == pytest.approx(32.99757, abs=1e-5)


def test_sum_over_outgoing_edges_example():
    """Is F'(t) = 1 + 2 ln t / t − cos t / sin² t for F = t + (ln t)² + 1/sin t (7-E12)?"""
    F = t + sp.log(t) ** 2 + 1 / sp.sin(t)
    (dF,) = symbolic_partials(F, [t])
    assert sp.simplify(dF - (1 + 2 * sp.log(t) / t - sp.cos(t) / sp.sin(t) ** 2)) == 0
    assert partial_derivative(lam(F, [t]), [1.3], 0) == pytest.approx(float(dF.subs(t, 1.3)),
                                                                     rel=1e-8)


# ---------------------------------------------------------------- §4 network gradients


def test_network1_chain_backward_book_values():
    """Does the recursion give F = ln 500, ∂F/∂(c, a, b, x) = 1/5, 2/5, 1/5, 3/5 (7-E14)?"""
    out = chain_backward(2.0, [3.0, 5.0], [SQUARE, LN], biases=[4.0, 0.0])
    np.testing.assert_allclose(out["values"], [2, 100, math.log(500)], rtol=1e-15)
    np.testing.assert_allclose(out["derivs"], [20, 1 / 500], rtol=1e-15)
    assert out["F"] == pytest.approx(math.log(500), rel=1e-15)
    np.testing.assert_allclose(out["dF_da"], [2 / 5, 1 / 5], rtol=1e-14)  # ∂F/∂a, ∂F/∂c
    assert out["dF_db"][0] == pytest.approx(1 / 5, rel=1e-14)
    assert out["dF_dx"] == pytest.approx(3 / 5, rel=1e-14)


def test_network1_smile_formulas_as_in_the_book():
    """Do half-smile then smile reproduce the book's hand computation of 7-E14 [L4034–4071]?"""
    dc = half_smile(100, 1 / 500)
    da = smile(2, 100, 20, 5, dc)
    db = smile(1, 100, 20, 5, dc)  # bias: virtual coefficient 1
    dx = smile(1, 2, 1, 3, da)  # ∂F/∂x = (b/x)·∂F/∂b with b = a = 3 [L3993]
    np.testing.assert_allclose([dc, da, db, dx], [1 / 5, 2 / 5, 1 / 5, 3 / 5], rtol=1e-14)


def test_network1_against_sympy():
    """Do the chain partials equal sympy's derivatives of ln(c(ax + b)²) at random points?"""
    a, b, c = sp.symbols("a b c")
    F = sp.log(c * (a * x + b) ** 2)
    rng = np.random.default_rng(7)
    for xv, av, bv, cv in rng.uniform(0.5, 2.0, size=(5, 4)):
        out = chain_backward(xv, [av, cv], [SQUARE, LN], biases=[bv, 0.0])
        at = {x: xv, a: av, b: bv, c: cv}
        want = [float(sp.diff(F, v).subs(at)) for v in (a, c, b, x)]
        got = [out["dF_da"][0], out["dF_da"][1], out["dF_db"][0], out["dF_dx"]]
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_network2_generated_vector_and_sympy():
    """Does network 2 give the notes' vector at x=a=b=c=d=1 (7-E15) and match sympy elsewhere?"""
    out = network2_partials(1, 1, 1, 1, 1)
    np.testing.assert_allclose([out[k] for k in "xabcd"],
                               [-1.1992406, -3.3507009, 2.1514603, 2.1514603, 3.3507009],
                               atol=1e-7)
    a, b, c, d = sp.symbols("a b c d")
    F = sp.exp(c * sp.cos(a * x) + d * sp.sin(b * x))
    at = {x: 0.7, a: 1.3, b: -0.4, c: 0.9, d: 1.6}
    out = network2_partials(*at.values())
    assert out["F"] == pytest.approx(float(F.subs(at)), rel=1e-14)
    for name, var in zip("xabcd", (x, a, b, c, d), strict=True):
        assert out[name] == pytest.approx(float(sp.diff(F, var).subs(at)), rel=1e-12)


def test_smile_rejects_zero_output_but_chain_backward_handles_it():
    """Is the smile refused when g_* = 0 [L4006] while the recursion [L4188] still works?"""
    with pytest.raises(ValueError, match="g_\\* = 0"):
        smile(1.0, 0.0, 0.0, 2.0, 1.0)
    relu = (lambda s: max(s, 0.0), lambda s: float(s > 0))
    ident = (lambda s: s, lambda s: 1.0)
    w, bias = np.array([1.5, -2.0, 0.7]), np.array([0.1, 0.5, 0.3])
    acts = [relu, relu, ident]
    out = chain_backward(1.2, w, acts, biases=bias)
    assert out["values"][2] == 0.0  # the second ReLU outputs 0: the smile would divide by 0
    F = lambda *p: chain_forward(p[0], p[1:4], acts, biases=p[4:])[0][-1]  # noqa: E731
    num = numeric_gradient(F, np.concatenate([[1.2], w, bias]))
    np.testing.assert_allclose(np.concatenate([[out["dF_dx"]], out["dF_da"], out["dF_db"]]), num,
                               atol=1e-9)


def test_smile_sums_over_outgoing_edges():
    """Does smile with two outgoing edges equal the sum of two one-edge smiles [L3966]?"""
    two = smile(0.3, 0.8, 0.16, [1.5, -2.0], [0.4, 0.25])
    assert two == pytest.approx(smile(0.3, 0.8, 0.16, 1.5, 0.4) + smile(0.3, 0.8, 0.16, -2.0, 0.25))
    with pytest.raises(ValueError):
        smile(0.3, 0.8, 0.16, [1.5, -2.0], [0.4])


def test_error_partials_against_finite_differences():
    """Is ∂E/∂a_j = 2 ∂F/∂a_j (F − y0) [L3934] the derivative of E = (F − y0)² for network 1?"""
    y0 = 5.0
    out = chain_backward(2.0, [3.0, 5.0], [SQUARE, LN], biases=[4.0, 0.0])
    dE = error_partials(out["F"], out["dF_da"], y0)

    def E(a, c):
        return (chain_forward(2.0, [a, c], [SQUARE, LN], biases=[4.0, 0.0])[0][-1] - y0) ** 2

    np.testing.assert_allclose(dE, numeric_gradient(E, [3.0, 5.0]), rtol=1e-7)


def test_chain_forward_rejects_mismatched_lengths():
    """Are weights and activations of different lengths rejected?"""
    with pytest.raises(ValueError):
        chain_forward(1.0, [1.0, 2.0], [SQUARE])
