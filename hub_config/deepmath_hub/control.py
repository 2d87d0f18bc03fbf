"""Start, stop and inspect the local hub: ``python -m deepmath_hub run|stop|status|setup``.

``run`` lays the hub out (provision.py), releases the course's assignments as the first
instructor, starts JupyterHub (which starts the proxy, the idle culler and users' servers),
prints where to log in, and waits. Ctrl-C or ``stop`` (SIGTERM) make JupyterHub stop every
server, the proxy and the culler; then any process still running as a roster account is
ended, so nothing stray is left.
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from . import accounts
from .hubconf import BASE_PATH, USER_PORT_OFFSET
from .kernels import GPU_KERNEL
from .provision import Layout, provision, read_layout
from .settings import HUB_CONFIG, REPO, HubSettings

READY = "deepmath hub ready"


def instructor_env_vars(s: HubSettings) -> dict[str, str]:
    """Settings go in, the environment of an instructor's commands comes out."""
    return {"PATH": f"{Path(s.instructor_env) / 'bin'}:{BASE_PATH}",
            "JUPYTER_CONFIG_PATH": str(s.config_dir("instructor")),
            "JUPYTER_PATH": str(s.data_dir),
            "DEEPMATH_COURSE_DIR": str(s.course_dir),
            **sandbox_env_vars(s)}


def sandbox_env_vars(s: HubSettings) -> dict[str, str]:
    """The grader's sandbox uses, per environment, the prefix the students' kernel runs."""
    return {"DEEPMATH_STUDENT_ENV" + ("" if name == "base" else f"_{name.upper()}"): str(path)
            for name, path in s.environment_prefixes().items()}


def has_deepmath_cli(s: HubSettings) -> bool:
    """Is the grader's ``deepmath`` command installed in the instructors' env?"""
    env = Path(s.instructor_env) / "bin"
    if not (env / "deepmath").exists():
        return False
    probe = subprocess.run([str(env / "python"), "-I", "-c", "import autograder.cli"],
                           capture_output=True, check=False, cwd="/")
    return probe.returncode == 0


def release(s: HubSettings, layout: Layout) -> list[str]:
    """Assignments not yet in the exchange are released as the first instructor.

    Uses ``deepmath release`` (per-student variants, then nbgrader release_assignment); before
    the grader's CLI exists, stock ``nbgrader generate_assignment`` + ``release_assignment``.
    Returns the lines to print.
    """
    lines, outbound = [], s.exchange / s.course_id / "outbound"
    cli = has_deepmath_cli(s)
    for name in s.assignments.split():
        if (outbound / name).is_dir():
            lines.append(f"{name}: already released")
            continue
        env_bin = Path(s.instructor_env) / "bin"
        if cli:
            steps = [[str(env_bin / "deepmath"), "--course-dir", str(s.course_dir),
                      "release", name]]
        elif (s.course_dir / "source" / name).is_dir():
            steps = [[str(env_bin / "nbgrader"), "generate_assignment", name, "--force"],
                     [str(env_bin / "nbgrader"), "release_assignment", name, "--force"]]
        else:
            lines.append(f"{name}: not in the course yet (nothing to release)")
            continue
        for argv in steps:
            done = accounts.run_as(layout.primary, argv, instructor_env_vars(s),
                                   cwd=s.course_dir, umask=0o002, timeout=600)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}")
        how = "deepmath release" if cli else "nbgrader generate_assignment + release_assignment"
        lines.append(f"{name}: released ({how})")
    return lines


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def _port_free(ip: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((ip, port))
        except OSError:
            return False
    return True


def _wait_ready(s: HubSettings, proc: subprocess.Popen[bytes], timeout: float,
                stopping: list[int]) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None and not stopping:
        try:
            with urllib.request.urlopen(f"{s.url}hub/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def readable_by_others(path: Path) -> bool:
    """Can a student reach ``path`` (every parent searchable and it readable by others)?"""
    for p in [path, *path.parents]:
        if not p.stat().st_mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IROTH)


def banner(s: HubSettings, layout: Layout, released: list[str]) -> str:
    """What ``make hub`` prints once the hub answers."""
    rows = []
    for m in layout.members:
        pw = layout.passwords.get(m.username)
        how = f"password {pw}" if pw else "its existing Unix password"
        rows.append(f"    {m.username:<16} {m.role:<11} {how}")
    gpu = (f"Python 3 (GPU: {', '.join(layout.gpus)}) kernel offered for ch14, ch17, ch18"
           if layout.gpus else "no NVIDIA GPU visible: the GPU kernel is not offered")
    lines = [
        f"{READY}: {s.url}  (JupyterHub + configurable-http-proxy, PAM login)",
        f"  Log in with the Unix accounts of {s.roster} (password checked by PAM):",
        *rows,
        f"  Initial passwords (root only): {s.passwords_file}; change one with `passwd USER`.",
        f"  Assignments: {'; '.join(released) or 'none configured'}",
        f"  Course directory (instructors only): {s.course_dir}",
        f"  nbgrader exchange: {s.exchange / s.course_id}",
        "  Instructors: Nbgrader menu > Formgrader; in a terminal `nbgrader collect ch01`,"
        " `deepmath grade ch01`, `deepmath feedback ch01 --release`.",
        "  Students: Nbgrader menu > Assignment List > Fetch, edit, Submit; later Fetch Feedback.",
        f"  Students' environments (kernel = grading sandbox): {environments(s)}",
        f"  GPU: {gpu}",
        f"  Idle servers are stopped after {s.cull_idle} s.",
        f"  Hub log: {s.state_dir / 'jupyterhub.log'}",
        "  Stop: Ctrl-C here, or `make hub-stop` from another terminal.",
    ]
    last = s.port_number + USER_PORT_OFFSET + len(layout.members)
    if last >= ephemeral_low():
        lines.append(f"  WARNING: users' servers use ports up to {last}, inside the range of "
                     "outgoing connections: a server may find its port taken (lower HUB_PORT).")
    if readable_by_others(REPO):
        lines.append(f"  WARNING: {REPO} is readable by every account: students could read "
                     f"reference/ and the hidden tests there. Run `chmod o-rwx {REPO}`.")
    return "\n".join(lines)


def environments(s: HubSettings) -> str:
    """Which students' environments are built (kernel offered) and which are missing."""
    parts = []
    for name, prefix in s.environment_prefixes().items():
        built = (prefix / "bin" / "python").exists()
        how = "" if name == "base" else f" --{name}"
        parts.append(f"{name} ({prefix})" if built else
                     f"{name} MISSING (scripts/student_env.sh{how} {prefix})")
    return "; ".join(parts)


def check_envs(s: HubSettings) -> None:
    """Fail early, with the command to run, when an environment is missing."""
    needed = {Path(s.hub_env) / "bin" / "jupyterhub-singleuser": "--hub",
              Path(s.instructor_env) / "bin" / "nbgrader": "--instructor",
              Path(s.sandbox_env) / "bin" / "python": s.sandbox_env}
    for path, flag in needed.items():
        if not path.exists():
            raise SystemExit(f"deepmath hub: {path} is missing: run scripts/student_env.sh {flag}"
                             " (or scripts/hub_setup.sh)")


def run(s: HubSettings) -> int:
    """Lay out, release, start the hub in the foreground; returns its exit status."""
    if os.geteuid() != 0:
        raise SystemExit("deepmath hub: run as root (it creates accounts and runs servers as them)")
    old = _read_pid(s.pid_file)
    if old and _alive(old):
        raise SystemExit(f"deepmath hub: already running (pid {old}); `make hub-stop` first")
    check_envs(s)
    for port in (s.port_number, s.port_number + 1, s.port_number + 2):
        if not _port_free(s.ip if port == s.port_number else "127.0.0.1", port):
            raise SystemExit(f"deepmath hub: port {port} is taken (set HUB_PORT)")
    layout = provision(s)
    try:
        released = release(s, layout)
    except RuntimeError as error:
        raise SystemExit(f"deepmath hub: release failed: {error}") from None
    s.pid_file.write_text(f"{os.getpid()}\n")
    # Handlers first: the hub then starts with default dispositions, even when we were
    # started in the background with SIGINT ignored (its services would ignore it too).
    stopping: list[int] = []
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda n, _f: stopping.append(n))
    log = open(s.state_dir / "jupyterhub.log", "ab")  # noqa: SIM115 - lives as long as the hub
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG / "jupyterhub_config.py")],
        cwd=s.state_dir, env={**os.environ, **s.as_env()}, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)  # Ctrl-C reaches us only; we stop the hub in order
    try:
        if not _wait_ready(s, proc, 90, stopping):
            if stopping:
                return 0
            tail = (s.state_dir / "jupyterhub.log").read_text(errors="replace")[-3000:]
            print(f"deepmath hub: JupyterHub did not start:\n{tail}", file=sys.stderr)
            return 1
        print(banner(s, layout, released), flush=True)
        while proc.poll() is None and not stopping:
            time.sleep(0.3)
    finally:
        ended = shutdown(s, layout, proc)
        s.pid_file.unlink(missing_ok=True)
        log.close()
        print(f"deepmath hub stopped ({ended} leftover process(es) ended)", flush=True)
    return 0


def shutdown(s: HubSettings, layout: Layout, proc: subprocess.Popen[bytes] | None) -> int:
    """The hub stops its servers, proxy and culler; whatever still runs as a user is ended."""
    if proc is not None and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=45)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    leftovers = []
    for pid_file in (s.state_dir / "jupyterhub.pid", s.state_dir / "proxy.pid"):
        pid = _read_pid(pid_file)
        if pid and _alive(pid) and (proc is None or pid != proc.pid):
            leftovers.append(pid)
            os.kill(pid, signal.SIGTERM)
        pid_file.unlink(missing_ok=True)
    users = accounts.end_processes(accounts.uids_of(layout.usernames()))
    return len(leftovers) + len(users)


def stop(s: HubSettings) -> int:
    """Ask a running ``run`` to stop (SIGTERM) and wait for it; clean up if it is gone."""
    pid = _read_pid(s.pid_file)
    if pid and _alive(pid):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 90
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            print(f"deepmath hub: pid {pid} did not stop", file=sys.stderr)
            return 1
        print(f"deepmath hub stopped (pid {pid})")
        return 0
    ended = shutdown(s, read_layout(s), None)
    s.pid_file.unlink(missing_ok=True)
    print(f"deepmath hub was not running ({ended} leftover process(es) ended)")
    return 0


def status(s: HubSettings) -> int:
    pid = _read_pid(s.pid_file)
    if pid and _alive(pid):
        gpu = (s.data_dir / "kernels" / GPU_KERNEL).exists()
        print(f"deepmath hub running (pid {pid}) at {s.url}; GPU kernel: {'yes' if gpu else 'no'}")
        return 0
    print("deepmath hub not running")
    return 3


def ephemeral_low() -> int:
    """The first port the kernel hands to outgoing connections."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port_block(n: int = 3) -> int:
    """A port p such that p .. p+n-1 are free on 127.0.0.1, below the ephemeral range.

    Outgoing connections take their local ports from the ephemeral range at any time; a
    server's fixed port there can be taken between two runs (bench/hub_bench.py saw it).
    """
    low = ephemeral_low()
    rng = random.Random()
    for _ in range(500):
        base = rng.randrange(10000, low - n)
        if all(_port_free("127.0.0.1", p) for p in range(base, base + n)):
            return base
    raise RuntimeError("no block of free ports")


def start_in_background(env: dict[str, str], timeout: float = 300,
                        ) -> tuple[subprocess.Popen[str], str]:
    """``python -m deepmath_hub run`` starts in the background (tests, bench); the process and
    its banner come out once the hub answers. Its output keeps being drained."""
    proc = subprocess.Popen([sys.executable, "-m", "deepmath_hub", "run"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def drain() -> None:  # until the hub exits, so that its pipe never fills
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)

    threading.Thread(target=drain, daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=1.0))
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        if "Stop: Ctrl-C" in seen[-1]:
            return proc, "".join(seen)
    proc.terminate()  # lets `run` stop whatever it started
    try:
        proc.wait(timeout=90)
    except subprocess.TimeoutExpired:
        proc.kill()
    raise RuntimeError("the hub did not start:\n" + "".join(seen))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deepmath_hub", description=__doc__)
    parser.add_argument("command", choices=["run", "stop", "status", "setup", "release"])
    args = parser.parse_args(argv)
    s = HubSettings.from_env()
    if args.command == "run":
        return run(s)
    if args.command == "stop":
        return stop(s)
    if args.command == "status":
        return status(s)
    layout = provision(s)
    if args.command == "release":
        print("\n".join(release(s, layout)))
    else:
        print(f"deepmath hub laid out in {s.root} for {len(layout.members)} accounts")
    return 0
