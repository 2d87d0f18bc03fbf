"""Sample submissions for ch08, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("descente", "effet_du_pas", "pas_decroissant", "moment", "nesterov", "sgd",
         "mini_lots", "prediction_regression")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # right: a list of points instead of an array
    "sgd": ("def sgd(grad_i, N, P0, delta, n):\n"
            "    P = list(P0)\n"
            "    points = [tuple(P)]\n"
            "    for k in range(n):\n"
            "        g = grad_i(np.array(P), k % N)\n"
            "        P = [P[j] - delta * g[j] for j in range(len(P))]\n"
            "        points.append(tuple(P))\n"
            "    return points"),
    # the declared mistakes
    "descente": ("def descente(grad, P0, delta, n):\n"
                 "    P = np.array(P0, dtype=float)\n"
                 "    points = [P.copy()]\n"
                 "    for _ in range(n):\n"
                 "        P = P + delta * grad(P)\n"
                 "        points.append(P.copy())\n"
                 "    return np.array(points)"),
    "effet_du_pas": ('effet_du_pas = ["converge" if d < 0.5 else "diverge" '
                     'for d in p["deltas"]]'),
    "pas_decroissant": ("def descente_pas_lineaire(grad, P0, delta0, n):\n"
                        "    P = np.array(P0, dtype=float)\n"
                        "    points = [P.copy()]\n"
                        "    for k in range(1, n + 1):\n"
                        "        P = P - delta0 / (k + 1) * grad(P)\n"
                        "        points.append(P.copy())\n"
                        "    return np.array(points)"),
    "nesterov": ("def nesterov(grad, P0, delta, mu, n):\n"
                 "    P = np.array(P0, dtype=float)\n"
                 "    prec = P.copy()\n"
                 "    points = [P.copy()]\n"
                 "    for _ in range(n):\n"
                 "        P, prec = P + mu * (P - prec) - delta * grad(P), P\n"
                 "        points.append(P.copy())\n"
                 "    return np.array(points)"),
    "mini_lots": ("def lots(grad_i, N, P0, delta, K, epoques):\n"
                  "    P = np.array(P0, dtype=float)\n"
                  "    points = [P.copy()]\n"
                  "    for _ in range(epoques):\n"
                  "        for debut in range(0, N, K):\n"
                  "            lot = range(debut, min(debut + K, N))\n"
                  "            P = P - delta * sum(grad_i(P, i) for i in lot) / len(lot)\n"
                  "            points.append(P.copy())\n"
                  "    return np.array(points)"),
    "prediction_regression": (
        'xs, ys = np.array(p["x"], dtype=float), np.array(p["y"], dtype=float)\n'
        'a, b = np.polyfit(xs, ys, 1)\n'
        'prediction_regression = round(a, 2) * p["x0"] + round(b, 2)'),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "descente": SOLUTION,
    "effet_du_pas": SOLUTION,
    "prediction_regression": SOLUTION,
    # the right final point, joined to P0 by made-up iterates
    "moment": ("def moment(grad, P0, delta, mu, n):\n"
               "    P = np.array(P0, dtype=float)\n"
               "    prec = P.copy()\n"
               "    start = P.copy()\n"
               "    for _ in range(n):\n"
               "        P, prec = P + mu * (P - prec) - delta * grad(P), P\n"
               "    return np.linspace(start, P, n + 1)"),
    # recognise the book's problem (P0 = (2, 1)) and answer it from a table
    "nesterov": ("TABLE = np.array([[2, 1], [1.6, 0.4], [1.12, 0.04], [0.704, -0.056],\n"
                 "                  [0.3968, -0.0416]])\n"
                 "def nesterov(grad, P0, delta, mu, n):\n"
                 "    if list(P0) == [2.0, 1.0]:\n"
                 "        return TABLE\n"
                 "    return np.array([P0] * (n + 1), dtype=float)"),
    # an object that claims to equal everything
    "sgd": ("class Toujours(list):\n"
            "    def __eq__(self, o): return True\n"
            "def sgd(grad_i, N, P0, delta, n):\n"
            "    return Toujours()"),
    # rewrite the reference's probes file, then hand out nonsense
    "mini_lots": ("import os\n"
                  "try:\n"
                  "    open(os.path.expanduser('~/.deepmath/probes.json'), 'w').write('{}')\n"
                  "except OSError:\n"
                  "    pass\n"
                  "def lots(grad_i, N, P0, delta, K, epoques):\n"
                  "    return 'P0 P1 P2'"),
    # never moves: P0 repeated (right only at index 0)
    "pas_decroissant": ("def descente_pas_lineaire(grad, P0, delta0, n):\n"
                        "    return np.array([P0] * (n + 1), dtype=float)"),
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
