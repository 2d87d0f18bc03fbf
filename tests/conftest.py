"""Shared fixtures: a released copy of the course, built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from autograder import api
from autograder.demo import copy_course
from autograder.sandbox import Limits, SandboxUnavailable, check_available

os.environ.setdefault("DEEPMATH_SECRET", "test-secret-not-for-production")

FAST_LIMITS = Limits(cell_seconds=8, wall_seconds=150)
"""Limits used by the end-to-end tests (short cell timeout keeps infinite loops cheap)."""


def fast_limits(environment: str = "base") -> Limits:
    """FAST_LIMITS for a base assignment; for another students' environment (``tf``) its own
    limits (TensorFlow needs the address space, and a training cell up to a minute) with a
    shorter total run."""
    if environment == "base":
        return FAST_LIMITS
    from dataclasses import replace

    return replace(Limits.for_environment(environment), wall_seconds=300)


@pytest.fixture(scope="session")
def released_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's course, copied to a temporary directory with ch01 released."""
    root = tmp_path_factory.mktemp("course") / "course"
    course = copy_course(root)
    (course.root / "roster.csv").write_text(
        "username,role,first_name,last_name,email\nalice,student,Alice,A,a@example.org\n",
        encoding="utf-8")
    api.release(course_dir=course.root, assignment="ch01", exchange=False)
    return course.root


@pytest.fixture
def fresh_course(released_course: Path, tmp_path: Path) -> Path:
    """A private copy of the released course (tests may write submissions/gradebook)."""
    target = tmp_path / "course"
    shutil.copytree(released_course, target)
    return target


@pytest.fixture(scope="session")
def sandbox_ready() -> None:
    try:
        check_available()
    except SandboxUnavailable as exc:  # make test installs it: a failure, not a skip
        pytest.fail(str(exc))
