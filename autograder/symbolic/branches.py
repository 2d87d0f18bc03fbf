"""Points random reals never hit: exponent lattices and both sides of every branch switch.

``special_points(exprs, symbols, domains, rng)`` → a list of points (``numeric.Point``), all in
the declared domains, that ``numeric.probe`` checks after its random points:

* Exponent lattice: when a variable occurs in an exponent (``a^b``, ``x^n``), every combination
  of ``LATTICE`` values (integers and simple rationals, negative ones included) for the
  variables (at most 3; else a random sample of ``MAX_LATTICE`` combinations). With real
  symbols ``(a^b)^c`` and ``a^(bc)`` differ only there (a = −2, b = 2, c = 1/2).
* Branch switches: for every ``Abs sign Heaviside floor ceiling Max Min Piecewise`` node, its
  *branch* at a point (sign of the argument, integer part, index of the largest argument, first
  true condition). Each variable of these nodes is scanned over ``GRID`` (every 0.1 in
  [−10, 10], then ±10^(k/4) up to 10^9), the others held at random values; where the tuple of
  branches changes between two grid points, bisection narrows the switch to ~10⁻¹⁵ of its
  size, and points on both sides (just next to it, and 1 % further) are kept.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy  # type: ignore[import-untyped, unused-ignore]

from .numeric import BRANCHING, Domain, Point, context, draw, holds, inside, real_value

LATTICE = tuple(Fraction(v) for v in ("-2", "2", "1/2", "-1/2", "3", "-1", "3/2", "1",
                                       "1/3", "-3/2"))  # likely witnesses first
MAX_LATTICE = 400
GRID = tuple(sorted({k / 10 for k in range(-100, 101)}
                    | {sign * 10 ** (k / 4) for k in range(4, 37) for sign in (-1, 1)}))
_BISECTIONS = 50
_MAX_SWITCHES = 24  # per scanned line


def special_points(exprs: Sequence[Any], symbols: Sequence[Any],
                   domains: Mapping[Any, Domain], rng: random.Random) -> list[Point]:
    """Exponent-lattice points, then points around branch switches (module docstring)."""
    used = [s for s in symbols if any(s in e.free_symbols for e in exprs)]
    points = (exponent_lattice(exprs, used, domains, rng)
              + branch_switches(exprs, used, domains, rng))
    return [p for p in points if all(inside(v, domains.get(s, (None, None)))
                                     for s, v in p.items())]


def exponent_lattice(exprs: Sequence[Any], symbols: Sequence[Any],
                     domains: Mapping[Any, Domain], rng: random.Random) -> list[Point]:
    if not any(p.exp.free_symbols for e in exprs for p in e.atoms(sympy.Pow)):
        return []
    values: list[list[float | Fraction]] = [
        [v for v in LATTICE if inside(v, domains.get(s, (None, None)))]
        or [draw(rng, domains.get(s, (None, None)))] for s in symbols]
    if len(symbols) <= 3:
        combos: Iterable[tuple[Any, ...]] = itertools.product(*values)
    else:
        combos = (tuple(rng.choice(v) for v in values) for _ in range(MAX_LATTICE))
    return [dict(zip(symbols, combo, strict=True)) for combo in combos]


def _branch(node: Any, env: Mapping[Any, Any], ctx: Any) -> Any:
    """Which branch ``node`` takes at ``env`` (None where it is undefined)."""
    args = node.args
    if isinstance(node, sympy.Piecewise):
        try:  # the same reading of conditions as the evaluator
            return next((k for k, (_, c) in enumerate(args) if holds(c, env, ctx)), -1)
        except Exception:  # an undefined condition: no branch here
            return None
    values = [real_value(arg, env, ctx) for arg in args]
    if any(isinstance(v, str) for v in values):
        return None
    if isinstance(node, sympy.Max | sympy.Min):
        pick = max if isinstance(node, sympy.Max) else min
        return values.index(pick(values))
    if isinstance(node, sympy.floor | sympy.ceiling):
        return int(ctx.floor(values[0]) if isinstance(node, sympy.floor) else ctx.ceil(values[0]))
    return (values[0] > 0) - (values[0] < 0)  # Abs, sign, Heaviside


def branch_switches(exprs: Sequence[Any], symbols: Sequence[Any],
                    domains: Mapping[Any, Domain], rng: random.Random) -> list[Point]:
    nodes = sorted({n for e in exprs for n in e.atoms(*BRANCHING)}, key=sympy.default_sort_key)
    if not nodes:
        return []
    ctx = context(30)
    found: list[Point] = []
    for symbol in symbols:
        if not any(symbol in n.free_symbols for n in nodes):
            continue
        others = {s: draw(rng, domains.get(s, (None, None))) for s in symbols if s != symbol}
        line = _Line(nodes, symbol, others, ctx)
        grid = _grid(domains.get(symbol, (None, None)))
        found += line.switches(grid)
    return found


def _grid(domain: Domain) -> list[float]:
    lo, hi = domain
    if lo is not None and hi is not None:
        return [lo + (hi - lo) * k / 300 for k in range(301)]
    return [v for v in GRID if inside(v, domain)] + [v for v in (lo, hi) if v is not None]


class _Line:
    """The branches of ``nodes`` along one variable, the other coordinates fixed."""

    def __init__(self, nodes: Sequence[Any], symbol: Any, others: Point, ctx: Any) -> None:
        self.nodes, self.symbol, self.others, self.ctx = nodes, symbol, others, ctx
        self.fixed = {s: ctx.mpf(v.numerator) / v.denominator if isinstance(v, Fraction)
                      else ctx.mpf(v) for s, v in others.items()}

    def branches(self, t: Any) -> tuple[Any, ...] | None:
        env = {**self.fixed, self.symbol: self.ctx.mpf(t)}
        seen = tuple(_branch(n, env, self.ctx) for n in self.nodes)
        return None if None in seen else seen

    def point(self, t: Any) -> Point:
        return {**self.others, self.symbol: t}

    def switches(self, grid: Sequence[float]) -> list[Point]:
        out: list[Point] = []
        previous: tuple[Any, Any] | None = None
        for t in sorted(set(grid)):
            seen = self.branches(t)
            if seen is None:
                continue
            if previous is not None and previous[1] != seen:
                out += self._around(self.ctx.mpf(previous[0]), self.ctx.mpf(t), previous[1])
                if len(out) >= 4 * _MAX_SWITCHES:
                    break
            previous = (t, seen)
        return out

    def _around(self, left: Any, right: Any, on_left: tuple[Any, ...]) -> list[Point]:
        """Bisect [left, right] (branches ``on_left`` at left) and keep both sides."""
        for _ in range(_BISECTIONS):
            mid = (left + right) / 2
            seen = self.branches(mid)
            if seen == on_left:
                left = mid
            else:
                right = mid
        scale = max(abs(left), 1) / 100
        return [self.point(left), self.point(right), self.point(left - scale),
                self.point(right + scale)]
