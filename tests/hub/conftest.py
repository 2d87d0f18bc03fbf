"""Fixtures of the hub tests: the real local hub on loopback, with dedicated accounts.

The hub is started exactly as ``make hub`` starts it (``python -m deepmath_hub run``: PAM,
configurable-http-proxy, LocalProcessSpawner, idle culler), once per session, in a scratch
root under /tmp, with the accounts of ``tests/hub/roster.csv`` (all named ``dmtest-*``, groups
``dmtest-*``). Teardown stops it, ends any process left to those accounts and deletes them.

Needs root and the environments of ``scripts/hub_setup.sh --test``; skipped otherwise.
"""

from __future__ import annotations

import csv
import grp
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "hub_config"))

from deepmath_hub import accounts  # noqa: E402
from deepmath_hub.control import READY, free_port_block, start_in_background  # noqa: E402
from deepmath_hub.roster import read_roster  # noqa: E402
from deepmath_hub.settings import HubSettings  # noqa: E402

ROSTER = Path(__file__).with_name("roster.csv")
PREFIX = "dmtest"
SETUP_HINT = "run `scripts/hub_setup.sh --test` as root first"


def missing_requirements() -> str | None:
    """Why the hub tests cannot run here, or None."""
    if os.geteuid() != 0:
        return "hub tests create Unix accounts: run them as root"
    s = HubSettings()
    for path in (Path(s.hub_env) / "bin" / "jupyterhub-singleuser",
                 Path(s.instructor_env) / "bin" / "nbgrader",
                 Path(s.sandbox_env) / "bin" / "python"):
        if not path.exists():
            return f"{path} is missing: {SETUP_HINT}"
    return None


@dataclass
class RunningHub:
    """A hub started by the fixture, and what the tests need to talk to it."""

    settings: HubSettings
    proc: subprocess.Popen[str]
    banner: str
    passwords: dict[str, str]
    env: dict[str, str]
    stopped: bool = False

    @property
    def url(self) -> str:
        return self.settings.url

    def stop(self) -> subprocess.CompletedProcess[str]:
        """``python -m deepmath_hub stop`` (what ``make hub-stop`` runs), then wait."""
        done = subprocess.run([sys.executable, "-m", "deepmath_hub", "stop"], env=self.env,
                              capture_output=True, text=True, timeout=120, check=False)
        self.proc.wait(timeout=60)
        self.stopped = True
        return done

    def usernames(self) -> list[str]:
        return [m.username for m in read_roster(self.settings.roster)]


def _cleanup_accounts(names: list[str]) -> None:
    for name in names:
        if not name.startswith(f"{PREFIX}-"):
            raise ValueError(f"refusing to delete {name}: not a test account")
        accounts.remove_account(name)
    for group in (f"{PREFIX}-instructors", f"{PREFIX}-students"):
        try:
            grp.getgrnam(group)
        except KeyError:
            continue
        subprocess.run(["groupdel", group], capture_output=True, check=False)


@pytest.fixture(scope="session")
def hub() -> Iterator[RunningHub]:
    reason = missing_requirements()
    if reason:
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}-hub-"))
    root.chmod(0o755)
    port = free_port_block(10 + len(read_roster(ROSTER)))  # hub, proxy, then users' servers
    settings = replace(
        HubSettings(), root=str(root), port=str(port), roster=str(ROSTER),
        group_prefix=PREFIX, cull_idle="600", cull_every="60")
    env = {**os.environ, **settings.as_env(), "PYTHONPATH": str(REPO / "hub_config")}
    names = [m.username for m in read_roster(ROSTER)]
    running = None
    _cleanup_accounts(names)  # leftovers of an interrupted run: their passwords are unknown
    try:
        proc, banner = start_in_background(env)
        with open(settings.passwords_file, newline="") as fh:
            passwords = {row["username"]: row["password"] for row in csv.DictReader(fh)}
        running = RunningHub(settings, proc, banner, passwords, env)
        yield running
    finally:
        if running is not None and not running.stopped:
            running.stop()
        accounts.end_processes(accounts.uids_of(names))
        _cleanup_accounts(names)
        shutil.rmtree(root, ignore_errors=True)


__all__ = ["READY", "RunningHub", "free_port_block", "missing_requirements"]
