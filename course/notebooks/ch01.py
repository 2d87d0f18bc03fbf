# %% [markdown]
# # Chapitre 1 — Dérivée
#
# Ce notebook accompagne le chapitre « Dérivée » de *Deepmath* (Bodin & Recher, Exo7).
# Chaque question a **ses propres paramètres** : ils dépendent de votre identifiant et sont
# affichés dès la première cellule, puis rappelés au début de chaque question. Le correcteur
# utilise exactement ces paramètres.
#
# **Comment répondre.** Écrivez votre réponse à la place de `raise NotImplementedError()`.
# Une formule se donne sous forme de chaîne (`"3*cos(3*x)"`, `"x^2 + 1"`, `"e^(2x)"`,
# `"ln(x)"`) ou d'expression sympy utilisant le symbole `x`. Une fonction se programme en
# Python. Les cellules grisées sont protégées : toute modification y est annulée à la correction.
#
# **Avant d'envoyer.** `verifier_syntaxe("e^(2x)/x")` montre comment le correcteur lit une
# formule ; `verifier()` dit pour chaque question si la réponse est
# présente, lisible et de la forme demandée — sans dire si elle est juste. Le bouton
# *Validate* de nbgrader affiche les mêmes remarques.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe
parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Dérivée d'une somme
#
# La dérivée d'une somme est la somme des dérivées, et celle de $\lambda f$ est $\lambda f'$.
# Donnez $f'(x)$ pour la fonction affichée ci-dessous, dans la variable `derivee_somme`.

# %% [setup]
p = parametres("derivee_somme")

# %% [answer derivee_somme]
### BEGIN SOLUTION
derivee_somme = f"{p['n']}*x^{p['n'] - 1} - {p['a']}*sin(x)"
### END SOLUTION

# %% [test derivee_somme -> derivee_somme]

# %% [markdown]
# ## 2. Dérivée d'un produit
#
# Rappel : $(u v)' = u' v + u v'$. Donnez la dérivée de la fonction affichée dans
# `derivee_produit`.

# %% [setup]
p = parametres("derivee_produit")

# %% [answer derivee_produit]
### BEGIN SOLUTION
n, a = p["n"], p["a"]
derivee_produit = f"{n}*x^{n - 1}*sin({a}*x) + {a}*x^{n}*cos({a}*x)"
### END SOLUTION

# %% [test derivee_produit -> derivee_produit]

# %% [markdown]
# ## 3. Dérivée d'un quotient
#
# Rappel : $\left(\frac{u}{v}\right)' = \frac{u' v - u v'}{v^2}$ lorsque $v$ ne s'annule pas.
# Donnez la dérivée de la fonction affichée dans `derivee_quotient`.

# %% [setup]
p = parametres("derivee_quotient")

# %% [answer derivee_quotient]
### BEGIN SOLUTION
a = p["a"]
derivee_quotient = f"((1/x)*e^({a}x) - ln(x)*{a}*e^({a}x)) / e^({2 * a}x)"
### END SOLUTION

# %% [test derivee_quotient -> derivee_quotient]

# %% [markdown]
# ## 4. Dérivée d'une composée
#
# La formule fondamentale du cours : $(g \circ f)'(x) = g'(f(x)) \cdot f'(x)$.
# Donnez $F'(x)$ pour la fonction affichée, dans `derivee_composee`.

# %% [setup]
p = parametres("derivee_composee")

# %% [answer derivee_composee]
### BEGIN SOLUTION
a = p["a"]
derivee_composee = sp.sympify(f"-{a}*sin({a}*x)/cos({a}*x)", locals={"x": x})
### END SOLUTION

# %% [test derivee_composee -> derivee_composee]

# %% [markdown]
# ## 5. Graphe de calcul avec une entrée utilisée deux fois
#
# On calcule $F(x) = \exp(x) \cdot \ln(x)$ avec un graphe : l'entrée $x$ part vers un nœud
# $\exp$ et vers un nœud $\ln$, puis les deux résultats entrent dans un nœud $\otimes$.
# Les dérivées locales du nœud $\otimes$ sont « échangées ». Calculez la dérivée globale
# $F'(x_0)$ au point affiché (un nombre flottant) dans `derivee_graphe`.

# %% [setup]
p = parametres("graphe_entree_dupliquee")

# %% [answer graphe_entree_dupliquee]
### BEGIN SOLUTION
x0 = p["x0"]
derivee_graphe = math.exp(x0) * math.log(x0) + math.exp(x0) / x0
### END SOLUTION

# %% [test graphe_entree_dupliquee -> derivee_graphe]

# %% [markdown]
# ## 6. Fonction de Heaviside
#
# Programmez la fonction marche de Heaviside `heaviside(x)` du livre : $H(x) = 0$ si $x < 0$,
# $H(x) = 1$ si $x \geq 0$. Elle doit accepter un nombre ou un tableau numpy (et renvoyer un
# tableau de même forme).

# %% [setup]
p = parametres("heaviside")

# %% [answer heaviside]
### BEGIN SOLUTION
def heaviside(x):
    valeurs = np.where(np.asarray(x, dtype=float) >= 0, 1.0, 0.0)
    return float(valeurs) if np.ndim(valeurs) == 0 else valeurs
### END SOLUTION

# %% [test heaviside -> heaviside]

# %% [markdown]
# ## 7. Dérivée de la sigmoïde
#
# La fonction sigmoïde est $\sigma(x) = \frac{1}{1 + e^{-x}}$. Programmez sa dérivée
# `sigmoide_prime(x)` (nombre ou tableau numpy). Une forme compacte existe : cherchez-la
# dans le cours.

# %% [setup]
p = parametres("sigmoide_prime")

# %% [answer sigmoide_prime]
### BEGIN SOLUTION
def sigmoide_prime(x):
    s = 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
    d = s * (1 - s)
    return float(d) if np.ndim(d) == 0 else d
### END SOLUTION

# %% [test sigmoide_prime -> sigmoide_prime]

# %% [markdown]
# ## 8. Tangente
#
# Donnez, dans `tangente`, l'expression $y(x)$ de la tangente au graphe de $f$ au point
# $x_0$ affiché (une formule en $x$, par exemple `"x/4 + 1"`).

# %% [setup]
p = parametres("tangente")

# %% [answer tangente]
### BEGIN SOLUTION
m = p["m"]
tangente = f"(x - {m * m})/(2*{m}) + {m}"
### END SOLUTION

# %% [test tangente -> tangente]

# %% [markdown]
# ## 9. Approximation linéaire
#
# Pour $h$ proche de $0$, $f(x_0 + h) \simeq f(x_0) + h f'(x_0)$. Avec $f = \sqrt{\cdot}$ et
# $x_0 = 1$, calculez l'approximation linéaire de $\sqrt{1 + h}$ pour le $h$ affiché
# (un flottant, dans `approximation`).

# %% [setup]
p = parametres("approximation_lineaire")

# %% [answer approximation_lineaire]
### BEGIN SOLUTION
approximation = 1 + (p["k"] / 100) / 2
### END SOLUTION

# %% [test approximation_lineaire -> approximation]

# %% [markdown]
# ## 10. Extremums
#
# Trouvez les points critiques de la fonction affichée (là où $f'$ s'annule) et leur nature
# grâce à la dérivée seconde. Répondez par la liste des couples `(point, nature)` rangés par
# abscisse croissante, la nature étant `"min"` ou `"max"` (par exemple `[(-1, "max"), (1, "min")]`).

# %% [setup]
p = parametres("extremums")

# %% [answer extremums]
### BEGIN SOLUTION
a = p["a"]
extremums = [(-a, "max"), (a, "min")]
### END SOLUTION

# %% [test extremums -> extremums]

# %% [markdown]
# ## 11. Méthode de Newton
#
# Programmez `newton(f, df, x0, n)` qui part de $x_0$ et applique **exactement** $n$ fois
# la récurrence $x \leftarrow x - \frac{f(x)}{f'(x)}$, puis renvoie le dernier terme.
# Votre fonction doit marcher avec des flottants mais aussi avec des `Fraction` ou des
# `Decimal` (n'utilisez que des opérations arithmétiques). Essayez-la sur la racine cubique
# affichée.

# %% [setup]
p = parametres("newton")

# %% [answer newton]
### BEGIN SOLUTION
def newton(f, df, x0, n):
    valeur = x0
    for _ in range(n):
        valeur = valeur - f(valeur) / df(valeur)
    return valeur
### END SOLUTION

# %% [test newton -> newton]

# %% [code]
# Essayez votre fonction ici, par exemple :
# newton(lambda t: t**3 - p["a"], lambda t: 3 * t**2, 10.0, 6)

# %% [markdown]
# ## Avant d'envoyer
#
# Exécutez `verifier()` dans une cellule (ou cliquez sur *Validate*) : pour chaque question,
# vous saurez si votre réponse est présente, lisible par le correcteur et de la forme demandée.
# Cela ne dit pas si elle est juste : la correction a lieu après l'envoi.
