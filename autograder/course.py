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
import json
import os
import re
import subprocess
import sys
import threading
import traceback
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import AuthoringError, BadStudent, SetupError, UnknownAssignment
from .items import Item
from .notebook_source import build_file
from .variants import DEMO_STUDENT, TABLE_NAME, load_or_create_secret

ASSIGNMENT_RE = re.compile(r"^ch\d\d$")
STUDENT_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._@+-]{0,99}$")
"""What a student id may look like (JupyterHub/Unix user names): no spaces, no slashes."""
_ITEMS_LOCK = threading.Lock()
_ITEMS_CACHE: dict[Path, ModuleType] = {}
_DATA_CACHE: dict[tuple[Path, str], bytes] = {}
WEIGHT_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,60}\.npz")
DATA_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,80}\.(npz|npy|csv|json|txt)$")
"""What a shipped data file may be called (no path, no hidden file, a data extension)."""


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
                try:
                    spec.loader.exec_module(module)
                except SyntaxError as exc:
                    raise AuthoringError(f"{exc.filename or path}, line {exc.lineno}: syntax "
                                         f"error: {exc.msg}") from exc
                except Exception as exc:
                    raise AuthoringError(f"{_where(exc, path)}: {type(exc).__name__}: "
                                         f"{exc}") from exc
                _ITEMS_CACHE[path] = module
        if not isinstance(getattr(module, "ITEMS", None), (list, tuple)):
            raise AuthoringError(f"{path}: no ITEMS list (ITEMS = [SymbolicItem(...), ...])")
        items: list[Item] = list(module.ITEMS)
        if not all(isinstance(item, Item) for item in items):
            raise AuthoringError(f"{path}: every entry of ITEMS must be an Item")
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids) or not all(i.startswith(assignment + ".") for i in ids):
            raise AuthoringError(f"{path}: item ids must be unique and start with {assignment}.")
        return items

    def environment(self, assignment: str) -> str:
        """The students' environment the assignment declares (``ENVIRONMENT`` in its items
        file; default ``base``): its notebook's kernel on the hub and its grading sandbox."""
        self.items(assignment)
        module = _ITEMS_CACHE[(self.root / "items" / f"{assignment}.py").resolve()]
        name = getattr(module, "ENVIRONMENT", "base")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9]*", name):
            raise AuthoringError(f"items/{assignment}.py: ENVIRONMENT must be a lower-case "
                                f"name such as 'base' or 'tf', not {name!r}")
        return name

    def data_files(self, assignment: str) -> dict[str, bytes]:
        """The data files the assignment ships (``DATA_FILES`` in its items file: a dict
        file name → function of no argument returning the file's bytes, e.g. a training set
        generated from scikit-learn at release). They are written next to the source notebook
        at release (nbgrader copies them into the release) and placed next to the notebook in
        the grading sandbox. Never grader-only data: students get every byte of them."""
        self.items(assignment)
        path = (self.root / "items" / f"{assignment}.py").resolve()
        hooks = getattr(_ITEMS_CACHE[path], "DATA_FILES", {})
        if not isinstance(hooks, dict):
            raise AuthoringError(f"items/{assignment}.py: DATA_FILES must be a dict "
                                 "{file name: function returning bytes}")
        out: dict[str, bytes] = {}
        for name, make in hooks.items():
            if (not isinstance(name, str) or not DATA_NAME_RE.match(name)
                    or name.startswith(assignment + ".")):
                raise AuthoringError(f"items/{assignment}.py: bad DATA_FILES name {name!r} "
                                     "(a plain file name such as 'chiffres.npz')")
            key = (path, name)
            with _ITEMS_LOCK:
                if key not in _DATA_CACHE:
                    data = make()
                    if not isinstance(data, bytes):
                        raise AuthoringError(f"items/{assignment}.py: DATA_FILES[{name!r}]() "
                                             "must return bytes")
                    _DATA_CACHE[key] = data
                out[name] = _DATA_CACHE[key]
        return out

    def weight_files(self, assignment: str) -> dict[str, int]:
        """The trained-weights files the assignment's notebook writes (``WEIGHT_FILES`` in its
        items file: file name → byte cap), written by the students' kit's
        ``entrainer_ou_charger`` when the student trains and submitted with the notebook. At
        grading the grader reads them from the submission (never following a link), checks
        them (:mod:`autograder.weight_files`) and places them in the sandbox, where the same
        cell loads them instead of training: grading never retrains."""
        self.items(assignment)
        path = (self.root / "items" / f"{assignment}.py").resolve()
        declared = getattr(_ITEMS_CACHE[path], "WEIGHT_FILES", {})
        if not isinstance(declared, dict):
            raise AuthoringError(f"items/{assignment}.py: WEIGHT_FILES must be a dict "
                                 "{file name: byte cap}")
        data = self.data_files(assignment)
        for name, cap in declared.items():
            if (not isinstance(name, str) or not WEIGHT_NAME_RE.fullmatch(name)
                    or name in data):
                raise AuthoringError(f"items/{assignment}.py: bad WEIGHT_FILES name {name!r} "
                                     "(a plain file name ending in .npz, not a DATA_FILES one)")
            if type(cap) is not int or not 0 < cap <= 64 * 1024**2:
                raise AuthoringError(f"items/{assignment}.py: WEIGHT_FILES[{name!r}] must be a "
                                     "byte cap between 1 and 64 MiB")
        return dict(declared)

    def source_notebook(self, assignment: str) -> Path:
        return self.root / "source" / assignment / f"{assignment}.ipynb"

    def build_source(self, assignment: str) -> Path:
        """notebooks/<a>.py → source/<a>/<a>.ipynb (the master copy with hidden tests)."""
        points = {item.name: item.points for item in self.items(assignment)}
        target = self.source_notebook(assignment)
        source = self.root / "notebooks" / f"{assignment}.py"
        if not source.is_file():
            raise AuthoringError(f"{source}: the notebook source of {assignment} is missing "
                                 f"(write it in the percent format, see README)")
        try:
            build_file(source, target, assignment, points, self.environment(assignment))
        except ValueError as exc:
            raise AuthoringError(_authoring_message(source, self.root / "items" /
                                                    f"{assignment}.py", str(exc))) from exc
        return target

    def roster(self) -> list[dict[str, str]]:
        """The students of ``roster.csv`` (username, first_name, last_name, email)."""
        path = self.root / "roster.csv"
        if not path.exists():
            return []
        with open(path, newline="", encoding="utf-8") as fh:
            rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k}
                    for row in csv.DictReader(fh)]
        return [row for row in rows
                if (row.get("role") or "student") == "student" and row.get("username")]

    def roster_students(self) -> list[str]:
        return [row["username"] for row in self.roster()]

    def check_student_id(self, student: str) -> None:
        """Refuse ids that cannot be a student (empty, spaces, slashes, ``..``, too long)."""
        if student == DEMO_STUDENT or not STUDENT_RE.match(student) or ".." in student:
            raise BadStudent(f"malformed student id {student!r}: use the student's login "
                             "(letters, digits, . _ - @ +; no spaces or slashes)")

    def shown_students(self, assignment: str) -> set[str] | None:
        """Students whose own parameters the released notebook carries (variantes.json);
        anyone else was shown the demonstration variant. None: not released yet."""
        for folder in ("release", "source"):
            path = self.root / folder / assignment / TABLE_NAME
            if path.is_file():
                try:
                    table = json.loads(path.read_text(encoding="utf-8"))
                except ValueError:
                    continue
                if isinstance(table, dict):
                    return {str(k) for k in table} - {DEMO_STUDENT}
        return None

    def gradebook_students(self) -> list[str]:
        if not (self.root / "gradebook.db").exists():
            return []
        from nbgrader.api import Gradebook

        ensure_tools_on_path()
        with Gradebook(self.db_url) as gb:
            return [s.id for s in gb.students]

    def students(self) -> list[str]:
        return sorted(set(self.roster_students()) | set(self.gradebook_students()))

    def submission_folders(self, assignment: str) -> dict[str, Path]:
        """nbgrader's collected submissions: submitted/<student>/<assignment>/ (the folder,
        whatever it holds: the assignment's notebook is chosen by name when grading)."""
        found: dict[str, Path] = {}
        base = self.root / "submitted"
        if base.is_dir():
            for student_dir in sorted(base.iterdir()):
                folder = student_dir / assignment
                if folder.is_dir() and not folder.is_symlink():
                    found[student_dir.name] = folder
        return found

    def nbgrader_config(self) -> Any:
        """nbgrader's configuration as nbgrader itself loads it in this course (the global
        files found through JUPYTER_CONFIG_PATH included)."""
        from nbgrader.apps.baseapp import NbGrader
        from traitlets.config import Application

        app = NbGrader()
        app.load_cwd_config = False
        app.log.setLevel("ERROR")
        app.load_config_file()  # user and system nbgrader_config.py files
        Application.load_config_file(app, "nbgrader_config", path=str(self.root))
        return app.config

    def exchange_root(self) -> Path | None:
        """The nbgrader exchange directory configured for this course, if it exists."""
        from nbgrader.exchange.default.exchange import Exchange

        root = Path(Exchange(config=self.nbgrader_config()).root)
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


def _where(exc: BaseException, path: Path) -> str:
    """``file, line N`` of the deepest frame of ``exc`` inside ``path`` (else the file)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if Path(f.filename).resolve() == path]
    return f"{path}, line {frames[-1].lineno}" if frames else str(path)


def _authoring_message(source: Path, items_file: Path, problem: str) -> str:
    """A notebook-source problem with the file and line that hold the name it is about."""
    names = re.findall(r"'([^']+)'", problem) or re.findall(r"(ch\d\d\.\w+)", problem)
    for name in names:
        short = name.split(".", 1)[-1]
        for path in (source, items_file):
            if not path.is_file():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(rf"\b{re.escape(short)}\b", line):
                    hint = ("" if "unknown item" not in problem else
                            f" (no item of {items_file.name} has this name: a typo?)")
                    return f"{path}, line {number}: {problem}{hint}"
    return f"{source}: {problem}"
