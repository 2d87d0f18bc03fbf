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
    assert msg is not None and "élément 1 › 2 :" in msg.fr and "item 1 › 2:" in msg.en
    assert "élément 0" not in msg.fr and msg.fr.count("élément") == 1  # 1-based, not repeated
    assert compare(want, [(-2, "max")]) is not None


def test_order_is_explained_without_the_answer() -> None:
    """Are the right elements in the wrong order told to sort (not "élément 0 : …")?"""
    want = [(-2, "max"), (2, "min")]
    msg = compare(want, [(2, "min"), (-2, "max")])
    assert msg is not None and "ordre croissant" in msg.fr and "increasing order" in msg.en
    assert "-2" not in msg.fr and "max" not in msg.fr


def test_tolerance_is_stated_for_a_rounded_value() -> None:
    """Does a rounded value get the tolerance and a hint, not a bare "valeur incorrecte"?"""
    msg = compare(1 / 3, 0.333)
    assert msg is not None and "tolérance relative 1e-09" in msg.fr and "arrondi" in msg.fr
    assert "relative tolerance 1e-09" in msg.en and "0.3333333" not in msg.fr
    far = compare(1 / 3, 5.0)
    assert far is not None and "tolérance" in far.fr and "arrondi" not in far.fr
    exact = compare(sp.Rational(1, 3), Fraction(1, 2), exact=True)
    assert exact is not None and "exacte" in exact.fr and "1/3" not in exact.fr


def test_none_says_return_not_print() -> None:
    """Does a function that printed instead of returning get told so (not "pas NoneType")?"""
    msg = compare(1.0, None)
    assert msg is not None and "return" in msg.fr and "print" in msg.fr
    assert "NoneType" not in msg.fr and "return" in msg.en


def test_arrays_accepted_for_lists_and_numbers() -> None:
    """Is a numpy array accepted where a list of numbers (or a number) is expected?"""
    assert compare([1.0, 2.0], np.array([1.0, 2.0])) is None
    assert compare((1.0, 2.0), np.array([1.0, 2.0])) is None
    assert compare(2.0, np.array(2.0)) is None
    msg = compare(np.array([[1.0, 2.0]]), "x")
    assert msg is not None and "(1, 2)" in msg.fr


def test_call_error_is_reported() -> None:
    """Does a student exception show its name and message?"""
    msg = compare(1.0, CallError("ZeroDivisionError", "division by zero"))
    assert msg is not None and "ZeroDivisionError" in msg.fr
