"""Code run in the student's kernel before the notebook: it only *hands answers out*.

This file is executed inside the sandboxed kernel (it is sent as text, never imported by the
grader). It defines ``_deepmath_kernel.rendre(item_id, getter)`` (a module, so redefining the
``_dm_rendre`` alias does not break later hand-outs), called by the hidden test cells. The
function turns the student's object into tagged JSON data (no pickle) and appends one line to
``~/.deepmath/answers.jsonl``. For a *function item*, the grader wrote the calls to make in
``~/.deepmath/probes.json``: the student function is called on each and its outputs are handed
out instead.

Nothing here decides anything. Student code may redefine or monkeypatch all of it: the worst it
can do is hand out data of its choosing, which the grader then checks against ``reference/``
in its own process.
"""

PREAMBLE = r'''
def __dm_make():
    import builtins, json, math, os, signal, fractions, decimal, traceback
    # Bind what we use now: later monkeypatching of builtins or json does not reach us.
    isinstance, type, len, str, repr, float, int, bool, list, tuple, dict, open, callable = (
        builtins.isinstance, builtins.type, builtins.len, builtins.str, builtins.repr,
        builtins.float, builtins.int, builtins.bool, builtins.list, builtins.tuple,
        builtins.dict, builtins.open, builtins.callable)
    dumps, load = json.dumps, json.load
    home = os.path.expanduser("~")
    out_path = os.path.join(home, ".deepmath", "answers.jsonl")
    try:
        with open(os.path.join(home, ".deepmath", "probes.json")) as fh:
            probes = load(fh)
    except (OSError, ValueError):
        probes = {}
    MAX_ITEMS, MAX_DEPTH, MAX_STR = 20000, 8, 20000
    enc_figure = __dm_figure_encoder()
    b64encode = __import__("base64").b64encode
    KERAS_MODULES = ("keras", "tensorflow", "tf_keras")

    def enc(x, depth=0, budget=None):
        # budget: [values left] for the whole record (an item's raised cap, a Keras model's
        # weights); None: each array holds at most MAX_ITEMS values, as always.
        if depth > MAX_DEPTH:
            return {"t": "unsupported", "v": "nesting too deep"}
        mod = type(x).__module__ or ""
        if x is None:
            return {"t": "none"}
        if isinstance(x, bool):
            return {"t": "bool", "v": bool(x)}
        if mod.startswith(KERAS_MODULES) or any(
                (getattr(c, "__module__", "") or "").startswith(KERAS_MODULES)
                for c in type(x).__mro__[1:8]):  # Keras' own, or a notebook subclass
            return enc_keras(x, depth, budget)
        if mod.startswith("numpy"):
            import numpy as np
            if isinstance(x, np.ndarray):
                if budget is None and x.size > MAX_ITEMS:
                    return {"t": "unsupported", "v": "array too large"}
                if budget is not None:
                    if x.size > budget[0]:
                        return {"t": "unsupported",
                                "v": "too many values (cap " + str(budget[1]) + ")"}
                    budget[0] -= int(x.size)
                kind = x.dtype.kind
                if kind == "f" and x.size > MAX_ITEMS:  # raised cap: packed float64
                    data = np.ascontiguousarray(x, dtype="<f8").tobytes()
                    return {"t": "array", "dtype": "float", "shape": list(x.shape),
                            "b64": b64encode(data).decode("ascii")}
                if x.size > MAX_ITEMS:
                    return {"t": "unsupported", "v": "array too large"}
                if kind == "b":
                    return {"t": "array", "dtype": "bool", "shape": list(x.shape),
                            "v": [bool(v) for v in x.ravel().tolist()]}
                if kind in "iu":
                    return {"t": "array", "dtype": "int", "shape": list(x.shape),
                            "v": [str(int(v)) for v in x.ravel().tolist()]}
                if kind == "f":
                    return {"t": "array", "dtype": "float", "shape": list(x.shape),
                            "v": [repr(float(v)) for v in x.ravel().tolist()]}
                return {"t": "unsupported", "v": "array of dtype " + str(x.dtype)}
            if isinstance(x, np.bool_):
                return {"t": "bool", "v": bool(x)}
            if isinstance(x, np.integer):
                return {"t": "int", "v": str(int(x))}
            if isinstance(x, np.floating):
                return {"t": "float", "v": repr(float(x))}
        if isinstance(x, int):
            return {"t": "int", "v": str(int(x))}
        if isinstance(x, float):
            return {"t": "float", "v": repr(float(x))}
        if isinstance(x, fractions.Fraction):
            return {"t": "fraction", "n": str(x.numerator), "d": str(x.denominator)}
        if isinstance(x, decimal.Decimal):
            return {"t": "decimal", "v": str(x)}
        if isinstance(x, str):
            return {"t": "str", "v": str(x)[:MAX_STR]}
        if mod.startswith("sympy"):
            import sympy
            if isinstance(x, sympy.Basic):
                return {"t": "sympy", "v": sympy.sstr(x)[:MAX_STR]}
        if isinstance(x, (list, tuple)):
            if len(x) > MAX_ITEMS:
                return {"t": "unsupported", "v": "sequence too long"}
            return {"t": "list" if isinstance(x, list) else "tuple",
                    "v": [enc(v, depth + 1, budget) for v in x]}
        if isinstance(x, dict):
            if len(x) > MAX_ITEMS:
                return {"t": "unsupported", "v": "dict too long"}
            return {"t": "dict",
                    "v": [[enc(k, depth + 1), enc(v, depth + 1, budget)]
                          for k, v in x.items()]}
        if isinstance(x, complex):
            return {"t": "unsupported", "v": "complex number"}
        if mod.startswith(("matplotlib", "mpl_toolkits")):
            return enc_figure(x)
        return {"t": "unsupported", "v": type(x).__name__[:100]}

    enc_keras = __dm_keras_encoder(enc, MAX_ITEMS)

    def dec(d):
        t = d["t"]
        if t == "float":
            return float(d["v"])
        if t == "int":
            return int(d["v"])
        if t == "fraction":
            return fractions.Fraction(int(d["n"]), int(d["d"]))
        if t == "decimal":
            return decimal.Decimal(d["v"])
        if t == "str":
            return d["v"]
        if t == "list":
            return [dec(v) for v in d["v"]]
        if t == "tuple":
            return tuple(dec(v) for v in d["v"])
        if t == "array":
            import numpy as np
            return np.array(d["v"], dtype=d.get("dtype", "float64"))
        if t == "func":
            ns = {"math": math, "fractions": fractions, "decimal": decimal}
            if d.get("lib") == "numpy":
                import numpy as np
                ns["np"] = np
            return eval(d["src"], ns)  # grader-authored lambda source, never student text
        raise ValueError("unknown probe tag " + repr(t))

    def error_record(item, exc):
        name = type(exc).__name__
        kind = "missing" if isinstance(exc, (NotImplementedError, NameError)) else "error"
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return {"item": item, "kind": kind, "error": {"name": name[:100], "message": tb[:2000]}}

    class _Timeout(Exception):
        pass

    def _alarm(signum, frame):
        raise _Timeout("call took too long")

    def call(fn, spec):
        args = [dec(a) for a in spec.get("args", [])]
        if "decimal_prec" in spec:
            decimal.getcontext().prec = int(spec["decimal_prec"])
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, float(spec.get("timeout", 5)))
        try:
            return {"ok": enc(fn(*args))}
        except _Timeout:
            return {"error": {"name": "Timeout", "message": "délai dépassé / time limit exceeded"}}
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            return {"error": {"name": type(exc).__name__[:100], "message": str(exc)[:500]}}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)

    def rendre(item, getter):
        try:
            obj = getter()
            calls = probes.get(item)
            if isinstance(calls, dict):  # hand-out options: a raised cap, model inputs
                options = calls.get("options") or {}
                cap = int(options.get("max_values", MAX_ITEMS))
                inputs = list(options.get("inputs", []))[:100]
                value = enc(obj, 0, [cap, cap])
                if value.get("t") == "keras_model" and inputs:
                    value["predictions"] = [
                        call(obj, {"args": [a], "timeout": options.get("timeout", 20)})
                        for a in inputs]
                rec = {"item": item, "kind": "value", "value": value}
            elif calls is not None:
                if not callable(obj):
                    rec = {"item": item, "kind": "value", "value": enc(obj)}
                else:
                    rec = {"item": item, "kind": "function",
                           "outputs": [call(obj, spec) for spec in calls]}
            else:
                rec = {"item": item, "kind": "value", "value": enc(obj)}
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            rec = error_record(item, exc)
        with open(out_path, "a") as fh:
            fh.write(dumps(rec) + "\n")
    return rendre

def __dm_register(rendre):
    import sys, types
    module = types.ModuleType("_deepmath_kernel", "Hands answers out to the grader.")
    module.rendre = rendre
    sys.modules["_deepmath_kernel"] = module
    return rendre

# Hidden test cells call _deepmath_kernel.rendre: redefining the _dm_rendre name (by mistake or
# on purpose) does not break the hand-out of later answers.
_dm_rendre = __dm_register(__dm_make())
del __dm_make, __dm_register
'''


FIGURE_ENCODER = r"""
def __dm_figure_encoder():
    # A matplotlib Figure (or one Axes) -> {"t": "figure", ...} made of plain data only: each
    # line's points (at most MAX_POINTS, evenly sampled, with the true count n), scatter
    # offsets, labels, title, legend, limits, scales, grid, aspect, contour levels and sampled
    # level-line vertices, 3-D surface/wireframe vertices, and the image files of the working
    # directory (name, size, type). Bounded in size; anything unreadable -> "unsupported".
    import builtins, os
    isinstance, len, str, float, int, bool, list, range, min, max, sorted = (
        builtins.isinstance, builtins.len, builtins.str, builtins.float, builtins.int,
        builtins.bool, builtins.list, builtins.range, builtins.min, builtins.max,
        builtins.sorted)
    MAX_AXES, MAX_ARTISTS, MAX_POINTS, MAX_TEXT, MAX_LEVELS, MAX_FILES = 4, 30, 400, 200, 50, 20
    MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"%PDF", "pdf"), (b"\xff\xd8\xff", "jpeg"),
             (b"<?xml", "svg"), (b"<svg", "svg"))

    def text(value):
        return str(value)[:MAX_TEXT] if value is not None else None

    def numbers(values, limit=MAX_POINTS):
        import numpy as np
        arr = np.asarray(values, dtype=np.float64).ravel()
        n = int(arr.size)
        if n > limit:
            arr = arr[np.linspace(0, n - 1, limit).round().astype(int)]
        return n, [float(v) for v in arr.tolist()]

    def label(artist):
        value = artist.get_label()
        return None if not value or str(value).startswith("_") else text(value)

    def line(artist):
        if hasattr(artist, "get_data_3d"):
            xs, ys, zs = artist.get_data_3d()
        else:
            (xs, ys), zs = artist.get_data(), None
        n, x = numbers(xs)
        ny, y = numbers(ys)
        out = {"n": n, "x": x, "y": y, "label": label(artist),
               "color": text(artist.get_color()), "linewidth": float(artist.get_linewidth())}
        if ny != n:
            return None
        if zs is not None:
            out["z"] = numbers(zs)[1]
        return out

    def contour(cs):
        levels = [float(v) for v in list(cs.levels)[:MAX_LEVELS]]
        paths = []
        for path in list(cs.get_paths())[:MAX_LEVELS]:
            vertices = path.vertices
            n, xs = numbers(vertices[:, 0], 200)
            paths.append({"n": n, "x": xs, "y": numbers(vertices[:, 1], 200)[1]})
        return {"levels": levels, "filled": bool(cs.filled), "paths": paths}

    def surface(coll, kind):
        import numpy as np
        if kind == "surface":
            faces = getattr(coll, "_faces", None)
            if faces is None:
                faces = [np.asarray(v)[:3].T for v in getattr(coll, "_vec", [])]
            points = np.concatenate([np.asarray(f, dtype=np.float64).reshape(-1, 3)
                                     for f in faces]) if len(faces) else np.zeros((0, 3))
        else:
            segments = list(getattr(coll, "_segments3d", []))
            points = np.concatenate([np.asarray(s, dtype=np.float64).reshape(-1, 3)
                                     for s in segments]) if segments else np.zeros((0, 3))
        points = np.unique(points[np.isfinite(points).all(axis=1)], axis=0)
        n, x = numbers(points[:, 0], 1500)
        return {"kind": kind, "n": n, "x": x, "y": numbers(points[:, 1], 1500)[1],
                "z": numbers(points[:, 2], 1500)[1]}

    def axes(ax, fig):
        from matplotlib.collections import PathCollection
        from matplotlib.contour import ContourSet
        legend = ax.get_legend()
        if legend is None and getattr(fig, "legends", None):
            legend = fig.legends[0]
        aspect = ax.get_aspect()
        out = {"name": text(ax.name), "title": text(ax.get_title()),
               "xlabel": text(ax.get_xlabel()), "ylabel": text(ax.get_ylabel()),
               "xlim": [float(v) for v in ax.get_xlim()], "ylim": [float(v) for v in ax.get_ylim()],
               "xscale": text(ax.get_xscale()), "yscale": text(ax.get_yscale()),
               "grid": bool(any(g.get_visible() for g in ax.get_xgridlines())
                            or any(g.get_visible() for g in ax.get_ygridlines())),
               "aspect": "equal" if aspect in ("equal", 1.0) else text(aspect),
               "legend": None if legend is None else
               [text(t.get_text()) for t in list(legend.get_texts())[:MAX_ARTISTS]],
               "lines": [], "scatters": [], "contours": [], "surfaces": []}
        if ax.name == "3d":
            out["zlabel"] = text(ax.get_zlabel())
        for artist in list(ax.get_lines())[:MAX_ARTISTS]:
            data = line(artist)
            if data is not None:
                out["lines"].append(data)
        for coll in list(ax.collections)[:MAX_ARTISTS]:
            kind = type(coll).__name__
            if isinstance(coll, ContourSet):
                out["contours"].append(contour(coll))
            elif kind == "Poly3DCollection":
                out["surfaces"].append(surface(coll, "surface"))
            elif kind == "Line3DCollection":
                out["surfaces"].append(surface(coll, "wireframe"))
            elif isinstance(coll, PathCollection):
                offsets = coll.get_offsets()
                n, xs = numbers(offsets[:, 0]) if len(offsets) else (0, [])
                ys = numbers(offsets[:, 1])[1] if len(offsets) else []
                out["scatters"].append({"n": n, "x": xs, "y": ys, "label": label(coll)})
        return out

    def files():
        found = []
        try:
            names = sorted(os.listdir("."))
        except OSError:
            return found
        for name in names:
            if not name.lower().endswith((".png", ".pdf", ".jpg", ".jpeg", ".svg")):
                continue
            try:
                with open(name, "rb") as fh:
                    head = fh.read(8)
                size = os.path.getsize(name)
            except OSError:
                continue
            kind = next((k for magic, k in MAGIC if head.startswith(magic)), "other")
            found.append({"name": name[:MAX_TEXT], "size": int(size), "type": kind})
            if len(found) >= MAX_FILES:
                break
        return found

    def enc_figure(x):
        try:
            from matplotlib.axes import Axes
            from matplotlib.figure import FigureBase
            if isinstance(x, Axes):
                fig, chosen = x.figure, [x]
            elif isinstance(x, FigureBase):
                fig, chosen = x, list(x.axes)
            else:
                return {"t": "unsupported", "v": type(x).__name__[:100]}
            if len(chosen) > MAX_AXES:
                return {"t": "unsupported", "v": "figure: too many axes"}
            return {"t": "figure", "axes": [axes(ax, fig) for ax in chosen], "files": files()}
        except Exception as exc:
            return {"t": "unsupported",
                    "v": ("figure: " + type(exc).__name__ + ": " + str(exc))[:100]}
    return enc_figure
"""

KERAS_ENCODER = r"""
def __dm_keras_encoder(enc, MAX_ITEMS):
    # A Keras model (or one layer) -> {"t": "keras_model", "layers": [...]}: per layer its
    # class and module, name, a whitelisted config subset, output shape and weight arrays
    # (read from the layer's variables, converted with numpy). Keras tensors and variables ->
    # arrays. Nothing here is trusted by the grader: it re-checks every field.
    import builtins
    isinstance, len, str, list, tuple, dict, int, float, getattr, type = (
        builtins.isinstance, builtins.len, builtins.str, builtins.list, builtins.tuple,
        builtins.dict, builtins.int, builtins.float, builtins.getattr, builtins.type)
    MAX_LAYERS = 200
    CONFIG = ("units", "activation", "use_bias", "filters", "kernel_size", "strides",
              "padding", "pool_size", "rate", "target_shape", "data_format")

    def shape(value):
        try:
            return [None if d is None else int(d) for d in tuple(value)]
        except Exception:
            return None

    def array(value):
        import numpy as np
        arr = np.asarray(value)
        if type(arr) is not np.ndarray:
            raise TypeError("not an array")
        return np.array(arr, dtype=np.float64) if arr.dtype.kind in "fiub" else arr

    def plain(value):
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, (list, tuple)) and len(value) <= 8:
            return [plain(v) for v in value]
        return str(value)[:100]

    def activation(layer, config):
        act = config.get("activation")
        if isinstance(act, str):
            return act
        fn = getattr(layer, "activation", None)
        name = getattr(fn, "__name__", None)
        return "custom:" + str(name)[:60] if name else None

    def enc_layer(layer, budget):
        cls = type(layer)
        try:
            config = layer.get_config()
            config = config if isinstance(config, dict) else {}
        except Exception:
            config = {}
        out = {"class": str(cls.__name__)[:100], "module": str(cls.__module__)[:200],
               "name": str(getattr(layer, "name", ""))[:100],
               "config": {k: plain(config[k]) for k in CONFIG if k in config}}
        if "activation" in config or hasattr(layer, "activation"):
            out["config"]["activation"] = activation(layer, config)
        try:
            out["output_shape"] = shape(layer.output.shape)
        except Exception:
            out["output_shape"] = None
        weights = []
        for var in list(getattr(layer, "weights", []))[:20]:
            try:
                value = enc(array(var), 1, budget)
            except Exception as exc:
                value = {"t": "unsupported", "v": type(exc).__name__[:100]}
            weights.append({"name": str(getattr(var, "path", getattr(var, "name", "")))[:200],
                            "value": value})
        out["weights"] = weights
        return out

    def enc_keras(x, depth, budget):
        keras = __import__("sys").modules.get("keras")
        budget = [MAX_ITEMS, MAX_ITEMS] if budget is None else budget
        try:
            if keras is not None and isinstance(x, keras.Model):
                layers = list(x.layers)
                if len(layers) > MAX_LAYERS:
                    return {"t": "unsupported", "v": "model: too many layers"}
                try:
                    inputs = shape(x.inputs[0].shape)
                except Exception:
                    inputs = None
                return {"t": "keras_model", "class": str(type(x).__name__)[:100],
                        "module": str(type(x).__module__)[:200],
                        "name": str(getattr(x, "name", ""))[:100], "input_shape": inputs,
                        "layers": [enc_layer(layer, budget) for layer in layers]}
            if keras is not None and isinstance(x, keras.layers.Layer):
                return {"t": "keras_model", "class": "Layer", "module": "", "name": "",
                        "input_shape": None, "layers": [enc_layer(x, budget)]}
            if hasattr(x, "shape") and hasattr(x, "dtype"):  # tensors and variables
                return enc(array(x), depth, budget)
        except Exception as exc:
            return {"t": "unsupported", "v": ("keras: " + type(exc).__name__)[:100]}
        return {"t": "unsupported", "v": type(x).__name__[:100]}
    return enc_keras
"""

# The encoders are defined before the core and removed from the namespace after it.
PREAMBLE = (FIGURE_ENCODER + KERAS_ENCODER + PREAMBLE
            + "\ndel __dm_figure_encoder, __dm_keras_encoder\n")
