# %% [markdown]
# # Chapitre 11 — Convolution : une dimension
#
# Ce notebook accompagne le chapitre « Convolution : une dimension » de *Deepmath* (Bodin &
# Recher, Exo7). Chaque question a **ses propres paramètres**, qui dépendent de votre
# identifiant : la cellule `parametres(...)` de la question les affiche, et le correcteur
# utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * La convolution $f \star g$ **retourne le motif** $g$, le centre sur chaque terme de $f$,
#   multiplie les termes en face et additionne ; au bord on ajoute des **zéros virtuels**. La
#   liste obtenue a la même longueur que $f$ (convolution *tronquée*, `'same'` en numpy).
# * Un motif de **longueur paire** reçoit un 0 **au début** avant d'être retourné :
#   $[4, 5]$ se calcule comme $[0, 4, 5]$, qui retourné donne $[5, 4, 0]$.
# * La convolution *étendue* $f \tilde\star g$ garde tous les termes non nuls :
#   $n + m - 1$ termes pour des listes de longueurs $n$ et $m$ (`'full'` en numpy).
# * Les listes se donnent comme listes Python ou tableaux numpy de nombres.
#
# Le correcteur essaie vos fonctions sur des entrées qu'il choisit (des impulsions, des motifs
# non symétriques) : une corrélation (motif non retourné) n'y passe pas pour une convolution.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente et de
# la forme demandée — sans dire si elle est juste. Le bouton *Validate* de nbgrader affiche les
# mêmes remarques.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe

parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Une convolution à la main
#
# Calculez $f \star g$ pour les listes affichées (motif de longueur 3) et rangez le résultat
# dans `produit_convolution` (une liste de nombres, de la longueur de $f$).

# %% [setup]
p = parametres("produit_convolution")

# %% [answer produit_convolution]
### BEGIN SOLUTION
f, g = p["f"], p["g"][::-1]
fz = [0] + f + [0]
produit_convolution = [sum(fz[i + j] * g[j] for j in range(3)) for i in range(len(f))]
### END SOLUTION

# %% [test produit_convolution -> produit_convolution]

# %% [markdown]
# ## 2. Un motif de longueur paire
#
# Même question avec un motif de longueur 2 : appliquez la règle du livre (un 0 ajouté au
# début du motif, puis retournement).

# %% [setup]
p = parametres("motif_pair")

# %% [answer motif_pair]
### BEGIN SOLUTION
f, g = p["f"], ([0] + p["g"])[::-1]
fz = [0] + f + [0]
motif_pair = [sum(fz[i + j] * g[j] for j in range(3)) for i in range(len(f))]
### END SOLUTION

# %% [test motif_pair -> motif_pair]

# %% [markdown]
# ## 3. Programmer la convolution
#
# Programmez `convolution(f, g)` qui renvoie $f \star g$ (un tableau numpy ou une liste de
# `len(f)` nombres) pour toute liste $f$ et tout motif $g$ avec `len(g) <= len(f)`, de longueur
# paire ou impaire. Écrivez vous-même les boucles (l'exercice est là ; `np.convolve` vous
# servira ensuite à vérifier).

# %% [setup]
p = parametres("convolution")

# %% [answer convolution]
### BEGIN SOLUTION
def convolution(f, g):
    f = [float(v) for v in f]
    g = [float(v) for v in g]
    if len(g) % 2 == 0:
        g = [0.0] + g  # règle du livre : un 0 au début du motif
    g = g[::-1]
    k = len(g) // 2
    fz = [0.0] * k + f + [0.0] * k
    return np.array([sum(fz[i + j] * g[j] for j in range(len(g))) for i in range(len(f))])
### END SOLUTION

# %% [test convolution -> convolution]

# %% [markdown]
# ## 4. La convolution étendue
#
# Programmez `convolution_etendue(f, g)` qui renvoie les $n + m - 1$ termes de
# $f \tilde\star g$ : le terme de rang $k$ vaut $\sum_{i + j = k} f(i)\, g(j)$.

# %% [setup]
p = parametres("convolution_etendue")

# %% [answer convolution_etendue]
### BEGIN SOLUTION
def convolution_etendue(f, g):
    h = np.zeros(len(f) + len(g) - 1)
    for i, a in enumerate(f):
        for j, b in enumerate(g):
            h[i + j] += a * b
    return h
### END SOLUTION

# %% [test convolution_etendue -> convolution_etendue]

# %% [markdown]
# ## 5. Motif d'une translation
#
# Le motif $[0, 0, 1]$ décale une liste d'un cran vers la droite. Donnez dans
# `motif_translation` un motif qui réalise le décalage affiché (le correcteur juge votre motif
# à son effet sur des listes qu'il choisit : plusieurs motifs équivalents conviennent).

# %% [setup]
p = parametres("motif_translation")

# %% [answer motif_translation]
### BEGIN SOLUTION
d = p["d"]
motif_translation = [0] * (2 * abs(d) + 1)
motif_translation[-1 if d > 0 else 0] = 1
### END SOLUTION

# %% [test motif_translation -> motif_translation]

# %% [markdown]
# ## 6. Motif d'une dérivée discrète
#
# Donnez un motif $g$ de longueur 3 tel que $(f \star g)(n)$ soit la combinaison affichée
# (avec des zéros virtuels au bord).

# %% [setup]
p = parametres("motif_difference")

# %% [answer motif_difference]
### BEGIN SOLUTION
# (f ⋆ [g0, g1, g2])(n) = g0·f(n+1) + g1·f(n) + g2·f(n−1) : le motif est retourné
coefficients = {"arriere": [0, 1, -1], "avant": [1, -1, 0], "centree": [1, 0, -1]}
motif_difference = [p["k"] * c for c in coefficients[p["kind"]]]
### END SOLUTION

# %% [test motif_difference -> motif_difference]

# %% [markdown]
# ## 7. Dérivée et bord
#
# Le livre calcule $[16, 9, 4, 1, 0, 1, 4, 9, 16] \star [0, 1, -1]
# = [16, -7, -5, -3, -1, 1, 3, 5, 7]$ : le terme de rang $n$ vaut $f(n) - f(n-1)$ avec
# $f(-1) = 0$ (le livre l'écrit $f(n+1) - f(n)$, la même suite décalée d'un indice ; c'est la
# liste calculée qui compte ici). Calculez de même $f \star [0, 1, -1]$ pour votre liste.

# %% [setup]
p = parametres("derivee_bord")

# %% [answer derivee_bord]
### BEGIN SOLUTION
f = [(n - p["c"]) ** 2 for n in range(9)]
derivee_bord = [f[0]] + [f[n] - f[n - 1] for n in range(1, 9)]
### END SOLUTION

# %% [test derivee_bord -> derivee_bord]

# %% [markdown]
# ## 8. Une couche de convolution
#
# Une couche de convolution de motif $[a, b, c]$ a un neurone par terme de l'entrée ; le
# neurone relié à $x, y, z$ (de gauche à droite) calcule $\phi(xc + yb + za)$. Avec
# $\phi = \mathrm{ReLU}$, donnez dans `couche_relu` la liste des sorties de la couche pour
# l'entrée affichée (zéros virtuels au bord).

# %% [setup]
p = parametres("couche_relu")

# %% [answer couche_relu]
### BEGIN SOLUTION
a, b, c = p["g"]
fz = [0] + p["f"] + [0]
couche_relu = [max(0, fz[i] * c + fz[i + 1] * b + fz[i + 2] * a) for i in range(len(p["f"]))]
### END SOLUTION

# %% [test couche_relu -> couche_relu]

# %% [markdown]
# ## 9. La matrice d'une couche
#
# L'application $f \mapsto f \star g$ est linéaire : c'est $f \mapsto W f$ pour une matrice
# $W$ de taille $n \times n$. Donnez `matrice_couche` (tableau numpy) pour le motif et la
# longueur $n$ affichés.

# %% [setup]
p = parametres("matrice_couche")

# %% [answer matrice_couche]
### BEGIN SOLUTION
a, b, c = p["g"]
n = p["n"]
matrice_couche = np.zeros((n, n))
for i in range(n):
    matrice_couche[i, i] = b
    if i > 0:
        matrice_couche[i, i - 1] = c
    if i < n - 1:
        matrice_couche[i, i + 1] = a
### END SOLUTION

# %% [test matrice_couche -> matrice_couche]

# %% [markdown]
# ## 10. Combien de poids ?
#
# Donnez le couple `(poids_dense, poids_convolution)` : le nombre de poids d'une couche
# complètement connectée de $n$ neurones sur une entrée de taille $n$, puis celui d'une couche
# de convolution de motif de la longueur affichée (sans biais dans les deux cas).

# %% [setup]
p = parametres("nombre_poids")

# %% [answer nombre_poids]
### BEGIN SOLUTION
nombre_poids = (p["n"] ** 2, p["k"])
### END SOLUTION

# %% [test nombre_poids -> nombre_poids]

# %% [markdown]
# ## 11. La définition avec les rangs
#
# Pour des suites $(f(n))$ et $(g(n))$ indexées par $\mathbb{Z}$,
# $f \tilde\star g(n) = \sum_k f(n - k)\, g(k)$. Avec les termes affichés (les autres sont
# nuls ; $g$ est donné aux rangs $-1, 0, 1$), calculez la valeur demandée.

# %% [setup]
p = parametres("suite_convolution")

# %% [answer suite_convolution]
### BEGIN SOLUTION
f = dict(enumerate(p["f"]))
g = {-1: p["g"][0], 0: p["g"][1], 1: p["g"][2]}
suite_convolution = sum(f.get(p["n0"] - k, 0) * g[k] for k in g)
### END SOLUTION

# %% [test suite_convolution -> suite_convolution]
