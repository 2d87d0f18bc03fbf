"""The students' kit: small files shipped next to each released notebook (and placed in the
sandbox at grading time, so the notebook runs the same there).

* ``deepmath_eleve.py`` (``autograder/kit/``, copied verbatim): variant loading,
  ``parametres()``, the ``verifier()`` self-check, the ``verifier_syntaxe()`` preview.
* ``deepmath_eleve.json``: per question its title, the notebook variable that holds the answer
  and the *form* expected — a formula in given variables, a value's type skeleton (number,
  text, tuple of…, array of ndim…), or for a function a couple of sample calls with the type
  and shape of what they return. Built from the items with throw-away parameters: never an
  expected value, never the course secret.
* ``deepmath_symbolique.zip``: the whitelist formula parser (``autograder/symbolic``, which
  imports only sympy and the standard library), importable from the zip.

The kit only helps students: the grader never trusts the kernel's copy (verdicts are computed
outside it), and the sandbox gets the grader's own copy, not the student's.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat
import numpy as np

from .items import FunctionItem, Item, SymbolicItem, ValueItem, grader_arg
from .notebook_source import hand_out_variables

MODULE = "deepmath_eleve.py"
SPEC = "deepmath_eleve.json"
PARSER = "deepmath_symbolique.zip"
KIT_NAMES = (MODULE, SPEC, PARSER)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_MAX_SAMPLE_CALLS = 2


def skeleton(value: Any) -> dict[str, Any]:
    """The type/shape of a value, without the value: what the self-check may reveal."""
    if isinstance(value, bool | np.bool_):
        return {"t": "booleen"}
    if isinstance(value, int | float | Fraction | Decimal | np.integer | np.floating):
        return {"t": "nombre"}
    if isinstance(value, str):
        return {"t": "texte"}
    if isinstance(value, np.ndarray):
        return {"t": "tableau", "ndim": int(value.ndim)}
    if isinstance(value, tuple):
        return {"t": "n-uplet", "elements": [skeleton(v) for v in value]}
    if isinstance(value, list):
        kinds = [skeleton(v) for v in value]
        same = bool(kinds) and all(k == kinds[0] for k in kinds)
        return {"t": "liste", "elements": kinds[0] if same else None}
    return {"t": "autre"}


def _sample_calls(item: FunctionItem, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Up to two of the item's calls (one with scalars, one with an array when there is one)
    and the form of what the reference returns for them (an array: its shape)."""
    calls = item.calls(params, random.Random(0))
    has_array = [any(isinstance(a, np.ndarray) for a in c.args) for c in calls]
    chosen = ([c for c, arr in zip(calls, has_array, strict=True) if not arr][:1]
              + [c for c, arr in zip(calls, has_array, strict=True) if arr][:1])
    reference = item.reference(params)
    samples = []
    for call in chosen[:_MAX_SAMPLE_CALLS]:
        try:
            out = reference(*[grader_arg(a) for a in call.args])
        except (ArithmeticError, ValueError):
            continue
        form = skeleton(out)
        if isinstance(out, np.ndarray):
            form["forme"] = list(out.shape)
        samples.append({"args": call.to_probe()["args"], "forme": form})
    return samples


def expected_form(item: Item) -> dict[str, Any]:
    params = item.draw(random.Random(0))  # throw-away parameters: the form, never a value
    if isinstance(item, SymbolicItem):
        return {"t": "formule", "variables": list(item.variables)}
    if isinstance(item, FunctionItem):
        return {"t": "fonction", "appels": _sample_calls(item, params)}
    if isinstance(item, ValueItem):
        return {"t": "valeur", "forme": skeleton(item.expected(params))}
    return {"t": "valeur", "forme": {"t": "autre"}}


def spec(assignment: str, items: list[Item], master: nbformat.NotebookNode) -> dict[str, Any]:
    variables = hand_out_variables(master)
    questions = [{"nom": item.name, "titre": {"fr": item.title.fr, "en": item.title.en},
                  "variable": variables.get(item.id, item.name), "attendu": expected_form(item)}
                 for item in items]
    return {"assignment": assignment, "questions": questions}


def _parser_zip() -> bytes:
    buffer = io.BytesIO()
    package = resources.files("autograder").joinpath("symbolic")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in sorted(package.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                info = zipfile.ZipInfo(f"deepmath_symbolique/{entry.name}", _ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, entry.read_bytes())
    return buffer.getvalue()


def kit_files(assignment: str, items: list[Item],
              master: nbformat.NotebookNode) -> dict[str, bytes]:
    """The kit's files by name (the same bytes for the release and for the sandbox)."""
    module = resources.files("autograder").joinpath("kit", MODULE).read_bytes()
    text = json.dumps(spec(assignment, items, master), ensure_ascii=False, indent=1)
    return {MODULE: module, SPEC: text.encode(), PARSER: _parser_zip()}


def write_kit(target_dir: Path, assignment: str, items: list[Item],
              master: nbformat.NotebookNode) -> list[Path]:
    """Write the kit next to the source notebook (``source/<a>/``) before nbgrader's
    generate_assignment copies that folder into the release."""
    written = []
    for name, data in kit_files(assignment, items, master).items():
        path = target_dir / name
        path.write_bytes(data)
        written.append(path)
    return written
