"""``staffing requirements``: forecast + targets (+ opening hours) -> requirements.csv."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "requirements", help="agents needed per interval and queue, from a forecast and targets"
    )
    parser.add_argument("--forecast", required=True, type=Path, help="forecast.csv")
    parser.add_argument("--targets", required=True, type=Path, help="targets.toml")
    parser.add_argument(
        "--rules", type=Path, help="rules.toml (opening hours and interval length; optional)"
    )
    parser.add_argument("--out", required=True, type=Path, help="requirements.csv to write")
    parser.set_defaults(handler=run_requirements)


def run_requirements(args: argparse.Namespace) -> int:
    from staffing.requirements import compute_requirements, read_forecast, write_requirements
    from staffing.rules import read_rules
    from staffing.targets import read_targets

    targets = read_targets(args.targets)
    rules = read_rules(args.rules) if args.rules else None
    interval = rules.interval_minutes if rules else None
    forecast = read_forecast(args.forecast)  # on its own grid; sized on the rules' grid
    requirements = compute_requirements(
        forecast,
        targets,
        opening_hours=rules.opening_hours if rules else None,
        interval_minutes=interval,
    )
    write_requirements(args.out, requirements)
    unmet = int((~requirements["target_met"]).sum())
    print(
        f"Wrote {len(requirements)} rows to {args.out}: peak "
        f"{int(requirements.groupby('interval_start')['required_agents'].sum().max())} agents "
        f"scheduled at once"
        + (f"; {unmet} interval-queues cannot meet their target (see 'reason')" if unmet else "")
    )
    return 0
