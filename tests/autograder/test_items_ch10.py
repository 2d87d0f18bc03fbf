"""ch10 items in the grader's process: the digit classifier graded on held-out digits the
students never get, the GradientTape gradient and the descent step checked on grader-drawn
networks (a float32 Keras solution passes, its mistakes are named), losses and preprocessing."""

from __future__ import annotations

import io
import random
from importlib.util import find_spec

import numpy as np
import pytest

from autograder.course import Course
from autograder.keras_items import model_from_spec
from autograder.variants import params_for
from reference.keras_models import mnist_dense
from tests.autograder.probes_fixture import run_probes
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch10")}
MODULE = __import__("autograder.course", fromlist=["_ITEMS_CACHE"])


def _ch10():  # noqa: ANN202
    return MODULE._ITEMS_CACHE[(REPO_COURSE / "items" / "ch10.py").resolve()]


def test_released_file_holds_the_training_split_only() -> None:
    """Does the shipped file hold 1000 training digits, none of the grader's held-out ones?"""
    ch10 = _ch10()
    data = np.load(io.BytesIO(Course(REPO_COURSE).data_files("ch10")[ch10.TRAIN_FILE]))
    assert data["images"].shape == (1000, 8, 8) and data["etiquettes"].shape == (1000,)
    X, labels = ch10.heldout()
    assert X.shape == (797, 64) and len(labels) == 797
    train = {bytes(im.astype(np.uint8)) for im in data["images"]}
    held = [bytes((row * 16).round().astype(np.uint8)) for row in X]
    assert sum(h in train for h in held) < 40  # sklearn's digits hold a few duplicates only


def test_untrained_and_memorising_models_fail_on_held_out_digits() -> None:
    """Random weights fail with the named mistake and the accuracy is measured on the grader's
    digits (a model that only memorised the visible digits is judged there too; the notebook
    subclass that looks them up is refused at decoding: see the mallory scenario)."""
    ch10 = _ch10()
    item, p = ITEMS["classifieur"], {"p": 8}
    random_model = model_from_spec(mnist_dense(8, n_in=64), seed=1)
    outcome = check(item, p, random_model)
    assert not outcome.passed and outcome.mistake == "non_entraine"
    assert "chiffres de test du correcteur" in ch10._classifier_check(random_model, p).fr




def _keras_gradient(activation="relu", loss="mean"):  # noqa: ANN202
    """The notebook's GradientTape solution (float32 Keras), with a mistake on request."""
    import keras
    import tensorflow as tf

    def gradient_poids(poids, X, Y):
        coeffs = poids[0::2]
        acts = [activation] * (len(coeffs) - 1) + ["linear"]
        m = keras.Sequential([keras.Input((coeffs[0].shape[0],))]
                             + [keras.layers.Dense(W.shape[1], activation=a)
                                for W, a in zip(coeffs, acts, strict=True)])
        m.set_weights(poids)
        with tf.GradientTape() as tape:
            F = m(X)
            perte = (keras.losses.MeanSquaredError()(Y, F) if loss == "mean"
                     else tf.reduce_sum((F - tf.cast(Y, F.dtype)) ** 2))
        return [g.numpy() for g in tape.gradient(perte, m.trainable_variables)]
    return gradient_poids


@pytest.mark.tf
@pytest.mark.skipif(find_spec("tensorflow") is None, reason="needs TensorFlow")
def test_a_trained_classifier_and_a_gradient_tape_solution_pass() -> None:
    """Does the notebook's recipe pass on held-out digits, does a float32 GradientTape
    gradient (and the step built on it) pass on grader-drawn networks for several students
    and seeds, and are its Keras-side mistakes (Dense without activation, a summed loss)
    recognised at float32 precision?"""
    import keras

    ch10 = _ch10()
    data = np.load(io.BytesIO(ch10._train_file()))
    X, Y = ch10._prepare(data["images"], data["etiquettes"], 16)
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((64,)), keras.layers.Dense(8, activation="sigmoid"),
                          keras.layers.Dense(8, activation="sigmoid"),
                          keras.layers.Dense(10, activation="softmax")])
    m.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(0.01))
    m.fit(X, Y, batch_size=32, epochs=30, verbose=0)
    model = model_from_spec(mnist_dense(8, n_in=64), m.get_weights())
    assert check(ITEMS["classifieur"], {"p": 8}, model).passed
    grad, step = ITEMS["gradient_poids"], ITEMS["pas_gradient"]
    good = _keras_gradient()
    for student, seed in (("alice", 1), ("bob", 2), ("s42", 3)):
        p = params_for(grad, SECRET, "ch10", student)
        assert run_probes(grad, good, p, seed).passed, student
        q = params_for(step, SECRET, "ch10", student)

        def pas(poids, X, Y, delta):
            return [w - delta * g for w, g in zip(poids, good(poids, X, Y), strict=True)]
        assert run_probes(step, pas, q, seed).passed, student
    p = params_for(grad, SECRET, "ch10", "alice")
    assert run_probes(grad, _keras_gradient(activation=None), p).mistake == "activation_oubliee"
    assert run_probes(grad, _keras_gradient(loss="sum"), p).mistake == "somme"


def test_gradient_located_by_layer_and_list_index_and_layout_explained() -> None:
    """Is a wrong coefficient gradient of layer 2 named with its place in the list, and is a
    (E, pairs) answer (chapter 9's layout) told the get_weights() order?"""
    ch10 = _ch10()
    item = ITEMS["gradient_poids"]
    p = {"tailles": [2, 4, 3, 1]}
    ref = ch10.keras_layout(ch10.reference_backprop(ch10.ACTS_GRADIENT))

    def half_of_layer_2(poids, X, Y):
        g = ref(poids, X, Y)
        return g[:2] + [0.5 * g[2]] + g[3:]
    outcome = run_probes(item, half_of_layer_2, p)
    assert not outcome.passed and outcome.mistake is None
    assert "couche 2, gradient des coefficients (gradient[2])" in outcome.message.fr
    assert "différences finies" in outcome.message.fr

    def pairs(poids, X, Y):
        g = ref(poids, X, Y)
        return 0.0, list(zip(g[0::2], g[1::2], strict=True))
    assert "ordre de get_weights()" in run_probes(item, pairs, p).message.fr


def test_attack_a_gradient_memorising_or_detecting_probes_earns_nothing() -> None:
    """A gradient right on every call a student can make (seed 0) and zeros elsewhere, or right
    on its first call only, earns nothing on the grader's networks (its own secret seed)."""
    ch10 = _ch10()
    item = ITEMS["gradient_poids"]
    p = params_for(item, SECRET, "ch10", "mallory")
    ref = ch10.keras_layout(ch10.reference_backprop(ch10.ACTS_GRADIENT))
    seen = {call.args[1].tobytes(): ref(*call.args)
            for call in item.probes(p, random.Random(0))}

    def memoriser(poids, X, Y):
        return seen.get(X.tobytes(), [np.zeros_like(w) for w in poids])
    assert run_probes(item, memoriser, p, seed=0).passed
    outcome = run_probes(item, memoriser, p, seed=424242)
    assert not outcome.passed and outcome.credit == 0
    calls = []

    def first_only(poids, X, Y):
        calls.append(1)
        return ref(poids, X, Y) if len(calls) == 1 else [np.zeros_like(w) for w in poids]
    outcome = run_probes(item, first_only, p, seed=5)
    assert not outcome.passed and outcome.credit == 0


def test_book_numbers() -> None:
    """Appendix C's step (loss 14641, b2 → −4.242), the losses of §10.4, and the counts."""
    ch10 = _ch10()
    book = {"W1": [[1, 3, 5], [2, 4, 6]], "b1": [-1, -2, -3], "W2": [7, 8, 9], "b2": -4,
            "X": [[1, 1]] * 4, "Y": [1] * 4, "delta": 0.001}
    poids = [np.array(book["W1"], float), np.array(book["b1"], float),
             np.array(book["W2"], float)[:, None], np.array([book["b2"]], float)]
    X, Y = np.ones((4, 2)), np.ones((4, 1))
    dW1, db1, dW2, db2 = ch10.keras_layout(ch10.reference_backprop(("relu", "relu")))(
        poids, X, Y)
    assert np.allclose(dW1, [[1694, 1936, 2178]] * 2) and np.allclose(db1, [1694, 1936, 2178])
    assert np.allclose(dW2[:, 0], [484, 1210, 1936]) and np.allclose(db2, [242])
    W1, b1, W2, b2 = ch10._step_reference(("relu", "relu"))(poids, X, Y, book["delta"])
    assert np.allclose(W1, [[-0.694, 1.064, 2.822], [0.306, 2.064, 3.822]])
    assert np.allclose(b2, [-4.242]) and np.allclose(W2[:, 0], [6.516, 6.79, 7.064])
    Y, P = [[0, 0, 1], [0, 1, 0]], [[0.1, 0.2, 0.7], [0.3, 0.4, 0.3]]
    assert ch10._cce(Y, P) == pytest.approx(0.6364828, abs=1e-7)
    assert ch10._softmax([1, 2, 3]) == pytest.approx([0.0900306, 0.2447285, 0.6652410], abs=1e-7)
    assert check(ITEMS["nombre_poids"], {"n_in": 784, "p": 8, "couches": 2, "n_out": 10},
                 6442).passed
    assert check(ITEMS["nombre_pas"], {"N": 60000, "K": 32, "epochs": 40}, 75000).passed
    assert ch10._bag([2, 1, 4, 4], 10).tolist() == [0, 1, 1, 0, 1, 0, 0, 0, 0, 0]
