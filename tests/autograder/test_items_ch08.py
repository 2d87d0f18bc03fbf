"""ch08 items in the grader's process: the trace items accept the reference for several
students, check the book's numbers, and name the first wrong iterate of a partly right trace."""

from __future__ import annotations

import random

import numpy as np
import pytest

from autograder.course import Course
from autograder.variants import params_for
from reference import descent
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch08")}
STUDENTS = ["alice", "bob", "chloe", "s42"]
MODULE = __import__("autograder.course", fromlist=["_ITEMS_CACHE"])


def _params(name: str, student: str) -> dict:
    return params_for(ITEMS[name], SECRET, "ch08", student)


def _module():  # noqa: ANN202
    return MODULE._ITEMS_CACHE[(REPO_COURSE / "items" / "ch08.py").resolve()]


@pytest.mark.parametrize("student", STUDENTS)
@pytest.mark.parametrize("name", ["descente", "pas_decroissant", "moment", "nesterov", "sgd",
                                  "mini_lots"])
def test_reference_traces_pass_for_every_student(name: str, student: str) -> None:
    """Does the reference method pass on this student's problems, also as a list of tuples?"""
    item, params = ITEMS[name], _params(name, student)
    ref = item.reference(params)
    assert check(item, params, ref).passed
    as_tuples = lambda *a: [tuple(row) for row in ref(*a)]  # noqa: E731
    assert check(item, params, as_tuples).passed


def test_book_numbers_in_the_probes() -> None:
    """Do the probes' references give the book's 8-E1 table, the notes' momentum/Nesterov rows
    and 8-E10's SGD iterates?"""
    ch08 = _module()
    g = ch08.quadratic(1.0, 3.0).py
    np.testing.assert_allclose(descent.gradient_descent_trace(g, [2, 1], 0.2, 4)[4],
                               [0.2592, 0.0016], atol=1e-12)
    np.testing.assert_allclose(descent.momentum_trace(g, [2, 1], 0.1, 0.5, 4)[4],
                               [0.2452, -0.2234], atol=1e-12)
    np.testing.assert_allclose(descent.nesterov_trace(g, [2, 1], 0.1, 0.5, 4)[4],
                               [0.3968, -0.0416], atol=1e-12)
    sgd = descent.sgd_trace(ch08.BOOK_PARABOLA.py, 4, [1.0, 1.0], 0.01, 8)
    np.testing.assert_allclose(sgd[3], [-0.381024, 0.607544], atol=1e-9)
    np.testing.assert_allclose(sgd[8], [-1.2243632, 0.3681935], atol=1e-7)


def test_a_late_mistake_names_its_iterate() -> None:
    """Mini-batches right in the first epoch and wrong after: is the first wrong iterate
    (index 4 = after 3 batches of the first epoch + 1) named, no declared mistake matching?"""
    item = ITEMS["mini_lots"]
    params = _params("mini_lots", "alice")

    def late(gi, N, P0, d, K, e):
        trace = descent.minibatch_trace(gi, N, P0, d, K, e)
        steps = -(-N // K)
        trace[steps + 1:] *= 1.01
        return trace

    outcome = check(item, params, late)
    assert not outcome.passed and outcome.mistake is None
    assert "P₄ (indice 4)" in outcome.message.fr and "P₀ … P₃ sont justes" in outcome.message.fr


def test_step_size_behaviours() -> None:
    """Are δ = 0.05, 0.9, 1.1 (8-E3) read as converge, oscille, diverge, and δ = 1 diverges
    (|1 − 2δ| = 1: the sequence does not go to 0)?"""
    item = ITEMS["effet_du_pas"]
    params = {"deltas": [0.05, 0.9, 1.1]}
    assert check(item, params, ["converge", "oscille", "diverge"]).passed
    assert check(item, params, ["converge", "diverge", "diverge"]).mistake == "oscille_diverge"
    assert _module()._behaviour(1.0) == "diverge"


def test_prediction_refuses_rounded_coefficients() -> None:
    """8-E7: the exact prediction at x = 6 is 417/184 ≈ 2.2663; the book's 2.22 (rounded
    coefficients) is named."""
    item = ITEMS["prediction_regression"]
    params = {"x": [4, 7, 8, 10, 12], "y": [1, 3, 3, 6, 7], "x0": 6}
    assert check(item, params, 417 / 184).passed
    outcome = check(item, params, 0.79 * 6 - 2.46)
    assert outcome.mistake == "coefficients_arrondis"


def test_variants_draw_different_problems() -> None:
    """Do students get different problems on the trace items?"""
    item = ITEMS["moment"]
    calls = {s: repr(item.probes(_params("moment", s), random.Random(0))) for s in STUDENTS}
    assert len(set(calls.values())) >= 3
