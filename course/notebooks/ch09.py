# %% [markdown]
# # Chapitre 9 — Rétropropagation
#
# Ce notebook accompagne le chapitre « Rétropropagation » de *Deepmath* (Bodin & Recher, Exo7).
# Chaque question a **ses propres paramètres**, qui dépendent de votre identifiant : la cellule
# `parametres(...)` de la question les affiche, et le correcteur utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * Un réseau est la liste de ses couches `(W, b)` : `W` a la forme **(entrées, neurones)** —
#   la colonne $j$ contient les poids d'entrée du neurone $j$, comme dans Keras — et `b` la
#   forme (neurones,). Une couche transforme une ligne d'entrées $g$ en $\varphi(g W + b)$.
# * Les données : `X` a **une ligne par donnée**, forme (N, entrées) ; `z` contient les sorties
#   attendues, forme (N,).
# * L'erreur est la **moyenne** $E = \frac1N \sum_i (F(X_i) - z_i)^2$ (et non la somme du
#   chapitre 8).
# * $\sigma(t) = 1/(1 + e^{-t})$, $\sigma' = \sigma(1 - \sigma)$.
# * Le vecteur des poids « dans l'ordre du livre » liste, couche après couche et neurone après
#   neurone, les poids d'entrée du neurone **puis** son biais : pour le réseau 2-2-1,
#   $P = (a_1, \ldots, a_9)$ avec $(a_1, a_2, a_3)$ = (poids de $x$, poids de $y$, biais) du
#   premier neurone caché.
# * Dans la règle de Hebb, $\tilde H(0) = 1$.
# * **Entraînement.** La cellule d'entraînement passe par `entrainer_ou_charger(fichier,
#   entrainer)` : pendant le TP, elle appelle `entrainer()` puis enregistre les poids
#   dans `fichier`, à côté du notebook ; ce fichier part avec le notebook quand vous
#   soumettez, et la correction le recharge : elle ne ré-entraîne jamais.
#
# Les fonctions de gradient sont testées par le correcteur sur des réseaux et des données
# **qu'il tire au hasard au moment de la correction** : elles doivent être justes pour tous.
#
# Les cellules grisées sont protégées : toute modification y est annulée à la correction.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente,
# lisible et de la forme demandée — sans dire si elle est juste. Le bouton *Validate* de
# nbgrader affiche les mêmes remarques.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe

parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. L'erreur du réseau « ou exclusif »
#
# Les données du « ou exclusif » sont $(0,0) \mapsto 0$, $(1,1) \mapsto 0$, $(0,1) \mapsto 1$,
# $(1,0) \mapsto 1$. Le réseau a deux entrées, deux neurones cachés et un neurone de sortie,
# tous avec l'activation $\sigma$. Calculez l'erreur moyenne $E(P)$ pour le vecteur $P$
# affiché (ordre du livre). Un nombre.

# %% [setup]
p = parametres("erreur_xor")

# %% [answer erreur_xor]
### BEGIN SOLUTION
def sigma(t):
    return 1 / (1 + np.exp(-t))

a = p["P"]
donnees = [((0, 0), 0), ((1, 1), 0), ((0, 1), 1), ((1, 0), 1)]
total = 0.0
for (u, v), cible in donnees:
    h1 = sigma(a[0] * u + a[1] * v + a[2])
    h2 = sigma(a[3] * u + a[4] * v + a[5])
    F = sigma(a[6] * h1 + a[7] * h2 + a[8])
    total += (F - cible) ** 2
erreur_xor = float(total / len(donnees))
### END SOLUTION

# %% [test erreur_xor -> erreur_xor]

# %% [markdown]
# ## 2. Gradient d'un neurone
#
# Programmez `gradient_neurone(couches, X, z)` pour un réseau d'**un seul neurone** $\sigma$ :
# `couches = [(W, b)]` avec `W` de forme (entrées, 1) et `b` de forme (1,). Elle renvoie le
# couple `(E, [(dW, db)])` : l'erreur moyenne et les dérivées partielles de $E$ par rapport à
# chaque poids, rangées comme `W` et `b`.

# %% [setup]
p = parametres("gradient_neurone")

# %% [answer gradient_neurone]
### BEGIN SOLUTION
def gradient_neurone(couches, X, z):
    (W, b), = couches
    X = np.asarray(X, dtype=float)
    z = np.asarray(z, dtype=float).reshape(-1, 1)
    s = X @ W + b
    F = 1 / (1 + np.exp(-s))
    N = len(X)
    dS = 2 * (F - z) / N * F * (1 - F)
    return float(np.mean((F - z) ** 2)), [(X.T @ dS, dS.sum(axis=0))]
### END SOLUTION

# %% [test gradient_neurone -> gradient_neurone]

# %% [markdown]
# ## 3. Rétropropagation
#
# Programmez `retropropagation(couches, X, z)` pour le réseau affiché : trois couches, les
# deux premières avec l'activation indiquée (`"sigmoid"` ou `"tanh"`), la sortie avec
# $\sigma$. Elle renvoie `(E, [(dW1, db1), (dW2, db2), (dW3, db3)])`, les gradients dans
# l'ordre des couches, chacun de la forme du paramètre. Rappel : en notant $g_l$ les sorties
# de la couche $l$ et $s_l$ ses pré-activations, $\partial E / \partial s_l =
# \partial E/\partial g_l \odot \varphi_l'(s_l)$, $\partial E/\partial W_l = g_{l-1}^T\,
# \partial E/\partial s_l$ et $\partial E/\partial g_{l-1} = \partial E/\partial s_l\, W_l^T$.

# %% [setup]
p = parametres("retropropagation")

# %% [answer retropropagation]
### BEGIN SOLUTION
def retropropagation(couches, X, z):
    def phi(t, nom):
        return np.tanh(t) if nom == "tanh" else 1 / (1 + np.exp(-t))

    def phi_prime(t, nom):
        g = phi(t, nom)
        return 1 - g ** 2 if nom == "tanh" else g * (1 - g)

    noms = [p["cachee"], p["cachee"], "sigmoid"]
    gs, ss = [np.asarray(X, dtype=float)], []
    for (W, b), nom in zip(couches, noms, strict=True):
        ss.append(gs[-1] @ W + b)
        gs.append(phi(ss[-1], nom))
    z = np.asarray(z, dtype=float).reshape(gs[-1].shape)
    N = len(z)
    dG = 2 * (gs[-1] - z) / N
    grads = []
    for k in range(len(couches) - 1, -1, -1):
        dS = dG * phi_prime(ss[k], noms[k])
        grads.insert(0, (gs[k].T @ dS, dS.sum(axis=0)))
        dG = dS @ np.asarray(couches[k][0]).T
    return float(np.mean(np.sum((gs[-1] - z) ** 2, axis=1))), grads
### END SOLUTION

# %% [test retropropagation -> retropropagation]

# %% [markdown]
# ## 4. Un pas de descente
#
# Les 20 points du §1 (10 bleus, $z = 0$, puis 10 rouges, $z = 1$) sont dans `X_rb`, `z_rb`
# ci-dessous. Le neurone $F(x, y) = \sigma(a x + b y + c)$ part de $P_0 = (a, b, c)$ affiché.
# Donnez $P_1 = P_0 - \delta\, \mathrm{grad}\, E(P_0)$ : un tuple de trois nombres.

# %% [setup]
p = parametres("pas_descente")
X_rb = np.array([(0, 3), (1, 1.5), (1, 4), (1.5, 2.5), (2, 2.5), (3, 3.5), (3.5, 3.25), (4, 3),
                 (4, 4), (5, 4), (1, 1), (2, 0.5), (2, 2), (3, 1.5), (3, 2.75), (4, 1),
                 (4, 2.5), (4.5, 3), (5, 1), (5, 2.25)])
z_rb = np.array([0.0] * 10 + [1.0] * 10)

# %% [answer pas_descente]
### BEGIN SOLUTION
P0 = np.array(p["P"], dtype=float)
W0, b0 = P0[:2].reshape(2, 1), P0[2:]
_, ((dW, db),) = gradient_neurone([(W0, b0)], X_rb, z_rb)
P1 = P0 - p["delta"] * np.concatenate([dW.ravel(), db])
pas_descente = tuple(float(v) for v in P1)
### END SOLUTION

# %% [test pas_descente -> pas_descente]

# %% [markdown]
# ## 5. La règle de Hebb
#
# On ajoute à chaque entrée booléenne $(x, y)$ une troisième coordonnée constante égale à 1
# (elle porte le biais). Le perceptron $F = \tilde H(P \cdot (x, y, 1))$ apprend la porte
# affichée : pour chaque donnée, dans l'ordre $(0,0)$, $(0,1)$, $(1,0)$, $(1,1)$,
# $P \leftarrow P - 2\delta\,(F - z)\,(x, y, 1)$. Faites le nombre de passages demandé et
# donnez le $P$ final (un tuple de trois nombres).

# %% [setup]
p = parametres("hebb")

# %% [answer hebb]
### BEGIN SOLUTION
tables = {"ET": [0, 0, 0, 1], "OU": [0, 1, 1, 1]}
entrees = [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1)]
P = np.array(p["P0"], dtype=float)
for _ in range(p["epoques"]):
    for e, cible in zip(entrees, tables[p["porte"]], strict=True):
        F = 1.0 if P @ np.array(e) >= 0 else 0.0
        P = P - 2 * p["delta"] * (F - cible) * np.array(e)
hebb = tuple(float(v) for v in P)
### END SOLUTION

# %% [test hebb -> hebb]

# %% [markdown]
# ## 6. La hauteur d'une configuration
#
# On a $n$ cases dont exactement 3 sont noires, codées par une liste de 0 (blanche) et de 1
# (noire). Si les cases noires ont les rangs $i < j < k$, la **hauteur** est $k - i + 1$.
# Programmez `hauteur(config)` (elle renvoie un entier).

# %% [setup]
p = parametres("hauteur")

# %% [answer hauteur]
### BEGIN SOLUTION
def hauteur(config):
    rangs = [r for r, v in enumerate(config) if v == 1]
    return rangs[-1] - rangs[0] + 1
### END SOLUTION

# %% [test hauteur -> hauteur]

# %% [markdown]
# ## 7. Configurations d'une hauteur donnée
#
# Combien de configurations de $n$ cases à 3 cases noires ont la hauteur $h$ affichée ?
# Un entier (vous pouvez les compter avec `hauteur` ou raisonner).

# %% [setup]
p = parametres("nombre_hauteur")

# %% [answer nombre_hauteur]
### BEGIN SOLUTION
n, h = p["n"], p["h"]
nombre_hauteur = (h - 2) * (n - h + 1)
### END SOLUTION

# %% [test nombre_hauteur -> nombre_hauteur]

# %% [markdown]
# ## 8. Apprendre la marche
#
# Les 30 données de l'exemple de la marche : 10 points régulièrement espacés (bornes
# comprises) sur $[0, 2]$ et sur $[6, 8]$ avec $z = 0$, et 10 sur $[3, 5]$ avec $z = 1$. Le
# réseau a une entrée, deux neurones cachés et une sortie, tous $\sigma$ ; il part de
# $P_0 = (0, 1, 0, -1, 1, 1, -1)$ dans l'ordre du livre. Faites la descente de gradient
# classique (sur l'erreur moyenne) avec le $\delta$ et le nombre d'itérations affichés (quelques
# secondes), puis donnez la liste des couches obtenues `[(W1, b1), (W2, b2)]` : la descente
# se fait dans une fonction `entrainer()` qui renvoie cette liste, et
# `marche = entrainer_ou_charger("marche.npz", entrainer)` (voir les conventions).
#
# Le correcteur mesure votre réseau sur **600 nouveaux points** de $[0,2] \cup [3,5] \cup
# [6,8]$ qu'il tire lui-même : il faut au moins 95 % de bonnes réponses (un point compte rouge
# si $F \geq 1/2$). Un réseau bien entraîné en a 100 % ; les poids de départ n'en ont que
# deux tiers.

# %% [setup]
p = parametres("marche")
X_marche = np.concatenate([np.linspace(0, 2, 10), np.linspace(3, 5, 10),
                           np.linspace(6, 8, 10)]).reshape(-1, 1)
z_marche = np.array([0.0] * 10 + [1.0] * 10 + [0.0] * 10)

# %% [answer marche]
### BEGIN SOLUTION
def entrainer():
    couches = [(np.array([[0.0, 0.0]]), np.array([1.0, -1.0])),
               (np.array([[1.0], [1.0]]), np.array([-1.0]))]
    for _ in range(p["iterations"]):
        (W1, b1), (W2, b2) = couches
        h = 1 / (1 + np.exp(-(X_marche @ W1 + b1)))
        F = 1 / (1 + np.exp(-(h @ W2 + b2)))
        dS2 = 2 * (F - z_marche.reshape(-1, 1)) / len(X_marche) * F * (1 - F)
        dS1 = dS2 @ W2.T * h * (1 - h)
        couches = [(W1 - p["delta"] * X_marche.T @ dS1, b1 - p["delta"] * dS1.sum(axis=0)),
                   (W2 - p["delta"] * h.T @ dS2, b2 - p["delta"] * dS2.sum(axis=0))]
    return couches


marche = entrainer_ou_charger("marche.npz", entrainer)
### END SOLUTION

# %% [test marche -> marche]
