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
    """RLIMIT_NPROC for the sandbox's own uid (threads count): stops fork bombs. Each running
    sandbox has a uid of its own (``uidpool``), so this is a per-sandbox cap."""
    file_bytes: int = 64 * 1024**2
    """RLIMIT_FSIZE: largest file the submission may write."""
    scratch_bytes: int = 128 * 1024**2
    """Size of the home directory (a tmpfs: the submission and everything it writes there)."""
    scratch_inodes: int = 4096
    """Files and directories the home may hold (tmpfs ``nr_inodes``; root grader only)."""
    tmp_bytes: int = 64 * 1024**2
    """Size of the private /tmp tmpfs (shared with /dev/shm)."""
    tmp_inodes: int = 4096
    """Files and directories /tmp and /dev/shm may hold (root grader only)."""
    cell_output_bytes: int = 20_000
    """Outputs kept per cell in the executed notebook (the rest is dropped with a note)."""
    answers_bytes: int = 8 * 1024**2
    """Largest answers file the grader reads back."""
    max_restarts: int = 3
    """How many kernel deaths are survived by re-running without the culprit cell."""
    infra_retries: int = 2
    """Re-runs of a sandbox that failed before any student code ran (no uid, no fork, the
    kernel could not start): that is the grader's failure, never the student's."""

    @property
    def tmpfs_bytes(self) -> int:
        """Memory the sandbox's tmpfs mounts may hold: their pages are RAM, not counted in
        RLIMIT_AS, so the memory budget of one sandbox is ``memory_bytes`` per process plus
        this."""
        return self.scratch_bytes + self.tmp_bytes
