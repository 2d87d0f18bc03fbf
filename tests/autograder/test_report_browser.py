"""The class report in a real browser (Debian's Chromium, headless, Playwright): the page
renders offline, its plots load, and a screenshot is taken (kept where
``DEEPMATH_SCREENSHOT_DIR`` says, for a person to look at)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from autograder.report_page import write_report

from .test_report import _ch01_class

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_page_renders_offline(tmp_path: Path, lang: str) -> None:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian chromium is missing: run `scripts/hub_setup.sh --test`")
    sync_api = pytest.importorskip("playwright.sync_api")
    course = _ch01_class(tmp_path / "course")
    page_path = write_report(course_dir=course.root, assignment="ch01", lang=lang)
    requested: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.route("**/*", lambda route: (requested.append(route.request.url),
                                              route.abort() if not route.request.url.startswith(
                                                  ("file:", "data:")) else route.continue_()))
            page.goto(page_path.as_uri())
            heading = "Rapport de classe" if lang == "fr" else "Class report"
            assert page.locator("h1").inner_text().startswith(heading)
            widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
            assert len(widths) == 2 and all(w > 300 for w in widths)  # both plots decoded
            assert page.locator("#mistakes tr").count() >= 2
            assert page.locator("#students tr").count() == 8  # header + 7 students
            # nothing wider than the window: the teacher does not scroll sideways
            assert page.evaluate("document.documentElement.scrollWidth") <= 1200
            shot = tmp_path / f"report-{lang}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            keep = os.environ.get("DEEPMATH_SCREENSHOT_DIR")
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shot, Path(keep) / shot.name)
        finally:
            browser.close()
    assert not [u for u in requested if not u.startswith(("file:", "data:"))]
