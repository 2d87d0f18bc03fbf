"""A class run as teachers live it (issue 8 items 1, 4, 7, 9, 12; issue 7 class 5).

The sandboxed grading of one file is replaced by a stub that returns a fixed verdict, so that
what is tested here — which file is graded, times, late policy, roster, gradebook, feedback,
per-student isolation, the CLI's table, progress and exit codes — runs in seconds. The real
sandboxed path is covered by tests/course/.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
import pytest
from click.testing import CliRunner
from nbgrader.api import Gradebook

from autograder import api
from autograder.cli import main
from autograder.course import Course
from autograder.demo import copy_course
from autograder.errors import BadStudent
from autograder.model import GradeReport, ItemResult, Msg

OK = Msg("Correct.", "Correct.")


class FakeGrader:
    """Stands for api.grade_bytes: records what it was given, answers full marks."""

    def __init__(self, fail_for: set[str] = frozenset(), bad_notebook_for: set[str] = frozenset()
                 ) -> None:
        self.calls: dict[str, dict[str, Any]] = {}
        self.fail_for, self.bad_notebook_for = fail_for, bad_notebook_for

    def __call__(self, *, course: Course, assignment: str, student: str, raw: bytes,
                 limits: Any = None, seed: Any = None, slot: int = 0,
                 shown_as: str | None = None, weights: Any = None,
                 sandbox_gate: Any = None) -> api.Graded:
        self.calls[student] = {"raw": raw, "shown_as": shown_as, "weights": weights}
        if student in self.fail_for:
            raise RuntimeError("boom")
        items = [ItemResult(i.id, i.points, i.points, "pass", OK) for i in
                 course.items(assignment)]
        report = GradeReport(assignment=assignment, student=student, items=items,
                             submission_sha256="0" * 64)
        executed = None
        if student in self.bad_notebook_for:  # a runner file rewritten by the student
            executed = nbformat.from_dict({"nbformat": 4, "nbformat_minor": 4, "metadata": {},
                                           "cells": [{"cell_type": "bogus", "source": "x",
                                                      "metadata": {}}]})
        return api.Graded(report, executed, None)


def _submit(root: Path, student: str, files: dict[str, str],
            stamp: str | None = "2026-12-03 12:42:51.089364 UTC") -> Path:
    folder = root / "submitted" / student / "ch01"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    if stamp is not None:
        (folder / "timestamp.txt").write_text(stamp + "\n")
    return folder


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeGrader:
    grader = FakeGrader()
    monkeypatch.setattr(api, "grade_bytes", grader)
    return grader


def test_the_assignments_notebook_is_graded_by_name(fresh_course: Path,
                                                    fake: FakeGrader) -> None:
    """Is ch01.ipynb graded (not the alphabetically first Copy1/Untitled), the others named
    in a note, and a folder without it given a clear recorded result?"""
    _submit(fresh_course, "alice", {"Untitled.ipynb": "u", "ch01-Copy1.ipynb": "c",
                                    "ch01.ipynb": "the real one"})
    _submit(fresh_course, "bob", {"Untitled.ipynb": "{}"}, stamp=None)
    reports = {r.student: r for r in api.grade(course_dir=fresh_course, assignment="ch01")}
    assert fake.calls["alice"]["raw"] == b"the real one"
    alice = reports["alice"]
    assert alice.notebook == "ch01.ipynb"
    assert any("ch01-Copy1.ipynb" in n.fr and "Untitled.ipynb" in n.fr for n in alice.notes)
    assert "bob" not in fake.calls  # nothing to run
    bob = reports["bob"]
    assert bob.score == 0 and {i.status for i in bob.items} == {"missing"}
    assert "ch01.ipynb" in bob.notes[0].fr and "Untitled.ipynb" in bob.notes[0].fr
    saved = json.loads((fresh_course / "autograded" / "bob" / "ch01" / "results.json")
                       .read_text())
    assert saved["notebook"] == "" and saved["items"][0]["status"] == "missing"
    table = CliRunner().invoke(main, ["--course-dir", str(fresh_course), "grade", "ch01"])
    assert "Untitled.ipynb" in table.output


def test_submission_time_late_policy_and_formgrader(fresh_course: Path,
                                                   fake: FakeGrader) -> None:
    """Is nbgrader's timestamp.txt stored as the submission time, the formgrader listing the
    submission as autograded, and the configured late penalty recorded and shown?"""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    with open(fresh_course / "nbgrader_config.py", "a") as fh:
        fh.write("c.DeepmathLatePolicy.penalty_per_day = 0.25\n")
    with Gradebook(Course(fresh_course).db_url) as gb:
        gb.update_or_create_assignment("ch01", duedate=datetime(2026, 12, 2, 12, 0))
    _submit(fresh_course, "alice", {"ch01.ipynb": "{}"})  # 1 day 42 min late: 2 days started
    _submit(fresh_course, "bob", {"ch01.ipynb": "{}"}, stamp="2026-12-01 08:00:00.5 UTC")
    reports = {r.student: r for r in api.grade(course_dir=fresh_course, assignment="ch01")}
    alice, bob = reports["alice"], reports["bob"]
    assert alice.submitted_at == "2026-12-03T12:42:51.089364+00:00"
    assert alice.seconds_late == pytest.approx(86400 + 42 * 60 + 51.089364)
    assert alice.late_penalty == pytest.approx(0.5 * alice.max_score)
    assert alice.score == pytest.approx(alice.max_score / 2)
    assert bob.late_penalty == 0 and bob.score == bob.max_score
    with Gradebook(Course(fresh_course).db_url) as gb:
        submission = gb.find_submission("ch01", "alice")
        assert submission.timestamp == datetime(2026, 12, 3, 12, 42, 51, 89364)
        assert submission.late_submission_penalty == pytest.approx(alice.late_penalty)
    config = Config()
    config.CourseDirectory.root = str(fresh_course)
    nbapi = NbGraderAPI(CourseDirectory(config=config), config=config)
    assert nbapi.get_autograded_students("ch01") == {"alice", "bob"}
    listed = {s["student"]: s for s in nbapi.get_submissions("ch01")}
    assert listed["alice"]["autograded"] and not listed["alice"]["needs_manual_grade"]
    result = CliRunner().invoke(main, ["--course-dir", str(fresh_course), "grade", "ch01"])
    assert "retard" in result.output and "−" in result.output
    [page, _] = sorted(api.feedback(course_dir=fresh_course, assignment="ch01"))
    assert "Pénalité de retard" in page.read_text(encoding="utf-8")


def test_formgrader_overrides_and_comments_reach_table_and_feedback(
        fresh_course: Path, fake: FakeGrader) -> None:
    """Do a manual score and comment set in formgrader change the score table and show in
    the feedback page (the gradebook is the source of truth)?"""
    _submit(fresh_course, "alice", {"ch01.ipynb": "{}"})
    [first] = api.grade(course_dir=fresh_course, assignment="ch01")
    with Gradebook(Course(fresh_course).db_url) as gb:
        grade = gb.find_grade("ch01-newton", "ch01", "ch01", "alice")
        grade.manual_score = 0.5
        comment = gb.find_comment("ch01-newton-reponse", "ch01", "ch01", "alice")
        comment.manual_comment = "Pensez au cas f'(x) = 0."
        gb.db.commit()
    [page] = api.feedback(course_dir=fresh_course, assignment="ch01")
    text = page.read_text(encoding="utf-8")
    assert html.unescape("Pensez au cas f'(x) = 0.") in html.unescape(text)
    french = f"{first.max_score - 1.5:g} / {first.max_score:g}".replace(".", ",")
    shown = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    assert french in shown  # the page writes numbers the French way
    result = CliRunner().invoke(main, ["--course-dir", str(fresh_course), "grade", "ch01"])
    assert f"{first.max_score - 1.5:g} / {first.max_score:g}" in result.output
    assert "Pensez au cas" in result.output and "0.5" in result.output


def test_one_bad_submission_does_not_stop_the_class(fresh_course: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Do a grader crash on one submission and an executed notebook that is not valid
    nbformat on another give recorded errors, the others graded, exit 7 and a summary?"""
    grader = FakeGrader(fail_for={"bob"}, bad_notebook_for={"chloe"})
    monkeypatch.setattr(api, "grade_bytes", grader)
    for student in ("alice", "bob", "chloe", "dan"):
        _submit(fresh_course, student, {"ch01.ipynb": "{}"})
    result = CliRunner().invoke(main, ["--course-dir", str(fresh_course), "grade", "ch01"])
    assert result.exit_code == 7, result.output
    assert "4 dépôt(s)" in result.output and "2 échec(s)" in result.output
    saved = json.loads((fresh_course / "autograded" / "bob" / "ch01" / "results.json")
                       .read_text())
    assert saved["failure"] is not None and saved["score"] == 0
    reports = {r.student: r for r in api.grade(course_dir=fresh_course, assignment="ch01")}
    assert reports["alice"].score == reports["dan"].score == reports["alice"].max_score
    assert reports["chloe"].failure is not None
    assert reports["chloe"].auto_score == reports["chloe"].max_score  # verdicts stand
    assert not (fresh_course / "autograded" / "chloe" / "ch01" / "ch01.ipynb").exists()


def test_feedback_survives_a_student_cell_naming_the_hand_out(fresh_course: Path,
                                                              fake: FakeGrader) -> None:
    """Does a student cell mentioning _deepmath_kernel leave every student with a page?"""
    for student in ("alice", "bob", "chloe"):
        _submit(fresh_course, student, {"ch01.ipynb": "{}"})
    api.grade(course_dir=fresh_course, assignment="ch01")
    for student in ("alice", "bob", "chloe"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "import _deepmath_kernel" if student == "bob" else "x = 1")])
        nbformat.write(nb, fresh_course / "autograded" / student / "ch01" / "ch01.ipynb")
    written = api.feedback(course_dir=fresh_course, assignment="ch01")
    assert len(written) == 3 and written.failed == {}
    bob = (fresh_course / "feedback" / "bob" / "ch01" / "ch01.html").read_text()
    # the student's own text is shown as theirs (it is not hidden test code)
    assert "import" in bob and "HIDDEN TESTS" not in bob and ".rendre(" not in bob
    (fresh_course / "autograded" / "chloe" / "ch01" / "results.json").write_text("{")
    result = CliRunner().invoke(main, ["--course-dir", str(fresh_course), "feedback", "ch01"])
    assert result.exit_code == 7 and "chloe" in result.output
    assert (fresh_course / "feedback" / "bob" / "ch01" / "ch01.html").exists()


def test_unknown_and_malformed_students(fresh_course: Path, fake: FakeGrader,
                                        tmp_path: Path) -> None:
    """Are malformed ids refused, unknown ones refused by grade-notebook, and a submitter
    outside the roster graded with the demonstration parameters they were shown (said)?"""
    course = Course(fresh_course)
    for bad in ("", "../x", "a b", "__demo__", "x/y", "é" * 200):
        with pytest.raises(BadStudent):
            course.check_student_id(bad)
    path = tmp_path / "nb.ipynb"
    path.write_text("{}")
    for student, words in (("alcie", "not on the class list"), ("../x", "malformed")):
        result = CliRunner().invoke(main, ["--course-dir", str(fresh_course), "grade-notebook",
                                           str(path), "--assignment", "ch01", "--student",
                                           student])
        assert result.exit_code == 6 and words in result.output, result.output
    result = CliRunner().invoke(main, ["--course-dir", str(fresh_course), "grade", "ch01",
                                       "--student", "alcie"])
    assert result.exit_code == 6 and "typo" in result.output
    _submit(fresh_course, "zoe", {"ch01.ipynb": "{}"})
    _submit(fresh_course, "alice", {"ch01.ipynb": "{}"})
    api.grade(course_dir=fresh_course, assignment="ch01")
    assert fake.calls["zoe"]["shown_as"] == "__demo__"
    assert fake.calls["alice"]["shown_as"] is None


def test_release_without_roster_says_what_to_do(tmp_path: Path) -> None:
    """Does `release` with no class list tell the teacher to write roster.csv?"""
    root = copy_course(tmp_path / "course").root
    result = CliRunner().invoke(main, ["--course-dir", str(root), "release", "ch01",
                                       "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "roster.csv" in result.output and "demonstration parameters" in result.output


def test_progress_summary_and_roster_in_gradebook(fresh_course: Path, fake: FakeGrader) -> None:
    """Does a class run print progress lines with ETA (no TTY) and a summary, and does the
    gradebook hold the roster's names and e-mails, non-submitters included?"""
    (fresh_course / "roster.csv").write_text(
        "username,role,first_name,last_name,email\nalice,student,Alice,Martin,a@example.org\n"
        "nina,student,Nina,Simone,n@example.org\nprof,instructor,P,R,p@example.org\n")
    _submit(fresh_course, "alice", {"ch01.ipynb": "{}"})
    _submit(fresh_course, "bob", {"ch01.ipynb": "{}"})
    result = CliRunner().invoke(main, ["--course-dir", str(fresh_course), "grade", "ch01",
                                       "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "[1/2]" in result.output and "[2/2]" in result.output and "ETA" in result.output
    assert "2 submission(s): 2 graded" in result.output
    assert "réussi" not in result.output  # one language
    with Gradebook(Course(fresh_course).db_url) as gb:
        students = {s.id: s for s in gb.students}
    assert students["nina"].email == "n@example.org" and students["alice"].last_name == "Martin"
    assert "prof" not in students
    Course(fresh_course).nbgrader("export", "--to=grades.csv")
    exported = (fresh_course / "grades.csv").read_text(encoding="utf-8")
    assert "nina" in exported and "n@example.org" in exported and "Martin" in exported


def test_cli_version_help_and_lang_after_the_command(fresh_course: Path) -> None:
    """Are --version, exit codes in --help and `--lang` after the subcommand there?"""
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("deepmath, version")
    text = runner.invoke(main, ["--help"]).output
    assert "Exit codes" in text and "  6  " in text and "  7  " in text
    result = runner.invoke(main, ["--course-dir", str(fresh_course), "grade", "ch42",
                                  "--lang", "en"])
    assert result.exit_code == 3, result.output


def test_a_sandbox_that_could_not_run_is_the_graders_failure(
        fresh_course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Does a run the sandbox could not start (state grader_error, after its own retries) come
    back as the grader's failure — counted, exit 7 — and never as a 0 in the gradebook?"""
    real = FakeGrader()

    def unlucky(**kwargs: Any) -> api.Graded:
        graded = real(**kwargs)
        if kwargs["student"] == "bob":
            items = [replace(i, points=0.0, status="error") for i in graded.report.items]
            return api.Graded(replace(graded.report, items=items,
                                      sandbox_state="grader_error"), None, None)
        return graded

    monkeypatch.setattr(api, "grade_bytes", unlucky)
    for student in ("alice", "bob"):
        _submit(fresh_course, student, {"ch01.ipynb": "{}"})
    result = CliRunner().invoke(main, ["--course-dir", str(fresh_course), "grade", "ch01"])
    assert result.exit_code == 7, result.output
    assert "1 échec(s)" in result.output
    saved = json.loads((fresh_course / "autograded" / "bob" / "ch01" / "results.json")
                       .read_text())
    assert saved["failure"] is not None
    with Gradebook(Course(fresh_course).db_url) as gb:
        graded = {s.student.id for s in gb.find_assignment("ch01").submissions}
    assert "alice" in graded and "bob" not in graded


def test_links_planted_in_a_submission_are_never_followed(fresh_course: Path,
                                                          fake: FakeGrader) -> None:
    """A student who replaces their notebook, timestamp or submission secret in the exchange
    by links to the instructor's files (the master notebook, the course secret): nothing is
    read through them, the notebook gets a clear recorded result, and neither the autograded
    folder nor the feedback handed back to the student holds the linked files."""
    source = Course(fresh_course).source_notebook("ch01")
    secret = fresh_course / ".secret"
    secret.write_bytes(b"the-course-secret")
    folder = _submit(fresh_course, "alice", {}, stamp=None)
    (folder / "ch01.ipynb").symlink_to(source)
    (folder / "timestamp.txt").symlink_to(secret)
    (folder / "submission_secret.txt").symlink_to(secret)
    os.mkfifo(folder / "extra.ipynb")
    [report] = api.grade(course_dir=fresh_course, assignment="ch01")
    assert "alice" not in fake.calls  # the master notebook was not graded as hers
    assert report.score == 0 and "fichier ordinaire" in report.notes[0]("fr")
    out = fresh_course / "autograded" / "alice" / "ch01"
    assert not (out / "timestamp.txt").exists()
    api.feedback(course_dir=fresh_course, assignment="ch01")
    handed_back = fresh_course / "feedback" / "alice" / "ch01"
    for path in [*out.iterdir(), *handed_back.iterdir()]:
        assert b"the-course-secret" not in path.read_bytes(), path
        assert b"BEGIN SOLUTION" not in path.read_bytes(), path
