"""Graded items of assignment ch02 « Python : numpy et matplotlib avec une variable »
(instructor-only: never released).

Expected answers come from ``reference/plotting.py`` with the student's parameters; figures
are handed out as data and compared by ``autograder.figures.FigureItem``. The mistakes are the
numpy pitfalls the chapter warns about (arange excludes its end, linspace's n values make
n − 1 gaps, np.cos works in radians, math functions refuse arrays) and the plotting ones
(plot joins points, range(a, b) stops at b − 1, the legend needs labels). See
``shared/book/notes/ch01-05.md`` §2.4.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

import numpy as np

from autograder.answers import CallError
from autograder.figures import Curve, FigureItem, FigureSpec, Points, example_figure, spec_mistake
from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from reference import plotting

TWO_PI = 2 * math.pi


# --- 1. predict len(np.arange(a, b, s)) -----------------------------------------------------------
def _arange_len(p):
    return len(plotting.values_table(np.cos, p["a"], p["a"] + p["m"], step=p["s"])[0])


ARANGE = ValueItem(
    id="ch02.arange_longueur", points=1,
    title=Msg("Combien de valeurs dans np.arange ?", "How many values in np.arange?"),
    draw=lambda r: {"a": r.randint(-3, 3), "m": r.randint(3, 9), "s": r.choice([0.5, 0.25])},
    statement=lambda p: f"X = np.arange({p['a']}, {p['a'] + p['m']}, {p['s']}) : "
                        "combien de valeurs contient X ?",
    expected=_arange_len, exact=True,
    mistakes=[
        Mistake("fin_incluse",
                Msg("np.arange(a, b, pas) s'arrête avant b, comme range : b n'est pas dans X.",
                    "np.arange(a, b, step) stops before b, like range: b is not in X."),
                wrong=lambda p: _arange_len(p) + 1),
        Mistake("pas_ignore",
                Msg("Le troisième argument de np.arange est le pas : avec un pas s il y a "
                    "(b − a)/s valeurs, pas b − a.",
                    "The third argument of np.arange is the step: with step s there are "
                    "(b − a)/s values, not b − a."),
                wrong=lambda p: p["m"]),
    ])


# --- 2. the gap of np.linspace(a, b, num=n) -------------------------------------------------------
def _gap(p):
    X = plotting.subdivision(p["a"], p["a"] + p["L"], p["n"])
    return float(X[1] - X[0])


LINSPACE = ValueItem(
    id="ch02.linspace_pas", points=1,
    title=Msg("L'écart entre deux valeurs de np.linspace", "The gap of np.linspace"),
    draw=lambda r: {"a": r.choice([-3, -2, -1, 1, 2]), "L": r.randint(2, 10),
                    "n": r.randint(7, 25)},
    statement=lambda p: f"X = np.linspace({p['a']}, {p['a'] + p['L']}, num={p['n']}) : "
                        "quel est l'écart X[1] − X[0] entre deux valeurs consécutives ?",
    expected=_gap, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("n_intervalles",
                Msg("num = n valeurs découpent [a, b] en n − 1 sous-intervalles : l'écart est "
                    "(b − a)/(n − 1), pas (b − a)/n.",
                    "num = n values cut [a, b] into n − 1 sub-intervals: the gap is "
                    "(b − a)/(n − 1), not (b − a)/n."),
                wrong=lambda p: p["L"] / p["n"]),
        Mistake("valeur_x1",
                Msg("C'est la valeur X[1] ; on demande l'écart X[1] − X[0].",
                    "That is the value X[1]; the gap X[1] − X[0] is asked."),
                wrong=lambda p: p["a"] + _gap(p)),
    ])


# --- 3. program subdivision(a, b, n) --------------------------------------------------------------
def _subdivision_calls(p, r: random.Random):
    calls = [Call((0.0, 1.0, 12)), Call((1.0, 2.0, 10)), Call((-3.0, 3.0, 2))]
    for _ in range(3):
        a = round(r.uniform(-10, 10), 3)
        calls.append(Call((a, round(a + r.uniform(0.5, 20), 3), r.randint(3, 60))))
    return calls


SUBDIVISION = FunctionItem(
    id="ch02.subdivision", points=1.5,
    title=Msg("Subdivision d'un intervalle", "Subdivision of an interval"),
    draw=lambda r: {},
    statement=lambda p: "subdivision(a, b, n) : les n valeurs régulièrement espacées de a à b, "
                        "a et b compris",
    reference=lambda p: plotting.subdivision,
    calls=_subdivision_calls, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("arange_fin_exclue",
                Msg("np.arange(a, b, (b − a)/n) ne contient pas b (arange exclut la fin) : "
                    "np.linspace(a, b, num=n) donne les n valeurs, a et b compris.",
                    "np.arange(a, b, (b − a)/n) misses b (arange excludes its end): "
                    "np.linspace(a, b, num=n) gives the n values, both ends included."),
                wrong=lambda p: (lambda a, b, n: np.arange(a, b, (b - a) / n))),
        Mistake("n_intervalles",
                Msg("Vous renvoyez n + 1 valeurs (n intervalles) : on veut n valeurs, donc "
                    "n − 1 intervalles.",
                    "You return n + 1 values (n intervals): n values, hence n − 1 intervals, "
                    "are asked."),
                wrong=lambda p: (lambda a, b, n: np.linspace(a, b, num=n + 1))),
    ])


# --- 4. a vectorised formula: the damped cosine ---------------------------------------------------
def _vector_calls(p, r: random.Random):
    pts = [0.0, 0.25, 1.0, round(r.uniform(0, 5), 6)]
    grid = np.linspace(0, 5, 100)
    square = np.array([[0.0, 0.5], [1.25, round(r.uniform(0, 3), 6)]])
    return [Call((v,)) for v in pts] + [Call((grid,)), Call((square,))]


def _fails_on_arrays(outs, p) -> bool:
    return any(isinstance(o, CallError) for o in outs[4:])


def _scalar_only(p):
    """Like a formula written with math.exp/math.cos: numbers only (arrays raise)."""
    def amorti(x):
        if np.ndim(x) > 0:
            raise ValueError("only 0-dimensional arrays can be converted to Python scalars")
        return math.exp(-p["a"] * x) * math.cos(TWO_PI * x)
    return amorti


AMORTI = FunctionItem(
    id="ch02.amorti", points=1.5,
    title=Msg("Une formule vectorisée", "A vectorised formula"),
    draw=lambda r: {"a": r.choice([0.5, 1.5, 2.0, 2.5, 3.0])},
    statement=lambda p: f"amorti(x) = exp(−{p['a']}·x)·cos(2πx), pour un nombre ou un tableau",
    reference=lambda p: (lambda x: plotting.damped_cosine(x, p["a"])),
    calls=_vector_calls, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("math_sur_tableau",
                Msg("Votre fonction marche sur un nombre mais pas sur un tableau : math.exp et "
                    "math.cos n'acceptent pas les tableaux, utilisez np.exp et np.cos, qui "
                    "agissent sur chaque coordonnée.",
                    "Your function works on a number but not on an array: math.exp and "
                    "math.cos refuse arrays, use np.exp and np.cos, which act on each "
                    "coordinate."),
                predicate=_fails_on_arrays, example=_scalar_only),
        Mistake("sans_2pi",
                Msg("Il faut cos(2πx) : multipliez x par 2*np.pi.",
                    "cos(2πx) is needed: multiply x by 2*np.pi."),
                wrong=lambda p: (lambda x: np.exp(-p["a"] * np.asarray(x)) * np.cos(x))),
        Mistake("signe_exposant",
                Msg("L'exponentielle est exp(−a·x) (signe moins) : la courbe doit s'amortir.",
                    "The exponential is exp(−a·x) (minus sign): the curve must decay."),
                wrong=lambda p: (lambda x: np.exp(p["a"] * np.asarray(x))
                                 * np.cos(TWO_PI * np.asarray(x)))),
    ])


# --- 5. degrees vs radians ------------------------------------------------------------------------
def _degree_calls(p, r: random.Random):
    angles = np.array([0.0, 60.0, 90.0, 180.0, 270.0, 360.0, round(r.uniform(0, 360), 4)])
    return [Call((0.0,)), Call((60.0,)), Call((round(r.uniform(-180, 180), 4),)),
            Call((angles,))]


COS_DEG = FunctionItem(
    id="ch02.cos_degres", points=1,
    title=Msg("Cosinus d'un angle en degrés", "Cosine of an angle in degrees"),
    draw=lambda r: {},
    statement=lambda p: "cos_deg(x) : le cosinus de l'angle x donné en degrés (nombre ou tableau)",
    reference=lambda p: plotting.cos_deg, calls=_degree_calls, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("radians",
                Msg("np.cos attend des radians : convertissez d'abord, x degrés = 2π·x/360 "
                    "radians.",
                    "np.cos expects radians: convert first, x degrees = 2π·x/360 radians."),
                wrong=lambda p: (lambda x: np.cos(np.asarray(x, dtype=float)))),
        Mistake("conversion_inverse",
                Msg("Conversion à l'envers : x degrés valent 2π·x/360 radians (et non "
                    "360·x/(2π)).",
                    "Conversion upside down: x degrees are 2π·x/360 radians (not 360·x/(2π))."),
                wrong=lambda p: (lambda x: np.cos(np.asarray(x, dtype=float) * 360 / TWO_PI))),
    ])


# --- 6. the sigmoid family f_k --------------------------------------------------------------------
def _sigmoid_calls(p, r: random.Random):
    X = np.linspace(-5, 5, 41)
    return ([Call((X, k)) for k in (1, 2, 3, 4)]
            + [Call((0.0, r.randint(1, 9))), Call((round(r.uniform(-3, 3), 5), 2.5))])


SIGMOIDES = FunctionItem(
    id="ch02.sigmoide_k", points=1,
    title=Msg("La famille de sigmoïdes f_k", "The sigmoid family f_k"),
    draw=lambda r: {},
    statement=lambda p: "f(x, k) = 1/(1 + exp(−k·x)), x nombre ou tableau, k nombre",
    reference=lambda p: plotting.sigmoid_family, calls=_sigmoid_calls, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("signe",
                Msg("C'est exp(−k·x) au dénominateur : avec exp(k·x) la courbe descend.",
                    "It is exp(−k·x) in the denominator: with exp(k·x) the curve decreases."),
                wrong=lambda p: (lambda x, k: 1 / (1 + np.exp(k * np.asarray(x))))),
        Mistake("k_oublie",
                Msg("Le paramètre k multiplie x : f_k(x) = 1/(1 + e^(−kx)).",
                    "The parameter k multiplies x: f_k(x) = 1/(1 + e^(−kx))."),
                wrong=lambda p: (lambda x, k: 1 / (1 + np.exp(-np.asarray(x))))),
    ])


# --- 7. choose the command ------------------------------------------------------------------------
LETTERS = "ABCD"


def _commands(p):
    b, s = p["b"], p["s"]
    n = round(b / s)
    return {"ok": f"np.linspace(0, {b}, num={n + 1})",
            "arange": f"np.arange(0, {b}, {s})",
            "num_n": f"np.linspace(0, {b}, num={n})",
            "pas_nombre": f"np.arange(0, {b}, {n + 1})"}


def _letter(p, key):
    return LETTERS[p["order"].index(key)]


def _choices_text(p):
    cmds = _commands(p)
    options = " ; ".join(f"{LETTERS[i]} : {cmds[key]}" for i, key in enumerate(p["order"]))
    return (f"Quelle commande donne exactement les valeurs 0, {p['s']}, {2 * p['s']}, …, "
            f"{p['b']} ({p['b']} compris) ? {options}")


CHOIX = ValueItem(
    id="ch02.choix_commande", points=1,
    title=Msg("Choisir la bonne commande", "Choose the right command"),
    draw=lambda r: {"b": r.randint(2, 5), "s": r.choice([0.5, 0.25]),
                    "order": r.sample(["ok", "arange", "num_n", "pas_nombre"], 4)},
    statement=_choices_text,
    expected=lambda p: _letter(p, "ok"),
    mistakes=[
        Mistake("arange_fin_exclue",
                Msg("np.arange(0, b, s) s'arrête avant b : la dernière valeur b manque.",
                    "np.arange(0, b, s) stops before b: the last value b is missing."),
                wrong=lambda p: _letter(p, "arange")),
        Mistake("num_intervalles",
                Msg("linspace(0, b, num=n) donne n valeurs donc n − 1 intervalles : l'écart "
                    "n'est pas s. Il faut une valeur de plus.",
                    "linspace(0, b, num=n) gives n values hence n − 1 gaps: the gap is not s. "
                    "One more value is needed."),
                wrong=lambda p: _letter(p, "num_n")),
        Mistake("pas_nombre",
                Msg("Le troisième argument de np.arange est le pas, pas le nombre de valeurs.",
                    "The third argument of np.arange is the step, not the number of values."),
                wrong=lambda p: _letter(p, "pas_nombre")),
    ])


# --- 8. scatter points ----------------------------------------------------------------------------
def _points_spec(p):
    return FigureSpec(points=Points(tuple(float(v) for v in range(6)),
                                    tuple(float(v) for v in p["Y"])),
                      xlabel="x", ylabel="y")


def _joined(fig, p) -> bool:
    want = np.array(p["Y"], dtype=float)
    return any(line.n == 6 and np.allclose(line.y, want) for ax in fig.axes for line in ax.lines
               ) and not any(ax.scatters for ax in fig.axes)


def _joined_example(p):
    """plt.plot(X, Y) instead of plt.scatter(X, Y): one line through the six points."""
    joined = FigureSpec(curves=(Curve(lambda x: np.interp(x, range(6), p["Y"]), (0.0, 5.0),
                                      "Y", min_points=6),), xlabel="x", ylabel="y")
    return example_figure(joined, n=6)


FIG_POINTS = FigureItem(
    id="ch02.fig_points", points=1,
    title=Msg("Tracé point par point", "Plotting point by point"),
    draw=lambda r: {"Y": [r.randint(0, 9) for _ in range(6)]},
    statement=lambda p: f"X = [0, 1, 2, 3, 4, 5], Y = {p['Y']} : marquez les points (x, y) "
                        "sans les relier, axes nommés « x » et « y »",
    expected=_points_spec,
    mistakes=[
        Mistake("plot_relie",
                Msg("plt.plot relie les points entre eux ; plt.scatter(X, Y) les marque "
                    "seulement.",
                    "plt.plot joins the points; plt.scatter(X, Y) only marks them."),
                predicate=_joined, example=_joined_example),
        spec_mistake("x_y_inverses",
                     Msg("plt.scatter(X, Y) : les abscisses d'abord, les ordonnées ensuite.",
                         "plt.scatter(X, Y): abscissas first, then ordinates."),
                     lambda p: replace(_points_spec(p), points=Points(
                         tuple(float(v) for v in p["Y"]), tuple(float(v) for v in range(6))))),
    ])


# --- 9. the « Amorti » figure ---------------------------------------------------------------------
def _amorti_spec(p, f=None):
    a, b = p["a"], p["b"]
    f = f or (lambda x: plotting.damped_cosine(x, a))
    return FigureSpec(curves=(Curve(f, (0.0, float(b)), "f"),), title="Amorti", grid=True,
                      xlim=(0.0, float(b)), aspect_equal=True, saved="amorti.png")


FIG_AMORTI = FigureItem(
    id="ch02.fig_amorti", points=1.5,
    title=Msg("La figure « Amorti »", "The “Amorti” figure"),
    draw=lambda r: {"a": r.choice([0.5, 1.5, 2.0]), "b": r.randint(3, 6)},
    statement=lambda p: f"f(x) = exp(−{p['a']}·x)·cos(2πx) sur [0, {p['b']}] : titre « Amorti », "
                        f"repère orthonormé, grille, axe des x de 0 à {p['b']}, "
                        "image enregistrée dans amorti.png",
    expected=_amorti_spec,
    mistakes=[
        spec_mistake(
            "sans_2pi",
            Msg("La courbe tracée est exp(−a·x)·cos(x) : il faut cos(2πx).",
                "The curve drawn is exp(−a·x)·cos(x): cos(2πx) is needed."),
            lambda p: _amorti_spec(p, lambda x: np.exp(-p["a"] * x) * np.cos(x))),
        spec_mistake(
            "exemple_du_livre",
            Msg("Vous avez tracé l'exemple du livre exp(−x)·cos(2πx) : votre fonction a un "
                "autre coefficient a (voir l'énoncé).",
                "You drew the book's example exp(−x)·cos(2πx): your function has another "
                "coefficient a (see the statement)."),
            lambda p: _amorti_spec(p, lambda x: plotting.damped_cosine(x, 1.0))),
    ])


# --- 10. several curves with a legend -------------------------------------------------------------
def _sigmoid_spec(ks, sign=1):
    def curve(k):
        return Curve(lambda x: plotting.sigmoid_family(x, sign * k), (-5.0, 5.0), f"k={k}",
                     label=f"k={k}")

    return FigureSpec(curves=tuple(curve(k) for k in ks), legend=True)


def _ks(p):
    return list(range(p["k0"], p["k1"] + 1))


FIG_SIGMOIDES = FigureItem(
    id="ch02.fig_sigmoides", points=2,
    title=Msg("Plusieurs courbes et une légende", "Several curves and a legend"),
    draw=lambda r: (lambda k0, m: {"k0": k0, "k1": k0 + m - 1})(r.randint(1, 3), r.randint(3, 5)),
    statement=lambda p: f"Les courbes de f_k(x) = 1/(1 + exp(−k·x)) sur [−5, 5] pour k = "
                        f"{p['k0']}, …, {p['k1']} (inclus), étiquetées \"k={p['k0']}\", …, "
                        "avec une légende",
    expected=lambda p: _sigmoid_spec(_ks(p)),
    mistakes=[
        spec_mistake(
            "borne_exclue",
            Msg("range(k0, k1) s'arrête à k1 − 1 : la dernière courbe manque, écrivez "
                "range(k0, k1 + 1).",
                "range(k0, k1) stops at k1 − 1: the last curve is missing, write "
                "range(k0, k1 + 1)."),
            lambda p: _sigmoid_spec(_ks(p)[:-1])),
        spec_mistake(
            "signe",
            Msg("Les courbes tracées sont 1/(1 + exp(k·x)) : c'est exp(−k·x).",
                "The curves drawn are 1/(1 + exp(k·x)): it is exp(−k·x)."),
            lambda p: _sigmoid_spec(_ks(p), sign=-1)),
    ])


ITEMS = [ARANGE, LINSPACE, SUBDIVISION, AMORTI, COS_DEG, SIGMOIDES, CHOIX, FIG_POINTS,
         FIG_AMORTI, FIG_SIGMOIDES]
