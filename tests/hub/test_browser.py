"""A student and a teacher in a real browser: Debian's Chromium, headless, driven by Playwright.

The student logs in on the hub's page (PAM), lands on the assignment list (not an empty
launcher, no news pop-up) and fetches ch01. The teacher opens Nbgrader > Formgrader from the
menu (the formgrader lives in an iframe: the server must let its own pages frame it), collects,
types ``deepmath grade ch01`` in a JupyterLab terminal, and clicks the formgrader's ⚡ Autograde
button, which must run deepmath's sandboxed grading, not stock nbgrader. Screenshots go to
``$DEEPMATH_HUB_SHOTS`` (default /tmp/deepmath-hub-shots). Playwright never downloads a
browser here: it drives /usr/bin/chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from deepmath_hub.client import HubSession

if TYPE_CHECKING:  # the fixture's type (conftest.py is not imported by name)
    from conftest import RunningHub

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(600)]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STUDENT = "dmtest-bob"
INSTRUCTOR = "dmtest-prof"
COURSE = "deepmath"
ANSWERED = "ch01-derivee_somme-reponse"
SHOTS = Path(os.environ.get("DEEPMATH_HUB_SHOTS", "/tmp/deepmath-hub-shots"))


@pytest.fixture
def page(hub: RunningHub) -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian chromium is missing: run `scripts/hub_setup.sh --test`")
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.set_default_timeout(60_000)
            yield context.new_page()
        finally:
            browser.close()


def log_in(page: Any, hub: RunningHub, name: str) -> None:
    page.goto(f"{hub.url}hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", hub.passwords[name])
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{name}/lab**", timeout=180_000)


def open_menu(page: Any, menu: str, *path: str) -> None:
    """Click a menu of JupyterLab's menu bar, then the entries of ``path`` in turn."""
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).click()
    for n, label in enumerate(path):
        label_re = re.compile(rf"^{re.escape(label)}$")
        entry = page.locator(".lm-Menu-content .lm-Menu-item:not(.lm-mod-hidden)").filter(
            has=page.locator(".lm-Menu-itemLabel", has_text=label_re)).last
        if n < len(path) - 1:
            entry.hover()
        else:
            entry.click()


def test_student_lands_on_the_assignment_list_and_fetches_ch01(hub: RunningHub,
                                                               page: Any) -> None:
    """Does a student land on the assignment list (no launcher, no news pop-up) and fetch?"""
    from playwright.sync_api import expect

    log_in(page, hub, STUDENT)
    released = page.locator("#released_assignments_list")
    row = released.locator(".list_item", has_text="ch01")
    row.wait_for()  # without a click: the assignment list is what opens
    page.wait_for_timeout(2000)  # what JupyterLab would pop up comes within a second
    page.screenshot(path=str(SHOTS / "student-landing.png"))
    expect(page.locator(".jp-Launcher")).to_have_count(0)
    expect(page.get_by_text("official Jupyter news")).to_have_count(0)

    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    items = page.locator(".lm-Menu-itemLabel")
    expect(items.filter(has_text="Assignment List")).to_have_count(1)
    expect(items.filter(has_text="Formgrader")).to_have_count(0)  # instructors only
    page.keyboard.press("Escape")

    row.get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list")
    expect(fetched).to_contain_text("ch01", timeout=60_000)
    assert Path(f"/home/{STUDENT}/ch01/ch01.ipynb").is_file()


def submitted_by_student(hub: RunningHub) -> None:
    """The student answers one question of ch01 (the master's solution) and submits over
    HTTP: deepmath gives it its point, stock nbgrader (hand-out cells) would give 0."""
    bob = HubSession(hub.url, STUDENT, hub.passwords[STUDENT])
    bob.login()
    bob.start_server()
    bob.open_lab()
    if ("ch01", "released") in {(a["assignment_id"], a["status"])
                                for a in bob.assignments(COURSE)}:
        bob.fetch(COURSE, "ch01")
    notebook = bob.read_notebook("ch01/ch01.ipynb")
    master = json.loads((hub.settings.course_dir / "source/ch01/ch01.ipynb").read_text())
    solution = next("".join(c["source"]) for c in master["cells"]
                    if c["metadata"].get("nbgrader", {}).get("grade_id") == ANSWERED)
    cell = next(c for c in notebook["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == ANSWERED)
    cell["source"] = re.sub(r"### (BEGIN|END) SOLUTION\n?", "", solution)
    bob.write_notebook("ch01/ch01.ipynb", notebook)
    bob.submit(COURSE, "ch01")


def gradebook_score(hub: RunningHub, student: str) -> float | None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{hub.settings.course_dir / 'gradebook.db'}") as gb:
        try:
            return float(gb.find_submission("ch01", student).score)
        except MissingEntry:
            return None


def wait_for_text(path: Path, marker: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and marker in (text := path.read_text(errors="replace")):
            return text
        time.sleep(1)
    raise AssertionError(f"{path}: no {marker!r} after {timeout} s: "
                         f"{path.read_text(errors='replace') if path.is_file() else 'missing'}")


def test_teacher_formgrader_terminal_and_autograde(hub: RunningHub, page: Any) -> None:
    """Can a teacher use the formgrader from the menu, grade in a terminal, and is ⚡ sandboxed?"""
    from playwright.sync_api import expect

    submitted_by_student(hub)
    log_in(page, hub, INSTRUCTOR)
    open_menu(page, "Nbgrader", "Formgrader")
    frame = page.frame_locator("#formgrader iframe")
    page.wait_for_timeout(3000)
    page.screenshot(path=str(SHOTS / "formgrader-from-menu.png"))
    row = frame.locator("tr", has_text="ch01")
    expect(row).to_be_visible(timeout=60_000)  # blank panel: the iframe was refused

    # Collect, as a teacher clicks.
    row.locator("td.collect a").click()
    expect(frame.locator(".modal", has_text="Successfully collected")).to_be_visible(
        timeout=120_000)
    page.screenshot(path=str(SHOTS / "formgrader-collected.png"))
    frame.locator(".modal .modal-footer button").first.click()
    assert (hub.settings.course_dir / f"submitted/{STUDENT}/ch01/ch01.ipynb").is_file()

    # The documented commands, typed in a JupyterLab terminal (a login shell).
    log = Path(f"/home/{INSTRUCTOR}/terminal-grade.log")
    log.unlink(missing_ok=True)
    open_menu(page, "File", "New", "Terminal")
    terminal = page.locator(".jp-Terminal").last
    terminal.wait_for()
    terminal.click()
    page.wait_for_timeout(2000)  # the shell's prompt
    page.keyboard.type("{ command -v deepmath nbgrader; nbgrader --version; "
                       f"deepmath grade ch01; echo rc=$?; }} > {log} 2>&1\n")
    text = wait_for_text(log, "rc=", 300)
    page.screenshot(path=str(SHOTS / "terminal-grade.png"))
    assert "rc=0" in text, text
    assert "command not found" not in text, text
    assert f"{hub.settings.instructor_env}/bin/deepmath" in text, text
    assert f"{hub.settings.instructor_env}/bin/nbgrader" in text, text
    assert STUDENT in text, text
    results = hub.settings.course_dir / f"autograded/{STUDENT}/ch01/results.json"
    graded = json.loads(results.read_text())["score"]
    assert graded > 0  # the answered question
    assert gradebook_score(hub, STUDENT) == pytest.approx(graded)

    # ⚡ Autograde in the formgrader runs deepmath's sandboxed grading, not stock nbgrader.
    page.locator(".lm-TabBar-tabLabel", has_text="Formgrader").click()
    frame.locator("a", has_text="Manage Assignments").click()  # reloads the table
    frame.locator("tr", has_text="ch01").locator("td.num-submissions a").click()
    student_row = frame.locator("tr", has_text=STUDENT)
    expect(student_row).to_be_visible()
    before = results.stat().st_mtime_ns
    student_row.locator("td.autograde a").click()
    modal = frame.locator(".modal", has_text="Successfully autograded")
    expect(modal).to_be_visible(timeout=300_000)
    expect(modal).to_contain_text("sandbox")
    page.screenshot(path=str(SHOTS / "formgrader-autograde.png"))
    assert results.stat().st_mtime_ns > before  # deepmath wrote its results again
    assert json.loads(results.read_text())["score"] == pytest.approx(graded)
    assert gradebook_score(hub, STUDENT) == pytest.approx(graded)
