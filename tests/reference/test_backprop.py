"""Tests for reference.backprop (chapter 9 « Rétropropagation »); notes 9-E1 … 9-E7, App. C."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from reference.backprop import (
    ACTIVATIONS,
    backward,
    error,
    forward,
    hebb_trace,
    init_params,
    params_to_vector,
    predict,
    red_blue_data,
    relu,
    sigmoid,
    step_data,
    train_trace,
    vector_to_params,
    xor_data,
)
from reference.descent import gradient_descent
from reference.gradcheck import gradcheck

SIG2 = ["sigmoid", "sigmoid"]
XOR_P0 = [1.0, 2.0, -3.0, -3.0, -2.0, 1.0, 1.0, 1.0, -1.0]  # [L5045]
STEP_P0 = [0.0, 1.0, 0.0, -1.0, 1.0, 1.0, -1.0]  # [L5157]
# ch10 §3.8 weights [L5903–5906], Keras layout (n_in, n_out)
KERAS_231 = [(np.array([[1.0, 3, 5], [2, 4, 6]]), np.array([-1.0, -2, -3])),
             (np.array([[7.0], [8], [9]]), np.array([-4.0]))]


def book_close(value, printed: str):
    """One unit in the last printed decimal (the book truncates, notes §0.2.3)."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) < 10.0**-decimals


def loss_and_grads(activations, X, z, reduction="mean"):
    return lambda params: backward(params, activations, X, z, reduction)


# ---------------------------------------------------------------- activations and layout


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivatives_match_sympy(name):
    """Is each activation's derivative the sympy derivative (away from ReLU's kink)?"""
    s = sp.Symbol("s", real=True)
    exprs = {"sigmoid": 1 / (1 + sp.exp(-s)), "tanh": sp.tanh(s), "linear": s,
             "relu": sp.Max(0, s), "H": sp.Heaviside(s, 1)}
    g, g_prime = ACTIVATIONS[name]
    pts = np.array([-2.5, -0.3, 0.4, 1.7])
    want = [float(sp.diff(exprs[name], s).subs(s, p)) for p in pts]
    np.testing.assert_allclose(g_prime(pts), want, rtol=1e-14)
    np.testing.assert_allclose(g(pts), [float(exprs[name].subs(s, p)) for p in pts], rtol=1e-14)


def test_relu_derivative_at_zero_is_zero():
    """Is ReLU'(0) = 0 (TensorFlow's choice) and σ(0) = ½?"""
    assert ACTIVATIONS["relu"][1](np.array([0.0]))[0] == 0.0
    assert sigmoid(0.0) == 0.5 and relu(-1.0) == 0.0


def test_book_weight_order_for_xor():
    """Does P = (a₁…a₉) map to h₁ = (a₁,a₂; a₃), h₂ = (a₄,a₅; a₆), output (a₇,a₈; a₉) [L5045]?"""
    (W1, b1), (W2, b2) = vector_to_params(XOR_P0, [2, 2, 1])
    np.testing.assert_array_equal(W1, [[1, -3], [2, -2]])  # column j = neuron j's weights
    np.testing.assert_array_equal(b1, [-3, 1])
    np.testing.assert_array_equal(W2, [[1], [1]])
    np.testing.assert_array_equal(b2, [-1])
    np.testing.assert_array_equal(params_to_vector(vector_to_params(XOR_P0, [2, 2, 1])), XOR_P0)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=4), st.integers(0, 2**31))
def test_vector_roundtrip(sizes, seed):
    """Is vector_to_params the inverse of params_to_vector for any layer sizes?"""
    params = init_params(sizes, seed)
    back = vector_to_params(params_to_vector(params), sizes)
    for (W, b), (W2, b2) in zip(params, back, strict=True):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)


def test_forward_stores_pre_activations_and_activations():
    """Does forward return s_l = g_{l−1}W_l + b_l and g_l = φ(s_l) with the right shapes?"""
    params = init_params([3, 4, 2], 0)
    X = np.random.default_rng(1).normal(size=(5, 3))
    S, G = forward(params, ["relu", "linear"], X)
    assert [s.shape for s in S] == [(5, 4), (5, 2)] and [g.shape for g in G] == [(5, 3), (5, 4),
                                                                                 (5, 2)]
    np.testing.assert_allclose(S[0], X @ params[0][0] + params[0][1], rtol=1e-15)
    np.testing.assert_allclose(G[1], np.maximum(S[0], 0), rtol=1e-15)
    np.testing.assert_allclose(G[2], S[1], rtol=1e-15)


# ---------------------------------------------------------------- gradients vs oracles


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**31), st.sampled_from(["mean", "sum"]),
       st.sampled_from(["sigmoid", "tanh", "relu", "linear"]))
def test_backward_against_finite_differences(seed, reduction, act):
    """Does backward pass a central-difference gradient check on random 3-4-3-2 networks?"""
    rng = np.random.default_rng(seed)
    params = init_params([3, 4, 3, 2], rng)
    X, z = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    acts = [act, "tanh", "linear"]
    assert gradcheck(loss_and_grads(acts, X, z, reduction), params, eps=1e-5) < 1e-4


def test_sum_error_is_n_times_mean_error():
    """Is the sum convention (chapter 8) exactly N times the mean convention (chapter 9 [L4921])?"""
    X, z = red_blue_data()
    params = vector_to_params([0.3, -0.2, 0.1], [2, 1])
    Em, gm = backward(params, ["sigmoid"], X, z, "mean")
    Es, gs = backward(params, ["sigmoid"], X, z, "sum")
    assert Es == pytest.approx(20 * Em, rel=1e-14)
    np.testing.assert_allclose(params_to_vector(gs), 20 * params_to_vector(gm), rtol=1e-13)
    assert error(params, ["sigmoid"], X, z) == pytest.approx(Em, rel=1e-15)


def test_one_neuron_gradient_against_sympy():
    """Is the σ-neuron gradient sympy's ∂E_i/∂a = 2x_iσ_i(1−σ_i)(σ_i − z_i) averaged (9-E1)?"""
    a, b, c = sp.symbols("a b c")
    X, z = red_blue_data()
    E = sum((1 / (1 + sp.exp(-(a * sp.nsimplify(xi) + b * sp.nsimplify(yi) + c))) - int(zi)) ** 2
            for (xi, yi), zi in zip(X, z, strict=True)) / len(z)
    at = {a: 0, b: 1, c: -2}
    want = [float(sp.diff(E, v).subs(at)) for v in (a, b, c)]
    Ev, g = backward(vector_to_params([0, 1, -2], [2, 1]), ["sigmoid"], X, z)
    np.testing.assert_allclose(params_to_vector(g), want, rtol=1e-12)
    assert Ev == pytest.approx(float(E.subs(at)), rel=1e-13)


def test_appendix_c_relu_network_exact_gradients():
    """Does the 2-3-1 ReLU net of [L5903] on X = 1 give loss 14641 and exact gradients (App. C)?"""
    X, z = np.ones((4, 2)), np.ones((4, 1))
    E, ((dW1, db1), (dW2, db2)) = backward(KERAS_231, ["relu", "relu"], X, z)
    assert E == 14641.0
    np.testing.assert_array_equal(dW1, [[1694, 1936, 2178], [1694, 1936, 2178]])
    np.testing.assert_array_equal(db1, [1694, 1936, 2178])
    np.testing.assert_array_equal(dW2, [[484], [1210], [1936]])
    np.testing.assert_array_equal(db2, [242])
    after, _ = train_trace(KERAS_231, ["relu", "relu"], X, z, 0.001, 1)
    np.testing.assert_allclose(after[0][0], [[-0.694, 1.064, 2.822], [0.306, 2.064, 3.822]],
                               rtol=1e-12)
    np.testing.assert_allclose(after[1][0].ravel(), [6.516, 6.79, 7.064], rtol=1e-12)
    np.testing.assert_allclose(after[1][1], [-4.242], rtol=1e-12)


@pytest.mark.tf
def test_backward_against_tensorflow_gradient_tape():
    """Do loss and gradients equal tf.GradientTape through a Keras model with the same weights?"""
    tf = pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(3)
    params = init_params([3, 5, 4, 1], rng)
    X, z = rng.normal(size=(7, 3)), rng.normal(size=(7, 1))
    acts = ["tanh", "sigmoid", "linear"]
    model = keras.Sequential([keras.Input(shape=(3,), dtype="float64")] + [
        keras.layers.Dense(W.shape[1], activation=a, dtype="float64")
        for (W, _), a in zip(params, acts, strict=True)])
    model.set_weights([arr for layer in params for arr in layer])
    with tf.GradientTape() as tape:
        loss = keras.losses.MeanSquaredError(dtype="float64")(tf.constant(z), model(tf.constant(X)))
    tf_grads = tape.gradient(loss, model.trainable_variables)
    E, grads = backward(params, acts, X, z)
    assert E == pytest.approx(float(loss), rel=1e-12)
    for got, want in zip([g for layer in grads for g in layer], tf_grads, strict=True):
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------- the chapter's examples


def test_red_blue_neuron_trajectory():
    """Does descent from P₀ = (0,1,−2), δ = 1 (mean error) reproduce the table of 9-E1?"""
    X, z = red_blue_data()
    assert X.shape == (20, 2) and z.sum() == 10
    params, tr = train_trace(vector_to_params([0, 1, -2], [2, 1]), ["sigmoid"], X, z, 1.0, 1000)
    P, E = tr["P"], tr["E"]
    want = {0: [0, 1, -2], 1: [0.07743, 0.80760, -2.00590], 2: [0.14972, 0.59392, -2.01281],
            3: [0.2442, 0.4049, -2.0066], 10: [0.7247, -0.2888, -1.8153],
            100: [1.328883, -1.828827, 0.333876], 1000: [2.032842, -3.860252, 3.703915]}
    for k, v in want.items():
        np.testing.assert_allclose(P[k], v, atol=6e-5 if k < 100 else 1e-6)
    np.testing.assert_allclose(E[[0, 1, 2, 3, 10]], [0.45025, 0.40499, 0.35504, 0.3136, 0.2051],
                               atol=6e-5)
    np.testing.assert_allclose(E[[100, 1000]], [0.103178, 0.071098], atol=1e-6)
    assert all(book_close(p, s) for p, s in zip(P[1000], ["2.032", "-3.860", "3.703"],
                                                   strict=True))
    assert np.all(np.diff(E) < 0)  # « à chaque itération, l'erreur E(P_k) diminue » [L4970]


def test_red_blue_predictions():
    """Are F(0,3) ≈ 0.0003, F(1,1) ≈ 0.86, F(4,3) ≈ 0.56, F(3,2.75) ≈ 0.30, … [L5007–5013]?"""
    X, z = red_blue_data()
    params, _ = train_trace(vector_to_params([0, 1, -2], [2, 1]), ["sigmoid"], X, z, 1.0, 1000)
    pts = [(0, 3), (1, 1), (4, 3), (3, 2.75), (2, 3), (2, 1)]
    F = predict(params, ["sigmoid"], pts).ravel()
    printed = ["0.0003", "0.86", "0.56", "0.30", "0.02", "0.98"]
    assert all(book_close(f, s) for f, s in zip(F, printed, strict=True)), F
    np.testing.assert_allclose(F, [0.000379, 0.867209, 0.563291, 0.307198, 0.021644, 0.980341],
                               atol=2e-6)
    labels = (predict(params, ["sigmoid"], X).ravel() >= 0.5).astype(float)
    assert np.sum(labels == z) == 18  # two « transfuges »: (4, 3) blue and (3, 2.75) red
    assert {tuple(p) for p in X[labels != z]} == {(4.0, 3.0), (3.0, 2.75)}


def test_xor_first_steps():
    """Are E(P₀) = 0.2961, grad E(P₀), P₁, P₂ and their errors those of 9-E2 [L5047–5059]?"""
    X, z = xor_data()
    params0 = vector_to_params(XOR_P0, [2, 2, 1])
    E0, g0 = backward(params0, SIG2, X, z)
    assert E0 == pytest.approx(0.2961897, abs=1e-7) and book_close(E0, "0.2961")
    g_book = ["0.00349", "-0.00303", "-0.00832", "-0.00696", "-0.01350", "-0.01047", "-0.00324",
              "0.01258", "-0.04671"]
    assert all(book_close(v, s) for v, s in zip(params_to_vector(g0), g_book, strict=True))
    _, tr = train_trace(params0, SIG2, X, z, 1.0, 2)
    np.testing.assert_allclose(tr["P"][1], [0.9965017, 2.0030374, -2.9916789, -2.9930305,
                                            -1.9864949, 1.0104706, 1.0032460, 0.9874113,
                                            -0.9532873], atol=1e-7)
    np.testing.assert_allclose(tr["P"][2], [0.992543, 2.0055405, -2.9839202, -2.9860943,
                                            -1.973192, 1.0206619, 1.0053692, 0.9738986,
                                            -0.9105283], atol=1e-7)
    np.testing.assert_allclose(tr["E"], [0.2961897, 0.2935000, 0.2911529], atol=1e-7)


def test_xor_after_1000_steps():
    """Is P₁₀₀₀ the book's, E = 0.0097, and F(0.2, 0.9) ≈ 0.87 (red) (9-E2) [L5063–5075]?"""
    X, z = xor_data()
    params, tr = train_trace(vector_to_params(XOR_P0, [2, 2, 1]), SIG2, X, z, 1.0, 1000)
    book = [3.5623, 3.5675, -5.5344, -5.3682, -5.3935, 1.8403, -6.3234, -6.3801, 3.1216]
    np.testing.assert_allclose(tr["P"][-1], book, atol=1e-4)
    assert book_close(tr["E"][-1], "0.0097")
    F = predict(params, SIG2, [(0, 0), (1, 1), (1, 0), (0, 1), (0.2, 0.9)]).ravel()
    np.testing.assert_allclose(F, [0.0825, 0.1056, 0.8973, 0.8973, 0.8770], atol=1e-4)
    assert all(book_close(f, s) for f, s in zip(F, ["0.08", "0.10", "0.89", "0.89", "0.87"],
                                                strict=True))


def test_step_function_network():
    """Does the 1-2-1 σ net from P₀ (δ = 1, 5000 steps) reach the book's P₅₀₀₀ (9-E4) [L5162]?"""
    X, z = step_data()
    assert X.shape == (30, 1) and z.sum() == 10
    params, tr = train_trace(vector_to_params(STEP_P0, [1, 2, 1]), SIG2, X, z, 1.0, 5000)
    assert tr["E"][0] == 0.25
    np.testing.assert_allclose(tr["P"][1], [-0.0655, 0.9836, -0.0655, -1.0164, 0.9391, 0.9776,
                                            -1.0833], atol=1e-4)
    np.testing.assert_allclose(tr["E"][[1, 100, 1000, 2000, 5000]],
                               [0.234084, 0.222088, 0.188633, 0.016371, 0.0025737], atol=1e-6)
    book = [-2.0142, 10.9964, 3.0543, -7.7086, 8.2334, 7.8735, -11.9037]
    np.testing.assert_allclose(tr["P"][5000], book, atol=2e-4)  # book truncates the 4th decimal
    F = predict(params, SIG2, [0, 1, 2, 2.5, 3, 4, 5, 5.5, 6, 7, 8]).ravel()
    np.testing.assert_allclose(F, [0.025, 0.027, 0.087, 0.525, 0.934, 0.976, 0.866, 0.479, 0.124,
                                   0.025, 0.018], atol=1e-3)


def test_local_minimum_of_a_relu_neuron():
    """For F = ReLU(ax − 1): E(1) = 1, E(−1) = 4, E(0) = 5, and is a₀ < 0 trapped at −1 (9-E7)?"""
    X, z = np.array([[-2.0], [-1], [0], [1], [3]]), np.array([1.0, 0, 0, 0, 2])

    def E_and_dE(av):
        E, grads = backward([(np.array([[av]]), np.array([-1.0]))], ["relu"], X, z, "sum")
        return E, grads[0][0][0, 0]  # the bias is fixed at −1 [L5283]: only ∂E/∂a is used

    assert [E_and_dE(av)[0] for av in (1.0, -1.0, 0.0, 2.0, -2.0)] == [1, 4, 5, 11, 9]
    descend = lambda a0: gradient_descent(lambda P: [E_and_dE(P[0])[1]], a0, 0.01, 2000)[0]  # noqa: E731
    for a0, limit in [(-2.0, -1.0), (-0.8, -1.0), (0.5, 1.0), (2.0, 1.0)]:
        assert descend(a0) == pytest.approx(limit, abs=1e-9)


def test_hebb_rule_on_and():
    """Does Hebb's rule learn AND with a bias input: epochs end at (1,1,0) … (2,2,−2) (9-E3)?"""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    z = np.array([0, 0, 0, 1.0])
    tr = hebb_trace(X, z, np.zeros(3), 0.5, 5)
    assert tr.shape == (21, 3)
    np.testing.assert_array_equal(tr[4:17:4], [[1, 1, 0], [2, 1, -1], [2, 1, -2], [2, 2, -2]])
    np.testing.assert_array_equal(tr[1], [0, 0, -1])  # F(0,0,1) = H̃(0) = 1 ≠ 0 → P − 2δX
    # The notes call (2,2,−2) final, but it still says 1 on (0,1) and (1,0) (2 − 2 = 0 and
    # H̃(0) = 1); epoch 5 fixes it: (2,1,−3) classifies AND correctly.
    assert list((X @ tr[16] >= 0).astype(int)) == [0, 1, 1, 1]
    np.testing.assert_array_equal(tr[20], [2, 1, -3])
    assert list((X @ tr[20] >= 0).astype(int)) == [0, 0, 0, 1]
    later = hebb_trace(X, z, tr[20], 0.5, 3)
    assert np.all(later == tr[20])  # once all predictions are right, nothing moves


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("call", [
    lambda: forward(KERAS_231, ["relu"], np.ones((2, 2))),
    lambda: forward(KERAS_231, ["relu", "relu"], np.ones((2, 3))),
    lambda: forward(KERAS_231, ["relu", "softplus"], np.ones((2, 2))),
    lambda: backward(KERAS_231, ["relu", "relu"], np.ones((2, 2)), np.ones(3)),
    lambda: backward(KERAS_231, ["relu", "relu"], np.ones((2, 2)), np.ones(2), "avg"),
    lambda: vector_to_params(XOR_P0, [2, 3, 1]),
    lambda: init_params([2], 0),
])
def test_bad_inputs_raise_value_error(call):
    """Are wrong layer counts, shapes, unknown activations/reductions and bad vectors rejected?"""
    with pytest.raises(ValueError):
        call()


def test_activation_spec_type_error():
    """Is an activation that is neither a name nor a (g, g') pair a TypeError?"""
    with pytest.raises(TypeError):
        forward(KERAS_231, ["relu", 3], np.ones((2, 2)))


def test_heaviside_activation_matches_networks_forward():
    """Does backprop's « H » give H(0) = 1, H' = 0, and the same F as networks on shared layers?"""
    from reference import backprop as bp
    from reference.networks import forward as net_forward
    from reference.networks import xor_net
    np.testing.assert_array_equal(bp.heaviside(np.array([-1.0, 0.0, 2.0])), [0, 1, 1])
    np.testing.assert_array_equal(bp.heaviside_prime(np.array([-1.0, 0.0, 2.0])), [0, 0, 0])
    net = xor_net()  # same (n_in, n_out) layout in both modules
    X = np.array([[0, 0], [1, 0], [0, 1], [1, 1], [3, 1]], dtype=float)
    params = [(layer.W, layer.b) for layer in net]
    np.testing.assert_array_equal(bp.predict(params, ["H", "H"], X), net_forward(net, X))
    _, grads = bp.backward(params, ["H", "H"], X, np.zeros(len(X)))
    assert all(np.all(dW == 0) and np.all(db == 0) for dW, db in grads)
