"""The ``deepmath`` command: a thin click layer over ``autograder.api``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import api
from .course import default_course_dir
from .errors import DeepmathError
from .model import GradeReport


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


def score_table(reports: list[GradeReport], lang: str = "fr", details: bool = True) -> str:
    lines = [f"{'student':<20} {'score':>12}  statuses"]
    for r in reports:
        counts = {s: sum(1 for i in r.items if i.status == s)
                  for s in ("pass", "fail", "error", "missing")}
        summary = " ".join(f"{k}={v}" for k, v in counts.items() if v)
        lines.append(f"{r.student:<20} {r.score:>5g} / {r.max_score:<5g}  {summary}")
        if details:
            for note in r.notes:
                lines.append(f"    ! {note(lang)}")
            for i in r.items:
                if i.status != "pass":
                    lines.append(f"    {i.id:<32} {i.status:<8} {i.feedback(lang)}")
    return "\n".join(lines)


@click.group()
@click.option("--course-dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Course directory (default: $DEEPMATH_COURSE_DIR or ./course).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of the feedback.")
@click.pass_context
def main(ctx: click.Context, course_dir: Path | None, lang: str) -> None:
    """deepmath: release, grade and give feedback on the Deepmath assignments."""
    ctx.obj = {"course_dir": (course_dir or default_course_dir()).resolve(), "lang": lang}


@main.command()
@click.argument("assignment")
@click.option("--exchange/--no-exchange", default=None,
              help="Also release to the nbgrader exchange (default: if one is configured).")
@click.pass_obj
def release(obj: dict[str, Any], assignment: str, exchange: bool | None) -> None:
    """Build and release ASSIGNMENT (nbgrader generate_assignment + students' variants)."""
    done = _run(api.release, course_dir=obj["course_dir"], assignment=assignment,
                exchange=exchange)
    click.echo(f"released {done.assignment} to {done.release_dir} "
               f"({len(done.students)} student variants"
               f"{', exchange' if done.exchanged else ''})")


@main.command()
@click.argument("assignment")
@click.option("--student", default=None, help="Grade only this student's submission.")
@click.option("--workers", default=2, show_default=True, help="Sandboxes run at once.")
@click.pass_obj
def grade(obj: dict[str, Any], assignment: str, student: str | None, workers: int) -> None:
    """Grade the collected submissions of ASSIGNMENT in the sandbox."""
    reports = _run(api.grade, course_dir=obj["course_dir"], assignment=assignment,
                   student=student, workers=workers)
    if not reports:
        click.echo(f"no submission found for {assignment}"
                   + (f" and student {student}" if student else ""))
        return
    click.echo(score_table(reports, obj["lang"]))


@main.command()
@click.argument("assignment")
@click.option("--release", "release_", is_flag=True,
              help="Also run nbgrader release_feedback (students fetch it).")
@click.pass_obj
def feedback(obj: dict[str, Any], assignment: str, release_: bool) -> None:
    """Write each graded student's feedback HTML."""
    paths = _run(api.feedback, course_dir=obj["course_dir"], assignment=assignment,
                 lang=obj["lang"], release_to_students=release_)
    for path in paths:
        click.echo(str(path))


@main.command("grade-notebook")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--assignment", required=True)
@click.option("--student", required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--seed", type=int, default=None, help="Seed of the random probes.")
@click.pass_obj
def grade_notebook(obj: dict[str, Any], path: Path, assignment: str, student: str,
                   as_json: bool, seed: int | None) -> None:
    """Grade one notebook file (exit 0 whatever the score)."""
    if not path.exists():
        raise click.ClickException(f"{path}: no such file")
    report = _run(api.grade_notebook, path=path, assignment=assignment, student=student,
                  course_dir=obj["course_dir"], seed=seed)
    if as_json:
        data = report.to_json(obj["lang"])
        keys = ("assignment", "student", "score", "max_score", "items", "notes")
        click.echo(json.dumps({k: data[k] for k in keys}, ensure_ascii=False, indent=1))
    else:
        click.echo(score_table([report], obj["lang"]))


@main.command()
@click.option("--dir", "workdir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("demo"), show_default=True, help="Where the demo course is built.")
@click.pass_obj
def demo(obj: dict[str, Any], workdir: Path) -> None:
    """Release ch01, grade four sample submissions in the sandbox, print the table."""
    from .demo import run_demo

    _run(run_demo, workdir=workdir.resolve(), lang=obj["lang"], echo=click.echo)


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
