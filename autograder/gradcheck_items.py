"""Gradient-check items: the student's backpropagation is run on grader-drawn networks.

The student writes ``f(couches, X, z) -> (E, grads)`` where ``couches = [(W₁, b₁), …]`` in the
course layout (W: (n_in, n_out), b: (n_out,)), X: (N, n_in), z: (N,) or (N, p), and
``grads = [(∂E/∂W₁, ∂E/∂b₁), …]`` has the shapes of the layers.  The activations and the
reduction (mean, chapter 9 [L4921], or sum, chapter 8) are the item's.

Like any :class:`~autograder.items.FunctionItem`, the grader picks the calls: fresh random
weights, inputs and targets drawn from the grading run's own secret seed (``ctx.seed``, drawn by
``secrets`` at grading time), never from the student's visible parameters, so an answer that
memorised its visible case, or only the first calls, earns nothing.  The kernel hands the outputs
out as data; the verdict is computed here from ``reference.backprop`` and from central finite
differences (``reference.gradcheck``): an entry is right if it matches either (rtol 1e-6 for
the exact gradient, 1e-4 for the finite-difference estimate).

Feedback names the first wrong layer and parameter (with the finite-difference value at its
worst entry) or, when every output matches a classic mistake, gives that mistake's message:
transposed weight gradient, layers in the wrong order, missing σ′ factor, sum instead of mean,
sign of (F − z).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .items import Call, FunctionItem, Mistake, Params
from .model import Msg, Outcome

RTOL, ATOL, FD_RTOL, FD_ATOL = 1e-6, 1e-9, 1e-4, 1e-7


def _bp():
    from reference import backprop

    return backprop


def reference_backprop(activations: Sequence[str], reduction: str = "mean",
                       drop_prime: bool = False) -> Callable[..., Any]:
    """The reference f(couches, X, z) → (E, [(dW, db), …]) (drop_prime: σ′ replaced by 1)."""
    bp = _bp()
    acts = [(bp.ACTIVATIONS[a][0], (lambda t: np.ones_like(np.asarray(t, dtype=float))))
            if drop_prime else a for a in activations]

    def f(couches, X, z):
        params = [(np.asarray(W, float), np.asarray(b, float)) for W, b in couches]
        E, grads = bp.backward(params, acts, X, z, reduction)
        return E, [(dW, db) for dW, db in grads]

    return f


def _transposed(f):
    def g(couches, X, z):
        E, grads = f(couches, X, z)
        return E, [(dW.T, db) for dW, db in grads]
    return g


def _negated(f):
    def g(couches, X, z):
        E, grads = f(couches, X, z)
        return E, [(-dW, -db) for dW, db in grads]
    return g


def _reversed(f):
    def g(couches, X, z):
        E, grads = f(couches, X, z)
        return E, grads[::-1]
    return g


MESSAGES = {
    "transposee": Msg("∂E/∂W est transposé : il doit avoir la forme de W, (entrées, neurones), "
                      "c.-à-d. g_{l−1}ᵀ · ∂E/∂s_l.",
                      "∂E/∂W is transposed: it must have W's shape, (inputs, neurons), i.e. "
                      "g_{l−1}ᵀ · ∂E/∂s_l."),
    "ordre": Msg("Les gradients ne sont pas rangés comme les couches : la liste doit commencer "
                 "par la première couche (celle des entrées), même si on les calcule à rebours.",
                 "The gradients are not in the layers' order: the list must start with the first "
                 "layer (the inputs'), even though they are computed backwards."),
    "sans_derivee": Msg("Il manque le facteur φ′(s) : ∂E/∂s_l = ∂E/∂g_l ⊙ φ′(s_l) à chaque couche.",
                        "The φ′(s) factor is missing: ∂E/∂s_l = ∂E/∂g_l ⊙ φ′(s_l) in every layer."),
    "somme": Msg("Vous sommez sur les données au lieu de faire la moyenne : E = (1/N) Σ (F(X_i) − "
                 "z_i)², le gradient porte aussi le facteur 1/N.",
                 "You sum over the data instead of averaging: E = (1/N) Σ (F(X_i) − z_i)², the "
                 "gradient carries the 1/N factor too."),
    "moyenne": Msg("Vous faites la moyenne sur les données alors que l'erreur est la somme "
                   "E = Σ (F(X_i) − z_i)².",
                   "You average over the data whereas the error is the sum "
                   "E = Σ (F(X_i) − z_i)²."),
    "signe": Msg("Le signe est inversé : ∂E/∂F = 2 (F(X) − z), pas 2 (z − F(X)).",
                 "The sign is flipped: ∂E/∂F = 2 (F(X) − z), not 2 (z − F(X))."),
}


def standard_mistakes(activations: Callable[[Params], Sequence[str]],
                      reduction: str = "mean") -> tuple[Mistake, ...]:
    """The classic backpropagation mistakes as declared Mistakes (their `wrong` functions)."""
    other = "sum" if reduction == "mean" else "mean"

    def ref(p):
        return reference_backprop(activations(p), reduction)

    return (
        Mistake("transposee", MESSAGES["transposee"], wrong=lambda p: _transposed(ref(p))),
        Mistake("ordre", MESSAGES["ordre"], wrong=lambda p: _reversed(ref(p))),
        Mistake("sans_derivee", MESSAGES["sans_derivee"],
                wrong=lambda p: reference_backprop(activations(p), reduction, drop_prime=True)),
        Mistake("somme" if reduction == "mean" else "moyenne",
                MESSAGES["somme" if reduction == "mean" else "moyenne"],
                wrong=lambda p: reference_backprop(activations(p), other)),
        Mistake("signe", MESSAGES["signe"], wrong=lambda p: _negated(ref(p))),
    )


def random_case(sizes: Sequence[int], rng: random.Random, n_data: tuple[int, int] = (3, 6),
                scale: float = 1.0) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray,
                                             np.ndarray]:
    """Layer sizes and the grader's RNG go in, (couches, X, z) for one probe come out."""
    g = np.random.default_rng(rng.getrandbits(64))
    couches = [(g.normal(0, scale, size=(m, n)), g.normal(0, scale, size=n))
               for m, n in zip(sizes[:-1], sizes[1:], strict=True)]
    N = int(g.integers(n_data[0], n_data[1] + 1))
    X = g.normal(0, 1.5, size=(N, sizes[0]))
    z = g.uniform(0, 1, size=N) if sizes[-1] == 1 else g.uniform(0, 1, size=(N, sizes[-1]))
    return couches, X, z


def _as_case(couches) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in couches]


class _Shape(Exception):
    def __init__(self, msg: Msg):
        self.msg = msg


def _structure(got: Any, want_grads: list) -> tuple[float, list[tuple[np.ndarray, np.ndarray]]]:
    """The student's output goes in, (E, [(dW, db)]) as float64 comes out (or _Shape)."""
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise _Shape(Msg("La fonction doit renvoyer un couple (E, grads), grads = [(dW₁, db₁), …].",
                         "The function must return a pair (E, grads), grads = [(dW₁, db₁), …]."))
    E, grads = got
    if isinstance(E, bool) or not isinstance(E, (int, float, np.floating, np.ndarray)) or (
            np.size(E) != 1):
        raise _Shape(Msg("E (premier élément renvoyé) doit être un nombre.",
                         "E (the first element returned) must be a number."))
    if not isinstance(grads, (list, tuple)) or len(grads) != len(want_grads):
        raise _Shape(Msg(f"grads doit être une liste de {len(want_grads)} couples (dW, db), un "
                         "par couche.", f"grads must be a list of {len(want_grads)} pairs "
                         "(dW, db), one per layer."))
    out = []
    for k, pair in enumerate(grads, start=1):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            raise _Shape(Msg(f"Couche {k} : un couple (dW, db) est attendu.",
                             f"Layer {k}: a pair (dW, db) is expected."))
        try:
            dW, db = (np.asarray(a, dtype=np.float64) for a in pair)
        except (TypeError, ValueError):
            raise _Shape(Msg(f"Couche {k} : dW et db doivent être des tableaux de nombres.",
                             f"Layer {k}: dW and db must be arrays of numbers.")) from None
        out.append((dW, db))
    return float(np.ravel(E)[0]), out


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _numeric_leaf(f_ref, couches, X, z, k: int, which: int) -> np.ndarray:
    """Central differences of the reference E with respect to layer k's W (0) or b (1)."""
    from reference.gradcheck import numerical_gradient

    def E_of(leaf):
        moved = [list(pair) for pair in couches]
        moved[k][which] = leaf
        return f_ref([tuple(pair) for pair in moved], X, z)[0]

    return numerical_gradient(E_of, couches[k][which], eps=1e-6)


@dataclass(frozen=True)
class GradCheckItem(FunctionItem):
    """Answer: a backpropagation function, checked on grader-drawn random networks.

    ``sizes(params)``: the layer sizes [n_in, n₁, …] of the networks the grader draws;
    ``activations(params)``: one name per layer (reference.backprop.ACTIVATIONS);
    ``book_calls(params)``: fixed cases added to the random ones (e.g. the book's XOR P₀).
    Set ``mistakes=standard_mistakes(activations, reduction)`` for the classic ones.
    """

    sizes: Callable[[Params], Sequence[int]] = field(default=lambda p: (2, 2, 1))
    activations: Callable[[Params], Sequence[str]] = field(default=lambda p: ("sigmoid",) * 2)
    reduction: str = "mean"
    n_random: int = 4
    book_calls: Callable[[Params], list[tuple[Any, Any, Any]]] = field(default=lambda p: [])

    def __post_init__(self):
        if self.reduction not in ("mean", "sum"):
            raise ValueError("reduction must be 'mean' or 'sum'")
        # FunctionItem's reference and calls come from this item's settings
        object.__setattr__(self, "reference", self._reference)
        object.__setattr__(self, "calls", self._calls)

    def _reference(self, params: Params):
        return reference_backprop(self.activations(params), self.reduction)

    def _calls(self, params: Params, rng: random.Random) -> list[Call]:
        sizes = list(self.sizes(params))
        cases = [tuple(c) for c in self.book_calls(params)]
        cases += [random_case(sizes, rng) for _ in range(self.n_random)]
        return [Call((list(map(tuple, couches)), np.asarray(X, float), np.asarray(z, float)),
                     timeout=10.0) for couches, X, z in cases]

    def check_outputs(self, outputs: Sequence[Any], params: Params,
                      calls: list[Call]) -> Outcome:
        if len(outputs) != len(calls):
            return Outcome(False, Msg("Réponses incomplètes.", "Incomplete outputs."))
        f_ref = self._reference(params)
        first: tuple[int, Msg] | None = None
        for i, (got, call) in enumerate(zip(outputs, calls, strict=True)):
            problem = self._problem(f_ref, got, call)
            if problem is not None:
                first = (i, problem)
                break
        if first is None:
            return Outcome(True, self.success)
        i, problem = first  # a recognised mistake's message is its own (it names the fix)
        for mistake in self.mistakes:
            if mistake.wrong is None:
                continue
            wrong = mistake.wrong(params)
            if all(self._matches(wrong, got, call) for got, call in zip(outputs, calls,
                                                                          strict=True)):
                return Outcome(False, mistake.message, mistake=mistake.name)
        where = Msg(f"Réseau de test n° {i + 1} sur {len(calls)} (tiré au hasard par le "
                    "correcteur) : ", f"Test network {i + 1} of {len(calls)} (drawn at random "
                    "by the grader): ")
        return Outcome(False, Msg(where.fr + problem.fr, where.en + problem.en))

    def _matches(self, f, got, call: Call) -> bool:
        couches, X, z = call.args
        try:
            E, grads = f(_as_case(couches), X, z)
            gE, ggrads = _structure(got, grads)
        except (_Shape, ArithmeticError, ValueError):
            return False
        return np.isclose(gE, E, rtol=RTOL, atol=ATOL) and all(
            _close(g, r, RTOL, ATOL) for gp, rp in zip(ggrads, grads, strict=True)
            for g, r in zip(gp, rp, strict=True))

    def _problem(self, f_ref, got, call: Call) -> Msg | None:
        """None if the output is right for this call, else where (layer, parameter) it is not."""
        from .answers import CallError

        if isinstance(got, CallError):
            return Msg(f"votre fonction lève {got.name} : {got.message}",
                       f"your function raises {got.name}: {got.message}")
        couches, X, z = call.args
        couches = _as_case(couches)
        E, grads = f_ref(couches, X, z)
        try:
            gE, ggrads = _structure(got, grads)
        except _Shape as err:
            return err.msg
        for k, ((gW, gb), (rW, rb)) in enumerate(zip(ggrads, grads, strict=True)):
            for which, (g, r, name) in enumerate(((gW, rW, "W"), (gb, rb, "b"))):
                if _close(g, r, RTOL, ATOL):
                    continue
                numeric = _numeric_leaf(f_ref, couches, X, z, k, which)
                if _close(g, numeric, FD_RTOL, FD_ATOL):
                    continue  # agrees with finite differences (e.g. a kink convention)
                return self._leaf_message(k, name, g, r, numeric)
        if not np.isclose(gE, E, rtol=RTOL, atol=ATOL):
            return Msg("les gradients sont justes mais la valeur de E renvoyée ne l'est pas.",
                       "the gradients are right but the returned value of E is not.")
        return None

    @staticmethod
    def _leaf_message(k: int, name: str, g: np.ndarray, r: np.ndarray,
                      numeric: np.ndarray) -> Msg:
        head = Msg(f"couche {k + 1}, ∂E/∂{name} faux", f"layer {k + 1}, ∂E/∂{name} wrong")
        if g.shape != r.shape:
            hint = Msg(f" (forme {g.shape} au lieu de {r.shape}, celle de {name}).",
                       f" (shape {g.shape} instead of {r.shape}, that of {name}).")
        else:
            j = np.unravel_index(int(np.argmax(np.abs(g - r))), r.shape)
            idx = ", ".join(str(int(v)) for v in j)
            hint = Msg(f" : à l'indice ({idx}), les différences finies centrées donnent "
                       f"{numeric[j]:.6g}, votre fonction {g[j]:.6g}.",
                       f": at index ({idx}), central finite differences give {numeric[j]:.6g}, "
                       f"your function {g[j]:.6g}.")
        return Msg(head.fr + hint.fr, head.en + hint.en)
