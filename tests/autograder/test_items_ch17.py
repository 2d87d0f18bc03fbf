"""ch17 items in the grader's process: correct answers pass for several variants, the
sampler's frequencies are tested (the mode earns nothing), BPE feedback names the first
differing merge, PCA axes are accepted up to sign."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.answers import Record
from autograder.course import Course
from autograder.sampling_check import sampler_from
from autograder.variants import params_for
from reference import bpe, embeddings, sampling
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch17")}
STUDENTS = ["alice", "bob", "chloe", "s42", "s43", "s44"]


def _params(name: str, student: str) -> dict:
    return params_for(ITEMS[name], SECRET, "ch17", student)


@pytest.mark.parametrize("student", STUDENTS)
def test_reference_answers_pass_for_every_variant(student: str) -> None:
    """Does each value item accept its own expected answer, for six students?"""
    for name, item in ITEMS.items():
        p = _params(name, student)
        if hasattr(item, "expected") and name != "echantillonner":
            assert check(item, p, item.expected(p)).passed, (name, student)


@pytest.mark.parametrize("student", STUDENTS[:3])
def test_an_honest_sampler_passes_and_the_mode_fails(student: str) -> None:
    """Does a numpy-choice sampler pass, and always-the-argmax fail with its message?"""
    item, p = ITEMS["echantillonner"], _params("echantillonner", student)
    honest = sampler_from(lambda s, T, k: sampling.top_k_probabilities(s, k, T))
    assert check(item, p, honest).passed
    out = check(item, p, lambda s, T, k, n, g: [int(np.argmax(s))] * n)
    assert not out.passed and out.mistake == "mode" and out.credit == 0


def test_bpe_feedback_names_the_first_differing_merge() -> None:
    """A list right on its first two merges and wrong on the third: is no. 3 named?"""
    item, p = ITEMS["bpe_fusions"], _params("bpe_fusions", "alice")
    want = item.expected(p)
    wrong = want[:2] + [("z", "z")] + want[3:]
    out = item.check(Record(item.id, "value", value=wrong), p)
    assert not out.passed and "n° 3" in out.message.fr and "'z' + 'z'" in out.message.fr


def test_bpe_item_is_the_books_script_on_the_books_example() -> None:
    """Does the entry point the items use give the book's merges and ids (E17-9)?"""
    model, _ = bpe.bpe_train_book("AB ab abc, dbac bacde.", 10)
    assert model.merges == (("a", "b"), ("b", "a"), ("ba", "c"))
    assert bpe.encode("ab ab abc dbac bacde", model) == [[6], [6], [6, 3], [4, 8], [8, 4, 5]]


def test_pca_accepts_either_sign_and_mesures_matches_arccos() -> None:
    """Are flipped PCA axes accepted; is the angle the arccos of the cosine in degrees?"""
    item, p = ITEMS["acp"], _params("acp", "bob")
    want = np.asarray(item.expected(p))
    assert check(item, p, (want * [-1, 1]).tolist()).passed
    assert not check(item, p, want[:, ::-1].tolist()).passed
    m = ITEMS["mesures"].expected(_params("mesures", "bob"))
    assert np.isclose(m[2], np.degrees(np.arccos(m[0])))


def test_probabilities_book_example() -> None:
    """The book's scores (2, 5, 25, 3, 14, 4) with T = 1, k = 3: does the item's reference
    put (almost) all the mass on 25 and zero outside the top 3?"""
    ref = ITEMS["probabilites"].reference({})
    q = ref([2.0, 5.0, 25.0, 3.0, 14.0, 4.0], 1.0, 3)
    assert q[0] == q[3] == q[5] == 0.0 and q[1] > 0 and np.isclose(sum(q), 1.0) and q[2] > 0.99


def test_analogy_uses_cosine() -> None:
    """Is the analogy answer the reference's nearest token by cosine?"""
    p = _params("analogie", "s42")
    a, b, c = p["abc"]
    T = np.asarray(p["table"])
    idx = {w: i for i, w in enumerate(p["mots"])}
    got = embeddings.analogy(T.T, p["mots"], a, b, c, k=1)[0][0]
    assert ITEMS["analogie"].expected(p) == got
    assert got not in (a, b, c) and got in idx
