"""Items with many correct answers: "give the weights of a perceptron / network that realises
this set" (chapter 5).

The student hands out weights as *data* (numbers in lists, tuples or arrays); nothing of the
student's code runs here. The grader rebuilds the network with ``reference.networks.Layer``
(activation chosen by the item: Heaviside with H(0) = 1, the book's convention, unless stated
otherwise), runs the reference forward pass on grader-chosen points — inside the set, outside,
and *on its frontier*, where H(0) = 1 decides — and accepts every construction that gives the
wanted value everywhere. Feedback names one misclassified point.

Answer formats (stated in each statement):

* ``form="perceptron"``: ``(poids, biais)`` with ``poids`` the n coefficients, ``biais`` a number;
* ``form="network"``: a list of layers ``(W, b)``, W of shape (n_out, n_in) (one row per neuron,
  the convention of ``reference.networks``), b of length n_out.

Declared mistakes use ``predicate(evaluation, params)`` on the :class:`Evaluation` (which points
fail, the structure found), and ``example(params)``: a wrong construction that triggers it.
Predicates are tried before the generic messages, on unreadable answers too (``problem`` set,
nothing evaluated), so a predicate about outputs must check ``evaluation.problem is None``.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .answers import Record
from .compare import describe
from .items import Item, Params
from .model import Msg, Outcome

MAX_LAYERS = 4
MAX_NEURONS = 32
MAX_WEIGHT = 1e9
ZERO_TOL = 1e-9
"""Relative tolerance under which a pre-activation counts as 0 (rounded weights such as 1/3)."""

WHERE: dict[str, Msg] = {
    "in": Msg("dans l'ensemble", "inside the set"),
    "out": Msg("hors de l'ensemble", "outside the set"),
    "edge": Msg("sur la frontière", "on the boundary"),
}


@dataclass(frozen=True)
class Probe:
    """One grader-chosen point, the value F must take there, and where it lies."""

    x: tuple[float, ...]
    want: float
    where: str = "in"


@dataclass
class Evaluation:
    """What the student's construction does on the probes (given to mistake predicates)."""

    problem: Msg | None = None
    """Why the answer could not be read as a construction (then nothing was evaluated)."""
    sizes: tuple[int, ...] = ()
    """Layer sizes found, inputs first: (n_in, n_1, …, n_out)."""
    probes: Sequence[Probe] = ()
    outputs: tuple[float, ...] = ()
    wrong: tuple[int, ...] = ()
    """Indices of the probes where F is not the wanted value."""
    h0_zero_outputs: tuple[float, ...] = ()
    """The outputs the same weights give if H(0) were 0 (the other convention)."""

    @property
    def wrong_where(self) -> set[str]:
        return {self.probes[i].where for i in self.wrong}

    @property
    def only_boundary_wrong(self) -> bool:
        return bool(self.wrong) and self.wrong_where == {"edge"}

    @property
    def correct_if_h0_zero(self) -> bool:
        """Would these weights be right with H(0) = 0 instead of the book's H(0) = 1?"""
        return bool(self.wrong) and bool(self.h0_zero_outputs) and all(
            _same(p.want, v) for p, v in zip(self.probes, self.h0_zero_outputs, strict=True))

    @property
    def all_inverted(self) -> bool:
        """Is F = 1 − (wanted) at every point off the frontier (orientation reversed)?"""
        off = [i for i, p in enumerate(self.probes) if p.where != "edge"]
        return bool(off) and all(_same(1.0 - self.probes[i].want, self.outputs[i]) for i in off)


def _same(want: float, got: float, atol: float = 1e-9) -> bool:
    return math.isfinite(got) and abs(want - got) <= atol + 1e-9 * abs(want)


def _number(value: Any) -> float | None:
    """A finite, bounded real from decoded data, or None (bools and everything else refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError):
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_WEIGHT else None


BAD_NUMBER = Msg("Les poids et les biais doivent être des nombres réels finis (|valeur| ≤ 1e9), "
                 "pas {what}.",
                 "Weights and biases must be finite real numbers (|value| ≤ 1e9), not {what}.")


class _Unreadable(Exception):
    def __init__(self, message: Msg) -> None:
        super().__init__(message.en)
        self.message = message


def _vector(value: Any, what: str) -> list[float]:
    if isinstance(value, np.ndarray):
        if value.dtype == bool or value.ndim > 1:
            raise _Unreadable(Msg(f"{what} : une liste de nombres est attendue, pas "
                                  f"{describe(value)}.",
                                  f"{what}: a list of numbers is expected, not "
                                  f"{describe(value)}."))
        value = value.ravel().tolist()
    if _number(value) is not None:
        value = [value]
    if not isinstance(value, (list, tuple)) or not value or len(value) > MAX_NEURONS:
        raise _Unreadable(Msg(f"{what} : une liste de 1 à {MAX_NEURONS} nombres est attendue, "
                              f"pas {describe(value)}.",
                              f"{what}: a list of 1 to {MAX_NEURONS} numbers is expected, not "
                              f"{describe(value)}."))
    out = []
    for entry in value:
        number = _number(entry)
        if number is None:
            shown = repr(entry)[:30] if isinstance(entry, float) else describe(entry)
            raise _Unreadable(BAD_NUMBER.format(what=shown))
        out.append(number)
    return out


def _matrix(value: Any) -> list[list[float]]:
    if isinstance(value, np.ndarray) and value.ndim == 2 and value.dtype != bool:
        value = value.tolist()
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(row, (list, tuple, np.ndarray)) for row in value):
        if len(value) > MAX_NEURONS:
            raise _Unreadable(Msg(f"Trop de neurones dans une couche (au plus {MAX_NEURONS}).",
                                  f"Too many neurons in one layer (at most {MAX_NEURONS})."))
        rows = [_vector(row, "W") for row in value]
    else:
        rows = [_vector(value, "W")]  # one neuron: its coefficients
    if len({len(row) for row in rows}) != 1:
        raise _Unreadable(Msg("Les lignes de W n'ont pas toutes la même longueur.",
                              "The rows of W do not all have the same length."))
    return rows


def read_construction(value: Any, form: str) -> list[tuple[list[list[float]], list[float]]]:
    """Decoded answer → [(W rows, b)] (raises _Unreadable with a message for the student)."""
    if form == "perceptron":
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise _Unreadable(Msg(f"Un couple (poids, biais) est attendu, pas {describe(value)}.",
                                  f"A pair (weights, bias) is expected, not {describe(value)}."))
        weights = _vector(value[0], "poids")
        bias = _number(value[1])
        if bias is None:
            raise _Unreadable(BAD_NUMBER.format(what=describe(value[1])))
        return [([weights], [bias])]
    if not isinstance(value, (list, tuple)) or not value or len(value) > MAX_LAYERS:
        raise _Unreadable(Msg(f"Une liste de 1 à {MAX_LAYERS} couches (W, b) est attendue, pas "
                              f"{describe(value)}.",
                              f"A list of 1 to {MAX_LAYERS} layers (W, b) is expected, not "
                              f"{describe(value)}."))
    layers = []
    for k, layer in enumerate(value):
        if not isinstance(layer, (list, tuple)) or len(layer) != 2:
            raise _Unreadable(Msg(f"Couche {k} : un couple (W, b) est attendu, pas "
                                  f"{describe(layer)}.",
                                  f"Layer {k}: a pair (W, b) is expected, not {describe(layer)}."))
        rows, biases = _matrix(layer[0]), _vector(layer[1], "b")
        if len(biases) != len(rows):
            raise _Unreadable(Msg(f"Couche {k} : W a {len(rows)} ligne(s) (neurones) mais b a "
                                  f"{len(biases)} valeur(s).",
                                  f"Layer {k}: W has {len(rows)} row(s) (neurons) but b has "
                                  f"{len(biases)} value(s)."))
        layers.append((rows, biases))
    for k in range(1, len(layers)):
        if len(layers[k][0][0]) != len(layers[k - 1][0]):
            raise _Unreadable(Msg(
                f"La couche {k} lit {len(layers[k][0][0])} entrée(s) mais la couche {k - 1} a "
                f"{len(layers[k - 1][0])} neurone(s) : W est de forme (sorties, entrées).",
                f"Layer {k} reads {len(layers[k][0][0])} input(s) but layer {k - 1} has "
                f"{len(layers[k - 1][0])} neuron(s): W has shape (outputs, inputs)."))
    return layers


def _networks() -> Any:
    """reference.networks, imported untyped (reference/ is held to readable-first typing)."""
    return importlib.import_module("reference.networks")


def _h0_zero(z: Any) -> Any:
    """Heaviside with the other convention H(0) = 0 (only to name the mistake)."""
    return np.where(np.asarray(z, dtype=np.float64) > 0, 1.0, 0.0)


@dataclass(frozen=True)
class ConstructionItem(Item):
    """Answer: weights (data) of a perceptron or network; graded by what the network does on
    grader-chosen probes, so every correct construction is accepted."""

    form: str = "network"
    n_inputs: int = 2
    test_points: Callable[[Params], list[Probe]] = field(default=lambda p: [])
    """The grader-chosen points and the value F must take at each."""
    hidden_activation: str = "H"
    output_activation: str = "H"
    sizes: tuple[int, ...] | None = None
    """Required layer sizes (inputs first), or None for any architecture."""
    atol: float = 1e-9

    def _layers(self, rows: list[tuple[list[list[float]], list[float]]],
                h0_zero: bool = False) -> list[Any]:
        from_rows = _networks().layer_from_rows  # the students write one row per neuron
        phis: list[Any] = [self.hidden_activation] * (len(rows) - 1) + [self.output_activation]
        if h0_zero:
            phis = [_h0_zero if phi == "H" else phi for phi in phis]
        return [from_rows(np.array(w), np.array(b), phi) for (w, b), phi in zip(rows, phis,
                                                                                strict=True)]

    def evaluate(self, value: Any, params: Params) -> Evaluation:
        forward = _networks().forward
        try:
            rows = read_construction(value, self.form)
        except _Unreadable as exc:
            return Evaluation(problem=exc.message)
        sizes = (len(rows[0][0][0]), *(len(w) for w, _ in rows))
        if sizes[0] != self.n_inputs or sizes[-1] != 1:
            return Evaluation(problem=Msg(
                f"Le réseau doit lire {self.n_inputs} entrée(s) et avoir 1 sortie ; le vôtre lit "
                f"{sizes[0]} entrée(s) et a {sizes[-1]} sortie(s).",
                f"The network must read {self.n_inputs} input(s) and have 1 output; yours reads "
                f"{sizes[0]} input(s) and has {sizes[-1]} output(s)."), sizes=sizes)
        if self.sizes is not None and sizes != self.sizes:
            arch = "-".join(map(str, self.sizes))
            return Evaluation(problem=Msg(
                f"L'architecture demandée est {arch} (entrées, couches) ; la vôtre est "
                f"{'-'.join(map(str, sizes))}.",
                f"The architecture asked for is {arch} (inputs, layers); yours is "
                f"{'-'.join(map(str, sizes))}."), sizes=sizes)
        probes = self.test_points(params)
        X = np.array([p.x for p in probes], dtype=np.float64)  # (m, n_in)
        with np.errstate(all="ignore"):
            out = forward(self._layers(rows), X, zero_tol=ZERO_TOL)[:, 0]
            alt = forward(self._layers(rows, h0_zero=True), X, zero_tol=ZERO_TOL)[:, 0]
        outputs = tuple(float(v) for v in out)
        wrong = tuple(i for i, (p, v) in enumerate(zip(probes, outputs, strict=True))
                      if not _same(p.want, v, self.atol))
        return Evaluation(sizes=sizes, probes=probes, outputs=outputs, wrong=wrong,
                          h0_zero_outputs=tuple(float(v) for v in alt))

    def check(self, record: Record, params: Params) -> Outcome:
        ev = self.evaluate(record.value, params)
        if not ev.problem and not ev.wrong:
            return Outcome(True, self.success)
        for mistake in self.mistakes:
            if mistake.predicate is not None and _holds(mistake.predicate, ev, params):
                return Outcome(False, mistake.message, mistake=mistake.name)
        if ev.problem is not None:
            return Outcome(False, ev.problem)
        return Outcome(False, misclassified(ev))


def _holds(predicate: Callable[[Any, Params], bool], ev: Evaluation, params: Params) -> bool:
    try:
        return bool(predicate(ev, params))
    except (TypeError, ValueError, ArithmeticError, IndexError):
        return False


def _show_point(x: tuple[float, ...]) -> str:
    return "(" + ", ".join(f"{v:g}" for v in x) + ")"


def misclassified(ev: Evaluation) -> Msg:
    """'The point (2, 1) (on the boundary) gives F = 0 instead of 1.' (+ how many others)."""
    first = ev.probes[ev.wrong[0]]
    got = ev.outputs[ev.wrong[0]]
    where = WHERE.get(first.where, WHERE["in"])
    more = len(ev.wrong) - 1
    return Msg(f"Le point {_show_point(first.x)} ({where.fr}) donne F = {got:g} au lieu de "
               f"{first.want:g}" + (f" ; {more} autre(s) point(s) testé(s) sont faux." if more
                                    else "."),
               f"The point {_show_point(first.x)} ({where.en}) gives F = {got:g} instead of "
               f"{first.want:g}" + (f"; {more} other tested point(s) are wrong." if more
                                    else "."))


def as_answer(layers: Sequence[tuple[Any, Any]], form: str = "network") -> Any:
    """A construction written by hand (tests, examples) → the decoded form the kernel sends."""
    if form == "perceptron":
        (w, b), = layers
        return (list(np.ravel(w)), float(np.ravel(b)[0]))
    return [([list(map(float, row)) for row in np.atleast_2d(w)],
             list(map(float, np.ravel(b)))) for w, b in layers]
