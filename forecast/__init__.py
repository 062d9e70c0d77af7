"""Forecasting of contact volume and handle time per queue and interval.

Public API::

    from forecast import read_history, read_events, Forecaster, forecast, backtest

    history = read_history("history.csv")
    events = read_events("events.csv")
    model = Forecaster().fit(history, events)          # model choice + band calibration
    frame = model.predict("2026-11-23", days=7)          # forecast.csv columns + model
    result = backtest(history, events, weeks=8)          # METRICS.json content
"""

from forecast.api import FORECAST_COLUMNS, Forecaster, QueueChoice, forecast
from forecast.backtest import BacktestResult, backtest
from forecast.history import (
    EVENT_COLUMNS,
    HISTORY_COLUMNS,
    infer_interval_minutes,
    interval_minutes_of,
    read_events,
    read_history,
)
from forecast.models import ALIASES, BASELINE, ModelSettings

__all__ = [
    "ALIASES",
    "BASELINE",
    "EVENT_COLUMNS",
    "FORECAST_COLUMNS",
    "HISTORY_COLUMNS",
    "BacktestResult",
    "Forecaster",
    "ModelSettings",
    "QueueChoice",
    "backtest",
    "forecast",
    "infer_interval_minutes",
    "interval_minutes_of",
    "read_events",
    "read_history",
]
