"""ch09 items: correct answers pass for several variants, each mistake's message fires."""

from __future__ import annotations

import random

import numpy as np
import pytest

from autograder.answers import Record
from autograder.course import Course
from autograder.variants import params_for
from reference import backprop, cases
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {i.name: i for i in Course(REPO_COURSE).items("ch09")}
STUDENTS = ["alice", "bob", "s42"]


def _params(name, student):
    return params_for(ITEMS[name], SECRET, "ch09", student)


@pytest.mark.parametrize("student", STUDENTS)
def test_xor_error_mean_not_sum(student):
    """Does the mean error pass, the sum of chapter 8 fail with its message?"""
    item = ITEMS["erreur_xor"]
    params = _params("erreur_xor", student)
    X, z = backprop.xor_data()
    E = backprop.error(backprop.vector_to_params(params["P"], [2, 2, 1]), ["sigmoid"] * 2, X, z)
    assert check(item, params, E).passed
    assert check(item, params, 4 * E).mistake == "somme"


@pytest.mark.parametrize("student", STUDENTS)
def test_gradient_items_accept_reference_on_grader_probes(student):
    """Do the reference gradients pass on probes drawn from a grading seed (not seed 0)?"""
    for name in ("gradient_neurone", "retropropagation"):
        item = ITEMS[name]
        params = _params(name, student)
        calls = item.probes(params, random.Random(98765))
        f = item.reference(params)
        outputs = [f(*call.args) for call in calls]
        assert item.check_outputs(outputs, params, calls).passed


def test_hebb_and_step_items_match_book_conventions():
    """Does the Hebb item use H̃(0) = 1 (the AND case of notes 9-E3) and descent go downhill?"""
    item = ITEMS["hebb"]
    book = {"porte": "ET", "P0": [0, 0, 0], "delta": 0.5, "epoques": 4}
    assert item.expected(book) == (2.0, 2.0, -2.0)
    params = _params("pas_descente", "alice")
    P1 = ITEMS["pas_descente"].expected(params)
    X, z = backprop.red_blue_data()
    before = backprop.error(backprop.vector_to_params(params["P"], [2, 1]), ["sigmoid"], X, z)
    after = backprop.error(backprop.vector_to_params(P1, [2, 1]), ["sigmoid"], X, z)
    assert after < before or params["delta"] >= 2


@pytest.mark.parametrize("student", STUDENTS)
def test_height_items(student):
    """Do cases.height and the histogram count pass, with the two mistakes named?"""
    assert check(ITEMS["hauteur"], _params("hauteur", student), cases.height).passed
    params = _params("nombre_hauteur", student)
    n, h = params["n"], params["h"]
    brute = int(np.sum(cases.height(cases.all_configurations(n)) == h))
    assert check(ITEMS["nombre_hauteur"], params, brute).passed


def test_trained_step_network_passes_and_memoriser_earns_nothing():
    """Do trained weights pass on the grader's held-out points, and a 20-spike net fail?"""
    item = ITEMS["marche"]
    params = _params("marche", "alice")
    start = backprop.vector_to_params([0.0, 1.0, 0.0, -1.0, 1.0, 1.0, -1.0], [1, 2, 1])
    trained, _ = backprop.train_trace(start, ["sigmoid"] * 2, *backprop.step_data(),
                                      params["delta"], params["iterations"])
    assert item.check(Record(item.id, "value", value=trained), params).passed
    red = np.linspace(3, 5, 10)
    spikes = [(1000 * np.concatenate([np.ones(10), -np.ones(10)]).reshape(1, 20),
               1000 * np.concatenate([-(red - 0.01), red + 0.01])),
              (10 * np.ones((20, 1)), np.array([-15.0]))]
    assert not item.check(Record(item.id, "value", value=spikes), params).passed
