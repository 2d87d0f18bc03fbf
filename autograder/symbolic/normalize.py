"""Layer 1: student text in, normalised ASCII text with an offset map out (nothing is evaluated).

``normalize("3cos(3x)", {"x": x})`` → text ``"3 * cos ( 3 * x )"``; ``offsets[i]`` is the index
in the original text of normalised character ``i`` (one extra entry for the end).

Rules, in the order they are applied:

1. Reject over-long input; clean the characters (``characters.clean``: NFKC plus a small table,
   ``−``/``–``/``—`` minus, ``× · ÷``, ``ˆ`` → ``^``, full-width forms); then reject ``\\``,
   ``#``, quotes, backticks and ``__`` (leftmost first). Offsets always point into the original.
2. Scan tokens (``lexer.scan``): numbers use Python's float syntax, so ``2e-1`` is 0.2; write
   ``2*e-1`` or ``2e - 1`` for 2e − 1. ``^`` becomes ``**``; a superscript run is one exponent
   (``x⁻¹``, ``x¹⁰``, ``x⁽ⁿ⁺¹⁾``; ``x²⁻¹`` is refused as ambiguous).
3. Resolve each name: Python keywords are refused; a declared variable wins; then a function,
   then a constant (``pi π e E``). Otherwise the name is split into known names, longest first
   (``xy`` → ``x*y``, ``2xsin(x)`` → ``2*x*sin(x)``, ``ex`` → ``e*x``, ``xlnx`` → x·ln(x)). A
   name that splits both with and without a function (``chx`` with c, h, x declared: cosh(x) or
   c·h·x?) is refused as ambiguous.
4. Bars ``|…|`` become ``abs(…)`` (``bars.resolve_bars``; ``||x|+y|`` nests; ambiguous bars are
   refused).
5. Functions. ``f(…)`` is a call (``max(0, x)``, ``min(…)``: two arguments or more).
   ``cos²(x)``, ``cos^2(x)``, ``cos² x`` mean ``cos(x)^2`` (a positive integer power only:
   ``sin⁻¹``, ``sin^-1`` are refused, arcsin or 1/sin?).
   Without parentheses a function takes a *simple argument*: an optional glued sign, then a
   number, name or parenthesised group, then more names or groups glued to it, each with its
   powers; or a single function application. So ``sin x`` = sin(x), ``sin 2x`` = sin(2x),
   ``sin x^2`` = ``sin x²`` = sin(x²), ``sin 2(x+1)`` = sin(2(x+1)), ``ln abs(x)`` = ln(|x|),
   ``ln |x|``, ``sin ln x`` = sin(ln(x)), ``x ln x`` = x·ln(x), ``sin x cos x`` = sin(x)·cos(x),
   ``sin x + 1`` = sin(x) + 1. The argument ends at a space, an operator or a function; when
   a value or ``/`` follows it, the reading is ambiguous and refused: ``sin x y``,
   ``sin 2 x``, ``sin x/2`` (sin(x)/2 or sin(x/2)?). ``√`` takes one factor only: ``√x``,
   ``√2``, ``√(x+1)``; ``√2x`` is refused (√(2x) or √2·x?).
6. Implicit multiplication: a ``*`` is inserted between a number, a name, ``)`` or a
   superscript and a following name, function or ``(`` (``2x``, ``3 cos(x)``, ``x(x+1)``,
   ``)(``), with the precedence of ``*``. A number after a name or a ``)`` is a product too
   (``x 5`` = 5x, ``(x+1)2``); after a number or a superscript it is refused as a missing
   operator (``2 3``, ``x²3``). ``1/2x`` and ``e^2x`` are refused as ambiguous (write
   ``1/(2x)``, ``e^(2x)``; with a space, ``1/2 x`` and ``e^2 x`` mean (1/2)·x and e²·x).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .bars import resolve_bars
from .characters import clean
from .errors import ParseError, make_error
from .lexer import Token, reject_forbidden, scan
from .whitelist import ASCII_NAMES, CONSTANTS, FUNCTIONS

_VALUE_END = frozenset({"num", "var", "const", "rpar"})
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
    cleaned, origins = clean(text)
    try:
        if len(cleaned) > 2 * max_length:
            raise make_error("too_long", len(cleaned), cleaned, limit=max_length)
        reject_forbidden(cleaned)
        raw = scan(cleaned, variables, allow_floats, max_depth)
        if not raw:
            raise make_error("empty", 0, cleaned)
        names = {(name if name.isascii() else f"_v{i}"): symbol
                 for i, (name, symbol) in enumerate(variables.items())}
        aliases = dict(zip(variables, names, strict=True))
        tokens = resolve_bars(_resolve(raw, cleaned, variables, aliases, names), cleaned)
        tokens = _implicit_products(_calls(tokens, cleaned), cleaned)
    except ParseError as err:
        at = origins[max(0, min(err.offset, len(origins) - 1))]
        raise ParseError(err.message_fr, err.message_en, at, text, err.code) from None
    return _emit(tokens, text, origins, names)


def _callable_at(raw: list[Token], k: int) -> bool:
    """Is raw token ``k`` followed by ``(``, ``²(`` or ``^2(``, as a called function is?"""
    nxt = raw[k + 1:k + 4]
    kinds = [t.kind for t in nxt]
    if kinds[:1] == ["lpar"] and not nxt[0].sup:
        return True
    if kinds[:1] == ["op"] and nxt[0].sup:  # cos²(x): skip the superscript group
        close = _group_end(raw, k + 2)
        return close + 1 < len(raw) and raw[close + 1].kind == "lpar"
    return kinds == ["op", "num", "lpar"] and nxt[0].text == "**" and not nxt[1].decimal


def _resolve(raw: list[Token], text: str, variables: Mapping[str, Any],
             aliases: Mapping[str, str], names: dict[str, Any]) -> list[Token]:
    """Turn every ``ident`` token into var/const/func tokens (splitting run-together names)."""
    out: list[Token] = []
    for k, tok in enumerate(raw):
        if tok.kind != "ident":
            out.append(tok)
            continue
        name, callable_ = tok.text, _callable_at(raw, k)
        pieces = _split(name, tuple(variables), callable_ or _argument_follows(raw, k), True)
        if pieces is None:
            raise _unknown(tok, text, variables, callable_)
        if any(p in FUNCTIONS or p == "√" for p in pieces) and len(pieces) > 1:
            plain = _split(name, tuple(variables), False, False)
            if plain is not None and plain != pieces:
                raise make_error("name_ambiguous", tok.start, text, name=name,
                                 one=" ".join(pieces), other="·".join(plain))
        pos = tok.start
        for piece in pieces:
            out.append(_named(piece, pos, aliases, names))
            pos += len(piece)
    return out


def _argument_follows(raw: list[Token], k: int) -> bool:
    """Could raw token ``k`` (a function name) take a simple argument (rule 5) or a power?"""
    nxt = raw[k + 1] if k + 1 < len(raw) else None
    if nxt is None:
        return False
    if nxt.kind in ("num", "ident", "lpar", "bar") or nxt.sup or nxt.text == "**":
        return True
    after = raw[k + 2] if k + 2 < len(raw) else None
    return nxt.text in ("+", "-") and after is not None and nxt.end == after.start


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
def _split(name: str, variables: tuple[str, ...], callable_: bool,
           functions_inside: bool) -> tuple[str, ...] | None:
    """Cut ``name`` into known names, longest first. A function may end the name when it is
    called (``callable_``) and, with ``functions_inside``, precede pieces (its argument)."""
    values = set(variables) | (set(CONSTANTS) - set(FUNCTIONS))
    functions = set(FUNCTIONS) | {"√"} if callable_ or functions_inside else set()
    longest = max(map(len, values | functions))
    best: dict[int, tuple[str, ...] | None] = {len(name): ()}
    for start in range(len(name) - 1, -1, -1):
        best[start] = None
        for stop in range(min(len(name), start + longest), start, -1):
            piece, rest = name[start:stop], best[stop]
            if rest is None:
                continue
            last = stop == len(name)
            if piece in values or (piece in functions and (
                    (last and callable_) or (not last and functions_inside))):
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


def _group_end(tokens: list[Token], k: int) -> int:
    """Index of the ``)`` matching the ``(`` at ``k``."""
    depth = 0
    for close in range(k, len(tokens)):
        depth += {"lpar": 1, "rpar": -1}.get(tokens[close].kind, 0)
        if depth == 0:
            return close
    return len(tokens) - 1  # pragma: no cover - the lexer balanced the parentheses


def _calls(tokens: list[Token], text: str) -> list[Token]:
    """Every function → ``f ( argument ) [power]``: calls keep their parentheses, a simple
    argument gets synthetic ones, ``cos²``/``cos^2`` move after the call (rule 5)."""
    out = list(tokens)
    for k in range(len(out) - 1, -1, -1):  # right to left: inner functions are done first
        if out[k].kind == "func":
            out = _call(out, k, text)
    return out


def _function_power(tokens: list[Token], k: int, text: str) -> int:
    """Index just after the power written on the function at ``k`` (``k + 1`` if none)."""
    func, p = tokens[k], k + 1
    if p >= len(tokens) or tokens[p].text != "**":
        return p
    if tokens[p].sup:
        end = _group_end(tokens, p + 1)
        inner = tokens[p + 2:end]
    else:
        end, inner = p + 1, tokens[p + 1:p + 2]
    if len(inner) == 1 and inner[0].kind == "num" and not inner[0].decimal and inner[0].value:
        return end + 1
    if inner and inner[0].text == "-" and func.text in ("sin", "cos", "tan"):
        last = end if tokens[p].sup else min(p + 2, len(tokens) - 1)
        raise make_error("function_inverse", tokens[p].start, text, name=func.text,
                         power=text[tokens[p].start:tokens[last].end])
    raise make_error("function_needs_parens", func.end, text, name=func.text)


def _call(tokens: list[Token], k: int, text: str) -> list[Token]:
    func = tokens[k]
    p = _function_power(tokens, k, text)
    power = tokens[k + 1:p]
    if p < len(tokens) and tokens[p].kind == "lpar" and not tokens[p].sup:
        close = _group_end(tokens, p)
        return [*tokens[:k + 1], *tokens[p:close + 1], *power, *tokens[close + 1:]]
    stop, atoms = _simple_argument(tokens, p, func, text)
    arg = tokens[p:stop]
    shown = text[arg[0].start:arg[-1].end]
    after = tokens[stop] if stop < len(tokens) else None
    name = text[func.start:func.end]
    if atoms > 1 and func.text == "sqrt":
        raise make_error("bare_ambiguous", arg[0].start, text, name=name, arg=shown,
                         reading=f"{name}({shown})")
    if after is not None and (after.kind in ("num", "var", "const", "lpar")
                              or after.text == "/"):
        rest = text[after.start:after.end]
        raise make_error("bare_ambiguous", after.start, text, name=name, arg=shown,
                         reading=f"{name}({shown})·{rest}…" if after.text != "/" else
                         f"{name}({shown})/…")
    return [*tokens[:k + 1], Token("lpar", "(", arg[0].start, arg[0].start), *arg,
            Token("rpar", ")", arg[-1].end, arg[-1].end), *power, *tokens[stop:]]


def _simple_argument(tokens: list[Token], p: int, func: Token, text: str) -> tuple[int, int]:
    """(end index, number of factors) of the simple argument starting at ``p`` (rule 5)."""
    q = p
    if q + 1 < len(tokens) and tokens[q].text in ("+", "-") and \
            tokens[q].end == tokens[q + 1].start:
        q += 1  # a glued sign: sin -x
    if q >= len(tokens) or tokens[q].kind not in ("num", "var", "const", "lpar", "func"):
        raise make_error("function_needs_parens", func.end, text, name=func.text)
    if tokens[q].kind == "func":  # sin ln x: the argument is one function application
        return _after_call(tokens, q), 1
    q, atoms = _factor(tokens, q), 1
    while q < len(tokens) and tokens[q].kind in ("var", "const", "lpar") and \
            tokens[q].start == tokens[q - 1].end and not tokens[q].sup:
        q, atoms = _factor(tokens, q), atoms + 1
    return q, atoms


def _after_call(tokens: list[Token], q: int) -> int:
    """Index after ``f ( … ) [power]`` at ``q`` (functions to the right are already done)."""
    q = _group_end(tokens, q + 1) + 1
    return _powers(tokens, q)


def _factor(tokens: list[Token], q: int) -> int:
    """Index after one atom (number, name, group) and its powers."""
    q = _group_end(tokens, q) + 1 if tokens[q].kind == "lpar" else q + 1
    return _powers(tokens, q)


def _powers(tokens: list[Token], q: int) -> int:
    while q < len(tokens) and tokens[q].text == "**":
        if tokens[q].sup:
            q = _group_end(tokens, q + 1) + 1
            continue
        q += 1
        if q < len(tokens) and tokens[q].text in ("+", "-"):
            q += 1
        if q >= len(tokens):
            return q
        if tokens[q].kind == "func":
            q = _after_call(tokens, q)
        elif tokens[q].kind in ("num", "var", "const", "lpar"):
            q = _factor(tokens, q)
    return q


def _implicit_products(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    for tok in tokens:
        prev = out[-1] if out else None
        if prev is not None and prev.kind in _VALUE_END:
            if tok.kind == "num" and (prev.kind == "num" or prev.sup):
                raise make_error("missing_operator", tok.start, text)
            if tok.kind in _VALUE_START or tok.kind == "num":
                if _ambiguous(out, tok):
                    raise make_error("ambiguous", tok.start, text)
                out.append(Token("op", "*", tok.start, tok.start))
        out.append(tok)
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


def _emit(tokens: list[Token], text: str, origins: tuple[int, ...],
          names: Mapping[str, Any]) -> Normalized:
    parts: list[str] = []
    offsets: list[int] = []
    numbers: dict[int, Token] = {}
    for tok in tokens:
        if parts:
            parts.append(" ")
            offsets.append(origins[tok.start])
        if tok.kind == "num":
            numbers[len(offsets)] = tok
        width = max(tok.end - tok.start, 1)
        offsets.extend(origins[min(tok.start + min(n, width - 1), len(origins) - 1)]
                       for n in range(len(tok.text)))
        parts.append(tok.text)
    offsets.append(len(text))
    return Normalized(text, "".join(parts), tuple(offsets), MappingProxyType(numbers),
                      MappingProxyType(dict(names)))
