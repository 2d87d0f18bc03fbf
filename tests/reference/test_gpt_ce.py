"""reference.gpt cross-entropy and the trained unembedding, against independent oracles
(scipy's log_softmax, finite differences of the loss)."""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax

from reference import gpt

CFG = gpt.GPTConfig(N=7, n=8, K=6, r=4, layers=1)
SEQ = [list(np.random.default_rng(0).integers(0, 7, 40))]


def test_cross_entropy_matches_scipy() -> None:
    w = gpt.init_params(CFG, 2)
    X, Y = gpt.training_matrices(w, SEQ, CFG)
    want = -np.mean(log_softmax(w["unembed"] @ X, axis=0)[Y.argmax(axis=0), np.arange(X.shape[1])])
    assert np.isclose(gpt.cross_entropy(w, SEQ, CFG), want, rtol=1e-12)


def test_gradient_step_follows_finite_differences() -> None:
    """One step of fit_unembedding_ce from B = 0 moves B along −∇L (finite differences)."""
    w = gpt.init_params(CFG, 3)
    X, Y = gpt.training_matrices(w, SEQ, CFG)

    def loss(B):
        return gpt.cross_entropy({**w, "unembed": B}, SEQ, CFG)
    one = gpt.fit_unembedding_ce(w, SEQ, CFG, steps=1, lr=0.01)["unembed"]
    eps, grad = 1e-6, np.zeros_like(one)
    for idx in np.ndindex(*one.shape):
        E = np.zeros_like(one)
        E[idx] = eps
        grad[idx] = (loss(E) - loss(-E)) / (2 * eps)
    scale = np.max(np.linalg.norm(X, axis=0))
    assert np.allclose(one, -0.01 * CFG.N * grad / scale**2, rtol=1e-5, atol=1e-9)


def test_training_lowers_the_loss() -> None:
    w = gpt.init_params(CFG, 4)
    zero = {**w, "unembed": np.zeros((CFG.N, CFG.n))}
    fitted = gpt.fit_unembedding_ce(w, SEQ, CFG, steps=200)
    assert np.isclose(gpt.cross_entropy(zero, SEQ, CFG), np.log(CFG.N))
    assert gpt.cross_entropy(fitted, SEQ, CFG) < np.log(CFG.N) - 0.1
