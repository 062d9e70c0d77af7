"""Discrete-event simulation of a roster against arrivals drawn from a forecast.

The simulator answers "will this roster meet the targets?" where the Erlang formulas are only
approximations: multi-skilled agents moving between queues, VIP priority, chat concurrency,
abandonment, email backlog and breaks.

Model (one replication)
-----------------------
- Arrivals: for every interval and queue, a Poisson number of contacts with mean the forecast
  ``volume`` (or exactly the counts of a replayed history), at uniform times inside the
  interval.
- Handle times: drawn around the interval's forecast ``aht_s``; ``lognormal`` (default, mean
  ``aht_s`` and coefficient of variation ``handle_time_cv``, 1.0 by default: the same mean and
  variance as the exponential that Erlang assumes, without its mass near zero) or
  ``exponential``. For chat queues the handle time is the conversation's wall-clock length
  while the agent holds up to ``concurrency`` conversations at once (one slot each).
- Patience: exponential with mean ``patience_s`` (the Erlang A assumption); a queue without
  ``patience_s`` never abandons (Erlang C, deferred work). A contact whose patience runs out
  before service starts is abandoned.
- Routing: an agent serves only during ``work`` blocks of the roster, on the block's queue.
  With ``overflow_to_lower_levels`` (default) an agent on a block may also take contacts of
  the same channel at lower VIP levels whose ``min_tier`` is not higher than the block
  queue's, but only when no contact of a higher level waits (VIP queues first) and only
  while ``overflow_reserve_agents`` (default 2) other agents of the block's queue stay free
  (trunk reservation: without it, VIP agents fill up with standard work and VIP contacts
  wait as long as everyone else). An agent
  that becomes free takes the longest-waiting contact of its highest-priority eligible queue
  that has one. An arriving contact goes to a free agent on its own queue's block first, then
  to a free overflow agent, the one free the longest; otherwise it waits (FIFO per queue).
- Deferred work (email/tickets): never abandons; it waits in the backlog until an agent on an
  email block works it, so it is worked only inside the roster's email blocks (which the
  roster places inside opening hours). Its service level counts responses within
  ``respond_within_h``.
- Breaks, lunch, block changes and shift ends: the agent takes no new contact once a block
  ends, but finishes the contacts already in service (no pre-emption). The break still ends
  at its scheduled time, so an overrun shortens it. An agent moving to a block of another
  queue starts on it once the old contacts are done.
- Occupancy: the share of the agents' logged-in time on a queue spent handling its
  contacts, per interval and for the horizon. Logged-in time is the staffed time on the
  queue's work blocks (times its concurrency for chat), plus the overrun after a block ends
  (the agent is at work on the queue's contacts; it counts in the interval where it
  happens, as logged-in and as busy time), less the start of a block of another queue
  that the agent spends finishing the old contacts (that time is the old queue's). Each
  agent-minute belongs to one queue at most, and occupancy never exceeds 100%. An interval
  in which nobody is on the queue's blocks but agents finish its contacts shows 100%.
- Chat first response is the moment a conversation is assigned to an agent's slot.
- Absence (shrinkage): requirements are *scheduled* agents, net agents / (1 - shrinkage), so
  a roster that meets them carries a buffer for the paid time the roster does not place
  (sickness, no-shows, coaching, meetings). The simulator takes that time away again, or
  the buffer would show up as pure surplus and simulated service would be near 100%. With
  absence rate ``p`` (``SimulationConfig.absence_rate``; by default the targets'
  ``shrinkage``) and ``s = absence_shift_share`` (default 0.3), each replication draws from
  its random stream, after the contacts (so two absence rates see the same contacts):

  1. unplanned absence: each shift (an agent's contiguous run of roster rows) is missed
     whole with probability ``p * s``: sickness and no-shows take a whole day and hit
     several agents of a team at random, which is what leaves real holes in an interval;
  2. in-shift loss: every remaining work block is cut at the interval edges and each piece
     is lost with probability ``p * (1 - s) / (1 - p * s)`` (coaching, meetings, training,
     system trouble, which take whole intervals off the queue).

  Expected lost work time is ``p * s + (1 - p * s) * p * (1 - s) / (1 - p * s) = p`` of the
  scheduled work time exactly. Absence starts like a block end: contacts in service are
  finished, no new ones are taken. The share ``s`` is a planner's choice: 1.0 treats all
  shrinkage as whole-day absence (the harshest case), 0.0 as time lost in spread-out
  intervals (the mildest); 0.3 reflects a centre whose shrinkage is about one third sick
  leave and no-shows and two thirds coaching, meetings and training. ``absence_rate = 0``
  reproduces the roster as written (and the same random draws as without the setting).

Outputs are averaged over seeded replications (independent streams from one seed) with 95%
confidence half-widths from the Student t distribution across replications.
"""

from __future__ import annotations

import heapq
import math
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
from scipy import stats

from staffing.errors import Problem, ProblemCollector, StaffingInputError, parameter_error
from staffing.i18n import msg
from staffing.queueing import SERVICE_LEVEL_DEFINITIONS as QUEUEING_SL_DEFINITIONS

#: Service-level definitions (see REFERENCE.md). Counts per interval and queue:
#: answered within the threshold, answered, abandoned, abandoned within the threshold,
#: short abandons (within ``short_abandon_s``).
SERVICE_LEVEL_DEFINITIONS = tuple(QUEUEING_SL_DEFINITIONS)
MODELS = ("erlang_c", "erlang_a", "chat", "deferred")
DEFAULT_VIP_PRIORITY = ("svip", "vip", "standard")

#: Platform KPI windows (local time of the session start), as the platforms define them.
JD_WINDOW_HOURS = (9, 23)  # JD: first reply within 30 s, sessions 23:00-09:00 excluded
TAOBAO_WINDOW_HOURS = (8, 24)  # Taobao/Tmall: 3-minute response rate, 08:00-24:00

_T95_CACHE: dict[int, float] = {}


@dataclass(frozen=True, kw_only=True)
class SimQueue:
    """What the simulator needs to know about one queue (channel x VIP level)."""

    channel: str
    vip_level: str
    model: Literal["erlang_c", "erlang_a", "chat", "deferred"]
    service_level: float
    answer_within_s: float  # for deferred work: respond_within_h x 3600
    patience_s: float | None = None  # mean patience; None: nobody abandons
    concurrency: int = 1
    min_tier: int = 1

    def __post_init__(self) -> None:
        owner = f"SimQueue({self.channel}/{self.vip_level})"
        if self.model not in MODELS:
            raise parameter_error(owner, "model", f"must be one of {', '.join(MODELS)}", self.model)
        if not 0 < self.service_level <= 1:
            raise parameter_error(owner, "service_level", "must be in (0, 1]", self.service_level)
        if not self.answer_within_s > 0:
            raise parameter_error(
                owner, "answer_within_s", "must be positive", self.answer_within_s
            )
        if self.patience_s is not None and not self.patience_s > 0:
            raise parameter_error(owner, "patience_s", "must be positive", self.patience_s)
        if self.concurrency < 1:
            raise parameter_error(owner, "concurrency", "must be at least 1", self.concurrency)

    @property
    def key(self) -> tuple[str, str]:
        return (self.channel, self.vip_level)


@dataclass(frozen=True, kw_only=True)
class SimTargets:
    """The queues to simulate and the service-level definition used to report them."""

    queues: tuple[SimQueue, ...]
    service_level_definition: str = "answered_within_over_offered"
    shrinkage: float = 0.0  # the default absence rate of the simulation

    def __post_init__(self) -> None:
        if not 0 <= self.shrinkage < 1:
            raise parameter_error("SimTargets", "shrinkage", "must be in [0, 1)", self.shrinkage)
        if self.service_level_definition not in SERVICE_LEVEL_DEFINITIONS:
            raise parameter_error(
                "SimTargets",
                "service_level_definition",
                f"must be one of {', '.join(SERVICE_LEVEL_DEFINITIONS)}",
                self.service_level_definition,
            )
        keys = [q.key for q in self.queues]
        if len(set(keys)) != len(keys):
            raise parameter_error("SimTargets", "queues", "must not repeat a queue", keys)

    @classmethod
    def from_targets(cls, targets: Any) -> SimTargets:
        """Adapt the typed targets of ``staffing.targets.read_targets``."""
        if isinstance(targets, SimTargets):
            return targets
        queues = []
        for q in targets.queues:
            if isinstance(q, SimQueue):
                queues.append(q)
                continue
            model = str(q.model)
            if model == "deferred":
                within_s = float(q.respond_within_h) * 3600.0
            else:
                within_s = float(q.answer_within_s)
            patience = getattr(q, "patience_s", None)
            queues.append(
                SimQueue(
                    channel=q.channel,
                    vip_level=q.vip_level,
                    model=model,  # type: ignore[arg-type]
                    service_level=float(q.service_level),
                    answer_within_s=within_s,
                    patience_s=None if patience is None or model == "deferred" else float(patience),
                    concurrency=int(getattr(q, "concurrency", None) or 1),
                    min_tier=int(getattr(q, "min_tier", None) or 1),
                )
            )
        definition = getattr(targets, "service_level_definition", "answered_within_over_offered")
        return cls(
            queues=tuple(queues),
            service_level_definition=str(definition),
            shrinkage=float(getattr(targets, "shrinkage", 0.0)),
        )


@dataclass(frozen=True, kw_only=True)
class SimulationConfig:
    """How to simulate: replications, seed, distributions, routing and absence.

    ``absence_rate``: share of scheduled work time lost to absence (see the module's
    docstring); None takes the targets' ``shrinkage``, 0 simulates the roster as written.
    ``absence_shift_share``: the part of it that comes as whole shifts missed.
    """

    replications: int = 5
    seed: int = 0
    handle_time_distribution: Literal["lognormal", "exponential"] = "lognormal"
    handle_time_cv: float = 1.0
    short_abandon_s: float = 5.0
    overflow_to_lower_levels: bool = True
    overflow_reserve_agents: int = 2
    vip_priority: tuple[str, ...] = DEFAULT_VIP_PRIORITY
    kpi_channels: tuple[str, ...] = ("chat",)
    interval_minutes: int | None = None  # None: inferred from the forecast's grid
    absence_rate: float | None = None
    absence_shift_share: float = 0.3

    def __post_init__(self) -> None:
        if self.absence_rate is not None and not 0 <= self.absence_rate < 1:
            raise parameter_error(
                "SimulationConfig",
                "absence_rate",
                "must be in [0, 1) or None (the targets' shrinkage)",
                self.absence_rate,
            )
        if not 0 <= self.absence_shift_share <= 1:
            raise parameter_error(
                "SimulationConfig",
                "absence_shift_share",
                "must be in [0, 1]",
                self.absence_shift_share,
            )
        if self.overflow_reserve_agents < 0:
            raise parameter_error(
                "SimulationConfig",
                "overflow_reserve_agents",
                "must be 0 or more",
                self.overflow_reserve_agents,
            )
        if not self.seed >= 0:
            raise parameter_error(
                "SimulationConfig", "seed", "must be a whole number >= 0", self.seed
            )
        if self.replications < 1:
            raise parameter_error(
                "SimulationConfig", "replications", "must be at least 1", self.replications
            )
        if self.handle_time_distribution not in ("lognormal", "exponential"):
            raise parameter_error(
                "SimulationConfig",
                "handle_time_distribution",
                "must be 'lognormal' or 'exponential'",
                self.handle_time_distribution,
            )
        if not self.handle_time_cv > 0:
            raise parameter_error(
                "SimulationConfig", "handle_time_cv", "must be positive", self.handle_time_cv
            )
        if self.interval_minutes is not None and self.interval_minutes not in (15, 30, 60):
            raise parameter_error(
                "SimulationConfig",
                "interval_minutes",
                "must be 15, 30 or 60",
                self.interval_minutes,
            )


@dataclass(frozen=True, kw_only=True)
class PlatformKpis:
    """Chat KPIs as the platforms define them; None when no session fell in the window."""

    chat_first_response_30s: float | None  # JD: sessions started 09:00-23:00
    chat_first_response_30s_ci95: float | None
    chat_response_3min: float | None  # Taobao/Tmall: sessions started 08:00-24:00
    chat_response_3min_ci95: float | None
    n_chat_sessions: float  # mean per replication, all hours


@dataclass(frozen=True, kw_only=True)
class SimulationResult:
    """Simulated service of one roster.

    ``intervals``: one row per interval and queue, means over replications:
    ``interval_start, channel, vip_level, offered, answered, abandoned, answered_within,
    service_level, service_level_ci95, asa_s, abandon_rate, occupancy, scheduled_agents,
    staffed_agents, backlog`` (``backlog``: contacts waiting at the interval's end;
    ``scheduled_agents``: agents on the queue's work blocks of the roster, averaged over the
    interval; ``staffed_agents``: the same after absence, mean over replications;
    ``occupancy``: busy time over the agents' logged-in time on the queue, overruns past a
    block end included (module docstring), at most 1; ratios are pooled over replications
    and are NaN where nothing was offered or nobody was logged in).

    ``totals``: one row per queue for the whole horizon: ``channel, vip_level, model,
    target_service_level, offered, answered, abandoned, open_at_end, service_level,
    service_level_ci95, asa_s, asa_s_ci95, abandon_rate, abandon_rate_ci95, occupancy,
    max_backlog, scheduled_agent_h, staffed_agent_h, meets_target`` (agent-hours on the
    queue's work blocks before and after absence).

    ``absence_rate``: the absence rate applied (the config's, or the targets' shrinkage).

    ``replication_totals``: the per-replication week figures the confidence intervals come
    from (``replication, channel, vip_level, offered, answered, abandoned, service_level,
    asa_s, abandon_rate``).
    """

    intervals: pd.DataFrame
    totals: pd.DataFrame
    replication_totals: pd.DataFrame
    kpis: PlatformKpis
    config: SimulationConfig
    service_level_definition: str
    interval_minutes: int
    absence_rate: float
    seconds_per_replication: tuple[float, ...] = field(default=())

    @property
    def n_contacts_per_replication(self) -> float:
        return float(self.totals["offered"].sum())

    @property
    def staffed_share(self) -> float:
        """Staffed over scheduled agent-time, all queues (about 1 - ``absence_rate``)."""
        scheduled = float(self.totals["scheduled_agent_h"].sum())
        return float(self.totals["staffed_agent_h"].sum()) / scheduled if scheduled else math.nan

    def overall_service_level(self) -> float:
        """Offered-weighted service level over all queues (for scenario comparisons)."""
        weights = self.totals["offered"].to_numpy(float)
        values = self.totals["service_level"].to_numpy(float)
        ok = np.isfinite(values) & (weights > 0)
        if not ok.any():
            return float("nan")
        return float(np.average(values[ok], weights=weights[ok]))

    def summary(self) -> str:
        lines = [
            f"{len(self.seconds_per_replication)} replications, "
            f"{self.n_contacts_per_replication:,.0f} contacts each, "
            f"absence {self.absence_rate:.0%} of scheduled work time "
            f"({self.staffed_share:.1%} staffed), "
            f"service level = {self.service_level_definition}:"
        ]
        for row in self.totals.itertuples(index=False):
            if not np.isfinite(cast(float, row.service_level)):
                lines.append(f"  {row.channel}/{row.vip_level}: no contacts in the horizon")
                continue
            ci95 = cast(float, row.service_level_ci95)
            ci = f" +/- {ci95:.3f}" if np.isfinite(ci95) else ""
            mark = "ok" if row.meets_target else "BELOW TARGET"
            lines.append(
                f"  {row.channel}/{row.vip_level}: SL {row.service_level:.3f}{ci} "
                f"(target {row.target_service_level:.2f}, {mark}), ASA {row.asa_s:.1f} s, "
                f"abandoned {row.abandon_rate:.1%}, occupancy {row.occupancy:.1%}"
            )
        k = self.kpis
        if k.chat_first_response_30s is not None:
            lines.append(
                f"  chat first response within 30 s (09-23h): {k.chat_first_response_30s:.1%}"
            )
        if k.chat_response_3min is not None:
            lines.append(f"  chat response within 3 min (08-24h): {k.chat_response_3min:.1%}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- preparation


@dataclass(frozen=True, kw_only=True)
class _Prepared:
    origin: pd.Timestamp
    interval_s: float
    n_intervals: int
    queues: tuple[SimQueue, ...]
    row_interval: np.ndarray  # per (interval, queue) row with volume
    row_queue: np.ndarray
    row_volume: np.ndarray
    row_aht_s: np.ndarray
    replay_counts: np.ndarray | None
    block_start_s: np.ndarray
    block_end_s: np.ndarray
    block_agent: np.ndarray
    block_queue: np.ndarray
    block_shift: np.ndarray  # shift index of each block (for whole-shift absence)
    n_shifts: int
    scheduled_s: np.ndarray  # (n_intervals, n_queues) seconds on work blocks, no absence
    n_agents: int
    eligible: tuple[tuple[int, ...], ...]
    capacity: tuple[int, ...]
    horizon_end_s: float


def _check_columns(frame: pd.DataFrame, required: Sequence[str], name: str) -> None:
    problems = ProblemCollector(name)
    for column in required:
        if column not in frame.columns:
            problems.add(
                msg("required column '{column}' is missing", column=column),
                column=column,
                fix=msg("add a '{column}' column", column=column),
            )
    if frame.empty and not problems:
        problems.add(msg("there are no rows"), fix=msg("add at least one row"))
    problems.raise_if_any()


def _priority_rank(level: str, priority: tuple[str, ...]) -> tuple[int, str]:
    return (priority.index(level), "") if level in priority else (len(priority), level)


def _infer_interval_minutes(starts: pd.Series, config: SimulationConfig) -> int:
    if config.interval_minutes is not None:
        return config.interval_minutes
    unique = np.unique(starts.to_numpy("datetime64[ns]"))
    if len(unique) < 2:
        return 15
    step = np.diff(unique).min() / np.timedelta64(1, "m")
    if step not in (15, 30, 60):
        raise StaffingInputError(
            Problem(
                message=msg(
                    "forecast intervals are {step:g} minutes apart; the interval length must "
                    "be 15, 30 or 60 minutes",
                    step=step,
                ),
                fix=msg("aggregate the forecast to one of these grids"),
            )
        )
    return int(step)


def _prepare(
    roster: pd.DataFrame,
    forecast: pd.DataFrame,
    targets: SimTargets,
    config: SimulationConfig,
    arrivals: pd.DataFrame | None,
) -> _Prepared:
    _check_columns(
        forecast, ("interval_start", "channel", "vip_level", "volume", "aht_s"), "forecast"
    )
    _check_columns(
        roster, ("agent_id", "start", "end", "activity", "channel", "vip_level"), "roster"
    )
    queues = tuple(
        sorted(
            targets.queues,
            key=lambda q: (q.channel, _priority_rank(q.vip_level, config.vip_priority)),
        )
    )
    index = {q.key: i for i, q in enumerate(queues)}
    problems = ProblemCollector("forecast")

    fc = forecast.reset_index(drop=True)
    starts = pd.to_datetime(fc["interval_start"])
    interval_minutes = _infer_interval_minutes(starts, config)
    interval = pd.Timedelta(minutes=interval_minutes)
    origin = starts.min()
    offset = (starts - origin) / interval
    if not np.allclose(offset, np.round(offset)):
        problems.add(
            msg("interval starts are not on one {minutes}-minute grid", minutes=interval_minutes),
            column="interval_start",
            fix=msg("align every interval_start to the grid"),
        )
    volume = pd.to_numeric(fc["volume"], errors="coerce").to_numpy(float)
    aht = pd.to_numeric(fc["aht_s"], errors="coerce").to_numpy(float)
    bad_volume = ~np.isfinite(volume) | (volume < 0)
    for row in np.flatnonzero(bad_volume)[:20]:
        problems.add(
            msg("volume must be a number, 0 or more"),
            row=int(row) + 2,
            column="volume",
            value=fc.loc[row, "volume"],
            fix=msg("correct the forecast volume"),
        )
    bad_aht = (volume > 0) & ~(np.isfinite(aht) & (aht > 0))
    for row in np.flatnonzero(bad_aht)[:20]:
        problems.add(
            msg("aht_s must be a positive number where volume is positive"),
            row=int(row) + 2,
            column="aht_s",
            value=fc.loc[row, "aht_s"],
            fix=msg("correct the handle time"),
        )
    keys = list(zip(fc["channel"].astype(str), fc["vip_level"].astype(str), strict=True))
    unknown = sorted({k for k in keys if k not in index})
    for channel, level in unknown:
        problems.add(
            msg("queue {channel}/{level} has no target", channel=channel, level=level),
            column="channel",
            value=f"{channel}/{level}",
            fix=msg("add a [[queues]] entry for it to targets.toml or drop it from the forecast"),
        )
    problems.raise_if_any()

    row_interval = np.round(offset.to_numpy(float)).astype(np.int64)
    row_queue = np.array([index[k] for k in keys], dtype=np.int64)
    n_intervals = int(row_interval.max()) + 1
    dup = pd.Series(row_interval * len(queues) + row_queue).duplicated()
    if dup.any():
        for row in np.flatnonzero(dup.to_numpy())[:20]:
            problems.add(
                msg("duplicate interval_start, channel and vip_level"),
                row=int(row) + 2,
                column="interval_start",
                value=fc.loc[row, "interval_start"],
                fix=msg("keep one row per interval and queue"),
            )
        problems.raise_if_any()
    replay = None
    if arrivals is not None:
        replay = _replay_counts(
            arrivals, origin, interval, n_intervals, index, row_interval, row_queue
        )

    # Roster: work blocks on known queues, contiguous same-queue blocks merged.
    roster = roster.reset_index(drop=True)
    shift_of_row = _shift_ids(roster)
    work = roster[roster["activity"] == "work"]
    rprob = ProblemCollector("roster")
    wkeys = list(zip(work["channel"].astype(str), work["vip_level"].astype(str), strict=True))
    for channel, level in sorted({k for k in wkeys if k not in index}):
        rprob.add(
            msg(
                "work blocks on queue {channel}/{level}, which has no target",
                channel=channel,
                level=level,
            ),
            column="channel",
            value=f"{channel}/{level}",
            fix=msg("add the queue to targets.toml or correct the roster"),
        )
    horizon = (origin, origin + n_intervals * interval)
    if len(work) and (
        pd.to_datetime(work["end"]).max() <= horizon[0]
        or pd.to_datetime(work["start"]).min() >= horizon[1]
    ):
        first, last = pd.to_datetime(work["start"]).min(), pd.to_datetime(work["end"]).max()
        rprob.add(
            msg(
                "the roster works from {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M}, outside "
                "the forecast's {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}: "
                "nothing would be simulated",
                first=first,
                last=last,
                start=horizon[0],
                end=horizon[1],
            ),
            column="start",
            fix=msg("simulate the roster against the forecast of its own week"),
        )
    rprob.raise_if_any()
    agents = {a: i for i, a in enumerate(pd.unique(roster["agent_id"].astype(str)))}
    blocks = pd.DataFrame(
        {
            "agent": work["agent_id"].astype(str).map(agents).to_numpy(np.int64),
            "queue": np.array([index[k] for k in wkeys], dtype=np.int64),
            "start": (
                (pd.to_datetime(work["start"]) - origin) / pd.Timedelta(seconds=1)
            ).to_numpy(),
            "end": ((pd.to_datetime(work["end"]) - origin) / pd.Timedelta(seconds=1)).to_numpy(),
            "shift": shift_of_row[work.index],
        }
    ).sort_values(["agent", "start"], kind="stable")
    blocks = _merge_contiguous(blocks)
    interval_s = interval_minutes * 60.0
    block_queue = blocks["queue"].to_numpy(np.int64)
    block_start = blocks["start"].to_numpy(float)
    block_end = blocks["end"].to_numpy(float)
    edges = np.arange(n_intervals + 1) * interval_s
    horizon_end = max(n_intervals * interval_s, float(blocks["end"].max()) if len(blocks) else 0.0)

    eligible = []
    for q in queues:
        allowed = [index[q.key]]
        if config.overflow_to_lower_levels:
            mine = _priority_rank(q.vip_level, config.vip_priority)
            lower = [
                o
                for o in queues
                if o.channel == q.channel
                and o.key != q.key
                and o.min_tier <= q.min_tier
                and _priority_rank(o.vip_level, config.vip_priority) > mine
            ]
            allowed += [index[o.key] for o in lower]
        eligible.append(tuple(allowed))
    return _Prepared(
        origin=origin,
        interval_s=interval_s,
        n_intervals=n_intervals,
        queues=queues,
        row_interval=row_interval,
        row_queue=row_queue,
        row_volume=np.where(np.isfinite(volume), volume, 0.0),
        row_aht_s=np.where(np.isfinite(aht) & (aht > 0), aht, 1.0),
        replay_counts=replay,
        block_start_s=block_start,
        block_end_s=block_end,
        block_agent=blocks["agent"].to_numpy(np.int64),
        block_queue=block_queue,
        block_shift=blocks["shift"].to_numpy(np.int64),
        n_shifts=int(shift_of_row.max()) + 1 if len(shift_of_row) else 0,
        scheduled_s=_time_in_intervals(block_start, block_end, block_queue, len(queues), edges),
        n_agents=len(agents),
        eligible=tuple(eligible),
        capacity=tuple(q.concurrency for q in queues),
        horizon_end_s=horizon_end,
    )


def _shift_ids(roster: pd.DataFrame) -> np.ndarray:
    """Shift index per roster row: an agent's maximal run of touching rows (work, breaks).

    >>> t = pd.Timestamp("2026-11-23")
    >>> h = [pd.Timedelta(hours=k) for k in (8, 10, 11, 16, 32, 36)]
    >>> roster = pd.DataFrame({"agent_id": ["A", "A", "A", "B", "A"],
    ...     "start": [t + h[0], t + h[1], t + h[2], t + h[0], t + h[4]],
    ...     "end": [t + h[1], t + h[2], t + h[3], t + h[3], t + h[5]]})
    >>> _shift_ids(roster).tolist()
    [0, 0, 0, 2, 1]
    """
    if roster.empty:
        return np.zeros(0, dtype=np.int64)
    rows = pd.DataFrame(
        {
            "agent": roster["agent_id"].astype(str).to_numpy(),
            "start": pd.to_datetime(roster["start"]).to_numpy(),
            "end": pd.to_datetime(roster["end"]).to_numpy(),
        }
    ).sort_values(["agent", "start"], kind="stable")
    reach = rows.groupby("agent", sort=False)["end"].cummax().shift()
    new = (rows["agent"] != rows["agent"].shift()) | (rows["start"] > reach)
    ids = np.empty(len(rows), dtype=np.int64)
    ids[rows.index.to_numpy()] = new.cumsum().to_numpy() - 1
    return ids


def _merge_contiguous(blocks: pd.DataFrame) -> pd.DataFrame:
    if blocks.empty:
        return blocks
    same = (
        (blocks["agent"] == blocks["agent"].shift())
        & (blocks["queue"] == blocks["queue"].shift())
        & (blocks["start"] == blocks["end"].shift())
    )
    group = (~same).cumsum()
    return (
        blocks.groupby(group, sort=False)
        .agg(
            agent=("agent", "first"),
            queue=("queue", "first"),
            shift=("shift", "first"),
            start=("start", "first"),
            end=("end", "last"),
        )
        .reset_index(drop=True)
    )


def _replay_counts(
    arrivals: pd.DataFrame,
    origin: pd.Timestamp,
    interval: pd.Timedelta,
    n_intervals: int,
    index: dict[tuple[str, str], int],
    row_interval: np.ndarray,
    row_queue: np.ndarray,
) -> np.ndarray:
    """Counts per forecast row from a history frame (same grid as the forecast)."""
    _check_columns(arrivals, ("interval_start", "channel", "vip_level", "volume"), "history")
    problems = ProblemCollector("history")
    hist = arrivals.reset_index(drop=True)
    levels = hist["vip_level"].astype(str).replace("", "standard")
    keys = list(zip(hist["channel"].astype(str), levels, strict=True))
    offset = ((pd.to_datetime(hist["interval_start"]) - origin) / interval).to_numpy(float)
    volume = pd.to_numeric(hist["volume"], errors="coerce").to_numpy(float)
    lookup = {
        (int(i), int(q)): r for r, (i, q) in enumerate(zip(row_interval, row_queue, strict=True))
    }
    counts = np.zeros(len(row_interval), dtype=np.int64)
    for r, (key, off, vol) in enumerate(zip(keys, offset, volume, strict=True)):
        if not (np.isfinite(vol) and vol >= 0 and vol == math.floor(vol)):
            problems.add(
                msg("volume must be a whole number, 0 or more"),
                row=r + 2,
                column="volume",
                value=hist.loc[r, "volume"],
                fix=msg("correct the count"),
            )
            continue
        if key not in index:
            problems.add(
                msg("queue {channel}/{level} has no target", channel=key[0], level=key[1]),
                row=r + 2,
                column="channel",
                fix=msg("add it to targets.toml or drop the row"),
            )
            continue
        slot = (round(off), index[key])
        if off != round(off) or slot not in lookup:
            problems.add(
                msg("interval is not in the forecast horizon and grid"),
                row=r + 2,
                column="interval_start",
                value=hist.loc[r, "interval_start"],
                fix=msg(
                    "replay a history slice covering the forecast's intervals, with "
                    "a forecast row for every replayed interval and queue"
                ),
            )
            continue
        counts[lookup[slot]] += int(vol)
    problems.raise_if_any()
    return counts


# --------------------------------------------------------------------------- engine


@dataclass(frozen=True, kw_only=True)
class _EngineResult:
    """What one run of the event loop returns.

    ``start``: per contact the service start time (NaN: never served). ``served_by``: per
    contact the queue of the block the serving agent was on. ``overruns``: ``(from, to,
    queue, contacts)`` spans in which an agent handles that many contacts of ``queue`` while
    not free to take new ones on it (after the block ended, or at the start of a block of
    another queue). ``drains``: ``(from, to, queue)`` spans at the start of a block of
    ``queue`` in which the agent is still finishing another queue's contacts and so takes
    none of this queue's.
    """

    start: list[float]
    served_by: list[int]
    overruns: list[tuple[float, float, int, int]]
    drains: list[tuple[float, float, int]]


def _run_engine(
    arr_t: list[float],
    arr_q: list[int],
    hold: list[float],
    deadline: list[float],
    transitions: list[tuple[float, int, int, int]],
    n_agents: int,
    eligible: tuple[tuple[int, ...], ...],
    capacity: tuple[int, ...],
    overflow_reserve_agents: int = 0,
) -> _EngineResult:
    """Event loop: when each contact starts service, and the agents' overruns.

    ``transitions``: sorted ``(time, kind, agent, queue)`` with kind 0 = block end,
    1 = block start. Completions live in a heap; arrivals and transitions are merged from
    their sorted lists. Abandonment is lazy: a waiting contact whose deadline has passed is
    dropped when it reaches the head of its queue (it abandoned at its deadline).

    ``eligible[q]``: the queues an agent on a block of queue ``q`` serves, ``q`` first, then
    lower VIP levels (overflow). An agent takes overflow work only while at least
    ``overflow_reserve_agents`` other agents of its block queue stay free.

    The contacts an agent holds always belong to one block queue (``ag_active_queue``): a
    block of another queue waits until they are finished. From a block end until the agent
    is back on a block of that queue or has finished them, the agent overruns; the spans
    are logged per change of the number of contacts held.
    """
    n_queues = len(capacity)
    n = len(arr_t)
    nan = math.nan
    inf = math.inf
    start = [nan] * n
    served_by = [0] * n
    waiting: list[deque[int]] = [deque() for _ in range(n_queues)]
    # Agents on a block of queue q with a free slot, longest free first.
    free: list[dict[int, None]] = [{} for _ in range(n_queues)]
    sources: list[list[int]] = [[] for _ in range(n_queues)]  # blocks that overflow into q
    for q, allowed in enumerate(eligible):
        for q2 in allowed[1:]:
            sources[q2].append(q)
    overflow_from = [tuple(reversed(s)) for s in sources]  # nearest VIP level first
    reserve = overflow_reserve_agents
    ag_queue = [-1] * n_agents  # current block's queue, -1 off block
    ag_active = [0] * n_agents
    ag_cap = [0] * n_agents
    ag_active_queue = [-1] * n_agents  # block queue the contacts in service were taken on
    ag_draining = [False] * n_agents
    ag_pooled = [False] * n_agents
    ag_overrun_since = [nan] * n_agents  # start of the current overrun span
    ag_drain_since = [nan] * n_agents  # start of the block being drained into
    overruns: list[tuple[float, float, int, int]] = []
    drains: list[tuple[float, float, int]] = []
    heap: list[tuple[float, int, int]] = []
    push = heapq.heappush
    pop = heapq.heappop

    def add_to_pools(a: int, q: int) -> None:
        free[q][a] = None
        ag_pooled[a] = True

    def remove_from_pools(a: int, q: int) -> None:
        del free[q][a]
        ag_pooled[a] = False

    def pull(a: int, q: int, now: float) -> int:
        """Fill the agent's free capacity from waiting contacts, VIP queues first."""
        act = ag_active[a]
        cap = ag_cap[a]
        for q2 in eligible[q]:
            if q2 != q and len(free[q]) < reserve:
                break
            dq = waiting[q2]
            while dq and act < cap:
                c = dq.popleft()
                if deadline[c] <= now:
                    continue
                start[c] = now
                served_by[c] = q
                act += 1
                push(heap, (now + hold[c], c, a))
            if act >= cap:
                break
        ag_active[a] = act
        if act:
            ag_active_queue[a] = q
        return act

    i = 0
    j = 0
    n_tr = len(transitions)
    t_arr = arr_t[0] if n else inf
    t_tr = transitions[0][0] if n_tr else inf
    while i < n or j < n_tr or heap:
        t_next = t_arr if t_arr < t_tr else t_tr
        # Completions up to the next arrival/transition (completions first on ties).
        while heap and heap[0][0] <= t_next:
            now, c, a = pop(heap)
            act = ag_active[a] - 1
            ag_active[a] = act
            q = ag_queue[a]
            if q < 0:
                overruns.append((ag_overrun_since[a], now, ag_active_queue[a], act + 1))
                ag_overrun_since[a] = now
                continue
            if ag_draining[a]:
                overruns.append((ag_overrun_since[a], now, ag_active_queue[a], act + 1))
                ag_overrun_since[a] = now
                if act == 0:
                    drains.append((ag_drain_since[a], now, q))
                    ag_draining[a] = False
                    if pull(a, q, now) < ag_cap[a]:
                        add_to_pools(a, q)
                continue
            if not ag_pooled[a] and pull(a, q, now) < ag_cap[a]:
                add_to_pools(a, q)
        if t_next == inf:
            break
        if t_tr <= t_arr:
            now, kind, a, q = transitions[j]
            j += 1
            t_tr = transitions[j][0] if j < n_tr else inf
            if kind == 0:
                if ag_pooled[a]:
                    remove_from_pools(a, ag_queue[a])
                if ag_draining[a]:
                    drains.append((ag_drain_since[a], now, ag_queue[a]))
                elif ag_active[a]:
                    ag_overrun_since[a] = now
                ag_queue[a] = -1
                ag_draining[a] = False
            else:
                ag_queue[a] = q
                ag_cap[a] = capacity[q]
                if ag_active[a] and ag_active_queue[a] != q:
                    ag_draining[a] = True
                    ag_drain_since[a] = now
                else:
                    if ag_active[a]:  # back on a block of the queue of the contacts held
                        overruns.append((ag_overrun_since[a], now, q, ag_active[a]))
                    if pull(a, q, now) < ag_cap[a]:
                        add_to_pools(a, q)
        else:
            c = i
            now = t_arr
            i += 1
            t_arr = arr_t[i] if i < n else inf
            q = arr_q[c]
            pool = free[q]
            if not pool:
                for bq in overflow_from[q]:
                    if len(free[bq]) > reserve:
                        pool = free[bq]
                        break
            if pool:
                a = next(iter(pool))
                bq = ag_queue[a]
                start[c] = now
                served_by[c] = bq
                act = ag_active[a] + 1
                ag_active[a] = act
                ag_active_queue[a] = bq
                if act >= ag_cap[a]:
                    remove_from_pools(a, bq)
                push(heap, (now + hold[c], c, a))
            else:
                waiting[q].append(c)
    return _EngineResult(start=start, served_by=served_by, overruns=overruns, drains=drains)


# --------------------------------------------------------------------------- one replication


@dataclass(frozen=True, kw_only=True)
class _Replication:
    """Counts of one replication, arrays of shape (n_intervals, n_queues)."""

    offered: np.ndarray
    answered: np.ndarray
    answered_within: np.ndarray
    abandoned: np.ndarray
    abandoned_within: np.ndarray
    abandoned_short: np.ndarray
    open_at_end: np.ndarray
    wait_sum_s: np.ndarray
    busy_s: np.ndarray
    staffed_s: np.ndarray  # seconds on work blocks after absence
    logged_in_s: np.ndarray  # slot-seconds free for or handling the queue's contacts
    backlog: np.ndarray
    kpi_30s: tuple[int, int]  # (answered within 30 s, sessions) in the JD window
    kpi_3min: tuple[int, int]  # (answered within 180 s, sessions) in the Taobao window
    n_chat_sessions: int
    seconds: float


def _draw_handle_times(
    rng: np.random.Generator, aht: np.ndarray, config: SimulationConfig
) -> np.ndarray:
    if config.handle_time_distribution == "exponential":
        return rng.exponential(aht)
    sigma2 = math.log1p(config.handle_time_cv**2)
    mu = np.log(aht) - sigma2 / 2.0
    return rng.lognormal(mu, math.sqrt(sigma2))


@dataclass(frozen=True, kw_only=True)
class _Blocks:
    """Work blocks of one replication (after absence), sorted by agent and start."""

    start_s: np.ndarray
    end_s: np.ndarray
    agent: np.ndarray
    queue: np.ndarray


def _present_blocks(
    prep: _Prepared, rate: float, shift_share: float, rng: np.random.Generator
) -> _Blocks:
    """The roster's work blocks minus this replication's absence (module docstring).

    Whole shifts are missed with probability ``rate * shift_share``; the remaining blocks are
    cut at the interval edges and each piece is lost with the probability that brings the
    expected lost share of work time to ``rate``. No random draw is made when ``rate`` is 0.
    """
    blocks = _Blocks(
        start_s=prep.block_start_s,
        end_s=prep.block_end_s,
        agent=prep.block_agent,
        queue=prep.block_queue,
    )
    if rate == 0 or len(blocks.start_s) == 0:
        return blocks
    p_shift = rate * shift_share
    p_piece = rate * (1.0 - shift_share) / (1.0 - p_shift)
    missed = rng.random(prep.n_shifts) < p_shift
    keep = ~missed[prep.block_shift]
    start, end = blocks.start_s[keep], blocks.end_s[keep]
    agent, queue = blocks.agent[keep], blocks.queue[keep]
    if p_piece == 0 or len(start) == 0:
        return _Blocks(start_s=start, end_s=end, agent=agent, queue=queue)
    L = prep.interval_s
    first = np.floor(start / L).astype(np.int64)
    n_pieces = np.maximum(np.ceil(end / L).astype(np.int64) - first, 1)
    block = np.repeat(np.arange(len(start)), n_pieces)
    k = first[block] + (np.arange(len(block)) - np.repeat(np.cumsum(n_pieces) - n_pieces, n_pieces))
    piece_start = np.maximum(start[block], k * L)
    piece_end = np.minimum(end[block], (k + 1) * L)
    kept = rng.random(len(block)) >= p_piece
    block, piece_start, piece_end = block[kept], piece_start[kept], piece_end[kept]
    if len(block) == 0:
        return _Blocks(start_s=piece_start, end_s=piece_end, agent=agent[:0], queue=queue[:0])
    # Pieces of one block that still touch form one block again.
    new = np.r_[True, (block[1:] != block[:-1]) | (piece_start[1:] != piece_end[:-1])]
    heads = np.flatnonzero(new)
    tails = np.r_[heads[1:], len(block)] - 1
    return _Blocks(
        start_s=piece_start[heads],
        end_s=piece_end[tails],
        agent=agent[block[heads]],
        queue=queue[block[heads]],
    )


def _time_in_intervals(
    starts: np.ndarray,
    ends: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    edges: np.ndarray,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Seconds of the spans [start, end) inside each interval, per group (times ``weights``).

    Uses G(T) = sum(w * max(T - s, 0)) - sum(w * max(T - e, 0)), evaluated at the interval
    edges with sorted starts/ends and prefix sums (no loop over spans).

    >>> _time_in_intervals(np.array([100.0, 800.0]), np.array([1000.0, 1200.0]),
    ...     np.array([0, 0]), 1, np.array([0.0, 900.0, 1800.0]), np.array([1.0, 3.0])).ravel()
    array([1100., 1000.])
    """
    out = np.zeros((len(edges) - 1, n_groups))
    for g in range(n_groups):
        mask = groups == g
        if not mask.any():
            continue
        w = np.ones(int(mask.sum())) if weights is None else weights[mask]
        by_start = np.argsort(starts[mask], kind="stable")
        by_end = np.argsort(ends[mask], kind="stable")
        s, ws = starts[mask][by_start], w[by_start]
        e, we = ends[mask][by_end], w[by_end]
        cs = np.concatenate([[0.0], np.cumsum(ws * s)])
        ce = np.concatenate([[0.0], np.cumsum(we * e)])
        cws = np.concatenate([[0.0], np.cumsum(ws)])
        cwe = np.concatenate([[0.0], np.cumsum(we)])
        ks = np.searchsorted(s, edges, side="right")
        ke = np.searchsorted(e, edges, side="right")
        integral = cws[ks] * edges - cs[ks] - (cwe[ke] * edges - ce[ke])
        out[:, g] = np.diff(integral)
    return out


def _logged_in_slot_time(
    staffed_s: np.ndarray,
    capacity: Sequence[int],
    overruns: list[tuple[float, float, int, int]],
    drains: list[tuple[float, float, int]],
    edges: np.ndarray,
) -> np.ndarray:
    """Slot-seconds per interval and queue in which agents are free for or handling its
    contacts: the staffed block time (times the queue's concurrency), less the block time
    an agent spends finishing another queue's contacts, plus the overrun handling this
    queue's contacts after the block ended. Busy time never exceeds it.
    """
    n_q = staffed_s.shape[1]
    cap = np.asarray(capacity, float)
    out = staffed_s * cap[None, :]
    if overruns:
        o = np.array(overruns, float)
        out = out + _time_in_intervals(
            o[:, 0], o[:, 1], o[:, 2].astype(np.int64), n_q, edges, o[:, 3]
        )
    if drains:
        d = np.array(drains, float)
        q = d[:, 2].astype(np.int64)
        out = out - _time_in_intervals(d[:, 0], d[:, 1], q, n_q, edges, cap[q])
    return out


def _count_until(
    times: np.ndarray, groups: np.ndarray, n_groups: int, edges: np.ndarray
) -> np.ndarray:
    """Number of events at or before each edge, per group: shape (len(edges), n_groups)."""
    out = np.zeros((len(edges), n_groups), dtype=np.int64)
    for g in range(n_groups):
        t = np.sort(times[groups == g])
        out[:, g] = np.searchsorted(t, edges, side="right")
    return out


def _simulate_once(
    prep: _Prepared, config: SimulationConfig, absence_rate: float, rng: np.random.Generator
) -> _Replication:
    clock = time.perf_counter()
    n_q = len(prep.queues)
    n_iv = prep.n_intervals
    L = prep.interval_s
    replay = prep.replay_counts
    counts = replay if replay is not None else rng.poisson(prep.row_volume)
    rows = np.repeat(np.arange(len(counts)), counts)
    q_of = prep.row_queue[rows]
    iv_of = prep.row_interval[rows]
    arrival = (iv_of + rng.random(len(rows))) * L
    hold = _draw_handle_times(rng, prep.row_aht_s[rows], config)
    patience_by_queue = np.array([q.patience_s or math.inf for q in prep.queues])
    patience = rng.exponential(1.0, len(rows)) * patience_by_queue[q_of]
    order = np.argsort(arrival, kind="stable")
    arrival, q_of, iv_of, hold, patience = (
        arrival[order],
        q_of[order],
        iv_of[order],
        hold[order],
        patience[order],
    )
    deadline = arrival + patience
    # Absence is drawn after the contacts, so every absence rate sees the same contacts.
    blocks = _present_blocks(prep, absence_rate, config.absence_shift_share, rng)

    transitions = sorted(
        [
            (float(t), 1, int(a), int(q))
            for t, a, q in zip(blocks.start_s, blocks.agent, blocks.queue, strict=True)
        ]
        + [
            (float(t), 0, int(a), int(q))
            for t, a, q in zip(blocks.end_s, blocks.agent, blocks.queue, strict=True)
        ]
    )
    engine = _run_engine(
        arrival.tolist(),
        q_of.tolist(),
        hold.tolist(),
        deadline.tolist(),
        transitions,
        prep.n_agents,
        prep.eligible,
        prep.capacity,
        config.overflow_reserve_agents,
    )
    start = np.array(engine.start)
    served_by = np.array(engine.served_by, dtype=np.int64)
    served = ~np.isnan(start)
    wait = np.where(served, start - arrival, 0.0)
    abandoned = ~served & (deadline <= prep.horizon_end_s)
    open_end = ~served & ~abandoned
    within = np.array([q.answer_within_s for q in prep.queues])[q_of]
    cell = iv_of * n_q + q_of
    size = n_iv * n_q

    def count(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        w = None if weights is None else weights[mask]
        return np.bincount(cell[mask], weights=w, minlength=size).reshape(n_iv, n_q)

    edges = np.arange(n_iv + 1) * L
    busy = _time_in_intervals(
        start[served], start[served] + hold[served], served_by[served], n_q, edges
    )
    staffed = (
        prep.scheduled_s
        if blocks.start_s is prep.block_start_s
        else _time_in_intervals(blocks.start_s, blocks.end_s, blocks.queue, n_q, edges)
    )
    logged_in = _logged_in_slot_time(staffed, prep.capacity, engine.overruns, engine.drains, edges)
    arrived_by = _count_until(arrival, q_of, n_q, edges[1:])
    started_by = _count_until(start[served], q_of[served], n_q, edges[1:])
    abandoned_by = _count_until(deadline[abandoned], q_of[abandoned], n_q, edges[1:])

    kpi_queue = np.array([q.channel in config.kpi_channels for q in prep.queues])[q_of]
    hour = ((prep.origin.hour * 3600 + prep.origin.minute * 60 + arrival) % 86400) / 3600
    jd = kpi_queue & (hour >= JD_WINDOW_HOURS[0]) & (hour < JD_WINDOW_HOURS[1]) & ~open_end
    tb = kpi_queue & (hour >= TAOBAO_WINDOW_HOURS[0]) & (hour < TAOBAO_WINDOW_HOURS[1]) & ~open_end
    return _Replication(
        offered=count(np.ones(len(rows), bool)),
        answered=count(served),
        answered_within=count(served & (wait <= within)),
        abandoned=count(abandoned),
        abandoned_within=count(abandoned & (patience <= within)),
        abandoned_short=count(abandoned & (patience <= config.short_abandon_s)),
        open_at_end=count(open_end),
        # ASA as in the requirements: the mean wait of all who left the queue, abandoners
        # (who waited their patience) included.
        wait_sum_s=count(served, wait) + count(abandoned, patience),
        busy_s=busy,
        staffed_s=staffed,
        logged_in_s=logged_in,
        backlog=arrived_by - started_by - abandoned_by,
        kpi_30s=(int((jd & served & (wait <= 30)).sum()), int(jd.sum())),
        kpi_3min=(int((tb & served & (wait <= 180)).sum()), int(tb.sum())),
        n_chat_sessions=int(kpi_queue.sum()),
        seconds=time.perf_counter() - clock,
    )


# --------------------------------------------------------------------------- aggregation


def _service_level(
    definition: str,
    answered_within: Any,
    answered: Any,
    abandoned: Any,
    abandoned_within: Any,
    abandoned_short: Any,
) -> tuple[Any, Any]:
    """Numerator and denominator of the configured service-level definition.

    >>> _service_level("answered_or_abandoned_within_over_offered", 860, 1000, 60, 20, 10)
    (880, 1060)
    >>> num, den = _service_level(
    ...     "short_abandons_excluded", 860, 1000, 60, 20, 10)
    >>> round(num / den, 3)  # 860 / (1060 - 10); REFERENCE.md's 82.1% does not follow
    0.819
    """
    if definition == "answered_within_over_offered":
        return answered_within, answered + abandoned
    if definition == "answered_within_over_answered":
        return answered_within, answered
    if definition == "answered_or_abandoned_within_over_offered":
        return answered_within + abandoned_within, answered + abandoned
    if definition == "answered_within_over_answered_and_late_abandons":
        return answered_within, answered + abandoned - abandoned_within
    if definition == "short_abandons_excluded":
        return answered_within, answered + abandoned - abandoned_short
    raise parameter_error(
        "simulate",
        "service_level_definition",
        f"must be one of {', '.join(SERVICE_LEVEL_DEFINITIONS)}",
        definition,
    )


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num = np.asarray(num, float)
    den = np.asarray(den, float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _occupancy(busy_s: np.ndarray, logged_in_s: np.ndarray) -> np.ndarray:
    """Busy over logged-in time. Busy time never exceeds logged-in time; summing a week of
    spans by prefix sums can leave it a few microseconds above, which the cap removes.

    >>> _occupancy(np.array([900.0000001, 0.0, 450.0]), np.array([900.0, 0.0, 900.0]))
    array([1. , nan, 0.5])
    """
    return np.minimum(_ratio(busy_s, logged_in_s), 1.0)


def _t95(dof: int) -> float:
    if dof not in _T95_CACHE:
        _T95_CACHE[dof] = float(stats.t.ppf(0.975, dof))
    return _T95_CACHE[dof]


def _half_width(values: np.ndarray, axis: int = 0) -> np.ndarray:
    """95% half-width across replications (axis 0), ignoring NaN; NaN with < 2 values."""
    values = np.asarray(values, float)
    k = np.sum(np.isfinite(values), axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(values, axis=axis) / np.where(k > 0, k, 1)
        dev = np.where(np.isfinite(values), values - mean, 0.0)
        var = np.sum(dev**2, axis=axis) / np.where(k > 1, k - 1, 1)
        t = np.vectorize(lambda d: _t95(int(d)) if d >= 1 else np.nan, otypes=[float])(k - 1)
        out = t * np.sqrt(var / np.where(k > 0, k, 1))
    return np.where(k >= 2, out, np.nan)


def _aggregate(
    prep: _Prepared,
    reps: list[_Replication],
    definition: str,
    config: SimulationConfig,
    absence_rate: float,
) -> SimulationResult:
    R = len(reps)
    n_iv, n_q = prep.n_intervals, len(prep.queues)

    def stack(name: str) -> np.ndarray:
        return np.stack([getattr(r, name) for r in reps]).astype(float)

    offered, answered = stack("offered"), stack("answered")
    within, abandoned = stack("answered_within"), stack("abandoned")
    ab_within, ab_short = stack("abandoned_within"), stack("abandoned_short")
    open_end, wait_sum = stack("open_at_end"), stack("wait_sum_s")
    busy, backlog = stack("busy_s"), stack("backlog")

    staffed_s = stack("staffed_s").mean(0)
    scheduled_s = prep.scheduled_s
    logged_in_s = stack("logged_in_s").mean(0)

    num, den = _service_level(definition, within, answered, abandoned, ab_within, ab_short)
    sl_pooled = _ratio(num.sum(0), den.sum(0))
    sl_ci = _half_width(_ratio(num, den))
    grid = prep.origin + pd.to_timedelta(np.arange(n_iv) * prep.interval_s, unit="s")
    channels = np.array([q.channel for q in prep.queues], dtype=object)
    levels = np.array([q.vip_level for q in prep.queues], dtype=object)
    intervals = pd.DataFrame(
        {
            "interval_start": np.repeat(grid.to_numpy(), n_q),
            "channel": np.tile(channels, n_iv),
            "vip_level": np.tile(levels, n_iv),
            "offered": offered.mean(0).ravel(),
            "answered": answered.mean(0).ravel(),
            "abandoned": abandoned.mean(0).ravel(),
            "answered_within": within.mean(0).ravel(),
            "service_level": sl_pooled.ravel(),
            "service_level_ci95": sl_ci.ravel(),
            "asa_s": _ratio(wait_sum.sum(0), (answered + abandoned).sum(0)).ravel(),
            "abandon_rate": _ratio(abandoned.sum(0), (answered + abandoned).sum(0)).ravel(),
            "occupancy": _occupancy(busy.mean(0), logged_in_s).ravel(),
            "scheduled_agents": (scheduled_s / prep.interval_s).ravel(),
            "staffed_agents": (staffed_s / prep.interval_s).ravel(),
            "backlog": backlog.mean(0).ravel(),
        }
    )

    # Week totals per replication, then mean and CI across replications.
    tot = {
        name: arr.sum(1)
        for name, arr in (
            ("offered", offered),
            ("answered", answered),
            ("within", within),
            ("abandoned", abandoned),
            ("ab_within", ab_within),
            ("ab_short", ab_short),
            ("open", open_end),
            ("wait", wait_sum),
            ("busy", busy),
        )
    }
    t_num, t_den = _service_level(
        definition,
        tot["within"],
        tot["answered"],
        tot["abandoned"],
        tot["ab_within"],
        tot["ab_short"],
    )
    rep_sl = _ratio(t_num, t_den)
    rep_asa = _ratio(tot["wait"], tot["answered"] + tot["abandoned"])
    rep_ab = _ratio(tot["abandoned"], tot["answered"] + tot["abandoned"])
    sl_mean = _ratio(t_num.sum(0), t_den.sum(0))
    targets_sl = np.array([q.service_level for q in prep.queues])
    totals = pd.DataFrame(
        {
            "channel": channels,
            "vip_level": levels,
            "model": [q.model for q in prep.queues],
            "target_service_level": targets_sl,
            "offered": tot["offered"].mean(0),
            "answered": tot["answered"].mean(0),
            "abandoned": tot["abandoned"].mean(0),
            "open_at_end": tot["open"].mean(0),
            "service_level": sl_mean,
            "service_level_ci95": _half_width(rep_sl),
            "asa_s": _ratio(tot["wait"].sum(0), (tot["answered"] + tot["abandoned"]).sum(0)),
            "asa_s_ci95": _half_width(rep_asa),
            "abandon_rate": _ratio(
                tot["abandoned"].sum(0), (tot["answered"] + tot["abandoned"]).sum(0)
            ),
            "abandon_rate_ci95": _half_width(rep_ab),
            "occupancy": _occupancy(tot["busy"].mean(0), logged_in_s.sum(0)),
            "max_backlog": backlog.max(axis=(0, 1)),
            "scheduled_agent_h": scheduled_s.sum(0) / 3600.0,
            "staffed_agent_h": staffed_s.sum(0) / 3600.0,
        }
    )
    totals["meets_target"] = (totals["service_level"] >= totals["target_service_level"]) | (
        totals["offered"] == 0
    )
    replication_totals = pd.DataFrame(
        {
            "replication": np.repeat(np.arange(R), n_q),
            "channel": np.tile(channels, R),
            "vip_level": np.tile(levels, R),
            "offered": tot["offered"].ravel(),
            "answered": tot["answered"].ravel(),
            "abandoned": tot["abandoned"].ravel(),
            "service_level": rep_sl.ravel(),
            "asa_s": rep_asa.ravel(),
            "abandon_rate": rep_ab.ravel(),
        }
    )

    def kpi(pairs: list[tuple[int, int]]) -> tuple[float | None, float | None]:
        hits = np.array([p[0] for p in pairs], float)
        n = np.array([p[1] for p in pairs], float)
        if n.sum() == 0:
            return None, None
        ci = float(_half_width(_ratio(hits, n)[:, None])[0])
        return float(hits.sum() / n.sum()), (ci if np.isfinite(ci) else None)

    k30, k30_ci = kpi([r.kpi_30s for r in reps])
    k3m, k3m_ci = kpi([r.kpi_3min for r in reps])
    kpis = PlatformKpis(
        chat_first_response_30s=k30,
        chat_first_response_30s_ci95=k30_ci,
        chat_response_3min=k3m,
        chat_response_3min_ci95=k3m_ci,
        n_chat_sessions=float(np.mean([r.n_chat_sessions for r in reps])),
    )
    return SimulationResult(
        intervals=intervals,
        totals=totals,
        replication_totals=replication_totals,
        kpis=kpis,
        config=config,
        service_level_definition=definition,
        interval_minutes=int(prep.interval_s // 60),
        absence_rate=absence_rate,
        seconds_per_replication=tuple(r.seconds for r in reps),
    )


# --------------------------------------------------------------------------- public API


def simulate(
    roster: pd.DataFrame,
    forecast: pd.DataFrame,
    targets: Any,
    *,
    config: SimulationConfig | None = None,
    arrivals: pd.DataFrame | None = None,
) -> SimulationResult:
    """Simulate ``roster`` against ``forecast`` and report the service delivered.

    ``roster``: roster.csv columns (``staffing.roster.io.read_roster``). ``forecast``:
    forecast.csv columns (``interval_start, channel, vip_level, volume, aht_s``); its grid is
    the simulated horizon. ``targets``: ``SimTargets`` or the typed targets of
    ``staffing.targets.read_targets``. ``arrivals``: optionally a history frame
    (``interval_start, channel, vip_level, volume``) on the forecast's grid whose counts are
    replayed instead of Poisson draws (the arrival times inside each interval, handle times
    and patience stay random). Absence: ``config.absence_rate``, or the targets' ``shrinkage``
    when it is None (:attr:`SimulationResult.absence_rate` says which rate was applied).
    """
    config = config or SimulationConfig()
    sim_targets = SimTargets.from_targets(targets)
    absence = sim_targets.shrinkage if config.absence_rate is None else config.absence_rate
    prep = _prepare(roster, forecast, sim_targets, config, arrivals)
    seeds = np.random.SeedSequence(config.seed).spawn(config.replications)
    reps = [_simulate_once(prep, config, absence, np.random.default_rng(s)) for s in seeds]
    return _aggregate(prep, reps, sim_targets.service_level_definition, config, absence)
