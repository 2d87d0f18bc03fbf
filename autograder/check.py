"""``deepmath check chNN``: the author's self-test of an assignment.

Grades, in the sandbox, the master solution (every item must pass) and the untouched release
(every item must be "missing"), then feeds every declared mistake's wrong answer to its
item's checker in this process (each must be recognised by name). Prints a table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from .answers import CallError, Record, SymbolicText
from .course import Course
from .items import FunctionItem, Item, Mistake, SymbolicItem, grader_arg
from .sandbox import Limits
from .variants import DEMO_STUDENT, student_variant

PREDICATE_ONLY = "(predicate only: no wrong answer to feed)"


@dataclass(frozen=True)
class CheckRow:
    what: str
    """``solution``, ``release`` or ``mistake``."""
    item: str
    expected: str
    got: str

    @property
    def ok(self) -> bool:
        return self.got in (self.expected, PREDICATE_ONLY)


def as_handed_out(value: Any) -> Any:
    """A grader-side value as the kernel would hand it out (sympy numbers → Fraction/float,
    expressions → text, numpy scalars → Python numbers)."""
    if isinstance(value, bool | int | float | str | Fraction | Decimal) or value is None:
        return value
    if isinstance(value, sympy.Integer):
        return int(value)
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, sympy.Basic):
        return float(value) if getattr(value, "is_number", False) else SymbolicText(str(value))
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.astype(np.float64) if value.dtype != bool else value
    if isinstance(value, list | tuple):
        return type(value)(as_handed_out(v) for v in value)
    return value


def _mistake_verdict(item: Item, mistake: Mistake, params: dict[str, Any]) -> str:
    """The name of the mistake the item's checker recognises in ``mistake``'s answer."""
    if mistake.wrong is None:
        return PREDICATE_ONLY
    wrong = mistake.wrong(params)
    if isinstance(item, FunctionItem):
        calls = item.calls(params, random.Random(0))
        outputs = []
        for call in calls:
            try:
                outputs.append(as_handed_out(wrong(*[grader_arg(a) for a in call.args])))
            except (ArithmeticError, ValueError) as exc:
                outputs.append(CallError(type(exc).__name__, str(exc)))
        outcome = item.check_outputs(outputs, params, calls)
    else:
        value = SymbolicText(str(wrong)) if isinstance(item, SymbolicItem) else as_handed_out(
            wrong)
        outcome = item.check(Record(item.id, "value", value=value), params)
    if outcome.passed:
        return "accepted as right"
    return outcome.mistake or "not recognised"


def check(*, course: Course, assignment: str, limits: Limits | None = None) -> list[CheckRow]:
    from . import api

    items = course.items(assignment)
    master = course.build_source(assignment)
    rows: list[CheckRow] = []
    release_nb = course.root / "release" / assignment / f"{assignment}.ipynb"
    if not release_nb.is_file():
        api.release(course_dir=course.root, assignment=assignment, exchange=False)
    runs = [("solution", master, "pass"), ("release", release_nb, "missing")]
    for what, path, expected in runs:
        graded = api.grade_bytes(course=course, assignment=assignment, student=DEMO_STUDENT,
                                 raw=path.read_bytes(), limits=limits, seed=0)
        for result in graded.report.items:
            got = result.status if result.status == expected else (
                f"{result.status}: {result.feedback('en')[:60]}")
            rows.append(CheckRow(what, result.id, expected, got))
    variant = student_variant(items, course.secret, assignment, DEMO_STUDENT)
    for item in items:
        params = variant[item.name]["params"]
        for mistake in item.mistakes:
            try:
                got = _mistake_verdict(item, mistake, params)
            except Exception as exc:  # noqa: BLE001 - the author's code: report, go on
                got = f"{type(exc).__name__}: {exc}"[:80]
            rows.append(CheckRow("mistake", item.id, mistake.name, got))
    return rows


def check_table(rows: list[CheckRow]) -> str:
    lines = [f"{'':2} {'what':<8} {'item':<34} {'expected':<24} got"]
    for row in rows:
        lines.append(f"{'ok' if row.ok else '!!':2} {row.what:<8} {row.item:<34} "
                     f"{row.expected:<24} {'' if row.got == row.expected else row.got}")
    bad = sum(1 for r in rows if not r.ok)
    lines.append(f"{len(rows) - bad} / {len(rows)} checks as expected")
    return "\n".join(lines)
