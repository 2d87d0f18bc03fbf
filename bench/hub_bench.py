"""Benchmark of the local hub: N students arrive at once (log in, spawn, fetch ch01, submit).

Run by hand, as root, after ``scripts/hub_setup.sh``::

    PYTHONPATH=hub_config .venv/bin/python bench/hub_bench.py            # N = 10, 25, 50
    PYTHONPATH=hub_config .venv/bin/python bench/hub_bench.py --sizes 5

It starts its own hub exactly as ``make hub`` does (PAM, configurable-http-proxy, one Unix
account per student: ``dmbench-sNN``, deleted at the end) on a free loopback port, then for
each N lets N students hit it concurrently and prints errors and latency percentiles. Between
rounds every server is stopped, so each round measures cold spawns.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hub_config"))

from deepmath_hub import accounts  # noqa: E402
from deepmath_hub.client import HubSession  # noqa: E402
from deepmath_hub.control import free_port_block, start_in_background  # noqa: E402
from deepmath_hub.settings import HubSettings  # noqa: E402

PREFIX = "dmbench"
COURSE = "deepmath"


@dataclass
class Outcome:
    """One simulated student's round."""

    student: str
    login_s: float = 0.0
    spawn_s: float = 0.0
    work_s: float = 0.0
    """Open lab + list + fetch + submit, through the server's nbgrader extension."""
    error: str = ""


@dataclass
class Round:
    n: int
    wall_s: float
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]


def percentile(values: list[float], q: float) -> float:
    """Values and q in [0, 100] go in, the nearest-rank percentile comes out (nan if empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def one_student(url: str, name: str, password: str) -> Outcome:
    out = Outcome(name)
    session = HubSession(url, name, password, timeout=300)
    try:
        t = time.monotonic()
        session.login()
        out.login_s = time.monotonic() - t
        out.spawn_s = session.start_server(timeout=600)
        t = time.monotonic()
        session.open_lab()
        session.assignments(COURSE)
        session.fetch(COURSE, "ch01")
        session.submit(COURSE, "ch01")
        out.work_s = time.monotonic() - t
    except Exception as error:  # a failure is a result of the benchmark
        out.error = f"{type(error).__name__}: {error}"[:200]
    return out


def stop_all(url: str, names: list[str], passwords: dict[str, str]) -> None:
    def stop(name: str) -> None:
        session = HubSession(url, name, passwords[name], timeout=300)
        try:
            session.login()
            session.stop_server()
        except Exception as error:
            print(f"  (could not stop {name}: {error})", file=sys.stderr)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(stop, names))


def run_round(url: str, names: list[str], passwords: dict[str, str]) -> Round:
    start = time.monotonic()
    with ThreadPoolExecutor(len(names)) as pool:
        outcomes = list(pool.map(lambda n: one_student(url, n, passwords[n]), names))
    return Round(len(names), time.monotonic() - start, outcomes)


def table(rounds: list[Round]) -> str:
    head = (f"{'N':>4} {'errors':>6} {'spawn p50':>9} {'p90':>6} {'p95':>6} {'max':>6}"
            f" {'login p50':>9} {'fetch+submit p50':>16} {'wall':>7}")
    lines = [head, "-" * len(head)]
    for r in rounds:
        ok = [o for o in r.outcomes if not o.error]
        spawn = [o.spawn_s for o in ok]
        lines.append(
            f"{r.n:>4} {len(r.errors):>6} {percentile(spawn, 50):>8.1f}s"
            f" {percentile(spawn, 90):>5.1f}s {percentile(spawn, 95):>5.1f}s"
            f" {max(spawn, default=float('nan')):>5.1f}s"
            f" {statistics.median([o.login_s for o in ok]) if ok else float('nan'):>8.2f}s"
            f" {statistics.median([o.work_s for o in ok]) if ok else float('nan'):>15.2f}s"
            f" {r.wall_s:>6.1f}s")
    return "\n".join(lines)


def write_roster(path: Path, n: int) -> list[str]:
    students = [f"{PREFIX}-s{i:02d}" for i in range(1, n + 1)]
    rows = ["username,role,first_name,last_name,email", f"{PREFIX}-prof,instructor,Bench,Prof,"]
    rows += [f"{s},student,Bench,{s},{s}@example.org" for s in students]
    path.write_text("\n".join(rows) + "\n")
    return students


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--log", default="/tmp/hub_bench-jupyterhub.log",
                        help="where to keep the hub's log")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("hub_bench: run as root (it creates the dmbench-* accounts)", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}-hub-"))
    root.chmod(0o755)
    students = write_roster(root / "roster.csv", max(args.sizes))
    names = [f"{PREFIX}-prof", *students]
    port = free_port_block(11 + max(args.sizes))  # hub, proxy, then one port per account
    settings = replace(HubSettings(), root=str(root / "hub"), port=str(port),
                       roster=str(root / "roster.csv"), group_prefix=PREFIX)
    env = {**os.environ, **settings.as_env(), "PYTHONPATH": str(REPO / "hub_config")}
    for name in names:  # leftovers of an interrupted run have unknown passwords
        accounts.remove_account(name)
    t = time.monotonic()
    proc, _ = start_in_background(env, timeout=900)
    print(f"hub up at {settings.url} with {len(names)} accounts in {time.monotonic() - t:.0f} s"
          f" ({os.cpu_count()} CPUs)")
    passwords = accounts.record_passwords(settings.passwords_file, {})
    rounds = []
    try:
        for n in args.sizes:
            r = run_round(settings.url, students[:n], passwords)
            rounds.append(r)
            print(f"N={n}: {len(r.errors)} errors, {r.wall_s:.1f} s", flush=True)
            for o in r.errors[:5]:
                print(f"   {o.student}: {o.error}")
            stop_all(settings.url, students[:n], passwords)
            for name in students[:n]:  # the next round fetches afresh
                shutil.rmtree(Path(pwd.getpwnam(name).pw_dir) / "ch01", ignore_errors=True)
    finally:
        log = settings.state_dir / "jupyterhub.log"
        if log.exists():
            shutil.copy(log, args.log)
            print(f"hub log kept in {args.log}")
        subprocess.run([sys.executable, "-m", "deepmath_hub", "stop"], env=env, check=False)
        proc.wait(timeout=120)
        for name in names:
            accounts.remove_account(name)
        for group in (f"{PREFIX}-instructors", f"{PREFIX}-students"):
            subprocess.run(["groupdel", group], capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)
    print()
    print(table(rounds))
    return 0 if all(not r.errors for r in rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
