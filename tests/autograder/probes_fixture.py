"""Run a function item's probes in the test process, as the kernel would, then check them."""

from __future__ import annotations

import random
from typing import Any

from autograder.answers import CallError
from autograder.check import as_handed_out
from autograder.items import grader_arg


def run_probes(item: Any, fn: Any, params: dict[str, Any], seed: int = 7) -> Any:
    """Call ``fn`` on the probes ``item`` draws from a grading seed (arguments decoded as the
    kernel decodes them, results encoded as it hands them out, arithmetic/value errors
    recorded as the kernel records them) and return the item's outcome."""
    calls = item.probes(params, random.Random(seed))
    outputs = []
    for call in calls:
        try:
            outputs.append(as_handed_out(fn(*[grader_arg(a) for a in call.args])))
        except (ArithmeticError, ValueError) as exc:
            outputs.append(CallError(type(exc).__name__, str(exc)))
    return item.check_outputs(outputs, params, calls)
