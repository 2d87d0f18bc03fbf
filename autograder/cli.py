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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
