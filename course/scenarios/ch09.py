"""Sample submissions for ch09, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("erreur_xor", "gradient_neurone", "retropropagation", "pas_descente", "hebb",
         "hauteur", "nombre_hauteur", "marche")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # the sum of chapter 8 instead of the mean
    "erreur_xor": ("def sigma(t):\n    return 1 / (1 + np.exp(-t))\n"
                   "a = p['P']\n"
                   "erreur_xor = 0.0\n"
                   "for (u, v), c in [((0, 0), 0), ((1, 1), 0), ((0, 1), 1), ((1, 0), 1)]:\n"
                   "    h1 = sigma(a[0] * u + a[1] * v + a[2])\n"
                   "    h2 = sigma(a[3] * u + a[4] * v + a[5])\n"
                   "    erreur_xor += (sigma(a[6] * h1 + a[7] * h2 + a[8]) - c) ** 2"),
    # the σ′ factor forgotten
    "gradient_neurone": ("def gradient_neurone(couches, X, z):\n"
                         "    (W, b), = couches\n"
                         "    z = np.asarray(z).reshape(-1, 1)\n"
                         "    F = 1 / (1 + np.exp(-(X @ W + b)))\n"
                         "    dS = 2 * (F - z) / len(X)\n"
                         "    return float(np.mean((F - z) ** 2)), [(X.T @ dS, dS.sum(axis=0))]"),
    # another correct implementation (a loop over the data points)
    "retropropagation": ("def retropropagation(couches, X, z):\n"
                         "    f = lambda t: np.tanh(t) if p['cachee'] == 'tanh' else "
                         "1 / (1 + np.exp(-t))\n"
                         "    fp = lambda g: 1 - g ** 2 if p['cachee'] == 'tanh' else g * (1 - g)\n"
                         "    N, E = len(X), 0.0\n"
                         "    grads = [[np.zeros_like(W), np.zeros_like(b)] for W, b in couches]\n"
                         "    for x, c in zip(np.asarray(X, float), np.ravel(z)):\n"
                         "        gs = [x]\n"
                         "        for k, (W, b) in enumerate(couches):\n"
                         "            s = gs[-1] @ W + b\n"
                         "            gs.append(f(s) if k < 2 else 1 / (1 + np.exp(-s)))\n"
                         "        E += float((gs[-1][0] - c) ** 2) / N\n"
                         "        d = 2 * (gs[-1] - c) / N\n"
                         "        for k in (2, 1, 0):\n"
                         "            d = d * (gs[k + 1] * (1 - gs[k + 1]) if k == 2 else "
                         "fp(gs[k + 1]))\n"
                         "            grads[k][0] += np.outer(gs[k], d)\n"
                         "            grads[k][1] += d\n"
                         "            d = couches[k][0] @ d\n"
                         "    return E, [tuple(g) for g in grads]"),
    "pas_descente": ("P0 = np.array(p['P'], dtype=float)\n"
                     "_, ((dW, db),) = gradient_neurone([(P0[:2].reshape(2, 1), P0[2:])], "
                     "X_rb, z_rb)\n"
                     "pas_descente = tuple(P0 + p['delta'] * np.concatenate([dW.ravel(), db]))"),
    "hebb": ("tables = {'ET': [0, 0, 0, 1], 'OU': [0, 1, 1, 1]}\n"
             "P = np.array(p['P0'], dtype=float)\n"
             "for _ in range(p['epoques']):\n"
             "    for e, c in zip([(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1)], "
             "tables[p['porte']]):\n"
             "        F = 1.0 if P @ np.array(e) > 0 else 0.0\n"
             "        P = P - 2 * p['delta'] * (F - c) * np.array(e)\n"
             "hebb = tuple(P)"),
    "hauteur": ("def hauteur(config):\n"
                "    r = [i for i, v in enumerate(config) if v == 1]\n"
                "    return r[-1] - r[0]"),
    "nombre_hauteur": "nombre_hauteur = p['n'] - p['h'] + 1",
    # untrained: the initial weights handed in
    "marche": ("marche = [(np.array([[0.0, 0.0]]), np.array([1.0, -1.0])),\n"
               "          (np.array([[1.0], [1.0]]), np.array([-1.0]))]"),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "erreur_xor": SOLUTION,
    "hauteur": SOLUTION,
    "nombre_hauteur": SOLUTION,
    # a gradient memorised for the calls the students' kit shows, zeros elsewhere
    "gradient_neurone": ("def gradient_neurone(couches, X, z):\n"
                         "    (W, b), = couches\n"
                         "    return 0.0, [(np.zeros_like(W), np.zeros_like(b))]"),
    # read the grader's probes and hand back something that only looks right
    "retropropagation": ("import json, os\n"
                         "def retropropagation(couches, X, z):\n"
                         "    return 0.0, [(np.zeros_like(W), np.zeros_like(b)) "
                         "for W, b in couches]"),
    # forge a record for another item
    "pas_descente": (
        "import json, os\n"
        "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
        "    fh.write(json.dumps({'item': 'ch09.hebb', 'kind': 'value',\n"
        "                         'value': {'t': 'str', 'v': 'pass'}}) + '\\n')\n"
        "pas_descente = (0.0, 0.0, 0.0)"),
    # weights that memorised the 30 visible points: a narrow spike on each red point
    "marche": ("rouges = np.linspace(3, 5, 10)\n"
               "W1 = 1000 * np.concatenate([np.ones(10), -np.ones(10)]).reshape(1, 20)\n"
               "b1 = 1000 * np.concatenate([-(rouges - 0.01), rouges + 0.01])\n"
               "W2 = np.concatenate([np.ones(10), np.ones(10)]).reshape(20, 1)\n"
               "marche = [(W1, b1), (W2 * 10, np.array([-15.0]))]"),
    # kill the kernel
    "hebb": "import os\nos.kill(os.getpid(), 9)",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
