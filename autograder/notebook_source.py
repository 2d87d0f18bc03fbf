"""Build an nbgrader source notebook from a diff-friendly percent-format file.

The authoring file (``<course>/notebooks/<assignment>.py``) is a sequence of cells, each opened
by a header line::

    # %% [markdown]                      markdown; each line starts with "# "
    # %% [setup]                         locked code cell (restored from the master at grading)
    # %% [code]                          ordinary code cell, students may edit
    # %% [answer NAME]                   solution cell (### BEGIN/END SOLUTION inside)
    # %% [test NAME -> VARIABLE]         hidden test cell of item <assignment>.NAME: it only
                                          hands VARIABLE out; points come from the item

Test cells are generated, so an item's points and its hand-out call have one source each.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

HEADER = re.compile(
    r"^# %% \[(?P<kind>markdown|setup|code|answer|test)(?:\s+(?P<arg>[^\]]*))?\]\s*$")
TEST_ARG = re.compile(r"^(?P<name>[A-Za-z0-9_]+)\s*->\s*(?P<var>[A-Za-z_][A-Za-z0-9_]*)$")

TEST_TEMPLATE = '''# Correction automatique : cette cellule transmet votre réponse au correcteur.
### BEGIN HIDDEN TESTS
__import__("_deepmath_kernel").rendre("{item}", lambda: {var})
### END HIDDEN TESTS'''


def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
          points: float | None = None) -> dict[str, object]:
    meta: dict[str, object] = {"grade": grade, "grade_id": grade_id, "locked": locked,
                               "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def kernel_name(environment: str = "base") -> str:
    """The kernelspec a notebook of this students' environment asks for: ``python3`` for
    ``base``, ``python3-NAME`` otherwise (the hub's kernels, hub_config/deepmath_hub/kernels.py,
    run each from the environment the sandbox uses for it)."""
    return "python3" if environment == "base" else f"python3-{environment}"


def build_notebook(text: str, assignment: str, points: dict[str, float],
                   environment: str = "base") -> nbformat.NotebookNode:
    """Authoring text → nbgrader source notebook. ``points`` maps item name → points;
    ``environment`` is the assignment's students' environment (kernel and sandbox)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": kernel_name(environment), "display_name": "Python 3",
                                  "language": "python"},
                   "language_info": {"name": "python"},
                   "deepmath": {"environment": environment}}
    blocks: list[tuple[str, str, list[str]]] = []
    for line in text.splitlines():
        match = HEADER.match(line)
        if match:
            blocks.append((match["kind"], (match["arg"] or "").strip(), []))
        elif blocks:
            blocks[-1][2].append(line)
        elif line.strip():
            raise ValueError(f"text before the first cell header: {line!r}")
    seen: set[str] = set()
    for index, (kind, arg, lines) in enumerate(blocks):
        body = "\n".join(lines).strip("\n")
        cell_id = f"{kind}-{arg or index}".replace(" ", "")[:60].replace(">", "").replace("-", "_")
        if kind == "markdown":
            md = "\n".join(re.sub(r"^# ?", "", ln) for ln in lines).strip("\n")
            cell = nbformat.v4.new_markdown_cell(md)
        elif kind == "setup":
            cell = nbformat.v4.new_code_cell(body, metadata=_meta(
                f"{assignment}-setup-{index}", locked=True))
        elif kind == "code":
            cell = nbformat.v4.new_code_cell(body)
        elif kind == "answer":
            cell = nbformat.v4.new_code_cell(body, metadata=_meta(
                f"{assignment}-{arg}-reponse", solution=True))
        else:
            found = TEST_ARG.match(arg)
            if not found:
                raise ValueError(f"bad test header {arg!r}: expected 'NAME -> VARIABLE'")
            name = found["name"]
            if name not in points:
                raise ValueError(f"test cell for unknown item {assignment}.{name}")
            seen.add(name)
            cell = nbformat.v4.new_code_cell(
                TEST_TEMPLATE.format(item=f"{assignment}.{name}", var=found["var"]),
                metadata=_meta(f"{assignment}-{name}", grade=True, locked=True,
                               points=points[name]))
        cell["id"] = f"c{index:02d}-{cell_id}"[:64]
        nb.cells.append(cell)
    missing = set(points) - seen
    if missing:
        raise ValueError(f"items without a test cell: {sorted(missing)}")
    nbformat.validate(nb)
    result: nbformat.NotebookNode = nb
    return result


def build_file(source: Path, target: Path, assignment: str, points: dict[str, float],
               environment: str = "base") -> None:
    nb = build_notebook(source.read_text(encoding="utf-8"), assignment, points, environment)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
