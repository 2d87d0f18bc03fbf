"""Items whose answer is the trained weights of a small GPT (assignment ch18).

The kernel hands the weights out as data (a dict of float arrays, never a model file). The
grader checks their shapes, then runs the **reference** forward pass (``reference.gpt``) on a
held-out text that exists only on the grader's side, and compares the mean next-token
cross-entropy with a threshold. It also checks, on the student's weights, that the logits of
the past do not move when future tokens change (causality of the evaluated model).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reference import gpt

from .answers import Record, Unsupported
from .items import Item, Params, _safe
from .model import Msg, Outcome

MAX_N, MAX_LAYERS = 64, 4


def _arr(value: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    if not isinstance(value, np.ndarray) or value.shape != shape:
        got = value.shape if isinstance(value, np.ndarray) else type(value).__name__
        raise ValueError(f"{name} : forme {shape} attendue, reçu {got}")
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{name} contient des valeurs non finies")
    return value.astype(np.float64)


def weights_from_answer(answer: Any, N: int, K: int) -> tuple[dict[str, Any], gpt.GPTConfig]:
    """The decoded answer goes in, (params, config) for ``reference.gpt`` come out.

    Expected: {"wte": (n, N), "layers": [{"heads": [(W_Q, W_K, W_V: (r, n), W_O: (n, r)), …],
    "W1": (h, n), "b1": (h,), "W2": (n, h), "b2": (n,)}, …], "unembed": (N, n)}.
    Raises ValueError (French text) on any other shape.
    """
    if not isinstance(answer, dict) or set(answer) != {"wte", "layers", "unembed"}:
        raise ValueError("un dictionnaire de clés 'wte', 'layers', 'unembed' est attendu")
    wte = answer["wte"]
    if not isinstance(wte, np.ndarray) or wte.ndim != 2:
        raise ValueError("wte : un tableau (n, N) est attendu")
    n = wte.shape[0]
    if not 2 <= n <= MAX_N or n % 2:
        raise ValueError(f"la dimension n doit être paire, entre 2 et {MAX_N}")
    layers_in = answer["layers"]
    if not isinstance(layers_in, (list, tuple)) or not 1 <= len(layers_in) <= MAX_LAYERS:
        raise ValueError(f"'layers' : une liste de 1 à {MAX_LAYERS} couches est attendue")
    layers, r = [], None
    for c, layer in enumerate(layers_in):
        if not isinstance(layer, dict) or set(layer) != {"heads", "W1", "b1", "W2", "b2"}:
            raise ValueError(f"couche {c} : clés 'heads', 'W1', 'b1', 'W2', 'b2' attendues")
        heads_in = layer["heads"]
        if not isinstance(heads_in, (list, tuple)) or not heads_in:
            raise ValueError(f"couche {c} : 'heads' doit être une liste non vide")
        r = r or (heads_in[0][0].shape[0] if isinstance(heads_in[0], (list, tuple)) and heads_in[0]
                  and isinstance(heads_in[0][0], np.ndarray) and heads_in[0][0].ndim == 2 else 0)
        if r < 1 or n % r or len(heads_in) != n // r:
            raise ValueError(f"couche {c} : n/r têtes de dimension r (r divise n) attendues")
        heads = []
        for j, head in enumerate(heads_in):
            if not isinstance(head, (list, tuple)) or len(head) != 4:
                raise ValueError(f"couche {c}, tête {j} : (W_Q, W_K, W_V, W_O) attendu")
            heads.append(tuple(_arr(m, s, f"couche {c}, tête {j}, {nm}") for m, s, nm in
                               zip(head, [(r, n), (r, n), (r, n), (n, r)],
                                   ["W_Q", "W_K", "W_V", "W_O"], strict=True)))
        hidden = layer["W1"].shape[0] if isinstance(layer["W1"], np.ndarray) else 0
        if not 1 <= hidden <= 4 * MAX_N:
            raise ValueError(f"couche {c} : W1 de forme (h, n), h ≤ {4 * MAX_N}, attendu")
        layers.append({"heads": heads, "W1": _arr(layer["W1"], (hidden, n), f"couche {c}, W1"),
                       "b1": _arr(layer["b1"], (hidden,), f"couche {c}, b1"),
                       "W2": _arr(layer["W2"], (n, hidden), f"couche {c}, W2"),
                       "b2": _arr(layer["b2"], (n,), f"couche {c}, b2")})
    params = {"wte": _arr(wte, (n, N), "wte"), "layers": layers,
              "unembed": _arr(answer["unembed"], (N, n), "unembed")}
    return params, gpt.GPTConfig(N=N, n=n, K=K, r=r, layers=len(layers))


def causal_ok(params: dict[str, Any], config: gpt.GPTConfig, ids: list[int], seed: int = 0) -> bool:
    """Do the logits of positions < K−1 stay put when the last token is changed?"""
    tokens = np.asarray(ids[:config.K])
    other = tokens.copy()
    other[-1] = (other[-1] + 1 + np.random.default_rng(seed).integers(config.N - 1)) % config.N
    a, b = gpt.forward(params, tokens, config), gpt.forward(params, other, config)
    return bool(np.allclose(a[:, :-1], b[:, :-1], rtol=0, atol=1e-9))


@dataclass(frozen=True)
class GPTWeightsItem(Item):
    """Answer: the weights dict of a small GPT. Passes when the held-out cross-entropy of the
    reference forward pass is at most ``threshold`` nats (perplexity exp(threshold))."""

    vocabulary: Callable[[Params], str] = field(default=lambda p: "")
    heldout: Callable[[Params], str] = field(default=lambda p: "")
    """Grader-only held-out text (never in the params, the notebook or the students' env)."""
    K: int = 16
    threshold: float = 2.65

    def expected(self, params: Params) -> Any:
        """What this student's answer depends on (their seed and training text); there is no
        single expected answer, only the held-out threshold."""
        return {k: params[k] for k in sorted(params) if k != "alphabet"}

    def loss(self, answer: Any, params: Params,
             causal: bool = True) -> tuple[float, dict[str, Any], gpt.GPTConfig]:
        """The held-out cross-entropy (nats) of the answer, its checked weights and config.
        causal=False evaluates without the mask: a diagnosis for mistakes, never the grade."""
        vocab = self.vocabulary(params)
        index = {c: i for i, c in enumerate(vocab)}
        held = [index[c] for c in self.heldout(params)]
        weights, config = weights_from_answer(answer, len(vocab), self.K)
        return gpt.cross_entropy(weights, [held], config, causal=causal), weights, config

    def check(self, record: Record, params: Params) -> Outcome:
        got = record.value
        if isinstance(got, Unsupported):
            return Outcome(False, Msg(f"Les poids n'ont pas pu être transmis ({got.what}) : un "
                                      "dictionnaire de tableaux numpy est attendu.",
                                      f"The weights could not be handed out ({got.what}): a "
                                      "dict of numpy arrays is expected."))
        try:
            loss, weights, config = self.loss(got, params)
        except ValueError as exc:
            return Outcome(False, Msg(f"Poids mal formés : {exc}.", f"Malformed weights: {exc}."))
        if not math.isfinite(loss):
            return Outcome(False, Msg("La perte sur le texte de validation n'est pas finie.",
                                      "The held-out loss is not finite."))
        if not causal_ok(weights, config, list(range(config.K)) * 1):
            return Outcome(False, Msg("Le modèle évalué n'est pas causal.",
                                      "The evaluated model is not causal."))
        ppl = math.exp(loss)
        if loss <= self.threshold:
            return Outcome(True, Msg(f"Correct : perte {loss:.3f} nat sur le texte de "
                                     f"validation (perplexité {ppl:.2f}).",
                                     f"Correct: held-out loss {loss:.3f} nats (perplexity "
                                     f"{ppl:.2f})."))
        for mistake in self.mistakes:
            if mistake.predicate is not None and _safe(mistake.predicate, got, params):
                return Outcome(False, mistake.message, mistake=mistake.name)
        return Outcome(False, Msg(f"Perte {loss:.3f} nat sur le texte de validation "
                                  f"(perplexité {ppl:.2f}) : il faut au plus "
                                  f"{self.threshold} nat. Entraînez plus longtemps ou vérifiez "
                                  "votre passe avant (masque, encodage positionnel).",
                                  f"Held-out loss {loss:.3f} nats (perplexity {ppl:.2f}): at "
                                  f"most {self.threshold} is needed. Train longer or check your "
                                  "forward pass (mask, positional encoding)."))
