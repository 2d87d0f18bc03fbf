"""Reading data that came out of a sandbox (or from a student) without trusting its shape.

Everything a submission can influence is *data*: it may be nested 100 000 levels deep, be huge,
or not be JSON at all. ``json.loads`` recurses once per nesting level, so its depth is checked
first with a vectorised scan; callers then validate the parsed value against their schema.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_OPEN = np.zeros(256, dtype=np.int8)
_OPEN[[ord("["), ord("{")]] = 1
_OPEN[[ord("]"), ord("}")]] = -1


class UntrustedJSONError(ValueError):
    """The text is not JSON we accept (malformed, too deep, too large)."""


def json_depth(data: bytes | str) -> int:
    """The deepest bracket nesting of a JSON text, brackets inside strings ignored.

    Linear time, no recursion: safe on any input (malformed text gives some number)."""
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    stripped = _STRING.sub(b'""', raw)
    if not stripped:
        return 0
    steps = _OPEN[np.frombuffer(stripped, dtype=np.uint8)]
    if not steps.any():
        return 0
    return int(np.cumsum(steps, dtype=np.int64).max())


def loads_bounded(data: bytes | str, *, max_depth: int, max_bytes: int) -> Any:
    """``json.loads`` for untrusted text: refuses texts deeper than ``max_depth`` or longer
    than ``max_bytes`` before parsing, and turns every parser failure into
    UntrustedJSONError (never RecursionError, MemoryError or UnicodeDecodeError)."""
    if len(data) > max_bytes:
        raise UntrustedJSONError(f"too large ({len(data)} bytes > {max_bytes})")
    depth = json_depth(data)
    if depth > max_depth:
        raise UntrustedJSONError(f"nested too deeply ({depth} levels > {max_depth})")
    try:
        return json.loads(data)
    except (ValueError, RecursionError, MemoryError, TypeError) as exc:
        raise UntrustedJSONError(f"malformed JSON ({str(exc)[:200]})") from exc
