"""nbgrader's gradebook: where verdicts go (formgrader and ``nbgrader export`` read it) and the
source of truth for final scores (the instructor's manual overrides and comments, the late
penalty), which the score table and the feedback read back.

Late policy: the due date is the assignment's ``duedate`` in the gradebook (set with
formgrader or ``nbgrader db assignment add ch01 --duedate=...``); the penalty is configured in
``nbgrader_config.py``::

    c.DeepmathLatePolicy.penalty_per_day = 0.1   # 10 % of the maximum score per started day
    c.DeepmathLatePolicy.grace_minutes = 15
    c.DeepmathLatePolicy.max_penalty = 0.5       # never more than half the maximum score

nbgrader's own ``c.LateSubmissionPlugin.penalty_method = "zero"`` is honoured too.
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from nbgrader.api import Gradebook, MissingEntry
from traitlets import Float
from traitlets.config import Configurable

from .course import ensure_tools_on_path
from .model import GradeReport, ItemResult

_LOCK = threading.Lock()
"""SQLite has one writer: grading threads record their reports one at a time."""


class DeepmathLatePolicy(Configurable):
    """Points taken off a late submission (shares of the maximum score)."""

    penalty_per_day = Float(0.0, help="Share of the maximum score taken off per started day "
                            "late (0: no penalty).").tag(config=True)
    grace_minutes = Float(0.0, help="Lateness forgiven (minutes).").tag(config=True)
    max_penalty = Float(1.0, help="Largest penalty, as a share of the maximum score."
                        ).tag(config=True)

    def penalty(self, seconds_late: float, score: float, max_score: float,
                zero: bool = False) -> float:
        if seconds_late <= self.grace_minutes * 60:
            return 0.0
        if zero:  # nbgrader's penalty_method = "zero"
            return score
        days = math.ceil(seconds_late / 86400)
        share = min(max(self.max_penalty, 0.0), max(self.penalty_per_day, 0.0) * days)
        return round(min(score, share * max_score), 6)


def late_policy(config: Any) -> tuple[DeepmathLatePolicy, bool]:
    """The configured policy, and whether nbgrader's ``penalty_method`` is "zero"."""
    zero = str(config.get("LateSubmissionPlugin", {}).get("penalty_method", "none")) == "zero"
    return DeepmathLatePolicy(config=config), zero


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat() + "+00:00"


def sync_students(db_url: str, roster: Iterable[dict[str, str]]) -> None:
    """Add the roster's students (names, e-mails) to the gradebook, so that formgrader and
    ``nbgrader export`` list everyone, those who submitted nothing included."""
    ensure_tools_on_path()
    with _LOCK, Gradebook(db_url) as gb:
        for row in roster:
            fields = {k: row[k] for k in ("first_name", "last_name", "email") if row.get(k)}
            gb.update_or_create_student(row["username"], **fields)


def save_report(db_url: str, report: GradeReport, notebook_id: str,
                timestamp: datetime | None = None,
                policy: tuple[DeepmathLatePolicy, bool] | None = None) -> GradeReport:
    """Record the item scores of ``report`` as nbgrader auto scores (grade cell = item), the
    submission time (naive UTC, as nbgrader stores it: formgrader then lists the submission
    as autograded) and the late penalty. Returns the report with the gradebook's view of it
    (due date, lateness, penalty, manual overrides and comments)."""
    ensure_tools_on_path()
    with _LOCK, warnings.catch_warnings(), Gradebook(db_url) as gb:
        # nbgrader 0.9's add_submission trips SQLAlchemy 2's autoflush warning (harmless).
        warnings.filterwarnings("ignore", message=".*not in session.*")
        gb.update_or_create_student(report.student)
        try:
            submission = gb.find_submission(report.assignment, report.student)
        except MissingEntry:
            submission = gb.add_submission(report.assignment, report.student,
                                           timestamp=timestamp)
        submission.timestamp = timestamp
        for item in report.items:
            grade = gb.find_grade(item.id.replace(".", "-"), notebook_id, report.assignment,
                                  report.student)
            grade.auto_score = item.points
            grade.needs_manual_grade = False
        notebook = gb.find_submission_notebook(notebook_id, report.assignment, report.student)
        seconds_late = float(submission.total_seconds_late)
        late, zero = policy or (DeepmathLatePolicy(), False)
        penalty = late.penalty(seconds_late, report.auto_score, report.max_score, zero)
        notebook.late_submission_penalty = penalty or None
        gb.db.commit()
        due = submission.duedate
    report = replace(report, submitted_at=_iso(timestamp), duedate=_iso(due),
                     seconds_late=seconds_late, late_penalty=penalty)
    return read_final(db_url, report, notebook_id)


def read_final(db_url: str, report: GradeReport, notebook_id: str) -> GradeReport:
    """The report with what the gradebook says now: formgrader's manual scores and comments
    (they win over the automatic verdicts) and the late penalty."""
    ensure_tools_on_path()
    with _LOCK, Gradebook(db_url) as gb:
        try:
            notebook = gb.find_submission_notebook(notebook_id, report.assignment,
                                                   report.student)
        except MissingEntry:
            return report
        manual = {g.name: g.manual_score for g in notebook.grades}
        comments = {c.name.removesuffix("-reponse"): (c.manual_comment or "").strip()
                    for c in notebook.comments}
        penalty = float(notebook.late_submission_penalty or 0.0)
    items: list[ItemResult] = []
    for item in report.items:
        gid = item.id.replace(".", "-")
        items.append(replace(item, manual_points=manual.get(gid),
                             comment=comments.get(gid, "") or comments.get(gid + "-reponse", "")))
    return replace(report, items=items, late_penalty=penalty)
