"""Forecaster fit/predict, calibrated bands, clear errors, and the CLI."""

from __future__ import annotations

import json
import re
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from forecast import FORECAST_COLUMNS, Forecaster, backtest
from forecast.metrics import coverage
from forecast.synthetic import SyntheticQueue, synthetic_history
from staffing.cli import main
from staffing.errors import StaffingInputError

QUEUES = (
    SyntheticQueue(channel="chat", daily_volume=1500.0),
    SyntheticQueue(channel="phone", vip_level="vip", daily_volume=60.0, open_hours=(8, 20)),
)


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return synthetic_history(weeks=10, interval_minutes=30, queues=QUEUES, seed=5)


@pytest.fixture(scope="module")
def fitted(history) -> Forecaster:
    return Forecaster().fit(history)


def test_predict_returns_forecast_columns_on_the_grid(fitted, history):
    before = history.copy()
    frame = fitted.predict("2026-03-16", days=2)
    pd.testing.assert_frame_equal(history, before)  # the caller's frame is untouched
    assert tuple(frame.columns[:7]) == FORECAST_COLUMNS
    assert frame["interval_start"].min() == pd.Timestamp("2026-03-16")
    assert frame["interval_start"].max() == pd.Timestamp("2026-03-17 23:30")
    assert (frame["interval_start"].dt.minute % 30 == 0).all()
    assert (frame["volume_p10"] <= frame["volume"] + 1).all()
    assert (frame["volume_p90"] >= frame["volume_p10"]).all()
    phone = frame[frame["channel"] == "phone"]
    assert phone["interval_start"].dt.hour.between(8, 19).all()  # closed hours stay absent
    assert frame["aht_s"].between(200, 600).all()
    assert set(frame["model"]) <= set(fitted.selection_table()["model"])
    assert len(fitted.choices_) == 2


def test_forced_model_and_queue_filter(history):
    model = Forecaster(model={("phone", "vip"): "weekly_average"}).fit(history)
    table = model.selection_table().set_index(["channel", "vip_level"])
    assert table.loc[("phone", "vip"), "model"] == "weekly_average"
    frame = model.predict("2026-03-16", days=1, queues=[("phone", "vip")])
    assert set(frame["channel"]) == {"phone"}


def test_quantile_coverage_on_a_simulated_poisson_series():
    weekly = synthetic_history(weeks=12, interval_minutes=60, queues=QUEUES, seed=8)
    model = Forecaster().fit(weekly)
    frame = model.predict("2026-03-30", days=7)
    future = synthetic_history(
        start="2026-03-30", weeks=1, interval_minutes=60, queues=QUEUES, seed=99
    )
    merged = frame.merge(
        future, on=["interval_start", "channel", "vip_level"], suffixes=("", "_actual")
    )
    assert len(merged) == len(frame)
    share = coverage(
        merged["volume_actual"].to_numpy(),
        merged["volume_p10"].to_numpy(),
        merged["volume_p90"].to_numpy(),
    )
    assert 0.7 <= share <= 0.9


def test_predict_errors(fitted):
    with pytest.raises(
        StaffingInputError,
        match=re.escape(
            "inside the history, which runs to the end of 2026-03-15. Fix: start on 2026-03-16"
        ),
    ):
        fitted.predict("2026-03-10", days=7)
    with pytest.raises(StaffingInputError, match="not a whole number"):
        fitted.predict("2026-03-16", days=0.01)
    with pytest.raises(StaffingInputError, match="not on the history's 30-minute grid"):
        fitted.predict("2026-03-16 00:10", days=1)
    with pytest.raises(StaffingInputError, match="unknown queues email/standard"):
        fitted.predict("2026-03-16", days=1, queues=[("email", "standard")])
    with pytest.raises(StaffingInputError, match="would end 367 days after the history"):
        fitted.predict("2027-03-16", days=2)
    with pytest.raises(StaffingInputError, match="not fitted yet"):
        Forecaster().predict("2026-03-16")


def test_fit_errors(history):
    short = history[history["interval_start"] < pd.Timestamp("2026-01-26")]
    with pytest.raises(
        StaffingInputError, match=r"covers 21 days but forecasting .* needs at least 35 days"
    ):
        Forecaster().fit(short)
    with pytest.raises(StaffingInputError, match="queue email/vip is not in the history"):
        Forecaster(model={("email", "vip"): "profile_ets"}).fit(history)
    with pytest.raises(StaffingInputError, match="'model' parameter of Forecaster must name"):
        Forecaster(model="prophet").fit(history)
    with pytest.raises(StaffingInputError, match="'n_windows' parameter of Forecaster"):
        Forecaster(n_windows=0).fit(history)
    with pytest.raises(StaffingInputError, match="needs at least 105 days \\(15 whole weeks\\)"):
        backtest(history, weeks=10)


def test_backtest_scores_every_model_and_the_chosen_one(history):
    result = backtest(history, weeks=2)
    pooled = result.pooled.set_index("model")
    assert list(pooled.index) == [
        "seasonal_naive",
        "weekly_average",
        "profile_average",
        "profile_ets",
        "channel_ets",
        "chosen",
    ]
    assert (pooled["wape"] > pooled["poisson_floor_wape"] * 0.9).all()
    assert pooled.loc["chosen", "wape"] < pooled.loc["seasonal_naive", "wape"]
    assert len(result.cutoffs) == 2
    assert len(result.choices) == 2 * 2
    assert {"cutoff", "volume", "chosen_p10", "chosen_p90"} <= set(result.forecasts.columns)


def test_cli_forecast_and_backtest(tmp_path, history, capsys):
    path = tmp_path / "history.csv"
    history.to_csv(path, index=False)
    events = tmp_path / "events.csv"
    events.write_text("name,start,end,multiplier\nSale,2026-03-18,2026-03-19,2.5\n")
    out = tmp_path / "forecast.csv"
    code = main(
        [
            "forecast",
            "--history",
            str(path),
            "--events",
            str(events),
            "--start",
            "2026-03-16",
            "--days",
            "7",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    frame = pd.read_csv(out, parse_dates=["interval_start"])
    assert tuple(frame.columns) == FORECAST_COLUMNS
    daily = frame[frame["channel"] == "chat"].groupby(frame["interval_start"].dt.date)["volume"]
    totals = daily.sum()
    assert totals.iloc[2] == pytest.approx(2.5 * totals.iloc[1] * 1.0, rel=0.15)

    metrics = tmp_path / "METRICS.json"
    assert main(["backtest", "--history", str(path), "--weeks", "1", "--out", str(metrics)]) == 0
    data = json.loads(metrics.read_text())
    assert {"pooled", "per_queue", "weekly", "choices", "cutoffs"} <= set(data)
    assert {row["model"] for row in data["pooled"]} >= {"weekly_average", "chosen"}
    assert np.isfinite(data["pooled"][0]["poisson_floor_wape"])

    capsys.readouterr()
    code = main(
        [
            "forecast",
            "--history",
            str(path),
            "--start",
            "2026-03-01",
            "--days",
            "7",
            "--out",
            str(tmp_path / "bad.csv"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "lies inside the history" in err and "Traceback" not in err
    assert not (tmp_path / "bad.csv").exists()

    forecast_args = ["forecast", "--history", str(path), "--days", "7", "--out", str(out)]
    with pytest.raises(SystemExit) as usage:  # day first or month first? never guessed
        main([*forecast_args, "--start", "16/03/2026"])
    assert usage.value.code == 2
    assert "'16/03/2026' is not an ISO 8601 date" in capsys.readouterr().err
    last_week = history[history["interval_start"] >= history["interval_start"].max().normalize()]
    last_week.to_csv(tmp_path / "short.csv", index=False)
    short = ["--history", str(tmp_path / "short.csv"), "--start", "2026-03-16"]
    assert main([*forecast_args, *short]) == 2
    err = capsys.readouterr().err
    assert "supply a longer history.csv" in err and "--weeks" not in err


def test_cli_forecast_says_when_the_history_has_no_handle_times(tmp_path, history, capsys):
    path = tmp_path / "history.csv"
    history.drop(columns=["aht_s"]).to_csv(path, index=False)
    out = tmp_path / "forecast.csv"
    run = ["forecast", "--history", str(path), "--start", "2026-03-16", "--days", "1"]
    assert main([*run, "--out", str(out)]) == 0
    assert "Note: aht_s is empty for chat/standard, phone/vip" in capsys.readouterr().out
    targets = str(resources.files("staffing.templates").joinpath("targets.toml"))
    sized = ["--targets", targets, "--out", str(tmp_path / "r.csv")]
    assert main(["requirements", "--forecast", str(out), *sized]) == 2
    err = capsys.readouterr().err
    assert "queue chat/standard with contacts" in err and "row 2" not in err
