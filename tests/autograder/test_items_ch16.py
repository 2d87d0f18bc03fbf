"""ch16 items in the grader's process: the stable softmax (overflow named), the book's ε and
the exact cross-entropy both accepted, population variance, dropout's keep versus rate."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import softmax as scipy_softmax
from scipy.special import xlogy

from autograder.course import Course
from autograder.variants import params_for
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch16")}
STUDENTS = ["alice", "bob", "chloe", "s42"]


def _params(name: str, student: str) -> dict:
    return params_for(ITEMS[name], SECRET, "ch16", student)


def _shifted(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - x.max())
    return e / e.sum()


@pytest.mark.parametrize("student", STUDENTS)
def test_stable_softmaxes_pass_and_the_naive_one_is_named(student: str) -> None:
    """Do the shifted softmax and scipy's pass on the large probes, and does the book's
    formula, which overflows at x = 1000, get the 'debordement' message?"""
    item, params = ITEMS["softmax"], _params("softmax", student)
    assert check(item, params, _shifted).passed
    assert check(item, params, scipy_softmax).passed

    def naive(x):
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(np.asarray(x, dtype=float))
            return e / e.sum()

    assert check(item, params, naive).mistake == "debordement"


@pytest.mark.parametrize("student", STUDENTS)
def test_bce_accepts_the_books_eps_and_the_exact_formula(student: str) -> None:
    """Are the book's ε = 1e−7 inside the logs and the exact 0·ln 0 = 0 formula both
    accepted (a prediction is exactly 1)?"""
    item, params = ITEMS["entropie_croisee_binaire"], _params("entropie_croisee_binaire",
                                                              student)
    y, q = np.array(params["y"], dtype=float), np.array(params["y_hat"], dtype=float)
    book = float(-np.mean(y * np.log(q + 1e-7) + (1 - y) * np.log(1 - q + 1e-7)))
    exact = float(-np.mean(xlogy(y, q) + xlogy(1 - y, 1 - q)))
    assert 1.0 in params["y_hat"]
    assert check(item, params, book).passed and check(item, params, exact).passed


def test_standardisation_population_variance_named_ddof1() -> None:
    """Is the population σ accepted and ddof=1 named?"""
    item, params = ITEMS["standardisation"], {"x": [160, 170, 180, 175, 165]}
    t = np.array(params["x"], dtype=float)
    assert check(item, params, list((t - t.mean()) / t.std())).passed
    assert check(item, params, list((t - t.mean()) / t.std(ddof=1))).mistake == "ddof1"


def test_dropout_keep_versus_rate() -> None:
    """rate = 0.2 on 500 neurons: 400 kept on average, ×1.25; the rate taken as p is named."""
    item, params = ITEMS["dropout"], {"n": 500, "rate": 0.2}
    assert check(item, params, (400, 1.25)).passed
    assert check(item, params, (100, 5.0)).mistake == "rate_keep"


def test_jacobian_against_finite_differences() -> None:
    """Does the expected Jacobian match central finite differences of softmax?"""
    item, params = ITEMS["jacobienne_softmax"], {"x": [1, -2, 3]}
    x, h = np.array(params["x"], dtype=float), 1e-6
    J = np.column_stack([(_shifted(x + h * e) - _shifted(x - h * e)) / (2 * h)
                         for e in np.eye(3)])
    assert check(item, params, J).passed


def test_book_decision_example() -> None:
    """[L7938]: scores (3, 1, 8, 6, 0) decide class 2 (0-based), i.e. (0, 0, 1, 0, 0)."""
    item = ITEMS["decision_one_hot"]
    assert check(item, {"scores": [3, 1, 8, 6, 0]}, [0, 0, 1, 0, 0]).passed
