"""Is the student's formula equivalent to the expected one? A ``Verdict``, always, in bounded time.

``equivalent(expected, answer, variables)``: the whole check (parsing the untrusted answer
included) runs in a forked child killed after ``timeout`` seconds (``bounded.run_bounded``).

Order, cheapest first:

1. ``a − b`` is exactly 0 → "symbolic"; an exact non-zero rational → not equivalent.
2. Numeric probe (``numeric.probe``) on the expected expression's real domain. A confirmed
   mismatch → "not_equivalent" at once (the common case for wrong answers costs no simplify).
3. Symbolic proof: ``expand``, ``simplify(a − b)``, ``simplify((a − b).rewrite(exp))``,
   ``expand(trigsimp(a − b))``; any of them 0 → "symbolic". Otherwise a numeric agreement
   gives "numeric", and too few valid points give "inconclusive" (not equivalent).
4. Not equivalent: the declared mistakes, in order ("mistake").

The first call warms sympy up in the parent (``warm_up``), so children start with sympy's lazy
imports done and its caches filled. The child reports provisional results (numeric agreement,
"not equivalent") before the slower steps, so running out of time there keeps the best result
so far; "timeout" means that not even the answer's first comparison finished.
"""

from __future__ import annotations

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
from .errors import Lang, ParseError
from .mistakes import Mistake
from .numeric import probe
from .parse import Variables, declare, parse

_MESSAGES: dict[str, tuple[str, str]] = {
    "symbolic": ("Bonne réponse.", "Correct."),
    "numeric": ("Bonne réponse.", "Correct."),
    "not_equivalent": ("Votre expression n'est pas équivalente à la réponse attendue.",
                       "Your expression is not equivalent to the expected answer."),
    "inconclusive": ("Impossible de vérifier votre expression : elle n'est presque nulle part "
                     "définie là où la réponse attendue l'est.",
                     "Your expression could not be checked: it is almost nowhere defined "
                     "where the expected answer is."),
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


def equivalent(expected: Any, answer: Any, variables: Variables, *, timeout: float = 3.0,
               mistakes: Sequence[Mistake] = (), lang: Lang = "fr", rtol: float = 1e-12,
               atol: float = 1e-14, allow_floats: bool = True, max_length: int = 1000,
               max_depth: int = 40, seed: int | None = None) -> Verdict:
    """Trusted sympy ``expected`` and untrusted ``answer`` (text or sympy) in, ``Verdict`` out.

    Variables are real. Numbers agree when |a − b| ≤ atol + rtol·max(|a|, |b|) at 30 digits
    (so ``sin(x) + 1e-9`` is not ``sin(x)``). ``seed`` None: points derived from both sides, so
    the same answer always gets the same verdict.
    """
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be 'fr' or 'en', not {lang!r}")
    if not (timeout > 0 and math.isfinite(timeout)):
        raise ValueError("timeout must be a positive number of seconds")
    symbols = declare(variables)
    reference = _trusted(expected, symbols)
    checks = [(m, tuple(_trusted(w, symbols) for w in m.wrongs)) for m in mistakes]
    options = _Options(tuple(symbols.values()), rtol, atol, allow_floats, max_length,
                       max_depth, seed)

    def job(emit: Emit) -> None:
        _grade(reference, answer, checks, options, emit)

    warm_up()
    messages, status = run_bounded(job, timeout)
    return _verdict(messages, status, list(mistakes), lang)


_warm = threading.Event()
_warm_lock = threading.Lock()


def warm_up() -> None:
    """Once per process: run the parser, the probe and the symbolic chain on a fixed, trusted
    expression, so that sympy's lazy imports and caches exist before we fork (each child
    inherits them: ``1/cos(x)^2`` vs ``1+tan(x)^2`` drops from about 0.3 s to 0.07 s)."""
    if _warm.is_set():
        return
    with _warm_lock:
        if _warm.is_set():
            return
        try:
            t = sympy.Symbol("t", real=True)
            a = parse("1/cos(t)^2 + th(t)", [t])
            b = 1 + sympy.tan(t) ** 2 + 2 * (1 + sympy.exp(-2 * t)) ** -1 - 1
            numeric.probe(a, b, [t], random.Random(0))
            difference = a - b
            sympy.simplify(difference)
            sympy.simplify(difference.rewrite(sympy.exp))
            sympy.expand(sympy.trigsimp(difference))
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
    rng = random.Random(_seed(expected, parsed, options.seed))
    outcome = _compare(expected, parsed, options, rng,
                       on_numeric=lambda: emit({"reason": "numeric"}))
    emit({"reason": outcome})  # final if equivalent; kept if the mistake checks time out
    if outcome in ("symbolic", "numeric"):
        return
    for index, (mistake, wrongs) in enumerate(checks):
        if _is_mistake(mistake, wrongs, parsed, options, rng):
            emit({"reason": "mistake", "mistake": index})
            return


def _seed(expected: Any, parsed: Any, seed: int | None) -> int:
    if seed is not None:
        return seed
    digest = hashlib.sha256(f"{sympy.srepr(expected)}\0{sympy.srepr(parsed)}".encode())
    return int.from_bytes(digest.digest()[:8], "big")


def _compare(a: Any, b: Any, options: _Options, rng: random.Random, *, prove: bool = True,
             on_numeric: Callable[[], None] | None = None) -> str:
    """"symbolic", "numeric", "not_equivalent" or "inconclusive" (``a`` is the reference)."""
    difference = a - b
    if difference == 0:
        return "symbolic"
    if difference.is_Rational:
        return "not_equivalent"
    symbols = [s for s in options.symbols if s in a.free_symbols | b.free_symbols]
    numeric = probe(a, b, symbols, rng, rtol=options.rtol, atol=options.atol)
    if numeric == "differ":
        return "not_equivalent"
    if numeric == "equal":
        if on_numeric is not None:
            on_numeric()
        if not prove:
            return "numeric"
    if _symbolic_zero(difference):
        return "symbolic"
    return "numeric" if numeric == "equal" else "inconclusive"


def _symbolic_zero(difference: Any) -> bool:
    """The chain of §0.4: expand, simplify, rewrite(exp) + simplify, trigsimp + expand."""
    steps = (sympy.expand, sympy.simplify, lambda d: sympy.simplify(d.rewrite(sympy.exp)),
             lambda d: sympy.expand(sympy.trigsimp(d)))
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
    if reason == "parse_error":
        fr, en, offset, text, code = (str(item) for item in last["error"])
        error = ParseError(fr, en, int(offset), text, code)
        texts = {"fr": error.format("fr"), "en": error.format("en")}
        return Verdict(False, reason, None, texts[lang], texts, offset=error.offset, detail=code)
    if reason == "mistake":
        mistake = mistakes[int(last["mistake"])]
        texts = {"fr": mistake.messages["fr"], "en": mistake.messages["en"]}
        return Verdict(False, reason, mistake.name, texts[lang], texts, detail=detail)
    if reason not in _MESSAGES:
        reason, detail = "error", f"unknown reason {reason!r}"
    fr, en = _MESSAGES[reason]
    return Verdict(reason in ("symbolic", "numeric"), reason, None, fr if lang == "fr" else en,
                   {"fr": fr, "en": en}, detail=detail)
