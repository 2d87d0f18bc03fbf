"""Class statistics of one assignment: score distribution, item analysis, declared mistakes.

Conventions (the teacher reads them in the page's footnote):

* Statistics are over the students who submitted; the *completion rate* is the share of the
  class (roster ∪ gradebook ∪ graded) who submitted.
* The SD is the sample standard deviation (``ddof=1``; undefined below two students).
* An item's *facility* is the mean fraction of its points earned (Moodle/STACK's facility
  index, PrairieLearn's mean score).
* Its *discrimination* is the item–rest correlation: Pearson's r between the item's fraction
  and the rest of the score (the total without this item), over the submitters. For an item
  scored 0/1 this is the corrected point-biserial correlation (``scipy.stats.pointbiserialr``
  computes the same r). It is undefined (None) when either side is constant.
* Scores are the gradebook's final scores (manual overrides and late penalties included);
  item analysis uses the autograder's per-item points.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from .classdata import ClassData
from .model import STATUSES, Msg

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Summary:
    n_class: int
    n_submitted: int
    max_score: float
    mean: float | None
    median: float | None
    sd: float | None
    minimum: float | None
    maximum: float | None

    @property
    def completion(self) -> float | None:
        return self.n_submitted / self.n_class if self.n_class else None


@dataclass(frozen=True)
class MistakeCount:
    item: str
    name: str
    """Declared mistake name; ``""`` for a wrong answer no declared mistake explains."""
    count: int
    share: float
    """Share of the submitters who made it."""
    message: Msg


@dataclass(frozen=True)
class ItemStats:
    id: str
    title: Msg
    points: float
    facility: float | None
    discrimination: float | None
    counts: dict[str, int]
    mistakes: list[MistakeCount]


def summarize(scores: FloatArray, max_score: float, n_class: int) -> Summary:
    """Scores of the submitters → mean, median, sample SD, range."""
    n = int(scores.size)
    if n == 0:
        return Summary(n_class, 0, max_score, None, None, None, None, None)
    sd = float(np.std(scores, ddof=1)) if n > 1 else None
    return Summary(n_class, n, max_score, float(np.mean(scores)), float(np.median(scores)), sd,
                   float(np.min(scores)), float(np.max(scores)))


def facility(points: FloatArray, max_points: FloatArray) -> FloatArray:
    """points: (students, items) → mean fraction of each item's points, (items,)."""
    fractions: FloatArray = points / max_points
    result: FloatArray = np.mean(fractions, axis=0)
    return result


def item_rest_correlation(points: FloatArray) -> list[float | None]:
    """points: (students, items) → Pearson r of each item with the rest of the score."""
    total = points.sum(axis=1)
    result: list[float | None] = []
    for j in range(points.shape[1]):
        item, rest = points[:, j], total - points[:, j]
        if points.shape[0] < 3 or np.ptp(item) == 0 or np.ptp(rest) == 0:
            result.append(None)  # r undefined (constant) or meaningless (n < 3)
            continue
        r = float(stats.pearsonr(item, rest).statistic)
        result.append(None if math.isnan(r) else r)
    return result


def score_histogram(scores: FloatArray, max_score: float,
                    bins: int = 10) -> tuple[FloatArray, FloatArray]:
    """Counts per bin over [0, max_score] (the last bin includes max_score)."""
    counts, edges = np.histogram(scores, bins=bins, range=(0.0, max(max_score, 1e-9)))
    return counts.astype(np.float64), edges.astype(np.float64)


def class_scores(data: ClassData) -> tuple[list[str], FloatArray]:
    """The submitters (sorted) and their final scores."""
    students = sorted(data.reports)
    finals = [data.final(s) for s in students]
    return students, np.array([f.score if f else 0.0 for f in finals], dtype=np.float64)


def points_matrix(data: ClassData, students: list[str]) -> FloatArray:
    """(students, items) autograder points; an item absent from a report counts 0."""
    index = {item.id: j for j, item in enumerate(data.items)}
    matrix = np.zeros((len(students), len(data.items)), dtype=np.float64)
    for i, student in enumerate(students):
        for result in data.reports[student].items:
            if result.id in index:
                matrix[i, index[result.id]] = result.points
    return matrix


def item_stats(data: ClassData) -> list[ItemStats]:
    """Per item: facility, discrimination, status counts, mistakes; hardest first."""
    students, _ = class_scores(data)
    points = points_matrix(data, students)
    max_points = np.array([item.points for item in data.items], dtype=np.float64)
    fac = facility(points, max_points) if students else np.full(len(data.items), np.nan)
    disc = item_rest_correlation(points)
    out: list[ItemStats] = []
    for j, item in enumerate(data.items):
        counts: Counter[str] = Counter()
        seen: dict[str, Counter[tuple[str, str]]] = {}
        for student in students:
            result = next((r for r in data.reports[student].items if r.id == item.id), None)
            status = result.status if result else "missing"
            counts[status] += 1
            if result is not None and status in ("fail", "error"):
                key = result.mistake or ("" if status == "fail" else "!error")
                seen.setdefault(key, Counter())[(result.feedback.fr, result.feedback.en)] += 1
        mistakes = []
        for name, messages in seen.items():
            (fr, en), _ = messages.most_common(1)[0]
            n = sum(messages.values())
            mistakes.append(MistakeCount(item.id, name, n, n / len(students), Msg(fr, en)))
        mistakes.sort(key=lambda m: (-m.count, m.name))
        f = float(fac[j])
        out.append(ItemStats(item.id, item.title, item.points, None if math.isnan(f) else f,
                             disc[j], {s: counts[s] for s in STATUSES}, mistakes))
    out.sort(key=lambda s: (s.facility if s.facility is not None else 2.0, s.id))
    return out


def top_mistakes(items: list[ItemStats]) -> list[MistakeCount]:
    """Every mistake of every item, the most frequent first (declared ones first on ties:
    they say what went wrong)."""
    return sorted((m for s in items for m in s.mistakes),
                  key=lambda m: (-m.count, m.name in ("", "!error"), m.item, m.name))
