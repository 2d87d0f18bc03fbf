"""Chapter 5 §1–2 (Réseau de neurones: perceptron, bias, OR/AND/XOR, linear separability).

What is here
- activations of the chapter: Heaviside H with **H(0) = 1** [L2186], σ, th, ReLU, identity;
- `Perceptron`: coefficients a₁…aₙ, bias a₀ and φ, with F(x) = φ(a₁x₁ + … + aₙxₙ + a₀) [L2350];
  the bias counts as a weight, so a perceptron with n inputs has n + 1 parameters [L2483];
  linear perceptron ⇔ bias 0, affine perceptron otherwise [L2482];
- the logic gates of the chapter (OR (1,1,−1), AND (1,1,−2), NON (−2; 1), OR3, AND3) and truth
  tables in the order 00, 01, 10, 11;
- `separating_perceptron` / `linearly_separable`: the definition of [L2446] (≥ 0 on A, < 0 on B)
  decided by a linear programme, so that "XOR is not separable" (Prop 1) becomes a computation;
- the point sets of the dropped figures (upstream fig_neurones_10 and fig_neurones_18).

Erratum: [L2195] writes F : ℝ → ℝ for a perceptron with n inputs; it is F : ℝⁿ → ℝ.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from reference import activations

Activation = Callable[[np.ndarray], np.ndarray]


# The chapter-1 activations (H(0) = 1 [L2186], stable σ, th, ReLU, identity) are reused as is.
heaviside, sigmoid, relu, th, identity = (activations.heaviside, activations.sigmoid,
                                          activations.relu, activations.tanh,
                                          activations.identity)


ACTIVATIONS: dict[str, Activation] = {
    "H": heaviside,
    "heaviside": heaviside,
    "sigmoid": sigmoid,
    "sigma": sigmoid,
    "th": th,
    "tanh": th,
    "relu": relu,
    "ReLU": relu,
    "identity": identity,
    "id": identity,
}


def get_activation(phi: str | Activation) -> Activation:
    """Name or callable goes in, callable comes out ("H", "sigmoid", "th", "relu", "identity")."""
    if callable(phi):
        return phi
    if isinstance(phi, str) and phi in ACTIVATIONS:
        return ACTIVATIONS[phi]
    raise ValueError(f"unknown activation {phi!r}; expected one of {sorted(ACTIVATIONS)}")


@dataclass(frozen=True)
class Perceptron:
    """One neuron: F(x) = φ(a₁x₁ + … + aₙxₙ + a₀) [L2350].

    weights: the coefficients (a₁, …, aₙ); bias: a₀ (a weight too, [L2483]); phi: activation.
    """

    weights: tuple[float, ...]
    bias: float = 0.0
    phi: str | Activation = "H"

    def __post_init__(self):
        w = tuple(float(a) for a in np.ravel(np.asarray(self.weights, dtype=np.float64)))
        if not w:
            raise ValueError("a perceptron needs at least one coefficient")
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "bias", float(self.bias))
        get_activation(self.phi)  # validate early

    @property
    def n_inputs(self) -> int:
        """Number of inputs n (= number of coefficients)."""
        return len(self.weights)

    @property
    def n_params(self) -> int:
        """n coefficients + 1 bias: the book counts the bias as a weight [L2483]."""
        return self.n_inputs + 1

    @property
    def is_linear(self) -> bool:
        """Linear perceptron ⇔ bias 0; otherwise affine [L2482]."""
        return self.bias == 0.0

    def pre_activation(self, x):
        """Inputs go in, f(x) = a·x + a₀ comes out.  x: (n,) → (); (m, n) → (m,)."""
        x = np.asarray(x, dtype=np.float64)
        if x.shape[-1:] != (self.n_inputs,):
            raise ValueError(f"expected inputs with last axis {self.n_inputs}, got {x.shape}")
        return x @ np.asarray(self.weights) + self.bias

    def __call__(self, x):
        """Inputs go in, F(x) = φ(f(x)) comes out.  x: (n,) → (); (m, n) → (m,)."""
        return get_activation(self.phi)(self.pre_activation(x))


def perceptron(weights, bias, x, phi: str | Activation = "H"):
    """Coefficients, bias and inputs go in, F(x) = φ(Σ aᵢxᵢ + a₀) comes out [L2350].

    weights: (n,); x: (n,) or (m, n); result: () or (m,).
    """
    return Perceptron(tuple(np.ravel(weights)), bias, phi)(x)


# Logic gates with 1 = vrai, 0 = faux [L2373–2396, L2467, L2721].
OR = Perceptron((1.0, 1.0), -1.0)
AND = Perceptron((1.0, 1.0), -2.0)
AND_ROBUST = Perceptron((1.0, 1.0), -1.5)  # the remark at L2390: (0.9, 0.9) → 1
NOT = Perceptron((-2.0,), 1.0)  # s ↦ H(1 − 2s) [L2721]
OR3 = Perceptron((1.0, 1.0, 1.0), -1.0)  # upstream fig_neurones_36
AND3 = Perceptron((1.0, 1.0, 1.0), -3.0)  # exercise L2474 (one answer among many)


def boolean_inputs(n: int) -> np.ndarray:
    """n goes in, the 2ⁿ Boolean inputs come out in lexicographic order (00, 01, 10, 11).

    result: (2ⁿ, n) float64.
    """
    if not isinstance(n, int) or n < 1:
        raise ValueError("n must be a positive integer")
    return np.array(list(itertools.product((0.0, 1.0), repeat=n)))


def truth_table(neuron: Callable, n: int) -> np.ndarray:
    """A 0/1 function of n inputs goes in, its outputs on boolean_inputs(n) come out: (2ⁿ,)."""
    return np.asarray(neuron(boolean_inputs(n)), dtype=np.float64).reshape(-1)


def separating_perceptron(A, B) -> Perceptron | None:
    """Two point sets go in, a perceptron with F = 1 on A and F = 0 on B (or None) comes out.

    Linear separability [L2446]: ∃ a₀…aₙ with a·x + a₀ ≥ 0 on A and a·x + a₀ < 0 on B.
    For finite sets this is strict separation (shift a₀ by half of B's gap), and scaling the
    weights turns it into the feasibility LP
        find (a, a₀) with a·x + a₀ ≥ 1 for x ∈ A and a·x + a₀ ≤ −1 for x ∈ B,
    whose solutions keep a margin, so F = 1 on A survives rounding.
    A: (p, n), B: (q, n), both non-empty.  Solved with scipy.optimize.linprog (HiGHS).
    """
    A, B = _as_point_set(A, "A"), _as_point_set(B, "B")
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"A and B live in different dimensions: {A.shape[1]} vs {B.shape[1]}")
    from scipy.optimize import linprog

    n = A.shape[1]
    rows_a = -np.hstack([A, np.ones((len(A), 1))])  # −(a·x + a₀) ≤ −1
    rows_b = np.hstack([B, np.ones((len(B), 1))])  # a·x + a₀ ≤ −1
    res = linprog(
        c=np.zeros(n + 1),
        A_ub=np.vstack([rows_a, rows_b]),
        b_ub=-np.ones(len(A) + len(B)),
        bounds=[(None, None)] * (n + 1),
        method="highs",
    )
    if res.status == 2:  # infeasible
        return None
    if res.status != 0:
        raise RuntimeError(f"linprog failed: {res.message}")
    return Perceptron(tuple(res.x[:n]), res.x[n])


def linearly_separable(A, B) -> bool:
    """Two point sets go in, True iff some affine perceptron is 1 on A and 0 on B (Prop 2)."""
    return separating_perceptron(A, B) is not None


def _as_point_set(P, name: str) -> np.ndarray:
    P = np.asarray(P, dtype=np.float64)
    if P.ndim == 1:
        P = P.reshape(1, -1)
    if P.ndim != 2 or P.shape[0] == 0 or P.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty (count, dim) array of points")
    if not np.all(np.isfinite(P)):
        raise ValueError(f"{name} contains nan or inf")
    return P


# Point sets of the dropped figures (upstream coordinates; facts, not code).
# [L2248] separated through the origin by 4x − y = 0 (carrés: F = 1, ronds: F = 0).
SQUARES_L2248 = np.array([(1, 2), (3, -1), (1.5, -2.5), (0, -3), (2.2, 3.3)], dtype=np.float64)
CIRCLES_L2248 = np.array([(0.3, 3), (-1, 2), (-3, -3), (-3.2, 0.6), (-1, -1)], dtype=np.float64)
# Exercise [L2301]: find an affine perceptron (carrés: F = 1, ronds: F = 0).
SQUARES_L2301 = np.array(
    [(1, -1), (3, -1.5), (-1.5, -2.5), (0, -3), (-2.8, 3), (-3, 0.5), (0, 1)], dtype=np.float64
)
CIRCLES_L2301 = np.array(
    [(3.7, -0.2), (3, 1), (1.5, 1.5), (-1, 3), (2.2, 3.3), (0.3, 3.5)], dtype=np.float64
)
