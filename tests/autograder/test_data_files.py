"""Does an items file's DATA_FILES hook ship generated data files, with safe names only?"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.course import Course
from autograder.errors import AuthoringError


def _course(tmp_path: Path, data_files: str) -> Course:
    (tmp_path / "items").mkdir(parents=True)
    (tmp_path / "items" / "ch98.py").write_text(
        f"ITEMS = []\nCALLS = []\n"
        f"def make():\n    CALLS.append(1)\n    return b'data'\nDATA_FILES = {data_files}\n")
    return Course(tmp_path)


def test_data_files_are_generated_once_and_named_safely(tmp_path: Path) -> None:
    """Is each file made by its hook (once per process), and a bad name an authoring error?"""
    course = _course(tmp_path / "a", "{'train.npz': make}")
    assert course.data_files("ch98") == {"train.npz": b"data"}
    assert course.data_files("ch98") == {"train.npz": b"data"}
    for bad in ("'../x.npz'", "'.hidden.npz'", "'ch98.ipynb'", "'x.py'"):
        with pytest.raises(AuthoringError, match="DATA_FILES"):
            _course(tmp_path / bad.strip("'./"), "{" + bad + ": make}").data_files("ch98")
    with pytest.raises(AuthoringError, match="bytes"):
        _course(tmp_path / "c", "{'x.npz': lambda: 'text'}").data_files("ch98")


def _weights_course(tmp_path: Path, weight_files: str) -> Course:
    (tmp_path / "items").mkdir(parents=True)
    (tmp_path / "items" / "ch98.py").write_text(
        "ITEMS = []\nDATA_FILES = {'train.npz': lambda: b'd'}\n"
        f"WEIGHT_FILES = {weight_files}\n")
    return Course(tmp_path)


def test_weight_files_are_declared_with_safe_names_and_caps(tmp_path: Path) -> None:
    """Is a WEIGHT_FILES entry a plain .npz name with a byte cap, never a DATA_FILES name?"""
    assert _weights_course(tmp_path / "a", "{'poids.npz': 1000}").weight_files("ch98") == {
        "poids.npz": 1000}
    bad = ["{'../p.npz': 10}", "{'.p.npz': 10}", "{'p.pkl': 10}", "{'train.npz': 10}",
           "{'p.npz': 0}", "{'p.npz': 10**9}", "{'p.npz': 1.5}", "['p.npz']"]
    for k, declared in enumerate(bad):
        with pytest.raises(AuthoringError, match="WEIGHT_FILES"):
            _weights_course(tmp_path / f"b{k}", declared).weight_files("ch98")
