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

``layout="keras"`` (chapter 10, a ``tf.GradientTape`` solution): the student writes
``f(poids, X, Y) -> gradient`` with ``poids = [W₁, b₁, W₂, b₂, …]`` in ``get_weights()``
order and ``Y`` of shape (N, p); ``gradient`` is the list of ∂E/∂w in the same order (the
book's ``get_weights_grad``), E is not returned. Keras computes in float32: set ``rtol`` and
``atol`` to about 1e-4 (every mistake is a factor, a sign, a transposition or a permutation,
far beyond that). :func:`keras_mistakes` declares the mistakes a GradientTape solution makes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .items import Call, FunctionItem, Mistake, Params
from .layer_pairs import BadPairs, Pairs, decode_pairs
from .model import Msg, Outcome

RTOL, ATOL, FD_RTOL, FD_ATOL = 1e-6, 1e-9, 1e-4, 1e-7
LAYOUTS = ("pairs", "keras")


def _bp() -> Any:
    from reference import backprop

    return backprop


def reference_backprop(activations: Sequence[str], reduction: str = "mean",
                       drop_prime: bool = False) -> Callable[..., Any]:
    """The reference f(couches, X, z) → (E, [(dW, db), …]) (drop_prime: σ′ replaced by 1)."""
    bp = _bp()
    acts = [(bp.ACTIVATIONS[a][0], (lambda t: np.ones_like(np.asarray(t, dtype=float))))
            if drop_prime else a for a in activations]

    def f(couches: Any, X: Any, z: Any) -> tuple[Any, list[tuple[Any, Any]]]:
        params = [(np.asarray(W, float), np.asarray(b, float)) for W, b in couches]
        E, grads = bp.backward(params, acts, X, z, reduction)
        return E, [(dW, db) for dW, db in grads]

    return f


def _transposed(f: Callable[..., Any]) -> Callable[..., Any]:
    def g(couches: Any, X: Any, z: Any) -> tuple[Any, list[tuple[Any, Any]]]:
        E, grads = f(couches, X, z)
        return E, [(dW.T, db) for dW, db in grads]
    return g


def _negated(f: Callable[..., Any]) -> Callable[..., Any]:
    def g(couches: Any, X: Any, z: Any) -> tuple[Any, list[tuple[Any, Any]]]:
        E, grads = f(couches, X, z)
        return E, [(-dW, -db) for dW, db in grads]
    return g


def _reversed(f: Callable[..., Any]) -> Callable[..., Any]:
    def g(couches: Any, X: Any, z: Any) -> tuple[Any, Any]:
        E, grads = f(couches, X, z)
        return E, grads[::-1]
    return g


def flat(couches: Any) -> list[Any]:
    """[(W₁, b₁), (W₂, b₂), …] → [W₁, b₁, W₂, b₂, …] (Keras' get_weights() order)."""
    return [a for pair in couches for a in pair]


def keras_layout(f: Callable[..., Any]) -> Callable[..., Any]:
    """A pairs-layout f(couches, X, z) → (E, grads) as the keras-layout
    g(poids, X, Y) → [dW₁, db₁, …] (the gradient only, get_weights() order)."""
    def g(poids: Any, X: Any, Y: Any) -> list[Any]:
        _, grads = f(list(zip(poids[0::2], poids[1::2], strict=True)), X, Y)
        return flat(grads)
    return g


def _weights_then_biases(f: Callable[..., Any]) -> Callable[..., Any]:
    def g(poids: Any, X: Any, Y: Any) -> list[Any]:
        grads = f(poids, X, Y)
        return list(grads[0::2]) + list(grads[1::2])
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

KERAS_MESSAGES = {
    "transposee": Msg("Le gradient d'une matrice de coefficients est transposé : dans la "
                      "disposition de Keras coeff a la forme (entrées, neurones), et son "
                      "gradient aussi (n'utilisez pas la matrice (neurones, entrées) du "
                      "chapitre 5).",
                      "The gradient of a coefficient matrix is transposed: in Keras' layout "
                      "coeff has shape (inputs, neurons), and so has its gradient (do not use "
                      "chapter 5's (neurons, inputs) matrix)."),
    "ordre": Msg("Les gradients ne sont pas rangés comme les poids : la liste commence par la "
                 "première couche (celle des entrées), dans l'ordre de get_weights().",
                 "The gradients are not in the weights' order: the list starts with the first "
                 "layer (the inputs'), in get_weights() order."),
    "coefficients_puis_biais": Msg(
        "Les gradients doivent suivre l'ordre de get_weights() : [coeff₀, biais₀, coeff₁, "
        "biais₁, …], couche après couche (pas tous les coefficients puis tous les biais).",
        "The gradients must follow get_weights() order: [coeff₀, bias₀, coeff₁, bias₁, …], "
        "layer after layer (not all coefficients then all biases)."),
    "somme": Msg("La perte mean_squared_error de Keras est une moyenne sur les N données : "
                 "votre gradient est N fois trop grand (somme au lieu de moyenne).",
                 "Keras' mean_squared_error loss is a mean over the N data: your gradient is "
                 "N times too large (a sum instead of a mean)."),
    "activation_oubliee": Msg("Les couches cachées ont une activation : Dense(n) seul est "
                              "linéaire (écrivez Dense(n, activation=...)).",
                              "The hidden layers have an activation: Dense(n) alone is linear "
                              "(write Dense(n, activation=...))."),
    "signe": Msg("C'est l'opposé du gradient : dérivez la perte (F(X) − Y)², pas son opposé.",
                 "That is the opposite of the gradient: differentiate the loss (F(X) − Y)², "
                 "not its opposite."),
}


def standard_mistakes(activations: Callable[[Params], Sequence[str]],
                      reduction: str = "mean") -> tuple[Mistake, ...]:
    """The classic backpropagation mistakes as declared Mistakes (their `wrong` functions)."""
    other = "sum" if reduction == "mean" else "mean"

    def ref(p: Params) -> Callable[..., Any]:
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


def keras_mistakes(activations: Callable[[Params], Sequence[str]]) -> tuple[Mistake, ...]:
    """The mistakes of a GradientTape gradient in the keras layout (mean loss): transposed
    coefficients, layers reversed, all coefficients then all biases, a sum loss, hidden
    layers left linear (Dense's default), the gradient of −E."""
    def ref(p: Params, acts: Sequence[str] | None = None,
            reduction: str = "mean") -> Callable[..., Any]:
        return keras_layout(reference_backprop(acts or activations(p), reduction))

    def linear_hidden(p: Params) -> list[str]:
        acts = list(activations(p))
        return ["linear"] * (len(acts) - 1) + acts[-1:]

    M = KERAS_MESSAGES
    return (
        Mistake("transposee", M["transposee"],
                wrong=lambda p: keras_layout(_transposed(reference_backprop(activations(p))))),
        Mistake("ordre", M["ordre"],
                wrong=lambda p: keras_layout(_reversed(reference_backprop(activations(p))))),
        Mistake("coefficients_puis_biais", M["coefficients_puis_biais"],
                wrong=lambda p: _weights_then_biases(ref(p))),
        Mistake("somme", M["somme"], wrong=lambda p: ref(p, reduction="sum")),
        Mistake("activation_oubliee", M["activation_oubliee"],
                wrong=lambda p: ref(p, linear_hidden(p))),
        Mistake("signe", M["signe"],
                wrong=lambda p: keras_layout(_negated(reference_backprop(activations(p))))),
    )


def random_case(sizes: Sequence[int], rng: random.Random, n_data: tuple[int, int] = (3, 6),
                scale: float = 1.0) -> tuple[Pairs, np.ndarray, np.ndarray]:
    """Layer sizes and the grader's RNG go in, (couches, X, z) for one probe come out."""
    g = np.random.default_rng(rng.getrandbits(64))
    couches = [(g.normal(0, scale, size=(m, n)), g.normal(0, scale, size=n))
               for m, n in zip(sizes[:-1], sizes[1:], strict=True)]
    N = int(g.integers(n_data[0], n_data[1] + 1))
    X = g.normal(0, 1.5, size=(N, sizes[0]))
    z = g.uniform(0, 1, size=N) if sizes[-1] == 1 else g.uniform(0, 1, size=(N, sizes[-1]))
    return couches, X, z


def draw_case(sizes: Sequence[int], activations: Sequence[str], rng: random.Random,
              min_margin: float = 0.0) -> tuple[Pairs, np.ndarray, np.ndarray]:
    """:func:`random_case`, drawn again (up to 50 times) while a relu pre-activation lies
    closer than ``min_margin`` to the kink."""
    for _ in range(50):
        couches, X, z = random_case(sizes, rng)
        if min_margin <= 0 or _margin(couches, activations, X) >= min_margin:
            break
    return couches, X, z


def _as_case(couches: Any) -> Pairs:
    return [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in couches]


def _structure(got: Any, n_layers: int) -> tuple[float, Pairs]:
    """The student's output (pairs layout) goes in, (E, [(dW, db)]) as float64 comes out."""
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise BadPairs(Msg(
            "La fonction doit renvoyer un couple (E, grads), grads = [(dW₁, db₁), …].",
            "The function must return a pair (E, grads), grads = [(dW₁, db₁), …]."))
    E, grads = got
    if isinstance(E, bool) or not isinstance(E, (int, float, np.floating, np.ndarray)) or (
            np.size(E) != 1):
        raise BadPairs(Msg("E (premier élément renvoyé) doit être un nombre.",
                           "E (the first element returned) must be a number."))
    return float(np.ravel(E)[0]), decode_pairs(grads, n_layers, ("dW", "db"), Msg(
        f"grads doit être une liste de {n_layers} couples (dW, db), un par couche.",
        f"grads must be a list of {n_layers} pairs (dW, db), one per layer."))


def _keras_structure(got: Any, n_layers: int) -> Pairs:
    """The student's output (keras layout: [dW₁, db₁, …]) goes in, float64 pairs come out."""
    if not isinstance(got, (list, tuple)) or len(got) != 2 * n_layers:
        raise BadPairs(Msg(f"La fonction doit renvoyer la liste des {2 * n_layers} gradients "
                           "[gradient de coeff₀, gradient de biais₀, …], dans l'ordre de "
                           "get_weights().", f"The function must return the list of the "
                           f"{2 * n_layers} gradients [gradient of coeff₀, gradient of bias₀, "
                           "…], in get_weights() order."))
    pairs = list(zip(got[0::2], got[1::2], strict=True))
    return decode_pairs(pairs, n_layers, ("coeff", "biais"), Msg("", ""))  # count checked


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _numeric_leaf(f_ref: Callable[..., Any], couches: Any, X: Any, z: Any, k: int,
                  which: int) -> np.ndarray:
    """Central differences of the reference E with respect to layer k's W (0) or b (1)."""
    from reference.gradcheck import numerical_gradient

    def E_of(leaf: Any) -> Any:
        moved = [list(pair) for pair in couches]
        moved[k][which] = leaf
        return f_ref([tuple(pair) for pair in moved], X, z)[0]

    grad: np.ndarray = numerical_gradient(E_of, couches[k][which], eps=1e-6)
    return grad


def _margin(couches: Any, activations: Sequence[str], X: Any) -> float:
    """The smallest |pre-activation| of the case's kinked layers (relu, H); inf without."""
    S, _ = _bp().forward(couches, list(activations), X)
    kinked = [np.abs(s).min() for s, a in zip(S, activations, strict=True) if a in ("relu", "H")]
    return float(min(kinked)) if kinked else float("inf")


@dataclass(frozen=True)
class GradCheckItem(FunctionItem):
    """Answer: a backpropagation function, checked on grader-drawn random networks.

    ``sizes(params)``: the layer sizes [n_in, n₁, …] of the networks the grader draws;
    ``activations(params)``: one name per layer (reference.backprop.ACTIVATIONS);
    ``book_calls(params)``: fixed cases added to the random ones (e.g. the book's XOR P₀);
    ``layout``: "pairs" (f(couches, X, z) → (E, grads)) or "keras" (f(poids, X, Y) →
    gradient, get_weights() order; see the module docstring); ``rtol``/``atol``: how close
    the student's gradient must be (float32 Keras: about 1e-4); ``min_margin``: random cases
    whose relu pre-activations come closer than this to the kink are drawn again (float32
    may land on the other side).
    Set ``mistakes=standard_mistakes(activations, reduction)`` for the classic ones
    (``keras_mistakes(activations)`` in the keras layout).
    """

    sizes: Callable[[Params], Sequence[int]] = field(default=lambda p: (2, 2, 1))
    activations: Callable[[Params], Sequence[str]] = field(default=lambda p: ("sigmoid",) * 2)
    reduction: str = "mean"
    n_random: int = 4
    book_calls: Callable[[Params], list[tuple[Any, Any, Any]]] = field(default=lambda p: [])
    rtol: float = RTOL
    atol: float = ATOL
    layout: str = "pairs"
    min_margin: float = 0.0

    def __post_init__(self) -> None:
        if self.reduction not in ("mean", "sum"):
            raise ValueError("reduction must be 'mean' or 'sum'")
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}")
        # FunctionItem's reference and calls come from this item's settings
        object.__setattr__(self, "reference", self._reference)
        object.__setattr__(self, "calls", self._calls)

    def _pairs_reference(self, params: Params) -> Callable[..., Any]:
        return reference_backprop(self.activations(params), self.reduction)

    def _reference(self, params: Params) -> Callable[..., Any]:
        f = self._pairs_reference(params)
        return keras_layout(f) if self.layout == "keras" else f

    def _calls(self, params: Params, rng: random.Random) -> list[Call]:
        sizes = list(self.sizes(params))
        cases = [tuple(c) for c in self.book_calls(params)]
        acts = list(self.activations(params))
        cases += [draw_case(sizes, acts, rng, self.min_margin) for _ in range(self.n_random)]
        if self.layout == "keras":
            return [Call((flat(_as_case(couches)), np.asarray(X, float),
                          np.asarray(z, float).reshape(len(X), -1)), timeout=10.0)
                    for couches, X, z in cases]
        return [Call((list(map(tuple, couches)), np.asarray(X, float), np.asarray(z, float)),
                     timeout=10.0) for couches, X, z in cases]

    def _case(self, call: Call) -> tuple[Pairs, Any, Any]:
        """A call's (couches, X, z) in the pairs layout, float64 copies."""
        first, X, z = call.args
        if self.layout == "keras":
            first = list(zip(first[0::2], first[1::2], strict=True))
        return _as_case(first), X, z

    def _view(self, got: Any, n_layers: int
              ) -> tuple[float | None, Pairs]:
        """An output in the student's layout → (E or None, float64 pairs) (or BadPairs)."""
        if self.layout == "keras":
            return None, _keras_structure(got, n_layers)
        return _structure(got, n_layers)

    def check_outputs(self, outputs: Sequence[Any], params: Params,
                      calls: list[Call]) -> Outcome:
        if len(outputs) != len(calls):
            return Outcome(False, Msg("Réponses incomplètes.", "Incomplete outputs."))
        f_ref = self._pairs_reference(params)
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

    def _matches(self, f: Callable[..., Any], got: Any, call: Call) -> bool:
        couches, X, z = self._case(call)
        args = (flat(couches) if self.layout == "keras" else couches, X, z)
        n = len(couches)
        try:
            E, grads = self._view(f(*args), n)
            gE, ggrads = self._view(got, n)
        except (BadPairs, ArithmeticError, ValueError):
            return False
        same_E = E is None or gE is None or bool(np.isclose(gE, E, rtol=self.rtol,
                                                            atol=self.atol))
        return same_E and all(
            _close(g, r, self.rtol, self.atol) for gp, rp in zip(ggrads, grads, strict=True)
            for g, r in zip(gp, rp, strict=True))

    def _problem(self, f_ref: Callable[..., Any], got: Any, call: Call) -> Msg | None:
        """None if the output is right for this call, else where (layer, parameter) it is not."""
        from .answers import CallError

        if isinstance(got, CallError):
            return Msg(f"votre fonction lève {got.name} : {got.message}",
                       f"your function raises {got.name}: {got.message}")
        couches, X, z = self._case(call)
        E, grads = f_ref(couches, X, z)
        try:
            gE, ggrads = self._view(got, len(grads))
        except BadPairs as err:
            return err.msg
        for k, ((gW, gb), (rW, rb)) in enumerate(zip(ggrads, grads, strict=True)):
            for which, (g, r, name) in enumerate(((gW, rW, "W"), (gb, rb, "b"))):
                if _close(g, r, self.rtol, self.atol):
                    continue
                numeric = _numeric_leaf(f_ref, couches, X, z, k, which)
                if _close(g, numeric, max(FD_RTOL, self.rtol), max(FD_ATOL, self.atol)):
                    continue  # agrees with finite differences (e.g. a kink convention)
                return self._leaf_message(k, which, name, g, r, numeric)
        if gE is not None and not np.isclose(gE, E, rtol=self.rtol, atol=self.atol):
            return Msg("les gradients sont justes mais la valeur de E renvoyée ne l'est pas.",
                       "the gradients are right but the returned value of E is not.")
        return None

    def _leaf_message(self, k: int, which: int, name: str, g: np.ndarray, r: np.ndarray,
                      numeric: np.ndarray) -> Msg:
        if self.layout == "keras":
            what = ("coefficients", "coefficients") if which == 0 else ("biais", "biases")
            head = Msg(f"couche {k + 1}, gradient des {what[0]} (gradient[{2 * k + which}]) "
                       "faux", f"layer {k + 1}, gradient of the {what[1]} "
                       f"(gradient[{2 * k + which}]) wrong")
            name = "coeff" if which == 0 else "biais"
        else:
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
