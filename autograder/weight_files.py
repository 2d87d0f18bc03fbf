"""Trained weights submitted with the notebook, so that grading never retrains.

A training cell calls the students' kit's ``entrainer_ou_charger("poids.npz", entrainer)``:
in class it trains and writes the weights next to the notebook (``np.savez``, plain numeric
arrays); the file is submitted with the notebook (nbgrader submits the whole folder). At
grading, the same cell, run in the sandbox with ``DEEPMATH_CORRECTION=1``, loads the file
instead of training. The weights themselves are graded as before, from what the kernel hands
out (held-out data, reference forward pass): a file is no more trusted than weights computed
in the sandbox would be, and it never earns anything by itself.

The grader never loads the file: it reads it from the submission as a regular file (no link
followed, capped), checks that it is an ``.npz`` of plain numeric ``.npy`` members by their
headers only (no pickle, no object arrays, bounded unpacked size), and passes the bytes to the
sandbox, where the student's own kernel loads it (``allow_pickle=False``).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.lib import format as npy_format

from .model import Msg
from .sandbox.untrusted import read_regular_file

MAX_ARRAYS = 4096
UNPACKED_FACTOR = 8
"""The arrays may unpack to at most this many times the declared byte cap (deflate)."""

WEIGHTS_MISSING = Msg(
    "« {name} » n'est pas dans votre dépôt. La correction ne relance jamais l'entraînement : "
    "une cellule qui recharge ce fichier (entrainer_ou_charger) n'a donc rien trouvé. "
    "Exécutez la cellule d'entraînement (elle écrit ce fichier à côté du notebook), puis "
    "soumettez à nouveau.",
    "“{name}” is not in your submission. Grading never trains again, so a cell that loads "
    "this file (entrainer_ou_charger) found nothing. Run the training cell (it writes this "
    "file next to the notebook), then submit again.")
WEIGHTS_REFUSED = Msg(
    "« {name} » n'a pas été utilisé ({why}) : ré-exécutez la cellule d'entraînement, puis "
    "soumettez à nouveau.",
    "“{name}” was not used ({why}): run the training cell again, then submit again.")


@dataclass
class SubmittedWeights:
    """The declared weight files found in a submission, and what was said about the rest."""

    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[Msg] = field(default_factory=list)

    def digest(self) -> str:
        """What a recorded result must match (part of the resume key)."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return h.hexdigest()


def npz_problem(data: bytes, cap: int) -> str | None:
    """Why ``data`` is not an ``.npz`` of plain numeric arrays (None when it is one). Only
    the zip directory and each member's ``.npy`` header are read, never an array's data."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return "pas une archive .npz / not an .npz archive"
    with archive:
        members = archive.infolist()
        if not members:
            return "archive vide / empty archive"
        if len(members) > MAX_ARRAYS:
            return f"plus de {MAX_ARRAYS} tableaux / more than {MAX_ARRAYS} arrays"
        if sum(m.file_size for m in members) > UNPACKED_FACTOR * cap:
            return "trop volumineux une fois décompressé / too large once unpacked"
        for member in members:
            name = member.filename
            if (not name.endswith(".npy") or "/" in name or "\\" in name
                    or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                    or member.flag_bits & 0x1):
                return f"membre inattendu / unexpected member {name[:80]!r}"
            problem = _npy_problem(archive, member)
            if problem:
                return f"{name[:-4][:80]} : {problem}"
    return None


def _npy_problem(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> str | None:
    try:
        with archive.open(member) as fh:
            version = npy_format.read_magic(fh)
            if version == (1, 0):
                shape, fortran, dtype = npy_format.read_array_header_1_0(fh)
            elif version in ((2, 0), (3, 0)):
                shape, fortran, dtype = npy_format.read_array_header_2_0(fh)
            else:
                return f"format .npy {version} inconnu / unknown .npy format"
            header_end = fh.tell()
    except (ValueError, OSError, zipfile.BadZipFile, EOFError, RuntimeError):
        return "en-tête .npy illisible / unreadable .npy header"
    if dtype.hasobject or dtype.kind not in "biuf" or dtype.fields is not None:
        return f"type {dtype} (nombres seulement / numbers only)"
    expected = header_end + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if expected != member.file_size:
        return "taille incohérente / inconsistent size"
    return None


def read_submitted(folder: Path, declared: dict[str, int]) -> SubmittedWeights:
    """The declared weight files of a submission folder: read as regular files (a planted
    link is never followed), capped, checked by :func:`npz_problem`. A missing file or a
    refused one becomes a note; the submission itself is never touched."""
    found = SubmittedWeights()
    for name, cap in sorted(declared.items()):
        path = folder / name
        if not path.is_symlink() and not path.exists():
            found.notes.append(WEIGHTS_MISSING.format(name=name))
            continue
        try:
            data = read_regular_file(path, cap)
        except OSError as exc:
            found.notes.append(WEIGHTS_REFUSED.format(name=name, why=exc.strerror or exc))
            continue
        _accept(found, name, data, cap)
    return found


def check_submitted(files: dict[str, bytes], declared: dict[str, int]) -> SubmittedWeights:
    """:func:`read_submitted` for files already in memory (name → bytes): undeclared names
    are ignored, missing and refused ones become notes."""
    found = SubmittedWeights()
    for name, cap in sorted(declared.items()):
        if name not in files:
            found.notes.append(WEIGHTS_MISSING.format(name=name))
        elif len(files[name]) > cap:
            found.notes.append(WEIGHTS_REFUSED.format(name=name, why=f"> {cap} octets/bytes"))
        else:
            _accept(found, name, files[name], cap)
    return found


def _accept(found: SubmittedWeights, name: str, data: bytes, cap: int) -> None:
    problem = npz_problem(data, cap)
    if problem:
        found.notes.append(WEIGHTS_REFUSED.format(name=name, why=problem))
    else:
        found.files[name] = data
