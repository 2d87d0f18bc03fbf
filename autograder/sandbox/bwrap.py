"""Run one submission's notebook under bubblewrap, as an unprivileged uid, with hard limits.

Isolation (see README, "Sandbox"):

* ``bwrap --unshare-all``: no network (a fresh network namespace with only loopback), own PID,
  IPC, UTS and cgroup namespaces; ``--die-with-parent``; ``--new-session`` (no TIOCSTI).
* Read-only system: only ``/usr`` (and the merged-/usr links) and the students' Python
  environment are visible, read-only. ``/tmp`` is a small private tmpfs. The only writable
  directory on disk is the submission's own scratch copy, mounted as ``/home/etudiant``.
  Nothing else of the host is visible: no course source, solutions, hidden tests, gradebook,
  ``reference/``, other students' work, ``/root`` or ``/home``.
* When the grader runs as root it drops to a dedicated uid per worker slot (``setpriv``),
  so ``RLIMIT_NPROC`` applies and concurrent sandboxes cannot signal each other.
* ``prlimit``: CPU seconds, address space, processes, file size; plus a wall-clock timer that
  kills the whole process group.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .kernel_preamble import PREAMBLE
from .limits import Limits

SANDBOX_HOME = "/home/etudiant"
RUNNER = Path(__file__).with_name("runner_inside.py")
BASE_UID = 61000
DEFAULT_LIMITS = Limits()


class SandboxUnavailable(RuntimeError):
    """bubblewrap or the students' environment is missing (an installation problem)."""


@dataclass
class SandboxResult:
    """What came back from one sandboxed run (all of it untrusted data but ``timed_out``)."""

    state: str
    """``finished``, ``kernel_died``, ``timeout`` (wall clock) or ``crashed`` (runner failed)."""
    answers_text: str
    """Raw answers file (JSON lines), size-capped."""
    executed_notebook: str | None
    """The executed notebook as JSON text, or None if the runner did not write it."""
    status: dict[str, object] = field(default_factory=dict)
    """The runner's status.json (cells' states, culprits), validated loosely."""
    elapsed: float = 0.0
    stderr_tail: str = ""


BASE_ENVIRONMENT = "base"


def student_env(environment: str = BASE_ENVIRONMENT) -> Path:
    """The students' environment an assignment declares (``ENVIRONMENT`` in its items file),
    used inside the sandbox and, on the hub, by the students' kernel of that assignment.

    ``base`` is ``$DEEPMATH_STUDENT_ENV`` (default /opt/deepmath/student-env); another name
    ``NAME`` is ``$DEEPMATH_STUDENT_ENV_NAME`` or, by default, the base path + ``-NAME``
    (``scripts/student_env.sh --tf`` builds /opt/deepmath/student-env-tf)."""
    if not re.fullmatch(r"[a-z][a-z0-9]*", environment):
        raise ValueError(f"bad environment name {environment!r} (lower-case letters, digits)")
    base = Path(os.environ.get("DEEPMATH_STUDENT_ENV", "/opt/deepmath/student-env"))
    if environment == BASE_ENVIRONMENT:
        return base
    named = os.environ.get(f"DEEPMATH_STUDENT_ENV_{environment.upper()}")
    return Path(named) if named else Path(f"{base}-{environment}")


def check_available(environment: str = BASE_ENVIRONMENT) -> None:
    """Raise SandboxUnavailable with an actionable message if we cannot sandbox."""
    if shutil.which("bwrap") is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed: run `make setup` (apt-get install bubblewrap)")
    env = student_env(environment)
    if not (env / "bin" / "python").exists():
        flag = "" if environment == BASE_ENVIRONMENT else f" --{environment} {env}"
        raise SandboxUnavailable(
            f"the students' environment {env} is missing: run `scripts/student_env.sh{flag}`")


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib64", "sbin", "lib32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), f"/{name}"]
        elif path.is_dir():
            args += ["--ro-bind", str(path), f"/{name}"]
    return args


def _read_capped(path: Path, limit: int) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError:
        return ""
    return data[:limit].decode("utf-8", errors="replace")


def build_command(scratch: Path, limits: Limits, slot: int, env: dict[str, str],
                  environment: str = BASE_ENVIRONMENT) -> list[str]:
    """The full command line: prlimit → (setpriv) → bwrap → student python runner."""
    senv = student_env(environment)
    cmd = [
        "prlimit", f"--cpu={limits.cpu_seconds}", f"--as={limits.memory_bytes}",
        f"--nproc={limits.processes}", f"--fsize={limits.file_bytes}", "--core=0", "--",
    ]
    if os.geteuid() == 0:
        uid = str(BASE_UID + slot)
        cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--"]
    cmd += ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            *_system_binds(),
            "--ro-bind", str(senv), str(senv),
            "--bind", str(scratch), SANDBOX_HOME,
            "--tmpfs", "/tmp", "--size", str(limits.tmp_bytes), "--tmpfs", "/run",
            "--proc", "/proc", "--dev", "/dev", "--chdir", SANDBOX_HOME]
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    cmd += ["--", str(senv / "bin" / "python"), f"{SANDBOX_HOME}/.deepmath/runner.py"]
    return cmd


def sandbox_env(student: str, environment: str = BASE_ENVIRONMENT) -> dict[str, str]:
    senv = student_env(environment)
    return {
        "HOME": SANDBOX_HOME, "USER": student, "LOGNAME": student,
        "DEEPMATH_STUDENT": student, "PATH": f"{senv}/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/mpl",
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONDONTWRITEBYTECODE": "1",
        "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime", "JUPYTER_PLATFORM_DIRS": "1",
        "IPYTHONDIR": "/tmp/ipython", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def run_notebook(
    notebook_json: str,
    *,
    student: str,
    files: dict[str, bytes] | None = None,
    probes: dict[str, object] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    slot: int = 0,
    environment: str = BASE_ENVIRONMENT,
) -> SandboxResult:
    """Execute ``notebook_json`` in a fresh sandbox and bring back answers, notebook and status.

    ``files`` are extra files placed next to the notebook (e.g. the student's variant table);
    ``probes`` are the calls the grader chose for function items (``~/.deepmath/probes.json``);
    ``environment`` is the assignment's declared students' environment (:func:`student_env`).
    """
    check_available(environment)
    scratch = Path(tempfile.mkdtemp(prefix="deepmath-sbx-"))
    try:
        dm = scratch / ".deepmath"
        dm.mkdir()
        (scratch / "submission.ipynb").write_text(notebook_json, encoding="utf-8")
        for name, data in (files or {}).items():
            target = scratch / name
            if target.parent != scratch:
                raise ValueError(f"sandbox file {name!r} must be a plain file name")
            target.write_bytes(data)
        (dm / "probes.json").write_text(json.dumps(probes or {}), encoding="utf-8")
        job = {"notebook": "submission.ipynb", "cell_timeout": limits.cell_seconds,
               "setup_timeout": max(limits.setup_cell_seconds, limits.cell_seconds),
               "max_cell_output": limits.cell_output_bytes,
               "max_restarts": limits.max_restarts, "preamble": PREAMBLE}
        (dm / "job.json").write_text(json.dumps(job), encoding="utf-8")
        shutil.copyfile(RUNNER, dm / "runner.py")
        if os.geteuid() == 0:
            uid = BASE_UID + slot
            for path in [scratch, *scratch.rglob("*")]:
                os.chown(path, uid, uid)
        scratch.chmod(0o700)
        return _execute(scratch, limits, slot, sandbox_env(student, environment), environment)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _execute(scratch: Path, limits: Limits, slot: int, env: dict[str, str],
             environment: str = BASE_ENVIRONMENT) -> SandboxResult:
    cmd = build_command(scratch, limits, slot, env, environment)
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True, env={"PATH": "/usr/bin:/bin"})
        timed_out = False
        try:
            proc.wait(timeout=limits.wall_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        err.seek(0)
        stderr_tail = err.read()[-4000:].decode("utf-8", errors="replace")
    elapsed = time.monotonic() - start
    dm = scratch / ".deepmath"
    status_text = _read_capped(dm / "status.json", 1_000_000)
    try:
        status = json.loads(status_text) if status_text else {}
        if not isinstance(status, dict):
            status = {}
    except ValueError:
        status = {}
    executed_path = dm / "executed.ipynb"
    executed = None
    if executed_path.is_file() and executed_path.stat().st_size <= 32 * 1024**2:
        executed = _read_capped(executed_path, 32 * 1024**2)
    if timed_out:
        state = "timeout"
    elif status.get("state") in ("finished", "kernel_died"):
        state = str(status["state"])
    else:
        state = "crashed"
    return SandboxResult(
        state=state,
        answers_text=_read_capped(dm / "answers.jsonl", limits.answers_bytes),
        executed_notebook=executed, status=status, elapsed=elapsed, stderr_tail=stderr_tail)
