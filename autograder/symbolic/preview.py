"""How was the answer read? ``preview(text, variables)`` → ``Reading`` (Unicode, LaTeX, sympy text).

The validation step of PrairieLearn and STACK: the student sees the reading *before* submitting,
and the feedback repeats it ("lu comme : …")::

    >>> print(preview("3cos(3x)", ["x"]))
    lu comme : 3·cos(3x)
    >>> preview("sin x^2 + |x|", ["x"], lang="en").unicode
    'sin(x²) + |x|'
    >>> print(preview("x²⁻¹", ["x"]))      # refused: the message shows the reading
    Exposant ambigu « ²⁻¹ » : il serait lu x^(2-1). …

Only sympy and the standard library are needed (this package imports nothing else of the
grader), so the students' kernel can run it. ``unicode`` is one line: ``·`` between factors
except number·name (``3x``), superscript integer powers (``x²``, ``(x + 1)³``), ``√``, ``|x|``,
``e^x``, ``ln``, ``arcsin``, ``π``, ``−``. It shows the expression as sympy built it (products
ordered, constants folded: ``2·x·3`` reads ``6x``), which is what is compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy  # type: ignore[import-untyped, unused-ignore]
from sympy.printing.precedence import PRECEDENCE  # type: ignore[import-untyped, unused-ignore]
from sympy.printing.str import StrPrinter  # type: ignore[import-untyped, unused-ignore]

from .errors import Lang, ParseError
from .parse import Variables, parse

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_NAMES = {"log": "ln", "asin": "arcsin", "acos": "arccos", "atan": "arctan", "Max": "max",
          "Min": "min"}
_GLUE = re.compile(r"(?<![\w.])(\d+)·(?=[^\W\d_][\w]*(?![\w(]))")
_LABEL = {"fr": "lu comme : ", "en": "read as: "}


class _Printer(StrPrinter):  # type: ignore[misc]
    """One-line Unicode reading of a sympy expression."""

    def _print_Mul(self, expr: Any) -> str:
        return _GLUE.sub(r"\1", str(super()._print_Mul(expr)).replace("*", "·"))

    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        base, exp = expr.as_base_exp()
        if exp is sympy.S.Half:
            return "√" + self._wrap(base, PRECEDENCE["Atom"] - 1)
        if exp is sympy.S.NegativeOne:
            return "1/" + self._wrap(base, PRECEDENCE["Mul"])
        if exp == -sympy.S.Half:
            return "1/√" + self._wrap(base, PRECEDENCE["Atom"] - 1)
        if exp.is_Integer and 1 < abs(exp) < 10**6:
            return self._wrap(base, PRECEDENCE["Pow"]) + str(exp).translate(_SUPERSCRIPT)
        return self._wrap(base, PRECEDENCE["Pow"]) + "^" + self._wrap(exp,
                                                                       PRECEDENCE["Atom"] - 1)

    def _wrap(self, expr: Any, level: int) -> str:
        text = str(self._print(expr))
        atomic = expr.is_Symbol or (expr.is_Integer and expr >= 0) or expr in (sympy.pi,
                                                                               sympy.E)
        if isinstance(expr, sympy.Function) and level < PRECEDENCE["Pow"]:
            atomic = True
        return text if atomic or self._prec(expr) > level else f"({text})"

    @staticmethod
    def _prec(expr: Any) -> int:
        from sympy.printing.precedence import precedence

        return int(precedence(expr))

    def _print_Max(self, expr: Any) -> str:
        return self._print_Function(expr)

    def _print_Min(self, expr: Any) -> str:
        return self._print_Function(expr)

    def _print_Abs(self, expr: Any) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_exp(self, expr: Any) -> str:
        return "e^" + self._wrap(expr.args[0], PRECEDENCE["Atom"] - 1)

    def _print_Exp1(self, expr: Any) -> str:
        return "e"

    def _print_Pi(self, expr: Any) -> str:
        return "π"

    def _print_Function(self, expr: Any) -> str:
        name = _NAMES.get(expr.func.__name__, expr.func.__name__)
        return f"{name}({', '.join(str(self._print(a)) for a in expr.args)})"


def reading(expr: Any) -> tuple[str, str]:
    """(Unicode, LaTeX) of a parsed expression."""
    text = str(_Printer({"order": None}).doprint(expr)).replace("-", "−")
    return text, str(sympy.latex(expr, ln_notation=True))


@dataclass(frozen=True)
class Reading:
    """How an answer was read, or why it could not be."""

    ok: bool
    unicode: str  # "3·cos(3x)" ("" when refused)
    latex: str  # "3 \\cos{\\left(3 x \\right)}"
    text: str  # sympy's own text, which parses back: "3*cos(3*x)"
    message: str  # what to show: "lu comme : 3·cos(3x)", or the error with its caret
    messages: dict[str, str] = field(hash=False)  # {"fr": ..., "en": ...}
    offset: int | None = None  # refused: offset of the problem in the text

    def __str__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:  # notebooks: the reading typeset
        if not self.ok:
            return "```\n" + self.message + "\n```"
        label = self.message[: -len(self.unicode)] if self.message.endswith(self.unicode) else ""
        return f"{label}${self.latex}$"


def preview(text: Any, variables: Variables, *, lang: Lang = "fr", allow_floats: bool = True,
            max_length: int = 300, max_depth: int = 40, timeout: float | None = None) -> Reading:
    """Student text (or sympy expression) in, ``Reading`` out; never raises on bad input.

    ``timeout``: as for ``parse`` (a forked child); leave None in a notebook.
    """
    try:
        expr = parse(text, variables, allow_floats=allow_floats, max_length=max_length,
                     max_depth=max_depth, timeout=timeout)
    except ParseError as err:
        texts = {"fr": err.format("fr"), "en": err.format("en")}
        return Reading(False, "", "", "", texts[lang], texts, err.offset)
    shown, latex = reading(expr)
    texts = {lang_: _LABEL[lang_] + shown for lang_ in ("fr", "en")}
    return Reading(True, shown, latex, sympy.sstr(expr), texts[lang], texts)


__all__ = ["Reading", "preview", "reading"]
