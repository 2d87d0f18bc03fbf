"""Chapter 7 « Gradient » [L3395–4222]: partial derivatives, gradient, tangents, critical points,
and the gradient of a network with respect to its weights (« formule du sourire »).

What is here, section by section
- §1 partial derivatives [L3415–3470]: `partial_derivative` (central or forward differences),
  `symbolic_partials` (sympy);
- §2.1 gradient [L3490–3512]: `numeric_gradient`, `symbolic_gradient` (a sympy column vector, as
  the book writes it [L3510]);
- §2.2/§2.5 tangent to a level curve / level surface, Propositions 1, 2, 4 [L3518–3626]:
  `level_set_tangent` (the gradient is the normal vector);
- §2.4 directional derivative [L3579–3608]: `directional_derivative`;
- §2.6 linear approximation [L3637]: `linear_approximation`, `tangent_plane` (graph of f);
- §2.7 critical points [L3685–3712]: `critical_points`; `classify_critical_point` adds the
  second-derivative (Hessian) test, which the book mentions but does not describe [L3712];
- §3 automatic differentiation on graphs [L3739–3911]: the scalar engine lives in
  `reference.autodiff` (chapter 1); the tests use it as one oracle among others;
- §4 gradient of a network with respect to its weights [L3913–4221]: `half_smile`, `smile`,
  `chain_forward` / `chain_backward` (the general backward recursion, valid when g_* = 0),
  `network2_partials` (the book's second example), `error_partials` (∂E/∂a_j from ∂F/∂a_j).

Notation: f_* is the value at the output of the neuron with activation f, f'_* the value of its
derivative there; a is the weight into g, b the weight from g to h [L3944–3956].
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp

from reference.derivative_rules import to_sympy

ScalarFn = Callable[..., float]
Activation = tuple[Callable[[float], float], Callable[[float], float]]  # (g, g')


def _as_point(point) -> np.ndarray:
    p = np.array(point, dtype=np.float64, copy=True).reshape(-1)  # (n,)
    if p.size == 0:
        raise ValueError("point must have at least one coordinate")
    return p


# ---------------------------------------------------------------- §1–2.1 partial derivatives


def partial_derivative(f: ScalarFn, point, i: int, h: float = 1e-6, scheme: str = "central"):
    """A function of n floats and a point go in, the estimate of ∂f/∂x_i at that point comes out.

    central: ∂f/∂x_i(P) ≈ (f(P + h e_i) − f(P − h e_i)) / (2h)   error O(h²)
    forward: ∂f/∂x_i(P) ≈ (f(P + h e_i) − f(P)) / h              the book's quotient [L3423], O(h)
    f is called as f(x_1, …, x_n); point: (n,); i is 0-based.
    """
    p = _as_point(point)
    if not 0 <= i < p.size:
        raise ValueError(f"variable index i={i} out of range for a point with {p.size} coordinates")
    if h <= 0:
        raise ValueError("step h must be > 0")
    e = np.zeros_like(p)
    e[i] = h
    if scheme == "central":
        return (float(f(*(p + e))) - float(f(*(p - e)))) / (2 * h)
    if scheme == "forward":
        return (float(f(*(p + e))) - float(f(*p))) / h
    raise ValueError(f"scheme must be 'central' or 'forward', not {scheme!r}")


def numeric_gradient(f: ScalarFn, point, h: float = 1e-6, scheme: str = "central") -> np.ndarray:
    """A function of n floats and a point go in, the gradient vector comes out (finite differences).

    grad f(P) = (∂f/∂x_1(P), …, ∂f/∂x_n(P))  [L3509]; point: (n,) → (n,).
    """
    p = _as_point(point)
    return np.array([partial_derivative(f, p, i, h, scheme) for i in range(p.size)])


def symbolic_partials(expr, variables: Sequence[sp.Symbol]) -> list:
    """A sympy expression and its variables go in, the list of partial derivatives comes out.

    Method [L3448]: differentiate in x_i, the other variables being constants.
    """
    return [sp.diff(to_sympy(expr), v) for v in variables]


def symbolic_gradient(expr, variables: Sequence[sp.Symbol], point=None) -> sp.Matrix:
    """A sympy expression goes in, grad f as a sympy column vector comes out (exact at `point`).

    grad f = (∂f/∂x_1, …, ∂f/∂x_n)ᵀ  [L3509]; point: n exact numbers (e.g. (2, 1)).
    """
    grad = sp.Matrix(symbolic_partials(expr, variables))  # (n, 1)
    if point is None:
        return grad
    if len(point) != len(variables):
        raise ValueError(f"point has {len(point)} coordinates for {len(variables)} variables")
    return sp.simplify(grad.subs(dict(zip(variables, point, strict=True))))


# ---------------------------------------------------------------- §2.2–2.6 geometry


def directional_derivative(grad, v) -> float:
    """A gradient and a direction go in, the slope of f along v comes out.

    D_v f(P) = h ∂f/∂x(P) + k ∂f/∂y(P) = ⟨grad f(P) | v⟩ = ‖grad f‖·‖v‖·cos θ  [L3579, L3596];
    grad, v: (n,).
    """
    g, w = _as_point(grad), _as_point(v)
    if g.shape != w.shape:
        raise ValueError(f"grad {g.shape} and v {w.shape} must have the same shape")
    return float(g @ w)


def level_set_tangent(grad, point) -> tuple[np.ndarray, float]:
    """The gradient at a point of a level set goes in, its tangent (normal, offset) comes out.

    Prop. 2 [L3535]: ∂f/∂x(x0,y0)(x − x0) + ∂f/∂y(x0,y0)(y − y0) = 0; Prop. 4 [L3624] in ℝ³ and ℝⁿ.
    Returned as normal·X = offset with normal = grad f(P) (Prop. 1: grad ⟂ level set) and
    offset = grad f(P)·P. grad, point: (n,). Raises ValueError when grad f(P) = 0 [L3537].
    """
    g, p = _as_point(grad), _as_point(point)
    if g.shape != p.shape:
        raise ValueError(f"grad {g.shape} and point {p.shape} must have the same shape")
    if not np.any(g):
        raise ValueError("the gradient is the zero vector: the tangent is not defined [L3537]")
    return g, float(g @ p)


def linear_approximation(f: ScalarFn, point, step, grad=None, h: float = 1e-6) -> float:
    """A function, a point P and a small step go in, the tangent-plane value at P + step comes out.

    f(x0 + h, y0 + k) ≃ f(x0, y0) + h ∂f/∂x(x0, y0) + k ∂f/∂y(x0, y0)  [L3637]; point, step: (n,).
    grad: the exact gradient at P if known (else central differences with step h).
    """
    p, s = _as_point(point), _as_point(step)
    if p.shape != s.shape:
        raise ValueError(f"point {p.shape} and step {s.shape} must have the same shape")
    g = numeric_gradient(f, p, h) if grad is None else _as_point(grad)
    return float(f(*p)) + float(g @ s)


def tangent_plane(f: ScalarFn, point, grad=None, h: float = 1e-6) -> tuple[np.ndarray, float]:
    """A function and a point go in, the tangent plane to the graph (slopes, intercept) comes out.

    z = f(x0,y0) + ∂f/∂x(x0,y0)(x − x0) + ∂f/∂y(x0,y0)(y − y0) = slopes·(x, y) + intercept [L3641],
    with slopes = grad f(P) and intercept = f(P) − grad f(P)·P. point: (n,) → ((n,), float).
    """
    p = _as_point(point)
    g = numeric_gradient(f, p, h) if grad is None else _as_point(grad)
    return g, float(f(*p)) - float(g @ p)


# ---------------------------------------------------------------- §2.7 critical points


def critical_points(expr, variables: Sequence[sp.Symbol]) -> list[tuple]:
    """A sympy expression goes in, the list of its real critical points (exact tuples) comes out.

    (x0, y0) is critical ⇔ ∂f/∂x(x0, y0) = 0 and ∂f/∂y(x0, y0) = 0  [L3695]; sorted for stability.
    """
    eqs = symbolic_partials(expr, variables)
    sols = sp.solve(eqs, list(variables), dict=True)
    points = []
    for sol in sols:
        pt = tuple(to_sympy(sol.get(v, v)) for v in variables)
        if all(c.is_real for c in pt):
            points.append(pt)
    return sorted(set(points), key=lambda t: tuple(float(c) for c in t))


def classify_critical_point(expr, variables: Sequence[sp.Symbol], point) -> str:
    """An expression and a critical point go in, 'min'/'max'/'saddle'/'degenerate' comes out.

    Second-derivative test on the Hessian H = (∂²f/∂x_i∂x_j): positive definite → local min,
    negative definite → local max, invertible and indefinite → saddle (« col » [L3721]),
    singular → 'degenerate' (the test says nothing). Not in the book, which says a criterion
    exists but is not described [L3712]; added so that 7-E8 can be checked.
    """
    if any(sp.simplify(d.subs(dict(zip(variables, point, strict=True)))) != 0
           for d in symbolic_partials(expr, variables)):
        raise ValueError(f"{tuple(point)} is not a critical point")
    H = sp.hessian(to_sympy(expr), list(variables)).subs(dict(zip(variables, point, strict=True)))
    if H.det() == 0:
        return "degenerate"
    if H.is_positive_definite:
        return "min"
    if H.is_negative_definite:
        return "max"
    return "saddle"


# ---------------------------------------------------------------- §4 gradient w.r.t. the weights


def half_smile(f_star: float, g_prime_star: float) -> float:
    """Two floats go in, ∂F/∂a for a weight a into the output neuron g comes out.

    « formule du demi-sourire » [L3979]: ∂F/∂a = f_* · g'_*  (for a bias, f_* = 1).
    """
    return float(f_star) * float(g_prime_star)


def smile(f_star: float, g_star: float, g_prime_star: float, b, dF_db) -> float:
    """Values along the arc go in, ∂F/∂a for the weight a into neuron g comes out.

    « formule du sourire » [L3956, L3966]: ∂F/∂a = Σ_i f_* · (g'_*/g_*) · b_i · ∂F/∂b_i,
    one term per outgoing edge b_i of g. Special cases [L3984–3999]: at the input f_* = x; for
    a bias f_* = 1; for ∂F/∂x use (f_*, g_*, g'_*) = (1, x, 1). b, dF_db: floats or (ℓ,).
    Raises ValueError when g_* = 0, where the formula is invalid [L4006] (use chain_backward).
    """
    if g_star == 0:
        raise ValueError("the smile formula divides by g_* = 0 [L4006]; use chain_backward")
    bs, ds = np.atleast_1d(np.asarray(b, float)), np.atleast_1d(np.asarray(dF_db, float))
    if bs.shape != ds.shape:
        raise ValueError(f"b {bs.shape} and dF_db {ds.shape} must have the same length")
    return float(f_star) * float(g_prime_star) / float(g_star) * float(bs @ ds)


def chain_forward(x: float, weights, activations: Sequence[Activation], biases=None):
    """An input, the weights and the (g, g') pairs of a chain of neurons go in; values come out.

    s_i = a_i · g_{i−1,*} + b_i,  g_{i,*} = g_i(s_i),  g'_{i,*} = g_i'(s_i),  g_{0,*} = x.
    Returns (values (n+1,) = g_{0,*}…g_{n,*}, derivs (n,) = g'_{1,*}…g'_{n,*}).
    """
    a = np.asarray(weights, dtype=np.float64).reshape(-1)  # (n,)
    b = np.zeros_like(a) if biases is None else np.asarray(biases, dtype=np.float64).reshape(-1)
    if not (a.size == b.size == len(activations)) or a.size == 0:
        raise ValueError("weights, biases and activations must have the same positive length")
    values, derivs = [float(x)], []
    for a_i, b_i, (g, g_prime) in zip(a, b, activations, strict=True):
        s = a_i * values[-1] + b_i
        values.append(float(g(s)))
        derivs.append(float(g_prime(s)))
    return np.array(values), np.array(derivs)


def chain_backward(x: float, weights, activations: Sequence[Activation], biases=None) -> dict:
    """A chain of neurons goes in, F and every ∂F/∂a_i, ∂F/∂b_i, ∂F/∂x come out (also if g_* = 0).

    Algorithm [L4188–4199]: ∂F/∂g_n = 1 (6); ∂F/∂g_i = ∂F/∂g_{i+1} · a_{i+1} · g'_{i+1,*} (5);
    ∂F/∂a_i = ∂F/∂g_i · g_{i−1,*} · g'_{i,*} (4); bias: ∂F/∂b_i = ∂F/∂g_i · g'_{i,*};
    ∂F/∂x = ∂F/∂g_0. Keys: F, values (n+1,), derivs (n,), dF_dg (n+1,), dF_da, dF_db (n,), dF_dx.
    """
    a = np.asarray(weights, dtype=np.float64).reshape(-1)
    values, derivs = chain_forward(x, a, activations, biases)
    n = a.size
    dF_dg = np.zeros(n + 1)  # dF_dg[i] = ∂F/∂g_i, i = 0 … n (g_0 = x)
    dF_dg[n] = 1.0
    for i in range(n, 0, -1):  # neuron i (1-based) sends g_{i−1} → g_i through a_i
        dF_dg[i - 1] = dF_dg[i] * a[i - 1] * derivs[i - 1]
    dF_da = dF_dg[1:] * values[:-1] * derivs
    dF_db = dF_dg[1:] * derivs
    return {"F": values[-1], "values": values, "derivs": derivs, "dF_dg": dF_dg,
            "dF_da": dF_da, "dF_db": dF_db, "dF_dx": dF_dg[0]}


def network2_partials(x: float, a: float, b: float, c: float, d: float) -> dict:
    """Five floats go in, F = exp(c cos(ax) + d sin(bx)) and its five partials come out (§4.4).

    u = ax, v = bx, w = c cos u + d sin v [L4100]; half-smiles ∂F/∂c = cos u·e^w, ∂F/∂d = sin v·e^w;
    smiles ∂F/∂a = x·(−sin u/cos u)·c·∂F/∂c, ∂F/∂b = x·(cos v/sin v)·d·∂F/∂d [L4112–4124];
    two outgoing edges for x: ∂F/∂x = a·(1/x)·∂F/∂a + b·(1/x)·∂F/∂b [L4130].
    The smile needs cos u, sin v, x ≠ 0 (ValueError otherwise).
    """
    u, v = a * x, b * x
    w = c * np.cos(u) + d * np.sin(v)
    F = float(np.exp(w))
    dc, dd = half_smile(np.cos(u), F), half_smile(np.sin(v), F)  # h = exp: h'_* = e^w
    da = smile(x, np.cos(u), -np.sin(u), c, dc)
    db = smile(x, np.sin(v), np.cos(v), d, dd)
    dx = smile(1.0, x, 1.0, [a, b], [da, db])
    return {"F": F, "x": dx, "a": da, "b": db, "c": dc, "d": dd}


def error_partials(F_value: float, dF, y0: float) -> np.ndarray:
    """F̃, its partials and the expected output go in, the partials of E = (F̃ − y0)² come out.

    ∂E/∂a_j = 2 · ∂F̃/∂a_j · (F̃ − y0)  [L3934]; dF: (m,) → (m,).
    """
    return 2.0 * np.asarray(dF, dtype=np.float64) * (float(F_value) - float(y0))
