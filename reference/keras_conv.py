"""Chapter 14 (Convolution avec tensorflow/keras): what a Keras Conv2D layer computes.

The book calls a Conv2D sub-layer "la convolution A ⋆ Mᵢ" [L7266], but Keras computes a
**correlation** (the motif is not flipped); the book's note saying so is lost in the seed's gap
[L7371–7379].  For one filter ℓ, with bias bₗ, over channels c (padding 'same' or 'valid'):

    out[i, j, ℓ] = Σ_{u, v, c} A[i + u − t, j + v − s, c] · K[u, v, c, ℓ] + bₗ

where (t, s) is the top/left zero padding ('valid': 0; 'same': t = (k_h − 1)//2,
s = (k_w − 1)//2, the rest goes bottom/right, TensorFlow's rule).  The book's convolution
A ⋆ M flips M (a 180° rotation of the two spatial axes), so a Keras kernel K reproduces A ⋆ M
exactly when K = flip(M): `kernel_for_convolution`.  It does not matter for training (the
weights are learned either way) but it does for "load these weights and predict".

Functions: `same_padding`, `correlate_channels` (a numpy reference of the formula above),
`keras_conv2d` (one Conv2D layer with given weights, applied to one image),
`kernel_for_convolution`, `correlation_demo` (Keras vs correlation vs convolution) and
`feature_maps` (the output of an inner layer, as in « Que voit un réseau » [L7577]).
Layout: channels last, Keras kernels (k_h, k_w, c_in, ℓ).  TensorFlow is imported lazily.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def same_padding(k: int) -> tuple[int, int]:
    """Kernel length goes in, zeros (before, after) for padding 'same' come out.

    before = (k − 1)//2, after = k − 1 − before: equal for odd k, one more after for even k.
    """
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"kernel length must be an int ≥ 1, got {k!r}")
    return (k - 1) // 2, k - 1 - (k - 1) // 2


def _as_image(A) -> np.ndarray:
    A = np.asarray(A, dtype=np.float64)
    if A.ndim == 2:
        A = A[:, :, None]  # (h, w) → (h, w, 1)
    if A.ndim != 3 or A.size == 0:
        raise ValueError(f"image must be (h, w) or (h, w, c), got shape {A.shape}")
    return A


def _as_kernel(K, channels: int) -> np.ndarray:
    K = np.asarray(K, dtype=np.float64)
    K = K.reshape(K.shape + (1,) * (4 - K.ndim)) if 2 <= K.ndim <= 4 else K  # → (kh, kw, c, ℓ)
    if K.ndim != 4 or K.shape[2] != channels:
        raise ValueError(f"kernel must be (kh, kw[, {channels}[, ℓ]]), got shape {np.shape(K)}")
    return K


def _check_padding(padding: str) -> None:
    if padding not in ("same", "valid"):
        raise ValueError(f"padding must be 'same' or 'valid', got {padding!r}")


def correlate_channels(A, K, bias=0.0, padding: str = "same") -> np.ndarray:
    """Image, kernel and biases go in, the multi-channel correlation comes out (numpy).

    out[i, j, ℓ] = Σ_{u,v,c} A_pad[i + u, j + v, c] K[u, v, c, ℓ] + bₗ  (no flip).
    A: (h, w) or (h, w, c); K: (kh, kw), (kh, kw, c) or (kh, kw, c, ℓ) → (h', w', ℓ).
    """
    _check_padding(padding)
    A = _as_image(A)
    K = _as_kernel(K, A.shape[2])
    kh, kw, _, n_filters = K.shape
    if padding == "same":
        A = np.pad(A, (same_padding(kh), same_padding(kw), (0, 0)))
    if A.shape[0] < kh or A.shape[1] < kw:
        raise ValueError(f"kernel {K.shape[:2]} larger than the image {A.shape[:2]}")
    windows = sliding_window_view(A, (kh, kw), axis=(0, 1))  # (h', w', c, kh, kw)
    out = np.einsum("ijcuv,uvcl->ijl", windows, K)  # (h', w', ℓ)
    return out + np.broadcast_to(np.asarray(bias, dtype=np.float64), (n_filters,))


def keras_conv2d(A, K, bias=0.0, padding: str = "same") -> np.ndarray:
    """Image, kernel and biases go in, the output of a Keras Conv2D with these weights comes out.

    Conv2D(ℓ, (kh, kw), padding, activation=None) in float64, applied to the batch A[None].
    A: (h, w) or (h, w, c); K: (kh, kw), (kh, kw, c) or (kh, kw, c, ℓ) → (h', w', ℓ).
    """
    from reference.keras_helpers import _keras

    _check_padding(padding)
    A = _as_image(A)
    K = _as_kernel(K, A.shape[2])
    b = np.broadcast_to(np.asarray(bias, dtype=np.float64), (K.shape[3],)).copy()
    keras = _keras()
    layer = keras.layers.Conv2D(K.shape[3], K.shape[:2], padding=padding, dtype="float64")
    layer.build((None,) + A.shape)
    layer.set_weights([K, b])
    return np.asarray(layer(A[None]), dtype=np.float64)[0]  # (1, h', w', ℓ) → (h', w', ℓ)


def kernel_for_convolution(M) -> np.ndarray:
    """A book motif M goes in, the Keras kernel that computes A ⋆ M comes out: M rotated 180°.

    K[u, v, …] = M[k_h − 1 − u, k_w − 1 − v, …] (both spatial axes flipped, not a transpose).
    M: (kh, kw, …) → same shape.  The map is its own inverse.
    """
    M = np.asarray(M, dtype=np.float64)
    if M.ndim < 2:
        raise ValueError(f"motif must have at least 2 axes, got shape {M.shape}")
    return np.flip(M, axis=(0, 1))


def correlation_demo(A, M, padding: str = "same") -> dict:
    """Image and motif go in, Keras's output next to the correlation and the convolution out.

    {'keras': Conv2D with kernel M, 'correlation': A ⋆̄ M (no flip), 'convolution': A ⋆ M
    (flipped M), 'keras_is_correlation', 'keras_is_convolution'}; outputs (h', w').
    For a symmetric motif (M equal to its 180° rotation) both booleans are True.
    """
    keras_out = keras_conv2d(A, M, padding=padding)[:, :, 0]
    corr = correlate_channels(A, M, padding=padding)[:, :, 0]
    conv = correlate_channels(A, kernel_for_convolution(M), padding=padding)[:, :, 0]
    return {"keras": keras_out, "correlation": corr, "convolution": conv,
            "keras_is_correlation": bool(np.allclose(keras_out, corr, rtol=1e-12, atol=1e-9)),
            "keras_is_convolution": bool(np.allclose(keras_out, conv, rtol=1e-12, atol=1e-9))}


def feature_maps(model, layer: int, images) -> np.ndarray:
    """A Sequential model, a layer index and images go in, that layer's outputs come out.

    keras.Model(input, model.layers[layer].output) applied to the batch [L7577–7647].
    images: (N, h, w, c) → (N, …) e.g. (N, 28, 28, 16) after a Conv2D(16).
    """
    from reference.keras_helpers import _keras

    if not isinstance(layer, (int, np.integer)) or not 0 <= layer < len(model.layers):
        raise ValueError(f"layer must be an int in [0, {len(model.layers)}), got {layer!r}")
    keras = _keras()
    probe = keras.Model(model.inputs[0], model.layers[layer].output)  # one input, not a list
    return np.asarray(probe(np.asarray(images, dtype=np.float64), training=False),
                      dtype=np.float64)
