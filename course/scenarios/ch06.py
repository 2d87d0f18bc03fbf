"""Sample submissions for ch06, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("reseau", "sortie", "vers_keras", "heaviside", "demi_droite", "secteur",
         "nombre_poids", "cube")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    "heaviside": SOLUTION,
    # one row per neuron (chapter 5's layout) instead of Keras' one column per neuron
    "reseau": ('reseau = Sequential([Input(shape=(2,)), Dense(2, activation="relu"),\n'
               '                     Dense(1, activation=p["act"])])\n'
               'reseau.layers[0].set_weights([np.array([p["n0"], p["n1"]], dtype=float),\n'
               '                              np.array([p["b0"], p["b1"]], dtype=float)])\n'
               'reseau.layers[1].set_weights([np.array(p["sortie"], dtype=float).reshape(2, 1),\n'
               '                              np.array([p["bs"]], dtype=float)])'),
    "sortie": ('m = Sequential([Input(shape=(2,)), Dense(3, activation="sigmoid"),\n'
               '                Dense(1, activation="linear")])\n'
               'm.layers[0].set_weights([np.array(p["coeff"], dtype=float),\n'
               '                         np.array(p["biais"], dtype=float)])\n'
               'm.layers[1].set_weights([np.array(p["sortie"], dtype=float).reshape(3, 1),\n'
               '                         np.array([p["bs"]], dtype=float)])\n'
               'sortie = float(m.predict(np.array([p["x"]], dtype=float), verbose=0)[0, 0])'),
    "vers_keras": ("def vers_keras(neurones):\n"
                   "    return (np.array([list(c) for c, _ in neurones], dtype=float),\n"
                   "            np.array([float(b) for _, b in neurones]))"),
    "nombre_poids": ('t = p["tailles"]\n'
                     'nombre_poids = sum(t[k] * t[k + 1] for k in range(len(t) - 1))'),
    # OR instead of AND in the output neuron
    "secteur": ('secteur = Sequential([Input(shape=(2,)), Dense(2, activation=heaviside),\n'
                '                      Dense(1, activation=heaviside)])\n'
                'secteur.layers[0].set_weights([np.array([p["u"], p["v"]], dtype=float).T,\n'
                '                               np.zeros(2)])\n'
                'secteur.layers[1].set_weights([np.ones((2, 1)), np.array([-1.0])])'),
    "cube": ('c = p["c"]\n'
             'faces = np.array([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1],\n'
             '                  [0, 0, -1]], float)\n'
             'cube = Sequential([Input(shape=(3,)), Dense(6, activation=heaviside),\n'
             '                   Dense(1, activation=heaviside)])\n'
             'cube.layers[0].set_weights([faces.T, np.full(6, float(c))])\n'
             'cube.layers[1].set_weights([np.ones((6, 1)), np.array([-5.0])])'),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "heaviside": SOLUTION,
    "nombre_poids": SOLUTION,
    "vers_keras": SOLUTION,
    # a notebook subclass of Dense whose call ignores its weights
    "reseau": ("class Dense2(Dense):\n"
               "    def call(self, x):\n"
               "        return super().call(x) * 0 + 1.0\n"
               "reseau = Sequential([Input(shape=(2,)), Dense2(2, activation='relu'),\n"
               "                     Dense(1, activation=p['act'])])"),
    # the same subclass lying about its module: graded on its weights, its call is caught
    "demi_droite": ("class Dense(Dense):\n"
                    "    def call(self, x):\n"
                    "        return super().call(x) * 0 + 1.0\n"
                    "Dense.__module__ = 'keras.src.layers.core.dense'\n"
                    "demi_droite = Sequential([Input(shape=(1,)),\n"
                    "                          Dense(1, activation=heaviside)])"),
    # a get_weights that lies: the variables still hold random weights
    "secteur": ("secteur = Sequential([Input(shape=(2,)), Dense(2, activation=heaviside),\n"
                "                      Dense(1, activation=heaviside)])\n"
                "good = [np.array([p['u'], p['v']], dtype=float).T, np.zeros(2),\n"
                "        np.ones((2, 1)), np.array([-2.0])]\n"
                "secteur.get_weights = lambda: good"),
    # weights that claim to be arrays (an __array__ trick) and a monkeypatched numpy
    "cube": ("class Faux:\n"
             "    shape, dtype = (3, 6), 'float32'\n"
             "    def __array__(self, dtype=None, copy=None):\n"
             "        return np.full((3, 6), np.nan)\n"
             "cube = Sequential([Input(shape=(3,)), Dense(6, activation=heaviside),\n"
             "                   Dense(1, activation=heaviside)])\n"
             "type(cube.layers[0]).weights = property(lambda self: [Faux(), Faux()])"),
    # forge a record for another item
    "sortie": ("import json, os\n"
               "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
               "    fh.write(json.dumps({'item': 'ch06.heaviside', 'kind': 'value',\n"
               "                         'value': {'t': 'str', 'v': 'pass'}}) + '\\n')\n"
               "sortie = 0.5"),
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
