"""The tf students' environment in the sandbox: a Keras notebook runs end to end under the
tf limits, hands its model out as data, and a limit hit is named with its value."""

from __future__ import annotations

import random

import nbformat
import pytest

from autograder.answers import collect
from autograder.items import HandOut
from autograder.keras_items import KerasModel, prediction_problem
from autograder.model import Msg
from autograder.pipeline.check_items import _killed, _problem
from autograder.sandbox import Limits, run_notebook
from autograder.sandbox.bwrap import check_available

pytestmark = pytest.mark.sandbox


def _run(*sources: str, limits: Limits, environment: str = "base",
         probes: dict | None = None):  # noqa: ANN202
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return run_notebook(nbformat.writes(nb), student="eve", probes=probes, limits=limits,
                        environment=environment)


def test_tf_limits_fit_tensorflow() -> None:
    """Do the tf defaults leave room for TensorFlow (≈ 2.1 GB of address space at start)?"""
    tf, base = Limits.for_environment("tf"), Limits.for_environment("base")
    assert base == Limits()
    assert tf.memory_bytes >= 4 * 1024**3 and tf.cell_seconds >= 90
    assert tf.wall_seconds > base.wall_seconds and tf.cpu_seconds > base.cpu_seconds


def test_limit_messages_name_the_limit_and_its_value() -> None:
    """Does the feedback say which limit was hit, and its value, in French and English?"""
    limits = Limits(cpu_seconds=7, memory_bytes=2 * 1024**3)
    cpu = _killed(24, limits)
    assert "CPU" in cpu.fr and "7 s" in cpu.fr and "7 s" in cpu.en
    memory = _killed(9, limits)
    assert "mémoire" in memory.fr and "2 Go" in memory.fr and "SIGKILL" in memory.en
    oom = _problem({"outputs": [{"output_type": "error", "ename": "MemoryError",
                                 "evalue": "", "traceback": []}]}, "error", 20, limits)
    assert oom is not None and "2 Go" in oom.message.fr
    assert isinstance(_killed(None, limits), Msg)


@pytest.mark.slow
def test_cpu_limit_hit_is_recorded_with_its_signal(sandbox_ready: None) -> None:
    """Does a CPU-bound cell past RLIMIT_CPU come back as SIGXCPU on that cell?"""
    limits = Limits(cpu_seconds=6, cell_seconds=40, wall_seconds=90)
    result = _run("x = 1", "while True:\n    pass",
                  "__import__('_deepmath_kernel').rendre('t.x', lambda: x)", limits=limits)
    assert result.status.get("signals") == {"1": 24}, result.status
    assert '"t.x"' in result.answers_text


@pytest.mark.tf
@pytest.mark.slow
def test_a_keras_notebook_runs_in_the_tf_sandbox() -> None:
    """Does a ch06-like notebook import keras, build a model and hand it out as data, with
    its predictions on the grader's inputs, within the tf limits?"""
    try:
        check_available("tf")
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no tf students' environment: {exc}")
    probe = HandOut(inputs=(random.Random(0).random() * __import__("numpy").ones((4, 2)),))
    result = _run(
        "import numpy as np\nimport keras",
        "model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3, "
        "activation='relu'), keras.layers.Dense(1, activation='sigmoid')])",
        "__import__('_deepmath_kernel').rendre('ch06.m', lambda: model)",
        limits=Limits.for_environment("tf"), environment="tf",
        probes={"ch06.m": probe.to_probe()})
    assert result.state == "finished", result.stderr_tail[-2000:]
    records, notes = collect(result.answers_text, {"ch06.m"}, {"ch06.m": 20000})
    model = records["ch06.m"].value
    assert isinstance(model, KerasModel), (records, notes)
    assert model.param_count == 13
    assert prediction_problem(model, list(probe.inputs)) is None
