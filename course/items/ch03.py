"""Graded items of assignment ch03 « Fonctions de plusieurs variables » (instructor-only).

Every expected answer is computed from ``reference/`` with the student's parameters (see the
book's chapter 3 and ``shared/book/notes/ch01-05.md`` §3.4). Convention stated in the notebook:
the regression line is the book's one, which minimises the *perpendicular* distances
f(a, b) = (1/(1 + a²)) Σ (a xᵢ − yᵢ + b)²; ordinary least squares is a named mistake.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import sympy as sp

from autograder.items import Call, FunctionItem, KernelFunction, Mistake, SymbolicItem, ValueItem
from autograder.model import Msg
from autograder.vectors import SymbolicTupleItem
from reference import gradient, multivariable, regression

x, y = sp.symbols("x y", real=True)


# --- 1. expand a cost function ----------------------------------------------------------------
def _three_points(r: random.Random) -> list[list[int]]:
    while True:
        pts = [[r.randint(-3, 7), r.randint(-3, 7)] for _ in range(3)]
        sums = [sum(c[k] for c in pts) for k in (0, 1)]
        if len({tuple(p) for p in pts}) == 3 and 0 not in sums:  # sum ≠ mean, visibly
            return pts


def _cost(p):
    return sp.expand(multivariable.squared_distance_cost(p["points"])(x, y))


def _show_points(pts) -> str:
    return ", ".join(f"{name}({a}, {b})" for name, (a, b) in zip("ABC", pts, strict=False))


COUT = SymbolicItem(
    id="ch03.cout_developpe", points=1,
    title=Msg("Somme des carrés des distances", "Sum of squared distances"),
    draw=lambda r: {"points": _three_points(r)},
    statement=lambda p: f"{_show_points(p['points'])} ; f(x, y) = MA² + MB² + MC² avec M(x, y)",
    expected=_cost, variables=("x", "y"),
    mistakes=[
        Mistake("double_produit",
                Msg("(x − a)² = x² − 2ax + a² : le double produit −2ax manque.",
                    "(x − a)² = x² − 2ax + a²: the cross term −2ax is missing."),
                wrong=lambda p: sum(x**2 + a**2 + y**2 + b**2 for a, b in p["points"])),
        Mistake("signe",
                Msg("MA² = (x − x_A)² + (y − y_A)² : on soustrait les coordonnées de A.",
                    "MA² = (x − x_A)² + (y − y_A)²: subtract the coordinates of A."),
                wrong=lambda p: sp.expand(sum((x + a)**2 + (y + b)**2 for a, b in p["points"]))),
    ])


# --- 2. exact minimiser -------------------------------------------------------------------------
def _minimum(p):
    pts = p["points"]
    gx, gy = (Fraction(sum(c[k] for c in pts), len(pts)) for k in (0, 1))
    z0 = sum((gx - a) ** 2 + (gy - b) ** 2 for a, b in pts)
    return (gx, gy, Fraction(z0))


def _approximate(got, p) -> bool:
    want = _minimum(p)
    return (isinstance(got, (tuple, list)) and len(got) == 3
            and any(isinstance(v, float) for v in got)
            and all(isinstance(v, (int, float, Fraction)) and not isinstance(v, bool)
                    and math.isclose(float(v), float(w), rel_tol=1e-2, abs_tol=1e-2)
                    for v, w in zip(got, want, strict=True)))


def _at_sum(p):
    sx, sy = (sum(Fraction(c[k]) for c in p["points"]) for k in (0, 1))
    return (sx, sy, sum((sx - a) ** 2 + (sy - b) ** 2 for a, b in p["points"]))


MINIMUM = ValueItem(
    id="ch03.minimum_exact", points=1.5,
    title=Msg("Minimum exact de la somme des carrés", "Exact minimum of the sum of squares"),
    draw=lambda r: {"points": _three_points(r)},
    statement=lambda p: f"{_show_points(p['points'])} : point (x₀, y₀) où f est minimale "
                        "et valeur z₀ = f(x₀, y₀), en fractions exactes",
    expected=_minimum, exact=True,
    mistakes=[
        Mistake("valeurs_approchees",
                Msg("Donnez les valeurs exactes avec Fraction (par exemple Fraction(10, 3)), "
                    "pas des décimaux arrondis comme 3.33.",
                    "Give exact values with Fraction (e.g. Fraction(10, 3)), not rounded "
                    "decimals such as 3.33."),
                predicate=_approximate,
                example=lambda p: tuple(round(float(v), 2) for v in _minimum(p))),
        Mistake("minimum_nul",
                Msg("z₀ = f(x₀, y₀) n'est pas 0 : une somme de carrés de distances ne s'annule "
                    "que si M est sur les trois points à la fois.",
                    "z₀ = f(x₀, y₀) is not 0: a sum of squared distances vanishes only if M "
                    "is at all three points at once."),
                wrong=lambda p: (*_minimum(p)[:2], Fraction(0))),
        Mistake("somme_au_lieu_de_moyenne",
                Msg("Le minimum est l'isobarycentre : (x_A + x_B + x_C)/3, pas la somme.",
                    "The minimiser is the centroid: (x_A + x_B + x_C)/3, not the sum."),
                predicate=lambda got, p: isinstance(got, (tuple, list)) and len(got) == 3
                and [Fraction(v) for v in got[:2] if isinstance(v, (int, Fraction))]
                == [sum(Fraction(c[k]) for c in p["points"]) for k in (0, 1)],
                example=lambda p: _at_sum(p)),
    ])


# --- 3. gradient ------------------------------------------------------------------------------
def _grad_f(p):
    return x ** p["n"] * y ** p["m"] + p["a"] * sp.cos(p["b"] * x * y)


def _gradient(p):
    return tuple(gradient.symbolic_partials(_grad_f(p), [x, y]))


GRADIENT = SymbolicTupleItem(
    id="ch03.gradient", points=1.5,
    title=Msg("Dérivées partielles", "Partial derivatives"),
    draw=lambda r: {"n": r.randint(2, 4), "m": r.randint(2, 3), "a": r.randint(2, 5),
                    "b": r.randint(2, 4)},
    statement=lambda p: f"f(x, y) = x^{p['n']}·y^{p['m']} + {p['a']}·cos({p['b']}xy)",
    expected=_gradient, variables=("x", "y"), names=("∂f/∂x", "∂f/∂y"),
    mistakes=[
        Mistake("ordre_inverse",
                Msg("L'ordre est (∂f/∂x, ∂f/∂y) : vous avez échangé les deux composantes.",
                    "The order is (∂f/∂x, ∂f/∂y): you swapped the two components."),
                wrong=lambda p: tuple(reversed(_gradient(p)))),
        Mistake("facteur_interne",
                Msg("En dérivant cos(bxy) par rapport à x, y est une constante : la dérivée "
                    "est −by·sin(bxy) (le facteur y manque, et x pour ∂/∂y).",
                    "Differentiating cos(bxy) in x, y is a constant: the derivative is "
                    "−by·sin(bxy) (the factor y is missing, and x for ∂/∂y)."),
                wrong=lambda p: (
                    p["n"] * x ** (p["n"] - 1) * y ** p["m"]
                    - p["a"] * p["b"] * sp.sin(p["b"] * x * y),
                    p["m"] * x ** p["n"] * y ** (p["m"] - 1)
                    - p["a"] * p["b"] * sp.sin(p["b"] * x * y))),
    ])


# --- 4. tangent plane -----------------------------------------------------------------------------
def _plane_f(p):
    return p["a"] * x**2 + p["b"] * x * y - y**3 + p["c"]


def _plane(p):
    f, x0, y0 = _plane_f(p), p["x0"], p["y0"]
    fx, fy = gradient.symbolic_gradient(f, [x, y], (x0, y0))
    f0 = f.subs({x: x0, y: y0})
    return f0 + fx * (x - x0) + fy * (y - y0)


def _plane_unshifted(p):
    f, x0, y0 = _plane_f(p), p["x0"], p["y0"]
    fx, fy = gradient.symbolic_gradient(f, [x, y], (x0, y0))
    return f.subs({x: x0, y: y0}) + fx * x + fy * y


def _plane_not_evaluated(p):
    f, x0, y0 = _plane_f(p), p["x0"], p["y0"]
    fx, fy = gradient.symbolic_partials(f, [x, y])
    return f.subs({x: x0, y: y0}) + fx * (x - x0) + fy * (y - y0)


PLAN = SymbolicItem(
    id="ch03.plan_tangent", points=1,
    title=Msg("Plan tangent", "Tangent plane"),
    draw=lambda r: {"a": r.randint(1, 4), "b": r.choice([-3, -2, 2, 3]), "c": r.randint(-5, 5),
                    "x0": r.choice([-2, -1, 1, 2]), "y0": r.choice([-2, -1, 1, 2])},
    statement=lambda p: f"f(x, y) = {p['a']}x² + ({p['b']})xy − y³ + ({p['c']}), "
                        f"au point (x₀, y₀) = ({p['x0']}, {p['y0']})",
    expected=_plane, variables=("x", "y"),
    mistakes=[
        Mistake("decalage_oublie",
                Msg("Le plan tangent est z = f(x₀, y₀) + ∂f/∂x(x₀, y₀)·(x − x₀) + "
                    "∂f/∂y(x₀, y₀)·(y − y₀) : les décalages (x − x₀), (y − y₀) manquent.",
                    "The tangent plane is z = f(x₀, y₀) + ∂f/∂x(x₀, y₀)·(x − x₀) + "
                    "∂f/∂y(x₀, y₀)·(y − y₀): the shifts (x − x₀), (y − y₀) are missing."),
                wrong=_plane_unshifted),
        Mistake("derivees_non_evaluees",
                Msg("Les dérivées partielles doivent être évaluées au point (x₀, y₀) : le plan "
                    "tangent est une expression du premier degré en x et y.",
                    "The partial derivatives must be evaluated at (x₀, y₀): the tangent "
                    "plane is of degree one in x and y."),
                wrong=_plane_not_evaluated),
    ])


# --- 5. level sets of a sum of squares ----------------------------------------------------------
NATURES = {"empty": "vide", "point": "point", "circle": "cercle"}


def _levels_draw(r: random.Random):
    d = r.choice([-4, -3, -2, -1, 1, 2, 3, 4])  # d ≠ 0: forgetting it is a visible mistake
    k = r.randint(2, 6)
    cs = [d - r.randint(1, 5), d, d + k * k]
    r.shuffle(cs)
    return {"a": r.randint(-3, 3), "b": r.randint(-3, 3), "d": d, "cs": cs}


def _levels(p):
    kinds = [multivariable.level_set_sum_of_squares(c - p["d"]) for c in p["cs"]]
    radius = next(rad for kind, rad in kinds if kind == "circle")
    return ([NATURES[kind] for kind, _ in kinds], radius)


NIVEAUX = ValueItem(
    id="ch03.courbes_niveau", points=1,
    title=Msg("Lignes de niveau", "Level sets"),
    draw=_levels_draw,
    statement=lambda p: f"f(x, y) = (x − ({p['a']}))² + (y − ({p['b']}))² + ({p['d']}) ; "
                        f"niveaux c = {p['cs'][0]}, {p['cs'][1]}, {p['cs'][2]}",
    expected=_levels, rtol=1e-9, atol=1e-9,
    mistakes=[
        Mistake("rayon_c",
                Msg("L_c est le cercle (x − a)² + (y − b)² = r² : le rayon est la racine carrée "
                    "de c − d, pas c − d.",
                    "L_c is the circle (x − a)² + (y − b)² = r²: the radius is the square root "
                    "of c − d, not c − d."),
                wrong=lambda p: (_levels(p)[0], float(_levels(p)[1] ** 2))),
        Mistake("niveau_minimum",
                Msg("Au niveau minimal c = d, L_c n'est pas vide : c'est le seul point (a, b).",
                    "At the lowest level c = d, L_c is not empty: it is the single point "
                    "(a, b)."),
                wrong=lambda p: (["vide" if n == "point" else n for n in _levels(p)[0]],
                                 _levels(p)[1])),
        Mistake("constante_oubliee",
                Msg("Tenez compte de la constante d : f(x, y) = c équivaut à "
                    "(x − a)² + (y − b)² = c − d.",
                    "Take the constant d into account: f(x, y) = c means "
                    "(x − a)² + (y − b)² = c − d."),
                predicate=lambda got, p: isinstance(got, (tuple, list)) and len(got) == 2
                and isinstance(got[1], (int, float)) and p["d"] != 0
                and math.isclose(float(got[1]), math.sqrt(max(p["cs"])), rel_tol=1e-9),
                example=lambda p: (_levels(p)[0], math.sqrt(max(p["cs"])))),
    ])


# --- 6. quadrics: level curves ---------------------------------------------------------------
CURVES = {"ellipses": "ellipses", "lines": "droites", "hyperbolas": "hyperboles"}
SURFACES_FR = {"elliptic": "paraboloïde elliptique", "parabolic": "cylindre parabolique",
               "hyperbolic": "paraboloïde hyperbolique", "flat": "plan"}


def _quadrics_draw(r: random.Random):
    p1, q1 = r.randint(1, 3), r.randint(1, 3)  # positive diagonal, cross term decides
    s1 = r.choice([-1, 1]) * (2 * math.isqrt(p1 * q1) + r.randint(2, 3))  # s² > 4pq: saddle
    p2, q2 = r.randint(1, 3), r.randint(1, 3)
    s2 = r.choice([-1, 0, 1])  # s² < 4pq: ellipses
    k = r.randint(1, 3)  # (x + k y)²: lines
    fs = [[p1, s1, q1], [p2, s2, q2], [1, 2 * k, k * k]]
    r.shuffle(fs)
    return {"fs": fs}


def _quadrics(p, ignore_cross: bool = False):
    return [CURVES[multivariable.classify_quadric(a, 0 if ignore_cross else s, q)
                   ["level_curves"]] for a, s, q in p["fs"]]


def _show_quadric(a, s, q) -> str:
    return f"{a}x² + ({s})xy + {q}y²"


QUADRIQUES = ValueItem(
    id="ch03.quadriques", points=1.5,
    title=Msg("Surfaces quadratiques : lignes de niveau", "Quadric surfaces: level curves"),
    draw=_quadrics_draw,
    statement=lambda p: "f₁ = " + _show_quadric(*p["fs"][0]) + " ; f₂ = "
    + _show_quadric(*p["fs"][1]) + " ; f₃ = " + _show_quadric(*p["fs"][2]),
    expected=_quadrics,
    mistakes=[
        Mistake("terme_croise_ignore",
                Msg("Le terme en xy compte : par exemple x² + 4xy + y² = (x + 2y)² − 3y² a des "
                    "lignes de niveau hyperboliques (selle de cheval) même si x² et y² ont le "
                    "même signe. Complétez le carré.",
                    "The xy term matters: x² + 4xy + y² = (x + 2y)² − 3y² has hyperbolic level "
                    "curves (a saddle) although x² and y² have the same sign. Complete the "
                    "square."),
                wrong=lambda p: _quadrics(p, ignore_cross=True)),
        Mistake("noms_des_surfaces",
                Msg("On demande la forme des lignes de niveau (ellipses, droites, hyperboles), "
                    "pas le nom de la surface.",
                    "The shape of the level curves (ellipses, lines, hyperbolas) is asked for, "
                    "not the name of the surface."),
                wrong=lambda p: [SURFACES_FR[multivariable.classify_quadric(*f)["kind"]]
                                 for f in p["fs"]]),
    ])


# --- 7. distance from a point to a line ---------------------------------------------------------
def _distance_calls(p, r: random.Random):
    a, b, c = p["a"], p["b"], p["c"]
    on_line = (float(-b), float(a))  # a·(−b) + b·a = 0 … shifted below so that it is on the line
    x0 = -c / a if a else 0.0
    calls = [Call((float(a), float(b), float(c), float(x0 + on_line[0]), float(on_line[1]))),
             Call((3.0, 4.0, -5.0, 0.0, 0.0)), Call((1.0, -1.0, 0.0, 2.0, 5.0)),
             Call((0.0, 2.0, 1.0, 3.0, -4.0))]
    for _ in range(4):
        calls.append(Call(tuple(float(r.randint(-9, 9)) for _ in range(2))
                          + (float(r.randint(-9, 9)),)
                          + tuple(round(r.uniform(-10, 10), 3) for _ in range(2))))
    return [cl for cl in calls if cl.args[0] != 0 or cl.args[1] != 0]


def _signed(a, b, c, x0, y0):
    return (a * x0 + b * y0 + c) / math.hypot(a, b)


DISTANCE = FunctionItem(
    id="ch03.distance_point_droite", points=1,
    title=Msg("Distance d'un point à une droite", "Distance from a point to a line"),
    draw=lambda r: {"a": r.choice([-3, -2, 1, 2, 3]), "b": r.choice([-4, -1, 1, 2, 5]),
                    "c": r.randint(-6, 6)},
    statement=lambda p: f"distance(a, b, c, x0, y0) ; essayez la droite "
                        f"{p['a']}x + ({p['b']})y + ({p['c']}) = 0",
    reference=lambda p: (lambda *args: float(multivariable.point_line_distance(*args))),
    calls=_distance_calls, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("valeur_absolue",
                Msg("Une distance est positive : d = |a x₀ + b y₀ + c| / √(a² + b²) (la valeur "
                    "absolue manque).",
                    "A distance is non-negative: d = |a x₀ + b y₀ + c| / √(a² + b²) (the "
                    "absolute value is missing)."),
                wrong=lambda p: _signed),
        Mistake("racine_oubliee",
                Msg("Le dénominateur est √(a² + b²), pas a² + b².",
                    "The denominator is √(a² + b²), not a² + b²."),
                wrong=lambda p: (lambda a, b, c, x0, y0: abs(a * x0 + b * y0 + c)
                                 / (a * a + b * b))),
    ])


# --- 8. minimum on a grid ------------------------------------------------------------------
def _grid_transposed(f, xmin, xmax, ymin, ymax, n):
    xs, ys = np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)
    X, Y = np.meshgrid(xs, ys)
    Z = np.asarray(f(X, Y), dtype=float)
    i, j = np.unravel_index(np.argmin(Z), Z.shape)
    return (float(xs[i]), float(ys[j]), float(Z[i, j]))  # Z[i, j] read as (xs[i], ys[j])


def _grid_arange(f, xmin, xmax, ymin, ymax, n):
    xs = np.arange(xmin, xmax, (xmax - xmin) / n)
    ys = np.arange(ymin, ymax, (ymax - ymin) / n)
    X, Y = np.meshgrid(xs, ys)
    Z = np.asarray(f(X, Y), dtype=float)
    i, j = np.unravel_index(np.argmin(Z), Z.shape)
    return (float(xs[j]), float(ys[i]), float(Z[i, j]))


def _grid_calls(p, r: random.Random):
    a, b, k = p["a"], p["b"], p["k"]
    mine = KernelFunction(f"lambda x, y: (x - ({a}))**2 + {k}*(y - ({b}))**2 + 0.5*x*y",
                          lambda u, v: (u - a) ** 2 + k * (v - b) ** 2 + 0.5 * u * v, "numpy")
    book = KernelFunction("lambda x, y: np.hypot(x - 1, y - 2) + np.hypot(x - 3, y - 5) "
                          "+ np.hypot(x - 6, y - 1)",
                          multivariable.distance_cost([(1, 2), (3, 5), (6, 1)]), "numpy")
    u0, v0 = round(r.uniform(-2, 2), 3), round(r.uniform(-2, 2), 3)
    fresh = KernelFunction(f"lambda x, y: (x - ({u0}))**2 + 7*(y - ({v0}))**2",
                           lambda u, v: (u - u0) ** 2 + 7 * (v - v0) ** 2, "numpy")
    return [Call((mine, -5.0, 5.0, -4.0, 6.0, 41)), Call((book, 0.0, 6.0, 0.0, 6.0, 100)),
            Call((fresh, -3.0, 3.0, -2.5, 3.5, 31))]


GRILLE = FunctionItem(
    id="ch03.minimum_grille", points=1.5,
    title=Msg("Minimum sur une grille", "Minimum on a grid"),
    draw=lambda r: {"a": r.randint(-3, 3), "b": r.randint(-2, 4), "k": r.randint(2, 9)},
    statement=lambda p: f"min_grille(f, xmin, xmax, ymin, ymax, N) ; essayez "
                        f"f(x, y) = (x − ({p['a']}))² + {p['k']}(y − ({p['b']}))² + xy/2 "
                        "sur [−5, 5] × [−4, 6] avec N = 41",
    reference=lambda p: (lambda f, *box_n: multivariable.grid_min(f, box_n[:4], box_n[4])),
    calls=_grid_calls, rtol=1e-9, atol=1e-9,
    mistakes=[
        Mistake("meshgrid_transpose",
                Msg("Avec X, Y = np.meshgrid(xs, ys), Z[i, j] vaut f(xs[j], ys[i]) : l'indice "
                    "de ligne i correspond à y, l'indice de colonne j à x.",
                    "With X, Y = np.meshgrid(xs, ys), Z[i, j] is f(xs[j], ys[i]): the row "
                    "index i goes with y, the column index j with x."),
                wrong=lambda p: _grid_transposed),
        Mistake("arange",
                Msg("np.arange(a, b, pas) exclut b : utilisez np.linspace(a, b, N), qui donne N "
                    "points bornes comprises.",
                    "np.arange(a, b, step) excludes b: use np.linspace(a, b, N), which gives "
                    "N points including both ends."),
                wrong=lambda p: _grid_arange),
    ])


# --- 9. the book's regression error -----------------------------------------------------------
def _perturbed_points(r: random.Random):
    pts = [[float(a), float(b)] for a, b in regression.BOOK_POINTS]
    k = r.randrange(len(pts))
    pts[k][1] += r.choice([-2.0, -1.0, 1.0, 2.0])
    return pts


def _distance_sum(a, b, points):
    return float(np.sum(regression.perpendicular_distances(a, b, points)))


def _error_calls(p, r: random.Random):
    pts = [tuple(pt) for pt in p["points"]]
    calls = [Call((0.8, 1.6, list(map(tuple, regression.BOOK_POINTS.tolist())))),
             Call((0.0, 0.0, pts)), Call((-1.25, 9.8, pts))]
    calls += [Call((round(r.uniform(-2, 2), 3), round(r.uniform(-3, 5), 3), pts))
              for _ in range(3)]
    return calls


ERREUR = FunctionItem(
    id="ch03.erreur_orthogonale", points=1.5,
    title=Msg("Fonction d'erreur de la régression", "Error function of the regression"),
    draw=lambda r: {"points": _perturbed_points(r)},
    statement=lambda p: "erreur(a, b, points) = (1/(1 + a²)) Σ (a xᵢ − yᵢ + b)² ; vos points : "
                        + ", ".join(f"({u:g}, {v:g})" for u, v in p["points"]),
    reference=lambda p: (lambda a, b, pts: float(regression.orthogonal_error(a, b, pts))),
    calls=_error_calls, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("moindres_carres",
                Msg("Dans ce chapitre l'erreur est la somme des carrés des distances "
                    "perpendiculaires à la droite : divisez par 1 + a². Σ (a xᵢ + b − yᵢ)² "
                    "(écarts verticaux, moindres carrés ordinaires) est une autre méthode.",
                    "In this chapter the error is the sum of squared perpendicular distances "
                    "to the line: divide by 1 + a². Σ (a xᵢ + b − yᵢ)² (vertical residuals, "
                    "ordinary least squares) is another method."),
                wrong=lambda p: (lambda a, b, pts: float(regression.vertical_error(a, b, pts)))),
        Mistake("distances_non_carrees",
                Msg("On additionne les carrés des distances d(Aᵢ, D)², pas les distances "
                    "elles-mêmes.",
                    "Add the squared distances d(Aᵢ, D)², not the distances themselves."),
                wrong=lambda p: _distance_sum),
    ])


# --- 10. the orthogonal regression line ------------------------------------------------------
def _saddle(p):
    crit = regression.orthogonal_critical_points(p["points"])
    return (crit[1]["a"], crit[1]["b"])


REGRESSION = ValueItem(
    id="ch03.regression_orthogonale", points=2,
    title=Msg("Droite de régression (distances perpendiculaires)",
              "Regression line (perpendicular distances)"),
    draw=lambda r: {"points": _perturbed_points(r)},
    statement=lambda p: "droite y = ax + b qui minimise l'erreur de la question précédente pour "
                        "vos points : " + ", ".join(f"({u:g}, {v:g})" for u, v in p["points"]),
    expected=lambda p: regression.orthogonal_fit(p["points"]), rtol=1e-3, atol=1e-3,
    mistakes=[
        Mistake("moindres_carres",
                Msg("C'est la droite des moindres carrés ordinaires (écarts verticaux). Le "
                    "livre minimise les distances perpendiculaires : "
                    "f(a, b) = (1/(1 + a²)) Σ (a xᵢ − yᵢ + b)².",
                    "That is the ordinary least-squares line (vertical residuals). The book "
                    "minimises perpendicular distances: f(a, b) = (1/(1 + a²)) Σ "
                    "(a xᵢ − yᵢ + b)²."),
                wrong=lambda p: regression.vertical_fit(p["points"])),
        Mistake("point_selle",
                Msg("Ce point annule les dérivées de f mais c'est un point selle (un col), pas "
                    "le minimum : comparez les valeurs de f.",
                    "That point is critical for f but it is a saddle, not the minimum: "
                    "compare the values of f."),
                wrong=_saddle),
    ])


ITEMS = [COUT, MINIMUM, GRADIENT, PLAN, NIVEAUX, QUADRIQUES, DISTANCE, GRILLE, ERREUR,
         REGRESSION]
