"""ch18 items in the grader's process: correct answers for several variants, the named
mistakes (layout, sin/cos, exponent, vec order, mask, 1/√r, axis, mask after softmax, the
book's GELU misprint), the attention properties, and the attack that peeks at future tokens."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from autograder.course import Course
from autograder.variants import params_for
from reference import transformer as tr
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch18")}
MODULE = __import__("autograder.course", fromlist=["_ITEMS_CACHE"])
STUDENTS = ["alice", "bob", "chloe", "s42", "s43", "s44"]


def _params(name: str, student: str) -> dict:
    return params_for(ITEMS[name], SECRET, "ch18", student)


def _ch18():  # noqa: ANN202
    return MODULE._ITEMS_CACHE[(REPO_COURSE / "items" / "ch18.py").resolve()]


def _student_head(x, W_Q, W_K, W_V, W_O):
    """An independent student-style head: loops, no reference code."""
    r, K = W_Q.shape[0], x.shape[1]
    Q, Km = W_Q @ x, W_K @ x
    A = np.zeros((K, K))
    for i in range(K):
        s = np.array([Q[:, i] @ Km[:, j] / math.sqrt(r) for j in range(i + 1)])
        e = np.exp(s - s.max())
        A[i, :i + 1] = e / e.sum()
    return A, W_O @ W_V @ x @ A.T


@pytest.mark.parametrize("student", STUDENTS)
def test_independent_answers_pass(student: str) -> None:
    """Do answers written without the reference (pinv, loops, np.kron) earn every item?"""
    p = _params("moindre_norme", student)
    assert check(ITEMS["moindre_norme"], p, np.linalg.pinv(np.array(p["A"])) @ p["y"]).passed
    p = _params("kronecker", student)
    assert check(ITEMS["kronecker"], p, np.kron(p["A"], p["B"]).astype(float)).passed
    p = _params("vec_tenseur", student)
    v = np.kron(p["A"], p["B"]) @ np.array(p["M"], dtype=float).flatten(order="F")
    assert check(ITEMS["vec_tenseur"], p, v).passed
    assert check(ITEMS["attention_causale"], _params("attention_causale", student),
                 _student_head).passed

    def multi(x, heads):
        return sum(_student_head(x, *h)[1] for h in heads)
    assert check(ITEMS["multi_tetes"], _params("multi_tetes", student), multi).passed


def test_positional_layouts() -> None:
    """Is the Keras layout (K, n) named as the transpose, sine-first and i/n named too?"""
    item, p = ITEMS["encodage_positionnel"], _params("encodage_positionnel", "alice")
    assert check(item, p, tr.positional_encoding).passed
    assert check(item, p, lambda K, n, q: tr.positional_encoding(K, n, q).T).mistake == \
        "transposee"
    assert check(item, p, _ch18()._pe_sin_first).mistake == "sin_cos_inverses"
    assert check(item, p, _ch18()._pe_exponent).mistake == "exposant"


def test_relative_rotation_moves_positions() -> None:
    """Does the expected R satisfy w_{k+ℓ} = R w_k, and is Rᵀ named?"""
    item, p = ITEMS["position_relative"], _params("position_relative", "s42")
    R = item.expected(p)
    W = tr.positional_encoding(12, 4, p["p"])
    assert np.allclose(R @ W[:, :12 - p["l"]], W[:, p["l"]:])
    assert check(item, p, R.T).mistake == "rotation_inverse"


def test_vec_c_order_named() -> None:
    item, p = ITEMS["vec_tenseur"], _params("vec_tenseur", "bob")
    A, B, M = (np.array(p[c], dtype=float) for c in "ABM")
    assert check(item, p, (B @ M @ A.T).flatten()).mistake == "ordre_c"


@pytest.mark.parametrize("student", STUDENTS[:3])
def test_attention_properties_of_the_expected_answer(student: str) -> None:
    """On the grader's own calls: rows sum to 1, strict upper triangle exactly 0, and the past
    columns of h do not move when the last token is perturbed."""
    item, p = ITEMS["attention_causale"], _params("attention_causale", student)
    calls = item.probes(p, random.Random(1))
    outs = item.expected_outputs(item.reference(p), calls)
    for A, _ in outs:
        assert np.allclose(A.sum(axis=1), 1.0) and np.all(np.triu(A, k=1) == 0.0)
    (_, h1), (_, h2) = outs[0], outs[1]
    assert np.array_equal(h1[:, :-1], h2[:, :-1]) and not np.allclose(h1[:, -1], h2[:, -1])


def test_softmax_invariance_and_permutation_equivariance() -> None:
    """Adding a constant to a score row changes nothing; without a mask, permuting the tokens
    permutes the head's output columns and conjugates A."""
    rng = np.random.default_rng(3)
    S = rng.normal(size=(4, 4))
    assert np.allclose(tr.softmax_rows(S + rng.normal(size=(4, 1))), tr.softmax_rows(S))
    x, WQ, WK, WV, WO = (rng.normal(size=s) for s in [(4, 5), (2, 4), (2, 4), (2, 4), (4, 2)])
    perm = rng.permutation(5)
    h, st = tr.attention_head(x, WQ, WK, WV, WO, scale=True, return_steps=True)
    hp, stp = tr.attention_head(x[:, perm], WQ, WK, WV, WO, scale=True, return_steps=True)
    assert np.allclose(hp, h[:, perm]) and np.allclose(stp["A"], st["A"][np.ix_(perm, perm)])


def test_peeking_attention_earns_nothing() -> None:
    """A head that hands out the masked A but computes h from the unmasked one fails, with
    the message about future tokens (the perturbed-last-token call exposes it)."""
    item, p = ITEMS["attention_causale"], _params("attention_causale", "mallory")
    out = check(item, p, _ch18()._head_variant(peek=True))
    assert not out.passed and out.mistake == "futur_regarde" and out.credit == 0.0


@pytest.mark.parametrize("variant,name", [({"causal": False}, "masque_oublie"),
                                          ({"scale": False}, "sans_racine"),
                                          ({"axis": 0}, "mauvais_axe"),
                                          ({"mask_after": True}, "masque_apres")])
def test_attention_mistakes_named(variant: dict, name: str) -> None:
    item, p = ITEMS["attention_causale"], _params("attention_causale", "s43")
    assert check(item, p, _ch18()._head_variant(**variant)).mistake == name


def test_multi_head_concatenation_equals_sum() -> None:
    item, p = ITEMS["multi_tetes"], _params("multi_tetes", "s44")
    for call in item.probes(p, random.Random(0)):
        x, heads = call.args
        assert np.allclose(tr.multi_head_concat(x, heads, scale=True, causal=True),
                           tr.multi_head_attention(x, heads, scale=True, causal=True))


def test_gelu_book_misprint_named() -> None:
    item, p = ITEMS["gelu"], _params("gelu", "alice")
    assert check(item, p, _ch18()._gelus).passed
    assert check(item, p, _ch18()._gelus_misprint).mistake == "coquille_tanh"
    assert abs(_ch18()._gelus(-1.0)[1] + 0.1588) < 1e-3
