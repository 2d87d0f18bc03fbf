"""Trace items: the student's iterative method returns its iterates (chapter 8, descent).

The grader chooses the problems (the book's cases plus fresh random ones drawn at grading
time, like :class:`~autograder.items.FunctionItem` probes); the kernel calls the student's
function on each and hands the returned iterates out as data. Here, in the grader's process,
each trace is compared iterate by iterate with the reference's trace (``reference/descent.py``
``*_trace`` functions) and the feedback names the **first iterate that goes wrong** — the call,
its index k and the values obtained and expected.

The likely cause is recognised by *replaying* each declared variant (a :class:`Mistake` whose
``wrong(params)`` is the reference run with one thing changed: the sign of the step, the step
size, the mean instead of the sum, the momentum term, Nesterov's look-ahead point, the last
short mini-batch dropped or padded, the schedule's index) on the same problem:

* the variant reproduces every trace of every call → that mistake is named (its message);
* otherwise a variant that agrees with the student's trace up to and including the first
  wrong iterate is named as the *likely* cause, after the first-iterate report.

No partial credit: a function that returns the right final point with made-up intermediate
iterates, or that recognises the book's problems and answers them from a table, fails at the
first wrong iterate of some call and earns nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .answers import CallError
from .compare import describe
from .items import Call, FunctionItem, KernelFunction, Mistake, Params, _show
from .model import Msg, Outcome

MAX_ITERATES = 5000


def as_trace(value: Any) -> np.ndarray | None:
    """A handed-out trace (array, list of arrays, list of numbers or tuples) → a float64 array
    of shape (k, n); None when it is not a finite-or-infinite table of numbers."""
    if isinstance(value, np.ndarray):
        arr = value
    elif isinstance(value, (list, tuple)):
        if not value or len(value) > MAX_ITERATES:
            return None
        rows: list[Any] = []
        for row in value:
            if isinstance(row, np.ndarray):
                rows.append(row.reshape(-1))
            elif isinstance(row, (list, tuple)):
                rows.append(list(row))
            else:
                rows.append([row])
        try:
            arr = np.array(rows)
        except (ValueError, TypeError):
            return None
    else:
        return None
    if arr.dtype == bool or arr.dtype.kind not in "iuf" or arr.size == 0:
        return None
    arr = arr.astype(np.float64)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2 or arr.shape[0] > MAX_ITERATES:
        return None
    return arr


def _fmt(row: np.ndarray) -> str:
    values = ", ".join(f"{float(v):.6g}" for v in row[:6])
    more = ", …" if row.size > 6 else ""
    return f"({values}{more})" if row.size > 1 or more else values


@dataclass(frozen=True)
class Divergence:
    """Where a trace leaves the expected one: ``index`` of the first wrong iterate (or of the
    first missing/extra one, with ``got``/``want`` None), and a short reason."""

    index: int
    got: np.ndarray | None
    want: np.ndarray | None


def first_divergence(want: np.ndarray, got: np.ndarray, rtol: float,
                     atol: float) -> Divergence | None:
    """The first iterate where ``got`` differs from ``want`` (None: same trace)."""
    if got.shape[1] != want.shape[1]:
        return Divergence(0, got[0], want[0])
    scale = atol * (1.0 + float(np.max(np.abs(want[np.isfinite(want)]), initial=0.0)))
    for k in range(min(len(want), len(got))):
        w, g = want[k], got[k]
        same = np.isclose(g, w, rtol=rtol, atol=scale) | (np.isnan(w) & np.isnan(g))
        if not bool(np.all(same)):
            return Divergence(k, g, w)
    if len(got) != len(want):
        k = min(len(want), len(got))
        return Divergence(k, got[k] if k < len(got) else None,
                          want[k] if k < len(want) else None)
    return None


@dataclass(frozen=True)
class TraceItem(FunctionItem):
    """Answer: a function returning its iterates P₀, P₁, … (shape (k, n) or a list of points).

    ``reference(params)`` is the reference function with the student's signature (returning
    the trace); ``calls`` the grader's problems; ``mistakes`` the variants to replay. The
    default tolerance is relative (the whole trace's scale): ``rtol`` and ``atol``.
    """

    rtol: float = 1e-7
    atol: float = 1e-9

    def _traces(self, outputs: Sequence[Any]) -> list[np.ndarray | CallError | None]:
        out: list[np.ndarray | CallError | None] = []
        for value in outputs:
            out.append(value if isinstance(value, CallError) else as_trace(value))
        return out

    def _divergences(self, want: Sequence[Any], got: Sequence[Any]) -> list[Divergence | None]:
        found = []
        for w, g in zip(want, got, strict=True):
            if isinstance(w, CallError) or isinstance(g, CallError) or g is None:
                found.append(Divergence(0, None, None) if not isinstance(w, CallError)
                             or not isinstance(g, CallError) else None)
                continue
            want_trace = as_trace(w)
            assert want_trace is not None, "the reference returned no trace"
            found.append(first_divergence(want_trace, g, self.rtol, self.atol))
        return found

    def _replays(self, mistake: Mistake, params: Params,
                 calls: list[Call]) -> list[Any]:
        assert mistake.wrong is not None
        return self.expected_outputs(mistake.wrong(params), calls)

    def check_outputs(self, outputs: Sequence[Any], params: Params,
                      calls: list[Call]) -> Outcome:
        want = self.expected_outputs(self.reference(params), calls)
        if len(outputs) != len(want):
            return Outcome(False, Msg("Réponses incomplètes.", "Incomplete outputs."))
        got = self._traces(outputs)
        wrong = [(j, d) for j, d in enumerate(self._divergences(want, got)) if d is not None]
        if not wrong:
            return Outcome(True, self.success)
        j, first = wrong[0]
        report = self._report(j, first, want[j], outputs[j], got[j], calls[j])
        likely: Mistake | None = None
        for mistake in self.mistakes:
            if mistake.wrong is not None:
                alt = self._replays(mistake, params, calls)
                if all(d is None for d in self._divergences(alt, got)):
                    return Outcome(False, mistake.message, mistake=mistake.name)
                if likely is None and self._explains(alt[j], got[j], first):
                    likely = mistake
            elif mistake.predicate is not None:
                try:
                    hit = bool(mistake.predicate(outputs, params))
                except (TypeError, ValueError, ArithmeticError):
                    hit = False
                if hit:
                    return Outcome(False, mistake.message, mistake=mistake.name)
        if likely is not None:
            return Outcome(False, Msg(f"{report.fr} Cause probable : {likely.message.fr}",
                                      f"{report.en} Likely cause: {likely.message.en}"),
                           mistake=likely.name)
        return Outcome(False, report)

    def _explains(self, alt: Any, got: Any, first: Divergence) -> bool:
        """Does the variant's trace agree with the student's up to the first wrong iterate?"""
        if isinstance(alt, CallError) or not isinstance(got, np.ndarray):
            return False
        alt_trace = as_trace(alt)
        if alt_trace is None or alt_trace.shape[1] != got.shape[1]:
            return False
        k = first.index + 1
        if len(alt_trace) < k or len(got) < k:
            return False
        return first_divergence(alt_trace[:k], got[:k], self.rtol, self.atol) is None

    def _report(self, j: int, first: Divergence, want: Any, raw: Any, got: Any,
                call: Call) -> Msg:
        shown = ", ".join(_show_arg(a) for a in call.args)
        where = Msg(f"Pour l'appel ({shown}) : ", f"For the call ({shown}): ")
        if isinstance(raw, CallError):
            return Msg(f"{where.fr}votre fonction lève {raw.name} : {raw.message}",
                       f"{where.en}your function raises {raw.name}: {raw.message}")
        if isinstance(want, CallError):
            return Msg(f"{where.fr}une erreur était attendue.",
                       f"{where.en}an error was expected.")
        if got is None:
            return Msg(f"{where.fr}la liste des itérés P₀, P₁, … est attendue (tableau ou "
                       f"liste de points), pas {describe(raw)}.",
                       f"{where.en}the list of iterates P₀, P₁, … is expected (an array or a "
                       f"list of points), not {describe(raw)}.")
        w = as_trace(want)
        assert w is not None
        if got.shape[1] != w.shape[1]:
            return Msg(f"{where.fr}chaque itéré doit avoir {w.shape[1]} coordonnée(s), pas "
                       f"{got.shape[1]}.",
                       f"{where.en}each iterate must have {w.shape[1]} coordinate(s), not "
                       f"{got.shape[1]}.")
        k = first.index
        if first.got is None or first.want is None:
            return Msg(f"{where.fr}P₀ … P{_sub(k - 1)} sont justes, mais {len(got)} itéré(s) "
                       f"au lieu de {len(w)} (P₀ compris).",
                       f"{where.en}P₀ … P{_sub(k - 1)} are right, but {len(got)} iterate(s) "
                       f"instead of {len(w)} (P₀ included).")
        right = (Msg("", "") if k == 0 else Msg("P₀ est juste ; ", "P₀ is right; ") if k == 1
                 else Msg(f"P₀ … P{_sub(k - 1)} sont justes ; ",
                          f"P₀ … P{_sub(k - 1)} are right; "))
        return Msg(f"{where.fr}{right.fr}le premier itéré faux est P{_sub(k)} (indice {k}) : "
                   f"obtenu {_fmt(first.got)}, attendu {_fmt(first.want)}.",
                   f"{where.en}{right.en}the first wrong iterate is P{_sub(k)} (index {k}): "
                   f"got {_fmt(first.got)}, expected {_fmt(first.want)}.")


def _show_arg(value: Any) -> str:
    """A probe argument as the student reads it: arrays as points, functions shortened."""
    if isinstance(value, np.ndarray):
        return _fmt(value.reshape(-1)) if value.size > 1 else f"{float(value.reshape(-1)[0]):.6g}"
    text = _show(value)
    if isinstance(value, KernelFunction) and len(text) > 60:
        return text[:57] + "…"
    return text


_SUBSCRIPTS = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")


def _sub(k: int) -> str:
    return str(k).translate(_SUBSCRIPTS)

