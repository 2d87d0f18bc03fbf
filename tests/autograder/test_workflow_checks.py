"""Do the checks say what happened and what was expected (issue 8, items 5, 11 and 13)?

Errors in a student's cell are reported as that cell's error (not "not attempted"), a y(x)
formula written ``y = …`` is read, ``print`` instead of ``return`` is explained, and a notebook
of another assignment is refused once, clearly. No sandbox: the executed notebook and the
runner's status are fabricated as the runner writes them.
"""

from __future__ import annotations

import json

import nbformat
import sympy as sp

from autograder.answers import Record, SymbolicText
from autograder.items import SymbolicItem, ValueItem
from autograder.model import Msg
from autograder.notebook_source import build_notebook
from autograder.pipeline.check_items import check_items
from autograder.pipeline.context import Context
from autograder.pipeline.read_submission import read_submission
from autograder.pipeline.restore_cells import restore_cells
from autograder.sandbox import SandboxResult

x = sp.Symbol("x", real=True)


def _item(name: str, **kw):  # noqa: ANN003, ANN202
    return SymbolicItem(id=f"ch99.{name}", points=1, title=Msg(name, name),
                        draw=lambda r: {}, statement=lambda p: "", **kw)


def test_symbolic_item_reads_a_y_equals_formula() -> None:
    """Is "y = x/4 + 1" (or "f(x) = …") accepted for the formula y(x) = x/4 + 1?"""
    item = _item("tangente", expected=lambda p: x / 4 + 1)
    for text in ("y = x/4 + 1", "f(x) = x/4 + 1", "y=x/4+1", "x/4 + 1"):
        outcome = item.check(Record(item.id, "value", value=text), {})
        assert outcome.passed, (text, outcome)
    assert not item.check(Record(item.id, "value", value="y = x/4 + 2"), {}).passed


def test_value_item_explains_none() -> None:
    """Does a value of None (a function that printed) say to use return?"""
    item = ValueItem(id="ch99.v", points=1, title=Msg("v", "v"), draw=lambda r: {},
                     statement=lambda p: "", expected=lambda p: 2.5)
    outcome = item.check(Record(item.id, "value", value=None), {})
    assert not outcome.passed and "return" in outcome.message.fr
    assert "NoneType" not in outcome.message.fr


MASTER = build_notebook("""# %% [setup]
p = 1
# %% [answer a]
### BEGIN SOLUTION
a = p
### END SOLUTION
# %% [test a -> a]
# %% [answer b]
### BEGIN SOLUTION
b = 2
### END SOLUTION
# %% [test b -> b]
# %% [answer c]
### BEGIN SOLUTION
c = 3
### END SOLUTION
# %% [test c -> c]
# %% [answer d]
### BEGIN SOLUTION
d = 4
### END SOLUTION
# %% [test d -> d]
# %% [answer e]
### BEGIN SOLUTION
e = 5
### END SOLUTION
# %% [test e -> e]
""", "ch99", {n: 1 for n in "abcde"})
ITEMS = [ValueItem(id=f"ch99.{n}", points=1, title=Msg(n, n), draw=lambda r: {},
                   statement=lambda p: "", expected=lambda p: 1) for n in "abcde"]


def _error(ename: str, evalue: str, line: int | None) -> dict:
    tb = [f"\x1b[0;31m{ename}\x1b[0m  Traceback (most recent call last)"]
    if line is not None:
        tb.append(f"Cell \x1b[0;32mIn[4], line {line}\x1b[0m\n    ...")
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": tb}


def test_cell_errors_are_reported_as_what_happened() -> None:
    """Do a syntax error, a missing module, a timeout and a renamed variable get their own
    message (cell, line, error) while the untouched stub stays "missing"?"""
    nb = nbformat.from_dict(MASTER)
    answers = {  # grade_id -> (source, outputs)
        "ch99-a-reponse": ("# VOTRE CODE ICI\nraise NotImplementedError()",
                           [_error("NotImplementedError", "", 2)]),
        "ch99-b-reponse": ("b = 1\nc = (\n", [_error(
            "SyntaxError", "'(' was never closed (1234.py, line 2)", 2)]),
        "ch99-c-reponse": ("import tensorflow\nc = 1", [_error(
            "ModuleNotFoundError", "No module named 'tensorflow'", 1)]),
        "ch99-d-reponse": ("while True:\n    pass", []),
        "ch99-e-reponse": ("reponse_e = 1", []),
    }
    states = {}
    for index, cell in enumerate(nb.cells):
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if gid in answers:
            cell.source, outputs = answers[gid]
            cell.outputs = [nbformat.from_dict(o) for o in outputs]
            states[str(index)] = "timeout" if gid == "ch99-d-reponse" else (
                "error" if cell.outputs else "ok")
    records = {f"ch99.{n}": Record(f"ch99.{n}", "missing", error_name="NameError",
                                   error_message=f"NameError: name '{n}' is not defined")
               for n in "abcde"}
    ctx = Context(assignment="ch99", student="s", raw=b"", master=MASTER, items=ITEMS,
                  params={i.id: {} for i in ITEMS}, variant={})
    ctx.sandbox = SandboxResult(state="finished", answers_text="",
                                executed_notebook=nbformat.writes(nb),
                                status={"cells": states})
    ctx.records = records
    check_items(ctx)
    got = {r.id: r for r in ctx.results}
    assert got["ch99.a"].status == "missing"
    b = got["ch99.b"]
    assert b.status == "error" and b.feedback.fr.startswith("Votre cellule a levé SyntaxError "
                                                           "ligne 2 : '(' was never closed")
    assert "1234.py" not in b.feedback.fr and "line 2" in b.feedback.en
    assert "pas été traitée" not in b.feedback.fr
    c = got["ch99.c"]
    assert c.status == "error" and "ModuleNotFoundError" in c.feedback.fr
    assert "tensorflow" in c.feedback.fr and "ligne 1" in c.feedback.fr
    d = got["ch99.d"]
    assert d.status == "error" and "temps imparti" in d.feedback.fr and "time limit" in \
        d.feedback.en
    e = got["ch99.e"]
    assert e.status == "error" and "nom" in e.feedback.fr and "'e'" in e.feedback.fr


def test_forged_executed_notebook_changes_nothing() -> None:
    """Is an unreadable or nonsensical executed notebook ignored (no crash, plain verdicts)?"""
    for text in ("[" * 100000, json.dumps({"cells": [{"cell_type": "code", "metadata": {
            "nbgrader": {"grade": True, "grade_id": "ch99-a"}}, "outputs": 5}]}), "{}"):
        ctx = Context(assignment="ch99", student="s", raw=b"", master=MASTER, items=ITEMS,
                      params={i.id: {} for i in ITEMS}, variant={})
        ctx.sandbox = SandboxResult(state="finished", answers_text="", executed_notebook=text,
                                    status={"cells": "nonsense"})
        check_items(ctx)
        assert {r.status for r in ctx.results} == {"missing"}


def _restore(nb: nbformat.NotebookNode) -> Context:
    ctx = Context(assignment="ch99", student="s", raw=nbformat.writes(nb).encode(),
                  master=MASTER, items=[], params={}, variant={})
    read_submission(ctx)
    restore_cells(ctx)
    return ctx


def test_notebook_of_another_assignment_is_refused_once() -> None:
    """Is a ch98 notebook refused with one clear reason (not one note per restored cell)?"""
    other = build_notebook(MASTER_TEXT_OTHER, "ch98", {"z": 1})
    ctx = _restore(other)
    assert ctx.runnable is None and ctx.unusable is not None
    assert "ch98" in ctx.unusable.fr and "ch99" in ctx.unusable.fr
    assert ctx.notes == []
    blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a = 1")])
    ctx = _restore(blank)
    assert ctx.runnable is None and ctx.unusable is not None and "ch99" in ctx.unusable.en


def test_many_restored_cells_make_one_note() -> None:
    """Does a submission that lost its protected cells get one summary note?"""
    nb = nbformat.from_dict(MASTER)
    nb.cells = [c for c in nb.cells if "reponse" in c.metadata.get("nbgrader", {}).get(
        "grade_id", "")]
    ctx = _restore(nb)
    assert ctx.runnable is not None and len(ctx.notes) == 1
    assert "cellules protégées" in ctx.notes[0].fr


MASTER_TEXT_OTHER = """# %% [setup]
q = 1
# %% [answer z]
### BEGIN SOLUTION
z = q
### END SOLUTION
# %% [test z -> z]
"""


def test_symbolic_text_answers_still_checked() -> None:
    """Is a sympy answer handed out as text unaffected by the left-hand-side rule?"""
    item = _item("s", expected=lambda p: 2 * x)
    assert item.check(Record(item.id, "value", value=SymbolicText("2*x")), {}).passed


def test_wrong_kind_messages_are_in_one_language() -> None:
    """Is the English message of a wrong-type formula English only (and None explained)?"""
    item = _item("k", expected=lambda p: 2 * x)
    outcome = item.check(Record(item.id, "value", value=[1, 2]), {})
    assert "chaîne" not in outcome.message.en and "string" in outcome.message.en
    assert "chaîne" in outcome.message.fr
    outcome = item.check(Record(item.id, "value", value=None), {})
    assert "return" in outcome.message.fr and "NoneType" not in outcome.message.fr


def test_a_stopped_run_is_said_in_the_students_language() -> None:
    """Does "the run stopped before this question" name the reason in French and English?"""
    ctx = Context(assignment="ch99", student="s", raw=b"", master=MASTER, items=ITEMS,
                  params={i.id: {} for i in ITEMS}, variant={})
    ctx.sandbox = SandboxResult(state="timeout", answers_text="", executed_notebook=None)
    check_items(ctx)
    result = ctx.results[0]
    assert result.status == "error" and "temps total dépassé" in result.feedback.fr
    assert "timeout" not in result.feedback.fr and "total time limit" in result.feedback.en
