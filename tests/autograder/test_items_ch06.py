"""ch06 items in the grader's process: Keras models as data (built here, no TensorFlow),
several correct step networks accepted, the Keras weight layout, H(0) = 1."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.course import Course
from autograder.keras_items import model_from_spec, transposed_kernel
from autograder.variants import params_for
from reference.keras_models import count_params_dense, dense_spec
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch06")}
MODULE = __import__("autograder.course", fromlist=["_ITEMS_CACHE"])
STUDENTS = ["alice", "bob", "chloe", "s42", "s43", "s44"]


def _params(name: str, student: str) -> dict:
    return params_for(ITEMS[name], SECRET, "ch06", student)


def _ch06():  # noqa: ANN202
    return MODULE._ITEMS_CACHE[(REPO_COURSE / "items" / "ch06.py").resolve()]


@pytest.mark.parametrize("student", STUDENTS)
def test_correct_networks_pass_for_every_variant(student: str) -> None:
    """Do the reference constructions pass for each student's parameters?"""
    ch06 = _ch06()
    builders = {"reseau": ch06._reseau_target, "demi_droite": ch06._dd_model,
                "secteur": ch06._secteur_model, "cube": ch06._cube_model}
    for name, build in builders.items():
        params = _params(name, student)
        assert check(ITEMS[name], params, build(params)).passed, (name, student)


def test_other_constructions_are_accepted() -> None:
    """Are rescaled step networks (another correct design) accepted, and wrong ones named?"""
    ch06 = _ch06()
    p = {"u": [1, 2], "v": [-3, 1]}
    m = ch06._secteur_model(p)
    scaled = model_from_spec(dense_spec("s", [2, 2, 1], "H"), [
        m.layers[0].weights[0] * 3, m.layers[0].weights[1], [[0.5], [0.5]], [-1.0]])
    assert check(ITEMS["secteur"], p, scaled).passed
    assert check(ITEMS["secteur"], p, ch06._secteur_model(p, out_bias=-1.0)).mistake == \
        "ou_au_lieu_de_et"
    p = {"c": 2, "sens": ">="}
    half = model_from_spec(dense_spec("d", [1, 1], "H"), [[[0.5]], [-1.0]])
    assert check(ITEMS["demi_droite"], p, half).passed
    assert check(ITEMS["demi_droite"], p, ch06._dd_model(p, flip=True)).mistake == \
        "sens_inverse"
    cube = ch06._cube_model({"c": 2})
    assert not check(ITEMS["cube"], {"c": 3}, cube).passed


def test_layout_and_architecture_messages() -> None:
    """Transposed kernel, wrong activation and wrong sizes each get their own message."""
    ch06 = _ch06()
    p = _params("reseau", "alice")
    target = ch06._reseau_target(p)
    assert check(ITEMS["reseau"], p, transposed_kernel(target, 0)).mistake == "noyau_transpose"
    other = "sigmoid" if p["act"] == "linear" else "linear"
    wrong_act = model_from_spec(dense_spec("r", [2, 2, 1], ["relu", other]), target.weights())
    assert "activation" in check(ITEMS["reseau"], p, wrong_act).message.fr
    wrong_size = model_from_spec(dense_spec("r", [2, 3, 1], ["relu", p["act"]]))
    assert "3 neurones au lieu de 2" in check(ITEMS["reseau"], p, wrong_size).message.fr


def test_values_and_functions() -> None:
    """The book's 6-E3 network gives F(7, −5) ≈ 0.123; vers_keras and heaviside as the book."""
    ch06 = _ch06()
    book = {"coeff": [[1, 3, -5], [2, -4, -6]], "biais": [-1, 0, 1], "sortie": [1, 1, 1],
            "bs": -3, "x": [7, -5]}
    assert ch06._sortie(book) == pytest.approx(0.123032, abs=1e-6)
    coeff, b = ch06._vers_keras([([1, 2], -1), ([3, -4], 0), ([-5, -6], 1)])
    assert coeff.tolist() == [[1, 3, -5], [2, -4, -6]] and b.tolist() == [-1, 0, 1]
    assert ch06._h(np.array([-1.0, 0.0, 2.0])).tolist() == [0.0, 1.0, 1.0]
    assert check(ITEMS["nombre_poids"], {"tailles": [3, 6, 1]}, 31).passed
    assert count_params_dense([1, 40, 1]) == 121
