"""Answers that are tuples of formulas, e.g. a gradient (∂f/∂x, ∂f/∂y) (chapter 3).

Each component goes through the same whitelist parser and bounded equivalence check as a
:class:`~autograder.items.SymbolicItem`. A declared mistake gives a whole wrong tuple
(``wrong(params)``); it matches when every component is equivalent to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy

from .answers import Record, SymbolicText
from .compare import describe
from .items import Item, Params
from .model import Msg, Outcome


def _text(value: Any) -> str | None:
    if isinstance(value, SymbolicText):
        return value.text
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return None


@dataclass(frozen=True)
class SymbolicTupleItem(Item):
    """Answer: a tuple (or list) of formulas in ``variables``, compared component by component."""

    expected: Callable[[Params], tuple[sympy.Expr, ...]] = field(default=lambda p: ())
    variables: tuple[str, ...] = ("x", "y")
    names: tuple[str, ...] = ()
    """How each component is called in feedback (e.g. "∂f/∂x")."""
    timeout: float = 4.0

    def _same(self, want: sympy.Expr, text: str) -> tuple[bool, Msg]:
        from . import symbolic

        verdict = symbolic.equivalent(want, text, list(self.variables), timeout=self.timeout)
        return verdict.equivalent, Msg(verdict.messages.get("fr", verdict.message),
                                       verdict.messages.get("en", verdict.message))

    def check(self, record: Record, params: Params) -> Outcome:
        value = record.value
        want = self.expected(params)
        if not isinstance(value, (tuple, list)):
            return Outcome(False, Msg(f"Un tuple de {len(want)} expressions est attendu, pas "
                                      f"{describe(value)}.",
                                      f"A tuple of {len(want)} expressions is expected, not "
                                      f"{describe(value)}."))
        if len(value) != len(want):
            return Outcome(False, Msg(f"{len(value)} composante(s) au lieu de {len(want)}.",
                                      f"{len(value)} component(s) instead of {len(want)}."))
        texts = [_text(v) for v in value]
        for k, text in enumerate(texts):
            if text is None:
                return Outcome(False, Msg(
                    f"Composante {k} : une expression (chaîne ou sympy) est attendue, pas "
                    f"{describe(value[k])}.",
                    f"Component {k}: an expression (string or sympy) is expected, not "
                    f"{describe(value[k])}."))
        first_problem: tuple[int, Msg] | None = None
        for k, (w, text) in enumerate(zip(want, texts, strict=True)):
            ok, message = self._same(w, str(text))
            if not ok:
                first_problem = (k, message)
                break
        if first_problem is None:
            return Outcome(True, self.success)
        for mistake in self.mistakes:
            if mistake.wrong is not None:
                alt = mistake.wrong(params)
                if len(alt) == len(texts) and all(
                        self._same(a, str(t))[0] for a, t in zip(alt, texts, strict=True)):
                    return Outcome(False, mistake.message, mistake=mistake.name)
        k, message = first_problem
        name = self.names[k] if k < len(self.names) else f"composante {k}"
        return Outcome(False, Msg(f"{name} : {message.fr}", f"{name}: {message.en}"))
