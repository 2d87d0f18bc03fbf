"""Sample submissions for ch18, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

from pathlib import Path

SOLUTION = "__solution__"


def _solution(name: str) -> str:
    """The master notebook's solution of one answer cell (without its markers)."""
    text = (Path(__file__).resolve().parents[1] / "notebooks" / "ch18.py").read_text(
        encoding="utf-8")
    cell = text.split(f"# %% [answer {name}]\n", 1)[1]
    return cell.split("### BEGIN SOLUTION\n", 1)[1].split("### END SOLUTION", 1)[0]


_MASK = "A = ops.softmax(ops.where(self.futur, -1e9, S), axis=-1)"

NAMES = ("moindre_norme", "encodage_positionnel", "position_relative", "kronecker",
         "vec_tenseur", "attention_causale", "multi_tetes", "gelu", "petit_gpt")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # another correct way: the pseudo-inverse
    "moindre_norme": 'moindre_norme = np.linalg.pinv(np.array(p["A"])) @ np.array(p["y"])',
    # positions as rows (Keras layout)
    "encodage_positionnel": (
        "def encodage_positionnel(K, n, p):\n"
        "    P = np.zeros((K, n))\n"
        "    for k in range(K):\n"
        "        for i in range(n // 2):\n"
        "            P[k, 2 * i] = np.cos(k / p ** (2 * i / n))\n"
        "            P[k, 2 * i + 1] = np.sin(k / p ** (2 * i / n))\n"
        "    return P"),
    "position_relative": (
        "position_relative = np.zeros((4, 4))\n"
        "for i in range(2):\n"
        "    a = p['l'] / p['p'] ** (2 * i / 4)\n"
        "    position_relative[2*i:2*i+2, 2*i:2*i+2] = [[np.cos(a), np.sin(a)],\n"
        "                                               [-np.sin(a), np.cos(a)]]"),
    "kronecker": 'kronecker = np.kron(np.array(p["B"]), np.array(p["A"])).astype(float)',
    # vec in numpy's default (C) order
    "vec_tenseur": ('A, B, M = (np.array(p[c], dtype=float) for c in "ABM")\n'
                    'vec_tenseur = (B @ M @ A.T).flatten()'),
    # the mask applied after the softmax
    "attention_causale": (
        "def attention_causale(x, W_Q, W_K, W_V, W_O):\n"
        "    S = (W_Q @ x).T @ (W_K @ x) / np.sqrt(W_Q.shape[0])\n"
        "    E = np.exp(S - S.max(axis=1, keepdims=True))\n"
        "    A = np.tril(E / E.sum(axis=1, keepdims=True))\n"
        "    return A, W_O @ W_V @ x @ A.T"),
    "multi_tetes": SOLUTION,
    # the book's misprinted tanh formula
    "gelu": ("def gelus(x):\n"
             "    e = x / 2 * (1 + math.erf(x / math.sqrt(2)))\n"
             "    t = x / 2 * (1 + math.tanh(math.sqrt(2 / math.pi) + 0.44715 * x**3))\n"
             "    return (e, t, x / (1 + math.exp(-1.702 * x)))"),
    # the whole decoder trained with Keras, but without the causal mask (2 epochs; bob's
    # positional encoding above is (K, n), so he transposes it here)
    "petit_gpt": (_solution("petit_gpt").replace(_MASK, "A = ops.softmax(S, axis=-1)")
                  .replace("epochs=5", "epochs=2")
                  .replace("encodage_positionnel(K, n, 10000.0)",
                           "encodage_positionnel(K, n, 10000.0).T")
                  .replace("encodage_positionnel(len(fenetre), n, 10000.0)",
                           "encodage_positionnel(len(fenetre), n, 10000.0).T")),
}

UNCHANGED: dict[str, str] = {}

# Honest on two questions, cheating on the others.
CHEATER = {
    "moindre_norme": SOLUTION,
    "kronecker": SOLUTION,
    # peeks at future tokens but hands out a masked-looking pattern
    "attention_causale": (
        "def attention_causale(x, W_Q, W_K, W_V, W_O):\n"
        "    S = (W_Q @ x).T @ (W_K @ x) / np.sqrt(W_Q.shape[0])\n"
        "    E = np.exp(S - S.max(axis=1, keepdims=True))\n"
        "    A = E / E.sum(axis=1, keepdims=True)\n"
        "    Sm = np.where(np.triu(np.ones(S.shape, bool), 1), -np.inf, S)\n"
        "    Em = np.exp(Sm - Sm.max(axis=1, keepdims=True))\n"
        "    return Em / Em.sum(axis=1, keepdims=True), W_O @ W_V @ x @ A.T"),
    # an array lying about itself
    "vec_tenseur": ("class Menteur(np.ndarray):\n"
                    "    def __eq__(self, o): return True\n"
                    "vec_tenseur = np.zeros(6).view(Menteur)"),
    # returns NaN everywhere
    "position_relative": "position_relative = np.full((4, 4), np.nan)",
    # a function that patches numpy in the kernel, then answers with zeros
    "encodage_positionnel": ("import numpy\n"
                             "numpy.allclose = lambda *a, **k: True\n"
                             "def encodage_positionnel(K, n, p):\n"
                             "    return numpy.zeros((n, K))"),
    # forge a record for another item
    "multi_tetes": (
        "import json, os\n"
        "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
        "    fh.write(json.dumps({'item': 'ch18.gelu', 'kind': 'value',\n"
        "                         'value': {'t': 'str', 'v': 'pass'}}) + '\\n')\n"
        "def multi_tetes(x, tetes):\n"
        "    return x"),
    # weights that are not arrays, with an extra key
    "petit_gpt": "petit_gpt = {'wte': 'poids', 'layers': [], 'unembed': None, 'perte': 0.0}",
    # kill the kernel
    "gelu": "import os\nos.kill(os.getpid(), 9)",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
