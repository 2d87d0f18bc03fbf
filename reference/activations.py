"""Chapter 1 §3.2 (Fonctions d'activation): H, identity, affine, piecewise linear, ReLU, σ, th
and their derivatives, in the book's notation [L709–836].

Every function accepts a float or an array-like: a scalar in gives a Python float out, an array in
gives a float64 array of the same shape out (x: any shape).

Choices at the points where the book's functions are not differentiable (stated again below):
- H(0) = 1 (the book's convention [L717], load-bearing for chapter 5); H'(x) = 0 for x ≠ 0, and
  H'(0), which does not exist (H is not even continuous at 0 [L733]), is returned as 0;
- for the piecewise linear f (ax for x < 0, bx for x ≥ 0) the value returned for f'(0) is the
  left slope a, so ReLU'(0) = 0 — the convention of TensorFlow and PyTorch.
"""

from __future__ import annotations

import numpy as np


def _out(x, y):
    """Float for a scalar input, float64 array otherwise."""
    return float(y) if np.ndim(x) == 0 else np.asarray(y, dtype=np.float64)


def _arr(x):
    return np.asarray(x, dtype=np.float64)


def heaviside(x):
    """Number(s) in, 0./1. out: H(x) = 0 if x < 0, H(x) = 1 if x ≥ 0 [L717].

    H(0) = 1 is load-bearing: the book's OR/AND perceptrons and XOR net need it (chapter 5).
    Same as np.heaviside(x, 1), not np.heaviside(x, 0.5).  NaN stays NaN.
    """
    return _out(x, np.heaviside(_arr(x), 1.0))


def heaviside_prime(x):
    """Number(s) in, 0. out: H'(x) = 0 for x ≠ 0.

    H'(0) does not exist (H jumps at 0 [L733]); we return 0 there too, the value frameworks use
    for step functions. Hence gradients carry no information through H (chapter 5).
    """
    return _out(x, np.zeros_like(_arr(x)))


def identity(x):
    """Number(s) in, the same number(s) out: f(x) = x (affine with a = 1, b = 0) [L743]."""
    return _out(x, _arr(x))


def affine(x, a, b):
    """Number(s) and coefficients in, f(x) = a x + b out [L741]."""
    return _out(x, a * _arr(x) + b)


def piecewise_linear(x, a, b):
    """Number(s) in: f(x) = a x if x < 0, f(x) = b x if x ≥ 0 [L756]."""
    x_ = _arr(x)
    return _out(x, np.where(x_ < 0, a * x_, b * x_))


def piecewise_linear_prime(x, a, b):
    """Number(s) in: f'(x) = a if x < 0, b if x > 0 [L768].

    Not differentiable at 0 unless a = b; we return the left slope a at 0 (so ReLU'(0) = 0, as
    tf.nn.leaky_relu / torch do).
    """
    x_ = _arr(x)
    return _out(x, np.where(x_ > 0, float(b), float(a)))


def relu(x):
    """Number(s) in: ReLU(x) = 0 if x < 0, x if x ≥ 0 [L764] (piecewise linear, a = 0, b = 1)."""
    return _out(x, np.maximum(_arr(x), 0.0))


def relu_prime(x):
    """Number(s) in: ReLU'(x) = 0 if x < 0, 1 if x > 0; ReLU'(0) := 0 (TF/PyTorch convention)."""
    return _out(x, (_arr(x) > 0).astype(np.float64))


def sigmoid(x):
    """Number(s) in, values in (0, 1) out: σ(x) = 1 / (1 + e^{−x}) [L776].

    Numerically stable: with z = e^{−|x|} ∈ (0, 1], σ(x) = 1/(1 + z) for x ≥ 0 and z/(1 + z) for
    x < 0 (multiply by eˣ/eˣ), so no overflow warning at x = ±1000.
    """
    x_ = _arr(x)
    z = np.exp(-np.abs(x_))  # never overflows
    return _out(x, np.where(x_ >= 0, 1.0 / (1.0 + z), z / (1.0 + z)))


def sigmoid_prime(x):
    """Number(s) in: σ'(x) = e^{−x}/(1 + e^{−x})² = σ(x)(1 − σ(x)) (Prop 5 [L791–796]).

    Written σ(x)·σ(−x), since 1 − σ(x) = σ(−x): same formula, no cancellation for large x.
    σ'(0) = 1/4.
    """
    x_ = _arr(x)
    return _out(x, _arr(sigmoid(x_)) * _arr(sigmoid(-x_)))


def tanh(x):
    """Number(s) in, values in (−1, 1) out: th(x) = (eˣ − e^{−x})/(eˣ + e^{−x}) [L821]."""
    return _out(x, np.tanh(_arr(x)))


def tanh_prime(x):
    """Number(s) in: th'(x) = 1 − th(x)².

    Written (1 − th)(1 + th) = 4 σ(2x) σ(−2x) (from Prop 6, th = 2σ(2x) − 1): same value, no
    cancellation for large |x|.  th'(0) = 1.
    """
    x_ = _arr(x)
    return _out(x, 4.0 * _arr(sigmoid(2.0 * x_)) * _arr(sigmoid(-2.0 * x_)))


th = tanh
th_prime = tanh_prime
