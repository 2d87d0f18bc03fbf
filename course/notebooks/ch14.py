# %% [markdown]
# # Chapitre 14 — Convolution avec tensorflow/keras
#
# Ce notebook accompagne le chapitre « Convolution avec tensorflow/keras » de *Deepmath*
# (Bodin & Recher, Exo7). Chaque question a **ses propres paramètres**, qui dépendent de votre
# identifiant : la cellule `parametres(...)` de la question les affiche, et le correcteur
# utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * On écrit les réseaux avec l'API de **Keras 3** (`import keras`, `keras.Sequential`,
#   `keras.layers.Conv2D`, …), sans appel à `tf.*` : le même code tourne sur tout moteur de
#   Keras.
# * Les canaux sont rangés **en dernier** : une image en niveaux de gris 28 × 28 est un tableau
#   (28, 28, 1), une image couleur (32, 32, 3). Les formes demandées s'écrivent **sans l'axe
#   du lot** (le `None` de `model.summary()`).
# * Sauf mention contraire, `Conv2D` utilise `padding='same'` (la taille est conservée) et un
#   pas de 1 ; `MaxPooling2D(k)` garde les blocs k × k complets (bords incomplets abandonnés).
# * Les **poids** comptent les coefficients **et** les biais, comme dans le livre.
# * **Keras calcule une corrélation** : la sortie de `Conv2D` en (i, j) est
#   $\sum_{u,v} A[i+u-1, j+v-1]\, K[u, v]$ (noyau 3 × 3, zéros autour de l'image), sans
#   retourner le noyau — alors que la convolution $A \star M$ du livre retourne le motif.
#   Le livre parle de « convolution » pour ces couches : c'est sans importance pour
#   l'apprentissage (les poids sont appris), mais pas quand on charge des poids donnés.
# * **Entraînement.** La cellule d'entraînement passe par `entrainer_ou_charger(fichier,
#   entrainer, modele)` : pendant le TP, elle appelle `entrainer(modele)` puis enregistre les poids
#   dans `fichier`, à côté du notebook ; ce fichier part avec le notebook quand vous
#   soumettez, et la correction le recharge : elle ne ré-entraîne jamais.
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
# Keras 3 (cellule protégée : l'import prend quelques secondes)
import keras  # noqa: E402

# %% [markdown]
# ## 1. Les poids d'une couche de convolution
#
# Combien de poids a la couche `Conv2D` affichée ? Calculez-le à la main (puis vérifiez avec
# `count_params()` si vous voulez). Un entier.

# %% [setup]
p = parametres("poids_couche")

# %% [answer poids_couche]
### BEGIN SOLUTION
poids_couche = (p["k"] * p["k"] * p["c"] + 1) * p["filtres"]
### END SOLUTION

# %% [test poids_couche -> poids_couche]

# %% [markdown]
# ## 2. Le réseau du livre pour les chiffres
#
# Construisez avec Keras le réseau affiché (deux convolutions, un aplatissement, une couche
# dense de sortie) et donnez son nombre total de poids (un entier).

# %% [setup]
p = parametres("poids_mnist")

# %% [answer poids_mnist]
### BEGIN SOLUTION
modele = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(p["f1"], kernel_size=3, padding="same", activation="relu"),
    keras.layers.Conv2D(p["f2"], kernel_size=3, padding="same", activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation="softmax"),
])
poids_mnist = modele.count_params()
### END SOLUTION

# %% [test poids_mnist -> poids_mnist]

# %% [markdown]
# ## 3. Le réseau CIFAR-10, avec et sans pooling
#
# Le réseau CIFAR-10 du livre alterne des convolutions et deux couches `MaxPooling2D(2)`.
# Donnez le couple (nombre de poids avec les deux couches de pooling, nombre de poids sans
# elles) pour le nombre de filtres affiché.

# %% [setup]
p = parametres("poids_cifar")

# %% [answer poids_cifar]
### BEGIN SOLUTION

def reseau_cifar(f, pooling):
    couches = [keras.Input(shape=(32, 32, 3))]
    for k in range(4):
        couches.append(keras.layers.Conv2D(f, 3, padding="same", activation="relu"))
        if pooling and k in (1, 2):
            couches.append(keras.layers.MaxPooling2D(pool_size=(2, 2)))
    couches += [keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")]
    return keras.Sequential(couches)


poids_cifar = (reseau_cifar(p["f"], True).count_params(),
               reseau_cifar(p["f"], False).count_params())
### END SOLUTION

# %% [test poids_cifar -> poids_cifar]

# %% [markdown]
# ## 4. Les formes du réseau « chat vs chien »
#
# Construisez le réseau affiché (trois blocs convolution, pooling, dropout, puis deux couches
# denses) et donnez la liste des formes de sortie de ses 12 couches, dans l'ordre, chacune
# comme un tuple **sans l'axe du lot**.

# %% [setup]
p = parametres("formes_chats")

# %% [answer formes_chats]
### BEGIN SOLUTION
couches = [keras.Input(shape=(p["s"], p["s"], 3))]
for _ in range(3):
    couches += [keras.layers.Conv2D(p["f"], 3, padding="same", activation="relu"),
                keras.layers.MaxPooling2D(pool_size=(2, 2)), keras.layers.Dropout(0.5)]
couches += [keras.layers.Flatten(), keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid")]
modele = keras.Sequential(couches)
formes_chats = [tuple(couche.output.shape[1:]) for couche in modele.layers]
### END SOLUTION

# %% [test formes_chats -> formes_chats]

# %% [markdown]
# ## 5. Ce que calcule `Conv2D`
#
# Créez une couche `Conv2D(1, 3, padding='same', use_bias=False)`, chargez-lui le noyau `K`
# affiché (`set_weights` attend un tableau de forme (3, 3, 1, 1)) et appliquez-la à l'image
# `A` (un lot d'une image : forme (1, 5, 6, 1)). Rendez la sortie comme un tableau 5 × 6.

# %% [setup]
p = parametres("sortie_conv2d")

# %% [answer sortie_conv2d]
### BEGIN SOLUTION
couche = keras.layers.Conv2D(1, 3, padding="same", use_bias=False)
couche.build((None, 5, 6, 1))
couche.set_weights([np.array(p["M"], dtype="float32").reshape(3, 3, 1, 1)])
image = np.array(p["A"], dtype="float32").reshape(1, 5, 6, 1)
sortie_conv2d = keras.ops.convert_to_numpy(couche(image))[0, :, :, 0]
### END SOLUTION

# %% [test sortie_conv2d -> sortie_conv2d]

# %% [markdown]
# ## 6. Faire calculer la convolution du livre par Keras
#
# Quel noyau 3 × 3 faut-il charger dans une couche `Conv2D` pour qu'elle calcule la
# convolution $A \star M$ du livre (motif retourné) pour le motif `M` affiché ? Un tableau
# 3 × 3. Vous pouvez le vérifier en comparant la sortie de Keras avec votre convolution du
# chapitre 13.

# %% [setup]
p = parametres("noyau_convolution")

# %% [answer noyau_convolution]
### BEGIN SOLUTION
noyau_convolution = np.array(p["M"])[::-1, ::-1]
### END SOLUTION

# %% [test noyau_convolution -> noyau_convolution]

# %% [markdown]
# ## 7. Une carte d'activation
#
# Comme dans « Que voit un réseau de neurones ? », calculez la sortie d'une première couche :
# `Conv2D(2, 3, padding='same', activation='relu')` avec les deux noyaux et les biais affichés,
# appliquée à l'image `A`. Rendez un tableau de forme (6, 6, 2) (le canal en dernier).

# %% [setup]
p = parametres("carte_activation")

# %% [answer carte_activation]
### BEGIN SOLUTION
couche = keras.layers.Conv2D(2, 3, padding="same", activation="relu")
couche.build((None, 6, 6, 1))
noyaux = np.stack([np.array(p["K1"]), np.array(p["K2"])], axis=-1).reshape(3, 3, 1, 2)
couche.set_weights([noyaux.astype("float32"), np.array(p["b"], dtype="float32")])
image = np.array(p["A"], dtype="float32").reshape(1, 6, 6, 1)
carte_activation = keras.ops.convert_to_numpy(couche(image))[0]
### END SOLUTION

# %% [test carte_activation -> carte_activation]

# %% [markdown]
# ## 8. La forme après un pooling
#
# Quelle est la forme de la sortie de la couche `MaxPooling2D` affichée (un tuple sans l'axe
# du lot) ? Attention aux bords.

# %% [setup]
p = parametres("forme_pooling")

# %% [answer forme_pooling]
### BEGIN SOLUTION
forme_pooling = (p["h"] // p["k"], p["w"] // p["k"], p["c"])
### END SOLUTION

# %% [test forme_pooling -> forme_pooling]

# %% [markdown]
# ## 9. Entraîner un réseau convolutif sur des chiffres
#
# Le fichier `chiffres_entrainement.npz` (livré avec ce notebook) contient 4 000 vrais chiffres
# manuscrits de MNIST : `X` de forme (4000, 28, 28), niveaux de gris de 0 à 255, et `y` les
# chiffres attendus. Construisez le réseau
# `Input (28, 28, 1) → Conv2D(8, 3, padding='same', relu) → MaxPooling2D(2) →
# Conv2D(16, 3, padding='same', relu) → MaxPooling2D(2) → Flatten → Dense(10, softmax)`,
# entraînez-le (normalisez `X/255`, `categorical_crossentropy`, `adam`) et rendez le modèle
# entraîné, nommé `modele_entraine` : l'entraînement se fait dans une fonction
# `entrainer(modele)`, appelée par `entrainer_ou_charger("cnn_chiffres.npz", entrainer,
# modele_entraine)` (voir les conventions). Le correcteur lit ses poids et mesure sa précision sur
# **ses propres** images de test : 1 000 autres chiffres de MNIST, que vous n'avez pas, chacun
# décalé d'un pixel (vers le haut, le bas, la gauche ou la droite) et un peu assombri, tirés à
# chaque correction. Il faut au moins 84 % de bonnes réponses : le réseau doit reconnaître des
# chiffres qu'il n'a jamais vus, pas seulement ceux de l'entraînement.
#
# Le calcul utilise la carte graphique (GPU) quand le noyau en a une, sinon le processeur : la
# cellule l'affiche. Sur processeur, 8 époques prennent quelques secondes.

# %% [setup]
p = parametres("entrainement")

# %% [answer entrainement]
### BEGIN SOLUTION
def appareil():
    """'gpu' ou 'cpu' : où Keras calcule."""
    try:
        noms = [str(d).lower() for d in keras.distribution.list_devices()]
    except Exception:
        noms = []
    return "gpu" if any(n.startswith(("gpu", "cuda")) for n in noms) else "cpu"


donnees = np.load("chiffres_entrainement.npz")
X = (donnees["X"].astype("float32") / 255)[..., None]  # (4000, 28, 28, 1)
Y = keras.utils.to_categorical(donnees["y"], 10)         # (4000, 10)
keras.utils.set_random_seed(p["graine"])
modele_entraine = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation="softmax"),
])
modele_entraine.compile(loss="categorical_crossentropy", optimizer="adam",
                        metrics=["accuracy"])


def entrainer(modele):
    epoques = 20 if appareil() == "gpu" else 8
    print("appareil :", appareil(), "; époques :", epoques)
    modele.fit(X, Y, batch_size=32, epochs=epoques, verbose=0)


entrainer_ou_charger("cnn_chiffres.npz", entrainer, modele_entraine)
### END SOLUTION

# %% [test entrainement -> modele_entraine]
