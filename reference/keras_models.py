"""Chapters 6, 10 and 14: the networks of the Keras chapters, with their parameter counts.

A model is described by a `ModelSpec` (pure data: input shape + layer tuples), so that its
parameter count and output shapes are computed **by hand, in pure Python** (`param_count`,
`layer_shapes`; no TensorFlow needed) and, independently, by Keras (`build_model(spec)` then
`model.count_params()`).  Layer tuples:

    ("dense", units, activation)       (n_in + 1)·units weights (biases count [L5545])
    ("conv2d", filters, k, activation)  (k_h·k_w·c_in + 1)·filters, padding 'same' [L7270–7289]
    ("maxpool", k)                      no weights, (h, w, c) → (h//k, w//k, c) [L7385]
    ("dropout", rate)                   no weights, same shape [L7563]
    ("flatten",)                        no weights, (h, w, c) → (h·w·c,) [L7280]

The catalogue `book_models()` holds every architecture of the chapters with the book's count:
ch6 [L2946–3392] 7, 13, 121, 3, 3, 9, 4, 31; ch10 [L5540–5545, L5643, L5984, L6112, L6187]
6442, 8070, 16 330, 42 310, 361, 261, 5071, 95 290 (the book's "100 000 poids" [L6213]);
ch14 [L7289, L7389, L7492] 130 394, 153 546 (767 946 without pooling), 206 785, and the
"que voit" net [L7584], whose count the book does not print (33 850).

Chapter 10's digit classifier runs offline on scikit-learn's `load_digits` (8×8 images, grey
levels 0..16) instead of MNIST, which `keras.datasets` downloads: `prepare_images` is the
book's recipe (flatten, divide by the top grey level, one-hot [L5419–5432]), and
`train_digits_classifier` trains 64 → p σ → p σ → 10 softmax with categorical cross-entropy
(Adam by default: see its docstring for why the book's 'sgd' does not transfer to digits).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ModelSpec:
    """A sequential architecture as data: input shape (no batch axis) and layer tuples."""

    name: str
    input_shape: tuple[int, ...]
    layers: tuple[tuple, ...]
    book_count: int | None = None  # the count printed in the book, None if not printed
    source: str = ""  # book lines


def count_params_dense(sizes: Sequence[int], bias: bool = True) -> int:
    """Layer sizes [n₀, n₁, …, n_k] go in, the number of weights comes out (an int).

    Σᵢ (nᵢ + 1)·nᵢ₊₁ with biases, Σᵢ nᵢ·nᵢ₊₁ without; e.g. [784, 8, 8, 10] → 6442.
    """
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must hold at least two positive ints, got {sizes}")
    return sum((n + int(bias)) * m for n, m in zip(sizes, sizes[1:], strict=False))


def _pair(k) -> tuple[int, int]:
    pair = (k, k) if isinstance(k, int) else tuple(k)
    if len(pair) != 2 or any(not isinstance(v, int) or v < 1 for v in pair):
        raise ValueError(f"kernel size must be a positive int or a pair of them, got {k!r}")
    return pair


def count_params_conv2d(kernel_size, in_channels: int, filters: int, bias: bool = True) -> int:
    """Kernel size, input channels and filters go in, the Conv2D weight count comes out.

    (k_h·k_w·c_in + 1)·ℓ: each of the ℓ filters is a (k_h, k_w, c_in) motif plus one bias
    [L7270, L7275]; e.g. (3, 32, 16) → 289·16 = 4624.
    """
    kh, kw = _pair(kernel_size)
    if min(in_channels, filters) < 1:
        raise ValueError("in_channels and filters must be ≥ 1")
    return (kh * kw * in_channels + int(bias)) * filters


def _next(shape: tuple[int, ...], layer: tuple) -> tuple[tuple[int, ...], int]:
    """Shape before a layer and the layer go in, (shape after, weight count) come out."""
    kind = layer[0]
    if kind == "dense":
        if len(shape) != 1:
            raise ValueError(f"dense needs a flat input, got shape {shape} (add a flatten)")
        return (layer[1],), count_params_dense([shape[0], layer[1]])
    if kind in ("conv2d", "maxpool") and len(shape) != 3:
        raise ValueError(f"{kind} needs an (h, w, c) input, got shape {shape}")
    if kind == "conv2d":  # padding 'same', stride 1: the spatial size is kept
        return (shape[0], shape[1], layer[1]), count_params_conv2d(layer[2], shape[2], layer[1])
    if kind == "maxpool":
        return (shape[0] // layer[1], shape[1] // layer[1], shape[2]), 0
    if kind == "flatten":
        return (math.prod(shape),), 0
    if kind == "dropout":
        return shape, 0
    raise ValueError(f"unknown layer kind {kind!r}")


def layer_shapes(spec: ModelSpec) -> list[tuple[int, ...]]:
    """A spec goes in, the output shape of each layer (no batch axis) comes out, in order."""
    shape, shapes = tuple(spec.input_shape), []
    for layer in spec.layers:
        shape, _ = _next(shape, layer)
        shapes.append(shape)
    return shapes


def layer_param_counts(spec: ModelSpec) -> list[int]:
    """A spec goes in, the weight count of each layer comes out (0 for flatten/pool/dropout)."""
    shape, counts = tuple(spec.input_shape), []
    for layer in spec.layers:
        shape, n = _next(shape, layer)
        counts.append(n)
    return counts


def param_count(spec: ModelSpec) -> int:
    """A spec goes in, its total number of weights (coefficients and biases) comes out."""
    return sum(layer_param_counts(spec))


def build_model(spec: ModelSpec, dtype: str = "float32"):
    """A spec goes in, the Keras Sequential model comes out (random weights, not compiled)."""
    from reference.keras_helpers import _keras, keras_activation

    keras = _keras()
    L = keras.layers
    model = keras.Sequential([keras.Input(shape=spec.input_shape, dtype=dtype)], name=spec.name)
    for layer in spec.layers:
        kind, args = layer[0], layer[1:]
        if kind == "dense":
            model.add(L.Dense(args[0], activation=keras_activation(args[1]), dtype=dtype))
        elif kind == "conv2d":
            model.add(L.Conv2D(args[0], kernel_size=args[1], padding="same",
                               activation=keras_activation(args[2]), dtype=dtype))
        elif kind == "maxpool":
            model.add(L.MaxPooling2D(pool_size=(args[0], args[0]), dtype=dtype))
        elif kind == "dropout":
            model.add(L.Dropout(args[0], dtype=dtype))
        elif kind == "flatten":
            model.add(L.Flatten(dtype=dtype))
        else:
            raise ValueError(f"unknown layer kind {kind!r}")
    return model


def dense_spec(name: str, sizes: Sequence[int], activations, book_count=None, source=""):
    """Sizes [n₀, …, n_k] and k activations (or one for all) go in, a dense ModelSpec comes out."""
    single = isinstance(activations, str) or callable(activations)
    acts = [activations] * (len(sizes) - 1) if single else list(activations)
    if len(acts) != len(sizes) - 1:
        raise ValueError(f"need {len(sizes) - 1} activations, got {len(acts)}")
    layers = tuple(("dense", int(n), a) for n, a in zip(sizes[1:], acts, strict=True))
    return ModelSpec(name, (int(sizes[0]),), layers, book_count, source)


def mnist_dense(p: int = 8, n_in: int = 784) -> ModelSpec:
    """p goes in, chapter 10's n_in → p σ → p σ → 10 softmax comes out (n_in = 64 for digits)."""
    book = {8: 6442, 10: 8070, 20: 16330, 50: 42310}.get(p) if n_in == 784 else None
    name = f"ch10_mnist_dense_p{p}" if n_in == 784 else f"ch10_dense_p{p}_in{n_in}"
    return dense_spec(name, [n_in, p, p, 10],
                      ["sigmoid", "sigmoid", "softmax"], book, "L5491–5498, L5540–5545")


def _conv_block(filters: int, pool: bool, dropout: float | None) -> list[tuple]:
    block = [("conv2d", filters, 3, "relu")] + ([("maxpool", 2)] if pool else [])
    return block + ([("dropout", dropout)] if dropout is not None else [])


def cifar_cnn(pooling: bool = True) -> ModelSpec:
    """Chapter 14 §2: 32×32×3 → C64 → C64 → pool → C64 → pool → C64 → flatten → 10 softmax."""
    layers = (_conv_block(64, False, None) + _conv_block(64, pooling, None)
              + _conv_block(64, pooling, None) + _conv_block(64, False, None))
    return ModelSpec("ch14_cifar_cnn" if pooling else "ch14_cifar_cnn_no_pool", (32, 32, 3),
                     tuple(layers + [("flatten",), ("dense", 10, "softmax")]),
                     153546 if pooling else 767946, "L7389, L7393–7428")


def book_models() -> list[ModelSpec]:
    """The catalogue: every architecture of chapters 6, 10 and 14, with the book's count."""
    ch6 = [dense_spec("ch6_relu_1_2_1", [1, 2, 1], "relu", None, "L2946–3019"),
           dense_spec("ch6_sigmoid_2_3_1", [2, 3, 1], "sigmoid", None, "L3084–3113"),
           dense_spec("ch6_uat_1_40_1", [1, 40, 1], ["H", "linear"], None, "L3270–3290"),
           dense_spec("ch6_heaviside_1_1", [1, 1], "H", None, "L3245–3252"),
           dense_spec("ch6_sigmoid_2_1", [2, 1], "sigmoid", None, "L3306–3314"),
           dense_spec("ch6_heaviside_2_2_1", [2, 2, 1], "H", None, "L3331–3347"),
           dense_spec("ch6_relu_3_1", [3, 1], "relu", None, "L3356–3375"),
           dense_spec("ch6_cube_3_6_1", [3, 6, 1], "sigmoid", None, "L3385–3392")]
    ch10 = [mnist_dense(p) for p in (8, 10, 20, 50)] + [
        dense_spec("ch10_fit_1var", [1, 10, 10, 10, 10, 1], ["tanh"] * 4 + ["linear"],
                   None, "L5643–5650"),
        dense_spec("ch10_fit_2var", [2, 10, 10, 10, 1], ["relu"] * 3 + ["linear"],
                   None, "L5984–5992"),
        dense_spec("ch10_weights_2_3_1", [2, 3, 1], "relu", None, "L5903–5906"),
        dense_spec("ch10_imdb", [1000, 5, 5, 5, 1], ["relu"] * 3 + ["sigmoid"], None,
                   "L6112–6123"),
        dense_spec("ch10_cifar_dense", [3072, 30, 30, 30, 30, 10], ["sigmoid"] * 4 + ["softmax"],
                   None, "L6187–6209")]
    mnist_cnn = ModelSpec("ch14_mnist_cnn", (28, 28, 1), (
        ("conv2d", 32, 3, "relu"), ("conv2d", 16, 3, "relu"), ("flatten",),
        ("dense", 10, "softmax")), 130394, "L7270–7289, L7329–7342")
    cats = ModelSpec("ch14_cats_dogs", (64, 64, 3), tuple(
        _conv_block(64, True, 0.5) * 3 + [("flatten",), ("dense", 32, "relu"),
                                          ("dense", 1, "sigmoid")]), 206785, "L7492, L7531–7548")
    viz = ModelSpec("ch14_viz_cnn", (28, 28, 1), (
        ("conv2d", 16, 3, "relu"), ("conv2d", 16, 3, "relu"), ("maxpool", 2), ("flatten",),
        ("dense", 10, "softmax")), None, "L7584–7593")
    return ch6 + ch10 + [mnist_cnn, cifar_cnn(True), cifar_cnn(False), cats, viz]


def gradient_steps(n_samples: int, batch_size: int, epochs: int) -> int:
    """N, K and epochs go in, the number of gradient steps comes out: epochs·⌈N/K⌉ [L5571].

    The book writes N/K steps per epoch; Keras rounds up (a last, smaller batch).
    """
    if min(n_samples, batch_size, epochs) < 1:
        raise ValueError("n_samples, batch_size and epochs must be ≥ 1")
    return epochs * math.ceil(n_samples / batch_size)


def one_hot(labels, num_classes: int = 10):
    """Labels 0..c−1 go in, one-hot rows come out: k ↦ (0, …, 1 at k, …, 0) [L5425–5432].

    labels: (N,) ints → (N, num_classes) float64.
    """
    y = np.asarray(labels)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D integer array, got {y.dtype} {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes})")
    return np.eye(num_classes)[y]


def prepare_images(images, labels, max_value: float, *, flatten: bool = True, num_classes=10):
    """Grey images and labels go in, (X, Y) ready for Keras come out [L5419–5432, L7317].

    X = images / max_value in [0, 1], flattened to (N, h·w) (C order) for a dense net or shaped
    (N, h, w, 1) for Conv2D; Y = one_hot(labels).  images: (N, h, w).
    """
    imgs = np.asarray(images, dtype=np.float64)
    if imgs.ndim != 3 or len(imgs) != len(labels):
        raise ValueError(f"images must be (N, h, w) with N labels, got {imgs.shape}")
    X = imgs.reshape(len(imgs), -1) if flatten else imgs[..., None]  # (N, h·w) or (N, h, w, 1)
    return X / max_value, one_hot(labels, num_classes)


def load_digits_split(test_fraction: float = 0.5, seed: int = 0, flatten: bool = True):
    """Split fraction and seed go in, (X_train, Y_train, X_test, Y_test) of sklearn digits out.

    Offline substitute for MNIST: 1797 images 8×8, grey levels 0..16; a seeded permutation.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    order = np.random.default_rng(seed).permutation(len(digits.target))
    X, Y = prepare_images(digits.images[order], digits.target[order], 16.0, flatten=flatten)
    n_test = int(round(test_fraction * len(order)))
    return X[n_test:], Y[n_test:], X[:n_test], Y[:n_test]


def train_digits_classifier(p: int = 8, *, epochs: int = 20, optimizer=None,
                            batch_size: int = 32, seed: int = 0) -> dict:
    """p and training settings go in, {'model', 'history', 'test_loss', 'test_accuracy'} out.

    Chapter 10's program [L5452–5521] on digits: 64 → p σ → p σ → 10 softmax,
    categorical cross-entropy, accuracy measured on the held-out half.
    Choice: optimizer=None means Adam(learning_rate=0.01).  The book's 'sgd' (δ = 0.01) makes
    40·⌈60000/32⌉ = 75 000 steps on MNIST but only 40·⌈899/32⌉ = 1160 on digits, where it stays
    at chance level (≈ 10 % measured); Adam reaches ≈ 90 % in 20 epochs.
    """
    from reference.keras_helpers import _keras

    keras = _keras()
    keras.utils.set_random_seed(seed)
    X_train, Y_train, X_test, Y_test = load_digits_split(seed=seed)
    model = build_model(mnist_dense(p, n_in=64))
    opt = keras.optimizers.Adam(learning_rate=0.01) if optimizer is None else optimizer
    model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])
    hist = model.fit(X_train, Y_train, batch_size=batch_size, epochs=epochs, verbose=0)
    loss, acc = model.evaluate(X_test, Y_test, verbose=0)
    return {"model": model, "history": hist.history, "test_loss": float(loss),
            "test_accuracy": float(acc)}
