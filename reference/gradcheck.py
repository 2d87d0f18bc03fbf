"""Finite-difference gradient check (chapters 7–9; ch07 §1 [L3423], ch08 §1.4 [L4443]).

The book computes partial derivatives as limits of difference quotients [L3423] and recommends
exact gradients for speed and precision [L4443]. A gradient check compares the two: every entry
of the gradient that a function returns is compared with the central difference

    ∂L/∂θ_j ≈ (L(θ + ε e_j) − L(θ − ε e_j)) / (2ε)        (error O(ε²)).

Use it on a student's gradient:  `loss_fn(params) -> (loss, grads)`, where `params` is an array
or a (nested) list/tuple/dict of arrays and `grads` has exactly the same structure and shapes.
`gradcheck` returns the max relative error; `gradcheck_report` gives one entry per parameter
array (its path such as "[0][1]", the worst entry and the error array).

Relative error of one entry: |g − ĝ| / max(|g|, |ĝ|, floor). The floor (default 1e-6) stops
entries whose true derivative is ~0 from turning rounding noise (~1e-10) into a large ratio.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ParamReport:
    """Gradient-check result for one parameter array."""

    path: str
    """Where the array sits in `params`: "[0][1]" is the bias of layer 0, "" a bare array."""
    analytic: np.ndarray
    """The gradient returned by the function under test (float64 copy)."""
    numeric: np.ndarray
    """Central-difference estimate, same shape."""
    rel_error: np.ndarray
    """Entrywise |analytic − numeric| / max(|analytic|, |numeric|, floor)."""

    @property
    def max_rel_error(self) -> float:
        """Largest entry of rel_error (0.0 for an empty array)."""
        return float(self.rel_error.max()) if self.rel_error.size else 0.0

    @property
    def worst_index(self) -> tuple:
        """Index of the worst entry inside the array."""
        return np.unravel_index(int(np.argmax(self.rel_error)), self.rel_error.shape)


def _leaves(tree, path: str = "") -> list[tuple[str, np.ndarray]]:
    """Nested list/tuple/dict of arrays goes in, [(path, float64 copy)] comes out, in order."""
    if isinstance(tree, dict):
        return [leaf for k in tree for leaf in _leaves(tree[k], f"{path}[{k!r}]")]
    if isinstance(tree, (list, tuple)):
        return [leaf for i, t in enumerate(tree) for leaf in _leaves(t, f"{path}[{i}]")]
    arr = np.asarray(tree)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"parameter {path or '<root>'} is not a numeric array ({arr.dtype})")
    return [(path, np.array(arr, dtype=np.float64, copy=True))]


def _rebuild(tree, values: dict[str, np.ndarray], path: str = ""):
    """Same structure as tree, with each leaf replaced by values[path] (a fresh copy)."""
    if isinstance(tree, dict):
        return {k: _rebuild(v, values, f"{path}[{k!r}]") for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        out = [_rebuild(t, values, f"{path}[{i}]") for i, t in enumerate(tree)]
        return out if isinstance(tree, list) else tuple(out)
    return values[path].copy()


def _loss_value(loss_fn: Callable, tree) -> float:
    out = loss_fn(tree)
    value = out[0] if isinstance(out, tuple) else out
    return float(value)


def gradcheck_report(loss_fn: Callable, params, eps: float = 1e-6, *, grad_fn=None,
                     floor: float = 1e-6) -> list[ParamReport]:
    """A function returning (loss, grads) and params go in, one ParamReport per array comes out.

    ĝ_j = (L(θ + ε e_j) − L(θ − ε e_j)) / (2ε) for every scalar θ_j. With grad_fn given,
    loss_fn returns the loss only and grads = grad_fn(params). `params` is never modified: each
    call gets a fresh copy. Raises ValueError if grads do not match the structure of params.
    """
    if eps <= 0 or floor <= 0:
        raise ValueError("eps and floor must be > 0")
    leaves = _leaves(params)
    base = {p: a for p, a in leaves}
    out = loss_fn(_rebuild(params, base)) if grad_fn is None else grad_fn(_rebuild(params, base))
    if grad_fn is None:
        if not (isinstance(out, tuple) and len(out) == 2):
            raise TypeError("loss_fn must return (loss, grads) unless grad_fn is given")
        out = out[1]
    grads = dict(_match(leaves, out))
    reports = []
    for path, _ in leaves:
        numeric = _numeric_leaf(loss_fn, params, base, path, eps)
        g = grads[path]
        rel = np.abs(g - numeric) / np.maximum(np.maximum(np.abs(g), np.abs(numeric)), floor)
        reports.append(ParamReport(path, g, numeric, rel))
    return reports


def _numeric_leaf(loss_fn: Callable, params, base: dict, path: str, eps: float) -> np.ndarray:
    """Central differences of the loss with respect to every entry of the leaf at `path`."""
    arr = base[path]
    numeric = np.zeros_like(arr)
    for j in np.ndindex(arr.shape):
        for sign in (1.0, -1.0):
            moved = arr.copy()
            moved[j] += sign * eps
            numeric[j] += sign * _loss_value(loss_fn, _rebuild(params, {**base, path: moved}))
    return numeric / (2 * eps)


def _match(leaves: list[tuple[str, np.ndarray]], grads) -> list[tuple[str, np.ndarray]]:
    try:
        got = _leaves(grads)
    except TypeError as err:
        raise ValueError(f"gradient is not a numeric array structure: {err}") from None
    if [p for p, _ in got] != [p for p, _ in leaves]:
        raise ValueError(f"gradient structure {[p for p, _ in got]} does not match "
                         f"params {[p for p, _ in leaves]}")
    for (path, a), (_, g) in zip(leaves, got, strict=True):
        if g.shape != a.shape:
            raise ValueError(f"gradient {path or '<root>'} has shape {g.shape}, "
                             f"parameter has shape {a.shape}")
    return got


def gradcheck(loss_fn: Callable, params, eps: float = 1e-6, *, grad_fn=None,
              floor: float = 1e-6) -> float:
    """A loss function returning (loss, grads) and params go in, the max relative error comes out.

    max over all parameters θ_j of |g_j − ĝ_j| / max(|g_j|, |ĝ_j|, floor), ĝ by central
    differences (see gradcheck_report). Reading it: a correct gradient typically gives 1e-10 to
    1e-7; entries whose derivative is tiny (~1e-6) can reach ~1e-5 from rounding in L(θ ± ε);
    a wrong formula (factor, sign, missing term) gives ≳ 1e-2.
    """
    reports = gradcheck_report(loss_fn, params, eps, grad_fn=grad_fn, floor=floor)
    return max((r.max_rel_error for r in reports), default=0.0)


def numerical_gradient(f: Callable, x, eps: float = 1e-6) -> np.ndarray:
    """A function of one array and a point go in, its central-difference gradient comes out.

    ĝ_j = (f(x + ε e_j) − f(x − ε e_j)) / (2ε); x: any shape → same shape.
    """
    x = np.array(x, dtype=np.float64, copy=True)
    g = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        for sign in (1.0, -1.0):
            moved = x.copy()
            moved[j] += sign * eps
            g[j] += sign * float(f(moved))
    return g / (2 * eps)
