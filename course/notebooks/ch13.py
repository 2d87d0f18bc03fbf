# %% [markdown]
# # Chapitre 13 — Convolution avec Python
#
# Ce notebook accompagne le chapitre « Convolution avec Python » de *Deepmath* (Bodin & Recher,
# Exo7) : `np.convolve` et ses trois modes, la corrélation et le radar, le pas et la marge, le
# filtrage d'une image enregistrée en `uint8`, le pooling, le produit de polynômes et
# l'associativité de la convolution étendue. Chaque question a **ses propres paramètres**, qui
# dépendent de votre identifiant : la cellule `parametres(...)` de la question les affiche, et
# le correcteur utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * La convolution **retourne le motif** (`np.convolve`, `scipy.signal.convolve2d`) ; en deux
#   dimensions le retournement est un demi-tour `M[::-1, ::-1]`, pas une transposition.
# * Les trois modes, pour $f$ de longueur $n$ et $g$ de longueur $m \le n$ :
#   `'full'` (convolution *étendue* $f \tilde\star g$) a $n + m - 1$ termes ; `'same'` garde
#   les $n$ termes du milieu de `'full'` (on enlève $(m-1)//2$ termes au début) ; `'valid'`
#   (*restreinte*) garde les $n - m + 1$ positions où le motif tient entièrement dans $f$.
# * Un motif de **longueur paire** reçoit un 0 **au début** avant d'être retourné
#   ($[4, 5]$ se calcule comme $[0, 4, 5]$) : c'est la règle du livre et celle de
#   `np.convolve(f, g, 'same')`.
# * La **corrélation** fait glisser le motif **sans le retourner**. Pour un motif de longueur
#   paire en mode `'same'`, le livre a deux règles : son texte garde le 0 ajouté au début du
#   motif (`np.correlate(f, [0, *g], 'same')`, convention de ce notebook), ses programmes
#   calculent `np.correlate(f, g, 'same')` = `np.convolve(f, g[::-1], 'same')`, décalé d'un
#   cran. Les deux sont acceptées ; la remarque du correcteur dit laquelle vous avez suivie.
# * **Pooling** : blocs $k \times k$ sans chevauchement ; les blocs incomplets du bord sont
#   ignorés (sortie $\lfloor n/k \rfloor \times \lfloor p/k \rfloor$) ; garder les blocs
#   incomplets est accepté avec une remarque.
# * Une image à enregistrer s'écrête d'abord puis se convertit :
#   `np.clip(B, 0, 255).astype(np.uint8)`.
# * Listes et matrices : listes Python ou tableaux numpy de nombres.
#
# Le correcteur essaie vos fonctions sur des entrées qu'il choisit (impulsions, motifs non
# symétriques, morceaux de photos) : une corrélation n'y passe pas pour une convolution.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente et de
# la forme demandée — sans dire si elle est juste. Le bouton *Validate* de nbgrader affiche les
# mêmes remarques.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe
from scipy import signal

parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Les trois modes de `np.convolve`
#
# Sans appeler numpy pour la convolution, calculez à la main les trois résultats
# `np.convolve(f, g, 'full')`, `np.convolve(f, g, 'same')` et `np.convolve(f, g, 'valid')`
# pour les listes affichées, et rangez-les dans le triplet `modes_numpy = (full, same, valid)`.
# Vous pouvez ensuite vérifier avec `np.convolve`.

# %% [setup]
p = parametres("modes_numpy")

# %% [answer modes_numpy]
### BEGIN SOLUTION
f, g = p["f"], p["g"]
n, m = len(f), len(g)
full = [sum(f[k - j] * g[j] for j in range(m) if 0 <= k - j < n) for k in range(n + m - 1)]
modes_numpy = (full, full[(m - 1) // 2:(m - 1) // 2 + n], full[m - 1:n])
### END SOLUTION

# %% [test modes_numpy -> modes_numpy]

# %% [markdown]
# ## 2. Programmer `np.convolve`
#
# Programmez `convolution(f, g, mode)` qui renvoie le même résultat que
# `np.convolve(f, g, mode)` pour les trois modes, avec vos propres boucles (motifs de longueur
# paire ou impaire, `len(g) <= len(f)`).

# %% [setup]
p = parametres("convolution_modes")

# %% [answer convolution_modes]
### BEGIN SOLUTION
def convolution(f, g, mode):
    f, g = list(f), list(g)
    n, m = len(f), len(g)
    full = [sum(f[k - j] * g[j] for j in range(m) if 0 <= k - j < n) for k in range(n + m - 1)]
    if mode == "full":
        return full
    if mode == "same":
        return full[(m - 1) // 2:(m - 1) // 2 + n]
    return full[m - 1:n]
### END SOLUTION

# %% [test convolution_modes -> convolution]

# %% [markdown]
# ## 3. La corrélation
#
# La corrélation de $f$ avec $g$ se calcule comme la convolution, **sans retourner** le motif :
# pour $f = (1, 0, 3, 5, 1)$ et $g = (1, 2, 3)$, le livre trouve $(2, 10, 21, 16, 7)$.
# Programmez `correlation(f, g)` (résultat de la longueur de $f$, motif de longueur paire ou
# impaire).

# %% [setup]
p = parametres("correlation")

# %% [answer correlation]
### BEGIN SOLUTION
def correlation(f, g):
    f, g = np.array(f, dtype=float), np.array(g, dtype=float)
    m = len(g)
    fz = np.concatenate([np.zeros((m - 1) // 2), f, np.zeros(m // 2)])
    return [float(np.dot(fz[i:i + m], g)) for i in range(len(f))]
### END SOLUTION

# %% [test correlation -> correlation]

# %% [markdown]
# ## 4. Radar : où est l'avion ?
#
# Le radar émet une impulsion $g$ (ici une suite de $\pm 1$) ; le signal reçu $f$ (1000
# mesures) est un bruit dans lequel se cache une copie de $g$. La fonction `signal_radar`
# ci-dessous fabrique $f$ et $g$ à partir de vos paramètres. Calculez la corrélation $h$ de
# $f$ avec $g$ (même longueur que $f$) et donnez dans `radar` l'indice de son maximum (un
# entier).

# %% [setup]
p = parametres("radar")


def signal_radar(seed, m):
    """Le signal reçu f (bruit + impulsion cachée) et l'impulsion g, toujours les mêmes pour
    le même seed."""
    rng = np.random.default_rng(seed)
    g = rng.choice([-1.0, 1.0], size=m)
    f = 0.5 * rng.standard_normal(1000)
    debut = int(rng.integers(150, 750))
    f[debut:debut + m] += g
    return f, g


# %% [answer radar]
### BEGIN SOLUTION
f, g = signal_radar(p["seed"], p["m"])
h = np.correlate(f, np.concatenate([[0.0], g]), "same")  # motif pair : le 0 reste au début
radar = int(np.argmax(h))
### END SOLUTION

# %% [test radar -> radar]

# %% [markdown]
# ## 5. Pas et marge
#
# Une couche de convolution ajoute souvent une **marge** de $P$ zéros de chaque côté de
# l'entrée, puis fait glisser le motif avec un **pas** $s$. Programmez
# `convolution_pas(f, g, s, P)` : ajoutez $P$ zéros au début et à la fin de $f$, calculez la
# convolution restreinte (`'valid'`), puis gardez les termes d'indices $0, s, 2s, \dots$

# %% [setup]
p = parametres("pas_marge")

# %% [answer pas_marge]
### BEGIN SOLUTION
def convolution_pas(f, g, s, P):
    return np.convolve(np.pad(np.array(f, dtype=float), P), g, "valid")[::s]
### END SOLUTION

# %% [test pas_marge -> convolution_pas]

# %% [markdown]
# ## 6. Filtrer une image
#
# Une image en niveaux de gris est une matrice d'entiers de 0 (noir) à 255 (blanc). Les filtres
# de cette question :
#
# | filtre | motif $M$ |
# | --- | --- |
# | `relief` (estampage, celui du livre) | $\begin{pmatrix}-2&-1&0\\-1&1&1\\0&1&2\end{pmatrix}$ |
# | `sobel_lignes` (bords horizontaux) | $\begin{pmatrix}1&2&1\\0&0&0\\-1&-2&-1\end{pmatrix}$ |
# | `sobel_colonnes` (bords verticaux) | $\begin{pmatrix}1&0&-1\\2&0&-2\\1&0&-1\end{pmatrix}$ |
#
# Programmez `filtrer(A)` qui renvoie l'image $B = A \star M$ de **votre** filtre (affiché
# ci-dessous), de la taille de $A$ (zéros virtuels au bord), **écrêtée** dans 0…255 puis
# **convertie** en `np.uint8`, prête à être enregistrée (`imageio.imwrite`). Le correcteur
# l'essaie sur des morceaux de photos qu'il choisit.

# %% [setup]
p = parametres("filtre_image")

# %% [answer filtre_image]
### BEGIN SOLUTION
MOTIFS = {"relief": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
          "sobel_lignes": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
          "sobel_colonnes": [[1, 0, -1], [2, 0, -2], [1, 0, -1]]}


def filtrer(A):
    B = signal.convolve2d(A, MOTIFS[p["filtre"]], mode="same", boundary="fill")
    return np.clip(B, 0, 255).astype(np.uint8)
### END SOLUTION

# %% [test filtre_image -> filtrer]

# %% [markdown]
# Pour voir l'effet (non noté), filtrez une image synthétique : un disque clair sur fond
# sombre. Affichez-la avec `plt.imshow(..., cmap='gray')` si vous le souhaitez.

# %% [code]
yy, xx = np.mgrid[0:32, 0:32]
disque = np.where((yy - 16) ** 2 + (xx - 14) ** 2 < 9 ** 2, 200, 40)
try:
    print(filtrer(disque)[12:20, 2:10])  # le bord gauche du disque
except NameError as erreur:  # filtrer pas encore écrite
    print(erreur)

# %% [markdown]
# ## 7. Max-pooling pour toute taille
#
# La fonction `max_pooling(A, k)` du livre (`A.reshape(n//k, k, p//k, k)`, puis
# `transpose((0, 2, 1, 3))` et `max(axis=(2, 3))`) suppose que $n$ et $p$ sont des multiples
# de $k$. Adaptez-la : les lignes et colonnes du bord qui ne forment pas un bloc complet sont
# ignorées.

# %% [setup]
p = parametres("max_pooling")

# %% [answer max_pooling]
### BEGIN SOLUTION
def max_pooling(A, k):
    A = np.array(A, dtype=float)
    n, q = A.shape[0] // k, A.shape[1] // k
    B = A[:n * k, :q * k].reshape(n, k, q, k)
    return B.transpose((0, 2, 1, 3)).max(axis=(2, 3))
### END SOLUTION

# %% [test max_pooling -> max_pooling]

# %% [markdown]
# ## 8. Produit de polynômes
#
# Un polynôme se code par la liste de ses coefficients, du degré le plus haut au terme
# constant : $[X^3 + 2X^2 + 3X + 4] = (1, 2, 3, 4)$. Le produit de deux polynômes se lit sur
# la convolution étendue des listes : $[P \times Q] = [P] \tilde\star [Q]$. Donnez dans
# `produit_polynomes` la liste $[P \times Q]$ de vos polynômes.

# %% [setup]
p = parametres("produit_polynomes")

# %% [answer produit_polynomes]
### BEGIN SOLUTION
produit_polynomes = np.convolve(p["P"], p["Q"], "full")
### END SOLUTION

# %% [test produit_polynomes -> produit_polynomes]

# %% [markdown]
# ## 9. Deux convolutions en une
#
# La convolution étendue est associative : $(A \tilde\star M) \tilde\star N =
# A \tilde\star (M \tilde\star N)$. Deux couches de convolution sans activation se remplacent
# donc par une seule. Donnez dans `motif_compose` le motif $K$ (3 × 3) qui fait le travail de
# $M$ puis $N$ en une seule convolution étendue (vérifiez sur une matrice $A$ de votre choix
# avec `signal.convolve2d(..., mode='full')`).

# %% [setup]
p = parametres("motif_compose")

# %% [answer motif_compose]
### BEGIN SOLUTION
motif_compose = signal.convolve2d(p["M"], p["N"], mode="full")
### END SOLUTION

# %% [test motif_compose -> motif_compose]

# %% [markdown]
# ## 10. Lisser une courbe
#
# Une moyenne mobile de taille $w$ est la convolution par le motif
# $g = \frac1w (1, \dots, 1)$ : elle lisse une courbe bruitée. Donnez dans `lissage` la liste
# $h$ = `np.convolve(f, g, 'same')` pour la liste $f$ affichée.

# %% [setup]
p = parametres("lissage")

# %% [answer lissage]
### BEGIN SOLUTION
w = p["w"]
lissage = np.convolve(p["f"], np.ones(w) / w, "same")
### END SOLUTION

# %% [test lissage -> lissage]
