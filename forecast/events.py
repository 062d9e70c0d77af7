"""The event-aware layer: what promotions and holidays do to volume, learned from past ones.

Every day near an event gets a label ``(kind, segment, offset)``:

- ``during``: the day lies in ``[start, end)``; ``offset`` counts days until the event's last
  day (0 = last day), so the final, biggest day of a long pre-sale lines up across years;
- ``after``: ``offset`` days after the last day (the returns and logistics wave);
- ``before``: ``offset`` days before the first day.

When events overlap, ``during`` wins (the shorter event first), then the nearest ``after``,
then the nearest ``before``. For each channel and label the layer learns a daily multiplier
(actual volume over a counterfactual built from the same weekday in neighbouring weeks without
events) and an intraday ratio per slot (the night spike after a sale opens at midnight).
Future days with the same label get the same multiplier and intraday shape; a planner's
``multiplier`` in events.csv replaces the learned daily multiplier on the event's own days.

History days with a label are replaced by their counterfactual before the base models are fit,
so a past Double 11 does not inflate next week's forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from forecast.panel import DAY

SEGMENTS = ("during", "after", "before")

#: Pseudo-count (contacts) that pulls a learned intraday ratio towards 1 where data is thin.
INTRADAY_PSEUDO_COUNT = 5.0


@dataclass(frozen=True, kw_only=True)
class EventWindows:
    """How far around an event its effect is looked for (days)."""

    days_before: int = 3
    days_after: int = 10
    neighbour_weeks: int = 6


def label_days(days: pd.DatetimeIndex, events: pd.DataFrame, windows: EventWindows) -> pd.DataFrame:
    """One row per labelled day: ``day_index, name, kind, segment, offset, multiplier``.

    >>> events = pd.DataFrame({"name": ["Sale"], "kind": ["sale"],
    ...     "start": [pd.Timestamp("2026-01-03")], "end": [pd.Timestamp("2026-01-05")],
    ...     "multiplier": [np.nan]})
    >>> days = pd.date_range("2026-01-01", periods=7, freq="D")
    >>> label_days(days, events, EventWindows(days_before=1, days_after=1))[
    ...     ["day_index", "segment", "offset"]].values.tolist()
    [[1, 'before', 1], [2, 'during', 1], [3, 'during', 0], [4, 'after', 1]]
    """
    columns = ["day_index", "name", "kind", "segment", "offset", "multiplier"]
    if events.empty or len(days) == 0:
        return pd.DataFrame(columns=columns).astype({"day_index": int, "offset": int})
    first_day = days[0]
    rows = []
    for event in events.itertuples(index=False):
        start = cast(pd.Timestamp, event.start)
        end = cast(pd.Timestamp, event.end)
        first = start.normalize()
        last = (end - pd.Timedelta(1, "ns")).normalize()
        length = (last - first) // DAY + 1
        spans = (
            ("during", first, length, lambda d, last=last: (last - d) // DAY, 0),
            ("after", last + DAY, windows.days_after, lambda d, last=last: (d - last) // DAY, 1),
            (
                "before",
                first - windows.days_before * DAY,
                windows.days_before,
                lambda d, first=first: (first - d) // DAY,
                2,
            ),
        )
        for segment, span_start, n_days, offset_of, rank in spans:
            if n_days <= 0:
                continue
            span = pd.date_range(span_start, periods=n_days, freq="D")
            index = np.asarray((span - first_day) // DAY)
            inside = (index >= 0) & (index < len(days))
            if not inside.any():
                continue
            offsets = np.asarray([offset_of(d) for d in span[inside]])
            rows.append(
                pd.DataFrame(
                    {
                        "day_index": index[inside],
                        "name": event.name,
                        "kind": event.kind,
                        "segment": segment,
                        "offset": offsets,
                        "multiplier": event.multiplier,
                        "_rank": rank,
                        "_tie": length if segment == "during" else offsets,
                    }
                )
            )
    if not rows:
        return pd.DataFrame(columns=columns).astype({"day_index": int, "offset": int})
    labels = pd.concat(rows, ignore_index=True)
    labels = labels.sort_values(["day_index", "_rank", "_tie"], kind="stable")
    labels = labels.drop_duplicates("day_index", keep="first")
    return labels[columns].reset_index(drop=True).astype({"day_index": int, "offset": int})


def _neighbour_stack(values: np.ndarray, labelled: np.ndarray, weeks: int) -> np.ndarray:
    """Same-weekday neighbours (±1..weeks weeks) of every day, NaN where labelled or outside.

    ``values`` has the day on axis 1; the result adds a leading axis of ``2 * weeks`` shifts.
    """
    n_days = values.shape[1]
    clean = np.where(
        labelled.reshape((1, n_days) + (1,) * (values.ndim - 2)), np.nan, values
    ).astype(float)
    stack = np.full((2 * weeks, *values.shape), np.nan)
    for j in range(1, weeks + 1):
        shift = 7 * j
        if shift >= n_days:
            break
        stack[2 * j - 2][:, shift:] = clean[:, :-shift]
        stack[2 * j - 1][:, :-shift] = clean[:, shift:]
    return stack


def counterfactual(
    volume: np.ndarray, labelled: np.ndarray, weeks: int
) -> tuple[np.ndarray, np.ndarray]:
    """What labelled days would have looked like without their event.

    The daily total is the median of the same weekday in up to ``weeks`` weeks either side
    (days without events); the intraday split is their pooled shape. Returns the replaced
    volumes and a ``(n_rows, n_days)`` mask of the days that were replaced; unlabelled days
    and days without any clean neighbour keep their values.
    """
    out = volume.copy()
    replaced_days = np.zeros(volume.shape[:2], dtype=bool)
    if not labelled.any():
        return out, replaced_days
    idx = np.flatnonzero(labelled)
    totals = volume.sum(axis=2)
    total_stack = _neighbour_stack(totals, labelled, weeks)[:, :, idx]
    slot_stack = _neighbour_stack(volume, labelled, weeks)[:, :, idx]
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.nanmedian(total_stack, axis=0) if total_stack.size else total_stack
        pooled = np.nansum(slot_stack, axis=0)
        shape = pooled / pooled.sum(axis=2, keepdims=True)
    found = np.isfinite(total)
    shape = np.where(np.isfinite(shape), shape, 0.0)
    replaced = total[:, :, None] * shape
    out[:, idx] = np.where(found[:, :, None], replaced, volume[:, idx])
    replaced_days[:, idx] = found
    return out, replaced_days


@dataclass(frozen=True, kw_only=True)
class EventEffects:
    """Learned uplifts: one row of ``daily`` (and of ``intraday``) per channel and label.

    ``daily`` columns: ``channel, kind, segment, offset, multiplier, n_occurrences``;
    ``intraday`` has shape ``(len(daily), slots_per_day)``: the ratio of the event day's
    share of volume in each slot to a normal day's.
    """

    daily: pd.DataFrame
    intraday: np.ndarray


def learn_effects(
    channel_volume: np.ndarray,
    channels: np.ndarray,
    labels: pd.DataFrame,
    windows: EventWindows,
) -> EventEffects:
    """Learn daily multipliers and intraday ratios per channel and label from past days.

    ``channel_volume`` has shape ``(n_channels, n_days, slots)``, ``channels`` names its rows.
    """
    n_channels, n_days, slots = channel_volume.shape
    empty = EventEffects(
        daily=pd.DataFrame(
            columns=["channel", "kind", "segment", "offset", "multiplier", "n_occurrences"]
        ),
        intraday=np.ones((0, slots)),
    )
    if labels.empty:
        return empty
    labelled = np.zeros(n_days, dtype=bool)
    labelled[labels["day_index"].to_numpy()] = True
    base, replaced = counterfactual(channel_volume, labelled, windows.neighbour_weeks)
    idx = labels["day_index"].to_numpy()
    actual_days = channel_volume[:, idx]  # (C, L, S)
    base_days = base[:, idx]
    base_total = base_days.sum(axis=2)
    has_base = replaced[:, idx]
    key = labels[["kind", "segment", "offset"]].reset_index(drop=True)
    groups = cast(
        dict[tuple[str, str, int], np.ndarray],
        key.groupby(["kind", "segment", "offset"], sort=True).indices,
    )
    rows = []
    ratios = []
    for c in range(n_channels):
        for (kind, segment, offset), members in groups.items():
            members = members[has_base[c, members]]
            if len(members) == 0:
                continue
            actual = actual_days[c, members].sum(axis=0)  # (S,)
            expected_total = base_total[c, members].sum()
            if expected_total <= 0:
                continue
            multiplier = actual.sum() / expected_total
            expected_shape = (
                base_days[c, members] / np.maximum(base_total[c, members], 1e-12)[:, None]
            )
            expected = (expected_shape * actual_days[c, members].sum(axis=1)[:, None]).sum(axis=0)
            ratio = (actual + INTRADAY_PSEUDO_COUNT) / (expected + INTRADAY_PSEUDO_COUNT)
            rows.append((channels[c], kind, segment, int(offset), multiplier, len(members)))
            ratios.append(ratio)
    if not rows:
        return empty
    daily = pd.DataFrame(
        rows, columns=["channel", "kind", "segment", "offset", "multiplier", "n_occurrences"]
    )
    return EventEffects(daily=daily, intraday=np.vstack(ratios))


def effect_arrays(
    effects: EventEffects,
    channels: np.ndarray,
    labels: pd.DataFrame,
    n_days: int,
    slots: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Daily multipliers ``(n_queues, n_days)`` and intraday ratios ``(n_queues, n_days, slots)``
    for future days with labels; 1 where nothing applies.

    A label never seen in the past takes the nearest offset of the same kind and segment; a
    planner's multiplier replaces the daily multiplier on the event's own days.
    """
    daily = np.ones((len(channels), n_days))
    intraday = np.ones((len(channels), n_days, slots))
    if labels.empty:
        return daily, intraday
    learned = effects.daily.reset_index(drop=True)
    for q, channel in enumerate(channels):
        mine = learned[learned["channel"] == channel]
        for row in labels.itertuples(index=False):
            day = cast(int, row.day_index)
            same = mine[(mine["kind"] == row.kind) & (mine["segment"] == row.segment)]
            if not same.empty:
                nearest = (same["offset"] - row.offset).abs().idxmin()
                daily[q, day] = cast(float, learned.at[nearest, "multiplier"])
                intraday[q, day] = effects.intraday[nearest]
            planned = cast(float, row.multiplier)
            if row.segment == "during" and np.isfinite(planned):
                daily[q, day] = planned
    return daily, intraday
