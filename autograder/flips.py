"""The flip detector: grader-chosen inputs on which a convolution, a correlation, a transposed
motif and an off-by-one centring all give different results, and the declared mistakes that
name each of them (chapters 11–13).

A convolution reverses the motif, a correlation does not; for a symmetric motif, or at the
corner of a matrix, both give the same numbers, so a careless test cannot tell them apart. The
helpers here build the inputs that can: motifs that differ from their reversal (and, in 2-D,
from their transpose and the transpose's rotation), unit impulses (the convolution of an
impulse shows the motif as given, the correlation shows it reversed) and even-length motifs
(the side of the prepended zero). `discriminating` checks that a list of calls separates every
pair of candidate behaviours, so an item's hidden check can name the one a student chose.

Item kinds:

* `AcceptingFunctionItem`: a function item that also accepts, with a note naming it, another
  convention the book itself uses (the even-length correlation of ch13: the book's text and its
  listings differ by one step). Each accepted convention must match *every* call: mixing them
  call by call earns nothing.
* `AcceptingValueItem`: the same for a value.
* `MotifItem`: the answer is a motif, graded by its effect (the book's 'same' convolution on
  grader-chosen signals), so equivalent motifs ([1, −1] and [0, 1, −1]) both pass and the
  reversed motif is named.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reference.convolution1d import conv1d, correlate1d
from reference.convolution2d import conv2d, correlate2d

from .answers import Record, Unsupported
from .compare import compare
from .items import Call, FunctionItem, Mistake, Params, ValueItem, _wrong_kind
from .model import Msg, Outcome

Kernel = Callable[..., Any]

# --- messages ----------------------------------------------------------------------------------
NOT_FLIPPED = Msg(
    "Le motif n'a pas été retourné : c'est une corrélation, pas une convolution. Pour f ⋆ g, "
    "on retourne d'abord le motif (g[::-1] ; en deux dimensions M[::-1, ::-1]) puis on le fait "
    "glisser.",
    "The motif was not reversed: that is a correlation, not a convolution. For f ⋆ g, reverse "
    "the motif first (g[::-1]; in two dimensions M[::-1, ::-1]), then slide it.")
FLIPPED = Msg(
    "Le motif a été retourné : c'est une convolution. La corrélation fait glisser le motif tel "
    "quel, sans le retourner.",
    "The motif was reversed: that is a convolution. A correlation slides the motif as it is, "
    "without reversing it.")
TRANSPOSED = Msg(
    "Retourner M, c'est le faire tourner d'un demi-tour (M[::-1, ::-1]) ; vous avez transposé "
    "M (lignes et colonnes échangées), ce qui n'est pas la même chose.",
    "Reversing M means rotating it by a half-turn (M[::-1, ::-1]); you transposed M (rows and "
    "columns swapped), which is not the same thing.")
EVEN_CENTRING = Msg(
    "Motif de longueur paire : le livre ajoute un 0 au début du motif avant de le retourner "
    "([4, 5] devient [0, 4, 5], qui retourné donne [5, 4, 0]) ; votre résultat est décalé d'un "
    "cran.",
    "Even-length motif: the book prepends a 0 to the motif before reversing it ([4, 5] becomes "
    "[0, 4, 5], reversed [5, 4, 0]); your result is shifted by one step.")


# --- inputs that tell the behaviours apart -------------------------------------------------------
def asymmetric_motif(rng: random.Random, shape: int | tuple[int, int], low: int = -3,
                     high: int = 5) -> np.ndarray:
    """A motif of small non-zero integers that differs from its reversal (1-D), and in 2-D from
    its half-turn, its transpose and the transpose's half-turn (when square)."""
    dims = (shape,) if isinstance(shape, int) else tuple(shape)
    values = [v for v in range(low, high + 1) if v != 0]
    for _ in range(1000):
        M = np.array([rng.choice(values) for _ in range(int(np.prod(dims)))],
                     dtype=float).reshape(dims)
        images = [M[::-1, ::-1]] if M.ndim == 2 else [M[::-1]]
        if M.ndim == 2 and M.shape[0] == M.shape[1]:
            images += [M.T, M.T[::-1, ::-1]]
        if all(not np.array_equal(M, other) for other in images) and (
                len(images) == 1 or not np.array_equal(images[1], images[2])):
            return M
    raise RuntimeError("no asymmetric motif found")  # pragma: no cover


def impulse(shape: int | tuple[int, int], position: int | tuple[int, int]) -> np.ndarray:
    """Zeros with a single 1 (the convolution of an impulse by g is g itself, laid there)."""
    out = np.zeros(shape)
    out[position] = 1.0
    return out


def random_signal(rng: random.Random, shape: int | tuple[int, int], low: int = -5,
                  high: int = 9) -> np.ndarray:
    dims = (shape,) if isinstance(shape, int) else tuple(shape)
    return np.array([rng.randint(low, high) for _ in range(int(np.prod(dims)))],
                    dtype=float).reshape(dims)


def int_motif(rng: random.Random, shape: int | tuple[int, int], low: int = -3,
              high: int = 4) -> list[Any]:
    """An `asymmetric_motif` of integers in [low, high] as (nested) lists, ready to show in a
    statement (the per-student motif of the chapters' items)."""
    motif: list[Any] = asymmetric_motif(rng, shape, low, high).astype(int).tolist()
    return motif


def all_differ(*answers: Any) -> bool:
    """Are the answers pairwise different (shape or values)? A tuple of arrays counts as one
    answer. Draws use it so that each declared mistake's answer differs from the right one
    and from the other mistakes' (the message names a single mistake)."""
    def flat(a: Any) -> np.ndarray:
        if isinstance(a, tuple):
            return np.concatenate([np.ravel(np.asarray(x, dtype=float)) for x in a])
        return np.asarray(a, dtype=float)

    arrays = [flat(a) for a in answers]
    return all(not (x.shape == y.shape and np.allclose(x, y))
               for i, x in enumerate(arrays) for y in arrays[i + 1:])


def draw_separating(rng: random.Random, draw: Callable[[random.Random], dict[str, Any]],
                    answers: Callable[[dict[str, Any]], Sequence[Any]],
                    tries: int = 1000) -> dict[str, Any]:
    """Parameters from ``draw``, drawn again until ``answers(params)`` (the right answer and
    the declared mistakes' answers) are pairwise different."""
    for _ in range(tries):
        params = draw(rng)
        if all_differ(*answers(params)):
            return params
    raise RuntimeError("no separating parameters found")  # pragma: no cover


def _same(a: Any, b: Any) -> bool:
    return compare(a, b, rtol=1e-9, atol=1e-9) is None


def discriminating(behaviours: dict[str, Kernel], calls: Sequence[Call]) -> bool:
    """Do the calls separate every pair of behaviours (some call's outputs differ)?"""
    outputs = {}
    for name, fn in behaviours.items():
        row = []
        for call in calls:
            try:
                row.append(fn(*call.args))
            except (ValueError, ArithmeticError) as exc:
                row.append(type(exc).__name__)
        outputs[name] = row
    names = list(outputs)
    return all(any(not _same(x, y) for x, y in zip(outputs[a], outputs[b], strict=True))
               for i, a in enumerate(names) for b in names[i + 1:])


# --- the behaviours a student may have programmed -------------------------------------------------
def conv1d_even_wrong(f: Any, g: Any, mode: str = "same") -> np.ndarray:
    """Convolution with an even motif's zero appended instead of prepended (off by one)."""
    g = np.asarray(g, dtype=float)
    out: np.ndarray
    if mode == "same" and g.size % 2 == 0:
        out = conv1d(f, np.append(g, 0.0), mode)
        return out
    out = conv1d(f, g, mode)
    return out


def conv2d_even_wrong(A: Any, M: Any, mode: str = "same") -> np.ndarray:
    """2-D convolution with an even-size motif padded at the bottom/right (off by one)."""
    M = np.asarray(M, dtype=float)
    if mode == "same":
        M = np.pad(M, ((0, 1 - M.shape[0] % 2), (0, 1 - M.shape[1] % 2)))
    out: np.ndarray = conv2d(A, M, mode)
    return out


def conv2d_transposed(A: Any, M: Any, mode: str = "same") -> np.ndarray:
    """The motif transposed instead of rotated by a half-turn."""
    out: np.ndarray = conv2d(A, np.asarray(M, dtype=float).T[::-1, ::-1], mode) \
        if np.ndim(M) == 2 else conv2d(A, M, mode)
    return out


def correlate1d_listing(f: Any, g: Any, mode: str = "same") -> np.ndarray:
    """The book's listing rule: reverse, then convolve (np.correlate(f, g, 'same'))."""
    out: np.ndarray = correlate1d(f, g, mode, convention="listing")
    return out


def correlate2d_listing(A: Any, M: Any, mode: str = "same") -> np.ndarray:
    """The book's smiley listing: convolve2d(A, M[::-1, ::-1], 'same')."""
    out: np.ndarray = correlate2d(A, M, mode, convention="listing")
    return out


def conv1d_behaviours() -> dict[str, Kernel]:
    """1-D 'same' behaviours the calls of a convolution item must tell apart."""
    return {"convolution": conv1d, "correlation": correlate1d,
            "correlation_listing": correlate1d_listing, "even_wrong": conv1d_even_wrong}


def conv2d_behaviours() -> dict[str, Kernel]:
    return {"convolution": conv2d, "correlation": correlate2d,
            "correlation_listing": correlate2d_listing, "transposed": conv2d_transposed,
            "even_wrong": conv2d_even_wrong}


def calls_1d(rng: random.Random, book: Sequence[tuple[Any, Any]] = (), *,
             modes: bool = False) -> list[Call]:
    """Calls (f, g) for a 1-D 'same' item: the book's cases, impulses under asymmetric odd and
    even motifs, and random signals; checked to separate every behaviour of `conv1d_behaviours`.
    ``modes``: calls (f, g, mode) instead, the same calls in 'same' mode plus 'full' and
    'valid' calls under odd and even asymmetric motifs.
    """
    calls = [Call((np.asarray(f, dtype=float), np.asarray(g, dtype=float))) for f, g in book]
    n = rng.randint(7, 9)
    calls.append(Call((impulse(n, n // 2), asymmetric_motif(rng, 3))))
    calls.append(Call((impulse(n, rng.randint(1, n - 2)), asymmetric_motif(rng, 2))))
    calls.append(Call((random_signal(rng, rng.randint(6, 9)), asymmetric_motif(rng, 4))))
    calls.append(Call((random_signal(rng, rng.randint(5, 8)), asymmetric_motif(rng, 5))))
    calls.append(Call((random_signal(rng, 6), np.array([float(rng.choice([-2, 2, 3]))]))))
    if not discriminating(conv1d_behaviours(), calls):  # pragma: no cover - by construction
        raise RuntimeError("flip-detector calls do not discriminate")
    if modes:
        calls = [Call((*call.args, "same")) for call in calls]
        for mode in ("full", "valid"):
            for m in (3, 4):
                calls.append(Call((random_signal(rng, rng.randint(6, 8)),
                                   asymmetric_motif(rng, m), mode)))
    return calls


def calls_2d(rng: random.Random, book: Sequence[tuple[Any, Any]] = ()) -> list[Call]:
    """Calls (A, M) for a 2-D 'same' item: impulses under asymmetric 3×3 and 2×2 motifs, random
    matrices, a non-square motif; checked to separate every behaviour of `conv2d_behaviours`."""
    calls = [Call((np.asarray(A, dtype=float), np.asarray(M, dtype=float))) for A, M in book]
    calls.append(Call((impulse((5, 5), (2, 2)), asymmetric_motif(rng, (3, 3)))))
    calls.append(Call((impulse((4, 5), (rng.randint(1, 2), rng.randint(1, 3))),
                       asymmetric_motif(rng, (2, 2)))))
    calls.append(Call((random_signal(rng, (rng.randint(4, 6), rng.randint(4, 6))),
                       asymmetric_motif(rng, (3, 3)))))
    calls.append(Call((random_signal(rng, (5, 6)), asymmetric_motif(rng, (2, 3)))))
    if not discriminating(conv2d_behaviours(), calls):  # pragma: no cover - by construction
        raise RuntimeError("flip-detector calls do not discriminate")
    return calls


def convolution_mistakes(ndim: int) -> list[Mistake]:
    """The declared mistakes of a 'same' convolution item (function (f, g) or (A, M); each
    wrong function also takes an optional mode, for items called with `calls_1d(modes=True)`)."""
    if ndim == 1:
        found = [Mistake("correlation_au_lieu_de_convolution", NOT_FLIPPED,
                         wrong=lambda p: correlate1d),
                 Mistake("correlation_du_livre", NOT_FLIPPED, wrong=lambda p: correlate1d_listing),
                 Mistake("centrage_motif_pair", EVEN_CENTRING,
                         wrong=lambda p: conv1d_even_wrong)]
    else:
        found = [Mistake("correlation_au_lieu_de_convolution", NOT_FLIPPED,
                         wrong=lambda p: correlate2d),
                 Mistake("correlation_du_livre", NOT_FLIPPED, wrong=lambda p: correlate2d_listing),
                 Mistake("motif_transpose", TRANSPOSED, wrong=lambda p: conv2d_transposed),
                 Mistake("centrage_motif_pair", EVEN_CENTRING,
                         wrong=lambda p: conv2d_even_wrong)]
    return found


# --- item kinds -------------------------------------------------------------------------------
@dataclass(frozen=True)
class AcceptingFunctionItem(FunctionItem):
    """A function item that also accepts other conventions, each named in the feedback.

    ``accepted(params)``: [(note, function)]; the answer passes with that note when it matches
    that function on every call (never a mix of conventions across calls).
    """

    accepted: Callable[[Params], list[tuple[Msg, Kernel]]] = field(default=lambda p: [])

    def check_outputs(self, outputs: Sequence[Any], params: Params,
                      calls: list[Call]) -> Outcome:
        outcome = super().check_outputs(outputs, params, calls)
        if outcome.passed or len(outputs) != len(calls):
            return outcome
        for note, fn in self.accepted(params):
            alt = self.expected_outputs(fn, calls)
            if all(self._problem(a, g, c) is None
                   for a, g, c in zip(alt, outputs, calls, strict=True)):
                return Outcome(True, note)
        return outcome


@dataclass(frozen=True)
class AcceptingValueItem(ValueItem):
    """A value item that also accepts other conventions' values, each named in the feedback."""

    accepted: Callable[[Params], list[tuple[Msg, Any]]] = field(default=lambda p: [])

    def check(self, record: Record, params: Params) -> Outcome:
        outcome = super().check(record, params)
        if outcome.passed or isinstance(record.value, Unsupported):
            return outcome
        for note, value in self.accepted(params):
            if self._matches(value, record.value):
                return Outcome(True, note)
        return outcome


MOTIF = Msg("Un motif (liste ou tableau numpy de nombres)",
            "A motif (a list or numpy array of numbers)")


@dataclass(frozen=True)
class MotifItem(ValueItem):
    """Answer: a motif, graded by what it does: its 'same' convolution with grader-chosen
    signals (``signals(params)``) must equal the expected motif's. Equivalent motifs pass
    ([1, −1] ≡ [0, 1, −1], [2] ≡ [0, 2, 0]); ``mistakes`` give wrong motifs (``wrong``), also
    compared by effect."""

    signals: Callable[[Params], list[np.ndarray]] = field(default=lambda p: [])
    ndim: int = 1

    def _motif(self, value: Any) -> np.ndarray | None:
        if isinstance(value, (list, tuple)):
            try:
                value = np.array(value, dtype=float)
            except (TypeError, ValueError):
                return None
        if not isinstance(value, np.ndarray) or value.ndim != self.ndim or value.size == 0:
            return None
        if value.size > 81 or not np.all(np.isfinite(value.astype(float))):
            return None
        return value.astype(float)

    def _effect(self, motif: np.ndarray, params: Params) -> list[np.ndarray]:
        op = conv1d if self.ndim == 1 else conv2d
        out = []
        for s in self.signals(params):
            try:
                out.append(op(s, motif))
            except ValueError:
                out.append(np.full(np.shape(s), np.nan))
        return out

    def _same_effect(self, motif: np.ndarray, want: np.ndarray, params: Params) -> bool:
        return all(np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-9, atol=1e-9)
                   for a, b in zip(self._effect(motif, params), self._effect(want, params),
                                   strict=True))

    def check(self, record: Record, params: Params) -> Outcome:
        motif = self._motif(record.value)
        if motif is None:
            return _wrong_kind(MOTIF, record.value)
        if self._same_effect(motif, np.asarray(self.expected(params), dtype=float), params):
            return Outcome(True, self.success)
        for mistake in self.mistakes:
            if mistake.wrong is not None and self._same_effect(
                    motif, np.asarray(mistake.wrong(params), dtype=float), params):
                return Outcome(False, mistake.message, mistake=mistake.name)
        return Outcome(False, Msg(
            "Ce motif ne produit pas l'effet demandé sur les signaux d'essai du correcteur.",
            "This motif does not have the required effect on the grader's test signals."))
