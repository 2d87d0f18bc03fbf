"""Type, then shape, then values: does each stage give a message the student can act on?"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from autograder.answers import CallError, SymbolicText
from autograder.compare import compare


def test_numbers_with_tolerance_and_exactness() -> None:
    """Are floats compared with tolerance and exact answers required when asked?"""
    assert compare(1.05, 1.05 + 1e-13) is None
    assert compare(1.05, 1.06) is not None
    assert compare(sp.Rational(11, 6), Fraction(11, 6), exact=True) is None
    msg = compare(sp.Rational(11, 6), 1.8333333333, exact=True)
    assert msg is not None and "exacte" in msg.fr and "exact" in msg.en
    assert compare(sp.sqrt(2), 2**0.5) is None


def test_type_before_values() -> None:
    """Does a wrong type get a type message (not a value one)?"""
    msg = compare(1.0, "1.0")
    assert msg is not None and "nombre" in msg.fr
    assert compare(1.0, True) is not None  # a bool is not a number here
    assert compare(1.0, SymbolicText("1")) is not None


def test_arrays_shape_then_values() -> None:
    """Is a shape mismatch reported before any value is compared, and the first bad index
    named?"""
    want = np.array([[1.0, 2.0], [3.0, 4.0]])
    msg = compare(want, np.zeros(4))
    assert msg is not None and "(4,)" in msg.fr and "(2, 2)" in msg.fr
    bad = want.copy()
    bad[1, 0] = 0
    msg = compare(want, bad)
    assert msg is not None and "(1, 0)" in msg.fr
    assert compare(want, want + 1e-14) is None
    assert compare(np.array([1.0, 2.0]), [1.0, 2.0]) is None


def test_sequences_and_strings() -> None:
    """Are tuples compared element by element with the position in the message?"""
    want = [(-2, "max"), (2, "min")]
    assert compare(want, [(-2, "max"), (2, "min")]) is None
    msg = compare(want, [(-2, "min"), (2, "max")])
    assert msg is not None and "élément 0" in msg.fr and "item 0" in msg.en
    assert compare(want, [(-2, "max")]) is not None


def test_call_error_is_reported() -> None:
    """Does a student exception show its name and message?"""
    msg = compare(1.0, CallError("ZeroDivisionError", "division by zero"))
    assert msg is not None and "ZeroDivisionError" in msg.fr
