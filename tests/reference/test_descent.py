"""Tests for reference.descent (chapter 8 « Descente de gradient »); worked facts 8-E1 … 8-E10."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reference.descent import (
    epoch_batches,
    gradient_descent,
    gradient_descent_trace,
    minibatch_trace,
    momentum_trace,
    nesterov_trace,
    sgd_trace,
    step_schedule,
)


def grad_ellipse(P):
    """grad of f(a, b) = a² + 3b² [L4283]."""
    return np.array([2 * P[0], 6 * P[1]])


def f_ellipse(P):
    return P[0] ** 2 + 3 * P[1] ** 2


def book_close(value, printed: str):
    """The book truncates/rounds: accept one unit in the last printed decimal (notes §0.2.3)."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) < 10.0**-decimals


# SGD parabola example [L4676–4722]: y = x² + ax + b, E_i = (y_i − (x_i² + ax_i + b))²
PX, PY = np.array([2.0, 0.0, 4.0, 1.0]), np.array([0.0, 2.0, 6.0, 0.0])


def parabola_grad_i(P, i):
    r = PY[i] - (PX[i] ** 2 + P[0] * PX[i] + P[1])
    return np.array([-2 * PX[i] * r, -2 * r])


def parabola_grad(P):
    return sum(parabola_grad_i(P, i) for i in range(4))


def parabola_E(P):
    return float(np.sum((PY - (PX**2 + P[0] * PX + P[1])) ** 2))


# ---------------------------------------------------------------- classic descent


def test_two_variable_table_of_the_book():
    """Does descent on a² + 3b² from (2,1) with δ = 0.2 give the book's table (8-E1) [L4290]?"""
    tr = gradient_descent_trace(grad_ellipse, (2, 1), 0.2, 20)
    assert tr.shape == (21, 2)
    k = np.arange(21)
    np.testing.assert_allclose(tr, np.column_stack([2 * 0.6**k, (-0.2) ** k]), rtol=1e-12)
    book = {0: ("2", "1", "7"), 1: ("1.2", "-0.2", "1.56"), 2: ("0.72", "0.04", "0.523"),
            3: ("0.432", "-0.008", "0.186"), 4: ("0.2592", "0.0016", "0.067"),
            5: ("0.15552", "-0.00032", "0.024"), 10: ("0.012", "0", "0.00014")}
    for row, (a, b, f) in book.items():
        assert book_close(tr[row, 0], a) and book_close(tr[row, 1], b)
        assert book_close(f_ellipse(tr[row]), f)
    assert tr[10, 1] == pytest.approx(1.024e-7, rel=1e-12)
    assert f_ellipse(tr[20]) == pytest.approx(5.347e-9, rel=1e-3)
    np.testing.assert_allclose(tr[20], [7.3123e-5, 1.0486e-14], rtol=1e-4)


def test_second_start_point():
    """Does (−1,−1) with δ = 0.1 give (−0.8,−0.4), (−0.64,−0.16) [L4302], then (−0.512,−0.064)?"""
    tr = gradient_descent_trace(grad_ellipse, (-1, -1), 0.1, 3)
    np.testing.assert_allclose(tr[1:], [[-0.8, -0.4], [-0.64, -0.16], [-0.512, -0.064]],
                               rtol=1e-13)


def test_one_variable_table_with_truncation():
    """Does a² + 1 from a₀ = 2, δ = 0.2 match the book's truncated table (8-E2) [L4330–4342]?"""
    tr = gradient_descent_trace(lambda a: 2 * a, 2.0, 0.2, 10)[:, 0]
    printed = ["2", "1.2", "0.72", "0.43", "0.25", "0.15", "0.093", "0.055", "0.033", "0.020",
               "0.012"]
    printed_f = ["5", "2.44", "1.5184", "1.1866", "1.0671", "1.0241", "1.0087", "1.0031",
                 "1.0011", "1.0004", "1.0001"]
    for a, pa, pf in zip(tr, printed, printed_f, strict=True):
        assert book_close(a, pa) and book_close(a * a + 1, pf)
    assert tr[4] == pytest.approx(0.2592, rel=1e-12)  # printed "0.25": truncation, not rounding
    np.testing.assert_allclose(tr, 2 * 0.6 ** np.arange(11), rtol=1e-12)


@pytest.mark.parametrize(("delta", "first"), [
    (0.9, [2, -1.6, 1.28, -1.024, 0.8192, -0.65536]),
    (1.1, [2, -2.4, 2.88, -3.456, 4.1472, -4.97664]),
    (0.05, [2, 1.8, 1.62, 1.458, 1.3122, 1.18098]),
])
def test_bad_steps(delta, first):
    """Do the « mauvaises » steps oscillate (0.9), diverge (1.1), crawl (0.05) as in 8-E3?"""
    tr = gradient_descent_trace(lambda a: 2 * a, 2.0, delta, 60)[:, 0]
    np.testing.assert_allclose(tr[:6], first, rtol=1e-12)
    if delta == 1.1:
        assert abs(tr[-1]) > 1e4
    else:
        assert abs(tr[-1]) < abs(tr[0]) and (delta == 0.9) == bool(np.any(tr < 0))


def test_two_local_minima_depend_on_start():
    """Does a⁴ − 5a² + a + 10 (δ = 0.02) reach 1.528544 or −1.628949 depending on a₀ (8-E4)?"""
    roots = np.sort(np.roots([4, 0, -10, 1]).real)  # f'(a) = 4a³ − 10a + 1
    np.testing.assert_allclose(roots, [-1.628949, 0.100405, 1.528544], atol=1e-6)
    grad = lambda a: 4 * a**3 - 10 * a + 1  # noqa: E731
    for a0, limit in [(2.0, roots[2]), (0.11, roots[2]), (0.09, roots[0]), (-2.0, roots[0])]:
        assert gradient_descent(grad, a0, 0.02, 2000)[0] == pytest.approx(limit, abs=1e-9)


def test_saddle_attracts_descent():
    """Does a⁴ − 2a³ + 4 from a₀ = −1 (δ = 0.05) creep to the saddle 0, not to 3/2 (8-E5)?"""
    tr = gradient_descent_trace(lambda a: 4 * a**3 - 6 * a**2, -1.0, 0.05, 100)[:, 0]
    np.testing.assert_allclose(tr[1:4], [-0.5, -0.4, -0.3392], rtol=1e-12)
    assert tr[100] == pytest.approx(-0.029115, abs=1e-6)
    assert np.all(np.diff(tr) > 0) and np.all(tr < 0)


def test_stop_criterion_epsilon():
    """Does the descent stop at the first P_k with ‖grad f(P_k)‖ ≤ ε [L4430]?"""
    tr = gradient_descent_trace(grad_ellipse, (2, 1), 0.2, 1000, eps=1e-3)
    norms = np.linalg.norm([grad_ellipse(P) for P in tr], axis=1)
    assert norms[-1] <= 1e-3 < norms[-2]
    assert len(tr) < 1000


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.1, 10), min_size=3, max_size=3), st.floats(0.05, 0.95),
       st.integers(0, 2**31))
def test_descent_decreases_a_convex_quadratic(eigs, frac, seed):
    """On f = ½xᵀAx (A SPD), does every step with δ < 2/λ_max decrease f (never increase)?"""
    Q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(3, 3)))
    A = Q @ np.diag(eigs) @ Q.T
    tr = gradient_descent_trace(lambda P: A @ P, [1.0, -2.0, 0.5], frac * 2 / max(eigs), 30)
    f = np.einsum("ki,ij,kj->k", tr, A, tr) / 2
    assert np.all(np.diff(f) <= 1e-12 * f[0])


# ---------------------------------------------------------------- step schedules


@pytest.mark.parametrize(("kind", "kw", "values"), [
    ("linear", {}, [0.1, 0.05, 0.1 / 3, 0.025]),
    ("quadratic", {}, [0.1, 0.025, 0.1 / 9, 0.00625]),
    ("exponential", {"beta": 0.5}, [0.1, 0.060653066, 0.036787944, 0.022313016]),
    ("keras", {"alpha": 0.5}, [0.1, 0.1 / 1.5, 0.05, 0.04]),
    ("constant", {}, [0.1] * 4),
])
def test_step_schedules(kind, kw, values):
    """Are δ_0 … δ_3 of each schedule [L4461–4476] the notes' values (δ₀ = 0.1, 8.4 item 3)?"""
    sched = step_schedule(kind, 0.1, **kw)
    np.testing.assert_allclose([sched(k) for k in range(4)], values, rtol=1e-8)


def test_keras_decay_values_of_the_notes():
    """Is δ₀/(αk+1) with δ₀ = 1e-3, α = 1e-7 equal to 1e-3, 9.999999e-4, 9.0909e-4 (10.4 item 6)?"""
    sched = step_schedule("keras", 1e-3, alpha=1e-7)
    np.testing.assert_allclose([sched(0), sched(1), sched(10**6)], [1e-3, 9.999999e-4, 1e-3 / 1.1],
                               rtol=1e-12)


def test_decreasing_step_is_used_at_step_k():
    """Does a schedule give P_{k+1} = P_k − δ_k grad f(P_k) with δ_k = δ₀/(k+1)?"""
    tr = gradient_descent_trace(lambda a: 2 * a, 1.0, step_schedule("linear", 0.4), 3)[:, 0]
    want = [1.0]
    for k in range(3):
        want.append(want[-1] - 0.4 / (k + 1) * 2 * want[-1])
    np.testing.assert_allclose(tr, want, rtol=1e-15)


@pytest.mark.tf
def test_keras_decay_matches_inverse_time_decay():
    """Does the 'keras' schedule equal Keras' InverseTimeDecay with decay_steps = 1?"""
    keras = pytest.importorskip("keras")
    ref = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=0.3)
    sched = step_schedule("keras", 0.01, alpha=0.3)
    np.testing.assert_allclose([sched(k) for k in range(6)],
                               [float(ref(k)) for k in range(6)], rtol=1e-6)


# ---------------------------------------------------------------- SGD and mini-batch


def test_gd_vs_sgd_table_of_the_book():
    """Do GD and SGD on the parabola example give the book's table (8-E10) [L4699–4709]?"""
    gd = gradient_descent_trace(parabola_grad, (1, 1), 0.01, 200)
    np.testing.assert_allclose(gd[1:3], [[-0.54, 0.52], [-1.366, 0.294]], rtol=1e-12)
    assert [round(parabola_E(P), 2) for P in gd[:3]] == [284, 84.87, 28.68]
    sgd = sgd_trace(parabola_grad_i, 4, (1, 1), 0.01, 800)
    assert sgd.shape == (801, 2)
    want = [[0.72, 0.86], [0.72, 0.8828], [-0.381024, 0.607544], [-0.4055544, 0.5830136],
            [-0.5564306, 0.5075755], [-0.5564306, 0.5374240], [-1.2213667, 0.3711900],
            [-1.2243632, 0.3681935]]
    np.testing.assert_allclose(sgd[1:9], want, atol=1e-7)
    E_book = ["236.43", "237.41", "100.74", "97.917", "83.245", "83.913", "36.48", "36.29"]
    assert all(book_close(parabola_E(P), e) for P, e in zip(sgd[1:9], E_book, strict=True))
    # book: GD₂₀₀ ≃ (−2.9981, 1.9948), SGD₈₀₀ ≃ (−2.9984, 1.9954) [L4711–4714]
    np.testing.assert_allclose(gd[200], [-2.9981659, 1.9948878], atol=1e-7)
    np.testing.assert_allclose(sgd[800], [-2.9984457, 1.9954817], atol=1e-7)


def test_sgd_index_rule_k_mod_n():
    """Does step k use the sample (k % N) + 1 of the book [L4728] (0-based k % N here)?"""
    seen = []
    sgd_trace(lambda P, i: seen.append(i) or np.zeros(1), 3, [0.0], 0.1, 7)
    assert seen == [0, 1, 2, 0, 1, 2, 0]


def test_minibatch_extremes_are_sgd_and_gd():
    """Is mini-batch with K = 1 exactly SGD, and with K = N classic descent [L4779]?"""
    mb1 = minibatch_trace(parabola_grad_i, 4, (1, 1), 0.01, 1, 50)
    np.testing.assert_array_equal(mb1, sgd_trace(parabola_grad_i, 4, (1, 1), 0.01, 200))
    mb4 = minibatch_trace(parabola_grad_i, 4, (1, 1), 0.01, 4, 50)
    np.testing.assert_allclose(mb4, gradient_descent_trace(parabola_grad, (1, 1), 0.01, 50),
                               rtol=1e-13, atol=1e-13)


def test_minibatch_sum_convention_and_mean_option():
    """Is the batch gradient the SUM of K local gradients [L4775] (8-E10 K = 2), 'mean' = δ/K?"""
    mb = minibatch_trace(parabola_grad_i, 4, (1, 1), 0.01, 2, 200)
    assert mb.shape == (401, 2)
    np.testing.assert_allclose(mb[-1], [-2.9982902, 1.9949870], atol=1e-7)
    P1 = np.array([1.0, 1.0]) - 0.01 * (parabola_grad_i(np.ones(2), 0) + parabola_grad_i(
        np.ones(2), 1))
    np.testing.assert_allclose(mb[1], P1, rtol=1e-15)
    mean = minibatch_trace(parabola_grad_i, 4, (1, 1), 0.02, 2, 5, reduction="mean")
    np.testing.assert_allclose(mean, minibatch_trace(parabola_grad_i, 4, (1, 1), 0.01, 2, 5),
                               rtol=1e-13)


def test_minibatch_last_batch_can_be_shorter():
    """With N = 5 and K = 2, is an epoch 3 steps with batches [0,1], [2,3], [4]?"""
    assert epoch_batches(5, 2) == [[0, 1], [2, 3], [4]]
    tr = minibatch_trace(lambda P, i: np.array([1.0]), 5, [0.0], 1.0, 2, 2)
    np.testing.assert_allclose(tr[:, 0], [0, -2, -4, -5, -7, -9, -10])


def test_shuffled_epochs_are_seeded_permutations():
    """Is each shuffled epoch a permutation, reproducible from the seed, new for each epoch?"""
    seen_a, seen_b = [], []
    minibatch_trace(lambda P, i: seen_a.append(i) or np.zeros(1), 8, [0.0], 0.1, 3, 4,
                    shuffle=True, rng=123)
    minibatch_trace(lambda P, i: seen_b.append(i) or np.zeros(1), 8, [0.0], 0.1, 3, 4,
                    shuffle=True, rng=np.random.default_rng(123))
    assert seen_a == seen_b
    epochs = [seen_a[8 * e : 8 * e + 8] for e in range(4)]
    assert all(sorted(ep) == list(range(8)) for ep in epochs)
    assert len({tuple(ep) for ep in epochs}) > 1
    with pytest.raises(ValueError, match="rng"):
        epoch_batches(8, 3, shuffle=True)


def test_shuffled_sgd_still_converges():
    """Does seeded shuffled SGD on the parabola data still approach (−3, 2) after 200 epochs?"""
    tr = sgd_trace(parabola_grad_i, 4, (1, 1), 0.01, 800, shuffle=True,
                   rng=np.random.default_rng(0))
    np.testing.assert_allclose(tr[-1], [-3, 2], atol=2e-2)


# ---------------------------------------------------------------- momentum and Nesterov


def test_momentum_iterates():
    """Does the momentum rule [L4845] give the notes' iterates (8.4 item 9, δ = 0.1, μ = 0.5)?"""
    tr = momentum_trace(grad_ellipse, (2, 1), 0.1, 0.5, 4)
    np.testing.assert_allclose(tr, [[2, 1], [1.6, 0.4], [1.08, -0.14], [0.604, -0.326],
                                    [0.2452, -0.2234]], rtol=1e-13, atol=1e-15)


def test_nesterov_iterates_and_lookahead():
    """Does Nesterov [L4862] give the book's P_k and P'_k = P_k + μ(P_k − P_{k−1}) (notes §0.3)?"""
    tr, ahead = nesterov_trace(grad_ellipse, (2, 1), 0.1, 0.5, 4, return_lookahead=True)
    np.testing.assert_allclose(tr, [[2, 1], [1.6, 0.4], [1.12, 0.04], [0.704, -0.056],
                                    [0.3968, -0.0416]], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(ahead, [[2, 1], [1.4, 0.1], [0.88, -0.14], [0.496, -0.104],
                                       [0.2432, -0.0344]], rtol=1e-13, atol=1e-15)
    for k in range(1, 4):  # P_{k+1} = P'_k − δ grad f(P'_k)  [L4866]
        np.testing.assert_allclose(tr[k + 1], ahead[k] - 0.1 * grad_ellipse(ahead[k]), rtol=1e-13)


def test_zero_momentum_is_classic_descent():
    """With μ = 0, are momentum and Nesterov exactly classic descent?"""
    gd = gradient_descent_trace(grad_ellipse, (2, 1), 0.1, 10)
    np.testing.assert_array_equal(momentum_trace(grad_ellipse, (2, 1), 0.1, 0.0, 10), gd)
    np.testing.assert_array_equal(nesterov_trace(grad_ellipse, (2, 1), 0.1, 0.0, 10), gd)


@pytest.mark.tf
@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_and_nesterov_against_keras_sgd(nesterov):
    """Does Keras SGD(momentum=μ) follow the book's P_k, and SGD(nesterov=True) its P'_k?"""
    keras = pytest.importorskip("keras")
    w = keras.Variable(np.array([2.0, 1.0]), dtype="float64")
    opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.5, nesterov=nesterov)
    seen = [w.numpy().copy()]
    for _ in range(6):
        opt.apply_gradients([(keras.ops.convert_to_tensor(grad_ellipse(w.numpy())), w)])
        seen.append(w.numpy().copy())
    if nesterov:
        want = nesterov_trace(grad_ellipse, (2, 1), 0.1, 0.5, 6, return_lookahead=True)[1]
    else:
        want = momentum_trace(grad_ellipse, (2, 1), 0.1, 0.5, 6)
    np.testing.assert_allclose(seen, want, rtol=1e-6, atol=1e-7)


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("call", [
    lambda: gradient_descent_trace(grad_ellipse, (2, 1), 0.1, -1),
    lambda: gradient_descent_trace(lambda P: np.zeros(3), (2, 1), 0.1, 2),
    lambda: minibatch_trace(parabola_grad_i, 4, (1, 1), 0.1, 2, 1, reduction="avg"),
    lambda: sgd_trace(parabola_grad_i, 0, (1, 1), 0.1, 3),
    lambda: step_schedule("cosine", 0.1),
    lambda: epoch_batches(4, 0),
])
def test_bad_arguments_raise_value_error(call):
    """Are negative counts, wrong gradient shapes, unknown options and K = 0 rejected?"""
    with pytest.raises(ValueError):
        call()


def test_epoch_batches_last_short_batch_kept_dropped_or_padded():
    """With N = 5 and K = 2, is the short last batch kept, dropped, or padded with the first
    index, and does minibatch_trace take one step fewer per epoch when it is dropped?"""
    assert epoch_batches(5, 2) == [[0, 1], [2, 3], [4]]
    assert epoch_batches(5, 2, last="drop") == [[0, 1], [2, 3]]
    assert epoch_batches(5, 2, last="pad") == [[0, 1], [2, 3], [4, 0]]
    assert epoch_batches(4, 2, last="pad") == epoch_batches(4, 2, last="drop") == [[0, 1], [2, 3]]
    with pytest.raises(ValueError):
        epoch_batches(5, 2, last="wrap")
    grad_i = lambda P, i: 2 * (P - i)  # noqa: E731 - E_i = (P − i)²
    assert minibatch_trace(grad_i, 5, [0.0], 0.1, 2, 3).shape == (10, 1)
    assert minibatch_trace(grad_i, 5, [0.0], 0.1, 2, 3, last="drop").shape == (7, 1)
    padded = minibatch_trace(grad_i, 5, [0.0], 0.1, 2, 1, last="pad")
    P2 = minibatch_trace(grad_i, 5, [0.0], 0.1, 2, 1)[2]
    np.testing.assert_allclose(padded[3], P2 - 0.1 * (2 * (P2 - 4) + 2 * (P2 - 0)))
