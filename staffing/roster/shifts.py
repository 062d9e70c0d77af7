"""Which shifts each agent may work, where breaks may go, and interchangeable agent groups."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from staffing.roster.problem import N_DAYS, RosterProblem


@dataclass(frozen=True, kw_only=True)
class BreakPlacement:
    """One way to place a shift's breaks: (break rule index, offset in intervals) pairs."""

    offsets: tuple[tuple[int, int], ...]


@dataclass(frozen=True, kw_only=True)
class Group:
    """Agents who can serve exactly the same queues: interchangeable for coverage."""

    index: int
    queues: tuple[int, ...]
    agents: tuple[int, ...]


class ShiftSpace:
    """Derived arrays over (agent, day, pattern) shared by every stage."""

    def __init__(self, problem: RosterProblem) -> None:
        self.problem = problem

    @cached_property
    def pattern_starts(self) -> np.ndarray:
        return np.array([p.start for p in self.problem.patterns], dtype=np.int64)

    @cached_property
    def pattern_lengths(self) -> np.ndarray:
        return np.array([p.length for p in self.problem.patterns], dtype=np.int64)

    @cached_property
    def pattern_paid(self) -> np.ndarray:
        """Paid intervals of each pattern (span minus unpaid breaks)."""
        step = self.problem.interval_minutes
        return np.array(
            [
                self.problem.rules.paid_minutes(p.length * step) // step
                for p in self.problem.patterns
            ],
            dtype=np.int64,
        )

    def shift_start(self, day: int, s: int) -> int:
        return day * self.problem.intervals_per_day + int(self.pattern_starts[s])

    @cached_property
    def allowed(self) -> np.ndarray:
        """``allowed[a, d, s]``: not on leave during the shift, every interval of it has an
        open queue the agent may serve (so every worked interval can be a work block), and it
        starts at least ``min_rest_h`` after the agent's last shift of the previous roster."""
        problem = self.problem
        useless = ~((problem.eligible.astype(np.int64) @ problem.queue_open.astype(np.int64)) > 0)
        blocked = problem.unavailable | useless
        prefix = np.concatenate(
            [np.zeros((len(problem.agents), 1), dtype=np.int64), np.cumsum(blocked, axis=1)], axis=1
        )
        days = np.arange(N_DAYS)[:, None] * problem.intervals_per_day
        first = days + self.pattern_starts[None, :]
        last = first + self.pattern_lengths[None, :]
        rested = first[None, :, :] >= (problem.previous_end + self.rest)[:, None, None]
        return ((prefix[:, last] - prefix[:, first]) == 0) & rested

    @property
    def rest(self) -> int:
        """``min_rest_h`` in intervals."""
        return round(self.problem.rules.min_rest_h * 60 / self.problem.interval_minutes)

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        rows = self.problem.eligible
        keys: dict[tuple[int, ...], list[int]] = {}
        for a, row in enumerate(rows):
            queues = tuple(int(q) for q in np.flatnonzero(row))
            if queues:
                keys.setdefault(queues, []).append(a)
        return tuple(
            Group(index=i, queues=queues, agents=tuple(agents))
            for i, (queues, agents) in enumerate(sorted(keys.items()))
        )

    @cached_property
    def break_placements(self) -> dict[int, tuple[BreakPlacement, ...]]:
        """Every way to place the breaks of a shift of each length (in intervals), such that
        breaks do not overlap and every stretch of work around them is at least one block."""
        problem = self.problem
        step = problem.interval_minutes
        block = problem.rules.min_block_minutes // step
        out = {}
        for length in sorted(set(self.pattern_lengths.tolist())):
            rules = [
                (i, b) for i, b in enumerate(problem.rules.breaks) if b.applies_to(length * step)
            ]
            choices = []
            for i, rule in rules:
                low, high = rule.window_minutes()
                choices.append([(i, o) for o in range(low // step, high // step + 1)])
            placements = []
            for combo in itertools.product(*choices):
                spans = sorted((o, o + problem.rules.breaks[i].minutes // step) for i, o in combo)
                edges = [0, *[e for span in spans for e in span], length]
                works = [edges[k + 1] - edges[k] for k in range(0, len(edges), 2)]
                if all(w >= block for w in works) and all(
                    spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1)
                ):
                    placements.append(BreakPlacement(offsets=tuple(combo)))
            out[length] = tuple(placements)
        return out
