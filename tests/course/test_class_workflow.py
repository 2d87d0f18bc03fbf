"""The class workflow through the real sandbox (issue 8 items 5, 11 and the authors' check).

Does each way an answer cell can go wrong come back as what happened in that cell, in the
student's language, while untouched stubs stay "not attempted"? Does `deepmath check ch01`
pass on the course as shipped?
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder import api
from autograder.cli import main
from autograder.course import Course
from autograder.demo import load_scenarios, make_submission
from tests.conftest import FAST_LIMITS

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

BROKEN = {
    "derivee_somme": 'x1 = 1\nderivee_somme = ("3*x"\n',
    "derivee_produit": "import module_qui_n_existe_pas\nderivee_produit = 'x'",
    "derivee_quotient": "a = 1\nderivee_quotient = a / 0",
    "tangente": 'm = p["m"]\ntangente = f"y = (x - {m * m})/(2*{m}) + {m}"',
    "heaviside": "def heaviside(x):\n    print(1.0 if x >= 0 else 0.0)",
    "newton": "# VOTRE CODE ICI\nraise NotImplementedError()",
    "derivee_composee": "derivee_compose = 'x'",
}


def test_cell_errors_come_back_as_what_happened(released_course: Path,
                                                sandbox_ready: None) -> None:
    """Syntax error, missing module, runtime error, print instead of return, a renamed
    variable: each is named with its line; "y = …" is read; the stub stays missing."""
    course = Course(released_course)
    answers = {**load_scenarios(course, "ch01")["alice"], **BROKEN}
    text = make_submission(course, "ch01", answers)
    report = api.grade_bytes(course=course, assignment="ch01", student="alice",
                             raw=text.encode(), limits=FAST_LIMITS, seed=7).report
    items = {i.id.removeprefix("ch01."): i for i in report.items}
    somme = items["derivee_somme"]
    assert somme.status == "error", somme
    assert somme.feedback.fr.startswith("Votre cellule a levé SyntaxError ligne 2"), somme
    assert "Your cell raised SyntaxError at line 2" in somme.feedback.en
    produit = items["derivee_produit"]
    assert produit.status == "error" and "ModuleNotFoundError ligne 1" in produit.feedback.fr
    quotient = items["derivee_quotient"]
    assert quotient.status == "error" and "ZeroDivisionError ligne 2" in quotient.feedback.fr
    assert items["tangente"].status == "pass", items["tangente"]
    heaviside = items["heaviside"]
    assert heaviside.status == "fail" and "return" in heaviside.feedback.fr, heaviside
    assert "NoneType" not in heaviside.feedback.fr
    assert items["newton"].status == "missing"
    composee = items["derivee_composee"]
    assert composee.status == "error" and "derivee_composee" in composee.feedback.fr
    for name in ("derivee_somme", "derivee_produit", "derivee_quotient", "derivee_composee"):
        assert "pas été traitée" not in items[name].feedback.fr


def test_authors_check_passes_on_the_course(released_course: Path, tmp_path: Path,
                                           sandbox_ready: None) -> None:
    """Does `deepmath check ch01` grade the solution, the release and every declared mistake,
    print the table and exit 0 on the course as shipped?"""
    import shutil

    root = tmp_path / "course"
    shutil.copytree(released_course, root)
    result = CliRunner().invoke(main, ["--course-dir", str(root), "check", "ch01"])
    assert result.exit_code == 0, result.output
    assert "solution" in result.output and "release" in result.output
    assert "mistake" in result.output and "produit_des_derivees" in result.output
    assert "checks as expected" in result.output
