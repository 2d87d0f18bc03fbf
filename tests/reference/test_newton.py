"""Tests for reference.newton (chapter 1 §5): oracles scipy.optimize.newton, mpmath, exact
Fraction arithmetic and the book's printed values (1-E29 … 1-E32)."""

import decimal
import math
from decimal import Decimal
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from reference.newton import (
    NewtonDerivativeZeroError,
    cube_root_digits,
    newton,
    newton_step,
    newton_trace,
)

# ∛100 to 1000 decimals as printed by the book [L1086–1109] (x₁₃ of Newton from 10).
BOOK_DIGITS = (
    "64158883361277889241007635091944657655134912501124"
    "36376506928586847778696928448261899590708975713798"
    "41543308228265404820510270287495774377362322395030"
    "21465094177426719650916295452146089763366938104116"
    "28606533596551384853869619496157227826277315767548"
    "83017169207448098556934156362916689287996611195246"
    "16679670077293548124686871765259065725471337341531"
    "84860446462178977769897212428546914463963789526871"
    "82014556020545505584013855637728160923375212916394"
    "80860747839555773984257273946686109226799406050704"
    "02442029854177300120407410232413879663173270034106"
    "06737496780919282092017340424063011069619562088429"
    "61382086140688243128977537380423154514270094830453"
    "92228536191076596869380984898548880361175285974621"
    "54055836006657079466872481552449410810797956289034"
    "29915634432197012553305943982255082950700356942961"
    "35930373637320850012819533899529732642969005258003"
    "48542372295980181985171325034488774422768662481827"
    "78772197705070286933786368810026273023928761425717"
    "31457550215784934201074501143121549887585570334866"
)


def cube(x):
    return x**3 - 100  # f(x) = x³ − 100


def cube_prime(x):
    return 3 * x**2  # f'(x) = 3x²


def g_prime(x):
    return 2 * x - math.cos(x)  # f = g' for g(x) = x² − sin x + 1


def g_second(x):
    return 2 + math.sin(x)  # f' = g'' > 0


def close_to_printed(value, printed):
    """Book decimals may be truncated: accept one unit of the last printed digit either way."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) < 10.0**-decimals


def test_cube_root_of_100_exact_first_steps():
    """1-E29: from 10, x₁ = 7 and x₂ = 262/49 exactly with Fractions (f(x₀)=900, f'(x₀)=300)?"""
    assert (cube(Fraction(10)), cube_prime(Fraction(10))) == (900, 300)
    assert (cube(Fraction(7)), cube_prime(Fraction(7))) == (243, 147)
    trace = newton_trace(cube, cube_prime, Fraction(10), 2)
    assert trace == [10, 7, Fraction(262, 49)]
    assert all(type(t) is Fraction for t in trace)
    assert newton(cube, cube_prime, Fraction(10), 2) == Fraction(262, 49)


def test_cube_root_of_100_float_sequence():
    """1-E29: x₂ … x₆ as printed (5.3469…, 4.7305…, 4.6432…, 4.6415894…, 4.641588833612…)?"""
    xs = newton_trace(cube, cube_prime, 10.0, 6)
    expected = [
        10,
        7,
        5.346938775510204,
        4.730544697338174,
        4.643251125186131,
        4.641589428644893,
        4.641588833612855,
    ]
    for got, want in zip(xs, expected, strict=True):
        assert got == pytest.approx(want, rel=1e-14)
    printed = ["5.3469", "4.7305", "4.6432", "4.6415894", "4.641588833612"]
    assert all(close_to_printed(v, p) for v, p in zip(xs[2:], printed, strict=True))
    root = 100 ** (1 / 3)
    assert abs(xs[6] - root) < 1e-12 and abs(xs[5] - root) > 1e-7  # x₅: 5 good decimals only
    errors = [abs(v - root) for v in xs]
    assert all(e1 < e0 for e0, e1 in zip(errors, errors[1:], strict=False))


def test_sign_error_would_give_13():
    """Feedback fact: x + f/f' gives 13 instead of x₁ = 7 — does our step subtract?"""
    assert newton_step(cube, cube_prime, 10) == 7


def test_decimal_and_fraction_run_unchanged():
    """Does newton run unchanged with Decimal (prec 50) and agree with mpmath's cbrt?"""
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        x8 = newton(cube, cube_prime, Decimal(10), 8)
    assert isinstance(x8, Decimal)
    with mpmath.workdps(60):
        assert abs(mpmath.mpf(str(x8)) - mpmath.cbrt(100)) < mpmath.mpf(10) ** -45


def test_thousand_digits_after_13_iterations():
    """1-E30: with Decimal at 1010 digits, is x₁₃ from 10 the book's 1000 decimals (x₁₂ not)?"""
    digits = "".join(BOOK_DIGITS)
    with mpmath.workdps(1100):
        assert mpmath.nstr(mpmath.cbrt(100), 1050, strip_zeros=False)[2:1002] == digits
    with decimal.localcontext() as ctx:
        ctx.prec = 1010
        trace = newton_trace(cube, cube_prime, Decimal(10), 13)
    as_text = [f"{t:f}"[2:1002] for t in trace[12:]]
    assert as_text[1] == digits
    assert as_text[0] != digits
    assert cube_root_digits(100, 1000) == "4." + digits


@settings(max_examples=40, deadline=None)
@given(st.integers(-(10**9), 10**9), st.integers(0, 60))
def test_cube_root_digits_match_mpmath(a, digits):
    """Is cube_root_digits(a, d) mpmath's ∛a truncated to d decimals?"""
    with mpmath.workdps(digits + 40):
        root = mpmath.cbrt(abs(a))
        scaled = mpmath.floor(root * mpmath.mpf(10) ** digits)
    text = str(int(scaled)).rjust(digits + 1, "0")
    expected = text[:-digits] + "." + text[-digits:] if digits else text
    if a < 0 and int(scaled) != 0:
        expected = "-" + expected
    assert cube_root_digits(a, digits) == expected


def test_cube_root_digits_small_cases():
    """Book x₆ (12 decimals), exact cubes, 0, a < 1 and bad digit counts?"""
    assert cube_root_digits(100, 12) == "4.641588833612"
    assert cube_root_digits(27, 3) == "3.000" and cube_root_digits(-8, 2) == "-2.00"
    assert cube_root_digits(0, 4) == "0.0000" and cube_root_digits("0.001", 5) == "0.10000"
    assert cube_root_digits(100, 0) == "4"
    for bad in (-1, 2.5, True):
        with pytest.raises(ValueError):
            cube_root_digits(100, bad)


def test_minimum_of_g_from_0():
    """1-E31: Newton on g' = 2x − cos x from 0: x₁ = 0.5, x₂ = 0.4506266930…, x₃, x₄; g(ℓ)?"""
    xs = newton_trace(g_prime, g_second, 0.0, 4)
    assert xs[:2] == [0.0, 0.5]
    for v, p in zip(xs[2:], ["0.4506266930", "0.4501836475", "0.4501836112"], strict=True):
        assert close_to_printed(v, p)
    ell = 0.45018361129487357
    assert abs(xs[4] - ell) < 1e-12
    bounds = [1, 1e-1, 1e-3, 1e-7, 1e-15]
    assert all(abs(v - ell) <= b for v, b in zip(xs, bounds, strict=True))
    assert close_to_printed(xs[4] ** 2 - math.sin(xs[4]) + 1, "0.7675344248")


def test_minimum_of_g_from_10():
    """1-E32: from x₀ = 10, is x₁ … x₇ the book's sequence to 1e−9?"""
    printed = [
        "-4.3127566511",
        "-1.4932228819",
        "1.5615319504",
        "0.5235838839",
        "0.4511295428",
        "0.4501837766",
        "0.4501836112",
    ]
    xs = newton_trace(g_prime, g_second, 10.0, 7)
    assert all(close_to_printed(v, p) for v, p in zip(xs[1:], printed, strict=True))
    assert all(abs(v - float(p)) < 1e-9 for v, p in zip(xs[1:], printed, strict=True))


@pytest.mark.parametrize("x0", [0.0, 10.0, -3.0])
def test_same_root_as_scipy_newton(x0):
    """Does our ℓ agree with scipy.optimize.newton (with fprime) on g' = 2x − cos x?"""
    ours = newton(g_prime, g_second, x0, 12)
    theirs = optimize.newton(g_prime, x0, fprime=g_second, tol=1e-15, maxiter=50)
    assert ours == pytest.approx(theirs, rel=1e-15, abs=1e-15)


def test_exactly_n_iterations_no_early_stop():
    """Are there always n + 1 terms, even after convergence, and newton = last term?"""
    xs = newton_trace(g_prime, g_second, 0.0, 20)
    assert len(xs) == 21
    assert newton(g_prime, g_second, 0.0, 20) == xs[-1]
    assert newton(cube, cube_prime, 10.0, 0) == 10.0
    assert newton_trace(cube, cube_prime, 10.0, 0) == [10.0]
    calls = []
    newton(lambda t: calls.append(t) or t * t - 2, lambda t: 2 * t, 1.0, 30)
    assert len(calls) == 30


@settings(max_examples=60, deadline=None)
@given(st.floats(1, 100))
def test_square_roots(a):
    """For f(x) = x² − a, a ∈ [1, 100], x₀ = a, do 8 iterations give |x − √a| < 1e−12?"""
    x8 = newton(lambda t: t * t - a, lambda t: 2 * t, a, 8)
    assert abs(x8 - math.sqrt(a)) < 1e-12
    assert x8 == pytest.approx(optimize.newton(lambda t: t * t - a, a, fprime=lambda t: 2 * t))


def test_horizontal_tangent_raises():
    """Does f'(x) = 0 raise a ValueError (also a ZeroDivisionError) naming the step?"""
    with pytest.raises(NewtonDerivativeZeroError, match="step 1: f'\\(x\\) = 0"):
        newton(lambda t: t * t - 2, lambda t: 2 * t, 0.0, 3)
    with pytest.raises(ValueError):
        newton_trace(lambda t: t * t - 2, lambda t: 2 * t, Fraction(0), 3)
    with pytest.raises(ZeroDivisionError):
        newton(lambda t: t * t - 2, lambda t: 2 * t, 0, 1)


@pytest.mark.parametrize("n", [-1, 2.5, True, "3"])
def test_bad_iteration_counts(n):
    """Is a count that is not an integer ≥ 0 rejected?"""
    with pytest.raises(ValueError, match="iterations"):
        newton(cube, cube_prime, 10.0, n)
