"""Is the feedback page a page people read: titles, maths rendered offline, caret kept,
translated headers, French numbers, a policy that forbids scripts, no hidden code?"""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from autograder.feedback import autograded_notebook, feedback_html, number
from tests.autograder.feedback_fixture import ch01_notebook, ch01_report, ch01_titles


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    nb = autograded_notebook(ch01_notebook(), ch01_report())
    return {lang: feedback_html(nb, ch01_report(), lang, titles=ch01_titles())
            for lang in ("fr", "en")}


def test_numbers_follow_the_language() -> None:
    """Is 13.5 written 13,5 in French and 13.5 in English?"""
    assert number(13.5, "fr") == "13,5" and number(13.5, "en") == "13.5"
    assert number(2, "fr") == "2"


def test_rows_show_titles_and_french_scores(pages: dict[str, str]) -> None:
    """Do rows show the items' titles (not only ids) and the score in French format?"""
    page = pages["fr"]
    for title in ch01_titles().values():
        assert f'<span class="title">{title.fr.replace(chr(39), "&#39;")}</span>' in page
    assert ">5,5</span> <span class=\"max\">/ 13,5</span>" in page
    assert "1,5 / 1,5" in page and "0 / 1,5" in page
    table = page.split("<table")[1].split('<section class="notebook">')[0]
    assert not re.search(r"\d\.\d", table)


def test_every_header_is_translated(pages: dict[str, str]) -> None:
    """With --lang en, is every header, label and status in English?"""
    page = pages["en"]
    for text in ("Grading feedback", "<th>Question</th>", "<th>Status</th>",
                 "<th>Comment</th>", "Your graded notebook", "Score", "Please note",
                 "Derivative of a sum", ">pass</span>", ">missing</span>"):
        assert text in page, text
    visible = re.sub(r"<[^>]+>", " ", page.split('<section class="notebook">')[0])
    for french in ("Retour", "Statut", "Commentaire", "Étudiant", "réussi", "non traité",
                   "À savoir", "Note"):
        assert french not in visible, french
    assert "13.5" in page and "13,5" not in page


def test_parse_error_caret_stays_monospace(pages: dict[str, str]) -> None:
    """Does the caret picture of a parse error keep its columns (a <pre>)?"""
    assert '<pre class="caret">  -foo(3x)/cos(3x)\n   ^</pre>' in pages["fr"]


def test_maths_rendered_offline(pages: dict[str, str]) -> None:
    """Is LaTeX turned into MathML in the page itself (no raw $\\lambda, nothing fetched)?"""
    page = pages["fr"]
    assert page.count("<math") >= 20
    assert "$\\lambda" not in page and "\\frac" not in page and "\\circ" not in page
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", page)


def test_page_carries_a_no_script_policy(pages: dict[str, str]) -> None:
    """Is there a CSP meta tag forbidding scripts, and no script element at all?"""
    page = pages["fr"]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    policy = html.unescape(csp[1])
    assert "script-src 'none'" in policy and "default-src 'none'" in policy
    assert "<script" not in page.lower()


def test_code_cells_are_highlighted(pages: dict[str, str]) -> None:
    """Are code cells shown highlighted (pygments classes and their inlined CSS)?"""
    page = pages["fr"]
    assert "<pre class=\"highlight\">" in page and ".highlight .k" in page


def test_final_score_and_comment_are_shown() -> None:
    """Does the page show a reviewer's final score and comment when given?"""
    page = feedback_html(None, ch01_report(), "fr", final_score=12.5, comment="Bien <b>vu</b>")
    assert "Note finale (après relecture)" in page and "12,5 / 13,5" in page
    assert "Bien &lt;b&gt;vu&lt;/b&gt;" in page


def test_hidden_code_stays_out_but_student_text_is_not_a_leak() -> None:
    """Is the hidden hand-out removed from test cells, while a student's own cell that names
    the hand-out module still gets a page?"""
    nb = ch01_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import _deepmath_kernel  # curious"))
    page = feedback_html(autograded_notebook(nb, ch01_report()), ch01_report(), "fr")
    assert "BEGIN HIDDEN TESTS" not in page and ".rendre(" not in page
    raw = ch01_notebook()  # an autograded notebook that still held hidden code
    with pytest.raises(RuntimeError, match="hidden"):
        from autograder.feedback import _check_no_hidden_code

        _check_no_hidden_code(raw)


def test_autograded_notebook_verdicts_use_the_language() -> None:
    """Does the verdict written into the test cells use 1,5 in French?"""
    nb = autograded_notebook(ch01_notebook(), ch01_report())
    texts = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
             if o.get("output_type") == "stream"]
    assert any("0/1,5 — non traité" in t for t in texts)
