"""Sample submissions for ch10, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("preparation", "nombre_poids", "nombre_pas", "softmax", "entropie_croisee",
         "gradient_poids", "pas_gradient", "classifieur", "sac_de_mots")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    "preparation": ("def preparation(images, etiquettes, gris_max):\n"
                    "    images = np.asarray(images, dtype=float)\n"
                    "    return images.reshape(len(images), -1), "
                    "np.eye(10)[np.asarray(etiquettes, dtype=int)]"),
    "nombre_poids": ('t = [p["n_in"]] + [p["p"]] * p["couches"] + [p["n_out"]]\n'
                     'nombre_poids = sum(t[k] * t[k + 1] for k in range(len(t) - 1))'),
    "nombre_pas": 'nombre_pas = p["epochs"] * (p["N"] // p["K"])',
    "softmax": "def softmax(z):\n    return np.exp(z)",
    "entropie_croisee": ("def entropie_croisee(Y, P):\n"
                         "    return float(np.sum(-np.asarray(Y) * np.log(np.asarray(P))))"),
    # Dense(n) without activation=: every layer linear
    "gradient_poids": ("def gradient_poids(poids, X, Y):\n"
                       "    modele = Sequential([Input(shape=(poids[0].shape[0],))]\n"
                       "                        + [Dense(W.shape[1]) for W in poids[0::2]])\n"
                       "    modele.set_weights(poids)\n"
                       "    with tf.GradientTape() as tape:\n"
                       "        perte = keras.losses.MeanSquaredError()(Y, modele(X))\n"
                       "    return [g.numpy() for g in "
                       "tape.gradient(perte, modele.trainable_variables)]"),
    # the right gradient (tf.Variable and a hand-written forward pass), then a step uphill
    "pas_gradient": ("def pas_gradient(poids, X, Y, delta):\n"
                     "    v = [tf.Variable(w) for w in poids]\n"
                     "    with tf.GradientTape() as tape:\n"
                     "        a = tf.constant(X)\n"
                     "        for k in range(0, len(v), 2):\n"
                     "            a = a @ v[k] + v[k + 1]\n"
                     "            if k < len(v) - 2:\n"
                     "                a = tf.nn.relu(a)\n"
                     "        perte = tf.reduce_mean((a - Y) ** 2)\n"
                     "    return [w + delta * g.numpy() for w, g in "
                     "zip(poids, tape.gradient(perte, v))]"),
    # an untrained network: the grader's test digits are recognised at chance level
    "classifieur": ('keras.utils.set_random_seed(1)\n'
                    'classifieur = Sequential([Input(shape=(64,)), '
                    'Dense(p["p"], activation="sigmoid"),\n'
                    '    Dense(p["p"], activation="sigmoid"), Dense(10, activation="softmax")])'),
    "sac_de_mots": ("def vectorisation(indices, n):\n"
                    "    return np.bincount(indices, minlength=n).astype(float)"),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "preparation": SOLUTION,
    "nombre_poids": SOLUTION,
    "softmax": SOLUTION,
    # a "trained" model that memorised the visible digits: predict looks them up, the
    # weights are random (and the held-out digits are not in the students' files)
    "classifieur": (
        "donnees = np.load('chiffres_entrainement.npz')\n"
        "memoire = {bytes(im.astype(np.uint8)): int(e)\n"
        "           for im, e in zip(donnees['images'], donnees['etiquettes'])}\n"
        "class Memoire(Sequential):\n"
        "    def predict(self, x, **kw):\n"
        "        return np.eye(10)[[memoire.get(bytes((np.asarray(r) * 16).round()"
        ".astype(np.uint8)), 0) for r in x]]\n"
        "classifieur = Memoire([Input(shape=(64,)), Dense(p['p'], activation='sigmoid'),\n"
        "    Dense(p['p'], activation='sigmoid'), Dense(10, activation='softmax')])"),
    # right on its first call only (what a student's own check makes), zeros once the
    # grader's probe file is there: the grader's networks are drawn from its secret seed
    "gradient_poids": (
        "import os\n"
        "appels = []\n"
        "def gradient_poids(poids, X, Y):\n"
        "    appels.append(1)\n"
        "    if len(appels) > 1 or os.path.exists(os.path.expanduser("
        "'~/.deepmath/probes.json')):\n"
        "        return [np.zeros_like(w) for w in poids]\n"
        "    modele = Sequential([Input(shape=(poids[0].shape[0],)), Dense(poids[0].shape[1], "
        "activation='relu'),\n"
        "        Dense(poids[2].shape[1], activation='relu'), Dense(1)])\n"
        "    modele.set_weights(poids)\n"
        "    with tf.GradientTape() as tape:\n"
        "        perte = keras.losses.MeanSquaredError()(Y, modele(X))\n"
        "    return [g.numpy() for g in tape.gradient(perte, modele.trainable_variables)]"),
    # no step at all: the weights handed back (close to right when δ·∇L is small)
    "pas_gradient": ("def pas_gradient(poids, X, Y, delta):\n"
                     "    return [np.asarray(w) for w in poids]"),
    # a function that detects the book's example and answers it, else returns junk
    "entropie_croisee": ("def entropie_croisee(Y, P):\n"
                         "    return 0.6364828 if len(Y) == 2 else 0.0"),
    # forge a record for another item
    "sac_de_mots": (
        "import json, os\n"
        "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
        "    fh.write(json.dumps({'item': 'ch10.nombre_pas', 'kind': 'value',\n"
        "                         'value': {'t': 'str', 'v': 'pass'}}) + '\\n')\n"
        "def vectorisation(indices, n):\n    return np.ones(n)"),
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
