"""Do the ch01 items accept right answers (in several forms) and name each declared mistake?

Checked in the grader's process on fabricated records, for several students' parameters, so
every declared mistake of every item is exercised without running notebooks.
"""

from __future__ import annotations

import random

import pytest
import sympy as sp

from autograder.answers import Record, SymbolicText
from autograder.items import FunctionItem, Item, SymbolicItem, ValueItem
from autograder.variants import params_for
from tests.autograder.items_fixture import ch01_items

ITEMS = {item.name: item for item in ch01_items()}
STUDENTS = ["alice", "bob", "s42"]


def _params(item: Item, student: str) -> dict:
    return params_for(item, b"unit-secret", "ch01", student)


def _check(item: Item, params: dict, answer):  # noqa: ANN001, ANN202
    if isinstance(item, FunctionItem):
        calls = item.probes(params, random.Random(0)) or []
        return item.check_outputs(item.expected_outputs(answer, calls), params, calls)
    if isinstance(item, SymbolicItem) and isinstance(answer, sp.Basic):
        answer = SymbolicText(sp.sstr(answer))
    return item.check(Record(item.id, "value", value=answer), params)


def test_there_are_between_8_and_12_items_each_with_a_mistake() -> None:
    """Does ch01 have 8–12 items, each declaring at least one targeted mistake?"""
    assert 8 <= len(ITEMS) <= 12
    assert all(item.mistakes for item in ITEMS.values())
    assert all(item.id == f"ch01.{name}" for name, item in ITEMS.items())


@pytest.mark.parametrize("student", STUDENTS)
@pytest.mark.parametrize("name", sorted(ITEMS))
def test_reference_answer_passes(name: str, student: str) -> None:
    """Is the reference's own answer accepted for this student's parameters?"""
    item = ITEMS[name]
    params = _params(item, student)
    if isinstance(item, FunctionItem):
        answer = item.reference(params)
    else:
        answer = item.expected(params)
        if isinstance(item, ValueItem) and isinstance(answer, float):
            answer = answer * (1 + 1e-12)
    outcome = _check(item, params, answer)
    assert outcome.passed, outcome.message


MISTAKE_CASES = [(name, m.name) for name, item in sorted(ITEMS.items())
                 for m in item.mistakes]


@pytest.mark.parametrize("student", STUDENTS[:2])
@pytest.mark.parametrize(("name", "mistake"), MISTAKE_CASES)
def test_each_declared_mistake_triggers_its_message(name: str, mistake: str,
                                                    student: str) -> None:
    """Does the answer this mistake produces fail with exactly that mistake's message?"""
    item = ITEMS[name]
    params = _params(item, student)
    declared = next(m for m in item.mistakes if m.name == mistake)
    answer = WRONG_BY_PREDICATE.get((name, mistake), lambda p: None)(params)
    if declared.wrong is not None:
        answer = declared.wrong(params)
    assert answer is not None, f"no wrong answer to exercise {name}/{mistake}"
    outcome = _check(item, params, answer)
    assert not outcome.passed
    assert outcome.mistake == mistake, outcome
    assert outcome.message == declared.message


x = sp.Symbol("x", real=True)

WRONG_BY_PREDICATE = {
    ("derivee_produit", "un_seul_terme"):
        lambda p: p["n"] * x ** (p["n"] - 1) * sp.sin(p["a"] * x),
    ("graphe_entree_dupliquee", "un_seul_chemin"):
        lambda p: float(sp.exp(p["x0"]) * sp.log(p["x0"])),
    ("heaviside", "h0"):
        lambda p: (lambda v: __import__("numpy").heaviside(v, 0.5)),
}


def test_equivalent_forms_are_accepted() -> None:
    """Are other correct forms (sympy objects, e^(…), 1/cos², …) accepted?"""
    item = ITEMS["derivee_composee"]
    params = {"a": 3}
    assert _check(item, params, "-3*tan(3*x)").passed
    assert _check(item, params, "-3 sin(3x)/cos(3x)").passed
    assert not _check(item, params, "3*tan(3*x) + 1").passed


def test_a_constant_right_at_a_few_points_earns_nothing() -> None:
    """Does σ' ≡ 1/4 (right at 0 only) earn 0, not a share of the calls?"""
    item = ITEMS["sigmoide_prime"]
    outcome = _check(item, {}, lambda v: 0.25 + 0 * v)
    assert not outcome.passed and outcome.credit == 0


def test_a_wrong_formula_says_how_it_was_read() -> None:
    """Does the feedback on a wrong formula that matches no declared mistake show how the
    answer was read (« lu comme »)?"""
    item = ITEMS["derivee_composee"]
    outcome = item.check(Record(item.id, "value", value="3cos x"), _params(item, "alice"))
    assert not outcome.passed
    assert "lu comme : 3·cos(x)" in outcome.message.fr
    assert "read as: 3·cos(x)" in outcome.message.en
