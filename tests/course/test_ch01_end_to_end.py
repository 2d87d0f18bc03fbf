"""The ch01 assignment through the whole path: release → sandboxed run → verdicts.

Is the source notebook worth full marks, does the untouched release finish with 0, and does a
corpus of cheating submissions earn nothing it did not solve while honest work still counts?
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from autograder import api
from autograder.course import Course
from autograder.demo import load_scenarios, make_submission
from tests.conftest import FAST_LIMITS

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

ITEM_IDS = {
    "ch01.derivee_somme", "ch01.derivee_produit", "ch01.derivee_quotient",
    "ch01.derivee_composee", "ch01.graphe_entree_dupliquee", "ch01.heaviside",
    "ch01.sigmoide_prime", "ch01.tangente", "ch01.approximation_lineaire", "ch01.extremums",
    "ch01.newton",
}


def _grade_text(course_dir: Path, text: str, student: str = "alice") -> api.Graded:
    return api.grade_bytes(course=Course(course_dir), assignment="ch01", student=student,
                           raw=text.encode(), limits=FAST_LIMITS, seed=1234)


def test_source_notebook_scores_full_marks(released_course: Path, sandbox_ready: None) -> None:
    """Does the instructor's source notebook (solutions + hidden tests) earn 100 %?"""
    source = Course(released_course).source_notebook("ch01").read_text(encoding="utf-8")
    graded = _grade_text(released_course, source)
    report = graded.report
    assert {i.id for i in report.items} == ITEM_IDS
    assert [i for i in report.items if i.status != "pass"] == []
    assert report.score == report.max_score > 0


@pytest.mark.parametrize("student", ["alice", "zoe-not-on-roster"])
def test_solutions_pass_for_any_student_variant(released_course: Path, sandbox_ready: None,
                                                student: str) -> None:
    """Do the solutions, run with another student's parameters, still earn full marks?"""
    text = make_submission(Course(released_course), "ch01",
                           load_scenarios(Course(released_course), "ch01")["alice"])
    report = _grade_text(released_course, text, student).report
    assert report.score == report.max_score, report.to_json()


def test_released_notebook_finishes_and_scores_zero(released_course: Path,
                                                    sandbox_ready: None) -> None:
    """Does the untouched release run to the end, every item 'missing', score 0?"""
    release = (released_course / "release" / "ch01" / "ch01.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in release and "_deepmath_kernel" not in release
    graded = _grade_text(released_course, release)
    assert graded.report.sandbox_state == "finished"
    assert graded.report.score == 0
    assert {i.status for i in graded.report.items} == {"missing"}


def test_typical_mistakes_get_targeted_feedback(released_course: Path,
                                                sandbox_ready: None) -> None:
    """Does each typical mistake of the 'bob' scenario name the declared mistake?"""
    course = Course(released_course)
    text = make_submission(course, "ch01", load_scenarios(course, "ch01")["bob"])
    items = {i.id: i for i in _grade_text(released_course, text, "bob").report.items}
    assert items["ch01.derivee_somme"].status == "pass"  # sympy form, equivalent
    assert items["ch01.approximation_lineaire"].status == "pass"
    expected = {
        "ch01.derivee_produit": "produit_des_derivees",
        "ch01.derivee_quotient": "signe_numerateur",
        "ch01.derivee_composee": "facteur_interne",
        "ch01.graphe_entree_dupliquee": "un_seul_chemin",
        "ch01.heaviside": "h0",
        "ch01.sigmoide_prime": "carre_oublie",
        "ch01.tangente": "decalage_oublie",
        "ch01.extremums": "natures_inversees",
        "ch01.newton": "signe",
    }
    for item_id, mistake in expected.items():
        assert items[item_id].status == "fail", item_id
        assert items[item_id].mistake == mistake, (item_id, items[item_id])
        assert items[item_id].points == 0


def test_edited_protected_and_test_cells_are_restored(released_course: Path,
                                                      sandbox_ready: None) -> None:
    """Are edited setup/test cells restored from the master, and a deleted answer cell
    reported, while the rest is graded normally?"""
    course = Course(released_course)
    nb = nbformat.reads(make_submission(course, "ch01", load_scenarios(course, "ch01")["alice"]),
                        as_version=4)
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if gid == "ch01-derivee_somme":  # the (visible part of the) test cell
            cell.source = "print('tests réussis !')"
        if gid.startswith("ch01-setup") and "derivee_produit" in cell.source:
            cell.source = "p = {'n': 1, 'a': 1}"  # tries to choose easier parameters
    nb.cells = [c for c in nb.cells
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                != "ch01-tangente-reponse"]
    report = _grade_text(released_course, nbformat.writes(nb)).report
    items = {i.id: i for i in report.items}
    assert items["ch01.derivee_somme"].status == "pass"
    assert items["ch01.derivee_produit"].status == "pass"
    assert items["ch01.tangente"].status == "missing"
    assert any("tangente" in note.fr for note in report.notes)


ATTACKS: dict[str, tuple[str, str]] = {
    # name: (answer cell attacked, code)
    "eq-override": ("derivee_produit", "class T:\n    def __eq__(s, o): return True\n"
                    "    def __bool__(s): return True\n    def __float__(s): return 0.0\n"
                    "derivee_produit = T()"),
    "float-subclass": ("approximation_lineaire",
                       "class F(float):\n    def __eq__(s, o): return True\n"
                       "approximation = F(0.0)"),
    "redefine-helper": ("graphe_entree_dupliquee",
                        "import json, os\n"
                        "def _dm_rendre(item, getter):\n"
                        "    path = os.path.expanduser('~/.deepmath/answers.jsonl')\n"
                        "    with open(path, 'a') as f:\n"
                        "        f.write(json.dumps({'item': item, 'status': 'pass',\n"
                        "                            'points': 99}) + '\\n')\n"
                        "derivee_graphe = 0.0"),
    "forged-record": ("heaviside",
                      "import os\n"
                      "with open(os.path.expanduser('~/.deepmath/answers.jsonl'), 'a') as f:\n"
                      "    f.write('{\"item\": \"ch01.heaviside\", \"kind\": \"value\", '\n"
                      "            '\"value\": {\"t\": \"str\", \"v\": \"pass\"}}\\n')\n"
                      "print('{\"item\": \"ch01.heaviside\", \"status\": \"pass\"}')\n"
                      "def heaviside(x):\n    return 0.5"),
    "monkeypatch": ("sigmoide_prime",
                    "import builtins, numpy, sympy, math\n"
                    "numpy.allclose = lambda *a, **k: True\nnumpy.isclose = lambda *a, **k: True\n"
                    "math.isclose = lambda *a, **k: True\nsympy.simplify = lambda e, **k: 0\n"
                    "builtins.isinstance = lambda *a: True\n"
                    "def sigmoide_prime(x):\n    return 0.0"),
    "ipython-hook": ("tangente",
                     "ip = get_ipython()\n"
                     "ip.input_transformers_post.append(lambda lines: "
                     "['tangente = \"x\"\\n'] if any('rendre' in l for l in lines)"
                     " else lines)\n"
                     "tangente = 'x'"),
    "read-solutions": ("derivee_quotient",
                       "import glob, os\nfound = []\n"
                       "for path in ['{COURSE}/source/ch01/ch01.ipynb', '{COURSE}/gradebook.db',\n"
                       "             '{COURSE}/.secret', '{COURSE}/items/ch01.py',\n"
                       "             '{REPO}/reference/newton.py', '/etc/shadow']:\n"
                       "    try:\n        found.append(open(path).read()[:100])\n"
                       "    except OSError as e:\n        print('refused', path, e.strerror)\n"
                       "found += glob.glob('/home/*/*') + glob.glob('/srv/**', recursive=True)\n"
                       "derivee_quotient = str(found)"),
    "socket": ("derivee_composee",
               "import socket\ns = socket.create_connection(('1.1.1.1', 80), timeout=3)\n"
               "derivee_composee = 'x'"),
    "infinite-loop": ("extremums", "while True:\n    pass"),
    "memory-bomb": ("approximation_lineaire", "b = bytearray(8 * 1024**3)\napproximation = 1.0"),
    "kill-kernel": ("newton", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
    "fork-bomb": ("heaviside",
                  "import os\npids = []\n"
                  "try:\n    while True:\n        pid = os.fork()\n"
                  "        if pid == 0:\n            import time; time.sleep(60); os._exit(0)\n"
                  "        pids.append(pid)\nexcept OSError as e:\n    print('fork refused', e)\n"
                  "for p in pids:\n    os.kill(p, 9)\n"
                  "def heaviside(x):\n    return 0.5"),
}


@pytest.fixture(scope="module")
def cheat_course(released_course: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[Path, dict[str, api.GradeReport]]:
    """One submission per attack (honest solutions elsewhere) plus alice's correct one,
    graded together as a class."""
    import shutil

    root = tmp_path_factory.mktemp("cheat") / "course"
    shutil.copytree(released_course, root)
    course = Course(root)
    solutions = load_scenarios(course, "ch01")["alice"]
    students = {"alice": dict(solutions)}
    repo = Path(__file__).resolve().parents[2]
    for name, (cell, code) in ATTACKS.items():
        code = code.replace("{COURSE}", str(root)).replace("{REPO}", str(repo))
        students[name] = {**solutions, cell: code}
    for student, answers in students.items():
        target = root / "submitted" / student / "ch01"
        target.mkdir(parents=True)
        (target / "ch01.ipynb").write_text(make_submission(course, "ch01", answers))
    reports = api.grade(course_dir=root, assignment="ch01", workers=2, limits=FAST_LIMITS)
    return root, {r.student: r for r in reports}


@pytest.fixture(scope="module")
def cheat_reports(cheat_course: tuple[Path, dict[str, api.GradeReport]]
                  ) -> dict[str, api.GradeReport]:
    return cheat_course[1]


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_cheating_earns_nothing_it_did_not_solve(cheat_reports: dict[str, api.GradeReport],
                                                 attack: str) -> None:
    """Does the attacked item earn 0 while every honestly solved item still passes?"""
    report = cheat_reports[attack]
    attacked = "ch01." + ATTACKS[attack][0]
    items = {i.id: i for i in report.items}
    assert items[attacked].points == 0, items[attacked]
    honest_lost = [i.id for i in report.items if i.id != attacked and i.status != "pass"]
    assert honest_lost == [], report.to_json()


def test_other_submissions_are_graded_normally(cheat_reports: dict[str, api.GradeReport]
                                               ) -> None:
    """Is the honest submission graded in the same batch unaffected (full marks)?"""
    alice = cheat_reports["alice"]
    assert alice.score == alice.max_score


def test_read_solutions_finds_nothing(cheat_course: tuple[Path, dict[str, api.GradeReport]]
                                      ) -> None:
    """Does the sandbox hide the course (source, gradebook, secret, items, reference)?"""
    root, reports = cheat_course
    item = next(i for i in reports["read-solutions"].items if i.id == "ch01.derivee_quotient")
    assert item.status == "fail", item  # nothing found: str([]) is not the derivative
    executed = nbformat.read(root / "autograded" / "read-solutions" / "ch01" / "ch01.ipynb", 4)
    printed = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert printed.count("refused ") == 6, printed


def test_gradebook_and_feedback(released_course: Path, tmp_path: Path,
                                sandbox_ready: None) -> None:
    """Do `grade` and `feedback` fill nbgrader's gradebook and write HTML without hidden code,
    keeping the submitted file byte for byte?"""
    import shutil

    from nbgrader.api import Gradebook

    root = tmp_path / "course"
    shutil.copytree(released_course, root)
    course = Course(root)
    target = root / "submitted" / "bob" / "ch01"
    target.mkdir(parents=True)
    text = make_submission(course, "ch01", load_scenarios(course, "ch01")["bob"])
    (target / "ch01.ipynb").write_text(text)
    (target / "timestamp.txt").write_text("2026-11-27 09:00:00.000000 UTC\n")
    before = (target / "ch01.ipynb").read_bytes()
    [report] = api.grade(course_dir=root, assignment="ch01", limits=FAST_LIMITS)
    assert (target / "ch01.ipynb").read_bytes() == before
    with Gradebook(course.db_url) as gb:
        submission = gb.find_submission("ch01", "bob")
        assert abs(submission.score - report.score) < 1e-9
        assert submission.max_score == report.max_score
    [html_fr] = api.feedback(course_dir=root, assignment="ch01")
    page = html_fr.read_text(encoding="utf-8")
    assert "Retour de correction" in page and "produit des dérivées" in page
    assert "_deepmath_kernel" not in page and "HIDDEN TESTS" not in page
    [html_en] = api.feedback(course_dir=root, assignment="ch01", lang="en")
    assert "Grading feedback" in html_en.read_text(encoding="utf-8")
    results = json.loads((root / "autograded" / "bob" / "ch01" / "results.json").read_text())
    assert results["submission_sha256"] == __import__("hashlib").sha256(before).hexdigest()
