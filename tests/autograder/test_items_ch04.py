"""Do the ch04 items accept right answers (in several forms) and name each declared mistake?

Checked in the grader's process on fabricated answers for several students' parameters;
figures are real matplotlib figures drawn by ``reference.plotting`` and handed out through the
kernel's own encoder, so every declared mistake is exercised without running notebooks.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from autograder.course import Course
from autograder.items import Item, ValueItem
from autograder.variants import params_for
from reference import plotting
from tests.autograder.figure_fixture import check_answer, reference_answer
from tests.autograder.items_fixture import REPO_COURSE

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch04")}
STUDENTS = ["alice", "bob", "s42"]


def _params(item: Item, student: str) -> dict:
    return params_for(item, b"unit-secret", "ch04", student)


def test_there_are_between_8_and_12_items_each_with_a_mistake() -> None:
    """Does ch04 have 8–12 items, each declaring a mistake, most declaring two or more?"""
    assert 8 <= len(ITEMS) <= 12
    assert all(item.mistakes for item in ITEMS.values())
    assert sum(len(item.mistakes) >= 2 for item in ITEMS.values()) >= len(ITEMS) * 0.7
    assert all(item.id == f"ch04.{name}" for name, item in ITEMS.items())


@pytest.mark.parametrize("student", STUDENTS)
@pytest.mark.parametrize("name", sorted(ITEMS))
def test_reference_answer_passes(name: str, student: str) -> None:
    """Is the reference's own answer accepted for this student's parameters?"""
    item = ITEMS[name]
    params = _params(item, student)
    answer = reference_answer(item, params)
    if isinstance(item, ValueItem) and isinstance(answer, float):
        answer = answer * (1 + 1e-12)
    outcome = check_answer(item, params, answer)
    assert outcome.passed, outcome.message


def _drawn_by_reference(name: str, p: dict):  # noqa: ANN202
    """The figure drawn with reference.plotting, as a student would draw it."""
    if name == "fig_surface":
        V = np.linspace(-p["r"], p["r"], 15)
        return plotting.plot_surface(lambda x, y: x**2 - p["c"] * y**2, V, V)
    V = np.linspace(-2, 2, 80)
    return plotting.plot_contour(lambda x, y: y**3 + p["a"] * y**2 - x**2, V, V,
                                 list(range(p["l0"], p["l1"] + 1)), labels=True)


@pytest.mark.parametrize("student", STUDENTS[:2])
@pytest.mark.parametrize("name", ["fig_surface", "fig_niveaux"])
def test_reference_figure_drawn_with_matplotlib_passes(name: str, student: str,
                                                       tmp_path: Path) -> None:
    """Does the reference's matplotlib figure, handed out by the kernel encoder, pass?"""
    item = ITEMS[name]
    params = _params(item, student)
    outcome = check_answer(item, params, _drawn_by_reference(name, params))
    assert outcome.passed, outcome.message


MISTAKE_CASES = [(name, m.name) for name, item in sorted(ITEMS.items()) for m in item.mistakes]


@pytest.mark.parametrize("student", STUDENTS[:2])
@pytest.mark.parametrize(("name", "mistake"), MISTAKE_CASES)
def test_each_declared_mistake_triggers_its_message(name: str, mistake: str,
                                                    student: str) -> None:
    """Does the answer this mistake produces fail with exactly that mistake's message?"""
    item = ITEMS[name]
    params = _params(item, student)
    declared = next(m for m in item.mistakes if m.name == mistake)
    maker = declared.wrong or declared.example
    assert maker is not None, f"no answer exercises {name}/{mistake}"
    outcome = check_answer(item, params, maker(params))
    assert not outcome.passed
    assert outcome.mistake == mistake, outcome
    assert outcome.message == declared.message


def test_other_correct_forms_are_accepted() -> None:
    """Are a wireframe, a float-returning relu, a list for exp_log and a numpy tuple
    accepted?"""
    import matplotlib.pyplot as plt

    surface = ITEMS["fig_surface"]
    params = _params(surface, "alice")
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    X, Y = np.meshgrid(np.linspace(-params["r"], params["r"], 12),
                       np.linspace(-params["r"], params["r"], 9))
    ax.plot_wireframe(X, Y, X**2 - params["c"] * Y**2)
    assert check_answer(surface, params, fig).passed
    plt.close(fig)
    relu = ITEMS["relu_vec"]
    assert check_answer(relu, {}, lambda x: np.maximum(np.asarray(x, dtype=float), 0.0)).passed
    exp_log = ITEMS["exp_log"]
    params = _params(exp_log, "bob")
    as_list = [float("nan") if v < 0 else float(v) for v in params["X"]]
    assert check_answer(exp_log, params, as_list).passed
    minimum = ITEMS["minimum_grille"]
    params = _params(minimum, "bob")
    x, y = minimum.expected(params)
    assert check_answer(minimum, params, [np.float64(x), np.float64(y)]).passed


def test_contour_levels_outside_the_data_are_kept() -> None:
    """Are the requested levels read back as asked (matplotlib 3.11 keeps empty levels)?"""
    item = ITEMS["fig_niveaux"]
    params = _params(item, "alice")
    fig = _drawn_by_reference("fig_niveaux", params)
    data = __import__("tests.autograder.figure_fixture", fromlist=["x"]).figure_data(fig)
    np.testing.assert_array_equal(data.axes[0].contours[0].levels,
                                  np.arange(params["l0"], params["l1"] + 1))
