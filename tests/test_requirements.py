"""Requirements: readers and writers of forecast.csv and requirements.csv, and sizing."""

from __future__ import annotations

import pandas as pd
import pytest

from staffing.errors import StaffingInputError
from staffing.requirements import (
    read_forecast,
    read_requirements,
    validate_forecast,
    validate_requirements,
    write_forecast,
    write_requirements,
)

FORECAST_HEADER = b"interval_start,channel,vip_level,volume,volume_p10,volume_p90,aht_s\n"
REQ_HEADER = b"interval_start,channel,vip_level,required_agents"


def test_read_requirements_dtypes_and_default_min_tier() -> None:
    frame = read_requirements(
        REQ_HEADER + b"\n2026-11-11 00:00:00,chat,vip,7\n2026-11-11 00:15:00,chat,vip,0\n"
    )
    assert frame.dtypes.astype(str).to_dict() == {
        "interval_start": "datetime64[ns]",
        "channel": "object",
        "vip_level": "object",
        "required_agents": "int64",
        "min_tier": "int64",
    }
    assert frame["required_agents"].tolist() == [7, 0]
    assert frame["min_tier"].tolist() == [1, 1]


def test_read_requirements_reports_every_problem() -> None:
    data = (
        REQ_HEADER
        + b",min_tier\n"
        + b"2026-11-11 00:00:00,chat,vip,-1,2\n"
        + b"2026-11-11 00:07:00,chat,vip,2.5,0\n"
        + b"2026-11-11 00:00:00,chat,vip,3,2\n"
        + b"not a time,,vip,3,2\n"
        + b"2026-11-11 00:15:00,chat,vip,3,4\n"
        + b"2026-11-11 00:30:00,chat,vip,3,2\n"
        + b"2026-11-11 00:45:00,chat,vip,3,1\n"
    )
    with pytest.raises(StaffingInputError) as info:
        read_requirements(data, name="requirements.csv")
    text = str(info.value)
    assert "row 6, column 'min_tier' (value '4')" in text
    # the rows whose tier differs from the queue's, together (row 7 agrees)
    assert (
        "rows 3, 6, 8, column 'min_tier' (values '0', '4', '1'): min_tier differs from the 2"
        in (text)
    )
    assert "row 2, column 'required_agents' (value '-1')" in text
    assert "row 3, column 'interval_start' (value '2026-11-11 00:07:00')" in text
    assert "row 3, column 'required_agents' (value '2.5')" in text
    assert "row 3, column 'min_tier' (value '0')" in text
    assert "row 4" in text and "duplicate of row 2" in text
    assert "row 5, column 'interval_start' (value 'not a time')" in text
    assert "row 5, column 'channel'" in text
    assert text.startswith("requirements.csv") or "requirements.csv, row" in text


def test_write_then_read_round_trip(tmp_path) -> None:
    frame = pd.DataFrame(
        {
            "interval_start": pd.to_datetime(["2026-11-11 00:15", "2026-11-11 00:00"]),
            "channel": ["phone", "phone"],
            "vip_level": ["vip", "vip"],
            "required_agents": [3, 4],
            "min_tier": [2, 2],
            "offered_load": [1.5, float("nan")],
            "target_met": [True, False],
            "reason": ["", "not enough"],
        }
    )
    before = frame.copy()
    path = tmp_path / "requirements.csv"
    write_requirements(path, frame)
    pd.testing.assert_frame_equal(frame, before)
    back = read_requirements(path)
    assert back["required_agents"].tolist() == [4, 3]
    assert back["target_met"].tolist() == [False, True]
    assert back["reason"].tolist() == ["not enough", ""]
    assert back["offered_load"].isna().tolist() == [True, False]


def test_validate_requirements_rejects_unknown_column() -> None:
    frame = pd.DataFrame(
        {
            "interval_start": pd.to_datetime(["2026-11-11"]),
            "channel": ["phone"],
            "vip_level": ["vip"],
            "required_agents": [1],
            "agents": [1],
        }
    )
    with pytest.raises(StaffingInputError, match="unknown column 'agents'"):
        validate_requirements(frame)


def test_read_forecast_checks_quantiles_and_aht() -> None:
    data = FORECAST_HEADER + (
        b"2026-11-11 00:00:00,phone,vip,10,16,15,200\n"
        b"2026-11-11 00:15:00,phone,vip,0.05,0,0,200\n"
        b"2026-11-11 00:30:00,phone,vip,10,8,12,0\n"
        b"2026-11-11 00:45:00,phone,vip,0,0,0,\n"
        b"2026-11-11 01:00:00,phone,vip,-2,0,0,100\n"
    )
    with pytest.raises(StaffingInputError) as info:
        read_forecast(data, name="forecast.csv")
    text = str(info.value)
    assert "row 2, column 'volume_p10' (value '16'): volume_p10 is above volume_p90" in text
    assert "row 3" not in text  # a count's 90% quantile may be below a small mean
    assert "row 4, column 'aht_s' (value '0')" in text
    assert "row 5" not in text
    assert "row 6, column 'volume' (value '-2')" in text


def test_read_forecast_empty_aht_on_zero_volume_is_nan() -> None:
    frame = read_forecast(FORECAST_HEADER + b"2026-11-11 00:00:00,email,vip,0,0,0,\n")
    assert frame["aht_s"].isna().all()
    assert frame["volume"].tolist() == [0.0]


def test_read_forecast_names_each_queue_without_handle_times_once() -> None:
    """A forecast from a history without aht_s: one problem per queue, not one per row; a
    queue with some handle times still gets its empty rows named."""
    data = FORECAST_HEADER + (
        b"2026-11-11 00:00:00,chat,standard,4,2,6,\n"
        b"2026-11-11 00:15:00,chat,standard,5,3,7,\n"
        b"2026-11-11 00:30:00,chat,standard,0,0,0,\n"
        b"2026-11-11 00:00:00,phone,vip,3,1,5,200\n"
        b"2026-11-11 00:15:00,phone,vip,3,1,5,\n"
    )
    with pytest.raises(StaffingInputError) as info:
        read_forecast(data, name="forecast.csv")
    problems = info.value.problems
    assert len(problems) == 2
    assert "aht_s is empty on every row of queue chat/standard with contacts (2 rows)" in str(
        problems[0]
    )
    assert problems[0].row is None and "history.csv" in problems[0].fix
    assert (problems[1].row, problems[1].column) == (6, "aht_s")


FORECAST_WITH_MODEL = (
    b"interval_start,channel,vip_level,volume,volume_p10,volume_p90,aht_s,model\n"
    b"2026-11-23 00:00:00,chat,standard,6.709,3.0,10.0,398.6,channel_ets\n"
    b"2026-11-23 00:00:00,chat,svip,0.592,0.0,2.0,503.8,profile_average\n"
    b"2026-11-23 00:15:00,chat,standard,5.913,3.0,9.0,401.2,channel_ets\n"
)


def test_read_forecast_accepts_the_model_column_of_a_forecaster_frame() -> None:
    frame = read_forecast(FORECAST_WITH_MODEL, name="forecast.csv")
    assert frame["model"].tolist() == ["channel_ets", "profile_average", "channel_ets"]
    assert frame["volume"].tolist() == [6.709, 0.592, 5.913]
    assert frame["interval_start"].dtype == "datetime64[ns]"
    in_memory = validate_forecast(frame)
    pd.testing.assert_frame_equal(in_memory, frame)


def test_read_forecast_with_model_still_rejects_bad_columns_and_values() -> None:
    header, _, rows = FORECAST_WITH_MODEL.partition(b"\n")
    renamed = header.replace(b"volume_p10", b"p10") + b",modle\n" + rows.replace(b"\n", b",x\n")
    with pytest.raises(StaffingInputError) as info:
        read_forecast(renamed, name="forecast.csv")
    text = str(info.value)
    assert "forecast.csv, column 'volume_p10': required column 'volume_p10' is missing" in text
    assert "column 'p10': unknown column 'p10'" in text
    assert "column 'modle': unknown column 'modle'" in text
    assert "allowed columns are interval_start, channel, vip_level, volume, volume_p10" in text
    bad = FORECAST_WITH_MODEL.replace(b"chat,svip,0.592", b"chat,svip,-1")
    with pytest.raises(StaffingInputError) as info:
        read_forecast(bad, name="forecast.csv")
    assert "forecast.csv, row 3, column 'volume' (value '-1')" in str(info.value)


def test_write_forecast_then_read_round_trip(tmp_path) -> None:
    frame = read_forecast(FORECAST_WITH_MODEL).iloc[::-1].reset_index(drop=True)
    before = frame.copy()
    path = tmp_path / "forecast.csv"
    write_forecast(path, frame)
    pd.testing.assert_frame_equal(frame, before)
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "interval_start,channel,vip_level,volume,volume_p10,volume_p90,aht_s"
    back = read_forecast(path)
    expected = frame.drop(columns="model").sort_values(["interval_start", "channel", "vip_level"])
    pd.testing.assert_frame_equal(back, expected.reset_index(drop=True))
    with pytest.raises(StaffingInputError, match="no 'aht_s' column"):
        write_forecast(tmp_path / "partial.csv", frame.drop(columns="aht_s"))
    assert not (tmp_path / "partial.csv").exists()


# ---------------------------------------------------------------------------- sizing

import numpy as np  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from staffing.cli import main  # noqa: E402
from staffing.requirements import compute_requirements, deferred_agents  # noqa: E402
from staffing.targets import read_targets  # noqa: E402

TARGETS = read_targets(
    b"""shrinkage = 0.3
[bot_deflection]
chat = 0.5
[[queues]]
channel = "phone"
vip_level = "standard"
model = "erlang_c"
service_level = 0.8
answer_within_s = 20
min_tier = 2
[[queues]]
channel = "chat"
vip_level = "standard"
model = "chat"
concurrency = 3
service_level = 0.9
answer_within_s = 30
[[queues]]
channel = "email"
vip_level = "standard"
model = "deferred"
service_level = 0.95
respond_within_h = 1
"""
)


def _forecast(channel: str, volumes: list[float], aht: float = 180.0) -> pd.DataFrame:
    times = pd.date_range("2026-11-11 07:30", periods=len(volumes), freq="30min")
    return pd.DataFrame(
        {
            "interval_start": times,
            "channel": channel,
            "vip_level": "standard",
            "volume": volumes,
            "volume_p10": volumes,
            "volume_p90": volumes,
            "aht_s": aht,
        }
    )


def test_phone_closed_zero_and_shrinkage() -> None:
    forecast = _forecast("phone", [100.0, 100.0, 0.0, 100.0])
    before = forecast.copy()
    r = compute_requirements(forecast, TARGETS, opening_hours={"phone": (8 * 60, 24 * 60)})
    pd.testing.assert_frame_equal(forecast, before)
    # 07:30 is closed: zero agents and a flag for the contacts that cannot be served
    assert r["net_agents"].tolist() == [0, 14, 0, 14]
    assert r["required_agents"].tolist() == [0, 20, 0, 20]
    assert r["min_tier"].tolist() == [2] * 4
    assert r["target_met"].tolist() == [False, True, True, True]
    assert "closed" in r.loc[0, "reason"]
    assert r["expected_service_level"].iloc[1] == pytest.approx(0.8883500192, abs=1e-10)
    assert np.isnan(r["expected_service_level"].iloc[2])


def test_chat_uses_slots_and_bot_deflection() -> None:
    r = compute_requirements(_forecast("chat", [600.0], aht=300.0), TARGETS, interval_minutes=30)
    # 600 chats, half deflected: 300 x 300 s / 1800 s = 50 Erlangs on chat slots
    assert r.loc[0, "offered_load"] == pytest.approx(50.0)
    from staffing.queueing import ServiceTarget, minimal_agents

    slots = int(
        minimal_agents(
            50.0, aht_s=300, target=ServiceTarget(service_level=0.9, answer_within_s=30)
        ).agents
    )
    assert int(r.loc[0, "net_agents"]) == -(-slots // 3)
    assert r.loc[0, "expected_service_level"] >= 0.9


def test_a_forecast_on_another_grid_is_sized_on_the_rules_grid() -> None:
    """30-minute forecast, 15-minute rules: each half hour splits evenly; back to 30 minutes
    the contacts add up again and handle time is weighted by contacts."""
    forecast = _forecast("phone", [100.0, 60.0], aht=180.0)
    forecast.loc[1, "aht_s"] = 240.0
    fine = compute_requirements(forecast, TARGETS, interval_minutes=15)
    assert len(fine) == 4
    assert fine["interval_start"].diff().dropna().eq(pd.Timedelta(minutes=15)).all()
    # the same offered load (Erlangs) in each half of a half hour
    assert fine["offered_load"].tolist() == pytest.approx([10.0, 10.0, 8.0, 8.0])
    on_the_hour = forecast.assign(interval_start=forecast["interval_start"] + pd.Timedelta("30min"))
    coarse = compute_requirements(on_the_hour, TARGETS, interval_minutes=60)
    assert coarse["offered_load"].tolist() == pytest.approx([(100 * 180 + 60 * 240) / 3600])
    with pytest.raises(StaffingInputError, match="does not nest with the 20-minute"):
        compute_requirements(forecast, TARGETS, interval_minutes=20)


def test_unknown_queue_is_an_input_error() -> None:
    with pytest.raises(StaffingInputError, match="queue sms/standard has no target"):
        compute_requirements(_forecast("sms", [3.0]), TARGETS)


def _fluid_backlog_ok(work: np.ndarray, capacity: np.ndarray, window: int) -> bool:
    """FIFO fluid queue: by the end of interval j, all work of intervals <= j-window+1 is done."""
    arrived = np.cumsum(work)
    done = np.zeros_like(arrived)
    backlog = 0.0
    for j in range(work.size):
        backlog = max(backlog + work[j] - capacity[j], 0.0)
        done[j] = arrived[j] - backlog
    due = np.concatenate([np.zeros(window - 1), arrived[: work.size - window + 1]])
    return bool(np.all(done >= due - 1e-6))


@settings(max_examples=60, deadline=None)
@given(
    work=st.lists(st.floats(0, 20000), min_size=1, max_size=60),
    window=st.integers(1, 12),
    occupancy=st.floats(0.5, 1.0),
)
def test_deferred_requirement_clears_every_contact_by_its_deadline(
    work: list[float], window: int, occupancy: float
) -> None:
    work_s = np.array(work + [0.0] * window)  # quiet tail so every deadline is in the horizon
    agents = deferred_agents(
        work_s, window_intervals=window, interval_s=900, max_occupancy=occupancy
    )
    assert _fluid_backlog_ok(work_s, agents * 900 * occupancy, window)
    assert agents.sum() * 900 * occupancy <= work_s.sum() + 900 * work_s.size


@settings(max_examples=60, deadline=None)
@given(
    work=st.lists(st.floats(0, 20000), min_size=1, max_size=60),
    window=st.integers(1, 12),
)
def test_a_repeating_horizon_clears_the_work_of_the_one_before_by_its_deadline(
    work: list[float], window: int
) -> None:
    """Week after week alike: the work of the week before's end is done at this week's
    start, every deadline is kept, and the capacity is the work (before rounding up)."""
    work_s = np.array(work)
    agents = deferred_agents(work_s, window_intervals=window, interval_s=900, repeating=True)
    weeks = -(-(window - 1) // work_s.size) + 1
    assert _fluid_backlog_ok(np.tile(work_s, weeks + 1), np.tile(agents * 900.0, weeks + 1), window)
    assert work_s.sum() - 1e-6 <= agents.sum() * 900 <= work_s.sum() + 900 * work_s.size


def test_a_steady_email_week_is_staffed_alike_every_day() -> None:
    """8 emails a quarter hour at 450 s, open 09:00-21:00: 4 agents in every open interval,
    Monday included (the week before's last emails are answered on Monday morning)."""
    times = pd.date_range("2026-11-23", periods=7 * 96, freq="15min")
    volumes = np.where((times.hour >= 9) & (times.hour < 21), 8.0, 0.0)
    forecast = _forecast("email", list(volumes), aht=450.0).assign(interval_start=times)
    targets = read_targets(
        b'[[queues]]\nchannel = "email"\nvip_level = "standard"\nmodel = "deferred"\n'
        b"service_level = 0.95\nrespond_within_h = 24\n"
    )
    r = compute_requirements(
        forecast, targets, interval_minutes=15, opening_hours={"email": (9 * 60, 21 * 60)}
    )
    open_rows = (r["interval_start"].dt.hour >= 9) & (r["interval_start"].dt.hour < 21)
    assert set(r.loc[open_rows, "net_agents"]) == {4}
    assert set(r.loc[~open_rows, "net_agents"]) == {0}


def test_deferred_in_opening_hours_only() -> None:
    times = pd.date_range("2026-11-11 00:00", periods=48, freq="30min")
    volumes = np.where(times.hour == 3, 20.0, 0.0)  # 40 emails at night, closed
    forecast = _forecast("email", list(volumes), aht=360.0).assign(interval_start=times)
    r = compute_requirements(forecast, TARGETS, opening_hours={"email": (9 * 60, 21 * 60)})
    open_rows = r["interval_start"].dt.hour.between(9, 20)
    assert (r.loc[~open_rows, "net_agents"] == 0).all()
    # 40 x 360 s = 14,400 agent-seconds, due within 1 open hour after 09:00: 2 intervals
    assert r.loc[open_rows, "net_agents"].tolist()[:3] == [4, 4, 0]


def _cli_inputs(tmp_path, forecast: pd.DataFrame, shrinkage: float = 0.0) -> list[str]:
    """``staffing requirements`` with forecast.csv and a phone target written to tmp_path."""
    path = tmp_path / "forecast.csv"
    forecast.to_csv(path, index=False)
    targets = tmp_path / "targets.toml"
    targets.write_text(
        f'shrinkage = {shrinkage}\n[[queues]]\nchannel = "phone"\nvip_level = "standard"\n'
        'model = "erlang_c"\nservice_level = 0.8\nanswer_within_s = 20\n'
    )
    return ["requirements", "--forecast", str(path), "--targets", str(targets)]


def test_cli_requirements(tmp_path) -> None:
    args = _cli_inputs(tmp_path, _forecast("phone", [100.0, 50.0]), shrinkage=0.3)
    out = tmp_path / "requirements.csv"
    assert main([*args, "--out", str(out)]) == 0
    back = read_requirements(out)
    assert back["required_agents"].tolist()[0] == 20
    bad = tmp_path / "bad.toml"
    bad.write_text("shrinkage = 2\n")
    assert main([*args[:3], "--targets", str(bad), "--out", str(tmp_path / "x.csv")]) == 2
    assert not (tmp_path / "x.csv").exists()


def test_cli_sizes_a_forecast_on_the_rules_grid(tmp_path) -> None:
    """A 15-minute forecast with 30-minute rules is sized per half hour, as the library
    does (the forecast's times are not on the rules' grid); a grid that does not nest with
    the rules' is refused."""
    from importlib import resources

    template = resources.files("staffing.templates").joinpath("rules.toml").read_text("utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text(template.replace("minutes = 15", "minutes = 30"), encoding="utf-8")
    forecast = _forecast("phone", [50.0] * 4).assign(
        interval_start=pd.date_range("2026-11-11 10:00", periods=4, freq="15min")
    )
    args = _cli_inputs(tmp_path, forecast)
    out = tmp_path / "requirements.csv"
    assert main([*args, "--rules", str(rules), "--out", str(out)]) == 0
    back = read_requirements(out)
    assert back["interval_start"].tolist() == list(
        pd.date_range("2026-11-11 10:00", periods=2, freq="30min")
    )
    forecast.assign(
        interval_start=pd.date_range("2026-11-11 10:00", periods=4, freq="20min")
    ).to_csv(args[2], index=False)
    assert main([*args, "--rules", str(rules), "--out", str(tmp_path / "x.csv")]) == 2
