"""Untrusted math answers: whitelist parsing and bounded equivalence checking (STYLE.md §8).

* ``parse(text, variables)`` → sympy expression, or ``ParseError`` with a caret offset.
* ``equivalent(expected, answer, variables, timeout=3.0, mistakes=())`` → ``Verdict``; runs in a
  forked child that is killed after ``timeout`` seconds.
* ``Mistake`` and builders for the classic slips of differentiation.
* ``warm_up()``: optional, at grader start-up; otherwise the first ``equivalent`` call pays it.

Modules: ``whitelist`` (frozen tables), ``lexer`` (text → tokens with offsets), ``normalize``
(tokens → normalised text + offset map), ``parse`` (AST whitelist → sympy), ``numeric``
(mpmath probing), ``bounded`` (fork + kill), ``equivalence``, ``mistakes``, ``errors``.
"""

from .equivalence import Verdict, equivalent, warm_up
from .errors import ParseError
from .mistakes import (
    Mistake,
    derivative_mistakes,
    missing_chain_factor,
    product_of_derivatives,
    product_rule_one_term,
    quotient_missing_square,
    quotient_rule_sign,
    sign_error,
)
from .parse import parse

__all__ = [
    "Mistake",
    "ParseError",
    "Verdict",
    "derivative_mistakes",
    "equivalent",
    "missing_chain_factor",
    "parse",
    "product_of_derivatives",
    "product_rule_one_term",
    "quotient_missing_square",
    "quotient_rule_sign",
    "sign_error",
    "warm_up",
]
