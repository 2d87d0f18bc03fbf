"""Tests for reference.polynomials (chapter 13 §3.3)."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.polynomial import polynomial as npoly

from reference.polynomials import poly_eval, poly_multiply, poly_multiply_trace, poly_product

TOL = {"rtol": 1e-12, "atol": 1e-9}
SETTINGS = settings(max_examples=60, deadline=None)
coeffs = st.lists(st.integers(-9, 9), min_size=1, max_size=7)


def test_book_example_E13_8():
    """Does (1,2,3,4) ⋆̃ (5,6,7) give (5,16,34,52,45,28), i.e. 5X⁵+16X⁴+34X³+52X²+45X+28?"""
    np.testing.assert_allclose(poly_multiply([1, 2, 3, 4], [5, 6, 7]), [5, 16, 34, 52, 45, 28],
                               **TOL)


def test_trace_of_one_coefficient():
    """Does the trace of c₂ list the products 1·7, 2·6, 3·5 summing to 34?"""
    step = poly_multiply_trace([1, 2, 3, 4], [5, 6, 7], 2)
    np.testing.assert_allclose(sorted(step.products), [7, 12, 15], **TOL)
    assert step.value == pytest.approx(34)


@SETTINGS
@given(coeffs, coeffs)
def test_matches_numpy_polymul_in_reversed_order(P, Q):
    """Does it match numpy.polynomial.polynomial.polymul (lowest degree first) after reversal?"""
    expected = npoly.polymul(P[::-1], Q[::-1])[::-1]
    result = poly_multiply(P, Q)
    # polymul trims trailing zeros of the low-first list (= our leading zeros)
    np.testing.assert_allclose(result[result.size - expected.size :], expected, **TOL)
    np.testing.assert_allclose(result[: result.size - expected.size], 0, atol=1e-12)


@SETTINGS
@given(coeffs, coeffs)
def test_matches_sympy_poly_product(P, Q):
    """Does it match sympy's Poly product coefficients (highest degree first)?"""
    X = sp.Symbol("X")
    product = sp.Poly(P, X) * sp.Poly(Q, X)
    result = poly_multiply(P, Q)
    if product.is_zero:
        np.testing.assert_allclose(result, 0, atol=1e-12)
        return
    expected = [float(c) for c in product.all_coeffs()]
    np.testing.assert_allclose(np.trim_zeros(result, "f"), expected, **TOL)


@SETTINGS
@given(coeffs, coeffs, st.floats(-2, 2))
def test_product_evaluates_to_the_product_of_values(P, Q, x):
    """Is [P × Q](x) = P(x)·Q(x), with poly_eval matching numpy.polyval?"""
    assert poly_eval(P, x) == pytest.approx(np.polyval(P, x), rel=1e-12, abs=1e-9)
    assert poly_eval(poly_multiply(P, Q), x) == pytest.approx(
        poly_eval(P, x) * poly_eval(Q, x), rel=1e-9, abs=1e-9)


@SETTINGS
@given(coeffs, coeffs, coeffs)
def test_product_of_several_is_associative(P, Q, R):
    """Is [P×Q×R] = ([P] ⋆̃ [Q]) ⋆̃ [R] = [P] ⋆̃ ([Q] ⋆̃ [R])?"""
    np.testing.assert_allclose(poly_product(P, Q, R), poly_multiply(poly_multiply(P, Q), R), **TOL)
    np.testing.assert_allclose(poly_product(P, Q, R), poly_multiply(P, poly_multiply(Q, R)), **TOL)
    np.testing.assert_allclose(poly_product(P), P, **TOL)


def test_mixing_coefficient_orders_is_wrong():
    """Does reversing only one list give a wrong product (the mixed-order bug of I13-3)?"""
    P, Q = [1, 2, 3, 4], [5, 6, 7]
    assert not np.allclose(poly_multiply(P, Q[::-1]), [5, 16, 34, 52, 45, 28])
    np.testing.assert_allclose(poly_multiply(P[::-1], Q[::-1]), [28, 45, 52, 34, 16, 5], **TOL)


def test_array_evaluation_and_errors():
    """Does poly_eval work on arrays, and are empty or 2-D lists rejected?"""
    np.testing.assert_allclose(poly_eval([1, 0, -1], np.array([0.0, 1.0, 2.0])), [-1, 0, 3], **TOL)
    for bad in ([], [[1, 2]]):
        with pytest.raises(ValueError):
            poly_multiply(bad, [1])
    with pytest.raises(ValueError):
        poly_product()
