"""Dense day x slot arrays of a long history frame, and back.

Models work on a :class:`Panel`: for every queue a ``(n_days, slots_per_day)`` array of
volumes (closed intervals are zero) and of AHT (NaN where unknown). Reshaping to weeks is
then a view, and every model is a few numpy reductions instead of a loop over rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecast.history import QUEUE_KEYS, interval_minutes_of
from staffing.errors import StaffingInputError
from staffing.i18n import msg

DAY = pd.Timedelta(days=1)


@dataclass(frozen=True, kw_only=True)
class Panel:
    """Volumes and AHT of every queue on a regular day x slot grid.

    ``volume`` and ``aht_s`` have shape ``(n_queues, n_days, slots_per_day)``; day 0 is
    ``first_day`` (midnight). ``queues`` lists ``channel, vip_level`` in array order.
    """

    queues: pd.DataFrame
    first_day: pd.Timestamp
    interval_minutes: int
    volume: np.ndarray
    aht_s: np.ndarray

    @property
    def slots_per_day(self) -> int:
        return 1440 // self.interval_minutes

    @property
    def n_days(self) -> int:
        return int(self.volume.shape[1])

    @property
    def n_queues(self) -> int:
        return int(self.volume.shape[0])

    @property
    def end(self) -> pd.Timestamp:
        """The first instant after the panel (midnight after its last day)."""
        return self.first_day + self.n_days * DAY

    @property
    def days(self) -> pd.DatetimeIndex:
        return pd.date_range(self.first_day, periods=self.n_days, freq="D")

    @property
    def channels(self) -> np.ndarray:
        return self.queues["channel"].to_numpy()

    def until(self, cutoff: pd.Timestamp) -> Panel:
        """The panel's days before ``cutoff`` (a midnight inside the panel)."""
        n_days = (cutoff - self.first_day) // DAY
        return Panel(
            queues=self.queues,
            first_day=self.first_day,
            interval_minutes=self.interval_minutes,
            volume=self.volume[:, :n_days],
            aht_s=self.aht_s[:, :n_days],
        )

    def window(self, start: pd.Timestamp, n_days: int) -> np.ndarray:
        """Volumes of ``n_days`` days from ``start`` (a midnight inside the panel)."""
        first = (start - self.first_day) // DAY
        return self.volume[:, first : first + n_days]


def panel_from_history(history: pd.DataFrame) -> Panel:
    """Spread a long history frame (see :func:`forecast.history.read_history`) on the grid.

    The panel runs from the midnight of the first interval to the midnight after the last one;
    intervals absent from the history are zero (closed).
    """
    if history.empty:
        raise StaffingInputError(msg("the history has no rows; at least a few weeks are needed"))
    minutes = interval_minutes_of(history)
    times = pd.DatetimeIndex(history["interval_start"])
    first_day = times.min().normalize()
    n_days = int((times.max().normalize() - first_day) // DAY) + 1
    slots = 1440 // minutes
    queues = (
        history.loc[:, list(QUEUE_KEYS)]
        .drop_duplicates()
        .sort_values(list(QUEUE_KEYS))
        .reset_index(drop=True)
    )
    queue_index = pd.MultiIndex.from_frame(queues).get_indexer(
        pd.MultiIndex.from_frame(history.loc[:, list(QUEUE_KEYS)])
    )
    day_index = np.asarray((times.normalize() - first_day) // DAY, dtype=np.int64)
    slot_index = np.asarray((times.hour * 60 + times.minute) // minutes, dtype=np.int64)
    volume = np.zeros((len(queues), n_days, slots))
    aht = np.full((len(queues), n_days, slots), np.nan)
    volume[queue_index, day_index, slot_index] = history["volume"].to_numpy(dtype=float)
    aht[queue_index, day_index, slot_index] = history["aht_s"].to_numpy(dtype=float)
    return Panel(
        queues=queues, first_day=first_day, interval_minutes=minutes, volume=volume, aht_s=aht
    )


def interval_starts(first_day: pd.Timestamp, n_days: int, interval_minutes: int) -> np.ndarray:
    """Interval start times of ``n_days`` days, shape ``(n_days, slots_per_day)``."""
    days = pd.date_range(first_day, periods=n_days, freq="D").to_numpy()
    offsets = (np.arange(1440 // interval_minutes) * interval_minutes).astype("timedelta64[m]")
    return days[:, None] + offsets[None, :]


def long_frame(
    queues: pd.DataFrame,
    first_day: pd.Timestamp,
    interval_minutes: int,
    columns: dict[str, np.ndarray],
    keep: np.ndarray | None = None,
) -> pd.DataFrame:
    """Flatten ``(n_queues, n_days, slots)`` arrays to a long frame keyed by interval and queue.

    ``keep`` (same shape, boolean) selects the rows to return; by default all of them.
    """
    first = next(iter(columns.values()))
    n_queues, n_days, _ = first.shape
    starts = np.broadcast_to(
        interval_starts(first_day, n_days, interval_minutes)[None], first.shape
    )
    mask = np.ones(first.shape, dtype=bool) if keep is None else keep
    queue_of = np.broadcast_to(np.arange(n_queues)[:, None, None], first.shape)[mask]
    frame = pd.DataFrame(
        {
            "interval_start": starts[mask],
            "channel": queues["channel"].to_numpy()[queue_of],
            "vip_level": queues["vip_level"].to_numpy()[queue_of],
        }
    )
    for name, values in columns.items():
        frame[name] = values[mask]
    return frame.sort_values(["interval_start", "channel", "vip_level"], kind="stable").reset_index(
        drop=True
    )
