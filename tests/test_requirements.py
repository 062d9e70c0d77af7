"""Requirements: readers and writers of forecast.csv and requirements.csv, and sizing."""

from __future__ import annotations

import pandas as pd
import pytest

from staffing.errors import StaffingInputError
from staffing.requirements import (
    read_forecast,
    read_requirements,
    validate_requirements,
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
    )
    with pytest.raises(StaffingInputError) as info:
        read_requirements(data, name="requirements.csv")
    text = str(info.value)
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
        b"2026-11-11 00:00:00,phone,vip,10,12,15,200\n"
        b"2026-11-11 00:15:00,phone,vip,10,8,9,200\n"
        b"2026-11-11 00:30:00,phone,vip,10,8,12,0\n"
        b"2026-11-11 00:45:00,phone,vip,0,0,0,\n"
        b"2026-11-11 01:00:00,phone,vip,-2,0,0,100\n"
    )
    with pytest.raises(StaffingInputError) as info:
        read_forecast(data, name="forecast.csv")
    text = str(info.value)
    assert "row 2, column 'volume_p10' (value '12')" in text
    assert "row 3, column 'volume_p90' (value '9')" in text
    assert "row 4, column 'aht_s' (value '0')" in text
    assert "row 5" not in text
    assert "row 6, column 'volume' (value '-2')" in text


def test_read_forecast_empty_aht_on_zero_volume_is_nan() -> None:
    frame = read_forecast(FORECAST_HEADER + b"2026-11-11 00:00:00,email,vip,0,0,0,\n")
    assert frame["aht_s"].isna().all()
    assert frame["volume"].tolist() == [0.0]
