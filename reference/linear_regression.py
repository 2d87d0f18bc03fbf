"""Chapter 8 §2–3 (« Régression linéaire », SGD and mini-batch examples) [L4482–4818].

What is here
- line y = ax + b [L4482–4546]: `line_error`, `line_error_gradient`, `line_local_gradient`,
  `fit_line_trace` (gradient descent), `least_squares_line` (exact normal-equation solution);
- plane z = ax + by + c [L4572–4612]: `plane_error`, `plane_error_gradient`,
  `plane_local_gradient`, `fit_plane_trace`, `least_squares_plane`;
- the SGD parabola y = x² + ax + b [L4676–4722]: `parabola_error`, `parabola_local_gradient`;
- the mini-batch circle fit [L4792–4818]: `circle_error`, `circle_local_gradient`.

Convention: every error here is the book's chapter-8 SUM of squares, E = Σ E_i with no 1/N
[L4490, L4584, L4630]; "local" functions return grad E_i for one 0-based sample i, unscaled, so
they plug directly into reference.descent.sgd_trace / minibatch_trace (reduction="sum").
Parameters are packed as P = (a, b) or (a, b, c).

Erratum: the book predicts y ≃ 2.22 at x = 6 for the 5-point example [L4544]; that comes from the
rounded coefficients 0.78·6 − 2.46. The exact least-squares line (a, b) = (145/184, −453/184)
gives 417/184 ≈ 2.2663 (tested).
"""

from __future__ import annotations

import numpy as np

from reference.descent import gradient_descent_trace


def _data(*cols) -> list[np.ndarray]:
    arrs = [np.asarray(c, dtype=np.float64).reshape(-1) for c in cols]  # each (N,)
    if len({a.size for a in arrs}) != 1 or arrs[0].size == 0:
        raise ValueError("data columns must be non-empty and of the same length")
    return arrs


def _params(P, n: int) -> np.ndarray:
    p = np.asarray(P, dtype=np.float64).reshape(-1)
    if p.size != n:
        raise ValueError(f"expected {n} parameters, got {p.size}")
    return p


# ---------------------------------------------------------------- line y = ax + b


def line_error(P, x, y) -> float:
    """(a, b) and the points go in, E(a, b) = Σ (y_i − (a x_i + b))² comes out [L4490] (sum)."""
    a, b = _params(P, 2)
    x, y = _data(x, y)
    return float(np.sum((y - (a * x + b)) ** 2))


def line_error_gradient(P, x, y) -> np.ndarray:
    """(a, b) and the points go in, grad E(a, b) comes out [L4499]; x, y: (N,) → (2,).

    grad E = (Σ −2x_i(y_i − (a x_i + b)), Σ −2(y_i − (a x_i + b))).
    """
    a, b = _params(P, 2)
    x, y = _data(x, y)
    r = y - (a * x + b)  # (N,) residuals
    return np.array([np.sum(-2 * x * r), np.sum(-2 * r)])


def line_local_gradient(P, x, y, i: int) -> np.ndarray:
    """(a, b), the points and a 0-based index go in, grad E_i(a, b) comes out; → (2,)."""
    x, y = _data(x, y)
    return line_error_gradient(P, x[i : i + 1], y[i : i + 1])


def fit_line_trace(x, y, P0, delta, n_iter: int) -> np.ndarray:
    """Points, (a₀, b₀), δ and a count go in, the descent iterates (a_k, b_k) come out.

    (a_{k+1}, b_{k+1}) = (a_k, b_k) − δ grad E(a_k, b_k)  on the sum error; → (n_iter + 1, 2).
    """
    x, y = _data(x, y)
    return gradient_descent_trace(lambda P: line_error_gradient(P, x, y), P0, delta, n_iter)


def least_squares_line(x, y) -> np.ndarray:
    """Points go in, the exact minimiser (a, b) of E comes out (the « formule directe » [L4546]).

    Normal equations grad E = 0: a = Σ(x_i − x̄)(y_i − ȳ) / Σ(x_i − x̄)², b = ȳ − a x̄.
    """
    x, y = _data(x, y)
    dx = x - x.mean()
    if not np.any(dx):
        raise ValueError("all x_i are equal: the line is not determined")
    a = float(dx @ (y - y.mean()) / (dx @ dx))
    return np.array([a, y.mean() - a * x.mean()])


# ---------------------------------------------------------------- plane z = ax + by + c


def _plane_design(x, y) -> np.ndarray:
    return np.column_stack([x, y, np.ones_like(x)])  # (N, 3): rows (x_i, y_i, 1)


def plane_error(P, x, y, z) -> float:
    """(a, b, c) and the points go in, E(a, b, c) = Σ (z_i − (a x_i + b y_i + c))² out [L4584]."""
    x, y, z = _data(x, y, z)
    return float(np.sum((z - _plane_design(x, y) @ _params(P, 3)) ** 2))


def plane_error_gradient(P, x, y, z) -> np.ndarray:
    """(a, b, c) and the points go in, grad E(a, b, c) comes out [L4590]; → (3,).

    grad E = (Σ −2x_i r_i, Σ −2y_i r_i, Σ −2 r_i) with r_i = z_i − (a x_i + b y_i + c).
    """
    x, y, z = _data(x, y, z)
    A = _plane_design(x, y)  # (N, 3)
    r = z - A @ _params(P, 3)  # (N,)
    return -2.0 * A.T @ r


def plane_local_gradient(P, x, y, z, i: int) -> np.ndarray:
    """(a, b, c), the points and a 0-based index go in, grad E_i(a, b, c) comes out; → (3,)."""
    x, y, z = _data(x, y, z)
    return plane_error_gradient(P, x[i : i + 1], y[i : i + 1], z[i : i + 1])


def fit_plane_trace(x, y, z, P0, delta, n_iter: int) -> np.ndarray:
    """Points, (a₀, b₀, c₀), δ and a count go in, the descent iterates come out; → (n_iter+1, 3)."""
    x, y, z = _data(x, y, z)
    return gradient_descent_trace(lambda P: plane_error_gradient(P, x, y, z), P0, delta, n_iter)


def least_squares_plane(x, y, z) -> np.ndarray:
    """Points go in, the exact minimiser (a, b, c) of E comes out: solve AᵀA P = Aᵀz; → (3,)."""
    x, y, z = _data(x, y, z)
    A = _plane_design(x, y)  # (N, 3)
    M = A.T @ A  # (3, 3)
    if np.linalg.matrix_rank(M) < 3:
        raise ValueError("the points are collinear: the plane is not determined")
    return np.linalg.solve(M, A.T @ z)


# ---------------------------------------------------------------- SGD parabola y = x² + ax + b


def parabola_error(P, x, y) -> float:
    """(a, b) and the points go in, E = Σ (y_i − (x_i² + a x_i + b))² comes out [L4691–4697]."""
    a, b = _params(P, 2)
    x, y = _data(x, y)
    return float(np.sum((y - (x**2 + a * x + b)) ** 2))


def parabola_local_gradient(P, x, y, i: int) -> np.ndarray:
    """(a, b), the points and a 0-based index go in, grad E_i(a, b) comes out; → (2,).

    E_i = (y_i − (x_i² + a x_i + b))²  [L4691]: grad E_i = (−2x_i r_i, −2 r_i).
    """
    a, b = _params(P, 2)
    x, y = _data(x, y)
    r = y[i] - (x[i] ** 2 + a * x[i] + b)
    return np.array([-2 * x[i] * r, -2 * r])


# ---------------------------------------------------------------- circle fit (§3.3)


def circle_error(P, x, y) -> float:
    """(a, b, c) and the points go in, E = Σ ((x_i − a)² + (y_i − b)² − c²)² comes out [L4803]."""
    a, b, c = _params(P, 3)
    x, y = _data(x, y)
    return float(np.sum(((x - a) ** 2 + (y - b) ** 2 - c**2) ** 2))


def circle_local_gradient(P, x, y, i: int) -> np.ndarray:
    """(a, b, c), the points and a 0-based index go in, grad E_i(a, b, c) comes out; → (3,).

    r_i = (x_i − a)² + (y_i − b)² − c², E_i = r_i²: grad E_i = (−4(x_i − a) r_i, −4(y_i − b) r_i,
    −4c r_i). The book prints no gradient; the notes report that its upstream script used −2
    instead of −4 (half the exact gradient, i.e. the step δ/2); this is the exact derivative.
    """
    a, b, c = _params(P, 3)
    x, y = _data(x, y)
    r = (x[i] - a) ** 2 + (y[i] - b) ** 2 - c**2
    return np.array([-4 * (x[i] - a) * r, -4 * (y[i] - b) * r, -4 * c * r])
