"""A course directory: nbgrader layout plus deepmath's instructor-only files.

::

    <course>/nbgrader_config.py      nbgrader's own config (course id, exchange)
    <course>/items/<a>.py            graded items of assignment <a> (ITEMS = [...])
    <course>/notebooks/<a>.py        authoring file of the notebook (percent format)
    <course>/roster.csv              optional: username,role,first_name,last_name,email
    <course>/source/<a>/<a>.ipynb    built by ``release`` (the master copy, with hidden tests)
    <course>/release/ submitted/ autograded/ feedback/ gradebook.db   (nbgrader's)
    <course>/.secret                 the course secret for variants (0600)
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType

from .errors import DeepmathError, SetupError, UnknownAssignment
from .items import Item
from .notebook_source import build_file
from .variants import load_or_create_secret

ASSIGNMENT_RE = re.compile(r"^ch\d\d$")
_ITEMS_LOCK = threading.Lock()
_ITEMS_CACHE: dict[Path, ModuleType] = {}


def ensure_tools_on_path() -> None:
    """nbgrader shells out to ``alembic``: make this interpreter's scripts findable."""
    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if bindir not in path.split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path


def default_course_dir() -> Path:
    env = os.environ.get("DEEPMATH_COURSE_DIR")
    return Path(env) if env else Path.cwd() / "course"


@dataclass(frozen=True)
class Course:
    root: Path

    @cached_property
    def secret(self) -> bytes:
        return load_or_create_secret(self.root / ".secret")

    @property
    def db_url(self) -> str:
        return f"sqlite:///{(self.root / 'gradebook.db').resolve()}"

    def assignments(self) -> list[str]:
        return sorted(p.stem for p in (self.root / "items").glob("ch*.py")
                      if ASSIGNMENT_RE.match(p.stem))

    def check_assignment(self, assignment: str) -> None:
        if assignment not in self.assignments():
            known = ", ".join(self.assignments()) or "none"
            raise UnknownAssignment(f"unknown assignment {assignment!r} (known: {known})")

    def items(self, assignment: str) -> list[Item]:
        """Load ``items/<assignment>.py`` (instructor-owned code) and return its ITEMS."""
        self.check_assignment(assignment)
        path = (self.root / "items" / f"{assignment}.py").resolve()
        with _ITEMS_LOCK:  # grading threads share one loaded module per file
            module = _ITEMS_CACHE.get(path)
            if module is None:
                spec = importlib.util.spec_from_file_location(
                    f"deepmath_course_items_{assignment}", path)
                if spec is None or spec.loader is None:
                    raise UnknownAssignment(f"cannot load {path}")
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                _ITEMS_CACHE[path] = module
        items: list[Item] = list(module.ITEMS)
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids) or not all(i.startswith(assignment + ".") for i in ids):
            raise DeepmathError(f"{path}: item ids must be unique and start with {assignment}.")
        return items

    def source_notebook(self, assignment: str) -> Path:
        return self.root / "source" / assignment / f"{assignment}.ipynb"

    def build_source(self, assignment: str) -> Path:
        """notebooks/<a>.py → source/<a>/<a>.ipynb (the master copy with hidden tests)."""
        points = {item.name: item.points for item in self.items(assignment)}
        target = self.source_notebook(assignment)
        build_file(self.root / "notebooks" / f"{assignment}.py", target, assignment, points)
        return target

    def roster_students(self) -> list[str]:
        path = self.root / "roster.csv"
        if not path.exists():
            return []
        with open(path, newline="", encoding="utf-8") as fh:
            return [row["username"].strip() for row in csv.DictReader(fh)
                    if row.get("role", "student").strip() == "student" and row.get("username")]

    def gradebook_students(self) -> list[str]:
        if not (self.root / "gradebook.db").exists():
            return []
        from nbgrader.api import Gradebook

        ensure_tools_on_path()
        with Gradebook(self.db_url) as gb:
            return [s.id for s in gb.students]

    def students(self) -> list[str]:
        return sorted(set(self.roster_students()) | set(self.gradebook_students()))

    def submissions(self, assignment: str) -> dict[str, list[Path]]:
        """nbgrader's collected submissions: submitted/<student>/<assignment>/*.ipynb."""
        found: dict[str, list[Path]] = {}
        base = self.root / "submitted"
        if base.is_dir():
            for student_dir in sorted(base.iterdir()):
                notebooks = sorted((student_dir / assignment).glob("*.ipynb"))
                if notebooks:
                    found[student_dir.name] = notebooks
        return found

    def exchange_root(self) -> Path | None:
        """The nbgrader exchange directory as nbgrader itself would load its config in this
        course (global files found through JUPYTER_CONFIG_PATH included), if it exists."""
        from nbgrader.apps.baseapp import NbGrader
        from nbgrader.exchange.default.exchange import Exchange
        from traitlets.config import Application

        app = NbGrader()
        app.load_cwd_config = False
        app.log.setLevel("ERROR")
        app.load_config_file()  # user and system nbgrader_config.py files
        Application.load_config_file(app, "nbgrader_config", path=str(self.root))
        root = Path(Exchange(config=app.config).root)
        return root if root.is_dir() else None

    def nbgrader(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run an nbgrader command in the course directory (its config files apply)."""
        ensure_tools_on_path()
        exe = Path(sys.executable).with_name("nbgrader")
        cmd = [str(exe) if exe.exists() else "nbgrader", *args]
        proc = subprocess.run(cmd, cwd=self.root, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SetupError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc
