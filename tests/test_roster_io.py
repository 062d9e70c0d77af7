"""roster.csv and coverage.csv: dtypes, round trips and every problem reported at once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staffing.errors import StaffingInputError
from staffing.roster.io import (
    COVERAGE_COLUMNS,
    ROSTER_COLUMNS,
    read_coverage,
    read_roster,
    validate_coverage,
    validate_roster,
    write_coverage,
    write_roster,
)

HEADER = "agent_id,date,start,end,activity,channel,vip_level\n"

GOOD_ROSTER = HEADER + (
    "A1,2026-11-11,2026-11-11 08:00:00,2026-11-11 10:00:00,work,phone,standard\n"
    "A1,2026-11-11,2026-11-11 10:00:00,2026-11-11 10:15:00,break,,\n"
    "A1,2026-11-11,2026-11-11 10:15:00,2026-11-11 12:00:00,work,chat,vip\n"
    "A1,2026-11-11,2026-11-11 12:00:00,2026-11-11 13:00:00,lunch,,\n"
    "A1,2026-11-11,2026-11-11 13:00:00,2026-11-11 17:00:00,work,phone,standard\n"
    "N2,2026-11-11,2026-11-11 22:00:00,2026-11-12 01:00:00,work,chat,svip\n"
    "N2,2026-11-11,2026-11-12 01:00:00,2026-11-12 01:15:00,break,,\n"
    "N2,2026-11-11,2026-11-12 01:15:00,2026-11-12 06:00:00,work,chat,svip\n"
)

GOOD_COVERAGE = (
    "interval_start,channel,vip_level,required,scheduled,shortfall\n"
    "2026-11-11 08:00:00,phone,standard,3,2,1\n"
    "2026-11-11 08:00:00,chat,vip,1,2,0\n"
    "2026-11-11 08:15:00,phone,standard,0,0,0\n"
)


def problems_of(excinfo: pytest.ExceptionInfo[StaffingInputError]) -> set[tuple]:
    return {(p.row, p.column) for p in excinfo.value.problems}


def test_read_roster_dtypes_and_values() -> None:
    roster = read_roster(GOOD_ROSTER.encode(), name="roster.csv")
    assert list(roster.columns) == list(ROSTER_COLUMNS)
    assert roster["date"].dtype == "datetime64[ns]"
    assert roster["start"].dtype == "datetime64[ns]"
    assert roster["end"].dtype == "datetime64[ns]"
    assert len(roster) == 8
    assert list(roster.index) == list(range(8))
    night = roster[roster["agent_id"] == "N2"]
    assert (night["date"] == pd.Timestamp("2026-11-11")).all()
    assert night["end"].max() == pd.Timestamp("2026-11-12 06:00:00")
    breaks = roster[roster["activity"] != "work"]
    assert (breaks["channel"] == "").all()
    assert (breaks["vip_level"] == "").all()


def test_roster_round_trip_and_file_format(tmp_path: Path) -> None:
    roster = read_roster(GOOD_ROSTER.encode())
    shuffled = roster.iloc[::-1]
    before = shuffled.copy()
    out = tmp_path / "roster.csv"
    write_roster(out, shuffled)
    pd.testing.assert_frame_equal(shuffled, before)  # caller's frame untouched
    assert out.read_text(encoding="utf-8") == GOOD_ROSTER
    pd.testing.assert_frame_equal(read_roster(out), roster)


def test_every_roster_problem_reported_at_once() -> None:
    bad = HEADER + (
        "A1,2026-11-11,2026-11-11 08:00:00,2026-11-11 10:00:00,work,phone,standard\n"  # 2
        "A1,2026-11-11,2026-11-11 09:30:00,2026-11-11 10:30:00,work,chat,vip\n"  # 3 overlaps 2
        "A1,2026-11-11,2026-11-11 11:00:00,2026-11-11 11:00:00,work,chat,vip\n"  # 4 end<=start
        "A1,2026-11-11,2026-11-11 12:00:00,2026-11-11 12:30:00,nap,,\n"  # 5 activity
        "A1,2026-11-11,2026-11-11 13:00:00,2026-11-11 14:00:00,work,,vip\n"  # 6 no channel
        "A1,2026-11-11,2026-11-11 14:00:00,2026-11-11 14:15:00,break,phone,\n"  # 7 channel
        "B2,2026-11-11,2026-11-31 08:00:00,2026-11-11 09:00:00,work,phone,vip\n"  # 8 bad time
        ",2026-11-11,2026-11-11 08:00:00,2026-11-11 09:00:00,work,phone,vip\n"  # 9 no agent
        "C3,2026-11-12 08:00,2026-11-12 08:00:00,2026-11-12 09:00:00,work,phone,vip\n"  # 10
        "D4,2026-11-10,2026-11-11 08:00:00,2026-11-11 09:00:00,work,phone,vip\n"  # 11 wrong day
        "E5,2026-11-11,2026-11-11 08:00:00,2026-11-11 08:15:00,break,,\n"  # 12 no work
    )
    with pytest.raises(StaffingInputError) as excinfo:
        read_roster(bad.encode(), name="roster.csv")
    found = problems_of(excinfo)
    assert found == {
        (3, "start"),
        (4, "end"),
        (5, "activity"),
        (6, "channel"),
        (7, "channel"),
        (8, "start"),
        (9, "agent_id"),
        (10, "date"),
        (11, "date"),
        (12, "activity"),
    }
    report = excinfo.value.report()
    assert "roster.csv, row 3, column 'start'" in report
    assert "overlaps row 2" in report
    assert all(p.fix for p in excinfo.value.problems)


def test_overlap_names_the_long_block_not_just_the_previous_one() -> None:
    bad = HEADER + (
        "A1,2026-11-11,2026-11-11 08:00:00,2026-11-11 17:00:00,work,phone,vip\n"  # 2
        "A1,2026-11-11,2026-11-11 09:00:00,2026-11-11 09:15:00,break,,\n"  # 3
        "A1,2026-11-11,2026-11-11 12:00:00,2026-11-11 13:00:00,lunch,,\n"  # 4
        "B1,2026-11-11,2026-11-11 12:00:00,2026-11-11 13:00:00,work,phone,vip\n"  # other agent
    )
    with pytest.raises(StaffingInputError) as excinfo:
        read_roster(bad.encode())
    assert problems_of(excinfo) == {(3, "start"), (4, "start")}
    assert all("overlaps row 2" in p.message for p in excinfo.value.problems)


def test_missing_and_unknown_columns() -> None:
    text = "agent_id,date,start,end,activity,channel,skill\nA1,2026-11-11,x,y,work,phone,z\n"
    with pytest.raises(StaffingInputError) as excinfo:
        read_roster(text.encode(), name="roster.csv")
    columns = {p.column for p in excinfo.value.problems}
    assert columns == {"vip_level", "skill"}


def test_validate_roster_checks_in_memory_frames() -> None:
    roster = read_roster(GOOD_ROSTER.encode())
    assert validate_roster(roster).equals(roster)
    broken = roster.copy()
    broken.loc[1, "end"] = broken.loc[1, "start"]
    with pytest.raises(StaffingInputError) as excinfo:
        validate_roster(broken)
    assert problems_of(excinfo) == {(3, "end")}
    with pytest.raises(StaffingInputError):
        validate_roster(roster.drop(columns="channel"))


def test_tz_aware_times_keep_their_wall_clock() -> None:
    roster = read_roster(GOOD_ROSTER.encode())
    aware = roster.assign(
        start=roster["start"].dt.tz_localize("Asia/Shanghai"),
        end=roster["end"].dt.tz_localize("Asia/Shanghai"),
    )
    pd.testing.assert_frame_equal(validate_roster(aware), roster)


def test_coverage_round_trip(tmp_path: Path) -> None:
    coverage = read_coverage(GOOD_COVERAGE.encode(), name="coverage.csv")
    assert list(coverage.columns) == list(COVERAGE_COLUMNS)
    assert coverage["interval_start"].dtype == "datetime64[ns]"
    for column in ("required", "scheduled", "shortfall"):
        assert coverage[column].dtype == "int64"
    assert coverage["shortfall"].tolist() == [1, 0, 0]
    out = tmp_path / "coverage.csv"
    write_coverage(out, coverage)
    pd.testing.assert_frame_equal(
        read_coverage(out),
        coverage.sort_values(["interval_start", "channel", "vip_level"]).reset_index(drop=True),
    )


def test_every_coverage_problem_reported_at_once() -> None:
    bad = (
        "interval_start,channel,vip_level,required,scheduled,shortfall\n"
        "2026-11-11 08:00:00,phone,standard,3,2,0\n"  # 2 inconsistent shortfall
        "2026-11-11 08:00:00,phone,standard,3,3,0\n"  # 3 duplicate
        "soon,chat,vip,1,1,0\n"  # 4 bad time
        "2026-11-11 08:00:00,,vip,1.5,-1,0\n"  # 5 channel, required, scheduled
    )
    with pytest.raises(StaffingInputError) as excinfo:
        read_coverage(bad.encode(), name="coverage.csv")
    assert problems_of(excinfo) == {
        (2, "shortfall"),
        (3, None),
        (4, "interval_start"),
        (5, "channel"),
        (5, "required"),
        (5, "scheduled"),
    }


def test_validate_coverage_rejects_floats_that_are_not_whole() -> None:
    coverage = read_coverage(GOOD_COVERAGE.encode())
    floats = coverage.astype({"required": float})
    pd.testing.assert_frame_equal(validate_coverage(floats), coverage)
    floats.loc[0, "required"] = 2.5
    with pytest.raises(StaffingInputError) as excinfo:
        validate_coverage(floats)
    assert (2, "required") in problems_of(excinfo)


blocks = st.lists(
    st.tuples(st.sampled_from(["A", "B"]), st.integers(0, 40), st.integers(1, 8)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(blocks)
def test_overlap_check_agrees_with_brute_force(spec: list[tuple[str, int, int]]) -> None:
    base = pd.Timestamp("2026-11-11 00:00:00")
    step = pd.Timedelta(minutes=15)
    frame = pd.DataFrame(
        {
            "agent_id": [a for a, _, _ in spec],
            "date": base,
            "start": [base + s * step for _, s, _ in spec],
            "end": [base + (s + n) * step for _, s, n in spec],
            "activity": "work",
            "channel": "phone",
            "vip_level": "vip",
        }
    )
    overlapping = set()
    for i, (a, s, n) in enumerate(spec):
        for j, (b, t, m) in enumerate(spec):
            if i != j and a == b and s < t + m and t < s + n:
                overlapping.add(a)
    try:
        validate_roster(frame)
        clean = True
    except StaffingInputError as exc:
        clean = False
        assert all("overlaps" in p.message for p in exc.problems)
        flagged = {frame.loc[p.row - 2, "agent_id"] for p in exc.problems}
        assert flagged == overlapping
    assert clean == (not overlapping)
