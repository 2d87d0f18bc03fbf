"""Numeric probing: do two expressions agree on the expected one's real domain?

``probe(a, b, symbols, rng, domains=…)`` → ``"equal" | "differ" | "not_real" | "unverifiable"
| "inconclusive"``. ``a`` is the trusted reference, ``b`` the answer.

* Domain: each variable ranges over its declared interval (``domains``: {symbol: (lo, hi)},
  None for an open end; default all reals). Random points mix small values ([−3, 3], [0.05, 3],
  [−1, 1], [−10, 10]), large magnitudes (±10^1 … ±10^8), integers and simple rationals.
* Where the agreement of random points is not enough, points are added that random reals never
  hit (``special_points``): a lattice of integers and simple rationals (negative ones included)
  when a variable occurs in an exponent, so ``(a^b)^c`` ≠ ``a^(bc)`` is seen at a = −2, b = 2,
  c = 1/2; and both sides of every point where a branch switches (``Abs sign Heaviside floor
  ceiling Max Min Piecewise``), found by scanning each variable over [−10, 10] and ±10^k up to
  10^9 and bisecting each change of branch. Every such point must agree too.
* A point is *valid* when ``a`` is finite and real there, evaluated with mpmath at 30 digits;
  other points are skipped. At a valid point ``b`` must be finite, real and close:
  |a − b| ≤ atol + rtol·max(|a|, |b|). A mismatch counts only if it survives re-evaluation at
  60 digits, and a finite one at 300 digits too (cancellation guard: large magnitudes make
  ``(x⁸ + 1)² − x¹⁶ − 2x⁸`` lose 130 digits at x ≈ 10⁸); then "differ", or "not_real" when
  ``b`` is not real there.
* Too big to evaluate (``TooBig``: exp of an argument beyond 10^11, a value beyond 2^(10^12),
  sin of an argument beyond 2^4000): a point where ``a`` is too big is skipped; one where only
  ``b`` is too big cannot be checked, and the probe can then say at best "unverifiable".
* ``points`` agreeing random points (and every special point) give ``"equal"``; fewer than
  ``min_points`` valid points after ``attempts`` draws give ``"inconclusive"``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import mpmath  # type: ignore[import-untyped, unused-ignore]
import sympy  # type: ignore[import-untyped, unused-ignore]

MAX_MAG = 10**12  # bits of a value
MAX_EXP_ARG = 10**11
MAX_PERIODIC_MAG = 4000  # bits of the argument of sin, cos, tan


class Undefined(Exception):
    """The expression has no finite value at this point (pole, 0⁻¹, log 0…)."""


class TooBig(Undefined):
    """The value exists but is too big to compute (it is not a mismatch)."""


def _exp_like(name: str) -> Callable[[Any, Any], Any]:
    def apply(ctx: Any, v: Any) -> Any:
        if abs(ctx.re(v)) > MAX_EXP_ARG:
            raise TooBig(name)
        return getattr(ctx, name)(v)
    return apply


def _plain(name: str) -> Callable[[Any, Any], Any]:
    return lambda ctx, v: getattr(ctx, name)(v)


def _periodic(name: str) -> Callable[[Any, Any], Any]:
    def apply(ctx: Any, v: Any) -> Any:
        if v != 0 and ctx.mag(v) > MAX_PERIODIC_MAG:
            raise TooBig(name)
        return getattr(ctx, name)(v)
    return apply


def _real_only(rule: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(ctx: Any, v: Any) -> Any:
        if isinstance(v, ctx.mpc):
            if v.imag != 0:
                raise Undefined("not real")
            v = v.real
        return rule(ctx, v)
    return apply


def _sign(ctx: Any, v: Any) -> Any:
    return ctx.mpf((v > 0) - (v < 0))


# sympy class → mpmath evaluation (principal branches, as in sympy).
_FUNCTIONS: Mapping[Any, Callable[[Any, Any], Any]] = MappingProxyType({
    sympy.exp: _exp_like("exp"), sympy.sinh: _exp_like("sinh"), sympy.cosh: _exp_like("cosh"),
    sympy.Abs: lambda ctx, v: abs(v),
    sympy.sign: _real_only(_sign),
    sympy.floor: _real_only(lambda ctx, v: ctx.floor(v)),
    sympy.ceiling: _real_only(lambda ctx, v: ctx.ceil(v)),
    **{getattr(sympy, n): _periodic(n) for n in ("sin", "cos", "tan", "sec", "csc", "cot")},
    **{getattr(sympy, n): _plain(n) for n in (
        "log", "tanh", "asin", "acos", "atan", "asinh", "acosh", "atanh")},
})
BRANCHING = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling, sympy.Max,
             sympy.Min, sympy.Piecewise)


def evaluate(expr: Any, env: Mapping[Any, Any], ctx: Any) -> Any:
    """sympy expression and {Symbol: mpf} in, mpf or mpc out (``Undefined`` if none)."""
    try:
        value = _eval(expr, env, ctx)
    except (ZeroDivisionError, ValueError, ArithmeticError) as err:
        if isinstance(err, OverflowError):
            raise TooBig(str(err)) from None
        raise Undefined(str(err)) from None
    return _checked(value, ctx)


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
    if isinstance(expr, sympy.Max | sympy.Min):
        values = [_real(_eval(arg, env, ctx), ctx) for arg in expr.args]
        return max(values) if isinstance(expr, sympy.Max) else min(values)
    if isinstance(expr, sympy.Heaviside):
        v = _real(_eval(expr.args[0], env, ctx), ctx)
        if v == 0:
            h0 = expr.args[1] if len(expr.args) > 1 else sympy.S.Half
            return _eval(h0, env, ctx)
        return ctx.mpf(1 if v > 0 else 0)
    if isinstance(expr, sympy.Piecewise):
        for value, condition in expr.args:
            if holds(condition, env, ctx):
                return _eval(value, env, ctx)
        raise Undefined("no piece")
    return _fallback(expr, env, ctx)


def _real(value: Any, ctx: Any) -> Any:
    value = _checked(value, ctx)
    if isinstance(value, ctx.mpc):
        if value.imag != 0:
            raise Undefined("not real")
        return value.real
    return value


_RELATIONS: Mapping[Any, Callable[[Any, Any], bool]] = MappingProxyType({
    sympy.StrictLessThan: lambda u, v: bool(u < v), sympy.LessThan: lambda u, v: bool(u <= v),
    sympy.StrictGreaterThan: lambda u, v: bool(u > v),
    sympy.GreaterThan: lambda u, v: bool(u >= v),
    sympy.Equality: lambda u, v: bool(u == v), sympy.Unequality: lambda u, v: bool(u != v),
})


def holds(condition: Any, env: Mapping[Any, Any], ctx: Any) -> bool:
    """Truth of a Piecewise condition at ``env`` (relations, And, Or, Not, True, False)."""
    if condition is sympy.true or condition is sympy.false:
        return bool(condition)
    relation = _RELATIONS.get(type(condition))
    if relation is not None:
        return relation(_real(_eval(condition.lhs, env, ctx), ctx),
                        _real(_eval(condition.rhs, env, ctx), ctx))
    if isinstance(condition, sympy.And):
        return all(holds(c, env, ctx) for c in condition.args)
    if isinstance(condition, sympy.Or):
        return any(holds(c, env, ctx) for c in condition.args)
    if isinstance(condition, sympy.Not):
        return not holds(condition.args[0], env, ctx)
    raise Undefined("condition")


def _checked(value: Any, ctx: Any) -> Any:
    if not ctx.isfinite(value):
        raise Undefined("intermediate not finite")
    if value != 0 and ctx.mag(value) > MAX_MAG:
        raise TooBig("intermediate too big")
    return value


def _power(base: Any, exponent: Any, env: Mapping[Any, Any], ctx: Any) -> Any:
    base = _checked(base, ctx)
    if exponent.is_Integer:
        n = int(exponent)
        if base == 0 and n < 0:
            raise Undefined("0 to a negative power")
        if base != 0 and abs(n) * max(abs(ctx.mag(base)), 1) > MAX_MAG:
            raise TooBig("power overflow")
        return base**n
    power = _checked(_eval(exponent, env, ctx), ctx)
    if base == 0:
        if ctx.re(power) > 0:
            return ctx.mpf(0)
        raise Undefined("0 to a non-positive power")
    if abs(ctx.re(power)) * (abs(ctx.mag(base)) + 1) > MAX_MAG:
        raise TooBig("power overflow")
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


def real_value(expr: Any, env: Mapping[Any, Any], ctx: Any) -> Any:
    """The real value of ``expr`` at ``env``, or ``UNDEFINED``, ``NOT_REAL`` or ``TOO_BIG``."""
    try:
        value = evaluate(expr, env, ctx)
    except TooBig:
        return TOO_BIG
    except Undefined as err:
        return NOT_REAL if str(err) == "not real" else UNDEFINED
    if isinstance(value, ctx.mpc):
        if abs(value.imag) > ctx.mpf(10) ** (-(2 * ctx.dps) // 3) * max(1, abs(value.real)):
            return NOT_REAL
        value = value.real
    return value


UNDEFINED, NOT_REAL, TOO_BIG = "undefined", "not_real", "too_big"
Domain = tuple[float | None, float | None]
Point = dict[Any, Any]  # symbol → float, Fraction or mpf


def _mixture(rng: random.Random) -> float | Fraction:
    r = rng.random()
    if r < 0.3:
        return rng.uniform(-3.0, 3.0)
    if r < 0.45:
        return rng.uniform(0.05, 3.0)
    if r < 0.55:
        return rng.uniform(-1.0, 1.0)
    if r < 0.7:
        return rng.uniform(-10.0, 10.0)
    if r < 0.85:
        return rng.choice((-1.0, 1.0)) * 10 ** rng.uniform(1.0, 8.0)
    if r < 0.93:
        return Fraction(rng.randint(-6, 6))
    return Fraction(rng.randint(-9, 9), rng.choice((2, 3, 4, 5)))


def draw(rng: random.Random, domain: Domain = (None, None)) -> float | Fraction:
    """One coordinate from the mixture, folded into ``domain`` = (lo, hi)."""
    lo, hi = domain
    v = _mixture(rng)
    if lo is not None and hi is not None:
        if rng.random() < 0.7 or not lo <= v <= hi:
            return lo + (hi - lo) * rng.random()
        return v
    size = abs(float(v))
    if lo is not None and v < lo:
        return lo + size if lo + size > lo else lo + rng.random()
    if hi is not None and v > hi:
        return hi - size if hi - size < hi else hi - rng.random()
    return v


def inside(value: Any, domain: Domain) -> bool:
    lo, hi = domain
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def _close(u: Any, v: Any, rtol: float, atol: float) -> bool:
    return bool(abs(u - v) <= atol + rtol * max(abs(u), abs(v)))


def context(dps: int) -> Any:
    """A private mpmath context at ``dps`` digits (no global state is touched)."""
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def at(point: Point, ctx: Any) -> dict[Any, Any]:
    """A point's coordinates as numbers of ``ctx`` (fractions exactly rounded)."""
    return {s: ctx.mpf(v.numerator) / v.denominator if isinstance(v, Fraction) else ctx.mpf(v)
            for s, v in point.items()}


class Comparison:
    """Compare ``a`` and ``b`` point by point; remembers what it saw."""

    def __init__(self, a: Any, b: Any, rtol: float, atol: float) -> None:
        self.a, self.b, self.rtol, self.atol = a, b, rtol, atol
        self.ctx, self.fine, self.finest = context(30), context(60), context(300)
        self.unverifiable = 0
        self.witness: Point | None = None

    def check(self, point: Point) -> str:
        """"agree", "skip" (a undefined or too big there), "unverifiable", "differ" or
        "not_real" (both confirmed at 60 digits)."""
        env = at(point, self.ctx)
        va = real_value(self.a, env, self.ctx)
        if isinstance(va, str):
            return "skip"
        vb = real_value(self.b, env, self.ctx)
        if not isinstance(vb, str) and _close(va, vb, self.rtol, self.atol):
            return "agree"
        env = at(point, self.fine)
        va, vb = real_value(self.a, env, self.fine), real_value(self.b, env, self.fine)
        if isinstance(va, str):
            return "skip"
        if vb == TOO_BIG:
            self.unverifiable += 1
            return "unverifiable"
        if isinstance(vb, str) or not _close(va, vb, self.rtol, self.atol):
            if not isinstance(vb, str) and self._agree_at_300_digits(point):
                return "agree"  # cancellation (x ≈ 10^8 in a degree-16 polynomial)
            self.witness = point
            return "not_real" if vb == NOT_REAL else "differ"
        return "agree"

    def _agree_at_300_digits(self, point: Point) -> bool:
        env = at(point, self.finest)
        va, vb = real_value(self.a, env, self.finest), real_value(self.b, env, self.finest)
        return not isinstance(va, str) and not isinstance(vb, str) and _close(
            va, vb, self.rtol, self.atol)


def probe(a: Any, b: Any, symbols: Sequence[Any], rng: random.Random, *, rtol: float = 1e-12,
          atol: float = 1e-14, points: int = 20, min_points: int = 10, attempts: int = 400,
          domains: Mapping[Any, Domain] | None = None, special: Iterable[Point] = (),
          comparison: Comparison | None = None) -> str:
    """Compare ``a`` (reference) and ``b`` at random points, then at the ``special`` ones:
    "equal", "differ", "not_real", "unverifiable" or "inconclusive" (module docstring).
    ``comparison``: a ``Comparison(a, b, rtol, atol)`` to read the witness from afterwards."""
    comparison = comparison or Comparison(a, b, rtol, atol)
    return run_probe(comparison, symbols, rng, points=points,
                     min_points=min_points, attempts=attempts, domains=domains or {},
                     special=special)


def check_points(comparison: Comparison, points: Iterable[Point]) -> str:
    """"differ" or "not_real" at the first confirmed mismatch among ``points``; else "equal"
    ("unverifiable" if some point could only be computed on the expected side)."""
    for point in points:
        seen = comparison.check(point)
        if seen in ("differ", "not_real"):
            return seen
    return "unverifiable" if comparison.unverifiable else "equal"


def run_probe(comparison: Comparison, symbols: Sequence[Any], rng: random.Random, *,
              points: int, min_points: int, attempts: int, domains: Mapping[Any, Domain],
              special: Iterable[Point]) -> str:
    agreeing = 0
    for _ in range(attempts):
        point = {s: draw(rng, domains.get(s, (None, None))) for s in symbols}
        seen = comparison.check(point)
        if seen in ("differ", "not_real"):
            return seen
        agreeing += seen == "agree"
        if agreeing >= points:
            break
    if agreeing < min_points:
        return "inconclusive"
    return check_points(comparison, special)
