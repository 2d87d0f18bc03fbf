"""The students' kernels: one per students' environment, "Python 3 (GPU)" only with a GPU.

Each assignment declares its environment (``ENVIRONMENT`` in ``course/items/chNN.py``,
default ``base``); its notebook asks for that environment's kernel (``python3`` for base,
``python3-NAME`` otherwise: ``autograder.notebook_source.kernel_name``), and the kernel runs
the very environment the grading sandbox uses for it (``autograder.sandbox.bwrap.student_env``),
so that what runs for the student runs for the grader. Kernelspecs are written at each start
into the hub's data dir, which is first on every server's ``JUPYTER_PATH`` and so shadows any
other ``python3`` kernel. The GPU kernel is for
ch14 (CNN) and ch17-18 (GPT): when ``nvidia-smi`` lists a GPU, it sees every GPU
(``CUDA_VISIBLE_DEVICES``) and runs TensorFlow's CUDA build if ``--gpu`` built one; without a
GPU the kernel is not offered at all, and the default kernel hides GPUs so that only the GPU
kernel ever holds one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

GPU_CHAPTERS = ("ch14", "ch17", "ch18")
CPU_KERNEL = "python3"
GPU_KERNEL = "python3-gpu"
LABELS = {"base": "Python 3 (deepmath)", "tf": "Python 3 (deepmath, TensorFlow)"}


def kernel_name(environment: str) -> str:
    """An environment's name goes in, the name of its kernelspec comes out."""
    return CPU_KERNEL if environment == "base" else f"python3-{environment}"


def detect_gpus(nvidia_smi: str = "nvidia-smi") -> list[str]:
    """Nothing goes in, the names of the visible NVIDIA GPUs come out (empty: none)."""
    exe = shutil.which(nvidia_smi)
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, "--query-gpu=name", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=20, check=True).stdout
    except (subprocess.SubprocessError, OSError):
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]


def kernelspec(python: str, display_name: str, env: dict[str, str],
               metadata: dict[str, object]) -> dict[str, object]:
    """Interpreter and labels go in, an ipykernel kernel.json dict comes out."""
    return {
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": display_name,
        "language": "python",
        "env": env,
        "metadata": {"debugger": True, "deepmath": metadata},
    }


def write_kernelspecs(data_dir: Path, environments: dict[str, Path], gpu_env: Path,
                      gpus: list[str]) -> dict[str, dict[str, object]]:
    """Environments (name → prefix, ``base`` first) and detected GPUs go in; the kernels of
    the environments that are built, kernels/<name>/kernel.json, are written and returned."""
    specs: dict[str, dict[str, object]] = {}
    for name, prefix in environments.items():
        if name == "base" or (prefix / "bin" / "python").exists():
            specs[kernel_name(name)] = kernelspec(
                str(prefix / "bin" / "python"), LABELS.get(name, f"Python 3 (deepmath, {name})"),
                {"CUDA_VISIBLE_DEVICES": ""}, {"gpu": False, "environment": name})
    tf = environments.get("tf")  # the GPU chapters' packages, without CUDA, if no GPU build
    kernel_env = tf if tf and (tf / "bin" / "python").exists() else environments["base"]
    if gpus:
        env = gpu_env if (gpu_env / "bin" / "python").exists() else kernel_env
        label = gpus[0] if len(set(gpus)) == 1 else f"{len(gpus)} GPUs"
        specs[GPU_KERNEL] = kernelspec(
            str(env / "bin" / "python"), f"Python 3 (GPU: {label})",
            {"CUDA_VISIBLE_DEVICES": ",".join(str(i) for i in range(len(gpus))),
             "TF_FORCE_GPU_ALLOW_GROWTH": "true"},  # students share the card
            {"gpu": True, "gpus": gpus, "chapters": list(GPU_CHAPTERS),
             "cuda_build": env == gpu_env})
    kernels = data_dir / "kernels"
    for stale in kernels.glob("python3*") if kernels.is_dir() else []:
        if stale.name not in specs:  # no GPU or environment (any more): the kernel is hidden
            shutil.rmtree(stale)
    for name, spec in specs.items():
        (kernels / name).mkdir(parents=True, exist_ok=True)
        (kernels / name / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n")
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return specs
