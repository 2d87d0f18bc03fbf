"""Sample submissions for ch03, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("cout_developpe", "minimum_exact", "gradient", "plan_tangent", "courbes_niveau",
         "quadriques", "distance_point_droite", "minimum_grille", "erreur_orthogonale",
         "regression_orthogonale")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # right, in another form: a string, not expanded
    "cout_developpe": ('cout_developpe = " + ".join(f"(x - ({a}))^2 + (y - ({b}))^2"\n'
                       '                           for a, b in p["points"])'),
    # the declared mistakes
    "minimum_exact": ('pts = p["points"]\n'
                      'x0 = round(sum(a for a, _ in pts) / 3, 2)\n'
                      'y0 = round(sum(b for _, b in pts) / 3, 2)\n'
                      'minimum_exact = (x0, y0, round(sum((x0 - a)**2 + (y0 - b)**2'
                      ' for a, b in pts), 2))'),
    "gradient": ('f = x**p["n"] * y**p["m"] + p["a"] * sp.cos(p["b"] * x * y)\n'
                 'gradient = (sp.diff(f, y), sp.diff(f, x))'),
    "plan_tangent": ('f = p["a"]*x**2 + p["b"]*x*y - y**3 + p["c"]\n'
                     'pt = {x: p["x0"], y: p["y0"]}\n'
                     'plan_tangent = f.subs(pt) + sp.diff(f, x).subs(pt)*x'
                     ' + sp.diff(f, y).subs(pt)*y'),
    "courbes_niveau": ('natures = ["vide" if c < p["d"] else "point" if c == p["d"] else "cercle"'
                       ' for c in p["cs"]]\n'
                       'courbes_niveau = (natures, float(max(p["cs"]) - p["d"]))'),
    "quadriques": ('quadriques = ["ellipses" if a * q > 0 else "droites" if a * q == 0'
                   ' else "hyperboles" for a, s, q in p["fs"]]'),
    "distance_point_droite": ("def distance(a, b, c, x0, y0):\n"
                              "    return (a*x0 + b*y0 + c) / math.sqrt(a*a + b*b)"),
    "minimum_grille": ("def min_grille(f, xmin, xmax, ymin, ymax, N):\n"
                       "    xs, ys = np.linspace(xmin, xmax, N), np.linspace(ymin, ymax, N)\n"
                       "    X, Y = np.meshgrid(xs, ys)\n"
                       "    Z = f(X, Y)\n"
                       "    i, j = np.unravel_index(np.argmin(Z), Z.shape)\n"
                       "    return (float(xs[i]), float(ys[j]), float(Z[i, j]))"),
    "erreur_orthogonale": ("def erreur(a, b, points):\n"
                           "    return sum((a*xi + b - yi)**2 for xi, yi in points)"),
    "regression_orthogonale": ('pts = np.array(p["points"])\n'
                               'a, b = np.polyfit(pts[:, 0], pts[:, 1], 1)\n'
                               'regression_orthogonale = (float(a), float(b))'),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "cout_developpe": SOLUTION,
    "distance_point_droite": SOLUTION,
    "erreur_orthogonale": SOLUTION,
    # an object that claims to equal everything
    "minimum_exact": ("class Toujours(tuple):\n"
                      "    def __eq__(self, autre): return True\n"
                      "    def __len__(self): return 3\n"
                      "minimum_exact = Toujours()"),
    # a tuple of objects that pretend to be formulas
    "gradient": ("class Faux:\n"
                 "    def __str__(self): return 'x'\n"
                 "    def __eq__(self, o): return True\n"
                 "gradient = (Faux(), Faux())"),
    # forge answer lines
    "plan_tangent": (
        "import json, os\n"
        "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
        "    fh.write(json.dumps({'item': 'ch03.regression_orthogonale', 'kind': 'value',\n"
        "                         'status': 'pass', 'points': 99}) + '\\n')\n"
        "plan_tangent = 'x + y'"),
    # monkeypatch numpy so that every comparison says yes
    "minimum_grille": ("import numpy\n"
                       "numpy.allclose = lambda *a, **k: True\n"
                       "numpy.isclose = lambda *a, **k: True\n"
                       "def min_grille(f, *args):\n    return (0.0, 0.0, 0.0)"),
    # look for the grader's files
    "quadriques": ("import glob\n"
                   "quadriques = glob.glob('/**/items/ch03.py', recursive=True)[:3]"),
    # an infinite loop
    "regression_orthogonale": "while True:\n    pass",
    # NaN everywhere
    "courbes_niveau": "courbes_niveau = (['cercle'] * 3, float('nan'))",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
