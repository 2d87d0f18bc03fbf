"""Attack corpus, issue 7 class 6: live script in what the instructor and the student open.

Each attack is an output a student's cell can produce (``display(Javascript(...))``,
``<script>``, ``<img onerror>``, ``javascript:`` URLs, iframes, SVG with script, widget views,
forged image data…). Nothing active may survive into the autograded notebook (formgrader
renders it in the instructor's browser) nor into the feedback page, which is also checked in
headless Chromium under its own no-script Content-Security-Policy.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest

from autograder.feedback import autograded_notebook, feedback_html
from autograder.safe_html import KEPT_MIMETYPES
from tests.autograder.feedback_fixture import add_output, ch01_notebook, ch01_report, ch01_titles

PWN = "window.__pwned = '{name}'"


def _html(text: str) -> dict[str, Any]:
    return {"output_type": "display_data", "data": {"text/html": text, "text/plain": "<HTML>"},
            "metadata": {}}


def _raw(data: dict[str, Any]) -> dict[str, Any]:
    return {"output_type": "display_data", "data": data, "metadata": {}}


# name: (code a student cell runs, the output it leaves in the executed notebook)
OUTPUT_ATTACKS: dict[str, tuple[str, dict[str, Any]]] = {
    "display-javascript": (
        "from IPython.display import Javascript, display\n"
        "display(Javascript(\"window.__pwned = 'display-javascript'\"))",
        _raw({"application/javascript": PWN.format(name="display-javascript"),
              "text/plain": "<IPython.core.display.Javascript object>"})),
    "script-tag": (
        "from IPython.display import HTML, display\n"
        "display(HTML(\"<b>bonjour</b><script>window.__pwned = 'script-tag'</script>\"))",
        _html("<b>bonjour</b><script>window.__pwned = 'script-tag'</script>")),
    "img-onerror": (
        "from IPython.display import HTML, display\n"
        "display(HTML('<img src=x onerror=\"window.__pwned = 1\">'))",
        _html('<img src=x onerror="window.__pwned = \'img-onerror\'">')),
    "javascript-url": (
        "from IPython.display import HTML, display\n"
        "display(HTML('<a href=\"javascript:window.__pwned=1\">cliquez</a>'))",
        _html("<a href=\"javascript:window.__pwned='javascript-url'\">cliquez</a>"
              "<a href=\"  JaVaScRiPt:window.__pwned='javascript-url'\">ici</a>")),
    "iframe-srcdoc": (
        "from IPython.display import HTML, display\n"
        "display(HTML('<iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>'))",
        _html("<iframe srcdoc=\"<script>parent.__pwned='iframe-srcdoc'</script>\"></iframe>"
              "<iframe src=\"javascript:parent.__pwned='iframe-srcdoc'\"></iframe>")),
    "svg-script": (
        "from IPython.display import SVG, display\n"
        "display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\">"
        "<script>window.__pwned=1</script><circle r=\"5\" onload=\"window.__pwned=1\"/>"
        "<foreignObject><img src=\"x\" onerror=\"window.__pwned=1\"/></foreignObject></svg>'))",
        _raw({"image/svg+xml": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" "
              "height=\"20\"><script>window.__pwned='svg-script'</script><circle r=\"5\" "
              "onload=\"window.__pwned='svg-script'\"/><foreignObject><img src=\"x\" "
              "onerror=\"window.__pwned='svg-script'\"/></foreignObject></svg>",
              "text/plain": "<SVG>"})),
    "svg-in-html": (
        "from IPython.display import HTML, display\n"
        "display(HTML('<svg><animate onbegin=\"window.__pwned=1\" attributeName=\"x\"/>"
        "<a href=\"javascript:window.__pwned=1\"><text>t</text></a></svg>'))",
        _html("<svg><animate onbegin=\"window.__pwned='svg-in-html'\" attributeName=\"x\"/>"
              "<a href=\"javascript:window.__pwned='svg-in-html'\"><text>t</text></a></svg>")),
    "markdown-output": (
        "from IPython.display import Markdown, display\n"
        "display(Markdown('[ici](javascript:window.__pwned=1) <img src=x onerror=\"x()\">'))",
        _raw({"text/markdown": "[ici](javascript:window.__pwned='markdown-output') "
              "<img src=x onerror=\"window.__pwned='markdown-output'\">",
              "text/plain": "<Markdown>"})),
    "widget-view": (
        "from IPython.display import display\n"
        "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'x',"
        " 'version_major': 2, 'version_minor': 0}, 'text/plain': 'w'}, raw=True)",
        _raw({"application/vnd.jupyter.widget-view+json": {"model_id": "x", "version_major": 2,
                                                           "version_minor": 0},
              "text/plain": "Widget"})),
    "png-attribute-injection": (
        "from IPython.display import display\n"
        "display({'image/png': 'x\" onerror=\"window.__pwned=1', 'text/plain': 'i'}, raw=True)",
        _raw({"image/png": "x\" onerror=\"window.__pwned='png-attribute-injection'",
              "text/plain": "i"})),
    "metadata-injection": (
        "from IPython.display import display\n"
        "display({'image/png': 'iVBORw0KGgo='}, metadata={'image/png': {'width': "
        "'1 onerror=window.__pwned=1'}}, raw=True)",
        {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo="},
         "metadata": {"image/png": {"width": "1 onerror=window.__pwned='metadata'"}}}),
    "latex-href": (
        "from IPython.display import Math, display\n"
        "display(Math(r'\\href{javascript:window.__pwned=1}{x}'))",
        _raw({"text/latex": "$\\href{javascript:window.__pwned='latex-href'}{x}$",
              "text/plain": "<Math>"})),
    "meta-refresh-base-form": (
        "from IPython.display import HTML, display\n"
        "display(HTML('<meta http-equiv=refresh content=\"0;url=javascript:x()\">"
        "<base href=\"javascript:x()//\"><form action=\"javascript:x()\"><button>ok</button>"
        "</form><object data=\"javascript:x()\"></object><embed src=\"javascript:x()\">"
        "<link rel=stylesheet href=\"https://example.org/x.css\"><style>*{color:red}</style>'))",
        _html("<meta http-equiv=refresh content=\"0;url=javascript:window.__pwned='meta'\">"
              "<base href=\"javascript:x()//\"><form action=\"javascript:x()\">"
              "<button formaction=\"javascript:x()\">ok</button></form>"
              "<object data=\"javascript:x()\"></object><embed src=\"javascript:x()\">"
              "<link rel=stylesheet href=\"https://example.org/x.css\">"
              "<style>*{color:red}</style><p style=\"background:url(https://e.org/t)\">s</p>")),
}

BAD_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
            "form", "button", "input", "meta", "link", "style", "foreignobject", "animate",
            "set", "use", "handler", "noscript", "template", "portal"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster",
             "background", "srcset"}
SAFE_DATA = re.compile(r"^data:image/(png|jpeg|gif|svg\+xml);base64,[A-Za-z0-9+/=]*$")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BAD_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on") or name in ("srcdoc", "style"):
                self.found.append(f"{tag}[{name}]")
            if name in URL_ATTRS and value:
                lowered = re.sub(r"\s", "", value).lower()
                if lowered.startswith(("javascript:", "vbscript:")) or (
                        lowered.startswith("data:") and not SAFE_DATA.match(value)):
                    self.found.append(f"{tag}[{name}={value[:30]}]")
                if tag in ("img", "image", "video", "audio", "source") and not SAFE_DATA.match(
                        value):
                    self.found.append(f"{tag}[{name}] fetches {value[:30]}")


def active_content(html_text: str) -> list[str]:
    """Every script, handler, frame, form, style or scripted URL in ``html_text``."""
    finder = _Finder()
    finder.feed(html_text)
    finder.close()
    return finder.found


def notebook_active_content(nb: nbformat.NotebookNode) -> list[str]:
    found: list[str] = [f"notebook metadata {key}" for key in nb.metadata
                        if key not in ("kernelspec", "language_info")]
    for cell in nb.cells:
        if cell.cell_type in ("markdown", "raw"):
            found += active_content(cell.source)
            continue
        for out in cell.get("outputs", []):
            for mime, value in out.get("data", {}).items():
                if mime not in KEPT_MIMETYPES:
                    found.append(f"mimetype {mime}")
                elif mime in ("text/html", "text/markdown", "image/svg+xml"):
                    found += active_content(str(value))
                    if "javascript:" in str(value).lower():
                        found.append(f"{mime} javascript: URL")
                elif mime.startswith("image/") and not re.fullmatch(r"[A-Za-z0-9+/=\s]*",
                                                                     str(value)):
                    found.append(f"{mime} is not base64")
            for sizes in out.get("metadata", {}).values():
                if any(not isinstance(v, int | float) for v in dict(sizes).values()):
                    found.append("output metadata not numeric")
    return found


def _body(page: str) -> str:
    return page.split("<body>", 1)[1]


def _attacked_notebook(names: list[str]) -> nbformat.NotebookNode:
    nb = ch01_notebook()
    for name in names:
        add_output(nb, OUTPUT_ATTACKS[name][1])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.cells.append(nbformat.v4.new_markdown_cell(
        "Mon travail <script>window.__pwned='student-markdown'</script>"
        "<img src=x onerror=\"window.__pwned='student-markdown'\"> "
        "[lien](javascript:window.__pwned='student-markdown')"))
    return nb


def test_the_checker_sees_every_attack() -> None:
    """Does the test's own detector flag each raw attack (so a pass below means something)?"""
    raw = _attacked_notebook(sorted(OUTPUT_ATTACKS))
    found = notebook_active_content(raw)
    for marker in ("mimetype application/javascript", "<script>", "img[onerror]",
                   "<iframe>", "mimetype application/vnd.jupyter.widget-view+json",
                   "image/png is not base64", "output metadata not numeric", "<meta>"):
        assert marker in found, marker


@pytest.mark.parametrize("attack", sorted(OUTPUT_ATTACKS))
def test_autograded_notebook_is_inert(attack: str) -> None:
    """Is the attack's output gone or neutralised in the autograded notebook, while harmless
    content of the same output stays?"""
    nb = autograded_notebook(_attacked_notebook([attack]), ch01_report())
    assert notebook_active_content(nb) == []
    assert "widgets" not in nb.metadata
    if attack == "script-tag":
        shown = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                 if "text/html" in o.get("data", {})]
        assert shown and "<b>bonjour</b>" in shown[0]["data"]["text/html"]


@pytest.mark.parametrize("attack", sorted(OUTPUT_ATTACKS))
def test_feedback_page_is_inert(attack: str) -> None:
    """Does the feedback page hold no active content, whatever the output held?"""
    nb = autograded_notebook(_attacked_notebook([attack]), ch01_report())
    page = feedback_html(nb, ch01_report(), "fr", titles=ch01_titles())
    assert active_content(_body(page)) == []
    assert "javascript:" not in page.lower()


@pytest.mark.browser
def test_feedback_page_runs_nothing_in_chromium(tmp_path: Path) -> None:
    """In Chromium, does the page with every attack run no script at all — and would its CSP
    still refuse an inline script and a handler if the sanitiser missed one?"""
    from tests.autograder.browser_helper import chromium_page, open_file

    nb = autograded_notebook(_attacked_notebook(sorted(OUTPUT_ATTACKS)), ch01_report())
    page = feedback_html(nb, ch01_report(), "fr", titles=ch01_titles())
    clean = tmp_path / "attacks.html"
    clean.write_text(page, encoding="utf-8")
    missed = tmp_path / "sanitiser-miss.html"  # as if an attack got past the sanitiser
    missed.write_text(page.replace(
        "</main>", "<script>window.__pwned = 'inline'</script>"
        "<img src='data:,x' onerror=\"window.__pwned = 'handler'\"></main>"), encoding="utf-8")
    for path in (clean, missed):
        with chromium_page() as tab:
            seen = open_file(tab, path)
            assert tab.evaluate("window.__pwned") is None, path.name
            assert seen["dialogs"] == [] and seen["errors"] == []
            assert tab.evaluate("document.querySelectorAll('script').length") == (
                0 if path is clean else 1)
            if path is missed:
                refusals = [m for m in seen["console"] if "Content Security Policy" in m]
                assert len(refusals) >= 2, seen["console"]
            tab.screenshot(path=str(tmp_path / f"{path.stem}.png"), full_page=False)


@pytest.mark.slow
@pytest.mark.sandbox
def test_class_run_keeps_no_active_content(released_course: Path, tmp_path: Path,
                                           sandbox_ready: None) -> None:
    """Through the real path (sandbox, grade, feedback): a submission whose added cells
    display every attack leaves nothing active in its autograded notebook and page, and its
    honest answers are graded as usual."""
    from autograder import api
    from autograder.course import Course
    from autograder.demo import load_scenarios, make_submission
    from tests.conftest import FAST_LIMITS

    root = tmp_path / "course"
    shutil.copytree(released_course, root)
    course = Course(root)
    nb = nbformat.reads(make_submission(course, "ch01", load_scenarios(course, "ch01")["alice"]),
                        as_version=4)
    nb.cells[3:3] = [nbformat.v4.new_code_cell(code) for code, _ in OUTPUT_ATTACKS.values()]
    nb.cells.append(nbformat.v4.new_markdown_cell("<script>window.__pwned = 'md'</script>"))
    target = root / "submitted" / "mallory" / "ch01"
    target.mkdir(parents=True)
    (target / "ch01.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    [report] = api.grade(course_dir=root, assignment="ch01", limits=FAST_LIMITS)
    assert report.score == report.max_score, json.dumps(report.to_json())
    autograded = nbformat.read(root / "autograded" / "mallory" / "ch01" / "ch01.ipynb", 4)
    assert notebook_active_content(autograded) == []
    kinds = {m for c in autograded.cells if c.cell_type == "code" for o in c.outputs
             for m in o.get("data", {})}
    assert "text/html" in kinds  # the attacks ran and displayed; only their active part went
    [page] = api.feedback(course_dir=root, assignment="ch01")
    assert active_content(_body(page.read_text(encoding="utf-8"))) == []
