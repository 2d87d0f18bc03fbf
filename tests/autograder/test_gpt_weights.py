"""GPTWeightsItem: the held-out loss of handed-out weights by the reference forward pass, shape
checks, and the attacks (weights tuned on the held-out text, which no student can reach)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from autograder.answers import Record
from autograder.course import Course
from autograder.gpt_weights import causal_ok, weights_from_answer
from autograder.variants import params_for
from reference import gpt
from tests.course.test_course_all import REPO_COURSE, SECRET

ITEM = next(i for i in Course(REPO_COURSE).items("ch18") if i.name == "petit_gpt")
MODULE = __import__("autograder.course", fromlist=["_ITEMS_CACHE"])


def _ch18():  # noqa: ANN202
    return MODULE._ITEMS_CACHE[(REPO_COURSE / "items" / "ch18.py").resolve()]


def _ids(text: str) -> list[int]:
    return [_ch18().ALPHABET.index(c) for c in text]


CFG = gpt.GPTConfig(N=30, n=32, K=16, r=8, layers=2)


def _grade(answer, params):
    return ITEM.check(Record(ITEM.id, "value", value=answer), params)


@pytest.fixture(scope="module")
def trained():
    params = params_for(ITEM, SECRET, "ch18", "alice")
    w = gpt.fit_unembedding_ce(gpt.init_params(CFG, params["graine"]), [_ids(params["texte"])],
                               CFG, steps=300)
    return params, w


@pytest.mark.slow
def test_trained_on_the_training_text_passes(trained) -> None:
    params, w = trained
    out = _grade(w, params)
    assert out.passed, out.message.fr


def test_shapes_are_checked() -> None:
    params = params_for(ITEM, SECRET, "ch18", "bob")
    w = gpt.init_params(CFG, 0)
    bad = {**w, "unembed": w["unembed"][:, :-1]}
    assert "unembed" in _grade(bad, params).message.fr
    assert not _grade({**w, "extra": 1}, params).passed
    nan = {**w, "unembed": np.full_like(w["unembed"], np.nan)}
    assert not _grade(nan, params).passed
    with pytest.raises(ValueError):
        weights_from_answer({**w, "layers": []}, 30, 16)


def test_evaluated_model_is_causal() -> None:
    w, _ = weights_from_answer(gpt.init_params(CFG, 1), 30, 16)
    assert causal_ok(w, CFG, list(range(16)))


def test_heldout_text_is_out_of_the_students_reach() -> None:
    """The held-out sentences are not in any student's params, the notebook source, the
    students' kit, nor the training texts (so no one can tune on them)."""
    held = _ch18()._heldout({})
    lines = [s for s in held.split("\n") if len(s) > 25]
    assert len(held) > 1500 and lines
    srcs = [(REPO_COURSE / "notebooks" / "ch18.py").read_text(encoding="utf-8"),
            (Path(__file__).resolve().parents[2] / "autograder" / "kit" / "deepmath_eleve.py")
            .read_text(encoding="utf-8")]
    for student in ("alice", "bob", "mallory", "s42"):
        srcs.append(json.dumps(params_for(ITEM, SECRET, "ch18", student), ensure_ascii=False))
    # a few sentences of the grammar repeat by chance; most held-out lines must be unseen
    unseen = [s for s in lines if not any(s in src for src in srcs)]
    assert len(unseen) >= 0.5 * len(lines)
    assert held not in "".join(srcs) and str(_ch18()._HELDOUT_SEED) not in srcs[0]


@pytest.mark.slow
def test_weights_tuned_on_the_heldout_text_would_do_better(trained) -> None:
    """Attack fixture: weights fitted on the held-out text itself score better than honest
    ones — which is why that text stays on the grader's side (test above)."""
    params, honest = trained
    held = [_ids(_ch18()._heldout(params))]
    tuned = gpt.fit_unembedding_ce(gpt.init_params(CFG, params["graine"]), held, CFG, steps=300)
    assert gpt.cross_entropy(tuned, held, CFG) < gpt.cross_entropy(honest, held, CFG)
