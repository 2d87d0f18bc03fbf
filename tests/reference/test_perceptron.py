"""Tests for reference.perceptron (chapter 5 §1–2)."""

import itertools
import math
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from scipy.special import expit

from reference.perceptron import (
    AND,
    AND3,
    AND_ROBUST,
    CIRCLES_L2248,
    CIRCLES_L2301,
    NOT,
    OR,
    OR3,
    SQUARES_L2248,
    SQUARES_L2301,
    Perceptron,
    boolean_inputs,
    get_activation,
    heaviside,
    identity,
    linearly_separable,
    perceptron,
    relu,
    separating_perceptron,
    sigmoid,
    th,
    truth_table,
)

finite = st.floats(-1e6, 1e6, allow_nan=False)


# ---- activations -----------------------------------------------------------------------------


def test_heaviside_zero_is_one():
    """Is H(0) = 1, as the book requires [L2186], unlike np.heaviside(0, 0.5)?"""
    assert heaviside(0.0) == 1.0
    assert heaviside(-0.0) == 1.0
    assert np.heaviside(0.0, 0.5) != heaviside(0.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=1, max_size=20))
def test_heaviside_matches_numpy_with_h0_equal_1(xs):
    """Does heaviside agree with np.heaviside(x, 1) everywhere?"""
    x = np.array(xs)
    np.testing.assert_array_equal(heaviside(x), np.heaviside(x, 1.0))


def test_sigmoid_matches_expit_without_overflow():
    """Does σ match scipy.special.expit, including at ±1000, with no overflow warning?"""
    x = np.concatenate([np.linspace(-40, 40, 801), [-1000.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(sigmoid(x), expit(x), rtol=1e-14, atol=0)


def test_th_and_relu_against_formulas():
    """Do th and ReLU match (eˣ − e^{−x})/(eˣ + e^{−x}) = 2σ(2x) − 1 and max(x, 0)?"""
    x = np.linspace(-5, 5, 101)
    np.testing.assert_allclose(th(x), (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)),
                               rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(th(x), 2 * expit(2 * x) - 1, atol=1e-14)
    np.testing.assert_array_equal(relu(x), np.where(x >= 0, x, 0.0))
    np.testing.assert_array_equal(identity(x), x)


def test_get_activation_names_and_errors():
    """Are activation names resolved, callables passed through, unknown names rejected?"""
    assert get_activation("H") is heaviside and get_activation("th") is th
    assert get_activation(np.tanh) is np.tanh
    with pytest.raises(ValueError, match="unknown activation"):
        get_activation("softsign")


# ---- perceptrons -----------------------------------------------------------------------------


def test_book_linear_perceptron_2_3():
    """Does F = H(2x + 3y) give 1, 0, 1 at (4,−1), (−3,1), (6,−4) (5-E1, boundary → 1)?"""
    F = Perceptron((2, 3))
    np.testing.assert_array_equal(F(np.array([(4, -1), (-3, 1), (6, -4)])), [1, 0, 1])
    np.testing.assert_allclose(F.pre_activation(np.array([4, -1])), 5.0)
    assert F.is_linear and F.n_params == 3


def test_bias_counts_as_a_weight():
    """Does an affine perceptron with n inputs have n + 1 parameters [L2483]?"""
    for n in range(1, 6):
        p = Perceptron(tuple(range(1, n + 1)), bias=-1.0)
        assert p.n_params == n + 1 and p.n_inputs == n and not p.is_linear


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.floats(-10, 10), min_size=n, max_size=n),
    st.floats(-10, 10),
    st.lists(st.lists(st.floats(-10, 10), min_size=n, max_size=n), min_size=1, max_size=6),
)))
def test_perceptron_matches_direct_formula(args):
    """Does F(x) equal φ(Σ aᵢxᵢ + a₀) computed by hand, for H and σ, one point or a batch?"""
    w, c, xs = args
    X = np.array(xs)
    by_hand = np.array([sum(a * x for a, x in zip(w, row, strict=True)) + c for row in xs])
    np.testing.assert_allclose(perceptron(w, c, X, "sigmoid"), expit(by_hand), atol=1e-12)
    np.testing.assert_array_equal(perceptron(w, c, X[0]), heaviside(by_hand[0]))
    np.testing.assert_array_equal(perceptron(w, c, X), heaviside(X @ np.array(w) + c))


def test_perceptron_rejects_bad_inputs():
    """Are empty weights, unknown activations and wrong input sizes rejected with ValueError?"""
    with pytest.raises(ValueError):
        Perceptron(())
    with pytest.raises(ValueError):
        Perceptron((1.0,), 0.0, "step")
    with pytest.raises(ValueError, match="last axis 2"):
        Perceptron((1.0, 2.0))(np.ones(3))


def test_sigmoid_perceptron_height_weight():
    """Does (85, −1; −77) with σ give 0.175086 and 0.721115 (5-E4; the book truncates 0.17)?"""
    F = Perceptron((85, -1), -77, "sigmoid")
    np.testing.assert_allclose(F.pre_activation(np.array([1.77, 75])), -1.55, atol=1e-12)
    np.testing.assert_allclose(F(np.array([1.77, 75])), 1 / (1 + math.exp(1.55)), rtol=1e-14)
    np.testing.assert_allclose(F(np.array([[1.77, 75], [1.67, 64]])), [0.175086, 0.721115],
                               atol=1e-6)
    assert 0.17 <= F(np.array([1.77, 75])) < 0.18  # printed "≃ 0.17" [L2341]


def test_height_weight_line_is_exact():
    """Is the line through A(1.40, 42) and B(2.00, 93) exactly y = 85x − 77 (erratum L2329)?"""
    t = sp.symbols("t")
    line = sp.interpolate([(sp.Rational(14, 10), 42), (2, 93)], t)
    assert sp.expand(line - (85 * t - 77)) == 0


def test_red_shade_neuron():
    """Does (2, −2, −2; −1) pass through A, B, C and classify the colours of 5-E5?"""
    r, g, b = sp.symbols("r g b")
    plane = 2 * r - 2 * g - 2 * b - 1
    for P in [(sp.Rational(1, 2), 0, 0), (1, sp.Rational(1, 2), 0), (1, 0, sp.Rational(1, 2))]:
        assert plane.subs({r: P[0], g: P[1], b: P[2]}) == 0
    F = Perceptron((2, -2, -2), -1)
    colours = np.array([(1, 0, 0), (0.5, 0, 0), (0.4, 0, 0), (1, 0.3, 0.3), (1, 1, 1)])
    np.testing.assert_array_equal(F(colours), [1, 1, 0, 0, 0])


# ---- logic gates -----------------------------------------------------------------------------


def _table(op, n):
    return np.array([float(op(row)) for row in itertools.product((0, 1), repeat=n)])


def test_boolean_inputs_order():
    """Are the inputs listed 00, 01, 10, 11 (itertools.product order)?"""
    np.testing.assert_array_equal(boolean_inputs(2), [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert boolean_inputs(3).shape == (8, 3)
    with pytest.raises(ValueError):
        boolean_inputs(0)


@pytest.mark.parametrize(("gate", "n", "op"), [
    (OR, 2, any), (AND, 2, all), (AND_ROBUST, 2, all), (OR3, 3, any), (AND3, 3, all),
    (NOT, 1, lambda row: not row[0]),
])
def test_gate_truth_tables(gate, n, op):
    """Does each gate's truth table match Python's Boolean operator (5-E6, 5-E7, 5-E10/11/20)?"""
    np.testing.assert_array_equal(truth_table(gate, n), _table(op, n))


def test_h0_is_load_bearing_for_or_and():
    """With H(0) = 0 instead, do OR and AND break into [0,0,0,1] and [0,0,0,0] (notes §0.3)?"""
    wrong_or = Perceptron(OR.weights, OR.bias, lambda z: np.heaviside(z, 0.0))
    wrong_and = Perceptron(AND.weights, AND.bias, lambda z: np.heaviside(z, 0.0))
    np.testing.assert_array_equal(truth_table(wrong_or, 2), [0, 0, 0, 1])
    np.testing.assert_array_equal(truth_table(wrong_and, 2), [0, 0, 0, 0])


def test_and_robustness_remark():
    """Is AND (c = −2) 0 at (0.9, 0.9) while c = −1.5 gives 1 (5-E8, L2392)?"""
    x = np.array([0.9, 0.9])
    np.testing.assert_allclose(AND.pre_activation(x), -0.2, atol=1e-12)
    assert AND(x) == 0 and AND_ROBUST(x) == 1


# ---- linear separability ---------------------------------------------------------------------


def test_book_point_sets_through_origin():
    """Does 4x − y take the values of 5-E2 and separate the carrés from the ronds [L2258]?"""
    F = Perceptron((4, -1))
    np.testing.assert_allclose(F.pre_activation(SQUARES_L2248), [2, 13, 8.5, 3, 5.5])
    np.testing.assert_allclose(F.pre_activation(CIRCLES_L2248), [-1.8, -6, -9, -13.4, -3])
    assert np.all(F(SQUARES_L2248) == 1) and np.all(F(CIRCLES_L2248) == 0)


def test_exercise_l2301_has_a_separating_perceptron():
    """Does (−2, −3; 6) separate the exercise (margins 2.6, −0.8), and does the LP find one?"""
    F = Perceptron((-2, -3), 6)
    np.testing.assert_allclose(F.pre_activation(SQUARES_L2301).min(), 2.6, atol=1e-12)
    np.testing.assert_allclose(F.pre_activation(CIRCLES_L2301).max(), -0.8, atol=1e-12)
    G = separating_perceptron(SQUARES_L2301, CIRCLES_L2301)
    assert G is not None
    assert np.all(G(SQUARES_L2301) == 1) and np.all(G(CIRCLES_L2301) == 0)


def _max_margin(A, B):
    """Independent LP: max t s.t. a·x + c ≥ t on A, ≤ −t on B, |aᵢ|, |c| ≤ 1."""
    n = A.shape[1]
    one_a, one_b = np.ones((len(A), 1)), np.ones((len(B), 1))
    rows = np.vstack([np.hstack([-A, -one_a, one_a]),  # t − (a·x + c) ≤ 0 on A
                      np.hstack([B, one_b, one_b])])  # a·x + c + t ≤ 0 on B
    res = linprog(np.r_[np.zeros(n + 1), -1.0], A_ub=rows, b_ub=np.zeros(len(rows)),
                  bounds=[(-1, 1)] * (n + 1) + [(None, 1)], method="highs")
    return -res.fun


def test_xor_is_not_separable():
    """Is XOR not linearly separable (Prop 1), while OR and AND are?"""
    X = boolean_inputs(2)
    xor = X[:, 0] != X[:, 1]
    assert not linearly_separable(X[xor], X[~xor])
    assert _max_margin(X[xor], X[~xor]) == pytest.approx(0.0, abs=1e-9)
    for gate in (OR, AND):
        ones = truth_table(gate, 2) == 1
        assert linearly_separable(X[ones], X[~ones])
        assert _max_margin(X[ones], X[~ones]) > 0.1


def test_cube_sets():
    """Are OR3/AND3 separable and "exactly one of x, y, z" not (5-I4)?"""
    X = boolean_inputs(3)
    for mask in (X.sum(axis=1) >= 1, X.sum(axis=1) == 3):
        assert linearly_separable(X[mask], X[~mask])
    one = X.sum(axis=1) == 1
    assert not linearly_separable(X[one], X[~one])
    assert _max_margin(X[one], X[~one]) == pytest.approx(0.0, abs=1e-9)


def _brute_force_separable_2d(A, B):
    """Exact 2-D oracle: test one direction between each pair of consecutive critical angles."""
    P = np.vstack([A, B])
    angles = [0.0]
    for p, q in itertools.combinations(P, 2):
        d = q - p
        if np.any(d != 0):
            base = math.atan2(d[1], d[0]) + math.pi / 2
            angles += [base % (2 * math.pi), (base + math.pi) % (2 * math.pi)]
    angles = np.unique(angles)
    mids = (angles + np.roll(angles, -1) + np.r_[np.zeros(len(angles) - 1), 2 * math.pi]) / 2
    for t in mids:
        w = np.array([math.cos(t), math.sin(t)])
        if (A @ w).min() > (B @ w).max() + 1e-12:
            return True
    return False


points_2d = st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=5)


@settings(max_examples=80, deadline=None)
@given(points_2d, points_2d)
def test_separability_matches_brute_force(A, B):
    """Does the LP verdict agree with an exact angular brute force on small integer sets?"""
    A, B = np.array(A, dtype=float), np.array(B, dtype=float)
    G = separating_perceptron(A, B)
    assert (G is not None) == _brute_force_separable_2d(A, B)
    if G is not None:
        assert np.all(G.pre_activation(A) >= -1e-9) and np.all(G.pre_activation(B) < 0)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 4))
def test_random_separable_sets_are_separated(seed, n):
    """For points on both sides of a random hyperplane (margin ≥ 0.1), is a separator found?"""
    rng = np.random.default_rng(seed)
    w, c = rng.normal(size=n), rng.normal()
    P = rng.uniform(-3, 3, size=(60, n))
    s = (P @ w + c) / np.linalg.norm(w)
    A, B = P[s >= 0.1], P[s <= -0.1]
    if len(A) == 0 or len(B) == 0:
        return
    G = separating_perceptron(A, B)
    assert G is not None and np.all(G(A) == 1) and np.all(G(B) == 0)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_point_inside_hull_is_not_separable(seed):
    """Is a set B holding a convex combination of A's points never separable from A?"""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(5, 2))
    lam = rng.dirichlet(np.ones(5))
    assert not linearly_separable(A, np.vstack([lam @ A, rng.normal(size=(2, 2))]))


def test_separability_input_errors():
    """Are empty sets, nan and mismatched dimensions rejected with ValueError?"""
    with pytest.raises(ValueError):
        linearly_separable(np.zeros((0, 2)), np.ones((1, 2)))
    with pytest.raises(ValueError):
        linearly_separable([[np.nan, 0.0]], [[1.0, 1.0]])
    with pytest.raises(ValueError, match="dimensions"):
        linearly_separable([[0.0, 0.0]], [[1.0, 1.0, 1.0]])
