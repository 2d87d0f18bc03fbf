"""Step: the verdict on each item, computed here from ``reference/`` (never in the kernel)."""

from __future__ import annotations

import logging

from ..answers import Record
from ..items import FunctionItem, Item
from ..model import ItemResult, Msg, Outcome
from .context import Context

log = logging.getLogger(__name__)

NO_ANSWER = Msg("Pas de réponse : la question n'a pas été traitée.",
                "No answer: the question was not attempted.")
NOT_REACHED = Msg("Pas de réponse : l'exécution s'est arrêtée avant cette question ({why}).",
                  "No answer: the run stopped before this question ({why}).")
INTERNAL = Msg("Erreur interne du correcteur sur cette question ; prévenez l'enseignant·e.",
               "Internal grader error on this question; tell your instructor.")


def _missing_or_error(item: Item, record: Record | None, ctx: Context) -> ItemResult:
    if ctx.unusable is not None:
        return ItemResult(item.id, 0.0, item.points, "missing", ctx.unusable)
    if record is None:
        state = ctx.sandbox.state if ctx.sandbox else "crashed"
        if state != "finished":
            return ItemResult(item.id, 0.0, item.points, "error", NOT_REACHED.format(why=state))
        return ItemResult(item.id, 0.0, item.points, "missing", NO_ANSWER)
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
    return item.check(record, params)


def check_item(item: Item, ctx: Context) -> ItemResult:
    record = ctx.records.get(item.id)
    if ctx.unusable is not None or record is None or record.kind in ("missing", "error"):
        return _missing_or_error(item, record, ctx)
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
    ctx.results = [check_item(item, ctx) for item in ctx.items]
