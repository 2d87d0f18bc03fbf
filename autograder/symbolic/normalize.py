"""Layer 1: student text in, normalised ASCII text with an offset map out (nothing is evaluated).

``normalize("3cos(3x)", {"x": x})`` → text ``"3 * cos ( 3 * x )"``; ``offsets[i]`` is the index
in the original text of normalised character ``i`` (one extra entry for the end).

Rules, in the order they are applied:

1. Reject over-long input, then ``\\``, ``#``, quotes, backticks and ``__`` (leftmost first).
2. Scan tokens (``lexer.scan``): numbers use Python's float syntax, so ``2e-1`` is 0.2; write
   ``2*e-1`` or ``2e - 1`` for 2e − 1. Unicode ``− × · ⋅ ÷`` become ASCII operators and ``^``
   becomes ``**``.
3. Resolve each name: Python keywords are refused; a declared variable wins; then a function
   (only when a ``(`` follows), then a constant (``pi π e E``). Otherwise the name is split into
   known names, longest first (``xy`` → ``x*y``, ``2xsin(x)`` → ``2*x*sin(x)``, ``ex`` → ``e*x``),
   a function being allowed only as the last piece. ``cos²(x)`` and ``cos^2(x)`` mean ``cos(x)^2``.
4. Implicit multiplication: a ``*`` is inserted between a number, a name, ``)`` or a superscript and
   a following name, function or ``(`` (``2x``, ``3 cos(x)``, ``x(x+1)``, ``)(``), with the
   precedence of ``*``. A number right after such a token (``x 2``, ``(x+1)2``) is refused as a
   missing operator; ``1/2x`` and ``e^2x`` are refused as ambiguous (write ``1/(2x)``,
   ``e^(2x)``; with a space, ``1/2 x`` and ``e^2 x`` mean (1/2)·x and e²·x).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .errors import make_error
from .lexer import Token, reject_forbidden, scan
from .whitelist import ASCII_NAMES, CONSTANTS, FUNCTIONS

_VALUE_END = frozenset({"num", "var", "const", "rpar", "sup"})
_VALUE_START = frozenset({"var", "const", "func", "lpar"})


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
    reject_forbidden(text)
    raw = scan(text, variables, allow_floats, max_depth)
    if not raw:
        raise make_error("empty", 0, text)
    names = {(name if name.isascii() else f"_v{i}"): symbol
             for i, (name, symbol) in enumerate(variables.items())}
    aliases = dict(zip(variables, names, strict=True))
    tokens = _move_function_powers(_resolve(raw, text, variables, aliases, names))
    return _emit(_implicit_products(tokens, text), text, names)


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
    longest = max(map(len, values | functions))
    best: dict[int, tuple[str, ...] | None] = {len(name): ()}
    for start in range(len(name) - 1, -1, -1):
        best[start] = None
        for stop in range(min(len(name), start + longest), start, -1):
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
                if _ambiguous(out, tok):
                    raise make_error("ambiguous", tok.start, text)
                out.append(Token("op", "*", tok.start, tok.start))
        if prev is not None and prev.kind == "func" and tok.kind != "lpar":
            raise make_error("function_needs_parens", prev.end, text, name=prev.text)
        out.append(tok)
    if out[-1].kind == "func":
        raise make_error("function_needs_parens", out[-1].end, text, name=out[-1].text)
    return out


def _ambiguous(out: list[Token], tok: Token) -> bool:
    """``1/2x``, ``e^2x``, ``e^-2x``: a number or name glued to the next factor right after
    ``/`` or ``^``. Python precedence would read (1/2)·x and e²·x, students often mean
    1/(2x) and e^(2x): refuse rather than guess (``1/2 x`` and ``e^2 x`` are accepted)."""
    prev = out[-1]
    if prev.kind not in ("num", "var", "const") or prev.end != tok.start:
        return False
    j = len(out) - 2
    if j >= 1 and out[j].text in ("+", "-") and out[j - 1].kind in ("op", "lpar"):
        j -= 1  # unary sign of the exponent or denominator
    return j >= 0 and out[j].kind == "op" and out[j].text in ("/", "**")


def _emit(tokens: list[Token], text: str, names: Mapping[str, Any]) -> Normalized:
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
                      MappingProxyType(dict(names)))
