"""A student in a real browser: Debian's Chromium, headless, driven by Playwright.

Logs in on the hub's page (PAM), lands in JupyterLab, opens Nbgrader > Assignment List and
fetches ch01. Playwright never downloads a browser here: it drives /usr/bin/chromium.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the fixture's type (conftest.py is not imported by name)
    from conftest import RunningHub

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STUDENT = "dmtest-bob"


@pytest.fixture
def page(hub: RunningHub) -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian chromium is missing: run `scripts/hub_setup.sh --test`")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.set_default_timeout(60_000)
            yield context.new_page()
        finally:
            browser.close()


def test_student_logs_in_and_fetches_ch01(hub: RunningHub, page: object) -> None:
    """Can a student log in, open the assignment list and fetch ch01 in the browser?"""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{hub.url}hub/login")
    page.fill("#username_input", STUDENT)
    page.fill("#password_input", hub.passwords[STUDENT])
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{STUDENT}/lab**", timeout=180_000)

    menu = page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader")
    menu.wait_for()
    menu.click()
    items = page.locator(".lm-Menu-itemLabel")
    expect(items.filter(has_text="Assignment List")).to_have_count(1)
    expect(items.filter(has_text="Formgrader")).to_have_count(0)  # instructors only
    items.filter(has_text="Assignment List").click()

    released = page.locator("#released_assignments_list")
    row = released.locator(".list_item", has_text="ch01")
    row.wait_for()
    row.get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list")
    expect(fetched).to_contain_text("ch01", timeout=60_000)
    assert Path(f"/home/{STUDENT}/ch01/ch01.ipynb").is_file()
