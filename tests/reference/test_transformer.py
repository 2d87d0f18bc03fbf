"""Tests for reference.transformer (chapter 18 §2–7), numpy/scipy/sympy oracles only.

Oracles: sympy exact arithmetic (E18-4), np.linalg.lstsq/pinv, np.kron, scipy.special.erf and
softmax, a row-major (tokens as rows) re-derivation of attention, hypothesis properties, and the
book's numbers E18-4 … E18-14. The Keras/TensorFlow oracles are in test_transformer_tf.py.
"""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import minimize_scalar
from scipy.special import erf, softmax

from reference.transformer import (
    attention_head,
    attention_pattern,
    base_digits,
    gelu,
    gelu_sigmoid,
    gelu_tanh,
    kronecker,
    min_norm_matrix,
    min_norm_solution,
    multi_head_attention,
    multi_head_concat,
    positional_encoding,
    relative_position_matrix,
    residual_stream,
    residual_update,
    rotation,
    softmax_rows,
    tensor_apply,
    unvec,
    vec,
)

# --- §2.2 minimum-norm unembedding ------------------------------------------------------------

A_BOOK = [[1, 2, 0, -1], [1, 1, -1, 0]]
Y_BOOK = [2, -1]


def test_min_norm_book_example_e18_4():
    """E18-4: is B = ⅓[[0,1],[1,0],[1,−2],[−1,1]] and x_min = ⅓(−1,2,4,−3), as sympy says?"""
    A = sp.Matrix(A_BOOK)
    B_exact = A.T * (A * A.T).inv()
    assert B_exact == sp.Rational(1, 3) * sp.Matrix([[0, 1], [1, 0], [1, -2], [-1, 1]])
    assert B_exact == A.pinv()
    np.testing.assert_allclose(min_norm_matrix(A_BOOK), np.array(B_exact, dtype=float), atol=1e-15)
    x = min_norm_solution(A_BOOK, Y_BOOK)
    np.testing.assert_allclose(x, np.array([-1, 2, 4, -3]) / 3, rtol=0, atol=1e-15)
    np.testing.assert_allclose(np.array(A_BOOK) @ x, Y_BOOK, atol=1e-14)
    assert np.linalg.norm(x) == pytest.approx(math.sqrt(30) / 3, rel=1e-14)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4), st.integers(0, 5))
def test_min_norm_against_lstsq(seed, n, extra):
    """Hypothesis: does x_min equal lstsq's minimum-norm solution, and is ‖x_min‖ ≤ ‖x_min + z‖
    for z in the kernel of A?"""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, n + extra))
    y = rng.normal(size=n)
    x = min_norm_solution(A, y)
    np.testing.assert_allclose(x, np.linalg.lstsq(A, y, rcond=None)[0], rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(min_norm_matrix(A), np.linalg.pinv(A), rtol=1e-8, atol=1e-9)
    z = rng.normal(size=n + extra)
    z -= np.linalg.pinv(A) @ (A @ z)                          # project z on ker A
    assert np.linalg.norm(x) <= np.linalg.norm(x + z) + 1e-12


def test_min_norm_rejects_rank_deficient_and_overdetermined():
    """Is the over-determined formula refused: rank < n or N < n raise ValueError?"""
    with pytest.raises(ValueError):
        min_norm_matrix([[1, 2, 3], [2, 4, 6]])
    with pytest.raises(ValueError):
        min_norm_matrix(np.ones((3, 2)))
    with pytest.raises(ValueError):
        min_norm_solution(A_BOOK, [1, 2, 3])


# --- §3 residual stream -----------------------------------------------------------------------

def test_residual_update_formula():
    """Is x_{i+1} = x_i + W_out b(W_in x_i), with identities by default?"""
    rng = np.random.default_rng(0)
    x, W_in, W_out = rng.normal(size=(4, 3)), rng.normal(size=(4, 4)), rng.normal(size=(4, 4))
    np.testing.assert_allclose(residual_update(x, np.tanh, W_in, W_out),
                               x + W_out @ np.tanh(W_in @ x), rtol=1e-14)
    np.testing.assert_allclose(residual_update(x, np.sin), x + np.sin(x), rtol=1e-14)
    with pytest.raises(ValueError):
        residual_update(x, lambda u: u[:2])


def test_residual_routing_skips_block_2():
    """§3.3: with W_out¹ = diag(X, X̃), W_out² = diag(0, Ỹ), W_in³ = diag(Z, Z̃), does block 3 read
    on ℝᵖ the same thing whatever block 2 does (as if block 2 did not exist)?"""
    rng = np.random.default_rng(1)
    p, n, K = 2, 5, 3

    def blockdiag(top, bottom):
        out = np.zeros((n, n))
        out[:p, :p], out[p:, p:] = top, bottom
        return out

    W1_out = blockdiag(rng.normal(size=(p, p)), rng.normal(size=(n - p, n - p)))
    W2_out = blockdiag(np.zeros((p, p)), rng.normal(size=(n - p, n - p)))
    W3_in = blockdiag(rng.normal(size=(p, p)), rng.normal(size=(n - p, n - p)))
    x1 = rng.normal(size=(n, K))
    block_2 = (np.exp, rng.normal(size=(n, n)), W2_out)        # any input map, any nonlinearity
    with_2 = residual_stream(x1, [(np.tanh, None, W1_out), block_2])
    without_2 = residual_stream(x1, [(np.tanh, None, W1_out)])
    np.testing.assert_allclose((W3_in @ with_2)[:p], (W3_in @ without_2)[:p], rtol=1e-13)
    steps = residual_stream(x1, [(np.tanh, None, W1_out), (np.tanh, None, W2_out)],
                            return_steps=True)
    assert len(steps) == 3 and np.allclose(steps[0], x1)


# --- §4 positional encoding -------------------------------------------------------------------

E18_5_BOOK = np.array([[1, 0, 1, 0, 1, 0], [0.540, 0.841, 0.976, 0.213, 0.998, 0.046],
                       [-0.416, 0.909, 0.908, 0.417, 0.995, 0.0926],
                       [-0.989, 0.141, 0.798, 0.602, 0.990, 0.138]]).T
E18_5_COMPUTED = np.array([[1, 0, 1, 0, 1, 0],
                           [0.54030, 0.84147, 0.97688, 0.21378, 0.99892, 0.04640],
                           [-0.41615, 0.90930, 0.90860, 0.41768, 0.99569, 0.09270],
                           [-0.98999, 0.14112, 0.79830, 0.60226, 0.99032, 0.13880]]).T


def test_positional_encoding_book_example_e18_5():
    """E18-5: K=4, n=6, p=100: do the columns w_0..w_3 match the notes (5 decimals) and the
    book's truncated prints (within one unit of the last digit)?"""
    W = positional_encoding(4, 6, p=100)
    assert W.shape == (6, 4)
    np.testing.assert_allclose(W, E18_5_COMPUTED, rtol=0, atol=6e-6)
    np.testing.assert_allclose(W, E18_5_BOOK, rtol=0, atol=1.1e-3)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(1, 8).map(lambda h: 2 * h), st.floats(2, 1e4),
       st.integers(0, 50))
def test_positional_encoding_formula(K, n, p, start):
    """Hypothesis: is w_k = (cos kω₀, sin kω₀, …) with ω_i = p^{−2i/n} (cos first), ‖w_k‖² = n/2?"""
    W = positional_encoding(K, n, p, start)
    for col, k in enumerate(range(start, start + K)):
        expected = [f(k / p ** (2 * i / n)) for i in range(n // 2) for f in (math.cos, math.sin)]
        np.testing.assert_allclose(W[:, col], expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose((W**2).sum(axis=0), n / 2, rtol=1e-12)


def test_positional_encoding_rejects_odd_n():
    """Is an odd dimension n rejected?"""
    with pytest.raises(ValueError):
        positional_encoding(3, 5)


@pytest.mark.parametrize("ell", [1, 2, 5])
def test_relative_positions_proposition_2(ell):
    """E18-7: is w_{k+ℓ} = R_ℓ w_k, R_ℓ = R₁^ℓ, with R_ℓ orthogonal (n=6, p=100 and n=16)?"""
    for n in (6, 16):
        W = positional_encoding(12, n, p=100)
        R = relative_position_matrix(n, p=100, ell=ell)
        np.testing.assert_allclose(R @ W[:, :12 - ell], W[:, ell:], rtol=0, atol=1e-12)
        np.testing.assert_allclose(R, np.linalg.matrix_power(
            relative_position_matrix(n, p=100), ell), rtol=0, atol=1e-12)
        np.testing.assert_allclose(R.T @ R, np.eye(n), atol=1e-12)


def test_rotation_addition_formula_symbolically():
    """Proposition 2's proof: does M(ω)(cos kω, sin kω) = (cos (k+1)ω, sin (k+1)ω) in sympy,
    and does rotation() agree with M(ω) numerically?"""
    k, w = sp.symbols("k omega", real=True)
    M = sp.Matrix([[sp.cos(w), -sp.sin(w)], [sp.sin(w), sp.cos(w)]])
    diff = M * sp.Matrix([sp.cos(k * w), sp.sin(k * w)]) - sp.Matrix([sp.cos((k + 1) * w),
                                                                     sp.sin((k + 1) * w)])
    assert sp.simplify(sp.expand_trig(diff)) == sp.zeros(2, 1)
    np.testing.assert_allclose(rotation(0.3), np.array(M.subs(w, 0.3), dtype=float), atol=1e-15)


def test_base_digits_e18_6():
    """E18-6: is 22 in base 2 the vector (0,1,1,0,1), units first?"""
    assert base_digits(22) == [0, 1, 1, 0, 1]
    assert base_digits(0) == [0] and base_digits(7, 10, 3) == [7, 0, 0]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 16))
def test_base_digits_reconstruct(k, b):
    """Hypothesis: is Σ c_i bⁱ = k with 0 ≤ c_i < b, and do digits match np.base_repr reversed?"""
    c = base_digits(k, b)
    assert sum(ci * b**i for i, ci in enumerate(c)) == k and all(0 <= ci < b for ci in c)
    assert c == [int(ch, b) for ch in reversed(np.base_repr(k, b))]


# --- §5 tensor product ------------------------------------------------------------------------

A2 = np.array([[1, 2], [3, 4]])
B2 = np.array([[2, -1], [1, 0]])
M2 = np.array([[1, 2], [0, 1]])


def test_tensor_product_book_example_e18_8_e18_9():
    """E18-8/9: is (A⊗B)M = BMAᵀ = [[8,18],[5,11]], the Kronecker matrix the book's, vec(M) =
    (1,0,2,1) and (A⊗B)vec(M) = (8,5,18,11)? Does C-order flattening break the identity?"""
    np.testing.assert_array_equal(tensor_apply(A2, B2, M2), [[8, 18], [5, 11]])
    K = kronecker(A2, B2)
    np.testing.assert_array_equal(K, [[2, -1, 4, -2], [1, 0, 2, 0], [6, -3, 8, -4], [3, 0, 4, 0]])
    np.testing.assert_array_equal(vec(M2), [1, 0, 2, 1])
    np.testing.assert_array_equal(K @ vec(M2), [8, 5, 18, 11])
    np.testing.assert_array_equal(unvec(K @ vec(M2), 2, 2), [[8, 18], [5, 11]])
    assert not np.array_equal(K @ M2.flatten(), (B2 @ M2 @ A2.T).flatten())   # row stacking


small = st.integers(1, 4)


@settings(max_examples=60, deadline=None)
@given(small, small, small, small, st.integers(0, 10_000))
def test_kronecker_against_numpy_and_vec_identity(p, q, n, m, seed):
    """Hypothesis: does kronecker equal np.kron, and (A⊗B)vec(M) = vec(BMAᵀ) = vec(tensor_apply)?"""
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(p, q)), rng.normal(size=(n, m))
    np.testing.assert_allclose(kronecker(A, B), np.kron(A, B), rtol=1e-15)
    A, B, M = rng.normal(size=(p, p)), rng.normal(size=(n, n)), rng.normal(size=(n, p))
    np.testing.assert_allclose(kronecker(A, B) @ vec(M), vec(tensor_apply(A, B, M)), rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_array_equal(unvec(vec(M), n, p), M)


def test_tensor_product_properties():
    """§5.2: product formula, (I⊗B)M = BM, (A⊗I)M = MAᵀ, bilinearity and the column formula (†)?"""
    rng = np.random.default_rng(2)
    p, n = 3, 4
    A1, A2_, B1, B2_ = (rng.normal(size=s) for s in ((p, p), (p, p), (n, n), (n, n)))
    M = rng.normal(size=(n, p))
    np.testing.assert_allclose(tensor_apply(A1, B1, tensor_apply(A2_, B2_, M)),
                               tensor_apply(A1 @ A2_, B1 @ B2_, M), rtol=1e-12)
    np.testing.assert_allclose(tensor_apply(np.eye(p), B1, M), B1 @ M, rtol=1e-14)
    np.testing.assert_allclose(tensor_apply(A1, np.eye(n), M), M @ A1.T, rtol=1e-14)
    np.testing.assert_allclose(tensor_apply(A1 + A2_, B1, M),
                               tensor_apply(A1, B1, M) + tensor_apply(A2_, B1, M), rtol=1e-12)
    out = tensor_apply(A1, B1, M)
    for j in range(p):
        np.testing.assert_allclose(out[:, j], sum(A1[j, i] * B1 @ M[:, i] for i in range(p)),
                                   rtol=1e-12)
    with pytest.raises(ValueError):
        tensor_apply(A1, B1, M.T)


# --- §6 attention -----------------------------------------------------------------------------

def test_scores_are_scalar_products_e18_10():
    """E18-10: with q = (2,1,4,3) and keys (−1,3,0,2), (−2,0,2,2), are the scores 7 and 10?"""
    x = np.array([[2, 1, 4, 3], [5, -1, 0, 1]], dtype=float).T       # v_château, v_princesse
    target = np.array([[-2, 0, 2, 2], [-1, 3, 0, 2]], dtype=float).T  # W_K v for each
    W_K = target @ np.linalg.pinv(x)
    _, steps = attention_pattern(x, np.eye(4), W_K, return_steps=True)
    np.testing.assert_allclose(steps["scores"][0], [10, 7], rtol=1e-12)


def test_attention_table_e18_11():
    """E18-11: with the book's table A (rows sum to 1), is w₃ = 0.1v₁+0.4v₂+0.4v₃+0.1v₄ the third
    column of (A ⊗ I)x = xAᵀ?"""
    A = np.array([[0.2, 0.4, 0.1, 0.3], [0.2, 0.4, 0.4, 0.0], [0.1, 0.4, 0.4, 0.1],
                  [0.3, 0.0, 0.2, 0.5]])
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=1e-15)
    x = np.random.default_rng(3).normal(size=(5, 4))
    w = tensor_apply(A, np.eye(5), x)
    w3 = 0.1 * x[:, 0] + 0.4 * x[:, 1] + 0.4 * x[:, 2] + 0.1 * x[:, 3]
    np.testing.assert_allclose(w[:, 2], w3, rtol=1e-13)


def _row_major_head(X, W_Q, W_K, W_V, W_O, scale, causal):
    """The usual library convention: tokens are rows of X (K, n); softmax(QKᵀ/√r + mask) V."""
    Q, K, V = X @ W_Q.T, X @ W_K.T, X @ W_V.T            # (K, r)
    S = Q @ K.T / (math.sqrt(W_Q.shape[0]) if scale else 1.0)
    if causal:
        S = S + np.triu(np.full(S.shape, -1e300), 1)
    return softmax(S, axis=-1) @ V @ W_O.T               # (K, n)


def _random_head(rng, n, r):
    return (rng.normal(size=(r, n)), rng.normal(size=(r, n)), rng.normal(size=(r, n)),
            rng.normal(size=(n, r)))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 6), st.booleans(), st.booleans())
def test_head_matches_row_major_rederivation(seed, K, scale, causal):
    """Hypothesis: is our column-convention head the transpose of the row-major formula?"""
    rng = np.random.default_rng(seed)
    n, r = 6, 3
    x = rng.normal(size=(n, K))
    head = _random_head(rng, n, r)
    np.testing.assert_allclose(attention_head(x, *head, scale=scale, causal=causal),
                               _row_major_head(x.T, *head, scale, causal).T, rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 7), st.integers(0, 6))
def test_causal_mask_blocks_the_future(seed, K, changed):
    """Hypothesis: rows of A sum to 1, the upper triangle is exactly 0, and changing token t
    leaves the outputs of the tokens before t unchanged?"""
    changed = min(changed, K - 1)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(6, K))
    head = _random_head(rng, 6, 2)
    h, steps = attention_head(x, *head, scale=True, causal=True, return_steps=True)
    A = steps["A"]
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(A[np.triu_indices(K, 1)] == 0.0)
    y = x.copy()
    y[:, changed] += rng.normal(size=6) * 5
    np.testing.assert_allclose(attention_head(y, *head, scale=True, causal=True)[:, :changed],
                               h[:, :changed], rtol=1e-12, atol=1e-12)


def test_softmax_is_row_wise_not_column_wise():
    """Axis detector: do the rows of A sum to 1 while its columns, in general, do not?"""
    rng = np.random.default_rng(4)
    A = attention_pattern(rng.normal(size=(4, 5)), rng.normal(size=(2, 4)), rng.normal(size=(2, 4)))
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=1e-12)
    assert not np.allclose(A.sum(axis=0), 1.0)
    np.testing.assert_allclose(softmax_rows([[0, -np.inf], [1, 1]]), [[1, 0], [0.5, 0.5]])
    with pytest.raises(ValueError):
        softmax_rows([[-np.inf, -np.inf]])


def test_scaling_divides_scores_by_sqrt_r():
    """Is scale=True the same as dividing W_Q by √r (the paper's remark [L9646])?"""
    rng = np.random.default_rng(5)
    x, (W_Q, W_K, _, _) = rng.normal(size=(8, 5)), _random_head(rng, 8, 4)
    np.testing.assert_allclose(attention_pattern(x, W_Q, W_K, scale=True),
                               attention_pattern(x, W_Q / 2, W_K), rtol=1e-12)


def test_previous_token_head_from_positions_e18_12():
    """E18-12: with x = positional vectors, W_Q = c·R₁ᵀ and W_K = I (so q_i = c·w_{i−1}), is the
    causal pattern the GPT-2 layer-4 head-11 'previous token' one, rounded?"""
    n, K = 16, 6
    x = positional_encoding(K, n, p=100)
    A = attention_pattern(x, 50 * relative_position_matrix(n, p=100).T, np.eye(n), causal=True)
    expected = np.eye(K, k=-1)
    expected[0, 0] = 1
    np.testing.assert_array_equal(np.round(A), expected)
    book = np.array([[1, 0, 0, 0], [9.9992e-01, 7.8670e-05, 0, 0],
                     [2.3590e-06, 9.9987e-01, 1.2841e-04, 0],
                     [9.9210e-08, 1.6798e-08, 1.0000, 1.6479e-07]])
    np.testing.assert_allclose(book.sum(axis=1), 1.0, atol=2e-6)
    np.testing.assert_array_equal(np.round(book), expected[:4, :4])


def test_multi_head_sum_equals_concat_form():
    """Is Σ_j W_out^(j) h_j W_in^(j) x equal to W_out H W_in x with H block-diagonal (n/r heads)?"""
    rng = np.random.default_rng(6)
    n, r, K = 12, 4, 5
    x = rng.normal(size=(n, K))
    heads = [_random_head(rng, n, r) for _ in range(n // r)]
    for scale, causal in ((False, False), (True, True)):
        total, patterns = multi_head_attention(x, heads, scale, causal, return_steps=True)
        np.testing.assert_allclose(total, multi_head_concat(x, heads, scale, causal), rtol=1e-10)
        np.testing.assert_allclose(total, sum(attention_head(x, *h, scale=scale, causal=causal)
                                              for h in heads), rtol=1e-12)
        assert len(patterns) == 3 and patterns[0].shape == (K, K)
    with pytest.raises(ValueError):
        multi_head_concat(x, [])


def test_head_steps_and_shapes():
    """Does return_steps expose A (K,K), Q and K (r,K), values (r,K), and W_OV have rank ≤ r?"""
    rng = np.random.default_rng(7)
    x, head = rng.normal(size=(8, 5)), _random_head(rng, 8, 2)
    h, steps = attention_head(x, *head, return_steps=True)
    assert h.shape == (8, 5) and steps["A"].shape == (5, 5)
    assert steps["Q"].shape == steps["K"].shape == steps["values"].shape == (2, 5)
    assert np.linalg.matrix_rank(head[3] @ head[2]) <= 2
    with pytest.raises(ValueError):
        attention_head(x, *head[:3], head[3].T)            # W_O given as (r, n): erratum E18-3


# --- §7 GELU ----------------------------------------------------------------------------------

def _gelu_book_misprint(x):
    """E18-6: the book's printed formula (x/2)(1 + th(√(2/π) + 0.44715x³)) — wrong."""
    return x / 2 * (1 + np.tanh(math.sqrt(2 / math.pi) + 0.44715 * x**3))


def test_gelu_against_scipy_erf():
    """Is GELU(x) = (x/2)(1 + erf(x/√2)) with scipy's erf to 1e−15 on [−8, 8]?"""
    x = np.linspace(-8, 8, 2001)
    np.testing.assert_allclose(gelu(x), x / 2 * (1 + erf(x / np.sqrt(2))), rtol=0, atol=2e-15)
    assert isinstance(gelu(1.0), float)


def test_gelu_against_mpmath():
    """Is GELU right to ~1e−15 relative (mpmath, 30 digits), even at x = −5.82 where 1 + erf
    cancels?"""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 30
    for x in (-5.82, -1.84, -0.3, 0.7, 4.0):
        ref = float(mp.mpf(x) / 2 * mp.erfc(-mp.mpf(x) / mp.sqrt(2)))
        assert gelu(x) == pytest.approx(ref, rel=2e-15)
        inner = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
        ref_tanh = mp.mpf(x) / 2 * (1 + mp.tanh(inner))
        assert gelu_tanh(x) == pytest.approx(float(ref_tanh), rel=1e-13)


def test_gelu_values_e18_14():
    """E18-14: GELU(1), GELU(−1), GELU(2), GELU(−0.5), GELU(3) and the two approximations at 1?"""
    np.testing.assert_allclose(gelu([1, -1, 2, -0.5, 3]),
                               [0.841345, -0.158655, 1.954500, -0.154269, 2.995950], atol=5e-7)
    assert gelu_tanh(1.0) == pytest.approx(0.841192, abs=5e-7)
    assert gelu_sigmoid(1.0) == pytest.approx(0.845796, abs=5e-7)
    assert _gelu_book_misprint(-1.0) == pytest.approx(-0.668513, abs=5e-7)
    assert abs(_gelu_book_misprint(-1.0) - gelu(-1.0)) > 0.5          # the misprint is far off


def test_gelu_approximation_errors():
    """Are the max errors on [−6, 6] ≈ 4.7e−4 (tanh) and ≈ 2.0e−2 (sigmoid)?"""
    x = np.linspace(-6, 6, 120_001)
    exact = x / 2 * (1 + erf(x / np.sqrt(2)))
    err_tanh = np.max(np.abs(gelu_tanh(x) - exact))
    err_sigmoid = np.max(np.abs(gelu_sigmoid(x) - exact))
    assert 4.5e-4 < err_tanh < 5e-4
    assert 1.9e-2 < err_sigmoid < 2.1e-2
    np.testing.assert_allclose(gelu_sigmoid(x), x / (1 + np.exp(-1.702 * x)), rtol=1e-12,
                               atol=1e-15)


def test_gelu_minimum_and_shape():
    """Is GELU non-monotone with min ≈ −0.16997 at x ≈ −0.7518, zero only at 0, ≈ ReLU far out?"""
    res = minimize_scalar(gelu, bounds=(-3, 0), method="bounded", options={"xatol": 1e-10})
    assert res.x == pytest.approx(-0.7518, abs=1e-4)
    assert res.fun == pytest.approx(-0.16997, abs=1e-5)
    x = np.linspace(-5, 5, 1001)
    y = gelu(x)
    assert np.all((y == 0) == (x == 0))
    np.testing.assert_allclose(gelu([-10.0, 10.0]), [0.0, 10.0], atol=1e-20)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, 4, elements=st.floats(-30, 30, allow_nan=False)))
def test_gelu_is_x_phi(x):
    """Hypothesis: is GELU(x) = x·Φ(x) with Φ from scipy.stats.norm, and GELU(x) − GELU(−x) = x?"""
    from scipy.stats import norm

    np.testing.assert_allclose(gelu(x), x * norm.cdf(x), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(gelu(x) - gelu(-x), x, rtol=1e-12, atol=1e-12)
