"""Layer 1a: student text in, raw tokens with offsets in the original text out.

Over-long input, ``\\``, ``#``, quotes, backticks and ``__`` are refused first (leftmost). Then
``scan`` reads numbers (``12``, ``1.5``, ``.5``, ``1e-9``: Python's float syntax, so ``2e-1`` is
0.2), names (letters, digits, ``_``), operators (``+ - * / ^ **`` and ``− × · ⋅ ÷``, ``^`` becoming
``**``), parentheses (at most ``max_depth`` deep), bars ``|`` (paired later, in ``bars``), ``√``
and superscript runs. A run of superscripts is ONE exponent, read as its own expression and
emitted as ``** ( … )``: ``x⁻¹`` → x^(−1), ``x¹⁰`` → x^10, ``xⁿ``, ``x⁽ⁿ⁺¹⁾`` → x^(n+1),
``x²ⁿ`` → x^(2n). A run with a bare ``+`` or ``−`` between two terms (``x²⁻¹``, ``xⁿ⁺¹``) is
refused as ambiguous (x^(2−1)? (x²)⁻¹?), the message showing the reading x^(2-1) and asking for
parentheses (``x⁽ⁿ⁺¹⁾`` or ``x^(n+1)``). The text comes from ``characters.clean``. A comma
separates the arguments of ``max``/``min`` (``max(0, x)``); between two digits (``0,5``) it is
refused as a decimal comma. Python keywords, ``_`` in numbers, brackets, comparisons, dots
outside numbers and every other character are refused with the offset of the culprit.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from .characters import superscript
from .errors import ParseError, make_error
from .whitelist import MAX_SCI_EXPONENT

_FORBIDDEN = frozenset("\\#'\"`")
_NUMBER = re.compile(r"([0-9]+)(?:\.([0-9]+))?|\.([0-9]+)")
_SCIENTIFIC = re.compile(r"[eE]([+-]?[0-9]+)")
_OPERATORS = MappingProxyType({
    "+": "+", "-": "-", "\u2212": "-", "\u2013": "-", "*": "*", "\u00d7": "*", "\u00b7": "*",
    "\u22c5": "*", "\u2219": "*", "\u2217": "*", "/": "/", "\u00f7": "/", "\u2215": "/",
    "^": "**",
})
_HINTS = MappingProxyType({
    **{c: (" Les comparaisons ne sont pas acceptées.", " Comparisons are not accepted.")
       for c in "=<>!"},
    **{c: (" Utilisez des parenthèses ( ).", " Use parentheses ( ).") for c in "[]{}"},
    ".": (" Le point ne sert qu'aux nombres décimaux.", " A dot is only for decimal numbers."),
})
_MAX_DIGITS = 1000


@dataclass(frozen=True)
class Token:
    """One lexical unit: ``kind`` in num, var, const, func, op, lpar, rpar, sup, ident."""

    kind: str
    text: str  # what is written into the normalised text (or the raw name for ``ident``)
    start: int  # [start, end) in the original text
    end: int
    value: int | Fraction | None = None  # exact value of a number
    decimal: bool = False  # number written with a point or an exponent
    sup: bool = False  # part of a superscript exponent ``** ( … )``


def reject_forbidden(text: str) -> None:
    """The leftmost ``\\ # ' " `` ` `` or ``__`` → ParseError at its offset."""
    for i, ch in enumerate(text):
        if ch in _FORBIDDEN:
            raise make_error("forbidden", i, text, char=ch)
        if text.startswith("__", i):
            raise make_error("dunder", i, text)


def scan(text: str, variables: Mapping[str, Any], allow_floats: bool,
         max_depth: int) -> list[Token]:
    """Raw tokens with original offsets; parentheses balanced and at most ``max_depth`` deep."""
    tokens: list[Token] = []
    opened: list[int] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "0123456789" or (ch == "." and text[i + 1:i + 2].isdigit()):
            tokens.append(_number(text, i, allow_floats))
            i = tokens[-1].end
        elif superscript(ch) is not None:
            before = text[tokens[-1].start:tokens[-1].end] if tokens else ""
            group = _superscript_run(text, i, before, variables, allow_floats, max_depth)
            tokens.extend(group)
            i = group[-1].end
        elif ch.isalpha():
            j = i + 1
            while j < len(text) and (text[j].isalpha() or text[j] in "0123456789_") \
                    and superscript(text[j]) is None:
                j += 1
            if keyword.iskeyword(text[i:j]) and text[i:j] not in variables:
                raise make_error("keyword", i, text, name=text[i:j])
            tokens.append(Token("ident", text[i:j], i, j))
            i = j
        elif ch == "," and not (text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit()):
            tokens.append(Token("op", ",", i, i + 1))  # max(0, x): arguments only
            i += 1
        elif ch == "|":
            tokens.append(Token("bar", "|", i, i + 1))
            i += 1
        elif ch == "(" or ch == ")":
            _track_parens(ch, i, opened, text, max_depth)
            tokens.append(Token("lpar" if ch == "(" else "rpar", ch, i, i + 1))
            i += 1
        elif ch == "*" and text.startswith("**", i):
            tokens.append(Token("op", "**", i, i + 2))
            i += 2
        elif ch in _OPERATORS:
            tokens.append(Token("op", _OPERATORS[ch], i, i + 1))
            i += 1
        elif ch == "√":
            tokens.append(Token("ident", ch, i, i + 1))
            i += 1
        else:
            raise _unexpected(text, i)
    if opened:
        raise make_error("unclosed", opened[-1], text)
    return tokens


def _track_parens(ch: str, i: int, opened: list[int], text: str, max_depth: int) -> None:
    if ch == "(":
        opened.append(i)
        if len(opened) > max_depth:
            raise make_error("too_deep", i, text, limit=max_depth)
    elif not opened:
        raise make_error("unmatched_close", i, text)
    else:
        opened.pop()


def _unexpected(text: str, i: int) -> Exception:
    ch = text[i]
    if ch == "," and text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit():
        return make_error("bad_number", i, text,
                          hint_fr=" Écrivez 0.5 et non 0,5 (arguments : max(0, 5)).",
                          hint_en=" Write 0.5, not 0,5 (arguments: max(0, 5)).")
    hint_fr, hint_en = _HINTS.get(ch, ("", ""))
    shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
    return make_error("unexpected_char", i, text, char=shown, hint_fr=hint_fr, hint_en=hint_en)


def _number(text: str, i: int, allow_floats: bool) -> Token:
    """Digits[.digits][e±digits] at ``i`` → exact value; ``1_000``, ``1.2.3``, ``2.`` refused."""
    match = _NUMBER.match(text, i)
    if match is None:  # pragma: no cover - the caller saw a digit
        raise make_error("bad_number", i, text)
    whole, frac = match.group(1) or "", match.group(2) or match.group(3) or ""
    end = match.end()
    exponent = 0
    sci = _SCIENTIFIC.match(text, end)
    if sci is not None:
        digits = sci.group(1).lstrip("+-")
        if len(digits) > 4 or int(digits) > MAX_SCI_EXPONENT:
            raise make_error("exponent_too_large", sci.start(), text)
        exponent, end = int(sci.group(1)), sci.end()
    if end < len(text) and text[end] in "._":
        raise make_error("bad_number", end, text, hint_fr=" Écrivez 1000 et non 1_000."
                         if text[end] == "_" else "", hint_en=" Write 1000, not 1_000."
                         if text[end] == "_" else "")
    if len(whole) + len(frac) > _MAX_DIGITS:
        raise make_error("bad_number", i, text)
    decimal = bool(frac) or sci is not None
    if decimal and not allow_floats:
        raise make_error("float", i, text)
    value: int | Fraction = int(whole or "0")
    if decimal:
        value = Fraction(int(whole + frac or "0"), 10 ** len(frac)) * Fraction(10) ** exponent
    shown = ("0" + text[i:end] if text[i] == "." else text[i:end]) if decimal else str(value)
    if len(shown) > 30:  # any short valid Python literal of the same kind: the value is exact
        shown = "1.0" if decimal else "1"
    return Token("num", shown, i, end, value, decimal)


def _superscript_run(text: str, i: int, before: str, variables: Mapping[str, Any],
                     allow_floats: bool, max_depth: int) -> list[Token]:
    """The superscript run at ``i`` → ``** ( tokens of the run read as plain text )``."""
    plain: list[str] = []
    where: list[int] = []
    j = i
    while j < len(text) and (sub := superscript(text[j])) is not None:
        plain.extend(sub)
        where.extend([j] * len(sub))
        j += 1
    where.append(j)
    exponent = "".join(plain)
    inner_at = _bare_operator(exponent)
    if inner_at is not None:
        raise make_error("superscript_ambiguous", where[inner_at], text,
                         run=text[i:j], reading=f"{before}^({exponent})")
    try:
        inner = scan(exponent, variables, allow_floats, max_depth)
    except ParseError as err:
        raise ParseError(err.message_fr, err.message_en, where[min(err.offset, len(where) - 1)],
                         text, err.code) from None
    moved = [replace(t, start=where[t.start], end=where[t.end - 1] + 1 if t.end > t.start
                     else where[t.start], sup=True) for t in inner]
    return [Token("op", "**", i, i, sup=True), Token("lpar", "(", i, i, sup=True), *moved,
            Token("rpar", ")", j, j, sup=True)]


def _bare_operator(exponent: str) -> int | None:
    """Index of a ``+``/``-`` between two terms outside parentheses (``2-1``, ``n+1``)."""
    depth = 0
    for k, ch in enumerate(exponent):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch in "+-" and depth == 0 and k > 0 and exponent[k - 1] not in "+-*/^(":
            return k
    return None
