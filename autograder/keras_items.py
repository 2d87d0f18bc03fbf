"""Keras models handed out as data, validated strictly, and the item that grades them.

The kernel (``sandbox/kernel_preamble.py``, ``KERAS_ENCODER``) turns a Keras model into a
tagged record ``{"t": "keras_model", "layers": [...]}``: per layer its class and module, name,
a config subset, declared output shape and weight arrays. All of it is untrusted: a student's
subclass may lie about its class or config, weight objects may play ``__array__`` tricks,
``get_weights`` or numpy may be monkeypatched. So :func:`decode_model` accepts only

* layer classes of a whitelist (:data:`LAYER_KINDS`) defined in a ``keras`` module (a
  subclass written in the notebook is refused: its ``call`` could compute anything);
* finite float weights whose shapes are exactly what the declared config implies
  (Dense: kernel ``(n_in, units)`` in the Keras layout, then bias ``(units,)`` when
  ``use_bias``; Conv2D: ``(k_h, k_w, c_in, filters)`` then ``(filters,)``);
* activations of a whitelist (:data:`ACTIVATIONS`);

and computes **itself**, from the weight shapes, each layer's output shape and parameter count
(the declared ones must agree, never trusted). :meth:`KerasModel.forward` recomputes the
outputs with numpy (``reference.activations``, ``reference.keras_conv``, ``reference.pooling``)
on grader-chosen inputs; the model's own predictions (the kernel called it on the same inputs)
are compared with that recomputation: a model whose ``call`` differs from its weights is named
as such and earns nothing for it. The grader never loads a model file.

:class:`KerasModelItem` checks the architecture exactly (layer types, units, activations,
parameter counts, output shapes) against a ``reference.keras_models.ModelSpec``, then the
item's own weight check (given values, accuracy on held-out data...), with declared mistakes
(:func:`transposed_kernel`, :func:`forgotten_bias`, ... build the wrong models).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .answers import Budget, CallError, DecodeError, Record, Unsupported, decode
from .items import HandOut, Item, Params, _wrong_kind
from .model import Msg, Outcome

LAYER_KINDS = frozenset({"Dense", "Flatten", "Dropout", "Conv2D", "MaxPooling2D",
                         "AveragePooling2D", "Reshape", "Activation"})
"""Layer classes a handed-out model may hold (Keras' own, by class name and module)."""
ACTIVATIONS = frozenset({"linear", "relu", "sigmoid", "tanh", "softmax", "heaviside"})
"""Activations the grader can recompute; a custom function named ``heaviside`` (the chapter's
H with H(0) = 1) is read as that step, and its predictions are still checked."""
STEP_NAMES = frozenset({"heaviside", "H", "marche", "echelon"})
"""Names of a notebook-defined activation read as the chapter's step H (H(0) = 1)."""
MAX_LAYERS = 200
STEP_MARGIN = 1e-4
"""Rows whose step pre-activations come this close to 0 are left out of the prediction check
(float32 may land on the other side of the step)."""
PREDICTION_RTOL, PREDICTION_ATOL = 1e-4, 1e-5
"""Keras computes in float32 by default: predictions agree with float64 to about 1e-6."""

KIND = Msg("Une instance de keras.Sequential (un modèle Keras)",
           "A keras.Sequential (a Keras model)")


def _bad(fr: str, en: str) -> DecodeError:
    return DecodeError(f"{fr} / {en}")


@dataclass(frozen=True)
class Layer:
    """One validated layer: its kind, config and weights (float64), and what the grader
    computed from them (``output_shape`` without the batch axis, ``params``)."""

    kind: str
    name: str = ""
    units: int | None = None
    activation: str = "linear"
    use_bias: bool = True
    filters: int | None = None
    kernel_size: tuple[int, int] | None = None
    strides: tuple[int, int] | None = None
    padding: str = "valid"
    pool_size: tuple[int, int] | None = None
    rate: float | None = None
    target_shape: tuple[int, ...] | None = None
    weights: tuple[np.ndarray, ...] = ()
    output_shape: tuple[int, ...] = ()
    params: int = 0


@dataclass(frozen=True)
class KerasModel:
    """A handed-out Keras model after validation (:func:`decode_model`), or one the grader
    built itself (:func:`model_from_spec`, for references and mistakes)."""

    input_shape: tuple[int, ...]
    layers: tuple[Layer, ...]
    name: str = ""
    predictions: tuple[Any, ...] | None = None
    """The kernel's outputs of the model on the grader's inputs (arrays, or CallError)."""

    @property
    def param_count(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def output_shape(self) -> tuple[int, ...]:
        return self.layers[-1].output_shape if self.layers else self.input_shape

    def weights(self) -> list[np.ndarray]:
        """All weight arrays in ``model.get_weights()`` order."""
        return [w for layer in self.layers for w in layer.weights]

    def forward(self, X: Any) -> np.ndarray:
        """The model's outputs recomputed here, in float64: X (m, *input_shape) → (m, *out)."""
        return self.forward_margin(X)[0]

    def forward_margin(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        """The outputs and, per row, the smallest |pre-activation| of a step layer (inf
        without step layers): how far each row is from a step's jump."""
        A = np.asarray(X, dtype=np.float64)
        if A.shape[1:] != self.input_shape:
            raise ValueError(f"inputs must be (m, {self.input_shape}), got {A.shape}")
        margin = np.full(len(A), np.inf)
        for layer in self.layers:
            if layer.activation == "heaviside" and layer.kind == "Dense":
                Z = A @ layer.weights[0] + (layer.weights[1] if layer.use_bias else 0.0)
                margin = np.minimum(margin, np.abs(Z).reshape(len(A), -1).min(axis=1))
            A = _apply(layer, A)
        return A, margin


def activate(name: str, Z: np.ndarray) -> np.ndarray:
    """φ applied to pre-activations Z (softmax over the last axis)."""
    from reference.activations import relu, sigmoid, tanh

    if name == "linear":
        return Z
    if name == "relu":
        return np.asarray(relu(Z), dtype=np.float64)
    if name == "sigmoid":
        return np.asarray(sigmoid(Z), dtype=np.float64)
    if name == "tanh":
        return np.asarray(tanh(Z), dtype=np.float64)
    if name == "heaviside":
        return (Z >= 0).astype(np.float64)
    if name == "softmax":
        return _softmax(Z)
    raise ValueError(f"unknown activation {name!r}")


def _softmax(Z: np.ndarray) -> np.ndarray:
    """The course's softmax (``reference.probability.softmax``) over the last axis.

    It refuses NaN, +∞ and a row of −∞ only (ValueError); here they come from a student's
    model (huge finite weights overflow to ±∞) and must not stop the grading: those rows give
    NaN outputs, which no prediction or accuracy check accepts (as the plain formula did).
    """
    from reference.probability import softmax

    bad = np.isnan(Z).any(axis=-1) | np.isposinf(Z).any(axis=-1) | np.isneginf(Z).all(axis=-1)
    out = np.full(Z.shape, np.nan)
    if (~bad).any():
        out[~bad] = softmax(Z[~bad], axis=-1)
    return out


def _apply(layer: Layer, A: np.ndarray) -> np.ndarray:
    from reference.keras_conv import correlate_channels
    from reference.pooling import pool2d

    if layer.kind == "Dense":
        Z = A @ layer.weights[0] + (layer.weights[1] if layer.use_bias else 0.0)
        return activate(layer.activation, Z)
    if layer.kind == "Conv2D":
        bias = layer.weights[1] if layer.use_bias else 0.0
        Z = np.stack([correlate_channels(a, layer.weights[0], bias, layer.padding) for a in A])
        return activate(layer.activation, Z)
    if layer.kind in ("MaxPooling2D", "AveragePooling2D"):
        op = "max" if layer.kind == "MaxPooling2D" else "mean"
        return np.stack([pool2d(a, layer.pool_size, stride=layer.strides, op=op) for a in A])
    if layer.kind == "Flatten":
        return A.reshape(len(A), -1)
    if layer.kind == "Reshape":
        return A.reshape((len(A),) + tuple(layer.target_shape or ()))
    if layer.kind == "Activation":
        return activate(layer.activation, A)
    return A  # Dropout: the identity at prediction time


# --- decoding --------------------------------------------------------------------------------

def _int(value: Any, what: str, low: int = 1, high: int = 1_000_000) -> int:
    if type(value) is not int or not low <= value <= high:
        raise _bad(f"{what} invalide", f"bad {what}")
    return value


def _pair(value: Any, what: str) -> tuple[int, int]:
    if type(value) is int:
        value = [value, value]
    if not isinstance(value, list) or len(value) != 2:
        raise _bad(f"{what} invalide", f"bad {what}")
    return _int(value[0], what, 1, 10_000), _int(value[1], what, 1, 10_000)


def _shape(value: Any, batch: bool) -> tuple[int, ...] | None:
    """A declared shape [None, d1, ...] (batch axis first when ``batch``) → (d1, ...)."""
    if value is None:
        return None
    if not isinstance(value, list) or not 1 <= len(value) <= 5:
        raise _bad("forme invalide", "bad shape")
    dims = value[1:] if batch else value
    if batch and value[0] is not None:
        raise _bad("forme invalide", "bad shape")
    return tuple(_int(d, "dimension", 1, 10_000_000) for d in dims)


def _activation(config: dict[str, Any]) -> str:
    act = config.get("activation", "linear")
    if act is None:
        return "linear"
    if isinstance(act, str) and act.startswith("custom:"):
        act = act[len("custom:"):]
        act = "heaviside" if act in STEP_NAMES else "custom:" + act
    if not isinstance(act, str) or act not in ACTIVATIONS:
        shown, known = str(act)[:40], ", ".join(sorted(ACTIVATIONS))
        raise _bad(f"activation {shown!r} non reconnue (possibles : {known})",
                   f"activation {shown!r} not recognised (known: {known})")
    return act


def _weights(raw: Any, budget: Budget) -> list[np.ndarray]:
    if not isinstance(raw, list) or len(raw) > 20:
        raise _bad("poids invalides", "bad weights")
    out = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise _bad("poids invalides", "bad weights")
        value = decode(entry.get("value"), 1, budget)
        if not isinstance(value, np.ndarray) or value.dtype != np.float64:
            raise _bad("des poids ne sont pas des tableaux de nombres",
                       "some weights are not arrays of numbers")
        if not np.isfinite(value).all():
            raise _bad("des poids ne sont pas finis (nan ou inf)",
                       "some weights are not finite (nan or inf)")
        out.append(value)
    return out


def _expect(weights: list[np.ndarray], shapes: list[tuple[int, ...]], where: str) -> None:
    got = [tuple(w.shape) for w in weights]
    if got != shapes:
        raise _bad(f"{where} : poids de formes {got} au lieu de {shapes} (d'après sa config)",
                   f"{where}: weights of shapes {got} instead of {shapes} (from its config)")


def _layer(node: Any, shape: tuple[int, ...], index: int, budget: Budget) -> Layer:
    if not isinstance(node, dict):
        raise _bad("couche invalide", "bad layer")
    kind, module = node.get("class"), node.get("module")
    where = f"couche {index}"
    if not isinstance(kind, str) or not isinstance(module, str):
        raise _bad("couche invalide", "bad layer")
    if kind not in LAYER_KINDS or not (module == "keras" or module.startswith("keras.")):
        raise _bad(f"{where} : classe {kind[:40]!r} ({module[:60]}) non acceptée (couches "
                   f"Keras possibles : {', '.join(sorted(LAYER_KINDS))})",
                   f"layer {index}: class {kind[:40]!r} ({module[:60]}) not accepted (Keras "
                   f"layers allowed: {', '.join(sorted(LAYER_KINDS))})")
    config = node.get("config")
    config = config if isinstance(config, dict) else {}
    weights = _weights(node.get("weights", []), budget)
    name = str(node.get("name", ""))[:100]
    if kind == "Dense":
        if len(shape) != 1:
            raise _bad(f"{where} : Dense sur une entrée de forme {shape} (aplatir d'abord)",
                       f"layer {index}: Dense on an input of shape {shape} (flatten first)")
        units, use_bias = _int(config.get("units"), "units"), config.get("use_bias", True)
        if type(use_bias) is not bool:
            raise _bad("use_bias invalide", "bad use_bias")
        _expect(weights, [(shape[0], units)] + ([(units,)] if use_bias else []), where)
        return Layer(kind, name, units=units, activation=_activation(config), use_bias=use_bias,
                     weights=tuple(weights), output_shape=(units,),
                     params=sum(w.size for w in weights))
    if kind == "Conv2D":
        if len(shape) != 3:
            raise _bad(f"{where} : Conv2D sur une entrée de forme {shape}",
                       f"layer {index}: Conv2D on an input of shape {shape}")
        filters, use_bias = _int(config.get("filters"), "filters"), config.get("use_bias", True)
        k = _pair(config.get("kernel_size"), "kernel_size")
        strides, padding = _pair(config.get("strides", 1), "strides"), config.get("padding")
        if strides != (1, 1) or padding not in ("same", "valid") or type(use_bias) is not bool:
            raise _bad(f"{where} : seuls strides=1 et padding 'same'/'valid' sont acceptés",
                       f"layer {index}: only strides=1 and padding 'same'/'valid' are accepted")
        if config.get("data_format", "channels_last") not in ("channels_last", None):
            raise _bad("data_format invalide", "bad data_format")
        _expect(weights, [(k[0], k[1], shape[2], filters)] + ([(filters,)] if use_bias else []),
                where)
        h, w = shape[:2] if padding == "same" else (shape[0] - k[0] + 1, shape[1] - k[1] + 1)
        if h < 1 or w < 1:
            raise _bad(f"{where} : noyau plus grand que l'image", f"layer {index}: kernel too big")
        return Layer(kind, name, activation=_activation(config), use_bias=use_bias,
                     filters=filters, kernel_size=k, strides=strides, padding=padding,
                     weights=tuple(weights), output_shape=(h, w, filters),
                     params=sum(w_.size for w_ in weights))
    _expect(weights, [], where)
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        pool = _pair(config.get("pool_size", 2), "pool_size")
        strides = _pair(config.get("strides") or list(pool), "strides")
        if len(shape) != 3 or config.get("padding", "valid") != "valid":
            raise _bad(f"{where} : pooling 'valid' sur une image (h, w, c) seulement",
                       f"layer {index}: 'valid' pooling of an (h, w, c) image only")
        h, w = (shape[0] - pool[0]) // strides[0] + 1, (shape[1] - pool[1]) // strides[1] + 1
        if h < 1 or w < 1:
            raise _bad(f"{where} : fenêtre plus grande que l'image", f"layer {index}: pool too big")
        return Layer(kind, name, pool_size=pool, strides=strides,
                     output_shape=(h, w, shape[2]))
    if kind == "Flatten":
        return Layer(kind, name, output_shape=(math.prod(shape),))
    if kind == "Reshape":
        target = _shape(config.get("target_shape"), batch=False)
        if target is None or math.prod(target) != math.prod(shape):
            raise _bad(f"{where} : target_shape incompatible", f"layer {index}: bad target_shape")
        return Layer(kind, name, target_shape=target, output_shape=target)
    if kind == "Dropout":
        rate = config.get("rate")
        if rate is None or type(rate) not in (int, float) or not 0 <= rate < 1:
            raise _bad("rate invalide", "bad rate")
        return Layer(kind, name, rate=float(rate), output_shape=shape)
    return Layer(kind, name, activation=_activation(config), output_shape=shape)  # Activation


def decode_model(node: dict[str, Any], budget: Budget | None = None) -> KerasModel:
    """The kernel's ``keras_model`` record → a validated :class:`KerasModel` (DecodeError
    otherwise: the answer then earns nothing, with the reason)."""
    budget = budget or Budget(None)
    layers = node.get("layers")
    if not isinstance(layers, list) or not 1 <= len(layers) <= MAX_LAYERS:
        raise _bad("modèle sans couches (ou trop de couches)", "model without layers (or too many)")
    module = node.get("module")
    if node.get("class") != "Sequential" or not isinstance(module, str) or not (
            module == "keras" or module.startswith("keras.")):
        raise _bad("seul un keras.Sequential (non sous-classé) est accepté",
                   "only a keras.Sequential (not subclassed) is accepted")
    input_shape = _shape(node.get("input_shape"), batch=True)
    if input_shape is None:
        raise _bad("modèle sans entrée déclarée (commencez par keras.Input(shape=...))",
                   "model without a declared input (start with keras.Input(shape=...))")
    shape = input_shape
    out: list[Layer] = []
    for index, raw in enumerate(layers):
        layer = _layer(raw, shape, index, budget)
        declared = raw.get("output_shape") if isinstance(raw, dict) else None
        if declared is not None and _shape(declared, batch=True) != layer.output_shape:
            raise _bad(f"couche {index} : forme de sortie déclarée {declared} incompatible "
                       f"avec ses poids ({layer.output_shape})",
                       f"layer {index}: declared output shape {declared} inconsistent with "
                       f"its weights ({layer.output_shape})")
        out.append(layer)
        shape = layer.output_shape
    predictions = node.get("predictions")
    preds: tuple[Any, ...] | None = None
    if predictions is not None:
        if not isinstance(predictions, list) or len(predictions) > 100:
            raise _bad("prédictions invalides", "bad predictions")
        preds = tuple(_prediction(p) for p in predictions)
    return KerasModel(input_shape, tuple(out), str(node.get("name", ""))[:100], preds)


def _prediction(node: Any) -> Any:
    if isinstance(node, dict) and "ok" in node:
        value = decode(node["ok"], 1)
        return value if isinstance(value, np.ndarray) else Unsupported("prediction")
    if isinstance(node, dict) and isinstance(node.get("error"), dict):
        err = node["error"]
        return CallError(str(err.get("name", ""))[:100], str(err.get("message", ""))[:500])
    raise _bad("prédiction invalide", "bad prediction")


# --- models built by the grader (references, mistakes, tests) --------------------------------

def model_from_spec(spec: Any, weights: Sequence[Any] | None = None,
                    seed: int = 0) -> KerasModel:
    """A ``reference.keras_models.ModelSpec`` → the KerasModel with these weights (Keras
    get_weights() order and layout) or seeded random ones. Conv2D: padding 'same'."""
    rng = np.random.default_rng(seed)
    shape, given = tuple(spec.input_shape), list(weights or [])
    layers: list[Layer] = []
    for layer in spec.layers:
        kind = layer[0]
        if kind == "dense":
            shapes = [(shape[0], layer[1]), (layer[1],)]
        elif kind == "conv2d":
            shapes = [(layer[2], layer[2], shape[2], layer[1]), (layer[1],)]
        else:
            shapes = []
        ws = []
        for s in shapes:
            w = np.asarray(given.pop(0), dtype=np.float64) if weights is not None else \
                rng.normal(0, 0.5, s)
            ws.append(w)
        node = _spec_node(layer, ws)
        built = _layer(node, shape, len(layers), Budget(10**9))
        layers.append(built)
        shape = built.output_shape
    return KerasModel(tuple(spec.input_shape), tuple(layers), spec.name)


def _spec_node(layer: tuple[Any, ...], weights: list[np.ndarray]) -> dict[str, Any]:
    from reference.keras_helpers import keras_activation

    def act(phi: Any) -> str:
        name = keras_activation(phi)
        return name if isinstance(name, str) else "heaviside"

    kind = layer[0]
    wnodes = [{"value": {"t": "array", "dtype": "float", "shape": list(w.shape),
                         "v": [repr(float(v)) for v in w.ravel()]}} for w in weights]
    if kind == "dense":
        return {"class": "Dense", "module": "keras.layers", "weights": wnodes,
                "config": {"units": layer[1], "activation": act(layer[2]), "use_bias": True}}
    if kind == "conv2d":
        return {"class": "Conv2D", "module": "keras.layers", "weights": wnodes,
                "config": {"filters": layer[1], "kernel_size": layer[2], "strides": 1,
                           "padding": "same", "activation": act(layer[3]), "use_bias": True}}
    if kind == "maxpool":
        return {"class": "MaxPooling2D", "module": "keras.layers",
                "config": {"pool_size": layer[1]}}
    if kind == "dropout":
        return {"class": "Dropout", "module": "keras.layers", "config": {"rate": layer[1]}}
    return {"class": "Flatten", "module": "keras.layers", "config": {}}


def with_layer(model: KerasModel, index: int, **changes: Any) -> KerasModel:
    """A copy of ``model`` with layer ``index`` changed (weights, activation, units...);
    shapes and counts are recomputed from the new weights."""
    layers = list(model.layers)
    layer = replace(layers[index], **changes)
    layers[index] = replace(layer, params=sum(w.size for w in layer.weights),
                            units=layer.weights[0].shape[1] if layer.kind == "Dense"
                            else layer.units,
                            output_shape=(layer.weights[0].shape[1],) if layer.kind == "Dense"
                            else layer.output_shape)
    return replace(model, layers=tuple(layers))


def transposed_kernel(model: KerasModel, index: int) -> KerasModel:
    """Mistake: the Dense kernel of layer ``index`` written (n_out, n_in) (chapter 5's W)."""
    layer = model.layers[index]
    return with_layer(model, index, weights=(layer.weights[0].T,) + layer.weights[1:])


def forgotten_bias(model: KerasModel, index: int) -> KerasModel:
    """Mistake: the bias of layer ``index`` left at 0."""
    layer = model.layers[index]
    return with_layer(model, index, weights=(layer.weights[0], np.zeros_like(layer.weights[1])))


def wrong_activation(model: KerasModel, index: int, activation: str) -> KerasModel:
    """Mistake: layer ``index`` with another activation."""
    return with_layer(model, index, activation=activation)


# --- comparing -------------------------------------------------------------------------------

def _kind_of(layer: tuple[Any, ...]) -> str:
    return {"dense": "Dense", "conv2d": "Conv2D", "maxpool": "MaxPooling2D",
            "dropout": "Dropout", "flatten": "Flatten"}[layer[0]]


def architecture_problem(model: KerasModel, spec: Any) -> Msg | None:
    """The first way ``model`` differs from ``spec`` (a ModelSpec): input shape, number and
    types of layers, units/filters, activations, then (computed here) output shapes and
    parameter counts. None when it is that architecture."""
    from reference.keras_helpers import keras_activation
    from reference.keras_models import layer_param_counts, layer_shapes, param_count

    if model.input_shape != tuple(spec.input_shape):
        return Msg(f"L'entrée du modèle a la forme {model.input_shape} au lieu de "
                   f"{tuple(spec.input_shape)} (keras.Input(shape=...)).",
                   f"The model's input has shape {model.input_shape} instead of "
                   f"{tuple(spec.input_shape)} (keras.Input(shape=...)).")
    want = [_kind_of(layer) for layer in spec.layers]
    got = [layer.kind for layer in model.layers]
    if got != want:
        return Msg(f"Les couches sont {got} au lieu de {want}.",
                   f"The layers are {got} instead of {want}.")
    shapes, counts = layer_shapes(spec), layer_param_counts(spec)
    for k, (layer, ref) in enumerate(zip(model.layers, spec.layers, strict=True)):
        if layer.kind in ("Dense", "Conv2D"):
            n = layer.units if layer.kind == "Dense" else layer.filters
            if n != ref[1]:
                what = ("neurones", "neurons") if layer.kind == "Dense" else ("filtres", "filters")
                return Msg(f"Couche {k} ({layer.kind}) : {n} {what[0]} au lieu de {ref[1]}.",
                           f"Layer {k} ({layer.kind}): {n} {what[1]} instead of {ref[1]}.")
            phi = keras_activation(ref[-1])
            phi = phi if isinstance(phi, str) else "heaviside"
            if layer.activation != phi:
                return Msg(f"Couche {k} : activation « {layer.activation} » au lieu de « {phi} ».",
                           f"Layer {k}: activation “{layer.activation}” instead of “{phi}”.")
        if layer.output_shape != shapes[k]:
            return Msg(f"Couche {k} : sortie de forme {layer.output_shape} au lieu de "
                       f"{shapes[k]}.", f"Layer {k}: output of shape {layer.output_shape} "
                       f"instead of {shapes[k]}.")
        if layer.params != counts[k]:
            return Msg(f"Couche {k} : {layer.params} poids au lieu de {counts[k]} (biais "
                       "oublié ?).", f"Layer {k}: {layer.params} weights instead of "
                       f"{counts[k]} (a forgotten bias?).")
    if model.param_count != param_count(spec):  # pragma: no cover - implied by the loop
        return Msg("Nombre de poids incorrect.", "Wrong number of weights.")
    return None


LIES = Msg("Les prédictions de votre modèle ne sont pas ce que calculent ses poids et son "
           "architecture (couche personnalisée, méthode call ou predict modifiée ?) : le "
           "correcteur se fie aux poids.",
           "Your model's predictions are not what its weights and architecture compute (a "
           "custom layer, a modified call or predict?): the grader trusts the weights.")
NO_PREDICTIONS = Msg("Le modèle n'a pas pu être appelé sur les entrées du correcteur ({why}).",
                     "The model could not be called on the grader's inputs ({why}).")


def prediction_problem(model: KerasModel, inputs: Sequence[np.ndarray]) -> Msg | None:
    """Do the kernel's predictions agree with the forward pass recomputed here?"""
    if model.predictions is None or len(model.predictions) != len(inputs):
        return NO_PREDICTIONS.format(why="prédictions absentes / predictions missing")
    for X, got in zip(inputs, model.predictions, strict=True):
        if isinstance(got, CallError):
            return NO_PREDICTIONS.format(why=f"{got.name}: {got.message[:100]}")
        want, margin = model.forward_margin(X)
        if not isinstance(got, np.ndarray) or got.shape != want.shape:
            return LIES
        clear = margin > STEP_MARGIN
        if not np.allclose(got[clear], want[clear], rtol=PREDICTION_RTOL, atol=PREDICTION_ATOL):
            return LIES
    return None


def same_model(a: KerasModel, b: KerasModel, rtol: float = 1e-6, atol: float = 1e-6) -> bool:
    """Same layers, activations and weights (within float32 round-off)."""
    if a.input_shape != b.input_shape or len(a.layers) != len(b.layers):
        return False
    for x, y in zip(a.layers, b.layers, strict=True):
        if (x.kind, x.activation, x.output_shape, x.use_bias) != (
                y.kind, y.activation, y.output_shape, y.use_bias):
            return False
        if len(x.weights) != len(y.weights) or not all(
                u.shape == v.shape and np.allclose(u, v, rtol=rtol, atol=atol)
                for u, v in zip(x.weights, y.weights, strict=True)):
            return False
    return True


def default_inputs(model_spec: Any, rng: random.Random, rows: int = 6) -> list[np.ndarray]:
    """Grader-chosen inputs: one batch of ``rows`` standard normal points of the spec's
    input shape (drawn at grading time)."""
    gen = np.random.default_rng(rng.getrandbits(32))
    return [gen.normal(0.0, 1.0, (rows,) + tuple(model_spec.input_shape)).round(3)]


@dataclass(frozen=True)
class KerasModelItem(Item):
    """Answer: a Keras Sequential model, handed out as data (architecture + weights, and its
    predictions on grader-chosen inputs).

    ``spec(params)``: the wanted architecture (a ``reference.keras_models.ModelSpec``),
    checked exactly; ``check_weights(model, params)``: None when the weights are right, else
    a message (given values, accuracy on held-out data...; None: any weights), and
    ``check_run(model, params, secret)`` the same with a per-run grader-only number; the model's
    predictions must agree with the forward pass recomputed from its weights. Declared
    mistakes: ``wrong(params)`` gives a KerasModel (same weights: :func:`same_model`), or a
    ``predicate(model, params)``."""

    spec: Callable[[Params], Any] = field(default=lambda p: None)
    check_weights: Callable[[KerasModel, Params], Msg | None] | None = None
    check_run: Callable[[KerasModel, Params, int], Msg | None] | None = None
    """Like ``check_weights``, also given a grader-only number drawn in :meth:`probes` from
    the grading run's secret seed (fresh per submission, recorded with the result), never
    handed to the kernel: held-out data perturbed per run, that no student file can hold.
    Without a probe (item-level checks in tests) the number is 0."""
    inputs: Callable[[Params, random.Random], list[np.ndarray]] | None = None
    check_predictions: bool = True
    max_values: int | None = 20000

    def expected(self, params: Params) -> Any:
        """What this student must build: the architecture and the parameters its weights
        must honour (for comparing variants)."""
        return self.spec(params), params

    def probes(self, params: Params, rng: random.Random) -> HandOut:
        inputs = (self.inputs(params, rng) if self.inputs is not None
                  else default_inputs(self.spec(params), rng))
        secret = rng.getrandbits(63) if self.check_run is not None else None
        return HandOut(max_values=int(self.max_values or 20000), inputs=tuple(inputs),
                       secret=secret)

    def check(self, record: Record, params: Params) -> Outcome:
        return self.check_with(record, params, None)

    def check_with(self, record: Record, params: Params, probe: Any) -> Outcome:
        model = record.value
        if not isinstance(model, KerasModel):
            return _wrong_kind(KIND, model)
        problem = architecture_problem(model, self.spec(params))
        if problem is None and self.check_weights is not None:
            problem = self.check_weights(model, params)
        if problem is None and self.check_run is not None:
            secret = probe.secret if isinstance(probe, HandOut) else None
            problem = self.check_run(model, params, secret or 0)
        if problem is None and self.check_predictions and isinstance(probe, HandOut) \
                and probe.inputs:
            lie = prediction_problem(model, [np.asarray(x) for x in probe.inputs])
            if lie is not None:
                return Outcome(False, lie, mistake="predictions_differ")
        if problem is None:
            return Outcome(True, self.success)
        for mistake in self.mistakes:
            try:
                hit = (mistake.wrong is not None and same_model(mistake.wrong(params), model)) \
                    or (mistake.predicate is not None and bool(mistake.predicate(model, params)))
            except (TypeError, ValueError, ArithmeticError, IndexError):
                hit = False
            if hit:
                return Outcome(False, mistake.message, mistake=mistake.name)
        return Outcome(False, problem)


def accuracy(model: KerasModel, X: np.ndarray, labels: np.ndarray) -> float:
    """Share of rows whose largest output is the label, recomputed here (reference forward)."""
    out = model.forward(X)
    return float(np.mean(np.argmax(out, axis=1) == np.asarray(labels)))
