"""Pre-checks: contradictions between rules, agents, leave and pins, explained in words.

A contradiction (no roster can satisfy the hard rules) raises :class:`RosterConflict`, a
``StaffingInputError`` whose problems name the rule and the agent. Things that only cost
coverage (a queue nobody may serve, an agent on leave all week) become notes on the result.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from staffing.agents import Agent, weekly_minimums
from staffing.errors import Problem, ProblemCollector, StaffingInputError
from staffing.roster.problem import N_DAYS, RosterProblem
from staffing.roster.shifts import ShiftSpace
from staffing.rules import Rules


class RosterConflict(StaffingInputError):
    """The hard rules contradict each other for some agent or pin; no roster exists."""


@dataclass(frozen=True, kw_only=True)
class AgentLimits:
    """Weekly bounds per agent after crediting leave, in days and paid intervals."""

    min_days: np.ndarray
    max_days: np.ndarray
    min_paid: np.ndarray
    max_paid: np.ndarray


@dataclass(frozen=True, kw_only=True)
class PinnedShift:
    agent: int
    day: int
    pattern: int


def agent_limits(problem: RosterProblem, space: ShiftSpace) -> AgentLimits:
    step = problem.interval_minutes
    min_days, max_days, min_paid, max_paid = [], [], [], []
    available_days = space.allowed.any(axis=2).sum(axis=1)
    for a, agent in enumerate(problem.agents):
        contract = problem.rules.contracts[agent.contract]
        days, hours = weekly_minimums(agent, contract, int(problem.leave_days[a]))
        min_days.append(days)
        max_days.append(min(contract.max_days_per_week, int(available_days[a])))
        min_paid.append(int(np.ceil(hours * 60 / step - 1e-9)))
        max_paid.append(int(np.floor(agent.max_hours_week * 60 / step + 1e-9)))
    return AgentLimits(
        min_days=np.array(min_days, dtype=np.int64),
        max_days=np.array(max_days, dtype=np.int64),
        min_paid=np.array(min_paid, dtype=np.int64),
        max_paid=np.array(max_paid, dtype=np.int64),
    )


def check_rules_fit(problem: RosterProblem, space: ShiftSpace) -> None:
    """Every shift length must be able to hold its breaks with full work blocks around them."""
    problems = ProblemCollector("rules.toml")
    step = problem.interval_minutes
    for length, placements in space.break_placements.items():
        if not placements:
            names = ", ".join(b.name for b in problem.rules.breaks_for(length * step))
            problems.add(
                f"a {length * step / 60:g} h shift (shifts.lengths_h) cannot hold its breaks "
                f"({names}) inside their windows with work stretches of at least "
                f"min_block_minutes = {problem.rules.min_block_minutes} around them",
                fix="widen the break windows, lower min_block_minutes or drop that length",
            )
    if problems:
        raise RosterConflict(problems.problems)


def check_agents(
    problem: RosterProblem,
    space: ShiftSpace,
    limits: AgentLimits,
    *,
    queues_are: str = "in the requirements",
) -> list[str]:
    """Raise for agents whose rules contradict; return notes for the planner.
    ``queues_are`` says where the problem's queues come from, for the messages."""
    problems = ProblemCollector("agents.csv")
    notes = []
    step = problem.interval_minutes
    max_shift_paid = int(space.pattern_paid.max())
    min_shift_paid = int(space.pattern_paid.min())
    for a, agent in enumerate(problem.agents):
        contract = problem.rules.contracts[agent.contract]
        who = f"Agent {agent.agent_id} ({agent.name})" if agent.name else f"Agent {agent.agent_id}"
        leave = int(problem.leave_days[a])
        if leave >= N_DAYS:
            notes.append(f"{who} is on leave all week (time_off.csv): no shifts are planned.")
            continue
        if not problem.eligible[a].any():
            serves = (
                f"{who} (channels {';'.join(agent.channels)}, VIP levels "
                f"{';'.join(agent.vip_levels)}, tier {agent.tier}) may serve none of the "
                f"queues {queues_are}, so cannot work this week"
            )
            fix = (
                "add a channel or VIP certification this week's queues need, or remove the "
                "agent from this week's agents.csv"
            )
            if limits.min_days[a] > 0:
                problems.add(
                    f"{serves}, but contract '{agent.contract}' (rules.toml "
                    f"contracts.{agent.contract}.days_per_week) requires at least "
                    f"{limits.min_days[a]} working days",
                    fix=fix,
                )
            elif limits.min_paid[a] > 0:
                problems.add(
                    f"{serves}, but needs at least {limits.min_paid[a] * step / 60:g} paid "
                    f"hours (min_hours_week {agent.min_hours_week:g}, after leave)",
                    fix=fix + ", or set min_hours_week to 0",
                )
            else:
                notes.append(f"{who} may serve none of the queues {queues_are}.")
            continue
        if limits.max_days[a] < limits.min_days[a]:
            problems.add(
                f"{who} can work on only {limits.max_days[a]} days this week (time off, "
                f"opening hours of their channels) but contract '{agent.contract}' requires at "
                f"least {limits.min_days[a]} (days_per_week, after {leave} whole days of leave)",
                fix="change the time off, the contract's days_per_week or the opening hours",
            )
            continue
        reachable = limits.max_days[a] * max_shift_paid
        if reachable < limits.min_paid[a]:
            problems.add(
                f"{who} needs at least {limits.min_paid[a] * step / 60:g} paid hours "
                f"(min_hours_week {agent.min_hours_week:g}, after leave) but the rules allow at "
                f"most {limits.max_days[a]} days (contract '{agent.contract}' days_per_week "
                f"{contract.max_days_per_week}, time off) of at most "
                f"{max_shift_paid * step / 60:g} paid hours (longest shift in shifts.lengths_h "
                f"minus unpaid breaks) = {reachable * step / 60:g} h",
                fix="lower min_hours_week, allow more days in the contract or longer shifts",
            )
        least = limits.min_days[a] * min_shift_paid
        if least > limits.max_paid[a]:
            problems.add(
                f"{who} may work at most {agent.max_hours_week:g} paid hours (max_hours_week) "
                f"but contract '{agent.contract}' requires at least {limits.min_days[a]} days "
                f"and the shortest shift pays {min_shift_paid * step / 60:g} h "
                f"= {least * step / 60:g} h",
                fix="raise max_hours_week, lower the contract's minimum days or add a shorter "
                "shift length",
            )
    if problems:
        raise RosterConflict(problems.problems)
    return notes


#: Every set of working days of a week, as ``WEEKS[mask, day]`` (2**7 rows).
WEEKS = (np.arange(2**N_DAYS)[:, None] >> np.arange(N_DAYS)[None, :]) & 1 == 1


def _runs(weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per week: the days in a row it starts with, and its longest run of working days."""
    lead = np.cumprod(weeks, axis=1).sum(axis=1)
    run = np.zeros(len(weeks), dtype=np.int64)
    longest = np.zeros(len(weeks), dtype=np.int64)
    for d in range(N_DAYS):
        run = np.where(weeks[:, d], run + 1, 0)
        longest = np.maximum(longest, run)
    return lead, longest


WEEK_SIZES = WEEKS.sum(axis=1)
WEEK_LEADS, WEEK_RUNS = _runs(WEEKS)


def most_days(
    run_limit: int,
    *,
    max_consecutive_days: int | None = None,
    available: np.ndarray | None = None,
    before: int = 0,
) -> int:
    """The most working days in a 7-day week with at most ``run_limit`` days in a row, only
    on ``available`` days, and with the ``before`` days in a row worked up to the week
    counting towards ``max_consecutive_days`` (default ``run_limit``).

    >>> most_days(1), most_days(2), most_days(2, before=2), most_days(7)
    (4, 5, 4, 7)
    """
    ok = run_limit >= WEEK_RUNS
    limit = run_limit if max_consecutive_days is None else max_consecutive_days
    ok &= (WEEK_LEADS == 0) | (before + WEEK_LEADS <= limit)
    if available is not None:
        ok &= ~(WEEKS & ~np.asarray(available, dtype=bool)[None, :]).any(axis=1)
    return int(WEEK_SIZES[ok].max()) if ok.any() else 0


def rest_run_limit(problem: RosterProblem, space: ShiftSpace) -> int:
    """The most days in a row that any allowed shifts can follow each other with
    ``min_rest_h`` between them (7 when rest never ends a run)."""
    ends = space.pattern_starts + space.pattern_lengths
    gap = problem.intervals_per_day + space.pattern_starts[None, :] - ends[:, None]
    follows = (gap >= space.rest).astype(np.int64)  # follows[p, q]: q the day after p
    can_end = np.ones(len(ends), dtype=np.int64)
    for days in range(1, N_DAYS):
        can_end = (can_end @ follows > 0).astype(np.int64)
        if not can_end.any():
            return days
    return N_DAYS


def check_consecutive_days(problem: RosterProblem, space: ShiftSpace, limits: AgentLimits) -> None:
    """Raise when a contract's minimum days (or an agent's minimum hours) cannot be worked in
    a 7-day week with at most ``max_consecutive_days`` days in a row (fewer when
    ``min_rest_h`` between the allowed shifts ends a run sooner), after time off and the
    days in a row the previous roster ends with."""
    rules = problem.rules
    step = problem.interval_minutes
    most_in_a_row = rules.max_consecutive_days
    rest_limit = rest_run_limit(problem, space)
    run_limit = min(most_in_a_row, rest_limit)
    if most_in_a_row <= rest_limit:
        plural = "s" if most_in_a_row > 1 else ""
        cause = f"at most {most_in_a_row} day{plural} in a row (max_consecutive_days)"
        key = "max_consecutive_days"
    else:
        cause = (
            f"at most {rest_limit} day{'s' if rest_limit > 1 else ''} in a row (min_rest_h = "
            f"{rules.min_rest_h:g} between shifts of the allowed starts and lengths in [shifts])"
        )
        key = "min_rest_h"
    week_most = most_days(run_limit, max_consecutive_days=most_in_a_row)
    max_shift_paid = int(space.pattern_paid.max())
    problems = ProblemCollector("agents.csv")
    by_contract: dict[tuple[str, int], list[str]] = {}
    for a, agent in enumerate(problem.agents):
        if (
            problem.leave_days[a] >= N_DAYS
            or not problem.eligible[a].any()
            or limits.max_days[a] < limits.min_days[a]
        ):
            continue  # check_agents notes or explains these agents
        min_days = int(limits.min_days[a])
        if min_days > week_most:
            by_contract.setdefault((agent.contract, min_days), []).append(agent.agent_id)
            continue
        before = int(problem.previous_run[a])
        available = space.allowed[a].any(axis=1)
        most = most_days(
            run_limit, max_consecutive_days=most_in_a_row, available=available, before=before
        )
        most = min(most, int(limits.max_days[a]))
        why = f"with {cause}, the days they may work (time off, opening hours)" + (
            f" and the previous roster's last {before} days in a row" if before else ""
        )
        who = f"Agent {agent.agent_id}"
        if min_days > most:
            problems.add(
                f"{who} can work at most {most} days this week {why}, but contract "
                f"'{agent.contract}' requires at least {min_days} (days_per_week, after "
                f"{int(problem.leave_days[a])} whole days of leave)",
                fix=f"change the time off, the contract's days_per_week or {key}",
            )
        elif (
            most * max_shift_paid < limits.min_paid[a] <= limits.max_days[a] * max_shift_paid
        ):  # out of reach only because of the days in a row (else check_agents explains)
            problems.add(
                f"{who} needs at least {limits.min_paid[a] * step / 60:g} paid hours "
                f"(min_hours_week {agent.min_hours_week:g}, after leave) but can work at most "
                f"{most} days this week {why}, of at most {max_shift_paid * step / 60:g} paid "
                f"hours = {most * max_shift_paid * step / 60:g} h",
                fix=f"lower min_hours_week, allow longer shifts or change {key}",
            )
    rule_problems = []
    for (contract, min_days), agent_ids in by_contract.items():
        days = rules.contracts[contract]
        shown = ", ".join(agent_ids[:10]) + (" ..." if len(agent_ids) > 10 else "")
        who = "1 agent" if len(agent_ids) == 1 else f"{len(agent_ids)} agents"
        rule_problems.append(
            Problem(
                file="rules.toml",
                column=key,
                value=str(most_in_a_row if key == "max_consecutive_days" else rules.min_rest_h),
                message=f"{min_days} days in 7 cannot be worked with {cause}: that allows at "
                f"most {week_most} working days in a 7-day week, but contract '{contract}' "
                f"(contracts.{contract}.days_per_week = [{days.min_days_per_week}, "
                f"{days.max_days_per_week}]) requires at least {min_days} for {who} "
                f"({shown})",
                fix=(
                    f"raise max_consecutive_days to at least {_needed_in_a_row(min_days)}"
                    if key == "max_consecutive_days"
                    else "lower min_rest_h or allow later starts or shorter shifts"
                )
                + f", or lower the contract's minimum days_per_week to {week_most}",
            )
        )
    if rule_problems or problems:
        raise RosterConflict([*rule_problems, *problems.problems])


def _needed_in_a_row(days: int) -> int:
    """The fewest days in a row that allow ``days`` working days in a 7-day week."""
    return next(n for n in range(1, N_DAYS + 1) if most_days(n) >= days)


def check_rules_and_agents(
    *,
    agents: Sequence[Agent],
    rules: Rules,
    queues: Sequence[tuple[str, str, int]],
    queues_are: str,
    week_start: pd.Timestamp | None = None,
    time_off: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> list[str]:
    """The up-front checks of :func:`~staffing.roster.solve.solve_roster` that need no
    requirements (shifts hold their breaks, agents' contracts and hours fit the shifts and
    the consecutive-day rule, every agent who must work may serve a queue), for ``queues``
    ((channel, vip_level, min_tier), e.g. those with history), without building any model.

    Raises one :class:`RosterConflict` with the problems of every check, with the messages
    the roster gives; returns the notes. Without ``week_start`` (no planning week yet) the
    week has no leave and no previous roster."""
    if not queues:
        return []
    start = pd.Timestamp("2024-01-01") if week_start is None else week_start  # a Monday
    requirements = pd.DataFrame(
        {
            "interval_start": start,
            "channel": [c for c, _, _ in queues],
            "vip_level": [v for _, v, _ in queues],
            "required_agents": 0,
            "min_tier": [t for _, _, t in queues],
        }
    )
    problem = RosterProblem.from_frames(
        requirements=requirements,
        agents=agents,
        rules=rules,
        time_off=None if week_start is None else time_off,
        previous=None if week_start is None else previous,
    )
    space = ShiftSpace(problem)
    found: list[Problem] = []
    notes: list[str] = []
    try:
        check_rules_fit(problem, space)
    except RosterConflict as exc:
        found += exc.problems
    limits = agent_limits(problem, space)
    try:
        notes = check_agents(problem, space, limits, queues_are=queues_are)
    except RosterConflict as exc:
        found += exc.problems
    try:
        check_consecutive_days(problem, space, limits)
    except RosterConflict as exc:
        found += [p for p in exc.problems if p not in found]
    if found:
        raise RosterConflict(found)
    return notes


def unservable_queue_notes(problem: RosterProblem) -> list[str]:
    notes = []
    served = problem.eligible.sum(axis=0) > 0  # queues at least one agent may serve
    for q, queue in enumerate(problem.queues):
        demand = problem.required[q].sum()
        if demand and not served[q]:
            notes.append(
                f"Queue {queue.label} needs {demand * problem.interval_minutes / 60:g} agent-hours "
                f"but no agent may serve it (needs channel {queue.channel}, VIP level "
                f"{queue.vip_level} and tier {queue.min_tier} or above): it stays uncovered."
            )
        closed = (problem.required[q] > 0) & ~problem.queue_open[q, : problem.n_week_intervals]
        if closed.any():
            notes.append(
                f"Queue {queue.label} has requirements in {int(closed.sum())} intervals when "
                f"channel {queue.channel} is closed (rules.toml opening_hours): they stay "
                "uncovered."
            )
    return notes


def check_pins(problem: RosterProblem, space: ShiftSpace, limits: AgentLimits) -> list[PinnedShift]:
    """Turn pins into (agent, day, pattern) and explain every pin that breaks a rule."""
    problems = ProblemCollector("pins")
    pinned: list[PinnedShift] = []
    ids = {a.agent_id: i for i, a in enumerate(problem.agents)}
    step = problem.interval_minutes
    patterns = {(p.start, p.length): s for s, p in enumerate(problem.patterns)}
    for pin in problem.pins:
        label = f"Pinned shift {pin.agent_id} {pin.start:%Y-%m-%d %H:%M}-{pin.end:%H:%M}"
        if pin.agent_id not in ids:
            problems.add(f"{label}: unknown agent", fix="use an agent_id from agents.csv")
            continue
        a = ids[pin.agent_id]
        day = (pin.start.normalize() - problem.week_start).days
        minutes = (pin.start - pin.start.normalize()) / np.timedelta64(1, "m")
        length = (pin.end - pin.start) / np.timedelta64(1, "m")
        if not 0 <= day < N_DAYS:
            problems.add(f"{label}: starts outside the planning week", fix="remove the pin")
            continue
        key = (int(minutes // step), int(length // step))
        if minutes % step or length % step or key not in patterns:
            problems.add(
                f"{label}: not an allowed shift (rules.toml shifts: starts "
                f"{problem.rules.shifts.start_step_minutes}-minutely between earliest_start and "
                f"latest_start, lengths_h {list(problem.rules.shifts.lengths_h)})",
                fix="move the pin to an allowed start and length",
            )
            continue
        s = patterns[key]
        if not space.allowed[a, day, s]:
            first = space.shift_start(day, s)
            if problem.unavailable[a, first:][: key[1]].any():
                reason = "overlaps the agent's time off (time_off.csv)"
            elif first < problem.previous_end[a] + space.rest:
                reason = (
                    f"starts less than min_rest_h {problem.rules.min_rest_h:g} after the "
                    "agent's last shift of the previous roster"
                )
            elif not problem.eligible[a].any():
                reason = "the agent may serve none of the queues in the requirements"
            else:
                reason = "covers hours when none of the agent's channels is open (opening_hours)"
            problems.add(f"{label}: {reason}", fix="move or remove the pin")
            continue
        pinned.append(PinnedShift(agent=a, day=day, pattern=s))
    by_agent: dict[int, list[PinnedShift]] = {}
    for p in pinned:
        by_agent.setdefault(p.agent, []).append(p)
    rest = space.rest
    for a, pins in by_agent.items():
        agent_id = problem.agents[a].agent_id
        pins.sort(key=lambda p: p.day)
        days = [p.day for p in pins]
        if len(set(days)) != len(days):
            problems.add(
                f"Agent {agent_id} has two pinned shifts on one day (one shift a day)",
                fix="keep one pin per day",
            )
            continue
        for one, next_one in itertools.pairwise(pins):
            end = space.shift_start(one.day, one.pattern) + int(space.pattern_lengths[one.pattern])
            gap = space.shift_start(next_one.day, next_one.pattern) - end
            if gap < rest:
                problems.add(
                    f"Agent {agent_id}: pinned shifts on day {one.day + 1} and day "
                    f"{next_one.day + 1} leave {gap * step / 60:g} h rest, below min_rest_h "
                    f"{problem.rules.min_rest_h:g}",
                    fix="move one of the pins",
                )
        if len(pins) > limits.max_days[a]:
            problems.add(
                f"Agent {agent_id} has {len(pins)} pinned shifts but may work at most "
                f"{limits.max_days[a]} days (contract '{problem.agents[a].contract}' "
                "days_per_week, time off)",
                fix="remove pins",
            )
        paid = sum(int(space.pattern_paid[p.pattern]) for p in pins)
        if paid > limits.max_paid[a]:
            problems.add(
                f"Agent {agent_id}: pinned shifts pay {paid * step / 60:g} h, above "
                f"max_hours_week {problem.agents[a].max_hours_week:g}",
                fix="remove or shorten pins",
            )
        before = int(problem.previous_run[a])
        run = longest_run(set(days), before)
        if run > problem.rules.max_consecutive_days:
            carried = f" (with the previous roster's last {before})" if before else ""
            problems.add(
                f"Agent {agent_id}: pins make {run} consecutive working days{carried}, above "
                f"max_consecutive_days {problem.rules.max_consecutive_days}",
                fix="remove a pin in the middle of the run",
            )
    if problems:
        raise RosterConflict(problems.problems)
    return pinned


def longest_run(days: set[int] | dict[int, int], before: int = 0) -> int:
    """Longest stretch of consecutive days in ``days``, after ``before`` days in a row worked
    up to the week's first day (the previous roster's last days).

    >>> longest_run({0, 1, 2, 4, 5}), longest_run({0, 1, 2, 4, 5}, before=2)
    (3, 5)
    """
    best = run = before
    for d in range(N_DAYS):
        run = run + 1 if d in days else 0
        best = max(best, run)
    return best


def most_long_shifts(limits: AgentLimits, agents: list[int] | np.ndarray, level: int) -> int:
    """The most shifts of at least ``level`` paid intervals these agents can work in a week
    together (each within the contract's days and the weekly paid hours)."""
    index = np.asarray(agents, dtype=np.int64)
    return int(np.minimum(limits.max_days[index], limits.max_paid[index] // level).sum())
