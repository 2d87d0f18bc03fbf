"""Attacks on the grader itself, through what a submission leaves in (or does from) its sandbox.

Issue 7, classes 1–4: the grader must not follow or wait on what the sandbox left behind, each
running sandbox has its own uid and process cap, the disk and inode limits hold, untrusted
records never crash the grader, and no process of a sandbox outlives it. Each attack is a
fixture named after it: code put in front of the honest solution of one answer cell, so the
attacker's own honest work must still be graded normally, and so must everyone else's.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import pytest

from autograder import api
from autograder.course import Course
from autograder.demo import load_scenarios, make_submission
from autograder.errors import UnusableSubmission
from autograder.sandbox.uidpool import BASE_UID, POOL_SIZE, run_dir
from tests.conftest import FAST_LIMITS

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

# A daemon that outlives the cell (double fork, own session, SIGTERM/SIGHUP ignored) and
# keeps doing BODY (with ``dm`` = ~/.deepmath) for a minute.
DAEMON = (
    "import os as _os, signal as _signal, time as _time, json as _json\n"
    "if _os.fork() == 0:\n"
    "    _os.setsid()\n"
    "    if _os.fork() == 0:\n"
    "        _signal.signal(_signal.SIGTERM, _signal.SIG_IGN)\n"
    "        _signal.signal(_signal.SIGHUP, _signal.SIG_IGN)\n"
    "        dm = _os.path.expanduser('~/.deepmath')\n"
    "        for _ in range(3000):\n"
    "            try:\n"
    "{BODY}"
    "            except OSError:\n"
    "                pass\n"
    "            _time.sleep(0.02)\n"
    "        _os._exit(0)\n"
    "    _os._exit(0)\n"
    "_os.wait()\n")


def _daemon(body: str) -> str:
    return DAEMON.replace("{BODY}", "".join(f"                {line}\n"
                                            for line in body.splitlines()))


SOURCE_MARK = "BEGIN SOLUTION"
"""Text of the instructor's source notebook that must never reach a student's output."""

ATTACKS: dict[str, tuple[str, str]] = {
    # name: (answer cell where the code goes, before its honest solution)
    "symlink_executed_notebook_to_grader_cwd": ("derivee_somme", _daemon(
        "for name in ('executed.ipynb', 'status.json', 'attempt.json'):\n"
        "    p = _os.path.join(dm, name)\n"
        "    if not _os.path.islink(p):\n"
        "        _os.symlink('/proc/self/cwd/source/ch01/ch01.ipynb', p + '.l')\n"
        "        _os.replace(p + '.l', p)\n")),
    "fifo_status_file": ("derivee_produit", _daemon(
        "for name in ('status.json', 'executed.ipynb', 'progress.json', 'culprits.json'):\n"
        "    p = _os.path.join(dm, name)\n"
        "    if not _os.path.exists(p) or not _os.path.isfile(p):\n"
        "        if _os.path.lexists(p): _os.remove(p)\n"
        "        _os.mkfifo(p)\n"
        "    elif _os.path.isfile(p):\n"
        "        _os.remove(p); _os.mkfifo(p)\n")),
    "daemon_rewrites_status": ("derivee_quotient", _daemon(
        "for name in ('status.json', 'attempt.json'):\n"
        "    with open(_os.path.join(dm, name), 'w') as f:\n"
        "        _json.dump({'state': 'timeout', 'died': 0, 'culprits': [0, 1, 2],\n"
        "                    'cells': {'0': 'kernel_died'}}, f)\n")),
    "tmp_fill": ("derivee_composee",  # 100 MiB in 1 MiB files: past the cap, under FSIZE
                 "import errno as _e, os as _os\n"
                 "def _fill(d):\n    n = 0\n    try:\n        for i in range(100):\n"
                 "            with open(f'{d}/f{i}', 'wb') as f:\n"
                 "                f.write(b'0' * 1024**2)\n"
                 "            n += 1\n"
                 "    except OSError as x:\n"
                 "        print(d, 'stopped at', n, 'MiB', _e.errorcode.get(x.errno))\n"
                 "    for i in range(100):\n"
                 "        if _os.path.exists(f'{d}/f{i}'): _os.remove(f'{d}/f{i}')\n"
                 "_fill('/tmp')\n_fill('/dev/shm')\n"),
    "scratch_fill_many_files": ("graphe_entree_dupliquee",
                                "import os as _os, errno as _e\n_os.makedirs('junk')\n_n = 0\n"
                                "try:\n    for _i in range(50000):\n"
                                "        open(f'junk/{_i}', 'w').close(); _n += 1\n"
                                "except OSError as _x:\n"
                                "    print('files stopped at', _n, _e.errorcode.get(_x.errno))\n"
                                "import shutil as _sh\n_sh.rmtree('junk')\n"
                                "_m = 0\ntry:\n    for _i in range(20):\n"
                                "        with open(f'big{_i}', 'wb') as _f:\n"
                                "            for _ in range(32):\n"
                                "                _f.write(b'0' * 1024**2); _m += 1\n"
                                "except OSError as _x:\n"
                                "    print('scratch stopped at', _m, 'MiB',"
                                " _e.errorcode.get(_x.errno))\n"
                                "for _i in range(20):\n"
                                "    if _os.path.exists(f'big{_i}'): _os.remove(f'big{_i}')\n"),
    "deep_nested_record": ("heaviside", (
        "import os as _os\n"
        "_p = _os.path.expanduser('~/.deepmath/answers.jsonl')\n"
        "_deep = '[' * 100000 + ']' * 100000\n"
        "_recs = ['{\"item\": \"ch01.heaviside\", \"kind\": \"value\", \"value\": '"
        " + _deep + '}', " + repr(json.dumps(
            {"item": "ch01.heaviside", "kind": "value",
             "value": {"t": "array", "dtype": "float", "shape": [2**32, 2**32, 0], "v": []}}))
        + ", " + repr(json.dumps(
            {"item": "ch01.heaviside", "kind": "value",
             "value": {"t": "array", "dtype": "int", "shape": [1], "v": ["9" * 1500]}}))
        + "]\n"
        # appended by a daemon once the hidden test has handed the honest answer out
        + _daemon("if 'heaviside' in open(_p).read() and not _os.path.exists(_p + '.done'):\n"
                  "    with open(_p, 'a') as f:\n"
                  "        f.write('\\n'.join(_recs) + '\\n')\n"
                  "    open(_p + '.done', 'w').close()\n"))),
}
ATTACKED_ITEMS = {"deep_nested_record": "ch01.heaviside"}
"""Items an attack means to lose (its own forged records replace its answer)."""

HOLDER = ("import os as _os, time as _time\n_kids = 0\n"
          "if _os.fork() == 0:\n    _os.setsid()\n"
          "    try:\n        while True:\n            if _os.fork() == 0:\n"
          "                _time.sleep(120); _os._exit(0)\n"
          "    except OSError:\n        pass\n    _time.sleep(120)\n    _os._exit(0)\n"
          "_time.sleep(5)\n")
"""fork_holder_starves_neighbour: a session of sleeping processes, as many as the sandbox's
process cap allows, held while the notebook goes on (each later cell waits a little)."""


def _submission(course: Course, attacks: dict[str, str], base: str = "alice") -> str:
    """The ``base`` scenario's notebook with code put in front of some answer cells."""
    nb = nbformat.reads(make_submission(course, "ch01", load_scenarios(course, "ch01")[base]),
                        as_version=4)
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        name = gid.removeprefix("ch01-").removesuffix("-reponse")
        if gid.endswith("-reponse") and name in attacks:
            cell.source = attacks[name] + "\n" + cell.source
    return nbformat.writes(nb)


def _pool_uid_with_many_processes(minimum: int) -> bool:
    counts: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                uid = os.stat(f"/proc/{name}").st_uid
            except OSError:
                continue
            counts[uid] = counts.get(uid, 0) + 1
    return any(n >= minimum for uid, n in counts.items()
               if BASE_UID <= uid < BASE_UID + POOL_SIZE)


def _key(report: api.GradeReport) -> list[tuple[Any, ...]]:
    return [(i.id, i.points, i.max_points, i.status, i.feedback.fr, i.feedback.en, i.mistake)
            for i in report.items]


def _submit(root: Path, student: str, text: str) -> None:
    target = root / "submitted" / student / "ch01"
    target.mkdir(parents=True)
    (target / "ch01.ipynb").write_text(text, encoding="utf-8")


def _grade_class(root: Path) -> dict[str, api.GradeReport]:
    """``deepmath grade`` on the course, from inside the course directory (the grader's cwd
    must not matter), bounded in time (a grader that waits on a FIFO would never return)."""
    out: dict[str, Any] = {}

    def work() -> None:
        try:
            out["reports"] = api.grade(course_dir=root, assignment="ch01", workers=2,
                                       limits=FAST_LIMITS)
        except BaseException as exc:  # noqa: BLE001 - reported below
            out["error"] = exc

    cwd = os.getcwd()
    os.chdir(root)
    try:
        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        thread.join(900)
    finally:
        os.chdir(cwd)
    assert not thread.is_alive(), "the class run hangs"
    if "error" in out:
        raise out["error"]
    return {r.student: r for r in out["reports"]}


def _leased_elsewhere(box: str) -> bool:
    """Is ``box`` (``sbx-<uid>-…``) the live sandbox of another grader on this machine (its
    uid's lease is held right now: this test's own class run holds none any more)?"""
    import fcntl

    from autograder.sandbox.uidpool import _base_dir

    uid = box.split("-")[1]
    try:
        fd = os.open(_base_dir() / "uids" / f"{uid}.lock", os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock if we got it
    return False


@pytest.fixture(scope="module")
def attack_class(released_course: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[Path, dict[str, api.GradeReport], dict[str, api.GradeReport]]:
    """One submission per attack, one (``mallory-all``) with every attack at once, and the
    honest alice and bob, graded together as a class; alice and bob also graded alone."""
    root = tmp_path_factory.mktemp("attacks") / "course"
    shutil.copytree(released_course, root)
    course = Course(root)
    for name, (cell, code) in ATTACKS.items():
        _submit(root, name.replace("_", "-"), _submission(course, {cell: code}))
    every = {cell: code for cell, code in ATTACKS.values()}
    every["newton"] = HOLDER
    _submit(root, "mallory-all", _submission(course, every))
    for student in ("alice", "bob"):
        _submit(root, student, _submission(course, {}, base=student))
    boxes_before = set(os.listdir(run_dir() / "sandboxes")) if (
        run_dir() / "sandboxes").exists() else set()
    together = _grade_class(root)
    boxes_after = set(os.listdir(run_dir() / "sandboxes"))
    left = {box for box in boxes_after - boxes_before if not _leased_elsewhere(box)}
    assert not left, f"a sandbox directory was left on the host: {left}"
    alone_root = tmp_path_factory.mktemp("alone") / "course"
    shutil.copytree(released_course, alone_root)
    alone: dict[str, api.GradeReport] = {}
    for student in ("alice", "bob"):
        _submit(alone_root, student, _submission(course, {}, base=student))
        [alone[student]] = api.grade(course_dir=alone_root, assignment="ch01", student=student,
                                     workers=1, limits=FAST_LIMITS)
    return root, together, alone


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attacker_own_honest_work_is_graded_normally(
        attack_class: tuple[Path, dict[str, api.GradeReport], dict[str, api.GradeReport]],
        attack: str) -> None:
    """Does each attack leave the attacker's honest answers graded normally (only the item
    its own forged records target is lost, as an error with a message)?"""
    _, together, _ = attack_class
    report = together[attack.replace("_", "-")]
    assert report.sandbox_state == "finished", report.to_json()
    lost = [i for i in report.items if i.status != "pass"]
    target = ATTACKED_ITEMS.get(attack)
    assert [i.id for i in lost] == ([target] if target else []), report.to_json()
    for item in lost:
        assert item.status == "error" and "illisible" in item.feedback.fr, item


def test_no_instructor_file_reaches_the_attackers_outputs(
        attack_class: tuple[Path, dict[str, api.GradeReport], dict[str, api.GradeReport]]
) -> None:
    """symlink_executed_notebook_to_grader_cwd: the autograded notebook and feedback page
    are the attacker's own run, never the instructor's source notebook."""
    root, _, _ = attack_class
    api.feedback(course_dir=root, assignment="ch01")
    for student in ("symlink-executed-notebook-to-grader-cwd", "mallory-all"):
        autograded = (root / "autograded" / student / "ch01" / "ch01.ipynb").read_text()
        page = (root / "feedback" / student / "ch01" / "ch01.html").read_text()
        assert SOURCE_MARK not in autograded and SOURCE_MARK not in page
        assert "_deepmath_kernel" not in autograded
        nb = nbformat.reads(autograded, as_version=4)
        assert any("fork" in c.source for c in nb.cells if c.cell_type == "code")


def test_daemon_cannot_rewrite_the_status(
        attack_class: tuple[Path, dict[str, api.GradeReport], dict[str, api.GradeReport]]
) -> None:
    """daemon_rewrites_status: the forged status (timeout, culprits) is not what is graded."""
    _, together, _ = attack_class
    report = together["daemon-rewrites-status"]
    assert report.sandbox_state == "finished"
    assert not any("cellule(s)" in n.fr for n in report.notes), report.notes


def test_limits_hold_inside_the_sandbox(
        attack_class: tuple[Path, dict[str, api.GradeReport], dict[str, api.GradeReport]]
) -> None:
    """tmp_fill, scratch_fill_many_files: writes past the caps fail inside the sandbox."""
    root, _, _ = attack_class

    def printed(student: str) -> str:
        nb = nbformat.read(root / "autograded" / student / "ch01" / "ch01.ipynb", 4)
        return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                       for o in c.outputs)

    tmp = printed("tmp-fill")
    mib = FAST_LIMITS.tmp_bytes // 1024**2
    for where in ("/tmp", "/dev/shm"):
        assert f"{where} stopped at" in tmp, tmp
        stopped = int(tmp.split(f"{where} stopped at")[1].split()[0])
        assert mib - 4 <= stopped <= mib and "ENOSPC" in tmp, tmp
    scratch = printed("scratch-fill-many-files")
    assert "scratch stopped at" in scratch and "ENOSPC" in scratch, scratch
    used = int(scratch.split("scratch stopped at")[1].split()[0])
    cap = FAST_LIMITS.scratch_bytes // 1024**2
    assert cap - 8 <= used <= cap, scratch  # the submission itself takes a little
    if os.geteuid() == 0:
        files = int(scratch.split("files stopped at")[1].split()[0])
        assert files < FAST_LIMITS.scratch_inodes, scratch


def test_class_run_grades_everyone_else_as_alone(
        attack_class: tuple[Path, dict[str, api.GradeReport], dict[str, api.GradeReport]]
) -> None:
    """With one student trying every attack at once in the same class run, are alice and bob
    graded exactly as when graded alone (scores, item by item verdicts and messages)?"""
    root, together, alone = attack_class
    for student in ("alice", "bob"):
        assert together[student].score == alone[student].score
        assert _key(together[student]) == _key(alone[student])
        assert [n.fr for n in together[student].notes] == [n.fr for n in alone[student].notes]
    assert together["alice"].score == together["alice"].max_score
    mallory = together["mallory-all"]
    assert mallory.sandbox_state == "finished"
    assert {i.id for i in mallory.items if i.status != "pass"} == {"ch01.heaviside"}


def test_fork_holder_starves_neighbour(released_course: Path) -> None:
    """fork_holder_starves_neighbour: while one submission holds every process its cap
    allows, an honest one graded at the same time (as two `grade-notebook` would) is graded
    normally."""
    course = Course(released_course)
    holder = _submission(course, {"derivee_somme": HOLDER,
                                  **{name: "import time as _t\n_t.sleep(5)\n"
                                     for name in ("derivee_produit", "derivee_quotient",
                                                  "derivee_composee", "heaviside")}})
    honest = _submission(course, {})

    def grade(text: str, student: str) -> api.Graded:
        return api.grade_bytes(course=course, assignment="ch01", student=student,
                               raw=text.encode(), limits=FAST_LIMITS, seed=7)

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(grade, holder, "mallory")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _pool_uid_with_many_processes(
                FAST_LIMITS.processes // 2):
            time.sleep(0.2)
        second = pool.submit(grade, honest, "alice")
        held, ok = first.result(), second.result()
    assert ok.report.sandbox_state == "finished", ok.report.to_json()
    assert ok.report.score == ok.report.max_score, ok.report.to_json()
    assert held.report.score == held.report.max_score, held.report.to_json()


def test_deep_nested_submission_is_unusable(released_course: Path, tmp_path: Path) -> None:
    """A submitted file nested 100 000 deep is 'unusable' (exit 4), not a RecursionError."""
    path = tmp_path / "deep.ipynb"
    path.write_text('{"cells": ' + "[" * 100_000 + "]" * 100_000 + ', "nbformat": 4}')
    with pytest.raises(UnusableSubmission) as info:
        api.grade_notebook(path=path, assignment="ch01", student="alice",
                           course_dir=released_course, limits=FAST_LIMITS)
    assert info.value.exit_code == 4 and "deep" in str(info.value)
    json.loads('{"ok": 1}')  # the json module still works after the check
