"""Does every running sandbox get a uid of its own, across threads and processes?"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from autograder.sandbox.uidpool import PoolExhausted, candidates, lease_uid

REPO = Path(__file__).resolve().parents[2]


def test_leases_are_exclusive_across_threads() -> None:
    """Do concurrent leases in one process never share a uid (root: distinct uids; not root:
    the one uid is handed out once at a time)?"""
    held: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4, timeout=30)
    lock = threading.Lock()
    active: set[int] = set()

    def work() -> None:
        try:
            with lease_uid(wait_seconds=60) as uid:
                with lock:
                    assert uid not in active, "a uid was leased twice at once"
                    active.add(uid)
                    held.append(uid)
                if len(candidates()) > 1:
                    barrier.wait()  # all four hold a lease at the same time
                with lock:
                    active.discard(uid)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert errors == [] and len(held) == 4
    if len(candidates()) > 1:
        assert len(set(held)) == 4


def test_leases_are_exclusive_across_processes() -> None:
    """While this process holds a uid, does another grader process get another one (or, with
    a pool of one, wait for it)?"""
    code = ("import sys\nfrom autograder.sandbox.uidpool import lease_uid, PoolExhausted\n"
            "try:\n    with lease_uid(wait_seconds=1) as uid:\n        print(uid)\n"
            "except PoolExhausted:\n    print('busy')\n")
    with lease_uid(wait_seconds=30) as mine:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60,
                             check=True).stdout.strip()
    if len(candidates()) > 1:
        assert out.isdigit() and int(out) != mine
    else:
        assert out == "busy"


@pytest.mark.skipif(os.geteuid() != 0, reason="a pool of several uids needs a root grader")
def test_exhausted_pool_is_reported_not_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every uid leased, is the next lease refused after its wait (never shared)?"""
    import autograder.sandbox.uidpool as pool

    last = pool.BASE_UID + pool.POOL_SIZE - 1  # one uid of the pool that tests rarely reach
    monkeypatch.setattr(pool, "candidates", lambda: [last])
    with lease_uid(wait_seconds=30):
        with pytest.raises(PoolExhausted):
            with lease_uid(wait_seconds=0.5):
                pass
