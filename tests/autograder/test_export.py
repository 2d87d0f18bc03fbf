"""LMS exports: the column layouts Moodle's and Canvas's grade imports document, final scores
from the gradebook (formgrader override, late penalty) and students who did not submit."""

from __future__ import annotations

import csv
import warnings
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbgrader.api import Gradebook

from autograder.cli import main
from autograder.course import Course
from autograder.errors import DeepmathError
from autograder.export import CANVAS_IDS, MOODLE_IDS, export
from autograder.gradebook import save_report
from autograder.model import GradeReport, ItemResult, Msg

from .class_fixture import write_results

pytestmark = pytest.mark.slow  # the released course fixture runs nbgrader

ROSTER = ("username,role,first_name,last_name,email,lms_id,sis_id,sis_login_id,section\n"
          "amel,student,Amel,Benali,amel@example.org,101,E2026001,abenali,TD1\n"
          "bruno,student,Bruno,Caron,bruno@example.org,102,E2026002,,TD2\n"
          "chen,student,Chen,Li,chen@example.org,103,E2026003,cli,TD1\n"
          "prof,instructor,Prof,X,prof@example.org,,,,\n")


def _graded_class(root: Path) -> Course:
    """amel: everything right; bruno: half right, 2 h late with a 1-point penalty, and the
    teacher raised one item by hand in formgrader; chen never submitted."""
    course = Course(root)
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    items = course.items("ch01")
    for student, keep in (("amel", lambda k: True), ("bruno", lambda k: k % 2 == 0)):
        report = GradeReport("ch01", student, [
            ItemResult(i.id, i.points if keep(k) else 0.0, i.points,
                       "pass" if keep(k) else "fail", Msg("x", "x"))
            for k, i in enumerate(items)])
        write_results(root, report)
        save_report(course.db_url, report, "ch01", datetime(2026, 11, 27, 11, 0))
    with warnings.catch_warnings(), Gradebook(course.db_url) as gb:
        warnings.filterwarnings("ignore", message=".*not in session.*")
        gb.update_or_create_assignment("ch01", duedate=datetime(2026, 11, 27, 9, 0))
        grade = gb.find_grade(items[1].grade_id, "ch01", "ch01", "bruno")
        grade.manual_score = 0.5  # formgrader override of an item scored 0
        gb.find_submission_notebook("ch01", "ch01", "bruno").late_submission_penalty = 1.0
        gb.db.commit()
    return course


def _read(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def _expected(course: Course) -> tuple[float, float, float]:
    items = course.items("ch01")
    total = sum(i.points for i in items)
    bruno = sum(i.points for k, i in enumerate(items) if k % 2 == 0) + 0.5 - 1.0
    return total, total, bruno


def test_moodle_layout(fresh_course: Path) -> None:
    course = _graded_class(fresh_course)
    rows = _read(export(course_dir=course.root, assignments=["ch01"], fmt="moodle"))
    total, amel, bruno = _expected(course)
    assert rows[0] == [*MOODLE_IDS, "ch01"]
    by_user = {r[0]: r for r in rows[1:]}
    # login ids; no instructor (students the release put in the gradebook come too)
    assert {"abenali", "bruno", "cli"} <= set(by_user) and "prof" not in by_user
    assert by_user["abenali"][1:3] == ["E2026001", "amel@example.org"]
    assert float(by_user["abenali"][3]) == pytest.approx(amel)
    assert float(by_user["bruno"][3]) == pytest.approx(bruno)  # override and penalty
    assert by_user["cli"][3] == "0"  # did not submit
    blank = _read(export(course_dir=course.root, assignments=["ch01"], fmt="moodle",
                         missing="blank"))
    assert {r[0]: r[3] for r in blank[1:]}["cli"] == ""


def test_canvas_layout(fresh_course: Path) -> None:
    course = _graded_class(fresh_course)
    rows = _read(export(course_dir=course.root, assignments=["ch01"], fmt="canvas"))
    total, amel, bruno = _expected(course)
    assert rows[0] == [*CANVAS_IDS, "ch01"]
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[1][0].strip() == "Points Possible" and float(rows[1][5]) == pytest.approx(total)
    people = {r[0]: r for r in rows[2:]}
    assert people["Benali, Amel"][1:5] == ["101", "E2026001", "abenali", "TD1"]
    assert float(people["Caron, Bruno"][5]) == pytest.approx(bruno)
    assert people["Caron, Bruno"][3] == "bruno"  # SIS Login ID defaults to the username
    assert people["Li, Chen"][5] == "0"


def test_plain_csv_keeps_raw_score_penalty_and_lateness(fresh_course: Path) -> None:
    course = _graded_class(fresh_course)
    rows = _read(export(course_dir=course.root, assignments=[], fmt="csv"))
    header, body = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert header[:3] == ["username", "first_name", "last_name"]
    bruno = next(r for r in body if r["username"] == "bruno")
    total, _, expected = _expected(course)
    assert float(bruno["late_penalty"]) == 1.0 and float(bruno["seconds_late"]) == 7200
    assert float(bruno["raw_score"]) == pytest.approx(expected + 1.0)
    assert float(bruno["score"]) == pytest.approx(expected)
    chen = next(r for r in body if r["username"] == "chen")
    assert chen["submitted"] == "0" and chen["score"] == "0"


def test_unknown_format_is_a_user_error(fresh_course: Path) -> None:
    course = _graded_class(fresh_course)
    with pytest.raises(DeepmathError):
        export(course_dir=course.root, assignments=["ch01"], fmt="blackboard")


def test_export_command(fresh_course: Path, tmp_path: Path) -> None:
    course = _graded_class(fresh_course)
    target = tmp_path / "notes.csv"
    result = CliRunner().invoke(main, ["--course-dir", str(course.root), "export", "ch01",
                                       "--format", "canvas", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert _read(target)[0][:5] == list(CANVAS_IDS)
    result = CliRunner().invoke(main, ["--course-dir", str(course.root), "export", "ch42",
                                       "--format", "moodle"])
    assert result.exit_code == 3


def test_report_shows_final_scores_and_lateness(fresh_course: Path) -> None:
    """The class report reads the same gradebook: bruno's final score and his lateness."""
    from autograder.report_page import fmt, write_report

    course = _graded_class(fresh_course)
    text = write_report(course_dir=course.root, assignment="ch01").read_text(encoding="utf-8")
    _, _, bruno = _expected(course)
    row = text.split("<code>bruno</code>")[1].split("</tr>")[0]
    assert f"{fmt(bruno, 'fr')} / " in row
    assert "2 h 00 min (pénalité 1)" in row and "class=late" in row
    chen = text.split("<code>chen</code>")[1].split("</tr>")[0]
    assert "non rendu" in chen
