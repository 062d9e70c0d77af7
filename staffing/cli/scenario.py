"""``staffing scenario``: run what-if scenarios of a week side by side."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from staffing.cli import (
    count,
    iso_date,
    refuse_overwriting_inputs,
    refuse_unwritable,
    seconds,
    seed,
)
from staffing.cli.check import check_roster_files


def register(subparsers: argparse._SubParsersAction) -> None:
    scenario = subparsers.add_parser(
        "scenario",
        help="run what-if scenarios (volume, AHT, targets, headcount) through the whole "
        "pipeline and compare cost, shortfall and simulated service",
    )
    scenario.add_argument("--spec", required=True, type=Path, help="scenarios TOML file")
    scenario.add_argument("--data", required=True, type=Path, help="the data folder")
    scenario.add_argument(
        "--week",
        required=True,
        type=iso_date,
        help="first day of the planning week, e.g. 2026-11-23",
    )
    scenario.add_argument("--out", required=True, type=Path, help="folder to write into")
    scenario.add_argument("--replications", type=count, default=3, help="simulation replications")
    scenario.add_argument("--seed", type=seed, default=0, help="random seed")
    scenario.add_argument(
        "--previous",
        type=Path,
        default=None,
        help="roster.csv of the week before: rest and consecutive days carry over from it",
    )
    scenario.add_argument(
        "--roster",
        type=Path,
        default=None,
        help="roster.csv of the planning week, kept by scenarios with reroster = false",
    )
    scenario.add_argument(
        "--time-limit", type=seconds, default=30.0, help="roster solver seconds per scenario"
    )
    scenario.add_argument(
        "--workers", type=int, default=None, help="local processes (default: one per core)"
    )
    scenario.add_argument(
        "--ray-address",
        default=None,
        help="run the scenarios as Ray tasks on this cluster (e.g. ray://head:10001, local)",
    )
    scenario.set_defaults(handler=run_scenario_command, out_is_folder=True)


def folders(names: list[str]) -> list[str]:
    """A folder name per scenario, each its own (letters of any script kept).

    >>> folders(["base: service_level = 0.8", "AHT +10%", "AHT -10%", "双十一", "?"])
    ['base-service_level-0.8', 'AHT-10', 'AHT-10-2', '双十一', 'scenario']
    """
    out: list[str] = []
    for name in names:
        stem = re.sub(r"[^\w.]+", "-", name).strip("-.") or "scenario"
        candidate, n = stem, 2
        while candidate.lower() in {f.lower() for f in out}:
            candidate, n = f"{stem}-{n}", n + 1
        out.append(candidate)
    return out


#: The files of each scenario's folder.
SCENARIO_FILES = (
    "forecast.csv",
    "requirements.csv",
    "roster.csv",
    "coverage.csv",
    "agents.csv",
    "simulation.csv",
    "simulation_totals.csv",
)


def run_scenario_command(args: argparse.Namespace) -> int:
    from staffing.agents import agents_frame
    from staffing.dataset import load_dataset
    from staffing.io import write_csv, written_together
    from staffing.pipeline import check_week_start, forecast_week, previous_roster
    from staffing.requirements import write_forecast, write_requirements
    from staffing.roster.io import read_roster, write_coverage, write_roster
    from staffing.scenarios import (
        BASE,
        KEPT_BASE,
        PlanInputs,
        RunSettings,
        read_scenario_spec,
        run_scenarios,
        spec_scenarios,
    )
    from staffing.simulate import SimulationConfig

    spec = read_scenario_spec(args.spec)
    scenarios = spec_scenarios(spec, BASE if args.roster is None else KEPT_BASE)
    names = folders([s.name for s in scenarios])
    written = [args.out / "comparison.csv"]
    written += [args.out / folder / file for folder in names for file in SCENARIO_FILES]
    refuse_overwriting_inputs(args, written)
    refuse_unwritable(args.out, written)
    dataset = load_dataset(args.data)
    week = check_week_start(dataset, args.week)
    previous = None
    if args.previous is not None:
        previous = previous_roster(read_roster(args.previous), week)
    roster = None
    if args.roster is not None:  # kept as it is: it must keep every rule of this week
        roster = read_roster(args.roster)
        check_roster_files(
            args,
            roster,
            agents=dataset.agents,
            rules=dataset.rules,
            time_off=dataset.time_off,
            week_start=week,
            previous=previous,
        ).raise_if_invalid()
    forecast = forecast_week(dataset, week)
    inputs = PlanInputs.from_dataset(dataset, forecast, previous=previous, roster=roster)
    settings = RunSettings(
        simulation=SimulationConfig(replications=args.replications, seed=args.seed),
        roster_time_limit_s=args.time_limit,
    )

    def progress(done: int, total: int) -> None:
        print(f"  {done}/{total} scenarios done", flush=True)

    comparison = run_scenarios(
        inputs,
        scenarios,
        settings,
        max_workers=args.workers,
        ray_address=args.ray_address,
        progress=progress,
    )
    with written_together():  # every folder and the comparison, or nothing
        for result, name in zip(comparison.results, names, strict=True):
            folder = args.out / name
            write_forecast(folder / "forecast.csv", result.forecast)
            write_requirements(folder / "requirements.csv", result.requirements)
            write_roster(folder / "roster.csv", result.roster)
            if result.coverage is not None:
                write_coverage(folder / "coverage.csv", result.coverage)
            # the scenario's agents (temps, overtime): its roster checks and exports with them
            write_csv(folder / "agents.csv", agents_frame(result.agents))
            write_csv(folder / "simulation.csv", result.simulation.intervals)
            write_csv(folder / "simulation_totals.csv", result.simulation.totals)
        table = comparison.table.copy()
        table.insert(1, "folder", names)
        if spec.sweep is not None:  # the sweep's scenarios come last: its value beside each
            values = list(spec.sweep.values)
            table.insert(2, "value", [None] * (len(table) - len(values)) + values)
        write_csv(args.out / "comparison.csv", table)
    shown = comparison.table[
        ["scenario", "cost", "shortfall_agent_h", "service_level", "queues_below_target"]
    ]
    print(shown.to_string(index=False, float_format=lambda v: f"{v:,.3f}"))
    unbounded = [r.scenario.name for r in comparison.results if (r.solver_gap or 0) >= 0.999]
    if unbounded:
        print(
            f"Note: {', '.join(unbounded)}: the roster optimiser found no lower bound within "
            f"{args.time_limit:g} s, so those rosters may be far from the best; compare with "
            "care or raise --time-limit"
        )
    print(f"Wrote comparison.csv and {len(comparison.results)} scenario folders to {args.out}")
    return 0
