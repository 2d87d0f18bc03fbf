# %% [markdown]
# # Chapitre 12 — Convolution
#
# Ce notebook accompagne le chapitre « Convolution » de *Deepmath* (Bodin & Recher, Exo7) :
# convolution de matrices, pooling, filtres d'images et couches de convolution. Chaque question
# a **ses propres paramètres**, qui dépendent de votre identifiant : la cellule
# `parametres(...)` de la question les affiche, et le correcteur utilise exactement ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * La convolution $A \star M$ fait faire **un demi-tour** au motif $M$ (`M[::-1, ::-1]`,
#   ce n'est **pas** une transposition), le centre sur chaque coefficient de $A$, multiplie les
#   coefficients en face et additionne ; autour de $A$ on met des **zéros virtuels**. Le
#   résultat a la taille de $A$ (mode `'same'`).
# * Un motif de taille **paire** reçoit des zéros en haut et à gauche avant le demi-tour
#   (comme `scipy.signal.convolve2d(A, M, 'same')`).
# * Mode `'valid'` (restreinte) : seulement les positions où le motif tient entièrement dans
#   $A$ ; mode `'full'` (étendue) : tous les termes non nuls.
# * Une **marge** de $P$ ajoute $P$ lignes et colonnes de zéros de chaque côté ; un **pas** $s$
#   ne garde qu'une position sur $s$ (lignes 0, s, 2s, … et de même pour les colonnes).
# * **Pooling** de taille $k$ : blocs $k \times k$ sans chevauchement ; les blocs incomplets du
#   bord sont **ignorés** (sortie $\lfloor n/k \rfloor \times \lfloor p/k \rfloor$, comme Keras
#   `padding='valid'`). L'autre convention (garder les blocs incomplets du bord) est acceptée,
#   avec une remarque.
# * Matrices : listes de listes ou tableaux numpy de nombres.
#
# Le correcteur essaie vos fonctions sur des entrées qu'il choisit (impulsions, motifs non
# symétriques) : une corrélation ou un motif transposé n'y passent pas pour une convolution.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente et de
# la forme demandée — sans dire si elle est juste. Le bouton *Validate* de nbgrader affiche les
# mêmes remarques.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe

parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Une convolution à la main
#
# Calculez $A \star M$ pour la matrice et le motif affichés et rangez le résultat dans
# `produit_2d` (matrice 4 × 4).

# %% [setup]
p = parametres("produit_2d")

# %% [answer produit_2d]
### BEGIN SOLUTION
A = np.pad(np.array(p["A"], dtype=float), 1)
H = np.array(p["M"], dtype=float)[::-1, ::-1]  # demi-tour
produit_2d = np.array([[np.sum(A[i:i + 3, j:j + 3] * H) for j in range(4)] for i in range(4)])
### END SOLUTION

# %% [test produit_2d -> produit_2d]

# %% [markdown]
# ## 2. Programmer la convolution
#
# Programmez `convolution_2d(A, M)` qui renvoie $A \star M$ (taille de $A$) pour tout motif
# plus petit que $A$, de taille impaire ou paire. Écrivez vous-même les boucles
# (`scipy.signal.convolve2d(A, M, 'same')` vous servira ensuite à vérifier).

# %% [setup]
p = parametres("convolution_2d")

# %% [answer convolution_2d]
### BEGIN SOLUTION
def convolution_2d(A, M):
    A = np.array(A, dtype=float)
    M = np.array(M, dtype=float)
    kh, kw = M.shape
    M = np.pad(M, ((1 - kh % 2, 0), (1 - kw % 2, 0)))  # zéros en haut/à gauche si pair
    H = M[::-1, ::-1]
    rh, rw = H.shape[0] // 2, H.shape[1] // 2
    Az = np.pad(A, ((rh, rh), (rw, rw)))
    n, q = A.shape
    B = np.zeros((n, q))
    for i in range(n):
        for j in range(q):
            B[i, j] = np.sum(Az[i:i + H.shape[0], j:j + H.shape[1]] * H)
    return B
### END SOLUTION

# %% [test convolution_2d -> convolution_2d]

# %% [markdown]
# ## 3. Les tailles des trois modes
#
# Pour une matrice $A$ de taille $n \times p$ et un motif $k_h \times k_w$, donnez dans
# `tailles_modes` le 6-uplet `(lignes_valid, colonnes_valid, lignes_same, colonnes_same,
# lignes_full, colonnes_full)`.

# %% [setup]
p = parametres("tailles_modes")

# %% [answer tailles_modes]
### BEGIN SOLUTION
n, q, kh, kw = p["n"], p["q"], p["kh"], p["kw"]
tailles_modes = (n - kh + 1, q - kw + 1, n, q, n + kh - 1, q + kw - 1)
### END SOLUTION

# %% [test tailles_modes -> tailles_modes]

# %% [markdown]
# ## 4. Pas et marge
#
# Une couche de convolution ajoute une marge de $P$ zéros autour de l'image, puis fait glisser
# le motif avec un pas $s$ (positions où le motif tient entièrement). Donnez dans
# `taille_pas_marge` le nombre de lignes de la sortie (un entier).

# %% [setup]
p = parametres("taille_pas_marge")

# %% [answer taille_pas_marge]
### BEGIN SOLUTION
taille_pas_marge = (p["n"] + 2 * p["P"] - p["k"]) // p["s"] + 1
### END SOLUTION

# %% [test taille_pas_marge -> taille_pas_marge]

# %% [markdown]
# ## 5. Max-pooling
#
# Appliquez un max-pooling de taille $k$ à la matrice affichée (ses dimensions ne sont pas des
# multiples de $k$ : les blocs incomplets du bord sont ignorés). Rangez le résultat dans
# `max_pooling`.

# %% [setup]
p = parametres("max_pooling")

# %% [answer max_pooling]
### BEGIN SOLUTION
A, k = np.array(p["A"], dtype=float), p["k"]
n, q = A.shape[0] // k, A.shape[1] // k
max_pooling = A[:n * k, :q * k].reshape(n, k, q, k).max(axis=(1, 3))
### END SOLUTION

# %% [test max_pooling -> max_pooling]

# %% [markdown]
# ## 6. Pooling par moyenne
#
# Même question avec la moyenne de chaque bloc : rangez le résultat dans `moyenne_pooling`.

# %% [setup]
p = parametres("moyenne_pooling")

# %% [answer moyenne_pooling]
### BEGIN SOLUTION
A, k = np.array(p["A"], dtype=float), p["k"]
n, q = A.shape[0] // k, A.shape[1] // k
moyenne_pooling = A[:n * k, :q * k].reshape(n, k, q, k).mean(axis=(1, 3))
### END SOLUTION

# %% [test moyenne_pooling -> moyenne_pooling]

# %% [markdown]
# ## 7. Le motif d'une translation
#
# Le motif $\begin{pmatrix}0&0&0\\0&0&0\\0&1&0\end{pmatrix}$ fait descendre une image d'un
# cran. Donnez dans `motif_translation` un motif 3 × 3 qui réalise le décalage affiché (le
# correcteur juge votre motif à son effet sur des matrices qu'il choisit).

# %% [setup]
p = parametres("motif_translation")

# %% [answer motif_translation]
### BEGIN SOLUTION
di, dj = {"bas": (1, 0), "haut": (-1, 0), "droite": (0, 1), "gauche": (0, -1)}[p["sens"]]
motif_translation = np.zeros((3, 3))
motif_translation[1 + di, 1 + dj] = 1
### END SOLUTION

# %% [test motif_translation -> motif_translation]

# %% [markdown]
# ## 8. Flouter une image
#
# Une image en niveaux de gris est une matrice de valeurs entre 0 (noir) et 255 (blanc). Le
# flou remplace chaque pixel par la moyenne des 9 pixels du carré 3 × 3 qui l'entoure : c'est
# $A \star M$ avec $M = \frac19 \mathbf{1}_{3\times 3}$. Donnez dans `filtre_flou` l'image
# floutée (valeurs réelles, sans arrondi).

# %% [setup]
p = parametres("filtre_flou")

# %% [answer filtre_flou]
### BEGIN SOLUTION
A = np.pad(np.array(p["A"], dtype=float), 1)
n, q = A.shape[0] - 2, A.shape[1] - 2
filtre_flou = np.array([[A[i:i + 3, j:j + 3].sum() / 9 for j in range(q)] for i in range(n)])
### END SOLUTION

# %% [test filtre_flou -> filtre_flou]

# %% [markdown]
# ## 9. Combien de poids ?
#
# Donnez le couple `nombre_poids = (a, b)` de la question affichée : les poids d'une couche
# complètement connectée, puis ceux d'une couche de convolution (les neurones d'un filtre
# partagent ses poids).

# %% [setup]
p = parametres("nombre_poids")

# %% [answer nombre_poids]
### BEGIN SOLUTION
nombre_poids = ((p["n"] ** 2) ** 2, (p["k"] * p["k"] * p["c"] + 1) * p["l"])
### END SOLUTION

# %% [test nombre_poids -> nombre_poids]

# %% [markdown]
# ## 10. Une couche de convolution
#
# Un neurone de convolution calcule $\phi(\text{somme pondérée} + b)$. Pour l'entrée, le
# motif et le biais affichés, avec $\phi = \mathrm{ReLU}$, donnez dans `couche_relu` la
# sortie de la couche : $\mathrm{ReLU}(A \star M + b)$ (taille de $A$).

# %% [setup]
p = parametres("couche_relu")

# %% [answer couche_relu]
### BEGIN SOLUTION
A = np.pad(np.array(p["A"], dtype=float), 1)
H = np.array(p["M"], dtype=float)[::-1, ::-1]
couche_relu = np.array([[max(0.0, np.sum(A[i:i + 3, j:j + 3] * H) + p["b"]) for j in range(4)]
                        for i in range(4)])
### END SOLUTION

# %% [test couche_relu -> couche_relu]
