# %% [markdown]
# # Chapitre 15 — Tenseurs
#
# Ce notebook accompagne le chapitre « Tenseurs » de *Deepmath* (Bodin & Recher, Exo7). Chaque
# question a **ses propres paramètres**, qui dépendent de votre identifiant : la cellule
# `parametres(...)` de la question les affiche, et le correcteur utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * Un tenseur est un tableau numpy : sa **dimension** est `T.ndim` (le nombre d'axes, rien à
#   voir avec le rang d'une matrice), sa **taille** est `T.shape`, son **nombre d'éléments**
#   est `T.size`.
# * Les indices commencent à 0, comme en Python.
# * `flatten` et `reshape` lisent et remplissent le tenseur dans l'**ordre C** : c'est le
#   **dernier** indice qui varie le plus vite. L'ordre « Fortran » (le premier indice le plus
#   rapide) est une erreur repérée par le correcteur.
# * Les images sont rangées comme pour Keras : l'axe du lot en premier, le canal en dernier
#   (une image en niveaux de gris a un canal de longueur 1).
# * 1 Mo = 10⁶ octets, comme dans le livre ; un élément occupe 1 octet en `uint8`, 4 en
#   `float32`, 8 en `float64`.
# * Les dérivées se calculent avec `tf.GradientTape` de TensorFlow (ce notebook utilise le
#   noyau TensorFlow) ; rendez des nombres ou des tableaux numpy (`.numpy()`).
#
# Les cellules grisées sont protégées : toute modification y est annulée à la correction.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente,
# lisible et de la forme demandée — sans dire si elle est juste.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe

parametres()  # l'énoncé personnalisé de chaque question

# %% [setup]
# TensorFlow (cellule protégée : l'import prend quelques secondes)
import tensorflow as tf  # noqa: E402

# %% [markdown]
# ## 1. Vocabulaire
#
# Un jeu de données est formé des images affichées. Donnez le triplet
# `(dimension, taille, nombre_d_elements)` du tenseur qui les contient toutes, rangées comme
# pour une couche `Conv2D` : la taille est un tuple d'entiers.

# %% [setup]
p = parametres("vocabulaire")

# %% [answer vocabulaire]
### BEGIN SOLUTION
canaux = 3 if p["couleur"] else 1
taille = (p["N"], p["h"], p["h"], canaux)
vocabulaire = (len(taille), taille, int(np.prod(taille)))
### END SOLUTION

# %% [test vocabulaire -> vocabulaire]

# %% [markdown]
# ## 2. Aplatir avec des boucles
#
# Programmez `aplatir(T)` qui renvoie un tableau numpy de dimension 1 contenant les éléments
# de `T` dans l'ordre de `T.flatten()`, **sans** utiliser `flatten`, `ravel` ni `reshape` :
# parcourez les indices avec des boucles (par exemple `itertools.product`). `T` peut avoir
# n'importe quelle dimension.

# %% [setup]
p = parametres("aplatir")

# %% [answer aplatir]
### BEGIN SOLUTION
import itertools  # noqa: E402


def aplatir(T):
    T = np.asarray(T)
    indices = itertools.product(*[range(n) for n in T.shape])  # dernier indice le plus rapide
    return np.array([T[i] for i in indices], dtype=T.dtype)
### END SOLUTION

# %% [test aplatir -> aplatir]

# %% [markdown]
# ## 3. Changer la taille
#
# Sans exécuter `np.reshape`, écrivez le résultat de `np.reshape(T, (k, -1))` pour le tenseur
# `T` affiché (un tableau numpy ou une liste de listes). Rappel : le « −1 » est déduit du
# nombre d'éléments.

# %% [setup]
p = parametres("redimensionner")

# %% [answer redimensionner]
### BEGIN SOLUTION
elements = [v for matrice in p["T"] for ligne in matrice for v in ligne]  # ordre C
colonnes = len(elements) // p["k"]
redimensionner = np.array([elements[i * colonnes:(i + 1) * colonnes] for i in range(p["k"])])
### END SOLUTION

# %% [test redimensionner -> redimensionner]

# %% [markdown]
# ## 4. Regrouper deux tenseurs
#
# Donnez `np.concatenate((A, B), axis=...)` pour les matrices et l'axe affichés.

# %% [setup]
p = parametres("concatener")

# %% [answer concatener]
### BEGIN SOLUTION
if p["axe"] == 0:
    concatener = np.array(p["A"] + p["B"])
else:
    concatener = np.array([ligne_a + ligne_b
                           for ligne_a, ligne_b in zip(p["A"], p["B"], strict=True)])
### END SOLUTION

# %% [test concatener -> concatener]

# %% [markdown]
# ## 5. Lire un sous-tenseur
#
# Pour le 3-tenseur `T` affiché, donnez le sous-tenseur demandé (une matrice). Dans
# `T[i, j, k]`, le premier indice choisit une matrice, le deuxième une ligne, le troisième une
# colonne ; `:` garde l'axe entier.

# %% [setup]
p = parametres("sous_tenseur")

# %% [answer sous_tenseur]
### BEGIN SOLUTION
T = np.array(p["T"])
sous_tenseur = np.take(T, p["i"], axis=p["axe"])
### END SOLUTION

# %% [test sous_tenseur -> sous_tenseur]

# %% [markdown]
# ## 6. Place en mémoire
#
# Combien de mégaoctets (1 Mo = 10⁶ octets) occupent les éléments du tenseur affiché ? Un
# nombre.

# %% [setup]
p = parametres("memoire")

# %% [answer memoire]
### BEGIN SOLUTION
octets = {"uint8": 1, "float32": 4, "float64": 8}[p["dtype"]]
memoire = p["N"] * p["h"] * p["h"] * p["c"] * octets / 10**6
### END SOLUTION

# %% [test memoire -> memoire]

# %% [markdown]
# ## 7. Dérivée avec `GradientTape`
#
# Avec `tf.GradientTape`, calculez les dérivées $f'(x)$ de la fonction affichée aux points
# `x = tf.range(début, fin, pas)` (un tenseur constant : pensez à `tape.watch(x)`). Rendez le
# tableau numpy des dérivées (`.numpy()`).

# %% [setup]
p = parametres("derivee_tape")

# %% [answer derivee_tape]
### BEGIN SOLUTION
xs = tf.range(float(p["debut"]), float(p["debut"] + 3), p["pas"], dtype=tf.float64)
with tf.GradientTape() as tape:
    tape.watch(xs)
    ys = p["a"] * tf.math.log(xs) + tf.math.exp(-p["b"] * xs)
derivee_tape = tape.gradient(ys, xs).numpy()
### END SOLUTION

# %% [test derivee_tape -> derivee_tape]

# %% [markdown]
# ## 8. Gradient en un point
#
# Avec `tf.GradientTape` et deux `tf.Variable`, calculez le gradient
# $\nabla f(x_0, y_0) = \left(\frac{\partial f}{\partial x}, \frac{\partial f}{\partial y}\right)$
# de la fonction affichée. Rendez un couple de deux nombres (`float`).

# %% [setup]
p = parametres("gradient")

# %% [answer gradient]
### BEGIN SOLUTION
vx, vy = tf.Variable(float(p["x0"]), dtype=tf.float64), tf.Variable(float(p["y0"]),
                                                                     dtype=tf.float64)
with tf.GradientTape() as tape:
    z = vx ** p["m"] * vy ** p["n"]
dfx, dfy = tape.gradient(z, [vx, vy])
gradient = (float(dfx.numpy()), float(dfy.numpy()))
### END SOLUTION

# %% [test gradient -> gradient]

# %% [markdown]
# ## 9. Produit élément par élément
#
# Pour les matrices affichées, donnez `A * B` (numpy) sans l'exécuter : un tableau ou une
# liste de listes.

# %% [setup]
p = parametres("produit_terme_a_terme")

# %% [answer produit_terme_a_terme]
### BEGIN SOLUTION
produit_terme_a_terme = [[a * b for a, b in zip(ligne_a, ligne_b, strict=True)]
                         for ligne_a, ligne_b in zip(p["A"], p["B"], strict=True)]
### END SOLUTION

# %% [test produit_terme_a_terme -> produit_terme_a_terme]

# %% [markdown]
# ## 10. Aplatir un lot
#
# Un lot d'images de la taille affichée passe dans une couche `keras.layers.Flatten()`.
# Quelle est la taille (un tuple) de la sortie ?

# %% [setup]
p = parametres("aplatir_lot")

# %% [answer aplatir_lot]
### BEGIN SOLUTION
aplatir_lot = (p["N"], p["h"] * p["h"] * p["c"])
### END SOLUTION

# %% [test aplatir_lot -> aplatir_lot]
