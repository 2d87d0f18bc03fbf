"""Is the CLI a thin, well-behaved layer: JSON report, exit codes, clear messages?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.course import Course
from autograder.demo import load_scenarios, make_submission


def _invoke(course: Path, *args: str):  # noqa: ANN202
    return CliRunner().invoke(main, ["--course-dir", str(course), *args])


@pytest.mark.slow
@pytest.mark.sandbox
def test_grade_notebook_json(released_course: Path, tmp_path: Path,
                             sandbox_ready: None) -> None:
    """Does grade-notebook print the documented JSON and exit 0 whatever the score?"""
    course = Course(released_course)
    path = tmp_path / "bob.ipynb"
    path.write_text(make_submission(course, "ch01", load_scenarios(course, "ch01")["bob"]))
    before = path.read_bytes()
    result = _invoke(released_course, "grade-notebook", str(path), "--assignment", "ch01",
                     "--student", "alice", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"assignment", "student", "score", "max_score", "items"}
    assert data["assignment"] == "ch01" and data["student"] == "alice"
    assert 0 < data["score"] < data["max_score"]
    for item in data["items"]:
        assert set(item) >= {"id", "points", "max_points", "status", "feedback"}
        assert item["status"] in {"pass", "fail", "error", "missing"}
    assert path.read_bytes() == before  # the submission is only read


@pytest.mark.parametrize(("content", "words"), [
    (b"{ this is not json", "malformed JSON"),
    (b'{"hello": "world"}', "not a Jupyter notebook"),
    (b'{"nbformat": 3, "nbformat_minor": 0, "cells": [], "metadata": {}}', "format"),
])
def test_unusable_input_exits_non_zero(released_course: Path, tmp_path: Path, content: bytes,
                                       words: str, sandbox_ready: None) -> None:
    """Is unusable input refused with a clear message and a non-zero exit?"""
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    result = _invoke(released_course, "grade-notebook", str(path), "--assignment", "ch01",
                     "--student", "alice", "--json")
    assert result.exit_code == 4
    assert words in result.output
    assert path.read_bytes() == content


def test_unknown_assignment_and_missing_file(released_course: Path, tmp_path: Path) -> None:
    """Do an unknown assignment and a missing file give a message and a non-zero exit?"""
    path = tmp_path / "x.ipynb"
    path.write_text("{}")
    result = _invoke(released_course, "grade-notebook", str(path), "--assignment", "ch99",
                     "--student", "x")
    assert result.exit_code == 3 and "unknown assignment" in result.output
    result = _invoke(released_course, "grade-notebook", str(tmp_path / "nope.ipynb"),
                     "--assignment", "ch01", "--student", "x")
    assert result.exit_code != 0 and "no such file" in result.output
    assert _invoke(released_course, "release", "ch42").exit_code == 3
