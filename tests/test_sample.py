"""The sample data set: complete, deterministic and with the patterns a planner expects."""

from __future__ import annotations

import filecmp

import pandas as pd
import pytest

from staffing.sample import PLANNING_WEEK, SAMPLE_FILES, write_sample

FILES = list(SAMPLE_FILES)


@pytest.fixture(scope="module")
def history(sample_dir) -> pd.DataFrame:
    return pd.read_csv(sample_dir / "history.csv", parse_dates=["interval_start"])


@pytest.fixture(scope="module")
def daily(history) -> pd.Series:
    return history.groupby(history["interval_start"].dt.normalize())["volume"].sum()


def test_every_file_is_written(sample_dir) -> None:
    assert sorted(p.name for p in sample_dir.iterdir()) == sorted(FILES)


def test_same_seed_gives_identical_files(sample_dir, tmp_path) -> None:
    write_sample(tmp_path)
    matched, mismatch, errors = filecmp.cmpfiles(sample_dir, tmp_path, FILES, shallow=False)
    assert matched == FILES and mismatch == [] and errors == []


def test_two_full_years_of_twelve_queues_with_aht(history) -> None:
    span = history["interval_start"].max() - history["interval_start"].min()
    assert span >= pd.Timedelta(days=730)
    assert history.groupby(["channel", "vip_level"]).ngroups == 12
    assert history["interval_start"].max() < PLANNING_WEEK
    busy = history[history["volume"] > 0]
    assert busy["aht_s"].notna().all() and (busy["aht_s"] > 0).all()


@pytest.mark.parametrize("year", [2024, 2025])
def test_double_11_is_at_least_three_times_the_median_day_of_its_month(daily, year) -> None:
    november = daily[(daily.index.year == year) & (daily.index.month == 11)]
    assert daily[pd.Timestamp(f"{year}-11-11")] >= 3 * november.median()


def test_618_peak_and_returns_wave(daily) -> None:
    june = daily[(daily.index.year == 2025) & (daily.index.month == 6)]
    assert daily[pd.Timestamp("2025-06-18")] >= 3 * june.median()
    before = daily[pd.Timestamp("2025-11-01") : pd.Timestamp("2025-11-07")].mean()
    # the returns and logistics wave: days after Double 11 are above the first week of November
    after = daily[pd.Timestamp("2025-11-12") : pd.Timestamp("2025-11-14")].mean()
    normal = daily[pd.Timestamp("2025-09-01") : pd.Timestamp("2025-09-30")].median()
    assert after > 1.2 * normal and before > normal


def test_spike_right_after_midnight_on_sale_days(history) -> None:
    chat = history[history["channel"] == "chat"]
    hourly = chat.groupby(chat["interval_start"].dt.floor("h"))["volume"].sum()
    assert hourly[pd.Timestamp("2025-11-11 00:00")] > 5 * hourly[pd.Timestamp("2025-11-04 00:00")]


def test_spring_festival_dip(daily) -> None:
    holiday = daily[pd.Timestamp("2026-02-12") : pd.Timestamp("2026-02-20")].mean()
    january = daily[pd.Timestamp("2026-01-05") : pd.Timestamp("2026-01-25")].mean()
    assert holiday < 0.75 * january


def test_chat_is_the_largest_channel_and_vip_queues_are_sparse(history) -> None:
    by_channel = history.groupby("channel")["volume"].sum()
    assert by_channel.idxmax() == "chat"
    svip_phone = history[(history["channel"] == "phone") & (history["vip_level"] == "svip")]
    assert (svip_phone["volume"] == 0).mean() > 0.2


def test_evening_peak_and_weekday_weekend_difference(history) -> None:
    normal = history[
        (history["interval_start"] >= "2025-09-01") & (history["interval_start"] < "2025-10-01")
    ]
    hourly = normal.groupby(normal["interval_start"].dt.hour)["volume"].sum()
    assert hourly[20:23].max() > hourly[17:19].max() * 1.5
    assert hourly[20:23].max() > 0.8 * hourly[9:17].max()
    phone = normal[normal["channel"] == "phone"]
    by_day = phone.groupby(phone["interval_start"].dt.dayofweek)["volume"].sum()
    assert by_day[[5, 6]].mean() < 0.85 * by_day[[0, 1, 2, 3]].mean()


def test_closed_hours_are_absent(history) -> None:
    hours = history["interval_start"].dt.hour
    assert not ((history["channel"] == "phone") & (hours < 8)).any()
    assert not ((history["channel"] == "email") & ((hours < 9) | (hours >= 21))).any()
    assert ((history["channel"] == "chat") & (hours == 3)).any()


def test_agents_mix(sample_dir) -> None:
    agents = pd.read_csv(sample_dir / "agents.csv")
    assert 180 <= len(agents) <= 220
    assert set(agents["tier"]) == {1, 2, 3}
    assert set(agents["contract"]) == {"full_time", "part_time"}
    multi = agents["channels"].str.contains(";")
    assert multi.any() and (~multi).any()
    assert agents.groupby("tier")["hourly_cost"].mean().is_monotonic_increasing
    assert agents["vip_levels"].str.contains("svip").any()


def test_events_cover_past_and_next_year(sample_dir) -> None:
    events = pd.read_csv(sample_dir / "events.csv", parse_dates=["start", "end"])
    for name in ("618", "Double 11", "Double 12", "Spring Festival"):
        years = set(events.loc[events["name"] == name, "start"].dt.year)
        assert {2025, 2026, 2027} <= years, name
