"""Chapters 6 and 10 (Python : tensorflow avec keras, parties 1 et 2): a small Keras 3 toolbox.

The book ships a helper module, «keras_facile» [L3153–3229], to set weights by hand, evaluate a
network and plot it.  This module re-imagines it for Keras 3 (names and code are ours):

- `build_dense(sizes, activations)`: Input(shape=(n₀,)) then Dense(n₁, φ₁), …, Dense(n_k, φ_k)
  [L2946–2990, L5737]; activations 'relu', 'sigmoid', 'tanh', 'linear', 'softmax' and the
  Heaviside step `heaviside` (H(0) = 1, used without quotes in the book [L3233]);
- one neuron at a time: `set_neuron_weights(model, layer, rank, coeffs, bias)` (definir_poids
  [L3181]), `get_neuron_weights`, `layer_table` (affiche_poids), `zero_layer` (poids_a_zeros);
- whole networks: `load_layers` (numpy layers of chapter 5 → Keras) and `set_approximation`
  (calcul_approximation [L3288], the universal approximation construction);
- evaluation: `evaluate` (one point, one number, like «evaluation» [L3196]) and `evaluate_batch`;
- plots to PNG files (Agg, no window): `plot_one_var`, `plot_two_var` [L3201, L3322];
- gradients through tf.GradientTape: `weight_gradients` (loss and ∂L/∂w with the structure of
  get_weights(), what the book's `get_weights_grad` [L5925] was for: that one used TF1 internals
  and is broken on every TF2), `sgd_step` (w ← w − δ ∇L(w) [L5933]) and `input_gradient` (∇F(x));
- `book_decay`, `book_sgd`: the book's SGD(decay=α) [L5653], ignored by Keras 3, as a schedule.

Kernel layout (Keras): a Dense layer stores coeff with shape **(n_in, n_out)**, "par entrée"
[L3025]: row j holds the weights of input j for every neuron, so **column r is neuron r**, and the
layer computes φ(x @ coeff + biais) for a batch x: (m, n_in).  The numpy reference uses the
same layout (networks.Layer, backprop); only chapter 5's statements write rows per neuron.
`model.layers[i]` counts Dense layers from 0 (Input is not a layer).

Precision: `build_dense` uses float64 by default (the reference compares with float64 numpy);
pass dtype="float32" for the book's default.  TensorFlow and Keras are imported lazily, inside
the functions, so `import reference.keras_helpers` stays cheap.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from numbers import Real
from pathlib import Path

import numpy as np

_ACTIVATION_NAMES = {
    "relu": "relu", "ReLU": "relu", "sigmoid": "sigmoid", "sigma": "sigmoid", "tanh": "tanh",
    "th": "tanh", "linear": "linear", "identity": "linear", "id": "linear", "softmax": "softmax",
}


def _keras():
    """Returns the keras module (TF backend), with TF's C++ logging turned down."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras

    return keras


def _tf():
    """Returns the tensorflow module, with TF's C++ logging turned down."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    return tf


def heaviside(x):
    """Tensor goes in, tensor of 0./1. comes out: H(x) = 1 if x ≥ 0 else 0 [L3233].

    H(0) = 1 (the book's convention).  Its derivative is 0 wherever it exists, so no gradient
    flows through it.  A Keras activation: Dense(n, activation=heaviside).  x: any shape.
    """
    ops = _keras().ops
    return ops.where(x >= 0, ops.ones_like(x), ops.zeros_like(x))


def keras_activation(phi: str | Callable) -> str | Callable:
    """An activation name (book or chapter-5 spelling) goes in, what Dense() accepts comes out."""
    if callable(phi):
        return phi
    if phi in ("H", "heaviside"):
        return heaviside
    if phi in _ACTIVATION_NAMES:
        return _ACTIVATION_NAMES[phi]
    raise ValueError(f"unknown activation {phi!r}; use one of {sorted(_ACTIVATION_NAMES)} or 'H'")


def build_dense(sizes: Sequence[int], activations, *, dtype: str = "float64"):
    """Layer sizes and activations go in, a Keras Sequential of Dense layers comes out.

    sizes = [n₀, n₁, …, n_k]: n₀ inputs, then k layers; F : ℝ^{n₀} → ℝ^{n_k}.
    activations: one name per layer, or a single name for all.  Weights are random until set.
    """
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must be [n_inputs, n_1, …] with positive ints, got {sizes}")
    single = isinstance(activations, str) or callable(activations)
    acts = [activations] * (len(sizes) - 1) if single else list(activations)
    if len(acts) != len(sizes) - 1:
        raise ValueError(f"need {len(sizes) - 1} activations, got {len(acts)}")
    keras = _keras()
    model = keras.Sequential([keras.Input(shape=(sizes[0],), dtype=dtype)])
    for n, phi in zip(sizes[1:], acts, strict=True):
        model.add(keras.layers.Dense(n, activation=keras_activation(phi), dtype=dtype))
    return model


def _dense_layer(model, layer: int):
    if not isinstance(layer, (int, np.integer)) or not 0 <= layer < len(model.layers):
        raise ValueError(f"layer must be an int in [0, {len(model.layers)}), got {layer!r}")
    dense = model.layers[layer]
    if not isinstance(dense, _keras().layers.Dense) or not dense.use_bias:
        raise ValueError(f"layer {layer} ({dense.name}) is not a Dense layer with a bias")
    return dense


def set_neuron_weights(model, layer: int, rank: int, coeffs, bias) -> None:
    """Model, neuron address and weights go in; neuron (layer, rank) gets them, in place.

    coeff[:, rank] ← (a₁, …, a_{n_in}),  biais[rank] ← a₀; the other neurons are untouched.
    coeffs: a number (one input) or a sequence of n_in numbers; bias: a number.
    """
    dense = _dense_layer(model, layer)
    kernel, b = dense.get_weights()  # (n_in, n_out), (n_out,)
    if not isinstance(rank, (int, np.integer)) or not 0 <= rank < kernel.shape[1]:
        raise ValueError(f"rank must be an int in [0, {kernel.shape[1]}), got {rank!r}")
    a = np.ravel(np.asarray(coeffs, dtype=np.float64))
    if a.shape != (kernel.shape[0],):
        raise ValueError(f"neuron takes {kernel.shape[0]} coefficients, got {a.size}")
    if not isinstance(bias, Real):
        raise TypeError(f"bias must be a number, got {bias!r}")
    kernel[:, rank], b[rank] = a, float(bias)
    dense.set_weights([kernel, b])


def get_neuron_weights(model, layer: int, rank: int) -> tuple[np.ndarray, float]:
    """Model and neuron address go in, (coefficients (n_in,), bias) of that neuron come out."""
    kernel, b = _dense_layer(model, layer).get_weights()
    if not isinstance(rank, (int, np.integer)) or not 0 <= rank < kernel.shape[1]:
        raise ValueError(f"rank must be an int in [0, {kernel.shape[1]}), got {rank!r}")
    return kernel[:, rank].astype(np.float64), float(b[rank])


def layer_table(model, layer: int) -> list[dict]:
    """Model and layer go in, one {'rank', 'coeffs', 'bias'} per neuron comes out.

    The data that affiche_poids prints [L3188]: neuron r has coeffs = coeff[:, r].
    """
    kernel, b = _dense_layer(model, layer).get_weights()
    return [{"rank": r, "coeffs": kernel[:, r].astype(np.float64), "bias": float(b[r])}
            for r in range(kernel.shape[1])]


def zero_layer(model, layer: int) -> None:
    """Model and layer go in; every coefficient and bias of that layer is set to 0 (in place)."""
    dense = _dense_layer(model, layer)
    dense.set_weights([np.zeros_like(w) for w in dense.get_weights()])


def load_layers(model, layers) -> None:
    """Keras model and chapter-5 numpy layers go in; the model gets their weights (in place).

    A numpy layer (W, b) with W: (n_in, n_out) (the course layout) is Keras [coeff, biais] = [W, b].
    """
    if len(layers) != len(model.layers):
        raise ValueError(f"model has {len(model.layers)} layers, got {len(layers)}")
    for k, lay in enumerate(layers):
        _dense_layer(model, k).set_weights([np.asarray(lay.W), np.asarray(lay.b)])


def set_approximation(model, f: Callable, a: float, b: float, n: int) -> None:
    """A 1 → 2n (Heaviside) → 1 (linear) model, f, [a, b] and n go in; weights are set in place.

    Universal approximation [L3263–3290]: xᵢ = a + i(b − a)/n and F = f(xᵢ) on each
    sub-interval, so F(x) = f(xᵢ) for xᵢ < x < xᵢ₊₁.  Choice: the steps are half-open [xᵢ, xᵢ₊₁)
    with unscaled neurons H(x − xᵢ) (chapter 5's `uat_net`), which also works for a ≤ 0; the
    book's H(x/xᵢ − 1) needs a > 0 and gives F(xᵢ) = f(xᵢ₋₁) + f(xᵢ) at the nodes.
    """
    from reference.networks import uat_net

    load_layers(model, uat_net(f, a, b, n))


def evaluate_batch(model, X) -> np.ndarray:
    """Model and inputs go in, the outputs F(X) come out as float64.  X: (m, n_in) → (m, n_out).

    Calls model(X) directly (no progress bar, unlike model.predict).
    """
    X = np.asarray(X, dtype=np.float64)
    n_in = model.inputs[0].shape[-1]
    if X.ndim != 2 or X.shape[1] != n_in:
        raise ValueError(f"X must have shape (m, {n_in}), got {X.shape}")
    return np.asarray(model(X, training=False), dtype=np.float64)


def evaluate(model, x, rank: int = 0) -> float:
    """Model and one input point go in, the output of neuron `rank` comes out as a number.

    x: a number (one input) or a list of n_in numbers [L3196].  F(x)[rank], a float.
    """
    out = evaluate_batch(model, np.ravel(np.asarray(x, dtype=np.float64))[None, :])  # (1, n_out)
    if not 0 <= rank < out.shape[1]:
        raise ValueError(f"rank must be in [0, {out.shape[1]}), got {rank}")
    return float(out[0, rank])


def _save(fig, path) -> None:
    if path is not None:
        fig.savefig(Path(path), format="png")


def plot_one_var(model, a: float, b: float, path=None, *, num: int = 100, rank: int = 0,
                 f: Callable | None = None):
    """Model and [a, b] go in, (xs, ys) with ys = F(xs) come out; a PNG is written if path.

    The graph of F (and of f in red when given, as affichage_approximation does).  xs: (num,).
    """
    from matplotlib.figure import Figure

    xs = np.linspace(a, b, num)
    ys = evaluate_batch(model, xs[:, None])[:, rank]  # (num,)
    fig = Figure()
    ax = fig.add_subplot()
    if f is not None:
        ax.plot(xs, f(xs), color="red", label="f")
    ax.plot(xs, ys, color="blue", label="F")
    ax.legend()
    _save(fig, path)
    return xs, ys


def plot_two_var(model, xmin, xmax, ymin, ymax, path=None, *, num: int = 20, rank: int = 0,
                 kind: str = "3d", levels: int = 10):
    """Model and a rectangle go in, the grid (X, Y, Z = F(X, Y)) comes out; a PNG if path.

    kind='3d' draws the surface, kind='contour' the level lines [L3322–3323].  X, Y, Z: (num, num).
    """
    from matplotlib.figure import Figure

    if kind not in ("3d", "contour"):
        raise ValueError(f"kind must be '3d' or 'contour', got {kind!r}")
    X, Y = np.meshgrid(np.linspace(xmin, xmax, num), np.linspace(ymin, ymax, num))
    Z = evaluate_batch(model, np.c_[X.ravel(), Y.ravel()])[:, rank].reshape(X.shape)
    fig = Figure()
    if kind == "3d":
        fig.add_subplot(projection="3d").plot_surface(X, Y, Z)
    else:
        ax = fig.add_subplot()
        fig.colorbar(ax.contourf(X, Y, Z, levels, cmap="hot"), ax=ax)
    _save(fig, path)
    return X, Y, Z


def weight_gradients(model, X, Y, loss: str = "mean_squared_error"):
    """Model, data and a Keras loss name go in, (L, ∇L) come out, ∇L shaped like get_weights().

    L(w) = (1/N) Σᵢ ℓ(Yᵢ, F_w(Xᵢ)) (Keras losses are means over the batch);
    ∇L[k] = ∂L/∂w_k for w_k = model.get_weights()[k].  X: (N, n_in), Y: (N, n_out).
    """
    tf, keras = _tf(), _keras()
    if len(model.trainable_variables) != len(model.get_weights()):
        raise ValueError("all the model's weights must be trainable")
    loss_fn = keras.losses.get(loss)
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    with tf.GradientTape() as tape:
        pred = model(X, training=True)  # (N, n_out)
        value = tf.reduce_mean(loss_fn(tf.cast(Y, pred.dtype), pred))
    grads = tape.gradient(value, model.trainable_variables)  # None where no path (Heaviside)
    return float(value), [np.zeros(v.shape) if g is None else np.asarray(g, dtype=np.float64)
                          for v, g in zip(model.trainable_variables, grads, strict=True)]


def sgd_step(weights, grads, delta: float) -> list[np.ndarray]:
    """Weights, gradients and a learning rate go in, the weights after one step come out.

    w ← w − δ ∇L(w), array by array [L5929–5933]; same structure as get_weights().
    """
    if len(weights) != len(grads):
        raise ValueError(f"{len(weights)} weight arrays but {len(grads)} gradients")
    new = []
    for w, g in zip(weights, grads, strict=True):
        w, g = np.asarray(w, dtype=np.float64), np.asarray(g, dtype=np.float64)
        if w.shape != g.shape:
            raise ValueError(f"weight shape {w.shape} differs from gradient shape {g.shape}")
        new.append(w - delta * g)
    return new


def book_decay(learning_rate: float, decay: float):
    """δ₀ and α go in, the Keras schedule k ↦ δₖ = δ₀ / (1 + α k) comes out [L5653].

    InverseTimeDecay(δ₀, decay_steps=1, decay_rate=α); k is the optimizer's step counter.
    """
    if learning_rate <= 0 or decay < 0:
        raise ValueError("need learning_rate > 0 and decay ≥ 0")
    return _keras().optimizers.schedules.InverseTimeDecay(
        learning_rate, decay_steps=1, decay_rate=decay)


def book_sgd(learning_rate: float, decay: float = 0.0, momentum: float = 0.0,
             nesterov: bool = False):
    """The book's SGD settings go in, a Keras 3 SGD optimizer that honours them comes out.

    Erratum (software): the book's SGD(learning_rate=δ₀, decay=α, momentum, nesterov) [L5653]
    is accepted by Keras 3 with only a UserWarning ("Argument `decay` is no longer supported
    and will be ignored"), so the decay never happens; here δₖ is the `book_decay` schedule.
    """
    if not 0 <= momentum < 1:
        raise ValueError("need 0 ≤ momentum < 1")
    return _keras().optimizers.SGD(learning_rate=book_decay(learning_rate, decay),
                                   momentum=momentum, nesterov=nesterov)


def input_gradient(model, x, rank: int = 0) -> np.ndarray:
    """Model and one input point go in, ∇F(x) = (∂F/∂x₁, …, ∂F/∂x_n) of output `rank` comes out.

    x: a number or n_in numbers → (n_in,) float64.
    """
    tf = _tf()
    x = tf.constant(np.ravel(np.asarray(x, dtype=np.float64))[None, :])  # (1, n_in)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = model(x, training=False)[0, rank]
    g = tape.gradient(y, x)  # None when no path (Heaviside layers): the derivative is 0
    return np.zeros(x.shape[1]) if g is None else np.asarray(g, dtype=np.float64)[0]
