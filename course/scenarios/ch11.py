"""Sample submissions for ch11, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("produit_convolution", "motif_pair", "convolution", "convolution_etendue",
         "motif_translation", "motif_difference", "derivee_bord", "couche_relu",
         "matrice_couche", "nombre_poids", "suite_convolution")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # right, another way: numpy does it
    "produit_convolution": 'produit_convolution = np.convolve(p["f"], p["g"], "same")',
    # the motif not reversed: a correlation
    "motif_pair": ('f, g = p["f"], [0] + p["g"]\n'
                   'fz = [0] + f + [0]\n'
                   'motif_pair = [sum(fz[i + j] * g[j] for j in range(3))'
                   ' for i in range(len(f))]'),
    "convolution": ("def convolution(f, g):\n"
                    "    return np.correlate(f, g, 'same')"),
    "convolution_etendue": ("def convolution_etendue(f, g):\n"
                            "    return np.convolve(f, g, 'full')[:-1]"),
    "motif_translation": ('d = p["d"]\n'
                          'motif_translation = [0] * (2 * abs(d) + 1)\n'
                          'motif_translation[0 if d > 0 else -1] = 1'),
    # right: an equivalent motif of length 3 written another way
    "motif_difference": ('c = {"arriere": [0, 1, -1], "avant": [1, -1, 0],'
                         ' "centree": [1, 0, -1]}[p["kind"]]\n'
                         'motif_difference = np.array(c) * p["k"]'),
    "derivee_bord": ('f = [(n - p["c"]) ** 2 for n in range(9)]\n'
                     'derivee_bord = list(np.diff(f))'),
    "couche_relu": 'couche_relu = np.convolve(p["f"], p["g"], "same")',
    "matrice_couche": ('a, b, c = p["g"]\n'
                       'n = p["n"]\n'
                       'matrice_couche = b * np.eye(n) + a * np.eye(n, k=-1) + c * np.eye(n, k=1)'),
    "nombre_poids": 'nombre_poids = (p["n"] ** 2, p["k"] * p["n"])',
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "produit_convolution": SOLUTION,
    "convolution_etendue": SOLUTION,
    "nombre_poids": SOLUTION,
    # an object that claims to equal everything
    "motif_pair": ("class Toujours(list):\n"
                   "    def __eq__(self, autre): return True\n"
                   "motif_pair = Toujours([0, 0, 0, 0, 0])"),
    # a function that answers the grader's impulses with the motif it receives, both ways
    "convolution": ("def convolution(f, g):\n"
                    "    import random\n"
                    "    return np.convolve(f, g[::-1] if random.random() < .5 else g, 'same')"),
    # monkeypatch numpy so that every comparison says yes
    "motif_translation": ("import numpy\n"
                          "numpy.allclose = lambda *a, **k: True\n"
                          "numpy.array_equal = lambda *a, **k: True\n"
                          "motif_translation = [1]"),
    # look for the grader's files
    "matrice_couche": ("import glob\n"
                       "matrice_couche = glob.glob('/**/items/ch11.py', recursive=True)"),
    # an infinite loop
    "couche_relu": "while True:\n    pass",
    # NaN everywhere
    "suite_convolution": "suite_convolution = float('nan')",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
