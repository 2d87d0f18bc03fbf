"""Graded plots: a matplotlib figure handed out *as data*, checked against the reference.

The kernel (``sandbox/kernel_preamble.py``, ``FIGURE_ENCODER``) turns the student's Figure or
Axes into ``{"t": "figure", "axes": [...], "files": [...]}``: each line's points (sampled to
a bounded count, with the true count ``n``), scatter offsets, labels, title, legend texts,
limits, scales, grid, aspect, contour levels and sampled level-line vertices, 3-D surface or
wireframe vertices, and the image files of the working directory (name, size, type from the
magic bytes). Nothing is judged from pixels.

Here, in the grader's process, :func:`decode_figure` validates that untrusted record with
strict bounds into frozen dataclasses, and :class:`FigureItem` compares it with a
:class:`FigureSpec` built from ``reference/``: curves are checked by evaluating the reference
function at the x values the student used, level lines by evaluating f on their vertices,
surfaces by evaluating f at their vertices. The first problem found becomes the feedback
(« 4 courbes attendues, 3 tracées », « la légende manque », …); declared mistakes are
alternative specs (``wrong``) or predicates on the decoded figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .answers import DecodeError, Record, Unsupported
from .compare import describe
from .items import Item, Mistake, Params
from .model import Msg, Outcome

MAX_AXES = 4
MAX_ARTISTS = 30
MAX_POINTS = 400
MAX_PATH_POINTS = 200
MAX_LEVELS = 50
MAX_SURFACE_POINTS = 1500
MAX_FILES = 20
MAX_TEXT = 200

Array = np.ndarray
Fn1 = Callable[[Array], Any]
Fn2 = Callable[[Array, Array], Any]


# ---- decoded data ------------------------------------------------------------------------------

@dataclass(frozen=True)
class LineData:
    """One plotted line: its (sampled) points, the true number of points, its label."""

    n: int
    x: Array
    y: Array
    label: str | None
    z: Array | None = None


@dataclass(frozen=True)
class ScatterData:
    n: int
    x: Array
    y: Array
    label: str | None


@dataclass(frozen=True)
class ContourData:
    levels: Array
    filled: bool
    paths: tuple[tuple[Array, Array], ...]
    """Sampled vertices of the path drawn for each level (same order as ``levels``)."""


@dataclass(frozen=True)
class SurfaceData:
    kind: str
    """"surface" (plot_surface) or "wireframe" (plot_wireframe)."""
    n: int
    x: Array
    y: Array
    z: Array


@dataclass(frozen=True)
class AxesData:
    name: str
    title: str
    xlabel: str
    ylabel: str
    zlabel: str
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xscale: str
    yscale: str
    grid: bool
    aspect: str
    legend: tuple[str, ...] | None
    lines: tuple[LineData, ...]
    scatters: tuple[ScatterData, ...]
    contours: tuple[ContourData, ...]
    surfaces: tuple[SurfaceData, ...]


@dataclass(frozen=True)
class FileData:
    name: str
    size: int
    type: str


@dataclass(frozen=True)
class FigureData:
    """What a student's figure shows, as plain data (decoded and bounded)."""

    axes: tuple[AxesData, ...]
    files: tuple[FileData, ...] = ()


# ---- decoding (untrusted input: every field checked, every size bounded) ------------------------

def _obj(node: Any, what: str) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise DecodeError(f"figure: bad {what}")
    return node


def _list(node: Any, limit: int, what: str) -> list[Any]:
    if not isinstance(node, list) or len(node) > limit:
        raise DecodeError(f"figure: bad {what}")
    return node


def _text(node: Any, optional: bool = False) -> str | None:
    if node is None and optional:
        return None
    if not isinstance(node, str) or len(node) > MAX_TEXT:
        raise DecodeError("figure: bad text")
    return node


def _str(node: Any) -> str:
    value = _text(node)
    return value if value is not None else ""


def _count(node: Any) -> int:
    if not isinstance(node, int) or isinstance(node, bool) or not 0 <= node <= 10**9:
        raise DecodeError("figure: bad count")
    return node


def _floats(node: Any, limit: int) -> Array:
    values = _list(node, limit, "numbers")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        raise DecodeError("figure: non-numeric data")
    try:
        return np.array(values, dtype=np.float64)
    except (OverflowError, ValueError) as exc:
        raise DecodeError("figure: non-numeric data") from exc


def _pair(node: Any) -> tuple[float, float]:
    values = _floats(node, 2)
    if values.shape != (2,):
        raise DecodeError("figure: bad limits")
    return float(values[0]), float(values[1])


def _xy(node: dict[str, Any], limit: int) -> tuple[int, Array, Array]:
    n = _count(node.get("n"))
    x, y = _floats(node.get("x"), limit), _floats(node.get("y"), limit)
    if x.shape != y.shape or len(x) > n:
        raise DecodeError("figure: x and y differ in length")
    return n, x, y


def _line(node: Any) -> LineData:
    node = _obj(node, "line")
    n, x, y = _xy(node, MAX_POINTS)
    z = None if node.get("z") is None else _floats(node.get("z"), MAX_POINTS)
    if z is not None and z.shape != x.shape:
        raise DecodeError("figure: bad 3-D line")
    return LineData(n, x, y, _text(node.get("label"), optional=True), z)


def _scatter(node: Any) -> ScatterData:
    node = _obj(node, "scatter")
    n, x, y = _xy(node, MAX_POINTS)
    return ScatterData(n, x, y, _text(node.get("label"), optional=True))


def _contour(node: Any) -> ContourData:
    node = _obj(node, "contour")
    levels = _floats(node.get("levels"), MAX_LEVELS)
    filled = node.get("filled")
    if not isinstance(filled, bool):
        raise DecodeError("figure: bad contour")
    paths = tuple(_xy(_obj(p, "path"), MAX_PATH_POINTS)[1:]
                  for p in _list(node.get("paths"), MAX_LEVELS, "paths"))
    return ContourData(levels, filled, paths)


def _surface(node: Any) -> SurfaceData:
    node = _obj(node, "surface")
    kind = node.get("kind")
    if kind not in ("surface", "wireframe"):
        raise DecodeError("figure: bad surface")
    n, x, y = _xy(node, MAX_SURFACE_POINTS)
    z = _floats(node.get("z"), MAX_SURFACE_POINTS)
    if z.shape != x.shape:
        raise DecodeError("figure: bad surface")
    return SurfaceData(str(kind), n, x, y, z)


def _axes(node: Any) -> AxesData:
    node = _obj(node, "axes")
    legend = node.get("legend")
    return AxesData(
        name=_str(node.get("name")), title=_str(node.get("title")),
        xlabel=_str(node.get("xlabel")), ylabel=_str(node.get("ylabel")),
        zlabel=_str(node.get("zlabel", "")),
        xlim=_pair(node.get("xlim")), ylim=_pair(node.get("ylim")),
        xscale=_str(node.get("xscale")), yscale=_str(node.get("yscale")),
        grid=node.get("grid") is True, aspect=_str(node.get("aspect")),
        legend=None if legend is None else tuple(
            _str(t) for t in _list(legend, MAX_ARTISTS, "legend")),
        lines=tuple(_line(v) for v in _list(node.get("lines"), MAX_ARTISTS, "lines")),
        scatters=tuple(_scatter(v) for v in _list(node.get("scatters"), MAX_ARTISTS, "scatters")),
        contours=tuple(_contour(v) for v in _list(node.get("contours"), MAX_ARTISTS, "contours")),
        surfaces=tuple(_surface(v) for v in _list(node.get("surfaces"), MAX_ARTISTS, "surfaces")))


def _file(node: Any) -> FileData:
    node = _obj(node, "file")
    kind = node.get("type")
    if kind not in ("png", "pdf", "jpeg", "svg", "other"):
        raise DecodeError("figure: bad file type")
    return FileData(_str(node.get("name")), _count(node.get("size")), str(kind))


def decode_figure(node: dict[str, Any]) -> FigureData:
    """Tagged ``{"t": "figure", ...}`` → FigureData (raises DecodeError on anything off)."""
    return FigureData(
        axes=tuple(_axes(a) for a in _list(node.get("axes"), MAX_AXES, "axes")),
        files=tuple(_file(f) for f in _list(node.get("files", []), MAX_FILES, "files")))


# ---- what the reference figure shows -----------------------------------------------------------

@dataclass(frozen=True)
class Curve:
    """One expected curve y = f(x) on [a, b] (f from ``reference/``, vectorised)."""

    f: Fn1
    domain: tuple[float, float]
    name: str
    """How feedback names the curve (e.g. "k=2", "f")."""
    label: str | None = None
    """Legend label the curve must carry (None: not checked)."""
    min_points: int = 20


@dataclass(frozen=True)
class Points:
    """Points to mark with plt.scatter (not joined)."""

    x: tuple[float, ...]
    y: tuple[float, ...]


@dataclass(frozen=True)
class Contour:
    """Level lines of f(x, y) at the given levels (plt.contour, or contourf if filled)."""

    f: Fn2
    levels: tuple[float, ...]
    box: tuple[float, float, float, float]
    """(xmin, xmax, ymin, ymax) of the grid the statement asks for."""
    filled: bool = False
    tol: float = 0.25
    """Largest |f(vertex) − level| accepted on a level line (the grid interpolates)."""


@dataclass(frozen=True)
class Surface:
    """The graph z = f(x, y) over a box, drawn with plot_surface (or plot_wireframe)."""

    f: Fn2
    x_domain: tuple[float, float]
    y_domain: tuple[float, float]
    min_points: int = 16


@dataclass(frozen=True)
class FigureSpec:
    """Everything the statement requires of the figure; None/False: not checked."""

    curves: tuple[Curve, ...] = ()
    points: Points | None = None
    contour: Contour | None = None
    surface: Surface | None = None
    projection: str = "rectilinear"
    title: str | None = None
    xlabel: str | None = None
    ylabel: str | None = None
    legend: bool = False
    grid: bool = False
    xlim: tuple[float, float] | None = None
    aspect_equal: bool = False
    saved: str | None = None
    """File name the figure must be saved to, as a PNG (plt.savefig)."""
    rtol: float = 1e-6
    atol: float = 1e-9


# ---- comparison --------------------------------------------------------------------------------

def _g(value: float) -> str:
    return f"{value:.4g}"


def _eval1(f: Fn1, x: Array) -> Array:
    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(f(x), dtype=np.float64), x.shape)


def _eval2(f: Fn2, x: Array, y: Array) -> Array:
    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(f(x, y), dtype=np.float64), x.shape)


def _first_bad(want: Array, got: Array, rtol: float, atol: float) -> int | None:
    bad = ~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    return int(np.argmax(bad)) if bad.any() else None


def _covers(lo: float, hi: float, domain: tuple[float, float], tol: float) -> bool:
    a, b = domain
    scale = max(abs(b - a), 1.0)
    return abs(lo - a) <= tol * scale and abs(hi - b) <= tol * scale


def _curve_problem(curve: Curve, line: LineData, spec: FigureSpec) -> Msg | None:
    name = curve.name
    if line.n < curve.min_points:
        return Msg(f"La courbe {name} n'a que {line.n} points : il en faut au moins "
                   f"{curve.min_points} pour une courbe lisse (np.linspace).",
                   f"Curve {name} has only {line.n} points: at least {curve.min_points} are "
                   "needed for a smooth curve (np.linspace).")
    finite = line.x[np.isfinite(line.x)]
    if finite.size == 0:
        return Msg(f"La courbe {name} n'a aucun point fini.", f"Curve {name} has no finite point.")
    lo, hi = float(finite.min()), float(finite.max())
    if not _covers(lo, hi, curve.domain, 1e-3):
        a, b = curve.domain
        return Msg(f"La courbe {name} va de x = {_g(lo)} à x = {_g(hi)} au lieu de "
                   f"[{_g(a)}, {_g(b)}].",
                   f"Curve {name} runs from x = {_g(lo)} to x = {_g(hi)} instead of "
                   f"[{_g(a)}, {_g(b)}].")
    want = _eval1(curve.f, line.x)
    bad = _first_bad(want, line.y, spec.rtol, spec.atol)
    if bad is not None:
        return Msg(f"La courbe {name} n'est pas la bonne : en x = {_g(line.x[bad])}, elle vaut "
                   f"{_g(line.y[bad])} au lieu de {_g(want[bad])}.",
                   f"Curve {name} is not the right one: at x = {_g(line.x[bad])} it is "
                   f"{_g(line.y[bad])} instead of {_g(want[bad])}.")
    if curve.label is not None and (line.label or "").strip() != curve.label:
        got = line.label or ""
        return Msg(f"La courbe {name} porte l'étiquette « {got} » au lieu de « {curve.label} » "
                   "(label=...).",
                   f"Curve {name} is labelled “{got}” instead of “{curve.label}” (label=...).")
    return None


def _curves_problem(spec: FigureSpec, ax: AxesData) -> Msg | None:
    lines = [line for line in ax.lines if line.n >= 2]
    want, got = len(spec.curves), len(lines)
    if got != want:
        return Msg(f"{want} courbe(s) attendue(s), {got} tracée(s).",
                   f"{want} curve(s) expected, {got} drawn.")
    free = list(lines)
    for curve in spec.curves:
        match = next((ln for ln in free if _curve_problem(curve, ln, spec) is None), None)
        if match is not None:
            free.remove(match)
            continue
        named = [ln for ln in free if curve.label is not None and ln.label == curve.label]
        return _curve_problem(curve, (named or free)[0], spec)
    return None


def _points_problem(points: Points, ax: AxesData, spec: FigureSpec) -> Msg | None:
    want = np.array(sorted(zip(points.x, points.y, strict=True)), dtype=np.float64)
    for scatter in ax.scatters:
        got = np.array(sorted(zip(scatter.x.tolist(), scatter.y.tolist(), strict=True)),
                       dtype=np.float64)
        if got.shape == want.shape and np.allclose(got, want, rtol=spec.rtol, atol=spec.atol):
            return None
    if not ax.scatters:
        return Msg("Aucun nuage de points : utilisez plt.scatter(X, Y).",
                   "No scatter plot: use plt.scatter(X, Y).")
    return Msg(f"Les points marqués ne sont pas les {len(want)} points demandés.",
               f"The marked points are not the {len(want)} points asked for.")


def _contour_problem(spec_c: Contour, ax: AxesData) -> Msg | None:
    if not ax.contours:
        return Msg("Aucune ligne de niveau n'est tracée (plt.contour(X, Y, Z, niveaux)).",
                   "No level lines are drawn (plt.contour(X, Y, Z, levels)).")
    cs = ax.contours[0]
    if cs.filled != spec_c.filled:
        return (Msg("plt.contourf colorie les régions entre les niveaux : des lignes de niveau "
                    "(plt.contour) sont attendues.",
                    "plt.contourf fills the regions between levels: level lines (plt.contour) "
                    "are expected.") if cs.filled else
                Msg("Des régions coloriées (plt.contourf) sont attendues.",
                    "Filled regions (plt.contourf) are expected."))
    want = np.array(spec_c.levels, dtype=np.float64)
    if cs.levels.shape != want.shape or not np.allclose(cs.levels, want, atol=1e-9):
        shown = ", ".join(_g(v) for v in cs.levels[:12])
        return Msg(f"Niveaux tracés [{shown}] au lieu de [{', '.join(_g(v) for v in want)}].",
                   f"Levels drawn [{shown}] instead of [{', '.join(_g(v) for v in want)}].")
    if cs.filled:
        return None
    for level, (x, y) in zip(cs.levels, cs.paths, strict=False):
        if x.size == 0:
            continue
        err = np.abs(_eval2(spec_c.f, x, y) - level)
        if np.mean(~(err <= spec_c.tol)) > 0.1:
            k = int(np.argmax(~(err <= spec_c.tol)))
            value = float(_eval2(spec_c.f, x[k:k + 1], y[k:k + 1])[0])
            return Msg(f"Ce ne sont pas les lignes de niveau de f : au point ({_g(x[k])}, "
                       f"{_g(y[k])}) de la ligne de niveau {_g(level)}, f vaut {_g(value)}.",
                       f"These are not the level lines of f: at ({_g(x[k])}, {_g(y[k])}) on "
                       f"the level-{_g(level)} line, f is {_g(value)}.")
    if all(x.size == 0 for x, _ in cs.paths):
        return Msg("Les lignes de niveau sont vides : Z ne prend pas ces valeurs sur la grille.",
                   "The level lines are empty: Z does not reach these values on the grid.")
    return None


def _surface_problem(spec_s: Surface, ax: AxesData, spec: FigureSpec) -> Msg | None:
    if not ax.surfaces:
        return Msg("Aucune surface n'est tracée (ax.plot_surface(X, Y, Z)).",
                   "No surface is drawn (ax.plot_surface(X, Y, Z)).")
    s = ax.surfaces[0]
    if s.n < spec_s.min_points:
        return Msg(f"La surface n'a que {s.n} points : la grille est trop grossière.",
                   f"The surface has only {s.n} points: the grid is too coarse.")
    for domain, values, axis in ((spec_s.x_domain, s.x, "x"), (spec_s.y_domain, s.y, "y")):
        if not _covers(float(values.min()), float(values.max()), domain, 1e-3):
            return Msg(f"La surface couvre {axis} ∈ [{_g(values.min())}, {_g(values.max())}] au "
                       f"lieu de [{_g(domain[0])}, {_g(domain[1])}].",
                       f"The surface covers {axis} ∈ [{_g(values.min())}, {_g(values.max())}] "
                       f"instead of [{_g(domain[0])}, {_g(domain[1])}].")
    want = _eval2(spec_s.f, s.x, s.y)
    bad = _first_bad(want, s.z, spec.rtol, spec.atol)
    if bad is not None:
        return Msg(f"Ce n'est pas le graphe de f : au point ({_g(s.x[bad])}, {_g(s.y[bad])}), "
                   f"la surface est à la hauteur {_g(s.z[bad])} au lieu de {_g(want[bad])}.",
                   f"This is not the graph of f: at ({_g(s.x[bad])}, {_g(s.y[bad])}) the "
                   f"surface is at height {_g(s.z[bad])} instead of {_g(want[bad])}.")
    return None


def _decor_problem(spec: FigureSpec, ax: AxesData) -> Msg | None:
    for want, got, fr, en in ((spec.title, ax.title, "titre", "title"),
                              (spec.xlabel, ax.xlabel, "nom de l'axe des x", "x-axis label"),
                              (spec.ylabel, ax.ylabel, "nom de l'axe des y", "y-axis label")):
        if want is not None and got.strip() != want:
            if not got.strip():
                return Msg(f"Le {fr} manque (« {want} » attendu).",
                           f"The {en} is missing (“{want}” expected).")
            return Msg(f"Le {fr} est « {got} » au lieu de « {want} ».",
                       f"The {en} is “{got}” instead of “{want}”.")
    if spec.legend:
        labels = sorted(c.label for c in spec.curves if c.label is not None)
        if ax.legend is None:
            return Msg("La légende manque (plt.legend()).", "The legend is missing (plt.legend()).")
        if labels and sorted(t.strip() for t in ax.legend) != labels:
            return Msg(f"La légende affiche {list(ax.legend)} au lieu de {labels}.",
                       f"The legend shows {list(ax.legend)} instead of {labels}.")
    if spec.grid and not ax.grid:
        return Msg("La grille manque (plt.grid()).", "The grid is missing (plt.grid()).")
    if spec.xlim is not None and not np.allclose(ax.xlim, spec.xlim, atol=1e-9, rtol=1e-9):
        hint = (Msg(" ; plt.axis('equal') recalcule les bornes : appelez plt.xlim après lui",
                    "; plt.axis('equal') resets the limits: call plt.xlim after it")
                if ax.aspect == "equal" else Msg("", ""))
        return Msg(f"L'axe des x va de {_g(ax.xlim[0])} à {_g(ax.xlim[1])} au lieu de "
                   f"{_g(spec.xlim[0])} à {_g(spec.xlim[1])} (plt.xlim(a, b)){hint.fr}.",
                   f"The x axis runs from {_g(ax.xlim[0])} to {_g(ax.xlim[1])} instead of "
                   f"{_g(spec.xlim[0])} to {_g(spec.xlim[1])} (plt.xlim(a, b)){hint.en}.")
    if spec.aspect_equal and ax.aspect != "equal":
        return Msg("Le repère n'est pas orthonormé (plt.axis('equal')).",
                   "The axes are not equally scaled (plt.axis('equal')).")
    return None


def _saved_problem(name: str, fig: FigureData) -> Msg | None:
    found = next((f for f in fig.files if f.name == name), None)
    if found is None:
        return Msg(f"Le fichier {name} n'a pas été enregistré (plt.savefig('{name}')).",
                   f"The file {name} was not saved (plt.savefig('{name}')).")
    if found.type != "png" or found.size == 0:
        return Msg(f"Le fichier {name} n'est pas une image PNG.",
                   f"The file {name} is not a PNG image.")
    return None


def _pick_axes(spec: FigureSpec, fig: FigureData) -> AxesData | Msg:
    if not fig.axes:
        return Msg("La figure est vide : aucun repère (axes) n'a été tracé.",
                   "The figure is empty: no axes were drawn.")
    if spec.projection == "3d":
        three = [ax for ax in fig.axes if ax.name == "3d"]
        if not three:
            return Msg("Un graphe en 3D est attendu : plt.axes(projection='3d').",
                       "A 3-D plot is expected: plt.axes(projection='3d').")
        return three[0]
    flat = [ax for ax in fig.axes if ax.name != "3d"]
    if not flat:
        return Msg("Un graphe plan est attendu, pas un graphe en 3D.",
                   "A flat (2-D) plot is expected, not a 3-D one.")
    return next((ax for ax in flat if ax.lines or ax.scatters or ax.contours), flat[0])


def figure_problem(spec: FigureSpec, fig: FigureData) -> Msg | None:
    """None when the figure shows what ``spec`` asks for, else the first problem found."""
    ax = _pick_axes(spec, fig)
    if isinstance(ax, Msg):
        return ax
    problem: Msg | None = None
    if spec.curves or (not spec.points and not spec.contour and not spec.surface):
        problem = _curves_problem(spec, ax)
    if problem is None and spec.points is not None:
        problem = _points_problem(spec.points, ax, spec)
    if problem is None and spec.contour is not None:
        problem = _contour_problem(spec.contour, ax)
    if problem is None and spec.surface is not None:
        problem = _surface_problem(spec.surface, ax, spec)
    if problem is None:
        problem = _decor_problem(spec, ax)
    if problem is None and spec.saved is not None:
        problem = _saved_problem(spec.saved, fig)
    return problem


NOT_A_FIGURE = Msg("Une figure matplotlib est attendue (par exemple fig = plt.figure() avant de "
                   "tracer), pas {what}.",
                   "A matplotlib figure is expected (e.g. fig = plt.figure() before drawing), "
                   "not {what}.")
UNREADABLE = Msg("La figure n'a pas pu être lue ({why}).", "The figure could not be read ({why}).")


@dataclass(frozen=True)
class FigureItem(Item):
    """Answer: a matplotlib Figure (or Axes), handed out as data and compared with the
    reference's figure. Declared mistakes: ``wrong(params)`` gives the FigureSpec this mistake
    draws; ``predicate(figure_data, params)`` recognises it otherwise."""

    expected: Callable[[Params], FigureSpec] = field(default=lambda p: FigureSpec())

    def check(self, record: Record, params: Params) -> Outcome:
        fig = record.value
        if isinstance(fig, Unsupported) and fig.what.startswith("figure:"):
            why = fig.what.removeprefix("figure:").strip()
            return Outcome(False, UNREADABLE.format(why=why))
        if not isinstance(fig, FigureData):
            return Outcome(False, NOT_A_FIGURE.format(what=describe(fig)))
        problem = figure_problem(self.expected(params), fig)
        if problem is None:
            return Outcome(True, self.success)
        for mistake in self.mistakes:
            hit = (mistake.wrong is not None and figure_problem(mistake.wrong(params), fig) is None
                   ) or (mistake.predicate is not None and _safe(mistake.predicate, fig, params))
            if hit:
                return Outcome(False, mistake.message, mistake=mistake.name)
        return Outcome(False, problem)


def _safe(predicate: Callable[[Any, Params], bool], fig: FigureData, params: Params) -> bool:
    try:
        return bool(predicate(fig, params))
    except (TypeError, ValueError, ArithmeticError, IndexError):
        return False


# ---- a figure drawn exactly as a spec asks (examples for tests and mistakes) -------------------

def _sampled(values: Array, limit: int) -> Array:
    if values.size <= limit:
        return values
    picked: Array = values[np.linspace(0, values.size - 1, limit).round().astype(int)]
    return picked


def _example_contour(c: Contour, n: int) -> ContourData:
    import contourpy

    xmin, xmax, ymin, ymax = c.box
    X, Y = np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n))
    Z = _eval2(c.f, X, Y)
    gen = contourpy.contour_generator(X, Y, Z)
    paths = []
    for level in c.levels:
        parts = [np.asarray(v, dtype=np.float64) for v in gen.lines(level)]
        pts = np.concatenate(parts) if parts else np.zeros((0, 2))
        paths.append((_sampled(pts[:, 0], MAX_PATH_POINTS), _sampled(pts[:, 1], MAX_PATH_POINTS)))
    return ContourData(np.array(c.levels, dtype=np.float64), c.filled, tuple(paths))


def _example_surface(s: Surface, n: int) -> SurfaceData:
    X, Y = np.meshgrid(np.linspace(*s.x_domain, n), np.linspace(*s.y_domain, n))
    x, y = X.ravel(), Y.ravel()
    return SurfaceData("surface", x.size, x, y, _eval2(s.f, x, y))


def example_figure(spec: FigureSpec, n: int = 101) -> FigureData:
    """The data of a figure drawn exactly as ``spec`` asks (n points per curve, a 31 × 31
    grid for contours and surfaces): the answer a declared mistake's spec produces."""
    lines = []
    for curve in spec.curves:
        x = np.linspace(*curve.domain, max(n, curve.min_points))
        lines.append(LineData(x.size, _sampled(x, MAX_POINTS),
                              _sampled(_eval1(curve.f, x).copy(), MAX_POINTS), curve.label))
    scatters = () if spec.points is None else (ScatterData(
        len(spec.points.x), np.array(spec.points.x, dtype=np.float64),
        np.array(spec.points.y, dtype=np.float64), None),)
    xlim = spec.xlim or (spec.curves[0].domain if spec.curves else (0.0, 1.0))
    axes = AxesData(
        name=spec.projection, title=spec.title or "", xlabel=spec.xlabel or "",
        ylabel=spec.ylabel or "", zlabel="", xlim=xlim, ylim=(0.0, 1.0), xscale="linear",
        yscale="linear", grid=spec.grid, aspect="equal" if spec.aspect_equal else "auto",
        legend=tuple(c.label for c in spec.curves if c.label) if spec.legend else None,
        lines=tuple(lines), scatters=scatters,
        contours=() if spec.contour is None else (_example_contour(spec.contour, 31),),
        surfaces=() if spec.surface is None else (_example_surface(spec.surface, 21),))
    files = () if spec.saved is None else (FileData(spec.saved, 1000, "png"),)
    return FigureData((axes,), files)


def spec_mistake(name: str, message: Msg, wrong: Callable[[Params], FigureSpec]) -> Mistake:
    """A figure mistake: the figure the spec ``wrong(params)`` describes (recognised by
    matching that spec; its example is that spec's figure)."""
    return Mistake(name, message,
                   predicate=lambda fig, p: figure_problem(wrong(p), fig) is None,
                   example=lambda p: example_figure(wrong(p)))


__all__ = ["AxesData", "Contour", "ContourData", "Curve", "FigureData", "FigureItem",
           "FigureSpec", "FileData", "LineData", "Points", "ScatterData", "Surface",
           "SurfaceData", "decode_figure", "example_figure", "figure_problem", "spec_mistake"]
