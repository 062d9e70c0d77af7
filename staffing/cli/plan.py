"""``staffing plan``: the whole pipeline for one week in one command."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from staffing.roster.solve import Progress


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser(
        "plan",
        help="validate, forecast, size, roster, simulate and export one week",
        description="Run the whole pipeline on a data folder for one planning week and write "
        "forecast.csv, requirements.csv, roster.csv, coverage.csv, simulation.csv, "
        "report.json, roster.xlsx and calendars.zip into --out.",
    )
    plan.add_argument("--data", required=True, type=Path, help="the data folder")
    plan.add_argument("--week", required=True, help="first day of the week, e.g. 2026-11-23")
    plan.add_argument("--out", required=True, type=Path, help="folder for the outputs")
    plan.add_argument(
        "--time-limit",
        type=float,
        default=120.0,
        metavar="S",
        help="seconds for the roster optimiser (default 120)",
    )
    plan.add_argument(
        "--replications", type=int, default=3, help="simulation replications (default 3)"
    )
    plan.add_argument("--seed", type=int, default=0, help="random seed")
    plan.add_argument(
        "--previous",
        type=Path,
        default=None,
        help="roster.csv of the week before: rest and consecutive days carry over from it",
    )
    plan.set_defaults(handler=run_plan)


PROGRESS_EVERY_S = 5.0


def _throttled(say: Callable[[str], None]) -> Callable[[Progress], None]:
    """Solver progress at each new stage and at most every few seconds within one."""
    last = {"stage": "", "at": -PROGRESS_EVERY_S}

    def report(p: Progress) -> None:
        if p.stage != last["stage"] or p.elapsed_s - float(last["at"]) >= PROGRESS_EVERY_S:
            last.update(stage=p.stage, at=p.elapsed_s)
            roster = "no roster yet" if p.objective is None else f"objective {p.objective:,.0f}"
            say(f"  {p.stage}: {roster}, bound {p.bound:,.0f}")

    return report


def run_plan(args: argparse.Namespace) -> int:
    from staffing.dataset import load_dataset
    from staffing.pipeline import PlanSettings, plan_week, write_plan
    from staffing.roster.io import read_roster

    started = time.monotonic()

    def say(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    say(f"validating {args.data}")
    dataset = load_dataset(args.data)
    previous = None if args.previous is None else read_roster(args.previous)
    settings = PlanSettings(
        time_limit_s=args.time_limit, replications=args.replications, seed=args.seed
    )
    result = plan_week(
        dataset,
        args.week,
        settings,
        on_stage=lambda stage, message: say(message),
        on_roster_progress=_throttled(say),
        previous=previous,
    )
    say("writing the outputs")
    written = write_plan(result, dataset, args.out)
    print(result.summary())
    print(f"Wrote {', '.join(p.name for p in written)} to {args.out}")
    print(f"Total time {time.monotonic() - started:.1f} s")
    return 0
