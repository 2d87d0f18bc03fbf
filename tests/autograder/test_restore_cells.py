"""Is the notebook that runs rebuilt from the master, whatever the submission did to it?"""

from __future__ import annotations

import nbformat

from autograder.notebook_source import build_notebook
from autograder.pipeline.context import Context
from autograder.pipeline.read_submission import read_submission
from autograder.pipeline.restore_cells import restore_cells

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
""", "ch99", {"a": 1, "b": 1})


def _ctx(nb: nbformat.NotebookNode) -> Context:
    ctx = Context(assignment="ch99", student="s", raw=nbformat.writes(nb).encode(),
                  master=MASTER, items=[], params={}, variant={})
    read_submission(ctx)
    restore_cells(ctx)
    return ctx


def _student_copy() -> nbformat.NotebookNode:
    nb = nbformat.from_dict(MASTER)
    for cell in nb.cells:
        if "BEGIN HIDDEN TESTS" in cell.source:
            cell.source = "# Correction automatique"
    return nb


def test_locked_and_test_cells_come_from_master() -> None:
    """Are edited setup and test cells replaced by the master's (hidden tests included)?"""
    nb = _student_copy()
    nb.cells[0].source = "p = 1000"
    nb.cells[2].source = "print('ok')"
    nb.cells[2].metadata["nbgrader"]["points"] = 100
    ctx = _ctx(nb)
    assert ctx.runnable is not None
    assert ctx.runnable.cells[0].source == "p = 1"
    assert 'rendre("ch99.a"' in ctx.runnable.cells[2].source
    assert ctx.runnable.cells[2].metadata["nbgrader"]["points"] == 1


def test_student_answers_and_added_cells_stay_in_place() -> None:
    """Do answers come from the student and added cells follow the cell they followed?"""
    nb = _student_copy()
    nb.cells[1].source = "a = 42"
    nb.cells.insert(2, nbformat.v4.new_code_cell("helper = 3"))
    nb.cells.insert(0, nbformat.v4.new_code_cell("import math"))
    ctx = _ctx(nb)
    sources = [c.source for c in ctx.runnable.cells]
    assert sources[0] == "import math"
    assert sources.index("a = 42") < sources.index("helper = 3")
    assert sources.index("helper = 3") < next(i for i, s in enumerate(sources) if "ch99.a" in s)


def test_deleted_answer_cell_is_reported() -> None:
    """Does deleting an answer cell leave an empty answer and a note, not a crash?"""
    nb = _student_copy()
    del nb.cells[3]
    del nb.cells[2]  # the test cell for a too: restored anyway
    ctx = _ctx(nb)
    assert any("ch99-b-reponse" in n.fr for n in ctx.notes)
    assert any('rendre("ch99.a"' in c.source for c in ctx.runnable.cells)


def test_outputs_and_foreign_metadata_are_dropped() -> None:
    """Does nothing the submission stored (outputs, metadata) reach the run?"""
    nb = _student_copy()
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="forged")]
    nb.cells[1].metadata["deepmath"] = {"score": 100}
    ctx = _ctx(nb)
    cell = ctx.runnable.cells[1]
    assert cell.outputs == [] and "deepmath" not in cell.metadata


def test_unusable_files_get_a_clear_reason() -> None:
    """Are malformed JSON, non-notebooks and nbformat 3 refused with a message?"""
    for raw, words in [(b"{not json", "JSON"), (b'{"a": 1}', "notebook"),
                       (b'{"cells": [], "nbformat": 3, "metadata": {}}', "version 4"),
                       (b"\xff\xfe", "JSON")]:
        ctx = Context(assignment="ch99", student="s", raw=raw, master=MASTER, items=[],
                      params={}, variant={})
        read_submission(ctx)
        assert ctx.notebook is None and ctx.unusable is not None
        assert words in ctx.unusable.fr + ctx.unusable.en
