"""Tests for reference.sampling (chapter 17 §2.2–2.4, chapter 18 §2.1).

Oracles: scipy.special.softmax, chi-square goodness of fit (scipy.stats.chisquare) on seeded
draws, brute-force n-gram counting, the book's numbers E17-4, E17-5, E18-1, E18-2.
"""

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import softmax
from scipy.stats import chisquare

from reference.sampling import (
    conditional_probabilities,
    generate_ngram,
    next_word_distribution,
    ngram_counts,
    sample_index,
    sample_next,
    softmax_T,
    top_k_indices,
    top_k_probabilities,
)

X_BOOK = np.array([2, 5, 25, 3, 14, 4]) / 53  # E17-5 [L8468]
E17_5 = {  # [computed] values of the dropped bar chart (notes §17.2)
    0.1: (0.0109, 0.0192, 0.8359, 0.0132, 0.1049, 0.0159),
    0.2: (0.0606, 0.0805, 0.5309, 0.0666, 0.1881, 0.0732),
    1.0: (0.1447, 0.1531, 0.2232, 0.1474, 0.1814, 0.1502),
    5.0: (0.1623, 0.1642, 0.1771, 0.1630, 0.1699, 0.1636),
}


@pytest.mark.parametrize("T", sorted(E17_5))
def test_softmax_T_book_temperatures(T):
    """E17-5: does softmax_T of X = (2,5,25,3,14,4)/53 match the notes and scipy's softmax(x/T)?"""
    p = softmax_T(X_BOOK, T)
    np.testing.assert_allclose(p, E17_5[T], rtol=0, atol=1e-4)
    np.testing.assert_allclose(p, softmax(X_BOOK / T), rtol=1e-13, atol=0)


def test_softmax_book_example_e18_1():
    """E18-1: is softmax(2.2, −1.1, 3.3, 0.44) = (0.237, 0.008, 0.713, 0.040) once truncated?"""
    p = softmax_T([2.2, -1.1, 3.3, 0.44])
    np.testing.assert_allclose(p, [0.23736, 0.00875, 0.71305, 0.04084], rtol=0, atol=1e-5)
    np.testing.assert_array_equal(np.floor(p * 1000) / 1000, [0.237, 0.008, 0.713, 0.040])


def test_softmax_gpt2_logits_e18_2():
    """E18-2: with logsumexp ≈ −78.0818, do the four GPT-2 logits give the book's σ values?"""
    x = np.array([-94.1504, -91.7648, -95.7328, -93.9105])
    lse = -78.0818
    filler = math.log(math.exp(lse) - np.exp(x).sum())   # one logit standing for all the others
    p = softmax_T(np.append(x, filler))
    np.testing.assert_allclose(p[:4], [1.0507e-7, 1.1417e-6, 2.1591e-8, 1.3356e-7], rtol=2e-4)
    assert p[1] / p[0] == pytest.approx(math.exp(x[1] - x[0]), rel=1e-12)


def test_softmax_T_limits():
    """Does T → 0 give the argmax (uniform on ties at T = 0) and T → ∞ the uniform law?"""
    np.testing.assert_allclose(softmax_T(X_BOOK, 1e-3), np.eye(6)[2], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(softmax_T(X_BOOK, 0), np.eye(6)[2])
    np.testing.assert_array_equal(softmax_T([1.0, 3.0, 3.0], 0), [0, 0.5, 0.5])
    np.testing.assert_allclose(softmax_T(X_BOOK, 1e3), np.full(6, 1 / 6), rtol=0, atol=1e-4)


def test_softmax_T_does_not_overflow():
    """Is softmax_T finite where e^{x/T} overflows (x = [10, 20], T = 0.01)?"""
    np.testing.assert_allclose(softmax_T([10.0, 20.0], 0.01), [0.0, 1.0], rtol=0, atol=1e-300)
    np.testing.assert_allclose(softmax_T([1000.0, 999.0]), softmax([1000.0, 999.0]), rtol=1e-14)


def test_softmax_T_rejects_bad_input():
    """Are a negative temperature, an empty vector and non-finite scores rejected?"""
    for bad in ([1.0], -1.0), ([], 1.0), ([np.inf, 0.0], 1.0), ([[1.0]], 1.0):
        with pytest.raises(ValueError):
            softmax_T(*bad)


finite = st.floats(-50, 50, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(st.lists(finite, min_size=1, max_size=12), st.floats(0.05, 20), finite)
def test_softmax_T_properties(x, T, shift):
    """Hypothesis: do probabilities sum to 1, keep the order of x and ignore a constant shift?"""
    p = softmax_T(x, T)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(softmax_T(np.add(x, shift), T), p, rtol=1e-9, atol=1e-15)
    order = np.argsort(x, kind="stable")
    assert np.all(np.diff(p[order]) >= -1e-15)


def test_top_k_indices_and_ties():
    """Are the k largest returned largest first, with the smaller index winning a tie?"""
    np.testing.assert_array_equal(top_k_indices([1, 5, 3, 5, 0], 3), [1, 3, 2])
    np.testing.assert_array_equal(top_k_indices([2, 2, 2], 2), [0, 1])
    np.testing.assert_array_equal(top_k_indices([1, 2], 10), [1, 0])
    with pytest.raises(ValueError):
        top_k_indices([1, 2], 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=1, max_size=10), st.integers(1, 10), st.floats(0.1, 5))
def test_top_k_probabilities_renormalise(x, k, T):
    """Hypothesis: is top-k softmax_T the softmax of the kept scores, zero elsewhere?"""
    p = top_k_probabilities(x, k, T)
    keep = top_k_indices(x, k)
    np.testing.assert_allclose(p[keep], softmax(np.asarray(x)[keep] / T), rtol=1e-10, atol=1e-300)
    assert np.count_nonzero(np.delete(p, keep)) == 0
    assert p.sum() == pytest.approx(1.0, abs=1e-12)


def test_sample_index_frequencies_match_probabilities():
    """Do 20 000 seeded draws pass a chi-square test against p (p-value > 0.001)?"""
    p = np.array([0.5, 0.2, 0.15, 0.1, 0.05])
    rng = np.random.default_rng(1234)
    draws = [sample_index(p, rng) for _ in range(20_000)]
    observed = np.bincount(draws, minlength=p.size)
    assert chisquare(observed, p * len(draws)).pvalue > 1e-3


def test_sample_index_unnormalised_weights_and_zero_entries():
    """Are weights renormalised, zero weights never drawn, and the rng seeded-deterministic?"""
    w = [0.0, 3.0, 0.0, 1.0]
    draws = [sample_index(w, np.random.default_rng(s)) for s in range(300)]
    assert set(draws) == {1, 3}
    a = [sample_index(w, r) for r in [np.random.default_rng(7)] for _ in range(20)]
    b = [sample_index(w, r) for r in [np.random.default_rng(7)] for _ in range(20)]
    assert a == b


def test_sample_index_rejects_bad_input():
    """Are a legacy RandomState, negative weights and all-zero weights rejected?"""
    with pytest.raises(TypeError):
        sample_index([1.0], np.random.RandomState(0))
    for bad in ([-1.0, 2.0], [0.0, 0.0], []):
        with pytest.raises(ValueError):
            sample_index(bad, np.random.default_rng(0))


def test_sample_next_greedy_at_zero_temperature():
    """Is T = 0 greedy (first argmax, no rng needed) and is T > 0 without rng rejected?"""
    assert sample_next([0.1, 2.0, 2.0, -1.0], T=0) == 1
    with pytest.raises(ValueError):
        sample_next([0.1, 2.0], T=1.0)


def test_sample_next_top_k_frequencies():
    """With T = 0.5, k = 3: are the draws only in the top 3, at the top-k softmax_T rates?"""
    logits = np.array([1.0, 0.2, 2.0, -1.0, 1.5])
    p = top_k_probabilities(logits, 3, 0.5)
    rng = np.random.default_rng(99)
    draws = np.array([sample_next(logits, rng, T=0.5, k=3) for _ in range(15_000)])
    assert set(np.unique(draws)) <= {0, 2, 4}
    observed = np.bincount(draws, minlength=5)[[0, 2, 4]]
    assert chisquare(observed, p[[0, 2, 4]] * draws.size).pvalue > 1e-3


words = st.lists(st.lists(st.sampled_from("abc"), max_size=7), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(words, st.integers(2, 3))
def test_ngram_counts_match_brute_force(sentences, n):
    """Hypothesis: do n-gram counts equal a brute-force count inside each sentence?"""
    counts = ngram_counts(sentences, n)
    brute = Counter(tuple(s[t:t + n]) for s in sentences for t in range(len(s) - n + 1))
    flat = Counter({ctx + (w,): c for ctx, succ in counts.items() for w, c in succ.items()})
    assert flat == brute
    for ctx in counts:
        probs = conditional_probabilities(counts, ctx)
        assert sum(probs.values()) == pytest.approx(1.0, abs=1e-12)


def test_conditional_probabilities_trigram():
    """Is P(mot3 | mot1, mot2) = #(mot1, mot2, mot3) / #(mot1, mot2, ·) (empty when unseen)?"""
    corpus = [["le", "chat", "dort"], ["le", "chat", "mange"], ["le", "chat", "dort"]]
    counts = ngram_counts(corpus, 3)
    assert conditional_probabilities(counts, ("le", "chat")) == {"dort": 2 / 3, "mange": 1 / 3}
    assert conditional_probabilities(counts, ("le", "chien")) == {}
    with pytest.raises(ValueError):
        ngram_counts([["a"]], 1)
    with pytest.raises(TypeError):
        ngram_counts(["le chat"], 2)


BOOK_SENTENCE = "the company said it has been made by the company".split()
CORPUS = [BOOK_SENTENCE] * 3 + [s.split() for s in (
    "the dollar fell", "the first year", "it said the company", "made by hand",
    "has been said", "been made by the dollar")]


def test_greedy_bigram_sentence():
    """E17-4: is greedy bigram generation from 'the' « the company said it has been made by the
    company », and does T = 0.001 give it too (for any seed)?"""
    counts = ngram_counts(CORPUS, 2)
    assert generate_ngram(counts, ["the"], 10, T=0) == BOOK_SENTENCE
    for seed in range(5):
        rng = np.random.default_rng(seed)
        assert generate_ngram(counts, ["the"], 10, rng, T=0.001, k=20) == BOOK_SENTENCE


def test_next_word_distribution_modes():
    """Are the three weightings right: greedy one-hot, ∝ counts, softmax_T of frequencies?"""
    counts = ngram_counts([["a", "b"], ["a", "c"], ["a", "c"], ["a", "d"]], 2)
    words, p = next_word_distribution(counts, ["a"], k=2, T=None)
    assert words == ["c", "b"]
    np.testing.assert_allclose(p, [2 / 3, 1 / 3], rtol=1e-15)
    np.testing.assert_array_equal(next_word_distribution(counts, ["a"], k=3, T=0)[1], [1, 0, 0])
    np.testing.assert_allclose(next_word_distribution(counts, ["a"], k=None, T=0.2)[1],
                               softmax(np.array([2, 1, 1]) / 4 / 0.2), rtol=1e-13)
    assert next_word_distribution(counts, ["z"]) == ([], pytest.approx(np.array([])))


def test_weighted_generation_frequencies():
    """With T = None, is the successor of 'the' drawn ∝ its count (chi-square)?"""
    counts = ngram_counts([["the", "company"]] * 6 + [["the", "dollar"]] * 3 + [["the", "year"]], 2)
    rng = np.random.default_rng(5)
    draws = Counter(generate_ngram(counts, ["the"], 2, rng, T=None)[1] for _ in range(20_000))
    observed = [draws["company"], draws["dollar"], draws["year"]]
    assert chisquare(observed, np.array([0.6, 0.3, 0.1]) * 20_000).pvalue > 1e-3


def test_trigram_generation_and_steps():
    """Does trigram generation use the two last words, stop on an unseen context and show steps?"""
    corpus = [["the", "company", "expects", "income"], ["the", "company", "expects", "growth"],
              ["the", "company", "reported", "earnings"]]
    counts = ngram_counts(corpus, 3)
    words, steps = generate_ngram(counts, ["the", "company"], 10, T=0, return_steps=True)
    assert words == ["the", "company", "expects", "income"]   # ('expects', 'income') unseen
    assert steps[0]["context"] == ("the", "company")
    assert steps[0]["candidates"] == ["expects", "reported"]
    np.testing.assert_array_equal(steps[0]["probabilities"], [1, 0])
    with pytest.raises(ValueError):
        generate_ngram(counts, ["the"], 5, T=0)
    with pytest.raises(ValueError):
        generate_ngram(counts, ["the", "company"], 5, rng=None, T=1.0)
