"""ch07 items: correct answers pass for several variants, each mistake's message fires."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from autograder.course import Course
from autograder.variants import params_for
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {i.name: i for i in Course(REPO_COURSE).items("ch07")}
STUDENTS = ["alice", "bob", "s42", "s43"]
x, y = sp.symbols("x y", real=True)


def _params(name, student):
    return params_for(ITEMS[name], SECRET, "ch07", student)


@pytest.mark.parametrize("student", STUDENTS)
def test_partials_as_text_and_chain_rule(student):
    """Do typed partial derivatives pass, and the missing chain factor get its message?"""
    p = _params("derivees_partielles", student)
    a, b, c = p["a"], p["b"], p["c"]
    text = (f"2*{a}*x*exp({b}*y) - sin(x + {c}*y**2)",
            f"{a * b}*x**2*exp({b}*y) - 2*{c}*y*sin(x + {c}*y**2)")
    assert check(ITEMS["derivees_partielles"], p, text).passed
    outcome = check(ITEMS["derivees_partielles"], p, (text[0], text[1].replace(f"2*{c}*y*", "")))
    assert outcome.mistake == "facteur_chaine"


@pytest.mark.parametrize("student", STUDENTS)
def test_tangent_is_perpendicular_to_gradient(student):
    """Is the expected tangent through P with direction ⟂ grad f (independent check)?"""
    p = _params("tangente_niveau", student)
    line = ITEMS["tangente_niveau"].expected(p)
    x0, y0 = p["P"]
    assert line.subs(x, x0) == y0
    slope = sp.diff(line, x)
    assert sp.simplify(2 * x0 * 1 + 2 * p["a"] * y0 * slope) == 0


@pytest.mark.parametrize("student", STUDENTS)
def test_critical_points_and_nature_by_hand(student):
    """Are the critical points (±a, b), a saddle at −a and a minimum at +a?"""
    p = _params("points_critiques", student)
    assert ITEMS["points_critiques"].expected(p) == [(-p["a"], p["b"]), (p["a"], p["b"])]
    assert check(ITEMS["nature_points"], _params("nature_points", student), ["col", "min"]).passed


def test_directional_normalised_and_numeric_gradient_forward_named():
    """Is a normalised D_v f named, and a forward-difference gradient named?"""
    p = _params("derivee_directionnelle", "alice")
    D = ITEMS["derivee_directionnelle"].expected(p)
    outcome = check(ITEMS["derivee_directionnelle"], p, D / math.hypot(*p["v"]))
    assert outcome.mistake == "normalise"
    item = ITEMS["gradient_numerique"]
    q = _params("gradient_numerique", "alice")

    def central(f, P, h=1e-5):
        return ((f(P[0] + h, P[1]) - f(P[0] - h, P[1])) / (2 * h),
                (f(P[0], P[1] + h) - f(P[0], P[1] - h)) / (2 * h))

    def forward(f, P, h=1e-5):
        return ((f(P[0] + h, P[1]) - f(*P)) / h, (f(P[0], P[1] + h) - f(*P)) / h)

    assert check(item, q, central).passed
    assert check(item, q, forward).mistake == "differences_avant"
