"""Tests for reference.gradcheck (finite-difference gradient check, chapters 7–9)."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from reference.backprop import backward, init_params
from reference.gradcheck import ParamReport, gradcheck, gradcheck_report, numerical_gradient


def quadratic(A, b):
    """L(θ) = ½θᵀAθ + b·θ with its exact gradient Aθ + b (A symmetric)."""
    return lambda th: (0.5 * th @ A @ th + b @ th, A @ th + b)


def net_loss(reduction_of_grads="mean"):
    """A 2-3-1 network: mean-error loss, gradients in the requested convention."""
    rng = np.random.default_rng(5)
    X, z = rng.normal(size=(8, 2)), rng.normal(size=(8, 1))
    acts = ["tanh", "linear"]

    def loss_fn(params):
        E, _ = backward(params, acts, X, z, "mean")
        _, grads = backward(params, acts, X, z, reduction_of_grads)
        return E, grads

    return loss_fn, init_params([2, 3, 1], rng)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31), st.integers(1, 6))
def test_correct_gradient_passes(seed, n):
    """Does an exact gradient of a random quadratic give a max relative error below 1e-6?"""
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(n, n))
    assert gradcheck(quadratic(M + M.T, rng.normal(size=n)), rng.normal(size=n)) < 1e-6


@pytest.mark.parametrize(("bug", "min_err"), [
    (lambda g: 2 * g, 0.4),  # forgotten ½ or doubled 2
    (lambda g: -g, 1.0),  # sign error: climbing instead of descending
    (lambda g: g[::-1], 0.1),  # partials swapped
])
def test_wrong_gradients_are_flagged(bug, min_err):
    """Are a factor 2, a sign error and swapped partials reported with a large relative error?"""
    A, b = np.array([[2.0, 1.0], [1.0, 3.0]]), np.array([0.5, -1.0])
    f = quadratic(A, b)
    assert gradcheck(lambda th: (f(th)[0], bug(f(th)[1])), np.array([0.7, -0.2])) > min_err


def test_report_points_to_the_wrong_array():
    """With only the output bias gradient wrong, does the report single out path [1][1]?"""
    loss_fn, params = net_loss()

    def buggy(p):
        E, grads = loss_fn(p)
        grads[1] = (grads[1][0], 3 * grads[1][1])
        return E, grads

    reports = gradcheck_report(buggy, params)
    assert [r.path for r in reports] == ["[0][0]", "[0][1]", "[1][0]", "[1][1]"]
    worst = max(reports, key=lambda r: r.max_rel_error)
    assert worst.path == "[1][1]" and worst.max_rel_error > 0.5
    assert all(r.max_rel_error < 1e-6 for r in reports if r.path != "[1][1]")
    assert isinstance(worst, ParamReport) and worst.worst_index == (0,)


def test_sum_instead_of_mean_is_detected():
    """Is a gradient of the SUM error checked against a MEAN loss flagged (factor N = 8)?"""
    loss_fn, params = net_loss("sum")
    assert gradcheck(loss_fn, params) == pytest.approx(7 / 8, rel=1e-4)  # |8g − g| / |8g|
    good_fn, _ = net_loss("mean")
    assert gradcheck(good_fn, params) < 1e-6


def test_params_are_never_modified():
    """Are the caller's arrays untouched even when loss_fn mutates what it receives?"""
    params = [np.array([1.0, 2.0]), (np.array([[3.0]]),)]
    keep = [params[0].copy(), params[1][0].copy()]

    def loss_fn(p):
        value = float(p[0] @ p[0] + p[1][0][0, 0] ** 3)
        grads = [2 * p[0], (3 * p[1][0] ** 2,)]
        p[0][:] = 99.0  # a careless student function
        return value, grads

    assert gradcheck(loss_fn, params) < 1e-7
    np.testing.assert_array_equal(params[0], keep[0])
    np.testing.assert_array_equal(params[1][0], keep[1])


def test_dict_params_and_grad_fn():
    """Does gradcheck accept a dict of arrays and a separate grad_fn (loss_fn returns a float)?"""
    params = {"w": np.array([0.3, -1.2]), "c": np.array(0.5)}
    loss = lambda p: float(np.sin(p["w"]).sum() * p["c"] ** 2)  # noqa: E731
    grad = lambda p: {"w": np.cos(p["w"]) * p["c"] ** 2,  # noqa: E731
                      "c": np.array(2 * p["c"] * np.sin(p["w"]).sum())}
    reports = gradcheck_report(loss, params, grad_fn=grad)
    assert [r.path for r in reports] == ["['w']", "['c']"]
    assert max(r.max_rel_error for r in reports) < 1e-7


def test_zero_gradients_use_the_floor():
    """Does an exactly flat direction (true and numeric derivative 0) count as error 0?"""
    f = lambda th: (float(th[0] ** 2), np.array([2 * th[0], 0.0]))  # noqa: E731
    rep = gradcheck_report(f, np.array([1.0, 5.0]))[0]
    assert rep.rel_error[1] == 0.0 and rep.path == ""


@pytest.mark.parametrize(("fn", "err"), [
    (lambda th: (1.0, [th]), ValueError),  # list instead of a bare array
    (lambda th: (1.0, th[:1]), ValueError),  # wrong shape
    (lambda th: 1.0, TypeError),  # no gradient and no grad_fn
    (lambda th: (1.0, np.array(["a", "b"])), ValueError),  # not numeric
])
def test_malformed_gradients_raise(fn, err):
    """Are a wrong structure, a wrong shape, a missing gradient and a non-numeric one rejected?"""
    with pytest.raises(err):
        gradcheck(fn, np.array([1.0, 2.0]))


def test_bad_eps_and_params_raise():
    """Are eps ≤ 0 and non-numeric parameters rejected?"""
    f = quadratic(np.eye(2), np.zeros(2))
    with pytest.raises(ValueError):
        gradcheck(f, np.ones(2), eps=0.0)
    with pytest.raises(TypeError):
        gradcheck(f, np.array(["x", "y"]))


def test_numerical_gradient_matches_sympy():
    """Does the central-difference gradient of x²y + e^{yz} on a (3,) point match sympy to 1e-8?"""
    x, y, z = sp.symbols("x y z")
    F = x**2 * y + sp.exp(y * z)
    f = sp.lambdify([(x, y, z)], F, "numpy")
    pt = np.array([0.4, -1.1, 0.7])
    want = [float(sp.diff(F, v).subs(dict(zip((x, y, z), pt, strict=True)))) for v in (x, y, z)]
    np.testing.assert_allclose(numerical_gradient(f, pt), want, rtol=1e-8)


def test_numerical_gradient_keeps_shape():
    """Does numerical_gradient of ‖M‖² on a (2, 3) matrix return 2M with shape (2, 3)?"""
    M = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(numerical_gradient(lambda A: np.sum(A**2), M), 2 * M, atol=1e-8)
