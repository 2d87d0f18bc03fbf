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

    def enc(x, depth=0):
        if depth > MAX_DEPTH:
            return {"t": "unsupported", "v": "nesting too deep"}
        mod = type(x).__module__ or ""
        if x is None:
            return {"t": "none"}
        if isinstance(x, bool):
            return {"t": "bool", "v": bool(x)}
        if mod.startswith("numpy"):
            import numpy as np
            if isinstance(x, np.ndarray):
                if x.size > MAX_ITEMS:
                    return {"t": "unsupported", "v": "array too large"}
                kind = x.dtype.kind
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
                    "v": [enc(v, depth + 1) for v in x]}
        if isinstance(x, dict):
            if len(x) > MAX_ITEMS:
                return {"t": "unsupported", "v": "dict too long"}
            return {"t": "dict",
                    "v": [[enc(k, depth + 1), enc(v, depth + 1)] for k, v in x.items()]}
        if isinstance(x, complex):
            return {"t": "unsupported", "v": "complex number"}
        return {"t": "unsupported", "v": type(x).__name__[:100]}

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
            if calls is not None:
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
