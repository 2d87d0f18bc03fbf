"""Similarity report on a generated class: ``copier`` copied ``orig`` (names changed, comments
added, spacing changed, orig's number pasted), ``ind1`` and ``ind2`` independently made the
same unusual mistake; ``sol`` and ``typ`` are ordinary. The copy must rank first, the
coincidence must show, and solutions written as expected must not count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder import api
from autograder.cli import main
from autograder.course import Course
from autograder.demo import make_submission
from autograder.model import GradeReport, ItemResult, Msg
from autograder.similarity import (
    answer_cells,
    answer_key,
    similarity,
    write_similarity,
)
from autograder.variants import student_variant

from .class_fixture import write_results

pytestmark = pytest.mark.slow  # the released course fixture runs nbgrader

SOLUTION = "__solution__"
ORIG = {
    "heaviside": ("def heaviside(x):\n    if x < 0:\n        resultat = 0\n    else:\n"
                  "        resultat = 1\n    return resultat\n"),
    "newton": ("def newton(f, df, x0, n):\n    compteur = 0\n    valeur = x0\n"
               "    while compteur < n:\n        pente = df(valeur)\n"
               "        valeur = valeur - f(valeur) / pente\n        compteur += 1\n"
               "    return valeur\n"),
    "derivee_somme": ('n_exp = p["n"]\ncoef = p["a"]\nterme1 = n_exp * x**(n_exp - 1)\n'
                      "terme2 = -coef * sp.sin(x)\nderivee_somme = terme1 + terme2\n"),
    "derivee_composee": SOLUTION,
}
COPIER = {
    "heaviside": ("def heaviside(t):\n    # la fonction de Heaviside\n    if t<0:\n"
                  "        r = 0\n    else:\n        r = 1   # H(0) = 1\n    return r\n"),
    "newton": ("def newton(f, df, x0, n):\n    # méthode de Newton\n    i = 0\n    v = x0\n"
               "    while i < n:\n        d = df(v)\n        v = v - f(v)/d\n        i += 1\n"
               "    return v\n"),
    "derivee_somme": ('N = p["n"]\nA = p["a"]\nt1 = N * x**(N - 1)\n'
                      "t2 = -A * sp.sin(x)  # dérivée de cos\nderivee_somme = t1 + t2\n"),
    "derivee_composee": SOLUTION,
}
IND1 = {"derivee_composee": 'derivee_composee = "tan(x)"', "heaviside": SOLUTION,
        "newton": SOLUTION}
IND2 = {"derivee_composee": "reponse = 'tan( x )'\nderivee_composee = reponse",
        "heaviside": "def heaviside(x):\n    return 1 if x >= 0 else 0\n", "newton": SOLUTION}
SOL = {name: SOLUTION for name in ("heaviside", "newton", "derivee_somme", "derivee_composee")}
TYP = {"derivee_composee": "derivee_composee = f\"-sin({p['a']}x)/cos({p['a']}x)\"",
       "heaviside": "def heaviside(x):\n    return np.heaviside(x, 0.5)\n", "newton": SOLUTION}
CLASS = {"orig": ORIG, "copier": COPIER, "ind1": IND1, "ind2": IND2, "sol": SOL, "typ": TYP}


def _submit(course: Course, students: tuple[str, ...] = tuple(CLASS)) -> None:
    for student in students:
        answers = CLASS[student]
        target = course.root / "submitted" / student / "ch01"
        target.mkdir(parents=True, exist_ok=True)
        (target / "ch01.ipynb").write_text(make_submission(course, "ch01", answers),
                                           encoding="utf-8")


def _tagged(value: object) -> dict[str, object]:
    if isinstance(value, str):
        return {"t": "str", "v": value}
    return {"t": "float", "v": repr(value)}


def _grade_without_sandbox(course: Course) -> None:
    """results.json and answers.jsonl as the grader writes them, for two value items:
    derivee_composee (a formula) and graphe_entree_dupliquee (a number)."""
    items = {i.name: i for i in course.items("ch01")}
    composee, graphe = items["derivee_composee"], items["graphe_entree_dupliquee"]
    variant = {s: student_variant(items.values(), course.secret, "ch01", s) for s in CLASS}
    right = {s: (str(composee.expected(variant[s]["derivee_composee"]["params"])),
                 float(graphe.expected(variant[s]["graphe_entree_dupliquee"]["params"])))
             for s in CLASS}
    a_typ = variant["typ"]["derivee_composee"]["params"]["a"]
    handed = {  # (formula, status, mistake), (number, status)
        "orig": ((right["orig"][0], "pass", None), (right["orig"][1], "pass")),
        "copier": ((right["copier"][0], "pass", None), (right["orig"][1], "fail")),
        "ind1": (("tan(x)", "fail", None), (right["ind1"][1], "pass")),
        "ind2": (("tan( x )", "fail", None), (right["ind2"][1], "pass")),
        "sol": ((right["sol"][0], "pass", None), (right["sol"][1], "pass")),
        "typ": ((f"-sin({a_typ}x)/cos({a_typ}x)", "fail", "facteur_interne"),
                (right["typ"][1], "pass")),
    }
    for student, ((formula, st1, mistake), (number, st2)) in handed.items():
        results = [ItemResult(composee.id, float(st1 == "pass"), 1.0, st1,  # type: ignore[arg-type]
                              Msg("m", "m"), mistake),
                   ItemResult(graphe.id, 1.5 * (st2 == "pass"), 1.5, st2,  # type: ignore[arg-type]
                              Msg("m", "m"))]
        path = write_results(course.root, GradeReport("ch01", student, results))
        lines = [{"item": composee.id, "kind": "value", "value": _tagged(formula)},
                 {"item": graphe.id, "kind": "value", "value": _tagged(number)}]
        (path.parent / "answers.jsonl").write_text(
            "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def _check_ranking(course: Course) -> None:
    pairs = similarity(course, "ch01")
    assert (pairs[0].a, pairs[0].b) == ("copier", "orig")
    top = pairs[0]
    assert top.code > 0.6
    kinds = {(e.kind, e.item.split(".")[-1]) for e in top.evidence}
    assert ("code", "newton") in kinds and ("code", "heaviside") in kinds
    newton = next(e for e in top.evidence if e.item == "ch01.newton")
    assert "v - f(v)/d" in newton.shared[0] and "valeur - f(valeur) / pente" in newton.shared[1]
    coincidence = next(p for p in pairs if (p.a, p.b) == ("ind1", "ind2"))
    assert [e.kind for e in coincidence.evidence if e.kind != "code"] == ["same_wrong"]
    assert coincidence.score < top.score
    # writing the instructor's solution is no resemblance
    assert all(p.code == 0 for p in pairs if {p.a, p.b} == {"orig", "sol"} or
               {p.a, p.b} == {"ind1", "sol"})


def test_copy_ranks_first_and_coincidence_shows(fresh_course: Path) -> None:
    course = Course(fresh_course)
    _submit(course)
    _grade_without_sandbox(course)
    _check_ranking(course)
    top = similarity(course, "ch01")[0]
    pasted = next(e for e in top.evidence if e.kind == "cross_variant")
    assert pasted.item == "ch01.graphe_entree_dupliquee" and "juste pour ceux de orig" in (
        pasted.detail.fr)
    page, pairs = write_similarity(course_dir=course.root, assignment="ch01")
    text = page.read_text(encoding="utf-8")
    assert text.index("copier") < text.index("ind1")
    assert "pas des fraudes" in text and "tan(x)" in text
    assert (page.parent / "similarity.csv").read_text().splitlines()[1].startswith(
        "copier,orig,")
    result = CliRunner().invoke(main, ["--course-dir", str(course.root), "--lang", "en",
                                       "similarity", "ch01"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("copier")
    assert result.output.strip().endswith("similarity.html")


def test_answer_cells_and_keys(fresh_course: Path) -> None:
    course = Course(fresh_course)
    cells = answer_cells(make_submission(course, "ch01", IND1), "ch01")
    assert cells["derivee_composee"] == 'derivee_composee = "tan(x)"'
    assert answer_cells("{not json", "ch01") == {}
    item = next(i for i in course.items("ch01") if i.name == "derivee_composee")
    # the same formula typed differently has one normal form
    assert answer_key(item, "tan( x )") == answer_key(item, "tan(x)")
    assert answer_key(item, "2*x+1") == answer_key(item, "1 + x*2")


@pytest.mark.sandbox
def test_real_grading_keeps_answers_for_similarity(fresh_course: Path,
                                                    sandbox_ready: None) -> None:
    """The pipeline writes answers.jsonl; graded in the sandbox, the copy still ranks first."""
    from tests.conftest import FAST_LIMITS

    course = Course(fresh_course)
    _submit(course, ("orig", "copier", "ind1", "ind2"))  # four sandbox runs, not six
    api.grade(course_dir=course.root, assignment="ch01", workers=2, limits=FAST_LIMITS)
    assert (course.root / "autograded" / "ind1" / "ch01" / "answers.jsonl").exists()
    _check_ranking(course)
