"""Step: the verdict on each item, computed here from ``reference/`` (never in the kernel)."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from ..answers import Record
from ..items import FunctionItem, Item
from ..model import ItemResult, Msg, Outcome, Status
from ..sandbox import Limits
from .context import Context

log = logging.getLogger(__name__)

NO_ANSWER = Msg("Pas de réponse : la question n'a pas été traitée.",
                "No answer: the question was not attempted.")
NOT_REACHED = Msg("Pas de réponse : l'exécution s'est arrêtée avant cette question ({why}).",
                  "No answer: the run stopped before this question ({why}).")
INTERNAL = Msg("Erreur interne du correcteur sur cette question ; prévenez l'enseignant·e.",
               "Internal grader error on this question; tell your instructor.")


STOPPED = {"timeout": Msg("temps total dépassé", "total time limit exceeded"),
           "kernel_died": Msg("le noyau Python s'est arrêté", "the Python kernel died"),
           "crashed": Msg("l'exécution a échoué", "the run failed"),
           "grader_error": Msg("le correcteur n'a pas pu lancer l'exécution, ce n'est pas de "
                               "votre fait", "the grader could not start the run, not your "
                               "fault")}
CELL_ERROR = Msg("Votre cellule a levé {name} ligne {line} : {message}",
                 "Your cell raised {name} at line {line}: {message}")
CELL_ERROR_NO_LINE = Msg("Votre cellule a levé {name} : {message}",
                         "Your cell raised {name}: {message}")
NO_MODULE = Msg(" (ce module n'est pas disponible pour la correction : utilisez ceux du "
                "chapitre)", " (this module is not available for grading: use the chapter's)")
CELL_LIMITS = {
    "timeout": Msg("Votre cellule a dépassé le temps imparti ({seconds:g} s par cellule) : "
                   "elle a été interrompue (boucle infinie ?).",
                   "Your cell ran past its time limit ({seconds:g} s per cell): it was "
                   "interrupted (an infinite loop?)."),
    "skipped": Msg("Votre cellule a arrêté ou bloqué le noyau Python (mémoire, processus, arrêt "
                   "forcé) : elle a été ignorée à la correction.",
                   "Your cell killed or stalled the Python kernel (memory, processes, forced "
                   "exit): it was skipped for grading."),
    "MemoryError": Msg("Votre cellule a dépassé la mémoire autorisée (MemoryError ligne {line} ; "
                       "limite : {memory} d'espace d'adressage par processus).",
                       "Your cell ran out of the memory allowed (MemoryError at line {line}; "
                       "limit: {memory} of address space per process)."),
}
KERNEL_KILLED = {
    "cpu": Msg("Votre cellule a dépassé le temps de calcul autorisé (limite : {cpu} de CPU par "
               "processus) : le noyau Python a été arrêté et la cellule ignorée à la correction.",
               "Your cell ran past the CPU time allowed (limit: {cpu} of CPU per process): "
               "the Python kernel was stopped and the cell skipped for grading."),
    "memory": Msg("Votre cellule a arrêté le noyau Python, très probablement en dépassant la "
                  "mémoire autorisée (limite : {memory} d'espace d'adressage par processus ; "
                  "signal {signal}) : elle a été ignorée à la correction.",
                  "Your cell killed the Python kernel, most likely by running out of the memory "
                  "allowed (limit: {memory} of address space per process; signal {signal}): "
                  "it was skipped for grading."),
    "other": Msg("Votre cellule a arrêté ou bloqué le noyau Python (signal {signal}) ; limites : "
                 "mémoire {memory} par processus, CPU {cpu}, {processes} processus : elle a "
                 "été ignorée à la correction.",
                 "Your cell killed or stalled the Python kernel (signal {signal}); limits: "
                 "memory {memory} per process, CPU {cpu}, {processes} processes: it was "
                 "skipped for grading."),
}
SIGNAL_NAMES = {24: "SIGXCPU", 9: "SIGKILL", 6: "SIGABRT", 11: "SIGSEGV", 7: "SIGBUS",
                15: "SIGTERM"}
TF_OOM = ("ResourceExhaustedError", "bad_alloc")
UNDEFINED = Msg("Votre cellule s'exécute, mais ne définit pas la variable attendue ({message}) : "
                "vérifiez son nom.",
                "Your cell runs but does not define the expected variable ({message}): check "
                "its name.")
MAX_NOTEBOOK_CHARS = 64 * 1024**2


@dataclass(frozen=True)
class CellProblem:
    """What went wrong in the student's cells of one question: ``stub`` (the untouched
    ``raise NotImplementedError()``), ``error`` (an exception) or ``limit`` (a limit hit)."""

    kind: str
    message: Msg


def _line(output: dict[str, Any]) -> int | None:
    """The line of the student's cell where ``output`` (an error) was raised."""
    text = "\n".join(str(t) for t in output.get("traceback", [])
                     if isinstance(t, str))[:20000]
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
    found = re.search(r"Cell In\[\d*\], line (\d+)", text) or re.search(
        r"line (\d+)\)?\s*$", str(output.get("evalue", ""))[:500])
    return int(found[1]) if found else None


def _killed(signal: Any, limits: Limits) -> Msg:
    """Why the kernel died in a cell, naming the limit (and its value) the signal points to."""
    values = limits.describe()
    name = SIGNAL_NAMES.get(signal, str(signal)) if type(signal) is int else "?"
    if signal == 24:
        return KERNEL_KILLED["cpu"].format(**values)
    if signal in (6, 7, 9, 11):
        return KERNEL_KILLED["memory"].format(signal=name, **values)
    if type(signal) is int:
        return KERNEL_KILLED["other"].format(signal=name, **values)
    return CELL_LIMITS["skipped"]


def _problem(cell: dict[str, Any], state: Any, limit: float, limits: Limits | None = None,
             signal: Any = None) -> CellProblem | None:
    limits = limits or Limits()
    if state in ("skipped", "kernel_died") and signal is not None:
        return CellProblem("limit", _killed(signal, limits))
    if state in ("timeout", "skipped", "kernel_died"):
        key = "timeout" if state == "timeout" else "skipped"
        return CellProblem("limit", CELL_LIMITS[key].format(seconds=limit))
    outputs = cell.get("outputs")
    for out in outputs if isinstance(outputs, list) else []:
        if not isinstance(out, dict) or out.get("output_type") != "error":
            continue
        name = str(out.get("ename", ""))[:100]
        if name == "NotImplementedError":
            return CellProblem("stub", NO_ANSWER)
        line = _line(out)
        if name == "MemoryError" or (name.endswith(TF_OOM[0]) or TF_OOM[1] in str(
                out.get("evalue", ""))[:300]):
            return CellProblem("limit", CELL_LIMITS["MemoryError"].format(
                line=line or "?", memory=limits.describe()["memory"]))
        message = re.sub(r"\s*\([^()]*\.py, line \d+\)\s*$", "",
                         str(out.get("evalue", ""))[:300]) or "—"
        template = CELL_ERROR if line is not None else CELL_ERROR_NO_LINE
        problem = template.format(name=name, line=line, message=message)
        if name == "ModuleNotFoundError":
            problem = Msg(problem.fr + NO_MODULE.fr, problem.en + NO_MODULE.en)
        return CellProblem("error", problem)
    return None


def cell_problems(ctx: Context) -> tuple[dict[str, CellProblem], set[str]]:
    """For each item, the first problem in the student's cells that precede its test cell
    (the executed notebook's error outputs and the runner's per-cell states), and the items
    whose student cells are all empty. Untrusted input: anything malformed is ignored."""
    problems: dict[str, CellProblem] = {}
    empty: set[str] = set()
    sandbox = ctx.sandbox
    if sandbox is None or not sandbox.executed_notebook:
        return problems, empty
    try:
        if len(sandbox.executed_notebook) > MAX_NOTEBOOK_CHARS:
            return problems, empty
        cells = json.loads(sandbox.executed_notebook)["cells"]
        states = sandbox.status.get("cells")
        states = states if isinstance(states, dict) else {}
        signals = sandbox.status.get("signals")
        signals = signals if isinstance(signals, dict) else {}
        by_grade_id = {item.grade_id: item.id for item in ctx.items}
        segment: list[tuple[int, dict[str, Any]]] = []
        for index, cell in enumerate(cells if isinstance(cells, list) else []):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            meta = cell.get("metadata", {}).get("nbgrader", {})
            meta = meta if isinstance(meta, dict) else {}
            if meta.get("grade"):
                item_id = by_grade_id.get(str(meta.get("grade_id")))
                if item_id is not None:
                    for at, student_cell in segment:
                        found = _problem(student_cell, states.get(str(at)),
                                         ctx.limits.cell_seconds, ctx.limits,
                                         signals.get(str(at)))
                        if found is not None:
                            problems[item_id] = found
                            break
                    if all(not _code(c) for _, c in segment):
                        empty.add(item_id)
                segment = []
            elif not meta.get("locked"):
                segment.append((index, cell))
    except Exception:  # noqa: BLE001 - untrusted file from the sandbox: no details, no crash
        log.warning("unreadable executed notebook for %s", ctx.student)
    return problems, empty


def _code(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    return "\n".join(line for line in text.splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))


def _missing_or_error(item: Item, record: Record | None, ctx: Context,
                      cells: tuple[dict[str, CellProblem], set[str]]) -> ItemResult:
    if ctx.unusable is not None:
        return ItemResult(item.id, 0.0, item.points, "missing", ctx.unusable)
    problem = cells[0].get(item.id)
    if problem is not None:
        status: Status = "missing" if problem.kind == "stub" else "error"
        return ItemResult(item.id, 0.0, item.points, status, problem.message)
    if record is None:
        state = ctx.sandbox.state if ctx.sandbox else "crashed"
        if state != "finished":
            why = STOPPED.get(state, Msg(state[:40], state[:40]))
            if state == "timeout":
                wall = ctx.limits.describe()["wall"]
                why = Msg(f"{why.fr} : limite {wall}", f"{why.en}: limit {wall}")
            return ItemResult(item.id, 0.0, item.points, "error",
                              Msg(NOT_REACHED.fr.format(why=why.fr),
                                  NOT_REACHED.en.format(why=why.en)))
        return ItemResult(item.id, 0.0, item.points, "missing", NO_ANSWER)
    if (record.kind == "missing" and record.error_name == "NameError"
            and item.id not in cells[1] and ctx.sandbox is not None
            and ctx.sandbox.executed_notebook):
        return ItemResult(item.id, 0.0, item.points, "error",
                          UNDEFINED.format(message=record.error_message[:200]))
    if record.kind == "missing":
        detail = (" (NotImplementedError)" if record.error_name == "NotImplementedError"
                  else f" ({record.error_message})")
        return ItemResult(item.id, 0.0, item.points, "missing",
                          Msg(NO_ANSWER.fr + detail, NO_ANSWER.en + detail))
    return ItemResult(item.id, 0.0, item.points, "error",
                      Msg(f"Votre code lève une erreur : {record.error_message}",
                          f"Your code raises an error: {record.error_message}"))


def _outcome(item: Item, record: Record, ctx: Context) -> Outcome:
    params = ctx.params[item.id]
    if isinstance(item, FunctionItem):
        if record.kind != "function":
            return Outcome(False, Msg("Une fonction est attendue.", "A function is expected."))
        return item.check_outputs(record.outputs, params, ctx.probes[item.id])
    return item.check_with(record, params, ctx.probes.get(item.id))


def check_item(item: Item, ctx: Context,
               cells: tuple[dict[str, CellProblem], set[str]] = ({}, set())) -> ItemResult:
    record = ctx.records.get(item.id)
    if ctx.unusable is not None or record is None or record.kind in ("missing", "error"):
        return _missing_or_error(item, record, ctx, cells)
    try:
        outcome = _outcome(item, record, ctx)
    except Exception:  # a bug in an item or in reference/: record it, never crash the run
        log.exception("internal error while checking %s for %s", item.id, ctx.student)
        return ItemResult(item.id, 0.0, item.points, "error", INTERNAL)
    if outcome.passed:
        return ItemResult(item.id, item.points, item.points, "pass", outcome.message)
    points = round(item.points * max(0.0, min(outcome.credit, 1.0)), 2)
    return ItemResult(item.id, points, item.points, "fail", outcome.message, outcome.mistake)


def check_items(ctx: Context) -> None:
    cells = cell_problems(ctx)
    ctx.results = [check_item(item, ctx, cells) for item in ctx.items]
