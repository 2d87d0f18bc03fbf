"""Sample submissions for ch13, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("modes_numpy", "convolution_modes", "correlation", "radar", "pas_marge",
         "filtre_image", "max_pooling", "produit_polynomes", "motif_compose", "lissage")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # right, another way: numpy does it
    "modes_numpy": ('f, g = p["f"], p["g"]\n'
                    "modes_numpy = tuple(np.convolve(f, g, m) for m in ('full', 'same', 'valid'))"),
    # the motif not reversed: a correlation
    "convolution_modes": ("def convolution(f, g, mode):\n"
                          "    return np.correlate(f, g, mode)"),
    # the book's listing rule for an even motif: accepted with a note
    "correlation": ("def correlation(f, g):\n"
                    "    return np.convolve(f, np.array(g)[::-1], 'same')"),
    # a convolution where a correlation is needed
    "radar": ('f, g = signal_radar(p["seed"], p["m"])\n'
              "radar = int(np.argmax(np.convolve(f, g, 'same')))"),
    # padding on one side only
    "pas_marge": ("def convolution_pas(f, g, s, P):\n"
                  "    f = np.concatenate([np.zeros(P), f])\n"
                  "    return np.convolve(f, g, 'valid')[::s]"),
    # cast before clipping
    "filtre_image": ('MOTIFS = {"relief": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],\n'
                     '          "sobel_lignes": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],\n'
                     '          "sobel_colonnes": [[1, 0, -1], [2, 0, -2], [1, 0, -1]]}\n'
                     "def filtrer(A):\n"
                     '    B = signal.convolve2d(A, MOTIFS[p["filtre"]], mode="same")\n'
                     "    return np.clip(B.astype(np.int64) % 256, 0, 255).astype(np.uint8)"),
    # the book's reshape without the transpose
    "max_pooling": ("def max_pooling(A, k):\n"
                    "    A = np.array(A, dtype=float)\n"
                    "    n, q = A.shape[0] // k, A.shape[1] // k\n"
                    "    return A[:n * k, :q * k].reshape(n, q, k, k).max(axis=(2, 3))"),
    # one list reversed
    "produit_polynomes": 'produit_polynomes = np.convolve(p["P"], p["Q"][::-1])',
    # chained 'same': truncated
    "motif_compose": 'motif_compose = signal.convolve2d(p["M"], p["N"], mode="same")',
    "lissage": 'lissage = np.convolve(p["f"], np.ones(p["w"]), "same")',
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "modes_numpy": SOLUTION,
    "produit_polynomes": SOLUTION,
    "lissage": SOLUTION,
    # an object that claims to equal everything
    "motif_compose": ("class Toujours(list):\n"
                      "    def __eq__(self, autre): return True\n"
                      "motif_compose = Toujours([[0, 0, 0]] * 3)"),
    # flip the motif for some inputs only, hoping the grader tries few
    "convolution_modes": ("def convolution(f, g, mode):\n"
                          "    g = np.array(g)[::-1] if len(f) % 2 == 0 else g\n"
                          "    return np.correlate(f, g, mode)"),
    # mix the two even-motif correlation rules call by call (each accepted on its own)
    "correlation": ("from scipy.signal import correlate2d\n"
                    "def correlation(f, g):\n"
                    "    if len(g) == 2:\n"
                    "        return np.correlate(f, g, 'same')\n"
                    "    return correlate2d([f], [g], 'same')[0]"),
    # monkeypatch numpy so that every comparison says yes
    "max_pooling": ("import numpy\n"
                    "numpy.allclose = lambda *a, **k: True\n"
                    "numpy.array_equal = lambda *a, **k: True\n"
                    "def max_pooling(A, k):\n"
                    "    return [[0]]"),
    # look for the grader's images (cheap: one directory listing)
    "filtre_image": ("import os\n"
                     "def filtrer(A):\n"
                     "    return os.listdir('/')"),
    # an infinite loop
    "pas_marge": ("def convolution_pas(f, g, s, P):\n"
                  "    while True:\n"
                  "        pass"),
    # NaN
    "radar": "radar = float('nan')",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
