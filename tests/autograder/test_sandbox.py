"""Does the sandbox isolate a submission and turn every limit into a recorded result?"""

from __future__ import annotations

import json
import os

import nbformat
import pytest

from autograder.sandbox import Limits, run_notebook

pytestmark = pytest.mark.sandbox

LIMITS = Limits(cell_seconds=5, wall_seconds=60, memory_bytes=1024**3, processes=64,
                file_bytes=1024**2, cell_output_bytes=5000)


def _run(*sources: str, limits: Limits = LIMITS, probes: dict | None = None):  # noqa: ANN202
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    result = run_notebook(nbformat.writes(nb), student="eve", probes=probes, limits=limits)
    executed = nbformat.reads(result.executed_notebook, 4) if result.executed_notebook else None
    return result, executed


def _text(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") + o.get("ename", "") + o.get("evalue", "")
                   for o in cell.outputs)


def test_no_network_readonly_system_no_course(sandbox_ready: None) -> None:
    """Is the network unreachable, the system read-only and the host's files invisible?"""
    result, nb = _run(
        "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n"
        "    print('CONNECTED')\nexcept OSError as e:\n    print('refused', e.errno)",
        "open('/usr/lib/evil', 'w')",
        "import os\nprint(sorted(os.listdir('/')))\n"
        "print([p for p in ('/work', '/root', '/srv', '/etc/shadow') if os.path.exists(p)])",
        "import importlib.util\nprint('ref', importlib.util.find_spec('reference'))\n"
        "print('grader', importlib.util.find_spec('autograder'))",
        "print(os.getuid(), os.environ.get('HOME'))\nopen('scratch.txt', 'w').write('ok')")
    assert result.state == "finished"
    assert "refused" in _text(nb.cells[0]) and "CONNECTED" not in _text(nb.cells[0])
    assert "Read-only file system" in _text(nb.cells[1])
    assert "[]" in _text(nb.cells[2]).splitlines()[-1]
    assert "ref None" in _text(nb.cells[3]) and "grader None" in _text(nb.cells[3])
    assert not _text(nb.cells[4]).startswith("0 ")  # not root


def test_infinite_loop_is_interrupted_and_later_cells_run(sandbox_ready: None) -> None:
    """Does a cell past its timeout get interrupted while the next cells still run?"""
    result, nb = _run("while True:\n    pass", "_dm_rendre('t.after', lambda: 7)")
    assert result.state == "finished"
    assert result.status["cells"]["0"] == "timeout"
    assert '"t.after"' in result.answers_text


def test_memory_bomb_becomes_memory_error(sandbox_ready: None) -> None:
    """Does a memory bomb end in MemoryError (or a kernel death), never a grader crash?"""
    result, nb = _run("x = bytearray(4 * 1024**3)", "_dm_rendre('t.after', lambda: 1)")
    assert result.state in ("finished", "kernel_died")
    assert '"t.after"' in result.answers_text
    assert "MemoryError" in _text(nb.cells[0]) or result.status.get("culprits") == [0]


def test_fork_bomb_is_bounded(sandbox_ready: None) -> None:
    """Does RLIMIT_NPROC stop a fork bomb?"""
    result, nb = _run(
        "import os, time\nn = 0\ntry:\n    for _ in range(10000):\n"
        "        if os.fork() == 0:\n            time.sleep(30); os._exit(0)\n"
        "        n += 1\nexcept OSError as e:\n    print('refused after', n)",
        "_dm_rendre('t.after', lambda: 1)")
    assert "refused after" in _text(nb.cells[0])
    assert '"t.after"' in result.answers_text


def test_huge_output_and_file_are_capped(sandbox_ready: None) -> None:
    """Are a flood of output and a huge file truncated/refused rather than stored?"""
    result, nb = _run("for i in range(200000):\n    print('x' * 50)",
                      "with open('big', 'wb') as f:\n    f.write(b'0' * (8 * 1024**2))",
                      "_dm_rendre('t.after', lambda: 1)")
    assert len(json.dumps(nb.cells[0].outputs)) < 20_000
    assert "tronquée" in _text(nb.cells[0])
    assert "File too large" in _text(nb.cells[1]) or "27" in _text(nb.cells[1])
    assert '"t.after"' in result.answers_text


def test_wall_clock_timeout_is_a_result(sandbox_ready: None) -> None:
    """Does the whole-run timeout kill the sandbox and come back as state 'timeout'?"""
    limits = Limits(cell_seconds=30, wall_seconds=6)
    result, _ = _run("import time\ntime.sleep(20)", limits=limits)
    assert result.state == "timeout" and result.elapsed < 20


def test_killed_kernel_is_rerun_without_the_culprit(sandbox_ready: None) -> None:
    """Does a cell that kills the kernel get skipped on a re-run so later work counts?"""
    result, nb = _run("v = 41", "import os\nos._exit(1)", "_dm_rendre('t.v', lambda: v + 1)")
    assert result.status["culprits"] == [1]
    assert '"v": "42"' in result.answers_text


def test_function_probes_are_called_in_the_kernel(sandbox_ready: None) -> None:
    """Are grader-chosen calls made on the student's function, errors and slowness caught?"""
    probes = {"t.f": [{"args": [{"t": "int", "v": "3"}]},
                      {"args": [{"t": "int", "v": "0"}]},
                      {"args": [{"t": "int", "v": "-1"}], "timeout": 1}]}
    result, _ = _run("import time\ndef f(n):\n    if n < 0:\n        time.sleep(10)\n"
                     "    return 6 / n\n_dm_rendre('t.f', lambda: f)", probes=probes)
    record = json.loads(result.answers_text.splitlines()[-1])
    outs = record["outputs"]
    assert outs[0] == {"ok": {"t": "float", "v": "2.0"}}
    assert outs[1]["error"]["name"] == "ZeroDivisionError"
    assert outs[2]["error"]["name"] == "Timeout"


# --- Limits that limit, hit on purpose (issue 7, class 3) -------------------------------------

FILL = ("import errno, os\n"
        "def fill(path, chunk=1024**2, count=10**6):\n"
        "    done = 0\n"
        "    try:\n"
        "        for i in range(count):\n"
        "            with open(f'{path}/f{i}', 'wb') as fh:\n"
        "                if chunk:\n"
        "                    fh.write(b'0' * chunk)\n"
        "            done += 1\n"
        "    except OSError as e:\n"
        "        print('stopped', done, errno.errorcode.get(e.errno))\n"
        "    return done\n")


def _stopped(cell: nbformat.NotebookNode) -> tuple[int, str]:
    words = _text(cell).split()
    at = words.index("stopped")
    return int(words[at + 1]), words[at + 2]


def _boxes() -> set[str]:
    from autograder.sandbox.uidpool import run_dir
    boxes = run_dir() / "sandboxes"
    return set(os.listdir(boxes)) if boxes.exists() else set()


def _mounts_under_boxes() -> list[str]:
    from autograder.sandbox.uidpool import run_dir
    prefix = str(run_dir() / "sandboxes")
    with open("/proc/self/mountinfo") as fh:
        return [line for line in fh if prefix in line]


def test_tmp_write_fails_at_its_cap(sandbox_ready: None) -> None:
    """Does /tmp (and /dev/shm, same mount) refuse writes past tmp_bytes, /dev refuse any?"""
    limits = Limits(cell_seconds=10, wall_seconds=60, tmp_bytes=8 * 1024**2)
    result, nb = _run(FILL + "print(fill('/tmp'))",
                      FILL + "import shutil\nshutil.rmtree('/tmp', ignore_errors=True)\n"
                      "print(fill('/dev/shm'))",
                      "open('/dev/evil', 'w')", limits=limits)
    assert result.state == "finished"
    done, code = _stopped(nb.cells[0])
    assert code == "ENOSPC" and 6 <= done <= 8, _text(nb.cells[0])  # 8 MiB cap
    assert _stopped(nb.cells[1])[1] == "ENOSPC" and _stopped(nb.cells[1])[0] <= 8
    assert "Read-only file system" in _text(nb.cells[2])


def test_scratch_write_fails_at_its_cap_and_host_is_untouched(sandbox_ready: None) -> None:
    """Does the home refuse writes past scratch_bytes, with nothing left on the host after?"""
    limits = Limits(cell_seconds=10, wall_seconds=60, scratch_bytes=16 * 1024**2)
    result, nb = _run(FILL + "os.mkdir('junk')\nprint(fill('junk'))",
                      "import shutil\nshutil.rmtree('junk')",
                      "_dm_rendre('t.after', lambda: 1)", limits=limits)
    done, code = _stopped(nb.cells[0])
    assert code == "ENOSPC" and 13 <= done <= 16, _text(nb.cells[0])  # 16 MiB cap
    assert '"t.after"' in result.answers_text
    # this run's box and mounts are gone (only its uid's: other sandboxes may be running)
    mine = f"sbx-{result.uid}-"
    assert not any(b.startswith(mine) for b in _boxes())
    assert not any(mine in line for line in _mounts_under_boxes())


@pytest.mark.skipif(os.geteuid() != 0, reason="inode caps need a root grader (tmpfs mounts)")
def test_scratch_and_tmp_inode_caps(sandbox_ready: None) -> None:
    """Do many empty files hit the inode caps of the home and of /tmp?"""
    limits = Limits(cell_seconds=15, wall_seconds=60, scratch_inodes=600, tmp_inodes=400)
    result, nb = _run(FILL + "os.mkdir('many')\nprint(fill('many', chunk=0, count=20000))",
                      FILL + "print(fill('/tmp', chunk=0, count=20000))", limits=limits)
    done_home, code_home = _stopped(nb.cells[0])
    done_tmp, code_tmp = _stopped(nb.cells[1])
    assert code_home == "ENOSPC" and done_home < 600, _text(nb.cells[0])
    assert code_tmp == "ENOSPC" and done_tmp < 400, _text(nb.cells[1])


HOLD = ("import os, time\nn = 0\ntry:\n    for _ in range(10000):\n"
        "        if os.fork() == 0:\n            time.sleep(40); os._exit(0)\n"
        "        n += 1\nexcept OSError as e:\n    print('refused after', n)\n")


def test_concurrent_sandboxes_have_their_own_process_cap(sandbox_ready: None) -> None:
    """While one sandbox holds every process it may have, is its neighbour unaffected?"""
    from concurrent.futures import ThreadPoolExecutor

    limits = Limits(cell_seconds=15, wall_seconds=90, processes=48)
    holder = [HOLD + "time.sleep(12)"]
    honest = ["import time\ntime.sleep(3)",  # starts while the holder holds everything
              "import os\nkids = []\nfor _ in range(20):\n    pid = os.fork()\n"
              "    if pid == 0:\n        os._exit(0)\n    kids.append(pid)\n"
              "for pid in kids:\n    os.waitpid(pid, 0)\nprint('forked', len(kids))",
              "_dm_rendre('t.ok', lambda: 1)"]
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(_run, *holder, limits=limits)
        second = pool.submit(_run, *honest, limits=limits)
        (held, held_nb), (ok, ok_nb) = first.result(), second.result()
    assert "refused after" in _text(held_nb.cells[0])
    assert int(_text(held_nb.cells[0]).split()[-1]) >= 20  # the kernel's threads count too
    assert ok.state == "finished" and "forked 20" in _text(ok_nb.cells[1])
    assert '"t.ok"' in ok.answers_text and held.uid != ok.uid


def test_lack_of_resources_is_the_graders_failure(sandbox_ready: None) -> None:
    """A sandbox that cannot even start (no process allowed) is retried, then reported as
    ``grader_error`` — never as the student's crash."""
    limits = Limits(cell_seconds=5, wall_seconds=30, processes=1, infra_retries=1)
    result, _ = _run("_dm_rendre('t.a', lambda: 1)", limits=limits)
    assert result.state == "grader_error" and not result.started


# --- Results leave through a channel the student cannot touch (class 1, class 4) -------------

def test_replaced_result_files_are_neither_followed_nor_waited_on(sandbox_ready: None) -> None:
    """Symlinks and FIFOs in place of every file the runner ever used: the run ends normally,
    the grader gets the runner's status and notebook, no symlink is followed."""
    result, nb = _run(
        "_dm_rendre('t.a', lambda: 1)",
        "import os\ndm = os.path.expanduser('~/.deepmath')\n"
        "for name in ('status.json', 'executed.ipynb', 'attempt.json', 'progress.tmp'):\n"
        "    p = os.path.join(dm, name)\n"
        "    if os.path.lexists(p): os.remove(p)\n"
        "    os.symlink('/proc/self/cwd/../../etc/passwd', p)\n"
        "for name in ('culprits.json', 'progress.json'):\n"
        "    p = os.path.join(dm, name)\n"
        "    if os.path.lexists(p): os.remove(p)\n"
        "    os.mkfifo(p)\n"
        "print('replaced')",
        "import os\np = os.path.expanduser('~/.deepmath/answers.jsonl')\n"
        "os.rename(p, p + '.real')\nos.symlink(p + '.real', p)")
    assert result.state == "finished" and result.elapsed < 40
    assert "replaced" in _text(nb.cells[1])
    assert result.status["cells"] == {"0": "ok", "1": "ok", "2": "ok"}
    assert result.answers_text == ""  # the answers file became a symlink: not followed


def test_no_process_survives_the_sandbox(sandbox_ready: None) -> None:
    """A daemon (double fork, setsid, SIGTERM ignored) that keeps rewriting the old result
    files cannot change what the grader gets, and is dead before the grader reads anything."""
    from autograder.sandbox.uidpool import uid_has_processes

    daemon = ("import os, signal, time, json\n"
              "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
              "        signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
              "        signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
              "        dm = os.path.expanduser('~/.deepmath')\n"
              "        for _ in range(600):\n"
              "            for name in ('status.json', 'executed.ipynb', 'attempt.json'):\n"
              "                try:\n"
              "                    with open(os.path.join(dm, name), 'w') as f:\n"
              "                        json.dump({'state': 'finished', 'died': None,\n"
              "                                   'cells': {'0': 'forged'}}, f)\n"
              "                except OSError:\n                    pass\n"
              "            time.sleep(0.05)\n"
              "        os._exit(0)\n    os._exit(0)\n"
              "os.wait()\nprint('daemon started')")
    result, nb = _run(daemon, "import os\nos._exit(3)", "_dm_rendre('t.a', lambda: 5)")
    assert result.uid is not None and not uid_has_processes(result.uid)
    assert result.state == "finished" and result.elapsed < 60
    assert result.status["culprits"] == [1]
    assert result.status["cells"]["0"] == "ok" and "forged" not in json.dumps(result.status)
    assert "daemon started" in _text(nb.cells[0])
    assert '"v": "5"' in result.answers_text


PROC_PIPES = (
    "import os\nopened = []\nfor pid in os.listdir('/proc'):\n"
    "    if not pid.isdigit() or int(pid) == os.getpid():\n        continue\n"
    "    try:\n        fds = os.listdir(f'/proc/{pid}/fd')\n    except OSError:\n"
    "        continue\n"
    "    for fd in fds:\n"
    "        try:\n"
    "            link = os.readlink(f'/proc/{pid}/fd/{fd}')\n"
    "            if link.startswith('pipe:'):\n"
    "                os.close(os.open(f'/proc/{pid}/fd/{fd}', os.O_WRONLY | os.O_NONBLOCK))\n"
    "                opened.append((pid, fd, link))\n"
    "        except OSError:\n            pass\n"
    "print('opened', opened)")


def test_result_pipe_cannot_be_reached_through_proc(sandbox_ready: None) -> None:
    """Can the student's code open another sandbox process's pipe through /proc (the
    runner's result pipe, an attempt's pipe)? It must not: they are non-dumpable."""
    result, nb = _run(PROC_PIPES, "_dm_rendre('t.a', lambda: 1)")
    assert result.state == "finished" and '"t.a"' in result.answers_text
    assert "opened []" in _text(nb.cells[0]), _text(nb.cells[0])


def test_root_without_mount_rights_falls_back_to_size_caps(
        sandbox_ready: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root in a container without CAP_SYS_ADMIN cannot mount: does the sandbox still run,
    with bwrap's size-capped tmpfs (no inode cap)?"""
    import errno

    from autograder.sandbox import bwrap

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(bwrap, "_can_mount", True)
    monkeypatch.setattr(bwrap, "mount_tmpfs", refuse)
    limits = Limits(cell_seconds=10, wall_seconds=60, tmp_bytes=8 * 1024**2)
    result, nb = _run(FILL + "print(fill('/tmp'))", "_dm_rendre('t.a', lambda: 1)",
                      limits=limits)
    assert result.state == "finished" and '"t.a"' in result.answers_text
    assert _stopped(nb.cells[0])[1] == "ENOSPC" and _stopped(nb.cells[0])[0] <= 8


def test_rerun_after_a_kernel_death_with_every_process_held(sandbox_ready: None) -> None:
    """A cell holds every process the cap allows, the next kills the kernel: is the re-run
    started once the held processes are really gone (not refused for lack of processes)?"""
    limits = Limits(cell_seconds=15, wall_seconds=120, processes=64)
    result, nb = _run(HOLD, "import os\nos._exit(1)", "_dm_rendre('t.after', lambda: 3)",
                      limits=limits)
    assert result.state == "finished", result.stderr_tail
    assert result.status["culprits"] == [1]
    assert '"t.after"' in result.answers_text
