"""Graded plots: is a figure handed out as bounded plain data, decoded strictly, and compared
with the reference's figure with a precise message for each kind of problem?

Figures are drawn with real matplotlib and go through the kernel's own encoder
(``FIGURE_ENCODER``), then the grader's decoder, as in the sandbox.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest

from autograder.answers import DecodeError, Record, Unsupported, collect, decode
from autograder.figures import (
    MAX_POINTS,
    Contour,
    Curve,
    FigureData,
    FigureItem,
    FigureSpec,
    Points,
    Surface,
    example_figure,
    figure_problem,
    spec_mistake,
)
from autograder.model import Msg
from tests.autograder.figure_fixture import ENCODE, figure_data, handed_out


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def square(x: np.ndarray) -> np.ndarray:
    return x**2


SPEC = FigureSpec(curves=(Curve(square, (0.0, 2.0), "f", label="carré"),
                          Curve(np.sin, (0.0, 2.0), "g", label="sinus")),
                  title="Deux courbes", xlabel="x", ylabel="y", legend=True, grid=True,
                  xlim=(0.0, 2.0))


def _draw(n: int = 50, *, skip: str = "", funcs: Any = None, x_end: float = 2.0,
          labels: tuple[str, str] = ("carré", "sinus")) -> Any:
    fig = plt.figure()
    X = np.linspace(0, x_end, n)
    for f, label in zip(funcs or (square, np.sin), labels, strict=False):
        plt.plot(X, f(X), label=label)
    if skip != "title":
        plt.title("Deux courbes")
    if skip != "xlabel":
        plt.xlabel("x")
    plt.ylabel("y")
    if skip != "legend":
        plt.legend()
    if skip != "grid":
        plt.grid()
    if skip != "xlim":
        plt.xlim(0, 2)
    return fig


def _problem(spec: FigureSpec, fig: Any) -> str | None:
    problem = figure_problem(spec, figure_data(fig))
    return None if problem is None else problem.fr


# ---- the kernel's encoder: plain data, bounded ----------------------------------------------

def test_encoder_hands_out_plain_json_data() -> None:
    """Is the figure turned into JSON-only data (lines, labels, title, legend, limits, grid)?"""
    node = ENCODE(_draw())
    assert node["t"] == "figure"
    json.dumps(node)  # plain data only
    ax = node["axes"][0]
    assert ax["title"] == "Deux courbes" and ax["legend"] == ["carré", "sinus"]
    assert ax["grid"] is True and ax["xlim"] == [0.0, 2.0]
    assert [line["label"] for line in ax["lines"]] == ["carré", "sinus"]


def test_a_huge_line_is_sampled_with_its_true_count() -> None:
    """Does a line of a million points come out as MAX_POINTS samples (ends kept) and n?"""
    fig = plt.figure()
    X = np.linspace(0, 2, 10**6)
    plt.plot(X, X**2)
    node = handed_out(fig)
    line = node["axes"][0]["lines"][0]
    assert line["n"] == 10**6 and len(line["x"]) == MAX_POINTS
    assert line["x"][0] == 0.0 and line["x"][-1] == 2.0
    assert len(json.dumps(node)) < 50_000
    data = figure_data(fig)
    assert data.axes[0].lines[0].n == 10**6
    spec = FigureSpec(curves=(Curve(square, (0.0, 2.0), "f"),))
    assert figure_problem(spec, data) is None


def test_too_many_axes_and_artists_are_bounded() -> None:
    """Are many axes refused and many lines cut to a bounded number?"""
    fig, axes = plt.subplots(3, 3)
    assert ENCODE(fig) == {"t": "unsupported", "v": "figure: too many axes"}
    fig = plt.figure()
    for k in range(100):
        plt.plot([0, 1], [k, k])
    assert len(handed_out(fig)["axes"][0]["lines"]) == 30


class FakeFigure:
    """Has the attributes a Figure has, but is not one."""

    axes: list[Any] = []

    def get_axes(self) -> list[Any]:
        return []


def test_objects_that_are_not_figures_are_unsupported() -> None:
    """Do a fake object with a Figure's attributes, a list and the pyplot module give
    'unsupported' (never a figure)?"""
    assert ENCODE(FakeFigure()) == {"t": "unsupported", "v": "FakeFigure"}
    assert ENCODE([1, 2])["t"] == "unsupported"
    assert ENCODE(plt)["t"] == "unsupported"


def test_a_lying_axes_subclass_is_unreadable() -> None:
    """Does a real Axes subclass whose get_lines lies (a million junk objects) come out as an
    unreadable figure, not as data?"""
    from matplotlib.axes import Axes

    class Liar(Axes):
        def get_lines(self) -> Any:
            return [1] * 10**6

    fig = plt.figure()
    fig.add_axes(Liar(fig, (0.1, 0.1, 0.8, 0.8)))
    node = ENCODE(fig)
    assert node["t"] == "unsupported" and node["v"].startswith("figure:")


def test_saved_files_are_listed_with_their_type(tmp_path: Path) -> None:
    """Are image files of the working directory listed with size and magic-byte type?"""
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        fig = _draw()
        fig.savefig("vrai.png")
        Path("faux.png").write_text("pas une image")
        files = {f["name"]: f for f in handed_out(fig)["files"]}
    finally:
        os.chdir(cwd)
    assert files["vrai.png"]["type"] == "png" and files["vrai.png"]["size"] > 0
    assert files["faux.png"]["type"] == "other"


# ---- the grader's decoder: strict ------------------------------------------------------------

def _good_node() -> dict[str, Any]:
    return handed_out(_draw())


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    node = _good_node()
    target: Any = node
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return node


BAD_NODES = {
    "axes-not-a-list": (("axes",), "tout"),
    "too-many-axes": (("axes",), [{}] * 5),
    "string-in-data": (("axes", 0, "lines", 0, "x", 0), "1.0"),
    "bool-in-data": (("axes", 0, "lines", 0, "x", 0), True),
    "huge-int": (("axes", 0, "lines", 0, "y", 0), 10**400),
    "too-many-points": (("axes", 0, "lines", 0, "x"), [0.0] * (MAX_POINTS + 1)),
    "x-y-lengths-differ": (("axes", 0, "lines", 0, "y"), [0.0]),
    "n-below-sample": (("axes", 0, "lines", 0, "n"), 3),
    "negative-n": (("axes", 0, "lines", 0, "n"), -1),
    "too-many-lines": (("axes", 0, "lines"), [{}] * 31),
    "long-title": (("axes", 0, "title"), "x" * 1000),
    "legend-not-a-list": (("axes", 0, "legend"), "carré"),
    "bad-limits": (("axes", 0, "xlim"), [0.0, 1.0, 2.0]),
    "bad-file-type": (("files",), [{"name": "a.png", "size": 1, "type": "exe"}]),
}


@pytest.mark.parametrize("case", sorted(BAD_NODES))
def test_malformed_figures_are_rejected(case: str) -> None:
    """Is every malformed or oversized figure record rejected by the decoder?"""
    path, value = BAD_NODES[case]
    with pytest.raises(DecodeError):
        decode(_with(path, value))


def test_a_forged_record_earns_nothing() -> None:
    """Is a forged figure line in the answers file that item's error (an unreadable answer,
    never a figure: issue 7's rule for records that cannot be decoded)?"""
    forged = json.dumps({"item": "ch02.fig", "kind": "value",
                         "value": {"t": "figure", "axes": [{"name": "x"}]}})
    records, _ = collect(forged + "\n", {"ch02.fig"})
    assert records["ch02.fig"].kind == "error"
    assert records["ch02.fig"].value is None


def test_nested_figures_are_not_decoded() -> None:
    """Is a figure tag accepted only at the top of an answer (not inside a list)?"""
    with pytest.raises(DecodeError):
        decode({"t": "list", "v": [_good_node()]})


# ---- comparison messages ---------------------------------------------------------------------

def test_the_reference_figure_passes() -> None:
    """Does a figure drawn as asked pass (and the spec's own example too)?"""
    assert _problem(SPEC, _draw()) is None
    assert figure_problem(SPEC, example_figure(SPEC)) is None


MESSAGES = {
    "count": (dict(funcs=(square,), labels=("carré",)), "2 courbe(s) attendue(s), 1 tracée(s)."),
    "points": (dict(n=5), "La courbe f n'a que 5 points"),
    "range": (dict(x_end=1.5), "va de x = 0 à x = 1.5 au lieu de [0, 2]"),
    "function": (dict(funcs=(square, np.cos)), "La courbe g n'est pas la bonne : en x = 0, "
                 "elle vaut 1 au lieu de 0."),
    "label": (dict(labels=("carré", "sin")), "porte l'étiquette « sin » au lieu de « sinus »"),
    "legend": (dict(skip="legend"), "La légende manque (plt.legend())."),
    "title": (dict(skip="title"), "Le titre manque (« Deux courbes » attendu)."),
    "xlabel": (dict(skip="xlabel"), "Le nom de l'axe des x manque"),
    "grid": (dict(skip="grid"), "La grille manque (plt.grid())."),
    "xlim": (dict(skip="xlim"), "L'axe des x va de"),
}


@pytest.mark.parametrize("case", sorted(MESSAGES))
def test_each_problem_has_its_message(case: str) -> None:
    """Does each kind of difference with the reference figure get its own message?"""
    kwargs, message = MESSAGES[case]
    problem = _problem(SPEC, _draw(**kwargs))
    assert problem is not None and message in problem, problem


def test_legend_texts_and_title_are_compared() -> None:
    """Are a wrong title and a legend with other texts named?"""
    fig = _draw()
    fig.axes[0].set_title("Autre")
    assert "Le titre est « Autre » au lieu de « Deux courbes »" in _problem(SPEC, fig)
    fig = _draw()
    fig.axes[0].legend(["a", "b"])
    assert "La légende affiche" in _problem(SPEC, fig)


def test_aspect_and_saved_file(tmp_path: Path) -> None:
    """Are a missing axis('equal'), a missing file and a file that is not a PNG named?"""
    spec = FigureSpec(curves=(Curve(square, (0.0, 2.0), "f"),), aspect_equal=True,
                      saved="courbe.png")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        fig = plt.figure()
        X = np.linspace(0, 2, 40)
        plt.plot(X, X**2)
        assert "n'est pas orthonormé" in _problem(spec, fig)
        plt.axis("equal")
        assert "n'a pas été enregistré (plt.savefig('courbe.png'))" in _problem(spec, fig)
        Path("courbe.png").write_text("faux")
        assert "n'est pas une image PNG" in _problem(spec, fig)
        fig.savefig("courbe.png")
        assert _problem(spec, fig) is None
    finally:
        os.chdir(cwd)


def test_scatter_messages() -> None:
    """Are a missing scatter and other points named, and the right points accepted in any
    order?"""
    spec = FigureSpec(points=Points((0.0, 1.0, 2.0), (3.0, 1.0, 2.0)))
    fig = plt.figure()
    plt.plot([0, 1, 2], [3, 1, 2])
    assert "Aucun nuage de points" in _problem(spec, fig)
    fig = plt.figure()
    plt.scatter([0, 1, 2], [3, 1, 5])
    assert "ne sont pas les 3 points demandés" in _problem(spec, fig)
    fig = plt.figure()
    plt.scatter([2, 0, 1], [2, 3, 1])
    assert _problem(spec, fig) is None


def saddle(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x**2 - y**2


CONTOUR = FigureSpec(contour=Contour(saddle, (-1.0, 0.0, 1.0), (-2.0, 2.0, -2.0, 2.0)))


def _contour(f: Any = saddle, levels: Any = (-1, 0, 1), filled: bool = False) -> Any:
    fig = plt.figure()
    V = np.linspace(-2, 2, 60)
    X, Y = np.meshgrid(V, V)
    (plt.contourf if filled else plt.contour)(X, Y, f(X, Y), list(levels))
    return fig


def test_contour_messages() -> None:
    """Are no contour, contourf, other levels, another function and empty lines named?"""
    assert _problem(CONTOUR, _contour()) is None
    fig = plt.figure()
    plt.plot([0, 1], [0, 1])
    assert "Aucune ligne de niveau" in _problem(CONTOUR, fig)
    assert "plt.contourf colorie" in _problem(CONTOUR, _contour(filled=True))
    assert "Niveaux tracés [-1, 0] au lieu de [-1, 0, 1]" in _problem(
        CONTOUR, _contour(levels=(-1, 0)))
    assert "Ce ne sont pas les lignes de niveau de f" in _problem(
        CONTOUR, _contour(f=lambda x, y: x + y))
    far = FigureSpec(contour=Contour(saddle, (50.0,), (-2.0, 2.0, -2.0, 2.0)))
    assert "Les lignes de niveau sont vides" in _problem(far, _contour(levels=(50,)))


SURFACE = FigureSpec(surface=Surface(saddle, (-2.0, 2.0), (-2.0, 2.0)), projection="3d")


def _surface(f: Any = saddle, n: int = 10, r: float = 2.0) -> Any:
    fig = plt.figure()
    ax = plt.axes(projection="3d")
    V = np.linspace(-r, r, n)
    X, Y = np.meshgrid(V, V)
    ax.plot_surface(X, Y, f(X, Y))
    return fig


def test_surface_messages() -> None:
    """Are a flat plot, no surface, a coarse grid, another box and another f named?"""
    assert _problem(SURFACE, _surface()) is None
    assert "Un graphe en 3D est attendu" in _problem(SURFACE, _contour())
    fig = plt.figure()
    plt.axes(projection="3d").plot([0, 1], [0, 1], [0, 1])
    assert "Aucune surface n'est tracée" in _problem(SURFACE, fig)
    assert "la grille est trop grossière" in _problem(SURFACE, _surface(n=3))
    assert "La surface couvre x ∈ [-1, 1] au lieu de [-2, 2]" in _problem(
        SURFACE, _surface(r=1.0))
    assert "Ce n'est pas le graphe de f" in _problem(SURFACE, _surface(f=lambda x, y: x * y))
    assert "Un graphe plan est attendu" in _problem(SPEC, _surface())


def test_an_empty_figure_is_named() -> None:
    """Does a figure with no axes at all get « La figure est vide »?"""
    assert "La figure est vide" in _problem(SPEC, plt.figure())


# ---- the item --------------------------------------------------------------------------------

ITEM = FigureItem(
    id="t.fig", points=1, title=Msg("t", "t"), draw=lambda r: {}, statement=lambda p: "",
    expected=lambda p: SPEC,
    mistakes=[spec_mistake("cosinus", Msg("cos au lieu de sin", "cos instead of sin"),
                           lambda p: FigureSpec(**{**SPEC.__dict__, "curves": (
                               SPEC.curves[0], Curve(np.cos, (0.0, 2.0), "g", label="sinus"))}))])


def _check(value: Any) -> Any:
    return ITEM.check(Record("t.fig", "value", value=value), {})


def test_item_passes_names_mistakes_and_falls_back_to_the_first_problem() -> None:
    """Does the item accept the right figure, name a declared mistake, and otherwise give
    the first problem found?"""
    assert _check(figure_data(_draw())).passed
    outcome = _check(figure_data(_draw(funcs=(square, np.cos))))
    assert (outcome.passed, outcome.mistake) == (False, "cosinus")
    outcome = _check(figure_data(_draw(skip="grid")))
    assert outcome.mistake is None and outcome.message.fr == "La grille manque (plt.grid())."


def test_item_messages_for_what_is_not_a_figure() -> None:
    """Do a non-figure answer and an unreadable figure get clear messages?"""
    outcome = _check(decode(ENCODE(FakeFigure())))
    assert not outcome.passed and "Une figure matplotlib est attendue" in outcome.message.fr
    assert "FakeFigure" in outcome.message.fr
    outcome = _check(Unsupported("figure: ValueError: could not convert"))
    assert outcome.message.en.startswith("The figure could not be read (ValueError")
    assert not _check(3.0).passed


def test_a_forged_figure_earns_nothing_it_did_not_draw() -> None:
    """Does a figure record forged from a spec other than the reference (zero lines with the
    right labels and title) fail?"""
    forged = FigureData(axes=tuple(
        ax.__class__(**{**ax.__dict__, "lines": tuple(
            line.__class__(**{**line.__dict__, "y": np.zeros_like(line.y)})
            for line in ax.lines)})
        for ax in example_figure(SPEC).axes))
    outcome = _check(forged)
    assert not outcome.passed and "n'est pas la bonne" in outcome.message.fr


def test_xlim_reset_by_axis_equal_is_explained() -> None:
    """Is a plt.xlim undone by a later plt.axis('equal') explained as such?"""
    spec = FigureSpec(curves=(Curve(square, (0.0, 2.0), "f"),), xlim=(0.0, 2.0),
                      aspect_equal=True)
    fig = plt.figure()
    X = np.linspace(0, 2, 40)
    plt.plot(X, X**2)
    plt.xlim(0, 2)
    plt.axis("equal")
    assert "appelez plt.xlim après lui" in _problem(spec, fig)
