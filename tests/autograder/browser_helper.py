"""Headless Chromium for page tests: Debian's /usr/bin/chromium driven by Playwright (never a
downloaded browser)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def chromium_page(width: int = 1100, height: int = 900) -> Iterator[Any]:
    """A fresh page; skips when Chromium or Playwright is missing (``make test`` installs
    both through the hub set-up)."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian chromium is missing: run `scripts/hub_setup.sh --test`")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(20_000)
            yield page
        finally:
            browser.close()


def open_file(page: Any, path: Path) -> dict[str, list[str]]:
    """Load ``path``; returns what the page said (console lines, dialogs, page errors)."""
    seen: dict[str, list[str]] = {"console": [], "dialogs": [], "errors": []}
    page.on("console", lambda msg: seen["console"].append(msg.text))
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))

    def on_dialog(dialog: Any) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri())
    page.wait_for_timeout(300)  # let onerror/onload handlers (if any) fire
    return seen
