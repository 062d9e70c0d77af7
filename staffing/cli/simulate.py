"""``staffing simulate``: the service a roster delivers, by discrete-event simulation."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from staffing.cli import count, seed, with_file_names
from staffing.errors import Problem, ProblemCollector, StaffingInputError

T = TypeVar("T")


def register(subparsers: argparse._SubParsersAction) -> None:
    simulate = subparsers.add_parser(
        "simulate",
        help="simulate a roster against the forecast: service level, ASA, abandons, backlog",
    )
    simulate.add_argument("--roster", required=True, type=Path, help="roster.csv")
    simulate.add_argument("--forecast", required=True, type=Path, help="forecast.csv")
    simulate.add_argument("--targets", required=True, type=Path, help="targets.toml")
    simulate.add_argument(
        "--replications", type=count, default=5, help="seeded replications (default 5)"
    )
    simulate.add_argument("--seed", type=seed, default=0, help="random seed (default 0)")
    simulate.add_argument(
        "--absence-rate",
        type=float,
        default=None,
        help="share of scheduled work time lost to absence, coaching and meetings "
        "(default: targets.toml's shrinkage; 0 simulates the roster as written)",
    )
    simulate.add_argument(
        "--history",
        type=Path,
        help="history.csv slice on the forecast's grid: replay its counts instead of "
        "Poisson arrivals",
    )
    simulate.add_argument(
        "--out", required=True, type=Path, help="SIM.csv: one row per interval and queue"
    )
    simulate.add_argument(
        "--totals", type=Path, help="optional CSV of week totals per queue (with 95%% CIs)"
    )
    simulate.set_defaults(handler=run_simulate)


def run_simulate(args: argparse.Namespace) -> int:
    from staffing.io import write_csv
    from staffing.requirements import read_forecast
    from staffing.roster.io import read_roster
    from staffing.simulate import SimulationConfig, simulate
    from staffing.targets import read_targets

    problems = ProblemCollector()
    roster = _read(problems, read_roster, args.roster)
    forecast = _read(problems, read_forecast, args.forecast)
    targets = _read(problems, read_targets, args.targets)
    arrivals = None
    if args.history is not None:
        from forecast.history import read_history

        try:
            arrivals = read_history(args.history)
        except StaffingInputError as exc:
            problems.extend(exc.problems)
    problems.raise_if_any()
    # A read that failed added at least one problem, so all three were read.
    assert roster is not None and forecast is not None and targets is not None
    if arrivals is not None:
        starts = forecast["interval_start"]
        inside = arrivals["interval_start"].between(starts.min(), starts.max())
        if not inside.any():
            times = arrivals["interval_start"]
            raise StaffingInputError(
                Problem(
                    file=str(args.history),
                    column="interval_start",
                    message=f"the history runs from {times.min()} to {times.max()}, outside "
                    f"the forecast's {starts.min()} to {starts.max()}: there are no counts to "
                    "replay",
                    fix="give the history of the forecast's week, or leave out --history to "
                    "draw arrivals from the forecast",
                )
            )
        arrivals = arrivals[inside]
    if args.absence_rate is not None and not 0 <= args.absence_rate < 1:
        raise StaffingInputError(
            f"--absence-rate must be in [0, 1); got {args.absence_rate}. Fix: pass a share "
            "such as 0.15, or leave it out to use targets.toml's shrinkage"
        )
    config = SimulationConfig(
        replications=args.replications, seed=args.seed, absence_rate=args.absence_rate
    )
    try:
        result = simulate(roster, forecast, targets, config=config, arrivals=arrivals)
    except StaffingInputError as exc:  # the replayed history's rows were sorted when read
        raise with_file_names(exc, {"history": args.history}, rows_of="history") from None
    write_csv(args.out, result.intervals)
    if args.totals is not None:
        write_csv(args.totals, result.totals)
    print(result.summary())
    print(f"Wrote {len(result.intervals)} interval rows to {args.out}")
    return 0


def _read(problems: ProblemCollector, read: Callable[[Path], T], path: Path) -> T | None:
    """``read(path)``, or None with its problems collected when the file has any."""
    try:
        return read(path)
    except StaffingInputError as exc:
        problems.extend(exc.problems)
        return None
