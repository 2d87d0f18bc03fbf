"""Chapter 1 §1.1–1.3 (Dérivée): rate of change, numerical derivative, linear approximation,
tangent line.

What is here
- `difference_quotient(f, x0, x)`: the taux d'accroissement (f(x) − f(x₀))/(x − x₀) [L179];
- `derivative_estimate(f, x0, h, scheme)`: f'(x₀) from a small step h (forward, backward,
  central differences) — the limit of the definition [L175–183] taken at a finite h;
- `linear_approximation(f, df, x0, h)`: f(x₀ + h) ≃ f(x₀) + h f'(x₀) (boxed, [L233]);
- `tangent_line(f, df, x0)` and `tangent_line_expr(expr, x, x0)`: the tangent
  y = (x − x₀) f'(x₀) + f(x₀) [L283–290], as (slope, intercept) or as a sympy expression.

All numeric functions are duck-typed: they only use + − × / on what f and df return, so they are
exact with fractions.Fraction or sympy numbers and approximate with floats.
"""

from __future__ import annotations

import sympy as sp

from reference.derivative_rules import differentiate, to_sympy

SCHEMES = ("central", "forward", "backward")


def difference_quotient(f, x0, x):
    """Function and two points go in, the rate of change comes out.

    τ = (f(x) − f(x₀)) / (x − x₀)  [L179].  Raises ValueError when x = x₀.
    """
    if x == x0:
        raise ValueError("the rate of change needs x ≠ x0 (division by x − x0 = 0)")
    return (f(x) - f(x0)) / (x - x0)


def derivative_estimate(f, x0, h=1e-6, scheme="central"):
    """Function and a point go in, an approximation of f'(x₀) comes out.

    forward:  (f(x₀ + h) − f(x₀)) / h        error O(h)
    backward: (f(x₀) − f(x₀ − h)) / h        error O(h)
    central:  (f(x₀ + h) − f(x₀ − h)) / (2h) error O(h²)
    """
    if h == 0:
        raise ValueError("the step h must be non-zero")
    if scheme == "forward":
        return (f(x0 + h) - f(x0)) / h
    if scheme == "backward":
        return (f(x0) - f(x0 - h)) / h
    if scheme == "central":
        return (f(x0 + h) - f(x0 - h)) / (2 * h)
    raise ValueError(f"unknown scheme {scheme!r}; choose one of {SCHEMES}")


def linear_approximation(f, df, x0, h):
    """Function, its derivative, a point and a step go in, the approximation of f(x₀+h) comes out.

    f(x₀ + h) ≃ f(x₀) + h f'(x₀)   (boxed formula [L233]); e.g. √1.1 ≃ 1 + 0.1/2 = 1.05.
    """
    return f(x0) + h * df(x0)


def tangent_line(f, df, x0):
    """Function, its derivative and a point go in, (slope, intercept) of the tangent come out.

    y = (x − x₀) f'(x₀) + f(x₀) = a x + b  with  a = f'(x₀),  b = f(x₀) − x₀ f'(x₀)  [L288].
    Exact with exact numbers: √ at 1 gives (1/2, 1/2) [L295–297].
    """
    slope = df(x0)
    return slope, f(x0) - x0 * slope


def tangent_line_expr(expr, x, x0):
    """sympy expression, its variable and a point go in, the tangent y(x) comes out (sympy).

    y = (x − x₀) f'(x₀) + f(x₀), with f' from `derivative_rules.differentiate` (the book's rules).
    """
    expr, x0 = to_sympy(expr), to_sympy(x0)
    slope = sp.simplify(differentiate(expr, x).subs(x, x0))
    return sp.expand(slope * (x - x0) + sp.simplify(expr.subs(x, x0)))
