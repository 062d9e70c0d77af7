"""Candidate forecasting models, each named by an alias (as statsforecast does).

All models forecast every queue on the history's own interval grid from the end of a
:class:`~forecast.panel.Panel`, and return mean volumes of shape
``(n_queues, horizon_days, slots_per_day)``.

- ``seasonal_naive``: the same slot one week earlier.
- ``weekly_average``: the planner's baseline: the same slot in the last ``average_weeks``
  weeks, weighted towards recent weeks (4-3-2-1), skipping days whose total is far from the
  weekday's median (unlisted holidays, outages) and with past events replaced by their
  counterfactual. This is the model to beat.
- ``profile_average``: a weekday's daily total (robust weighted average of the last
  ``level_weeks`` weeks) times an intraday profile (last ``profile_weeks`` weeks, small queues
  shrunk towards their channel's profile), with the event layer.
- ``profile_ets``: daily totals from statsforecast's ``AutoETS`` (additive damped trend,
  weekly additive season) on the
  event-cleaned daily series, times the same profile, with the event layer.
- ``channel_ets``: ``AutoETS`` on the channel's daily totals, split to the queue by its
  recent share (small queues borrow strength from their channel), times the profile, with the
  event layer.

AHT is forecast the same way for every model: the contact-weighted mean of the same weekday
slot over ``aht_weeks`` weeks, shrunk towards the queue's overall mean where contacts are few.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from forecast.events import (
    EventEffects,
    EventWindows,
    counterfactual,
    effect_arrays,
    label_days,
    learn_effects,
)
from forecast.panel import Panel

ALIASES = ("seasonal_naive", "weekly_average", "profile_average", "profile_ets", "channel_ets")
BASELINE = "weekly_average"
EVENT_AWARE = frozenset({"profile_average", "profile_ets", "channel_ets"})


@dataclass(frozen=True, kw_only=True)
class ModelSettings:
    """Tuning of the candidate models (window lengths in weeks or days, pseudo-counts in
    contacts)."""

    average_weeks: int = 4
    level_weeks: int = 6
    profile_weeks: int = 8
    profile_pseudo_count: float = 1000.0
    share_weeks: int = 8
    ets_days: int = 364
    aht_weeks: int = 8
    aht_pseudo_count: float = 30.0
    outlier_ratio: float = 1.6
    windows: EventWindows = field(default_factory=EventWindows)


@dataclass(frozen=True, kw_only=True)
class CandidateForecasts:
    """Every candidate's mean forecast for ``horizon_days`` days from ``first_day``.

    ``means[alias]`` and ``aht_s`` have shape ``(n_queues, horizon_days, slots_per_day)``;
    ``event_days`` marks future days that carry an event label.
    """

    first_day: pd.Timestamp
    means: dict[str, np.ndarray]
    aht_s: np.ndarray
    event_days: np.ndarray
    effects: EventEffects


def _channel_index(panel: Panel) -> tuple[np.ndarray, np.ndarray]:
    names, index = np.unique(panel.channels, return_inverse=True)
    return names, index


def _sum_by_channel(values: np.ndarray, index: np.ndarray, n_channels: int) -> np.ndarray:
    out = np.zeros((n_channels, *values.shape[1:]))
    np.add.at(out, index, values)
    return out


def _weekly_blocks(values: np.ndarray, weeks: int) -> np.ndarray:
    """The last ``weeks`` whole weeks as ``(rows, weeks, 7, ...)``, oldest week first.

    Position ``i`` of a block has the weekday of future day ``i`` (the panel ends at a
    midnight, so future day ``h`` matches position ``h % 7``).
    """
    n_days = values.shape[1]
    weeks = min(weeks, n_days // 7)
    tail = values[:, n_days - 7 * weeks :]
    return tail.reshape(values.shape[0], weeks, 7, *values.shape[2:])


def _recency_weights(weeks: int) -> np.ndarray:
    weights = np.arange(1, weeks + 1, dtype=float)
    return weights / weights.sum()


def _robust_weekly_mean(blocks: np.ndarray, outlier_ratio: float) -> np.ndarray:
    """Recency-weighted mean over the weeks axis, skipping days whose total is more than
    ``outlier_ratio`` times away from the median of the same weekday."""
    weeks = blocks.shape[1]
    totals = blocks.sum(axis=tuple(range(3, blocks.ndim))) if blocks.ndim > 3 else blocks
    median = np.median(totals, axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (totals * outlier_ratio >= median) & (totals <= median * outlier_ratio)
    ok |= median == 0
    weights = _recency_weights(weeks)[None, :, None] * ok
    norm = weights.sum(axis=1, keepdims=True)
    weights = np.where(norm > 0, weights / np.where(norm > 0, norm, 1), 1.0 / weeks)
    weights = weights.reshape(weights.shape + (1,) * (blocks.ndim - 3))
    return (blocks * weights).sum(axis=1)


def _tile_week(by_weekday: np.ndarray, horizon_days: int) -> np.ndarray:
    """Repeat a ``(rows, 7, ...)`` weekday array over ``horizon_days`` future days."""
    positions = np.arange(horizon_days) % 7
    return by_weekday[:, positions]


def _profiles(clean: np.ndarray, channel_index: np.ndarray, settings: ModelSettings) -> np.ndarray:
    """Intraday shares ``(n_queues, 7, slots)`` per queue and weekday, shrunk towards the
    channel's; zero in slots where the channel had no contact in ``profile_weeks`` weeks,
    except gaps of up to an hour between slots with contacts (:func:`_fill_short_gaps`)."""
    n_channels = int(channel_index.max()) + 1
    blocks = _weekly_blocks(clean, settings.profile_weeks)  # (Q, W, 7, S)
    queue_sum = blocks.sum(axis=1)  # (Q, 7, S)
    channel_sum = _sum_by_channel(queue_sum, channel_index, n_channels)[channel_index]
    queue_total = queue_sum.sum(axis=2, keepdims=True)
    channel_total = channel_sum.sum(axis=2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        channel_shape = np.where(channel_total > 0, channel_sum / channel_total, 0.0)
        queue_shape = np.where(queue_total > 0, queue_sum / queue_total, 0.0)
    is_open = channel_sum > 0
    max_gap = max(slots_per_hour(channel_sum.shape[2]), 1)
    is_open, (queue_shape, channel_shape) = _fill_short_gaps(
        is_open, (queue_shape, channel_shape), max_gap
    )
    kappa = settings.profile_pseudo_count
    profile = (queue_total * queue_shape + kappa * channel_shape) / (queue_total + kappa)
    profile = np.where(is_open, profile, 0.0)
    norm = profile.sum(axis=2, keepdims=True)
    return np.where(norm > 0, profile / np.where(norm > 0, norm, 1), 0.0)


def slots_per_hour(slots_per_day: int) -> int:
    return slots_per_day // 24


def _fill_short_gaps(
    is_open: np.ndarray, shapes: tuple[np.ndarray, ...], max_gap: int
) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """Runs of at most ``max_gap`` slots without a contact between slots with contacts, on
    the same weekday, are chance at low volume, not closing hours (a 24-hour chat channel
    had no contact at Saturday 04:45 in 8 weeks, between slots of about one contact each):
    they count as open, each at the mean share of the open slots either side."""
    is_open = is_open.copy()
    shapes = tuple(shape.copy() for shape in shapes)
    for index in np.ndindex(is_open.shape[:-1]):
        where = np.flatnonzero(is_open[index])
        for left, right in itertools.pairwise(where):
            if 1 < right - left <= max_gap + 1:
                is_open[index][left + 1 : right] = True
                for shape in shapes:
                    shape[index][left + 1 : right] = (shape[index][left] + shape[index][right]) / 2
    return is_open, shapes


def _ets_daily(series: np.ndarray, horizon_days: int, settings: ModelSettings) -> np.ndarray:
    """ETS(A, Ad, A) forecasts of daily totals (weekly season), one row per series.

    The damped additive model matched the full automatic search (AutoETS "ZZZ") on the sample
    backtest at a fifth of the fitting time.
    """
    from statsforecast.models import AutoETS

    out = np.zeros((series.shape[0], horizon_days))
    tail = series[:, -settings.ets_days :]
    for row, y in enumerate(tail):
        if not np.any(y > 0):
            continue
        if len(y) < 3 * 7:
            out[row] = _tile_week(y[None, -7:], horizon_days)[0]
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = AutoETS(season_length=7, model="AAA", damped=True)
            mean = model.forecast(y=y.astype(np.float64), h=horizon_days)
        out[row] = np.maximum(np.asarray(mean["mean"], dtype=float), 0.0)
    return out


def _aht(panel: Panel, horizon_days: int, settings: ModelSettings) -> np.ndarray:
    volume = _weekly_blocks(panel.volume, settings.aht_weeks)
    aht = _weekly_blocks(panel.aht_s, settings.aht_weeks)
    known = np.isfinite(aht) & (volume > 0)
    weighted = np.where(known, aht * volume, 0.0)
    contacts = np.where(known, volume, 0.0)
    q_contacts = contacts.sum(axis=(1, 2, 3))
    with np.errstate(divide="ignore", invalid="ignore"):
        overall = weighted.sum(axis=(1, 2, 3)) / q_contacts
    slot_weighted = weighted.sum(axis=1)  # (Q, 7, S)
    slot_contacts = contacts.sum(axis=1)
    kappa = settings.aht_pseudo_count
    with np.errstate(divide="ignore", invalid="ignore"):
        by_slot = (slot_weighted + kappa * overall[:, None, None]) / (slot_contacts + kappa)
    by_slot = np.where((q_contacts > 0)[:, None, None], by_slot, np.nan)
    return _tile_week(by_slot, horizon_days)


def candidate_forecasts(
    panel: Panel,
    events: pd.DataFrame,
    *,
    horizon_days: int,
    aliases: tuple[str, ...] = ALIASES,
    settings: ModelSettings | None = None,
) -> CandidateForecasts:
    """Fit every model in ``aliases`` on ``panel`` and forecast ``horizon_days`` days after it."""
    settings = settings or ModelSettings()
    windows = settings.windows
    _, n_days, slots = panel.volume.shape
    channel_names, channel_index = _channel_index(panel)
    n_channels = len(channel_names)

    labels = label_days(panel.days, events, windows)
    labelled = np.zeros(n_days, dtype=bool)
    labelled[labels["day_index"].to_numpy()] = True
    channel_volume = _sum_by_channel(panel.volume, channel_index, n_channels)
    effects = learn_effects(channel_volume, channel_names, labels, windows)
    clean, _ = counterfactual(panel.volume, labelled, windows.neighbour_weeks)

    future_days = pd.date_range(panel.end, periods=horizon_days, freq="D")
    future_labels = label_days(future_days, events, windows)
    multiplier, intraday = effect_arrays(
        effects, panel.channels, future_labels, horizon_days, slots
    )
    event_days = np.zeros(horizon_days, dtype=bool)
    event_days[future_labels["day_index"].to_numpy()] = True

    means: dict[str, np.ndarray] = {}
    if "seasonal_naive" in aliases:
        means["seasonal_naive"] = _tile_week(panel.volume[:, -7:], horizon_days)
    if "weekly_average" in aliases:
        blocks = _weekly_blocks(clean, settings.average_weeks)
        means["weekly_average"] = _tile_week(
            _robust_weekly_mean(blocks, settings.outlier_ratio), horizon_days
        )
    if EVENT_AWARE & set(aliases):
        profile = _profiles(clean, channel_index, settings)
        future_profile = _tile_week(profile, horizon_days)  # (Q, H, S)
        shaped = future_profile * intraday
        norm = shaped.sum(axis=2, keepdims=True)
        shaped = np.where(norm > 0, shaped / np.where(norm > 0, norm, 1), 0.0)
        totals = clean.sum(axis=2)  # (Q, D)
        weekday_open = _tile_week(
            _weekly_blocks(totals, settings.average_weeks).sum(axis=1) > 0, horizon_days
        )

        def shape_days(daily: np.ndarray) -> np.ndarray:
            return (daily * multiplier * weekday_open)[:, :, None] * shaped

        if "profile_average" in aliases:
            level = _robust_weekly_mean(
                _weekly_blocks(totals, settings.level_weeks), settings.outlier_ratio
            )
            means["profile_average"] = shape_days(_tile_week(level, horizon_days))
        if "profile_ets" in aliases:
            means["profile_ets"] = shape_days(_ets_daily(totals, horizon_days, settings))
        if "channel_ets" in aliases:
            channel_totals = _sum_by_channel(totals, channel_index, n_channels)
            channel_daily = _ets_daily(channel_totals, horizon_days, settings)
            recent = totals[:, -7 * settings.share_weeks :].sum(axis=1)
            channel_recent = _sum_by_channel(recent, channel_index, n_channels)[channel_index]
            share = np.where(channel_recent > 0, recent / np.maximum(channel_recent, 1e-12), 0.0)
            means["channel_ets"] = shape_days(channel_daily[channel_index] * share[:, None])
    return CandidateForecasts(
        first_day=panel.end,
        means=means,
        aht_s=_aht(panel, horizon_days, settings),
        event_days=event_days,
        effects=effects,
    )
