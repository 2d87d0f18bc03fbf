"""Turn a real matplotlib figure into the decoded data the grader sees, in-process.

The figure goes through the kernel's own encoder (``FIGURE_ENCODER`` of the preamble, run
here) and the grader's decoder, exactly as a handed-out figure would in the sandbox.
"""

from __future__ import annotations

import json
from typing import Any

import matplotlib

matplotlib.use("Agg")

from autograder.answers import decode  # noqa: E402
from autograder.sandbox.kernel_preamble import FIGURE_ENCODER  # noqa: E402


def kernel_encoder() -> Any:
    namespace: dict[str, Any] = {}
    exec(FIGURE_ENCODER, namespace)  # instructor code: the kernel preamble's figure encoder
    return namespace["__dm_figure_encoder"]()


ENCODE = kernel_encoder()


def handed_out(obj: Any) -> dict[str, Any]:
    """What the kernel writes for ``obj`` (a JSON round trip, as through answers.jsonl)."""
    node: dict[str, Any] = json.loads(json.dumps(ENCODE(obj)))
    return node


def figure_data(obj: Any) -> Any:
    """A matplotlib Figure/Axes → the grader's decoded value (FigureData or Unsupported)."""
    return decode(handed_out(obj))


def kernel_outputs(fn: Any, calls: list[Any]) -> list[Any]:
    """What the kernel hands out for a student function: each call's value, or the error it
    raised (any exception, as the kernel's ``call`` records it)."""
    from autograder.answers import CallError
    from autograder.items import grader_arg

    outputs: list[Any] = []
    for call in calls:
        try:
            outputs.append(fn(*[grader_arg(a) for a in call.args]))
        except Exception as exc:  # noqa: BLE001 - the kernel records every exception
            outputs.append(CallError(type(exc).__name__, str(exc)))
    return outputs


def check_answer(item: Any, params: dict[str, Any], answer: Any) -> Any:
    """Grade one answer at item level (a function, a value, or FigureData / a matplotlib
    figure for a figure item), as check_items would after the kernel's hand-out."""
    import random

    from autograder.answers import Record
    from autograder.figures import FigureData
    from autograder.items import FunctionItem

    if isinstance(item, FunctionItem):
        calls = item.probes(params, random.Random(0)) or []
        return item.check_outputs(kernel_outputs(answer, calls), params, calls)
    if not isinstance(answer, FigureData) and type(answer).__module__.startswith("matplotlib"):
        answer = figure_data(answer)
    return item.check(Record(item.id, "value", value=answer), params)


def reference_answer(item: Any, params: dict[str, Any]) -> Any:
    """The reference's own answer to an item, as a student would hand it out (a function
    item's reference function, a figure item's example figure, else the expected value)."""
    from autograder.figures import FigureItem, example_figure
    from autograder.items import FunctionItem

    if isinstance(item, FunctionItem):
        return item.reference(params)
    if isinstance(item, FigureItem):
        return example_figure(item.expected(params))
    return item.expected(params)
