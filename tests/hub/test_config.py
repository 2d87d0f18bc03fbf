"""The local hub's pieces, without starting it: roster, settings, kernels, JupyterHub config."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from deepmath_hub import hubconf, kernels, provision
from deepmath_hub.roster import RosterError, read_roster
from deepmath_hub.settings import HUB_CONFIG, REPO, HubSettings

EXAMPLE = HUB_CONFIG / "roster.example.csv"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text)
    return path


# -- roster -----------------------------------------------------------------------------------
def test_example_roster_has_an_instructor_and_students() -> None:
    """Does the shipped roster parse, with one instructor and demo students?"""
    members = read_roster(EXAMPLE)
    roles = [m.role for m in members]
    assert roles.count("instructor") >= 1 and roles.count("student") >= 2


@pytest.mark.parametrize("row, message", [
    ("Root,student,,,", "invalid username"),
    ("root,student,,,", "invalid username"),
    ("al/ice,student,,,", "invalid username"),
    ("alice+x,student,,,", "invalid username"),
    ("alice,teacher,,,", "role must be"),
])
def test_roster_rejects_bad_rows(tmp_path: Path, row: str, message: str) -> None:
    """Is a row that cannot become a safe account refused, naming the line?"""
    path = write(tmp_path, f"username,role,first_name,last_name,email\nprof,instructor,,,\n{row}\n")
    with pytest.raises(RosterError, match=message):
        read_roster(path)


def test_roster_needs_an_instructor_and_unique_names(tmp_path: Path) -> None:
    """Are a roster without instructor and a duplicated username refused?"""
    header = "username,role,first_name,last_name,email\n"
    with pytest.raises(RosterError, match="instructor"):
        read_roster(write(tmp_path, header + "alice,student,,,\n"))
    with pytest.raises(RosterError, match="duplicate"):
        read_roster(write(tmp_path, header + "prof,instructor,,,\nprof,student,,,\n"))


# -- settings ---------------------------------------------------------------------------------
def test_settings_round_trip_through_the_environment() -> None:
    """Do the DEEPMATH_* variables reproduce the settings they came from?"""
    s = HubSettings.from_env({"DEEPMATH_HUB_PORT": "9100", "DEEPMATH_HUB_ROOT": "/tmp/x"})
    assert (s.port_number, s.url) == (9100, "http://127.0.0.1:9100/")
    assert HubSettings.from_env(s.as_env()) == s
    assert s.course_dir == Path("/tmp/x/course") and s.group("student") == "deepmath-students"


# -- kernels ----------------------------------------------------------------------------------
def test_without_gpu_only_the_cpu_kernel_is_offered(tmp_path: Path) -> None:
    """Without a GPU, is the GPU kernel hidden and the GPU hidden from the default kernel?"""
    (tmp_path / "share/kernels" / kernels.GPU_KERNEL).mkdir(parents=True)  # stale one
    specs = kernels.write_kernelspecs(tmp_path / "share", {"base": Path("/env")}, Path("/gpu"),
                                      [])
    assert list(specs) == [kernels.CPU_KERNEL]
    assert not (tmp_path / "share/kernels" / kernels.GPU_KERNEL).exists()
    spec = json.loads((tmp_path / "share/kernels/python3/kernel.json").read_text())
    assert spec["argv"][0] == "/env/bin/python" and spec["env"]["CUDA_VISIBLE_DEVICES"] == ""


def test_each_built_environment_is_a_kernel(tmp_path: Path) -> None:
    """Is each students' environment that is built offered as its own kernel, running it?"""
    tf = tmp_path / "student-env-tf"
    (tf / "bin").mkdir(parents=True)
    (tf / "bin/python").touch()
    envs = {"base": Path("/env"), "tf": tf, "torch": tmp_path / "not-built"}
    specs = kernels.write_kernelspecs(tmp_path / "share", envs, Path("/gpu"), [])
    assert set(specs) == {"python3", "python3-tf"}
    assert specs["python3"]["argv"][0] == "/env/bin/python"  # type: ignore[index]
    assert specs["python3-tf"]["argv"][0] == str(tf / "bin/python")  # type: ignore[index]
    assert specs["python3-tf"]["metadata"]["deepmath"]["environment"] == "tf"  # type: ignore[index]


def test_each_assignment_kernel_is_its_sandbox_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Does every assignment's notebook ask for a kernel the hub offers, running the very
    environment that `deepmath grade` in an instructor's server sandboxes it with?"""
    from autograder.course import Course
    from autograder.notebook_source import kernel_name
    from autograder.sandbox.bwrap import student_env

    s = HubSettings.from_env({"DEEPMATH_STUDENT_ENV": "/opt/x/student-env"})
    spawner = SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name="instructors")]),
                              environment={})
    hubconf.role_environment(spawner, s)
    for key in [k for k in os.environ if k.startswith("DEEPMATH_STUDENT_ENV")]:
        monkeypatch.delenv(key)
    for key, value in spawner.environment.items():  # the instructor's server's environment
        if key.startswith("DEEPMATH_STUDENT_ENV"):
            monkeypatch.setenv(key, value)
    course = Course(REPO / "course")
    assert course.assignments()
    for assignment in course.assignments():
        env = course.environment(assignment)
        assert env in s.environment_prefixes(), f"{assignment}: {env} is not offered"
        assert kernel_name(env) == kernels.kernel_name(env)
        assert student_env(env) == s.environment_prefix(env)
    # the naming convention itself, for an environment no assignment uses yet
    assert student_env("tf") == s.environment_prefix("tf") == Path("/opt/x/student-env-tf")
    assert kernel_name("tf") == kernels.kernel_name("tf") == "python3-tf"


def test_an_environment_has_a_requirements_file() -> None:
    """Does each offered environment but base have student-requirements-NAME.txt (what
    scripts/student_env.sh --NAME installs)?"""
    for name in HubSettings().environment_prefixes():
        suffix = "" if name == "base" else f"-{name}"
        assert (HUB_CONFIG / f"student-requirements{suffix}.txt").is_file(), name


def test_with_a_gpu_the_gpu_kernel_sees_it(tmp_path: Path) -> None:
    """With a GPU, does the GPU kernel name it, see it and use the CUDA env when built?"""
    gpu_env = tmp_path / "gpu-env"
    (gpu_env / "bin").mkdir(parents=True)
    (gpu_env / "bin/python").touch()
    specs = kernels.write_kernelspecs(tmp_path / "share", {"base": Path("/env")}, gpu_env,
                                      ["NVIDIA H100 80GB HBM3"])
    gpu = json.loads((tmp_path / "share/kernels/python3-gpu/kernel.json").read_text())
    assert gpu == specs[kernels.GPU_KERNEL]
    assert gpu["display_name"] == "Python 3 (GPU: NVIDIA H100 80GB HBM3)"
    assert gpu["env"]["CUDA_VISIBLE_DEVICES"] == "0"
    assert gpu["argv"][0] == str(gpu_env / "bin/python")
    assert gpu["metadata"]["deepmath"]["chapters"] == ["ch14", "ch17", "ch18"]
    mode = (tmp_path / "share/kernels/python3-gpu/kernel.json").stat().st_mode
    assert mode & stat.S_IROTH  # every student's server reads it


def test_gpu_detection_reads_nvidia_smi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Does detection list nvidia-smi's GPUs, and find none when it fails or is absent?"""
    fake = tmp_path / "nvidia-smi"
    fake.write_text("#!/bin/sh\necho 'NVIDIA H100 80GB HBM3'\necho 'NVIDIA H100 80GB HBM3'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    assert kernels.detect_gpus() == ["NVIDIA H100 80GB HBM3"] * 2
    fake.write_text("#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n")
    assert kernels.detect_gpus() == []
    assert kernels.detect_gpus("no-such-nvidia-smi") == []


# -- JupyterHub config ----------------------------------------------------------------------
@pytest.fixture
def hub_config() -> tuple[object, HubSettings]:
    from traitlets.config import Config

    s = HubSettings.from_env({"DEEPMATH_HUB_PORT": "8123", "DEEPMATH_HUB_ROOT": "/srv/x"})
    c = Config()
    hubconf.configure(c, s)
    return c, s


def test_hub_uses_pam_the_real_proxy_and_the_roster(hub_config: tuple[object, HubSettings]
                                                    ) -> None:
    """Is the login PAM, limited to the roster, behind the real configurable-http-proxy?"""
    c, s = hub_config
    assert c.JupyterHub.authenticator_class == "pam"  # type: ignore[attr-defined]
    assert c.Authenticator.allowed_users == {m.username for m in read_roster(s.roster)}  # type: ignore[attr-defined]
    python, launcher, *options = c.ConfigurableHTTPProxy.command  # type: ignore[attr-defined]
    assert options == ["--proxy-timeout=300000"]
    assert "configurable_http_proxy.cli" in Path(launcher).read_text()
    help_text = subprocess.run([python, launcher, "--help"], capture_output=True, text=True,
                               check=True).stdout
    assert "--api-port" in help_text
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:8124"  # type: ignore[attr-defined]
    assert (c.JupyterHub.ip, c.JupyterHub.hub_port) == ("127.0.0.1", 8125)  # type: ignore[attr-defined]
    groups = c.JupyterHub.load_groups  # type: ignore[attr-defined]
    assert groups["instructors"]["users"] == ["prof"]


def test_idle_servers_are_culled(hub_config: tuple[object, HubSettings]) -> None:
    """Is jupyterhub-idle-culler a hub service, allowed to stop servers?"""
    c, s = hub_config
    (culler,) = c.JupyterHub.services  # type: ignore[attr-defined]
    assert culler["command"][:3] == [f"{s.hub_env}/bin/python", "-m", "jupyterhub_idle_culler"]
    assert f"--timeout={s.cull_idle}" in culler["command"]
    role = next(r for r in c.JupyterHub.load_roles if r["name"] == "idle-culler")  # type: ignore[attr-defined]
    assert "delete:servers" in role["scopes"]


def test_each_user_has_a_fixed_server_port(hub_config: tuple[object, HubSettings]) -> None:
    """Does each roster member's server get its own port (no random-port race)?"""
    c, s = hub_config
    ports = []
    for m in read_roster(s.roster):
        spawner = SimpleNamespace(user=SimpleNamespace(name=m.username, groups=[]),
                                  environment={}, port=0)
        c.Spawner.pre_spawn_hook(spawner)  # type: ignore[attr-defined]
        ports.append(spawner.port)
    assert len(set(ports)) == len(ports) and min(ports) == s.port_number + 10


def test_students_and_instructors_get_their_own_env(hub_config: tuple[object, HubSettings]
                                                    ) -> None:
    """Does a student's server run from the hub env with the students' config, and an
    instructor's from the grader env with the course?"""
    _, s = hub_config

    def spawn(group: str) -> dict[str, str]:
        spawner = SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=group)]),
                                  environment={})
        hubconf.role_environment(spawner, s)
        return spawner.environment

    student, instructor = spawn("students"), spawn("instructors")
    assert student["PATH"].startswith(f"{s.hub_env}/bin:")
    assert student["JUPYTER_CONFIG_PATH"] == str(s.config_dir("student"))
    assert student["DEEPMATH_UMASK"] == "077" and "DEEPMATH_COURSE_DIR" not in student
    assert instructor["PATH"].startswith(f"{s.instructor_env}/bin:")
    assert instructor["DEEPMATH_COURSE_DIR"] == str(s.course_dir)


def test_the_jupyterhub_config_file_loads() -> None:
    """Does hub_config/jupyterhub_config.py load in JupyterHub's own config loader?"""
    code = ("from traitlets.config.loader import PyFileConfigLoader as L;"
            f"c = L('jupyterhub_config.py', {str(HUB_CONFIG)!r}).load_config();"
            "print(c.JupyterHub.authenticator_class)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "DEEPMATH_HUB_PORT": "8200"})
    assert out.stdout.strip() == "pam"


def test_student_env_script_keeps_its_default() -> None:
    """Does scripts/student_env.sh still build the kernel env by default (the grader's)?"""
    script = (REPO / "scripts" / "student_env.sh").read_text()
    assert 'req="$here/hub_config/student-requirements.txt"' in script
    assert "${DEEPMATH_STUDENT_ENV:-/opt/deepmath/student-env}" in script
    subprocess.run(["bash", "-n", str(REPO / "scripts" / "student_env.sh")], check=True)
    subprocess.run(["bash", "-n", str(REPO / "scripts" / "hub_setup.sh")], check=True)


# -- servers' configuration (provision.py) -----------------------------------------------------
@pytest.fixture
def role_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HubSettings:
    """The per-role Jupyter config written into a scratch root (no chown: not root here)."""
    def mkdir(path: Path, mode: int, user: str = "root", group: str = "root") -> None:
        path.mkdir(parents=True, exist_ok=True)

    monkeypatch.setattr(provision, "_mkdir", mkdir)
    s = HubSettings.from_env({"DEEPMATH_HUB_ROOT": str(tmp_path)})
    provision._role_config(s)
    return s


def read_json(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text()))


def test_only_instructors_servers_may_be_framed_by_their_own_pages(role_config: HubSettings
                                                                  ) -> None:
    """Does the instructors' server let its own pages frame it (the formgrader's iframe),
    while students' servers keep JupyterHub's frame-ancestors 'none'?"""
    s = role_config
    instructor = read_json(s.config_dir("instructor") / "jupyter_server_config.json")
    headers = instructor["ServerApp"]["tornado_settings"]["headers"]
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    student = read_json(s.config_dir("student") / "jupyter_server_config.json")
    assert "tornado_settings" not in student["ServerApp"]


def test_formgrader_autograde_and_feedback_are_deepmaths(role_config: HubSettings) -> None:
    """Is the extension that reroutes ⚡ Autograde enabled for instructors, importable from
    their config, and loaded before nbgrader's formgrader (name order)?"""
    s = role_config
    instructor = read_json(s.config_dir("instructor") / "jupyter_server_config.json")
    extensions = instructor["ServerApp"]["jpserver_extensions"]
    assert extensions == {"deepmath_formgrader": True}
    assert sorted([*extensions, "nbgrader.server_extensions.formgrader"])[0] in extensions
    module = s.config_dir("instructor") / "python" / "deepmath_formgrader.py"
    assert str(module.parent) in (s.config_dir("instructor") / "jupyter_server_config.py"
                                  ).read_text()
    sys.path.insert(0, str(module.parent))
    try:
        import deepmath_formgrader
    finally:
        sys.path.remove(str(module.parent))
    argv = deepmath_formgrader.grade_command("/c", "ch01", "alice")
    assert argv[1:] == ["--course-dir", "/c", "--lang", "en", "grade", "ch01",
                        "--student", "alice", "--force"]
    assert Path(argv[0]).name == "deepmath"
    # "Generate feedback" (stock nbgrader shows hidden tests) runs deepmath's feedback instead
    argv = deepmath_formgrader.feedback_command("/c", "ch01")
    assert argv[1:] == ["--course-dir", "/c", "--lang", "en", "feedback", "ch01"]
    assert deepmath_formgrader.DeepmathFeedbackHandler is not None
    urls = [u.replace("([^/]+)", "X") for u in deepmath_formgrader.FEEDBACK_URLS]
    assert urls == ["/formgrader/api/assignment/X/generate_feedback",
                    "/formgrader/api/assignment/X/X/generate_feedback"]
    from nbgrader.server_extensions.formgrader.apihandlers import default_handlers
    stock = {url for url, _ in default_handlers}
    assert set(deepmath_formgrader.FEEDBACK_URLS) <= stock  # the URLs nbgrader's buttons call


def test_students_submissions_are_private(role_config: HubSettings, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Does the students' nbgrader submit leave the submission folder 0770, not 0777?"""
    s = role_config
    config = (s.config_dir("student") / "nbgrader_config.py").read_text()
    assert "c.ExchangeFactory.submit = 'deepmath_exchange.PrivateExchangeSubmit'" in config
    inbound = tmp_path / "inbound"
    inbound.mkdir()
    sys.path.insert(0, str(s.config_dir("student") / "python"))
    try:
        from deepmath_exchange import PrivateExchangeSubmit
    finally:
        sys.path.pop(0)
    from nbgrader.exchange.default.submit import ExchangeSubmit

    def stock_copy(self: Any) -> None:  # what nbgrader does: the folder is left 0777
        (inbound / self.assignment_filename).mkdir()
        (inbound / self.assignment_filename).chmod(0o777)

    monkeypatch.setattr(ExchangeSubmit, "copy_files", stock_copy)
    submit = PrivateExchangeSubmit()
    submit.inbound_path, submit.assignment_filename = str(inbound), "alice+ch01+t+r"
    submit.copy_files()
    assert stat.S_IMODE((inbound / "alice+ch01+t+r").stat().st_mode) == 0o770


def test_instructors_collect_never_follows_a_planted_link(role_config: HubSettings,
                                                         tmp_path: Path) -> None:
    """Does the instructors' nbgrader collect leave out symbolic links a student planted in
    their inbound folder (stock collect follows them as the instructor: a link to the course's
    source notebook would be copied into submitted/ and graded)?"""
    s = role_config
    config = (s.config_dir("instructor") / "nbgrader_config.py").read_text()
    assert "c.ExchangeFactory.collect = 'deepmath_exchange.NoLinkExchangeCollect'" in config
    assert (s.config_dir("instructor") / "python" / "deepmath_exchange.py").is_file()
    sys.path.insert(0, str(s.config_dir("instructor") / "python"))
    try:
        from deepmath_exchange import NoLinkExchangeCollect
    finally:
        sys.path.pop(0)
    from nbgrader.coursedir import CourseDirectory

    master = tmp_path / "source.ipynb"
    master.write_text("BEGIN SOLUTION")
    src, dest = tmp_path / "inbound" / "alice+ch01", tmp_path / "submitted" / "alice" / "ch01"
    src.mkdir(parents=True)
    (src / "ch01.ipynb").symlink_to(master)
    (src / "notes.txt").write_text("mine")
    collect = NoLinkExchangeCollect(coursedir=CourseDirectory())
    collect.do_copy(str(src), str(dest))
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]
    from nbgrader.exchange.default import exchange
    assert exchange.ignore_patterns.__module__.startswith("nbgrader")  # put back


def test_no_news_pop_up_and_students_land_on_the_assignment_list(role_config: HubSettings
                                                                 ) -> None:
    """Is JupyterLab's news plugin off for both roles, and is a student's first workspace
    the assignment list (JupyterLab's own name for the default workspace)?"""
    s = role_config
    for role in ("student", "instructor"):
        page = read_json(s.config_dir(role) / "labconfig" / "page_config.json")
        assert page["disabledExtensions"]["@jupyterlab/apputils-extension:announcements"]
        server = read_json(s.config_dir(role) / "jupyter_server_config.json")
        assert server["LabApp"]["news_url"] is None
    from jupyterlab_server.workspaces_handler import WORKSPACE_EXTENSION, slugify

    name, workspace = provision.first_workspace()
    assert name == slugify("default") + WORKSPACE_EXTENSION
    assert "nbgrader-assignment-list:nbgrader-assignment-list" in json.loads(workspace)["data"]


def test_terminals_keep_the_roles_environment_first(role_config: HubSettings,
                                                    tmp_path: Path) -> None:
    """Does a JupyterLab terminal (a login shell's files, then ours) find the role's
    `deepmath` and `nbgrader`, where `bash -l` (Jupyter's default) resets PATH?"""
    s = role_config
    env_bin = tmp_path / "instructor-env" / "bin"
    env_bin.mkdir(parents=True)
    for tool in ("deepmath", "nbgrader"):
        (env_bin / tool).write_text("#!/bin/sh\necho ok\n")
        (env_bin / tool).chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".profile").write_text('PATH="$HOME/bin:/usr/bin:/bin"\n')  # a user's own file
    environ = {"HOME": str(home), "PATH": f"{env_bin}:/usr/bin:/bin", "TERM": "dumb",
               "DEEPMATH_SERVER_ENV": str(env_bin.parent)}
    server = read_json(s.config_dir("instructor") / "jupyter_server_config.json")
    shell = server["ServerApp"]["terminado_settings"]["shell_command"]
    assert shell == provision.terminal_command(s)
    probe = "command -v deepmath nbgrader"
    stock = subprocess.run(["/bin/bash", "-l", "-c", probe], env=environ, capture_output=True,
                           text=True, check=False)
    assert str(env_bin) not in stock.stdout  # what teachers saw: "command not found"
    done = subprocess.run([*shell, "-c", probe], env=environ, capture_output=True, text=True,
                          check=False, stdin=subprocess.DEVNULL)
    assert done.stdout.split() == [str(env_bin / "deepmath"), str(env_bin / "nbgrader")], (
        done.stdout + done.stderr)
