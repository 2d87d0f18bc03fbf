"""The local hub's pieces, without starting it: roster, settings, kernels, JupyterHub config."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from deepmath_hub import hubconf, kernels
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
    specs = kernels.write_kernelspecs(tmp_path / "share", Path("/env"), Path("/gpu"), [])
    assert list(specs) == [kernels.CPU_KERNEL]
    assert not (tmp_path / "share/kernels" / kernels.GPU_KERNEL).exists()
    spec = json.loads((tmp_path / "share/kernels/python3/kernel.json").read_text())
    assert spec["argv"][0] == "/env/bin/python" and spec["env"]["CUDA_VISIBLE_DEVICES"] == ""


def test_with_a_gpu_the_gpu_kernel_sees_it(tmp_path: Path) -> None:
    """With a GPU, does the GPU kernel name it, see it and use the CUDA env when built?"""
    gpu_env = tmp_path / "gpu-env"
    (gpu_env / "bin").mkdir(parents=True)
    (gpu_env / "bin/python").touch()
    specs = kernels.write_kernelspecs(tmp_path / "share", Path("/env"), gpu_env,
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
