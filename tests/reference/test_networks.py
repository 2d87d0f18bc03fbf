"""Tests for reference.networks (chapter 5 §3–5)."""

import math
import subprocess
import sys
from pathlib import Path as FilePath

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.path import Path
from scipy.spatial import ConvexHull
from scipy.special import expit

from reference.networks import (
    Layer,
    away_from_lines,
    coloured_zone_net,
    complement_net,
    convex_polygon_net,
    creneau_net,
    difference_net,
    forward,
    forward_trace,
    intersection_net,
    layer_from_keras,
    layer_from_rows,
    layer_rows,
    membership,
    neuron_count,
    parameter_count,
    realised_grid,
    relu_example_net,
    relu_exercise_net,
    sector_net,
    staircase_net,
    step_set,
    triangle_net,
    uat_net,
    uniform_error,
    union_net,
    unit_square_net,
    xor_net,
)
from reference.perceptron import boolean_inputs, truth_table

ACTS = {"H": lambda z: (z >= 0).astype(float), "sigmoid": expit, "th": np.tanh,
        "relu": lambda z: np.maximum(z, 0), "identity": lambda z: z}


def _by_hand(rows_per_layer, phis, x):
    """Oracle: plain Python loops over neurons, φ(Σ wⱼ sⱼ + bias)."""
    s = list(x)
    for rows, phi in zip(rows_per_layer, phis, strict=True):
        s = [float(ACTS[phi](np.array(sum(w * v for w, v in zip(r[:-1], s, strict=True)) + r[-1])))
             for r in rows]
    return s


# ---- layers and forward pass -----------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.sampled_from(list(ACTS)), min_size=1, max_size=3))
def test_forward_matches_neuron_by_neuron_loop(seed, phis):
    """Does forward agree with a loop over neurons for random weights and activations?"""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 4, size=len(phis) + 1)
    rows = [rng.normal(size=(sizes[k + 1], sizes[k] + 1)).tolist() for k in range(len(phis))]
    layers = [Layer(np.array(r)[:, :-1].T, np.array(r)[:, -1], phi) for r, phi in zip(rows, phis,
                                                                                   strict=True)]
    X = rng.normal(size=(5, sizes[0]))
    expected = np.array([_by_hand(rows, phis, x) for x in X])
    np.testing.assert_allclose(forward(layers, X), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(forward(layers, X[0]), expected[0], rtol=1e-12, atol=1e-12)


def test_layer_validation():
    """Are mismatched shapes, unknown activations and wrong input sizes rejected?"""
    with pytest.raises(ValueError):
        Layer(np.ones((2, 3)), np.ones(2))  # (n_in, n_out) = (2, 3) needs 3 biases
    with pytest.raises(ValueError):
        Layer(np.ones((2, 3)), np.ones(3), "swish")
    with pytest.raises(ValueError, match="expects 2 inputs"):
        forward(relu_example_net(), np.ones(3))
    with pytest.raises(ValueError):
        forward([], np.ones(2))


def test_relu_example_network():
    """Does the [L2509] net give s = (1,2), z = 13 at (4,7); s = (4,0), z = 15 at (3,2) (5-E12)?"""
    net = relu_example_net()
    t = forward_trace(net, np.array([[4, 7], [3, 2], [0.1, 0.1]]))
    np.testing.assert_allclose(t[0]["z"], [[1, 2], [4, -5], [0.1, -0.1]], atol=1e-12)
    np.testing.assert_allclose(t[0]["s"], [[1, 2], [4, 0], [0.1, 0]], atol=1e-12)
    np.testing.assert_allclose(t[1]["z"][:, 0], [13, 15, -0.6], atol=1e-12)
    np.testing.assert_array_equal(t[1]["s"][:, 0], [1, 1, 0])


def test_relu_exercise_network():
    """Does the [L2534] net give (0,0), (0,4), (0,19), (2,4), and (1,7) at (0,0,1) (5-E13)?"""
    net = relu_exercise_net()
    X = np.array([(0, 0, 0), (1, 0, 0), (1, -1, 1), (3, 2, 1), (0, 0, 1), (2, 1, 1)])
    t = forward_trace(net, X)
    np.testing.assert_allclose(t[0]["s"][:4], [[0, 0], [1, 2], [6, 7], [2, 0]])
    np.testing.assert_allclose(t[1]["s"], [[0, 0], [0, 4], [0, 19], [2, 4], [1, 7], [1, 7]])


def test_exercise_y2_zero_forces_y1_zero():
    """Is there no input with Y₂ = 0 but Y₁ ≠ 0 (5-E13, answer "non")?"""
    rng = np.random.default_rng(1)
    Y = forward(relu_exercise_net(), rng.normal(scale=3, size=(20_000, 3)))
    assert np.any(Y[:, 1] == 0)
    assert np.all(Y[Y[:, 1] == 0, 0] == 0)


def test_parameter_and_neuron_counts():
    """Do counts include biases: Σ (n_in + 1)·n_out weights, Σ n_out neurons?"""
    assert parameter_count(relu_example_net()) == (2 + 1) * 2 + (2 + 1) * 1
    assert parameter_count(relu_exercise_net()) == (3 + 1) * 2 + (2 + 1) * 2
    assert neuron_count(triangle_net()) == 4


def test_layer_from_keras_keeps_layout_and_rows_boundary_transposes():
    """Is a Keras kernel (n_in, n_out) kept as W, and chapter 5's rows transposed, same outputs?"""
    rng = np.random.default_rng(2)
    kernel, bias, x = rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(size=(4, 3))
    layer = layer_from_keras(kernel, bias, "sigmoid")
    assert layer.W.shape == (3, 2)
    rows = layer_from_rows(kernel.T, bias, "sigmoid")
    np.testing.assert_array_equal(rows.W, kernel)
    np.testing.assert_array_equal(layer_rows(rows), kernel.T)
    np.testing.assert_allclose(layer(x), expit(x @ kernel + bias), rtol=1e-13)


@pytest.mark.tf
def test_forward_matches_keras_dense():
    """Does forward match a Keras Sequential of Dense layers with the same weights?"""
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(3)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"),
                              keras.layers.Dense(2, activation="sigmoid")])
    layers = [layer_from_keras(*model.layers[0].get_weights(), "th"),
              layer_from_keras(*model.layers[1].get_weights(), "sigmoid")]
    x = rng.normal(size=(6, 3)).astype(np.float32)
    np.testing.assert_allclose(forward(layers, x), model.predict(x, verbose=0), atol=1e-5)
    assert parameter_count(layers) == model.count_params()


# ---- sets realised by Heaviside networks -----------------------------------------------------


def _sample(seed, n=3000, lo=-6.0, hi=6.0):
    return np.random.default_rng(seed).uniform(lo, hi, size=(n, 2))


def _lines(net):
    return np.hstack([net[0].W.T, net[0].b[:, None]])


def _check_region(net, inside, seed, margin=1e-3, lines=None):
    P = _sample(seed)
    P = P[away_from_lines(P, _lines(net) if lines is None else lines, margin)]
    np.testing.assert_array_equal(membership(net, P), inside(P))


def test_sector_and_union_networks():
    """Do the [L2557]/[L2572] nets realise the sector and the union of the two half-planes?"""
    and_net, or_net = sector_net("and"), sector_net("or")
    pts = np.array([(1, 1), (0, 0), (-1, 1), (1, -1), (3, 1), (3, 0.9), (-1, -1)])
    np.testing.assert_array_equal(membership(and_net, pts), [1, 1, 0, 0, 1, 0, 0])
    np.testing.assert_array_equal(membership(or_net, pts[[2, 3, 6]]), [1, 1, 0])
    s1 = lambda P: -P[:, 0] + 3 * P[:, 1] >= 0  # noqa: E731
    s2 = lambda P: 2 * P[:, 0] + P[:, 1] >= 0  # noqa: E731
    _check_region(and_net, lambda P: s1(P) & s2(P), 0)
    _check_region(or_net, lambda P: s1(P) | s2(P), 1)
    with pytest.raises(ValueError):
        sector_net("xor")


def test_triangle_network():
    """Is the [L2586] net the triangle (4/3, 2/3), (6, 3), (−1, 3), values of 5-E16 included?"""
    net = triangle_net()
    pts = np.array([(1.5, 1.5), (2, 1), (5, 2.9), (5, 3.1), (1, 0.5), (0, 0)])
    np.testing.assert_array_equal(membership(net, pts), [1, 1, 1, 0, 0, 0])
    tri = Path([(4 / 3, 2 / 3), (6, 3), (-1, 3)])
    _check_region(net, tri.contains_points, 2)


def test_triangle_network_other_activations():
    """Do H, σ, th, ReLU give the 5-E18 values at (0,0), (2,2), (3,2), (1,1), (4,2.5)?"""
    X = np.array([(0, 0), (2, 2), (3, 2), (1, 1), (4, 2.5)])
    expected = {
        "H": [0, 1, 1, 1, 1],
        "sigmoid": [0.193376, 0.375816, 0.357712, 0.291493, 0.341308],
        "th": [-0.994739, -0.300756, -0.447650, -0.854980, -0.650714],
        "relu": [0, 2, 2, 0, 3],
    }
    rows = [[[-1, 2, 0], [1, 1, -2], [0, -1, 3]], [[1, 1, 1, -3]]]
    for phi, values in expected.items():
        got = forward(triangle_net(phi), X)[:, 0]
        np.testing.assert_allclose(got, values, atol=1e-6)
        by_hand = [_by_hand(rows, [phi, phi], x)[0] for x in X]
        np.testing.assert_allclose(got, by_hand, rtol=1e-12, atol=1e-12)


def test_coloured_zone_network():
    """Does the 5-E17 answer realise the zone of upstream fig_neurones_53 (margin 0.5)?"""
    net = coloured_zone_net()
    for p, q in [((4, 1), (-2, 3)), ((4, 1), (-1, -2)), ((-1, -2), (-2, 3))]:
        on_p = np.isclose(_lines(net) @ [*p, 1.0], 0)  # which neurons' lines pass through p
        on_q = np.isclose(_lines(net) @ [*q, 1.0], 0)
        assert np.any(on_p & on_q)
    np.testing.assert_array_equal(membership(net, [(-3, 0), (-10, 0), (-2, -1), (0, 0)]),
                                  [1, 1, 1, 0])
    zone = Path([(-1, -2), (-2, 3), (-100, 107 / 3), (-100, -61.4)])  # clipped far left
    _check_region(net, zone.contains_points, 3, margin=0.5)


def test_xor_network():
    """Does the [L2636] net realise XOR, with F = 1 on its frontier, and break with H(0) = 0?"""
    net = xor_net()
    np.testing.assert_array_equal(truth_table(lambda X: forward(net, X), 2), [0, 1, 1, 0])
    np.testing.assert_array_equal(membership(net, [(2, 1), (0.5, 0.5), (3, 0)]), [1, 0, 1])
    h0 = lambda z: np.heaviside(z, 0.0)  # noqa: E731
    wrong = [Layer(layer.W, layer.b, h0) for layer in net]
    np.testing.assert_array_equal(forward(wrong, boolean_inputs(2))[:, 0], [0, 0, 0, 0])
    _check_region(net, lambda P: np.abs(P[:, 0] - P[:, 1]) >= 1, 4)


def test_unit_square_network():
    """Does the [L2909] net give 1 on [0,1]² (edges included) and 0 outside (5-E27)?"""
    net = unit_square_net()
    pts = [(0.5, 0.5), (0, 0), (1, 1), (1.01, 0.5), (-0.01, 0.5), (0.5, 2)]
    np.testing.assert_array_equal(membership(net, pts), [1, 1, 1, 0, 0, 0])
    inside = lambda P: np.all((P >= 0) & (P <= 1), axis=1)  # noqa: E731
    P = np.random.default_rng(5).uniform(-0.5, 1.5, size=(4000, 2))
    np.testing.assert_array_equal(membership(net, P), inside(P))


def test_realised_grid_matches_membership():
    """Is realised_grid F[i, j] the output at (xs[j], ys[i])?"""
    xs, ys = np.linspace(-1, 2, 7), np.linspace(-0.5, 1.5, 5)
    X, Y, F = realised_grid(unit_square_net(), xs, ys)
    assert F.shape == (5, 7)
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            assert F[i, j] == membership(unit_square_net(), [(x, y)])[0]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=3, max_size=3), st.floats(-10, 10),
       st.floats(-10, 10), st.floats(0, 2))
def test_away_from_lines_uses_perpendicular_distance(line, x, y, margin):
    """Does the mask agree with the distance to the orthogonal projection on the line?"""
    a, b, c = line
    if math.hypot(a, b) < 1e-3:
        return
    n = np.array([a, b]) / math.hypot(a, b)
    foot = np.array([x, y]) - (a * x + b * y + c) / math.hypot(a, b) * n  # on the line
    dist = math.hypot(x - foot[0], y - foot[1])
    if abs(dist - margin) > 1e-9:
        assert away_from_lines([(x, y)], [line], margin)[0] == (dist >= margin)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_convex_polygon_net(seed, reverse):
    """Does Prop 3's (n+1)-neuron net match a point-in-polygon test, either orientation?"""
    rng = np.random.default_rng(seed)
    hull = ConvexHull(rng.uniform(-4, 4, size=(12, 2)))
    V = hull.points[hull.vertices]  # counter-clockwise
    V = V[::-1] if reverse else V
    net = convex_polygon_net(V)
    assert neuron_count(net) == len(V) + 1
    np.testing.assert_array_equal(net[1].W, np.ones((len(V), 1)))
    assert net[1].b[0] == -len(V)
    _check_region(net, Path(V).contains_points, seed, margin=1e-6)


def test_convex_polygon_net_rejects_non_convex():
    """Is a non-convex (or degenerate) vertex list rejected with ValueError?"""
    with pytest.raises(ValueError, match="convex"):
        convex_polygon_net([(0, 0), (2, 0), (1, 0.5), (2, 2), (0, 2)])
    with pytest.raises(ValueError):
        convex_polygon_net([(0, 0), (1, 1)])


def test_set_operations():
    """Do union, intersection, complement and difference nets match the set operations?"""
    square, tri = unit_square_net(), convex_polygon_net([(0.5, -1), (2, 0.5), (0.5, 2)])
    in_sq = lambda P: np.all((P >= 0) & (P <= 1), axis=1)  # noqa: E731
    in_tri = Path([(0.5, -1), (2, 0.5), (0.5, 2)]).contains_points
    lines = np.vstack([_lines(square), _lines(tri)])
    cases = [
        (union_net(square, tri), lambda P: in_sq(P) | in_tri(P)),
        (intersection_net(square, tri), lambda P: in_sq(P) & in_tri(P)),
        (complement_net(square), lambda P: ~in_sq(P)),
        (difference_net(square, tri), lambda P: in_sq(P) & ~in_tri(P)),
        (union_net(complement_net(tri), square), lambda P: ~in_tri(P) | in_sq(P)),  # depths 3, 2
    ]
    for k, (net, inside) in enumerate(cases):
        _check_region(net, inside, 10 + k, lines=lines)
    np.testing.assert_array_equal(forward(complement_net(xor_net()), boolean_inputs(2))[:, 0],
                                  [1, 0, 0, 1])


def test_set_operations_reject_non_heaviside_nets():
    """Are σ networks and single networks rejected by the set combinators?"""
    with pytest.raises(ValueError, match="Heaviside"):
        union_net(triangle_net("sigmoid"), unit_square_net())
    with pytest.raises(ValueError):
        intersection_net(unit_square_net())


# ---- universal approximation -----------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.floats(-5, 5).filter(lambda a: abs(a) > 1e-2), st.floats(-5, 5))
def test_step_set_matches_neuron(a, c):
    """Is {x : H(ax + c) = 1} the half-line that step_set describes (5-E22)?"""
    rel, t = step_set(a, c)
    x = np.linspace(-20, 20, 2001)
    x = x[np.abs(x - t) > 1e-6]
    F = forward([Layer([[a]], [c])], x[:, None])[:, 0]
    np.testing.assert_array_equal(F == 1, x >= t if rel == ">=" else x <= t)


def test_step_set_book_cases():
    """Do H(ax + 1) and H(−bx + 1) give x ≥ −1/a and x ≤ 1/b; a = 0 all or nothing?"""
    assert step_set(4.0, 1.0) == (">=", -0.25)
    assert step_set(-2.0, 1.0) == ("<=", 0.5)
    assert step_set(0.0, 1.0)[0] == "all" and step_set(0.0, -1.0)[0] == "empty"


@settings(max_examples=40, deadline=None)
@given(st.floats(0.1, 5), st.floats(0.1, 5), st.floats(-5, 5))
def test_creneau_matches_book_weights(a, b, k):
    """Does creneau_net(1/a, 1/b, k) equal the book's H(ax − 1), H(−bx + 1) → (k, k; −k)?"""
    if 1 / a >= 1 / b:
        return
    book = [Layer([[a, -b]], [-1.0, 1.0]), Layer([[k], [k]], [-k], "identity")]
    x = np.linspace(-1, 12, 1301)
    x = x[(np.abs(x - 1 / a) > 1e-9) & (np.abs(x - 1 / b) > 1e-9)][:, None]
    np.testing.assert_allclose(forward(creneau_net(1 / a, 1 / b, k), x), forward(book, x),
                               atol=1e-12)


def test_double_creneau_book_values():
    """Does the 5-E24 net (4 on [2,3], 6 on [5,10], bias −10) give the listed values?"""
    book = [Layer([[1 / 2, -1 / 3, 1 / 5, -1 / 10]], [-1, 1, -1, 1]),
            Layer([[4], [4], [6], [6]], [-10], "identity")]
    ours = staircase_net([[2, 3], [5, 10]], [4, 6])
    xs = np.array([1.99, 2, 2.5, 3, 3.01, 4, 5, 7, 10, 10.01])[:, None]
    expected = [0, 4, 4, 4, 0, 0, 6, 6, 6, 0]
    np.testing.assert_allclose(forward(book, xs)[:, 0], expected, atol=1e-12)
    np.testing.assert_allclose(forward(ours, xs)[:, 0], expected, atol=1e-12)
    assert ours[1].b[0] == -10 and neuron_count(ours) == 2 * 2 + 1
    grid = np.linspace(0, 12, 1201)[:, None]
    np.testing.assert_allclose(forward(ours, grid), forward(book, grid), atol=1e-12)


def test_contiguous_creneaux_junction():
    """Closed créneaux double-count the junction (F(3) = 10, L2854); half-open ones do not?"""
    closed = staircase_net([[2, 3], [3, 5]], [4, 6])
    half_open = staircase_net([[2, 3], [3, 5]], [4, 6], closed=False)
    xs = np.array([2, 2.5, 3, 4, 5, 5.5])[:, None]
    np.testing.assert_allclose(forward(closed, xs)[:, 0], [4, 4, 10, 6, 6, 0])
    np.testing.assert_allclose(forward(half_open, xs)[:, 0], [4, 4, 6, 6, 0, 0])
    with pytest.raises(ValueError):
        staircase_net([[3, 2]], [1])


def test_uat_square_on_unit_interval():
    """For f = x² on [0, 1], n = 10: sup error 0.19, F(0.5) = 0.25, and 0.41 if closed (5-E26)?"""
    f = lambda x: x**2  # noqa: E731
    net, naive = uat_net(f, 0, 1, 10), uat_net(f, 0, 1, 10, closed=True)
    assert neuron_count(net) == 2 * 10 + 1
    np.testing.assert_allclose(forward(net, [[0.5]])[0, 0], 0.25, atol=1e-12)
    np.testing.assert_allclose(forward(naive, [[0.5]])[0, 0], 0.41, atol=1e-12)
    err = uniform_error(f, net, 0, 1, num=100_001)
    assert 0.1899 < err <= 0.19 + 1e-12
    nodes = np.linspace(0, 1, 11)[:-1]
    np.testing.assert_allclose(forward(net, nodes[:, None])[:, 0], f(nodes), atol=1e-12)


def test_uat_sine():
    """For sin on [0, π], n = 100: is the sup error ≈ 0.0314 ≤ π/100 (5-E26)?"""
    err = uniform_error(np.sin, uat_net(np.sin, 0, math.pi, 100), 0, math.pi, num=20_001)
    assert 0.0310 < err <= math.pi / 100


@pytest.mark.parametrize(("f", "a", "b", "lip"), [
    (np.sin, 0.0, math.pi, 1.0), (np.cos, -2.0, 3.0, 1.0), (lambda x: x**2, -1.0, 2.0, 4.0),
    (np.abs, -1.0, 1.0, 1.0),
])
def test_uat_error_shrinks(f, a, b, lip):
    """Does the uniform error decrease with n and stay ≤ L (b − a)/n (intervals through 0 too)?"""
    errs = [uniform_error(f, uat_net(f, a, b, n), a, b, num=20_001) for n in (4, 16, 64, 256)]
    assert all(e2 < e1 for e1, e2 in zip(errs, errs[1:], strict=False))
    for n, e in zip((4, 16, 64, 256), errs, strict=True):
        assert e <= lip * (b - a) / n + 1e-12


def test_uniform_error_matches_direct_max():
    """Is uniform_error the max of |f − F| over linspace, computed directly?"""
    net = uat_net(np.exp, 0, 1, 7)
    x = np.linspace(0, 1, 501)
    direct = max(abs(math.exp(t) - forward(net, [[t]])[0, 0]) for t in x)
    assert uniform_error(np.exp, net, 0, 1, num=501) == pytest.approx(direct, rel=1e-12)


def test_uat_rejects_bad_arguments():
    """Are n < 1, a non-integer n and a ≥ b rejected?"""
    for args in [(0, 1, 0), (0, 1, 2.5), (1, 0, 3)]:
        with pytest.raises(ValueError):
            uat_net(np.sin, *args)


def test_import_loads_neither_tensorflow_nor_matplotlib():
    """Does importing reference.networks (and perceptron) stay free of TF and matplotlib?"""
    code = ("import sys, reference.networks, reference.perceptron\n"
            "assert 'tensorflow' not in sys.modules and 'matplotlib' not in sys.modules\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=FilePath(__file__).parents[2], timeout=120)
    assert run.returncode == 0, run.stderr


def test_zero_tol_keeps_frontier_points_on_the_frontier():
    """Do rounded weights (1/3, 1/3; −1) still put (1.5, 1.5) on the frontier, H(0) = 1?"""
    third = 1.0 / 3.0
    layers = [Layer([[third], [third]], [-1.0])]
    z = float(np.array([1.5, 1.5]) @ np.array([third, third]) - 1.0)
    exact = forward(layers, np.array([[1.5, 1.5]]))[0, 0]
    tolerant = forward(layers, np.array([[1.5, 1.5], [1.5, 1.49], [1.6, 1.5]]), zero_tol=1e-9)
    assert tolerant[:, 0].tolist() == [1.0, 0.0, 1.0]
    if z < 0:  # float rounding moved the point off the frontier: the tolerance brings it back
        assert exact == 0.0
    # the tolerance is relative: a genuinely negative tiny z far from rounding noise stays
    small = [Layer([[1.0]], [-1e-6])]
    assert forward(small, np.array([[0.0]]), zero_tol=1e-9)[0, 0] == 0.0
