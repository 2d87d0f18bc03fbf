"""A graded ch01 notebook built without a sandbox: the master notebook with outputs and a
report, for the feedback page tests (unit and browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from autograder.course import Course
from autograder.model import GradeReport, ItemResult, Msg
from autograder.notebook_source import build_notebook

REPO = Path(__file__).resolve().parents[2]
CARET = Msg("Fonction inconnue « foo ».\n  -foo(3x)/cos(3x)\n   ^",
            "Unknown function 'foo'.\n  -foo(3x)/cos(3x)\n   ^")


def ch01_titles() -> dict[str, Msg]:
    return {item.id: item.title for item in Course(REPO / "course").items("ch01")}


def ch01_notebook() -> nbformat.NotebookNode:
    course = Course(REPO / "course")
    points = {item.name: item.points for item in course.items("ch01")}
    text = (REPO / "course" / "notebooks" / "ch01.py").read_text(encoding="utf-8")
    nb = build_notebook(text, "ch01", points)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def ch01_report(student: str = "bob") -> GradeReport:
    """Every status once at least, a caret message, half points (13.5 max)."""
    items = Course(REPO / "course").items("ch01")
    statuses = ["pass", "fail", "fail", "error", "missing", "pass", "fail", "pass", "pass",
                "pass", "fail"]
    results = []
    for item, status in zip(items, statuses, strict=True):
        feedback = {"pass": Msg("Correct.", "Correct."),
                    "fail": Msg("Le facteur de la composée manque.",
                                "The chain-rule factor is missing."),
                    "error": CARET,
                    "missing": Msg("Pas de réponse : la question n'a pas été traitée.",
                                   "No answer: the question was not attempted.")}[status]
        results.append(ItemResult(item.id, item.points if status == "pass" else 0.0,
                                  item.points, status, feedback))  # type: ignore[arg-type]
    return GradeReport("ch01", student, results,
                       notes=[Msg("1 cellule(s) ont arrêté le noyau.",
                                  "1 cell(s) killed the kernel.")])


def add_output(nb: nbformat.NotebookNode, output: dict[str, Any],
               after_answer: str = "ch01-derivee_somme-reponse") -> None:
    """Attach an output to the answer cell ``after_answer``."""
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == after_answer:
            cell.outputs.append(nbformat.from_dict(output))
            return
    raise KeyError(after_answer)
