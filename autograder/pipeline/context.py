"""The state one submission carries through the grading pipeline."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import nbformat

from ..answers import Record
from ..items import Call, HandOut, Item, Params
from ..model import ItemResult, Msg
from ..sandbox import Limits, SandboxResult


@dataclass
class Context:
    """Inputs are set by the caller; each step fills in the next fields."""

    assignment: str
    student: str
    raw: bytes
    """The submitted file, byte for byte (never modified)."""
    master: nbformat.NotebookNode
    """The instructor's source notebook (solutions and hidden test cells)."""
    items: list[Item]
    params: dict[str, Params]
    variant: dict[str, Any]
    """What the student's setup cell reads from variantes.json."""
    limits: Limits = field(default_factory=Limits)
    seed: int = 0
    slot: int = 0
    data_files: dict[str, bytes] = field(default_factory=dict)
    """The assignment's shipped data files (``DATA_FILES``), placed next to the notebook."""
    weight_files: dict[str, bytes] = field(default_factory=dict)
    """The trained weights submitted with the notebook (``WEIGHT_FILES``, checked by
    :mod:`autograder.weight_files`), placed next to the notebook: the training cell loads
    them instead of training."""
    sandbox_gate: AbstractContextManager[Any] | None = None
    """Held while the sandbox runs (a class run's semaphore: ``workers`` sandboxes at a time,
    while other submissions are read, checked and recorded around them)."""
    notebook: nbformat.NotebookNode | None = None
    runnable: nbformat.NotebookNode | None = None
    probes: dict[str, list[Call] | HandOut] = field(default_factory=dict)
    sandbox: SandboxResult | None = None
    records: dict[str, Record] = field(default_factory=dict)
    results: list[ItemResult] = field(default_factory=list)
    notes: list[Msg] = field(default_factory=list)
    unusable: Msg | None = None
    """Set when the file cannot be graded at all (every item then counts as missing)."""
