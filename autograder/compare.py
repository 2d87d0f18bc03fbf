"""Structural comparison of a decoded answer with the expected value: type, then shape, then values.

Runs in the grader's process on *decoded data only* (see ``answers.py``): never on student
objects, so no student ``__eq__``/``__float__``/``__array__`` is ever called. The expected side
comes from ``reference/`` and may hold sympy numbers, Fractions, floats, ndarrays, tuples,
lists, dicts and strings.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from .answers import CallError, SymbolicText, Unsupported
from .model import Msg

NUMBER_TYPES = (int, float, Fraction, Decimal)
NOWHERE = Msg("", "")


def describe(value: Any) -> str:
    """Short type name shown to students."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, np.ndarray):
        return f"ndarray{tuple(value.shape)}"
    if isinstance(value, SymbolicText):
        return "expression sympy"
    if isinstance(value, Unsupported):
        return value.what
    if isinstance(value, CallError):
        return f"exception {value.name}"
    return type(value).__name__


def is_number(value: Any) -> bool:
    return isinstance(value, NUMBER_TYPES) and not isinstance(value, bool)


def to_float(value: Any) -> float:
    """Expected or decoded number → float (sympy numbers included)."""
    if isinstance(value, sympy.Basic):
        return float(sympy.N(value, 30))
    return float(value)


def exact_number(value: Any) -> Fraction | None:
    """An exact rational view of a number, or None for floats/irrationals."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return None


def close(expected: Any, got: Any, rtol: float, atol: float) -> bool:
    try:
        e, g = to_float(expected), to_float(got)
    except (TypeError, ValueError, OverflowError):
        return False
    if math.isnan(e) or math.isnan(g):
        return math.isnan(e) and math.isnan(g)
    return math.isclose(e, g, rel_tol=rtol, abs_tol=atol)


def _number(expected: Any, got: Any, rtol: float, atol: float, exact: bool,
            where: Msg) -> Msg | None:
    if not is_number(got):
        return Msg(f"{where.fr}un nombre est attendu, pas {describe(got)}.",
                   f"{where.en}a number is expected, not {describe(got)}.")
    if exact:
        want, have = exact_number(expected), exact_number(got)
        if have is None:
            return Msg(f"{where.fr}donnez la valeur exacte (entier ou fraction), pas un flottant.",
                       f"{where.en}give the exact value (integer or fraction), not a float.")
        if want != have:
            return Msg(f"{where.fr}valeur incorrecte.", f"{where.en}wrong value.")
        return None
    if not close(expected, got, rtol, atol):
        return Msg(f"{where.fr}valeur incorrecte (obtenu {to_float(got):.10g}).",
                   f"{where.en}wrong value (got {to_float(got):.10g}).")
    return None


def _array(expected: np.ndarray, got: Any, rtol: float, atol: float, where: Msg) -> Msg | None:
    if isinstance(got, (list, tuple)) and all(is_number(v) for v in got):
        got = np.array([to_float(v) for v in got], dtype=np.float64)
    if is_number(got) and expected.shape == ():
        got = np.array(to_float(got))
    if not isinstance(got, np.ndarray):
        return Msg(f"{where.fr}un tableau numpy est attendu, pas {describe(got)}.",
                   f"{where.en}a numpy array is expected, not {describe(got)}.")
    if got.shape != expected.shape:
        return Msg(f"{where.fr}forme {tuple(got.shape)} au lieu de {tuple(expected.shape)}.",
                   f"{where.en}shape {tuple(got.shape)} instead of {tuple(expected.shape)}.")
    want = np.asarray(expected, dtype=np.float64)
    have = np.asarray(got, dtype=np.float64)
    if not np.allclose(have, want, rtol=rtol, atol=atol, equal_nan=True):
        bad = int(np.argmax(~np.isclose(have, want, rtol=rtol, atol=atol, equal_nan=True)))
        index = tuple(int(i) for i in np.unravel_index(bad, want.shape)) if want.shape else ()
        return Msg(f"{where.fr}valeurs incorrectes (première différence à l'indice {index}).",
                   f"{where.en}wrong values (first difference at index {index}).")
    return None


def compare(expected: Any, got: Any, *, rtol: float = 1e-9, atol: float = 1e-12,
            exact: bool = False, where: Msg = NOWHERE) -> Msg | None:
    """None when ``got`` matches ``expected``, else the first problem found, as a message."""
    if isinstance(got, CallError):
        return Msg(f"{where.fr}votre code lève {got.name} : {got.message}",
                   f"{where.en}your code raises {got.name}: {got.message}")
    if isinstance(expected, np.ndarray):
        return _array(expected, got, rtol, atol, where)
    if isinstance(expected, bool):
        if not isinstance(got, bool):
            return Msg(f"{where.fr}un booléen est attendu.", f"{where.en}a boolean is expected.")
        return None if got == expected else Msg(f"{where.fr}réponse incorrecte.",
                                                f"{where.en}wrong answer.")
    if is_number(expected) or isinstance(expected, sympy.Number) or (
            isinstance(expected, sympy.Expr) and expected.is_number):
        return _number(expected, got, rtol, atol, exact, where)
    if isinstance(expected, str):
        if not isinstance(got, str):
            return Msg(f"{where.fr}une chaîne est attendue, pas {describe(got)}.",
                       f"{where.en}a string is expected, not {describe(got)}.")
        ok = got.strip().lower() == expected.strip().lower()
        return None if ok else Msg(f"{where.fr}réponse « {got[:40]} » incorrecte.",
                                   f"{where.en}wrong answer “{got[:40]}”.")
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return Msg(f"{where.fr}une liste ou un tuple de {len(expected)} éléments est attendu, "
                       f"pas {describe(got)}.",
                       f"{where.en}a list or tuple of {len(expected)} items is expected, "
                       f"not {describe(got)}.")
        if len(got) != len(expected):
            return Msg(f"{where.fr}{len(got)} éléments au lieu de {len(expected)}.",
                       f"{where.en}{len(got)} items instead of {len(expected)}.")
        for index, (e, g) in enumerate(zip(expected, got, strict=True)):
            problem = compare(e, g, rtol=rtol, atol=atol, exact=exact,
                              where=Msg(f"{where.fr}élément {index} : ",
                                        f"{where.en}item {index}: "))
            if problem is not None:
                return problem
        return None
    raise TypeError(f"compare() cannot handle expected values of type {type(expected).__name__}")
