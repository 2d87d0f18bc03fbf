"""The students' kernels (issue 4, item 3): what they can import, and what they cannot; and
(issue 8, item 6) each assignment's kernel on the hub runs the packages its sandbox runs."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import nbformat
import pytest
from deepmath_hub import kernels
from deepmath_hub.settings import HubSettings

from autograder.course import Course
from autograder.notebook_source import kernel_name

REPO = Path(__file__).resolve().parents[2]
SANDBOX_ENV = Path(HubSettings().sandbox_env)
HUB_KERNEL_ENV = HubSettings().environment_prefix("tf")
PACKAGES = ("import importlib.metadata as m, json;"
            "print(json.dumps(sorted({f'{d.name.lower()}=={d.version}' for d in m.distributions()"
            " if d.name})))")


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


def sandbox_packages(environment: str) -> list[str]:
    """The distributions the grading sandbox of ``environment`` imports from, listed by a
    notebook cell run in the sandbox itself (bubblewrap, the sandbox's env and limits)."""
    from autograder.sandbox.bwrap import run_notebook

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(PACKAGES))
    result = run_notebook(nbformat.writes(nb), student="dmtest-envcheck", environment=environment)
    assert result.executed_notebook, (result.state, result.stderr_tail)
    executed = nbformat.reads(result.executed_notebook, as_version=4)
    text = "".join(o.get("text", "") for o in executed.cells[0].outputs)
    return list(json.loads(text))


@pytest.mark.sandbox
@pytest.mark.slow
@pytest.mark.parametrize("assignment", Course(REPO / "course").assignments())
def test_assignment_kernel_runs_the_sandbox_packages(assignment: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Does the kernel the hub starts for an assignment's notebook import exactly the
    package set its grading sandbox imports (an answer that runs for the student runs for
    the grader)?"""
    s = HubSettings()
    environment = Course(REPO / "course").environment(assignment)
    prefix = s.environment_prefix(environment)
    need(prefix)
    specs = kernels.write_kernelspecs(tmp_path, s.environment_prefixes(), Path(s.gpu_env), [])
    spec = specs[kernel_name(environment)]  # what the released notebook asks for
    argv, env = spec["argv"], spec["env"]
    assert isinstance(argv, list) and isinstance(env, dict)
    kernel = subprocess.run([argv[0], "-I", "-c", PACKAGES], cwd="/", capture_output=True,
                            text=True, timeout=120, check=True, env={**os.environ, **env})
    monkeypatch.setenv("DEEPMATH_STUDENT_ENV", s.sandbox_env)  # as in an instructor's server
    assert json.loads(kernel.stdout) == sandbox_packages(environment)
