"""Tests for reference.probability (chapter 16, softmax_T of chapter 17)."""

import numpy as np
import pytest
import scipy.integrate
import scipy.special
import scipy.stats
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reference.probability import (
    argmax,
    bernoulli,
    binary_cross_entropy,
    categorical_cross_entropy,
    decide,
    dropout,
    expectation,
    gaussian_pdf,
    heaviside,
    keep_count_pmf,
    log_softmax,
    logsumexp,
    mae,
    mean,
    min_max_scale,
    mse,
    msle,
    normal_interval,
    one_hot,
    scale_pixels,
    sigmoid,
    softmax,
    softmax_jacobian,
    softmax_trace,
    standardize,
    std,
    variance,
    variance_of,
)

TOL = {"rtol": 1e-12, "atol": 1e-12}
SETTINGS = settings(max_examples=60, deadline=None)
scores = arrays(np.float64, st.integers(1, 8), elements=st.floats(-50, 50))
HEIGHTS = [172, 165, 187, 181, 167, 184, 168, 174, 180, 186]


# §1 σ, argmax, softmax --------------------------------------------------------------------------

@SETTINGS
@given(arrays(np.float64, st.integers(1, 8), elements=st.floats(-800, 800)))
def test_sigmoid_matches_expit_without_overflow(x):
    """Does σ match scipy.special.expit, even for |x| ≈ 800 (no overflow warning)?"""
    np.testing.assert_allclose(sigmoid(x), scipy.special.expit(x), rtol=1e-12, atol=1e-300)


def test_heaviside_and_decision():
    """Is H(0) = 1 [L7916], and is the decision H(σ − ½) 0 below ½ and 1 from ½ on?"""
    np.testing.assert_allclose(heaviside([-1e-9, 0, 2]), [0, 1, 1])
    np.testing.assert_allclose(decide([0.49, 0.5, 0.92]), [0, 1, 1])


def test_argmax_E16_1_and_one_hot():
    """Is argmax(3,1,8,6,0) 2 (0-based), the book's rank 3, category (0,0,1,0,0)? Ties → first?"""
    X = [3, 1, 8, 6, 0]
    assert argmax(X) == 2 and argmax(X, base=1) == 3
    np.testing.assert_allclose(one_hot(argmax(X), 5), [0, 0, 1, 0, 0])
    assert argmax([1, 7, 7]) == 1
    with pytest.raises(ValueError):
        one_hot(5, 5)


def test_softmax_E16_2():
    """Does softmax(3,1,8,6,0) give (0.0059, 0.0008, 0.8746, 0.1184, 0.0003) (E16-2)?"""
    p = softmax([3, 1, 8, 6, 0])
    np.testing.assert_allclose(p, [0.0059, 0.0008, 0.8746, 0.1184, 0.0003], rtol=0, atol=5e-5)
    np.testing.assert_allclose(p, [0.005893, 0.000798, 0.874645, 0.118370, 0.000293],
                               rtol=0, atol=1e-6)
    assert argmax(p, base=1) == 3


@SETTINGS
@given(scores, st.floats(0.05, 20))
def test_softmax_matches_scipy_with_temperature(x, T):
    """Does softmax(x, T) match scipy.special.softmax(x / T), and log_softmax likewise?"""
    np.testing.assert_allclose(softmax(x, T), scipy.special.softmax(x / T), rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(log_softmax(x, T), scipy.special.log_softmax(x / T),
                               rtol=1e-10, atol=1e-10)
    assert logsumexp(x) == pytest.approx(scipy.special.logsumexp(x), rel=1e-12, abs=1e-12)


@SETTINGS
@given(scores, st.floats(-1e3, 1e3))
def test_softmax_sums_to_one_and_ignores_constants(x, c):
    """Is Σσᵢ = 1 with 0 < σᵢ ≤ 1, and softmax(x + c) = softmax(x)?"""
    p = softmax(x)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all((p > 0) & (p <= 1))
    np.testing.assert_allclose(softmax(x + c), p, rtol=1e-8, atol=1e-12)


def test_softmax_batches_and_axis():
    """Does a batch (N, k) give row-wise softmax, and axis=0 column-wise, as scipy?"""
    X = np.random.default_rng(0).normal(size=(4, 6))
    np.testing.assert_allclose(softmax(X), scipy.special.softmax(X, axis=-1), **TOL)
    np.testing.assert_allclose(softmax(X, axis=0), scipy.special.softmax(X, axis=0), **TOL)
    np.testing.assert_allclose(log_softmax(X), scipy.special.log_softmax(X, axis=-1), **TOL)
    np.testing.assert_allclose(logsumexp(X), scipy.special.logsumexp(X, axis=-1), **TOL)


def test_softmax_is_stable_for_huge_inputs():
    """Are [1000, 1001] and [−1000, −1001] fine (no overflow, no NaN), and log_softmax finite?"""
    expected = [1 / (1 + np.e), np.e / (1 + np.e)]
    np.testing.assert_allclose(softmax([1000.0, 1001.0]), expected, rtol=1e-12)
    np.testing.assert_allclose(softmax([-1001.0, -1000.0]), expected, rtol=1e-12)
    np.testing.assert_allclose(softmax([1e308, 1e308]), [0.5, 0.5])
    logp = log_softmax([1000.0, -1000.0])
    assert np.all(np.isfinite(logp)) and logp[1] == pytest.approx(-2000.0)
    np.testing.assert_allclose(softmax([10.0, 20.0], T=0.01), [0, 1], atol=1e-300)


def test_softmax_temperature_E17_5():
    """Does softmax_T of (1/53)(2,5,25,3,14,4) match the computed values for T = 0.1, 0.2, 1, 5?"""
    X = np.array([2, 5, 25, 3, 14, 4]) / 53
    table = {0.1: [0.0109, 0.0192, 0.8359, 0.0132, 0.1049, 0.0159],
             0.2: [0.0606, 0.0805, 0.5309, 0.0666, 0.1881, 0.0732],
             1: [0.1447, 0.1531, 0.2232, 0.1474, 0.1814, 0.1502],
             5: [0.1623, 0.1642, 0.1771, 0.1630, 0.1699, 0.1636]}
    for T, expected in table.items():
        np.testing.assert_allclose(softmax(X, T), expected, rtol=0, atol=1e-4)


@SETTINGS
@given(arrays(np.float64, st.integers(2, 8), elements=st.floats(-5, 5), unique=True))
def test_temperature_limits(x):
    """Does T → 0 tend to one_hot(argmax) and T → ∞ to the uniform distribution?"""
    gap = np.sort(x)[-1] - np.sort(x)[-2]
    T = gap / 50  # e^{−gap/T} = e^{−50}: within 1e−20 of one-hot
    np.testing.assert_allclose(softmax(x, T), one_hot(argmax(x), x.size), atol=1e-15 * x.size)
    np.testing.assert_allclose(softmax(x, 1e6), np.full(x.size, 1 / x.size), atol=1e-4)


def test_softmax_rejects_bad_temperature_and_infinities():
    """Are T < 0, +inf and NaN rejected, while −inf entries get probability 0 and T = 0 is
    the limit T → 0⁺ (one-hot of the argmax)?"""
    for T in (-1e-9, -1.0):
        with pytest.raises(ValueError):
            softmax([1.0, 2.0], T)
    np.testing.assert_array_equal(softmax([1.0, 2.0], 0), [0.0, 1.0])
    for bad in ([np.inf, 1.0], [np.nan, 1.0], [-np.inf, -np.inf]):
        with pytest.raises(ValueError):
            softmax(bad)
    np.testing.assert_allclose(softmax([-np.inf, 0.0, 0.0]), [0, 0.5, 0.5])


def test_softmax_trace_steps():
    """Does the trace show z = x/T, the max, the shifted scores, exps, their sum and the result?"""
    steps = softmax_trace([3.0, 1.0, 8.0], T=2.0)
    np.testing.assert_allclose(steps["scaled"], [1.5, 0.5, 4.0])
    assert steps["max"] == pytest.approx(4.0)
    np.testing.assert_allclose(steps["shifted"], [-2.5, -3.5, 0.0])
    np.testing.assert_allclose(steps["exp"], np.exp([-2.5, -3.5, 0.0]))
    assert steps["total"] == pytest.approx(np.exp(-2.5) + np.exp(-3.5) + 1)
    np.testing.assert_allclose(steps["probs"], softmax([3.0, 1.0, 8.0], 2.0), **TOL)


def test_softmax_jacobian_symbolic_and_finite_differences():
    """Does J match sympy's ∂σᵢ/∂xⱼ [L7966] and central differences (with T); rows sum to 0?"""
    xs = sp.symbols("x1:4")
    denominator = sum(sp.exp(v) for v in xs)
    sigma = [sp.exp(v) / denominator for v in xs]
    point = {xs[0]: 0.3, xs[1]: -1.2, xs[2]: 2.0}
    symbolic = np.array([[float(sp.diff(s, v).subs(point)) for v in xs] for s in sigma])
    x = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(softmax_jacobian(x), symbolic, rtol=1e-12, atol=1e-14)
    h, T = 1e-6, 0.7
    numeric = np.column_stack([(softmax(x + h * e, T) - softmax(x - h * e, T)) / (2 * h)
                               for e in np.eye(3)])
    np.testing.assert_allclose(softmax_jacobian(x, T), numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(softmax_jacobian(x).sum(axis=1), 0, atol=1e-15)


# §2 Error functions -----------------------------------------------------------------------------

def test_mse_mae_E16_3_E16_4():
    """Do MSE and MAE give 0.08 and 0.24 on the book's data (E16-3, E16-4)?"""
    y, y_hat = [1, 2, 5, 1, 3], [1.2, 1.9, 4.5, 1.1, 2.7]
    assert mse(y, y_hat) == pytest.approx(0.08, rel=1e-12)
    assert mae(y, y_hat) == pytest.approx(0.24, rel=1e-12)


def test_msle_E16_5_E16_6():
    """Is MSLE ≃ 0.060 with the last pair < 1 %, while MAE = 2.25 with 55 % from it (E16-5, -6)?"""
    y, y_hat = np.array([1, 5, 10, 100]), np.array([2, 4, 8, 105])
    assert msle(y, y_hat) == pytest.approx(0.0600616, abs=1e-7)
    terms = (np.log(y + 1) - np.log(y_hat + 1)) ** 2
    np.testing.assert_allclose(terms, [0.16440, 0.03324, 0.04027, 0.00233], atol=1e-5)
    assert terms[-1] / terms.sum() < 0.01
    assert mae(y, y_hat) == pytest.approx(2.25)
    assert 5 / (4 * mae(y, y_hat)) == pytest.approx(5 / 9)  # the last pair's share of MAE


@SETTINGS
@given(arrays(np.float64, st.integers(1, 10), elements=st.floats(-100, 100)))
def test_regression_losses_are_zero_iff_equal(y):
    """Are MSE, MAE ≥ 0 and 0 on y = ỹ, and is MSE the mean (not the sum) of squares?"""
    assert mse(y, y) == 0 and mae(y, y) == 0
    shifted = y + 1.0
    assert mse(y, shifted) == pytest.approx(1.0) and mae(y, shifted) == pytest.approx(1.0)


def test_bce_E16_7_needs_zero_log_zero_convention():
    """Is BCE ≃ 0.168947 with ỹ₄ = 1.0, where the naive numpy formula gives NaN (E16-2)?"""
    y = np.array([1, 0, 1, 1, 0, 1])
    p = np.array([0.9, 0.2, 0.8, 1.0, 0.1, 0.7])
    assert binary_cross_entropy(y, p) == pytest.approx(0.168947, abs=1e-6)
    assert round(binary_cross_entropy(y, p), 2) == 0.17
    with np.errstate(divide="ignore", invalid="ignore"):
        naive = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert np.isnan(naive)
    by_hand = -np.mean(np.log([0.9, 0.8, 0.8, 1.0, 0.9, 0.7]))  # one log per term [L8037]
    assert binary_cross_entropy(y, p) == pytest.approx(by_hand, rel=1e-12)


def test_bce_certain_mistake_and_clipping():
    """Is a certain wrong answer +inf, and finite (−ln 1e−7) with Keras-style clipping?"""
    assert binary_cross_entropy([1.0], [0.0]) == np.inf
    assert binary_cross_entropy([1.0], [0.0], eps=1e-7) == pytest.approx(-np.log(1e-7))
    with pytest.raises(ValueError):
        binary_cross_entropy([1.0], [1.2])
    with pytest.raises(ValueError):
        binary_cross_entropy([1.0], [0.5], eps=0.6)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0.01, 0.99)), min_size=2, max_size=12))
def test_bce_matches_sklearn_log_loss(pairs):
    """Does BCE match sklearn.metrics.log_loss (natural log, mean over N)?"""
    log_loss = pytest.importorskip("sklearn.metrics").log_loss
    y = np.array([a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    expected = log_loss(y, p, labels=[0, 1])
    assert binary_cross_entropy(y, p) == pytest.approx(expected, rel=1e-9)


def test_categorical_cross_entropy_mean_over_examples():
    """Is CCE = −(1/N) Σᵢ ln p_{i,true} (mean, natural log, 0·ln 0 = 0) (E16-3)?"""
    Y = np.array([[0, 0, 1], [1, 0, 0]])
    P = np.array([[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]])
    expected = -(np.log(0.7) + np.log(0.5)) / 2
    assert categorical_cross_entropy(Y, P) == pytest.approx(expected, rel=1e-12)
    assert categorical_cross_entropy(Y[0], P[0]) == pytest.approx(-np.log(0.7), rel=1e-12)
    assert categorical_cross_entropy([[1, 0]], [[0.0, 1.0]]) == np.inf


@SETTINGS
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 5)),
              elements=st.floats(-8, 8)), st.data())
def test_cce_matches_sklearn_and_from_logits(logits, data):
    """Does CCE match sklearn log_loss, and from_logits equal CCE of the softmax?"""
    N, k = logits.shape
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=N, max_size=N)))
    Y = np.eye(k)[labels]
    P = scipy.special.softmax(logits, axis=1)
    expected = -np.mean(np.log(P[np.arange(N), labels]))
    assert categorical_cross_entropy(Y, P) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert categorical_cross_entropy(Y, logits, from_logits=True) == pytest.approx(
        expected, rel=1e-9, abs=1e-12)
    if np.all(P > 1e-12):
        log_loss = pytest.importorskip("sklearn.metrics").log_loss
        sk = log_loss(labels, P, labels=list(range(k)))
        assert categorical_cross_entropy(Y, P) == pytest.approx(sk, rel=1e-9, abs=1e-12)


def test_losses_reject_mismatched_shapes_and_nan():
    """Are different shapes and NaN rejected with ValueError?"""
    with pytest.raises(ValueError):
        mse([1, 2], [1, 2, 3])
    with pytest.raises(ValueError):
        mae([1, np.nan], [1, 2])
    with pytest.raises(ValueError):
        msle([-1, 2], [1, 2])


# §3 Normalisation, Gauss ------------------------------------------------------------------------

def test_min_max_scaling_and_erratum_E16_1():
    """Does [a,b] scaling send y_min → a, y_max → b, unlike the book's printed formula (E16-1)?"""
    y = np.array([3.0, 7.0, 5.0, 11.0])
    np.testing.assert_allclose(min_max_scale(y), [0, 0.5, 0.25, 1], **TOL)
    scaled = min_max_scale(y, -1, 1)
    assert scaled[0] == pytest.approx(-1) and scaled[3] == pytest.approx(1)
    a, b = -1.0, 1.0
    book = (y - y.min()) / (y.max() - y.min()) * (a - b) + b  # as printed [L8071]
    assert book[0] == pytest.approx(b) and book[3] == pytest.approx(a)  # reversed
    np.testing.assert_allclose(scale_pixels([0, 51, 255]), [0, 0.2, 1], **TOL)
    with pytest.raises(ValueError):
        min_max_scale([2.0, 2.0])


def test_heights_E16_8_to_E16_10():
    """Are μ = 176.4, Var = 61.04, σ ≃ 7.81 (population), [161, 192] and the z-scores right?"""
    assert mean(HEIGHTS) == pytest.approx(176.4)
    assert variance(HEIGHTS) == pytest.approx(61.04)
    assert std(HEIGHTS) == pytest.approx(7.81281, abs=1e-5)
    assert std(HEIGHTS) != pytest.approx(np.std(HEIGHTS, ddof=1), abs=0.1)  # 8.235: not the book
    lo, hi = normal_interval(mean(HEIGHTS), std(HEIGHTS))
    assert (lo, hi) == (pytest.approx(160.77, abs=0.01), pytest.approx(192.03, abs=0.01))
    assert (round(lo), round(hi)) == (161, 192)
    z = standardize(HEIGHTS)
    printed = [-0.56, -1.46, 1.36, 0.59, -1.20, 0.97, -1.07, -0.31, 0.46, 1.23]
    np.testing.assert_allclose(z, printed, rtol=0, atol=0.01)  # −1.0752 printed −1.07 (E16-5)
    assert z[6] == pytest.approx(-1.0752, abs=1e-4)


@SETTINGS
@given(arrays(np.float64, st.tuples(st.integers(2, 10), st.integers(1, 4)),
              elements=st.floats(-1e3, 1e3)))
def test_standardize_matches_scipy_zscore(X):
    """Do z-scores match scipy.stats.zscore (ddof=0), with mean 0 and σ 1 per column?"""
    if np.any(np.ptp(X, axis=0) < 1e-6):
        return
    Z = standardize(X, axis=0)
    np.testing.assert_allclose(Z, scipy.stats.zscore(X, axis=0, ddof=0), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(mean(Z, axis=0), 0, atol=1e-9)
    np.testing.assert_allclose(std(Z, axis=0), 1, rtol=1e-9)
    np.testing.assert_allclose(variance(X, axis=0), np.var(X, axis=0), rtol=1e-9, atol=1e-9)


def test_standardize_rejects_constant_data():
    """Is σ = 0 rejected rather than dividing by zero?"""
    with pytest.raises(ValueError):
        standardize([3.0, 3.0, 3.0])


@SETTINGS
@given(arrays(np.float64, st.integers(1, 8), elements=st.floats(-50, 50)),
       st.floats(-5, 5), st.floats(0.1, 10))
def test_gaussian_pdf_matches_scipy(x, mu, sigma):
    """Does the density match scipy.stats.norm.pdf?"""
    np.testing.assert_allclose(gaussian_pdf(x, mu, sigma), scipy.stats.norm.pdf(x, mu, sigma),
                               rtol=1e-12, atol=1e-300)


def test_gaussian_area_symmetry_inflections_and_95_percent():
    """Is the area 1, symmetric about μ, inflected at μ ± σ, with 95.45 % in μ ± 2σ [L8152]?"""
    mu, sigma = 176.4, 7.8
    area, _ = scipy.integrate.quad(gaussian_pdf, mu - 40 * sigma, mu + 40 * sigma,
                                   args=(mu, sigma), points=[mu])
    assert area == pytest.approx(1.0, abs=1e-9)
    assert gaussian_pdf(mu - 3.0, mu, sigma) == pytest.approx(gaussian_pdf(mu + 3.0, mu, sigma))
    h = 1e-3
    second = lambda t: (gaussian_pdf(t + h, mu, sigma) - 2 * gaussian_pdf(t, mu, sigma)  # noqa: E731
                        + gaussian_pdf(t - h, mu, sigma)) / h**2
    for point in (mu - sigma, mu + sigma):
        assert second(point - 0.1) * second(point + 0.1) < 0  # sign change: inflection
    lo, hi = normal_interval(mu, sigma)
    mass, _ = scipy.integrate.quad(gaussian_pdf, lo, hi, args=(mu, sigma))
    assert mass == pytest.approx(0.9545, abs=1e-4)
    with pytest.raises(ValueError):
        gaussian_pdf(0.0, 0.0, 0.0)


def test_expectation_and_variance_of_a_discrete_law():
    """Do E and Var of a die and of Bernoulli(p) match scipy.stats (3.5, 35/12; p, p(1−p))?"""
    die = np.arange(1, 7)
    assert expectation(die, np.full(6, 1 / 6)) == pytest.approx(3.5)
    assert variance_of(die, np.full(6, 1 / 6)) == pytest.approx(35 / 12)
    assert expectation([0, 1], [0.2, 0.8]) == pytest.approx(scipy.stats.bernoulli.mean(0.8))
    assert variance_of([0, 1], [0.2, 0.8]) == pytest.approx(scipy.stats.bernoulli.var(0.8))
    with pytest.raises(ValueError):
        expectation([1, 2], [0.5, 0.6])


# §4 Bernoulli and dropout -----------------------------------------------------------------------

def test_configurations_and_keep_counts_E16_4():
    """Do keep counts match binom.pmf; do 15 neurons have exactly 2¹⁵ = 32 768 configs?"""
    for k in range(6):
        assert keep_count_pmf(k, 5, 0.8) == pytest.approx(scipy.stats.binom.pmf(k, 5, 0.8))
    assert sum(keep_count_pmf(k, 15, 0.5) for k in range(16)) * 2**15 == pytest.approx(32768)
    with pytest.raises(ValueError):
        keep_count_pmf(6, 5, 0.5)


def test_bernoulli_frequency():
    """Does Bernoulli(0.8) keep ≈ 80 % of 10⁵ neurons (within 5 standard errors) [L8197]?"""
    draws = bernoulli(0.8, 100_000, np.random.default_rng(8))
    assert set(np.unique(draws)) <= {0.0, 1.0}
    assert abs(draws.mean() - 0.8) < 5 * np.sqrt(0.8 * 0.2 / 100_000)


def test_dropout_training_scales_kept_units_and_zeroes_others():
    """In training, is each output 0 or x/p, exactly x·mask/p for the returned mask?"""
    x = np.arange(1.0, 11.0)
    out, mask = dropout(x, keep=0.8, rng=np.random.default_rng(1), return_mask=True)
    np.testing.assert_allclose(out, x * mask / 0.8, **TOL)
    assert set(np.unique(mask)) <= {0.0, 1.0}
    again = dropout(x, keep=0.8, rng=np.random.default_rng(1))
    np.testing.assert_allclose(again, out, **TOL)  # seeded: reproducible


def test_dropout_keep_and_rate_are_complementary():
    """Is keep=p (the book) the same as rate=1−p (Keras), given the same seed?"""
    x = np.random.default_rng(2).normal(size=(20, 30))
    a = dropout(x, keep=0.7, rng=3)
    b = dropout(x, rate=0.3, rng=np.random.default_rng(3))
    np.testing.assert_allclose(a, b, **TOL)
    kept = a != 0
    np.testing.assert_allclose(a[kept], x[kept] / 0.7, **TOL)  # 1/(1 − rate) scaling


def test_dropout_preserves_the_mean():
    """Is E[dropout(x)] = x: over 10⁵ draws, is the mean within 5 standard errors of x?"""
    n, keep = 100_000, 0.6
    x = np.array([2.0, -1.0, 0.5])
    out = dropout(np.tile(x, (n, 1)), keep=keep, rng=np.random.default_rng(4))  # (n, 3)
    stderr = np.abs(x) * np.sqrt((1 - keep) / keep) / np.sqrt(n)
    assert np.all(np.abs(out.mean(axis=0) - x) < 5 * stderr)


def test_dropout_at_test_time_is_the_identity():
    """With training=False (or keep=1), is the output x itself, with no rescaling [L8230]?"""
    x = np.random.default_rng(5).normal(size=7)
    np.testing.assert_allclose(dropout(x, keep=0.5, training=False), x, **TOL)
    np.testing.assert_allclose(dropout(x, keep=1.0, rng=0), x, **TOL)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"keep": 0.5, "rate": 0.5, "rng": 0}, ValueError),
        ({"rng": 0}, ValueError),
        ({"keep": 0.0, "rng": 0}, ValueError),
        ({"rate": 1.0, "rng": 0}, ValueError),
        ({"keep": 0.5}, TypeError),
        ({"keep": 0.5, "rng": 0.5}, TypeError),
    ],
)
def test_dropout_rejects_bad_arguments(kwargs, error):
    """Are both/neither of keep and rate, p outside (0,1] and a missing Generator rejected?"""
    with pytest.raises(error):
        dropout([1.0, 2.0], **kwargs)


def test_one_softmax_for_the_whole_course():
    """Do sampling.softmax_T, transformer.softmax_rows and the embeddings' column softmax all
    go through probability.softmax, and agree with scipy on large inputs (no overflow), with
    −∞ masks, along axis 0 and at the T = 0 limit?"""
    import inspect

    from scipy.special import softmax as scipy_softmax

    from reference import embeddings, sampling, transformer
    from reference.probability import softmax as the_softmax

    for module in (sampling, transformer, embeddings):
        assert module.softmax is the_softmax
        assert "np.exp(Z)" not in inspect.getsource(module)
    big = np.array([1000.0, 999.0, -5.0])
    np.testing.assert_allclose(sampling.softmax_T(big), scipy_softmax(big), rtol=1e-14)
    np.testing.assert_allclose(sampling.softmax_T(big, 0.5), scipy_softmax(big / 0.5),
                               rtol=1e-13)
    S = np.array([[800.0, -np.inf, 1.0], [2.0, 3.0, 710.0]])
    np.testing.assert_allclose(transformer.softmax_rows(S), the_softmax(S), rtol=1e-15)
    np.testing.assert_allclose(transformer.softmax_rows(S)[0, 1], 0.0, atol=0)
    M = np.array([[1.0, 2.0], [3.0, 900.0]])
    np.testing.assert_allclose(the_softmax(M, axis=0), scipy_softmax(M, axis=0), rtol=1e-14)
    np.testing.assert_array_equal(the_softmax([1.0, 3.0, 3.0], T=0), [0, 0.5, 0.5])
    np.testing.assert_array_equal(the_softmax([[1.0, 3.0], [4.0, 2.0]], T=0),
                                  [[0, 1], [1, 0]])
    with pytest.raises(ValueError):
        the_softmax([[-np.inf, -np.inf], [1.0, 2.0]])
    with pytest.raises(ValueError):
        the_softmax([[-np.inf, 1.0], [-np.inf, 2.0]], axis=0)
