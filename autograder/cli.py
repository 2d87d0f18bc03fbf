"""The ``deepmath`` command: a thin click layer over ``autograder.api``."""

from __future__ import annotations

import json
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

# jsonschema imports rfc3987_syntax, when installed, for its "iri" format checker, and that
# compiles ~40 lark grammars at import: ≈ 1 s of CPU on every command (nbformat imports
# jsonschema). No schema this command validates has a format: it is never needed here.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import click  # noqa: E402

from . import api  # noqa: E402
from .course import default_course_dir  # noqa: E402
from .errors import CHECK_FAILED, EXIT_CODES, SOME_FAILED, DeepmathError  # noqa: E402
from .model import GradeReport  # noqa: E402

try:
    __version__ = version("deepmath")
except PackageNotFoundError:  # pragma: no cover - run from a source tree
    __version__ = "0+unknown"


class UserError(click.ClickException):
    """A DeepmathError shown by click, with the error's own exit code."""

    def __init__(self, error: DeepmathError) -> None:
        super().__init__(str(error))
        self.code = error.exit_code

    @property
    def exit_code(self) -> int:  # type: ignore[override]
        return self.code


def _run(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except DeepmathError as error:
        raise UserError(error) from error


STATUS_WORDS = {
    "fr": {"pass": "réussi", "fail": "à revoir", "error": "erreur", "missing": "non traité"},
    "en": {"pass": "pass", "fail": "fail", "error": "error", "missing": "missing"},
}
HEADERS = {"fr": ("étudiant·e", "note", "statuts"), "en": ("student", "score", "statuses")}


def _t(lang: str, fr: str, en: str) -> str:
    return en if lang == "en" else fr


def score_table(reports: list[GradeReport], lang: str = "fr", details: bool = True) -> str:
    """The class's scores (final: formgrader overrides and late penalties included), in one
    language."""
    words = STATUS_WORDS["en" if lang == "en" else "fr"]
    student_h, score_h, status_h = HEADERS["en" if lang == "en" else "fr"]
    lines = [f"{student_h:<20} {score_h:>12}  {status_h}"]
    for r in reports:
        counts = {s: sum(1 for i in r.items if i.status == s)
                  for s in ("pass", "fail", "error", "missing")}
        summary = " ".join(f"{words[k]}={v}" for k, v in counts.items() if v)
        if r.failure is not None:
            summary += "  " + _t(lang, "ÉCHEC DU CORRECTEUR", "GRADER FAILURE")
        lines.append(f"{r.student:<20} {r.score:>5g} / {r.max_score:<5g}  {summary}")
        if r.late_penalty:
            lines.append("    ! " + _t(lang, f"en retard ({_late(r.seconds_late, lang)}) : "
                                     f"−{r.late_penalty:g} point(s)",
                                     f"late ({_late(r.seconds_late, lang)}): "
                                     f"−{r.late_penalty:g} point(s)"))
        if details:
            for note in r.notes:
                lines.append(f"    ! {note(lang)}")
            for i in r.items:
                if i.manual_points is not None:
                    lines.append(f"    {i.id:<32} " + _t(
                        lang, f"note de l'enseignant·e : {i.manual_points:g}",
                        f"instructor's score: {i.manual_points:g}"))
                elif i.status != "pass":
                    lines.append(f"    {i.id:<32} {words[i.status]:<9} {i.feedback(lang)}")
                if i.comment:
                    lines.append(f"    {'':<32} « {i.comment} »")
    return "\n".join(lines)


def _late(seconds: float, lang: str) -> str:
    hours = seconds / 3600
    return f"{hours:.1f} h" if hours < 48 else _t(lang, f"{hours / 24:.1f} jours",
                                                   f"{hours / 24:.1f} days")


def class_summary(reports: list[GradeReport], lang: str = "fr") -> str:
    graded = [r for r in reports if r.failure is None]
    failed = len(reports) - len(graded)
    unusable = sum(1 for r in graded if r.sandbox_state == "not_run")
    late = sum(1 for r in reports if r.seconds_late > 0)
    mean = sum(r.score for r in graded) / len(graded) if graded else 0.0
    top = reports[0].max_score if reports else 0
    return _t(lang,
              f"{len(reports)} dépôt(s) : {len(graded)} corrigé(s) (moyenne {mean:.2f} / "
              f"{top:g}), {unusable} inutilisable(s), {late} en retard, {failed} échec(s) "
              "du correcteur.",
              f"{len(reports)} submission(s): {len(graded)} graded (mean {mean:.2f} / "
              f"{top:g}), {unusable} unusable, {late} late, {failed} grader failure(s).")


class Progress:
    """A progress bar with ETA on a terminal (rich, when installed), plain lines otherwise."""

    def __init__(self, lang: str) -> None:
        self.lang, self.total, self.done, self.start = lang, 0, 0, time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def started(self, total: int) -> None:
        self.total, self.start = total, time.monotonic()
        if total and sys.stderr.isatty():
            try:
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TextColumn,
                    TimeRemainingColumn,
                )
            except ImportError:
                return
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                MofNCompleteColumn(), TimeRemainingColumn(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(_t(self.lang, "correction", "grading"), total=total)

    def __call__(self, report: GradeReport) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=report.student)
            if self.done >= self.total:
                self.bar.stop()
            return
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        click.echo(f"[{self.done}/{self.total}] {report.student}: {report.score:g} / "
                   f"{report.max_score:g}  ({_t(self.lang, 'reste', 'ETA')} "
                   f"{int(eta) // 60}:{int(eta) % 60:02d})", err=True)


EPILOG = "\b\nExit codes:\n" + "\n".join(f"  {code}  {what}" for code, what in
                                         EXIT_CODES.items())

LANG = click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
                    help="Language of the feedback and the table (also accepted before the "
                    "command).")


def _lang(obj: dict[str, Any], lang: str | None) -> str:
    return lang or str(obj["lang"])


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deepmath")
@click.option("--course-dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Course directory (default: $DEEPMATH_COURSE_DIR or ./course).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of the feedback and the table.")
@click.pass_context
def main(ctx: click.Context, course_dir: Path | None, lang: str) -> None:
    """deepmath: release, grade and give feedback on the Deepmath assignments.

    Typical session: deepmath release ch01; (students work, nbgrader collect);
    deepmath grade ch01; deepmath feedback ch01 --release.
    """
    ctx.obj = {"course_dir": (course_dir or default_course_dir()).resolve(), "lang": lang}


@main.command(epilog=EPILOG)
@click.argument("assignment")
@click.option("--exchange/--no-exchange", default=None,
              help="Also release to the nbgrader exchange (default: if one is configured).")
@LANG
@click.pass_obj
def release(obj: dict[str, Any], assignment: str, exchange: bool | None,
            lang: str | None) -> None:
    """Build and release ASSIGNMENT (nbgrader generate_assignment + students' variants)."""
    lang = _lang(obj, lang)
    done = _run(api.release, course_dir=obj["course_dir"], assignment=assignment,
                exchange=exchange)
    click.echo(_t(lang, f"{done.assignment} publié dans {done.release_dir} "
                        f"({len(done.students)} variante(s) d'étudiant·e"
                        f"{', échange' if done.exchanged else ''})",
                  f"released {done.assignment} to {done.release_dir} "
                  f"({len(done.students)} student variants"
                  f"{', exchange' if done.exchanged else ''})"))
    if not done.students:
        click.echo(_t(lang,
                      "Attention : aucune liste de classe (roster.csv vide ou absent, gradebook "
                      "sans étudiant·e) : tout le monde verra les paramètres de démonstration. "
                      "Écrivez roster.csv (username,role,first_name,last_name,email ; role = "
                      f"student) puis relancez `deepmath release {assignment}`.",
                      "Warning: no class list (roster.csv empty or absent, no student in the "
                      "gradebook): everyone will see the demonstration parameters. Write "
                      "roster.csv (username,role,first_name,last_name,email; role = student) "
                      f"and run `deepmath release {assignment}` again."), err=True)


@main.command(epilog=EPILOG)
@click.argument("assignment")
@click.option("--student", default=None, help="Grade only this student's submission.")
@click.option("--workers", default=2, show_default=True, help="Sandboxes run at once.")
@click.option("--force", is_flag=True,
              help="Regrade every submission (default: those whose recorded result is up "
              "to date — same file, items, reference — are skipped, so a killed run resumes).")
@click.option("--dry-run", is_flag=True,
              help="Grade and write nothing (no file, no gradebook row).")
@click.option("--cluster", default=None, envvar="DEEPMATH_CLUSTER", metavar="tcp://HOST:PORT",
              help="Run each sandbox as a task on this Dask scheduler's workers "
              "(default: here, --workers at a time; env DEEPMATH_CLUSTER).")
@click.option("--diff", is_flag=True,
              help="With --dry-run: list the students whose scores or statuses would change.")
@LANG
@click.pass_obj
def grade(obj: dict[str, Any], assignment: str, student: str | None, workers: int,
          force: bool, dry_run: bool, cluster: str | None, diff: bool,
          lang: str | None) -> None:
    """Grade the collected submissions of ASSIGNMENT in the sandbox (exit 7 if some could
    not be processed: each has a recorded error, the others are graded). Rerunning the same
    command after a crash grades only what is not recorded yet."""
    lang = _lang(obj, lang)
    if diff and not dry_run:
        raise click.UsageError("--diff goes with --dry-run")
    bar = Progress(lang)
    reports = _run(api.grade, course_dir=obj["course_dir"], assignment=assignment,
                   student=student, workers=workers, progress=bar, started=bar.started,
                   force=force, dry_run=dry_run, cluster=cluster)
    if not reports:
        click.echo(_t(lang, f"aucun dépôt trouvé pour {assignment}", f"no submission found "
                   f"for {assignment}") + (f" ({student})" if student else ""))
        return
    if dry_run:
        changed = 0
        for report in reports:
            lines = api.report_changes(reports.previous.get(report.student), report)
            if lines and diff:
                changed += 1
                click.echo(f"{report.student}:")
                click.echo("".join(f"  {line}\n" for line in lines), nl=False)
            elif lines:
                changed += 1
        click.echo(_t(lang, f"simulation : {changed} étudiant·e(s) sur {len(reports)} "
                      "changerai(en)t ; rien n'a été écrit.",
                      f"dry run: {changed} of {len(reports)} student(s) would change; "
                      "nothing was written."))
        return
    click.echo(score_table(reports, lang))
    click.echo(class_summary(reports, lang))
    skipped: set[str] = getattr(reports, "skipped", set())
    if skipped:
        click.echo(_t(lang, f"{len(skipped)} dépôt(s) déjà à jour, non recorrigé(s) "
                      "(--force pour tout recorriger).",
                      f"{len(skipped)} submission(s) already up to date, not regraded "
                      "(--force regrades everything)."))
    if any(r.failure is not None for r in reports):
        sys.exit(SOME_FAILED)


@main.command(epilog=EPILOG)
@click.argument("assignment")
@click.option("--release", "release_", is_flag=True,
              help="Also run nbgrader release_feedback (students fetch it).")
@LANG
@click.pass_obj
def feedback(obj: dict[str, Any], assignment: str, release_: bool, lang: str | None) -> None:
    """Write each graded student's feedback HTML (exit 7 if a page could not be written)."""
    lang = _lang(obj, lang)
    paths = _run(api.feedback, course_dir=obj["course_dir"], assignment=assignment,
                 lang=lang, release_to_students=release_)
    for path in paths:
        click.echo(str(path))
    for student, why in getattr(paths, "failed", {}).items():
        click.echo(_t(lang, f"échec pour {student} : {why}", f"failed for {student}: {why}"),
                   err=True)
    if getattr(paths, "failed", None):
        sys.exit(SOME_FAILED)


@main.command("grade-notebook", epilog=EPILOG)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--assignment", required=True)
@click.option("--student", required=True, help="The student's id (on the class list).")
@click.option("--as-shown", is_flag=True,
              help="Grade a student who is not on the class list with the demonstration "
              "parameters their notebook showed.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--seed", type=int, default=None, help="Seed of the random probes.")
@LANG
@click.pass_obj
def grade_notebook(obj: dict[str, Any], path: Path, assignment: str, student: str,
                   as_shown: bool, as_json: bool, seed: int | None, lang: str | None) -> None:
    """Grade one notebook file (exit 0 whatever the score)."""
    lang = _lang(obj, lang)
    if not path.exists():
        raise click.ClickException(f"{path}: no such file")
    report = _run(api.grade_notebook, path=path, assignment=assignment, student=student,
                  course_dir=obj["course_dir"], seed=seed, as_shown=as_shown)
    if as_json:
        data = report.to_json(lang)
        keys = ("assignment", "student", "score", "max_score", "items", "notes")
        click.echo(json.dumps({k: data[k] for k in keys}, ensure_ascii=False, indent=1))
    else:
        click.echo(score_table([report], lang))


@main.command(epilog=EPILOG)
@click.argument("assignment")
@click.pass_obj
def check(obj: dict[str, Any], assignment: str) -> None:
    """For authors: grade the master solution (all must pass), the release (all missing)
    and every declared mistake (each recognised by name); exit 8 if any check fails."""
    from .check import check as run_check
    from .check import check_table
    from .course import Course

    course = Course(obj["course_dir"])
    rows = _run(run_check, course=course, assignment=assignment)
    click.echo(check_table(rows))
    if not all(row.ok for row in rows):
        sys.exit(CHECK_FAILED)


@main.command(epilog=EPILOG)
@click.option("--dir", "workdir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("demo"), show_default=True, help="Where the demo course is built.")
@click.option("--assignment", default="ch01", show_default=True,
              help="Assignment to release and grade (one with course/scenarios/<it>.py).")
@click.pass_obj
def demo(obj: dict[str, Any], workdir: Path, assignment: str) -> None:
    """Release ASSIGNMENT, grade four sample submissions in the sandbox, print the table."""
    from .course import Course
    from .demo import REPO_COURSE, run_demo

    _run(Course(REPO_COURSE).check_assignment, assignment=assignment)
    _run(run_demo, workdir=workdir.resolve(), lang=obj["lang"], assignment=assignment,
         echo=click.echo)


@main.command()
@click.argument("assignment", required=False)
@click.option("--all", "all_", is_flag=True, help="Every graded assignment, and an index page.")
@click.pass_obj
def report(obj: dict[str, Any], assignment: str | None, all_: bool) -> None:
    """Write the class report of ASSIGNMENT (HTML page and CSV tables) under reports/."""
    from .report_page import write_course_report, write_report

    if all_:
        page = _run(write_course_report, course_dir=obj["course_dir"], lang=obj["lang"])
    elif assignment is None:
        raise click.UsageError("give an ASSIGNMENT or --all")
    else:
        page = _run(write_report, course_dir=obj["course_dir"], assignment=assignment,
                    lang=obj["lang"])
    click.echo(f"report: {page}")


@main.command("export")
@click.argument("assignments", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["moodle", "canvas", "csv"]), required=True,
              help="moodle/canvas: their grade-import CSV; csv: everything, one row a grade.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Default: exports/<assignments>-<format>.csv in the course.")
@click.option("--missing", type=click.Choice(["zero", "blank"]), default="zero",
              show_default=True, help="Score of a student who did not submit.")
@click.pass_obj
def export_grades(obj: dict[str, Any], assignments: tuple[str, ...], fmt: str,
                  output: Path | None, missing: str) -> None:
    """Export final scores (gradebook: overrides and late penalties) for an LMS; one column
    per ASSIGNMENT (default: every graded one)."""
    from .course import Course
    from .export import export

    for assignment in assignments:
        _run(Course(obj["course_dir"]).check_assignment, assignment=assignment)
    path = _run(export, course_dir=obj["course_dir"], assignments=list(assignments), fmt=fmt,
                output=output, missing=missing)
    click.echo(f"export: {path}")


@main.command("similarity")
@click.argument("assignment")
@click.option("--threshold", type=float, default=0.5, show_default=True,
              help="Pairs whose score reaches it are listed.")
@click.pass_obj
def similarity_report(obj: dict[str, Any], assignment: str, threshold: float) -> None:
    """List pairs of submissions that look alike, with what they share (for the teacher to
    read; no grade depends on it)."""
    from .similarity import write_similarity

    page, pairs = _run(write_similarity, course_dir=obj["course_dir"], assignment=assignment,
                       lang=obj["lang"], threshold=threshold)
    for pair in pairs:
        kinds = ", ".join(sorted({f"{e.kind}:{e.item.split('.')[-1]}" for e in pair.evidence}))
        click.echo(f"{pair.a:<16} {pair.b:<16} {pair.score:6.2f}  code {pair.code:4.0%}  {kinds}")
    if not pairs:
        click.echo(f"no pair at or above {threshold:g}")
    click.echo(f"similarity: {page}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
