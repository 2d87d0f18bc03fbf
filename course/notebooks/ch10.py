# %% [markdown]
# # Chapitre 10 — Python : tensorflow avec keras, partie 2
#
# Ce notebook accompagne le chapitre « tensorflow avec keras (partie 2) » de *Deepmath*
# (Bodin & Recher, Exo7). Chaque question a **ses propres paramètres**, qui dépendent de votre
# identifiant : la cellule `parametres(...)` de la question les affiche, et le correcteur
# utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * Les réseaux sont des `keras.Sequential` commençant par `keras.Input(shape=(n,))`, suivis
#   de couches `Dense`. Disposition des poids de Keras : `coeff` a la forme
#   **(entrées, neurones)** (la colonne r est le neurone r), `biais` la forme (neurones,).
# * Les pertes de Keras sont des **moyennes** sur les données du lot (pas des sommes) ;
#   `ln` est le logarithme népérien.
# * Un codage « one-hot » a 10 colonnes : le chiffre k devient le vecteur qui vaut 1 en
#   position k (numérotée à partir de 0).
# * Les chiffres : à la place de MNIST (qu'il faudrait télécharger), les images 8×8 de
#   scikit-learn, niveaux de gris de 0 à 16. Le fichier `chiffres_entrainement.npz`, livré
#   avec le devoir, contient les 1000 images d'entraînement ; le correcteur mesure la réussite
#   de votre réseau sur **ses propres** images de test, que vous ne voyez pas.
# * **Entraînement.** La cellule d'entraînement passe par `entrainer_ou_charger(fichier,
#   entrainer, modele)` : pendant le TP, elle appelle `entrainer(modele)` puis enregistre les
#   poids dans `fichier`, à côté du notebook ; ce fichier part avec le notebook quand vous
#   soumettez, et la correction le recharge : elle ne ré-entraîne jamais.
#
# Les cellules grisées sont protégées : toute modification y est annulée à la correction.
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente et de
# la forme demandée — sans dire si elle est juste.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # np, parametres, verifier, ...
import keras
import tensorflow as tf
from keras import Input, Sequential
from keras.layers import Dense

parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Préparer les images
#
# Écrivez `preparation(images, etiquettes, gris_max)` : `images` est un tableau (N, h, w) de
# niveaux de gris entre 0 et `gris_max`, `etiquettes` la liste des N chiffres. Renvoyez
# `(X, Y)` : X de forme (N, h·w), à valeurs dans [0, 1] ; Y le codage one-hot, de forme (N, 10).

# %% [setup]
p = parametres("preparation")

# %% [answer preparation]
### BEGIN SOLUTION
def preparation(images, etiquettes, gris_max):
    images = np.asarray(images, dtype=float)
    X = images.reshape(len(images), -1) / gris_max
    Y = np.eye(10)[np.asarray(etiquettes, dtype=int)]
    return X, Y
### END SOLUTION

# %% [test preparation -> preparation]

# %% [markdown]
# ## 2. Le nombre de poids
#
# Combien de poids (coefficients et biais) a le réseau dense de tailles affichées ? Un entier.

# %% [setup]
p = parametres("nombre_poids")

# %% [answer nombre_poids]
### BEGIN SOLUTION
t = [p["n_in"]] + [p["p"]] * p["couches"] + [p["n_out"]]
nombre_poids = sum((t[k] + 1) * t[k + 1] for k in range(len(t) - 1))
### END SOLUTION

# %% [test nombre_poids -> nombre_poids]

# %% [markdown]
# ## 3. Le nombre de pas de gradient
#
# Chaque lot de `batch_size` données donne un pas de gradient ; une époque parcourt toutes les
# données. Combien de pas fait l'appel `fit` affiché ? Un entier.

# %% [setup]
p = parametres("nombre_pas")

# %% [answer nombre_pas]
### BEGIN SOLUTION
nombre_pas = p["epochs"] * (-(-p["N"] // p["K"]))
### END SOLUTION

# %% [test nombre_pas -> nombre_pas]

# %% [markdown]
# ## 4. L'activation softmax
#
# Écrivez `softmax(z)` pour un vecteur numpy `z` : le vecteur des $e^{z_i} / \sum_j e^{z_j}$.
# (Astuce : soustraire $\max z$ avant l'exponentielle ne change rien et évite les débordements.)

# %% [setup]
p = parametres("softmax")

# %% [answer softmax]
### BEGIN SOLUTION
def softmax(z):
    e = np.exp(np.asarray(z, dtype=float) - np.max(z))
    return e / e.sum()
### END SOLUTION

# %% [test softmax -> softmax]

# %% [markdown]
# ## 5. L'entropie croisée
#
# Écrivez `entropie_croisee(Y, P)` : Y (N, c) one-hot, P (N, c) des probabilités prédites ;
# c'est la perte `categorical_crossentropy` de Keras, la moyenne sur les N lignes de
# $-\sum_j Y_{ij} \ln P_{ij}$. Un nombre.

# %% [setup]
p = parametres("entropie_croisee")

# %% [answer entropie_croisee]
### BEGIN SOLUTION
def entropie_croisee(Y, P):
    return float(np.mean(-np.sum(np.asarray(Y) * np.log(np.asarray(P)), axis=1)))
### END SOLUTION

# %% [test entropie_croisee -> entropie_croisee]

# %% [markdown]
# ## 6. Le gradient de la perte avec `tf.GradientTape`
#
# Le livre récupère le gradient avec `get_weights_grad(modele, X, Y)` : la liste des dérivées
# de la perte par rapport à chaque poids, rangée comme `get_weights()`. Écrivez
# `gradient_poids(poids, X, Y)` qui fait la même chose à partir des poids seuls, pour le
# réseau affiché (couches cachées relu, sortie linéaire, perte `mean_squared_error`, donc
# une **moyenne** sur les N données) :
# * `poids = [coeff0, biais0, coeff1, biais1, coeff2, biais2]`, dans la disposition de
#   Keras (coeff de forme (entrées, neurones)) ; `X` de forme (N, entrées), `Y` de forme (N, 1) ;
# * la fonction renvoie `[gradient de coeff0, gradient de biais0, …]`, chaque gradient de la
#   forme du poids correspondant.
#
# Par exemple : construisez le modèle `Sequential` dont les tailles se lisent sur les formes
# des poids, donnez-lui ces poids (`set_weights`), puis calculez la perte sous un
# `tf.GradientTape()` et dérivez-la par rapport à `modele.trainable_variables`. Le
# correcteur appelle votre fonction sur **ses propres** réseaux et données, tirés au hasard,
# et compare avec la rétropropagation et les différences finies.

# %% [setup]
p = parametres("gradient_poids")

# %% [answer gradient_poids]
### BEGIN SOLUTION
def gradient_poids(poids, X, Y):
    coeffs = poids[0::2]
    activations = ["relu"] * (len(coeffs) - 1) + ["linear"]
    modele = Sequential([Input(shape=(coeffs[0].shape[0],))]
                        + [Dense(W.shape[1], activation=a)
                           for W, a in zip(coeffs, activations, strict=True)])
    modele.set_weights(poids)
    with tf.GradientTape() as tape:
        perte = keras.losses.MeanSquaredError()(Y, modele(X))
    return [g.numpy() for g in tape.gradient(perte, modele.trainable_variables)]
### END SOLUTION

# %% [test gradient_poids -> gradient_poids]

# %% [markdown]
# ## 7. Un pas de gradient à la main
#
# Écrivez `pas_gradient(poids, X, Y, delta)` : les poids après **un** pas de descente
# $w \leftarrow w - \delta \nabla L(w)$, pour le même type de réseau (utilisez votre
# `gradient_poids`). Le résultat est une liste de même structure que `poids`.

# %% [setup]
p = parametres("pas_gradient")

# %% [answer pas_gradient]
### BEGIN SOLUTION
def pas_gradient(poids, X, Y, delta):
    gradient = gradient_poids(poids, X, Y)
    return [w - delta * g for w, g in zip(poids, gradient, strict=True)]
### END SOLUTION

# %% [test pas_gradient -> pas_gradient]

# %% [markdown]
# ## 8. Entraîner un classifieur de chiffres
#
# Chargez les images d'entraînement (`np.load("chiffres_entrainement.npz")`, tableaux
# `images` et `etiquettes`), préparez-les (question 1, gris maximal 16), puis construisez le
# réseau `classifieur` affiché (64 entrées, deux couches sigmoïde de p neurones, 10 sorties
# softmax), compilez-le avec la perte `categorical_crossentropy` et entraînez-le avec `fit`.
# Conseil : l'optimiseur `keras.optimizers.Adam(learning_rate=0.01)`, `batch_size=32` et une
# trentaine d'époques suffisent (quelques secondes) ; `'sgd'` est beaucoup trop lent ici.
# Placez l'appel à `fit` dans une fonction `entrainer(modele)` et terminez par
# `entrainer_ou_charger("classifieur.npz", entrainer, classifieur)` (voir les conventions).
# Le correcteur mesure la réussite sur **ses** images de test, jamais vues.

# %% [setup]
p = parametres("classifieur")

# %% [answer classifieur]
### BEGIN SOLUTION
donnees = np.load("chiffres_entrainement.npz")
X_train, Y_train = preparation(donnees["images"], donnees["etiquettes"], 16)
keras.utils.set_random_seed(0)
classifieur = Sequential([Input(shape=(64,)), Dense(p["p"], activation="sigmoid"),
                          Dense(p["p"], activation="sigmoid"), Dense(10, activation="softmax")])
classifieur.compile(loss="categorical_crossentropy",
                    optimizer=keras.optimizers.Adam(learning_rate=0.01), metrics=["accuracy"])


def entrainer(modele):
    modele.fit(X_train, Y_train, batch_size=32, epochs=30, verbose=0)


entrainer_ou_charger("classifieur.npz", entrainer, classifieur)
### END SOLUTION

# %% [test classifieur -> classifieur]

# %% [markdown]
# ## 9. Un sac de mots
#
# Écrivez `vectorisation(indices, n)` : `indices` est la liste des numéros (à partir de 0) des
# mots d'un texte ; renvoyez le vecteur numpy de taille n qui vaut 1 à chaque indice présent
# (une seule fois, même si le mot est répété) et 0 ailleurs.

# %% [setup]
p = parametres("sac_de_mots")

# %% [answer sac_de_mots]
### BEGIN SOLUTION
def vectorisation(indices, n):
    v = np.zeros(n)
    for i in indices:
        v[i] = 1.0
    return v
### END SOLUTION

# %% [test sac_de_mots -> vectorisation]
