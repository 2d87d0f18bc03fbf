"""Chapter 9 « Rétropropagation » [L4884–5357]: backpropagation for small dense networks (numpy).

What is here
- activations σ, ReLU, identity (« linear »), tanh, Heaviside « H » (H(0) = 1, H' = 0: fine for a
  forward pass and the Hebb rule, useless for descent), each next to its derivative
  (`ACTIVATIONS`);
- `forward`: stores the pre-activations s_l and the activations g_l of every layer;
- `backward`: the error E and ∂E/∂W, ∂E/∂b for every layer (chapter 7 §4.5 recursion, in matrix
  form); `train_trace`: classic gradient descent P_{k+1} = P_k − δ grad E(P_k) [L4968];
- the book's weight order (`params_to_vector` / `vector_to_params`): neuron by neuron, first its
  input weights then its bias, layer after layer, as in P = (a₁, …, a₉) for XOR [L5045];
- the chapter's data: `red_blue_data` (§1 [L4940–4944]), `xor_data` (§2.1), `step_data` (§2.3);
- `hebb_trace`: the perceptron / Hebb rule (§2.2 [L5112–5135]).

Conventions
- A layer is (W, b) in Keras layout: W (n_in, n_out) with column j = neuron j's input weights,
  b (n_out,). X: (N, n_in) one sample per row; z: (N,) or (N, p) expected outputs.
- Error: chapter 9 uses the MEAN, E = (1/N) Σ_i E_i with E_i = (F(X_i) − z_i)² [L4921]; for
  p > 1 outputs E_i sums the p squares (Keras' 'mse' also divides by p; equal for p = 1).
  reduction="sum" gives chapter 8's E = Σ E_i instead.
- ReLU'(0) = 0 (as TensorFlow); the Hebb step uses H̃(0) = 1 [L5096].
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import MappingProxyType

import numpy as np

Layer = tuple[np.ndarray, np.ndarray]  # (W (n_in, n_out), b (n_out,))


def sigmoid(t):
    """Array goes in, σ(t) = 1/(1 + e^{−t}) comes out [L4936]."""
    return 1.0 / (1.0 + np.exp(-np.asarray(t, dtype=np.float64)))


def sigmoid_prime(t):
    """Array goes in, σ'(t) = σ(t)(1 − σ(t)) comes out."""
    s = sigmoid(t)
    return s * (1.0 - s)


def relu(t):
    """Array goes in, ReLU(t) = max(0, t) comes out."""
    return np.maximum(np.asarray(t, dtype=np.float64), 0.0)


def relu_prime(t):
    """Array goes in, ReLU'(t) = 1 if t > 0 else 0 comes out (0 at t = 0, as TensorFlow)."""
    return (np.asarray(t, dtype=np.float64) > 0).astype(np.float64)


def identity(t):
    """Array goes in, the same values come out (Keras' 'linear')."""
    return np.asarray(t, dtype=np.float64) * 1.0


def identity_prime(t):
    """Array goes in, ones come out."""
    return np.ones_like(np.asarray(t, dtype=np.float64))


def heaviside(t):
    """Array goes in, H(t) = 1 if t ≥ 0 else 0 comes out (H(0) = 1, as networks / chapter 5)."""
    return (np.asarray(t, dtype=np.float64) >= 0).astype(np.float64)


def heaviside_prime(t):
    """Array goes in, zeros come out: H' = 0 wherever it exists (why descent needs σ [L4936])."""
    return np.zeros_like(np.asarray(t, dtype=np.float64))


def tanh_prime(t):
    """Array goes in, tanh'(t) = 1 − tanh²(t) comes out."""
    return 1.0 - np.tanh(t) ** 2


ACTIVATIONS = MappingProxyType({
    "sigmoid": (sigmoid, sigmoid_prime),
    "relu": (relu, relu_prime),
    "linear": (identity, identity_prime),
    "tanh": (np.tanh, tanh_prime),
    "H": (heaviside, heaviside_prime),
})


def _activation(spec) -> tuple[Callable, Callable]:
    if isinstance(spec, str):
        if spec not in ACTIVATIONS:
            raise ValueError(f"unknown activation {spec!r}; known: {sorted(ACTIVATIONS)}")
        return ACTIVATIONS[spec]
    if isinstance(spec, tuple) and len(spec) == 2 and all(map(callable, spec)):
        return spec
    raise TypeError("an activation is a name from ACTIVATIONS or a pair (g, g')")


def _check(params: Sequence[Layer], activations: Sequence, X) -> np.ndarray:
    if len(params) == 0 or len(params) != len(activations):
        raise ValueError(f"{len(params)} layers but {len(activations)} activations")
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(-1, 1) if X.ndim == 1 else X  # (N, n_in)
    n_in = X.shape[1]
    for k, (W, b) in enumerate(params):
        if np.ndim(W) != 2 or np.shape(W)[0] != n_in or np.shape(b) != (np.shape(W)[1],):
            raise ValueError(f"layer {k}: W {np.shape(W)} / b {np.shape(b)} do not fit "
                             f"{n_in} inputs (W must be (n_in, n_out), b (n_out,))")
        n_in = np.shape(W)[1]
    return X


def _targets(z, N: int) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    z = z.reshape(-1, 1) if z.ndim <= 1 else z  # (N, p)
    if z.shape[0] != N:
        raise ValueError(f"{z.shape[0]} expected outputs for {N} inputs")
    return z


def init_params(sizes: Sequence[int], rng) -> list[Layer]:
    """Layer sizes [n_in, n_1, …, n_L] and a seed/Generator go in, random layers (W, b) come out.

    W ~ N(0, 1/n_in) entrywise, b = 0. rng: numpy Generator or int seed (reproducible).
    """
    if len(sizes) < 2 or any(int(n) != n or n < 1 for n in sizes):
        raise ValueError("sizes must be at least two positive integers")
    rng = np.random.default_rng(rng)
    return [(rng.normal(0.0, 1.0 / np.sqrt(m), size=(m, n)), np.zeros(n))
            for m, n in zip(sizes[:-1], sizes[1:], strict=True)]


def forward(params: Sequence[Layer], activations: Sequence, X):
    """Layers, activations and inputs go in, every layer's pre-activations and activations come out.

    s_l = g_{l−1} W_l + b_l,  g_l = φ_l(s_l),  g_0 = X.  X: (N, n_in);
    returns (S, G): S[l−1] = s_l (N, n_l) for l = 1…L, G[l] = g_l (N, n_l) for l = 0…L.
    """
    X = _check(params, activations, X)
    S, G = [], [X]
    for (W, b), spec in zip(params, activations, strict=True):
        phi, _ = _activation(spec)
        s = G[-1] @ W + b  # (N, n_out)
        S.append(s)
        G.append(phi(s))
    return S, G


def predict(params: Sequence[Layer], activations: Sequence, X) -> np.ndarray:
    """Layers, activations and inputs go in, the outputs F(X_i) come out; X: (N, n_in) → (N, p)."""
    return forward(params, activations, X)[1][-1]


def _scale(reduction: str, N: int) -> float:
    if reduction == "mean":
        return 1.0 / N
    if reduction == "sum":
        return 1.0
    raise ValueError(f"reduction must be 'mean' or 'sum', not {reduction!r}")


def error(params, activations, X, z, reduction: str = "mean") -> float:
    """Layers, data and targets go in, E = (1/N) Σ (F(X_i) − z_i)² comes out [L4921] ('sum': Σ)."""
    F = predict(params, activations, X)
    return float(_scale(reduction, F.shape[0]) * np.sum((F - _targets(z, F.shape[0])) ** 2))


def backward(params: Sequence[Layer], activations: Sequence, X, z, reduction: str = "mean"):
    """Layers, data and targets go in, E and [(∂E/∂W_l, ∂E/∂b_l) for every layer] come out.

    Output:  ∂E/∂g_L = (2/N)(g_L − z)   from ∂E_i/∂a_j = 2 ∂F/∂a_j (F(X_i) − z_i) [L4974]
    Layer l: ∂E/∂s_l = ∂E/∂g_l ⊙ φ_l'(s_l);  ∂E/∂W_l = g_{l−1}ᵀ ∂E/∂s_l  (f_*·g'_*·∂F/∂g, (4));
             ∂E/∂b_l = Σ_i ∂E/∂s_l;          ∂E/∂g_{l−1} = ∂E/∂s_l W_lᵀ   (b·h'_*·∂F/∂h, (5))
    [L4176–4199]. reduction='sum' drops the 1/N. Gradients have the shapes of (W_l, b_l).
    """
    S, G = forward(params, activations, X)
    N = G[0].shape[0]
    diff = G[-1] - _targets(z, N)  # (N, p)
    scale = _scale(reduction, N)
    E = float(scale * np.sum(diff**2))
    dG = 2.0 * scale * diff  # ∂E/∂g_L: (N, p)
    grads: list[Layer] = []
    for (W, _), spec, s, g_prev in zip(params[::-1], activations[::-1], S[::-1], G[-2::-1],
                                       strict=True):
        dS = dG * _activation(spec)[1](s)  # (N, n_out)
        grads.append((g_prev.T @ dS, dS.sum(axis=0)))  # (n_in, n_out), (n_out,)
        dG = dS @ np.asarray(W).T  # (N, n_in)
    return E, grads[::-1]


def params_to_vector(params: Sequence[Layer]) -> np.ndarray:
    """Layers go in, the book's weight vector P = (a₁, a₂, …) comes out.

    Order: layer by layer; in a layer neuron by neuron; for a neuron, its input weights then its
    bias — e.g. XOR 2-2-1: (w_x, w_y, bias) of h₁, then of h₂, then (w_h₁, w_h₂, bias) [L5045].
    """
    parts = [np.vstack([np.asarray(W, float), np.asarray(b, float)[None, :]]).T.reshape(-1)
             for W, b in params]  # per layer (n_out, n_in + 1) flattened row by row
    return np.concatenate(parts)


def vector_to_params(P, sizes: Sequence[int]) -> list[Layer]:
    """The book's weight vector and layer sizes [n_in, n_1, …] go in, layers (W, b) come out."""
    P = np.asarray(P, dtype=np.float64).reshape(-1)
    counts = [(m + 1) * n for m, n in zip(sizes[:-1], sizes[1:], strict=True)]
    if len(sizes) < 2 or P.size != sum(counts):
        raise ValueError(f"P has {P.size} entries, sizes {list(sizes)} need {sum(counts)}")
    params, start = [], 0
    for (m, n), c in zip(zip(sizes[:-1], sizes[1:], strict=True), counts, strict=True):
        block = P[start : start + c].reshape(n, m + 1)  # row j: neuron j's weights, bias
        params.append((block[:, :m].T.copy(), block[:, m].copy()))
        start += c
    return params


def train_trace(params: Sequence[Layer], activations, X, z, delta: float, n_iter: int,
                reduction: str = "mean"):
    """Layers, data, δ and a count go in, the trained layers and the trace of E and P come out.

    P_{k+1} = P_k − δ grad E(P_k)  [L4968], classic (full-batch) descent on the mean error.
    Returns (params, {"E": (n_iter+1,) E(P_k), "P": (n_iter+1, m) book-ordered P_k}).
    """
    if int(n_iter) != n_iter or n_iter < 0:
        raise ValueError("n_iter must be a non-negative integer")
    params = [(np.array(W, float), np.array(b, float)) for W, b in params]
    Es, Ps = [], [params_to_vector(params)]
    for _ in range(n_iter):
        E, grads = backward(params, activations, X, z, reduction)
        params = [(W - delta * dW, b - delta * db)
                  for (W, b), (dW, db) in zip(params, grads, strict=True)]
        Es.append(E)
        Ps.append(params_to_vector(params))
    Es.append(error(params, activations, X, z, reduction))
    return params, {"E": np.array(Es), "P": np.array(Ps)}


def red_blue_data() -> tuple[np.ndarray, np.ndarray]:
    """Nothing goes in, the 20 points of §1 and their colours come out: X (20, 2), z (20,).

    Blue circles z = 0 [L4940] first, then red squares z = 1 [L4944].
    """
    blue = [(0, 3), (1, 1.5), (1, 4), (1.5, 2.5), (2, 2.5), (3, 3.5), (3.5, 3.25), (4, 3),
            (4, 4), (5, 4)]
    red = [(1, 1), (2, 0.5), (2, 2), (3, 1.5), (3, 2.75), (4, 1), (4, 2.5), (4.5, 3), (5, 1),
           (5, 2.25)]
    return np.array(blue + red, dtype=np.float64), np.array([0.0] * 10 + [1.0] * 10)


def xor_data() -> tuple[np.ndarray, np.ndarray]:
    """Nothing goes in, XOR as in E [L5039] comes out: (0,0),(1,1),(0,1),(1,0); z 0,0,1,1."""
    return np.array([[0, 0], [1, 1], [0, 1], [1, 0]], dtype=np.float64), np.array([0, 0, 1, 1.0])


def step_data() -> tuple[np.ndarray, np.ndarray]:
    """Nothing goes in, the 30 points of the step example (§2.3 [L5146–5150]) come out.

    10 regularly spaced blue points on [0, 2] and on [6, 8] (z = 0), 10 red on [3, 5] (z = 1),
    endpoints included (np.linspace); X (30, 1), z (30,).
    """
    x = np.concatenate([np.linspace(0, 2, 10), np.linspace(3, 5, 10), np.linspace(6, 8, 10)])
    return x.reshape(-1, 1), np.concatenate([np.zeros(10), np.ones(10), np.zeros(10)])


def hebb_trace(X, z, P0, delta: float, n_epochs: int) -> np.ndarray:
    """Inputs, 0/1 targets, P₀ and δ go in, the weights after every data point come out.

    F(X) = H̃(a₁x₁ + … + aₙxₙ) with H̃(0) = 1, no bias (append a constant 1 input for one);
    P_{k+1} = P_k − 2δ(F(X_i) − z_i) X_i, i.e. unchanged if F = z, −2δX_i if F = 1 and z = 0,
    +2δX_i if F = 0 and z = 1 [L5118–5131]; data visited in order, epoch after epoch.
    X: (N, n), z: (N,), P0: (n,) → (n_epochs·N + 1, n); trace[::N] gives the end of each epoch.
    """
    X = np.asarray(X, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64).reshape(-1)
    P = np.array(P0, dtype=np.float64).reshape(-1)
    if X.ndim != 2 or X.shape != (z.size, P.size):
        raise ValueError(f"X must be (N, n) = ({z.size}, {P.size}), got {X.shape}")
    trace = [P.copy()]
    for _ in range(int(n_epochs)):
        for x_i, z_i in zip(X, z, strict=True):
            F = 1.0 if P @ x_i >= 0 else 0.0
            P = P - 2 * delta * (F - z_i) * x_i
            trace.append(P.copy())
    return np.array(trace)
