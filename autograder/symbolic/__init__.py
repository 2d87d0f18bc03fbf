"""Untrusted math answers: whitelist parsing and bounded equivalence checking (STYLE.md §8).

* ``parse(text, variables)`` → sympy expression, or ``ParseError`` with a caret offset.
* ``equivalent(expected, answer, variables, timeout=3.0, mistakes=())`` → ``Verdict``; runs in a
  forked child that is killed after ``timeout`` seconds.
* ``preview(text, variables, lang="fr")`` → ``Reading`` (``unicode``, ``latex``, ``text``,
  ``message`` "lu comme : 3·cos(3x)" or the error with its caret); never raises on bad input.
  This package imports only sympy and the standard library (never the rest of ``autograder``),
  so it can be shipped to the students' kernel as is.
* ``Mistake`` and builders for the classic slips of differentiation.
* ``warm_up()``: optional, at grader start-up; otherwise the first ``equivalent`` call pays it.

Modules: ``whitelist`` (frozen tables), ``characters`` (Unicode → the characters the lexer
knows, offsets kept), ``lexer`` (text → tokens with offsets), ``bars`` (``|x|``), ``normalize``
(tokens → normalised text + offset map), ``parse`` (AST whitelist → sympy), ``preview``
(the reading), ``numeric`` (mpmath probing), ``branches`` (exponent lattices, branch
switches), ``bounded`` (fork + kill), ``equivalence``, ``mistakes``, ``errors``.
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
from .preview import Reading, preview

__all__ = [
    "Mistake",
    "ParseError",
    "Reading",
    "Verdict",
    "derivative_mistakes",
    "equivalent",
    "missing_chain_factor",
    "parse",
    "preview",
    "product_of_derivatives",
    "product_rule_one_term",
    "quotient_missing_square",
    "quotient_rule_sign",
    "sign_error",
    "warm_up",
]
