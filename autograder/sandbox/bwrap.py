"""Run one submission's notebook under bubblewrap, as an unprivileged uid, with hard limits.

Isolation (see README, "Sandbox"):

* ``bwrap --unshare-all``: no network (a fresh network namespace with only loopback), own PID,
  IPC, UTS and cgroup namespaces; ``--die-with-parent``; ``--new-session`` (no TIOCSTI).
* Read-only system: only ``/usr`` (and the merged-/usr links) and the students' Python
  environment are visible, read-only, plus the job's inputs in ``/job`` (read-only, written by
  the grader). Nothing else of the host is visible: no course source, solutions, hidden tests,
  gradebook, ``reference/``, other students' work, ``/root`` or ``/home``.
* Nothing writable is on the host's disk: the home ``/home/etudiant`` and ``/tmp`` (with
  ``/dev/shm``) are tmpfs mounts with a size cap and, for a root grader, an inode cap
  (``Limits.scratch_*``, ``Limits.tmp_*``; mounted by the grader, since bwrap cannot set
  ``nr_inodes``); ``/dev`` itself is read-only. Their pages are memory: see
  ``Limits.tmpfs_bytes``.
* Results leave through a pipe, not through files: the runner writes frames on an fd that the
  grader passed in and whose other end it reads (see ``runner_inside.py``). The grader never
  opens, stats or follows anything the submission wrote; it runs bwrap with ``/`` as cwd.
* When the grader runs as root, each sandbox runs as a uid that no other running sandbox has
  (``uidpool``: leases across threads and processes), so ``RLIMIT_NPROC`` is a per-sandbox
  cap and concurrent sandboxes cannot signal each other.
* ``bwrap --unshare-pid``: when the runner exits, the namespace's init exits and the kernel
  kills every process left in it; the runner itself kills every other process of the sandbox
  before reading the answers (no daemon survives the kernel).
* ``prlimit``: CPU seconds, address space, processes, file size; the runner stops at the wall
  clock, and the grader kills the whole sandbox shortly after as a backstop.
"""

from __future__ import annotations

import ctypes
import errno
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .kernel_preamble import PREAMBLE
from .limits import Limits
from .uidpool import PoolExhausted, kill_uid, lease_uid, run_dir
from .untrusted import UntrustedJSONError, json_depth, loads_bounded

SANDBOX_HOME = "/home/etudiant"
JOB_DIR = "/job"
RUNNER = Path(__file__).with_name("runner_inside.py")
DEFAULT_LIMITS = Limits()
log = logging.getLogger(__name__)
RESERVED = frozenset({"submission.ipynb", "probes.json", "runner.py", "job.json"})
FRAMES = frozenset({b"started", b"status", b"answers", b"executed", b"collected"})
CELL_STATES = frozenset({"ok", "error", "timeout", "kernel_died", "skipped"})
MAX_EXECUTED_BYTES = 32 * 1024**2
MAX_NOTEBOOK_DEPTH = 64
HOST_GRACE_SECONDS = 20.0
MS_NOSUID, MS_NODEV, MNT_DETACH = 2, 4, 2


class SandboxUnavailable(RuntimeError):
    """bubblewrap or the students' environment is missing (an installation problem)."""


@dataclass
class SandboxResult:
    """What came back from one sandboxed run (all of it untrusted data but ``timed_out``)."""

    state: str
    """``finished``, ``kernel_died``, ``timeout`` (wall clock), ``crashed`` (the run failed
    after student code started) or ``grader_error`` (it failed before: not the student's
    fault)."""
    answers_text: str
    """Raw answers file (JSON lines), size-capped."""
    executed_notebook: str | None
    """The executed notebook as JSON text, or None if the runner did not write it."""
    status: dict[str, object] = field(default_factory=dict)
    """The runner's status.json (cells' states, culprits), validated loosely."""
    elapsed: float = 0.0
    stderr_tail: str = ""
    started: bool = False
    """Did a student cell start? (sent by the runner the moment it happens)"""
    uid: int | None = None
    """The uid the sandbox ran as (leased for the run only)."""
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds per phase, measured by the grader (``box_setup``, ``run``, ``box_teardown``)
    and, untrusted and for benchmarks only, the runner's own marks (``runner_*``)."""
    collected: dict[str, bytes] = field(default_factory=dict)
    raw_collected: bytes = field(default=b"", repr=False)
    """The files a student run asked for (``collect``), as the run left them in its home:
    regular files only, each within its cap (untrusted bytes)."""


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


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def mount_tmpfs(target: Path, *, size: int, inodes: int, uid: int) -> None:
    """Mount a private tmpfs with a size and an inode cap, owned by ``uid`` (root only)."""
    opts = f"size={size},nr_inodes={inodes},mode=0700,uid={uid},gid={uid}".encode()
    if _libc().mount(b"tmpfs", os.fsencode(target), b"tmpfs", MS_NOSUID | MS_NODEV, opts) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"cannot mount a tmpfs on {target}: {os.strerror(err)}")


def unmount(target: Path) -> None:
    """Detach a mount (lazily: a straggler holding it open cannot make this fail)."""
    if _libc().umount2(os.fsencode(target), MNT_DETACH) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"cannot unmount {target}: {os.strerror(err)}")


_can_mount = True


def _disable_mounts() -> None:
    global _can_mount
    _can_mount = False


def _write_job_file(dir_fd: int, name: str, data: bytes, gid: int | None) -> None:
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                 0o640, dir_fd=dir_fd)
    try:
        if gid is not None:
            os.fchown(fd, 0, gid)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def build_command(box: Path, limits: Limits, uid: int, env: dict[str, str],
                  host_mounts: bool | None = None,
                  environment: str = BASE_ENVIRONMENT) -> list[str]:
    """The full command line: prlimit → (setpriv) → bwrap → student python runner.

    ``box`` holds ``job/`` (read-only inputs) and, when ``host_mounts`` (a root grader that
    may mount), the size- and inode-capped tmpfs mounts ``home/`` and ``tmp/``; otherwise
    bwrap mounts size-capped tmpfs itself."""
    senv = student_env(environment)
    root = os.geteuid() == 0
    if host_mounts is None:
        host_mounts = root
    cmd = [
        # CPU: SIGXCPU at the soft limit (the feedback names it), SIGKILL 5 s later
        "prlimit", f"--cpu={limits.cpu_seconds}:{limits.cpu_seconds + 5}",
        f"--as={limits.memory_bytes}",
        f"--nproc={limits.processes}", f"--fsize={limits.file_bytes}", "--core=0", "--",
    ]
    if root:
        cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--"]
    cmd += ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            *_system_binds(),
            "--ro-bind", str(senv), str(senv),
            "--ro-bind", str(box / "job"), JOB_DIR]
    if host_mounts:  # host-mounted tmpfs: size *and* inode caps
        cmd += ["--bind", str(box / "home"), SANDBOX_HOME,
                "--bind", str(box / "tmp" / "tmp"), "/tmp"]
    else:  # bwrap's own tmpfs: size caps only (bwrap cannot set nr_inodes)
        cmd += ["--perms", "0700", "--size", str(limits.scratch_bytes), "--tmpfs", SANDBOX_HOME,
                "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp"]
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    # /dev is an uncapped tmpfs owned by the sandbox: give /dev/shm a capped one, then make
    # /dev itself read-only (its device nodes are separate mounts and stay usable).
    if host_mounts:
        cmd += ["--bind", str(box / "tmp" / "shm"), "/dev/shm"]
    else:
        cmd += ["--size", str(limits.tmp_bytes), "--tmpfs", "/dev/shm"]
    cmd += ["--remount-ro", "/dev", "--chdir", SANDBOX_HOME]
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    cmd += ["--", str(senv / "bin" / "python"), f"{JOB_DIR}/runner.py"]
    return cmd


def sandbox_env(student: str, environment: str = BASE_ENVIRONMENT,
                as_student: bool = False) -> dict[str, str]:
    """The sandbox's whole environment. ``DEEPMATH_CORRECTION=1`` tells the students' kit
    that this is grading (training cells load the submitted weights); a student run
    (``as_student``: what the student's own kernel does in class) goes without it."""
    senv = student_env(environment)
    # TensorFlow sizes its thread pools by the host's cores (each thread reserves stack
    # address space, counted by RLIMIT_AS, and CPU seconds add up over threads): two of each.
    return {
        "TF_NUM_INTRAOP_THREADS": "2", "TF_NUM_INTEROP_THREADS": "2",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "HOME": SANDBOX_HOME, "USER": student, "LOGNAME": student,
        "DEEPMATH_STUDENT": student, "PATH": f"{senv}/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/mpl",
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONDONTWRITEBYTECODE": "1",
        "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime", "JUPYTER_PLATFORM_DIRS": "1",
        "IPYTHONDIR": "/tmp/ipython", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        **({} if as_student else {"DEEPMATH_CORRECTION": "1"}),
    }


def run_notebook(
    notebook_json: str,
    *,
    student: str,
    files: dict[str, bytes] | None = None,
    probes: dict[str, object] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    environment: str = BASE_ENVIRONMENT,
    as_student: bool = False,
    collect: dict[str, int] | None = None,
) -> SandboxResult:
    """Execute ``notebook_json`` in a fresh sandbox and bring back answers, notebook and status.

    ``files`` are extra files placed next to the notebook (e.g. the student's variant table);
    ``probes`` are the calls the grader chose for function items (``~/.deepmath/probes.json``);
    ``environment`` is the assignment's declared students' environment (:func:`student_env`).
    ``as_student``: run it as the student's own kernel would in class (not grading: training
    cells train); ``collect``: file name → byte cap, files of the home brought back
    (``SandboxResult.collected``: e.g. the weights a student run wrote).

    A run that failed before any student code started (no uid free, a mount or a fork refused,
    the kernel could not start) is the grader's failure: it is retried, and after
    ``limits.infra_retries`` retries comes back as state ``grader_error``.
    """
    check_available(environment)
    for name in files or {}:
        if name != os.path.basename(name) or name in RESERVED or name.startswith("."):
            raise ValueError(f"sandbox file {name!r} must be a plain file name")
    result = SandboxResult(state="grader_error", answers_text="", executed_notebook=None)
    for retry in range(limits.infra_retries + 1):
        if retry:
            time.sleep(min(2.0 * retry, 5.0))
        try:
            with lease_uid() as uid:
                result = _run_in_box(notebook_json, student, files or {}, probes or {}, limits,
                                     uid, environment, as_student, collect or {})
        except (PoolExhausted, OSError) as exc:
            result = SandboxResult(state="grader_error", answers_text="",
                                   executed_notebook=None, stderr_tail=str(exc)[-4000:])
        if result.started or result.state == "finished":
            return result
    return replace(result, state="grader_error", status={}, answers_text="",
                   executed_notebook=None)


def _run_in_box(notebook_json: str, student: str, files: dict[str, bytes],
                probes: dict[str, object], limits: Limits, uid: int,
                environment: str = BASE_ENVIRONMENT, as_student: bool = False,
                collect: dict[str, int] | None = None) -> SandboxResult:
    root = os.geteuid() == 0
    begin = time.monotonic()
    phases: dict[str, float] = {}
    boxes = run_dir() / "sandboxes"
    boxes.mkdir(parents=True, exist_ok=True, mode=0o711)
    _remove_stale_boxes(boxes, uid)
    box = Path(tempfile.mkdtemp(prefix=f"sbx-{uid}-", dir=boxes))
    mounted: list[Path] = []
    try:
        box.chmod(0o711)  # the sandbox's uid may traverse it (to bind job/), not list it
        job_dir = box / "job"
        job_dir.mkdir(mode=0o750)
        gid = uid if root else None
        if gid is not None:
            os.chown(job_dir, 0, gid)
        inputs = {"submission.ipynb": notebook_json.encode("utf-8"), **files,
                  "probes.json": json.dumps(probes).encode(),
                  "runner.py": RUNNER.read_bytes()}
        job = {"notebook": "submission.ipynb", "cell_timeout": limits.cell_seconds,
               "setup_timeout": max(limits.setup_cell_seconds, limits.cell_seconds),
               "max_cell_output": limits.cell_output_bytes, "wall_seconds": limits.wall_seconds,
               "answers_bytes": limits.answers_bytes,
               "max_restarts": limits.max_restarts, "preamble": PREAMBLE,
               "collect": sorted([name, cap] for name, cap in (collect or {}).items()),
               "files": [[name, "dm" if name == "probes.json" else "home"]
                         for name in inputs if name != "runner.py"]}
        inputs["job.json"] = json.dumps(job).encode()
        dir_fd = os.open(job_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            for name, data in inputs.items():
                _write_job_file(dir_fd, name, data, gid)
        finally:
            os.close(dir_fd)
        host_mounts = root and _can_mount
        if host_mounts:
            try:
                for name, size, inodes in (("home", limits.scratch_bytes, limits.scratch_inodes),
                                           ("tmp", limits.tmp_bytes, limits.tmp_inodes)):
                    (box / name).mkdir(mode=0o700)
                    mount_tmpfs(box / name, size=size, inodes=inodes, uid=uid)
                    mounted.append(box / name)
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EACCES, errno.ENOSYS):
                    raise
                # root without CAP_SYS_ADMIN (an unprivileged container): bwrap's own tmpfs,
                # size caps only
                log.warning("cannot mount tmpfs (%s): sandboxes get no inode cap", exc)
                _disable_mounts()
                host_mounts = False
        if host_mounts:
            for sub in ("tmp", "shm"):  # fresh tmpfs: nothing of the student's there yet
                (box / "tmp" / sub).mkdir(mode=0o700)
                os.chown(box / "tmp" / sub, uid, uid)
        phases["box_setup"] = time.monotonic() - begin
        result = _execute(box, limits, uid, sandbox_env(student, environment, as_student),
                          host_mounts, environment, extra_cap=sum((collect or {}).values()),
                          phases=phases)
        return replace(result, uid=uid, phases=phases,
                       collected=parse_frames(result.raw_collected, collect or {}))
    finally:
        end = time.monotonic()
        for target in reversed(mounted):
            try:
                unmount(target)
            except OSError:
                pass
        # only the grader's own files (job/) and empty mount points are left; rmtree never
        # follows symlinks (it works on directory fds)
        shutil.rmtree(box, ignore_errors=True)
        phases["box_teardown"] = time.monotonic() - end


RUNNER_MARK = re.compile(r"\[runner (\d+\.\d+)\] (runner starts|attempt 1 |kernel starting|"
                         r"kernel started|preamble done|cells done|kernel shut down|finish)")


RUNNER_CPU = re.compile(r"\] finish \(CPU s: runner (\d+\.\d+), attempts and kernels "
                        r"(\d+\.\d+)\)")


def runner_marks(stderr_tail: str, spawned: float) -> dict[str, float]:
    """For benchmarks: the runner's first-attempt progress marks (its stderr, untrusted) as
    seconds since the grader spawned the sandbox (CLOCK_MONOTONIC is not namespaced), and
    ``runner_cpu``: the CPU seconds of the runner, its attempts and their kernels."""
    marks: dict[str, float] = {}
    for found in RUNNER_MARK.finditer(stderr_tail):
        marks.setdefault("runner_" + found.group(2).strip().replace(" ", "_"),
                         round(float(found.group(1)) - spawned, 4))
    cpu = RUNNER_CPU.search(stderr_tail)
    if cpu:
        marks["runner_cpu"] = round(float(cpu.group(1)) + float(cpu.group(2)), 4)
    return marks


def _remove_stale_boxes(boxes: Path, uid: int) -> None:
    """Boxes of ``uid`` left by a grader that died mid-run (we hold the uid's lease now, so
    none of them is in use): detach their mounts and remove them."""
    for stale in boxes.glob(f"sbx-{uid}-*"):
        for name in ("home", "tmp"):
            try:
                unmount(stale / name)
            except OSError:
                pass
        shutil.rmtree(stale, ignore_errors=True)


def _drain(fd: int, cap: int, into: bytearray) -> None:
    with os.fdopen(fd, "rb", buffering=0) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                return
            if len(into) < cap:
                into += chunk[:cap - len(into)]


def parse_frames(data: bytes, caps: dict[str, int] | None = None) -> dict[str, bytes]:
    """Frames (``<name> <length>\\n<bytes>``) → {name: bytes}; the first frame of each name
    wins (the runner sends each once); parsing stops at a malformed frame, at a name that is
    not expected, or at a frame longer than its cap. ``caps``: name → largest length allowed
    (default: the runner's result frames, any length)."""
    frames: dict[str, bytes] = {}
    pos = 0
    while pos < len(data):
        end = data.find(b"\n", pos, pos + 200)
        if end < 0:
            break
        header = data[pos:end].split(b" ")
        if len(header) != 2 or not header[1].isdigit() or len(header[1]) > 12:
            break
        name, length = header[0].decode("utf-8", errors="replace"), int(header[1])
        allowed = (header[0] in FRAMES) if caps is None else length <= caps.get(name, -1)
        if not allowed or end + 1 + length > len(data):
            break
        frames.setdefault(name, data[end + 1:end + 1 + length])
        pos = end + 1 + length
    return frames


def _status(raw: bytes | None) -> dict[str, object]:
    """The runner's status, validated field by field (unknown or malformed parts dropped)."""
    if not raw:
        return {}
    try:
        data = loads_bounded(raw, max_depth=4, max_bytes=1_000_000)
    except UntrustedJSONError:
        return {}
    if not isinstance(data, dict):
        return {}
    status: dict[str, object] = {}
    if data.get("state") in ("finished", "kernel_died", "timeout"):
        status["state"] = data["state"]
    cells = data.get("cells")
    if isinstance(cells, dict) and len(cells) <= 10_000:
        status["cells"] = {k: v for k, v in cells.items()
                           if isinstance(k, str) and k.isdigit() and len(k) < 7
                           and v in CELL_STATES}
    culprits = data.get("culprits")
    if isinstance(culprits, list) and len(culprits) <= 10_000:
        status["culprits"] = [c for c in culprits if type(c) is int and 0 <= c < 1_000_000]
    signals = data.get("signals")
    if isinstance(signals, dict) and len(signals) <= 100:
        status["signals"] = {k: v for k, v in signals.items()
                             if isinstance(k, str) and k.isdigit() and len(k) < 7
                             and type(v) is int and 0 < v < 65}
    attempts = data.get("attempts")
    if type(attempts) is int and 0 <= attempts < 100:
        status["attempts"] = attempts
    return status


def _execute(box: Path, limits: Limits, uid: int, env: dict[str, str],
             host_mounts: bool, environment: str = BASE_ENVIRONMENT,
             extra_cap: int = 0, phases: dict[str, float] | None = None) -> SandboxResult:
    start = time.monotonic()
    phases = {} if phases is None else phases
    cap = limits.answers_bytes + MAX_EXECUTED_BYTES + 2 * 1024**2 + extra_cap
    read_end, write_end = os.pipe()
    received = bytearray()
    reader = threading.Thread(target=_drain, args=(read_end, cap, received), daemon=True)
    reader.start()
    cmd = build_command(box, limits, uid, {**env, "DEEPMATH_RESULT_FD": str(write_end)},
                        host_mounts, environment)
    try:
        with tempfile.TemporaryFile() as err:
            # cwd: a neutral directory, never the course (nothing there to reach by a path)
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=err, start_new_session=True, cwd="/",
                                    env={"PATH": "/usr/bin:/bin"},
                                    pass_fds=(write_end,))
            os.close(write_end)
            write_end = -1
            timed_out = False
            try:
                # the runner stops at wall_seconds by itself; this is the backstop
                proc.wait(timeout=limits.wall_seconds + HOST_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            err.seek(0)
            err_bytes = err.read()
            stderr_tail = err_bytes[-4000:].decode("utf-8", errors="replace")
            stderr_head = err_bytes[:65536].decode("utf-8", errors="replace")
            del err_bytes
    finally:
        if write_end >= 0:
            os.close(write_end)
    # bwrap has exited and its namespace's init is exiting: the kernel kills every process
    # left in the namespace. bwrap does not wait for that, so a root grader waits for it (and
    # kills any straggler of the leased uid) before reading what came out.
    if os.geteuid() == 0:
        kill_uid(uid)
    reader.join(HOST_GRACE_SECONDS)
    elapsed = time.monotonic() - start
    phases["run"] = elapsed
    phases.update(runner_marks(stderr_head + stderr_tail, start))
    frames = parse_frames(bytes(received))
    status = _status(frames.get("status"))
    executed = frames.get("executed")
    executed_text = None
    if executed is not None and len(executed) <= MAX_EXECUTED_BYTES:
        executed_text = executed.decode("utf-8", errors="replace")
        if json_depth(executed_text) > MAX_NOTEBOOK_DEPTH:
            executed_text = None
    if timed_out:
        state = "timeout"
    elif status.get("state") in ("finished", "kernel_died", "timeout"):
        state = str(status["state"])
    else:
        state = "crashed"
    answers = frames.get("answers", b"")[:limits.answers_bytes]
    return SandboxResult(
        state=state, answers_text=answers.decode("utf-8", errors="replace"),
        executed_notebook=executed_text, status=status, elapsed=elapsed,
        stderr_tail=stderr_tail, started="started" in frames, phases=phases,
        raw_collected=frames.get("collected", b""))
