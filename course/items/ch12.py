"""Graded items of assignment ch12 « Convolution » (two dimensions, instructor-only).

Every expected answer is computed from ``reference/convolution2d.py``, ``reference/pooling.py``
and ``reference/image_filters.py`` with the student's parameters (book chapter 12, notes
``shared/book/notes/ch11-18.md`` §12). Conventions stated in the notebook: A ⋆ M rotates the
motif by a half-turn (M[::-1, ::-1], not a transpose), centres it on each coefficient, virtual
zeros around A, same size as A; 'valid' keeps the positions where the motif fits, 'full' all
the non-zero terms; pooling keeps complete blocks only (ragged edges dropped, as Keras
padding='valid'); the other convention (partial blocks kept) is accepted with a note.
"""

from __future__ import annotations

import math
import random

import numpy as np

from autograder import flips
from autograder.items import FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from reference import convolution2d as c2
from reference import image_filters as filters
from reference import pooling


def _matrix(r: random.Random, n: int, p: int, low: int = -3, high: int = 6) -> list[list[int]]:
    return [[r.randint(low, high) for _ in range(p)] for _ in range(n)]


# --- 1. by hand: A ⋆ M ---------------------------------------------------------------------------
def _draw_pair(r: random.Random):
    while True:
        A, M = _matrix(r, 4, 4, 0, 5), flips.int_motif(r, (3, 3))
        if flips.all_differ(c2.conv2d(A, M), c2.correlate2d(A, M), flips.conv2d_transposed(A, M),
                       flips.conv2d_transposed(A, np.asarray(M)[::-1, ::-1])):
            return {"A": A, "M": M}


PRODUIT = ValueItem(
    id="ch12.produit_2d", points=1.5,
    title=Msg("Convolution de matrices à la main", "Matrix convolution by hand"),
    draw=_draw_pair,
    statement=lambda p: f"A = {p['A']}, M = {p['M']} : calculez A ⋆ M (matrice 4 × 4, "
                        "zéros virtuels autour de A)",
    expected=lambda p: c2.conv2d(p["A"], p["M"]),
    mistakes=[
        Mistake("correlation_au_lieu_de_convolution", flips.NOT_FLIPPED,
                wrong=lambda p: c2.correlate2d(p["A"], p["M"])),
        Mistake("motif_transpose", flips.TRANSPOSED,
                wrong=lambda p: flips.conv2d_transposed(p["A"], p["M"])),
        Mistake("transpose_sans_retournement", flips.TRANSPOSED,
                wrong=lambda p: flips.conv2d_transposed(p["A"], np.asarray(p["M"])[::-1, ::-1])),
        Mistake("convolution_restreinte", Msg(
            "Vous n'avez gardé que les positions où M tient entièrement dans A (2 × 2, mode "
            "'valid') : A ⋆ M a la taille de A, avec des zéros virtuels au bord.",
            "You kept only the positions where M fits entirely inside A (2 × 2, 'valid'): "
            "A ⋆ M has A's size, with virtual zeros at the edge."),
            wrong=lambda p: c2.conv2d(p["A"], p["M"], "valid")),
    ])

# --- 2. programme A ⋆ M --------------------------------------------------------------------------
BOOK_CASES = [([[2, 1, 3, 0], [1, 1, 0, 5], [3, 3, 1, 0], [2, 0, 0, 2]],
               [[1, 0, 2], [2, 1, 0], [1, 0, 3]]),
              ([[2, -1, 7, 3, 0], [2, 0, 0, -2, 1], [-5, 0, -1, -1, 4]],
               [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]])]

CONVOLUTION = FunctionItem(
    id="ch12.convolution_2d", points=2,
    title=Msg("Programmer la convolution de matrices", "Programming matrix convolution"),
    draw=lambda r: {"A": _matrix(r, 5, 5), "M": flips.int_motif(r, (3, 3))},
    statement=lambda p: "convolution_2d(A, M) renvoie A ⋆ M (taille de A ; motif de taille "
                        f"impaire ou paire) ; essayez A = {p['A']}, M = {p['M']}",
    reference=lambda p: (lambda A, M: c2.conv2d(A, M)),
    calls=lambda p, r: flips.calls_2d(r, BOOK_CASES + [(p["A"], p["M"])]),
    rtol=1e-9, atol=1e-9,
    mistakes=[*flips.convolution_mistakes(2),
              Mistake("convolution_etendue", Msg(
                  "Votre résultat a la taille de la convolution étendue ('full') : A ⋆ M garde "
                  "la taille de A.",
                  "Your result has the extended ('full') size: A ⋆ M keeps A's size."),
                  wrong=lambda p: (lambda A, M: c2.conv2d(A, M, "full")))])


# --- 3. output sizes: valid / same / full ---------------------------------------------------------
def _sizes(p, shift: int = 0) -> tuple:
    A, M = np.zeros((p["n"], p["q"])), np.ones((p["kh"], p["kw"]))
    shapes = [c2.conv2d(A, M, mode).shape for mode in ("valid", "same", "full")]
    if shift:  # kh or kh − 2 instead of kh − 1
        n, q, kh, kw = p["n"], p["q"], p["kh"], p["kw"]
        shapes = [(n - kh + 1 - shift, q - kw + 1 - shift), (n, q),
                  (n + kh - 1 + shift, q + kw - 1 + shift)]
    return tuple(int(v) for s in shapes for v in s)


TAILLES = ValueItem(
    id="ch12.tailles_modes", points=1,
    title=Msg("Tailles des trois modes", "Sizes of the three modes"),
    draw=lambda r: {"n": r.randint(6, 12), "q": r.randint(6, 12),
                    "kh": r.choice([3, 5]), "kw": r.choice([2, 3, 5])},
    statement=lambda p: f"A de taille {p['n']} × {p['q']}, motif {p['kh']} × {p['kw']} : le "
                        "6-uplet (lignes, colonnes) des modes 'valid', 'same', 'full'",
    expected=_sizes, exact=True,
    mistakes=[
        Mistake("modes_echanges", Msg(
            "'valid' (restreinte) est la plus petite : le motif tient entièrement dans A, "
            "n − kh + 1 lignes ; 'full' (étendue) est la plus grande, n + kh − 1.",
            "'valid' is the smallest (the motif fits inside A, n − kh + 1 rows); 'full' is "
            "the largest, n + kh − 1."),
            wrong=lambda p: tuple(np.array(_sizes(p)).reshape(3, 2)[::-1].ravel().tolist())),
        Mistake("un_de_trop", Msg(
            "Comptez les positions : un motif de hauteur kh tient à n − kh + 1 positions dans "
            "n lignes (n − 2 pour un motif 3 × 3) ; en mode 'full' il y en a n + kh − 1.",
            "Count the positions: a motif of height kh fits at n − kh + 1 positions in n rows "
            "(n − 2 for a 3 × 3 motif); 'full' has n + kh − 1."),
            wrong=lambda p: _sizes(p, 1)),
    ])


# --- 4. output size with stride and padding -----------------------------------------------------
def _strided(p, *, padding: int | None = None, stride: int | None = None,
             rounding=None, one_side: bool = False) -> int:
    P = p["P"] if padding is None else padding
    s = p["s"] if stride is None else stride
    if one_side:
        return (p["n"] + P - p["k"]) // s + 1
    if rounding is not None:
        return int(rounding((p["n"] + 2 * P - p["k"]) / s)) + 1
    return int(c2.conv2d(np.zeros((p["n"], p["n"])), np.ones((p["k"], p["k"])), "valid",
                         stride=s, padding=P).shape[0])


def _draw_strided(r: random.Random):
    while True:
        p = {"n": r.randint(9, 30), "k": r.choice([3, 5]), "P": r.randint(1, 2),
             "s": r.choice([2, 3])}
        values = [_strided(p), _strided(p, padding=0), _strided(p, stride=1),
                  _strided(p, one_side=True), _strided(p, rounding=math.ceil)]
        if len(set(values)) == 5:
            return p


PAS = ValueItem(
    id="ch12.taille_pas_marge", points=1,
    title=Msg("Taille avec pas et marge", "Size with stride and padding"),
    draw=_draw_strided,
    statement=lambda p: f"image {p['n']} × {p['n']}, motif {p['k']} × {p['k']}, marge de "
                        f"{p['P']} zéro(s) de chaque côté, pas {p['s']}, puis mode 'valid' : "
                        "nombre de lignes de la sortie",
    expected=_strided, exact=True,
    mistakes=[
        Mistake("marge_oubliee", Msg(
            "La marge ajoute P lignes de zéros en haut et P en bas : l'entrée a n + 2P lignes.",
            "Padding adds P rows of zeros on top and P at the bottom: the input has n + 2P "
            "rows."), wrong=lambda p: _strided(p, padding=0)),
        Mistake("pas_oublie", Msg(
            "Avec un pas s, on ne garde qu'une position sur s : ⌊(n + 2P − k)/s⌋ + 1.",
            "With stride s only one position in s is kept: ⌊(n + 2P − k)/s⌋ + 1."),
            wrong=lambda p: _strided(p, stride=1)),
        Mistake("marge_d_un_seul_cote", Msg(
            "La marge se met des deux côtés : n + 2P, pas n + P.",
            "Padding goes on both sides: n + 2P, not n + P."),
            wrong=lambda p: _strided(p, one_side=True)),
        Mistake("arrondi_superieur", Msg(
            "La dernière position doit laisser le motif entier dans l'entrée : on arrondit "
            "(n + 2P − k)/s vers le bas avant d'ajouter 1.",
            "The last position must keep the whole motif inside the input: round "
            "(n + 2P − k)/s down before adding 1."),
            wrong=lambda p: _strided(p, rounding=math.ceil)),
    ])


# --- 5–6. pooling with ragged edges ------------------------------------------------------------
def pool_partial(A, k: int, op: str) -> np.ndarray:
    """The other convention: partial blocks at the ragged edge are kept (ceil sizes), each
    reduced over its existing coefficients (Keras padding='same' for max-pooling)."""
    A = np.asarray(A, dtype=float)
    n, q = -(-A.shape[0] // k), -(-A.shape[1] // k)
    red = np.max if op == "max" else np.mean
    return np.array([[red(A[i * k:(i + 1) * k, j * k:(j + 1) * k]) for j in range(q)]
                     for i in range(n)])


PARTIAL_NOTE = Msg(
    "Accepté : vous avez gardé les blocs incomplets du bord (tailles arrondies vers le haut). "
    "La convention de ce notebook, celle du livre et de Keras padding='valid', ne garde que les "
    "blocs complets (⌊n/k⌋ × ⌊p/k⌋).",
    "Accepted: you kept the partial blocks at the edge (sizes rounded up). This notebook's "
    "convention, the book's and Keras padding='valid', keeps complete blocks only "
    "(⌊n/k⌋ × ⌊p/k⌋).")
OVERLAP = Msg(
    "Les blocs ne se chevauchent pas : le pas est égal à la taille k du bloc (vous avez fait "
    "glisser la fenêtre d'un cran à la fois).",
    "The blocks do not overlap: the stride equals the block size k (you slid the window one "
    "step at a time).")


def _draw_pool(r: random.Random):
    k = r.choice([2, 3])
    n, q = r.choice([2, 3]) * k + r.randint(1, k - 1), r.choice([2, 3]) * k + r.randint(1, k - 1)
    return {"A": _matrix(r, n, q, 0, 9), "k": k}


def _pool_item(op: str) -> flips.AcceptingValueItem:
    other = "mean" if op == "max" else "max"
    name = {"max": "max_pooling", "mean": "moyenne_pooling"}[op]
    label = {"max": ("max-pooling", "max-pooling"),
             "mean": ("pooling par moyenne", "average pooling")}[op]
    return flips.AcceptingValueItem(
        id=f"ch12.{name}", points=1,
        title=Msg(label[0].capitalize(), label[1].capitalize()),
        draw=_draw_pool,
        statement=lambda p: f"A = {p['A']} : {label[0]} de taille k = {p['k']} (blocs "
                            "k × k sans chevauchement ; les blocs incomplets du bord sont "
                            "ignorés)",
        expected=lambda p: pooling.pool2d(p["A"], p["k"], op=op),
        accepted=lambda p: [(PARTIAL_NOTE, pool_partial(p["A"], p["k"], op))],
        mistakes=[
            Mistake("autre_operation", Msg(
                "C'est l'autre pooling : le max-pooling garde le maximum de chaque bloc, le "
                "pooling par moyenne sa moyenne.",
                "That is the other pooling: max-pooling keeps each block's maximum, average "
                "pooling its mean."),
                wrong=lambda p: pooling.pool2d(p["A"], p["k"], op=other)),
            Mistake("blocs_chevauchants", OVERLAP,
                    wrong=lambda p: pooling.pool2d(p["A"], p["k"], stride=1, op=op)),
        ])


MAX_POOL, MEAN_POOL = _pool_item("max"), _pool_item("mean")


# --- 7. a motif by its effect: translation -----------------------------------------------------
SHIFTS = {"bas": (1, 0), "haut": (-1, 0), "droite": (0, 1), "gauche": (0, -1)}


def _shift_motif(di: int, dj: int) -> np.ndarray:
    """A ⋆ M shifts A by (di, dj): the 1 sits at (1 + di, 1 + dj) of a 3 × 3 motif."""
    M = np.zeros((3, 3))
    M[1 + di, 1 + dj] = 1.0
    return M


def _test_images(p) -> list[np.ndarray]:
    r = random.Random(f"images-{p}")
    return [flips.random_signal(r, (5, 6)) for _ in range(3)]


TRANSLATION = flips.MotifItem(
    id="ch12.motif_translation", points=1, ndim=2,
    title=Msg("Motif d'une translation", "Motif of a translation"),
    draw=lambda r: {"sens": r.choice(sorted(SHIFTS))},
    statement=lambda p: "un motif M (3 × 3) tel que A ⋆ M décale A d'un cran vers "
                        f"{'la ' if p['sens'] in ('droite', 'gauche') else 'le '}{p['sens']} "
                        "(des zéros entrent par le bord)",
    expected=lambda p: _shift_motif(*SHIFTS[p["sens"]]), signals=_test_images,
    mistakes=[
        Mistake("sens_inverse", Msg(
            "Ce motif décale dans l'autre sens : la convolution fait faire un demi-tour au "
            "motif, donc le 1 placé sous le centre fait descendre l'image (comme "
            "[[0, 0, 0], [0, 0, 0], [0, 1, 0]] dans le livre).",
            "This motif shifts the other way: convolution rotates the motif by a half-turn, "
            "so a 1 below the centre moves the image down (like the book's "
            "[[0, 0, 0], [0, 0, 0], [0, 1, 0]])."),
            wrong=lambda p: _shift_motif(*SHIFTS[p["sens"]])[::-1, ::-1]),
        Mistake("axe_echange", Msg(
            "Ce motif décale selon l'autre axe : la première coordonnée du motif est la ligne "
            "(haut/bas), la seconde la colonne (gauche/droite).",
            "This motif shifts along the other axis: the motif's first index is the row "
            "(up/down), the second the column (left/right)."),
            wrong=lambda p: _shift_motif(*SHIFTS[p["sens"]]).T),
    ])


# --- 8. a filter on an image crop --------------------------------------------------------
def _draw_crop(r: random.Random):
    n, q = r.randint(5, 7), r.randint(5, 7)
    A = np.full((n, q), r.randint(20, 60))
    i, j = r.randint(1, n - 3), r.randint(1, q - 3)
    A[i:i + 2, j:j + r.randint(2, 3)] = r.randint(180, 250)
    A += np.array(_matrix(r, n, q, 0, 9))
    return {"A": A.astype(int).tolist()}


def _mean_present(A) -> np.ndarray:
    A = np.asarray(A, dtype=float)
    return c2.conv2d(A, np.ones((3, 3))) / c2.conv2d(np.ones_like(A), np.ones((3, 3)))


FLOU = ValueItem(
    id="ch12.filtre_flou", points=1,
    title=Msg("Flou d'une image", "Blurring an image"),
    draw=_draw_crop,
    statement=lambda p: f"image (niveaux de gris) A = {p['A']} : l'image floutée A ⋆ M avec "
                        "M = (1/9)·(matrice 3 × 3 de 1), sans arrondi ni écrêtage",
    expected=lambda p: filters.apply_filter(p["A"], filters.kernel("blur")),
    rtol=1e-6, atol=1e-6,
    mistakes=[
        Mistake("sans_division", Msg(
            "Le flou fait la moyenne : le motif vaut 1/9 dans chaque case, pas 1.",
            "Blurring averages: each entry of the motif is 1/9, not 1."),
            wrong=lambda p: c2.conv2d(p["A"], np.ones((3, 3)))),
        Mistake("moyenne_des_voisins_presents", Msg(
            "Au bord, les zéros virtuels comptent : on divise toujours par 9 (le bord de "
            "l'image floutée s'assombrit).",
            "At the edge the virtual zeros count: always divide by 9 (the blurred image's "
            "border gets darker)."),
            wrong=lambda p: _mean_present(p["A"])),
        Mistake("arrondi_ou_ecretage", Msg(
            "Gardez les valeurs exactes (des réels) : l'arrondi en entiers 0…255 ne se fait "
            "qu'à l'enregistrement de l'image.",
            "Keep the exact (real) values: rounding to integers 0…255 only happens when the "
            "image is saved."),
            wrong=lambda p: np.floor(filters.apply_filter(p["A"], filters.kernel("blur")))),
    ])


# --- 9. weights of a convolution layer vs a dense one -------------------------------------
def _weights(p, *, bias: bool = True, channels: bool = True, shared: bool = True) -> tuple:
    n, k, c, ell = p["n"], p["k"], p["c"], p["l"]
    conv = c2.conv_param_count(k, k, c if channels else 1, ell, bias=bias)
    if not shared:
        conv *= n * n
    return (c2.dense_param_count(n * n, n * n), conv)


POIDS = ValueItem(
    id="ch12.nombre_poids", points=1,
    title=Msg("Nombre de poids", "Number of weights"),
    draw=lambda r: {"n": r.choice([28, 32, 64, 100]), "k": r.choice([3, 5]),
                    "c": r.choice([3, 8, 16]), "l": r.choice([4, 8, 32])},
    statement=lambda p: f"(a) poids d'une couche dense d'une image {p['n']} × {p['n']} (une "
                        f"couleur) vers {p['n']}² neurones, sans biais ; (b) poids d'une couche "
                        f"de convolution de {p['l']} filtres {p['k']} × {p['k']} sur une entrée "
                        f"à {p['c']} canaux, avec un biais par filtre : le couple (a, b)",
    expected=_weights, exact=True,
    mistakes=[
        Mistake("biais_oublie", Msg(
            "Chaque filtre a aussi son biais : (k·k·c + 1)·ℓ.",
            "Each filter also has its bias: (k·k·c + 1)·ℓ."),
            wrong=lambda p: _weights(p, bias=False)),
        Mistake("canaux_oublies", Msg(
            "Sur une entrée à c canaux, chaque filtre est un motif k × k × c : il a k·k·c "
            "poids.",
            "On an input with c channels each filter is a k × k × c motif: k·k·c weights."),
            wrong=lambda p: _weights(p, channels=False)),
        Mistake("poids_non_partages", Msg(
            "Les neurones d'un même filtre partagent ses poids : leur nombre ne dépend pas de "
            "la taille de l'image.",
            "The neurons of one filter share its weights: their number does not depend on the "
            "image size."),
            wrong=lambda p: _weights(p, shared=False)),
    ])


# --- 10. a convolution neuron layer: bias and ReLU ------------------------------------------------
def _layer(p, *, flip: bool = True, bias: bool = True, relu: bool = True) -> np.ndarray:
    op = c2.conv2d if flip else c2.correlate2d
    out = op(p["A"], p["M"]) + (p["b"] if bias else 0)
    return np.maximum(out, 0.0) if relu else out


def _draw_layer(r: random.Random):
    while True:
        p = {"A": _matrix(r, 4, 4, -2, 4), "M": flips.int_motif(r, (3, 3)),
             "b": r.choice([-3, -2, -1, 1, 2])}
        pre = _layer(p, relu=False)
        if (pre < 0).any() and (pre > 0).any() and flips.all_differ(
                _layer(p), _layer(p, flip=False), _layer(p, bias=False), pre):
            return p


COUCHE = ValueItem(
    id="ch12.couche_relu", points=1,
    title=Msg("Couche de convolution avec ReLU", "Convolution layer with ReLU"),
    draw=_draw_layer,
    statement=lambda p: f"entrée A = {p['A']}, motif M = {p['M']}, biais b = {p['b']}, "
                        "activation ReLU : la sortie ReLU(A ⋆ M + b) (4 × 4)",
    expected=_layer,
    mistakes=[
        Mistake("sans_activation", Msg(
            "Chaque neurone applique ReLU : les valeurs négatives deviennent 0.",
            "Each neuron applies ReLU: negative values become 0."),
            wrong=lambda p: _layer(p, relu=False)),
        Mistake("correlation_au_lieu_de_convolution", flips.NOT_FLIPPED,
                wrong=lambda p: _layer(p, flip=False)),
        Mistake("biais_oublie", Msg(
            "Le biais b s'ajoute à chaque somme pondérée, avant ReLU.",
            "The bias b is added to every weighted sum, before ReLU."),
            wrong=lambda p: _layer(p, bias=False)),
    ])

ITEMS = [PRODUIT, CONVOLUTION, TAILLES, PAS, MAX_POOL, MEAN_POOL, TRANSLATION, FLOU, POIDS,
         COUCHE]
