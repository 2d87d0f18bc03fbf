# %% [markdown]
# # Chapitre 16 — Probabilités
#
# Ce notebook accompagne le chapitre « Probabilités » de *Deepmath* (Bodin & Recher, Exo7).
# Chaque question a **ses propres paramètres**, qui dépendent de votre identifiant : la cellule
# `parametres(...)` de la question les affiche, et le correcteur utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * Les indices des classes commencent à **0** (comme numpy : `np.argmax`) ; le livre compte
#   les rangs à partir de 1.
# * Les erreurs sont des **moyennes** sur les $N$ exemples, avec le **logarithme népérien**
#   (`np.log`). Le livre ajoute un petit $\varepsilon = 10^{-7}$ dans les logarithmes des
#   entropies croisées ; la formule exacte et la formule avec $\varepsilon$ sont **toutes deux
#   acceptées** (on convient que $0 \cdot \ln 0 = 0$).
# * La standardisation utilise la **variance de la population** (division par $n$ : `np.std(x)`
#   par défaut) ; l'écart type corrigé (`ddof=1`, division par $n-1$) est une autre convention,
#   refusée ici.
# * Dropout : le $p$ du livre est la probabilité de **conserver** un neurone ; le paramètre
#   `rate` de Keras est la probabilité de l'**abandonner** ($p = 1 - $ `rate`).
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
# ## 1. Une fonction softmax stable
#
# Programmez `softmax(x)` qui renvoie le tableau des $\sigma_i(x) = e^{x_i} / \sum_j e^{x_j}$.
# Elle doit marcher aussi pour de **grandes** valeurs (par exemple $x = (1000, 999, 990)$), où
# $e^{1000}$ dépasse les flottants : la correction l'appelle sur de telles entrées.

# %% [setup]
p = parametres("softmax")

# %% [answer softmax]
### BEGIN SOLUTION
def softmax(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - x.max())
    return e / e.sum()
### END SOLUTION

# %% [test softmax -> softmax]

# %% [markdown]
# ## 2. Décision : argmax et one-hot
#
# Un réseau donne les scores affichés pour 5 classes. Donnez la décision sous forme de
# vecteur one-hot : une liste de 5 nombres, 1 pour la classe choisie et 0 ailleurs.

# %% [setup]
p = parametres("decision_one_hot")

# %% [answer decision_one_hot]
### BEGIN SOLUTION
k = int(np.argmax(p["scores"]))
decision_one_hot = [1.0 if i == k else 0.0 for i in range(len(p["scores"]))]
### END SOLUTION

# %% [test decision_one_hot -> decision_one_hot]

# %% [markdown]
# ## 3. Erreur quadratique moyenne
#
# Calculez $E = \frac{1}{N}\sum_i (y_i - \tilde y_i)^2$ pour les valeurs affichées (un nombre).

# %% [setup]
p = parametres("mse")

# %% [answer mse]
### BEGIN SOLUTION
mse = float(np.mean((np.array(p["y"]) - np.array(p["y_hat"])) ** 2))
### END SOLUTION

# %% [test mse -> mse]

# %% [markdown]
# ## 4. Erreur absolue moyenne
#
# Calculez $E = \frac{1}{N}\sum_i |y_i - \tilde y_i|$ pour les valeurs affichées (un nombre).

# %% [setup]
p = parametres("mae")

# %% [answer mae]
### BEGIN SOLUTION
mae = float(np.mean(np.abs(np.array(p["y"]) - np.array(p["y_hat"]))))
### END SOLUTION

# %% [test mae -> mae]

# %% [markdown]
# ## 5. Entropie croisée binaire
#
# Calculez $E = -\frac{1}{N}\sum_i \big(y_i \ln \tilde y_i + (1 - y_i)\ln(1 - \tilde y_i)\big)$
# (un nombre). Attention : une des prédictions vaut exactement 1 ; avec $0 \cdot \ln 0 = 0$ ou
# avec le $\varepsilon$ du livre, le résultat est fini.

# %% [setup]
p = parametres("entropie_croisee_binaire")

# %% [answer entropie_croisee_binaire]
### BEGIN SOLUTION
eps = 1e-7
y, q = np.array(p["y"], dtype=float), np.array(p["y_hat"], dtype=float)
entropie_croisee_binaire = float(-np.mean(y * np.log(q + eps) + (1 - y) * np.log(1 - q + eps)))
### END SOLUTION

# %% [test entropie_croisee_binaire -> entropie_croisee_binaire]

# %% [markdown]
# ## 6. Entropie croisée catégorielle
#
# Chaque ligne de `P` donne les probabilités prédites des 3 classes pour un exemple, et
# `classes` la classe vraie de chaque exemple. Calculez
# $E = -\frac{1}{N}\sum_i \ln p_{i,\,c_i}$ (un nombre), $c_i$ étant la classe vraie de
# l'exemple $i$.

# %% [setup]
p = parametres("entropie_croisee")

# %% [answer entropie_croisee]
### BEGIN SOLUTION
P = np.array(p["P"], dtype=float)
entropie_croisee = float(-np.mean([np.log(P[i, c]) for i, c in enumerate(p["classes"])]))
### END SOLUTION

# %% [test entropie_croisee -> entropie_croisee]

# %% [markdown]
# ## 7. Standardisation
#
# Calculez les valeurs centrées réduites $x'_i = (x_i - \mu)/\sigma$ des tailles affichées,
# avec la moyenne $\mu$ et l'écart type $\sigma$ **de la population** (une liste de nombres).

# %% [setup]
p = parametres("standardisation")

# %% [answer standardisation]
### BEGIN SOLUTION
t = np.array(p["x"], dtype=float)
standardisation = list((t - t.mean()) / t.std())
### END SOLUTION

# %% [test standardisation -> standardisation]

# %% [markdown]
# ## 8. Dropout : conserver ou abandonner
#
# Une couche de $n$ neurones est suivie d'une couche `Dropout(rate)` de Keras. Pendant
# l'entraînement, combien de neurones sont conservés **en moyenne**, et par quel facteur
# l'« inverted dropout » multiplie-t-il les neurones conservés ? Un couple de deux nombres.

# %% [setup]
p = parametres("dropout")

# %% [answer dropout]
### BEGIN SOLUTION
garde = 1 - p["rate"]
dropout = (p["n"] * garde, 1 / garde)
### END SOLUTION

# %% [test dropout -> dropout]

# %% [markdown]
# ## 9. Jacobienne de softmax
#
# Pour le vecteur $x$ affiché (3 composantes), donnez la matrice $J$ de terme
# $J_{ij} = \partial \sigma_i / \partial x_j$ : un tableau numpy $3 \times 3$ ou une liste de
# trois lignes.

# %% [setup]
p = parametres("jacobienne_softmax")

# %% [answer jacobienne_softmax]
### BEGIN SOLUTION
s = softmax(np.array(p["x"], dtype=float))
jacobienne_softmax = np.diag(s) - np.outer(s, s)
### END SOLUTION

# %% [test jacobienne_softmax -> jacobienne_softmax]
