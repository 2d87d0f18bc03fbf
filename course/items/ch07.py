"""Graded items of assignment ch07 « Gradient » (instructor-only: never released).

Expected answers come from ``reference/gradient.py`` (symbolic partials, gradient, critical
points and their nature) with the student's parameters.  Conventions stated in the notebook:
grad f = (∂f/∂x, ∂f/∂y) in that order; the directional derivative is the book's
D_v f = h ∂f/∂x + k ∂f/∂y for v = (h, k), v NOT normalised [L3573]; the nature of a critical
point is read on the Hessian (not in the book, which says a criterion exists [L3712]): "min",
"max" or "col".  Notes: ch06-10.md §7.
"""

from __future__ import annotations

import random

import numpy as np
import sympy as sp

from autograder.items import Call, FunctionItem, KernelFunction, Mistake, SymbolicItem, ValueItem
from autograder.model import Msg
from autograder.vectors import SymbolicTupleItem
from reference import gradient

x, y = sp.symbols("x y", real=True)
ORDER_MSG = Msg("L'ordre est (∂f/∂x, ∂f/∂y) : vous avez échangé les deux composantes.",
                "The order is (∂f/∂x, ∂f/∂y): you swapped the two components.")


# --- 1. partial derivatives (a chain-rule factor to keep) ----------------------------------------
def _f1(p):
    return p["a"] * x**2 * sp.exp(p["b"] * y) + sp.cos(x + p["c"] * y**2)


def _partials1(p):
    return tuple(gradient.symbolic_partials(_f1(p), [x, y]))


DERIVEES = SymbolicTupleItem(
    id="ch07.derivees_partielles", points=1.5,
    title=Msg("Dérivées partielles", "Partial derivatives"),
    draw=lambda r: {"a": r.randint(2, 5), "b": r.randint(2, 4), "c": r.randint(2, 3)},
    statement=lambda p: f"f(x, y) = {p['a']}·x²·exp({p['b']}y) + cos(x + {p['c']}y²) : "
                        "donnez (∂f/∂x, ∂f/∂y)",
    expected=_partials1, variables=("x", "y"), names=("∂f/∂x", "∂f/∂y"),
    mistakes=[
        Mistake("ordre_inverse", ORDER_MSG, wrong=lambda p: tuple(reversed(_partials1(p)))),
        Mistake("facteur_chaine",
                Msg("Dérivée d'une composée : ∂/∂y cos(x + cy²) = −2cy·sin(x + cy²), le facteur "
                    "2cy (dérivée de l'intérieur) manque.",
                    "Derivative of a composition: ∂/∂y cos(x + cy²) = −2cy·sin(x + cy²); the "
                    "factor 2cy (derivative of the inside) is missing."),
                wrong=lambda p: (_partials1(p)[0],
                                 p["a"] * p["b"] * x**2 * sp.exp(p["b"] * y)
                                 - sp.sin(x + p["c"] * y**2))),
    ])


# --- 2. the gradient at a point ----
def _distinct(r: random.Random, draw, ok):
    """Draw until the mistakes' answers differ from the right one (``ok``)."""
    while True:
        p = draw(r)
        if ok(p):
            return p


def _grad_draw(r: random.Random):
    return {"m": r.randint(2, 4), "n": r.randint(2, 4),
            "P": [r.choice([-2, -1, 2, 3]), r.choice([-2, 2, 3])]}


def _grad_point(p, leak=False):
    m, n, (x0, y0) = p["m"], p["n"], p["P"]
    if leak:  # both factors differentiated
        d = m * n * x0 ** (m - 1) * y0 ** (n - 1)
        return (d, d)
    f = x**m * y**n
    return tuple(int(v) for v in gradient.symbolic_gradient(f, [x, y], (x0, y0)))


GRADIENT_POINT = ValueItem(
    id="ch07.gradient_point", points=1,
    title=Msg("Le gradient en un point", "The gradient at a point"),
    draw=lambda r: _distinct(r, _grad_draw, lambda p: len({_grad_point(p), _grad_point(p, True),
                                                             _grad_point(p)[::-1]}) == 3),
    statement=lambda p: f"f(x, y) = x^{p['m']}·y^{p['n']} : grad f({p['P'][0]}, {p['P'][1]}) "
                        "(un tuple de deux entiers)",
    expected=_grad_point, exact=True,
    mistakes=[
        Mistake("ordre_inverse", ORDER_MSG, wrong=lambda p: tuple(reversed(_grad_point(p)))),
        Mistake("deux_facteurs",
                Msg("Pour ∂f/∂x, y^n est une constante : on ne dérive que x^m (et seulement y^n "
                    "pour ∂f/∂y).", "For ∂f/∂x, y^n is a constant: only x^m is differentiated "
                    "(and only y^n for ∂f/∂y)."),
                wrong=lambda p: _grad_point(p, leak=True)),
    ])


# --- 3. tangent to a level curve ----
def _ellipse_draw(r: random.Random):
    while True:
        p = {"a": r.randint(2, 4), "P": [r.choice([-2, -1, 1, 2]), r.choice([-2, -1, 1, 2])]}
        if abs(p["P"][0]) != p["a"] * abs(p["P"][1]):  # else the two slopes coincide
            return p


def _level_grad(p):
    f = x**2 + p["a"] * y**2
    return gradient.symbolic_gradient(f, [x, y], tuple(p["P"]))


def _tangent(p, flip=False, sign=1):
    fx, fy = _level_grad(p)
    x0, y0 = p["P"]
    slope = -fy / fx if flip else -sign * fx / fy
    return y0 + slope * (x - x0)


TANGENTE = SymbolicItem(
    id="ch07.tangente_niveau", points=1.5,
    title=Msg("Tangente à une ligne de niveau", "Tangent to a level curve"),
    draw=_ellipse_draw,
    statement=lambda p: f"f(x, y) = x² + {p['a']}y², point ({p['P'][0]}, {p['P'][1]}) de sa "
                        "ligne de niveau : la tangente sous la forme y = …",
    expected=_tangent, variables=("x",),
    mistakes=[
        Mistake("pente_inverse",
                Msg("La tangente est ⟂ au gradient : ∂ₓf (x − x₀) + ∂ᵧf (y − y₀) = 0, donc la "
                    "pente est −∂ₓf/∂ᵧf, pas −∂ᵧf/∂ₓf.",
                    "The tangent is ⟂ to the gradient: ∂ₓf (x − x₀) + ∂ᵧf (y − y₀) = 0, so the "
                    "slope is −∂ₓf/∂ᵧf, not −∂ᵧf/∂ₓf."),
                wrong=lambda p: _tangent(p, flip=True)),
        Mistake("signe",
                Msg("Le signe de la pente est faux : de ∂ₓf (x − x₀) + ∂ᵧf (y − y₀) = 0 on tire "
                    "y − y₀ = −(∂ₓf/∂ᵧf)(x − x₀).",
                    "The slope's sign is wrong: ∂ₓf (x − x₀) + ∂ᵧf (y − y₀) = 0 gives "
                    "y − y₀ = −(∂ₓf/∂ᵧf)(x − x₀)."),
                wrong=lambda p: _tangent(p, sign=-1)),
    ])


# --- 4. directional derivative ----
def _dir_draw(r: random.Random):
    while True:
        p = {"b": r.randint(2, 5), "P": [r.randint(1, 3), r.randint(-2, 2)],
             "v": [r.choice([-2, -1, 1, 2, 3]), r.choice([1, 2, 4])]}
        if _directional(p) not in (0, _directional(p, swap=True)):
            return p


def _dir_grad(p):
    f = x**3 * y + p["b"] * y**2
    return gradient.symbolic_gradient(f, [x, y], tuple(p["P"]))


def _directional(p, swap=False):
    fx, fy = _dir_grad(p)
    h, k = p["v"]
    return int(k * fx + h * fy) if swap else int(h * fx + k * fy)


DIRECTIONNELLE = ValueItem(
    id="ch07.derivee_directionnelle", points=1,
    title=Msg("Dérivée directionnelle", "Directional derivative"),
    draw=_dir_draw,
    statement=lambda p: f"f(x, y) = x³y + {p['b']}y², P = ({p['P'][0]}, {p['P'][1]}), "
                        f"v = ({p['v'][0]}, {p['v'][1]}) (non normalisé) : D_v f(P)",
    expected=_directional, exact=True,
    mistakes=[
        Mistake("composantes_echangees",
                Msg("D_v f = h ∂f/∂x + k ∂f/∂y pour v = (h, k) : h va avec ∂f/∂x.",
                    "D_v f = h ∂f/∂x + k ∂f/∂y for v = (h, k): h goes with ∂f/∂x."),
                wrong=lambda p: _directional(p, swap=True)),
        Mistake("normalise",
                Msg("Dans le livre v n'est pas normalisé : D_v f = ⟨grad f | v⟩, sans diviser "
                    "par ‖v‖.", "In the book v is not normalised: D_v f = ⟨grad f | v⟩, "
                    "without dividing by ‖v‖."),
                predicate=lambda got, p: isinstance(got, float) and abs(
                    got - _directional(p) / float(np.hypot(*p["v"]))) < 1e-6,
                example=lambda p: _directional(p) / float(np.hypot(*p["v"]))),
    ])


# --- 5. linear approximation ----
def _approx_draw(r: random.Random):
    return {"c": r.randint(1, 4), "P": [r.randint(1, 3), r.randint(1, 3)],
            "hk": [r.choice([0.1, -0.1, 0.05]), r.choice([0.2, -0.05, 0.1])]}


def _approx_f(p):
    return x**2 * y + p["c"] * sp.sqrt(x + y)


def _approx(p, true=False, no_f0=False):
    f = _approx_f(p)
    (x0, y0), (h, k) = p["P"], p["hk"]
    if true:
        return float(f.subs({x: x0 + h, y: y0 + k}))
    fx, fy = gradient.symbolic_gradient(f, [x, y], (x0, y0))
    f0 = 0 if no_f0 else f.subs({x: x0, y: y0})
    return float(f0 + h * fx + k * fy)


APPROX = ValueItem(
    id="ch07.approximation_lineaire", points=1,
    title=Msg("Approximation linéaire", "Linear approximation"),
    draw=_approx_draw,
    statement=lambda p: f"f(x, y) = x²y + {p['c']}√(x + y), (x₀, y₀) = ({p['P'][0]}, "
                        f"{p['P'][1]}), (h, k) = ({p['hk'][0]}, {p['hk'][1]}) : la valeur du plan "
                        "tangent f(x₀, y₀) + h ∂f/∂x + k ∂f/∂y",
    expected=_approx, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("valeur_exacte",
                Msg("C'est la vraie valeur f(x₀ + h, y₀ + k) ; on demande son approximation "
                    "par le plan tangent.", "That is the true value f(x₀ + h, y₀ + k); its "
                    "tangent-plane approximation is asked for."),
                wrong=lambda p: _approx(p, true=True)),
        Mistake("sans_f0",
                Msg("Le plan tangent part de f(x₀, y₀) : ajoutez-le à h ∂f/∂x + k ∂f/∂y.",
                    "The tangent plane starts from f(x₀, y₀): add it to h ∂f/∂x + k ∂f/∂y."),
                wrong=lambda p: _approx(p, no_f0=True)),
    ])


# --- 6–7. critical points and their nature ----
def _crit_draw(r: random.Random):
    return {"a": r.randint(1, 4), "b": r.choice([-3, -2, -1, 1, 2, 3])}


def _crit_f(p):
    return x**3 - 3 * p["a"] ** 2 * x + y**2 - 2 * p["b"] * y


def _critical(p):
    return [tuple(int(c) for c in pt) for pt in gradient.critical_points(_crit_f(p), [x, y])]


POINTS_CRITIQUES = ValueItem(
    id="ch07.points_critiques", points=1.5,
    title=Msg("Points critiques", "Critical points"),
    draw=_crit_draw,
    statement=lambda p: f"f(x, y) = x³ − {3 * p['a'] ** 2}x + y² − ({2 * p['b']})y : la liste "
                        "de ses points critiques (x, y), par x croissant",
    expected=_critical, exact=True,
    mistakes=[
        Mistake("racine_oubliee",
                Msg("3x² = 3a² a deux solutions, x = a et x = −a : il manque un point critique.",
                    "3x² = 3a² has two solutions, x = a and x = −a: a critical point is "
                    "missing."),
                wrong=lambda p: [(p["a"], p["b"])]),
        Mistake("signe_y",
                Msg("∂f/∂y = 2y − 2b s'annule en y = b, pas en y = −b.",
                    "∂f/∂y = 2y − 2b vanishes at y = b, not at y = −b."),
                wrong=lambda p: [(-p["a"], -p["b"]), (p["a"], -p["b"])]),
    ])

NAMES = {"min": "min", "max": "max", "saddle": "col"}


def _natures(p):
    return [NAMES[gradient.classify_critical_point(_crit_f(p), [x, y], pt)]
            for pt in gradient.critical_points(_crit_f(p), [x, y])]


NATURE = ValueItem(
    id="ch07.nature_points", points=1,
    title=Msg("Nature des points critiques", "Nature of the critical points"),
    draw=_crit_draw,
    statement=lambda p: f"même famille : f(x, y) = x³ − {3 * p['a'] ** 2}x + y² − "
                        f"({2 * p['b']})y : la liste des natures (\"min\", \"max\" ou \"col\") "
                        "de ses points critiques, par x croissant",
    expected=_natures, exact=True,
    mistakes=[
        Mistake("inverse",
                Msg("En x = −a, ∂²f/∂x² = −6a < 0 mais ∂²f/∂y² = 2 > 0 : les courbures sont de "
                    "signes opposés, c'est un col ; en x = a les deux sont > 0 : un minimum.",
                    "At x = −a, ∂²f/∂x² = −6a < 0 but ∂²f/∂y² = 2 > 0: opposite curvatures, a "
                    "saddle; at x = a both are > 0: a minimum."),
                wrong=lambda p: ["min", "col"]),
        Mistake("max",
                Msg("En x = −a, f décroît dans la direction y... non : ∂²f/∂y² = 2 > 0, ce "
                    "n'est pas un maximum mais un col.",
                    "At x = −a, ∂²f/∂y² = 2 > 0: not a maximum but a saddle."),
                wrong=lambda p: ["max", "min"]),
    ])


# --- 8. numerical gradient (central differences), checked against the exact one ----
FUNCS = [
    ("lambda x, y: x**3 * y + math.sin(y)", lambda u, v: u**3 * v + np.sin(v)),
    ("lambda x, y: math.exp(x - y) + x * y**2", lambda u, v: np.exp(u - v) + u * v**2),
    ("lambda x, y: x**2 * y**3 - 4 * x", lambda u, v: u**2 * v**3 - 4 * u),
]


def _fd(f, P, scheme="central", h=1e-5):
    P = [float(c) for c in P]
    return tuple(float(v) for v in gradient.numeric_gradient(f, P, h=h, scheme=scheme))


def _fd_calls(p, rng: random.Random):
    calls = []
    for k in range(3):
        src, py = FUNCS[(p["k"] + k) % len(FUNCS)]
        P = [round(rng.uniform(-2, 2), 3), round(rng.uniform(0.5, 2), 3)]
        calls.append(Call((KernelFunction(src, py), P)))
    return calls


GRAD_NUM = FunctionItem(
    id="ch07.gradient_numerique", points=2,
    title=Msg("Gradient par différences finies", "Gradient by finite differences"),
    draw=lambda r: {"k": r.randrange(len(FUNCS))},
    statement=lambda p: "gradient_numerique(f, P) : f(x, y) une fonction, P = [x0, y0] ; renvoie "
                        "(∂f/∂x, ∂f/∂y) par différences centrées avec h = 1e-5",
    reference=lambda p: _fd, calls=_fd_calls, rtol=1e-6, atol=1e-8,
    mistakes=[
        Mistake("differences_avant",
                Msg("Les différences avant (f(P + h e) − f(P))/h ont une erreur en h ; "
                    "utilisez les différences centrées (f(P + h e) − f(P − h e))/(2h), d'erreur "
                    "en h².", "Forward differences (f(P + h e) − f(P))/h have an error in h; use "
                    "central ones (f(P + h e) − f(P − h e))/(2h), with an error in h²."),
                wrong=lambda p: lambda f, P: _fd(f, P, scheme="forward")),
        Mistake("sans_2h",
                Msg("Entre P − h e et P + h e l'écart est 2h : divisez par 2h, pas par h.",
                    "P − h e and P + h e are 2h apart: divide by 2h, not by h."),
                wrong=lambda p: lambda f, P: tuple(2 * v for v in _fd(f, P))),
    ])


ITEMS = [DERIVEES, GRADIENT_POINT, TANGENTE, DIRECTIONNELLE, APPROX, POINTS_CRITIQUES, NATURE,
         GRAD_NUM]
