"""Scenarios: spec validation, applying changes, running, comparing and sweeping."""

from __future__ import annotations

import dataclasses
import math
import sys

import numpy as np
import pandas as pd
import pytest

from staffing.agents import Agent
from staffing.errors import StaffingInputError
from staffing.queueing import ServiceTarget, minimal_agents
from staffing.roster.validate import check_roster
from staffing.rules import BreakRule, Contract, Rules
from staffing.scenarios import (
    BASE,
    COMPARISON_COLUMNS,
    AhtChange,
    PlanInputs,
    RunSettings,
    Scenario,
    Sweep,
    TargetChange,
    TempAgents,
    VolumeChange,
    apply_to_agents,
    apply_to_forecast,
    apply_to_targets,
    check_scenarios,
    parse_scenario_spec,
    read_scenario_spec,
    roster_figures,
    run_scenario,
    run_scenarios,
    run_sweep,
    spec_scenarios,
)
from staffing.simulate import SimQueue, SimTargets, SimulationConfig

T0 = pd.Timestamp("2026-11-10")
CONTRACTS = {
    name: Contract(name=name, min_days_per_week=0, max_days_per_week=7)
    for name in ("full_time", "temp")
}

SPEC = b"""
[[scenarios]]
name = "Double 11"
  [[scenarios.volume]]
  multiplier = 3.0
  start = "2026-11-11"
  end = "2026-11-12"
  [[scenarios.temps]]
  count = 2
  tier = 1
  channels = ["phone"]
  vip_levels = ["standard"]
  hourly_cost = 20
  contract = "temp"

[[scenarios]]
name = "slow calls"
shrinkage = 0.3
overtime_h_per_agent = 4
  [[scenarios.aht]]
  multiplier = 1.2
  channel = "phone"
  [[scenarios.bot_deflection]]
  channel = "chat"
  share = 0.25

[sweep]
parameter = "service_level"
values = [0.7, 0.8, 0.9]
"""


# ----------------------------------------------------------------- reading specs


def test_read_spec_and_expand_sweep() -> None:
    spec = read_scenario_spec(SPEC, name="s.toml")
    d11, slow = spec.scenarios
    assert d11.volume == (
        VolumeChange(
            multiplier=3.0, start=pd.Timestamp("2026-11-11"), end=pd.Timestamp("2026-11-12")
        ),
    )
    assert d11.temps[0].count == 2 and d11.temps[0].channels == ("phone",)
    assert slow.shrinkage == 0.3 and slow.overtime_h_per_agent == 4
    assert slow.aht == (AhtChange(multiplier=1.2, channel="phone"),)
    names = [s.name for s in spec_scenarios(spec)]
    assert names == [
        "base",
        "Double 11",
        "slow calls",
        "base: service_level = 0.7",
        "base: service_level = 0.8",
        "base: service_level = 0.9",
    ]


def test_spec_refuses_a_service_level_of_one_and_shrinkage_above_a_half() -> None:
    bad = b"""
[[scenarios]]
name = "perfect"
shrinkage = 0.9
  [[scenarios.targets]]
  service_level = 1.0
[sweep]
parameter = "service_level"
values = [0.9, 1.0]
"""
    with pytest.raises(StaffingInputError) as err:
        read_scenario_spec(bad, name="bad.toml")
    text = str(err.value)
    assert "'shrinkage' must be >= 0 and <= 0.5" in text
    assert "'service_level' must be below 1: 100% within a finite answer time" in text
    assert "service levels must be in (0, 1)" in text


def test_spec_reports_every_problem_with_where_and_fix() -> None:
    bad = b"""
[[scenarios]]
name = "x"
shrinkage = 1.5
colour = "red"
  [[scenarios.volume]]
  multiplier = -1
  event = "Double 11"
  start = "2026-11-11"
[[scenarios]]
name = "x"
  [[scenarios.temps]]
  count = 2.5
  tier = 4
  channels = "phone"
  vip_levels = []
  hourly_cost = 20
[sweep]
parameter = "colour"
values = []
"""
    with pytest.raises(StaffingInputError) as err:
        read_scenario_spec(bad, name="bad.toml")
    text = str(err.value)
    for expected in [
        "bad.toml",
        "scenario 'x': 'shrinkage' must be >= 0 and <= 0.5",
        "unknown key 'colour'",
        "volume change 1: 'multiplier' must be >= 0",
        "either 'event' or 'start'/'end'",
        "the name is used more than once",
        "'count' must be a whole number",
        "'tier' must be >= 1 and <= 3",
        "'vip_levels' must be a list of names",
        "'contract' is required",
        "unknown parameter 'colour'",
        "'values' must be a non-empty list",
    ]:
        assert expected in text, expected
    assert len(err.value.problems) >= 11
    for sweep, words in (
        (
            'parameter = "volume"\nvalues = [1.0, inf]',
            "'values' must be a non-empty list of finite",
        ),
        ('parameter = "volume"\nvalues = [1.2, 1.2]', "'values' repeat a value"),
        ('parameter = "temps"\nvalues = [0, 10]', "a temps sweep varies the temps of its base"),
    ):
        with pytest.raises(StaffingInputError, match=words):
            read_scenario_spec(f"[sweep]\n{sweep}\n".encode(), name="sweep.toml")


def test_spec_syntax_error_and_empty_spec() -> None:
    with pytest.raises(StaffingInputError, match="row 2"):
        read_scenario_spec(b"[[scenarios]]\nname = \n", name="s.toml")
    with pytest.raises(StaffingInputError, match="no scenario and no sweep"):
        parse_scenario_spec({})


# ----------------------------------------------------------------- applying changes


def small_forecast(days: int = 2, volume: float = 20.0) -> pd.DataFrame:
    grid = pd.date_range(T0, periods=days * 96, freq="15min")
    parts = []
    for channel, aht in (("phone", 180.0), ("chat", 300.0)):
        parts.append(
            pd.DataFrame(
                {
                    "interval_start": grid,
                    "channel": channel,
                    "vip_level": "standard",
                    "volume": volume,
                    "volume_p10": volume * 0.8,
                    "volume_p90": volume * 1.2,
                    "aht_s": aht,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def sim_targets() -> SimTargets:
    return SimTargets(
        queues=(
            SimQueue(
                channel="phone",
                vip_level="standard",
                model="erlang_a",
                service_level=0.8,
                answer_within_s=20,
                patience_s=180,
            ),
            SimQueue(
                channel="chat",
                vip_level="standard",
                model="chat",
                service_level=0.9,
                answer_within_s=30,
                patience_s=300,
                concurrency=3,
            ),
        )
    )


def test_apply_to_forecast_by_channel_dates_event_and_aht() -> None:
    forecast = small_forecast()
    events = pd.DataFrame(
        {
            "name": ["Double 11"],
            "start": [pd.Timestamp("2026-11-11")],
            "end": [pd.Timestamp("2026-11-12")],
        }
    )
    scenario = Scenario(
        name="s",
        volume=(
            VolumeChange(multiplier=3, event="Double 11"),
            VolumeChange(multiplier=2, channel="chat"),
        ),
        aht=(AhtChange(multiplier=1.5, channel="phone"),),
    )
    out = apply_to_forecast(forecast, scenario, events)
    day = pd.to_datetime(out["interval_start"]).dt.day
    chat = out["channel"] == "chat"
    assert set(out.loc[~chat & (day == 10), "volume"]) == {20.0}
    assert set(out.loc[~chat & (day == 11), "volume"]) == {60.0}
    assert set(out.loc[chat & (day == 11), "volume_p90"]) == {144.0}
    assert set(out.loc[~chat, "aht_s"]) == {270.0} and set(out.loc[chat, "aht_s"]) == {300.0}
    assert forecast["volume"].eq(20.0).all()  # the caller's frame is unchanged
    with pytest.raises(StaffingInputError, match=r"event 'Spring' is not in events\.csv"):
        apply_to_forecast(
            forecast,
            Scenario(name="s", volume=(VolumeChange(multiplier=2, event="Spring"),)),
            events,
        )


def test_apply_to_targets_and_agents() -> None:
    targets = sim_targets()
    changed = apply_to_targets(
        targets,
        Scenario(
            name="s",
            targets=(TargetChange(channel="phone", service_level=0.95, answer_within_s=10),),
        ),
    )
    phone, chat = changed.queues
    assert (phone.service_level, phone.answer_within_s) == (0.95, 10)
    assert chat == targets.queues[1]

    agents = (base_agent("A1"),)
    scenario = Scenario(
        name="s",
        overtime_h_per_agent=4,
        temps=(
            TempAgents(
                count=3,
                tier=1,
                channels=("chat",),
                vip_levels=("standard",),
                hourly_cost=18,
                contract="temp",
                id_prefix="T",
            ),
        ),
    )
    out = apply_to_agents(agents, scenario)
    assert [a.agent_id for a in out] == ["A1", "T001", "T002", "T003"]
    assert out[0].max_hours_week == 44 and out[1].hourly_cost == 18
    with pytest.raises(StaffingInputError, match="already an agent"):
        apply_to_agents((base_agent("T001"),), scenario)


def base_agent(agent_id: str, cost: float = 30.0) -> Agent:
    return Agent(
        agent_id=agent_id,
        name=agent_id,
        tier=2,
        channels=("phone", "chat"),
        vip_levels=("standard",),
        contract="full_time",
        min_hours_week=0,
        max_hours_week=40,
        hourly_cost=cost,
    )


def test_roster_figures_are_the_validators_plus_a_weekly_overtime_premium() -> None:
    rules = Rules(
        breaks=(
            BreakRule(
                name="lunch", minutes=60, paid=False, min_shift_h=8, window_after_start_h=(3, 5)
            ),
        ),
        contracts=CONTRACTS,
    )
    rows = []
    # A1: 9-hour shifts with an unpaid lunch (8 paid hours) on two days of one week.
    days = (pd.Timestamp("2026-11-10"), pd.Timestamp("2026-11-11"))
    for day in days:
        for start_h, end_h, activity in ((8, 12, "work"), (12, 13, "lunch"), (13, 17, "work")):
            rows.append(
                {
                    "agent_id": "A1",
                    "date": day,
                    "start": day + pd.Timedelta(hours=start_h),
                    "end": day + pd.Timedelta(hours=end_h),
                    "activity": activity,
                    "channel": "phone" if activity == "work" else "",
                    "vip_level": "standard" if activity == "work" else "",
                }
            )
    roster = pd.DataFrame(rows)
    # Two agents wanted 08:00-10:00 on the first day: one is missing for 2 hours.
    requirements = pd.DataFrame(
        {
            "interval_start": pd.date_range(f"{days[0]:%Y-%m-%d} 08:00", periods=8, freq="15min"),
            "channel": "phone",
            "vip_level": "standard",
            "required_agents": 2,
        }
    )
    agents = [base_agent("A1", 10.0), base_agent("A2", 99.0)]
    figures = roster_figures(
        roster,
        agents=agents,
        rules=rules,
        requirements=requirements,
        base_max_hours={"A1": 12.0},
        overtime_cost_multiplier=1.5,
    )
    check = check_roster(roster, agents=agents, rules=rules, requirements=requirements)
    assert figures.paid_h == 16.0
    assert figures.overtime_cost == pytest.approx((16 - 12) * 10 * 0.5)
    assert figures.cost == pytest.approx(check.cost + figures.overtime_cost)
    assert check.cost == pytest.approx(160.0)
    assert figures.shortfall_agent_h == 2.0
    assert figures.n_rule_violations == len(check.violations)


# ----------------------------------------------------------------- running (test stages)


def erlang_requirements(forecast: pd.DataFrame, targets, rules=None) -> pd.DataFrame:
    """A small requirements stage for the tests: minimal agents per interval (no shrinkage)."""
    shrinkage = getattr(targets, "shrinkage", 0.0)
    parts = []
    for q in targets.queues:
        f = forecast[(forecast["channel"] == q.channel) & (forecast["vip_level"] == q.vip_level)]
        load = f["volume"].to_numpy(float) * f["aht_s"].to_numpy(float) / 900 / q.concurrency
        n = minimal_agents(
            load,
            aht_s=f["aht_s"].to_numpy(float),
            target=ServiceTarget(service_level=q.service_level, answer_within_s=q.answer_within_s),
        ).agents
        parts.append(
            pd.DataFrame(
                {
                    "interval_start": f["interval_start"].to_numpy(),
                    "channel": q.channel,
                    "vip_level": q.vip_level,
                    "required_agents": np.ceil(n / (1 - shrinkage)).astype(int),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def slot_roster(requirements, agents, rules, time_off, time_limit_s, preferences) -> pd.DataFrame:
    """A roster stage for the tests: agent k of a queue works wherever k agents are needed,
    taking agent ids (and so their cost) in the order given."""
    rows = []
    ids = iter([a.agent_id for a in agents])
    for (channel, level), r in requirements.groupby(["channel", "vip_level"]):
        r = r.sort_values("interval_start")
        need = r["required_agents"].to_numpy()
        times = pd.to_datetime(r["interval_start"]).to_numpy()
        for k in range(1, int(need.max()) + 1):
            agent_id = next(ids)
            on = np.diff(np.r_[0, (need >= k).astype(int), 0])
            for s, e in zip(np.flatnonzero(on == 1), np.flatnonzero(on == -1), strict=True):
                start = pd.Timestamp(times[s])
                rows.append(
                    {
                        "agent_id": agent_id,
                        "date": start.normalize(),
                        "start": start,
                        "end": start + pd.Timedelta(minutes=15 * (e - s)),
                        "activity": "work",
                        "channel": channel,
                        "vip_level": level,
                    }
                )
    return pd.DataFrame(rows)


def plan_inputs(n_agents: int = 80) -> PlanInputs:
    return PlanInputs(
        forecast=small_forecast(days=1),
        targets=sim_targets(),
        agents=tuple(base_agent(f"A{i:03d}") for i in range(n_agents)),
        rules=Rules(contracts=CONTRACTS),
    )


SETTINGS = RunSettings(
    simulation=SimulationConfig(replications=2, seed=1),
    requirements_stage=erlang_requirements,
    roster_stage=slot_roster,
)


def test_run_scenario_reports_cost_shortfall_and_service() -> None:
    inputs = plan_inputs()
    base = run_scenario(inputs, BASE, SETTINGS)
    assert base.shortfall_agent_h == 0
    assert base.cost == pytest.approx(base.paid_h * 30.0)
    assert base.required_agent_h == pytest.approx(base.paid_h)
    row = base.summary()
    assert row["service_level"] > 0.8 and row["queues_below_target"] == 0

    # More volume on the same roster: shortfall appears and service drops.
    peak = Scenario(name="peak", volume=(VolumeChange(multiplier=1.6),), reroster=False)
    kept = run_scenario(PlanInputs(**{**inputs.__dict__, "roster": base.roster}), peak, SETTINGS)
    assert kept.shortfall_agent_h > 0
    assert kept.cost == pytest.approx(base.cost)
    assert kept.summary()["service_level"] < row["service_level"] - 0.1


def test_scenario_shrinkage_is_scheduled_and_then_simulated_as_absence() -> None:
    inputs = plan_inputs(120)
    base = run_scenario(inputs, BASE, SETTINGS)
    absent = run_scenario(inputs, Scenario(name="absent", shrinkage=0.25), SETTINGS)
    assert base.simulation.absence_rate == 0 and absent.simulation.absence_rate == 0.25
    assert absent.required_agent_h > base.required_agent_h / 0.75 - 1e-9  # ceil per interval
    assert absent.shortfall_agent_h == 0  # scheduled agents meet the requirement
    row = absent.summary()
    assert row["absence_rate"] == 0.25
    assert row["staffed_share"] == pytest.approx(0.75, abs=0.05)
    # The extra scheduled agents are taken away again: no free surplus of service.
    assert row["service_level"] < 0.99


def test_comparison_columns_are_documented() -> None:
    table = run_scenarios(plan_inputs(), [BASE], SETTINGS, backend="serial").table
    queues = [f"sl_{q.channel}_{q.vip_level}" for q in sim_targets().queues]
    assert sorted(table.columns) == sorted([*COMPARISON_COLUMNS, *queues])
    assert list(table.columns[: len(COMPARISON_COLUMNS)]) == list(COMPARISON_COLUMNS)


def test_run_scenarios_side_by_side_in_a_process_pool() -> None:
    inputs = plan_inputs()
    scenarios = [BASE, Scenario(name="double", volume=(VolumeChange(multiplier=2.0),))]
    comparison = run_scenarios(inputs, scenarios, SETTINGS, backend="process", max_workers=2)
    table = comparison.table.set_index("scenario")
    assert list(table.index) == ["base", "double"]
    assert table.loc["double", "cost"] > 1.5 * table.loc["base", "cost"]
    assert table.loc["double", "volume"] == pytest.approx(2 * table.loc["base", "volume"])
    serial = run_scenarios(inputs, scenarios, SETTINGS, backend="serial")
    pd.testing.assert_frame_equal(
        serial.table.drop(columns="seconds"), comparison.table.drop(columns="seconds")
    )


def test_service_level_sweep_gives_a_rising_cost_curve() -> None:
    sweep = Sweep(parameter="service_level", values=(0.7, 0.8, 0.9, 0.95))
    curve = run_sweep(plan_inputs(120), sweep, SETTINGS, backend="serial").table
    assert curve["value"].tolist() == [0.7, 0.8, 0.9, 0.95]
    assert curve["cost"].is_monotonic_increasing
    assert curve["cost"].iloc[-1] > curve["cost"].iloc[0]
    assert curve["sl_phone_standard"].iloc[-1] > curve["sl_phone_standard"].iloc[0]


def test_keeping_the_roster_needs_one_and_forbids_temps() -> None:
    scenario = Scenario(name="keep", reroster=False)
    with pytest.raises(StaffingInputError, match="no roster was given"):
        run_scenario(plan_inputs(), scenario, SETTINGS)
    with pytest.raises(StaffingInputError, match="temps would get no shifts"):
        run_scenario(
            PlanInputs(**{**plan_inputs().__dict__, "roster": pd.DataFrame()}),
            Scenario(
                name="k",
                reroster=False,
                temps=(
                    TempAgents(
                        count=1,
                        tier=1,
                        channels=("chat",),
                        vip_levels=("standard",),
                        hourly_cost=1,
                        contract="temp",
                    ),
                ),
            ),
            SETTINGS,
        )


def test_changes_that_cannot_apply_are_all_reported_before_any_scenario_runs() -> None:
    temps = TempAgents(
        count=1, tier=1, channels=("chat",), vip_levels=("standard",), hourly_cost=1, contract="gig"
    )
    scenarios = [
        BASE,
        Scenario(name="fax", volume=(VolumeChange(multiplier=2, channel="fax"),)),
        Scenario(name="sale", volume=(VolumeChange(multiplier=2, event="Black Friday"),)),
        Scenario(name="gig", temps=(temps,)),
        Scenario(name="keep", reroster=False),
    ]
    with pytest.raises(StaffingInputError) as info:
        run_scenarios(plan_inputs(), scenarios, SETTINGS, backend="serial")
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 4
    assert (
        "scenario 'fax': the volume change on fax matches no queue of the forecast" in (messages[0])
    )
    assert "event 'Black Friday' is not in events.csv" in messages[1]
    assert "the temps' contract 'gig' is not in rules.toml" in messages[2]
    assert "no roster was given" in messages[3]


def test_changes_outside_the_week_and_temps_that_cannot_work_are_reported() -> None:
    """A volume change on days the plan does not hold changes nothing, so it is refused, as
    are temps for queues that do not exist or with ids the team already uses."""
    inputs = plan_inputs()
    events = pd.DataFrame(
        {
            "name": ["Double 11"],
            "start": [pd.Timestamp(T0) + pd.Timedelta(days=30)],
            "end": [pd.Timestamp(T0) + pd.Timedelta(days=31)],
        }
    )
    inputs = PlanInputs(**{**inputs.__dict__, "events": events})
    later = pd.Timestamp(T0) + pd.Timedelta(days=5)
    temps = TempAgents(
        count=2, tier=1, channels=("fax",), vip_levels=("standard",), hourly_cost=1, contract="temp"
    )
    scenarios = [
        Scenario(name="d11", volume=(VolumeChange(multiplier=3, event="Double 11"),)),
        Scenario(name="d12", volume=(VolumeChange(multiplier=3, start=later, end=later),)),
        Scenario(name="fax temps", temps=(temps,)),
        Scenario(
            name="clash", temps=(dataclasses.replace(temps, channels=("chat",), id_prefix="A"),)
        ),
        Scenario(name="inside", volume=(VolumeChange(multiplier=2, start=pd.Timestamp(T0)),)),
    ]
    with pytest.raises(StaffingInputError) as info:
        check_scenarios(inputs, scenarios)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 4, messages
    assert "scenario 'd11': event 'Double 11' falls outside the planned days" in messages[0]
    assert "scenario 'd12': the dates of a volume change fall outside" in messages[1]
    assert "the temps may serve fax, which no queue of the forecast has" in messages[2]
    assert "scenario 'clash': the temps' ids (A001, ...) are already agents' ids" in messages[3]


@pytest.mark.slow
def test_sweep_on_a_local_ray_instance() -> None:
    ray = pytest.importorskip("ray")
    # The test stages live in this module, which Ray workers cannot import: ship it by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False)
    try:
        sweep = Sweep(parameter="volume", values=(1.0, 1.5))
        curve = run_sweep(plan_inputs(), sweep, SETTINGS, ray_address="local").table
    finally:
        ray.shutdown()
    assert curve["volume"].iloc[1] == pytest.approx(1.5 * curve["volume"].iloc[0])
    assert not math.isnan(curve["service_level"].iloc[0])
