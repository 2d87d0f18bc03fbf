"""Graded items of assignment ch15 « Tenseurs » (instructor-only: never released).

Expected answers come from ``reference/tensors.py`` (shapes, C-order flatten/reshape,
value-level concatenation, sub-tensors, memory sizes) and from exact derivatives (sympy) for
the automatic-differentiation items: the student computes f′ and ∇f in the kernel with
TensorFlow's GradientTape; the grader checks the numbers against the exact formulas. See
``shared/book/notes/ch11-18.md`` §15.4. Conventions stated in the notebook: numpy's C order
(the last index varies fastest) — Fortran order is a named mistake; 1 Mo = 10⁶ octets as in
the book [L7734]; indices start at 0 (Python).
"""

from __future__ import annotations

import math
import random

import numpy as np
import sympy as sp

from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from reference import tensors

ENVIRONMENT = "tf"

FORTRAN = Msg("Vous avez lu le tenseur en ordre « Fortran » (le premier indice varie le plus "
              "vite). numpy (comme TensorFlow et Keras) utilise l'ordre C : c'est le dernier "
              "indice qui varie le plus vite.",
              "You read the tensor in Fortran order (first index fastest). numpy (like "
              "TensorFlow and Keras) uses C order: the last index varies fastest.")


def _tensor(p) -> np.ndarray:
    return np.array(p["T"])


def _draw_tensor(r: random.Random, shape=None):
    shape = shape or (r.randint(2, 3), r.randint(2, 3), r.randint(2, 4))
    return [[[r.randint(0, 9) for _ in range(shape[2])] for _ in range(shape[1])]
            for _ in range(shape[0])]


# --- 1. dimension, shape, size of a data set ----------------------------------------------------
def _draw_dataset(r: random.Random):
    return {"N": r.choice([500, 1000, 2500, 6000]), "h": r.choice([16, 28, 32, 64]),
            "couleur": r.choice([True, False])}


def _dataset_shape(p, channel=True):
    c = 3 if p["couleur"] else 1
    return (p["N"], p["h"], p["h"], c) if channel or p["couleur"] else (p["N"], p["h"], p["h"])


def _vocab(p, channel=True, size=None):
    shape = _dataset_shape(p, channel)
    return (len(shape), shape, tensors.element_count(shape) if size is None else size(shape))


def _channel_mistake(p):
    """Grey: the channel axis forgotten; colour: channels first (N, 3, h, w)."""
    if not p["couleur"]:
        return _vocab(p, channel=False)
    shape = (p["N"], 3, p["h"], p["h"])
    return (4, shape, tensors.element_count(shape))


VOCABULAIRE = ValueItem(
    id="ch15.vocabulaire", points=1,
    title=Msg("Dimension, taille et nombre d'éléments", "Dimension, shape and size"),
    draw=_draw_dataset,
    statement=lambda p: f"{p['N']} images {p['h']}×{p['h']} "
                        f"{'en couleurs (RVB)' if p['couleur'] else 'en niveaux de gris'}, "
                        "rangées comme pour Conv2D (canal en dernier, même pour le gris)",
    expected=_vocab, exact=True,
    mistakes=[
        Mistake("canal_mal_place",
                Msg("Pour une couche Conv2D le canal est le dernier axe, et il existe même en "
                    "niveaux de gris (longueur 1) : (N, h, w, c) [L7262].",
                    "For a Conv2D layer the channel is the last axis, and it exists even for "
                    "grey images (length 1): (N, h, w, c)."),
                wrong=_channel_mistake),
        Mistake("somme_des_longueurs",
                Msg("Le nombre d'éléments est le produit ℓ₁ × … × ℓₙ des longueurs, pas leur "
                    "somme.",
                    "The number of elements is the product ℓ₁ × … × ℓₙ of the lengths, not "
                    "their sum."),
                wrong=lambda p: _vocab(p, size=sum)),
    ])


# --- 2. flatten by hand (C order) ---------------------------------------------------------------
def _flatten_calls(p, r: random.Random):
    calls = [Call((np.array(tensors.book_tensors()["T"], dtype=float),)),
             Call((np.arange(6.0).reshape(2, 3),)), Call((np.array([4.0, 1.0, 7.0]),))]
    gen = np.random.default_rng(r.getrandbits(32))
    for _ in range(4):
        shape = tuple(int(n) for n in gen.integers(2, 4, size=int(gen.integers(2, 5))))
        calls.append(Call((gen.integers(0, 10, size=shape).astype(float),)))
    return calls


APLATIR = FunctionItem(
    id="ch15.aplatir", points=1.5,
    title=Msg("Aplatir un tenseur avec des boucles", "Flatten a tensor with loops"),
    draw=lambda r: {"n": r.randint(2, 4)},
    statement=lambda p: "aplatir(T) renvoie le vecteur des éléments de T (de dimension "
                        f"quelconque, par exemple {p['n']}) dans l'ordre de T.flatten()",
    reference=lambda p: tensors.flatten_c, calls=_flatten_calls,
    mistakes=[
        Mistake("ordre_fortran", FORTRAN, wrong=lambda p: tensors.flatten_f),
        Mistake("premier_axe",
                Msg("Seul le premier axe a été parcouru : aplatir donne un vecteur de "
                    "ℓ₁ × … × ℓₙ éléments, un par élément de T.",
                    "Only the first axis was walked: flattening gives a vector of ℓ₁ × … × ℓₙ "
                    "numbers, one per element of T."),
                wrong=lambda p: lambda T: np.asarray(T)[(slice(None),) + (0,) * (np.ndim(T) - 1)]),
    ])


# --- 3. reshape in C order ----------------------------------------------------------------------
def _draw_reshape(r: random.Random):
    while True:
        T = _draw_tensor(r, (r.choice([2, 3]), 2, r.choice([2, 3])))
        n = int(np.size(T))
        k = r.choice([d for d in range(2, n) if n % d == 0 and d != len(T)])
        A = np.array(T)
        if not np.array_equal(A.reshape(k, -1), A.reshape((k, -1), order="F")):
            return {"T": T, "k": k}


REDIMENSIONNER = ValueItem(
    id="ch15.redimensionner", points=1,
    title=Msg("Changer la taille (reshape)", "Reshape"),
    draw=_draw_reshape,
    statement=lambda p: f"T = {p['T']} ; donnez np.reshape(T, ({p['k']}, -1)) sans l'exécuter "
                        "(un tableau)",
    expected=lambda p: tensors.reshape_c(_tensor(p), (p["k"], -1)), exact=True,
    mistakes=[
        Mistake("ordre_fortran", FORTRAN,
                wrong=lambda p: np.reshape(_tensor(p), (p["k"], -1), order="F")),
        Mistake("axes_inverses",
                Msg("(k, −1) demande k lignes : c'est la seconde longueur qui est déduite "
                    "(−1), pas la première.",
                    "(k, −1) asks for k rows: the second length is inferred (−1), not the "
                    "first."),
                wrong=lambda p: tensors.reshape_c(_tensor(p), (-1, p["k"]))),
    ])


# --- 4. concatenation along an axis -------------------------------------------------------------
def _draw_concat(r: random.Random):
    rows, cols = r.randint(2, 3), r.randint(2, 3)
    A = [[r.randint(0, 9) for _ in range(cols)] for _ in range(rows)]
    B = [[r.randint(10, 19) for _ in range(cols)] for _ in range(rows)]
    return {"A": A, "B": B, "axe": r.choice([0, 1])}


def _concat(p, axis=None, first="A"):
    pair = (p["A"], p["B"]) if first == "A" else (p["B"], p["A"])
    return tensors.concatenate([np.array(m) for m in pair], p["axe"] if axis is None else axis)


CONCATENER = ValueItem(
    id="ch15.concatener", points=1,
    title=Msg("Regrouper deux tenseurs", "Concatenate two tensors"),
    draw=_draw_concat,
    statement=lambda p: f"A = {p['A']}, B = {p['B']} ; donnez "
                        f"np.concatenate((A, B), axis={p['axe']}) (un tableau)",
    expected=_concat, exact=True,
    mistakes=[
        Mistake("mauvais_axe",
                Msg("axis=0 met B sous A (plus de lignes), axis=1 met B à droite de A (plus de "
                    "colonnes) : vous avez regroupé selon l'autre axe.",
                    "axis=0 puts B below A (more rows), axis=1 puts B to the right of A (more "
                    "columns): you concatenated along the other axis."),
                wrong=lambda p: _concat(p, axis=1 - p["axe"])),
        Mistake("empilement",
                Msg("np.concatenate ne crée pas de nouvel axe (c'est np.stack) : la dimension "
                    "reste 2.",
                    "np.concatenate creates no new axis (np.stack does): the dimension "
                    "stays 2."),
                wrong=lambda p: np.stack([np.array(p["A"]), np.array(p["B"])], axis=p["axe"])),
        Mistake("ordre_des_blocs",
                Msg("Les blocs restent dans l'ordre donné : A d'abord, puis B.",
                    "Blocks keep the given order: A first, then B."),
                wrong=lambda p: _concat(p, first="B")),
    ])


# --- 5. reading a sub-tensor --------------------------------------------------------------------
def _draw_sub(r: random.Random):
    while True:
        T = _draw_tensor(r, (3, 3, 3))
        axis, i = r.choice([0, 1, 2]), r.choice([0, 1])
        A = np.array(T)
        if len({np.take(A, i, axis).tobytes(), np.take(A, i + 1, axis).tobytes(),
                np.take(A, i, (axis + 1) % 3).tobytes()}) == 3:
            return {"T": T, "axe": axis, "i": i}


def _sub_expr(p) -> str:
    parts = [":"] * 3
    parts[p["axe"]] = str(p["i"])
    return "T[" + ", ".join(parts) + "]"


SOUS_TENSEUR = ValueItem(
    id="ch15.sous_tenseur", points=1,
    title=Msg("Lire un sous-tenseur", "Read a sub-tensor"),
    draw=_draw_sub,
    statement=lambda p: f"T = {p['T']} (taille (3, 3, 3)) ; donnez {_sub_expr(p)} "
                        "(une matrice)",
    expected=lambda p: tensors.take(_tensor(p), p["axe"], p["i"]), exact=True,
    mistakes=[
        Mistake("indice_a_partir_de_1",
                Msg("En Python les indices commencent à 0 : T[1] est la deuxième matrice.",
                    "Python indices start at 0: T[1] is the second matrix."),
                wrong=lambda p: tensors.take(_tensor(p), p["axe"], p["i"] + 1)),
        Mistake("mauvais_axe",
                Msg("L'indice fixé n'est pas sur le bon axe : dans T[i, j, k], le premier "
                    "indice choisit la matrice, le deuxième la ligne, le troisième la colonne.",
                    "The fixed index is on the wrong axis: in T[i, j, k] the first index picks "
                    "the matrix, the second the row, the third the column."),
                predicate=lambda got, p: any(
                    np.array_equal(np.asarray(got, dtype=float),
                                   tensors.take(_tensor(p), a, p["i"]))
                    for a in range(3) if a != p["axe"]),
                example=lambda p: tensors.take(_tensor(p), (p["axe"] + 1) % 3, p["i"])),
    ])


# --- 6. memory of a data set --------------------------------------------------------------------
def _draw_memory(r: random.Random):
    return {"N": r.choice([10000, 50000, 60000]), "h": r.choice([28, 32, 64]),
            "c": r.choice([1, 3]), "dtype": r.choice(["uint8", "float32", "float64"])}


def _memory(p, unit=1e6, per=None):
    shape = (p["N"], p["h"], p["h"], p["c"])
    per = tensors.BYTES_PER_ELEMENT[p["dtype"]] if per is None else per
    return tensors.element_count(shape) * per / unit


MEMOIRE = ValueItem(
    id="ch15.memoire", points=1,
    title=Msg("Place en mémoire", "Memory size"),
    draw=_draw_memory,
    statement=lambda p: f"un tenseur de taille ({p['N']}, {p['h']}, {p['h']}, {p['c']}) de type "
                        f"{p['dtype']} : combien de Mo (1 Mo = 10⁶ octets) ?",
    expected=_memory, rtol=1e-9,
    mistakes=[
        Mistake("mio",
                Msg("Le livre compte 1 Mo = 10⁶ octets (153,6 Mo pour CIFAR-10), pas "
                    "2²⁰ = 1 048 576 octets (le Mio).",
                    "The book counts 1 MB = 10⁶ bytes (153.6 MB for CIFAR-10), not "
                    "2²⁰ = 1,048,576 bytes (the MiB)."),
                wrong=lambda p: _memory(p, unit=2**20)),
        Mistake("octets_par_element",
                Msg("Chaque élément occupe 1 octet en uint8, 4 en float32, 8 en float64 : "
                    "multipliez le nombre d'éléments par cette taille.",
                    "Each element takes 1 byte in uint8, 4 in float32, 8 in float64: multiply "
                    "the number of elements by that size."),
                predicate=lambda got, p: any(
                    math.isclose(float(got), _memory(p, per=k), rel_tol=1e-9)
                    for k in (1, 2, 4, 8) if k != tensors.BYTES_PER_ELEMENT[p["dtype"]]),
                example=lambda p: _memory(p, per=1 if p["dtype"] != "uint8" else 4)),
    ])


# --- 7. f′ on a grid with GradientTape ----------------------------------------------------------
X = sp.Symbol("x", positive=True)


def _draw_derivative(r: random.Random):
    return {"a": r.randint(2, 5), "b": r.randint(1, 3), "debut": r.choice([1, 2]),
            "pas": r.choice([0.5, 0.25])}


def _grid(p) -> np.ndarray:
    return np.arange(p["debut"], p["debut"] + 3, p["pas"])


def _f(p):
    return p["a"] * sp.log(X) + sp.exp(-p["b"] * X)


def _on_grid(expr, p) -> np.ndarray:
    fn = sp.lambdify(X, expr, "numpy")
    return np.asarray(fn(_grid(p)), dtype=float)


DERIVEE = ValueItem(
    id="ch15.derivee_tape", points=1.5,
    title=Msg("Dérivée avec GradientTape", "Derivative with GradientTape"),
    draw=_draw_derivative,
    statement=lambda p: f"f(x) = {p['a']} ln(x) + exp(−{p['b']}x) aux points "
                        f"x = tf.range({p['debut']}, {p['debut'] + 3}, {p['pas']}) : le tableau "
                        "des f′(x)",
    expected=lambda p: _on_grid(sp.diff(_f(p), X), p), rtol=1e-5, atol=1e-6,
    mistakes=[
        Mistake("valeurs_de_f",
                Msg("Vous avez rendu les valeurs f(x) ; on demande les dérivées "
                    "tape.gradient(y, x).",
                    "You returned the values f(x); the derivatives tape.gradient(y, x) are "
                    "asked for."),
                wrong=lambda p: _on_grid(_f(p), p)),
        Mistake("signe_exponentielle",
                Msg("La dérivée de exp(−bx) est −b·exp(−bx) : attention au signe.",
                    "The derivative of exp(−bx) is −b·exp(−bx): mind the sign."),
                wrong=lambda p: _on_grid(p["a"] / X + p["b"] * sp.exp(-p["b"] * X), p)),
    ])


# --- 8. a gradient at a point -------------------------------------------------------------------
XX, YY = sp.symbols("x y")


def _draw_gradient(r: random.Random):
    while True:
        m, n = r.randint(1, 3), r.randint(2, 3)
        x0, y0 = r.randint(1, 4), r.randint(1, 4)
        g = _gradient({"m": m, "n": n, "x0": x0, "y0": y0})
        if g[0] != g[1]:
            return {"m": m, "n": n, "x0": x0, "y0": y0}


def _gradient(p, swap=False):
    f = XX ** p["m"] * YY ** p["n"]
    g = tuple(float(sp.diff(f, v).subs({XX: p["x0"], YY: p["y0"]})) for v in (XX, YY))
    return g[::-1] if swap else g


GRADIENT = ValueItem(
    id="ch15.gradient", points=1,
    title=Msg("Gradient en un point", "Gradient at a point"),
    draw=_draw_gradient,
    statement=lambda p: f"f(x, y) = x^{p['m']} · y^{p['n']} : ∇f({p['x0']}, {p['y0']}) = "
                        "(∂f/∂x, ∂f/∂y), un couple de nombres",
    expected=_gradient, rtol=1e-6, atol=1e-9,
    mistakes=[
        Mistake("composantes_echangees",
                Msg("Le gradient est (∂f/∂x, ∂f/∂y) dans cet ordre : tape.gradient(z, [x, y]) "
                    "rend les dérivées dans l'ordre de la liste.",
                    "The gradient is (∂f/∂x, ∂f/∂y) in this order: tape.gradient(z, [x, y]) "
                    "returns the derivatives in the list's order."),
                wrong=lambda p: _gradient(p, swap=True)),
        Mistake("valeur_de_f",
                Msg("Vous avez rendu f(x₀, y₀) ; on demande le vecteur des deux dérivées "
                    "partielles.",
                    "You returned f(x₀, y₀); the vector of the two partial derivatives is "
                    "asked for."),
                predicate=lambda got, p: isinstance(got, (int, float)) and math.isclose(
                    float(got), p["x0"] ** p["m"] * p["y0"] ** p["n"]),
                example=lambda p: float(p["x0"] ** p["m"] * p["y0"] ** p["n"])),
    ])


# --- 9. element-wise product vs matrix product --------------------------------------------------
def _draw_hadamard(r: random.Random):
    return {"A": [[r.randint(-3, 4) for _ in range(2)] for _ in range(2)],
            "B": [[r.randint(-3, 4) for _ in range(2)] for _ in range(2)]}


HADAMARD = ValueItem(
    id="ch15.produit_terme_a_terme", points=1,
    title=Msg("Produit élément par élément", "Element-wise product"),
    draw=_draw_hadamard,
    statement=lambda p: f"A = {p['A']}, B = {p['B']} : donnez A * B (numpy) sans l'exécuter",
    expected=lambda p: np.array(p["A"]) * np.array(p["B"]), exact=True,
    mistakes=[
        Mistake("produit_matriciel",
                Msg("A * B multiplie les éléments de même position (aᵢⱼ × bᵢⱼ) ; ce n'est pas "
                    "le produit matriciel A @ B.",
                    "A * B multiplies elements at the same position (aᵢⱼ × bᵢⱼ); it is not the "
                    "matrix product A @ B."),
                wrong=lambda p: np.array(p["A"]) @ np.array(p["B"])),
    ])


# --- 10. Flatten keeps the batch axis -----------------------------------------------------------
def _draw_batch(r: random.Random):
    return {"N": r.choice([32, 64, 100]), "h": r.choice([7, 14, 28]), "c": r.choice([8, 16, 32])}


APLATIR_LOT = ValueItem(
    id="ch15.aplatir_lot", points=1,
    title=Msg("Aplatir un lot (keras Flatten)", "Flatten a batch (keras Flatten)"),
    draw=_draw_batch,
    statement=lambda p: f"un lot de taille ({p['N']}, {p['h']}, {p['h']}, {p['c']}) passe dans "
                        "keras.layers.Flatten() : la taille (tuple) de la sortie",
    expected=lambda p: tensors.flatten_batch(np.zeros((p["N"], p["h"], p["h"], p["c"]),
                                                      dtype=np.uint8)).shape, exact=True,
    mistakes=[
        Mistake("lot_aplati",
                Msg("Flatten garde l'axe du lot (axe 0) : chaque image devient un vecteur, la "
                    "sortie a la taille (N, h·w·c).",
                    "Flatten keeps the batch axis (axis 0): each image becomes a vector, the "
                    "output has shape (N, h·w·c)."),
                wrong=lambda p: (p["N"] * p["h"] * p["h"] * p["c"],)),
        Mistake("canal_garde",
                Msg("Flatten met aussi les canaux bout à bout : h·w·c éléments par image.",
                    "Flatten also lays the channels end to end: h·w·c elements per image."),
                wrong=lambda p: (p["N"], p["h"] * p["h"], p["c"])),
    ])


ITEMS = [VOCABULAIRE, APLATIR, REDIMENSIONNER, CONCATENER, SOUS_TENSEUR, MEMOIRE, DERIVEE,
         GRADIENT, HADAMARD, APLATIR_LOT]
