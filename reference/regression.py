"""Chapter 3 §3.4 (Régression linéaire): the line y = ax + b nearest to points, in the book's
sense of **perpendicular** distances (orthogonal / total least squares), [L1773–1806].

    d(Aᵢ, D) = |a xᵢ − yᵢ + b| / √(1 + a²)
    f(a, b) = Σ d(Aᵢ, D)² = (1 / (1 + a²)) Σ (a xᵢ − yᵢ + b)²

Closed form (derived here, not in the book).  For fixed a, f is a parabola in b with minimum at
b = ȳ − a x̄.  With the centred sums Sxx = Σ(xᵢ − x̄)², Syy = Σ(yᵢ − ȳ)², Sxy = Σ(xᵢ − x̄)(yᵢ − ȳ),
∂f/∂a = 0 becomes  Sxy a² + (Sxx − Syy) a − Sxy = 0.  Its two roots have product −1: the
minimum (the direction of largest spread) and a saddle point of f.

The book's five points A₁(2,3) … A₅(6,6) give a = (√1289 − 8)/35 ≈ 0.7972 and
b = 40/7 − 4√1289/35 ≈ 1.6111 (printed "(0.8, 1.6)" [L1799]).  Ordinary (vertical) least
squares gives (0.7, 2.0) instead: `vertical_fit` is kept as the distractor for feedback.
"""

from __future__ import annotations

import numpy as np

BOOK_POINTS = np.array([(2, 3), (3, 5), (4, 4), (5, 6), (6, 6)], dtype=np.float64)  # [L1795]


def _points(points) -> np.ndarray:
    P = np.asarray(points, dtype=np.float64)
    if P.ndim != 2 or P.shape[1] != 2 or len(P) < 2:
        raise ValueError("points must be an (N, 2) array with N ≥ 2")
    if not np.all(np.isfinite(P)):
        raise ValueError("points contain nan or inf")
    return P


def perpendicular_distances(a: float, b: float, points) -> np.ndarray:
    """Slope a, intercept b and points go in, d(Aᵢ, D) = |a xᵢ − yᵢ + b| / √(1 + a²) out.

    points: (N, 2) → (N,).
    """
    P = _points(points)
    return np.abs(a * P[:, 0] - P[:, 1] + b) / np.sqrt(1.0 + a * a)


def orthogonal_error(a, b, points):
    """(a, b) and points go in, f(a, b) = (1/(1 + a²)) Σ (a xᵢ − yᵢ + b)² comes out [L1789].

    a, b may be arrays (e.g. a meshgrid, to draw the graph or level lines of f); they
    broadcast and the result has their broadcast shape.
    """
    P = _points(points)
    a = np.asarray(a, dtype=np.float64)[..., None]  # (…, 1) against the N points
    b = np.asarray(b, dtype=np.float64)[..., None]
    r = a * P[:, 0] - P[:, 1] + b  # (…, N)
    return np.sum(r * r, axis=-1) / (1.0 + a[..., 0] ** 2)


def _centred_sums(P: np.ndarray):
    m = P.mean(axis=0)
    dx, dy = P[:, 0] - m[0], P[:, 1] - m[1]
    return m, float(dx @ dx), float(dy @ dy), float(dx @ dy)


def orthogonal_fit(points) -> tuple[float, float]:
    """Points go in, (a, b) minimising the book's f(a, b) comes out.

    a = 2 Sxy / ((Sxx − Syy) + √((Sxx − Syy)² + 4 Sxy²)),  b = ȳ − a x̄  (stable form of the
    root of Sxy a² + (Sxx − Syy) a − Sxy = 0 that is the minimum).
    Raises ValueError when the best line is vertical (Sxy = 0, Syy > Sxx: no y = ax + b) or not
    unique (Sxy = 0, Sxx = Syy: every line through the centroid is equally good).
    """
    P = _points(points)
    m, sxx, syy, sxy = _centred_sums(P)
    scale = max(sxx, syy, abs(sxy), np.finfo(float).tiny)
    if abs(sxy) <= 1e-14 * scale and syy >= sxx - 1e-14 * scale:
        kind = "not unique" if abs(syy - sxx) <= 1e-14 * scale else "vertical (x = x̄)"
        raise ValueError(f"the best perpendicular-distance line is {kind}, not y = ax + b")
    a = 2.0 * sxy / ((sxx - syy) + np.hypot(sxx - syy, 2.0 * sxy))
    return float(a), float(m[1] - a * m[0])


def orthogonal_critical_points(points) -> list[dict]:
    """Points go in, the critical points of f come out: the minimum, then the saddle if any.

    The saddle has slope −1/a_min (perpendicular direction) and b = ȳ − a x̄; there is none
    when a_min = 0 (the perpendicular line is vertical).  Entry: {"a", "b", "f", "kind"}.
    For the book's points the saddle is (−1.25436, 9.81745), f = 15.5805 (notes 3-E15).
    """
    P = _points(points)
    m = P.mean(axis=0)
    a, b = orthogonal_fit(P)
    out = [{"a": a, "b": b, "f": float(orthogonal_error(a, b, P)), "kind": "minimum"}]
    if a != 0.0:
        a2 = -1.0 / a
        b2 = float(m[1] - a2 * m[0])
        out.append({"a": a2, "b": b2, "f": float(orthogonal_error(a2, b2, P)), "kind": "saddle"})
    return out


def vertical_error(a, b, points):
    """(a, b) and points go in, Σ (a xᵢ + b − yᵢ)² (vertical residuals, NOT the book's f) out."""
    P = _points(points)
    r = np.asarray(a, dtype=np.float64)[..., None] * P[:, 0] + np.asarray(b)[..., None] - P[:, 1]
    return np.sum(r * r, axis=-1)


def vertical_fit(points) -> tuple[float, float]:
    """Points go in, the ordinary least-squares line (a, b) = (Sxy/Sxx, ȳ − a x̄) comes out.

    Not the book's method: it is the distractor (0.7, 2.0) for the book's points.
    """
    P = _points(points)
    m, sxx, _, sxy = _centred_sums(P)
    if sxx == 0:
        raise ValueError("all xᵢ are equal: no line y = ax + b fits vertically")
    a = sxy / sxx
    return float(a), float(m[1] - a * m[0])
