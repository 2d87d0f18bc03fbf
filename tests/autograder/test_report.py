"""Class report: each statistic against hand-computed values on a small synthetic class,
then the page and its CSV tables on the real ch01 items."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from autograder.cli import main
from autograder.course import Course
from autograder.demo import copy_course
from autograder.model import GradeReport, ItemResult, Msg
from autograder.report import (
    class_scores,
    facility,
    item_rest_correlation,
    item_stats,
    points_matrix,
    score_histogram,
    summarize,
    top_mistakes,
)
from autograder.report_page import fmt, pct, write_course_report, write_report

from .class_fixture import synthetic_class, write_results


def test_summary_statistics_match_hand_computation() -> None:
    data = synthetic_class()
    students, scores = class_scores(data)
    assert students == ["ana", "ben", "cyd", "dan", "eve"]
    s = summarize(scores, data.max_score, len(data.people))
    # scores 3, 2, 1, 1, 0: mean 7/5, median 1, squared deviations sum 5.2 → var 5.2/4
    assert s.mean == pytest.approx(1.4)
    assert s.median == pytest.approx(1.0)
    assert s.sd == pytest.approx(math.sqrt(1.3))
    assert (s.minimum, s.maximum, s.max_score) == (0.0, 3.0, 3.0)
    assert s.completion == pytest.approx(5 / 6)  # fay is in the class but did not submit


def test_summary_of_tiny_classes_is_defined() -> None:
    assert summarize(np.array([]), 3.0, 4).mean is None
    one = summarize(np.array([2.0]), 3.0, 1)
    assert (one.mean, one.median, one.sd) == (2.0, 2.0, None)


def test_facility_is_the_mean_fraction_of_points() -> None:
    data = synthetic_class()
    students, _ = class_scores(data)
    points = points_matrix(data, students)
    assert facility(points, np.array([1.0, 1.0, 1.0])) == pytest.approx([0.6, 0.6, 0.2])
    # a 2-point item scored 2, 1, 0, 1 → fractions 1, .5, 0, .5 → .5
    assert facility(np.array([[2.0], [1.0], [0.0], [1.0]]), np.array([2.0])) == pytest.approx(
        [0.5])


def test_discrimination_is_the_item_rest_correlation() -> None:
    data = synthetic_class()
    students, _ = class_scores(data)
    r = item_rest_correlation(points_matrix(data, students))
    # item a: x = 1,1,1,0,0 and rest = 2,1,0,1,0; Σdxdy = 0.6, Σdx² = 1.2, Σdy² = 2.8
    assert r[0] == pytest.approx(0.6 / math.sqrt(1.2 * 2.8))
    # item c: x = 1,0,0,0,0 and rest = 2,2,1,1,0; Σdxdy = 0.8, Σdx² = 0.8, Σdy² = 2.8
    assert r[2] == pytest.approx(0.8 / math.sqrt(0.8 * 2.8))
    # for a 0/1 item it is the (corrected) point-biserial correlation
    x, rest = np.array([1, 0, 0, 0, 0.0]), np.array([2, 2, 1, 1, 0.0])
    assert r[2] == pytest.approx(stats.pointbiserialr(x, rest).statistic)


def test_discrimination_undefined_for_constant_items_or_tiny_classes() -> None:
    assert item_rest_correlation(np.array([[1.0, 0], [1, 1], [1, 0]])) == [None, None]
    assert item_rest_correlation(np.array([[1.0, 0], [0, 1]])) == [None, None]


def test_histogram_counts_include_the_maximum() -> None:
    counts, edges = score_histogram(np.array([0.0, 1.0, 1.0, 3.0]), 3.0, bins=3)
    assert counts.tolist() == [1, 2, 1]
    assert edges.tolist() == [0.0, 1.0, 2.0, 3.0]


def test_item_stats_counts_mistakes_and_sorts_hardest_first() -> None:
    items = item_stats(synthetic_class())
    assert [s.id for s in items] == ["ch99.c", "ch99.a", "ch99.b"]
    c = items[0]
    assert c.counts == {"pass": 1, "fail": 3, "error": 0, "missing": 1}
    assert [(m.name, m.count, m.share) for m in c.mistakes] == [("m1", 2, 0.4), ("", 1, 0.2)]
    assert c.mistakes[0].message == Msg("vu m1", "seen m1")  # what the students saw
    top = top_mistakes(items)
    assert (top[0].item, top[0].name) == ("ch99.c", "m1")


def test_numbers_in_french_and_english() -> None:
    assert fmt(12.5, "fr") == "12,5" and fmt(12.5, "en") == "12.5" and fmt(None, "fr") == "—"
    assert pct(0.4166, "fr") == "42\u202f%" and pct(0.4166, "en") == "42%"


def _ch01_class(root: Path) -> Course:
    """The repository's course with six graded students (no sandbox): results written as
    the grader writes them; zoe is on the roster and submitted nothing."""
    course = copy_course(root)
    items = course.items("ch01")
    students = ["amel", "bruno", "chen", "dora", "emil", "farid"]
    (course.root / "roster.csv").write_text(
        "username,role,first_name,last_name,email,sis_id,section\n"
        + "".join(f"{s},student,{s.title()},Test,{s}@example.org,S{n},G1\n"
                  for n, s in enumerate([*students, "zoe"])), encoding="utf-8")
    for n, student in enumerate(students):
        results = []
        for k, item in enumerate(items):
            ok = (n + k) % 3 != 0
            mistake = None
            if item.name == "derivee_composee":
                ok, mistake = n == 0, None if n == 0 else "facteur_interne"
            message = (item.mistakes[0].message if mistake else Msg("Correct.", "Correct.")
                       if ok else Msg("valeur incorrecte", "wrong value"))
            results.append(ItemResult(item.id, item.points if ok else 0.0, item.points,
                                      "pass" if ok else "fail", message, mistake))
        write_results(course.root, GradeReport("ch01", student, results))
    page = course.root / "feedback" / "amel" / "ch01" / "ch01.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html>feedback</html>", encoding="utf-8")
    return course


def test_report_page_and_tables(tmp_path: Path) -> None:
    course = _ch01_class(tmp_path / "course")
    page = write_report(course_dir=course.root, assignment="ch01")
    assert page == course.root / "reports" / "ch01" / "rapport.html"
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text  # self-contained, no network
    assert text.count("data:image/png;base64,") == 2
    assert "Les erreurs les plus fréquentes" in text
    # the chain-rule mistake: 5 of the 6 submitters, first in the table, with its message
    mistakes = text.split("id='mistakes'")[1].split("</table>")[0]
    first_row = mistakes.split("<tr>")[2]
    assert "83\u202f%" in first_row and "facteur_interne" in first_row
    assert "la dérivée de l&#x27;intérieur manque" in first_row
    assert "../../feedback/amel/ch01/ch01.html" in text
    assert "non rendu" in text  # zoe
    with open(page.parent / "items.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["item"] == "ch01.derivee_composee"
    assert float(rows[0]["facility"]) == pytest.approx(1 / 6, abs=1e-6)
    with open(page.parent / "students.csv", encoding="utf-8") as fh:
        people = {r["username"]: r for r in csv.DictReader(fh)}
    assert people["zoe"]["submitted"] == "0" and people["amel"]["submitted"] == "1"
    with open(page.parent / "summary.csv", encoding="utf-8") as fh:
        summary = dict(csv.reader(fh))
    assert float(summary["completion"]) == pytest.approx(6 / 7, abs=1e-6)
    english = write_report(course_dir=course.root, assignment="ch01", lang="en")
    assert "The most frequent mistakes" in english.read_text(encoding="utf-8")


def test_course_report_lists_graded_assignments(tmp_path: Path) -> None:
    course = _ch01_class(tmp_path / "course")
    index = write_course_report(course_dir=course.root)
    text = index.read_text(encoding="utf-8")
    assert "ch01/rapport.html" in text and "zoe" in text
    assert (course.root / "reports" / "totals.csv").exists()


def test_report_command(tmp_path: Path) -> None:
    course = _ch01_class(tmp_path / "course")
    run = CliRunner().invoke
    result = run(main, ["--course-dir", str(course.root), "--lang", "en", "report", "ch01"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("reports/ch01/report.html")
    result = run(main, ["--course-dir", str(course.root), "report", "--all"])
    assert result.exit_code == 0 and "reports/index.html" in result.output
    assert run(main, ["--course-dir", str(course.root), "report"]).exit_code == 2
    assert run(main, ["--course-dir", str(course.root), "report", "ch77"]).exit_code == 3


def test_late_text() -> None:
    from datetime import datetime

    from autograder.classdata import Final
    from autograder.report_page import late_text

    assert late_text(None, "fr") == "—"
    assert late_text(Final(3.0, 0.0, 5.0), "fr") == "non"
    late = Final(3.0, 0.5, 5.0, datetime(2026, 1, 1), seconds_late=3 * 3600 + 5 * 60)
    assert late_text(late, "fr") == "3 h 05 min (pénalité 0,5)"
    assert late_text(Final(3.0, 0.0, 5.0, seconds_late=600), "en") == "10 min"
    assert late.score == 2.5 and Final(0.2, 1.0, 5.0).score == 0.0
