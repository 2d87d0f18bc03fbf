"""The mathematics of the transformer (chapter 18 « ChatGPT – partie 2 », §2–7).

Convention (the book's, §6.3 [L9596]): **tokens are columns**. A sentence of K tokens in
dimension n is x ∈ M_{n,K}; numpy arrays have shape (n, K). Row-major libraries (Keras, PyTorch)
store the transpose, (K, n).

* §2.2 Unembedding by minimum-norm least squares [L9148–9184]: for A ∈ M_{n,N} of rank n
  (N ≥ n: under-determined), B = Aᵀ(AAᵀ)⁻¹ and x_min = By is the solution of Ax = y of least
  norm (B is the Moore–Penrose pseudo-inverse). Erratum E18-1: the book's aside "ψ(y) = Ay où
  A = B⁻¹" [L9150] should read ψ(y) = By with B = A⁻¹.
* §3 Residual stream [L9196–9270]: x_{i+1} = x_i + W_out^i · b_i(W_in^i x_i).
* §4 Positional encoding [L9305–9313]: ω_i = 1/p^{2i/n}, w_k = (cos kω_0, sin kω_0, …,
  cos kω_{n/2−1}, sin kω_{n/2−1}) — **cosine first**. (Vaswani et al. put the sine first;
  erratum E18-9: GPT-2 uses *learned* position vectors, not this formula.) Relative positions:
  w_{k+ℓ} = R_ℓ w_k with R_ℓ = blockdiag(M(ℓω_i)), M(ω) the rotation of angle ω [L9379].
* §5 Tensor product [L9386–9484]: (A ⊗ B)M = B M Aᵀ for A ∈ M_{p,p}, B ∈ M_{n,n},
  M ∈ M_{n,p}; with vec = **column stacking** (numpy ``order="F"``), the Kronecker matrix
  [a_ij B] satisfies (A ⊗ B) vec(M) = vec(B M Aᵀ).
* §6 Attention [L9591–9648]: one head is h(x) = (A ⊗ W_OV)x = W_O W_V x Aᵀ with
  A = softmax_rows(QᵀK), Q = W_Q x, K = W_K x ∈ M_{r,K}: row i of A holds the weights that
  query token i gives to the key tokens j and **sums to 1**; column i of h(x) is
  Σ_j A[i, j] W_OV x_j. Options: ``scale=True`` divides QᵀK by √r (the original paper, a remark
  in the book [L9646]); ``causal=True`` gives A[i, j] = 0 for j > i (GPT-2's mask [L9781]),
  done by setting those scores to −∞ *before* the softmax. Defaults follow the book's formula
  (no scaling, no mask). Errata: E18-3, W_O ∈ M_{n,r} (not M_{r,n}) [L9613]; E18-4, the weights
  of w_1 are the softmax outputs γ_j, not the scores α_j [L9731]; E18-5, "(A ⊗ I)x = softmax(…)"
  and "h(x_1) = softmax(QᵀK)" name the attention *pattern* A, not the head's output.
  Multi-head [L9564–9583]: x_{i+1} = x_i + Σ_j W_out^{(j)} h_j W_in^{(j)} x_i, or the
  concatenated form W_out H W_in x_i with H block-diagonal; both are implemented.
* §7 GELU [L9838–9867]: GELU(x) = xΦ(x) = (x/2)(1 + erf(x/√2)), computed with ``math.erfc``.
  Approximations: (x/2)(1 + tanh(√(2/π)(x + 0.044715x³))) — erratum E18-6: the book prints
  th(√(2/π) + 0.44715x³) [L9861], which gives GELU(−1) ≈ −0.6685 instead of −0.1587 — and
  xσ(1.702x). Max errors on [−6, 6]: ≈ 4.7e−4 (tanh), ≈ 2.0e−2 (sigmoid).
  The book never uses layer normalisation (erratum E18-8: GPT-2 does), so neither does this module.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import erfc

from .probability import softmax


def _mat(M, name: str) -> np.ndarray:
    M = np.asarray(M, dtype=np.float64)
    if M.ndim != 2:
        raise ValueError(f"{name} must be a 2-D matrix, got shape {M.shape}")
    return M


# --- §2.2 unembedding -------------------------------------------------------------------------

def min_norm_matrix(A) -> np.ndarray:
    """A ∈ M_{n,N} of rank n goes in, B = Aᵀ(AAᵀ)⁻¹ ∈ M_{N,n} comes out (Proposition 1).

    A: (n, N) → B: (N, n). Computed as solve(AAᵀ, A)ᵀ (AAᵀ is symmetric), no explicit inverse.
    """
    A = _mat(A, "A")
    n, N = A.shape
    if N < n or np.linalg.matrix_rank(A) < n:
        raise ValueError(f"A must have rank n = {n} with N ≥ n (under-determined case)")
    return np.linalg.solve(A @ A.T, A).T


def min_norm_solution(A, y) -> np.ndarray:
    """A and y go in, x_min = Aᵀ(AAᵀ)⁻¹y comes out: Ax = y with ‖x‖₂ minimal. y: (n,) → (N,)."""
    y = np.asarray(y, dtype=np.float64)
    B = min_norm_matrix(A)
    if y.shape != (B.shape[1],):
        raise ValueError(f"y must have shape ({B.shape[1]},), got {y.shape}")
    return B @ y


# --- §3 residual stream -----------------------------------------------------------------------

def residual_update(x, block, W_in=None, W_out=None) -> np.ndarray:
    """x_i goes in, x_{i+1} = x_i + W_out · b(W_in x_i) comes out (W = I when None) [L9250].

    x: (n, K); block: (n, K) → (n, K); W_in, W_out: (n, n).
    """
    x = _mat(x, "x")
    u = x if W_in is None else _mat(W_in, "W_in") @ x
    y = np.asarray(block(u), dtype=np.float64)
    y = y if W_out is None else _mat(W_out, "W_out") @ y
    if y.shape != x.shape:
        raise ValueError(f"the block must return shape {x.shape}, got {y.shape}")
    return x + y


def residual_stream(x, blocks, return_steps: bool = False):
    """x_1 and blocks [(b_i, W_in^i, W_out^i), …] go in, the final x comes out.

    return_steps=True returns the list [x_1, x_2, …, x_{ℓ+1}] instead.
    """
    xs = [_mat(x, "x")]
    for block, W_in, W_out in blocks:
        xs.append(residual_update(xs[-1], block, W_in, W_out))
    return xs if return_steps else xs[-1]


# --- §4 positional encoding -------------------------------------------------------------------

def positional_encoding(K: int, n: int, p: float = 10_000.0, start: int = 0) -> np.ndarray:
    """Length, dimension and p go in, W = (w_start, …, w_{start+K−1}) ∈ M_{n,K} comes out.

    w_k[2i] = cos(kω_i), w_k[2i+1] = sin(kω_i), ω_i = p^{−2i/n} (cos first) [L9309]. n even.
    """
    if n <= 0 or n % 2 or K < 0:
        raise ValueError(f"n must be even and > 0 and K ≥ 0, got n={n}, K={K}")
    omega = 1.0 / p ** (2 * np.arange(n // 2) / n)            # (n/2,)
    angles = np.outer(omega, np.arange(start, start + K))      # (n/2, K): kω_i
    W = np.empty((n, K))
    W[0::2], W[1::2] = np.cos(angles), np.sin(angles)
    return W


def rotation(omega: float) -> np.ndarray:
    """An angle goes in, M(ω) = [[cos ω, −sin ω], [sin ω, cos ω]] comes out [L9368]."""
    return np.array([[math.cos(omega), -math.sin(omega)], [math.sin(omega), math.cos(omega)]])


def relative_position_matrix(n: int, p: float = 10_000.0, ell: int = 1) -> np.ndarray:
    """n, p, ℓ go in, R_ℓ = blockdiag(M(ℓω_0), …, M(ℓω_{n/2−1})) ∈ M_{n,n} comes out [L9374].

    Proposition 2: w_{k+ℓ} = R_ℓ w_k for every k.
    """
    if n <= 0 or n % 2:
        raise ValueError(f"n must be even and > 0, got {n}")
    R = np.zeros((n, n))
    for i in range(n // 2):
        R[2 * i: 2 * i + 2, 2 * i: 2 * i + 2] = rotation(ell / p ** (2 * i / n))
    return R


def base_digits(k: int, b: int = 2, m: int | None = None) -> list[int]:
    """An integer k ≥ 0 goes in, its base-b digits c_i = (k // bⁱ) % b, units first, come out.

    22 in base 2 → [0, 1, 1, 0, 1] [L9329]. m digits (default: as many as needed, ≥ 1).
    """
    if k < 0 or b < 2:
        raise ValueError("need k ≥ 0 and b ≥ 2")
    m = m if m is not None else max(1, len(np.base_repr(k, b)))
    return [(k // b**i) % b for i in range(m)]


# --- §5 tensor product ------------------------------------------------------------------------

def vec(M) -> np.ndarray:
    """M ∈ M_{n,p} goes in, vec(M) = (C_1; C_2; …; C_p) (columns stacked) comes out: (np,)."""
    return _mat(M, "M").flatten(order="F")


def unvec(v, n: int, p: int) -> np.ndarray:
    """vec(M) goes in, M ∈ M_{n,p} comes out (inverse of ``vec``)."""
    return np.asarray(v, dtype=np.float64).reshape((n, p), order="F")


def tensor_apply(A, B, M) -> np.ndarray:
    """A ∈ M_{p,p}, B ∈ M_{n,n}, M ∈ M_{n,p} go in, (A ⊗ B)M = B M Aᵀ comes out [L9394]."""
    A, B, M = _mat(A, "A"), _mat(B, "B"), _mat(M, "M")
    n, p = M.shape
    if A.shape != (p, p) or B.shape != (n, n):
        raise ValueError(f"need A: ({p}, {p}) and B: ({n}, {n}) for M: {M.shape}")
    return B @ M @ A.T


def kronecker(A, B) -> np.ndarray:
    """A ∈ M_{p,p'} and B ∈ M_{n,n'} go in, the block matrix [a_ij B] ∈ M_{pn,p'n'} comes out."""
    A, B = _mat(A, "A"), _mat(B, "B")
    (p, q), (n, m) = A.shape, B.shape
    out = np.empty((p * n, q * m))
    for i in range(p):
        for j in range(q):
            out[i * n:(i + 1) * n, j * m:(j + 1) * m] = A[i, j] * B
    return out


# --- §6 attention -----------------------------------------------------------------------------

def softmax_rows(S) -> np.ndarray:
    """A score matrix goes in, softmax applied to each row comes out (rows sum to 1).

    −∞ entries get probability 0 (a row must hold at least one finite score). A thin 2-D
    front of ``probability.softmax``, kept for its callers.
    """
    S = _mat(S, "S")
    if not np.all(np.isfinite(S.max(axis=1))):
        raise ValueError("every row needs at least one finite score")
    return softmax(S, axis=1)  # the course's one softmax (probability.softmax)


def attention_pattern(x, W_Q, W_K, scale: bool = False, causal: bool = False,
                      return_steps: bool = False):
    """x ∈ M_{n,K}, W_Q, W_K ∈ M_{r,n} go in, A = softmax_rows(QᵀK [/√r]) ∈ M_{K,K} comes out.

    With causal=True the scores above the diagonal are −∞, so A[i, j] = 0 for j > i.
    return_steps=True returns (A, {"Q", "K", "scores"}) with scores: the masked (K, K) input.
    """
    x, W_Q, W_K = _mat(x, "x"), _mat(W_Q, "W_Q"), _mat(W_K, "W_K")
    if W_Q.shape != W_K.shape or W_Q.shape[1] != x.shape[0]:
        raise ValueError(f"W_Q, W_K must both be (r, n) with n = {x.shape[0]}")
    Q, Kmat = W_Q @ x, W_K @ x                     # (r, K) each: queries, keys as columns
    scores = Q.T @ Kmat                            # (K, K): scores[i, j] = ⟨q_i | k_j⟩
    if scale:
        scores = scores / math.sqrt(W_Q.shape[0])
    if causal:
        future = np.triu(np.ones(scores.shape, dtype=bool), k=1)   # j > i
        scores = np.where(future, -np.inf, scores)
    A = softmax_rows(scores)                       # (K, K), rows sum to 1
    return (A, {"Q": Q, "K": Kmat, "scores": scores}) if return_steps else A


def attention_head(x, W_Q, W_K, W_V, W_O, scale: bool = False, causal: bool = False,
                   return_steps: bool = False):
    """x and the four matrices of one head go in, h(x) = W_O W_V x Aᵀ ∈ M_{n,K} comes out.

    W_Q, W_K, W_V: (r, n); W_O: (n, r) (E18-3). h(x) = (A ⊗ W_OV)x: read (W_V), attend (Aᵀ on
    the right), write (W_O). return_steps=True returns (h, {"A", "Q", "K", "scores", "values"}).
    """
    x, W_V, W_O = _mat(x, "x"), _mat(W_V, "W_V"), _mat(W_O, "W_O")
    if W_V.shape[1] != x.shape[0] or W_O.shape != (x.shape[0], W_V.shape[0]):
        raise ValueError("need W_V: (r, n) and W_O: (n, r)")
    A, steps = attention_pattern(x, W_Q, W_K, scale, causal, return_steps=True)
    values = W_V @ x                               # (r, K): read
    h = W_O @ (values @ A.T)                       # (n, K): attend on positions, then write
    return (h, {"A": A, **steps, "values": values}) if return_steps else h


def multi_head_attention(x, heads, scale: bool = False, causal: bool = False,
                         return_steps: bool = False):
    """x and heads [(W_Q, W_K, W_V, W_O), …] go in, H(x) = Σ_h h(x) ∈ M_{n,K} comes out.

    The residual update is then x + H(x) [L9602]. return_steps=True also returns the list of the
    heads' attention patterns A (each (K, K)).
    """
    x = _mat(x, "x")
    total, patterns = np.zeros_like(x), []
    for W_Q, W_K, W_V, W_O in heads:
        h, steps = attention_head(x, W_Q, W_K, W_V, W_O, scale, causal, return_steps=True)
        total += h
        patterns.append(steps["A"])
    return (total, patterns) if return_steps else total


def multi_head_concat(x, heads, scale: bool = False, causal: bool = False) -> np.ndarray:
    """Same input as ``multi_head_attention``, computed as W_out · H · W_in x [L9577–9583].

    W_in = (W_V^{(1)}; …; W_V^{(h)}) stacks the read matrices, H acts block by block (block j:
    right-multiplication by A_jᵀ), W_out = (W_O^{(1)} | … | W_O^{(h)}). Equals Σ_j h_j(x).
    """
    x = _mat(x, "x")
    if not heads or len({W_V.shape for _, _, W_V, _ in heads}) != 1:
        raise ValueError("need at least one head, all with the same head dimension r")
    W_in = np.vstack([W_V for _, _, W_V, _ in heads])          # (h·r, n)
    W_out = np.hstack([W_O for _, _, _, W_O in heads])         # (n, h·r)
    V = W_in @ x                                               # (h·r, K)
    r = heads[0][2].shape[0]
    for j, (W_Q, W_K, _, _) in enumerate(heads):
        A = attention_pattern(x, W_Q, W_K, scale, causal)
        V[j * r:(j + 1) * r] = V[j * r:(j + 1) * r] @ A.T      # block j of H
    return W_out @ V                                           # (n, K)


# --- §7 GELU ----------------------------------------------------------------------------------

def gelu(x):
    """Number(s) in, GELU(x) = xΦ(x) = (x/2)(1 + erf(x/√2)) out (exact) [L9848].

    Computed as (x/2)·erfc(−x/√2), the same number since erfc(−t) = 1 + erf(t), without the
    cancellation of 1 + erf(t) for x ≪ 0; scipy's vectorised erfc (the oracles are scipy's erf
    and mpmath, see the tests).
    """
    x = np.asarray(x, dtype=np.float64)
    out = 0.5 * x * erfc(-x / math.sqrt(2.0))
    return float(out) if out.ndim == 0 else out


def gelu_tanh(x):
    """Number(s) in, (x/2)(1 + tanh(√(2/π)(x + 0.044715x³))) out (E18-6: correct formula)."""
    x = np.asarray(x, dtype=np.float64)
    out = 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
    return float(out) if out.ndim == 0 else out


def gelu_sigmoid(x):
    """Number(s) in, xσ(1.702x) = x / (1 + e^{−1.702x}) out [L9865]."""
    x = np.asarray(x, dtype=np.float64)
    out = x * 0.5 * (1.0 + np.tanh(0.5 * 1.702 * x))   # σ(t) = (1 + tanh(t/2))/2, no overflow
    return float(out) if out.ndim == 0 else out
