"""The ch04 assignment through the whole path: release → sandboxed run → verdicts.

Is the source notebook worth full marks for two students' variants, does the untouched
release finish with 0, does each typical mistake get its message, and does a cheating
submission (a lying Axes subclass, a forged figure record, rigged comparisons…) earn nothing
it did not solve?
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from autograder import api
from autograder.course import Course
from autograder.demo import copy_course, load_scenarios, make_submission
from tests.conftest import FAST_LIMITS

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

ASSIGNMENT = "ch04"
BOB_MISTAKES = {
    "ch04.element_reshape": "ordre_colonnes",
    "ch04.grille_Z": "indexation_ij",
    "ch04.coupe": "colonne",
    "ch04.minimum_grille": "indices",
    "ch04.relu_vec": "otypes",
    "ch04.exp_log": "identite",
    "ch04.fig_niveaux": "fin_exclue",
    "ch04.fraction_positive": "inegalite_inverse",
}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    root = tmp_path_factory.mktemp(ASSIGNMENT) / "course"
    course = copy_course(root)
    (course.root / "roster.csv").write_text(
        "username,role,first_name,last_name,email\nalice,student,Alice,A,a@example.org\n",
        encoding="utf-8")
    api.release(course_dir=course.root, assignment=ASSIGNMENT, exchange=False)
    return course


def _grade(course: Course, text: str, student: str) -> api.GradeReport:
    return api.grade_bytes(course=course, assignment=ASSIGNMENT, student=student,
                           raw=text.encode(), limits=FAST_LIMITS, seed=99).report


def _scenario(course: Course, name: str) -> str:
    return make_submission(course, ASSIGNMENT, load_scenarios(course, ASSIGNMENT)[name])


@pytest.mark.parametrize("student", ["alice", "zoe-not-on-roster"])
def test_source_notebook_scores_full_marks(course: Course, sandbox_ready: None,
                                           student: str) -> None:
    """Does the source notebook (solutions + hidden tests) earn 100 % for this variant?"""
    source = course.source_notebook(ASSIGNMENT).read_text(encoding="utf-8")
    start = time.monotonic()
    report = _grade(course, source, student)
    print(f"{ASSIGNMENT} graded in {time.monotonic() - start:.1f} s")
    assert {i.id for i in report.items} == {i.id for i in course.items(ASSIGNMENT)}
    assert [(i.id, i.feedback("en")) for i in report.items if i.status != "pass"] == []
    assert report.score == report.max_score > 0


def test_released_notebook_finishes_and_scores_zero(course: Course, sandbox_ready: None) -> None:
    """Does the untouched release run to the end, every item 'missing', score 0?"""
    release = (course.root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(
        encoding="utf-8")
    assert "BEGIN SOLUTION" not in release and "_deepmath_kernel" not in release
    report = _grade(course, release, "alice")
    assert report.sandbox_state == "finished"
    assert report.score == 0
    assert {i.status for i in report.items} == {"missing"}, report.to_json("en")


def test_typical_mistakes_get_targeted_feedback(course: Course, sandbox_ready: None) -> None:
    """Does each typical mistake of the 'bob' scenario name the declared mistake?"""
    items = {i.id: i for i in _grade(course, _scenario(course, "bob"), "bob").items}
    assert items["ch04.fig_surface"].status == "pass"  # a wireframe: another right form
    assert items["ch04.linspace_element"].status == "pass"
    for item_id, mistake in BOB_MISTAKES.items():
        assert (items[item_id].status, items[item_id].mistake) == ("fail", mistake), \
            (item_id, items[item_id])
        assert items[item_id].points == 0


def test_cheating_earns_nothing_it_did_not_solve(course: Course, sandbox_ready: None) -> None:
    """Do the lying Axes subclass, the forged figure, the rigged ndarray/tuple and the
    patched np.vectorize earn 0, while the honestly solved items still pass?"""
    scenario = load_scenarios(course, ASSIGNMENT)["mallory"]
    report = _grade(course, _scenario(course, "mallory"), "mallory")
    items = {i.id: i for i in report.items}
    for name, code in scenario.items():
        item = items[f"{ASSIGNMENT}.{name}"]
        if code == "__solution__":
            assert item.status == "pass", item
        else:
            assert item.points == 0, item
    assert "could not be read" in items["ch04.fig_surface"].feedback("en")


def test_grade_and_feedback_commands(course: Course, sandbox_ready: None,
                                     tmp_path: Path) -> None:
    """Do `deepmath release`, `grade` and `feedback` work on ch04 from the CLI?"""
    from click.testing import CliRunner

    from autograder.cli import main

    root = tmp_path / "course"
    shutil.copytree(course.root, root)
    runner = CliRunner()
    done = runner.invoke(main, ["--course-dir", str(root), "release", ASSIGNMENT])
    assert done.exit_code == 0, done.output
    target = root / "submitted" / "bob" / ASSIGNMENT
    target.mkdir(parents=True)
    (target / f"{ASSIGNMENT}.ipynb").write_text(_scenario(Course(root), "bob"))
    graded = runner.invoke(main, ["--course-dir", str(root), "grade", ASSIGNMENT])
    assert graded.exit_code == 0 and "bob" in graded.output, graded.output
    feedback = runner.invoke(main, ["--course-dir", str(root), "feedback", ASSIGNMENT])
    assert feedback.exit_code == 0, feedback.output
    page = (root / "feedback" / "bob" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text("utf-8")
    assert "np.arange(l0, l1 + 1)" in page and "_deepmath_kernel" not in page
