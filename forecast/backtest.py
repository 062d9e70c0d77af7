"""Rolling-origin backtests: model choice, band calibration and honest accuracy.

For a cutoff ``c`` every candidate is fit on the history before ``c`` and forecasts the next
week. The :class:`~forecast.api.Forecaster` chooses each queue's model and calibrates its bands
on the ``n_windows`` weeks before the end of its history; :func:`backtest` replays exactly that
at each of the last ``weeks`` cutoffs (choice and calibration use only weeks before the cutoff)
and scores every model and the chosen one on the week after it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecast.history import empty_events
from forecast.metrics import (
    band_quantiles,
    bias,
    calibrate_dispersion,
    coverage,
    poisson_floor_wape,
    wape,
)
from forecast.models import ALIASES, ModelSettings, candidate_forecasts
from forecast.panel import Panel, long_frame, panel_from_history
from staffing.errors import Problem, ProblemCollector, StaffingInputError, parameter_error
from staffing.i18n import msg
from staffing.io import write_json

WEEK = pd.Timedelta(days=7)
HORIZON_DAYS = 7
#: Weeks of history every model needs before its first forecast.
MIN_TRAINING_WEEKS = 2
CHOSEN = "chosen"


@dataclass(frozen=True, kw_only=True)
class Window:
    """All candidates' forecasts of one week after ``cutoff`` and what really happened."""

    cutoff: pd.Timestamp
    means: dict[str, np.ndarray]
    actual: np.ndarray
    aht_s: np.ndarray
    event_days: np.ndarray
    naive_scale: np.ndarray  # per queue: mean |y - y one week earlier| before the cutoff


def required_weeks(n_windows: int, weeks: int = 0) -> int:
    """Whole weeks of history needed to choose models on ``n_windows`` weeks (and backtest
    ``weeks`` more)."""
    return MIN_TRAINING_WEEKS + n_windows + weeks


def check_history_length(
    panel: Panel, weeks_needed: int, purpose: str, *, fewer: str | None = None
) -> None:
    """``purpose``: what needs the history ("forecasting"); ``fewer``: what else the user may
    lower (e.g. the backtest's weeks), if anything (each a :func:`msg`, to translate)."""
    have = panel.n_days
    if have < 7 * weeks_needed:
        raise StaffingInputError(
            Problem(
                message=msg(
                    "the history covers {have} days but {purpose} needs at least {days} days "
                    "({weeks} whole weeks)",
                    have=have,
                    purpose=purpose,
                    days=7 * weeks_needed,
                    weeks=weeks_needed,
                ),
                fix=msg("supply a longer history.csv, or use {fewer}", fewer=fewer)
                if fewer
                else msg("supply a longer history.csv"),
            )
        )


def _naive_scale(panel: Panel, weeks: int = 8) -> np.ndarray:
    recent = panel.volume[:, -7 * (weeks + 1) :]
    diff = np.abs(recent[:, 7:] - recent[:, :-7])
    return diff.mean(axis=(1, 2))


def rolling_windows(
    panel: Panel,
    events: pd.DataFrame,
    cutoffs: list[pd.Timestamp],
    *,
    aliases: tuple[str, ...] = ALIASES,
    settings: ModelSettings | None = None,
) -> list[Window]:
    """Forecast one week after each cutoff with every candidate trained before it."""
    windows = []
    for cutoff in cutoffs:
        train = panel.until(cutoff)
        candidates = candidate_forecasts(
            train, events, horizon_days=HORIZON_DAYS, aliases=aliases, settings=settings
        )
        windows.append(
            Window(
                cutoff=cutoff,
                means=candidates.means,
                actual=panel.window(cutoff, HORIZON_DAYS),
                aht_s=candidates.aht_s,
                event_days=candidates.event_days,
                naive_scale=_naive_scale(train),
            )
        )
    return windows


@dataclass(frozen=True, kw_only=True)
class Selection:
    """Per queue: every candidate's WAPE on the selection windows and the model chosen;
    per model and queue: the calibrated band dispersion."""

    wape: np.ndarray  # (n_aliases, n_queues)
    chosen: np.ndarray  # (n_queues,) index into aliases
    dispersion: np.ndarray  # (n_aliases, n_queues)


def select(
    windows: list[Window], aliases: tuple[str, ...], forced: dict[int, str] | None = None
) -> Selection:
    """Choose each queue's model by its WAPE over ``windows`` (``forced`` maps a queue's
    position to the alias the planner imposed) and calibrate every model's band dispersion on
    the same windows."""
    actual = np.stack([w.actual for w in windows], axis=1)  # (Q, W, H, S)
    n_queues = actual.shape[0]
    totals = actual.sum(axis=(1, 2, 3))
    errors = np.empty((len(aliases), n_queues))
    dispersion = np.empty((len(aliases), n_queues))
    groups = np.broadcast_to(np.arange(n_queues)[:, None, None, None], actual.shape).ravel()
    for a, alias in enumerate(aliases):
        mean = np.stack([w.means[alias] for w in windows], axis=1)
        abs_error = np.abs(mean - actual).sum(axis=(1, 2, 3))
        errors[a] = np.where(totals > 0, abs_error / np.maximum(totals, 1e-12), abs_error)
        dispersion[a] = calibrate_dispersion(actual.ravel(), mean.ravel(), groups, n_queues)
    chosen = np.argmin(errors, axis=0)
    for q, alias in (forced or {}).items():
        chosen[q] = aliases.index(alias)
    return Selection(wape=errors, chosen=chosen, dispersion=dispersion)


def forced_models(
    model: str | Mapping[tuple[str, str], str] | None, queues: pd.DataFrame, owner: str
) -> dict[int, str]:
    """Queue positions the planner forced to a model; unknown aliases and queues are errors."""
    if model is None:
        return {}
    known = {(str(c), str(v)): i for i, (c, v) in enumerate(queues.itertuples(index=False))}
    requested = {key: model for key in known} if isinstance(model, str) else dict(model)
    problems = ProblemCollector()
    for key, alias in requested.items():
        if alias not in ALIASES:
            problems.add(
                msg(
                    "The 'model' parameter of {owner} must name one of {aliases}. "
                    "Got {alias} instead",
                    owner=owner,
                    aliases=", ".join(ALIASES),
                    alias=repr(alias),
                )
            )
        if tuple(key) not in known:
            problems.add(
                msg("queue {queue} is not in the history", queue="/".join(map(str, key))),
                fix=msg("use one of {queues}", queues=", ".join(f"{c}/{v}" for c, v in known)),
            )
    problems.raise_if_any()
    return {known[(str(key[0]), str(key[1]))]: alias for key, alias in requested.items()}


@dataclass(frozen=True, kw_only=True)
class BacktestResult:
    """What :func:`backtest` measured.

    - ``per_queue``: ``channel, vip_level, model, wape, mase, bias, coverage_p10_p90,
      poisson_floor_wape, volume`` for every model and ``chosen``, over all cutoffs;
    - ``pooled``: the same over all queues (``model, wape, mase, bias, coverage_p10_p90,
      poisson_floor_wape, volume``);
    - ``weekly``: pooled ``wape`` and ``coverage_p10_p90`` per ``cutoff`` and model, with the
      ``events`` touching that week;
    - ``choices``: the model chosen per ``cutoff, channel, vip_level``;
    - ``forecasts``: the long backtest frame (``interval_start, channel, vip_level, cutoff,
      volume``, one column per model alias, ``chosen, chosen_p10, chosen_p90``).
    """

    interval_minutes: int
    horizon_days: int
    cutoffs: tuple[pd.Timestamp, ...]
    per_queue: pd.DataFrame
    pooled: pd.DataFrame
    weekly: pd.DataFrame
    choices: pd.DataFrame
    forecasts: pd.DataFrame

    def to_json_dict(self) -> dict[str, object]:
        def records(frame: pd.DataFrame) -> list[dict[str, object]]:
            out = frame.copy()
            for column in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[column]):
                    out[column] = out[column].dt.strftime("%Y-%m-%d %H:%M:%S")
            return json.loads(out.to_json(orient="records", double_precision=6))

        return {
            "interval_minutes": self.interval_minutes,
            "horizon_days": self.horizon_days,
            "cutoffs": [c.strftime("%Y-%m-%d %H:%M:%S") for c in self.cutoffs],
            "models": [*ALIASES, CHOSEN],
            "baseline": "weekly_average",
            "pooled": records(self.pooled),
            "per_queue": records(self.per_queue),
            "weekly": records(self.weekly),
            "choices": records(self.choices),
        }

    def write_json(self, path: str | os.PathLike[str]) -> None:
        write_json(path, self.to_json_dict())


def _scores(
    actual: np.ndarray,
    mean: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    floor_rate: np.ndarray,
    scale_sum: float,
) -> dict[str, float]:
    return {
        "wape": wape(actual, mean),
        "mase": float(np.abs(actual - mean).sum() / scale_sum) if scale_sum > 0 else float("nan"),
        "bias": bias(actual, mean),
        "coverage_p10_p90": coverage(actual, low, high),
        "poisson_floor_wape": poisson_floor_wape(floor_rate),
        "volume": float(actual.sum()),
    }


def _event_names(events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> str:
    touching = events[(events["start"] < end) & (events["end"] > start)]
    return "; ".join(dict.fromkeys(touching["name"]))


def backtest(
    history: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    weeks: int = 8,
    n_windows: int = 3,
    model: str | Mapping[tuple[str, str], str] | None = None,
    settings: ModelSettings | None = None,
) -> BacktestResult:
    """Rolling-origin backtest over the last ``weeks`` weeks of ``history`` (1-week horizon,
    one cutoff per week at the midnight the history ends on, minus whole weeks).

    ``model`` forces the chosen model: one alias for every queue, or a mapping from
    ``(channel, vip_level)`` to an alias for some queues."""
    if not isinstance(weeks, int) or weeks < 1:
        raise parameter_error(
            "backtest", "weeks", "must be a whole number of weeks, 1 or more", weeks
        )
    if not isinstance(n_windows, int) or n_windows < 1:
        raise parameter_error(
            "backtest", "n_windows", "must be a whole number, 1 or more", n_windows
        )
    events = empty_events() if events is None else events
    panel = panel_from_history(history)
    forced = forced_models(model, panel.queues, "backtest")
    check_history_length(
        panel,
        required_weeks(n_windows, weeks),
        msg(
            "a {weeks}-week backtest with {n} selection weeks before each cutoff",
            weeks=weeks,
            n=n_windows,
        ),
        fewer=msg("fewer backtest weeks (--weeks, or Backtest weeks in the app)"),
    )
    aliases = ALIASES
    first = panel.end - (weeks + n_windows) * WEEK
    all_cutoffs = [first + i * WEEK for i in range(weeks + n_windows)]
    windows = rolling_windows(panel, events, all_cutoffs, aliases=aliases, settings=settings)
    queues = panel.queues
    per_alias_rows: dict[str, list[np.ndarray]] = {a: [] for a in (*aliases, CHOSEN)}
    lows: dict[str, list[np.ndarray]] = {a: [] for a in (*aliases, CHOSEN)}
    highs: dict[str, list[np.ndarray]] = {a: [] for a in (*aliases, CHOSEN)}
    actuals, scales, choice_rows, weekly_rows, frames = [], [], [], [], []
    for i in range(n_windows, len(windows)):
        window = windows[i]
        selection = select(windows[i - n_windows : i], aliases, forced=forced)
        q_index = np.arange(len(queues))
        chosen_mean = np.stack([window.means[a] for a in aliases])[selection.chosen, q_index]
        chosen_dispersion = selection.dispersion[selection.chosen, q_index]
        week_start, week_end = window.cutoff, window.cutoff + HORIZON_DAYS * pd.Timedelta(days=1)
        names = _event_names(events, week_start, week_end)
        for a, alias in enumerate((*aliases, CHOSEN)):
            mean = chosen_mean if alias == CHOSEN else window.means[alias]
            dispersion = chosen_dispersion if alias == CHOSEN else selection.dispersion[a]
            low = band_quantiles(mean, dispersion[:, None, None], 0.1)
            high = band_quantiles(mean, dispersion[:, None, None], 0.9)
            per_alias_rows[alias].append(mean)
            lows[alias].append(low)
            highs[alias].append(high)
            weekly_rows.append(
                {
                    "cutoff": window.cutoff,
                    "model": alias,
                    "wape": wape(window.actual, mean),
                    "coverage_p10_p90": coverage(window.actual, low, high),
                    "events": names,
                }
            )
        actuals.append(window.actual)
        scales.append(window.naive_scale)
        for q in range(len(queues)):
            choice_rows.append(
                {
                    "cutoff": window.cutoff,
                    "channel": queues.at[q, "channel"],
                    "vip_level": queues.at[q, "vip_level"],
                    "model": aliases[selection.chosen[q]],
                }
            )
        columns = {"volume": window.actual}
        columns.update({a: window.means[a] for a in aliases})
        columns.update(
            {CHOSEN: chosen_mean, "chosen_p10": lows[CHOSEN][-1], "chosen_p90": highs[CHOSEN][-1]}
        )
        frame = long_frame(queues, window.cutoff, panel.interval_minutes, columns)
        frame.insert(3, "cutoff", window.cutoff)
        frames.append(frame)

    actual = np.stack(actuals, axis=1)  # (Q, C, H, S)
    n_points = actual[0].size
    scale = np.stack(scales, axis=1)  # (Q, C)
    floor_rate = np.stack(per_alias_rows[CHOSEN], axis=1)
    queue_rows, pooled_rows = [], []
    for alias in (*aliases, CHOSEN):
        mean = np.stack(per_alias_rows[alias], axis=1)
        low = np.stack(lows[alias], axis=1)
        high = np.stack(highs[alias], axis=1)
        for q in range(len(queues)):
            scale_sum = float(scale[q].sum() * n_points / scale.shape[1])
            queue_rows.append(
                {
                    "channel": queues.at[q, "channel"],
                    "vip_level": queues.at[q, "vip_level"],
                    "model": alias,
                    **_scores(actual[q], mean[q], low[q], high[q], floor_rate[q], scale_sum),
                }
            )
        pooled_scale = float(scale.sum() * n_points / scale.shape[1])
        pooled_rows.append(
            {"model": alias, **_scores(actual, mean, low, high, floor_rate, pooled_scale)}
        )
    return BacktestResult(
        interval_minutes=panel.interval_minutes,
        horizon_days=HORIZON_DAYS,
        cutoffs=tuple(w.cutoff for w in windows[n_windows:]),
        per_queue=pd.DataFrame(queue_rows),
        pooled=pd.DataFrame(pooled_rows),
        weekly=pd.DataFrame(weekly_rows),
        choices=pd.DataFrame(choice_rows),
        forecasts=pd.concat(frames, ignore_index=True),
    )
