"""Sample submissions for ch07, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("derivees_partielles", "gradient_point", "tangente_niveau", "derivee_directionnelle",
         "approximation_lineaire", "points_critiques", "nature_points", "gradient_numerique")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # another correct answer: the partial derivatives typed as text
    "derivees_partielles": ('a, b, c = p["a"], p["b"], p["c"]\n'
                            'derivees_partielles = (f"2*{a}*x*exp({b}*y) - sin(x + {c}*y**2)",\n'
                            '    f"{a*b}*x**2*exp({b}*y) - 2*{c}*y*sin(x + {c}*y**2)")'),
    # the declared mistakes
    "gradient_point": ('f = x ** p["m"] * y ** p["n"]\n'
                       'x0, y0 = p["P"]\n'
                       'gradient_point = (int(sp.diff(f, y).subs({x: x0, y: y0})), '
                       'int(sp.diff(f, x).subs({x: x0, y: y0})))'),
    "tangente_niveau": ('f = x**2 + p["a"] * y**2\n'
                        'x0, y0 = p["P"]\n'
                        'fx, fy = sp.diff(f, x).subs({x: x0, y: y0}), '
                        'sp.diff(f, y).subs({x: x0, y: y0})\n'
                        'tangente_niveau = y0 - fy / fx * (x - x0)'),
    "approximation_lineaire": ('f = x**2 * y + p["c"] * sp.sqrt(x + y)\n'
                               '(x0, y0), (h, k) = p["P"], p["hk"]\n'
                               'approximation_lineaire = float(f.subs({x: x0 + h, y: y0 + k}))'),
    "points_critiques": 'points_critiques = [(p["a"], p["b"])]',
    "gradient_numerique": ("def gradient_numerique(f, P, h=1e-5):\n"
                           "    x0, y0 = P\n"
                           "    return ((f(x0 + h, y0) - f(x0, y0)) / h, "
                           "(f(x0, y0 + h) - f(x0, y0)) / h)"),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "derivees_partielles": SOLUTION,
    "gradient_point": SOLUTION,
    "points_critiques": SOLUTION,
    # code instead of a formula
    "tangente_niveau": 'tangente_niveau = "__import__(\'os\').system(\'true\')"',
    # an object lying about itself
    "derivee_directionnelle": ("class Tout(int):\n"
                               "    def __eq__(self, o): return True\n"
                               "derivee_directionnelle = Tout(0)"),
    # a numerical gradient memorised for the calls the kit shows: zeros elsewhere
    "gradient_numerique": "def gradient_numerique(f, P, h=1e-5):\n    return (0.0, 0.0)",
    # forge a record for another item
    "nature_points": (
        "import json, os\n"
        "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
        "    fh.write(json.dumps({'item': 'ch07.approximation_lineaire', 'kind': 'value',\n"
        "                         'value': {'t': 'str', 'v': 'pass'}}) + '\\n')\n"
        "nature_points = ['min', 'min']"),
    # kill the kernel
    "approximation_lineaire": "import os\nos.kill(os.getpid(), 9)",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
