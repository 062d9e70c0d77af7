"""Atomic output: every file is written to a temporary sibling and renamed into place.

A run that fails half-way leaves the previous file (or nothing), never a truncated one. Inside
:func:`written_together`, files are renamed into place only when the whole block succeeds, so
a command that writes several files (a plan's folder, scenario folders) leaves either all of
them or none, even when a rename into place fails part-way (the files already replaced get
their previous version back).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal

import pandas as pd

from staffing.errors import Problem, StaffingInputError
from staffing.i18n import msg


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Together:
    """Files written inside :func:`written_together`, waiting to be renamed into place, and the
    folders made for them."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary, target)
        self.made: list[Path] = []


_TOGETHER: contextvars.ContextVar[_Together | None] = contextvars.ContextVar(
    "_TOGETHER", default=None
)


@contextlib.contextmanager
def written_together() -> Iterator[None]:
    """Every file written in the block appears when the block succeeds, and none if it fails:
    each is staged next to its target, and the renames (fast, each atomic) come at the end,
    after all the work that could fail. Folders made for them are removed again on failure."""
    if _TOGETHER.get() is not None:  # nested: the outer block decides
        yield
        return
    together = _Together()
    token = _TOGETHER.set(together)
    try:
        try:
            yield
        finally:
            _TOGETHER.reset(token)
        _put_in_place(together.staged)
    except BaseException:
        for tmp, _ in together.staged:
            tmp.unlink(missing_ok=True)
        for folder in reversed(together.made):
            with contextlib.suppress(OSError):  # not empty: something else was put there
                folder.rmdir()
        raise


def _put_in_place(staged: list[tuple[Path, Path]]) -> None:
    """Rename each staged file over its target. Each target's previous version is kept (a
    hard link, or a copy where the file system has none) until every rename has succeeded:
    if one fails (say the disk is taken away), the targets already replaced get their previous
    version back, and the new ones are removed."""
    done: list[tuple[Path, Path | None]] = []  # (target, its previous version)
    try:
        for tmp, target in staged:
            previous = tmp.with_name(tmp.name + ".previous") if target.exists() else None
            try:
                if previous is not None:
                    try:
                        os.link(target, previous)
                    except OSError:
                        shutil.copy2(target, previous)
                os.replace(tmp, target)
            except BaseException:
                if previous is not None:  # the target was not replaced: only let go of it
                    previous.unlink(missing_ok=True)
                raise
            done.append((target, previous))
    except BaseException:
        for target, previous in reversed(done):
            with contextlib.suppress(OSError):
                if previous is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(previous, target)
        raise
    for _, previous in done:
        if previous is not None:
            previous.unlink(missing_ok=True)


def _make_parents(folder: Path, together: _Together | None) -> None:
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    if together is not None:
        together.made += reversed(missing)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically
    (inside :func:`written_together`: when that block succeeds)."""
    together = _TOGETHER.get()
    target = Path(path)
    if target.is_dir():
        raise StaffingInputError(
            Problem(
                file=str(target),
                message=msg("this is a folder; a file is written here"),
                fix=msg("give a file path (a name inside the folder) instead"),
            )
        )
    _make_parents(target.parent, together)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # named as the file the user asked for, not the temporary
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    staged = False
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        if together is None:
            os.replace(tmp, target)
        else:  # renamed into place when the written_together block succeeds
            together.staged.append((tmp, target))
            staged = True
    finally:
        if not staged and tmp.exists():
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
