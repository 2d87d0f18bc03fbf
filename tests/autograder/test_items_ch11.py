"""ch11 items in the grader's process: the book's worked examples, several students' variants,
and the flip detector naming a correlation, an even motif centred wrongly or the wrong length."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.course import Course
from autograder.variants import params_for
from reference import convolution1d as c1
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch11")}
VALUES = ["produit_convolution", "motif_pair", "motif_translation", "motif_difference",
          "derivee_bord", "couche_relu", "matrice_couche", "nombre_poids", "suite_convolution"]


def _params(name: str, student: str = "alice") -> dict:
    return params_for(ITEMS[name], SECRET, "ch11", student)


@pytest.mark.parametrize("student", ["alice", "bob", "s42"])
@pytest.mark.parametrize("name", VALUES)
def test_reference_answer_passes(name: str, student: str) -> None:
    """Is the expected answer itself accepted for this student's parameters?"""
    item, params = ITEMS[name], _params(name, student)
    assert check(item, params, item.expected(params)).passed


def test_book_examples_E11_1_and_E11_2() -> None:
    """Do the book's [2, 6, 11, 20, 17] and [−4, 15, 53, 47, 23] pass, and the correlation
    [2, 10, 21, 16, 7] get the flip message?"""
    item = ITEMS["produit_convolution"]
    params = {"f": [1, 0, 3, 5, 1], "g": [1, 2, 3]}
    assert check(item, params, [2, 6, 11, 20, 17]).passed
    assert check(item, params, [2, 10, 21, 16, 7]).mistake == "correlation_au_lieu_de_convolution"
    assert check(item, params, [1, 2, 6, 11, 20, 17, 3]).mistake == "convolution_etendue"
    pair = ITEMS["motif_pair"]
    params = {"f": [-1, 5, 7, 3, 2], "g": [4, 5]}
    assert check(pair, params, [-4, 15, 53, 47, 23]).passed
    shifted = check(pair, params, c1.conv1d(params["f"], [4, 5, 0]))
    assert shifted.mistake == "centrage_motif_pair"


def _loops(f, g):  # noqa: ANN001, ANN202
    g = list(g)
    if len(g) % 2 == 0:
        g = [0.0] + g
    g, k = g[::-1], len(g) // 2
    fz = [0.0] * k + list(f) + [0.0] * k
    return [sum(fz[i + j] * g[j] for j in range(len(g))) for i in range(len(f))]


@pytest.mark.parametrize("student", ["alice", "bob", "s42", "s43"])
def test_convolution_function_and_flip_detector(student: str) -> None:
    """Is a loop version accepted, np.convolve too, and are np.correlate (no flip) and the
    zero appended on the wrong side named?"""
    item, params = ITEMS["convolution"], _params("convolution", student)
    assert check(item, params, _loops).passed
    assert check(item, params, lambda f, g: np.convolve(f, g, "same")).passed
    assert check(item, params, lambda f, g: np.correlate(f, g, "same")).mistake \
        == "correlation_du_livre"
    assert check(item, params, c1.correlate1d).mistake == "correlation_au_lieu_de_convolution"
    wrong_side = check(item, params, lambda f, g: _loops(f, list(g) + [0.0] * (len(g) % 2 == 0)))
    assert wrong_side.mistake == "centrage_motif_pair"


def test_motifs_accept_equivalent_forms() -> None:
    """Are [1, −1] ≡ [0, 1, −1] (the book's derivative) and [0, 0, 1] (shift right) accepted,
    and the reversed translation named?"""
    diff = ITEMS["motif_difference"]
    params = {"kind": "arriere", "k": 1}
    assert check(diff, params, [1, -1]).passed and check(diff, params, [0, 1, -1]).passed
    assert check(diff, params, [-1, 1, 0]).mistake == "motif_non_retourne"
    shift = ITEMS["motif_translation"]
    assert check(shift, {"d": 1}, [0, 0, 1]).passed
    assert check(shift, {"d": 1}, [1, 0, 0]).mistake == "sens_inverse"


def test_book_derivative_example_E11_7() -> None:
    """Does [16, 9, 4, …] ⋆ [0, 1, −1] give the book's [16, −7, −5, …, 7] (c = 4)?"""
    item = ITEMS["derivee_bord"]
    assert check(item, {"c": 4}, [16, -7, -5, -3, -1, 1, 3, 5, 7]).passed
    assert check(item, {"c": 4}, [-7, -5, -3, -1, 1, 3, 5, 7]).mistake == "bord_oublie"


def test_ranks_example_E11_8() -> None:
    """Is f ⋆̃ g(1) = 6 for the book's f(0..4) = [1, 0, 3, 5, 1], g(−1..1) = [1, 2, 3]?"""
    item = ITEMS["suite_convolution"]
    params = {"f": [1, 0, 3, 5, 1], "g": [1, 2, 3], "n0": 1}
    assert check(item, params, 6).passed
    assert check(item, params, 10).mistake == "indices_non_retournes"


def test_layer_matrix_and_weights() -> None:
    """Is W[i, i−1] = c, W[i, i+1] = a accepted and its transpose named; 10 000 vs 3?"""
    item = ITEMS["matrice_couche"]
    params = {"g": [1, 2, 3], "n": 5}
    W = 2 * np.eye(5) + 3 * np.eye(5, k=-1) + 1 * np.eye(5, k=1)
    assert check(item, params, W).passed
    assert check(item, params, W.T).mistake == "matrice_transposee"
    assert check(ITEMS["nombre_poids"], {"n": 100, "k": 3}, (10000, 3)).passed
    assert check(ITEMS["nombre_poids"], {"n": 100, "k": 3}, (10000, 298)).mistake \
        == "aretes_comptees"
