"""Chapters 2 and 4 (Python : numpy et matplotlib avec une / deux variables).

numpy skills, as small helpers the notebooks and graders share:
- subdivisions and value tables: `subdivision` (linspace: n values, n − 1 gaps [L1236]),
  `values_table` (on linspace or arange [L1224]), `cos_deg` [L1316], `damped_cosine` [L1393],
  `sigmoid_family` [L1415];
- two variables: `entries` (the dropped double-loop listing of ch4 §1.1), `grid` (meshgrid:
  X holds the abscissas, Y the ordinates [L1910]), `evaluate_on_grid` (Z[i, j] = f(X[i, j],
  Y[i, j]) = f(xs[j], ys[i]));
- `vectorize_scalar`: np.vectorize **with otypes** [L2002].  Without otypes numpy takes the
  output dtype from the first result, so a ReLU written with `return 0` maps
  [−1.0, 0.5, 2.7] to the ints [0, 0, 2] (notes §0.4);
- `quiet_eval`: evaluate with inf/nan results but no RuntimeWarning (ch4 §2.3).

matplotlib skills: `plot_curves` / `plot_function` (plot, scatter, labels + legend, title,
axis('equal'), grid, xlim, savefig [L1333–1434]), `plot_surface` (plot_surface / plot_wireframe,
view_init [L2052–2110]) and `plot_contour` (contour / contourf with a number or a list of levels,
clabel [L2112–2143]).  They build a `matplotlib.figure.Figure` directly (no pyplot state, no
window), select the Agg backend when pyplot is not loaded yet, and return the Figure; with
`path=` the PNG is written too.  matplotlib is imported lazily, inside these functions.

`extract_plot_data(ax)` reads back what an Axes shows (lines, scatter offsets, labels, title,
limits, grid, aspect, contour levels, 3-D collections) so that graders compare data, never
images.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np


def subdivision(a: float, b: float, n: int) -> np.ndarray:
    """a, b and n go in, n equally spaced values from a to b (both included) come out.

    Same as np.linspace(a, b, num=n): n values, n − 1 sub-intervals of length (b − a)/(n − 1).
    """
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError("n must be an integer ≥ 2 (both ends are included)")
    return np.linspace(a, b, num=int(n))


def values_table(f: Callable, a: float, b: float, *, num: int | None = None,
                 step: float | None = None):
    """f and [a, b] go in, the table (X, Y = f(X)) comes out.

    Exactly one of num (X = linspace(a, b, num), b included) or step (X = arange(a, b, step),
    b excluded, like range) must be given.  X, Y: (n,) float64.
    """
    if (num is None) == (step is None):
        raise ValueError("give exactly one of num= (linspace) or step= (arange)")
    X = subdivision(a, b, num) if num is not None else np.arange(a, b, step, dtype=np.float64)
    Y = np.broadcast_to(np.asarray(f(X), dtype=np.float64), X.shape).copy()
    return X, Y


def cos_deg(x):
    """Angles in degrees go in, their cosines come out: cos(2π/360 · x) [L1316]."""
    return np.cos(2 * np.pi / 360 * np.asarray(x, dtype=np.float64))


def damped_cosine(x, a=1.0):
    """x goes in, the damped oscillation e^{−a x}·cos(2πx) comes out ("Amorti", a = 1 [L1393])."""
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-a * x) * np.cos(2 * np.pi * x)


def sigmoid_family(x, k):
    """x and k go in, f_k(x) = 1 / (1 + e^{−kx}) comes out [L1415]; f_k(x) = σ(kx).

    Computed without overflow (scipy.special.expit).  x, k broadcast.
    """
    from scipy.special import expit

    return expit(np.asarray(k, dtype=np.float64) * np.asarray(x, dtype=np.float64))


def entries(A) -> list[tuple[int, int, object]]:
    """A 2-D array goes in, its (i, j, A[i, j]) come out row by row (p, n = np.shape(A))."""
    A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError("entries needs a 2-D array")
    p, n = np.shape(A)
    return [(i, j, A[i, j].item()) for i in range(p) for j in range(n)]


def grid(xs, ys):
    """Axes vectors go in, the meshgrid (X, Y) comes out: X[i, j] = xs[j], Y[i, j] = ys[i].

    xs: (n,), ys: (p,) → X, Y: (p, n) ("ce n'est pas très naturel mais c'est comme ça" [L1912]).
    """
    return np.meshgrid(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))


def evaluate_on_grid(f: Callable, xs, ys):
    """f(x, y) and axes go in, (X, Y, Z) with Z = f(X, Y) on the grid come out [L1905].

    Z[i, j] = f(xs[j], ys[i]): row i is the slice y = ys[i].  f must accept arrays (use
    `vectorize_scalar` for a scalar-only f).  X, Y, Z: (len(ys), len(xs)).
    """
    X, Y = grid(xs, ys)
    Z = np.broadcast_to(np.asarray(f(X, Y), dtype=np.float64), X.shape).copy()
    return X, Y, Z


def vectorize_scalar(f: Callable, otype=np.float64) -> Callable:
    """A scalar-only function (with an `if`) goes in, an element-wise array version comes out.

    np.vectorize(f, otypes=[otype]) [L2002]: the output dtype is fixed in advance, so a first
    result `0` (an int) no longer truncates later floats.  Works on scalars, vectors, arrays.
    """
    return np.vectorize(f, otypes=[otype])


def quiet_eval(f: Callable, *args, **kwargs):
    """f and its arguments go in, f(*args) comes out with inf/nan but no RuntimeWarning.

    E.g. quiet_eval(np.log, [-1, 0, 1]) → [nan, −inf, 0.] (ch4 §2.3).
    """
    with np.errstate(all="ignore"):
        return f(*args, **kwargs)


# ---- matplotlib ------------------------------------------------------------------------------


def _new_axes(projection: str | None = None):
    """Returns (fig, ax) on a fresh Figure; selects Agg unless pyplot is already running."""
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")  # headless; leaves a notebook's own backend alone
    from matplotlib.figure import Figure

    fig = Figure()
    return fig, fig.add_subplot(projection=projection)


def save_png(fig, path) -> Path:
    """A Figure and a path go in, the path of the written PNG comes out."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ValueError(f"expected a .png path, got {path.name!r}")
    fig.savefig(path, format="png")
    return path


def plot_curves(x, ys, labels=None, *, title=None, scatter=False, equal_axes=False,
                grid_on=False, xlim=None, linewidth=None, color=None, path=None):
    """x and one or more y vectors go in, a Figure with one curve per y comes out.

    plot joins the points (x[i], y[i]) [L1370]; scatter=True only marks them [L1382].
    labels → a legend [L1434]; title, equal_axes (axis('equal')), grid_on, xlim [L1399–1404].
    x: (n,), ys: (n,) or (k, n).
    """
    x = np.asarray(x, dtype=np.float64)
    Ys = np.atleast_2d(np.asarray(ys, dtype=np.float64))
    if Ys.shape[1] != x.shape[0]:
        raise ValueError(f"x has {x.shape[0]} values but the curves have {Ys.shape[1]}")
    if labels is not None and len(labels) != len(Ys):
        raise ValueError("give one label per curve")
    fig, ax = _new_axes()
    style = {k: v for k, v in (("linewidth", linewidth), ("color", color)) if v is not None}
    for i, y in enumerate(Ys):
        label = None if labels is None else labels[i]
        if scatter:
            ax.scatter(x, y, label=label, color=color)
        else:
            ax.plot(x, y, label=label, **style)
    _decorate(ax, title, equal_axes, grid_on, xlim, legend=labels is not None)
    if path is not None:
        save_png(fig, path)
    return fig


def _decorate(ax, title, equal_axes, grid_on, xlim, legend) -> None:
    """plt.title, plt.axis('equal'), plt.grid(), plt.xlim(a, b), plt.legend() [L1399–1434]."""
    if title is not None:
        ax.set_title(title)
    if equal_axes:
        ax.axis("equal")
    if grid_on:
        ax.grid(True)
    if xlim is not None:
        ax.set_xlim(*xlim)
    if legend:
        ax.legend()


def plot_function(f: Callable, a: float, b: float, num: int = 100, **kwargs):
    """f and [a, b] go in, a Figure of its graph on linspace(a, b, num) comes out [L1342]."""
    X, Y = values_table(f, a, b, num=num)
    return plot_curves(X, Y, **kwargs)


def plot_surface(f: Callable, xs, ys, *, view=(40, -30), wireframe=False, path=None):
    """f(x, y) and axes go in, a Figure with the 3-D graph z = f(x, y) comes out [L2058–2084].

    ax.plot_surface(X, Y, Z) (or plot_wireframe) on the meshgrid, seen from view_init(*view).
    """
    X, Y, Z = evaluate_on_grid(f, xs, ys)
    fig, ax = _new_axes("3d")
    ax.view_init(*view)
    if wireframe:
        ax.plot_wireframe(X, Y, Z)
    else:
        ax.plot_surface(X, Y, Z)
    if path is not None:
        save_png(fig, path)
    return fig


def plot_contour(f: Callable, xs, ys, levels=None, *, filled=False, labels=False, path=None):
    """f(x, y), axes and levels go in, a Figure with the level lines of f comes out [L2120].

    levels: None (matplotlib chooses), an int (how many), or a list (mes_niveaux).
    filled=True uses contourf; labels=True writes the level values with clabel.
    """
    X, Y, Z = evaluate_on_grid(f, xs, ys)
    fig, ax = _new_axes()
    draw = ax.contourf if filled else ax.contour
    cs = draw(X, Y, Z) if levels is None else draw(X, Y, Z, levels)
    if labels and not filled:
        ax.clabel(cs, inline=True, fontsize=8)
    if path is not None:
        save_png(fig, path)
    return fig


def extract_plot_data(ax) -> dict:
    """An Axes (or a Figure: its first Axes) goes in, a dict of what it shows comes out.

    Keys: name ("rectilinear" | "3d"), title, xlabel, ylabel, xlim, ylim, aspect, grid,
    legend (texts or None), lines [{x, y, (z), label, color, linewidth}],
    scatters [{offsets (n, 2), label}], contours [{levels, filled}], collections (type names),
    surfaces (number of 3-D polygons per Poly3DCollection).  Limits are read before any draw;
    an unlabelled artist has label None.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import FigureBase

    if isinstance(ax, FigureBase):
        if not ax.axes:
            raise ValueError("the figure has no axes")
        ax = ax.axes[0]
    if not isinstance(ax, Axes):
        raise TypeError(f"expected a matplotlib Axes or Figure, got {type(ax).__name__}")
    legend = ax.get_legend()
    data = {
        "name": ax.name, "title": ax.get_title(), "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(), "xlim": tuple(map(float, ax.get_xlim())),
        "ylim": tuple(map(float, ax.get_ylim())), "aspect": ax.get_aspect(),
        "grid": any(line.get_visible() for line in ax.get_xgridlines()),
        "legend": None if legend is None else [t.get_text() for t in legend.get_texts()],
        "lines": [_line_data(line) for line in ax.get_lines()],
        "collections": [type(c).__name__ for c in ax.collections],
    }
    data.update(_collection_data(ax))
    return data


def _collection_data(ax) -> dict:
    """Scatter offsets, contour levels and 3-D surface polygon counts of an Axes."""
    from matplotlib.collections import PathCollection
    from matplotlib.contour import ContourSet

    scatters = [{"offsets": np.asarray(c.get_offsets(), dtype=np.float64), "label": _label(c)}
                for c in ax.collections
                if isinstance(c, PathCollection) and not isinstance(c, ContourSet)]
    contours = [{"levels": np.asarray(c.levels), "filled": c.filled}
                for c in ax.collections if isinstance(c, ContourSet)]
    return {"scatters": scatters, "contours": contours, "surfaces": _surface_counts(ax)}


def _label(artist) -> str | None:
    """matplotlib names unlabelled artists "_child0", …: those come back as None."""
    label = artist.get_label()
    return None if not label or label.startswith("_") else label


def _line_data(line) -> dict:
    out = {"label": _label(line), "color": line.get_color(),
           "linewidth": line.get_linewidth()}
    if hasattr(line, "get_data_3d"):
        x, y, z = line.get_data_3d()
        out["z"] = np.asarray(z, dtype=np.float64)
    else:
        x, y = line.get_data()
    out["x"], out["y"] = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return out


def _surface_counts(ax) -> list[int]:
    """Number of polygons of each 3-D surface; they exist only once the figure is drawn."""
    surfaces = [c for c in ax.collections if type(c).__name__ == "Poly3DCollection"]
    if surfaces:
        ax.figure.draw_without_rendering()
    return [len(c.get_paths()) for c in surfaces]
