"""Grading as a pipeline of small named steps (nbgrader's preprocessor shape).

Two phases: SANITIZE (read the file, rebuild the notebook from the master copy) and GRADE
(draw probes, run in the sandbox, collect the handed-out answers, check them here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .check_items import check_items
from .collect_answers import collect_answers
from .context import Context
from .execute import draw_probes, execute_in_sandbox
from .read_submission import read_submission
from .restore_cells import restore_cells


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Context], None]
    enabled: bool = True


SANITIZE_STEPS: tuple[Step, ...] = (
    Step("read_submission", read_submission),
    # NB: restore_cells needs the parsed notebook; it drops every output and all metadata
    # but the master's, so nothing the submission stored reaches the run.
    Step("restore_cells", restore_cells),
)

GRADE_STEPS: tuple[Step, ...] = (
    # NB: probes are drawn before execution: the kernel reads them from probes.json.
    Step("draw_probes", draw_probes),
    Step("execute_in_sandbox", execute_in_sandbox),
    Step("collect_answers", collect_answers),
    # NB: check_items runs last, in the grader's process, from reference/.
    Step("check_items", check_items),
)


def run_pipeline(ctx: Context, steps: tuple[Step, ...] = SANITIZE_STEPS + GRADE_STEPS) -> Context:
    for step in steps:
        if step.enabled:
            step.run(ctx)
    return ctx


__all__ = ["GRADE_STEPS", "SANITIZE_STEPS", "Context", "Step", "run_pipeline"]
