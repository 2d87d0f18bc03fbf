"""What the course knows about one assignment's class, read-only: the roster (with its LMS
identifiers), the autograder's reports and the gradebook's final scores.

Sources, all instructor-side:

* ``roster.csv`` — ``username,role,first_name,last_name,email`` plus optional LMS columns:
  ``lms_id`` (the LMS's own user id: Canvas "ID"), ``sis_id`` (the institution's student
  number: Canvas "SIS User ID", Moodle "ID number"), ``sis_login_id`` (Canvas "SIS Login ID",
  Moodle username; defaults to ``username``) and ``section`` (Canvas "Section"). Students
  only in the gradebook are added with what the gradebook knows (its ``lms_user_id``).
* ``autograded/<student>/<a>/results.json`` — ``GradeReport.to_record()``.
* ``gradebook.db`` (nbgrader) — each submission's timestamp, lateness and final score:
  ``SubmittedAssignment.score`` sums ``Grade.score``, which prefers formgrader's manual score
  over the auto score; the late penalty is nbgrader's ``late_submission_penalty`` (what
  nbgrader's late-submission plugin records). Final = max(0, score − penalty), as
  ``nbgrader export`` computes it. Without a gradebook the results' scores are used.
"""

from __future__ import annotations

import csv
import json
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .course import Course, ensure_tools_on_path
from .model import GradeReport, Msg


@dataclass(frozen=True)
class Person:
    """One student of the roster, with the identifiers LMS imports match on."""

    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_id: str = ""
    sis_id: str = ""
    sis_login_id: str = ""
    section: str = ""

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.username


@dataclass(frozen=True)
class Final:
    """The gradebook's view of one submission."""

    raw_score: float
    penalty: float
    max_score: float
    timestamp: datetime | None = None
    seconds_late: float = 0.0

    @property
    def score(self) -> float:
        return max(0.0, round(self.raw_score - self.penalty, 6))

    @property
    def late(self) -> bool:
        return self.seconds_late > 0


@dataclass(frozen=True)
class ItemInfo:
    id: str
    title: Msg
    points: float
    mistakes: dict[str, Msg] = field(default_factory=dict)
    """Declared mistakes: name → the message a student who made it sees."""


@dataclass
class ClassData:
    """Everything the report, the exports and the similarity check read for one assignment."""

    assignment: str
    items: list[ItemInfo]
    people: dict[str, Person]
    """Every student (roster ∪ gradebook ∪ graded), by username."""
    reports: dict[str, GradeReport]
    """The graded submissions, by username."""
    finals: dict[str, Final]
    """The gradebook's final scores, by username (empty without a gradebook)."""

    @property
    def max_score(self) -> float:
        return round(sum(item.points for item in self.items), 6)

    def final(self, student: str) -> Final | None:
        """The student's final score: the gradebook's, else the autograder's, else None."""
        if student in self.finals:
            return self.finals[student]
        report = self.reports.get(student)
        if report is None:
            return None
        # Reports that record overrides and lateness themselves (``final_points``,
        # ``late_penalty``, ``seconds_late``) are read as such; older ones have neither.
        raw = sum(float(getattr(i, "final_points", i.points)) for i in report.items)
        return Final(round(raw, 6), float(getattr(report, "late_penalty", 0.0)),
                     report.max_score, seconds_late=float(getattr(report, "seconds_late", 0.0)))


def read_roster(course: Course) -> dict[str, Person]:
    path = course.root / "roster.csv"
    people: dict[str, Person] = {}
    if not path.exists():
        return people
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            if not row.get("username") or row.get("role", "student") != "student":
                continue
            people[row["username"]] = Person(
                username=row["username"], first_name=row.get("first_name", ""),
                last_name=row.get("last_name", ""), email=row.get("email", ""),
                lms_id=row.get("lms_id", ""), sis_id=row.get("sis_id", ""),
                sis_login_id=row.get("sis_login_id", "") or row["username"],
                section=row.get("section", ""))
    return people


def _read_gradebook(course: Course, assignment: str,
                    people: dict[str, Person]) -> dict[str, Final]:
    """Final scores from nbgrader's gradebook; adds gradebook-only students to ``people``."""
    if not (course.root / "gradebook.db").exists():
        return {}
    from nbgrader.api import Gradebook, MissingEntry

    ensure_tools_on_path()
    finals: dict[str, Final] = {}
    with warnings.catch_warnings(), Gradebook(course.db_url) as gb:
        warnings.filterwarnings("ignore", message=".*not in session.*")
        for student in gb.students:
            if student.id not in people:
                people[student.id] = Person(
                    username=student.id, first_name=student.first_name or "",
                    last_name=student.last_name or "", email=student.email or "",
                    lms_id=student.lms_user_id or "", sis_login_id=student.id)
            try:
                sub = gb.find_submission(assignment, student.id)
            except MissingEntry:
                continue
            finals[student.id] = Final(
                raw_score=float(sub.score or 0.0),
                penalty=float(sub.late_submission_penalty or 0.0),
                max_score=float(sub.max_score or 0.0), timestamp=sub.timestamp,
                seconds_late=float(sub.total_seconds_late or 0.0))
    return finals


def load_class(course: Course, assignment: str) -> ClassData:
    """Read the roster, the reports of ``assignment`` and its gradebook entries."""
    course.check_assignment(assignment)
    items = [ItemInfo(item.id, item.title, float(item.points),
                      {m.name: m.message for m in item.mistakes})
             for item in course.items(assignment)]
    people = read_roster(course)
    reports: dict[str, GradeReport] = {}
    for path in sorted((course.root / "autograded").glob(f"*/{assignment}/results.json")):
        report = GradeReport.from_record(json.loads(path.read_text(encoding="utf-8")))
        reports[report.student] = report
        people.setdefault(report.student, Person(report.student, sis_login_id=report.student))
    finals = _read_gradebook(course, assignment, people)
    return ClassData(assignment, items, dict(sorted(people.items())), reports, finals)


def feedback_page(course_root: Path, student: str, assignment: str) -> Path:
    return course_root / "feedback" / student / assignment / f"{assignment}.html"
