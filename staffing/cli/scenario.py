"""``staffing scenario``: run what-if scenarios of a week side by side."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from staffing.cli import iso_date, seconds, seed
from staffing.errors import StaffingInputError


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
    scenario.add_argument("--replications", type=int, default=3, help="simulation replications")
    scenario.add_argument("--seed", type=seed, default=0, help="random seed")
    scenario.add_argument(
        "--previous",
        type=Path,
        default=None,
        help="roster.csv of the week before: rest and consecutive days carry over from it",
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
    scenario.set_defaults(handler=run_scenario_command)


def _slug(name: str) -> str:
    """A folder name for a scenario.

    >>> _slug("base: service_level = 0.8")
    'base-service_level-0.8'
    """
    return re.sub(r"[^A-Za-z0-9_.]+", "-", name).strip("-") or "scenario"


def run_scenario_command(args: argparse.Namespace) -> int:
    from staffing.dataset import load_dataset
    from staffing.io import write_csv
    from staffing.pipeline import check_week_start, forecast_week, previous_roster
    from staffing.requirements import write_forecast, write_requirements
    from staffing.roster.io import read_roster, write_roster
    from staffing.scenarios import (
        PlanInputs,
        RunSettings,
        read_scenario_spec,
        run_scenarios,
        spec_scenarios,
    )
    from staffing.simulate import SimulationConfig

    if args.replications < 1:
        raise StaffingInputError("--replications must be at least 1. Fix: pass 3 or more")
    spec = read_scenario_spec(args.spec)
    dataset = load_dataset(args.data)
    week = check_week_start(dataset, args.week)
    previous = None
    if args.previous is not None:
        previous = previous_roster(read_roster(args.previous), week)
    forecast = forecast_week(dataset, week)
    inputs = PlanInputs.from_dataset(dataset, forecast, previous=previous)
    settings = RunSettings(
        simulation=SimulationConfig(replications=args.replications, seed=args.seed),
        roster_time_limit_s=args.time_limit,
    )
    scenarios = spec_scenarios(spec)

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
    for result in comparison.results:
        folder = args.out / _slug(result.scenario.name)
        write_forecast(folder / "forecast.csv", result.forecast)
        write_requirements(folder / "requirements.csv", result.requirements)
        write_roster(folder / "roster.csv", result.roster)
        write_csv(folder / "simulation.csv", result.simulation.intervals)
        write_csv(folder / "simulation_totals.csv", result.simulation.totals)
    write_csv(args.out / "comparison.csv", comparison.table)
    shown = comparison.table[
        ["scenario", "cost", "shortfall_agent_h", "service_level", "queues_below_target"]
    ]
    print(shown.to_string(index=False, float_format=lambda v: f"{v:,.3f}"))
    print(f"Wrote comparison.csv and {len(comparison.results)} scenario folders to {args.out}")
    return 0
