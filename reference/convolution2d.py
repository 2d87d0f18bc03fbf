"""Two-dimensional convolution and correlation (chapters 12 and 13).

Chapter 12 « Convolution »: §2.1 the product A ⋆ M (flip M, centre it on each coefficient,
virtual zeros around A, same size as A [L6491–6500]); §2.3–2.4 the convolution neuron and layer
(9 shared weights vs (np)² for a dense layer [L6589, L6620]); §2.5 several filters and several
channels ((n,p,k) → (n,p,ℓ)); §4 backpropagation through a shared weight [L6906].
Chapter 13 « Convolution avec Python »: §1.1–1.2 `convolve2d` with modes 'same' (B₁), 'full'
(B₂, étendue) and 'valid' (B₃, restreinte) [L6918–6965]; §1.3 associativity of the full
product [L6967]; §4 locating a pattern by 2-D correlation [L7203–7234].

Conventions:

* The flip is a 180° rotation M[::-1, ::-1], **not** a transpose.
* 'same' with an even-size motif: the book pads the motif with zeros on the left/top before
  flipping, so the input gets kh//2 virtual zero rows on top and (kh−1)//2 at the bottom
  (likewise kw//2 columns left, (kw−1)//2 right). `scipy.signal.convolve2d(A, M, 'same')` agrees.
  Correlation (no flip) keeps those zeros on the motif's top/left: (kh−1)//2 rows on top and
  kh//2 at the bottom, as `scipy.signal.correlate2d(A, M, 'same')` does (convention="text",
  the default). The book's smiley listing [upstream] computes convolve2d(A, rot180(M), 'same')
  instead (convention="listing"): one row and one column further for even sizes, so the
  100×100 smiley at (150, 250) peaks at (200, 300), the book's "(200, 300)" [L7234], and at
  (199, 299) by the text rule. See `reference.convolution1d` for the 1-D case.
* `padding` adds zeros around A before the mode rule (an int, or (rows, cols));
  `stride` keeps rows 0, s, 2s, … and columns likewise of the stride-1 result.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from reference.convolution1d import WindowStep, _convention, _pair, mode_padding


def _as_matrix(x, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain finite numbers only")
    return arr


def _prepare(A, M, mode, stride, padding, flip):
    """Padded input (n', p'), motif as laid (kh, kw), strides, (top, left) total padding."""
    A, M = _as_matrix(A, "A"), _as_matrix(M, "M")
    (sh, sw), (pr, pc) = _pair(stride, "stride", 1), _pair(padding, "padding", 0)
    top, bottom = mode_padding(M.shape[0], mode, flip=flip)
    left, right = mode_padding(M.shape[1], mode, flip=flip)
    Ap = np.pad(A, ((pr + top, pr + bottom), (pc + left, pc + right)))
    if Ap.shape[0] < M.shape[0] or Ap.shape[1] < M.shape[1]:
        raise ValueError(f"'{mode}' needs M {M.shape} to fit inside the padded A {Ap.shape}")
    H = M[::-1, ::-1] if flip else M  # 180° rotation, not a transpose
    return Ap, H, (sh, sw), (pr + top, pc + left)


def _windows(Ap, H, strides) -> np.ndarray:
    sh, sw = strides
    return sliding_window_view(Ap, H.shape)[::sh, ::sw]  # (n_out, p_out, kh, kw)


def _slide(A, M, mode, stride, padding, flip) -> np.ndarray:
    Ap, H, strides, _ = _prepare(A, M, mode, stride, padding, flip)
    return np.einsum("ijkl,kl->ij", _windows(Ap, H, strides), H)  # (n_out, p_out)


def conv2d(A, M, mode: str = "same", *, stride=1, padding=0) -> np.ndarray:
    """A matrix and a motif go in, the book's convolution A ⋆ M comes out (floats).

    (A ⋆ M)_{ij} = Σ_{k,l} A_{i−k, j−l} · M_{k,l} (indices centred): flip M by 180°, centre it
    on a_{ij}, multiply facing coefficients (virtual zeros outside A), sum.
    A: (n, p), M: (kh, kw) → (n, p) 'same', (n+kh−1, p+kw−1) 'full', (n−kh+1, p−kw+1) 'valid'.
    """
    return _slide(A, M, mode, stride, padding, flip=True)


def correlate2d(A, M, mode: str = "same", *, stride=1, padding=0,
                convention: str = "text") -> np.ndarray:
    """A matrix and a motif go in, their correlation comes out: convolution without the flip.

    convention="text": B_{ij} = Σ_{k,l} A_{i−(kh−1)//2+k, j−(kw−1)//2+l} · M_{k,l} in 'same'
    mode [L7230]; convention="listing" (the book's code): conv2d(A, M[::-1, ::-1]). They
    differ only for even sizes in 'same' mode. Shapes as in `conv2d`.
    """
    if _convention(convention):
        return _slide(A, _as_matrix(M, "M")[::-1, ::-1], mode, stride, padding, flip=True)
    return _slide(A, M, mode, stride, padding, flip=False)


def _trace(A, M, position, mode, stride, padding, flip) -> WindowStep:
    Ap, H, strides, (top, left) = _prepare(A, M, mode, stride, padding, flip)
    windows = _windows(Ap, H, strides)  # (n_out, p_out, kh, kw)
    i, j = _pair(position, "position", 0)
    if i >= windows.shape[0] or j >= windows.shape[1]:
        raise ValueError(f"position must be inside the output {windows.shape[:2]}, got {position}")
    window = windows[i, j].copy()  # (kh, kw)
    products = window * H
    start = (i * strides[0] - top, j * strides[1] - left)
    return WindowStep((i, j), start, window, H.copy(), products, float(products.sum()))


def conv2d_trace(A, M, position, mode: str = "same", *, stride=1, padding=0) -> WindowStep:
    """A matrix, a motif and an output position (i, j) go in, that entry's window comes out.

    Example [L6511–6519]: for the matrices of E12-4, position (0, 0) has the flipped motif
    [[3,0,1],[0,1,2],[2,0,1]] over [[0,0,0],[0,2,1],[0,1,1]] and value 5.
    """
    return _trace(A, M, position, mode, stride, padding, flip=True)


def correlate2d_trace(A, M, position, mode: str = "same", *, stride=1, padding=0) -> WindowStep:
    """A matrix, a motif and an output position go in, that entry's window (no flip) comes out."""
    return _trace(A, M, position, mode, stride, padding, flip=False)


def conv2d_channels(A, M, mode: str = "same", *, stride=1, padding=0) -> np.ndarray:
    """Channels and one or several 3-tensor motifs go in, one map per motif comes out.

    𝒜 ⋆ M = Σ_c A_c ⋆ M_c over the k channels [L6641–6650]; ℓ motifs give (𝒜⋆M₁, …, 𝒜⋆M_ℓ).
    A: (n, p, k), M: (kh, kw, k) → (n', p');  M: (ℓ, kh, kw, k) → (n', p', ℓ).
    """
    A, M = np.asarray(A, dtype=float), np.asarray(M, dtype=float)
    if M.ndim == 4:
        return np.stack([conv2d_channels(A, Mf, mode, stride=stride, padding=padding)
                         for Mf in M], axis=-1)  # (n', p', ℓ)
    if A.ndim != 3 or M.ndim != 3 or A.shape[2] != M.shape[2]:
        raise ValueError(f"need A (n,p,k) and M (kh,kw,k) with equal k, got {A.shape}, {M.shape}")
    return sum(conv2d(A[:, :, c], M[:, :, c], mode, stride=stride, padding=padding)
               for c in range(A.shape[2]))  # (n', p')


def conv2d_kernel_grad(A, M, upstream, mode: str = "same", *, stride=1, padding=0,
                       activation_grad=None) -> np.ndarray:
    """Input, motif and ∂F/∂B (B = A ⋆ M) go in, ∂F/∂M (one entry per shared weight) comes out.

    ∂F/∂m = Σ_i f_{i,*} · g′_{i,*} · ∂F/∂g_i over the neurons i sharing m [L6906];
    activation_grad holds the g′_{i,*} (default 1, identity activation).
    A: (n, p), M: (kh, kw), upstream: (n_out, p_out) → (kh, kw).
    """
    Ap, H, strides, _ = _prepare(A, M, mode, stride, padding, flip=True)
    windows = _windows(Ap, H, strides)  # (n_out, p_out, kh, kw)
    delta = np.asarray(upstream, dtype=float)
    if activation_grad is not None:
        delta = delta * np.asarray(activation_grad, dtype=float)
    if delta.shape != windows.shape[:2]:
        raise ValueError(f"upstream must have shape {windows.shape[:2]}, got {delta.shape}")
    grad_laid = np.einsum("ijkl,ij->kl", windows, delta)  # w.r.t. the flipped motif
    return grad_laid[::-1, ::-1]


def conv2d_matrix(M, shape, mode: str = "same", *, stride=1, padding=0) -> np.ndarray:
    """A motif and an input shape go in, the matrix of the linear map A ↦ A ⋆ M comes out.

    F: ℝ^{np} → ℝ^{np} [L6623–6628], with matrices flattened row by row (C order):
    W @ A.ravel() = (A ⋆ M).ravel(). M: (kh, kw), shape (n, p) → W: (n_out·p_out, n·p).
    """
    n, p = _pair(shape, "shape", 1)
    Ap, H, (sh, sw), (top, left) = _prepare(np.zeros((n, p)), M, mode, stride, padding, True)
    n_out, p_out = (Ap.shape[0] - H.shape[0]) // sh + 1, (Ap.shape[1] - H.shape[1]) // sw + 1
    W = np.zeros((n_out * p_out, n * p))
    for i in range(n_out):
        for j in range(p_out):
            for (k, q), weight in np.ndenumerate(H):
                r, c = i * sh - top + k, j * sw - left + q  # input pixel facing H[k, q]
                if 0 <= r < n and 0 <= c < p:
                    W[i * p_out + j, r * p + c] = weight
    return W


def conv_param_count(kh: int, kw: int, channels: int = 1, filters: int = 1,
                     bias: bool = False) -> int:
    """Motif size, channels and filters go in, the number of weights of the layer comes out.

    (kh·kw·k + [bias])·ℓ — independent of the image size: 9 for one 3×3 motif [L6620].
    """
    return (kh * kw * channels + int(bias)) * filters


def dense_param_count(n_in: int, n_out: int, bias: bool = False) -> int:
    """Input and output sizes go in, the weights of a fully connected layer come out.

    n_in·n_out (+ n_out biases): (np)² = 10⁸ for a 100×100 image mapped to itself [L6620].
    """
    return n_in * n_out + (n_out if bias else 0)


def locate2d(image, pattern, *, convention: str = "text") -> tuple[int, int]:
    """An image and a pattern go in, the (row, col) of the correlation peak comes out.

    Ch13 §4: B = correlate2d(image, pattern, 'same'); the pattern's centre is at argmax B
    (the hidden 100×100 smiley at (150, 250) is found at (199, 299) by the text rule and at
    (200, 300) by the book's listing, convention="listing": "around (200, 300)" [L7234]).
    """
    B = correlate2d(image, pattern, "same", convention=convention)
    i, j = np.unravel_index(int(np.argmax(B)), B.shape)
    return int(i), int(j)
