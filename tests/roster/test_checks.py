"""Up-front checks: contradictions between the weekly rules explained before any solving."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from staffing.roster.checks import RosterConflict, most_days, rest_run_limit
from staffing.roster.problem import RosterProblem
from staffing.roster.shifts import ShiftSpace

from .test_solve import agent, demand, hourly_starts, rules, solve, worked

WEEK = pd.concat([demand(f"2026-11-{9 + d:02d} 08:00", 4) for d in range(7)], ignore_index=True)


def full_timers(n: int) -> list:
    return [agent(f"A{i}", contract="full") for i in range(1, n + 1)]


@pytest.mark.parametrize(("in_a_row", "days"), [(1, 4), (2, 5), (3, 6), (6, 6), (7, 7)])
def test_most_days_in_a_week_with_a_limit_in_a_row(in_a_row: int, days: int) -> None:
    assert most_days(in_a_row) == days


def test_five_days_with_at_most_one_in_a_row_is_named_before_solving() -> None:
    started = time.monotonic()
    with pytest.raises(RosterConflict) as info:
        solve(WEEK, full_timers(12), rules(max_consecutive_days=1))
    assert time.monotonic() - started < 2  # no solve: the check comes first
    (problem,) = info.value.problems
    assert (problem.file, problem.column, problem.value) == (
        "rules.toml",
        "max_consecutive_days",
        "1",
    )
    assert problem.message.startswith(
        "5 days in 7 cannot be worked with at most 1 day in a row (max_consecutive_days): "
        "that allows at most 4 working days in a 7-day week, but contract 'full' "
        "(contracts.full.days_per_week = [5, 5]) requires at least 5 for 12 agents "
        "(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10 ...)"
    )
    assert "raise max_consecutive_days to at least 2" in problem.fix
    assert "minimum days_per_week to 4" in problem.fix
    assert "pin" not in str(info.value)


def test_five_days_with_two_in_a_row_is_allowed() -> None:
    result = solve(WEEK, full_timers(1), rules(max_consecutive_days=2))
    assert result.roster["date"].nunique() == 5 and result.check.ok


def test_rest_that_ends_every_run_is_named() -> None:
    """Shifts of 9 h starting 08:00-09:00 with 17 h rest: no two days in a row."""
    strict = rules(min_rest_h=17, shifts=hourly_starts([9], "08:00", "09:00"))
    agents = [agent("A1", contract="full", max_h=45)]
    problem = RosterProblem.from_frames(requirements=WEEK, agents=agents, rules=strict)
    assert rest_run_limit(problem, ShiftSpace(problem)) == 1
    with pytest.raises(RosterConflict) as info:
        solve(WEEK, agents, strict)
    (problem_,) = info.value.problems
    assert problem_.column == "min_rest_h"
    assert "at most 1 day in a row (min_rest_h = 17" in problem_.message
    assert "lower min_rest_h" in problem_.fix


def test_a_run_carried_from_the_previous_roster_is_counted() -> None:
    """Worked Sat and Sun with at most 2 in a row: Monday is off, so 5 days need Tue-Sun
    with no 3 in a row, which is impossible."""
    weekend = worked(
        ("A1", "2026-11-07 08:00", "2026-11-07 12:00"),
        ("A1", "2026-11-08 08:00", "2026-11-08 12:00"),
    )
    tight = rules(max_consecutive_days=2)
    with pytest.raises(RosterConflict) as info:
        solve(WEEK, full_timers(1), tight, previous=weekend)
    (problem,) = info.value.problems
    assert problem.file == "agents.csv"
    assert problem.message.startswith(
        "Agent A1 can work at most 4 days this week with at most 2 days in a row "
        "(max_consecutive_days), the days they may work (time off, opening hours) and the "
        "previous roster's last 2 days in a row, but contract 'full' requires at least 5"
    )


def test_time_off_that_splits_the_week_is_counted() -> None:
    """Leave on Thursday's working hours (not a whole day, so the minimum stays 5) leaves
    Mon-Wed and Fri-Sun: with at most 2 days in a row only 4 of them can be worked."""
    leave = pd.DataFrame(
        {
            "agent_id": ["A1"],
            "start": [pd.Timestamp("2026-11-12 08:00")],
            "end": [pd.Timestamp("2026-11-12 17:00")],
        }
    )
    tight = rules(max_consecutive_days=2)
    with pytest.raises(RosterConflict, match=r"Agent A1 can work at most 4 days this week"):
        solve(WEEK, full_timers(1), tight, time_off=leave)


def test_min_hours_out_of_reach_in_a_row_is_named() -> None:
    """A flexible contract (0-5 days) but 20 paid hours from 4-hour shifts: 5 days, which
    at most 1 day in a row does not allow."""
    flexible = [agent("A1", min_h=20)]
    with pytest.raises(RosterConflict, match=r"A1 needs at least 20 paid hours.*at most 4 days"):
        solve(WEEK, flexible, rules(max_consecutive_days=1))


@pytest.mark.parametrize("core", ["found", "empty"])
def test_a_contradiction_found_while_solving_names_the_rules_and_no_pins_when_none(
    monkeypatch: pytest.MonkeyPatch, core: str
) -> None:
    """Without the up-front check the assignment model finds the contradiction itself; its
    explanation (or, with no core found, the generic fallback) names the rules in play and
    speaks of pins only when there are pins."""
    from ortools.sat.python import cp_model

    import staffing.roster.solve as solve_module

    monkeypatch.setattr(solve_module, "check_consecutive_days", lambda *args: None)
    if core == "empty":
        monkeypatch.setattr(
            cp_model.CpSolver, "sufficient_assumptions_for_infeasibility", lambda self: []
        )
    with pytest.raises(RosterConflict) as info:
        solve(WEEK, full_timers(2), rules(max_consecutive_days=1))
    text = str(info.value)
    assert "contracts.full.days_per_week" in text and "max_consecutive_days = 1" in text
    assert "pin" not in text
    if core == "empty":
        assert "the weekly rules of agents A1, A2" in text
    else:
        assert "rule 'max_consecutive_days'" in text
