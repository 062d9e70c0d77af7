"""Staffing requirements: agents needed per interval and queue, and the files that carry them.

forecast.csv: one row per interval and queue (the forecasting stage's output).

==============  ==============  =========================================================
column          dtype           meaning
==============  ==============  =========================================================
interval_start  datetime64[ns]  interval start, local time (``2026-11-11 00:15:00``)
channel         object (str)    channel of the queue (``phone``, ``chat``, ...)
vip_level       object (str)    VIP level of the queue (``standard``, ``vip``, ...)
volume          float64         expected contacts arriving in the interval (>= 0)
volume_p10      float64         10% quantile of the volume (<= volume_p90)
volume_p90      float64         90% quantile of the volume
aht_s           float64         average handle time in seconds (> 0; may be empty where
                                volume is 0, then NaN)
model           object (str)    optional: alias of the forecasting model of the queue
                                (``profile_ets``, ...), as ``Forecaster.predict`` returns
                                it; kept by readers, not used for sizing
==============  ==============  =========================================================

``write_forecast`` writes the documented columns (without ``model``); readers accept a
``model`` column too, so a forecast.csv from any command of the product reads back.

requirements.csv: one row per interval and queue.

======================  ==============  =================================================
column                  dtype           meaning
======================  ==============  =================================================
interval_start          datetime64[ns]  interval start, local time
channel                 object (str)    channel of the queue
vip_level               object (str)    VIP level of the queue
required_agents         int64           scheduled agents needed (shrinkage included), >= 0
min_tier                int64           lowest agent tier allowed on the queue (1 when the
                                        file has no such column)
offered_load            float64         diagnostics: offered load in Erlangs (volume x
                                        aht_s / interval length), after bot deflection
net_agents              int64           diagnostics: agents needed on the queue (no
                                        shrinkage)
expected_service_level  float64         diagnostics: service level at ``net_agents``
                                        (NaN where there are no contacts)
asa_s                   float64         diagnostics: average speed of answer (NaN: none)
abandon_rate            float64         diagnostics: share of contacts abandoning (NaN: none)
occupancy               float64         diagnostics: agents' busy share (NaN: no agents)
target_met              bool            diagnostics: False where no agent count meets the
                                        queue's targets in the interval
reason                  object (str)    diagnostics: why the target is not met ("" if met)
======================  ==============  =================================================

Diagnostics columns are optional in the file; readers keep those present. Readers return new
frames with a fresh ``RangeIndex`` in file order; writers validate first and never change the
caller's frame.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import cast

import numpy as np
import pandas as pd

from staffing.errors import Problem, ProblemCollector, StaffingInputError
from staffing.i18n import msg
from staffing.io import write_csv
from staffing.queueing import erlang_a_metrics, erlang_c_metrics, minimal_agents
from staffing.tabular import (
    Source,
    check_duplicates,
    check_on_grid,
    frame_as_table,
    parse_numbers,
    parse_timestamps,
    read_table,
    source_name,
)
from staffing.targets import QueueTarget, Targets

KEYS = ("interval_start", "channel", "vip_level")
FORECAST_COLUMNS = (*KEYS, "volume", "volume_p10", "volume_p90", "aht_s")
FORECAST_OPTIONAL = ("model",)
REQUIREMENTS_REQUIRED = (*KEYS, "required_agents")
REQUIREMENTS_OPTIONAL = (
    "min_tier",
    "offered_load",
    "net_agents",
    "expected_service_level",
    "asa_s",
    "abandon_rate",
    "occupancy",
    "target_met",
    "reason",
)
REQUIREMENTS_COLUMNS = (*REQUIREMENTS_REQUIRED, *REQUIREMENTS_OPTIONAL)

DEFAULT_INTERVAL_MINUTES = 15
_FLOAT_DIAGNOSTICS = (
    "offered_load",
    "expected_service_level",
    "asa_s",
    "abandon_rate",
    "occupancy",
)
_BOOLEAN_TEXT = {"true": True, "false": False, "1": True, "0": False}


# --------------------------------------------------------------------------- forecast.csv


def read_forecast(
    source: Source, name: str | None = None, *, interval_minutes: int | None = None
) -> pd.DataFrame:
    """Read and check forecast.csv (path, bytes or open binary file); dtypes as documented.

    ``interval_minutes`` is the grid the times must lie on; by default the most common gap
    between consecutive intervals of a queue.

    >>> f = read_forecast(b"interval_start,channel,vip_level,volume,volume_p10,volume_p90,aht_s\\n"
    ...                   b"2026-11-11 00:00:00,phone,vip,12.5,9,16,240\\n")
    >>> f.loc[0, "volume"], f.loc[0, "aht_s"]
    (np.float64(12.5), np.float64(240.0))
    """
    name = source_name(source, name)
    table = read_table(source, required=FORECAST_COLUMNS, optional=FORECAST_OPTIONAL, name=name)
    return _forecast_from_text(table, name, interval_minutes)


def validate_forecast(
    frame: pd.DataFrame, name: str = "forecast", *, interval_minutes: int | None = None
) -> pd.DataFrame:
    """Check a forecast frame built in memory; returns a new frame with the documented dtypes."""
    table = frame_as_table(frame, required=FORECAST_COLUMNS, optional=FORECAST_OPTIONAL, name=name)
    return _forecast_from_text(table, name, interval_minutes)


def write_forecast(path: str | os.PathLike[str], frame: pd.DataFrame) -> None:
    """Write a forecast frame atomically as forecast.csv, sorted by time and queue.

    Exactly the documented columns are written, in their order; other columns of the frame
    (such as ``model``) are left out and the caller's frame is not changed. Values are
    written as they are: ``read_forecast`` checks them when the file is used.
    """
    missing = [c for c in FORECAST_COLUMNS if c not in frame.columns]
    if missing:
        problems = ProblemCollector(os.fspath(path))
        for column in missing:
            problems.add(
                msg("the forecast to write has no '{column}' column", column=column),
                column=column,
                fix=msg(
                    "pass a frame with the forecast.csv columns, as Forecaster.predict returns"
                ),
            )
        problems.raise_if_any()
    forecast = frame[list(FORECAST_COLUMNS)].sort_values(list(KEYS), kind="stable")
    write_csv(path, forecast)


def queues_without_handle_time(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Queues of a history or forecast frame that have contacts but no ``aht_s`` on any row
    with contacts (a history without aht_s, or its forecast): they cannot be sized.

    >>> queues_without_handle_time(pd.DataFrame({"channel": ["chat", "chat", "email"],
    ...     "vip_level": "standard", "volume": [3, 0, 2], "aht_s": [np.nan, 200.0, 90.0]}))
    [('chat', 'standard')]
    """
    busy = frame["volume"] > 0
    timed = busy & (frame["aht_s"].notna() if "aht_s" in frame else False)
    counts = (
        frame[["channel", "vip_level"]]
        .assign(busy=busy, timed=timed)
        .groupby(["channel", "vip_level"], sort=True)[["busy", "timed"]]
        .sum()
    )
    return list(counts.index[(counts["busy"] > 0) & (counts["timed"] == 0)])


def _queues_without_handle_time(
    table: pd.DataFrame, volume: pd.Series, problems: ProblemCollector
) -> pd.DataFrame:
    """One problem per queue without a handle time (instead of one per row); its rows are
    then left out of the row checks (the table returned has a placeholder there)."""
    aht = table["aht_s"].where(table["aht_s"] != "", None)
    parts = table[["channel", "vip_level"]].assign(volume=volume, aht_s=aht)
    none = queues_without_handle_time(parts)
    if not none:
        return table
    for channel, vip_level in none:
        queue = (parts["channel"] == channel) & (parts["vip_level"] == vip_level)
        rows = int((queue & (volume > 0)).sum())
        problems.add(
            msg(
                "aht_s is empty on every row of queue {channel}/{vip_level} with contacts "
                "({rows} rows): the forecast has no handle time for it (a history.csv without "
                "aht_s gives such a forecast)",
                channel=channel,
                vip_level=vip_level,
                rows=rows,
            ),
            column="aht_s",
            fix=msg(
                "add aht_s (average handle time in seconds) to history.csv and forecast "
                "again, or fill the column"
            ),
        )
    keys = pd.MultiIndex.from_frame(table[["channel", "vip_level"]])
    return table.assign(aht_s=table["aht_s"].where(~keys.isin(none), "1"))


def _forecast_from_text(
    table: pd.DataFrame, name: str, interval_minutes: int | None
) -> pd.DataFrame:
    problems = ProblemCollector(name)
    times = _check_keys(table, problems, interval_minutes)
    volume, low, high = (
        parse_numbers(
            table, column, problems, minimum=0, what=msg("{column} (contacts)", column=column)
        )
        for column in ("volume", "volume_p10", "volume_p90")
    )
    zero_volume = volume == 0
    table = _queues_without_handle_time(table, volume, problems)
    aht = parse_numbers(
        table.assign(aht_s=table["aht_s"].where(~zero_volume | (table["aht_s"] != ""), "0")),
        "aht_s",
        problems,
        minimum=0,
        what=msg("{column} (seconds)", column="aht_s"),
    )
    no_time = aht.notna() & (aht == 0) & ~zero_volume & (table["aht_s"] != "")
    for row, value in table.loc[no_time, "aht_s"].items():
        problems.add(
            msg("aht_s must be greater than 0 where volume is above 0"),
            row=int(cast(int, row)),
            column="aht_s",
            value=value,
            fix=msg("write the average handle time in seconds, such as 240"),
        )
    # Quantiles of a count are whole numbers: for a small mean (0.05 contacts) the 90% quantile
    # is 0, below the mean. So only their order is checked, not their position around the mean.
    crossed = low.notna() & high.notna() & (low > high)
    for label, value in table.loc[crossed, "volume_p10"].items():
        row = cast(int, label)  # the table's row number
        p90 = cast(str, table.loc[row, "volume_p90"])  # the text as written
        problems.add(
            msg("volume_p10 is above volume_p90 ({p90})", p90=p90),
            row=int(row),
            column="volume_p10",
            value=value,
            fix=msg("the 10% quantile must not exceed the 90% quantile; swap or correct them"),
        )
    problems.raise_if_any()
    aht = aht.where(~(zero_volume & (table["aht_s"] == "")), np.nan)
    forecast = pd.DataFrame(
        {
            "interval_start": times.astype("datetime64[ns]"),
            "channel": table["channel"].astype(object),
            "vip_level": table["vip_level"].astype(object),
            "volume": volume.astype("float64"),
            "volume_p10": low.astype("float64"),
            "volume_p90": high.astype("float64"),
            "aht_s": aht.astype("float64"),
        }
    )
    if "model" in table.columns:
        forecast["model"] = table["model"].astype(object)
    return forecast.reset_index(drop=True)


# ----------------------------------------------------------------------- requirements.csv


def read_requirements(source: Source, name: str | None = None) -> pd.DataFrame:
    """Read and check requirements.csv (path, bytes or open binary file); dtypes as documented.

    >>> r = read_requirements(b"interval_start,channel,vip_level,required_agents\\n"
    ...                       b"2026-11-11 00:00:00,chat,vip,7\\n")
    >>> r.dtypes.to_dict()["required_agents"], int(r.loc[0, "min_tier"])
    (dtype('int64'), 1)
    """
    name = source_name(source, name)
    table = read_table(
        source, required=REQUIREMENTS_REQUIRED, optional=REQUIREMENTS_OPTIONAL, name=name
    )
    return _requirements_from_text(table, name)


def validate_requirements(frame: pd.DataFrame, name: str = "requirements") -> pd.DataFrame:
    """Check a requirements frame built in memory; returns a new frame with documented dtypes."""
    text = frame_as_table(
        frame, required=REQUIREMENTS_REQUIRED, optional=REQUIREMENTS_OPTIONAL, name=name
    )
    return _requirements_from_text(text, name)


def write_requirements(path: str | os.PathLike[str], frame: pd.DataFrame) -> None:
    """Check ``frame`` and write it atomically as requirements.csv, sorted by time and queue."""
    requirements = validate_requirements(frame, name=os.fspath(path))
    requirements = requirements.sort_values(list(KEYS), kind="stable")
    write_csv(path, requirements)


def _requirements_from_text(table: pd.DataFrame, name: str) -> pd.DataFrame:
    problems = ProblemCollector(name)
    times = _check_keys(table, problems, None)
    required = parse_numbers(
        table, "required_agents", problems, integer=True, minimum=0, what="required_agents"
    )
    columns: dict[str, pd.Series] = {
        "interval_start": times.astype("datetime64[ns]"),
        "channel": table["channel"].astype(object),
        "vip_level": table["vip_level"].astype(object),
        "required_agents": required,
    }
    if "min_tier" in table.columns:
        columns["min_tier"] = parse_numbers(
            table, "min_tier", problems, integer=True, minimum=1, maximum=3, what="min_tier"
        )
        _check_one_tier_per_queue(table, columns["min_tier"], problems)
    else:
        columns["min_tier"] = pd.Series(1, index=table.index)
    if "net_agents" in table.columns:
        columns["net_agents"] = parse_numbers(
            table, "net_agents", problems, integer=True, minimum=0, what="net_agents"
        )
    for column in _FLOAT_DIAGNOSTICS:
        if column in table.columns:
            columns[column] = parse_numbers(
                table, column, problems, minimum=0, required=False, what=column
            )
    for column in ("expected_service_level", "abandon_rate", "occupancy"):
        if column in table.columns:
            high = columns[column] > 1
            for row, value in table.loc[high, column].items():
                problems.add(
                    msg("{column} is a share and must be at most 1", column=column),
                    row=int(cast(int, row)),
                    column=column,
                    value=value,
                    fix=msg("write it as a fraction such as 0.85"),
                )
    if "target_met" in table.columns:
        lowered = table["target_met"].str.lower()
        bad = ~lowered.isin(list(_BOOLEAN_TEXT))
        for row, value in table.loc[bad, "target_met"].items():
            problems.add(
                msg("target_met must be true or false"),
                row=int(cast(int, row)),
                column="target_met",
                value=value,
                fix=msg("write true or false"),
            )
        columns["target_met"] = lowered.map(_BOOLEAN_TEXT)
    if "reason" in table.columns:
        columns["reason"] = table["reason"].astype(object)
    problems.raise_if_any()
    for column in ("required_agents", "min_tier", "net_agents"):
        if column in columns:
            columns[column] = columns[column].astype("int64")
    for column in _FLOAT_DIAGNOSTICS:
        if column in columns:
            columns[column] = columns[column].astype("float64")
    if "target_met" in columns:
        columns["target_met"] = columns["target_met"].astype(bool)
    ordered = [c for c in REQUIREMENTS_COLUMNS if c in columns]
    return pd.DataFrame({c: columns[c] for c in ordered}).reset_index(drop=True)


def _check_one_tier_per_queue(
    table: pd.DataFrame, tiers: pd.Series, problems: ProblemCollector
) -> None:
    """A queue has one min_tier (targets.toml's): rows that differ from its usual one."""
    frame = pd.DataFrame({"channel": table["channel"], "vip_level": table["vip_level"]})
    frame["tier"] = tiers
    frame = frame.dropna()
    usual = frame.groupby(["channel", "vip_level"])["tier"].transform(lambda t: t.mode().min())
    for row in frame.index[frame["tier"] != usual]:
        problems.add(
            msg(
                "min_tier differs from the {usual} of the other rows of queue "
                "{channel}/{vip_level}; a queue has one tier",
                usual=int(usual[row]),
                channel=frame.loc[row, "channel"],
                vip_level=frame.loc[row, "vip_level"],
            ),
            row=int(row),
            column="min_tier",
            value=table.loc[row, "min_tier"],
            fix=msg("use the queue's min_tier from targets.toml on every row"),
        )


# ------------------------------------------------------------------------------ shared


def _check_keys(
    table: pd.DataFrame, problems: ProblemCollector, interval_minutes: int | None
) -> pd.Series:
    """Parse interval_start, require channel and vip_level, check grid and duplicates."""
    times = parse_timestamps(table, "interval_start", problems)
    for column in ("channel", "vip_level"):
        for row in table.index[table[column] == ""]:
            problems.add(
                msg("{column} is required", column=column),
                row=int(row),
                column=column,
                fix=msg("fill in the queue's {column} (as in targets.toml)", column=column),
            )
    step = interval_minutes or _common_step_minutes(table, times)
    check_on_grid(table, "interval_start", times, step, problems)
    check_duplicates(table, KEYS, problems)
    return times


def _common_step_minutes(table: pd.DataFrame, times: pd.Series) -> int:
    """The most common gap between consecutive intervals of a queue, in whole minutes.

    Falls back to the product's default of 15 minutes when the gaps give no usable grid
    (a single interval per queue, or gaps that do not divide a day).
    """
    frame = pd.DataFrame(
        {"channel": table["channel"], "vip_level": table["vip_level"], "time": times}
    ).dropna()
    frame = frame.sort_values(["channel", "vip_level", "time"], kind="stable")
    gaps = frame.groupby(["channel", "vip_level"], sort=False)["time"].diff().dropna()
    minutes = gaps[gaps > pd.Timedelta(0)].dt.total_seconds() / 60
    usable = minutes[(minutes == np.floor(minutes)) & (1440 % minutes.clip(lower=1) == 0)]
    if usable.empty:
        return DEFAULT_INTERVAL_MINUTES
    return int(usable.mode().min())


# ------------------------------------------------------------------------------ sizing


def compute_requirements(
    forecast: pd.DataFrame,
    targets: Targets,
    *,
    opening_hours: Mapping[str, tuple[int, int]] | None = None,
    interval_minutes: int | None = None,
) -> pd.DataFrame:
    """Agents needed per interval and queue: forecast frame -> requirements frame.

    ``opening_hours`` maps a channel to (open, close) minutes after midnight (24:00 = 1440),
    as ``staffing.rules.Rules.opening_hours``; a channel not listed is open all day. Extra
    forecast columns (such as ``model``) are ignored; the caller's frame is not changed.

    >>> from staffing.targets import read_targets
    >>> targets = read_targets(b'shrinkage = 0.3\\n[[queues]]\\nchannel = "phone"\\n'
    ...     b'vip_level = "standard"\\nmodel = "erlang_c"\\nservice_level = 0.8\\n'
    ...     b'answer_within_s = 20\\n')
    >>> forecast = pd.DataFrame({"interval_start": pd.to_datetime(["2026-11-11 10:00",
    ...     "2026-11-11 10:30"]), "channel": "phone", "vip_level": "standard",
    ...     "volume": [100.0, 0.0], "volume_p10": [90.0, 0.0], "volume_p90": [110.0, 0.0],
    ...     "aht_s": [180.0, 180.0]})
    >>> r = compute_requirements(forecast, targets)
    >>> r[["net_agents", "required_agents"]].values.tolist()
    [[14, 20], [0, 0]]
    """
    missing = [c for c in FORECAST_COLUMNS if c not in forecast.columns]
    frame = validate_forecast(
        forecast[[c for c in FORECAST_COLUMNS if c in forecast.columns]]
        if not missing
        else forecast
    )
    own = _common_step_minutes(frame.astype(str), frame["interval_start"])
    step = interval_minutes or own
    frame = regrid_forecast(frame, own, step)
    problems = ProblemCollector("forecast")
    for channel, level in frame[["channel", "vip_level"]].drop_duplicates().itertuples(index=False):
        if targets.queue(str(channel), str(level)) is None:
            problems.add(
                msg("queue {channel}/{level} has no target", channel=channel, level=level),
                column="channel",
                value=f"{channel}/{level}",
                fix=msg(
                    "add a [[queues]] table for it to targets.toml or drop it from the forecast"
                ),
            )
    problems.raise_if_any()
    frame = frame.sort_values(list(KEYS), kind="stable").reset_index(drop=True)
    parts = [
        _size_queue(
            group, targets, targets.queue(str(channel), str(level)), opening_hours or {}, step
        )
        for (channel, level), group in frame.groupby(["channel", "vip_level"], sort=True)
    ]
    result = pd.concat(parts).sort_values(list(KEYS), kind="stable").reset_index(drop=True)
    return result[list(REQUIREMENTS_COLUMNS)]


def regrid_forecast(forecast: pd.DataFrame, step: int, minutes: int) -> pd.DataFrame:
    """A forecast on a ``step``-minute grid moved to a ``minutes``-minute one: contacts (and
    their bands) summed into longer intervals, handle time weighted by contacts; or spread
    evenly over shorter intervals. Grids that do not nest are refused."""
    if minutes == step:
        return forecast
    if max(minutes, step) % min(minutes, step):
        raise StaffingInputError(
            Problem(
                file="rules.toml",
                column="interval_minutes",
                value=str(minutes),
                message=msg(
                    "the forecast is on a {step}-minute grid, which does not nest with "
                    "the {minutes}-minute intervals the requirements are sized on",
                    step=step,
                    minutes=minutes,
                ),
                fix=msg(
                    "use an interval length that divides or is a multiple of {step} minutes",
                    step=step,
                ),
            )
        )
    volumes = ["volume", "volume_p10", "volume_p90"]
    if minutes > step:
        work = forecast["volume"] * forecast["aht_s"]
        frame = forecast.assign(
            interval_start=forecast["interval_start"].dt.floor(f"{minutes}min"), work=work
        )
        grouped = frame.groupby(list(KEYS), sort=True)
        out = grouped[[*volumes, "work"]].sum()
        mean_aht = grouped["aht_s"].mean()
        out["aht_s"] = (out["work"] / out["volume"]).where(out["volume"] > 0, mean_aht)
        return out.drop(columns="work").reset_index()[list(FORECAST_COLUMNS)]
    parts = step // minutes
    out = forecast.loc[forecast.index.repeat(parts)].reset_index(drop=True)
    offsets = np.tile(np.arange(parts) * minutes, len(forecast))
    out["interval_start"] = out["interval_start"] + pd.to_timedelta(offsets, unit="min")
    out[volumes] = out[volumes] / parts
    return out


def _open_mask(times: pd.Series, channel: str, hours: Mapping[str, tuple[int, int]]) -> np.ndarray:
    if channel not in hours:
        return np.ones(len(times), dtype=bool)
    open_minutes, close_minutes = hours[channel]
    minutes = (times.dt.hour * 60 + times.dt.minute).to_numpy()
    return (minutes >= open_minutes) & (minutes < close_minutes)


def _size_queue(
    group: pd.DataFrame,
    targets: Targets,
    queue: QueueTarget | None,
    hours: Mapping[str, tuple[int, int]],
    interval_minutes: int,
) -> pd.DataFrame:
    assert queue is not None
    interval_s = interval_minutes * 60.0
    n = len(group)
    volume = group["volume"].to_numpy() * (1.0 - targets.deflection(queue.channel))
    aht = group["aht_s"].fillna(0.0).to_numpy()
    is_open = _open_mask(group["interval_start"], queue.channel, hours)
    load = np.where(volume > 0, volume * aht / interval_s, 0.0)
    busy = is_open & (load > 0)
    net = np.zeros(n, dtype=np.int64)
    nan = np.full(n, np.nan)
    level, asa, abandon, occupancy = nan.copy(), nan.copy(), nan.copy(), nan.copy()
    met = np.ones(n, dtype=bool)
    reason = np.full(n, "", dtype=object)
    if queue.model == "deferred":
        net, level, occupancy = _size_deferred(group, volume, aht, queue, hours, interval_s)
        abandon = np.where(busy, 0.0, np.nan)
    elif busy.any():
        # A chat queue built without concurrency holds one chat per agent, as in simulate.
        chats = 1 if queue.concurrency is None else queue.concurrency
        slots = chats if queue.model == "chat" else 1
        patience = queue.patience_s if queue.model in ("erlang_a", "chat") else None
        result = minimal_agents(
            load[busy],
            aht_s=aht[busy],
            target=queue.service_target(),
            patience_s=patience,
            service_level_definition=targets.service_level_definition,
            short_abandon_s=targets.short_abandon_s,
        )
        agents = -(-result.agents // slots)  # whole agents holding ``slots`` chats each
        if slots > 1:
            metrics = (
                erlang_a_metrics(
                    agents * slots,
                    load[busy],
                    aht_s=aht[busy],
                    patience_s=patience,
                    answer_within_s=queue.answer_within_s or 0.0,
                    service_level_definition=targets.service_level_definition,
                    short_abandon_s=targets.short_abandon_s,
                )
                if patience is not None
                else erlang_c_metrics(
                    agents * slots,
                    load[busy],
                    aht_s=aht[busy],
                    answer_within_s=queue.answer_within_s or 0.0,
                )
            )
        else:
            metrics = result.metrics
        net[busy] = agents
        level[busy] = metrics.service_level
        asa[busy] = metrics.asa_s
        abandon[busy] = metrics.abandon_rate
        occupancy[busy] = metrics.occupancy
        met[busy] = result.target_met
        reason[np.flatnonzero(busy)[~result.target_met]] = msg(
            "no agent count meets every target of this queue; the count shown is the search limit"
        )
    lost = ~is_open & (volume > 0)
    met[lost] = False
    reason[lost] = msg("closed: contacts forecast outside opening hours cannot be served")
    required = np.ceil(net / (1.0 - targets.shrinkage) - 1e-9).astype(np.int64)
    return pd.DataFrame(
        {
            "interval_start": group["interval_start"].to_numpy(),
            "channel": queue.channel,
            "vip_level": queue.vip_level,
            "required_agents": required,
            "min_tier": np.int64(queue.min_tier),
            "offered_load": load,
            "net_agents": net,
            "expected_service_level": level,
            "asa_s": asa,
            "abandon_rate": abandon,
            "occupancy": occupancy,
            "target_met": met,
            "reason": reason,
        },
        index=group.index,
    )


def deferred_agents(
    work_s: np.ndarray,
    *,
    window_intervals: int,
    interval_s: float,
    max_occupancy: float = 1.0,
    repeating: bool = False,
) -> np.ndarray:
    """Net agents per open interval that clear all deferred work by its deadline.

    ``work_s`` is the handling work (contacts x aht_s) arriving in each consecutive open
    interval; each interval's work is spread evenly over its response window (the interval
    and the next ``window_intervals - 1`` open intervals), so the capacity is a moving
    average of the work: smooth, exactly the total work before rounding up to whole agents,
    and every contact is done by its deadline (first in, first out). With ``repeating``, the
    horizon stands for every one like it (a planning week for the week before): the work of
    its last window is done at its start, as the last window before it would be, so the
    start is not left with only its own arrivals and nothing spills past the end.

    >>> deferred_agents(np.array([0, 7200.0, 0, 0, 0]), window_intervals=2, interval_s=900)
    array([0, 4, 4, 0, 0])
    >>> deferred_agents(np.array([0, 0, 0, 0, 7200.0]), window_intervals=2, interval_s=900,
    ...                 repeating=True)
    array([4, 0, 0, 0, 4])
    """
    rate = _window_mean(work_s, window_intervals, repeating)
    return np.ceil(rate / (interval_s * max_occupancy) - 1e-9).astype(np.int64)


def _window_mean(work_s: np.ndarray, window_intervals: int, repeating: bool) -> np.ndarray:
    """Mean work per interval over each interval's last ``window_intervals`` (the horizon's
    end coming before its start when ``repeating``)."""
    before = window_intervals - 1
    if repeating and before and work_s.size:
        earlier = np.tile(work_s, -(-before // work_s.size))[-before:]
        work_s = np.concatenate([earlier, work_s])
    else:
        before = 0
    cumulative = np.concatenate([[0.0], np.cumsum(work_s)])
    index = np.arange(before + 1, work_s.size + 1)
    return (cumulative[index] - cumulative[np.maximum(index - window_intervals, 0)]) / (
        window_intervals
    )


def _size_deferred(
    group: pd.DataFrame,
    volume: np.ndarray,
    aht: np.ndarray,
    queue: QueueTarget,
    hours: Mapping[str, tuple[int, int]],
    interval_s: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Deferred work on the queue's full interval grid; closed-hour arrivals wait for opening
    (those after the horizon's last opening for its first, as the horizon repeats)."""
    times = group["interval_start"]
    grid = pd.date_range(times.min(), times.max(), freq=pd.Timedelta(seconds=interval_s))
    position = grid.get_indexer(pd.Index(times))
    work = np.zeros(grid.size)
    work[position] = volume * aht
    open_grid = _open_mask(pd.Series(grid), queue.channel, hours)
    is_open = open_grid[position]
    # work arriving while closed joins the next open interval
    open_positions = np.flatnonzero(open_grid)
    n = len(group)
    net = np.zeros(n, dtype=np.int64)
    level = np.full(n, np.nan)
    occupancy = np.full(n, np.nan)
    if open_positions.size == 0:
        return net, level, occupancy
    cumulative = np.cumsum(work)
    arrived = cumulative[open_positions]
    open_work = np.diff(np.concatenate([[0.0], arrived]))
    open_work[0] += cumulative[-1] - arrived[-1]  # after the last opening: the next first one
    assert queue.respond_within_h is not None
    window = max(int(queue.respond_within_h * 3600 // interval_s), 1)
    agents = deferred_agents(
        open_work,
        window_intervals=window,
        interval_s=interval_s,
        max_occupancy=queue.max_occupancy or 1.0,
        repeating=True,
    )
    on_grid = np.zeros(grid.size, dtype=np.int64)
    on_grid[open_positions] = agents
    net = on_grid[position]
    window_work = np.zeros(grid.size)
    window_work[open_positions] = _window_mean(open_work, window, repeating=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        occupancy = np.where(net > 0, window_work[position] / (net * interval_s), np.nan)
    level = np.where(is_open & (volume > 0), 1.0, np.nan)
    return net, level, occupancy
