"""Tests for reference.embeddings (chapter 17 §4–5).

Oracles: scipy.spatial.distance, numpy/scipy SVD, scikit-learn PCA (up to sign), central finite
differences for the trained embedding, the book's numbers E17-10, E17-12 (with erratum E17-1)
and E17-13.
"""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.linalg import svd as scipy_svd
from scipy.spatial.distance import cosine, euclidean, pdist

from reference import embeddings
from reference.corpus import CATEGORIES, generate_sentences
from reference.embeddings import (
    analogy,
    cosine_similarity,
    embedding_loss_and_grads,
    euclidean_distance,
    nearest_tokens,
    pca,
    ppmi,
    project_on_basis,
    project_on_line,
    random_distance_stats,
    scalar_projection,
    svd_embedding,
    train_embedding,
)
from reference.text_stats import cooccurrence_matrix, probability_matrix, vocabulary


def test_book_example_e17_10():
    """E17-10: X=(2,3), Y=(4,4): is ‖X−Y‖ = √5 ≈ 2.24 and S_cos = 5/√26 ≈ 0.98?"""
    assert euclidean_distance([2, 3], [4, 4]) == pytest.approx(np.sqrt(5), rel=1e-15)
    assert cosine_similarity([2, 3], [4, 4]) == pytest.approx(5 / np.sqrt(26), rel=1e-15)


def test_king_queen_princess_e17_12():
    """E17-12 with erratum E17-1 (Y = (3,0,0,2) in ℝ⁴): cosines 0.98, 0.39, 0.32, distances?"""
    X = [(1, 0, 0, 1), (0, 1, 0, 1), (0, 1, 1, 1)]
    Y = (3, 0, 0, 2)
    np.testing.assert_allclose([cosine_similarity(x, Y) for x in X], [0.9806, 0.3922, 0.3203],
                               rtol=0, atol=5e-5)
    np.testing.assert_allclose([euclidean_distance(x, Y) for x in X], [2.236, 3.317, 3.464],
                               rtol=0, atol=5e-4)
    with pytest.raises(ValueError):                 # the book's printed Y = (3, 0, 2) is in ℝ³
        cosine_similarity(X[0], (3, 0, 2))


vectors = arrays(np.float64, 5, elements=st.floats(-10, 10, allow_nan=False))


@settings(max_examples=80, deadline=None)
@given(vectors, vectors, st.floats(0.01, 100))
def test_cosine_and_distance_properties(x, y, lam):
    """Hypothesis: do cosine and distance match scipy, is S_cos symmetric, in [−1, 1] and
    unchanged when X is scaled by λ > 0 (norm = certainty, direction = meaning)?"""
    assume(np.linalg.norm(x) > 1e-3 and np.linalg.norm(y) > 1e-3)
    s = cosine_similarity(x, y)
    assert s == pytest.approx(1 - cosine(x, y), abs=1e-12)
    assert s == pytest.approx(cosine_similarity(y, x), abs=1e-15)
    assert s == pytest.approx(cosine_similarity(lam * x, y), abs=1e-12)
    assert -1 <= s <= 1
    assert euclidean_distance(x, y) == pytest.approx(euclidean(x, y), rel=1e-12, abs=1e-12)


def test_cosine_rejects_zero_and_mismatched_vectors():
    """Are a zero vector and vectors of different sizes rejected?"""
    with pytest.raises(ValueError):
        cosine_similarity([0, 0], [1, 2])
    with pytest.raises(ValueError):
        euclidean_distance([1, 2], [1, 2, 3])


@settings(max_examples=60, deadline=None)
@given(vectors, vectors, st.floats(0.1, 10))
def test_projection_on_line(x, u, lam):
    """Hypothesis: is x − p(x) ⊥ u, p idempotent, p independent of ‖u‖, π(x) = ⟨x|u/‖u‖⟩?"""
    assume(np.linalg.norm(u) > 1e-2)
    p = project_on_line(x, u)
    tol = 1e-9 * (1 + np.linalg.norm(x) * np.linalg.norm(u))
    assert np.dot(x - p, u) == pytest.approx(0, abs=tol)
    np.testing.assert_allclose(project_on_line(p, u), p, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(project_on_line(x, lam * u), p, rtol=1e-10, atol=1e-10)
    assert scalar_projection(x, u) == pytest.approx(x @ u / np.linalg.norm(u), rel=1e-12, abs=1e-12)


def test_projection_on_coordinate_plane_and_basis():
    """Is the projection on (f₁, f₃) the pair (x₁, x₃), and on an orthonormal basis the
    least-squares coordinates? Is a non-orthonormal family rejected?"""
    X = np.arange(12.0).reshape(3, 4)
    f = np.eye(4)[:, [0, 2]]
    np.testing.assert_array_equal(project_on_basis(X, f), X[:, [0, 2]])
    U, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(4, 2)))
    np.testing.assert_allclose(project_on_basis(X, U),
                               np.linalg.lstsq(U, X.T, rcond=None)[0].T, rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError):
        project_on_basis(X, [[1, 1], [0, 1], [0, 0], [0, 0]])


def test_pca_against_svd_and_sklearn():
    """Do PCA coordinates equal the SVD ones (and sklearn's) up to the sign of each axis, with
    eigenvalues s²/(m − 1) sorted decreasingly?"""
    X = np.random.default_rng(1).normal(size=(40, 6)) @ np.diag([5, 3, 2, 1, 0.5, 0.1])
    coords, steps = pca(X, 3, return_steps=True)
    Xc = X - X.mean(axis=0)
    U, s, _ = np.linalg.svd(Xc, full_matrices=False)
    np.testing.assert_allclose(np.abs(coords), np.abs(U[:, :3] * s[:3]), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(steps["eigenvalues"], s**2 / (X.shape[0] - 1), rtol=1e-10)
    axes = steps["axes"]
    assert np.all(axes[np.argmax(np.abs(axes), axis=0), range(3)] > 0)
    sklearn = pytest.importorskip("sklearn.decomposition")
    ref = sklearn.PCA(n_components=3).fit_transform(X)
    np.testing.assert_allclose(np.abs(coords), np.abs(ref), rtol=1e-9, atol=1e-9)


def test_pca_rejects_bad_input():
    """Are one sample and k > n rejected?"""
    with pytest.raises(ValueError):
        pca(np.ones((1, 3)))
    with pytest.raises(ValueError):
        pca(np.ones((4, 3)), k=4)


WORDS = ["king", "queen", "man", "woman", "apple"]
E_TOY = np.array([[3, 1, 0, 0], [3, 0, 1, 0.5], [0, 0.5, 0, 0], [0, 0, 0.5, 0], [0, 0, 0, 3]]).T


def test_king_minus_man_plus_woman():
    """Is king the nearest to king − man + woman, unless the inputs are excluded (then queen)?"""
    nearest = analogy(E_TOY, WORDS, "king", "man", "woman", k=2, exclude_inputs=False)
    assert [w for w, _ in nearest] == ["king", "queen"]
    assert analogy(E_TOY, WORDS, "king", "man", "woman", k=1)[0][0] == "queen"
    with pytest.raises(ValueError):
        analogy(E_TOY, WORDS, "king", "man", "girl")


def test_nearest_tokens_shape_check_and_order():
    """Are similarities sorted with the query itself first, and a wrong E shape rejected?"""
    out = nearest_tokens(E_TOY[:, 0], E_TOY, WORDS, k=5)
    sims = [s for _, s in out]
    assert out[0] == ("king", pytest.approx(1.0)) and sims == sorted(sims, reverse=True)
    with pytest.raises(ValueError):
        nearest_tokens(E_TOY[:, 0], E_TOY.T, WORDS)


def test_ppmi_against_formula():
    """Is PPMI_ij = max(0, ln(C_ij ΣC / (row_i col_j))), 0 where C_ij = 0?"""
    C = np.array([[4, 0, 1], [2, 3, 0], [0, 1, 5]], dtype=float)
    expected = np.zeros_like(C)
    for i in range(3):
        for j in range(3):
            if C[i, j] > 0:
                expected[i, j] = max(0.0, np.log(C[i, j] * C.sum() / (C[i].sum() * C[:, j].sum())))
    np.testing.assert_allclose(ppmi(C), expected, rtol=1e-14, atol=1e-15)
    with pytest.raises(ValueError):
        ppmi(np.zeros((2, 2)))


@pytest.fixture(scope="module")
def corpus_counts():
    sentences = generate_sentences(1500, seed=1)
    vocab = vocabulary(sentences)
    return vocab, cooccurrence_matrix(sentences, vocab, window=1)


def _category_gap(E, vocab):
    """Mean cosine within months minus mean cosine between months and numbers."""
    idx = {w: i for i, w in enumerate(vocab)}
    months = [E[:, idx[w]] for w in CATEGORIES["mois"]]
    numbers = [E[:, idx[w]] for w in CATEGORIES["nombres"]]
    within = np.mean([cosine_similarity(a, b) for a in months for b in months])
    between = np.mean([cosine_similarity(a, b) for a in months for b in numbers])
    return within - between


def test_svd_embedding_is_truncated_svd(corpus_counts):
    """Is EᵀE = U_n Σ_n U_nᵀ of PPMI(C + Cᵀ), with scipy's gesvd SVD as oracle?"""
    vocab, C = corpus_counts
    E = svd_embedding(C, 8)
    assert E.shape == (8, len(vocab))
    U, s, _ = scipy_svd(ppmi(C + C.T), lapack_driver="gesvd")
    np.testing.assert_allclose(E.T @ E, (U[:, :8] * s[:8]) @ U[:, :8].T, rtol=1e-8, atol=1e-8)


def test_svd_embedding_groups_months(corpus_counts):
    """Months vs numbers (the book's Reuters experiment): are the 5 nearest words of 'janvier'
    months, and is the within/between cosine gap large?"""
    vocab, C = corpus_counts
    E = svd_embedding(C, 10)
    nearest = nearest_tokens(E[:, vocab.index("janvier")], E, vocab, k=5, exclude=["janvier"])
    assert all(w in CATEGORIES["mois"] for w, _ in nearest)
    assert _category_gap(E, vocab) > 0.5


def test_embedding_gradient_matches_finite_differences():
    """Do the analytic gradients of the cross-entropy equal central finite differences?"""
    rng = np.random.default_rng(3)
    C = rng.integers(0, 4, (5, 5)).astype(float)
    C[:, 4] = 0                                           # a word without successor
    P = probability_matrix(C)
    A, B, c = rng.normal(size=(2, 5)), rng.normal(size=(5, 2)), rng.normal(size=5)
    _, dA, dB, dc = embedding_loss_and_grads(P, A, B, c)
    for M, dM in ((A, dA), (B, dB), (c, dc)):
        num = np.zeros_like(M)
        for idx in np.ndindex(M.shape):
            old = M[idx]
            M[idx] = old + 1e-6
            up = embedding_loss_and_grads(P, A, B, c)[0]
            M[idx] = old - 1e-6
            down = embedding_loss_and_grads(P, A, B, c)[0]
            M[idx] = old
            num[idx] = (up - down) / 2e-6
        np.testing.assert_allclose(dM, num, rtol=1e-6, atol=1e-8)


def test_trained_embedding_learns_and_groups_months(corpus_counts):
    """Does gradient descent lower the loss and give months a common direction (F(e_i) ≈ P_i)?"""
    vocab, C = corpus_counts
    A, B, c, losses = train_embedding(probability_matrix(C), 10, epochs=400, lr=2.0, seed=0,
                                      return_history=True)
    assert A.shape == (10, len(vocab))
    assert losses[-1] < 0.5 * losses[0] and np.all(np.diff(losses) < 1e-9)
    assert _category_gap(A, vocab) > 0.5
    np.testing.assert_array_equal(train_embedding(probability_matrix(C), 10, epochs=5, seed=0),
                                  train_embedding(probability_matrix(C), 10, epochs=5, seed=0))


def test_curse_of_dimensionality_e17_13():
    """E17-13: 1000 uniform points of [0,1]^768: mean distance ≈ 11.3 ≈ √128, sd ≈ 0.25 (0.24),
    matching scipy's pdist; and only ≈ 69 % lie in [11.0, 11.5] (erratum E17-3)?"""
    mean, sd = random_distance_stats(768, 1000, seed=0)
    d = pdist(np.random.default_rng(0).random((1000, 768)))
    assert mean == pytest.approx(d.mean(), rel=1e-10) and sd == pytest.approx(d.std(), rel=1e-6)
    assert mean == pytest.approx(np.sqrt(768 / 6), rel=0.01)
    assert mean == pytest.approx(11.3, abs=0.05)
    assert sd == pytest.approx(0.25, rel=0.2)
    assert 0.6 < np.mean((d >= 11.0) & (d <= 11.5)) < 0.8


# --- angle (issue 13) ----------------------------------------------------------------------
def test_angle_known_values_and_arccos_oracle() -> None:
    """Are 0°, 45°, 90°, 180° right, and does the angle match arccos of the cosine (numpy)?"""
    assert embeddings.angle([1, 0], [3, 0]) == 0.0
    assert np.isclose(embeddings.angle([1, 0], [1, 1], degrees=True), 45.0)
    assert np.isclose(embeddings.angle([1, 0, 0], [0, 2, 0]), np.pi / 2)
    assert np.isclose(embeddings.angle([1, 2], [-2, -4]), np.pi)
    rng = np.random.default_rng(3)
    for _ in range(50):
        x, y = rng.normal(size=5), rng.normal(size=5)
        cos = x @ y / np.linalg.norm(x) / np.linalg.norm(y)
        assert np.isclose(embeddings.angle(x, y), np.arccos(cos), atol=1e-9)
    with pytest.raises(ValueError):
        embeddings.angle([0, 0], [1, 0])
