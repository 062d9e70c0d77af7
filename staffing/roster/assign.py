"""Stage 2: give each agent of a group their shifts for the week, following stage 1's counts.

Groups are independent here (their coverage was settled in stage 1), so each is a small
CP-SAT model over (agent, day, pattern) with every weekly rule hard. If the rules cannot be
met, the model is solved again with one assumption literal per agent and rule family, and
the sufficient assumptions name the contradicting agents and rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from staffing.errors import Problem
from staffing.i18n import msg
from staffing.roster.checks import (
    AgentLimits,
    PinnedShift,
    RosterConflict,
    longest_run,
    semicolons,
)
from staffing.roster.objective import (
    CHANGE_UNITS,
    FAIRNESS_UNITS,
    OVERSTAFF_UNITS,
    PREFERENCE_UNITS,
    Weights,
)
from staffing.roster.problem import N_DAYS, RosterProblem
from staffing.roster.shifts import Group, ShiftSpace
from staffing.rules import LATE_SHIFT_END_MINUTES


@dataclass(frozen=True, kw_only=True)
class Assignment:
    agent: int
    day: int
    pattern: int


@dataclass
class AssignModel:
    problem: RosterProblem
    space: ShiftSpace
    limits: AgentLimits
    weights: Weights
    group: Group
    planned: dict[tuple[int, int], int]  # (day, pattern) -> count from stage 1
    profile: np.ndarray  # (interval,) -> agents of the group at work in stage 1's plan
    pins: list[PinnedShift]
    published: dict[tuple[int, int], int | None]  # (agent, day) -> pattern, None = off
    #: per agent, the working days and paid intervals stage 1 planned (None: the minimum)
    target_days: np.ndarray | None = None
    target_paid: np.ndarray | None = None
    explain: bool = False
    #: offer every allowed pattern, not only planned ones (when those cannot meet the rules)
    widen: bool = False
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    #: (agent, day, pattern) -> works that shift
    works: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)
    #: (agent, day) -> works that day
    on_day: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    #: (agent, day) -> [(pattern, works)]
    by_day: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = field(default_factory=dict)
    #: (agent index, rule label) -> assumption literal (explain mode only)
    assumptions: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)
    objective_terms: list[cp_model.LinearExprT] = field(default_factory=list)

    def enforce(self, constraint: cp_model.Constraint, agent: int, label: str) -> None:
        if not self.explain:
            return
        key = (agent, label)
        if key not in self.assumptions:
            self.assumptions[key] = self.model.new_bool_var(f"{label}[{agent}]")
        constraint.only_enforce_if(self.assumptions[key])

    def shifts_of(self, a: int, d: int) -> list[tuple[int, cp_model.IntVar]]:
        return self.by_day.get((a, d), [])

    def week_of(self, a: int) -> list[tuple[int, cp_model.IntVar]]:
        return [pair for d in range(N_DAYS) for pair in self.shifts_of(a, d)]


Family = Callable[[AssignModel], list[cp_model.LinearExprT]]


def candidate_shifts(m: AssignModel) -> list[cp_model.LinearExprT]:
    """Shifts stage 1 planned for the group, pinned and published ones, where allowed."""
    used = {s for (_, s) in m.planned}
    pinned = {(p.agent, p.day): p.pattern for p in m.pins}
    for a in m.group.agents:
        for d in range(N_DAYS):
            wanted = {s for (dd, s) in m.planned if dd == d} | used
            if m.widen:
                wanted = set(np.flatnonzero(m.space.allowed[a, d]).tolist())
            if m.published.get((a, d)) is not None:
                wanted.add(int(m.published[a, d]))  # type: ignore[arg-type]
            if (a, d) in pinned:
                wanted.add(pinned[a, d])
            for s in sorted(wanted):
                if m.space.allowed[a, d, s]:
                    m.works[a, d, s] = m.model.new_bool_var(f"works[a{a},d{d},s{s}]")
                    m.by_day.setdefault((a, d), []).append((s, m.works[a, d, s]))
    return []


def one_shift_per_day(m: AssignModel) -> list[cp_model.LinearExprT]:
    """One shift a day at most (off otherwise)."""
    for a in m.group.agents:
        for d in range(N_DAYS):
            day = m.model.new_bool_var(f"on_day[a{a},d{d}]")
            m.on_day[a, d] = day
            m.enforce(
                m.model.add(sum(v for _, v in m.shifts_of(a, d)) == day), a, "one shift a day"
            )
    return []


def days_per_week(m: AssignModel) -> list[cp_model.LinearExprT]:
    """Working days within the contract's days_per_week (after leave)."""
    for a in m.group.agents:
        days = sum(m.on_day[a, d] for d in range(N_DAYS))
        label = "days_per_week (contract)"
        m.enforce(m.model.add(days >= int(m.limits.min_days[a])), a, label)
        m.enforce(m.model.add(days <= int(m.limits.max_days[a])), a, label)
    return []


def weekly_paid_hours(m: AssignModel) -> list[cp_model.LinearExprT]:
    """Paid hours within min_hours_week (after leave) and max_hours_week."""
    paid = m.space.pattern_paid
    for a in m.group.agents:
        hours = sum(int(paid[s]) * v for s, v in m.week_of(a))
        label = "min_hours_week/max_hours_week"
        m.enforce(m.model.add(hours >= int(m.limits.min_paid[a])), a, label)
        m.enforce(m.model.add(hours <= int(m.limits.max_paid[a])), a, label)
    return []


def min_rest_between_shifts(m: AssignModel) -> list[cp_model.LinearExprT]:
    """At least min_rest_h from the end of one shift to the next start (across midnight)."""
    per_day = m.problem.intervals_per_day
    rest = m.space.rest
    starts, lengths = m.space.pattern_starts, m.space.pattern_lengths
    for a in m.group.agents:
        for d in range(N_DAYS - 1):
            today, tomorrow = m.shifts_of(a, d), m.shifts_of(a, d + 1)
            if not today or not tomorrow:
                continue
            end = sum(int(starts[s] + lengths[s]) * v for s, v in today)
            start = sum(int(starts[s]) * v for s, v in tomorrow)
            latest_end = max(int(starts[s] + lengths[s]) for s, _ in today)
            earliest_start = min(int(starts[s]) for s, _ in tomorrow)
            if per_day + earliest_start - latest_end >= rest:
                continue
            constraint = m.model.add(start + per_day - end >= rest)
            constraint.only_enforce_if([m.on_day[a, d], m.on_day[a, d + 1]])
            m.enforce(constraint, a, "min_rest_h")
    return []


def max_consecutive_days(m: AssignModel) -> list[cp_model.LinearExprT]:
    """No more than max_consecutive_days working days in a row, counting the days in a row
    the previous roster ends with."""
    limit = m.problem.rules.max_consecutive_days
    for a in m.group.agents:
        before = int(m.problem.previous_run[a])
        if before:  # the run that goes on from the previous roster
            window = [m.on_day[a, d] for d in range(min(max(limit - before, 0) + 1, N_DAYS))]
            m.enforce(m.model.add(sum(window) <= max(limit - before, 0)), a, "max_consecutive_days")
        for first in range(N_DAYS - limit):
            window = [m.on_day[a, d] for d in range(first, first + limit + 1)]
            m.enforce(m.model.add(sum(window) <= limit), a, "max_consecutive_days")
    return []


def pinned_shifts(m: AssignModel) -> list[cp_model.LinearExprT]:
    """Pinned shifts are worked exactly as pinned."""
    for pin in m.pins:
        m.enforce(m.model.add(m.works[pin.agent, pin.day, pin.pattern] == 1), pin.agent, "pin")
    return []


def follow_planned_profile(m: AssignModel) -> list[cp_model.LinearExprT]:
    """Each interval the group has as many agents at work as stage 1 planned: a missing
    agent-interval costs like a shortfall on the group's cheapest queue, a surplus one like
    overstaffing. Following the profile (not the exact shift counts) lets a neighbouring shift
    stand in for a planned one the weekly rules do not allow."""
    weight = int(m.weights.shortfall[list(m.group.queues)].min())
    by_shift: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    for (_, d, s), v in m.works.items():
        by_shift.setdefault((d, s), []).append(v)
    covering: dict[int, list[cp_model.IntVar]] = {}
    for (d, s), vars_ in by_shift.items():
        # agents on this shift, as one integer: the coverage rows stay short and CP-SAT's
        # linear relaxation becomes the group's own shift-count problem
        count = m.model.new_int_var(0, len(vars_), f"count[d{d},s{s}]")
        m.model.add(count == sum(vars_))
        first = m.space.shift_start(d, s)
        for t in range(first, first + int(m.space.pattern_lengths[s])):
            covering.setdefault(t, []).append(count)
    terms: list[cp_model.LinearExprT] = []
    for t, counts in covering.items():
        need = round(m.profile[t])
        missing = m.model.new_int_var(0, need, f"missing[t{t}]")
        extra = m.model.new_int_var(0, len(m.group.agents), f"extra[t{t}]")
        m.model.add(sum(counts) + missing - extra == need)
        terms += [weight * missing, OVERSTAFF_UNITS * extra]
    for t in np.flatnonzero(np.round(m.profile) > 0).tolist():
        if t not in covering:
            terms.append(weight * round(m.profile[t]))
    return terms


def labour_cost(m: AssignModel) -> list[cp_model.LinearExprT]:
    paid = m.space.pattern_paid
    return [
        int(m.weights.cost_per_interval[a]) * int(paid[s]) * v for (a, _, s), v in m.works.items()
    ]


def agent_preferences(m: AssignModel) -> list[cp_model.LinearExprT]:
    """A shift against what its agent asked for that day costs ``PREFERENCE_UNITS``."""
    unmet = m.problem.unmet_preference
    return [PREFERENCE_UNITS * v for (a, d, s), v in m.works.items() if unmet[a, d, s]]


def fair_weekends_and_late_shifts(m: AssignModel) -> list[cp_model.LinearExprT]:
    """Weekend days and late shifts spread evenly over the group (max minus min)."""
    weekend = weekend_days(m.problem)
    late = late_patterns(m.problem, m.space)
    terms: list[cp_model.LinearExprT] = []
    counted = [a for a in m.group.agents if m.limits.max_days[a] > 0]
    if len(counted) < 2:
        return []
    for label, counts in (
        ("weekend", {a: sum(m.on_day[a, d] for d in weekend) for a in counted}),
        ("late", {a: sum(v for s, v in m.week_of(a) if late[s]) for a in counted}),
    ):
        high = m.model.new_int_var(0, N_DAYS, f"most_{label}")
        low = m.model.new_int_var(0, N_DAYS, f"least_{label}")
        for total in counts.values():
            m.model.add(high >= total)
            m.model.add(low <= total)
        terms.append(FAIRNESS_UNITS * (high - low))
    return terms


def keep_published(m: AssignModel) -> list[cp_model.LinearExprT]:
    """Every agent-day that differs from the published roster costs a change."""
    terms: list[cp_model.LinearExprT] = []
    for (a, d), s in m.published.items():
        if a not in m.group.agents:
            continue
        if s is None:
            terms.append(CHANGE_UNITS * m.on_day[a, d])
        elif (a, d, s) in m.works:
            terms.append(CHANGE_UNITS * (1 - m.works[a, d, s]))
    return terms


HARD: list[Family] = [
    candidate_shifts,
    one_shift_per_day,
    days_per_week,
    weekly_paid_hours,
    min_rest_between_shifts,
    max_consecutive_days,
    pinned_shifts,
]
SOFT: list[Family] = [
    follow_planned_profile,
    labour_cost,
    agent_preferences,
    fair_weekends_and_late_shifts,
    keep_published,
]


def weekend_days(problem: RosterProblem) -> list[int]:
    return [d for d in range(N_DAYS) if (problem.week_start + pd.Timedelta(days=d)).weekday() >= 5]


def late_patterns(problem: RosterProblem, space: ShiftSpace) -> np.ndarray:
    ends = (space.pattern_starts + space.pattern_lengths) * problem.interval_minutes
    return ends > LATE_SHIFT_END_MINUTES


def build_assign(m: AssignModel) -> AssignModel:
    for add in HARD + ([] if m.explain else SOFT):
        m.objective_terms += add(m)
    if m.explain:
        m.model.add_assumptions(list(m.assumptions.values()))
    else:
        m.model.minimize(sum(m.objective_terms))
    return m


@dataclass
class _Week:
    """One agent's week while the greedy builds it."""

    days: int = 0
    paid: int = 0
    last_end: int = -(10**9)  # interval (over the horizon) the previous shift ended
    run: int = 0  # working days in a row up to the last day handled
    shifts: dict[int, int] = field(default_factory=dict)  # day -> pattern


def greedy_week(m: AssignModel) -> dict[int, _Week]:
    """A first roster for the group that keeps every weekly rule (a hint for CP-SAT).

    Day by day, planned shifts in start order go to an agent who may work them (rest since
    the last shift, consecutive days, days and paid hours left), chosen by :func:`_claim`;
    :func:`_balance` then hands shifts between agents towards each one's minimum days and
    hours (every agent must reach them, so hours above are what the week costs beyond the
    floor). Agents still short of their minimum days or hours then get the allowed shift that
    best fills what the group still misses."""
    space, limits = m.space, m.limits
    paid, lengths = space.pattern_paid, space.pattern_lengths
    rest = m.space.rest
    limit = m.problem.rules.max_consecutive_days
    weeks = {a: _Week(run=int(m.problem.previous_run[a])) for a in m.group.agents}
    pinned = {(p.agent, p.day): p.pattern for p in m.pins}
    missing = np.round(m.profile).astype(np.int64)
    free = space.allowed.sum(axis=2) > 0  # (agent, day): not on leave

    def fits(a: int, d: int, s: int) -> bool:
        w = weeks[a]
        first = space.shift_start(d, s)
        return (
            (a, d, s) in m.works
            and d not in w.shifts
            and first - w.last_end >= rest
            and w.run < limit
            and w.days < limits.max_days[a]
            and w.paid + paid[s] <= limits.max_paid[a]
        )

    def give(a: int, d: int, s: int) -> None:
        w = weeks[a]
        first = space.shift_start(d, s)
        w.shifts[d] = s
        w.days += 1
        w.paid += int(paid[s])
        w.last_end = first + int(lengths[s])
        missing[first : first + int(lengths[s])] -= 1

    for d in range(N_DAYS):
        for a in m.group.agents:
            if (a, d) in pinned:
                give(a, d, pinned[a, d])
        todo = sorted(
            (int(space.pattern_starts[s]), s)
            for (dd, s), n in m.planned.items()
            if dd == d
            for _ in range(n)
        )
        for _, s in todo:
            candidates = [a for a in m.group.agents if fits(a, d, s)]
            if candidates:
                give(min(candidates, key=lambda a: _claim(m, weeks[a], a, d, s, free)), d, s)
        for w in weeks.values():
            w.run = w.run + 1 if d in w.shifts else 0
    _balance(m, weeks)
    _top_up(m, weeks, missing, give)
    return weeks


def _balance(m: AssignModel, weeks: dict[int, _Week]) -> None:
    """Hand the group's shifts between its agents while that brings them nearer their
    minimum days and paid hours: the shifts stay as planned, only who works them changes.
    Moves: a shift to an agent off that day, two agents' shifts of one day exchanged, and
    (between agents still off their minimum) one agent's day for another's."""
    balance = _Balancer(m, weeks)
    agents = list(m.group.agents)
    for _ in range(4 * N_DAYS):  # sweeps; every kept move lowers the total strain
        moved = False
        for a in agents:
            if balance.strain(a):
                for b in agents:
                    if b != a and balance.try_moves(a, b, balance.same_day(a, b)):
                        moved = True
                        break
        strained = [a for a in agents if balance.strain(a)]
        for a, b in itertools.permutations(strained, 2):
            moved |= balance.try_moves(a, b, balance.across_days(a, b))
        if not moved:
            return


#: A move of :class:`_Balancer`: agent a's days and paid intervals after it, agent b's, and
#: the days it takes from and gives to each (their weeks are built only for a move that
#: lowers the strain, so the rules are checked only there)
_Move = tuple[int, int, int, int, tuple[tuple[int, int, int | None], tuple[int, int, int | None]]]


class _Balancer:
    """Strain of an agent's week (hours above the minimum at the agent's cost, days or hours
    below it far dearer) and the moves of :func:`_balance`."""

    def __init__(self, m: AssignModel, weeks: dict[int, _Week]) -> None:
        self.m, self.weeks = m, weeks
        self.paid = m.space.pattern_paid
        self.cost = m.weights.cost_per_interval
        self.short_price = 10 * int(self.cost[list(m.group.agents)].max()) + 1
        self.pinned = {(p.agent, p.day) for p in m.pins}
        # plain ints per agent: the strain is worked out millions of times in a large group
        agents = m.group.agents
        self.min_paid = {a: int(m.limits.min_paid[a]) for a in agents}
        self.min_days = {a: int(m.limits.min_days[a]) for a in agents}
        self.unit = {a: int(self.cost[a]) for a in agents}

    def strain(self, a: int, days: int | None = None, paid: int | None = None) -> int:
        """Agent a's strain, with the week as it is or with ``days`` and ``paid``."""
        w = self.weeks[a]
        above = (w.paid if paid is None else paid) - self.min_paid[a]
        days_short = self.min_days[a] - (w.days if days is None else days)
        strain = self.unit[a] * above if above >= 0 else -self.short_price * above
        return strain + 16 * self.short_price * days_short if days_short > 0 else strain

    def movable(self, a: int) -> list[int]:
        return [d for d in self.weeks[a].shifts if (a, d) not in self.pinned]

    def same_day(self, a: int, b: int) -> Iterator[_Move]:
        wa, wb = self.weeks[a], self.weeks[b]
        for d in self.movable(a):
            if (b, d) in self.pinned:
                continue
            sa = wa.shifts[d]
            pa = int(self.paid[sa])
            if d in wb.shifts:  # exchange the two shifts of day d
                sb = wb.shifts[d]
                pb = int(self.paid[sb])
                yield (
                    wa.days,
                    wa.paid - pa + pb,
                    wb.days,
                    wb.paid - pb + pa,
                    ((d, d, sb), (d, d, sa)),
                )
            else:  # b takes a's shift
                yield (
                    wa.days - 1,
                    wa.paid - pa,
                    wb.days + 1,
                    wb.paid + pa,
                    ((d, d, None), (-1, d, sa)),
                )

    def across_days(self, a: int, b: int) -> Iterator[_Move]:
        wa, wb = self.weeks[a], self.weeks[b]
        days_a = [(d, int(self.paid[wa.shifts[d]])) for d in self.movable(a) if d not in wb.shifts]
        days_b = [(d, int(self.paid[wb.shifts[d]])) for d in self.movable(b) if d not in wa.shifts]
        for d_a, pa in days_a:
            for d_b, pb in days_b:
                yield (
                    wa.days,
                    wa.paid - pa + pb,
                    wb.days,
                    wb.paid - pb + pa,
                    ((d_a, d_b, wb.shifts[d_b]), (d_b, d_a, wa.shifts[d_a])),
                )

    def _moved(self, a: int, take: int, day: int, s: int | None) -> _Week | None:
        """Agent a's week without day ``take`` (-1: none) and with shift s on ``day`` (None:
        none), or None if that breaks a rule."""
        w = self.weeks[a]
        rest = {dd: ss for dd, ss in w.shifts.items() if dd != take}
        paid = w.paid - (int(self.paid[w.shifts[take]]) if take >= 0 else 0)
        week = _Week(days=len(rest), paid=paid, shifts=rest)
        if s is None:
            return week
        if (a, day, s) not in self.m.works or not _fits_week(self.m, week, a, day, s):
            return None
        return _Week(
            days=week.days + 1, paid=week.paid + int(self.paid[s]), shifts={**rest, day: s}
        )

    def try_moves(self, a: int, b: int, moves: Iterator[_Move]) -> bool:
        """Keep the first of ``moves`` that lowers the two agents' strain and keeps their
        rules."""
        before = self.strain(a) + self.strain(b)
        for days_a, paid_a, days_b, paid_b, (for_a, for_b) in moves:
            if self.strain(a, days_a, paid_a) + self.strain(b, days_b, paid_b) >= before:
                continue
            new_a, new_b = self._moved(a, *for_a), self._moved(b, *for_b)
            if new_a is not None and new_b is not None:
                self.weeks[a], self.weeks[b] = new_a, new_b
                return True
        return False


def _claim(m: AssignModel, w: _Week, a: int, d: int, s: int, free: np.ndarray) -> tuple:
    """Who takes a planned shift first (smallest): the agent with the fewest free days left
    beyond the days still to work towards stage 1's plan for the agent (so agents who must
    work every day left are never passed over until their days run out), then one whose paid
    hours still planned per day are nearest the shift's, then the cheapest. Stage 1 planned
    each agent's days and hours within the contract at the least cost, so following it keeps
    every agent within the minimum and maximum, and the group's shifts all placed, also in a
    week that needs every agent at the maximum."""
    target_days = m.limits.min_days if m.target_days is None else m.target_days
    target_paid = m.limits.min_paid if m.target_paid is None else m.target_paid
    days_needed = int(target_days[a]) - w.days
    per_day = (float(target_paid[a]) - w.paid) / max(days_needed, 1)
    return (
        int(free[a, d:].sum()) - days_needed,
        abs(per_day - int(m.space.pattern_paid[s])),
        int(m.weights.cost_per_interval[a]),
    )


def _top_up(
    m: AssignModel,
    weeks: dict[int, _Week],
    missing: np.ndarray,
    give: Callable[[int, int, int], None],
) -> None:
    """Give agents below their minimum days or hours the shifts that fill most of the gap."""
    space, limits = m.space, m.limits
    for a, w in weeks.items():
        if w.days >= limits.min_days[a] and w.paid >= limits.min_paid[a]:
            continue
        # every (day, pattern) the agent may work, as arrays: a large group ranks millions
        pairs = [(d, s) for d in range(N_DAYS) for s, _ in m.shifts_of(a, d)]
        day_of = np.array([d for d, _ in pairs], dtype=np.int64)
        pattern = np.array([s for _, s in pairs], dtype=np.int64)
        first = day_of * m.problem.intervals_per_day + space.pattern_starts[pattern]
        last = first + space.pattern_lengths[pattern]
        while w.days < limits.min_days[a] or w.paid < limits.min_paid[a]:
            filled = np.concatenate([[0], np.cumsum(missing.clip(min=0))])
            open_ = ~np.isin(day_of, list(w.shifts)) & (
                w.paid + space.pattern_paid[pattern] <= limits.max_paid[a]
            )
            fills = (filled[last] - filled[first])[open_]
            # most filled first, then by day and pattern
            order = np.lexsort((pattern[open_], day_of[open_], -fills))
            days, patterns = day_of[open_][order].tolist(), pattern[open_][order].tolist()
            options = zip(days, patterns, strict=True)
            # rest and runs were fixed day by day; recheck them against the finished week
            best = next(((d, s) for d, s in options if _fits_week(m, w, a, d, s)), None)
            if best is None:
                if not _lengthen(m, w, a):
                    break
                continue
            give(a, *best)


def _lengthen(m: AssignModel, w: _Week, a: int) -> bool:
    """Swap one of the agent's shifts for a longer allowed one (for the minimum hours)."""
    space = m.space
    for d, s in sorted(w.shifts.items()):
        longer = [
            s2 for s2, _ in m.shifts_of(a, d) if space.pattern_paid[s2] > space.pattern_paid[s]
        ]
        for s2 in sorted(longer, key=lambda k: space.pattern_paid[k]):
            rest = {dd: ss for dd, ss in w.shifts.items() if dd != d}
            trial = _Week(days=w.days - 1, paid=w.paid - int(space.pattern_paid[s]), shifts=rest)
            if _fits_week(m, trial, a, d, s2):
                w.shifts[d] = s2
                w.paid += int(space.pattern_paid[s2] - space.pattern_paid[s])
                return True
    return False


def _fits_week(m: AssignModel, w: _Week, a: int, d: int, s: int) -> bool:
    """Whether adding shift (d, s) keeps the agent's whole week within every rule."""
    space = m.space
    shifts = {**w.shifts, d: s}
    if len(shifts) > m.limits.max_days[a]:
        return False
    if w.paid + int(space.pattern_paid[s]) > m.limits.max_paid[a]:
        return False
    rest = m.space.rest
    ordered = sorted(shifts.items())
    for (d1, s1), (d2, s2) in itertools.pairwise(ordered):
        end = space.shift_start(d1, s1) + int(space.pattern_lengths[s1])
        if space.shift_start(d2, s2) - end < rest:
            return False
    before = int(m.problem.previous_run[a])
    return longest_run(shifts, before) <= m.problem.rules.max_consecutive_days


def week_assignments(weeks: dict[int, _Week]) -> list[Assignment]:
    """The greedy weeks as stage 2's result."""
    return [
        Assignment(agent=a, day=d, pattern=s) for a, w in weeks.items() for d, s in w.shifts.items()
    ]


def week_is_valid(m: AssignModel, weeks: dict[int, _Week]) -> bool:
    """Whether the greedy weeks keep every hard rule of the model (a roster on their own)."""
    pinned = {(p.agent, p.day): p.pattern for p in m.pins}
    for a, w in weeks.items():
        if any(w.shifts.get(d) != s for (aa, d), s in pinned.items() if aa == a):
            return False
        if not m.limits.min_days[a] <= len(w.shifts) <= m.limits.max_days[a]:
            return False
        paid = sum(int(m.space.pattern_paid[s]) for s in w.shifts.values())
        if not m.limits.min_paid[a] <= paid <= m.limits.max_paid[a]:
            return False
        if any((a, d, s) not in m.works for d, s in w.shifts.items()):
            return False
        rest = {dd: ss for dd, ss in w.shifts.items()}
        if rest:
            d, s = max(rest.items())
            del rest[d]
            trial = _Week(paid=paid - int(m.space.pattern_paid[s]), shifts=rest)
            if not _fits_week(m, trial, a, d, s):
                return False
    return True


def greedy_hint(
    m: AssignModel,
    weeks: dict[int, _Week] | None = None,
    params: cp_model.SatParameters | None = None,
) -> None:
    """Hint CP-SAT with :func:`greedy_week`'s roster (computed unless given).

    With ``params``, a week that keeps every rule becomes a complete hint: the model is solved
    once with the shifts fixed (a few hundredths of a second), and every variable, the
    coverage counts and fairness terms included, is hinted at that solution's value. A hint
    of the shifts alone left CP-SAT to complete the rest itself, which on short solves it
    often did not: measured at 200 agents, 0.3 s per group returned weeks at about twice the
    greedy week's objective, or none at all."""
    weeks = greedy_week(m) if weeks is None else weeks
    chosen = {(a, d, s) for a, w in weeks.items() for d, s in w.shifts.items()}
    for key, var in m.works.items():
        m.model.add_hint(var, key in chosen)
    if params is None or not week_is_valid(m, weeks):
        return
    fixed = cp_model.SatParameters()
    fixed.copy_from(params)
    fixed.fix_variables_to_their_hinted_value = True
    solver = cp_model.CpSolver()
    solver.parameters.copy_from(fixed)
    if solver.solve(m.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    values = list(solver.response_proto.solution)
    m.model.clear_hints()
    hint = m.model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


#: The rules :meth:`AssignModel.enforce` names that are words, not rules.toml keys.
RULE_NAMES = {
    "one shift a day": msg("one shift a day"),
    "days_per_week (contract)": msg("days_per_week (contract)"),
    "pin": msg("pin"),
}


def explain_infeasible(m: AssignModel, solver_params: cp_model.SatParameters) -> RosterConflict:
    """Solve again with assumptions and name the agents and rules that contradict."""
    explain = replace(
        m,
        explain=True,
        model=cp_model.CpModel(),
        works={},
        on_day={},
        by_day={},
        assumptions={},
        objective_terms=[],
    )
    build_assign(explain)
    solver = cp_model.CpSolver()
    solver.parameters.copy_from(solver_params)
    solver.parameters.num_workers = 1
    solver.solve(explain.model)
    names = {v.index: key for key, v in explain.assumptions.items()}
    core = [names[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in names]
    lines: list[str] = []
    for a, label in sorted(core):
        agent = m.problem.agents[a]
        pinned = [p for p in m.pins if p.agent == a]
        rule = RULE_NAMES.get(label, label)
        if pinned:
            lines.append(
                msg(
                    "Agent {agent_id} with {n} pinned shift(s): rule '{rule}'",
                    agent_id=agent.agent_id,
                    n=len(pinned),
                    rule=rule,
                )
            )
        else:
            lines.append(msg("Agent {agent_id}: rule '{rule}'", agent_id=agent.agent_id, rule=rule))
    agents = [m.problem.agents[a].agent_id for a in m.group.agents]
    text = (
        semicolons(lines)
        if lines
        else msg(
            "the weekly rules of agents {agents}",
            agents=", ".join(agents[:10]) + (" ..." if len(agents) > 10 else ""),
        )
    )
    rules = m.problem.rules
    contracts = sorted({m.problem.agents[a].contract for a in m.group.agents})
    in_play = [
        ", ".join(f"contracts.{c}.days_per_week" for c in contracts),
        msg("min_hours_week and max_hours_week (agents.csv)"),
        f"min_rest_h = {rules.min_rest_h:g}",
        f"max_consecutive_days = {rules.max_consecutive_days}",
    ]
    if m.pins:
        in_play.append(msg("{n} pinned shift(s)", n=len(m.pins)))
        fix = msg(
            "change the contract's days_per_week, the agents' hours, min_rest_h or "
            "max_consecutive_days, or a pin"
        )
    else:
        fix = msg(
            "change the contract's days_per_week, the agents' hours, min_rest_h or "
            "max_consecutive_days"
        )
    return RosterConflict(
        Problem(
            message=msg(
                "No roster satisfies these rules together: {text}. These rules contradict each "
                "other for the agent(s) named ({in_play})",
                text=text,
                in_play=semicolons(in_play),
            ),
            fix=fix,
        )
    )
