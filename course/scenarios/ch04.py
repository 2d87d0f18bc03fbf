"""Sample submissions for ch04, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("element_reshape", "grille_Z", "coupe", "minimum_grille", "relu_vec", "exp_log",
         "linspace_element", "fig_surface", "fig_niveaux", "fraction_positive")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # right answers, in other forms
    "fig_surface": ("fig_surface = plt.figure()\n"
                    "ax = fig_surface.add_subplot(projection='3d')\n"
                    "V = np.linspace(-p['r'], p['r'], 30)\n"
                    "X, Y = np.meshgrid(V, V)\n"
                    "ax.plot_wireframe(X, Y, X**2 - p['c'] * Y**2)"),
    "linspace_element": "valeur = np.linspace(0, p['L'], num=p['N'])[p['k']]",
    # the declared mistakes
    "element_reshape": "element = p['s'] + p['i'] + p['j'] * p['p']",
    "grille_Z": ("VX = np.linspace(0, 2, p['nx'])\nVY = np.linspace(-1, 1, p['ny'])\n"
                 "X, Y = np.meshgrid(VX, VY, indexing='ij')\nZ = X + p['c'] * Y"),
    "coupe": ("VX = np.linspace(-2, 2, p['nx'])\nVY = np.linspace(-1, 3, p['ny'])\n"
              "X, Y = np.meshgrid(VX, VY)\nZ = X**2 - p['a'] * Y\ntranche = Z[:, p['i']]"),
    "minimum_grille": ("V = np.linspace(-3, 3, 13)\nX, Y = np.meshgrid(V, V)\n"
                       "x0, y0 = p['x0'], p['y0']\n"
                       "Z = (X - x0) ** 2 + 2 * (Y - y0) ** 2 + (X - x0) * (Y - y0) / 2\n"
                       "point_min = np.unravel_index(np.argmin(Z), Z.shape)"),
    "relu_vec": "relu_vec = np.vectorize(relu)",
    "exp_log": "resultat = np.array(p['X'], dtype=float)",
    "fig_niveaux": ("fig_niveaux = plt.figure()\nV = np.linspace(-2, 2, 100)\n"
                    "X, Y = np.meshgrid(V, V)\nZ = Y**3 + p['a'] * Y**2 - X**2\n"
                    "plt.contour(X, Y, Z, np.arange(p['l0'], p['l1']))"),
    "fraction_positive": ("V = np.linspace(-2, 2, p['N'])\nX, Y = np.meshgrid(V, V)\n"
                          "proportion = float(np.mean(Y**3 + p['a'] * Y**2 - X**2 <= 0))"),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "element_reshape": SOLUTION,
    "grille_Z": SOLUTION,
    "fig_niveaux": SOLUTION,
    # a subclass of ndarray whose comparisons always succeed
    "coupe": ("class Tableau(np.ndarray):\n"
              "    def __eq__(self, autre): return True\n"
              "tranche = np.zeros(3).view(Tableau)"),
    # a real matplotlib Axes subclass that lies about its content
    "fig_surface": ("from mpl_toolkits.mplot3d import Axes3D\n"
                    "class Menteur(Axes3D):\n"
                    "    name = '3d'\n"
                    "    def get_lines(self): return [1] * 10**6\n"
                    "fig_surface = plt.figure()\n"
                    "ax = Menteur(fig_surface)\nfig_surface.add_axes(ax)"),
    # an object that claims to be every number
    "minimum_grille": ("class Partout(tuple):\n"
                       "    def __eq__(self, autre): return True\n"
                       "point_min = Partout()"),
    # replace np.vectorize by something that returns the expected book values
    "relu_vec": ("np.vectorize = lambda f, **k: (lambda x: np.array([0.0, 0.5, 2.7]))\n"
                 "relu_vec = np.vectorize(relu)"),
    # an infinite loop
    "exp_log": "while True:\n    pass",
    # a fake figure forged in the answers file
    "linspace_element": (
        "import json, os\n"
        "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
        "    fh.write(json.dumps({'item': 'ch04.fig_surface', 'kind': 'value', 'value': {\n"
        "        't': 'figure', 'axes': [{'name': '3d', 'lines': [], 'surfaces': [\n"
        "            {'kind': 'surface', 'n': 10**9, 'x': [0.0] * 5000, 'y': [0.0] * 5000,\n"
        "             'z': [0.0] * 5000}]}]}}) + '\\n')\n"
        "valeur = 0.0"),
    # kill the kernel
    "fraction_positive": "import os\nos.kill(os.getpid(), 9)",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
