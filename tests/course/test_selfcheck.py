"""Can students check their notebook before submitting (issue 8 item 10)?

The students' kit (``deepmath_eleve``) ships with the release: ``parametres()`` shows every
question's parameters up front, ``verifier()`` says per question whether an answer is present,
readable and of the expected form — never whether it is right — and nbgrader's Validate
reports the same complaints instead of "Success!" for a notebook of stubs.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.course import Course
from autograder.notebook_source import build_notebook, for_grading
from autograder.student_kit import KIT_NAMES, kit_files
from autograder.variants import TABLE_NAME, variant_table

REPO = Path(__file__).resolve().parents[2]
STUDENT_PYTHON = Path(os.environ.get("DEEPMATH_STUDENT_ENV", "/opt/deepmath/student-env"),
                      "bin", "python")
ALLOWED_IMPORTS = {"__future__", "decimal", "fractions", "getpass", "inspect", "json", "math",
                   "os", "pathlib", "signal", "sys", "textwrap", "threading", "typing",
                   "numpy", "sympy", "deepmath_symbolique"}


@pytest.fixture(scope="module")
def kit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ch01 kit and a variant table for student 'bob', as the release lays them out."""
    course = Course(REPO / "course")
    items = course.items("ch01")
    text = (REPO / "course" / "notebooks" / "ch01.py").read_text(encoding="utf-8")
    master = build_notebook(text, "ch01", {i.name: i.points for i in items})
    target = tmp_path_factory.mktemp("kit")
    for name, data in kit_files("ch01", items, master).items():
        (target / name).write_bytes(data)
    table = variant_table(items, b"kit-test-secret", "ch01", ["bob"])
    (target / TABLE_NAME).write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    return target


def _python() -> str:
    """The students' interpreter when it is built (the kit must run there), else ours."""
    return str(STUDENT_PYTHON) if STUDENT_PYTHON.exists() else sys.executable


def _run(kit: Path, code: str, lang: str = "fr") -> tuple[str, str]:
    env = {"PATH": "/usr/bin:/bin", "DEEPMATH_STUDENT": "bob", "DEEPMATH_LANG": lang,
           "HOME": str(kit), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([_python(), "-c", textwrap.dedent(code)], cwd=kit, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, proc.stderr


def test_kit_holds_no_answer_no_secret_no_grader(kit_dir: Path) -> None:
    """Is the kit free of solutions, hidden code, reference/grader imports, the secret and
    any expected value, and made of the standard library, numpy and sympy only?"""
    with zipfile.ZipFile(kit_dir / "deepmath_symbolique.zip") as archive:
        parser = b"".join(archive.read(name) for name in archive.namelist())
    blob = parser + b"".join((kit_dir / name).read_bytes() for name in KIT_NAMES[:2])
    for word in (b"BEGIN SOLUTION", b"_deepmath_kernel", b"HIDDEN TESTS", b"kit-test-secret",
                 b"import reference", b"from reference", b"import autograder",
                 b"from autograder", b"course/items"):
        assert word not in blob, word
    module = ast.parse((kit_dir / "deepmath_eleve.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(module)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(module)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= ALLOWED_IMPORTS, imported - ALLOWED_IMPORTS
    course = Course(REPO / "course")
    spec = (kit_dir / "deepmath_eleve.json").read_text(encoding="utf-8")
    table = json.loads((kit_dir / TABLE_NAME).read_text(encoding="utf-8"))
    for item in course.items("ch01"):
        if hasattr(item, "expected"):
            want = str(item.expected(table["bob"][item.name]["params"]))
            assert want not in spec, (item.id, want)


def test_kit_bytes_are_reproducible() -> None:
    """Do the release and the sandbox get the very same kit (same bytes twice)?"""
    course = Course(REPO / "course")
    items = course.items("ch01")
    text = (REPO / "course" / "notebooks" / "ch01.py").read_text(encoding="utf-8")
    master = build_notebook(text, "ch01", {i.name: i.points for i in items})
    assert kit_files("ch01", items, master) == kit_files("ch01", items, master)


def test_parametres_shows_every_question_up_front(kit_dir: Path) -> None:
    """Does ``parametres()`` print each question's own statement, in order, with nothing
    answered yet?"""
    out, _ = _run(kit_dir, "from deepmath_eleve import *\nparametres()")
    table = json.loads((kit_dir / TABLE_NAME).read_text(encoding="utf-8"))["bob"]
    lines = out.splitlines()
    assert len(lines) == len(table)
    for number, (line, variant) in enumerate(zip(lines, table.values(), strict=True), 1):
        assert line.startswith(f"{number}. ") and line.endswith(variant["texte"])


def test_verifier_reports_presence_parsing_and_form(kit_dir: Path) -> None:
    """Per question: missing, unreadable formula (with its caret), wrong type, wrong shape,
    a function that crashes or returns None — each named, on stderr."""
    _, err = _run(kit_dir, """
        from deepmath_eleve import *
        derivee_somme = "5x^4 - 9 sin(x"
        derivee_graphe = "12.5"
        def heaviside(t):
            return 1.0
        def sigmoide_prime(t):
            raise ValueError("pas fini")
        extremums = [(-1, "max"), (1, 2)]
        def newton(f, df, x0, n):
            print(x0)
        verifier()
    """)
    assert "Parenthèse jamais fermée.\n  5x^4 - 9 sin(x\n              ^" in err
    flat = " ".join(err.split())  # the prose is wrapped at 80 columns
    assert "Dérivée d'une somme (derivee_somme) : formule illisible" in flat
    assert "(derivee_produit) : pas encore de réponse" in flat
    assert "(derivee_graphe) : forme inattendue : on attend un nombre, pas un texte" in flat
    assert "(heaviside) : forme inattendue : (<tableau (10,)>) → on attend un tableau" in flat
    assert "(sigmoide_prime) : l'appel (0.0) lève ValueError: pas fini" in flat
    assert "élément 2, composante 2 : on attend un texte, pas un nombre" in flat
    assert "(newton) : forme inattendue : (f, f, 10.0, 1) → on attend un nombre, pas None" in flat
    assert "11 question(s) sur 11 à compléter" in flat


def test_verifier_never_tells_right_from_wrong(kit_dir: Path) -> None:
    """Do a right and a wrong (well-formed) answer get the same report, word for word, apart
    from the formula read back?"""
    params = json.loads((kit_dir / TABLE_NAME).read_text(encoding="utf-8"))["bob"]
    n, a = params["derivee_somme"]["params"]["n"], params["derivee_somme"]["params"]["a"]
    reports = []
    for somme, approx, ext in ((f"{n}*x^{n - 1} - {a}*sin(x)", "1.025", "[(-2, 'max')]"),
                               ("x", "3.0", "[(7, 'min'), (8, 'max')]")):
        out, err = _run(kit_dir, f"""
            from deepmath_eleve import *
            derivee_somme = "{somme}"
            approximation = {approx}
            extremums = {ext}
            for q in ("derivee_somme", "approximation_lineaire", "extremums"):
                verifier(q)
        """)
        assert err == ""
        flat = " ".join(out.split())
        reports.append(re.sub(r"lue comme .*?\)\. \(Seule", "lue comme ?). (Seule", flat))
    assert reports[0] == reports[1]
    assert reports[0].count("✓") == 3
    assert "juste" not in reports[0].replace("la justesse sera", "").lower()


def test_verifier_syntaxe_previews_and_speaks_english(kit_dir: Path) -> None:
    """Does the preview show how a formula is read, and the caret when it is not — in
    English with DEEPMATH_LANG=en?"""
    out, err = _run(kit_dir, """
        from deepmath_eleve import *
        verifier_syntaxe("e^(2x)/x")
        verifier_syntaxe("1/2x")
        verifier("derivee_somme")
    """, lang="en")
    from autograder.symbolic import preview

    assert f"The grader reads: {preview('e^(2x)/x', ['x']).unicode}" in out  # its own preview
    assert "Ambiguous product" in err and "  1/2x\n     ^" in err
    assert "no answer yet" in " ".join(err.split())


def test_test_cells_self_check_for_students_hand_out_for_grader() -> None:
    """Does a released test cell run the visible self-check, while the grader runs only the
    one hidden hand-out line (the runner evaluates it outside IPython's transformers)?"""
    nb = build_notebook("# %% [answer carre]\n### BEGIN SOLUTION\ncarre = 4\n### END SOLUTION\n"
                        "# %% [test carre -> carre]\n", "ch99", {"carre": 1})
    test_cell = nb.cells[1]
    assert 'verifier("carre")' in test_cell.source
    graded = for_grading(nb).cells[1].source
    code = [ln for ln in graded.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert code == ['__import__("_deepmath_kernel").rendre("ch99.carre", lambda: carre)']
    assert nb.cells[1].source == test_cell.source  # for_grading copies


@pytest.mark.slow
def test_validate_tells_the_truth(released_course: Path, tmp_path: Path) -> None:
    """Does nbgrader's Validate fail a notebook of stubs and point at each question, and pass
    once every answer is present and well formed?"""
    from autograder.demo import load_scenarios, make_submission

    course = Course(released_course)
    work = tmp_path / "ch01"
    shutil_copy = __import__("shutil").copytree
    shutil_copy(released_course / "release" / "ch01", work)
    exe = Path(sys.executable).with_name("nbgrader")
    env = {**os.environ, "DEEPMATH_STUDENT": "alice"}

    def validate() -> str:
        proc = subprocess.run([str(exe), "validate", "ch01.ipynb"], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        return proc.stdout + proc.stderr

    stubs = validate()
    assert "Success!" not in stubs and "VALIDATION FAILED ON 11 CELL(S)" in stubs
    assert "pas encore de réponse" in stubs
    solved = make_submission(course, "ch01", load_scenarios(course, "ch01")["alice"])
    (work / "ch01.ipynb").write_text(solved, encoding="utf-8")
    assert "Success! Your notebook passes all the tests." in validate()


@pytest.mark.slow
@pytest.mark.sandbox
def test_sandbox_has_the_kit(released_course: Path, sandbox_ready: None) -> None:
    """Graded in the sandbox, does the untouched release import the kit and show every
    question's parameters in its first setup cell?"""
    from autograder import api
    from tests.conftest import FAST_LIMITS

    release = (released_course / "release" / "ch01" / "ch01.ipynb").read_text(encoding="utf-8")
    graded = api.grade_bytes(course=Course(released_course), assignment="ch01",
                             student="alice", raw=release.encode(), limits=FAST_LIMITS, seed=1)
    assert graded.executed is not None
    setup = next(c for c in graded.executed.cells if c.cell_type == "code"
                 and "deepmath_eleve" in c.source)
    printed = "".join(o.get("text", "") for o in setup.outputs)
    table = json.loads((released_course / "release" / "ch01" / TABLE_NAME).read_text())
    for name, variant in table["alice"].items():
        assert variant["texte"] in printed, name
    assert not any(o.get("output_type") == "error" for o in setup.outputs)
    kit = {p.name for p in (released_course / "release" / "ch01").iterdir()}
    assert set(KIT_NAMES) <= kit
    assert nbformat.reads(release, as_version=4).cells[1].source.count("\n") <= 2
