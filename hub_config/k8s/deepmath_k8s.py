"""Hub-side config of the Kubernetes deployment: the chart's ``hub.extraConfig``.

Installed with ``--set-file hub.extraConfig.10-deepmath=hub_config/k8s/deepmath_k8s.py`` (see
README.md); the Zero to JupyterHub chart runs it at the end of its ``jupyterhub_config.py``,
with ``c`` already holding the chart's settings (KubeSpawner, profile list, culler).

What it adds, from the roster mounted by ``hub.extraFiles.roster``:

- only roster members may log in; hub groups ``instructors``/``students`` and the instructor role;
- a stable uid per person (``uid_for``), so that the shared nbgrader exchange volume keeps the
  Unix permissions that isolate students on the local hub (same uid for all pods would let any
  student read and delete every submission);
- the "Instructor" profile offered to instructors only, and the course volume (gradebook,
  sources, hidden tests) mounted in instructors' pods only, with the instructors' gid.

Also a tiny CLI for the admin: ``python deepmath_k8s.py uid prof`` prints prof's uid (the owner
to give the exchange in ``exchange.yaml``).
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
from typing import Any

ROSTER = os.environ.get("DEEPMATH_ROSTER", "/usr/local/etc/deepmath/roster.csv")
COURSE_CLAIM = "deepmath-course"
COURSE_MOUNT = "/home/jovyan/deepmath-course"  # inside the home: the formgrader requires it
INSTRUCTOR_PROFILE = "instructor"
INSTRUCTOR_GID = 2000
STUDENT_GID = 100
UID_BASE, UID_SPAN = 100_000, 2**30  # 32-bit uids, collisions ~n²/2^31


def read_roster(path: str) -> dict[str, str]:
    """Roster CSV goes in (username,role,...), ``{username: role}`` comes out."""
    with open(path, newline="", encoding="utf-8") as fh:
        roles = {row["username"].strip(): row["role"].strip() for row in csv.DictReader(fh)}
    bad = {name: role for name, role in roles.items() if role not in ("instructor", "student")}
    if bad:
        raise ValueError(f"{path}: unknown roles {bad}")
    return roles


def uid_for(username: str) -> int:
    """Username goes in, its pods' uid comes out: stable across restarts and roster edits."""
    digest = hashlib.sha256(username.encode()).hexdigest()
    return UID_BASE + int(digest, 16) % UID_SPAN


def uids(roster: dict[str, str]) -> dict[str, int]:
    """Roster goes in, ``{username: uid}`` comes out; a collision stops the hub."""
    table = {name: uid_for(name) for name in roster}
    if len(set(table.values())) != len(table):
        raise ValueError("two roster members hash to the same uid: rename one")
    return table


def is_instructor(spawner: Any, roster: dict[str, str]) -> bool:
    return roster.get(spawner.user.name) == "instructor"


def add_course_volume(spawner: Any, pod: Any, roster: dict[str, str]) -> Any:
    """KubeSpawner's modify_pod_hook: instructors' pods get the course volume and env."""
    if not is_instructor(spawner, roster):
        return pod
    from kubernetes_asyncio.client.models import (
        V1EnvVar,
        V1PersistentVolumeClaimVolumeSource,
        V1Volume,
        V1VolumeMount,
    )

    pod.spec.volumes = [*(pod.spec.volumes or []), V1Volume(
        name="deepmath-course",
        persistent_volume_claim=V1PersistentVolumeClaimVolumeSource(claim_name=COURSE_CLAIM))]
    container = pod.spec.containers[0]
    container.volume_mounts = [*(container.volume_mounts or []),
                               V1VolumeMount(name="deepmath-course", mount_path=COURSE_MOUNT)]
    container.env = [*(container.env or []),
                     V1EnvVar(name="DEEPMATH_COURSE_DIR", value=COURSE_MOUNT)]
    return pod


def configure(c: Any, roster: dict[str, str]) -> None:
    """Config object and roster go in; logins, roles, uids, profiles and volumes are set."""
    table = uids(roster)
    instructors = sorted(n for n, r in roster.items() if r == "instructor")
    students = sorted(n for n, r in roster.items() if r == "student")
    c.Authenticator.allowed_users = set(roster)
    c.JupyterHub.load_groups = {"instructors": {"users": instructors},
                                "students": {"users": students}}
    c.JupyterHub.load_roles.append({
        "name": "instructor", "groups": ["instructors"],
        "scopes": ["self", "admin-ui", "list:users", "read:users", "read:groups",
                   "read:servers", "servers!group=students"]})
    c.KubeSpawner.uid = lambda spawner: table[spawner.user.name]
    c.KubeSpawner.fs_gid = STUDENT_GID
    c.KubeSpawner.supplemental_gids = (
        lambda spawner: [INSTRUCTOR_GID] if is_instructor(spawner, roster) else [])
    chart_profiles = c.KubeSpawner.profile_list  # singleuser.profileList, set by the chart
    profiles = list(chart_profiles) if isinstance(chart_profiles, list) else []
    c.KubeSpawner.profile_list = lambda spawner: [
        p for p in profiles
        if p.get("slug") != INSTRUCTOR_PROFILE or is_instructor(spawner, roster)]
    c.KubeSpawner.modify_pod_hook = lambda spawner, pod: add_course_volume(spawner, pod, roster)


if "get_config" in globals():  # run by the chart's jupyterhub_config.py
    configure(get_config(), read_roster(ROSTER))  # noqa: F821
elif __name__ == "__main__" and sys.argv[1:2] == ["uid"]:
    for name in sys.argv[2:]:
        print(name, uid_for(name))
