"""Chapter 1 §3.3 and §4.2 (Minimum et maximum; Dérivée seconde): critical points and their nature.

What is here
- `critical_points(expr, x)`: the real x₀ with f'(x₀) = 0 (point critique, Prop 7 [L889–893]),
  exact and sorted; f' comes from `derivative_rules.differentiate` (the book's rules);
- `second_derivative_test` / `classify_critical_points`: Prop 8 [L985–991] — f''(x₀) > 0 ⇒ local
  min, f''(x₀) < 0 ⇒ local max, f''(x₀) = 0 ⇒ "inconclusive" (x³ at 0 is neither, x⁴ is a min);
- `global_min_on_reals(expr, x)`: (x*, f(x*)) for a polynomial of even degree with positive
  leading coefficient — then a global minimum exists and is one of the local minima, found by
  comparing f at the critical points, as the book does for AM² [L940–950];
- the two error functions of the chapter: `error_on_diagonal` (E(x) = AM² + BM² + CM² with M(x, x)
  [L844–864]) and `squared_distance_to_parabola` (AM² with M(x, x²) [L913–921]).
"""

from __future__ import annotations

import sympy as sp

from reference.derivative_rules import differentiate, second_derivative, to_sympy

NATURES = ("min", "max", "inconclusive")


def critical_points(expr, x):
    """sympy expression in, sorted list of the exact real roots of f' out (Prop 7 [L893]).

    Raises ValueError when f' is identically 0 or when its real zeros are not a finite set that
    sympy can write exactly (e.g. 2x − cos x: use Newton's method, §5).
    """
    d = differentiate(to_sympy(expr), x)
    if d.is_polynomial(x):
        poly = sp.Poly(d, x)
        if poly.is_zero:
            raise ValueError(f"f' = 0 everywhere: every x is a critical point of {expr}")
        roots = set(sp.real_roots(poly))
    else:
        solutions = sp.solveset(d, x, domain=sp.S.Reals)
        if solutions == sp.S.EmptySet:
            return []
        if not isinstance(solutions, sp.FiniteSet):
            raise ValueError(f"cannot list the critical points of {expr} exactly: {solutions}")
        roots = set(solutions)
    return sorted(roots, key=lambda r: (sp.N(r, 50), sp.default_sort_key(r)))


def second_derivative_test(expr, x):
    """sympy expression in, list of (x₀, f''(x₀), nature) out, one per critical point.

    nature: "min" if f''(x₀) > 0, "max" if f''(x₀) < 0, "inconclusive" if f''(x₀) = 0 (Prop 8).
    """
    f2 = second_derivative(to_sympy(expr), x)
    rows = []
    for p in critical_points(expr, x):
        value = sp.simplify(f2.subs(x, p))
        rows.append((p, value, _nature(value)))
    return rows


def classify_critical_points(expr, x):
    """sympy expression in, list of (x₀, "min" | "max" | "inconclusive") out (Prop 8 [L985])."""
    return [(p, nature) for p, _, nature in second_derivative_test(expr, x)]


def global_min_on_reals(expr, x):
    """Polynomial in, (x*, f(x*)) out: the global minimiser on ℝ and the minimum, exact.

    Exists iff the degree is even and ≥ 2 with a positive leading coefficient; else ValueError.
    Ties (several global minimisers, e.g. x⁴ − 2x² at ±1): the smallest x* is returned.
    """
    expr = to_sympy(expr)
    if not expr.is_polynomial(x):
        raise ValueError(f"{expr} is not a polynomial in {x}: no global-minimum rule here")
    poly = sp.Poly(expr, x)
    degree, lead = poly.degree(), poly.LC()
    if not lead.is_real or any(not c.is_real for c in poly.all_coeffs()):
        raise ValueError(f"coefficients of {expr} must be real numbers")
    if degree <= 0:
        raise ValueError(f"{expr} is constant: every x is a global minimiser")
    if degree % 2 == 1 or not lead.is_positive:
        raise ValueError(f"{expr} is unbounded below on ℝ (degree {degree}, leading {lead})")
    candidates = [(sp.radsimp(sp.simplify(expr.subs(x, p))), p) for p in critical_points(expr, x)]
    value, point = min(candidates, key=lambda vp: (sp.N(vp[0], 50), sp.N(vp[1], 50)))
    return point, value


def error_on_diagonal(points, x):
    """Points (aᵢ, bᵢ) and a symbol in, E(x) = Σ AᵢM² with M(x, x) out (sympy, expanded).

    E(x) = Σ (x − aᵢ)² + (x − bᵢ)²  [L855]; for A(1,2), B(3,0), C(2,3): 6x² − 22x + 27.
    """
    return sp.expand(
        sum((x - sp.nsimplify(a)) ** 2 + (x - sp.nsimplify(b)) ** 2 for a, b in points)
    )


def squared_distance_to_parabola(point, x):
    """Point A(a, b) and a symbol in, AM² with M(x, x²) out (sympy, expanded).

    f(x) = (x − a)² + (x² − b)²  [L921]; for A(1, 2): x⁴ − 3x² − 2x + 5.
    """
    a, b = (sp.nsimplify(c) for c in point)
    return sp.expand((x - a) ** 2 + (x**2 - b) ** 2)


def _nature(value):
    """Sign of f''(x₀) → nature (Prop 8); numeric sign at 50 digits if sympy cannot decide."""
    if value.is_zero:
        return "inconclusive"
    if value.is_positive:
        return "min"
    if value.is_negative:
        return "max"
    approx = sp.N(value, 50)
    if abs(approx) < sp.Float("1e-40"):
        raise ValueError(f"cannot decide the sign of f''(x0) = {value}")
    return "min" if approx > 0 else "max"
