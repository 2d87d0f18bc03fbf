"""Word vectors: similarity, projections and two small embeddings (chapter 17 §4–5).

Convention (the book's [L8672–8679]): the embedding matrix A ∈ M_{n,N} has the token vectors as
its **columns**, v_i = A e_i, so in numpy ``E[:, i]`` is the vector of word i (E: (n, N)).
The PCA listing of the book [L8882–8892] instead takes the vectors as **rows** (X: (m, n)); so
does ``pca`` here.

* Euclidean distance ‖X − Y‖ and cosine similarity S_cos(X, Y) = ⟨X|Y⟩ / (‖X‖‖Y‖) [L8702].
* Projections [L8809–8857]: onto a line p(x) = ⟨x|u⟩u, π(x) = ⟨x|u⟩ (u of norm 1), onto an
  orthonormal family (⟨x|u⟩, ⟨x|v⟩, …); PCA with the book's steps (centre, covariance with
  N − 1, eigh, eigenvalues sorted decreasingly). Sign convention: each principal axis is turned
  so that its largest-magnitude coordinate is positive (eigenvectors are defined up to sign).
* Nearest tokens by cosine, optionally excluding the query words: « king − man + woman »
  returns king first unless the inputs are excluded [L8924–8933].
* Two small embeddings built from a co-occurrence matrix C (C[j, i] = #(i followed by j)):
  - ``svd_embedding``: positive PMI of the symmetrised counts S = C + Cᵀ (left and right
    neighbours), PPMI_ij = max(0, ln(S_ij·ΣS / (S_i· S_·j))), then truncated SVD:
    E = (U_n √Σ_n)ᵀ. Deterministic, no training.
  - ``train_embedding``: the book's network of §5.3 [L9014–9028] reduced to its two linear
    layers, F(e_i) = softmax(B A e_i + c) ≈ P_i, trained by full-batch gradient descent on the
    cross-entropy −(1/N') Σ_i Σ_j P_ji ln F(e_i)_j (N' = words that have a successor). The book
    leaves the loss open (its upstream code uses MSE); cross-entropy is the natural loss for a
    softmax output and has the simple gradient ∂L/∂z_i = (F(e_i) − P_i)/N'. φ(e_i) = A e_i.
* The curse of dimensionality [L8790–8795]: pairwise distances of uniform random points.
"""

from __future__ import annotations

import numpy as np

from .probability import softmax


def _vec(x, name: str) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D vector, got shape {x.shape}")
    return x


def euclidean_distance(x, y) -> float:
    """Two vectors go in, ‖X − Y‖ = √Σ(x_i − y_i)² comes out [L8693]. x, y: (n,)."""
    x, y = _vec(x, "x"), _vec(y, "y")
    if x.shape != y.shape:
        raise ValueError(f"shapes differ: {x.shape} vs {y.shape}")
    return float(np.sqrt(np.sum((x - y) ** 2)))


def cosine_similarity(x, y) -> float:
    """Two non-zero vectors go in, S_cos = ⟨X|Y⟩ / (‖X‖‖Y‖) ∈ [−1, 1] comes out [L8702]."""
    x, y = _vec(x, "x"), _vec(y, "y")
    if x.shape != y.shape:
        raise ValueError(f"shapes differ: {x.shape} vs {y.shape}")
    nx, ny = np.sqrt(x @ x), np.sqrt(y @ y)
    if nx == 0 or ny == 0:
        raise ValueError("cosine similarity is undefined for a zero vector")
    return float(np.clip((x @ y) / (nx * ny), -1.0, 1.0))


def angle(x, y, degrees: bool = False) -> float:
    """Two non-zero vectors go in, the angle θ ∈ [0, π] with cos θ = S_cos(X, Y) comes out.

    Radians by default (degrees=True: in degrees). Computed as atan2(‖X∧Y‖, ⟨X|Y⟩) through
    ‖X‖‖Y‖ sin θ = √(‖X‖²‖Y‖² − ⟨X|Y⟩²), which stays accurate near 0 and π where arccos loses
    digits.
    """
    x, y = _vec(x, "x"), _vec(y, "y")
    cosine_similarity(x, y)                              # shape and zero-vector checks
    dot = float(x @ y)
    cross = float(np.sqrt(max((x @ x) * (y @ y) - dot * dot, 0.0)))
    theta = float(np.arctan2(cross, dot))
    return float(np.degrees(theta)) if degrees else theta


def _unit(u) -> np.ndarray:
    u = _vec(u, "u")
    norm = np.sqrt(u @ u)
    if norm == 0:
        raise ValueError("u must be non-zero")
    return u / norm


def scalar_projection(X, u) -> np.ndarray | float:
    """Vector(s) and a direction go in, π(x) = ⟨x|u/‖u‖⟩ comes out [L8812].

    u is normalised first (for ‖u‖ = 1 this is the book's formula). X: (n,) → float,
    X: (m, n) rows → (m,).
    """
    out = np.asarray(X, dtype=np.float64) @ _unit(u)
    return float(out) if out.ndim == 0 else out


def project_on_line(x, u) -> np.ndarray:
    """A vector and a direction go in, p(x) = ⟨x|u⟩u (u normalised) comes out [L8809]. (n,)."""
    u = _unit(u)
    return (_vec(x, "x") @ u) * u


def project_on_basis(X, U, atol: float = 1e-10) -> np.ndarray:
    """Vector(s) and an orthonormal family go in, coordinates (⟨x|u_1⟩, …, ⟨x|u_d⟩) come out.

    U: (n, d) with orthonormal columns (checked: UᵀU = I), e.g. d = 2 for a plane [L8839].
    X: (n,) → (d,); X: (m, n) rows → (m, d).
    """
    U = np.asarray(U, dtype=np.float64)
    if U.ndim != 2 or not np.allclose(U.T @ U, np.eye(U.shape[1]), atol=atol):
        raise ValueError("U must be an (n, d) matrix with orthonormal columns")
    return np.asarray(X, dtype=np.float64) @ U


def pca(X, k: int = 2, return_steps: bool = False):
    """Row vectors go in, their coordinates on the k first principal axes come out [L8882].

    X: (m, n) → (m, k). Steps: centre, C = XcᵀXc/(m − 1), eigh, sort eigenvalues decreasingly,
    project on the k first eigenvectors (sign: largest coordinate positive). return_steps=True
    also returns {"mean", "covariance", "eigenvalues" (all, decreasing), "axes" (n, k)}.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 2 or not 1 <= k <= X.shape[1]:
        raise ValueError("X must be (m, n) with m ≥ 2, and 1 ≤ k ≤ n")
    mean = X.mean(axis=0)                          # (n,)
    Xc = X - mean                                  # (m, n)
    C = Xc.T @ Xc / (X.shape[0] - 1)               # (n, n) covariance
    d, u = np.linalg.eigh(C)                       # ascending eigenvalues
    order = np.argsort(d)[::-1]
    d, u = d[order], u[:, order]
    axes = u[:, :k]                                # (n, k)
    signs = np.sign(axes[np.argmax(np.abs(axes), axis=0), np.arange(k)])
    axes = axes * np.where(signs == 0, 1.0, signs)
    coords = Xc @ axes                             # (m, k)
    if not return_steps:
        return coords
    return coords, {"mean": mean, "covariance": C, "eigenvalues": d, "axes": axes}


def nearest_tokens(v, E, words, k: int = 5, exclude=()) -> list[tuple[str, float]]:
    """A vector and an embedding go in, the k most cosine-similar words come out.

    v: (n,), E: (n, N) (columns = word vectors), words: N names. Returns [(word, S_cos)],
    most similar first (ties: smaller index); words in `exclude` are left out [L8933].
    """
    v, E = _unit(v), np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape != (v.size, len(words)):
        raise ValueError(f"E must have shape (n, N) = ({v.size}, {len(words)}), got {E.shape}")
    norms = np.linalg.norm(E, axis=0)
    sims = (v @ E) / np.where(norms > 0, norms, 1.0)    # (N,) cosines (0 for a zero column)
    order = np.argsort(-sims, kind="stable")
    banned = set(exclude)
    return [(words[i], float(sims[i])) for i in order if words[i] not in banned][:k]


def analogy(E, words, a: str, b: str, c: str, k: int = 5, exclude_inputs: bool = True):
    """Three words go in, the words nearest to v_a − v_b + v_c come out (king − man + woman)."""
    index = {w: i for i, w in enumerate(words)}
    for w in (a, b, c):
        if w not in index:
            raise ValueError(f"unknown word {w!r}")
    E = np.asarray(E, dtype=np.float64)
    v = E[:, index[a]] - E[:, index[b]] + E[:, index[c]]
    return nearest_tokens(v, E, words, k, exclude=(a, b, c) if exclude_inputs else ())


def ppmi(C) -> np.ndarray:
    """Counts go in, positive pointwise mutual information comes out (same shape).

    PPMI_ij = max(0, ln(C_ij · ΣC / (row_i · col_j))); zero counts give 0.
    """
    C = np.asarray(C, dtype=np.float64)
    if C.ndim != 2 or np.any(C < 0) or C.sum() == 0:
        raise ValueError("C must be a non-negative, non-zero matrix")
    rows, cols = C.sum(axis=1, keepdims=True), C.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(C * C.sum() / (rows * cols))
    return np.where(C > 0, np.maximum(pmi, 0.0), 0.0)


def svd_embedding(C, n: int) -> np.ndarray:
    """Co-occurrences go in, word vectors E: (n, N) (columns) come out: SVD of PPMI(C + Cᵀ).

    E = (U_n √Σ_n)ᵀ; each singular vector is signed so that its largest coordinate is > 0.
    """
    C = np.asarray(C, dtype=np.float64)
    if not 1 <= n <= C.shape[0]:
        raise ValueError(f"need 1 ≤ n ≤ N = {C.shape[0]}")
    U, s, _ = np.linalg.svd(ppmi(C + C.T))        # symmetric: left and right neighbours
    U = U[:, :n] * np.sign(U[np.argmax(np.abs(U[:, :n]), axis=0), np.arange(n)])
    return (U * np.sqrt(s[:n])).T                  # (n, N)


def embedding_loss_and_grads(P, A, B, c):
    """P, A, B, c go in, (loss, dA, dB, dc) come out for F(e_i) = softmax(B A e_i + c).

    P: (N, N) column-stochastic (zero columns ignored), A: (n, N), B: (N, n), c: (N,).
    """
    P = np.asarray(P, dtype=np.float64)
    used = P.sum(axis=0) > 0                         # (N,) words that have successors
    Z = B @ A + c[:, None]                           # (N, N): column i = logits of F(e_i)
    S = softmax(Z, axis=0)                           # column-wise (probability.softmax)
    m = max(int(used.sum()), 1)
    loss = -np.sum(P[:, used] * np.log(S[:, used] + 1e-300)) / m
    dZ = (S - P) * used / m                          # (N, N)
    return float(loss), B.T @ dZ, dZ @ A.T, dZ.sum(axis=1)


def train_embedding(P, n: int, epochs: int = 500, lr: float = 1.0, seed: int = 0,
                    return_history: bool = False):
    """A successor-probability matrix goes in, the learned embedding A: (n, N) comes out.

    Full-batch gradient descent w ← w − lr ∇L on (A, B, c), init N(0, 0.1²) from
    default_rng(seed). return_history=True returns (A, B, c, losses).
    """
    P = np.asarray(P, dtype=np.float64)
    N = P.shape[0]
    rng = np.random.default_rng(seed)
    A, B, c = rng.normal(0, 0.1, (n, N)), rng.normal(0, 0.1, (N, n)), np.zeros(N)
    losses = []
    for _ in range(epochs):
        loss, dA, dB, dc = embedding_loss_and_grads(P, A, B, c)
        losses.append(loss)
        A, B, c = A - lr * dA, B - lr * dB, c - lr * dc
    return (A, B, c, np.array(losses)) if return_history else A


def random_distance_stats(d: int = 768, n_points: int = 1000, seed: int = 0) -> tuple[float, float]:
    """Dimension and count go in, (mean, sd) of pairwise distances of uniform points come out.

    Points uniform in [0, 1]^d; the book quotes ≈ 11.3 and ≈ 0.25 for d = 768 [L8793]
    (the mean is close to √(d/6)).
    """
    X = np.random.default_rng(seed).random((n_points, d))     # (m, d)
    sq = np.sum(X**2, axis=1)
    D2 = sq[:, None] + sq[None, :] - 2 * X @ X.T               # (m, m) squared distances
    dist = np.sqrt(np.maximum(D2[np.triu_indices(n_points, 1)], 0.0))
    return float(dist.mean()), float(dist.std())
