"""rules.toml: the sample template parses; every kind of bad rule is reported at once."""

from __future__ import annotations

from importlib import resources

import pytest

from staffing.errors import StaffingInputError
from staffing.rules import parse_rules, read_rules


def template_bytes() -> bytes:
    return resources.files("staffing.templates").joinpath("rules.toml").read_bytes()


def test_template_reads_into_rules() -> None:
    rules = read_rules(template_bytes(), name="rules.toml")
    assert rules.interval_minutes == 15
    assert rules.shifts.lengths_minutes() == (240, 360, 480, 540)
    assert rules.shifts.start_minutes()[-1] == 23 * 60
    assert [b.name for b in rules.breaks_for(480)] == ["break", "lunch"]
    assert rules.paid_minutes(540) == 480
    assert rules.contracts["full_time"].min_days_per_week == 5
    assert not rules.is_open("email", 8 * 60) and rules.is_open("email", 9 * 60)
    assert rules.is_open("chat", 3 * 60)
    assert rules.shortfall_weight("vip") > rules.shortfall_weight("standard")


def problems_of(data: dict) -> str:
    with pytest.raises(StaffingInputError) as info:
        parse_rules(data)
    return info.value.report()


def test_every_problem_is_reported_together() -> None:
    report = problems_of(
        {
            "interval_minutes": 15,
            "min_rest": 11,
            "shifts": {"lengths_h": [8]},
            "min_block_minutes": 50,
            "breaks": [
                {
                    "name": "lunch",
                    "minutes": 60,
                    "min_shift_h": 8,
                    "window_after_start_h": [3, 7.5],
                },
            ],
            "contracts": {"full_time": {"days_per_week": [6, 5]}},
            "opening_hours": {"phone": ["20:00", "08:00"]},
        }
    )
    assert "4 problems found" in report or "5 problems found" in report
    assert "'min_rest' is not a known key" in report
    assert "multiple of 15" in report
    assert "does not fit a 8 h shift" in report
    assert "days_per_week" in report
    assert "closes before it opens" in report


def test_malformed_toml_names_the_line() -> None:
    with pytest.raises(StaffingInputError, match="row 2"):
        read_rules(b"interval_minutes = 15\nmin_rest_h = = 3\n", name="rules.toml")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"interval_minutes": 20}, "must be 15, 30 or 60"),
        ({"shifts": {"earliest_start": "07:10"}}, "not on the 15-minute interval grid"),
        ({"min_block_minutes": 50}, "multiple of 15"),
        ({"shifts": {"start_step_minutes": 20}}, "multiple of 15"),
        ({"shifts": {"lengths_h": []}}, "non-empty list"),
        ({"shifts": {"lengths_h": [8.1]}}, "shift length is not on"),
        ({"max_consecutive_days": 9}, "at most 7"),
        (
            {"breaks": [{"name": "break", "minutes": 15, "window_after_start_h": [2, 1]}]},
            "earliest",
        ),
        (
            {"breaks": [{"name": "coffee", "minutes": 15, "window_after_start_h": [1, 2]}]},
            "must be 'break' or 'lunch' (the break activities of roster.csv)",
        ),
        ({"opening_hours": {"phone": ["8am", "24:00"]}}, "HH:MM"),
        ({"shortfall_weights": {"vip": "high"}}, "must be a number"),
        ({"min_rest_h": float("inf")}, "must be a number"),
    ],
)
def test_single_bad_rule(data: dict, fragment: str) -> None:
    assert fragment in problems_of(data)
