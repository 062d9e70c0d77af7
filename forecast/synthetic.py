"""Seeded synthetic histories with known structure, for tests and benchmarks.

A rate is built as ``daily volume x weekday factor x trend x event multiplier x intraday
shape`` on any grid; volumes are Poisson draws from it (or the rounded rate itself, so a
model's answer can be checked exactly). Intervals outside opening hours and closed weekdays
are absent, as in a real history.csv.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecast.history import HISTORY_COLUMNS, event_kind


@dataclass(frozen=True, kw_only=True)
class SyntheticQueue:
    channel: str
    vip_level: str = "standard"
    daily_volume: float
    aht_s: float = 300.0
    open_hours: tuple[float, float] = (0.0, 24.0)


@dataclass(frozen=True, kw_only=True)
class SyntheticEvent:
    """An event: ``multiplier`` on its days, ``night_multiplier`` on its first day's first two
    hours (the spike when a sale opens), ``after_multiplier`` on ``after_days`` days after."""

    name: str
    start: pd.Timestamp
    end: pd.Timestamp
    multiplier: float
    night_multiplier: float = 1.0
    after_days: int = 0
    after_multiplier: float = 1.0


DEFAULT_QUEUES = (
    SyntheticQueue(channel="chat", daily_volume=2000.0, aht_s=400.0),
    SyntheticQueue(channel="chat", vip_level="vip", daily_volume=300.0, aht_s=480.0),
    SyntheticQueue(channel="phone", daily_volume=600.0, aht_s=300.0, open_hours=(8.0, 22.0)),
)
DEFAULT_WEEKDAY_FACTORS = (1.1, 1.0, 1.0, 1.0, 1.05, 0.8, 0.75)


def intraday_shape(slots_per_day: int) -> np.ndarray:
    """A contact-centre day: quiet night, late-morning and afternoon peaks, evening peak."""
    hours = (np.arange(slots_per_day) + 0.5) * 24 / slots_per_day
    shape = (
        0.15
        + np.exp(-0.5 * ((hours - 11) / 1.5) ** 2)
        + 0.9 * np.exp(-0.5 * ((hours - 15) / 1.5) ** 2)
        + 1.2 * np.exp(-0.5 * ((hours - 21) / 1.2) ** 2)
    )
    return shape


def synthetic_history(
    *,
    start: str = "2026-01-05",
    weeks: int = 8,
    interval_minutes: int = 15,
    queues: tuple[SyntheticQueue, ...] = DEFAULT_QUEUES,
    weekday_factors: tuple[float, ...] = DEFAULT_WEEKDAY_FACTORS,
    closed_weekdays: tuple[int, ...] = (),
    trend_per_year: float = 0.0,
    events: tuple[SyntheticEvent, ...] = (),
    poisson: bool = True,
    seed: int = 0,
) -> pd.DataFrame:
    """A history frame (the columns of :func:`forecast.history.read_history`)."""
    rng = np.random.default_rng(seed)
    first = pd.Timestamp(start)
    days = pd.date_range(first, periods=7 * weeks, freq="D")
    slots = 1440 // interval_minutes
    hours = np.arange(slots) * interval_minutes / 60
    day_factor = np.array([weekday_factors[d.dayofweek] for d in days])
    day_factor *= 1 + trend_per_year * np.arange(len(days)) / 365.0
    day_factor[np.isin(days.dayofweek, closed_weekdays)] = 0.0
    slot_factor = np.ones((len(days), slots))
    for event in events:
        during = (days >= event.start.normalize()) & (days < event.end)
        day_factor[during] *= event.multiplier
        first_day = np.flatnonzero(days == event.start.normalize())
        slot_factor[np.ix_(first_day, hours < 2)] *= event.night_multiplier
        last = (event.end - pd.Timedelta(1, "ns")).normalize()
        after = (days > last) & (days <= last + pd.Timedelta(days=event.after_days))
        day_factor[after] *= event.after_multiplier
    frames = []
    for queue in queues:
        is_open = (hours >= queue.open_hours[0]) & (hours < queue.open_hours[1])
        shape = intraday_shape(slots) * is_open
        shape = shape / shape.sum()
        rate = queue.daily_volume * day_factor[:, None] * shape[None, :] * slot_factor
        volume = rng.poisson(rate) if poisson else np.round(rate)
        aht = queue.aht_s * rng.lognormal(-0.02, 0.2, size=rate.shape)
        keep = is_open[None, :] & (day_factor[:, None] > 0)
        starts = (
            days.to_numpy()[:, None]
            + (np.arange(slots) * interval_minutes).astype("timedelta64[m]")[None, :]
        )
        frames.append(
            pd.DataFrame(
                {
                    "interval_start": starts[keep],
                    "channel": queue.channel,
                    "vip_level": queue.vip_level,
                    "volume": volume[keep].astype("int64"),
                    "aht_s": np.where(volume[keep] > 0, np.round(aht[keep], 1), np.nan),
                }
            )
        )
    history = pd.concat(frames, ignore_index=True)
    history = history.sort_values(["channel", "vip_level", "interval_start"], kind="stable")
    history = history.reset_index(drop=True)[list(HISTORY_COLUMNS)]
    history.attrs["interval_minutes"] = interval_minutes
    return history


def synthetic_events(events: tuple[SyntheticEvent, ...]) -> pd.DataFrame:
    """The events frame (as :func:`forecast.history.read_events` returns) of ``events``,
    with no planner multipliers."""
    return pd.DataFrame(
        {
            "name": [e.name for e in events],
            "kind": [event_kind(e.name) for e in events],
            "start": pd.to_datetime([e.start for e in events]),
            "end": pd.to_datetime([e.end for e in events]),
            "multiplier": np.full(len(events), np.nan),
        }
    )
