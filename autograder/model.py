"""Grading results as data (otter-style dataclasses), serialisable to JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "error", "missing"]
STATUSES: tuple[str, ...] = ("pass", "fail", "error", "missing")


@dataclass(frozen=True)
class Msg:
    """A student-facing message in French (the book's language) and English."""

    fr: str
    en: str

    def __call__(self, lang: str = "fr") -> str:
        return self.en if lang == "en" else self.fr

    def format(self, **kwargs: Any) -> Msg:
        return Msg(self.fr.format(**kwargs), self.en.format(**kwargs))


@dataclass(frozen=True)
class Outcome:
    """What a checker says about one answer."""

    passed: bool
    message: Msg
    """Targeted feedback (why it is wrong, or a short confirmation)."""
    credit: float = 0.0
    """Share of the item's points earned when not passed (partial credit, 0 ≤ credit < 1)."""
    mistake: str | None = None
    """Name of the declared common mistake that matched, if any."""


@dataclass
class ItemResult:
    """The verdict on one item of one submission."""

    id: str
    """Item id, ``ch01.<name>``."""
    points: float
    max_points: float
    status: Status
    feedback: Msg
    mistake: str | None = None
    manual_points: float | None = None
    """The instructor's score from formgrader (nbgrader's ``manual_score``): it wins."""
    comment: str = ""
    """The instructor's comment from formgrader (nbgrader's ``manual_comment``)."""

    @property
    def final_points(self) -> float:
        return self.points if self.manual_points is None else self.manual_points

    def to_json(self, lang: str = "fr") -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id, "points": self.final_points, "max_points": self.max_points,
            "status": self.status, "feedback": self.feedback(lang), "mistake": self.mistake}
        if self.manual_points is not None:
            data["auto_points"] = self.points
        if self.comment:
            data["comment"] = self.comment
        return data


@dataclass
class GradeReport:
    """The verdicts on one submission (one notebook of one student)."""

    assignment: str
    student: str
    items: list[ItemResult]
    notes: list[Msg] = field(default_factory=list)
    """Things the student should know about the run (restored cells, kernel deaths, …)."""
    sandbox_state: str = "finished"
    submission_sha256: str = ""
    seed: int = 0
    """Seed of the grading-time random probes (for reproducing a grade)."""
    notebook: str = ""
    """File name of the graded notebook inside the submission folder."""
    submitted_at: str | None = None
    """Submission time (UTC, ISO 8601) from nbgrader's ``timestamp.txt``."""
    duedate: str | None = None
    """The assignment's due date (UTC, ISO 8601) from nbgrader's gradebook, if any."""
    seconds_late: float = 0.0
    late_penalty: float = 0.0
    """Points taken off for lateness (the late policy, see ``gradebook.py``)."""
    failure: Msg | None = None
    """Set when the grader could not process this submission (recorded, never a crash)."""

    @property
    def auto_score(self) -> float:
        return round(sum(item.points for item in self.items), 6)

    @property
    def score(self) -> float:
        """Final score: manual overrides win over automatic points, minus the late penalty."""
        total = sum(item.final_points for item in self.items)
        return round(max(0.0, total - self.late_penalty), 6)

    @property
    def max_score(self) -> float:
        return round(sum(item.max_points for item in self.items), 6)

    def to_json(self, lang: str = "fr") -> dict[str, Any]:
        return {
            "assignment": self.assignment, "student": self.student,
            "score": self.score, "max_score": self.max_score,
            "items": [item.to_json(lang) for item in self.items],
            "notes": [note(lang) for note in self.notes],
            "sandbox_state": self.sandbox_state,
            "submission_sha256": self.submission_sha256, "seed": self.seed,
            "notebook": self.notebook, "submitted_at": self.submitted_at,
            "duedate": self.duedate, "seconds_late": self.seconds_late,
            "late_penalty": self.late_penalty,
            "failure": self.failure(lang) if self.failure else None,
        }

    def to_record(self) -> dict[str, Any]:
        """Both languages, for storage next to the autograded notebook."""
        data = asdict(self)
        data["score"], data["max_score"] = self.score, self.max_score
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> GradeReport:
        items = [ItemResult(id=i["id"], points=i["points"], max_points=i["max_points"],
                            status=i["status"], feedback=Msg(**i["feedback"]),
                            mistake=i.get("mistake"), manual_points=i.get("manual_points"),
                            comment=i.get("comment") or "") for i in data["items"]]
        failure = data.get("failure")
        return cls(assignment=data["assignment"], student=data["student"], items=items,
                   notes=[Msg(**n) for n in data.get("notes", [])],
                   sandbox_state=data.get("sandbox_state", "finished"),
                   submission_sha256=data.get("submission_sha256", ""),
                   seed=data.get("seed", 0), notebook=data.get("notebook", ""),
                   submitted_at=data.get("submitted_at"), duedate=data.get("duedate"),
                   seconds_late=float(data.get("seconds_late", 0.0)),
                   late_penalty=float(data.get("late_penalty", 0.0)),
                   failure=Msg(**failure) if isinstance(failure, dict) else None)
