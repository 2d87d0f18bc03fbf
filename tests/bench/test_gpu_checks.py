"""Do the GPU check scripts still run the notebooks' own training cells (on CPU here)?

They are meant for a machine with a GPU (``bench/gpu_check_ch14.py``,
``bench/gpu_check_ch18.py``); on this project's machines they run on the CPU only and must
say that no GPU was found. A notebook edit that breaks what they execute fails here, not on
the day a GPU is lent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = [pytest.mark.slow, pytest.mark.tf]


def _run(*argv: str) -> str:
    done = subprocess.run([sys.executable, *argv], capture_output=True, text=True,
                          timeout=600, check=False, env={"KERAS_BACKEND": "tensorflow",
                                                         "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_gpu_check_ch14_runs_the_notebook_cell_on_cpu() -> None:
    out = _run(str(BENCH / "gpu_check_ch14.py"), "--small")
    assert "the ch14 notebook's training cell" in out
    cpu = json.loads(out.strip().splitlines()[-1])["cpu"]
    assert cpu["device"] == "cpu" and cpu["epochs"] == 1 and cpu["images"] == 1000
    if "no GPU found" not in out:  # a machine with a GPU: the GPU run happened
        assert "speed-up GPU / CPU" in out


def test_gpu_check_ch18_trains_the_notebook_decoder() -> None:
    out = _run(str(BENCH / "gpu_check_ch18.py"), "1")
    assert "held-out loss" in out and "backend tensorflow" in out
