"""Stage 1: how many agents of each interchangeable group work each shift pattern each day.

A relaxation of the full roster: agents who may serve the same queues are one group; per-agent
weekly days and paid hours are kept (so cost and contracts are exact), while rest, consecutive
days, break placement and block lengths are relaxed (breaks only in aggregate: a group's agents
on each break per hour, within what its shifts' windows have opened and not yet closed) and
coverage is priced per hour, except on the scarcest channel, priced per interval too. Every
real roster maps onto a solution of this model with the same shortfall and labour cost, so its
best bound is a valid lower bound for the full problem. Its solution also says how many of
each group serve each queue when (``serving[g, q, t]``), which the later stages follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import pywraplp

from staffing.roster.checks import AgentLimits, PinnedShift, most_long_shifts
from staffing.roster.objective import Weights
from staffing.roster.problem import N_DAYS, RosterProblem
from staffing.roster.shifts import ShiftSpace


@dataclass
class AggregateModel:
    """The LP and its variables, keyed by domain labels."""

    problem: RosterProblem
    space: ShiftSpace
    limits: AgentLimits
    weights: Weights
    pins: list[PinnedShift]
    model: pywraplp.Solver = field(default_factory=lambda: lp_solver())
    #: (group, day, pattern) -> agents of the group on that shift
    shifts: dict[tuple[int, int, int], pywraplp.Variable] = field(default_factory=dict)
    #: (group, queue, bucket of the queue's size) -> agents of the group serving the queue
    serving: dict[tuple[int, int, int], pywraplp.Variable] = field(default_factory=dict)
    #: (group, break rule, bucket) -> agent-intervals of the group on that break
    on_break: dict[tuple[int, int, int], pywraplp.Variable] = field(default_factory=dict)
    #: (queue, interval) -> agents missing
    shortfall: dict[tuple[int, int], pywraplp.Variable] = field(default_factory=dict)
    paid: dict[int, pywraplp.Variable] = field(default_factory=dict)
    days: dict[int, pywraplp.Variable] = field(default_factory=dict)
    objective_terms: list[object] = field(default_factory=list)
    #: queues whose coverage is priced per interval (the others per bucket)
    fine: frozenset[int] = frozenset()
    #: intervals per time bucket of the coverage and break rows
    bucket: int = 4

    def lower_bound(self) -> float:
        """The solved relaxation's optimum, in objective units."""
        return self.model.Objective().Value() * OBJECTIVE_SCALE

    def agent_plan(self) -> tuple[np.ndarray, np.ndarray]:
        """The solved relaxation's working days and paid intervals per agent."""
        n = len(self.problem.agents)
        days, paid = np.zeros(n), np.zeros(n)
        for a, var in self.days.items():
            days[a] = var.solution_value()
        for a, var in self.paid.items():
            paid[a] = var.solution_value()
        return np.round(days).astype(np.int64), paid

    def size(self, q: int) -> int:
        """Intervals per bucket of queue q's coverage rows."""
        return 1 if q in self.fine else self.bucket

    def at_work(self, g: int, b: int) -> dict[int, pywraplp.Variable]:
        """Bucket of b intervals -> agent-intervals of group g at work in it, as a running
        balance: each bucket's value is the last one's plus the shifts that grow or shrink in
        it, so a shift enters the rows where it starts and ends, not one row per bucket."""
        change: dict[int, list[tuple[float, pywraplp.Variable]]] = {}
        lengths = self.space.pattern_lengths
        for (group, d, s), var in self.shifts.items():
            if group != g:
                continue
            first = self.space.shift_start(d, s)
            spans = _overlaps(first, first + int(lengths[s]), b)
            for bucket in {min(spans), min(spans) + 1, max(spans), max(spans) + 1}:
                n = spans.get(bucket, 0) - spans.get(bucket - 1, 0)
                if n:
                    change.setdefault(bucket, []).append((n, var))
        out: dict[int, pywraplp.Variable] = {}
        if not change:
            return out
        last: list[tuple[float, pywraplp.Variable]] = []
        for bucket in range(min(change), max(change)):
            name = f"at_work[g{g},b{bucket}x{b}]"
            out[bucket] = self.model.NumVar(0, self.model.infinity(), name)
            # at work now - at work before - what changed = 0
            row(self.model, 0, 0, [(1, out[bucket]), *negated(last + change.get(bucket, []))])
            last = [(1, out[bucket])]
        return out


def lp_solver() -> pywraplp.Solver:
    """HiGHS's interior point method without crossover (rounding does not need a vertex).
    Measured on the 200-agent bench week (19 agent groups, 188 shift patterns a day): 10 s,
    where crossover added 12 s and GLOP's and HiGHS's simplex ran past a minute. Silent: the
    solver's banner and log would land in the planner's terminal."""
    solver = pywraplp.Solver.CreateSolver("HIGHS")
    solver.SetSolverSpecificParametersAsString(
        "solver = ipm\nrun_crossover = off\nipm_optimality_tolerance = 1e-10\noutput_flag = false\n"
    )
    return solver


#: The LP minimises the objective divided by this: in objective units its costs span 7e3 to
#: 9e5 and the optimum is near 1e8 to 1e9, where the interior point method stalls short of
#: optimal; in thousands it converges.
OBJECTIVE_SCALE = 1000


def bucket_intervals(problem: RosterProblem, hours: int = 1) -> int:
    """Coverage is priced per hour in the relaxation (summing an hour's interval rows keeps it a
    valid relaxation: the shortfall of a sum is at most the sum of the shortfalls)."""
    return max(1, hours * 60 // problem.interval_minutes)


def fine_queues(problem: RosterProblem) -> frozenset[int]:
    """The queues of the scarcest channel (most required agent-hours per agent who may serve
    it): their coverage is priced per interval, jointly per group, on top of the buckets.

    That channel's peaks are where the hourly rows let the plan cover a peak interval with the
    quieter intervals around it, and where no other agent can make up for it. Measured on the
    200-agent bench week: email per interval raises the bound by 1.0% (to the bound of every
    queue per interval) for 4 s more solve time; every queue per interval took 54 s, not 16."""
    need = problem.required * problem.queue_open[:, : problem.n_week_intervals]
    channels = sorted({queue.channel for queue in problem.queues})
    best, scarcest = 0.0, ""
    for channel in channels:
        queues = [q for q, queue in enumerate(problem.queues) if queue.channel == channel]
        pool = int(problem.eligible[:, queues].any(axis=1).sum())
        per_agent = float(need[queues].sum()) / pool if pool else 0.0
        if per_agent > best:
            best, scarcest = per_agent, channel
    return frozenset(q for q, queue in enumerate(problem.queues) if queue.channel == scarcest)


def row(
    model: pywraplp.Solver, low: float, high: float, terms: list[tuple[float, pywraplp.Variable]]
) -> None:
    """low <= sum of coefficient x variable <= high, set coefficient by coefficient: the
    200-agent bench week's 28,500 rows build in 1.0 s instead of 1.7 s through the expression
    API. Each variable appears in ``terms`` once."""
    constraint = model.RowConstraint(low, high, "")
    for coefficient, var in terms:
        constraint.SetCoefficient(var, coefficient)


def ones(variables: list[pywraplp.Variable]) -> list[tuple[float, pywraplp.Variable]]:
    return [(1, var) for var in variables]


def negated(
    terms: list[tuple[float, pywraplp.Variable]],
) -> list[tuple[float, pywraplp.Variable]]:
    return [(-coefficient, var) for coefficient, var in terms]


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
        for level in sorted(set(paid.tolist()) - {0}):
            # no agent works more shifts of at least this many paid hours than fit the week
            most = most_long_shifts(m.limits, list(group.agents), int(level))
            long = [m.shifts[k] for k in keys if paid[k[2]] >= level]
            if long and most < len(group.agents) * N_DAYS:
                m.model.Add(m.model.Sum(long) <= most)
    return []


def breaks_in_their_windows(m: AggregateModel) -> list[object]:
    """Breaks in aggregate, per group and break rule: by any time the group's agents have taken
    at least the break time of shifts whose window has closed and at most that of shifts whose
    window has opened (so an evening shift's lunch cannot be taken at noon, in the window of a
    morning shift that has room). The two limits are running balances, a pair per bucket, so
    each shift enters a few rows, not one per bucket after its window."""
    step, b = m.problem.interval_minutes, m.bucket
    for group in m.space.groups:
        shifts = [(d, s, var) for (g, d, s), var in m.shifts.items() if g == group.index]
        for r, rule in enumerate(m.problem.rules.breaks):
            duration = rule.minutes // step
            low, high = (minutes // step for minutes in rule.window_minutes())
            # bucket -> break time that may start; that must be taken
            opened: dict[int, list[tuple[float, pywraplp.Variable]]] = {}
            due: dict[int, list[tuple[float, pywraplp.Variable]]] = {}
            for d, s, var in shifts:
                if not rule.applies_to(int(m.space.pattern_lengths[s]) * step):
                    continue
                first = m.space.shift_start(d, s) + low
                end = m.space.shift_start(d, s) + high + duration
                for rows, (lo, hi) in (
                    (opened, (first, first + duration)),
                    (due, (end - duration, end)),
                ):
                    for bucket, n in _overlaps(lo, hi, b).items():
                        rows.setdefault(bucket, []).append((n, var))
            if not opened:
                continue
            ahead: list[tuple[float, pywraplp.Variable]] = []
            behind: list[tuple[float, pywraplp.Variable]] = []
            for bucket in range(min(opened), max(due) + 1):
                name = f"g{group.index},r{r},b{bucket}"
                taken = m.model.NumVar(0, m.model.infinity(), f"on_break[{name}]")
                m.on_break[group.index, r, bucket] = taken
                # taken so far minus what was due: never negative; opened minus taken: the same
                done = m.model.NumVar(0, m.model.infinity(), f"ahead[{name}]")
                row(m.model, 0, 0, [(1, done), *negated(ahead), (-1, taken), *due.get(bucket, [])])
                left = m.model.NumVar(0, m.model.infinity(), f"behind[{name}]")
                row(
                    m.model,
                    0,
                    0,
                    [(1, left), *negated(behind + opened.get(bucket, [])), (1, taken)],
                )
                ahead, behind = [(1, done)], [(1, left)]
    return []


def serve_eligible_queues(m: AggregateModel) -> list[object]:
    """Working agents serve queues they may serve while open, or take a break: per bucket over
    all queues, and per interval over the queues priced per interval."""
    demand = _bucket_demand(m)
    breaks: dict[tuple[int, int], list[pywraplp.Variable]] = {}
    for (g, _, bucket), var in m.on_break.items():
        breaks.setdefault((g, bucket), []).append(var)
    for group in m.space.groups:
        g = group.index
        coarse = m.at_work(g, m.bucket)
        fine = m.at_work(g, 1) if m.fine.intersection(group.queues) else {}
        by_bucket: dict[int, list[object]] = {}
        by_interval: dict[int, list[object]] = {}
        for q in group.queues:
            size = m.size(q)
            for k in range(-(-m.problem.n_week_intervals // size)):
                need = demand.get((q, k), 0)
                bucket = k * size // m.bucket
                if need <= 0 or bucket not in coarse or (size == 1 and k not in fine):
                    continue
                var = m.model.NumVar(0, need, f"serving[g{g},q{q},b{k}x{size}]")
                m.serving[g, q, k] = var
                by_bucket.setdefault(bucket, []).append(var)
                if size == 1:
                    by_interval.setdefault(k, []).append(var)
        for bucket, working in coarse.items():
            taking = [*by_bucket.get(bucket, []), *breaks.get((g, bucket), [])]
            if taking:
                row(m.model, -m.model.infinity(), 0, [*ones(taking), (-1, working)])
        for t, serving in by_interval.items():
            row(m.model, -m.model.infinity(), 0, [*ones(serving), (-1, fine[t])])
    return []


def _bucket_demand(m: AggregateModel) -> dict[tuple[int, int], int]:
    """(queue, bucket of the queue's size) -> required agent-intervals in it while open."""
    problem = m.problem
    n_week = problem.n_week_intervals
    need = problem.required[:, :n_week] * problem.queue_open[:, :n_week]
    out: dict[tuple[int, int], int] = {}
    for q in range(need.shape[0]):
        size = m.size(q)
        padded = np.zeros(-(-n_week // size) * size, dtype=np.int64)
        padded[:n_week] = need[q]
        per_bucket = padded.reshape(-1, size).sum(axis=1)
        out.update({(q, int(k)): int(per_bucket[k]) for k in np.flatnonzero(per_bucket)})
    return out


def understaffing(m: AggregateModel) -> list[object]:
    """Priced shortfall per queue and hour (VIP weighted above standard)."""
    by_queue_time: dict[tuple[int, int], list[pywraplp.Variable]] = {}
    for (_, q, t), var in m.serving.items():
        by_queue_time.setdefault((q, t), []).append(var)
    terms = []
    for (q, bucket), need in _bucket_demand(m).items():
        short = m.model.NumVar(0, need, f"shortfall[q{q},b{bucket}]")
        m.shortfall[q, bucket] = short
        row(
            m.model,
            need,
            m.model.infinity(),
            [*ones(by_queue_time.get((q, bucket), [])), (1, short)],
        )
        terms.append(int(m.weights.shortfall[q]) * short)
    return terms


def labour_cost(m: AggregateModel) -> list[object]:
    """Paid intervals times each agent's cost per interval."""
    return [int(m.weights.cost_per_interval[a]) * var for a, var in m.paid.items()]


HARD: list[Family] = [
    group_shift_counts,
    weekly_days_and_hours,
    breaks_in_their_windows,
    serve_eligible_queues,
]
SOFT: list[Family] = [understaffing, labour_cost]


def build_aggregate(
    problem: RosterProblem,
    space: ShiftSpace,
    limits: AgentLimits,
    weights: Weights,
    pins: list[PinnedShift],
    *,
    coarse: bool = False,
) -> AggregateModel:
    """The relaxation; ``coarse``: coverage and breaks per two hours and no queue per interval,
    a weaker bound that solves in a quarter of the time (the 200-agent sample week: 4.1 s
    against 13.2 s, bound 997.7 million against 1,101.1 million) for when the full one does
    not finish in time."""
    m = AggregateModel(
        problem=problem,
        space=space,
        limits=limits,
        weights=weights,
        pins=pins,
        fine=frozenset() if coarse else fine_queues(problem),
        bucket=bucket_intervals(problem, 2 if coarse else 1),
    )
    for add in HARD + SOFT:
        m.objective_terms += add(m)
    m.model.Minimize(m.model.Sum(m.objective_terms) * (1 / OBJECTIVE_SCALE))
    return m
