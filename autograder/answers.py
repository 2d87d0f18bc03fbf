"""Answers handed out by the kernel: tagged JSON → plain Python values, on the grader's side.

The kernel writes one JSON object a line (see ``sandbox/kernel_preamble.py``). Everything in
that file is untrusted: this module validates each record against a JSON schema, decodes the
tagged values with size and depth limits, and never executes anything. Symbolic answers stay
text (:class:`SymbolicText`) until the whitelist parser reads them.
"""

from __future__ import annotations

import base64
import binascii
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import jsonschema
import numpy as np

from .sandbox.untrusted import UntrustedJSONError, loads_bounded

MAX_INT_DIGITS = 2000
MAX_DEPTH = 8
MAX_ELEMENTS = 20000
MAX_RECORD_DEPTH = 64
"""Bracket nesting allowed in one record line (a value of depth MAX_DEPTH needs about 30)."""
MAX_RECORD_BYTES = 8 * 1024**2
MAX_RAISED_VALUES = 20_000_000
"""The largest value budget an item may declare (``max_values``: 160 MB of float64)."""


def record_bytes(max_values: int | None) -> int:
    """The longest answer line accepted for an item whose values may number ``max_values``
    (packed float64: 8 bytes in base64 ≈ 10.7 characters, plus room for the rest)."""
    if not max_values or max_values <= MAX_ELEMENTS:
        return MAX_RECORD_BYTES
    return MAX_RECORD_BYTES + 12 * int(max_values)


class Budget:
    """The values one record may still hold (all its arrays together): an item's raised
    ``max_values`` cap, or None for the default rule (each array ≤ MAX_ELEMENTS)."""

    def __init__(self, cap: int | None) -> None:
        self.cap = cap
        self.left = cap

    def take(self, n: int) -> None:
        if self.left is None:
            if n > MAX_ELEMENTS:
                raise DecodeError("bad array data")
            return
        if n > self.left:
            raise DecodeError(f"more values than this answer may hold ({self.cap})")
        self.left -= n

RECORD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["item", "kind"],
    "properties": {
        "item": {"type": "string", "maxLength": 100},
        "kind": {"enum": ["value", "function", "missing", "error"]},
        "value": {"type": "object"},
        "outputs": {"type": "array", "maxItems": 1000, "items": {"type": "object"}},
        "error": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "message": {"type": "string"}},
        },
    },
}
_RECORD_VALIDATOR = jsonschema.validators.validator_for(RECORD_SCHEMA)(RECORD_SCHEMA)
"""Built once (``jsonschema.validate`` re-checks the schema itself at every call: most of the
time of reading an answers file went there)."""


class DecodeError(ValueError):
    """A handed-out value is malformed (forged or corrupted): it earns nothing."""


@dataclass(frozen=True)
class SymbolicText:
    """A sympy expression handed out as text; parsed later by ``autograder.symbolic``."""

    text: str


@dataclass(frozen=True)
class Unsupported:
    """An object the kernel could not turn into data (its type name only)."""

    what: str


@dataclass(frozen=True)
class CallError:
    """The student's function raised (or timed out) on one probe."""

    name: str
    message: str


@dataclass(frozen=True)
class Record:
    """One validated answer record for an item."""

    item: str
    kind: str
    value: Any = None
    outputs: tuple[Any, ...] = ()
    error_name: str = ""
    error_message: str = ""


def _int(text: Any) -> int:
    if not isinstance(text, str) or len(text) > MAX_INT_DIGITS:
        raise DecodeError("bad integer")
    try:
        return int(text)
    except ValueError as exc:
        raise DecodeError("bad integer") from exc


def _float(text: Any) -> float:
    if not isinstance(text, str) or len(text) > 40:
        raise DecodeError("bad float")
    try:
        return float(text)
    except ValueError as exc:
        raise DecodeError("bad float") from exc


def _int_as_float(text: Any) -> float:
    try:
        return float(_int(text))
    except OverflowError as exc:
        raise DecodeError("integer too large for an array") from exc


def _packed(node: dict[str, Any], shape: list[int], budget: Budget) -> np.ndarray:
    """A float64 array sent packed (little-endian, base64): only under a raised cap."""
    text, n = node.get("b64"), math.prod(shape)
    if budget.cap is None or node.get("dtype") != "float" or not isinstance(text, str):
        raise DecodeError("bad packed array")
    budget.take(n)
    if len(text) != 4 * math.ceil(8 * n / 3):
        raise DecodeError("packed array does not match its shape")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecodeError("bad packed array") from exc
    if len(raw) != 8 * n:
        raise DecodeError("packed array does not match its shape")
    return np.frombuffer(raw, dtype="<f8").astype(np.float64).reshape(shape)


def _array(node: dict[str, Any], budget: Budget | None = None) -> np.ndarray:
    budget = budget or Budget(None)
    shape, data, dtype = node.get("shape"), node.get("v"), node.get("dtype")
    limit = MAX_ELEMENTS if budget.cap is None else budget.cap
    # Explicit checks, in this order: a list of at most 8 plain ints (not bools, not floats),
    # each within the cap, whose exact (Python int, no overflow) product matches the data.
    if not isinstance(shape, list) or len(shape) > 8 or not all(
            type(n) is int and 0 <= n <= limit for n in shape):
        raise DecodeError("bad array shape")
    if "b64" in node:
        return _packed(node, shape, budget)
    if not isinstance(data, list) or len(data) > MAX_ELEMENTS:
        raise DecodeError("bad array data")
    budget.take(len(data))
    if math.prod(shape) != len(data):
        raise DecodeError("array shape does not match its data")
    if dtype == "float":
        values: list[Any] = [_float(v) for v in data]
        return np.array(values, dtype=np.float64).reshape(shape)
    if dtype == "int":
        ints = [_int_as_float(v) for v in data]
        return np.array(ints, dtype=np.float64).reshape(shape)
    if dtype == "bool":
        if not all(isinstance(v, bool) for v in data):
            raise DecodeError("bad bool array")
        return np.array(data, dtype=bool).reshape(shape)
    raise DecodeError("bad array dtype")


def decode(node: Any, depth: int = 0, budget: Budget | None = None) -> Any:
    """Tagged JSON → Python value (int, float, Fraction, Decimal, str, list, tuple, dict,
    float64/bool ndarray, SymbolicText, Unsupported, KerasModel). Raises DecodeError.
    ``budget``: the values the whole record may hold (default: each array ≤ MAX_ELEMENTS)."""
    budget = budget or Budget(None)
    if depth > MAX_DEPTH or not isinstance(node, dict):
        raise DecodeError("malformed value")
    tag = node.get("t")
    if tag == "none":
        return None
    if tag == "bool":
        if not isinstance(node.get("v"), bool):
            raise DecodeError("bad bool")
        return node["v"]
    if tag == "int":
        return _int(node.get("v"))
    if tag == "float":
        return _float(node.get("v"))
    if tag == "fraction":
        den = _int(node.get("d"))
        if den == 0:
            raise DecodeError("zero denominator")
        return Fraction(_int(node.get("n")), den)
    if tag == "decimal":
        text = node.get("v")
        if not isinstance(text, str) or len(text) > 5000:
            raise DecodeError("bad decimal")
        try:
            return Decimal(text)
        except InvalidOperation as exc:
            raise DecodeError("bad decimal") from exc
    if tag in ("str", "sympy"):
        text = node.get("v")
        if not isinstance(text, str) or len(text) > 20000:
            raise DecodeError("bad text")
        return text if tag == "str" else SymbolicText(text)
    if tag in ("list", "tuple"):
        items = node.get("v")
        if not isinstance(items, list) or len(items) > MAX_ELEMENTS:
            raise DecodeError("bad sequence")
        seq = [decode(v, depth + 1, budget) for v in items]
        return seq if tag == "list" else tuple(seq)
    if tag == "dict":
        pairs = node.get("v")
        if not isinstance(pairs, list) or len(pairs) > MAX_ELEMENTS:
            raise DecodeError("bad dict")
        out: dict[Any, Any] = {}
        for pair in pairs:
            if not isinstance(pair, list) or len(pair) != 2:
                raise DecodeError("bad dict entry")
            key = decode(pair[0], depth + 1)
            if not isinstance(key, (str, int, float, bool, Fraction)) and key is not None:
                raise DecodeError("unhashable dict key")
            out[key] = decode(pair[1], depth + 1, budget)
        return out
    if tag == "array":
        return _array(node, budget)
    if tag == "keras_model" and depth == 0:  # a Keras model as data (validated there)
        from .keras_items import decode_model

        return decode_model(node, budget)
    if tag == "unsupported":
        return Unsupported(str(node.get("v", ""))[:100])
    if tag == "figure" and depth == 0:  # a matplotlib figure as data (bounded there)
        from .figures import decode_figure

        return decode_figure(node)
    raise DecodeError(f"unknown tag {str(tag)[:20]!r}")


def _output(node: Any) -> Any:
    if isinstance(node, dict) and "ok" in node:
        return decode(node["ok"])
    if isinstance(node, dict) and isinstance(node.get("error"), dict):
        err = node["error"]
        return CallError(str(err.get("name", ""))[:100], str(err.get("message", ""))[:500])
    raise DecodeError("bad function output")


UNREADABLE = "valeur rendue illisible / unreadable answer"


def parse_record(line: str, caps: dict[str, int] | None = None) -> Record:
    """One JSON line → a validated Record (raises DecodeError when the line is not a record
    at all). A well-formed record whose *value* cannot be decoded becomes an ``error`` record
    for its item, with the reason as message: the item then earns nothing, with a note.
    ``caps``: the raised value budget of items that declare one (``max_values``)."""
    caps = caps or {}
    longest = max([MAX_RECORD_BYTES, *(record_bytes(c) for c in caps.values())])
    try:
        raw = loads_bounded(line, max_depth=MAX_RECORD_DEPTH, max_bytes=longest)
        error = jsonschema.exceptions.best_match(_RECORD_VALIDATOR.iter_errors(raw))
        if error is not None:
            raise error
    except (UntrustedJSONError, jsonschema.ValidationError, RecursionError) as exc:
        raise DecodeError("malformed answer record") from exc
    kind = raw["kind"]
    err = raw.get("error") or {}
    cap = caps.get(raw["item"])
    if len(line) > record_bytes(cap):
        raise DecodeError("answer record too large")
    try:
        if kind == "value":
            return Record(raw["item"], kind,
                          value=decode(raw.get("value"), budget=Budget(cap)))
        if kind == "function":
            return Record(raw["item"], kind,
                          outputs=tuple(_output(o) for o in raw.get("outputs", [])))
    except (DecodeError, ArithmeticError, ValueError, TypeError, RecursionError,
            MemoryError) as exc:
        reason = str(exc)[:200] if isinstance(exc, DecodeError) else type(exc).__name__
        return Record(raw["item"], "error", error_name="DecodeError",
                      error_message=f"{UNREADABLE} ({reason})")
    return Record(raw["item"], kind, error_name=str(err.get("name", ""))[:100],
                  error_message=str(err.get("message", ""))[:2000])


def collect(text: str, known_items: set[str],
            caps: dict[str, int] | None = None) -> tuple[dict[str, Record], list[str]]:
    """All answer lines → the last valid record per known item, plus notes on rejected lines.
    ``caps``: item → its raised value budget (items with ``max_values``)."""
    records: dict[str, Record] = {}
    notes: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = parse_record(line, caps)
        except Exception as exc:  # untrusted line: whatever it is, it is only rejected
            notes.append(f"line {number}: {str(exc)[:200]}")
            continue
        if record.item in known_items:
            records[record.item] = record
        else:
            notes.append(f"line {number}: unknown item {record.item!r}")
    return records, notes
