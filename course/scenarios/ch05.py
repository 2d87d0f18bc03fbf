"""Sample submissions for ch05, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("perceptron", "sortie_reseau", "porte_logique", "porte_trois_entrees",
         "non_realisables", "reseau_xor", "demi_plan", "triangle", "nombre_parametres",
         "creneau")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # another correct construction (weights scaled by 1/3: the frontier is still exact)
    "demi_plan": ('(x1, y1), (x2, y2) = p["P"], p["Q"]\n'
                  'a, b = -(y2 - y1) / 3, (x2 - x1) / 3\n'
                  'demi_plan = ([a, b], -(a * x1 + b * y1))'),
    # the declared mistakes
    "perceptron": ("def perceptron(poids, biais, entree):\n"
                   "    somme = sum(a * e for a, e in zip(poids, entree)) + biais\n"
                   "    return 1.0 if somme > 0 else 0.0"),
    "sortie_reseau": ('s = np.array(p["W1"]) @ np.array(p["x"]) + np.array(p["b1"])\n'
                      'Y = np.maximum(0, np.array(p["W2"]) @ s + np.array(p["b2"]))\n'
                      'sortie_reseau = (float(Y[0]), float(Y[1]))'),
    # the bias of a gate chosen as if H(0) were 0
    "porte_logique": ('porte_logique = {"x ET y": ([1, 1], -1), "x OU y": ([1, 1], 0),\n'
                      '  "x ET (NON y)": ([1, -1], 0), "(NON x) OU y": ([-1, 1], 1),\n'
                      '  "NON (x OU y)": ([-1, -1], 0), "NON (x ET y)": ([-1, -1], 1)}'
                      '[p["porte"]]'),
    "porte_trois_entrees": "porte_trois_entrees = ([1, 1], -1)",
    "non_realisables": "non_realisables = []",
    "reseau_xor": "reseau_xor = [([[1, 1]], [-1])]",
    "triangle": ('V = p["V"]\n'
                 'centre = [sum(v[0] for v in V) / 3, sum(v[1] for v in V) / 3]\n'
                 'lignes, biais = [], []\n'
                 'for k in range(3):\n'
                 '    (xa, ya), (xb, yb) = V[k], V[(k + 1) % 3]\n'
                 '    a, b = -(yb - ya), xb - xa\n'
                 '    c = -(a * xa + b * ya)\n'
                 '    if a * centre[0] + b * centre[1] + c < 0:\n'
                 '        a, b, c = -a, -b, -c\n'
                 '    lignes.append([a, b])\n'
                 '    biais.append(c)\n'
                 'triangle = [(lignes, biais), ([[1, 1, 1]], [-1])]'),
    "nombre_parametres": ('t = p["tailles"]\n'
                          'nombre_parametres = sum(t[k] * t[k + 1] for k in range(3))'),
    "creneau": ('alpha, beta = p["alpha"], p["beta"]\n'
                'creneau = [([[1], [-1]], [-alpha, beta]), ([[1, 1]], [-1])]'),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "perceptron": SOLUTION,
    "nombre_parametres": SOLUTION,
    "porte_logique": SOLUTION,
    # weights that are not numbers
    "porte_trois_entrees": "porte_trois_entrees = (['1', '1', '1'], '-2.5')",
    # NaN and inf weights
    "demi_plan": "demi_plan = ([float('nan'), float('inf')], 0.0)",
    # a huge network
    "triangle": ("import numpy as np\n"
                 "triangle = [(np.ones((5000, 2)), np.zeros(5000)), (np.ones((1, 5000)), [0])]"),
    # an object lying about itself: an empty list that claims two layers and equality
    "reseau_xor": ("class Menteur(list):\n"
                   "    def __eq__(self, o): return True\n"
                   "    def __len__(self): return 2\n"
                   "    def __getitem__(self, k): return ([[1, -1], [-1, 1]], [-1, -1])\n"
                   "reseau_xor = Menteur()"),
    # monkeypatch numpy in the kernel
    "creneau": ("import numpy\n"
                "numpy.heaviside = lambda x, h: 1.0\n"
                "creneau = [([[0]], [0]), ([[0]], [0])]"),
    # forge a record for another item
    "non_realisables": (
        "import json, os\n"
        "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
        "    fh.write(json.dumps({'item': 'ch05.sortie_reseau', 'kind': 'value',\n"
        "                         'value': {'t': 'str', 'v': 'pass'}}) + '\\n')\n"
        "non_realisables = [1, 2, 3, 4]"),
    # kill the kernel
    "sortie_reseau": "import os\nos.kill(os.getpid(), 9)",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
