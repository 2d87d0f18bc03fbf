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
