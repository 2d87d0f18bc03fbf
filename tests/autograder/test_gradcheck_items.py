"""GradCheckItem: a backprop function run on grader-drawn networks, diagnosed per layer."""

from __future__ import annotations

import random

import numpy as np
import pytest

from autograder.gradcheck_items import (
    GradCheckItem,
    keras_layout,
    keras_mistakes,
    random_case,
    reference_backprop,
    standard_mistakes,
)
from autograder.model import Msg
from tests.autograder.probes_fixture import run_probes

ACTS = ("sigmoid", "sigmoid")


def _item(**kw) -> GradCheckItem:
    return GradCheckItem(
        id="t.backprop", points=2, title=Msg("r", "b"), draw=lambda r: {"sizes": [2, 3, 1]},
        statement=lambda p: "", sizes=lambda p: p["sizes"], activations=lambda p: ACTS,
        mistakes=standard_mistakes(lambda p: ACTS), **kw)


def _run(item, fn, seed=7, params=None):
    """Call fn on the probes drawn from a grading seed, as the kernel would, and check."""
    return run_probes(item, fn, params or {"sizes": [2, 3, 1]}, seed)


def student_backprop(couches, X, z):
    """An independent loop-by-loop implementation, as a student would write it (σ everywhere)."""
    sig = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731
    gs, ss = [X], []
    for W, b in couches:
        ss.append(gs[-1] @ W + b)
        gs.append(sig(ss[-1]))
    N = len(X)
    d = 2 * (gs[-1] - np.reshape(z, gs[-1].shape)) / N
    grads = []
    for k in range(len(couches) - 1, -1, -1):
        d = d * sig(ss[k]) * (1 - sig(ss[k]))
        grads.insert(0, (gs[k].T @ d, d.sum(axis=0)))
        d = d @ couches[k][0].T
    return float(np.mean(np.sum((gs[-1] - np.reshape(z, gs[-1].shape)) ** 2, axis=1))), grads


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_correct_backprop_passes_on_random_networks(seed):
    """Does an independent correct implementation pass on networks drawn from several seeds?"""
    assert _run(_item(), student_backprop, seed).passed


def test_reference_agrees_with_finite_differences():
    """Is the reference the central finite-difference gradient on a random 2-3-2 network?"""
    from reference.gradcheck import gradcheck
    couches, X, z = random_case([2, 3, 2], random.Random(0))
    f = reference_backprop(ACTS)
    assert gradcheck(lambda c: f(c, X, z), couches) < 1e-6


@pytest.mark.parametrize("name", ["transposee", "ordre", "sans_derivee", "somme", "signe"])
def test_each_classic_mistake_is_named(name):
    """Does each classic mistake give exactly its own message?"""
    item = _item()
    mistake = next(m for m in item.mistakes if m.name == name)
    outcome = _run(item, mistake.wrong({"sizes": [2, 3, 1]}))
    assert not outcome.passed and outcome.mistake == name
    assert outcome.message == mistake.message


def test_unknown_mistake_names_layer_parameter_and_finite_difference():
    """Is a wrong bias gradient in layer 1 located, with the finite-difference value shown?"""
    def wrong_bias(couches, X, z):
        E, grads = student_backprop(couches, X, z)
        return E, [(grads[0][0], grads[0][1] * 0.5), grads[1]]
    outcome = _run(_item(), wrong_bias)
    assert not outcome.passed and outcome.mistake is None
    assert "couche 1, ∂E/∂b" in outcome.message.fr and "différences finies" in outcome.message.fr


def test_bad_structure_and_errors_are_explained():
    """Are a missing E, a wrong number of layers and an exception reported, never crashing?"""
    outcome = _run(_item(), lambda c, X, z: student_backprop(c, X, z)[1])
    assert not outcome.passed and "doit être un nombre" in outcome.message.fr
    outcome = _run(_item(), lambda c, X, z: (1.0, student_backprop(c, X, z)[1][:1]))
    assert not outcome.passed and "2 couples" in outcome.message.fr

    def boom(c, X, z):
        raise ValueError("non")
    assert "ValueError" in _run(_item(), boom).message.fr


def test_attack_memorising_visible_or_first_calls_earns_nothing():
    """Does an answer right only on the calls the student can see (seed 0) or on the first
    calls of a run earn nothing when the grader draws its probes from its own secret seed?"""
    item = _item()
    seen = {}
    for call in item.probes({"sizes": [2, 3, 1]}, random.Random(0)):  # what a student can see
        couches, X, z = call.args
        seen[X.tobytes()] = student_backprop(couches, X, z)

    def memoriser(couches, X, z):
        if X.tobytes() in seen:
            return seen[X.tobytes()]
        return 0.0, [(np.zeros_like(W), np.zeros_like(b)) for W, b in couches]

    assert _run(item, memoriser, seed=0).passed  # the visible calls themselves: right
    outcome = _run(item, memoriser, seed=123456)
    assert not outcome.passed and outcome.credit == 0
    counter = {"n": 0}

    def first_calls_only(couches, X, z):
        counter["n"] += 1
        E, grads = student_backprop(couches, X, z)
        return (E, grads) if counter["n"] <= 2 else (E, [(0 * W, 0 * b) for W, b in grads])

    outcome = _run(item, first_calls_only, seed=99)
    assert not outcome.passed and outcome.credit == 0


def test_book_calls_are_added_and_reduction_is_validated():
    """Are fixed book cases added before the random probes, and a bad reduction refused?"""
    from reference import backprop
    X, z = backprop.xor_data()
    P0 = [(np.ones((2, 2)), np.zeros(2)), (np.ones((2, 1)), np.zeros(1))]
    item = _item(book_calls=lambda p: [(P0, X, z)])
    calls = item.probes({"sizes": [2, 2, 1]}, random.Random(5))
    assert len(calls) == 5 and np.array_equal(calls[0].args[1], X)
    assert _run(item, student_backprop, params={"sizes": [2, 2, 1]}).passed
    with pytest.raises(ValueError):
        _item(reduction="max")


KERAS_ACTS = ("relu", "tanh", "linear")


def _keras_item(**kw) -> GradCheckItem:
    settings = {"layout": "keras", "rtol": 1e-4, "atol": 1e-4, "min_margin": 1e-3, **kw}
    return GradCheckItem(
        id="t.gradient", points=2, title=Msg("g", "g"), draw=lambda r: {"sizes": [2, 4, 3, 1]},
        statement=lambda p: "", sizes=lambda p: p["sizes"], activations=lambda p: KERAS_ACTS,
        mistakes=keras_mistakes(lambda p: KERAS_ACTS), **settings)


def test_keras_layout_passes_a_float32_gradient_and_redraws_near_kinks():
    """Does the get_weights()-order gradient pass, also computed in float32 (Keras'
    precision), while 1e-3 off fails, with every relu pre-activation ≥ min_margin away from
    the kink?"""
    item, params = _keras_item(), {"sizes": [2, 4, 3, 1]}
    ref = keras_layout(reference_backprop(KERAS_ACTS))

    def float32(poids, X, Y):
        return [g.astype(np.float32) for g in ref([w.astype(np.float32) for w in poids], X, Y)]
    assert _run(item, ref, params=params).passed
    assert _run(item, float32, params=params).passed
    off = lambda poids, X, Y: [g * (1 + 1e-3) for g in ref(poids, X, Y)]  # noqa: E731
    assert not _run(item, off, params=params).passed
    from reference import backprop
    for call in item.probes(params, random.Random(3)):
        poids, X, Y = call.args
        assert Y.shape == (len(X), 1) and len(poids) == 6
        S, _ = backprop.forward(list(zip(poids[0::2], poids[1::2], strict=True)), KERAS_ACTS, X)
        assert np.abs(S[0]).min() >= 1e-3
    with pytest.raises(ValueError):
        _keras_item(layout="flat")


@pytest.mark.parametrize("name", ["transposee", "ordre", "coefficients_puis_biais", "somme",
                                  "activation_oubliee", "signe"])
def test_each_keras_mistake_is_named(name):
    """Does each GradientTape mistake give exactly its own message in the keras layout?"""
    item = _keras_item()
    mistake = next(m for m in item.mistakes if m.name == name)
    outcome = _run(item, mistake.wrong({"sizes": [2, 4, 3, 1]}), params={"sizes": [2, 4, 3, 1]})
    assert not outcome.passed and outcome.mistake == name
    assert outcome.message == mistake.message


def test_attack_keras_layout_a_constant_or_probe_detecting_gradient_earns_nothing():
    """Does a gradient right only on the calls a student can see (seed 0) earn nothing on the
    grader's own seed, and is a list of the wrong length explained?"""
    item, params = _keras_item(), {"sizes": [2, 4, 3, 1]}
    ref = keras_layout(reference_backprop(KERAS_ACTS))
    seen = {c.args[1].tobytes(): ref(*c.args) for c in item.probes(params, random.Random(0))}

    def memoriser(poids, X, Y):
        return seen.get(X.tobytes(), [np.zeros_like(w) for w in poids])
    outcome = _run(item, memoriser, seed=2024, params=params)
    assert not outcome.passed and outcome.credit == 0
    outcome = _run(item, lambda poids, X, Y: ref(poids, X, Y)[:4], params=params)
    assert not outcome.passed and "6 gradients" in outcome.message.fr
