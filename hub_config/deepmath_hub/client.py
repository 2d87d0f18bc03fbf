"""A student's (or instructor's) session on the hub, over HTTP only: what a browser does.

Used by the end-to-end tests and by ``bench/hub_bench.py``; handy for a smoke test too::

    s = HubSession("http://127.0.0.1:8000/", "alice", "secret")
    s.login(); s.start_server(); s.open_lab()
    s.fetch("deepmath", "ch01"); ...; s.submit("deepmath", "ch01")
"""

from __future__ import annotations

import re
import time
from typing import Any

import requests


def _message(r: requests.Response) -> str:
    """The error's message, from a JSON answer or the text of an HTML error page."""
    try:
        return str(r.json().get("message"))
    except ValueError:
        text = re.sub(r"<[^>]+>", " ", r.text)
        return " ".join(text.split())[:300]


class HubError(RuntimeError):
    """The hub or the user's server answered something unexpected."""


class HubSession:
    """One user's cookies on the hub and on their own server."""

    def __init__(self, base_url: str, username: str, password: str, timeout: float = 60) -> None:
        self.base = base_url.rstrip("/")
        self.username = username
        self.password = password
        self.timeout = timeout
        self.http = requests.Session()
        self.hub_xsrf = ""

    # -- hub ------------------------------------------------------------------------------
    def _xsrf(self, path: str) -> str:
        """The ``_xsrf`` cookie that applies to ``path`` (hub or user server)."""
        matches = [c for c in self.http.cookies
                   if c.name == "_xsrf" and path.startswith(c.path or "/")]
        best = max(matches, key=lambda c: len(c.path or "/"), default=None)
        return best.value or "" if best else ""

    def login(self) -> None:
        """Username and password go to /hub/login (PAM checks them); cookies come back."""
        self.http.get(f"{self.base}/hub/login", timeout=self.timeout).raise_for_status()
        r = self.http.post(f"{self.base}/hub/login", allow_redirects=False, timeout=self.timeout,
                           data={"username": self.username, "password": self.password,
                                 "_xsrf": self._xsrf("/hub/")})
        if r.status_code != 302:
            raise HubError(f"login of {self.username} refused: HTTP {r.status_code}")
        # The hub's xsrf token is tied to the logged-in session: read it as the page's JS does.
        home = self.http.get(f"{self.base}/hub/home", timeout=self.timeout).text
        found = re.search(r'xsrf_token: "([^"]+)"', home)
        if not found:
            raise HubError(f"no xsrf token on the home page of {self.username}")
        self.hub_xsrf = found.group(1)

    def hub_api(self, method: str, path: str, **kw: Any) -> requests.Response:
        headers = {"X-XSRFToken": self.hub_xsrf, "Content-Type": "application/json"}
        return self.http.request(method, f"{self.base}/hub/api/{path}", headers=headers,
                                 data=kw.pop("data", "{}" if method != "GET" else None),
                                 timeout=self.timeout, **kw)

    def start_server(self, timeout: float = 180) -> float:
        """Ask the hub for our server and wait until it is ready; seconds taken come out."""
        start = time.monotonic()
        r = self.hub_api("POST", f"users/{self.username}/server")
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise HubError(f"spawn of {self.username}: HTTP {r.status_code} {_message(r)}")
        while time.monotonic() - start < timeout:
            model = self.hub_api("GET", f"users/{self.username}").json()
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return time.monotonic() - start
            if not server and not model.get("pending"):
                raise HubError(f"server of {self.username} failed to start")
            time.sleep(0.25)
        raise HubError(f"server of {self.username} not ready after {timeout} s")

    def stop_server(self) -> None:
        r = self.hub_api("DELETE", f"users/{self.username}/server")
        if r.status_code not in (202, 204, 400):
            raise HubError(f"stop of {self.username}: HTTP {r.status_code}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            model = self.hub_api("GET", f"users/{self.username}").json()
            if not model.get("servers") and not model.get("pending"):
                return
            time.sleep(0.25)

    # -- the user's own server ----------------------------------------------------------
    @property
    def user_prefix(self) -> str:
        return f"/user/{self.username}/"

    def open_lab(self) -> None:
        """GET /user/NAME/lab: follows the OAuth dance that gives the server's cookie."""
        r = self.http.get(f"{self.base}{self.user_prefix}lab", timeout=self.timeout)
        if r.status_code != 200 or "jupyter-config-data" not in r.text:
            raise HubError(f"lab of {self.username}: HTTP {r.status_code}")

    def user(self, method: str, path: str, **kw: Any) -> requests.Response:
        """A request to our own server (``path`` below /user/NAME/)."""
        headers = {"X-XSRFToken": self._xsrf(self.user_prefix), **kw.pop("headers", {})}
        return self.http.request(method, f"{self.base}{self.user_prefix}{path}",
                                 headers=headers, timeout=kw.pop("timeout", self.timeout), **kw)

    def assignments(self, course_id: str) -> list[dict[str, Any]]:
        """The assignment list extension's view: released, fetched, submitted."""
        r = self.user("GET", "assignments", params={"course_id": course_id})
        data = r.json()
        if r.status_code != 200 or not data.get("success"):
            raise HubError(f"assignment list of {self.username}: {r.status_code} {data}")
        return list(data["value"])

    def _action(self, action: str, course_id: str, assignment: str) -> list[dict[str, Any]]:
        r = self.user("POST", f"assignments/{action}", timeout=180,
                      data={"course_id": course_id, "assignment_id": assignment})
        data = r.json()
        if r.status_code != 200 or not data.get("success"):
            raise HubError(f"{action} {assignment} by {self.username}: {r.status_code} {data}")
        return list(data["value"])

    def fetch(self, course_id: str, assignment: str) -> list[dict[str, Any]]:
        return self._action("fetch", course_id, assignment)

    def submit(self, course_id: str, assignment: str) -> list[dict[str, Any]]:
        return self._action("submit", course_id, assignment)

    def fetch_feedback(self, course_id: str, assignment: str) -> list[dict[str, Any]]:
        return self._action("fetch_feedback", course_id, assignment)

    def read_notebook(self, path: str) -> dict[str, Any]:
        r = self.user("GET", f"api/contents/{path}", params={"content": "1"})
        r.raise_for_status()
        return dict(r.json()["content"])

    def write_notebook(self, path: str, notebook: dict[str, Any]) -> None:
        r = self.user("PUT", f"api/contents/{path}",
                      json={"type": "notebook", "format": "json", "content": notebook})
        if r.status_code not in (200, 201):
            raise HubError(f"save {path}: HTTP {r.status_code} {r.text[:200]}")
