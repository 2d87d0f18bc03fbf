"""Chapter 5 §3–5 (Réseau de neurones: layers, realisable sets, universal approximation).

Convention (course-wide, the same as `backprop` and Keras): a layer is (W, b, φ) with
**W of shape (n_in, n_out)**, column j = neuron j's input weights, so a row of inputs x
becomes φ(x W + b).  Chapter 5's statements write a neuron per row, (n_out, n_in): that
layout enters the reference at ONE boundary, `layer_from_rows` (used by ch05's items and
`autograder.constructions`); `layer_from_keras` takes Keras' (kernel, bias) as they are.

What is here
- `Layer`, `forward`, `forward_trace`, `parameter_count` (biases count as weights [L2483]),
  `neuron_count`;
- the networks of the dropped figures (weights from upstream tikz, notes Appendix A): the ReLU
  net [L2509], the exercise net [L2534], the sector nets [L2557, L2572], the triangle net
  [L2586] with any activation [L2603], the coloured-zone answer [L2599], XOR [L2636] and the
  indicator of [0, 1]² [L2909];
- realisable sets [L2662]: `membership`, `realised_grid`, `away_from_lines` (nothing is required
  on the frontier, so test points keep a margin), `convex_polygon_net` (Prop 3, n + 1 neurons),
  `union_net`, `intersection_net`, `complement_net` (NON = H(1 − 2s)), `difference_net` (Prop 4);
- universal approximation in one variable [L2754–2898]: `step_set`, `creneau_net`,
  `staircase_net` (2n + 1 neurons, Prop 6), `uat_net` (Thm 2), `uniform_error`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.linalg import block_diag

from reference.perceptron import Activation, get_activation, heaviside


@dataclass(frozen=True, eq=False)
class Layer:
    """One layer of neurons: x ↦ φ(x W + b).  W: (n_in, n_out) (Keras layout), b: (n_out,)."""

    W: np.ndarray
    b: np.ndarray
    phi: str | Activation = "H"

    def __post_init__(self):
        W = np.atleast_2d(np.asarray(self.W, dtype=np.float64))
        b = np.ravel(np.asarray(self.b, dtype=np.float64))
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(f"W must be (n_in, n_out) and b (n_out,); got {W.shape}, {b.shape}")
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "b", b)
        get_activation(self.phi)

    @property
    def n_in(self) -> int:
        """Number of inputs of the layer."""
        return self.W.shape[0]

    @property
    def n_out(self) -> int:
        """Number of neurons of the layer."""
        return self.W.shape[1]

    def __call__(self, h):
        """Inputs go in, φ(W h + b) comes out.  h: (n_in,) → (n_out,); (m, n_in) → (m, n_out)."""
        return get_activation(self.phi)(np.asarray(h, dtype=np.float64) @ self.W + self.b)


Network = Sequence[Layer]


def forward_trace(layers: Network, x, zero_tol: float = 0.0) -> list[dict]:
    """Network and input go in, every layer's pre-activation z and output s come out.

    z⁽ᵏ⁾ = s⁽ᵏ⁻¹⁾ W⁽ᵏ⁾ + b⁽ᵏ⁾ (row vectors),  s⁽ᵏ⁾ = φₖ(z⁽ᵏ⁾),  s⁽⁰⁾ = x.
    With zero_tol > 0, a z with |z| ≤ zero_tol · (|W| |s| + |b|) is taken as exactly 0, so a
    point on the frontier stays on it when the weights are rounded (weights 1/3, 1/3, −1 at
    (1.5, 1.5) give z ≈ −1e−17 in floating point, yet H(0) = 1 is meant there).
    x: (n_in,) or (m, n_in); entry k: {"z": (…, n_out_k), "s": (…, n_out_k)}.
    """
    if not layers:
        raise ValueError("a network needs at least one layer")
    h = np.asarray(x, dtype=np.float64)
    steps = []
    for k, layer in enumerate(layers):
        if h.shape[-1:] != (layer.n_in,):
            raise ValueError(f"layer {k} expects {layer.n_in} inputs, got shape {h.shape}")
        z = h @ layer.W + layer.b  # (…, n_out)
        if zero_tol > 0:
            scale = np.abs(h) @ np.abs(layer.W) + np.abs(layer.b)  # (…, n_out)
            z = np.where(np.abs(z) <= zero_tol * scale, 0.0, z)
        h = get_activation(layer.phi)(z)
        steps.append({"z": z, "s": h})
    return steps


def forward(layers: Network, x, zero_tol: float = 0.0):
    """Network and input go in, F(x) comes out (the last layer's outputs).

    x: (n_in,) → (n_out,); (m, n_in) → (m, n_out).  zero_tol: see forward_trace.
    """
    return forward_trace(layers, x, zero_tol)[-1]["s"]


def parameter_count(layers: Network) -> int:
    """Network goes in, number of weights comes out: Σ (n_in·n_out + n_out), biases included.

    A missing edge is a weight 0 [L2530], so every entry of W counts.
    """
    return int(sum(layer.W.size + layer.b.size for layer in layers))


def neuron_count(layers: Network) -> int:
    """Network goes in, number of neurons (inputs not counted) comes out: Σ n_out."""
    return int(sum(layer.n_out for layer in layers))


def layer_from_keras(kernel, bias, phi: str | Activation = "H") -> Layer:
    """Keras (kernel (n_in, n_out), bias (n_out,)) goes in, a Layer with W = kernel comes out."""
    return Layer(np.asarray(kernel, dtype=np.float64), bias, phi)


def layer_from_rows(rows, bias, phi: str | Activation = "H") -> Layer:
    """Chapter 5's layout goes in (one row per neuron: (n_out, n_in)), a Layer comes out.

    The one place where the row-per-neuron layout of chapter 5's statements becomes the course
    layout (n_in, n_out): W = rowsᵀ.
    """
    return Layer(np.atleast_2d(np.asarray(rows, dtype=np.float64)).T, bias, phi)


def layer_rows(layer: Layer) -> np.ndarray:
    """A Layer goes in, its weights in chapter 5's layout (one row per neuron) come out: Wᵀ."""
    return layer.W.T.copy()


def _neurons(rows, phi="H") -> Layer:
    """Rows (a₁, …, aₙ; a₀) go in (bias last, as in the notes), a Layer comes out."""
    rows = np.asarray(rows, dtype=np.float64)
    return layer_from_rows(rows[:, :-1], rows[:, -1], phi)


# ---- networks of the dropped figures (weights: notes Appendix A) ----------------------------


def relu_example_net() -> list[Layer]:
    """[L2509] ReLU (2,−1;0), (−3,2;0) → H (4,5;−1).  F(4,7) = 1, F(3,2) = 1, F(.1,.1) = 0."""
    return [_neurons([[2, -1, 0], [-3, 2, 0]], "relu"), _neurons([[4, 5, -1]], "H")]


def relu_exercise_net() -> list[Layer]:
    """[L2534] ReLU (1,−2,3;0), (2,−4,1;0) → ReLU Y₁ (1,−2;0), Y₂ (2,1;0)."""
    return [
        _neurons([[1, -2, 3, 0], [2, -4, 1, 0]], "relu"),
        _neurons([[1, -2, 0], [2, 1, 0]], "relu"),
    ]


def sector_net(output: str = "and") -> list[Layer]:
    """[L2557, L2572] H (−1,3;0), (2,1;0) → AND (1,1;−2) (a sector) or OR (1,1;−1) (a union)."""
    biases = {"and": -2.0, "or": -1.0}
    if output not in biases:
        raise ValueError("output must be 'and' or 'or'")
    return [_neurons([[-1, 3, 0], [2, 1, 0]]), _neurons([[1, 1, biases[output]]])]


def triangle_net(phi: str | Activation = "H") -> list[Layer]:
    """[L2586] (−1,2;0), (1,1;−2), (0,−1;3) → (1,1,1;−3), φ on every neuron [L2603].

    With H it realises the triangle with vertices (4/3, 2/3), (6, 3), (−1, 3).
    """
    return [_neurons([[-1, 2, 0], [1, 1, -2], [0, -1, 3]], phi), _neurons([[1, 1, 1, -3]], phi)]


def coloured_zone_net() -> list[Layer]:
    """Exercise [L2599], one answer: H(−x−3y+7), H(−3x+5y+7), H(−5x−y−7) → AND (1,1,1;−3).

    The zone is the triangle with a vertex at infinity, open to the left (notes 5-E17).
    """
    return [_neurons([[-1, -3, 7], [-3, 5, 7], [-5, -1, -7]]), _neurons([[1, 1, 1, -3]])]


def xor_net() -> list[Layer]:
    """[L2636] H(x − y − 1) "x ET non y", H(−x + y − 1) "non x ET y" → OR H(s₁ + s₂ − 1)."""
    return [_neurons([[1, -1, -1], [-1, 1, -1]]), _neurons([[1, 1, -1]])]


def unit_square_net() -> list[Layer]:
    """[L2909] H(x), H(−x+1), H(y), H(−y+1) → H(s₁+s₂+s₃+s₄−4): 1 on [0,1]², 0 elsewhere."""
    return [
        _neurons([[1, 0, 0], [-1, 0, 1], [0, 1, 0], [0, -1, 1]]),
        _neurons([[1, 1, 1, 1, -4]]),
    ]


# ---- realisable sets [L2651–2742] ------------------------------------------------------------


def membership(layers: Network, points) -> np.ndarray:
    """Heaviside network and points go in, booleans "F(p) = 1" (read as F ≥ ½) come out.

    points: (m, n_in) → (m,).
    """
    F = forward(layers, np.atleast_2d(np.asarray(points, dtype=np.float64)))
    if F.shape[-1] != 1:
        raise ValueError("membership needs a network with a single output neuron")
    return F[:, 0] >= 0.5


def realised_grid(layers: Network, xs, ys):
    """Network and axes go in, (X, Y, F) on the meshgrid come out: F[i, j] = F(xs[j], ys[i])."""
    X, Y = np.meshgrid(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
    F = forward(layers, np.stack([X.ravel(), Y.ravel()], axis=1))[:, 0]  # (m,)
    return X, Y, F.reshape(X.shape)


def away_from_lines(points, lines, margin: float) -> np.ndarray:
    """Points, lines (a, b, c) and a margin go in, mask "distance to every line ≥ margin" out.

    d(M, D) = |a x₀ + b y₀ + c| / √(a² + b²) [L1483].  points: (m, 2), lines: (k, 3) → (m,).
    Use it to keep test points off the frontier Fr(A), where nothing is required [L2669].
    """
    P = np.atleast_2d(np.asarray(points, dtype=np.float64))
    L = np.atleast_2d(np.asarray(lines, dtype=np.float64))
    norms = np.hypot(L[:, 0], L[:, 1])
    if np.any(norms == 0):
        raise ValueError("a line needs (a, b) ≠ (0, 0)")
    dist = np.abs(P @ L[:, :2].T + L[:, 2]) / norms  # (m, k)
    return np.all(dist >= margin, axis=1)


def convex_polygon_net(vertices) -> list[Layer]:
    """Vertices of a convex polygon go in (either orientation), an (n+1)-neuron net comes out.

    Prop 3 [L2687]: one half-plane neuron per side, the interior on its ≥ 0 side, then an AND
    neuron with all coefficients 1 and bias −n.  vertices: (n, 2), n ≥ 3, strictly convex.
    """
    V = np.asarray(vertices, dtype=np.float64)
    if V.ndim != 2 or V.shape[1] != 2 or len(V) < 3:
        raise ValueError("vertices must be an (n, 2) array with n ≥ 3")
    D = np.roll(V, -1, axis=0) - V  # edge vectors, (n, 2)
    turns = D[:, 0] * np.roll(D, -1, axis=0)[:, 1] - D[:, 1] * np.roll(D, -1, axis=0)[:, 0]
    if not (np.all(turns > 0) or np.all(turns < 0)):
        raise ValueError("the polygon is not strictly convex (or its vertices are out of order)")
    sign = 1.0 if turns[0] > 0 else -1.0  # counter-clockwise: interior on the left of each edge
    a, b = -D[:, 1] * sign, D[:, 0] * sign
    c = -(a * V[:, 0] + b * V[:, 1])
    n = len(V)
    return [Layer(np.stack([a, b], axis=0), c), Layer(np.ones((n, 1)), [-float(n)])]


def _check_set_net(net: Network) -> None:
    if not net or net[-1].n_out != 1:
        raise ValueError("a set network needs layers and a single output neuron")
    if any(get_activation(layer.phi) is not heaviside for layer in net):
        raise ValueError("set networks use the Heaviside activation in every layer [L2662]")


def _parallel(nets: Sequence[Network]) -> list[Layer]:
    """Networks on the same input go in; one network with their outputs side by side comes out.

    Shorter networks are padded with copy neurons s ↦ H(s − 1), exact on 0/1 values.
    """
    for net in nets:
        _check_set_net(net)
    if len({net[0].n_in for net in nets}) != 1:
        raise ValueError("the networks must read the same number of inputs")
    depth = max(len(net) for net in nets)
    padded = [list(net) + [Layer([[1.0]], [-1.0])] * (depth - len(net)) for net in nets]
    first = Layer(np.hstack([net[0].W for net in padded]),  # every sub-network reads x
                  np.concatenate([net[0].b for net in padded]))
    later = [Layer(block_diag(*[net[k].W for net in padded]),  # each sees only its own neurons
                   np.concatenate([net[k].b for net in padded])) for k in range(1, depth)]
    return [first, *later]


def union_net(*nets: Network) -> list[Layer]:
    """Set networks go in, a network for A₁ ∪ … ∪ Aₖ comes out: OR neuron (1,…,1; −1) [L2706]."""
    if len(nets) < 2:
        raise ValueError("union_net needs at least two networks")
    return _parallel(nets) + [Layer(np.ones((len(nets), 1)), [-1.0])]


def intersection_net(*nets: Network) -> list[Layer]:
    """Set networks go in, a network for A₁ ∩ … ∩ Aₖ comes out: AND neuron (1,…,1; −k)."""
    if len(nets) < 2:
        raise ValueError("intersection_net needs at least two networks")
    return _parallel(nets) + [Layer(np.ones((len(nets), 1)), [-float(len(nets))])]


def complement_net(net: Network) -> list[Layer]:
    """A set network goes in, a network for Aᶜ comes out: add the NON neuron s ↦ H(1 − 2s)."""
    _check_set_net(net)
    return list(net) + [Layer([[-2.0]], [1.0])]


def difference_net(net_a: Network, net_b: Network) -> list[Layer]:
    """Two set networks go in, a network for A ∖ B = A ∩ Bᶜ comes out.

    The book writes A ∖ B = A ∩ (A ∩ B)ᶜ [L2728]; both sets are equal and A ∩ Bᶜ is smaller.
    """
    return intersection_net(net_a, complement_net(net_b))


# ---- universal approximation, one variable [L2754–2898] -------------------------------------


def step_set(a: float, c: float) -> tuple[str, float]:
    """Neuron H(a x + c) goes in, the set where it is 1 comes out as (relation, threshold).

    a > 0: x ≥ −c/a ("≥");  a < 0: x ≤ −c/a ("≤");  a = 0: all of ℝ ("all") if c ≥ 0 else ∅.
    E.g. H(ax + 1), a > 0: x ≥ −1/a [L2792];  H(−bx + 1), b > 0: x ≤ 1/b [L2807].
    """
    if a > 0:
        return (">=", -c / a)
    if a < 0:
        return ("<=", -c / a)
    return ("all", 0.0) if c >= 0 else ("empty", 0.0)


def staircase_net(intervals, heights, closed: bool = True) -> list[Layer]:
    """Intervals [αᵢ, βᵢ] and heights kᵢ go in, a 2n + 1 neuron network comes out (Prop 6).

    closed=True is the book's créneau [L2829]: H(x − α), H(−x + β) → identity (k, k; −k),
    equal to k on the closed [α, β].  Contiguous créneaux then add up at the junction (the
    remark at L2854: 4 on [2,3] plus 6 on [3,5] gives F(3) = 10).
    closed=False gives [α, β) with the pair H(x − α), H(x − β) → (k, −k; 0), so contiguous
    steps meet correctly without NON neurons.  The book's H(x/α − 1) equals H(x − α) for α > 0;
    the unscaled form also works for α ≤ 0.  intervals: (n, 2), heights: (n,).
    """
    ivs = np.atleast_2d(np.asarray(intervals, dtype=np.float64))
    k = np.ravel(np.asarray(heights, dtype=np.float64))
    if ivs.shape[1] != 2 or k.shape != (len(ivs),) or np.any(ivs[:, 0] >= ivs[:, 1]):
        raise ValueError("need intervals (n, 2) with α < β and one height per interval")
    n = len(ivs)
    W1, b1, w2, b2 = np.zeros((1, 2 * n)), np.zeros(2 * n), np.zeros((2 * n, 1)), 0.0
    for i, ((alpha, beta), h) in enumerate(zip(ivs, k, strict=True)):
        W1[0, 2 * i], b1[2 * i] = 1.0, -alpha  # H(x − α): 1 ⇔ x ≥ α
        if closed:
            W1[0, 2 * i + 1], b1[2 * i + 1] = -1.0, beta  # H(−x + β): 1 ⇔ x ≤ β
            w2[2 * i: 2 * i + 2, 0], b2 = (h, h), b2 - h
        else:
            W1[0, 2 * i + 1], b1[2 * i + 1] = 1.0, -beta  # H(x − β): 1 ⇔ x ≥ β
            w2[2 * i: 2 * i + 2, 0] = (h, -h)
    return [Layer(W1, b1, "H"), Layer(w2, [b2], "identity")]


def creneau_net(alpha: float, beta: float, height: float = 1.0, closed: bool = True):
    """[α, β] and a height k go in, the 3-neuron créneau network comes out (k on the interval)."""
    return staircase_net([[alpha, beta]], [height], closed=closed)


def uat_net(f: Callable, a: float, b: float, n: int, closed: bool = False) -> list[Layer]:
    """f, [a, b] and n go in, a 2n + 1 neuron network F with |f − F| small on [a, b] comes out.

    Thm 2 proof [L2888]: xᵢ = a + i (b − a)/n and a step of height f(xᵢ) on [xᵢ, xᵢ₊₁].
    Choice: the steps are half-open [xᵢ, xᵢ₊₁) and the last one closed [xₙ₋₁, b], so
    F(xᵢ) = f(xᵢ) for i < n and F(b) = f(xₙ₋₁); for an L-Lipschitz f, sup |f − F| ≤ L (b − a)/n.
    closed=True keeps the book's closed créneaux literally: then F(xᵢ) = f(xᵢ₋₁) + f(xᵢ) at
    interior nodes (notes 5-E26).
    """
    if not isinstance(n, int) or n < 1 or not a < b:
        raise ValueError("need an integer n ≥ 1 and a < b")
    x = np.linspace(a, b, n + 1)
    heights = np.asarray(f(x[:-1]), dtype=np.float64) * np.ones(n)  # f(x₀), …, f(xₙ₋₁)
    intervals = np.stack([x[:-1], x[1:]], axis=1)  # (n, 2)
    if closed or n == 1:
        return staircase_net(intervals, heights, closed=True)
    head = staircase_net(intervals[:-1], heights[:-1], closed=False)  # [xᵢ, xᵢ₊₁)
    return _add_outputs(head, staircase_net(intervals[-1:], heights[-1:], closed=True))


def _add_outputs(net1: Network, net2: Network) -> list[Layer]:
    """Two 1-hidden-layer networks with identity outputs go in, F₁ + F₂ as one network out."""
    hidden = Layer(np.hstack([net1[0].W, net2[0].W]), np.concatenate([net1[0].b, net2[0].b]))
    out = Layer(np.vstack([net1[1].W, net2[1].W]), net1[1].b + net2[1].b, "identity")
    return [hidden, out]


def uniform_error(f: Callable, layers: Network, a: float, b: float, num: int = 10_001) -> float:
    """f, a 1-input network and [a, b] go in, max |f(x) − F(x)| on linspace(a, b, num) comes out."""
    x = np.linspace(a, b, num)
    F = forward(layers, x[:, None])[:, 0]  # (num,)
    return float(np.max(np.abs(np.asarray(f(x), dtype=np.float64) - F)))
