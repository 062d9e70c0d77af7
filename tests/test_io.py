"""Atomic writes: a failed write leaves the previous file untouched and no temporary file."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from staffing.io import atomic_open, write_csv, write_text, written_together


def test_failed_write_keeps_previous_file_and_leaves_no_temporary(tmp_path) -> None:
    target = tmp_path / "out.csv"
    write_text(target, "old\n")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_csv_uses_iso_timestamps_and_normal_permissions(tmp_path) -> None:
    target = tmp_path / "sub" / "f.csv"
    write_csv(target, pd.DataFrame({"t": pd.to_datetime(["2026-11-11 00:15"]), "v": [1]}))
    assert target.read_text() == "t,v\n2026-11-11 00:15:00,1\n"
    assert target.stat().st_mode & 0o044  # readable by others, like any file the user writes


def test_files_written_together_appear_together_or_not_at_all(tmp_path) -> None:
    (tmp_path / "a.csv").write_text("old\n")
    with pytest.raises(RuntimeError), written_together():
        write_text(tmp_path / "a.csv", "new\n")
        write_text(tmp_path / "made" / "deeper" / "b.csv", "new\n")
        assert (tmp_path / "a.csv").read_text() == "old\n"  # nothing replaced yet
        raise RuntimeError("the next file could not be made")
    assert sorted(os.listdir(tmp_path)) == ["a.csv"]  # no temporary, no folder made for it
    assert (tmp_path / "a.csv").read_text() == "old\n"

    with written_together():
        write_text(tmp_path / "a.csv", "new\n")
        with written_together():  # nested: the outer block decides
            write_text(tmp_path / "made" / "b.csv", "new\n")
        assert not (tmp_path / "made" / "b.csv").exists()
    assert (tmp_path / "a.csv").read_text() == "new\n"
    assert sorted(os.listdir(tmp_path / "made")) == ["b.csv"]


def test_a_rename_that_fails_at_the_end_puts_every_file_back(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.csv").write_text("old a\n")
    (tmp_path / "c.csv").write_text("old c\n")
    real_replace = os.replace
    renames: list[str] = []

    def replace(src, dst):  # the third rename into place fails (say the disk went away)
        if str(src).endswith(".tmp"):
            renames.append(Path(dst).name)
            if len(renames) == 3:
                raise OSError(5, "Input/output error", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="Input/output"), written_together():
        write_text(tmp_path / "a.csv", "new a\n")
        write_text(tmp_path / "made" / "b.csv", "new b\n")
        write_text(tmp_path / "c.csv", "new c\n")
    assert renames == ["a.csv", "b.csv", "c.csv"]
    assert sorted(os.listdir(tmp_path)) == ["a.csv", "c.csv"]  # nothing left half-done
    assert (tmp_path / "a.csv").read_text() == "old a\n"
    assert (tmp_path / "c.csv").read_text() == "old c\n"
