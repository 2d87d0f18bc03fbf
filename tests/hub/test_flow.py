"""The course's whole story on the real hub, over HTTP, in order (issue 4, item 2).

A student logs in (PAM), starts a server, fetches ch01 from the assignment list, answers a
question, submits; the instructor collects in the formgrader, runs ``deepmath grade ch01`` and
``deepmath feedback ch01 --release`` in their account; the student fetches the feedback. Then:
nobody reads what is not theirs, and stopping the hub leaves no process behind.
"""

from __future__ import annotations

import json
import re
import socket
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from deepmath_hub import accounts
from deepmath_hub.client import HubError, HubSession
from deepmath_hub.control import instructor_env_vars
from deepmath_hub.kernels import CPU_KERNEL, GPU_KERNEL, detect_gpus, kernel_name

if TYPE_CHECKING:  # the fixture's type (conftest.py is not imported by name)
    from conftest import RunningHub

pytestmark = [pytest.mark.hub, pytest.mark.slow, pytest.mark.timeout(600)]

COURSE = "deepmath"
ANSWERED = "ch01-derivee_somme-reponse"


def login(hub: RunningHub, name: str) -> HubSession:
    session = HubSession(hub.url, name, hub.passwords[name])
    session.login()
    return session


@pytest.fixture(scope="module")
def alice(hub: RunningHub) -> HubSession:
    session = login(hub, "dmtest-alice")
    session.start_server()
    session.open_lab()
    return session


@pytest.fixture(scope="module")
def prof(hub: RunningHub) -> HubSession:
    session = login(hub, "dmtest-prof")
    session.start_server()
    session.open_lab()
    return session


def as_user(hub: RunningHub, name: str, argv: list[str]) -> tuple[int, str]:
    env = instructor_env_vars(hub.settings) if name == "dmtest-prof" else {}
    done = accounts.run_as(name, argv, env, umask=0o002, timeout=600)
    return done.returncode, done.stdout + done.stderr


def test_banner_says_where_and_how_to_log_in(hub: RunningHub) -> None:
    """Does the start print the URL, the PAM login and each demo account's password?"""
    assert hub.url in hub.banner and "PAM" in hub.banner
    for name, password in hub.passwords.items():
        assert re.search(rf"{name}\s+\w+\s+password {re.escape(password)}", hub.banner)
    assert "ch01: released" in hub.banner


def test_wrong_password_is_refused(hub: RunningHub) -> None:
    """Does PAM refuse a wrong password?"""
    with pytest.raises(HubError, match="refused"):
        HubSession(hub.url, "dmtest-alice", "not-the-password").login()


def test_student_fetches_edits_and_submits(hub: RunningHub, alice: HubSession) -> None:
    """Can a student fetch ch01, answer a question and submit through the assignment list?"""
    assert {(a["assignment_id"], a["status"]) for a in alice.assignments(COURSE)} == {
        ("ch01", "released")}
    fetched = alice.fetch(COURSE, "ch01")
    assert ("ch01", "fetched") in {(a["assignment_id"], a["status"]) for a in fetched}
    notebook = alice.read_notebook("ch01/ch01.ipynb")
    master = json.loads((hub.settings.course_dir / "source/ch01/ch01.ipynb").read_text())
    solution = next("".join(c["source"]) for c in master["cells"]
                    if c["metadata"].get("nbgrader", {}).get("grade_id") == ANSWERED)
    cell = next(c for c in notebook["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == ANSWERED)
    cell["source"] = re.sub(r"### (BEGIN|END) SOLUTION\n?", "", solution)
    alice.write_notebook("ch01/ch01.ipynb", notebook)
    submitted = alice.submit(COURSE, "ch01")
    assert ("ch01", "submitted") in {(a["assignment_id"], a["status"]) for a in submitted}
    inbound = hub.settings.exchange / COURSE / "inbound"
    folders = [p for p in inbound.iterdir() if p.name.startswith("dmtest-alice+ch01+")]
    assert folders
    for folder in folders:  # stock nbgrader leaves it 0777: anyone knowing the name writes
        assert stat.S_IMODE(folder.stat().st_mode) & 0o777 == 0o770, oct(folder.stat().st_mode)
        assert folder.stat().st_gid == inbound.stat().st_gid  # the instructors' group


def test_students_have_no_formgrader(alice: HubSession) -> None:
    """Is the formgrader (server and lab plugin) switched off for students?"""
    assert alice.user("GET", "formgrader").status_code == 404
    page = alice.user("GET", "lab").text
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page,
                                  re.S).group(1))
    assert "@jupyter/nbgrader:formgrader" in config["disabledExtensions"]
    assert "@jupyter/nbgrader:assignment-list" not in config["disabledExtensions"]


def test_instructor_collects_in_the_formgrader(hub: RunningHub, prof: HubSession) -> None:
    """Does the instructor's formgrader collect the student's submission?"""
    assert prof.user("GET", "formgrader").status_code == 200
    r = prof.user("POST", "formgrader/api/assignment/ch01/collect", timeout=120)
    assert r.status_code == 200 and r.json()["success"], r.text[:500]
    assert (hub.settings.course_dir / "submitted/dmtest-alice/ch01/ch01.ipynb").is_file()


def test_instructor_grades_and_releases_feedback(hub: RunningHub) -> None:
    """Do `deepmath grade` and `deepmath feedback --release` work from the instructor's account?"""
    code, out = as_user(hub, "dmtest-prof", ["deepmath", "grade", "ch01"])
    assert code == 0, out
    assert "dmtest-alice" in out
    assert list((hub.settings.course_dir / "autograded/dmtest-alice/ch01").iterdir())
    code, out = as_user(hub, "dmtest-prof", ["deepmath", "feedback", "ch01", "--release"])
    assert code == 0, out


def test_student_fetches_feedback(hub: RunningHub, alice: HubSession) -> None:
    """Does the student get their feedback, without the hidden tests in it?"""
    alice.fetch_feedback(COURSE, "ch01")
    home = Path("/home/dmtest-alice")
    pages = list((home / "ch01" / "feedback").glob("*/ch01.html"))
    assert pages, "no feedback fetched"
    html = pages[0].read_text()
    assert "BEGIN HIDDEN TESTS" not in html and "_deepmath_kernel" not in html


# What another student must not be able to read.
def forbidden_paths(hub: RunningHub) -> list[Path]:
    s = hub.settings
    return [
        Path("/home/dmtest-alice/ch01/ch01.ipynb"),           # a classmate's work
        s.course_dir / "source/ch01/ch01.ipynb",              # the master copy (solutions)
        s.course_dir / "items/ch01.py",                        # hidden checks
        s.course_dir / "gradebook.db",
        s.course_dir / "submitted/dmtest-alice/ch01/ch01.ipynb",
        Path(s.instructor_env) / "pyvenv.cfg",                 # the grader and reference/
        s.config_dir("instructor") / "nbgrader_config.py",
        s.passwords_file,
    ]


def test_students_cannot_read_what_is_not_theirs(hub: RunningHub) -> None:
    """Can another student read a classmate's work, the source, the grader or the gradebook?"""
    for path in forbidden_paths(hub):
        assert path.exists(), path
        code, out = as_user(hub, "dmtest-bob", ["cat", str(path)])
        assert code != 0 and "Permission denied" in out, f"dmtest-bob read {path}"
    exch = hub.settings.exchange / hub.settings.course_id
    for listing in (exch / "inbound", exch / "feedback"):
        code, out = as_user(hub, "dmtest-bob", ["ls", str(listing)])
        assert code != 0 and "Permission denied" in out, f"dmtest-bob listed {listing}"


def test_students_cannot_tamper_with_the_exchange(hub: RunningHub) -> None:
    """Can a student replace a released assignment or squat the course's exchange?"""
    exch = hub.settings.exchange / hub.settings.course_id
    for argv in (["rm", "-rf", str(exch / "outbound/ch01")],
                 ["touch", str(exch / "outbound/ch01/ch01.ipynb")],
                 ["mv", str(exch), str(hub.settings.exchange / "squat")]):
        code, _ = as_user(hub, "dmtest-bob", argv)
        assert code != 0, argv
    assert (exch / "outbound/ch01/ch01.ipynb").is_file()


def test_servers_run_as_their_user_with_the_role_config(hub: RunningHub,
                                                        alice: HubSession) -> None:
    """Does each server run under its own uid, from the role's env and config?"""
    uid = accounts.uids_of(["dmtest-alice"])
    pids = accounts.processes_of(uid)
    servers = [p for p in pids if b"jupyterhub-singleuser" in Path(f"/proc/{p}/cmdline")
               .read_bytes()]
    assert servers
    environ = dict(kv.split("=", 1) for kv in Path(f"/proc/{servers[0]}/environ")
                   .read_text().split("\0") if "=" in kv)
    assert environ["JUPYTER_CONFIG_PATH"] == str(hub.settings.config_dir("student"))
    assert environ["DEEPMATH_SERVER_ENV"] == hub.settings.hub_env
    assert "DEEPMATH_COURSE_DIR" not in environ


def test_kernels_offered_to_students(hub: RunningHub, alice: HubSession) -> None:
    """Is the deepmath kernel the default, and the GPU kernel offered only with a GPU?"""
    specs = alice.user("GET", "api/kernelspecs").json()
    assert specs["default"] == CPU_KERNEL
    for name, prefix in hub.settings.environment_prefixes().items():
        if (prefix / "bin" / "python").exists():  # each environment runs as its own kernel
            argv = specs["kernelspecs"][kernel_name(name)]["spec"]["argv"]
            assert argv[0] == str(prefix / "bin" / "python")
    assert (GPU_KERNEL in specs["kernelspecs"]) == bool(detect_gpus())
    # the released notebook asks for the kernel of the environment ch01 is graded in
    released = json.loads(
        (hub.settings.exchange / COURSE / "outbound/ch01/ch01.ipynb").read_text())
    wanted = released["metadata"]["kernelspec"]["name"]
    environment = released["metadata"]["deepmath"]["environment"]
    assert wanted == kernel_name(environment) and wanted in specs["kernelspecs"]
    argv = specs["kernelspecs"][wanted]["spec"]["argv"]
    assert argv[0] == str(hub.settings.environment_prefix(environment) / "bin" / "python")


def test_stop_leaves_no_process(hub: RunningHub, alice: HubSession) -> None:
    """Does `make hub-stop` stop the hub, the proxy, the culler and every user's server?"""
    done = hub.stop()
    assert done.returncode == 0, done.stderr
    assert hub.proc.returncode == 0
    assert accounts.processes_of(accounts.uids_of(hub.usernames())) == []
    root = hub.settings.root.encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            assert root not in cmdline, cmdline
            proxy_api = f"{hub.settings.port_number + 1}".encode()
            assert not (b"proxy" in cmdline and proxy_api in cmdline), cmdline
    for port in (hub.settings.port_number, hub.settings.port_number + 1):
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open"
