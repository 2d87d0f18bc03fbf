"""Tests for reference.plotting (chapters 2 and 4: numpy and matplotlib skills)."""

import math
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reference.plotting import (
    cos_deg,
    damped_cosine,
    entries,
    evaluate_on_grid,
    extract_plot_data,
    grid,
    plot_contour,
    plot_curves,
    plot_function,
    plot_surface,
    quiet_eval,
    save_png,
    sigmoid_family,
    subdivision,
    values_table,
    vectorize_scalar,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _is_png(path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(8) == PNG_MAGIC


def relu_scalar(x):
    """A scalar-only ReLU with an `if` and an int 0, as upstream wrote it (notes §0.4)."""
    if x >= 0:
        return x
    return 0


def valeur_absolue(x):
    if x >= 0:
        return x
    return -x


# ---- chapter 2: vectors --------------------------------------------------------------------


def test_subdivision_book_values():
    """Are linspace(0, 1, 12)[1] = 1/11 and linspace(1, 2, 10) = 1 + k/9 (2-E3, 2-E8)?"""
    assert subdivision(0, 1, 12)[1] == pytest.approx(1 / 11, rel=1e-15)
    np.testing.assert_allclose(subdivision(1, 2, 10), 1 + np.arange(10) / 9, rtol=1e-15)
    with pytest.raises(ValueError):
        subdivision(0, 1, 1)


@settings(max_examples=50, deadline=None)
@given(st.floats(-100, 100), st.floats(0.1, 100), st.integers(2, 200))
def test_subdivision_properties(a, length, n):
    """Does it return n values, both ends, and the constant step (b − a)/(n − 1)?"""
    b = a + length
    X = subdivision(a, b, n)
    assert len(X) == n and X[0] == a and X[-1] == pytest.approx(b, rel=1e-15)
    np.testing.assert_allclose(np.diff(X), (b - a) / (n - 1), rtol=1e-9)


def test_values_table_arange_and_linspace():
    """Does arange(1, 8, 0.5) have 14 values (2-E2) and does Y hold f(X)?"""
    X, Y = values_table(lambda x: x**2, 1, 8, step=0.5)
    assert len(X) == 14 and X[-1] == 7.5
    np.testing.assert_array_equal(Y, X**2)
    X, Y = values_table(np.cos, 0, 10, num=100)
    np.testing.assert_allclose(Y, [math.cos(t) for t in X], rtol=1e-15)
    _, Y = values_table(lambda x: 3.0, 0, 1, num=4)  # a constant f still gives a table
    np.testing.assert_array_equal(Y, [3.0] * 4)
    for kwargs in ({}, {"num": 5, "step": 0.1}):
        with pytest.raises(ValueError):
            values_table(np.cos, 0, 1, **kwargs)


def test_cos_deg():
    """Is cos_deg([0, 60, 90, 180]) = [1, 0.5, 0, −1] as math.cos(math.radians) gives (2-I4)?"""
    X = np.array([0, 60, 90, 180])
    np.testing.assert_allclose(cos_deg(X), [1, 0.5, 0, -1], atol=1e-12)
    np.testing.assert_allclose(cos_deg(np.arange(6)),
                               [math.cos(math.radians(t)) for t in range(6)], rtol=1e-12)
    np.testing.assert_allclose(cos_deg(np.arange(6)),
                               [1, 0.9998477, 0.99939083, 0.99862953, 0.99756405, 0.9961947],
                               atol=1e-8)  # 2-E10


def test_sigmoid_family():
    """Is f_k(0) = ½, f_k(x) = f₁(kx) = 1/(1 + e^{−kx}), with no overflow at −1000 (2-E12)?"""
    x = np.linspace(-5, 5, 100)
    for k in range(1, 5):
        assert sigmoid_family(0.0, k) == 0.5
        np.testing.assert_allclose(sigmoid_family(x, k), 1 / (1 + np.exp(-k * x)), rtol=1e-14)
        np.testing.assert_allclose(sigmoid_family(x, k), sigmoid_family(k * x, 1), rtol=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid_family(-1000.0, 4) == 0.0


# ---- chapter 4: arrays, grids, vectorize, inf/nan --------------------------------------------


def test_entries_row_by_row():
    """Are the entries of [[1,2,3],[4,5,6]] listed like np.ndenumerate (row-major, C4.2)?"""
    A = np.array([[1, 2, 3], [4, 5, 6]])
    assert entries(A) == [(i, j, int(v)) for (i, j), v in np.ndenumerate(A)]
    with pytest.raises(ValueError):
        entries(np.arange(3))


def test_meshgrid_book_example():
    """Does n = 5 on [0, 2] with f = x² + y² give the book's X, Y and Z (4-E5)?"""
    VX = VY = np.linspace(0, 2, 5)
    X, Y, Z = evaluate_on_grid(lambda x, y: x**2 + y**2, VX, VY)
    np.testing.assert_array_equal(X, np.tile(VX, (5, 1)))
    np.testing.assert_array_equal(Y, np.tile(VY[:, None], (1, 5)))
    np.testing.assert_allclose(Z, [[0, 0.25, 1, 2.25, 4], [0.25, 0.5, 1.25, 2.5, 4.25],
                                   [1, 1.25, 2, 3.25, 5], [2.25, 2.5, 3.25, 4.5, 6.25],
                                   [4, 4.25, 5, 6.25, 8]], rtol=1e-15)


def test_grid_orientation_with_asymmetric_f():
    """With f = x + 10y on unequal axes, is Z[i, j] = f(xs[j], ys[i]) (4-I1)?"""
    xs, ys = np.linspace(0, 2, 5), np.linspace(-1, 1, 3)
    X, Y, Z = evaluate_on_grid(lambda x, y: x + 10 * y, xs, ys)
    assert X.shape == Y.shape == Z.shape == (3, 5)
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            assert Z[i, j] == x + 10 * y
    np.testing.assert_array_equal(grid(xs, ys)[0], X)


def test_vectorize_otypes_trap():
    """Does np.vectorize without otypes truncate [−1.0, 0.5, 2.7] to [0, 0, 2], and ours not?"""
    X = np.array([-1.0, 0.5, 2.7])
    trap = np.vectorize(relu_scalar)(X)
    assert trap.dtype.kind == "i"
    np.testing.assert_array_equal(trap, [0, 0, 2])
    ours = vectorize_scalar(relu_scalar)(X)
    assert ours.dtype == np.float64
    np.testing.assert_array_equal(ours, [0.0, 0.5, 2.7])
    A = np.array([[-1.5, 2.0], [3.25, -0.5]])
    np.testing.assert_array_equal(vectorize_scalar(valeur_absolue)(A), np.abs(A))


def test_scalar_if_fails_on_arrays():
    """Does the `if` version raise on an array (4-E8), as the book warns [L1987]?"""
    with pytest.raises(ValueError, match="truth value"):
        valeur_absolue(np.array([-1.0, 2.0]))
    assert vectorize_scalar(valeur_absolue)(-3) == 3.0


def test_quiet_eval_inf_nan():
    """Do 1/X, log X, exp(log X) give the book's inf/nan values (4-E9) with no warning?"""
    X = np.array([-1, 0, 1, 2, 3])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        inv = quiet_eval(lambda v: 1 / v, X)
        Y = quiet_eval(np.log, X)
        Z = quiet_eval(np.exp, Y)
    assert caught == []
    np.testing.assert_allclose(inv, [-1, np.inf, 1, 0.5, 1 / 3], rtol=1e-15)
    np.testing.assert_allclose(Y, [np.nan, -np.inf, 0, math.log(2), math.log(3)],
                               rtol=1e-15, equal_nan=True)
    np.testing.assert_allclose(Z, [np.nan, 0, 1, 2, 3], rtol=1e-15, equal_nan=True)
    with pytest.warns(RuntimeWarning):
        np.log(X)  # the warning is real without quiet_eval


# ---- matplotlib ------------------------------------------------------------------------------


def test_sigmoid_family_plot(tmp_path):
    """Does the C2.13 figure hold 4 labelled lines with y = f_k(x) and a legend (2-I6)?"""
    x = np.linspace(-5, 5, 100)
    labels = [f"k={k}" for k in range(1, 5)]
    path = tmp_path / "family.png"
    fig = plot_curves(x, [sigmoid_family(x, k) for k in range(1, 5)], labels, path=path)
    assert path.exists() and _is_png(path)
    data = extract_plot_data(fig)
    assert data["legend"] == labels and len(data["lines"]) == 4
    for k, line in enumerate(data["lines"], start=1):
        assert line["label"] == f"k={k}"
        np.testing.assert_allclose(line["y"], 1 / (1 + np.exp(-k * line["x"])), rtol=1e-14)


def test_amorti_checklist(tmp_path):
    """Does the 'Amorti' figure have its title, xlim (0, 5), equal aspect, grid, PNG (2-I7)?"""
    f = lambda x: np.exp(-x) * np.cos(2 * np.pi * x)  # noqa: E731
    path = tmp_path / "amorti.png"
    fig = plot_function(f, 0, 5, title="Amorti", equal_axes=True, grid_on=True, xlim=(0, 5),
                        path=path)
    data = extract_plot_data(fig.axes[0])
    assert data["title"] == "Amorti" and data["xlim"] == (0.0, 5.0)
    assert data["aspect"] in (1.0, "equal") and data["grid"] is True
    np.testing.assert_allclose(data["lines"][0]["y"], f(np.linspace(0, 5, 100)), rtol=1e-14)
    assert _is_png(path)


def test_point_plot_style_and_scatter():
    """Do plot(X, Y, linewidth=3, color='red') and scatter(X, Y) keep the data (C2.11)?"""
    X, Y = np.arange(6), np.array([0, 1, 4, 1, 3, 2])
    line = extract_plot_data(plot_curves(X, Y, linewidth=3, color="red"))["lines"][0]
    assert line["color"] == "red" and line["linewidth"] == 3 and line["label"] is None
    np.testing.assert_array_equal(line["x"], X)
    np.testing.assert_array_equal(line["y"], Y)
    data = extract_plot_data(plot_curves(X, Y, scatter=True))
    assert data["lines"] == [] and len(data["scatters"]) == 1
    np.testing.assert_array_equal(data["scatters"][0]["offsets"], np.stack([X, Y], axis=1))


def test_plot_curves_input_errors():
    """Are mismatched lengths and label counts rejected?"""
    with pytest.raises(ValueError):
        plot_curves(np.arange(3), np.arange(4))
    with pytest.raises(ValueError):
        plot_curves(np.arange(3), [np.arange(3)] * 2, labels=["only one"])


def test_surface_plot(tmp_path):
    """Is the saddle drawn on a 3-D Axes with (n − 1)² polygons and view_init(40, −30)?"""
    axis = np.linspace(-2, 2, 5)
    path = tmp_path / "saddle.png"
    fig = plot_surface(lambda x, y: x**2 - y**2, axis, axis, path=path)
    data = extract_plot_data(fig)
    assert data["name"] == "3d" and data["collections"] == ["Poly3DCollection"]
    assert data["surfaces"] == [16]
    ax = fig.axes[0]
    assert (ax.elev, ax.azim) == (40, -30)
    assert _is_png(path)
    wire = extract_plot_data(plot_surface(lambda x, y: 1 / (2 + x**2 + y**2), axis, axis,
                                          wireframe=True))
    assert wire["collections"] == ["Line3DCollection"]


def test_contour_plot_levels(tmp_path):
    """Are the levels np.arange(−5, 5, 1) kept, and do the lines satisfy f = c (4-I6)?"""
    axis = np.linspace(-2, 2, 80)
    levels = np.arange(-5, 5, 1)
    path = tmp_path / "contour.png"
    fig = plot_contour(lambda x, y: x**2 - y**2, axis, axis, levels, labels=True, path=path)
    data = extract_plot_data(fig)
    assert len(data["contours"]) == 1 and not data["contours"][0]["filled"]
    np.testing.assert_array_equal(data["contours"][0]["levels"], levels)
    cs = fig.axes[0].collections[0]
    assert len(cs.labelTexts) > 0
    for level, segs in zip(cs.levels, cs.allsegs, strict=True):
        for seg in segs:
            np.testing.assert_allclose(seg[:, 0] ** 2 - seg[:, 1] ** 2, level, atol=5e-3)
    assert _is_png(path)
    filled = extract_plot_data(plot_contour(lambda x, y: x**2 - y**2, axis, axis, 7, filled=True))
    assert filled["contours"][0]["filled"]


def test_extract_plot_data_inputs():
    """Does extract_plot_data take a Figure or an Axes and reject anything else?"""
    fig = plot_curves([0, 1], [1, 0], title="t")
    assert extract_plot_data(fig)["title"] == extract_plot_data(fig.axes[0])["title"] == "t"
    with pytest.raises(TypeError):
        extract_plot_data("not an axes")


def test_save_png_requires_png_suffix(tmp_path):
    """Is a non-.png path rejected, and a .png path written as PNG?"""
    fig = plot_curves([0, 1], [0, 1])
    with pytest.raises(ValueError):
        save_png(fig, tmp_path / "x.jpg")
    assert _is_png(save_png(fig, tmp_path / "x.png"))


def test_plotting_is_headless_and_lazy():
    """Does importing the module load no matplotlib, and plotting use Agg without pyplot?"""
    code = (
        "import sys; import reference.plotting as p\n"
        "assert 'matplotlib' not in sys.modules\n"
        "p.plot_function(lambda x: x, 0, 1)\n"
        "import matplotlib\n"
        "assert matplotlib.get_backend().lower() == 'agg', matplotlib.get_backend()\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "assert 'tensorflow' not in sys.modules\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=Path(__file__).parents[2], timeout=120)
    assert run.returncode == 0, run.stderr


def test_damped_cosine_matches_math():
    """Is damped_cosine(x, a) = e^(−ax)·cos(2πx), computed with math point by point?"""
    xs = np.linspace(0, 5, 37)
    for a in (0.5, 1.0, 2.0):
        want = [math.exp(-a * v) * math.cos(2 * math.pi * v) for v in xs]
        np.testing.assert_allclose(damped_cosine(xs, a), want, rtol=1e-12, atol=1e-15)
    assert damped_cosine(0.0) == pytest.approx(1.0)
