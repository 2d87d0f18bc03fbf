"""Grading on Dask distributed workers (``deepmath grade chNN --cluster tcp://host:8786``).

Each submission becomes one Dask task: the worker runs the sandbox (it has bubblewrap, the
students' environments and this package) and returns the verdicts as data. Everything else
— which file is graded, the files under ``autograded/``, the gradebook transaction, resume
and the class summary — happens on the client, exactly as in a local run: the client's
threads only wait on the tasks. A worker that dies mid-task loses nothing: the scheduler
reschedules its tasks on the others (``allowed_failures`` times), and a task that keeps
killing workers comes back as that submission's recorded grader failure.

The workers read the course (items, master notebook, secret) at the same path as the client
(a shared read-only volume on Kubernetes, see ``hub_config/k8s/dask-workers.yaml``);
``DEEPMATH_WORKER_COURSE_DIR`` on a worker overrides it. The submission's bytes travel with
the task.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SetupError
from .sandbox import Limits


def _grade_on_worker(course_dir: str, assignment: str, student: str, raw: bytes,
                     limits: Limits | None, slot: int, shown_as: str | None,
                     weights: Any = None) -> Any:
    from .api import grade_bytes
    from .course import Course
    from .sandbox import check_available

    check_available()
    root = Path(os.environ.get("DEEPMATH_WORKER_COURSE_DIR") or course_dir)
    return grade_bytes(course=Course(root), assignment=assignment, student=student, raw=raw,
                       limits=limits, slot=slot, shown_as=shown_as, weights=weights)


@dataclass
class DaskGrader:
    """Stands for ``api.grade_bytes`` in a class run: the same call, run as a Dask task."""

    address: str
    client: Any = None

    def __post_init__(self) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - pinned in pyproject
            raise SetupError("--cluster needs Dask distributed (pip install "
                             "'deepmath[cluster]')") from exc
        try:
            self.client = Client(self.address, timeout="20s",  # type: ignore[no-untyped-call]
                                 set_as_default=False)
        except OSError as exc:
            raise SetupError(f"no Dask scheduler answers at {self.address}: {exc}") from exc

    def slots(self) -> int:
        """How many tasks the cluster runs at once (its workers' threads)."""
        info = self.client.scheduler_info()
        threads = sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())
        return max(1, threads)

    def __call__(self, *, course: Any, assignment: str, student: str, raw: bytes,
                 limits: Limits | None = None, seed: int | None = None, slot: int = 0,
                 shown_as: str | None = None, weights: Any = None) -> Any:
        future = self.client.submit(_grade_on_worker, str(course.root), assignment, student,
                                    raw, limits, slot, shown_as, weights, pure=False,
                                    key=f"grade-{assignment}-{student}-{os.urandom(4).hex()}")
        return future.result()

    def close(self) -> None:
        self.client.close()
