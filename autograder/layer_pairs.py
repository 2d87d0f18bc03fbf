"""Layer pairs handed out as data, ``[(A₁, B₁), (A₂, B₂), …]``, decoded strictly to float64.

One decoder for the answers made of one pair of arrays per layer: trained weights
``[(W, b), …]`` (``training_items``) and gradients ``[(dW, db), …]`` (``gradcheck_items``).
The value comes from the kernel's hand-out (untrusted data, never unpickled): it must be a
list or tuple of exactly ``n_layers`` pairs, each pair a list or tuple of two things numpy
turns into float64 arrays (numbers, nested lists of numbers, arrays). Anything else raises
:class:`BadPairs` with a French/English message naming the layer; shapes and finiteness are
the callers' checks (they differ: weights must chain, gradients are compared leaf by leaf).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .model import Msg

Pairs = list[tuple[np.ndarray, np.ndarray]]


class BadPairs(Exception):
    """A handed-out value that is not n_layers pairs of arrays of numbers (``msg`` says why)."""

    def __init__(self, msg: Msg):
        super().__init__(msg.en)
        self.msg = msg


def decode_pairs(value: Any, n_layers: int, names: tuple[str, str],
                 wrong_count: Msg) -> Pairs:
    """The handed-out value goes in, ``n_layers`` pairs of float64 arrays come out.

    ``names``: what the two arrays of a pair are called in the messages (("W", "b"),
    ("dW", "db")...); ``wrong_count``: the message when the value is not a list or tuple of
    ``n_layers`` entries. Raises :class:`BadPairs`.
    """
    if not isinstance(value, (list, tuple)) or len(value) != n_layers:
        raise BadPairs(wrong_count)
    first, second = names
    out = []
    for k, pair in enumerate(value, start=1):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            raise BadPairs(Msg(f"Couche {k} : un couple ({first}, {second}) est attendu.",
                               f"Layer {k}: a pair ({first}, {second}) is expected."))
        try:
            A, B = (np.asarray(a, dtype=np.float64) for a in pair)
        except (TypeError, ValueError):
            raise BadPairs(Msg(f"Couche {k} : {first} et {second} doivent être des tableaux "
                               "de nombres.", f"Layer {k}: {first} and {second} must be "
                               "arrays of numbers.")) from None
        out.append((A, B))
    return out
