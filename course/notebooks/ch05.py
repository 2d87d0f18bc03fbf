# %% [markdown]
# # Chapitre 5 — Réseau de neurones
#
# Ce notebook accompagne le chapitre « Réseau de neurones » de *Deepmath* (Bodin & Recher,
# Exo7). Chaque question a **ses propres paramètres**, qui dépendent de votre identifiant : la
# cellule `parametres(...)` de la question les affiche, et le correcteur utilise exactement
# ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * La fonction de Heaviside vaut $H(x) = 0$ si $x < 0$ et $H(x) = 1$ si $x \geq 0$ : en
#   particulier **$H(0) = 1$**.
# * Un perceptron se donne par le couple `(poids, biais)` : `poids` est la liste des
#   coefficients $a_1, \ldots, a_n$ et `biais` le nombre $a_0$ ; il calcule
#   $F(x) = H(a_1 x_1 + \cdots + a_n x_n + a_0)$.
# * Un réseau se donne par la liste de ses couches `(W, b)` : `W` a **une ligne par neurone**
#   (forme (neurones, entrées)) et `b` contient les biais des neurones de la couche.
# * Les booléens : 1 = vrai, 0 = faux.
#
# Les cellules grisées sont protégées : toute modification y est annulée à la correction.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente,
# lisible et de la forme demandée — sans dire si elle est juste ; `verifier_syntaxe("...")`
# montre comment le correcteur lit une formule. Le bouton *Validate* de nbgrader affiche les
# mêmes remarques.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe

parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Sortie d'un perceptron
#
# Programmez `perceptron(poids, biais, entree)` qui renvoie la sortie (0. ou 1.) du perceptron
# affine pour l'entrée donnée (une liste de $n$ nombres), avec l'activation $H$ du livre.

# %% [setup]
p = parametres("perceptron")

# %% [answer perceptron]
### BEGIN SOLUTION
def perceptron(poids, biais, entree):
    somme = sum(a * e for a, e in zip(poids, entree, strict=True)) + biais
    return 1.0 if somme >= 0 else 0.0
### END SOLUTION

# %% [test perceptron -> perceptron]

# %% [markdown]
# ## 2. Évaluer un réseau
#
# Le réseau affiché a trois entrées, une première couche de deux neurones ReLU et une couche de
# sortie de deux neurones ReLU (rappel : $\mathrm{ReLU}(t) = \max(0, t)$). Calculez à la main
# ou avec numpy la sortie $(Y_1, Y_2)$ pour l'entrée affichée : un tuple de deux nombres.

# %% [setup]
p = parametres("sortie_reseau")

# %% [answer sortie_reseau]
### BEGIN SOLUTION
s = np.maximum(0, np.array(p["W1"]) @ np.array(p["x"]) + np.array(p["b1"]))
Y = np.maximum(0, np.array(p["W2"]) @ s + np.array(p["b2"]))
sortie_reseau = (float(Y[0]), float(Y[1]))
### END SOLUTION

# %% [test sortie_reseau -> sortie_reseau]

# %% [markdown]
# ## 3. Une porte logique
#
# Trouvez un perceptron à deux entrées qui réalise la fonction logique affichée sur les quatre
# entrées $(0,0)$, $(0,1)$, $(1,0)$, $(1,1)$. Donnez-le sous la forme `(poids, biais)`. Il y a
# une infinité de bonnes réponses : toutes sont acceptées.

# %% [setup]
p = parametres("porte_logique")

# %% [answer porte_logique]
### BEGIN SOLUTION
SOLUTIONS_2 = {"x ET y": ([1, 1], -1.5), "x OU y": ([1, 1], -0.5),
               "x ET (NON y)": ([1, -1], -0.5), "(NON x) OU y": ([-1, 1], 0.5),
               "NON (x OU y)": ([-1, -1], 0.5), "NON (x ET y)": ([-1, -1], 1.5)}
porte_logique = SOLUTIONS_2[p["porte"]]
### END SOLUTION

# %% [test porte_logique -> porte_logique]

# %% [markdown]
# ## 4. Une porte à trois entrées
#
# Même question avec trois entrées $x, y, z \in \{0, 1\}$ (les huit cas sont testés).

# %% [setup]
p = parametres("porte_trois_entrees")

# %% [answer porte_trois_entrees]
### BEGIN SOLUTION
SOLUTIONS_3 = {"x ET y ET z": ([1, 1, 1], -2.5), "x OU y OU z": ([1, 1, 1], -0.5),
               "au moins deux parmi x, y, z": ([1, 1, 1], -1.5),
               "(NON x) ET (NON y) ET (NON z)": ([-1, -1, -1], 0.5)}
porte_trois_entrees = SOLUTIONS_3[p["porte"]]
### END SOLUTION

# %% [test porte_trois_entrees -> porte_trois_entrees]

# %% [markdown]
# ## 5. Ce qu'un perceptron ne sait pas faire
#
# Chaque fonction $g_k$ affichée est donnée par ses sorties sur $(0,0)$, $(0,1)$, $(1,0)$,
# $(1,1)$. Lesquelles ne sont réalisées par **aucun** perceptron à deux entrées ? Répondez par la
# liste croissante de leurs numéros $k$ (par exemple `[2, 4]`), en raisonnant comme dans la
# preuve du livre pour le « ou exclusif ».

# %% [setup]
p = parametres("non_realisables")

# %% [answer non_realisables]
### BEGIN SOLUTION
non_realisables = [k + 1 for k, t in enumerate(p["tables"])
                   if t in ([0, 1, 1, 0], [1, 0, 0, 1])]
### END SOLUTION

# %% [test non_realisables -> non_realisables]

# %% [markdown]
# ## 6. Le « ou exclusif » avec un réseau
#
# Construisez un réseau à deux entrées, une couche cachée de **deux** neurones et un neurone
# de sortie (activation $H$ partout) qui réalise la fonction affichée sur les quatre entrées
# booléennes. Donnez la liste de ses couches `[(W1, b1), (W2, b2)]`.

# %% [setup]
p = parametres("reseau_xor")

# %% [answer reseau_xor]
### BEGIN SOLUTION
cachee = ([[1, -1], [-1, 1]], [-1, -1])  # « x ET NON y », « NON x ET y »
sortie = ([[1, 1]], [-1]) if p["porte"] == "x OUex y" else ([[-1, -1]], [0])
reseau_xor = [cachee, sortie]
### END SOLUTION

# %% [test reseau_xor -> reseau_xor]

# %% [markdown]
# ## 7. Un demi-plan fermé
#
# Trouvez un perceptron à deux entrées $(x, y)$ qui vaut 1 exactement sur les points situés
# **sur ou au-dessus** de la droite passant par les points $P$ et $Q$ affichés, et 0 en dessous.
# Les points de la droite elle-même sont testés.

# %% [setup]
p = parametres("demi_plan")

# %% [answer demi_plan]
### BEGIN SOLUTION
(x1, y1), (x2, y2) = p["P"], p["Q"]
a, b = -(y2 - y1), x2 - x1
demi_plan = ([a, b], -(a * x1 + b * y1))
### END SOLUTION

# %% [test demi_plan -> demi_plan]

# %% [markdown]
# ## 8. Un triangle
#
# Construisez un réseau (activation $H$ partout) qui vaut 1 sur le triangle fermé affiché, bords
# compris, et 0 ailleurs : un neurone par côté, puis un neurone de sortie. Donnez la liste de
# ses couches.

# %% [setup]
p = parametres("triangle")

# %% [answer triangle]
### BEGIN SOLUTION
V = p["V"]
centre = [sum(v[0] for v in V) / 3, sum(v[1] for v in V) / 3]
lignes, biais = [], []
for k in range(3):
    (xa, ya), (xb, yb) = V[k], V[(k + 1) % 3]
    a, b = -(yb - ya), xb - xa
    c = -(a * xa + b * ya)
    if a * centre[0] + b * centre[1] + c < 0:  # le centre doit être du bon côté
        a, b, c = -a, -b, -c
    lignes.append([a, b])
    biais.append(c)
triangle = [(lignes, biais), ([[1, 1, 1]], [-3])]
### END SOLUTION

# %% [test triangle -> triangle]

# %% [markdown]
# ## 9. Compter les poids
#
# Dans le livre, les **poids** d'un réseau sont ses coefficients **et** ses biais. Combien de
# poids a le réseau dense (chaque neurone reçoit toutes les sorties de la couche précédente)
# affiché ? Un entier.

# %% [setup]
p = parametres("nombre_parametres")

# %% [answer nombre_parametres]
### BEGIN SOLUTION
t = p["tailles"]
nombre_parametres = sum(t[k] * t[k + 1] + t[k + 1] for k in range(len(t) - 1))
### END SOLUTION

# %% [test nombre_parametres -> nombre_parametres]

# %% [markdown]
# ## 10. Un créneau
#
# Construisez un réseau à une entrée $x$, une couche cachée de deux neurones (activation $H$) et
# un neurone de sortie dont l'activation est l'**identité**, qui vaut la hauteur $k$ affichée
# sur l'intervalle fermé $[\alpha, \beta]$ (bornes comprises) et 0 ailleurs.

# %% [setup]
p = parametres("creneau")

# %% [answer creneau]
### BEGIN SOLUTION
alpha, beta, k = p["alpha"], p["beta"], p["k"]
creneau = [([[1], [-1]], [-alpha, beta]), ([[k, k]], [-k])]
### END SOLUTION

# %% [test creneau -> creneau]
