"""Library entry points (keyword-only); ``cli.py`` is a thin layer over them."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat

from .answers import record_bytes
from .course import Course
from .errors import BadStudent, SetupError, UnusableSubmission
from .feedback import autograded_notebook, feedback_html
from .gradebook import DeepmathLatePolicy, late_policy, read_final, save_report, sync_students
from .items import Item, value_caps
from .model import GradeReport, ItemResult, Msg
from .pipeline import Context, run_pipeline
from .pipeline.execute import environment_of, notebook_files
from .sandbox import Limits, check_available
from .sandbox.untrusted import read_regular_file
from .student_kit import write_kit
from .variants import DEMO_STUDENT, TABLE_NAME, student_variant, variant_table
from .weight_files import SubmittedWeights, read_submitted

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
    for name in course.weight_files(assignment):
        # weights an instructor's own run left next to the source notebook are never
        # released: every student would get the same trained weights to submit
        stale = course.root / "source" / assignment / name
        if stale.is_symlink() or stale.exists():
            log.warning("%s: not released (trained weights of the source notebook)", stale)
            stale.unlink()
    students = course.students()
    table = variant_table(course.items(assignment), course.secret, assignment, students)
    source_table = course.root / "source" / assignment / TABLE_NAME
    source_table.write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")
    course.nbgrader("generate_assignment", assignment, "--force")
    for name in course.weight_files(assignment):  # and never in the release (belt and braces)
        (course.root / "release" / assignment / name).unlink(missing_ok=True)
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
                slot: int = 0, shown_as: str | None = None,
                weights: SubmittedWeights | None = None,
                sandbox_gate: AbstractContextManager[Any] | None = None) -> Graded:
    """Grade one submitted file (its bytes): the report, the executed notebook, and why the
    file was unusable (if it was; the report then records every item as missing).
    ``shown_as``: whose parameters the student's notebook showed (default: the student's
    own; ``__demo__`` for a student who was not on the class list at release).
    ``weights``: the trained-weights files found next to the notebook (``WEIGHT_FILES``).
    ``sandbox_gate``: held while the sandbox runs (see ``_grade_all``)."""
    items = course.items(assignment)
    variant = student_variant(items, course.secret, assignment, shown_as or student)
    master = _master(course, assignment)
    environment = environment_of(master)
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
        slot=slot, data_files=course.data_files(assignment),
        weight_files=dict(weights.files) if weights is not None else {},
        sandbox_gate=sandbox_gate)
    run_pipeline(ctx)
    report = GradeReport(
        assignment=assignment, student=student, items=ctx.results,
        notes=([ctx.unusable] if ctx.unusable else []) + ctx.notes
        + (list(weights.notes) if weights is not None and ctx.unusable is None else [])
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


def run_as_student(*, course: Course, assignment: str, student: str, notebook: str,
                   limits: Limits | None = None) -> dict[str, bytes]:
    """Run a notebook as the student's own kernel runs it in class — not grading, so its
    training cells train and write their weights (``WEIGHT_FILES``) — in a fresh sandbox,
    and return the weight files it wrote (name → bytes, as checked by
    :func:`autograder.weight_files.npz_problem`). On the hub the student's kernel does
    this; the demo, the tests and the benchmarks use it to make realistic submissions."""
    from .sandbox import run_notebook
    from .weight_files import npz_problem

    declared = course.weight_files(assignment)
    items = course.items(assignment)
    master = _master(course, assignment)
    environment = environment_of(master)
    result = run_notebook(
        notebook, student=student, limits=limits or Limits.for_environment(environment),
        files=notebook_files(assignment, items, master, student,
                             student_variant(items, course.secret, assignment, student),
                             course.data_files(assignment)),
        environment=environment, as_student=True, collect=declared)
    return {name: data for name, data in result.collected.items()
            if npz_problem(data, declared[name]) is None}


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
    weights = read_submitted(path.parent, course.weight_files(assignment))
    graded = grade_bytes(course=course, assignment=assignment, student=student, raw=raw,
                         limits=limits, seed=seed, shown_as=shown_as, weights=weights)
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


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename:
    a grader killed at any moment leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


SEED_POLICY = "random-per-submission"
"""How kernels are seeded (grade_bytes draws a fresh seed per submission); part of what makes
a recorded result up to date."""


def grading_version(course: Course, assignment: str) -> str:
    """A hash of everything a verdict depends on besides the submission: the items file, the
    notebook source, the reference and grader sources, and the seed policy. A recorded
    result with another version is stale and is regraded."""
    import reference

    digest = hashlib.sha256(SEED_POLICY.encode())
    files = [course.root / "items" / f"{assignment}.py",
             course.root / "notebooks" / f"{assignment}.py"]
    for package in (Path(reference.__file__).parent, Path(__file__).parent):
        files += sorted(package.rglob("*.py"))
    for path in files:
        if path.is_file():
            digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _resume_key(version: str, raw: bytes | None, refused: Msg | None, folder: Path,
                shown_as: str | None, limits: Limits | None,
                weights: SubmittedWeights | None = None) -> str:
    """What a recorded result must match to be skipped on a rerun: the grading version, the
    submission's SHA-256 (or why there was none), its timestamp, whose parameters it showed,
    the sandbox limits and the submitted weight files (their SHA-256 and notes)."""
    digest = hashlib.sha256(version.encode())
    digest.update(hashlib.sha256(raw).hexdigest().encode() if raw is not None
                  else f"none:{refused.en if refused else ''}".encode())
    try:
        stamp = read_regular_file(folder / "timestamp.txt", 4096)
    except OSError:
        stamp = b"<none>"
    digest.update(b"\0" + stamp + b"\0" + repr(shown_as).encode() + b"\0"
                  + repr(limits or Limits()).encode())
    if weights is not None and (weights.files or weights.notes):
        digest.update(b"\0weights:" + weights.digest().encode()
                      + "".join(n.en for n in weights.notes).encode())
    return digest.hexdigest()


def _write_results(out_dir: Path, report: GradeReport, resume: dict[str, Any] | None = None
                   ) -> None:
    record = report.to_record()
    if resume is not None:
        record["resume"] = resume
    atomic_write(out_dir / "results.json",
                 json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))


def _recorded(out_dir: Path, key: str) -> GradeReport | None:
    """The recorded report if it is up to date (same key, written after the gradebook)."""
    try:
        record = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
        resume = record.get("resume") or {}
        if resume.get("key") != key or resume.get("recorded") is not True:
            return None
        report = GradeReport.from_record(record)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return report if report.failure is None else None


@dataclass
class _ClassRun:
    course: Course
    assignment: str
    limits: Limits | None
    shown: set[str] | None
    policy: tuple[DeepmathLatePolicy, bool]
    items: list[Item] = field(default_factory=list)
    weight_files: dict[str, int] = field(default_factory=dict)
    version: str = ""
    force: bool = False
    dry_run: bool = False
    skipped: set[str] = field(default_factory=set)
    previous: dict[str, GradeReport | None] = field(default_factory=dict)
    grader: Callable[..., Graded] | None = None
    """Who runs the sandbox: None → grade_bytes here; a DaskGrader → a Dask task."""
    sandbox_gate: threading.BoundedSemaphore | None = None
    """Local runs: ``workers`` sandboxes at a time (see ``_grade_all``)."""


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
    shown_as = DEMO_STUDENT if run.shown is not None and student not in run.shown else None
    weights = read_submitted(folder, run.weight_files) if raw is not None else None
    key = _resume_key(run.version, raw, refused, folder, shown_as, run.limits, weights)
    if run.dry_run:
        run.previous[student] = _recorded_any(out_dir)
    elif not run.force:
        up_to_date = _recorded(out_dir, key)
        if up_to_date is not None:
            run.skipped.add(student)
            return read_final(course.db_url, up_to_date, assignment)
    if raw is None:
        found = ", ".join(others) if others else "aucun notebook / no notebook"
        report = _empty_report(assignment, student, run.items, "missing",
                               refused or NO_NOTEBOOK.format(expected=expected, found=found))
        executed, answers_text = None, ""
    else:
        if run.grader is not None:
            graded = run.grader(course=course, assignment=assignment, student=student,
                                raw=raw, limits=run.limits, slot=slot, shown_as=shown_as,
                                weights=weights)
        else:
            graded = grade_bytes(course=course, assignment=assignment, student=student,
                                 raw=raw, limits=run.limits, slot=slot, shown_as=shown_as,
                                 weights=weights, sandbox_gate=run.sandbox_gate)
        report, executed = replace(graded.report, notebook=expected), graded.executed
        answers_text = graded.answers_text
        if others:
            report.notes.append(OTHER_NOTEBOOKS.format(names=", ".join(others),
                                                       expected=expected))
    timestamp, unreadable = read_timestamp(folder)
    if unreadable:
        report.notes.append(BAD_TIMESTAMP)
    if run.dry_run:  # nothing written: the caller compares with what is recorded
        return report
    resume = {"key": key, "version": run.version, "seed_policy": SEED_POLICY,
              "recorded": False}
    atomic_write(out_dir / "submission.sha256", (report.submission_sha256 + "\n").encode())
    atomic_write(out_dir / "answers.jsonl", answers_text.encode("utf-8"))
    try:
        atomic_write(out_dir / "timestamp.txt",
                     read_regular_file(folder / "timestamp.txt", 64 * 1024))
    except OSError:
        pass
    if executed is not None:
        try:
            text = nbformat.writes(autograded_notebook(executed, report))
            atomic_write(out_dir / expected, text.encode("utf-8"))
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
        _write_results(out_dir, report, resume)
        return report
    _write_results(out_dir, report, resume)  # recorded even if the gradebook write fails
    # one transaction per student; a kill before the rename below regrades this student,
    # and the gradebook's rows (one per student and grade cell) are overwritten, not added
    report = save_report(course.db_url, report, assignment, timestamp, run.policy)
    _write_results(out_dir, report, {**resume, "recorded": True})
    return report


def _recorded_any(out_dir: Path) -> GradeReport | None:
    """The recorded report, whatever its version (for --dry-run --diff)."""
    try:
        record = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
        return GradeReport.from_record(record)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _failed(run: _ClassRun, student: str, exc: BaseException) -> GradeReport:
    """The recorded result of a submission the grader could not process."""
    log.error("grading %s failed", student, exc_info=exc)
    what = type(exc).__name__
    report = replace(_empty_report(run.assignment, student, run.items, "error",
                                   GRADER_FAILURE.format(what=what)),
                     failure=GRADER_FAILURE.format(what=what))
    if run.dry_run:
        return report
    try:
        run.course.check_student_id(student)
        _write_results(run.course.root / "autograded" / student / run.assignment, report)
    except Exception:  # noqa: BLE001 - a malformed id, or the disk: the report still counts
        pass
    return report


class ClassReports(list[GradeReport]):
    """The reports of a class run (sorted by student), with which were up to date and
    skipped, and (``dry_run``) what each student's recorded report was."""

    def __init__(self, reports: list[GradeReport], skipped: set[str],
                 previous: dict[str, GradeReport | None]) -> None:
        super().__init__(reports)
        self.skipped, self.previous = skipped, previous


def grade(*, course_dir: Path, assignment: str, student: str | None = None, workers: int = 2,
          limits: Limits | None = None,
          progress: Callable[[GradeReport], None] | None = None,
          started: Callable[[int], None] | None = None, force: bool = False,
          dry_run: bool = False, cluster: str | None = None) -> ClassReports:
    """Grade every collected submission (or one student's), ``workers`` sandboxes at a time.
    Results go to ``autograded/<student>/<assignment>/`` and into the gradebook. Each
    submission is graded apart: one that cannot be processed gets a report with ``failure``
    set, and the others are graded normally. ``started(n)`` announces how many will be
    graded; ``progress(report)`` is called as each one is done.

    Resumable: a submission whose recorded result is up to date (same submission SHA-256,
    timestamp, items, notebook source, reference and grader sources, seed policy, limits;
    written after its gradebook transaction) is skipped, so rerunning a killed class run
    grades only the rest. ``force`` regrades everything. ``dry_run`` grades everything
    and writes nothing (no file, no gradebook row): compare with ``.previous``.
    ``cluster`` (``tcp://host:8786``): each sandbox runs as a task on that Dask scheduler's
    workers (autograder/cluster.py); files and gradebook are written here, as locally."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    if student is not None:
        course.check_student_id(student)
    check_available()
    if not (course.root / "gradebook.db").exists() or not course.source_notebook(
            assignment).exists():
        if dry_run:
            raise SetupError(f"{assignment} was never released nor graded here: "
                                     "nothing to compare with (--dry-run writes nothing)")
        release(course_dir=course_dir, assignment=assignment, exchange=False)
    if not dry_run:
        sync_students(course.db_url, course.roster())
    subs = course.submission_folders(assignment)
    if student is not None:
        if student not in subs and student not in course.students():
            raise BadStudent(f"no submission of {assignment} for {student!r}, who is not on "
                             "the class list either: a typo?")
        subs = {student: subs[student]} if student in subs else {}
    run = _ClassRun(course, assignment, limits, course.shown_students(assignment),
                    late_policy(course.nbgrader_config()), course.items(assignment),
                    weight_files=course.weight_files(assignment),
                    version=grading_version(course, assignment), force=force or dry_run,
                    dry_run=dry_run)
    if cluster:
        from .cluster import DaskGrader

        run.grader = DaskGrader(cluster)
        workers = max(workers, run.grader.slots())
    if started:
        started(len(subs))
    reports: dict[str, GradeReport] = {}
    try:
        _grade_all(run, subs, workers, reports, progress)
    finally:
        if run.grader is not None:
            run.grader.close()  # type: ignore[attr-defined]
    return ClassReports([reports[sid] for sid in sorted(reports)], run.skipped, run.previous)


def _grade_all(run: _ClassRun, subs: dict[str, Path], workers: int,
               reports: dict[str, GradeReport],
               progress: Callable[[GradeReport], None] | None) -> None:
    course = run.course
    threads = max(1, workers)
    if run.grader is None:
        # pipelining: ``workers`` sandboxes run at a time (the gate), and one more thread
        # reads, checks and records a submission around them, so that no sandbox slot waits
        # for the grader's own work (checks, files, gradebook) between two submissions
        run.sandbox_gate = threading.BoundedSemaphore(threads)
        threads += 1
    with ThreadPoolExecutor(max_workers=threads) as pool:
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


def report_changes(previous: GradeReport | None, new: GradeReport) -> list[str]:
    """What differs between a recorded report and a regraded one (scores and statuses),
    one line per change; empty when nothing a student would see in their score changed."""
    if previous is None:
        return [f"not graded before → {new.score:g}/{new.max_score:g}"]
    lines = []
    old_items = {i.id: i for i in previous.items}
    for item in new.items:
        old = old_items.pop(item.id, None)
        if old is None:
            lines.append(f"{item.id}: new item → {item.status} {item.points:g}")
        elif (old.status, old.points) != (item.status, item.points):
            lines.append(f"{item.id}: {old.status} {old.points:g} → {item.status} "
                         f"{item.points:g}")
    lines += [f"{gone}: item removed" for gone in sorted(old_items)]
    if (previous.failure is None) != (new.failure is None):
        lines.append("grader failure: " + ("yes → no" if new.failure is None else "no → yes"))
    if round(previous.auto_score, 6) != round(new.auto_score, 6):
        lines.append(f"score: {previous.auto_score:g} → {new.auto_score:g}"
                     f"/{new.max_score:g}")
    return lines


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
