"""Tests for reference.corpus: the offline French corpus of chapters 17–18."""

import numpy as np
import pytest

from reference.corpus import (
    CATEGORIES,
    TEMPLATES,
    TEXTE,
    category_of,
    generate_sentences,
    generated_text,
    split_sentences,
    tokenize,
    wordfreq_rank_frequency,
)


def test_tokenize_splits_on_non_letters():
    """Does tokenize lower-case, split « l'eau » and drop digits and punctuation?"""
    assert tokenize("L'eau, 3 fois : Été!") == ["l", "eau", "fois", "été"]


def test_tokenize_rejects_non_strings():
    """Is a non-string rejected with TypeError?"""
    with pytest.raises(TypeError):
        tokenize(["a"])


def test_split_sentences_on_text():
    """Does the handwritten text split into non-empty sentences of lower-case words?"""
    sentences = split_sentences(TEXTE)
    assert len(sentences) >= 15
    assert all(s and all(w == w.lower() and w.isalpha() for w in s) for s in sentences)
    assert sentences[0][:3] == ["le", "matin", "le"]


def test_generate_sentences_is_seeded():
    """Does the same seed give the same corpus, and another seed a different one?"""
    assert generate_sentences(50, seed=3) == generate_sentences(50, seed=3)
    assert generate_sentences(50, seed=3) != generate_sentences(50, seed=4)


def test_generated_sentences_follow_templates():
    """Does every generated sentence match one template with slots filled from the categories?"""
    patterns = [t.split() for t in TEMPLATES]
    for sentence in generate_sentences(200, seed=0):
        def fits(pattern, sentence=sentence):
            if len(pattern) != len(sentence):
                return False
            return all(p == w or (p.startswith("{") and w in CATEGORIES[p[1:-1]])
                       for p, w in zip(pattern, sentence, strict=True))
        assert any(fits(p) for p in patterns)


def test_generated_text_round_trips_through_split_sentences():
    """Does split_sentences(generated_text) give back the generated sentences?"""
    assert split_sentences(generated_text(30, seed=5)) == generate_sentences(30, seed=5)


def test_category_of():
    """Are category look-ups right, and None for other words?"""
    assert category_of("mars") == "mois"
    assert category_of("sept") == "nombres"
    assert category_of("maison") is None


def test_categories_are_disjoint():
    """Does each word belong to one category only (so category_of is well defined)?"""
    words = [w for ws in CATEGORIES.values() for w in ws]
    assert len(words) == len(set(words))


def test_bad_sentence_count():
    """Is a negative sentence count rejected?"""
    with pytest.raises(ValueError):
        generate_sentences(-1)


def test_wordfreq_rank_frequency():
    """Does wordfreq give a decreasing French rank–frequency table led by 'de'?"""
    pytest.importorskip("wordfreq")
    words, f = wordfreq_rank_frequency(100)
    assert len(words) == 100 and f.shape == (100,)
    assert words[0] == "de"
    assert np.all(np.diff(f) <= 0) and np.all(f > 0) and f.sum() < 1
