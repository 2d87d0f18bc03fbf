"""TensorFlow/Keras oracles for reference.transformer (chapter 18).

Keras stores tokens as **rows** (batch, K, n); our matrices have tokens as columns (n, K), so
every comparison transposes. Keras MultiHeadAttention kernels: query/key/value (n, heads, r),
output (heads, r, n); head j of ours uses W_Q^(j) = query[:, j, :]ᵀ, W_O^(j) = output[j]ᵀ.
"""

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from reference.transformer import (  # noqa: E402
    gelu,
    gelu_tanh,
    kronecker,
    min_norm_matrix,
    multi_head_attention,
    softmax_rows,
)

pytestmark = pytest.mark.tf


def _keras_mha(heads, n, r, K):
    """A Keras MultiHeadAttention layer (no biases) carrying our heads' weights."""
    layer = keras.layers.MultiHeadAttention(num_heads=len(heads), key_dim=r, use_bias=False,
                                            dtype="float64")
    dummy = np.zeros((1, K, n))
    layer(dummy, dummy)                                        # build the kernels
    q = np.stack([W_Q.T for W_Q, _, _, _ in heads], axis=1)    # (n, h, r)
    k = np.stack([W_K.T for _, W_K, _, _ in heads], axis=1)
    v = np.stack([W_V.T for _, _, W_V, _ in heads], axis=1)
    o = np.stack([W_O.T for _, _, _, W_O in heads], axis=0)    # (h, r, n)
    layer.set_weights([q, k, v, o])
    return layer


@pytest.mark.parametrize("causal", [False, True])
def test_multi_head_matches_keras(causal):
    """Is Σ_h h(x) (scaled by 1/√r) the transpose of Keras MultiHeadAttention's output, with
    the same attention patterns, with and without the causal mask?"""
    rng = np.random.default_rng(0)
    n, r, K, h = 8, 4, 5, 2
    heads = [tuple(rng.normal(size=s) for s in ((r, n), (r, n), (r, n), (n, r))) for _ in range(h)]
    x = rng.normal(size=(n, K))
    ours, patterns = multi_head_attention(x, heads, scale=True, causal=causal, return_steps=True)
    layer = _keras_mha(heads, n, r, K)
    X = x.T[None]                                              # (1, K, n): tokens as rows
    out, scores = layer(X, X, use_causal_mask=causal, return_attention_scores=True)
    np.testing.assert_allclose(ours, np.asarray(out)[0].T, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(np.stack(patterns), np.asarray(scores)[0], rtol=1e-9, atol=1e-12)


def test_gelu_matches_keras():
    """Do GELU and its tanh approximation match keras.activations.gelu (rtol 1e−6), and the exact
    one TF's composed (x/2)·erfc(−x/√2) to 1e−14? (TF's fused float64 Gelu kernel is off by up
    to ≈ 6e−7 relative near x = −6; mpmath sides with us, see test_transformer.py.)"""
    x = np.linspace(-7, 7, 1401)
    exact = np.asarray(keras.activations.gelu(tf.constant(x), approximate=False))
    approx = np.asarray(keras.activations.gelu(tf.constant(x), approximate=True))
    np.testing.assert_allclose(gelu(x), exact, rtol=1e-6, atol=1e-14)
    np.testing.assert_allclose(gelu_tanh(x), approx, rtol=1e-6, atol=1e-14)
    t = tf.constant(x)
    composed = np.asarray(0.5 * t * tf.math.erfc(-t / np.sqrt(2.0)))
    np.testing.assert_allclose(gelu(x), composed, rtol=1e-13, atol=1e-15)


def test_row_softmax_matches_tf_on_transposed_scores():
    """Is softmax_rows(S) = tf.nn.softmax(S, axis=−1), i.e. over the keys of each query?"""
    S = np.random.default_rng(1).normal(size=(4, 6))
    np.testing.assert_allclose(softmax_rows(S), np.asarray(tf.nn.softmax(S, axis=-1)), rtol=1e-12)


def test_min_norm_matrix_matches_tf_pinv():
    """Is B = Aᵀ(AAᵀ)⁻¹ tf.linalg.pinv(A) for a wide random A?"""
    A = np.random.default_rng(2).normal(size=(3, 7))
    np.testing.assert_allclose(min_norm_matrix(A), np.asarray(tf.linalg.pinv(A)), rtol=1e-8,
                               atol=1e-10)


def test_kronecker_matches_tf_linear_operator():
    """Does our Kronecker product equal tf.linalg.LinearOperatorKronecker([A, B]).to_dense()?"""
    rng = np.random.default_rng(3)
    A, B = rng.normal(size=(2, 2)), rng.normal(size=(3, 3))
    op = tf.linalg.LinearOperatorKronecker([tf.linalg.LinearOperatorFullMatrix(A),
                                            tf.linalg.LinearOperatorFullMatrix(B)])
    np.testing.assert_allclose(kronecker(A, B), np.asarray(op.to_dense()), rtol=1e-14)
