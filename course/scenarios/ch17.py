"""Sample submissions for ch17, used by `deepmath demo` and the end-to-end tests.

Each scenario maps an answer cell (its item name) to the code a student might write; cells
not listed keep the released stub. ``SOLUTION`` means "the instructor's solution".
"""

SOLUTION = "__solution__"

NAMES = ("frequences", "zipf", "bigrammes", "probabilites", "echantillonner", "bpe_fusions",
         "bpe_encodage", "mesures", "acp", "analogie")

CORRECT = {name: SOLUTION for name in NAMES}

TYPICAL_MISTAKES = {
    "frequences": SOLUTION,
    "bpe_fusions": SOLUTION,
    "probabilites": SOLUTION,
    # words split on spaces, case and punctuation kept
    "zipf": ('f = np.array(p["frequences"])\n'
             'i = np.arange(1, len(f) + 1)\n'
             'pente, origine = np.polyfit(np.log(i), np.log(f), 1)\n'
             'zipf = (float(np.exp(origine)), float(-pente))'),
    # the mode every time
    "echantillonner": ("def echantillonner(scores, T, k, n, graine):\n"
                       "    return [int(np.argmax(scores))] * n"),
    # ids from 0
    "bpe_encodage": ('import re\n'
                     'texte = " ".join(re.sub(r"[^\\w]|[\\d_]", " ", p["texte"].lower()).split())\n'
                     'mots = [list(m) for m in texte.split(" ")]\n'
                     'fusions = []\n'
                     'for _ in range(p["F"]):\n'
                     '    c = {}\n'
                     '    for m in mots:\n'
                     '        for q in zip(m, m[1:]):\n'
                     '            c[q] = c.get(q, 0) + 1\n'
                     '    best = max(c.values())\n'
                     '    paire = next(q for q, v in c.items() if v == best)\n'
                     '    fusions.append(paire)\n'
                     '    nm = []\n'
                     '    for m in mots:\n'
                     '        out, t = [], 0\n'
                     '        while t < len(m):\n'
                     '            if t + 1 < len(m) and (m[t], m[t + 1]) == paire:\n'
                     '                out.append(m[t] + m[t + 1]); t += 2\n'
                     '            else:\n'
                     '                out.append(m[t]); t += 1\n'
                     '        nm.append(out)\n'
                     '    mots = nm\n'
                     'voc = sorted(set(texte) - {" "}) + [a + b for a, b in fusions]\n'
                     'bpe_encodage = []\n'
                     'for mot in p["phrase"].split():\n'
                     '    j = list(mot)\n'
                     '    for paire in fusions:\n'
                     '        out, t = [], 0\n'
                     '        while t < len(j):\n'
                     '            if t + 1 < len(j) and (j[t], j[t + 1]) == paire:\n'
                     '                out.append(j[t] + j[t + 1]); t += 2\n'
                     '            else:\n'
                     '                out.append(j[t]); t += 1\n'
                     '        j = out\n'
                     '    bpe_encodage.append([voc.index(x) for x in j])'),
    # bigrams across sentence boundaries
    "bigrammes": ('import re\n'
                  'mots = re.findall(r"[^\\W\\d_]+", p["texte"].lower())\n'
                  'suivants = {}\n'
                  'for a, b in zip(mots, mots[1:]):\n'
                  '    if a == p["mot"]:\n'
                  '        suivants[b] = suivants.get(b, 0) + 1\n'
                  'total = sum(suivants.values())\n'
                  'bigrammes = sorted((m, c / total) for m, c in suivants.items())'),
    # the angle in radians
    "mesures": ('T = np.array(p["table"])\n'
                'X, Y = T[p["mots"].index(p["u"])], T[p["mots"].index(p["v"])]\n'
                's = float(X @ Y / (np.linalg.norm(X) * np.linalg.norm(Y)))\n'
                'mesures = (s, float(np.linalg.norm(X - Y)), float(np.arccos(s)))'),
    # eigh's order taken as decreasing
    "acp": ('X = np.array(p["table"])\n'
            'Xc = X - X.mean(axis=0)\n'
            'valeurs, vecteurs = np.linalg.eigh(Xc.T @ Xc)\n'
            'acp = Xc @ vecteurs[:, :2]'),
}

UNCHANGED: dict[str, str] = {}

# Honest on three questions, cheating on the others.
CHEATER = {
    "frequences": SOLUTION,
    "zipf": SOLUTION,
    "mesures": SOLUTION,
    # the mode every time
    "echantillonner": ("def echantillonner(scores, T, k, n, graine):\n"
                       "    return [int(np.argmax(scores))] * n"),
    # frequencies made perfect: a sorted quota list instead of random draws
    "probabilites": ("def probabilites(scores, T, k):\n"
                     "    return [1.0] * len(scores)"),
    # an object lying about equality
    "bpe_fusions": ("class Menteur(list):\n"
                    "    def __eq__(self, o): return True\n"
                    "bpe_fusions = Menteur()"),
    # NaN and inf
    "acp": "acp = np.full((10, 2), np.nan)",
    # forge a record for another item
    "analogie": (
        "import json, os\n"
        "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as fh:\n"
        "    fh.write(json.dumps({'item': 'ch17.bigrammes', 'kind': 'value',\n"
        "                         'value': {'t': 'str', 'v': 'pass'}}) + '\\n')\n"
        "analogie = p['abc'][0]"),  # an input word: never the answer
    # kill the kernel
    "bigrammes": "import os\nos.kill(os.getpid(), 9)",
}

SCENARIOS = {
    "alice": CORRECT,
    "bob": TYPICAL_MISTAKES,
    "chloe": UNCHANGED,
    "mallory": CHEATER,
}
