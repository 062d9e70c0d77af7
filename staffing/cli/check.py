"""``staffing check``: the independent rule check of a roster.csv."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EXIT_RULES_BROKEN = 1
MAX_VIOLATIONS_PRINTED = 200


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser(
        "check",
        help="check a roster against every labour and shift rule (exit 1 if it breaks any)",
        description="Check roster.csv against rules.toml, agents.csv and (optionally) leave "
        "and requirements, with a validator independent of the optimiser; recompute coverage "
        "and cost. Exit codes: 0 the roster is valid, 1 the roster breaks rules (each "
        "violation is listed), 2 bad input (a file is missing or malformed).",
    )
    check.add_argument("--roster", required=True, type=Path, help="roster.csv to check")
    add_rule_inputs(check)
    check.add_argument(
        "--requirements",
        type=Path,
        help="requirements.csv: adds min_tier checks and recomputed coverage",
    )
    check.add_argument("--report", type=Path, help="write the result as JSON to this file")
    check.set_defaults(handler=run_check)


def add_rule_inputs(parser: argparse.ArgumentParser) -> None:
    """--agents, --rules, --time-off and --previous: what a roster is checked against."""
    parser.add_argument("--agents", required=True, type=Path, help="agents.csv")
    parser.add_argument("--rules", required=True, type=Path, help="rules.toml")
    parser.add_argument("--time-off", type=Path, help="time_off.csv (leave)")
    parser.add_argument(
        "--previous",
        type=Path,
        help="roster.csv of the week before: rest and consecutive days carry over from it",
    )
    parser.add_argument(
        "--week-start",
        help="first day of the planning week, like 2026-11-09 (default: the first "
        "requirement interval's day, else the first shift's date); weekly days and hours, "
        "and leave, count from it",
    )


def read_rule_inputs(args: argparse.Namespace) -> tuple[Any, Any, Any, Any]:
    """Rules, agents, leave (or None) and the week before's roster (or None) of
    :func:`add_rule_inputs`' options."""
    from staffing.agents import read_agents, read_time_off
    from staffing.roster.io import read_roster
    from staffing.rules import read_rules

    rules = read_rules(args.rules)
    agents = read_agents(args.agents, rules=rules)
    time_off = (
        None
        if args.time_off is None
        else read_time_off(args.time_off, agent_ids=[a.agent_id for a in agents])
    )
    previous = None if args.previous is None else read_roster(args.previous)
    return rules, agents, time_off, previous


def week_start_of(args: argparse.Namespace) -> Any:
    """The ``--week-start`` of :func:`add_rule_inputs` as a timestamp (None when not given)."""
    import pandas as pd

    from staffing.errors import Problem, StaffingInputError

    if args.week_start is None:
        return None
    week_start = pd.to_datetime(args.week_start, errors="coerce", format="ISO8601")
    if pd.isna(week_start):
        raise StaffingInputError(
            Problem(
                message=f"--week-start '{args.week_start}' is not a date",
                fix="write it like 2026-11-09",
            )
        )
    return week_start


def check_roster_files(args: argparse.Namespace, roster: Any, **inputs: Any) -> Any:
    """``check_roster`` on the files of ``args`` (``--roster``, ``--previous``): a roster
    that cannot be checked is reported with their file names."""
    from staffing.cli import with_file_names
    from staffing.errors import StaffingInputError
    from staffing.roster.validate import check_roster

    try:
        return check_roster(roster, **inputs)
    except StaffingInputError as exc:
        files = {"roster": args.roster, "previous roster": args.previous}
        raise with_file_names(exc, files) from None


def run_check(args: argparse.Namespace) -> int:

    from staffing.io import write_json
    from staffing.requirements import read_requirements
    from staffing.roster.io import read_roster

    rules, agents, time_off, previous = read_rule_inputs(args)
    roster = read_roster(args.roster)
    requirements = None if args.requirements is None else read_requirements(args.requirements)
    result = check_roster_files(
        args,
        roster,
        agents=agents,
        rules=rules,
        requirements=requirements,
        time_off=time_off,
        week_start=week_start_of(args),
        previous=previous,
    )
    print(result.summary())
    shown = result.violations.head(MAX_VIOLATIONS_PRINTED)
    for row in shown.itertuples(index=False):
        print(f"  {row.rule}: agent {row.agent_id} on {row.date:%Y-%m-%d}: {row.detail}")
    hidden = len(result.violations) - len(shown)
    if hidden:
        print(f"  ... and {hidden} more (see --report for all).")
    if args.time_off is None and result.below_minimum().any():  # leave may have been left out
        print(
            "Leave lowers the weekly minimums: if agents have leave this week, pass --time-off "
            "with the time-off file the roster was made with."
        )
    if args.report is not None:
        report = {
            "valid": result.ok,
            "n_violations": len(result.violations),
            "violations_per_rule": {
                str(rule): int(n) for rule, n in result.violation_counts().items()
            },
            "violations": [
                {
                    "rule": row.rule,
                    "agent_id": row.agent_id,
                    "date": f"{row.date:%Y-%m-%d}",
                    "detail": row.detail,
                }
                for row in result.violations.itertuples(index=False)
            ],
            "week_start": f"{result.week_start:%Y-%m-%d}",
            "n_weeks": result.n_weeks,
            "n_agents": result.n_agents,
            "n_shifts": result.n_shifts,
            "paid_hours": round(float(result.paid_hours["paid_hours"].sum()), 6),
            "cost": round(result.cost, 6),
            "shortfall_agent_hours": None
            if result.coverage is None
            else round(result.shortfall_agent_hours(rules.interval_minutes), 6),
        }
        write_json(args.report, report)
    return 0 if result.ok else EXIT_RULES_BROKEN
