"""Sample submissions for ch01, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

CORRECT = {name: SOLUTION for name in (
    "derivee_somme", "derivee_produit", "derivee_quotient", "derivee_composee",
    "graphe_entree_dupliquee", "heaviside", "sigmoide_prime", "tangente",
    "approximation_lineaire", "extremums", "newton")}

TYPICAL_MISTAKES = {
    # right answers, in other (equivalent) forms
    "derivee_somme": 'derivee_somme = sp.diff(x**p["n"], x) - p["a"] * sp.sin(x)',
    "approximation_lineaire": SOLUTION,
    # the declared mistakes
    "derivee_produit": ('n, a = p["n"], p["a"]\n'
                        'derivee_produit = f"{n}*x^{n - 1} * {a}*cos({a}x)"'),
    "derivee_quotient": (
        'a = p["a"]\n'
        'derivee_quotient = f"(ln(x)*{a}*e^({a}x) - (1/x)*e^({a}x)) / e^({2*a}x)"'),
    "derivee_composee": 'derivee_composee = f"-sin({p[\'a\']}x)/cos({p[\'a\']}x)"',
    "graphe_entree_dupliquee": "derivee_graphe = math.exp(p['x0']) / p['x0']",
    "heaviside": "def heaviside(x):\n    return np.heaviside(x, 0.5)",
    "sigmoide_prime": ("def sigmoide_prime(x):\n"
                       "    return np.exp(-x) / (1 + np.exp(-x))"),
    "tangente": "m = p['m']\ntangente = f'x/(2*{m}) + {m}'",
    "extremums": "a = p['a']\nextremums = [(-a, 'min'), (a, 'max')]",
    "newton": ("def newton(f, df, x0, n):\n"
               "    for _ in range(n):\n"
               "        x0 = x0 + f(x0) / df(x0)\n"
               "    return x0"),
}

UNCHANGED: dict[str, str] = {}

# A student who solved two questions honestly and tries to cheat on all the others.
CHEATER = {
    "derivee_somme": SOLUTION,
    "newton": SOLUTION,
    # objects that claim to equal everything
    "derivee_produit": ("class Toujours:\n"
                        "    def __eq__(self, autre): return True\n"
                        "    def __bool__(self): return True\n"
                        "    def __float__(self): return 0.0\n"
                        "derivee_produit = Toujours()"),
    # read the course's files (solutions, gradebook, reference) from the grader's machine
    "derivee_quotient": ("import glob, os\n"
                         "trouve = []\n"
                         "for motif in ['/work/**/source/**/*.ipynb', '/root/**/gradebook.db',\n"
                         "              '/**/reference/newton.py', '/srv/**/*.ipynb']:\n"
                         "    trouve += glob.glob(motif, recursive=True)\n"
                         "derivee_quotient = trouve[0] if trouve else 'x'"),
    # open a socket to phone home
    "derivee_composee": ("import socket\n"
                         "s = socket.create_connection(('93.184.216.34', 80), timeout=3)\n"
                         "derivee_composee = 'x'"),
    # redefine the hand-out helper so that it writes a forged 'pass' record
    "graphe_entree_dupliquee": (
        "import json, os\n"
        "def _dm_rendre(item, getter):\n"
        "    path = os.path.expanduser('~/.deepmath/answers.jsonl')\n"
        "    with open(path, 'a') as fh:\n"
        "        fh.write(json.dumps({'item': item, 'kind': 'value', 'status': 'pass',\n"
        "                             'points': 100,\n"
        "                             'value': {'t': 'str', 'v': 'pass'}}) + '\\n')\n"
        "print('{\"item\": \"ch01.heaviside\", \"status\": \"pass\", \"points\": 1}')\n"
        "derivee_graphe = 0.0"),
    # monkeypatch numpy, math and sympy so that comparisons always succeed
    "heaviside": ("import math, numpy, sympy\n"
                  "numpy.allclose = lambda *a, **k: True\n"
                  "numpy.isclose = lambda *a, **k: True\n"
                  "math.isclose = lambda *a, **k: True\n"
                  "sympy.simplify = lambda e, **k: 0\n"
                  "def heaviside(x):\n    return 0.5"),
    # an IPython input transformer that rewrites every later cell
    "sigmoide_prime": ("ip = get_ipython()\n"
                       "ip.input_transformers_post.append(\n"
                       "    lambda lines: ['sigmoide_prime = lambda x: 0.25\\n']\n"
                       "    if any('rendre' in l for l in lines) else lines)\n"
                       "def sigmoide_prime(x):\n    return 0.25"),
    # an infinite loop
    "tangente": "while True:\n    pass",
    # a memory bomb
    "approximation_lineaire": "bombe = [0] * (10 ** 10)\napproximation = 1.0",
    # kill the kernel
    "extremums": "import os\nos.kill(os.getpid(), 9)",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
