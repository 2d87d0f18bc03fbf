"""Probabilities for neural networks (chapter 16 « Probabilités », and softmax_T of ch17 §2).

§1 activations: Heaviside H, σ(x) = 1/(1+e^{−x}) [L7920], argmax and one-hot [L7938], softmax
σᵢ(X) = e^{xᵢ}/Σⱼ e^{xⱼ} [L7942] and its Jacobian [L7966]; the temperature version
σ_{T,i}(X) = e^{xᵢ/T}/Σⱼ e^{xⱼ/T} is from ch17 [L8456]. §2 error functions: MSE, MAE, MSLE,
binary and categorical cross-entropy [L7968–8053]. §3 normalisation: pixels/255, min–max,
mean μ, population variance, σ, the Gaussian density and z-scores [L8055–8160]. §4 dropout:
Bernoulli(p) and inverted dropout [L8164–8240].

Conventions:

* Indices are 0-based (numpy): the book's argmax(3,1,8,6,0) = 3 is rank 3 counting from 1,
  `argmax` returns 2 (pass base=1 for the book's rank). Ties: the first maximum wins.
* softmax subtracts max(x/T) before exponentiating: no overflow (the book's formula overflows
  for x ≳ 710 in float64). Axis −1 by default (rows of a batch).
* Losses are **means** over the N examples (and over all entries for MSE/MAE/MSLE), with the
  **natural log**; categorical cross-entropy sums over classes, then averages over examples.
  Cross-entropies use 0·ln 0 = 0, so ỹ = 1.0 with y = 1 is fine (E16-2); eps > 0 clips ỹ to
  [eps, 1−eps] like Keras (eps = 1e−7).
* Variance and σ are the **population** ones (1/n) as in the book [L8102] (not ddof=1).
* Dropout: the book's p is the probability of **keeping** a neuron; Keras' `rate` is the
  probability of dropping it (p = 1 − rate). `dropout` accepts either.
* Erratum E16-1: the book's map to [a, b], (y−y_min)/(y_max−y_min)·(a−b)+b, sends y_min to b.
  `min_max_scale` uses ·(b−a)+a, which sends y_min to a and y_max to b.
"""

from __future__ import annotations

from math import comb

import numpy as np
from scipy.special import xlogy

from reference import activations


def _array(x, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    return arr


def _same_shape(y, y_hat) -> tuple[np.ndarray, np.ndarray]:
    y, y_hat = _array(y, "y"), _array(y_hat, "y_hat")
    if y.shape != y_hat.shape:
        raise ValueError(f"y and y_hat must have the same shape, got {y.shape} and {y_hat.shape}")
    return y, y_hat


# §1 Activations -------------------------------------------------------------------------------

def heaviside(x) -> np.ndarray:
    """Numbers go in, H(x) comes out: 0 if x < 0, 1 if x ≥ 0 [L7916] (chapter 1's H, H(0) = 1)."""
    return np.asarray(activations.heaviside(_array(x, "x")))


def sigmoid(x) -> np.ndarray:
    """Numbers go in, σ(x) = 1/(1 + e^{−x}) comes out, without overflow [L7920] (chapter 1's σ)."""
    return np.asarray(activations.sigmoid(_array(x, "x")))


def decide(p) -> np.ndarray:
    """Probabilities go in, decisions 0/1 come out: H(p − ½), so 0 if p < ½ and 1 otherwise."""
    return heaviside(_array(p, "p") - 0.5)


def argmax(x, *, base: int = 0) -> int:
    """A vector goes in, the index of its (first) maximum comes out; base=1 gives the book's rank.

    Example [L7938]: argmax((3,1,8,6,0)) = 2, argmax(…, base=1) = 3.
    """
    x = _array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, got shape {x.shape}")
    return int(np.argmax(x)) + base


def one_hot(index: int, k: int) -> np.ndarray:
    """A 0-based index and a number of categories go in, (0, …, 1, …, 0) comes out: (k,)."""
    if not 0 <= index < k:
        raise ValueError(f"index must be in [0, {k}), got {index}")
    e = np.zeros(k)
    e[index] = 1.0
    return e


def _scaled(x, T: float, axis: int = -1) -> np.ndarray:
    if not T > 0:
        raise ValueError(f"temperature T must be > 0, got {T!r} (T → 0 is one_hot(argmax(x)))")
    z = _array(x, "x") / T
    if np.isposinf(z).any() or np.isneginf(z).all(axis=axis).any():
        raise ValueError("x may contain −inf entries but no +inf and no all −inf row")
    return z


def _shifted(x, T: float, axis: int) -> np.ndarray:
    """(x − max x)/T along ``axis``: shifting first keeps every entry ≤ 0, so a tiny T can
    only send entries to −∞ (probability 0), never to +∞ (no overflow)."""
    _scaled(x, 1.0, axis)  # the entries' checks (NaN, +∞, a slice of −∞ only)
    if not T > 0:
        raise ValueError(f"temperature T must be > 0, got {T!r} (T → 0 is one_hot(argmax(x)))")
    arr = _array(x, "x")
    with np.errstate(over="ignore"):
        return (arr - arr.max(axis=axis, keepdims=True)) / T


def logsumexp(x, axis: int = -1) -> np.ndarray:
    """Numbers go in, ln Σⱼ e^{xⱼ} comes out, computed as m + ln Σⱼ e^{xⱼ−m} with m = max x."""
    z = _scaled(x, 1.0, axis)
    m = z.max(axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.exp(z - m).sum(axis=axis))


def softmax(x, T: float = 1.0, axis: int = -1) -> np.ndarray:
    """Scores go in, probabilities summing to 1 come out (stable, with temperature T).

    σ_{T,i}(X) = e^{xᵢ/T} / Σⱼ e^{xⱼ/T} = e^{zᵢ−m} / Σⱼ e^{zⱼ−m}, z = X/T, m = max z.
    x: any shape, normalised along ``axis`` (−1: each row of a batch). Example [L7956]:
    softmax((3,1,8,6,0)) ≃ (0.0059, 0.0008, 0.8746, 0.1184, 0.0003).
    −∞ entries get probability 0 (a causal mask); +∞, NaN or a slice of −∞ only is an error.
    T = 0 is the limit T → 0⁺ [L8464]: uniform on the set of maxima (one-hot when unique).
    The course's only softmax: sampling.softmax_T and transformer.softmax_rows delegate here.
    """
    if T == 0:
        arr = _array(x, "x")
        _scaled(arr, 1.0, axis)  # same checks on the entries
        is_max = (arr == arr.max(axis=axis, keepdims=True)).astype(np.float64)
        return is_max / is_max.sum(axis=axis, keepdims=True)
    e = np.exp(_shifted(x, T, axis))  # largest term is e⁰ = 1
    return e / e.sum(axis=axis, keepdims=True)


def softmax_trace(x, T: float = 1.0) -> dict:
    """A score vector goes in, every step of the stable softmax comes out (for feedback)."""
    z = _scaled(x, T)
    shifted = z - z.max()
    exps = np.exp(shifted)
    return {"scaled": z, "max": float(z.max()), "shifted": shifted, "exp": exps,
            "total": float(exps.sum()), "probs": exps / exps.sum()}


def log_softmax(x, T: float = 1.0, axis: int = -1) -> np.ndarray:
    """Scores go in, ln softmax_T(x) comes out: zᵢ − m − ln Σⱼ e^{zⱼ−m}, finite for finite x."""
    shifted = _shifted(x, T, axis)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax_jacobian(x, T: float = 1.0) -> np.ndarray:
    """A score vector goes in, J_{ij} = ∂σᵢ/∂xⱼ comes out [L7966].

    ∂σᵢ/∂xⱼ = σᵢ(1 − σᵢ) if i = j, −σᵢσⱼ otherwise (times 1/T with a temperature).
    x: (k,) → (k, k); each row sums to 0.
    """
    s = softmax(x, T)
    if s.ndim != 1:
        raise ValueError(f"x must be 1-D, got shape {s.shape}")
    return (np.diag(s) - np.outer(s, s)) / T


# §2 Error functions ---------------------------------------------------------------------------

def mse(y, y_hat) -> float:
    """Targets and predictions go in, E = (1/N) Σ (yᵢ − ỹᵢ)² comes out [L7981]."""
    y, y_hat = _same_shape(y, y_hat)
    return float(np.mean((y - y_hat) ** 2))


def mae(y, y_hat) -> float:
    """Targets and predictions go in, E = (1/N) Σ |yᵢ − ỹᵢ| comes out [L7999]."""
    y, y_hat = _same_shape(y, y_hat)
    return float(np.mean(np.abs(y - y_hat)))


def msle(y, y_hat) -> float:
    """Targets and predictions (> −1) go in, E = (1/N) Σ (ln(yᵢ+1) − ln(ỹᵢ+1))² comes out."""
    y, y_hat = _same_shape(y, y_hat)
    if (y <= -1).any() or (y_hat <= -1).any():
        raise ValueError("msle needs y > −1 and y_hat > −1")
    return float(np.mean((np.log1p(y) - np.log1p(y_hat)) ** 2))


def _probabilities(y, p, eps: float) -> tuple[np.ndarray, np.ndarray]:
    y, p = _same_shape(y, p)
    if ((y < 0) | (y > 1)).any() or ((p < 0) | (p > 1)).any():
        raise ValueError("targets and predicted probabilities must lie in [0, 1]")
    if not 0 <= eps < 0.5:
        raise ValueError(f"eps must be in [0, 0.5), got {eps}")
    return y, (np.clip(p, eps, 1 - eps) if eps > 0 else p)


def binary_cross_entropy(y, y_hat, *, eps: float = 0.0) -> float:
    """Targets in [0, 1] and probabilities ỹ go in, the mean binary cross-entropy comes out.

    E = −(1/N) Σ (yᵢ ln ỹᵢ + (1 − yᵢ) ln(1 − ỹᵢ)) [L8033], natural log, 0·ln 0 = 0 (E16-2);
    a wrong certain prediction gives +inf unless eps > 0. y, ỹ: any same shape → float.
    """
    y, p = _probabilities(y, y_hat, eps)
    return float(-np.mean(xlogy(y, p) + xlogy(1 - y, 1 - p)))


def categorical_cross_entropy(Y, P, *, eps: float = 0.0, from_logits: bool = False) -> float:
    """One-hot (or probability) rows and predicted rows go in, the mean cross-entropy comes out.

    E = −(1/N) Σᵢ Σ_c y_{i,c} ln p_{i,c} (formula not printed in the book, E16-3), natural log,
    0·ln 0 = 0. from_logits=True takes scores and uses log_softmax (stable).
    Y, P: (k,) or (N, k) → float.
    """
    if from_logits:
        Y, logits = _same_shape(Y, P)
        return float(-np.mean(np.sum(Y * log_softmax(logits), axis=-1)))
    Y, P = _probabilities(Y, P, eps)
    return float(-np.mean(np.sum(xlogy(Y, P), axis=-1)))


# §3 Normalisation and the Gaussian law ---------------------------------------------------------

def scale_pixels(image) -> np.ndarray:
    """Gray levels 0…255 go in, values in [0, 1] come out: n_ij ↦ n_ij / 255 [L8061]."""
    return _array(image, "image") / 255.0


def min_max_scale(y, a: float = 0.0, b: float = 1.0) -> np.ndarray:
    """Data go in, data mapped affinely onto [a, b] come out (y_min ↦ a, y_max ↦ b).

    y ↦ (y − y_min)/(y_max − y_min)·(b − a) + a. Erratum E16-1: the book prints ·(a − b) + b.
    """
    y = _array(y, "y")
    lo, hi = y.min(), y.max()
    if hi == lo:
        raise ValueError("min–max scaling needs at least two distinct values")
    return (y - lo) / (hi - lo) * (b - a) + a


def mean(x, axis=None):
    """Data go in, μ = (1/n) Σ xᵢ comes out [L8098]."""
    return np.mean(_array(x, "x"), axis=axis)


def variance(x, axis=None):
    """Data go in, the population variance Var = (1/n) Σ (xᵢ − μ)² comes out [L8102]."""
    x = _array(x, "x")
    return np.mean((x - np.mean(x, axis=axis, keepdims=True)) ** 2, axis=axis)


def std(x, axis=None):
    """Data go in, σ = √Var (population, 1/n) comes out [L8108]."""
    return np.sqrt(variance(x, axis=axis))


def standardize(x, axis=None) -> np.ndarray:
    """Data go in, z-scores x′ᵢ = (xᵢ − μ)/σ come out (population σ) [L8125].

    Example [L8160]: the heights of E16-8 give ≃ (−0.56, −1.46, 1.36, 0.59, −1.20, …).
    """
    x = _array(x, "x")
    s = std(x, axis=axis)
    if np.any(s == 0):
        raise ValueError("standardize needs σ > 0 (the data are constant)")
    mu = np.mean(x, axis=axis, keepdims=True)
    return (x - mu) / (s if axis is None else np.expand_dims(s, axis))


def gaussian_pdf(x, mu: float = 0.0, sigma: float = 1.0):
    """Points go in, f(x) = 1/(σ√(2π)) · e^{−½((x−μ)/σ)²} comes out [L8086]."""
    if not sigma > 0:
        raise ValueError(f"sigma must be > 0, got {sigma!r}")
    u = (_array(x, "x") - mu) / sigma
    return np.exp(-0.5 * u**2) / (sigma * np.sqrt(2 * np.pi))


def normal_interval(mu: float, sigma: float, k: float = 2.0) -> tuple[float, float]:
    """μ, σ and k go in, [μ − kσ, μ + kσ] comes out (k = 2: about 95 % of the mass [L8152])."""
    return float(mu - k * sigma), float(mu + k * sigma)


def expectation(values, probs) -> float:
    """Values and their probabilities go in, E[X] = Σ pᵢ xᵢ comes out."""
    v, p = _distribution(values, probs)
    return float(p @ v)


def variance_of(values, probs) -> float:
    """Values and their probabilities go in, Var X = Σ pᵢ (xᵢ − E[X])² comes out."""
    v, p = _distribution(values, probs)
    return float(p @ (v - p @ v) ** 2)


def _distribution(values, probs) -> tuple[np.ndarray, np.ndarray]:
    v, p = _same_shape(values, probs)
    if v.ndim != 1 or (p < 0).any() or not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-9):
        raise ValueError("probs must be a 1-D list of non-negative numbers summing to 1")
    return v, p


# §4 Dropout -----------------------------------------------------------------------------------

def _generator(rng) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError("rng must be a numpy Generator or an int seed")


def bernoulli(p: float, size, rng) -> np.ndarray:
    """p, a shape and a Generator (or seed) go in, 0/1 draws with P(1) = p come out [L8195]."""
    if not 0 <= p <= 1:
        raise ValueError(f"p must be in [0, 1], got {p!r}")
    return (_generator(rng).random(size) < p).astype(float)


def keep_count_pmf(k: int, n: int, p: float) -> float:
    """k, n, p go in, P(exactly k of n neurons kept) = C(n,k) pᵏ (1−p)ⁿ⁻ᵏ comes out."""
    if not (0 <= k <= n and 0 <= p <= 1):
        raise ValueError("need 0 ≤ k ≤ n and 0 ≤ p ≤ 1")
    return comb(n, k) * p**k * (1 - p) ** (n - k)


def dropout(x, *, keep=None, rate=None, training: bool = True, rng=None, return_mask=False):
    """Activations go in, inverted-dropout activations come out (and the mask if asked).

    Training: each entry kept with probability p (Bernoulli(p)), kept ones ×1/p, others 0, so
    E[output] = x [L8218]. Test (training=False): identity [L8230]. p = keep = 1 − rate.
    x: any shape → same shape.
    """
    if (keep is None) == (rate is None):
        raise ValueError("give exactly one of keep (the book's p) or rate (Keras' rate)")
    p = keep if keep is not None else 1 - rate
    if not 0 < p <= 1:
        raise ValueError(f"keep probability must be in (0, 1], got {p!r}")
    x = _array(x, "x")
    mask = bernoulli(p, x.shape, rng) if training else np.ones_like(x)
    out = x * mask / p if training else x.copy()
    return (out, mask) if return_mask else out
