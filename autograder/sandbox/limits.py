"""Resource limits for one sandboxed submission (one dataclass, documented fields)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What a submission may use. Hitting a limit becomes a recorded result, never a crash."""

    wall_seconds: float = 300.0
    """Wall-clock timeout for the whole notebook run (the sandbox is killed after it)."""
    cell_seconds: float = 20.0
    """Per-cell timeout: the kernel is interrupted and the next cell runs."""
    setup_cell_seconds: float = 120.0
    """Timeout of the instructor's setup cells (imports can be slow on a loaded machine)."""
    cpu_seconds: int = 240
    """RLIMIT_CPU for each process in the sandbox (SIGXCPU/SIGKILL past it)."""
    memory_bytes: int = 3 * 1024**3
    """RLIMIT_AS (address space) for each process: a memory bomb gets MemoryError."""
    processes: int = 256
    """RLIMIT_NPROC for the sandbox's own uid (threads count): stops fork bombs."""
    file_bytes: int = 64 * 1024**2
    """RLIMIT_FSIZE: largest file the submission may write."""
    tmp_bytes: int = 64 * 1024**2
    """Size of the private /tmp (tmpfs)."""
    cell_output_bytes: int = 20_000
    """Outputs kept per cell in the executed notebook (the rest is dropped with a note)."""
    answers_bytes: int = 8 * 1024**2
    """Largest answers file the grader reads back."""
    max_restarts: int = 3
    """How many kernel deaths are survived by re-running without the culprit cell."""
