"""The course roster: one CSV row per person, ``username,role,first_name,last_name,email``.

The same file format as the grader's ``DIR/roster.csv`` (rows with role ``student`` get
per-student variants), so the hub copies its roster into the course directory unchanged.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

HEADER = ("username", "role", "first_name", "last_name", "email")
ROLES = ("instructor", "student")
# Unix-safe, JupyterHub-safe (no normalisation surprises), nbgrader-safe (no '+' or '/').
USERNAME = re.compile(r"[a-z][a-z0-9_-]{0,30}\Z")
RESERVED = frozenset({"root", "admin", "nobody", "jovyan", "daemon", "bin", "sys", "hub"})


class RosterError(ValueError):
    """A roster row that cannot become an account (the message names the row)."""


@dataclass(frozen=True)
class Member:
    """One person of the course."""

    username: str
    """Unix and hub login name."""
    role: str
    """``instructor`` or ``student``."""
    first_name: str = ""
    last_name: str = ""
    email: str = ""


def read_roster(path: str | Path) -> list[Member]:
    """CSV path goes in, the validated members come out in file order."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) [:2] != HEADER[:2]:
            raise RosterError(f"{path}: the header must start with {','.join(HEADER)}")
        members = [_member(row, path, n) for n, row in enumerate(reader, start=2)]
    names = [m.username for m in members]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise RosterError(f"{path}: duplicate usernames {duplicates}")
    if not any(m.role == "instructor" for m in members):
        raise RosterError(f"{path}: at least one instructor is needed to own the course")
    return members


def _member(row: dict[str, str | None], path: str | Path, line: int) -> Member:
    values = {k: (row.get(k) or "").strip() for k in HEADER}
    name, role = values["username"], values["role"]
    if not USERNAME.match(name) or name in RESERVED:
        raise RosterError(f"{path}:{line}: invalid username {name!r} (a-z, 0-9, _ or -)")
    if role not in ROLES:
        raise RosterError(f"{path}:{line}: role must be one of {ROLES}, not {role!r}")
    return Member(**values)


def write_roster(members: list[Member], path: str | Path) -> None:
    """Members go in, the grader's ``roster.csv`` comes out (same header)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for m in members:
            writer.writerow([m.username, m.role, m.first_name, m.last_name, m.email])
