"""Atomic writes: a failed write leaves the previous file untouched and no temporary file."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from staffing.io import atomic_open, write_csv, write_text


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
