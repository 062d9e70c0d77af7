"""A planner's data folder, read and checked as a whole.

``load_dataset`` reads every file of the README's formats, reports the problems of all files
together (one pass to fix them all), then checks that the files agree with each other: every
queue in the history has a target, every agent's channels and VIP levels exist as queues,
every contract is defined in the rules, time off names known agents, and the roster's
up-front checks of rules and agents (:func:`staffing.roster.checks.check_rules_and_agents`)
pass for the queues with history, so a folder that validates is not refused by the roster
for its rules.

The folder may be a path or, for uploads, a mapping of file name to bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd

from forecast.history import empty_events, interval_minutes_of, read_events, read_history
from staffing.agents import (
    Agent,
    agents_frame,
    empty_preferences,
    empty_time_off,
    read_agents,
    read_preferences,
    read_time_off,
)
from staffing.errors import Problem, ProblemCollector, StaffingInputError
from staffing.i18n import msg
from staffing.roster.checks import check_rules_and_agents
from staffing.rules import Rules, read_rules
from staffing.tabular import Source
from staffing.targets import Targets, read_targets

REQUIRED_FILES = ("history.csv", "targets.toml", "rules.toml", "agents.csv")
OPTIONAL_FILES = ("events.csv", "time_off.csv", "preferences.csv")


@dataclass(frozen=True, kw_only=True)
class Dataset:
    """Every input of the pipeline, validated; frames have the README's fixed columns."""

    history: pd.DataFrame
    events: pd.DataFrame
    targets: Targets
    rules: Rules
    agents: tuple[Agent, ...]
    time_off: pd.DataFrame
    preferences: pd.DataFrame = field(default_factory=empty_preferences)

    @property
    def queues(self) -> list[tuple[str, str]]:
        """(channel, vip_level) of every queue with a target, in the targets file's order."""
        return [(q.channel, q.vip_level) for q in self.targets.queues]

    @property
    def notes(self) -> list[str]:
        """Things that are valid but that a planner should know: queues with a target and no
        history (forecast as no contacts), agents who can serve no queue with history."""
        with_history = set(self.history.groupby(["channel", "vip_level"]).groups)
        notes: list[str] = [
            msg(
                "queue {channel}/{vip_level} has a target but no history: it is forecast "
                "with no contacts, so nobody is rostered for it",
                channel=q.channel,
                vip_level=q.vip_level,
            )
            for q in self.targets.queues
            if (q.channel, q.vip_level) not in with_history
        ]
        idle = [
            a.agent_id
            for a in self.agents
            if not any(
                a.can_serve(q.channel, q.vip_level, q.min_tier)
                for q in self.targets.queues
                if (q.channel, q.vip_level) in with_history
            )
        ]
        days = self.history["interval_start"].dt.normalize()
        every_day = pd.date_range(days.min(), days.max(), freq="D")
        missing = every_day.difference(pd.DatetimeIndex(days[self.history["volume"] > 0].unique()))
        if len(missing):
            notes.append(
                msg(
                    "the history has no contacts in any queue on {n} day(s) ({days}): they are "
                    "read as closed days; if the data is missing instead, the forecast will be "
                    "too low around them",
                    n=len(missing),
                    days=_first_few([f"{d:%Y-%m-%d}" for d in missing], 5),
                )
            )
        if idle:
            shown = _first_few(idle, 10)
            notes.append(
                msg(
                    "1 agent can serve no queue with history ({agents}): their shifts would have "
                    "no contacts; check their channels, VIP levels and tier in agents.csv",
                    agents=shown,
                )
                if len(idle) == 1
                else msg(
                    "{n} agents can serve no queue with history ({agents}): their shifts would "
                    "have no contacts; check their channels, VIP levels and tier in agents.csv",
                    n=len(idle),
                    agents=shown,
                )
            )
        return notes

    def summary(self) -> str:
        history = self.history
        start = history["interval_start"].min()
        end = history["interval_start"].max()
        n_queues = history.groupby(["channel", "vip_level"]).ngroups
        return "\n".join(
            [
                "All files are valid.",
                f"- history: {len(history):,} rows, {n_queues} queues, "
                f"{start:%Y-%m-%d} to {end:%Y-%m-%d}, {interval_minutes_of(history)}-minute "
                f"intervals, {int(history['volume'].sum()):,} contacts",
                f"- events: {len(self.events)} promotions and holidays",
                f"- targets: {len(self.targets.queues)} queues, shrinkage "
                f"{self.targets.shrinkage:.0%}",
                f"- agents: {len(self.agents)} ({self._contract_counts()})",
                f"- time off: {len(self.time_off)} entries",
                f"- preferences: {len(self.preferences)} days asked for",
                *(f"Note: {note}" for note in self.notes),
            ]
        )

    def agents_frame(self) -> pd.DataFrame:
        """agents.csv as a frame (lists as tuples)."""
        return agents_frame(self.agents)

    def _contract_counts(self) -> str:
        counts = pd.Series([a.contract for a in self.agents]).value_counts()
        return ", ".join(f"{n} {contract}" for contract, n in counts.items())


def _first_few(items: list[str], shown: int) -> str:
    """The first ``shown`` items, and how many more there are."""
    listed = ", ".join(items[:shown])
    if len(items) <= shown:
        return listed
    return msg("{listed} and {n} more", listed=listed, n=len(items) - shown)


def _collect(problems: ProblemCollector, read: Callable[[], Any]) -> Any:
    """Run a reader; keep its problems and go on with the next file."""
    try:
        return read()
    except StaffingInputError as exc:
        problems.extend(exc.problems)
        return None


def load_dataset(folder: str | Path | Mapping[str, Source]) -> Dataset:
    """Read and cross-check a data folder; raise one StaffingInputError listing every problem."""
    files: Mapping[str, Source]
    if isinstance(folder, Mapping):
        files = folder
    else:
        root = Path(folder)
        if not root.is_dir():
            raise StaffingInputError(
                Problem(
                    file=str(root),
                    message=msg("data folder not found"),
                    fix=msg(
                        "give the folder that holds history.csv, targets.toml, rules.toml and "
                        "agents.csv ('staffing sample --out DIR' writes an example)"
                    ),
                )
            )
        files = {p.name: p for p in root.iterdir() if p.is_file()}
    problems = ProblemCollector()
    for name in REQUIRED_FILES:
        if name not in files:
            problems.add(
                msg("required file is missing"),
                file=name,
                fix=msg("add it to the data folder (see the README's file formats)"),
            )
    problems.raise_if_any()

    targets = _collect(problems, lambda: read_targets(files["targets.toml"], name="targets.toml"))
    rules = _collect(problems, lambda: read_rules(files["rules.toml"], name="rules.toml"))
    history = _collect(problems, lambda: read_history(files["history.csv"], name="history.csv"))
    events = (
        _collect(problems, lambda: read_events(files["events.csv"], name="events.csv"))
        if "events.csv" in files
        else empty_events()
    )
    if targets is None or rules is None:  # the remaining files are checked against them
        problems.raise_if_any()
    agents = _collect(
        problems,
        lambda: read_agents(
            files["agents.csv"],
            rules=rules,
            channels={q.channel for q in targets.queues},
            vip_levels={q.vip_level for q in targets.queues},
            name="agents.csv",
        ),
    )
    # With agents.csv unreadable, leave and preferences are still checked, all but their
    # agent ids, so one run reports every file's problems.
    agent_ids = None if agents is None else [a.agent_id for a in agents]
    time_off = empty_time_off()
    if "time_off.csv" in files:
        time_off = _collect(
            problems,
            lambda: read_time_off(files["time_off.csv"], agent_ids=agent_ids, name="time_off.csv"),
        )
    preferences = empty_preferences()
    if "preferences.csv" in files:
        preferences = _collect(
            problems,
            lambda: read_preferences(
                files["preferences.csv"], agent_ids=agent_ids, name="preferences.csv"
            ),
        )
    if history is not None:
        _cross_check(problems, history=history, targets=targets, rules=rules)
    if agents is not None:
        _collect(
            problems,
            lambda: check_rules_and_agents(
                agents=agents,
                rules=rules,
                queues=roster_queues(history, targets),
                queues_are="with history" if history is not None else "in targets.toml",
            ),
        )
    problems.raise_if_any()
    return Dataset(
        history=history,
        events=events,
        targets=targets,
        rules=rules,
        agents=agents,
        time_off=time_off,
        preferences=preferences,
    )


def roster_queues(history: pd.DataFrame | None, targets: Targets) -> list[tuple[str, str, int]]:
    """(channel, vip_level, min_tier) of the queues a roster is made for: those with history
    (the forecast has no others), or every queue of the targets when there is no history."""
    with_history = (
        None if history is None else set(history.groupby(["channel", "vip_level"]).groups)
    )
    return [
        (q.channel, q.vip_level, q.min_tier)
        for q in targets.queues
        if with_history is None or (q.channel, q.vip_level) in with_history
    ]


def _cross_check(
    problems: ProblemCollector, *, history: pd.DataFrame, targets: Targets, rules: Rules
) -> None:
    """Problems that only show when the history is read with the targets and rules."""
    queues = {(q.channel, q.vip_level) for q in targets.queues}
    counts = history.groupby(["channel", "vip_level"]).size()
    for key, n_rows in counts.items():
        channel, vip_level = cast(tuple[str, str], key)
        if (channel, vip_level) in queues:
            continue
        problems.add(
            msg(
                "queue {channel}/{vip_level} has {n} rows of history but no target in targets.toml",
                channel=channel,
                vip_level=vip_level,
                n=int(n_rows),
            ),
            file="history.csv",
            column="channel",
            value=channel,
            fix=msg(
                'add a [[queues]] entry for channel = "{channel}", vip_level = "{vip_level}" '
                "to targets.toml, or correct the spelling in history.csv",
                channel=channel,
                vip_level=vip_level,
            ),
        )
    history_minutes = interval_minutes_of(history)
    if history_minutes % rules.interval_minutes and rules.interval_minutes % history_minutes:
        problems.add(
            msg(
                "history is on a {history}-minute grid but rules.toml plans on "
                "{rules}-minute intervals",
                history=history_minutes,
                rules=rules.interval_minutes,
            ),
            file="rules.toml",
            column="interval_minutes",
            value=rules.interval_minutes,
            fix=msg("use an interval length that divides or is a multiple of the history's"),
        )
