"""Write verdicts into nbgrader's gradebook (what formgrader and nbgrader export read)."""

from __future__ import annotations

import threading
import warnings
from datetime import UTC, datetime

from nbgrader.api import Gradebook, MissingEntry

from .course import ensure_tools_on_path
from .model import GradeReport

_LOCK = threading.Lock()
"""SQLite has one writer: grading threads record their reports one at a time."""


def save_report(db_url: str, report: GradeReport, notebook_id: str,
                timestamp: datetime | None = None) -> None:
    """Record the item scores of ``report`` as nbgrader auto scores (grade cell = item)."""
    ensure_tools_on_path()
    with _LOCK, warnings.catch_warnings(), Gradebook(db_url) as gb:
        # nbgrader 0.9's add_submission trips SQLAlchemy 2's autoflush warning (harmless).
        warnings.filterwarnings("ignore", message=".*not in session.*")
        gb.update_or_create_student(report.student)
        try:
            submission = gb.find_submission(report.assignment, report.student)
        except MissingEntry:
            submission = gb.add_submission(report.assignment, report.student,
                                           timestamp=timestamp or datetime.now(UTC))
        else:
            if timestamp is not None:
                submission.timestamp = timestamp
        for item in report.items:
            grade = gb.find_grade(item.id.replace(".", "-"), notebook_id, report.assignment,
                                  report.student)
            grade.auto_score = item.points
            grade.needs_manual_grade = False
        gb.db.commit()
