"""Hand a Keras model out through the kernel's real preamble, in-process, and decode it.

The preamble (``sandbox/kernel_preamble.py``) runs here as it runs in the students' kernel:
its ``rendre`` writes ``~/.deepmath/answers.jsonl`` under a temporary HOME, with the item's
hand-out options in ``probes.json``; the grader's ``collect`` reads the line back. TensorFlow
is imported by the tests that build models (``@pytest.mark.tf``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from autograder.answers import Record, collect
from autograder.items import HandOut
from autograder.sandbox.kernel_preamble import PREAMBLE

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def hand_out(home: Path, obj: Any, item: str = "t.m", probe: HandOut | None = None,
             caps: dict[str, int] | None = None) -> tuple[Record | None, str]:
    """What the grader decodes when the kernel hands ``obj`` out for ``item`` (and the raw
    answers line)."""
    dm = home / ".deepmath"
    dm.mkdir(parents=True, exist_ok=True)
    (dm / "probes.json").write_text(json.dumps({item: probe.to_probe()} if probe else {}))
    answers = dm / "answers.jsonl"
    answers.unlink(missing_ok=True)
    old = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        namespace: dict[str, Any] = {}
        exec(PREAMBLE, namespace)  # instructor code: the kernel's preamble
        namespace["_dm_rendre"](item, lambda: obj)
    finally:
        if old is not None:
            os.environ["HOME"] = old
    text = answers.read_text()
    if caps is None and probe is not None:
        caps = {item: probe.max_values}
    records, _notes = collect(text, {item}, caps)
    return records.get(item), text
