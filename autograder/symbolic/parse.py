"""Untrusted formula in, sympy expression out, through a whitelist: nothing is ever ``eval``-ed.

Layers (lesson 8 of STYLE.md): ``normalize`` (offset map, implicit products) → ``ast.parse`` of
the normalised text (compiled to an AST only) → node-type whitelist and depth bound → our own
walk that builds sympy objects node by node (numbers come from the exact token values, names
from frozen tables). A sympy expression given instead of text is rebuilt the same way from a
whitelist of exact sympy classes, so subclasses and unknown objects never get through.
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any

import sympy  # type: ignore[import-untyped, unused-ignore]

from .bounded import Emit, run_bounded
from .characters import clean
from .errors import ParseError, make_error
from .lexer import scan
from .normalize import Normalized, normalize
from .whitelist import (
    AST_DEPTH_PER_LEVEL,
    AST_NODES,
    CONSTANT_TYPES,
    FUNCTIONS,
    MAX_EXPONENT,
    MAX_POWER_BITS,
    MAX_SYMBOLIC_EXPONENT,
    SEVERAL_ARGUMENTS,
    SYMPY_EXACT_NUMBERS,
    SYMPY_FLOAT,
    SYMPY_FUNCTIONS,
    SYMPY_OPERATORS,
)

_NAME = re.compile(r"[^\W\d_][^\W_]*(?:_[^\W_]+)*")
_UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)
_SYMPY_FAILURES = (ArithmeticError, AttributeError, TypeError, ValueError, NotImplementedError,
                   RecursionError)
Variables = str | Any | Iterable[str | Any]  # names or sympy Symbols


def declare(variables: Variables) -> dict[str, Any]:
    """Variable names (or Symbols) in, ``{name: Symbol}`` out; a name gets ``real=True``.

    A single string is one name. Names are identifiers without ``__``, not Python keywords and
    not function names (``sin``); they may shadow the constants ``e``, ``E``, ``pi``.
    """
    if isinstance(variables, str | sympy.Symbol):
        variables = (variables,)
    symbols: dict[str, Any] = {}
    for item in variables:
        if isinstance(item, sympy.Symbol):
            name, symbol = item.name, item
        elif isinstance(item, str):
            name, symbol = item, sympy.Symbol(item, real=True)
        else:
            raise TypeError(f"a variable is a name or a sympy Symbol, not {type(item)!r}")
        if not _NAME.fullmatch(name) or "__" in name or keyword.iskeyword(name):
            raise ValueError(f"invalid variable name {name!r}")
        if name in FUNCTIONS:
            raise ValueError(f"variable name {name!r} is a function name")
        symbols[name] = symbol
    return symbols


def parse(text: str | Any, variables: Variables, *, allow_floats: bool = True,
          max_length: int = 300, max_depth: int = 40, timeout: float | None = None) -> Any:
    """Student formula (string or sympy expression) in, validated ``sympy.Expr`` out.

    Raises ``ParseError`` (message_fr, message_en, offset in the original text) on anything
    outside the whitelist. ``e`` is Euler's number unless ``e`` is a declared variable; decimals
    become exact rationals (``0.1`` → 1/10) and are refused when ``allow_floats`` is False.

    Sizes, depths and exponents are bounded, but sympy's automatic evaluation of some constant
    subexpressions is slow (``sqrt(acos(e)^2/e)`` takes about a minute). With ``timeout``, the
    text is first parsed in a forked child killed after ``timeout`` seconds (ParseError
    "too_slow"); ``equivalent`` needs no such vetting, since it parses inside its own child.
    """
    symbols = declare(variables)
    if isinstance(text, str):
        text = str.__str__(text)  # an exact str: a subclass's methods never run
    if timeout is not None:
        _vet(text, symbols, allow_floats, max_length, max_depth, timeout)
    return _parse(text, symbols, allow_floats, max_length, max_depth)


def _vet(text: Any, symbols: dict[str, Any], allow_floats: bool, max_length: int,
         max_depth: int, timeout: float) -> None:
    """Parse in a bounded child first: its ParseError is re-raised, its time-out is one."""
    def job(emit: Emit) -> None:
        try:
            _parse(text, symbols, allow_floats, max_length, max_depth)
        except ParseError as err:
            emit({"error": [err.message_fr, err.message_en, err.offset, err.text, err.code]})
            return
        emit({"ok": True})

    messages, status = run_bounded(job, timeout)
    last = messages[-1] if messages else {}
    if "error" in last:
        fr, en, offset, source, code = (str(item) for item in last["error"])
        raise ParseError(fr, en, int(offset), source, code)
    if status != "done":
        raise make_error("too_slow", 0, text if isinstance(text, str) else "")


def _parse(text: Any, symbols: dict[str, Any], allow_floats: bool, max_length: int,
           max_depth: int) -> Any:
    if isinstance(text, str):
        norm = normalize(text, symbols, allow_floats=allow_floats, max_length=max_length,
                         max_depth=max_depth)
        tree = _to_ast(norm)
        _check_tree(tree, norm, AST_DEPTH_PER_LEVEL * max_depth)
        return _Builder(norm).build(tree.body)
    if isinstance(text, sympy.Basic):
        return _Rebuilder(symbols, allow_floats, AST_DEPTH_PER_LEVEL * max_depth).build(text, 0)
    if type(text) is int:
        if abs(text).bit_length() > MAX_POWER_BITS:
            raise make_error("bad_number", 0, "")
        return sympy.Integer(text)
    if type(text) is float and allow_floats and text - text == 0:  # finite float
        return sympy.Rational(repr(text))  # the decimal it prints as, exactly (policy: README)
    raise make_error("unsupported", 0, "", what=_type_name(text))


def decimals(answer: Any) -> list[tuple[str, Fraction]]:
    """The decimal numbers written in an answer, as (how written, exact value)."""
    if isinstance(answer, sympy.Basic):
        return [(sympy.sstr(f), Fraction(sympy.sstr(f))) for f in answer.atoms(sympy.Float)
                if f.is_finite]
    if type(answer) is float:
        return [(repr(answer), Fraction(repr(answer)))] if answer - answer == 0 else []
    if not isinstance(answer, str):
        return []
    cleaned, _ = clean(str.__str__(answer))
    try:
        tokens = scan(cleaned, {}, True, 10**6)
    except ParseError:
        return []
    return [(cleaned[t.start:t.end], Fraction(t.value)) for t in tokens
            if t.kind == "num" and t.decimal and t.value is not None]


def _type_name(value: object) -> str:
    """Class name read without going through a (possibly hostile) metaclass."""
    name: str = type.__dict__["__name__"].__get__(type(value), type)
    return name[:40]


def _to_ast(norm: Normalized) -> ast.Expression:
    """``ast.parse`` (an AST only, never compiled to code); syntax errors get our offset."""
    try:
        return ast.parse(norm.text, mode="eval")
    except SyntaxError as err:
        index = (err.offset or 0) - 1
        at = norm.origin(index) if index >= 0 else len(norm.source)
        raise make_error("syntax", at, norm.source) from None
    except (RecursionError, MemoryError, ValueError):
        raise make_error("too_deep", 0, norm.source, limit="?") from None


def _node_offset(node: ast.AST, norm: Normalized, default: int) -> int:
    col = getattr(node, "col_offset", None)
    return norm.origin(col) if isinstance(col, int) else default


def _check_tree(tree: ast.Expression, norm: Normalized, max_ast_depth: int) -> None:
    """Every node type, name and call against the frozen whitelists (iterative walk)."""
    stack: list[tuple[ast.AST, int, int]] = [(tree, 0, 0)]
    while stack:
        node, depth, parent_at = stack.pop()
        at = _node_offset(node, norm, parent_at)
        if depth > max_ast_depth:
            raise make_error("too_deep", at, norm.source, limit=max_ast_depth)
        if type(node) not in AST_NODES:
            raise make_error("forbidden_construct", at, norm.source, what=type(node).__name__)
        if isinstance(node, ast.Constant) and type(node.value) not in CONSTANT_TYPES:
            raise make_error("forbidden_construct", at, norm.source, what="constant")
        if isinstance(node, ast.Name) and node.id not in norm.names and node.id not in FUNCTIONS:
            raise make_error("unknown_name", at, norm.source, name=node.id,
                             allowed=", ".join(norm.names))
        if isinstance(node, ast.Call):
            _check_call(node, norm, at)
        stack.extend((child, depth + 1, at) for child in ast.iter_child_nodes(node))


def _check_call(node: ast.Call, norm: Normalized, at: int) -> None:
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        raise make_error("forbidden_construct", at, norm.source, what="call")
    several = node.func.id in SEVERAL_ARGUMENTS
    if node.keywords or (len(node.args) < 2 if several else len(node.args) != 1):
        raise make_error("arity_several" if several else "arity", at, norm.source,
                         name=node.func.id)


def check_power(base: Any, exponent: Any, at: int, text: str) -> None:
    """Refuse ``base**exponent`` when it would cost too much, not for the literal alone.

    Cost: sympy computes a number's power at once (``2^999999``, and ``(2x)^n`` → 2ⁿ·xⁿ), so
    (bits of the numeric factor) × |p/q| ≤ MAX_POWER_BITS; a symbolic power stays unexpanded,
    so ``(x − a)^6000`` is fine up to |p| ≤ MAX_SYMBOLIC_EXPONENT (the comparison bounds its
    own expansion). Roots: q ≤ MAX_EXPONENT.
    """
    if not getattr(exponent, "is_Number", False):
        return
    if exponent.is_Rational:
        p, q = abs(int(exponent.p)), int(exponent.q)
        bits = _numeric_bits(base)
        limit = MAX_SYMBOLIC_EXPONENT if base.free_symbols else MAX_POWER_BITS
        if p > limit or q > MAX_EXPONENT or bits * p > MAX_POWER_BITS * q:
            raise make_error("exponent_too_large", at, text)
    elif not abs(exponent) <= MAX_EXPONENT:  # Float (from a sympy answer), nan included
        raise make_error("exponent_too_large", at, text)


def _numeric_bits(base: Any) -> int:
    """Bits of the number sympy would raise to the power (0 for a sum: it stays unexpanded)."""
    if base.is_Add:
        return 0
    coeff = base.as_coeff_Mul()[0] if base.is_Mul else base
    if base.is_Pow:
        return _numeric_bits(base.base)
    rationals = [coeff] if getattr(coeff, "is_Rational", False) else list(
        coeff.atoms(sympy.Rational))
    return max((max(abs(int(r.p)).bit_length(), int(r.q).bit_length()) for r in rationals),
               default=1)


class _Builder:
    """Walk the checked AST and build sympy objects; every node type has one rule."""

    def __init__(self, norm: Normalized) -> None:
        self.norm = norm

    def at(self, node: ast.AST) -> int:
        return _node_offset(node, self.norm, 0)

    def build(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            if node.id not in self.norm.names:  # a function name used as a value
                raise make_error("function_needs_parens", self.at(node) + len(node.id),
                                 self.norm.source, name=node.id)
            return self.norm.names[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = self.build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self.defined(lambda: self.binop(node), node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            function = FUNCTIONS[node.func.id]
            return self.defined(lambda: function(*[self.build(a) for a in node.args]), node)
        raise make_error("forbidden_construct", self.at(node), self.norm.source,
                         what=type(node).__name__)  # pragma: no cover - _check_tree ran first

    def number(self, node: ast.Constant) -> Any:
        token = self.norm.numbers.get(node.col_offset)
        if token is None:  # pragma: no cover - every constant comes from a number token
            raise make_error("forbidden_construct", self.at(node), self.norm.source,
                             what="constant")
        value = token.value
        if isinstance(value, Fraction):
            return sympy.Rational(value.numerator, value.denominator)
        return sympy.Integer(value)

    def binop(self, node: ast.BinOp) -> Any:
        left, right = self.build(node.left), self.build(node.right)
        op = node.op
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.Div):
            if right == 0:
                raise make_error("undefined", self.at(node.right), self.norm.source)
            return left / right
        check_power(left, right, self.at(node.right), self.norm.source)
        power = left**right
        if power.is_Pow:  # sympy merges (a^m)^n into a^(mn): bound the merged power too
            check_power(power.base, power.exp, self.at(node.right), self.norm.source)
        return power

    def defined(self, make: Callable[[], Any], node: ast.AST) -> Any:
        """``make()``, refusing undefined or non-real results and sympy's own failures."""
        start, end = self.at(node), getattr(node, "end_col_offset", None)
        stop = self.norm.origin(end - 1) + 1 if isinstance(end, int) and end > 0 else start
        return _defined(make, start, self.norm.source, self.norm.source[start:stop])


class _Rebuilder:
    """Validate a sympy expression by rebuilding it from exact whitelisted classes."""

    def __init__(self, symbols: Mapping[str, Any], allow_floats: bool, max_depth: int) -> None:
        self.symbols, self.allow_floats, self.max_depth = symbols, allow_floats, max_depth

    def build(self, node: Any, depth: int) -> Any:
        kind = type(node)
        if depth > self.max_depth:
            raise make_error("too_deep", 0, "", limit=self.max_depth)
        if kind is sympy.Symbol:
            name = str.__str__(node.name) if isinstance(node.name, str) else ""
            if name not in self.symbols:
                raise make_error("unknown_name", 0, "", name=name[:40],
                                 allowed=", ".join(self.symbols))
            return self.symbols[name]
        if kind in SYMPY_EXACT_NUMBERS:
            return node
        if kind is SYMPY_FLOAT:
            if not self.allow_floats:
                raise make_error("float", 0, "")
            if not node.is_finite:
                raise make_error("undefined", 0, "")
            return sympy.Rational(sympy.sstr(node))  # as printed, exactly: like typed text
        if kind not in SYMPY_OPERATORS and kind not in SYMPY_FUNCTIONS:
            raise make_error("unsupported", 0, "", what=_type_name(node))
        args = [self.build(arg, depth + 1) for arg in node.args]
        if kind is sympy.Pow:
            check_power(args[0], args[1], 0, "")
        elif kind in (sympy.Max, sympy.Min) and len(args) < 2:
            raise make_error("arity_several", 0, "", name=_type_name(node))
        elif kind in SYMPY_FUNCTIONS and kind not in (sympy.Max, sympy.Min) and len(args) != 1:
            raise make_error("arity", 0, "", name=_type_name(node))
        return _defined(lambda: kind(*args), 0, "")


def _defined(make: Callable[[], Any], at: int, text: str, shown: str = "") -> Any:
    """``make()``; undefined (1/0, log 0) or non-real (sqrt(-2), (-8)^(1/3)) results and
    sympy's own failures become ParseErrors at ``at``."""
    try:
        value = make()
    except _SYMPY_FAILURES:  # sympy's automatic evaluation can fail on odd inputs
        raise make_error("undefined", at, text) from None
    if value.has(*_UNDEFINED):
        raise make_error("undefined", at, text)
    if value.has(sympy.I) or any(p.base.is_Number and p.base.is_negative
                                 and p.exp.is_Rational and not p.exp.is_Integer
                                 for p in value.atoms(sympy.Pow)):
        raise make_error("not_real", at, text, what=shown or sympy.sstr(value)[:60])
    return value


__all__ = ["ParseError", "check_power", "decimals", "declare", "parse"]
