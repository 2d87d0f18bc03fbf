"""Layer 1: student text in, normalised ASCII text with an offset map out (nothing is evaluated).

``normalize("3cos(3x)", {"x": x})`` → text ``"3 * cos ( 3 * x )"``; ``offsets[i]`` is the index
in the original text of normalised character ``i`` (one extra entry for the end).

Rules, in the order they are applied:

1. Reject over-long input, then ``\\``, ``#``, quotes, backticks and ``__`` (leftmost first).
2. Scan tokens: numbers (``12``, ``1.5``, ``.5``, ``1e-9``: Python's float syntax, so ``2e-1``
   is 0.2; write ``2*e-1`` or ``2e - 1`` for 2e − 1), names, ``+ - * / ^ **``, parentheses,
   superscript exponents ``x² x⁻¹``, ``√``. Unicode ``− × · ⋅ ÷`` become ASCII operators and
   ``^`` becomes ``**``. Parentheses nest at most ``max_depth`` deep. Decimal commas, ``_`` in
   numbers, brackets, comparisons, dots outside numbers and any other character are refused.
3. Resolve each name: Python keywords are refused; a declared variable wins; then a function
   (only when a ``(`` follows), then a constant (``pi π e E``). Otherwise the name is split into
   known names, longest first (``xy`` → ``x*y``, ``2xsin(x)`` → ``2*x*sin(x)``, ``ex`` → ``e*x``),
   a function being allowed only as the last piece. ``cos²(x)`` and ``cos^2(x)`` mean ``cos(x)^2``.
4. Implicit multiplication: a ``*`` is inserted between a number, a name, ``)`` or a superscript and
   a following name, function or ``(`` (``2x``, ``3 cos(x)``, ``x(x+1)``, ``)(``). A number right
   after such a token (``x 2``, ``(x+1)2``) is refused as a missing operator.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .errors import make_error
from .whitelist import ASCII_NAMES, CONSTANTS, FUNCTIONS, MAX_SCI_EXPONENT

_FORBIDDEN = frozenset("\\#'\"`")
_NUMBER = re.compile(r"([0-9]+)(?:\.([0-9]+))?|\.([0-9]+)")
_SCIENTIFIC = re.compile(r"[eE]([+-]?[0-9]+)")
_OPERATORS = MappingProxyType({
    "+": "+", "-": "-", "\u2212": "-", "\u2013": "-", "*": "*", "\u00d7": "*", "\u00b7": "*",
    "\u22c5": "*", "\u2219": "*", "\u2217": "*", "/": "/", "\u00f7": "/", "\u2215": "/",
    "^": "**",
})
_SUPERSCRIPTS = MappingProxyType({c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")})
_HINTS = MappingProxyType({
    **{c: (" Les comparaisons ne sont pas acceptées.", " Comparisons are not accepted.")
       for c in "=<>!"},
    **{c: (" Utilisez des parenthèses ( ).", " Use parentheses ( ).") for c in "[]{}"},
    ".": (" Le point ne sert qu'aux nombres décimaux.", " A dot is only for decimal numbers."),
    ",": (" Une fonction prend un seul argument.", " A function takes a single argument."),
})
_MAX_DIGITS = 1000
_VALUE_END = frozenset({"num", "var", "const", "rpar", "sup"})
_VALUE_START = frozenset({"var", "const", "func", "lpar"})


@dataclass(frozen=True)
class Token:
    """One lexical unit: ``kind`` in num, var, const, func, op, lpar, rpar, sup, ident."""

    kind: str
    text: str  # what is written into the normalised text (or the raw name for ``ident``)
    start: int  # [start, end) in the original text
    end: int
    value: int | Fraction | None = None  # exact value of a number
    decimal: bool = False  # number written with a point or an exponent


@dataclass(frozen=True)
class Normalized:
    """Normalised text for ``ast.parse`` plus everything needed to map it back."""

    source: str
    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries: normalised index → original index
    numbers: Mapping[int, Token]  # normalised offset of a number → its token (exact value)
    names: Mapping[str, Any]  # normalised name of a variable or constant → sympy object

    def origin(self, index: int) -> int:
        """Original offset of normalised character ``index`` (clamped to the text)."""
        return self.offsets[max(0, min(index, len(self.offsets) - 1))]


def normalize(text: str, variables: Mapping[str, Any], *, allow_floats: bool = True,
              max_length: int = 300, max_depth: int = 40) -> Normalized:
    """Student string in, ``Normalized`` out; raises ``ParseError`` at the first problem."""
    if len(text) > max_length:
        raise make_error("too_long", max_length, text, limit=max_length)
    _reject_forbidden(text)
    raw = _scan(text, variables, allow_floats, max_depth)
    if not raw:
        raise make_error("empty", 0, text)
    names = {(name if name.isascii() else f"_v{i}"): symbol
             for i, (name, symbol) in enumerate(variables.items())}
    aliases = dict(zip(variables, names, strict=True))
    tokens = _move_function_powers(_resolve(raw, text, variables, aliases, names))
    return _emit(_implicit_products(tokens, text), text, names)


def _reject_forbidden(text: str) -> None:
    for i, ch in enumerate(text):
        if ch in _FORBIDDEN:
            raise make_error("forbidden", i, text, char=ch)
        if text.startswith("__", i):
            raise make_error("dunder", i, text)


def _scan(text: str, variables: Mapping[str, Any], allow_floats: bool,
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
        elif ch.isalpha():
            j = i + 1
            while j < len(text) and (text[j].isalpha() or text[j] in "0123456789_"):
                j += 1
            if keyword.iskeyword(text[i:j]) and text[i:j] not in variables:
                raise make_error("keyword", i, text, name=text[i:j])
            tokens.append(Token("ident", text[i:j], i, j))
            i = j
        elif ch in _SUPERSCRIPTS or ch == "⁻":
            tokens.append(_superscript(text, i))
            i = tokens[-1].end
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
        return make_error("bad_number", i, text, hint_fr=" Écrivez 0.5 et non 0,5.",
                          hint_en=" Write 0.5, not 0,5.")
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


def _superscript(text: str, i: int) -> Token:
    j, sign = i, ""
    if text[j] == "⁻":
        sign, j = "-", j + 1
    k = j
    while k < len(text) and text[k] in _SUPERSCRIPTS:
        k += 1
    if k == j or k - j > 3:
        raise _unexpected(text, i if k == j else j + 3)
    digits = "".join(_SUPERSCRIPTS[c] for c in text[j:k])
    shown = f"** ({sign}{int(digits)})" if sign else f"** {int(digits)}"
    return Token("sup", shown, i, k, int(digits))


def _callable_at(raw: list[Token], k: int) -> bool:
    """Is raw token ``k`` followed by ``(``, ``²(`` or ``^2(``, as a function name must be?"""
    nxt = raw[k + 1:k + 4]
    kinds = [t.kind for t in nxt]
    if kinds[:1] == ["lpar"] or kinds[:2] == ["sup", "lpar"]:
        return True
    return (kinds == ["op", "num", "lpar"] and nxt[0].text == "**" and not nxt[1].decimal)


def _resolve(raw: list[Token], text: str, variables: Mapping[str, Any],
             aliases: Mapping[str, str], names: dict[str, Any]) -> list[Token]:
    """Turn every ``ident`` token into var/const/func tokens (splitting run-together names)."""
    out: list[Token] = []
    for k, tok in enumerate(raw):
        if tok.kind != "ident":
            out.append(tok)
            continue
        name, callable_ = tok.text, _callable_at(raw, k)
        pieces = _split(name, tuple(variables), callable_)
        if pieces is None:
            raise _unknown(tok, text, variables, callable_)
        pos = tok.start
        for piece in pieces:
            out.append(_named(piece, pos, aliases, names))
            pos += len(piece)
    return out


def _named(piece: str, pos: int, aliases: Mapping[str, str], names: dict[str, Any]) -> Token:
    """A resolved piece → token; constants are recorded in ``names`` (renamed on a clash)."""
    end = pos + len(piece)
    if piece in aliases:
        return Token("var", aliases[piece], pos, end)
    if piece in FUNCTIONS or piece == "√":
        return Token("func", ASCII_NAMES.get(piece, piece), pos, end)
    ascii_name = ASCII_NAMES.get(piece, piece)
    if names.get(ascii_name, CONSTANTS[piece]) is not CONSTANTS[piece]:
        ascii_name = f"_c_{ascii_name}"  # a variable is called like the constant (π vs pi)
    names[ascii_name] = CONSTANTS[piece]
    return Token("const", ascii_name, pos, end)


@lru_cache(maxsize=1024)
def _split(name: str, variables: tuple[str, ...], callable_: bool) -> tuple[str, ...] | None:
    """Cut ``name`` into known names, longest first; a function only as the last piece."""
    values = set(variables) | (set(CONSTANTS) - set(FUNCTIONS))
    functions = set(FUNCTIONS) | {"√"} if callable_ else set()
    best: dict[int, tuple[str, ...] | None] = {len(name): ()}
    for start in range(len(name) - 1, -1, -1):
        best[start] = None
        for stop in range(len(name), start, -1):
            piece, rest = name[start:stop], best[stop]
            if rest is None:
                continue
            if piece in values or (piece in functions and stop == len(name)):
                best[start] = (piece, *rest)
                break
    return best[0]


def _unknown(tok: Token, text: str, variables: Mapping[str, Any], callable_: bool) -> Exception:
    name = tok.text
    if name == "√":
        return make_error("function_needs_parens", tok.end, text, name=name)
    if callable_:
        return make_error("unknown_function", tok.start, text, name=name)
    prefixes = [f for f in FUNCTIONS if name.startswith(f)]
    if prefixes:
        function = max(prefixes, key=len)
        return make_error("function_needs_parens", tok.start + len(function), text,
                          name=function)
    allowed = ", ".join(variables) or "∅"
    return make_error("unknown_name", tok.start, text, name=name, allowed=allowed)


def _move_function_powers(tokens: list[Token]) -> list[Token]:
    """``cos²(x)`` / ``cos^2(x)`` → ``cos(x)²``: move the power after the call's ``)``."""
    out = list(tokens)
    k = 0
    while k < len(out):
        if out[k].kind == "func" and k + 1 < len(out) and out[k + 1].kind != "lpar":
            size = 1 if out[k + 1].kind == "sup" else 2
            power, call = out[k + 1:k + 1 + size], k + 1 + size
            close, depth = call, 0
            for close in range(call, len(out)):
                depth += {"lpar": 1, "rpar": -1}.get(out[close].kind, 0)
                if depth == 0:
                    break
            out[k + 1:close + 1] = [*out[call:close + 1], *power]
        k += 1
    return out


def _implicit_products(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    for tok in tokens:
        prev = out[-1] if out else None
        if prev is not None and prev.kind in _VALUE_END:
            if tok.kind == "num":
                raise make_error("missing_operator", tok.start, text)
            if tok.kind in _VALUE_START:
                out.append(Token("op", "*", tok.start, tok.start))
        if prev is not None and prev.kind == "func" and tok.kind != "lpar":
            raise make_error("function_needs_parens", prev.end, text, name=prev.text)
        out.append(tok)
    if out[-1].kind == "func":
        raise make_error("function_needs_parens", out[-1].end, text, name=out[-1].text)
    return out


def _emit(tokens: list[Token], text: str, symbols: Mapping[str, Any]) -> Normalized:
    parts: list[str] = []
    offsets: list[int] = []
    numbers: dict[int, Token] = {}
    for tok in tokens:
        if parts:
            parts.append(" ")
            offsets.append(tok.start)
        if tok.kind == "num":
            numbers[len(offsets)] = tok
        elif tok.kind == "sup":  # "** 2" / "** (-1)": the exponent's digits are a number too
            numbers[len(offsets) + tok.text.rindex(str(tok.value))] = tok
        width = max(tok.end - tok.start, 1)
        offsets.extend(tok.start + min(n, width - 1) for n in range(len(tok.text)))
        parts.append(tok.text)
    offsets.append(len(text))
    return Normalized(text, "".join(parts), tuple(offsets), MappingProxyType(numbers),
                      MappingProxyType(dict(symbols)))
