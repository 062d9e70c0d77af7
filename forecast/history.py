"""Reading and validating history.csv and events.csv.

Both readers accept a path, raw bytes or an open binary file, check every row and raise one
:class:`~staffing.errors.StaffingInputError` listing every problem (file, row, column, value,
fix). They return long frames with fixed columns; nothing the caller passed is modified.

history.csv -> :data:`HISTORY_COLUMNS`::

    interval_start,channel,vip_level,volume,aht_s
    2026-11-11 00:00:00,chat,standard,412,265.0
    2026-11-11 00:15:00,chat,standard,388,259.5

``vip_level`` may be omitted (every row is then ``standard``), ``aht_s`` may be omitted or
left empty. An interval absent from the file had no contacts (the queue was closed). The
interval length is inferred from the timestamps (5, 6, 10, 12, 15, 20, 30 or 60 minutes) and
rows off that grid are reported.

events.csv -> :data:`EVENT_COLUMNS`::

    name,start,end,multiplier
    Double 11,2026-11-11,2026-11-12,
    618 pre-sale,2026-05-31 20:00,2026-06-18,

``end`` is exclusive (the first moment after the event): a one-day event on 2026-11-11 ends
2026-11-12. ``multiplier`` (optional) is the planner's volume factor for the event's days and
overrides what the model learned. ``kind`` (optional column) groups occurrences of the same
event across years; by default it is the name without year numbers, lower case.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from staffing.errors import ProblemCollector, StaffingInputError
from staffing.i18n import msg
from staffing.tabular import (
    Source,
    check_duplicates,
    check_on_grid,
    parse_numbers,
    parse_timestamps,
    read_table,
    source_name,
)

HISTORY_COLUMNS = ("interval_start", "channel", "vip_level", "volume", "aht_s")
QUEUE_KEYS = ("channel", "vip_level")
EVENT_COLUMNS = ("name", "kind", "start", "end", "multiplier")
DEFAULT_VIP_LEVEL = "standard"

#: Interval lengths a history may use (each divides a day).
INTERVAL_CHOICES_MINUTES = (60, 30, 20, 15, 12, 10, 6, 5)
#: what to do with a history whose times are on no such grid
AGGREGATE = msg("aggregate the data to 5, 6, 10, 12, 15, 20, 30 or 60-minute intervals")


def infer_interval_minutes(times: pd.Series) -> int | None:
    """The interval length of a series of interval starts: the longest allowed grid that at
    least 90% of the distinct times sit on, or all but one of a few (off-grid stragglers are
    then reported as such).

    >>> infer_interval_minutes(pd.Series(pd.to_datetime(["2026-01-01 00:00", "2026-01-01 00:30",
    ...                                                   "2026-01-01 01:30"])))
    30
    >>> infer_interval_minutes(pd.Series(pd.to_datetime(["2026-01-01 00:06", "2026-01-01 00:12"])))
    6
    >>> infer_interval_minutes(pd.Series(pd.to_datetime(["2026-01-01 00:00", "2026-01-01 00:07"])))
    15
    """
    distinct = pd.Series(times.dropna().unique())
    if distinct.empty:
        return None
    minutes = (distinct.dt.hour * 60 + distinct.dt.minute).to_numpy()
    whole = (distinct.dt.second == 0).to_numpy() & (distinct.dt.microsecond == 0).to_numpy()
    on_grid = {c: whole & (minutes % c == 0) for c in INTERVAL_CHOICES_MINUTES}
    for candidate, on in on_grid.items():
        if on.mean() >= 0.9:
            return candidate
    # A history of a few times cannot reach 90% around one straggler: allow one, so it is
    # reported by row (on the usual 15-minute grid when that fits).
    for candidate in sorted(on_grid, key=lambda c: c != 15):
        if on_grid[candidate].any() and (~on_grid[candidate]).sum() == 1:
            return candidate
    return None


def interval_minutes_of(history: pd.DataFrame) -> int:
    """The interval length of a history frame (as read by :func:`read_history`)."""
    stored = history.attrs.get("interval_minutes")
    if isinstance(stored, int):
        return stored
    minutes = infer_interval_minutes(history["interval_start"])
    if minutes is None:
        raise StaffingInputError(
            msg(
                "the history's interval_start times are not on a regular 5- to 60-minute grid; "
                "aggregate the data to 5, 6, 10, 12, 15, 20, 30 or 60-minute intervals"
            )
        )
    return minutes


def read_history(
    source: Source, name: str | None = None, *, interval_minutes: int | None = None
) -> pd.DataFrame:
    """Read and validate history.csv; returns a frame with :data:`HISTORY_COLUMNS`.

    ``interval_start`` is datetime64, ``volume`` int64, ``aht_s`` float (NaN when unknown).
    Rows are sorted by queue then time; ``frame.attrs['interval_minutes']`` holds the grid.
    """
    name = source_name(source, name)
    if interval_minutes is not None and interval_minutes not in INTERVAL_CHOICES_MINUTES:
        raise StaffingInputError(
            f"The 'interval_minutes' parameter of read_history must be one of "
            f"{sorted(INTERVAL_CHOICES_MINUTES)}. Got {interval_minutes!r} instead."
        )
    table = read_table(
        source,
        required=["interval_start", "channel", "volume"],
        optional=["vip_level", "aht_s"],
        name=name,
    )
    problems = ProblemCollector(name)
    times = parse_timestamps(table, "interval_start", problems)
    for column in ("channel", "vip_level"):
        if column in table:
            empty = table[column] == ""
            for row in table.index[empty]:
                problems.add(
                    msg("{column} is empty", column=column),
                    row=int(row),
                    column=column,
                    fix=msg(
                        "fill in the {column} (e.g. '{example}')",
                        column=column,
                        example="chat" if column == "channel" else DEFAULT_VIP_LEVEL,
                    ),
                )
    volume = parse_numbers(table, "volume", problems, integer=True, minimum=0, what="volume")
    if "aht_s" in table:
        aht = parse_numbers(
            table,
            "aht_s",
            problems,
            minimum=0,
            minimum_exclusive=True,
            required=False,
            what=msg("aht_s (average handle time in seconds)"),
        )
    else:
        aht = pd.Series(np.nan, index=table.index)
    minutes = interval_minutes or infer_interval_minutes(times)
    if minutes is None:
        problems.add(
            msg("the interval_start times are not on a regular 5- to 60-minute grid"),
            column="interval_start",
            fix=AGGREGATE,
        )
    else:
        check_on_grid(table, "interval_start", times, minutes, problems)
    keyed = pd.DataFrame(
        {
            "interval_start": times,
            "channel": table["channel"],
            "vip_level": table.get("vip_level", DEFAULT_VIP_LEVEL),
        },
        index=table.index,
    )
    keys = ["interval_start", *QUEUE_KEYS]
    repeated = keyed[times.notna()]
    repeated = repeated[repeated.duplicated(subset=keys, keep=False)]
    check_duplicates(
        repeated,
        keys,
        problems,
        fix=msg(
            "keep one row per interval and queue (sum the volumes of both rows if both are real)"
        ),
    )
    problems.raise_if_any()
    history = keyed.assign(volume=volume.astype("int64"), aht_s=aht.astype("float64"))
    history = history.sort_values(["channel", "vip_level", "interval_start"], kind="stable")
    history = history.reset_index(drop=True)[list(HISTORY_COLUMNS)]
    history.attrs["interval_minutes"] = minutes
    return history


_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def event_kind(name: str) -> str:
    """The kind of an event: its name without year numbers, lower case, single spaces.

    >>> event_kind("Double 11 2025")
    'double 11'
    >>> event_kind("618 Pre-sale")
    '618 pre-sale'
    """
    return " ".join(_YEAR.sub(" ", name).lower().split())


def read_events(source: Source, name: str | None = None) -> pd.DataFrame:
    """Read and validate events.csv; returns a frame with :data:`EVENT_COLUMNS`.

    ``start`` and ``end`` (exclusive) are datetime64, ``multiplier`` float (NaN when the model
    should learn the uplift), ``kind`` the event's kind. Sorted by start.
    """
    name = source_name(source, name)
    table = read_table(
        source, required=["name", "start", "end"], optional=["multiplier", "kind"], name=name
    )
    problems = ProblemCollector(name)
    for row in table.index[table["name"] == ""]:
        problems.add(
            msg("event name is empty"),
            row=int(row),
            column="name",
            fix=msg("name the event, e.g. 'Double 11'"),
        )
    start = parse_timestamps(table, "start", problems)
    end = parse_timestamps(table, "end", problems)
    bad_order = start.notna() & end.notna() & (end <= start)
    for row in table.index[bad_order]:
        problems.add(
            msg("end {end} is not after start {start}", end=str(end[row]), start=str(start[row])),
            row=int(row),
            column="end",
            value=table.loc[row, "end"],
            fix=msg(
                "end is exclusive: a one-day event on 2026-11-11 has start 2026-11-11 and "
                "end 2026-11-12"
            ),
        )
    if "multiplier" in table:
        multiplier = parse_numbers(
            table,
            "multiplier",
            problems,
            minimum=0,
            minimum_exclusive=True,
            required=False,
            what="multiplier",
        )
    else:
        multiplier = pd.Series(np.nan, index=table.index)
    if "kind" in table and (table["kind"] != "").any():
        kind = table["kind"].where(table["kind"] != "", table["name"]).map(event_kind)
    else:
        kind = table["name"].map(event_kind)
    keyed = pd.DataFrame({"name": table["name"], "start": start}, index=table.index)
    check_duplicates(keyed[start.notna()], ["name", "start"], problems)
    problems.raise_if_any()
    events = pd.DataFrame(
        {
            "name": table["name"],
            "kind": kind,
            "start": start,
            "end": end,
            "multiplier": multiplier.astype("float64"),
        }
    )
    return events.sort_values(["start", "name"], kind="stable").reset_index(drop=True)


def empty_events() -> pd.DataFrame:
    """An events frame with no rows (the columns and dtypes of :func:`read_events`)."""
    return pd.DataFrame(
        {
            "name": pd.Series(dtype="object"),
            "kind": pd.Series(dtype="object"),
            "start": pd.Series(dtype="datetime64[ns]"),
            "end": pd.Series(dtype="datetime64[ns]"),
            "multiplier": pd.Series(dtype="float64"),
        }
    )
