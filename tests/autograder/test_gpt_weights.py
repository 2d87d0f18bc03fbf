"""GPTWeightsItem: the held-out loss of handed-out weights by the reference forward pass, shape
checks, the notebook's Keras training (slow, tf), the baselines that must fail (random decoder
with only B trained, untrained), and the attacks (weights that read the next token without the
mask; weights tuned on the held-out text, which no student can reach)."""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.answers import Record
from autograder.course import Course
from autograder.gpt_weights import causal_ok, weights_from_answer
from autograder.variants import params_for
from reference import gpt
from reference import transformer as tr
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
def output_only():
    """The previous solution: random decoder weights, only the unembedding B trained."""
    params = params_for(ITEM, SECRET, "ch18", "alice")
    w = gpt.fit_unembedding_ce(gpt.init_params(CFG, params["graine"]), [_ids(params["texte"])],
                               CFG, steps=100)
    return params, w


def _notebook_solution() -> str:
    text = (REPO_COURSE / "notebooks" / "ch18.py").read_text(encoding="utf-8")
    cell = text.split("# %% [answer petit_gpt]\n", 1)[1]
    return re.split(r"### (?:BEGIN|END) SOLUTION\n", cell)[1]


@pytest.mark.slow
@pytest.mark.tf
def test_notebook_keras_training_passes_with_margin() -> None:
    """Does the notebook's entrainer() (Keras 3, the whole decoder) pass with ≥ 0.5 nat of
    margin, in the CPU budget, and does its Keras forward pass equal the reference one (the
    book's column layout, exact GELU, mask, 1/√r)?"""
    params = params_for(ITEM, SECRET, "ch18", "s42")
    ns = {"np": np, "math": math, "p": params, "encodage_positionnel": tr.positional_encoding,
          "entrainer_ou_charger": lambda fichier, entrainer: entrainer(),
          "multi_tetes": lambda x, heads: tr.multi_head_attention(x, heads, scale=True,
                                                                   causal=True)}
    start = time.perf_counter()
    exec(compile(_notebook_solution(), "ch18-petit_gpt", "exec"), ns)
    assert time.perf_counter() - start < 120
    weights = ns["petit_gpt"]
    loss = ITEM.loss(weights, params)[0]
    assert loss <= ITEM.threshold - 0.5, loss
    assert _grade(weights, params).passed
    keras = ns["keras"]
    layer = ns["Decodeur"]()
    window = np.array([_ids(params["texte"])[:16]], dtype="int32")
    layer(window)                                           # builds the weights
    fresh = layer.poids_numpy()
    ours = keras.ops.convert_to_numpy(layer(window))[0].T   # (N, K)
    np.testing.assert_allclose(ours, gpt.forward(fresh, window[0], CFG), rtol=1e-4, atol=1e-4)


def test_output_only_training_fails(output_only) -> None:
    """Does the previous solution (only B trained on random weights) fail, named as a model
    that ignores its context?"""
    params, w = output_only
    out = _grade(w, params)
    assert not out.passed and out.mistake == "contexte_ignore"
    assert 1.9 < ITEM.loss(w, params)[0] < math.log(30)


def test_weights_reading_the_next_token_earn_nothing() -> None:
    """Attack fixture: weights that look at the next token (nearly perfect without the mask)
    are evaluated with the mask, fail, and are named."""
    params = params_for(ITEM, SECRET, "ch18", "mallory")
    w = _ch18()._gpt_peeking(params)
    assert ITEM.loss(w, params, causal=False)[0] < 1.0 < 5.0 < ITEM.loss(w, params)[0]
    out = _grade(w, params)
    assert not out.passed and out.mistake == "masque_absent"


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


def test_weights_tuned_on_the_heldout_text_would_do_better(output_only) -> None:
    """Attack fixture: the same training run on the held-out text itself scores better than
    on the student's text — which is why that text stays on the grader's side (test above)."""
    params, honest = output_only
    held = [_ids(_ch18()._heldout(params))]
    tuned = gpt.fit_unembedding_ce(gpt.init_params(CFG, params["graine"]), held, CFG, steps=100)
    assert gpt.cross_entropy(tuned, held, CFG) < gpt.cross_entropy(honest, held, CFG)
