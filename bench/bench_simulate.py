"""Benchmark: simulate the sample week's optimised roster, and a Double 11 week vs the normal one.

    .venv/bin/python bench/bench_simulate.py [--data DIR] [--week 2026-11-23] [--days 7]
        [--event-start 2026-11-25] [--event-days 2] [--replications 5] [--time-limit 75]
        [--backend serial|process]

Everything runs on the product's own stages (``staffing.pipeline``): the forecast, the
requirements and the CP-SAT roster of the sample data set's planning week. It prints

1. the roster (solver status, gap, labour cost as the optimiser, the validator and the
   scenario runner see it, and the shortfall: one figure each);
2. simulation speed on that roster: seconds per replication and contacts per second
   (medians over ``--replications``; the machine has 2 shared cores), and the service with
   absence at the targets' shrinkage next to the roster as written (absence 0);
3. a Double 11 scenario against the normal week through ``staffing.scenarios.run_scenarios``
   with the default stages: cost, shortfall and simulated service side by side. The sample
   history ends before the planning week, whose dates hold no Double 11, so the scenario
   puts the event on two days of the planning week: volume x3 from 2026-11-25 00:00 to
   2026-11-27 00:00 (Wednesday and Thursday), a date-range volume change.

``--days`` plans fewer days (with ``--event-start`` inside them) for a quick check of the
bench itself; the figures worth quoting are the full week's.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from staffing.dataset import load_dataset
from staffing.pipeline import check_week_start, forecast_week, requirements_for, roster_for
from staffing.scenarios import (
    BASE,
    PlanInputs,
    RunSettings,
    Scenario,
    VolumeChange,
    roster_figures,
    run_scenarios,
)
from staffing.simulate import SimulationConfig, simulate

COMPARED = (
    "volume",
    "required_agent_h",
    "paid_h",
    "cost",
    "shortfall_agent_h",
    "n_rule_violations",
    "absence_rate",
    "staffed_share",
    "service_level",
    "queues_below_target",
    "abandon_rate",
    "chat_first_response_30s",
    "chat_response_3min",
    "seconds",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, help="sample folder (default: generate one)")
    parser.add_argument("--week", default="2026-11-23", help="planning week's first day")
    parser.add_argument(
        "--days", type=int, default=7, help="days to plan (fewer: a quick check of the bench)"
    )
    parser.add_argument(
        "--event-start", default="2026-11-25", help="first day of the x3 Double 11 window"
    )
    parser.add_argument("--event-days", type=int, default=2, help="days in the x3 window")
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--time-limit", type=float, default=75.0, help="roster solver seconds per roster"
    )
    parser.add_argument(
        "--backend",
        choices=("serial", "process"),
        default="serial",
        help="scenario runner backend; serial gives each CP-SAT solve both cores",
    )
    args = parser.parse_args()

    folder = args.data
    if folder is None:
        from staffing.sample import write_sample

        folder = Path(tempfile.mkdtemp(prefix="bench-sample-"))
        write_sample(folder)
    dataset = load_dataset(folder)
    week = check_week_start(dataset, args.week)
    print(
        f"Sample data {folder}, {args.days} days from {week:%Y-%m-%d}, "
        f"{len(dataset.agents)} agents, "
        f"shrinkage {dataset.targets.shrinkage:.0%}; roster time limit {args.time_limit:.0f} s; "
        f"{args.replications} replications, seed {args.seed}"
    )

    # (1) The plan's stages.
    clock = time.perf_counter()
    forecast = forecast_week(dataset, week, days=args.days)
    forecast_s = time.perf_counter() - clock
    clock = time.perf_counter()
    requirements = requirements_for(forecast, dataset.targets, dataset.rules)
    requirements_s = time.perf_counter() - clock
    clock = time.perf_counter()
    plan = roster_for(
        requirements,
        agents=dataset.agents,
        rules=dataset.rules,
        time_off=dataset.time_off,
        time_limit_s=args.time_limit,
        seed=args.seed,
    )
    roster_s = time.perf_counter() - clock
    roster = plan.roster
    figures = roster_figures(
        roster,
        agents=dataset.agents,
        rules=dataset.rules,
        requirements=requirements,
        time_off=dataset.time_off,
    )
    print(
        f"\nStages: forecast {forecast_s:.1f} s ({forecast['volume'].sum():,.0f} contacts), "
        f"requirements {requirements_s:.1f} s, roster {roster_s:.1f} s"
    )
    print(
        f"Roster: {plan.status}, gap {plan.gap:.2%}, {plan.check.n_shifts} shifts of "
        f"{roster['agent_id'].nunique()} agents, shortfall {plan.shortfall_agent_hours:,.1f} "
        f"agent-hours, rule check {'passed' if plan.check.ok else 'FAILED'}"
    )
    print(
        f"Labour cost: optimiser {plan.labour_cost:,.2f}, validator {plan.check.cost:,.2f}, "
        f"scenario runner {figures.cost:,.2f} ({figures.paid_h:,.1f} paid hours); shortfall: "
        f"optimiser {plan.shortfall_agent_hours:,.2f}, scenario runner "
        f"{figures.shortfall_agent_h:,.2f} agent-hours"
    )

    # (2) Simulation of that roster: speed, and service with and without absence.
    base_config = SimulationConfig(replications=args.replications, seed=args.seed)
    with_absence = simulate(roster, forecast, dataset.targets, config=base_config)
    as_written = simulate(
        roster,
        forecast,
        dataset.targets,
        config=SimulationConfig(replications=args.replications, seed=args.seed, absence_rate=0.0),
    )
    print("\nSimulation of the optimised roster:")
    for label, result in (("absence = shrinkage", with_absence), ("absence 0", as_written)):
        per_rep = statistics.median(result.seconds_per_replication)
        contacts = result.n_contacts_per_replication
        print(
            f"  {label}: median {per_rep:.2f} s per replication "
            f"(min {min(result.seconds_per_replication):.2f}, "
            f"max {max(result.seconds_per_replication):.2f}), {contacts:,.0f} contacts, "
            f"{contacts / per_rep:,.0f} contacts/s; staffed {result.staffed_share:.1%} of "
            f"scheduled agent-time; service level {result.overall_service_level():.3f}, "
            f"queues below target {int((~result.totals['meets_target']).sum())}"
        )
    print(with_absence.summary())

    # (3) Double 11 (x3 on two days of the week) vs the normal week, default stages.
    event_start = pd.Timestamp(args.event_start)
    event_end = event_start + pd.Timedelta(days=args.event_days)  # exclusive
    d11 = Scenario(
        name="Double 11",
        description=f"volume x3 from {event_start:%Y-%m-%d} to {event_end:%Y-%m-%d} (excl.)",
        volume=(VolumeChange(multiplier=3.0, start=event_start, end=event_end),),
    )
    inputs = PlanInputs.from_dataset(dataset, forecast)
    settings = RunSettings(simulation=base_config, roster_time_limit_s=args.time_limit)
    clock = time.perf_counter()
    comparison = run_scenarios(inputs, [BASE, d11], settings, backend=args.backend, max_workers=2)
    print(
        f"\nNormal week vs {d11.name} ({d11.description}); "
        f"{args.backend} runner, roster time limit {args.time_limit:.0f} s each: "
        f"{time.perf_counter() - clock:.1f} s"
    )
    table = comparison.table.set_index("scenario")
    queues = [c for c in table.columns if c.startswith("sl_")]
    with pd.option_context("display.float_format", lambda v: f"{v:,.3f}"):
        print(table[[*COMPARED, *queues]].T.to_string())


if __name__ == "__main__":
    main()
