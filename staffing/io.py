"""Atomic output: every file is written to a temporary sibling and renamed into place.

A run that fails half-way leaves the previous file (or nothing), never a truncated one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

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


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def write_csv(path: str | os.PathLike[str], frame: pd.DataFrame) -> None:
    """Write a frame as UTF-8 CSV with ISO 8601 timestamps (``2026-11-11 00:15:00``)."""
    with atomic_open(path, "w") as handle:
        frame.to_csv(handle, index=False, date_format="%Y-%m-%d %H:%M:%S", lineterminator="\n")
