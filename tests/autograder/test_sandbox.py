"""Does the sandbox isolate a submission and turn every limit into a recorded result?"""

from __future__ import annotations

import json

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
