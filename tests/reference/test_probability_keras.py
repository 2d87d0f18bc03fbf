"""Keras as an extra oracle for reference.probability (chapter 16). Needs TensorFlow/Keras."""

import numpy as np
import pytest

from reference.probability import (
    binary_cross_entropy,
    categorical_cross_entropy,
    dropout,
    log_softmax,
    mae,
    mse,
    msle,
    sigmoid,
    softmax,
)

pytestmark = pytest.mark.tf
keras = pytest.importorskip("keras")

F32 = {"rtol": 2e-6, "atol": 1e-7}  # Keras computes in float32
APPROX32 = {"rel": 2e-6, "abs": 1e-7}


def keras_loss(loss, y, y_hat) -> float:
    return float(keras.ops.convert_to_numpy(loss(np.asarray(y, "float32"),
                                                 np.asarray(y_hat, "float32"))))


def test_regression_losses_match_keras():
    """Do MSE, MAE and MSLE on the book's data (E16-3..5) match keras.losses (means over N)?"""
    y, y_hat = [1, 2, 5, 1, 3], [1.2, 1.9, 4.5, 1.1, 2.7]
    assert mse(y, y_hat) == pytest.approx(keras_loss(keras.losses.MeanSquaredError(), y, y_hat),
                                          **APPROX32)
    assert mae(y, y_hat) == pytest.approx(keras_loss(keras.losses.MeanAbsoluteError(), y, y_hat),
                                          **APPROX32)
    y, y_hat = [1, 5, 10, 100], [2, 4, 8, 105]
    expected = keras_loss(keras.losses.MeanSquaredLogarithmicError(), y, y_hat)
    assert msle(y, y_hat) == pytest.approx(expected, rel=1e-5)


def test_binary_cross_entropy_E16_7_matches_keras_clipping():
    """Does BCE with eps = 1e−7 match keras BinaryCrossentropy on E16-7 (ỹ₄ = 1.0)?"""
    y = [1, 0, 1, 1, 0, 1]
    p = [0.9, 0.2, 0.8, 1.0, 0.1, 0.7]
    expected = keras_loss(keras.losses.BinaryCrossentropy(), y, p)
    assert binary_cross_entropy(y, p, eps=1e-7) == pytest.approx(expected, rel=1e-5)
    assert binary_cross_entropy(y, p) == pytest.approx(expected, rel=1e-5)  # 0·ln 0 = 0
    assert expected == pytest.approx(0.168947, abs=1e-5)


def test_categorical_cross_entropy_matches_keras():
    """Does CCE (mean over examples, natural log) match keras CategoricalCrossentropy?"""
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(8, 5))
    Y = np.eye(5)[rng.integers(0, 5, size=8)]
    P = softmax(logits)
    expected = keras_loss(keras.losses.CategoricalCrossentropy(), Y, P)
    assert categorical_cross_entropy(Y, P) == pytest.approx(expected, rel=1e-5)
    from_logits = keras_loss(keras.losses.CategoricalCrossentropy(from_logits=True), Y, logits)
    assert categorical_cross_entropy(Y, logits, from_logits=True) == pytest.approx(
        from_logits, rel=1e-5)


def test_softmax_sigmoid_match_keras_ops():
    """Do softmax, log_softmax and σ match keras.ops on ordinary and huge inputs?"""
    x = np.array([[3.0, 1, 8, 6, 0], [1000.0, 1001, -5, 0, 2]])
    np.testing.assert_allclose(softmax(x), keras.ops.convert_to_numpy(keras.ops.softmax(x)),
                               **F32)
    np.testing.assert_allclose(log_softmax(x),
                               keras.ops.convert_to_numpy(keras.ops.log_softmax(x)),
                               rtol=2e-6, atol=1e-4)
    z = np.linspace(-30, 30, 13)
    np.testing.assert_allclose(sigmoid(z), keras.ops.convert_to_numpy(keras.ops.sigmoid(z)),
                               **F32)


def test_dropout_scaling_matches_keras_dropout_layer():
    """Do Keras Dropout and dropout(rate=…) scale kept units by 1/(1 − rate), identity at test?"""
    rate, x = 0.3, np.ones((200, 50), dtype="float32")
    layer = keras.layers.Dropout(rate, seed=1)
    train = keras.ops.convert_to_numpy(layer(x, training=True))
    ours = dropout(x, rate=rate, rng=np.random.default_rng(1))
    np.testing.assert_allclose(np.unique(train[train != 0]), [1 / (1 - rate)], rtol=1e-6)
    np.testing.assert_allclose(np.unique(ours[ours != 0]), [1 / (1 - rate)], rtol=1e-12)
    for out in (train, ours):  # both keep ≈ 70 % of 10 000 units
        assert abs((out != 0).mean() - (1 - rate)) < 5 * np.sqrt(0.21 / x.size)
    test_time = keras.ops.convert_to_numpy(layer(x, training=False))
    np.testing.assert_allclose(test_time, dropout(x, rate=rate, training=False))
