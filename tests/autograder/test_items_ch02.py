"""Do the ch02 items accept right answers (in several forms) and name each declared mistake?

Checked in the grader's process on fabricated answers for several students' parameters;
figures are real matplotlib figures drawn by ``reference.plotting`` and handed out through the
kernel's own encoder, so every declared mistake is exercised without running notebooks.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from autograder.course import Course
from autograder.items import Item, ValueItem
from autograder.variants import params_for
from reference import plotting
from tests.autograder.figure_fixture import check_answer, reference_answer
from tests.autograder.items_fixture import REPO_COURSE

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch02")}
STUDENTS = ["alice", "bob", "s42"]


def _params(item: Item, student: str) -> dict:
    return params_for(item, b"unit-secret", "ch02", student)


def test_there_are_between_8_and_12_items_each_with_a_mistake() -> None:
    """Does ch02 have 8–12 items, each declaring a mistake, most declaring two or more?"""
    assert 8 <= len(ITEMS) <= 12
    assert all(item.mistakes for item in ITEMS.values())
    assert sum(len(item.mistakes) >= 2 for item in ITEMS.values()) >= len(ITEMS) * 0.7
    assert all(item.id == f"ch02.{name}" for name, item in ITEMS.items())


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
    if name == "fig_points":
        fig = plotting.plot_curves(np.arange(6), p["Y"], scatter=True)
        fig.axes[0].set_xlabel("x")
        fig.axes[0].set_ylabel("y")
        return fig
    if name == "fig_amorti":
        return plotting.plot_function(lambda x: plotting.damped_cosine(x, p["a"]), 0, p["b"],
                                      num=150, title="Amorti", equal_axes=True, grid_on=True,
                                      xlim=(0, p["b"]), path="amorti.png")
    X = np.linspace(-5, 5, 100)
    ks = range(p["k0"], p["k1"] + 1)
    return plotting.plot_curves(X, [plotting.sigmoid_family(X, k) for k in ks],
                                labels=[f"k={k}" for k in ks])


@pytest.mark.parametrize("student", STUDENTS[:2])
@pytest.mark.parametrize("name", ["fig_points", "fig_amorti", "fig_sigmoides"])
def test_reference_figure_drawn_with_matplotlib_passes(name: str, student: str,
                                                       tmp_path: Path) -> None:
    """Does the reference's matplotlib figure, handed out by the kernel encoder, pass?"""
    item = ITEMS[name]
    params = _params(item, student)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        outcome = check_answer(item, params, _drawn_by_reference(name, params))
    finally:
        os.chdir(cwd)
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
    """Are np.radians, np.deg2rad and a lower-case letter accepted?"""
    cos_deg = ITEMS["cos_degres"]
    assert check_answer(cos_deg, {}, lambda x: np.cos(np.radians(x))).passed
    assert check_answer(cos_deg, {}, lambda x: np.cos(np.deg2rad(x))).passed
    choix = ITEMS["choix_commande"]
    params = _params(choix, "alice")
    assert check_answer(choix, params, choix.expected(params).lower()).passed


def test_math_on_arrays_is_named() -> None:
    """Does a formula written with math.exp/math.cos (TypeError on arrays) get the message?"""
    import math

    item = ITEMS["amorti"]
    params = _params(item, "alice")
    outcome = check_answer(item, params, lambda x: math.exp(-params["a"] * x)
                           * math.cos(2 * math.pi * x))
    assert outcome.mistake == "math_sur_tableau"


def test_unrelated_figure_gets_the_generic_feedback() -> None:
    """Does a figure with one curve fewer and no mistake behind it get « 4 courbes … » ?"""
    import matplotlib.pyplot as plt

    item = ITEMS["fig_sigmoides"]
    params = _params(item, "alice")
    fig = plt.figure()
    X = np.linspace(-5, 5, 50)
    plt.plot(X, np.tanh(X), label="k=1")
    plt.legend()
    outcome = check_answer(item, params, fig)
    plt.close(fig)
    n = params["k1"] - params["k0"] + 1
    assert not outcome.passed and outcome.mistake is None
    assert outcome.message.fr == f"{n} courbe(s) attendue(s), 1 tracée(s)."
