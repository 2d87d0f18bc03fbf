"""Polynomial multiplication as a convolution (chapter 13 §3.3).

A polynomial P = a_n Xⁿ + … + a_1 X + a_0 is coded by its coefficient list
[P] = (a_n, …, a_1, a_0), **highest degree first** as in the book [L7125–7133], and
[P × Q] = [P] ⋆̃ [Q], the extended ('full') convolution [L7133]. Example [L7137–7151]:
(1, 2, 3, 4) ⋆̃ (5, 6, 7) = (5, 16, 34, 52, 45, 28): P × Q = 5X⁵ + 16X⁴ + 34X³ + 52X² + 45X + 28.

Reversing both lists (lowest degree first, numpy.polynomial's order) gives the reversed product,
because reversal commutes with the full convolution; the two orders must not be mixed.
"""

from __future__ import annotations

import numpy as np

from reference.convolution1d import WindowStep, conv1d, conv1d_trace


def _coefficients(P, name: str) -> np.ndarray:
    arr = np.asarray(P, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D list of coefficients, got {arr.shape}")
    return arr


def poly_multiply(P, Q) -> np.ndarray:
    """Two coefficient lists go in (highest degree first), the product's list comes out.

    [P × Q] = [P] ⋆̃ [Q], i.e. c_k = Σ_{i+j=k} p_i q_j (indices counted from the left).
    P: (n+1,), Q: (m+1,) → (n+m+1,). No trimming of leading zeros.
    """
    return conv1d(_coefficients(P, "P"), _coefficients(Q, "Q"), "full")


def poly_multiply_trace(P, Q, k: int) -> WindowStep:
    """Two coefficient lists and an index k go in, the products summed into c_k come out.

    c_k = Σ_{i+j=k} p_i q_j: the window of P facing the reversed Q (virtual zeros included).
    """
    return conv1d_trace(_coefficients(P, "P"), _coefficients(Q, "Q"), k, "full")


def poly_product(*polys) -> np.ndarray:
    """Several coefficient lists go in, the list of their product comes out.

    [P₁ × … × P_r] = [P₁] ⋆̃ … ⋆̃ [P_r] (associativity of ⋆̃, ch13 §1.3).
    """
    if not polys:
        raise ValueError("need at least one polynomial")
    result = _coefficients(polys[0], "P1")
    for i, P in enumerate(polys[1:], start=2):
        result = conv1d(result, _coefficients(P, f"P{i}"), "full")
    return result


def poly_eval(P, x):
    """A coefficient list (highest degree first) and x go in, P(x) comes out (Horner).

    P(x) = (…((a_n x + a_{n−1}) x + a_{n−2}) …) x + a_0. x: scalar or array → same shape.
    """
    value = np.zeros_like(np.asarray(x, dtype=float))
    for a in _coefficients(P, "P"):
        value = value * x + a
    return value
