"""Sample submissions for ch16, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("softmax", "decision_one_hot", "mse", "mae", "entropie_croisee_binaire",
         "entropie_croisee", "standardisation", "dropout", "jacobienne_softmax")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # right: the exact formula with 0·ln 0 = 0 (no eps)
    "entropie_croisee_binaire": (
        "from scipy.special import xlogy\n"
        "y, q = np.array(p['y'], dtype=float), np.array(p['y_hat'], dtype=float)\n"
        "entropie_croisee_binaire = float(-np.mean(xlogy(y, q) + xlogy(1 - y, 1 - q)))"),
    "jacobienne_softmax": SOLUTION,
    # the declared mistakes
    "softmax": ("def softmax(x):\n"
                "    e = np.exp(np.asarray(x, dtype=float))\n"
                "    return e / e.sum()"),
    "decision_one_hot": ("e = np.exp(np.array(p['scores']))\n"
                         "decision_one_hot = list(e / e.sum())"),
    "mse": "mse = float(np.sum((np.array(p['y']) - np.array(p['y_hat'])) ** 2))",
    "mae": "mae = float(np.mean(np.array(p['y']) - np.array(p['y_hat'])))",
    "standardisation": ("t = np.array(p['x'], dtype=float)\n"
                        "standardisation = list((t - t.mean()) / t.std(ddof=1))"),
    "dropout": "dropout = (p['n'] * p['rate'], 1 / p['rate'])",
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "mse": SOLUTION,
    "mae": SOLUTION,
    "dropout": SOLUTION,
    # detect the book's probe and answer it from the book's table, anything else uniform
    "softmax": ("def softmax(x):\n"
                "    if list(x) == [3.0, 1.0, 8.0, 6.0, 0.0]:\n"
                "        return np.array([0.0059, 0.0008, 0.8746, 0.1184, 0.0003])\n"
                "    return np.full(len(x), 1 / len(x))"),
    # an object that says it equals everything
    "decision_one_hot": ("class Oui(float):\n"
                         "    def __eq__(self, o): return True\n"
                         "decision_one_hot = Oui(1)"),
    # NaN everywhere
    "standardisation": "standardisation = [float('nan')] * len(p['x'])",
    # a string
    "entropie_croisee": "entropie_croisee = '0.5'",
    # monkeypatch numpy, then a wrong value
    "entropie_croisee_binaire": ("np.log = lambda v: 0 * v\n"
                                 "entropie_croisee_binaire = 0.0"),
    "jacobienne_softmax": "jacobienne_softmax = np.eye(3)",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
