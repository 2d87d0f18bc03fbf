# %% [markdown]
# # Chapitre 6 — Python : tensorflow avec keras, partie 1
#
# Ce notebook accompagne le chapitre « tensorflow avec keras (partie 1) » de *Deepmath*
# (Bodin & Recher, Exo7). Chaque question a **ses propres paramètres**, qui dépendent de votre
# identifiant : la cellule `parametres(...)` de la question les affiche, et le correcteur
# utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * Un réseau est un `keras.Sequential` qui commence par `keras.Input(shape=(n,))` puis des
#   couches `keras.layers.Dense(neurones, activation=...)`. Pas de couche personnalisée : le
#   correcteur lit l'architecture et les poids de votre modèle, et recalcule lui-même ses
#   sorties.
# * **Disposition des poids de Keras** : `model.layers[k].set_weights([coeff, biais])` où
#   `coeff` a la forme **(entrées, neurones)** — la colonne `r` contient les coefficients du
#   neurone `r` (le livre dit « par entrée ») — et `biais` a la forme (neurones,). Au
#   chapitre 5 on écrivait au contraire une ligne par neurone : c'est la transposée.
# * La fonction de Heaviside vaut $H(x) = 1$ si $x \geq 0$ et $0$ sinon : **$H(0) = 1$**.
#   Comme activation, c'est une fonction Python nommée `heaviside` (question 4), utilisée sans
#   guillemets : `Dense(1, activation=heaviside)`.
# * Les poids d'un réseau sont ses coefficients **et** ses biais.
#
# Les cellules grisées sont protégées : toute modification y est annulée à la correction.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente et de
# la forme demandée — sans dire si elle est juste.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # np, parametres, verifier, ...
import keras
from keras import Input, Sequential
from keras.layers import Dense

parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Construire un réseau et fixer ses poids
#
# Construisez `reseau` : deux entrées, une couche de deux neurones ReLU, puis un neurone de
# sortie dont l'activation est affichée. Donnez à chaque neurone les coefficients et le biais
# affichés, avec `set_weights` (attention à la disposition des poids de Keras).

# %% [setup]
p = parametres("reseau")

# %% [answer reseau]
### BEGIN SOLUTION
reseau = Sequential([Input(shape=(2,)), Dense(2, activation="relu"),
                     Dense(1, activation=p["act"])])
coeff0 = np.array([p["n0"], p["n1"]], dtype=float).T  # colonne r = neurone r
reseau.layers[0].set_weights([coeff0, np.array([p["b0"], p["b1"]], dtype=float)])
reseau.layers[1].set_weights([np.array(p["sortie"], dtype=float).reshape(2, 1),
                              np.array([p["bs"]], dtype=float)])
### END SOLUTION

# %% [test reseau -> reseau]

# %% [markdown]
# ## 2. Évaluer un réseau
#
# Le réseau affiché a deux entrées, trois neurones (sigmoïde) puis un neurone de sortie
# (sigmoïde) ; ses poids sont donnés au format de Keras. Construisez-le et calculez
# $F(x, y)$ au point affiché avec `predict` (ou `model(...)`) : un nombre `sortie`.

# %% [setup]
p = parametres("sortie")

# %% [answer sortie]
### BEGIN SOLUTION
m = Sequential([Input(shape=(2,)), Dense(3, activation="sigmoid"),
                Dense(1, activation="sigmoid")])
m.layers[0].set_weights([np.array(p["coeff"], dtype=float), np.array(p["biais"], dtype=float)])
m.layers[1].set_weights([np.array(p["sortie"], dtype=float).reshape(3, 1),
                         np.array([p["bs"]], dtype=float)])
sortie = float(m.predict(np.array([p["x"]], dtype=float), verbose=0)[0, 0])
### END SOLUTION

# %% [test sortie -> sortie]

# %% [markdown]
# ## 3. Des neurones au format de Keras
#
# Écrivez `vers_keras(neurones)` : `neurones` est une liste de couples
# `(coefficients, biais)`, un par neurone d'une même couche (comme on les écrit à la main) ;
# la fonction renvoie le couple `(coeff, biais)` de tableaux numpy que `set_weights` attend.

# %% [setup]
p = parametres("vers_keras")

# %% [answer vers_keras]
### BEGIN SOLUTION
def vers_keras(neurones):
    coeff = np.array([list(c) for c, _ in neurones], dtype=float).T
    return coeff, np.array([float(b) for _, b in neurones])
### END SOLUTION

# %% [test vers_keras -> vers_keras]

# %% [markdown]
# ## 4. La fonction de Heaviside
#
# Écrivez `heaviside(x)` qui applique $H$ (avec $H(0) = 1$) élément par élément et renvoie un
# tableau de même forme. Elle doit aussi fonctionner sur les tenseurs de Keras, pour servir
# d'activation : utilisez `keras.ops` (par exemple `keras.ops.where`).

# %% [setup]
p = parametres("heaviside")

# %% [answer heaviside]
### BEGIN SOLUTION
def heaviside(x):
    return keras.ops.where(x >= 0, keras.ops.ones_like(x), keras.ops.zeros_like(x))
### END SOLUTION

# %% [test heaviside -> heaviside]

# %% [markdown]
# ## 5. Un neurone de Heaviside
#
# Construisez `demi_droite`, un réseau à une entrée et un seul neurone d'activation
# `heaviside`, qui vaut 1 exactement sur la demi-droite affichée (frontière comprise) et 0
# ailleurs.

# %% [setup]
p = parametres("demi_droite")

# %% [answer demi_droite]
### BEGIN SOLUTION
s = -1.0 if p["sens"] == "<=" else 1.0
demi_droite = Sequential([Input(shape=(1,)), Dense(1, activation=heaviside)])
demi_droite.layers[0].set_weights([np.array([[s]]), np.array([-s * p["c"]])])
### END SOLUTION

# %% [test demi_droite -> demi_droite]

# %% [markdown]
# ## 6. Deux couches de Heaviside : un secteur
#
# Construisez `secteur` : deux entrées $(x, y)$, deux neurones `heaviside`, puis un neurone
# de sortie `heaviside`, qui vaut 1 exactement sur l'intersection des deux demi-plans fermés
# affichés, et 0 ailleurs.

# %% [setup]
p = parametres("secteur")

# %% [answer secteur]
### BEGIN SOLUTION
secteur = Sequential([Input(shape=(2,)), Dense(2, activation=heaviside),
                      Dense(1, activation=heaviside)])
secteur.layers[0].set_weights([np.array([p["u"], p["v"]], dtype=float).T, np.zeros(2)])
secteur.layers[1].set_weights([np.ones((2, 1)), np.array([-2.0])])
### END SOLUTION

# %% [test secteur -> secteur]

# %% [markdown]
# ## 7. Compter les poids
#
# Combien de poids (coefficients et biais) a le réseau dense de tailles affichées ? Un entier ;
# vous pouvez vérifier avec `model.count_params()`.

# %% [setup]
p = parametres("nombre_poids")

# %% [answer nombre_poids]
### BEGIN SOLUTION
t = p["tailles"]
nombre_poids = sum((t[k] + 1) * t[k + 1] for k in range(len(t) - 1))
### END SOLUTION

# %% [test nombre_poids -> nombre_poids]

# %% [markdown]
# ## 8. Un réseau qui reconnaît un cube
#
# Construisez `cube` : trois entrées $(x, y, z)$, six neurones `heaviside` (un par face), puis
# un neurone de sortie `heaviside`, qui vaut 1 exactement sur le cube fermé affiché et 0
# ailleurs.

# %% [setup]
p = parametres("cube")

# %% [answer cube]
### BEGIN SOLUTION
c = p["c"]
faces = np.array([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], float)
cube = Sequential([Input(shape=(3,)), Dense(6, activation=heaviside),
                   Dense(1, activation=heaviside)])
cube.layers[0].set_weights([faces.T, np.full(6, float(c))])
cube.layers[1].set_weights([np.ones((6, 1)), np.array([-6.0])])
### END SOLUTION

# %% [test cube -> cube]
