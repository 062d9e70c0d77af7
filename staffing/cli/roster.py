"""``staffing roster``: the cheapest weekly roster that covers the requirements."""

from __future__ import annotations

import argparse
from pathlib import Path

from staffing.cli import seconds, solver_progress, stderr_clock, with_file_names
from staffing.errors import StaffingInputError


def register(subparsers: argparse._SubParsersAction) -> None:
    roster = subparsers.add_parser("roster", help="build the weekly roster (CP-SAT)")
    roster.add_argument("--requirements", required=True, type=Path, help="requirements.csv")
    roster.add_argument("--agents", required=True, type=Path, help="agents.csv")
    roster.add_argument("--rules", required=True, type=Path, help="rules.toml")
    roster.add_argument("--time-off", type=Path, default=None, help="time_off.csv")
    roster.add_argument(
        "--preferences", type=Path, default=None, help="preferences.csv (days off, early/late)"
    )
    roster.add_argument(
        "--previous",
        type=Path,
        default=None,
        help="roster.csv of the week before: rest and consecutive days carry over from it",
    )
    roster.add_argument(
        "--published",
        type=Path,
        default=None,
        help="re-plan: roster.csv of this week as published; as much of it is kept as the "
        "data allow (every changed agent-day is priced)",
    )
    roster.add_argument(
        "--pins",
        type=Path,
        default=None,
        help="re-plan: shifts kept exactly, a CSV of agent_id,start,end (the shift's span)",
    )
    roster.add_argument("--time-limit", type=seconds, default=60.0, help="seconds (default 60)")
    roster.add_argument("--out", required=True, type=Path, help="roster.csv to write")
    roster.add_argument("--report", type=Path, default=None, help="report JSON to write")
    roster.set_defaults(handler=run_roster, writes_beside_out=("coverage.csv",))


def run_roster(args: argparse.Namespace) -> int:
    from staffing.io import write_json, written_together
    from staffing.roster.io import write_coverage, write_roster
    from staffing.roster.problem import RosterProblem
    from staffing.roster.solve import solve_roster

    files = {
        "previous roster": args.previous,
        "published roster": args.published,
        "pins": args.pins,
    }
    try:  # problems named with the user's files, not the library's names for them
        problem = RosterProblem.from_files(
            args.requirements,
            args.agents,
            args.rules,
            args.time_off,
            args.preferences,
            previous=args.previous,
            published=args.published,
            pins=args.pins,
        )
        say = stderr_clock()
        say(f"optimising the roster (up to {args.time_limit:g} s)")
        result = solve_roster(problem, time_limit_s=args.time_limit, progress=solver_progress(say))
    except StaffingInputError as exc:
        raise with_file_names(exc, files) from None
    coverage_path = args.out.with_name("coverage.csv")
    with written_together():
        write_roster(args.out, result.roster)
        write_coverage(coverage_path, result.coverage)
        if args.report is not None:
            write_json(args.report, result.report())
    print(
        f"Roster: {result.check.n_shifts} shifts, labour cost {result.labour_cost:,.2f}, "
        f"shortfall {result.shortfall_agent_hours:,.2f} agent-hours, gap {result.gap:.2%} "
        f"({result.status}, {result.solve_time_s:.1f} s). Wrote {args.out} and {coverage_path}."
    )
    for line in result.remarks():
        print(line)
    return 0
