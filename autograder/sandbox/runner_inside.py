"""Notebook runner executed *inside* the sandbox, with the students' Python environment.

Standalone on purpose (stdlib + nbformat + nbclient): it is copied into the submission's scratch
directory and run there by the sandbox; it never imports the grader. Everything it writes is
untrusted data for the host, which re-validates it.

Job file ``~/.deepmath/job.json``::

    {"notebook": "submission.ipynb", "cell_timeout": 30, "max_cell_output": 20000,
     "max_restarts": 3, "preamble": "<code>"}

Outputs: ``~/.deepmath/executed.ipynb`` and ``~/.deepmath/status.json``. A cell that kills the
kernel (memory, ``os._exit``, signal) or runs past the per-cell timeout is recorded as a
*culprit*; after a kernel death the notebook is run again from the start without the culprits,
so that what the student solved elsewhere still counts.
"""

import json
import os
import signal
import subprocess
import sys
import time
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync

HOME = os.path.expanduser("~")
DM = os.path.join(HOME, ".deepmath")


TRUNCATED = "\n[sortie tronquée / output truncated]\n"


class LimitedClient(NotebookClient):
    """An nbclient client that keeps at most ``max_cell_output`` bytes of outputs per cell."""

    max_cell_output = 20000

    def output(self, outs, msg, display_id, cell_index):
        if any(o.get("text") == TRUNCATED for o in outs):
            return None
        out = super().output(outs, msg, display_id, cell_index)
        size = sum(len(json.dumps(o)) for o in outs)
        if size <= self.max_cell_output:
            return out
        last = outs.pop()
        budget = max(0, self.max_cell_output - (size - len(json.dumps(last))))
        if last.get("output_type") == "stream" and budget > 0:
            last["text"] = last["text"][: budget // 2]
            outs.append(last)
        outs.append(nbformat.v4.new_output("stream", name="stderr", text=TRUNCATED))
        return None


SKIPPED = ("[cellule ignorée : elle a arrêté ou bloqué le noyau / "
           "skipped: it killed or stalled the kernel]\n")


def is_setup_cell(cell):
    """An instructor cell that is not a hidden test (imports, parameters): it may be slow."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("locked")) and not meta.get("grade")


def cell_timeout(job, cell):
    return job["setup_timeout"] if is_setup_cell(cell) else job["cell_timeout"]


def is_instructor_cell(cell):
    """Setup, locked and hidden-test cells come from the instructor's master copy."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("locked") or meta.get("grade"))


def hand_out_expression(cell):
    """The hand-out call of a hidden test cell (its only non-comment code), or None."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if not meta.get("grade"):
        return None
    code = [line for line in cell.source.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    return "\n".join(code) if len(code) == 1 else None


def hand_out(client, cell, expression, timeout):
    """Evaluate the hand-out as a *user expression* of an empty silent request: IPython input
    and AST transformers the student may have registered never see it. Raises
    CellTimeoutError when the kernel does not answer in time."""
    msg_id = client.kc.execute("", silent=True, store_history=False,
                               user_expressions={"r": expression})
    deadline = time.monotonic() + timeout
    while True:
        if time.monotonic() > deadline:
            raise CellTimeoutError("hand-out timed out")
        try:
            reply = run_sync(client.kc.shell_channel.get_msg)(timeout=1)
        except Empty:
            if not run_sync(client.km.is_alive)():
                raise DeadKernelError("the kernel died") from None
            continue
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            result = reply["content"].get("user_expressions", {}).get("r", {})
            if result.get("status") == "error":
                cell.outputs = [nbformat.v4.new_output(
                    "error", ename=result.get("ename", ""), evalue=result.get("evalue", ""),
                    traceback=result.get("traceback", []))]
            return


def blame(nb, index, culprits):
    """The cell to skip when cell ``index`` killed or stalled the kernel. Instructor cells
    never hang by themselves: if one does, the latest student cell before it broke the kernel
    (e.g. monkeypatched builtins), and that one is skipped on the re-run. None: nobody to
    blame (an instructor cell before any student cell, e.g. a very loaded machine)."""
    if not is_instructor_cell(nb.cells[index + 1]):
        return index
    for earlier in range(index - 1, -1, -1):
        cell = nb.cells[earlier + 1]
        if (cell.cell_type == "code" and not is_instructor_cell(cell)
                and earlier not in culprits):
            return earlier
    return None


def progress(index, timeout):
    """Tell the supervisor which cell runs now (it kills an attempt that stalls)."""
    with open(os.path.join(DM, "progress.tmp"), "w") as fh:
        json.dump({"index": index, "timeout": timeout}, fh)
    os.replace(os.path.join(DM, "progress.tmp"), os.path.join(DM, "progress.json"))


def log(message):
    """Progress on stderr: the host keeps its tail for diagnosis."""
    print(f"[runner {time.monotonic():.1f}] {message}", file=sys.stderr, flush=True)


def run_once(nb, job, culprits, status):
    """Run every code cell but the culprits. Returns None when the run finished, else the
    index of the cell to add to the culprits before a re-run with a fresh kernel."""
    client = LimitedClient(
        nb, timeout=job["cell_timeout"], timeout_func=lambda cell: cell_timeout(job, cell),
        kernel_name="python3", allow_errors=True,
        interrupt_on_timeout=True, record_timing=False,
        resources={"metadata": {"path": HOME}},
    )
    client.max_cell_output = job["max_cell_output"]
    answers = os.path.join(DM, "answers.jsonl")
    if os.path.exists(answers):
        os.remove(answers)
    with client.setup_kernel():
        # NB: nbclient stores an executed cell back at nb.cells[index]: the preamble therefore
        # sits at index 0 while it runs, and notebook cells are numbered from 1 here.
        client.execute_cell(nb.cells[0], 0)
        for position, cell in enumerate(nb.cells[1:], start=1):
            index = position - 1
            if cell.cell_type != "code":
                continue
            if index in culprits:
                cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=SKIPPED)]
                status["cells"][str(index)] = "skipped"
                continue
            start = time.monotonic()
            log(f"cell {index} starts")
            limit = cell_timeout(job, cell)
            progress(index, limit)
            expression = hand_out_expression(cell)
            try:
                if expression is None:
                    client.execute_cell(cell, position)
                else:
                    hand_out(client, cell, expression, limit)
            except DeadKernelError:
                log(f"cell {index} killed the kernel")
                status["cells"][str(index)] = "kernel_died"
                culprit = blame(nb, index, culprits)
                return -1 if culprit is None else culprit
            except CellTimeoutError:
                timed_out = True
            else:
                timed_out = time.monotonic() - start >= limit
            log(f"cell {index} done in {time.monotonic() - start:.1f}s timed_out={timed_out}")
            if timed_out:
                status["cells"][str(index)] = "timeout"
                if is_instructor_cell(cell):
                    culprit = blame(nb, index, culprits)
                    if culprit is not None:
                        return culprit
                    continue  # interrupted; no student cell to blame
                culprits.add(index)  # interrupted; skipped too if the kernel is re-run
            elif any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                status["cells"][str(index)] = "error"
            else:
                status["cells"][str(index)] = "ok"
    return None


def attempt(job, culprits):
    """One run of the notebook with a fresh kernel (a child process of the supervisor)."""
    nb = nbformat.read(os.path.join(HOME, job["notebook"]), as_version=4)
    # the preamble counts as a setup cell (its generous timeout: the first execution of a
    # fresh kernel can be slow on a loaded machine)
    nb.cells.insert(0, nbformat.v4.new_code_cell(
        job["preamble"], metadata={"nbgrader": {"locked": True, "grade": False}}))
    status = {"cells": {}}
    try:
        died = run_once(nb, job, culprits, status)
    except DeadKernelError:
        died = -1
    del nb.cells[0]
    nbformat.write(nb, os.path.join(DM, "executed.ipynb"))
    with open(os.path.join(DM, "attempt.json"), "w") as fh:
        json.dump({"died": died, "culprits": sorted(culprits), "cells": status["cells"]}, fh)


def supervise(job, culprits):
    """Run one attempt in a child process; kill it if a cell stalls past its timeout (a kernel
    broken by the student can stop answering even interrupts). Returns (outcome, index)."""
    for name in ("attempt.json", "progress.json"):
        if os.path.exists(os.path.join(DM, name)):
            os.remove(os.path.join(DM, name))
    with open(os.path.join(DM, "culprits.json"), "w") as fh:
        json.dump(sorted(culprits), fh)
    child = subprocess.Popen([sys.executable, __file__, "--attempt"], start_new_session=True)
    current, since, grace = None, time.monotonic(), job["setup_timeout"] + 6
    while child.poll() is None:
        time.sleep(0.2)
        try:
            with open(os.path.join(DM, "progress.json")) as fh:
                seen = json.load(fh)
            index, limit = seen["index"], seen["timeout"]
        except (OSError, ValueError, KeyError):
            continue
        if index != current:
            current, since, grace = index, time.monotonic(), limit + 6
        elif time.monotonic() - since > grace:
            log(f"cell {index} stalled the kernel: attempt killed")
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            return "stalled", index
    try:
        with open(os.path.join(DM, "attempt.json")) as fh:
            result = json.load(fh)
    except (OSError, ValueError):
        return "crashed", current
    return ("finished", None) if result["died"] is None else ("died", result["died"])


def main():
    with open(os.path.join(DM, "job.json")) as fh:
        job = json.load(fh)
    if "--attempt" in sys.argv:
        with open(os.path.join(DM, "culprits.json")) as fh:
            attempt(job, set(json.load(fh)))
        return 0
    nb = nbformat.read(os.path.join(HOME, job["notebook"]), as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(""))  # same numbering as in run_once
    culprits = set()
    status = {"state": "kernel_died", "culprits": [], "cells": {}, "attempts": 0}
    for _ in range(job.get("max_restarts", 3) + 1):
        status["attempts"] += 1
        log(f"attempt {status['attempts']} without cells {sorted(culprits)}")
        outcome, index = supervise(job, culprits)
        if outcome == "finished":
            status["state"] = "finished"
            break
        if outcome == "stalled":
            index = blame(nb, index, culprits)
            if index is None:
                continue  # nobody to blame: try again with the same cells (bounded)
        if index is None or index < 0 or index in culprits:
            break
        culprits.add(index)
    try:
        with open(os.path.join(DM, "attempt.json")) as fh:
            status["cells"] = json.load(fh).get("cells", {})
    except (OSError, ValueError):
        pass
    status["culprits"] = sorted(culprits)
    with open(os.path.join(DM, "status.json"), "w") as fh:
        json.dump(status, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
