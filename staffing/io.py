"""Atomic output: every file is written to a temporary sibling and renamed into place.

A run that fails half-way leaves the previous file (or nothing), never a truncated one.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal

import pandas as pd

from staffing.errors import Problem, StaffingInputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically."""
    target = Path(path)
    if target.is_dir():
        raise StaffingInputError(
            Problem(
                file=str(target),
                message="this is a folder; a file is written here",
                fix="give a file path (a name inside the folder) instead",
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: Literal["w", "wb"] = "w") -> Iterator[IO]:
    """Open a file for writing that appears at ``path`` only when the block succeeds."""
    with atomic_path(path) as tmp:
        if mode == "w":
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                yield handle
        else:
            with open(tmp, "wb") as handle:
                yield handle


def write_text(path: str | os.PathLike[str], text: str) -> None:
    with atomic_open(path, "w") as handle:
        handle.write(text)


def _strict(value: Any) -> Any:
    """``value`` with every NaN or infinite float as None (JSON's null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(v) for v in value]
    return value


def write_json(path: str | os.PathLike[str], value: Any) -> None:
    """Write strict JSON (NaN and infinity as null, which every parser reads), UTF-8, indented;
    other objects (timestamps) as their text."""

    def scalar(item: Any) -> Any:  # numpy numbers as Python ones, timestamps as text
        return (
            item.item() if hasattr(item, "item") and not hasattr(item, "isoformat") else str(item)
        )

    plain = json.loads(json.dumps(value, default=scalar))
    text = json.dumps(_strict(plain), indent=2, ensure_ascii=False, allow_nan=False)
    write_text(path, text + "\n")


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def write_csv(path: str | os.PathLike[str], frame: pd.DataFrame) -> None:
    """Write a frame as UTF-8 CSV with ISO 8601 timestamps (``2026-11-11 00:15:00``)."""
    with atomic_open(path, "w") as handle:
        frame.to_csv(handle, index=False, date_format="%Y-%m-%d %H:%M:%S", lineterminator="\n")
