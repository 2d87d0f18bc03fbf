"""TrainedWeightsItem: handed-out weights scored on the grader's own held-out data."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.answers import Record
from autograder.items import Mistake
from autograder.model import Msg
from autograder.training_items import TrainedWeightsItem, grader_rng
from reference import backprop, networks

P0 = [0.0, 1.0, 0.0, -1.0, 1.0, 1.0, -1.0]  # the book's P₀ for the step example [L5157]


def held_out_step(p, rng, n=600):
    """Fresh points of the three intervals of the step example, labels 0 / 1 / 0."""
    x = np.concatenate([rng.uniform(0, 2, n // 3), rng.uniform(3, 5, n // 3),
                        rng.uniform(6, 8, n // 3)])
    return x[:, None], np.repeat([0.0, 1.0, 0.0], n // 3)


def _item(acts=("sigmoid", "sigmoid"), **kw) -> TrainedWeightsItem:
    base = dict(id="t.marche", points=2, title=Msg("m", "s"), draw=lambda r: {},
                statement=lambda p: "", activations=lambda p: acts, held_out=held_out_step,
                threshold=0.95, visible=lambda p: backprop.step_data())
    return TrainedWeightsItem(**{**base, **kw})


def _check(item, layers, params=None):
    value = [(np.asarray(W, float), np.asarray(b, float)) for W, b in layers]
    return item.check(Record(item.id, "value", value=value), params or {})


def test_book_training_run_passes_and_untrained_fails():
    """Do the weights after 5000 steps (δ = 1, book's P₀) pass, and P₀ itself fail?"""
    start = backprop.vector_to_params(P0, [1, 2, 1])
    trained, trace = backprop.train_trace(start, ["sigmoid"] * 2, *backprop.step_data(), 1.0, 5000)
    assert trace["E"][-1] < 0.003
    outcome = _check(_item(), trained)
    assert outcome.passed and "600 points" in outcome.message.fr
    assert not _check(_item(), start).passed


def test_attack_memorised_visible_points_earns_nothing():
    """Does a net with a narrow créneau on each visible red point (perfect on the training data)
    fail on the grader's held-out points, with the over-fitting message?"""
    X, z = backprop.step_data()
    red = X[z == 1, 0]
    spikes = networks.staircase_net(np.stack([red - 0.01, red + 0.01], axis=1), np.ones(len(red)))
    layers = [(layer.W, layer.b) for layer in spikes]
    item = _item(acts=("H", "linear"))
    F = backprop.predict(layers, ["H", "linear"], X)[:, 0]
    assert np.array_equal(F >= 0.5, z == 1)  # memorised: all 30 visible points right
    outcome = _check(item, layers)
    assert not outcome.passed and outcome.mistake == "sur_apprentissage"


def test_bad_answers_are_explained():
    """Are a wrong architecture, a non-chaining shape, nan weights and a non-list refused?"""
    good = backprop.vector_to_params(P0, [1, 2, 1])
    item = _item(sizes=lambda p: [1, 2, 1])
    assert "Architecture" in _check(item, backprop.init_params([1, 3, 1], 0)).message.fr
    assert "s'enchaînent" in _check(item, [good[0], (np.ones((3, 1)), np.ones(1))]).message.fr
    nan = [(good[0][0] * np.nan, good[0][1]), good[1]]
    assert "divergé" in _check(item, nan).message.fr
    assert not item.check(Record(item.id, "value", value=3.0), {}).passed
    assert "2 couche" in _check(item, good[:1]).message.fr


def test_declared_mistake_predicate_and_mse_metric():
    """Does a declared predicate mistake fire, and the mse metric compare with ≤ threshold?"""
    start = backprop.vector_to_params(P0, [1, 2, 1])
    same = Mistake("non_entraine", Msg("Poids initiaux.", "Initial weights."),
                   predicate=lambda layers, p: np.allclose(backprop.params_to_vector(layers), P0))
    outcome = _check(_item(mistakes=(same,)), start)
    assert outcome.mistake == "non_entraine"
    trained, _ = backprop.train_trace(start, ["sigmoid"] * 2, *backprop.step_data(), 1.0, 5000)
    assert _check(_item(metric="mse", threshold=0.01), trained).passed
    with pytest.raises(ValueError):
        _item(metric="f1")


def test_held_out_rng_depends_on_salt_item_and_params():
    """Is the held-out draw fixed by (salt, item, params) and changed by any of them?"""
    a = grader_rng("s", "i", {"k": 1}).random(3)
    assert np.array_equal(a, grader_rng("s", "i", {"k": 1}).random(3))
    for other in (grader_rng("t", "i", {"k": 1}), grader_rng("s", "j", {"k": 1}),
                  grader_rng("s", "i", {"k": 2})):
        assert not np.array_equal(a, other.random(3))
