"""The students' kernels (issue 4, item 3): what they can import, and what they cannot."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from deepmath_hub.settings import HubSettings

SANDBOX_ENV = Path(HubSettings().sandbox_env)
HUB_KERNEL_ENV = Path(HubSettings().kernel_env)


def run(env: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Code runs in the env's Python from /, isolated from this repository (-I)."""
    return subprocess.run([str(env / "bin" / "python"), "-I", "-c", code], cwd="/",
                          capture_output=True, text=True, timeout=120, check=False)


def need(env: Path) -> None:
    if not (env / "bin" / "python").exists():
        pytest.skip(f"{env} is missing: run scripts/hub_setup.sh --test")


@pytest.mark.parametrize("env", [SANDBOX_ENV, HUB_KERNEL_ENV], ids=["kernel", "hub-kernel-tf"])
def test_kernel_env_has_the_maths_and_not_the_grader(env: Path) -> None:
    """Does the kernel import numpy, sympy, matplotlib but neither reference nor autograder?"""
    need(env)
    done = run(env, "import numpy, sympy, matplotlib; print('ok')")
    assert done.stdout.strip() == "ok", done.stderr
    for secret in ("reference", "autograder", "nbgrader"):
        done = run(env, f"import {secret}")
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, secret
    assert not list(env.rglob("reference/newton.py"))


def test_kernel_env_is_world_readable() -> None:
    """Can any account run the kernel env (built from Debian's python, not root's)?"""
    need(SANDBOX_ENV)
    assert (SANDBOX_ENV / "bin" / "python").resolve().is_relative_to("/usr")
    for path in (SANDBOX_ENV, SANDBOX_ENV / "lib"):
        assert path.stat().st_mode & 0o005 == 0o005, path


@pytest.mark.tf
@pytest.mark.slow
def test_hub_kernel_has_tensorflow_keras() -> None:
    """Does the hub's kernel env run TensorFlow/Keras (the deep-learning chapters)?"""
    need(HUB_KERNEL_ENV)
    done = run(HUB_KERNEL_ENV, "import os; os.environ['TF_CPP_MIN_LOG_LEVEL']='3';"
               "import keras; m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]);"
               "print(m.count_params())")
    assert done.stdout.strip().splitlines()[-1] == "8", done.stderr[-2000:]
