# %% [markdown]
# # Chapitre 7 — Gradient
#
# Ce notebook accompagne le chapitre « Gradient » de *Deepmath* (Bodin & Recher, Exo7). Chaque
# question a **ses propres paramètres**, qui dépendent de votre identifiant : la cellule
# `parametres(...)` de la question les affiche, et le correcteur utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * Le gradient est le vecteur des dérivées partielles **dans l'ordre**
#   $(\partial f/\partial x, \partial f/\partial y)$ ; donnez-le comme un tuple.
# * Les formules se donnent comme des chaînes (`"2*x*exp(3*y)"`) ou des expressions sympy, en
#   fonction de `x` et `y`.
# * La dérivée directionnelle est celle du livre : pour $v = (h, k)$,
#   $D_v f = h\, \partial f/\partial x + k\, \partial f/\partial y$, **sans normaliser** $v$.
# * La nature d'un point critique se lit sur les dérivées secondes (critère de la matrice
#   hessienne, que le livre ne détaille pas) : `"min"`, `"max"` ou `"col"` (point-selle).
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

y = sp.Symbol("y", real=True)
parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Dérivées partielles
#
# Pour la fonction affichée, donnez le tuple $(\partial f/\partial x, \partial f/\partial y)$
# de deux formules. Pour dériver par rapport à une variable, l'autre est une constante.

# %% [setup]
p = parametres("derivees_partielles")

# %% [answer derivees_partielles]
### BEGIN SOLUTION
f = p["a"] * x**2 * sp.exp(p["b"] * y) + sp.cos(x + p["c"] * y**2)
derivees_partielles = (sp.diff(f, x), sp.diff(f, y))
### END SOLUTION

# %% [test derivees_partielles -> derivees_partielles]

# %% [markdown]
# ## 2. Le gradient en un point
#
# Calculez $\mathrm{grad}\, f$ au point affiché : un tuple de deux entiers.

# %% [setup]
p = parametres("gradient_point")

# %% [answer gradient_point]
### BEGIN SOLUTION
f = x ** p["m"] * y ** p["n"]
x0, y0 = p["P"]
gradient_point = (int(sp.diff(f, x).subs({x: x0, y: y0})), int(sp.diff(f, y).subs({x: x0, y: y0})))
### END SOLUTION

# %% [test gradient_point -> gradient_point]

# %% [markdown]
# ## 3. Tangente à une ligne de niveau
#
# Le point affiché est sur une ligne de niveau de $f$ (une ellipse). Le gradient y est
# orthogonal : la tangente a pour équation $\partial_x f\,(x - x_0) + \partial_y f\,(y - y_0)
# = 0$. Donnez-la sous la forme $y = \ldots$ : une formule en $x$.

# %% [setup]
p = parametres("tangente_niveau")

# %% [answer tangente_niveau]
### BEGIN SOLUTION
f = x**2 + p["a"] * y**2
x0, y0 = p["P"]
fx, fy = sp.diff(f, x).subs({x: x0, y: y0}), sp.diff(f, y).subs({x: x0, y: y0})
tangente_niveau = y0 - fx / fy * (x - x0)
### END SOLUTION

# %% [test tangente_niveau -> tangente_niveau]

# %% [markdown]
# ## 4. Dérivée directionnelle
#
# Calculez $D_v f(P)$ pour la fonction, le point et le vecteur affichés (un entier).

# %% [setup]
p = parametres("derivee_directionnelle")

# %% [answer derivee_directionnelle]
### BEGIN SOLUTION
f = x**3 * y + p["b"] * y**2
(x0, y0), (h, k) = p["P"], p["v"]
derivee_directionnelle = int(h * sp.diff(f, x).subs({x: x0, y: y0})
                             + k * sp.diff(f, y).subs({x: x0, y: y0}))
### END SOLUTION

# %% [test derivee_directionnelle -> derivee_directionnelle]

# %% [markdown]
# ## 5. Approximation linéaire
#
# Près de $(x_0, y_0)$, $f(x_0 + h, y_0 + k) \simeq f(x_0, y_0) + h\, \partial_x f(x_0, y_0) +
# k\, \partial_y f(x_0, y_0)$ (le plan tangent). Donnez cette approximation (un nombre).

# %% [setup]
p = parametres("approximation_lineaire")

# %% [answer approximation_lineaire]
### BEGIN SOLUTION
f = x**2 * y + p["c"] * sp.sqrt(x + y)
(x0, y0), (h, k) = p["P"], p["hk"]
en_p = {x: x0, y: y0}
approximation_lineaire = float(f.subs(en_p) + h * sp.diff(f, x).subs(en_p)
                               + k * sp.diff(f, y).subs(en_p))
### END SOLUTION

# %% [test approximation_lineaire -> approximation_lineaire]

# %% [markdown]
# ## 6. Points critiques
#
# Un point critique annule le gradient. Donnez la liste des points critiques $(x, y)$ de la
# fonction affichée, rangés par $x$ croissant (des tuples d'entiers).

# %% [setup]
p = parametres("points_critiques")

# %% [answer points_critiques]
### BEGIN SOLUTION
f = x**3 - 3 * p["a"] ** 2 * x + y**2 - 2 * p["b"] * y
solutions = sp.solve([sp.diff(f, x), sp.diff(f, y)], [x, y], dict=True)
points_critiques = sorted((int(s[x]), int(s[y])) for s in solutions)
### END SOLUTION

# %% [test points_critiques -> points_critiques]

# %% [markdown]
# ## 7. Nature des points critiques
#
# Pour la même famille de fonctions (vos paramètres sont affichés), donnez la liste des
# natures de ses points critiques, par $x$ croissant : `"min"`, `"max"` ou `"col"`.

# %% [setup]
p = parametres("nature_points")

# %% [answer nature_points]
### BEGIN SOLUTION
f = x**3 - 3 * p["a"] ** 2 * x + y**2 - 2 * p["b"] * y
natures = []
for s in sorted(sp.solve([sp.diff(f, x), sp.diff(f, y)], [x, y], dict=True), key=lambda s: s[x]):
    H = sp.hessian(f, [x, y]).subs(s)
    if H.det() < 0:
        natures.append("col")
    else:
        natures.append("min" if H[0, 0] > 0 else "max")
nature_points = natures
### END SOLUTION

# %% [test nature_points -> nature_points]

# %% [markdown]
# ## 8. Gradient par différences finies
#
# Programmez `gradient_numerique(f, P)` : `f` est une fonction de deux nombres `f(x, y)` et
# `P = [x0, y0]`. Elle renvoie le tuple des deux dérivées partielles estimées par différences
# **centrées** $(f(P + h e_i) - f(P - h e_i)) / (2h)$ avec $h = 10^{-5}$. Le correcteur
# l'appelle sur des fonctions et des points qu'il choisit et compare au gradient exact.

# %% [setup]
p = parametres("gradient_numerique")

# %% [answer gradient_numerique]
### BEGIN SOLUTION
def gradient_numerique(f, P, h=1e-5):
    x0, y0 = float(P[0]), float(P[1])
    dx = (f(x0 + h, y0) - f(x0 - h, y0)) / (2 * h)
    dy = (f(x0, y0 + h) - f(x0, y0 - h)) / (2 * h)
    return (dx, dy)
### END SOLUTION

# %% [test gradient_numerique -> gradient_numerique]
