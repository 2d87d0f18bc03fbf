"""ch05 through the sandbox: do weights that are not plain numbers (strings, NaN, a huge
network, an object lying about its length, numpy monkeypatched in the kernel) earn nothing,
each with its message, while the honest answers of the same notebook still count?

(The standard checks — source 100 %, release 0, scenarios — are in test_course_all.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder import api
from autograder.course import Course
from autograder.demo import copy_course, load_scenarios, make_submission
from tests.conftest import FAST_LIMITS

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]


@pytest.fixture(scope="module")
def ch05_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = copy_course(tmp_path_factory.mktemp("ch05") / "course")
    api.release(course_dir=course.root, assignment="ch05", exchange=False)
    return course.root


def test_construction_attacks_earn_nothing(ch05_course: Path, sandbox_ready: None) -> None:
    """Is each attacked construction refused with a message naming what is wrong?"""
    course = Course(ch05_course)
    text = make_submission(course, "ch05", load_scenarios(course, "ch05")["mallory"])
    report = api.grade_bytes(course=course, assignment="ch05", student="mallory",
                             raw=text.encode(), limits=FAST_LIMITS, seed=7).report
    items = {i.id.removeprefix("ch05."): i for i in report.items}
    for honest in ("perceptron", "nombre_parametres", "porte_logique"):
        assert items[honest].status == "pass", items[honest]
    expected = {"porte_trois_entrees": "nombres réels finis", "demi_plan": "nan",
                "triangle": "Trop de neurones", "reseau_xor": "couches (W, b)"}
    for name, words in expected.items():
        assert items[name].points == 0 and words in items[name].feedback.fr, items[name]
    for name in ("creneau", "non_realisables", "sortie_reseau"):
        assert items[name].points == 0, items[name]
    assert any("noyau" in note.fr for note in report.notes)  # the killed kernel is reported
