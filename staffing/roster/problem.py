"""The roster problem: one planning week on the interval grid, as labelled numpy arrays.

Index conventions used by every stage:

- ``t``: interval index from the week's first midnight (``0 .. n_week_intervals - 1`` are
  the planned week; shifts may run past its end, up to ``n_horizon_intervals``);
- ``q``: queue index into ``queues`` (one (channel, vip_level) pair of the requirements);
- ``a``: agent index into ``agents``; ``d``: day 0..6;
- ``s``: shift pattern index into ``patterns`` (a start and a length, the same every day).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import numpy as np
import pandas as pd

from staffing.agents import (
    EARLY_START_BEFORE_MINUTES,
    PREFERENCES,
    Agent,
    empty_preferences,
    empty_time_off,
    leave_days,
    read_agents,
    read_pins,
    read_preferences,
    read_time_off,
)
from staffing.errors import ProblemCollector, StaffingInputError
from staffing.i18n import msg
from staffing.rules import MINUTES_PER_DAY, Rules, read_rules

N_DAYS = 7


def check_previous(
    previous: pd.DataFrame, week_start: pd.Timestamp, problems: ProblemCollector
) -> None:
    """The previous roster must end before the planning week starts."""
    late = pd.to_datetime(previous["date"]) >= week_start
    if late.any():
        first = pd.Timestamp(previous["date"][late].iloc[0])
        problems.add(
            msg(
                "{n} rows are dated on or after the planning week's first day "
                "{week_start:%Y-%m-%d} (first: {first:%Y-%m-%d})",
                n=int(late.sum()),
                week_start=week_start,
                first=first,
            ),
            file="previous roster",
            fix=msg("give the roster of the week before the planning week"),
        )


def check_published(
    published: pd.DataFrame, week_start: pd.Timestamp, problems: ProblemCollector
) -> None:
    """The published roster being re-planned must be the planning week's."""
    dates = pd.to_datetime(published["date"])
    outside = (dates < week_start) | (dates >= week_start + pd.Timedelta(days=N_DAYS))
    if outside.any():
        first = pd.Timestamp(dates[outside].iloc[0])
        problems.add(
            msg(
                "{n} rows are dated outside the planning week {week_start:%Y-%m-%d} to "
                "{week_end:%Y-%m-%d} (first: {first:%Y-%m-%d})",
                n=int(outside.sum()),
                week_start=week_start,
                week_end=week_start + pd.Timedelta(days=N_DAYS - 1),
                first=first,
            ),
            file="published roster",
            fix=msg(
                "give the planning week's roster as published (the week before is the "
                "previous roster)"
            ),
        )


@dataclass(frozen=True, kw_only=True)
class Queue:
    channel: str
    vip_level: str
    min_tier: int

    @property
    def label(self) -> str:
        return f"{self.channel}/{self.vip_level}"


@dataclass(frozen=True, kw_only=True)
class Pattern:
    """A shift shape: start (intervals after midnight) and span (intervals, breaks included)."""

    start: int
    length: int


@dataclass(frozen=True, kw_only=True)
class Pin:
    """A shift the planner fixed: this agent works exactly start..end (local times)."""

    agent_id: str
    start: pd.Timestamp
    end: pd.Timestamp


def pins_of(shifts: pd.DataFrame) -> tuple[Pin, ...]:
    """A pin per row of ``agent_id, start, end`` (a pins file, or shifts a planner ticked)."""
    return tuple(
        Pin(agent_id=str(a), start=pd.Timestamp(start), end=pd.Timestamp(end))
        for a, start, end in zip(shifts["agent_id"], shifts["start"], shifts["end"], strict=True)
    )


@dataclass(frozen=True, kw_only=True)
class RosterProblem:
    """Everything one roster solve needs; build it with :meth:`from_frames` or :meth:`from_files`.

    ``published`` is an earlier roster (roster.csv frame) to keep as much as possible;
    ``pins`` are shifts that must appear exactly as given; ``preferences`` (preferences.csv
    frame) are the days agents would like off, or with an early or a late shift.
    ``previous`` is the roster of the week before (roster.csv frame): the rest after each
    agent's last shift in it and the working days in a row it ends with carry into this week
    (``min_rest_h``, ``max_consecutive_days``); its agents not in ``agents`` are not counted.
    """

    requirements: pd.DataFrame
    agents: tuple[Agent, ...]
    rules: Rules
    time_off: pd.DataFrame = field(default_factory=empty_time_off)
    preferences: pd.DataFrame = field(default_factory=empty_preferences)
    published: pd.DataFrame | None = None
    pins: tuple[Pin, ...] = ()
    previous: pd.DataFrame | None = None

    @classmethod
    def from_files(
        cls,
        requirements: str | os.PathLike[str],
        agents: str | os.PathLike[str],
        rules: str | os.PathLike[str],
        time_off: str | os.PathLike[str] | None = None,
        preferences: str | os.PathLike[str] | None = None,
        previous: str | os.PathLike[str] | None = None,
        published: str | os.PathLike[str] | None = None,
        pins: str | os.PathLike[str] | None = None,
    ) -> RosterProblem:
        """Read and check the input files (every problem of every file at once). Re-planning:
        ``published`` is the week's roster as published (kept as much as possible), ``pins``
        a file of shifts kept exactly (``agent_id, start, end``)."""
        from staffing.requirements import read_requirements
        from staffing.roster.io import read_roster

        problems = ProblemCollector()
        parsed_rules = _collect(problems, lambda: read_rules(rules))
        parsed_requirements = _collect(problems, lambda: read_requirements(requirements))
        parsed_agents = _collect(
            problems,
            # skills on channels this week does not need are kept, not refused
            lambda: read_agents(agents, rules=parsed_rules),
        )
        ids = None if parsed_agents is None else [a.agent_id for a in parsed_agents]
        parsed_time_off = (
            empty_time_off()
            if time_off is None
            else _collect(problems, lambda: read_time_off(time_off, agent_ids=ids))
        )
        parsed_preferences = (
            empty_preferences()
            if preferences is None
            else _collect(problems, lambda: read_preferences(preferences, agent_ids=ids))
        )
        parsed_previous = None
        if previous is not None:
            parsed_previous = _collect(problems, lambda: read_roster(previous))
        parsed_published = None
        if published is not None:
            parsed_published = _collect(problems, lambda: read_roster(published))
        parsed_pins = None
        if pins is not None:
            parsed_pins = _collect(problems, lambda: read_pins(pins, agent_ids=ids))
        problems.raise_if_any()
        # a reader returns None only with a problem, raised above
        assert parsed_requirements is not None and parsed_agents is not None
        assert parsed_rules is not None and parsed_time_off is not None
        assert parsed_preferences is not None
        return cls.from_frames(
            requirements=parsed_requirements,
            agents=parsed_agents,
            rules=parsed_rules,
            time_off=parsed_time_off,
            preferences=parsed_preferences,
            previous=parsed_previous,
            published=parsed_published,
            pins=() if parsed_pins is None else pins_of(parsed_pins),
        )

    @classmethod
    def from_frames(
        cls,
        *,
        requirements: pd.DataFrame,
        agents: Sequence[Agent],
        rules: Rules,
        time_off: pd.DataFrame | None = None,
        published: pd.DataFrame | None = None,
        pins: Sequence[Pin] = (),
        preferences: pd.DataFrame | None = None,
        previous: pd.DataFrame | None = None,
    ) -> RosterProblem:
        """Check that the pieces fit together (one week on the rules' grid, known agents)."""
        from staffing.roster.io import validate_roster

        if previous is not None:
            previous = validate_roster(previous, name="previous roster")
        problem = cls(
            requirements=requirements.copy(),
            agents=tuple(agents),
            rules=rules,
            time_off=empty_time_off() if time_off is None else time_off.copy(),
            preferences=empty_preferences() if preferences is None else preferences.copy(),
            published=None if published is None else published.copy(),
            pins=tuple(pins),
            previous=previous,
        )
        problem.check()
        return problem

    def check(self) -> None:
        problems = ProblemCollector("requirements")
        frame = self.requirements
        needed = {"interval_start", "channel", "vip_level", "required_agents"}
        missing = needed - set(frame.columns)
        if missing:
            problems.add(
                msg("missing columns {columns}", columns=sorted(missing)),
                fix=msg("use read_requirements"),
            )
            problems.raise_if_any()
        if frame.empty:
            problems.add(
                msg("no requirement rows"), fix=msg("give at least one interval and queue")
            )
            problems.raise_if_any()
        if not self.agents:
            raise StaffingInputError(msg("agents.csv lists no agents; add at least one agent"))
        times = pd.to_datetime(frame["interval_start"])
        minutes = times.dt.hour * 60 + times.dt.minute
        off_grid = (minutes % self.rules.interval_minutes != 0) | (times.dt.second != 0)
        if off_grid.any():
            problems.add(
                msg(
                    "{n} interval starts are not on the {minutes}-minute grid of rules.toml "
                    "(first: {first})",
                    n=int(off_grid.sum()),
                    minutes=self.rules.interval_minutes,
                    first=times[off_grid].iloc[0],
                ),
                fix=msg("make interval_minutes in rules.toml match the requirements' interval"),
            )
        span = times.max() - self.week_start
        if span >= pd.Timedelta(days=N_DAYS):
            problems.add(
                msg(
                    "requirements span {first} to {last}: more than one week",
                    first=times.min(),
                    last=times.max(),
                ),
                fix=msg("roster one week at a time (7 days from the first day's midnight)"),
            )
        if frame.duplicated(["interval_start", "channel", "vip_level"]).any():
            problems.add(
                msg("duplicate (interval_start, channel, vip_level) rows"),
                fix=msg("keep one row per interval and queue"),
            )
        ids = [a.agent_id for a in self.agents]
        if len(set(ids)) != len(ids):
            problems.add(
                msg("duplicate agent ids"), file="agents", fix=msg("give every agent its own id")
            )
        for what, frame_ in (("time off", self.time_off), ("preferences", self.preferences)):
            unknown = sorted(set(frame_["agent_id"]) - set(ids))
            if unknown:
                if what == "time off":
                    message = msg("time off for unknown agents {agents}", agents=unknown[:5])
                else:
                    message = msg("preferences for unknown agents {agents}", agents=unknown[:5])
                problems.add(
                    message,
                    file=what.replace(" ", "_"),
                    fix=msg("use agent ids from agents.csv"),
                )
        kinds = sorted(set(self.preferences["preference"]) - set(PREFERENCES))
        if kinds:
            problems.add(
                msg("unknown preferences {kinds}", kinds=kinds[:5]),
                file="preferences",
                fix=msg("use one of: {kinds}", kinds=", ".join(PREFERENCES)),
            )
        if self.previous is not None:
            check_previous(self.previous, self.week_start, problems)
        if self.published is not None and not self.published.empty:
            check_published(self.published, self.week_start, problems)
        contracts = sorted({a.contract for a in self.agents} - set(self.rules.contracts))
        if contracts:
            problems.add(
                msg("contracts {contracts} are not in rules.toml", contracts=contracts),
                file="agents",
                fix=msg("add [contracts.NAME] sections or correct agents.csv"),
            )
        problems.raise_if_any()

    # ------------------------------------------------------------------ the week's grid

    @cached_property
    def week_start(self) -> pd.Timestamp:
        return pd.Timestamp(pd.to_datetime(self.requirements["interval_start"]).min()).normalize()

    @property
    def interval_minutes(self) -> int:
        return self.rules.interval_minutes

    @property
    def intervals_per_day(self) -> int:
        return MINUTES_PER_DAY // self.interval_minutes

    @property
    def n_week_intervals(self) -> int:
        return N_DAYS * self.intervals_per_day

    @cached_property
    def patterns(self) -> tuple[Pattern, ...]:
        step = self.interval_minutes
        return tuple(
            Pattern(start=start // step, length=length // step)
            for start in self.rules.shifts.start_minutes()
            for length in self.rules.shifts.lengths_minutes()
        )

    @cached_property
    def n_horizon_intervals(self) -> int:
        longest = max(p.start + p.length for p in self.patterns)
        return max(N_DAYS * self.intervals_per_day, (N_DAYS - 1) * self.intervals_per_day + longest)

    def interval_time(self, t: int | np.ndarray) -> pd.Timestamp | pd.DatetimeIndex:
        return self.week_start + pd.to_timedelta(np.asarray(t) * self.interval_minutes, unit="m")

    def to_interval(self, when: pd.Timestamp) -> int:
        return int((when - self.week_start) // pd.Timedelta(minutes=self.interval_minutes))

    # ------------------------------------------------------------------ queues and demand

    @cached_property
    def queues(self) -> tuple[Queue, ...]:
        frame = self.requirements
        tiers = frame["min_tier"] if "min_tier" in frame.columns else pd.Series(1, frame.index)
        grouped = (
            frame.assign(min_tier=tiers)
            .groupby(["channel", "vip_level"], sort=True, as_index=False)["min_tier"]
            .max()
        )
        return tuple(
            Queue(channel=str(c), vip_level=str(v), min_tier=int(m))
            for c, v, m in zip(
                grouped["channel"], grouped["vip_level"], grouped["min_tier"], strict=True
            )
        )

    @cached_property
    def required(self) -> np.ndarray:
        """``required[q, t]`` agents over the week's intervals (0 where absent)."""
        index = {(q.channel, q.vip_level): i for i, q in enumerate(self.queues)}
        frame = self.requirements
        q = np.array([index[k] for k in zip(frame["channel"], frame["vip_level"], strict=True)])
        t = (
            (pd.to_datetime(frame["interval_start"]) - self.week_start)
            // pd.Timedelta(minutes=self.interval_minutes)
        ).to_numpy()
        out = np.zeros((len(self.queues), self.n_week_intervals), dtype=np.int64)
        out[q, t] = frame["required_agents"].to_numpy(dtype=np.int64)
        return out

    @cached_property
    def queue_open(self) -> np.ndarray:
        """``queue_open[q, t]`` over the horizon: the queue's channel is open at ``t``."""
        minutes = (np.arange(self.n_horizon_intervals) * self.interval_minutes) % MINUTES_PER_DAY
        out = np.ones((len(self.queues), self.n_horizon_intervals), dtype=bool)
        for i, queue in enumerate(self.queues):
            if queue.channel in self.rules.opening_hours:
                low, high = self.rules.opening_hours[queue.channel]
                out[i] = (minutes >= low) & (minutes < high)
        return out

    @cached_property
    def eligible(self) -> np.ndarray:
        """``eligible[a, q]``: channel skill, VIP certification and tier."""
        return np.array(
            [
                [a.can_serve(q.channel, q.vip_level, q.min_tier) for q in self.queues]
                for a in self.agents
            ],
            dtype=bool,
        ).reshape(len(self.agents), len(self.queues))

    @cached_property
    def shortfall_weights(self) -> np.ndarray:
        return np.array([self.rules.shortfall_weight(q.vip_level) for q in self.queues])

    # ------------------------------------------------------------------ availability

    @cached_property
    def unavailable(self) -> np.ndarray:
        """``unavailable[a, t]`` over the horizon: on leave (time_off.csv) at ``t``."""
        out = np.zeros((len(self.agents), self.n_horizon_intervals), dtype=bool)
        if self.time_off.empty:
            return out
        row = {a.agent_id: i for i, a in enumerate(self.agents)}
        step = pd.Timedelta(minutes=self.interval_minutes)
        for agent_id, start, end in self.time_off[["agent_id", "start", "end"]].itertuples(
            index=False
        ):
            first = max(0, int(np.floor((start - self.week_start) / step)))
            last = min(self.n_horizon_intervals, int(np.ceil((end - self.week_start) / step)))
            if first < last:
                out[row[agent_id], first:last] = True
        return out

    @cached_property
    def unmet_preference(self) -> np.ndarray:
        """``unmet_preference[a, d, s]``: working pattern s on day d goes against what agent a
        asked for that day (a day off, an early or a late shift). Being off meets them all."""
        out = np.zeros((len(self.agents), N_DAYS, len(self.patterns)), dtype=bool)
        if self.preferences.empty:
            return out
        early = np.array(
            [p.start * self.interval_minutes < EARLY_START_BEFORE_MINUTES for p in self.patterns]
        )
        unmet = {"off": np.ones_like(early), "early": ~early, "late": early}
        row = {a.agent_id: i for i, a in enumerate(self.agents)}
        for agent_id, date, preference in self.preferences.itertuples(index=False):
            day = (pd.Timestamp(date) - self.week_start).days
            if 0 <= day < N_DAYS:
                out[row[agent_id], day] = unmet[preference]
        return out

    @cached_property
    def previous_end(self) -> np.ndarray:
        """Per agent, the interval (from the week's first midnight; negative before it) at
        which their last shift of the previous roster ends; one day before the week when they
        have none, which no rest rule reaches."""
        out = np.full(len(self.agents), -self.intervals_per_day, dtype=np.int64)
        if self.previous is None or self.previous.empty:
            return out
        step = pd.Timedelta(minutes=self.interval_minutes)
        ends = self.previous.groupby("agent_id")["end"].max()
        for a, agent in enumerate(self.agents):
            if agent.agent_id in ends.index:
                end = pd.Timestamp(ends[agent.agent_id])
                out[a] = max(out[a], int(np.ceil((end - self.week_start) / step)))
        return out

    @cached_property
    def previous_run(self) -> np.ndarray:
        """Per agent, the working days in a row the previous roster ends with (0 when they were
        off the day before the week)."""
        out = np.zeros(len(self.agents), dtype=np.int64)
        if self.previous is None or self.previous.empty:
            return out
        dates = pd.to_datetime(self.previous["date"]).dt.normalize()
        days = self.previous.assign(day=(dates - self.week_start).dt.days)
        worked = days.groupby("agent_id")["day"].agg(set)
        for a, agent in enumerate(self.agents):
            run = 0
            while agent.agent_id in worked.index and -(run + 1) in worked[agent.agent_id]:
                run += 1
            out[a] = run
        return out

    @cached_property
    def leave_days(self) -> np.ndarray:
        return np.array(
            [leave_days(self.time_off, a.agent_id, self.week_start) for a in self.agents],
            dtype=np.int64,
        )

    def agent_index(self, agent_id: str) -> int:
        for i, agent in enumerate(self.agents):
            if agent.agent_id == agent_id:
                return i
        raise StaffingInputError(
            msg("unknown agent '{agent_id}': use an agent_id from agents.csv", agent_id=agent_id)
        )


T = TypeVar("T")


def _collect(problems: ProblemCollector, read: Callable[[], T]) -> T | None:
    try:
        return read()
    except StaffingInputError as exc:
        problems.extend(exc.problems)
        return None
