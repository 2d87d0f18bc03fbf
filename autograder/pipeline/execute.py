"""Step: draw the function items' calls, then run the restored notebook in the sandbox."""

from __future__ import annotations

import json
import random
from contextlib import nullcontext
from typing import Any

import nbformat

from ..items import HandOut, Item
from ..notebook_source import for_grading
from ..sandbox import run_notebook
from ..student_kit import kit_files
from ..variants import TABLE_NAME
from .context import Context


def draw_probes(ctx: Context) -> None:
    rng = random.Random(ctx.seed)
    for item in ctx.items:
        calls = item.probes(ctx.params[item.id], rng)
        if calls is not None:
            ctx.probes[item.id] = calls


def environment_of(master: nbformat.NotebookNode) -> str:
    """The students' environment the master was built for: the one its students' kernel runs."""
    return str(master.metadata.get("deepmath", {}).get("environment", "base"))


def notebook_files(assignment: str, items: list[Item], master: nbformat.NotebookNode,
                   student: str, variant: dict[str, Any], data_files: dict[str, bytes],
                   weight_files: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """What sits next to the notebook in a sandbox, as in the release: the student's variant
    table, the students' kit (the grader's copy), the shipped data files and, at grading,
    the weights submitted with the notebook."""
    table = {student: variant}
    return {TABLE_NAME: json.dumps(table, ensure_ascii=False).encode(),
            **kit_files(assignment, items, master), **data_files, **(weight_files or {})}


def execute_in_sandbox(ctx: Context) -> None:
    if ctx.runnable is None:
        return
    # NB: test cells run their hidden hand-out only, not the students' self-check.
    notebook = nbformat.writes(for_grading(ctx.runnable))
    files = notebook_files(ctx.assignment, ctx.items, ctx.master, ctx.student, ctx.variant,
                           ctx.data_files, ctx.weight_files)
    probes: dict[str, object] = {
        item_id: calls.to_probe() if isinstance(calls, HandOut)
        else [c.to_probe() for c in calls] for item_id, calls in ctx.probes.items()}
    with ctx.sandbox_gate or nullcontext():
        ctx.sandbox = run_notebook(
            notebook, student=ctx.student, files=files, probes=probes, limits=ctx.limits,
            environment=environment_of(ctx.master))
