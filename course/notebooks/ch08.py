# %% [markdown]
# # Chapitre 8 — Descente de gradient
#
# Ce notebook accompagne le chapitre « Descente de gradient » de *Deepmath* (Bodin & Recher,
# Exo7). Chaque question a **ses propres paramètres**, qui dépendent de votre identifiant : la
# cellule `parametres(...)` de la question les affiche, et le correcteur utilise exactement
# ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * Une méthode itérative renvoie **la liste de ses itérés** $P_0, P_1, \ldots, P_n$ (un tableau
#   numpy de forme `(n + 1, d)` ou une liste de points) : $n$ pas donnent $n + 1$ points, $P_0$
#   compris. Le correcteur appelle votre fonction sur d'autres problèmes que ceux affichés et
#   compare **chaque itéré** : il vous dit quel est le premier itéré faux.
# * `grad` est une fonction qui prend un point `P` (tableau numpy) et renvoie le gradient
#   $\nabla f(P)$ (tableau numpy de même forme).
# * Les erreurs du chapitre 8 sont des **sommes** $E = \sum_i E_i$ (sans $1/N$) ;
#   `grad_i(P, i)` renvoie $\nabla E_i(P)$ pour la donnée d'indice `i` (de 0 à $N - 1$). Les
#   données sont parcourues **dans l'ordre**, sans mélange. Un mini-lot utilise la **somme** de
#   ses $K$ gradients ; quand $K$ ne divise pas $N$, le dernier lot d'une époque est plus court.
# * Le moment part de $P_{-1} = P_0$ (pas de vitesse initiale).
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
# ## 1. Descente de gradient classique
#
# Programmez `descente(grad, P0, delta, n)` qui part de $P_0$ et fait $n$ pas
# $P_{k+1} = P_k - \delta \, \nabla f(P_k)$ ; elle renvoie la liste des itérés $P_0, \ldots, P_n$.
# Essayez-la sur la fonction affichée (son gradient est $(2ax, 2by)$).

# %% [setup]
p = parametres("descente")

# %% [answer descente]
### BEGIN SOLUTION
def descente(grad, P0, delta, n):
    P = np.array(P0, dtype=float)
    points = [P.copy()]
    for _ in range(n):
        P = P - delta * np.asarray(grad(P), dtype=float)
        points.append(P.copy())
    return np.array(points)
### END SOLUTION

# %% [test descente -> descente]

# %% [markdown]
# ## 2. Effet du pas
#
# Pour $f(a) = a^2 + 1$ et $a_0 = 2$, la descente donne $a_{k+1} = a_k - 2\delta a_k$. Pour
# chacun des pas affichés, dites si la suite **converge** vers 0 sans changer de signe
# (`"converge"`), **oscille** (change de signe à chaque pas mais converge, `"oscille"`) ou
# **diverge** (`"diverge"`). Répondez par une liste de trois chaînes, dans l'ordre des pas.

# %% [setup]
p = parametres("effet_du_pas")

# %% [answer effet_du_pas]
### BEGIN SOLUTION
def comportement(delta):
    q = 1 - 2 * delta
    if abs(q) >= 1:
        return "diverge"
    return "oscille" if q < 0 else "converge"

effet_du_pas = [comportement(d) for d in p["deltas"]]
### END SOLUTION

# %% [test effet_du_pas -> effet_du_pas]

# %% [markdown]
# ## 3. Pas décroissant
#
# Programmez `descente_pas_lineaire(grad, P0, delta0, n)` : même descente, mais le pas $k$
# (pour $k = 0, 1, \ldots, n-1$) vaut $\delta_k = \delta_0/(k+1)$. Elle renvoie $P_0, \ldots, P_n$.

# %% [setup]
p = parametres("pas_decroissant")

# %% [answer pas_decroissant]
### BEGIN SOLUTION
def descente_pas_lineaire(grad, P0, delta0, n):
    P = np.array(P0, dtype=float)
    points = [P.copy()]
    for k in range(n):
        P = P - delta0 / (k + 1) * np.asarray(grad(P), dtype=float)
        points.append(P.copy())
    return np.array(points)
### END SOLUTION

# %% [test pas_decroissant -> descente_pas_lineaire]

# %% [markdown]
# ## 4. Descente avec moment
#
# Programmez `moment(grad, P0, delta, mu, n)` :
# $P_{k+1} = P_k + \mu\,(P_k - P_{k-1}) - \delta\, \nabla f(P_k)$, avec $P_{-1} = P_0$. Elle
# renvoie $P_0, \ldots, P_n$.

# %% [setup]
p = parametres("moment")

# %% [answer moment]
### BEGIN SOLUTION
def moment(grad, P0, delta, mu, n):
    P = np.array(P0, dtype=float)
    precedent = P.copy()
    points = [P.copy()]
    for _ in range(n):
        P, precedent = P + mu * (P - precedent) - delta * np.asarray(grad(P), dtype=float), P
        points.append(P.copy())
    return np.array(points)
### END SOLUTION

# %% [test moment -> moment]

# %% [markdown]
# ## 5. Moment de Nesterov
#
# Programmez `nesterov(grad, P0, delta, mu, n)` : on calcule d'abord le point anticipé
# $P'_k = P_k + \mu\,(P_k - P_{k-1})$, puis $P_{k+1} = P'_k - \delta\, \nabla f(P'_k)$, avec
# $P_{-1} = P_0$. Elle renvoie les points $P_0, \ldots, P_n$ (pas les points anticipés).

# %% [setup]
p = parametres("nesterov")

# %% [answer nesterov]
### BEGIN SOLUTION
def nesterov(grad, P0, delta, mu, n):
    P = np.array(P0, dtype=float)
    precedent = P.copy()
    points = [P.copy()]
    for _ in range(n):
        anticipe = P + mu * (P - precedent)
        P, precedent = anticipe - delta * np.asarray(grad(anticipe), dtype=float), P
        points.append(P.copy())
    return np.array(points)
### END SOLUTION

# %% [test nesterov -> nesterov]

# %% [markdown]
# ## 6. Descente de gradient stochastique
#
# Les données sont $N$ points ; $E = E_0 + \cdots + E_{N-1}$. Programmez
# `sgd(grad_i, N, P0, delta, n)` qui fait $n$ pas $P_{k+1} = P_k - \delta\, \nabla E_i(P_k)$
# avec $i = k \bmod N$ (les données dans l'ordre, puis on recommence). Elle renvoie
# $P_0, \ldots, P_n$. Pour la droite $y = ax + b$ et $P = (a, b)$,
# $E_i = (y_i - (a x_i + b))^2$.

# %% [setup]
p = parametres("sgd")

# %% [answer sgd]
### BEGIN SOLUTION
def sgd(grad_i, N, P0, delta, n):
    P = np.array(P0, dtype=float)
    points = [P.copy()]
    for k in range(n):
        P = P - delta * np.asarray(grad_i(P, k % N), dtype=float)
        points.append(P.copy())
    return np.array(points)
### END SOLUTION

# %% [test sgd -> sgd]

# %% [markdown]
# ## 7. Descente par mini-lots
#
# Programmez `lots(grad_i, N, P0, delta, K, epoques)` : chaque époque parcourt les données dans
# l'ordre par lots de $K$ indices consécutifs ($0..K-1$, $K..2K-1$, …, le dernier lot étant plus
# court si $K$ ne divise pas $N$) ; chaque lot fait **un** pas avec la **somme** des gradients
# $\nabla E_i$ de ses données. Elle renvoie $P_0$ puis un point par lot.

# %% [setup]
p = parametres("mini_lots")

# %% [answer mini_lots]
### BEGIN SOLUTION
def lots(grad_i, N, P0, delta, K, epoques):
    P = np.array(P0, dtype=float)
    points = [P.copy()]
    for _ in range(epoques):
        for debut in range(0, N, K):
            g = sum(np.asarray(grad_i(P, i), dtype=float) for i in range(debut, min(debut + K, N)))
            P = P - delta * g
            points.append(P.copy())
    return np.array(points)
### END SOLUTION

# %% [test mini_lots -> lots]

# %% [markdown]
# ## 8. Régression linéaire par descente
#
# Pour les points affichés, trouvez la droite $y = ax + b$ qui minimise
# $E(a, b) = \sum_i (y_i - (a x_i + b))^2$ — par descente de gradient (avec un petit pas et
# assez d'itérations) ou par la formule directe — puis donnez la prédiction $\tilde y = a x_0 + b$
# en $x_0$ affiché (un nombre, à $5 \cdot 10^{-4}$ près). Ne l'arrondissez pas.

# %% [setup]
p = parametres("prediction_regression")

# %% [answer prediction_regression]
### BEGIN SOLUTION
xs, ys = np.array(p["x"], dtype=float), np.array(p["y"], dtype=float)

def grad_E(P):
    r = ys - (P[0] * xs + P[1])
    return np.array([np.sum(-2 * xs * r), np.sum(-2 * r)])

a, b = descente(grad_E, [0.0, 0.0], 0.002, 20000)[-1]
prediction_regression = float(a * p["x0"] + b)
### END SOLUTION

# %% [test prediction_regression -> prediction_regression]
