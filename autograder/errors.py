"""User-facing errors (bad input, unknown assignment): the CLI prints them and exits non-zero."""

from __future__ import annotations


class DeepmathError(Exception):
    """An error the user can act on. ``exit_code`` is what the CLI returns."""

    exit_code = 2


class UnknownAssignment(DeepmathError):
    exit_code = 3


class UnusableSubmission(DeepmathError):
    """The file is not a notebook we can grade (not JSON, not nbformat 4, unreadable…)."""

    exit_code = 4


class SetupError(DeepmathError):
    """Something is missing on this machine (sandbox, students' environment, nbgrader)."""

    exit_code = 5


class BadStudent(DeepmathError):
    """A student id that is malformed or not on the class list."""

    exit_code = 6


class AuthoringError(DeepmathError):
    """A mistake in the course's own files (items, notebook source): names file and line."""

    exit_code = 2


SOME_FAILED = 7
"""Exit code of a class command (grade, feedback) when some students could not be processed
(each has a recorded error; the others were processed normally)."""

EXIT_CODES = {
    0: "success (whatever the scores)",
    1: "unexpected internal error (a bug: please report it)",
    2: "usage error, or a mistake in the course's files (the message names file and line)",
    3: "unknown assignment",
    4: "not a usable notebook (malformed JSON, wrong format, another assignment)",
    5: "something missing on this machine (sandbox, students' environment, nbgrader)",
    6: "malformed student id, or a student not on the class list",
    7: "some submissions could not be processed (each has a recorded error; others are done)",
    8: "deepmath check: some checks of the assignment did not give what was expected",
}
CHECK_FAILED = 8
