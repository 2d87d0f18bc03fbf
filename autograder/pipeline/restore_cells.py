"""Step: rebuild the notebook to run from the instructor's master copy.

Instructor cells (setup, locked and hidden test cells, markdown) always come from the master,
keyed by nbgrader ``grade_id`` — whatever the submission did to them (nbgrader's
OverwriteCells idea, but we never trust the submission's metadata for anything but placing
cells). Solution cells come from the student, matched by ``grade_id``. Cells the student added
stay in their place, right after the instructor cell they followed.
"""

from __future__ import annotations

import nbformat

from ..model import Msg
from .context import Context


def _gid(cell: nbformat.NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    gid = meta.get("grade_id") if isinstance(meta, dict) else None
    return gid if isinstance(gid, str) else None


def _is_solution(cell: nbformat.NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("solution")) and not meta.get("grade")


def _student_layout(
        nb: nbformat.NotebookNode) -> tuple[dict[str, str], dict[str | None, list[str]]]:
    """Student's solution sources by grade_id, and free code cells by preceding anchor."""
    answers: dict[str, str] = {}
    extras: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for cell in nb.cells:
        gid = _gid(cell)
        if gid is None:
            if cell.cell_type == "code":
                extras.setdefault(anchor, []).append(cell.source)
            continue
        if cell.cell_type == "code" and gid not in answers:
            answers[gid] = cell.source
        anchor = gid
    return answers, extras


ANOTHER_ASSIGNMENT = Msg(
    "Ce notebook n'est pas celui du devoir {expected} : ses cellules viennent de {found}. "
    "Soumettez le notebook de {expected} (rien n'a été corrigé).",
    "This notebook is not the one of assignment {expected}: its cells come from {found}. "
    "Submit the notebook of {expected} (nothing was graded).")
NOT_AN_ASSIGNMENT = Msg(
    "Ce notebook ne contient aucune cellule du devoir {expected} (ni réponse ni cellule "
    "protégée) : soumettez le notebook distribué, complété (rien n'a été corrigé).",
    "This notebook holds no cell of assignment {expected} (no answer, no protected cell): "
    "submit the released notebook, filled in (nothing was graded).")
MANY_RESTORED = 3
"""Above this many restored protected cells, one summary note replaces the list."""


def _foreign(nb: nbformat.NotebookNode, master_ids: set[str]) -> Msg | None:
    """Why this notebook is not a submission of the master's assignment (else None)."""
    ids = {gid for cell in nb.cells if (gid := _gid(cell)) is not None}
    if ids & master_ids:
        return None
    prefix = next(iter(master_ids), "").split("-", 1)[0]
    others = sorted({gid.split("-", 1)[0] for gid in ids} - {prefix})
    if others:
        return ANOTHER_ASSIGNMENT.format(expected=prefix, found=", ".join(others[:3]))
    return NOT_AN_ASSIGNMENT.format(expected=prefix)


def restore_cells(ctx: Context) -> None:
    if ctx.notebook is None:
        return
    master_ids = {gid for cell in ctx.master.cells if (gid := _gid(cell)) is not None}
    foreign = _foreign(ctx.notebook, master_ids)
    if foreign is not None:
        ctx.unusable = foreign
        return
    answers, extras = _student_layout(ctx.notebook)
    notes_before = len(ctx.notes)
    out = nbformat.v4.new_notebook(metadata=ctx.master.metadata)
    out.cells.extend(nbformat.v4.new_code_cell(src) for src in extras.get(None, []))
    for cell in ctx.master.cells:
        gid = _gid(cell)
        if gid is None:
            if cell.cell_type == "markdown":
                out.cells.append(cell)
            continue
        if _is_solution(cell):
            if gid in answers:
                restored = nbformat.v4.new_code_cell(answers[gid], metadata=cell.metadata)
            else:
                restored = nbformat.v4.new_code_cell("", metadata=cell.metadata)
                ctx.notes.append(Msg(f"La cellule de réponse « {gid} » a été supprimée.",
                                     f"The answer cell “{gid}” was deleted."))
            out.cells.append(restored)
        else:
            if gid not in answers and cell.cell_type == "code":
                ctx.notes.append(Msg(f"La cellule protégée « {gid} » manquait : rétablie.",
                                     f"The protected cell “{gid}” was missing: restored."))
            out.cells.append(nbformat.v4.new_code_cell(cell.source, metadata=cell.metadata)
                             if cell.cell_type == "code" else cell)
        out.cells.extend(nbformat.v4.new_code_cell(src) for src in extras.get(gid, []))
    restored = [n for n in ctx.notes[notes_before:] if n.en.startswith("The protected cell")]
    if len(restored) > MANY_RESTORED:
        ctx.notes[:] = [n for n in ctx.notes if n not in restored]
        ctx.notes.append(Msg(f"{len(restored)} cellules protégées manquaient : rétablies.",
                             f"{len(restored)} protected cells were missing: restored."))
    for cell in out.cells:
        cell.pop("id", None)
    out.nbformat_minor = 4
    ctx.runnable = out
