"""Do the guardrails of pyproject.toml hold (ruff everywhere, mypy --strict on autograder/)?"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_ruff_is_clean() -> None:
    """Does ruff (B, E, F, I, UP, W) pass on the code and the tests?"""
    proc = subprocess.run([str(BIN / "ruff"), "check", "reference", "autograder", "tests",
                           "bench", "course"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_on_autograder() -> None:
    """Does the security-relevant package type-check under mypy --strict?"""
    proc = subprocess.run([str(BIN / "mypy"), "--strict", "autograder"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
