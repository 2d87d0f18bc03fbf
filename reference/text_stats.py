"""Word statistics of chapter 17 (« ChatGPT – partie 1 », §2.1–2.2 and §5.2).

* Word counts and the rank–frequency table: f_i = (count of the i-th most frequent word) / total
  [L8381].
* The **Zipf–Mandelbrot law** f_i = a / (i + b)^c [L8376], its fit to data [L8393–8401].
  Fitting method (stated because the book only eyeballs a = 0.1, b = 1.5, c = 0.95): least
  squares **on the logarithms**, i.e. minimise
      E(a, b, c) = Σ_i ( ln f_i − ln a + c·ln(i + b) )²        over a > 0, b > −1, c.
  For fixed b the problem is linear in (ln a, c) (the straight line Y = ln a − c·X with
  X = ln(i + b) [L8399]) and is solved exactly; the remaining one-dimensional problem in b is
  solved by bounded Brent search (``scipy.optimize.minimize_scalar``). This is "variable
  projection"; the test oracle is ``scipy.optimize.curve_fit`` on the same log model.
  (Some texts write the law C/(r + b)^a: same law, other letters.)
* **Co-occurrence matrix** in the book's orientation [L8961–8984]: entry at (column i, row j) =
  number of times word i is followed by word j, so in numpy C[j, i]. Window size: ``window=1``
  (the default) counts immediate successors only, as the book does; ``window=w`` counts word j
  at distance d = 1, …, w after word i (directed, no weighting). Pairs never cross a sentence
  boundary, and pairs involving a word outside the vocabulary are skipped.
* The probability matrix P[j, i] = C[j, i] / Σ_j' C[j', i]: **column-stochastic**, column P_i is
  the distribution of the successor of word i (P_i = P e_i [L9007]).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy.optimize import minimize_scalar


def _as_sentences(words) -> list[list[str]]:
    """A list of words or a list of sentences goes in, a list of sentences comes out."""
    words = list(words)
    if all(isinstance(w, str) for w in words):
        return [words]
    if all(isinstance(s, (list, tuple)) and all(isinstance(w, str) for w in s) for s in words):
        return [list(s) for s in words]
    raise TypeError("expected a list of str, or a list of sentences (lists of str)")


def word_counts(words) -> list[tuple[str, int]]:
    """Words (or sentences) go in, [(word, count), …] comes out, most frequent first.

    Ties keep the order of first appearance in the text (a stable sort).
    """
    counts = Counter(w for s in _as_sentences(words) for w in s)
    return sorted(counts.items(), key=lambda item: -item[1])  # sorted() is stable


def rank_frequency(words) -> tuple[np.ndarray, np.ndarray]:
    """Words go in, (ranks, frequencies) come out: rank i = 1, 2, …, f_i = count_i / total.

    ranks: (m,) int, frequencies: (m,) float64, decreasing, summing to 1 [L8381].
    """
    counts = np.array([c for _, c in word_counts(words)], dtype=np.float64)
    if counts.size == 0:
        raise ValueError("no words to count")
    return np.arange(1, counts.size + 1), counts / counts.sum()


def zipf_mandelbrot(i, a: float, b: float, c: float) -> np.ndarray:
    """Ranks go in, modelled frequencies come out: f(i) = a / (i + b)^c [L8376].

    i: any shape (needs i + b > 0) → same shape.
    """
    i = np.asarray(i, dtype=np.float64)
    if np.any(i + b <= 0):
        raise ValueError("need i + b > 0 for every rank i")
    return a / (i + b) ** c


def _line_fit(i: np.ndarray, y: np.ndarray, b: float) -> tuple[float, float, float]:
    """For a fixed b: least squares of Y = ln a − c X with X = ln(i + b); returns (ln a, c, E)."""
    X = np.log(i + b)                                   # (m,)
    design = np.column_stack([np.ones_like(X), -X])     # (m, 2): Y ≈ ln a · 1 + c · (−X)
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    return float(coef[0]), float(coef[1]), float(residual @ residual)


def fit_zipf_mandelbrot(ranks, freqs, b_bounds: tuple[float, float] = (-0.99, 100.0),
                        return_steps: bool = False):
    """Ranks and frequencies go in, the least-squares (a, b, c) of f = a/(i + b)^c come out.

    Minimises E = Σ (ln f_i − ln a + c ln(i + b))² (module docstring): exact line fit in
    (ln a, c) for each b, bounded Brent search on b ∈ b_bounds (b > −1 keeps i + b > 0 at i = 1).
    ranks, freqs: (m,), freqs > 0, m ≥ 3. With return_steps=True also returns a dict with the
    residual E, the rmse on logs and the b values tried by the search.
    """
    i = np.asarray(ranks, dtype=np.float64)
    f = np.asarray(freqs, dtype=np.float64)
    if i.shape != f.shape or i.ndim != 1 or i.size < 3:
        raise ValueError("ranks and freqs must be 1-D arrays of the same length ≥ 3")
    if np.any(f <= 0) or np.any(i + b_bounds[0] <= 0):
        raise ValueError("frequencies must be > 0 and i + b > 0 on the whole b range")
    y = np.log(f)
    tried: list[float] = []

    def energy(b: float) -> float:
        tried.append(float(b))
        return _line_fit(i, y, b)[2]

    res = minimize_scalar(energy, bounds=b_bounds, method="bounded",
                          options={"xatol": 1e-10, "maxiter": 500})
    b = float(res.x)
    log_a, c, E = _line_fit(i, y, b)
    params = (float(np.exp(log_a)), b, c)
    if not return_steps:
        return params
    return params, {"residual": E, "rmse_log": float(np.sqrt(E / i.size)), "b_tried": tried}


def vocabulary(words, size: int | None = None) -> list[str]:
    """Words go in, the `size` most frequent ones come out (all when size is None), by rank."""
    ranked = [w for w, _ in word_counts(words)]
    return ranked if size is None else ranked[:size]


def cooccurrence_matrix(words, vocab, window: int = 1) -> np.ndarray:
    """Words (or sentences) and a vocabulary go in, C: (N, N) comes out, C[j, i] = #(i → j).

    C[j, i] counts word j at distance 1 ≤ d ≤ window after word i inside a sentence
    (column i, row j [L8961]). Distances are counted in the original text; pairs where either
    word is outside vocab are skipped.
    """
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be an integer ≥ 1, got {window!r}")
    index = {w: k for k, w in enumerate(vocab)}
    if len(index) != len(vocab):
        raise ValueError("vocabulary has repeated words")
    C = np.zeros((len(vocab), len(vocab)), dtype=np.int64)  # (N, N): rows j, columns i
    for sentence in _as_sentences(words):
        for t, first in enumerate(sentence):
            for second in sentence[t + 1: t + 1 + window]:
                if first in index and second in index:
                    C[index[second], index[first]] += 1
    return C


def probability_matrix(C) -> np.ndarray:
    """Co-occurrences go in, P with P[j, i] = C[j, i] / Σ_j' C[j', i] comes out (column-stochastic).

    C: (N, N) counts ≥ 0. A word never followed by anything (zero column) gets a zero column:
    there is no successor distribution to give [L8984].
    """
    C = np.asarray(C, dtype=np.float64)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise ValueError(f"C must be a square matrix, got shape {C.shape}")
    if np.any(C < 0):
        raise ValueError("counts must be non-negative")
    totals = C.sum(axis=0)                                   # (N,): occurrences of each word i
    safe = np.where(totals > 0, totals, 1.0)
    return C / safe                                          # column i divided by total_i
