"""ch15 items in the grader's process: numpy's own answers pass for several variants, the
book's worked numbers pass, C vs Fortran order, Mo vs Mio, and TensorFlow's gradients pass."""

from __future__ import annotations

import math
from importlib.util import find_spec

import numpy as np
import pytest

from autograder.course import Course
from autograder.variants import params_for
from reference import tensors
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch15")}
STUDENTS = ["alice", "bob", "chloe", "s42", "s43", "s44"]


def _params(name: str, student: str) -> dict:
    return params_for(ITEMS[name], SECRET, "ch15", student)


@pytest.mark.parametrize("student", STUDENTS)
def test_numpy_answers_pass(student: str) -> None:
    """Do answers computed with numpy itself (reshape, concatenate, indexing, *) pass?"""
    p = _params("redimensionner", student)
    assert check(ITEMS["redimensionner"], p, np.reshape(np.array(p["T"]), (p["k"], -1))).passed
    p = _params("concatener", student)
    got = np.concatenate((np.array(p["A"]), np.array(p["B"])), axis=p["axe"])
    assert check(ITEMS["concatener"], p, got.tolist()).passed
    p = _params("sous_tenseur", student)
    index = [slice(None)] * 3
    index[p["axe"]] = p["i"]
    assert check(ITEMS["sous_tenseur"], p, np.array(p["T"])[tuple(index)]).passed
    p = _params("produit_terme_a_terme", student)
    assert check(ITEMS["produit_terme_a_terme"], p, np.array(p["A"]) * np.array(p["B"])).passed
    p = _params("memoire", student)
    nbytes = np.zeros((p["N"], p["h"], p["h"], p["c"]), dtype=p["dtype"]).nbytes
    assert check(ITEMS["memoire"], p, nbytes / 1e6).passed


@pytest.mark.parametrize("student", STUDENTS[:3])
def test_flatten_by_numpy_passes_and_fortran_is_named(student: str) -> None:
    """Is np.ravel accepted for aplatir, and order='F' named 'ordre_fortran'?"""
    item, p = ITEMS["aplatir"], _params("aplatir", student)
    assert check(item, p, lambda T: np.ravel(T)).passed
    assert check(item, p, lambda T: np.ravel(T, order="F")).mistake == "ordre_fortran"


def test_the_books_cifar_memory_and_mib() -> None:
    """Is CIFAR-10 in uint8 153.6 Mo [L7734], and 146.48 (Mio) named 'mio'?"""
    item, p = ITEMS["memoire"], {"N": 50000, "h": 32, "c": 3, "dtype": "uint8"}
    assert check(item, p, 153.6).passed
    assert check(item, p, 153.6e6 / 2**20).mistake == "mio"
    assert check(item, {**p, "dtype": "float32"}, 153.6).mistake == "octets_par_element"


def test_the_books_reshape_E15_6() -> None:
    """Does the book's T reshaped to (9, −1) [L7795–7803] pass, and its Fortran reading fail?"""
    item = ITEMS["redimensionner"]
    p = {"T": tensors.book_tensors()["T"].tolist(), "k": 9}
    book = [[5, 1], [0, 3], [3, 2], [1, 1], [0, 5], [1, 7], [0, 0], [1, 8], [1, 9]]
    assert check(item, p, book).passed
    fortran = np.reshape(np.array(p["T"]), (9, -1), order="F")
    assert check(item, p, fortran).mistake == "ordre_fortran"


def test_the_books_concatenation_E15_7() -> None:
    """Do the book's C₁ and C₂ pass, and C₁ given for axis 1 name 'mauvais_axe'?"""
    item = ITEMS["concatener"]
    A, B = [[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]
    C1 = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]
    C2 = [[1, 2, 3, 7, 8, 9], [4, 5, 6, 10, 11, 12]]
    assert check(item, {"A": A, "B": B, "axe": 0}, C1).passed
    assert check(item, {"A": A, "B": B, "axe": 1}, C2).passed
    assert check(item, {"A": A, "B": B, "axe": 1}, C1).mistake == "mauvais_axe"


def test_the_books_gradient_E15_9() -> None:
    """Is ∇(x y²)(2, 3) = (9, 12) accepted and (12, 9) named 'composantes_echangees'?"""
    item, p = ITEMS["gradient"], {"m": 1, "n": 2, "x0": 2, "y0": 3}
    assert check(item, p, (9.0, 12.0)).passed
    assert check(item, p, (12.0, 9.0)).mistake == "composantes_echangees"
    assert check(item, p, 18.0).mistake == "valeur_de_f"


def test_vocabulary_grey_and_colour() -> None:
    """Grey (N, h, w, 1) passes, (N, h, w) is named; colour channels first are named too?"""
    item = ITEMS["vocabulaire"]
    grey = {"N": 1000, "h": 28, "couleur": False}
    assert check(item, grey, (4, (1000, 28, 28, 1), 784000)).passed
    assert check(item, grey, (3, (1000, 28, 28), 784000)).mistake == "canal_mal_place"
    colour = {"N": 500, "h": 32, "couleur": True}
    assert check(item, colour, (4, (500, 32, 32, 3), 500 * 3072)).passed
    assert check(item, colour, (4, (500, 3, 32, 32), 500 * 3072)).mistake == "canal_mal_place"


@pytest.mark.tf
@pytest.mark.skipif(find_spec("tensorflow") is None, reason="needs TensorFlow")
@pytest.mark.parametrize("student", STUDENTS[:3])
def test_gradient_tape_results_pass(student: str) -> None:
    """Do TensorFlow's GradientTape derivatives (float32 as well as float64) pass, and the
    book's grid f = 2 ln x + e^{−x} give f′(1) = 1.632 [L7873]?"""
    import tensorflow as tf

    item, p = ITEMS["derivee_tape"], _params("derivee_tape", student)
    for dtype in (tf.float64, tf.float32):
        xs = tf.range(float(p["debut"]), float(p["debut"] + 3), p["pas"], dtype=dtype)
        with tf.GradientTape() as tape:
            tape.watch(xs)
            ys = p["a"] * tf.math.log(xs) + tf.math.exp(-p["b"] * xs)
        assert check(item, p, tape.gradient(ys, xs).numpy()).passed, dtype
    book = {"a": 2, "b": 1, "debut": 1, "pas": 0.5}
    _, df = tensors.tf_derivative(lambda t: 2 * tf.math.log(t) + tf.math.exp(-t),
                                  np.arange(1, 4, 0.5))
    assert check(item, book, df).passed and math.isclose(df[0], 1.6321, abs_tol=1e-4)
