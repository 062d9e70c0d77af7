"""Exports match the roster exactly: xlsx read back with openpyxl, .ics with icalendar."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from staffing.cli import main
from staffing.errors import StaffingInputError
from staffing.export import (
    ExportFormat,
    PlanSummary,
    QueueService,
    agent_calendar,
    calendars_zip,
    export_roster,
    roster_csv,
    roster_workbook,
    shift_entries,
    shifts_of,
)
from staffing.roster.io import read_roster, validate_coverage, write_coverage, write_roster

WEEK = pd.Timestamp("2026-11-09")
AGENT_HEADER = (
    "agent_id,name,tier,channels,vip_levels,contract,min_hours_week,max_hours_week,hourly_cost\n"
)


def _shift(agent_id: str, start: pd.Timestamp, plan: list[tuple[int, str, str, str]]) -> list:
    """Blocks from a start and (minutes, activity, channel, vip_level) steps."""
    rows = []
    at = start
    for minutes, activity, channel, vip_level in plan:
        end = at + pd.Timedelta(minutes=minutes)
        rows.append((agent_id, start.normalize(), at, end, activity, channel, vip_level))
        at = end
    return rows


def make_roster(seed: int = 7) -> pd.DataFrame:
    """A week for six agents: day, late and night shifts, breaks, lunches, days off."""
    rng = np.random.default_rng(seed)
    queues = [("phone", "standard"), ("chat", "vip"), ("messaging", "standard"), ("email", "svip")]
    rows: list = []
    for index in range(6):
        agent_id = f"A{index + 1:03d}"
        days_off = set(rng.choice(7, size=2, replace=False).tolist())
        for day in range(7):
            if day in days_off:
                continue
            start_hour = [8, 9, 13, 22][int(rng.integers(4))]
            first, second = (queues[int(i)] for i in rng.choice(4, size=2, replace=False))
            start = WEEK + pd.Timedelta(days=day, hours=start_hour)
            if rng.random() < 0.3:
                plan = [(120, "work", *first), (15, "break", "", ""), (105, "work", *second)]
            else:
                plan = [
                    (120, "work", *first),
                    (15, "break", "", ""),
                    (105, "work", *second),
                    (60, "lunch", "", ""),
                    (240, "work", *first),
                ]
            rows += _shift(agent_id, start, plan)
    frame = pd.DataFrame(
        rows, columns=["agent_id", "date", "start", "end", "activity", "channel", "vip_level"]
    )
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def make_coverage(roster: pd.DataFrame, seed: int = 3) -> pd.DataFrame:
    """Scheduled agents per 15-minute interval and queue from the roster; random requirement."""
    work = roster[roster["activity"] == "work"]
    pieces = []
    for row in work.itertuples():
        for interval_start in pd.date_range(row.start, row.end, freq="15min", inclusive="left"):
            pieces.append((interval_start, row.channel, row.vip_level))
    scheduled = (
        pd.DataFrame(pieces, columns=["interval_start", "channel", "vip_level"])
        .value_counts()
        .rename("scheduled")
        .reset_index()
    )
    rng = np.random.default_rng(seed)
    scheduled["required"] = np.clip(
        scheduled["scheduled"] + rng.integers(-1, 2, len(scheduled)), 0, None
    )
    scheduled["shortfall"] = (scheduled["required"] - scheduled["scheduled"]).clip(lower=0)
    return validate_coverage(
        scheduled[["interval_start", "channel", "vip_level", "required", "scheduled", "shortfall"]]
    )


def make_agents(roster: pd.DataFrame) -> pd.DataFrame:
    ids = sorted(roster["agent_id"].unique())
    return pd.DataFrame({"agent_id": ids, "name": [f"Agent {i[1:]}" for i in ids]})


@pytest.fixture(scope="module")
def roster() -> pd.DataFrame:
    return make_roster()


@pytest.fixture(scope="module")
def coverage(roster: pd.DataFrame) -> pd.DataFrame:
    return make_coverage(roster)


SUMMARY = PlanSummary(
    labour_cost=12345.678,
    shortfall_agent_h=4.25,
    solver_gap=0.012,
    services=(
        QueueService(
            channel="phone",
            vip_level="standard",
            service_level=0.83,
            target_service_level=0.8,
            abandon_share=0.02,
            asa_s=11.5,
        ),
        QueueService(channel="chat", vip_level="vip", service_level=0.7, target_service_level=0.9),
    ),
)


def expected_shifts(roster: pd.DataFrame) -> dict[tuple[str, pd.Timestamp], pd.DataFrame]:
    ordered = roster.sort_values(["agent_id", "start"])
    return {key: blocks for key, blocks in ordered.groupby(["agent_id", "date"])}


def span_text(start: pd.Timestamp, end: pd.Timestamp) -> str:
    days = (end.normalize() - start.normalize()).days
    return f"{start:%H:%M}-{end:%H:%M}" + (f"+{days}" if days else "")


def test_workbook_grid_matches_every_shift(roster: pd.DataFrame, coverage: pd.DataFrame) -> None:
    before = roster.copy()
    data = roster_workbook(roster, coverage=coverage, agents=make_agents(roster), summary=SUMMARY)
    pd.testing.assert_frame_equal(roster, before)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:3] == ["Summary", "Roster", "Blocks"]
    grid = book["Roster"]
    header = [cell.value for cell in grid[1]]
    days = pd.date_range(WEEK, WEEK + pd.Timedelta(days=6), freq="D")
    assert header == ["Agent", "Name", *[f"{d:%a %Y-%m-%d}" for d in days], "Shifts", "Work h"]
    assert grid.freeze_panes == "C2"
    assert all(cell.font.bold for cell in grid[1])
    shifts = expected_shifts(roster)
    agent_ids = sorted(roster["agent_id"].unique())
    for offset, agent_id in enumerate(agent_ids):
        values = [cell.value for cell in grid[2 + offset]]
        assert values[0] == agent_id
        assert values[1] == f"Agent {agent_id[1:]}"
        n_shifts = 0
        for column, day in enumerate(days, start=2):
            blocks = shifts.get((agent_id, day))
            if blocks is None:
                assert values[column] == "off"
                continue
            n_shifts += 1
            times, channels = values[column].split("\n")
            assert times == span_text(blocks["start"].min(), blocks["end"].max())
            work = blocks[blocks["activity"] == "work"]
            queues = list(dict.fromkeys(work["channel"] + " (" + work["vip_level"] + ")"))
            assert channels == ", ".join(queues)
        assert values[-2] == n_shifts
        mine = roster[(roster["agent_id"] == agent_id) & (roster["activity"] == "work")]
        work_h = (mine["end"] - mine["start"]).sum().total_seconds() / 3600
        assert values[-1] == pytest.approx(work_h)
    for letter in ("A", "B", "C"):
        assert grid.column_dimensions[letter].width >= 8


def test_workbook_blocks_sheet_is_the_roster(roster: pd.DataFrame) -> None:
    book = load_workbook(io.BytesIO(roster_workbook(roster)))
    sheet = book["Blocks"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Agent", "Name", "Date", "Start", "End", "Activity", "Channel", "VIP level", "Minutes"
    )  # fmt: skip
    assert sheet.freeze_panes == "A2"
    read_back = pd.DataFrame(
        [(r[0], r[2], r[3], r[4], r[5], r[6] or "", r[7] or "") for r in rows[1:]],
        columns=["agent_id", "date", "start", "end", "activity", "channel", "vip_level"],
    ).astype({"date": "datetime64[ns]", "start": "datetime64[ns]", "end": "datetime64[ns]"})
    expected = roster.sort_values(["agent_id", "start"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(read_back, expected)
    minutes = [r[8] for r in rows[1:]]
    assert minutes == ((expected["end"] - expected["start"]).dt.total_seconds() // 60).tolist()


def test_workbook_coverage_sheets(roster: pd.DataFrame, coverage: pd.DataFrame) -> None:
    book = load_workbook(io.BytesIO(roster_workbook(roster, coverage=coverage)))
    channels = sorted(coverage["channel"].unique())
    assert book.sheetnames[3:] == [f"Coverage {c}" for c in channels]
    for channel in channels:
        sheet = book[f"Coverage {channel}"]
        assert sheet.freeze_panes == "B2"
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        part = coverage[coverage["channel"] == channel]
        levels = sorted(part["vip_level"].unique())
        assert header[1:4] == tuple(
            f"{levels[0]} {m}" for m in ("required", "scheduled", "shortfall")
        )
        assert len(rows) - 1 == part["interval_start"].nunique()
        by_key = part.set_index(["interval_start", "vip_level"])
        for row in rows[1:]:
            at = pd.Timestamp(row[0])
            for i, level in enumerate(levels):
                cells = row[1 + 3 * i : 4 + 3 * i]
                if (at, level) in by_key.index:
                    expected = by_key.loc[(at, level), ["required", "scheduled", "shortfall"]]
                    assert list(cells) == expected.tolist()
                else:
                    assert list(cells) == [0, 0, 0]
            totals = part[part["interval_start"] == at][["required", "scheduled", "shortfall"]]
            assert list(row[-3:]) == totals.sum().tolist()
        assert len(sheet._charts) == 1


def test_workbook_summary(roster: pd.DataFrame, coverage: pd.DataFrame) -> None:
    book = load_workbook(io.BytesIO(roster_workbook(roster, coverage=coverage, summary=SUMMARY)))
    rows = [r for r in book["Summary"].iter_rows(values_only=True) if any(r)]
    figures = {r[0]: r[1] for r in rows if r[0] and r[1] is not None}
    assert figures["Agents rostered"] == 6
    assert figures["Shifts"] == len(roster.drop_duplicates(["agent_id", "date"]))
    assert figures["Labour cost (CNY)"] == pytest.approx(12345.68)
    assert figures["Shortfall agent-hours (plan)"] == pytest.approx(4.25)
    # the coverage's 15-minute intervals as agent-hours, as the app shows them
    hours = {
        "Shortfall": coverage["shortfall"].sum() / 4,
        "Required": coverage["required"].sum() / 4,
    }
    for figure, expected in hours.items():
        assert figures[f"{figure} agent-hours (coverage)"] == pytest.approx(expected)
    assert figures["Solver gap"] == pytest.approx(0.012)
    service_rows = [r for r in rows if r[0] in ("phone", "chat")]
    assert service_rows[0][:6] == ("phone", "standard", 0.83, 0.8, 0.02, 11.5)
    assert service_rows[1][:4] == ("chat", "vip", 0.7, 0.9)


def test_workbook_without_summary_or_coverage_has_only_roster_sheets(
    roster: pd.DataFrame,
) -> None:
    book = load_workbook(io.BytesIO(roster_workbook(roster)))
    assert book.sheetnames == ["Summary", "Roster", "Blocks"]
    labels = [r[0] for r in book["Summary"].iter_rows(values_only=True)]
    assert not any(str(label).startswith("Labour cost") for label in labels if label)


def parse_calendar(data: bytes) -> list:
    calendar = Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def test_calendar_matches_every_shift_and_break(roster: pd.DataFrame) -> None:
    zone = ZoneInfo("Asia/Shanghai")
    shifts = expected_shifts(roster)
    for agent_id in sorted(roster["agent_id"].unique()):
        data = agent_calendar(roster, agent_id, agents=make_agents(roster))
        calendar = Calendar.from_ical(data)
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
        events = parse_calendar(data)
        mine = {k: v for k, v in shifts.items() if k[0] == agent_id}
        assert len(events) == len(mine)
        for event, ((_, day), blocks) in zip(events, sorted(mine.items()), strict=True):
            start = event.decoded("dtstart")
            end = event.decoded("dtend")
            assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Shanghai"
            assert start == blocks["start"].min().to_pydatetime().replace(tzinfo=zone)
            assert end == blocks["end"].max().to_pydatetime().replace(tzinfo=zone)
            assert "DTSTART;TZID=Asia/Shanghai" in event.to_ical().decode()
            assert str(event["uid"]) == f"{agent_id}-{day:%Y%m%d}@staffing-optimizer"
            lines = str(event["description"]).split("\n")
            expected = [
                f"{b.start:%H:%M}-{b.end:%H:%M} "
                + (f"work {b.channel} ({b.vip_level})" if b.activity == "work" else b.activity)
                for b in blocks.itertuples()
            ]
            assert lines == expected


def test_calendar_uids_stable_and_sequence(roster: pd.DataFrame) -> None:
    first = parse_calendar(agent_calendar(roster, "A001"))
    changed = roster.copy()
    later = changed["agent_id"] == "A001"
    changed.loc[later, ["start", "end"]] += pd.Timedelta(minutes=30)
    second = parse_calendar(agent_calendar(changed, "A001", sequence=3))
    assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in second]
    assert len({str(e["uid"]) for e in first}) == len(first)
    assert all(int(e["sequence"]) == 3 for e in second)
    assert agent_calendar(roster, "A001") == agent_calendar(roster.iloc[::-1], "A001")


def test_calendar_other_timezone_keeps_wall_clock(roster: pd.DataFrame) -> None:
    events = parse_calendar(agent_calendar(roster, "A002", timezone="Europe/Berlin"))
    entries = shift_entries(roster, "A002")
    for event, entry in zip(events, entries, strict=True):
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "Europe/Berlin"
        assert start.replace(tzinfo=None) == entry.start.to_pydatetime()


def test_calendars_zip_has_one_file_per_agent(roster: pd.DataFrame) -> None:
    data = calendars_zip(roster)
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        names = bundle.namelist()
        assert names == [f"{a}.ics" for a in sorted(roster["agent_id"].unique())]
        for name in names:
            agent_id = name.removesuffix(".ics")
            assert bundle.read(name) == agent_calendar(roster, agent_id)
    assert calendars_zip(roster) == data  # deterministic


def test_any_agent_ids_get_their_own_uids_and_named_files(roster: pd.DataFrame) -> None:
    """Ids that differ only in characters a file name cannot keep still get distinct UIDs;
    Chinese ids keep their file names."""
    ids = {"A001": "张伟", "A002": "李娜", "A003": "A 1", "A004": "A_1"}
    renamed = roster[roster["agent_id"].isin(list(ids))].replace({"agent_id": ids})
    with zipfile.ZipFile(io.BytesIO(calendars_zip(renamed))) as bundle:
        names = bundle.namelist()
        uids = [str(e["uid"]) for name in names for e in parse_calendar(bundle.read(name))]
    assert sorted(names) == sorted(["张伟.ics", "李娜.ics", "A_1.ics", "A_1_2.ics"])
    assert len(set(uids)) == len(uids)
    assert any(u.startswith("A%201-") for u in uids) and any(u.startswith("A_1-") for u in uids)


def test_workbook_names_stay_text_and_agents_without_shifts_are_off(
    roster: pd.DataFrame,
) -> None:
    agents = make_agents(roster)
    agents.loc[0, "name"] = "=1+2"
    agents.loc[1, "name"] = '=HYPERLINK("http://example.com","click")'
    agents = pd.concat([agents, pd.DataFrame({"agent_id": ["A999"], "name": ["Idle"]})])
    book = load_workbook(io.BytesIO(roster_workbook(roster, agents=agents)))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    grid = book["Roster"]
    assert grid["B2"].value == "=1+2"
    idle = next(row for row in grid.iter_rows(values_only=True) if row[0] == "A999")
    assert idle[1] == "Idle" and set(idle[2:9]) == {"off"} and idle[9:] == (0, 0)


def test_bad_inputs_are_input_errors(roster: pd.DataFrame) -> None:
    with pytest.raises(StaffingInputError, match="timezone"):
        agent_calendar(roster, "A001", timezone="Mars/Olympus")
    with pytest.raises(StaffingInputError, match="agent_id"):
        agent_calendar(roster, "nobody")
    with pytest.raises(StaffingInputError, match="not in the agents table"):
        roster_workbook(roster, agents=make_agents(roster).iloc[1:])
    with pytest.raises(StaffingInputError, match="export_format"):
        export_roster("/tmp/never-written.pdf", "pdf", roster)
    broken = roster.copy()
    broken.loc[0, "activity"] = "nap"
    with pytest.raises(StaffingInputError, match="unknown activity"):
        roster_workbook(broken)


def test_csv_export_round_trips(roster: pd.DataFrame, tmp_path: Path) -> None:
    out = export_roster(tmp_path / "out.csv", ExportFormat.CSV, roster)
    assert out.read_bytes() == roster_csv(roster)
    expected = roster.sort_values(["agent_id", "start"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(read_roster(out), expected)


def test_shifts_of(roster: pd.DataFrame) -> None:
    shifts = shifts_of(roster)
    assert len(shifts) == len(expected_shifts(roster))
    total = (roster["end"] - roster["start"]).sum().total_seconds() / 60
    assert shifts["work_minutes"].sum() + shifts["pause_minutes"].sum() == total


@pytest.fixture
def files(roster: pd.DataFrame, coverage: pd.DataFrame, tmp_path: Path) -> Path:
    write_roster(tmp_path / "roster.csv", roster)
    write_coverage(tmp_path / "coverage.csv", coverage)
    lines = [
        f"{a},Agent {a[1:]},2,phone;chat;messaging;email,standard;vip;svip,full_time,20,44,40\n"
        for a in sorted(roster["agent_id"].unique())
    ]
    (tmp_path / "agents.csv").write_text(AGENT_HEADER + "".join(lines), encoding="utf-8")
    (tmp_path / "rules.toml").write_text(EXPORT_RULES, encoding="utf-8")
    return tmp_path


#: Rules :func:`make_roster`'s week keeps (its night shifts leave short rests; all day open).
EXPORT_RULES = """
min_rest_h = 0
[shifts]
lengths_h = [4, 9]
[[breaks]]
name = "break"
minutes = 15
min_shift_h = 4
window_after_start_h = [1.5, 3.0]
[[breaks]]
name = "lunch"
minutes = 60
paid = false
min_shift_h = 8
window_after_start_h = [3.0, 5.0]
[contracts.full_time]
days_per_week = [5, 5]
"""


def checked_with(files: Path) -> list[str]:
    return ["--agents", str(files / "agents.csv"), "--rules", str(files / "rules.toml")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ics"])
def test_cli_export(files: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = files / f"out.{'zip' if fmt == 'ics' else fmt}"
    args = ["export", "--roster", str(files / "roster.csv"), "--format", fmt, "--out", str(out)]
    args += ["--coverage", str(files / "coverage.csv"), *checked_with(files)]
    assert main(args) == 0
    assert "6 agents" in capsys.readouterr().out
    roster = read_roster(files / "roster.csv")
    if fmt == "csv":
        pd.testing.assert_frame_equal(read_roster(out), roster)
    elif fmt == "xlsx":
        book = load_workbook(out)
        assert book["Roster"]["B2"].value == "Agent 001"
        assert "Coverage phone" in book.sheetnames
    else:
        with zipfile.ZipFile(out) as bundle:
            assert len(bundle.namelist()) == 6


def test_cli_bad_roster_exits_2_and_writes_nothing(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = files / "bad.csv"
    text = (files / "roster.csv").read_text(encoding="utf-8").replace(",work,", ",nap,", 1)
    bad.write_text(text, encoding="utf-8")
    out = files / "never.xlsx"
    args = ["export", "--roster", str(bad), "--format", "xlsx", "--out", str(out)]
    assert main([*args, *checked_with(files)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv, row 2, column 'activity'" in err
    assert "Traceback" not in err
    assert not out.exists()
    args = ["export", "--roster", str(files / "roster.csv"), "--format", "ics"]
    assert main([*args, *checked_with(files), "--out", str(out), "--timezone", "Nowhere/City"]) == 2
    err = capsys.readouterr().err
    assert "time zone 'Nowhere/City' is not a known IANA time zone" in err and "Fix:" in err
    assert not out.exists()


def test_cli_roster_that_breaks_a_rule_exits_2_and_writes_nothing(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One agent also works a 20-hour Sunday: the export names every rule it breaks."""
    roster = read_roster(files / "roster.csv")
    agent = "A001"
    worked = set(roster.loc[roster["agent_id"] == agent, "date"])
    free = next(d for d in pd.date_range(WEEK, periods=7) if d not in worked)
    extra = pd.DataFrame(
        [[agent, free, free, free + pd.Timedelta(hours=20), "work", "phone", "standard"]],
        columns=roster.columns,
    )
    write_roster(files / "long.csv", pd.concat([roster, extra], ignore_index=True))
    out = files / "never.csv"
    args = ["export", "--roster", str(files / "long.csv"), "--format", "csv", "--out", str(out)]
    assert main([*args, *checked_with(files)]) == 2
    err = capsys.readouterr().err
    for rule in ("Allowed shift length", "Breaks and lunch", "Days per week by contract"):
        assert f"{rule}: agent {agent} on " in err, rule
    assert "Traceback" not in err
    assert not out.exists()


def test_export_is_atomic_on_failure(roster: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"previous")
    broken = roster.copy()
    broken.loc[0, "end"] = broken.loc[0, "start"]
    with pytest.raises(StaffingInputError):
        export_roster(out, "xlsx", broken)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]
