"""Graded items of assignment ch01 « Dérivée » (instructor-only: never released).

Every expected answer is computed from ``reference/`` with the student's parameters; every
item declares the common mistakes it recognises (see the book's chapter 1 and
``shared/book/notes/ch01-05.md`` §1.4).
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import sympy as sp

from autograder.items import Call, FunctionItem, KernelFunction, Mistake, SymbolicItem, ValueItem
from autograder.model import Msg
from reference import activations, autodiff, derivative, extrema, newton
from reference.derivative_rules import differentiate

x = sp.Symbol("x", real=True)
ENVIRONMENT = "base"
"""Students' environment of ch01 (its notebook's kernel on the hub and its grading sandbox):
numpy, scipy, sympy, matplotlib; no TensorFlow (hub_config/student-requirements.txt)."""


def _d(expr: sp.Expr) -> sp.Expr:
    return differentiate(expr, x)


# --- 1. sum rule -----------------------------------------------------------------------------
def _somme(p):
    return x ** p["n"] + p["a"] * sp.cos(x)


DERIVEE_SOMME = SymbolicItem(
    id="ch01.derivee_somme", points=1,
    title=Msg("Dérivée d'une somme", "Derivative of a sum"),
    draw=lambda r: {"n": r.randint(3, 7), "a": r.randint(2, 9)},
    statement=lambda p: f"f(x) = x^{p['n']} + {p['a']}·cos(x)",
    expected=lambda p: _d(_somme(p)),
    mistakes=[
        Mistake("signe_cos", Msg("Attention au signe : la dérivée de cos est −sin.",
                                 "Mind the sign: the derivative of cos is −sin."),
                wrong=lambda p: p["n"] * x ** (p["n"] - 1) + p["a"] * sp.sin(x)),
        Mistake("puissance", Msg("La dérivée de xⁿ est n·xⁿ⁻¹ (le facteur n manque).",
                                 "The derivative of xⁿ is n·xⁿ⁻¹ (the factor n is missing)."),
                wrong=lambda p: x ** (p["n"] - 1) - p["a"] * sp.sin(x)),
    ])


# --- 2. product rule -------------------------------------------------------------------------
def _produit(p):
    return x ** p["n"] * sp.sin(p["a"] * x)


DERIVEE_PRODUIT = SymbolicItem(
    id="ch01.derivee_produit", points=1,
    title=Msg("Dérivée d'un produit", "Derivative of a product"),
    draw=lambda r: {"n": r.randint(2, 5), "a": r.randint(2, 6)},
    statement=lambda p: f"f(x) = x^{p['n']}·sin({p['a']}x)",
    expected=lambda p: _d(_produit(p)),
    mistakes=[
        Mistake("produit_des_derivees",
                Msg("La dérivée d'un produit n'est pas le produit des dérivées : "
                    "(uv)' = u'v + uv'.",
                    "The derivative of a product is not the product of the derivatives: "
                    "(uv)' = u'v + uv'."),
                wrong=lambda p: p["n"] * x ** (p["n"] - 1) * p["a"] * sp.cos(p["a"] * x)),
        Mistake("un_seul_terme",
                Msg("Il manque un des deux termes de (uv)' = u'v + uv'.",
                    "One of the two terms of (uv)' = u'v + uv' is missing."),
                predicate=lambda e, p: any(
                    sp.simplify(e - t) == 0 for t in (
                        p["n"] * x ** (p["n"] - 1) * sp.sin(p["a"] * x),
                        p["a"] * x ** p["n"] * sp.cos(p["a"] * x))),
                example=lambda p: p["n"] * x ** (p["n"] - 1) * sp.sin(p["a"] * x)),
        Mistake("facteur_interne",
                Msg("La dérivée de sin(ax) est a·cos(ax) : le facteur a de la composée manque.",
                    "The derivative of sin(ax) is a·cos(ax): the chain-rule factor a is missing."),
                wrong=lambda p: p["n"] * x ** (p["n"] - 1) * sp.sin(p["a"] * x)
                + x ** p["n"] * sp.cos(p["a"] * x)),
    ])


# --- 3. quotient rule ------------------------------------------------------------------------
def _quotient_parts(p):
    return sp.log(x), sp.exp(p["a"] * x)


DERIVEE_QUOTIENT = SymbolicItem(
    id="ch01.derivee_quotient", points=1,
    title=Msg("Dérivée d'un quotient", "Derivative of a quotient"),
    draw=lambda r: {"a": r.randint(2, 5)},
    statement=lambda p: f"f(x) = ln(x) / exp({p['a']}x)",
    expected=lambda p: _d(_quotient_parts(p)[0] / _quotient_parts(p)[1]),
    mistakes=[
        Mistake("signe_numerateur",
                Msg("Erreur de signe : (u/v)' = (u'v − uv')/v², dans cet ordre.",
                    "Sign error: (u/v)' = (u'v − uv')/v², in that order."),
                wrong=lambda p: -_d(_quotient_parts(p)[0] / _quotient_parts(p)[1])),
        Mistake("oubli_carre",
                Msg("Le dénominateur de (u/v)' est v², pas v.",
                    "The denominator of (u/v)' is v², not v."),
                wrong=lambda p: (sp.exp(p["a"] * x) / x - sp.log(x) * p["a"] * sp.exp(p["a"] * x))
                / sp.exp(p["a"] * x)),
    ])


# --- 4. chain rule ---------------------------------------------------------------------------
DERIVEE_COMPOSEE = SymbolicItem(
    id="ch01.derivee_composee", points=1,
    title=Msg("Dérivée d'une composée", "Derivative of a composition"),
    draw=lambda r: {"a": r.randint(2, 7)},
    statement=lambda p: f"F(x) = ln(cos({p['a']}x))",
    expected=lambda p: _d(sp.log(sp.cos(p["a"] * x))),
    mistakes=[
        Mistake("facteur_interne",
                Msg("Règle de la chaîne : (g∘f)' = g'(f(x))·f'(x) ; la dérivée de l'intérieur "
                    "manque.",
                    "Chain rule: (g∘f)' = g'(f(x))·f'(x); the inner derivative is missing."),
                wrong=lambda p: -sp.sin(p["a"] * x) / sp.cos(p["a"] * x)),
        Mistake("u_prime_oublie",
                Msg("(ln u)' = u'/u : vous avez écrit 1/u.", "(ln u)' = u'/u: you wrote 1/u."),
                wrong=lambda p: 1 / sp.cos(p["a"] * x)),
        Mistake("signe", Msg("Attention au signe : cos' = −sin.", "Mind the sign: cos' = −sin."),
                wrong=lambda p: p["a"] * sp.sin(p["a"] * x) / sp.cos(p["a"] * x)),
    ])


# --- 5. computation graph with a duplicated input ---------------------------------------------
def _graph_value(p):
    _, (dfdx,) = autodiff.grad(lambda v: v.exp() * v.log(), p["x0"])
    return dfdx


GRAPHE = ValueItem(
    id="ch01.graphe_entree_dupliquee", points=1.5,
    title=Msg("Graphe de calcul : entrée utilisée deux fois",
              "Computation graph: an input used twice"),
    draw=lambda r: {"x0": r.randint(2, 6)},
    statement=lambda p: f"F(x) = exp(x)·ln(x), au point x₀ = {p['x0']}",
    expected=_graph_value, rtol=1e-9, atol=1e-9,
    mistakes=[
        Mistake("un_seul_chemin",
                Msg("L'entrée x intervient sur deux chemins : il faut additionner les produits "
                    "des dérivées locales sur chaque chemin (règle du bilan).",
                    "The input x lies on two paths: add the products of local derivatives "
                    "along each path."),
                predicate=lambda g, p: isinstance(g, (int, float)) and any(
                    math.isclose(g, v, rel_tol=1e-9) for v in (
                        math.exp(p["x0"]) * math.log(p["x0"]), math.exp(p["x0"]) / p["x0"])),
                example=lambda p: math.exp(p["x0"]) * math.log(p["x0"])),
    ])


# --- 6. Heaviside (book convention H(0) = 1) ----------------------------------------------------
def _probe_points(r: random.Random):
    import numpy as np

    pts = [0.0, -1.5, 2.0, -1e-12, 1e-12] + [round(r.uniform(-5, 5), 6) for _ in range(5)]
    return [Call((float(v),)) for v in pts] + [Call((np.array(pts, dtype=float),))]


HEAVISIDE = FunctionItem(
    id="ch01.heaviside", points=1,
    title=Msg("Fonction de Heaviside", "Heaviside step function"),
    draw=lambda r: {},
    statement=lambda p: "H(x) = 0 si x < 0, 1 si x ≥ 0 (fonction vectorisée)",
    reference=lambda p: activations.heaviside,
    calls=lambda p, r: _probe_points(r),
    mistakes=[
        Mistake("h0",
                Msg("Dans le livre, H(0) = 1 (convention du chapitre 1) ; np.heaviside(x, 1) "
                    "respecte cette convention.",
                    "The book sets H(0) = 1; np.heaviside(x, 1) follows it."),
                predicate=lambda outs, p: isinstance(outs[0], (int, float))
                and not isinstance(outs[0], bool) and outs[0] in (0, 0.5),
                example=lambda p: (lambda v: _np_heaviside(v, 0.5))),
    ])


# --- 7. derivative of the sigmoid --------------------------------------------------------------
SIGMOIDE = FunctionItem(
    id="ch01.sigmoide_prime", points=1.5,
    title=Msg("Dérivée de la sigmoïde", "Derivative of the sigmoid"),
    draw=lambda r: {},
    statement=lambda p: "σ(x) = 1/(1 + e^(−x)) ; programmez σ'(x) (vectorisée)",
    reference=lambda p: activations.sigmoid_prime,
    calls=lambda p, r: _probe_points(r), rtol=1e-7, atol=1e-12,
    mistakes=[
        Mistake("carre_oublie",
                Msg("σ'(x) = e^(−x)/(1 + e^(−x))² : le carré du dénominateur manque. "
                    "On peut aussi écrire σ' = σ(1 − σ).",
                    "σ'(x) = e^(−x)/(1 + e^(−x))²: the square is missing; also σ' = σ(1 − σ)."),
                wrong=lambda p: (lambda v: _np_exp(-v) / (1 + _np_exp(-v)))),
        Mistake("signe",
                Msg("Erreur de signe : σ est croissante, donc σ' > 0.",
                    "Sign error: σ is increasing, so σ' > 0."),
                wrong=lambda p: (lambda v: -activations.sigmoid_prime(v))),
    ])


def _np_heaviside(v, h0):
    import numpy as np

    out = np.heaviside(v, h0)
    return float(out) if np.ndim(out) == 0 else out


def _np_exp(v):
    import numpy as np

    return np.exp(v) if not isinstance(v, float) else math.exp(v)


# --- 8. tangent line --------------------------------------------------------------------------
TANGENTE = SymbolicItem(
    id="ch01.tangente", points=1,
    title=Msg("Équation de la tangente", "Equation of the tangent line"),
    draw=lambda r: {"m": r.randint(2, 6)},
    statement=lambda p: f"f(x) = √x, au point x₀ = {p['m'] ** 2}",
    expected=lambda p: derivative.tangent_line_expr(sp.sqrt(x), x, p["m"] ** 2),
    mistakes=[
        Mistake("decalage_oublie",
                Msg("La tangente est y = f'(x₀)(x − x₀) + f(x₀) : le décalage « − x₀ » manque.",
                    "The tangent is y = f'(x₀)(x − x₀) + f(x₀): the shift “− x₀” is missing."),
                wrong=lambda p: x / (2 * p["m"]) + p["m"]),
    ])


# --- 9. linear approximation ------------------------------------------------------------------
APPROX = ValueItem(
    id="ch01.approximation_lineaire", points=1,
    title=Msg("Approximation linéaire", "Linear approximation"),
    draw=lambda r: {"k": r.randint(2, 9)},
    statement=lambda p: f"Valeur approchée de √(1 + h) pour h = {p['k']}/100, "
                        "par f(x₀ + h) ≃ f(x₀) + h·f'(x₀)",
    expected=lambda p: derivative.linear_approximation(
        math.sqrt, lambda t: 1 / (2 * math.sqrt(t)), 1.0, p["k"] / 100),
    rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("valeur_exacte",
                Msg("C'est la valeur exacte de √(1 + h) : on demande l'approximation linéaire "
                    "1 + h/2.",
                    "That is the exact value of √(1 + h): the linear approximation 1 + h/2 "
                    "is asked."),
                wrong=lambda p: math.sqrt(1 + p["k"] / 100)),
    ])


# --- 10. extrema ---------------------------------------------------------------------------------
def _extremes(p):
    f = x**3 - 3 * p["a"] ** 2 * x + p["c"]
    return [(int(pt), nature) for pt, nature in extrema.classify_critical_points(f, x)]


EXTREMUM = ValueItem(
    id="ch01.extremums", points=1.5,
    title=Msg("Points critiques et leur nature", "Critical points and their nature"),
    draw=lambda r: {"a": r.randint(1, 5), "c": r.randint(-5, 5)},
    statement=lambda p: f"f(x) = x³ − {3 * p['a'] ** 2}x + {p['c']}",
    expected=_extremes,
    mistakes=[
        Mistake("natures_inversees",
                Msg("f''(x₀) > 0 donne un minimum local et f''(x₀) < 0 un maximum local.",
                    "f''(x₀) > 0 gives a local minimum and f''(x₀) < 0 a local maximum."),
                wrong=lambda p: [(pt, {"min": "max", "max": "min"}[n]) for pt, n in _extremes(p)]),
    ])


# --- 11. Newton's method --------------------------------------------------------------------------
def _newton_calls(p, r: random.Random):
    a = p["a"]
    cube = KernelFunction(f"lambda x: x**3 - {a}", lambda t: t**3 - a)
    dcube = KernelFunction("lambda x: 3*x**2", lambda t: 3 * t**2)
    g1 = KernelFunction("lambda x: 2*x - math.cos(x)", lambda t: 2 * t - math.cos(t))
    dg1 = KernelFunction("lambda x: 2 + math.sin(x)", lambda t: 2 + math.sin(t))
    b = r.randint(2, 60)
    sq = KernelFunction(f"lambda x: x**2 - {b}", lambda t: t**2 - b)
    dsq = KernelFunction("lambda x: 2*x", lambda t: 2 * t)
    return [Call((cube, dcube, 10.0, 1)), Call((cube, dcube, 10.0, 6)),
            Call((cube, dcube, Fraction(10), 2)), Call((g1, dg1, 0.0, 4)),
            Call((g1, dg1, 10.0, 7)), Call((sq, dsq, float(b), 8)), Call((cube, dcube, 5.0, 0))]


def _newton_sign(f, df, x0, n):
    for _ in range(n):
        x0 = x0 + f(x0) / df(x0)
    return x0


def _newton_one_less(f, df, x0, n):
    return newton.newton(f, df, x0, max(n - 1, 0))


NEWTON = FunctionItem(
    id="ch01.newton", points=2,
    title=Msg("Méthode de Newton", "Newton's method"),
    draw=lambda r: {"a": r.choice([20, 30, 50, 100, 200, 500])},
    statement=lambda p: f"newton(f, df, x0, n) : n itérations de x ← x − f(x)/f'(x) ; "
                        f"par exemple ∛{p['a']} avec f(x) = x³ − {p['a']}",
    reference=lambda p: newton.newton,
    calls=_newton_calls, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("signe", Msg("La récurrence est x ← x − f(x)/f'(x) (signe moins).",
                             "The recurrence is x ← x − f(x)/f'(x) (minus sign)."),
                wrong=lambda p: _newton_sign),
        Mistake("nombre_iterations",
                Msg("Il faut exactement n itérations (n = 0 renvoie x0).",
                    "Exactly n iterations are needed (n = 0 returns x0)."),
                wrong=lambda p: _newton_one_less),
    ])


ITEMS = [DERIVEE_SOMME, DERIVEE_PRODUIT, DERIVEE_QUOTIENT, DERIVEE_COMPOSEE, GRAPHE, HEAVISIDE,
         SIGMOIDE, TANGENTE, APPROX, EXTREMUM, NEWTON]
