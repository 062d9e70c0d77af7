"""Forecast benchmark: wall time and accuracy of the rolling-origin backtest.

    .venv/bin/python bench/bench_forecast.py            # sample data + a second synthetic shape
    .venv/bin/python bench/bench_forecast.py --quick    # only the timed 4-cutoff sample run

1. The bundled sample history (12 queues, 15-minute grid, two years): backtest with 4 weekly
   cutoffs, timed (statsforecast/numba warm-up timed separately), then the last 8 weeks.
2. A differently shaped synthetic history the models were not tuned on: 10-minute grid,
   closed on Sundays, phone open 09:00-18:00, Black Friday / Cyber Monday / summer sale /
   Christmas closure instead of 618 and Double 11, unlisted outage days, a trend.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from forecast import backtest, read_events, read_history
from forecast.synthetic import (
    SyntheticEvent,
    SyntheticQueue,
    synthetic_events,
    synthetic_history,
)

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 20)


def warm_up() -> float:
    """Import statsforecast and fit one tiny model (numba/C extension start-up)."""
    start = time.perf_counter()
    from statsforecast.models import AutoETS

    y = 100 + 10 * np.sin(np.arange(60) * 2 * np.pi / 7)
    AutoETS(season_length=7, model="AAA", damped=True).forecast(y=y, h=7)
    return time.perf_counter() - start


def report(title: str, result, seconds: float | None = None) -> None:
    print(f"\n=== {title} ===")
    if seconds is not None:
        print(f"wall time: {seconds:.1f} s for {len(result.cutoffs)} cutoffs")
    pooled = result.pooled.set_index("model")
    print(pooled[["wape", "mase", "bias", "coverage_p10_p90", "poisson_floor_wape"]].round(4))
    base, chosen = pooled.loc["weekly_average", "wape"], pooled.loc["chosen", "wape"]
    print(f"chosen vs weekly_average (the planner's baseline): {1 - chosen / base:+.1%} WAPE")
    weekly = result.weekly.pivot(index="cutoff", columns="model", values="wape")
    weekly["events"] = result.weekly.groupby("cutoff")["events"].first()
    print("pooled WAPE per backtest week:")
    print(weekly[["weekly_average", "chosen", "events"]].round(4).to_string())
    per_queue = result.per_queue.pivot_table(
        index=["channel", "vip_level"], columns="model", values="wape"
    )
    per_queue["floor"] = result.per_queue.groupby(["channel", "vip_level"])[
        "poisson_floor_wape"
    ].first()
    print("WAPE per queue:")
    print(per_queue[["weekly_average", "chosen", "floor"]].round(3).to_string())
    print("models chosen:", result.choices["model"].value_counts().to_dict())


def second_history() -> tuple[pd.DataFrame, pd.DataFrame]:
    """10-minute grid, closed Sundays, another event calendar, unlisted outages."""
    listed = []
    for year, black_friday in ((2025, "2025-11-28"), (2026, "2026-11-27")):
        bf = pd.Timestamp(black_friday)
        listed += [
            SyntheticEvent(
                name=f"Black Friday {year}",
                start=bf,
                end=bf + pd.Timedelta(days=1),
                multiplier=3.5,
                night_multiplier=3.0,
                after_days=5,
                after_multiplier=1.3,
            ),
            SyntheticEvent(
                name=f"Cyber Monday {year}",
                start=bf + pd.Timedelta(days=3),
                end=bf + pd.Timedelta(days=4),
                multiplier=2.5,
            ),
            SyntheticEvent(
                name=f"Summer Sale {year}",
                start=pd.Timestamp(f"{year}-07-10"),
                end=pd.Timestamp(f"{year}-07-15"),
                multiplier=1.8,
            ),
        ]
    listed.append(
        SyntheticEvent(
            name="Christmas 2025",
            start=pd.Timestamp("2025-12-25"),
            end=pd.Timestamp("2025-12-26"),
            multiplier=0.0,
        )
    )
    unlisted = tuple(
        SyntheticEvent(
            name="outage",
            start=pd.Timestamp(day),
            end=pd.Timestamp(day) + pd.Timedelta(days=1),
            multiplier=0.4,
        )
        for day in ("2025-03-12", "2025-09-03", "2026-05-20", "2026-10-14")
    )
    queues = (
        SyntheticQueue(channel="chat", daily_volume=2500.0, aht_s=420.0, open_hours=(7, 23)),
        SyntheticQueue(
            channel="chat", vip_level="gold", daily_volume=180.0, aht_s=500.0, open_hours=(7, 23)
        ),
        SyntheticQueue(channel="phone", daily_volume=900.0, aht_s=280.0, open_hours=(9, 18)),
        SyntheticQueue(
            channel="phone", vip_level="gold", daily_volume=40.0, aht_s=330.0, open_hours=(9, 18)
        ),
        SyntheticQueue(channel="email", daily_volume=350.0, aht_s=600.0, open_hours=(8, 20)),
    )
    history = synthetic_history(
        start="2024-12-02",
        weeks=105,
        interval_minutes=10,
        queues=queues,
        weekday_factors=(1.2, 1.05, 1.0, 0.95, 0.9, 0.6, 0.0),
        closed_weekdays=(6,),
        trend_per_year=0.15,
        events=(*listed, *unlisted),
        seed=2024,
    )
    future = SyntheticEvent(
        name="Black Friday 2027",
        start=pd.Timestamp("2027-11-26"),
        end=pd.Timestamp("2027-11-27"),
        multiplier=3.5,
    )
    return history, synthetic_events((*listed, future))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a sample data folder (default: generate one)")
    parser.add_argument("--quick", action="store_true", help="only the timed 4-cutoff run")
    args = parser.parse_args()

    print(f"statsforecast warm-up (import + first fit): {warm_up():.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            from staffing.sample import write_sample

            data = Path(tmp)
            write_sample(data)
        start = time.perf_counter()
        history = read_history(data / "history.csv")
        events = read_events(data / "events.csv")
        print(
            f"read and validated {len(history):,} history rows in "
            f"{time.perf_counter() - start:.1f} s"
        )

    start = time.perf_counter()
    result = backtest(history, events, weeks=4)
    report("sample: 4 weekly cutoffs (timed)", result, time.perf_counter() - start)
    if args.quick:
        return
    start = time.perf_counter()
    result = backtest(history, events, weeks=8)
    report("sample: last 8 weeks, 1-week horizon", result, time.perf_counter() - start)

    history2, events2 = second_history()
    start = time.perf_counter()
    result2 = backtest(history2, events2, weeks=8)
    report(
        "second shape: 10-minute grid, closed Sundays, Black Friday calendar",
        result2,
        time.perf_counter() - start,
    )


if __name__ == "__main__":
    main()
