"""Chapter 1 §2 (Dérivation automatique): computation graphs, local and global derivatives.

The book's notation [L495–626]: each node of the computation graph carries its value, each edge
its *local derivative* written [·], and each node its *global derivative* {{dF/d node}}; the
global derivative of an input is the product of the local derivatives along each path from the
output back to the input, summed over the paths (Bilan [L620–625]); products are taken from
right to left [L533].

What is here
- `Value`: a micrograd-style scalar. Each operator computes its value *and*, right next to it,
  its local derivative(s) with respect to its operand(s). Only the primitives carry derivative
  code — ⊕ (+) with [1], [1]; ⊗ (×) with the swapped inputs [y₀], [x₀] [L588–594]; ** with a
  constant exponent (table: (xⁿ)' = n xⁿ⁻¹); exp, log, sin, cos (table [L309–318]). Derived
  operations are built from them (−, /, √) or carry their own local derivative where the book
  gives one (σ' = σ(1 − σ), Prop 5; th' = 1 − th², Prop 6; ReLU' ∈ {0, 1}).
- `Value.backward()`: reverse accumulation in topological order; `Value.show_work()`: the graph
  written out with [local] and {{global}} derivatives, right to left.
- `grad(f, *xs)`: value and all partial derivatives of a function of several variables.
- `sequential_derivatives(funcs, dfuncs, x0)`: §2.4, the recurrence
  {{dF/dxᵢ}} = {{dF/dxᵢ₊₁}} × [dfᵢ₊₁/dxᵢ] [L656], n products for n functions [L662].
- module functions exp, log, sin, cos, sqrt, tanh, sigmoid, relu that accept a Value or a float,
  so one Python function f can be evaluated on numbers and differentiated on Values.
"""

from __future__ import annotations

import math


class Value:
    """A scalar node: .data (value), .grad ({{dF/d this}} after backward()), local derivatives.

    _children: operand nodes; _local: [d this / d child] for each child, same order.
    """

    def __init__(self, data, _children=(), _op="", label="", _local=()):
        if isinstance(data, Value) or isinstance(data, bool):
            raise TypeError("Value(data) needs a real number")
        try:
            self.data = float(data)
        except (TypeError, ValueError) as err:
            raise TypeError(f"Value(data) needs a real number, got {data!r}") from err
        if len(_local) != len(_children):
            raise ValueError("one local derivative is needed per child")
        self.grad = 0.0
        self._prev = tuple(_children)
        self._local = tuple(float(d) for d in _local)
        self._op = _op
        self.label = label

    @property
    def children(self):
        """The operand nodes (inputs of this operation), in order."""
        return self._prev

    @property
    def local_derivatives(self):
        """[d this / d child] for each child, in the order of `children`."""
        return self._local

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    # --- primitives: forward rule and local derivative side by side --------------------------
    def __add__(self, other):  # ⊕: x₀ + y₀, locals [1], [1]
        other = _lift(other)
        return Value(self.data + other.data, (self, other), "+", _local=(1.0, 1.0))

    def __mul__(self, other):  # ⊗: x₀ y₀, locals swapped [y₀], [x₀]
        other = _lift(other)
        return Value(self.data * other.data, (self, other), "*", _local=(other.data, self.data))

    def __pow__(self, n):  # xⁿ, local [n xⁿ⁻¹], n a constant
        if isinstance(n, bool) or not isinstance(n, (int, float)):
            raise TypeError("Value ** n needs a constant int/float exponent n")
        if self.data < 0 and not float(n).is_integer():
            raise ValueError(f"{self.data} ** {n} is not a real number")
        if n == 0:  # x⁰ = 1, a constant: local [0]
            return Value(1.0, (self,), "**0", _local=(0.0,))
        if self.data == 0 and n < 1:
            raise ValueError(f"x ** {n} is not differentiable at x = 0")
        return Value(self.data**n, (self,), f"**{n}", _local=(n * self.data ** (n - 1),))

    def exp(self):  # eˣ, local [eˣ]
        e = math.exp(self.data)
        return Value(e, (self,), "exp", _local=(e,))

    def log(self):  # ln x, local [1/x]
        if self.data <= 0:
            raise ValueError(f"ln({self.data}) is undefined: ln needs x > 0")
        return Value(math.log(self.data), (self,), "log", _local=(1.0 / self.data,))

    def sin(self):  # sin x, local [cos x]
        return Value(math.sin(self.data), (self,), "sin", _local=(math.cos(self.data),))

    def cos(self):  # cos x, local [−sin x]
        return Value(math.cos(self.data), (self,), "cos", _local=(-math.sin(self.data),))

    # --- derived operations ---------------------------------------------------------------------
    def __neg__(self):  # −x = x × (−1): scalar multiple rule (λf)' = λf'
        return self * -1.0

    def __sub__(self, other):  # x − y = x ⊕ (−y): sum rule
        return self + (-_lift(other))

    def __truediv__(self, other):  # x / y = x ⊗ y⁻¹: quotient rule via product + power rules
        return self * _lift(other) ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return _lift(other) - self

    def __rtruediv__(self, other):
        return _lift(other) / self

    def sqrt(self):  # √x = x^{1/2}: table (√x)' = 1/(2√x)
        return self**0.5

    def tanh(self):  # th x, own local [1 − th² x] (Prop 6 differentiated)
        t = math.tanh(self.data)
        return Value(t, (self,), "tanh", _local=(1.0 - t * t,))

    def sigmoid(self):  # σ(x), own local [σ(1 − σ)] (Prop 5, item 5)
        s = _stable_sigmoid(self.data)
        return Value(s, (self,), "sigmoid", _local=(s * (1.0 - s),))

    def relu(self):  # ReLU, own local [0] for x ≤ 0 (choice at 0: 0, as TF/PyTorch), [1] for x > 0
        return Value(max(self.data, 0.0), (self,), "relu", _local=(float(self.data > 0),))

    # --- reverse accumulation -------------------------------------------------------------------
    def backward(self):
        """Graph output goes in (self), every node's .grad = {{dF/d node}} comes out.

        {{dF/dF}} = 1; for each node v, right to left, and each child c of v:
        {{dF/dc}} += {{dF/dv}} × [dv/dc]   (paths are summed: Bilan [L620–625]).
        Grads are reset to 0 first, so calling backward() twice gives the same result.
        """
        order = self._topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node._prev, node._local, strict=True):
                child.grad += node.grad * local

    def _topological_order(self):
        """Nodes, inputs first and self last; iterative DFS (no recursion limit on long chains)."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node._prev) if id(c) not in seen)
        return order

    def show_work(self):
        """Graph output goes in, the book's written-out graph comes out (str), right to left.

        One line per node, output first: `name = operation = value  [local derivatives]
        {{dF/dname = global derivative}}`; runs backward() first.
        """
        self.backward()
        order = self._topological_order()
        names = _node_names(order, self)
        out = names[id(self)]
        lines = []
        for node in reversed(order):
            name = names[id(node)]
            kids = [names[id(c)] for c in node._prev]
            locs = ", ".join(
                f"d{name}/d{k} = {_fmt(d)}" for k, d in zip(kids, node._local, strict=True)
            )
            lines.append(
                f"{name} = {_op_text(node._op, kids)}{_fmt(node.data)}"
                f"  {f'[{locs}]' if kids else '(input)'}"
                f"  {{{{d{out}/d{name} = {_fmt(node.grad)}}}}}"
            )
        return "\n".join(lines)


def grad(f, *xs):
    """Function of Values and numbers go in, (F(x), (∂F/∂x₁, …, ∂F/∂xₙ)) comes out (floats).

    f takes n Values and returns a Value; e.g. √(xy + z²) at (2, 8, 3) → (5, (0.8, 0.2, 0.6)).
    """
    if not xs:
        raise ValueError("grad needs at least one input value")
    names = ("x", "y", "z")[: len(xs)] if len(xs) <= 3 else [f"x{i + 1}" for i in range(len(xs))]
    inputs = tuple(Value(_data(x), label=name) for x, name in zip(xs, names, strict=True))
    out = f(*inputs)
    if not isinstance(out, Value):
        raise TypeError("f must return a Value computed from its inputs")
    out.backward()
    return out.data, tuple(v.grad for v in inputs)


def sequential_derivatives(funcs, dfuncs, x0):
    """Chain f₁…fₙ, their derivatives and x₀ go in, (values, sequential derivatives) come out.

    Forward: xᵢ₊₁ = fᵢ₊₁(xᵢ); local [dfᵢ₊₁/dxᵢ] = fᵢ₊₁'(xᵢ).
    Backward, right to left: {{dF/dxₙ}} = 1, {{dF/dxᵢ}} = {{dF/dxᵢ₊₁}} × [dfᵢ₊₁/dxᵢ]  [L656]:
    exactly n multiplications [L662].  values: [x₀, …, xₙ]; seq: [{{dF/dx₀}}, …, {{dF/dxₙ}} = 1].
    Duck-typed: exact with sympy numbers or Fractions.
    """
    funcs, dfuncs = list(funcs), list(dfuncs)
    if len(funcs) != len(dfuncs):
        raise ValueError(f"{len(funcs)} functions but {len(dfuncs)} derivatives")
    values = [x0]
    for f in funcs:
        values.append(f(values[-1]))
    local = [df(v) for df, v in zip(dfuncs, values[:-1], strict=True)]  # [dfᵢ₊₁/dxᵢ], i = 0…n−1
    seq = [1]  # {{dF/dxₙ}}
    for i in reversed(range(len(funcs))):
        seq.append(seq[-1] * local[i])  # {{dF/dxᵢ₊₁}} × [dfᵢ₊₁/dxᵢ]
    return values, seq[::-1]


# --- functions usable on numbers and on Values -------------------------------------------------
def exp(x):
    """Value or number goes in, eˣ comes out (same kind)."""
    return x.exp() if isinstance(x, Value) else math.exp(x)


def log(x):
    """Value or number goes in, ln x comes out (same kind)."""
    return x.log() if isinstance(x, Value) else math.log(x)


def sin(x):
    """Value or number goes in, sin x comes out (same kind)."""
    return x.sin() if isinstance(x, Value) else math.sin(x)


def cos(x):
    """Value or number goes in, cos x comes out (same kind)."""
    return x.cos() if isinstance(x, Value) else math.cos(x)


def sqrt(x):
    """Value or number goes in, √x comes out (same kind)."""
    return x.sqrt() if isinstance(x, Value) else math.sqrt(x)


def tanh(x):
    """Value or number goes in, th x comes out (same kind)."""
    return x.tanh() if isinstance(x, Value) else math.tanh(x)


def sigmoid(x):
    """Value or number goes in, σ(x) = 1/(1 + e^{−x}) comes out (same kind)."""
    return x.sigmoid() if isinstance(x, Value) else _stable_sigmoid(x)


def relu(x):
    """Value or number goes in, max(x, 0) comes out (same kind)."""
    return x.relu() if isinstance(x, Value) else max(float(x), 0.0)


# --- helpers -------------------------------------------------------------------------------------
def _lift(other):
    """A constant becomes a leaf Value (its grad is computed but not used)."""
    return other if isinstance(other, Value) else Value(other)


def _data(x):
    return x.data if isinstance(x, Value) else x


def _stable_sigmoid(t):
    """σ(t) without overflow: e^{t}/(1 + e^{t}) for t < 0."""
    if t >= 0:
        return 1.0 / (1.0 + math.exp(-t))
    e = math.exp(t)
    return e / (1.0 + e)


def _node_names(order, output):
    """Labels where given; otherwise F for the output and v1, v2, … (inputs first)."""
    names, count = {}, 0
    for node in order:
        if node.label:
            names[id(node)] = node.label
        elif node is output:
            names[id(node)] = "F"
        else:
            count += 1
            names[id(node)] = f"v{count}"
    return names


def _fmt(v):
    return f"{v:.10g}"


def _op_text(op, kids):
    if not kids:
        return ""  # an input or a constant: only its value
    if op in ("+", "*"):
        return f"{kids[0]} {op} {kids[1]} = "
    if op.startswith("**"):
        return f"{kids[0]}{op} = "
    return f"{op}({kids[0]}) = "
