"""Chapter 3 (Fonctions de plusieurs variables), §1–3, and the level-set reading of ch4 §3.2.

What is here
- slices ("tranches") f|_{y₀} : x ↦ f(x, y₀) and f|_{x₀} : y ↦ f(x₀, y) [L1538–1553];
- the distance from a point to a line [L1483] and the cost functions of the A, B, C example
  (sum of squared distances, whose minimiser is the centroid [L1588–1606], and sum of distances);
- the three elementary minimum searches of §2.4 [L1616–1654]: on a grid (with optional
  refinement), by random sampling (seeded numpy Generator), and by slices (alternating 1-D
  minimisations, golden-section search on each slice), each with a trace;
- level sets L_c = {f = c} [L1660]: points extracted from a grid (linear interpolation on the
  grid edges), the three cases of x² + y² [L1676], the fraction of a box where f ≥ c [L2116];
- quadric surfaces [L1716–1771]: elliptic paraboloid, parabolic cylinder, hyperbolic paraboloid.

Functions f(x, y) passed here must accept numpy arrays (ch4: vectorise with otypes if needed).
Regression with perpendicular distances (§3.4) lives in reference.regression.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Box = tuple[float, float, float, float]  # (xmin, xmax, ymin, ymax)
_INV_PHI = (np.sqrt(5.0) - 1.0) / 2.0  # 1/φ ≈ 0.618


def slice_at_y(f: Callable, y0: float) -> Callable:
    """f and y₀ go in, the one-variable function f|_{y₀} : x ↦ f(x, y₀) comes out [L1541]."""
    return lambda x: f(x, y0)


def slice_at_x(f: Callable, x0: float) -> Callable:
    """f and x₀ go in, the one-variable function f|_{x₀} : y ↦ f(x₀, y) comes out [L1552]."""
    return lambda y: f(x0, y)


def point_line_distance(a, b, c, x0, y0):
    """Line ax + by + c = 0 and point M(x₀, y₀) go in, d(M, D) comes out [L1483].

    d(M, D) = |a x₀ + b y₀ + c| / √(a² + b²).  x₀, y₀ may be arrays (broadcast).
    """
    norm = np.hypot(a, b)
    if np.any(norm == 0):
        raise ValueError("(a, b) = (0, 0) is not a line")
    return np.abs(a * np.asarray(x0, dtype=np.float64) + b * np.asarray(y0) + c) / norm


def _points(points) -> np.ndarray:
    P = np.asarray(points, dtype=np.float64)
    if P.ndim != 2 or P.shape[1] != 2 or len(P) == 0:
        raise ValueError("points must be a non-empty (N, 2) array")
    return P


def _raw_points(points) -> list:
    """Validated points as Python numbers (ints stay ints, so sympy symbols give exact f)."""
    _points(points)
    return np.asarray(points).tolist()


def squared_distance_cost(points) -> Callable:
    """Points Aᵢ go in, f(x, y) = Σ MAᵢ² = Σ (x − xᵢ)² + (y − yᵢ)² comes out [L1597].

    The returned f broadcasts over arrays x, y, and accepts sympy symbols (exact for ints).
    """
    P = _raw_points(points)
    return lambda x, y: sum((x - px) ** 2 + (y - py) ** 2 for px, py in P)


def distance_cost(points) -> Callable:
    """Points Aᵢ go in, g(x, y) = Σ MAᵢ = Σ √((x − xᵢ)² + (y − yᵢ)²) comes out [L1641]."""
    P = _raw_points(points)
    return lambda x, y: sum(np.hypot(x - px, y - py) for px, py in P)


def centroid(points) -> np.ndarray:
    """Points go in, their isobarycentre (the minimiser of Σ MAᵢ²) comes out [L1603].  (2,)."""
    return _points(points).mean(axis=0)


def _box(box) -> Box:
    xmin, xmax, ymin, ymax = (float(v) for v in box)
    if not (xmin < xmax and ymin < ymax):
        raise ValueError("box must be (xmin, xmax, ymin, ymax) with xmin < xmax, ymin < ymax")
    return xmin, xmax, ymin, ymax


def grid_min_trace(f: Callable, box, n: int, rounds: int = 1) -> list[dict]:
    """f, a box and N go in, the best grid point of each refinement round comes out.

    Round 1: the N × N grid linspace(xmin, xmax, N) × linspace(ymin, ymax, N) [L1623].
    Each later round puts a new N × N grid on [x₀ − 2ε, x₀ + 2ε] × [y₀ − 2ε, y₀ + 2ε] (ε the
    previous steps), i.e. "on affine la grille autour de ce point".  Ties: first point in
    row-major order (lowest y, then lowest x).  Entry: {"x", "y", "z", "step": (εx, εy)}.
    """
    if not isinstance(n, int) or n < 2 or not isinstance(rounds, int) or rounds < 1:
        raise ValueError("need an integer N ≥ 2 and rounds ≥ 1")
    xmin, xmax, ymin, ymax = _box(box)
    trace = []
    for _ in range(rounds):
        xs, ys = np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)
        X, Y = np.meshgrid(xs, ys)  # X[i, j] = xs[j], Y[i, j] = ys[i]
        Z = np.broadcast_to(np.asarray(f(X, Y), dtype=np.float64), X.shape)
        i, j = np.unravel_index(np.argmin(Z), Z.shape)
        ex, ey = xs[1] - xs[0], ys[1] - ys[0]
        trace.append({"x": float(xs[j]), "y": float(ys[i]), "z": float(Z[i, j]),
                      "step": (float(ex), float(ey))})
        xmin, xmax, ymin, ymax = xs[j] - 2 * ex, xs[j] + 2 * ex, ys[i] - 2 * ey, ys[i] + 2 * ey
    return trace


def grid_min(f: Callable, box, n: int) -> tuple[float, float, float]:
    """f, a box and N go in, (x₀, y₀, z₀) with z₀ minimal on the N × N grid comes out [L1647]."""
    best = grid_min_trace(f, box, n)[0]
    return best["x"], best["y"], best["z"]


def random_min(f: Callable, box, n: int, rng) -> tuple[float, float, float]:
    """f, a box, n and a Generator (or seed) go in, the best of n uniform points comes out.

    Points: rng.uniform((xmin, ymin), (xmax, ymax), size=(n, 2)) [L1628, L1649].
    """
    if not isinstance(n, int) or n < 1:
        raise ValueError("n must be a positive integer")
    xmin, xmax, ymin, ymax = _box(box)
    rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    P = rng.uniform((xmin, ymin), (xmax, ymax), size=(n, 2))  # (n, 2)
    Z = np.asarray(f(P[:, 0], P[:, 1]), dtype=np.float64)
    k = int(np.argmin(Z))
    return float(P[k, 0]), float(P[k, 1]), float(Z[k])


def golden_section_min(g: Callable, lo: float, hi: float, tol: float = 1e-10):
    """g and [lo, hi] go in, (t, g(t)) at a minimum of a unimodal g comes out.

    Keeps c < d inside [lo, hi] with c = hi − (hi − lo)/φ, d = lo + (hi − lo)/φ and drops the
    side of the larger value, until hi − lo < tol.
    """
    if not lo < hi:
        raise ValueError("need lo < hi")
    c, d = hi - _INV_PHI * (hi - lo), lo + _INV_PHI * (hi - lo)
    gc, gd = g(c), g(d)
    while hi - lo > tol:
        if gc <= gd:
            hi, d, gd = d, c, gc
            c = hi - _INV_PHI * (hi - lo)
            gc = g(c)
        else:
            lo, c, gc = c, d, gd
            d = lo + _INV_PHI * (hi - lo)
            gd = g(d)
    t = (lo + hi) / 2
    return float(t), float(g(t))


def slice_min_trace(f: Callable, x0: float, box, rounds: int = 5, tol: float = 1e-10):
    """f, x₀ and a box go in, every 1-D step of the slice method comes out [L1630–1654].

    Round k: yₖ = argmin_y f(xₖ, y) on the slice x = xₖ, then xₖ₊₁ = argmin_x f(x, yₖ) on the
    slice y = yₖ.  One entry per 1-D minimisation: {"axis": "y"|"x", "x", "y", "z"}; the z are
    non-increasing.  Choice: a "round" is the pair (y-step, x-step), so rounds=5 gives 10 entries.
    """
    if not isinstance(rounds, int) or rounds < 1:
        raise ValueError("rounds must be a positive integer")
    xmin, xmax, ymin, ymax = _box(box)
    x, trace = float(x0), []
    for _ in range(rounds):
        y, z = golden_section_min(slice_at_x(f, x), ymin, ymax, tol)
        trace.append({"axis": "y", "x": x, "y": y, "z": z})
        x, z = golden_section_min(slice_at_y(f, y), xmin, xmax, tol)
        trace.append({"axis": "x", "x": x, "y": y, "z": z})
    return trace


def slice_min(f: Callable, x0: float, box, rounds: int = 5, tol: float = 1e-10):
    """f, x₀ and a box go in, the last point (x, y, z) of the slice method comes out."""
    last = slice_min_trace(f, x0, box, rounds, tol)[-1]
    return last["x"], last["y"], last["z"]


def level_set_points(f: Callable, xs, ys, c: float) -> np.ndarray:
    """f, grid axes and a level c go in, points approximating L_c = {f = c} come out [L1664].

    On every grid edge whose ends have f − c of opposite signs, the crossing is placed by
    linear interpolation; grid nodes with f = c exactly are included.  result: (m, 2), the
    distinct points in lexicographic order.
    """
    xs, ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    X, Y = np.meshgrid(xs, ys)
    D = np.asarray(f(X, Y), dtype=np.float64) - c  # (len(ys), len(xs))
    found = [np.stack([X[D == 0], Y[D == 0]], axis=1)]
    for axis in (0, 1):  # axis 1: horizontal edges (x varies); axis 0: vertical edges
        lo = [slice(None), slice(None)]
        hi = [slice(None), slice(None)]
        lo[axis], hi[axis] = slice(None, -1), slice(1, None)
        d0, d1 = D[tuple(lo)], D[tuple(hi)]
        cross = d0 * d1 < 0
        t = d0[cross] / (d0[cross] - d1[cross])  # in (0, 1)
        px = X[tuple(lo)][cross] + t * (X[tuple(hi)][cross] - X[tuple(lo)][cross])
        py = Y[tuple(lo)][cross] + t * (Y[tuple(hi)][cross] - Y[tuple(lo)][cross])
        found.append(np.stack([px, py], axis=1))
    return np.unique(np.concatenate(found, axis=0), axis=0)


def level_set_sum_of_squares(c: float) -> tuple[str, float | None]:
    """c goes in, the level set of f(x, y) = x² + y² comes out as (kind, radius) [L1676–1684].

    c < 0: ("empty", None);  c = 0: ("point", 0.0), the origin;  c > 0: ("circle", √c).
    """
    if c < 0:
        return ("empty", None)
    if c == 0:
        return ("point", 0.0)
    return ("circle", float(np.sqrt(c)))


def superlevel_fraction(f: Callable, box, n: int, c: float = 0.0) -> float:
    """f, a box and N go in, the fraction of the N × N grid where f(x, y) ≥ c comes out [L2116]."""
    xmin, xmax, ymin, ymax = _box(box)
    X, Y = np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n))
    return float(np.mean(np.asarray(f(X, Y)) >= c))


QUADRIC_NAMES = {
    "elliptic": ("elliptic paraboloid", "ellipses"),
    "parabolic": ("parabolic cylinder", "lines"),
    "hyperbolic": ("hyperbolic paraboloid", "hyperbolas"),
    "flat": ("plane", "lines"),
}


def classify_quadric(p: float, s: float, q: float, tol: float = 1e-12) -> dict:
    """Coefficients of f = p x² + s xy + q y² (+ constant) go in, the surface type comes out.

    With λ₁, λ₂ the eigenvalues of [[p, s/2], [s/2, q]] [L1716–1771]:
    same sign → elliptic paraboloid (level lines: ellipses), e.g. x²/a² + y²/b² − 1;
    one zero → parabolic cylinder (lines), e.g. x²;  opposite signs → hyperbolic paraboloid
    ("selle de cheval", "col"; hyperbolas), e.g. x² − y²;  both zero → plane.
    Result: {"kind", "surface", "level_curves", "eigenvalues"}.
    """
    lam = np.linalg.eigvalsh(np.array([[p, s / 2.0], [s / 2.0, q]], dtype=np.float64))
    scale = max(1.0, float(np.max(np.abs(lam))))
    signs = {int(np.sign(v)) if abs(v) > tol * scale else 0 for v in lam}
    if signs == {0}:
        kind = "flat"
    elif 0 in signs:
        kind = "parabolic"
    elif len(signs) == 1:
        kind = "elliptic"
    else:
        kind = "hyperbolic"
    surface, curves = QUADRIC_NAMES[kind]
    return {"kind": kind, "surface": surface, "level_curves": curves, "eigenvalues": lam}
