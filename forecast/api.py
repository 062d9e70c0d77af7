"""The forecasting entry point: :class:`Forecaster` (fit / predict) and :func:`forecast`.

>>> from forecast.synthetic import synthetic_history
>>> history = synthetic_history(weeks=8, seed=1)
>>> model = Forecaster().fit(history)
>>> frame = model.predict("2026-03-02", days=1)
>>> list(frame.columns)  # doctest: +NORMALIZE_WHITESPACE
['interval_start', 'channel', 'vip_level', 'volume', 'volume_p10', 'volume_p90', 'aht_s',
 'model']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecast.backtest import (
    HORIZON_DAYS,
    WEEK,
    check_history_length,
    forced_models,
    required_weeks,
    rolling_windows,
    select,
)
from forecast.history import EVENT_COLUMNS, HISTORY_COLUMNS, empty_events
from forecast.metrics import band_quantiles
from forecast.models import ALIASES, ModelSettings, candidate_forecasts
from forecast.panel import DAY, Panel, long_frame, panel_from_history
from staffing.errors import Problem, StaffingInputError, parameter_error
from staffing.i18n import msg

#: The furthest a forecast may end after the history (a year and a day).
MAX_HORIZON_DAYS = 366

FORECAST_COLUMNS = (
    "interval_start",
    "channel",
    "vip_level",
    "volume",
    "volume_p10",
    "volume_p90",
    "aht_s",
)


def _check_frame(frame: pd.DataFrame, columns: tuple[str, ...], what: str, reader: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise StaffingInputError(f"{what} must be a pandas DataFrame as returned by {reader}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise StaffingInputError(
            f"{what} lacks the columns {', '.join(missing)}. Fix: read the file with {reader}"
        )


@dataclass(frozen=True, kw_only=True)
class QueueChoice:
    """The model chosen for one queue and every candidate's WAPE on the selection weeks."""

    channel: str
    vip_level: str
    model: str
    wape_by_model: tuple[tuple[str, float], ...]
    band_dispersion: float


class Forecaster:
    """Forecast volume (with p10/p90 bands) and AHT for every queue of a history.

    Parameters
    ----------
    model:
        Force one model alias (see :data:`forecast.models.ALIASES`) for every queue, or give a
        mapping ``{(channel, vip_level): alias}`` for some queues; the others (by default all)
        get the candidate with the lowest WAPE over ``n_windows`` weekly backtests at the end
        of the history.
    n_windows:
        Weeks used to choose the model and calibrate the bands.
    settings:
        Window lengths and pseudo-counts of the models.
    """

    def __init__(
        self,
        *,
        model: str | Mapping[tuple[str, str], str] | None = None,
        n_windows: int = 3,
        settings: ModelSettings | None = None,
    ) -> None:
        self.model = model
        self.n_windows = n_windows
        self.settings = settings

    def _check_params(self) -> None:
        if not isinstance(self.n_windows, int) or self.n_windows < 1:
            raise parameter_error(
                "Forecaster", "n_windows", "must be a whole number, 1 or more", self.n_windows
            )

    def fit(self, history: pd.DataFrame, events: pd.DataFrame | None = None) -> Forecaster:
        """Learn from ``history`` (and past ``events``); remember future events for predict."""
        self._check_params()
        _check_frame(history, HISTORY_COLUMNS, "history", "forecast.read_history")
        if events is None:
            events = empty_events()
        _check_frame(events, EVENT_COLUMNS, "events", "forecast.read_events")
        panel = panel_from_history(history)
        forced = forced_models(self.model, panel.queues, "Forecaster")
        check_history_length(
            panel,
            required_weeks(self.n_windows),
            msg(
                "forecasting (2 weeks to learn from plus {n} to choose the model and "
                "calibrate the bands)",
                n=self.n_windows,
            ),
        )
        cutoffs = [panel.end - w * WEEK for w in range(self.n_windows, 0, -1)]
        windows = rolling_windows(panel, events, cutoffs, settings=self.settings)
        selection = select(windows, ALIASES, forced=forced)
        self.panel_: Panel = panel
        self.events_: pd.DataFrame = events.copy()
        self.interval_minutes_: int = panel.interval_minutes
        self.history_end_: pd.Timestamp = panel.end
        self.chosen_: np.ndarray = selection.chosen
        self.dispersion_: np.ndarray = selection.dispersion[
            selection.chosen, np.arange(panel.n_queues)
        ]
        self.choices_: tuple[QueueChoice, ...] = tuple(
            QueueChoice(
                channel=str(panel.queues.at[q, "channel"]),
                vip_level=str(panel.queues.at[q, "vip_level"]),
                model=ALIASES[selection.chosen[q]],
                wape_by_model=tuple(
                    (alias, float(selection.wape[a, q])) for a, alias in enumerate(ALIASES)
                ),
                band_dispersion=float(self.dispersion_[q]),
            )
            for q in range(panel.n_queues)
        )
        return self

    def selection_table(self) -> pd.DataFrame:
        """One row per queue: ``channel, vip_level, model`` and ``wape_<alias>`` per candidate."""
        self._check_fitted()
        rows = []
        for choice in self.choices_:
            row: dict[str, object] = {
                "channel": choice.channel,
                "vip_level": choice.vip_level,
                "model": choice.model,
            }
            row.update({f"wape_{alias}": value for alias, value in choice.wape_by_model})
            rows.append(row)
        return pd.DataFrame(rows)

    def _check_fitted(self) -> None:
        if not hasattr(self, "panel_"):
            raise StaffingInputError(
                "This Forecaster is not fitted yet. Call 'fit' with a history before 'predict'"
            )

    def predict(
        self,
        start: str | pd.Timestamp,
        *,
        days: float = 7,
        queues: Sequence[tuple[str, str]] | None = None,
    ) -> pd.DataFrame:
        """Forecast ``days`` days from ``start`` (on the history's grid, after the history).

        Returns the forecast.csv columns plus ``model`` (the alias used for that queue) for
        every queue, or only ``queues`` (``(channel, vip_level)`` pairs); closed intervals
        (zero forecast and zero upper band) are left out, as in history.csv.
        """
        self._check_fitted()
        known = list(self.panel_.queues.itertuples(index=False, name=None))
        unknown = [q for q in (queues or ()) if tuple(q) not in known]
        if unknown:
            raise StaffingInputError(
                Problem(
                    message=msg(
                        "unknown queues {unknown}: the history has {known}",
                        unknown=", ".join("/".join(q) for q in unknown),
                        known=", ".join("/".join(q) for q in known),
                    ),
                    fix=msg("forecast queues that appear in history.csv"),
                )
            )
        minutes = self.interval_minutes_
        try:
            start_time = pd.Timestamp(start)
        except (ValueError, TypeError) as exc:
            raise StaffingInputError(
                Problem(
                    message=msg("start {start} is not a date", start=repr(start)),
                    fix=msg("write it like 2026-11-23"),
                )
            ) from exc
        if start_time < self.history_end_:
            last = (self.history_end_ - DAY).date()
            raise StaffingInputError(
                Problem(
                    message=msg(
                        "start {start} lies inside the history, which runs to the end of {last}",
                        start=str(start_time),
                        last=str(last),
                    ),
                    fix=msg("start on {first} or later", first=str(self.history_end_.date())),
                )
            )
        if (start_time - start_time.normalize()) % pd.Timedelta(minutes=minutes):
            raise StaffingInputError(
                Problem(
                    message=msg(
                        "start {start} is not on the history's {minutes}-minute grid",
                        start=str(start_time),
                        minutes=minutes,
                    ),
                    fix=msg("start at midnight or at a multiple of the interval"),
                )
            )
        horizon_minutes = float(days) * 1440
        if not math.isfinite(horizon_minutes) or horizon_minutes <= 0:
            raise StaffingInputError(f"days must be a positive number. Got {days!r} instead")
        n_intervals = horizon_minutes / minutes
        if abs(n_intervals - round(n_intervals)) > 1e-9:
            raise StaffingInputError(
                f"a horizon of {days} days is {n_intervals:.2f} intervals of {minutes} minutes, "
                "not a whole number. Fix: choose days so that days x 1440 is a multiple of "
                f"{minutes}"
            )
        end_time = start_time + pd.Timedelta(minutes=minutes * round(n_intervals))
        n_days = max(HORIZON_DAYS, math.ceil((end_time - self.history_end_) / DAY))
        if n_days > MAX_HORIZON_DAYS:
            raise StaffingInputError(
                Problem(
                    message=msg(
                        "the forecast would end {n} days after the history, more than the "
                        "{most} days the models look ahead",
                        n=n_days,
                        most=MAX_HORIZON_DAYS,
                    ),
                    fix=msg(
                        "forecast at most a year past the end of history.csv, or add recent history"
                    ),
                )
            )
        used = tuple(dict.fromkeys(ALIASES[i] for i in self.chosen_))
        candidates = candidate_forecasts(
            self.panel_, self.events_, horizon_days=n_days, aliases=used, settings=self.settings
        )
        q_index = np.arange(self.panel_.n_queues)
        mean = np.stack(
            [candidates.means[ALIASES[i]][q] for q, i in zip(q_index, self.chosen_, strict=True)]
        )
        dispersion = self.dispersion_[:, None, None]
        columns = {
            "volume": mean,
            "volume_p10": band_quantiles(mean, dispersion, 0.1),
            "volume_p90": band_quantiles(mean, dispersion, 0.9),
            "aht_s": candidates.aht_s,
            "model": np.broadcast_to(
                np.array([ALIASES[i] for i in self.chosen_], dtype=object)[:, None, None],
                mean.shape,
            ),
        }
        keep = (mean > 0) | (columns["volume_p90"] > 0)
        frame = long_frame(self.panel_.queues, self.history_end_, minutes, columns, keep=keep)
        inside = (frame["interval_start"] >= start_time) & (frame["interval_start"] < end_time)
        if queues is not None:
            wanted = pd.MultiIndex.from_tuples([tuple(q) for q in queues])
            inside &= pd.MultiIndex.from_frame(frame[["channel", "vip_level"]]).isin(wanted)
        frame = frame[inside].reset_index(drop=True)
        frame["aht_s"] = frame["aht_s"].round(1)
        frame["volume"] = frame["volume"].round(3)
        return frame


def forecast(
    history: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    start: str | pd.Timestamp,
    days: float = 7,
    model: str | Mapping[tuple[str, str], str] | None = None,
) -> pd.DataFrame:
    """Fit a :class:`Forecaster` on ``history`` and forecast ``days`` days from ``start``."""
    return Forecaster(model=model).fit(history, events).predict(start, days=days)
