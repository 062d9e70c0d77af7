"""Requirements for one year of 15-minute intervals x 12 queues: vectorised vs a plain loop.

Run: .venv/bin/python bench/bench_requirements.py [--repeats 5]
Prints the median wall time of ``minimal_agents`` over all 420,480 interval-queues with
Erlang C and with Erlang A, and the same work done by a plain per-interval Python loop
(timed on a random sample of intervals and scaled to the year), as a ratio.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import numpy as np

from staffing.queueing import ServiceTarget, erlang_a_metrics, minimal_agents

N_QUEUES = 12
INTERVALS_PER_YEAR = 365 * 96
TARGET = ServiceTarget(service_level=0.8, answer_within_s=20, max_occupancy=0.9)
PATIENCE_S = 180.0


def year_of_loads(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Loads with an intraday shape, weekly and yearly seasons and queue sizes 1-200 Erlangs."""
    rng = np.random.default_rng(seed)
    slot = np.arange(INTERVALS_PER_YEAR)
    hour = (slot % 96) / 4
    day = slot // 96
    intraday = 0.1 + np.exp(-((hour - 11) ** 2) / 8) + 1.2 * np.exp(-((hour - 21) ** 2) / 4)
    season = (1 + 0.2 * np.sin(2 * np.pi * day / 365)) * (1 + 0.1 * (day % 7 < 5))
    sizes = np.geomspace(1, 120, N_QUEUES)
    loads = sizes[:, None] * intraday * season * rng.gamma(50, 1 / 50, (N_QUEUES, slot.size))
    aht = rng.uniform(150, 420, (N_QUEUES, 1)) * np.ones_like(loads)
    return loads.ravel(), aht.ravel()


def plain_erlang_c(load: float, aht: float) -> int:
    """Textbook per-interval loop: Erlang B recursion up to N, SL check, N += 1."""
    n = math.floor(load) + 1
    while True:
        b = 1.0
        for k in range(1, n + 1):
            b = load * b / (k + load * b)
        c = n * b / (n - load * (1 - b))
        level = 1 - c * math.exp(-(n - load) * TARGET.answer_within_s / aht)
        if level >= TARGET.service_level and load / n <= (TARGET.max_occupancy or 1):
            return n
        n += 1


def plain_erlang_a(load: float, aht: float) -> int:
    """Per-interval loop over N calling the (scalar) exact Erlang A metrics."""
    n = 1
    while True:
        m = erlang_a_metrics(
            n, load, aht_s=aht, patience_s=PATIENCE_S, answer_within_s=TARGET.answer_within_s
        )
        if float(m.service_level) >= TARGET.service_level and float(m.occupancy) <= 0.9:
            return n
        n += 1


def median_time(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    loads, aht = year_of_loads()
    print(
        f"{loads.size:,} interval-queues ({INTERVALS_PER_YEAR:,} intervals x {N_QUEUES} queues),"
        f" load up to {loads.max():.0f} Erlangs; medians of {args.repeats} runs"
    )
    pick = np.random.default_rng(1).choice(loads.size, args.sample, replace=False)
    for name, patience, plain in (
        ("Erlang C", None, plain_erlang_c),
        ("Erlang A", PATIENCE_S, plain_erlang_a),
    ):
        vector = median_time(
            lambda p=patience: minimal_agents(loads, aht_s=aht, target=TARGET, patience_s=p),
            args.repeats,
        )
        check = minimal_agents(loads[pick], aht_s=aht[pick], target=TARGET, patience_s=patience)
        looped = [plain(float(a), float(h)) for a, h in zip(loads[pick], aht[pick], strict=True)]
        assert check.agents.tolist() == looped, "loop and vectorised answers differ"
        sample_time = median_time(
            lambda f=plain: [
                f(float(a), float(h)) for a, h in zip(loads[pick], aht[pick], strict=True)
            ],
            max(1, args.repeats // 2),
        )
        loop_year = sample_time / args.sample * loads.size
        print(
            f"{name}: vectorised {vector:.2f} s; plain loop {loop_year:.1f} s (timed on "
            f"{args.sample} intervals, scaled); ratio {loop_year / vector:.0f}x"
        )


if __name__ == "__main__":
    main()
