"""Do an author's mistakes give a clear message naming the file and line (no traceback)?"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.course import Course
from autograder.demo import copy_course
from autograder.errors import AuthoringError


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return copy_course(tmp_path / "course")


def test_syntax_error_in_items_file(course: Course) -> None:
    """Is a syntax error in items/ch01.py reported with the file and line, exit 2?"""
    path = course.root / "items" / "ch01.py"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(40, "    oops = (")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--course-dir", str(course.root), "release", "ch01"])
    assert result.exit_code == 2, result.output
    assert "ch01.py" in result.output and "line" in result.output
    assert "Traceback" not in result.output


def test_error_while_loading_items_names_the_line(course: Course) -> None:
    """Does an exception raised by the items file point at its line?"""
    path = course.root / "items" / "ch01.py"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nUNDEFINED_NAME + 1\n", encoding="utf-8")
    number = len((text + "\nUNDEFINED_NAME + 1").splitlines())
    with pytest.raises(AuthoringError, match=rf"ch01.py, line {number}: NameError"):
        course.items("ch01")


def test_typo_in_an_item_name(course: Course) -> None:
    """Does a test header naming no item give the notebook source's line and a hint?"""
    path = course.root / "notebooks" / "ch01.py"
    text = path.read_text(encoding="utf-8").replace(
        "# %% [test derivee_somme -> derivee_somme]", "# %% [test derivee_somee -> derivee_somme]")
    path.write_text(text, encoding="utf-8")
    number = next(i for i, line in enumerate(text.splitlines(), 1) if "derivee_somee" in line)
    with pytest.raises(AuthoringError, match=rf"notebooks/ch01.py, line {number}: .*typo"):
        course.build_source("ch01")


def test_missing_notebook_source(course: Course) -> None:
    """Is a missing notebooks/ch01.py named, exit 2, no traceback?"""
    (course.root / "notebooks" / "ch01.py").unlink()
    result = CliRunner().invoke(main, ["--course-dir", str(course.root), "release", "ch01"])
    assert result.exit_code == 2 and "notebooks/ch01.py" in result.output
    assert "missing" in result.output
