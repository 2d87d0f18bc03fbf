"""Graded items of assignment ch10 « Python : tensorflow avec keras, partie 2 » (instructor-only).

Keras models leave the kernel as data only (``autograder.keras_items``) and are graded with the
numpy forward pass. The digit classifier is trained in the notebook on scikit-learn's bundled
digits (offline, instead of MNIST): the students get only the **training split** as a data
file (``DATA_FILES``, generated here at release from ``load_digits``; scikit-learn is not in
the students' environment) and the grader measures the accuracy of the handed-out weights on
its **own held-out split**, which never leaves this file. See ``shared/book/notes/ch06-10.md``
§10.4. Conventions stated in the notebook: Keras layout (n_in, n_out), losses are means over
the batch, a one-hot row has 10 columns.

The gradient (``gradient_poids``, the book's ``get_weights_grad`` [L5922] written with
``tf.GradientTape`` from plain weights) is a gradient check (``autograder.gradcheck_items``,
keras layout): the grader calls it on networks drawn from the grading run's secret seed and
compares with ``reference.backprop`` and central finite differences, at float32 tolerance
(1e-4). The descent step ``pas_gradient`` [L5929] is checked the same way, on grader-drawn
weights, data and δ.

Threshold of the classifier: 64 → p σ → p σ → 10 softmax, Adam(0.01), batch 32, 30 epochs on
the 1000 training digits reaches on the 797 held-out digits 0.90–0.92 for p = 8 and
0.93–0.95 for p = 10 (seeds 0, 1, 2; 2.5–4 s of training on this machine's CPU, TF 2.21),
while it scores 0.98–0.99 on its own training digits; random weights give about 0.1. The
item asks for **≥ 0.80** on the held-out digits.
"""

from __future__ import annotations

import io
import math
import random
from functools import cache

import numpy as np

from autograder.gradcheck_items import (
    GradCheckItem,
    draw_case,
    keras_layout,
    keras_mistakes,
    reference_backprop,
)
from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.keras_items import KerasModel, KerasModelItem, accuracy, model_from_spec
from autograder.model import Msg
from reference.keras_models import count_params_dense, gradient_steps, mnist_dense

ENVIRONMENT = "tf"
SPLIT_SEED, N_TRAIN = 2026, 1000
THRESHOLD = 0.80
TRAIN_FILE = "chiffres_entrainement.npz"


@cache
def _digits() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    digits = load_digits()
    order = np.random.default_rng(SPLIT_SEED).permutation(len(digits.target))
    return digits.images[order].astype(np.uint8), digits.target[order].astype(np.int64)


def _train_file() -> bytes:
    images, labels = _digits()
    buffer = io.BytesIO()
    np.savez_compressed(buffer, images=images[:N_TRAIN], etiquettes=labels[:N_TRAIN])
    return buffer.getvalue()


def heldout() -> tuple[np.ndarray, np.ndarray]:
    """The grader-only digits: (797, 64) in [0, 1] and their labels."""
    images, labels = _digits()
    return images[N_TRAIN:].reshape(-1, 64) / 16.0, labels[N_TRAIN:]


DATA_FILES = {TRAIN_FILE: _train_file}
WEIGHT_FILES = {"classifieur.npz": 1024**2}
"""The trained classifier's weights, written by the notebook's training cell and submitted
with it: grading loads them and never retrains (``autograder/weight_files.py``)."""


# --- 1. preprocessing -------------------------------------------------------------------------
def _prepare(images, etiquettes, gris_max, flatten=True, scale=True):
    imgs = np.asarray(images, dtype=float)
    X = imgs.reshape(len(imgs), -1) if flatten else imgs
    return (X / gris_max if scale else X), np.eye(10)[np.asarray(etiquettes, dtype=int)]


def _prep_calls(p: dict, r: random.Random) -> list[Call]:
    gen = np.random.default_rng(r.getrandbits(32))
    calls = []
    for n, side, top in [(3, 2, p["gris"]), (5, p["cote"], p["gris"]), (4, 3, 255)]:
        images = gen.integers(0, top + 1, (n, side, side)).astype(float)
        calls.append(Call((images, [int(v) for v in gen.integers(0, 10, n)], top)))
    return calls


PREPARATION = FunctionItem(
    id="ch10.preparation", points=1,
    title=Msg("Préparer les images pour un réseau dense", "Prepare images for a dense network"),
    draw=lambda r: {"gris": r.choice([15, 16, 255]), "cote": r.choice([4, 8])},
    statement=lambda p: (f"preparation(images, etiquettes, gris_max) → (X, Y) ; essayez des "
                         f"images {p['cote']}×{p['cote']} de niveaux 0 à {p['gris']}"),
    reference=lambda p: _prepare, calls=_prep_calls, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("pas_normalise",
                Msg("Les entrées doivent être entre 0 et 1 : divisez par le niveau de gris "
                    "maximal.", "Inputs must lie between 0 and 1: divide by the top grey "
                    "level."),
                wrong=lambda p: lambda i, e, g: _prepare(i, e, g, scale=False)),
        Mistake("pas_aplati",
                Msg("Un réseau dense attend un vecteur par image : X a la forme (N, h·w) "
                    "(reshape).", "A dense network expects one vector per image: X has shape "
                    "(N, h·w) (reshape)."),
                wrong=lambda p: lambda i, e, g: _prepare(i, e, g, flatten=False)),
    ])


# --- 2. parameter count -----------------------------------------------------------------------
def _sizes(p: dict) -> list[int]:
    return [p["n_in"]] + [p["p"]] * p["couches"] + [p["n_out"]]


NOMBRE_POIDS = ValueItem(
    id="ch10.nombre_poids", points=1,
    title=Msg("Le nombre de poids d'un réseau", "A network's number of weights"),
    draw=lambda r: {"n_in": r.choice([64, 784, 1000]), "p": r.choice([5, 8, 10, 20, 50]),
                    "couches": r.randint(2, 3), "n_out": r.choice([1, 10])},
    statement=lambda p: (f"le nombre de poids du réseau dense de tailles {_sizes(p)} "
                         "(model.count_params())"),
    expected=lambda p: count_params_dense(_sizes(p)), exact=True,
    mistakes=[
        Mistake("biais_oublies",
                Msg("Chaque neurone a aussi un biais : (n + 1)·m poids pour m neurones à n "
                    "entrées.", "Every neuron also has a bias: (n + 1)·m weights for m neurons "
                    "with n inputs."),
                wrong=lambda p: count_params_dense(_sizes(p), bias=False)),
        Mistake("neurones",
                Msg("C'est le nombre de neurones, pas de poids.",
                    "That is the number of neurons, not of weights."),
                wrong=lambda p: sum(_sizes(p)[1:])),
    ])


# --- 3. gradient steps of fit ---------------------------------------------------------------
NOMBRE_PAS = ValueItem(
    id="ch10.nombre_pas", points=1,
    title=Msg("Combien de pas de gradient fait fit ?", "How many gradient steps does fit take?"),
    draw=lambda r: {"N": r.choice([899, 1250, 1797]), "K": r.choice([32, 64, 100]),
                    "epochs": r.choice([10, 20, 40])},
    statement=lambda p: (f"fit(X, Y, batch_size={p['K']}, epochs={p['epochs']}) avec "
                         f"N = {p['N']} données : combien de pas de gradient ? (Keras fait un "
                         "dernier lot plus petit quand K ne divise pas N)"),
    expected=lambda p: gradient_steps(p["N"], p["K"], p["epochs"]), exact=True,
    mistakes=[
        Mistake("division_entiere",
                Msg("Quand K ne divise pas N, Keras fait un dernier lot plus petit : "
                    "⌈N/K⌉ pas par époque, pas ⌊N/K⌋.",
                    "When K does not divide N, Keras makes a last, smaller batch: ⌈N/K⌉ steps "
                    "per epoch, not ⌊N/K⌋."),
                wrong=lambda p: p["epochs"] * (p["N"] // p["K"])),
        Mistake("une_epoque",
                Msg("C'est le nombre de pas d'une seule époque : multipliez par epochs.",
                    "That is the number of steps of one epoch: multiply by epochs."),
                wrong=lambda p: math.ceil(p["N"] / p["K"])),
    ])


# --- 4. softmax ---------------------------------------------------------------------------------
def _softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def _vec_calls(p: dict, r: random.Random) -> list[Call]:
    calls = [Call((np.array([1.0, 2.0, 3.0]),)), Call((np.array([p["a"], 0.0, -1.0, 2.0]),)),
             Call((np.array([50.0, 51.0]),))]
    calls += [Call((np.array([round(r.uniform(-4, 4), 3) for _ in range(r.randint(2, 6))]),))
              for _ in range(3)]
    return calls


SOFTMAX = FunctionItem(
    id="ch10.softmax", points=1,
    title=Msg("L'activation softmax", "The softmax activation"),
    draw=lambda r: {"a": float(r.choice([-3, -2, 1, 4]))},
    statement=lambda p: (f"softmax(z) pour un vecteur z : les probabilités e^(z_i)/Σ e^(z_j) ; "
                         f"essayez z = [{p['a']}, 0, -1, 2]"),
    reference=lambda p: _softmax, calls=_vec_calls, rtol=1e-7, atol=1e-12,
    mistakes=[
        Mistake("sans_exponentielle",
                Msg("softmax passe d'abord à l'exponentielle : e^(z_i) / Σ e^(z_j).",
                    "softmax takes exponentials first: e^(z_i) / Σ e^(z_j)."),
                wrong=lambda p: lambda z: np.asarray(z, float) / np.asarray(z, float).sum()),
        Mistake("pas_normalise",
                Msg("Divisez par la somme des exponentielles : les sorties doivent sommer à 1.",
                    "Divide by the sum of the exponentials: the outputs must add up to 1."),
                wrong=lambda p: lambda z: np.exp(np.asarray(z, float))),
    ])


# --- 5. categorical cross-entropy ---------------------------------------------------------------
def _cce(Y, P, mean=True, log=np.log):
    Y, P = np.asarray(Y, float), np.asarray(P, float)
    per_row = -(Y * log(P)).sum(axis=1)
    return float(per_row.mean() if mean else per_row.sum())


def _cce_calls(p: dict, r: random.Random) -> list[Call]:
    gen = np.random.default_rng(r.getrandbits(32))
    calls = [Call((np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]),
                   np.array([[0.1, 0.2, 0.7], [0.3, 0.4, 0.3]])))]
    for n in (p["n"], 5):
        P = gen.dirichlet(np.ones(4), n).round(4)
        P = P / P.sum(axis=1, keepdims=True)
        calls.append(Call((np.eye(4)[gen.integers(0, 4, n)], P)))
    return calls


ENTROPIE = FunctionItem(
    id="ch10.entropie_croisee", points=1,
    title=Msg("La perte categorical_crossentropy", "The categorical_crossentropy loss"),
    draw=lambda r: {"n": r.randint(2, 4)},
    statement=lambda p: ("entropie_croisee(Y, P) : la moyenne sur les lignes de "
                         "−Σ_j Y_ij ln P_ij (Y one-hot, P des probabilités), comme Keras ; "
                         f"essayez {p['n']} lignes"),
    reference=lambda p: _cce, calls=_cce_calls, rtol=1e-7, atol=1e-10,
    mistakes=[
        Mistake("somme",
                Msg("Keras prend la moyenne sur les données, pas la somme : divisez par N.",
                    "Keras takes the mean over the data, not the sum: divide by N."),
                wrong=lambda p: lambda Y, P: _cce(Y, P, mean=False)),
        Mistake("log10",
                Msg("Le logarithme est le logarithme népérien ln (np.log), pas log₁₀.",
                    "The logarithm is the natural ln (np.log), not log₁₀."),
                wrong=lambda p: lambda Y, P: _cce(Y, P, log=np.log10)),
    ])


# --- 6. the gradient of the loss with GradientTape, checked on grader-drawn networks ----------
ACTS_GRADIENT = ("relu", "relu", "linear")
"""The chapter's regression networks (f(x, y) [L5984]): relu hidden layers, a linear output."""
KERAS_TOL = 1e-4
"""Keras computes in float32: gradients agree with float64 to about 1e-6 (relative). A step
moves the weights by δ·∇L, so its float32 error is smaller: rtol 1e-5, atol 1e-6 there."""


def _net_draw(r: random.Random) -> dict:
    return {"tailles": [r.choice([1, 2, 3]), r.choice([3, 4, 5]), r.choice([2, 3, 4]), 1]}


def _net_text(p: dict) -> str:
    t = p["tailles"]
    return (f"réseau {t[0]} → {t[1]} (relu) → {t[2]} (relu) → {t[3]} (linéaire), perte "
            "mean_squared_error")


GRADIENT_POIDS = GradCheckItem(
    id="ch10.gradient_poids", points=2,
    title=Msg("Le gradient de la perte avec GradientTape",
              "The loss gradient with GradientTape"),
    draw=_net_draw,
    statement=lambda p: (f"gradient_poids(poids, X, Y) pour le {_net_text(p)} : poids = "
                         "[coeff₀, biais₀, coeff₁, biais₁, coeff₂, biais₂] (comme "
                         "get_weights()), renvoie la liste des gradients de la perte, dans le "
                         "même ordre ; le correcteur l'appelle sur ses propres réseaux"),
    sizes=lambda p: p["tailles"], activations=lambda p: ACTS_GRADIENT, layout="keras",
    n_random=3, rtol=KERAS_TOL, atol=KERAS_TOL, min_margin=1e-3,
    mistakes=keras_mistakes(lambda p: ACTS_GRADIENT),
)


# --- 7. one gradient-descent step from that gradient -------------------------------------------
def _step_reference(acts=ACTS_GRADIENT, sign: float = -1.0, reduction: str = "mean"):
    """pas_gradient(poids, X, Y, delta) → the weights after w ← w − δ ∇L(w) (sign=+1: ascent)."""
    gradient = keras_layout(reference_backprop(acts, reduction))

    def step(poids, X, Y, delta):
        return [np.asarray(w, float) + sign * delta * g
                for w, g in zip(poids, gradient(poids, X, Y), strict=True)]
    return step


def _step_calls(p: dict, r: random.Random) -> list[Call]:
    calls = []
    for delta in (p["delta"], r.choice([0.01, 0.05, 0.2])):
        couches, X, z = draw_case(p["tailles"], ACTS_GRADIENT, r, min_margin=1e-3)
        calls.append(Call(([a for pair in couches for a in pair], X, z.reshape(len(X), -1),
                           delta), timeout=10.0))
    return calls


PAS_GRADIENT = FunctionItem(
    id="ch10.pas_gradient", points=1,
    title=Msg("Un pas de descente de gradient à la main", "One gradient step by hand"),
    draw=lambda r: {**_net_draw(r), "delta": r.choice([0.001, 0.01, 0.1])},
    statement=lambda p: (f"pas_gradient(poids, X, Y, delta) pour le {_net_text(p)} : les poids "
                         "après un pas w ← w − δ ∇L(w) (même liste que get_weights()) ; "
                         f"essayez δ = {p['delta']}"),
    reference=lambda p: _step_reference(), calls=_step_calls, rtol=1e-5, atol=1e-6,
    mistakes=[
        Mistake("montee",
                Msg("On descend : w ← w − δ ∇L(w) (vous avez ajouté le gradient : c'est une "
                    "montée).", "We go down: w ← w − δ ∇L(w) (you added the gradient: that "
                    "is an ascent)."),
                wrong=lambda p: _step_reference(sign=1.0)),
        Mistake("somme_au_lieu_de_moyenne",
                Msg("La perte de Keras est une moyenne sur les N données : votre gradient est N "
                    "fois trop grand.", "Keras' loss is a mean over the N data: your gradient "
                    "is N times too large."),
                wrong=lambda p: _step_reference(reduction="sum")),
    ])


# --- 8. the digit classifier, graded on held-out digits -----------------------------------------
def _classifier_check(model: KerasModel, p: dict) -> Msg | None:
    X, labels = heldout()
    acc = accuracy(model, X, labels)
    if acc >= THRESHOLD:
        return None
    return Msg(f"Sur les chiffres de test du correcteur (jamais vus à l'entraînement), votre "
               f"réseau reconnaît {acc:.1%} des images ; il en faut au moins {THRESHOLD:.0%}. "
               "Entraînez-le (compile puis fit, avec les données préparées).",
               f"On the grader's test digits (never seen in training) your network recognises "
               f"{acc:.1%} of the images; at least {THRESHOLD:.0%} is required. Train it "
               "(compile then fit, on the prepared data).")


CLASSIFIEUR = KerasModelItem(
    id="ch10.classifieur", points=2.5,
    title=Msg("Entraîner un classifieur de chiffres", "Train a digit classifier"),
    draw=lambda r: {"p": r.choice([8, 10, 12])},
    statement=lambda p: (f"réseau 64 → {p['p']} (sigmoïde) → {p['p']} (sigmoïde) → 10 "
                         f"(softmax), entraîné sur {TRAIN_FILE} ; au moins {THRESHOLD:.0%} de "
                         "réussite sur les chiffres de test du correcteur"),
    spec=lambda p: mnist_dense(p["p"], n_in=64), check_weights=_classifier_check,
    mistakes=[
        Mistake("non_entraine",
                Msg("Votre réseau a ses poids de départ (aléatoires) : il n'a pas été entraîné "
                    "(ou fit n'a rien appris : vérifiez les données préparées).",
                    "Your network has its initial (random) weights: it was not trained (or fit "
                    "learnt nothing: check the prepared data)."),
                predicate=lambda m, p: accuracy(m, *heldout()) < 0.3,
                example=lambda p: model_from_spec(mnist_dense(p["p"], n_in=64), seed=3)),
    ])


# --- 9. bag of words ----------------------------------------------------------------------------
def _bag(indices, n, base=0, count=False):
    out = np.zeros(int(n))
    for i in indices:
        k = int(i) - base
        if 0 <= k < n:
            out[k] = out[k] + 1 if count else 1.0
    return out


def _bag_calls(p: dict, r: random.Random) -> list[Call]:
    calls = [Call(([1, 0, 3], 10)), Call(([8, 5, 2, 5], 10)), Call(([p["k"], p["k"], 0], 6))]
    for _ in range(3):
        n = r.randint(4, 12)
        calls.append(Call(([r.randint(0, n - 1) for _ in range(r.randint(1, 8))], n)))
    return calls


SAC_DE_MOTS = FunctionItem(
    id="ch10.sac_de_mots", points=1,
    title=Msg("Un sac de mots", "A bag of words"),
    draw=lambda r: {"k": r.randint(1, 5)},
    statement=lambda p: (f"vectorisation(indices, n) : le vecteur de taille n qui vaut 1 aux "
                         f"indices présents (numérotés à partir de 0), 0 ailleurs ; essayez "
                         f"[{p['k']}, {p['k']}, 0] avec n = 6"),
    reference=lambda p: _bag, calls=_bag_calls, exact=False,
    mistakes=[
        Mistake("comptage",
                Msg("Un mot répété compte une seule fois : la coordonnée vaut 1, pas le nombre "
                    "d'occurrences.", "A repeated word counts once: the coordinate is 1, not "
                    "the number of occurrences."),
                wrong=lambda p: lambda i, n: _bag(i, n, count=True)),
        Mistake("a_partir_de_un",
                Msg("Les indices commencent à 0 (comme ceux de Keras) : l'indice i est la "
                    "coordonnée i, pas i − 1.", "Indices start at 0 (like Keras'): index i is "
                    "coordinate i, not i − 1."),
                wrong=lambda p: lambda i, n: _bag(i, n, base=1)),
    ])

ITEMS = [PREPARATION, NOMBRE_POIDS, NOMBRE_PAS, SOFTMAX, ENTROPIE, GRADIENT_POIDS, PAS_GRADIENT,
         CLASSIFIEUR, SAC_DE_MOTS]
