"""Is the student's formula equivalent to the expected one? A ``Verdict``, always, in bounded time.

``equivalent(expected, answer, variables, domains=…, approx=…)``: the whole check (parsing the
untrusted answer included) runs in a forked child killed after ``timeout`` seconds
(``bounded.run_bounded``).

Order, cheapest first:

1. ``a − b`` is exactly 0 → "symbolic"; an exact non-zero rational → not equivalent.
2. Numeric probe (``numeric.probe``) over the variables' declared domains (default: all
   reals, large magnitudes included), plus the special points of ``branches`` (exponent
   lattice, both sides of every Abs/sign/floor/Max/Piecewise switch). A confirmed mismatch →
   "not_equivalent" at once ("not_real" when the answer is not real where the expected one is).
3. Symbolic proof, cheapest canonical forms first: even powers with a sign-normalised base,
   ``expand``; ``rewrite(exp)`` + ``expand`` + ``together`` (σ and tanh identities in a few
   ms); ``expand(trigsimp)``; ``simplify`` last. Expansions are skipped when their estimated
   size is too big (``(x − a)^6000``). Any of them 0 → "symbolic". Otherwise a numeric
   agreement gives "numeric"; too few valid points, or points where only the answer is too
   big to evaluate, give "inconclusive" (not accepted: no proof, no full check).
4. Not equivalent: the declared mistakes, in order ("mistake"); then, for an answer with
   decimals that agrees to 1e-9 ("decimal"): the feedback asks for exact values.

Floats (policy). A decimal is the exact number it writes (``0.5`` = 1/2, ``0.333`` = 333/1000;
a sympy Float is the decimal it prints as), and numbers are compared to 20 significant digits,
so ``0.333333333333333*x^2`` is refused for ``x^2/3`` exactly like ``0.333333333333333`` for
``1/3``, with « écrivez 1/3 plutôt que 0.333333333333333 ». With ``approx=t`` (an item that
allows approximate coefficients), values only need to agree to the relative tolerance t.

The first call warms sympy up in the parent (``warm_up``), so children start with sympy's lazy
imports done and its caches filled. The child reports provisional results (numeric agreement,
"not equivalent") before the slower steps, so running out of time there keeps the best result
so far; "timeout" means that not even the answer's first comparison finished.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy  # type: ignore[import-untyped, unused-ignore]

from . import numeric
from .bounded import Emit, run_bounded
from .branches import special_points
from .errors import Lang, ParseError
from .mistakes import Mistake
from .numeric import Domain, probe
from .parse import Variables, decimals, declare, parse
from .preview import reading

_MESSAGES: dict[str, tuple[str, str]] = {
    "symbolic": ("Bonne réponse.", "Correct."),
    "numeric": ("Bonne réponse.", "Correct."),
    "not_equivalent": ("Votre expression n'est pas équivalente à la réponse attendue.",
                       "Your expression is not equivalent to the expected answer."),
    "inconclusive": ("Impossible de vérifier votre expression : elle n'est presque nulle part "
                     "calculable là où la réponse attendue l'est ; simplifiez-la.",
                     "Your expression could not be checked: it can almost nowhere be "
                     "computed where the expected answer can; simplify it."),
    "not_real": ("Cette expression n'est pas réelle sur le domaine{where_fr} : vérifiez les "
                 "racines et les logarithmes.",
                 "This expression is not real on the domain{where_en}: check square roots "
                 "and logarithms."),
    "decimal": ("Votre réponse contient des nombres décimaux approchés ; les coefficients sont "
                "comparés exactement : écrivez {hint_fr}.",
                "Your answer contains approximate decimals; coefficients are compared "
                "exactly: write {hint_en}."),
    "timeout": ("La vérification a pris trop de temps ; simplifiez votre expression.",
                "Checking took too long; simplify your expression."),
    "error": ("Erreur interne du correcteur ; signalez-la à l'enseignant.",
              "Internal grader error; please report it to the teacher."),
}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one comparison, ready to show to the student."""

    equivalent: bool  # the answer is accepted
    reason: str  # symbolic, numeric, parse_error, not_equivalent, inconclusive, mistake,
    #              timeout, error
    mistake: str | None  # name of the matched declared mistake, if any
    message: str  # feedback in the requested language
    messages: dict[str, str] = field(hash=False)  # {"fr": ..., "en": ...}
    offset: int | None = None  # parse errors: character offset in the answer
    detail: str = ""  # diagnostics for the teacher (never shown to students by us)
    reading: str = ""  # how the answer was read, one line of Unicode ("3·cos(3x)")
    reading_latex: str = ""  # the same in LaTeX ("" when the answer could not be read)


DomainSpec = str | tuple[float | None, float | None]
_NAMED_DOMAINS: dict[str, Domain] = {
    "real": (None, None), "positive": (0.0, None), "nonnegative": (0.0, None),
    "negative": (None, 0.0), "nonpositive": (None, 0.0)}


def equivalent(expected: Any, answer: Any, variables: Variables, *, timeout: float = 3.0,
               mistakes: Sequence[Mistake] = (), lang: Lang = "fr", rtol: float = 1e-20,
               atol: float = 1e-24, allow_floats: bool = True, max_length: int = 1000,
               max_depth: int = 40, seed: int | None = None,
               domains: dict[str, DomainSpec] | None = None,
               approx: float | None = None) -> Verdict:
    """Trusted sympy ``expected`` and untrusted ``answer`` (text or sympy) in, ``Verdict`` out.

    Variables are real; ``domains`` restricts some: {name: "positive" | "nonnegative" |
    "negative" | "nonpositive" | "real" | (lo, hi)} (closed interval, None for no bound), and
    the symbol gets the matching sympy assumption. Numbers agree when |a − b| ≤ atol +
    rtol·max(|a|, |b|) (30 digits, confirmed at 60), so ``sin(x) + 1e-9`` is not ``sin(x)``
    and ``0.333333333333333`` is not 1/3; ``approx`` (e.g. 1e-6) is the relative tolerance of an
    item that accepts approximate coefficients. ``seed`` None: points derived from both sides,
    so the same answer always gets the same verdict.
    """
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be 'fr' or 'en', not {lang!r}")
    if not (timeout > 0 and math.isfinite(timeout)):
        raise ValueError("timeout must be a positive number of seconds")
    if approx is not None and not 0 < approx < 1:
        raise ValueError("approx is a relative tolerance in (0, 1)")
    symbols, bounds = _declare_with_domains(variables, domains or {})
    reference = _trusted(expected, symbols)
    checks = [(m, tuple(_trusted(w, symbols) for w in m.wrongs)) for m in mistakes]
    if approx is not None:
        rtol, atol = max(rtol, approx), max(atol, approx * 1e-3)
    options = _Options(tuple(symbols.values()), rtol, atol, allow_floats, max_length,
                       max_depth, seed, bounds, approx is not None)

    def job(emit: Emit) -> None:
        _grade(reference, answer, checks, options, emit)

    warm_up()
    messages, status = run_bounded(job, timeout)
    return _verdict(messages, status, list(mistakes), lang)


def _declare_with_domains(variables: Variables, domains: dict[str, DomainSpec]
                          ) -> tuple[dict[str, Any], dict[Any, Domain]]:
    """Declared symbols (with the assumption their domain implies) and their intervals."""
    names = declare(variables)
    unknown = sorted(set(domains) - set(names))
    if unknown:
        raise ValueError(f"domains for undeclared variables {unknown}")
    symbols: dict[str, Any] = {}
    bounds: dict[Any, Domain] = {}
    for name, symbol in names.items():
        spec = domains.get(name, "real")
        interval = _NAMED_DOMAINS.get(spec) if isinstance(spec, str) else spec
        if interval is None or len(interval) != 2:
            raise ValueError(f"bad domain {spec!r} for {name}")
        lo, hi = (None if v is None else float(v) for v in interval)
        if lo is not None and hi is not None and not lo < hi:
            raise ValueError(f"empty domain {spec!r} for {name}")
        if spec in ("positive", "negative"):
            assumption = {spec: True}
        elif lo is not None and lo >= 0:
            assumption = {"positive": True} if lo > 0 else {"nonnegative": True}
        elif hi is not None and hi <= 0:
            assumption = {"negative": True} if hi < 0 else {"nonpositive": True}
        else:
            assumption = {}
        if assumption and symbol == sympy.Symbol(name, real=True):  # declared by name
            symbol = sympy.Symbol(name, real=True, **assumption)
        symbols[name] = symbol
        if spec in ("positive", "negative") and lo is None and hi is not None:
            hi = -1e-300  # open end: never 0
        elif spec == "positive":
            lo = 1e-300
        bounds[symbol] = (lo, hi)
    return symbols, bounds


_warm = threading.Event()
_warm_lock = threading.Lock()


def warm_up() -> None:
    """Once per process: run the parser, the probe, the special points, the symbolic chain and
    the printer on fixed, trusted expressions, so that sympy's lazy imports and caches exist
    before we fork (each child inherits them: ``1/cos(x)^2`` vs ``1+tan(x)^2`` drops from
    about 0.3 s to 0.05 s)."""
    if _warm.is_set():
        return
    with _warm_lock:
        if _warm.is_set():
            return
        try:
            t = sympy.Symbol("x", real=True)  # the usual name: children hit sympy's cache
            a = parse("1/cos(x)^2 + th(x) + σ(x)(1-σ(x))", [t])
            b = (1 + sympy.tan(t) ** 2 + 2 * (1 + sympy.exp(-2 * t)) ** -1 - 1
                 + sympy.exp(-t) / (1 + sympy.exp(-t)) ** 2)
            numeric.probe(a, b, [t], random.Random(0))
            for difference in (a - b, sympy.Abs(t - 3) - sympy.sqrt((t - 3) ** 2),
                               t ** (2 * t) - (t**t) ** 2):
                special_points((difference,), [t], {}, random.Random(0))
                _cheap_zero(difference)
                _symbolic_zero(difference)
            reading(a)
        finally:
            _warm.set()


@dataclass(frozen=True)
class _Options:
    symbols: tuple[Any, ...]
    rtol: float
    atol: float
    allow_floats: bool
    max_length: int
    max_depth: int
    seed: int | None
    domains: dict[Any, Domain]
    approximate: bool


def _trusted(expr: Any, symbols: dict[str, Any]) -> Any:
    """Instructor expression with its symbols replaced, by name, by the declared ones."""
    if type(expr) is int:
        return sympy.Integer(expr)
    if type(expr) is float:
        return sympy.Float(expr)
    if not isinstance(expr, sympy.Basic):
        raise TypeError(f"expected a sympy expression, not {type(expr).__name__}")
    unknown = sorted(s.name for s in expr.free_symbols if s.name not in symbols)
    if unknown:
        raise ValueError(f"expected expression uses undeclared variables {unknown}")
    return expr.xreplace({s: symbols[s.name] for s in expr.free_symbols})


def _grade(expected: Any, answer: Any, checks: list[tuple[Mistake, tuple[Any, ...]]],
           options: _Options, emit: Emit) -> None:
    """Child side: parse, compare, then try the mistakes; ``emit`` each better result."""
    try:
        parsed = parse(answer, options.symbols, allow_floats=options.allow_floats,
                       max_length=options.max_length, max_depth=options.max_depth)
    except ParseError as err:
        emit({"reason": "parse_error", "error": [err.message_fr, err.message_en, err.offset,
                                                 err.text, err.code]})
        return
    shown, latex = reading(parsed)
    read = {"reading": shown, "latex": latex}
    rng = random.Random(_seed(expected, parsed, options.seed))
    witness: dict[str, Any] = {}
    outcome = _compare(expected, parsed, options, rng, witness=witness,
                       on_numeric=lambda: emit({"reason": "numeric", **read}))
    emit({"reason": outcome, **read, **witness})  # final if equivalent; kept on a time-out
    if outcome in ("symbolic", "numeric"):
        return
    for index, (mistake, wrongs) in enumerate(checks):
        if _is_mistake(mistake, wrongs, parsed, options, rng):
            emit({"reason": "mistake", "mistake": index, **read})
            return
    if outcome == "not_equivalent" and not options.approximate:
        hint = _decimal_hint(expected, parsed, answer, options, rng)
        if hint:
            emit({"reason": "decimal", "hint": hint, **read})


def _decimal_hint(expected: Any, parsed: Any, answer: Any, options: _Options,
                  rng: random.Random) -> str:
    """"1/3 plutôt que 0.333333333333333" (or "des valeurs exactes") when the answer holds a
    truncated expansion (≥ 6 significant digits) and agrees with the expected one to 1e-9;
    else "". Returns "fr|en"."""
    found = [(shown, value) for shown, value in decimals(answer)
             if len(str(abs(value.numerator)).strip("0")) >= 6]
    if not found:
        return ""
    loose = dataclasses.replace(options, rtol=1e-9, atol=1e-12)
    difference = expected - parsed
    if difference.is_Rational:
        scale = max([abs(r) for r in expected.atoms(sympy.Rational)] + [1])
        if abs(difference) > 1e-9 * scale:
            return ""
    elif _compare(expected, parsed, loose, rng, prove=False) != "numeric":
        return ""
    for shown, value in found:
        simple = value.limit_denominator(100)
        if simple != value and simple != 0 and abs(simple - value) <= 1e-9 * abs(value):
            exact = str(simple.numerator) if simple.denominator == 1 else str(simple)
            return f"{exact} plutôt que {shown}|{exact} rather than {shown}"
    return ("des valeurs exactes (fractions, π, e, √2…)|exact values (fractions, π, e, "
            "√2…)")


def _seed(expected: Any, parsed: Any, seed: int | None) -> int:
    if seed is not None:
        return seed
    digest = hashlib.sha256(f"{sympy.srepr(expected)}\0{sympy.srepr(parsed)}".encode())
    return int.from_bytes(digest.digest()[:8], "big")


def _compare(a: Any, b: Any, options: _Options, rng: random.Random, *, prove: bool = True,
             on_numeric: Callable[[], None] | None = None,
             witness: dict[str, Any] | None = None) -> str:
    """"symbolic", "numeric", "not_equivalent", "not_real" or "inconclusive" (``a`` is the
    reference). Random points, then a cheap proof, then the special points (only needed
    without a proof), then the expensive proof."""
    difference = a - b
    if difference == 0:
        return "symbolic"
    if difference.is_Rational:
        return "not_equivalent"
    symbols = [s for s in options.symbols if s in a.free_symbols | b.free_symbols]
    comparison = numeric.Comparison(a, b, options.rtol, options.atol)
    found = probe(a, b, symbols, rng, rtol=options.rtol, atol=options.atol,
                  domains=options.domains, comparison=comparison)
    cheap_tried = prove and found == "equal"
    if cheap_tried and _cheap_zero(difference):
        return "symbolic"
    if found == "equal":
        found = numeric.check_points(comparison, special_points((a, b), symbols,
                                                                options.domains, rng))
    if found in ("differ", "not_real"):
        if witness is not None and comparison.witness:
            witness["at"] = {str(s): float(v) for s, v in comparison.witness.items()}
        return "not_equivalent" if found == "differ" else "not_real"
    if found == "equal":
        if on_numeric is not None:
            on_numeric()
        if not prove:
            return "numeric"
    if not cheap_tried and _cheap_zero(difference):
        return "symbolic"
    if found == "equal" and difference.has(*numeric.BRANCHING):
        return "numeric"  # branches probed on both sides; simplify seldom proves these
    if _symbolic_zero(difference):
        return "symbolic"
    return "numeric" if found == "equal" else "inconclusive"


def _even_powers(expr: Any) -> Any:
    """(a − x)^(2k) → (x − a)^(2k): one sign for the base of every even power."""
    return expr.replace(
        lambda e: e.is_Pow and e.exp.is_Integer and e.exp.is_even
        and e.base.could_extract_minus_sign(), lambda e: (-e.base) ** e.exp)


def expansion_size(expr: Any) -> int:
    """Rough number of terms ``expand(expr)`` would produce (capped at 10**9)."""
    if expr.is_Atom:
        return 1
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 1 and expr.base.is_Add:
        n, k = int(expr.exp), min(expansion_size(expr.base), 10**3)
        return min(math.comb(n + k - 1, k - 1) if n < 10**4 else 10**9, 10**9)
    sizes = [expansion_size(arg) for arg in expr.args]
    if expr.is_Mul:
        return min(math.prod(sizes), 10**9)
    return min(sum(sizes), 10**9)


def _exp_numerator(difference: Any) -> Any:
    """Numerator of ``difference`` over one denominator once trig, hyperbolic and σ forms are
    written with exp, expanded: 0 proves σ' = σ(1 − σ), tanh = 2σ(2x) − 1, 1 + tan² = 1/cos²
    in ~15 ms (``simplify`` takes ~0.5 s on some of them)."""
    return sympy.expand(sympy.fraction(sympy.together(difference.rewrite(sympy.exp)))[0])


MAX_EXPANSION = 5000  # terms: beyond, only the numeric check (and cheap forms) apply


def _cheap_zero(difference: Any) -> bool:
    """Even powers with one sign, ``expand``, the exp-numerator form (a few ms each)."""
    return _zero_by(difference, (sympy.expand, _exp_numerator))


def _symbolic_zero(difference: Any) -> bool:
    """The slower forms: ``expand(trigsimp)``, then ``simplify`` (module docstring, step 3)."""
    return _zero_by(difference, (lambda d: sympy.expand(sympy.trigsimp(d)), sympy.simplify))


def _zero_by(difference: Any, steps: Sequence[Callable[[Any], Any]]) -> bool:
    difference = _even_powers(difference)
    if difference == 0:
        return True
    if expansion_size(difference) > MAX_EXPANSION:
        return False
    for step in steps:
        try:
            if step(difference) == 0:
                return True
        except (ArithmeticError, TypeError, ValueError, AttributeError,
                NotImplementedError, sympy.PolynomialError, RecursionError):
            continue
    return False


def _is_mistake(mistake: Mistake, wrongs: tuple[Any, ...], parsed: Any, options: _Options,
                rng: random.Random) -> bool:
    if mistake.predicate is not None:
        try:
            if mistake.predicate(parsed):
                return True
        except Exception:  # a broken instructor predicate simply does not match
            pass
    return any(_compare(w, parsed, options, rng, prove=False) in ("symbolic", "numeric")
               for w in wrongs)


def _verdict(messages: list[dict[str, Any]], status: str, mistakes: list[Mistake],
             lang: Lang) -> Verdict:
    """Parent side: the child's last (best) message → Verdict."""
    last = messages[-1] if messages else {"reason": "timeout" if status != "done" else "error"}
    reason = str(last.get("reason"))
    detail = str(last.get("detail", ""))[:500] or ("" if status == "done" else status)
    read: dict[str, Any] = next((m for m in reversed(messages) if "reading" in m), {})
    shown, latex = str(read.get("reading", "")), str(read.get("latex", ""))
    if reason == "parse_error":
        fr, en, offset, text, code = (str(item) for item in last["error"])
        error = ParseError(fr, en, int(offset), text, code)
        texts = {"fr": error.format("fr"), "en": error.format("en")}
        return Verdict(False, reason, None, texts[lang], texts, offset=error.offset, detail=code)
    if reason == "mistake":
        mistake = mistakes[int(last["mistake"])]
        texts = {"fr": mistake.messages["fr"], "en": mistake.messages["en"]}
        return Verdict(False, reason, mistake.name, texts[lang], texts, detail=detail,
                       reading=shown, reading_latex=latex)
    if reason not in _MESSAGES:
        reason, detail = "error", f"unknown reason {reason!r}"
    fr, en = _MESSAGES[reason]
    fields = _fields(last)
    texts = {"fr": fr.format(**fields), "en": en.format(**fields)}
    return Verdict(reason in ("symbolic", "numeric"), reason, None, texts[lang], texts,
                   detail=detail, reading=shown, reading_latex=latex)


def _fields(last: dict[str, Any]) -> dict[str, str]:
    """Template fields of a child's message: where it is not real, the decimal hint."""
    where = last.get("at")
    point = ", ".join(f"{k} = {float(v):.6g}" for k, v in where.items()) \
        if isinstance(where, dict) else ""
    hint_fr, _, hint_en = str(last.get("hint", "")).partition("|")
    return {"where_fr": f" (par exemple en {point})" if point else "",
            "where_en": f" (for instance at {point})" if point else "",
            "hint_fr": hint_fr, "hint_en": hint_en}
