"""Graded items of assignment ch04 « Python : numpy et matplotlib avec deux variables »
(instructor-only: never released).

Expected answers come from ``reference/plotting.py`` and ``reference/multivariable.py`` with
the student's parameters; the surface and the level lines are handed out as data and compared
by ``autograder.figures.FigureItem``. The mistakes are the two-variable pitfalls: meshgrid's
X holds the abscissas and Z[i, j] = f(VX[j], VY[i]) (not 'ij' indexing), a row of Z is a slice
y = constant, reshape fills row by row, np.argmin gives indices not coordinates,
np.vectorize takes its dtype from the first result unless otypes is given, log/exp with
nan/inf, linspace's step, and arange excluding the last level. See
``shared/book/notes/ch01-05.md`` §4.4.
"""

from __future__ import annotations

import random

import numpy as np

from autograder.answers import CallError
from autograder.figures import (
    Contour,
    FigureData,
    FigureItem,
    FigureSpec,
    Surface,
    example_figure,
    spec_mistake,
)
from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from reference import multivariable, plotting


# --- 1. reshape fills row by row ------------------------------------------------------------------
def _draw_reshape(r: random.Random):
    while True:
        s, p, n = r.randint(1, 9), r.randint(2, 4), r.randint(3, 6)
        i, j = r.randrange(p), r.randrange(n)
        values = {s + i * n + j, s + j * n + i, s + i + j * p}
        if p != n and len(values) == 3:
            return {"s": s, "p": p, "n": n, "i": i, "j": j}


def _entry(p):
    A = np.arange(p["s"], p["s"] + p["p"] * p["n"]).reshape((p["p"], p["n"]))
    return next(v for i, j, v in plotting.entries(A) if (i, j) == (p["i"], p["j"]))


RESHAPE = ValueItem(
    id="ch04.element_reshape", points=1,
    title=Msg("Un élément d'un tableau", "An entry of an array"),
    draw=_draw_reshape,
    statement=lambda p: f"X = np.arange({p['s']}, {p['s'] + p['p'] * p['n']}) ; "
                        f"A = X.reshape(({p['p']}, {p['n']})) : que vaut A[{p['i']}, {p['j']}] ?",
    expected=_entry, exact=True,
    mistakes=[
        Mistake("ligne_colonne",
                Msg("A[i, j] est l'élément de la ligne i et de la colonne j (pas l'inverse).",
                    "A[i, j] is the entry in row i and column j (not the other way round)."),
                wrong=lambda p: p["s"] + p["j"] * p["n"] + p["i"]),
        Mistake("ordre_colonnes",
                Msg("reshape remplit le tableau ligne par ligne : A[i, j] = X[i·n + j] pour un "
                    "tableau de n colonnes.",
                    "reshape fills the array row by row: A[i, j] = X[i·n + j] for an array "
                    "of n columns."),
                wrong=lambda p: p["s"] + p["i"] + p["j"] * p["p"]),
    ])


# --- 2. Z = f(X, Y) on a meshgrid -----------------------------------------------------------------
def _grid_axes(p):
    return np.linspace(0, 2, p["nx"]), np.linspace(-1, 1, p["ny"])


def _linear(p):
    return lambda x, y: x + p["c"] * y


def _z(p, f=None):
    return plotting.evaluate_on_grid(f or _linear(p), *_grid_axes(p))[2]


GRILLE = ValueItem(
    id="ch04.grille_Z", points=1.5,
    title=Msg("Une fonction sur une grille", "A function on a grid"),
    draw=lambda r: (lambda nx: {"c": r.choice([2, 3, 5, 10]), "nx": nx,
                                "ny": nx + r.randint(1, 2)})(r.randint(4, 6)),
    statement=lambda p: f"f(x, y) = x + {p['c']}·y, VX = np.linspace(0, 2, {p['nx']}), "
                        f"VY = np.linspace(-1, 1, {p['ny']}) : le tableau Z des valeurs de f "
                        "sur la grille np.meshgrid(VX, VY)",
    expected=_z, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("indexation_ij",
                Msg("Avec np.meshgrid(VX, VY) (indexation 'xy' par défaut), Z a len(VY) lignes "
                    "et len(VX) colonnes : Z[i, j] = f(VX[j], VY[i]). Vous avez la transposée "
                    "(indexing='ij').",
                    "With np.meshgrid(VX, VY) (default 'xy' indexing), Z has len(VY) rows and "
                    "len(VX) columns: Z[i, j] = f(VX[j], VY[i]). You have the transpose "
                    "(indexing='ij')."),
                wrong=lambda p: _z(p).T),
        Mistake("roles_echanges",
                Msg("X, Y = np.meshgrid(VX, VY) : X contient les abscisses et Y les ordonnées ; "
                    "calculez f(X, Y), pas f(Y, X).",
                    "X, Y = np.meshgrid(VX, VY): X holds the abscissas and Y the ordinates; "
                    "compute f(X, Y), not f(Y, X)."),
                wrong=lambda p: _z(p, lambda x, y: y + p["c"] * x)),
    ])


# --- 3. a slice of the graph ----------------------------------------------------------------------
def _slice_axes(p):
    return np.linspace(-2, 2, p["nx"]), np.linspace(-1, 3, p["ny"])


def _slice_z(p):
    return plotting.evaluate_on_grid(lambda x, y: x**2 - p["a"] * y, *_slice_axes(p))[2]


COUPE = ValueItem(
    id="ch04.coupe", points=1,
    title=Msg("Une tranche y = constante", "A slice y = constant"),
    draw=lambda r: (lambda nx, ny: {"a": r.randint(1, 3), "nx": nx, "ny": ny,
                                    "i": r.randint(1, min(nx, ny) - 2)})(
        r.choice([5, 7, 9]), r.choice([6, 11])),
    statement=lambda p: f"f(x, y) = x² − {p['a']}·y sur la grille np.meshgrid(VX, VY), "
                        f"VX = np.linspace(-2, 2, {p['nx']}), VY = np.linspace(-1, 3, {p['ny']}) "
                        f": le vecteur des valeurs de f sur la tranche y = "
                        f"{_slice_axes(p)[1][p['i']]:.6g} (= VY[{p['i']}])",
    expected=lambda p: _slice_z(p)[p["i"], :], rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("colonne",
                Msg("La ligne i de Z correspond à y = VY[i] : c'est Z[i, :] (Z[:, i] est la "
                    "tranche x = VX[i]).",
                    "Row i of Z is the slice y = VY[i]: it is Z[i, :] (Z[:, i] is the slice "
                    "x = VX[i])."),
                wrong=lambda p: _slice_z(p)[:, p["i"]]),
    ])


# --- 4. the minimum on a grid ---------------------------------------------------------------------
def _bowl(p):
    x0, y0 = p["x0"], p["y0"]
    return lambda x, y: (x - x0) ** 2 + 2 * (y - y0) ** 2 + (x - x0) * (y - y0) / 2


BOX = (-3.0, 3.0, -3.0, 3.0)


def _grid_min(p):
    x, y, _ = multivariable.grid_min(_bowl(p), BOX, 13)
    return (x, y)


def _grid_min_indices(p):
    x, y = _grid_min(p)
    return (int(round((y + 3) / 0.5)), int(round((x + 3) / 0.5)))


def _shift(var: str, value: float) -> str:
    """"x − 1.3" or "x + 2.7" for x − value."""
    return f"{var} − {value:g}" if value >= 0 else f"{var} + {-value:g}"


def _draw_min(r: random.Random):
    """A minimum off the grid (so the grid point must be searched), not on the diagonal."""
    while True:
        v, w = r.sample([k / 2 for k in range(-5, 6)], 2)
        p = {"x0": round(v + r.choice([-0.2, 0.2]), 2), "y0": round(w + r.choice([-0.15, 0.15]), 2)}
        x, y = _grid_min(p)
        if abs(x - y) > 0.25 and abs(x - p["x0"]) > 1e-9:
            return p


MINIMUM = ValueItem(
    id="ch04.minimum_grille", points=1.5,
    title=Msg("Le minimum sur une grille", "The minimum on a grid"),
    draw=_draw_min,
    statement=lambda p: f"f(x, y) = ({_shift('x', p['x0'])})² + 2({_shift('y', p['y0'])})² + "
                        f"({_shift('x', p['x0'])})({_shift('y', p['y0'])})/2 sur la grille "
                        "np.meshgrid(np.linspace(-3, 3, 13), np.linspace(-3, 3, 13)) : "
                        "le point (x, y) de la grille où f est minimale",
    expected=_grid_min, rtol=1e-9, atol=1e-9,
    mistakes=[
        Mistake("indices",
                Msg("np.argmin et np.unravel_index donnent les indices (i, j) ; le point "
                    "cherché est (X[i, j], Y[i, j]) = (VX[j], VY[i]).",
                    "np.argmin and np.unravel_index give the indices (i, j); the point is "
                    "(X[i, j], Y[i, j]) = (VX[j], VY[i])."),
                wrong=_grid_min_indices),
        Mistake("xy_inverses",
                Msg("Vous avez inversé x et y : la ligne i de Z correspond à y = VY[i] et la "
                    "colonne j à x = VX[j].",
                    "You swapped x and y: row i of Z is y = VY[i] and column j is x = VX[j]."),
                wrong=lambda p: _grid_min(p)[::-1]),
    ])


# --- 5. np.vectorize and its dtype trap -----------------------------------------------------------
def relu_scalar(x):
    """The chapter's style: a scalar-only ReLU with an `if` (its 0 is an int)."""
    if x >= 0:
        return x
    return 0


def _relu_calls(p, r: random.Random):
    first_negative = np.array([-1.0, 0.5, 2.7, round(r.uniform(-3, 3), 4)])
    square = np.array([[-2.5, 1.5], [round(r.uniform(0.1, 3), 4), -0.25]])
    return [Call((first_negative,)), Call((np.array([0.5, -1.0, 2.7]),)), Call((square,)),
            Call((3.5,)), Call((-2.0,))]


RELU = FunctionItem(
    id="ch04.relu_vec", points=1.5,
    title=Msg("Vectoriser une fonction", "Vectorising a function"),
    draw=lambda r: {},
    statement=lambda p: "relu_vec : la version vectorisée (nombres, vecteurs, tableaux ; "
                        "résultats flottants) de la fonction relu fournie",
    reference=lambda p: plotting.vectorize_scalar(relu_scalar),
    calls=_relu_calls, rtol=1e-12, atol=1e-12,
    mistakes=[
        Mistake("otypes",
                Msg("Sans otypes, np.vectorize prend le type du premier résultat (l'entier 0 "
                    "pour x < 0) et tronque les flottants suivants : "
                    "np.vectorize(relu, otypes=[np.float64]).",
                    "Without otypes, np.vectorize takes the type of the first result (the int "
                    "0 for x < 0) and truncates the later floats: "
                    "np.vectorize(relu, otypes=[np.float64])."),
                wrong=lambda p: np.vectorize(relu_scalar)),
        Mistake("non_vectorisee",
                Msg("Le test « if x >= 0 » ne sait pas traiter un tableau (ValueError) : "
                    "vectorisez la fonction avec np.vectorize.",
                    "The test “if x >= 0” cannot handle an array (ValueError): vectorise the "
                    "function with np.vectorize."),
                predicate=lambda outs, p: all(isinstance(o, CallError) for o in outs[:3]),
                example=lambda p: relu_scalar),
    ])


# --- 6. zero and infinity -------------------------------------------------------------------------
def _exp_log(p):
    return plotting.quiet_eval(lambda v: np.exp(np.log(v)), np.array(p["X"], dtype=float))


def _draw_xs(r: random.Random):
    xs = [-r.randint(1, 5), 0, 1, r.randint(2, 9), r.randint(10, 20)]
    r.shuffle(xs)
    return {"X": xs}


EXP_LOG = ValueItem(
    id="ch04.exp_log", points=1,
    title=Msg("Le zéro et l'infini", "Zero and infinity"),
    draw=_draw_xs,
    statement=lambda p: f"X = np.array({p['X']}) : le vecteur np.exp(np.log(X)) "
                        "(prévoyez-le, puis vérifiez)",
    expected=_exp_log, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("identite",
                Msg("exp(ln x) = x seulement pour x > 0 : ln d'un négatif donne nan, ln 0 donne "
                    "−inf et exp(−inf) = 0.",
                    "exp(ln x) = x only for x > 0: ln of a negative number is nan, ln 0 is −inf "
                    "and exp(−inf) = 0."),
                wrong=lambda p: np.array(p["X"], dtype=float)),
        Mistake("zero_nan",
                Msg("np.log(0) vaut −inf (pas nan), et np.exp(−inf) = 0.",
                    "np.log(0) is −inf (not nan), and np.exp(−inf) = 0."),
                wrong=lambda p: np.where(np.array(p["X"]) == 0, np.nan, _exp_log(p))),
    ])


# --- 7. indexing a linspace -----------------------------------------------------------------------
LINSPACE_K = ValueItem(
    id="ch04.linspace_element", points=1,
    title=Msg("Un élément d'un linspace", "An entry of a linspace"),
    draw=lambda r: {"L": r.choice([5, 10, 20]), "N": r.choice([50, 100, 200]),
                    "k": r.randint(10, 45)},
    statement=lambda p: f"X = np.linspace(0, {p['L']}, num={p['N']}) : la valeur de X[{p['k']}]",
    expected=lambda p: float(plotting.subdivision(0, p["L"], p["N"])[p["k"]]),
    rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("pas_L_sur_N",
                Msg("Le pas de np.linspace(0, L, num=N) est L/(N − 1) (N valeurs, N − 1 "
                    "intervalles), pas L/N.",
                    "The step of np.linspace(0, L, num=N) is L/(N − 1) (N values, N − 1 gaps), "
                    "not L/N."),
                wrong=lambda p: p["k"] * p["L"] / p["N"]),
        Mistake("indice_decale",
                Msg("Les indices commencent à 0 : X[k] est la (k + 1)-ième valeur, k·L/(N − 1).",
                    "Indices start at 0: X[k] is the (k + 1)-th value, k·L/(N − 1)."),
                wrong=lambda p: (p["k"] - 1) * p["L"] / (p["N"] - 1)),
    ])


# --- 8. a surface in 3-D --------------------------------------------------------------------------
def _saddle(p, swap=False):
    c = p["c"]
    return (lambda x, y: y**2 - c * x**2) if swap else (lambda x, y: x**2 - c * y**2)


def _surface_spec(p, swap=False):
    r = float(p["r"])
    return FigureSpec(surface=Surface(_saddle(p, swap), (-r, r), (-r, r)), projection="3d")


def _flat(fig: FigureData, p) -> bool:
    return bool(fig.axes) and not any(ax.name == "3d" for ax in fig.axes)


def _flat_example(p):
    r = float(p["r"])
    return example_figure(FigureSpec(contour=Contour(_saddle(p), (-1.0, 0.0, 1.0), (-r, r, -r, r))))


FIG_SURFACE = FigureItem(
    id="ch04.fig_surface", points=1.5,
    title=Msg("Le graphe d'une fonction de deux variables", "The graph of a function of two "
              "variables"),
    draw=lambda r: {"c": r.choice([0.5, 2, 3]), "r": r.randint(1, 3)},
    statement=lambda p: f"Le graphe z = f(x, y) de f(x, y) = x² − {p['c']}·y² sur "
                        f"[−{p['r']}, {p['r']}] × [−{p['r']}, {p['r']}], en 3D",
    expected=_surface_spec,
    mistakes=[
        spec_mistake("roles_echanges",
                     Msg("La surface tracée est z = f(y, x) : X (abscisses) et Y (ordonnées) "
                         "ont été échangés.",
                         "The surface drawn is z = f(y, x): X (abscissas) and Y (ordinates) "
                         "were swapped."),
                     lambda p: _surface_spec(p, swap=True)),
        Mistake("plan",
                Msg("Le graphe d'une fonction de deux variables se trace en 3D : "
                    "ax = plt.axes(projection='3d') puis ax.plot_surface(X, Y, Z).",
                    "The graph of a function of two variables is drawn in 3-D: "
                    "ax = plt.axes(projection='3d') then ax.plot_surface(X, Y, Z)."),
                predicate=_flat, example=_flat_example),
    ])


# --- 9. level lines -------------------------------------------------------------------------------
def _cubic(p, swap=False):
    a = p["a"]
    if swap:
        return lambda x, y: x**3 + a * x**2 - y**2
    return lambda x, y: y**3 + a * y**2 - x**2


def _levels(p, last=True):
    return tuple(float(v) for v in range(p["l0"], p["l1"] + (1 if last else 0)))


def _contour_spec(p, *, last=True, filled=False, swap=False):
    return FigureSpec(contour=Contour(_cubic(p, swap), _levels(p, last), (-2.0, 2.0, -2.0, 2.0),
                                      filled=filled))


FIG_NIVEAUX = FigureItem(
    id="ch04.fig_niveaux", points=2,
    title=Msg("Lignes de niveau", "Level lines"),
    draw=lambda r: {"a": r.randint(1, 3), "l0": r.choice([-4, -3]), "l1": r.choice([2, 3])},
    statement=lambda p: f"Les lignes de niveau de f(x, y) = y³ + {p['a']}·y² − x² sur "
                        f"[−2, 2] × [−2, 2] (au moins 50 points par axe), pour les niveaux "
                        f"entiers de {p['l0']} à {p['l1']} (inclus)",
    expected=_contour_spec,
    mistakes=[
        spec_mistake("fin_exclue",
                     Msg("np.arange(l0, l1) s'arrête avant l1 : le dernier niveau manque, "
                         "écrivez np.arange(l0, l1 + 1).",
                         "np.arange(l0, l1) stops before l1: the last level is missing, write "
                         "np.arange(l0, l1 + 1)."),
                     lambda p: _contour_spec(p, last=False)),
        spec_mistake("contourf",
                     Msg("plt.contourf colorie les régions entre les niveaux ; les lignes de "
                         "niveau se tracent avec plt.contour(X, Y, Z, niveaux).",
                         "plt.contourf fills the regions between levels; level lines are drawn "
                         "with plt.contour(X, Y, Z, levels)."),
                     lambda p: _contour_spec(p, filled=True)),
        spec_mistake("roles_echanges",
                     Msg("Ce sont les lignes de niveau de f(y, x) : X contient les abscisses, Y "
                         "les ordonnées ; calculez Z = f(X, Y).",
                         "These are the level lines of f(y, x): X holds the abscissas, Y the "
                         "ordinates; compute Z = f(X, Y)."),
                     lambda p: _contour_spec(p, swap=True)),
    ])


# --- 10. reading a region f ≥ 0 off a grid --------------------------------------------------------
def _fraction(p, c_sign=1):
    f = _cubic(p)
    return multivariable.superlevel_fraction(lambda x, y: c_sign * f(x, y),
                                             (-2, 2, -2, 2), p["N"], 0.0)


FRACTION = ValueItem(
    id="ch04.fraction_positive", points=1.5,
    title=Msg("La région f ≥ 0", "The region f ≥ 0"),
    draw=lambda r: {"a": r.randint(1, 3), "N": r.choice([100, 200, 400])},
    statement=lambda p: f"f(x, y) = y³ + {p['a']}·y² − x² sur la grille de {p['N']} × {p['N']} "
                        f"points np.meshgrid(np.linspace(-2, 2, {p['N']}), "
                        f"np.linspace(-2, 2, {p['N']})) : la proportion des points où f ≥ 0",
    expected=_fraction, rtol=0, atol=2e-3,
    mistakes=[
        Mistake("inegalite_inverse",
                Msg("C'est la proportion des points où f ≤ 0 : on demande f(x, y) ≥ 0 "
                    "(np.mean(Z >= 0)).",
                    "That is the share of points where f ≤ 0: f(x, y) ≥ 0 is asked "
                    "(np.mean(Z >= 0))."),
                wrong=lambda p: _fraction(p, -1)),
        Mistake("effectif",
                Msg("C'est le nombre de points ; la proportion est ce nombre divisé par N² "
                    "(ou np.mean(Z >= 0)).",
                    "That is the number of points; the share is that number divided by N² "
                    "(or np.mean(Z >= 0))."),
                wrong=lambda p: round(_fraction(p) * p["N"] ** 2)),
    ])


ITEMS = [RESHAPE, GRILLE, COUPE, MINIMUM, RELU, EXP_LOG, LINSPACE_K, FIG_SURFACE, FIG_NIVEAUX,
         FRACTION]
