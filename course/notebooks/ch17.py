# %% [markdown]
# # Chapitre 17 — ChatGPT, partie 1
#
# Ce notebook accompagne le chapitre « ChatGPT (partie 1) » de *Deepmath* (Bodin & Recher,
# Exo7) : statistiques des mots, modèles de bigrammes, échantillonnage, tokens BPE et
# plongements. Chaque question a **ses propres paramètres**, qui dépendent de votre
# identifiant : la cellule `parametres(...)` de la question les affiche, et le correcteur
# utilise exactement ceux-là. Les textes sont fournis dans les paramètres (rien n'est
# téléchargé).
#
# **Conventions du chapitre (utilisées par le correcteur).**
# * **Mots** : le texte est mis en minuscules et seuls les lettres (accents compris) forment des
#   mots ; tout le reste (ponctuation, apostrophes, chiffres) sépare les mots. En cas d'égalité
#   de compte, l'ordre est celui de la première apparition dans le texte.
# * **Phrases** : une phrase se termine par `.`, `!`, `?`, `:` ou un retour à la ligne ; un
#   bigramme (deux mots consécutifs) ne traverse jamais la fin d'une phrase.
# * **Zipf–Mandelbrot** : $f_i = a/(i+b)^c$ ; avec $b$ donné, on ajuste la droite
#   $\ln f_i = \ln a - c \ln(i+b)$ par moindres carrés (logarithme népérien).
# * **Température et top-k** : $\sigma_T(X)_i = e^{x_i/T} / \sum_j e^{x_j/T}$, calculée sur les
#   $k$ plus grands scores seulement (à égalité, le plus petit indice), les autres ont une
#   probabilité 0.
# * **Échantillonneur** : il crée son générateur avec `np.random.default_rng(graine)` ; le
#   correcteur fait quelques milliers de tirages et compare les fréquences observées à la loi
#   attendue par un **test G** (seuil α = 10⁻⁴ par appel) : renvoyer toujours le mot le plus
#   probable, ou une liste fabriquée aux fréquences « parfaites », ne passe pas.
# * **BPE** (le script du livre) : texte en minuscules, ponctuation remplacée par des espaces,
#   mots séparés par les espaces, chaque mot découpé en caractères. À chaque étape on compte
#   les paires de jetons consécutifs **dans les mots**, chaque position comptant (« aaa »
#   contient (a, a) deux fois) ; on fusionne la plus fréquente (à égalité : celle qui apparaît
#   **en premier** en lisant le texte de gauche à droite), de gauche à droite sans
#   chevauchement (« aaa » → aa, a) ; on s'arrête quand aucune paire n'apparaît deux fois.
#   Le vocabulaire : les caractères triés (ordre de `sorted`), puis les jetons fusionnés dans
#   l'ordre ; les identifiants commencent à **1**.
# * **Plongements** : la table `p["table"]` a **une ligne par mot** (mots dans `p["mots"]`).
#   Les axes de l'ACP sont définis au signe près : les deux signes sont acceptés.
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
# ## 1. Les mots les plus fréquents
#
# Comptez les mots de votre texte `p["texte"]` (conventions ci-dessus) et donnez la liste des
# 6 mots les plus fréquents sous la forme `[(mot, nombre), ...]`, le plus fréquent d'abord.

# %% [setup]
p = parametres("frequences")

# %% [answer frequences]
### BEGIN SOLUTION
import re  # noqa: E402

mots = re.findall(r"[^\W\d_]+", p["texte"].lower())
comptes = {}
for m in mots:
    comptes[m] = comptes.get(m, 0) + 1
frequences = sorted(comptes.items(), key=lambda t: -t[1])[:6]
### END SOLUTION

# %% [test frequences -> frequences]

# %% [markdown]
# ## 2. Ajuster la loi de Zipf–Mandelbrot
#
# `p["frequences"]` contient les fréquences des mots les plus courants du français (données du
# paquet `wordfreq`), rangées par fréquence décroissante : $f_1, f_2, \ldots$ Avec la valeur de
# $b$ affichée, ajustez la droite $\ln f_i = \ln a - c\,\ln(i + b)$ par moindres carrés et
# donnez le couple `(a, c)`.

# %% [setup]
p = parametres("zipf")

# %% [answer zipf]
### BEGIN SOLUTION
f = np.array(p["frequences"])
i = np.arange(1, len(f) + 1)
pente, origine = np.polyfit(np.log(i + p["b"]), np.log(f), 1)
zipf = (float(np.exp(origine)), float(-pente))
### END SOLUTION

# %% [test zipf -> zipf]

# %% [markdown]
# ## 3. Probabilités des bigrammes
#
# Dans votre texte `p["texte"]`, quelle est la loi du mot qui suit le mot affiché ? Donnez la
# liste des couples `(mot_suivant, probabilité)` triée par ordre alphabétique des mots
# (`sorted(...)`) ; les probabilités somment à 1. Les bigrammes restent à l'intérieur des
# phrases.

# %% [setup]
p = parametres("bigrammes")

# %% [answer bigrammes]
### BEGIN SOLUTION
import re  # noqa: E402

phrases = [re.findall(r"[^\W\d_]+", s.lower()) for s in re.split(r"[.!?:\n]+", p["texte"])]
suivants = {}
for s in phrases:
    for a, b in zip(s, s[1:], strict=False):
        if a == p["mot"]:
            suivants[b] = suivants.get(b, 0) + 1
total = sum(suivants.values())
bigrammes = sorted((m, c / total) for m, c in suivants.items())
### END SOLUTION

# %% [test bigrammes -> bigrammes]

# %% [markdown]
# ## 4. Softmax avec température et top-k
#
# Programmez `probabilites(scores, T, k)` qui renvoie la liste des probabilités de tous les
# indices : $\sigma_T$ calculée sur les $k$ plus grands scores, 0 pour les autres (voir les
# conventions). L'exemple du livre : scores $(2, 5, 25, 3, 14, 4)$.

# %% [setup]
p = parametres("probabilites")

# %% [answer probabilites]
### BEGIN SOLUTION
def probabilites(scores, T, k):
    s = np.array(scores, dtype=float)
    garde = np.argsort(-s, kind="stable")[:k]
    z = s[garde] / T
    e = np.exp(z - z.max())
    out = np.zeros(len(s))
    out[garde] = e / e.sum()
    return [float(v) for v in out]
### END SOLUTION

# %% [test probabilites -> probabilites]

# %% [markdown]
# ## 5. Un échantillonneur avec graine
#
# Programmez `echantillonner(scores, T, k, n, graine)` qui renvoie une liste de `n` indices
# (des entiers) tirés **indépendamment** selon `probabilites(scores, T, k)`, avec un générateur
# `np.random.default_rng(graine)` créé dans la fonction (même graine, mêmes tirages).

# %% [setup]
p = parametres("echantillonner")

# %% [answer echantillonner]
### BEGIN SOLUTION
def echantillonner(scores, T, k, n, graine):
    rng = np.random.default_rng(graine)
    q = np.array(probabilites(scores, T, k))
    return [int(i) for i in rng.choice(len(q), size=n, p=q / q.sum())]
### END SOLUTION

# %% [test echantillonner -> echantillonner]

# %% [markdown]
# ## 6. Apprendre les fusions BPE
#
# Appliquez l'algorithme BPE (conventions ci-dessus) à votre texte `p["texte"]` et donnez les
# `p["F"]` premières fusions, dans l'ordre, sous la forme `[(gauche, droite), ...]`. Si une
# fusion est fausse, le correcteur vous montre **la première** qui diffère.

# %% [setup]
p = parametres("bpe_fusions")

# %% [answer bpe_fusions]
### BEGIN SOLUTION
import re  # noqa: E402


def apprendre_bpe(texte, F):
    texte = " ".join(re.sub(r"[^\w]|[\d_]", " ", texte.lower()).split())
    mots = [list(m) for m in texte.split(" ")]
    fusions = []
    for _ in range(F):
        comptes = {}
        for m in mots:
            for paire in zip(m, m[1:], strict=False):
                comptes[paire] = comptes.get(paire, 0) + 1
        if not comptes or max(comptes.values()) < 2:
            break
        meilleur = max(comptes.values())
        paire = next(q for q, c in comptes.items() if c == meilleur)
        fusions.append(paire)
        nouveaux = []
        for m in mots:
            out, t = [], 0
            while t < len(m):
                if t + 1 < len(m) and (m[t], m[t + 1]) == paire:
                    out.append(m[t] + m[t + 1])
                    t += 2
                else:
                    out.append(m[t])
                    t += 1
            nouveaux.append(out)
        mots = nouveaux
    vocabulaire = sorted(set(texte) - {" "}) + [a + b for a, b in fusions]
    return fusions, vocabulaire


bpe_fusions, _ = apprendre_bpe(p["texte"], p["F"])
### END SOLUTION

# %% [test bpe_fusions -> bpe_fusions]

# %% [markdown]
# ## 7. Encoder avec les fusions apprises
#
# Avec les `p["F"]` fusions apprises sur votre texte (question précédente, même texte), encodez
# la phrase `p["phrase"]` : appliquez les fusions **dans l'ordre appris** à chaque mot, puis
# remplacez chaque jeton par son numéro dans le vocabulaire (à partir de 1). Réponse : une
# liste d'identifiants par mot, par exemple `[[6], [6, 3]]`.

# %% [setup]
p = parametres("bpe_encodage")

# %% [answer bpe_encodage]
### BEGIN SOLUTION
fusions, vocabulaire = apprendre_bpe(p["texte"], p["F"])
bpe_encodage = []
for mot in p["phrase"].split():
    jetons = list(mot)
    for paire in fusions:
        out, t = [], 0
        while t < len(jetons):
            if t + 1 < len(jetons) and (jetons[t], jetons[t + 1]) == paire:
                out.append(jetons[t] + jetons[t + 1])
                t += 2
            else:
                out.append(jetons[t])
                t += 1
        jetons = out
    bpe_encodage.append([vocabulaire.index(j) + 1 for j in jetons])
### END SOLUTION

# %% [test bpe_encodage -> bpe_encodage]

# %% [markdown]
# ## 8. Similarité, distance et angle
#
# Pour les deux mots affichés, calculez avec leurs vecteurs (lignes de `p["table"]`) le
# triplet `(S_cos, distance, angle)` : la similarité cosinus
# $\langle X | Y\rangle / (\|X\|\,\|Y\|)$, la distance euclidienne $\|X - Y\|$ et l'angle entre
# les vecteurs **en degrés**.

# %% [setup]
p = parametres("mesures")

# %% [answer mesures]
### BEGIN SOLUTION
T = np.array(p["table"])
X, Y = T[p["mots"].index(p["u"])], T[p["mots"].index(p["v"])]
s_cos = float(X @ Y / (np.linalg.norm(X) * np.linalg.norm(Y)))
mesures = (s_cos, float(np.linalg.norm(X - Y)), float(np.degrees(np.arccos(s_cos))))
### END SOLUTION

# %% [test mesures -> mesures]

# %% [markdown]
# ## 9. ACP d'une petite table de plongements
#
# Calculez les coordonnées des 10 mots de `p["table"]` sur les deux premiers axes principaux :
# centrez les lignes, calculez la matrice de covariance, prenez les vecteurs propres des deux
# plus grandes valeurs propres et projetez. Réponse : un tableau de forme (10, 2).

# %% [setup]
p = parametres("acp")

# %% [answer acp]
### BEGIN SOLUTION
X = np.array(p["table"])
Xc = X - X.mean(axis=0)
valeurs, vecteurs = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
axes = vecteurs[:, np.argsort(valeurs)[::-1][:2]]
acp = Xc @ axes
### END SOLUTION

# %% [test acp -> acp]

# %% [markdown]
# ## 10. Une analogie
#
# Calculez le vecteur $v_a - v_b + v_c$ pour les trois mots affichés et donnez le mot de
# `p["mots"]` dont le vecteur a la plus grande similarité cosinus avec lui, **les trois mots de
# départ exclus** (une chaîne).

# %% [setup]
p = parametres("analogie")

# %% [answer analogie]
### BEGIN SOLUTION
T = np.array(p["table"])
a, b, c = p["abc"]
v = T[p["mots"].index(a)] - T[p["mots"].index(b)] + T[p["mots"].index(c)]
sims = T @ v / (np.linalg.norm(T, axis=1) * np.linalg.norm(v))
candidats = [i for i in np.argsort(-sims, kind="stable") if p["mots"][i] not in (a, b, c)]
analogie = p["mots"][candidats[0]]
### END SOLUTION

# %% [test analogie -> analogie]
