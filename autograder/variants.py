"""Per-student variants: each item's parameters derive from the student id and a course secret.

``seed = HMAC-SHA256(secret, "assignment/student/item")``: a student cannot change what the
grader uses (the grader recomputes it), nor predict another student's parameters without the
secret. The released ``variantes.json`` carries the *parameters* (never the secret) of the
students on the roster, plus a ``__demo__`` variant for anyone else.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .items import Item, Params

DEMO_STUDENT = "__demo__"
TABLE_NAME = "variantes.json"


def load_or_create_secret(path: Path) -> bytes:
    """The course secret (env ``DEEPMATH_SECRET`` wins); created 0600 on first use."""
    env = os.environ.get("DEEPMATH_SECRET")
    if env:
        return env.encode()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def item_rng(secret: bytes, assignment: str, student: str, item_id: str) -> random.Random:
    message = f"{assignment}/{student}/{item_id}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def params_for(item: Item, secret: bytes, assignment: str, student: str) -> Params:
    """This student's parameters for this item (JSON round-tripped, as the notebook sees them)."""
    params = item.draw(item_rng(secret, assignment, student, item.id))
    result: Params = json.loads(json.dumps(params))
    return result


def student_variant(items: Iterable[Item], secret: bytes, assignment: str,
                    student: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        params = params_for(item, secret, assignment, student)
        out[item.name] = {"params": params, "texte": item.statement(params)}
    return out


def variant_table(items: list[Item], secret: bytes, assignment: str,
                  students: Iterable[str]) -> dict[str, Any]:
    """{student: {item name: {"params", "texte"}}} for the roster plus ``__demo__``."""
    return {student: student_variant(items, secret, assignment, student)
            for student in [DEMO_STUDENT, *sorted(set(students))]}
