"""ch13 items in the grader's process: the book's worked examples (E13-4 … E13-9), several
students' variants, the flip detector naming a correlation, the two even-motif correlation
rules each accepted (never mixed), the uint8 clip-then-cast rule, and the photos of
scikit-image loading with the network off."""

from __future__ import annotations

import socket

import numpy as np
import pytest
import sympy as sp
from scipy.signal import convolve2d, correlate2d

from autograder.course import Course
from autograder.variants import params_for
from course.items import ch13
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch13")}
VALUES = ["modes_numpy", "radar", "produit_polynomes", "motif_compose", "lissage"]
FUNCTIONS = ["convolution_modes", "correlation", "pas_marge", "filtre_image", "max_pooling"]


def _params(name: str, student: str = "alice") -> dict:
    return params_for(ITEMS[name], SECRET, "ch13", student)


@pytest.mark.parametrize("student", ["alice", "bob", "s42"])
@pytest.mark.parametrize("name", VALUES)
def test_reference_answer_passes(name: str, student: str) -> None:
    """Is the expected answer itself accepted for this student's parameters?"""
    item, params = ITEMS[name], _params(name, student)
    outcome = check(item, params, item.expected(params))
    assert outcome.passed and outcome.message == item.success


@pytest.mark.parametrize("student", ["alice", "bob", "s42"])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_reference_function_passes(name: str, student: str) -> None:
    item, params = ITEMS[name], _params(name, student)
    outcome = check(item, params, item.reference(params))
    assert outcome.passed and outcome.message == item.success


def test_book_modes_E13_6_E13_7() -> None:
    """np.convolve([1, 0, 3, 5, 1], [1, 2, 3]): full (1, 2, 6, 11, 20, 17, 3), same
    (2, 6, 11, 20, 17), valid (6, 11, 20); 'same' cut at the start of 'full' is named."""
    item, params = ITEMS["modes_numpy"], {"f": [1, 0, 3, 5, 1], "g": [1, 2, 3]}
    book = ([1, 2, 6, 11, 20, 17, 3], [2, 6, 11, 20, 17], [6, 11, 20])
    assert check(item, params, book).passed
    assert all(np.allclose(np.convolve(*params.values(), m), b)
               for m, b in zip(("full", "same", "valid"), book, strict=True))
    assert check(item, params, (book[0], book[0][:5], book[2])).mistake == "recadrage_same"


@pytest.mark.parametrize("student", ["alice", "s42"])
def test_convolution_modes_and_flip_detector(student: str) -> None:
    """Are np.convolve and loops accepted; np.correlate, the book's correlation listing and an
    even motif padded on the wrong side named?"""
    item, params = ITEMS["convolution_modes"], _params("convolution_modes", student)
    assert check(item, params, lambda f, g, mode: np.convolve(f, g, mode)).passed
    assert check(item, params, lambda f, g, mode: np.correlate(f, g, mode)).mistake in {
        "correlation_au_lieu_de_convolution", "correlation_du_livre"}
    wrong_side = check(item, params, lambda f, g, mode: np.convolve(
        f, np.append(g, 0) if len(g) % 2 == 0 and mode == "same" else g, mode))
    assert wrong_side.mistake == "centrage_motif_pair"


def _text_rule(f, g):  # noqa: ANN001, ANN202
    g = np.asarray(g, float)
    return np.correlate(f, np.concatenate([[0.0], g]) if g.size % 2 == 0 else g, "same")


def test_correlation_E13_9_both_book_rules_never_mixed() -> None:
    """Is (2, 10, 21, 16, 7) the correlation of the book; are the text rule (no note) and the
    listing rule np.correlate (with the note) accepted, a mix of the two refused and the
    convolution named?"""
    item, params = ITEMS["correlation"], _params("correlation")
    assert np.allclose(_text_rule([1, 0, 3, 5, 1], [1, 2, 3]), [2, 10, 21, 16, 7])
    text = check(item, params, _text_rule)
    assert text.passed and text.message == item.success
    listing = check(item, params, lambda f, g: np.correlate(f, g, "same"))
    assert listing.passed and listing.message == ch13.LISTING_NOTE
    mixed = check(item, params, lambda f, g: np.correlate(f, g, "same") if len(g) == 2
                  else _text_rule(f, g))
    assert not mixed.passed
    assert check(item, params, lambda f, g: np.convolve(f, g, "same")).mistake \
        == "convolution_au_lieu_de_correlation"
    assert check(item, params, lambda f, g: np.correlate(f, g, "full")).mistake \
        == "correlation_etendue"


@pytest.mark.parametrize("student", ["alice", "bob"])
def test_radar_peak_both_rules(student: str) -> None:
    """Is the peak found by either correlation rule accepted (the listing with its note), one
    step apart, and the convolution's peak named?"""
    item, params = ITEMS["radar"], _params("radar", student)
    f, g = ch13.radar_signal(params["seed"], params["m"])
    text, listing = int(np.argmax(_text_rule(f, g))), int(np.argmax(np.correlate(f, g, "same")))
    assert listing == text + 1
    assert check(item, params, text).message == item.success
    assert check(item, params, listing).message == ch13.LISTING_NOTE
    assert check(item, params, int(np.argmax(np.convolve(f, g, "same")))).mistake \
        == "convolution_au_lieu_de_correlation"


def test_stride_and_padding() -> None:
    """Is np.convolve(np.pad(f, P), g, 'valid')[::s] accepted, padding on one side named?"""
    item, params = ITEMS["pas_marge"], _params("pas_marge")
    assert check(item, params, lambda f, g, s, P: np.convolve(np.pad(f, P), g, "valid")[::s]) \
        .passed
    one_side = check(item, params, lambda f, g, s, P: np.convolve(
        np.concatenate([np.zeros(P), f]), g, "valid")[::s])
    assert one_side.mistake == "marge_d_un_seul_cote"


@pytest.mark.parametrize("filtre", sorted(ch13.FILTERS))
def test_image_filter_clip_then_cast(filtre: str) -> None:
    """For each filter: clip-then-cast accepted; no clip, cast-first (wrap-around) and the
    correlation each named."""
    item, params = ITEMS["filtre_image"], {"filtre": filtre}
    motif = ch13.filters.kernel(ch13.FILTERS[filtre])

    def book(A):  # noqa: ANN001, ANN202
        return np.clip(convolve2d(A, motif, "same"), 0, 255).astype(np.uint8)

    assert check(item, params, book).passed
    assert check(item, params, lambda A: convolve2d(A, motif, "same")).mistake == "sans_ecretage"
    assert check(item, params, lambda A: convolve2d(A, motif, "same").astype(np.int64) % 256) \
        .mistake == "conversion_avant_ecretage"
    assert check(item, params, lambda A: np.clip(correlate2d(A, motif, "same"), 0, 255)) \
        .mistake == "correlation_au_lieu_de_convolution"


def test_photos_load_with_the_network_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Do the grader's photos come from scikit-image's wheel, with no download?"""
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    ch13._photo.cache_clear()
    for name in ch13.PHOTOS:
        image = ch13._photo(name)
        assert image.ndim == 2 and image.min() >= 0 and image.max() <= 255


def test_pooling_E13_4_ragged_edges() -> None:
    """Is the book's max-pooling [[23, 22, 17], [20, 19, 8]] the reference; the cropped
    reshape accepted, partial blocks accepted with the note, the book's function unchanged
    (it fails on ragged sizes) refused, and the reshape without transpose named?"""
    assert np.array_equal(ch13.pooling.max_pool2d(ch13.BOOK_POOL, 2), [[23, 22, 17], [20, 19, 8]])
    item, params = ITEMS["max_pooling"], _params("max_pooling")
    kept = check(item, params, lambda A, k: ch13.pool_partial(A, k))
    assert kept.passed and kept.message == ch13.PARTIAL_NOTE

    def book(A, k):  # noqa: ANN001, ANN202
        n, p = A.shape
        return A.reshape(n // k, k, p // k, k).transpose((0, 2, 1, 3)).max(axis=(2, 3))

    assert not check(item, params, book).passed
    assert check(item, params, ch13._mixed_blocks).mistake == "blocs_melanges"


def test_polynomials_E13_8_against_sympy() -> None:
    """Is (1, 2, 3, 4) ⋆̃ (5, 6, 7) = (5, 16, 34, 52, 45, 28), sympy's product, and do the
    students' variants agree with sympy too?"""
    X = sp.Symbol("X")
    item = ITEMS["produit_polynomes"]
    assert check(item, {"P": [1, 2, 3, 4], "Q": [5, 6, 7]}, [5, 16, 34, 52, 45, 28]).passed
    for student in ("alice", "bob", "s42"):
        params = _params("produit_polynomes", student)
        product = sp.Poly(params["P"], X) * sp.Poly(params["Q"], X)
        assert check(item, params, [int(c) for c in product.all_coeffs()]).passed


def test_composed_motif_is_associativity() -> None:
    """Does K = M ⋆̃ N really replace two full convolutions (random A), and does the
    correlation version fail that property?"""
    params = _params("motif_compose")
    K = ITEMS["motif_compose"].expected(params)
    A = np.random.default_rng(0).integers(-5, 6, (5, 6))
    twice = convolve2d(convolve2d(A, params["M"]), params["N"])
    assert np.allclose(twice, convolve2d(A, K))
    corr = correlate2d(params["M"], params["N"])
    assert not np.allclose(correlate2d(correlate2d(A, params["M"]), params["N"]),
                           correlate2d(A, corr))


def test_smoothing() -> None:
    """Is the moving average accepted and the sum without division named?"""
    item, params = ITEMS["lissage"], _params("lissage")
    g = np.ones(params["w"])
    assert check(item, params, np.convolve(params["f"], g / params["w"], "same")).passed
    assert check(item, params, np.convolve(params["f"], g, "same")).mistake == "sans_division"
