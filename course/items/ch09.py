"""Graded items of assignment ch09 « Rétropropagation » (instructor-only: never released).

Expected answers come from ``reference/`` (backprop.py, cases.py) with the student's parameters.
Conventions stated in the notebook: a layer is (W, b) with W of shape (entrées, neurones) (as
Keras); X has one data point per row; chapter 9's error is the MEAN E = (1/N) Σ (F(X_i) − z_i)²
[L4921]; the book's weight vector lists neuron by neuron its input weights then its bias
[L5045]; H̃(0) = 1 in the Hebb rule [L5096].  Gradient items run the student's function on
networks the grader draws at grading time (autograder.gradcheck_items); the training item scores
handed-out weights on held-out points (autograder.training_items).  Notes: ch06-10.md §9.
"""

from __future__ import annotations

import math
import random

import numpy as np

from autograder.gradcheck_items import GradCheckItem, standard_mistakes
from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from autograder.training_items import TrainedWeightsItem
from reference import backprop, cases

SUM_MSG = Msg("Le chapitre 9 prend la MOYENNE des erreurs : E = (1/N) Σ (F(X_i) − z_i)², pas "
              "la somme.", "Chapter 9 takes the MEAN of the errors: E = (1/N) Σ (F(X_i) − z_i)², "
              "not the sum.")


def _xor_P(p):
    return backprop.vector_to_params(p["P"], [2, 2, 1])


# --- 1. the error of the XOR network at a given P ----------------------------------------------
def _xor_draw(r: random.Random):
    return {"P": [r.choice([-2, -1, 1, 2, 3]) for _ in range(9)]}


def _xor_error(p, reduction="mean"):
    X, z = backprop.xor_data()
    return backprop.error(_xor_P(p), ["sigmoid"] * 2, X, z, reduction)


ERREUR_XOR = ValueItem(
    id="ch09.erreur_xor", points=1,
    title=Msg("L'erreur du réseau « ou exclusif »", "The error of the XOR network"),
    draw=_xor_draw,
    statement=lambda p: f"réseau 2-2-1, σ partout, P = {tuple(p['P'])} (ordre du livre), "
                        "données du « ou exclusif » : calculez E(P)",
    expected=_xor_error, rtol=1e-6, atol=1e-9,
    mistakes=[
        Mistake("somme", SUM_MSG, wrong=lambda p: _xor_error(p, "sum")),
        Mistake("ordre_poids",
                Msg("Dans l'ordre du livre chaque neurone donne ses poids d'entrée PUIS son "
                    "biais : (a₁, a₂, a₃) = (poids de x, poids de y, biais) du premier neurone.",
                    "In the book's order each neuron lists its input weights THEN its bias: "
                    "(a₁, a₂, a₃) = (weight of x, weight of y, bias) of the first neuron."),
                wrong=lambda p: _xor_error({"P": [p["P"][i] for i in (2, 0, 1, 5, 3, 4, 8, 6,
                                                                      7)]})),
    ])


# --- 2. gradient of one σ neuron (the red/blue classifier) ------------------------------------
ACTS_NEURONE = ("sigmoid",)

GRADIENT_NEURONE = GradCheckItem(
    id="ch09.gradient_neurone", points=2,
    title=Msg("Gradient d'un neurone σ", "Gradient of one σ neuron"),
    draw=lambda r: {"n": r.choice([2, 3])},
    statement=lambda p: f"gradient_neurone(couches, X, z) pour un neurone σ à {p['n']} entrées "
                        f"(couches = [(W, b)], W de forme ({p['n']}, 1)) : renvoie "
                        "(E, [(dW, db)])",
    sizes=lambda p: [p["n"], 1], activations=lambda p: ACTS_NEURONE,
    book_calls=lambda p: [],
    mistakes=standard_mistakes(lambda p: ACTS_NEURONE)[2:],  # one layer: no transposition/order
)


# --- 3. backpropagation for a 2-hidden-layer network -------------------------------------------
def _bp_draw(r: random.Random):
    return {"tailles": [r.choice([2, 3]), r.choice([3, 4]), r.choice([2, 3]), 1],
            "cachee": r.choice(["sigmoid", "tanh"])}


def _bp_acts(p):
    return (p["cachee"], p["cachee"], "sigmoid")


RETROPROPAGATION = GradCheckItem(
    id="ch09.retropropagation", points=3,
    title=Msg("Rétropropagation dans un réseau à deux couches cachées",
              "Backpropagation in a network with two hidden layers"),
    draw=_bp_draw,
    statement=lambda p: f"retropropagation(couches, X, z) : tailles {p['tailles']}, activation "
                        f"{p['cachee']} dans les couches cachées, σ en sortie ; renvoie "
                        "(E, [(dW1, db1), (dW2, db2), (dW3, db3)])",
    sizes=lambda p: p["tailles"], activations=_bp_acts,
    mistakes=standard_mistakes(_bp_acts),
)


# --- 4. one step of gradient descent for the red/blue neuron ----------------------------------
def _step_draw(r: random.Random):
    return {"P": [r.choice([-2, -1, 1, 2]), r.choice([-2, -1, 1, 2]), r.choice([-1, 0, 1])],
            "delta": r.choice([0.5, 1.0, 2.0])}


def _one_step(p, sign=-1.0, reduction="mean"):
    X, z = backprop.red_blue_data()
    params = backprop.vector_to_params(p["P"], [2, 1])
    _, grads = backprop.backward(params, ["sigmoid"], X, z, reduction)
    new = [(W + sign * p["delta"] * dW, b + sign * p["delta"] * db)
           for (W, b), (dW, db) in zip(params, grads, strict=True)]
    return tuple(float(v) for v in backprop.params_to_vector(new))


PAS_DESCENTE = ValueItem(
    id="ch09.pas_descente", points=1.5,
    title=Msg("Un pas de descente de gradient", "One gradient-descent step"),
    draw=_step_draw,
    statement=lambda p: f"neurone σ (poids de x, poids de y, biais) = {tuple(p['P'])}, les 20 "
                        f"points rouges/bleus, δ = {p['delta']} : donnez P₁ = P₀ − δ grad E(P₀)",
    expected=_one_step, rtol=1e-6, atol=1e-9,
    mistakes=[
        Mistake("montee", Msg("Il faut aller dans la direction OPPOSÉE au gradient : "
                              "P₁ = P₀ − δ grad E(P₀).",
                              "Go in the direction OPPOSITE to the gradient: "
                              "P₁ = P₀ − δ grad E(P₀)."),
                wrong=lambda p: _one_step(p, sign=1.0)),
        Mistake("somme", SUM_MSG, wrong=lambda p: _one_step(p, reduction="sum")),
    ])


# --- 5. the Hebb rule -------------------------------------------------------------------------
GATES = {"ET": [0, 0, 0, 1], "OU": [0, 1, 1, 1]}


def _hebb_data(p):
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    return X, np.array(GATES[p["porte"]], dtype=float)


def _hebb(p, strict=False):
    X, z = _hebb_data(p)
    P = np.array(p["P0"], dtype=float)
    for _ in range(p["epoques"]):
        for x_i, z_i in zip(X, z, strict=True):
            s = P @ x_i
            F = 1.0 if (s > 0 if strict else s >= 0) else 0.0
            P = P - 2 * p["delta"] * (F - z_i) * x_i
    return tuple(float(v) for v in P)


def _hebb_draw(r: random.Random):
    while True:
        p = {"porte": r.choice(sorted(GATES)), "P0": [r.randint(-1, 1) for _ in range(3)],
             "delta": r.choice([0.25, 0.5]), "epoques": r.randint(2, 4)}
        if _hebb(p) != _hebb(p, strict=True):
            return p


HEBB = ValueItem(
    id="ch09.hebb", points=1.5,
    title=Msg("La règle de Hebb", "Hebb's rule"),
    draw=_hebb_draw,
    statement=lambda p: f"porte « {p['porte']} », entrées (x, y, 1), P₀ = {tuple(p['P0'])}, "
                        f"δ = {p['delta']}, {p['epoques']} passages sur les 4 données dans "
                        "l'ordre (0,0), (0,1), (1,0), (1,1) : donnez P final",
    expected=lambda p: tuple(float(v) for v in backprop.hebb_trace(
        *_hebb_data(p), p["P0"], p["delta"], p["epoques"])[-1]),
    rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("H0", Msg("Dans la règle de Hebb du livre H̃(0) = 1 : une somme nulle donne la "
                          "sortie 1.", "In the book's Hebb rule H̃(0) = 1: a zero sum gives "
                          "output 1."), wrong=lambda p: _hebb(p, strict=True)),
        Mistake("une_epoque", Msg("Il faut faire tous les passages demandés sur les données, "
                                  "pas un seul.", "Do every pass asked for over the data, "
                                  "not just one."),
                wrong=lambda p: _hebb({**p, "epoques": 1})),
    ])


# --- 6. the height of a configuration -----------------------------------------------------------
def _height_calls(p, rng: random.Random):
    calls = []
    for n in (p["n"], 5, 12):
        ranks = sorted(rng.sample(range(n), 3))
        calls.append(Call(([1 if i in ranks else 0 for i in range(n)],)))
    calls.append(Call(([1, 1, 1] + [0] * (p["n"] - 3),)))
    calls.append(Call(([0] * (p["n"] - 4) + [1, 0, 1, 1],)))
    return calls


HAUTEUR = FunctionItem(
    id="ch09.hauteur", points=1,
    title=Msg("La hauteur d'une configuration", "The height of a configuration"),
    draw=lambda r: {"n": r.randint(8, 20)},
    statement=lambda p: "hauteur(config) : config est une liste de 0 (blanc) et 1 (noir) avec "
                        f"exactement 3 cases noires (par exemple n = {p['n']} cases) ; renvoie "
                        "k − i + 1",
    reference=lambda p: cases.height,
    calls=_height_calls, exact=True,
    mistakes=[
        Mistake("sans_plus_un", Msg("La hauteur compte les deux cases extrêmes : h = k − i + 1, "
                                    "pas k − i.", "The height counts both end cells: "
                                    "h = k − i + 1, not k − i."),
                wrong=lambda p: lambda c: cases.height(c) - 1),
        Mistake("milieu", Msg("La case noire du milieu n'intervient pas : h = k − i + 1 avec la "
                              "plus haute et la plus basse.", "The middle black cell plays no "
                              "part: h = k − i + 1 with the top and bottom ones."),
                wrong=lambda p: lambda c: (lambda r: r[1] - r[0] + 1)(
                    [i for i, v in enumerate(c) if v == 1])),
    ])


# --- 7. counting configurations of a given height ------------------------------------------------
def _count_draw(r: random.Random):
    n = r.randint(10, 25)
    return {"n": n, "h": r.randint(4, n - 1)}


NOMBRE_HAUTEUR = ValueItem(
    id="ch09.nombre_hauteur", points=1,
    title=Msg("Combien de configurations de hauteur h ?", "How many configurations of height h?"),
    draw=_count_draw,
    statement=lambda p: f"n = {p['n']} cases, 3 noires : nombre de configurations de hauteur "
                        f"h = {p['h']}",
    expected=lambda p: cases.height_counts(p["n"])[p["h"]], exact=True,
    mistakes=[
        Mistake("milieu_oublie", Msg("Une fois la plus haute et la plus basse cases placées, la "
                                     "case du milieu a encore h − 2 places possibles.",
                                     "Once the top and bottom cells are placed, the middle cell "
                                     "still has h − 2 possible places."),
                wrong=lambda p: p["n"] - p["h"] + 1),
        Mistake("total", Msg("C'est le nombre total n(n − 1)(n − 2)/6 de configurations ; on "
                             "demande celles de hauteur h.", "That is the total number "
                             "n(n − 1)(n − 2)/6 of configurations; those of height h are asked."),
                wrong=lambda p: math.comb(p["n"], 3)),
    ])


# --- 8. training the step network ------------------------------------------------------------
P0_MARCHE = [0.0, 1.0, 0.0, -1.0, 1.0, 1.0, -1.0]  # [L5157]


def _held_out_step(p, rng, n=600):
    """Fresh points of the three intervals of the step example: 0 / 1 / 0 (never shown)."""
    x = np.concatenate([rng.uniform(0, 2, n // 3), rng.uniform(3, 5, n // 3),
                        rng.uniform(6, 8, n // 3)])
    return x[:, None], np.repeat([0.0, 1.0, 0.0], n // 3)


MARCHE = TrainedWeightsItem(
    id="ch09.marche", points=2,
    title=Msg("Apprendre la marche", "Learning the step"),
    draw=lambda r: {"delta": r.choice([1.0, 1.5]), "iterations": r.choice([4000, 5000])},
    statement=lambda p: f"réseau 1-2-1 σ partout, P₀ du livre, δ = {p['delta']}, "
                        f"{p['iterations']} itérations sur les 30 points : donnez les couches "
                        "entraînées ; il faut ≥ 95 % de bonnes réponses (F ≥ 1/2 ⇔ rouge) sur "
                        "600 nouveaux points de [0, 2] ∪ [3, 5] ∪ [6, 8] tirés par le correcteur",
    activations=lambda p: ("sigmoid", "sigmoid"), sizes=lambda p: [1, 2, 1],
    held_out=_held_out_step, threshold=0.95, visible=lambda p: backprop.step_data(),
    salt="ch09-marche-7d1f",
    mistakes=[
        Mistake("non_entraine", Msg("Ce sont les poids initiaux P₀ : lancez la descente de "
                                    "gradient et rendez les poids obtenus.",
                                    "These are the initial weights P₀: run gradient descent "
                                    "and hand in the weights it gives."),
                predicate=lambda layers, p: np.allclose(backprop.params_to_vector(layers),
                                                        P0_MARCHE),
                example=lambda p: backprop.vector_to_params(P0_MARCHE, [1, 2, 1])),
    ])


WEIGHT_FILES = {"marche.npz": 64 * 1024}
"""The step network's trained layers, written by the training cell and submitted with the
notebook: grading loads them and never retrains."""

ITEMS = [ERREUR_XOR, GRADIENT_NEURONE, RETROPROPAGATION, PAS_DESCENTE, HEBB, HAUTEUR,
         NOMBRE_HAUTEUR, MARCHE]
