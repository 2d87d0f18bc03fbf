"""Sampling the next word or token (chapter 17 §2.2–2.4, chapter 18 §2.1).

* softmax with temperature σ_{T,i}(X) = e^{x_i/T} / Σ_j e^{x_j/T} [L8456], computed after
  subtracting max(x) (same value, no overflow; the book's formula overflows for x/T ≳ 710).
  T → 0 tends to argmax (σ_T(X) → uniform on the maximal entries, so one-hot when the maximum
  is unique); T → ∞ tends to the uniform law 1/k [L8464]. ``softmax_T(x, 0)`` returns that limit.
* top-k: keep the k largest scores, renormalise over them, zero elsewhere [L8425, L8478]. Ties at
  the k-th place keep the smaller index (a stable sort), so exactly k entries survive.
* Sampling uses a seeded ``numpy.random.Generator`` and inverse-CDF: u ~ U[0, 1), return the
  first index whose cumulative probability exceeds u·Σp. **Temperature 0 is greedy**: no random
  draw, the index of the largest score (the first one in case of a tie, as np.argmax).
* n-gram models (bigram n = 2 [L8407], trigram n = 3 [L8500]): counts of the word following each
  context of n − 1 words, inside sentences only. P(w | context) = #(context, w) / #(context, ·).
  Generation as in the book: among the k most frequent successors (ties: first seen in the
  corpus), the next word is
    - T = 0: the most frequent one (greedy, « the company said it … » [L8421]);
    - T = None: drawn with probability ∝ its count (the « aléatoire pondéré » of [L8427]);
    - T > 0: drawn from softmax_T(X) where X = the successors' counts divided by their sum. This
      is what the book does: its example X = (1/53)(2, 5, 25, 3, 14, 4) is a list of
      frequencies, not of logits [L8468], which is why T = 1 is already nearly uniform.
  Generation stops early when the current context was never seen (no successor).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from .probability import softmax


def _check_T(T) -> float:
    if not np.isscalar(T) or not np.isreal(T) or T < 0:
        raise ValueError(f"temperature T must be a real number ≥ 0, got {T!r}")
    return float(T)


def softmax_T(x, T: float = 1.0) -> np.ndarray:
    """Scores go in, probabilities come out: σ_{T,i}(X) = e^{x_i/T} / Σ_j e^{x_j/T} [L8456].

    x: (k,) → (k,), sums to 1. T = 0 gives the limit T → 0⁺: uniform on the argmax set.
    A thin 1-D, finite-only front of the course's one softmax, ``probability.softmax``.
    """
    T = _check_T(T)
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x must be a non-empty 1-D array, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x must be finite (use top_k_probabilities to drop entries)")
    return softmax(x, T)


def top_k_indices(x, k: int) -> np.ndarray:
    """Scores go in, the indices of the k largest come out, largest first (ties: smaller index)."""
    x = np.asarray(x, dtype=np.float64)
    if not isinstance(k, (int, np.integer)) or not 1 <= k:
        raise ValueError(f"k must be an integer ≥ 1, got {k!r}")
    return np.argsort(-x, kind="stable")[: min(int(k), x.size)]


def top_k_probabilities(x, k: int | None = None, T: float = 1.0) -> np.ndarray:
    """Scores go in, softmax_T over the k largest (renormalised) comes out, 0 elsewhere.

    x: (m,) → p: (m,). k=None keeps everything.
    """
    x = np.asarray(x, dtype=np.float64)
    keep = np.arange(x.size) if k is None else top_k_indices(x, k)
    p = np.zeros_like(x)
    p[keep] = softmax_T(x[keep], T)
    return p


def sample_index(p, rng: np.random.Generator) -> int:
    """Probabilities go in, one index drawn with P(i) = p_i comes out (inverse CDF).

    p: (m,) ≥ 0, not all zero (it is renormalised). Uses exactly one rng.random() call.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator (np.random.default_rng(seed))")
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1 or p.size == 0 or np.any(p < 0) or not p.sum() > 0:
        raise ValueError("p must be a non-empty 1-D array of non-negative weights, not all 0")
    cdf = np.cumsum(p)
    u = rng.random() * cdf[-1]
    return int(min(np.searchsorted(cdf, u, side="right"), p.size - 1))


def sample_next(logits, rng: np.random.Generator | None = None, T: float = 1.0,
                k: int | None = None) -> int:
    """Logits go in, the next token index comes out: greedy at T = 0, else top-k + softmax_T.

    logits: (N,). rng is required when T > 0.
    """
    if _check_T(T) == 0.0:
        return int(np.argmax(np.asarray(logits, dtype=np.float64)))
    if rng is None:
        raise ValueError("sampling with T > 0 needs a numpy Generator rng")
    return sample_index(top_k_probabilities(logits, k, T), rng)


def ngram_counts(sentences, n: int) -> dict[tuple[str, ...], Counter]:
    """Sentences go in, {context (n−1 words): Counter(next word)} comes out.

    Counts every n consecutive words inside a sentence; contexts and successors are stored in
    order of first appearance (so ties are broken by first appearance later on).
    """
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an integer ≥ 2, got {n!r}")
    counts: dict[tuple[str, ...], Counter] = {}
    for s in sentences:
        if isinstance(s, str):
            raise TypeError("sentences must be lists of words, not strings")
        for t in range(len(s) - n + 1):
            context = tuple(s[t: t + n - 1])
            counts.setdefault(context, Counter())[s[t + n - 1]] += 1
    return counts


def conditional_probabilities(counts, context) -> dict[str, float]:
    """n-gram counts and a context go in, {w: P(w | context)} comes out (empty if unseen).

    P(w | context) = #(context, w) / Σ_w' #(context, w'). For trigrams: P(mot3 | mot1, mot2).
    """
    successors = counts.get(tuple(context), Counter())
    total = sum(successors.values())
    return {w: c / total for w, c in successors.items()}


def next_word_distribution(counts, context, k: int | None = 20,
                           T: float | None = 1.0) -> tuple[list[str], np.ndarray]:
    """n-gram counts and a context go in, (candidate words, their probabilities) come out.

    Candidates: the k most frequent successors (ties: first seen). Weights: see module docstring
    (T = 0 greedy one-hot, T = None ∝ counts, T > 0 softmax_T of relative frequencies).
    """
    successors = counts.get(tuple(context), Counter())
    ranked = sorted(successors.items(), key=lambda item: -item[1])  # stable: first seen first
    if k is not None:
        ranked = ranked[:k]
    words = [w for w, _ in ranked]
    c = np.array([c for _, c in ranked], dtype=np.float64)
    if not words:
        return [], c
    if T is None:
        return words, c / c.sum()
    if _check_T(T) == 0.0:
        return words, np.eye(len(words))[0]           # ranked[0] is the (first) most frequent
    return words, softmax_T(c / c.sum(), T)


def generate_ngram(counts, start, length: int, rng: np.random.Generator | None = None,
                   T: float | None = 0.0, k: int | None = 20, return_steps: bool = False):
    """Counts, first words and a target length go in, the generated sentence (words) comes out.

    start: the first n − 1 words (a context of the model). Each step appends a word drawn from
    ``next_word_distribution`` of the last n − 1 words; stops at `length` words or on an unseen
    context. return_steps=True adds, per step, the context, candidates, probabilities, choice.
    """
    context_size = len(next(iter(counts))) if counts else len(start)
    words = list(start)
    if len(words) < context_size:
        raise ValueError(f"start needs at least {context_size} words")
    steps = []
    while len(words) < length:
        context = tuple(words[len(words) - context_size:])
        candidates, p = next_word_distribution(counts, context, k, T)
        if not candidates:
            break
        greedy = T is not None and _check_T(T) == 0.0
        if not greedy and rng is None:
            raise ValueError("random generation (T ≠ 0) needs a numpy Generator rng")
        choice = 0 if greedy else sample_index(p, rng)
        words.append(candidates[choice])
        steps.append({"context": context, "candidates": candidates,
                      "probabilities": p, "chosen": candidates[choice]})
    return (words, steps) if return_steps else words
