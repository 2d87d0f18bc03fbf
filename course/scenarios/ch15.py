"""Sample submissions for ch15, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("vocabulaire", "aplatir", "redimensionner", "concatener", "sous_tenseur", "memoire",
         "derivee_tape", "gradient", "produit_terme_a_terme", "aplatir_lot")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # another correct way: numpy itself
    "aplatir": "def aplatir(T):\n    return np.asarray(T).flatten()",
    # the declared mistakes
    "vocabulaire": ('taille = (p["N"], p["h"], p["h"], 3 if p["couleur"] else 1)\n'
                    'vocabulaire = (len(taille), taille, sum(taille))'),
    "redimensionner": 'redimensionner = np.reshape(np.array(p["T"]), (p["k"], -1), order="F")',
    "concatener": ('concatener = np.concatenate((np.array(p["A"]), np.array(p["B"])),\n'
                   '                            axis=1 - p["axe"])'),
    "sous_tenseur": 'sous_tenseur = np.take(np.array(p["T"]), p["i"] + 1, axis=p["axe"])',
    "memoire": ('octets = {"uint8": 1, "float32": 4, "float64": 8}[p["dtype"]]\n'
                'memoire = p["N"] * p["h"] * p["h"] * p["c"] * octets / 2**20'),
    "gradient": ('z = lambda a, b: a ** p["m"] * b ** p["n"]\n'
                 'x0, y0 = p["x0"], p["y0"]\n'
                 'gradient = (p["n"] * x0 ** p["m"] * y0 ** (p["n"] - 1),\n'
                 '            p["m"] * x0 ** (p["m"] - 1) * y0 ** p["n"])'),
    "produit_terme_a_terme": 'produit_terme_a_terme = np.array(p["A"]) @ np.array(p["B"])',
    "aplatir_lot": 'aplatir_lot = (p["N"] * p["h"] * p["h"] * p["c"],)',
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "vocabulaire": SOLUTION,
    "memoire": SOLUTION,
    "aplatir_lot": SOLUTION,
    # an ndarray subclass whose comparisons always say yes
    "redimensionner": ("class Oui(np.ndarray):\n"
                       "    def __eq__(self, o): return True\n"
                       "redimensionner = np.zeros((2, 2)).view(Oui)"),
    # a function that reads the grader's expected values (there are none in the kernel)
    "aplatir": ("import os\n"
                "def aplatir(T):\n"
                "    return np.array([len(os.listdir('/'))], dtype=float)"),
    # an object claiming to be an array
    "concatener": ("class Faux:\n"
                   "    def __array__(self, *a, **k): return np.zeros((4, 3))\n"
                   "    shape = (4, 3)\n"
                   "concatener = Faux()"),
    # NaN everywhere
    "derivee_tape": "derivee_tape = np.full(12, np.nan)",
    # monkeypatch numpy in the kernel, then answer nothing useful
    "produit_terme_a_terme": ("np.multiply = lambda a, b: 0\n"
                              "produit_terme_a_terme = 'A * B'"),
    # forge a record for another item
    "sous_tenseur": (
        "import json, os\n"
        "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
        "    fh.write(json.dumps({'item': 'ch15.gradient', 'kind': 'value',\n"
        "                         'value': {'t': 'str', 'v': 'pass'}}) + '\\n')\n"
        "sous_tenseur = [[0]]"),
    # kill the kernel
    "gradient": "import os\nos.kill(os.getpid(), 9)",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
