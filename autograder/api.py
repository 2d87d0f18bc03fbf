"""Library entry points (keyword-only); ``cli.py`` is a thin layer over them."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat

from .answers import record_bytes
from .course import Course
from .errors import BadStudent, UnusableSubmission
from .feedback import autograded_notebook, feedback_html
from .gradebook import DeepmathLatePolicy, late_policy, read_final, save_report, sync_students
from .items import Item, value_caps
from .model import GradeReport, ItemResult, Msg
from .pipeline import Context, run_pipeline
from .sandbox import Limits, check_available
from .sandbox.untrusted import read_regular_file
from .student_kit import write_kit
from .variants import DEMO_STUDENT, TABLE_NAME, student_variant, variant_table

log = logging.getLogger(__name__)

SHOWN_DEMO = Msg("Vous n'étiez pas sur la liste de la classe : le notebook vous a montré les "
                 "paramètres de démonstration, et la correction a utilisé ceux-là.",
                 "You were not on the class list: the notebook showed you the demonstration "
                 "parameters, and grading used those.")
OTHER_NOTEBOOKS = Msg("Votre dépôt contient d'autres notebooks, non corrigés : {names} (seul "
                      "« {expected} » est corrigé).",
                      "Your submission holds other notebooks, not graded: {names} (only "
                      "“{expected}” is graded).")
NO_NOTEBOOK = Msg("Votre dépôt ne contient pas « {expected} » ({found}) : rien n'a pu être "
                  "corrigé. Soumettez le notebook du devoir sous ce nom.",
                  "Your submission has no “{expected}” ({found}): nothing could be graded. "
                  "Submit the assignment's notebook under that name.")
BAD_TIMESTAMP = Msg("L'heure de dépôt (timestamp.txt) est illisible : aucune n'a été retenue.",
                    "The submission time (timestamp.txt) is unreadable: none was recorded.")
GRADER_FAILURE = Msg("Le correcteur n'a pas pu traiter ce dépôt ({what}) : prévenez "
                     "l'enseignant·e (le fichier déposé est conservé tel quel).",
                     "The grader could not process this submission ({what}): tell your "
                     "instructor (the submitted file is kept as it is).")
NOT_A_FILE = Msg("« {expected} » n'est pas un fichier ordinaire ({why}) : il n'a pas été lu. "
                 "Soumettez le notebook lui-même.",
                 "“{expected}” is not a plain file ({why}): it was not read. Submit the "
                 "notebook itself.")
MAX_SUBMISSION_BYTES = 64 * 1024**2
NO_AUTOGRADED = Msg("Le notebook exécuté n'a pas pu être enregistré ({what}) ; les notes "
                    "ci-dessus restent valables.",
                    "The executed notebook could not be saved ({what}); the scores above stand.")


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


class Written(list[Path]):
    """The feedback pages written, plus ``failed``: student → why no page could be made."""

    def __init__(self) -> None:
        super().__init__()
        self.failed: dict[str, str] = {}


def release(*, course_dir: Path, assignment: str, exchange: bool | None = None) -> Released:
    """Build the master notebook, run nbgrader generate_assignment, write the students'
    variants next to the released notebook and, if an exchange is configured (or asked
    for), run nbgrader release_assignment."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    master = nbformat.read(str(course.build_source(assignment)), as_version=4)
    write_kit(course.root / "source" / assignment, assignment, course.items(assignment), master)
    for name, data in course.data_files(assignment).items():  # DATA_FILES of the items file
        (course.root / "source" / assignment / name).write_bytes(data)
    students = course.students()
    table = variant_table(course.items(assignment), course.secret, assignment, students)
    source_table = course.root / "source" / assignment / TABLE_NAME
    source_table.write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")
    course.nbgrader("generate_assignment", assignment, "--force")
    sync_students(course.db_url, course.roster())  # nbgrader export lists every student
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
                slot: int = 0, shown_as: str | None = None) -> Graded:
    """Grade one submitted file (its bytes): the report, the executed notebook, and why the
    file was unusable (if it was; the report then records every item as missing).
    ``shown_as``: whose parameters the student's notebook showed (default: the student's
    own; ``__demo__`` for a student who was not on the class list at release)."""
    items = course.items(assignment)
    variant = student_variant(items, course.secret, assignment, shown_as or student)
    master = _master(course, assignment)
    environment = str(master.metadata.get("deepmath", {}).get("environment", "base"))
    limits = limits or Limits.for_environment(environment)
    caps = value_caps(items)
    if caps:  # items with a raised value budget: room for their records in the answers file
        limits = replace(limits, answers_bytes=max(
            limits.answers_bytes, sum(record_bytes(c) for c in caps.values())))
    ctx = Context(
        assignment=assignment, student=student, raw=raw, master=master,
        items=items, params={item.id: variant[item.name]["params"] for item in items},
        variant=variant,
        limits=limits, seed=seed if seed is not None else secrets.randbits(32),
        slot=slot, data_files=course.data_files(assignment))
    run_pipeline(ctx)
    report = GradeReport(
        assignment=assignment, student=student, items=ctx.results,
        notes=([ctx.unusable] if ctx.unusable else []) + ctx.notes
        + ([SHOWN_DEMO] if shown_as == DEMO_STUDENT else []),
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


def _shown_as(course: Course, assignment: str, student: str) -> str | None:
    """Whose parameters ``student`` was shown: None (their own) or the demo variant's."""
    shown = course.shown_students(assignment)
    return DEMO_STUDENT if shown is not None and student not in shown else None


def grade_notebook(*, path: Path, assignment: str, student: str, course_dir: Path,
                   limits: Limits | None = None, seed: int | None = None,
                   as_shown: bool = False) -> GradeReport:
    """Grade one notebook file. Unusable input (not a notebook, malformed JSON, wrong format)
    raises UnusableSubmission; the file itself is only read. A malformed student id, or one
    not on the class list (unless ``as_shown``: then graded with the demonstration parameters
    the notebook showed them, and the report says so), raises BadStudent."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    course.check_student_id(student)
    shown_as = _shown_as(course, assignment, student)
    if shown_as is not None and not as_shown:
        raise BadStudent(
            f"student {student!r} is not on the class list of {assignment} (roster.csv and "
            f"gradebook at release): a typo? If they are new, add them to roster.csv and run "
            f"`deepmath release {assignment}` again; --as-shown grades them with the "
            "demonstration parameters their notebook showed.")
    check_available()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnusableSubmission(f"cannot read {path}: {exc.strerror}") from exc
    graded = grade_bytes(course=course, assignment=assignment, student=student, raw=raw,
                         limits=limits, seed=seed, shown_as=shown_as)
    if graded.unusable is not None:
        raise UnusableSubmission(f"{path}: {graded.unusable('en')}")
    return replace(graded.report, notebook=path.name)


def _copy_plain(source: Path, target: Path) -> bool:
    """Copy a small file from a folder a student could write (submission, exchange) only if
    it is a regular file: a planted link (say to the course secret) is never followed into
    what the grader writes — feedback pages are handed back to students."""
    try:
        data = read_regular_file(source, 64 * 1024)
    except OSError:
        return False
    target.write_bytes(data)
    return True


def read_timestamp(folder: Path) -> tuple[datetime | None, bool]:
    """nbgrader's ``timestamp.txt`` (``2026-12-03 12:42:51.089364 UTC``), parsed with
    nbgrader's own parser: naive UTC, as the gradebook stores it. (None, False) when the
    file is absent; (None, True) when it is unreadable."""
    from nbgrader.utils import parse_utc

    stamp = folder / "timestamp.txt"
    if not stamp.is_symlink() and not stamp.exists():
        return None, False
    try:
        text = read_regular_file(stamp, 4096).decode("utf-8")
        moment = parse_utc(text[:200].strip())
    except (OSError, ValueError, OverflowError, UnicodeDecodeError):
        return None, True
    return (moment, False) if isinstance(moment, datetime) else (None, True)


def _empty_report(assignment: str, student: str, items: list[Item], status: str,
                  message: Msg) -> GradeReport:
    results = [ItemResult(i.id, 0.0, i.points, "missing" if status == "missing" else "error",
                          message) for i in items]
    return GradeReport(assignment=assignment, student=student, items=results, notes=[message],
                       sandbox_state="not_run")


def _write_results(out_dir: Path, report: GradeReport) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(report.to_record(), ensure_ascii=False,
                                                     indent=1), encoding="utf-8")


@dataclass
class _ClassRun:
    course: Course
    assignment: str
    limits: Limits | None
    shown: set[str] | None
    policy: tuple[DeepmathLatePolicy, bool]
    items: list[Item] = field(default_factory=list)


def _grade_one(run: _ClassRun, student: str, folder: Path, slot: int) -> GradeReport:
    course, assignment = run.course, run.assignment
    expected = f"{assignment}.ipynb"
    path = folder / expected
    others = sorted(p.name for p in folder.glob("*.ipynb") if p.name != expected)
    out_dir = course.root / "autograded" / student / assignment
    raw, refused = None, None
    if path.is_symlink() or path.exists():
        try:  # a link or FIFO planted in the exchange is never followed
            raw = read_regular_file(path, MAX_SUBMISSION_BYTES)
        except OSError as exc:
            refused = NOT_A_FILE.format(expected=expected, why=exc.strerror or exc)
    if raw is None:
        found = ", ".join(others) if others else "aucun notebook / no notebook"
        report = _empty_report(assignment, student, run.items, "missing",
                               refused or NO_NOTEBOOK.format(expected=expected, found=found))
        executed, answers_text = None, ""
    else:
        shown_as = DEMO_STUDENT if run.shown is not None and student not in run.shown else None
        graded = grade_bytes(course=course, assignment=assignment, student=student,
                             raw=raw, limits=run.limits, slot=slot, shown_as=shown_as)
        report, executed = replace(graded.report, notebook=expected), graded.executed
        answers_text = graded.answers_text
        if others:
            report.notes.append(OTHER_NOTEBOOKS.format(names=", ".join(others),
                                                       expected=expected))
    timestamp, unreadable = read_timestamp(folder)
    if unreadable:
        report.notes.append(BAD_TIMESTAMP)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "submission.sha256").write_text(report.submission_sha256 + "\n")
    (out_dir / "answers.jsonl").write_text(answers_text, encoding="utf-8")
    _copy_plain(folder / "timestamp.txt", out_dir / "timestamp.txt")
    if executed is not None:
        try:
            nbformat.write(autograded_notebook(executed, report), str(out_dir / expected))
        except Exception as exc:  # noqa: BLE001 - untrusted notebook from the sandbox
            log.warning("autograded notebook of %s not written: %s", student, exc)
            (out_dir / expected).unlink(missing_ok=True)
            failure = NO_AUTOGRADED.format(what=type(exc).__name__)
            report = replace(report, failure=failure)
            report.notes.append(failure)
    if report.sandbox_state == "grader_error":
        # the sandbox could not run it (after its retries): the grader's failure, never the
        # student's 0 — recorded here, kept out of the gradebook, counted in the summary
        failure = GRADER_FAILURE.format(what="sandbox")
        report = replace(report, failure=failure)
        _write_results(out_dir, report)
        return report
    _write_results(out_dir, report)  # recorded even if the gradebook write fails below
    report = save_report(course.db_url, report, assignment, timestamp, run.policy)
    _write_results(out_dir, report)
    return report


def _failed(run: _ClassRun, student: str, exc: BaseException) -> GradeReport:
    """The recorded result of a submission the grader could not process."""
    log.error("grading %s failed", student, exc_info=exc)
    what = type(exc).__name__
    report = replace(_empty_report(run.assignment, student, run.items, "error",
                                   GRADER_FAILURE.format(what=what)),
                     failure=GRADER_FAILURE.format(what=what))
    try:
        run.course.check_student_id(student)
        _write_results(run.course.root / "autograded" / student / run.assignment, report)
    except Exception:  # noqa: BLE001 - a malformed id, or the disk: the report still counts
        pass
    return report


def grade(*, course_dir: Path, assignment: str, student: str | None = None, workers: int = 2,
          limits: Limits | None = None,
          progress: Callable[[GradeReport], None] | None = None,
          started: Callable[[int], None] | None = None) -> list[GradeReport]:
    """Grade every collected submission (or one student's), ``workers`` sandboxes at a time.
    Results go to ``autograded/<student>/<assignment>/`` and into the gradebook. Each
    submission is graded apart: one that cannot be processed gets a report with ``failure``
    set, and the others are graded normally. ``started(n)`` announces how many will be
    graded; ``progress(report)`` is called as each one is done."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    if student is not None:
        course.check_student_id(student)
    check_available()
    if not (course.root / "gradebook.db").exists() or not course.source_notebook(
            assignment).exists():
        release(course_dir=course_dir, assignment=assignment, exchange=False)
    sync_students(course.db_url, course.roster())
    subs = course.submission_folders(assignment)
    if student is not None:
        if student not in subs and student not in course.students():
            raise BadStudent(f"no submission of {assignment} for {student!r}, who is not on "
                             "the class list either: a typo?")
        subs = {student: subs[student]} if student in subs else {}
    run = _ClassRun(course, assignment, limits, course.shown_students(assignment),
                    late_policy(course.nbgrader_config()), course.items(assignment))
    if started:
        started(len(subs))
    reports: dict[str, GradeReport] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures: dict[Any, str] = {}
        for n, (sid, folder) in enumerate(sorted(subs.items())):
            if not _valid_id(course, sid):
                reports[sid] = _failed(run, sid, BadStudent(f"malformed student id {sid!r}"))
                if progress:
                    progress(reports[sid])
                continue
            futures[pool.submit(_grade_one, run, sid, folder, n % max(1, workers))] = sid
        for future in as_completed(futures):
            sid = futures[future]
            try:
                reports[sid] = future.result()
            except Exception as exc:  # noqa: BLE001 - one submission never stops the class
                reports[sid] = _failed(run, sid, exc)
            if progress:
                progress(reports[sid])
    return [reports[sid] for sid in sorted(reports)]


def _valid_id(course: Course, student: str) -> bool:
    try:
        course.check_student_id(student)
    except BadStudent:
        return False
    return True


FEEDBACK_NOTEBOOK_FAILED = Msg(
    "Votre notebook n'a pas pu être joint à cette page ; le détail des notes ci-dessus est "
    "complet.", "Your notebook could not be included in this page; the scores above are "
    "complete.")


def _feedback_one(course: Course, assignment: str, results: Path, lang: str,
                  titles: dict[str, Msg]) -> Path:
    report = GradeReport.from_record(json.loads(results.read_text(encoding="utf-8")))
    if report.student != results.parent.parent.name or report.assignment != assignment:
        raise ValueError(f"{results} belongs to another student or assignment")
    if (course.root / "gradebook.db").is_file():
        report = read_final(course.db_url, report, assignment)  # formgrader's overrides win
    out_dir = course.root / "feedback" / report.student / assignment
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{assignment}.html"
    nb_path = results.parent / f"{assignment}.ipynb"
    try:
        autograded = nbformat.read(str(nb_path), as_version=4) if nb_path.exists() else None
        if autograded is not None and lang != "fr":
            autograded = autograded_notebook(autograded, report, lang)
        page = feedback_html(autograded, report, lang, titles=titles)
    except Exception as exc:  # noqa: BLE001 - the student's notebook: summary page only
        log.warning("feedback notebook of %s left out: %s", report.student, exc)
        report.notes.append(FEEDBACK_NOTEBOOK_FAILED)
        page = feedback_html(None, report, lang, titles=titles)
    target.write_text(page, encoding="utf-8")
    # nbgrader's release_feedback needs the submission's timestamp and secret next to it.
    submitted = course.root / "submitted" / report.student / assignment
    for name in ("timestamp.txt", "submission_secret.txt"):
        for source in (submitted / name, results.parent / name):
            if _copy_plain(source, out_dir / name):
                break
    return target


def feedback(*, course_dir: Path, assignment: str, lang: str = "fr",
             release_to_students: bool = False) -> Written:
    """Write feedback/<student>/<assignment>/<assignment>.html for every graded student,
    with the gradebook's final scores and comments. One student's failure is recorded in
    ``failed`` and the others get their page."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    written = Written()
    titles = {item.id: item.title for item in course.items(assignment)}
    for results in sorted((course.root / "autograded").glob(f"*/{assignment}/results.json")):
        student = results.parent.parent.name
        try:
            written.append(_feedback_one(course, assignment, results, lang, titles))
        except Exception as exc:  # noqa: BLE001 - one student never stops the class
            log.error("feedback for %s failed", student, exc_info=exc)
            written.failed[student] = f"{type(exc).__name__}: {str(exc)[:200]}"
    if release_to_students:
        course.nbgrader("release_feedback", assignment)
    return written
