"""One Unix account per roster member: the isolation boundary of the local hub.

Each person gets a private home (mode 700) and joins the group of their role. Accounts this
module creates get a random initial password, kept in a root-only CSV so that the admin can
hand it out (``make hub`` prints the demo ones); PAM then checks it at the hub's login page.
Accounts that already exist (say, university logins) keep their password.
"""

from __future__ import annotations

import csv
import grp
import os
import pwd
import secrets
import signal
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

from .roster import Member, RosterError

FIRST_REGULAR_UID = 1000


def run(*argv: str, stdin: str | None = None) -> None:
    """Command goes in, runs; a failure raises with the command's own message."""
    subprocess.run(argv, input=stdin, text=True, check=True, capture_output=True)


def ensure_group(name: str) -> int:
    """Group name goes in (created if missing), its gid comes out."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        run("groupadd", "--system", name)
        return grp.getgrnam(name).gr_gid


def ensure_account(member: Member, groups: Iterable[str], drop: Iterable[str] = ()) -> str | None:
    """Member goes in; the account exists, is in ``groups`` and not in ``drop``.

    Returns the initial password when the account was created now, else None.
    """
    password = None
    try:
        entry = pwd.getpwnam(member.username)
    except KeyError:
        comment = f"{member.first_name} {member.last_name}".strip() or member.username
        run("useradd", "--create-home", "--shell", "/bin/bash", "--user-group",
            "--comment", comment, member.username)
        entry = pwd.getpwnam(member.username)
        password = secrets.token_urlsafe(9)
        run("chpasswd", stdin=f"{member.username}:{password}\n")
    if entry.pw_uid < FIRST_REGULAR_UID:
        raise RosterError(f"{member.username} is a system account (uid {entry.pw_uid})")
    home = Path(entry.pw_dir)
    if not home.is_dir():
        home.mkdir(parents=True)
        os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)  # nobody reads another person's work
    for group in groups:
        if member.username not in grp.getgrnam(group).gr_mem:
            run("usermod", "--append", "--groups", group, member.username)
    for group in drop:
        if member.username in grp.getgrnam(group).gr_mem:
            run("gpasswd", "--delete", member.username, group)
    return password


def record_passwords(path: Path, new: dict[str, str]) -> dict[str, str]:
    """New initial passwords go in (merged into the root-only CSV), all known ones come out."""
    known: dict[str, str] = {}
    if path.exists():
        with open(path, newline="") as fh:
            known = {row["username"]: row["password"] for row in csv.DictReader(fh)}
    known.update(new)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["username", "password"])
        writer.writerows(sorted(known.items()))
    return known


def uids_of(usernames: Iterable[str]) -> set[int]:
    """Usernames go in, the uids of those that exist come out."""
    uids = set()
    for name in usernames:
        try:
            uids.add(pwd.getpwnam(name).pw_uid)
        except KeyError:
            pass
    return uids


def processes_of(uids: set[int]) -> list[int]:
    """Uids go in, the pids of every process running as one of them come out."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        # "Uid:\treal\teffective\tsaved\tfs": any of them counts (setuid half-way included).
        line = next(x for x in status.splitlines() if x.startswith("Uid:"))
        if uids & {int(u) for u in line.split()[1:]}:
            pids.append(int(entry.name))
    return pids


def end_processes(uids: set[int], grace: float = 5.0) -> list[int]:
    """Uids go in; their processes get SIGTERM, then SIGKILL after ``grace`` s.

    Returns the pids that had to be ended (empty when the hub cleaned up after itself).
    """
    found = processes_of(uids)
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 2.0)):
        left = processes_of(uids)
        for pid in left:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + wait
        while processes_of(uids) and time.monotonic() < deadline:
            time.sleep(0.1)
    return found


def remove_account(name: str) -> None:
    """Username goes in; its processes end and the account and home go (tests only)."""
    end_processes(uids_of([name]))
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)


def run_as(user: str, argv: list[str], env: dict[str, str], cwd: str | Path | None = None,
           umask: int = 0o077, timeout: float | None = None,
           ) -> subprocess.CompletedProcess[str]:
    """A command goes in, runs as ``user`` (with their groups) and its result comes out."""
    entry = pwd.getpwnam(user)
    base = {"HOME": entry.pw_dir, "USER": user, "LOGNAME": user, "LANG": "C.UTF-8",
            "SHELL": "/bin/bash"}
    return subprocess.run(
        argv, env={**base, **env}, cwd=cwd or entry.pw_dir, user=entry.pw_uid,
        group=entry.pw_gid, extra_groups=os.getgrouplist(user, entry.pw_gid), umask=umask,
        capture_output=True, text=True, timeout=timeout, check=False)
