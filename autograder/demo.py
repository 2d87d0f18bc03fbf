"""``deepmath demo``: a throw-away course with ch01 released and four students graded.

The demo copies the repository's ``course/`` into ``workdir``, releases ch01 for students
alice (correct), bob (typical mistakes), chloe (untouched notebook) and mallory (honest on two
questions, cheating on the rest), grades them in the sandbox and writes feedback HTML.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from . import api
from .cli import score_table
from .course import Course

REPO_COURSE = Path(__file__).resolve().parent.parent / "course"
SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n?|### END SOLUTION\n?")


def load_scenarios(course: Course, assignment: str) -> dict[str, dict[str, str]]:
    path = course.root / "scenarios" / f"{assignment}.py"
    spec = importlib.util.spec_from_file_location(f"deepmath_scenarios_{assignment}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scenarios: dict[str, dict[str, str]] = module.SCENARIOS
    return scenarios


def make_submission(course: Course, assignment: str, answers: dict[str, str]) -> str:
    """The released notebook with the answer cells filled in (``__solution__`` → the master's
    solution without its markers). Returns notebook JSON text."""
    released = nbformat.read(str(course.root / "release" / assignment / f"{assignment}.ipynb"),
                             as_version=4)
    master = nbformat.read(str(course.source_notebook(assignment)), as_version=4)
    solutions = {c.metadata["nbgrader"]["grade_id"]: SOLUTION_REGION.sub("", c.source)
                 for c in master.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    for cell in released.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        name = gid.removeprefix(f"{assignment}-").removesuffix("-reponse")
        if gid.endswith("-reponse") and name in answers:
            code = answers[name]
            cell.source = solutions[gid] if code == "__solution__" else code
    text: str = nbformat.writes(released)
    return text


def copy_course(workdir: Path) -> Course:
    if workdir.exists():
        shutil.rmtree(workdir)
    shutil.copytree(REPO_COURSE, workdir, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "source", "gradebook.db", ".secret",
        "__pycache__"))
    return Course(workdir)


def run_demo(*, workdir: Path, lang: str = "fr", assignment: str = "ch01",
             echo: Callable[[str], Any] = print) -> list[Any]:
    course = copy_course(workdir)
    scenarios = load_scenarios(course, assignment)
    (course.root / "roster.csv").write_text(
        "username,role,first_name,last_name,email\n"
        + "".join(f"{s},student,{s.title()},Demo,{s}@example.org\n" for s in scenarios)
        + "prof,instructor,Prof,Demo,prof@example.org\n", encoding="utf-8")
    released = api.release(course_dir=course.root, assignment=assignment, exchange=False)
    echo(f"released {assignment} → {released.release_dir} "
         f"(variants for {', '.join(released.students)})")
    for student, answers in scenarios.items():
        target = course.root / "submitted" / student / assignment
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{assignment}.ipynb").write_text(
            make_submission(course, assignment, answers), encoding="utf-8")
        (target / "timestamp.txt").write_text("2026-11-27 09:00:00.000000 UTC\n")
    if course.weight_files(assignment):  # as in class: each student's kernel trains first
        echo("students run their notebooks (training cells train and save their weights)…")
        for student in scenarios:
            target = course.root / "submitted" / student / assignment
            written = api.run_as_student(
                course=course, assignment=assignment, student=student,
                notebook=(target / f"{assignment}.ipynb").read_text(encoding="utf-8"))
            for name, data in written.items():
                (target / name).write_bytes(data)
    echo(f"grading {len(scenarios)} submissions in the sandbox…")
    reports = api.grade(course_dir=course.root, assignment=assignment, workers=2)
    echo(score_table(reports, lang))
    for path in api.feedback(course_dir=course.root, assignment=assignment, lang=lang):
        echo(f"feedback: {path}")
    from .report_page import write_report

    echo(f"class report: {write_report(course_dir=course.root, assignment=assignment, lang=lang)}")
    return reports
