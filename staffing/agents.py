"""agents.csv and time_off.csv: who can work, on what, for how long, at what cost.

agents.csv columns: ``agent_id, name, tier, channels, vip_levels, contract, min_hours_week,
max_hours_week, hourly_cost`` (``channels`` and ``vip_levels`` are ``;``-separated lists).
time_off.csv columns: ``agent_id, start, end`` (hard unavailability, ``end`` exclusive).

Leave counts towards the weekly minimums: every whole calendar day of the planning week an
agent is on leave lowers the contract's minimum working days by one and the agent's
``min_hours_week`` by ``min_hours_week / max_days_per_week`` (see :func:`weekly_minimums`).

>>> agents = read_agents(
...     b"agent_id,name,tier,channels,vip_levels,contract,min_hours_week,max_hours_week,"
...     b"hourly_cost\\nA1,Li,2,phone;chat,standard;vip,full_time,36,44,38.5\\n")
>>> agents[0].channels, agents[0].hourly_cost
(('phone', 'chat'), 38.5)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from staffing.errors import ProblemCollector
from staffing.i18n import msg
from staffing.rules import Contract, Rules
from staffing.tabular import (
    Source,
    check_allowed,
    check_duplicates,
    parse_numbers,
    parse_timestamps,
    read_table,
    source_name,
    split_list,
)

AGENT_COLUMNS = (
    "agent_id",
    "name",
    "tier",
    "channels",
    "vip_levels",
    "contract",
    "min_hours_week",
    "max_hours_week",
    "hourly_cost",
)
TIME_OFF_COLUMNS = ("agent_id", "start", "end")
PREFERENCE_COLUMNS = ("agent_id", "date", "preference")
#: what an agent may ask for a day (preferences.csv)
PREFERENCES = ("off", "early", "late")
#: a shift starting before this (minutes after midnight) is early, else late
EARLY_START_BEFORE_MINUTES = 12 * 60
TIERS = (1, 2, 3)
# the words the messages use for a list's items, and for a contract left out
CHANNEL = msg("channel")
VIP_LEVEL = msg("VIP level")
CONTRACT_REQUIRED = msg("contract is required")


@dataclass(frozen=True, kw_only=True)
class Agent:
    agent_id: str
    name: str
    tier: int
    channels: tuple[str, ...]
    vip_levels: tuple[str, ...]
    contract: str
    min_hours_week: float
    max_hours_week: float
    hourly_cost: float

    def can_serve(self, channel: str, vip_level: str, min_tier: int) -> bool:
        """Eligibility: channel skill, VIP certification and tier at least the queue's."""
        return channel in self.channels and vip_level in self.vip_levels and self.tier >= min_tier


def read_agents(
    source: Source,
    *,
    rules: Rules | None = None,
    channels: Iterable[str] | None = None,
    vip_levels: Iterable[str] | None = None,
    name: str | None = None,
) -> tuple[Agent, ...]:
    """Read and check agents.csv; every bad row is reported at once.

    ``rules`` checks contracts against ``[contracts]``; ``channels``/``vip_levels`` (when
    given) are the known ones, e.g. from targets.toml or the requirements.
    """
    name = source_name(source, name)
    table = read_table(source, required=AGENT_COLUMNS, name=name)
    problems = ProblemCollector(name)
    empty_id = table["agent_id"] == ""
    for row in table.index[empty_id]:
        problems.add(
            msg("agent_id is required"),
            row=int(row),
            column="agent_id",
            fix=msg("give every agent a unique id such as A0001"),
        )
    check_duplicates(table[~empty_id], ["agent_id"], problems)
    tiers = parse_numbers(table, "tier", problems, integer=True, minimum=1, maximum=3, what="tier")
    min_hours = parse_numbers(
        table, "min_hours_week", problems, minimum=0, maximum=168, what="min_hours_week"
    )
    max_hours = parse_numbers(
        table, "max_hours_week", problems, minimum=0, maximum=168, what="max_hours_week"
    )
    costs = parse_numbers(table, "hourly_cost", problems, minimum=0, what="hourly_cost")
    crossed = min_hours.notna() & max_hours.notna() & (min_hours > max_hours)
    for row in table.index[crossed]:
        problems.add(
            msg(
                "min_hours_week {low:g} is above max_hours_week {high:g}",
                low=float(min_hours[row]),
                high=float(max_hours[row]),
            ),
            row=int(row),
            column="min_hours_week",
            value=table.loc[row, "min_hours_week"],
            fix=msg("swap the two values or lower min_hours_week"),
        )
    skills = table["channels"].map(split_list)
    levels = table["vip_levels"].map(split_list)
    known_channels = None if channels is None else set(channels)
    known_levels = None if vip_levels is None else set(vip_levels)
    for row in table.index:
        _check_list(problems, table, row, "channels", skills[row], known_channels, CHANNEL)
        _check_list(problems, table, row, "vip_levels", levels[row], known_levels, VIP_LEVEL)
    if rules is not None:
        known_contracts = sorted(rules.contracts)
        unknown = ~table["contract"].isin(known_contracts)
        for row in table.index[unknown]:
            problems.add(
                msg("unknown contract") if table.loc[row, "contract"] else CONTRACT_REQUIRED,
                row=int(row),
                column="contract",
                value=table.loc[row, "contract"],
                fix=msg(
                    "use one of the contracts in rules.toml: {contracts}",
                    contracts=", ".join(known_contracts),
                )
                if known_contracts
                else msg(
                    "use one of the contracts in rules.toml: (none defined: add [contracts.NAME])"
                ),
            )
    else:
        for row in table.index[table["contract"] == ""]:
            problems.add(
                CONTRACT_REQUIRED,
                row=int(row),
                column="contract",
                fix=msg("name one of the contracts in rules.toml"),
            )
    problems.raise_if_any()
    return tuple(
        Agent(
            agent_id=str(table.loc[row, "agent_id"]),
            name=str(table.loc[row, "name"]),
            tier=int(tiers[row]),
            channels=skills[row],
            vip_levels=levels[row],
            contract=str(table.loc[row, "contract"]),
            min_hours_week=float(min_hours[row]),
            max_hours_week=float(max_hours[row]),
            hourly_cost=float(costs[row]),
        )
        for row in table.index
    )


def _check_list(
    problems: ProblemCollector,
    table: pd.DataFrame,
    row: int,
    column: str,
    values: tuple[str, ...],
    known: set[str] | None,
    what: str,
) -> None:
    if not values:
        problems.add(
            msg("agent has no {what}", what=what),
            row=int(row),
            column=column,
            value=table.loc[row, column],
            fix=msg("list at least one {what}, separated by ';' (e.g. phone;chat)", what=what),
        )
        return
    if len(set(values)) != len(values):
        problems.add(
            msg("a {what} is listed twice", what=what),
            row=int(row),
            column=column,
            value=table.loc[row, column],
            fix=msg("list each once"),
        )
    if known is not None:
        for value in values:
            if value not in known:
                problems.add(
                    msg("unknown {what} '{value}'", what=what, value=value),
                    row=int(row),
                    column=column,
                    value=table.loc[row, column],
                    fix=msg("use one of: {allowed}", allowed=", ".join(sorted(known))),
                )


def agents_frame(agents: Sequence[Agent]) -> pd.DataFrame:
    """The agents as a frame with agents.csv's columns (lists joined with ``;``)."""
    return pd.DataFrame(
        {
            "agent_id": [a.agent_id for a in agents],
            "name": [a.name for a in agents],
            "tier": np.array([a.tier for a in agents], dtype=np.int64),
            "channels": [";".join(a.channels) for a in agents],
            "vip_levels": [";".join(a.vip_levels) for a in agents],
            "contract": [a.contract for a in agents],
            "min_hours_week": [a.min_hours_week for a in agents],
            "max_hours_week": [a.max_hours_week for a in agents],
            "hourly_cost": [a.hourly_cost for a in agents],
        },
        columns=list(AGENT_COLUMNS),
    )


def read_time_off(
    source: Source,
    *,
    agent_ids: Iterable[str] | None = None,
    name: str | None = None,
) -> pd.DataFrame:
    """Read and check time_off.csv: ``agent_id`` (str), ``start``/``end`` (datetime64[ns]).

    ``agent_ids`` (when given) are the agents of agents.csv; others are reported.
    """
    return _read_agent_spans(
        source,
        agent_ids,
        name,
        msg(
            "make end later than start (end is exclusive: a whole day is "
            "2026-11-11 00:00:00 to 2026-11-12 00:00:00)"
        ),
    )


def read_pins(
    source: Source,
    *,
    agent_ids: Iterable[str] | None = None,
    name: str | None = None,
) -> pd.DataFrame:
    """Read and check a pins file: shifts the planner fixes, one per row, ``agent_id``,
    ``start``, ``end`` (the shift's span, breaks included), as time_off.csv's columns."""
    return _read_agent_spans(
        source, agent_ids, name, msg("make end the shift's end, later than its start")
    )


def _read_agent_spans(
    source: Source, agent_ids: Iterable[str] | None, name: str | None, end_fix: str
) -> pd.DataFrame:
    name = source_name(source, name)
    table = read_table(source, required=TIME_OFF_COLUMNS, name=name)
    problems = ProblemCollector(name)
    starts = parse_timestamps(table, "start", problems)
    ends = parse_timestamps(table, "end", problems)
    backwards = starts.notna() & ends.notna() & (ends <= starts)
    for row in table.index[backwards]:
        problems.add(
            msg("end is not after start"),
            row=int(row),
            column="end",
            value=table.loc[row, "end"],
            fix=end_fix,
        )
    _check_known_agents(table, agent_ids, problems)
    problems.raise_if_any()
    return pd.DataFrame(
        {
            "agent_id": table["agent_id"].to_numpy(dtype=object),
            "start": starts.to_numpy(dtype="datetime64[ns]"),
            "end": ends.to_numpy(dtype="datetime64[ns]"),
        }
    )


def _check_known_agents(
    table: pd.DataFrame, agent_ids: Iterable[str] | None, problems: ProblemCollector
) -> None:
    if agent_ids is None:
        return
    known = set(agent_ids)
    for row in table.index[~table["agent_id"].isin(known)]:
        problems.add(
            msg("unknown agent"),
            row=int(row),
            column="agent_id",
            value=table.loc[row, "agent_id"],
            fix=msg("use an agent_id from agents.csv or delete the row"),
        )


def read_preferences(
    source: Source,
    *,
    agent_ids: Iterable[str] | None = None,
    name: str | None = None,
) -> pd.DataFrame:
    """Read and check preferences.csv: ``agent_id`` (str), ``date`` (datetime64[ns], a
    midnight), ``preference`` (``off``: the day off; ``early``: a shift starting before
    12:00; ``late``: a shift starting at 12:00 or later). One row per agent and date."""
    name = source_name(source, name)
    table = read_table(source, required=PREFERENCE_COLUMNS, name=name)
    problems = ProblemCollector(name)
    dates = parse_timestamps(table, "date", problems)
    for row in table.index[dates.notna() & (dates != dates.dt.normalize())]:
        problems.add(
            msg("not a whole date"),
            row=int(row),
            column="date",
            value=table.loc[row, "date"],
            fix=msg("write the day the preference is for, like 2026-11-24"),
        )
    check_allowed(
        table,
        "preference",
        PREFERENCES,
        problems,
        what=msg("preference"),
        fix_hint=msg("off: the day off; early: start before 12:00; late: start at 12:00 or later"),
    )
    check_duplicates(table, ("agent_id", "date"), problems)
    _check_known_agents(table, agent_ids, problems)
    problems.raise_if_any()
    return pd.DataFrame(
        {
            "agent_id": table["agent_id"].to_numpy(dtype=object),
            "date": dates.to_numpy(dtype="datetime64[ns]"),
            "preference": table["preference"].to_numpy(dtype=object),
        }
    )


def empty_preferences() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agent_id": pd.Series([], dtype=object),
            "date": pd.Series([], dtype="datetime64[ns]"),
            "preference": pd.Series([], dtype=object),
        }
    )


def empty_time_off() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agent_id": pd.Series([], dtype=object),
            "start": pd.Series([], dtype="datetime64[ns]"),
            "end": pd.Series([], dtype="datetime64[ns]"),
        }
    )


def leave_days(time_off: pd.DataFrame, agent_id: str, week_start: pd.Timestamp) -> int:
    """Whole calendar days of the 7-day week from ``week_start`` the agent is on leave.

    >>> t = pd.DataFrame({"agent_id": ["A1"], "start": [pd.Timestamp("2026-11-09 00:00")],
    ...                   "end": [pd.Timestamp("2026-11-11 12:00")]})
    >>> leave_days(t, "A1", pd.Timestamp("2026-11-09"))
    2
    """
    rows = time_off[time_off["agent_id"] == agent_id]
    count = 0
    for day in range(7):
        day_start = week_start + pd.Timedelta(days=day)
        day_end = day_start + pd.Timedelta(days=1)
        # the day is covered if the union of leave spans covers it; spans are merged here
        spans = sorted(
            (max(s, day_start), min(e, day_end))
            for s, e in zip(rows["start"], rows["end"], strict=True)
            if s < day_end and e > day_start
        )
        reached = day_start
        for s, e in spans:
            if s > reached:
                break
            reached = max(reached, e)
        count += reached >= day_end
    return count


def weekly_minimums(agent: Agent, contract: Contract, n_leave_days: int) -> tuple[int, float]:
    """Minimum working days and paid hours for the week, after crediting leave days.

    >>> a = Agent(agent_id="A1", name="", tier=1, channels=("chat",), vip_levels=("standard",),
    ...           contract="full_time", min_hours_week=36, max_hours_week=44, hourly_cost=30)
    >>> weekly_minimums(a, Contract(name="full_time", min_days_per_week=5, max_days_per_week=5), 2)
    (3, 21.6)
    """
    min_days = max(0, contract.min_days_per_week - n_leave_days)
    per_day = agent.min_hours_week / max(contract.max_days_per_week, 1)
    min_hours = max(0.0, round(agent.min_hours_week - per_day * n_leave_days, 6))
    return min_days, min_hours
