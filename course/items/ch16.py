"""Graded items of assignment ch16 « Probabilités » (instructor-only: never released).

Expected answers come from ``reference/probability.py`` (the course's one softmax, stable) with
the student's parameters; see ``shared/book/notes/ch11-18.md`` §16.4. Conventions stated in the
notebook: indices from 0 (numpy); losses are means with the natural log; the book's ε = 1e−7
inside the logs and the exact formula are both accepted (the tolerance covers the difference);
standardisation uses the population variance (1/n, numpy's default ddof=0); the book's dropout
p is the probability of KEEPING a neuron, Keras' ``rate`` that of dropping it.
"""

from __future__ import annotations

import random

import numpy as np

from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from reference import probability as pr


# --- 1. a stable softmax ---------------------------------------------------------------------
def _naive_softmax(x):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(x, dtype=float))
        return e / e.sum()


def _unnormalised(x):
    x = np.asarray(x, dtype=float)
    return np.exp(x - x.max())


def _softmax_calls(p, r: random.Random) -> list[Call]:
    calls = [Call((np.array([3.0, 1.0, 8.0, 6.0, 0.0]),)),  # [L7956]
             Call((np.array([float(v) for v in p["x"]]),)),
             Call((np.array([1000.0, 999.0, 990.0]),)),  # e^1000 overflows in float64
             Call((np.array([-800.0, -801.0]),))]
    for _ in range(3):
        n = r.randint(2, 6)
        calls.append(Call((np.array([round(r.uniform(-5, 5), 2) for _ in range(n)]),)))
    big = [round(r.uniform(720, 900), 1), round(r.uniform(700, 720), 1)]
    calls.append(Call((np.array(big),)))
    return calls


def _has_nan(outputs, p) -> bool:
    return any(isinstance(o, np.ndarray) and o.dtype.kind == "f" and bool(np.isnan(o).any())
               for o in outputs)


SOFTMAX = FunctionItem(
    id="ch16.softmax", points=1.5,
    title=Msg("Une fonction softmax stable", "A numerically stable softmax"),
    draw=lambda r: {"x": [r.randint(-4, 6) for _ in range(4)]},
    statement=lambda p: f"softmax(x) pour un tableau numpy x ; essayez x = {p['x']} (elle sera "
                        "aussi appelée avec de grandes valeurs, comme 1000)",
    reference=lambda p: pr.softmax, calls=_softmax_calls, rtol=1e-9, atol=1e-15,
    mistakes=[
        Mistake("debordement",
                Msg("Pour de grandes entrées (x = 1000), e^x dépasse les flottants (inf/inf = "
                    "nan) : retranchez d'abord max(x), σ(x) = σ(x − max x) ne change pas.",
                    "For large inputs (x = 1000) e^x overflows (inf/inf = nan): subtract max(x) "
                    "first, σ(x) = σ(x − max x) is unchanged."),
                predicate=_has_nan, example=lambda p: _naive_softmax),
        Mistake("sans_normalisation",
                Msg("Il faut diviser par la somme Σ e^{xⱼ} : les probabilités doivent avoir "
                    "une somme égale à 1.",
                    "Divide by the sum Σ e^{xⱼ}: the probabilities must add up to 1."),
                wrong=lambda p: _unnormalised),
    ])


# --- 2. a one-hot decision -------------------------------------------------------------------
def _draw_scores(r: random.Random) -> dict:
    while True:
        s = [round(r.uniform(-3, 5), 1) for _ in range(5)]
        if len(set(s)) == 5:
            return {"scores": s}


def _one_hot(p, pick=np.argmax) -> list[float]:
    return [float(v) for v in pr.one_hot(int(pick(p["scores"])), len(p["scores"]))]


DECISION = ValueItem(
    id="ch16.decision_one_hot", points=1,
    title=Msg("Décision : argmax et one-hot", "Decision: argmax and one-hot"),
    draw=_draw_scores,
    statement=lambda p: f"scores {p['scores']} : le vecteur one-hot de la classe choisie (liste "
                        "de 0 et de 1)",
    expected=_one_hot, rtol=0, atol=1e-12,
    mistakes=[
        Mistake("probabilites",
                Msg("On demande la décision (1 pour la classe de plus grand score, 0 ailleurs), "
                    "pas les probabilités de softmax.",
                    "The decision is asked for (1 for the highest-scoring class, 0 elsewhere), "
                    "not softmax's probabilities."),
                wrong=lambda p: [float(v) for v in pr.softmax(p["scores"])]),
        Mistake("minimum",
                Msg("La classe choisie est celle du plus GRAND score (argmax).",
                    "The chosen class has the LARGEST score (argmax)."),
                wrong=lambda p: _one_hot(p, np.argmin)),
    ])


# --- 3. MSE and 4. MAE -------------------------------------------------------------------
def _draw_pairs(r: random.Random) -> dict:
    n = r.randint(4, 6)
    return {"y": [r.randint(-3, 6) for _ in range(n)],
            "y_hat": [round(r.uniform(-3, 6), 1) for _ in range(n)]}


def _show_pairs(p) -> str:
    return f"y = {p['y']}, ỹ = {p['y_hat']}"


def _diffs(p):
    return np.array(p["y"], dtype=float) - np.array(p["y_hat"], dtype=float)


MSE = ValueItem(
    id="ch16.mse", points=1,
    title=Msg("Erreur quadratique moyenne", "Mean squared error"),
    draw=_draw_pairs, statement=lambda p: _show_pairs(p) + " : E = MSE(y, ỹ)",
    expected=lambda p: pr.mse(p["y"], p["y_hat"]), rtol=1e-9,
    mistakes=[
        Mistake("somme",
                Msg("MSE est une moyenne : divisez la somme des carrés par N.",
                    "MSE is a mean: divide the sum of squares by N."),
                wrong=lambda p: float(np.sum(_diffs(p) ** 2))),
        Mistake("mae",
                Msg("MSE élève les écarts au carré ; la moyenne des valeurs absolues est MAE.",
                    "MSE squares the differences; the mean of absolute values is MAE."),
                wrong=lambda p: pr.mae(p["y"], p["y_hat"])),
    ])

MAE = ValueItem(
    id="ch16.mae", points=1,
    title=Msg("Erreur absolue moyenne", "Mean absolute error"),
    draw=_draw_pairs, statement=lambda p: _show_pairs(p) + " : E = MAE(y, ỹ)",
    expected=lambda p: pr.mae(p["y"], p["y_hat"]), rtol=1e-9,
    mistakes=[
        Mistake("sans_valeur_absolue",
                Msg("Sans valeur absolue, les écarts positifs et négatifs se compensent : "
                    "E = (1/N) Σ |yᵢ − ỹᵢ|.",
                    "Without absolute values positive and negative differences cancel out: "
                    "E = (1/N) Σ |yᵢ − ỹᵢ|."),
                wrong=lambda p: float(np.mean(_diffs(p)))),
        Mistake("mse", Msg("MAE prend les valeurs absolues des écarts, pas leurs carrés.",
                           "MAE takes absolute differences, not their squares."),
                wrong=lambda p: pr.mse(p["y"], p["y_hat"])),
    ])


# --- 5. binary cross-entropy ---------------------------------------------------------------
def _draw_bce(r: random.Random) -> dict:
    n = r.randint(4, 6)
    y = [r.randint(0, 1) for _ in range(n - 1)] + [1]
    p_hat = [round(r.uniform(0.05, 0.95), 2) for _ in range(n - 1)] + [1.0]  # ỹ = 1 with y = 1
    return {"y": y, "y_hat": p_hat}


def _bce_log10(p):
    y, q = np.array(p["y"], dtype=float), np.clip(np.array(p["y_hat"], dtype=float), 1e-7,
                                                  1 - 1e-7)
    return float(-np.mean(y * np.log10(q) + (1 - y) * np.log10(1 - q)))


BCE = ValueItem(
    id="ch16.entropie_croisee_binaire", points=1,
    title=Msg("Entropie croisée binaire", "Binary cross-entropy"),
    draw=_draw_bce,
    statement=lambda p: f"y = {p['y']}, ỹ = {p['y_hat']} : E = BCE(y, ỹ), moyenne, logarithme "
                        "népérien (avec ou sans le ε = 1e−7 du livre)",
    expected=lambda p: pr.binary_cross_entropy(p["y"], p["y_hat"], eps=1e-7), rtol=1e-5,
    atol=1e-6,
    mistakes=[
        Mistake("log10",
                Msg("L'entropie croisée utilise le logarithme népérien ln (np.log), pas log₁₀.",
                    "Cross-entropy uses the natural log ln (np.log), not log₁₀."),
                wrong=_bce_log10),
        Mistake("signe",
                Msg("E = −(1/N) Σ (yᵢ ln ỹᵢ + (1 − yᵢ) ln(1 − ỹᵢ)) : le signe moins rend "
                    "l'erreur positive.",
                    "E = −(1/N) Σ (yᵢ ln ỹᵢ + (1 − yᵢ) ln(1 − ỹᵢ)): the minus sign makes the "
                    "error positive."),
                wrong=lambda p: -pr.binary_cross_entropy(p["y"], p["y_hat"], eps=1e-7)),
    ])


# --- 6. categorical cross-entropy ------------------------------------------------------------
def _draw_cce(r: random.Random) -> dict:
    rows, labels = [], []
    for _ in range(3):
        w = [r.randint(1, 9) for _ in range(3)]
        rows.append([round(v / sum(w), 3) for v in w[:2]])
        rows[-1].append(round(1 - sum(rows[-1]), 3))
        labels.append(r.randint(0, 2))
    if not any(labels):
        labels[r.randint(0, 2)] = r.randint(1, 2)
    return {"P": rows, "classes": labels}


def _Y(p):
    return np.array([pr.one_hot(c, 3) for c in p["classes"]])


CCE = ValueItem(
    id="ch16.entropie_croisee", points=1,
    title=Msg("Entropie croisée catégorielle", "Categorical cross-entropy"),
    draw=_draw_cce,
    statement=lambda p: f"probabilités prédites (une ligne par exemple) {p['P']}, classes vraies "
                        f"{p['classes']} : E = −(1/N) Σᵢ ln p_{{i, classe i}}",
    expected=lambda p: pr.categorical_cross_entropy(_Y(p), p["P"]), rtol=1e-6,
    mistakes=[
        Mistake("somme",
                Msg("L'erreur est la moyenne sur les N exemples : divisez par N.",
                    "The error is the mean over the N examples: divide by N."),
                wrong=lambda p: 3 * pr.categorical_cross_entropy(_Y(p), p["P"])),
        Mistake("mauvaise_colonne",
                Msg("Pour chaque exemple, on prend ln de la probabilité de SA classe vraie "
                    "(celle où yᵢ vaut 1).",
                    "For each example take ln of the probability of ITS true class (where yᵢ "
                    "is 1)."),
                wrong=lambda p: float(-np.mean(np.log(np.array(p["P"])[:, 0])))),
    ])


# --- 7. standardisation ---------------------------------------------------------------------
def _draw_data(r: random.Random) -> dict:
    return {"x": [r.randint(150, 195) for _ in range(r.randint(5, 7))]}


STANDARD = ValueItem(
    id="ch16.standardisation", points=1,
    title=Msg("Standardisation", "Standardisation"),
    draw=_draw_data,
    statement=lambda p: f"tailles (cm) {p['x']} : les valeurs centrées réduites x′ᵢ = "
                        "(xᵢ − μ)/σ (une liste), σ écart type de la population",
    expected=lambda p: [float(v) for v in pr.standardize(p["x"])], rtol=1e-6, atol=1e-9,
    mistakes=[
        Mistake("ddof1",
                Msg("Le livre utilise la variance de la population (division par n, "
                    "np.std(x) par défaut), pas l'écart type corrigé (ddof=1, division par "
                    "n − 1).",
                    "The book uses the population variance (divide by n, np.std(x)'s default), "
                    "not the corrected standard deviation (ddof=1, divide by n − 1)."),
                wrong=lambda p: [float(v) for v in (np.array(p["x"]) - np.mean(p["x"]))
                                 / np.std(p["x"], ddof=1)]),
        Mistake("sans_centrer",
                Msg("Retranchez d'abord la moyenne μ : x′ᵢ = (xᵢ − μ)/σ.",
                    "Subtract the mean μ first: x′ᵢ = (xᵢ − μ)/σ."),
                wrong=lambda p: [float(v) for v in np.array(p["x"]) / np.std(p["x"])]),
    ])


# --- 8. dropout: keep versus rate ----------------------------------------------------------
def _draw_dropout(r: random.Random) -> dict:
    return {"n": r.choice([100, 200, 500, 1000]), "rate": r.choice([0.1, 0.2, 0.25, 0.3, 0.4])}


def _dropout_answer(p, keep: float) -> tuple[float, float]:
    return (float(p["n"] * keep), float(1 / keep))


DROPOUT = ValueItem(
    id="ch16.dropout", points=1,
    title=Msg("Dropout : conserver ou abandonner", "Dropout: keep or drop"),
    draw=_draw_dropout,
    statement=lambda p: f"une couche de {p['n']} neurones, Dropout(rate={p['rate']}) de Keras : "
                        "(nombre moyen de neurones conservés, facteur appliqué aux neurones "
                        "conservés pendant l'entraînement)",
    expected=lambda p: _dropout_answer(p, 1 - p["rate"]), rtol=1e-9,
    mistakes=[
        Mistake("rate_keep",
                Msg("Le paramètre rate de Keras est la probabilité d'ABANDONNER un neurone : "
                    "la probabilité p du livre de le conserver est 1 − rate.",
                    "Keras' rate is the probability of DROPPING a neuron: the book's p of "
                    "keeping it is 1 − rate."),
                wrong=lambda p: _dropout_answer(p, p["rate"])),
        Mistake("sans_facteur",
                Msg("Les neurones conservés sont multipliés par 1/p pendant l'entraînement : "
                    "l'espérance de la sortie ne change pas.",
                    "Kept neurons are multiplied by 1/p during training: the expected output "
                    "does not change."),
                wrong=lambda p: (float(p["n"] * (1 - p["rate"])), 1.0)),
    ])


# --- 9. the Jacobian of softmax --------------------------------------------------------------
JACOBIENNE = ValueItem(
    id="ch16.jacobienne_softmax", points=1,
    title=Msg("Jacobienne de softmax", "Jacobian of softmax"),
    draw=lambda r: {"x": [r.randint(-2, 3) for _ in range(3)]},
    statement=lambda p: f"x = {p['x']} : la matrice J (3×3, tableau numpy ou liste de lignes) "
                        "des dérivées ∂σᵢ/∂xⱼ",
    expected=lambda p: pr.softmax_jacobian(p["x"]), rtol=1e-6, atol=1e-9,
    mistakes=[
        Mistake("diagonale",
                Msg("Les termes hors diagonale ne sont pas nuls : ∂σᵢ/∂xⱼ = −σᵢσⱼ pour i ≠ j.",
                    "The off-diagonal terms are not zero: ∂σᵢ/∂xⱼ = −σᵢσⱼ for i ≠ j."),
                wrong=lambda p: np.diag(np.diag(pr.softmax_jacobian(p["x"])))),
        Mistake("signe",
                Msg("∂σᵢ/∂xᵢ = σᵢ(1 − σᵢ) et ∂σᵢ/∂xⱼ = −σᵢσⱼ : vérifiez les signes.",
                    "∂σᵢ/∂xᵢ = σᵢ(1 − σᵢ) and ∂σᵢ/∂xⱼ = −σᵢσⱼ: check the signs."),
                wrong=lambda p: -pr.softmax_jacobian(p["x"])),
    ])


ITEMS = [SOFTMAX, DECISION, MSE, MAE, BCE, CCE, STANDARD, DROPOUT, JACOBIENNE]
