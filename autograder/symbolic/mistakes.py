"""Declared common mistakes, and builders for the classic slips of differentiation (ch. 1).

A ``Mistake`` matches a wrong answer when the answer is equivalent to ``wrong`` (or to one of
them, when ``wrong`` is a tuple) or when ``predicate(answer)`` is true. ``equivalent`` checks
the mistakes in order, only for answers that are not equivalent to the expected one.

Builders, for f the function to differentiate and x the variable (f' = expected answer):

* ``sign_error(expected)``: −f'.
* ``missing_chain_factor(f, x)``: (F∘g)' written F'(g(x)), without the factor g'(x).
* ``product_rule_one_term(f, x)``: (uv)' written u'v or uv' (one of the two terms).
* ``product_of_derivatives(f, x)``: (uv)' written u'v'.
* ``quotient_rule_sign(f, x)``: (u/v)' written (u'v + uv')/v².
* ``quotient_missing_square(f, x)``: (u/v)' written (u'v − uv')/v.
* ``derivative_mistakes(f, x)``: all of the above that apply to f, in that order, sign last.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy  # type: ignore[import-untyped, unused-ignore]


@dataclass(frozen=True)
class Mistake:
    """A named wrong answer, with the feedback a student gets when theirs matches it."""

    name: str  # short identifier reported in ``Verdict.mistake``
    messages: Mapping[str, str] = field(hash=False)  # {"fr": ..., "en": ...}
    wrong: Any = None  # sympy.Expr, a tuple of them, or None
    predicate: Callable[[Any], bool] | None = None  # trusted test on the parsed answer

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a mistake needs a name")
        if not all(isinstance(self.messages.get(lang), str) for lang in ("fr", "en")):
            raise ValueError(f"mistake {self.name!r} needs 'fr' and 'en' messages")
        if self.wrong is None and self.predicate is None:
            raise ValueError(f"mistake {self.name!r} needs `wrong` or `predicate`")
        if not all(isinstance(w, sympy.Basic) for w in self.wrongs):
            raise TypeError(f"mistake {self.name!r}: `wrong` must be sympy expressions")

    @property
    def wrongs(self) -> tuple[Any, ...]:
        """``wrong`` as a tuple (empty when there is only a predicate)."""
        if self.wrong is None:
            return ()
        return tuple(self.wrong) if isinstance(self.wrong, tuple | list) else (self.wrong,)


def _mistake(name: str, fr: str, en: str, wrong: Any) -> Mistake:
    return Mistake(name, {"fr": fr, "en": en}, wrong=wrong)


def sign_error(expected: Any) -> Mistake:
    """The opposite of the right answer: −f'."""
    if not isinstance(expected, sympy.Basic):
        raise TypeError("sign_error needs a sympy expression")
    return _mistake("sign_error",
                    "Erreur de signe : votre réponse est l'opposée de la bonne réponse.",
                    "Sign error: your answer is the opposite of the right one.",
                    -expected)


def missing_chain_factor(f: Any, x: Any) -> Mistake:
    """(F∘g)' = g'·F'∘g written F'(g(x)): the inner derivative g' is forgotten.

    f = c·F(g(x)) (a one-argument function of g) or c·g(x)^n with n constant; else ValueError.
    """
    coeff, core = f.as_independent(x, as_Add=False)
    t = sympy.Dummy("t")
    if isinstance(core, sympy.Function) and len(core.args) == 1 and core.args[0] != x:
        inner = core.args[0]
        wrong = sympy.diff(core.func(t), t).subs(t, inner)
    elif core.is_Pow and not core.exp.has(x) and core.base != x and core.base.has(x):
        wrong = core.exp * core.base ** (core.exp - 1)
    else:
        raise ValueError(f"{f} is not a composite F(g(x)) of x")
    return _mistake("missing_chain_factor",
                    "Dérivée d'une composée : il manque le facteur g'(x), dérivée de la "
                    "fonction intérieure ; (f∘g)' = g'·(f'∘g).",
                    "Derivative of a composite: the factor g'(x), derivative of the inner "
                    "function, is missing; (f∘g)' = g'·(f'∘g).", coeff * wrong)


def _product(f: Any, x: Any) -> tuple[Any, Any]:
    """f = u·v with u and v both depending on x (constants go into u); else ValueError."""
    coeff, core = f.as_independent(x, as_Add=False)
    factors = core.args if core.is_Mul else (core,)
    if len(factors) < 2:
        raise ValueError(f"{f} is not a product of two factors depending on {x}")
    return coeff * factors[0], sympy.Mul(*factors[1:])


def _quotient(f: Any, x: Any) -> tuple[Any, Any]:
    """f = u/v with v depending on x; else ValueError."""
    u, v = sympy.fraction(sympy.together(f))
    if not v.has(x):
        raise ValueError(f"{f} is not a quotient with a denominator depending on {x}")
    return u, v


def product_rule_one_term(f: Any, x: Any) -> Mistake:
    """(uv)' = u'v + uv' written with one term only: u'v or uv'."""
    u, v = _product(f, x)
    du, dv = sympy.diff(u, x), sympy.diff(v, x)
    return _mistake("product_rule_one_term",
                    "Dérivée d'un produit : (uv)' = u'v + uv' ; il manque un des deux termes.",
                    "Derivative of a product: (uv)' = u'v + uv'; one of the two terms is "
                    "missing.", (du * v, u * dv))


def product_of_derivatives(f: Any, x: Any) -> Mistake:
    """(uv)' written u'v' (the derivative of a product is not the product of derivatives)."""
    u, v = _product(f, x)
    return _mistake("product_of_derivatives",
                    "(uv)' n'est pas u'v' : utilisez (uv)' = u'v + uv'.",
                    "(uv)' is not u'v': use (uv)' = u'v + uv'.",
                    sympy.diff(u, x) * sympy.diff(v, x))


def quotient_rule_sign(f: Any, x: Any) -> Mistake:
    """(u/v)' = (u'v − uv')/v² written with a plus sign."""
    u, v = _quotient(f, x)
    wrong = (sympy.diff(u, x) * v + u * sympy.diff(v, x)) / v**2
    return _mistake("quotient_rule_sign",
                    "Dérivée d'un quotient : (u/v)' = (u'v − uv')/v², avec un signe moins.",
                    "Derivative of a quotient: (u/v)' = (u'v − uv')/v², with a minus sign.",
                    wrong)


def quotient_missing_square(f: Any, x: Any) -> Mistake:
    """(u/v)' = (u'v − uv')/v² written over v instead of v²."""
    u, v = _quotient(f, x)
    wrong = (sympy.diff(u, x) * v - u * sympy.diff(v, x)) / v
    return _mistake("quotient_missing_square",
                    "Dérivée d'un quotient : le dénominateur est v², pas v.",
                    "Derivative of a quotient: the denominator is v², not v.", wrong)


def derivative_mistakes(f: Any, x: Any) -> tuple[Mistake, ...]:
    """Every builder above that applies to f (those raising ValueError are skipped); a
    quotient gets the quotient-rule mistakes instead of the product-rule ones."""
    found: list[Mistake] = []
    try:
        _quotient(f, x)
        builders = (missing_chain_factor, quotient_rule_sign, quotient_missing_square)
    except ValueError:
        builders = (missing_chain_factor, product_rule_one_term, product_of_derivatives)
    for builder in builders:
        try:
            found.append(builder(f, x))
        except ValueError:
            continue
    found.append(sign_error(sympy.diff(f, x)))
    return tuple(found)
