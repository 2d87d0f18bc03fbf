# %% [markdown]
# # Chapitre 4 — Python : numpy et matplotlib avec deux variables
#
# Ce notebook accompagne le chapitre « Python : numpy et matplotlib avec deux variables » de
# *Deepmath* (Bodin & Recher, Exo7). Chaque question a **ses propres paramètres** : ils
# dépendent de votre identifiant et sont affichés par la cellule `parametres(...)` de la
# question. Le correcteur utilise exactement ces paramètres.
#
# **Comment répondre.** Écrivez votre réponse à la place de `raise NotImplementedError()`.
# Un nombre, un tuple ou un tableau numpy se donne dans la variable indiquée ; une fonction se
# programme en Python avec numpy (`np`). Pour une **figure**, commencez la cellule par
# `fig_... = plt.figure()` : c'est cette figure qui est corrigée (ses données : points de la
# surface, niveaux et lignes de niveau…, jamais son image). Convention du cours : la grille
# est celle de `X, Y = np.meshgrid(VX, VY)` (indexation `'xy'`, la valeur par défaut), donc
# `Z[i, j] = f(VX[j], VY[i])` : la ligne `i` de `Z` correspond à `y = VY[i]`. Les cellules
# grisées sont protégées : toute modification y est annulée à la correction.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente,
# lisible et de la forme demandée — sans dire si elle est juste ; `verifier_syntaxe("...")`
# montre comment le correcteur lit une formule. Le bouton *Validate* de nbgrader affiche les
# mêmes remarques.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
import matplotlib.pyplot as plt

from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe

parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Un élément d'un tableau
#
# Un tableau à deux dimensions se lit ligne par ligne : `A[i, j]` est l'élément de la ligne
# `i` et de la colonne `j` (numérotées à partir de 0). Sans exécuter les commandes
# affichées, donnez (un entier) la valeur demandée dans `element`.

# %% [setup]
p = parametres("element_reshape")

# %% [answer element_reshape]
### BEGIN SOLUTION
element = p["s"] + p["i"] * p["n"] + p["j"]
### END SOLUTION

# %% [test element_reshape -> element]

# %% [markdown]
# ## 2. Une fonction sur une grille
#
# Construisez la grille `X, Y = np.meshgrid(VX, VY)` avec les vecteurs affichés et donnez dans
# `Z` le tableau des valeurs $f(x, y)$ sur cette grille.

# %% [setup]
p = parametres("grille_Z")

# %% [answer grille_Z]
### BEGIN SOLUTION
VX = np.linspace(0, 2, p["nx"])
VY = np.linspace(-1, 1, p["ny"])
X, Y = np.meshgrid(VX, VY)
Z = X + p["c"] * Y
### END SOLUTION

# %% [test grille_Z -> Z]

# %% [markdown]
# ## 3. Une tranche
#
# La tranche $y = y_0$ du graphe de $f$ est la fonction d'une variable $x \mapsto f(x, y_0)$.
# Avec la grille affichée, donnez dans `tranche` le vecteur de ses valeurs aux points `VX`
# (un vecteur numpy de longueur `len(VX)`), en le lisant dans le tableau `Z`.

# %% [setup]
p = parametres("coupe")

# %% [answer coupe]
### BEGIN SOLUTION
VX = np.linspace(-2, 2, p["nx"])
VY = np.linspace(-1, 3, p["ny"])
X, Y = np.meshgrid(VX, VY)
Z = X**2 - p["a"] * Y
tranche = Z[p["i"], :]
### END SOLUTION

# %% [test coupe -> tranche]

# %% [markdown]
# ## 4. Le minimum sur une grille
#
# Évaluez la fonction affichée sur la grille affichée et donnez, dans `point_min`, le couple
# `(x, y)` **des coordonnées** du point de la grille où elle est la plus petite
# (`np.argmin` et `np.unravel_index` peuvent servir).

# %% [setup]
p = parametres("minimum_grille")

# %% [answer minimum_grille]
### BEGIN SOLUTION
V = np.linspace(-3, 3, 13)
X, Y = np.meshgrid(V, V)
x0, y0 = p["x0"], p["y0"]
Z = (X - x0) ** 2 + 2 * (Y - y0) ** 2 + (X - x0) * (Y - y0) / 2
i, j = np.unravel_index(np.argmin(Z), Z.shape)
point_min = (float(X[i, j]), float(Y[i, j]))
### END SOLUTION

# %% [test minimum_grille -> point_min]

# %% [markdown]
# ## 5. Vectoriser une fonction
#
# La fonction `relu` ci-dessous contient un test `if` : elle accepte un nombre, mais pas un
# tableau. Construisez `relu_vec`, qui accepte un nombre, un vecteur ou un tableau et
# renvoie des **flottants** : par exemple `relu_vec(np.array([-1.0, 0.5, 2.7]))` doit valoir
# `[0. , 0.5, 2.7]`.

# %% [setup]
p = parametres("relu_vec")


def relu(x):
    if x >= 0:
        return x
    return 0

# %% [answer relu_vec]
### BEGIN SOLUTION
relu_vec = np.vectorize(relu, otypes=[np.float64])
### END SOLUTION

# %% [test relu_vec -> relu_vec]

# %% [markdown]
# ## 6. Le zéro et l'infini
#
# numpy ne s'arrête pas sur $1/0$ ou $\ln(-1)$ : il renvoie `inf`, `-inf` ou `nan` (avec un
# avertissement). Prévoyez le vecteur demandé et donnez-le dans `resultat` (un tableau
# numpy, avec `np.nan` là où il le faut).

# %% [setup]
p = parametres("exp_log")

# %% [answer exp_log]
### BEGIN SOLUTION
with np.errstate(all="ignore"):
    resultat = np.exp(np.log(np.array(p["X"], dtype=float)))
### END SOLUTION

# %% [test exp_log -> resultat]

# %% [markdown]
# ## 7. Un élément d'un `linspace`
#
# Sans afficher tout le vecteur, donnez (un flottant) la valeur demandée dans `valeur`.

# %% [setup]
p = parametres("linspace_element")

# %% [answer linspace_element]
### BEGIN SOLUTION
valeur = p["k"] * p["L"] / (p["N"] - 1)
### END SOLUTION

# %% [test linspace_element -> valeur]

# %% [markdown]
# ## 8. Le graphe d'une fonction de deux variables
#
# Dans `fig_surface = plt.figure()`, tracez en 3D (`ax = plt.axes(projection='3d')`, puis
# `ax.plot_surface(X, Y, Z)`) le graphe de la fonction affichée sur le carré affiché.

# %% [setup]
p = parametres("fig_surface")
plt.close("all")

# %% [answer fig_surface]
### BEGIN SOLUTION
fig_surface = plt.figure()
ax = plt.axes(projection="3d")
V = np.linspace(-p["r"], p["r"], 20)
X, Y = np.meshgrid(V, V)
ax.plot_surface(X, Y, X**2 - p["c"] * Y**2)
ax.view_init(40, -30)
### END SOLUTION

# %% [test fig_surface -> fig_surface]

# %% [markdown]
# ## 9. Lignes de niveau
#
# Dans `fig_niveaux = plt.figure()`, tracez avec `plt.contour(X, Y, Z, niveaux)` les lignes de
# niveau de la fonction affichée, pour **exactement** les niveaux demandés (le dernier
# compris). Vous pouvez afficher la valeur de chaque niveau avec `plt.clabel`.

# %% [setup]
p = parametres("fig_niveaux")
plt.close("all")

# %% [answer fig_niveaux]
### BEGIN SOLUTION
fig_niveaux = plt.figure()
V = np.linspace(-2, 2, 100)
X, Y = np.meshgrid(V, V)
Z = Y**3 + p["a"] * Y**2 - X**2
trace = plt.contour(X, Y, Z, np.arange(p["l0"], p["l1"] + 1))
plt.clabel(trace, inline=True, fontsize=8)
### END SOLUTION

# %% [test fig_niveaux -> fig_niveaux]

# %% [markdown]
# ## 10. La région où f est positive
#
# Les lignes de niveau servent à repérer les points où $f(x, y) \geq 0$. Sur la grille
# affichée, calculez la **proportion** (un nombre entre 0 et 1) des points où
# $f(x, y) \geq 0$ et donnez-la dans `proportion`.

# %% [setup]
p = parametres("fraction_positive")

# %% [answer fraction_positive]
### BEGIN SOLUTION
V = np.linspace(-2, 2, p["N"])
X, Y = np.meshgrid(V, V)
proportion = float(np.mean(Y**3 + p["a"] * Y**2 - X**2 >= 0))
### END SOLUTION

# %% [test fraction_positive -> proportion]
