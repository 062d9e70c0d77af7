"""history.csv and events.csv readers: fixed columns out, every problem reported at once."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from forecast.history import (
    HISTORY_COLUMNS,
    interval_minutes_of,
    read_events,
    read_history,
)
from staffing.errors import StaffingInputError

GOOD = b"""interval_start,channel,vip_level,volume,aht_s
2026-11-11 00:00:00,chat,standard,12,250.5
2026-11-11 00:30:00,chat,standard,0,
2026-11-11 00:00:00,phone,vip,3,300
2026-11-11 01:00:00,phone,vip,4,310
"""


def test_reads_fixed_columns_and_infers_the_grid():
    history = read_history(GOOD, name="history.csv")
    assert tuple(history.columns) == HISTORY_COLUMNS
    assert history["volume"].dtype == np.int64
    assert history["aht_s"].dtype == np.float64
    assert pd.api.types.is_datetime64_any_dtype(history["interval_start"])
    assert interval_minutes_of(history) == 30
    assert np.isnan(history.loc[1, "aht_s"])
    assert list(history["channel"]) == ["chat", "chat", "phone", "phone"]


def test_vip_level_defaults_to_standard_and_aht_is_optional():
    data = b"interval_start,channel,volume\n2026-01-05 08:00,email,5\n2026-01-05 08:05,email,2\n"
    history = read_history(io.BytesIO(data))
    assert list(history["vip_level"]) == ["standard", "standard"]
    assert history["aht_s"].isna().all()
    assert interval_minutes_of(history) == 5


def test_path_source(tmp_path):
    path = tmp_path / "history.csv"
    path.write_bytes(GOOD)
    assert len(read_history(path)) == 4


def test_every_problem_is_reported_with_row_and_column():
    data = b"""interval_start,channel,vip_level,volume,aht_s
2026-11-11 00:00:00,chat,standard,12,250
2026-11-11 00:15:00,chat,standard,-3,250
2026-11-11 00:30:00,chat,standard,2.5,250
2026-11-11 00:45:00,chat,standard,4,0
2026-11-11 01:00:00,chat,standard,4,250
2026-11-11 01:00:00,chat,standard,5,250
2026-11-11 01:15:00,chat,standard,5,250
2026-11-11 01:30:00,chat,standard,5,250
2026-11-11 01:45:00,chat,standard,5,250
2026-11-11 02:00:00,chat,standard,5,250
2026-11-11 02:07:00,chat,standard,5,250
2026-11-31 02:30:00,chat,standard,5,250
2026-11-11 02:45:00,,standard,5,250
"""
    with pytest.raises(StaffingInputError) as info:
        read_history(data, name="history.csv")
    text = str(info.value)
    assert "history.csv, row 3, column 'volume' (value '-3')" in text
    assert "row 4, column 'volume' (value '2.5'): volume must be a whole number" in text
    assert "row 5, column 'aht_s' (value '0')" in text
    assert "row 7: duplicate of row 6" in text
    assert "row 12, column 'interval_start' (value '2026-11-11 02:07:00')" in text
    assert "15-minute interval grid" in text
    assert "row 13, column 'interval_start' (value '2026-11-31 02:30:00'): not a valid date" in text
    assert "row 14, column 'channel': channel is empty" in text
    assert len(info.value.problems) == 7


@pytest.mark.parametrize(
    ("times", "grid", "example"),
    [(("00:00", "00:07"), 15, "10:15"), (("00:00", "00:06", "00:13"), 6, "10:06")],
)
def test_one_straggler_in_a_very_short_history_is_named_by_row(times, grid, example):
    rows = "".join(f"2026-11-11 {t}:00,chat,standard,1,250\n" for t in times)
    with pytest.raises(StaffingInputError) as info:
        read_history(f"interval_start,channel,vip_level,volume,aht_s\n{rows}".encode())
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (len(times) + 1, "interval_start")
    assert f"not on the {grid}-minute interval grid" in problem.message
    assert f"(e.g. 10:00, {example})" in problem.fix


def test_missing_and_unknown_columns():
    with pytest.raises(StaffingInputError) as info:
        read_history(b"interval_start,queue,volume\n2026-01-01 00:00,a,1\n", name="h.csv")
    text = str(info.value)
    assert "required column 'channel' is missing" in text
    assert "unknown column 'queue'" in text


def test_empty_and_non_utf8_files():
    with pytest.raises(StaffingInputError, match="file is empty"):
        read_history(b"", name="h.csv")
    with pytest.raises(StaffingInputError, match="no data rows"):
        read_history(b"interval_start,channel,volume\n", name="h.csv")
    with pytest.raises(StaffingInputError, match="not UTF-8"):
        read_history("interval_start,channel,volume\n2026-01-01 00:00,电话,1\n".encode("gbk"))


EVENTS = b"""name,start,end,multiplier
Double 11,2025-11-11,2025-11-12,
618 pre-sale,2026-05-31 20:00,2026-06-18,
Double 11,2026-11-11,2026-11-12,4.5
"""


def test_reads_events_with_kind_and_multiplier():
    events = read_events(EVENTS, name="events.csv")
    assert list(events.columns) == ["name", "kind", "start", "end", "multiplier"]
    assert list(events["kind"]) == ["double 11", "618 pre-sale", "double 11"]
    assert events["start"].iloc[1] == pd.Timestamp("2026-05-31 20:00")
    assert np.isnan(events["multiplier"].iloc[0])
    assert events["multiplier"].iloc[2] == 4.5


def test_event_problems():
    data = b"""name,start,end,multiplier
Double 11,2025-11-11,2025-11-11,
,2026-01-01,2026-01-02,
Sale,2026-01-01,tomorrow,-2
Double 11,2025-11-11,2025-11-13,
"""
    with pytest.raises(StaffingInputError) as info:
        read_events(data, name="events.csv")
    text = str(info.value)
    assert "row 2, column 'end' (value '2025-11-11'): end 2025-11-11 00:00:00 is not after" in text
    assert "end is exclusive" in text
    assert "row 3, column 'name': event name is empty" in text
    assert "row 4, column 'end' (value 'tomorrow'): not a valid date and time" in text
    assert "row 4, column 'multiplier' (value '-2'): multiplier must be greater than 0" in text
    assert "row 5: duplicate of row 2" in text
