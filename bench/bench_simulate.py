"""Benchmark: simulate the sample week's roster, and a Double 11 scenario vs the normal week.

    .venv/bin/python bench/bench_simulate.py [--replications 5] [--time-limit 30]

Prints (1) time per replication and contacts per second for the sample planning week
(medians over replications; the machine has 2 shared cores), and (2) cost, shortfall and
simulated service of the normal week next to a Double 11 week (volume x3 on the event day).

Stages come from the product when they have landed: forecast (``forecast.forecasting``),
requirements (``staffing.requirements.compute_requirements``), roster
(``staffing.roster.solve``). Where one is missing the bench says so and uses a stand-in: the
same week of the history as the forecast, minimal Erlang agents per interval
(``staffing.queueing``) as requirements, and a slot roster (agent k of a queue works wherever
k agents are needed; no labour rules) instead of the solver.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from staffing.scenarios import (
    BASE,
    PlanInputs,
    RunSettings,
    Scenario,
    VolumeChange,
    compute_requirements,
    run_scenarios,
    solve_roster_stage,
)
from staffing.simulate import SimQueue, SimTargets, SimulationConfig, simulate


def stand_in_forecast(history: pd.DataFrame, week: pd.Timestamp) -> pd.DataFrame:
    """The history's last full week moved onto ``week`` (seasonal naive)."""
    last = history["interval_start"].max().normalize() - pd.Timedelta(days=6)
    source = history[history["interval_start"] >= last].copy()
    source["interval_start"] = source["interval_start"] + (week - last)
    source["volume"] = source["volume"].astype(float)
    source["volume_p10"] = source["volume"] * 0.8
    source["volume_p90"] = source["volume"] * 1.2
    source["aht_s"] = source["aht_s"].fillna(source.groupby("channel")["aht_s"].transform("mean"))
    return source.reset_index(drop=True)


def erlang_requirements(forecast: pd.DataFrame, targets) -> pd.DataFrame:
    """Stand-in requirements: minimal agents per interval (Erlang C/A; chat as slots)."""
    from staffing.queueing import ServiceTarget, minimal_agents

    sim = SimTargets.from_targets(targets)
    parts = []
    for q in sim.queues:
        f = forecast[(forecast["channel"] == q.channel) & (forecast["vip_level"] == q.vip_level)]
        if f.empty:
            continue
        aht = f["aht_s"].to_numpy(float)
        if q.model == "deferred":
            # Spread the work over the response window: agents = hourly workload share.
            need = np.ceil(f["volume"].to_numpy(float) * aht / 900 * 1.1)
        else:
            load = f["volume"].to_numpy(float) * aht / 900 / q.concurrency
            within = min(q.answer_within_s, 3600.0)
            need = minimal_agents(
                load,
                aht_s=aht,
                target=ServiceTarget(service_level=q.service_level, answer_within_s=within),
            ).agents
        need = np.ceil(np.asarray(need, float) / (1 - targets.shrinkage)).astype(int)
        parts.append(
            pd.DataFrame(
                {
                    "interval_start": f["interval_start"].to_numpy(),
                    "channel": q.channel,
                    "vip_level": q.vip_level,
                    "required_agents": need,
                    "min_tier": q.min_tier,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def slot_roster(requirements, agents, rules, time_off, time_limit_s) -> pd.DataFrame:
    """Stand-in roster: agent k of a queue works wherever k agents are needed (no rules)."""
    rows = []
    ids = iter([a.agent_id for a in agents] + [f"X{i:04d}" for i in range(10_000)])
    for (channel, level), r in requirements.groupby(["channel", "vip_level"]):
        series = r.set_index(pd.to_datetime(r["interval_start"]))["required_agents"]
        grid = pd.date_range(series.index.min(), series.index.max(), freq="15min")
        series = series.reindex(grid, fill_value=0)  # closed intervals are absent
        need = series.to_numpy()
        times = grid.to_numpy()
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


@dataclass(frozen=True, kw_only=True)
class StandInTargets:
    """targets.toml read into the simulator's queues (while staffing.targets is missing)."""

    queues: tuple[SimQueue, ...]
    shrinkage: float
    service_level_definition: str


@dataclass(frozen=True, kw_only=True)
class StandInDataset:
    history: pd.DataFrame
    events: pd.DataFrame
    targets: StandInTargets
    agents: tuple
    rules: object
    time_off: pd.DataFrame


def stand_in_dataset(folder: Path) -> StandInDataset:
    from forecast.history import read_events, read_history
    from staffing.agents import read_agents, read_time_off
    from staffing.rules import read_rules
    from staffing.tabular import read_toml

    raw = read_toml(folder / "targets.toml")
    queues = []
    for q in raw["queues"]:
        deferred = q["model"] == "deferred"
        queues.append(
            SimQueue(
                channel=q["channel"],
                vip_level=q["vip_level"],
                model=q["model"],
                service_level=q["service_level"],
                answer_within_s=q["respond_within_h"] * 3600 if deferred else q["answer_within_s"],
                patience_s=None if deferred else q.get("patience_s"),
                concurrency=q.get("concurrency", 1),
                min_tier=q.get("min_tier", 1),
            )
        )
    targets = StandInTargets(
        queues=tuple(queues),
        shrinkage=raw.get("shrinkage", 0.0),
        service_level_definition=raw.get(
            "service_level_definition", "answered_within_over_offered"
        ),
    )
    rules = read_rules(folder / "rules.toml")
    return StandInDataset(
        history=read_history(folder / "history.csv"),
        events=read_events(folder / "events.csv"),
        targets=targets,
        agents=read_agents(folder / "agents.csv", rules=rules),
        rules=rules,
        time_off=read_time_off(folder / "time_off.csv"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--data", type=Path, help="sample folder (default: generate one)")
    args = parser.parse_args()

    folder = args.data
    if folder is None:
        from staffing.sample import write_sample

        folder = Path(tempfile.mkdtemp(prefix="bench-sample-"))
        write_sample(folder)
    try:
        from staffing.dataset import load_dataset

        dataset = load_dataset(folder)
    except ImportError as exc:
        print(f"note: staffing.dataset unavailable ({exc}); files read one by one")
        dataset = stand_in_dataset(folder)
    week = dataset.history["interval_start"].max().normalize() + pd.Timedelta(days=1)

    notes = []
    try:
        from forecast.forecasting import forecast_week

        forecast = forecast_week(dataset.history, dataset.events, start=week, days=7)
    except ImportError:
        notes.append("forecast: forecast.forecasting missing; last history week used")
        forecast = stand_in_forecast(dataset.history, week)
    requirements_stage = compute_requirements
    try:
        compute_requirements(forecast, dataset.targets)
    except Exception as exc:  # the stage is absent or not finished
        notes.append(f"requirements: product stage unavailable ({exc}); Erlang stand-in used")
        requirements_stage = erlang_requirements
    roster_stage = solve_roster_stage
    try:
        import staffing.roster.solve  # noqa: F401
    except ImportError as exc:
        notes.append(f"roster: solver unavailable ({exc}); slot roster stand-in used")
        roster_stage = slot_roster

    inputs = PlanInputs(
        forecast=forecast,
        targets=dataset.targets,
        agents=dataset.agents,
        rules=dataset.rules,
        time_off=dataset.time_off,
        events=pd.DataFrame(
            {
                "name": ["Double 11 (bench)"],
                "start": [week + pd.Timedelta(days=2)],
                "end": [week + pd.Timedelta(days=3)],
            }
        ),
    )
    settings = RunSettings(
        simulation=SimulationConfig(replications=args.replications, seed=1),
        roster_time_limit_s=args.time_limit,
        requirements_stage=requirements_stage,
        roster_stage=roster_stage,
    )
    for note in notes:
        print(f"note: {note}")

    # (1) The sample week's roster: simulation speed.
    requirements = requirements_stage(forecast, dataset.targets)
    clock = time.perf_counter()
    try:
        roster = roster_stage(
            requirements, dataset.agents, dataset.rules, dataset.time_off, args.time_limit
        )
    except Exception as exc:
        print(f"note: roster solver failed ({exc!r}); slot roster stand-in used")
        roster_stage = slot_roster
        settings = RunSettings(
            simulation=settings.simulation,
            roster_time_limit_s=args.time_limit,
            requirements_stage=requirements_stage,
            roster_stage=slot_roster,
        )
        roster = slot_roster(requirements, dataset.agents, dataset.rules, dataset.time_off, 0)
    roster_s = time.perf_counter() - clock
    result = simulate(roster, forecast, dataset.targets, config=settings.simulation)
    per_rep = statistics.median(result.seconds_per_replication)
    contacts = result.n_contacts_per_replication
    print(
        f"\nSample week {week:%Y-%m-%d}: {roster['agent_id'].nunique()} agents, "
        f"{len(roster)} roster blocks (roster stage {roster_s:.1f} s), "
        f"{contacts:,.0f} contacts per replication"
    )
    print(
        f"simulation: median {per_rep:.2f} s per replication over {args.replications}, "
        f"{contacts / per_rep:,.0f} contacts/s"
    )
    print(result.summary())

    if roster_stage is slot_roster:
        # The slot roster may use more people than agents.csv has: price them at the median.
        from staffing.agents import Agent

        rate = float(np.median([a.hourly_cost for a in dataset.agents]))
        extra = tuple(
            Agent(
                agent_id=f"X{i:04d}",
                name="stand-in",
                tier=3,
                channels=(),
                vip_levels=(),
                contract="stand_in",
                min_hours_week=0,
                max_hours_week=60,
                hourly_cost=rate,
            )
            for i in range(10_000)
        )
        inputs = PlanInputs(**{**inputs.__dict__, "agents": inputs.agents + extra})

    # (2) Double 11 (volume x3 on the event day) vs the normal week.
    d11 = Scenario(
        name="Double 11",
        description="volume x3 on the event day",
        volume=(VolumeChange(multiplier=3.0, event="Double 11 (bench)"),),
    )
    clock = time.perf_counter()
    comparison = run_scenarios(inputs, [BASE, d11], settings, backend="process", max_workers=2)
    print(f"\nScenarios (process pool, 2 workers): {time.perf_counter() - clock:.1f} s")
    columns = [
        "scenario",
        "volume",
        "required_agent_h",
        "paid_h",
        "cost",
        "shortfall_agent_h",
        "service_level",
        "queues_below_target",
        "abandon_rate",
        "chat_first_response_30s",
        "chat_response_3min",
    ]
    table = comparison.table[columns].set_index("scenario").T
    with pd.option_context("display.float_format", lambda v: f"{v:,.3f}"):
        print(table.to_string())


if __name__ == "__main__":
    main()
