"""Image filters as 2-D convolutions (chapter 12 §3 and chapter 13 §2).

A grayscale image is a matrix with entries in 0 (black) … 255 (white) [L6684]. Each effect of
chapter 12 §3 is a convolution B = A ⋆ M ('same' size, virtual zeros around A) by one of the
book's motifs: blur and Gaussian blur (§3.1), sharpen « piqué » (§3.2), vertical, horizontal and
diagonal lines (§3.3), edges « contour » and its two variants (§3.4), emboss « relief » (§3.5);
pooling an image (§3.6) is `reference.pooling`. Chapter 13 §2 saves the result after
`np.clip(B, 0, 255).astype(np.uint8)` [L7051–7053]: clip first, then cast (`to_uint8`).

Also the two translation motifs of ch12 §2.2 (`shift_down`, `shift_right`). Not in the book,
marked as such: Sobel motifs and their gradient magnitude (a common edge detector), and
`to_grayscale` (the book reads a PNG with imageio and silently assumes it is grayscale; a colour
image is 3-D, E13-2).
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from reference.convolution2d import conv2d


def _frozen(rows, scale: float = 1.0) -> np.ndarray:
    M = np.asarray(rows, dtype=float) * scale
    M.setflags(write=False)
    return M


KERNELS = MappingProxyType({
    "blur": _frozen(np.ones((3, 3)), 1 / 9),  # « flou » [L6699]
    "gaussian_blur": _frozen([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 1 / 16),  # [L6713]
    "sharpen": _frozen([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),  # « piqué » [L6721]
    "vertical": _frozen([[-1, 2, -1]] * 3),  # [L6738]
    "horizontal": _frozen([[-1, -1, -1], [2, 2, 2], [-1, -1, -1]]),  # [L6752]
    "diagonal": _frozen([[-1, -1, 2], [-1, 2, -1], [2, -1, -1]]),  # [L6754]
    "edges": _frozen([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),  # « contour » [L6770]
    "edges_laplacian": _frozen([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),  # variant [L6782]
    "edges_diagonal": _frozen([[1, 0, -1], [0, 0, 0], [-1, 0, 1]]),  # variant [L6782]
    "emboss": _frozen([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),  # « relief » [L6788]
    "shift_down": _frozen([[0, 0, 0], [0, 0, 0], [0, 1, 0]]),  # translation [L6544]
    "shift_right": _frozen([[0, 0, 0], [0, 0, 1], [0, 0, 0]]),  # translation [L6552]
    # Not in the book: Sobel motifs, oriented so that A ⋆ M is +(brighter below / to the right).
    "sobel_rows": _frozen([[1, 2, 1], [0, 0, 0], [-1, -2, -1]]),
    "sobel_cols": _frozen([[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
})


def kernel(name: str) -> np.ndarray:
    """A filter name goes in, a writable copy of its 3×3 motif comes out (see `KERNELS`)."""
    if name not in KERNELS:
        raise ValueError(f"unknown filter {name!r}; choose from {sorted(KERNELS)}")
    return KERNELS[name].copy()


def _as_gray(image) -> np.ndarray:
    A = np.asarray(image, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"expected a grayscale (n, p) image, got shape {A.shape}; "
                         "convert colour images with to_grayscale first")
    return A


def apply_filter(image, motif, mode: str = "same", *, as_uint8: bool = False) -> np.ndarray:
    """A grayscale image and a motif (array or name) go in, the filtered image comes out.

    B = A ⋆ M, zero fill, same size by default [L6927]. Values may leave [0, 255] (edges give
    negatives); as_uint8=True returns `to_uint8(B)`, the book's saved image.
    image: (n, p), motif: (kh, kw) or a key of KERNELS → (n, p) floats (or uint8).
    """
    M = kernel(motif) if isinstance(motif, str) else motif
    B = conv2d(_as_gray(image), M, mode)
    return to_uint8(B) if as_uint8 else B


def to_uint8(B) -> np.ndarray:
    """An array of floats goes in, a displayable uint8 image comes out.

    np.clip(B, 0, 255) then cast, truncating toward zero like the book's `astype` [L7052].
    Clipping first matters: casting 256.0 or −1.0 directly would wrap around.
    """
    B = np.asarray(B, dtype=float)
    if not np.all(np.isfinite(B)):
        raise ValueError("B must contain finite numbers only")
    return np.clip(B, 0, 255).astype(np.uint8)


def to_grayscale(rgb) -> np.ndarray:
    """A colour image (n, p, 3) or (n, p, 4) goes in, gray levels (n, p) on the same scale come out.

    Y = 0.2125 R + 0.7154 G + 0.0721 B (ITU-R 709 luminance, as scikit-image's rgb2gray);
    an alpha channel is ignored. Not in the book, which assumes grayscale PNGs (E13-2).
    """
    C = np.asarray(rgb, dtype=float)
    if C.ndim != 3 or C.shape[2] not in (3, 4):
        raise ValueError(f"expected an (n, p, 3) or (n, p, 4) image, got shape {C.shape}")
    return C[:, :, :3] @ np.array([0.2125, 0.7154, 0.0721])  # (n, p)


def sobel_magnitude(image) -> np.ndarray:
    """A grayscale image goes in, the Sobel gradient magnitude √(G_r² + G_c²) comes out.

    G_r = A ⋆ sobel_rows, G_c = A ⋆ sobel_cols (zero fill). Not in the book: an edge detector
    in the spirit of §3.4. image: (n, p) → (n, p).
    """
    A = _as_gray(image)
    return np.hypot(conv2d(A, KERNELS["sobel_rows"]), conv2d(A, KERNELS["sobel_cols"]))
