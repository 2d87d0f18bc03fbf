"""The ch17 item kinds: the seeded sampler's statistical test (a correct sampler passes, the
mode, a quota list, a sorted list, an unseeded sampler earn nothing), merges feedback naming
the first differing merge, and PCA columns accepted up to sign."""

from __future__ import annotations

import numpy as np
from scipy import stats

from autograder.answers import Record
from autograder.items import Mistake
from autograder.model import Msg
from autograder.sampling_check import (
    MergesItem,
    SamplerItem,
    SignFreeItem,
    g_test_pvalues,
    sampler_from,
    serial_z,
)
from reference import sampling

LAW = sampling.top_k_probabilities


def _item() -> SamplerItem:
    return SamplerItem(
        id="t.sampler", points=1, title=Msg("s", "s"), draw=lambda r: {},
        statement=lambda p: "s", distribution=lambda s, T, k: LAW(s, k, T),
        cases=lambda p: [([0.0, 1.0, 2.0, 0.5], 1.0, 3, 5), ([3.0, 1.0, 2.0], 0.5, 3, 9)],
        wrong_laws={"mode": lambda s, T, k: np.eye(len(s))[int(np.argmax(s))]},
        mistakes=[Mistake("mode", Msg("mode", "mode"),
                          wrong=lambda p: sampler_from(lambda s, T, k: np.eye(len(s))[
                              int(np.argmax(s))]))])


def _grade(fn):
    item = _item()
    calls = item.probes({}, None)
    return item.check_outputs(item.expected_outputs(fn, calls), {}, calls)


def test_a_correct_sampler_passes_for_many_seeds() -> None:
    """Does an honest sampler (rng.choice and inverse CDF) pass for 20 seed shifts?"""
    for shift in range(20):
        def honest(s, T, k, n, graine, shift=shift):
            rng = np.random.default_rng(graine + 1000 * shift)
            cdf = np.cumsum(LAW(s, k, T))
            return np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right").tolist()
        assert _grade(honest).passed, shift


def test_the_mode_every_time_earns_nothing() -> None:
    """Is « always the argmax » refused and named?"""
    out = _grade(lambda s, T, k, n, g: [int(np.argmax(s))] * n)
    assert not out.passed and out.mistake == "mode" and out.credit == 0


def test_quota_and_sorted_lists_earn_nothing() -> None:
    """Are made-up draws refused: exact quotas (sorted, or cycled), and a shuffled quota list
    whose frequencies are too perfect?"""
    def quotas(s, T, k, n):
        p = LAW(s, k, T)
        c = np.floor(p * n).astype(int)
        c[np.argmax(p)] += n - c.sum()
        return [i for i, m in enumerate(c) for _ in range(m)]
    assert not _grade(lambda s, T, k, n, g: quotas(s, T, k, n)).passed
    def shuffled(s, T, k, n, g):
        x = quotas(s, T, k, n)
        np.random.default_rng(g).shuffle(x)
        return x
    assert not _grade(shuffled).passed


def test_an_unseeded_sampler_is_refused() -> None:
    """Do two calls with one seed have to agree?"""
    rng = np.random.default_rng(1)
    out = _grade(lambda s, T, k, n, g: [int(i) for i in rng.choice(len(s), n, p=LAW(s, k, T))])
    assert not out.passed and "graine" in out.message.fr


def test_wrong_lengths_and_types_are_refused() -> None:
    """A short list, floats that are not integers, strings: each refused with a message."""
    assert not _grade(lambda s, T, k, n, g: [0] * (n - 1)).passed
    assert not _grade(lambda s, T, k, n, g: [0.5] * n).passed
    assert not _grade(lambda s, T, k, n, g: "0" * n).passed


def test_g_test_matches_scipy_chisquare_and_its_size() -> None:
    """Is the G p-value close to Pearson's (scipy.stats.chisquare) on a large sample, and does
    an honest sampler fall below alpha = 0.01 about 1 % of the time (200 runs)?"""
    p = np.array([0.5, 0.3, 0.2])
    rng = np.random.default_rng(0)
    x = rng.choice(3, 4000, p=p)
    pearson = stats.chisquare(np.bincount(x, minlength=3), 4000 * p).pvalue
    assert abs(g_test_pvalues(x, p)[0] - pearson) < 0.02
    rejections = sum(g_test_pvalues(rng.choice(3, 2000, p=p), p)[0] < 0.01 for _ in range(200))
    assert rejections <= 8
    assert g_test_pvalues([0, 1, 3], np.array([0.5, 0.5, 0.0, 0.0]))[0] == 0.0
    assert abs(serial_z(rng.choice(3, 4000, p=p), p)) < 4.5
    assert abs(serial_z(sorted(rng.choice(3, 4000, p=p)), p)) > 10


MERGES = MergesItem(id="t.merges", points=1, title=Msg("m", "m"), draw=lambda r: {},
                    statement=lambda p: "m",
                    expected=lambda p: [("a", "b"), ("b", "a"), ("ba", "c")])


def test_merges_feedback_shows_the_first_differing_merge() -> None:
    """Does the message name merge no. 2 with both pairs; and refuse a lying list object?"""
    out = MERGES.check(Record("t.merges", "value", value=[("a", "b"), ("a", "c")]), {})
    assert not out.passed and "n° 2" in out.message.fr and "'b' + 'a'" in out.message.fr
    assert "'a' + 'c'" in out.message.fr
    assert MERGES.check(Record("t.merges", "value",
                               value=[["a", "b"], ["b", "a"], ["ba", "c"]]), {}).passed
    assert not MERGES.check(Record("t.merges", "value", value="ab ba bac"), {}).passed


def test_sign_free_item_accepts_either_sign_per_column() -> None:
    """Are flipped columns accepted, and a swapped column order refused?"""
    want = np.array([[1.0, 2.0], [-3.0, 0.5], [2.0, -2.5]])
    item = SignFreeItem(id="t.pca", points=1, title=Msg("p", "p"), draw=lambda r: {},
                        statement=lambda p: "p", expected=lambda p: want)
    for s in ([1, 1], [-1, 1], [1, -1], [-1, -1]):
        assert item.check(Record("t.pca", "value", value=(want * s).tolist()), {}).passed
    assert not item.check(Record("t.pca", "value", value=want[:, ::-1].tolist()), {}).passed
