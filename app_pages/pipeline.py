"""The library's pipeline stages as the pages call them: cached, and long solves with progress.

Each stage is one library call; caching keys are the data in use, the planning week and the
planner's overrides, so switching pages never recomputes. Cached frames are never mutated.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import common

#: Modules each stage needs; a page says which one is missing while its owner works on it.
#: Replications per simulation in the app: enough for a comparison, quick on 2 cores.
APP_REPLICATIONS = 2


def call_in_background(
    work: Callable[[Callable[[Any], None]], Any],
    on_update: Callable[[Any], None],
    poll_s: float = 0.3,
    on_idle: Callable[[float], None] | None = None,
) -> Any:
    """Run ``work(report)`` in a thread; ``on_update`` renders reports in the script thread.

    Solver callbacks arrive on solver threads, where Streamlit elements cannot be updated;
    they go through a queue instead and the page redraws the latest one every ``poll_s``.
    Between reports, ``on_idle`` gets the seconds since the start (to keep a bar moving).
    """
    started = time.monotonic()
    updates: queue.Queue[Any] = queue.Queue()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work(updates.put)
        except BaseException as exc:  # re-raised in the script thread below
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="app-solve", daemon=True)
    worker.start()
    while True:
        worker.join(timeout=poll_s)
        latest = None
        while not updates.empty():
            latest = updates.get_nowait()
        if latest is not None:
            on_update(latest)
        elif on_idle is not None:
            on_idle(time.monotonic() - started)
        if not worker.is_alive():
            break
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def solve(
    dataset: Any,
    requirements: pd.DataFrame,
    *,
    time_limit_s: float,
    on_progress: Callable[[Any], None],
    on_idle: Callable[[float], None] | None = None,
    pins: tuple[Any, ...] = (),
    published: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> Any:
    """The plan's roster stage on the dataset's agents, rules and time off, with progress;
    ``previous`` is the week before's roster."""
    from staffing.pipeline import roster_for

    return call_in_background(
        lambda report: roster_for(
            requirements,
            agents=dataset.agents,
            rules=dataset.rules,
            time_off=dataset.time_off,
            preferences=dataset.preferences,
            time_limit_s=time_limit_s,
            progress=report,
            published=published,
            pins=pins,
            previous=previous,
        ),
        on_progress,
        on_idle=on_idle,
    )


def simulate(roster: pd.DataFrame, forecast: pd.DataFrame, targets: Any) -> Any:
    """The plan's simulation stage, with the app's number of replications."""
    from staffing.pipeline import simulate_roster

    return simulate_roster(roster, forecast, targets, replications=APP_REPLICATIONS)


def run_of(result: Any, week_start: pd.Timestamp, simulation: Any = None) -> common.RosterRun:
    """The session's roster record of a solver result."""
    return common.RosterRun(
        run_id=f"solve:{week_start:%Y%m%d}:{time.time_ns()}",
        week_start=week_start,
        roster=result.roster,
        coverage=result.coverage,
        labour_cost=float(result.labour_cost),
        shortfall=int(result.coverage["shortfall"].sum()),
        gap=float(result.gap),
        elapsed_s=float(result.solve_time_s),
        simulation=simulation,
        result=result,
    )


@st.cache_data(show_spinner=False, max_entries=4)
def shifts_table(run_id: str, _roster: pd.DataFrame) -> pd.DataFrame:
    """One row per shift of a roster (the export's definition of a shift)."""
    from staffing.export import shifts_of

    return shifts_of(_roster)


#: Objective units per unit of money in the solver's progress reports.
MONEY_UNITS = 1000


EVENTS_KEY = "forecast_event_overrides"  # events frame with the planner's multipliers


@dataclass(frozen=True, kw_only=True)
class Context:
    """The data in use and the planner's event overrides; ``key`` identifies both for caches."""

    key: str
    dataset: Any
    events: pd.DataFrame


def context(dataset: Any) -> Context:
    events = st.session_state.get(EVENTS_KEY)
    if events is None:
        return Context(key=common.data_key(), dataset=dataset, events=dataset.events)
    digest = hashlib.sha256(pd.util.hash_pandas_object(events, index=False).values).hexdigest()
    return Context(key=f"{common.data_key()}:events:{digest}", dataset=dataset, events=events)


def set_event_overrides(events: pd.DataFrame | None) -> None:
    if events is None:
        st.session_state.pop(EVENTS_KEY, None)
    else:
        st.session_state[EVENTS_KEY] = events


@st.cache_resource(show_spinner=False, max_entries=2)
def forecaster(key: str, _context: Context) -> Any:
    """The forecaster fitted on the history (model chosen per queue by backtest)."""
    from forecast.api import Forecaster

    return Forecaster().fit(_context.dataset.history, _context.events)


@st.cache_data(show_spinner=False, max_entries=8)
def week_forecast(key: str, week: pd.Timestamp, _context: Context) -> pd.DataFrame:
    """forecast.csv frame (with ``model``) for the 7 days from ``week`` (Monday)."""
    from staffing.pipeline import DAYS_PER_WEEK, check_week_start

    start = check_week_start(_context.dataset, week)
    return forecaster(key, _context).predict(start, days=DAYS_PER_WEEK)


@st.cache_data(show_spinner=False, max_entries=8)
def week_requirements(key: str, week: pd.Timestamp, _context: Context) -> pd.DataFrame:
    """requirements.csv frame for the planning week (the plan's requirements stage)."""
    from staffing.pipeline import check_handle_times, requirements_for

    dataset = _context.dataset
    check_handle_times(dataset)  # before the forecast: without handle times nothing is sized
    return requirements_for(week_forecast(key, week, _context), dataset.targets, dataset.rules)


@st.cache_data(show_spinner=False, max_entries=2)
def model_choices(key: str, _context: Context) -> pd.DataFrame:
    """Per queue: the model chosen and every candidate's WAPE on the selection weeks."""
    return forecaster(key, _context).selection_table()


@st.cache_data(show_spinner=False, max_entries=4)
def backtest_pooled(key: str, weeks: int, _context: Context) -> pd.DataFrame:
    """Rolling-origin backtest over the last ``weeks`` weeks, pooled over queues per model."""
    from forecast.backtest import backtest

    return backtest(_context.dataset.history, _context.events, weeks=weeks).pooled


def simulation_config() -> Any:
    from staffing.simulate import SimulationConfig

    return SimulationConfig(replications=APP_REPLICATIONS)


@dataclass(frozen=True, kw_only=True)
class CheckedRun:
    """The roster in use checked by the independent validator against the data in use.

    ``error``: the roster cannot be checked at all (agents or contracts the data does not
    define); then ``check`` is None. ``coverage``: recomputed by the check against the week's
    requirements, or the run's own when the week cannot be sized.
    """

    check: Any = None
    error: Any = None
    coverage: pd.DataFrame

    @property
    def ok(self) -> bool:
        return self.check is not None and self.check.ok


def check_run(run: common.RosterRun, dataset: Any) -> CheckedRun:
    """The validator's verdict on ``run`` with the agents, rules, leave and preferences in use,
    the planning week's requirements and the roster published for the week before."""
    plan = context(dataset)
    previous = common.previous_roster(run.week_start)
    previous_key = "" if previous is None else f"{previous.name}:{previous.version}"
    return _check_run(f"{run.run_id}|{plan.key}|{previous_key}", run, plan, previous)


@st.cache_resource(show_spinner=False, max_entries=4)
def _check_run(
    key: str, _run: common.RosterRun, _plan: Context, _previous: common.PreviousRoster | None
) -> CheckedRun:
    from staffing.errors import StaffingInputError
    from staffing.roster.validate import check_roster

    dataset = _plan.dataset
    try:
        requirements = week_requirements(_plan.key, _run.week_start, _plan)
    except StaffingInputError:  # that week cannot be forecast: the run's own record of it
        requirements = _run.coverage.rename(columns={"required": "required_agents"})
        if requirements.empty:
            requirements = None
    try:
        check = check_roster(
            _run.roster,
            agents=dataset.agents,
            rules=dataset.rules,
            requirements=requirements,
            time_off=dataset.time_off,
            week_start=_run.week_start,
            preferences=dataset.preferences,
            previous=None if _previous is None else _previous.roster,
        )
    except StaffingInputError as exc:
        return CheckedRun(error=exc, coverage=_run.coverage)
    coverage = _run.coverage if check.coverage is None else check.coverage
    return CheckedRun(check=check, coverage=coverage)
