"""``deepmath export``: final scores as files an LMS imports, one column per assignment.

Scores come from nbgrader's gradebook (formgrader's manual overrides and the recorded late
penalty included, see ``classdata``); every student of the class has a row, those who did not
submit with 0 (``missing="blank"`` leaves the cell empty: the LMS then keeps what it has).
Identifiers come from ``roster.csv``'s optional LMS columns (``lms_id``, ``sis_id``,
``sis_login_id``, ``section``; see ``classdata``).

Formats:

* ``moodle`` — Moodle's CSV grade import (Grades > Import > CSV file): the first row names the
  columns, one column identifies the user, one column per grade item; at the preview the
  teacher maps the identifier column ("Map from") to a user field ("Map to": ``useremail``,
  ``useridnumber`` or ``username``) and each grade column to a grade item.
  Documented in MoodleDocs, "Grade import" (docs.moodle.org/311/en/Grade_import, section
  "CSV grade import"). We write ``Username``, ``ID number``, ``Email address`` (the labels
  of Moodle's own grade export, so any of the three can be mapped), then one column per
  assignment.
* ``canvas`` — Canvas's Gradebook CSV import (Gradebook > Import): the column layout of the
  Gradebook export, ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per
  assignment (a column whose name matches no assignment creates one), with the optional
  ``Points Possible`` second row that the export writes. Documented in the Canvas Instructor
  Guide, "How do I import grades in the Gradebook?" (community.canvaslms.com), and e.g. Ohio
  State's guide "Import a CSV file to Carmen Grades"
  (teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/
  import-csv-file-carmen-grades): the student is identified by name, Canvas ID or SIS User
  ID, then SIS Login ID, Section and the assignment columns.
* ``csv`` — one row per student and assignment with everything (identifiers, timestamp,
  lateness, raw score, penalty, final score), like ``nbgrader export``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from .classdata import ClassData, Person, load_class
from .course import Course
from .errors import DeepmathError

FORMATS = ("moodle", "canvas", "csv")
MOODLE_IDS = ("Username", "ID number", "Email address")
CANVAS_IDS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CSV_COLUMNS = ("username", "first_name", "last_name", "email", "lms_id", "sis_id",
               "sis_login_id", "section", "assignment", "submitted", "timestamp",
               "seconds_late", "raw_score", "late_penalty", "score", "max_score")


def _num(x: float) -> str:
    return f"{round(x, 4):g}"


def _people(classes: Sequence[ClassData]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for data in classes:
        for username, person in data.people.items():
            people.setdefault(username, person)
    return dict(sorted(people.items()))


def _score(data: ClassData, username: str, missing: str) -> str:
    final = data.final(username)
    if final is None:
        return "" if missing == "blank" else "0"
    return _num(final.score)


def canvas_name(person: Person) -> str:
    """Canvas's ``Student`` column: "Last, First" (the Gradebook export's form)."""
    if person.last_name:
        return f"{person.last_name}, {person.first_name}".strip(", ")
    return person.display_name


def rows(classes: Sequence[ClassData], fmt: str, missing: str = "zero") -> list[list[str]]:
    """The export's rows (header first) in format ``fmt``."""
    people = _people(classes)
    names = [data.assignment for data in classes]
    if fmt == "moodle":
        out = [[*MOODLE_IDS, *names]]
        out += [[p.sis_login_id or u, p.sis_id, p.email,
                 *(_score(d, u, missing) for d in classes)] for u, p in people.items()]
        return out
    if fmt == "canvas":
        out = [[*CANVAS_IDS, *names],
               ["    Points Possible", "", "", "", "", *(_num(d.max_score) for d in classes)]]
        out += [[canvas_name(p), p.lms_id, p.sis_id, p.sis_login_id or u, p.section,
                 *(_score(d, u, missing) for d in classes)] for u, p in people.items()]
        return out
    if fmt == "csv":
        out = [list(CSV_COLUMNS)]
        for data in classes:
            for u, p in people.items():
                final = data.final(u)
                ids = [u, p.first_name, p.last_name, p.email, p.lms_id, p.sis_id,
                       p.sis_login_id or u, p.section, data.assignment]
                if final is None:
                    out.append([*ids, "0", "", "", "", "", _score(data, u, missing),
                                _num(data.max_score)])
                    continue
                stamp = final.timestamp.isoformat() if final.timestamp else ""
                out.append([*ids, "1", stamp, _num(final.seconds_late), _num(final.raw_score),
                            _num(final.penalty), _num(final.score),
                            _num(final.max_score or data.max_score)])
        return out
    raise DeepmathError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")


def export(*, course_dir: Path, assignments: Sequence[str], fmt: str,
           output: Path | None = None, missing: str = "zero") -> Path:
    """Write the export of ``assignments`` (all graded ones when empty); returns the file."""
    course = Course(course_dir)
    names = list(assignments) or [
        a for a in course.assignments()
        if any((course.root / "autograded").glob(f"*/{a}/results.json"))]
    if not names:
        raise DeepmathError("nothing graded yet: run `deepmath grade` first")
    if fmt not in FORMATS:
        raise DeepmathError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    classes = [load_class(course, a) for a in names]
    target = output or course.root / "exports" / f"{'-'.join(names)}-{fmt}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows(classes, fmt, missing))
    # UTF-8 with a BOM: both LMSs read it, and spreadsheet programs keep accents intact.
    target.write_text(buf.getvalue(), encoding="utf-8-sig")
    return target
