"""ch10 items in the grader's process: the digit classifier graded on held-out digits the
students never get, the manual gradient step against Keras' own, losses and preprocessing."""

from __future__ import annotations

import io
from importlib.util import find_spec

import numpy as np
import pytest

from autograder.course import Course
from autograder.keras_items import model_from_spec
from autograder.variants import params_for
from reference.keras_models import mnist_dense
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


@pytest.mark.tf
@pytest.mark.skipif(find_spec("tensorflow") is None, reason="needs TensorFlow")
def test_a_trained_classifier_passes_and_the_gradient_step_matches_keras() -> None:
    """Does the notebook's recipe pass on held-out digits, and is _step Keras' SGD step?"""
    import keras

    from reference.keras_helpers import sgd_step, weight_gradients

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
    for student in ("alice", "bob", "s42"):
        p = params_for(ITEMS["pas_gradient"], SECRET, "ch10", student)
        net = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="relu"),
                                keras.layers.Dense(1, activation="relu")])
        net.set_weights([np.array(p["W1"], float), np.array(p["b1"], float),
                         np.array(p["W2"], float)[:, None], np.array([p["b2"]], float)])
        _, grads = weight_gradients(net, p["X"], np.array(p["Y"], float)[:, None])
        want = sgd_step(net.get_weights(), grads, p["delta"])
        got = ch10._step(p)
        assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(got, want, strict=True))


def test_book_numbers() -> None:
    """Appendix C's step (loss 14641, b2 → −4.242), the losses of §10.4, and the counts."""
    ch10 = _ch10()
    book = {"W1": [[1, 3, 5], [2, 4, 6]], "b1": [-1, -2, -3], "W2": [7, 8, 9], "b2": -4,
            "X": [[1, 1]] * 4, "Y": [1] * 4, "delta": 0.001}
    W1, b1, W2, b2 = ch10._step(book)
    assert np.allclose(W1, [[-0.694, 1.064, 2.822], [0.306, 2.064, 3.822]])
    assert np.allclose(b2, [-4.242]) and np.allclose(W2[:, 0], [6.516, 6.79, 7.064])
    Y, P = [[0, 0, 1], [0, 1, 0]], [[0.1, 0.2, 0.7], [0.3, 0.4, 0.3]]
    assert ch10._cce(Y, P) == pytest.approx(0.6364828, abs=1e-7)
    assert ch10._softmax([1, 2, 3]) == pytest.approx([0.0900306, 0.2447285, 0.6652410], abs=1e-7)
    assert check(ITEMS["nombre_poids"], {"n_in": 784, "p": 8, "couches": 2, "n_out": 10},
                 6442).passed
    assert check(ITEMS["nombre_pas"], {"N": 60000, "K": 32, "epochs": 40}, 75000).passed
    assert ch10._bag([2, 1, 4, 4], 10).tolist() == [0, 1, 1, 0, 1, 0, 0, 0, 0, 0]
