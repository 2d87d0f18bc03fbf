"""Absolute-value bars: ``|x|``, ``|x + 2|``, ``2|x|``, ``||x| + y|`` → ``abs( … )`` tokens.

A bar can open or close. It may close only right after a value (a number, a name, ``)`` or a
closing bar), and open only before a value (or ``+``/``-``, or an opening bar); bars pair up
inside each pair of parentheses. Every way of choosing open/close under these rules is counted
(dynamic programming over the bars of each parenthesis level): exactly one → it is used; none
→ ``bars_unmatched``; several (``|x|y|z|``: |x|·y·|z| or |x·|y|·z|?) → ``bars_ambiguous``,
the message showing the first reading (bars closed as early as possible) and asking for
``abs``. More than ``MAX_BARS`` bars → ``bars_too_many`` (the pairing is quadratic).
"""

from __future__ import annotations

from .errors import make_error
from .lexer import Token

_ENDS = frozenset({"num", "var", "const", "rpar"})
_STARTS = frozenset({"num", "var", "const", "func", "lpar"})
_OPEN, _CLOSE = "O", "C"
MAX_BARS = 40  # per text: the pairing is quadratic in the number of bars


def resolve_bars(tokens: list[Token], text: str) -> list[Token]:
    """Tokens with ``bar`` kinds in, tokens with ``abs ( … )`` in their place out."""
    bars = [t for t in tokens if t.kind == "bar"]
    if not bars:
        return tokens
    if len(bars) > MAX_BARS:
        raise make_error("bars_too_many", bars[MAX_BARS].start, text, limit=MAX_BARS)
    roles: dict[int, str] = {}
    ambiguous = False
    for group in _levels(tokens):
        chosen, count = _assign(tokens, group)
        if count == 0:
            raise make_error("bars_unmatched", tokens[group[-1]].start, text)
        ambiguous = ambiguous or count > 1
        roles.update(zip(group, chosen, strict=True))
    if ambiguous:
        reading = "".join("abs(" if roles.get(k) == _OPEN else ")" if k in roles else
                          text[t.start:t.end] for k, t in enumerate(tokens))
        first = min(roles)
        raise make_error("bars_ambiguous", tokens[first].start, text, reading=reading)
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if roles.get(k) == _OPEN:
            out += [Token("func", "abs", tok.start, tok.end),
                    Token("lpar", "(", tok.end, tok.end)]
        elif roles.get(k) == _CLOSE:
            out.append(Token("rpar", ")", tok.start, tok.end))
        else:
            out.append(tok)
    return out


def _levels(tokens: list[Token]) -> list[list[int]]:
    """Indices of the bars directly inside each parenthesis level (top level included)."""
    stack: list[list[int]] = [[]]
    groups: list[list[int]] = []
    for k, tok in enumerate(tokens):
        if tok.kind == "lpar":
            stack.append([])
        elif tok.kind == "rpar" and len(stack) > 1:
            groups.append(stack.pop())
        elif tok.kind == "bar":
            stack[-1].append(k)
    groups.extend(stack)
    return [g for g in groups if g]


def _can_open(tokens: list[Token], k: int) -> bool:
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is None:
        return False
    return nxt.kind in _STARTS or nxt.kind == "bar" or (nxt.kind == "op" and nxt.text in "+-")


def _can_close(tokens: list[Token], k: int, previous_role: str | None) -> bool:
    if k == 0:
        return False
    prev = tokens[k - 1]
    if prev.kind == "bar":
        return previous_role == _CLOSE
    return prev.kind in _ENDS


def _assign(tokens: list[Token], group: list[int]) -> tuple[list[str], int]:
    """(roles of the bars, number of valid assignments capped at 2); earliest closing first."""
    m = len(group)
    # ways[i][(depth, role of bar i-1)] = completions from bar i (capped at 2)
    ways: list[dict[tuple[int, str | None], int]] = [{} for _ in range(m + 1)]

    def count(i: int, depth: int, previous: str | None) -> int:
        if i == m:
            return 1 if depth == 0 else 0
        if depth > m - i:
            return 0
        return ways[i].get((depth, previous), 0)

    for i in range(m - 1, -1, -1):
        for depth in range(0, m - i + 1):
            for previous in (None, _OPEN, _CLOSE):
                adjacent = previous if i > 0 and group[i - 1] == group[i] - 1 else None
                total = 0
                if _can_open(tokens, group[i]):
                    total += count(i + 1, depth + 1, _OPEN)
                if depth > 0 and _can_close(tokens, group[i], adjacent):
                    total += count(i + 1, depth - 1, _CLOSE)
                ways[i][(depth, previous)] = min(total, 2)
    total = count(0, 0, None)
    roles: list[str] = []
    depth, previous = 0, None
    for i in range(m):
        adjacent = previous if i > 0 and group[i - 1] == group[i] - 1 else None
        if depth > 0 and _can_close(tokens, group[i], adjacent) and count(i + 1, depth - 1,
                                                                          _CLOSE):
            role, depth = _CLOSE, depth - 1
        elif _can_open(tokens, group[i]) and count(i + 1, depth + 1, _OPEN):
            role, depth = _OPEN, depth + 1
        else:
            return roles, 0
        roles.append(role)
        previous = role
    return roles, total
