"""The event layer: uplift learned from a planted event and applied to its next occurrence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast.events import EventWindows, label_days
from forecast.history import empty_events
from forecast.models import candidate_forecasts
from forecast.panel import panel_from_history
from forecast.synthetic import (
    SyntheticEvent,
    SyntheticQueue,
    intraday_shape,
    synthetic_events,
    synthetic_history,
)

START = pd.Timestamp("2026-01-05")  # a Monday
QUEUES = (
    SyntheticQueue(channel="chat", daily_volume=4000.0),
    SyntheticQueue(channel="chat", vip_level="vip", daily_volume=400.0),
)
PAST = SyntheticEvent(
    name="Mega Sale 2026",
    start=START + pd.Timedelta(days=38),  # a Thursday in week 6
    end=START + pd.Timedelta(days=39),
    multiplier=3.0,
    night_multiplier=4.0,
    after_days=3,
    after_multiplier=1.5,
)
WEEKS = 12
FUTURE = SyntheticEvent(
    name="Mega Sale 2027",
    start=START + pd.Timedelta(days=7 * WEEKS + 2),  # Wednesday of the forecast week
    end=START + pd.Timedelta(days=7 * WEEKS + 3),
    multiplier=3.0,
)


def planted():
    history = synthetic_history(
        start=str(START.date()),
        weeks=WEEKS,
        interval_minutes=60,
        queues=QUEUES,
        events=(PAST,),
        seed=11,
    )
    return panel_from_history(history), synthetic_events((PAST, FUTURE))


def test_uplift_is_recovered_and_applied_to_the_next_occurrence():
    panel, events = planted()
    result = candidate_forecasts(panel, events, horizon_days=7)
    daily = result.effects.daily.set_index(["segment", "offset"])
    shape = intraday_shape(24)
    night = np.arange(24) < 2
    day_ratio = 3.0 * (shape * np.where(night, 4.0, 1.0)).sum() / shape.sum()
    assert daily.loc[("during", 0), "multiplier"] == pytest.approx(day_ratio, rel=0.05)
    for offset in (1, 2, 3):
        assert daily.loc[("after", offset), "multiplier"] == pytest.approx(1.5, rel=0.08)
    assert daily.loc[("after", 5), "multiplier"] == pytest.approx(1.0, rel=0.08)

    past_only = events[events["name"] != "Mega Sale 2027"]
    no_events = candidate_forecasts(panel, past_only, horizon_days=7)
    for alias in ("profile_average", "profile_ets", "channel_ets"):
        with_event = result.means[alias][:, 2].sum(axis=1)
        without = no_events.means[alias][:, 2].sum(axis=1)
        np.testing.assert_allclose(with_event / without, day_ratio, rtol=0.07)
        night = result.means[alias][0, 2, :2].sum() / no_events.means[alias][0, 2, :2].sum()
        assert night == pytest.approx(3.0 * 4.0, rel=0.25), alias
        # the days before are as usual; the three days after carry the returns wave
        ratio = result.means[alias].sum(axis=2) / no_events.means[alias].sum(axis=2)
        np.testing.assert_allclose(ratio[:, :2], 1.0, rtol=0.08)
        np.testing.assert_allclose(ratio[:, 3:6], 1.5, rtol=0.08)
    assert result.event_days.all()  # before, during and after days all carry a label


def test_past_event_does_not_inflate_the_baseline():
    panel, events = planted()
    # the event was 6 weeks ago; put a copy into last week's Wednesday too
    volume = panel.volume.copy()
    volume[:, -5] *= 1.4
    from dataclasses import replace

    recent = replace(panel, volume=volume)
    last = SyntheticEvent(
        name="Mega Sale flash",
        start=panel.end - pd.Timedelta(days=5),
        end=panel.end - pd.Timedelta(days=4),
        multiplier=1.4,
    )
    both = pd.concat([events, synthetic_events((last,))], ignore_index=True)
    blind = candidate_forecasts(recent, empty_events(), horizon_days=7).means["weekly_average"]
    aware = candidate_forecasts(recent, both, horizon_days=7).means["weekly_average"]
    normal = candidate_forecasts(panel, empty_events(), horizon_days=7).means["weekly_average"]
    assert blind[:, 2].sum() > 1.1 * normal[:, 2].sum()
    assert aware[:, 2].sum() == pytest.approx(normal[:, 2].sum(), rel=0.05)


def test_planner_multiplier_overrides_the_learned_uplift():
    panel, events = planted()
    events = events.copy()
    events.loc[events["name"] == "Mega Sale 2027", "multiplier"] = 2.0
    learned = candidate_forecasts(panel, events[events["name"] != "Mega Sale 2027"], horizon_days=7)
    result = candidate_forecasts(panel, events, horizon_days=7)
    ratio = (
        result.means["profile_average"][:, 2].sum() / learned.means["profile_average"][:, 2].sum()
    )
    assert ratio == pytest.approx(2.0, rel=1e-9)


def test_overlapping_events_prefer_the_shorter_during_window():
    days = pd.date_range("2026-10-18", periods=30, freq="D")
    events = pd.DataFrame(
        {
            "name": ["Pre-sale", "Big day"],
            "kind": ["pre-sale", "big day"],
            "start": pd.to_datetime(["2026-10-20 20:00", "2026-11-11 00:00"]),
            "end": pd.to_datetime(["2026-11-11 00:00", "2026-11-12 00:00"]),
            "multiplier": [np.nan, np.nan],
        }
    )
    labels = label_days(days, events, EventWindows()).set_index("day_index")
    index = {d: i for i, d in enumerate(days)}
    assert labels.loc[index[pd.Timestamp("2026-10-20")], "offset"] == 21
    assert labels.loc[index[pd.Timestamp("2026-11-10")], "kind"] == "pre-sale"
    assert labels.loc[index[pd.Timestamp("2026-11-11")], "kind"] == "big day"
    assert labels.loc[index[pd.Timestamp("2026-11-12")], "segment"] == "after"
    assert labels.loc[index[pd.Timestamp("2026-11-12")], "kind"] == "big day"
