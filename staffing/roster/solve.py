"""``solve_roster``: the three stages, the objective of the result, its bound and its check.

1. :mod:`staffing.roster.aggregate` (an LP): shift counts per interchangeable group, day and
   pattern, with per-agent weekly days and hours: its best bound is the reported lower bound.
2. :mod:`staffing.roster.assign` (CP-SAT, one model per group): who works which shift, with
   every weekly rule hard (rest, consecutive days, days and hours, pins), hinted greedily.
3. :mod:`staffing.roster.blocks`: breaks in their windows and queue blocks, then a local search
   on the real objective that re-chooses each agent-day (off or any pattern within the weekly
   rules, with its breaks and blocks) until the time limit, on two cores when there are two.

The finished roster is re-priced term by term (:class:`ObjectiveParts`); the gap is
``(objective - lower_bound) / objective``. Every result passes the independent validator
(:func:`staffing.roster.validate.check_roster`) before it is returned.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from staffing.errors import Problem
from staffing.i18n import msg
from staffing.roster.aggregate import AggregateModel, bucket_intervals, build_aggregate
from staffing.roster.assign import (
    Assignment,
    AssignModel,
    build_assign,
    candidate_shifts,
    explain_infeasible,
    greedy_hint,
    greedy_week,
    late_patterns,
    week_assignments,
    week_is_valid,
    weekend_days,
)
from staffing.roster.blocks import (
    Block,
    PlannedShift,
    available_cores,
    place_blocks,
    queue_switches,
)
from staffing.roster.checks import (
    AgentLimits,
    PinnedShift,
    RosterConflict,
    agent_limits,
    check_agents,
    check_consecutive_days,
    check_pins,
    check_rules_fit,
    most_long_shifts,
    unservable_queue_notes,
)
from staffing.roster.objective import (
    CHANGE_UNITS,
    FAIRNESS_UNITS,
    OVERSTAFF_UNITS,
    PREFERENCE_UNITS,
    SWITCH_UNITS,
    ObjectiveParts,
    Weights,
    spread,
)
from staffing.roster.problem import N_DAYS, RosterProblem
from staffing.roster.shifts import Group, ShiftSpace
from staffing.roster.validate import RosterCheck, check_roster

#: Shortest time a group's assignment model gets, whatever the time limit.
MIN_GROUP_SECONDS = 0.3
#: Share of the time limit given to stage 1 at most.
AGGREGATE_SHARE = 0.6
#: Share of the time left after stage 1 that stage 2 gets; stage 3 has the rest. Measured at
#: 200 agents, 60 s, four seeds (stage 2 starting from the whole greedy week, two searches in
#: stage 3): gap 5.4-6.8% with 0.05, 5.2-6.9% with 0.2.
ASSIGN_SHARE = 0.05
#: Share of the time limit by which the roster is finished (pricing and the check included).
FINISH_SHARE = 0.97
#: Seconds over the time limit after which the result says that the limit was too short.
OVERRUN_NOTE_S = 1.0
SHORTFALL_COLUMNS = (
    "channel",
    "vip_level",
    "reason",
    "shortfall_agent_hours",
    "n_intervals",
    "first_interval",
    "last_interval",
)


@dataclass(frozen=True, kw_only=True)
class Progress:
    """One progress report: the stage, seconds since the start, the objective of the roster so
    far (None before stage 3 has a whole roster) and the lower bound."""

    stage: str
    elapsed_s: float
    objective: float | None
    bound: float


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True, kw_only=True)
class RosterResult:
    """A roster and everything known about its quality.

    ``status``: ``optimal`` (gap 0) or ``feasible``. ``objective`` and ``lower_bound`` are in
    objective units (money x 1000 plus priced shortfall); ``gap`` is their relative distance.
    ``roster``/``coverage``: roster.csv and coverage.csv frames. ``shortfall``: per queue and
    reason (``no eligible agent``, ``closed hours``, ``no allowed shift``: no agent who may
    serve the queue may work a shift then, ``not enough hours``) the agent-hours
    missing. ``check``: the independent validator's result (always ``ok``).
    """

    status: str
    roster: pd.DataFrame
    coverage: pd.DataFrame
    shortfall: pd.DataFrame
    objective_parts: ObjectiveParts
    lower_bound: float
    gap: float
    labour_cost: float
    solve_time_s: float
    check: RosterCheck
    notes: tuple[str, ...]
    progress: tuple[Progress, ...]

    @property
    def objective(self) -> float:
        return float(self.objective_parts.total)

    @property
    def shortfall_agent_hours(self) -> float:
        return float(self.shortfall["shortfall_agent_hours"].sum())

    def remarks(self) -> list[str]:
        """Lines a planner reads after the figures: preferences met, and every note."""
        lines = []
        if self.check.n_preferences:
            met = self.check.n_preferences - len(self.check.unmet_preferences)
            lines.append(f"Preferences: {met} of {self.check.n_preferences} met.")
        return lines + [f"Note: {note}" for note in self.notes]

    def report(self) -> dict[str, object]:
        """The JSON report of ``staffing roster --report``."""
        per_queue = self.shortfall.groupby(["channel", "vip_level"], as_index=False)[
            "shortfall_agent_hours"
        ].sum()
        return {
            "status": self.status,
            "labour_cost": round(self.labour_cost, 2),
            "objective": self.objective,
            "lower_bound": self.lower_bound,
            "gap": round(self.gap, 6),
            "solve_time_s": round(self.solve_time_s, 2),
            "shortfall_agent_hours": round(self.shortfall_agent_hours, 2),
            "shortfall_agent_hours_per_queue": {
                f"{c}/{v}": round(float(h), 2)
                for c, v, h in zip(
                    per_queue["channel"],
                    per_queue["vip_level"],
                    per_queue["shortfall_agent_hours"],
                    strict=True,
                )
            },
            "shortfall_reasons": [
                {k: (str(v) if isinstance(v, pd.Timestamp) else v) for k, v in row.items()}
                for row in self.shortfall.to_dict("records")
            ],
            "rule_check": {
                "ok": self.check.ok,
                "n_violations": len(self.check.violations),
                "summary": self.check.summary(),
            },
            "preferences": {
                "asked": self.check.n_preferences,
                "unmet": len(self.check.unmet_preferences),
            },
            "notes": list(self.notes),
            "n_shifts": self.check.n_shifts,
        }


def _report(
    points: list[Progress],
    callback: ProgressCallback | None,
    stage: str,
    started: float,
    objective: float | None,
    bound: float,
) -> None:
    point = Progress(
        stage=stage, elapsed_s=time.monotonic() - started, objective=objective, bound=bound
    )
    points.append(point)
    if callback is not None:
        callback(point)


def rounded_counts(stage1: AggregateModel) -> dict[tuple[int, int, int], int]:
    """Whole shift counts from the relaxation's fractional ones, by systematic rounding.

    For each group, counts are rounded on their running total along the week's patterns in
    order of day, length, then start: a fraction moves to a neighbouring start (which covers
    almost the same intervals) instead of being dropped, even when the interior point solution
    spreads a day over several lengths, each day keeps its number of shifts to within one,
    and the week keeps the group's number of working days, which the contracts bound (rounded
    day by day, a group whose agents must all work their most days got more shifts than they
    may work). Pinned shifts are never rounded away."""
    space = stage1.space
    by_group: dict[int, list[tuple[int, int, int, int, float, float]]] = {}
    for (g, d, s), var in stage1.shifts.items():
        length, start = int(space.pattern_lengths[s]), int(space.pattern_starts[s])
        by_group.setdefault(g, []).append((d, length, start, s, var.solution_value(), var.lb()))
    counts: dict[tuple[int, int, int], int] = {}
    for g, patterns in by_group.items():
        running, done = 0.0, 0
        for d, _, _, s, value, pinned in sorted(patterns):
            running += value
            whole = max(int(np.floor(running + 0.5)) - done, int(pinned))
            done += whole
            if whole:
                counts[g, d, s] = whole
    return counts


def _at_work(space: ShiftSpace, planned: dict[tuple[int, int], int]) -> np.ndarray:
    """Agents at work per interval over the horizon when ``planned`` (day, pattern) -> count."""
    profile = np.zeros(space.problem.n_horizon_intervals)
    for (d, s), count in planned.items():
        first = space.shift_start(d, s)
        profile[first : first + int(space.pattern_lengths[s])] += count
    return profile


def by_contract(
    space: ShiftSpace,
    limits: AgentLimits,
    group: Group,
    planned: dict[tuple[int, int], int],
    targets: tuple[np.ndarray, np.ndarray],
    pins: list[PinnedShift],
) -> list[tuple[Group, dict[tuple[int, int], int]]]:
    """A group's planned shifts shared between its agents of each contract, so that each
    share can be worked by them. Stage 1 plans a group as one (its agents serve the same
    queues), which may give it a week its part-timers cannot work: on the 1,000-agent sample
    week its Sundays were nearly all 9-hour shifts when only part-timers with 6 paid hours
    left still had a day free, and stage 2 left 131 of 4,923 shifts unplaced.

    Whole shares (CP-SAT, a small model per group): each contract's agents get no more shifts
    a day than they can work, no more shifts of at least each length than their weekly hours
    allow, and as near as can be the days and paid hours stage 1 planned for them, never more
    than their contracts allow. Pinned shifts stay with their agent's contract."""
    contracts: dict[str, list[int]] = {}
    for a in group.agents:
        contracts.setdefault(space.problem.agents[a].contract, []).append(a)
    if len(contracts) < 2 or not planned:
        return [(group, planned)]
    members = [np.array(agents) for agents in contracts.values()]
    paid = space.pattern_paid
    model = cp_model.CpModel()
    share: dict[tuple[int, int, int], cp_model.IntVar] = {}
    objective = []
    for c, agents in enumerate(members):
        allowed = space.allowed[agents]  # (agent, day, pattern)
        pinned = Counter((p.day, p.pattern) for p in pins if p.agent in agents)
        for (d, s), n in planned.items():
            top = min(n, int(allowed[:, d, s].sum()))
            share[c, d, s] = model.new_int_var(min(pinned[d, s], top), top, "")
        for d in {d for d, _ in planned}:
            model.add(
                sum(v for (cc, dd, _), v in share.items() if (cc, dd) == (c, d))
                <= int(allowed[:, d].any(axis=1).sum())
            )
        days = sum(v for (cc, _, _), v in share.items() if cc == c)
        hours = sum(int(paid[s]) * v for (cc, _, s), v in share.items() if cc == c)
        for level in sorted(set(paid.tolist()) - {0}):
            model.add(
                sum(v for (cc, _, s), v in share.items() if cc == c and paid[s] >= level)
                <= most_long_shifts(limits, agents, int(level))
            )
        # near stage 1's plan (a day weighs four longest shifts' paid intervals), and above
        # what the contracts allow only at a hundred times that
        for value, target, most, weight in (
            (days, targets[0][agents].sum(), limits.max_days[agents].sum(), 4 * int(paid.max())),
            (hours, targets[1][agents].sum(), limits.max_paid[agents].sum(), 1),
        ):
            near = model.new_int_var(0, 10**7, "")
            model.add_abs_equality(near, value - round(float(target)))
            above = model.new_int_var(0, 10**7, "")
            model.add(above >= value - int(most))
            objective.append(weight * near + 100 * weight * above)
    for (d, s), n in planned.items():
        model.add(sum(share[c, d, s] for c in range(len(members))) == n)
    model.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 1.0
    solver.parameters.num_workers = 1
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [(group, planned)]
    return [
        (
            Group(index=group.index, queues=group.queues, agents=tuple(agents.tolist())),
            {
                (d, s): solver.value(v)
                for (cc, d, s), v in share.items()
                if cc == c and solver.value(v)
            },
        )
        for c, agents in enumerate(members)
    ]


def requirement_profiles(problem: RosterProblem, space: ShiftSpace) -> np.ndarray:
    """``profile[g, t]`` without stage 1's plan: each group's share of the requirement of every
    queue it may serve, by its number of agents among all who may serve the queue."""
    sizes = np.array([len(g.agents) for g in space.groups], dtype=float)
    serves = np.zeros((len(space.groups), len(problem.queues)))
    for g in space.groups:
        serves[g.index, list(g.queues)] = 1.0
    share = serves * sizes[:, None] / np.maximum(serves.T @ sizes, 1.0)[None, :]
    n_week = problem.n_week_intervals
    need = np.zeros((len(problem.queues), problem.n_horizon_intervals))
    need[:, :n_week] = problem.required[:, :n_week] * problem.queue_open[:, :n_week]
    return share @ need


def solver_parameters(time_limit_s: float, seed: int = 0) -> cp_model.SatParameters:
    """2 workers with LP-strong subsolvers: held the smallest gap on 2 shared cores."""
    params = cp_model.SatParameters()
    params.max_time_in_seconds = max(time_limit_s, 0.1)
    params.num_workers = 2
    params.subsolvers.extend(["default_lp", "max_lp"])
    params.random_seed = seed
    params.relative_gap_limit = 0.0
    return params


def solve_roster(
    problem: RosterProblem,
    *,
    time_limit_s: float = 60.0,
    progress: ProgressCallback | None = None,
    seed: int = 0,
) -> RosterResult:
    """Build the cheapest roster that covers the requirements under every hard rule.

    Raises :class:`~staffing.roster.checks.RosterConflict` (a StaffingInputError) naming the
    agents and rules when the hard rules contradict each other; coverage never causes that.
    ``problem.published`` is kept where possible and ``problem.pins`` are kept exactly.
    """
    started = time.monotonic()
    points: list[Progress] = []
    space = ShiftSpace(problem)
    check_rules_fit(problem, space)
    limits = agent_limits(problem, space)
    notes = check_agents(problem, space, limits) + unservable_queue_notes(problem)
    check_consecutive_days(problem, space, limits)
    pins = check_pins(problem, space, limits)
    weights = Weights.of(problem, space)

    plan = _plan(problem, space, limits, weights, pins, started, time_limit_s)
    lower_bound, counts, targets = plan.lower_bound, plan.counts, plan.targets
    notes += [plan.note] if plan.note else []
    _report(points, progress, "shift counts (LP bound)", started, None, lower_bound)

    published = _published_patterns(problem, space)
    kept = _published_shifts(problem, space, published)  # re-planning starts from these
    kept_agents = {a for a, _ in kept}
    assignments = [Assignment(agent=x.agent, day=x.day, pattern=x.pattern) for x in kept.values()]
    n_shifts = sum(counts.values())
    finish_s = _finish_seconds(n_shifts)
    left = max(time_limit_s * FINISH_SHARE - finish_s - (time.monotonic() - started), 0.0)
    stage2_end = time.monotonic() + left * ASSIGN_SHARE
    # each group's plan shared between its contracts, with the headcount it plans at work
    shares: list[tuple[Group, dict[tuple[int, int], int], np.ndarray]] = []
    if targets is None:  # no plan: each group follows its share of the requirement
        demand = requirement_profiles(problem, space)
        shares = [(group, {}, demand[group.index]) for group in space.groups]
    else:
        for group in space.groups:
            planned = {(d, s): n for (g, d, s), n in counts.items() if g == group.index and n}
            group_pins = [p for p in pins if p.agent in group.agents]
            for part, share in by_contract(space, limits, group, planned, targets, group_pins):
                shares.append((part, share, _at_work(space, share)))
    sizes = [len(part.agents) ** 1.5 for part, _, _ in shares]
    finish = started + time_limit_s * FINISH_SHARE - finish_s
    for i, (part, planned, profile) in enumerate(shares):
        if kept_agents.issuperset(part.agents):
            continue
        budget = max(stage2_end - time.monotonic(), 0.0) * sizes[i] / sum(sizes[i:])
        chosen = _assign_group(
            problem,
            space,
            limits,
            weights,
            part,
            planned,
            profile,
            [p for p in pins if p.agent in part.agents],
            {k: v for k, v in published.items() if k[0] in part.agents},
            targets,
            max(budget, MIN_GROUP_SECONDS),
            seed,
            # the groups left would take more than half the time left at their floor
            out_of_time=MIN_GROUP_SECONDS * (len(shares) - i) > (finish - time.monotonic()) / 2,
        )
        assignments += [x for x in chosen if x.agent not in kept_agents]
        _report(points, progress, "shifts per agent group", started, None, lower_bound)

    shifts = place_blocks(
        problem,
        space,
        weights,
        limits,
        assignments,
        deadline=started + time_limit_s * FINISH_SHARE - _finish_seconds(len(assignments)),
        fixed={(p.agent, p.day) for p in pins},
        published=published,
        initial={key: x.blocks for key, x in kept.items()},
        seed=seed,
        on_objective=lambda value: _report(
            points, progress, "breaks, queue blocks and search", started, value, lower_bound
        ),
        parallel=True,
    )
    roster = roster_frame(problem, shifts)
    parts, scheduled = price(problem, space, weights, shifts, published)
    _report(points, progress, "roster priced", started, parts.total, lower_bound)
    coverage = coverage_frame(problem, scheduled)
    check = _check(problem, roster)
    check.raise_if_invalid()
    objective = float(parts.total)
    lower_bound = min(lower_bound, objective)
    gap = (objective - lower_bound) / objective if objective > 0 else 0.0
    elapsed = time.monotonic() - started
    if elapsed > time_limit_s + OVERRUN_NOTE_S:
        notes.append(
            msg(
                "the time limit of {limit:g} s is shorter than the least this roster takes "
                "(stage 1 at its limit, a first week for every agent, the check): it took "
                "{elapsed:.1f} s; give at least {least} s for a roster this size",
                limit=time_limit_s,
                elapsed=elapsed,
                least=math.ceil(elapsed),
            )
        )
    return RosterResult(
        status="optimal" if gap < 1e-9 else "feasible",
        roster=roster,
        coverage=coverage,
        shortfall=shortfall_frame(problem, space, scheduled),
        objective_parts=parts,
        lower_bound=lower_bound,
        gap=gap,
        labour_cost=check.cost,  # exact: the objective rounds each interval to 1/1000
        solve_time_s=elapsed,
        check=check,
        notes=tuple(notes),
        progress=tuple(points),
    )


@dataclass(frozen=True, kw_only=True)
class _Plan:
    """Stage 1's result: the lower bound (0 without one), the rounded shift counts per (group,
    day, pattern), each agent's planned working days and paid intervals (None: nothing
    planned) and a note when the full relaxation did not finish in time."""

    lower_bound: float
    counts: dict[tuple[int, int, int], int]
    targets: tuple[np.ndarray, np.ndarray] | None
    note: str | None


def _plan(
    problem: RosterProblem,
    space: ShiftSpace,
    limits: AgentLimits,
    weights: Weights,
    pins: list[PinnedShift],
    started: float,
    time_limit_s: float,
) -> _Plan:
    """Stage 1 within AGGREGATE_SHARE of the time limit (its build counts).

    With a second core, the coarse relaxation (:func:`build_aggregate`) is built and solved on
    a second thread while the full one solves (HiGHS releases the GIL, and its interior point
    runs on one core): when the full one does not finish in time, a plan from the coarse one
    is far better than none (200 agents, sample week, 20 s: 684-688 agent-hours short against
    846-849 with none, two seeds).
    Without either, the bound is 0 and nothing is planned: each group then follows its share
    of the requirement (:func:`requirement_profiles`)."""
    full_s = time_limit_s * AGGREGATE_SHARE
    deadline = started + full_s

    def solve(m: AggregateModel) -> _Plan | None:
        m.model.SetTimeLimit(max(int((deadline - time.monotonic()) * 1000), 1))
        if m.model.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        note = msg(
            "the shift-count relaxation did not finish in the {seconds:.0f} s it may take (60% "
            "of the time limit); a coarser one (coverage per two hours) did, so the lower bound "
            "is weaker and the planned week rougher; raise the time limit",
            seconds=full_s,
        )
        return _Plan(
            lower_bound=m.lower_bound(),
            counts=rounded_counts(m),
            targets=m.agent_plan(),
            note=note if m.bucket > bucket_intervals(problem) else None,
        )

    full = build_aggregate(problem, space, limits, weights, pins)
    coarse = None
    if available_cores() >= 2:  # built while the full one solves: no wait for the GIL
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        coarse = pool.submit(
            lambda: solve(build_aggregate(problem, space, limits, weights, pins, coarse=True))
        )
        pool.shutdown(wait=False)  # it ends by the deadline, and is not waited for otherwise
    plan = solve(full)
    if plan is None and coarse is not None:
        with contextlib.suppress(concurrent.futures.TimeoutError):
            plan = coarse.result(timeout=max(deadline - time.monotonic(), 0.0))
    if plan is not None:
        return plan
    return _Plan(
        lower_bound=0.0,
        counts={},
        targets=None,
        note=msg(
            "the shift-count relaxation did not finish in the {seconds:.0f} s it may take (60% "
            "of the time limit): there is no lower bound, and the roster was built from each "
            "group's share of the requirement instead of a planned week, so it is much rougher; "
            "raise the time limit",
            seconds=full_s,
        ),
    )


def _finish_seconds(n_shifts: int) -> float:
    """Time kept for pricing, the frames and the independent check after stage 3."""
    return 0.5 + 0.002 * n_shifts


def _assign_group(
    problem: RosterProblem,
    space: ShiftSpace,
    limits: AgentLimits,
    weights: Weights,
    group: Group,
    planned: dict[tuple[int, int], int],
    profile: np.ndarray,
    pins: list[PinnedShift],
    published: dict[tuple[int, int], int | None],
    targets: tuple[np.ndarray, np.ndarray] | None,
    seconds: float,
    seed: int,
    *,
    out_of_time: bool = False,
) -> list[Assignment]:
    """Stage 2 for one group: CP-SAT hinted by the greedy week; the greedy week itself when
    CP-SAT finds nothing in time but the greedy week keeps every rule; planned patterns
    first, every allowed pattern if those cannot meet the rules. With nothing planned, the
    greedy week that keeps every rule is used as it is: CP-SAT over every allowed pattern
    took longer than the whole time limit (200 agents: 18 s after a 9 s stage 1 on 15 s).
    So it is ``out_of_time``: when CP-SAT would leave stage 3 little or no time (a time limit
    short for the problem: 200 agents, sample week, 20 s, 1,050-1,127 agent-hours short with
    CP-SAT per group, 684-688 without)."""
    for widen in (False, True) if planned else (True,):
        m = AssignModel(
            problem=problem,
            space=space,
            limits=limits,
            weights=weights,
            group=group,
            planned=planned,
            profile=profile,
            pins=pins,
            published=published,
            target_days=None if targets is None else targets[0],
            target_paid=None if targets is None else targets[1],
            widen=widen,
        )
        if not planned or out_of_time:
            candidate_shifts(m)
            weeks = greedy_week(m)
            if week_is_valid(m, weeks):
                return week_assignments(weeks)
            # not a roster on its own: the whole model, built afresh
            m = dataclasses.replace(m, model=cp_model.CpModel(), works={}, on_day={}, by_day={})
        build_assign(m)
        weeks = greedy_week(m)
        greedy_hint(m, weeks, solver_parameters(seconds, seed))
        for limit in (seconds, 4 * seconds):  # a second, longer try before giving up
            params = solver_parameters(limit, seed)
            solver = cp_model.CpSolver()
            solver.parameters.copy_from(params)
            status = solver.solve(m.model)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return [
                    Assignment(agent=a, day=d, pattern=s)
                    for (a, d, s), v in m.works.items()
                    if solver.value(v)
                ]
            if status == cp_model.INFEASIBLE:
                break
            if week_is_valid(m, weeks):
                return week_assignments(weeks)
        if status != cp_model.INFEASIBLE:
            break
        if widen:
            raise explain_infeasible(m, params)
    return _assign_one_by_one(m, seconds, seed)


def _assign_one_by_one(m: AssignModel, seconds: float, seed: int) -> list[Assignment]:
    """Stage 2 agent by agent, when the group's model found nothing in time (measured: 40
    agents whose contracts ask for exactly 31 paid hours from 5-, 6- and 8-hour shifts, with
    nothing in 1.5 s). The weekly rules bind each agent alone, so each agent's week is a small
    model of its own (every allowed pattern), following what is left of the group's profile
    after the agents before. An agent whose model is infeasible has rules that contradict."""
    left = m.profile.copy()
    chosen: list[Assignment] = []
    each = max(seconds / len(m.group.agents), MIN_GROUP_SECONDS)
    for a in m.group.agents:
        one = dataclasses.replace(
            m,
            group=dataclasses.replace(m.group, agents=(a,)),
            profile=np.maximum(left, 0.0),
            pins=[p for p in m.pins if p.agent == a],
            published={k: v for k, v in m.published.items() if k[0] == a},
            widen=True,
            model=cp_model.CpModel(),
            works={},
            on_day={},
            by_day={},
            objective_terms=[],
        )
        build_assign(one)
        params = solver_parameters(each, seed)
        solver = cp_model.CpSolver()
        solver.parameters.copy_from(params)
        status = solver.solve(one.model)
        if status == cp_model.INFEASIBLE:
            raise explain_infeasible(one, params)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = {"agent_id": m.problem.agents[a].agent_id, "seconds": each}
            if one.pins:
                message = msg(
                    "No week that keeps every rule was found for agent {agent_id} in "
                    "{seconds:.1f} s: their rules (days, hours, rest, consecutive days, pins) "
                    "leave very few weeks",
                    **values,
                )
            else:
                message = msg(
                    "No week that keeps every rule was found for agent {agent_id} in "
                    "{seconds:.1f} s: their rules (days, hours, rest, consecutive days) leave "
                    "very few weeks",
                    **values,
                )
            raise RosterConflict(
                Problem(
                    message=message,
                    fix=msg(
                        "raise the time limit, or widen the agent's hours or the contract's days"
                    ),
                )
            )
        for (_, d, s), v in one.works.items():
            if solver.value(v):
                chosen.append(Assignment(agent=a, day=d, pattern=s))
                first = m.space.shift_start(d, s)
                left[first : first + int(m.space.pattern_lengths[s])] -= 1
    return chosen


def price(
    problem: RosterProblem,
    space: ShiftSpace,
    weights: Weights,
    shifts: list[PlannedShift],
    published: dict[tuple[int, int], int | None],
) -> tuple[ObjectiveParts, np.ndarray]:
    """The finished roster's objective, term by term, and ``scheduled[q, t]``."""
    n_week = problem.n_week_intervals
    scheduled = np.zeros((len(problem.queues), problem.n_horizon_intervals), dtype=np.int64)
    switches = 0
    for shift in shifts:
        switches += queue_switches(shift.blocks)
        for b in shift.blocks:
            if b.queue is not None:
                scheduled[b.queue, b.start : b.end] += 1
    week = scheduled[:, :n_week]
    short = np.maximum(problem.required - week, 0)
    over = np.maximum(week - problem.required, 0)
    paid = sum(
        int(weights.cost_per_interval[x.agent]) * int(space.pattern_paid[x.pattern]) for x in shifts
    )
    worked = {(x.agent, x.day): x.pattern for x in shifts}
    weekend, late = weekend_days(problem), late_patterns(problem, space)
    fairness = 0
    for group in space.groups:
        counted = [a for a in group.agents if _may_work(space, a)]
        if len(counted) < 2:
            continue
        weekends = np.array([sum((a, d) in worked for d in weekend) for a in counted])
        lates = np.array(
            [sum(late[s] for (aa, _), s in worked.items() if aa == a) for a in counted]
        )
        fairness += FAIRNESS_UNITS * (spread(weekends) + spread(lates))
    changes = sum(worked.get(key) != s for key, s in published.items())
    unmet = problem.unmet_preference
    preferences = sum(bool(unmet[x.agent, x.day, x.pattern]) for x in shifts)
    parts = ObjectiveParts(
        shortfall=int((weights.shortfall[:, None] * short).sum()),
        labour_cost=int(paid),
        overstaffing=int(OVERSTAFF_UNITS * over.sum()),
        fairness=int(fairness),
        channel_switches=int(SWITCH_UNITS * switches),
        changes=int(CHANGE_UNITS * changes),
        preferences=int(PREFERENCE_UNITS * preferences),
    )
    return parts, scheduled


def _may_work(space: ShiftSpace, a: int) -> bool:
    return bool(space.allowed[a].any())


def roster_frame(problem: RosterProblem, shifts: list[PlannedShift]) -> pd.DataFrame:
    """roster.csv rows: one per block, breaks named as in rules.toml."""
    rows = []
    for shift in shifts:
        agent_id = problem.agents[shift.agent].agent_id
        date = problem.week_start + pd.Timedelta(days=shift.day)
        for b in shift.blocks:
            queue = None if b.queue is None else problem.queues[b.queue]
            rows.append(
                (
                    agent_id,
                    date,
                    problem.interval_time(b.start),
                    problem.interval_time(b.end),
                    "work" if queue else problem.rules.breaks[b.break_rule or 0].name,
                    queue.channel if queue else "",
                    queue.vip_level if queue else "",
                )
            )
    frame = pd.DataFrame(
        rows, columns=["agent_id", "date", "start", "end", "activity", "channel", "vip_level"]
    )
    for column in ("date", "start", "end"):
        frame[column] = frame[column].astype("datetime64[ns]")
    return frame.sort_values(["agent_id", "start"], kind="stable").reset_index(drop=True)


def coverage_frame(problem: RosterProblem, scheduled: np.ndarray) -> pd.DataFrame:
    """coverage.csv rows: every interval and queue of the requirements, and any other the
    roster works on (required 0: a quiet interval the forecast left out), so the rows hold
    all the work."""
    n_week, n_queues = problem.n_week_intervals, len(problem.queues)
    t = np.tile(np.arange(n_week), n_queues)
    q = np.repeat(np.arange(n_queues), n_week)
    required = problem.required[q, t]
    staffed = scheduled[q, t]
    frame = pd.DataFrame(
        {
            "interval_start": problem.interval_time(t),
            "channel": [problem.queues[i].channel for i in q],
            "vip_level": [problem.queues[i].vip_level for i in q],
            "required": required.astype(np.int64),
            "scheduled": staffed.astype(np.int64),
            "shortfall": np.maximum(required - staffed, 0).astype(np.int64),
        }
    )
    keys = ["interval_start", "channel", "vip_level"]
    listed = frame.merge(problem.requirements[keys], on=keys, how="left", indicator=True)
    keep = (listed["_merge"] == "both") | (listed["scheduled"] > 0)
    return listed[keep].drop(columns="_merge").reset_index(drop=True)


def reachable(problem: RosterProblem, space: ShiftSpace) -> np.ndarray:
    """``reachable[q, t]`` over the week: some agent who may serve queue q may work a shift
    that covers interval t (leave, shift lengths and starts, opening hours allowing)."""
    horizon = problem.n_horizon_intervals
    a, d, s = np.nonzero(space.allowed)
    first = d * problem.intervals_per_day + space.pattern_starts[s]
    edges = np.zeros((len(problem.agents), horizon + 1), dtype=np.int64)
    np.add.at(edges, (a, first), 1)
    np.add.at(edges, (a, first + space.pattern_lengths[s]), -1)
    at_work = np.cumsum(edges, axis=1)[:, :horizon] > 0
    covers = problem.eligible.T.astype(np.int64) @ at_work.astype(np.int64)
    return covers[:, : problem.n_week_intervals] > 0


def shortfall_frame(
    problem: RosterProblem, space: ShiftSpace, scheduled: np.ndarray
) -> pd.DataFrame:
    """Where coverage falls short, per queue and reason, in agent-hours."""
    n_week = problem.n_week_intervals
    short = np.maximum(problem.required - scheduled[:, :n_week], 0)
    served = problem.eligible.sum(axis=0) > 0  # queues at least one agent may serve
    reach = reachable(problem, space)
    rows = []
    hours = problem.interval_minutes / 60
    for q, queue in enumerate(problem.queues):
        is_open = problem.queue_open[q, :n_week]
        reasons = (
            (
                "no eligible agent",
                np.ones(n_week, bool) if not served[q] else np.zeros(n_week, bool),
            ),
            ("closed hours", served[q] & ~is_open),
            ("no allowed shift", served[q] & is_open & ~reach[q]),
            ("not enough hours", served[q] & is_open & reach[q]),
        )
        for reason, mask in reasons:
            where = np.flatnonzero(mask & (short[q] > 0))
            if len(where):
                rows.append(
                    (
                        queue.channel,
                        queue.vip_level,
                        reason,
                        float(short[q, where].sum() * hours),
                        len(where),
                        problem.interval_time(int(where[0])),
                        problem.interval_time(int(where[-1])),
                    )
                )
    return pd.DataFrame(rows, columns=list(SHORTFALL_COLUMNS))


def _published_patterns(
    problem: RosterProblem, space: ShiftSpace
) -> dict[tuple[int, int], int | None]:
    """(agent, day) -> pattern of the published roster; None where it has the agent off."""
    if problem.published is None or problem.published.empty:
        return {}
    frame = problem.published
    spans = (
        frame.groupby(["agent_id", "date"])
        .agg(start=("start", "min"), end=("end", "max"))
        .reset_index()
    )
    patterns = {(p.start, p.length): s for s, p in enumerate(problem.patterns)}
    ids = {a.agent_id: i for i, a in enumerate(problem.agents)}
    step = pd.Timedelta(minutes=problem.interval_minutes)
    out: dict[tuple[int, int], int | None] = {}
    for agent_id in set(frame["agent_id"]) & set(ids):
        for d in range(N_DAYS):
            out[ids[agent_id], d] = None
    columns = (spans[c] for c in ("agent_id", "date", "start", "end"))
    for agent_id, when, start, end in zip(*columns, strict=True):
        date = pd.Timestamp(when).normalize()
        day = (date - problem.week_start).days
        if agent_id not in ids or not 0 <= day < N_DAYS:
            continue
        out[ids[agent_id], day] = patterns.get(((start - date) // step, (end - start) // step))
    return out


def _published_shifts(
    problem: RosterProblem, space: ShiftSpace, published: dict[tuple[int, int], int | None]
) -> dict[tuple[int, int], PlannedShift]:
    """The published roster's shifts, breaks and blocks as they are, of every agent whose
    published week keeps every rule with this week's data (leave, pins, rest after the
    previous roster, ...): re-planning starts from them, so a week re-planned with nothing
    changed comes back as it was or better. Other agents' weeks are planned afresh."""
    frame = problem.published
    if frame is None or not published:
        return {}
    ids = {a.agent_id: i for i, a in enumerate(problem.agents)}
    days = (pd.to_datetime(frame["date"]).dt.normalize() - problem.week_start).dt.days
    frame = frame.assign(day=days)[frame["agent_id"].isin(ids) & days.between(0, N_DAYS - 1)]
    broken = set(_check(problem, frame).violations["agent_id"])
    queues = {(q.channel, q.vip_level): i for i, q in enumerate(problem.queues)}
    rules = {b.name: i for i, b in enumerate(problem.rules.breaks)}
    step = pd.Timedelta(minutes=problem.interval_minutes)
    out: dict[tuple[int, int], PlannedShift] = {}
    for key, rows in frame.groupby(["agent_id", "day"]):
        agent_id, d = cast(tuple[str, int], key)
        a = ids[agent_id]
        s = published.get((a, d))
        blocks = []
        for start, end, activity, channel, vip_level in zip(
            *(rows[c] for c in ("start", "end", "activity", "channel", "vip_level")), strict=True
        ):
            first, last = (start - problem.week_start) // step, (end - problem.week_start) // step
            q = queues.get((channel, vip_level), -1) if activity == "work" else None
            if q == -1 or (q is not None and not problem.eligible[a, q]):
                broken.add(agent_id)  # works a queue this week's requirements do not have
            blocks.append(Block(start=first, end=last, queue=q, break_rule=rules.get(activity)))
        if s is None or not space.allowed[a, d, s]:
            broken.add(agent_id)
        else:
            out[a, d] = PlannedShift(agent=a, day=d, pattern=s, blocks=tuple(blocks))
    return {k: x for k, x in out.items() if problem.agents[k[0]].agent_id not in broken}


def _check(problem: RosterProblem, roster: pd.DataFrame) -> RosterCheck:
    """The independent validator on ``roster`` with everything the problem knows."""
    return check_roster(
        roster,
        agents=problem.agents,
        rules=problem.rules,
        requirements=problem.requirements,
        time_off=problem.time_off,
        week_start=problem.week_start,
        pins=_pins_frame(problem),
        preferences=problem.preferences,
        previous=problem.previous,
    )


def _pins_frame(problem: RosterProblem) -> pd.DataFrame | None:
    if not problem.pins:
        return None
    return pd.DataFrame(
        {
            "agent_id": [p.agent_id for p in problem.pins],
            "date": [p.start.normalize() for p in problem.pins],
            "start": [p.start for p in problem.pins],
            "end": [p.end for p in problem.pins],
        }
    )
