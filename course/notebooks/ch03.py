# %% [markdown]
# # Chapitre 3 — Fonctions de plusieurs variables
#
# Ce notebook accompagne le chapitre « Fonctions de plusieurs variables » de *Deepmath*
# (Bodin & Recher, Exo7). Chaque question a **ses propres paramètres**, qui dépendent de votre
# identifiant : la cellule `parametres(...)` de la question les affiche, et le correcteur
# utilise exactement ceux-là.
#
# **Comment répondre.** Remplacez `raise NotImplementedError()` par votre réponse. Une formule
# en $x$ et $y$ se donne sous forme de chaîne (`"3*x^2*y - sin(x*y)"`) ou d'expression sympy
# avec les symboles `x` et `y` déjà définis ; une valeur exacte avec `Fraction` ; une fonction
# se programme en Python (avec numpy quand elle reçoit des tableaux). Les cellules grisées sont
# protégées : toute modification y est annulée à la correction.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente,
# lisible et de la forme demandée — sans dire si elle est juste ; `verifier_syntaxe("...")`
# montre comment le correcteur lit une formule. Le bouton *Validate* de nbgrader affiche les
# mêmes remarques.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from fractions import Fraction

from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe

y = sp.Symbol("y", real=True)
parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Une fonction de deux variables
#
# Pour un point $M(x, y)$ du plan et les trois points $A$, $B$, $C$ affichés, on note
# $f(x, y) = MA^2 + MB^2 + MC^2$ (la somme des carrés des distances). Écrivez $f(x, y)$ comme
# une expression en $x$ et $y$ dans `cout_developpe` (développée ou non).

# %% [setup]
p = parametres("cout_developpe")

# %% [answer cout_developpe]
### BEGIN SOLUTION
cout_developpe = sp.expand(sum((x - a) ** 2 + (y - b) ** 2 for a, b in p["points"]))
### END SOLUTION

# %% [test cout_developpe -> cout_developpe]

# %% [markdown]
# ## 2. Minimum exact
#
# Avec les mêmes points que dans la question 1 (ils sont affichés à nouveau), trouvez le point
# $(x_0, y_0)$ où $f$ atteint son minimum et la valeur minimale $z_0 = f(x_0, y_0)$. Donnez le
# triplet `(x0, y0, z0)` en **valeurs exactes** : utilisez `Fraction` (par exemple
# `Fraction(10, 3)`), pas des décimaux.

# %% [setup]
p = parametres("minimum_exact")

# %% [answer minimum_exact]
### BEGIN SOLUTION
pts = p["points"]
x0 = Fraction(sum(a for a, _ in pts), len(pts))
y0 = Fraction(sum(b for _, b in pts), len(pts))
z0 = sum((x0 - a) ** 2 + (y0 - b) ** 2 for a, b in pts)
minimum_exact = (x0, y0, z0)
### END SOLUTION

# %% [test minimum_exact -> minimum_exact]

# %% [markdown]
# ## 3. Dérivées partielles
#
# Pour dériver $f(x, y)$ par rapport à $x$, on traite $y$ comme une constante (et inversement).
# Donnez le couple $\left(\frac{\partial f}{\partial x}, \frac{\partial f}{\partial y}\right)$
# pour la fonction affichée, dans cet ordre, sous la forme d'un tuple de deux expressions.

# %% [setup]
p = parametres("gradient")

# %% [answer gradient]
### BEGIN SOLUTION
f = x ** p["n"] * y ** p["m"] + p["a"] * sp.cos(p["b"] * x * y)
gradient = (sp.diff(f, x), sp.diff(f, y))
### END SOLUTION

# %% [test gradient -> gradient]

# %% [markdown]
# ## 4. Plan tangent
#
# Le plan tangent au graphe de $f$ au-dessus du point $(x_0, y_0)$ a pour équation
# $z = f(x_0, y_0) + \frac{\partial f}{\partial x}(x_0, y_0)\,(x - x_0)
# + \frac{\partial f}{\partial y}(x_0, y_0)\,(y - y_0)$.
# Donnez dans `plan_tangent` l'expression de $z$ en fonction de $x$ et $y$.

# %% [setup]
p = parametres("plan_tangent")

# %% [answer plan_tangent]
### BEGIN SOLUTION
f = p["a"] * x ** 2 + p["b"] * x * y - y ** 3 + p["c"]
point = {x: p["x0"], y: p["y0"]}
plan_tangent = (f.subs(point) + sp.diff(f, x).subs(point) * (x - p["x0"])
                + sp.diff(f, y).subs(point) * (y - p["y0"]))
### END SOLUTION

# %% [test plan_tangent -> plan_tangent]

# %% [markdown]
# ## 5. Lignes de niveau
#
# La ligne de niveau $c$ de $f$ est l'ensemble $L_c = \{(x, y) \mid f(x, y) = c\}$. Pour la
# fonction et les trois niveaux affichés, donnez un couple `(natures, rayon)` : `natures` est
# la liste des natures de $L_c$ dans l'ordre des niveaux, chacune parmi `"vide"`, `"point"`,
# `"cercle"`, et `rayon` est le rayon (un flottant) du seul cercle obtenu.

# %% [setup]
p = parametres("courbes_niveau")

# %% [answer courbes_niveau]
### BEGIN SOLUTION
natures = []
for c in p["cs"]:
    r2 = c - p["d"]
    natures.append("vide" if r2 < 0 else "point" if r2 == 0 else "cercle")
    if r2 > 0:
        rayon = math.sqrt(r2)
courbes_niveau = (natures, rayon)
### END SOLUTION

# %% [test courbes_niveau -> courbes_niveau]

# %% [markdown]
# ## 6. Surfaces quadratiques
#
# Les graphes de $f(x, y) = p x^2 + s xy + q y^2$ sont des paraboloïdes elliptiques, des
# cylindres paraboliques ou des paraboloïdes hyperboliques (« selles de cheval »). Pour les trois
# fonctions affichées, donnez la liste de la forme de leurs lignes de niveau (non réduites à un
# point) : `"ellipses"`, `"droites"` ou `"hyperboles"`. Indication : complétez le carré.

# %% [setup]
p = parametres("quadriques")

# %% [answer quadriques]
### BEGIN SOLUTION
quadriques = []
for a, s, q in p["fs"]:
    delta = s * s - 4 * a * q
    quadriques.append("ellipses" if delta < 0 else "droites" if delta == 0 else "hyperboles")
### END SOLUTION

# %% [test quadriques -> quadriques]

# %% [markdown]
# ## 7. Distance d'un point à une droite
#
# Programmez `distance(a, b, c, x0, y0)` qui renvoie la distance (un flottant) du point
# $M(x_0, y_0)$ à la droite d'équation $ax + by + c = 0$, avec $(a, b) \neq (0, 0)$.

# %% [setup]
p = parametres("distance_point_droite")

# %% [answer distance_point_droite]
### BEGIN SOLUTION
def distance(a, b, c, x0, y0):
    return abs(a * x0 + b * y0 + c) / math.sqrt(a * a + b * b)
### END SOLUTION

# %% [test distance_point_droite -> distance]

# %% [markdown]
# ## 8. Recherche d'un minimum sur une grille
#
# Programmez `min_grille(f, xmin, xmax, ymin, ymax, N)` : elle évalue `f` (une fonction qui
# accepte des tableaux numpy) sur la grille formée des $N$ valeurs `np.linspace(xmin, xmax, N)`
# en $x$ et des $N$ valeurs `np.linspace(ymin, ymax, N)` en $y$, et renvoie le triplet
# `(x0, y0, z0)` du point de la grille où $f$ est la plus petite (en cas d'égalité, le premier
# trouvé par `np.argmin`).

# %% [setup]
p = parametres("minimum_grille")

# %% [answer minimum_grille]
### BEGIN SOLUTION
def min_grille(f, xmin, xmax, ymin, ymax, N):
    xs, ys = np.linspace(xmin, xmax, N), np.linspace(ymin, ymax, N)
    X, Y = np.meshgrid(xs, ys)
    Z = f(X, Y)
    i, j = np.unravel_index(np.argmin(Z), Z.shape)
    return (float(xs[j]), float(ys[i]), float(Z[i, j]))
### END SOLUTION

# %% [test minimum_grille -> min_grille]

# %% [markdown]
# ## 9. Erreur d'une droite de régression
#
# Dans ce chapitre (comme dans le livre), la qualité d'une droite $y = ax + b$ se mesure avec
# les **distances perpendiculaires** des points $A_i(x_i, y_i)$ à la droite, et non avec les
# écarts verticaux : $f(a, b) = \frac{1}{1 + a^2} \sum_i (a x_i - y_i + b)^2$.
# Programmez `erreur(a, b, points)`, où `points` est une liste de couples $(x_i, y_i)$.

# %% [setup]
p = parametres("erreur_orthogonale")

# %% [answer erreur_orthogonale]
### BEGIN SOLUTION
def erreur(a, b, points):
    return sum((a * xi - yi + b) ** 2 for xi, yi in points) / (1 + a * a)
### END SOLUTION

# %% [test erreur_orthogonale -> erreur]

# %% [markdown]
# ## 10. Droite de régression
#
# Trouvez la droite $y = ax + b$ qui minimise l'erreur $f(a, b)$ de la question 9 pour vos
# points (affichés). Donnez le couple `(a, b)` à $10^{-3}$ près, par exemple en affinant une
# recherche sur une grille. Attention : $f$ a deux points critiques.

# %% [setup]
p = parametres("regression_orthogonale")

# %% [answer regression_orthogonale]
### BEGIN SOLUTION
pts = np.array(p["points"])


def f_reg(a, b):
    return sum((a * xi - yi + b) ** 2 for xi, yi in pts) / (1 + a * a)


centre, largeur = (0.0, 0.0), (5.0, 20.0)
for _ in range(8):
    a_s = np.linspace(centre[0] - largeur[0], centre[0] + largeur[0], 81)
    b_s = np.linspace(centre[1] - largeur[1], centre[1] + largeur[1], 81)
    A, B = np.meshgrid(a_s, b_s)
    Z = f_reg(A, B)
    i, j = np.unravel_index(np.argmin(Z), Z.shape)
    centre = (a_s[j], b_s[i])
    largeur = (largeur[0] / 8, largeur[1] / 8)
regression_orthogonale = (float(centre[0]), float(centre[1]))
### END SOLUTION

# %% [test regression_orthogonale -> regression_orthogonale]
