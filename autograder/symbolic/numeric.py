"""Randomised numeric probing: do two expressions agree on the expected one's real domain?

``probe(a, b, symbols, rng)`` → ``"equal" | "differ" | "inconclusive"``.

* Points: every variable drawn independently from a mixture of uniform laws on [−3, 3],
  [0.05, 3] (positive: ln, √), [−1, 1] (arcsin, arccos) and [−10, 10].
* A point is *valid* when ``a`` (the reference side) is finite and real there, evaluated with
  mpmath at 30 digits; other points are skipped. At a valid point ``b`` must be finite, real and
  close: |a − b| ≤ atol + rtol·max(|a|, |b|). So the answer must agree with the expected
  expression wherever the expected one is defined (``sqrt(x^2)`` ≠ ``x``: they differ for x < 0).
* A mismatch counts only if it survives re-evaluation at 60 digits (cancellation guard); one
  confirmed mismatch gives ``"differ"``. ``points`` agreeing valid points give ``"equal"``;
  fewer than ``min_points`` after ``attempts`` draws give ``"inconclusive"``.
* Overflow guard: a value beyond 2^4000, or ``exp`` of an argument beyond 2800, makes the point
  undefined instead of asking mpmath for a gigantic number.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import mpmath  # type: ignore[import-untyped, unused-ignore]
import sympy  # type: ignore[import-untyped, unused-ignore]

MAX_MAG = 4000  # bits
MAX_EXP_ARG = 2800


class Undefined(Exception):
    """The expression has no finite value at this point (pole, overflow, 0⁻¹…)."""


def _exp_like(name: str) -> Callable[[Any, Any], Any]:
    def apply(ctx: Any, v: Any) -> Any:
        if abs(ctx.re(v)) > MAX_EXP_ARG:
            raise Undefined(name)
        return getattr(ctx, name)(v)
    return apply


def _plain(name: str) -> Callable[[Any, Any], Any]:
    return lambda ctx, v: getattr(ctx, name)(v)


# sympy class → mpmath evaluation (principal branches, as in sympy).
_FUNCTIONS: Mapping[Any, Callable[[Any, Any], Any]] = MappingProxyType({
    sympy.exp: _exp_like("exp"), sympy.sinh: _exp_like("sinh"), sympy.cosh: _exp_like("cosh"),
    sympy.Abs: lambda ctx, v: abs(v),
    **{getattr(sympy, n): _plain(n) for n in (
        "sin", "cos", "tan", "log", "tanh", "asin", "acos", "atan", "sec", "csc", "cot",
        "asinh", "acosh", "atanh")},
})


def evaluate(expr: Any, env: Mapping[Any, Any], ctx: Any) -> Any:
    """sympy expression and {Symbol: mpf} in, mpf or mpc out (``Undefined`` if none)."""
    try:
        value = _eval(expr, env, ctx)
    except (ZeroDivisionError, OverflowError, ValueError, ArithmeticError) as err:
        raise Undefined(str(err)) from None
    if not ctx.isfinite(value) or ctx.mag(value) > MAX_MAG:
        raise Undefined("not finite")
    return value


def _eval(expr: Any, env: Mapping[Any, Any], ctx: Any) -> Any:
    if expr.is_Symbol:
        return env[expr]
    if expr.is_Rational:
        return ctx.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Float:
        return ctx.convert(expr)
    if expr is sympy.pi:
        return +ctx.pi
    if expr is sympy.E:
        return +ctx.e
    if expr.is_Add or expr.is_Mul:
        values = [_checked(_eval(arg, env, ctx), ctx) for arg in expr.args]
        return ctx.fsum(values) if expr.is_Add else ctx.fprod(values)
    if expr.is_Pow:
        return _power(_eval(expr.base, env, ctx), expr.exp, env, ctx)
    rule = _FUNCTIONS.get(type(expr))
    if rule is not None and len(expr.args) == 1:
        return rule(ctx, _checked(_eval(expr.args[0], env, ctx), ctx))
    return _fallback(expr, env, ctx)


def _checked(value: Any, ctx: Any) -> Any:
    if not ctx.isfinite(value) or ctx.mag(value) > MAX_MAG:
        raise Undefined("intermediate not finite")
    return value


def _power(base: Any, exponent: Any, env: Mapping[Any, Any], ctx: Any) -> Any:
    base = _checked(base, ctx)
    if exponent.is_Integer:
        n = int(exponent)
        if base == 0 and n < 0:
            raise Undefined("0 to a negative power")
        if abs(n) * max(ctx.mag(base), 1) > 4 * MAX_MAG:
            raise Undefined("power overflow")
        return base**n
    power = _checked(_eval(exponent, env, ctx), ctx)
    if base == 0:
        if ctx.re(power) > 0:
            return ctx.mpf(0)
        raise Undefined("0 to a non-positive power")
    if abs(ctx.re(power)) * (abs(ctx.mag(base)) + 1) > 4 * MAX_MAG:
        raise Undefined("power overflow")
    if exponent == sympy.S.Half:
        return ctx.sqrt(base)
    return ctx.power(base, power)


def _fallback(expr: Any, env: Mapping[Any, Any], ctx: Any) -> Any:
    """Classes outside the table (trusted expected side only): sympy's own evalf."""
    subs = {symbol: sympy.Float(value, ctx.dps) for symbol, value in env.items()}
    value = expr.evalf(ctx.dps, subs=subs)
    real, imag = value.as_real_imag()
    if not (real.is_Number and imag.is_Number):
        raise Undefined("no numeric value")
    return ctx.mpc(ctx.convert(sympy.Float(real, ctx.dps)), ctx.convert(sympy.Float(imag, ctx.dps)))


def real_value(expr: Any, env: Mapping[Any, Any], ctx: Any) -> Any | None:
    """The real value of ``expr`` at ``env``, or None when it is undefined or not real."""
    try:
        value = evaluate(expr, env, ctx)
    except Undefined:
        return None
    if isinstance(value, ctx.mpc):
        if abs(value.imag) > ctx.mpf(10) ** (-(2 * ctx.dps) // 3) * max(1, abs(value.real)):
            return None
        value = value.real
    return value


def _draw(rng: random.Random) -> float:
    r = rng.random()
    if r < 0.4:
        return rng.uniform(-3.0, 3.0)
    if r < 0.7:
        return rng.uniform(0.05, 3.0)
    if r < 0.85:
        return rng.uniform(-1.0, 1.0)
    return rng.uniform(-10.0, 10.0)


def _close(u: Any, v: Any, rtol: float, atol: float) -> bool:
    return bool(abs(u - v) <= atol + rtol * max(abs(u), abs(v)))


def _context(dps: int) -> Any:
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def probe(a: Any, b: Any, symbols: Sequence[Any], rng: random.Random, *, rtol: float = 1e-12,
          atol: float = 1e-14, points: int = 20, min_points: int = 10,
          attempts: int = 400) -> str:
    """Compare ``a`` (reference) and ``b`` at random points: "equal", "differ", "inconclusive"."""
    ctx, fine = _context(30), _context(60)
    agreeing = 0
    for _ in range(attempts):
        draw = {symbol: _draw(rng) for symbol in symbols}
        env = {symbol: ctx.mpf(x) for symbol, x in draw.items()}
        va = real_value(a, env, ctx)
        if va is None:
            continue
        vb = real_value(b, env, ctx)
        if vb is not None and _close(va, vb, rtol, atol):
            agreeing += 1
            if agreeing >= points:
                return "equal"
            continue
        env = {symbol: fine.mpf(x) for symbol, x in draw.items()}
        va, vb = real_value(a, env, fine), real_value(b, env, fine)
        if va is not None and (vb is None or not _close(va, vb, rtol, atol)):
            return "differ"
    return "equal" if agreeing >= min_points else "inconclusive"
