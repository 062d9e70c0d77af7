"""Every candidate model on tiny synthetic histories with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast.history import empty_events
from forecast.models import ALIASES, candidate_forecasts
from forecast.panel import panel_from_history
from forecast.synthetic import SyntheticQueue, synthetic_history

QUEUES = (
    SyntheticQueue(channel="chat", daily_volume=3000.0),
    SyntheticQueue(channel="phone", daily_volume=800.0, open_hours=(8.0, 20.0)),
)


def pure_weekly(interval_minutes: int = 30, **kwargs) -> pd.DataFrame:
    return synthetic_history(
        weeks=8, interval_minutes=interval_minutes, queues=QUEUES, poisson=False, **kwargs
    )


def test_pure_weekly_pattern_is_forecast_exactly_by_the_averages():
    panel = panel_from_history(pure_weekly())
    result = candidate_forecasts(panel, empty_events(), horizon_days=14)
    last_week = panel.volume[:, -7:]
    expected = np.concatenate([last_week, last_week], axis=1)
    np.testing.assert_array_equal(result.means["seasonal_naive"], expected)
    np.testing.assert_allclose(result.means["weekly_average"], expected, atol=1e-9)
    # the profile models split a daily total by a share; exact up to the rounding of the pattern
    totals = expected.sum(axis=2)
    for alias in ("profile_average", "profile_ets", "channel_ets"):
        np.testing.assert_allclose(result.means[alias].sum(axis=2), totals, rtol=0.01)
        np.testing.assert_allclose(result.means[alias], expected, atol=1.0)


@pytest.mark.parametrize("interval_minutes", [5, 6, 60])
def test_any_grid_and_closed_intervals_stay_zero(interval_minutes):
    history = pure_weekly(interval_minutes, closed_weekdays=(6,))
    panel = panel_from_history(history)
    assert panel.interval_minutes == interval_minutes
    result = candidate_forecasts(panel, empty_events(), horizon_days=7)
    hours = np.arange(panel.slots_per_day) * interval_minutes / 60
    night = (hours < 8) | (hours >= 20)
    sunday = (panel.end + pd.to_timedelta(np.arange(7), unit="D")).dayofweek == 6
    for alias in ALIASES:
        mean = result.means[alias]
        assert np.all(mean[1][:, night] == 0), alias  # phone is closed at night
        assert np.all(mean[:, sunday] == 0), alias  # closed on Sundays
        assert mean[0, ~sunday].sum() > 0


def test_weekly_average_is_recency_weighted_and_skips_outlier_days():
    history = pure_weekly()
    panel = panel_from_history(history)
    volume = panel.volume.copy()
    volume[:, -14] *= 0.2  # an unlisted holiday two weeks ago (same weekday as future day 0)
    volume[:, -7:] *= 1.1  # last week 10% busier
    from dataclasses import replace

    changed = replace(panel, volume=volume)
    mean = candidate_forecasts(changed, empty_events(), horizon_days=7).means["weekly_average"]
    base = panel.volume[:, -7:]
    # weights 4-3-2-1 over the last four weeks; the holiday is skipped on its weekday
    np.testing.assert_allclose(mean[:, 1:], base[:, 1:] * (1 + 0.1 * 4 / 10), rtol=1e-9)
    np.testing.assert_allclose(mean[:, 0], base[:, 0] * (1 + 0.1 * 4 / 7), rtol=1e-9)


def test_small_queue_profile_borrows_from_its_channel():
    queues = (
        SyntheticQueue(channel="chat", daily_volume=5000.0),
        SyntheticQueue(channel="chat", vip_level="svip", daily_volume=20.0),
    )
    history = synthetic_history(weeks=8, interval_minutes=60, queues=queues, seed=3)
    panel = panel_from_history(history)
    result = candidate_forecasts(panel, empty_events(), horizon_days=7)
    svip = result.means["profile_average"][1]
    shape = svip / svip.sum(axis=1, keepdims=True)
    channel_shape = panel.volume[0, -56:].sum(axis=0) / panel.volume[0, -56:].sum()
    # the sparse queue's shape is close to the big queue's, not to its own noise
    assert np.abs(shape.mean(axis=0) - channel_shape).max() < 0.01
    assert abs(svip.sum() / 7 - 20.0) < 4.0


def test_a_short_gap_without_contacts_is_chance_a_long_one_is_closing_time():
    """Chat with no contact at Saturday 04:45 in any of 8 weeks (chance at night) is still
    forecast there, from the slots either side; a 2-hour gap every Wednesday stays closed."""
    history = pure_weekly(15)
    times = pd.to_datetime(history["interval_start"])
    chat = history["channel"] == "chat"
    blip = (times.dt.dayofweek == 5) & (times.dt.hour == 4) & (times.dt.minute == 45)
    lunch = (times.dt.dayofweek == 2) & times.dt.hour.between(12, 13)
    history = history[~(chat & (blip | lunch))]
    panel = panel_from_history(history)
    result = candidate_forecasts(panel, empty_events(), horizon_days=7)
    days = (panel.end + pd.to_timedelta(np.arange(7), unit="D")).dayofweek
    saturday, wednesday = int(np.flatnonzero(days == 5)[0]), int(np.flatnonzero(days == 2)[0])
    for alias in ("profile_average", "profile_ets", "channel_ets"):
        mean = result.means[alias][0]  # chat
        assert mean[saturday, 4 * 4 + 3] > 0, alias
        neighbours = mean[saturday, [4 * 4 + 2, 4 * 4 + 4]]
        assert neighbours.min() * 0.5 < mean[saturday, 4 * 4 + 3] < neighbours.max() * 1.5
        assert np.all(mean[wednesday, 12 * 4 : 14 * 4] == 0), alias
