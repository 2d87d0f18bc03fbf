"""Chapter 1 §5 (Méthode de Newton): x_{n+1} = x_n − f(x_n)/f'(x_n) [L1057].

What is here
- `newton(f, df, x0, n)`: the book's algorithm [L1113–1123] — set x = x₀, repeat n times
  x ← x − f(x)/f'(x), return x. No tolerance, no early stop;
- `newton_trace(f, df, x0, n)`: the whole sequence [x₀, x₁, …, xₙ] (for feedback);
- `cube_root_digits(a, digits)`: ∛a with `digits` decimals by Newton on f(x) = x³ − a in
  `decimal` arithmetic, as the book does for ∛100 to 1000 decimals [L1082–1109].

Both iteration functions only use − and / on what f and df return, so they run unchanged on
float, fractions.Fraction (∛100 from 10: x₂ = 262/49 exactly) and decimal.Decimal.
The book has no guard for f'(x) = 0; we raise `NewtonDerivativeZeroError` (a ValueError and a
ZeroDivisionError) with the iteration number instead of dividing by zero.
"""

from __future__ import annotations

import decimal
from decimal import Decimal


class NewtonDerivativeZeroError(ValueError, ZeroDivisionError):
    """f'(x_k) = 0: the tangent is horizontal and never meets the x-axis."""


def newton_step(f, df, x, k=0):
    """One step: x ↦ x − f(x)/f'(x) (the tangent at x meets the x-axis there) [L1049]."""
    slope = df(x)
    if slope == 0:
        raise NewtonDerivativeZeroError(
            f"Newton step {k + 1}: f'(x) = 0 at x = {x}; the tangent is horizontal, "
            "choose another starting value x0"
        )
    return x - f(x) / slope


def newton(f, df, x0, n):
    """f, f', a start x₀ and a count n in, xₙ out (n iterations exactly) [L1113–1123].

    x ← x₀; repeat n times: x ← x − f(x)/f'(x); return x.
    """
    _check_n(n)
    x = x0
    for k in range(n):
        x = newton_step(f, df, x, k)
    return x


def newton_trace(f, df, x0, n):
    """f, f', a start x₀ and a count n in, the list [x₀, x₁, …, xₙ] out (n + 1 items)."""
    _check_n(n)
    xs = [x0]
    for k in range(n):
        xs.append(newton_step(f, df, xs[-1], k))
    return xs


def cube_root_digits(a, digits):
    """Integer/Decimal/str a and a count in, str of ∛a truncated to `digits` decimals out.

    Newton on f(x) = x³ − a, f'(x) = 3x², with Decimal at digits + 15 significant digits,
    started above the root (x₀ = max(|a|, 1)) so the iterates decrease to it; iterates until two
    successive values agree to 10^{−(digits+5)}. Digits are truncated, not rounded, as the book
    prints them: cube_root_digits(100, 12) == "4.641588833612".
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise ValueError(f"digits must be an integer ≥ 0, got {digits!r}")
    a = Decimal(a)
    if not a.is_finite():
        raise ValueError(f"a must be finite, got {a}")
    sign, a = (-1 if a < 0 else 1), abs(a)
    with decimal.localcontext() as ctx:
        ctx.prec = digits + max(a.adjusted(), 0) + 15
        x = _cube_root_newton(a, digits)
        truncated = x.quantize(Decimal(1).scaleb(-digits), rounding=decimal.ROUND_DOWN)
    return f"{'-' if sign < 0 and truncated != 0 else ''}{truncated:f}"


def _cube_root_newton(a, digits):
    """Newton for x³ = a (a ≥ 0) in the current Decimal context, until it stops moving."""
    if a == 0:
        return Decimal(0)
    tol = Decimal(1).scaleb(-(digits + 5))
    x = max(a, Decimal(1))
    for k in range(10_000):
        x_next = newton_step(lambda t: t**3 - a, lambda t: 3 * t**2, x, k)
        if abs(x_next - x) < tol:
            return x_next
        x = x_next
    raise RuntimeError("Newton for the cube root did not settle")  # pragma: no cover


def _check_n(n):
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"the number of iterations n must be an integer ≥ 0, got {n!r}")
