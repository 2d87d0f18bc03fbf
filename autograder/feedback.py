"""Student-facing feedback: the autograded notebook and an HTML report, with no hidden code."""

from __future__ import annotations

import html
import re

import nbformat

from .model import GradeReport, ItemResult

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
STATUS_TEXT = {
    "fr": {"pass": "réussi", "fail": "à revoir", "error": "erreur", "missing": "non traité"},
    "en": {"pass": "pass", "fail": "fail", "error": "error", "missing": "missing"},
}
HIDDEN_MARK = "### BEGIN HIDDEN TESTS"


def _item_by_grade_id(report: GradeReport) -> dict[str, ItemResult]:
    return {item.id.replace(".", "-"): item for item in report.items}


def verdict_text(item: ItemResult, lang: str) -> str:
    status = STATUS_TEXT.get(lang, STATUS_TEXT["fr"])[item.status]
    return f"[{item.id}] {item.points:g}/{item.max_points:g} — {status} : {item.feedback(lang)}"


def autograded_notebook(executed: nbformat.NotebookNode, report: GradeReport,
                        lang: str = "fr") -> nbformat.NotebookNode:
    """The executed notebook with each hidden test cell replaced by the item's verdict."""
    by_id = _item_by_grade_id(report)
    nb = nbformat.from_dict(executed)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if "traceback" in out:
                    out["traceback"] = [ANSI.sub("", line) for line in out["traceback"]]
        if meta.get("grade") and cell.cell_type == "code":
            cell.source = cell.source.split(HIDDEN_MARK)[0].rstrip()
            item = by_id.get(meta.get("grade_id", ""))
            text = verdict_text(item, lang) if item else ""
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text + "\n")]
    nbformat.validate(nb)
    result: nbformat.NotebookNode = nb
    return result


def summary_html(report: GradeReport, lang: str = "fr") -> str:
    t = STATUS_TEXT.get(lang, STATUS_TEXT["fr"])
    title = "Retour de correction" if lang != "en" else "Grading feedback"
    said = "Commentaire de l'enseignant·e" if lang != "en" else "Instructor's comment"
    rows = "".join(
        f"<tr class='{i.status}'><td>{html.escape(i.id)}</td><td>{i.final_points:g} / "
        f"{i.max_points:g}</td><td>{t[i.status]}</td><td>{html.escape(i.feedback(lang))}"
        + (f"<p class='comment'><b>{said} :</b> {html.escape(i.comment)}</p>" if i.comment
           else "") + "</td></tr>"
        for i in report.items)
    late = ([f"{'Pénalité de retard' if lang != 'en' else 'Late penalty'} : "
             f"−{report.late_penalty:g}"] if report.late_penalty else [])
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in [*late, *(n(lang) for n in
                                                                    report.notes)])
    return (
        f"<h1>{title} — {html.escape(report.assignment)}</h1>"
        f"<p><b>{html.escape(report.student)}</b> : {report.score:g} / {report.max_score:g}</p>"
        + (f"<ul class='notes'>{notes}</ul>" if notes else "")
        + "<table class='deepmath'><tr><th>Question</th><th>Points</th><th>Statut</th>"
        f"<th>Commentaire</th></tr>{rows}</table>")


STYLE = """<style>
table.deepmath{border-collapse:collapse;margin:1em 0;font-family:sans-serif}
table.deepmath td,table.deepmath th{border:1px solid #999;padding:4px 8px;text-align:left}
tr.pass td{background:#e6f4ea} tr.fail td{background:#fdecea} tr.error td{background:#fff4e5}
tr.missing td{background:#f1f1f1}
</style>"""


def feedback_html(autograded: nbformat.NotebookNode | None, report: GradeReport,
                  lang: str = "fr") -> str:
    """A standalone HTML page: the summary table, then the student's notebook (if any)."""
    body = ""
    if autograded is not None:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(template_name="classic")
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        body, _ = exporter.from_notebook_node(autograded)
        body = re.sub(r"(?s)^.*?<body[^>]*>", "", body)
        body = re.sub(r"(?s)</body>.*$", "", body)
        if HIDDEN_MARK in body or "_deepmath_kernel" in body:
            raise RuntimeError("feedback would reveal hidden test code")
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(report.assignment)} — {html.escape(report.student)}</title>"
            f"{STYLE}</head><body>{summary_html(report, lang)}<hr>{body}</body></html>")
