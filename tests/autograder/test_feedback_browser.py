"""The feedback page as a browser shows it (headless Chromium, screenshot in the test's tmp
dir): maths laid out as MathML with no raw LaTeX left, the page styled from its own inlined
CSS under its CSP, the caret picture in a monospace font, nothing fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.feedback import autograded_notebook, feedback_html
from tests.autograder.browser_helper import chromium_page, open_file
from tests.autograder.feedback_fixture import ch01_notebook, ch01_report, ch01_titles

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_page_renders_maths_and_styles(tmp_path: Path, lang: str) -> None:
    """Does Chromium lay the maths out (MathML boxes, fractions), keep no `$\\lambda` in the
    text, apply the inlined stylesheet and keep the caret monospace?"""
    report = ch01_report()
    page = feedback_html(autograded_notebook(ch01_notebook(), report, lang), report, lang,
                         titles=ch01_titles())
    path = tmp_path / f"feedback-{lang}.html"
    path.write_text(page, encoding="utf-8")
    with chromium_page(height=1400) as tab:
        requests: list[str] = []
        tab.on("request", lambda req: requests.append(req.url))
        seen = open_file(tab, path)
        text = tab.inner_text("body")
        assert "$" not in text and "\\lambda" not in text and "\\frac" not in text
        sizes = tab.evaluate("""[...document.querySelectorAll('math')].map(m => {
            const r = m.getBoundingClientRect(); return [r.width, r.height]; })""")
        assert len(sizes) >= 20 and all(w > 0 and h > 0 for w, h in sizes)
        assert tab.evaluate("document.querySelectorAll('math mfrac').length") >= 3
        caret_font = tab.evaluate(
            "getComputedStyle(document.querySelector('pre.caret')).fontFamily")
        assert "Mono" in caret_font or "monospace" in caret_font
        badge = tab.evaluate(
            "getComputedStyle(document.querySelector('.badge.pass')).backgroundColor")
        assert badge not in ("rgba(0, 0, 0, 0)", "transparent")  # the stylesheet applied
        assert not [m for m in seen["console"] if "Content Security Policy" in m]
        assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
        tab.screenshot(path=str(tmp_path / f"feedback-{lang}-top.png"))
        tab.screenshot(path=str(tmp_path / f"feedback-{lang}-full.png"), full_page=True)
    title = "Grading feedback" if lang == "en" else "Retour de correction"
    assert title in text and "Derivative of a sum" in text if lang == "en" else title in text
