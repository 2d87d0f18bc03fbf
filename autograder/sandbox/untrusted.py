"""Reading data that came out of a sandbox (or from a student) without trusting its shape.

Everything a submission can influence is *data*: it may be nested 100 000 levels deep, be huge,
or not be JSON at all. ``json.loads`` recurses once per nesting level, so its depth is checked
first with a vectorised scan; callers then validate the parsed value against their schema.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
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


class UntrustedFileError(OSError):
    """A file a student could have planted is not a plain regular file we may read."""


def read_regular_file(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a *regular file* (not a symlink, FIFO, device or
    directory), at most ``max_bytes``: opened ``O_NOFOLLOW | O_NONBLOCK``, checked with
    ``fstat`` and read from that fd, so a link planted in a folder the student could write
    (nbgrader's exchange, a submission folder) never makes the grader read another file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UntrustedFileError(errno.ELOOP, "is a symbolic link", str(path)) from exc
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UntrustedFileError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > max_bytes:
            raise UntrustedFileError(errno.EFBIG, f"larger than {max_bytes} bytes", str(path))
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:
            raise UntrustedFileError(errno.EFBIG, f"larger than {max_bytes} bytes", str(path))
        return data
    finally:
        os.close(fd)
