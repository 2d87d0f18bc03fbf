"""deepmath grade vs stock nbgrader autograde on the same ch01 submissions (issue 14, "Speed").

Run by hand: ``.venv/bin/python bench/grading_bench.py [--n 20] [--reps 3] [--workers 2]``.

* Builds two courses in a temporary directory: the deepmath course (released ch01) and a
  **stock nbgrader** course whose source notebook is the same master notebook with each hidden
  test cell replaced by ordinary in-kernel asserts computing the same check: the master's
  solution code is run on the student's parameters (``p``), then formulas are read with the
  same whitelist parser (the students' kit) and compared with ``sympy.simplify``, functions on
  the same sample calls, values with ``numpy.allclose``. Stock nbgrader runs them in the
  student's kernel, without a sandbox (that is what it does).
* N submissions (default 20) cycling through the ch01 scenarios alice (correct), bob (typical
  mistakes) and chloe (unchanged release); the same notebook file goes to both courses.
* R repetitions, interleaved (stock, deepmath, stock, deepmath, …): the wall time of
  ``nbgrader autograde ch01 --force`` and of ``deepmath grade ch01 --workers W --force`` (each
  its own process), ``os.getloadavg()`` before each run, the ratio; the scores of every
  submission are compared where comparable (alice and chloe: the same score expected; bob:
  stock asserts and deepmath's declared checks may differ, printed only).
* A per-phase breakdown of one deepmath submission (in this process: sandbox set-up, sandbox
  start to runner, kernel start, preamble, cells, kernel shut-down, sandbox tear-down, answer
  collection, checks, autograded notebook, gradebook).
* p50/p95 of one symbolic check over the equivalence cases of the tests
  (``tests/autograder/test_symbolic_equivalence.py``' cases, see ``bench_symbolic.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from autograder import api  # noqa: E402
from autograder.demo import SOLUTION_REGION, copy_course, load_scenarios, make_submission  # noqa: E402,I001

PY = sys.executable
SCENARIOS = ("alice", "bob", "chloe")

STOCK_HELPER = textwrap.dedent('''\
    # Stock nbgrader: the checks run here, in the student's kernel (ordinary asserts).
    import deepmath_eleve as _dm


    def _stock_reference(source, p, variable):
        """The master solution's answer for these parameters."""
        ns = {"p": p, "np": _dm.np, "sp": _dm.sp, "math": _dm.math, "x": _dm.x}
        exec(source, ns)
        return ns[variable]


    def _stock_formula(value, variables):
        if isinstance(value, _dm.sp.Basic):
            return value
        return _dm._symbolique().parse(value, variables, timeout=3.0)


    def _stock_close(a, b):
        try:
            return bool(_dm.np.allclose(_dm.np.asarray(a, dtype=float),
                                        _dm.np.asarray(b, dtype=float),
                                        rtol=1e-6, atol=1e-9, equal_nan=True))
        except (TypeError, ValueError):
            return a == b


    def _stock_check(name, value, expected):
        expect = _dm._question(name)["attendu"]
        if expect["t"] == "formule":
            variables = expect.get("variables", ["x"])
            diff = _stock_formula(value, variables) - _stock_formula(expected, variables)
            assert _dm.sp.simplify(diff) == 0, "wrong formula"
        elif expect["t"] == "fonction":
            for call in expect.get("appels", []):
                args = [_dm._argument(a) for a in call["args"]]
                assert _stock_close(value(*args), expected(*args)), "wrong output"
        else:
            assert _stock_close(value, expected), "wrong value"
    ''')


def stock_source(master: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The master notebook with hidden hand-outs replaced by in-kernel asserts."""
    nb = nbformat.reads(nbformat.writes(master), as_version=4)
    solutions = {c.metadata["nbgrader"]["grade_id"].removesuffix("-reponse"): c.source
                 for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    cells, helper = [], False
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            found = re.search(r'rendre\("[^".]+\.([^"]+)", lambda: (\w+)\)', cell.source)
            if found is None:
                raise SystemExit(f"unexpected test cell: {cell.source!r}")
            name, variable = found.groups()
            source = SOLUTION_REGION.sub("", solutions[f"{meta['grade_id'].split('-')[0]}-{name}"])
            cell.source = (f"_stock_check({name!r}, {variable}, _stock_reference({source!r}, "
                           f"p, {variable!r}))")
        if meta.get("locked") and not meta.get("grade") and "deepmath_eleve" in cell.source \
                and not helper:
            # in the first setup cell: nbgrader overwrites locked cells from the source but
            # never adds cells a submission lacks
            cell.source += "\n\n" + STOCK_HELPER
            helper = True
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("deepmath", None)
    return nb


def build(tmp: Path, n: int) -> tuple[Path, Path, list[str]]:
    """Both courses, with the same n submissions; returns (deepmath dir, stock dir, ids)."""
    os.environ.setdefault("DEEPMATH_SECRET", "bench-secret")
    course = copy_course(tmp / "deepmath")
    students = [f"s{k:03d}" for k in range(n)]
    (course.root / "roster.csv").write_text(
        "username,role,first_name,last_name,email\n"
        + "".join(f"{s},student,S,{s},{s}@example.org\n" for s in students), encoding="utf-8")
    api.release(course_dir=course.root, assignment="ch01", exchange=False)
    scenarios = load_scenarios(course, "ch01")
    stock = tmp / "stock"
    (stock / "source" / "ch01").mkdir(parents=True)
    (stock / "nbgrader_config.py").write_text(
        'c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = "stock"\n'
        "c.Execute.timeout = 30\n", encoding="utf-8")
    master = nbformat.read(str(course.source_notebook("ch01")), as_version=4)
    nbformat.write(stock_source(master), str(stock / "source" / "ch01" / "ch01.ipynb"))
    kit = [p for p in (course.root / "release" / "ch01").iterdir() if p.name != "ch01.ipynb"]
    for path in kit:  # the students' kit and variants table, as released
        (stock / "source" / "ch01" / path.name).write_bytes(path.read_bytes())
    subprocess.run([PY, "-m", "nbgrader", "generate_assignment", "ch01", "--force",
                    "--log-level=ERROR"], cwd=stock, check=True)
    for k, student in enumerate(students):
        text = make_submission(course, "ch01", scenarios[SCENARIOS[k % len(SCENARIOS)]])
        for root in (course.root, stock):
            folder = root / "submitted" / student / "ch01"
            folder.mkdir(parents=True)
            (folder / "ch01.ipynb").write_text(text, encoding="utf-8")
            (folder / "timestamp.txt").write_text("2026-11-27 09:00:00.000000 UTC\n")
            if root == stock:  # a stock student's folder holds the released kit too
                for path in kit:
                    (folder / path.name).write_bytes(path.read_bytes())
    return course.root, stock, students


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_stock(stock: Path) -> tuple[float, float]:
    """(wall s, CPU s) of ``nbgrader autograde`` (its kernels included: it reaps them)."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([PY, "-m", "nbgrader", "autograde", "ch01", "--force", "--log-level=ERROR"],
                   cwd=stock, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - cpu


# The deepmath CLI, unchanged, plus a tally of each sandbox's CPU seconds (the runner reports
# them; a sandbox's processes die in their own pid namespace, so rusage never sees them).
CLI_WITH_TALLY = """
import atexit, runpy, sys
from autograder.sandbox import bwrap
total, run = [], bwrap._execute
def tallied(*args, **kwargs):
    result = run(*args, **kwargs)
    total.append(result.phases.get("runner_cpu", 0.0))
    return result
bwrap._execute = tallied
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(str(sum(total))))
sys.argv[0] = "deepmath"
runpy.run_module("autograder.cli", run_name="__main__")
"""


def run_deepmath(course: Path, workers: int) -> tuple[float, float]:
    """(wall s, CPU s) of ``deepmath grade``: the grader's process and children, plus the
    sandboxes' own CPU."""
    with tempfile.NamedTemporaryFile("r") as tally:
        cpu, start = _children_cpu(), time.perf_counter()
        subprocess.run([PY, "-c", CLI_WITH_TALLY, tally.name, "--course-dir", str(course),
                        "grade", "ch01", "--workers", str(workers), "--force"], cwd="/",
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
        return wall, cpu + float(tally.read() or 0)


def stock_scores(stock: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{stock / 'gradebook.db'}") as gb:
        return {s.student_id: s.score for s in gb.assignment_submissions("ch01")}


def deepmath_scores(course: Path, students: list[str]) -> dict[str, float]:
    scores = {}
    for student in students:
        record = json.loads((course / "autograded" / student / "ch01" / "results.json")
                            .read_text(encoding="utf-8"))
        scores[student] = float(record["score"])
    return scores


PHASES = ("box_setup", "spawn_to_runner", "runner_to_kernel", "kernel_start", "preamble",
          "cells", "kernel_shutdown", "runner_end", "box_teardown")


def breakdown(course_dir: Path, student: str) -> dict[str, float]:
    """One submission through api._grade_one in this process, timed phase by phase."""
    from autograder import gradebook
    from autograder.course import Course
    from autograder.sandbox import bwrap

    timings: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        return wrapper

    from autograder import pipeline
    from autograder.pipeline import GRADE_STEPS, SANITIZE_STEPS
    steps = tuple(pipeline.Step(s.name, timed(s.name, s.run)) for s in SANITIZE_STEPS
                  + GRADE_STEPS)
    saved = (api.run_pipeline, api.save_report, api.autograded_notebook, api._master,
             api._write_results, bwrap._run_in_box)
    sandbox: list = []

    def run_in_box(*args, **kwargs):
        result = saved[5](*args, **kwargs)
        sandbox.append(result)
        return result

    api.run_pipeline = lambda ctx: pipeline.run_pipeline(ctx, steps)
    api.save_report = timed("gradebook", gradebook.save_report)
    api.autograded_notebook = timed("autograded_notebook", saved[2])
    api._master = timed("master_read", saved[3])
    api._write_results = timed("results_json", saved[4])
    bwrap._run_in_box = run_in_box
    try:
        course = Course(course_dir)
        run = api._ClassRun(course, "ch01", None, course.shown_students("ch01"),
                            api.late_policy(course.nbgrader_config()), course.items("ch01"),
                            version=api.grading_version(course, "ch01"), force=True)
        start = time.perf_counter()
        api._grade_one(run, student, course.root / "submitted" / student / "ch01", 0)
        timings["total"] = time.perf_counter() - start
    finally:
        (api.run_pipeline, api.save_report, api.autograded_notebook, api._master,
         api._write_results, bwrap._run_in_box) = saved
    if sandbox:
        timings.update({f"sandbox.{k}": v for k, v in sandbox[-1].phases.items()})
    return timings


def symbolic_percentiles() -> tuple[float, float, float, int, list[tuple[float, str]]]:
    """p50/p95/max (ms) of one bounded equivalence check over bench_symbolic's corpus (the
    tests' verdict corpus, equivalent forms and near misses), after one warm-up."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_symbolic import corpus  # type: ignore[import-not-found]

    from autograder.symbolic import equivalent, warm_up

    warm_up()
    times = []
    for expected, text, variables in corpus():
        start = time.perf_counter()
        equivalent(expected, text, variables, timeout=3.0)
        times.append((time.perf_counter() - start, text))
    ms = sorted(1000 * t for t, _ in times)
    q = statistics.quantiles(ms, n=20)
    return statistics.median(ms), q[18], ms[-1], len(ms), sorted(times, reverse=True)[:5]


def fmt_load(load: tuple[float, float, float]) -> str:
    return " ".join(f"{v:.2f}" for v in load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-stock", action="store_true",
                        help="deepmath runs only (no ratio)")
    parser.add_argument("--skip-symbolic", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as tmp:
        course, stock, students = build(Path(tmp), args.n)
        print(f"{args.n} ch01 submissions ({', '.join(SCENARIOS)} in turn), "
              f"{os.cpu_count()} CPUs, deepmath --workers {args.workers}")
        print(f"{'rep':>3} {'stock s':>8} {'CPU s':>6} {'load':>15} {'deepmath s':>10} "
              f"{'CPU s':>6} {'load':>15} {'ratio':>6} {'CPU ratio':>9}")
        ratios, cpu_ratios = [], []
        for rep in range(args.reps):
            load_s = os.getloadavg()
            t_stock, c_stock = ((float("nan"), float("nan")) if args.skip_stock
                                else run_stock(stock))
            load_d = os.getloadavg()
            t_deep, c_deep = run_deepmath(course, args.workers)
            ratios.append(t_stock / t_deep)
            cpu_ratios.append(c_stock / c_deep)
            print(f"{rep + 1:>3} {t_stock:8.1f} {c_stock:6.1f} {fmt_load(load_s):>15} "
                  f"{t_deep:10.1f} {c_deep:6.1f} {fmt_load(load_d):>15} {ratios[-1]:6.2f} "
                  f"{cpu_ratios[-1]:9.2f}", flush=True)
        if not args.skip_stock:
            print(f"ratio stock/deepmath: wall median {statistics.median(ratios):.2f}; CPU "
                  f"(core-seconds, robust to the load of others) median "
                  f"{statistics.median(cpu_ratios):.2f}; stock runs one notebook at a time")
            ours, theirs = deepmath_scores(course, students), stock_scores(stock)
            for k, student in enumerate(students):
                kind = SCENARIOS[k % len(SCENARIOS)]
                same = abs(ours[student] - theirs.get(student, float("nan"))) < 1e-9
                if kind != "bob" and not same:
                    print(f"  SCORES DIFFER {student} ({kind}): deepmath {ours[student]} "
                          f"stock {theirs.get(student)}")
            by_kind = {kind: sorted({(ours[s], theirs.get(s)) for k, s in enumerate(students)
                                     if SCENARIOS[k % len(SCENARIOS)] == kind})
                       for kind in SCENARIOS}
            print("scores (deepmath, stock) per scenario:", by_kind)
        print("one deepmath submission (alice), seconds per phase:")
        for _ in range(2):  # the first warms the grader's caches (imports, sympy)
            phases = breakdown(course, students[0])
        for name, value in phases.items():
            print(f"  {name:<28} {value:6.3f}")
        if not args.skip_symbolic:
            p50, p95, worst, count, slowest = symbolic_percentiles()
            print(f"one symbolic check ({count} cases): p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
                  f"max {worst:.0f} ms (goal p95 < 100 ms); slowest:")
            for seconds, text in slowest:
                print(f"  {1000 * seconds:6.0f} ms  {text}")


if __name__ == "__main__":
    main()
