"""``staffing export``: a roster as CSV, an Excel workbook or a zip of calendar files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from staffing.cli import whole
from staffing.cli.check import (
    add_rule_inputs,
    check_roster_files,
    read_rule_inputs,
    week_start_of,
)
from staffing.export import DEFAULT_TIMEZONE, ExportFormat


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export",
        help="write a roster as csv, an Excel workbook (xlsx) or calendar files (ics, zipped)",
        description="Check the roster against the rules and agents (as staffing check does), "
        "then write it. A roster that breaks a rule exits with code 2, each violation listed, "
        "and nothing is written.",
    )
    export.add_argument("--roster", required=True, type=Path, help="roster.csv to export")
    export.add_argument(
        "--format",
        required=True,
        choices=[f.value for f in ExportFormat],
        help="csv: roster.csv; xlsx: planner workbook; ics: zip of one calendar per agent",
    )
    export.add_argument("--out", required=True, type=Path, help="file to write")
    export.add_argument(
        "--coverage", type=Path, help="coverage.csv: adds coverage sheets to the workbook"
    )
    add_rule_inputs(export)
    export.add_argument(
        "--timezone",
        default=DEFAULT_TIMEZONE,
        help=f"time zone of the roster's local times in calendars (default {DEFAULT_TIMEZONE})",
    )
    export.add_argument(
        "--sequence",
        type=whole,
        default=0,
        help="calendar revision: raise it when re-publishing a week so calendars update",
    )
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from staffing.export import export_roster
    from staffing.roster.io import read_coverage, read_roster

    rules, agents, time_off, previous = read_rule_inputs(args)
    roster = read_roster(args.roster)
    coverage = None if args.coverage is None else read_coverage(args.coverage)
    # the coverage's requirement, so the check recounts its agents from this roster
    required = None
    if coverage is not None:
        required = coverage.rename(columns={"required": "required_agents"})
    check = check_roster_files(
        args,
        roster,
        agents=agents,
        rules=rules,
        time_off=time_off,
        previous=previous,
        requirements=required,
        week_start=week_start_of(args),
    )
    check.raise_if_invalid()  # a roster that breaks a rule is not handed out
    if coverage is not None:
        refuse_other_coverage(args.coverage, coverage, check.coverage)
    path = export_roster(
        args.out,
        args.format,
        roster,
        coverage=coverage,
        agents=agents,
        timezone=args.timezone,
        sequence=args.sequence,
        interval_minutes=rules.interval_minutes,
    )
    n_agents = roster["agent_id"].nunique()
    n_shifts = len(roster.drop_duplicates(["agent_id", "date"]))
    print(f"Wrote {args.format} for {n_agents} agents and {n_shifts} shifts to {path}")
    return 0


def refuse_other_coverage(path: Path, coverage: Any, recounted: Any) -> None:
    """Stop when coverage.csv's scheduled agents are not this roster's (the coverage of
    another roster or another version of it): the workbook would contradict itself."""
    from staffing.errors import Problem, StaffingInputError

    keys = ["interval_start", "channel", "vip_level"]
    both = coverage.merge(recounted, on=keys, how="outer", suffixes=("", "_roster"))
    both = both.fillna({"scheduled": 0, "scheduled_roster": 0})
    differ = both[both["scheduled"] != both["scheduled_roster"]].sort_values(keys)
    if differ.empty:
        return
    first = differ.iloc[0]
    raise StaffingInputError(
        Problem(
            file=str(path),
            column="scheduled",
            message=f"this is not the coverage of the roster given: at {len(differ):,} "
            f"queue-intervals its scheduled agents differ from the roster's (first: "
            f"{first['interval_start']:%Y-%m-%d %H:%M} {first['channel']}/{first['vip_level']}, "
            f"{first['scheduled']:.0f} in the file, {first['scheduled_roster']:.0f} in the roster)",
            fix="give the coverage.csv written with this roster, or leave --coverage out",
        )
    )
