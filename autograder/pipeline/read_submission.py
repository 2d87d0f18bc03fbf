"""Step: bytes → a valid nbformat-4 notebook, or a clear reason why not."""

from __future__ import annotations

import nbformat

from ..model import Msg
from ..sandbox.untrusted import UntrustedJSONError, loads_bounded
from .context import Context

MAX_BYTES = 32 * 1024**2
MAX_DEPTH = 64
"""Bracket nesting allowed in a submitted file: real notebooks need about 10 (cells, outputs,
JSON outputs); the check runs before any recursive parser sees the text."""


def read_submission(ctx: Context) -> None:
    if len(ctx.raw) > MAX_BYTES:
        ctx.unusable = Msg(f"Fichier trop volumineux ({len(ctx.raw) // 1024**2} Mo > 32 Mo).",
                           f"File too large ({len(ctx.raw) // 1024**2} MB > 32 MB).")
        return
    try:
        data = loads_bounded(ctx.raw.decode("utf-8"), max_depth=MAX_DEPTH,
                             max_bytes=4 * MAX_BYTES)
    except (UnicodeDecodeError, UntrustedJSONError) as exc:
        ctx.unusable = Msg(f"Ce fichier n'est pas un notebook : JSON invalide ({exc}).",
                           f"This file is not a notebook: malformed JSON ({exc}).")
        return
    if not isinstance(data, dict) or "cells" not in data:
        ctx.unusable = Msg("Ce fichier JSON n'est pas un notebook Jupyter.",
                           "This JSON file is not a Jupyter notebook.")
        return
    if data.get("nbformat") != 4:
        found = data.get("nbformat")
        ctx.unusable = Msg(f"Format de notebook {found!r} non pris en charge (version 4 attendue).",
                           f"Unsupported notebook format {found!r} (version 4 expected).")
        return
    try:
        nb = nbformat.reads(ctx.raw.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except (nbformat.ValidationError, ValueError, KeyError, TypeError, RecursionError) as exc:
        ctx.unusable = Msg(f"Notebook invalide : {str(exc)[:300]}",
                           f"Invalid notebook: {str(exc)[:300]}")
        return
    ctx.notebook = nb
