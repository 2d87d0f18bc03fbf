"""Is the authoring file turned into a valid nbgrader notebook with one source for points?"""

from __future__ import annotations

import pytest

from autograder.notebook_source import build_notebook

TEXT = """# %% [markdown]
# # Titre
# %% [setup]
import math
# %% [answer carre]
### BEGIN SOLUTION
carre = 4
### END SOLUTION
# %% [test carre -> carre]
# %% [code]
print(carre)
"""


def test_cells_and_metadata() -> None:
    """Do cells get nbgrader metadata (solution, locked, grade with the item's points)?"""
    nb = build_notebook(TEXT, "ch99", {"carre": 2.5})
    kinds = [c.cell_type for c in nb.cells]
    assert kinds == ["markdown", "code", "code", "code", "code"]
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    assert meta[1]["locked"] and not meta[1]["grade"]
    assert meta[2]["solution"] and meta[2]["grade_id"] == "ch99-carre-reponse"
    assert meta[3]["grade"] and meta[3]["points"] == 2.5 and meta[3]["grade_id"] == "ch99-carre"
    assert '.rendre("ch99.carre", lambda: carre)' in nb.cells[3].source
    assert "BEGIN HIDDEN TESTS" in nb.cells[3].source
    assert meta[4] == {}
    assert nb.cells[0].source == "# Titre"


@pytest.mark.parametrize(("text", "points", "error"), [
    (TEXT, {}, "unknown item"),
    (TEXT, {"carre": 1, "autre": 1}, "without a test cell"),
    ("x = 1\n" + TEXT, {"carre": 1}, "before the first cell"),
    (TEXT.replace("carre -> carre", "carre carre"), {"carre": 1}, "bad test header"),
])
def test_authoring_errors(text: str, points: dict[str, float], error: str) -> None:
    """Are authoring mistakes (unknown item, item without test cell…) reported clearly?"""
    with pytest.raises(ValueError, match=error):
        build_notebook(text, "ch99", points)


def test_the_notebook_asks_for_its_environments_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Does an assignment's declared environment choose its notebook's kernel (the hub's
    kernel of that environment) and the sandbox's interpreter, by one naming rule?"""
    from autograder.sandbox.bwrap import student_env

    base = build_notebook(TEXT, "ch99", {"carre": 2.5})
    assert base.metadata["kernelspec"]["name"] == "python3"
    assert base.metadata["deepmath"]["environment"] == "base"
    tf = build_notebook(TEXT, "ch99", {"carre": 2.5}, environment="tf")
    assert tf.metadata["kernelspec"]["name"] == "python3-tf"
    assert tf.metadata["deepmath"]["environment"] == "tf"
    monkeypatch.setenv("DEEPMATH_STUDENT_ENV", "/opt/x/env")
    monkeypatch.delenv("DEEPMATH_STUDENT_ENV_TF", raising=False)
    assert str(student_env()) == "/opt/x/env"
    assert str(student_env("tf")) == "/opt/x/env-tf"
    monkeypatch.setenv("DEEPMATH_STUDENT_ENV_TF", "/elsewhere/tf")
    assert str(student_env("tf")) == "/elsewhere/tf"
    for bad in ("../x", "TF", "", "tf/x"):
        with pytest.raises(ValueError):
            student_env(bad)


def test_test_cells_have_a_visible_self_check_and_name_their_variable() -> None:
    """Does each test cell show the question's self-check above the hidden hand-out, and can
    the kit find which variable each item hands out?"""
    from autograder.notebook_source import BEGIN_HIDDEN, hand_out_variables

    nb = build_notebook(TEXT, "ch99", {"carre": 2.5})
    visible = nb.cells[3].source.split(BEGIN_HIDDEN)[0]
    assert 'verifier("carre")' in visible and "_deepmath_kernel" not in visible
    assert hand_out_variables(nb) == {"ch99.carre": "carre"}
