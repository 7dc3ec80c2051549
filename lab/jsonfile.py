"""The lab's result files (calibration, validation, sensitivity, runs): their folder, their JSON.

:func:`make_folder` makes the folder they go in; :func:`write_json` is the one JSON writer.

JSON has no NaN or infinity: a number that is not finite (a moment with no units behind it, an
empty group's mean) is written as ``null``, so every file this writes is valid JSON that any
parser reads. NumPy numbers are written as the Python numbers they hold.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from lab.errors import InputError


def jsonable(value: Any) -> Any:
    """``value`` with every NaN or infinity as None and NumPy scalars as Python numbers.

    Dicts, lists and tuples are walked (a tuple becomes a list, as JSON has it).
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` to ``path`` as indented UTF-8 JSON, NaN and infinity as null, atomically.

    The file is written next to ``path`` and moved over it, so a reader never sees half a file.
    """
    text = json.dumps(jsonable(data), indent=2, ensure_ascii=False, allow_nan=False)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, path)


def make_folder(out_dir: Path | str) -> Path:
    """Create a results folder (and its parents) and check that a file can be written in it.

    A command calls it before it computes anything, so a folder that cannot be made costs no
    work. Raises :class:`lab.errors.InputError` with one line that says why and to choose another
    ``--out``.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder; choose another --out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, NotADirectoryError):
            reason = "part of the path is a file, not a folder"
        raise InputError(
            f"{out_dir}: cannot make or write the results folder ({reason}); choose another --out"
        ) from None
    return out_dir
