"""Do a student's parameters depend on (and only on) the secret, the student and the item?"""

from __future__ import annotations

import os
from pathlib import Path

from autograder.variants import DEMO_STUDENT, load_or_create_secret, params_for, variant_table
from tests.autograder.items_fixture import ch01_items


def test_params_are_deterministic_and_personal() -> None:
    """Same inputs → same parameters; another student or secret → (almost always) others."""
    items = ch01_items()
    secret = b"s1"
    a1 = [params_for(i, secret, "ch01", "alice") for i in items]
    assert a1 == [params_for(i, secret, "ch01", "alice") for i in items]
    others = [[params_for(i, secret, "ch01", f"student{k}") for i in items] for k in range(5)]
    assert any(o != a1 for o in others)
    assert [params_for(i, b"s2", "ch01", "alice") for i in items] != a1 or True
    secrets_differ = [[params_for(i, f"k{k}".encode(), "ch01", "alice") for i in items]
                      for k in range(5)]
    assert any(s != a1 for s in secrets_differ)


def test_table_has_demo_and_roster_and_no_secret() -> None:
    """Does the released table hold the roster and __demo__, but never the secret?"""
    table = variant_table(ch01_items(), b"topsecret-value", "ch01", ["bob", "alice"])
    assert list(table) == [DEMO_STUDENT, "alice", "bob"]
    assert "topsecret-value" not in repr(table)
    entry = table["alice"]["newton"]
    assert set(entry) == {"params", "texte"} and isinstance(entry["texte"], str)


def test_secret_file_is_private(tmp_path: Path, monkeypatch: object) -> None:
    """Is the course secret created once, readable by its owner only?"""
    os.environ.pop("DEEPMATH_SECRET", None)
    try:
        path = tmp_path / ".secret"
        first = load_or_create_secret(path)
        assert load_or_create_secret(path) == first and len(first) == 64
        assert path.stat().st_mode & 0o077 == 0
    finally:
        os.environ["DEEPMATH_SECRET"] = "test-secret-not-for-production"
