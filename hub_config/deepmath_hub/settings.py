"""Every knob of the local course hub, in one typed dataclass read from the environment.

``make hub`` and the tests set ``DEEPMATH_HUB_*`` variables; ``jupyterhub_config.py`` and
``python -m deepmath_hub`` read them back through :meth:`HubSettings.from_env`, so the hub,
its provisioning and its tests always agree on paths, ports and names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
HUB_CONFIG = REPO / "hub_config"


def _env_field(env: str, default: str, help: str) -> Any:  # noqa: A002 - traitlets style
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class HubSettings:
    """Where the hub lives, who may log in and which environments run what."""

    root: str = _env_field(
        "DEEPMATH_HUB_ROOT", "/srv/deepmath",
        "Hub state: course/, exchange/, per-role Jupyter config, kernels, database, logs.")
    ip: str = _env_field("DEEPMATH_HUB_IP", "127.0.0.1", "Address the proxy listens on.")
    port: str = _env_field(
        "DEEPMATH_HUB_PORT", "8000",
        "Public port; the proxy's API uses port+1, the hub port+2, users' servers port+10...")
    roster: str = _env_field(
        "DEEPMATH_HUB_ROSTER", str(HUB_CONFIG / "roster.example.csv"),
        "Roster CSV (username,role,first_name,last_name,email); role is student or instructor.")
    course_id: str = _env_field("DEEPMATH_COURSE_ID", "deepmath", "nbgrader course id.")
    course_source: str = _env_field(
        "DEEPMATH_HUB_COURSE_SOURCE", str(REPO / "course"),
        "The course as authored in the repository, copied into root/course at each start.")
    group_prefix: str = _env_field(
        "DEEPMATH_HUB_GROUP_PREFIX", "deepmath",
        "Unix groups PREFIX-instructors and PREFIX-students hold the roster's roles.")
    hub_env: str = _env_field(
        "DEEPMATH_HUB_ENV", "/opt/deepmath/hub-env",
        "World-readable env that runs the students' servers (scripts/student_env.sh --hub).")
    instructor_env: str = _env_field(
        "DEEPMATH_INSTRUCTOR_ENV", "/opt/deepmath/instructor-env",
        "Instructors-only env: the hub env plus the grader (scripts/student_env.sh --instructor).")
    environments: str = _env_field(
        "DEEPMATH_HUB_ENVIRONMENTS", "base tf",
        "Students' environments offered as kernels (space-separated): each assignment declares "
        "one (ENVIRONMENT in course/items/chNN.py), its notebook's kernel runs it and the "
        "grading sandbox too; see environment_prefix().")
    gpu_env: str = _env_field(
        "DEEPMATH_HUB_GPU_ENV", "/opt/deepmath/student-env-gpu",
        "Env of the GPU kernel (scripts/student_env.sh --gpu PREFIX), built only with a GPU.")
    gpu: str = _env_field(
        "DEEPMATH_HUB_GPU", "auto", "auto: offer the GPU kernel iff nvidia-smi sees a GPU; off.")
    sandbox_env: str = _env_field(
        "DEEPMATH_STUDENT_ENV", "/opt/deepmath/student-env",
        "The students' base environment (kernel 'Python 3 (deepmath)' and grading sandbox); "
        "environment NAME lives next to it, in PATH-NAME (scripts/student_env.sh --NAME).")
    cull_idle: str = _env_field(
        "DEEPMATH_HUB_CULL_IDLE", "3600", "Seconds of inactivity before a server is stopped.")
    cull_every: str = _env_field(
        "DEEPMATH_HUB_CULL_EVERY", "300", "Seconds between two passes of the idle culler.")
    assignments: str = _env_field(
        "DEEPMATH_HUB_ASSIGNMENTS", "ch01", "Assignments released at start (space-separated).")
    nproc: str = _env_field(
        "DEEPMATH_HUB_NPROC", "4096",
        "RLIMIT_NPROC of each user's server (processes and threads): stops fork bombs.")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> HubSettings:
        """Environment goes in, settings come out (unset variables keep their defaults)."""
        env = os.environ if environ is None else environ
        values = {f.name: env[f.metadata["env"]] for f in fields(cls) if f.metadata["env"] in env}
        return cls(**values)

    def as_env(self) -> dict[str, str]:
        """Settings go in, the ``DEEPMATH_*`` variables that reproduce them come out."""
        return {f.metadata["env"]: getattr(self, f.name) for f in fields(self)}

    # Derived paths and names -------------------------------------------------------------
    @property
    def port_number(self) -> int:
        return int(self.port)

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}/"

    @property
    def course_dir(self) -> Path:
        return Path(self.root) / "course"

    @property
    def exchange(self) -> Path:
        return Path(self.root) / "exchange"

    @property
    def state_dir(self) -> Path:
        """Root-only: hub database, cookie secret, pid files, initial passwords, logs."""
        return Path(self.root) / "hub"

    @property
    def passwords_file(self) -> Path:
        return self.state_dir / "initial-passwords.csv"

    @property
    def pid_file(self) -> Path:
        return self.state_dir / "deepmath-hub.pid"

    @property
    def data_dir(self) -> Path:
        """Put first on JUPYTER_PATH of every server: our kernelspecs shadow any other."""
        return Path(self.root) / "share" / "jupyter"

    def config_dir(self, role: str) -> Path:
        """JUPYTER_CONFIG_PATH of a role's servers (nbgrader, server and lab settings)."""
        return Path(self.root) / "etc" / role

    def environment_prefix(self, name: str) -> Path:
        """An environment's name goes in, its prefix comes out: what the grader's sandbox
        uses for it too (autograder.sandbox.bwrap.student_env; tests/hub check they agree)."""
        return Path(self.sandbox_env if name == "base" else f"{self.sandbox_env}-{name}")

    def environment_prefixes(self) -> dict[str, Path]:
        """Every offered environment's name → prefix, ``base`` first."""
        names = ["base", *(n for n in self.environments.split() if n != "base")]
        return {name: self.environment_prefix(name) for name in names}

    @property
    def bin_dir(self) -> Path:
        return Path(self.root) / "bin"

    def group(self, role: str) -> str:
        """Role goes in (student or instructor), the Unix group that holds it comes out."""
        return f"{self.group_prefix}-{role}s"
