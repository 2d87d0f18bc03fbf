"""Graded items of assignment ch17 « ChatGPT, partie 1 » (instructor-only: never released).

Expected answers come from ``reference/`` (corpus, text_stats, sampling, bpe, embeddings) with
the student's parameters; see ``shared/book/notes/ch11-18.md`` §17. The corpus ships in the
parameters (generated offline by ``reference.corpus``; the Zipf table is French from the
``wordfreq`` package, computed on the grader's side and handed out as numbers).
Conventions stated in the notebook: words = lower-cased runs of letters; bigrams never cross a
sentence; softmax_T then top-k renormalised; BPE as ``reference.bpe.bpe_train_book`` (ties:
first occurrence in the text; "aaa" holds (a, a) twice); ids 1-based; embeddings as rows;
principal components up to sign.
"""

from __future__ import annotations

import random

import numpy as np

from autograder.items import Call, FunctionItem, Mistake, ValueItem
from autograder.model import Msg
from autograder.sampling_check import MergesItem, SamplerItem, SignFreeItem, sampler_from
from reference import bpe, corpus, embeddings, sampling, text_stats


# --- 1. word counts ---------------------------------------------------------------------------
def _texte(seed: int) -> str:
    """A variant corpus: generated sentences, capitalised, with punctuation."""
    rng = random.Random(seed)
    out = []
    for s in corpus.generate_sentences(40, seed=seed):
        words = list(s)
        if rng.random() < 0.4:
            words[len(words) // 2] += ","
        out.append(" ".join(words).capitalize() + rng.choice([".", ".", " !", " ?"]))
    return " ".join(out)


def _top(words, n=6):
    return [(w, c) for w, c in text_stats.word_counts(words)[:n]]


def _freq_draw(r: random.Random):
    while True:
        p = {"graine": r.randint(1, 10**6)}
        t = _texte(p["graine"])
        if _top(corpus.tokenize(t)) != _top(t.split()) and len(
                {c for _, c in _top(corpus.tokenize(t))}) >= 3:
            p["texte"] = t
            return p


def _relative_answer(p):
    words = corpus.tokenize(_texte(p["graine"]))
    return [(w, c / len(words)) for w, c in _top(words)]


def _relative(got, p) -> bool:
    want = _relative_answer(p)
    return len(got) == len(want) and all(
        g[0] == w[0] and isinstance(g[1], float) and abs(g[1] - w[1]) < 1e-9
        for g, w in zip(got, want, strict=True))


FREQUENCES = ValueItem(
    id="ch17.frequences", points=1,
    title=Msg("Les mots les plus fréquents", "The most frequent words"),
    draw=_freq_draw,
    statement=lambda p: f"votre texte : p['texte'] ({len(_texte(p['graine']))} caractères) ; "
                        f"les 6 mots les plus fréquents avec leur nombre d'occurrences",
    expected=lambda p: _top(corpus.tokenize(_texte(p["graine"]))), exact=True,
    mistakes=[
        Mistake("sans_normalisation",
                Msg("Mettez le texte en minuscules et ne gardez que les lettres : « Le », "
                    "« le » et « le, » sont le même mot.",
                    "Lower-case the text and keep letters only: “Le”, “le” and “le,” are the "
                    "same word."),
                wrong=lambda p: _top(_texte(p["graine"]).split())),
        Mistake("frequences_relatives",
                Msg("On demande le nombre d'occurrences (un entier), pas la fréquence relative.",
                    "The number of occurrences (an integer) is asked, not the relative "
                    "frequency."),
                predicate=lambda got, p: _relative(got, p),
                example=lambda p: _relative_answer(p)),
    ])


# --- 2. Zipf–Mandelbrot fit with b given ------------------------------------------------------
_WORDFREQ: dict[int, list[float]] = {}


def _zipf_table(n: int) -> list[float]:
    if n not in _WORDFREQ:
        _, f = corpus.wordfreq_rank_frequency(n)
        _WORDFREQ[n] = [float(v) for v in f]
    return _WORDFREQ[n]


def _fit(freqs, b: float, shift: bool = True, log10_exp: bool = False):
    f = np.asarray(freqs, dtype=np.float64)
    i = np.arange(1, f.size + 1) + (b if shift else 0.0)
    log = np.log10 if log10_exp else np.log
    slope, intercept = np.polyfit(log(i), log(f), 1)
    return (float(np.exp(intercept)), float(-slope))


def _zipf_draw(r: random.Random):
    n = r.randint(30, 80)
    return {"n": n, "b": r.choice([0.5, 1.0, 1.5, 2.0, 2.7, 3.5]), "frequences": _zipf_table(n)}


ZIPF = ValueItem(
    id="ch17.zipf", points=1.5,
    title=Msg("Ajuster la loi de Zipf–Mandelbrot", "Fit the Zipf–Mandelbrot law"),
    draw=lambda r: _zipf_draw(r),
    statement=lambda p: f"les {p['n']} premières fréquences du français (p['frequences'], "
                        f"rang 1 d'abord) ; b = {p['b']} ; donnez (a, c)",
    expected=lambda p: _fit(_zipf_table(p["n"]), p["b"]), rtol=1e-6, atol=1e-9,
    mistakes=[
        Mistake("b_oublie",
                Msg("La loi est f_i = a/(i + b)^c : l'abscisse de la droite est ln(i + b), pas "
                    "ln(i).",
                    "The law is f_i = a/(i + b)^c: the line's abscissa is ln(i + b), not ln(i)."),
                wrong=lambda p: _fit(_zipf_table(p["n"]), p["b"], shift=False)),
        Mistake("log10_puis_exp",
                Msg("Vous avez ajusté en log₁₀ puis pris exp de l'ordonnée à l'origine : "
                    "utilisez le même logarithme des deux côtés (a = 10^ordonnée en log₁₀).",
                    "You fitted in log₁₀ and then took exp of the intercept: use the same "
                    "logarithm both ways (a = 10^intercept in log₁₀)."),
                wrong=lambda p: _fit(_zipf_table(p["n"]), p["b"], log10_exp=True)),
    ])


# --- 3. bigram probabilities ------------------------------------------------------------------
def _sentences(seed: int) -> list[list[str]]:
    return corpus.split_sentences(_texte(seed))


def _bigram(seed: int, word: str, cross: bool = False, counts: bool = False):
    sents = _sentences(seed)
    if cross:
        sents = [[w for s in sents for w in s]]
    c = sampling.ngram_counts(sents, 2).get((word,), {})
    total = sum(c.values())
    return sorted((w, (float(n) if counts else n / total)) for w, n in c.items())


def _bigram_draw(r: random.Random):
    while True:
        seed = r.randint(1, 10**6)
        sents = _sentences(seed)
        ends = {s[-1] for s in sents}
        inside = {w for s in sents for w in s[:-1]}
        cands = sorted(ends & inside)
        if cands:
            word = r.choice(cands)
            if _bigram(seed, word) not in (_bigram(seed, word, cross=True),
                                           _bigram(seed, word, counts=True)):
                return {"graine": seed, "mot": word, "texte": _texte(seed)}


BIGRAMMES = ValueItem(
    id="ch17.bigrammes", points=1.5,
    title=Msg("Probabilités des bigrammes", "Bigram probabilities"),
    draw=_bigram_draw,
    statement=lambda p: f"dans votre texte (p['texte']), la loi du mot qui suit « {p['mot']} » : "
                        f"la liste triée [(mot, P(mot | {p['mot']})), …]",
    expected=lambda p: _bigram(p["graine"], p["mot"]), rtol=1e-9,
    mistakes=[
        Mistake("traverse_les_phrases",
                Msg("Un bigramme reste dans une phrase : le mot qui termine une phrase n'est "
                    "pas suivi par le premier mot de la suivante.",
                    "A bigram stays inside a sentence: the last word of a sentence is not "
                    "followed by the first word of the next."),
                wrong=lambda p: _bigram(p["graine"], p["mot"], cross=True)),
        Mistake("comptes_non_normalises",
                Msg("Divisez chaque compte par le nombre total de successeurs du mot : les "
                    "probabilités doivent sommer à 1.",
                    "Divide each count by the word's total number of successors: the "
                    "probabilities must sum to 1."),
                wrong=lambda p: _bigram(p["graine"], p["mot"], counts=True)),
    ])


# --- 4. softmax with temperature and top-k ------------------------------------------------------
def _probs(scores, T, k):
    return [float(v) for v in sampling.top_k_probabilities(scores, k, T)]


def _probs_times_T(scores, T, k):
    return _probs(list(np.asarray(scores, dtype=float) * T * T), T, k)


def _probs_not_renormalised(scores, T, k):
    p = sampling.top_k_probabilities(scores, None, T)
    keep = sampling.top_k_indices(scores, k)
    out = np.zeros_like(p)
    out[keep] = p[keep]
    return [float(v) for v in out]


def _probs_calls(p, r: random.Random):
    calls = [Call(([2.0, 5.0, 25.0, 3.0, 14.0, 4.0], 1.0, 3)),
             Call(([1.0, 2.0, 3.0], 0.5, 3)),
             Call((list(map(float, p["scores"])), p["T"], p["k"]))]
    for _ in range(4):
        m = r.randint(3, 7)
        calls.append(Call(([float(r.randint(-5, 9)) for _ in range(m)],
                           r.choice([0.5, 2.0, 3.0]), r.randint(2, m))))
    return calls


PROBABILITES = FunctionItem(
    id="ch17.probabilites", points=1.5,
    title=Msg("Softmax avec température et top-k", "Softmax with temperature and top-k"),
    draw=lambda r: {"scores": [r.randint(-3, 8) for _ in range(6)],
                    "T": r.choice([0.5, 2.0, 4.0]), "k": r.randint(2, 4)},
    statement=lambda p: f"probabilites(scores, T, k) ; essayez scores = {p['scores']}, "
                        f"T = {p['T']}, k = {p['k']}",
    reference=lambda p: _probs, calls=_probs_calls, rtol=1e-9, atol=1e-12,
    mistakes=[
        Mistake("temperature_multipliee",
                Msg("σ_T divise les scores par T (e^{x_i/T}) : T > 1 aplatit la loi, T < 1 la "
                    "concentre.",
                    "σ_T divides the scores by T (e^{x_i/T}): T > 1 flattens the law, T < 1 "
                    "sharpens it."),
                wrong=lambda p: _probs_times_T),
        Mistake("topk_non_renormalise",
                Msg("Après avoir gardé les k meilleurs scores, renormalisez : la softmax se "
                    "calcule sur ces k scores seulement, la somme vaut 1.",
                    "After keeping the k best scores, renormalise: the softmax is taken over "
                    "those k scores only, the sum is 1."),
                wrong=lambda p: _probs_not_renormalised),
    ])


# --- 5. a seeded sampler -----------------------------------------------------------------------
def _law(scores, T, k):
    return sampling.top_k_probabilities(scores, k, T)


def _law_mode(scores, T, k):
    return np.eye(len(scores))[int(np.argmax(scores))]


def _law_uniform(scores, T, k):
    keep = sampling.top_k_indices(scores, k)
    p = np.zeros(len(scores))
    p[keep] = 1.0 / len(keep)
    return p


def _law_no_topk(scores, T, k):
    return sampling.top_k_probabilities(scores, None, T)


def _sampler_cases(p):
    s = [float(v) for v in p["scores"]]
    return [(s, p["T"], p["k"], p["graine"]), (s, 1.0, len(s), p["graine"] + 1),
            ([0.0, 1.0, 2.0, 3.0, 2.5], 1.5, 4, 7)]


ECHANTILLONNER = SamplerItem(
    id="ch17.echantillonner", points=2,
    title=Msg("Un échantillonneur avec graine", "A seeded sampler"),
    draw=lambda r: {"scores": [round(r.uniform(-1, 3), 1) + 0.0 for _ in range(5)],
                    "T": r.choice([0.7, 1.0, 1.5]), "k": r.randint(3, 4),
                    "graine": r.randint(1, 10**6)},
    statement=lambda p: f"echantillonner(scores, T, k, n, graine) : n indices tirés selon "
                        f"probabilites(scores, T, k) ; essayez scores = {p['scores']}, "
                        f"T = {p['T']}, k = {p['k']}",
    distribution=_law, cases=_sampler_cases,
    wrong_laws={"mode": _law_mode, "uniforme": _law_uniform, "sans_topk": _law_no_topk},
    mistakes=[
        Mistake("mode",
                Msg("Votre fonction renvoie toujours l'indice le plus probable : un "
                    "échantillonneur tire au hasard selon les probabilités (rng.choice(m, p=…)).",
                    "Your function always returns the most likely index: a sampler draws at "
                    "random according to the probabilities (rng.choice(m, p=…))."),
                wrong=lambda p: sampler_from(_law_mode)),
        Mistake("uniforme",
                Msg("Les k candidats sont tirés uniformément : il faut les pondérer par leurs "
                    "probabilités softmax_T.",
                    "The k candidates are drawn uniformly: weight them by their softmax_T "
                    "probabilities."),
                wrong=lambda p: sampler_from(_law_uniform)),
        Mistake("sans_topk",
                Msg("Des indices hors des k meilleurs scores sont tirés : appliquez le top-k "
                    "avant de tirer.",
                    "Indices outside the k best scores are drawn: apply top-k before drawing."),
                wrong=lambda p: sampler_from(_law_no_topk)),
    ])


# --- 6–7. BPE -----------------------------------------------------------------------------------
SYLLABES = ("ba", "na", "ta", "aa", "ra", "an", "ab", "la", "ma", "ar", "al", "aaa")


def _bpe_text(seed: int) -> str:
    r = random.Random(seed)
    words = []
    for _ in range(16):
        w = "".join(r.choice(SYLLABES) for _ in range(r.randint(1, 3)))
        if r.random() < 0.25:
            w = w.capitalize()
        words.append(w + (r.choice([",", ".", " !"]) if r.random() < 0.3 else ""))
    return " ".join(words)


def _merges_ref(text: str, F: int):
    return [tuple(m) for m in bpe.bpe_train_book(text, F)[0].merges]


def _merges_vocab_order(text, F):
    return [tuple(m) for m in bpe.bpe_train(bpe.normalize_text(text), F,
                                            tie_break="vocab_order")[0].merges]


def _merges_raw(text, F):
    return [tuple(m) for m in bpe.bpe_train(text, F)[0].merges]


def _count_no_overlap(words):
    counts: dict = {}
    for w in words:
        seen_at = {}
        for t, pair in enumerate(zip(w, w[1:], strict=False)):
            if pair in seen_at and seen_at[pair] == t - 1 and pair[0] == pair[1]:
                seen_at[pair] = -10                       # an overlapping repeat: not counted
                continue
            seen_at[pair] = t
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def _merges_variant(text, F, overlap=False, resplit=True):
    words = bpe.split_words(bpe.normalize_text(text))
    merges = []
    initial = bpe.pair_counts(words)
    for _ in range(F):
        counts = (_count_no_overlap(words) if overlap else bpe.pair_counts(words)) if resplit \
            else {p: c for p, c in initial.items() if p not in merges}
        if not counts or max(counts.values()) < 2:
            break
        top = max(counts.values())
        pair = next(p for p, c in counts.items() if c == top)
        merges.append(pair)
        words = [bpe.merge_word(w, pair) for w in words]
    return merges


def _bpe_draw(r: random.Random):
    while True:
        p = {"graine": r.randint(1, 10**6), "F": r.randint(6, 9)}
        t, F = _bpe_text(p["graine"]), p["F"]
        ref = _merges_ref(t, F)
        alts = [_merges_vocab_order(t, F), _merges_raw(t, F),
                _merges_variant(t, F, overlap=True), _merges_variant(t, F, resplit=False)]
        if len(ref) == F and all(a != ref for a in alts) and len({tuple(a) for a in alts}) == 4:
            p["texte"] = t
            return p


BPE_FUSIONS = MergesItem(
    id="ch17.bpe_fusions", points=2,
    title=Msg("Apprendre les fusions BPE", "Learn the BPE merges"),
    draw=_bpe_draw,
    statement=lambda p: f"votre texte : « {_bpe_text(p['graine'])} » (p['texte']) ; les "
                        f"{p['F']} premières fusions, dans l'ordre",
    expected=lambda p: _merges_ref(_bpe_text(p["graine"]), p["F"]),
    mistakes=[
        Mistake("egalites_ordre_alphabetique",
                Msg("En cas d'égalité, la règle de l'énoncé prend la paire qui apparaît en "
                    "premier dans le texte (lecture de gauche à droite), pas l'ordre du "
                    "vocabulaire.",
                    "On a tie, the stated rule takes the pair that occurs first in the text "
                    "(reading left to right), not the vocabulary order."),
                wrong=lambda p: _merges_vocab_order(_bpe_text(p["graine"]), p["F"])),
        Mistake("sans_normalisation",
                Msg("Mettez d'abord le texte en minuscules et remplacez la ponctuation par des "
                    "espaces, comme le script du livre.",
                    "First lower-case the text and replace punctuation by spaces, as the "
                    "book's script does."),
                wrong=lambda p: _merges_raw(_bpe_text(p["graine"]), p["F"])),
        Mistake("chevauchement",
                Msg("Chaque position compte : « aaa » contient la paire (a, a) deux fois.",
                    "Every position counts: “aaa” holds the pair (a, a) twice."),
                wrong=lambda p: _merges_variant(_bpe_text(p["graine"]), p["F"], overlap=True)),
        Mistake("sans_redecoupage",
                Msg("Après chaque fusion, réécrivez le texte avec le nouveau jeton et recomptez "
                    "les paires : les comptes du départ ne suffisent pas.",
                    "After each merge, rewrite the text with the new token and count the pairs "
                    "again: the initial counts are not enough."),
                wrong=lambda p: _merges_variant(_bpe_text(p["graine"]), p["F"],
                                                resplit=False)),
    ])


def _encode(p, start=1, reverse=False):
    model = bpe.bpe_train_book(_bpe_text(p["graine"]), p["F"])[0]
    if reverse:
        model = bpe.BPEModel(model.vocab, tuple(reversed(model.merges)))
    return bpe.encode(bpe.normalize_text(p["phrase"]), model, start=start)


def _encode_draw(r: random.Random):
    while True:
        p = _bpe_draw(r)
        letters = sorted(set(bpe.normalize_text(_bpe_text(p["graine"]))) - {" "})
        p["phrase"] = " ".join("".join(r.choice(["ba", "na", "aa", "ra", "ab", "an", "ta"])
                                       for _ in range(r.randint(2, 3))) for _ in range(3))
        if set(p["phrase"]) - {" "} <= set(letters) and _encode(p) != _encode(p, reverse=True):
            return p


BPE_ENCODAGE = ValueItem(
    id="ch17.bpe_encodage", points=1.5,
    title=Msg("Encoder avec les fusions apprises", "Encode with the learned merges"),
    draw=_encode_draw,
    statement=lambda p: f"avec les {p['F']} fusions de votre texte (p['texte']), encodez "
                        f"« {p['phrase']} » : une liste d'identifiants par mot (à partir de 1)",
    expected=lambda p: _encode(p), exact=True,
    mistakes=[
        Mistake("ids_depuis_0",
                Msg("Les identifiants commencent à 1 comme dans le livre (le premier caractère "
                    "du vocabulaire a le numéro 1).",
                    "Ids start at 1 as in the book (the vocabulary's first character is "
                    "number 1)."),
                wrong=lambda p: _encode(p, start=0)),
        Mistake("fusions_dans_le_desordre",
                Msg("Appliquez les fusions dans l'ordre où elles ont été apprises (la n° 1 "
                    "d'abord) : l'ordre change le découpage.",
                    "Apply the merges in the order they were learned (no. 1 first): the order "
                    "changes the segmentation."),
                wrong=lambda p: _encode(p, reverse=True)),
    ])


# --- 8–10. embeddings ---------------------------------------------------------------------------
MOTS = ("roi", "reine", "homme", "femme", "prince", "princesse", "chat", "chien", "paris",
        "lyon")


def _table(seed: int) -> list[list[float]]:
    """A small embedding table (rows = words): royal/gender axes plus noise."""
    rng = np.random.default_rng(seed)
    base = {"roi": (3, 1), "reine": (3, -1), "homme": (0, 1), "femme": (0, -1),
            "prince": (2, 1), "princesse": (2, -1), "chat": (-2, 0.2), "chien": (-2, -0.1),
            "paris": (-1, 0), "lyon": (-1, 0.3)}
    rows = []
    for w in MOTS:
        r, g = base[w]
        rows.append([round(float(v), 1) for v in
                     np.r_[r, g, rng.integers(-2, 3, 2)] + rng.normal(0, 0.4, 4)])
    return rows


def _with_table(p):
    return {**p, "mots": list(MOTS), "table": _table(p["graine"])}


def _vecs(p):
    T = np.asarray(_table(p["graine"]))
    return T[MOTS.index(p["u"])], T[MOTS.index(p["v"])]


def _mesures(p, radians=False, squared=False):
    x, y = _vecs(p)
    d = embeddings.euclidean_distance(x, y)
    return (embeddings.cosine_similarity(x, y), d * d if squared else d,
            embeddings.angle(x, y, degrees=not radians))


MESURES = ValueItem(
    id="ch17.mesures", points=1,
    title=Msg("Similarité, distance et angle", "Similarity, distance and angle"),
    draw=lambda r: _with_table(dict(zip(("u", "v"), r.sample(MOTS, 2), strict=True),
                                    graine=r.randint(1, 10**6))),
    statement=lambda p: f"table p['table'] (une ligne par mot, mots p['mots']) ; pour "
                        f"« {p['u']} » et « {p['v']} » : (S_cos, distance, angle en degrés)",
    expected=_mesures, rtol=1e-7, atol=1e-9,
    mistakes=[
        Mistake("angle_en_radians",
                Msg("L'angle est demandé en degrés : θ = arccos(S_cos) × 180/π.",
                    "The angle is asked in degrees: θ = arccos(S_cos) × 180/π."),
                wrong=lambda p: _mesures(p, radians=True)),
        Mistake("distance_au_carre",
                Msg("La distance euclidienne est la racine de la somme des carrés.",
                    "The Euclidean distance is the square root of the sum of squares."),
                wrong=lambda p: _mesures(p, squared=True)),
    ])


def _acp(p, centre=True, smallest=False):
    X = np.asarray(_table(p["graine"]))
    if not centre:
        d, u = np.linalg.eigh(X.T @ X / (X.shape[0] - 1))
        axes = u[:, ::-1][:, :2]
        return (X @ axes).tolist()
    if smallest:
        Xc = X - X.mean(axis=0)
        d, u = np.linalg.eigh(Xc.T @ Xc)
        return (Xc @ u[:, :2]).tolist()
    return embeddings.pca(X, 2).tolist()


ACP = SignFreeItem(
    id="ch17.acp", points=1.5,
    title=Msg("ACP d'une petite table de plongements", "PCA of a small embedding table"),
    draw=lambda r: _with_table({"graine": r.randint(1, 10**6)}),
    statement=lambda p: "les coordonnées des 10 mots de p['table'] sur les deux premiers axes "
                        "principaux : un tableau (10, 2) (chaque axe au signe près)",
    expected=_acp, rtol=1e-6, atol=1e-8,
    mistakes=[
        Mistake("non_centree",
                Msg("Centrez d'abord les données (retirez la moyenne de chaque colonne) avant "
                    "de calculer la matrice de covariance.",
                    "Centre the data first (subtract each column's mean) before computing the "
                    "covariance matrix."),
                wrong=lambda p: _acp(p, centre=False)),
        Mistake("plus_petites_valeurs_propres",
                Msg("np.linalg.eigh range les valeurs propres par ordre croissant : les axes "
                    "principaux sont les vecteurs propres des plus GRANDES.",
                    "np.linalg.eigh sorts eigenvalues increasingly: the principal axes are the "
                    "eigenvectors of the LARGEST ones."),
                wrong=lambda p: _acp(p, smallest=True)),
    ])


def _analogie(p, exclude=True, euclid=False):
    T = np.asarray(_table(p["graine"]))
    a, b, c = p["abc"]
    v = T[MOTS.index(a)] - T[MOTS.index(b)] + T[MOTS.index(c)]
    if euclid:
        order = np.argsort(np.linalg.norm(T - v, axis=1), kind="stable")
        return [MOTS[i] for i in order if MOTS[i] not in (a, b, c)][0]
    return embeddings.nearest_tokens(v, T.T, list(MOTS), 1,
                                     exclude=(a, b, c) if exclude else ())[0][0]


def _analogie_draw(r: random.Random):
    triples = [("roi", "homme", "femme"), ("reine", "femme", "homme"),
               ("prince", "homme", "femme"), ("princesse", "femme", "homme"),
               ("roi", "prince", "princesse"), ("homme", "roi", "reine")]
    while True:
        p = {"graine": r.randint(1, 10**6), "abc": list(r.choice(triples))}
        if len({_analogie(p), _analogie(p, exclude=False), _analogie(p, euclid=True)}) == 3:
            return _with_table(p)


ANALOGIE = ValueItem(
    id="ch17.analogie", points=1,
    title=Msg("Une analogie", "An analogy"),
    draw=_analogie_draw,
    statement=lambda p: f"le mot de p['mots'] le plus proche (cosinus) de {p['abc'][0]} − "
                        f"{p['abc'][1]} + {p['abc'][2]}, les trois mots de départ exclus",
    expected=_analogie, exact=True,
    mistakes=[
        Mistake("mots_de_depart_non_exclus",
                Msg("Excluez les trois mots de départ : sinon le plus proche est souvent l'un "
                    "d'eux.",
                    "Exclude the three input words: otherwise the nearest is often one of "
                    "them."),
                wrong=lambda p: _analogie(p, exclude=False)),
        Mistake("distance_euclidienne",
                Msg("La proximité demandée est la similarité cosinus, pas la distance "
                    "euclidienne.",
                    "The closeness asked for is the cosine similarity, not the Euclidean "
                    "distance."),
                wrong=lambda p: _analogie(p, euclid=True)),
    ])


ITEMS = [FREQUENCES, ZIPF, BIGRAMMES, PROBABILITES, ECHANTILLONNER, BPE_FUSIONS, BPE_ENCODAGE,
         MESURES, ACP, ANALOGIE]
