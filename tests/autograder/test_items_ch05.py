"""ch05 items in the grader's process: many correct constructions accepted (gates, XOR,
half-plane, triangle, créneau), the H(0) = 1 convention, and the reasoning items."""

from __future__ import annotations

import itertools
import random

import pytest

from autograder.constructions import as_answer
from autograder.course import Course
from autograder.variants import params_for
from reference import networks, perceptron
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch05")}
def _rows(net):
    """A reference network goes in, the students' layout (one row of W per neuron) comes out."""
    return [(networks.layer_rows(layer), layer.b) for layer in net]


MODULE = __import__("autograder.course", fromlist=["_ITEMS_CACHE"])
STUDENTS = ["alice", "bob", "chloe", "s42", "s43", "s44"]


def _params(name: str, student: str) -> dict:
    return params_for(ITEMS[name], SECRET, "ch05", student)


def _items_module():  # noqa: ANN202
    path = (REPO_COURSE / "items" / "ch05.py").resolve()
    return MODULE._ITEMS_CACHE[path]


@pytest.mark.parametrize("gate", sorted(_items_module().GATES2))
def test_every_gate_accepts_many_perceptrons(gate: str) -> None:
    """For each gate, are the LP separator and rescaled copies of it all accepted?"""
    ch05 = _items_module()
    item, params = ITEMS["porte_logique"], {"porte": gate}
    w, b = ch05._separator(ch05.BOOL2, ch05.GATES2[gate])
    for scale in (1.0, 0.25, 3.0, 100.0):
        assert check(item, params, ([scale * v for v in w], scale * b)).passed, (gate, scale)


def test_the_books_gates_pass_thanks_to_h0_equal_1() -> None:
    """Do the book's OR (1, 1; −1) and AND (1, 1; −2) pass, with H(0) = 1?"""
    item = ITEMS["porte_logique"]
    assert check(item, {"porte": "x OU y"}, (list(perceptron.OR.weights), -1.0)).passed
    assert check(item, {"porte": "x ET y"}, (list(perceptron.AND.weights), -2.0)).passed
    assert check(item, {"porte": "x ET y"}, ([1.0, 1.0], -1.0)).mistake == "h0"


def test_xor_accepts_other_networks() -> None:
    """Are the book's XOR net and another 2-2-1 design (OR and NAND, then AND) accepted?"""
    item, params = ITEMS["reseau_xor"], {"porte": "x OUex y"}
    book = networks.xor_net()
    assert check(item, params, as_answer(_rows(book))).passed
    other = [([[1, 1], [-1, -1]], [-1, 1.5]), ([[1, 1]], [-2])]
    assert check(item, params, other).passed
    assert not check(item, {"porte": "NON (x OUex y)"}, other).passed


@pytest.mark.parametrize("student", STUDENTS)
def test_triangle_constructions_in_both_orientations(student: str) -> None:
    """Is Prop. 3's network accepted whatever the order of the vertices, for each student?"""
    item, params = ITEMS["triangle"], _params("triangle", student)
    for vertices in (params["V"], params["V"][::-1]):
        net = networks.convex_polygon_net(vertices)
        assert check(item, params, as_answer(_rows(net))).passed


@pytest.mark.parametrize("student", STUDENTS)
def test_half_plane_and_its_frontier(student: str) -> None:
    """Is any positive multiple accepted, and a bias nudged off the line named 'frontiere'?"""
    ch05 = _items_module()
    item, params = ITEMS["demi_plan"], _params("demi_plan", student)
    a, b, c = ch05._half_line(params)
    for k in (1.0, 1 / 3, 10.0):
        assert check(item, params, ([k * a, k * b], k * c)).passed
    assert check(item, params, ([a, b], c - 0.01)).mistake == "frontiere"


@pytest.mark.parametrize("student", STUDENTS)
def test_creneau_closed_ends(student: str) -> None:
    """Is the book's créneau (closed) accepted and the half-open one refused at β?"""
    item, params = ITEMS["creneau"], _params("creneau", student)
    closed = networks.creneau_net(params["alpha"], params["beta"], params["k"])
    assert check(item, params, as_answer(_rows(closed))).passed
    half_open = networks.creneau_net(params["alpha"], params["beta"], params["k"], closed=False)
    outcome = check(item, params, as_answer(_rows(half_open)))
    assert not outcome.passed and "frontière" in outcome.message.fr


def test_non_realisable_tables_match_the_linear_programme() -> None:
    """Are exactly XOR and its negation the 2-input tables no perceptron realises?"""
    ch05 = _items_module()
    bad = [t for t in itertools.product((0, 1), repeat=4) if not ch05._realisable(list(t))]
    assert sorted(bad) == [(0, 1, 1, 0), (1, 0, 0, 1)]
    rng = random.Random(5)
    for _ in range(20):
        params = ch05._tables_draw(rng)
        assert 1 <= len(ch05._non_realisable(params)) <= 2


def test_parameter_count_of_the_book() -> None:
    """Does a 2-3-1-1 network have 15 weights (biases included), and 10 without?"""
    item, params = ITEMS["nombre_parametres"], {"tailles": [2, 3, 1, 1]}
    assert check(item, params, 2 * 3 + 3 + 3 * 1 + 1 + 1 * 1 + 1).passed
    assert check(item, params, 10).mistake == "biais_oublies"
