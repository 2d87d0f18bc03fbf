"""Sample submissions for ch02, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("arange_longueur", "linspace_pas", "subdivision", "amorti", "cos_degres", "sigmoide_k",
         "choix_commande", "fig_points", "fig_amorti", "fig_sigmoides")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # right answers, in other forms
    "cos_degres": "def cos_deg(x):\n    return np.cos(np.radians(x))",
    # the declared mistakes
    "arange_longueur": "nb_valeurs = round(p['m'] / p['s']) + 1",
    "linspace_pas": "ecart = p['L'] / p['n']",
    "subdivision": "def subdivision(a, b, n):\n    return np.arange(a, b, (b - a) / n)",
    "amorti": ("import math\n\n"
               "def amorti(x):\n"
               "    return math.exp(-p['a'] * x) * math.cos(2 * math.pi * x)"),
    "sigmoide_k": "def f(x, k):\n    return 1 / (1 + np.exp(k * x))",
    "choix_commande": "choix = 'ABCD'[p['order'].index('arange')]",
    "fig_points": ("fig_points = plt.figure()\n"
                   "plt.plot([0, 1, 2, 3, 4, 5], p['Y'])\n"
                   "plt.xlabel('x')\nplt.ylabel('y')"),
    "fig_amorti": ("fig_amorti = plt.figure()\n"
                   "X = np.linspace(0, p['b'], num=100)\n"
                   "plt.plot(X, np.exp(-X) * np.cos(2 * np.pi * X))\n"
                   "plt.title('Amorti')\nplt.axis('equal')\nplt.grid()\nplt.xlim(0, p['b'])\n"
                   "plt.savefig('amorti.png')"),
    "fig_sigmoides": ("fig_sigmoides = plt.figure()\n"
                      "X = np.linspace(-5, 5, num=100)\n"
                      "for k in range(p['k0'], p['k1']):\n"
                      "    plt.plot(X, 1 / (1 + np.exp(-k * X)), label=f'k={k}')\n"
                      "plt.legend()"),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "arange_longueur": SOLUTION,
    "subdivision": SOLUTION,
    "fig_points": SOLUTION,
    # an object that claims to equal everything
    "linspace_pas": ("class Toujours(float):\n"
                     "    def __eq__(self, autre): return True\n"
                     "ecart = Toujours(0.0)"),
    # a fake "figure": an object with the attributes of a Figure
    "fig_amorti": ("class FausseFigure:\n"
                   "    axes = []\n"
                   "    def get_axes(self): return []\n"
                   "fig_amorti = FausseFigure()"),
    # a huge line: a million points of nothing, and a figure that is not the one asked for
    "fig_sigmoides": ("fig_sigmoides = plt.figure()\n"
                      "X = np.linspace(-5, 5, 10**6)\n"
                      "for k in range(8):\n"
                      "    plt.plot(X, 0 * X, label=f'k={k}')\n"
                      "plt.legend()"),
    # write a forged figure record directly into the answers file
    "amorti": ("import json, os\n"
               "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
               "    fh.write(json.dumps({'item': 'ch02.fig_amorti', 'kind': 'value',\n"
               "             'value': {'t': 'figure', 'axes': 'tout juste'}}) + '\\n')\n"
               "def amorti(x):\n    return 0 * x"),
    # monkeypatch numpy so that comparisons always succeed
    "cos_degres": ("import numpy\nnumpy.allclose = lambda *a, **k: True\n"
                   "numpy.isclose = lambda *a, **k: True\n"
                   "def cos_deg(x):\n    return x"),
    # an infinite loop
    "sigmoide_k": "while True:\n    pass",
    # read the course files
    "choix_commande": ("import glob\n"
                       "trouve = glob.glob('/work/**/items/ch02.py') + glob.glob('/srv/*/*')\n"
                       "choix = open(trouve[0]).read()[:1] if trouve else 'Z'"),
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
