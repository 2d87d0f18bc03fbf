"""Tests for reference.autodiff (chapter 1 §2): oracles finite differences, sympy.diff and
TensorFlow's GradientTape (tests marked tf; TensorFlow is imported only in this test module)."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import reference.autodiff as ad
from reference.autodiff import Value, grad, sequential_derivatives

E2 = math.exp(2)


@pytest.fixture(scope="module")
def tf():
    return pytest.importorskip("tensorflow")


# --- the book's worked facts ------------------------------------------------------------------
def test_square_then_add_one():
    """1-E12: does 2 → 4 → 5 (x² + 1) give 5, with derivative 2x₀ = 4?"""
    assert grad(lambda t: t**2 + 1, 2) == (5.0, (4.0,))


def test_plus_and_times_nodes():
    """1-E13 / 1-E19: 6 ⊕ 7 = 13, 6 ⊗ 7 = 42; 2 ⊕ 3 has locals [1],[1]; 2 ⊗ 3 has [3],[2]?"""
    assert (Value(6) + Value(7)).data == 13.0
    assert (Value(6) * Value(7)).data == 42.0
    a, b = Value(2), Value(3)
    s, p = a + b, a * b
    assert (s.data, s.local_derivatives) == (5.0, (1.0, 1.0))
    assert (p.data, p.local_derivatives) == (6.0, (3.0, 2.0))
    assert s.children == (a, b) and p.children == (a, b)


def test_activity_graph_gives_5():
    """1-E14: (2 ⊗ 8) ⊕ 3² then √ gives 5; gradient of √(xy + z²) is (y/10, x/10, z/5)?"""
    value, g = grad(lambda x, y, z: ad.sqrt(x * y + z**2), 2, 8, 3)
    assert value == pytest.approx(5.0, rel=1e-15)
    np.testing.assert_allclose(g, (0.8, 0.2, 0.6), rtol=1e-14)


def test_three_local_derivatives():
    """1-E15: ln at 2 has [1/2]; e^{−2x} at −1 is e² with [−2e²]; x² at 3 is 9 with [6]?"""
    assert Value(2).log().local_derivatives == (0.5,)
    value, (d,) = grad(lambda t: ad.exp(-2 * t), -1)
    assert value == pytest.approx(E2, rel=1e-15) and d == pytest.approx(-2 * E2, rel=1e-15)
    assert (Value(3) ** 2).data == 9.0
    assert (Value(3) ** 2).local_derivatives == (6.0,)


@pytest.mark.parametrize("x0, expected", [(3, -12 * math.sin(18)), (4, -16 * math.sin(32))])
def test_cos_2x2(x0, expected):
    """1-E16 / 1-E17: F(x) = cos(2x²) gives F'(3) = −12 sin 18 ≈ 9.0118, F'(4) = −16 sin 32?"""
    value, (d,) = grad(lambda t: ad.cos(2 * t**2), x0)
    assert value == pytest.approx(math.cos(2 * x0**2), rel=1e-15)
    assert d == pytest.approx(expected, rel=1e-13)
    if x0 == 3:
        assert d == pytest.approx(9.011846961260114, rel=1e-13)
    else:
        assert d == pytest.approx(-8.82282689986705, rel=1e-13)


def test_cos_2x2_sequential_exact():
    """1-E16: values (3, 18, cos 18), sequential derivatives (−12 sin 18, −sin 18, 1), exact?"""
    values, seq = sequential_derivatives(
        [lambda t: 2 * t**2, sp.cos], [lambda t: 4 * t, lambda t: -sp.sin(t)], sp.Integer(3)
    )
    assert values == [3, 18, sp.cos(18)]
    assert seq == [-12 * sp.sin(18), -sp.sin(18), 1]


@pytest.mark.parametrize(
    "x0, expected",
    [(math.e, 3 * math.e), (1.0, 0.0), (2.0, 2.7331749503621516)],
)
def test_three_functions(x0, expected):
    """1-E18: F = exp((ln x)³ + 1) has F'(e) = 3e, F'(1) = 0, F'(2) = (3/2)(ln 2)² e^{(ln 2)³+1}?"""
    _, (d,) = grad(lambda t: ad.exp(ad.log(t) ** 3 + 1), x0)
    assert d == pytest.approx(expected, rel=1e-14, abs=1e-15)


def test_three_functions_sequential_exact():
    """1-E18: e → 1 [1/e] → 2 [3] → e² [e²]; {{e² × 3 × 1/e}} = 3e, computed right to left?"""
    values, seq = sequential_derivatives(
        [sp.log, lambda t: t**3 + 1, sp.exp], [lambda t: 1 / t, lambda t: 3 * t**2, sp.exp], sp.E
    )
    assert values == [sp.E, 1, 2, sp.exp(2)]
    assert seq == [3 * sp.E, 3 * sp.exp(2), sp.exp(2), 1]


@settings(max_examples=30, deadline=None)
@given(st.floats(-1.9, 5))
def test_plus_and_times_with_constants(x0):
    """1-E20: does the ⊕ graph of ln(x + 2) give 1/(x+2), and the ⊗ graph of exp(3x) 3e^{3x}?"""
    assert grad(lambda t: ad.log(t + 2), x0)[1][0] == pytest.approx(1 / (x0 + 2), rel=1e-14)
    assert grad(lambda t: ad.exp(3 * t), x0)[1][0] == pytest.approx(3 * math.exp(3 * x0), rel=1e-14)


def test_duplicated_input_paths_are_summed():
    """1-E21: F = eˣ ln x at 2 is e² ln 2 with F'(2) = (ln 2 + ½)e², the sum over both paths?"""
    value, (d,) = grad(lambda t: ad.exp(t) * ad.log(t), 2)
    assert value == pytest.approx(5.121703401973049, rel=1e-15)
    assert d == pytest.approx(8.816231451438373, rel=1e-15)
    assert d == pytest.approx((math.log(2) + 0.5) * E2, rel=1e-15)
    # overwriting instead of summing would give one path only:
    assert not math.isclose(d, E2 * math.log(2)) and not math.isclose(d, E2 / 2)


@pytest.mark.parametrize(
    "f, x0, expected",
    [
        (lambda t: t * t, 3.0, 6.0),
        (lambda t: t + t, 3.0, 2.0),
        (lambda t: t * t * t, 2.0, 12.0),
        (lambda t: (t * t) * (t + 1), 2.0, 16.0),
    ],
)
def test_same_node_used_twice(f, x0, expected):
    """Are several uses of one Value (x·x, x + x, x·x·x) all accumulated?"""
    assert grad(f, x0)[1][0] == pytest.approx(expected, rel=1e-15)


def test_backward_twice_gives_the_same_grads():
    """Does a second backward() reset the grads instead of doubling them?"""
    x = Value(2.0)
    out = ad.exp(x) * ad.log(x)
    out.backward()
    first = x.grad
    out.backward()
    assert x.grad == first


def test_show_work_lists_values_locals_and_globals():
    """Does show_work print each node with value, [local] and {{global}}, output first?"""
    x = Value(2.0, label="x")
    text = (ad.exp(x) * ad.log(x)).show_work()
    lines = text.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("F = v1 * v2 = 5.121703402")
    assert "{{dF/dF = 1}}" in lines[0]
    assert "[dF/dv1 = 0.6931471806, dF/dv2 = 7.389056099]" in lines[0]
    assert lines[-1] == "x = 2  (input)  {{dF/dx = 8.816231451}}"
    assert "[dv2/dx = 0.5]" in text and "[dv1/dx = 7.389056099]" in text


def test_show_work_on_a_chain_goes_right_to_left():
    """1-E16: for cos(2x²) at 3, are lines ordered cos node, 2x² nodes, …, then x last?"""
    x = Value(3.0, label="x")
    lines = ad.cos(2 * x**2).show_work().splitlines()
    assert lines[0].startswith("F = cos(")
    assert "{{dF/dF = 1}}" in lines[0]
    assert lines[-1].startswith("x = 3  (input)  {{dF/dx = 9.01184696")


# --- sequential derivatives: cost and correctness ---------------------------------------------
class CountingFloat(float):
    """A float that counts the multiplications it takes part in."""

    count = 0

    def __mul__(self, other):
        CountingFloat.count += 1
        return CountingFloat(float(self) * float(other))

    __rmul__ = __mul__


@pytest.mark.parametrize("n", [1, 2, 3, 10, 50])
def test_sequential_derivatives_use_n_products(n):
    """1-E22: are all {{dF/dxᵢ}} obtained with n multiplications, not n(n+1)/2?"""
    funcs = [math.sin] * n
    dfuncs = [lambda t: CountingFloat(math.cos(t))] * n
    CountingFloat.count = 0
    values, seq = sequential_derivatives(funcs, dfuncs, 0.3)
    assert CountingFloat.count == n
    assert len(values) == len(seq) == n + 1 and seq[-1] == 1
    # the same derivatives without the recurrence cost n(n+1)/2 products:
    CountingFloat.count = 0
    local = [CountingFloat(math.cos(v)) for v in values[:-1]]
    naive = []
    for i in range(n + 1):
        prod = 1
        for d in reversed(local[i:]):
            prod = prod * d
        naive.append(prod)
    assert CountingFloat.count == n * (n + 1) // 2
    np.testing.assert_allclose(seq, naive, rtol=1e-15)


def test_sequential_derivatives_check_lengths():
    """Are mismatched lists of functions and derivatives rejected?"""
    with pytest.raises(ValueError):
        sequential_derivatives([math.sin, math.cos], [math.cos], 1.0)
    assert sequential_derivatives([], [], 2.0) == ([2.0], [1])


CHAIN = {
    "sin": (sp.sin, math.sin, math.cos),
    "exp": (sp.exp, math.exp, math.exp),
    "sq": (lambda u: u**2, lambda t: t * t, lambda t: 2 * t),
    "cube+1": (lambda u: u**3 + 1, lambda t: t**3 + 1, lambda t: 3 * t * t),
    "ln(1+x²)": (
        lambda u: sp.log(1 + u**2),
        lambda t: math.log(1 + t * t),
        lambda t: 2 * t / (1 + t * t),
    ),
    "2x": (lambda u: 2 * u, lambda t: 2 * t, lambda t: 2.0),
}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted(CHAIN)), min_size=1, max_size=5), st.floats(-1, 1))
def test_sequential_derivatives_match_sympy(names, x0):
    """For random chains, do {{dF/dx₀}} and every {{dF/dxᵢ}} match sympy.diff?"""
    u = sp.Symbol("u")
    try:
        values, seq = sequential_derivatives(
            [CHAIN[n][1] for n in names], [CHAIN[n][2] for n in names], x0
        )
    except OverflowError:
        assume(False)  # e.g. exp after three x³ + 1: e^730 is not a float
    for i in range(len(names) + 1):
        tail = u
        for n in names[i:]:
            tail = CHAIN[n][0](tail)
        exact = float(sp.lambdify(u, sp.diff(tail, u), "mpmath")(values[i]))
        assert seq[i] == pytest.approx(exact, rel=1e-9, abs=1e-12)


# --- random multivariate functions: finite differences, sympy, TensorFlow ---------------------
def _lib_ad():
    return {
        "exp": ad.exp,
        "sin": ad.sin,
        "cos": ad.cos,
        "tanh": ad.tanh,
        "sigmoid": ad.sigmoid,
        "log1p2": lambda u: ad.log(1 + u * u),
        "sqrt1p2": lambda u: ad.sqrt(1 + u * u),
    }


def _lib_sympy():
    return {
        "exp": sp.exp,
        "sin": sp.sin,
        "cos": sp.cos,
        "tanh": sp.tanh,
        "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),
        "log1p2": lambda u: sp.log(1 + u * u),
        "sqrt1p2": lambda u: sp.sqrt(1 + u * u),
    }


def _lib_tf(tf):
    ops = {
        "exp": tf.exp,
        "sin": tf.sin,
        "cos": tf.cos,
        "tanh": tf.tanh,
        "sigmoid": tf.sigmoid,
        "log1p2": lambda u: tf.math.log(1 + u * u),
        "sqrt1p2": lambda u: tf.sqrt(1 + u * u),
    }
    # constants of the tree are Python floats: make them float64 tensors first
    return {k: (lambda u, op=op: op(tf.convert_to_tensor(u, tf.float64))) for k, op in ops.items()}


def build(tree, env, lib):
    """Evaluate an expression tree with the variables env and the unary functions lib."""
    kind = tree[0]
    if kind == "var":
        return env[tree[1]]
    if kind == "const":
        return tree[1]
    if kind in lib:
        return lib[kind](build(tree[1], env, lib))
    a, b = build(tree[1], env, lib), build(tree[2], env, lib)
    if kind == "add":
        return a + b
    if kind == "sub":
        return a - b
    if kind == "mul":
        return a * b
    if kind == "div":
        return a / (1 + b * b)
    return a**3 if kind == "cube" else 2.5 - a  # "cube" ignores b; "rsub" tests __rsub__


TREES = st.recursive(
    st.sampled_from([("var", 0), ("var", 1), ("var", 2), ("const", 1.5)]),
    lambda kids: (
        st.tuples(st.sampled_from(sorted(_lib_ad())), kids)
        | st.tuples(st.sampled_from(["add", "sub", "mul", "div", "cube", "rsub"]), kids, kids)
    ),
    max_leaves=6,
)
POINTS = st.tuples(*[st.floats(-1.2, 1.2)] * 3)


@settings(max_examples=60, deadline=None)
@given(TREES, POINTS)
def test_grad_matches_sympy_and_finite_differences(tree, point):
    """For random f(x, y, z), does grad agree with sympy.diff and central differences?"""
    value, g = grad(lambda *v: ad.Value(0.0) + build(tree, v, _lib_ad()), *point)
    syms = sp.symbols("x y z")
    expr = build(tree, syms, _lib_sympy())
    subs = dict(zip(syms, point, strict=True))
    assert value == pytest.approx(float(sp.sympify(expr).subs(subs)), rel=1e-12, abs=1e-12)
    for i, s in enumerate(syms):
        assert g[i] == pytest.approx(float(sp.diff(expr, s).subs(subs)), rel=1e-9, abs=1e-10)
        h = 1e-6
        plus, minus = list(point), list(point)
        plus[i] += h
        minus[i] -= h
        fd = (build(tree, plus, _lib_ad()) - build(tree, minus, _lib_ad())) / (2 * h)
        assert g[i] == pytest.approx(fd, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize(
    "op, x0, expected_value, expected_grad",
    [
        (lambda t: 1 / t, 4.0, 0.25, -1 / 16),
        (lambda t: t / 4, 2.0, 0.5, 0.25),
        (lambda t: 5 - t, 2.0, 3.0, -1.0),
        (lambda t: -t, 2.0, -2.0, -1.0),
        (lambda t: ad.sqrt(t), 4.0, 2.0, 0.25),
        (lambda t: ad.sigmoid(t), 0.0, 0.5, 0.25),
        (lambda t: ad.tanh(t), 0.0, 0.0, 1.0),
        (lambda t: ad.relu(t), 2.0, 2.0, 1.0),
        (lambda t: ad.relu(t), -2.0, 0.0, 0.0),
        (lambda t: ad.relu(t), 0.0, 0.0, 0.0),
        (lambda t: t**0, 0.0, 1.0, 0.0),
        (lambda t: ad.sigmoid(t), -1000.0, 0.0, 0.0),
    ],
)
def test_derived_operations(op, x0, expected_value, expected_grad):
    """Do −, /, √, σ, th and ReLU (ReLU'(0) := 0) give the right value and derivative?"""
    value, (d,) = grad(op, x0)
    assert value == pytest.approx(expected_value, abs=1e-15)
    assert d == pytest.approx(expected_grad, abs=1e-15)


def test_module_functions_work_on_floats():
    """Do ad.exp, ad.log, … accept plain numbers (so f can be evaluated without Values)?"""
    assert ad.exp(1.0) == math.e and ad.log(math.e) == 1.0
    assert ad.sigmoid(0.0) == 0.5 and ad.relu(-3) == 0.0 and ad.tanh(0.0) == 0.0
    assert ad.sqrt(9.0) == 3.0 and ad.sin(0.0) == 0.0 and ad.cos(0.0) == 1.0


def test_invalid_inputs_raise_clear_errors():
    """Are bad data, ln of x ≤ 0, a Value exponent and a non-Value output rejected?"""
    with pytest.raises(TypeError):
        Value("abc")
    with pytest.raises(TypeError):
        Value(True)
    with pytest.raises(ValueError, match="ln"):
        Value(-1.0).log()
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(ValueError, match="real"):
        Value(-2.0) ** 0.5
    with pytest.raises(ValueError, match="differentiable"):
        Value(0.0) ** 0.5
    with pytest.raises(TypeError, match="return a Value"):
        grad(lambda t: 3.0, 1.0)
    with pytest.raises(ValueError):
        grad(lambda: Value(1.0))


def test_long_chain_has_no_recursion_limit():
    """Does backward work on a chain of 5000 nodes (iterative topological sort)?"""
    x = Value(0.5)
    out = x
    for _ in range(5000):
        out = out * 1.0001
    out.backward()
    assert x.grad == pytest.approx(1.0001**5000, rel=1e-10)


@pytest.mark.tf
def test_book_examples_match_tensorflow(tf):
    """Do 1-E14, 1-E16 and 1-E21 agree with tf.GradientTape?"""
    cases = [
        (lambda a, b, c, m: m["sqrt"](a * b + c**2), (2.0, 8.0, 3.0)),
        (lambda a, m: m["cos"](2 * a**2), (3.0,)),
        (lambda a, m: m["exp"](a) * m["log"](a), (2.0,)),
    ]
    lib_ad = {"sqrt": ad.sqrt, "cos": ad.cos, "exp": ad.exp, "log": ad.log}
    lib_tf = {"sqrt": tf.sqrt, "cos": tf.cos, "exp": tf.exp, "log": tf.math.log}
    for f, point in cases:
        value, g = grad(lambda *v, f=f: f(*v, lib_ad), *point)
        tv = [tf.Variable(p, dtype=tf.float64) for p in point]
        with tf.GradientTape() as tape:
            out = f(*tv, lib_tf)
        np.testing.assert_allclose(value, out.numpy(), rtol=1e-14)
        np.testing.assert_allclose(g, [t.numpy() for t in tape.gradient(out, tv)], rtol=1e-13)


@pytest.mark.tf
@settings(max_examples=15, deadline=None)
@given(TREES, POINTS)
def test_random_functions_match_tensorflow(tf, tree, point):
    """For random f(x, y, z), does grad agree with tf.GradientTape in float64?"""
    value, g = grad(lambda *v: ad.Value(0.0) + build(tree, v, _lib_ad()), *point)
    tv = [tf.Variable(p, dtype=tf.float64) for p in point]
    with tf.GradientTape() as tape:
        out = tf.constant(0.0, tf.float64) + build(tree, tv, _lib_tf(tf))
    tg = [0.0 if t is None else t.numpy() for t in tape.gradient(out, tv)]
    np.testing.assert_allclose(value, out.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g, tg, rtol=1e-10, atol=1e-12)


@pytest.mark.tf
def test_relu_derivative_at_zero_matches_tensorflow(tf):
    """Is our ReLU'(0) = 0 the value TensorFlow uses?"""
    v = tf.Variable(0.0, dtype=tf.float64)
    with tf.GradientTape() as tape:
        out = tf.nn.relu(v)
    assert tape.gradient(out, v).numpy() == grad(ad.relu, 0.0)[1][0] == 0.0
