"""Pre-checks: contradictions between rules, agents, leave and pins, explained in words.

A contradiction (no roster can satisfy the hard rules) raises :class:`RosterConflict`, a
``StaffingInputError`` whose problems name the rule and the agent. Things that only cost
coverage (a queue nobody may serve, an agent on leave all week) become notes on the result.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from staffing.agents import Agent, weekly_minimums
from staffing.errors import Problem, ProblemCollector, StaffingInputError
from staffing.i18n import Message, msg
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
                msg(
                    "a {hours:g} h shift (shifts.lengths_h) cannot hold its breaks ({names}) "
                    "inside their windows with work stretches of at least min_block_minutes = "
                    "{min_block} around them",
                    hours=length * step / 60,
                    names=names,
                    min_block=problem.rules.min_block_minutes,
                ),
                fix=msg("widen the break windows, lower min_block_minutes or drop that length"),
            )
    if problems:
        raise RosterConflict(problems.problems)


#: How many agents a problem that many agents share names before "...".
AGENTS_SHOWN = 5

#: Where the queues an agent may serve come from (``queues_are``), as the messages say it.
_QUEUES = {
    "in the requirements": msg("the queues in the requirements"),
    "with history": msg("the queues with history"),
    "in targets.toml": msg("the queues in targets.toml"),
}


def _queues(queues_are: str) -> Message:
    return _QUEUES.get(queues_are) or msg("the queues {where}", where=queues_are)


def agents_text(agent_ids: Sequence[str]) -> Message:
    """Several agents as a problem names them: the count and the first few.

    >>> str(agents_text(["A1", "A2"])), str(agents_text([f"A{i}" for i in range(9)]))
    ('2 agents (A1, A2)', '9 agents (A0, A1, A2, A3, A4, ...)')
    """
    shown = ", ".join(agent_ids[:AGENTS_SHOWN]) + (", ..." if len(agent_ids) > AGENTS_SHOWN else "")
    return msg("{n} agents ({shown})", n=len(agent_ids), shown=shown)


def semicolons(parts: Sequence[str]) -> str:
    """``parts`` joined by "; ", each part still translated (and the separator too).

    >>> str(semicolons(["a", "b", "c"]))
    'a; b; c'
    """
    joined = parts[0]
    for part in parts[1:]:
        joined = msg("{before}; {after}", before=joined, after=part)
    return joined


def _who(agent: Agent) -> Message:
    if agent.name:
        return msg("Agent {agent_id} ({name})", agent_id=agent.agent_id, name=agent.name)
    return msg("Agent {agent_id}", agent_id=agent.agent_id)


#: A problem's message and fix from who has it (one agent, or :func:`agents_text`), whether
#: that is several agents, and the values of its cause.
ProblemText = Callable[..., tuple[Message, Message]]


class PerAgent:
    """Problems of single agents, one per cause: an agent alone is named as always, agents
    who share a cause (the same check, with the same values) are one problem naming their
    count and the first few, so a rule that fails for every agent does not hide the rest."""

    def __init__(self) -> None:
        #: (text, its values) -> the agents (id and how one alone is named) it holds for
        self.found: dict[
            tuple[ProblemText, tuple[tuple[str, object], ...]], list[tuple[str, Message]]
        ] = {}

    def add(self, text: ProblemText, agent_id: str, who: Message, **cause: object) -> None:
        self.found.setdefault((text, tuple(sorted(cause.items()))), []).append((agent_id, who))

    def into(self, problems: ProblemCollector) -> None:
        for (text, cause), agents in self.found.items():
            many = len(agents) > 1
            who = agents_text([a for a, _ in agents]) if many else agents[0][1]
            message, fix = text(who, many, **dict(cause))
            problems.add(message, fix=fix)


def _serves_none(
    who: Message, channels: str, vip_levels: str, tier: int, queues: Message
) -> Message:
    return msg(
        "{who} (channels {channels}, VIP levels {vip_levels}, tier {tier}) may serve none of "
        "{queues}, so cannot work this week",
        who=who,
        channels=channels,
        vip_levels=vip_levels,
        tier=tier,
        queues=queues,
    )


def _serves_none_but_days(
    who: Message, many: bool, *, contract: str, days: int, **serves: Any
) -> tuple[Message, Message]:
    message = msg(
        "{serves}, but contract '{contract}' (rules.toml contracts.{contract}.days_per_week) "
        "requires at least {days} working days",
        serves=_serves_none(who, **serves),
        contract=contract,
        days=days,
    )
    return message, msg(
        "add a channel or VIP certification this week's queues need, or remove the agent "
        "from this week's agents.csv"
    )


def _serves_none_but_hours(
    who: Message, many: bool, *, hours: float, min_hours: float, **serves: Any
) -> tuple[Message, Message]:
    values = {"serves": _serves_none(who, **serves), "hours": hours, "min_hours": min_hours}
    if many:
        message = msg(
            "{serves}, but need at least {hours:g} paid hours (min_hours_week {min_hours:g}, "
            "after leave)",
            **values,
        )
    else:
        message = msg(
            "{serves}, but needs at least {hours:g} paid hours (min_hours_week {min_hours:g}, "
            "after leave)",
            **values,
        )
    return message, msg(
        "add a channel or VIP certification this week's queues need, or remove the agent "
        "from this week's agents.csv, or set min_hours_week to 0"
    )


def _too_few_days(
    who: Message, many: bool, *, max_days: int, contract: str, min_days: int, leave: int
) -> tuple[Message, Message]:
    message = msg(
        "{who} can work on only {max_days} days this week (time off, opening hours of their "
        "channels) but contract '{contract}' requires at least {min_days} (days_per_week, "
        "after {leave} whole days of leave)",
        who=who,
        max_days=max_days,
        contract=contract,
        min_days=min_days,
        leave=leave,
    )
    return message, msg("change the time off, the contract's days_per_week or the opening hours")


def _hours_out_of_reach(who: Message, many: bool, **values: Any) -> tuple[Message, Message]:
    if many:
        message = msg(
            "{who} need at least {needed:g} paid hours (min_hours_week {min_hours:g}, after "
            "leave) but the rules allow at most {days} days (contract '{contract}' "
            "days_per_week {contract_days}, time off) of at most {longest:g} paid hours "
            "(longest shift in shifts.lengths_h minus unpaid breaks) = {total:g} h",
            who=who,
            **values,
        )
    else:
        message = msg(
            "{who} needs at least {needed:g} paid hours (min_hours_week {min_hours:g}, after "
            "leave) but the rules allow at most {days} days (contract '{contract}' "
            "days_per_week {contract_days}, time off) of at most {longest:g} paid hours "
            "(longest shift in shifts.lengths_h minus unpaid breaks) = {total:g} h",
            who=who,
            **values,
        )
    return message, msg("lower min_hours_week, allow more days in the contract or longer shifts")


def _hours_above_most(who: Message, many: bool, **values: Any) -> tuple[Message, Message]:
    message = msg(
        "{who} may work at most {max_hours:g} paid hours (max_hours_week) but contract "
        "'{contract}' requires at least {days} days and the shortest shift pays {shortest:g} h "
        "= {least:g} h",
        who=who,
        **values,
    )
    return message, msg(
        "raise max_hours_week, lower the contract's minimum days or add a shorter shift length"
    )


def check_agents(
    problem: RosterProblem,
    space: ShiftSpace,
    limits: AgentLimits,
    *,
    queues_are: str = "in the requirements",
) -> list[str]:
    """Raise for agents whose rules contradict; return notes for the planner.
    ``queues_are`` says where the problem's queues come from, for the messages. Agents whose
    problem has the same cause are one problem (:class:`PerAgent`)."""
    problems = ProblemCollector("agents.csv")
    per_agent = PerAgent()
    notes: list[str] = []
    step = problem.interval_minutes
    max_shift_paid = int(space.pattern_paid.max())
    min_shift_paid = int(space.pattern_paid.min())
    queues = _queues(queues_are)
    for a, agent in enumerate(problem.agents):
        contract = problem.rules.contracts[agent.contract]
        who = _who(agent)
        leave = int(problem.leave_days[a])
        if leave >= N_DAYS:
            notes.append(
                msg("{who} is on leave all week (time_off.csv): no shifts are planned.", who=who)
            )
            continue
        if not problem.eligible[a].any():
            serves = {
                "channels": ";".join(agent.channels),
                "vip_levels": ";".join(agent.vip_levels),
                "tier": agent.tier,
                "queues": queues,
            }
            if limits.min_days[a] > 0:
                per_agent.add(
                    _serves_none_but_days,
                    agent.agent_id,
                    who,
                    contract=agent.contract,
                    days=int(limits.min_days[a]),
                    **serves,
                )
            elif limits.min_paid[a] > 0:
                per_agent.add(
                    _serves_none_but_hours,
                    agent.agent_id,
                    who,
                    hours=limits.min_paid[a] * step / 60,
                    min_hours=agent.min_hours_week,
                    **serves,
                )
            else:
                notes.append(msg("{who} may serve none of {queues}.", who=who, queues=queues))
            continue
        if limits.max_days[a] < limits.min_days[a]:
            per_agent.add(
                _too_few_days,
                agent.agent_id,
                who,
                max_days=int(limits.max_days[a]),
                contract=agent.contract,
                min_days=int(limits.min_days[a]),
                leave=leave,
            )
            continue
        reachable = limits.max_days[a] * max_shift_paid
        if reachable < limits.min_paid[a]:
            per_agent.add(
                _hours_out_of_reach,
                agent.agent_id,
                who,
                needed=limits.min_paid[a] * step / 60,
                min_hours=agent.min_hours_week,
                days=int(limits.max_days[a]),
                contract=agent.contract,
                contract_days=contract.max_days_per_week,
                longest=max_shift_paid * step / 60,
                total=reachable * step / 60,
            )
        least = limits.min_days[a] * min_shift_paid
        if least > limits.max_paid[a]:
            per_agent.add(
                _hours_above_most,
                agent.agent_id,
                who,
                max_hours=agent.max_hours_week,
                contract=agent.contract,
                days=int(limits.min_days[a]),
                shortest=min_shift_paid * step / 60,
                least=least * step / 60,
            )
    per_agent.into(problems)
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
    cause: Message
    if most_in_a_row <= rest_limit:
        if most_in_a_row > 1:
            cause = msg("at most {n} days in a row (max_consecutive_days)", n=most_in_a_row)
        else:
            cause = msg("at most {n} day in a row (max_consecutive_days)", n=most_in_a_row)
        key = "max_consecutive_days"
    else:
        if rest_limit > 1:
            cause = msg(
                "at most {n} days in a row (min_rest_h = {rest:g} between shifts of the "
                "allowed starts and lengths in [shifts])",
                n=rest_limit,
                rest=rules.min_rest_h,
            )
        else:
            cause = msg(
                "at most {n} day in a row (min_rest_h = {rest:g} between shifts of the "
                "allowed starts and lengths in [shifts])",
                n=rest_limit,
                rest=rules.min_rest_h,
            )
        key = "min_rest_h"
    week_most = most_days(run_limit, max_consecutive_days=most_in_a_row)
    max_shift_paid = int(space.pattern_paid.max())
    problems = ProblemCollector("agents.csv")
    per_agent = PerAgent()
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
        if before:
            why = msg(
                "with {cause}, the days they may work (time off, opening hours) and the previous "
                "roster's last {before} days in a row",
                cause=cause,
                before=before,
            )
        else:
            why = msg("with {cause}, the days they may work (time off, opening hours)", cause=cause)
        who = msg("Agent {agent_id}", agent_id=agent.agent_id)
        if min_days > most:
            per_agent.add(
                _too_few_days_in_a_row,
                agent.agent_id,
                who,
                most=most,
                why=why,
                contract=agent.contract,
                min_days=min_days,
                leave=int(problem.leave_days[a]),
                key=key,
            )
        elif (
            most * max_shift_paid < limits.min_paid[a] <= limits.max_days[a] * max_shift_paid
        ):  # out of reach only because of the days in a row (else check_agents explains)
            per_agent.add(
                _hours_out_of_reach_in_a_row,
                agent.agent_id,
                who,
                needed=limits.min_paid[a] * step / 60,
                min_hours=agent.min_hours_week,
                most=most,
                why=why,
                longest=max_shift_paid * step / 60,
                total=most * max_shift_paid * step / 60,
                key=key,
            )
    per_agent.into(problems)
    rule_problems = []
    for (contract, min_days), agent_ids in by_contract.items():
        days = rules.contracts[contract]
        shown = ", ".join(agent_ids[:10]) + (" ..." if len(agent_ids) > 10 else "")
        values = {
            "min_days": min_days,
            "cause": cause,
            "week_most": week_most,
            "contract": contract,
            "low": days.min_days_per_week,
            "high": days.max_days_per_week,
            "shown": shown,
        }
        if len(agent_ids) == 1:
            message = msg(
                "{min_days} days in 7 cannot be worked with {cause}: that allows at most "
                "{week_most} working days in a 7-day week, but contract '{contract}' "
                "(contracts.{contract}.days_per_week = [{low}, {high}]) requires at least "
                "{min_days} for 1 agent ({shown})",
                **values,
            )
        else:
            message = msg(
                "{min_days} days in 7 cannot be worked with {cause}: that allows at most "
                "{week_most} working days in a 7-day week, but contract '{contract}' "
                "(contracts.{contract}.days_per_week = [{low}, {high}]) requires at least "
                "{min_days} for {n} agents ({shown})",
                n=len(agent_ids),
                **values,
            )
        if key == "max_consecutive_days":
            first = msg("raise max_consecutive_days to at least {n}", n=_needed_in_a_row(min_days))
        else:
            first = msg("lower min_rest_h or allow later starts or shorter shifts")
        rule_problems.append(
            Problem(
                file="rules.toml",
                column=key,
                value=str(most_in_a_row if key == "max_consecutive_days" else rules.min_rest_h),
                message=message,
                fix=msg(
                    "{first}, or lower the contract's minimum days_per_week to {most}",
                    first=first,
                    most=week_most,
                ),
            )
        )
    if rule_problems or problems:
        raise RosterConflict([*rule_problems, *problems.problems])


def _too_few_days_in_a_row(
    who: Message, many: bool, *, key: str, **values: Any
) -> tuple[Message, Message]:
    message = msg(
        "{who} can work at most {most} days this week {why}, but contract '{contract}' requires "
        "at least {min_days} (days_per_week, after {leave} whole days of leave)",
        who=who,
        **values,
    )
    return message, msg("change the time off, the contract's days_per_week or {key}", key=key)


def _hours_out_of_reach_in_a_row(
    who: Message, many: bool, *, key: str, **values: Any
) -> tuple[Message, Message]:
    if many:
        message = msg(
            "{who} need at least {needed:g} paid hours (min_hours_week {min_hours:g}, after "
            "leave) but can work at most {most} days this week {why}, of at most {longest:g} "
            "paid hours = {total:g} h",
            who=who,
            **values,
        )
    else:
        message = msg(
            "{who} needs at least {needed:g} paid hours (min_hours_week {min_hours:g}, after "
            "leave) but can work at most {most} days this week {why}, of at most {longest:g} "
            "paid hours = {total:g} h",
            who=who,
            **values,
        )
    return message, msg("lower min_hours_week, allow longer shifts or change {key}", key=key)


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
    notes: list[str] = []
    served = problem.eligible.sum(axis=0) > 0  # queues at least one agent may serve
    for q, queue in enumerate(problem.queues):
        demand = problem.required[q].sum()
        if demand and not served[q]:
            notes.append(
                msg(
                    "Queue {queue} needs {hours:g} agent-hours but no agent may serve it (needs "
                    "channel {channel}, VIP level {vip_level} and tier {tier} or above): it stays "
                    "uncovered.",
                    queue=queue.label,
                    hours=demand * problem.interval_minutes / 60,
                    channel=queue.channel,
                    vip_level=queue.vip_level,
                    tier=queue.min_tier,
                )
            )
        closed = (problem.required[q] > 0) & ~problem.queue_open[q, : problem.n_week_intervals]
        if closed.any():
            notes.append(
                msg(
                    "Queue {queue} has requirements in {n} intervals when channel {channel} is "
                    "closed (rules.toml opening_hours): they stay uncovered.",
                    queue=queue.label,
                    n=int(closed.sum()),
                    channel=queue.channel,
                )
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
        label = msg(
            "Pinned shift {agent_id} {start:%Y-%m-%d %H:%M}-{end:%H:%M}",
            agent_id=pin.agent_id,
            start=pin.start,
            end=pin.end,
        )
        if pin.agent_id not in ids:
            problems.add(
                msg("{label}: unknown agent", label=label),
                fix=msg("use an agent_id from agents.csv"),
            )
            continue
        a = ids[pin.agent_id]
        day = (pin.start.normalize() - problem.week_start).days
        minutes = (pin.start - pin.start.normalize()) / np.timedelta64(1, "m")
        length = (pin.end - pin.start) / np.timedelta64(1, "m")
        if not 0 <= day < N_DAYS:
            problems.add(
                msg("{label}: starts outside the planning week", label=label),
                fix=msg("remove the pin"),
            )
            continue
        key = (int(minutes // step), int(length // step))
        if minutes % step or length % step or key not in patterns:
            problems.add(
                msg(
                    "{label}: not an allowed shift (rules.toml shifts: starts {step}-minutely "
                    "between earliest_start and latest_start, lengths_h {lengths})",
                    label=label,
                    step=problem.rules.shifts.start_step_minutes,
                    lengths=list(problem.rules.shifts.lengths_h),
                ),
                fix=msg("move the pin to an allowed start and length"),
            )
            continue
        s = patterns[key]
        if not space.allowed[a, day, s]:
            first = space.shift_start(day, s)
            if problem.unavailable[a, first:][: key[1]].any():
                reason = msg("overlaps the agent's time off (time_off.csv)")
            elif first < problem.previous_end[a] + space.rest:
                reason = msg(
                    "starts less than min_rest_h {rest:g} after the agent's last shift of the "
                    "previous roster",
                    rest=problem.rules.min_rest_h,
                )
            elif not problem.eligible[a].any():
                reason = msg("the agent may serve none of the queues in the requirements")
            else:
                reason = msg(
                    "covers hours when none of the agent's channels is open (opening_hours)"
                )
            problems.add(
                msg("{label}: {reason}", label=label, reason=reason),
                fix=msg("move or remove the pin"),
            )
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
                msg(
                    "Agent {agent_id} has two pinned shifts on one day (one shift a day)",
                    agent_id=agent_id,
                ),
                fix=msg("keep one pin per day"),
            )
            continue
        for one, next_one in itertools.pairwise(pins):
            end = space.shift_start(one.day, one.pattern) + int(space.pattern_lengths[one.pattern])
            gap = space.shift_start(next_one.day, next_one.pattern) - end
            if gap < rest:
                problems.add(
                    msg(
                        "Agent {agent_id}: pinned shifts on day {day} and day {next_day} leave "
                        "{hours:g} h rest, below min_rest_h {rest:g}",
                        agent_id=agent_id,
                        day=one.day + 1,
                        next_day=next_one.day + 1,
                        hours=gap * step / 60,
                        rest=problem.rules.min_rest_h,
                    ),
                    fix=msg("move one of the pins"),
                )
        if len(pins) > limits.max_days[a]:
            problems.add(
                msg(
                    "Agent {agent_id} has {n} pinned shifts but may work at most {days} days "
                    "(contract '{contract}' days_per_week, time off)",
                    agent_id=agent_id,
                    n=len(pins),
                    days=int(limits.max_days[a]),
                    contract=problem.agents[a].contract,
                ),
                fix=msg("remove pins"),
            )
        paid = sum(int(space.pattern_paid[p.pattern]) for p in pins)
        if paid > limits.max_paid[a]:
            problems.add(
                msg(
                    "Agent {agent_id}: pinned shifts pay {hours:g} h, above max_hours_week "
                    "{max_hours:g}",
                    agent_id=agent_id,
                    hours=paid * step / 60,
                    max_hours=problem.agents[a].max_hours_week,
                ),
                fix=msg("remove or shorten pins"),
            )
        before = int(problem.previous_run[a])
        run = longest_run(set(days), before)
        if run > problem.rules.max_consecutive_days:
            values = {
                "agent_id": agent_id,
                "run": run,
                "before": before,
                "limit": problem.rules.max_consecutive_days,
            }
            if before:
                message = msg(
                    "Agent {agent_id}: pins make {run} consecutive working days (with the "
                    "previous roster's last {before}), above max_consecutive_days {limit}",
                    **values,
                )
            else:
                message = msg(
                    "Agent {agent_id}: pins make {run} consecutive working days, above "
                    "max_consecutive_days {limit}",
                    **values,
                )
            problems.add(message, fix=msg("remove a pin in the middle of the run"))
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
