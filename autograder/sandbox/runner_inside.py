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
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

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


def run_once(nb, job, culprits, status):
    client = LimitedClient(
        nb, timeout=job["cell_timeout"], kernel_name="python3", allow_errors=True,
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
                cell.outputs = [nbformat.v4.new_output(
                    "stream", name="stderr",
                    text="[cellule ignorée : elle a arrêté le noyau ou dépassé son temps / "
                         "skipped: it killed the kernel or ran out of time]\n")]
                status["cells"][str(index)] = "skipped"
                continue
            start = time.monotonic()
            try:
                client.execute_cell(cell, position)
            except DeadKernelError:
                status["cells"][str(index)] = "kernel_died"
                return index
            except CellTimeoutError:
                status["cells"][str(index)] = "timeout"
                culprits.add(index)
                continue
            if time.monotonic() - start >= job["cell_timeout"]:
                status["cells"][str(index)] = "timeout"
                culprits.add(index)
            elif any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                status["cells"][str(index)] = "error"
            else:
                status["cells"][str(index)] = "ok"
    return None


def main():
    with open(os.path.join(DM, "job.json")) as fh:
        job = json.load(fh)
    path = os.path.join(HOME, job["notebook"])
    culprits = set()
    status = {"state": "running", "culprits": [], "cells": {}, "attempts": 0}
    nb = None
    for _attempt in range(job.get("max_restarts", 3) + 1):
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_code_cell(job["preamble"]))
        status["attempts"] += 1
        status["cells"] = {}
        try:
            died = run_once(nb, job, culprits, status)
        except DeadKernelError:
            died = -1
        if died is None:
            status["state"] = "finished"
            break
        if died < 0 or died in culprits:
            status["state"] = "kernel_died"
            break
        culprits.add(died)
    else:
        status["state"] = "kernel_died"
    status["culprits"] = sorted(culprits)
    with open(os.path.join(DM, "status.json"), "w") as fh:
        json.dump(status, fh)
    if nb is not None:
        del nb.cells[0]
        nbformat.write(nb, os.path.join(DM, "executed.ipynb"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
