"""``staffing forecast`` and ``staffing backtest``."""

from __future__ import annotations

import argparse
from pathlib import Path

from forecast.models import ALIASES
from staffing.cli import count, days, iso_date


def register(subparsers: argparse._SubParsersAction) -> None:
    fc = subparsers.add_parser(
        "forecast",
        help="forecast volume (with p10/p90 bands) and AHT per queue and interval",
        description="Forecast every queue of a history on the history's own interval grid. "
        "Each queue's model is chosen by a rolling backtest unless --model is given.",
    )
    fc.add_argument("--history", required=True, type=Path, help="history.csv")
    fc.add_argument("--events", type=Path, help="events.csv (promotions and holidays)")
    fc.add_argument(
        "--start", required=True, type=iso_date, help="first day to forecast, e.g. 2026-11-23"
    )
    fc.add_argument("--days", required=True, type=days, help="number of days to forecast")
    fc.add_argument("--out", required=True, type=Path, help="forecast.csv to write")
    fc.add_argument("--model", choices=ALIASES, help="force one model for every queue")
    fc.set_defaults(handler=run_forecast)

    bt = subparsers.add_parser(
        "backtest",
        help="rolling-origin backtest of every model; writes METRICS.json",
        description="For each of the last N weeks: fit on the history before the week, choose "
        "and calibrate as 'forecast' would, and score every model and the chosen one on it.",
    )
    bt.add_argument("--history", required=True, type=Path, help="history.csv")
    bt.add_argument("--events", type=Path, help="events.csv (promotions and holidays)")
    bt.add_argument("--weeks", required=True, type=count, help="number of weekly cutoffs")
    bt.add_argument("--out", required=True, type=Path, help="METRICS.json to write")
    bt.add_argument("--model", choices=ALIASES, help="force one model as the chosen one")
    bt.set_defaults(handler=run_backtest)


def _read(args: argparse.Namespace):
    from forecast.history import read_events, read_history

    history = read_history(args.history)
    events = read_events(args.events) if args.events else None
    return history, events


def run_forecast(args: argparse.Namespace) -> int:
    from forecast.api import Forecaster
    from staffing.requirements import queues_without_handle_time, write_forecast

    history, events = _read(args)
    model = Forecaster(model=args.model).fit(history, events)
    frame = model.predict(args.start, days=args.days)
    write_forecast(args.out, frame)
    chosen = model.selection_table()
    summary = ", ".join(
        f"{row.channel}/{row.vip_level}: {row.model}" for row in chosen.itertuples(index=False)
    )
    print(
        f"Wrote {len(frame)} intervals ({frame['volume'].sum():,.0f} contacts) to {args.out}. "
        f"Models: {summary}"
    )
    untimed = queues_without_handle_time(frame)
    if untimed:
        print(
            f"Note: aht_s is empty for {', '.join(f'{c}/{v}' for c, v in untimed)}: the "
            "history has no handle times there, so staffing requirements cannot size them "
            "until aht_s is added to the history (or filled in the forecast)."
        )
    return 0


def run_backtest(args: argparse.Namespace) -> int:
    from forecast.backtest import backtest

    history, events = _read(args)
    result = backtest(history, events, weeks=args.weeks, model=args.model)
    result.write_json(args.out)
    pooled = result.pooled.set_index("model")
    lines = [
        f"{model:>16}  WAPE {row.wape:.3f}  MASE {row.mase:.3f}  bias {row.bias:+.3f}  "
        f"p10-p90 coverage {row.coverage_p10_p90:.1%}"
        for model, row in pooled.iterrows()
    ]
    floor = pooled["poisson_floor_wape"].iloc[0]
    print(
        f"Backtest over {len(result.cutoffs)} weekly cutoffs written to {args.out}. Pooled:\n"
        + "\n".join(lines)
        + f"\n{'Poisson floor':>16}  WAPE {floor:.3f}"
    )
    return 0
