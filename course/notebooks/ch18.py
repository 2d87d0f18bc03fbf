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
# * La dernière question entraîne un petit GPT avec **Keras 3** (déjà installé dans ce noyau) ;
#   les poids rendus gardent la disposition du livre (tokens en colonnes).
# * **Entraînement.** La cellule d'entraînement passe par `entrainer_ou_charger(fichier,
#   entrainer)` : pendant le TP, elle appelle `entrainer()` puis enregistre les poids dans
#   `fichier`, à côté du notebook ; ce fichier part avec le notebook quand vous soumettez, et
#   la correction le recharge : elle ne ré-entraîne jamais.
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
# ## 9. Un petit GPT, entraîné avec Keras
#
# On assemble maintenant les pièces précédentes en un petit décodeur sur les **caractères**,
# et on l'entraîne **en entier**. Le token $c$ est le rang du caractère dans `p["alphabet"]`
# ($N$ tokens). Pour une fenêtre de $K \leq 16$ tokens, le modèle calcule, toujours tokens en
# colonnes :
#
# 1. plongement : $x_1$ = les colonnes de `wte` (forme `(n, N)`) choisies par les tokens, plus
#    l'encodage positionnel de la question 2 (positions $0, \ldots, K-1$, $p = 10\,000$) ;
# 2. pour chaque couche : $x \leftarrow x + H(x)$ avec les $n/r$ têtes causales de la
#    question 7 (facteur $1/\sqrt r$), puis $x \leftarrow x + W_2\,\mathrm{GELU}(W_1 x + b_1)
#    + b_2$ (GELU **exacte**, $b_1$ et $b_2$ ajoutés à chaque colonne) ;
# 3. sortie : les logits $B x$ (`unembed`, forme `(N, n)`) ; un softmax de la colonne $k$
#    donne la loi du caractère qui suit la position $k$.
#
# **Keras 3.** Sans dérivation automatique, on ne pourrait entraîner que $B$ (une régression
# softmax sur des poids tirés au hasard) : le modèle n'apprend alors presque rien du contexte.
# Keras calcule les gradients de tous les poids. On écrit la passe avant ci-dessus dans une
# couche `keras.layers.Layer` avec les seules opérations `keras.ops` (`einsum`, `softmax`,
# `gelu`…) : le code ne dépend pas du moteur de Keras (TensorFlow ici, JAX ou PyTorch
# ailleurs). Les poids y gardent la disposition du livre : un lot de fenêtres est un tableau
# `(lot, n, K)`, chaque fenêtre étant une matrice $x$ de forme `(n, K)` ; les $W_Q$ des têtes
# sont empilées en un tableau `(têtes, r, n)`. Un `keras.Model` minimise l'entropie croisée
# par `fit` (optimiseur Adam) sur **toutes** les fenêtres de 16 caractères consécutifs de
# `p["texte"]` (la cible de chaque position est le caractère suivant).
#
# Écrivez l'entraînement dans une fonction sans argument `entrainer()` qui renvoie les poids
# sous forme d'un dictionnaire de tableaux numpy (jamais un fichier de modèle), et obtenez
# `petit_gpt = entrainer_ou_charger("petit_gpt.npz", entrainer)` (voir les conventions) :
# `{"wte": ..., "layers": [{"heads": [(W_Q, W_K, W_V, W_O), ...], "W1": ..., "b1": ...,
# "W2": ..., "b2": ...}, ...], "unembed": ...}`. Le correcteur recalcule, avec sa propre passe
# avant (numpy, masque causal), la perte sur un **autre texte** du même style, que vous ne
# voyez pas : il faut au plus **1,5 nat** par caractère. Repères : la loi uniforme donne
# $\log 30 \approx 3{,}40$, les fréquences des caractères $\approx 2{,}9$, celles des paires
# de caractères $\approx 1{,}9$, et n'entraîner que $B$ donne entre 2 et 2,5. La cellule
# affiche l'appareil utilisé (le GPU si le noyau en a un, sinon le processeur) et la durée ;
# quelques dizaines de secondes suffisent sur un processeur.

# %% [setup]
p = parametres("petit_gpt")

# %% [answer petit_gpt]
### BEGIN SOLUTION
import time  # noqa: E402

import keras  # noqa: E402
from keras import ops  # noqa: E402

alphabet, n, K, r = p["alphabet"], p["n"], p["K"], p["r"]
N, T = len(alphabet), n // r  # T têtes de dimension r par couche


class Decodeur(keras.layers.Layer):
    """La passe avant du livre en keras.ops : (lot, K) entiers → logits (lot, K, N)."""

    def __init__(self, **options):
        super().__init__(**options)

        def tirage(forme, entree):
            loi = keras.initializers.RandomNormal(0.0, 1.0 / np.sqrt(entree))
            return self.add_weight(shape=forme, initializer=loi)

        def nuls(forme):
            return self.add_weight(shape=forme, initializer="zeros")

        self.wte = tirage((n, N), 1)
        self.couches = [{"W_Q": tirage((T, r, n), n), "W_K": tirage((T, r, n), n),
                         "W_V": tirage((T, r, n), n), "W_O": tirage((T, n, r), n),
                         "W1": tirage((4 * n, n), n), "b1": nuls((4 * n,)),
                         "W2": tirage((n, 4 * n), 4 * n), "b2": nuls((n,))}
                        for _ in range(p["couches"])]
        self.B = tirage((N, n), n)
        self.P = encodage_positionnel(K, n, 10000.0).astype("float32")  # (n, K), question 2
        self.futur = np.triu(np.ones((K, K), dtype=bool), k=1)          # j > i

    def call(self, ids):
        x = ops.transpose(ops.take(self.wte, ids, axis=1), (1, 0, 2))   # (lot, n, K)
        x = x + self.P
        for c in self.couches:
            Q = ops.einsum("trn,bnk->btrk", c["W_Q"], x)                 # W_Q x, par tête
            Kc = ops.einsum("trn,bnk->btrk", c["W_K"], x)
            V = ops.einsum("trn,bnk->btrk", c["W_V"], x)
            S = ops.einsum("btri,btrj->btij", Q, Kc) / np.sqrt(r)        # QᵀK/√r
            A = ops.softmax(ops.where(self.futur, -1e9, S), axis=-1)      # masque, lignes
            x = x + ops.einsum("tnr,btrj,btij->bni", c["W_O"], V, A)     # Σ W_O W_V x Aᵀ
            z = ops.einsum("mn,bnk->bmk", c["W1"], x) + c["b1"][:, None]
            mlp = ops.einsum("nm,bmk->bnk", c["W2"], ops.gelu(z, approximate=False))
            x = x + mlp + c["b2"][:, None]
        return ops.einsum("Nn,bnk->bkN", self.B, x)                      # (lot, K, N)

    def poids_numpy(self):
        def a(v):
            return keras.ops.convert_to_numpy(v).astype(np.float64)

        couches = [{"heads": [(a(c["W_Q"])[t], a(c["W_K"])[t], a(c["W_V"])[t], a(c["W_O"])[t])
                              for t in range(T)],
                    "W1": a(c["W1"]), "b1": a(c["b1"]), "W2": a(c["W2"]), "b2": a(c["b2"])}
                   for c in self.couches]
        return {"wte": a(self.wte), "layers": couches, "unembed": a(self.B)}


def appareil():
    try:
        noms = keras.distribution.list_devices()
    except Exception:  # un moteur sans cette fonction : on ne sait pas, on dit le processeur
        noms = ["cpu"]
    return "GPU" if any(d.lower().startswith(("gpu", "cuda")) for d in noms) else "processeur"


def entrainer():
    """Entraîne tout le décodeur sur p["texte"] ; renvoie ses poids (tableaux numpy)."""
    keras.utils.set_random_seed(p["graine"])
    ids = np.array([alphabet.index(c) for c in p["texte"]])
    debuts = np.arange(len(ids) - K)[:, None]
    X, Y = ids[debuts + np.arange(K)], ids[debuts + np.arange(1, K + 1)]  # (M, K) chacun
    decodeur = Decodeur()
    entree = keras.Input((K,), dtype="int32")
    modele = keras.Model(entree, decodeur(entree))
    modele.compile(optimizer=keras.optimizers.Adam(3e-3),
                   loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    debut = time.perf_counter()
    suivi = modele.fit(X, Y, batch_size=64, epochs=5, verbose=0)
    print(f"entraîné sur {appareil()} (Keras, moteur {keras.backend.backend()}) en "
          f"{time.perf_counter() - debut:.1f} s ; perte d'entraînement "
          f"{suivi.history['loss'][-1]:.3f} nat")
    return decodeur.poids_numpy()


petit_gpt = entrainer_ou_charger("petit_gpt.npz", entrainer)


def generer(debut_texte, longueur, temperature, graine=0):
    """Génère avec les poids numpy et la passe avant des questions 2 et 7 (causale)."""
    tirages, suite = np.random.default_rng(graine), [alphabet.index(c) for c in debut_texte]
    for _ in range(longueur):
        fenetre = suite[-K:]
        x = petit_gpt["wte"][:, fenetre] + encodage_positionnel(len(fenetre), n, 10000.0)
        for c in petit_gpt["layers"]:
            x = x + multi_tetes(x, c["heads"])
            z = c["W1"] @ x + c["b1"][:, None]
            x = x + c["W2"] @ (z / 2 * (1 + np.vectorize(math.erf)(z / np.sqrt(2))))
            x = x + c["b2"][:, None]
        logits = petit_gpt["unembed"] @ x[:, -1]
        q = np.exp((logits - logits.max()) / temperature)
        suite.append(int(tirages.choice(N, p=q / q.sum())))
    return "".join(alphabet[i] for i in suite)


print(generer("le ", 80, temperature=0.7))
### END SOLUTION

# %% [test petit_gpt -> petit_gpt]
