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


# --- Untrusted records never crash the grader (issue 7, class 4) -----------------------------

def _value_line(value: object, item: str = "t.x") -> str:
    return json.dumps({"item": item, "kind": "value", "value": value})


@pytest.mark.parametrize(("name", "value"), [
    ("shape_product_overflows", {"t": "array", "dtype": "float", "shape": [2**32, 2**32, 0],
                                 "v": []}),
    ("shape_product_wraps_to_data", {"t": "array", "dtype": "float",
                                     "shape": [2**62, 4, 1], "v": ["1.0"]}),
    ("shape_entry_float", {"t": "array", "dtype": "float", "shape": [1.0], "v": ["1.0"]}),
    ("shape_entry_bool", {"t": "array", "dtype": "float", "shape": [True], "v": ["1.0"]}),
    ("shape_entry_negative", {"t": "array", "dtype": "float", "shape": [-1, -1],
                              "v": ["1.0"]}),
    ("shape_entry_huge", {"t": "array", "dtype": "float", "shape": [10**30], "v": []}),
    ("shape_too_many_dims", {"t": "array", "dtype": "float", "shape": [1] * 40, "v": ["1.0"]}),
    ("int_array_huge_value", {"t": "array", "dtype": "int", "shape": [1], "v": ["9" * 1000]}),
    ("int_array_not_int", {"t": "array", "dtype": "int", "shape": [1], "v": ["1e400"]}),
    ("list_nested_past_limit", {"t": "list", "v": [{"t": "list", "v": [{"t": "list", "v": [
        {"t": "list", "v": [{"t": "list", "v": [{"t": "list", "v": [{"t": "list", "v": [
            {"t": "list", "v": [{"t": "list", "v": [{"t": "list", "v": []}]}]}]}]}]}]}]}]}]}),
])
def test_undecodable_value_is_that_items_error(name: str, value: object) -> None:
    """Does a record whose value cannot be decoded become that item's error (with a
    message), never an exception in the grader?"""
    records, notes = collect(_value_line(value) + "\n" + _value_line({"t": "int", "v": "2"},
                                                                       "t.y"), {"t.x", "t.y"})
    assert records["t.x"].kind == "error", name
    assert "illisible" in records["t.x"].error_message, records["t.x"]
    assert records["t.y"].value == 2 and notes == []


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_nested_record_is_rejected_before_parsing(depth: int) -> None:
    """Is a line nested 100 000 deep rejected (a note), with the other lines still read?"""
    deep = '{"item": "t.x", "kind": "value", "value": ' + "[" * depth + "]" * depth + "}"
    records, notes = collect(deep + "\n" + _value_line({"t": "int", "v": "1"}, "t.y"),
                             {"t.x", "t.y"})
    assert "t.x" not in records and records["t.y"].value == 1
    assert len(notes) == 1 and "malformed" in notes[0]


@pytest.mark.parametrize("line", [
    "[" * 200_000,                                       # unterminated, very deep
    '{"item": "t.x", "kind": "value", "value": ' + '{"t": "list", "v": [' * 5000,
    '{"item": "t.x", "kind": "function", "outputs": [{"ok": ' * 3000,
    "\udcff\udcfe",                                      # lone surrogates (not UTF-8)
    '{"item": "t.x", "kind": "value", "value": {"t": "int", "v": "1"}, "x": ' + "1" * 10**6 + "}",
    "9" * 100_000,                                       # a huge JSON number
])
def test_hostile_lines_never_raise(line: str) -> None:
    """Does any hostile line end as a note, never as an exception?"""
    records, notes = collect(line, {"t.x"})
    assert len(notes) == 1 or "t.x" in records


def test_json_depth_ignores_brackets_in_strings() -> None:
    """Is the pre-parse depth scan exact on records and blind to brackets inside strings?"""
    from autograder.sandbox.untrusted import json_depth

    assert json_depth('{"a": "[[[[[[", "b": [[1]]}') == 3
    assert json_depth('"\\"[[[["') == 0
    assert json_depth("[" * 100_000) == 100_000
    assert json_depth(b"") == 0
