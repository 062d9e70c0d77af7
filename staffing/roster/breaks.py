"""Every shift's breaks placed together, for shifts as they are: an LP over the roster.

The local search (``blocks.py``) moves one agent-day's breaks at a time against all the
others, so it stops where no single break can move for a gain, while moving several at once
still could: on the sample week at 200 agents, a finished roster left 590 agent-hours short
where the same shifts with every break placed jointly leave 511. This LP places them jointly:
agents of one group (the same queues) on the same pattern on the same day are interchangeable,
so it chooses how many of them take each break placement, and per interval how many of each
group's agents at work serve each queue (blocks are relaxed to single intervals). Priced
shortfall per queue-interval is minimised, less a small bonus per agent-day kept as it is, so
among placements as good as each other the roster changes least. Counts are rounded per
group, day and pattern on their running total, and the agents keep their own placement where
the rounded counts allow.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

#: bonus for an agent-day whose placement is kept, in standard agent-intervals of shortfall:
#: small enough never to cost coverage, large enough to choose the current placement among
#: equal ones (measured at 200 agents: 786 of 992 agent-days moved without it, 265 with it)
KEEP_BONUS = 0.05


@dataclass(frozen=True)
class DayShift:
    """An agent-day at work, as the LP sees it."""

    group: int
    pattern: int
    first: int  # the shift's first interval
    length: int  # intervals, breaks included
    placement: int  # index of its current break placement among its length's


def joint_placements(
    shifts: dict[tuple[int, int], DayShift],
    *,
    group_queues: dict[int, tuple[int, ...]],
    placements: dict[int, list[list[tuple[int, int, int]]]],
    required: np.ndarray,
    is_open: np.ndarray,
    weight: np.ndarray,
    time_limit_s: float,
) -> dict[tuple[int, int], int] | None:
    """Break placement per agent-day (agent, day) -> index, chosen jointly; None when the LP
    is not solved within ``time_limit_s``.

    ``placements``: per shift length, each placement's breaks as (start offset, end offset,
    rule). ``required``, ``is_open``: per queue and interval of the week; ``weight``: each
    queue's shortfall weight per agent-interval."""
    solver = pywraplp.Solver.CreateSolver("HIGHS")
    # HiGHS picks dual simplex: 1.5 s at 200 agents (its interior point: 3.5 s)
    solver.SetSolverSpecificParametersAsString("output_flag = false\n")
    solver.SetTimeLimit(max(1, int(time_limit_s * 1000)))
    infinity = solver.infinity()
    objective = solver.Objective()
    n_intervals = required.shape[1]
    members: dict[tuple[int, int, int], list[tuple[int, int]]] = defaultdict(list)
    at_work: Counter[tuple[int, int]] = Counter()
    for (a, d), x in shifts.items():
        members[x.group, d, x.pattern].append((a, d))
        for t in range(x.first, min(x.first + x.length, n_intervals)):
            at_work[x.group, t] += 1
    # (group, interval) -> its agents at work, less those on a break there
    capacity = {key: solver.Constraint(-infinity, n) for key, n in at_work.items() if n > 0}
    counts: dict[tuple[int, int, int], list[pywraplp.Variable]] = {}
    for key, days in members.items():
        x = shifts[days[0]]
        variables = [solver.NumVar(0, len(days), "") for _ in placements[x.length]]
        counts[key] = variables
        row = solver.Constraint(len(days), len(days))
        for p, breaks in enumerate(placements[x.length]):
            row.SetCoefficient(variables[p], 1)
            for start, end, _ in breaks:
                for t in range(x.first + start, min(x.first + end, n_intervals)):
                    capacity[x.group, t].SetCoefficient(variables[p], 1)
        for p, n in Counter(shifts[day].placement for day in days).items():
            keep = solver.NumVar(0, n, "")  # agent-days that keep placement p
            row = solver.Constraint(-infinity, 0)
            row.SetCoefficient(keep, 1)
            row.SetCoefficient(variables[p], -1)
            objective.SetCoefficient(keep, -KEEP_BONUS)
    relative = weight / weight.min()
    coverage: dict[tuple[int, int], pywraplp.Constraint] = {}
    for (g, t), n in at_work.items():
        for q in group_queues[g]:
            if not (is_open[q, t] and required[q, t] > 0):
                continue
            if (q, t) not in coverage:
                coverage[q, t] = solver.Constraint(int(required[q, t]), infinity)
                short = solver.NumVar(0, infinity, "")
                coverage[q, t].SetCoefficient(short, 1)
                objective.SetCoefficient(short, float(relative[q]))
            flow = solver.NumVar(0, n, "")  # agents of g serving q at t
            coverage[q, t].SetCoefficient(flow, 1)
            capacity[g, t].SetCoefficient(flow, 1)
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    out: dict[tuple[int, int], int] = {}
    for key, variables in counts.items():
        days = members[key]
        want = Counter(_rounded(np.array([v.solution_value() for v in variables]), len(days)))
        moving = []
        for day in days:  # each agent keeps its placement while the counts allow it
            current = shifts[day].placement
            if want[current] > 0:
                want[current] -= 1
                out[day] = current
            else:
                moving.append(day)
        free = [p for p, n in sorted(want.items()) for _ in range(n)]
        out.update(zip(moving, free, strict=True))
    return out


def _rounded(values: np.ndarray, total: int) -> dict[int, int]:
    """Whole counts summing to ``total``, rounded on their running total (each within one of
    its value)."""
    running = np.rint(np.cumsum(values) * total / max(values.sum(), 1e-9)).astype(np.int64)
    return {p: int(n) for p, n in enumerate(np.diff(running, prepend=0)) if n > 0}
