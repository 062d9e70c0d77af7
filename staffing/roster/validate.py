"""The independent roster validator: the specification of a valid roster.

Plain pandas and numpy, no solver: every roster (the optimiser's result, an uploaded or
edited roster.csv) is checked here before it is shown, exported or published. The checks
read like a table of contents (:data:`CHECKS`); each is one function from a
:class:`RosterContext` to the violations it finds, with a human label.

Conventions (what "valid" means where rules.toml leaves room):

- A shift is the blocks of one agent sharing one ``date`` (the day the shift starts). Rows
  of the same activity and queue that touch (one ends where the next starts) are one block.
- Shift length is the span from the first block's start to the last block's end, breaks
  included; paid time is that span minus the unpaid breaks actually rostered.
- A break rule applies to a shift at least ``min_shift_h`` long: such a shift has exactly one
  block of that activity, of exactly its minutes, starting between the window's earliest and
  latest offset after the shift start (both inclusive); shorter shifts have none.
- ``min_block_minutes`` applies to a *stretch*: consecutive work on one queue. A break or
  lunch does not end a stretch when the agent returns to the same queue after it (the planner
  sees one stretch on phone with a break in it), and the stretch counts its work minutes only.
- Opening hours: no minute of a work block may fall while its channel is closed; a block past
  midnight is checked against the next day's hours.
- Minimum rest runs from the end of one shift to the start of the agent's next shift,
  whatever their dates; overlapping shifts are reported here too (negative rest).
- Weeks are 7-day periods from ``week_start`` (default: the first requirement interval's day,
  else the first shift's date), up to the last week with a shift (at least one week; the
  requirements' span does not add weeks, so a horizon running past the week's end is fine).
  Days per week and weekly paid hours are checked per agent and week, including agents with
  no shift; leave is credited with
  :func:`staffing.agents.weekly_minimums` (whole leave days lower the minimums).
- Consecutive working days are counted over the whole roster: a run crossing from one week
  into the next counts as one run. Days before the roster are not known and count as off.
- Coverage is recomputed on the requirements' grid: an agent counts as scheduled on a queue in
  an interval only when a work block on that queue covers the whole interval (a block that
  covers part of an interval does not count for it).

>>> from staffing.rules import parse_rules
>>> from staffing.agents import Agent
>>> rules = parse_rules({"shifts": {"lengths_h": [4]}, "min_block_minutes": 60,
...                      "contracts": {"pt": {"days_per_week": [0, 5]}}})
>>> agent = Agent(agent_id="A1", name="Li", tier=1, channels=("chat",),
...               vip_levels=("standard",), contract="pt", min_hours_week=0,
...               max_hours_week=40, hourly_cost=20.0)
>>> roster = pd.DataFrame({"agent_id": ["A1"], "date": [pd.Timestamp("2026-11-09")],
...     "start": [pd.Timestamp("2026-11-09 08:00")], "end": [pd.Timestamp("2026-11-09 12:00")],
...     "activity": ["work"], "channel": ["chat"], "vip_level": ["standard"]})
>>> result = check_roster(roster, agents=[agent], rules=rules)
>>> result.ok, result.cost
(True, 80.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from staffing.agents import EARLY_START_BEFORE_MINUTES, Agent, leave_days, weekly_minimums
from staffing.errors import Problem, ProblemCollector, StaffingInputError
from staffing.i18n import Message, msg
from staffing.roster.io import COVERAGE_COLUMNS, ROSTER_COLUMNS
from staffing.rules import MINUTES_PER_DAY, Rules

WORK = "work"
VIOLATION_COLUMNS = ("rule", "agent_id", "date", "detail")
PAID_HOURS_COLUMNS = (
    "agent_id",
    "week_start",
    "n_days",
    "paid_hours",
    "cost",
    "leave_days",
    "min_days",
    "max_days",
    "min_hours",
    "max_hours",
)
PIN_COLUMNS = ("agent_id", "date", "start", "end")
#: what the rest and consecutive-days checks read of the previous roster's shifts
EARLIER_COLUMNS = {
    "agent_id": "object",
    "date": "datetime64[ns]",
    "start": "datetime64[ns]",
    "end": "datetime64[ns]",
}
_MINUTE = pd.Timedelta(minutes=1)
_DAY = pd.Timedelta(days=1)
_TOLERANCE_H = 1e-6


# ------------------------------------------------------------------------------ results


@dataclass(frozen=True, kw_only=True)
class RosterCheck:
    """What the validator found, and what it recomputed from the roster alone.

    ``violations``: ``rule, agent_id, date, detail`` (one row per broken rule instance;
    ``date`` is the shift's date, or the week's first day for weekly rules).
    ``coverage``: coverage.csv's columns on the requirements' grid, or None when no
    requirements were given. ``paid_hours``: one row per agent and week
    (:data:`PAID_HOURS_COLUMNS`). ``cost``: paid hours x hourly cost over the whole roster.
    """

    violations: pd.DataFrame
    coverage: pd.DataFrame | None
    paid_hours: pd.DataFrame
    cost: float
    n_agents: int
    n_shifts: int
    week_start: pd.Timestamp
    n_weeks: int
    #: preferences.csv rows the roster goes against (with the shift's start), and how many
    #: preferences there were in the checked weeks
    unmet_preferences: pd.DataFrame = field(default_factory=pd.DataFrame)
    n_preferences: int = 0
    #: whether leave (time_off.csv) was given: without it no minimum is lowered by leave
    with_time_off: bool = True

    @property
    def ok(self) -> bool:
        return self.violations.empty

    def violation_counts(self) -> pd.Series:
        """Number of violations per rule label, in the order of :data:`CHECKS`."""
        labels = [check.label for check in CHECKS]
        counts = self.violations["rule"].value_counts()
        return counts.reindex([label for label in labels if label in counts.index])

    def below_minimum(self) -> pd.Series:
        """Per violation, whether it is a week below the contract's minimum days or the
        agent's minimum hours (which leave lowers), as a boolean Series on its index."""
        days, hours = DAYS_PER_WEEK.label, WEEKLY_HOURS.label
        weekly = self.violations["rule"].isin([days, hours])
        if not weekly.any():
            return pd.Series(False, index=self.violations.index)
        keys = ["agent_id", "week_start"]
        weeks = self.violations[weekly].rename(columns={"date": "week_start"})
        found = weeks[["rule", *keys]].merge(self.paid_hours, on=keys, how="left")
        short = np.where(
            found["rule"] == days,
            found["n_days"] < found["min_days"],
            found["paid_hours"] < found["min_hours"] - _TOLERANCE_H,
        )
        below = pd.Series(False, index=self.violations.index)
        below[weekly] = short
        return below

    def shortfall_agent_hours(self, interval_minutes: int) -> float:
        if self.coverage is None:
            return 0.0
        return float(self.coverage["shortfall"].sum()) * interval_minutes / 60

    def summary(self) -> str:
        weeks = "week" if self.n_weeks == 1 else f"{self.n_weeks} weeks"
        paid = float(self.paid_hours["paid_hours"].sum())
        lines = [
            f"Roster check ({weeks} from {self.week_start:%Y-%m-%d}): {self.n_shifts} shifts "
            f"of {self.n_agents} agents, {paid:,.2f} paid hours, cost {self.cost:,.2f}."
        ]
        if self.coverage is not None:
            short = self.coverage[self.coverage["shortfall"] > 0]
            required = int(self.coverage["required"].sum())
            if short.empty:
                lines.append(f"Coverage: every requirement met ({required} agent-intervals).")
            else:
                n_queues = len(short.groupby(["channel", "vip_level"]))
                lines.append(
                    f"Coverage: short by {int(short['shortfall'].sum())} agent-intervals "
                    f"of {required} required, in {len(short)} intervals on {n_queues} queues."
                )
        if self.n_preferences:
            lines.append(
                f"Preferences: {self.n_preferences - len(self.unmet_preferences)} of "
                f"{self.n_preferences} met."
            )
        if self.ok:
            lines.append("Valid: every rule is satisfied.")
        else:
            lines.append(f"INVALID: {len(self.violations)} rule violations:")
            lines.extend(f"- {rule}: {n}" for rule, n in self.violation_counts().items())
        return "\n".join(lines)

    def raise_if_invalid(self) -> None:
        """Refuse an invalid roster: raise :class:`RosterRuleError` naming every violation."""
        if not self.ok:
            raise RosterRuleError(self)


class RosterRuleError(StaffingInputError):
    """A roster breaks labour or shift rules; ``check`` holds the full result."""

    def __init__(self, check: RosterCheck) -> None:
        self.check = check
        fix = msg("re-run the roster optimiser or correct the roster")
        # without leave no minimum is lowered: a week short of one may be leave left out
        leave_fix = msg(
            "re-run the roster optimiser or correct the roster; if agents have leave this week, "
            "pass the time-off file the roster was made with: leave lowers the weekly minimums"
        )
        below = check.below_minimum().to_numpy() & (not check.with_time_off)
        super().__init__(
            Problem(
                message=msg(
                    "{rule}: agent {agent_id} on {date:%Y-%m-%d}: {detail}",
                    rule=row.rule,
                    agent_id=row.agent_id,
                    date=row.date,
                    detail=row.detail,
                ),
                fix=leave_fix if short else fix,
            )
            for row, short in zip(check.violations.itertuples(index=False), below, strict=True)
        )


# ------------------------------------------------------------------------------ context


@dataclass(frozen=True, kw_only=True)
class RosterContext:
    """Everything a check needs, prepared once.

    ``rows``: the roster's rows (``row`` = spreadsheet row, header = 1) with typed times.
    ``blocks``: well-formed rows (end after start, in the planning weeks) merged into blocks,
    with ``shift_start``, ``shift_end`` and ``minutes``. ``shifts``: one row per agent and date
    with ``start``, ``end``, ``length_minutes``, ``paid_minutes``, ``week``.
    ``weeks``: one row per agent and week with the weekly limits after leave. ``earlier``:
    the previous roster's shifts, which rest and consecutive days carry over from.
    """

    rules: Rules
    agents: Mapping[str, Agent]
    rows: pd.DataFrame
    blocks: pd.DataFrame
    shifts: pd.DataFrame
    weeks: pd.DataFrame
    requirements: pd.DataFrame | None
    time_off: pd.DataFrame | None
    pins: pd.DataFrame | None
    week_start: pd.Timestamp
    n_weeks: int
    #: the previous roster's shifts before the week (``agent_id, date, start, end``)
    earlier: pd.DataFrame


def _minutes(delta: Any) -> Any:
    """A timedelta Series (or scalar) in minutes."""
    return delta / _MINUTE


def _violations(frame: pd.DataFrame, detail: pd.Series | Sequence[str]) -> pd.DataFrame:
    """Violation rows (without the rule label) from a frame with agent_id and date."""
    return pd.DataFrame(
        {
            "agent_id": frame["agent_id"].to_numpy(dtype=object),
            "date": frame["date"].to_numpy(dtype="datetime64[ns]"),
            "detail": np.asarray(detail, dtype=object),
        }
    )


def _no_violations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agent_id": pd.Series([], dtype=object),
            "date": pd.Series([], dtype="datetime64[ns]"),
            "detail": pd.Series([], dtype=object),
        }
    )


def _clock(time: Any, day: Any) -> str:
    """A time as a planner reads it next to the shift's date: ``08:00``, ``01:00 next day``.

    Arguments are timestamps (``Any`` because they come from ``itertuples`` rows).
    """
    time, day = pd.Timestamp(time), pd.Timestamp(day)
    offset = (time.normalize() - day.normalize()).days
    if offset == 0:
        return f"{time:%H:%M}"
    if offset == 1:
        return msg("{time:%H:%M} next day", time=time)
    return f"{time:%Y-%m-%d %H:%M}"


def _span(start: Any, end: Any, day: Any) -> str:
    first, last = _clock(start, day), _clock(end, day)
    if isinstance(first, Message) or isinstance(last, Message):
        return msg("{start}-{end}", start=first, end=last)
    return f"{first}-{last}"


def _minutes_text(minutes: Any) -> str:
    hours, rest = divmod(round(float(minutes)), 60)
    if not hours:
        return msg("{minutes} min", minutes=rest)
    if not rest:
        return msg("{hours} h", hours=hours)
    return msg("{hours} h {minutes:02d}", hours=hours, minutes=rest)


def _commas(parts: Sequence[str]) -> str:
    """``parts`` joined by ", ", each part still translated (and the separator too)."""
    joined = parts[0]
    for part in parts[1:]:
        joined = msg("{before}, {after}", before=joined, after=part)
    return joined


def _queue(channel: Any, vip_level: Any) -> str:
    return f"{channel}/{vip_level}"


# ------------------------------------------------------------------------------ checks


def well_formed_blocks(ctx: RosterContext) -> pd.DataFrame:
    """Every row: end after start, on the interval grid, a known activity, a queue on work
    rows only, inside the planning weeks; a shift starts on its date, has work, no overlaps."""
    rows = ctx.rows
    grid = ctx.rules.interval_minutes
    known = {WORK, *(b.name for b in ctx.rules.breaks)}
    is_work = rows["activity"] == WORK
    reasons: list[tuple[pd.Series, Callable[[Any], str]]] = [
        (
            rows["end"] <= rows["start"],
            lambda r: msg(
                "block {span} (row {row}) ends at or before its start",
                span=_span(r.start, r.end, r.date),
                row=r.row,
            ),
        ),
        (
            _off_grid(rows["start"], grid) | _off_grid(rows["end"], grid),
            lambda r: msg(
                "block {span} (row {row}) is not on the {grid}-minute interval grid",
                span=_span(r.start, r.end, r.date),
                row=r.row,
                grid=grid,
            ),
        ),
        (
            ~rows["activity"].isin(known),
            lambda r: msg(
                "block {span} (row {row}) has activity '{activity}', which is neither work nor "
                "a break in rules.toml ({known})",
                span=_span(r.start, r.end, r.date),
                row=r.row,
                activity=r.activity,
                known=", ".join(sorted(known)),
            ),
        ),
        (
            is_work & ((rows["channel"] == "") | (rows["vip_level"] == "")),
            lambda r: msg(
                "work block {span} (row {row}) has no channel or VIP level",
                span=_span(r.start, r.end, r.date),
                row=r.row,
            ),
        ),
        (
            rows["activity"].isin(known - {WORK})
            & ((rows["channel"] != "") | (rows["vip_level"] != "")),
            lambda r: msg(
                "{activity} block {span} (row {row}) names a queue ({queue}); only work blocks "
                "have one",
                activity=r.activity,
                span=_span(r.start, r.end, r.date),
                row=r.row,
                queue=_queue(r.channel, r.vip_level),
            ),
        ),
        (
            rows["date"] < ctx.week_start,
            lambda r: msg(
                "the shift is dated before the planning week starting {week_start:%Y-%m-%d}",
                week_start=ctx.week_start,
            ),
        ),
    ]
    found = [
        _violations(rows[mask], [describe(r) for r in rows[mask].itertuples()])
        for mask, describe in reasons
        if mask.any()
    ]
    ordered = _ordered_rows(rows[rows["end"] > rows["start"]])
    first = ordered.groupby(["agent_id", "date"], sort=False).head(1)
    wrong_day = first[first["start"].dt.normalize() != first["date"]]
    if not wrong_day.empty:
        found.append(
            _violations(
                wrong_day,
                [
                    msg(
                        "the shift's first block starts at {start:%Y-%m-%d %H:%M}, not on its "
                        "date {date:%Y-%m-%d}",
                        start=r.start,
                        date=r.date,
                    )
                    for r in wrong_day.itertuples()
                ],
            )
        )
    is_work_row = ordered["activity"] == WORK
    has_work = is_work_row.groupby([ordered["agent_id"], ordered["date"]], sort=False).any()
    no_work = has_work[~has_work].reset_index()
    if not no_work.empty:
        found.append(_violations(no_work, [msg("the shift has no work block")] * len(no_work)))
    overlap = ordered[
        ordered["previous_end"].notna() & (ordered["start"] < ordered["previous_end"])
    ]
    if not overlap.empty:
        found.append(
            _violations(
                overlap,
                [
                    msg(
                        "block {span} (row {row}) overlaps an earlier block of the shift that "
                        "ends at {end}",
                        span=_span(r.start, r.end, r.date),
                        row=r.row,
                        end=_clock(r.previous_end, r.date),
                    )
                    for r in overlap.itertuples()
                ],
            )
        )
    return pd.concat(found, ignore_index=True) if found else _no_violations()


def one_shift_per_day(ctx: RosterContext) -> pd.DataFrame:
    """The blocks of one agent's day form one contiguous shift: a gap splits it in two."""
    ordered = _ordered_rows(ctx.rows[ctx.rows["end"] > ctx.rows["start"]])
    gaps = ordered[ordered["previous_end"].notna() & (ordered["start"] > ordered["previous_end"])]
    return _violations(
        gaps,
        [
            msg(
                "two shifts on one day: nothing is rostered from {end} to {start} between blocks "
                "(a shift has no gaps)",
                end=_clock(r.previous_end, r.date),
                start=_clock(r.start, r.date),
            )
            for r in gaps.itertuples()
        ],
    )


def shift_lengths(ctx: RosterContext) -> pd.DataFrame:
    allowed = ctx.rules.shifts.lengths_minutes()
    shifts = ctx.shifts
    bad = shifts[~shifts["length_minutes"].isin(allowed)]
    lengths = _commas([_minutes_text(m) for m in allowed])
    return _violations(
        bad,
        [
            msg(
                "shift {span} lasts {length}; allowed lengths are {lengths}",
                span=_span(r.start, r.end, r.date),
                length=_minutes_text(r.length_minutes),
                lengths=lengths,
            )
            for r in bad.itertuples()
        ],
    )


def shift_starts(ctx: RosterContext) -> pd.DataFrame:
    rules = ctx.rules.shifts
    shifts = ctx.shifts
    minute = _minutes(shifts["start"] - shifts["date"])
    on_its_date = shifts["start"].dt.normalize() == shifts["date"]  # else a malformed shift
    bad = shifts[on_its_date & ~minute.isin(rules.start_minutes())]
    window = f"{_hhmm(rules.earliest_start_minutes)}-{_hhmm(rules.latest_start_minutes)}"
    return _violations(
        bad,
        [
            msg(
                "shift starts at {start}; shifts start between {window} every {step} minutes",
                start=_clock(r.start, r.date),
                window=window,
                step=rules.start_step_minutes,
            )
            for r in bad.itertuples()
        ],
    )


def breaks_and_lunch(ctx: RosterContext) -> pd.DataFrame:
    """Each break rule: exactly one block of its minutes inside its window when the shift is
    long enough for it, none otherwise."""
    shifts, blocks = ctx.shifts, ctx.blocks
    shift_id = blocks["shift_id"].to_numpy()
    length = shifts["length_minutes"].to_numpy()
    activity = blocks["activity"].to_numpy()
    offset = (_minutes(blocks["start"] - blocks["shift_start"])).to_numpy()
    minutes = blocks["minutes"].to_numpy()
    found = []
    for rule in ctx.rules.breaks:
        mine = activity == rule.name
        counts = np.bincount(shift_id[mine], minlength=len(shifts))
        needed = length >= round(rule.min_shift_h * 60)
        low, high = rule.window_minutes()
        missing = needed & (counts == 0)
        if missing.any():
            rows = shifts[missing]
            found.append(
                _violations(
                    rows,
                    [
                        msg(
                            "the {length} shift {span} has no {rule}; it needs a {minutes}-minute "
                            "{rule} starting between {earliest} and {latest}",
                            length=_minutes_text(r.length_minutes),
                            span=_span(r.start, r.end, r.date),
                            rule=rule.name,
                            minutes=rule.minutes,
                            earliest=_clock(r.start + low * _MINUTE, r.date),
                            latest=_clock(r.start + high * _MINUTE, r.date),
                        )
                        for r in rows.itertuples()
                    ],
                )
            )
        several = needed & (counts > 1)
        if several.any():
            rows = shifts[several].assign(n_blocks=counts[several])
            found.append(
                _violations(
                    rows,
                    [
                        msg(
                            "the shift {span} has {n} {rule} blocks; it gets exactly one",
                            span=_span(r.start, r.end, r.date),
                            n=r.n_blocks,
                            rule=rule.name,
                        )
                        for r in rows.itertuples()
                    ],
                )
            )
        unwanted = mine & ~needed[shift_id]
        if unwanted.any():
            rows = blocks[unwanted]
            found.append(
                _violations(
                    rows,
                    [
                        msg(
                            "{rule} {span} in a {length} shift; only shifts of at least "
                            "{min_hours:g} h get a {rule}",
                            rule=rule.name,
                            span=_span(r.start, r.end, r.date),
                            length=_minutes_text(r.shift_minutes),
                            min_hours=rule.min_shift_h,
                        )
                        for r in rows.itertuples()
                    ],
                )
            )
        single = mine & (needed & (counts == 1))[shift_id]
        wrong_length = single & (minutes != rule.minutes)
        if wrong_length.any():
            rows = blocks[wrong_length]
            found.append(
                _violations(
                    rows,
                    [
                        msg(
                            "{rule} {span} lasts {length}; it must last {minutes} minutes",
                            rule=rule.name,
                            span=_span(r.start, r.end, r.date),
                            length=_minutes_text(r.minutes),
                            minutes=rule.minutes,
                        )
                        for r in rows.itertuples()
                    ],
                )
            )
        outside = single & ((offset < low) | (offset > high))
        if outside.any():
            rows = blocks[outside]
            found.append(
                _violations(
                    rows,
                    [
                        msg(
                            "{rule} starts at {start}, outside its window {earliest}-{latest} "
                            "({after:g}-{before:g} h after the {shift_start} start)",
                            rule=rule.name,
                            start=_clock(r.start, r.date),
                            earliest=_clock(r.shift_start + low * _MINUTE, r.date),
                            latest=_clock(r.shift_start + high * _MINUTE, r.date),
                            after=rule.window_after_start_h[0],
                            before=rule.window_after_start_h[1],
                            shift_start=_clock(r.shift_start, r.date),
                        )
                        for r in rows.itertuples()
                    ],
                )
            )
    return pd.concat(found, ignore_index=True) if found else _no_violations()


def minimum_block_length(ctx: RosterContext) -> pd.DataFrame:
    """Every stretch of consecutive work on one queue lasts at least ``min_block_minutes``
    (a break does not end a stretch when the agent returns to the same queue)."""
    minimum = ctx.rules.min_block_minutes
    work = ctx.blocks[ctx.blocks["activity"] == WORK]
    if work.empty:
        return _no_violations()
    shift_key = work["agent_id"].ne(work["agent_id"].shift()) | work["date"].ne(
        work["date"].shift()
    )
    queue_key = work["channel"].ne(work["channel"].shift()) | work["vip_level"].ne(
        work["vip_level"].shift()
    )
    stretch = (shift_key | queue_key).cumsum()
    stretches = work.groupby(stretch).agg(
        agent_id=("agent_id", "first"),
        date=("date", "first"),
        start=("start", "first"),
        end=("end", "last"),
        channel=("channel", "first"),
        vip_level=("vip_level", "first"),
        minutes=("minutes", "sum"),
    )
    short = stretches[stretches["minutes"] < minimum]
    return _violations(
        short,
        [
            msg(
                "works on {queue} only {length} ({span}); a stretch on one queue lasts at least "
                "{minimum} minutes",
                queue=_queue(r.channel, r.vip_level),
                length=_minutes_text(r.minutes),
                span=_span(r.start, r.end, r.date),
                minimum=minimum,
            )
            for r in short.itertuples()
        ],
    )


def eligibility(ctx: RosterContext) -> pd.DataFrame:
    """Work only on queues the agent may serve: channel skill, VIP certification, tier."""
    work = ctx.blocks[(ctx.blocks["activity"] == WORK) & (ctx.blocks["channel"] != "")]
    if work.empty:
        return _no_violations()
    agents = ctx.agents
    skilled = np.array(
        [c in agents[a].channels for a, c in zip(work["agent_id"], work["channel"], strict=True)],
        dtype=bool,
    )
    certified = np.array(
        [
            v in agents[a].vip_levels
            for a, v in zip(work["agent_id"], work["vip_level"], strict=True)
        ],
        dtype=bool,
    )
    tier = work["agent_id"].map({a.agent_id: a.tier for a in agents.values()})
    min_tier = pd.Series(1, index=work.index)
    if ctx.requirements is not None and "min_tier" in ctx.requirements.columns:
        tiers = ctx.requirements.groupby(["channel", "vip_level"])["min_tier"].max()
        keys = pd.MultiIndex.from_frame(work[["channel", "vip_level"]])
        min_tier = pd.Series(tiers.reindex(keys).fillna(1).to_numpy(), index=work.index)
    tier_ok = (tier >= min_tier).to_numpy()
    bad = ~(skilled & certified & tier_ok)
    details = []
    for r, s, c, t, needed in zip(
        work[bad].itertuples(),
        skilled[bad],
        certified[bad],
        tier_ok[bad],
        min_tier[bad],
        strict=True,
    ):
        agent = agents[r.agent_id]
        why: list[Message] = []
        if not s:
            why.append(
                msg(
                    "has no '{channel}' skill (skills: {skills})",
                    channel=r.channel,
                    skills=", ".join(agent.channels),
                )
            )
        if not c:
            why.append(
                msg(
                    "is not certified for VIP level '{vip_level}' (certified: {levels})",
                    vip_level=r.vip_level,
                    levels=", ".join(agent.vip_levels),
                )
            )
        if not t:
            why.append(
                msg(
                    "is tier {tier}, the queue needs tier {needed} or above",
                    tier=agent.tier,
                    needed=int(needed),
                )
            )
        reasons = why[0]
        for more in why[1:]:
            reasons = msg("{before} and {after}", before=reasons, after=more)
        details.append(
            msg(
                "works on {queue} {span} but {why}",
                queue=_queue(r.channel, r.vip_level),
                span=_span(r.start, r.end, r.date),
                why=reasons,
            )
        )
    return _violations(work[bad], details)


def opening_hours(ctx: RosterContext) -> pd.DataFrame:
    """No work on a channel while it is closed (a block past midnight meets the next day)."""
    hours = ctx.rules.opening_hours
    work = ctx.blocks[(ctx.blocks["activity"] == WORK) & ctx.blocks["channel"].isin(list(hours))]
    if work.empty:
        return _no_violations()
    start = (_minutes(work["start"] - work["start"].dt.normalize())).to_numpy()
    end = start + work["minutes"].to_numpy()
    opens = work["channel"].map({c: h[0] for c, h in hours.items()}).to_numpy()
    closes = work["channel"].map({c: h[1] for c, h in hours.items()}).to_numpy()
    closed = np.zeros(len(work), dtype=bool)
    n_days = math.ceil(end.max() / MINUTES_PER_DAY) + 1
    for day in range(-1, n_days):
        closed_from = day * MINUTES_PER_DAY + closes
        closed_to = (day + 1) * MINUTES_PER_DAY + opens
        closed |= (start < closed_to) & (end > closed_from) & (closed_to > closed_from)
    bad = work[closed]
    return _violations(
        bad,
        [
            msg(
                "works on {channel} {span}, but {channel} is open only {opens}-{closes}",
                channel=r.channel,
                span=_span(r.start, r.end, r.date),
                opens=_hhmm(hours[str(r.channel)][0]),
                closes=_hhmm(hours[str(r.channel)][1]),
            )
            for r in bad.itertuples()
        ],
    )


def time_off(ctx: RosterContext) -> pd.DataFrame:
    """No shift overlaps the agent's leave."""
    if ctx.time_off is None or ctx.time_off.empty or ctx.shifts.empty:
        return _no_violations()
    leave = ctx.time_off.rename(columns={"start": "off_start", "end": "off_end"})
    pairs = ctx.shifts.merge(leave, on="agent_id")
    bad = pairs[(pairs["start"] < pairs["off_end"]) & (pairs["end"] > pairs["off_start"])]
    return _violations(
        bad,
        [
            msg(
                "shift {span} overlaps leave from {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}",
                span=_span(r.start, r.end, r.date),
                start=r.off_start,
                end=r.off_end,
            )
            for r in bad.itertuples()
        ],
    )


def minimum_rest(ctx: RosterContext) -> pd.DataFrame:
    """At least ``min_rest_h`` from the end of a shift to the start of the agent's next (the
    previous roster's last shift included)."""
    shifts = _with_earlier(ctx)
    previous_end = shifts.groupby("agent_id")["end"].shift()
    rest = _minutes(shifts["start"] - previous_end)
    minimum = ctx.rules.min_rest_h * 60
    bad_mask = previous_end.notna() & (rest < minimum - 1e-9) & (shifts["date"] >= ctx.week_start)
    bad = shifts[bad_mask].assign(previous_end=previous_end[bad_mask], rest=rest[bad_mask])
    return _violations(
        bad,
        [
            (
                msg(
                    "shift starts at {start}, before the previous shift ends at "
                    "{previous_end:%Y-%m-%d %H:%M}",
                    start=_clock(r.start, r.date),
                    previous_end=r.previous_end,
                )
                if r.rest < 0
                else msg(
                    "only {rest} rest between the previous shift's end at "
                    "{previous_end:%Y-%m-%d %H:%M} and this shift's start at {start}; at least "
                    "{minimum:g} h required",
                    rest=_minutes_text(r.rest),
                    previous_end=r.previous_end,
                    start=_clock(r.start, r.date),
                    minimum=ctx.rules.min_rest_h,
                )
            )
            for r in bad.itertuples()
        ],
    )


def consecutive_days(ctx: RosterContext) -> pd.DataFrame:
    """At most ``max_consecutive_days`` working days in a row, across week boundaries (the
    previous roster's last days included)."""
    limit = ctx.rules.max_consecutive_days
    days = _with_earlier(ctx)[["agent_id", "date"]].drop_duplicates()
    if days.empty:
        return _no_violations()
    new_run = days["agent_id"].ne(days["agent_id"].shift()) | (
        days["date"] - days["date"].shift() != _DAY
    )
    run = new_run.cumsum()
    position = days.groupby(run).cumcount() + 1
    run_length = days.groupby(run)["date"].transform("size")
    run_first = days.groupby(run)["date"].transform("first")
    run_last = days.groupby(run)["date"].transform("last")
    # a run from the previous roster is reported on its first day inside the week
    in_week = days["date"] >= ctx.week_start
    first_in_week = in_week & ~in_week.groupby(run).shift(fill_value=False)
    mask = ((position == limit + 1) & in_week) | ((position > limit + 1) & first_in_week)
    bad = days[mask].assign(
        run_length=run_length[mask], run_first=run_first[mask], run_last=run_last[mask]
    )
    return _violations(
        bad,
        [
            msg(
                "works {n} days in a row ({first:%Y-%m-%d} to {last:%Y-%m-%d}); at most {limit} "
                "allowed",
                n=r.run_length,
                first=r.run_first,
                last=r.run_last,
                limit=limit,
            )
            for r in bad.itertuples()
        ],
    )


def _with_earlier(ctx: RosterContext) -> pd.DataFrame:
    """The roster's shifts after the previous roster's, by agent and start."""
    shifts = pd.concat([ctx.earlier, ctx.shifts[list(EARLIER_COLUMNS)]], ignore_index=True)
    return shifts.sort_values(["agent_id", "start"], kind="stable")


def days_per_week(ctx: RosterContext) -> pd.DataFrame:
    """Working days per week within the contract's range (minimum lowered by leave days)."""
    weeks = ctx.weeks
    bad = weeks[(weeks["n_days"] < weeks["min_days"]) | (weeks["n_days"] > weeks["max_days"])]
    return _violations(
        bad.rename(columns={"week_start": "date"}),
        [
            _days_per_week_detail(
                n=r.n_days,
                week_start=r.week_start,
                contract=ctx.agents[str(r.agent_id)].contract,
                low=r.min_days,
                high=r.max_days,
                leave=r.leave_days,
            )
            for r in bad.itertuples()
        ],
    )


def weekly_hours(ctx: RosterContext) -> pd.DataFrame:
    """Paid hours per week within the agent's min and max (minimum lowered by leave days)."""
    weeks = ctx.weeks
    bad = weeks[
        (weeks["paid_hours"] < weeks["min_hours"] - _TOLERANCE_H)
        | (weeks["paid_hours"] > weeks["max_hours"] + _TOLERANCE_H)
    ]
    return _violations(
        bad.rename(columns={"week_start": "date"}),
        [
            _weekly_hours_detail(
                hours=r.paid_hours,
                week_start=r.week_start,
                low=r.min_hours,
                high=r.max_hours,
                leave=r.leave_days,
            )
            for r in bad.itertuples()
        ],
    )


def _days_per_week_detail(*, leave: Any, **values: Any) -> Message:
    if leave:
        return msg(
            "works {n} days in the week from {week_start:%Y-%m-%d}; contract '{contract}' "
            "allows {low!s} to {high!s} ({leave!s} leave days credited)",
            leave=leave,
            **values,
        )
    return msg(
        "works {n} days in the week from {week_start:%Y-%m-%d}; contract '{contract}' allows "
        "{low!s} to {high!s}",
        **values,
    )


def _weekly_hours_detail(*, leave: Any, **values: Any) -> Message:
    if leave:
        return msg(
            "{hours:g} paid hours in the week from {week_start:%Y-%m-%d}; the agent works "
            "{low:g} to {high:g} h a week ({leave!s} leave days credited)",
            leave=leave,
            **values,
        )
    return msg(
        "{hours:g} paid hours in the week from {week_start:%Y-%m-%d}; the agent works {low:g} "
        "to {high:g} h a week",
        **values,
    )


def pinned_shifts(ctx: RosterContext) -> pd.DataFrame:
    """Every pinned shift is in the roster with its pinned start and end."""
    if ctx.pins is None or ctx.pins.empty:
        return _no_violations()
    pins = ctx.pins.rename(columns={"start": "pin_start", "end": "pin_end"})
    found = pins.merge(ctx.shifts, on=["agent_id", "date"], how="left")
    changed = (found["start"] != found["pin_start"]) | (found["end"] != found["pin_end"])
    bad = found[changed].assign(missing=found.loc[changed, "start"].isna())
    return _violations(
        bad,
        [
            msg("pinned shift {pinned} is missing", pinned=_span(r.pin_start, r.pin_end, r.date))
            if r.missing
            else msg(
                "pinned shift {pinned} was changed to {span}",
                pinned=_span(r.pin_start, r.pin_end, r.date),
                span=_span(r.start, r.end, r.date),
            )
            for r in bad.itertuples()
        ],
    )


@dataclass(frozen=True, kw_only=True)
class Check:
    label: str
    run: Callable[[RosterContext], pd.DataFrame]


DAYS_PER_WEEK = Check(label=msg("Days per week by contract"), run=days_per_week)
WEEKLY_HOURS = Check(label=msg("Weekly paid hours"), run=weekly_hours)

#: The rules a valid roster satisfies, in report order.
CHECKS: tuple[Check, ...] = (
    Check(label=msg("Well-formed blocks"), run=well_formed_blocks),
    Check(label=msg("One shift per agent per day"), run=one_shift_per_day),
    Check(label=msg("Allowed shift length"), run=shift_lengths),
    Check(label=msg("Allowed start time"), run=shift_starts),
    Check(label=msg("Breaks and lunch"), run=breaks_and_lunch),
    Check(label=msg("Minimum stretch on one queue"), run=minimum_block_length),
    Check(label=msg("Skills, VIP certification and tier"), run=eligibility),
    Check(label=msg("Opening hours"), run=opening_hours),
    Check(label=msg("Time off"), run=time_off),
    Check(label=msg("Minimum rest between shifts"), run=minimum_rest),
    Check(label=msg("Maximum consecutive working days"), run=consecutive_days),
    DAYS_PER_WEEK,
    WEEKLY_HOURS,
    Check(label=msg("Pinned shifts kept"), run=pinned_shifts),
)


# ------------------------------------------------------------------------------ entry point


def check_roster(
    roster: pd.DataFrame,
    *,
    agents: Sequence[Agent],
    rules: Rules,
    requirements: pd.DataFrame | None = None,
    time_off: pd.DataFrame | None = None,
    week_start: pd.Timestamp | None = None,
    pins: pd.DataFrame | None = None,
    preferences: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> RosterCheck:
    """Check every rule on ``roster`` (roster.csv's columns) and recompute coverage and cost
    (and, given preferences.csv's frame, which preferences the roster goes against).
    ``previous``: the roster of the week before (roster.csv's columns), whose last shifts
    count for rest and consecutive days; its agents not in ``agents`` are left out.

    Raises StaffingInputError when the inputs cannot be checked at all (missing columns,
    unreadable times, agents or contracts that are not defined); rule violations are results.
    The caller's frames are never modified.
    """
    by_id = {a.agent_id: a for a in agents}
    rows = _prepare_roster(roster, by_id)
    _check_contracts(agents, rules)
    requirements = None if requirements is None else _prepare_requirements(requirements, rules)
    leave = None if time_off is None else _prepare_times(time_off, ("agent_id", "start", "end"))
    pin_frame = None if pins is None else _prepare_times(pins, PIN_COLUMNS, day="date")
    start = _week_start(week_start, rows, requirements)
    last_day = rows["date"].max() if not rows.empty else start
    n_weeks = max(1, (last_day - start).days // 7 + 1)
    blocks = _merge_blocks(rows[(rows["end"] > rows["start"]) & (rows["date"] >= start)])
    shifts = _shifts(blocks, rules, start)
    weeks = _weeks(shifts, agents, rules, leave, start, n_weeks)
    ctx = RosterContext(
        rules=rules,
        agents=by_id,
        rows=rows,
        blocks=blocks,
        shifts=shifts,
        weeks=weeks,
        requirements=requirements,
        time_off=leave,
        pins=pin_frame,
        week_start=start,
        n_weeks=n_weeks,
        earlier=_earlier_shifts(previous, by_id, start),
    )
    found = [check.run(ctx).assign(rule=check.label) for check in CHECKS]
    violations = pd.concat(found, ignore_index=True)[list(VIOLATION_COLUMNS)]
    order = {check.label: i for i, check in enumerate(CHECKS)}
    violations = (
        violations.assign(_order=violations["rule"].map(order))
        .sort_values(["_order", "agent_id", "date"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    violations["date"] = violations["date"].astype("datetime64[ns]")
    asked = _preferences_in(preferences, start, n_weeks)
    return RosterCheck(
        unmet_preferences=_unmet_preferences(shifts, asked),
        n_preferences=len(asked),
        violations=violations,
        coverage=None if requirements is None else _coverage(blocks, requirements, rules),
        paid_hours=weeks[list(PAID_HOURS_COLUMNS)].reset_index(drop=True),
        cost=float(weeks["cost"].sum()),
        n_agents=len(agents),
        n_shifts=len(shifts),
        week_start=start,
        n_weeks=n_weeks,
        with_time_off=time_off is not None,
    )


# ------------------------------------------------------------------------------ preparation


def _prepare_roster(
    roster: pd.DataFrame, agents: Mapping[str, Agent], name: str = "roster"
) -> pd.DataFrame:
    problems = ProblemCollector(name)
    missing = [c for c in ROSTER_COLUMNS if c not in roster.columns]
    for column in missing:
        problems.add(
            msg("required column '{column}' is missing", column=column),
            column=column,
            fix=msg(
                "give the roster roster.csv's columns: {columns}", columns=", ".join(ROSTER_COLUMNS)
            ),
        )
    problems.raise_if_any()
    rows = pd.DataFrame({"row": np.arange(2, 2 + len(roster), dtype=np.int64)})
    rows["agent_id"] = roster["agent_id"].astype(str).str.strip().to_numpy(dtype=object)
    for column in ("date", "start", "end"):
        rows[column] = _times(roster[column], column, problems)
    for column in ("activity", "channel", "vip_level"):
        rows[column] = roster[column].fillna("").astype(str).str.strip().to_numpy(dtype=object)
    not_midnight = rows["date"].notna() & (rows["date"] != rows["date"].dt.normalize())
    for row in rows.loc[not_midnight, "row"]:
        problems.add(
            msg("date must be a day without a time"),
            row=int(row),
            column="date",
            fix=msg("write the day the shift starts, like 2026-11-11"),
        )
    unknown = rows[~rows["agent_id"].isin(list(agents))].drop_duplicates("agent_id")
    for row, agent_id in zip(unknown["row"], unknown["agent_id"], strict=True):
        problems.add(
            msg(
                "agent '{agent_id}' is not in agents.csv (first row of the agent)",
                agent_id=agent_id,
            ),
            row=int(row),
            column="agent_id",
            value=agent_id,
            fix=msg("check the roster and agents files belong together"),
        )
    problems.raise_if_any()
    return rows


def _earlier_shifts(
    previous: pd.DataFrame | None, agents: Mapping[str, Agent], start: pd.Timestamp
) -> pd.DataFrame:
    """The previous roster's shifts before ``start`` (``EARLIER_COLUMNS``)."""
    if previous is None or previous.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in EARLIER_COLUMNS.items()})
    if "agent_id" in previous.columns:  # agents who have left are not counted
        previous = previous[previous["agent_id"].astype(str).str.strip().isin(agents)]
    rows = _prepare_roster(previous.reset_index(drop=True), agents, "previous roster")
    late = rows[rows["date"] >= start]
    if not late.empty:  # most likely the week's own roster given by mistake
        problems = ProblemCollector("previous roster")
        problems.add(
            msg(
                "{n} rows are dated on or after the checked week's first day {start:%Y-%m-%d} "
                "(first: row {row}, {date:%Y-%m-%d})",
                n=len(late),
                start=start,
                row=int(late["row"].iloc[0]),
                date=late["date"].iloc[0],
            ),
            fix=msg("give the roster of the week before the checked week"),
        )
        problems.raise_if_any()
    shifts = rows.groupby(["agent_id", "date"], sort=True).agg(
        start=("start", "min"), end=("end", "max")
    )
    return shifts.reset_index()[list(EARLIER_COLUMNS)]


def _times(values: pd.Series, column: str, problems: ProblemCollector) -> np.ndarray:
    parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    for position in np.flatnonzero(parsed.isna().to_numpy()):
        problems.add(
            msg("not a valid date and time"),
            row=int(position) + 2,
            column=column,
            value=values.iloc[position],
            fix=msg("write it as ISO 8601 local time, like 2026-11-11 08:00:00"),
        )
    return parsed.to_numpy(dtype="datetime64[ns]")


def _prepare_times(
    frame: pd.DataFrame, columns: Sequence[str], day: str | None = None
) -> pd.DataFrame:
    problems = ProblemCollector("pins" if day else "time off")
    for column in columns:
        if column not in frame.columns:
            problems.add(
                msg("required column '{column}' is missing", column=column),
                column=column,
                fix=msg("give it the columns {columns}", columns=", ".join(columns)),
            )
    problems.raise_if_any()
    result = pd.DataFrame({"agent_id": frame["agent_id"].astype(str).to_numpy(dtype=object)})
    for column in columns:
        if column != "agent_id":
            result[column] = _times(frame[column], column, problems)
    problems.raise_if_any()
    if day is not None:
        result[day] = result[day].dt.normalize()
    return result


def _prepare_requirements(requirements: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    problems = ProblemCollector("requirements")
    needed = ("interval_start", "channel", "vip_level", "required_agents")
    for column in needed:
        if column not in requirements.columns:
            problems.add(
                msg("required column '{column}' is missing", column=column),
                column=column,
                fix=msg("use requirements.csv's columns"),
            )
    problems.raise_if_any()
    result = pd.DataFrame(
        {
            "interval_start": _times(requirements["interval_start"], "interval_start", problems),
            "channel": requirements["channel"].astype(str).to_numpy(dtype=object),
            "vip_level": requirements["vip_level"].astype(str).to_numpy(dtype=object),
            "required_agents": pd.to_numeric(requirements["required_agents"]).to_numpy(),
        }
    )
    if "min_tier" in requirements.columns:
        result["min_tier"] = pd.to_numeric(requirements["min_tier"]).to_numpy()
    problems.raise_if_any()
    off = _off_grid(result["interval_start"], rules.interval_minutes)
    if off.any():
        problems.add(
            msg(
                "{n} interval starts are not on the {minutes}-minute grid of rules.toml "
                "(first: {first})",
                n=int(off.sum()),
                minutes=rules.interval_minutes,
                first=result.loc[off, "interval_start"].iloc[0],
            ),
            column="interval_start",
            fix=msg("compute the requirements with the same interval_minutes as the rules"),
        )
    problems.raise_if_any()
    return result


def _check_contracts(agents: Sequence[Agent], rules: Rules) -> None:
    problems = ProblemCollector("agents")
    for agent in agents:
        if agent.contract not in rules.contracts:
            problems.add(
                msg(
                    "agent {agent_id} has contract '{contract}', which rules.toml does not define",
                    agent_id=agent.agent_id,
                    contract=agent.contract,
                ),
                column="contract",
                value=agent.contract,
                fix=msg(
                    "add [contracts.{contract}] to rules.toml or change the contract",
                    contract=agent.contract,
                ),
            )
    problems.raise_if_any()


def _week_start(
    given: pd.Timestamp | None, rows: pd.DataFrame, requirements: pd.DataFrame | None
) -> pd.Timestamp:
    if given is not None:
        return pd.Timestamp(given).normalize()
    if requirements is not None and not requirements.empty:
        return requirements["interval_start"].min().normalize()
    if not rows.empty:
        return rows["date"].min()
    raise StaffingInputError(
        Problem(
            message=msg("the roster is empty and neither week_start nor requirements are given"),
            fix=msg("pass week_start (the first day of the planning week)"),
        )
    )


def _off_grid(times: pd.Series, grid: int) -> pd.Series:
    minutes = times.dt.hour * 60 + times.dt.minute
    return (minutes % grid != 0) | (times.dt.second != 0) | (times.dt.microsecond != 0)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _ordered_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted within each shift, with the latest end of the earlier rows of the shift."""
    ordered = rows.sort_values(["agent_id", "date", "start", "end"], kind="stable")
    keys = [ordered["agent_id"], ordered["date"]]
    running_end = ordered.groupby(keys, sort=False)["end"].cummax()
    previous = running_end.groupby(keys, sort=False).shift()
    return ordered.assign(previous_end=previous)


def _merge_blocks(rows: pd.DataFrame) -> pd.DataFrame:
    """Touching rows of one shift with the same activity and queue become one block."""
    ordered = rows.sort_values(["agent_id", "date", "start", "end"], kind="stable")
    new_block = (
        ordered["agent_id"].ne(ordered["agent_id"].shift())
        | ordered["date"].ne(ordered["date"].shift())
        | ordered["activity"].ne(ordered["activity"].shift())
        | ordered["channel"].ne(ordered["channel"].shift())
        | ordered["vip_level"].ne(ordered["vip_level"].shift())
        | ordered["start"].ne(ordered["end"].shift())
    )
    blocks = (
        ordered.groupby(new_block.cumsum().to_numpy(), sort=False)
        .agg(
            agent_id=("agent_id", "first"),
            date=("date", "first"),
            start=("start", "first"),
            end=("end", "max"),
            activity=("activity", "first"),
            channel=("channel", "first"),
            vip_level=("vip_level", "first"),
        )
        .reset_index(drop=True)
    )
    by_shift = blocks.groupby(["agent_id", "date"], sort=True)
    #: position of the block's shift in the shifts frame (sorted by agent and date)
    blocks["shift_id"] = by_shift.ngroup().to_numpy(dtype=np.int64)
    blocks["shift_start"] = by_shift["start"].transform("min")
    blocks["shift_end"] = by_shift["end"].transform("max")
    blocks["minutes"] = _minutes(blocks["end"] - blocks["start"])
    blocks["shift_minutes"] = _minutes(blocks["shift_end"] - blocks["shift_start"])
    return blocks


def _shifts(blocks: pd.DataFrame, rules: Rules, week_start: pd.Timestamp) -> pd.DataFrame:
    unpaid = [b.name for b in rules.breaks if not b.paid]
    unpaid_minutes = blocks["minutes"].where(blocks["activity"].isin(unpaid), 0.0)
    shifts = (
        blocks.assign(unpaid=unpaid_minutes)
        .groupby(["agent_id", "date"], sort=True)
        .agg(start=("start", "min"), end=("end", "max"), unpaid=("unpaid", "sum"))
        .reset_index()
    )
    shifts["length_minutes"] = (_minutes(shifts["end"] - shifts["start"])).astype("int64")
    shifts["paid_minutes"] = shifts["length_minutes"] - shifts["unpaid"]
    shifts["week"] = ((shifts["date"] - week_start) / _DAY).astype("int64") // 7
    return shifts.drop(columns="unpaid")


def _weeks(
    shifts: pd.DataFrame,
    agents: Sequence[Agent],
    rules: Rules,
    leave: pd.DataFrame | None,
    week_start: pd.Timestamp,
    n_weeks: int,
) -> pd.DataFrame:
    """One row per agent and week: days, paid hours, cost and the limits after leave."""
    index = pd.MultiIndex.from_product(
        [[a.agent_id for a in agents], range(n_weeks)], names=["agent_id", "week"]
    )
    totals = shifts.groupby(["agent_id", "week"]).agg(
        n_days=("date", "nunique"), paid_minutes=("paid_minutes", "sum")
    )
    weeks = totals.reindex(index, fill_value=0).reset_index()
    weeks["week_start"] = week_start + weeks["week"] * _DAY * 7
    with_leave = set() if leave is None else set(leave["agent_id"])
    limits = []
    for agent in agents:
        contract = rules.contracts[agent.contract]
        for week in range(n_weeks):
            n_leave = (
                leave_days(leave, agent.agent_id, week_start + week * 7 * _DAY)
                if leave is not None and agent.agent_id in with_leave
                else 0
            )
            min_days, min_hours = weekly_minimums(agent, contract, n_leave)
            limits.append(
                (
                    n_leave,
                    min_days,
                    contract.max_days_per_week,
                    min_hours,
                    agent.max_hours_week,
                    agent.hourly_cost,
                )
            )
    table = np.array(limits, dtype=float).reshape(-1, 6)
    weeks["leave_days"] = table[:, 0].astype("int64")
    weeks["min_days"] = table[:, 1].astype("int64")
    weeks["max_days"] = table[:, 2].astype("int64")
    weeks["min_hours"] = table[:, 3]
    weeks["max_hours"] = table[:, 4]
    weeks["n_days"] = weeks["n_days"].astype("int64")
    weeks["paid_hours"] = weeks["paid_minutes"].astype(float) / 60
    weeks["cost"] = weeks["paid_hours"] * table[:, 5]
    return weeks


def _coverage(blocks: pd.DataFrame, requirements: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Agents on each queue for each whole requirement interval (partial cover counts 0), and
    for any other interval in the requirements' span that has work (required 0)."""
    grid = rules.interval_minutes
    keys = ["interval_start", "channel", "vip_level"]
    work = blocks[blocks["activity"] == WORK]
    origin = (
        requirements["interval_start"].min().normalize()
        if not requirements.empty
        else pd.Timestamp(0)
    )
    start = (_minutes(work["start"] - origin)).to_numpy()
    end = (_minutes(work["end"] - origin)).to_numpy()
    first = np.ceil(start / grid).astype(np.int64)
    stop = np.floor(end / grid).astype(np.int64)
    counts = np.maximum(stop - first, 0)
    owner = np.repeat(np.arange(len(work)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    covered = pd.DataFrame(
        {
            "agent_id": work["agent_id"].to_numpy()[owner],
            "interval_start": origin + (first[owner] + offsets) * grid * _MINUTE,
            "channel": work["channel"].to_numpy()[owner],
            "vip_level": work["vip_level"].to_numpy()[owner],
        }
    ).drop_duplicates()
    scheduled = covered.groupby(keys).size().rename("scheduled")
    coverage = requirements[keys].assign(
        required=requirements["required_agents"].to_numpy(dtype=np.int64)
    )
    coverage = coverage.merge(scheduled.reset_index(), on=keys, how="outer")
    times = requirements["interval_start"]
    coverage = coverage[coverage["interval_start"].between(times.min(), times.max())]
    coverage["required"] = coverage["required"].fillna(0).astype("int64")
    coverage["scheduled"] = coverage["scheduled"].fillna(0).astype("int64")
    coverage["shortfall"] = (coverage["required"] - coverage["scheduled"]).clip(lower=0)
    return coverage[list(COVERAGE_COLUMNS)].sort_values(keys, kind="stable").reset_index(drop=True)


def _preferences_in(
    preferences: pd.DataFrame | None, start: pd.Timestamp, n_weeks: int
) -> pd.DataFrame:
    if preferences is None or preferences.empty:
        return pd.DataFrame(columns=["agent_id", "date", "preference"])
    frame = preferences[["agent_id", "date", "preference"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    inside = (frame["date"] >= start) & (frame["date"] < start + pd.Timedelta(weeks=n_weeks))
    return frame[inside].reset_index(drop=True)


def _unmet_preferences(shifts: pd.DataFrame, asked: pd.DataFrame) -> pd.DataFrame:
    """Asked-for days the roster works anyway (``off``), or with a shift starting on the
    other side of noon (``early``: before 12:00, ``late``: at 12:00 or later)."""
    if asked.empty or shifts.empty:
        return asked.iloc[:0].assign(start=pd.Series([], dtype="datetime64[ns]"))
    worked = asked.merge(shifts[["agent_id", "date", "start"]], on=["agent_id", "date"])
    starts_early = (worked["start"] - worked["date"]) < pd.Timedelta(
        minutes=EARLY_START_BEFORE_MINUTES
    )
    unmet = (
        (worked["preference"] == "off")
        | ((worked["preference"] == "early") & ~starts_early)
        | ((worked["preference"] == "late") & starts_early)
    )
    return worked[unmet].reset_index(drop=True)
