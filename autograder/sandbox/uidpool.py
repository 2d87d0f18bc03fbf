"""A pool of unprivileged uids: each running sandbox holds one that no other sandbox holds.

``RLIMIT_NPROC`` counts the processes of a *uid* (not of a sandbox), and processes of one uid
can signal each other: two sandboxes that share a uid can starve or kill each other. So every
sandbox leases its own uid for its whole life, across threads *and* processes (two
``deepmath grade`` commands at once): the lease is an exclusive ``flock`` on
``/run/deepmath/uids/<uid>.lock`` (a fixed, machine-wide place), held on an open fd and
released by the kernel when the holder closes it or dies (no stale leases). A uid that still
runs a live process (a leak, or a sandbox of an older grader without leases) is skipped.

A non-root grader cannot change uid: its pool is its own uid only, so its sandboxes run one
at a time (per user, across processes), and ``RLIMIT_NPROC`` then also counts the grader's
own processes (e.g. an instructor's Jupyter server). Concurrent sandboxes with separate
process caps need a root grader.
"""

from __future__ import annotations

import fcntl
import os
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BASE_UID = 61100
"""First uid of the pool (61100–61163). Not a login account: no /etc/passwd entry needed."""
POOL_SIZE = 64


class PoolExhausted(RuntimeError):
    """No uid became free in time (the grader's failure, never the student's)."""


def _base_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/run/deepmath")
    return Path(tempfile.gettempdir()) / f"deepmath-{os.geteuid()}"


def run_dir() -> Path:
    """Where the sandboxes' private directories live (``DEEPMATH_RUN_DIR`` overrides it: a
    directory the sandbox uids may traverse; the leases never move: every grader on the
    machine must see the same ones)."""
    env = os.environ.get("DEEPMATH_RUN_DIR")
    return Path(env) if env else _base_dir()


def _private_dir(path: Path, mode: int) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=mode)
    st = os.lstat(path)
    if not os.path.isdir(path) or os.path.islink(path) or st.st_uid != os.geteuid():
        raise PermissionError(f"{path} is not a directory owned by the grader")
    os.chmod(path, mode)
    return path


def candidates() -> list[int]:
    if os.geteuid() != 0:
        return [os.geteuid()]
    return list(range(BASE_UID, BASE_UID + POOL_SIZE))


def live_processes(uid: int) -> list[int]:
    """The pids of the live (not zombie) processes that run as ``uid``."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            if os.stat(f"/proc/{name}").st_uid != uid:
                continue
            with open(f"/proc/{name}/stat", "rb") as fh:
                state = fh.read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in (b"Z", b"X"):
            pids.append(int(name))
    return pids


def uid_has_processes(uid: int) -> bool:
    """Does a live process on this machine run as ``uid``? (a leftover must not be shared)"""
    return bool(live_processes(uid))


def kill_uid(uid: int, wait_seconds: float = 5.0) -> bool:
    """Make sure nothing runs as the leased ``uid`` any more (root grader only): wait for the
    sandbox's pid namespace to finish dying, then SIGKILL whatever is left. True when done."""
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if not live_processes(uid):
            return True
        time.sleep(0.02)
    for _ in range(20):
        pids = live_processes(uid)
        if not pids:
            return True
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)
    return not live_processes(uid)


def _try_lease(uid: int, locks: Path) -> int | None:
    fd = os.open(locks / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    if os.geteuid() == 0 and uid_has_processes(uid):
        os.close(fd)
        return None
    return fd


@contextmanager
def lease_uid(wait_seconds: float = 900.0) -> Iterator[int]:
    """Hold a uid that no other running sandbox holds, for the ``with`` block.

    Waits (polling) while the pool is busy; raises PoolExhausted after ``wait_seconds``."""
    base = _private_dir(_base_dir(), 0o711)
    locks = _private_dir(base / "uids", 0o700)
    deadline = time.monotonic() + wait_seconds
    while True:
        for uid in candidates():
            fd = _try_lease(uid, locks)
            if fd is not None:
                try:
                    yield uid
                finally:
                    os.close(fd)
                return
        if time.monotonic() > deadline:
            raise PoolExhausted(f"no sandbox uid free after {wait_seconds:.0f} s")
        time.sleep(0.2)
