"""Tests for reference.text_stats (chapter 17 §2.1–2.2, §5.2).

Oracles: scipy.optimize.curve_fit (Zipf–Mandelbrot), brute-force pair counting, exact
fractions for the book's co-occurrence example (E17-14).
"""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import curve_fit

from reference.text_stats import (
    cooccurrence_matrix,
    fit_zipf_mandelbrot,
    probability_matrix,
    rank_frequency,
    vocabulary,
    word_counts,
    zipf_mandelbrot,
)

# E17-2: Reuters top-10 counts [L8367–8371]; total 1 720 917 words [upstream].
REUTERS_TOP10 = [("the", 58251), ("of", 35979), ("to", 34035), ("in", 26478), ("said", 25224),
                 ("and", 25043), ("mln", 18037), ("vs", 14120), ("for", 12785), ("dlrs", 11730)]
REUTERS_TOTAL = 1_720_917


def test_word_counts_sorted_with_stable_ties():
    """Are counts sorted decreasingly, ties in order of first appearance?"""
    words = "b a c a b d".split()
    assert word_counts(words) == [("b", 2), ("a", 2), ("c", 1), ("d", 1)]


def test_word_counts_reuters_order():
    """E17-2: does a word list with the Reuters counts come back in the book's rank order?"""
    words = [w for w, c in reversed(REUTERS_TOP10) for _ in range(c)]
    assert word_counts(words) == REUTERS_TOP10


def test_rank_frequency_accepts_sentences_and_sums_to_one():
    """Do ranks start at 1 and frequencies f_i = count/total sum to 1, for a list of sentences?"""
    ranks, f = rank_frequency([["le", "chat"], ["le", "chien", "le"]])
    np.testing.assert_array_equal(ranks, [1, 2, 3])
    np.testing.assert_allclose(f, [3 / 5, 1 / 5, 1 / 5], rtol=0, atol=1e-15)


def test_rank_frequency_rejects_bad_input():
    """Are an empty text and a mixed list rejected?"""
    with pytest.raises(ValueError):
        rank_frequency([])
    with pytest.raises(TypeError):
        rank_frequency(["a", ["b"]])


def test_zipf_mandelbrot_book_parameters():
    """E17-3: with a=0.1, b=1.5, c=0.95, is f₁ ≈ 0.0419 (observed share of 'the': 0.03385)?"""
    assert zipf_mandelbrot(1, 0.1, 1.5, 0.95) == pytest.approx(0.1 / 2.5**0.95, rel=1e-14)
    assert zipf_mandelbrot(1, 0.1, 1.5, 0.95) == pytest.approx(0.0419, abs=5e-5)
    assert REUTERS_TOP10[0][1] / REUTERS_TOTAL == pytest.approx(0.03385, abs=1e-5)


def test_zipf_mandelbrot_domain():
    """Is i + b ≤ 0 rejected?"""
    with pytest.raises(ValueError):
        zipf_mandelbrot([1, 2], 1.0, -1.0, 1.0)


@pytest.mark.parametrize("a,b,c", [(0.1, 1.5, 0.95), (0.05, 0.0, 1.0), (0.3, 7.0, 1.3)])
def test_fit_recovers_exact_law(a, b, c):
    """Are (a, b, c) recovered from exact Zipf–Mandelbrot frequencies on ranks 1..200?"""
    i = np.arange(1, 201)
    fitted = fit_zipf_mandelbrot(i, zipf_mandelbrot(i, a, b, c))
    np.testing.assert_allclose(fitted, (a, b, c), rtol=1e-5, atol=1e-6)


def _log_model(i, log_a, b, c):
    return log_a - c * np.log(i + b)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fit_matches_curve_fit_on_noisy_counts(seed):
    """On a multinomial sample of a Zipf–Mandelbrot law, does the fit equal curve_fit's?"""
    rng = np.random.default_rng(seed)
    i = np.arange(1, 301)
    p = zipf_mandelbrot(i, 1.0, 2.0, 1.05)
    counts = rng.multinomial(200_000, p / p.sum())
    keep = counts > 0
    ranks, freqs = i[keep], counts[keep] / counts.sum()
    (a, b, c), steps = fit_zipf_mandelbrot(ranks, freqs, return_steps=True)
    (log_a, b_ref, c_ref), _ = curve_fit(_log_model, ranks.astype(float), np.log(freqs),
                                         p0=(-2.0, 1.0, 1.0),
                                         bounds=([-50, -0.99, -10], [50, 100, 10]))
    np.testing.assert_allclose((np.log(a), b, c), (log_a, b_ref, c_ref), rtol=1e-3, atol=1e-3)
    ref_residual = np.sum((np.log(freqs) - _log_model(ranks, log_a, b_ref, c_ref)) ** 2)
    assert steps["residual"] <= ref_residual * (1 + 1e-6)
    assert steps["rmse_log"] == pytest.approx(np.sqrt(steps["residual"] / ranks.size))


def test_fit_on_french_wordfreq():
    """Is French (wordfreq, 500 words) Zipf-like: c ∈ [0.8, 1.4] with a small log rmse?"""
    pytest.importorskip("wordfreq")
    from reference.corpus import wordfreq_rank_frequency

    _, f = wordfreq_rank_frequency(500)
    (a, b, c), steps = fit_zipf_mandelbrot(np.arange(1, 501), f, return_steps=True)
    assert 0.8 < c < 1.4 and a > 0 and b > -1
    assert steps["rmse_log"] < 0.2


def test_fit_rejects_bad_input():
    """Are zero frequencies and mismatched shapes rejected?"""
    with pytest.raises(ValueError):
        fit_zipf_mandelbrot([1, 2, 3], [0.5, 0.5, 0.0])
    with pytest.raises(ValueError):
        fit_zipf_mandelbrot([1, 2, 3], [0.5, 0.5])


# E17-14 [L8967–8984]: le/et/chat/chien, rows j (next word), columns i (first word).
BOOK_C = np.array([[0, 10, 1, 0], [0, 0, 8, 5], [6, 2, 0, 0], [4, 3, 1, 0]])
BOOK_WORDS = ["le", "et", "chat", "chien"]


def _book_sentences():
    """Two-word sentences realising the book's counts: C[j, i] sentences [word_i, word_j]."""
    return [[BOOK_WORDS[i], BOOK_WORDS[j]] for j in range(4) for i in range(4)
            for _ in range(BOOK_C[j, i])]


def test_cooccurrence_book_example():
    """E17-14: are the book's counts rebuilt with (i=1 le, j=3 chat) = 6 at numpy C[2, 0]?"""
    C = cooccurrence_matrix(_book_sentences(), BOOK_WORDS)
    np.testing.assert_array_equal(C, BOOK_C)
    assert C[2, 0] == 6
    np.testing.assert_array_equal(C.sum(axis=0), [10, 15, 10, 5])


def test_probability_matrix_book_example():
    """E17-14: does P equal the book's fractions (column-stochastic)?"""
    P = probability_matrix(BOOK_C)
    totals = [10, 15, 10, 5]
    expected = [[float(Fraction(int(BOOK_C[j, i]), totals[i])) for i in range(4)] for j in range(4)]
    np.testing.assert_allclose(P, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(P.sum(axis=0), 1.0, rtol=0, atol=1e-15)


def test_cooccurrence_orientation_of_the():
    """Reuters fact: is (of, the) counted in the column of 'of' and the row of 'the'?"""
    C = cooccurrence_matrix("of the".split(), ["the", "of"])
    assert C[0, 1] == 1 and C.sum() == 1


def test_probability_matrix_zero_column_and_errors():
    """Does a word with no successor get a zero column, and are bad inputs rejected?"""
    P = probability_matrix([[0, 2], [0, 2]])
    np.testing.assert_allclose(P, [[0, 0.5], [0, 0.5]], rtol=0, atol=0)
    with pytest.raises(ValueError):
        probability_matrix([[1, 2, 3]])
    with pytest.raises(ValueError):
        probability_matrix([[-1, 0], [0, 0]])


sentences = st.lists(st.lists(st.sampled_from("abcde"), max_size=8), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(sentences, st.integers(1, 3), st.lists(st.sampled_from("abcdef"), unique=True, min_size=1))
def test_cooccurrence_matches_brute_force(text, window, vocab):
    """Does C[j, i] equal a brute-force count of (i, then j at distance ≤ window) per sentence?"""
    C = cooccurrence_matrix(text, vocab, window=window)
    for i, wi in enumerate(vocab):
        for j, wj in enumerate(vocab):
            expected = sum(1 for s in text for t in range(len(s))
                           for d in range(1, window + 1)
                           if t + d < len(s) and s[t] == wi and s[t + d] == wj)
            assert C[j, i] == expected


def test_cooccurrence_does_not_cross_sentences():
    """Is no pair formed between the last word of a sentence and the first of the next?"""
    C = cooccurrence_matrix([["a", "b"], ["a", "b"]], ["a", "b"], window=3)
    np.testing.assert_array_equal(C, [[0, 0], [2, 0]])


def test_cooccurrence_rejects_bad_window_and_vocab():
    """Are window 0 and a repeated vocabulary rejected?"""
    with pytest.raises(ValueError):
        cooccurrence_matrix(["a"], ["a"], window=0)
    with pytest.raises(ValueError):
        cooccurrence_matrix(["a"], ["a", "a"])


def test_vocabulary_is_by_rank():
    """Does vocabulary(size) return the most frequent words first?"""
    assert vocabulary("c a b a b a".split(), 2) == ["a", "b"]
    assert vocabulary("c a".split()) == ["c", "a"]
