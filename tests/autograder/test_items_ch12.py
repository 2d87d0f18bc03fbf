"""ch12 items in the grader's process: the book's worked examples (E12-4 … E12-11), several
students' variants, the flip detector naming a correlation or a transposed motif, and the
ragged-edge pooling convention accepted with a note."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import convolve2d, correlate2d

from autograder.course import Course
from autograder.variants import params_for
from course.items import ch12
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch12")}
VALUES = ["produit_2d", "tailles_modes", "taille_pas_marge", "max_pooling", "moyenne_pooling",
          "motif_translation", "filtre_flou", "nombre_poids", "couche_relu"]
E12_4 = ([[2, 1, 3, 0], [1, 1, 0, 5], [3, 3, 1, 0], [2, 0, 0, 2]],
         [[1, 0, 2], [2, 1, 0], [1, 0, 3]])


def _params(name: str, student: str = "alice") -> dict:
    return params_for(ITEMS[name], SECRET, "ch12", student)


@pytest.mark.parametrize("student", ["alice", "bob", "s42"])
@pytest.mark.parametrize("name", VALUES)
def test_reference_answer_passes(name: str, student: str) -> None:
    """Is the expected answer itself accepted for this student's parameters?"""
    item, params = ITEMS[name], _params(name, student)
    assert check(item, params, item.expected(params)).passed


def test_book_example_E12_4() -> None:
    """Does the book's A ⋆ M = [[5, 9, 10, 0], …] pass, the correlation get the flip message
    and the 2 × 2 'valid' block [[17, 19], [12, 11]] the size message?"""
    item = ITEMS["produit_2d"]
    params = {"A": E12_4[0], "M": E12_4[1]}
    book = [[5, 9, 10, 0], [7, 17, 19, 16], [10, 12, 11, 0], [5, 10, 13, 5]]
    assert check(item, params, book).passed
    assert check(item, params, correlate2d(*E12_4, "same")).mistake \
        == "correlation_au_lieu_de_convolution"
    assert check(item, params, np.array(E12_4[1]).T.tolist()).passed is False
    assert check(item, params, [[17, 19], [12, 11]]).mistake == "convolution_restreinte"


def _loops(A, M):  # noqa: ANN001, ANN202
    A, M = np.asarray(A, float), np.asarray(M, float)
    M = np.pad(M, ((1 - M.shape[0] % 2, 0), (1 - M.shape[1] % 2, 0)))[::-1, ::-1]
    rh, rw = M.shape[0] // 2, M.shape[1] // 2
    Az = np.pad(A, ((rh, rh), (rw, rw)))
    return [[float(np.sum(Az[i:i + M.shape[0], j:j + M.shape[1]] * M))
             for j in range(A.shape[1])] for i in range(A.shape[0])]


@pytest.mark.parametrize("student", ["alice", "bob", "s42"])
def test_convolution_function_and_flip_detector(student: str) -> None:
    """Are loops and scipy's convolve2d accepted; correlate2d, a transposed motif and the even
    motif padded on the wrong side named?"""
    item, params = ITEMS["convolution_2d"], _params("convolution_2d", student)
    assert check(item, params, _loops).passed
    assert check(item, params, lambda A, M: convolve2d(A, M, "same")).passed
    assert check(item, params, lambda A, M: correlate2d(A, M, "same")).mistake \
        == "correlation_au_lieu_de_convolution"
    transposed = check(item, params, lambda A, M: _loops(A, np.asarray(M).T[::-1, ::-1]))
    assert transposed.mistake == "motif_transpose"
    wrong_side = check(item, params, lambda A, M: _loops(
        A, np.pad(np.asarray(M, float), ((0, 1 - len(M) % 2), (0, 1 - len(M[0]) % 2)))))
    assert wrong_side.mistake == "centrage_motif_pair"


def test_sizes_and_stride() -> None:
    """Is 'valid'/'same'/'full' of a 7 × 8 matrix by 3 × 5 (5, 4, 7, 8, 9, 12), and
    ⌊(16 + 4 − 5)/2⌋ + 1 = 8 for stride 2, padding 2?"""
    tailles = ITEMS["tailles_modes"]
    params = {"n": 7, "q": 8, "kh": 3, "kw": 5}
    assert check(tailles, params, (5, 4, 7, 8, 9, 12)).passed
    assert check(tailles, params, (9, 12, 7, 8, 5, 4)).mistake == "modes_echanges"
    pas = ITEMS["taille_pas_marge"]
    params = {"n": 16, "k": 5, "P": 2, "s": 2}
    assert check(pas, params, 8).passed
    assert check(pas, params, 6).mistake == "marge_oubliee"
    assert check(pas, params, 16).mistake == "pas_oublie"


def test_pooling_book_examples_E12_10_and_ragged_edge() -> None:
    """Max and mean pooling of the book's matrix (E13 [[23, 22, 17], [20, 19, 8]] and
    [[11, 15.75, 14.25], [13.75, 8.25, 6]]); a ragged row: dropped passes, kept passes with the
    note, overlapping windows are named."""
    A = [[16, 23, 22, 21, 12, 13], [0, 5, 18, 2, 17, 15], [10, 20, 4, 9, 7, 8],
         [11, 14, 1, 19, 6, 3]]
    assert check(ITEMS["max_pooling"], {"A": A, "k": 2}, [[23, 22, 17], [20, 19, 8]]).passed
    mean = check(ITEMS["moyenne_pooling"], {"A": A, "k": 2}, [[11, 15.75, 14.25],
                                                             [13.75, 8.25, 6]])
    assert mean.passed
    ragged = {"A": [*A, [1, 2, 3, 4, 5, 6]], "k": 2}
    assert check(ITEMS["max_pooling"], ragged, [[23, 22, 17], [20, 19, 8]]).passed
    kept = check(ITEMS["max_pooling"], ragged, [[23, 22, 17], [20, 19, 8], [2, 4, 6]])
    assert kept.passed and "incomplets" in kept.message.fr
    assert check(ITEMS["max_pooling"], ragged, ch12.pool_partial(ragged["A"], 2, "mean")) \
        .passed is False
    overlap = np.max(np.lib.stride_tricks.sliding_window_view(np.array(A), (2, 2)), axis=(2, 3))
    assert check(ITEMS["max_pooling"], {"A": A, "k": 2}, overlap).mistake == "blocs_chevauchants"


def test_translation_motifs_E12_6() -> None:
    """Is the book's shift-down motif accepted, a 5 × 5 equivalent too, and the up/right ones
    named?"""
    item = ITEMS["motif_translation"]
    down = [[0, 0, 0], [0, 0, 0], [0, 1, 0]]
    assert check(item, {"sens": "bas"}, down).passed
    big = np.zeros((5, 5))
    big[3, 2] = 1
    assert check(item, {"sens": "bas"}, big).passed
    assert check(item, {"sens": "bas"}, [[0, 1, 0], [0, 0, 0], [0, 0, 0]]).mistake == "sens_inverse"
    assert check(item, {"sens": "bas"}, [[0, 0, 0], [0, 0, 1], [0, 0, 0]]).mistake == "axe_echange"


def test_blur_book_example_E12_8_and_weights() -> None:
    """Is the blur of [[1..5], …, [21..25]] (16/9 in the corner) accepted and the edge mean over
    present pixels named; 100⁴ dense weights vs (3·3·3 + 1)·8 = 224?"""
    item = ITEMS["filtre_flou"]
    A = np.arange(1, 26).reshape(5, 5).tolist()
    B = convolve2d(A, np.ones((3, 3)) / 9, "same")
    assert abs(B[0, 0] - 16 / 9) < 1e-12
    assert check(item, {"A": A}, B).passed
    assert check(item, {"A": A}, B * 9).mistake == "sans_division"
    counts = convolve2d(np.ones((5, 5)), np.ones((3, 3)), "same")
    assert check(item, {"A": A}, B * 9 / counts).mistake == "moyenne_des_voisins_presents"
    poids = ITEMS["nombre_poids"]
    params = {"n": 100, "k": 3, "c": 3, "l": 8}
    assert check(poids, params, (10 ** 8, 224)).passed
    assert check(poids, params, (10 ** 8, 216)).mistake == "biais_oublie"
    assert check(poids, params, (10 ** 8, 80)).mistake == "canaux_oublies"


def test_relu_layer() -> None:
    """Is ReLU(A ⋆ M + b) accepted and the version without ReLU named?"""
    item, params = ITEMS["couche_relu"], _params("couche_relu")
    pre = convolve2d(params["A"], params["M"], "same") + params["b"]
    assert check(item, params, np.maximum(pre, 0)).passed
    assert check(item, params, pre).mistake == "sans_activation"
