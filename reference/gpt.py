"""A small GPT in numpy, assembled from the pieces of chapters 17–18 (« ChatGPT »).

Pipeline [L8319–8332, L9050–9069], tokens as **columns** throughout (x ∈ M_{n,K}):

    ids (K,) ──embedding A e_i + w_k──▶ x_1 (n, K)
    for each layer:  x ← x + Σ_h h(x)                (causal, 1/√r-scaled attention heads)
                     x ← x + W_2 GELU(W_1 x + b_1) + b_2   (MLP n → 4n → n, GPT-2's shape)
    logits = B x_ℓ (N, K)                              (unembedding B ∈ M_{N,n})

Column k of the logits scores the token at position k + 1; generation uses the last column.
This is the book's final read-out w = x_ℓ C [L9273] with C = e_K (erratum E18-8: GPT-2 takes
the last position, after a final LayerNorm; the book never uses LayerNorm and neither does this
model). Positions use the book's sinusoids (cos first); GPT-2 learns them (erratum E18-9).

Training. The assignment's students train the whole decoder with Keras (autodiff); this file
is the grader's forward pass and holds no autodiff. What it can train is a baseline: only
the **unembedding**, by least squares, as in §2.2–2.3 [L9148–9194] (or by gradient descent
on the cross-entropy, ``fit_unembedding_ce``): the other
weights stay at their seeded random values (random features), the final residual vectors
x_ℓ of every training position are stacked into X (n, M) and the one-hot next tokens into
Y (N, M), and B minimises ‖BX − Y‖²_F + λ‖B‖²_F, i.e. B = Y Xᵀ (X Xᵀ + λI)⁻¹. Then B x_ℓ
estimates the next-token probabilities (a linear probability model), so sampling should use a
small temperature; the test oracle is ``np.linalg.lstsq``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reference.sampling import sample_next, top_k_probabilities
from reference.transformer import gelu, multi_head_attention, positional_encoding


@dataclass(frozen=True)
class GPTConfig:
    """Sizes of the model (GPT-2 small: N=50 257, n=768, K=1024, r=64, 12 layers [L8336])."""

    N: int
    """Vocabulary size (number of tokens)."""
    n: int = 32
    """Embedding dimension (even, for the positional encoding)."""
    K: int = 16
    """Maximal context length (tokens)."""
    r: int = 8
    """Head dimension; n / r heads per layer."""
    layers: int = 2
    """Number of (attention, MLP) pairs."""
    p: float = 10_000.0
    """Base of the positional encoding ω_i = p^{−2i/n}."""

    def __post_init__(self):
        if min(self.N, self.n, self.K, self.r, self.layers) < 1:
            raise ValueError("all sizes must be ≥ 1")
        if self.n % 2 or self.n % self.r:
            raise ValueError("n must be even and a multiple of r")


def init_params(config: GPTConfig, seed: int = 0) -> dict:
    """A config and a seed go in, the weights (dict of float64 arrays) come out.

    wte: (n, N) token vectors as columns; per layer: heads [(W_Q, W_K, W_V: (r, n), W_O: (n, r))],
    W1: (4n, n), b1: (4n,), W2: (n, 4n), b2: (n,); unembed B: (N, n). Gaussian init scaled by
    1/√fan_in (W_O by 1/√n, to keep the residual stream of order 1).
    """
    rng = np.random.default_rng(seed)
    n, r, hidden = config.n, config.r, 4 * config.n

    def g(*shape, fan_in):
        return rng.normal(0.0, 1.0 / np.sqrt(fan_in), shape)

    layers = []
    for _ in range(config.layers):
        heads = [(g(r, n, fan_in=n), g(r, n, fan_in=n), g(r, n, fan_in=n), g(n, r, fan_in=n))
                 for _ in range(n // r)]
        layers.append({"heads": heads, "W1": g(hidden, n, fan_in=n), "b1": np.zeros(hidden),
                       "W2": g(n, hidden, fan_in=hidden), "b2": np.zeros(n)})
    return {"wte": rng.normal(0.0, 1.0, (n, config.N)), "layers": layers,
            "unembed": g(config.N, n, fan_in=n)}


def mlp(x, W1, b1, W2, b2) -> np.ndarray:
    """x ∈ M_{n,K} goes in, W2 GELU(W1 x + b1) + b2 comes out, column by column: (n, K)."""
    hidden = gelu(W1 @ x + b1[:, None])            # (4n, K)
    return W2 @ hidden + b2[:, None]               # (n, K)


def _check_ids(ids, config: GPTConfig) -> np.ndarray:
    ids = np.asarray(ids)
    if ids.ndim != 1 or not 1 <= ids.size <= config.K or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be 1-D integers, 1 ≤ length ≤ K = {config.K}")
    if ids.min() < 0 or ids.max() >= config.N:
        raise ValueError(f"token ids must lie in 0..{config.N - 1}")
    return ids


def final_residual(params: dict, ids, config: GPTConfig, return_steps: bool = False,
                   causal: bool = True):
    """Token ids go in, the last residual stream x_ℓ ∈ M_{n,K} comes out.

    ids: (K,) 0-based. return_steps=True also returns {"residual": [x_1, …], "attention":
    [[A per head] per layer]} (each A: (K, K), lower triangular). causal=False drops the mask
    (every token sees the whole window): only to diagnose weights trained without it.
    """
    ids = _check_ids(ids, config)
    K = ids.size
    x = params["wte"][:, ids] + positional_encoding(K, config.n, config.p)   # (n, K): u_k = v + w_k
    residual, patterns = [x], []
    for layer in params["layers"]:
        h, A = multi_head_attention(x, layer["heads"], scale=True, causal=causal,
                                    return_steps=True)
        x = x + h                                                            # attention block
        x = x + mlp(x, layer["W1"], layer["b1"], layer["W2"], layer["b2"])   # MLP block
        residual.append(x)
        patterns.append(A)
    return (x, {"residual": residual, "attention": patterns}) if return_steps else x


def forward(params: dict, ids, config: GPTConfig) -> np.ndarray:
    """Token ids go in, logits (N, K) come out: column k scores the token after position k."""
    return params["unembed"] @ final_residual(params, ids, config)          # (N, n) @ (n, K)


def training_matrices(params: dict, sequences, config: GPTConfig,
                      causal: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Token sequences go in, X: (n, M) features and Y: (N, M) one-hot next tokens come out.

    Each sequence is cut into consecutive windows of at most K + 1 tokens; every position of a
    window that has a successor gives one column.
    """
    xs, ys = [], []
    for seq in sequences:
        seq = np.asarray(seq)
        for s in range(0, max(len(seq) - 1, 0), config.K):
            window = seq[s: s + config.K + 1]
            xs.append(final_residual(params, window[:-1], config, causal=causal))  # (n, len − 1)
            ys.append(window[1:])
    if not xs:
        raise ValueError("need at least one sequence of two tokens or more")
    targets = np.concatenate(ys)
    return np.hstack(xs), np.eye(config.N)[:, targets]


def fit_unembedding(params: dict, sequences, config: GPTConfig, ridge: float = 0.0) -> dict:
    """Weights and token sequences go in, weights with the least-squares unembedding come out.

    B = argmin ‖BX − Y‖²_F + λ‖B‖²_F = Y Xᵀ (X Xᵀ + λI)⁻¹ (normal equations; X Xᵀ must be
    invertible when λ = 0). The other weights are shared, not copied.
    """
    if ridge < 0:
        raise ValueError("ridge must be ≥ 0")
    X, Y = training_matrices(params, sequences, config)
    G = X @ X.T + ridge * np.eye(X.shape[0])                                 # (n, n)
    B = np.linalg.solve(G, X @ Y.T).T                                        # (N, n); G symmetric
    return {**params, "unembed": B}


def generate(params: dict, ids, n_new: int, config: GPTConfig, rng=None, T: float = 1.0,
             k: int | None = None, return_steps: bool = False):
    """A prompt (ids) goes in, the prompt followed by n_new generated ids comes out.

    Each step: logits of the last position over the last K tokens, then ``sample_next``
    (greedy at T = 0, else top-k + softmax_T with the seeded rng). return_steps=True also
    returns the list of next-token probability vectors (N,) used at each step.
    """
    out = [int(i) for i in _check_ids(ids, config)]
    probs = []
    for _ in range(n_new):
        logits = forward(params, out[-config.K:], config)[:, -1]            # (N,)
        probs.append(top_k_probabilities(logits, k, T))
        out.append(sample_next(logits, rng, T, k))
    return (out, probs) if return_steps else out


# --- cross-entropy: the held-out loss and a trained unembedding (assignment ch18) --------------

def _log_softmax_columns(Z) -> np.ndarray:
    """Logits (N, M) go in, log-probabilities of each column come out (log-sum-exp shift)."""
    Z = np.asarray(Z, dtype=np.float64)
    m = Z.max(axis=0, keepdims=True)
    return Z - m - np.log(np.exp(Z - m).sum(axis=0, keepdims=True))


def cross_entropy(params: dict, sequences, config: GPTConfig, causal: bool = True) -> float:
    """Weights and token sequences go in, the mean next-token loss −log P(next) in nats comes out.

    Same windows as ``training_matrices``: every position with a successor counts once, its
    probability is the softmax of its logit column (temperature 1). exp(loss) is the perplexity.
    causal=False: the same loss without the mask (a diagnosis, never the graded loss).
    """
    X, Y = training_matrices(params, sequences, config, causal=causal)
    logp = _log_softmax_columns(params["unembed"] @ X)                       # (N, M)
    return float(-(logp * Y).sum() / X.shape[1])


def fit_unembedding_ce(params: dict, sequences, config: GPTConfig, steps: int = 300,
                       lr: float = 0.5) -> dict:
    """Weights and token sequences go in, weights whose unembedding B minimises the training
    cross-entropy by gradient descent come out (the other weights: fixed random features).

    L(B) = −(1/M) Σ log softmax(B X)[y]; ∇L = (softmax(BX) − Y) Xᵀ / M, started from B = 0
    (the loss is convex in B). X is standardised by its largest column norm for the step size.
    """
    X, Y = training_matrices(params, sequences, config)
    scale = float(np.max(np.linalg.norm(X, axis=0)))
    Xs, M = X / scale, X.shape[1]
    B = np.zeros((config.N, X.shape[0]))
    for _ in range(steps):
        P = np.exp(_log_softmax_columns(B @ Xs))
        B -= lr * ((P - Y) @ Xs.T / M) * config.N
    return {**params, "unembed": B / scale}
