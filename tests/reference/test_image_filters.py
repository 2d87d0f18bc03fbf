"""Tests for reference.image_filters (chapter 12 §3, chapter 13 §2)."""

import numpy as np
import pytest
import scipy.ndimage
import scipy.signal

from reference.image_filters import (
    KERNELS,
    apply_filter,
    kernel,
    sobel_magnitude,
    to_grayscale,
    to_uint8,
)
from reference.pooling import avg_pool2d, max_pool2d

# scikit-image (the [data] extra) ships the sample photos inside its wheel: no download.
skimage_data = pytest.importorskip("skimage.data")
skimage_color = pytest.importorskip("skimage.color")

TOL = {"rtol": 1e-12, "atol": 1e-9}
# The small image of ch12 §3 [L6688].
A = np.array([[0, 255, 64, 255, 0], [255, 0, 127, 0, 255],
              [64, 127, 0, 127, 64], [255, 0, 127, 0, 255]])


@pytest.fixture(scope="module")
def camera():
    """scikit-image's bundled 512×512 grayscale photo (ships in the wheel, no download)."""
    return skimage_data.camera().astype(float)


def test_book_motifs_are_the_printed_matrices():
    """Are the motifs exactly those printed in ch12 §3 (blur, piqué, lines, edges, relief)?"""
    printed = {
        "blur": np.ones((3, 3)) / 9,
        "gaussian_blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
        "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
        "vertical": [[-1, 2, -1], [-1, 2, -1], [-1, 2, -1]],
        "horizontal": [[-1, -1, -1], [2, 2, 2], [-1, -1, -1]],
        "diagonal": [[-1, -1, 2], [-1, 2, -1], [2, -1, -1]],
        "edges": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
        "edges_laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
        "edges_diagonal": [[1, 0, -1], [0, 0, 0], [-1, 0, 1]],
        "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    }
    for name, M in printed.items():
        np.testing.assert_allclose(KERNELS[name], M, **TOL)


def test_kernels_are_read_only_and_kernel_returns_a_copy():
    """Can KERNELS not be modified by accident, while kernel(name) gives a writable copy?"""
    with pytest.raises(ValueError):
        KERNELS["blur"][0, 0] = 1.0
    M = kernel("blur")
    M[0, 0] = 1.0
    assert KERNELS["blur"][0, 0] == pytest.approx(1 / 9)
    with pytest.raises(ValueError):
        kernel("posterize")


def test_small_image_E12_9_blur():
    """Does the blur of the 4×5 image give the computed values of E12-9?"""
    expected = [[56.667, 77.889, 77.889, 77.889, 56.667],
                [77.889, 99.111, 106.111, 99.111, 77.889],
                [77.889, 106.111, 56.444, 106.111, 77.889],
                [49.556, 63.667, 42.333, 63.667, 49.556]]
    np.testing.assert_allclose(apply_filter(A, "blur"), expected, rtol=0, atol=1e-3)


def test_small_image_other_filters_from_the_notes():
    """Do sharpen, edges, emboss and Gaussian blur give the notes' vectors (after E12-9)?"""
    sharpen = [[-510, 1211, -317, 1211, -510], [1211, -764, 571, -764, 1211],
               [-317, 571, -508, 571, -317], [1211, -509, 635, -509, 1211]]
    edges = [[-510, 1594, -125, 1594, -510], [1594, -892, 188, -892, 1594],
             [-125, 188, -508, 188, -125], [1849, -573, 762, -573, 1849]]
    emboss = [[-510, -63, -63, -191, 0], [-63, 256, 447, 0, 701],
              [-63, 447, 0, -193, 191], [319, 383, 381, -1, 573]]
    np.testing.assert_allclose(apply_filter(A, "sharpen"), sharpen, **TOL)
    np.testing.assert_allclose(apply_filter(A, "edges"), edges, **TOL)
    np.testing.assert_allclose(apply_filter(A, "emboss"), emboss, **TOL)
    np.testing.assert_allclose(apply_filter(A, "gaussian_blur")[0],
                               [63.75, 95.625, 95.625, 95.625, 63.75], **TOL)


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_every_filter_on_camera_matches_scipy(camera, name):
    """Does each filter on skimage's camera match scipy.signal.convolve2d('same', zero fill)?"""
    expected = scipy.signal.convolve2d(camera, KERNELS[name], mode="same", boundary="fill")
    np.testing.assert_allclose(apply_filter(camera, name), expected, rtol=1e-12, atol=1e-8)


def test_translations_on_camera(camera):
    """Do shift_down and shift_right move the photo one pixel, filling with black?"""
    down = np.vstack([np.zeros((1, 512)), camera[:-1]])
    right = np.hstack([np.zeros((512, 1)), camera[:, :-1]])
    np.testing.assert_allclose(apply_filter(camera, "shift_down"), down, **TOL)
    np.testing.assert_allclose(apply_filter(camera, "shift_right"), right, **TOL)


def test_saved_image_is_clipped_then_cast(camera):
    """Does as_uint8 give np.clip(B, 0, 255).astype(uint8), the book's saved relief [L7051]?"""
    B = scipy.signal.convolve2d(camera, KERNELS["emboss"], mode="same")
    out = apply_filter(camera, "emboss", as_uint8=True)
    assert out.dtype == np.uint8 and out.shape == camera.shape
    np.testing.assert_array_equal(out, np.clip(B, 0, 255).astype(np.uint8))
    assert B.min() < 0 and B.max() > 255  # clipping was needed
    np.testing.assert_array_equal(to_uint8([[-5.0, 0.7, 254.9, 300.0]]), [[0, 0, 254, 255]])
    with pytest.raises(ValueError):
        to_uint8([np.nan])


def test_blur_reduces_noise():
    """Does the 3×3 blur divide the variance of white noise by about 9 (ch12 §3.1)?"""
    rng = np.random.default_rng(11)
    noisy = 128 + 20 * rng.standard_normal((200, 200))
    inner = apply_filter(noisy, "blur")[1:-1, 1:-1]
    ratio = np.var(inner) / np.var(noisy)
    assert 1 / 12 < ratio < 1 / 7
    np.testing.assert_allclose(inner.mean(), 128, atol=0.5)


def test_edge_motifs_vanish_on_flat_regions_and_lines_are_oriented():
    """Are edge motifs 0 on flat areas, and does 'vertical' fire on a vertical line only?"""
    flat = np.full((7, 7), 90.0)
    for name in ["edges", "edges_laplacian", "edges_diagonal", "vertical", "horizontal"]:
        np.testing.assert_allclose(apply_filter(flat, name)[1:-1, 1:-1], 0, atol=1e-9)
    line = np.zeros((9, 9))
    line[:, 4] = 255
    assert apply_filter(line, "vertical")[4, 4] == pytest.approx(6 * 255)
    assert apply_filter(line, "horizontal")[4, 4] == pytest.approx(0)
    assert apply_filter(line.T, "horizontal")[4, 4] == pytest.approx(6 * 255)


def test_sobel_matches_scipy_ndimage(camera):
    """Do the (extra) Sobel motifs match scipy.ndimage.sobel with zero fill?"""
    gr = scipy.ndimage.sobel(camera, axis=0, mode="constant")
    gc = scipy.ndimage.sobel(camera, axis=1, mode="constant")
    np.testing.assert_allclose(apply_filter(camera, "sobel_rows"), gr, rtol=1e-12, atol=1e-8)
    np.testing.assert_allclose(apply_filter(camera, "sobel_cols"), gc, rtol=1e-12, atol=1e-8)
    np.testing.assert_allclose(sobel_magnitude(camera), np.hypot(gr, gc), rtol=1e-12, atol=1e-8)


def test_to_grayscale_matches_skimage_rgb2gray():
    """Does to_grayscale match skimage_color.rgb2gray (×255) on the bundled astronaut photo?"""
    rgb = skimage_data.astronaut()
    expected = 255 * skimage_color.rgb2gray(rgb)
    np.testing.assert_allclose(to_grayscale(rgb), expected, rtol=1e-9, atol=1e-6)
    rgba = np.dstack([rgb, np.full(rgb.shape[:2], 7)])
    np.testing.assert_allclose(to_grayscale(rgba), to_grayscale(rgb), **TOL)
    with pytest.raises(ValueError):
        to_grayscale(rgb[:, :, 0])
    with pytest.raises(ValueError):
        apply_filter(rgb, "blur")  # E13-2: a colour image is 3-D


def test_pooling_an_image_gives_16_times_fewer_pixels(camera):
    """Does 4×4 pooling of the 512×512 photo give 128×128 images (ch12 §3.6)?"""
    mx, av = max_pool2d(camera, 4), avg_pool2d(camera, 4)
    assert mx.shape == av.shape == (128, 128)
    assert camera.size / mx.size == 16
    assert np.all(mx >= av)
    np.testing.assert_allclose(av.mean(), camera.mean(), rtol=1e-12)
