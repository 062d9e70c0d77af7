"""The issue's bar on the bundled sample: beat the planner's same-slot average, also on
Double 11, with calibrated bands. (The full 8-week figures: bench/bench_forecast.py.)"""

from __future__ import annotations

import pandas as pd
import pytest

from forecast import backtest, read_events, read_history


@pytest.mark.slow
def test_double_11_week_beats_the_weekly_average(sample_dir):
    history = read_history(sample_dir / "history.csv")
    events = read_events(sample_dir / "events.csv")
    assert history.attrs["interval_minutes"] == 15
    # end the history on the Sunday before Double 11, so the backtest week contains it
    before = history[history["interval_start"] < pd.Timestamp("2026-11-16")]
    result = backtest(before, events, weeks=1)
    assert "Double 11" in result.weekly["events"].iloc[0]
    pooled = result.pooled.set_index("model")
    assert pooled.loc["chosen", "wape"] <= 0.9 * pooled.loc["weekly_average", "wape"]
    assert 0.7 <= pooled.loc["chosen", "coverage_p10_p90"] <= 0.9
    assert pooled.loc["chosen", "wape"] > pooled.loc["chosen", "poisson_floor_wape"]
