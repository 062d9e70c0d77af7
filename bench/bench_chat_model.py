"""How far the chat model (Erlang C/A on agents x concurrency chat slots) is from a simulation.

Run: .venv/bin/python bench/bench_chat_model.py
The simulation routes each new chat to the least-loaded agent with a free slot (first come,
first served), holds it for an exponential session of mean aht_s, and, with patience, lets a
waiting customer leave after an exponential patience. It reports the first-response service
level (share of all chats given a slot within answer_within_s) against the model's figure.
"""

from __future__ import annotations

import heapq
from collections import deque

import numpy as np

from staffing.queueing import erlang_a_metrics, erlang_c_metrics

CASES = [  # volume per 15 min, aht_s, agents, concurrency, answer_within_s, patience_s
    (120, 600, 29, 3, 30, None),
    (120, 600, 24, 3, 30, 300.0),
    (60, 900, 22, 3, 30, 300.0),
    (200, 480, 29, 4, 60, None),
]


def simulate(
    volume: float,
    aht: float,
    agents: int,
    slots: int,
    within: float,
    patience: float | None,
    hours: float = 400,
    seed: int = 7,
) -> float:
    rng = np.random.default_rng(seed)
    rate = volume / 900.0
    load = np.zeros(agents, dtype=int)
    events: list[tuple[float, int, int]] = []  # (time, kind 0=arrival 1=end, agent)
    heapq.heappush(events, (rng.exponential(1 / rate), 0, -1))
    waiting: deque[tuple[float, float]] = deque()  # (arrival time, give-up time)
    answered_in = offered = 0
    horizon = hours * 3600
    warmup = 0.05 * horizon
    while events:
        now, kind, agent = heapq.heappop(events)
        if now > horizon:
            break
        if kind == 0:
            heapq.heappush(events, (now + rng.exponential(1 / rate), 0, -1))
            give_up = now + rng.exponential(patience) if patience else np.inf
            waiting.append((now, give_up))
        else:
            load[agent] -= 1
        while waiting and (load < slots).any():
            arrived, give_up = waiting.popleft()
            if give_up < now:
                if arrived > warmup:
                    offered += 1
                continue
            free = int(np.argmin(np.where(load < slots, load, slots + 1)))
            load[free] += 1
            heapq.heappush(events, (now + rng.exponential(aht), 1, free))
            if arrived > warmup:
                offered += 1
                answered_in += now - arrived <= within
        while waiting and waiting[0][1] < now:  # drop the impatient at the head
            arrived, _ = waiting.popleft()
            offered += arrived > warmup
    return answered_in / offered


def main() -> None:
    errors = []
    for volume, aht, agents, slots, within, patience in CASES:
        load = volume * aht / 900
        if patience is None:
            model = erlang_c_metrics(agents * slots, load, aht_s=aht, answer_within_s=within)
        else:
            model = erlang_a_metrics(
                agents * slots, load, aht_s=aht, patience_s=patience, answer_within_s=within
            )
        simulated = simulate(volume, aht, agents, slots, within, patience)
        errors.append(abs(simulated - float(model.service_level)))
        print(
            f"load {load:5.1f} E, {agents} agents x {slots}, patience {patience}: model SL "
            f"{float(model.service_level):.4f}, simulated {simulated:.4f}"
        )
    print(f"largest absolute SL error: {max(errors):.4f}")


if __name__ == "__main__":
    main()
