"""Tests for reference.bpe (chapter 17 §3.4).

Oracles: the book's worked example E17-9 (merges, counts, ids), the HF ``tokenizers`` BpeTrainer
(same merges once its tie-break is used; same segmentation on the book's example), a
GPT-2-style "lowest rank first" encoder written here, and hypothesis round trips.
"""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reference import bpe
from reference.bpe import (
    BPEModel,
    bpe_train,
    decode,
    encode,
    encode_and_show_work,
    merge_word,
    pair_counts,
    split_words,
    tokenize,
)
from reference.corpus import TEXTE

BOOK_TEXT = "ab ab abc dbac bacde"


def test_book_example_merges_and_counts():
    """E17-9: are the merges ab (3×), ba (2×), bac (2×), then a stop, as in the book?"""
    model, words, steps = bpe_train(BOOK_TEXT, 10, return_steps=True)
    assert [(s.pair, s.count) for s in steps] == [(("a", "b"), 3), (("b", "a"), 2),
                                                  (("ba", "c"), 2)]
    assert model.vocab == ("a", "b", "c", "d", "e", "ab", "ba", "bac")
    assert words == [["ab"], ["ab"], ["ab", "c"], ["d", "bac"], ["bac", "d", "e"]]


def test_book_example_intermediate_texts():
    """E17-9: does the text after each merge match the book's listing [L8624–8640]?"""
    _, _, steps = bpe_train(BOOK_TEXT, 10, return_steps=True)
    assert steps[0].words == [["ab"], ["ab"], ["ab", "c"], ["d", "b", "a", "c"],
                              ["b", "a", "c", "d", "e"]]
    assert steps[1].words == [["ab"], ["ab"], ["ab", "c"], ["d", "ba", "c"], ["ba", "c", "d", "e"]]
    assert steps[0].pair_counts[("b", "a")] == steps[0].pair_counts[("a", "c")] == 2


def test_book_example_ids():
    """E17-9: are the 1-based ids [6], [6], [6,3], [4,8], [8,4,5], and 0-based ids one less?"""
    model, _ = bpe_train(BOOK_TEXT, 10)
    assert encode(BOOK_TEXT, model) == [[6], [6], [6, 3], [4, 8], [8, 4, 5]]
    assert encode(BOOK_TEXT, model, start=0) == [[5], [5], [5, 2], [3, 7], [7, 3, 4]]


def test_book_tie_is_broken_by_first_appearance():
    """Does the tie (b,a) vs (a,c) after merge 1 go to ba (first read), and to ac with
    tie_break='vocab_order', while merge 3 is bac either way with the same final text?"""
    first, words_first = bpe_train(BOOK_TEXT, 10)
    other, words_other = bpe_train(BOOK_TEXT, 10, tie_break="vocab_order")
    assert first.merges[1] == ("b", "a") and other.merges[1] == ("a", "c")
    assert first.vocab[-1] == other.vocab[-1] == "bac"
    assert words_first == words_other


def _hf_train(text, vocab_size=1000):
    tokenizers = pytest.importorskip("tokenizers")
    tok = tokenizers.Tokenizer(tokenizers.models.BPE())
    tok.pre_tokenizer = tokenizers.pre_tokenizers.WhitespaceSplit()
    trainer = tokenizers.trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2,
                                             show_progress=False, special_tokens=[])
    tok.train_from_iterator([text], trainer=trainer)
    merges = json.loads(tok.to_str())["model"]["merges"]
    return tok, [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in merges]


def test_hf_tokenizers_on_book_example():
    """Does HF's BpeTrainer merge ab, ac, bac (its tie-break) yet segment the text like the book?"""
    tok, merges = _hf_train(BOOK_TEXT)
    assert merges == [("a", "b"), ("a", "c"), ("b", "ac")]
    model, words = bpe_train(BOOK_TEXT, 10)
    assert tok.encode(BOOK_TEXT).tokens == [t for w in words for t in w]


texts = st.lists(st.text("abcd", min_size=1, max_size=8), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(texts)
def test_vocab_order_tie_break_matches_hf_tokenizers(text):
    """Hypothesis: with tie_break='vocab_order', are the merges and the encoding HF's?"""
    tok, hf_merges = _hf_train(text)
    model, words = bpe_train(text, 1000, tie_break="vocab_order")
    assert list(model.merges) == hf_merges
    assert tok.encode(text).tokens == [t for w in words for t in w]


def test_overlapping_pairs():
    """Does "aaa" count (a,a) twice, merge left to right, and "aaaa" give [aa, aa]?"""
    assert pair_counts([list("aaa")]) == {("a", "a"): 2}
    assert merge_word(list("aaa"), ("a", "a")) == ["aa", "a"]
    model, words = bpe_train("aaaa", 5)
    assert model.merges == (("a", "a"),) and words == [["aa", "aa"]]   # (aa, aa) occurs once: stop
    model, words = bpe_train("aaaa aaaa", 5)
    assert model.merges == (("a", "a"), ("aa", "aa")) and words == [["aaaa"], ["aaaa"]]


def test_stops_when_no_pair_occurs_twice():
    """Is training stopped early (no pair twice) and capped at n_merges?"""
    model, _ = bpe_train("abc def", 10)
    assert model.merges == ()
    model, _ = bpe_train(BOOK_TEXT, 2)
    assert model.merges == (("a", "b"), ("b", "a"))


def test_split_words_keeps_empty_words():
    """Are words split on single spaces only, empty words kept, other whitespace inside words?"""
    assert split_words("a  b\nc") == [["a"], [], ["b", "\n", "c"]]


@settings(max_examples=60, deadline=None)
@given(texts, st.integers(0, 30))
def test_training_invariants(text, n_merges):
    """Hypothesis: one token per merge, no token with a space, words rebuilt from their tokens,
    and encoding the training text gives the training output?"""
    model, words, steps = bpe_train(text, n_merges, return_steps=True)
    n_chars = len(set(text) - {" "})
    assert len(model.vocab) == n_chars + len(model.merges) <= n_chars + n_merges
    assert all(" " not in t for t in model.vocab)
    assert ["".join(w) for w in words] == text.split(" ")
    assert tokenize(text, model) == words
    assert all(s.count >= 2 and s.count == max(s.pair_counts.values()) for s in steps)


def _encode_lowest_rank_first(word, merges):
    """GPT-2-style: repeatedly merge the pair of lowest rank present in the word."""
    rank = {pair: k for k, pair in enumerate(merges)}
    tokens = list(word)
    while len(tokens) > 1:
        pairs = [(rank.get(p, len(rank)), p) for p in zip(tokens, tokens[1:], strict=False)]
        best_rank, best = min(pairs)
        if best_rank == len(rank):
            break
        out, t = [], 0
        while t < len(tokens):
            if t + 1 < len(tokens) and (tokens[t], tokens[t + 1]) == best:
                out.append(tokens[t] + tokens[t + 1])
                t += 2
            else:
                out.append(tokens[t])
                t += 1
        tokens = out
    return tokens


@settings(max_examples=60, deadline=None)
@given(texts, texts)
def test_encoding_new_text_matches_lowest_rank_first(train, text):
    """Hypothesis: does applying merges in order equal GPT-2's lowest-rank-first loop?"""
    model, _ = bpe_train(train, 50, alphabet="abcd")
    assert tokenize(text, model) == [_encode_lowest_rank_first(w, model.merges)
                                     for w in text.split(" ")]


@settings(max_examples=80, deadline=None)
@given(st.text("abcdé\n ", max_size=40))
def test_round_trip(text):
    """Hypothesis: is decode(encode(s)) == s for any string over the model's alphabet?"""
    model, _ = bpe_train(TEXTE[:300], 40, alphabet="abcdé\n")
    assert decode(encode(text, model), model) == text
    assert decode(encode(text, model, start=0), model, start=0) == text


def test_encode_and_show_work():
    """Does the work for 'bacde' show merge 2 (ba) then merge 3 (bac), then tokens and ids?"""
    model, _ = bpe_train(BOOK_TEXT, 10)
    (work,) = encode_and_show_work("bacde", model)
    assert work["word"] == "bacde"
    assert work["steps"] == [(2, ("b", "a"), ["ba", "c", "d", "e"]),
                             (3, ("ba", "c"), ["bac", "d", "e"])]
    assert work["tokens"] == ["bac", "d", "e"] and work["ids"] == [8, 4, 5]


def test_errors():
    """Are unknown characters, out-of-range ids, bad merge counts and tie-breaks rejected?"""
    model, _ = bpe_train(BOOK_TEXT, 10)
    with pytest.raises(ValueError, match="not in the vocabulary"):
        encode("abz", model)
    with pytest.raises(ValueError):
        decode([[9]], model)
    with pytest.raises(ValueError):
        decode([[0]], model)
    with pytest.raises(ValueError):
        bpe_train(BOOK_TEXT, -1)
    with pytest.raises(ValueError):
        bpe_train(BOOK_TEXT, 3, tie_break="lexicographic")
    with pytest.raises(TypeError):
        bpe_train(["ab"], 3)


def test_compression_on_french_text():
    """On the French text, does each merge shorten the token count, to below half the letters?"""
    model, words, steps = bpe_train(TEXTE, 100, return_steps=True)
    sizes = [sum(map(len, s.words)) for s in steps]
    assert all(b < a for a, b in zip(sizes, sizes[1:], strict=False))
    letters = len(TEXTE.replace(" ", ""))
    assert sizes[-1] < letters / 2
    assert isinstance(model, BPEModel) and len(model.merges) == 100


def test_alphabet_extends_the_base_vocabulary():
    """Does `alphabet` add base characters (sorted, spaces ignored) without adding merges?"""
    model, _ = bpe_train("ab ab", 5, alphabet="z y")
    assert model.vocab == ("a", "b", "y", "z", "ab") and model.merges == (("a", "b"),)
    assert encode("zab y", model) == [[4, 5], [3]]


# --- the book's entry point (issue 13) -----------------------------------------------------
def test_book_entry_point_lowercases_and_strips_punctuation() -> None:
    """Does bpe_train_book give on « AB ab, abc. dbac bacde ! » the book's merges ab, ba, bac?"""
    model, words = bpe.bpe_train_book("AB ab, abc. dbac bacde !", 10)
    assert model.merges == (("a", "b"), ("b", "a"), ("ba", "c"))
    assert words == [["ab"], ["ab"], ["ab", "c"], ["d", "bac"], ["bac", "d", "e"]]


def test_normalize_text_agrees_with_the_corpus_tokenizer() -> None:
    """Does normalize_text give the words of corpus.tokenize (an independent regex) joined?"""
    from reference import corpus
    for text in (corpus.TEXTE, "L'eau, 3 fois !\nÉté  _x-y", "", "¿¡ ... 42"):
        assert bpe.normalize_text(text) == " ".join(corpus.tokenize(text))


def test_tie_break_first_occurrence_is_the_stated_rule() -> None:
    """With two pairs of equal count, is the one read first merged (and vocab_order differs)?"""
    model, _ = bpe.bpe_train_book("cd cd ab ab", 1)
    assert model.merges == (("c", "d"),)
    model, _ = bpe.bpe_train("cd cd ab ab", 1, tie_break="vocab_order")
    assert model.merges == (("a", "b"),)


def test_first_differing_merge() -> None:
    """Is the first differing rank found, including a missing or an extra merge?"""
    ref = [("a", "b"), ("b", "a"), ("ba", "c")]
    assert bpe.first_differing_merge(ref, ref) is None
    assert bpe.first_differing_merge(ref, [("a", "b"), ("a", "c")]) == (2, ("b", "a"), ("a", "c"))
    assert bpe.first_differing_merge(ref, ref[:2]) == (3, ("ba", "c"), None)
    assert bpe.first_differing_merge(ref[:1], [["a", "b"], ["x", "y"]]) == (2, None, ("x", "y"))
