"""Graded items as data: what to ask, how to draw a student's parameters, what the expected
answer is (computed from ``reference/`` at grading time), and the declared common mistakes.

An assignment's items live in ``<course>/items/<assignment>.py`` (instructor-only), which
defines ``ITEMS: list[Item]``. Each item maps to one nbgrader grade cell (its hidden test
cell) whose ``grade_id`` is the item id with ``.`` replaced by ``-``; that cell only hands
the answer out: ``__import__("_deepmath_kernel").rendre("ch01.name", lambda: answer)``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from .answers import CallError, Record, SymbolicText, Unsupported
from .compare import compare, describe
from .model import Msg, Outcome

Params = dict[str, Any]

OK = Msg("Correct.", "Correct.")
LHS = re.compile(r"^\s*(?P<name>[A-Za-z][A-Za-z0-9_]*)'*\s*(?:\(\s*[A-Za-z]\w*\s*\))?\s*=")
"""A left-hand side written before a formula: ``y =``, ``f(x) =``, ``f'(x) =``."""


@dataclass(frozen=True)
class Mistake:
    """A declared common mistake and the feedback it deserves.

    ``wrong(params)`` gives the answer this mistake produces (an expression, a value, or for a
    function item a function); ``predicate(answer, params)`` recognises it otherwise.
    ``example(params)``: for a predicate-only mistake, one answer that makes this mistake (as
    decoded data, a function for a function item), so tests can check the message fires.
    """

    name: str
    message: Msg
    wrong: Callable[[Params], Any] | None = None
    predicate: Callable[[Any, Params], bool] | None = None
    example: Callable[[Params], Any] | None = None


@dataclass(frozen=True)
class Call:
    """One grader-chosen call of a student function: positional args as tagged JSON."""

    args: tuple[Any, ...]
    decimal_prec: int | None = None
    timeout: float = 5.0

    def to_probe(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"args": [encode_arg(a) for a in self.args],
                                "timeout": self.timeout}
        if self.decimal_prec is not None:
            spec["decimal_prec"] = self.decimal_prec
        return spec


@dataclass(frozen=True)
class HandOut:
    """How the kernel hands out a *value* item's answer, when the default does not fit:
    ``max_values`` raises the record's value budget (all its arrays together; default:
    each array ≤ 20 000 values), and a Keras model is called on each of ``inputs``
    (grader-chosen, float64 arrays) with its outputs handed out next to its weights."""

    max_values: int = 20000
    inputs: tuple[Any, ...] = ()
    timeout: float = 20.0
    secret: int | None = None
    """Grader-only: a number drawn from the grading run's secret seed for the item's own
    check (e.g. how its held-out data are perturbed); never handed to the kernel
    (:meth:`to_probe` leaves it out)."""

    def to_probe(self) -> dict[str, Any]:
        return {"options": {"max_values": int(self.max_values), "timeout": self.timeout,
                            "inputs": [encode_arg(a) for a in self.inputs]}}


@dataclass(frozen=True)
class KernelFunction:
    """A function argument for a probe, written as lambda source the *kernel* builds.

    ``src`` is grader-authored (never student text), e.g. ``"lambda x: x**3 - 100"``;
    ``py`` is the same function on the grader side, used by the reference.
    """

    src: str
    py: Callable[..., Any]
    lib: str = "math"


def encode_arg(value: Any) -> dict[str, Any]:
    """Grader value → tagged JSON understood by the kernel preamble's ``dec``."""
    from decimal import Decimal
    from fractions import Fraction

    import numpy as np

    if isinstance(value, KernelFunction):
        return {"t": "func", "src": value.src, "lib": value.lib}
    if isinstance(value, bool):
        raise TypeError("bool probe arguments are not supported")
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, Fraction):
        return {"t": "fraction", "n": str(value.numerator), "d": str(value.denominator)}
    if isinstance(value, Decimal):
        return {"t": "decimal", "v": str(value)}
    if isinstance(value, np.ndarray):
        return {"t": "array", "v": value.tolist(), "dtype": "float64"}
    if isinstance(value, (list, tuple)):
        return {"t": "list" if isinstance(value, list) else "tuple",
                "v": [encode_arg(v) for v in value]}
    raise TypeError(f"cannot send {type(value).__name__} to the kernel")


def grader_arg(value: Any) -> Any:
    """The grader-side twin of a probe argument (KernelFunction → its Python function)."""
    if isinstance(value, KernelFunction):
        return value.py
    if isinstance(value, (list, tuple)):
        return type(value)(grader_arg(v) for v in value)
    return value


@dataclass(frozen=True)
class Item:
    """Base class: one graded question."""

    id: str
    points: float
    title: Msg
    draw: Callable[[random.Random], Params]
    """Draw this student's parameters (JSON-serialisable) from a seeded RNG."""
    statement: Callable[[Params], str]
    """The personalised line the notebook shows the student (French, plain text)."""
    mistakes: Sequence[Mistake] = ()
    success: Msg = OK
    max_values: int | None = None
    """A raised value budget for this item's answer record (big weight arrays, a dict of
    CNN weights): the kernel and the grader both apply it. None: the default caps."""

    @property
    def grade_id(self) -> str:
        return self.id.replace(".", "-")

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    def probes(self, params: Params, rng: random.Random) -> list[Call] | HandOut | None:
        """Calls to make on the student's function, or how to hand a value out (None: a
        value, default caps)."""
        return None if self.max_values is None else HandOut(max_values=self.max_values)

    def check(self, record: Record, params: Params) -> Outcome:
        raise NotImplementedError

    def check_with(self, record: Record, params: Params, probe: Any) -> Outcome:
        """Check a value record knowing what was asked of the kernel (``probes``' result,
        e.g. the inputs a model was called on). Default: :meth:`check`."""
        return self.check(record, params)


def value_caps(items: Sequence[Item]) -> dict[str, int]:
    """Item id → its raised value budget, for the items that declare one."""
    return {item.id: int(item.max_values) for item in items if item.max_values}


def _wrong_kind(expected: Msg, got: Any) -> Outcome:
    if got is None:
        return Outcome(False, Msg(
            f"{expected.fr} est attendue, pas None (une fonction sans « return » ?).",
            f"{expected.en} is expected, not None (a function without “return”?)."))
    return Outcome(False, Msg(f"{expected.fr} est attendue, pas {describe(got)}.",
                              f"{expected.en} is expected, not {describe(got)}."))


EXPRESSION = Msg("Une expression (chaîne comme \"2*x + 1\", ou expression sympy)",
                 "An expression (a string such as \"2*x + 1\", or a sympy expression)")
NUMERIC = Msg("Une valeur numérique", "A numeric value")


@dataclass(frozen=True)
class SymbolicItem(Item):
    """Answer: a formula (string or sympy expression), checked by the whitelist parser and
    bounded symbolic/numeric equivalence."""

    expected: Callable[[Params], sympy.Expr] = field(default=lambda p: sympy.Integer(0))
    variables: tuple[str, ...] = ("x",)
    timeout: float = 4.0
    domains: tuple[tuple[str, Any], ...] = ()
    """Where each variable lives, e.g. ``(("x", "positive"),)`` or ``(("t", (0, 1)),)``;
    default all reals. The answer must agree with the expected one over the whole domain."""
    approx: float | None = None
    """Relative tolerance when approximate decimal coefficients are accepted (None: exact)."""

    @staticmethod
    def _symbolic_mistake(mistake: Mistake, params: Params) -> Any:
        from . import symbolic

        predicate = None
        if mistake.predicate is not None:
            test = mistake.predicate

            def predicate(expr: sympy.Expr) -> bool:
                return bool(test(expr, params))

        return symbolic.Mistake(name=mistake.name,
                                messages={"fr": mistake.message.fr, "en": mistake.message.en},
                                wrong=mistake.wrong(params) if mistake.wrong else None,
                                predicate=predicate)

    def _strip_lhs(self, text: str) -> str:
        """``"y = x/4 + 1"``, ``"f(x) = …"``, ``"f'(x) = …"`` → the right-hand side (a name
        of one of the item's variables on the left is kept: that is not a y(x) formula)."""
        found = LHS.match(text)
        if found and text.count("=") == 1 and found["name"] not in self.variables:
            return text[found.end():]
        return text

    def check(self, record: Record, params: Params) -> Outcome:
        from . import symbolic

        value = record.value
        if isinstance(value, SymbolicText):
            text = value.text
        elif isinstance(value, str):
            text = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            text = repr(value)
        else:
            return _wrong_kind(EXPRESSION, value)
        text = self._strip_lhs(text)
        mistakes = [self._symbolic_mistake(m, params) for m in self.mistakes]
        verdict = symbolic.equivalent(self.expected(params), text, list(self.variables),
                                      timeout=self.timeout, mistakes=mistakes,
                                      domains=dict(self.domains), approx=self.approx)
        if verdict.equivalent:
            return Outcome(True, self.success)
        message = Msg(verdict.messages.get("fr", verdict.message),
                      verdict.messages.get("en", verdict.message))
        if verdict.reading and verdict.mistake is None:  # how the answer was read
            message = Msg(f"{message.fr} (lu comme : {verdict.reading})",
                          f"{message.en} (read as: {verdict.reading})")
        return Outcome(False, message, mistake=verdict.mistake)


@dataclass(frozen=True)
class ValueItem(Item):
    """Answer: a number, tuple, list, array or string, compared type → shape → values."""

    expected: Callable[[Params], Any] = field(default=lambda p: 0)
    rtol: float = 1e-9
    atol: float = 1e-12
    exact: bool = False

    def _matches(self, want: Any, got: Any) -> bool:
        return compare(want, got, rtol=self.rtol, atol=self.atol, exact=self.exact) is None

    def check(self, record: Record, params: Params) -> Outcome:
        got = record.value
        if isinstance(got, Unsupported):
            return _wrong_kind(NUMERIC, got)
        problem = compare(self.expected(params), got, rtol=self.rtol, atol=self.atol,
                          exact=self.exact)
        if problem is None:
            return Outcome(True, self.success)
        for mistake in self.mistakes:
            hit = (mistake.wrong is not None and self._matches(mistake.wrong(params), got)) or (
                mistake.predicate is not None and _safe(mistake.predicate, got, params))
            if hit:
                return Outcome(False, mistake.message, mistake=mistake.name)
        return Outcome(False, problem)


def _safe(predicate: Callable[[Any, Params], bool], got: Any, params: Params) -> bool:
    try:
        return bool(predicate(got, params))
    except (TypeError, ValueError, ArithmeticError):
        return False


@dataclass(frozen=True)
class FunctionItem(Item):
    """Answer: a function. The grader picks the calls (fixed book cases plus fresh random ones
    at grading time); the kernel hands out the outputs; each is compared with ``reference``.
    With ``partial``, the share of calls answered correctly earns partial credit."""

    reference: Callable[[Params], Callable[..., Any]] = field(default=lambda p: (lambda: None))
    calls: Callable[[Params, random.Random], list[Call]] = field(default=lambda p, r: [])
    rtol: float = 1e-9
    atol: float = 1e-12
    exact: bool = False
    partial: bool = False
    """Give the share of correct calls as partial credit (off: a constant that happens to be
    right at a few points must not earn points)."""

    def probes(self, params: Params, rng: random.Random) -> list[Call] | None:
        return self.calls(params, rng)

    def expected_outputs(self, fn: Callable[..., Any], calls: list[Call]) -> list[Any]:
        out = []
        for call in calls:
            try:
                out.append(fn(*[grader_arg(a) for a in call.args]))
            except (ArithmeticError, ValueError) as exc:
                out.append(CallError(type(exc).__name__, str(exc)))
        return out

    def check_outputs(self, outputs: Sequence[Any], params: Params,
                      calls: list[Call]) -> Outcome:
        want = self.expected_outputs(self.reference(params), calls)
        if len(outputs) != len(want):
            return Outcome(False, Msg("Réponses incomplètes.", "Incomplete outputs."))
        problems = [self._problem(w, g, call) for w, g, call in zip(want, outputs, calls,
                                                                       strict=True)]
        failed = [p for p in problems if p is not None]
        if not failed:
            return Outcome(True, self.success)
        for mistake in self.mistakes:
            if mistake.wrong is not None:
                alt = self.expected_outputs(mistake.wrong(params), calls)
                if all(self._problem(a, g, c) is None for a, g, c in zip(alt, outputs, calls,
                                                                          strict=True)):
                    return Outcome(False, mistake.message, mistake=mistake.name)
            if mistake.predicate is not None and _safe(mistake.predicate, outputs, params):
                return Outcome(False, mistake.message, mistake=mistake.name)
        credit = (len(want) - len(failed)) / len(want) if self.partial else 0.0
        first = failed[0]
        summary = Msg(f"{len(failed)} appel(s) sur {len(want)} incorrect(s). {first.fr}",
                      f"{len(failed)} of {len(want)} call(s) wrong. {first.en}")
        return Outcome(False, summary, credit=credit)

    def _problem(self, want: Any, got: Any, call: Call) -> Msg | None:
        if isinstance(want, CallError):
            return None if isinstance(got, CallError) else Msg(
                "une erreur était attendue", "an error was expected")
        shown = ", ".join(_show(a) for a in call.args)
        where = Msg(f"Pour l'appel ({shown}) : ", f"For the call ({shown}): ")
        return compare(want, got, rtol=self.rtol, atol=self.atol, exact=self.exact, where=where)

    def check(self, record: Record, params: Params) -> Outcome:
        raise TypeError("function items are checked with check_outputs")


def _show(value: Any) -> str:
    if isinstance(value, KernelFunction):
        return value.src.replace("lambda ", "").replace(":", " ↦", 1)
    text = repr(value) if not isinstance(value, float) else f"{value:.6g}"
    return text if len(text) <= 40 else text[:37] + "..."
