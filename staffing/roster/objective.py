"""Objective weights (integer units for CP-SAT) and the objective of a finished roster.

Money is counted in thousandths of the currency of ``hourly_cost``. One agent-interval of
shortfall on a standard queue costs as much as the most expensive agent's longest shift, so
coverage dominates cost; VIP levels multiply it (rules.toml ``shortfall_weights``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from staffing.roster.problem import RosterProblem
from staffing.roster.shifts import ShiftSpace

MONEY_UNITS = 1000
#: per agent-interval above the requirement (a tie-break below labour cost)
OVERSTAFF_UNITS = 10
#: per weekend day or late shift above the least-loaded agent of the same group
FAIRNESS_UNITS = 2 * MONEY_UNITS
#: per change of queue inside a shift
SWITCH_UNITS = 500
#: per agent-day that differs from the published roster
CHANGE_UNITS = 50 * MONEY_UNITS
#: per shift against what its agent asked for that day (preferences.csv): honoured whenever
#: that costs less than 5 units of money (so never at the price of coverage)
PREFERENCE_UNITS = 5 * MONEY_UNITS


@dataclass(frozen=True, kw_only=True)
class Weights:
    cost_per_interval: np.ndarray  # per agent, money units per paid interval
    shortfall: np.ndarray  # per queue, units per agent-interval missing

    @classmethod
    def of(cls, problem: RosterProblem, space: ShiftSpace) -> Weights:
        hours = problem.interval_minutes / 60
        cost = np.array(
            [round(a.hourly_cost * hours * MONEY_UNITS) for a in problem.agents], dtype=np.int64
        )
        base = int(cost.max()) * int(space.pattern_paid.max()) if len(cost) else MONEY_UNITS
        base = max(base, MONEY_UNITS)
        shortfall = np.round(problem.shortfall_weights * base).astype(np.int64)
        return cls(cost_per_interval=cost, shortfall=shortfall)


@dataclass(frozen=True, kw_only=True)
class ObjectiveParts:
    """A roster's objective, term by term, in integer units (sum = ``total``)."""

    shortfall: int
    labour_cost: int
    overstaffing: int
    fairness: int
    channel_switches: int
    changes: int
    preferences: int = 0

    @property
    def total(self) -> int:
        return (
            self.shortfall
            + self.labour_cost
            + self.overstaffing
            + self.fairness
            + self.channel_switches
            + self.changes
            + self.preferences
        )


def spread(values: np.ndarray) -> int:
    """Max minus min (0 for no values): the fairness measure within a group.

    >>> spread(np.array([2, 1, 2])), spread(np.array([], dtype=int))
    (1, 0)
    """
    return int(values.max() - values.min()) if len(values) else 0
