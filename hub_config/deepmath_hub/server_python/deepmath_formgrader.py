"""Formgrader's ⚡ Autograde and Generate-feedback buttons run deepmath (instructors' servers).

Stock nbgrader answers the button with ``nbgrader autograde``: the student's code runs in a
kernel as the instructor, outside the sandbox, and its scores overwrite deepmath's in the
gradebook. This server extension answers the same URL with ``deepmath grade ASSIGNMENT
--student STUDENT``: the submission runs in the bubblewrap sandbox and deepmath records its
verdicts in the gradebook, as the documented terminal command does.

The formgrader's "Generate feedback" buttons (one student, or the whole assignment) would run
stock ``nbgrader generate_feedback``, whose pages show the hidden test code in tracebacks; they
run ``deepmath feedback ASSIGNMENT`` instead (it rewrites every graded student's page, with the
gradebook's final scores, and never shows hidden code).

These handlers win over nbgrader's because Jupyter loads server extensions in name order
(``deepmath_formgrader`` before ``nbgrader.server_extensions.formgrader``) and tornado routes a
URL to the first rule registered for it. Copied by ``deepmath_hub/provision.py`` into the
instructors' config directory and enabled in their ``jupyter_server_config.json``.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from jupyter_server.utils import url_path_join
from nbgrader.server_extensions.formgrader.base import (
    BaseApiHandler,
    check_notebook_dir,
    check_xsrf,
)
from tornado import web

AUTOGRADE_URL = r"/formgrader/api/submission/([^/]+)/([^/]+)/autograde"
FEEDBACK_URLS = (r"/formgrader/api/assignment/([^/]+)/generate_feedback",
                 r"/formgrader/api/assignment/([^/]+)/([^/]+)/generate_feedback")
GRADE_TIMEOUT = 900
HEADER = ("Graded by deepmath in the bubblewrap sandbox (not stock `nbgrader autograde`): "
          "the same as `deepmath grade {assignment} --student {student} --force` in a terminal.")


def grade_command(course_root: str, assignment: str, student: str) -> list[str]:
    """The command the button runs: the instructors' env's ``deepmath``, for one student.

    ``--force``: a click on ⚡ Autograde asks for that submission to be graded again (as stock
    nbgrader's button does), even when its recorded result is up to date for a resumed class run.
    """
    deepmath = Path(sys.executable).with_name("deepmath")
    return [str(deepmath) if deepmath.exists() else "deepmath", "--course-dir", course_root,
            "--lang", "en", "grade", assignment, "--student", student, "--force"]


def feedback_command(course_root: str, assignment: str) -> list[str]:
    """The command the Generate-feedback buttons run: ``deepmath feedback`` (all students)."""
    return [*grade_command(course_root, assignment, "")[:5], "feedback", assignment]


def run_command(argv: list[str], course_root: str, header: str) -> dict[str, Any]:
    """Run one deepmath command for the formgrader; nbgrader's result dict comes out."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=GRADE_TIMEOUT,
                              check=False, cwd=course_root, env=os.environ.copy())
    except (OSError, subprocess.TimeoutExpired) as error:
        return {"success": False, "log": header, "error": f"{' '.join(argv)}: {error}"}
    log = f"{header}\n$ {' '.join(argv)}\n{done.stdout}{done.stderr}"
    if done.returncode != 0:
        return {"success": False, "log": log,
                "error": f"{' '.join(argv[-2:])} exited with status {done.returncode}"}
    return {"success": True, "log": log}


def run_feedback(course_root: str, assignment: str) -> dict[str, Any]:
    header = (f"Feedback written by deepmath (`deepmath feedback {assignment}`), not stock "
              "`nbgrader generate_feedback`, which shows hidden tests.")
    return run_command(feedback_command(course_root, assignment), course_root, header)


def run_grading(course_root: str, assignment: str, student: str) -> dict[str, Any]:
    """One student's submission is graded in the sandbox; nbgrader's result dict comes out."""
    argv = grade_command(course_root, assignment, student)
    header = HEADER.format(assignment=assignment, student=student)
    result = run_command(argv, course_root, header)
    if not result["success"]:
        return result
    log = str(result["log"])
    if "no submission found" in log:
        return {"success": False, "log": log,
                "error": f"no collected submission of {assignment} for {student}: Collect first"}
    return {"success": True, "log": log}


class SandboxedAutogradeHandler(BaseApiHandler):  # type: ignore[misc]
    """POST .../submission/ASSIGNMENT/STUDENT/autograde: deepmath grades it, sandboxed."""

    @web.authenticated
    @check_xsrf
    @check_notebook_dir
    async def post(self, assignment_id: str, student_id: str) -> None:
        root = str(self.coursedir.root)
        result = await asyncio.to_thread(run_grading, root, assignment_id, student_id)
        self.write(json.dumps(result))


class DeepmathFeedbackHandler(BaseApiHandler):  # type: ignore[misc]
    """POST .../assignment/ASSIGNMENT[/STUDENT]/generate_feedback: ``deepmath feedback``."""

    @web.authenticated
    @check_xsrf
    @check_notebook_dir
    async def post(self, assignment_id: str, student_id: str | None = None) -> None:
        root = str(self.coursedir.root)
        result = await asyncio.to_thread(run_feedback, root, assignment_id)
        self.write(json.dumps(result))


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "deepmath_formgrader"}]


def _load_jupyter_server_extension(app: Any) -> None:
    pattern = url_path_join(app.web_app.settings["base_url"], AUTOGRADE_URL.lstrip("/"))
    rules: list[tuple[str, type]] = [(pattern, SandboxedAutogradeHandler)]
    rules += [(url_path_join(app.web_app.settings["base_url"], url.lstrip("/")),
               DeepmathFeedbackHandler) for url in FEEDBACK_URLS]
    app.web_app.add_handlers(".*$", rules)
    app.log.info("deepmath: formgrader's Autograde runs `deepmath grade` in the sandbox and "
                 "Generate feedback runs `deepmath feedback`")
