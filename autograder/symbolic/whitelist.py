"""Frozen whitelists: the only names, AST nodes and sympy classes an untrusted formula may use.

Every table is a ``MappingProxyType`` or a ``frozenset``, so nothing can add an entry at run
time. Names in ``FUNCTIONS`` are called as ``name(arg)`` with exactly one argument (``max`` and
``min``: two or more, ``max(0, x)``); names in
``CONSTANTS`` stand alone. A declared variable shadows a constant (``e`` becomes a variable
when the question declares ``e``), never a function.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import sympy  # type: ignore[import-untyped, unused-ignore]

Builder = Callable[[Any], Any]  # sympy.Expr → sympy.Expr


def _sigma(arg: Any) -> Any:
    """Sigmoid of the book: σ(x) = 1/(1 + e^{−x})."""
    return 1 / (1 + sympy.exp(-arg))


# name typed by the student → how to build it. French notations: ln, th, sh, ch.
FUNCTIONS: MappingProxyType[str, Builder] = MappingProxyType({
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt,
    "tanh": sympy.tanh, "th": sympy.tanh, "sinh": sympy.sinh, "sh": sympy.sinh,
    "cosh": sympy.cosh, "ch": sympy.cosh,
    "arcsin": sympy.asin, "asin": sympy.asin, "arccos": sympy.acos, "acos": sympy.acos,
    "arctan": sympy.atan, "atan": sympy.atan,
    "abs": sympy.Abs, "Abs": sympy.Abs, "sign": sympy.sign, "sgn": sympy.sign,
    "sigma": _sigma, "σ": _sigma,
    "max": sympy.Max, "min": sympy.Min,  # two arguments or more: max(0, x) is ReLU
})
SEVERAL_ARGUMENTS: frozenset[str] = frozenset({"max", "min"})

# Unicode spellings → the ASCII name written into the normalised text.
ASCII_NAMES: MappingProxyType[str, str] = MappingProxyType({"σ": "sigma", "π": "pi", "√": "sqrt"})

# ``E`` is how sympy prints Euler's number (sympy.sstr), so student sympy output parses back.
CONSTANTS: MappingProxyType[str, Any] = MappingProxyType({
    "pi": sympy.pi, "π": sympy.pi, "e": sympy.E, "E": sympy.E,
})

# Python AST node types allowed after ``ast.parse(normalised, mode="eval")``.
AST_NODES: frozenset[type[ast.AST]] = frozenset({
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Constant, ast.Load,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd,
})
CONSTANT_TYPES: frozenset[type] = frozenset({int, float})

# Exact sympy classes accepted when the answer is already a sympy expression (no subclasses).
SYMPY_FUNCTIONS: frozenset[type] = frozenset({
    sympy.sin, sympy.cos, sympy.tan, sympy.exp, sympy.log, sympy.tanh, sympy.sinh,
    sympy.cosh, sympy.asin, sympy.acos, sympy.atan, sympy.Abs, sympy.sign, sympy.Max,
    sympy.Min,
})
SYMPY_OPERATORS: frozenset[type] = frozenset({sympy.Add, sympy.Mul, sympy.Pow})
SYMPY_EXACT_NUMBERS: frozenset[type] = frozenset({
    type(sympy.Integer(2)), type(sympy.Integer(0)), type(sympy.Integer(1)),
    type(sympy.Integer(-1)), type(sympy.Rational(1, 2)), type(sympy.Rational(2, 3)),
    type(sympy.pi), type(sympy.E),
})
SYMPY_FLOAT: type = sympy.Float

# Resource bounds (``parse.check_power``). Exponents p/q: q ≤ MAX_EXPONENT; (bits of the
# number sympy would raise) × |p/q| ≤ MAX_POWER_BITS, so ``2^999999`` or ``10**10**10`` is
# refused before sympy computes it; a power of an expression with variables stays unexpanded,
# so only |p| ≤ MAX_SYMBOLIC_EXPONENT. Scientific notation: |exponent| ≤ MAX_SCI_EXPONENT.
MAX_EXPONENT = 1000
MAX_SYMBOLIC_EXPONENT = 100_000  # integer power of an expression with variables
MAX_POWER_BITS = 10_000
MAX_SCI_EXPONENT = 300
AST_DEPTH_PER_LEVEL = 4  # AST depth allowed = AST_DEPTH_PER_LEVEL × max_depth
