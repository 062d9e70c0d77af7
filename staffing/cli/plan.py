"""``staffing plan``: the whole pipeline for one week in one command."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from staffing.cli import (
    count,
    iso_date,
    refuse_overwriting_inputs,
    refuse_unwritable,
    seconds,
    seed,
    solver_progress,
    stderr_clock,
    with_file_names,
)
from staffing.errors import StaffingInputError


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser(
        "plan",
        help="validate, forecast, size, roster, simulate and export one week",
        description="Run the whole pipeline on a data folder for one planning week and write "
        "forecast.csv, requirements.csv, roster.csv, coverage.csv, simulation.csv, "
        "report.json, roster.xlsx and calendars.zip into --out.",
    )
    plan.add_argument("--data", required=True, type=Path, help="the data folder")
    plan.add_argument(
        "--week", required=True, type=iso_date, help="first day of the week, e.g. 2026-11-23"
    )
    plan.add_argument("--out", required=True, type=Path, help="folder for the outputs")
    plan.add_argument(
        "--time-limit",
        type=seconds,
        default=120.0,
        metavar="S",
        help="seconds for the roster optimiser (default 120)",
    )
    plan.add_argument(
        "--replications", type=count, default=3, help="simulation replications (default 3)"
    )
    plan.add_argument("--seed", type=seed, default=0, help="random seed")
    plan.add_argument(
        "--previous",
        type=Path,
        default=None,
        help="roster.csv of the week before: rest and consecutive days carry over from it",
    )
    plan.set_defaults(handler=run_plan, out_is_folder=True)


def run_plan(args: argparse.Namespace) -> int:
    from staffing.dataset import load_dataset
    from staffing.pipeline import PLAN_FILES, PlanSettings, plan_week, write_plan
    from staffing.roster.io import read_roster

    written = [args.out / name for name in PLAN_FILES.values()]
    refuse_overwriting_inputs(args, written)
    refuse_unwritable(args.out, written)
    started = time.monotonic()
    say = stderr_clock()
    say(f"validating {args.data}")
    dataset = load_dataset(args.data)
    previous = None if args.previous is None else read_roster(args.previous)
    settings = PlanSettings(
        time_limit_s=args.time_limit, replications=args.replications, seed=args.seed
    )
    try:
        result = plan_week(
            dataset,
            args.week,
            settings,
            on_stage=lambda stage, message: say(message),
            on_roster_progress=solver_progress(say),
            previous=previous,
        )
    except StaffingInputError as exc:
        raise with_file_names(exc, {"previous roster": args.previous}) from None
    say("writing the outputs")
    paths = write_plan(result, dataset, args.out)
    print(result.summary())
    print(f"Wrote {', '.join(p.name for p in paths)} to {args.out}")
    print(f"Total time {time.monotonic() - started:.1f} s")
    return 0
