"""Step: draw the function items' calls, then run the restored notebook in the sandbox."""

from __future__ import annotations

import json
import random

import nbformat

from ..sandbox import run_notebook
from ..variants import TABLE_NAME
from .context import Context


def draw_probes(ctx: Context) -> None:
    rng = random.Random(ctx.seed)
    for item in ctx.items:
        calls = item.probes(ctx.params[item.id], rng)
        if calls is not None:
            ctx.probes[item.id] = calls


def execute_in_sandbox(ctx: Context) -> None:
    if ctx.runnable is None:
        return
    table = {ctx.student: ctx.variant}
    ctx.sandbox = run_notebook(
        nbformat.writes(ctx.runnable), student=ctx.student,
        files={TABLE_NAME: json.dumps(table, ensure_ascii=False).encode()},
        probes={item_id: [c.to_probe() for c in calls] for item_id, calls in ctx.probes.items()},
        limits=ctx.limits,
        # the environment the master was built for: the one its students' kernel runs
        environment=str(ctx.master.metadata.get("deepmath", {}).get("environment", "base")))
