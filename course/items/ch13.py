"""Graded items of assignment ch13 « Convolution avec Python » (instructor-only).

Every expected answer is computed from ``reference/convolution1d.py``, ``convolution2d.py``,
``pooling.py``, ``image_filters.py`` and ``polynomials.py`` with the student's parameters (book
chapter 13, notes ``shared/book/notes/ch11-18.md`` §13). Conventions stated in the notebook:
convolution reverses the motif (`np.convolve`, `scipy.signal.convolve2d`); 'same' keeps the
input's size, an even motif gets its 0 prepended (numpy's and scipy's rule); 'full' (étendue)
n + m − 1 terms, 'valid' (restreinte) n − m + 1. The correlation does not reverse the motif; for
an even motif in 'same' mode the book has two rules (its text: `scipy.signal.correlate`; its
listings: `np.correlate` = `np.convolve(f, g[::-1])`): both are accepted and named. Pooling
keeps complete blocks (the book's reshape on the cropped matrix); keeping the partial blocks
of the edge is accepted with a note. Saved images: `np.clip(B, 0, 255).astype(np.uint8)`.

Function items are called on grader-chosen inputs (``autograder/flips.py``: impulses, motifs
that differ from their reversal, even motifs; crops of scikit-image's bundled photos, loaded on
the grader's side only), so a correlation cannot pass for a convolution.
"""

from __future__ import annotations

import functools
import random

import numpy as np

from autograder import flips
from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from reference import convolution1d as c1
from reference import convolution2d as c2
from reference import image_filters as filters
from reference import polynomials as poly
from reference import pooling

MODES = ("full", "same", "valid")


def _ints(r: random.Random, n: int, low: int = -3, high: int = 6) -> list[int]:
    return [r.randint(low, high) for _ in range(n)]


def _ints_matrix(r: random.Random, n: int, q: int) -> list[list[int]]:
    return [_ints(r, q, 0, 20) for _ in range(n)]


def _same_from_full_start(f, g) -> np.ndarray:
    """'same' taken as the first len(f) terms of 'full' (wrong crop)."""
    return c1.conv1d(f, g, "full")[:len(f)]


CROP = Msg(
    "Le mode 'same' garde le milieu de la convolution étendue : pour un motif de longueur m, "
    "on enlève les (m − 1)//2 premiers termes de 'full' (un seul pour m = 3), puis on garde "
    "len(f) termes.",
    "'same' keeps the middle of the extended convolution: for a motif of length m, drop the "
    "first (m − 1)//2 terms of 'full' (just one for m = 3), then keep len(f) terms.")


# --- 1. np.convolve's three modes by hand --------------------------------------------------------
def _modes(p, op=c1.conv1d) -> tuple:
    return tuple(op(p["f"], p["g"], mode) for mode in MODES)


def _draw_modes(r: random.Random):
    return flips.draw_separating(
        r, lambda r: {"f": _ints(r, r.randint(5, 6)), "g": flips.int_motif(r, 3)},
        lambda p: [_modes(p), _modes(p, c1.correlate1d),
                   (c1.conv1d(p["f"], p["g"], "full"), _same_from_full_start(p["f"], p["g"]),
                    c1.conv1d(p["f"], p["g"], "valid"))])


MODES_NUMPY = ValueItem(
    id="ch13.modes_numpy", points=1.5,
    title=Msg("Les trois modes de np.convolve", "The three modes of np.convolve"),
    draw=_draw_modes,
    statement=lambda p: f"f = {p['f']}, g = {p['g']} : le triplet (np.convolve(f, g, 'full'), "
                        "np.convolve(f, g, 'same'), np.convolve(f, g, 'valid')), calculé à la "
                        "main",
    expected=_modes,
    mistakes=[
        Mistake("correlation_au_lieu_de_convolution", flips.NOT_FLIPPED,
                wrong=lambda p: _modes(p, c1.correlate1d)),
        Mistake("recadrage_same", CROP,
                wrong=lambda p: (c1.conv1d(p["f"], p["g"], "full"),
                                 _same_from_full_start(p["f"], p["g"]),
                                 c1.conv1d(p["f"], p["g"], "valid"))),
    ])

# --- 2. programme the three modes ----------------------------------------------------------------
BOOK_1D = [([1, 0, 3, 5, 1], [1, 2, 3]), ([-1, 5, 7, 3, 2], [4, 5])]

CONVOLUTION = FunctionItem(
    id="ch13.convolution_modes", points=2,
    title=Msg("Programmer np.convolve", "Programming np.convolve"),
    draw=lambda r: {"f": _ints(r, 7), "g": flips.int_motif(r, 4)},
    statement=lambda p: "convolution(f, g, mode) renvoie np.convolve(f, g, mode) pour mode = "
                        "'full', 'same' ou 'valid' (len(g) ≤ len(f), motif pair ou impair), "
                        f"écrite avec des boucles ; essayez f = {p['f']}, g = {p['g']}",
    reference=lambda p: (lambda f, g, mode: c1.conv1d(f, g, mode)),
    calls=lambda p, r: flips.calls_1d(r, [*BOOK_1D, (p["f"], p["g"])], modes=True),
    rtol=1e-9, atol=1e-9,
    mistakes=[*flips.convolution_mistakes(1),
              Mistake("recadrage_same", CROP, wrong=lambda p: (
                  lambda f, g, mode: _same_from_full_start(f, g) if mode == "same"
                  else c1.conv1d(f, g, mode)))])

# --- 3. the correlation (no flip) ----------------------------------------------------------------
LISTING_NOTE = Msg(
    "Accepté : pour un motif de longueur paire, vous avez suivi la règle des programmes du "
    "livre (np.correlate(f, g, 'same'), égal à np.convolve(f, g[::-1], 'same')). La "
    "convention de ce notebook, celle du texte du livre (le 0 ajouté au début du motif y "
    "reste : np.correlate(f, [0, *g], 'same')), donne un résultat décalé d'un cran.",
    "Accepted: for an even-length motif you followed the rule of the book's listings "
    "(np.correlate(f, g, 'same'), equal to np.convolve(f, g[::-1], 'same')). This notebook's "
    "convention, the book's text (the 0 added at the start of the motif stays there: "
    "np.correlate(f, [0, *g], 'same')), gives a result shifted by one step.")


CORRELATION = flips.AcceptingFunctionItem(
    id="ch13.correlation", points=1.5,
    title=Msg("La corrélation", "Correlation"),
    draw=lambda r: {"f": _ints(r, 6), "g": flips.int_motif(r, 3)},
    statement=lambda p: "correlation(f, g) renvoie la corrélation de f avec g, de la longueur "
                        f"de f (le motif n'est pas retourné) ; essayez f = {p['f']}, "
                        f"g = {p['g']}",
    reference=lambda p: (lambda f, g: c1.correlate1d(f, g)),
    accepted=lambda p: [(LISTING_NOTE, flips.correlate1d_listing)],
    calls=lambda p, r: flips.calls_1d(r, [BOOK_1D[0], (p["f"], p["g"])]),
    rtol=1e-9, atol=1e-9,
    mistakes=[
        Mistake("convolution_au_lieu_de_correlation", flips.FLIPPED,
                wrong=lambda p: (lambda f, g: c1.conv1d(f, g))),
        Mistake("correlation_etendue", Msg(
            "Votre résultat a n + m − 1 termes (mode 'full') : la corrélation demandée a la "
            "longueur de f (mode 'same').",
            "Your result has n + m − 1 terms ('full'): the requested correlation has f's "
            "length ('same')."),
            wrong=lambda p: (lambda f, g: c1.correlate1d(f, g, "full"))),
    ])


# --- 4. radar: where is the plane? ---------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def radar_signal(seed: int, m: int, n: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """The pulse g (m values ±1) and the received signal f (noise 0.5·N(0, 1) plus g laid at a
    hidden position), exactly as the notebook's `signal_radar` builds them from the same seed."""
    rng = np.random.default_rng(seed)
    g = rng.choice([-1.0, 1.0], size=m)
    f = 0.5 * rng.standard_normal(n)
    start = int(rng.integers(150, 750))
    f[start:start + m] += g
    f.setflags(write=False)
    g.setflags(write=False)
    return f, g


def _peak(p, op=c1.correlate1d, **kw) -> int:
    f, g = radar_signal(p["seed"], p["m"])
    return int(np.argmax(op(f, g, **kw)))


def _draw_radar(r: random.Random):
    while True:
        p = {"seed": r.randint(1, 10 ** 6), "m": r.choice([40, 60, 80])}
        values = [_peak(p), _peak(p, convention="listing"), _peak(p, c1.conv1d),
                  _peak(p, mode="full")]
        if len(set(values)) == 4:
            return p


RADAR = flips.AcceptingValueItem(
    id="ch13.radar", points=1,
    title=Msg("Radar : où est l'avion ?", "Radar: where is the plane?"),
    draw=_draw_radar,
    statement=lambda p: f"f, g = signal_radar({p['seed']}, {p['m']}) (signal reçu, impulsion) : "
                        "l'indice du maximum de la corrélation h de f avec g (h de longueur "
                        "1000, comme f)",
    expected=_peak,
    accepted=lambda p: [(LISTING_NOTE, _peak(p, convention="listing"))],
    mistakes=[
        Mistake("convolution_au_lieu_de_correlation", Msg(
            "Vous avez calculé une convolution (motif retourné) : le pic se cache. Le radar "
            "cherche l'impulsion telle quelle, c'est une corrélation (np.correlate ou "
            "np.convolve(f, g[::-1], 'same')).",
            "You computed a convolution (reversed motif): the peak hides. The radar looks for "
            "the pulse as it is: a correlation (np.correlate or np.convolve(f, g[::-1], "
            "'same'))."),
            wrong=lambda p: _peak(p, c1.conv1d)),
        Mistake("correlation_etendue", Msg(
            "C'est l'indice dans la corrélation étendue ('full', n + m − 1 termes), décalée de "
            "m − 1 vers la droite : h doit avoir la longueur de f (mode 'same').",
            "That is the index in the extended correlation ('full', n + m − 1 terms), shifted "
            "m − 1 to the right: h must have f's length ('same')."),
            wrong=lambda p: _peak(p, mode="full")),
    ])


# --- 5. stride and padding -----------------------------------------------------------------------
def _strided(f, g, s, P, *, flip: bool = True, one_side: bool = False,
             offset: int = 0) -> np.ndarray:
    op = c1.conv1d if flip else c1.correlate1d
    full = op(f, g, "valid", padding=(P, 0) if one_side else P)
    return full[offset::s]


def _strided_calls(p, r: random.Random) -> list[Call]:
    calls = [Call((np.array(p["f"], dtype=float), np.array(p["g"], dtype=float), p["s"], p["P"]))]
    for m, s, P in ((3, 2, 1), (4, 3, 2), (3, 1, 2), (2, 2, 0), (5, 2, 2)):
        calls.append(Call((flips.random_signal(r, r.randint(8, 11)),
                           flips.asymmetric_motif(r, m), s, P)))
    calls.append(Call((flips.impulse(9, r.randint(2, 6)), flips.asymmetric_motif(r, 3), 2, 1)))
    return calls


PAS_MARGE = FunctionItem(
    id="ch13.pas_marge", points=1.5,
    title=Msg("Pas et marge", "Stride and padding"),
    draw=lambda r: {"f": _ints(r, 9), "g": flips.int_motif(r, 3), "s": r.choice([2, 3]),
                    "P": r.choice([1, 2])},
    statement=lambda p: "convolution_pas(f, g, s, P) : ajoute P zéros de chaque côté de f, "
                        "calcule la convolution restreinte ('valid') puis garde un terme sur s "
                        f"(indices 0, s, 2s, …) ; essayez f = {p['f']}, g = {p['g']}, "
                        f"s = {p['s']}, P = {p['P']}",
    reference=lambda p: _strided,
    calls=_strided_calls, rtol=1e-9, atol=1e-9,
    mistakes=[
        Mistake("correlation_au_lieu_de_convolution", flips.NOT_FLIPPED,
                wrong=lambda p: functools.partial(_strided, flip=False)),
        Mistake("marge_d_un_seul_cote", Msg(
            "La marge se met des deux côtés : P zéros au début et P zéros à la fin "
            "(np.pad(f, P)).",
            "Padding goes on both sides: P zeros at the start and P at the end (np.pad(f, P))."),
            wrong=lambda p: functools.partial(_strided, one_side=True)),
        Mistake("pas_decale", Msg(
            "Le pas garde les indices 0, s, 2s, … du résultat : le premier terme gardé est le "
            "premier calculé (vous avez commencé à l'indice s − 1).",
            "The stride keeps indices 0, s, 2s, … of the result: the first kept term is the "
            "first one computed (you started at index s − 1)."),
            wrong=lambda p: (lambda f, g, s, P: _strided(f, g, s, P, offset=s - 1))),
    ])


# --- 6. an image filter, clipped and saved as uint8 ----------------------------------------------
FILTERS = {"relief": "emboss", "sobel_lignes": "sobel_rows", "sobel_colonnes": "sobel_cols"}
PHOTOS = ("camera", "coins", "moon", "text")


@functools.lru_cache(maxsize=8)
def _photo(name: str) -> np.ndarray:
    """A grayscale photo bundled in scikit-image's wheel (no download), grader side only."""
    from skimage import data

    image = np.asarray(getattr(data, name)(), dtype=float)
    image.setflags(write=False)
    return image


def _crop(r: random.Random, shape=(10, 12)) -> np.ndarray:
    image = _photo(r.choice(PHOTOS))
    i, j = r.randint(0, image.shape[0] - shape[0]), r.randint(0, image.shape[1] - shape[1])
    return image[i:i + shape[0], j:j + shape[1]].copy()


def _image_calls(p, r: random.Random) -> list[Call]:
    calls = [Call((_crop(r, (r.randint(8, 12), r.randint(8, 12))),)) for _ in range(4)]
    spot = np.full((7, 7), 40.0)
    spot[r.randint(2, 4), r.randint(2, 4)] = 200.0
    calls.append(Call((spot,)))
    step = np.zeros((6, 8))
    step[:, r.randint(3, 5):] = 255.0
    calls.append(Call((step,)))
    calls.append(Call((step.T.copy(),)))
    return calls


def _filtered(p, op=c2.conv2d):
    M = filters.kernel(FILTERS[p["filtre"]])
    return lambda A: filters.to_uint8(op(A, M))


def _wrapped(p):
    """Cast before clipping: truncation then the wrap-around modulo 256 of uint8."""
    M = filters.kernel(FILTERS[p["filtre"]])
    return lambda A: np.mod(np.trunc(c2.conv2d(A, M)), 256)


FILTRE = FunctionItem(
    id="ch13.filtre_image", points=1.5,
    title=Msg("Filtrer une image", "Filtering an image"),
    draw=lambda r: {"filtre": r.choice(sorted(FILTERS))},
    statement=lambda p: f"filtrer(A) renvoie l'image A ⋆ M du filtre « {p['filtre']} » "
                        "(convolution de même taille, zéros autour de A), écrêtée dans 0…255 "
                        "puis convertie en np.uint8, prête à être enregistrée",
    reference=_filtered, calls=_image_calls, rtol=0, atol=1e-9,
    mistakes=[
        Mistake("sans_ecretage", Msg(
            "Les valeurs de A ⋆ M sortent de 0…255 (négatives sur un bord) : écrêtez avec "
            "np.clip(B, 0, 255) avant de convertir en np.uint8.",
            "The values of A ⋆ M leave 0…255 (negative along an edge): clip with "
            "np.clip(B, 0, 255) before converting to np.uint8."),
            wrong=lambda p: (lambda A: c2.conv2d(A, filters.kernel(FILTERS[p["filtre"]])))),
        Mistake("conversion_avant_ecretage", Msg(
            "Vous avez converti en np.uint8 avant d'écrêter : −3 devient 253 et 300 devient 44 "
            "(calcul modulo 256). Écrêtez d'abord (np.clip), convertissez ensuite.",
            "You converted to np.uint8 before clipping: −3 becomes 253 and 300 becomes 44 "
            "(modulo 256). Clip first (np.clip), then convert."),
            wrong=_wrapped),
        Mistake("correlation_au_lieu_de_convolution", flips.NOT_FLIPPED,
                wrong=lambda p: _filtered(p, c2.correlate2d)),
    ])


# --- 7. max-pooling with ragged edges ------------------------------------------------------------
def pool_partial(A, k: int, op: str = "max") -> np.ndarray:
    """The other ragged-edge convention: partial blocks kept, each reduced over what exists."""
    A = np.asarray(A, dtype=float)
    n, q = -(-A.shape[0] // k), -(-A.shape[1] // k)
    red = np.max if op == "max" else np.mean
    return np.array([[red(A[i * k:(i + 1) * k, j * k:(j + 1) * k]) for j in range(q)]
                     for i in range(n)])


def _mixed_blocks(A, k: int) -> np.ndarray:
    """The book's reshape without the transpose: blocks mixed."""
    A = np.asarray(A, dtype=float)
    n, q = A.shape[0] // k, A.shape[1] // k
    return A[:n * k, :q * k].reshape(n, q, k, k).max(axis=(2, 3))


BOOK_POOL = [[16, 23, 22, 21, 12, 13], [0, 5, 18, 2, 17, 15], [10, 20, 4, 9, 7, 8],
             [11, 14, 1, 19, 6, 3]]


def _pool_calls(p, r: random.Random) -> list[Call]:
    calls = [Call((np.array(BOOK_POOL, dtype=float), 2)),
             Call((np.array(p["A"], dtype=float), p["k"]))]
    for k in (2, 3, 2, 3):
        n, q = r.randint(2, 3) * k + r.randint(1, k - 1), r.randint(2, 3) * k + r.randint(0, k - 1)
        calls.append(Call((flips.random_signal(r, (n, q), 0, 30), k)))
    return calls


PARTIAL_NOTE = Msg(
    "Accepté : vous avez gardé les blocs incomplets du bord (tailles arrondies vers le haut). "
    "La convention de ce notebook (celle du livre, et de Keras padding='valid') ne garde que les "
    "blocs complets : ⌊n/k⌋ × ⌊p/k⌋.",
    "Accepted: you kept the partial blocks at the edge (sizes rounded up). This notebook's "
    "convention (the book's, and Keras padding='valid') keeps complete blocks only: "
    "⌊n/k⌋ × ⌊p/k⌋.")

POOLING = flips.AcceptingFunctionItem(
    id="ch13.max_pooling", points=1.5,
    title=Msg("Max-pooling pour toute taille", "Max-pooling for any size"),
    draw=lambda r: {"A": _ints_matrix(r, r.choice([5, 7]), r.choice([5, 8])),
                    "k": r.choice([2, 3])},
    statement=lambda p: "max_pooling(A, k) renvoie le max-pooling de taille k de A, même quand "
                        "les dimensions de A ne sont pas des multiples de k (les blocs incomplets "
                        f"du bord sont ignorés) ; essayez A = {p['A']}, k = {p['k']}",
    reference=lambda p: (lambda A, k: pooling.max_pool2d(A, k)),
    accepted=lambda p: [(PARTIAL_NOTE, pool_partial)],
    calls=_pool_calls, rtol=1e-9, atol=1e-9,
    mistakes=[
        Mistake("moyenne_au_lieu_du_max", Msg(
            "C'est le pooling par moyenne : le max-pooling garde le maximum de chaque bloc.",
            "That is average pooling: max-pooling keeps each block's maximum."),
            wrong=lambda p: (lambda A, k: pooling.avg_pool2d(A, k))),
        Mistake("blocs_melanges", Msg(
            "Les blocs sont mélangés : après A.reshape(n//k, k, p//k, k), les axes 1 et 2 "
            "doivent être échangés (transpose((0, 2, 1, 3))) avant de prendre le maximum sur "
            "les deux derniers axes (ou prenez max(axis=(1, 3))).",
            "The blocks are mixed: after A.reshape(n//k, k, p//k, k), axes 1 and 2 must be "
            "swapped (transpose((0, 2, 1, 3))) before the maximum over the last two axes (or "
            "take max(axis=(1, 3)))."),
            wrong=lambda p: _mixed_blocks),
        Mistake("blocs_chevauchants", Msg(
            "Les blocs ne se chevauchent pas : le pas est égal à la taille k du bloc.",
            "The blocks do not overlap: the stride equals the block size k."),
            wrong=lambda p: (lambda A, k: pooling.max_pool2d(A, k, stride=1))),
    ])


# --- 8. polynomial product as a convolution ------------------------------------------------------
def _draw_polys(r: random.Random):
    def answers(p):
        P, Q = p["P"], p["Q"]
        prod = poly.poly_multiply(P, Q)
        return [prod, c1.conv1d(P, Q[::-1], "full"), prod[::-1], c1.conv1d(P, Q)]
    return flips.draw_separating(
        r, lambda r: {"P": [r.randint(1, 5)] + _ints(r, 3, -4, 5),
                      "Q": [r.randint(1, 4)] + _ints(r, 2, -4, 5)}, answers)


def _show_poly(coeffs) -> str:
    d = len(coeffs) - 1
    terms = [f"{c}·X^{d - i}" if d - i > 1 else (f"{c}·X" if d - i == 1 else f"{c}")
             for i, c in enumerate(coeffs) if c]
    return " + ".join(terms).replace("+ -", "− ")


POLYNOMES = ValueItem(
    id="ch13.produit_polynomes", points=1,
    title=Msg("Produit de polynômes", "Product of polynomials"),
    draw=_draw_polys,
    statement=lambda p: f"[P] = {p['P']}, [Q] = {p['Q']} (coefficients, du degré le plus haut au "
                        f"terme constant : P = {_show_poly(p['P'])}) : la liste [P × Q], même "
                        "ordre",
    expected=lambda p: poly.poly_multiply(p["P"], p["Q"]),
    mistakes=[
        Mistake("ordre_melange", Msg(
            "Les deux listes doivent être rangées dans le même ordre (degré le plus haut "
            "d'abord) : vous avez retourné l'une d'elles, ce qui donne une corrélation.",
            "Both lists must be in the same order (highest degree first): you reversed one of "
            "them, which gives a correlation."),
            wrong=lambda p: c1.conv1d(p["P"], p["Q"][::-1], "full")),
        Mistake("ordre_inverse", Msg(
            "Bons coefficients, mais dans l'ordre inverse : [P × Q] commence par le coefficient "
            "du degré le plus haut.",
            "Right coefficients, in reverse order: [P × Q] starts with the highest-degree "
            "coefficient."),
            wrong=lambda p: poly.poly_multiply(p["P"], p["Q"])[::-1]),
        Mistake("convolution_tronquee", Msg(
            "Le produit a deg P + deg Q + 1 coefficients : c'est la convolution étendue "
            "(mode 'full'), pas la convolution de même taille.",
            "The product has deg P + deg Q + 1 coefficients: it is the extended convolution "
            "('full'), not the same-size one."),
            wrong=lambda p: c1.conv1d(p["P"], p["Q"])),
    ])


# --- 9. associativity: one motif for two convolutions --------------------------------------------
def _draw_assoc(r: random.Random):
    def answers(p):
        M, N = np.array(p["M"], dtype=float), np.array(p["N"], dtype=float)
        return [c2.conv2d(M, N, "full"), c2.correlate2d(M, N, "full"), c2.conv2d(M, N, "same"),
                M * N]
    return flips.draw_separating(
        r, lambda r: {"M": flips.int_motif(r, (2, 2)), "N": flips.int_motif(r, (2, 2))}, answers)


ASSOCIATIVITE = ValueItem(
    id="ch13.motif_compose", points=1,
    title=Msg("Deux convolutions en une", "Two convolutions in one"),
    draw=_draw_assoc,
    statement=lambda p: f"M = {p['M']}, N = {p['N']} : le motif K (3 × 3) tel que "
                        "(A ⋆̃ M) ⋆̃ N = A ⋆̃ K pour toute matrice A (⋆̃ : convolution étendue, "
                        "mode 'full')",
    expected=lambda p: c2.conv2d(p["M"], p["N"], "full"),
    mistakes=[
        Mistake("correlation_au_lieu_de_convolution", Msg(
            "Vous avez combiné M et N sans retourner le motif (une corrélation) : sans le "
            "retournement, l'associativité est fausse. K = M ⋆̃ N, convolution étendue.",
            "You combined M and N without reversing the motif (a correlation): without the "
            "flip associativity fails. K = M ⋆̃ N, extended convolution."),
            wrong=lambda p: c2.correlate2d(p["M"], p["N"], "full")),
        Mistake("motif_tronque", Msg(
            "K doit être la convolution étendue M ⋆̃ N (3 × 3) : la garder de même taille que M "
            "(mode 'same') perd des termes, et enchaîner des convolutions 'same' n'est pas "
            "associatif.",
            "K must be the extended convolution M ⋆̃ N (3 × 3): keeping M's size ('same') loses "
            "terms, and chained 'same' convolutions are not associative."),
            wrong=lambda p: c2.conv2d(p["M"], p["N"], "same")),
        Mistake("produit_terme_a_terme", Msg(
            "Le produit terme à terme M · N n'est pas une convolution : K = M ⋆̃ N, la "
            "convolution étendue des deux motifs (3 × 3).",
            "The entrywise product M · N is not a convolution: K = M ⋆̃ N, the extended "
            "convolution of the two motifs (3 × 3)."),
            wrong=lambda p: np.array(p["M"], dtype=float) * np.array(p["N"], dtype=float)),
    ])


# --- 10. smoothing a noisy curve -----------------------------------------------------------------
def _smooth(p, mode: str = "same", scale: float = 1.0) -> np.ndarray:
    return scale * c1.conv1d(p["f"], c1.moving_average(p["w"]), mode)


LISSAGE = ValueItem(
    id="ch13.lissage", points=1,
    title=Msg("Lisser une courbe", "Smoothing a curve"),
    draw=lambda r: {"f": _ints(r, r.randint(8, 10), -4, 9), "w": r.choice([3, 5])},
    statement=lambda p: f"f = {p['f']} : h = np.convolve(f, g, 'same') avec g la moyenne "
                        f"mobile de taille {p['w']} (g = [1/{p['w']}, …, 1/{p['w']}])",
    expected=_smooth, rtol=1e-6, atol=1e-6,
    mistakes=[
        Mistake("sans_division", Msg(
            "Une moyenne mobile de taille w divise la somme par w : chaque coefficient du "
            "motif vaut 1/w, pas 1.",
            "A moving average of size w divides the sum by w: each motif entry is 1/w, not 1."),
            wrong=lambda p: _smooth(p, scale=p["w"])),
        Mistake("mode_valid", Msg(
            "Mode 'same' : h a la longueur de f (zéros virtuels au bord) ; vous n'avez gardé "
            "que les positions où le motif tient entièrement ('valid').",
            "'same' mode: h has f's length (virtual zeros at the edge); you kept only the "
            "positions where the motif fits entirely ('valid')."),
            wrong=lambda p: _smooth(p, "valid")),
        Mistake("mode_full", Msg(
            "Mode 'same' : h a la longueur de f ; le mode 'full' donne n + w − 1 termes.",
            "'same' mode: h has f's length; 'full' gives n + w − 1 terms."),
            wrong=lambda p: _smooth(p, "full")),
    ])

ITEMS = [MODES_NUMPY, CONVOLUTION, CORRELATION, RADAR, PAS_MARGE, FILTRE, POOLING, POLYNOMES,
         ASSOCIATIVITE, LISSAGE]
