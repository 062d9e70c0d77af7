"""The whole planning pipeline for one week, as library calls.

history -> forecast -> requirements -> roster -> simulation -> files. ``staffing plan``, the
app and the scenario runner call these stages, so a plan is computed the same way wherever it
is made. Each stage is a plain function of typed inputs; :func:`plan_week` chains them and
reports progress as (stage, message) pairs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd

from forecast.api import Forecaster
from staffing.agents import Agent
from staffing.dataset import Dataset, roster_queues
from staffing.errors import Problem, ProblemCollector, StaffingInputError
from staffing.export import PlanSummary, QueueService, export_roster
from staffing.i18n import Message, msg
from staffing.io import write_csv, write_json, written_together
from staffing.requirements import (
    compute_requirements,
    queues_without_handle_time,
    write_forecast,
    write_requirements,
)
from staffing.roster.checks import check_rules_and_agents
from staffing.roster.io import validate_roster, write_coverage, write_roster
from staffing.roster.problem import Pin, RosterProblem, check_previous
from staffing.roster.solve import Progress, RosterResult, solve_roster
from staffing.rules import Rules
from staffing.simulate import SimulationConfig, SimulationResult, simulate
from staffing.targets import Targets

DAYS_PER_WEEK = 7

StageCallback = Callable[[str, str], None]


@dataclass(frozen=True, kw_only=True)
class PlanSettings:
    """How hard to work on a plan: solver time, simulation replications, forced model."""

    time_limit_s: float = 120.0
    replications: int = 3
    seed: int = 0
    forecast_model: str | None = None


@dataclass(frozen=True, kw_only=True)
class StageTime:
    stage: str
    seconds: float


@dataclass(frozen=True, kw_only=True)
class PlanResult:
    """Every stage's output for one week."""

    week_start: pd.Timestamp
    forecast: pd.DataFrame
    requirements: pd.DataFrame
    roster: RosterResult
    simulation: SimulationResult
    timings: tuple[StageTime, ...]

    @property
    def total_seconds(self) -> float:
        return sum(t.seconds for t in self.timings)

    def plan_summary(self, targets: Targets) -> PlanSummary:
        """The figures the Excel workbook's summary sheet shows."""
        totals = self.simulation.totals
        services = []
        for row in totals.itertuples(index=False):
            channel, vip_level = cast(str, row.channel), cast(str, row.vip_level)
            target = _target_level(targets, channel, vip_level)
            if target is None:
                continue
            services.append(
                QueueService(
                    channel=channel,
                    vip_level=vip_level,
                    service_level=float(cast(float, row.service_level)),
                    target_service_level=target,
                    abandon_share=(
                        float(cast(float, row.abandon_rate)) if "abandon_rate" in totals else None
                    ),
                    asa_s=float(cast(float, row.asa_s)) if "asa_s" in totals else None,
                )
            )
        return PlanSummary(
            labour_cost=self.roster.labour_cost,
            shortfall_agent_h=self.roster.shortfall_agent_hours,
            solver_gap=self.roster.gap,
            services=tuple(services),
            note=f"Week of {self.week_start:%Y-%m-%d}",
        )

    def summary(self) -> str:
        roster = self.roster
        lines = [
            f"Plan for the week of {self.week_start:%Y-%m-%d}:",
            f"- forecast: {self.forecast['volume'].sum():,.0f} contacts in "
            f"{self.forecast.groupby(['channel', 'vip_level']).ngroups} queues",
            f"- requirements: {self.requirements['required_agents'].sum() * _hours(self):,.0f} "
            "scheduled agent-hours",
            f"- roster: {roster.check.n_shifts} shifts, labour cost {roster.labour_cost:,.0f}, "
            f"shortfall {roster.shortfall_agent_hours:,.1f} agent-hours, gap {roster.gap:.2%} "
            f"({roster.status}), rule check {'passed' if roster.check.ok else 'FAILED'}",
            *(f"  {line}" for line in roster.remarks()),
            f"- simulation: {self.simulation.summary()}",
            "- time: "
            + ", ".join(f"{t.stage} {t.seconds:.1f} s" for t in self.timings)
            + f"; total {self.total_seconds:.1f} s",
        ]
        return "\n".join(lines)


def _forecast_models(forecast: pd.DataFrame) -> dict[str, str]:
    """Per queue (``channel/vip_level``), the forecasting model that forecast it."""
    if "model" not in forecast:
        return {}
    chosen = forecast.groupby(["channel", "vip_level"], sort=True)["model"].first()
    models = {}
    for key, model in chosen.items():
        channel, vip_level = cast(tuple[str, str], key)
        models[f"{channel}/{vip_level}"] = str(model)
    return models


def _hours(result: PlanResult) -> float:
    step = result.requirements["interval_start"].diff().dropna()
    minutes = step[step > pd.Timedelta(0)].min()
    return (minutes.total_seconds() / 3600) if pd.notna(minutes) else 0.25


def _target_level(targets: Targets, channel: str, vip_level: str) -> float | None:
    queue = targets.queue(channel, vip_level)
    return None if queue is None else float(queue.service_level)


def check_week_start(dataset: Dataset, week_start: str | pd.Timestamp) -> pd.Timestamp:
    """The planning week must start at midnight after the history ends."""
    last = dataset.history["interval_start"].max()

    def invalid(message: Message) -> StaffingInputError:
        return StaffingInputError(
            Problem(
                column="week",
                value=str(week_start),
                message=message,
                fix=msg(
                    "give a date after {last:%Y-%m-%d}, e.g. {first:%Y-%m-%d}",
                    last=last,
                    first=last.normalize() + pd.Timedelta(days=1),
                ),
            )
        )

    not_a_date = msg("the planning week start is not a date")
    try:
        start = pd.Timestamp(week_start)
    except (ValueError, TypeError):
        raise invalid(not_a_date) from None
    if pd.isna(start):  # NaT, e.g. from an empty string
        raise invalid(not_a_date)
    if start != start.normalize():
        raise invalid(msg("the planning week start must be a date (midnight), not a time of day"))
    if start <= last:
        raise invalid(
            msg(
                "the planning week start is inside the history, which runs to "
                "{last:%Y-%m-%d %H:%M}",
                last=last,
            )
        )
    return start


def check_handle_times(dataset: Dataset) -> None:
    """Every queue with contacts in the history needs handle times (aht_s) to be sized."""
    untimed = queues_without_handle_time(dataset.history)
    if untimed:
        raise StaffingInputError(
            Problem(
                file="history",
                column="aht_s",
                message=msg(
                    "no handle time for queues {queues}: aht_s is empty on every one of their "
                    "rows with contacts, so their requirements cannot be sized",
                    queues=", ".join(f"{c}/{v}" for c, v in untimed),
                ),
                fix=msg("add aht_s (average handle time in seconds) to history.csv"),
            )
        )


def previous_roster(frame: pd.DataFrame, week_start: pd.Timestamp) -> pd.DataFrame:
    """The week before's roster, checked as roster.csv and against the planning week."""
    previous = validate_roster(frame, name="previous roster")
    problems = ProblemCollector("previous roster")
    check_previous(previous, week_start, problems)
    problems.raise_if_any()
    return previous


def check_week_rules(
    dataset: Dataset, week_start: pd.Timestamp, previous: pd.DataFrame | None = None
) -> None:
    """The roster's up-front checks of rules and agents for this week (its leave, and the
    rest and days in a row carried from ``previous``), before any forecasting: a week the
    rules cannot roster fails in a second, with the roster's messages."""
    check_rules_and_agents(
        agents=dataset.agents,
        rules=dataset.rules,
        queues=roster_queues(dataset.history, dataset.targets),
        queues_are="with history",
        week_start=week_start,
        time_off=dataset.time_off,
        previous=previous,
    )


def forecast_week(
    dataset: Dataset,
    week_start: pd.Timestamp,
    *,
    model: str | None = None,
    days: int = DAYS_PER_WEEK,
) -> pd.DataFrame:
    """Forecast volume and AHT for every queue, ``days`` days from ``week_start``."""
    forecaster = Forecaster(model=model).fit(dataset.history, dataset.events)
    return forecaster.predict(week_start, days=days)


def requirements_for(forecast: pd.DataFrame, targets: Targets, rules: Rules) -> pd.DataFrame:
    """Scheduled agents per interval and queue, with the rules' opening hours and grid."""
    return compute_requirements(
        forecast,
        targets,
        opening_hours=rules.opening_hours,
        interval_minutes=rules.interval_minutes,
    )


def roster_for(
    requirements: pd.DataFrame,
    *,
    agents: Sequence[Agent],
    rules: Rules,
    time_off: pd.DataFrame | None,
    time_limit_s: float,
    progress: Callable[[Progress], None] | None = None,
    published: pd.DataFrame | None = None,
    pins: Sequence[Pin] = (),
    preferences: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
    seed: int = 0,
) -> RosterResult:
    """The cheapest roster for ``requirements`` with these agents, rules, time off and
    preferences; ``previous`` is the week before's roster (rest and consecutive days carry
    over from it)."""
    problem = RosterProblem.from_frames(
        requirements=requirements,
        agents=agents,
        rules=rules,
        time_off=time_off,
        published=published,
        pins=pins,
        preferences=preferences,
        previous=previous,
    )
    return solve_roster(problem, time_limit_s=time_limit_s, progress=progress, seed=seed)


def simulate_roster(
    roster: pd.DataFrame,
    forecast: pd.DataFrame,
    targets: Targets,
    *,
    replications: int,
    seed: int = 0,
) -> SimulationResult:
    config = SimulationConfig(replications=replications, seed=seed)
    return simulate(roster, forecast, targets, config=config)


def plan_week(
    dataset: Dataset,
    week_start: str | pd.Timestamp,
    settings: PlanSettings | None = None,
    *,
    on_stage: StageCallback | None = None,
    on_roster_progress: Callable[[Progress], None] | None = None,
    previous: pd.DataFrame | None = None,
) -> PlanResult:
    """Run every stage for one week; ``on_stage(stage, message)`` hears each step.
    ``previous`` is the roster of the week before (roster.csv frame): each agent's rest and
    consecutive working days carry over from it into the new week."""
    settings = settings or PlanSettings()
    start = check_week_start(dataset, week_start)
    check_handle_times(dataset)
    if previous is not None:  # before the forecast, so a wrong file fails at once
        previous = previous_roster(previous, start)
    check_week_rules(dataset, start, previous)
    timings: list[StageTime] = []

    def stage(name: str, message: str) -> float:
        if on_stage:
            on_stage(name, message)
        return time.monotonic()

    began = stage("forecast", f"forecasting {DAYS_PER_WEEK} days from {start:%Y-%m-%d}")
    forecast = forecast_week(dataset, start, model=settings.forecast_model)
    timings.append(StageTime(stage="forecast", seconds=time.monotonic() - began))

    began = stage("requirements", "sizing agents per interval and queue")
    requirements = requirements_for(forecast, dataset.targets, dataset.rules)
    timings.append(StageTime(stage="requirements", seconds=time.monotonic() - began))

    began = stage("roster", f"optimising the roster (up to {settings.time_limit_s:.0f} s)")
    roster = roster_for(
        requirements,
        agents=dataset.agents,
        rules=dataset.rules,
        time_off=dataset.time_off,
        preferences=dataset.preferences,
        time_limit_s=settings.time_limit_s,
        progress=on_roster_progress,
        previous=previous,
        seed=settings.seed,
    )
    timings.append(StageTime(stage="roster", seconds=time.monotonic() - began))

    began = stage("simulation", f"simulating {settings.replications} replications")
    simulation = simulate_roster(
        roster.roster,
        forecast,
        dataset.targets,
        replications=settings.replications,
        seed=settings.seed,
    )
    timings.append(StageTime(stage="simulation", seconds=time.monotonic() - began))
    return PlanResult(
        week_start=start,
        forecast=forecast,
        requirements=requirements,
        roster=roster,
        simulation=simulation,
        timings=tuple(timings),
    )


#: The files ``write_plan`` writes, by what they hold.
PLAN_FILES = {
    "forecast": "forecast.csv",
    "requirements": "requirements.csv",
    "roster": "roster.csv",
    "coverage": "coverage.csv",
    "simulation": "simulation.csv",
    "report": "report.json",
    "xlsx": "roster.xlsx",
    "ics": "calendars.zip",
}


def write_plan(result: PlanResult, dataset: Dataset, out_dir: str | Path) -> list[Path]:
    """Write every output of a plan into ``out_dir``: all of them, or none if one fails."""
    out = Path(out_dir)
    roster = result.roster
    result.roster.check.raise_if_invalid()
    paths = {what: out / name for what, name in PLAN_FILES.items()}
    with written_together():
        write_forecast(paths["forecast"], result.forecast)
        write_requirements(paths["requirements"], result.requirements)
        write_roster(paths["roster"], roster.roster)
        write_coverage(paths["coverage"], roster.coverage)
        write_csv(paths["simulation"], result.simulation.intervals)
        report = {
            "week_start": f"{result.week_start:%Y-%m-%d}",
            "forecast_models": _forecast_models(result.forecast),
            "roster": roster.report(),
            "simulation": result.simulation.totals.to_dict("records"),
            "timings_s": {t.stage: round(t.seconds, 2) for t in result.timings},
        }
        write_json(paths["report"], report)
        agents = dataset.agents
        export_roster(
            paths["xlsx"],
            "xlsx",
            roster.roster,
            coverage=roster.coverage,
            agents=agents,
            summary=result.plan_summary(dataset.targets),
            interval_minutes=dataset.rules.interval_minutes,
        )
        export_roster(paths["ics"], "ics", roster.roster, agents=agents)
    return list(paths.values())
