"""What ``jupyterhub_config.py`` sets: one function, so that tests can read it back.

- Login: PAM (the Unix accounts of the roster); only roster members are allowed.
- Proxy: the real configurable-http-proxy (PyPI build, run by proxy.py with a bigger pool).
- Servers: LocalProcessSpawner, one process per user running as that user, from the role's
  environment (students: the world-readable hub env; instructors: the env with the grader).
- Roles: hub groups ``instructors`` and ``students`` mirror the roster; instructors may see the
  admin page and stop students' servers, never enter them.
- Culling: jupyterhub-idle-culler as a hub service stops servers idle for ``cull_idle`` s;
  inside each server, idle kernels are culled too (provision.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .provision import read_layout
from .settings import HubSettings

BASE_PATH = "/usr/local/bin:/usr/bin:/bin"
USER_PORT_OFFSET = 10
"""Users' servers listen on 127.0.0.1:port+10+i, i their row in the roster."""


def configure(c: Any, s: HubSettings) -> None:
    """A JupyterHub config object and settings go in; ``c`` is filled in."""
    layout = read_layout(s)
    state, port = s.state_dir, s.port_number
    c.JupyterHub.ip = s.ip
    c.JupyterHub.port = port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = port + 2
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True
    # The PyPI proxy gives up on the hub after 20 s by default: a class spawning at once on a
    # small machine keeps the hub busier than that (bench/hub_bench.py, N = 50).
    c.ConfigurableHTTPProxy.command = [sys.executable, str(Path(__file__).with_name("proxy.py")),
                                       "--proxy-timeout=300000"]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 1}"
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.open_sessions = False
    c.Authenticator.allowed_users = set(layout.usernames())
    c.Authenticator.admin_users = set()
    c.JupyterHub.load_groups = {
        "instructors": {"users": layout.usernames("instructor")},
        "students": {"users": layout.usernames("student")},
    }
    c.JupyterHub.load_roles = [
        {"name": "instructor", "groups": ["instructors"],
         "scopes": ["self", "admin-ui", "list:users", "read:users", "read:groups",
                    "read:servers", "servers!group=students"]},
        {"name": "idle-culler", "services": ["idle-culler"],
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
    ]
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [str(Path(s.hub_env) / "bin" / "python"), "-m", "jupyterhub_idle_culler",
                    f"--timeout={s.cull_idle}", f"--cull-every={s.cull_every}"],
    }]
    c.JupyterHub.template_vars = {"announcement_login": (
        "Deepmath: log in with your course account (Unix login and password).")}

    c.Spawner.cmd = [str(s.bin_dir / "deepmath-singleuser")]
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    c.Spawner.http_timeout = 300  # 50 servers starting at once on 2 cores take minutes
    c.Spawner.start_timeout = 600
    ports = {name: port + USER_PORT_OFFSET + i for i, name in enumerate(layout.usernames())}

    def pre_spawn(spawner: Any) -> None:
        role_environment(spawner, s)
        # A fixed port per person: LocalProcessSpawner's random ports race when a class
        # spawns at once (two servers drew the same port, and the hub routed one person to
        # the other's server: bench/hub_bench.py, N = 25).
        spawner.port = ports[spawner.user.name]

    c.Spawner.pre_spawn_hook = pre_spawn


def role_environment(spawner: Any, s: HubSettings) -> None:
    """A spawner goes in; its environment is the role's (env, config, course, umask)."""
    groups = {g.name for g in spawner.user.groups}
    instructor = "instructors" in groups
    env = Path(s.instructor_env if instructor else s.hub_env)
    spawner.environment.update({
        "PATH": f"{env / 'bin'}:{BASE_PATH}",
        "SHELL": "/bin/bash",
        "DEEPMATH_SERVER_ENV": str(env),
        "DEEPMATH_UMASK": "002" if instructor else "077",
        "DEEPMATH_NPROC": s.nproc,
        "JUPYTER_CONFIG_PATH": str(s.config_dir("instructor" if instructor else "student")),
        "JUPYTER_PATH": str(s.data_dir),
    })
    if instructor:
        spawner.environment.update({"DEEPMATH_COURSE_DIR": str(s.course_dir)})
        # per assignment's environment, the sandbox runs what the students' kernel runs
        spawner.environment.update({
            "DEEPMATH_STUDENT_ENV" + ("" if name == "base" else f"_{name.upper()}"): str(path)
            for name, path in s.environment_prefixes().items()})
