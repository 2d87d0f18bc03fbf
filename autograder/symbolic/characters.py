"""Layer 0: the characters keyboards and copy-paste produce → the few the lexer knows, offsets kept.

``clean(text)`` → ``(cleaned, origins)``: ``origins[i]`` is the index in ``text`` of cleaned
character ``i`` (one extra entry for the end), so every error points at what the student typed.

Character by character, in this order:

1. Superscripts (every character whose Unicode decomposition is ``<super>``: ``⁰…⁹ ⁺ ⁻ ⁽ ⁾ ⁿ ˣ
   ᵉ``…) are kept as they are: the lexer reads a run of them as one exponent.
2. The table ``SPELLINGS``: ``− – — ‐ ‒ ﹣`` are minus, ``× · ⋅ ∙ ∗`` times, ``÷ ∕ ⁄`` divided
   by, ``ˆ`` (modifier circumflex) is ``^``, zero-width characters disappear.
3. Otherwise NFKC (full-width ``２＋（`` → ``2+(``, no-break spaces → spaces, ``ℯ`` → ``e``), then
   the table again; a vulgar fraction becomes a parenthesised quotient (``½`` → ``(1/2)``).

``√``, ``π`` and ``σ`` are left alone (the lexer and the tables know them).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from types import MappingProxyType

SPELLINGS: MappingProxyType[str, str] = MappingProxyType({
    **dict.fromkeys("\u2212\u2013\u2014\u2010\u2011\u2012\ufe63\uff0d", "-"),
    **dict.fromkeys("\u00d7\u00b7\u22c5\u2219\u2217\u2022", "*"),
    **dict.fromkeys("\u00f7\u2215\u2044", "/"),
    "\u02c6": "^", "\u2038": "^",
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
})


@lru_cache(maxsize=4096)
def superscript(ch: str) -> str | None:
    """The plain character a superscript stands for (``²`` → ``2``, ``⁻`` → ``-``), or None."""
    if not unicodedata.decomposition(ch).startswith("<super>"):
        return None
    plain = unicodedata.normalize("NFKC", ch)
    return SPELLINGS.get(plain, plain)


@lru_cache(maxsize=4096)
def _spell(ch: str) -> str:
    if superscript(ch) is not None or ch in "√πσ":
        return ch
    if ch in SPELLINGS:
        return SPELLINGS[ch]
    plain = unicodedata.normalize("NFKC", ch)
    if "\u2044" in plain:  # ½ → 1⁄2 → (1/2): a fraction glued to x must stay one number
        return "(" + plain.replace("\u2044", "/") + ")"
    return "".join(SPELLINGS.get(c, c) for c in plain)


def clean(text: str) -> tuple[str, tuple[int, ...]]:
    """Student text in, (cleaned text, origin of each cleaned character + end) out."""
    if text.isascii():
        return text, tuple(range(len(text) + 1))
    parts: list[str] = []
    origins: list[int] = []
    for i, ch in enumerate(text):
        plain = ch if ch.isascii() else _spell(ch)
        parts.append(plain)
        origins.extend([i] * len(plain))
    origins.append(len(text))
    return "".join(parts), tuple(origins)


__all__ = ["SPELLINGS", "clean", "superscript"]
