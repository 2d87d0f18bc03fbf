"""Trained-weights items: the student trains a network in the notebook and hands out its weights.

The answer is plain data, ``[(W₁, b₁), (W₂, b₂), …]`` in the course layout (W: (n_in, n_out),
b: (n_out,)), nothing else: no model file is ever loaded (invariant 1).  The grader rebuilds
F with the reference forward pass (``reference.backprop.predict``, activations fixed by the
item) and measures it on its OWN held-out data: ``held_out(params, rng)`` draws them at grading
time from an RNG seeded by the item's grader-only ``salt`` (the items file never reaches the
students' environment), the item id and the student's parameters.  The student never sees those
points, so weights that memorised the visible data (a spike on each training point) earn nothing
extra.

Scores: ``metric="accuracy"`` — share of held-out points with (F ≥ ``decision``) == label;
``metric="mse"`` — mean of (F − z)².  The item passes when the score reaches ``threshold``
(state it in the statement, with how it was calibrated).  ``visible(params)`` (optional) is the
training data: when the weights fit it but fail the held-out data the feedback says it is
over-fitting.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .answers import Record
from .items import Item, Params, _safe
from .layer_pairs import BadPairs, Pairs, decode_pairs
from .model import Msg, Outcome

WEIGHTS = Msg("Une liste de couples (W, b) de tableaux numpy (W de forme (entrées, neurones))",
              "A list of pairs (W, b) of numpy arrays (W of shape (inputs, neurons))")


def grader_rng(salt: str, item_id: str, params: Params) -> np.random.Generator:
    """The held-out data's RNG: seeded by the grader-only salt, the item and the parameters."""
    blob = json.dumps([salt, item_id, params], sort_keys=True, default=str).encode()
    return np.random.default_rng(int.from_bytes(hashlib.sha256(blob).digest()[:8], "little"))


def decode_layers(value: Any, sizes: Sequence[int] | None, n_layers: int,
                  max_weights: int) -> Pairs:
    """The handed-out answer goes in, validated float64 layers come out (or BadPairs)."""
    pairs = decode_pairs(value, n_layers, ("W", "b"), Msg(
        f"{WEIGHTS.fr} est attendue, avec {n_layers} couche(s).",
        f"{WEIGHTS.en} is expected, with {n_layers} layer(s)."))
    layers, n_in, total = [], None, 0
    for k, (W, b) in enumerate(pairs, start=1):
        if W.ndim != 2 or b.shape != (W.shape[1],) or (n_in is not None and W.shape[0] != n_in):
            raise BadPairs(Msg(f"Couche {k} : W {W.shape} et b {b.shape} ne s'enchaînent pas "
                               "(W : (entrées, neurones), b : (neurones,)).",
                               f"Layer {k}: W {W.shape} and b {b.shape} do not chain "
                               "(W: (inputs, neurons), b: (neurons,))."))
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise BadPairs(Msg(f"Couche {k} : des poids ne sont pas finis (nan, inf) : "
                               "l'apprentissage a divergé (δ trop grand ?).",
                               f"Layer {k}: some weights are not finite (nan, inf): training "
                               "diverged (δ too large?)."))
        n_in, total = W.shape[1], total + W.size + b.size
        layers.append((W, b))
    got = [layers[0][0].shape[0]] + [W.shape[1] for W, _ in layers]
    if sizes is not None and got != list(sizes):
        raise BadPairs(Msg(f"Architecture {got} au lieu de {list(sizes)} (entrées d'abord).",
                           f"Architecture {got} instead of {list(sizes)} (inputs first)."))
    if total > max_weights:
        raise BadPairs(Msg(f"{total} poids : au plus {max_weights} sont acceptés.",
                           f"{total} weights: at most {max_weights} are accepted."))
    return layers


@dataclass(frozen=True)
class TrainedWeightsItem(Item):
    """Answer: trained weights, scored on held-out data drawn by the grader at grading time."""

    activations: Callable[[Params], Sequence[str]] = field(default=lambda p: ("sigmoid",) * 2)
    held_out: Callable[[Params, np.random.Generator], tuple[np.ndarray, np.ndarray]] = field(
        default=lambda p, rng: (np.zeros((1, 1)), np.zeros(1)))
    threshold: float = 0.9
    metric: str = "accuracy"
    decision: float = 0.5
    sizes: Callable[[Params], Sequence[int] | None] = field(default=lambda p: None)
    visible: Callable[[Params], tuple[np.ndarray, np.ndarray]] | None = None
    salt: str = "deepmath-held-out"
    """Grader-only: lives in the instructor's items file, never in the students' environment."""
    max_weights: int = 5000

    def __post_init__(self) -> None:
        if self.metric not in ("accuracy", "mse"):
            raise ValueError("metric must be 'accuracy' or 'mse'")

    def score(self, layers: Any, params: Params, X: Any, z: Any) -> float:
        """Weights and data go in, the item's score (accuracy or mse) comes out."""
        from reference import backprop

        F = backprop.predict(layers, list(self.activations(params)), X)  # (N, p)
        z = np.asarray(z, dtype=np.float64).reshape(F.shape)
        if self.metric == "mse":
            return float(np.mean((F - z) ** 2))
        return float(np.mean((F >= self.decision) == (z >= self.decision)))

    def passes(self, value: float) -> bool:
        return value >= self.threshold if self.metric == "accuracy" else value <= self.threshold

    def _show(self, value: float) -> str:
        return f"{100 * value:.1f} %" if self.metric == "accuracy" else f"{value:.4g}"

    def check(self, record: Record, params: Params) -> Outcome:
        n_layers = len(self.activations(params))
        try:
            layers = decode_layers(record.value, self.sizes(params), n_layers, self.max_weights)
        except BadPairs as err:
            return Outcome(False, err.msg)
        X, z = self.held_out(params, grader_rng(self.salt, self.id, params))
        held = self.score(layers, params, X, z)
        name = Msg("précision", "accuracy") if self.metric == "accuracy" else Msg(
            "erreur quadratique moyenne", "mean squared error")
        want = ("≥ " if self.metric == "accuracy" else "≤ ") + self._show(self.threshold)
        report = Msg(f"Sur {len(X)} points de test tirés par le correcteur (jamais vus), "
                     f"{name.fr} = {self._show(held)} (il faut {want}).",
                     f"On {len(X)} test points drawn by the grader (never seen), "
                     f"{name.en} = {self._show(held)} ({want} needed).")
        if self.passes(held):
            return Outcome(True, Msg(f"Correct. {report.fr}", f"Correct. {report.en}"))
        for mistake in self.mistakes:
            if mistake.predicate is not None and _safe(mistake.predicate, layers, params):
                return Outcome(False, mistake.message, mistake=mistake.name)
        if self.visible is not None:
            Xv, zv = self.visible(params)
            if self.passes(self.score(layers, params, Xv, zv)):
                return Outcome(False, Msg(
                    f"{report.fr} Vos poids conviennent aux données d'apprentissage mais pas "
                    "aux nouvelles : c'est du sur-apprentissage.",
                    f"{report.en} Your weights fit the training data but not new data: that "
                    "is over-fitting."), mistake="sur_apprentissage")
        return Outcome(False, report)
