"""Tests for reference.keras_helpers (chapters 6 and 10): Keras networks set by hand, gradients."""

import os
from importlib.util import find_spec

import numpy as np
import pytest
from scipy.special import expit

from reference.keras_helpers import (
    book_decay,
    book_sgd,
    build_dense,
    evaluate,
    evaluate_batch,
    get_neuron_weights,
    heaviside,
    input_gradient,
    keras_activation,
    layer_table,
    load_layers,
    plot_one_var,
    plot_two_var,
    set_approximation,
    set_neuron_weights,
    sgd_step,
    weight_gradients,
    zero_layer,
)
from reference.networks import Layer, forward

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TF itself is imported inside the tests
pytestmark = [pytest.mark.tf,
              pytest.mark.skipif(find_spec("tensorflow") is None, reason="needs TensorFlow")]

TOL = {"rtol": 1e-12, "atol": 1e-12}
relu = lambda z: np.maximum(z, 0.0)  # noqa: E731


def relu_121():
    """The 1 → 2 ReLU → 1 ReLU network of 6-E1, set with set_neuron_weights (6-E4)."""
    model = build_dense([1, 2, 1], "relu")
    set_neuron_weights(model, 0, 0, 1, -1)
    set_neuron_weights(model, 0, 1, -0.5, 1)
    set_neuron_weights(model, 1, 0, [1, 1], 0)
    return model


def sigmoid_231():
    """The 2 → 3 σ → 1 σ network of 6-E3, set layer by layer with set_weights."""
    model = build_dense([2, 3, 1], "sigmoid")
    model.layers[0].set_weights([np.array([[1.0, 3, -5], [2, -4, -6]]), np.array([-1.0, 0, 1])])
    model.layers[1].set_weights([np.ones((3, 1)), np.array([-3.0])])
    return model


def numpy_231(X):
    """Hand-written forward pass of 6-E3: σ(σ(X W + b) · (1, 1, 1) − 3)."""
    W, b = np.array([[1.0, 3, -5], [2, -4, -6]]), np.array([-1.0, 0, 1])
    return expit(expit(np.asarray(X) @ W + b).sum(axis=-1) - 3)


# Chapter 6 worked examples --------------------------------------------------------------------

def test_6E1_6E4_relu_net_values():
    """Does the 1-2-1 ReLU net give F(3) = 2 and F = relu(x−1) + relu(−x/2+1) (6-E1, 6-E4)?"""
    model = relu_121()
    assert evaluate(model, 3) == pytest.approx(2.0, abs=1e-12)
    xs = np.array([-2, -1, 0, 1, 2, 2.5, 3])
    np.testing.assert_allclose(evaluate_batch(model, xs[:, None])[:, 0],
                               [2, 1.5, 1, 0.5, 1, 1.5, 2], **TOL)
    np.testing.assert_allclose(evaluate_batch(model, xs[:, None])[:, 0],
                               relu(xs - 1) + relu(-xs / 2 + 1), **TOL)


def test_6E2_get_weights_layout_is_per_input():
    """Is layer 0's get_weights() [[[1, −0.5]], [−1, 1]]: kernel (n_in, n_out), column = neuron?"""
    kernel, bias = relu_121().layers[0].get_weights()
    np.testing.assert_allclose(kernel, [[1.0, -0.5]], **TOL)
    np.testing.assert_allclose(bias, [-1.0, 1.0], **TOL)


def test_6E3_sigmoid_net_at_7_minus_5():
    """Is F(7, −5) ≃ 0.123 (book, truncated) = 0.123032 (float64) for the 2-3-1 σ net (6-E3)?"""
    value = evaluate(sigmoid_231(), [7, -5])
    assert value == pytest.approx(0.123032, abs=1e-6)
    assert 0.123 <= value < 0.124
    assert value == pytest.approx(numpy_231([7.0, -5.0]), rel=1e-12)


def test_6E5_heaviside_neuron_is_one_up_to_two():
    """Is H(−x/2 + 1) equal to 1 for x ≤ 2 (H(0) = 1 at x = 2) and 0 for x > 2 (6-E5)?"""
    model = build_dense([1, 1], heaviside)
    set_neuron_weights(model, 0, 0, -0.5, 1)
    xs = np.array([-3.0, 0.0, 1.99, 2.0, 2.01, 5.0])
    np.testing.assert_array_equal(evaluate_batch(model, xs[:, None])[:, 0], [1, 1, 1, 1, 0, 0])


def test_6E6_universal_approximation_values():
    """With a=2, b=10, n=20, is F(x) = f(xᵢ) strictly inside [xᵢ, xᵢ₊₁] (6-E6, 121 weights)?"""
    f = lambda x: np.cos(2 * x) + x * np.sin(3 * x) + np.sqrt(x)  # noqa: E731
    model = build_dense([1, 40, 1], ["H", "linear"])
    set_approximation(model, f, 2, 10, 20)
    xs = np.array([2.1, 2.5, 5.3, 9.9])
    got = evaluate_batch(model, xs[:, None])[:, 0]
    np.testing.assert_allclose(got, [0.20174, 3.54150, 2.27969, -0.77957], atol=5e-6)
    np.testing.assert_allclose(got, f(np.array([2.0, 2.4, 5.2, 9.6])), rtol=1e-10, atol=1e-10)
    assert model.count_params() == 121


def test_6E7_single_sigmoid_neuron():
    """Is F(2, 1) = σ(2 + 2 − 1) = σ(3) ≃ 0.952 (book) = 0.952574 (6-E7)?"""
    model = build_dense([2, 1], "sigmoid")
    set_neuron_weights(model, 0, 0, [1, 2], -1)
    assert evaluate(model, [2.0, 1.0]) == pytest.approx(expit(3.0), rel=1e-12)
    assert evaluate(model, [2.0, 1.0]) == pytest.approx(0.952574, abs=1e-6)


def test_6E8_two_layer_heaviside_wedge():
    """Is F(x, y) = 1 exactly when −x + 3y ≥ 0 and 2x + y ≥ 0, incl. F(0,0) = 1 (6-E8)?"""
    model = build_dense([2, 2, 1], "H")
    set_neuron_weights(model, 0, 0, [-1, 3], 0)
    set_neuron_weights(model, 0, 1, [2, 1], 0)
    set_neuron_weights(model, 1, 0, [1, 1], -2)
    book = {(1, 1): 1, (0, 0): 1, (-1, 1): 0, (1, -1): 0, (3, 0): 0}
    for point, value in book.items():
        assert evaluate(model, point) == value
    P = np.random.default_rng(6).uniform(-5, 5, size=(500, 2))
    P = P[(np.abs(-P[:, 0] + 3 * P[:, 1]) > 1e-6) & (np.abs(2 * P[:, 0] + P[:, 1]) > 1e-6)]
    wedge = (-P[:, 0] + 3 * P[:, 1] >= 0) & (2 * P[:, 0] + P[:, 1] >= 0)
    np.testing.assert_array_equal(evaluate_batch(model, P)[:, 0], wedge.astype(float))


def test_6E9_three_input_relu_neuron():
    """Is F(2, 3, 4) = relu(2 − 3 + 4 − 1) = 2 (6-E9)?"""
    model = build_dense([3, 1], "relu")
    set_neuron_weights(model, 0, 0, [1, -1, 1], -1)
    assert evaluate(model, [2.0, 3.0, 4.0]) == pytest.approx(2.0, abs=1e-12)


@pytest.mark.parametrize("phi, expected", [
    ("sigmoid", {(0, 0, 0): 0.166083, (1, 1, 1): 0.134982, (2, 0, 0): 0.135375,
                 (3, 3, 3): 0.063189}),
    ("H", {(0, 0, 0): 1.0, (1, 1, 1): 1.0, (1.01, 0, 0): 0.0, (0, -1.2, 0): 0.0}),
])
def test_6E10_cube_network(phi, expected):
    """Does the cube net (±eᵢ, bias 1; ones, bias −6) give the notes' values (6-E10)?"""
    model = build_dense([3, 6, 1], phi)
    for r, (axis, sign) in enumerate((a, s) for a in range(3) for s in (1, -1)):
        set_neuron_weights(model, 0, r, sign * np.eye(3)[axis], 1)
    set_neuron_weights(model, 1, 0, np.ones(6), -6)
    for point, value in expected.items():
        assert evaluate(model, point) == pytest.approx(value, abs=1e-6)


# One neuron at a time -------------------------------------------------------------------------

def test_set_neuron_weights_touches_one_column_only():
    """Does set_neuron_weights change column `rank` and bias[rank] and nothing else?"""
    model = build_dense([3, 4], "linear")
    before_k, before_b = model.layers[0].get_weights()
    set_neuron_weights(model, 0, 2, [7, 8, 9], -1.5)
    after_k, after_b = model.layers[0].get_weights()
    np.testing.assert_allclose(after_k[:, 2], [7, 8, 9], **TOL)
    assert after_b[2] == -1.5
    keep = [0, 1, 3]
    np.testing.assert_array_equal(after_k[:, keep], before_k[:, keep])
    np.testing.assert_array_equal(after_b[keep], before_b[keep])


def test_get_neuron_weights_round_trip_and_numpy_scalars():
    """Do numpy scalars work as coefficients (upstream crashed) and round-trip through get?"""
    model = build_dense([1, 2], "relu")
    set_neuron_weights(model, 0, 1, np.int64(3), np.float32(-2))
    coeffs, bias = get_neuron_weights(model, 0, 1)
    np.testing.assert_allclose(coeffs, [3.0], **TOL)
    assert bias == -2.0


def test_layer_table_and_zero_layer():
    """Does layer_table list each neuron's (coeffs, bias), and zero_layer clear them?"""
    model = relu_121()
    table = layer_table(model, 0)
    assert [row["rank"] for row in table] == [0, 1]
    np.testing.assert_allclose([row["coeffs"][0] for row in table], [1, -0.5], **TOL)
    assert [row["bias"] for row in table] == [-1.0, 1.0]
    zero_layer(model, 0)
    assert all(np.all(w == 0) for w in model.layers[0].get_weights())
    assert evaluate(model, 3) == 0.0


@pytest.mark.parametrize("layer, rank, coeffs, bias, error", [
    (0, 0, [1, 2], 0, ValueError),   # one input, two coefficients
    (0, 2, 1, 0, ValueError),        # rank out of range
    (2, 0, 1, 0, ValueError),        # layer out of range
    (0, 0, 1, [1, 2], TypeError),    # bias must be a number
    (0, 1.0, 1, 0, ValueError),      # rank must be an int
])
def test_set_neuron_weights_rejects_bad_addresses(layer, rank, coeffs, bias, error):
    """Are wrong coefficient counts, ranks, layers and non-number biases rejected clearly?"""
    with pytest.raises(error):
        set_neuron_weights(relu_121(), layer, rank, coeffs, bias)


def test_build_dense_and_activation_errors():
    """Are bad sizes, a wrong activation count and unknown activation names rejected?"""
    with pytest.raises(ValueError):
        build_dense([3], "relu")
    with pytest.raises(ValueError):
        build_dense([2, 3, 1], ["relu"])
    with pytest.raises(ValueError):
        keras_activation("swishy")
    assert keras_activation("identity") == "linear" and keras_activation("th") == "tanh"
    assert keras_activation("H") is heaviside


def test_heaviside_activation_at_zero_and_shape():
    """Is the Keras heaviside H(0) = 1, H(<0) = 0, with the shape kept?"""
    import keras

    x = np.array([[-1.0, 0.0], [1e-9, -1e-9]])
    np.testing.assert_array_equal(np.asarray(heaviside(keras.ops.convert_to_tensor(x))),
                                  [[0, 1], [1, 0]])


def test_load_layers_keeps_numpy_layers():
    """Does a numpy network (W: (n_in, n_out), Keras layout) give the same F once loaded?"""
    rng = np.random.default_rng(1)
    layers = [Layer(rng.normal(size=(3, 4)), rng.normal(size=4), "relu"),
              Layer(rng.normal(size=(4, 2)), rng.normal(size=2), "sigmoid")]
    model = build_dense([3, 4, 2], ["relu", "sigmoid"])
    load_layers(model, layers)
    X = rng.normal(size=(10, 3))
    np.testing.assert_allclose(evaluate_batch(model, X), forward(layers, X), **TOL)
    with pytest.raises(ValueError):
        load_layers(model, layers[:1])


def test_evaluate_matches_hand_forward_pass_and_checks_shapes():
    """Does evaluate_batch match a numpy forward pass, and reject inputs of the wrong width?"""
    X = np.random.default_rng(2).normal(scale=3, size=(20, 2))
    np.testing.assert_allclose(evaluate_batch(sigmoid_231(), X)[:, 0], numpy_231(X), **TOL)
    with pytest.raises(ValueError):
        evaluate_batch(sigmoid_231(), np.ones((3, 3)))
    with pytest.raises(ValueError):
        evaluate(sigmoid_231(), [1.0, 2.0], rank=1)


def test_float32_model_agrees_with_float64_to_float32_precision():
    """Does the book's default float32 give the same F(7, −5) up to float32 rounding?"""
    model = build_dense([2, 3, 1], "sigmoid", dtype="float32")
    model.set_weights(sigmoid_231().get_weights())
    assert evaluate(model, [7, -5]) == pytest.approx(0.123032, abs=1e-6)


# Plots ----------------------------------------------------------------------------------------

def test_plot_one_var_writes_png_and_returns_the_graph(tmp_path):
    """Does plot_one_var write a PNG and return xs = linspace(−2, 3, 100), ys = F(xs)?"""
    path = tmp_path / "F.png"
    xs, ys = plot_one_var(relu_121(), -2, 3, path, f=lambda x: x)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    np.testing.assert_allclose(xs, np.linspace(-2, 3, 100), **TOL)
    np.testing.assert_allclose(ys, relu(xs - 1) + relu(-xs / 2 + 1), **TOL)


@pytest.mark.parametrize("kind", ["3d", "contour"])
def test_plot_two_var_grid_values(tmp_path, kind):
    """Does plot_two_var return Z[i, j] = F(X[i, j], Y[i, j]) on the meshgrid and write a PNG?"""
    path = tmp_path / f"F_{kind}.png"
    X, Y, Z = plot_two_var(sigmoid_231(), -5, 5, -4, 4, path, num=7, kind=kind)
    assert X.shape == Y.shape == Z.shape == (7, 7)
    np.testing.assert_allclose(X[0], np.linspace(-5, 5, 7), **TOL)
    np.testing.assert_allclose(Y[:, 0], np.linspace(-4, 4, 7), **TOL)
    np.testing.assert_allclose(Z, numpy_231(np.stack([X, Y], axis=-1)), **TOL)
    assert path.stat().st_size > 0
    with pytest.raises(ValueError):
        plot_two_var(sigmoid_231(), -1, 1, -1, 1, kind="surface")


# Gradients (GradientTape) ---------------------------------------------------------------------

BOOK_WEIGHTS = [np.array([[1.0, 3, 5], [2, 4, 6]]), np.array([-1.0, -2, -3]),
                np.array([[7.0], [8], [9]]), np.array([-4.0])]  # [L5903–5906]


def weights_net():
    model = build_dense([2, 3, 1], "relu")
    model.set_weights(BOOK_WEIGHTS)
    return model


def test_appendixC_gradients_of_the_book_weights():
    """With X = Y = ones, is L = 14641 and ∇L the notes' Appendix C values (10-E12)?"""
    loss, grads = weight_gradients(weights_net(), np.ones((4, 2)), np.ones((4, 1)))
    assert loss == pytest.approx(14641.0, rel=1e-12)
    expected = [[[1694, 1936, 2178], [1694, 1936, 2178]], [1694, 1936, 2178],
                [[484], [1210], [1936]], [242]]
    for g, e in zip(grads, expected, strict=True):
        np.testing.assert_allclose(g, e, rtol=1e-12)


def loss_of(weights, X, Y, act_hidden, act_out):
    """Numpy MSE of a 1-hidden-layer net with Keras-layout weights."""
    W1, b1, W2, b2 = weights
    return np.mean((act_out(act_hidden(X @ W1 + b1) @ W2 + b2) - Y) ** 2)


def test_weight_gradients_match_central_differences():
    """Does ∇L from the tape match central differences of a numpy loss, weight by weight?"""
    rng = np.random.default_rng(3)
    model = build_dense([3, 4, 2], ["tanh", "sigmoid"])
    model.set_weights([rng.normal(size=w.shape) for w in model.get_weights()])
    X, Y = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    loss, grads = weight_gradients(model, X, Y)
    weights, h = model.get_weights(), 1e-6
    assert loss == pytest.approx(loss_of(weights, X, Y, np.tanh, expit), rel=1e-12)
    for k, w in enumerate(weights):
        for idx in np.ndindex(w.shape):
            plus = [v.copy() for v in weights]
            minus = [v.copy() for v in weights]
            plus[k][idx] += h
            minus[k][idx] -= h
            fd = (loss_of(plus, X, Y, np.tanh, expit) - loss_of(minus, X, Y, np.tanh, expit))
            assert grads[k][idx] == pytest.approx(fd / (2 * h), rel=1e-6, abs=1e-9)


def test_weight_gradients_categorical_crossentropy_vs_finite_differences():
    """For softmax + categorical cross-entropy, is ∂L/∂b₂ = mean(p − y) (and does FD agree)?"""
    rng = np.random.default_rng(4)
    model = build_dense([2, 3], "softmax")
    model.set_weights([rng.normal(size=(2, 3)), rng.normal(size=3)])
    X, Y = rng.normal(size=(6, 2)), np.eye(3)[rng.integers(0, 3, 6)]
    loss, grads = weight_gradients(model, X, Y, loss="categorical_crossentropy")
    P = evaluate_batch(model, X)
    assert loss == pytest.approx(-np.mean(np.sum(Y * np.log(P), axis=1)), rel=1e-12)
    np.testing.assert_allclose(grads[1], np.mean(P - Y, axis=0), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grads[0], X.T @ (P - Y) / len(X), rtol=1e-10, atol=1e-12)


def test_appendixC_one_sgd_step_matches_keras_train_on_batch():
    """Is one manual step w − 0.001∇L the notes' values and Keras's SGD(0.001) train_on_batch?"""
    X, Y = np.ones((4, 2)), np.ones((4, 1))
    _, grads = weight_gradients(weights_net(), X, Y)
    manual = sgd_step(BOOK_WEIGHTS, grads, 0.001)
    expected = [[[-0.694, 1.064, 2.822], [0.306, 2.064, 3.822]], [-2.694, -3.936, -5.178],
                [[6.516], [6.790], [7.064]], [-4.242]]
    for w, e in zip(manual, expected, strict=True):
        np.testing.assert_allclose(w, e, rtol=1e-12, atol=1e-12)
    import keras

    model = weights_net()
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(0.001))
    assert float(model.train_on_batch(X, Y)) == pytest.approx(14641.0, rel=1e-12)
    for w, e in zip(model.get_weights(), manual, strict=True):  # Keras keeps δ in float32
        np.testing.assert_allclose(w, e, rtol=0, atol=1e-6)


def test_sgd_step_rejects_mismatched_structures():
    """Does sgd_step refuse gradients whose count or shapes differ from the weights?"""
    with pytest.raises(ValueError):
        sgd_step(BOOK_WEIGHTS, BOOK_WEIGHTS[:2], 0.1)
    with pytest.raises(ValueError):
        sgd_step([np.ones(2)], [np.ones(3)], 0.1)


def test_input_gradient_vs_analytic_and_central_differences():
    """Is ∇F(2, 1) = σ′(3)·(1, 2) for 6-E7, and ∇F of the 2-3-1 net equal to central FD?"""
    model = build_dense([2, 1], "sigmoid")
    set_neuron_weights(model, 0, 0, [1, 2], -1)
    s = expit(3.0)
    np.testing.assert_allclose(input_gradient(model, [2, 1]), s * (1 - s) * np.array([1, 2]),
                               rtol=1e-12)
    p, h = np.array([0.3, -0.7]), 1e-6
    fd = [(numpy_231(p + h * e) - numpy_231(p - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(input_gradient(sigmoid_231(), p), fd, rtol=1e-6)


def test_heaviside_nets_have_zero_gradients():
    """Does a Heaviside layer give zero gradients (no path), not None or an error?"""
    model = build_dense([1, 1], "H")
    np.testing.assert_array_equal(input_gradient(model, 0.5), [0.0])
    _, grads = weight_gradients(model, np.ones((2, 1)), np.zeros((2, 1)))
    assert all(np.all(g == 0) for g in grads)


def test_book_sgd_decay_schedule_is_inverse_time():
    """Is δₖ = δ₀/(1 + αk): 1e-3, 9.999999e-4, 9.0909e-4 at k = 0, 1, 10⁶ (10.4 item 6)?"""
    schedule = book_decay(1e-3, 1e-7)
    values = [float(schedule(k)) for k in (0, 1, 10**6)]
    np.testing.assert_allclose(values, [1e-3, 1e-3 / (1 + 1e-7), 1e-3 / 1.1], rtol=1e-6)
    assert values[1] == pytest.approx(9.999999e-4, rel=1e-6)
    assert values[2] == pytest.approx(9.0909e-4, rel=1e-4)
    with pytest.raises(ValueError):
        book_decay(0.0, 1e-7)
    with pytest.raises(ValueError):
        book_sgd(1e-3, momentum=1.0)


def test_book_sgd_two_steps_use_the_decayed_rate():
    """On L(w) = w², are two book_sgd steps w₁ = w₀ − δ₀·2w₀, w₂ = w₁ − δ₀/(1+α)·2w₁?"""
    model = build_dense([1, 1], "linear")
    model.set_weights([np.zeros((1, 1)), np.array([1.0])])  # F ≡ b, MSE to 0 is b²
    model.compile(loss="mean_squared_error", optimizer=book_sgd(0.1, decay=1.0, momentum=0.0))
    X, Y = np.zeros((1, 1)), np.zeros((1, 1))
    model.train_on_batch(X, Y)
    model.train_on_batch(X, Y)
    w1 = 1.0 - 0.1 * 2 * 1.0
    w2 = w1 - 0.1 / 2 * 2 * w1
    assert float(model.get_weights()[1][0]) == pytest.approx(w2, rel=1e-6)


def test_keras3_ignores_the_book_decay_argument():
    """Does Keras 3 accept the book's SGD(decay=1e-7) and only warn that it is ignored?"""
    import keras

    with pytest.warns(UserWarning, match="decay"):
        opt = keras.optimizers.SGD(learning_rate=0.001, decay=1e-7, momentum=0.9, nesterov=True)
    assert float(opt.learning_rate) == pytest.approx(0.001, rel=1e-6)  # a constant, no schedule
