"""Tests for reference.keras_models (chapters 6, 10, 14): architectures and parameter counts.

Counts are checked two independent ways: the pure-Python formulas (no TensorFlow) against the
book's and the notes' numbers, and (tests marked tf) against Keras's model.count_params().
"""

import math
import os
from importlib.util import find_spec

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reference.keras_models import (
    ModelSpec,
    book_models,
    build_model,
    cifar_cnn,
    count_params_conv2d,
    count_params_dense,
    dense_spec,
    gradient_steps,
    layer_param_counts,
    layer_shapes,
    load_digits_split,
    mnist_dense,
    one_hot,
    param_count,
    prepare_images,
    train_digits_classifier,
)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def needs_tf(test):
    """Marks a test that imports TensorFlow, skipped where TensorFlow is not installed."""
    test = pytest.mark.tf(test)
    return pytest.mark.skipif(find_spec("tensorflow") is None, reason="needs TensorFlow")(test)


SETTINGS = settings(max_examples=40, deadline=None)
MODELS = {spec.name: spec for spec in book_models()}


# Pure-Python counts against the book and the notes ----------------------------------------------

@pytest.mark.parametrize("sizes, expected", [
    ([1, 2, 1], 7), ([2, 3, 1], 13), ([3, 6, 1], 31), ([1, 40, 1], 121),  # ch6 (6.4 item 8)
    ([784, 8, 8, 10], 6442), ([784, 10, 10, 10], 8070),                   # 10-E5
    ([784, 20, 20, 10], 16330), ([784, 50, 50, 10], 42310),
    ([1, 10, 10, 10, 10, 1], 361), ([2, 10, 10, 10, 1], 261),            # 10-E7, 10-E8
    ([1000, 5, 5, 5, 1], 5071), ([3072, 30, 30, 30, 30, 10], 95290),     # 10-E10, 10-E11
])
def test_count_params_dense_book_numbers(sizes, expected):
    """Does Σ (nᵢ + 1)·nᵢ₊₁ give the chapters' weight counts (biases included)?"""
    assert count_params_dense(sizes) == expected


def test_10E5_mnist_table_closed_form_and_neurons():
    """Is the count 784p + p + p² + p + 10p + 10, with 2p + 10 neurons (10-E5 table)?"""
    table = {8: (26, 6442), 10: (30, 8070), 20: (50, 16330), 50: (110, 42310)}
    for p, (neurons, weights) in table.items():
        spec = mnist_dense(p)
        assert spec.book_count == weights
        assert param_count(spec) == 784 * p + p + p * p + p + 10 * p + 10 == weights
        assert sum(shape[0] for shape in layer_shapes(spec)) == neurons


def test_cifar_dense_is_about_100000_weights():
    """Is the CIFAR dense net's count 95 290, the book's "100 000 poids" (10-E11)?"""
    assert param_count(MODELS["ch10_cifar_dense"]) == 95290
    assert round(95290, -5) == 100000


@given(st.lists(st.integers(1, 50), min_size=2, max_size=6))
@SETTINGS
def test_count_params_dense_is_coefficients_plus_biases(sizes):
    """Is the count with biases the bias-free count plus one bias per non-input neuron?"""
    assert count_params_dense(sizes) == count_params_dense(sizes, bias=False) + sum(sizes[1:])
    products = [sizes[i] * sizes[i + 1] for i in range(len(sizes) - 1)]
    assert count_params_dense(sizes, bias=False) == sum(products)


def test_count_params_conv2d_book_numbers():
    """Are the conv counts 10·32 = 320 and 289·16 = 4624 of the MNIST CNN (E14-1, E14-2)?"""
    assert count_params_conv2d(3, 1, 32) == 320
    assert count_params_conv2d(3, 32, 1) == 289
    assert count_params_conv2d(3, 32, 16) == 4624
    assert count_params_conv2d((3, 3), 3, 64) == 1792
    assert count_params_conv2d(3, 64, 64) == 36928


@given(st.integers(1, 7), st.integers(1, 7), st.integers(1, 16), st.integers(1, 16))
@SETTINGS
def test_conv_count_equals_a_dense_layer_on_one_window(kh, kw, c_in, filters):
    """Is a Conv2D's count that of a dense layer from one kh·kw·c_in window to ℓ neurons?"""
    assert count_params_conv2d((kh, kw), c_in, filters) == count_params_dense([kh * kw * c_in,
                                                                               filters])
    assert count_params_conv2d((kh, kw), c_in, filters, bias=False) == kh * kw * c_in * filters


def test_E14_3_mnist_cnn_layers():
    """MNIST CNN: shapes 28×28×32 → 28×28×16 → 12 544 → 10, counts 320/4624/0/125 450 (E14-3)?"""
    spec = MODELS["ch14_mnist_cnn"]
    assert layer_shapes(spec) == [(28, 28, 32), (28, 28, 16), (12544,), (10,)]
    assert layer_param_counts(spec) == [320, 4624, 0, 125450]
    assert param_count(spec) == spec.book_count == 130394


def test_E14_4_cifar_cnn_with_and_without_pooling():
    """CIFAR CNN: 153 546 weights, 767 946 without the two poolings (E14-4)?"""
    spec = cifar_cnn()
    assert layer_param_counts(spec) == [1792, 36928, 0, 36928, 0, 36928, 0, 40970]
    assert layer_shapes(spec)[-2:] == [(4096,), (10,)]
    assert param_count(spec) == 153546
    assert param_count(cifar_cnn(pooling=False)) == 767946
    assert layer_shapes(cifar_cnn(pooling=False))[-2] == (32 * 32 * 64,)


def test_E14_5_cats_dogs_and_viz_net():
    """Cats vs dogs: 206 785 (E14-5); "que voit" net: 160 + 2320 + 31 370 = 33 850?"""
    cats = MODELS["ch14_cats_dogs"]
    assert param_count(cats) == 206785
    assert layer_param_counts(cats)[-2:] == [131104, 33]
    assert layer_shapes(cats)[-3] == (4096,)  # 64 → 32 → 16 → 8 after three poolings
    viz = MODELS["ch14_viz_cnn"]
    assert layer_param_counts(viz) == [160, 2320, 0, 0, 31370]
    assert layer_shapes(viz)[3] == (3136,) and param_count(viz) == 33850


def test_every_printed_book_count_is_reproduced():
    """Does every catalogue model whose count the book prints get exactly that count?"""
    printed = [spec for spec in book_models() if spec.book_count is not None]
    assert len(printed) == 8
    for spec in printed:
        assert param_count(spec) == spec.book_count, spec.name


def test_spec_errors():
    """Are a dense layer on an image, a conv on a vector and unknown kinds rejected?"""
    with pytest.raises(ValueError):
        param_count(ModelSpec("x", (8, 8, 1), (("dense", 3, "relu"),)))
    with pytest.raises(ValueError):
        layer_shapes(ModelSpec("x", (64,), (("conv2d", 3, 3, "relu"),)))
    with pytest.raises(ValueError):
        param_count(ModelSpec("x", (4,), (("lstm", 3),)))
    with pytest.raises(ValueError):
        count_params_dense([5])
    with pytest.raises(ValueError):
        count_params_conv2d(0, 1, 1)
    with pytest.raises(ValueError):
        dense_spec("x", [2, 3, 1], ["relu"])


# Data and steps --------------------------------------------------------------------------------

def test_10E6_gradient_steps():
    """Are there 40 × 60 000/32 = 75 000 steps, and ⌈N/K⌉ per epoch otherwise (10-E6)?"""
    assert gradient_steps(60000, 32, 40) == 75000
    assert gradient_steps(899, 32, 1) == 29
    assert gradient_steps(100, 100, 4000) == 4000  # full batch: one step per epoch [L5699]
    with pytest.raises(ValueError):
        gradient_steps(0, 32, 1)


def test_10E1_one_hot():
    """Is 0 ↦ (1, 0, …, 0) and 9 ↦ (0, …, 0, 1), rows summing to 1 (10-E1)?"""
    Y = one_hot(np.array([0, 9, 3]))
    np.testing.assert_array_equal(Y[0], np.eye(10)[0])
    np.testing.assert_array_equal(Y[1], [0] * 9 + [1])
    np.testing.assert_array_equal(Y.argmax(axis=1), [0, 9, 3])
    with pytest.raises(ValueError):
        one_hot(np.array([10]))
    with pytest.raises(ValueError):
        one_hot(np.array([0.5]))


def test_prepare_images_recipe():
    """Does prepare_images flatten in C order, divide by the top grey level and one-hot?"""
    images = np.random.default_rng(0).integers(0, 256, size=(5, 28, 28), dtype=np.uint8)
    X, Y = prepare_images(images, np.arange(5), 255)
    assert X.shape == (5, 784) and X.dtype == np.float64 and Y.shape == (5, 10)
    np.testing.assert_allclose(X[2, 28 * 3 + 7], images[2, 3, 7] / 255, rtol=1e-15)
    assert 0 <= X.min() and X.max() <= 1
    Xc, _ = prepare_images(images, np.arange(5), 255, flatten=False)
    assert Xc.shape == (5, 28, 28, 1)
    with pytest.raises(ValueError):
        prepare_images(images[0], [1], 255)


def test_load_digits_split_offline():
    """Does the digits split give 899 + 898 images of 64 values in [0, 1], one-hot labels?"""
    X_train, Y_train, X_test, Y_test = load_digits_split()
    assert X_train.shape == (899, 64) and X_test.shape == (898, 64)
    assert Y_train.shape == (899, 10) and np.all(Y_test.sum(axis=1) == 1)
    assert X_train.max() == 1.0 and X_train.min() == 0.0
    again = load_digits_split()
    np.testing.assert_array_equal(again[0], X_train)


# Keras as the second, independent count --------------------------------------------------------

@needs_tf
@pytest.mark.parametrize("name", sorted(MODELS))
def test_keras_count_params_and_shapes_agree(name):
    """Does Keras's count_params() and each layer's output shape agree with the hand count?"""
    spec = MODELS[name]
    model = build_model(spec)
    assert model.count_params() == param_count(spec)
    assert [tuple(layer.output.shape[1:]) for layer in model.layers] == layer_shapes(spec)
    assert [layer.count_params() for layer in model.layers] == layer_param_counts(spec)


@needs_tf
def test_one_hot_matches_keras_to_categorical():
    """Does one_hot equal keras.utils.to_categorical(labels, 10)?"""
    import keras

    labels = np.random.default_rng(5).integers(0, 10, size=50)
    np.testing.assert_array_equal(one_hot(labels), keras.utils.to_categorical(labels, 10))


@needs_tf
def test_digits_classifier_learns_and_counts_steps():
    """Does 64-8-8-10 reach ≥ 85 % test accuracy on digits, with epochs·⌈899/32⌉ steps?"""
    result = train_digits_classifier(8, epochs=20, seed=0)
    assert result["test_accuracy"] >= 0.85
    assert len(result["history"]["loss"]) == 20
    assert result["history"]["loss"][-1] < result["history"]["loss"][0]
    assert int(result["model"].optimizer.iterations) == gradient_steps(899, 32, 20)
    assert result["model"].count_params() == count_params_dense([64, 8, 8, 10]) == 682
    assert math.isfinite(result["test_loss"])

