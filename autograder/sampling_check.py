"""Item kinds of chapter 17: a seeded sampler checked by a statistical test, BPE merges whose
feedback shows the first merge that differs, and values accepted up to the sign of columns.

**SamplerItem.** The student writes ``f(scores, T, k, n, graine) -> list of n indices``. The
grader calls it on a few score vectors with n = ``draws`` draws each, and for each call:

1. every draw must be an integer index inside the top-k support (a draw outside it fails);
2. the same call made twice with the same seed must return the same draws (seeded sampler);
3. a **G-test** (likelihood-ratio chi-square, ``scipy.stats.power_divergence`` with
   ``lambda_="log-likelihood"``) of the observed counts against n·p, p = the reference's
   top-k softmax_T, over the support: reject when the p-value < ``alpha`` (stated, 1e-4 per
   call, so a correct sampler fails an assignment with probability < 1e-3);
4. draws that are *too good* are refused too: the lower tail of the G statistics summed over
   the calls (chi-square with the summed degrees of freedom; cdf < alpha: counts equal to n·p
   up to rounding, a shuffled quota list) and a test of
   serial independence (the number of equal neighbours x_t = x_{t+1}, expected (n − 1)Σp²,
   |z| < 4.5): a sorted or periodic list is not a sample.

A sampler that returns the mode every time fails step 3 (declared mistake ``mode``). Declared
mistakes carry a wrong *distribution*; the student's draws are recognised as that mistake when
they pass the G-test against it. With k = 1 or T = 0 the law is one point: the G-test reduces to
"every draw is that point".
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from autograder.answers import Record, Unsupported
from autograder.compare import compare
from autograder.items import NUMERIC, Call, FunctionItem, Mistake, Params, ValueItem, _wrong_kind
from autograder.model import Msg, Outcome
from reference import bpe

Distribution = Callable[[Any, float, Any], np.ndarray]


def g_statistic(draws: Sequence[int], p: np.ndarray) -> tuple[float, int]:
    """Draws and a law go in, (G, degrees of freedom) come out; G = inf when a draw falls
    outside the support of p, df = 0 for a one-point law (G = 0 when every draw is it)."""
    p = np.asarray(p, dtype=np.float64)
    x = np.asarray(draws, dtype=np.int64)
    if x.size and (x.min() < 0 or x.max() >= p.size):
        return float("inf"), 0
    counts = np.bincount(x, minlength=p.size)
    support = p > 0
    if counts[~support].sum() > 0:
        return float("inf"), 0
    if support.sum() == 1:
        return 0.0, 0
    expected = p[support] / p[support].sum() * x.size
    g, _ = stats.power_divergence(counts[support], expected, lambda_="log-likelihood")
    return float(g), int(support.sum()) - 1


def g_test_pvalues(draws: Sequence[int], p: np.ndarray) -> tuple[float, float]:
    """Draws and a law go in, (upper-tail p-value, lower-tail p-value) of the G statistic.

    Indices outside the support of p make the upper p-value 0. One-point laws: (1, 1) when
    every draw is that point, (0, 1) otherwise.
    """
    g, df = g_statistic(draws, p)
    if not np.isfinite(g):
        return 0.0, 1.0
    if df == 0:
        return 1.0, 1.0
    return float(stats.chi2.sf(g, df)), float(stats.chi2.cdf(g, df))


def serial_z(draws: Sequence[int], p: np.ndarray) -> float:
    """z-score of the number of equal neighbours against an i.i.d. sample of law p."""
    x = np.asarray(draws, dtype=np.int64)
    p = np.asarray(p, dtype=np.float64) / np.sum(p)
    q = float(np.sum(p ** 2))
    if q >= 1.0 - 1e-12 or x.size < 3:
        return 0.0
    m = x.size - 1
    same = int(np.sum(x[1:] == x[:-1]))
    # neighbours overlap, so the variance is not binomial; this bound is the exact one for
    # an i.i.d. sequence: Var = m q(1 − q) + 2(m − 1)(Σp³ − q²)
    var = m * q * (1 - q) + 2 * (m - 1) * (float(np.sum(p ** 3)) - q * q)
    z: float = (same - m * q) / np.sqrt(max(var, 1e-12))
    return z


@dataclass(frozen=True)
class SamplerItem(FunctionItem):
    """A seeded sampler ``f(scores, T, k, n, graine)``; see the module docstring."""

    distribution: Distribution = field(default=lambda x, T, k: np.ones(1))
    """The reference law: (scores, T, k) → p."""
    wrong_laws: dict[str, Distribution] = field(default_factory=dict)
    """Mistake name → its wrong law (scores, T, k) → p."""
    cases: Callable[[Params], list[tuple[Any, ...]]] = field(default=lambda p: [])
    """(scores, T, k, seed) of each call; the first one is made twice (reproducibility)."""
    draws: int = 4000
    alpha: float = 1e-4

    def probes(self, params: Params, rng: random.Random) -> list[Call]:
        cases = self.cases(params)
        calls = [Call((list(s), float(T), k, self.draws, int(seed)), timeout=10.0)
                 for s, T, k, seed in cases]
        return calls + [calls[0]]

    def expected_outputs(self, fn: Callable[..., Any], calls: list[Call]) -> list[Any]:
        out = []
        for call in calls:
            try:
                out.append(fn(*call.args))
            except (ArithmeticError, ValueError, TypeError) as exc:
                out.append(f"{type(exc).__name__}: {exc}")
        return out

    def _draws(self, got: Any, n: int) -> list[int] | None:
        if isinstance(got, np.ndarray):
            got = got.tolist()
        if not isinstance(got, (list, tuple)) or len(got) != n:
            return None
        out = []
        for v in got:
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
                if isinstance(v, float) and float(v).is_integer():
                    v = int(v)
                else:
                    return None
            out.append(int(v))
        return out

    def _fits(self, law: Distribution, calls: list[Call], samples: list[list[int]]) -> bool:
        for call, x in zip(calls, samples, strict=True):
            scores, T, k = call.args[0], call.args[1], call.args[2]
            upper, _ = g_test_pvalues(x, law(scores, T, k))
            if upper < self.alpha:
                return False
        return True

    def check_outputs(self, outputs: Sequence[Any], params: Params,
                      calls: list[Call]) -> Outcome:
        if len(outputs) != len(calls):
            return Outcome(False, Msg("Réponses incomplètes.", "Incomplete outputs."))
        samples = []
        for call, got in zip(calls, outputs, strict=True):
            x = self._draws(got, call.args[3])
            if x is None:
                return Outcome(False, Msg(
                    f"Pour n = {call.args[3]}, une liste de {call.args[3]} indices entiers est "
                    f"attendue ; reçu : {str(got)[:80]}.",
                    f"For n = {call.args[3]}, a list of {call.args[3]} integer indices is "
                    f"expected; got: {str(got)[:80]}."))
            samples.append(x)
        if samples[0] != samples[-1]:
            return Outcome(False, Msg(
                "Deux appels avec la même graine donnent des tirages différents : créez le "
                "générateur avec np.random.default_rng(graine) dans la fonction.",
                "Two calls with the same seed give different draws: build the generator with "
                "np.random.default_rng(graine) inside the function."))
        calls, samples = calls[:-1], samples[:-1]
        if self._fits(self.distribution, calls, samples):
            laws = [self.distribution(c.args[0], c.args[1], c.args[2]) for c in calls]
            total = [g_statistic(x, p) for x, p in zip(samples, laws, strict=True)]
            g, df = sum(t[0] for t in total), sum(t[1] for t in total)
            too_good = df > 0 and stats.chi2.cdf(g, df) < self.alpha
            if too_good or any(abs(serial_z(x, p)) > 4.5
                               for x, p in zip(samples, laws, strict=True)):
                return Outcome(False, Msg(
                    "Les fréquences sont trop parfaites ou les tirages ne sont pas "
                    "indépendants (liste triée, périodique ou fabriquée) : ce n'est pas un "
                    "échantillon aléatoire.",
                    "The frequencies are too perfect or the draws are not independent "
                    "(sorted, periodic or made-up list): this is not a random sample."))
            return Outcome(True, self.success)
        for mistake in self.mistakes:
            law = self.wrong_laws.get(mistake.name)
            if law is not None and self._fits(law, calls, samples):
                return Outcome(False, mistake.message, mistake=mistake.name)
        worst = min(g_test_pvalues(x, self.distribution(c.args[0], c.args[1], c.args[2]))[0]
                    for c, x in zip(calls, samples, strict=True))
        return Outcome(False, Msg(
            f"Les fréquences observées ne suivent pas la loi attendue (test G, p-valeur "
            f"{worst:.2g} < α = {self.alpha:g}, {self.draws} tirages par appel).",
            f"The observed frequencies do not follow the expected law (G-test, p-value "
            f"{worst:.2g} < α = {self.alpha:g}, {self.draws} draws per call)."))


def sampler_from(law: Distribution) -> Callable[..., list[int]]:
    """A correct seeded sampler of a law (for mistakes' answers and tests)."""
    def sample(scores: Any, T: float, k: Any, n: int, graine: Any) -> list[int]:
        p = np.asarray(law(scores, T, k), dtype=np.float64)
        rng = np.random.default_rng(graine)
        return [int(i) for i in rng.choice(p.size, size=n, p=p / p.sum())]
    return sample


def _merges(value: Any) -> list[tuple[str, str]] | None:
    if not isinstance(value, (list, tuple)):
        return None
    out = []
    for pair in value:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2 or not all(
                isinstance(t, str) for t in pair):
            return None
        out.append((pair[0], pair[1]))
    return out


@dataclass(frozen=True)
class MergesItem(ValueItem):
    """Answer: the BPE merges in order, a list of (left, right) pairs of strings. Feedback on
    a wrong list names the first merge that differs (``reference.bpe.first_differing_merge``)."""

    def check(self, record: Record, params: Params) -> Outcome:
        got = _merges(record.value)
        if got is None:
            return Outcome(False, Msg(
                "Une liste de fusions est attendue : [(gauche, droite), …], des chaînes.",
                "A list of merges is expected: [(left, right), …], strings."))
        want = [tuple(p) for p in self.expected(params)]
        diff = bpe.first_differing_merge(want, got)
        if diff is None:
            return Outcome(True, self.success)
        rank, e, g = diff
        for mistake in self.mistakes:
            if mistake.wrong is not None and [tuple(p) for p in mistake.wrong(params)] == got:
                return Outcome(False, mistake.message, mistake=mistake.name)
        fr_e = "aucune (l'algorithme s'arrête)" if e is None else f"{e[0]!r} + {e[1]!r}"
        en_e = "none (the algorithm stops)" if e is None else f"{e[0]!r} + {e[1]!r}"
        fr_g = "aucune" if g is None else f"{g[0]!r} + {g[1]!r}"
        en_g = "none" if g is None else f"{g[0]!r} + {g[1]!r}"
        fr_ok = "" if rank == 1 else f"Les fusions 1 à {rank - 1} sont justes ; "
        en_ok = "" if rank == 1 else f"Merges 1 to {rank - 1} are right; "
        return Outcome(False, Msg(
            f"{fr_ok}la fusion n° {rank} attendue est {fr_e}, vous avez {fr_g}.",
            f"{en_ok}merge no. {rank} should be {en_e}, you have {en_g}."))


@dataclass(frozen=True)
class SignFreeItem(ValueItem):
    """Answer: an (m, k) array whose columns are defined up to sign (principal components):
    each column of the answer is turned to agree with the expected one before comparing."""

    def _align(self, want: np.ndarray, got: Any) -> Any:
        try:
            g = np.array(got, dtype=np.float64)
        except (TypeError, ValueError):
            return got
        if g.shape != want.shape or g.ndim != 2 or not np.all(np.isfinite(g)):
            return got
        signs = np.where(np.sum(g * want, axis=0) < 0, -1.0, 1.0)
        return (g * signs).tolist()

    def check(self, record: Record, params: Params) -> Outcome:
        got = record.value
        if isinstance(got, Unsupported):
            return _wrong_kind(NUMERIC, got)
        want = np.asarray(self.expected(params), dtype=np.float64)
        problem = compare(want.tolist(), self._align(want, got), rtol=self.rtol, atol=self.atol)
        if problem is None:
            return Outcome(True, self.success)
        for mistake in self.mistakes:
            if mistake.wrong is not None:
                alt = np.asarray(mistake.wrong(params), dtype=np.float64)
                if compare(alt.tolist(), self._align(alt, got), rtol=self.rtol,
                           atol=self.atol) is None:
                    return Outcome(False, mistake.message, mistake=mistake.name)
        return Outcome(False, problem)


__all__ = ["MergesItem", "SamplerItem", "SignFreeItem", "Mistake", "g_test_pvalues",
           "sampler_from", "g_statistic", "serial_z"]
