"""Graded items of assignment ch05 « Réseau de neurones » (instructor-only: never released).

Expected answers come from ``reference/`` (perceptron.py, networks.py, activations with the
book's H(0) = 1) with the student's parameters; construction items (``ConstructionItem``) accept
*every* set of weights that realises the asked set, checked by the reference forward pass on
points inside, outside and on the frontier. See ``shared/book/notes/ch01-05.md`` §5.4.
Convention stated in the notebook: H(0) = 1; a layer is (W, b) with W of shape
(neurones, entrées), one row per neuron.
"""

from __future__ import annotations

import itertools
import random

import numpy as np

from autograder.constructions import ConstructionItem, Probe
from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from reference import networks, perceptron
from reference.networks import Layer, layer_from_rows, layer_rows

BOOL2 = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
BOOL3 = [tuple(map(float, t)) for t in itertools.product((0, 1), repeat=3)]

H0_MSG = Msg("Dans le livre H(0) = 1 : un point où a·x + a₀ = 0 donne F = 1. Vos poids ne "
             "marcheraient qu'avec H(0) = 0 ; décalez le biais (par exemple −1,5 au lieu de −1 "
             "ou −2 pour une porte).",
             "In the book H(0) = 1: a point where a·x + a₀ = 0 gives F = 1. Your weights would "
             "only work with H(0) = 0; shift the bias (e.g. −1.5 instead of −1 or −2 for a "
             "gate).")


# --- helpers: one correct construction, and the typical wrong ones built from it --------------
def _separator(points, wants):
    A = [p for p, w in zip(points, wants, strict=True) if w == 1]
    B = [p for p, w in zip(points, wants, strict=True) if w == 0]
    if not A:
        return [0.0] * len(points[0]), -1.0
    if not B:
        return [0.0] * len(points[0]), 1.0
    sep = perceptron.separating_perceptron(A, B)
    if sep is None:
        raise ValueError("not linearly separable")
    return list(sep.weights), sep.bias


def _h0_zero_example(points, wants):
    """Weights right only if H(0) were 0: the bias is shifted so that the highest 'F = 0'
    point sits exactly on the frontier."""
    w, b = _separator(points, wants)
    zs = [sum(a * c for a, c in zip(w, pt, strict=True)) for pt in points]
    return (w, -max(z for z, want in zip(zs, wants, strict=True) if want == 0))


def _inverted_example(points, wants):
    w, b = _separator(points, wants)
    return ([-v for v in w], -b)


# --- 1. perceptron output -----------------------------------------------------------------------
def _perceptron_ref(weights, bias, x):
    return float(perceptron.perceptron(weights, bias, x))


def _perceptron_h0(weights, bias, x):
    return 1.0 if float(np.dot(weights, x)) + bias > 0 else 0.0


def _perceptron_nobias(weights, bias, x):
    return float(perceptron.perceptron(weights, 0.0, x))


def _perceptron_calls(p, r: random.Random):
    w, b = p["poids"], p["biais"]
    calls = [Call(([1.0, 1.0], -1.0, [1.0, 0.0])),  # OR at (1, 0): 0 exactly, H(0) = 1
             Call(([4.0, -1.0], 0.0, [1.0, 4.0])),
             Call(([2.0, -2.0, -2.0], -1.0, [1.0, 0.0, 0.5])),
             Call(([1.0, 1.0], -2.0, [0.0, 1.0])),
             Call(([float(v) for v in w], float(b), [0.0, 0.0, 0.0])),
             Call(([3.0], 5.0, [-1.0]))]
    for _ in range(5):
        n = r.randint(1, 4)
        calls.append(Call(([float(r.randint(-4, 4)) for _ in range(n)], float(r.randint(-3, 3)),
                           [float(r.randint(-3, 3)) for _ in range(n)])))
    return calls


PERCEPTRON = FunctionItem(
    id="ch05.perceptron", points=1,
    title=Msg("Sortie d'un perceptron", "Output of a perceptron"),
    draw=lambda r: {"poids": [r.randint(-3, 3) or 1 for _ in range(3)], "biais": r.randint(-3, 3)},
    statement=lambda p: f"perceptron(poids, biais, entree) = H(a₁x₁ + … + aₙxₙ + a₀) ; "
                        f"essayez poids = {p['poids']}, biais = {p['biais']}",
    reference=lambda p: _perceptron_ref, calls=_perceptron_calls, exact=False,
    mistakes=[
        Mistake("h0", H0_MSG, wrong=lambda p: _perceptron_h0),
        Mistake("biais_oublie",
                Msg("Le perceptron affine calcule H(a₁x₁ + … + aₙxₙ + a₀) : le biais a₀ "
                    "manque.",
                    "The affine perceptron computes H(a₁x₁ + … + aₙxₙ + a₀): the bias a₀ is "
                    "missing."),
                wrong=lambda p: _perceptron_nobias),
    ])


# --- 2. forward pass of a small ReLU network ------------------------------------------------------
def _net_draw(r: random.Random):
    while True:
        W1 = [[r.randint(-3, 3) for _ in range(3)] for _ in range(2)]
        b1 = [r.randint(-2, 2) for _ in range(2)]
        W2 = [[r.randint(-2, 3) for _ in range(2)] for _ in range(2)]
        b2 = [r.randint(-2, 2) for _ in range(2)]
        x = [r.randint(-2, 3) for _ in range(3)]
        z1 = np.array(W1) @ np.array(x) + np.array(b1)
        params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "x": x}
        if min(z1) < 0 < max(z1) and len({_net(params), _net(params, hidden="identity"),
                                          _net(params, bias=False)}) == 3:
            return params


def _net(p, hidden="relu", bias=True):
    # the statement's W has one row per neuron: layer_from_rows is the boundary
    layers = [layer_from_rows(p["W1"], p["b1"] if bias else [0, 0], hidden),
              layer_from_rows(p["W2"], p["b2"] if bias else [0, 0], "relu")]
    return tuple(float(v) for v in networks.forward(layers, np.array(p["x"], dtype=float)))


SORTIE = ValueItem(
    id="ch05.sortie_reseau", points=1.5,
    title=Msg("Évaluer un réseau à deux couches", "Evaluate a two-layer network"),
    draw=_net_draw,
    statement=lambda p: f"couche 1 (ReLU) : W = {p['W1']}, b = {p['b1']} ; couche 2 (ReLU) : "
                        f"W = {p['W2']}, b = {p['b2']} ; entrée x = {p['x']}",
    expected=_net, rtol=1e-9, atol=1e-9,
    mistakes=[
        Mistake("relu_cachee_oubliee",
                Msg("Chaque neurone de la première couche applique ReLU à sa somme pondérée : "
                    "une somme négative donne 0.",
                    "Every neuron of the first layer applies ReLU to its weighted sum: a "
                    "negative sum gives 0."),
                wrong=lambda p: _net(p, hidden="identity")),
        Mistake("biais_oublie",
                Msg("N'oubliez pas les biais : chaque neurone calcule φ(a₁s₁ + … + a₀).",
                    "Do not forget the biases: every neuron computes φ(a₁s₁ + … + a₀)."),
                wrong=lambda p: _net(p, bias=False)),
    ])


# --- 3. a two-input gate ----------------------------------------------------------------------
GATES2 = {
    "x ET y": (0, 0, 0, 1), "x OU y": (0, 1, 1, 1), "x ET (NON y)": (0, 0, 1, 0),
    "(NON x) OU y": (1, 1, 0, 1), "NON (x OU y)": (1, 0, 0, 0), "NON (x ET y)": (1, 1, 1, 0),
}


def _probes_table(points, table):
    return [Probe(pt, float(v), "in" if v else "out") for pt, v in zip(points, table,
                                                                        strict=True)]


def _gate2_probes(p):
    return _probes_table(BOOL2, GATES2[p["porte"]])


PORTE = ConstructionItem(
    id="ch05.porte_logique", points=1,
    title=Msg("Une porte logique par un perceptron", "A logic gate with one perceptron"),
    draw=lambda r: {"porte": r.choice(sorted(GATES2))},
    statement=lambda p: f"réalisez « {p['porte']} » (1 = vrai, 0 = faux) par un perceptron "
                        "(poids, biais)",
    form="perceptron", n_inputs=2, test_points=_gate2_probes,
    mistakes=[
        Mistake("h0", H0_MSG, predicate=lambda ev, p: ev.correct_if_h0_zero,
                example=lambda p: _h0_zero_example(BOOL2, GATES2[p["porte"]])),
        Mistake("sortie_inversee",
                Msg("Votre perceptron réalise la négation de la porte demandée : changez le "
                    "signe de tous les poids et du biais (puis vérifiez les cas où la somme "
                    "vaut 0).",
                    "Your perceptron computes the negation of the gate: change the sign of all "
                    "weights and of the bias (then check the cases where the sum is 0)."),
                predicate=lambda ev, p: ev.all_inverted,
                example=lambda p: _inverted_example(BOOL2, GATES2[p["porte"]])),
    ])


# --- 4. a three-input gate --------------------------------------------------------------------
GATES3 = {
    "x ET y ET z": tuple(int(all(t)) for t in BOOL3),
    "x OU y OU z": tuple(int(any(t)) for t in BOOL3),
    "au moins deux parmi x, y, z": tuple(int(sum(t) >= 2) for t in BOOL3),
    "(NON x) ET (NON y) ET (NON z)": tuple(int(not any(t)) for t in BOOL3),
}

PORTE3 = ConstructionItem(
    id="ch05.porte_trois_entrees", points=1,
    title=Msg("Une porte à trois entrées", "A three-input gate"),
    draw=lambda r: {"porte": r.choice(sorted(GATES3))},
    statement=lambda p: f"réalisez « {p['porte']} » par un perceptron à trois entrées "
                        "(poids, biais)",
    form="perceptron", n_inputs=3,
    test_points=lambda p: _probes_table(BOOL3, GATES3[p["porte"]]),
    mistakes=[
        Mistake("h0", H0_MSG, predicate=lambda ev, p: ev.correct_if_h0_zero,
                example=lambda p: _h0_zero_example(BOOL3, GATES3[p["porte"]])),
        Mistake("nombre_entrees",
                Msg("Un perceptron à trois entrées a trois coefficients a₁, a₂, a₃ et un biais "
                    "a₀ (quatre poids en tout).",
                    "A three-input perceptron has three coefficients a₁, a₂, a₃ and a bias a₀ "
                    "(four weights in all)."),
                predicate=lambda ev, p: ev.problem is not None and bool(ev.sizes)
                and ev.sizes[0] != 3,
                example=lambda p: ([1.0, 1.0], -1.0)),
    ])


# --- 5. which Boolean functions does one perceptron realise? --------------------------------------
def _realisable(table) -> bool:
    A = [pt for pt, v in zip(BOOL2, table, strict=True) if v]
    B = [pt for pt, v in zip(BOOL2, table, strict=True) if not v]
    return not A or not B or perceptron.linearly_separable(A, B)


def _tables_draw(r: random.Random):
    xor_like = [[0, 1, 1, 0], [1, 0, 0, 1]]
    others = [list(t) for t in itertools.product((0, 1), repeat=4)
              if list(t) not in xor_like and 0 < sum(t) < 4]
    r.shuffle(xor_like)
    tables = xor_like[:r.choice([1, 2])]
    tables += r.sample(others, 4 - len(tables))
    r.shuffle(tables)
    return {"tables": tables}


def _non_realisable(p):
    return [k + 1 for k, t in enumerate(p["tables"]) if not _realisable(t)]


TABLES = ValueItem(
    id="ch05.non_realisables", points=1.5,
    title=Msg("Fonctions booléennes non réalisables par un perceptron",
              "Boolean functions no perceptron realises"),
    draw=_tables_draw,
    statement=lambda p: "sorties sur (0,0), (0,1), (1,0), (1,1) : "
    + " ; ".join(f"g{k + 1} = {t}" for k, t in enumerate(p["tables"])),
    expected=_non_realisable, exact=True,
    mistakes=[
        Mistake("tout_realisable",
                Msg("Le OU exclusif (0, 1, 1, 0) n'est réalisable par aucun perceptron "
                    "(Proposition 1 : les inégalités a + c ≥ 0, b + c ≥ 0, c < 0, a + b + c < 0 "
                    "sont incompatibles) ; de même pour sa négation.",
                    "Exclusive or (0, 1, 1, 0) is realised by no perceptron (Proposition 1: "
                    "a + c ≥ 0, b + c ≥ 0, c < 0, a + b + c < 0 are incompatible); the same "
                    "holds for its negation."),
                predicate=lambda got, p: got == [],
                example=lambda p: []),
        Mistake("realisables_donnees",
                Msg("On demande les fonctions qu'aucun perceptron ne réalise, pas celles qu'un "
                    "perceptron réalise.",
                    "The functions no perceptron realises are asked for, not those one "
                    "realises."),
                wrong=lambda p: [k + 1 for k, t in enumerate(p["tables"]) if _realisable(t)]),
    ])


# --- 6. XOR with a network ----------------------------------------------------------------------
XOR_TABLES = {"x OUex y": (0, 1, 1, 0), "NON (x OUex y)": (1, 0, 0, 1)}


def _xor_net(table):
    hidden = [[[1.0, -1.0], [-1.0, 1.0]], [-1.0, -1.0]]  # x ET non y ; non x ET y
    out = [[[1.0, 1.0]], [-1.0]] if table == (0, 1, 1, 0) else [[[-1.0, -1.0]], [0.0]]
    return [hidden, out]


def _xor_h0_example(p):
    """x − y > 0 and y − x > 0 as hidden neurons (fine if H(0) were 0), then OR."""
    table = XOR_TABLES[p["porte"]]
    hidden = [[[1.0, -1.0], [-1.0, 1.0]], [0.0, 0.0]]
    out = [[[1.0, 1.0]], [-0.5]] if table == (0, 1, 1, 0) else [[[-1.0, -1.0]], [0.5]]
    return [hidden, out]


XOR = ConstructionItem(
    id="ch05.reseau_xor", points=2,
    title=Msg("Le OU exclusif par un réseau", "Exclusive or with a network"),
    draw=lambda r: {"porte": r.choice(sorted(XOR_TABLES))},
    statement=lambda p: f"réalisez « {p['porte']} » par un réseau 2-2-1 (deux neurones cachés, "
                        "un neurone de sortie, tous avec H)",
    form="network", n_inputs=2, sizes=(2, 2, 1),
    test_points=lambda p: _probes_table(BOOL2, XOR_TABLES[p["porte"]]),
    mistakes=[
        Mistake("un_seul_perceptron",
                Msg("Aucun perceptron seul ne réalise le OU exclusif (Proposition 1) : il faut "
                    "une couche cachée, par exemple « x ET NON y » et « NON x ET y », puis un "
                    "OU.",
                    "No single perceptron realises exclusive or (Proposition 1): a hidden layer "
                    "is needed, e.g. “x AND NOT y” and “NOT x AND y”, then an OR."),
                predicate=lambda ev, p: ev.sizes == (2, 1),
                example=lambda p: [[[[1.0, 1.0]], [-1.0]]]),
        Mistake("h0", H0_MSG, predicate=lambda ev, p: ev.correct_if_h0_zero,
                example=_xor_h0_example),
    ])


# --- 7. a closed half-plane ---------------------------------------------------------------------
def _half_draw(r: random.Random):
    x1 = r.randint(-4, 0)
    x2 = x1 + r.randint(2, 5)
    return {"P": [x1, r.randint(-3, 3)], "Q": [x2, r.randint(-3, 3)]}


def _half_line(p):
    """a x + b y + c ≥ 0 ⇔ on or above the line PQ (b > 0 since x_Q > x_P)."""
    (x1, y1), (x2, y2) = p["P"], p["Q"]
    a, b = -(y2 - y1), (x2 - x1)
    return float(a), float(b), float(-(a * x1 + b * y1))


def _half_probes(p):
    (x1, y1), (x2, y2) = p["P"], p["Q"]
    a, b, c = _half_line(p)
    norm = float(np.hypot(a, b))
    nx, ny = a / norm, b / norm  # unit normal pointing "above"
    edge = [(x1, y1), (x2, y2), ((x1 + x2) / 2, (y1 + y2) / 2), (2 * x2 - x1, 2 * y2 - y1)]
    probes = [Probe((float(u), float(v)), 1.0, "edge") for u, v in edge]
    for (u, v), d in itertools.product(edge[:3], (0.01, 0.5, 3.0)):
        probes.append(Probe((u + d * nx, v + d * ny), 1.0, "in"))
        probes.append(Probe((u - d * nx, v - d * ny), 0.0, "out"))
    return probes


DEMI_PLAN = ConstructionItem(
    id="ch05.demi_plan", points=1,
    title=Msg("Un demi-plan fermé", "A closed half-plane"),
    draw=_half_draw,
    statement=lambda p: f"F = 1 exactement sur les points situés sur ou au-dessus de la droite "
                        f"passant par P{tuple(p['P'])} et Q{tuple(p['Q'])}",
    form="perceptron", n_inputs=2, test_points=_half_probes,
    mistakes=[
        Mistake("orientation",
                Msg("Votre perceptron vaut 1 du mauvais côté de la droite : changez le signe "
                    "des trois poids (a, b, c).",
                    "Your perceptron is 1 on the wrong side of the line: change the sign of "
                    "all three weights (a, b, c)."),
                predicate=lambda ev, p: ev.all_inverted,
                example=lambda p: ([-_half_line(p)[0], -_half_line(p)[1]], -_half_line(p)[2])),
        Mistake("frontiere",
                Msg("Les points de la droite font partie de l'ensemble : il faut "
                    "a x + b y + c = 0 exactement sur la droite PQ, et H(0) = 1 donne alors "
                    "F = 1.",
                    "The points of the line belong to the set: a x + b y + c must be exactly 0 "
                    "on the line PQ, and H(0) = 1 then gives F = 1."),
                predicate=lambda ev, p: ev.only_boundary_wrong,
                example=lambda p: ([_half_line(p)[0], _half_line(p)[1]],
                                   _half_line(p)[2] - 0.001)),
    ])


# --- 8. a closed triangle (Proposition 3) -----------------------------------------------------
def _triangle_draw(r: random.Random):
    while True:
        V = [[r.randint(-4, 4), r.randint(-4, 4)] for _ in range(3)]
        (ax, ay), (bx, by), (cx, cy) = V
        if abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) >= 6:
            return {"V": V}


def _triangle_net(p, shift: float = 0.0, output_bias: float = -3.0):
    net = networks.convex_polygon_net(p["V"])
    return [[layer_rows(net[0]).tolist(), (net[0].b - shift).tolist()],
            [[[1.0, 1.0, 1.0]], [output_bias]]]


def _triangle_probes(p):
    V = np.array(p["V"], dtype=float)
    net = networks.convex_polygon_net(V)
    g = V.mean(axis=0)
    probes = [Probe(tuple(map(float, g)), 1.0, "in")]
    for k in range(3):
        a, b = V[k], V[(k + 1) % 3]
        mid = (a + b) / 2
        normal = net[0].W[:, k] / np.linalg.norm(net[0].W[:, k])  # points inside, across side k
        probes += [Probe(tuple(map(float, a)), 1.0, "edge"),
                   Probe(tuple(map(float, mid)), 1.0, "edge"),
                   Probe(tuple(map(float, mid + 0.01 * normal)), 1.0, "in"),
                   Probe(tuple(map(float, mid - 0.01 * normal)), 0.0, "out"),
                   Probe(tuple(map(float, mid - 2.0 * normal)), 0.0, "out"),
                   Probe(tuple(map(float, (a + g) / 2)), 1.0, "in")]
    # beyond a vertex: inside two of the half-planes, outside the third
    for k in range(3):
        probes.append(Probe(tuple(map(float, V[k] + 0.5 * (V[k] - g))), 0.0, "out"))
    return probes


TRIANGLE = ConstructionItem(
    id="ch05.triangle", points=2,
    title=Msg("Un triangle par un réseau", "A triangle with a network"),
    draw=_triangle_draw,
    statement=lambda p: "F = 1 sur le triangle fermé de sommets "
                        + ", ".join(str(tuple(v)) for v in p["V"]) + " (bords compris), "
                        "0 ailleurs",
    form="network", n_inputs=2, test_points=_triangle_probes,
    mistakes=[
        Mistake("sortie_ou",
                Msg("Le neurone de sortie doit réaliser un ET des trois demi-plans : "
                    "coefficients 1, 1, 1 et biais −3 (Proposition 3). Avec −1 on obtient leur "
                    "réunion (un OU).",
                    "The output neuron must compute an AND of the three half-planes: "
                    "coefficients 1, 1, 1 and bias −3 (Proposition 3). With −1 you get their "
                    "union (an OR)."),
                predicate=lambda ev, p: ev.wrong_where == {"out"},
                example=lambda p: _triangle_net(p, output_bias=-1.0)),
        Mistake("frontiere",
                Msg("Les bords du triangle font partie de l'ensemble : chaque neurone caché "
                    "doit valoir exactement 0 sur son côté (H(0) = 1).",
                    "The sides of the triangle belong to the set: each hidden neuron must be "
                    "exactly 0 on its side (H(0) = 1)."),
                predicate=lambda ev, p: ev.only_boundary_wrong,
                example=lambda p: _triangle_net(p, shift=0.001)),
    ])


# --- 9. counting parameters -------------------------------------------------------------------
def _sizes_draw(r: random.Random):
    return {"tailles": [r.randint(2, 6), r.randint(2, 8), r.randint(2, 8), r.randint(1, 3)]}


def _net_zeros(sizes):
    return [Layer(np.zeros((n_in, n_out)), np.zeros(n_out))
            for n_in, n_out in itertools.pairwise(sizes)]


PARAMETRES = ValueItem(
    id="ch05.nombre_parametres", points=1,
    title=Msg("Nombre de poids d'un réseau dense", "Number of weights of a dense network"),
    draw=_sizes_draw,
    statement=lambda p: f"réseau dense : {p['tailles'][0]} entrées, couches de "
                        f"{p['tailles'][1]}, {p['tailles'][2]} et {p['tailles'][3]} neurones",
    expected=lambda p: networks.parameter_count(_net_zeros(p["tailles"])), exact=True,
    mistakes=[
        Mistake("biais_oublies",
                Msg("Dans le livre, les biais sont des poids : chaque neurone en a un, en plus "
                    "d'un coefficient par entrée.",
                    "In the book biases are weights: every neuron has one, besides one "
                    "coefficient per input."),
                wrong=lambda p: sum(a * b for a, b in itertools.pairwise(p["tailles"]))),
        Mistake("neurones_comptes",
                Msg("Vous avez compté les neurones ; on demande les poids (coefficients et "
                    "biais).",
                    "You counted the neurons; the weights (coefficients and biases) are "
                    "asked for."),
                wrong=lambda p: networks.neuron_count(_net_zeros(p["tailles"]))),
    ])


# --- 10. a créneau (one variable, identity output) ------------------------------------------------
def _creneau_draw(r: random.Random):
    alpha = r.randint(-3, 2)
    return {"alpha": alpha, "beta": alpha + r.randint(1, 4), "k": r.randint(2, 7)}


def _creneau_probes(p):
    a, b, k = p["alpha"], p["beta"], float(p["k"])
    pts = [(a, k, "edge"), (b, k, "edge"), ((a + b) / 2, k, "in"), (a + 0.01, k, "in"),
           (b - 0.01, k, "in"), (a - 0.01, 0.0, "out"), (b + 0.01, 0.0, "out"),
           (a - 5, 0.0, "out"), (b + 5, 0.0, "out")]
    return [Probe((float(u),), want, where) for u, want, where in pts]


def _creneau_example(p, height=None, out_bias=None):
    net = networks.creneau_net(p["alpha"], p["beta"], p["k"] if height is None else height)
    W2, b2 = layer_rows(net[1]).tolist(), net[1].b.tolist()
    if out_bias is not None:
        b2 = [out_bias]
    return [[layer_rows(net[0]).tolist(), net[0].b.tolist()], [W2, b2]]


CRENEAU = ConstructionItem(
    id="ch05.creneau", points=1.5,
    title=Msg("Un créneau", "A step (créneau)"),
    draw=_creneau_draw,
    statement=lambda p: f"F(x) = {p['k']} si {p['alpha']} ≤ x ≤ {p['beta']}, 0 sinon : deux "
                        "neurones cachés (H) et une sortie identité",
    form="network", n_inputs=1, sizes=(1, 2, 1), output_activation="identity",
    test_points=_creneau_probes,
    mistakes=[
        Mistake("hauteur",
                Msg("Votre créneau a la hauteur 1 : multipliez les poids et le biais du neurone "
                    "de sortie par k (poids k, k et biais −k).",
                    "Your step has height 1: multiply the output neuron's weights and bias by "
                    "k (weights k, k and bias −k)."),
                predicate=lambda ev, p: ev.problem is None and all(
                    abs(v - pr.want / p["k"]) < 1e-9 for v, pr in zip(ev.outputs, ev.probes,
                                                                        strict=True)),
                example=lambda p: _creneau_example(p, height=1)),
        Mistake("biais_sortie",
                Msg("Hors de l'intervalle, un des deux neurones cachés vaut encore 1 : le "
                    "biais −k du neurone de sortie ramène F à 0.",
                    "Outside the interval one of the two hidden neurons is still 1: the "
                    "output bias −k brings F back to 0."),
                predicate=lambda ev, p: ev.problem is None and all(
                    abs(v - pr.want - p["k"]) < 1e-9 for v, pr in zip(ev.outputs, ev.probes,
                                                                        strict=True)),
                example=lambda p: _creneau_example(p, out_bias=0.0)),
    ])


ITEMS = [PERCEPTRON, SORTIE, PORTE, PORTE3, TABLES, XOR, DEMI_PLAN, TRIANGLE, PARAMETRES,
         CRENEAU]
