"""Train the ch18 small GPT with the notebook's Keras 3 decoder; print the device and the time.

The model and the training are the assignment's own: the answer cell of question 9 in
``course/notebooks/ch18.py`` (a ``keras.layers.Layer`` written with ``keras.ops`` in the book's
column layout, trained end to end by ``fit`` with Adam on every 16-character window of a
generated training text) is executed here as it is, so this script measures exactly what a
student's kernel runs. The code is backend-neutral: choose Keras's engine with the usual
environment variable, e.g. ``KERAS_BACKEND=jax`` or ``KERAS_BACKEND=torch`` on a GPU machine
(default: tensorflow). Keras places the work on the GPU by itself when its backend sees one.

It prints the backend, the devices Keras lists, the training time, the held-out loss by the
grader's numpy forward pass (``reference/gpt.py``, on a held-out text of its own, not the
grader's) and the assignment's threshold. Run:

    KERAS_BACKEND=tensorflow python bench/gpu_check_ch18.py [epochs]

Measured here only on CPU (this project's machines have no GPU); no GPU result is claimed.
"""

from __future__ import annotations

import math
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from reference import corpus, gpt  # noqa: E402
from reference import transformer as tr  # noqa: E402

ALPHABET = "".join(sorted(set(corpus.generated_text(3000, seed=5))))
SIZES = {"n": 32, "K": 16, "r": 8, "couches": 2}
THRESHOLD = 1.5  # course/items/ch18.py GPT_THRESHOLD


def notebook_training_code(epochs: int) -> str:
    """The solution of the notebook's petit_gpt cell, with the number of epochs set."""
    text = (ROOT / "course" / "notebooks" / "ch18.py").read_text(encoding="utf-8")
    cell = text.split("# %% [answer petit_gpt]\n", 1)[1]
    code = re.split(r"### (?:BEGIN|END) SOLUTION\n", cell)[1]
    return re.sub(r"epochs=\d+", f"epochs={epochs}", code)


def devices(keras) -> list[str]:  # noqa: ANN001
    try:
        return [str(d) for d in keras.distribution.list_devices()]
    except Exception:  # the torch backend has no distribution API: ask torch itself
        if keras.backend.backend() == "torch":
            import torch

            return ["cuda:0 " + torch.cuda.get_device_name(0)] if torch.cuda.is_available() \
                else ["cpu:0"]
        return ["unknown"]


def main() -> None:
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    params = {"graine": 1, "alphabet": ALPHABET, **SIZES,
              "texte": corpus.generated_text(150, seed=1)}
    ns = {"np": np, "math": math, "p": params, "encodage_positionnel": tr.positional_encoding,
          "entrainer_ou_charger": lambda fichier, entrainer: entrainer(),  # always train here
          "multi_tetes": lambda x, heads: tr.multi_head_attention(x, heads, scale=True,
                                                                   causal=True)}
    start = time.perf_counter()
    exec(compile(notebook_training_code(epochs), "ch18-petit_gpt", "exec"), ns)
    total = time.perf_counter() - start
    keras = ns["keras"]
    found = devices(keras)
    held = [ALPHABET.index(c) for c in corpus.generated_text(60, seed=2024)]
    cfg = gpt.GPTConfig(N=len(ALPHABET), n=32, K=16, r=8, layers=2)
    loss = gpt.cross_entropy(ns["petit_gpt"], [held], cfg)
    gpu = any(d.lower().startswith(("gpu", "cuda")) for d in found)
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}, devices {found}")
    print(f"{epochs} epochs, cell total {total:.1f} s (training time printed above), held-out "
          f"loss {loss:.3f} nats (threshold {THRESHOLD})")
    print("GPU used" if gpu else "no GPU found: CPU result only")


if __name__ == "__main__":
    main()
