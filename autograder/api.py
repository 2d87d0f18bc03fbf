"""Library entry points (keyword-only); ``cli.py`` is a thin layer over them."""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat

from .course import Course
from .errors import UnusableSubmission
from .feedback import autograded_notebook, feedback_html
from .gradebook import save_report
from .model import GradeReport, Msg
from .pipeline import Context, run_pipeline
from .sandbox import Limits, check_available
from .student_kit import write_kit
from .variants import TABLE_NAME, student_variant, variant_table


@dataclass(frozen=True)
class Graded:
    report: GradeReport
    executed: nbformat.NotebookNode | None
    unusable: Msg | None
    answers_text: str = ""
    """The answers the kernel handed out (JSON lines, untrusted: read back through
    ``answers.collect``); kept as ``answers.jsonl`` for ``deepmath similarity``."""


@dataclass(frozen=True)
class Released:
    assignment: str
    release_dir: Path
    students: list[str]
    exchanged: bool


def release(*, course_dir: Path, assignment: str, exchange: bool | None = None) -> Released:
    """Build the master notebook, run nbgrader generate_assignment, write the students'
    variants next to the released notebook and, if an exchange is configured (or asked
    for), run nbgrader release_assignment."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    master = nbformat.read(str(course.build_source(assignment)), as_version=4)
    write_kit(course.root / "source" / assignment, assignment, course.items(assignment), master)
    students = course.students()
    table = variant_table(course.items(assignment), course.secret, assignment, students)
    source_table = course.root / "source" / assignment / TABLE_NAME
    source_table.write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")
    course.nbgrader("generate_assignment", assignment, "--force")
    release_dir = course.root / "release" / assignment
    if exchange is None:  # release to the exchange when nbgrader's config names one that exists
        exchange = course.exchange_root() is not None
    if exchange:
        course.nbgrader("release_assignment", assignment, "--force")
    return Released(assignment, release_dir, students, exchange)


def _master(course: Course, assignment: str) -> nbformat.NotebookNode:
    path = course.source_notebook(assignment)
    if not path.exists():
        path = course.build_source(assignment)
    master: nbformat.NotebookNode = nbformat.read(str(path), as_version=4)
    return master


def grade_bytes(*, course: Course, assignment: str, student: str, raw: bytes,
                limits: Limits | None = None, seed: int | None = None,
                slot: int = 0) -> Graded:
    """Grade one submitted file (its bytes): the report, the executed notebook, and why the
    file was unusable (if it was; the report then records every item as missing)."""
    items = course.items(assignment)
    variant = student_variant(items, course.secret, assignment, student)
    ctx = Context(
        assignment=assignment, student=student, raw=raw, master=_master(course, assignment),
        items=items, params={item.id: variant[item.name]["params"] for item in items},
        variant=variant,
        limits=limits or Limits(), seed=seed if seed is not None else secrets.randbits(32),
        slot=slot)
    run_pipeline(ctx)
    report = GradeReport(
        assignment=assignment, student=student, items=ctx.results,
        notes=([ctx.unusable] if ctx.unusable else []) + ctx.notes,
        sandbox_state=ctx.sandbox.state if ctx.sandbox else "not_run",
        submission_sha256=hashlib.sha256(raw).hexdigest(), seed=ctx.seed)
    executed = None
    if ctx.sandbox is not None and ctx.sandbox.executed_notebook:
        try:
            executed = nbformat.reads(ctx.sandbox.executed_notebook, as_version=4)
        except Exception:  # untrusted file written inside the sandbox
            executed = None
    return Graded(report, executed, ctx.unusable,
                  ctx.sandbox.answers_text if ctx.sandbox is not None else "")


def grade_notebook(*, path: Path, assignment: str, student: str, course_dir: Path,
                   limits: Limits | None = None, seed: int | None = None) -> GradeReport:
    """Grade one notebook file. Unusable input (not a notebook, malformed JSON, wrong format)
    raises UnusableSubmission; the file itself is only read."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    check_available()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnusableSubmission(f"cannot read {path}: {exc.strerror}") from exc
    graded = grade_bytes(course=course, assignment=assignment, student=student, raw=raw,
                         limits=limits, seed=seed)
    if graded.unusable is not None:
        raise UnusableSubmission(f"{path}: {graded.unusable('en')}")
    return graded.report


def _grade_one(course: Course, assignment: str, student: str, files: list[Path],
               limits: Limits | None, slot: int) -> GradeReport:
    path = files[0]
    raw = path.read_bytes()
    graded = grade_bytes(course=course, assignment=assignment, student=student, raw=raw,
                         limits=limits, slot=slot)
    report, executed = graded.report, graded.executed
    out_dir = course.root / "autograded" / student / assignment
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(report.to_record(), ensure_ascii=False,
                                                     indent=1), encoding="utf-8")
    (out_dir / "submission.sha256").write_text(report.submission_sha256 + "\n")
    (out_dir / "answers.jsonl").write_text(graded.answers_text, encoding="utf-8")
    if executed is not None:
        nbformat.write(autograded_notebook(executed, report), str(out_dir / f"{assignment}.ipynb"))
    stamp = path.parent / "timestamp.txt"
    timestamp = None
    if stamp.exists():
        try:
            timestamp = datetime.fromisoformat(stamp.read_text().strip())
        except ValueError:
            timestamp = None
    if stamp.exists():
        shutil.copyfile(stamp, out_dir / "timestamp.txt")
    save_report(course.db_url, report, assignment, timestamp)
    return report


def grade(*, course_dir: Path, assignment: str, student: str | None = None, workers: int = 2,
          limits: Limits | None = None,
          progress: Callable[[GradeReport], None] | None = None) -> list[GradeReport]:
    """Grade every collected submission (or one student's), ``workers`` sandboxes at a time.
    Results go to ``autograded/<student>/<assignment>/`` and into the gradebook."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    check_available()
    if not (course.root / "gradebook.db").exists() or not course.source_notebook(
            assignment).exists():
        release(course_dir=course_dir, assignment=assignment, exchange=False)
    subs = course.submissions(assignment)
    if student is not None:
        subs = {student: subs[student]} if student in subs else {}
    reports: list[GradeReport] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(_grade_one, course, assignment, sid, files, limits, n % workers)
                   for n, (sid, files) in enumerate(sorted(subs.items()))]
        for future in futures:
            report = future.result()
            reports.append(report)
            if progress:
                progress(report)
    return reports


def feedback(*, course_dir: Path, assignment: str, lang: str = "fr",
             release_to_students: bool = False) -> list[Path]:
    """Write feedback/<student>/<assignment>/<assignment>.html for every graded student."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    written: list[Path] = []
    titles = {item.id: item.title for item in course.items(assignment)}
    for results in sorted((course.root / "autograded").glob(f"*/{assignment}/results.json")):
        report = GradeReport.from_record(json.loads(results.read_text(encoding="utf-8")))
        nb_path = results.parent / f"{assignment}.ipynb"
        autograded = nbformat.read(str(nb_path), as_version=4) if nb_path.exists() else None
        if autograded is not None and lang != "fr":
            autograded = autograded_notebook(autograded, report, lang)
        out_dir = course.root / "feedback" / report.student / assignment
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{assignment}.html"
        target.write_text(feedback_html(autograded, report, lang, titles=titles),
                          encoding="utf-8")
        # nbgrader's release_feedback needs the submission's timestamp and secret next to it.
        submitted = course.root / "submitted" / report.student / assignment
        for name in ("timestamp.txt", "submission_secret.txt"):
            for source in (submitted / name, results.parent / name):
                if source.exists():
                    shutil.copyfile(source, out_dir / name)
                    break
        written.append(target)
    if release_to_students:
        course.nbgrader("release_feedback", assignment)
    return written
