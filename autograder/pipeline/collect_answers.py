"""Step: read the answers the kernel handed out (JSON lines, validated, size-capped)."""

from __future__ import annotations

from ..answers import collect
from ..items import value_caps
from ..model import Msg
from .context import Context

SANDBOX_NOTES = {
    "timeout": Msg("Temps total dépassé : l'exécution a été arrêtée.",
                   "Total time limit exceeded: the run was stopped."),
    "kernel_died": Msg("Le noyau Python s'est arrêté (mémoire épuisée, ou arrêt forcé).",
                       "The Python kernel died (out of memory, or killed)."),
    "crashed": Msg("L'exécution du notebook a échoué avant la fin.",
                   "Running the notebook failed before the end."),
    "grader_error": Msg(
        "Erreur du correcteur : le notebook n'a pas pu être exécuté (ressources de la machine "
        "de correction). Ce n'est pas de votre faute : la copie sera corrigée à nouveau.",
        "Grader error: the notebook could not be run (the grading machine's resources). "
        "This is not your fault: the submission will be graded again."),
}


def collect_answers(ctx: Context) -> None:
    if ctx.sandbox is None:
        return
    state = ctx.sandbox.state
    if state in SANDBOX_NOTES:
        ctx.notes.append(SANDBOX_NOTES[state])
    culprits = ctx.sandbox.status.get("culprits")
    if isinstance(culprits, list) and culprits:
        ctx.notes.append(Msg(
            f"{len(culprits)} cellule(s) ont arrêté le noyau ou dépassé le temps imparti : "
            "elles ont été interrompues ou ignorées.",
            f"{len(culprits)} cell(s) killed the kernel or ran out of time: they were "
            "interrupted or skipped."))
    ctx.records, _rejected = collect(ctx.sandbox.answers_text, {i.id for i in ctx.items},
                                     value_caps(ctx.items))
