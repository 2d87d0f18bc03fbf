"""Student-facing feedback: the autograded notebook and an HTML page, with no hidden code and
no active content.

* ``autograded_notebook(executed, report)``: the executed notebook, outputs made inert
  (``safe_html.sanitize_notebook``), each hidden test cell replaced by the item's verdict.
  formgrader renders it in the instructor's browser.
* ``feedback_html(autograded, report, lang, titles=…)``: one self-contained page (CSS
  inlined, maths as MathML rendered here, no script at all, a Content-Security-Policy that
  forbids scripts), summary table with the items' titles, then the notebook.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import nbformat

from .feedback_render import ANSI, notebook_html, pygments_css
from .model import GradeReport, ItemResult, Msg
from .safe_html import sanitize_notebook

STATUS_TEXT = {
    "fr": {"pass": "réussi", "fail": "à revoir", "error": "erreur", "missing": "non traité"},
    "en": {"pass": "pass", "fail": "fail", "error": "error", "missing": "missing"},
}
HEADERS = {
    "fr": {"colon": " : ", "title": "Retour de correction", "student": "Étudiant·e",
           "score": "Note",
           "summary": "Questions", "question": "Question", "points": "Points",
           "status": "Statut", "comment": "Commentaire", "notes": "À savoir",
           "notebook": "Votre notebook corrigé", "final": "Note finale (après relecture)",
           "comment_teacher": "Commentaire de l'enseignant·e",
           "footer": "Page produite par deepmath : la correction a été faite hors de votre "
                     "notebook, avec vos propres paramètres."},
    "en": {"colon": ": ", "title": "Grading feedback", "student": "Student", "score": "Score",
           "summary": "Questions", "question": "Question", "points": "Points",
           "status": "Status", "comment": "Comment", "notes": "Please note",
           "notebook": "Your graded notebook", "final": "Final score (after review)",
           "comment_teacher": "Instructor's comment",
           "footer": "Page made by deepmath: grading ran outside your notebook, with your own "
                     "parameters."},
}
HIDDEN_MARK = "### BEGIN HIDDEN TESTS"
HAND_OUT_MODULE = "_deepmath_kernel"


def number(value: float, lang: str = "fr") -> str:
    """A score as people write it: ``13.5`` in English, ``13,5`` in French."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang != "en" else text


def _item_by_grade_id(report: GradeReport) -> dict[str, ItemResult]:
    return {item.id.replace(".", "-"): item for item in report.items}


def verdict_text(item: ItemResult, lang: str, title: Msg | None = None) -> str:
    status = STATUS_TEXT.get(lang, STATUS_TEXT["fr"])[item.status]
    name = f"{title(lang)} [{item.id}]" if title else f"[{item.id}]"
    return (f"{name} {number(item.points, lang)}/{number(item.max_points, lang)} — {status} : "
            f"{item.feedback(lang)}")


def _is_grade_cell(cell: nbformat.NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade"))


def autograded_notebook(executed: nbformat.NotebookNode, report: GradeReport,
                        lang: str = "fr") -> nbformat.NotebookNode:
    """The executed notebook, outputs made inert, each hidden test cell replaced by the item's
    verdict (its hidden part removed)."""
    by_id = _item_by_grade_id(report)
    nb = sanitize_notebook(nbformat.from_dict(executed))
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if "traceback" in out:
                    out["traceback"] = [ANSI.sub("", line) for line in out["traceback"]]
        if _is_grade_cell(cell):
            cell.source = cell.source.split(HIDDEN_MARK)[0].rstrip()
            item = by_id.get(cell.metadata["nbgrader"].get("grade_id", ""))
            text = verdict_text(item, lang) if item else ""
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text + "\n")]
    nbformat.validate(nb)
    result: nbformat.NotebookNode = nb
    return result


@dataclass(frozen=True)
class _Row:
    id: str
    title: str
    points: str
    max_points: str
    status: str
    status_text: str
    message: str
    detail: str
    comment: str = ""


def _row(item: ItemResult, lang: str, titles: Mapping[str, Msg]) -> _Row:
    """A table row; a multi-line message (a parse error's caret picture) keeps its lines."""
    first, _, rest = item.feedback(lang).partition("\n")
    title = titles.get(item.id)
    return _Row(item.id, title(lang) if title else item.id, number(item.final_points, lang),
                number(item.max_points, lang), item.status,
                STATUS_TEXT.get(lang, STATUS_TEXT["fr"])[item.status], first, rest.rstrip(),
                item.comment)


@cache
def _css() -> str:
    own = resources.files("autograder").joinpath("templates/feedback.css").read_text("utf-8")
    return own + pygments_css()


@cache
def _template() -> Any:
    import jinja2

    text = resources.files("autograder").joinpath("templates/feedback.html.j2").read_text(
        "utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    return env.from_string(text)


def csp() -> str:
    """The page's policy: no script at all, our one inline style (by hash), images only from
    data: URLs, nothing fetched, no forms, no base."""
    digest = base64.b64encode(hashlib.sha256(_css().encode()).digest()).decode()
    return (f"default-src 'none'; script-src 'none'; style-src 'sha256-{digest}'; "
            "img-src data:; font-src 'none'; connect-src 'none'; frame-src 'none'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'")


def _verdict_cell(by_id: dict[str, ItemResult], lang: str, titles: Mapping[str, Msg]
                  ) -> Any:
    from markupsafe import escape

    def special(cell: nbformat.NotebookNode) -> str | None:
        if not _is_grade_cell(cell):
            return None
        item = by_id.get(cell.metadata["nbgrader"].get("grade_id", ""))
        if item is None:
            return ""
        row = _row(item, lang, titles)
        detail = f"<pre class='caret'>{escape(row.detail)}</pre>" if row.detail else ""
        return (f"<div class='verdict {row.status}'><span class='pts'>{row.points} / "
                f"{row.max_points}</span><b>{escape(row.title)}</b> — {escape(row.status_text)}"
                f"<br>{escape(row.message)}{detail}</div>")

    return special


def _check_no_hidden_code(nb: nbformat.NotebookNode) -> None:
    """Hidden test code lives only in grade cells: none of them may still show it. (A student's
    own cell that mentions the names is the student's text, not a leak.)"""
    for cell in nb.cells:
        if _is_grade_cell(cell):
            shown = cell.source + "".join(str(o.get("text", "")) for o in cell.get("outputs", []))
            if HIDDEN_MARK in shown or HAND_OUT_MODULE in shown:
                raise RuntimeError("feedback would reveal hidden test code")


LATE = Msg("Pénalité de retard : −{points} point(s)", "Late penalty: −{points} point(s)")


def _late_note(report: GradeReport, lang: str) -> list[str]:
    """The late penalty the gradebook recorded (already taken off the score shown)."""
    if not report.late_penalty:
        return []
    return [LATE.format(points=number(report.late_penalty, lang))(lang)]


def feedback_html(autograded: nbformat.NotebookNode | None, report: GradeReport,
                  lang: str = "fr", *, titles: Mapping[str, Msg] | None = None,
                  final_score: float | None = None, comment: str | None = None) -> str:
    """A standalone HTML page: the summary table, then the student's notebook (if any).

    ``titles`` maps item ids to their titles (rows show them); ``final_score``/``comment``
    are a reviewer's final score and comment (e.g. from formgrader), shown when given."""
    lang = "en" if lang == "en" else "fr"
    titles = titles or {}
    body = ""
    if autograded is not None:
        nb = sanitize_notebook(nbformat.from_dict(autograded))
        for cell in nb.cells:
            if _is_grade_cell(cell):
                cell.source = cell.source.split(HIDDEN_MARK)[0].rstrip()
        _check_no_hidden_code(nb)
        body = notebook_html(nb, _verdict_cell(_item_by_grade_id(report), lang, titles))
    from markupsafe import Markup

    final = None
    if final_score is not None or comment:
        final = {"score": number(final_score, lang) if final_score is not None else "",
                 "comment": comment or ""}
    page: str = _template().render(
        lang=lang, t=HEADERS[lang], csp=csp(), css=Markup(_css()), report=report,
        score=number(report.score, lang), max_score=number(report.max_score, lang),
        notes=[*_late_note(report, lang), *(note(lang) for note in report.notes)],
        final=final,
        rows=[_row(item, lang, titles) for item in report.items], notebook=Markup(body))
    return page
