"""Stage 1: how many agents of each interchangeable group work each shift pattern each day.

A relaxation of the full roster: agents who may serve the same queues are one group; per-agent
weekly days and paid hours are kept (so cost and contracts are exact), while rest, consecutive
days, break placement and block lengths are relaxed (breaks only in aggregate: each break takes
one agent out of one interval inside its windows). Every real roster maps onto a solution of
this model with the same shortfall and labour cost, so its best bound is a valid lower bound
for the full problem. Its solution also says how many of each group serve each queue when
(``serving[g, q, t]``), which the later stages follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import pywraplp

from staffing.roster.checks import AgentLimits, PinnedShift
from staffing.roster.objective import Weights
from staffing.roster.problem import N_DAYS, RosterProblem
from staffing.roster.shifts import ShiftSpace


@dataclass
class AggregateModel:
    """The CP-SAT model and its variables, keyed by domain labels."""

    problem: RosterProblem
    space: ShiftSpace
    limits: AgentLimits
    weights: Weights
    pins: list[PinnedShift]
    model: pywraplp.Solver = field(default_factory=lambda: lp_solver())
    #: (group, day, pattern) -> agents of the group on that shift
    shifts: dict[tuple[int, int, int], pywraplp.Variable] = field(default_factory=dict)
    #: (group, queue, interval) -> agents of the group serving the queue
    serving: dict[tuple[int, int, int], pywraplp.Variable] = field(default_factory=dict)
    #: (group, interval) -> agents of the group on a break
    on_break: dict[tuple[int, int], pywraplp.Variable] = field(default_factory=dict)
    #: (queue, interval) -> agents missing
    shortfall: dict[tuple[int, int], pywraplp.Variable] = field(default_factory=dict)
    paid: dict[int, pywraplp.Variable] = field(default_factory=dict)
    days: dict[int, pywraplp.Variable] = field(default_factory=dict)
    objective_terms: list[object] = field(default_factory=list)

    @property
    def bucket(self) -> int:
        """Intervals per time bucket of the coverage rows (see :func:`bucket_intervals`)."""
        return bucket_intervals(self.problem)

    def spans(self, g: int) -> dict[int, list[tuple[int, pywraplp.Variable]]]:
        """Bucket -> (intervals of the bucket a shift covers, shift variable) for group g."""
        out: dict[int, list[tuple[int, pywraplp.Variable]]] = {}
        starts, lengths, b = self.space.pattern_starts, self.space.pattern_lengths, self.bucket
        for (group, d, s), var in self.shifts.items():
            if group != g:
                continue
            first = d * self.problem.intervals_per_day + int(starts[s])
            for bucket, n in _overlaps(first, first + int(lengths[s]), b).items():
                out.setdefault(bucket, []).append((n, var))
        return out


def lp_solver() -> pywraplp.Solver:
    """HiGHS's interior point method with crossover (a vertex solution, so most shift counts
    come out whole). Measured on the sample week (200 agents, 188 shift patterns a day, 19
    agent groups): 9 s, where GLOP's and HiGHS's simplex ran past 4 minutes."""
    solver = pywraplp.Solver.CreateSolver("HIGHS")
    solver.SetSolverSpecificParametersAsString("solver = ipm\nrun_crossover = on\n")
    return solver


def bucket_intervals(problem: RosterProblem) -> int:
    """Coverage is priced per hour in the relaxation (summing an hour's interval rows keeps it a
    valid relaxation: the shortfall of a sum is at most the sum of the shortfalls)."""
    return max(1, 60 // problem.interval_minutes)


def _overlaps(first: int, end: int, bucket: int) -> dict[int, int]:
    """Bucket -> number of the intervals first .. end - 1 inside it."""
    out: dict[int, int] = {}
    for b in range(first // bucket, (end - 1) // bucket + 1):
        out[b] = min(end, (b + 1) * bucket) - max(first, b * bucket)
    return out


Family = Callable[[AggregateModel], list[object]]


def group_shift_counts(m: AggregateModel) -> list[object]:
    """Shift patterns per group and day, within who is available (leave, opening hours, pins)."""
    pinned: dict[tuple[int, int, int], int] = {}
    group_of = {a: g.index for g in m.space.groups for a in g.agents}
    for pin in m.pins:
        key = (group_of[pin.agent], pin.day, pin.pattern)
        pinned[key] = pinned.get(key, 0) + 1
    for group in m.space.groups:
        members = np.array(group.agents)
        available = m.space.allowed[members].sum(axis=0)  # (day, pattern)
        any_day = m.space.allowed[members].any(axis=2).sum(axis=0)
        for d in range(N_DAYS):
            day_vars = []
            for s in np.flatnonzero(available[d]):
                key = (group.index, d, int(s))
                m.shifts[key] = m.model.NumVar(
                    pinned.get(key, 0), int(available[d, s]), f"shifts[g{group.index},d{d},s{s}]"
                )
                day_vars.append(m.shifts[key])
            if day_vars:
                m.model.Add(m.model.Sum(day_vars) <= int(any_day[d]))
    return []


def weekly_days_and_hours(m: AggregateModel) -> list[object]:
    """Each agent's days and paid hours within the contract and agents.csv, summed per group."""
    paid = m.space.pattern_paid
    shortest, longest = int(paid.min()), int(paid.max())
    for group in m.space.groups:
        for a in group.agents:
            lim = m.limits
            m.days[a] = m.model.NumVar(
                int(lim.min_days[a]), max(int(lim.min_days[a]), int(lim.max_days[a])), f"days[{a}]"
            )
            m.paid[a] = m.model.NumVar(
                int(lim.min_paid[a]), max(int(lim.min_paid[a]), int(lim.max_paid[a])), f"paid[{a}]"
            )
            m.model.Add(m.paid[a] <= longest * m.days[a])
            m.model.Add(m.paid[a] >= shortest * m.days[a])
        keys = [k for k in m.shifts if k[0] == group.index]
        m.model.Add(
            m.model.Sum([m.days[a] for a in group.agents])
            == m.model.Sum([m.shifts[k] for k in keys])
        )
        m.model.Add(
            m.model.Sum([m.paid[a] for a in group.agents])
            == m.model.Sum([int(paid[k[2]]) * m.shifts[k] for k in keys])
        )
    return []


def serve_eligible_queues(m: AggregateModel) -> list[object]:
    """Working agents serve queues they may serve while open, or take a break in a window."""
    problem = m.problem
    b = m.bucket
    demand = _bucket_demand(m)
    for group in m.space.groups:
        working = m.spans(group.index)
        breakable: dict[int, list[object]] = {}
        total_breaks = []
        for (g, d, s), var in m.shifts.items():
            if g != group.index:
                continue
            first = d * problem.intervals_per_day + int(m.space.pattern_starts[s])
            for k in np.flatnonzero(m.space.break_spans[s]):
                for bucket, n in _overlaps(first + int(k), first + int(k) + 1, b).items():
                    breakable.setdefault(bucket, []).append(
                        int(m.space.break_spans[s, k]) * n * var
                    )
            if m.space.break_intervals[s]:
                total_breaks.append(int(m.space.break_intervals[s]) * var)
        for bucket in breakable:
            m.on_break[group.index, bucket] = m.model.NumVar(
                0, len(group.agents) * b, f"on_break[g{group.index},b{bucket}]"
            )
            m.model.Add(m.on_break[group.index, bucket] <= m.model.Sum(breakable[bucket]))
        m.model.Add(
            m.model.Sum([m.on_break[group.index, bucket] for bucket in breakable])
            == m.model.Sum(total_breaks)
        )
        for bucket, spans in working.items():
            serving = []
            for q in group.queues:
                need = demand.get((q, bucket), 0)
                if need > 0:
                    var = m.model.NumVar(0, need, f"serving[g{group.index},q{q},b{bucket}]")
                    m.serving[group.index, q, bucket] = var
                    serving.append(var)
            brk = m.on_break.get((group.index, bucket))
            if serving or brk is not None:
                m.model.Add(
                    m.model.Sum([*serving, *([brk] if brk is not None else [])])
                    <= m.model.Sum([n * var for n, var in spans])
                )
    return []


def _bucket_demand(m: AggregateModel) -> dict[tuple[int, int], int]:
    """(queue, bucket) -> required agent-intervals in the bucket while the queue is open."""
    problem = m.problem
    n_week = problem.n_week_intervals
    need = problem.required[:, :n_week] * problem.queue_open[:, :n_week]
    n_queues = need.shape[0]
    b = m.bucket
    padded = np.zeros((n_queues, -(-n_week // b) * b), dtype=np.int64)
    padded[:, :n_week] = need[:, :n_week]
    per_bucket = padded.reshape(n_queues, -1, b).sum(axis=2)
    return {
        (int(q), int(t)): int(per_bucket[q, t])
        for q, t in zip(*np.nonzero(per_bucket), strict=True)
    }


def understaffing(m: AggregateModel) -> list[object]:
    """Priced shortfall per queue and hour (VIP weighted above standard)."""
    by_queue_time: dict[tuple[int, int], list[pywraplp.Variable]] = {}
    for (_, q, t), var in m.serving.items():
        by_queue_time.setdefault((q, t), []).append(var)
    terms = []
    for (q, bucket), need in _bucket_demand(m).items():
        short = m.model.NumVar(0, need, f"shortfall[q{q},b{bucket}]")
        m.shortfall[q, bucket] = short
        m.model.Add(m.model.Sum(by_queue_time.get((q, bucket), [])) + short >= need)
        terms.append(int(m.weights.shortfall[q]) * short)
    return terms


def labour_cost(m: AggregateModel) -> list[object]:
    """Paid intervals times each agent's cost per interval."""
    return [int(m.weights.cost_per_interval[a]) * var for a, var in m.paid.items()]


HARD: list[Family] = [group_shift_counts, weekly_days_and_hours, serve_eligible_queues]
SOFT: list[Family] = [understaffing, labour_cost]


def build_aggregate(
    problem: RosterProblem,
    space: ShiftSpace,
    limits: AgentLimits,
    weights: Weights,
    pins: list[PinnedShift],
) -> AggregateModel:
    m = AggregateModel(problem=problem, space=space, limits=limits, weights=weights, pins=pins)
    for add in HARD + SOFT:
        m.objective_terms += add(m)
    m.model.Minimize(m.model.Sum(m.objective_terms))
    return m
