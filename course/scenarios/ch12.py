"""Sample submissions for ch12, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("produit_2d", "convolution_2d", "tailles_modes", "taille_pas_marge", "max_pooling",
         "moyenne_pooling", "motif_translation", "filtre_flou", "nombre_poids", "couche_relu")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # right, another way: scipy does it
    "produit_2d": ("from scipy.signal import convolve2d\n"
                   'produit_2d = convolve2d(p["A"], p["M"], "same")'),
    # the motif not rotated: a correlation
    "convolution_2d": ("from scipy.signal import correlate2d\n"
                       "def convolution_2d(A, M):\n"
                       "    return correlate2d(A, M, 'same')"),
    "tailles_modes": ('n, q, kh, kw = p["n"], p["q"], p["kh"], p["kw"]\n'
                      "tailles_modes = (n - kh, q - kw, n, q, n + kh, q + kw)"),
    "taille_pas_marge": 'taille_pas_marge = (p["n"] - p["k"]) // p["s"] + 1',
    # the other ragged-edge convention: accepted with a note
    "max_pooling": ('A, k = np.array(p["A"]), p["k"]\n'
                    "max_pooling = np.array([[A[i:i + k, j:j + k].max()"
                    " for j in range(0, A.shape[1], k)] for i in range(0, A.shape[0], k)])"),
    # overlapping windows
    "moyenne_pooling": ('A, k = np.array(p["A"], dtype=float), p["k"]\n'
                        "moyenne_pooling = np.array([[A[i:i + k, j:j + k].mean()"
                        " for j in range(A.shape[1] - k + 1)]"
                        " for i in range(A.shape[0] - k + 1)])"),
    # the 1 on the wrong side (the motif not rotated in the head)
    "motif_translation": ('di, dj = {"bas": (1, 0), "haut": (-1, 0), "droite": (0, 1),'
                          ' "gauche": (0, -1)}[p["sens"]]\n'
                          "motif_translation = np.zeros((3, 3))\n"
                          "motif_translation[1 - di, 1 - dj] = 1"),
    "filtre_flou": ("from scipy.signal import convolve2d\n"
                    'filtre_flou = convolve2d(p["A"], np.ones((3, 3)), "same")'),
    "nombre_poids": 'nombre_poids = (p["n"] ** 4, p["k"] ** 2 * p["c"] * p["l"])',
    "couche_relu": ("from scipy.signal import convolve2d\n"
                    'couche_relu = convolve2d(p["A"], p["M"], "same") + p["b"]'),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "produit_2d": SOLUTION,
    "tailles_modes": SOLUTION,
    "nombre_poids": SOLUTION,
    # an object that claims to equal everything
    "max_pooling": ("class Toujours(list):\n"
                    "    def __eq__(self, autre): return True\n"
                    "max_pooling = Toujours([[0, 0], [0, 0]])"),
    # a function that flips the motif or not at random
    "convolution_2d": ("from scipy.signal import convolve2d, correlate2d\n"
                       "import random\n"
                       "def convolution_2d(A, M):\n"
                       "    op = convolve2d if random.random() < .5 else correlate2d\n"
                       "    return op(A, M, 'same')"),
    # monkeypatch numpy so that every comparison says yes
    "motif_translation": ("import numpy\n"
                          "numpy.allclose = lambda *a, **k: True\n"
                          "numpy.array_equal = lambda *a, **k: True\n"
                          "motif_translation = [[1]]"),
    # look for the grader's files (cheap: one directory listing)
    "filtre_flou": ("import os\n"
                    "filtre_flou = os.listdir('/')"),
    # an infinite loop
    "couche_relu": "while True:\n    pass",
    # NaN
    "taille_pas_marge": "taille_pas_marge = float('nan')",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
