"""``deepmath report``: the class report of an assignment as one self-contained HTML page
(plots embedded as base64 PNG, no network) plus the same tables as CSV files.

``reports/<a>/rapport.html`` (``report.html`` with ``--lang en``), ``summary.csv``,
``items.csv``, ``mistakes.csv``, ``students.csv``; ``--all`` adds ``reports/index.html`` with
one row per assignment and per student.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .classdata import ClassData, Final, feedback_page, load_class
from .course import Course
from .model import GradeReport, Msg
from .report import (
    FloatArray,
    ItemStats,
    MistakeCount,
    Summary,
    class_scores,
    item_stats,
    score_histogram,
    summarize,
    top_mistakes,
)

T = {
    "title": Msg("Rapport de classe", "Class report"),
    "students": Msg("étudiants", "students"), "submitted": Msg("ont rendu", "submitted"),
    "completion": Msg("taux de rendu", "completion rate"), "mean": Msg("moyenne", "mean"),
    "median": Msg("médiane", "median"), "sd": Msg("écart type", "SD"),
    "range": Msg("min – max", "min – max"),
    "dist": Msg("Distribution des notes", "Score distribution"),
    "top": Msg("Les erreurs les plus fréquentes", "The most frequent mistakes"),
    "items": Msg("Questions (les plus difficiles d'abord)", "Items (hardest first)"),
    "per_student": Msg("Étudiants", "Students"),
    "item": Msg("Question", "Item"), "points": Msg("Points", "Points"),
    "facility": Msg("Facilité", "Facility"), "disc": Msg("Discrimination", "Discrimination"),
    "mistake": Msg("Erreur", "Mistake"), "share": Msg("Part", "Share"),
    "message": Msg("Message vu par les étudiants", "Message students saw"),
    "student": Msg("Étudiant", "Student"), "score": Msg("Note", "Score"),
    "late": Msg("Retard", "Late"), "not_passed": Msg("Questions non réussies",
                                                      "Items not passed"),
    "feedback": Msg("Retour", "Feedback"), "open": Msg("ouvrir", "open"),
    "not_submitted": Msg("non rendu", "not submitted"), "yes": Msg("oui", "yes"),
    "no": Msg("non", "no"), "none": Msg("aucune", "none"),
    "other": Msg("autre réponse fausse (aucune erreur déclarée)",
                 "other wrong answer (no declared mistake)"),
    "runtime": Msg("erreur à l'exécution", "runtime error"),
    "nstudents": Msg("nombre d'étudiants", "number of students"),
    "status_pass": Msg("réussi", "pass"), "status_fail": Msg("à revoir", "fail"),
    "status_error": Msg("erreur", "error"), "status_missing": Msg("non traité", "missing"),
    "penalty": Msg("pénalité", "penalty"),
    "course": Msg("Rapport du cours", "Course report"),
    "assignment": Msg("Devoir", "Assignment"), "hardest": Msg("Question la plus difficile",
                                                              "Hardest item"),
    "notes": Msg(
        "Statistiques sur les copies rendues. Facilité : part moyenne des points de la "
        "question. Discrimination : corrélation (r de Pearson) entre la question et le reste "
        "de la note ; proche de 0 ou négative, la question ne sépare pas les étudiants qui "
        "réussissent des autres (signalée sous 0,2). Écart type d'échantillon. Notes finales "
        "du gradebook (corrections manuelles et pénalités de retard comprises).",
        "Statistics over the submitted work. Facility: mean share of the item's points. "
        "Discrimination: correlation (Pearson's r) between the item and the rest of the "
        "score; near 0 or negative, the item does not separate stronger students from the "
        "others (flagged below 0.2). Sample SD. Final scores from the gradebook (manual "
        "overrides and late penalties included)."),
}
COLORS = {"pass": "#4caf50", "fail": "#e53935", "error": "#fb8c00", "missing": "#bdbdbd"}

STYLE = """<style>
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:70em;color:#222;padding:0 1em}
h1{margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}
.card{background:#f4f6f8;border-radius:6px;padding:.6em 1em;min-width:7em}
.card b{display:block;font-size:1.6em}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.95em}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f6f8} td.num{text-align:right;white-space:nowrap}
.bar{display:inline-block;height:.8em;background:#e53935;vertical-align:middle}
tr.absent td{color:#888} .late{color:#b71c1c;font-weight:bold}
td.weak{background:#fff3e0;color:#b71c1c} img{max-width:100%} .note{color:#555;font-size:.9em}
</style>"""


def fmt(x: float | None, lang: str, digits: int = 2) -> str:
    """A number as the teacher reads it (``12,5`` in French); ``—`` when undefined."""
    if x is None:
        return "—"
    text = f"{round(x, digits):g}"
    return text.replace(".", ",") if lang == "fr" else text


def pct(x: float | None, lang: str) -> str:
    if x is None:
        return "—"
    return f"{round(100 * x):d}\u202f%" if lang == "fr" else f"{round(100 * x):d}%"


def late_text(final: Final | None, lang: str) -> str:
    if final is None or not final.late:
        return T["no"](lang) if final is not None else "—"
    hours, rest = divmod(int(final.seconds_late), 3600)
    text = f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min"
    if final.penalty:
        text += f" ({T['penalty'](lang)} {fmt(final.penalty, lang)})"
    return text


def mistake_label(m: MistakeCount, lang: str) -> str:
    if m.name == "":
        return T["other"](lang)
    if m.name == "!error":
        return T["runtime"](lang)
    return m.name


# --- plots -----------------------------------------------------------------------------------
def _png(fig: object) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")  # type: ignore[attr-defined]
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def histogram_png(scores: FloatArray, summary: Summary, lang: str) -> str:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(7, 3))
    ax = fig.add_subplot()
    counts, edges = score_histogram(scores, summary.max_score)
    ax.bar(edges[:-1], counts, width=np.diff(edges), align="edge", color="#1e88e5",
           edgecolor="white")
    if summary.mean is not None and summary.median is not None:
        ax.axvline(summary.mean, color="#e53935", linestyle="--",
                   label=f"{T['mean'](lang)} {fmt(summary.mean, lang)}")
        ax.axvline(summary.median, color="#212121", linestyle=":",
                   label=f"{T['median'](lang)} {fmt(summary.median, lang)}")
        ax.legend(frameon=False)
    ax.set_xlim(0, summary.max_score)
    ax.set_xlabel(f"{T['score'](lang)} / {fmt(summary.max_score, lang)}")
    ax.set_ylabel(T["nstudents"](lang))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def items_png(items: Sequence[ItemStats], lang: str) -> str:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(7, 0.45 * len(items) + 1))
    ax = fig.add_subplot()
    labels = [f"{s.id.split('.', 1)[-1]}" for s in items]
    y = np.arange(len(items))[::-1]
    left = np.zeros(len(items))
    for status, color in COLORS.items():
        values = np.array([s.counts[status] for s in items], dtype=float)
        ax.barh(y, values, left=left, color=color, label=T[f"status_{status}"](lang))
        left += values
    ax.set_yticks(y, labels)
    ax.set_xlabel(T["nstudents"](lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


# --- page ------------------------------------------------------------------------------------
def _e(text: str) -> str:
    return html.escape(text)


def _not_passed(report: GradeReport) -> str:
    parts = [f"{r.id.split('.', 1)[-1]}" + (f" ({r.mistake})" if r.mistake else "")
             for r in report.items if r.status != "pass"]
    return ", ".join(parts)


def _cards(summary: Summary, lang: str) -> str:
    cards = [(T["students"], str(summary.n_class)), (T["submitted"], str(summary.n_submitted)),
             (T["completion"], pct(summary.completion, lang)),
             (T["mean"], fmt(summary.mean, lang)), (T["median"], fmt(summary.median, lang)),
             (T["sd"], fmt(summary.sd, lang)),
             (T["range"], f"{fmt(summary.minimum, lang)} – {fmt(summary.maximum, lang)}")]
    return "<div class='cards'>" + "".join(
        f"<div class='card'><b>{_e(v)}</b>{_e(k(lang))}</div>" for k, v in cards) + "</div>"


def _mistake_rows(mistakes: Sequence[MistakeCount], lang: str, titles: dict[str, str]) -> str:
    return "".join(
        f"<tr><td class='num'>{pct(m.share, lang)}<br><span class='bar' "
        f"style='width:{round(60 * m.share)}px'></span></td><td>{m.count}</td>"
        f"<td>{_e(titles.get(m.item, m.item))}<br><code>{_e(m.item)}</code></td>"
        f"<td>{_e(mistake_label(m, lang))}</td><td>{_e(m.message(lang))}</td></tr>"
        for m in mistakes)


def _weak(r: float | None) -> str:
    """Flag a discrimination below 0.2 (the usual "revise this item" threshold)."""
    return " weak" if r is not None and r < 0.2 else ""


def _item_rows(items: Sequence[ItemStats], lang: str) -> str:
    return "".join(
        f"<tr><td>{_e(s.title(lang))}<br><code>{_e(s.id)}</code></td>"
        f"<td class='num'>{fmt(s.points, lang)}</td><td class='num'>{pct(s.facility, lang)}</td>"
        f"<td class='num{_weak(s.discrimination)}'>{fmt(s.discrimination, lang)}</td>"
        + "".join(f"<td class='num'>{s.counts[k]}</td>" for k in COLORS)
        + f"<td>{_e(', '.join(f'{mistake_label(m, lang)} ({m.count})' for m in s.mistakes))}"
        "</td></tr>" for s in items)


@dataclass(frozen=True)
class StudentRow:
    username: str
    name: str
    final: Final | None
    not_passed: str
    feedback: Path | None


def student_rows(data: ClassData, course_root: Path) -> list[StudentRow]:
    rows = []
    for username, person in data.people.items():
        report = data.reports.get(username)
        page = feedback_page(course_root, username, data.assignment)
        rows.append(StudentRow(username, person.display_name, data.final(username),
                               _not_passed(report) if report else "",
                               page if page.exists() else None))
    return rows


def _student_rows(rows: Sequence[StudentRow], lang: str, out_dir: Path, max_score: float) -> str:
    out = []
    for r in rows:
        link = (f"<a href='{_e(os.path.relpath(r.feedback, out_dir))}'>{T['open'](lang)}</a>"
                if r.feedback else "—")
        if r.final is None:
            out.append(f"<tr class='absent'><td>{_e(r.name)}<br><code>{_e(r.username)}</code>"
                       f"</td><td>{T['not_submitted'](lang)}</td><td>—</td><td>—</td>"
                       f"<td>{link}</td></tr>")
            continue
        late = late_text(r.final, lang)
        out.append(
            f"<tr><td>{_e(r.name)}<br><code>{_e(r.username)}</code></td>"
            f"<td class='num'>{fmt(r.final.score, lang)} / {fmt(max_score, lang)}</td>"
            f"<td{' class=late' if r.final.late else ''}>{_e(late)}</td>"
            f"<td>{_e(r.not_passed or T['none'](lang))}</td><td>{link}</td></tr>")
    return "".join(out)


def head(*cols: str) -> str:
    return "<tr>" + "".join(f"<th>{_e(c)}</th>" for c in cols) + "</tr>"


def render(data: ClassData, course_root: Path, out_dir: Path, lang: str = "fr") -> str:
    """The page's HTML (self-contained)."""
    students, scores = class_scores(data)
    summary = summarize(scores, data.max_score, len(data.people))
    items = item_stats(data)
    titles = {s.id: s.title(lang) for s in items}
    top = top_mistakes(items)
    rows = student_rows(data, course_root)
    t = {k: v(lang) for k, v in T.items()}
    statuses = [t[f"status_{k}"] for k in COLORS]
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{_e(t['title'])} — {_e(data.assignment)}</title>{STYLE}</head><body>",
        f"<h1>{_e(t['title'])} — {_e(data.assignment)}</h1>", _cards(summary, lang),
        f"<h2>{_e(t['dist'])}</h2>",
        f"<img alt='{_e(t['dist'])}' src='{histogram_png(scores, summary, lang)}'>"
        if students else "", f"<h2>{_e(t['top'])}</h2>",
        "<table id='mistakes'>" + head(t["share"], "n", t["item"], t["mistake"], t["message"])
        + _mistake_rows(top, lang, titles) + "</table>",
        f"<h2>{_e(t['items'])}</h2>",
        f"<img alt='{_e(t['items'])}' src='{items_png(items, lang)}'>" if students else "",
        "<table id='items'>" + head(t["item"], t["points"], t["facility"], t["disc"], *statuses,
                                    t["mistake"]) + _item_rows(items, lang) + "</table>",
        f"<h2>{_e(t['per_student'])}</h2>",
        "<table id='students'>" + head(t["student"], t["score"], t["late"], t["not_passed"],
                                       t["feedback"])
        + _student_rows(rows, lang, out_dir, data.max_score) + "</table>",
        f"<p class='note'>{_e(t['notes'])}</p></body></html>"]
    return "".join(parts)


# --- files -----------------------------------------------------------------------------------
def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _num(x: float | None) -> str:
    return "" if x is None else f"{round(x, 6):g}"


def write_tables(data: ClassData, course_root: Path, out_dir: Path, lang: str) -> None:
    students, scores = class_scores(data)
    s = summarize(scores, data.max_score, len(data.people))
    _write_csv(out_dir / "summary.csv", ["statistic", "value"], [
        ("students", s.n_class), ("submitted", s.n_submitted), ("completion", _num(s.completion)),
        ("max_score", _num(s.max_score)), ("mean", _num(s.mean)), ("median", _num(s.median)),
        ("sd", _num(s.sd)), ("min", _num(s.minimum)), ("max", _num(s.maximum))])
    items = item_stats(data)
    _write_csv(out_dir / "items.csv",
               ["item", "title", "points", "facility", "discrimination", "pass", "fail", "error",
                "missing"],
               [(i.id, i.title(lang), _num(i.points), _num(i.facility), _num(i.discrimination),
                 *(i.counts[k] for k in COLORS)) for i in items])
    _write_csv(out_dir / "mistakes.csv", ["item", "mistake", "count", "share", "message"],
               [(m.item, m.name or "(other)" if m.name != "!error" else "(runtime error)",
                 m.count, _num(m.share), m.message(lang)) for m in top_mistakes(items)])
    _write_csv(out_dir / "students.csv",
               ["username", "name", "submitted", "score", "max_score", "late", "seconds_late",
                "penalty", "not_passed", "feedback"],
               [(r.username, r.name, int(r.final is not None),
                 _num(r.final.score) if r.final else "", _num(data.max_score),
                 int(bool(r.final and r.final.late)),
                 _num(r.final.seconds_late) if r.final else "",
                 _num(r.final.penalty) if r.final else "", r.not_passed,
                 os.path.relpath(r.feedback, out_dir) if r.feedback else "")
                for r in student_rows(data, course_root)])


def page_name(lang: str) -> str:
    return "report.html" if lang == "en" else "rapport.html"


def write_report(*, course_dir: Path, assignment: str, lang: str = "fr",
                 out_dir: Path | None = None) -> Path:
    """Write the class report of ``assignment`` (page + CSV tables); returns the page."""
    course = Course(course_dir)
    data = load_class(course, assignment)
    out = out_dir or course.root / "reports" / assignment
    out.mkdir(parents=True, exist_ok=True)
    page = out / page_name(lang)
    page.write_text(render(data, course.root, out, lang), encoding="utf-8")
    write_tables(data, course.root, out, lang)
    return page


def write_course_report(*, course_dir: Path, lang: str = "fr") -> Path:
    """Every graded assignment's report, and ``reports/index.html`` over them."""
    course = Course(course_dir)
    out = course.root / "reports"
    rows: list[tuple[str, str, Summary, ItemStats | None]] = []
    totals: dict[str, tuple[float, float]] = {}
    for assignment in course.assignments():
        if not any((course.root / "autograded").glob(f"*/{assignment}/results.json")):
            continue
        page = write_report(course_dir=course_dir, assignment=assignment, lang=lang)
        data = load_class(course, assignment)
        students, scores = class_scores(data)
        s = summarize(scores, data.max_score, len(data.people))
        hardest = item_stats(data)[0] if data.items else None
        rows.append((assignment, os.path.relpath(page, out), s, hardest))
        for username in data.people:
            final = data.final(username)
            got, of = totals.get(username, (0.0, 0.0))
            totals[username] = (got + (final.score if final else 0.0), of + data.max_score)
    t = {k: v(lang) for k, v in T.items()}
    body = "".join(
        f"<tr><td><a href='{_e(link)}'>{_e(a)}</a></td><td class='num'>{s.n_submitted} / "
        f"{s.n_class}</td><td class='num'>{fmt(s.mean, lang)} / {fmt(s.max_score, lang)}</td>"
        f"<td class='num'>{fmt(s.median, lang)}</td><td class='num'>{fmt(s.sd, lang)}</td>"
        f"<td>{_e(h.title(lang)) if h else '—'} ({pct(h.facility if h else None, lang)})</td>"
        "</tr>" for a, link, s, h in rows)
    people = "".join(f"<tr><td>{_e(u)}</td><td class='num'>{fmt(g, lang)} / {fmt(m, lang)}"
                     "</td></tr>" for u, (g, m) in sorted(totals.items()))
    out.mkdir(parents=True, exist_ok=True)
    index = out / ("index.html" if lang != "en" else "index.en.html")
    index.write_text(
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>"
        f"{_e(t['course'])}</title>{STYLE}</head><body><h1>{_e(t['course'])}</h1>"
        f"<table id='assignments'><tr><th>{_e(t['assignment'])}</th><th>{_e(t['submitted'])}"
        f"</th><th>{_e(t['mean'])}</th><th>{_e(t['median'])}</th><th>{_e(t['sd'])}</th>"
        f"<th>{_e(t['hardest'])}</th></tr>{body}</table><h2>{_e(t['per_student'])}</h2>"
        f"<table id='totals'><tr><th>{_e(t['student'])}</th><th>{_e(t['score'])}</th></tr>"
        f"{people}</table></body></html>", encoding="utf-8")
    _write_csv(out / "totals.csv", ["username", "score", "max_score"],
               [(u, _num(g), _num(m)) for u, (g, m) in sorted(totals.items())])
    return index
