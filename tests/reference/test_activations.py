"""Tests for reference.activations (chapter 1 §3.2): oracles scipy.special.expit, np.tanh,
sympy derivatives (mpmath, 100 digits), TensorFlow (tests marked tf), hypothesis identities."""

import warnings

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit

from reference import activations as act

x = sp.Symbol("x")
FINITE = st.floats(-50, 50, allow_nan=False)
ARRAYS = st.lists(FINITE, min_size=1, max_size=20).map(np.array)


@pytest.fixture(scope="module")
def tf():
    return pytest.importorskip("tensorflow")


def exact_at(expr, points):
    """sympy expression evaluated at each point with mpmath at 100 digits, as float64.

    100 digits, because sympy's forms (1 − th², e^{−x}/(1+e^{−x})²) cancel ~35 digits at ±40.
    """
    f = sp.lambdify(x, expr, "mpmath")
    with mpmath.workdps(100):
        return np.array([float(f(mpmath.mpf(float(p)))) for p in points])


ALL_UNARY = [
    act.heaviside,
    act.heaviside_prime,
    act.identity,
    act.relu,
    act.relu_prime,
    act.sigmoid,
    act.sigmoid_prime,
    act.tanh,
    act.tanh_prime,
    lambda t: act.affine(t, 2.0, -1.0),
    lambda t: act.piecewise_linear(t, 0.1, 2.0),
    lambda t: act.piecewise_linear_prime(t, 0.1, 2.0),
]


@pytest.mark.parametrize("f", ALL_UNARY)
def test_types_scalar_in_float_out_array_in_float64_out(f):
    """Does a scalar (int or float) give a Python float and a list/array a float64 array?"""
    assert type(f(0)) is float and type(f(-1.5)) is float and type(f(np.float32(2))) is float
    out = f([-2, 0, 3])
    assert isinstance(out, np.ndarray) and out.dtype == np.float64 and out.shape == (3,)
    assert f(np.zeros((2, 3), dtype=np.int64)).shape == (2, 3)


def test_heaviside_book_convention():
    """Is H(0) = 1 (book L717, load-bearing), H(x<0) = 0, H(x>0) = 1, as np.heaviside(x, 1)?"""
    assert act.heaviside(0) == 1.0 and act.heaviside(0.0) == 1.0 and act.heaviside(-0.0) == 1.0
    assert act.heaviside(-1e-300) == 0.0 and act.heaviside(1e-300) == 1.0
    xs = np.array([-3.0, -1e-12, 0.0, 1e-12, 7.0])
    np.testing.assert_array_equal(act.heaviside(xs), np.heaviside(xs, 1.0))
    assert act.heaviside(0) != np.heaviside(0.0, 0.5)


def test_heaviside_prime_is_zero():
    """Is H' = 0 away from 0, and the value returned at 0 (where H' does not exist) 0?"""
    np.testing.assert_array_equal(act.heaviside_prime([-2.0, -1e-9, 0.0, 1e-9, 5.0]), 0.0)


@settings(max_examples=50, deadline=None)
@given(ARRAYS, st.floats(-5, 5), st.floats(-5, 5), st.floats(-5, 5), st.floats(-5, 5))
def test_identity_and_affine(xs, a, b, c, d):
    """identity(x) = x, affine = ax + b, and affine∘affine is affine (L749)?"""
    np.testing.assert_array_equal(act.identity(xs), xs)
    np.testing.assert_allclose(act.affine(xs, a, b), a * xs + b, rtol=1e-15)
    composed = act.affine(act.affine(xs, a, b), c, d)
    np.testing.assert_allclose(composed, act.affine(xs, c * a, c * b + d), rtol=1e-12, atol=1e-10)


@settings(max_examples=50, deadline=None)
@given(ARRAYS, st.floats(-3, 3), st.floats(-3, 3))
def test_piecewise_linear_matches_sympy_piecewise(xs, a, b):
    """Is f = ax (x<0), bx (x≥0) equal to sympy's Piecewise, and f' = a / b off 0?"""
    expr = sp.Piecewise((a * x, x < 0), (b * x, True))
    np.testing.assert_allclose(act.piecewise_linear(xs, a, b), exact_at(expr, xs), rtol=1e-15)
    nonzero = xs[xs != 0]
    if nonzero.size:
        np.testing.assert_allclose(
            act.piecewise_linear_prime(nonzero, a, b), exact_at(sp.diff(expr, x), nonzero)
        )


def test_piecewise_linear_prime_at_zero_is_left_slope():
    """Is the value returned for f'(0) the left slope a (so ReLU'(0) = 0)?"""
    assert act.piecewise_linear_prime(0.0, 0.1, 2.0) == 0.1
    assert act.piecewise_linear_prime(0.0, 3.0, 3.0) == 3.0  # a = b: f is differentiable


@settings(max_examples=50, deadline=None)
@given(ARRAYS)
def test_relu_is_piecewise_linear_0_1(xs):
    """Is ReLU = max(x, 0) = piecewise_linear(x, 0, 1), with ReLU' = 1 for x>0 else 0?"""
    np.testing.assert_array_equal(act.relu(xs), np.maximum(xs, 0.0))
    np.testing.assert_array_equal(act.relu(xs), act.piecewise_linear(xs, 0.0, 1.0))
    np.testing.assert_array_equal(act.relu_prime(xs), act.piecewise_linear_prime(xs, 0.0, 1.0))
    assert act.relu(0) == 0.0 and act.relu_prime(0) == 0.0 and act.relu_prime(1e-300) == 1.0


@settings(max_examples=80, deadline=None)
@given(st.floats(-700, 700))
def test_sigmoid_matches_expit(t):
    """Does σ match scipy.special.expit, with σ(−x) = 1 − σ(x)?"""
    assert act.sigmoid(t) == pytest.approx(expit(t), rel=1e-15, abs=1e-300)
    assert act.sigmoid(-t) == pytest.approx(1 - act.sigmoid(t), abs=1e-15)


def test_sigmoid_is_stable_at_extremes():
    """No overflow warning at ±1000 (naive 1/(1+e^{−x}) overflows), and σ = 0 / 1 there?"""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = act.sigmoid(np.array([-1000.0, 1000.0]))
        prime = act.sigmoid_prime(np.array([-1000.0, 1000.0]))
        th_prime = act.tanh_prime(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(out, [0.0, 1.0])
    np.testing.assert_array_equal(prime, [0.0, 0.0])
    np.testing.assert_array_equal(th_prime, [0.0, 0.0])
    np.testing.assert_allclose(
        act.sigmoid(np.array([-745.0, 745.0])), expit([-745.0, 745.0]), atol=1e-300
    )


def test_sigmoid_facts_of_the_book():
    """Prop 5 / 1-E24: σ(0) = ½, σ'(0) = ¼, σ strictly increasing, limits 0 and 1?"""
    assert act.sigmoid(0) == 0.5 and act.sigmoid_prime(0) == 0.25
    grid = np.linspace(-30, 30, 2001)
    assert np.all(np.diff(act.sigmoid(grid)) > 0)
    assert act.sigmoid(-40) < 1e-17 and 1 - act.sigmoid(40) < 1e-17
    assert act.sigmoid(-1.55) == pytest.approx(0.175086, abs=1e-6)  # ch5 L2341, printed 0.17


SAMPLE = np.array([-40.0, -12.5, -3.0, -0.7, 0.0, 0.4, 2.0, 9.0, 40.0])


def test_sigmoid_prime_matches_sympy():
    """Is σ' = sympy's derivative of 1/(1+e^{−x}) (mpmath), to 1e−13 relative, even at ±40?"""
    oracle = exact_at(sp.diff(1 / (1 + sp.exp(-x)), x), SAMPLE)
    np.testing.assert_allclose(act.sigmoid_prime(SAMPLE), oracle, rtol=1e-13, atol=0)


@settings(max_examples=60, deadline=None)
@given(ARRAYS)
def test_sigmoid_prime_is_sigma_one_minus_sigma(xs):
    """Prop 5.5: σ' = σ(1 − σ)? (absolute tolerance: 1 − σ cancels for large x, ours does not)"""
    s = expit(xs)
    np.testing.assert_allclose(act.sigmoid_prime(xs), s * (1 - s), rtol=1e-12, atol=1e-15)


def test_tanh_and_its_derivative_match_numpy_and_sympy():
    """th = np.tanh; th' = sympy's derivative of tanh (mpmath) and 1 − th²; th'(0) = 1?"""
    np.testing.assert_allclose(act.tanh(SAMPLE), np.tanh(SAMPLE), rtol=1e-15, atol=0)
    oracle = exact_at(sp.diff(sp.tanh(x), x), SAMPLE)
    np.testing.assert_allclose(act.tanh_prime(SAMPLE), oracle, rtol=1e-13, atol=0)
    np.testing.assert_allclose(act.tanh_prime(SAMPLE), 1 - np.tanh(SAMPLE) ** 2, atol=1e-15)
    assert act.tanh_prime(0) == 1.0 and act.th is act.tanh and act.th_prime is act.tanh_prime


@settings(max_examples=80, deadline=None)
@given(st.floats(-30, 30))
def test_th_is_two_sigma_two_x_minus_one(t):
    """Prop 6: th(x) = 2σ(2x) − 1, and th is odd?"""
    assert act.tanh(t) == pytest.approx(2 * act.sigmoid(2 * t) - 1, abs=1e-12)
    assert act.tanh(-t) == -act.tanh(t)


def test_sigma_second_derivative_vanishes_at_zero():
    """1-E24: σ''(0) = 0 (inflection point), from finite differences of our σ'?"""
    h = 1e-5
    assert abs((act.sigmoid_prime(h) - act.sigmoid_prime(-h)) / (2 * h)) < 1e-10


@pytest.mark.tf
def test_values_and_gradients_match_tensorflow(tf):
    """Do σ, th, ReLU, leaky ReLU and their derivatives (choices at 0) match TensorFlow?"""
    xs = np.array([-40.0, -3.0, -0.5, 0.0, 0.5, 3.0, 40.0])
    v = tf.Variable(xs, dtype=tf.float64)
    pairs = [
        (tf.sigmoid, act.sigmoid, act.sigmoid_prime),
        (tf.tanh, act.tanh, act.tanh_prime),
        (tf.nn.relu, act.relu, act.relu_prime),
        (
            lambda t: tf.nn.leaky_relu(t, alpha=0.25),  # 0.25: exact also in TF's float32 alpha
            lambda t: act.piecewise_linear(t, 0.25, 1.0),
            lambda t: act.piecewise_linear_prime(t, 0.25, 1.0),
        ),
    ]
    for tf_f, f, df in pairs:
        with tf.GradientTape() as tape:
            out = tf_f(v)
        np.testing.assert_allclose(f(xs), out.numpy(), rtol=1e-15, atol=1e-300)
        np.testing.assert_allclose(df(xs), tape.gradient(out, v).numpy(), rtol=1e-12, atol=1e-15)
