"""Stage 3: breaks inside their windows and work blocks on eligible queues, shift by shift.

Shifts are handled in start order. Breaks go where the agent's group has the most spare
agents (working minus what stage 1 planned to serve); each work stretch between breaks is then
split into blocks of at least ``min_block_minutes`` on open queues the agent may serve, by a
small dynamic programme that follows stage 1's plan, then open shortfall, and avoids switches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from staffing.roster.assign import Assignment
from staffing.roster.objective import OVERSTAFF_UNITS, SWITCH_UNITS, Weights
from staffing.roster.problem import RosterProblem
from staffing.roster.shifts import ShiftSpace

BLOCKED = -(10.0**15)


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


def place_blocks(
    problem: RosterProblem,
    space: ShiftSpace,
    weights: Weights,
    assignments: list[Assignment],
    plan: np.ndarray,
) -> list[PlannedShift]:
    """``plan[g, q, t]``: agents of group g that stage 1 puts on queue q at t."""
    group_of = np.zeros(len(problem.agents), dtype=np.int64)
    for g in space.groups:
        group_of[list(g.agents)] = g.index
    horizon = problem.n_horizon_intervals
    n_week = problem.n_week_intervals
    n_groups, n_queues = len(space.groups), len(problem.queues)
    working = np.zeros((n_groups, horizon), dtype=np.int64)
    ordered = sorted(assignments, key=lambda x: (space.shift_start(x.day, x.pattern), x.agent))
    for x in ordered:
        first = space.shift_start(x.day, x.pattern)
        working[group_of[x.agent], first : first + int(space.pattern_lengths[x.pattern])] += 1
    on_break = np.zeros_like(working)
    planned_total = plan.sum(axis=1)
    breaks: dict[tuple[int, int], list[Block]] = {}
    for x in ordered:
        g = int(group_of[x.agent])
        first = space.shift_start(x.day, x.pattern)
        length = int(space.pattern_lengths[x.pattern])
        placements = space.break_placements[length]
        if not placements[0].offsets:
            breaks[x.agent, x.day] = []
            continue
        spare = (working[g] - planned_total[g] - on_break[g])[first : first + length]
        masks = _break_masks(problem, placements, length)
        best = int(np.argmax(masks @ spare))
        chosen = []
        for rule, offset in placements[best].offsets:
            span = problem.rules.breaks[rule].minutes // problem.interval_minutes
            on_break[g, first + offset : first + offset + span] += 1
            chosen.append(Block(start=first + offset, end=first + offset + span, break_rule=rule))
        breaks[x.agent, x.day] = sorted(chosen, key=lambda b: b.start)
    required = np.zeros((n_queues, horizon), dtype=np.int64)
    required[:, :n_week] = problem.required
    scheduled = np.zeros((n_queues, horizon), dtype=np.int64)
    served = np.zeros_like(plan)
    block = problem.rules.min_block_minutes // problem.interval_minutes
    shifts = []
    for x in ordered:
        g = int(group_of[x.agent])
        first = space.shift_start(x.day, x.pattern)
        last = first + int(space.pattern_lengths[x.pattern])
        eligible = np.flatnonzero(problem.eligible[x.agent])
        blocks = list(breaks[x.agent, x.day])
        edges = [first, *[e for b in blocks for e in (b.start, b.end)], last]
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            gain = _gains(
                problem, weights, eligible, g, start, end, plan, served, scheduled, required
            )
            for q, b_start, b_end in _split(gain, block):
                queue = int(eligible[q])
                blocks.append(Block(start=start + b_start, end=start + b_end, queue=queue))
                scheduled[queue, start + b_start : start + b_end] += 1
                served[g, queue, start + b_start : start + b_end] += 1
        shifts.append(
            PlannedShift(
                agent=x.agent,
                day=x.day,
                pattern=x.pattern,
                blocks=tuple(sorted(blocks, key=lambda b: b.start)),
            )
        )
    return shifts


def _break_masks(problem: RosterProblem, placements: tuple, length: int) -> np.ndarray:
    masks = np.zeros((len(placements), length), dtype=np.int64)
    for i, placement in enumerate(placements):
        for rule, offset in placement.offsets:
            span = problem.rules.breaks[rule].minutes // problem.interval_minutes
            masks[i, offset : offset + span] = 1
    return masks


def _gains(
    problem: RosterProblem,
    weights: Weights,
    eligible: np.ndarray,
    g: int,
    start: int,
    end: int,
    plan: np.ndarray,
    served: np.ndarray,
    scheduled: np.ndarray,
    required: np.ndarray,
) -> np.ndarray:
    """Value of one more agent on each eligible queue over the stretch ``start..end``."""
    window = slice(start, end)
    weight = weights.shortfall[eligible][:, None].astype(float)
    follows_plan = served[g, eligible, window] < plan[g, eligible, window]
    covers_gap = scheduled[eligible, window] < required[eligible, window]
    gain = weight * (2.0 * follows_plan + covers_gap) - OVERSTAFF_UNITS * ~covers_gap
    return np.where(problem.queue_open[eligible, window], gain, BLOCKED)


def _split(gain: np.ndarray, block: int) -> list[tuple[int, int, int]]:
    """Best split of a stretch into blocks of at least ``block`` intervals, one queue each.

    >>> _split(np.array([[5e3, 5e3, 0, 0], [0, 0, 5e3, 5e3]]), 2)
    [(0, 0, 2), (1, 2, 4)]
    """
    n_queues, length = gain.shape
    prefix = np.concatenate([np.zeros((n_queues, 1)), np.cumsum(gain, axis=1)], axis=1)
    best = np.full(length + 1, -np.inf)
    best[0] = 0.0
    choice: dict[int, tuple[int, int]] = {}
    for end in range(block, length + 1):
        starts = np.array([0, *range(block, end - block + 1)])
        starts = starts[np.isfinite(best[starts])]
        if not len(starts):
            continue
        value = best[starts][None, :] + prefix[:, [end]] - prefix[:, starts]
        value -= SWITCH_UNITS * (starts > 0)[None, :]
        q, k = np.unravel_index(int(np.argmax(value)), value.shape)
        best[end] = value[q, k]
        choice[end] = (int(q), int(starts[k]))
    if length not in choice:
        return [(int(np.argmax(prefix[:, -1])), 0, length)]
    out = []
    end = length
    while end > 0:
        q, start = choice[end]
        out.append((q, start, end))
        end = start
    merged: list[tuple[int, int, int]] = []
    for q, start, end in reversed(out):
        if merged and merged[-1][0] == q:
            merged[-1] = (q, merged[-1][1], end)
        else:
            merged.append((q, start, end))
    return merged
