"""Chapter 1 §1.4–1.5 and §4.1 (Dérivée): a small symbolic differentiator built from the book.

What is here
- `differentiate(expr, x)`: walks a sympy expression tree and applies, node by node, only the
  rules of the chapter — the table of usual derivatives [L309–318], Prop 1 (sum, scalar multiple,
  product f'g + fg', quotient (f'g − fg')/g²) [L322–348] and Prop 2, the chain rule
  (g∘f)' = g'(f(x))·f'(x) [L381–383], in its composite-table form [L439–449];
- `differentiate_trace(expr, x)`: the same, plus the list of (rule name, sub-expression) in the
  order the rules were applied (for feedback);
- `second_derivative(expr, x)`: f'' = (f')' [L960–969];
- `sigmoid_expr(x)` = 1/(1 + e^{−x}) [L776] and `th_expr(x)` = th(x) = tanh(x) [L821];
- `to_sympy(value)`: sympify without ever parsing a string (strings raise TypeError).

sympy is used only to *represent* expressions (its tree: Add, Mul, Pow, exp, log, sin, cos, tan,
tanh); `sympy.diff` is never called here, it is the oracle of the tests. Results are not
simplified. Anything outside the book's table (Abs, asin, x**x, 2**x, …) raises
NotImplementedError.

Rule names used in traces
    "constant", "variable", "sum", "scalar multiple", "product", "quotient", "chain",
    and, for a table entry applied directly to x: "power", "exp", "log", "sin", "cos", "tan",
    "tanh".  A table entry applied to u ≠ x is recorded as "chain" (then the steps for u).
"""

from __future__ import annotations

import sympy as sp

# Table of usual derivatives [L309–318] (plus th, [L821]): g ↦ g'(u) as a function of u.
_TABLE = {
    sp.exp: ("exp", lambda u: sp.exp(u)),  # (eᵘ)' = eᵘ
    sp.log: ("log", lambda u: 1 / u),  # (ln u)' = 1/u
    sp.sin: ("sin", lambda u: sp.cos(u)),  # sin' = cos
    sp.cos: ("cos", lambda u: -sp.sin(u)),  # cos' = −sin
    sp.tan: ("tan", lambda u: 1 + sp.tan(u) ** 2),  # tan' = 1 + tan²
    sp.tanh: ("tanh", lambda u: 1 - sp.tanh(u) ** 2),  # th' = 1 − th²
}


def differentiate(expr, x):
    """sympy expression goes in, sympy expression of its derivative d expr/dx comes out.

    Rules of Prop 1, Prop 2 and the table [L309–449]; the result is not simplified.
    Raises NotImplementedError for a function that is not in the book's table.
    """
    return differentiate_trace(expr, x)[0]


def differentiate_trace(expr, x):
    """sympy expression goes in, (derivative, steps) comes out.

    steps: list of (rule_name, sub-expression) in the order the rules were applied, e.g.
    x³·sin x → [("product", x**3*sin(x)), ("power", x**3), ("sin", sin(x))].
    """
    expr = to_sympy(expr)
    if not isinstance(x, sp.Symbol):
        raise TypeError(f"x must be a sympy Symbol, got {type(x).__name__}")
    steps = []
    return _d(expr, x, steps), steps


def to_sympy(value):
    """sympy expression or number goes in, sympy object comes out; strings are refused.

    sympify(str) evaluates Python code: untrusted text must go through the autograder's parser.
    """
    try:
        return sp.sympify(value, strict=True)
    except sp.SympifyError as err:
        raise TypeError(f"expected a sympy expression or a number, got {value!r}") from err


def second_derivative(expr, x):
    """sympy expression goes in, f'' = (f')' comes out (not simplified) [L960–969]."""
    return differentiate(differentiate(expr, x), x)


def sigmoid_expr(x):
    """Symbol goes in, σ(x) = 1/(1 + e^{−x}) comes out as a sympy expression [L776]."""
    return 1 / (1 + sp.exp(-x))


def th_expr(x):
    """Symbol goes in, th(x) = (eˣ − e^{−x})/(eˣ + e^{−x}) comes out, as sympy tanh(x) [L821]."""
    return sp.tanh(x)


def _d(expr, x, steps):
    """Dispatch on the type of the node; record each rule in `steps` before recursing."""
    if not expr.has(x):
        steps.append(("constant", expr))  # c' = 0
        return sp.Integer(0)
    if expr == x:
        steps.append(("variable", expr))  # x' = 1
        return sp.Integer(1)
    if isinstance(expr, sp.Add):
        steps.append(("sum", expr))  # (f + g)' = f' + g'
        return sp.Add(*[_d(term, x, steps) for term in expr.args])
    if isinstance(expr, sp.Mul):
        return _d_mul(expr, x, steps)
    if isinstance(expr, sp.Pow):
        return _d_pow(expr, x, steps)
    if len(expr.args) == 1 and expr.func in _TABLE:
        return _d_table(expr, x, steps)
    raise NotImplementedError(
        f"no rule of chapter 1 for {expr.func.__name__}: {expr} "
        "(known: +, ×, /, powers x^a, exp, ln, sin, cos, tan, th)"
    )


def _d_mul(expr, x, steps):
    """Scalar multiple (λf)' = λf', quotient (f'g − fg')/g², product (fg)' = f'g + fg'."""
    scalar, rest = expr.as_independent(x, as_Add=False)
    if scalar != 1:
        steps.append(("scalar multiple", expr))
        return scalar * _d(rest, x, steps)
    numer = [a for a in expr.args if not _is_reciprocal(a)]
    denom = [1 / a for a in expr.args if _is_reciprocal(a)]
    if numer and denom:  # f / g with both f and g depending on x
        f, g = sp.Mul(*numer), sp.Mul(*denom)
        steps.append(("quotient", expr))
        df, dg = _d(f, x, steps), _d(g, x, steps)
        return (df * g - f * dg) / g**2
    f, g = expr.args[0], sp.Mul(*expr.args[1:])
    steps.append(("product", expr))
    df, dg = _d(f, x, steps), _d(g, x, steps)
    return df * g + f * dg


def _is_reciprocal(factor):
    """Is this factor of a product of the form g**(−k), a constant negative exponent?"""
    return isinstance(factor, sp.Pow) and factor.exp.is_number and factor.exp.is_negative


def _d_pow(expr, x, steps):
    """Power rule (x^a)' = a x^{a−1}, composite form (u^a)' = a u' u^{a−1}, a constant."""
    u, a = expr.base, expr.exp
    if a.has(x):
        raise NotImplementedError(
            f"variable exponent in {expr}: not in the book's table (rewrite a**u as exp(u*log(a)))"
        )
    if u == x:
        steps.append(("power", expr))
        return a * x ** (a - 1)
    steps.append(("chain", expr))
    return a * _d(u, x, steps) * u ** (a - 1)


def _d_table(expr, x, steps):
    """Table entry g(x) ↦ g'(x), or chain rule g(u) ↦ g'(u)·u' when u ≠ x [L381]."""
    name, g_prime = _TABLE[expr.func]
    u = expr.args[0]
    if u == x:
        steps.append((name, expr))
        return g_prime(x)
    steps.append(("chain", expr))
    return g_prime(u) * _d(u, x, steps)
