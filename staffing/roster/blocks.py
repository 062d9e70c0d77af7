"""Stage 3: breaks, work blocks and a local search over agent-days on the real objective.

Stage 2's shifts first get their breaks and blocks in start order. Then every agent-day in
turn is taken out of the roster and put back in its best way against what every other shift
already covers (a best response): off, or any allowed pattern that keeps the agent's weekly
rules with the rest of the week as it is (rest on both sides, consecutive days, days and paid
hours within the contract), with the best break placement and the best split of each work
stretch into blocks of at least ``min_block_minutes`` on open queues the agent may serve.
Pinned agent-days keep their shift; a day that differs from the published roster (when
re-planning) costs a change. Passes in random order repeat until nothing
improves or the deadline passes; a change is kept only if it gains (by more than the fairness
it may cost), so the roster only gets better.

When no single agent-day can gain any more, ruin-and-recreate moves take the rest of the
time: a few agent-days are taken out together and put back one by one in a random order,
each in its best way, and the result is kept unless the objective rises. The agent-days
form an ejection chain around a short queue-interval (an agent who may serve it, then an
agent who may serve the queue that one is on, ...) and sometimes include another day of
the first agent, so a shift can move between days within the contract.

For the first :data:`HOLD_SHARE` of the time no agent's week may get more paid hours than
stage 2 gave it (at least the minimum): coverage is first found among the hours already
paid, and only then bought with more hours where it is still short. Buying from the start
spends hours on shortfalls that moving shifts covers for free (measured at 200 agents:
+6% labour above the floor without the hold, +3% with it, at less shortfall).

The search is plain Python on one core. With a second core, its time is cut into
:data:`PARALLEL_ROUNDS` rounds; in each, a forked copy of the process searches from the same
roster with another random stream, and the roster with the lower objective goes on. This
process first places every shift's breaks jointly (an LP, ``breaks.py``), which moves many
breaks at once where single moves cannot gain, and searches from there, so each round
weighs the joint placement against the plain search.

One agent on queue ``q`` at ``t`` gains the queue's shortfall weight while the queue is short
there (plus up to ``SCARCITY_UNITS`` the fewer agents may serve it, so a versatile agent
takes the scarce queue first) and costs ``OVERSTAFF_UNITS`` otherwise; a shift's value is
that minus its labour cost and what it costs against the agent's preference.
Patterns are tried in order of an optimistic value (every interval on its best queue, no
breaks) and the search stops when the optimistic value cannot win. For one pattern the best
value of every stretch ``i..j`` with up to :data:`MAX_BLOCKS_PER_STRETCH` blocks is one small
table, so each break placement is priced by a sum of table lookups. Those prices are kept per
gain window (a window recurs while the coverage around it does not change), and a shift's
blocks are laid out only once it is chosen.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import multiprocessing.connection
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from staffing.roster.assign import Assignment, late_patterns, weekend_days
from staffing.roster.breaks import DayShift, joint_placements
from staffing.roster.checks import AgentLimits, longest_run
from staffing.roster.objective import (
    CHANGE_UNITS,
    FAIRNESS_UNITS,
    OVERSTAFF_UNITS,
    PREFERENCE_UNITS,
    SWITCH_UNITS,
    Weights,
    spread,
)
from staffing.roster.problem import N_DAYS, RosterProblem
from staffing.roster.shifts import ShiftSpace

#: every gain is a multiple of 1 / GAIN_GRID (the scarcity bonus is rounded to it) and an
#: interval on a closed queue costs a power of two, so the sums the search compares are exact
#: in floating point: a day laid out again as it is never seems to gain (with a bonus of
#: 5 x 45/920 units and -1e13 for a closed interval it did, by 0.002 to 0.24 units, on 176
#: agent-days of every pass at 1,000 agents, and the passes never ended)
GAIN_GRID = 64
#: value of an impossible stretch
IMPOSSIBLE = -(10.0**16)
#: blocks one work stretch (between breaks) may be split into
MAX_BLOCKS_PER_STRETCH = 3
#: ruin-and-recreate moves between two best-response passes
RUIN_MOVES_PER_PASS = 1000
#: most a short interval on the scarcest queue gains above its shortfall weight
SCARCITY_UNITS = OVERSTAFF_UNITS / 2
#: most agent-days taken out together by one ruin-and-recreate move
RUIN_SIZE = 3
#: share of ruin-and-recreate moves that bring an agent who is off to a short day
DAY_MOVE_SHARE = 0.3
#: share of the search time in which no agent's week gets more paid hours than it has
HOLD_SHARE = 0.5
#: seconds between two reports of the search's objective
REPORT_EVERY_S = 1.0
#: least search time for which a parallel search forks a copy of the process
PARALLEL_MIN_SECONDS = 10.0
#: rounds of a parallel search: each ends with the better of the two rosters
PARALLEL_ROUNDS = 2
#: seconds the copy may answer after its round before it is stopped and ignored
PARALLEL_GRACE_S = 2.0
#: most of a parallel round's time the joint break placement may take
BREAKS_LP_SHARE = 0.25
#: gain windows whose break placement values are kept (a window recurs while the coverage
#: around it does not change: about a third of the tables in a search at 200 agents)
PLACEMENT_CACHE_SIZE = 20_000


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


def _break_spans(
    first: int, blocks: list[Block] | tuple[Block, ...]
) -> tuple[tuple[int, int, int], ...]:
    """A shift's breaks as (start, end, rule) from the shift's ``first`` interval, in order."""
    return tuple(
        sorted(
            (b.start - first, b.end - first, int(b.break_rule))
            for b in blocks
            if b.break_rule is not None
        )
    )


def queue_switches(blocks: list[Block] | tuple[Block, ...]) -> int:
    """Changes of queue from one work block of a shift to the next (breaks between count)."""
    queues = [b.queue for b in blocks if b.queue is not None]
    return sum(x != y for x, y in itertools.pairwise(queues))


class _Placements:
    """Per shift length: the break placements as stretch index arrays and break blocks."""

    def __init__(self, problem: RosterProblem, space: ShiftSpace) -> None:
        self.by_length: dict[int, tuple[np.ndarray, np.ndarray, list[list[tuple[int, int, int]]]]]
        self.by_length = {}
        self.stretch_starts: dict[int, np.ndarray] = {}
        #: per length, the distinct work stretches (starts, ends) of all placements, and per
        #: placement the index of each of its stretches among them
        self.stretches: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        #: per length, each break's (window offsets, intervals): the offsets it may cover
        self.break_windows: dict[int, list[tuple[np.ndarray, int]]] = {}
        #: per length, each placement's breaks (start offset, end offset, rule) -> its index
        self.index: dict[int, dict[tuple[tuple[int, int, int], ...], int]] = {}
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
            self.index[length] = {tuple(spans): p for p, spans in enumerate(breaks)}
            self.stretch_starts[length] = np.unique(starts)
            codes, index = np.unique(starts * (length + 1) + ends, return_inverse=True)
            self.stretches[length] = (
                codes // (length + 1),
                codes % (length + 1),
                index.reshape(starts.shape),
            )
            self.break_windows[length] = []
            for rule in problem.rules.breaks_for(length * step):
                low, high = rule.window_minutes()
                size = rule.minutes // step
                window = np.arange(low // step, high // step + size)
                self.break_windows[length].append((window, size))


@functools.cache
def _long_enough(length: int, block: int) -> np.ndarray:
    """``[i, j]``: offsets i..j of a shift of ``length`` intervals hold at least one block."""
    i, j = np.ogrid[: length + 1, : length + 1]
    return (j - i) >= block


class _Stretches:
    """Best value of every stretch ``i..j`` of one shift window that starts at one of
    ``starts`` (the offsets a work stretch may start at: 0 and the ends of breaks; default
    every offset) split into blocks, with its reconstruction.

    ``levels[k][row_of[i], j]``: the best split of ``i..j`` into at most k + 1 blocks, kept
    for every ``j`` below the top level; the top level (:meth:`values`) is computed only for
    the stretches asked for (a third less work per window)."""

    def __init__(self, gain: np.ndarray, block: int, starts: np.ndarray | None = None) -> None:
        n_queues, length = gain.shape
        self.prefix = np.concatenate([np.zeros((n_queues, 1)), np.cumsum(gain, axis=1)], axis=1)
        best = (self.prefix[:, None, :] - self.prefix[:, :, None]).max(axis=0)  # [i, j]: i..j
        self.single = np.where(_long_enough(length, block), best, IMPOSSIBLE)
        starts = np.arange(length + 1) if starts is None else starts
        self.row_of = np.full(length + 1, -1, dtype=np.int64)
        self.row_of[starts] = np.arange(len(starts))
        # a split's last block is a single one, so only rows at a stretch start are needed;
        # with one queue a split only adds a switch
        self.splits = MAX_BLOCKS_PER_STRETCH - 1 if n_queues > 1 else 0
        value = self.single[starts]
        self.levels = [value]
        for _ in range(self.splits - 1):
            split = (value[:, :, None] + self.single[None, :, :]).max(axis=1) - SWITCH_UNITS
            value = np.maximum(value, split)
            self.levels.append(value)

    def values(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Best value of each stretch ``i[k]..j[k]`` with up to the most blocks allowed."""
        below = self.levels[-1][self.row_of[i]]
        whole = below[np.arange(len(j)), j]
        if not self.splits:
            return whole
        split = (below + self.single[:, j].T).max(axis=1) - SWITCH_UNITS
        return np.maximum(whole, split)

    def blocks(self, i: int, j: int, level: int | None = None) -> list[tuple[int, int, int]]:
        """(queue position, start, end) blocks of the best split of ``i..j`` into at most
        ``level + 1`` blocks (default: as many as allowed)."""
        level = self.splits if level is None else level
        if level == 0:
            return [(int(np.argmax(self.prefix[:, j] - self.prefix[:, i])), i, j)]
        below = self.levels[level - 1][self.row_of[i]]
        split = below + self.single[:, j] - SWITCH_UNITS
        m = int(np.argmax(split))
        if split[m] <= below[j]:
            return self.blocks(i, j, level - 1)
        return [*self.blocks(i, m, level - 1), *self.blocks(m, j, 0)]


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
        published: dict[tuple[int, int], int | None] | None = None,
    ) -> None:
        self.problem, self.space, self.limits = problem, space, limits
        #: (agent, day) -> the published pattern (None: off); any other choice costs a change
        self.published = published or {}
        horizon = problem.n_horizon_intervals
        self.required = np.zeros((len(problem.queues), horizon), dtype=np.int64)
        self.required[:, : problem.n_week_intervals] = problem.required
        self.scheduled = np.zeros_like(self.required)
        self.open = problem.queue_open
        self.weight = weights.shortfall.astype(float)
        self.cost = weights.cost_per_interval.astype(float)
        self.block = problem.rules.min_block_minutes // problem.interval_minutes
        self.placements = _Placements(problem, space)
        self.rest = space.rest
        self.run_limit = problem.rules.max_consecutive_days
        self.late = late_patterns(problem, space)
        self.weekend = set(weekend_days(problem))
        self.fixed = fixed
        self.patterns: dict[tuple[int, int], int] = {}
        #: per day, the agents at work (a view of ``patterns`` for the ruin moves' picks)
        self.at_work: list[set[int]] = [set() for _ in range(N_DAYS)]
        for x in assignments:
            self.patterns[x.agent, x.day] = x.pattern
            self.at_work[x.day].add(x.agent)
        self.blocks: dict[tuple[int, int], list[Block]] = {}
        self.eligible = [np.flatnonzero(row) for row in problem.eligible]
        self.starts = space.pattern_starts
        self.lengths = space.pattern_lengths
        self.paid = space.pattern_paid
        self.longest = int(self.paid.max())
        #: most paid intervals a week may reach (the contract's, or less while hours are held)
        self.max_paid = limits.max_paid
        #: agent -> days still to be put back by the ruin-and-recreate move under way
        self.pending: dict[int, int] = {}
        self.day_span = problem.intervals_per_day + int((self.starts + self.lengths).max())
        self.week_end = problem.n_week_intervals
        n_agents = len(problem.agents)
        self.paid_of, self.days_of = np.zeros(n_agents, np.int64), np.zeros(n_agents, np.int64)
        self.weekends_of, self.lates_of = np.zeros(n_agents, np.int64), np.zeros(n_agents, np.int64)
        for x in assignments:
            self._count(x.agent, x.day, x.pattern, +1)
        #: [agent, day]: whether any pattern is allowed
        self.may_work_day = space.allowed.sum(axis=2) > 0
        may_work = self.may_work_day.sum(axis=1) > 0
        self.movable = np.flatnonzero(may_work)
        self.group_of = {a: g.index for g in space.groups for a in g.agents}
        self.counted = {
            g.index: np.array([a for a in g.agents if may_work[a]], dtype=np.int64)
            for g in space.groups
        }
        #: per queue, the agents who may serve it and may work at all
        self.able = [np.flatnonzero(row & may_work) for row in problem.eligible.T]
        self.able_sets = [set(x.tolist()) for x in self.able]
        # A short queue few agents may serve gains a little more (less than overstaffing
        # costs), so an agent who can serve several short queues takes the scarce one first.
        able = np.array([len(x) for x in self.able], dtype=float)
        self.servable = able > 0
        scarcity = 1.0 - able / max(able.max(), 1.0)
        bonus = np.round(SCARCITY_UNITS * scarcity * GAIN_GRID) / GAIN_GRID
        self.short_gain = self.weight + bonus
        #: gain of an interval on a closed queue: more than any day can gain or cost
        #: otherwise, so it is never chosen while anything else is possible
        most = self.short_gain.max(initial=0.0) + self.cost.max(initial=0.0) + SWITCH_UNITS
        most += PREFERENCE_UNITS + CHANGE_UNITS
        self.blocked = -(2.0 ** np.ceil(np.log2(4 * self.day_span * most)))
        #: gain window (shape, bytes) -> value of each break placement (:meth:`coverage_value`)
        self.placement_values: OrderedDict[tuple[tuple[int, ...], bytes], np.ndarray]
        self.placement_values = OrderedDict()

    def gains(self, a: int, first: int, last: int) -> np.ndarray:
        queues = self.eligible[a]
        window = slice(first, last)
        short = self.scheduled[queues, window] < self.required[queues, window]
        gain = np.where(short, self.short_gain[queues, None], -float(OVERSTAFF_UNITS))
        return np.where(self.open[queues, window], gain, self.blocked)

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
        # days of this agent still to be put back by a ruin-and-recreate move count at most
        # one longest shift each towards the minimum hours
        pending = self.pending.get(a, 0)
        reachable = other_paid + pending * self.longest
        ok = space.allowed[a, d].copy()
        ok &= (reachable + self.paid >= limits.min_paid[a]) & (
            other_paid + self.paid <= self.max_paid[a]
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
        may_be_off = other_days + pending >= limits.min_days[a] and reachable >= limits.min_paid[a]
        return np.flatnonzero(ok), bool(may_be_off)

    def _end(self, a: int, d: int) -> int:
        s = self.patterns[a, d]
        return self.space.shift_start(d, s) + int(self.lengths[s])

    def _run(self, a: int, d: int) -> int:
        """Longest run of working days if the agent also worked day d."""
        days = {day for day in range(N_DAYS) if day == d or (a, day) in self.patterns}
        return longest_run(days, int(self.problem.previous_run[a]))

    def coverage_value(self, d: int, s: int, gain: np.ndarray, low: int) -> tuple[float, int]:
        """Coverage value of pattern s on day d with its best break placement: (value, the
        placement), for :meth:`layout`. ``gain`` covers the intervals from ``low`` on."""
        first = self.space.shift_start(d, s)
        length = int(self.lengths[s])
        window = gain[:, first - low : first - low + length]
        key = (window.shape, window.tobytes())
        values = self.placement_values.get(key)
        if values is None:
            i, j, index = self.placements.stretches[length]
            values = self._table(window).values(i, j)[index].sum(axis=1)
            if len(self.placement_values) >= PLACEMENT_CACHE_SIZE:  # the oldest goes
                self.placement_values.popitem(last=False)
            self.placement_values[key] = values
        p = int(np.argmax(values))
        return float(values[p]), p

    def _table(self, window: np.ndarray) -> _Stretches:
        return _Stretches(window, self.block, self.placements.stretch_starts[window.shape[1]])

    def layout(
        self, a: int, d: int, choice: tuple[int, int] | None
    ) -> tuple[int, list[Block]] | None:
        """The day as :meth:`set_day` takes it for :meth:`choose`'s (pattern, break
        placement): the breaks and the best queue blocks against the roster as it is."""
        if choice is None:
            return None
        s, p = choice
        first = self.space.shift_start(d, s)
        length = int(self.lengths[s])
        table = self._table(self.gains(a, first, first + length))
        p_starts, p_ends, p_breaks = self.placements.by_length[length]
        queues = self.eligible[a]
        blocks = [
            Block(start=first + o, end=first + e, break_rule=rule) for o, e, rule in p_breaks[p]
        ]
        for i, j in zip(p_starts[p], p_ends[p], strict=True):
            for q, b_start, b_end in table.blocks(int(i), int(j)):
                blocks.append(Block(start=first + b_start, end=first + b_end, queue=int(queues[q])))
        return s, sorted(blocks, key=lambda b: b.start)

    def current_value(self, a: int, d: int) -> float:
        """Value of the day as it is against the others (the measure of :meth:`choose`)."""
        if (a, d) not in self.patterns:
            return -self.off_cost(a, d)
        total = -self.shift_cost(a, d, np.array([self.patterns[a, d]]))[0]
        previous = None
        for b in self.blocks[a, d]:
            if b.queue is None:
                previous = None
                continue
            queue = int(b.queue)
            window = slice(b.start, b.end)
            short = self.scheduled[queue, window] < self.required[queue, window]
            gain = np.where(short, self.short_gain[queue], -float(OVERSTAFF_UNITS))
            total += float(np.where(self.open[queue, window], gain, self.blocked).sum())
            if previous is not None and previous != queue:
                total -= SWITCH_UNITS
            previous = queue
        return total

    def add(self, a: int, d: int, sign: int) -> None:
        for b in self.blocks.get((a, d), ()):
            if b.queue is not None:
                self.scheduled[b.queue, b.start : b.end] += sign

    def choose(
        self, a: int, d: int, only: int | None = None
    ) -> tuple[float, tuple[int, int] | None, bool]:
        """Agent a's best day d against the rest of the roster (the day already out of the
        coverage): (value, (pattern, break placement) or None for off, whether any choice
        keeps every weekly rule); :meth:`layout` lays it out. Patterns are tried by an
        optimistic value (every interval at its best queue, no breaks) and the search stops
        when no bound can win. ``only``: that pattern."""
        candidates, may_be_off = self.options(a, d)
        if only is not None:
            candidates, may_be_off = np.array([only]), False
        best_value, best = (-self.off_cost(a, d), None) if may_be_off else (-np.inf, None)
        if len(candidates):
            low = d * self.problem.intervals_per_day
            high = min(low + self.day_span, self.problem.n_horizon_intervals)
            gain = self.gains(a, low, high)
            top = np.concatenate([[0.0], np.cumsum(np.maximum(gain.max(axis=0), 0.0))])
            offset = self.starts[candidates]
            costs = self.shift_cost(a, d, candidates)
            bounds = top[offset + self.lengths[candidates]] - top[offset] - costs
            bounds -= self._break_losses(candidates, np.maximum(gain.max(axis=0), 0.0))
            for k in np.argsort(-bounds, kind="stable"):
                if bounds[k] <= best_value:
                    break
                s = int(candidates[k])
                value, p = self.coverage_value(d, s, gain, low)
                if value - costs[k] > best_value:
                    best_value, best = value - costs[k], (s, p)
        return best_value, best, may_be_off or best is not None

    def _break_losses(self, candidates: np.ndarray, best: np.ndarray) -> np.ndarray:
        """What each candidate's breaks cost its optimistic value at least: each break takes
        its intervals somewhere in its window, each worth at least the window's least ``best``
        (breaks never overlap, so these add up)."""
        losses = np.zeros(len(candidates))
        lengths = self.lengths[candidates]
        for length in np.unique(lengths):
            which = np.flatnonzero(lengths == length)
            first = self.starts[candidates[which]][:, None]
            for window, size in self.placements.break_windows[int(length)]:
                losses[which] += size * best[first + window[None, :]].min(axis=1)
        return losses

    def day_choice(self, a: int, d: int) -> tuple[int, list[Block]] | None:
        """Agent a's day d as :meth:`set_day` takes it: (pattern, blocks), None when off."""
        s = self.patterns.get((a, d))
        return None if s is None else (s, self.blocks[a, d])

    def set_day(self, a: int, d: int, choice: tuple[int, list[Block]] | None) -> None:
        """Make ``choice`` agent a's day d; the day's old blocks must be out of the coverage."""
        current = self.patterns.pop((a, d), None)
        self.at_work[d].discard(a)
        if current is not None:
            self._count(a, d, current, -1)
            self.blocks.pop((a, d), None)
        if choice is not None:
            s, blocks = choice
            self.patterns[a, d] = s
            self.at_work[d].add(a)
            self.blocks[a, d] = blocks
            self._count(a, d, s, +1)
            self.add(a, d, +1)

    def shift_cost(self, a: int, d: int, patterns: np.ndarray) -> np.ndarray:
        """Labour cost of working each pattern on day d, plus what it costs against the
        agent's preference for that day and, when re-planning, against the published day."""
        unmet = self.problem.unmet_preference[a, d, patterns]
        cost = self.cost[a] * self.paid[patterns] + PREFERENCE_UNITS * unmet
        if (a, d) in self.published:
            cost = cost + CHANGE_UNITS * (patterns != self.published[a, d])
        return cost

    def off_cost(self, a: int, d: int) -> float:
        """What agent a being off on day d costs: a change when the published day is worked."""
        return float(CHANGE_UNITS) if self.published.get((a, d)) is not None else 0.0

    def _count(self, a: int, d: int, s: int, sign: int) -> None:
        self.paid_of[a] += sign * int(self.paid[s])
        self.days_of[a] += sign
        self.weekends_of[a] += sign * (d in self.weekend)
        self.lates_of[a] += sign * int(self.late[s])

    def place(self, a: int, d: int, improve_only: bool = True) -> bool:
        """Best response for agent a's day d: off or any pattern that keeps every weekly rule,
        with its breaks and blocks, kept only if it gains (by more than the fairness it may
        cost). ``improve_only=False``: the day's pattern as it is, with its best blocks."""
        self.add(a, d, -1)
        current = self.patterns.get((a, d))
        old = self.current_value(a, d) if improve_only else -np.inf
        best_value, best, _ = self.choose(a, d, None if improve_only else current)
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
        self.set_day(a, d, self.layout(a, d, best))
        return True

    def has_placement(self, key: tuple[int, int], blocks: tuple[Block, ...]) -> bool:
        """Whether ``blocks`` for the agent-day ``key`` (its pattern as assigned) have a break
        placement the search knows (the joint break placement needs it)."""
        s = self.patterns.get(key)
        if s is None:
            return False
        spans = _break_spans(self.space.shift_start(key[1], s), blocks)
        return spans in self.placements.index[int(self.lengths[s])]

    def placement(self, a: int, d: int) -> int:
        """Index of the break placement agent a's shift on day d has."""
        spans = _break_spans(self.space.shift_start(d, self.patterns[a, d]), self.blocks[a, d])
        return self.placements.index[int(self.lengths[self.patterns[a, d]])][spans]

    def place_breaks_jointly(self, time_limit_s: float) -> int:
        """Every shift's breaks placed together (:func:`joint_placements`), then each
        day's blocks laid out again around them, twice over. Returns the agent-days whose
        breaks moved (0 when the LP is not solved in time)."""
        shifts = {
            (a, d): DayShift(
                group=self.group_of[a],
                pattern=s,
                first=self.space.shift_start(d, s),
                length=int(self.lengths[s]),
                placement=self.placement(a, d),
            )
            for (a, d), s in self.patterns.items()
        }
        week = self.week_end
        chosen = joint_placements(
            shifts,
            group_queues={g.index: g.queues for g in self.space.groups},
            placements={n: x[2] for n, x in self.placements.by_length.items()},
            required=self.required[:, :week],
            is_open=self.open[:, :week],
            weight=self.weight,
            time_limit_s=time_limit_s,
        )
        if chosen is None:
            return 0
        for _ in range(2):
            for (a, d), p in chosen.items():
                self.add(a, d, -1)
                self.set_day(a, d, self.layout(a, d, (self.patterns[a, d], p)))
        return sum(p != shifts[key].placement for key, p in chosen.items())

    def planned(self) -> list[PlannedShift]:
        """The roster as it is, by day, then agent."""
        return [
            PlannedShift(agent=a, day=d, pattern=s, blocks=tuple(self.blocks[a, d]))
            for (a, d), s in sorted(self.patterns.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        ]

    def replace_all(self, shifts: list[PlannedShift]) -> None:
        """Make ``shifts`` (with their blocks) the whole roster."""
        for a, d in list(self.patterns):
            self.add(a, d, -1)
            self.set_day(a, d, None)
        for x in shifts:
            self.set_day(x.agent, x.day, (x.pattern, list(x.blocks)))

    def objective(self) -> float:
        """The real objective's terms the search changes, over the whole roster."""
        keys = list(dict.fromkeys([*self.patterns, *self.published]))
        return self.cost_of(keys, set(self.counted), whole_week=True)

    def cost_of(
        self, keys: list[tuple[int, int]], groups: set[int], whole_week: bool = False
    ) -> float:
        """The real objective's terms that the agent-days ``keys`` can change: coverage over
        their days (or the whole week), their labour and channel switches, and the fairness
        of their groups."""
        ipd = self.problem.intervals_per_day
        days = sorted({d for _, d in keys})
        low, high = 0, self.week_end
        if not whole_week:
            low, high = days[0] * ipd, min(days[-1] * ipd + self.day_span, self.week_end)
        required, scheduled = self.required[:, low:high], self.scheduled[:, low:high]
        total = float((self.weight[:, None] * np.maximum(required - scheduled, 0)).sum())
        total += OVERSTAFF_UNITS * float(np.maximum(scheduled - required, 0).sum())
        for key in keys:
            if key in self.patterns:
                total += self.shift_cost(*key, np.array([self.patterns[key]]))[0]
                total += SWITCH_UNITS * queue_switches(self.blocks[key])
            else:
                total += self.off_cost(*key)
        for g in groups:
            members = self.counted[g]
            if len(members) > 1:
                total += FAIRNESS_UNITS * (
                    spread(self.weekends_of[members]) + spread(self.lates_of[members])
                )
        return total

    def ruin_and_recreate(self, keys: list[tuple[int, int]], rng: np.random.Generator) -> bool:
        """Take the agent-days ``keys`` out together and put them back one by one, each in its
        best way (so one agent can move to a short queue while another takes over its
        queue, or a shift can move to another day); kept when the objective does not rise.
        Returns whether it fell."""
        if not keys:
            return False
        groups = {self.group_of[a] for a, _ in keys}
        before = self.cost_of(keys, groups)
        saved = [(a, d, self.day_choice(a, d)) for a, d in keys]
        for a, d in keys:
            self.add(a, d, -1)
            self.set_day(a, d, None)
        agents = [a for a, _ in keys]
        self.pending = {a: agents.count(a) for a in agents}
        done = True
        for k in rng.permutation(len(keys)):
            a, d = keys[int(k)]
            self.pending[a] -= 1
            _, best, ok = self.choose(a, d)
            if not ok:
                done = False
                break
            self.set_day(a, d, self.layout(a, d, best))
        self.pending = {}
        if done and all(self._week_within_contract(a) for a in set(agents)):
            after = self.cost_of(keys, groups)
            if after <= before + 1e-6:  # sideways moves are kept: they let the search drift
                return after < before - 1e-6
        for a, d, _ in saved:
            self.add(a, d, -1)
            self.set_day(a, d, None)
        for a, d, choice in saved:
            if choice is not None:
                self.set_day(a, d, choice)
        return False

    def _week_within_contract(self, a: int) -> bool:
        lim = self.limits
        return bool(
            lim.min_days[a] <= self.days_of[a] <= lim.max_days[a]
            and lim.min_paid[a] <= self.paid_of[a] <= lim.max_paid[a]
        )

    def ruin_keys(self, rng: np.random.Generator) -> list[tuple[int, int]]:
        """Agent-days to ruin together: an ejection chain around a short queue-interval
        (picked by its weight): an agent who may serve the queue, an agent who may serve
        the queue that one is on then, and so on; sometimes another day of the first agent
        (so a shift can move between days). Random agent-days when nothing is short."""
        week = self.week_end
        short = (self.scheduled[:, :week] < self.required[:, :week]) & self.open[:, :week]
        where = np.flatnonzero(short & self.servable[:, None])
        if not len(where):
            if not len(self.movable):
                return []
            a, d = int(rng.choice(self.movable)), int(rng.integers(N_DAYS))
            others = [b for b in self.at_work[d] if b != a]
            picked = (
                rng.choice(others, size=min(2, len(others)), replace=False).tolist()
                if others
                else []
            )
            # with another day of the same agent, so a week can trade a day for another
            # (fairness: a weekend day for a weekday under a contract's fixed days)
            other_day = [(a, int(rng.integers(N_DAYS)))] if rng.random() < 0.5 else []
            return self._free(
                list(dict.fromkeys([(a, d), *other_day, *((int(b), d) for b in picked)]))
            )
        q, t = divmod(int(rng.choice(where, p=self._pick_weights(where))), week)
        d = t // self.problem.intervals_per_day
        if rng.random() < DAY_MOVE_SHARE and (moved := self._day_move(q, d, rng)):
            return self._free(moved)
        keys: list[tuple[int, int]] = []
        for _ in range(int(rng.integers(1, RUIN_SIZE + 1))):
            at_work = self.at_work[d] & self.able_sets[q]
            busy = [a for a in at_work if self._queue_at(a, d, t) not in (None, q)]
            a = int(rng.choice(busy if busy and rng.random() < 0.8 else self.able[q]))
            keys.append((a, d))
            on = self._queue_at(a, d, t)
            if on is None and (a, d) in self.patterns:
                keys += self._stand_in(a, d, t, rng)
            if on is None or on == q:
                break
            q = on
        if rng.random() < 0.3:
            keys.append((keys[0][0], int(rng.integers(N_DAYS))))
        return self._free(list(dict.fromkeys(keys)))

    def _day_move(self, q: int, d: int, rng: np.random.Generator) -> list[tuple[int, int]]:
        """An agent who may serve queue q, is off on day d and may work then, with one of
        the days the agent works and a stand-in at work that day (who may take over the
        agent's queues there): the shift can move to day d and the stand-in cover for it."""
        able = self.able[q]
        off = [a for a in able[self.may_work_day[able, d]].tolist() if a not in self.at_work[d]]
        if not off:
            return []
        a = int(rng.choice(off))
        worked = [day for day in range(N_DAYS) if (a, day) in self.patterns]
        if not worked:
            return []
        other = int(rng.choice(worked))
        first = self.space.shift_start(other, self.patterns[a, other])
        t = int(rng.integers(first, first + self.lengths[self.patterns[a, other]]))
        return [(a, d), (a, other), *self._stand_in(a, other, t, rng)]

    def _stand_in(self, a: int, d: int, t: int, rng: np.random.Generator) -> list[tuple[int, int]]:
        """An agent at work at ``t`` who may serve a queue of agent a's shift on day d
        (which is elsewhere in the day): the two may trade times."""
        mine = {b.queue for b in self.blocks[a, d] if b.queue is not None}
        since = t - d * self.problem.intervals_per_day  # offset from the day's start
        able = set().union(*(self.able_sets[q] for q in mine))
        others = [
            b
            for b in self.at_work[d] & able
            if b != a
            and 0 <= since - self.starts[self.patterns[b, d]] < self.lengths[self.patterns[b, d]]
        ]
        return [(int(rng.choice(others)), d)] if others else []

    def _pick_weights(self, where: np.ndarray) -> np.ndarray:
        weight = self.weight[where // self.week_end]
        return weight / weight.sum()

    def _queue_at(self, a: int, d: int, t: int) -> int | None:
        for b in self.blocks.get((a, d), ()):
            if b.start <= t < b.end:
                return b.queue
        return None

    def _free(self, keys: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [k for k in keys if k not in self.fixed]


def place_blocks(
    problem: RosterProblem,
    space: ShiftSpace,
    weights: Weights,
    limits: AgentLimits,
    assignments: list[Assignment],
    *,
    deadline: float | None = None,
    fixed: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
    published: dict[tuple[int, int], int | None] | None = None,
    initial: dict[tuple[int, int], tuple[Block, ...]] | None = None,
    seed: int = 0,
    on_objective: Callable[[float], None] | None = None,
    parallel: bool = False,
) -> list[PlannedShift]:
    """Breaks and queue blocks for stage 2's shifts, then agent-days re-chosen (off, or any
    pattern within every weekly rule) until ``deadline`` (a ``time.monotonic()`` value; None:
    until no agent-day improves). Agent-days in ``fixed`` (pins) keep their shift; one that
    differs from ``published`` ((agent, day) -> pattern, None = off) costs a change.
    ``initial``: blocks (breaks included) some of the assignments start with instead of being
    laid out (the published roster's, when re-planning keeps an agent's week).
    ``on_objective`` gets the objective of the roster so far (:meth:`_Roster.objective`)
    once the first breaks and blocks are placed, every :data:`REPORT_EVERY_S` and at the end.
    ``parallel``: search on two cores when there are two (:func:`_search_until`)."""
    roster = _Roster(problem, space, weights, limits, assignments, set(fixed), published)
    tick = _Ticker(roster, on_objective)
    initial = {k: v for k, v in (initial or {}).items() if roster.has_placement(k, v)}
    for (a, d), blocks in initial.items():
        roster.set_day(a, d, (roster.patterns[a, d], list(blocks)))
    ordered = sorted(
        ((x.agent, x.day) for x in assignments if (x.agent, x.day) not in initial),
        key=lambda k: (space.shift_start(k[1], roster.patterns[k]), k[0]),
    )
    for a, d in ordered:
        roster.place(a, d, improve_only=False)
    tick(force=True)
    keys = [
        (a, d) for a in range(len(problem.agents)) if space.allowed[a].any() for d in range(N_DAYS)
    ]
    if deadline is None:
        _search(roster, keys, np.random.default_rng(seed), None, tick)
    else:
        _search_until(roster, keys, seed, deadline, tick, parallel)
    tick(force=True)
    return roster.planned()


def _search_until(
    roster: _Roster,
    keys: list[tuple[int, int]],
    seed: int,
    deadline: float,
    tick: _Ticker,
    parallel: bool,
) -> None:
    """The search until ``deadline``: first with each week held to the paid hours stage 2
    gave it (:data:`HOLD_SHARE`), then free. With ``parallel``, a second core and at least
    :data:`PARALLEL_MIN_SECONDS`, the time is cut into :data:`PARALLEL_ROUNDS` rounds: in each,
    a forked copy of the process searches from the same roster with another random stream,
    and its roster replaces this one if it has the lower objective (the copy reports no
    progress; one that has not answered :data:`PARALLEL_GRACE_S` after the round is stopped
    and ignored)."""
    start = time.monotonic()
    limits = roster.limits
    held = np.minimum(limits.max_paid, np.maximum(limits.min_paid, roster.paid_of))
    hold_end = start + HOLD_SHARE * (deadline - start)
    if not (parallel and deadline - start >= PARALLEL_MIN_SECONDS and _may_fork()):
        _phase(roster, keys, np.random.default_rng(seed), deadline, hold_end, held, tick)
        return
    for k in range(PARALLEL_ROUNDS):
        end = start + (k + 1) * (deadline - start) / PARALLEL_ROUNDS

        def search(rng: np.random.Generator, tick: _Ticker, end: float = end) -> None:
            _phase(roster, keys, rng, end, hold_end, held, tick)

        receive, send = multiprocessing.Pipe(duplex=False)
        copy = multiprocessing.get_context("fork").Process(
            target=_copy_round,
            args=(send, roster, functools.partial(search, np.random.default_rng([seed, k, 1]))),
            daemon=True,
        )
        copy.start()
        send.close()
        roster.place_breaks_jointly(BREAKS_LP_SHARE * (end - time.monotonic()))
        search(np.random.default_rng([seed, k, 0]), tick)
        try:
            wait = max(end - time.monotonic(), 0.0) + PARALLEL_GRACE_S
            found = receive.recv() if receive.poll(wait) else None
        except EOFError:  # the copy ended without an answer
            found = None
        finally:
            copy.kill()
            copy.join()
            receive.close()
        if found is not None and found[0] < roster.objective():
            roster.replace_all(found[1])
            tick(force=True)


def _phase(
    roster: _Roster,
    keys: list[tuple[int, int]],
    rng: np.random.Generator,
    end: float,
    hold_end: float,
    held: np.ndarray,
    tick: _Ticker,
) -> None:
    """The search until ``end``, with weeks held to ``held`` paid intervals until ``hold_end``."""
    if time.monotonic() < hold_end:
        roster.max_paid = held
        _search(roster, keys, rng, min(end, hold_end), tick)
        roster.max_paid = roster.limits.max_paid
    if end > hold_end:
        _search(roster, keys, rng, end, tick)


def _copy_round(
    send: multiprocessing.connection.Connection,
    roster: _Roster,
    search: Callable[[_Ticker], None],
) -> None:
    """A round of :func:`_search_until` in the forked copy (``search``, without progress
    reports): its objective and roster go back through ``send``."""
    search(_Ticker(roster, None))
    send.send((roster.objective(), roster.planned()))
    send.close()


def available_cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _may_fork() -> bool:
    """A second core for this process, which may start a child (a daemon may not) by ``fork``."""
    return (
        available_cores() >= 2
        and not multiprocessing.current_process().daemon
        and "fork" in multiprocessing.get_all_start_methods()
    )


class _Ticker:
    """Reports the roster's objective to a callback at most every :data:`REPORT_EVERY_S`."""

    def __init__(self, roster: _Roster, callback: Callable[[float], None] | None) -> None:
        self.roster, self.callback, self.last = roster, callback, -np.inf

    def __call__(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.callback is not None and (force or now - self.last >= REPORT_EVERY_S):
            self.last = now
            self.callback(self.roster.objective())


def _search(
    roster: _Roster,
    keys: list[tuple[int, int]],
    rng: np.random.Generator,
    deadline: float | None,
    tick: _Ticker,
) -> None:
    """Best-response passes until none gains; then ruin-and-recreate moves, each batch
    followed by a pass, until ``deadline``."""
    while deadline is None or time.monotonic() < deadline:
        changed = 0
        for k in rng.permutation(len(keys)):
            if deadline is not None and time.monotonic() >= deadline:
                break
            a, d = keys[int(k)]
            changed += roster.place(a, d)
            tick()
        if not changed:
            break
    while deadline is not None and time.monotonic() < deadline:
        for _ in range(RUIN_MOVES_PER_PASS):
            if time.monotonic() >= deadline:
                break
            roster.ruin_and_recreate(roster.ruin_keys(rng), rng)
            tick()
        for k in rng.permutation(len(keys)):
            if time.monotonic() >= deadline:
                break
            roster.place(*keys[int(k)])
            tick()
