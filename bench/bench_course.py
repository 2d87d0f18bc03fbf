"""How long does grading one submission take, for each assignment of the course?

Run by hand: ``.venv/bin/python bench/bench_course.py [--rounds N] [chNN ...]``. For each
assignment (default: all of course/items/), releases it in a throw-away copy of the course,
then grades the correct sample submission (scenario "alice") N times, one after the other, with
the default sandbox limits. Prints, per assignment, the median and worst wall time per
submission, the share spent in each pipeline step (sandboxed run vs checks in the grader), and
the ratio to the 3 s budget (issue 10: ≤ 3 s for chapters without TensorFlow), and the ratio to
ch01 measured in the same run (robust to the machine's load, which inflates every time alike).
A TensorFlow chapter (``ENVIRONMENT = "tf"``, column ``env``) runs under its environment's
limits and pays TensorFlow's start-up (≈ 3–5 s) in its sandbox time: e.g.
``bench/bench_course.py --rounds 2 ch06 ch10``.

An assignment whose notebook trains (``WEIGHT_FILES``: ch09, ch10, ch14, ch18) is first run
once as the student's kernel runs it in class (column ``training s``: that run trains and
writes the weights, it is not grading); each graded run then gets those files with the
notebook and loads them: the grading times show that grading never retrains.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder import api  # noqa: E402
from autograder.course import Course  # noqa: E402
from autograder.demo import copy_course, load_scenarios, make_submission  # noqa: E402
from autograder.pipeline import GRADE_STEPS, SANITIZE_STEPS, Context  # noqa: E402
from autograder.sandbox import Limits  # noqa: E402
from autograder.variants import student_variant  # noqa: E402

BUDGET_S = 3.0


def grade_timed(course: Course, assignment: str, raw: bytes, seed: int,
                weights: dict[str, bytes] | None = None) -> dict[str, float]:
    """One submission through the pipeline, timing each step (same steps as api.grade_bytes).
    ``weights``: the trained-weights files submitted with it (``WEIGHT_FILES``)."""
    items = course.items(assignment)
    variant = student_variant(items, course.secret, assignment, "alice")
    ctx = Context(assignment=assignment, student="alice", raw=raw,
                  master=api._master(course, assignment), items=items,
                  params={item.id: variant[item.name]["params"] for item in items},
                  variant=variant, seed=seed, data_files=course.data_files(assignment),
                  weight_files=dict(weights or {}),
                  limits=Limits.for_environment(course.environment(assignment)))
    times: dict[str, float] = {}
    for step in SANITIZE_STEPS + GRADE_STEPS:
        start = time.perf_counter()
        step.run(ctx)
        times[step.name] = time.perf_counter() - start
    if any(result.status != "pass" for result in ctx.results):
        raise SystemExit(f"{assignment}: the correct submission did not earn full marks")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DEEPMATH_SECRET", "bench-secret")
    with tempfile.TemporaryDirectory() as tmp:
        course = copy_course(Path(tmp) / "course")
        assignments = args.assignments or course.assignments()
        print(f"{'assignment':<10} {'env':>4} {'median s':>9} {'worst s':>8} {'sandbox':>8} "
              f"{'checks':>7} {'ratio/3s':>9} {'vs ch01':>8} {'training s':>11}")
        reference: float | None = None
        for assignment in assignments:
            api.release(course_dir=course.root, assignment=assignment, exchange=False)
            answers = load_scenarios(course, assignment)["alice"]
            text = make_submission(course, assignment, answers)
            weights, trained = None, f"{'-':>11}"
            if course.weight_files(assignment):  # the student's own run trains, once, untimed
                start = time.perf_counter()
                weights = api.run_as_student(course=course, assignment=assignment,
                                             student="alice", notebook=text)
                trained = f"{time.perf_counter() - start:11.1f}"
            raw = text.encode()
            runs = [grade_timed(course, assignment, raw, seed, weights)
                    for seed in range(args.rounds)]
            totals = [sum(r.values()) for r in runs]
            sandbox = statistics.median(r["execute_in_sandbox"] for r in runs)
            checks = statistics.median(r["check_items"] for r in runs)
            median = statistics.median(totals)
            if assignment == "ch01":
                reference = median
            relative = f"{median / reference:8.2f}" if reference else f"{'-':>8}"
            env = course.environment(assignment)
            print(f"{assignment:<10} {env:>4} {median:9.2f} {max(totals):8.2f} {sandbox:8.2f} "
                  f"{checks:7.2f} {median / BUDGET_S:9.2f} {relative} {trained}")


if __name__ == "__main__":
    main()
