# %% [markdown]
# # Chapitre 18 — ChatGPT, partie 2 : l'attention
#
# Ce notebook accompagne le chapitre « ChatGPT (partie 2) » de *Deepmath* (Bodin & Recher,
# Exo7). Chaque question a **ses propres paramètres**, qui dépendent de votre identifiant : la
# cellule `parametres(...)` de la question les affiche, et le correcteur utilise exactement
# ceux-là.
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * Les tokens sont des **colonnes** : une phrase de $K$ tokens en dimension $n$ est une
#   matrice $x$ de forme `(n, K)` (Keras et PyTorch rangent la transposée, `(K, n)` : ce n'est
#   pas la convention demandée ici).
# * Encodage positionnel : $\omega_i = 1/p^{2i/n}$ et la colonne $k$ vaut
#   $(\cos k\omega_0, \sin k\omega_0, \ldots)$ — **le cosinus d'abord**.
# * $\mathrm{vec}(M)$ empile les **colonnes** de $M$ (ordre `"F"` de numpy) ;
#   $(A \otimes B)M = B M A^\top$.
# * Une tête d'attention : $Q = W_Q x$, $K = W_K x$, $A$ = softmax de chaque **ligne** de
#   $Q^\top K/\sqrt{r}$, le masque causal ($-\infty$ au-dessus de la diagonale) étant appliqué
#   aux scores **avant** le softmax ; la sortie est $h(x) = W_O W_V x A^\top$.
# * GELU : le livre contient une coquille dans l'approximation par tanh ; la bonne formule est
#   $\frac{x}{2}\bigl(1 + \tanh(\sqrt{2/\pi}\,(x + 0{,}044715\,x^3))\bigr)$.
#
# Les cellules grisées sont protégées : toute modification y est annulée à la correction.
#
# **Avant d'envoyer.** `verifier()` dit pour chaque question si la réponse est présente,
# lisible et de la forme demandée — sans dire si elle est juste.

# %% [setup]
# Préparation — cellule protégée, ne pas modifier.
from deepmath_eleve import *  # x, np, sp, math, parametres, verifier, verifier_syntaxe

parametres()  # l'énoncé personnalisé de chaque question

# %% [markdown]
# ## 1. Solution de norme minimale
#
# Pour $A$ de taille $2 \times 4$ et de rang 2, le système $Ax = y$ a une infinité de
# solutions. Donnez celle de plus petite norme euclidienne (un tableau numpy de 4 nombres).

# %% [setup]
p = parametres("moindre_norme")

# %% [answer moindre_norme]
### BEGIN SOLUTION
A = np.array(p["A"], dtype=float)
moindre_norme = A.T @ np.linalg.solve(A @ A.T, np.array(p["y"], dtype=float))
### END SOLUTION

# %% [test moindre_norme -> moindre_norme]

# %% [markdown]
# ## 2. Encodage positionnel
#
# Programmez `encodage_positionnel(K, n, p)` qui renvoie la matrice des positions
# $w_0, \ldots, w_{K-1}$ rangées **en colonnes** (forme `(n, K)`, $n$ pair).

# %% [setup]
p = parametres("encodage_positionnel")

# %% [answer encodage_positionnel]
### BEGIN SOLUTION
def encodage_positionnel(K, n, p):
    P = np.zeros((n, K))
    for i in range(n // 2):
        omega = 1 / p ** (2 * i / n)
        for k in range(K):
            P[2 * i, k] = np.cos(k * omega)
            P[2 * i + 1, k] = np.sin(k * omega)
    return P
### END SOLUTION

# %% [test encodage_positionnel -> encodage_positionnel]

# %% [markdown]
# ## 3. Position relative
#
# Avec $n = 4$, trouvez la matrice $R$ (4 × 4, diagonale par blocs de rotations $2 \times 2$)
# telle que $w_{k+\ell} = R\, w_k$ pour toute position $k$.

# %% [setup]
p = parametres("position_relative")

# %% [answer position_relative]
### BEGIN SOLUTION
position_relative = np.zeros((4, 4))
for i in range(2):
    a = p["l"] / p["p"] ** (2 * i / 4)
    position_relative[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[np.cos(a), -np.sin(a)],
                                                          [np.sin(a), np.cos(a)]]
### END SOLUTION

# %% [test position_relative -> position_relative]

# %% [markdown]
# ## 4. Produit tensoriel
#
# Donnez la matrice par blocs $A \otimes B = [a_{ij} B]$ (un tableau 6 × 6).

# %% [setup]
p = parametres("kronecker")

# %% [answer kronecker]
### BEGIN SOLUTION
kronecker = np.kron(np.array(p["A"]), np.array(p["B"])).astype(float)
### END SOLUTION

# %% [test kronecker -> kronecker]

# %% [markdown]
# ## 5. vec et produit tensoriel
#
# Calculez le vecteur $(A \otimes B)\,\mathrm{vec}(M)$ (6 nombres), où vec empile les
# colonnes. Vérifiez qu'il vaut $\mathrm{vec}(B M A^\top)$.

# %% [setup]
p = parametres("vec_tenseur")

# %% [answer vec_tenseur]
### BEGIN SOLUTION
A, B, M = (np.array(p[c], dtype=float) for c in "ABM")
vec_tenseur = np.kron(A, B) @ M.flatten(order="F")
### END SOLUTION

# %% [test vec_tenseur -> vec_tenseur]

# %% [markdown]
# ## 6. Une tête d'attention causale
#
# Programmez `attention_causale(x, W_Q, W_K, W_V, W_O)` qui renvoie le couple `(A, h)` :
# la matrice d'attention $A$ (forme `(K, K)`, chaque ligne somme à 1, triangle strictement
# supérieur nul) et la sortie $h = W_O W_V x A^\top$ (forme `(n, K)`). Le correcteur vérifie
# aussi que $h$ ne dépend pas des tokens futurs.

# %% [setup]
p = parametres("attention_causale")

# %% [answer attention_causale]
### BEGIN SOLUTION
def attention_causale(x, W_Q, W_K, W_V, W_O):
    Q, K = W_Q @ x, W_K @ x
    S = Q.T @ K / np.sqrt(W_Q.shape[0])
    S = np.where(np.triu(np.ones(S.shape, dtype=bool), k=1), -np.inf, S)
    E = np.exp(S - S.max(axis=1, keepdims=True))
    A = E / E.sum(axis=1, keepdims=True)
    return A, W_O @ W_V @ x @ A.T
### END SOLUTION

# %% [test attention_causale -> attention_causale]

# %% [markdown]
# ## 7. Plusieurs têtes
#
# Programmez `multi_tetes(x, tetes)` : `tetes` est une liste de quadruplets
# `(W_Q, W_K, W_V, W_O)` ; renvoyez la contribution $H(x)$ de toutes les têtes (causales, avec
# $1/\sqrt r$) au flux résiduel, de forme `(n, K)`. (La forme concaténée
# $W_{out} H W_{in} x$ du livre donne le même résultat.)

# %% [setup]
p = parametres("multi_tetes")

# %% [answer multi_tetes]
### BEGIN SOLUTION
def multi_tetes(x, tetes):
    total = np.zeros(x.shape)
    for W_Q, W_K, W_V, W_O in tetes:
        total = total + attention_causale(x, W_Q, W_K, W_V, W_O)[1]
    return total
### END SOLUTION

# %% [test multi_tetes -> multi_tetes]

# %% [markdown]
# ## 8. GELU
#
# Programmez `gelus(x)` qui renvoie le triplet
# $(x\Phi(x),\ \frac{x}{2}(1 + \tanh(\sqrt{2/\pi}(x + 0{,}044715x^3))),\ x\sigma(1{,}702x))$
# où $\Phi$ est la fonction de répartition de la loi normale centrée réduite.

# %% [setup]
p = parametres("gelu")

# %% [answer gelu]
### BEGIN SOLUTION
def gelus(x):
    exact = x / 2 * (1 + math.erf(x / math.sqrt(2)))
    approx_tanh = x / 2 * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    approx_sigmoide = x / (1 + math.exp(-1.702 * x))
    return (exact, approx_tanh, approx_sigmoide)
### END SOLUTION

# %% [test gelu -> gelus]

# %% [markdown]
# ## 9. Un petit GPT
#
# On assemble les pièces précédentes en un petit décodeur sur les **caractères** :
# le token $c$ est le rang du caractère dans `p["alphabet"]` ($N$ tokens). Pour une suite de
# $K \leq 16$ tokens :
#
# 1. plongement : $x_1 = $ colonnes de `wte` (forme `(n, N)`) des tokens, plus l'encodage
#    positionnel de la question 2 (positions $0, \ldots, K-1$, $p = 10\,000$) ;
# 2. pour chaque couche : $x \leftarrow x + H(x)$ (question 7, têtes causales avec
#    $1/\sqrt r$), puis $x \leftarrow x + W_2\,\mathrm{GELU}(W_1 x + b_1) + b_2$ (GELU exacte,
#    $b_1, b_2$ ajoutés à chaque colonne) ;
# 3. sortie : les logits $B x$ (`unembed`, forme `(N, n)`) ; la colonne $k$ donne, par un
#    softmax, la loi du token qui suit la position $k$.
#
# Tirez les poids au hasard (graine `p["graine"]`), puis **entraînez** la matrice de sortie $B$
# en minimisant l'entropie croisée sur `p["texte"]` (fenêtres de 17 caractères consécutifs,
# sans chevauchement : 16 entrées, 16 cibles). Les autres poids peuvent rester aléatoires ou
# être entraînés aussi. Rendez `petit_gpt`, un dictionnaire
# `{"wte": ..., "layers": [{"heads": [(W_Q, W_K, W_V, W_O), ...], "W1": ..., "b1": ...,
# "W2": ..., "b2": ...}, ...], "unembed": ...}` de tableaux numpy. Le correcteur recalcule la
# perte sur un **autre texte** du même style, que vous ne voyez pas : il faut au plus 2,65 nat
# par caractère (la loi uniforme donne $\log 30 \approx 3{,}40$, les fréquences seules
# $\approx 2{,}9$).

# %% [setup]
p = parametres("petit_gpt")

# %% [answer petit_gpt]
### BEGIN SOLUTION
import time  # noqa: E402

from scipy.special import erf  # noqa: E402

alphabet, n, K, r = p["alphabet"], p["n"], p["K"], p["r"]
N = len(alphabet)
ids = np.array([alphabet.index(c) for c in p["texte"]])
rng = np.random.default_rng(p["graine"])


def g(*forme, entree):
    return rng.normal(0.0, 1.0 / np.sqrt(entree), forme)


couches = []
for _ in range(p["couches"]):
    tetes = [(g(r, n, entree=n), g(r, n, entree=n), g(r, n, entree=n), g(n, r, entree=n))
             for _ in range(n // r)]
    couches.append({"heads": tetes, "W1": g(4 * n, n, entree=n), "b1": np.zeros(4 * n),
                    "W2": g(n, 4 * n, entree=4 * n), "b2": np.zeros(n)})
wte = rng.normal(0.0, 1.0, (n, N))


def residu_final(fenetre):
    x = wte[:, fenetre] + encodage_positionnel(len(fenetre), n, 10000.0)
    for c in couches:
        x = x + multi_tetes(x, c["heads"])
        z = c["W1"] @ x + c["b1"][:, None]
        x = x + c["W2"] @ (z / 2 * (1 + erf(z / np.sqrt(2)))) + c["b2"][:, None]
    return x


debut = time.perf_counter()
X, cibles = [], []
for s in range(0, len(ids) - 1, K):
    fenetre = ids[s:s + K + 1]
    X.append(residu_final(fenetre[:-1]))
    cibles.append(fenetre[1:])
X, cibles = np.hstack(X), np.concatenate(cibles)
Y = np.eye(N)[:, cibles]
echelle = np.linalg.norm(X, axis=0).max()
Xs, M = X / echelle, X.shape[1]
B = np.zeros((N, n))
for _etape in range(300):
    Z = B @ Xs
    P = np.exp(Z - Z.max(axis=0))
    P = P / P.sum(axis=0)
    B -= 0.5 * N * (P - Y) @ Xs.T / M
Z = B @ Xs
logP = Z - Z.max(axis=0) - np.log(np.exp(Z - Z.max(axis=0)).sum(axis=0))
print(f"perte d'entraînement {-(logP * Y).sum() / M:.3f} nat, "
      f"{time.perf_counter() - debut:.1f} s sur le processeur (numpy)")
petit_gpt = {"wte": wte, "layers": couches, "unembed": B / echelle}


def generer(debut_texte, longueur, T, graine=0):
    gen, suite = np.random.default_rng(graine), [alphabet.index(c) for c in debut_texte]
    for _ in range(longueur):
        logits = petit_gpt["unembed"] @ residu_final(np.array(suite[-K:]))[:, -1]
        q = np.exp((logits - logits.max()) / T)
        suite.append(int(gen.choice(N, p=q / q.sum())))
    return "".join(alphabet[i] for i in suite)


print(generer("le ", 60, T=0.7))
### END SOLUTION

# %% [test petit_gpt -> petit_gpt]
