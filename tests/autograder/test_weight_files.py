"""Submitted weight files (autograder/weight_files.py) and the kit's entrainer_ou_charger."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from autograder.api import _resume_key
from autograder.sandbox.bwrap import sandbox_env
from autograder.weight_files import (
    WEIGHTS_MISSING,
    check_submitted,
    npz_problem,
    read_submitted,
)

KIT = Path(__file__).resolve().parents[2] / "autograder" / "kit" / "deepmath_eleve.py"
CAP = 1024**2


def _npz(compressed: bool = False, **arrays: Any) -> bytes:
    out = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(out, **arrays)
    return out.getvalue()


# ----------------------------------------------------------------- npz_problem
@pytest.mark.parametrize("compressed", [False, True])
def test_plain_numeric_npz_is_accepted(compressed: bool) -> None:
    data = _npz(compressed, **{"w.#0": np.ones((3, 2)), "w.#1": np.arange(4),
                               "w.b": np.float32(1.5), "w.flag": np.array([True])})
    assert npz_problem(data, CAP) is None


def test_not_a_zip_is_refused() -> None:
    assert "npz" in (npz_problem(b"\x80\x04garbage", CAP) or "")


def test_object_arrays_are_refused_without_unpickling(tmp_path: Path) -> None:
    """An object array is a pickle inside the .npy: refused from its header alone."""
    marker = tmp_path / "ran"

    class Boom:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.system, (f"touch {marker}",))

    data = _npz(**{"w": np.array([Boom()], dtype=object)})
    problem = npz_problem(data, CAP)
    assert problem is not None and "object" in problem
    assert not marker.exists()


def test_structured_and_string_dtypes_are_refused() -> None:
    rec = np.zeros(2, dtype=[("a", "f8"), ("b", "i4")])
    assert npz_problem(_npz(w=rec), CAP) is not None
    assert npz_problem(_npz(w=np.array(["abc"])), CAP) is not None


def test_a_zip_bomb_is_refused_from_the_directory() -> None:
    data = _npz(True, w=np.zeros(3_000_000))  # 24 MB of zeros, a few kB compressed
    assert len(data) < CAP
    assert "unpacked" in (npz_problem(data, CAP) or "")


def test_members_with_paths_or_lying_sizes_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("../evil.npy", b"x")
    assert "unexpected member" in (npz_problem(out.getvalue(), CAP) or "")
    good = io.BytesIO()
    np.save(good, np.ones(100))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("w.npy", good.getvalue()[:-80])  # header says 100 floats: 90 there
    assert "inconsistent" in (npz_problem(out.getvalue(), CAP) or "")


def test_empty_archive_is_refused() -> None:
    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()
    assert npz_problem(out.getvalue(), CAP) is not None


# ----------------------------------------------------------------- read_submitted
def test_read_submitted_accepts_finds_and_notes(tmp_path: Path) -> None:
    (tmp_path / "a.npz").write_bytes(_npz(w=np.ones(3)))
    (tmp_path / "c.npz").write_bytes(b"not a zip")
    found = read_submitted(tmp_path, {"a.npz": CAP, "b.npz": CAP, "c.npz": CAP})
    assert set(found.files) == {"a.npz"}
    texts = [n("en") for n in found.notes]
    assert any("“b.npz” is not in your submission" in t for t in texts)
    assert any("“c.npz” was not used" in t for t in texts)
    assert [n("fr") for n in found.notes][0].startswith("« b.npz »")


def test_read_submitted_never_follows_a_link_and_caps_size(tmp_path: Path) -> None:
    secret = tmp_path / "secret.npz"
    secret.write_bytes(_npz(w=np.ones(3)))
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.npz").symlink_to(secret)
    (sub / "big.npz").write_bytes(_npz(w=np.ones(2000)))
    os.mkfifo(sub / "fifo.npz")
    found = read_submitted(sub, {"a.npz": CAP, "big.npz": 1000, "fifo.npz": CAP})
    assert found.files == {}
    assert len(found.notes) == 3
    assert "symbolic link" in found.notes[0]("en") or "link" in found.notes[0]("en")


def test_check_submitted_in_memory_and_digest() -> None:
    a = check_submitted({"a.npz": _npz(w=np.ones(3)), "x.npz": b"ignored"}, {"a.npz": CAP})
    b = check_submitted({"a.npz": _npz(w=np.ones(4))}, {"a.npz": CAP})
    assert set(a.files) == {"a.npz"} and a.notes == []
    assert a.digest() != b.digest()
    missing = check_submitted({}, {"a.npz": CAP})
    assert missing.notes == [WEIGHTS_MISSING.format(name="a.npz")]


def test_resume_key_depends_on_the_weights(tmp_path: Path) -> None:
    """A student who retrains and resubmits only the weights is regraded."""
    a = check_submitted({"a.npz": _npz(w=np.ones(3))}, {"a.npz": CAP})
    b = check_submitted({"a.npz": _npz(w=np.zeros(3))}, {"a.npz": CAP})
    keys = {_resume_key("v", b"nb", None, tmp_path, None, None, w) for w in (a, b, None)}
    assert len(keys) == 3


def test_the_sandbox_says_grading_and_a_student_run_does_not() -> None:
    assert sandbox_env("alice")["DEEPMATH_CORRECTION"] == "1"
    assert "DEEPMATH_CORRECTION" not in sandbox_env("alice", as_student=True)


# ----------------------------------------------------------------- the kit's helper
def _kit(folder: Path, correction: bool, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    shutil.copy(KIT, folder / "deepmath_eleve.py")
    (folder / "deepmath_eleve.json").write_text(json.dumps({"questions": []}))
    (folder / "variantes.json").write_text(json.dumps({"alice": {}}))
    monkeypatch.setenv("DEEPMATH_STUDENT", "alice")
    if correction:
        monkeypatch.setenv("DEEPMATH_CORRECTION", "1")
    else:
        monkeypatch.delenv("DEEPMATH_CORRECTION", raising=False)
    name = f"deepmath_eleve_{folder.name}_{correction}"
    spec = importlib.util.spec_from_file_location(name, folder / "deepmath_eleve.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_kit_trains_in_class_and_loads_at_grading(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    weights = {"wte": np.arange(6.0).reshape(2, 3),
               "layers": [{"heads": [(np.eye(2), np.ones((2, 2)))], "b1": np.zeros(4)}],
               "unembed": np.ones((3, 2))}
    calls = []

    def entrainer() -> dict[str, Any]:
        calls.append(1)
        return weights

    student = _kit(tmp_path, False, monkeypatch)
    assert student.entrainer_ou_charger("poids.npz", entrainer) is weights
    assert calls == [1]
    assert npz_problem((tmp_path / "poids.npz").read_bytes(), CAP) is None
    grading = _kit(tmp_path, True, monkeypatch)

    def never() -> None:
        raise AssertionError("grading retrained")

    back = grading.entrainer_ou_charger("poids.npz", never)
    assert calls == [1]
    np.testing.assert_array_equal(back["wte"], weights["wte"])
    W_Q, W_K = back["layers"][0]["heads"][0]
    np.testing.assert_array_equal(W_K, np.ones((2, 2)))
    assert isinstance(back["layers"], list) and set(back) == set(weights)


class _Model:
    def __init__(self, shapes: list[tuple[int, ...]]) -> None:
        self.w = [np.zeros(s) for s in shapes]

    def get_weights(self) -> list[np.ndarray]:
        return [w.copy() for w in self.w]

    def set_weights(self, ws: list[np.ndarray]) -> None:
        if [np.shape(w) for w in ws] != [w.shape for w in self.w]:
            raise ValueError("shapes differ")
        self.w = [np.asarray(w) for w in ws]


def test_kit_model_round_trip_and_clear_errors(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    student = _kit(tmp_path, False, monkeypatch)

    def fit(m: _Model) -> None:
        m.w = [w + 1 for w in m.w]

    student.entrainer_ou_charger("m.npz", fit, _Model([(2, 3), (3,)]))
    grading = _kit(tmp_path, True, monkeypatch)
    loaded = grading.entrainer_ou_charger("m.npz", None, _Model([(2, 3), (3,)]))
    assert all((w == 1).all() for w in loaded.w)
    with pytest.raises(grading.PoidsAbsents, match="ne vont pas au modèle"):
        grading.entrainer_ou_charger("m.npz", None, _Model([(4, 3), (3,)]))
    with pytest.raises(grading.PoidsAbsents, match="manque"):
        grading.entrainer_ou_charger("autre.npz", None)
    np.save(tmp_path / "obj.npy", np.array([{}], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(tmp_path / "obj.npz", "w") as archive:
        archive.write(tmp_path / "obj.npy", "w.npy")
    with pytest.raises(grading.PoidsAbsents, match="illisible"):
        grading.entrainer_ou_charger("obj.npz", None)
    with pytest.raises(ValueError):
        grading.entrainer_ou_charger("../x.npz", None)
    with pytest.raises(TypeError):
        student.entrainer_ou_charger("s.npz", lambda: {"a": "texte"})


# ----------------------------------------------------------------- the sandbox, both ways
@pytest.mark.sandbox
def test_student_run_hands_back_only_the_asked_plain_files(sandbox_ready: None) -> None:
    """A student run (no DEEPMATH_CORRECTION) brings back the files asked for, within their
    caps, never a link or an oversized file; a grading run sets DEEPMATH_CORRECTION=1."""
    import nbformat

    from autograder.sandbox import Limits, run_notebook

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import os, numpy as np\n"
        "print('mode', os.environ.get('DEEPMATH_CORRECTION'))\n"
        "np.savez('a.npz', w=np.ones(3))\n"
        "open('big.npz', 'wb').write(b'x' * 5000)\n"
        "os.symlink('/etc/passwd', 'link.npz')\n"
        "open('other.npz', 'wb').write(b'not asked')\n")]
    limits = Limits(cell_seconds=20, wall_seconds=60)
    caps = {"a.npz": CAP, "big.npz": 1000, "link.npz": CAP, "absent.npz": CAP}
    student = run_notebook(nbformat.writes(nb), student="eve", limits=limits,
                           as_student=True, collect=caps)
    assert student.state == "finished"
    assert set(student.collected) == {"a.npz"}
    assert npz_problem(student.collected["a.npz"], CAP) is None
    assert "mode None" in student.executed_notebook
    grading = run_notebook(nbformat.writes(nb), student="eve", limits=limits)
    assert grading.collected == {} and "mode 1" in grading.executed_notebook
