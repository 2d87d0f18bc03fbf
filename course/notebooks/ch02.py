# %% [markdown]
# # Chapitre 2 — Python : numpy et matplotlib avec une variable
#
# Ce notebook accompagne le chapitre « Python : numpy et matplotlib avec une variable » de
# *Deepmath* (Bodin & Recher, Exo7). Chaque question a **ses propres paramètres** : ils
# dépendent de votre identifiant et sont affichés par la cellule `parametres(...)` de la
# question. Le correcteur utilise exactement ces paramètres.
#
# **Comment répondre.** Écrivez votre réponse à la place de `raise NotImplementedError()`.
# Un nombre ou une lettre se donne dans la variable indiquée ; une fonction se programme en
# Python avec numpy (`np`). Pour une **figure**, commencez la cellule par
# `fig_... = plt.figure()` puis tracez avec `plt` : c'est cette figure qui est corrigée (ses
# courbes, ses points, son titre, sa légende…, jamais son image). Les cellules grisées sont
# protégées : toute modification y est annulée à la correction.
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
# ## 1. Combien de valeurs ?
#
# `np.arange(a, b, pas)` fonctionne comme `range`, avec un pas qui peut ne pas être entier.
# Sans exécuter la commande affichée, prévoyez le nombre de valeurs du vecteur `X` et
# donnez-le (un entier) dans `nb_valeurs`. Vérifiez ensuite avec `len(X)`.

# %% [setup]
p = parametres("arange_longueur")

# %% [answer arange_longueur]
### BEGIN SOLUTION
nb_valeurs = round(p["m"] / p["s"])
### END SOLUTION

# %% [test arange_longueur -> nb_valeurs]

# %% [markdown]
# ## 2. L'écart de `linspace`
#
# `np.linspace(a, b, num=n)` découpe $[a, b]$ régulièrement. Calculez (à la main ou avec
# numpy) l'écart entre deux valeurs consécutives du vecteur affiché, un flottant, dans
# `ecart`.

# %% [setup]
p = parametres("linspace_pas")

# %% [answer linspace_pas]
### BEGIN SOLUTION
ecart = p["L"] / (p["n"] - 1)
### END SOLUTION

# %% [test linspace_pas -> ecart]

# %% [markdown]
# ## 3. Subdivision d'un intervalle
#
# Programmez `subdivision(a, b, n)` qui renvoie un vecteur numpy des $n$ valeurs
# régulièrement espacées de $a$ à $b$, **les deux bornes comprises** ($n \geq 2$).

# %% [setup]
p = parametres("subdivision")

# %% [answer subdivision]
### BEGIN SOLUTION
def subdivision(a, b, n):
    return np.linspace(a, b, num=n)
### END SOLUTION

# %% [test subdivision -> subdivision]

# %% [markdown]
# ## 4. Une formule qui agit sur un vecteur
#
# Programmez `amorti(x)` pour la fonction affichée ($\cos$ en radians). Elle doit accepter un
# nombre **ou un tableau numpy** (et renvoyer alors un tableau de même forme), sans boucle :
# numpy applique ses fonctions à chaque coordonnée.

# %% [setup]
p = parametres("amorti")

# %% [answer amorti]
### BEGIN SOLUTION
def amorti(x):
    return np.exp(-p["a"] * x) * np.cos(2 * np.pi * x)
### END SOLUTION

# %% [test amorti -> amorti]

# %% [markdown]
# ## 5. Degrés et radians
#
# Les fonctions trigonométriques de numpy travaillent en radians. Programmez `cos_deg(x)`,
# le cosinus d'un angle $x$ exprimé **en degrés** (nombre ou tableau). Par exemple
# `cos_deg(60)` vaut $0{,}5$ (aux erreurs d'arrondi près).

# %% [setup]
p = parametres("cos_degres")

# %% [answer cos_degres]
### BEGIN SOLUTION
def cos_deg(x):
    return np.cos(2 * np.pi / 360 * x)
### END SOLUTION

# %% [test cos_degres -> cos_deg]

# %% [markdown]
# ## 6. Une famille de sigmoïdes
#
# Programmez `f(x, k)` $= \dfrac{1}{1 + e^{-kx}}$, où $x$ est un nombre ou un tableau et $k$
# un nombre.

# %% [setup]
p = parametres("sigmoide_k")

# %% [answer sigmoide_k]
### BEGIN SOLUTION
def f(x, k):
    return 1 / (1 + np.exp(-k * x))
### END SOLUTION

# %% [test sigmoide_k -> f]

# %% [markdown]
# ## 7. Choisir la bonne commande
#
# Lisez les quatre commandes affichées et donnez dans `choix` la lettre (`"A"`, `"B"`, `"C"`
# ou `"D"`) de celle qui produit exactement les valeurs demandées. Réfléchissez d'abord,
# puis vérifiez en les exécutant.

# %% [setup]
p = parametres("choix_commande")

# %% [answer choix_commande]
### BEGIN SOLUTION
choix = "ABCD"[p["order"].index("ok")]
### END SOLUTION

# %% [test choix_commande -> choix]

# %% [markdown]
# ## 8. Tracé point par point
#
# Créez la figure `fig_points = plt.figure()`, puis **marquez** les six points $(x, y)$
# affichés, sans les relier entre eux, et nommez les axes `"x"` et `"y"` (`plt.xlabel`,
# `plt.ylabel`).

# %% [setup]
p = parametres("fig_points")
plt.close("all")

# %% [answer fig_points]
### BEGIN SOLUTION
fig_points = plt.figure()
X = np.array([0, 1, 2, 3, 4, 5])
Y = np.array(p["Y"])
plt.scatter(X, Y)
plt.xlabel("x")
plt.ylabel("y")
### END SOLUTION

# %% [test fig_points -> fig_points]

# %% [markdown]
# ## 9. La figure « Amorti »
#
# Dans `fig_amorti = plt.figure()`, tracez la fonction affichée sur l'intervalle affiché
# (avec assez de points pour une courbe lisse), avec le titre `"Amorti"`, un repère
# orthonormé, une grille, l'axe des $x$ limité à l'intervalle, et enregistrez l'image dans le
# fichier `amorti.png`.

# %% [setup]
p = parametres("fig_amorti")
plt.close("all")

# %% [answer fig_amorti]
### BEGIN SOLUTION
fig_amorti = plt.figure()
X = np.linspace(0, p["b"], num=200)
plt.plot(X, np.exp(-p["a"] * X) * np.cos(2 * np.pi * X))
plt.title("Amorti")
plt.axis("equal")
plt.grid()
plt.xlim(0, p["b"])
plt.savefig("amorti.png")
### END SOLUTION

# %% [test fig_amorti -> fig_amorti]

# %% [markdown]
# ## 10. Plusieurs courbes sur le même dessin
#
# Dans `fig_sigmoides = plt.figure()`, tracez sur $[-5, 5]$ les courbes $y = f_k(x)$ de la
# question 6 pour les valeurs de $k$ affichées (**la dernière comprise**). Chaque courbe porte
# l'étiquette `"k=…"` (par exemple `label="k=2"`) et la figure a une légende.

# %% [setup]
p = parametres("fig_sigmoides")
plt.close("all")

# %% [answer fig_sigmoides]
### BEGIN SOLUTION
fig_sigmoides = plt.figure()
X = np.linspace(-5, 5, num=100)
for k in range(p["k0"], p["k1"] + 1):
    plt.plot(X, 1 / (1 + np.exp(-k * X)), label=f"k={k}")
plt.legend()
### END SOLUTION

# %% [test fig_sigmoides -> fig_sigmoides]
