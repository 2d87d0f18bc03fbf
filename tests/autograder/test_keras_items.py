"""Are Keras models handed out as data only, decoded strictly, and graded from their weights?

The first half needs no TensorFlow (hand-written records, models the grader builds itself);
the second (``@pytest.mark.tf``) hands real Keras models out through the kernel's preamble,
honest ones and lying ones (subclassed layers, ``__array__`` tricks, a monkeypatched
``get_weights``, a ``call`` that differs from the weights): none earns points it did not earn.
"""

from __future__ import annotations

import base64
import json
import random
from dataclasses import replace
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.answers import Budget, DecodeError, Record, collect, decode, record_bytes
from autograder.items import HandOut, Mistake
from autograder.keras_items import (
    KerasModel,
    KerasModelItem,
    accuracy,
    activate,
    forgotten_bias,
    model_from_spec,
    same_model,
    transposed_kernel,
    wrong_activation,
)
from autograder.model import Msg
from reference.keras_models import dense_spec, param_count

SPEC = dense_spec("t", [3, 4, 2], ["relu", "softmax"])


def _arr(a: np.ndarray) -> dict[str, Any]:
    return {"t": "array", "dtype": "float", "shape": list(a.shape),
            "v": [repr(float(v)) for v in a.ravel()]}


def _dense(units: int, kernel: np.ndarray, bias: np.ndarray | None, act: str = "relu",
           module: str = "keras.src.layers.core.dense", cls: str = "Dense",
           out: list | None = None) -> dict[str, Any]:
    weights = [{"name": "k", "value": _arr(kernel)}]
    if bias is not None:
        weights.append({"name": "b", "value": _arr(bias)})
    return {"class": cls, "module": module, "name": "d", "output_shape": out,
            "config": {"units": units, "activation": act, "use_bias": bias is not None},
            "weights": weights}


def _model_node(*layers: dict[str, Any], input_shape: list | None = None) -> dict[str, Any]:
    return {"t": "keras_model", "class": "Sequential", "module": "keras.src.models.sequential",
            "name": "m", "input_shape": input_shape or [None, 3], "layers": list(layers)}


def _good_node() -> dict[str, Any]:
    rng = np.random.default_rng(1)
    return _model_node(_dense(4, rng.normal(size=(3, 4)), rng.normal(size=4), out=[None, 4]),
                       _dense(2, rng.normal(size=(4, 2)), rng.normal(size=2), "softmax"))


def test_a_model_record_decodes_with_grader_computed_shapes_and_counts() -> None:
    """Does a well-formed record become a KerasModel whose counts come from its weights?"""
    model = decode(_good_node())
    assert isinstance(model, KerasModel)
    assert [layer.params for layer in model.layers] == [16, 10]
    assert model.param_count == param_count(SPEC) == 26
    assert model.output_shape == (2,)
    out = model.forward(np.ones((5, 3)))
    assert out.shape == (5, 2) and np.allclose(out.sum(axis=1), 1)


@pytest.mark.parametrize(("change", "reason"), [
    (lambda n: n["layers"][0].update(module="__main__"), "non acceptée"),
    (lambda n: n["layers"][0].update({"class": "Lambda"}), "non acceptée"),
    (lambda n: n.update(module="__main__"), "Sequential"),
    (lambda n: n["layers"][0]["config"].update(units=5), "formes"),
    (lambda n: n["layers"][0]["config"].update(use_bias=False), "formes"),
    (lambda n: n["layers"][0].update(output_shape=[None, 7]), "déclarée"),
    (lambda n: n["layers"][0]["config"].update(activation="custom:evil"), "activation"),
    (lambda n: n["layers"][0]["weights"][0]["value"]["v"].__setitem__(0, "nan"), "finis"),
    (lambda n: n["layers"][0]["weights"][0].update(value={"t": "str", "v": "1"}), "tableaux"),
    (lambda n: n.update(input_shape=None), "entrée"),
    (lambda n: n.update(layers=[]), "couches"),
])
def test_lying_or_malformed_records_are_refused(change: Any, reason: str) -> None:
    """Does every inconsistency (class, config vs weights, declared shapes) fail decoding?"""
    node = _good_node()
    change(node)
    with pytest.raises(DecodeError, match=reason):
        decode(node)


def test_value_caps_are_per_record_and_raised_per_item() -> None:
    """Does the default cap refuse big weights, and an item's raised cap accept them packed?"""
    big = np.arange(30000, dtype=np.float64).reshape(100, 300)
    packed = {"t": "array", "dtype": "float", "shape": [100, 300],
              "b64": base64.b64encode(big.astype("<f8").tobytes()).decode()}
    with pytest.raises(DecodeError):
        decode(packed)  # packed arrays only under a raised cap
    assert np.array_equal(decode(packed, budget=Budget(40000)), big)
    with pytest.raises(DecodeError, match="more values"):
        decode({"t": "list", "v": [packed, packed]}, budget=Budget(40000))
    bad = dict(packed, b64=packed["b64"][:-8])
    with pytest.raises(DecodeError, match="shape"):
        decode(bad, budget=Budget(40000))
    line = json.dumps({"item": "t.w", "kind": "value", "value": packed})
    assert collect(line, {"t.w"})[0]["t.w"].kind == "error"
    assert collect(line, {"t.w"}, {"t.w": 40000})[0]["t.w"].kind == "value"
    assert record_bytes(40000) > len(line)


def _item(**kwargs: Any) -> KerasModelItem:
    kwargs.setdefault("spec", lambda p: SPEC)
    return KerasModelItem(id="t.m", points=1, title=Msg("m", "m"), draw=lambda r: {},
                          statement=lambda p: "m", **kwargs)


def _check(item: KerasModelItem, model: Any, probe: Any = None) -> Any:
    return item.check_with(Record(item.id, "value", value=model), {}, probe)


def test_architecture_is_checked_exactly() -> None:
    """Wrong units, activation, layer types or input shape: each named in the feedback."""
    item = _item()
    good = model_from_spec(SPEC)
    assert _check(item, good).passed
    wider = _item(spec=lambda p: dense_spec("t", [3, 5, 2], ["relu", "softmax"]))
    assert "4 neurones au lieu de 5" in _check(wider, good).message.fr
    msg = _check(item, wrong_activation(good, 0, "sigmoid")).message.fr
    assert "activation « sigmoid » au lieu de « relu »" in msg
    msg = _check(item, model_from_spec(dense_spec("t", [2, 4, 2], ["relu", "softmax"]))).message
    assert "(2,) au lieu de (3,)" in msg.fr
    msg = _check(item, model_from_spec(dense_spec("t", [3, 4, 4, 2], "relu"))).message.fr
    assert "Les couches sont" in msg
    assert "keras.Sequential" in _check(item, [1, 2]).message.fr


def test_declared_mistakes_on_weights_fire() -> None:
    """Transposed kernel, forgotten bias: recognised against the wanted weights."""
    target = model_from_spec(dense_spec("t", [3, 3, 2], ["relu", "softmax"]), seed=4)
    spec = dense_spec("t", [3, 3, 2], ["relu", "softmax"])

    def weights_ok(model: KerasModel, params: Any) -> Msg | None:
        return None if same_model(model, target) else Msg("poids faux", "wrong weights")

    item = _item(spec=lambda p: spec, check_weights=weights_ok, mistakes=(
        Mistake("transposed", Msg("transposée", "transposed"),
                wrong=lambda p: transposed_kernel(target, 0)),
        Mistake("no_bias", Msg("biais", "bias"), wrong=lambda p: forgotten_bias(target, 0))))
    assert _check(item, target).passed
    assert _check(item, transposed_kernel(target, 0)).mistake == "transposed"
    assert _check(item, forgotten_bias(target, 0)).mistake == "no_bias"
    other = model_from_spec(spec, seed=5)
    assert _check(item, other).message.fr == "poids faux"


def test_predictions_that_differ_from_the_weights_earn_nothing() -> None:
    """A model whose own outputs are not what its weights compute fails, named as such."""
    item = _item()
    probe = item.probes({}, random.Random(0))
    assert isinstance(probe, HandOut) and probe.inputs
    good = model_from_spec(SPEC)
    honest = KerasModel(good.input_shape, good.layers, predictions=tuple(
        good.forward(x) for x in probe.inputs))
    assert _check(item, honest, probe).passed
    lying = KerasModel(good.input_shape, good.layers, predictions=tuple(
        2 * good.forward(x) for x in probe.inputs))
    outcome = _check(item, lying, probe)
    assert not outcome.passed and outcome.mistake == "predictions_differ"
    assert not _check(item, good, probe).passed  # no predictions at all


def test_check_run_gets_the_runs_secret_never_handed_out() -> None:
    """Does ``check_run`` receive the number drawn in ``probes`` from the run's rng (0 without
    a probe), is it left out of what the kernel receives, and do items without ``check_run``
    draw nothing more from the run's rng (other items' probes unchanged)?"""
    seen: list[int] = []

    def check_run(model: KerasModel, params: Any, secret: int) -> Msg | None:
        seen.append(secret)
        return None if secret % 2 == 0 else Msg("impair", "odd")

    item = _item(check_run=check_run)
    rng = random.Random(5)
    probe = item.probes({}, rng)
    assert isinstance(probe, HandOut) and isinstance(probe.secret, int)
    assert "secret" not in json.dumps(probe.to_probe())
    good = model_from_spec(SPEC)
    honest = KerasModel(good.input_shape, good.layers, predictions=tuple(
        good.forward(x) for x in probe.inputs))
    assert _check(item, honest, probe).passed == (probe.secret % 2 == 0)
    assert seen == [probe.secret]
    assert _check(item, good).passed and seen[-1] == 0
    plain, r1, r2 = _item(), random.Random(5), random.Random(5)
    assert plain.probes({}, r1).secret is None
    item.probes({}, r2)
    assert r1.random() != r2.random()  # check_run draws one more number, plain items none


def test_accuracy_is_recomputed_here() -> None:
    """Is the accuracy computed from the weights with the grader's forward pass?"""
    model = model_from_spec(SPEC, seed=2)
    X = np.random.default_rng(0).normal(size=(50, 3))
    labels = np.argmax(model.forward(X), axis=1)
    assert accuracy(model, X, labels) == 1.0
    assert accuracy(model, X, (labels + 1) % 2) == 0.0


def test_softmax_is_the_course_one_and_overflowing_rows_give_nan() -> None:
    """Is the softmax activation reference.probability.softmax on finite rows (−∞ entries get
    0), while rows it refuses (NaN, +∞, only −∞: a model with huge weights) give NaN outputs
    instead of stopping the grading, and do such outputs fail the accuracy?"""
    from reference.probability import softmax

    Z = np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -np.inf], [np.nan, 0.0, 1.0],
                  [np.inf, 0.0, 1.0], [-np.inf, -np.inf, -np.inf]])
    out = activate("softmax", Z)
    assert np.array_equal(out[:2], softmax(Z[:2])) and np.allclose(out[1], [1, 0, 0])
    assert np.isnan(out[2:]).all()
    assert np.isnan(activate("softmax", Z[2:])).all()  # no finite row at all
    images = np.random.default_rng(0).normal(size=(2, 4, 4, 3))
    assert np.allclose(activate("softmax", images), softmax(images))
    model = model_from_spec(SPEC, seed=2)
    huge = replace(model, layers=tuple(replace(layer, weights=(layer.weights[0] * 1e307,
                                                               layer.weights[1]))
                                       for layer in model.layers))
    X = np.random.default_rng(1).normal(size=(20, 3))
    labels = np.argmax(model.forward(X), axis=1)
    with np.errstate(over="ignore", invalid="ignore"):  # the overflow is the point here
        assert np.isnan(huge.forward(X)).any()
        assert accuracy(model, X, labels) == 1.0 and accuracy(huge, X, labels) < 1.0


# --- real Keras models through the kernel's preamble -------------------------------------------

def needs_tf(test: Any) -> Any:
    test = pytest.mark.tf(test)
    return pytest.mark.skipif(find_spec("tensorflow") is None, reason="needs TensorFlow")(test)


@pytest.fixture(scope="module")
def keras() -> Any:
    import keras

    return keras


def _keras_model(keras: Any, seed: int = 0) -> Any:
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                             keras.layers.Dense(2, activation="softmax")])


@needs_tf
def test_a_real_model_round_trips_with_its_predictions(keras: Any, tmp_path: Path) -> None:
    """Does a Sequential come out as data whose weights, counts and predictions agree?"""
    from reference.keras_helpers import heaviside

    item = _item()
    probe = item.probes({}, random.Random(1))
    m = _keras_model(keras)
    record, _ = hand_out(tmp_path, m, probe=probe)
    assert record is not None and record.kind == "value"
    model = record.value
    assert model.param_count == m.count_params() == 26
    assert all(np.allclose(a, b) for a, b in zip(model.weights(), m.get_weights(), strict=True))
    assert _check(item, model, probe).passed
    step = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation=heaviside)])
    record, _ = hand_out(tmp_path, step)
    assert record.value.layers[0].activation == "heaviside"
    record, _ = hand_out(tmp_path, m.layers[0].kernel)  # a Variable → an array
    assert isinstance(record.value, np.ndarray) and record.value.shape == (3, 4)


@needs_tf
def test_big_weights_need_the_items_raised_cap(keras: Any, tmp_path: Path) -> None:
    """Are 40 000 weights refused by default and handed out under a raised cap?"""
    m = keras.Sequential([keras.Input((200,)), keras.layers.Dense(200)])
    record, _ = hand_out(tmp_path, m)
    assert record is not None and record.kind == "error"
    record, text = hand_out(tmp_path, m, probe=HandOut(max_values=50000))
    assert record.kind == "value" and record.value.param_count == 40200
    weights = {"W": np.ones((300, 100)), "b": np.zeros(100)}
    record, _ = hand_out(tmp_path, weights, probe=HandOut(max_values=40000))
    assert record.kind == "value" and record.value["W"].shape == (300, 100)


@needs_tf
def test_attacks_earn_nothing(keras: Any, tmp_path: Path) -> None:
    """Subclassed layers lying about themselves, ``__array__`` tricks, a patched get_weights,
    a call that differs from the weights: refused, or graded on the true weights."""
    item = _item()
    probe = item.probes({}, random.Random(2))

    class Dense(keras.layers.Dense):  # a notebook subclass: its call could be anything
        def call(self, x: Any) -> Any:
            return super().call(x) * 0 + 0.5

    m = keras.Sequential([keras.Input((3,)), Dense(4, activation="relu"),
                          keras.layers.Dense(2, activation="softmax")])
    record, _ = hand_out(tmp_path, m, probe=probe)
    assert record.kind == "error" and "non acceptée" in record.error_message

    Dense.__module__ = "keras.src.layers.core.dense"  # now lying about its module too
    m = keras.Sequential([keras.Input((3,)), Dense(4, activation="relu"),
                          keras.layers.Dense(2, activation="softmax")])
    record, _ = hand_out(tmp_path, m, probe=probe)
    outcome = _check(item, record.value, probe)
    assert not outcome.passed and outcome.mistake == "predictions_differ"

    class Trick:  # a weight whose __array__ answers something else at each call
        calls = 0
        shape, dtype = (3, 4), "float32"

        def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
            Trick.calls += 1
            return np.full((3, 4) if Trick.calls == 1 else (1000, 1000), np.nan)

    m = _keras_model(keras)
    layer = m.layers[0]
    type(layer).weights = property(lambda self: [Trick(), self.bias])  # noqa: B010
    try:
        record, _ = hand_out(tmp_path, m, probe=probe)
    finally:
        del type(layer).weights
    assert record.kind == "error"

    m, target = _keras_model(keras, 0), _keras_model(keras, 1)
    m.get_weights = target.get_weights  # the variables still hold m's own weights
    m.layers[0].get_weights = target.layers[0].get_weights
    record, _ = hand_out(tmp_path, m)
    assert all(np.allclose(a, b) for a, b in zip(record.value.weights(),
                                                  _keras_model(keras, 0).get_weights(),
                                                  strict=True))

    class Model(keras.Sequential):  # a subclassed model: refused whatever it says
        pass

    sub = Model([keras.Input((3,)), keras.layers.Dense(2)])
    record, _ = hand_out(tmp_path, sub)
    assert record.kind == "error" and "Sequential" in record.error_message


def hand_out(home: Path, obj: Any, probe: HandOut | None = None) -> tuple[Record, str]:
    from tests.autograder.keras_fixture import hand_out as _hand_out

    record, text = _hand_out(home, obj, probe=probe)
    assert record is not None, text[:500]
    return record, text
