"""Run a job in a forked child killed after ``timeout`` seconds; results come back as JSON lines.

``run_bounded(job, timeout)`` → ``(messages, status)``: ``job(emit)`` runs in the child and may
``emit`` several JSON-able dicts (provisional results first, better ones later); ``status`` is
"done" (the job returned), "timeout" (killed) or "crashed" (died without finishing).

Why ``os.fork``: sympy is already imported, so the child starts in a few milliseconds, and the
job (a closure over sympy objects) needs no pickling. The child gets CPU and address-space
limits, never returns into the caller's code (``os._exit``), and sends JSON, never pickles.
Safe to call from several threads: each call owns its pipe and child, and reads until a "done"
line rather than EOF, since a child forked by another thread may hold a copy of our pipe's
write end.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any

Emit = Callable[[dict[str, Any]], None]
MEMORY_HEADROOM = 1 << 30  # bytes of address space the child may add to the parent's
_POLL_S = 0.1  # how often a silent child is checked for death


def run_bounded(job: Callable[[Emit], None], timeout: float) -> tuple[list[dict[str, Any]], str]:
    """Run ``job(emit)`` in a child for at most ``timeout`` seconds; return its messages."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:  # no process left: a result, not a crash of the grader
        os.close(read_end)
        os.close(write_end)
        return [{"reason": "error", "detail": f"fork failed: {exc}"}], "crashed"
    if pid == 0:  # child: never returns
        _child(job, read_end, write_end, timeout)
    os.close(write_end)
    reaped = False
    try:
        messages, status, reaped = _collect(read_end, pid, time.monotonic() + timeout)
        return messages, status
    finally:
        os.close(read_end)
        if not reaped:
            _reap(pid)


def _child(job: Callable[[Emit], None], read_end: int, write_end: int, timeout: float) -> None:
    code = 0
    try:
        os.close(read_end)
        _limit_resources(timeout)

        def emit(message: dict[str, Any]) -> None:
            data = (json.dumps(message) + "\n").encode()
            while data:
                data = data[os.write(write_end, data):]

        try:
            job(emit)
        except (MemoryError, RecursionError) as exc:
            emit({"reason": "timeout", "detail": f"resources: {type(exc).__name__}"})
        except Exception as exc:
            emit({"reason": "error", "detail": repr(exc)[:500]})
        emit({"done": True})
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _limit_resources(timeout: float) -> None:
    """CPU seconds and address space for the child (a backstop behind the parent's kill)."""
    try:
        cpu = int(timeout) + 2
        if _below_hard_limit(resource.RLIMIT_CPU, cpu):
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        if _below_hard_limit(resource.RLIMIT_AS, size + MEMORY_HEADROOM):
            resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY_HEADROOM,) * 2)
    except (OSError, ValueError):  # no /proc, or limits we may not lower: the kill remains
        pass


def _below_hard_limit(which: int, value: int) -> bool:
    hard = resource.getrlimit(which)[1]
    return hard == resource.RLIM_INFINITY or value < hard


def _collect(fd: int, pid: int, deadline: float) -> tuple[list[dict[str, Any]], str, bool]:
    """Read JSON lines until "done", the deadline, or the child's death → (messages, status,
    reaped)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    messages: list[dict[str, Any]] = []
    buffer = b""
    exited = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return messages, "timeout", exited
        if not poller.poll(1000 * min(remaining, _POLL_S)):
            if exited:  # died and the pipe is drained (another child may keep it open)
                return messages, "crashed", True
            exited = os.waitpid(pid, os.WNOHANG)[0] == pid
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return messages, "crashed", exited
        *lines, buffer = (buffer + chunk).split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:  # a line cut by the child's death: ignore it
                continue
            if not isinstance(message, dict):
                continue
            if message.get("done"):
                return messages, "done", exited
            messages.append(message)


def _reap(pid: int) -> None:
    """Kill the child if it is still running and collect its exit status (no zombies)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
