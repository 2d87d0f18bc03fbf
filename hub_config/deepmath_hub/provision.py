"""Lay out the hub on disk: accounts, course directory, nbgrader exchange, per-role config.

Who can read what (the point of this module):

=============================  ====================  ==========================================
path                           owner:group, mode     who reads it
=============================  ====================  ==========================================
ROOT/course                    prof:instructors 2770 instructors only (source, gradebook, keys)
ROOT/exchange                  root:root 1777        everyone may enter and create, not delete
ROOT/exchange/ID/outbound      prof:instructors 2775 everyone (released assignments)
ROOT/exchange/ID/inbound       prof:instructors 2773 students write blind; instructors list
ROOT/exchange/ID/feedback      prof:instructors 2771 students open only their own hashed file
ROOT/etc/instructor            root:instructors 0750 instructors' Jupyter + nbgrader config
ROOT/etc/student               root:root 0755        students' config (no formgrader)
ROOT/etc/terminal.bashrc       root:root 0644        the terminals' shell start-up file
ROOT/hub                       root:root 0700        hub database, secrets, initial passwords
/home/USER                     USER:USER 0700        that user only
~INSTRUCTOR/deepmath-course    -> ROOT/course        (the formgrader wants it under the home)
=============================  ====================  ==========================================

The modes under ``exchange/ID`` are nbgrader's own (``groupshared``), created here in advance
so that no student can squat the course's exchange directory before the first release.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import accounts, kernels
from .roster import Member, read_roster, write_roster
from .settings import HubSettings

COURSE_LINK = "deepmath-course"
GENERATED = frozenset({"release", "submitted", "autograded", "feedback", "gradebook.db",
                       ".secret", "roster.csv", "__pycache__", ".ipynb_checkpoints"})
HUB_BLOCK = "# --- added by the deepmath hub (hub_config/deepmath_hub/provision.py) ---"
STUDENT_LAB_DISABLED = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
                        "@jupyter/nbgrader:create-assignment")
STUDENT_SERVER_DISABLED = ("nbgrader.server_extensions.formgrader",
                           "nbgrader.server_extensions.course_list")
LAB_DISABLED = ("@jupyterlab/apputils-extension:announcements",)
"""Both roles: no "official Jupyter news" pop-up (and nothing fetched from the web)."""
SERVER_PYTHON = Path(__file__).with_name("server_python")
"""Modules the servers import, copied into ROOT/etc/ROLE/python (put on sys.path there)."""
FORMGRADER_EXTENSION = "deepmath_formgrader"
STUDENT_SUBMIT = "deepmath_exchange.PrivateExchangeSubmit"
INSTRUCTOR_COLLECT = "deepmath_exchange.NoLinkExchangeCollect"
INSTRUCTOR_CSP = "frame-ancestors 'self'"
"""JupyterHub's servers send ``frame-ancestors 'none'``, which blanks the formgrader: JupyterLab
shows it in an iframe of the instructor's own server. Instructors' servers only; students'
keep 'none' (see hub_config/README.md, "Who can read what", for what 'self' allows)."""
ASSIGNMENT_LIST = "nbgrader-assignment-list:nbgrader-assignment-list"
"""The layout restorer's key of nbgrader's assignment list (a student's first workspace)."""
TERMINAL_RC = """# Start-up file of JupyterLab terminals on the deepmath hub
# (hub_config/deepmath_hub/provision.py). Jupyter would run `bash -l`, whose /etc/profile
# resets PATH: the role's environment (`deepmath`, `nbgrader`) was "command not found".
# The same login files run here, then the role's environment goes first on PATH again.
[ -r /etc/profile ] && . /etc/profile
for rc in ~/.bash_profile ~/.bash_login ~/.profile; do
  if [ -r "$rc" ]; then . "$rc"; break; fi
done
unset rc
if [ -n "${DEEPMATH_SERVER_ENV:-}" ]; then
  PATH="$DEEPMATH_SERVER_ENV/bin:$PATH"
fi
export PATH
"""

SINGLEUSER = """#!/bin/sh
# A user's Jupyter server, as started by the hub (hub_config/deepmath_hub/provision.py):
# the role's umask (students 077; instructors 002: co-instructors write, and nbgrader
# copies feedback with its mode, so students must be able to read it) and a
# process limit against fork bombs, then jupyterhub-singleuser from the role's environment.
umask "${DEEPMATH_UMASK:-077}"
ulimit -u "${DEEPMATH_NPROC:-4096}" 2>/dev/null || true
exec "$DEEPMATH_SERVER_ENV/bin/jupyterhub-singleuser" "$@"
"""


@dataclass
class Layout:
    """What provisioning found and made: the roster, the owners, the new passwords."""

    members: list[Member]
    primary: str
    """The first instructor of the roster: owns the course directory and the exchange's."""
    new_passwords: dict[str, str] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    gpus: list[str] = field(default_factory=list)

    def usernames(self, role: str | None = None) -> list[str]:
        return [m.username for m in self.members if role is None or m.role == role]


def provision(s: HubSettings, gpus: list[str] | None = None) -> Layout:
    """Settings go in; accounts, directories, config and kernels exist (idempotent)."""
    members = read_roster(s.roster)
    primary = next(m.username for m in members if m.role == "instructor")
    layout = Layout(members=members, primary=primary)
    _accounts(s, layout)
    _directories(s)
    _course(s, layout)
    _exchange(s, layout)
    _role_config(s)
    _landing(s, layout)
    if gpus is None:
        gpus = kernels.detect_gpus() if s.gpu == "auto" else []
    layout.gpus = gpus
    kernels.write_kernelspecs(s.data_dir, s.environment_prefixes(), Path(s.gpu_env), gpus)
    return layout


def _accounts(s: HubSettings, layout: Layout) -> None:
    groups = {role: s.group(role) for role in ("instructor", "student")}
    for group in groups.values():
        accounts.ensure_group(group)
    # Instructors also join the group that may read the grader's env (reference/ inside).
    env_group = _group_of(Path(s.instructor_env))
    for m in layout.members:
        other = groups["student" if m.role == "instructor" else "instructor"]
        extra = [env_group] if m.role == "instructor" and env_group else []
        password = accounts.ensure_account(m, [groups[m.role], *extra], drop=[other])
        if password:
            layout.new_passwords[m.username] = password
    layout.passwords = accounts.record_passwords(s.passwords_file, layout.new_passwords)


def _group_of(path: Path) -> str | None:
    try:
        return grp.getgrgid(path.stat().st_gid).gr_name if path.stat().st_gid else None
    except (FileNotFoundError, KeyError):
        return None


def _mkdir(path: Path, mode: int, user: str = "root", group: str = "root") -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid)
    os.chmod(path, mode)


def _directories(s: HubSettings) -> None:
    _mkdir(Path(s.root), 0o755)
    _mkdir(s.state_dir, 0o700)
    _mkdir(s.bin_dir, 0o755)
    wrapper = s.bin_dir / "deepmath-singleuser"
    wrapper.write_text(SINGLEUSER)
    wrapper.chmod(0o755)
    _mkdir(Path(s.root) / "share", 0o755)
    _mkdir(s.data_dir, 0o755)
    _mkdir(Path(s.root) / "etc", 0o755)


def _course(s: HubSettings, layout: Layout) -> None:
    """The repository's course goes in, an instructors-only working copy comes out."""
    course, group = s.course_dir, s.group("instructor")
    _mkdir(course, 0o2770, layout.primary, group)
    src = Path(s.course_source)
    if src.is_dir():
        shutil.copytree(src, course, dirs_exist_ok=True,
                        ignore=lambda d, names: [n for n in names if n in GENERATED])
    config = src / "nbgrader_config.py"
    text = config.read_text() if config.is_file() else "c = get_config()  # noqa: F821\n"
    (course / "nbgrader_config.py").write_text(
        f"{text.rstrip()}\n\n{HUB_BLOCK}\n{_exchange_config(s, instructor=True)}")
    write_roster(layout.members, course / "roster.csv")
    for name in layout.usernames("instructor"):
        entry = pwd.getpwnam(name)
        link = Path(entry.pw_dir) / COURSE_LINK
        if not link.is_symlink() or os.readlink(link) != str(course):
            link.unlink(missing_ok=True)
            link.symlink_to(course)
            os.lchown(link, entry.pw_uid, entry.pw_gid)
    uid, gid = pwd.getpwnam(layout.primary).pw_uid, grp.getgrnam(group).gr_gid
    for path in [course, *course.rglob("*")]:
        if path.is_symlink():
            continue
        os.chown(path, uid, gid)
        # The top directory (2770) keeps others out; inside, files stay world-readable
        # because nbgrader copies feedback and releases with the modes they have here.
        mode = path.stat().st_mode & 0o7777
        os.chmod(path, (mode | 0o2770) & 0o2775 if path.is_dir() else mode | 0o660)
    os.chmod(course, 0o2770)


def _exchange_config(s: HubSettings, instructor: bool, course_root: bool = False) -> str:
    lines = [f"c.Exchange.root = {str(s.exchange)!r}",
             f"c.CourseDirectory.course_id = {s.course_id!r}"]
    if instructor:
        lines.append("c.CourseDirectory.groupshared = True")
    if course_root:
        # The formgrader wants the course inside the server's root (the home): each
        # instructor has ~/COURSE_LINK -> ROOT/course, and nbgrader is pointed at the link.
        lines += ["import os  # noqa: E402",
                  f"c.CourseDirectory.root = os.path.expanduser({'~/' + COURSE_LINK!r})"]
    return "\n".join(lines) + "\n"


def _exchange(s: HubSettings, layout: Layout) -> None:
    group = s.group("instructor")
    _mkdir(s.exchange, 0o1777)
    course = s.exchange / s.course_id
    _mkdir(course, 0o2775, layout.primary, group)
    _mkdir(course / "outbound", 0o2775, layout.primary, group)
    _mkdir(course / "inbound", 0o2773, layout.primary, group)
    _mkdir(course / "feedback", 0o2771, layout.primary, group)


def _on_sys_path(path: Path, noqa: str = "") -> str:
    """Config-file lines that make ``path``'s modules importable (once: configs reload)."""
    return (f"import sys{noqa}\n\nif {str(path)!r} not in sys.path:\n"
            f"    sys.path.insert(0, {str(path)!r})\n")


def terminal_command(s: HubSettings) -> list[str]:
    """The shell of a JupyterLab terminal: interactive bash reading TERMINAL_RC."""
    return ["/bin/bash", "--rcfile", str(Path(s.root) / "etc" / "terminal.bashrc"), "-i"]


def _role_config(s: HubSettings) -> None:
    cull = {"cull_idle_timeout": int(s.cull_idle), "cull_interval": int(s.cull_every),
            "cull_connected": False}
    student, instructor = s.config_dir("student"), s.config_dir("instructor")
    _mkdir(student, 0o755)
    _mkdir(student / "labconfig", 0o755)
    _mkdir(instructor, 0o750, group=s.group("instructor"))
    _mkdir(instructor / "labconfig", 0o755)
    _write(Path(s.root) / "etc" / "terminal.bashrc", TERMINAL_RC)
    for role, module in ((student, "deepmath_exchange"), (instructor, FORMGRADER_EXTENSION),
                         (instructor, "deepmath_exchange")):
        _mkdir(role / "python", 0o755)
        _write(role / "python" / f"{module}.py", (SERVER_PYTHON / f"{module}.py").read_text())
    on_path = _on_sys_path(student / "python", "  # noqa: E402")
    _write(student / "nbgrader_config.py",
           "c = get_config()  # noqa: F821\n" + _exchange_config(s, instructor=False)
           + on_path + f"c.ExchangeFactory.submit = {STUDENT_SUBMIT!r}\n")
    _write(instructor / "nbgrader_config.py",
           "c = get_config()  # noqa: F821\n"
           + _exchange_config(s, instructor=True, course_root=True)
           + _on_sys_path(instructor / "python", "  # noqa: E402")
           + f"c.ExchangeFactory.collect = {INSTRUCTOR_COLLECT!r}\n")
    # Loaded before the extensions are imported: the formgrader's Autograde handler.
    _write(instructor / "jupyter_server_config.py", _on_sys_path(instructor / "python"))
    common = {"MappingKernelManager": cull,
              # extensions come with the environment; nobody installs them from the UI;
              # no news feed nor update check from the web
              "LabApp": {"extension_manager": "readonly", "news_url": None,
                         "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}}
    terminals = {"terminado_settings": {"shell_command": terminal_command(s)}}
    _write(student / "jupyter_server_config.json", json.dumps({
        "ServerApp": {"jpserver_extensions": {name: False for name in STUDENT_SERVER_DISABLED},
                      **terminals},
        **common}, indent=1))
    _write(instructor / "jupyter_server_config.json", json.dumps({
        "ServerApp": {"jpserver_extensions": {FORMGRADER_EXTENSION: True},
                      "tornado_settings": {"headers": {
                          "Content-Security-Policy": INSTRUCTOR_CSP}},
                      **terminals},
        **common}, indent=1))
    _write(student / "labconfig" / "page_config.json", json.dumps(
        {"disabledExtensions": {name: True for name in STUDENT_LAB_DISABLED + LAB_DISABLED}},
        indent=1))
    _write(instructor / "labconfig" / "page_config.json", json.dumps(
        {"disabledExtensions": {name: True for name in LAB_DISABLED}}, indent=1))


def first_workspace() -> tuple[str, str]:
    """JupyterLab's default workspace file name, and a workspace that opens the assignment
    list (nbgrader's layout-restorer key): students land there, not on an empty launcher."""
    try:
        from jupyterlab_server.workspaces_handler import WORKSPACE_EXTENSION, slugify
        name = slugify("default") + WORKSPACE_EXTENSION
    except ImportError:  # jupyterlab_server's name for "default" (0.x to 2.x)
        name = "default-37a8.jupyterlab-workspace"
    workspace = {"data": {ASSIGNMENT_LIST: {"data": {}}}, "metadata": {"id": "default"}}
    return name, json.dumps(workspace)


def _landing(s: HubSettings, layout: Layout) -> None:
    """Each student without a JupyterLab workspace yet gets one showing the assignment list.

    Written as the student (a home is theirs: root never follows links in it), and only
    when none exists: a student's own layout is kept."""
    name, workspace = first_workspace()
    script = ('mkdir -p "$1" && cd "$1" && if [ ! -e "$2" ]; then printf %s "$3" > "$2"; fi')
    for member in layout.members:
        if member.role != "student":
            continue
        accounts.run_as(member.username, ["/bin/sh", "-c", script, "sh",
                                          ".jupyter/lab/workspaces", name, workspace],
                        {"PATH": "/usr/bin:/bin"}, timeout=60)


def _write(path: Path, text: str) -> None:
    path.write_text(text if text.endswith("\n") else text + "\n")
    path.chmod(0o644)


def read_layout(s: HubSettings) -> Layout:
    """Settings go in, the roster's layout comes out without touching the system."""
    members = read_roster(s.roster)
    primary = next(m.username for m in members if m.role == "instructor")
    return Layout(members=members, primary=primary)
