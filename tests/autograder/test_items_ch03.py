"""ch03 items in the grader's process: formulas in x and y, gradient tuples, exact minima, the
grid search and the book's perpendicular-distance regression (least squares is a mistake)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from autograder.answers import Record, SymbolicText
from autograder.course import Course
from autograder.variants import params_for
from reference import regression
from tests.course.test_course_all import REPO_COURSE, SECRET, check

ITEMS = {item.name: item for item in Course(REPO_COURSE).items("ch03")}
x, y = sp.symbols("x y", real=True)


def _params(name: str, student: str = "alice") -> dict:
    return params_for(ITEMS[name], SECRET, "ch03", student)


@pytest.mark.parametrize("student", ["alice", "bob", "s42"])
@pytest.mark.parametrize("name", ["cout_developpe", "minimum_exact", "gradient", "plan_tangent",
                                  "courbes_niveau", "quadriques", "regression_orthogonale"])
def test_reference_answer_passes(name: str, student: str) -> None:
    """Is the expected answer itself accepted for this student's parameters?"""
    item, params = ITEMS[name], _params(name, student)
    assert check(item, params, item.expected(params)).passed


def test_formulas_in_two_variables_accept_other_forms() -> None:
    """Are an unexpanded string and a sympy expression in x and y both accepted?"""
    item, params = ITEMS["cout_developpe"], {"points": [[1, 2], [3, 5], [6, 1]]}
    assert check(item, params, "3x^2 + 3y^2 - 20x - 16y + 76").passed  # the book's expansion
    text = " + ".join(f"(x - {a})^2 + (y - {b})^2" for a, b in params["points"])
    assert check(item, params, text).passed
    assert not check(item, params, "3x^2 + 3y^2 - 20x - 16y + 75").passed
    unknown = check(item, params, "3*x^2 + z")
    assert not unknown.passed and unknown.mistake is None


def test_gradient_tuple_shape_and_components() -> None:
    """Is a list accepted like a tuple, and are a wrong length or a non-formula explained?"""
    item, params = ITEMS["gradient"], {"n": 2, "m": 3, "a": 2, "b": 3}
    fx = "2*x*y^3 - 6*y*sin(3*x*y)"
    fy = "3*x^2*y^2 - 6*x*sin(3*x*y)"
    assert check(item, params, [SymbolicText(fx), SymbolicText(fy)]).passed
    assert check(item, params, (fx, fy)).passed
    assert "3" in check(item, params, (fx, fy, "0")).message.fr
    wrong_y = check(item, params, (fx, "x"))
    assert not wrong_y.passed and wrong_y.message.fr.startswith("∂f/∂y")
    bad = item.check(Record(item.id, "value", value=(fx, [1, 2])), params)
    assert not bad.passed and "Composante 1" in bad.message.fr


def test_exact_minimum_wants_fractions() -> None:
    """Does the book's A(1,2), B(3,5), C(6,1) give (10/3, 8/3, 64/3), and 3.33 a hint?"""
    item, params = ITEMS["minimum_exact"], {"points": [[1, 2], [3, 5], [6, 1]]}
    assert check(item, params, (Fraction(10, 3), Fraction(8, 3), Fraction(64, 3))).passed
    rounded = check(item, params, (3.33, 2.66, 21.33))
    assert rounded.mistake == "valeurs_approchees"


def test_book_regression_points() -> None:
    """On the book's five points, is (0.797, 1.611) right and least squares (0.7, 2) named?"""
    item = ITEMS["regression_orthogonale"]
    params = {"points": regression.BOOK_POINTS.tolist()}
    assert check(item, params, (0.7972, 1.6111)).passed
    assert check(item, params, (0.7, 2.0)).mistake == "moindres_carres"
    assert check(item, params, (-1.2544, 9.8174)).mistake == "point_selle"


def _student_grid(f, xmin, xmax, ymin, ymax, n):  # noqa: ANN001, ANN202
    xs, ys = np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)
    X, Y = np.meshgrid(xs, ys)
    Z = f(X, Y)
    i, j = np.unravel_index(np.argmin(Z), Z.shape)
    return (float(xs[j]), float(ys[i]), float(Z[i, j]))


@pytest.mark.parametrize("student", ["alice", "bob", "s42", "s43"])
def test_grid_search_solution_and_transposition(student: str) -> None:
    """Is a student's meshgrid search accepted, and is reading Z[i, j] as (xs[i], ys[j])
    named, for several students' functions?"""
    item, params = ITEMS["minimum_grille"], _params("minimum_grille", student)
    assert check(item, params, _student_grid).passed
    transposed = next(m for m in item.mistakes if m.name == "meshgrid_transpose").wrong
    assert transposed is not None
    assert check(item, params, transposed(params)).mistake == "meshgrid_transpose"


def test_the_book_grid_example() -> None:
    """Does the reference give the book's (2.91, 2.97), 7.84 on [0, 6]², N = 100?"""
    calls = ITEMS["minimum_grille"].probes(_params("minimum_grille"), __import__("random")
                                           .Random(0)) or []
    out = ITEMS["minimum_grille"].expected_outputs(
        ITEMS["minimum_grille"].reference({}), calls)
    assert np.allclose(out[1], (2.909091, 2.969697, 7.838748), atol=1e-6)


def test_level_sets_at_the_lowest_level() -> None:
    """Is the level c = d the single point (a, b), and √(c − d) the radius?"""
    item = ITEMS["courbes_niveau"]
    params = {"a": 1, "b": -2, "d": 3, "cs": [7, 3, 1]}
    assert check(item, params, (["cercle", "point", "vide"], 2.0)).passed
    assert check(item, params, (["cercle", "vide", "vide"], 2.0)).mistake == "niveau_minimum"


def test_quadric_with_a_dominant_cross_term_is_a_saddle() -> None:
    """Is x² + 4xy + y² a saddle (hyperbolas), and 'ellipses' there the named mistake?"""
    item = ITEMS["quadriques"]
    params = {"fs": [[1, 4, 1], [2, 1, 3], [1, 2, 1]]}
    assert check(item, params, ["hyperboles", "ellipses", "droites"]).passed
    assert check(item, params, ["ellipses", "ellipses", "ellipses"]).mistake \
        == "terme_croise_ignore"
