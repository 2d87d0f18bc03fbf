"""The whole course, one assignment at a time: every assignment found in course/items/ is
checked the same way, so an assignment added later needs no new test code.

Item level (fast): 8–12 items, each with at least one declared mistake whose message fires on
the answer that mistake produces (``wrong``, or the ``example`` a predicate-only mistake must
carry); French titles; variants that change the expected answers.
End to end (slow, sandbox): the source notebook earns 100 % for two students' variants; the
untouched release runs to the end with every item missing; the four scenarios exist; the
cheating scenario earns nothing beyond what its honest answers earn on their own.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
import sympy as sp

from autograder import api
from autograder.answers import Record, SymbolicText
from autograder.constructions import ConstructionItem
from autograder.course import Course
from autograder.demo import SOLUTION_REGION, copy_course, load_scenarios, make_submission
from autograder.items import FunctionItem, Item, Mistake, SymbolicItem
from autograder.model import Outcome
from autograder.training_items import TrainedWeightsItem
from autograder.variants import params_for
from autograder.vectors import SymbolicTupleItem
from autograder.weight_files import check_submitted
from tests.conftest import fast_limits

REPO_COURSE = Path(__file__).resolve().parents[2] / "course"
COURSE = Course(REPO_COURSE)
ASSIGNMENTS = COURSE.assignments()
SECRET = b"course-test-secret"
SOLUTION = "__solution__"
STUDENTS = ["alice", "bob", "s42"]


def _items(assignment: str) -> list[Item]:
    return COURSE.items(assignment)


def _params(item: Item, assignment: str, student: str) -> dict[str, Any]:
    return params_for(item, SECRET, assignment, student)


def _as_data(item: Item, answer: Any) -> Any:
    """An answer written by the test (sympy, Fraction, lists...) → what the kernel hands out."""
    if isinstance(item, SymbolicItem) and isinstance(answer, sp.Basic):
        return SymbolicText(sp.sstr(answer))
    if isinstance(item, SymbolicTupleItem):
        return tuple(SymbolicText(sp.sstr(a)) if isinstance(a, sp.Basic) else a for a in answer)
    return answer


def check(item: Item, params: dict[str, Any], answer: Any) -> Outcome:
    """Grade one answer at item level, as check_items would after the kernel's hand-out."""
    if isinstance(item, FunctionItem):
        calls = item.probes(params, random.Random(0)) or []
        return item.check_outputs(item.expected_outputs(answer, calls), params, calls)
    return item.check(Record(item.id, "value", value=_as_data(item, answer)), params)


def _mistake_answer(item: Item, mistake: Mistake, params: dict[str, Any]) -> Any:
    if mistake.wrong is not None:
        return mistake.wrong(params)
    assert mistake.example is not None, (
        f"{item.id}/{mistake.name}: a predicate-only mistake needs an example answer")
    return mistake.example(params)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_assignment_shape(assignment: str) -> None:
    """Has the assignment 8–12 items, ids chNN.<name>, each with a French title and at least
    one declared mistake, and do most items declare two or more?"""
    items = _items(assignment)
    assert 8 <= len(items) <= 12, len(items)
    assert all(i.id.startswith(f"{assignment}.") and i.points > 0 for i in items)
    assert all(i.mistakes for i in items), [i.id for i in items if not i.mistakes]
    assert sum(len(i.mistakes) >= 2 for i in items) * 2 >= len(items)
    assert all(i.title.fr and i.title.en for i in items)
    notebook = (REPO_COURSE / "notebooks" / f"{assignment}.py").read_text(encoding="utf-8")
    for item in items:
        assert f"# %% [test {item.name} ->" in notebook, item.id
        text = item.statement(_params(item, assignment, "alice"))
        assert isinstance(text, str) and text.strip(), item.id
    french = sum(notebook.count(w) for w in (" la ", " le ", " les ", " des ", " est "))
    assert french >= 3 * len(items), "the notebook's statements should be in French"


MISTAKE_CASES = [(a, item.name, m.name) for a in ASSIGNMENTS for item in _items(a)
                 for m in item.mistakes]


@pytest.mark.parametrize("student", STUDENTS[:2])
@pytest.mark.parametrize(("assignment", "name", "mistake"), MISTAKE_CASES)
def test_each_declared_mistake_triggers_its_message(assignment: str, name: str, mistake: str,
                                                    student: str) -> None:
    """Does the answer this mistake produces fail with exactly that mistake's message?"""
    item = next(i for i in _items(assignment) if i.name == name)
    declared = next(m for m in item.mistakes if m.name == mistake)
    params = _params(item, assignment, student)
    outcome = check(item, params, _mistake_answer(item, declared, params))
    assert not outcome.passed, (item.id, mistake)
    assert outcome.mistake == mistake, (item.id, mistake, outcome)
    assert outcome.message == declared.message


def _signature(item: Item, params: dict[str, Any]) -> str:
    """What this student must answer, as text (for comparing variants)."""
    if isinstance(item, FunctionItem):
        calls = item.probes(params, random.Random(0)) or []
        return repr(item.expected_outputs(item.reference(params), calls))
    if isinstance(item, ConstructionItem):
        return repr(item.test_points(params))
    if isinstance(item, TrainedWeightsItem):  # what to train (its held-out data stay hidden)
        return item.statement(params)
    return repr(item.expected(params))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_variants_change_the_expected_answers(assignment: str) -> None:
    """Do the variants change what students must answer: on at least half of the items the
    expected answer differs between some of five students, and alice's differs from bob's?"""
    items = _items(assignment)
    students = ["alice", "bob", "chloe", "s42", "s43"]
    varying = [i.id for i in items
               if len({_signature(i, _params(i, assignment, s)) for s in students}) >= 2]
    assert len(varying) * 2 >= len(items), varying
    assert any(_signature(i, _params(i, assignment, "alice"))
               != _signature(i, _params(i, assignment, "bob")) for i in items)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_scenarios_exist(assignment: str) -> None:
    """Are the four sample submissions there, and do they name only real answer cells?"""
    scenarios = load_scenarios(COURSE, assignment)
    assert {"alice", "bob", "chloe", "mallory"} <= set(scenarios)
    names = {i.name for i in _items(assignment)}
    for student, answers in scenarios.items():
        assert set(answers) <= names, (student, set(answers) - names)
    assert scenarios["chloe"] == {}
    assert set(scenarios["alice"]) == names and set(scenarios["alice"].values()) == {SOLUTION}
    honest = [n for n, code in scenarios["mallory"].items() if code == SOLUTION]
    assert honest and len(honest) < len(names)


# ---------------------------------------------------------------- end to end (sandbox)
@pytest.fixture(scope="module")
def course_all(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's course with every assignment released (roster: alice)."""
    root = tmp_path_factory.mktemp("course-all") / "course"
    course = copy_course(root)
    (course.root / "roster.csv").write_text(
        "username,role,first_name,last_name,email\nalice,student,Alice,A,a@example.org\n",
        encoding="utf-8")
    for assignment in ASSIGNMENTS:
        api.release(course_dir=course.root, assignment=assignment, exchange=False)
    return course.root


_TRAINED: dict[tuple[str, str, str], dict[str, bytes]] = {}


def _trained(root: Path, assignment: str, text: str, student: str) -> dict[str, bytes]:
    """The weight files this student's run of ``text`` writes in class (``WEIGHT_FILES``),
    made by running it as the student's kernel would; runs whose answer cells are the same
    (the source notebook and alice's all-solution submission) share one training."""
    course = Course(root)
    if not course.weight_files(assignment):
        return {}
    answers = [SOLUTION_REGION.sub("", c.source) for c in nbformat.reads(text, as_version=4).cells
               if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    key = (assignment, student, hashlib.sha256("\0".join(answers).encode()).hexdigest())
    if key not in _TRAINED:
        _TRAINED[key] = api.run_as_student(
            course=course, assignment=assignment, student=student, notebook=text,
            limits=fast_limits(course.environment(assignment)))
    return _TRAINED[key]


def _grade(root: Path, assignment: str, text: str, student: str,
           trained: bool = True) -> api.GradeReport:
    """Grade ``text`` as the class run does: with the weight files the student's own run
    wrote next to it (unless ``trained`` is False: an untouched release has none)."""
    course = Course(root)
    weights = check_submitted(
        _trained(root, assignment, text, student) if trained else {},
        course.weight_files(assignment))
    return api.grade_bytes(course=course, assignment=assignment, student=student,
                           raw=text.encode(), limits=fast_limits(course.environment(assignment)),
                           seed=4321, weights=weights).report


@pytest.mark.slow
@pytest.mark.sandbox
@pytest.mark.parametrize("student", ["alice", "zoe-not-on-roster"])
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_full_marks(course_all: Path, sandbox_ready: None, assignment: str,
                                    student: str) -> None:
    """Does the instructor's source notebook earn 100 % with this student's parameters?"""
    source = Course(course_all).source_notebook(assignment).read_text(encoding="utf-8")
    report = _grade(course_all, assignment, source, student)
    assert {i.id for i in report.items} == {i.id for i in _items(assignment)}
    failed = [(i.id, i.status, i.feedback("en")) for i in report.items if i.status != "pass"]
    assert failed == [] and report.score == report.max_score > 0


@pytest.mark.slow
@pytest.mark.sandbox
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_finishes_and_scores_zero(course_all: Path, sandbox_ready: None,
                                          assignment: str) -> None:
    """Does the untouched release run to the end, every item 'missing', score 0, with no
    solution or hand-out code in it?"""
    release = (course_all / "release" / assignment / f"{assignment}.ipynb").read_text(
        encoding="utf-8")
    assert "BEGIN SOLUTION" not in release and "_deepmath_kernel" not in release
    report = _grade(course_all, assignment, release, "alice", trained=False)
    assert report.sandbox_state == "finished"
    assert report.score == 0
    assert {i.status for i in report.items} == {"missing"}, report.to_json("en")


@pytest.mark.slow
@pytest.mark.sandbox
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_scenarios_end_to_end(course_all: Path, sandbox_ready: None, assignment: str) -> None:
    """Is alice's submission worth full marks, does bob's get named mistakes, and does mallory
    earn nothing, item by item, beyond what her honest answers alone earn?"""
    course = Course(course_all)
    scenarios = load_scenarios(course, assignment)
    alice = _grade(course_all, assignment,
                   make_submission(course, assignment, scenarios["alice"]), "alice")
    assert alice.score == alice.max_score, alice.to_json("en")
    bob = _grade(course_all, assignment,
                 make_submission(course, assignment, scenarios["bob"]), "bob")
    named = [i.id for i in bob.items if i.status == "fail" and i.mistake]
    assert len(named) >= 3, bob.to_json("en")
    honest_only = {n: c for n, c in scenarios["mallory"].items() if c == SOLUTION}
    honest = _grade(course_all, assignment,
                    make_submission(course, assignment, honest_only), "mallory")
    mallory = _grade(course_all, assignment,
                     make_submission(course, assignment, scenarios["mallory"]), "mallory")
    earned = {i.id: i.points for i in honest.items}
    beyond = [(i.id, i.points) for i in mallory.items if i.points > earned[i.id]]
    assert beyond == [], mallory.to_json("en")
    assert honest.score > 0


WEIGHT_ASSIGNMENTS = [a for a in ASSIGNMENTS if COURSE.weight_files(a)]


@pytest.mark.slow
@pytest.mark.sandbox
@pytest.mark.parametrize("assignment", WEIGHT_ASSIGNMENTS)
def test_grading_never_retrains(course_all: Path, sandbox_ready: None, assignment: str) -> None:
    """Does grading load the weights the student's run saved, and never train again? The
    same all-correct notebook earns full marks with its weight files and loses exactly the
    trained items without them (a grader that retrained would pass those too), with a note
    that names each missing file."""
    course = Course(course_all)
    text = make_submission(course, assignment, load_scenarios(course, assignment)["alice"])
    with_files = _grade(course_all, assignment, text, "alice")
    assert with_files.score == with_files.max_score, with_files.to_json("en")
    without = _grade(course_all, assignment, text, "alice", trained=False)
    lost = [i.id for i in without.items if i.status != "pass"]
    assert lost and len(lost) < len(without.items), without.to_json("en")
    notes = " ".join(n("en") for n in without.notes)
    for name in course.weight_files(assignment):
        assert f"“{name}” is not in your submission" in notes


@pytest.mark.slow
@pytest.mark.sandbox
def test_release_grade_feedback_cli(course_all: Path, sandbox_ready: None,
                                    tmp_path: Path) -> None:
    """Do `deepmath release`, `grade` and `feedback` work for every assignment (one class of
    one submission each)?"""
    from click.testing import CliRunner

    from autograder.cli import main

    root = tmp_path / "course"
    shutil.copytree(course_all, root)
    course = Course(root)
    runner = CliRunner()
    for assignment in ASSIGNMENTS:
        done = runner.invoke(main, ["--course-dir", str(root), "release", assignment])
        assert done.exit_code == 0, done.output
        target = root / "submitted" / "alice" / assignment
        target.mkdir(parents=True)
        scenario = load_scenarios(course, assignment)["bob"]
        text = make_submission(course, assignment, scenario)
        (target / f"{assignment}.ipynb").write_text(text)
        for name, data in _trained(root, assignment, text, "alice").items():
            (target / name).write_bytes(data)
        graded = runner.invoke(main, ["--course-dir", str(root), "grade", assignment])
        assert graded.exit_code == 0 and "alice" in graded.output, graded.output
        feedback = runner.invoke(main, ["--course-dir", str(root), "--lang", "en", "feedback",
                                        assignment])
        assert feedback.exit_code == 0, feedback.output
        page = root / "feedback" / "alice" / assignment / f"{assignment}.html"
        assert page.exists() and "_deepmath_kernel" not in page.read_text(encoding="utf-8")


def test_demo_refuses_an_unknown_assignment(tmp_path: Path) -> None:
    """Does `deepmath demo --assignment ch99` stop with the unknown-assignment exit code,
    before building anything?"""
    from click.testing import CliRunner

    from autograder.cli import main

    result = CliRunner().invoke(main, ["demo", "--assignment", "ch99", "--dir",
                                       str(tmp_path / "demo")])
    assert result.exit_code == 3, result.output
    assert "ch99" in result.output and not (tmp_path / "demo").exists()
