"""Graded items of assignment ch06 « Python : tensorflow avec keras, partie 1 » (instructor-only).

The students build Keras models in their kernel (``ENVIRONMENT = "tf"``); a model leaves the
kernel as data only (``autograder.keras_items``: layer types, config, weight arrays, predictions
on grader-chosen inputs) and is graded here with the numpy forward pass, never loaded. See
``shared/book/notes/ch06-10.md`` §6.4. Conventions stated in the notebook: the Keras layout
(a Dense kernel ``coeff`` has shape (entrées, neurones): column r is neuron r), H(0) = 1, the
step activation is a function named ``heaviside``.
"""

from __future__ import annotations

import random

import numpy as np

from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.keras_items import (
    KerasModel,
    KerasModelItem,
    forgotten_bias,
    model_from_spec,
    same_model,
    transposed_kernel,
    with_layer,
)
from autograder.model import Msg
from reference.keras_models import count_params_dense, dense_spec

ENVIRONMENT = "tf"

LAYOUT_MSG = Msg("Keras range les poids « par entrée » : coeff a la forme (entrées, neurones) et "
                 "la colonne r contient les coefficients du neurone r. Vous avez écrit une ligne "
                 "par neurone (la matrice transposée).",
                 "Keras stores weights “per input”: coeff has shape (inputs, neurons) and column "
                 "r holds neuron r's coefficients. You wrote one row per neuron (the transposed "
                 "matrix).")
BIAS_MSG = Msg("Les biais manquent (ils valent 0) : set_weights([coeff, biais]) attend aussi "
               "le vecteur des biais, un par neurone.",
               "The biases are missing (they are 0): set_weights([coeff, biais]) also expects "
               "the bias vector, one per neuron.")


def _ints(r: random.Random, n: int, low: int = -3, high: int = 3) -> list[int]:
    return [r.randint(low, high) or 1 for _ in range(n)]


# --- 1. build a 2 → 2 (ReLU) → 1 network with given neurons ----------------------------------
def _reseau_draw(r: random.Random) -> dict:
    while True:
        n0, n1 = _ints(r, 2), _ints(r, 2)
        if n0[1] != n1[0]:  # the transposed kernel must differ from the right one
            break
    return {"n0": n0, "b0": r.randint(-2, 2) or 1, "n1": n1, "b1": r.randint(-2, 2) or -1,
            "sortie": _ints(r, 2), "bs": r.randint(-2, 2), "act": r.choice(["linear",
                                                                             "sigmoid"])}


def _reseau_spec(p: dict):
    return dense_spec("reseau", [2, 2, 1], ["relu", p["act"]])


def _reseau_target(p: dict) -> KerasModel:
    kernel0 = np.array([p["n0"], p["n1"]], dtype=float).T  # (inputs, neurons)
    return model_from_spec(_reseau_spec(p), [kernel0, [p["b0"], p["b1"]],
                                            np.array(p["sortie"], dtype=float)[:, None],
                                            [p["bs"]]])


def _same_weights(target):
    def check(model: KerasModel, p: dict) -> Msg | None:
        if same_model(model, target(p)):
            return None
        return Msg("Les poids ne sont pas ceux demandés (vérifiez chaque neurone : "
                   "model.layers[k].get_weights()).",
                   "The weights are not the asked ones (check each neuron: "
                   "model.layers[k].get_weights()).")
    return check


RESEAU = KerasModelItem(
    id="ch06.reseau", points=2,
    title=Msg("Construire un réseau et fixer ses poids", "Build a network and set its weights"),
    draw=_reseau_draw,
    statement=lambda p: (f"2 entrées ; couche 0 : 2 neurones ReLU, neurone 0 : coefficients "
                         f"{p['n0']}, biais {p['b0']} ; neurone 1 : coefficients {p['n1']}, "
                         f"biais {p['b1']} ; couche 1 : 1 neurone d'activation '{p['act']}', "
                         f"coefficients {p['sortie']}, biais {p['bs']}"),
    spec=_reseau_spec, check_weights=_same_weights(_reseau_target),
    mistakes=[
        Mistake("noyau_transpose", LAYOUT_MSG,
                wrong=lambda p: transposed_kernel(_reseau_target(p), 0)),
        Mistake("biais_oublie", BIAS_MSG, wrong=lambda p: forgotten_bias(_reseau_target(p), 0)),
    ])


# --- 2. evaluate a 2 → 3 (σ) → 1 (σ) network -------------------------------------------------
def _sortie_draw(r: random.Random) -> dict:
    return {"coeff": [_ints(r, 3, -5, 5), _ints(r, 3, -5, 5)], "biais": _ints(r, 3, -2, 2),
            "sortie": _ints(r, 3, -2, 2), "bs": r.randint(-3, 1),
            "x": [r.randint(-3, 3), r.randint(-3, 3)]}


def _sortie_model(p: dict, bias: bool = True, last: str = "sigmoid") -> KerasModel:
    spec = dense_spec("s", [2, 3, 1], ["sigmoid", last])
    b = p["biais"] if bias else [0, 0, 0]
    return model_from_spec(spec, [p["coeff"], b, np.array(p["sortie"], float)[:, None],
                                  [p["bs"] if bias else 0]])


def _sortie(p: dict, **kw) -> float:
    return float(_sortie_model(p, **kw).forward(np.array([p["x"]], dtype=float))[0, 0])


SORTIE = ValueItem(
    id="ch06.sortie", points=1,
    title=Msg("Évaluer un réseau avec predict", "Evaluate a network with predict"),
    draw=_sortie_draw,
    statement=lambda p: (f"réseau 2 → 3 (sigmoïde) → 1 (sigmoïde), au format Keras : couche 0 "
                         f"coeff = {p['coeff']}, biais = {p['biais']} ; couche 1 coeff = "
                         f"{[[v] for v in p['sortie']]}, biais = [{p['bs']}] ; entrée "
                         f"(x, y) = {tuple(p['x'])}"),
    expected=_sortie, rtol=1e-5, atol=1e-6,
    mistakes=[
        Mistake("biais_oublie", BIAS_MSG, wrong=lambda p: _sortie(p, bias=False)),
        Mistake("sortie_lineaire",
                Msg("La couche de sortie applique elle aussi la sigmoïde : F(x, y) est entre 0 "
                    "et 1.", "The output layer applies the sigmoid too: F(x, y) lies between 0 "
                    "and 1."),
                wrong=lambda p: _sortie(p, last="linear")),
    ])


# --- 3. per-neuron weights → the Keras kernel --------------------------------------------------
def _vers_keras(neurones):
    coeff = np.array([list(c) for c, _ in neurones], dtype=float).T
    return coeff, np.array([float(b) for _, b in neurones])


def _vers_keras_rows(neurones):
    coeff, b = _vers_keras(neurones)
    return coeff.T, b


def _vers_keras_calls(p: dict, r: random.Random) -> list[Call]:
    calls = [Call(([([1.0, 2.0], -1.0), ([3.0, -4.0], 0.0), ([-5.0, -6.0], 1.0)],))]
    for n_in, n_out in [(p["n_in"], p["n_out"]), (3, 3), (1, 4), (4, 2)]:
        calls.append(Call(([([float(r.randint(-5, 5)) for _ in range(n_in)],
                             float(r.randint(-3, 3))) for _ in range(n_out)],)))
    return calls


VERS_KERAS = FunctionItem(
    id="ch06.vers_keras", points=1,
    title=Msg("Des neurones au format de Keras", "From neurons to the Keras layout"),
    draw=lambda r: {"n_in": r.randint(2, 4), "n_out": r.randint(2, 5)},
    statement=lambda p: (f"vers_keras(neurones) : neurones = [(coefficients, biais), …], un "
                         f"couple par neurone, renvoie (coeff, biais) pour set_weights ; "
                         f"essayez {p['n_out']} neurones à {p['n_in']} entrées"),
    reference=lambda p: _vers_keras, calls=_vers_keras_calls,
    mistakes=[
        Mistake("lignes_par_neurone", LAYOUT_MSG, wrong=lambda p: _vers_keras_rows),
        Mistake("biais_colonne",
                Msg("Le vecteur des biais est à une dimension : forme (neurones,), pas "
                    "(neurones, 1).", "The bias vector is one-dimensional: shape (neurons,), "
                    "not (neurons, 1)."),
                wrong=lambda p: lambda n: (_vers_keras(n)[0], _vers_keras(n)[1][:, None])),
    ])


# --- 4. the Heaviside activation -------------------------------------------------------------
def _h(x):
    return (np.asarray(x, dtype=float) >= 0).astype(float)


def _heaviside_calls(p: dict, r: random.Random) -> list[Call]:
    pts = [-2.0, -1e-9, 0.0, 1e-9, 0.5, 3.0] + [round(r.uniform(-3, 3), 3) for _ in range(6)]
    return [Call((np.array(pts),)), Call((np.array([[0.0, -1.0], [2.0, 0.0]]),)),
            Call((np.array([float(p["a"]), 0.0]),))]


HEAVISIDE = FunctionItem(
    id="ch06.heaviside", points=1,
    title=Msg("La fonction de Heaviside comme activation", "Heaviside as an activation"),
    draw=lambda r: {"a": r.choice([-2, -1, 1, 2])},
    statement=lambda p: (f"heaviside(x) : H élément par élément, avec H(0) = 1 ; elle servira "
                         f"d'activation (Dense(…, activation=heaviside)) ; essayez "
                         f"heaviside(np.array([{p['a']}., 0.]))"),
    reference=lambda p: _h, calls=_heaviside_calls,
    mistakes=[
        Mistake("h0_nul",
                Msg("Dans le livre H(0) = 1 (x ≥ 0 donne 1) ; votre fonction donne H(0) = 0.",
                    "In the book H(0) = 1 (x ≥ 0 gives 1); your function gives H(0) = 0."),
                wrong=lambda p: lambda x: (np.asarray(x, dtype=float) > 0).astype(float)),
        Mistake("h0_demi",
                Msg("np.heaviside(x, 0.5) donne H(0) = 0,5 ; le livre prend H(0) = 1 : "
                    "np.heaviside(x, 1.0).",
                    "np.heaviside(x, 0.5) gives H(0) = 0.5; the book takes H(0) = 1: "
                    "np.heaviside(x, 1.0)."),
                wrong=lambda p: lambda x: np.heaviside(np.asarray(x, dtype=float), 0.5)),
    ])


# --- shared checks of step networks: F on grader points ----------------------------------------
def _realises(points, want, what_fr: str, what_en: str):
    def check(model: KerasModel, p: dict) -> Msg | None:
        X = np.array(points(p), dtype=float)
        got = model.forward(X)[:, 0]
        wrong = np.flatnonzero(np.abs(got - want(p, X)) > 1e-6)
        if wrong.size == 0:
            return None
        first = tuple(float(v) for v in X[wrong[0]])
        return Msg(f"{len(wrong)} point(s) sur {len(X)} mal classé(s), par exemple {first} : "
                   f"F = {got[wrong[0]]:g}. Le réseau doit valoir 1 exactement {what_fr}, 0 "
                   "ailleurs.",
                   f"{len(wrong)} of {len(X)} point(s) misclassified, e.g. {first}: F = "
                   f"{got[wrong[0]]:g}. The network must be 1 exactly {what_en}, 0 elsewhere.")
    return check


def _step_model(spec, weights) -> KerasModel:
    return model_from_spec(spec, weights)


# --- 5. one step neuron: a half-line ----------------------------------------------------------
def _dd_points(p: dict) -> list[list[float]]:
    c = p["c"]
    return [[c]] + [[c + d] for d in (-3, -1, -0.25, -0.01, 0.01, 0.25, 1, 3)]


def _dd_want(p: dict, X: np.ndarray) -> np.ndarray:
    x = X[:, 0]
    return (x <= p["c"] if p["sens"] == "<=" else x >= p["c"]).astype(float)


def _dd_spec(p: dict):
    return dense_spec("demi_droite", [1, 1], "H")


def _dd_model(p: dict, flip: bool = False, shift: float = 0.0) -> KerasModel:
    s = -1.0 if (p["sens"] == "<=") != flip else 1.0  # H(s(x − c)): s = −1 for x ≤ c
    return _step_model(_dd_spec(p), [[[s]], [-s * p["c"] + shift]])


def _all_wrong(check):
    def predicate(model: KerasModel, p: dict) -> bool:
        return check(model, p) is None
    return predicate


DEMI_DROITE = KerasModelItem(
    id="ch06.demi_droite", points=1,
    title=Msg("Un neurone de Heaviside", "One Heaviside neuron"),
    draw=lambda r: {"c": r.choice([-3, -2, -1, 1, 2, 3, 4]), "sens": r.choice(["<=", ">="])},
    statement=lambda p: (f"un réseau 1 → 1 neurone d'activation heaviside tel que F(x) = 1 "
                         f"exactement pour x {p['sens']} {p['c']}, et 0 sinon"),
    spec=_dd_spec,
    check_weights=_realises(_dd_points, _dd_want, "sur la demi-droite demandée",
                            "on the asked half-line"),
    mistakes=[
        Mistake("sens_inverse",
                Msg("Votre neurone vaut 1 de l'autre côté de la frontière : changez le signe du "
                    "coefficient et du biais.",
                    "Your neuron is 1 on the other side of the boundary: change the sign of the "
                    "coefficient and of the bias."),
                wrong=lambda p: _dd_model(p, flip=True)),
        Mistake("frontiere",
                Msg("Le point frontière x = c doit donner 1 (H(0) = 1) : le neurone doit y "
                    "calculer exactement a·c + a₀ = 0.",
                    "The boundary point x = c must give 1 (H(0) = 1): the neuron must compute "
                    "exactly a·c + a₀ = 0 there."),
                predicate=lambda m, p: abs(float(m.forward(np.array([[p["c"]]]))[0, 0])) < 1e-9
                and _realises(lambda q: _dd_points(q)[1:], _dd_want, "", "")(m, p) is None,
                example=lambda p: _dd_model(p, shift=-0.001)),
    ])


# --- 6. two layers of steps: a sector --------------------------------------------------------
def _secteur_draw(r: random.Random) -> dict:
    while True:
        u, v = _ints(r, 2), _ints(r, 2)
        p = {"u": u, "v": v}
        if u[0] * v[1] - u[1] * v[0] != 0 and _SECTEUR_CHECK(
                transposed_kernel(_secteur_model(p), 0), p) is not None:
            return p


def _secteur_points(p: dict) -> list[list[float]]:
    rng = np.random.default_rng(abs(hash((tuple(p["u"]), tuple(p["v"])))) % 2**32)
    pts = rng.uniform(-4, 4, (200, 2))
    u, v = np.array(p["u"]), np.array(p["v"])
    keep = (np.abs(pts @ u) > 0.05 * np.linalg.norm(u)) & (np.abs(pts @ v) > 0.05
                                                            * np.linalg.norm(v))
    return [[0.0, 0.0]] + pts[keep].round(3).tolist()


def _secteur_want(p: dict, X: np.ndarray) -> np.ndarray:
    return ((X @ np.array(p["u"]) >= 0) & (X @ np.array(p["v"]) >= 0)).astype(float)


def _secteur_spec(p: dict):
    return dense_spec("secteur", [2, 2, 1], "H")


def _secteur_model(p: dict, out_bias: float = -2.0) -> KerasModel:
    kernel = np.array([p["u"], p["v"]], dtype=float).T
    return _step_model(_secteur_spec(p), [kernel, [0.0, 0.0], [[1.0], [1.0]], [out_bias]])


_SECTEUR_CHECK = _realises(_secteur_points, _secteur_want, "sur le secteur", "on the sector")

SECTEUR = KerasModelItem(
    id="ch06.secteur", points=1.5,
    title=Msg("Deux couches de Heaviside : un secteur", "Two layers of steps: a sector"),
    draw=_secteur_draw,
    statement=lambda p: (f"un réseau 2 → 2 (heaviside) → 1 (heaviside) qui vaut 1 exactement "
                         f"sur le secteur {p['u'][0]}x + {p['u'][1]}y ≥ 0 ET "
                         f"{p['v'][0]}x + {p['v'][1]}y ≥ 0, et 0 ailleurs"),
    spec=_secteur_spec,
    check_weights=_SECTEUR_CHECK,
    mistakes=[
        Mistake("ou_au_lieu_de_et",
                Msg("Votre réseau réalise la réunion (OU) des deux demi-plans : pour le ET, le "
                    "neurone de sortie doit exiger les deux (par exemple coefficients 1, 1 et "
                    "biais −2).",
                    "Your network computes the union (OR) of the half-planes: for AND the "
                    "output neuron must require both (e.g. coefficients 1, 1 and bias −2)."),
                predicate=_all_wrong(_realises(
                    _secteur_points, lambda p, X: ((X @ np.array(p["u"]) >= 0)
                                                   | (X @ np.array(p["v"]) >= 0)).astype(float),
                    "", "")),
                example=lambda p: _secteur_model(p, out_bias=-1.0)),
        Mistake("noyau_transpose", LAYOUT_MSG,
                wrong=lambda p: transposed_kernel(_secteur_model(p), 0)),
    ])


# --- 7. parameter count ---------------------------------------------------------------------
def _poids_draw(r: random.Random) -> dict:
    return {"tailles": [r.randint(1, 5)] + [r.randint(2, 12) for _ in range(r.randint(1, 3))]
            + [r.randint(1, 3)]}


NOMBRE_POIDS = ValueItem(
    id="ch06.nombre_poids", points=1,
    title=Msg("Compter les poids d'un réseau", "Count a network's weights"),
    draw=_poids_draw,
    statement=lambda p: (f"le nombre de poids (coefficients et biais) du réseau dense de tailles "
                         f"{p['tailles']} (entrées, puis neurones de chaque couche), comme "
                         "l'affiche model.summary()"),
    expected=lambda p: count_params_dense(p["tailles"]), exact=True,
    mistakes=[
        Mistake("biais_oublies",
                Msg("Chaque neurone a aussi un biais : une couche de m neurones à n entrées a "
                    "(n + 1)·m poids.",
                    "Every neuron also has a bias: a layer of m neurons with n inputs has "
                    "(n + 1)·m weights."),
                wrong=lambda p: count_params_dense(p["tailles"], bias=False)),
        Mistake("neurones",
                Msg("C'est le nombre de neurones, pas de poids.",
                    "That is the number of neurons, not of weights."),
                wrong=lambda p: sum(p["tailles"][1:])),
    ])


# --- 8. the cube network ----------------------------------------------------------------------
def _cube_points(p: dict) -> list[list[float]]:
    c = p["c"]
    rng = np.random.default_rng(c * 1000 + 7)
    pts = rng.uniform(-2 * c, 2 * c, (300, 3))
    edge = np.abs(np.abs(pts) - c).min(axis=1) > 0.02 * c
    return [[0.0, 0.0, 0.0], [c, c, c], [-c, 0, c]] + pts[edge].round(3).tolist()


def _cube_want(p: dict, X: np.ndarray) -> np.ndarray:
    return (np.abs(X) <= p["c"]).all(axis=1).astype(float)


def _cube_spec(p: dict):
    return dense_spec("cube", [3, 6, 1], "H")


def _cube_model(p: dict, out_bias: float = -6.0) -> KerasModel:
    rows = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]
    kernel = np.array(rows, dtype=float).T
    return _step_model(_cube_spec(p), [kernel, [p["c"]] * 6, np.ones((6, 1)), [out_bias]])


CUBE = KerasModelItem(
    id="ch06.cube", points=1.5,
    title=Msg("Un réseau qui reconnaît un cube", "A network that recognises a cube"),
    draw=lambda r: {"c": r.choice([1, 2, 3])},
    statement=lambda p: (f"un réseau 3 → 6 (heaviside) → 1 (heaviside) qui vaut 1 exactement "
                         f"sur le cube [−{p['c']}, {p['c']}]³ (bords compris), 0 ailleurs"),
    spec=_cube_spec,
    check_weights=_realises(_cube_points, _cube_want, "sur le cube", "on the cube"),
    mistakes=[
        Mistake("seuil_sortie",
                Msg("Le neurone de sortie doit exiger les six conditions à la fois : avec des "
                    "coefficients 1, son biais est −6 (un biais −5 accepte un point hors du cube "
                    "qui ne viole qu'une face).",
                    "The output neuron must require all six conditions: with coefficients 1 its "
                    "bias is −6 (a bias −5 accepts a point outside that breaks one face only)."),
                wrong=lambda p: _cube_model(p, out_bias=-5.0)),
        Mistake("biais_oublie", BIAS_MSG,
                wrong=lambda p: with_layer(_cube_model(p), 0, weights=(
                    _cube_model(p).layers[0].weights[0], np.zeros(6)))),
    ])

ITEMS = [RESEAU, SORTIE, VERS_KERAS, HEAVISIDE, DEMI_DROITE, SECTEUR, NOMBRE_POIDS, CUBE]
