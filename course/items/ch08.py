"""Graded items of assignment ch08 « Descente de gradient » (instructor-only: never released).

Most items are trace items (``autograder/traces.py``): the student's method returns its
iterates P₀, P₁, …; the grader calls it in the kernel on the student's problem, the book's
cases and fresh random problems, compares every iterate with ``reference/descent.py`` and names
the first wrong one and the likely cause (each declared variant is replayed with the reference).
See ``shared/book/notes/ch06-10.md`` §8.4. Conventions stated in the notebook: the trace starts
with P₀ (n steps give n + 1 points); chapter 8's errors are SUMS (SGD uses grad Eᵢ unscaled,
a mini-batch the SUM of its K local gradients); data are visited in their order A₁ … A_N, the
last batch of an epoch is shorter when K does not divide N; momentum starts with P₋₁ = P₀.
"""

from __future__ import annotations

import random

import numpy as np

from autograder.items import Call, KernelFunction, Mistake, ValueItem
from autograder.model import Msg
from autograder.traces import TraceItem
from reference import descent, linear_regression


def quadratic(a: float, b: float) -> KernelFunction:
    """grad f for f(x, y) = a x² + b y²: lambda source built by the kernel, and its twin."""
    return KernelFunction(f"lambda P: np.array([{2 * a!r} * P[0], {2 * b!r} * P[1]])",
                          lambda P: np.array([2 * a * P[0], 2 * b * P[1]]), lib="numpy")


def _rand_problem(r: random.Random) -> tuple[KernelFunction, np.ndarray]:
    return (quadratic(round(r.uniform(0.5, 2.5), 3), round(r.uniform(0.5, 2.5), 3)),
            np.array([round(r.uniform(-3, 3), 3), round(r.uniform(-3, 3), 3)]))


def _draw_quadratic(r: random.Random) -> dict:
    return {"a": r.randint(1, 4), "b": r.randint(1, 4), "P0": [r.randint(-3, 3) or 1,
                                                              r.randint(-3, 3) or 2],
            "delta": r.choice([0.05, 0.1, 0.15])}


def _own(p) -> tuple[KernelFunction, np.ndarray]:
    return quadratic(float(p["a"]), float(p["b"])), np.array(p["P0"], dtype=float)


def _show_f(p) -> str:
    return f"f(x, y) = {p['a']}x² + {p['b']}y², P₀ = {tuple(p['P0'])}, δ = {p['delta']}"


# --- 1. classic descent -------------------------------------------------------------------
def _gd(grad, P0, delta, n):
    return descent.gradient_descent_trace(grad, P0, delta, n)


def _gd_calls(p, r: random.Random) -> list[Call]:
    g, P0 = _own(p)
    calls = [Call((quadratic(1.0, 3.0), np.array([2.0, 1.0]), 0.2, 5)),  # the book's 8-E1
             Call((g, P0, float(p["delta"]), 6))]
    for _ in range(3):
        g, P0 = _rand_problem(r)
        calls.append(Call((g, P0, round(r.uniform(0.05, 0.3), 3), r.randint(4, 8))))
    return calls


DESCENTE = TraceItem(
    id="ch08.descente", points=1.5,
    title=Msg("Descente de gradient classique", "Classic gradient descent"),
    draw=_draw_quadratic,
    statement=lambda p: "descente(grad, P0, delta, n) renvoie P₀, P₁, …, Pₙ ; essayez "
                        + _show_f(p) + ", n = 6",
    reference=lambda p: _gd, calls=_gd_calls,
    mistakes=[
        Mistake("signe",
                Msg("Vous montez : la descente retranche le gradient, "
                    "P_{k+1} = P_k − δ grad f(P_k).",
                    "You are climbing: descent subtracts the gradient, "
                    "P_{k+1} = P_k − δ grad f(P_k)."),
                wrong=lambda p: lambda g, P0, d, n: _gd(g, P0, -d, n)),
        Mistake("sans_P0",
                Msg("La liste des itérés commence par P₀ : n pas donnent n + 1 points.",
                    "The list of iterates starts with P₀: n steps give n + 1 points."),
                wrong=lambda p: lambda g, P0, d, n: _gd(g, P0, d, n)[1:]),
    ])


# --- 2. step size: converge, oscillate, diverge (f(a) = a² + 1) -----------------------------
def _behaviour(delta: float) -> str:
    q = 1 - 2 * delta  # a_k = a₀ (1 − 2δ)^k
    if abs(q) >= 1:
        return "diverge"
    return "oscille" if q < 0 else "converge"


def _draw_steps(r: random.Random) -> dict:
    return {"deltas": [r.choice([0.05, 0.1, 0.2, 0.3]), r.choice([0.6, 0.7, 0.8, 0.9]),
                       r.choice([1.05, 1.1, 1.2])][::r.choice([1, -1])]}


PAS = ValueItem(
    id="ch08.effet_du_pas", points=1,
    title=Msg("Effet du pas", "Effect of the step size"),
    draw=_draw_steps,
    statement=lambda p: f"f(a) = a² + 1, a₀ = 2 ; pour δ dans {p['deltas']}, répondez par la "
                        "liste des comportements « converge », « oscille » ou « diverge »",
    expected=lambda p: [_behaviour(d) for d in p["deltas"]], exact=True,
    mistakes=[
        Mistake("oscille_diverge",
                Msg("a_{k+1} = (1 − 2δ) a_k : pour 1/2 < δ < 1, le facteur est dans ]−1, 0[ : "
                    "la suite change de signe mais converge vers 0 (elle oscille).",
                    "a_{k+1} = (1 − 2δ) a_k: for 1/2 < δ < 1 the factor lies in ]−1, 0[: the "
                    "sequence changes sign but converges to 0 (it oscillates)."),
                wrong=lambda p: ["converge" if d < 0.5 else "diverge" for d in p["deltas"]]),
        Mistake("pas_grand_converge",
                Msg("Pour δ > 1, |1 − 2δ| > 1 : les itérés s'éloignent de 0, la descente "
                    "diverge.",
                    "For δ > 1, |1 − 2δ| > 1: the iterates move away from 0, descent diverges."),
                wrong=lambda p: ["converge" if d < 0.5 else "oscille" for d in p["deltas"]]),
    ])


# --- 3. a decreasing step ---------------------------------------------------------------
def _gd_linear(offset: int = 1, constant: bool = False):
    def run(grad, P0, delta0, n):
        step = (lambda k: delta0) if constant else (lambda k: delta0 / (k + offset))
        return descent.gradient_descent_trace(grad, P0, step, n)
    return run


def _schedule_calls(p, r: random.Random) -> list[Call]:
    g, P0 = _own(p)
    calls = [Call((g, P0, 0.2, 6)), Call((quadratic(1.0, 3.0), np.array([2.0, 1.0]), 0.3, 5))]
    g, P0 = _rand_problem(r)
    calls.append(Call((g, P0, round(r.uniform(0.1, 0.3), 3), r.randint(4, 7))))
    return calls


PAS_VARIABLE = TraceItem(
    id="ch08.pas_decroissant", points=1,
    title=Msg("Pas décroissant", "Decreasing step"),
    draw=_draw_quadratic,
    statement=lambda p: "descente_pas_lineaire(grad, P0, delta0, n) avec δ_k = δ₀/(k + 1) ; "
                        f"essayez f(x, y) = {p['a']}x² + {p['b']}y², P₀ = {tuple(p['P0'])}",
    reference=lambda p: _gd_linear(), calls=_schedule_calls,
    mistakes=[
        Mistake("pas_constant",
                Msg("Le pas doit décroître : δ_k = δ₀/(k + 1) au pas k (δ₀ au premier pas).",
                    "The step must decrease: δ_k = δ₀/(k + 1) at step k (δ₀ at the first "
                    "step)."),
                wrong=lambda p: _gd_linear(constant=True)),
        Mistake("indice",
                Msg("Décalage d'indice : le premier pas (k = 0) utilise δ₀/(0 + 1) = δ₀, pas "
                    "δ₀/2.",
                    "Index shift: the first step (k = 0) uses δ₀/(0 + 1) = δ₀, not δ₀/2."),
                wrong=lambda p: _gd_linear(offset=2)),
    ])


# --- 4. momentum and 5. Nesterov -----------------------------------------------------------
def _momentum_calls(p, r: random.Random) -> list[Call]:
    g, P0 = _own(p)
    calls = [Call((quadratic(1.0, 3.0), np.array([2.0, 1.0]), 0.1, 0.5, 4)),  # notes §8.4.9
             Call((g, P0, float(p["delta"]), float(p["mu"]), 6))]
    g, P0 = _rand_problem(r)
    calls.append(Call((g, P0, round(r.uniform(0.05, 0.2), 3), round(r.uniform(0.3, 0.9), 2),
                       r.randint(4, 7))))
    return calls


def _draw_momentum(r: random.Random) -> dict:
    return {**_draw_quadratic(r), "mu": r.choice([0.5, 0.6, 0.7, 0.8])}


NO_MOMENTUM = Msg("Il manque le moment μ·(P_k − P_{k−1}) : vous faites une descente classique.",
                  "The momentum term μ·(P_k − P_{k−1}) is missing: this is classic descent.")
MOMENT = TraceItem(
    id="ch08.moment", points=1.5,
    title=Msg("Descente avec moment", "Descent with momentum"),
    draw=_draw_momentum,
    statement=lambda p: "moment(grad, P0, delta, mu, n) : P_{k+1} = P_k + μ(P_k − P_{k−1}) − "
                        f"δ grad f(P_k), P₋₁ = P₀ ; essayez {_show_f(p)}, μ = {p['mu']}",
    reference=lambda p: descent.momentum_trace, calls=_momentum_calls,
    mistakes=[
        Mistake("sans_moment", NO_MOMENTUM,
                wrong=lambda p: lambda g, P0, d, mu, n: descent.momentum_trace(g, P0, d, 0.0, n)),
        Mistake("moment_signe",
                Msg("Le moment s'ajoute : + μ·(P_k − P_{k−1}) prolonge le dernier déplacement.",
                    "The momentum is added: + μ·(P_k − P_{k−1}) carries on the last move."),
                wrong=lambda p: lambda g, P0, d, mu, n: descent.momentum_trace(g, P0, d, -mu, n)),
    ])

NESTEROV = TraceItem(
    id="ch08.nesterov", points=1.5,
    title=Msg("Moment de Nesterov", "Nesterov momentum"),
    draw=_draw_momentum,
    statement=lambda p: "nesterov(grad, P0, delta, mu, n) : le gradient est pris au point "
                        f"anticipé P_k + μ(P_k − P_{{k−1}}) ; essayez {_show_f(p)}, "
                        f"μ = {p['mu']}",
    reference=lambda p: descent.nesterov_trace, calls=_momentum_calls,
    mistakes=[
        Mistake("gradient_en_Pk",
                Msg("Nesterov prend le gradient au point anticipé P'_k = P_k + μ(P_k − P_{k−1}), "
                    "pas en P_k (ce serait le moment simple).",
                    "Nesterov takes the gradient at the look-ahead point P'_k = P_k + "
                    "μ(P_k − P_{k−1}), not at P_k (that is plain momentum)."),
                wrong=lambda p: descent.momentum_trace),
        Mistake("sans_moment", NO_MOMENTUM,
                wrong=lambda p: lambda g, P0, d, mu, n: descent.momentum_trace(g, P0, d, 0.0, n)),
    ])


# --- 6. SGD and 7. mini-batches on a regression line ----------------------------------------
def _draw_points(r: random.Random) -> dict:
    xs = sorted(r.sample(range(0, 9), 5))
    return {"x": xs, "y": [round(0.5 * v + r.uniform(-1, 1) + 1, 1) for v in xs]}


def _local(xs, ys) -> KernelFunction:
    """grad Eᵢ(a, b) for Eᵢ = (yᵢ − (a xᵢ + b))², handed to the kernel as source."""
    X, Y = [float(v) for v in xs], [float(v) for v in ys]
    return KernelFunction(
        f"lambda P, i: np.array([-2 * {X!r}[i] * ({Y!r}[i] - P[0] * {X!r}[i] - P[1]), "
        f"-2 * ({Y!r}[i] - P[0] * {X!r}[i] - P[1])])",
        lambda P, i: np.array([-2 * X[i] * (Y[i] - P[0] * X[i] - P[1]),
                               -2 * (Y[i] - P[0] * X[i] - P[1])]), lib="numpy")


# 8-E10: Eᵢ = (yᵢ − (xᵢ² + a xᵢ + b))² on (2,0), (0,2), (4,6), (1,0)
BOOK_PARABOLA = KernelFunction(
    "lambda P, i: np.array([-2 * [2.0, 0.0, 4.0, 1.0][i] * ([0.0, 2.0, 6.0, 0.0][i] - "
    "[2.0, 0.0, 4.0, 1.0][i] ** 2 - P[0] * [2.0, 0.0, 4.0, 1.0][i] - P[1]), -2 * ("
    "[0.0, 2.0, 6.0, 0.0][i] - [2.0, 0.0, 4.0, 1.0][i] ** 2 - P[0] * [2.0, 0.0, 4.0, 1.0][i] "
    "- P[1])])",
    lambda P, i: np.array([-2 * [2, 0, 4, 1][i] * ([0, 2, 6, 0][i] - [2, 0, 4, 1][i] ** 2
                                                   - P[0] * [2, 0, 4, 1][i] - P[1]),
                           -2 * ([0, 2, 6, 0][i] - [2, 0, 4, 1][i] ** 2
                                 - P[0] * [2, 0, 4, 1][i] - P[1])]), lib="numpy")


def _sgd_full(grad_i, N, P0, delta, n):
    """The mistake: the total gradient Σ grad Eᵢ at every step (classic descent)."""
    return descent.gradient_descent_trace(
        lambda P: sum(np.asarray(grad_i(P, i), dtype=float) for i in range(N)), P0, delta, n)


def _sgd_calls(p, r: random.Random) -> list[Call]:
    calls = [Call((BOOK_PARABOLA, 4, np.array([1.0, 1.0]), 0.01, 8)),
             Call((_local(p["x"], p["y"]), 5, np.array([0.0, 0.0]), 0.01, 12))]
    q = _draw_points(r)
    calls.append(Call((_local(q["x"], q["y"]), 5, np.array([r.uniform(-1, 1), 0.0]), 0.005,
                       r.randint(6, 11))))
    return calls


def _show_points(p) -> str:
    return ", ".join(f"({a}, {b})" for a, b in zip(p["x"], p["y"], strict=True))


SGD = TraceItem(
    id="ch08.sgd", points=1.5,
    title=Msg("Descente de gradient stochastique", "Stochastic gradient descent"),
    draw=_draw_points,
    statement=lambda p: "sgd(grad_i, N, P0, delta, n) : P_{k+1} = P_k − δ grad E_{k mod N}(P_k), "
                        f"données dans l'ordre ; essayez les points {_show_points(p)}",
    reference=lambda p: descent.sgd_trace, calls=_sgd_calls,
    mistakes=[
        Mistake("gradient_total",
                Msg("La descente stochastique n'utilise qu'un terme par pas : grad Eᵢ pour la "
                    "donnée i = k mod N, pas le gradient de la somme E = Σ Eᵢ.",
                    "Stochastic descent uses one term per step: grad Eᵢ for the sample "
                    "i = k mod N, not the gradient of the whole sum E = Σ Eᵢ."),
                wrong=lambda p: _sgd_full),
        Mistake("ordre",
                Msg("Les données sont prises dans l'ordre A₁, A₂, …, A_N puis on recommence : "
                    "au pas k, la donnée d'indice k mod N (en commençant à 0).",
                    "Samples are taken in the order A₁, A₂, …, A_N, then again: at step k, "
                    "the sample of index k mod N (starting at 0)."),
                wrong=lambda p: lambda gi, N, P0, d, n: descent.sgd_trace(
                    lambda P, i: gi(P, (i + 1) % N), N, P0, d, n)),
    ])


def _batch(**kw):
    return lambda gi, N, P0, d, K, e: descent.minibatch_trace(gi, N, P0, d, K, e, **kw)


def _batch_calls(p, r: random.Random) -> list[Call]:
    return [Call((_local(p["x"], p["y"]), 5, np.array([0.0, 0.0]), 0.005, 2, 3)),
            Call((_local(p["x"], p["y"]), 5, np.array([1.0, -1.0]), 0.005, 3, 2)),
            Call((BOOK_PARABOLA, 4, np.array([1.0, 1.0]), 0.01, 3, 2))]


LOTS = TraceItem(
    id="ch08.mini_lots", points=1.5,
    title=Msg("Descente par mini-lots", "Mini-batch descent"),
    draw=_draw_points,
    statement=lambda p: "lots(grad_i, N, P0, delta, K, epoques) : un pas par lot de K données, "
                        "avec la SOMME des K gradients ; le dernier lot est plus court si K ne "
                        f"divise pas N ; essayez les points {_show_points(p)}",
    reference=lambda p: _batch(), calls=_batch_calls,
    mistakes=[
        Mistake("moyenne",
                Msg("Au chapitre 8 un lot utilise la SOMME grad(E_{j+1} + … + E_{j+K}) de ses "
                    "gradients, pas leur moyenne (c'est la convention de Keras et du chapitre "
                    "9).",
                    "In chapter 8 a batch uses the SUM grad(E_{j+1} + … + E_{j+K}) of its "
                    "gradients, not their mean (that is Keras' and chapter 9's convention)."),
                wrong=lambda p: _batch(reduction="mean")),
        Mistake("dernier_lot_oublie",
                Msg("Quand K ne divise pas N, le dernier lot est plus court mais compte : une "
                    "époque fait ⌈N/K⌉ pas, aucune donnée n'est oubliée.",
                    "When K does not divide N the last batch is shorter but counts: an epoch "
                    "is ⌈N/K⌉ steps, no sample is left out."),
                wrong=lambda p: _batch(last="drop")),
        Mistake("dernier_lot_complete",
                Msg("Le dernier lot, plus court, ne se complète pas avec les premières données "
                    "de l'époque : il contient seulement les données restantes.",
                    "The last, shorter batch is not filled up with the epoch's first samples: "
                    "it holds only the remaining ones."),
                wrong=lambda p: _batch(last="pad")),
    ])


# --- 8. the regression line by descent, and its prediction ---------------------------------
def _line(p):
    return linear_regression.least_squares_line(p["x"], p["y"])


def _prediction(p, rounded: bool = False):
    a, b = _line(p)
    if rounded:
        a, b = round(float(a), 2), round(float(b), 2)
    return float(a * p["x0"] + b)


def _draw_prediction(r: random.Random) -> dict:
    while True:
        q = _draw_points(r)
        q["x0"] = r.randint(9, 14)
        if abs(_prediction(q) - _prediction(q, rounded=True)) > 2e-3:
            return q


PREDICTION = ValueItem(
    id="ch08.prediction_regression", points=1,
    title=Msg("Régression linéaire par descente", "Linear regression by descent"),
    draw=_draw_prediction,
    statement=lambda p: f"points {_show_points(p)} : droite y = ax + b minimisant "
                        f"E = Σ (yᵢ − (axᵢ + b))² ; prédiction ỹ en x = {p['x0']}",
    expected=_prediction, rtol=0, atol=5e-4,
    mistakes=[
        Mistake("coefficients_arrondis",
                Msg("Vous avez prédit avec a et b arrondis à 0,01 : l'erreur est multipliée par "
                    "x (le livre trouve ainsi 2,22 au lieu de 2,27). Gardez tous les chiffres.",
                    "You predicted with a and b rounded to 0.01: the error is multiplied by x "
                    "(this is how the book gets 2.22 instead of 2.27). Keep all digits."),
                wrong=lambda p: _prediction(p, rounded=True)),
        Mistake("pente_ordonnee",
                Msg("La prédiction est ỹ = a·x + b : a est la pente, b l'ordonnée à l'origine.",
                    "The prediction is ỹ = a·x + b: a is the slope, b the intercept."),
                wrong=lambda p: float(_line(p)[1] * p["x0"] + _line(p)[0])),
    ])


ITEMS = [DESCENTE, PAS, PAS_VARIABLE, MOMENT, NESTEROV, SGD, LOTS, PREDICTION]
