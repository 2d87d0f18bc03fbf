"""Check the GPU kernel on a machine with an NVIDIA GPU (run by hand; stdlib only).

    PYTHONPATH=hub_config python3 bench/hub_gpu_check.py

Detects the GPUs as the hub does, writes the hub's kernelspecs into a scratch dir, then starts
a process with each kernel's environment and asks the CUDA driver (libcuda, through ctypes)
how many devices it sees: the GPU kernel must see them all, the default kernel none.
Prints one JSON report; exit status 0 when both hold (or when there is no GPU and the GPU
kernel is not offered).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from deepmath_hub import kernels

CUDA_PROBE = r"""
import ctypes, json, os
out = {"CUDA_VISIBLE_DEVICES": os.environ.get("CUDA_VISIBLE_DEVICES")}
try:
    cuda = ctypes.CDLL("libcuda.so.1")
except OSError as e:
    out["error"] = f"no libcuda: {e}"
else:
    rc = cuda.cuInit(0)
    n = ctypes.c_int(0)
    if rc == 0:
        cuda.cuDeviceGetCount(ctypes.byref(n))
    names = []
    for i in range(n.value):
        dev, buf = ctypes.c_int(), ctypes.create_string_buffer(100)
        cuda.cuDeviceGet(ctypes.byref(dev), i)
        cuda.cuDeviceGetName(buf, 100, dev)
        names.append(buf.value.decode())
    out.update(cuInit=rc, devices=n.value, names=names)
print(json.dumps(out))
"""


def probe(env: dict[str, str]) -> dict[str, object]:
    """A kernel's env goes in; what the CUDA driver shows a process started with it comes out."""
    done = subprocess.run([sys.executable, "-c", CUDA_PROBE], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120, check=False)
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (IndexError, json.JSONDecodeError):
        return {"error": done.stderr[-500:]}


def main() -> int:
    gpus = kernels.detect_gpus()
    prefix = Path(sys.prefix)
    with tempfile.TemporaryDirectory() as tmp:
        specs = kernels.write_kernelspecs(Path(tmp), {"base": prefix},
                                          Path(tmp) / "no-gpu-env", gpus)
    report: dict[str, object] = {"nvidia_smi": gpus, "kernels": {}}
    for name, spec in specs.items():
        seen = probe(dict(spec["env"]))  # type: ignore[arg-type]
        report["kernels"][name] = {"display_name": spec["display_name"], "sees": seen}  # type: ignore[index]
    print(json.dumps(report, indent=1))
    cpu = report["kernels"][kernels.CPU_KERNEL]["sees"]  # type: ignore[index]
    if not gpus:
        return 0 if kernels.GPU_KERNEL not in specs else 1
    gpu = report["kernels"][kernels.GPU_KERNEL]["sees"]  # type: ignore[index]
    ok = gpu.get("devices") == len(gpus) and cpu.get("devices", 0) == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
