"""The independent roster validator: every rule valid and violated, coverage and cost exact."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staffing.agents import Agent
from staffing.cli import main
from staffing.errors import StaffingInputError
from staffing.roster.io import ROSTER_COLUMNS, write_roster
from staffing.roster.validate import CHECKS, RosterRuleError, check_roster
from staffing.rules import parse_rules

WEEK = pd.Timestamp("2026-11-09")  # a Monday

RULES = parse_rules(
    {
        "interval_minutes": 15,
        "min_rest_h": 11,
        "max_consecutive_days": 6,
        "min_block_minutes": 60,
        "shifts": {
            "lengths_h": [4, 6, 8, 9],
            "start_step_minutes": 30,
            "earliest_start": "00:00",
            "latest_start": "23:00",
        },
        "breaks": [
            {
                "name": "break",
                "minutes": 15,
                "paid": True,
                "min_shift_h": 4,
                "window_after_start_h": [1.5, 3.0],
            },
            {
                "name": "lunch",
                "minutes": 60,
                "paid": False,
                "min_shift_h": 8,
                "window_after_start_h": [3.0, 5.0],
            },
        ],
        "contracts": {
            "full_time": {"days_per_week": [5, 5]},
            "part_time": {"days_per_week": [2, 5]},
            "flex": {"days_per_week": [0, 7]},
        },
        "opening_hours": {"phone": ["08:00", "24:00"]},
    }
)


def agent(agent_id: str, **changes: object) -> Agent:
    fields: dict[str, object] = {
        "agent_id": agent_id,
        "name": agent_id,
        "tier": 2,
        "channels": ("phone", "chat"),
        "vip_levels": ("standard", "vip"),
        "contract": "full_time",
        "min_hours_week": 36.0,
        "max_hours_week": 44.0,
        "hourly_cost": 30.0,
    }
    fields.update(changes)
    return Agent(**fields)  # type: ignore[arg-type]


FULL = agent("A1")
PART = agent(
    "A2",
    tier=1,
    channels=("chat",),
    vip_levels=("standard",),
    contract="part_time",
    min_hours_week=8.0,
    max_hours_week=30.0,
    hourly_cost=20.0,
)
FLEX = agent("A3", contract="flex", min_hours_week=0.0, max_hours_week=80.0)
AGENTS = (FULL, PART)

Segment = tuple[int, str, str, str]  # minutes, activity, channel, vip_level


def plan(length_h: int, channel: str = "chat", vip_level: str = "standard") -> list[Segment]:
    """A valid layout of a shift: break at 2 h, lunch at 4 h (for 8 h and longer)."""
    work = (channel, vip_level)
    first = [(120, "work", *work), (15, "break", "", "")]
    if length_h < 8:
        return [*first, (length_h * 60 - 135, "work", *work)]
    return [
        *first,
        (105, "work", *work),
        (60, "lunch", "", ""),
        ((length_h - 4) * 60 - 60, "work", *work),
    ]


def shift(agent_id: str, day: int, start: str, segments: list[Segment]) -> pd.DataFrame:
    date = WEEK + pd.Timedelta(days=day)
    time = date + pd.Timedelta(start + ":00")
    rows = []
    for minutes, activity, channel, vip_level in segments:
        end = time + pd.Timedelta(minutes=minutes)
        rows.append((agent_id, date, time, end, activity, channel, vip_level))
        time = end
    return pd.DataFrame(rows, columns=list(ROSTER_COLUMNS))


def valid_roster() -> pd.DataFrame:
    """A1: Mon-Fri 08:00-17:00 (9 h, 8 paid); A2: Mon and Wed 09:00-13:00 (4 h)."""
    parts = [shift("A1", day, "08:00", plan(9, "phone")) for day in range(5)]
    parts += [shift("A2", day, "09:00", plan(4)) for day in (0, 2)]
    return pd.concat(parts, ignore_index=True)


def check(roster: pd.DataFrame, agents: tuple[Agent, ...] = AGENTS, **kwargs: object):
    return check_roster(roster, agents=agents, rules=RULES, week_start=WEEK, **kwargs)  # type: ignore[arg-type]


def assert_only(result, label: str, agent_id: str, day: int) -> None:
    """The roster breaks exactly ``label``, reported for the agent on the day."""
    assert label in {c.label for c in CHECKS}
    violations = result.violations
    assert not result.ok
    assert set(violations["rule"]) == {label}, violations.to_string()
    assert set(violations["agent_id"]) == {agent_id}
    assert set(violations["date"]) == {WEEK + pd.Timedelta(days=day)}


def replace_shift(roster: pd.DataFrame, agent_id: str, day: int, new: pd.DataFrame) -> pd.DataFrame:
    date = WEEK + pd.Timedelta(days=day)
    kept = roster[~((roster["agent_id"] == agent_id) & (roster["date"] == date))]
    return pd.concat([kept, new], ignore_index=True)


# ------------------------------------------------------------------------------ valid roster


def test_valid_roster_passes_every_rule() -> None:
    result = check(valid_roster())
    assert result.ok, result.violations.to_string()
    assert result.n_shifts == 7
    assert "Valid" in result.summary()
    result.raise_if_invalid()


def test_preferences_the_roster_goes_against_are_listed_not_violations() -> None:
    """A1 works Mon-Fri 08:00 and A2 Mon and Wed 09:00 (valid_roster)."""
    asked = pd.DataFrame(
        {
            "agent_id": ["A1", "A1", "A1", "A2", "A2", "A1"],
            "date": WEEK + pd.to_timedelta([0, 1, 5, 2, 1, 9], unit="D"),
            "preference": ["off", "early", "off", "late", "off", "off"],
        }
    )
    result = check(valid_roster(), preferences=asked)
    assert result.ok  # preferences are wishes, not rules
    unmet = result.unmet_preferences[["agent_id", "date", "preference"]]
    assert unmet.values.tolist() == [
        ["A1", WEEK, "off"],  # worked Monday
        ["A2", WEEK + pd.Timedelta(days=2), "late"],  # 09:00 is early
    ]
    assert result.n_preferences == 5  # the one after the week is not counted
    assert "Preferences: 3 of 5 met." in result.summary()


def test_caller_frame_is_not_modified() -> None:
    roster = valid_roster()
    before = roster.copy()
    check(roster.sample(frac=1.0, random_state=1))
    pd.testing.assert_frame_equal(roster, before)


def test_row_order_does_not_matter() -> None:
    shuffled = valid_roster().sample(frac=1.0, random_state=7)
    assert check(shuffled).ok


def test_touching_rows_of_one_activity_are_one_block() -> None:
    roster = valid_roster()
    # split A2's Monday final work block into two rows on the same queue
    last = roster[(roster["agent_id"] == "A2") & (roster["date"] == WEEK)].iloc[-1]
    middle = last["start"] + pd.Timedelta(minutes=60)
    roster = roster.drop(index=last.name)
    extra = pd.DataFrame([last, last]).reset_index(drop=True)
    extra.loc[0, "end"] = middle
    extra.loc[1, "start"] = middle
    assert check(pd.concat([roster, extra], ignore_index=True)).ok


# ------------------------------------------------------------------------------ each rule


def test_block_ending_before_start_is_malformed() -> None:
    roster = valid_roster()
    row = roster.index[(roster["agent_id"] == "A2") & (roster["activity"] == "work")][0]
    roster.loc[row, "end"] = roster.loc[row, "start"]
    result = check(roster)
    assert "Well-formed blocks" in set(result.violations["rule"])
    bad = result.violations[result.violations["rule"] == "Well-formed blocks"]
    assert list(bad["agent_id"]) == ["A2"] and list(bad["date"]) == [WEEK]
    assert "ends at or before its start" in bad["detail"].iloc[0]


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("activity", "nap", "neither work nor a break"),
        ("channel", "", "no channel or VIP level"),
    ],
)
def test_malformed_rows(column: str, value: str, words: str) -> None:
    roster = valid_roster()
    row = roster.index[(roster["agent_id"] == "A2") & (roster["activity"] == "work")][0]
    roster.loc[row, column] = value
    result = check(roster)
    bad = result.violations[result.violations["rule"] == "Well-formed blocks"]
    assert len(bad) == 1 and bad["agent_id"].iloc[0] == "A2" and bad["date"].iloc[0] == WEEK
    assert words in bad["detail"].iloc[0]


def test_break_with_queue_and_off_grid_times_are_malformed() -> None:
    roster = valid_roster()
    pause = roster.index[(roster["agent_id"] == "A2") & (roster["activity"] == "break")][0]
    roster.loc[pause, "channel"] = "chat"
    result = check(roster)
    assert_only(result, "Well-formed blocks", "A2", 0)
    assert "only work blocks have one" in result.violations["detail"].iloc[0]

    grid = valid_roster()
    first = grid.index[grid["agent_id"] == "A2"][0]
    grid.loc[first, "end"] += pd.Timedelta(minutes=5)
    second = first + 1
    grid.loc[second, "start"] += pd.Timedelta(minutes=5)
    grid.loc[second, "end"] += pd.Timedelta(minutes=5)
    third = first + 2
    grid.loc[third, "start"] += pd.Timedelta(minutes=5)
    result = check(grid)
    labels = set(result.violations["rule"])
    assert "Well-formed blocks" in labels
    assert result.violations["detail"].str.contains("15-minute interval grid").any()


def test_overlapping_blocks_are_malformed() -> None:
    roster = valid_roster()
    pause = roster.index[(roster["agent_id"] == "A2") & (roster["activity"] == "break")][0]
    roster.loc[pause, "start"] -= pd.Timedelta(minutes=15)
    result = check(roster)
    bad = result.violations[result.violations["rule"] == "Well-formed blocks"]
    assert len(bad) == 1 and bad["agent_id"].iloc[0] == "A2"
    assert "overlaps" in bad["detail"].iloc[0]


def test_shift_starting_on_another_day_than_its_date() -> None:
    roster = valid_roster()
    mask = (roster["agent_id"] == "A2") & (roster["date"] == WEEK)
    roster.loc[mask, "date"] = WEEK + pd.Timedelta(days=1)
    result = check(roster)
    assert_only(result, "Well-formed blocks", "A2", 1)
    assert "not on its date" in result.violations["detail"].iloc[0]


def test_split_shift_is_two_shifts_on_one_day() -> None:
    roster = valid_roster()
    late = shift("A2", 0, "18:00", [(60, "work", "chat", "standard")])
    late["date"] = WEEK
    result = check(pd.concat([roster, late], ignore_index=True))
    split = result.violations[result.violations["rule"] == "One shift per agent per day"]
    assert len(split) == 1 and split["agent_id"].iloc[0] == "A2"
    assert split["date"].iloc[0] == WEEK
    assert "13:00 to 18:00" in split["detail"].iloc[0]


def test_shift_length_not_allowed() -> None:
    roster = replace_shift(valid_roster(), "A2", 2, shift("A2", 2, "09:00", plan(5)))
    result = check(roster)
    assert_only(result, "Allowed shift length", "A2", 2)
    assert "lasts 5 h" in result.violations["detail"].iloc[0]


@pytest.mark.parametrize("start", ["09:15", "23:30"])
def test_start_time_not_allowed(start: str) -> None:
    roster = replace_shift(valid_roster(), "A2", 2, shift("A2", 2, start, plan(4)))
    result = check(roster)
    assert_only(result, "Allowed start time", "A2", 2)
    assert f"starts at {start}" in result.violations["detail"].iloc[0]


def test_missing_lunch_is_caught() -> None:
    segments = plan(9, "phone")
    segments[3] = (60, "work", "phone", "standard")
    roster = replace_shift(valid_roster(), "A1", 1, shift("A1", 1, "08:00", segments))
    result = check(roster)
    # the lost lunch also makes the week's paid hours 41: within A1's 36-44
    assert_only(result, "Breaks and lunch", "A1", 1)
    assert "has no lunch" in result.violations["detail"].iloc[0]
    assert "between 11:00 and 13:00" in result.violations["detail"].iloc[0]


def test_break_outside_its_window() -> None:
    segments = [
        (60, "work", "chat", "standard"),
        (15, "break", "", ""),
        (165, "work", "chat", "standard"),
    ]
    roster = replace_shift(valid_roster(), "A2", 0, shift("A2", 0, "09:00", segments))
    result = check(roster)
    assert_only(result, "Breaks and lunch", "A2", 0)
    assert "outside its window 10:30-12:00" in result.violations["detail"].iloc[0]


def test_break_of_the_wrong_length() -> None:
    segments = [
        (120, "work", "chat", "standard"),
        (30, "break", "", ""),
        (90, "work", "chat", "standard"),
    ]
    roster = replace_shift(valid_roster(), "A2", 0, shift("A2", 0, "09:00", segments))
    result = check(roster)
    assert_only(result, "Breaks and lunch", "A2", 0)
    assert "must last 15 minutes" in result.violations["detail"].iloc[0]


def test_two_breaks_and_a_lunch_in_a_short_shift() -> None:
    segments = [
        (90, "work", "chat", "standard"),
        (15, "break", "", ""),
        (60, "lunch", "", ""),
        (60, "work", "chat", "standard"),
        (15, "break", "", ""),
    ]
    roster = pd.concat([valid_roster(), shift("A3", 0, "09:00", segments)], ignore_index=True)
    result = check(roster, (*AGENTS, FLEX))
    assert_only(result, "Breaks and lunch", "A3", 0)
    details = " | ".join(result.violations["detail"])
    assert "2 break blocks" in details
    assert "only shifts of at least 8 h get a lunch" in details


def test_short_stretch_on_one_queue() -> None:
    segments = [
        (120, "work", "chat", "standard"),
        (15, "break", "", ""),
        (30, "work", "phone", "standard"),
        (75, "work", "chat", "standard"),
    ]
    roster = pd.concat([valid_roster(), shift("A3", 0, "09:00", segments)], ignore_index=True)
    result = check(roster, (*AGENTS, FLEX))
    assert_only(result, "Minimum stretch on one queue", "A3", 0)
    assert "phone/standard only 30 min" in result.violations["detail"].iloc[0]


def test_stretch_continues_across_a_break_on_the_same_queue() -> None:
    segments = [
        (90, "work", "chat", "standard"),
        (15, "break", "", ""),
        (30, "work", "chat", "standard"),
        (105, "work", "chat", "vip"),
    ]
    roster = pd.concat([valid_roster(), shift("A3", 0, "09:00", segments)], ignore_index=True)
    assert check(roster, (*AGENTS, FLEX)).ok


@pytest.mark.parametrize(
    ("queue", "words"),
    [
        (("phone", "standard"), "has no 'phone' skill"),
        (("chat", "vip"), "not certified for VIP level 'vip'"),
    ],
)
def test_skills_and_certification(queue: tuple[str, str], words: str) -> None:
    roster = replace_shift(valid_roster(), "A2", 2, shift("A2", 2, "09:00", plan(4, *queue)))
    result = check(roster)
    assert_only(result, "Skills, VIP certification and tier", "A2", 2)
    assert all(words in d for d in result.violations["detail"])


def test_tier_from_requirements() -> None:
    requirements = pd.DataFrame(
        {
            "interval_start": [WEEK + pd.Timedelta(hours=9)] * 2,
            "channel": ["chat", "phone"],
            "vip_level": ["standard", "standard"],
            "required_agents": [1, 1],
            "min_tier": [2, 1],
        }
    )
    result = check(valid_roster(), requirements=requirements)
    assert set(result.violations["rule"]) == {"Skills, VIP certification and tier"}
    assert set(result.violations["agent_id"]) == {"A2"}
    assert set(result.violations["date"]) == {WEEK, WEEK + pd.Timedelta(days=2)}
    assert "tier 1, the queue needs tier 2" in result.violations["detail"].iloc[0]
    assert check(valid_roster(), requirements=requirements.assign(min_tier=1)).ok


def test_opening_hours() -> None:
    early = replace_shift(valid_roster(), "A1", 3, shift("A1", 3, "07:00", plan(9, "phone")))
    result = check(early)
    assert_only(result, "Opening hours", "A1", 3)
    assert "open only 08:00-24:00" in result.violations["detail"].iloc[0]
    # chat has no opening hours: open all day
    assert check(replace_shift(valid_roster(), "A1", 3, shift("A1", 3, "07:00", plan(9)))).ok


def test_opening_hours_past_midnight() -> None:
    night = [
        (120, "work", "phone", "standard"),
        (15, "break", "", ""),
        (105, "work", "phone", "standard"),
    ]
    roster = pd.concat([valid_roster(), shift("A3", 5, "21:00", night)], ignore_index=True)
    result = check(roster, (*AGENTS, FLEX))
    assert_only(result, "Opening hours", "A3", 5)
    assert "phone 23:15-01:00 next day" in result.violations["detail"].iloc[0]


def test_time_off() -> None:
    leave = pd.DataFrame(
        {
            "agent_id": ["A2"],
            "start": [WEEK + pd.Timedelta(hours=12)],
            "end": [WEEK + pd.Timedelta(hours=20)],
        }
    )
    result = check(valid_roster(), time_off=leave)
    assert_only(result, "Time off", "A2", 0)
    assert "overlaps leave from 2026-11-09 12:00" in result.violations["detail"].iloc[0]
    assert check(
        valid_roster(), time_off=leave.assign(start=leave["start"] + pd.Timedelta(hours=1))
    ).ok


def test_minimum_rest_across_midnight() -> None:
    # Wed 20:00-24:00 then Thu 10:00: 10 h rest across midnight
    roster = replace_shift(valid_roster(), "A2", 2, shift("A2", 2, "20:00", plan(4)))
    roster = pd.concat([roster, shift("A2", 3, "10:00", plan(4))], ignore_index=True)
    result = check(roster)
    assert_only(result, "Minimum rest between shifts", "A2", 3)
    assert "only 10 h rest" in result.violations["detail"].iloc[0]
    roster = replace_shift(roster, "A2", 3, shift("A2", 3, "11:00", plan(4)))
    assert check(roster).ok  # exactly 11 h is enough


def test_overlapping_shifts_are_reported_as_rest() -> None:
    night = shift("A3", 0, "22:00", plan(4))
    morning = shift("A3", 1, "01:00", plan(4))
    result = check(pd.concat([valid_roster(), night, morning], ignore_index=True), (*AGENTS, FLEX))
    assert_only(result, "Minimum rest between shifts", "A3", 1)
    assert "before the previous shift ends" in result.violations["detail"].iloc[0]


def test_consecutive_days_cross_the_week_boundary() -> None:
    parts = [shift("A3", day, "08:00", plan(8)) for day in range(4, 11)]
    roster = pd.concat([valid_roster(), *parts], ignore_index=True)
    result = check(roster, (*AGENTS, FLEX))
    # the second week: A1 and A2 have no shifts there (their weekly minimums are broken)
    streak = result.violations[result.violations["rule"] == "Maximum consecutive working days"]
    assert list(streak["agent_id"]) == ["A3"]
    assert list(streak["date"]) == [WEEK + pd.Timedelta(days=10)]
    assert "7 days in a row (2026-11-13 to 2026-11-19)" in streak["detail"].iloc[0]
    six = pd.concat([valid_roster(), *parts[:6]], ignore_index=True)
    assert "Maximum consecutive working days" not in set(
        check(six, (*AGENTS, FLEX)).violations["rule"]
    )


def test_days_per_week_and_leave_credit() -> None:
    roster = valid_roster()
    four = roster[~((roster["agent_id"] == "A1") & (roster["date"] == WEEK + pd.Timedelta(days=4)))]
    # A1 loses a day: 4 days (contract 5..5), 32 paid hours (36..44)
    result = check(four)
    assert set(result.violations["rule"]) == {"Days per week by contract", "Weekly paid hours"}
    assert set(result.violations["agent_id"]) == {"A1"}
    assert set(result.violations["date"]) == {WEEK}
    days = result.violations[result.violations["rule"] == "Days per week by contract"]
    assert "works 4 days" in days["detail"].iloc[0] and "allows 5 to 5" in days["detail"].iloc[0]
    # a whole day of leave credits one day and 44/5 hours: 4 days and 32 h >= 36 - 8.8 are fine
    leave = pd.DataFrame(
        {
            "agent_id": ["A1"],
            "start": [WEEK + pd.Timedelta(days=4)],
            "end": [WEEK + pd.Timedelta(days=5)],
        }
    )
    credited = check(four, time_off=leave)
    assert credited.ok, credited.violations.to_string()
    assert int(credited.paid_hours.set_index("agent_id").loc["A1", "leave_days"]) == 1


def test_too_many_days() -> None:
    roster = pd.concat(
        [valid_roster(), shift("A1", 5, "08:00", plan(4, "phone"))], ignore_index=True
    )
    result = check(roster)
    # 6 days, 44 paid hours: days broken, hours at the maximum
    assert_only(result, "Days per week by contract", "A1", 0)


def test_agent_without_shifts_breaks_weekly_minimums() -> None:
    roster = valid_roster()
    result = check(roster[roster["agent_id"] != "A2"])
    assert set(result.violations["rule"]) == {"Days per week by contract", "Weekly paid hours"}
    assert set(result.violations["agent_id"]) == {"A2"}


def test_weekly_paid_hours_above_maximum() -> None:
    roster = pd.concat(
        [valid_roster()[lambda r: r["agent_id"] == "A1"]]
        + [shift("A2", day, "09:00", plan(9)) for day in range(4)],
        ignore_index=True,
    )
    result = check(roster)
    # 4 x 8 paid hours = 32 > 30
    assert_only(result, "Weekly paid hours", "A2", 0)
    assert "32 paid hours" in result.violations["detail"].iloc[0]


def test_pinned_shifts() -> None:
    pins = pd.DataFrame(
        {
            "agent_id": ["A2", "A1"],
            "date": [WEEK, WEEK + pd.Timedelta(days=1)],
            "start": [WEEK + pd.Timedelta(hours=9), WEEK + pd.Timedelta(days=1, hours=8)],
            "end": [WEEK + pd.Timedelta(hours=13), WEEK + pd.Timedelta(days=1, hours=17)],
        }
    )
    assert check(valid_roster(), pins=pins).ok
    moved = replace_shift(valid_roster(), "A2", 0, shift("A2", 0, "10:00", plan(4)))
    result = check(moved, pins=pins)
    assert_only(result, "Pinned shifts kept", "A2", 0)
    assert "was changed to 10:00-14:00" in result.violations["detail"].iloc[0]
    gone = valid_roster()
    gone = gone[~((gone["agent_id"] == "A2") & (gone["date"] == WEEK))]
    gone = pd.concat([gone, shift("A2", 4, "09:00", plan(4))], ignore_index=True)
    result = check(gone, pins=pins)
    assert_only(result, "Pinned shifts kept", "A2", 0)
    assert "is missing" in result.violations["detail"].iloc[0]


# ------------------------------------------------------------------------------ coverage, cost


def test_coverage_and_cost_recomputed_exactly() -> None:
    # A1: chat 08:00-09:15 then phone 09:15-10:00; A2: chat 08:30-09:30
    a1 = shift(
        "A1",
        0,
        "08:00",
        [(75, "work", "chat", "standard"), (45, "work", "phone", "standard")],
    )
    a2 = shift("A2", 0, "08:30", [(60, "work", "chat", "standard")])
    roster = pd.concat([a1, a2], ignore_index=True)
    grid = pd.date_range(WEEK + pd.Timedelta(hours=8), periods=6, freq="15min")
    requirements = pd.DataFrame(
        {
            "interval_start": list(grid) * 2,
            "channel": ["chat"] * 6 + ["phone"] * 6,
            "vip_level": ["standard"] * 12,
            "required_agents": [1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 0, 1],
            "min_tier": 1,
        }
    )
    result = check(roster, requirements=requirements)
    coverage = result.coverage
    assert coverage is not None
    chat = coverage[coverage["channel"] == "chat"]
    assert list(chat["scheduled"]) == [1, 1, 2, 2, 2, 1]  # 08:00 .. 09:15
    assert list(chat["shortfall"]) == [0, 0, 0, 0, 0, 1]
    phone = coverage[coverage["channel"] == "phone"]
    assert list(phone["scheduled"]) == [0, 0, 0, 0, 0, 1]
    assert list(coverage.columns) == [
        "interval_start",
        "channel",
        "vip_level",
        "required",
        "scheduled",
        "shortfall",
    ]
    # paid: A1 2 h x 30 + A2 1 h x 20
    assert result.cost == pytest.approx(80.0)
    hours = result.paid_hours.set_index("agent_id")["paid_hours"]
    assert hours.to_dict() == {"A1": 2.0, "A2": 1.0}


def test_work_where_the_requirements_have_no_row_is_covered_with_zero_required() -> None:
    """The forecast left 08:45 and 09:00 out (no contacts): the work there still shows, as
    required 0, so coverage holds every hour worked inside the requirements' span."""
    roster = shift("A2", 0, "08:30", [(60, "work", "chat", "standard")])
    times = [WEEK + pd.Timedelta(hours=h) for h in (8.5, 9.25)]
    requirements = pd.DataFrame(
        {"interval_start": times, "channel": "chat", "vip_level": "standard", "required_agents": 1}
    )
    coverage = check(roster, requirements=requirements).coverage
    assert coverage is not None
    assert list(coverage["interval_start"].dt.strftime("%H:%M")) == [
        "08:30",
        "08:45",
        "09:00",
        "09:15",
    ]
    assert list(coverage["required"]) == [1, 0, 0, 1]
    assert list(coverage["scheduled"]) == [1, 1, 1, 1]


def test_partial_interval_does_not_count() -> None:
    a3 = shift("A3", 0, "08:00", [(240, "work", "chat", "standard")])
    a3["start"] += pd.Timedelta(minutes=5)  # 08:05-12:00: off grid, 08:00 only partly covered
    requirements = pd.DataFrame(
        {
            "interval_start": [WEEK + pd.Timedelta(hours=8), WEEK + pd.Timedelta(hours=8.25)],
            "channel": "chat",
            "vip_level": "standard",
            "required_agents": 1,
        }
    )
    coverage = check(a3, (FLEX,), requirements=requirements).coverage
    assert coverage is not None
    assert list(coverage["scheduled"]) == [0, 1]


def test_cost_subtracts_only_unpaid_breaks() -> None:
    result = check(valid_roster())
    # A1: 5 x (9 h - 1 h lunch) x 30; A2: 2 x 4 h x 20 (the 15-minute break is paid)
    assert result.cost == pytest.approx(5 * 8 * 30 + 2 * 4 * 20)
    assert result.paid_hours["paid_hours"].sum() == pytest.approx(48.0)


# ------------------------------------------------------------------------------ input, errors


def test_unknown_agent_and_missing_columns_are_input_errors() -> None:
    roster = valid_roster()
    with pytest.raises(StaffingInputError, match=r"not in agents\.csv"):
        check(roster.assign(agent_id="Z9"))
    with pytest.raises(StaffingInputError, match="'activity' is missing"):
        check(roster.drop(columns="activity"))
    with pytest.raises(StaffingInputError, match="does not define"):
        check(roster, (*AGENTS, agent("A9", contract="zero_hours")))


def test_raise_if_invalid_names_the_violation() -> None:
    roster = replace_shift(valid_roster(), "A2", 2, shift("A2", 2, "09:15", plan(4)))
    result = check(roster)
    with pytest.raises(RosterRuleError, match="Allowed start time: agent A2 on 2026-11-11") as info:
        result.raise_if_invalid()
    assert info.value.check is result
    assert "INVALID: 1 rule violations" in result.summary()


# ------------------------------------------------------------------------------ properties


@st.composite
def random_valid_rosters(draw: st.DrawFn) -> tuple[pd.DataFrame, tuple[Agent, ...]]:
    """Flex agents with one queue per half shift, starts 08:00-10:00 (rest >= 13 h)."""
    n_agents = draw(st.integers(1, 3))
    agents = tuple(
        agent(f"F{i}", contract="flex", min_hours_week=0.0, max_hours_week=80.0, tier=1)
        for i in range(n_agents)
    )
    queues = [("chat", "standard"), ("chat", "vip"), ("phone", "standard")]
    parts = []
    for a in agents:
        days = draw(st.sets(st.integers(0, 6), max_size=6))
        for day in sorted(days):
            length = draw(st.sampled_from([4, 6, 8, 9]))
            start = draw(st.sampled_from(["08:00", "08:30", "09:00", "09:30", "10:00"]))
            before = draw(st.sampled_from(queues))
            after = draw(st.sampled_from(queues))
            break_at = draw(st.sampled_from([90, 105, 120, 165, 180]))
            segments: list[Segment] = [(break_at, "work", *before), (15, "break", "", "")]
            if length >= 8:
                lunch_at = draw(st.sampled_from([240, 270, 300]))
                segments += [
                    (lunch_at - break_at - 15, "work", *before),
                    (60, "lunch", "", ""),
                    (length * 60 - lunch_at - 60, "work", *after),
                ]
            else:
                segments.append((length * 60 - break_at - 15, "work", *before))
            parts.append(shift(a.agent_id, day, start, segments))
    if not parts:
        parts.append(shift(agents[0].agent_id, 0, "08:00", plan(4)))
    return pd.concat(parts, ignore_index=True), agents


@settings(max_examples=15, deadline=None)
@given(random_valid_rosters())
def test_generated_valid_rosters_pass(case: tuple[pd.DataFrame, tuple[Agent, ...]]) -> None:
    roster, agents = case
    result = check(roster, agents)
    assert result.ok, result.violations.to_string()


@settings(max_examples=15, deadline=None)
@given(random_valid_rosters(), st.integers(0, 10_000), st.booleans())
def test_losing_a_break_is_always_caught(
    case: tuple[pd.DataFrame, tuple[Agent, ...]], pick: int, replace_with_work: bool
) -> None:
    roster, agents = case
    pauses = roster.index[roster["activity"] != "work"]
    row = pauses[pick % len(pauses)]
    if replace_with_work:
        changed = roster.copy()
        previous = changed.loc[row - 1]
        changed.loc[row, ["activity", "channel", "vip_level"]] = [
            "work",
            previous["channel"],
            previous["vip_level"],
        ]
    else:
        changed = roster.drop(index=row)
    result = check(changed, agents)
    broken = result.violations[result.violations["rule"] == "Breaks and lunch"]
    assert not broken.empty
    assert (broken["agent_id"] == roster.loc[row, "agent_id"]).any()


@settings(max_examples=10, deadline=None)
@given(random_valid_rosters(), st.integers(0, 10_000))
def test_moving_a_shift_by_15_minutes_is_caught(
    case: tuple[pd.DataFrame, tuple[Agent, ...]], pick: int
) -> None:
    roster, agents = case
    keys = roster[["agent_id", "date"]].drop_duplicates()
    agent_id, date = keys.iloc[pick % len(keys)]
    mask = (roster["agent_id"] == agent_id) & (roster["date"] == date)
    moved = roster.copy()
    moved.loc[mask, ["start", "end"]] += pd.Timedelta(minutes=15)
    result = check(moved, agents)
    assert "Allowed start time" in set(result.violations["rule"])


# ------------------------------------------------------------------------------ CLI


def _write_inputs(folder: Path, roster: pd.DataFrame) -> list[str]:
    (folder / "agents.csv").write_text(
        "agent_id,name,tier,channels,vip_levels,contract,min_hours_week,max_hours_week,"
        "hourly_cost\n"
        "A1,A1,2,phone;chat,standard;vip,full_time,36,44,30\n"
        "A2,A2,1,chat,standard,part_time,8,30,20\n",
        encoding="utf-8",
    )
    (folder / "rules.toml").write_text(
        """
min_block_minutes = 60
[shifts]
lengths_h = [4, 6, 8, 9]
[[breaks]]
name = "break"
minutes = 15
paid = true
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
[contracts.part_time]
days_per_week = [2, 5]
[opening_hours]
phone = ["08:00", "24:00"]
""",
        encoding="utf-8",
    )
    write_roster(folder / "roster.csv", roster)
    return [
        "check",
        "--roster",
        str(folder / "roster.csv"),
        "--agents",
        str(folder / "agents.csv"),
        "--rules",
        str(folder / "rules.toml"),
        "--report",
        str(folder / "report.json"),
    ]


def test_cli_valid_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write_inputs(tmp_path, valid_roster())
    assert main(args) == 0
    assert "Valid" in capsys.readouterr().out
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["valid"] is True and report["cost"] == pytest.approx(1360.0)


def test_cli_broken_rules_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = replace_shift(valid_roster(), "A2", 2, shift("A2", 2, "09:15", plan(4)))
    args = _write_inputs(tmp_path, roster)
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "Allowed start time: agent A2 on 2026-11-11" in out
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["violations_per_rule"] == {"Allowed start time": 1}


def test_cli_bad_input_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write_inputs(tmp_path, valid_roster())
    (tmp_path / "agents.csv").write_text("agent_id,name\nA1,x\n", encoding="utf-8")
    assert main(args) == 2
    assert "agents.csv" in capsys.readouterr().err
    assert not (tmp_path / "report.json").exists()


def test_cli_names_the_files_of_a_roster_that_cannot_be_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An agent missing from agents.csv is named with the roster file and its first row; a
    previous roster with rows inside the checked week is refused, not silently cut."""
    roster = valid_roster()
    args = _write_inputs(tmp_path, roster)
    assert main([*args, "--previous", args[2]]) == 2
    err = capsys.readouterr().err
    assert f"{args[2]}: {len(roster)} rows are dated on or after the checked week's" in err
    stranger = roster.replace({"agent_id": {"A2": "A9"}})
    args = _write_inputs(tmp_path, stranger)
    first = int(pd.read_csv(args[2])["agent_id"].eq("A9").idxmax()) + 2
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{args[2]}, row {first}, column 'agent_id' (value 'A9'): agent 'A9' is not in" in err


def test_requirements_past_the_week_do_not_add_a_week() -> None:
    grid = pd.date_range(WEEK + pd.Timedelta(days=7), periods=8, freq="15min")
    spill = pd.DataFrame(
        {"interval_start": grid, "channel": "chat", "vip_level": "standard", "required_agents": 1}
    )
    result = check(valid_roster(), requirements=spill)
    assert result.ok, result.violations.to_string()
    assert result.n_weeks == 1
