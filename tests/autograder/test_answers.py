"""Is every answer record decoded as plain data, and is malformed or forged input rejected?"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from autograder.answers import (
    CallError,
    DecodeError,
    SymbolicText,
    Unsupported,
    collect,
    decode,
    parse_record,
)


@pytest.mark.parametrize(("node", "value"), [
    ({"t": "int", "v": "12345678901234567890"}, 12345678901234567890),
    ({"t": "float", "v": "0.1"}, 0.1),
    ({"t": "fraction", "n": "262", "d": "49"}, Fraction(262, 49)),
    ({"t": "decimal", "v": "4.6415888336"}, Decimal("4.6415888336")),
    ({"t": "str", "v": "3*cos(3*x)"}, "3*cos(3*x)"),
    ({"t": "tuple", "v": [{"t": "int", "v": "1"}, {"t": "str", "v": "min"}]}, (1, "min")),
    ({"t": "none"}, None),
    ({"t": "bool", "v": True}, True),
])
def test_decode_plain_values(node: dict[str, object], value: object) -> None:
    """Does each tag decode to the plain Python value it stands for?"""
    assert decode(node) == value


def test_decode_array_and_sympy_text() -> None:
    """Do arrays come back as float64 ndarrays of the right shape, sympy as text?"""
    arr = decode({"t": "array", "dtype": "float", "shape": [2, 2],
                  "v": ["1.0", "2.0", "3.0", "nan"]})
    assert arr.dtype == np.float64 and arr.shape == (2, 2) and np.isnan(arr[1, 1])
    assert decode({"t": "sympy", "v": "x**2"}) == SymbolicText("x**2")
    assert decode({"t": "unsupported", "v": "Toujours"}) == Unsupported("Toujours")


@pytest.mark.parametrize("node", [
    {"t": "int", "v": "9" * 5000},                      # absurdly long integer
    {"t": "int", "v": 3},                               # not a string
    {"t": "float", "v": "__import__('os')"},
    {"t": "fraction", "n": "1", "d": "0"},
    {"t": "array", "dtype": "float", "shape": [3], "v": ["1.0"]},   # shape/data mismatch
    {"t": "array", "dtype": "object", "shape": [1], "v": ["1"]},
    {"t": "pickle", "v": "gASVAAAA"},
    {"t": "list", "v": "not a list"},
    "not an object",
])
def test_decode_rejects_malformed(node: object) -> None:
    """Is a malformed or unknown value rejected instead of trusted?"""
    with pytest.raises(DecodeError):
        decode(node)


def test_decode_depth_is_bounded() -> None:
    """Is a deeply nested value rejected (no recursion blow-up)?"""
    node: dict[str, object] = {"t": "int", "v": "1"}
    for _ in range(50):
        node = {"t": "list", "v": [node]}
    with pytest.raises(DecodeError):
        decode(node)


def test_record_fields_are_validated() -> None:
    """Are forged verdict fields ignored and a record without a kind rejected?"""
    with pytest.raises(DecodeError):
        parse_record(json.dumps({"item": "ch01.x", "status": "pass", "points": 99}))
    record = parse_record(json.dumps({"item": "ch01.x", "kind": "value", "status": "pass",
                                      "points": 99, "value": {"t": "str", "v": "pass"}}))
    assert record.value == "pass" and not hasattr(record, "points")


def test_function_outputs_and_errors() -> None:
    """Are a function's outputs and raised exceptions decoded per call?"""
    record = parse_record(json.dumps({"item": "ch01.f", "kind": "function", "outputs": [
        {"ok": {"t": "float", "v": "1.5"}},
        {"error": {"name": "ZeroDivisionError", "message": "division by zero"}}]}))
    assert record.outputs == (1.5, CallError("ZeroDivisionError", "division by zero"))


def test_collect_keeps_last_valid_record_of_known_items() -> None:
    """Does collect keep the last valid record per known item and note the rest?"""
    lines = [
        json.dumps({"item": "ch01.a", "kind": "value", "value": {"t": "int", "v": "1"}}),
        "{not json",
        json.dumps({"item": "ch01.zzz", "kind": "value", "value": {"t": "int", "v": "1"}}),
        json.dumps({"item": "ch01.a", "kind": "value", "value": {"t": "int", "v": "2"}}),
    ]
    records, notes = collect("\n".join(lines), {"ch01.a"})
    assert records["ch01.a"].value == 2
    assert len(notes) == 2
