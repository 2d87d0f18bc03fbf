"""A small synthetic class (hand-computable statistics) and helpers to write graded results
into a course directory without running the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

from autograder.classdata import ClassData, ItemInfo, Person
from autograder.model import GradeReport, ItemResult, Msg

ITEMS = [ItemInfo("ch99.a", Msg("Question A", "Item A"), 1.0),
         ItemInfo("ch99.b", Msg("Question B", "Item B"), 1.0),
         ItemInfo("ch99.c", Msg("Question C", "Item C"), 1.0,
                  {"m1": Msg("déclarée", "declared")})]

# points per item (students × items); the hand computations in test_report.py use them
POINTS = {"ana": (1, 1, 1), "ben": (1, 1, 0), "cyd": (1, 0, 0), "dan": (0, 1, 0),
          "eve": (0, 0, 0)}
# how each student missed item c
C_MISS = {"ben": ("fail", "m1"), "cyd": ("fail", "m1"), "dan": ("fail", None),
          "eve": ("missing", None)}


def synthetic_report(student: str) -> GradeReport:
    results = []
    for item, pts in zip(ITEMS, POINTS[student], strict=True):
        status, mistake = ("pass", None) if pts else ("fail", None)
        if item.id == "ch99.c" and not pts:
            status, mistake = C_MISS[student]
        message = Msg("Correct.", "Correct.") if pts else Msg(
            f"vu {mistake or 'autre'}", f"seen {mistake or 'other'}")
        results.append(ItemResult(item.id, float(pts), item.points, status,  # type: ignore[arg-type]
                                  message, mistake))
    return GradeReport("ch99", student, results)


def synthetic_class() -> ClassData:
    people = {s: Person(s) for s in [*POINTS, "fay"]}  # fay did not submit
    return ClassData("ch99", ITEMS, people, {s: synthetic_report(s) for s in POINTS}, {})


def write_results(course_root: Path, report: GradeReport) -> Path:
    out = course_root / "autograded" / report.student / report.assignment
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.json"
    path.write_text(json.dumps(report.to_record(), ensure_ascii=False), encoding="utf-8")
    return path
