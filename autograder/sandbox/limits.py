"""Resource limits for one sandboxed submission (one dataclass, documented fields)."""

from __future__ import annotations

from dataclasses import dataclass, replace


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
    """RLIMIT_CPU for each process in the sandbox: SIGXCPU past it, SIGKILL 5 s later."""
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

    @classmethod
    def for_environment(cls, environment: str = "base") -> Limits:
        """The default limits of an assignment's students' environment (``ENVIRONMENT`` in
        its items file). ``tf``: TensorFlow's start-up alone takes ≈ 3–5 s and 570 MB of RSS
        but reserves ≈ 2.1 GB of address space (measured in this sandbox, TF 2.21, two
        intra/inter-op threads), and a chapter's training cell runs up to a minute: more
        address space, longer cells, more CPU and wall time."""
        return ENVIRONMENT_LIMITS.get(environment, cls())

    def describe(self) -> dict[str, str]:
        """The limits a student may hit, as short French/English phrases with their value
        (``memory``, ``cpu``, ``wall``, ``cell``, ``processes``, ``file``, ``scratch``)."""
        gib = self.memory_bytes / 1024**3
        return {
            "memory": f"{gib:g} Go" if gib >= 1 else f"{self.memory_bytes // 1024**2} Mo",
            "cpu": f"{self.cpu_seconds} s",
            "wall": f"{self.wall_seconds:g} s",
            "cell": f"{self.cell_seconds:g} s",
            "processes": str(self.processes),
            "file": f"{self.file_bytes // 1024**2} Mo",
            "scratch": f"{self.scratch_bytes // 1024**2} Mo",
        }


ENVIRONMENT_LIMITS: dict[str, Limits] = {
    "tf": replace(Limits(), wall_seconds=600.0, cell_seconds=120.0, setup_cell_seconds=180.0,
                  cpu_seconds=900, memory_bytes=4 * 1024**3),
}
"""Per-environment defaults (see :meth:`Limits.for_environment`); other names get Limits()."""
