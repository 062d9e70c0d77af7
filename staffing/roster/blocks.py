"""Stage 3: breaks, work blocks and a local search over agent-days on the real objective.

Stage 2's shifts first get their breaks and blocks in start order. Then every agent-day in
turn is taken out of the roster and put back in its best way against what every other shift
already covers (a best response): off, or any allowed pattern that keeps the agent's weekly
rules with the rest of the week as it is (rest on both sides, consecutive days, days and paid
hours within the contract), with the best break placement and the best split of each work
stretch into blocks of at least ``min_block_minutes`` on open queues the agent may serve.
Pinned and published agent-days keep their shift. Passes in random order repeat until nothing
improves or the deadline passes; a change is kept only if it gains (by more than the fairness
it may cost), so the roster only gets better.

One agent on queue ``q`` at ``t`` gains the queue's shortfall weight while the queue is short
there and costs ``OVERSTAFF_UNITS`` otherwise; a shift's value is that minus its labour cost.
Patterns are tried in order of an optimistic value (every interval on its best queue, no
breaks) and the search stops when the optimistic value cannot win. For one pattern the best
value of every stretch ``i..j`` with up to :data:`MAX_BLOCKS_PER_STRETCH` blocks is one small
table, so each break placement is priced by a sum of table lookups.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from staffing.roster.assign import Assignment, late_patterns, weekend_days
from staffing.roster.checks import AgentLimits
from staffing.roster.objective import FAIRNESS_UNITS, OVERSTAFF_UNITS, SWITCH_UNITS, Weights
from staffing.roster.problem import N_DAYS, RosterProblem
from staffing.roster.shifts import ShiftSpace

#: gain of an interval on a closed queue (never chosen while anything else is possible)
BLOCKED = -(10.0**13)
#: value of an impossible stretch
IMPOSSIBLE = -(10.0**16)
#: blocks one work stretch (between breaks) may be split into
MAX_BLOCKS_PER_STRETCH = 3


@dataclass(frozen=True, kw_only=True)
class Block:
    """A stretch of a shift: ``queue`` for work, ``break_rule`` for a break (one is set)."""

    start: int  # interval index over the horizon
    end: int
    queue: int | None = None
    break_rule: int | None = None


@dataclass(frozen=True, kw_only=True)
class PlannedShift:
    agent: int
    day: int
    pattern: int
    blocks: tuple[Block, ...]


class _Placements:
    """Per shift length: the break placements as stretch index arrays and break blocks."""

    def __init__(self, problem: RosterProblem, space: ShiftSpace) -> None:
        self.by_length: dict[int, tuple[np.ndarray, np.ndarray, list[list[tuple[int, int, int]]]]]
        self.by_length = {}
        step = problem.interval_minutes
        for length, placements in space.break_placements.items():
            n_breaks = len(placements[0].offsets) if placements else 0
            starts = np.zeros((len(placements), n_breaks + 1), dtype=np.int64)
            ends = np.zeros_like(starts)
            breaks = []
            for p, placement in enumerate(placements):
                spans = sorted(
                    (o, o + problem.rules.breaks[i].minutes // step, i)
                    for i, o in placement.offsets
                )
                edges = [0, *[e for b in spans for e in b[:2]], length]
                starts[p] = edges[0::2]
                ends[p] = edges[1::2]
                breaks.append(spans)
            self.by_length[length] = (starts, ends, breaks)


class _Stretches:
    """Best value of every stretch ``i..j`` of one shift window, with its reconstruction."""

    def __init__(self, gain: np.ndarray, block: int) -> None:
        n_queues, length = gain.shape
        self.prefix = np.concatenate([np.zeros((n_queues, 1)), np.cumsum(gain, axis=1)], axis=1)
        diff = self.prefix[:, None, :] - self.prefix[:, :, None]  # [q, i, j] = sum over i..j
        i, j = np.indices((length + 1, length + 1))
        self.single = np.where(j - i >= block, diff.max(axis=0), IMPOSSIBLE)
        self.levels = [self.single]
        value = self.single
        for _ in range(MAX_BLOCKS_PER_STRETCH - 1):
            split = (value[:, :, None] + self.single[None, :, :]).max(axis=1) - SWITCH_UNITS
            value = np.maximum(value, split)
            self.levels.append(value)
        self.value = value

    def blocks(self, i: int, j: int) -> list[tuple[int, int, int]]:
        """(queue position, start, end) blocks of the best split of ``i..j``."""
        level = len(self.levels) - 1
        while level > 0 and self.levels[level][i, j] <= self.levels[level - 1][i, j]:
            level -= 1
        if level == 0:
            q = int(np.argmax(self.prefix[:, j] - self.prefix[:, i]))
            return [(q, i, j)]
        m = int(np.argmax(self.levels[level - 1][i, :] + self.single[:, j]))
        return self.blocks(i, m) + self.blocks(m, j)


class _Roster:
    """The roster being improved: coverage, each agent's week, each shift's blocks."""

    def __init__(
        self,
        problem: RosterProblem,
        space: ShiftSpace,
        weights: Weights,
        limits: AgentLimits,
        assignments: list[Assignment],
        fixed: set[tuple[int, int]],
    ) -> None:
        self.problem, self.space, self.limits = problem, space, limits
        horizon = problem.n_horizon_intervals
        self.required = np.zeros((len(problem.queues), horizon), dtype=np.int64)
        self.required[:, : problem.n_week_intervals] = problem.required
        self.scheduled = np.zeros_like(self.required)
        self.open = problem.queue_open
        self.weight = weights.shortfall.astype(float)
        self.cost = weights.cost_per_interval.astype(float)
        self.block = problem.rules.min_block_minutes // problem.interval_minutes
        self.placements = _Placements(problem, space)
        self.rest = round(problem.rules.min_rest_h * 60 / problem.interval_minutes)
        self.run_limit = problem.rules.max_consecutive_days
        self.late = late_patterns(problem, space)
        self.weekend = set(weekend_days(problem))
        self.fixed = fixed
        self.patterns: dict[tuple[int, int], int] = {
            (x.agent, x.day): x.pattern for x in assignments
        }
        self.blocks: dict[tuple[int, int], list[Block]] = {}
        self.eligible = [np.flatnonzero(row) for row in problem.eligible]
        self.starts = space.pattern_starts
        self.lengths = space.pattern_lengths
        self.paid = space.pattern_paid
        self.day_span = problem.intervals_per_day + int((self.starts + self.lengths).max())
        self.paid_of = np.zeros(len(problem.agents), dtype=np.int64)
        self.days_of = np.zeros(len(problem.agents), dtype=np.int64)
        for x in assignments:
            self.paid_of[x.agent] += int(self.paid[x.pattern])
            self.days_of[x.agent] += 1

    def gains(self, a: int, first: int, last: int) -> np.ndarray:
        queues = self.eligible[a]
        window = slice(first, last)
        short = self.scheduled[queues, window] < self.required[queues, window]
        gain = np.where(short, self.weight[queues, None], -float(OVERSTAFF_UNITS))
        return np.where(self.open[queues, window], gain, BLOCKED)

    def options(self, a: int, d: int) -> tuple[np.ndarray, bool]:
        """Patterns the agent may work on day d with the rest of the week as it is, and
        whether the day may be off."""
        space, limits = self.space, self.limits
        current = self.patterns.get((a, d))
        if (a, d) in self.fixed:
            return np.array([] if current is None else [current], dtype=np.int64), current is None
        worked = current is not None
        other_paid = self.paid_of[a] - (int(self.paid[current]) if worked else 0)
        other_days = self.days_of[a] - int(worked)
        ok = space.allowed[a, d].copy()
        ok &= (other_paid + self.paid >= limits.min_paid[a]) & (
            other_paid + self.paid <= limits.max_paid[a]
        )
        first = d * self.problem.intervals_per_day + self.starts
        before = [dd for dd in range(d) if (a, dd) in self.patterns]
        after = [dd for dd in range(d + 1, N_DAYS) if (a, dd) in self.patterns]
        if before:
            ok &= first - self._end(a, before[-1]) >= self.rest
        if after:
            nxt = after[0]
            ok &= (
                space.shift_start(nxt, self.patterns[a, nxt]) - (first + self.lengths) >= self.rest
            )
        if not worked and (other_days + 1 > limits.max_days[a] or self._run(a, d) > self.run_limit):
            ok[:] = False
        may_be_off = not worked or (
            other_days >= limits.min_days[a] and other_paid >= limits.min_paid[a]
        )
        return np.flatnonzero(ok), may_be_off

    def _end(self, a: int, d: int) -> int:
        s = self.patterns[a, d]
        return self.space.shift_start(d, s) + int(self.lengths[s])

    def _run(self, a: int, d: int) -> int:
        """Longest run of working days if the agent also worked day d."""
        run = best = 0
        for day in range(N_DAYS):
            run = run + 1 if day == d or (a, day) in self.patterns else 0
            best = max(best, run)
        return best

    def evaluate(self, a: int, d: int, s: int, gain: np.ndarray, low: int):
        """(value, blocks) of pattern s on day d: coverage gained minus labour cost."""
        first = self.space.shift_start(d, s)
        length = int(self.lengths[s])
        table = _Stretches(gain[:, first - low : first - low + length], self.block)
        p_starts, p_ends, p_breaks = self.placements.by_length[length]
        values = table.value[p_starts, p_ends].sum(axis=1)
        p = int(np.argmax(values))
        queues = self.eligible[a]
        blocks = [
            Block(start=first + o, end=first + e, break_rule=rule) for o, e, rule in p_breaks[p]
        ]
        for i, j in zip(p_starts[p], p_ends[p], strict=True):
            for q, b_start, b_end in table.blocks(int(i), int(j)):
                blocks.append(Block(start=first + b_start, end=first + b_end, queue=int(queues[q])))
        value = float(values[p]) - self.cost[a] * int(self.paid[s])
        return value, sorted(blocks, key=lambda b: b.start)

    def current_value(self, a: int, d: int) -> float:
        """Value of the day as it is against the others (same measure as :meth:`evaluate`)."""
        if (a, d) not in self.patterns:
            return 0.0
        total = -self.cost[a] * int(self.paid[self.patterns[a, d]])
        previous = None
        for b in self.blocks[a, d]:
            if b.queue is None:
                previous = None
                continue
            queue = int(b.queue)
            window = slice(b.start, b.end)
            short = self.scheduled[queue, window] < self.required[queue, window]
            gain = np.where(short, self.weight[queue], -float(OVERSTAFF_UNITS))
            total += float(np.where(self.open[queue, window], gain, BLOCKED).sum())
            if previous is not None and previous != queue:
                total -= SWITCH_UNITS
            previous = queue
        return total

    def add(self, a: int, d: int, sign: int) -> None:
        for b in self.blocks.get((a, d), ()):
            if b.queue is not None:
                self.scheduled[b.queue, b.start : b.end] += sign

    def place(self, a: int, d: int, improve_only: bool = True) -> bool:
        """Best response for agent a's day d: off or any pattern that keeps every weekly rule,
        with its breaks and blocks. Patterns are tried by an optimistic value (every interval
        at its best queue, no breaks) and the search stops when no bound can win."""
        self.add(a, d, -1)
        current = self.patterns.get((a, d))
        old = self.current_value(a, d) if improve_only else -np.inf
        candidates, may_be_off = self.options(a, d)
        if not improve_only:
            candidates, may_be_off = np.array([current]), False
        best_value, best = (0.0, None) if may_be_off else (-np.inf, None)
        if len(candidates):
            low = d * self.problem.intervals_per_day
            high = min(low + self.day_span, self.problem.n_horizon_intervals)
            gain = self.gains(a, low, high)
            top = np.concatenate([[0.0], np.cumsum(np.maximum(gain.max(axis=0), 0.0))])
            offset = self.starts[candidates]
            bounds = top[offset + self.lengths[candidates]] - top[offset]
            bounds -= self.cost[a] * self.paid[candidates]
            for k in np.argsort(-bounds, kind="stable"):
                if bounds[k] <= best_value:
                    break
                s = int(candidates[k])
                value, blocks = self.evaluate(a, d, s, gain, low)
                if value > best_value:
                    best_value, best = value, (s, blocks)
        new = None if best is None else best[0]
        margin = 0.0
        if improve_only and new != current:
            late_changed = bool(current is not None and self.late[current]) != bool(
                new is not None and self.late[new]
            )
            weekend_changed = (current is None) != (new is None) and d in self.weekend
            margin = 1e-6 + FAIRNESS_UNITS * (late_changed + weekend_changed)
        if improve_only and best_value <= old + margin + 1e-6:
            self.add(a, d, +1)
            return False
        if current is not None:
            self.paid_of[a] -= int(self.paid[current])
            self.days_of[a] -= 1
            del self.patterns[a, d]
            self.blocks.pop((a, d), None)
        if best is not None:
            s, blocks = best
            self.patterns[a, d] = s
            self.blocks[a, d] = blocks
            self.paid_of[a] += int(self.paid[s])
            self.days_of[a] += 1
            self.add(a, d, +1)
        return True


def place_blocks(
    problem: RosterProblem,
    space: ShiftSpace,
    weights: Weights,
    limits: AgentLimits,
    assignments: list[Assignment],
    *,
    deadline: float | None = None,
    fixed: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
    seed: int = 0,
) -> list[PlannedShift]:
    """Breaks and queue blocks for stage 2's shifts, then agent-days re-chosen (off, or any
    pattern within every weekly rule) until ``deadline`` (a ``time.monotonic()`` value; None:
    until no agent-day improves). Agent-days in ``fixed`` (pins, published) keep their shift."""
    roster = _Roster(problem, space, weights, limits, assignments, set(fixed))
    ordered = sorted(
        ((x.agent, x.day) for x in assignments),
        key=lambda k: (space.shift_start(k[1], roster.patterns[k]), k[0]),
    )
    for a, d in ordered:
        roster.place(a, d, improve_only=False)
    keys = [
        (a, d) for a in range(len(problem.agents)) if space.allowed[a].any() for d in range(N_DAYS)
    ]
    rng = np.random.default_rng(seed)
    while deadline is None or time.monotonic() < deadline:
        changed = 0
        for k in rng.permutation(len(keys)):
            if deadline is not None and time.monotonic() >= deadline:
                break
            a, d = keys[int(k)]
            changed += roster.place(a, d)
        if not changed:
            break
    return [
        PlannedShift(agent=a, day=d, pattern=s, blocks=tuple(roster.blocks[a, d]))
        for (a, d), s in sorted(roster.patterns.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
