"""The Kubernetes deployment, checked without a cluster (issue 4, item 4).

- ``values.yaml`` (plus what the documented ``--set-file`` flags add) validates against the
  Zero to JupyterHub chart's own ``values.schema.yaml``, merged over the chart's defaults.
- The GPU profile's pod is rendered by KubeSpawner's own ``get_pod_manifest``: it must ask for
  ``nvidia.com/gpu: 1`` and land on GPU nodes. The instructor profile and the course volume
  are for instructors only; every person runs under their own uid.
"""

from __future__ import annotations

import asyncio
import copy
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.k8s

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "hub_config" / "k8s"
VENDOR = K8S / "chart-4.4.0"  # the chart's values.schema.yaml and defaults, vendored (BSD-3)
CHART_VERSION = "4.4.0"


def deep_merge(base: Any, over: Any) -> Any:
    """Helm's merge of a values file over the chart's defaults (maps merge, the rest replaces)."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = deep_merge(base.get(key), value) if key in base else value
        return merged
    return copy.deepcopy(over)


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    """Our values as installed: the file plus the README's --set-file flags."""
    ours = yaml.safe_load((K8S / "values.yaml").read_text())
    ours["hub"].setdefault("extraConfig", {})["10-deepmath"] = (
        K8S / "deepmath_k8s.py").read_text()
    ours["hub"]["extraFiles"]["roster"]["stringData"] = (
        REPO / "hub_config" / "roster.example.csv").read_text()
    ours["hub"]["config"]["GenericOAuthenticator"]["client_secret"] = "s3cret"
    return dict(ours)


@pytest.fixture(scope="module")
def k8s_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("deepmath_k8s", K8S / "deepmath_k8s.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_values_validate_against_the_chart_schema(values: dict[str, Any]) -> None:
    """Do our values, merged over the chart's defaults, satisfy the chart's schema?"""
    jsonschema = pytest.importorskip("jsonschema")
    schema = yaml.safe_load((VENDOR / "values.schema.yaml").read_text())
    defaults = yaml.safe_load((VENDOR / "values.yaml").read_text())
    merged = deep_merge(defaults, values)
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(merged), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_schema_rejects_a_broken_values_file(values: dict[str, Any]) -> None:
    """Is the schema check able to fail (a typo in a key is caught)?"""
    jsonschema = pytest.importorskip("jsonschema")
    schema = yaml.safe_load((VENDOR / "values.schema.yaml").read_text())
    broken = deep_merge(values, {"singleuser": {"memroy": {"limit": "3G"}}})
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_chart_version_is_pinned() -> None:
    """Do the install instructions pin the chart version?"""
    for doc in (K8S / "values.yaml", REPO / "hub_config" / "README.md"):
        text = doc.read_text()
        assert f"--version {CHART_VERSION}" in text, doc


def test_student_image_has_no_grader_or_solutions() -> None:
    """Does the students' Dockerfile leave reference/, autograder/ and course/ out?"""
    copies = [line for line in (K8S / "Dockerfile.student").read_text().splitlines()
              if line.startswith("COPY") or line.startswith("     hub_config")]
    assert copies
    for line in copies:
        assert not re.search(r"\b(reference|autograder|course|pyproject)\b", line), line
    grader = (K8S / "Dockerfile.grader").read_text()
    assert "COPY reference reference" in grader and "COPY autograder autograder" in grader


# -- KubeSpawner's own rendering --------------------------------------------------------------
def kubespawner_config(values: dict[str, Any]) -> Any:
    """The chart's singleuser values, mapped to KubeSpawner traits as z2jh's config does."""
    from traitlets.config import Config

    single = values["singleuser"]
    c = Config()
    ks = c.KubeSpawner
    ks.image = f"{single['image']['name']}:{single['image']['tag']}"
    ks.cpu_limit = float(single["cpu"]["limit"])
    ks.cpu_guarantee = float(single["cpu"]["guarantee"])
    ks.mem_limit = single["memory"]["limit"]
    ks.mem_guarantee = single["memory"]["guarantee"]
    ks.uid = single["uid"]
    ks.fs_gid = single["fsGid"]
    ks.default_url = single["defaultUrl"]
    ks.cmd = [single["cmd"]]
    ks.environment = dict(single["extraEnv"])
    ks.volumes = list(single["storage"]["extraVolumes"])
    ks.volume_mounts = list(single["storage"]["extraVolumeMounts"])
    ks.profile_list = copy.deepcopy(single["profileList"])
    ks.namespace = "deepmath"
    return c


def roster_of(values: dict[str, Any]) -> dict[str, str]:
    rows = values["hub"]["extraFiles"]["roster"]["stringData"].strip().splitlines()[1:]
    return {row.split(",")[0]: row.split(",")[1] for row in rows}


async def render(values: dict[str, Any], k8s: ModuleType, username: str, profile: str,
                 ) -> tuple[Any, Any]:
    """User and profile go in; KubeSpawner's pod (after our hook) and the spawner come out."""
    from kubespawner import KubeSpawner

    c = kubespawner_config(values)
    k8s.configure(c, roster_of(values))
    user = SimpleNamespace(name=username, id=7, url=f"/user/{username}/",
                           escaped_name=username, groups=[])
    hub = SimpleNamespace(public_host="hub", url="http://hub:8081/hub/",
                          base_url="/", api_url="http://hub:8081/hub/api")
    spawner = KubeSpawner(config=c, _mock=True, user=user, hub=hub)
    spawner.user_options = {"profile": profile}
    await spawner.load_user_options()
    pod = await spawner.get_pod_manifest()
    pod = c.KubeSpawner.modify_pod_hook(spawner, pod)
    return pod, spawner


@pytest.fixture
def kubeconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("kubespawner")
    config = {"apiVersion": "v1", "kind": "Config", "current-context": "x",
              "clusters": [{"name": "x", "cluster": {"server": "https://127.0.0.1:6443"}}],
              "users": [{"name": "x", "user": {"token": "x"}}],
              "contexts": [{"name": "x", "context": {"cluster": "x", "user": "x"}}]}
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(config))
    monkeypatch.setenv("KUBECONFIG", str(path))
    # kubernetes_asyncio reads $KUBECONFIG once, at import: point its default there too.
    from kubernetes_asyncio.config import kube_config

    monkeypatch.setattr(kube_config, "KUBE_CONFIG_DEFAULT_LOCATION", str(path))


def test_gpu_profile_pod_requests_one_gpu(values: dict[str, Any], k8s_module: ModuleType,
                                          kubeconfig: None) -> None:
    """Does KubeSpawner render the GPU profile as a pod with nvidia.com/gpu: 1 on GPU nodes?"""
    pod, _ = asyncio.run(render(values, k8s_module, "alice", "gpu"))
    container = pod.spec.containers[0]
    assert container.resources.limits["nvidia.com/gpu"] == "1"
    assert container.image.endswith("/deepmath/student-gpu:0.1.0")
    assert pod.spec.node_selector == {"nvidia.com/gpu.present": "true"}
    assert any(t.key == "nvidia.com/gpu" and t.effect == "NoSchedule"
               for t in pod.spec.tolerations)
    assert container.resources.limits["memory"] and container.resources.limits["cpu"]


def test_cpu_profile_pod_has_limits_and_no_gpu(values: dict[str, Any], k8s_module: ModuleType,
                                               kubeconfig: None) -> None:
    """Is the default pod CPU-only, limited, mounting the exchange but not the course?"""
    pod, _ = asyncio.run(render(values, k8s_module, "alice", "cpu"))
    container = pod.spec.containers[0]
    assert "nvidia.com/gpu" not in (container.resources.limits or {})
    assert container.resources.limits["cpu"] == "1.0" or float(
        container.resources.limits["cpu"]) == 1.0
    mounts = {m.mount_path for m in container.volume_mounts}
    assert "/srv/nbgrader/exchange" in mounts and k8s_module.COURSE_MOUNT not in mounts
    assert container.security_context["runAsUser"] == k8s_module.uid_for("alice")
    assert container.security_context["allowPrivilegeEscalation"] is False


def test_students_cannot_pick_the_instructor_profile(values: dict[str, Any],
                                                     k8s_module: ModuleType,
                                                     kubeconfig: None) -> None:
    """Is the instructor profile (grader image, course volume) refused to a student?"""
    with pytest.raises(Exception, match="instructor"):
        asyncio.run(render(values, k8s_module, "alice", "instructor"))


def test_instructor_pod_gets_the_course_and_its_group(values: dict[str, Any],
                                                      k8s_module: ModuleType,
                                                      kubeconfig: None) -> None:
    """Does an instructor's pod run the grader image with the course volume and gid 2000?"""
    pod, _ = asyncio.run(render(values, k8s_module, "prof", "instructor"))
    container = pod.spec.containers[0]
    assert container.image.endswith("/deepmath/grader:0.1.0")
    assert k8s_module.COURSE_MOUNT in {m.mount_path for m in container.volume_mounts}
    assert k8s_module.INSTRUCTOR_GID in pod.spec.security_context["supplementalGroups"]
    assert container.security_context["runAsUser"] == k8s_module.uid_for("prof")
    assert "DEEPMATH_COURSE_DIR" in {e.name for e in container.env}


def test_uids_are_stable_and_distinct(k8s_module: ModuleType) -> None:
    """Does each person keep one uid, distinct from others and from the image's 1000?"""
    names = [f"student{i}" for i in range(2000)]
    table = k8s_module.uids({n: "student" for n in names})
    assert len(set(table.values())) == len(names)
    assert all(uid >= k8s_module.UID_BASE for uid in table.values())
    assert k8s_module.uid_for("alice") == k8s_module.uid_for("alice")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))


def test_dask_workers_can_run_bubblewrap_and_reach_the_scheduler(k8s_module: ModuleType
                                                                 ) -> None:
    """dask-workers.yaml (issue 14): a scheduler and its Service, workers in the grader image
    pointed at that Service, with what bubblewrap needs in a pod (seccomp and AppArmor
    Unconfined: user namespaces and mounts) and nothing more (non-root, no capability, no
    privilege escalation), the course read-only where the instructors' pods have it."""
    docs = list(yaml.safe_load_all((K8S / "dask-workers.yaml").read_text()))
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    service = by_name[("Service", "deepmath-dask-scheduler")]
    port = service["spec"]["ports"][0]["port"]
    scheduler = by_name[("Deployment", "deepmath-dask-scheduler")]
    assert scheduler["spec"]["template"]["metadata"]["labels"].items() >= \
        service["spec"]["selector"].items()
    worker = by_name[("Deployment", "deepmath-dask-worker")]
    spec = worker["spec"]
    assert spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items()
    pod = spec["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["containers"]
    assert container["image"].startswith("deepmath/grader")
    assert container["command"][:3] == ["dask", "worker", f"tcp://deepmath-dask-scheduler:{port}"]
    ctx = container["securityContext"]
    assert ctx["allowPrivilegeEscalation"] is False and ctx["capabilities"] == {"drop": ["ALL"]}
    assert ctx["seccompProfile"] == {"type": "Unconfined"}
    assert ctx["appArmorProfile"] == {"type": "Unconfined"}
    assert "privileged" not in ctx
    mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
    assert mounts[k8s_module.COURSE_MOUNT]["readOnly"] is True
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["DEEPMATH_WORKER_COURSE_DIR"] == k8s_module.COURSE_MOUNT
    assert container["resources"]["limits"]["memory"]
