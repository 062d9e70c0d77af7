"""Reading and writing roster.csv and coverage.csv, with every problem reported at once.

roster.csv: one row per contiguous block of one agent's shift.

==========  ==============  =========================================================
column      dtype           meaning
==========  ==============  =========================================================
agent_id    object (str)    the agent (as in agents.csv)
date        datetime64[ns]  the day the shift starts (midnight); a night shift's blocks
                            after midnight keep the start day
start       datetime64[ns]  block start, local time (``2026-11-11 08:00:00``)
end         datetime64[ns]  block end, local time, after ``start``
activity    object (str)    ``work``, ``break`` or ``lunch``
channel     object (str)    the channel served in a ``work`` block; ``""`` for break/lunch
vip_level   object (str)    the VIP level served in a ``work`` block; ``""`` for break/lunch
==========  ==============  =========================================================

In the file ``date`` is written ``2026-11-11`` and ``start``/``end`` as
``2026-11-11 08:00:00``. Blocks of one agent never overlap; the blocks sharing
(``agent_id``, ``date``) form one shift, which starts on ``date`` and has at least one
``work`` block.

coverage.csv: one row per interval and queue.

==============  ==============  =====================================================
column          dtype           meaning
==============  ==============  =====================================================
interval_start  datetime64[ns]  interval start, local time
channel         object (str)    channel of the queue
vip_level       object (str)    VIP level of the queue
required        int64           agents required (scheduled, shrinkage included)
scheduled       int64           agents the roster has working on the queue
shortfall       int64           ``max(required - scheduled, 0)``
==============  ==============  =====================================================

Readers return new frames with a fresh ``RangeIndex`` in file order; writers validate first
and never change the caller's frame. ``validate_roster``/``validate_coverage`` apply the same
checks to a frame built in memory (rows are then numbered as in the written file: the first
data row is row 2).
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from staffing.errors import ProblemCollector
from staffing.i18n import msg
from staffing.io import write_csv
from staffing.rules import BREAK_NAMES
from staffing.tabular import (
    Source,
    check_allowed,
    check_duplicates,
    frame_as_table,
    parse_numbers,
    parse_timestamps,
    read_table,
    source_name,
)

ROSTER_COLUMNS = ("agent_id", "date", "start", "end", "activity", "channel", "vip_level")
COVERAGE_COLUMNS = ("interval_start", "channel", "vip_level", "required", "scheduled", "shortfall")
ACTIVITIES = ("work", *BREAK_NAMES)
WORK = "work"

_DATE_FORMAT = "%Y-%m-%d"
_COUNT_COLUMNS = ("required", "scheduled", "shortfall")


def read_roster(source: Source, name: str | None = None) -> pd.DataFrame:
    """Read and check roster.csv (path, bytes or open binary file); dtypes as in the docstring.

    >>> r = read_roster(b"agent_id,date,start,end,activity,channel,vip_level\\n"
    ...                 b"A1,2026-11-11,2026-11-11 08:00:00,2026-11-11 10:00:00,work,phone,vip\\n")
    >>> r.loc[0, "end"]
    Timestamp('2026-11-11 10:00:00')
    """
    name = source_name(source, name)
    table = read_table(source, required=ROSTER_COLUMNS, name=name)
    return _roster_from_text(table, name)


def validate_roster(frame: pd.DataFrame, name: str = "roster") -> pd.DataFrame:
    """Check a roster frame built in memory; returns a new frame with the documented dtypes."""
    return _roster_from_text(frame_as_table(frame, required=ROSTER_COLUMNS, name=name), name)


def write_roster(path: str | os.PathLike[str], frame: pd.DataFrame) -> None:
    """Check ``frame`` and write it atomically as roster.csv, sorted by agent and start."""
    roster = validate_roster(frame, name=os.fspath(path))
    roster = roster.sort_values(["agent_id", "start"], kind="stable")
    roster["date"] = roster["date"].dt.strftime(_DATE_FORMAT)
    write_csv(path, roster[list(ROSTER_COLUMNS)])


def read_coverage(source: Source, name: str | None = None) -> pd.DataFrame:
    """Read and check coverage.csv; dtypes as in the module docstring."""
    name = source_name(source, name)
    table = read_table(source, required=COVERAGE_COLUMNS, name=name)
    return _coverage_from_text(table, name)


def validate_coverage(frame: pd.DataFrame, name: str = "coverage") -> pd.DataFrame:
    """Check a coverage frame built in memory; returns a new frame with the documented dtypes."""
    return _coverage_from_text(frame_as_table(frame, required=COVERAGE_COLUMNS, name=name), name)


def write_coverage(path: str | os.PathLike[str], frame: pd.DataFrame) -> None:
    """Check ``frame`` and write it atomically as coverage.csv, sorted by time and queue."""
    coverage = validate_coverage(frame, name=os.fspath(path))
    coverage = coverage.sort_values(["interval_start", "channel", "vip_level"], kind="stable")
    write_csv(path, coverage[list(COVERAGE_COLUMNS)])


def _rows(mask: pd.Series) -> list[int]:
    """The spreadsheet row numbers where ``mask`` holds."""
    return [int(row) for row in mask.index[mask.to_numpy(dtype=bool)].to_numpy()]


def _cell(table: pd.DataFrame, row: int, column: str) -> str:
    return str(table.at[row, column])


def _roster_from_text(table: pd.DataFrame, name: str) -> pd.DataFrame:
    problems = ProblemCollector(name)
    empty_id = table["agent_id"] == ""
    for row in _rows(empty_id):
        problems.add(
            msg("agent_id is required"),
            row=row,
            column="agent_id",
            fix=msg("fill in the agent's id as in agents.csv"),
        )
    dates = parse_timestamps(table, "date", problems)
    not_midnight = dates.notna() & (dates != dates.dt.normalize())
    for row in _rows(not_midnight):
        problems.add(
            msg("date must be a day without a time"),
            row=row,
            column="date",
            value=_cell(table, row, "date"),
            fix=msg("write the day the shift starts, like 2026-11-11"),
        )
    starts = parse_timestamps(table, "start", problems)
    ends = parse_timestamps(table, "end", problems)
    backwards = starts.notna() & ends.notna() & (ends <= starts)
    for row in _rows(backwards):
        problems.add(
            msg("block ends at or before its start ({start})", start=_cell(table, row, "start")),
            row=row,
            column="end",
            value=_cell(table, row, "end"),
            fix=msg("make end later than start; a block past midnight ends on the next day"),
        )
    check_allowed(table, "activity", ACTIVITIES, problems, what="activity")

    is_work = table["activity"] == WORK
    is_pause = table["activity"].isin([a for a in ACTIVITIES if a != WORK])
    for column in ("channel", "vip_level"):
        missing = is_work & (table[column] == "")
        for row in _rows(missing):
            problems.add(
                msg("a work block needs a {column}", column=column),
                row=row,
                column=column,
                fix=msg("fill in the {column} the agent serves in this block", column=column),
            )
        extra = is_pause & (table[column] != "")
        for row in _rows(extra):
            problems.add(
                msg(
                    "a {activity} block has no {column}",
                    activity=_cell(table, row, "activity"),
                    column=column,
                ),
                row=row,
                column=column,
                value=_cell(table, row, column),
                fix=msg("leave {column} empty on break and lunch rows", column=column),
            )

    valid = starts.notna() & ends.notna() & ~backwards & ~empty_id
    _check_overlaps(table, starts, ends, valid, problems)
    _check_shifts(table, dates, starts, valid & dates.notna() & ~not_midnight, problems)
    problems.raise_if_any()

    roster = pd.DataFrame(
        {
            "agent_id": table["agent_id"].astype(object),
            "date": dates.astype("datetime64[ns]"),
            "start": starts.astype("datetime64[ns]"),
            "end": ends.astype("datetime64[ns]"),
            "activity": table["activity"].astype(object),
            "channel": table["channel"].astype(object),
            "vip_level": table["vip_level"].astype(object),
        }
    )
    return roster.reset_index(drop=True)


def _check_overlaps(
    table: pd.DataFrame,
    starts: pd.Series,
    ends: pd.Series,
    valid: pd.Series,
    problems: ProblemCollector,
) -> None:
    """Report every block that starts before an earlier block of the same agent has ended."""
    blocks = pd.DataFrame({"agent_id": table["agent_id"], "start": starts, "end": ends})[
        valid
    ].sort_values(["agent_id", "start", "end"], kind="stable")
    if blocks.empty:
        return
    previous_end = blocks.groupby("agent_id")["end"].cummax().groupby(blocks["agent_id"]).shift(1)
    overlapping = previous_end.notna() & (blocks["start"] < previous_end)
    for position in np.flatnonzero(overlapping.to_numpy()):
        row = int(blocks.index.to_numpy()[position])
        earlier = blocks.iloc[:position]
        clashing = earlier[
            (earlier["agent_id"] == blocks.at[row, "agent_id"])
            & (earlier["end"] > blocks.at[row, "start"])
        ]
        other = int(clashing.index[-1])
        problems.add(
            msg(
                "block overlaps row {other} of the same agent ({start} to {end})",
                other=other,
                start=_cell(table, other, "start"),
                end=_cell(table, other, "end"),
            ),
            row=row,
            column="start",
            value=_cell(table, row, "start"),
            fix=msg("an agent does one thing at a time: shorten or move one of the two blocks"),
        )


def _check_shifts(
    table: pd.DataFrame,
    dates: pd.Series,
    starts: pd.Series,
    valid: pd.Series,
    problems: ProblemCollector,
) -> None:
    """Each (agent, date) shift starts on its date and has at least one work block."""
    blocks = pd.DataFrame(
        {
            "agent_id": table["agent_id"],
            "date": dates,
            "start": starts,
            "work": table["activity"] == WORK,
        }
    )[valid]
    if blocks.empty:
        return
    first_rows = (
        blocks.sort_values("start", kind="stable").groupby(["agent_id", "date"], sort=False).head(1)
    )
    wrong_day = first_rows["start"].dt.normalize() != first_rows["date"]
    for row in _rows(wrong_day):
        problems.add(
            msg(
                "the shift's first block starts on {day}, not on its date {date}",
                day=_cell(table, row, "start")[:10],
                date=_cell(table, row, "date"),
            ),
            row=row,
            column="date",
            value=_cell(table, row, "date"),
            fix=msg("date is the day the shift starts: set it to the first block's start day"),
        )
    has_work = blocks.groupby(["agent_id", "date"], sort=False)["work"].transform("any")
    for row in _rows(~has_work.loc[first_rows.index]):
        problems.add(
            msg("the shift has no work block (only break or lunch)"),
            row=row,
            column="activity",
            value=_cell(table, row, "activity"),
            fix=msg("add the shift's work blocks or delete its break rows"),
        )


def _coverage_from_text(table: pd.DataFrame, name: str) -> pd.DataFrame:
    problems = ProblemCollector(name)
    times = parse_timestamps(table, "interval_start", problems)
    for column in ("channel", "vip_level"):
        for row in _rows(table[column] == ""):
            problems.add(
                msg("{column} is required", column=column),
                row=row,
                column=column,
                fix=msg("fill in the queue's {column}", column=column),
            )
    counts = {
        column: parse_numbers(
            table,
            column,
            problems,
            integer=True,
            minimum=0,
            what=msg("{column} (agents)", column=column),
        )
        for column in _COUNT_COLUMNS
    }
    check_duplicates(table, ("interval_start", "channel", "vip_level"), problems)
    ok = pd.Series(True, index=table.index)
    for numbers in counts.values():
        ok &= numbers.notna() & (np.floor(numbers) == numbers) & (numbers >= 0)
    expected = (counts["required"] - counts["scheduled"]).clip(lower=0)
    inconsistent = ok & (counts["shortfall"] != expected)
    shown = pd.DataFrame({"expected": expected.map("{:g}".format)})
    for row in _rows(inconsistent):
        problems.add(
            msg(
                "shortfall must be max(required - scheduled, 0) = {expected}",
                expected=_cell(shown, row, "expected"),
            ),
            row=row,
            column="shortfall",
            value=_cell(table, row, "shortfall"),
            fix=msg("recompute shortfall from required and scheduled"),
        )
    problems.raise_if_any()
    coverage = pd.DataFrame(
        {
            "interval_start": times.astype("datetime64[ns]"),
            "channel": table["channel"].astype(object),
            "vip_level": table["vip_level"].astype(object),
            **{column: counts[column].astype("int64") for column in _COUNT_COLUMNS},
        }
    )
    return coverage.reset_index(drop=True)
