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


NONE_CAME_BACK = Msg(
    "{where}la valeur obtenue est None : une fonction sans « return » (un « print » affiche "
    "la valeur mais ne la renvoie pas) ? {want} est attendu.",
    "{where}the value is None: a function without “return” (“print” shows a value but does "
    "not return it)? {want} is expected.")


def _tolerance(rtol: float, atol: float) -> Msg:
    if rtol and atol > 1e-9:  # a tiny atol only guards zero: not worth saying
        return Msg(f"tolérance : relative {rtol:g}, absolue {atol:g}",
                   f"tolerance: relative {rtol:g}, absolute {atol:g}")
    if rtol:
        return Msg(f"tolérance relative {rtol:g}", f"relative tolerance {rtol:g}")
    return Msg(f"tolérance absolue {atol:g}", f"absolute tolerance {atol:g}")


def _number(expected: Any, got: Any, rtol: float, atol: float, exact: bool,
            where: Msg) -> Msg | None:
    if isinstance(got, np.ndarray) and got.size == 1 and got.dtype != bool:
        got = float(got.reshape(()))
    if not is_number(got):
        return Msg(f"{where.fr}un nombre est attendu, pas {describe(got)}.",
                   f"{where.en}a number is expected, not {describe(got)}.")
    if exact:
        want, have = exact_number(expected), exact_number(got)
        if have is None:
            return Msg(f"{where.fr}donnez la valeur exacte (entier ou fraction), pas un flottant.",
                       f"{where.en}give the exact value (integer or fraction), not a float.")
        if want != have:
            return Msg(f"{where.fr}valeur incorrecte (obtenu {have}) ; la valeur exacte est "
                       "attendue (entier ou Fraction).",
                       f"{where.en}wrong value (got {have}); the exact value is expected "
                       "(integer or Fraction).")
        return None
    if not close(expected, got, rtol, atol):
        tol = _tolerance(rtol, atol)
        rounded = close(expected, got, max(rtol, 1e-2), atol)
        hint = Msg(" : valeur trop arrondie ? Donnez-la sans l'arrondir.",
                   ": rounded too much? Give it unrounded.") if rounded else Msg(".", ".")
        return Msg(f"{where.fr}valeur incorrecte (obtenu {to_float(got):.10g} ; "
                   f"{tol.fr}){hint.fr}",
                   f"{where.en}wrong value (got {to_float(got):.10g}; {tol.en}){hint.en}")
    return None


def _array(expected: np.ndarray, got: Any, rtol: float, atol: float, where: Msg) -> Msg | None:
    if isinstance(got, (list, tuple)):
        try:
            converted = np.array([to_float(v) if is_number(v) else v for v in got],
                                 dtype=np.float64)
        except (TypeError, ValueError):
            converted = None
        if converted is not None and converted.shape == expected.shape:
            got = converted
    if is_number(got) and expected.shape == ():
        got = np.array(to_float(got))
    if not isinstance(got, np.ndarray):
        return Msg(f"{where.fr}un tableau numpy de forme {tuple(expected.shape)} est attendu, "
                   f"pas {describe(got)}.",
                   f"{where.en}a numpy array of shape {tuple(expected.shape)} is expected, "
                   f"not {describe(got)}.")
    if got.shape != expected.shape:
        return Msg(f"{where.fr}forme {tuple(got.shape)} au lieu de {tuple(expected.shape)}.",
                   f"{where.en}shape {tuple(got.shape)} instead of {tuple(expected.shape)}.")
    want = np.asarray(expected, dtype=np.float64)
    have = np.asarray(got, dtype=np.float64)
    if not np.allclose(have, want, rtol=rtol, atol=atol, equal_nan=True):
        bad = int(np.argmax(~np.isclose(have, want, rtol=rtol, atol=atol, equal_nan=True)))
        index = tuple(int(i) for i in np.unravel_index(bad, want.shape)) if want.shape else ()
        tol = _tolerance(rtol, atol)
        return Msg(f"{where.fr}valeurs incorrectes (première différence à l'indice {index}, "
                   f"indices comptés depuis 0 comme en numpy ; {tol.fr}).",
                   f"{where.en}wrong values (first difference at index {index}, counted from "
                   f"0 as in numpy; {tol.en}).")
    return None


def _expected_kind(expected: Any) -> Msg:
    if isinstance(expected, np.ndarray):
        return Msg(f"un tableau de forme {tuple(expected.shape)}",
                   f"an array of shape {tuple(expected.shape)}")
    if isinstance(expected, bool):
        return Msg("un booléen", "a boolean")
    if isinstance(expected, str):
        return Msg("une chaîne", "a string")
    if isinstance(expected, (tuple, list)):
        return Msg(f"une liste ou un tuple de {len(expected)} éléments",
                   f"a list or tuple of {len(expected)} items")
    return Msg("un nombre", "a number")


def _at(where: Msg, index: int) -> Msg:
    """The position of an element (1-based, nested positions joined: « élément 2 › 1 : »)."""
    fr, en = where.fr, where.en
    if fr.startswith("élément ") and fr.endswith(" : "):
        return Msg(f"{fr[:-3]} › {index + 1} : ", f"{en[:-2]} › {index + 1}: ")
    return Msg(f"{fr}élément {index + 1} : ", f"{en}item {index + 1}: ")


def _permutation(expected: Any, got: Any, rtol: float, atol: float, exact: bool) -> bool:
    """Is ``got`` the expected elements in another order?"""
    left = list(got)
    for e in expected:
        for k, g in enumerate(left):
            if compare(e, g, rtol=rtol, atol=atol, exact=exact) is None:
                del left[k]
                break
        else:
            return False
    return True


def _order_hint(expected: Any) -> Msg:
    def key(value: Any) -> float | None:
        first = value[0] if isinstance(value, (tuple, list)) and value else value
        try:
            return to_float(first)
        except (TypeError, ValueError):
            return None

    keys = [key(v) for v in expected]
    if all(k is not None for k in keys) and keys == sorted(keys):  # type: ignore[type-var]
        return Msg("rangez-les par ordre croissant", "sort them in increasing order")
    return Msg("respectez l'ordre demandé par l'énoncé", "follow the order the statement asks")


def compare(expected: Any, got: Any, *, rtol: float = 1e-9, atol: float = 1e-12,
            exact: bool = False, where: Msg = NOWHERE) -> Msg | None:
    """None when ``got`` matches ``expected``, else the first problem found, as a message
    saying what was expected (type, shape, order, tolerance) without giving the answer."""
    if isinstance(got, CallError):
        return Msg(f"{where.fr}votre code lève {got.name} : {got.message}",
                   f"{where.en}your code raises {got.name}: {got.message}")
    if got is None and expected is not None:
        want = _expected_kind(expected)
        return Msg(NONE_CAME_BACK.fr.format(where=where.fr, want=want.fr),
                   NONE_CAME_BACK.en.format(where=where.en, want=want.en))
    if isinstance(expected, np.ndarray):
        return _array(expected, got, rtol, atol, where)
    if isinstance(expected, bool):
        if not isinstance(got, bool):
            return Msg(f"{where.fr}un booléen (True ou False) est attendu, pas {describe(got)}.",
                       f"{where.en}a boolean (True or False) is expected, not {describe(got)}.")
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
        if isinstance(got, np.ndarray) and got.ndim >= 1 and got.dtype != bool:
            got = got.astype(np.float64).tolist()
        if not isinstance(got, (tuple, list)):
            return Msg(f"{where.fr}une liste ou un tuple de {len(expected)} éléments est attendu, "
                       f"pas {describe(got)}.",
                       f"{where.en}a list or tuple of {len(expected)} items is expected, "
                       f"not {describe(got)}.")
        if len(got) != len(expected):
            return Msg(f"{where.fr}{len(got)} éléments au lieu de {len(expected)}.",
                       f"{where.en}{len(got)} items instead of {len(expected)}.")
        for index, (e, g) in enumerate(zip(expected, got, strict=True)):
            problem = compare(e, g, rtol=rtol, atol=atol, exact=exact, where=_at(where, index))
            if problem is not None:
                if len(expected) > 1 and _permutation(expected, got, rtol, atol, exact):
                    hint = _order_hint(expected)
                    return Msg(f"{where.fr}les éléments sont dans le désordre : l'ordre compte, "
                               f"{hint.fr}.",
                               f"{where.en}the items are out of order: order matters, "
                               f"{hint.en}.")
                return problem
        return None
    raise TypeError(f"compare() cannot handle expected values of type {type(expected).__name__}")
