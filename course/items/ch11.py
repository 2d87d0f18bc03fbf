"""Graded items of assignment ch11 « Convolution : une dimension » (instructor-only).

Every expected answer is computed from ``reference/convolution1d.py`` with the student's
parameters (book chapter 11, notes ``shared/book/notes/ch11-18.md`` §11). Conventions stated in
the notebook: f ⋆ g reverses the motif, keeps len(f) terms ('same') with virtual zeros; an
even-length motif gets a 0 *prepended* before it is reversed [L6259–6267]; the extended
product f ⋆̃ g has n + m − 1 terms. The flip detector (``autograder/flips.py``) chooses the
function items' calls so that a correlation, an even motif centred on the wrong side or the
wrong length are each named.
"""

from __future__ import annotations

import random

import numpy as np

from autograder import flips
from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from reference import convolution1d as c1

FULL_NOT_SAME = Msg(
    "Ce sont les n + m − 1 termes de la convolution étendue f ⋆̃ g. La convolution tronquée "
    "f ⋆ g garde autant de termes que la liste d'entrée (son centre).",
    "Those are the n + m − 1 terms of the extended convolution f ⋆̃ g. The truncated "
    "convolution f ⋆ g keeps as many terms as the input list (its middle part).")
VALID_NOT_SAME = Msg(
    "Vous n'avez gardé que les positions où le motif tient entièrement dans la liste : il faut "
    "aussi les positions du bord, avec des zéros virtuels.",
    "You kept only the positions where the motif fits entirely inside the list: the edge "
    "positions count too, with virtual zeros.")


def _ints(r: random.Random, n: int, low: int = -3, high: int = 6) -> list[int]:
    return [r.randint(low, high) for _ in range(n)]


def _draw_pair(r: random.Random, n: int, m: int):
    while True:
        f, g = _ints(r, n), flips.int_motif(r, m)
        outputs = [c1.conv1d(f, g), c1.correlate1d(f, g), c1.conv1d(f, g, "full")]
        if m % 2 == 0:  # the even-length behaviours differ only then
            outputs += [c1.correlate1d(f, g, convention="listing"),
                        flips.conv1d_even_wrong(f, g)]
        if flips.all_differ(*outputs):
            return {"f": f, "g": g}


# --- 1. by hand: f ⋆ g -------------------------------------------------------------------------
PRODUIT = ValueItem(
    id="ch11.produit_convolution", points=1,
    title=Msg("Convolution tronquée à la main", "Truncated convolution by hand"),
    draw=lambda r: _draw_pair(r, 6, 3),
    statement=lambda p: f"f = {p['f']}, g = {p['g']} : calculez f ⋆ g (liste de {len(p['f'])} "
                        "nombres)",
    expected=lambda p: c1.conv1d(p["f"], p["g"]),
    mistakes=[
        Mistake("correlation_au_lieu_de_convolution", flips.NOT_FLIPPED,
                wrong=lambda p: c1.correlate1d(p["f"], p["g"])),
        Mistake("convolution_etendue", FULL_NOT_SAME,
                wrong=lambda p: c1.conv1d(p["f"], p["g"], "full")),
        Mistake("bords_oublies", VALID_NOT_SAME,
                wrong=lambda p: c1.conv1d(p["f"], p["g"], "valid")),
    ])

# --- 2. an even-length motif -------------------------------------------------------------------
MOTIF_PAIR = ValueItem(
    id="ch11.motif_pair", points=1,
    title=Msg("Motif de longueur paire", "Even-length motif"),
    draw=lambda r: _draw_pair(r, 5, 2),
    statement=lambda p: f"f = {p['f']}, g = {p['g']} (longueur paire) : calculez f ⋆ g",
    expected=lambda p: c1.conv1d(p["f"], p["g"]),
    mistakes=[
        Mistake("centrage_motif_pair", flips.EVEN_CENTRING,
                wrong=lambda p: flips.conv1d_even_wrong(p["f"], p["g"])),
        Mistake("correlation_au_lieu_de_convolution", flips.NOT_FLIPPED,
                wrong=lambda p: c1.correlate1d(p["f"], p["g"])),
        Mistake("correlation_du_livre", flips.NOT_FLIPPED,
                wrong=lambda p: c1.correlate1d(p["f"], p["g"], convention="listing")),
    ])

# --- 3. programme f ⋆ g ------------------------------------------------------------------------
BOOK_CASES = [([1, 0, 3, 5, 1], [1, 2, 3]), ([-1, 5, 7, 3, 2], [4, 5]),
              ([4, 2, 1, 4, 5, 1, 3], [1 / 3, 1 / 3, 1 / 3])]

CONVOLUTION = FunctionItem(
    id="ch11.convolution", points=2,
    title=Msg("Programmer la convolution tronquée", "Programming the truncated convolution"),
    draw=lambda r: _draw_pair(r, 7, 4),
    statement=lambda p: "convolution(f, g) renvoie f ⋆ g (len(g) ≤ len(f), motifs de longueur "
                        f"paire ou impaire) ; essayez f = {p['f']}, g = {p['g']}",
    reference=lambda p: (lambda f, g: c1.conv1d(f, g)),
    calls=lambda p, r: flips.calls_1d(r, BOOK_CASES + [(p["f"], p["g"])]),
    rtol=1e-9, atol=1e-9,
    mistakes=[*flips.convolution_mistakes(1),
              Mistake("convolution_etendue", FULL_NOT_SAME,
                      wrong=lambda p: (lambda f, g: c1.conv1d(f, g, "full")))])

# --- 4. programme the extended product f ⋆̃ g ------------------------------------------------------
LENGTH = Msg(
    "La convolution étendue de listes de longueurs n et m a n + m − 1 termes : le premier est "
    "f(0)·g(0), le dernier f(n−1)·g(m−1).",
    "The extended convolution of lists of lengths n and m has n + m − 1 terms: the first is "
    "f(0)·g(0), the last f(n−1)·g(m−1).")


def _full_calls(p, r: random.Random) -> list[Call]:
    calls = [Call((np.array([1.0, 0, 3, 5, 1]), np.array([1.0, 2, 3]))),
             Call((np.array(p["f"], dtype=float), np.array(p["g"], dtype=float)))]
    for n, m in ((6, 3), (4, 4), (3, 5), (7, 2)):
        calls.append(Call((flips.random_signal(r, n), flips.asymmetric_motif(r, m))))
    return calls


ETENDUE = FunctionItem(
    id="ch11.convolution_etendue", points=1.5,
    title=Msg("Convolution étendue", "Extended convolution"),
    draw=lambda r: _draw_pair(r, 5, 3),
    statement=lambda p: "convolution_etendue(f, g) renvoie les n + m − 1 termes de f ⋆̃ g ; "
                        f"essayez f = {p['f']}, g = {p['g']}",
    reference=lambda p: (lambda f, g: c1.conv1d(f, g, "full")),
    calls=_full_calls, rtol=1e-9, atol=1e-9,
    mistakes=[
        Mistake("correlation_au_lieu_de_convolution", flips.NOT_FLIPPED,
                wrong=lambda p: (lambda f, g: c1.correlate1d(f, g, "full"))),
        Mistake("dernier_terme_oublie", LENGTH,
                wrong=lambda p: (lambda f, g: c1.conv1d(f, g, "full")[:-1])),
        Mistake("longueur_tronquee", Msg(
            "C'est la convolution tronquée (len(f) termes) : la convolution étendue garde "
            "aussi les termes des bords, n + m − 1 en tout.",
            "That is the truncated convolution (len(f) terms): the extended one also keeps the "
            "edge terms, n + m − 1 in all."),
            wrong=lambda p: (lambda f, g: c1.conv1d(f, g, "same")))])


# --- 5. a translation motif ----------------------------------------------------------------------
def _test_signals(p) -> list[np.ndarray]:
    r = random.Random(f"signals-{p}")
    return [flips.random_signal(r, 9) for _ in range(3)]


def _shift_motif(d: int) -> np.ndarray:
    """f ⋆ g shifts by d (> 0: to the right, out[n] = f(n − d)) for g of length 2|d| + 1."""
    g = np.zeros(2 * abs(d) + 1)
    g[-1 if d > 0 else 0] = 1.0
    return g


TRANSLATION = flips.MotifItem(
    id="ch11.motif_translation", points=1,
    title=Msg("Motif d'une translation", "Motif of a translation"),
    draw=lambda r: {"d": r.choice([-2, -1, 1, 2])},
    statement=lambda p: "un motif g tel que f ⋆ g décale f de "
                        f"{abs(p['d'])} cran(s) vers la {'droite' if p['d'] > 0 else 'gauche'}"
                        " (des zéros entrent par le bord)",
    expected=lambda p: _shift_motif(p["d"]), signals=_test_signals,
    mistakes=[
        Mistake("sens_inverse", Msg(
            "Ce motif décale dans l'autre sens : la convolution retourne le motif, donc le 1 "
            "placé à droite du centre fait entrer les termes par la gauche (décalage vers la "
            "droite), comme [0, 0, 1] dans le livre.",
            "This motif shifts the other way: convolution reverses the motif, so a 1 right of "
            "the centre shifts the list to the right, like the book's [0, 0, 1]."),
            wrong=lambda p: _shift_motif(-p["d"])),
        Mistake("decalage_d_un_cran", Msg(
            "Le sens est bon mais pas la longueur du décalage : un 1 à k places du centre "
            "décale de k crans.",
            "The direction is right but not the size of the shift: a 1 k places from the "
            "centre shifts by k steps."),
            wrong=lambda p: _shift_motif(p["d"] - (1 if p["d"] > 0 else -1) or
                                         (2 if p["d"] > 0 else -2))),
    ])

# --- 6. a difference motif ---------------------------------------------------------------------
DIFFERENCES = {
    "arriere": ("f(n) − f(n−1)", [0.0, 1.0, -1.0]),
    "avant": ("f(n+1) − f(n)", [1.0, -1.0, 0.0]),
    "centree": ("f(n+1) − f(n−1)", [1.0, 0.0, -1.0]),
}


def _difference(p) -> np.ndarray:
    return p["k"] * np.array(DIFFERENCES[p["kind"]][1])


def _difference_shifted(p) -> np.ndarray:
    other = {"arriere": "avant", "avant": "arriere", "centree": "arriere"}[p["kind"]]
    return p["k"] * np.array(DIFFERENCES[other][1])


DIFFERENCE = flips.MotifItem(
    id="ch11.motif_difference", points=1,
    title=Msg("Motif d'une dérivée discrète", "Motif of a discrete derivative"),
    draw=lambda r: {"kind": r.choice(sorted(DIFFERENCES)), "k": r.choice([1, 2, 3])},
    statement=lambda p: f"un motif g de longueur 3 tel que (f ⋆ g)(n) = {p['k']}·("
                        f"{DIFFERENCES[p['kind']][0]}) (avec f(−1) = f(len f) = 0)",
    expected=_difference, signals=_test_signals,
    mistakes=[
        Mistake("motif_non_retourne", Msg(
            "Vous avez écrit les coefficients dans l'ordre où ils multiplient f(n−1), f(n), "
            "f(n+1) : la convolution retourne le motif, il faut donc les écrire à l'envers.",
            "You wrote the coefficients in the order they multiply f(n−1), f(n), f(n+1): "
            "convolution reverses the motif, so write them the other way round."),
            wrong=lambda p: _difference(p)[::-1]),
        Mistake("mauvaise_difference", Msg(
            "Ce motif calcule une autre différence (décalée d'un indice) : vérifiez quel terme "
            "de f est multiplié par le centre du motif.",
            "This motif computes another difference (shifted by one index): check which term "
            "of f the motif's centre multiplies."),
            wrong=_difference_shifted),
    ])


# --- 7. the book's derivative example, edge term included ----------------------------------------
def _squares(p) -> list[int]:
    return [(n - p["c"]) ** 2 for n in range(9)]


DERIVEE = ValueItem(
    id="ch11.derivee_bord", points=1,
    title=Msg("Dérivée discrète et bord", "Discrete derivative and edge"),
    draw=lambda r: {"c": r.randint(2, 6)},
    statement=lambda p: f"f = {_squares(p)} : calculez f ⋆ [0, 1, −1]",
    expected=lambda p: c1.conv1d(_squares(p), [0, 1, -1]),
    mistakes=[
        Mistake("bord_oublie", Msg(
            "Le premier terme manque : au bord, f(−1) est un zéro virtuel, donc le premier "
            "terme vaut f(0) − 0 = f(0) (le livre trouve 16 pour [16, 9, …]).",
            "The first term is missing: at the edge f(−1) is a virtual zero, so the first "
            "term is f(0) − 0 = f(0) (the book finds 16 for [16, 9, …])."),
            wrong=lambda p: np.diff(_squares(p)).astype(float)),
        Mistake("correlation_au_lieu_de_convolution", flips.NOT_FLIPPED,
                wrong=lambda p: c1.correlate1d(_squares(p), [0, 1, -1])),
    ])


# --- 8. a convolution layer with ReLU ------------------------------------------------------------
def _draw_layer(r: random.Random):
    while True:
        p = _draw_pair(r, 6, 3)
        pre, corr = c1.conv1d(p["f"], p["g"]), c1.correlate1d(p["f"], p["g"])
        if (pre < 0).any() and (pre > 0).any() and not np.allclose(
                np.maximum(pre, 0), np.maximum(corr, 0)):
            return p


COUCHE = ValueItem(
    id="ch11.couche_relu", points=1,
    title=Msg("Couche de convolution avec ReLU", "Convolution layer with ReLU"),
    draw=_draw_layer,
    statement=lambda p: f"entrée {p['f']}, poids [a, b, c] = {p['g']}, activation ReLU : les "
                        f"{len(p['f'])} sorties de la couche",
    expected=lambda p: np.maximum(c1.conv1d(p["f"], p["g"]), 0.0),
    mistakes=[
        Mistake("sans_activation", Msg(
            "Chaque neurone compose par ReLU : les sorties négatives deviennent 0.",
            "Each neuron applies ReLU: negative outputs become 0."),
            wrong=lambda p: c1.conv1d(p["f"], p["g"])),
        Mistake("poids_dans_l_ordre", Msg(
            "Un neurone de motif [a, b, c] reçoit x, y, z (de gauche à droite) et calcule "
            "xc + yb + za : les poids s'appliquent à l'envers (le motif est retourné).",
            "A neuron with motif [a, b, c] receives x, y, z (left to right) and computes "
            "xc + yb + za: the weights apply in reverse (the motif is reversed)."),
            wrong=lambda p: np.maximum(c1.correlate1d(p["f"], p["g"]), 0.0)),
    ])

# --- 9. the layer's matrix (Toeplitz) -------------------------------------------------------------
MATRICE = ValueItem(
    id="ch11.matrice_couche", points=1.5,
    title=Msg("Matrice d'une couche de convolution", "Matrix of a convolution layer"),
    draw=lambda r: {"g": flips.int_motif(r, 3), "n": r.choice([5, 6])},
    statement=lambda p: f"motif [a, b, c] = {p['g']}, entrées de longueur n = {p['n']} : la "
                        "matrice W (n × n) telle que W f = f ⋆ g",
    expected=lambda p: c1.conv1d_matrix(p["g"], p["n"]),
    mistakes=[
        Mistake("matrice_transposee", Msg(
            "C'est la transposée : la ligne i de W donne la sortie du neurone i, qui multiplie "
            "f(i−1), f(i), f(i+1) par c, b, a (W[i, i−1] = c, W[i, i+1] = a).",
            "That is the transpose: row i of W gives neuron i's output, which multiplies "
            "f(i−1), f(i), f(i+1) by c, b, a (W[i, i−1] = c, W[i, i+1] = a)."),
            wrong=lambda p: c1.conv1d_matrix(p["g"], p["n"]).T),
        Mistake("taille_etendue", Msg(
            "Cette matrice a n + 2 lignes (convolution étendue) : la couche a n neurones, un "
            "par entrée.",
            "This matrix has n + 2 rows (extended convolution): the layer has n neurons, one "
            "per input."),
            wrong=lambda p: c1.conv1d_matrix(p["g"], p["n"], "full")),
    ])


# --- 10. counting weights ---------------------------------------------------------------------
def _edges(p) -> int:
    return int(np.count_nonzero(c1.conv1d_matrix(np.ones(p["k"]), p["n"])))


POIDS = ValueItem(
    id="ch11.nombre_poids", points=1,
    title=Msg("Nombre de poids", "Number of weights"),
    draw=lambda r: {"n": r.choice([50, 64, 100, 128, 200]), "k": r.choice([3, 5, 7])},
    statement=lambda p: f"entrée de taille n = {p['n']}, couche de n neurones : nombre de poids "
                        f"d'une couche complètement connectée, puis d'une couche de convolution "
                        f"de motif de longueur {p['k']} (sans biais), en couple",
    expected=lambda p: (p["n"] ** 2, p["k"]), exact=True,
    mistakes=[
        Mistake("poids_non_partages", Msg(
            "Les neurones d'une couche de convolution partagent les mêmes poids : il n'y a que "
            "les coefficients du motif à déterminer, quel que soit n.",
            "The neurons of a convolution layer share the same weights: only the motif's "
            "coefficients are to be found, whatever n is."),
            wrong=lambda p: (p["n"] ** 2, p["k"] * p["n"])),
        Mistake("aretes_comptees", Msg(
            "Vous avez compté les arêtes de la couche de convolution ; comme elles partagent "
            "leurs poids, le nombre de poids est la longueur du motif.",
            "You counted the convolution layer's edges; since they share their weights, the "
            "number of weights is the motif's length."),
            wrong=lambda p: (p["n"] ** 2, _edges(p))),
    ])


# --- 11. the mathematical definition with ranks -------------------------------------------------
def _draw_sequences(r: random.Random):
    while True:
        f, g, n0 = _ints(r, 5, -2, 5), flips.int_motif(r, 3), r.randint(0, 4)
        p = {"f": f, "g": g, "n0": n0}
        if len({_rank_value(p), _rank_value(p, flip=False), _rank_value(p, g_start=0)}) == 3:
            return p


def _rank_value(p, *, flip: bool = True, g_start: int = -1) -> float:
    if flip:
        h, start = c1.convolve_sequences(p["f"], p["g"], 0, g_start)
        return float(h[p["n0"] - start])
    g = dict(zip(range(-1, 2), p["g"], strict=True))
    f = dict(enumerate(p["f"]))
    return float(sum(f.get(p["n0"] + k, 0) * g[k] for k in g))


SUITE = ValueItem(
    id="ch11.suite_convolution", points=1,
    title=Msg("Définition avec les rangs", "Definition with ranks"),
    draw=_draw_sequences,
    statement=lambda p: f"f(0), …, f(4) = {p['f']} ; g(−1), g(0), g(1) = {p['g']} (autres termes "
                        f"nuls) : calculez f ⋆̃ g({p['n0']}) = Σ f({p['n0']} − k)·g(k)",
    expected=lambda p: _rank_value(p), exact=False,
    mistakes=[
        Mistake("indices_non_retournes", Msg(
            "La définition est Σ_k f(n − k)·g(k) : l'indice de f décroît quand celui de g croît "
            "(vous avez calculé Σ f(n + k)·g(k), une corrélation).",
            "The definition is Σ_k f(n − k)·g(k): f's index decreases as g's increases (you "
            "computed Σ f(n + k)·g(k), a correlation)."),
            wrong=lambda p: _rank_value(p, flip=False)),
        Mistake("rangs_de_g", Msg(
            "Les termes de g sont aux rangs −1, 0, 1 (g(0) est le terme du milieu) : votre "
            "valeur est celle du rang voisin.",
            "g's terms sit at ranks −1, 0, 1 (g(0) is the middle one): your value is the "
            "neighbouring rank's."),
            wrong=lambda p: _rank_value(p, g_start=0)),
    ])

ITEMS = [PRODUIT, MOTIF_PAIR, CONVOLUTION, ETENDUE, TRANSLATION, DIFFERENCE, DERIVEE, COUCHE,
         MATRICE, POIDS, SUITE]
