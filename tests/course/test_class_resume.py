"""A class run at scale (issue 14 items 2 and 3), through the real CLI and sandbox.

Is a class run SIGKILLed at random moments resumed by the same command, with a final
gradebook equal to an uninterrupted run's (nothing lost, nothing counted twice)? Does
``--force`` regrade everything? Does ``--dry-run --diff`` after an item change list exactly
the students whose scores would change, and leave every file byte-identical?
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from nbgrader.api import Gradebook

from autograder.course import Course
from autograder.demo import load_scenarios, make_submission

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

REPO = Path(__file__).resolve().parents[2]
CLASS = {"a1": "alice", "b1": "bob", "c1": "chloe", "m1": "mallory", "a2": "alice"}


def _cli(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-m", "autograder.cli", "--course-dir", str(root),
                             "grade", "ch01", "--workers", "2", "--lang", "en", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, start_new_session=True)


def _finish(proc: subprocess.Popen[str]) -> str:
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    return out


def _gradebook(root: Path) -> dict[str, Any]:
    """Per student: how many submissions of ch01, and each grade cell's auto score."""
    state: dict[str, Any] = {}
    with Gradebook(Course(root).db_url) as gb:
        for student in CLASS:
            subs = [s for s in gb.find_student(student).submissions
                    if s.assignment.name == "ch01"]
            notebook = gb.find_submission_notebook("ch01", "ch01", student)
            state[student] = (len(subs), sorted((g.name, g.auto_score) for g in notebook.grades))
    return state


def _results(root: Path) -> dict[str, Any]:
    out = {}
    for student in CLASS:
        record = json.loads((root / "autograded" / student / "ch01" / "results.json")
                            .read_text(encoding="utf-8"))
        out[student] = [(i["id"], i["status"], i["points"]) for i in record["items"]]
    return out


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def class_course(released_course: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("resume") / "course"
    shutil.copytree(released_course, root)
    course = Course(root)
    scenarios = load_scenarios(course, "ch01")
    for student, scenario in CLASS.items():
        folder = root / "submitted" / student / "ch01"
        folder.mkdir(parents=True)
        (folder / "ch01.ipynb").write_text(make_submission(course, "ch01", scenarios[scenario]),
                                           encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-12-03 12:00:00.000000 UTC\n")
    return root


@pytest.fixture(scope="module")
def uninterrupted(class_course: Path, tmp_path_factory: pytest.TempPathFactory
                  ) -> tuple[Path, float]:
    root = tmp_path_factory.mktemp("reference") / "course"
    shutil.copytree(class_course, root)
    start = time.monotonic()
    _finish(_cli(root))
    return root, time.monotonic() - start


def test_a_killed_class_run_resumes_to_the_same_gradebook(
        class_course: Path, uninterrupted: tuple[Path, float], tmp_path: Path,
        sandbox_ready: None) -> None:
    reference, full = uninterrupted
    root = tmp_path / "course"
    shutil.copytree(class_course, root)
    rng = random.Random(14)
    kills = 0
    for low, high in ((0.3, 0.55), (0.5, 0.8)):
        proc = _cli(root)
        try:
            proc.wait(timeout=rng.uniform(low, high) * full)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)  # the grader itself, mid-way
            kills += 1
        proc.wait()
        try:  # and whatever it left behind (bwrap dies with its parent)
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if proc.stdout:
            proc.stdout.close()
    assert kills >= 1
    out = _finish(_cli(root))
    assert _gradebook(root) == _gradebook(reference)
    assert _results(root) == _results(reference)
    assert not [p for p in root.rglob("*.tmp")], "a temporary file was left behind"
    # a rerun now grades nothing; --force regrades everyone, to the same gradebook
    again = _finish(_cli(root))
    assert f"{len(CLASS)} submission(s) already up to date" in again, again
    assert f"{len(CLASS)} submission(s) already" not in out
    forced = _finish(_cli(root, "--force", "--student", "a1"))
    assert "already up to date" not in forced
    assert _gradebook(root) == _gradebook(reference)


def test_dry_run_diff_lists_exactly_the_affected_students(
        uninterrupted: tuple[Path, float], tmp_path: Path, sandbox_ready: None) -> None:
    reference, _ = uninterrupted
    root = tmp_path / "course"
    shutil.copytree(reference, root)
    items = root / "items" / "ch01.py"
    text = items.read_text(encoding="utf-8")
    changed = text.replace("expected=lambda p: _d(_produit(p)),",
                           "expected=lambda p: _d(_produit(p)) + 1,")
    assert changed != text
    items.write_text(changed, encoding="utf-8")
    before = _tree_digest(root)
    out = _finish(_cli(root, "--dry-run", "--diff"))
    assert _tree_digest(root) == before, "--dry-run wrote something"
    listed = {line[:-1] for line in out.splitlines() if line.endswith(":")}
    # derivee_produit was right in the alice answers only (bob's is a mistake, chloe's
    # missing, mallory's a lie that earned nothing): they alone would lose it
    assert listed == {"a1", "a2"}, out
    assert "ch01.derivee_produit: pass" in out and "→ fail 0" in out
    assert "dry run: 2 of 5 student(s) would change" in out


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_dask_cluster_grades_like_a_local_run_even_when_a_worker_dies(
        class_course: Path, uninterrupted: tuple[Path, float], tmp_path: Path,
        sandbox_ready: None) -> None:
    """A real scheduler and two worker processes on loopback; one worker is SIGKILLed while
    it grades: its task is rescheduled, and the class's scores equal the local run's."""
    reference, full = uninterrupted
    root = tmp_path / "course"
    shutil.copytree(class_course, root)
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    address = f"tcp://127.0.0.1:{_free_port()}"
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host",
                               "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                               "--no-dashboard"], env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        time.sleep(3)
        for _ in range(2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads",
                 "1", "--nworkers", "1", "--no-nanny", "--no-dashboard"], env=env,
                start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        grader = _cli(root, "--cluster", address)
        time.sleep(0.4 * full)
        os.killpg(procs[1].pid, signal.SIGKILL)  # a worker dies with its sandbox
        out = _finish(grader)
    finally:
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
    assert _gradebook(root) == _gradebook(reference), out
    assert _results(root) == _results(reference)
