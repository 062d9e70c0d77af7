"""agents.csv and time_off.csv readers: every bad row reported with row, column and fix."""

from __future__ import annotations

import pandas as pd
import pytest

from staffing.agents import (
    agents_frame,
    leave_days,
    read_agents,
    read_preferences,
    read_time_off,
)
from staffing.errors import StaffingInputError
from staffing.rules import parse_rules

HEADER = (
    "agent_id,name,tier,channels,vip_levels,contract,min_hours_week,max_hours_week,hourly_cost\n"
)
RULES = parse_rules({"contracts": {"full_time": {"days_per_week": [5, 5]}}})


def test_good_file_round_trips_through_a_frame() -> None:
    data = (
        HEADER + "A1,Li,2,phone;chat,standard;vip,full_time,36,44,38.5\n"
        "A2,Wang,1,chat,standard,full_time,36,40,30\n"
    ).encode()
    agents = read_agents(
        data, rules=RULES, channels=["phone", "chat"], vip_levels=["standard", "vip"]
    )
    assert [a.agent_id for a in agents] == ["A1", "A2"]
    assert agents[0].can_serve("phone", "vip", 2)
    assert not agents[1].can_serve("phone", "standard", 1)
    assert not agents[0].can_serve("chat", "vip", 3)
    frame = agents_frame(agents)
    assert frame.loc[0, "channels"] == "phone;chat"


def test_bad_agents_are_all_reported() -> None:
    data = (
        HEADER
        + "A1,Li,4,phone,standard,full_time,36,44,38.5\n"
        + "A1,Li,2,,standard,full_time,36,44,38.5\n"
        + "A3,Li,2,phone;fax,standard,night_owl,50,44,38.5\n"
        + "A4,Li,2,phone,gold,full_time,36,44,x\n"
    ).encode()
    with pytest.raises(StaffingInputError) as info:
        read_agents(
            data, rules=RULES, channels=["phone"], vip_levels=["standard"], name="agents.csv"
        )
    report = info.value.report()
    assert "agents.csv, row 2, column 'tier'" in report
    assert "duplicate of row 2" in report
    assert "agent has no channel" in report
    assert "unknown channel 'fax'" in report
    assert "unknown contract" in report
    assert "min_hours_week 50 is above max_hours_week 44" in report
    assert "unknown VIP level 'gold'" in report
    assert "hourly_cost is not a number" in report


def test_time_off_checks_agents_and_order() -> None:
    data = (
        b"agent_id,start,end\nA1,2026-11-09 00:00:00,2026-11-11 00:00:00\n"
        b"A9,2026-11-09 00:00:00,2026-11-10 00:00:00\n"
        b"A1,2026-11-12 10:00:00,2026-11-12 09:00:00\n"
    )
    with pytest.raises(StaffingInputError) as info:
        read_time_off(data, agent_ids=["A1"], name="time_off.csv")
    report = info.value.report()
    assert "row 3, column 'agent_id' (value 'A9'): unknown agent" in report
    assert "row 4, column 'end'" in report and "not after start" in report
    good = read_time_off(data.split(b"\n", 2)[0] + b"\n" + data.split(b"\n")[1] + b"\n")
    assert good["start"].dtype == "datetime64[ns]"
    assert leave_days(good, "A1", pd.Timestamp("2026-11-09")) == 2


def test_preferences_check_agents_dates_kinds_and_repeats() -> None:
    data = (
        b"agent_id,date,preference\nA1,2026-11-09,off\nA9,2026-11-10,early\n"
        b"A1,2026-11-11 08:00:00,late\nA1,2026-11-12,nap\nA1,2026-11-09,late\n"
    )
    with pytest.raises(StaffingInputError) as info:
        read_preferences(data, agent_ids=["A1"], name="preferences.csv")
    report = info.value.report()
    assert "row 3, column 'agent_id' (value 'A9'): unknown agent" in report
    assert "row 4, column 'date'" in report and "not a whole date" in report
    assert "row 5, column 'preference' (value 'nap'): unknown preference" in report
    assert "row 6" in report and "duplicate of row 2" in report
    good = read_preferences(b"agent_id,date,preference\nA1,2026-11-09,off\n", agent_ids=["A1"])
    assert good["date"].dtype == "datetime64[ns]" and list(good["preference"]) == ["off"]
