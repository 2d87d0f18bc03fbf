"""The flip detector (autograder/flips.py): inputs that separate a convolution from a
correlation, a transposed motif and an even motif centred on the wrong side; item kinds that
accept another convention only when it holds on every call; motifs graded by their effect."""

from __future__ import annotations

import random

import numpy as np
import pytest

from autograder import flips
from autograder.answers import Record
from autograder.items import Call
from autograder.model import Msg
from reference.convolution1d import conv1d, correlate1d


@pytest.mark.parametrize("seed", range(8))
def test_calls_separate_every_behaviour(seed: int) -> None:
    """Do the 1-D and 2-D calls tell every pair of behaviours apart, for several seeds?"""
    calls1 = flips.calls_1d(random.Random(seed))
    calls2 = flips.calls_2d(random.Random(seed))
    assert flips.discriminating(flips.conv1d_behaviours(), calls1)
    assert flips.discriminating(flips.conv2d_behaviours(), calls2)
    assert all(len(c.args[1]) <= len(c.args[0]) for c in calls1)


def test_symmetric_motifs_do_not_discriminate() -> None:
    """Is a symmetric motif (the reason for the helper) unable to separate conv from corr?"""
    calls = [Call((np.arange(6.0), np.array([1.0, 2.0, 1.0])))]
    assert not flips.discriminating({"c": conv1d, "r": correlate1d}, calls)


@pytest.mark.parametrize("seed", range(5))
def test_asymmetric_motif_differs_from_its_images(seed: int) -> None:
    """Does the 2-D motif differ from its half-turn, transpose and the transpose's half-turn?"""
    M = flips.asymmetric_motif(random.Random(seed), (3, 3))
    for other in (M[::-1, ::-1], M.T, M.T[::-1, ::-1]):
        assert not np.array_equal(M, other)
    g = flips.asymmetric_motif(random.Random(seed), 4)
    assert not np.array_equal(g, g[::-1]) and np.all(g != 0)


def _item(accepted=True) -> flips.AcceptingFunctionItem:
    note = Msg("Accepté : convention du programme du livre.", "Accepted: the book's listing.")
    return flips.AcceptingFunctionItem(
        id="t.corr", points=1, title=Msg("t", "t"), draw=lambda r: {}, statement=lambda p: "",
        reference=lambda p: correlate1d,
        accepted=(lambda p: [(note, lambda f, g: correlate1d(f, g, convention="listing"))])
        if accepted else (lambda p: []),
        calls=lambda p, r: flips.calls_1d(r),
        mistakes=[flips.Mistake("convolution", flips.FLIPPED, wrong=lambda p: conv1d)])


def _outputs(item, fn):
    calls = item.probes({}, random.Random(3))
    return item.check_outputs(item.expected_outputs(fn, calls), {}, calls)


def test_accepted_convention_passes_with_its_note() -> None:
    """Does the book's listing convention pass with a note naming it, and convolution fail
    with the flip message?"""
    item = _item()
    listing = _outputs(item, lambda f, g: correlate1d(f, g, convention="listing"))
    assert listing.passed and "livre" in listing.message.fr
    assert _outputs(item, correlate1d).passed
    flipped = _outputs(item, conv1d)
    assert not flipped.passed and flipped.mistake == "convolution"
    assert not _outputs(_item(accepted=False), lambda f, g: correlate1d(
        f, g, convention="listing")).passed


def test_attack_mixing_conventions_call_by_call_earns_nothing() -> None:
    """Attack: an answer right by one convention on some calls and by the other on the rest
    (or by a coin toss) must not pass."""
    item = _item()
    calls = item.probes({}, random.Random(3))
    text = item.expected_outputs(correlate1d, calls)
    listing = item.expected_outputs(
        lambda f, g: correlate1d(f, g, convention="listing"), calls)
    even = [len(c.args[1]) % 2 == 0 for c in calls]
    k = even.index(True)
    mixed = list(listing)
    mixed[k] = text[k]
    others = [i for i, e in enumerate(even) if e and i != k]
    assert others  # the mix differs from both conventions somewhere
    assert not item.check_outputs(mixed, {}, calls).passed
    assert not item.check_outputs([np.zeros_like(o) for o in text], {}, calls).passed


def test_accepting_value_item() -> None:
    """Does an accepted alternative value pass with its note, and a lie earn nothing?"""
    item = flips.AcceptingValueItem(
        id="t.v", points=1, title=Msg("t", "t"), draw=lambda r: {}, statement=lambda p: "",
        expected=lambda p: 399, exact=True,
        accepted=lambda p: [(Msg("400 : programme du livre", "400: listing"), 400)])
    assert item.check(Record("t.v", "value", value=399), {}).passed
    assert item.check(Record("t.v", "value", value=400), {}).message.fr.startswith("400")
    assert not item.check(Record("t.v", "value", value=401), {}).passed


def test_motif_item_grades_by_effect() -> None:
    """Are [1, −1] and [0, 1, −1] both the derivative motif, and [−1, 1, 0] the reversed one?"""
    item = flips.MotifItem(
        id="t.m", points=1, title=Msg("t", "t"), draw=lambda r: {}, statement=lambda p: "",
        expected=lambda p: np.array([0.0, 1.0, -1.0]),
        signals=lambda p: [np.arange(1.0, 9.0) ** 2, np.array([3.0, -1, 4, 1, 5, -9, 2, 6])],
        mistakes=[flips.Mistake("reversed", flips.NOT_FLIPPED,
                                wrong=lambda p: np.array([-1.0, 1.0, 0.0]))])
    for good in ([1, -1], [0, 1, -1], np.array([0, 0, 1, -1, 0])):
        assert item.check(Record("t.m", "value", value=good), {}).passed, good
    assert item.check(Record("t.m", "value", value=[-1, 1, 0]), {}).mistake == "reversed"
    assert not item.check(Record("t.m", "value", value="[0, 1, -1]"), {}).passed
    assert not item.check(Record("t.m", "value", value=[float("nan")] * 3), {}).passed


@pytest.mark.parametrize("seed", range(4))
def test_mode_calls_separate_behaviours_in_every_mode(seed: int) -> None:
    """Do the (f, g, mode) calls keep the 'same' calls' separating power and add 'full' and
    'valid' calls with odd and even asymmetric motifs?"""
    calls = flips.calls_1d(random.Random(seed), modes=True)
    assert {c.args[2] for c in calls} == {"same", "full", "valid"}
    same = [Call(c.args[:2]) for c in calls if c.args[2] == "same"]
    assert flips.discriminating(flips.conv1d_behaviours(), same)
    assert all(np.allclose(flips.correlate1d_listing(*c.args),
                           np.correlate(c.args[0], c.args[1], c.args[2])) for c in calls)
    assert Call(("same",)).to_probe()["args"] == [{"t": "str", "v": "same"}]


def test_shared_draw_helpers() -> None:
    """Does all_differ treat a tuple of arrays as one answer and compare shapes first, and does
    draw_separating redraw until the answers differ?"""
    assert flips.all_differ([1, 2], [1, 2, 0], ([1], [5]), ([1], [3]))
    assert not flips.all_differ(([1, 2], [3]), ([1], [2, 3]))
    motif = flips.int_motif(random.Random(1), (2, 2))
    assert isinstance(motif[0][0], int) and motif != [row[::-1] for row in motif[::-1]]
    params = flips.draw_separating(random.Random(0), lambda r: {"a": r.randint(0, 3)},
                                   lambda p: [p["a"], 2])
    assert params["a"] != 2
