"""``deepmath similarity``: which pairs of submissions look alike, and why — a report for the
teacher to read, never a penalty.

Three kinds of evidence, summed into a pair's score (ranked highest first):

* **code** — the answer cells, tokenised by ``copydetect`` (Pygments' Python lexer; names
  become ``V``/``F``, strings ``S``, comments and whitespace go), fingerprinted by winnowing
  (Schleimer, Wilkerson & Aiken 2003). The released stubs and the instructor's solutions are
  boilerplate: writing the expected solution is not a resemblance. The code score is the
  mean over both students of the share of their fingerprinted code found in the other's
  (0 to 1); the shared passages are shown.
* **different variants, same answer** — each student's parameters differ
  (``variants.py``): the same value or formula, right for one student's parameters, handed
  in by a student whose parameters differ was not computed from their own: weight 1 per
  item, shared among the students for whom that answer is right.
* **same wrong answer** — the same wrong formula (compared in the whitelist parser's sympy
  form) or value: weight 0.5 / (k − 1) when k students share it (rarer,
  stronger), halved when it is a declared (common) mistake.

Answers are read from ``autograded/<s>/<a>/answers.jsonl`` (what the kernel handed out,
validated again by ``answers.collect``); function answers are compared through their code only.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import combinations
from pathlib import Path
from typing import Any

import nbformat
import numpy as np

from .answers import SymbolicText, collect
from .classdata import ClassData, load_class
from .course import Course
from .items import FunctionItem, Item, SymbolicItem
from .model import Msg
from .variants import student_variant

NOISE = 15
"""k: shortest match (in filtered tokens' characters) that counts."""
GUARANTEE = 20
"""Every match at least this long is found (winnowing window = GUARANTEE − NOISE + 1)."""
THRESHOLD = 0.5


@dataclass(frozen=True)
class Evidence:
    kind: str
    """``code``, ``cross_variant`` or ``same_wrong``."""
    item: str
    weight: float
    detail: Msg
    shared: tuple[str, str] = ("", "")
    """What the two students share here (their code passages, or the answer twice)."""


@dataclass
class Pair:
    a: str
    b: str
    code: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(self.code + sum(e.weight for e in self.evidence if e.kind != "code"), 6)


# --- answer cells ----------------------------------------------------------------------------
def answer_cells(raw: str, assignment: str) -> dict[str, str]:
    """A notebook's text → its answer cells' sources by item name (nothing run, nothing
    changed; unreadable notebooks give {})."""
    try:
        nb = nbformat.reads(raw, as_version=4)
    except Exception:  # untrusted file: the grader has recorded why it is unusable
        return {}
    cells: dict[str, str] = {}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = str(meta.get("grade_id", ""))
        if cell.get("cell_type") == "code" and meta.get("solution") and gid.endswith("-reponse"):
            name = gid.removeprefix(f"{assignment}-").removesuffix("-reponse")
            source = cell.get("source", "")
            cells.setdefault(name, source if isinstance(source, str) else "".join(source))
    return cells


def submitted_notebooks(course: Course, assignment: str) -> dict[str, Path]:
    """``submitted/<student>/<a>/<a>.ipynb`` (nbgrader's collected submissions), else the
    folder's first notebook."""
    found: dict[str, Path] = {}
    base = course.root / "submitted"
    for folder in sorted(base.glob(f"*/{assignment}")) if base.is_dir() else []:
        named = folder / f"{assignment}.ipynb"
        notebooks = [named] if named.is_file() else sorted(folder.glob("*.ipynb"))
        if notebooks and not folder.is_symlink():
            found[folder.parent.name] = notebooks[0]
    return found


def _fingerprint(code: str, boilerplate: Any) -> Any:
    from copydetect import CodeFingerprint

    return CodeFingerprint("answer.py", NOISE, GUARANTEE - NOISE + 1, boilerplate,
                           language="python", fp=io.StringIO(code))


def _boilerplate(course: Course, assignment: str) -> Any:
    """Fingerprint hashes of the released stubs and the master's solutions."""
    from copydetect.utils import filter_code, get_document_fingerprints

    texts: list[str] = []
    for path in (course.root / "release" / assignment / f"{assignment}.ipynb",
                 course.source_notebook(assignment)):
        if path.exists():
            texts += answer_cells(path.read_text(encoding="utf-8"), assignment).values()
    hashes: set[int] = set()
    for text in texts:
        text = text.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", "")
        filtered, _ = filter_code(text, "answer.py", "python")
        hashes |= get_document_fingerprints(filtered, NOISE, 1)[0]
    return np.array(sorted(hashes))


def _slices_text(code: str, slices: Any) -> str:
    """The shared passages, widened to whole lines (copydetect's offsets are approximate)."""
    parts = []
    for start, end in zip(*slices, strict=True):
        first = code.rfind("\n", 0, int(start)) + 1
        last = code.find("\n", int(end))
        parts.append(code[first:last if last >= 0 else len(code)].rstrip())
    return "\n…\n".join(parts)


def code_evidence(cells: dict[str, dict[str, str]], boilerplate: Any, assignment: str) -> dict[
        tuple[str, str], tuple[float, list[Evidence]]]:
    """Per pair: the code score and the shared passages, item by item."""
    from copydetect import compare_files

    prints = {s: {name: _fingerprint(code, boilerplate) for name, code in c.items()}
              for s, c in cells.items()}
    out: dict[tuple[str, str], tuple[float, list[Evidence]]] = {}
    for a, b in combinations(sorted(cells), 2):
        overlap, coverage, found = [0.0, 0.0], [0.0, 0.0], []
        for name in sorted(set(prints[a]) | set(prints[b])):
            fa, fb = prints[a].get(name), prints[b].get(name)
            for k, f in enumerate((fa, fb)):
                coverage[k] += float(f.token_coverage) if f is not None else 0.0
            if fa is None or fb is None or not fa.hashes or not fb.hashes:
                continue
            tokens, (sa, sb), (slices_a, slices_b) = compare_files(fa, fb)
            if not tokens:
                continue
            overlap[0] += sa * float(fa.token_coverage)
            overlap[1] += sb * float(fb.token_coverage)
            share = (sa + sb) / 2
            found.append(Evidence(
                "code", f"{assignment}.{name}", round(float(share), 3),
                Msg(f"code commun ({round(100 * share)} % de la cellule)",
                    f"shared code ({round(100 * share)}% of the cell)"),
                (_slices_text(fa.raw_code, slices_a), _slices_text(fb.raw_code, slices_b))))
        shares = [o / c for o, c in zip(overlap, coverage, strict=True) if c]
        score = float(np.mean(shares)) if len(shares) == 2 else 0.0
        out[(a, b)] = (round(score, 4), found)
    return out


# --- answers ---------------------------------------------------------------------------------
def _key(value: Any) -> Any:
    """A hashable normal form of a decoded value (floats to 10 significant digits)."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, (Fraction, Decimal)):
        return _key(float(value))
    if isinstance(value, np.ndarray):
        return ("array", value.shape, tuple(_key(float(v)) for v in value.ravel()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), _key(v)) for k, v in value.items())))
    return repr(value)


def answer_key(item: Item, value: Any) -> str | None:
    """The normal form two answers are compared in: the whitelist parser's sympy form for a
    formula, the value otherwise; None when there is nothing to compare."""
    if isinstance(item, FunctionItem):
        return None
    if isinstance(item, SymbolicItem) and isinstance(value, (str, SymbolicText)):
        from .symbolic import ParseError, parse

        text = value.text if isinstance(value, SymbolicText) else value
        try:
            return "sympy:" + str(parse(text, item.variables, timeout=2.0))
        except ParseError:
            return "text:" + "".join(text.split())
    return "value:" + json.dumps(_key(value), default=repr)


def read_answers(course: Course, data: ClassData) -> dict[str, dict[str, str]]:
    """Per student: item id → answer key (students graded before answers were kept: {})."""
    items = course.items(data.assignment)
    by_id = {item.id: item for item in items}
    out: dict[str, dict[str, str]] = {}
    for student in data.reports:
        path = course.root / "autograded" / student / data.assignment / "answers.jsonl"
        if not path.exists():
            continue
        records, _ = collect(path.read_text(encoding="utf-8"), set(by_id))
        keys = {}
        for item_id, record in records.items():
            if record.kind == "value":
                key = answer_key(by_id[item_id], record.value)
                if key is not None:
                    keys[item_id] = key
        out[student] = keys
    return out


def answer_evidence(course: Course, data: ClassData,
                    answers: dict[str, dict[str, str]]) -> dict[tuple[str, str], list[Evidence]]:
    items = course.items(data.assignment)
    params = {s: student_variant(items, course.secret, data.assignment, s) for s in answers}
    status = {s: {r.id: (r.status, r.mistake) for r in data.reports[s].items} for s in answers}
    out: dict[tuple[str, str], list[Evidence]] = {}
    for item in items:
        passed = {s for s in answers if status[s].get(item.id, ("", None))[0] == "pass"}
        wrong = Counter(keys[item.id] for s, keys in answers.items()
                        if item.id in keys and s not in passed)
        right = Counter(keys[item.id] for s, keys in answers.items()
                        if item.id in keys and s in passed)
        for a, b in combinations(sorted(answers), 2):
            key = answers[a].get(item.id)
            if key is None or key != answers[b].get(item.id):
                continue
            (st_a, mis_a), (st_b, mis_b) = status[a][item.id], status[b][item.id]
            shown = key.split(":", 1)[1]
            differ = params[a][item.name]["params"] != params[b][item.name]["params"]
            if differ and (st_a == "pass") != (st_b == "pass"):
                # right for one's parameters, handed in by the other: shared among everyone
                # for whom it is right (a variant several students have)
                out.setdefault((a, b), []).append(Evidence(
                    "cross_variant", item.id, round(1.0 / max(1, right[key]), 4),
                    Msg("même réponse alors que leurs paramètres diffèrent ; elle est juste "
                        f"pour ceux de {a if st_a == 'pass' else b}",
                        "same answer although their parameters differ; it is right for "
                        f"{a if st_a == 'pass' else b}'s"), (shown, shown)))
            elif st_a != "pass" and st_b != "pass":
                weight = 0.5 / max(1, wrong[key] - 1) * (0.5 if mis_a or mis_b else 1.0)
                out.setdefault((a, b), []).append(Evidence(
                    "same_wrong", item.id, round(weight, 4),
                    Msg(f"même réponse fausse (partagée par {wrong[key]} étudiants)",
                        f"same wrong answer (shared by {wrong[key]} students)"), (shown, shown)))
    return out


def similarity(course: Course, assignment: str) -> list[Pair]:
    """Every pair with some evidence, the most alike first."""
    data = load_class(course, assignment)
    cells = {student: answer_cells(path.read_text(encoding="utf-8", errors="replace"),
                                   assignment)
             for student, path in submitted_notebooks(course, assignment).items()}
    codes = code_evidence(cells, _boilerplate(course, assignment), assignment)
    answers = answer_evidence(course, data, read_answers(course, data))
    pairs = []
    for key in sorted(set(codes) | set(answers)):
        code, passages = codes.get(key, (0.0, []))
        pair = Pair(key[0], key[1], code, passages + answers.get(key, []))
        if pair.score > 0:
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


# --- the teacher's page ----------------------------------------------------------------------
T = {
    "title": Msg("Ressemblances entre copies", "Similarity between submissions"),
    "warning": Msg(
        "Ce rapport signale des ressemblances à examiner, pas des fraudes : deux étudiants "
        "peuvent travailler ensemble honnêtement ou faire la même erreur. Aucune note n'en "
        "dépend.",
        "This report points at resemblances worth a look, not at cheating: students may work "
        "together honestly or make the same mistake. No grade depends on it."),
    "pair": Msg("Paire", "Pair"), "score": Msg("Indice", "Score"),
    "code": Msg("Code", "Code"), "evidence": Msg("Indices", "Evidence"),
    "none": Msg("Aucune paire au-dessus du seuil.", "No pair above the threshold."),
    "threshold": Msg("seuil", "threshold"),
    "no_answers": Msg("Réponses non conservées pour certains étudiants (notés avant cette "
                      "version) : seul leur code est comparé.",
                      "Answers not kept for some students (graded before this version): "
                      "only their code is compared."),
}


def _pair_html(pair: Pair, lang: str) -> str:
    rows = []
    for e in pair.evidence:
        left, right = (html.escape(x) for x in e.shared)
        rows.append(f"<li><code>{html.escape(e.item)}</code> — {html.escape(e.detail(lang))}"
                    f"<div class='shared'><pre>{left}</pre><pre>{right}</pre></div></li>")
    return (f"<tr><td><b>{html.escape(pair.a)}</b> / <b>{html.escape(pair.b)}</b></td>"
            f"<td class='num'>{pair.score:.2f}</td><td class='num'>{round(100 * pair.code)} %"
            f"</td><td><ul>{''.join(rows)}</ul></td></tr>")


STYLE = """<style>
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:70em;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #ddd;padding:6px;
text-align:left;vertical-align:top} td.num{text-align:right} .warn{background:#fff8e1;
padding:.6em 1em;border-left:4px solid #ffb300} .shared{display:flex;gap:1em}
.shared pre{flex:1;background:#f4f6f8;padding:4px;white-space:pre-wrap;margin:.2em 0}
</style>"""


def _threshold(x: float, lang: str) -> str:
    return f"{x:g}".replace(".", ",") if lang == "fr" else f"{x:g}"


def write_similarity(*, course_dir: Path, assignment: str, lang: str = "fr",
                     threshold: float = THRESHOLD) -> tuple[Path, list[Pair]]:
    """Write ``reports/<a>/similarite.html`` (``similarity.html`` in English) and
    ``similarity.csv``; returns the page and the pairs at or above ``threshold``."""
    course = Course(course_dir)
    course.check_assignment(assignment)
    pairs = [p for p in similarity(course, assignment) if p.score >= threshold]
    out = course.root / "reports" / assignment
    out.mkdir(parents=True, exist_ok=True)
    t = {k: v(lang) for k, v in T.items()}
    graded = list((course.root / "autograded").glob(f"*/{assignment}/results.json"))
    missing = [g for g in graded if not (g.parent / "answers.jsonl").exists()]
    body = "".join(_pair_html(p, lang) for p in pairs) or f"<tr><td>{t['none']}</td></tr>"
    page = out / ("similarity.html" if lang == "en" else "similarite.html")
    page.write_text(
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{t['title']} — "
        f"{html.escape(assignment)}</title>{STYLE}</head><body><h1>{t['title']} — "
        f"{html.escape(assignment)}</h1><p class='warn'>{html.escape(t['warning'])}</p>"
        + (f"<p>{html.escape(t['no_answers'])}</p>" if missing else "")
        + f"<p>{t['threshold']} : {_threshold(threshold, lang)}</p><table id='pairs'><tr>"
        f"<th>{t['pair']}</th><th>{t['score']}</th><th>{t['code']}</th><th>{t['evidence']}</th></tr>{body}"
        "</table></body></html>", encoding="utf-8")
    with open(out / "similarity.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student_a", "student_b", "score", "code", "evidence"])
        for p in pairs:
            writer.writerow([p.a, p.b, f"{p.score:.4f}", f"{p.code:.4f}", "; ".join(
                f"{e.kind}:{e.item}" for e in p.evidence)])
    return page, pairs
