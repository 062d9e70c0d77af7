"""Simulation: agreement with exact Erlang C/A, routing, chat, email backlog, breaks, seeds."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from staffing.errors import StaffingInputError
from staffing.queueing import erlang_a_metrics, erlang_c_metrics
from staffing.simulate import (
    SimQueue,
    SimTargets,
    SimulationConfig,
    _logged_in_slot_time,
    _prepare,
    _run_engine,
    _simulate_once,
    simulate,
)

T0 = pd.Timestamp("2026-11-23")
EXPONENTIAL = {"handle_time_distribution": "exponential"}
# The exact formulas know no absence: compare them with the roster as written.
ERLANG = {**EXPONENTIAL, "absence_rate": 0.0}


# ----------------------------------------------------------------- exact formulas (reference)


def erlang_c_service_level(n_agents: int, load: float, aht_s: float, within_s: float) -> float:
    metrics = erlang_c_metrics(n_agents, load, aht_s=aht_s, answer_within_s=within_s)
    return float(metrics.service_level)


def erlang_a(n_agents: int, load: float, aht_s: float, patience_s: float, within_s: float):
    return erlang_a_metrics(
        n_agents, load, aht_s=aht_s, patience_s=patience_s, answer_within_s=within_s
    )


# ----------------------------------------------------------------- builders


def one_queue(
    n_agents: int,
    volume_per_15min: float,
    aht_s: float,
    hours: int,
    *,
    model: str = "erlang_c",
    within_s: float = 20,
    patience_s: float | None = None,
    channel: str = "phone",
    concurrency: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame, SimTargets]:
    grid = pd.date_range(T0, periods=hours * 4, freq="15min")
    forecast = pd.DataFrame(
        {
            "interval_start": grid,
            "channel": channel,
            "vip_level": "standard",
            "volume": volume_per_15min,
            "aht_s": aht_s,
        }
    )
    roster = pd.DataFrame(
        {
            "agent_id": [f"A{i:03d}" for i in range(n_agents)],
            "date": T0,
            "start": T0,
            "end": T0 + pd.Timedelta(hours=hours),
            "activity": "work",
            "channel": channel,
            "vip_level": "standard",
        }
    )
    targets = SimTargets(
        queues=(
            SimQueue(
                channel=channel,
                vip_level="standard",
                model=model,
                service_level=0.8,
                answer_within_s=within_s,
                patience_s=patience_s,
                concurrency=concurrency,
            ),
        )
    )
    return forecast, roster, targets


def totals_row(result, channel: str = "phone", level: str = "standard") -> pd.Series:
    t = result.totals
    return t[(t["channel"] == channel) & (t["vip_level"] == level)].iloc[0]


# ----------------------------------------------------------------- Erlang agreement


@pytest.mark.parametrize(
    ("n_agents", "volume_per_15min", "aht_s", "within_s"),
    [(14, 50, 180, 20), (7, 20, 180, 20), (24, 100, 180, 15)],
)
def test_single_queue_agrees_with_exact_erlang_c(n_agents, volume_per_15min, aht_s, within_s):
    forecast, roster, targets = one_queue(n_agents, volume_per_15min, aht_s, 24, within_s=within_s)
    result = simulate(
        roster, forecast, targets, config=SimulationConfig(replications=8, seed=11, **ERLANG)
    )
    load = volume_per_15min * aht_s / 900
    exact = erlang_c_service_level(n_agents, load, aht_s, within_s)
    row = totals_row(result)
    assert abs(row["service_level"] - exact) <= row["service_level_ci95"], (row, exact)
    assert row["abandoned"] == 0
    asa = float(erlang_c_metrics(n_agents, load, aht_s=aht_s, answer_within_s=within_s).asa_s)
    assert abs(row["asa_s"] - asa) <= row["asa_s_ci95"], (row, asa)


@pytest.mark.parametrize(
    ("n_agents", "volume_per_15min", "patience_s"), [(14, 50, 300), (13, 50, 300), (9, 40, 150)]
)
def test_single_queue_agrees_with_exact_erlang_a(n_agents, volume_per_15min, patience_s):
    # REFERENCE.md's case (100 contacts / 30 min, AHT 180 s, patience 300 s, t = 20 s) and a
    # heavier one with impatient callers.
    forecast, roster, targets = one_queue(
        n_agents, volume_per_15min, 180, 24, model="erlang_a", patience_s=patience_s
    )
    result = simulate(
        roster, forecast, targets, config=SimulationConfig(replications=8, seed=5, **ERLANG)
    )
    exact = erlang_a(n_agents, volume_per_15min * 180 / 900, 180, patience_s, 20)
    row = totals_row(result)
    assert abs(row["service_level"] - float(exact.service_level)) <= row["service_level_ci95"]
    assert abs(row["abandon_rate"] - float(exact.abandon_rate)) <= row["abandon_rate_ci95"]
    # ASA as in the requirements: the mean wait of all arrivals, abandoners included
    assert abs(row["asa_s"] - float(exact.asa_s)) <= row["asa_s_ci95"], (row, exact.asa_s)


def test_erlang_a_heavy_load_below_offered_load() -> None:
    # 12 agents for 15 Erlangs: only abandonment keeps the queue stable.
    forecast, roster, targets = one_queue(12, 75, 180, 12, model="erlang_a", patience_s=120)
    result = simulate(
        roster, forecast, targets, config=SimulationConfig(replications=6, seed=2, **ERLANG)
    )
    row = totals_row(result)
    exact = erlang_a(12, 15.0, 180, 120, 20)
    assert abs(row["abandon_rate"] - float(exact.abandon_rate)) <= row["abandon_rate_ci95"]
    assert row["occupancy"] == pytest.approx(float(exact.occupancy), abs=0.02)


# ----------------------------------------------------------------- routing and VIP priority


def two_level_phone(*, overflow: bool, reserve: int = 2) -> SimulationConfig:
    return SimulationConfig(
        replications=4,
        seed=3,
        overflow_to_lower_levels=overflow,
        overflow_reserve_agents=reserve,
        **EXPONENTIAL,
    )


def vip_and_standard(n_vip_agents: int, n_standard_agents: int, hours: int = 12):
    grid = pd.date_range(T0, periods=hours * 4, freq="15min")
    forecast = pd.concat(
        [
            pd.DataFrame(
                {
                    "interval_start": grid,
                    "channel": "phone",
                    "vip_level": "vip",
                    "volume": 10.0,
                    "aht_s": 180.0,
                }
            ),
            pd.DataFrame(
                {
                    "interval_start": grid,
                    "channel": "phone",
                    "vip_level": "standard",
                    "volume": 45.0,
                    "aht_s": 180.0,
                }
            ),
        ]
    )
    rows = []
    for i in range(n_vip_agents + n_standard_agents):
        level = "vip" if i < n_vip_agents else "standard"
        rows.append(
            {
                "agent_id": f"A{i:03d}",
                "date": T0,
                "start": T0,
                "end": T0 + pd.Timedelta(hours=hours),
                "activity": "work",
                "channel": "phone",
                "vip_level": level,
            }
        )
    targets = SimTargets(
        queues=(
            SimQueue(
                channel="phone",
                vip_level="vip",
                model="erlang_a",
                service_level=0.85,
                answer_within_s=20,
                patience_s=240,
                min_tier=2,
            ),
            SimQueue(
                channel="phone",
                vip_level="standard",
                model="erlang_a",
                service_level=0.80,
                answer_within_s=20,
                patience_s=180,
                min_tier=1,
            ),
        )
    )
    return forecast, pd.DataFrame(rows), targets


def test_multi_skilled_roster_vip_meets_target_standard_absorbs_shortage() -> None:
    # VIP: 2 Erlangs on 5 VIP-certified agents; standard: 9 Erlangs on 7 agents (short).
    # VIP agents also take standard calls when no VIP call waits (VIP first) and two other
    # VIP agents stay free (reservation).
    forecast, roster, targets = vip_and_standard(5, 7)
    with_overflow = simulate(roster, forecast, targets, config=two_level_phone(overflow=True))
    vip = totals_row(with_overflow, level="vip")
    standard = totals_row(with_overflow, level="standard")
    assert vip["meets_target"] and vip["service_level"] >= 0.85
    assert not standard["meets_target"] and standard["service_level"] < 0.8
    assert standard["abandon_rate"] > vip["abandon_rate"]
    # The VIP agents were busy with standard work too (occupancy far above 2/5).
    assert vip["occupancy"] > 0.55

    # Without the reservation VIP agents fill up with standard calls and VIP misses target.
    greedy = simulate(roster, forecast, targets, config=two_level_phone(overflow=True, reserve=0))
    assert not totals_row(greedy, level="vip")["meets_target"]

    dedicated = simulate(roster, forecast, targets, config=two_level_phone(overflow=False))
    standard_alone = totals_row(dedicated, level="standard")
    vip_alone = totals_row(dedicated, level="vip")
    assert standard["service_level"] > standard_alone["service_level"] + 0.05
    assert vip_alone["occupancy"] == pytest.approx(0.4, abs=0.05)


def test_standard_agents_never_take_vip_contacts() -> None:
    # No VIP agent on the roster: every VIP contact abandons (patience 240 s).
    forecast, roster, targets = vip_and_standard(0, 12, hours=4)
    result = simulate(roster, forecast, targets, config=two_level_phone(overflow=True))
    vip = totals_row(result, level="vip")
    assert vip["answered"] == 0
    assert vip["abandoned"] > 0


# ----------------------------------------------------------------- chat concurrency


def test_chat_concurrency_acts_as_slots() -> None:
    # 4 agents x 3 chats = 12 slots: M/M/12 with A = 8 (first response within 30 s).
    forecast, roster, targets = one_queue(
        4, 40, 180, 24, model="chat", within_s=30, channel="chat", concurrency=3
    )
    result = simulate(
        roster, forecast, targets, config=SimulationConfig(replications=8, seed=8, **EXPONENTIAL)
    )
    row = totals_row(result, channel="chat")
    exact = erlang_c_service_level(12, 8.0, 180, 30)
    assert abs(row["service_level"] - exact) <= row["service_level_ci95"]
    assert row["occupancy"] == pytest.approx(8 / 12, abs=0.03)
    # The platform KPIs count the chat sessions of their windows.
    assert result.kpis.chat_response_3min is not None
    assert result.kpis.chat_first_response_30s is not None
    assert result.kpis.chat_response_3min >= result.kpis.chat_first_response_30s

    single = SimTargets(
        queues=(
            SimQueue(
                channel="chat",
                vip_level="standard",
                model="chat",
                service_level=0.8,
                answer_within_s=30,
                concurrency=1,
            ),
        )
    )
    one_chat_each = simulate(
        roster, forecast, single, config=SimulationConfig(replications=2, seed=8, **EXPONENTIAL)
    )
    assert totals_row(one_chat_each, channel="chat")["service_level"] < 0.05


# ----------------------------------------------------------------- email backlog


def test_email_backlog_builds_overnight_and_is_worked_in_opening_hours() -> None:
    days = 2
    grid = pd.date_range(T0, periods=days * 96, freq="15min")
    forecast = email_forecast(grid, volume=6.0, aht_s=300.0)
    rows = [
        {
            "agent_id": f"E{i}",
            "date": T0 + pd.Timedelta(days=d),
            "start": T0 + pd.Timedelta(days=d, hours=9),
            "end": T0 + pd.Timedelta(days=d, hours=21),
            "activity": "work",
            "channel": "email",
            "vip_level": "standard",
        }
        for i in range(5)
        for d in range(days)
    ]
    targets = SimTargets(
        queues=(
            SimQueue(
                channel="email",
                vip_level="standard",
                model="deferred",
                service_level=0.95,
                answer_within_s=24 * 3600,
            ),
        )
    )
    result = simulate(
        pd.DataFrame(rows), forecast, targets, config=SimulationConfig(replications=3, seed=4)
    )
    iv = result.intervals.set_index("interval_start")
    at = lambda text: iv.loc[pd.Timestamp(f"2026-11-24 {text}")]  # noqa: E731
    # Nothing is worked before 09:00: 36 intervals x 6 emails pile up.
    assert at("08:45:00")["backlog"] > 150
    assert np.isnan(at("08:45:00")["occupancy"])
    # Agents burn the backlog down during the day at full occupancy, then keep up.
    assert at("11:00:00")["occupancy"] > 0.95
    assert at("20:45:00")["backlog"] < 10
    row = totals_row(result, channel="email")
    assert row["abandoned"] == 0
    assert row["service_level"] > 0.95  # everything answered within 24 h


# ----------------------------------------------------------------- breaks (engine level)


def test_break_lets_the_contact_in_service_finish_and_takes_no_new_one() -> None:
    # One agent: work 0-3600 s, break 3600-4500 s, work 4500-7200 s on queue 0.
    transitions = [(0.0, 1, 0, 0), (3600.0, 0, 0, 0), (4500.0, 1, 0, 0), (7200.0, 0, 0, 0)]
    arrivals = [3590.0, 3700.0, 3800.0]
    holds = [100.0, 50.0, 50.0]
    deadlines = [math.inf, math.inf, 3900.0]  # the third gives up during the break
    result = _run_engine(arrivals, [0, 0, 0], holds, deadlines, transitions, 1, ((0,),), (1,))
    start, served_by = result.start, result.served_by
    assert start[0] == 3590.0  # in service when the break starts: finished (till 3690 s)
    assert start[1] == 4500.0  # arrived during the break: waits for the next work block
    assert math.isnan(start[2])  # abandoned during the break
    assert served_by[1] == 0
    # The agent is at work on the first contact for 90 s of the break, nothing else.
    assert result.overruns == [(3600.0, 3690.0, 0, 1)]
    assert result.drains == []


def test_agent_switching_queue_finishes_old_contact_first() -> None:
    # Agent on queue 0 until 100 s, then on queue 1; a queue-1 contact waits for the switch
    # and for the queue-0 contact in service (ends at 150 s).
    transitions = [(0.0, 1, 0, 0), (100.0, 0, 0, 0), (100.0, 1, 0, 1), (1000.0, 0, 0, 1)]
    result = _run_engine(
        [50.0, 60.0], [0, 1], [100.0, 10.0], [math.inf] * 2, transitions, 1, ((0,), (1,)), (1, 1)
    )
    assert result.start == [50.0, 150.0]
    assert result.served_by == [0, 1]
    # 100-150 s: at work on queue 0's contact, not free for queue 1.
    assert result.overruns == [(100.0, 150.0, 0, 1)]
    assert result.drains == [(100.0, 150.0, 1)]
    # Logged in over 0-1000 s: queue 0 for 100 s of block and 50 s of overrun, queue 1 for
    # the 900 s block less those 50 s.
    staffed_s = np.array([[100.0, 900.0]])
    logged_in = _logged_in_slot_time(
        staffed_s, (1, 1), result.overruns, result.drains, np.array([0.0, 1000.0])
    )
    assert logged_in.tolist() == [[150.0, 850.0]]


def test_engine_logs_overruns_of_chats_and_a_return_to_the_same_queue() -> None:
    # Chat agent (3 slots) on queue 0 for 0-900 s and 1800-2700 s, a break in between: two
    # conversations run past 900 s; the second one is still open when the agent is back.
    transitions = [(0.0, 1, 0, 0), (900.0, 0, 0, 0), (1800.0, 1, 0, 0), (2700.0, 0, 0, 0)]
    result = _run_engine(
        [100.0, 200.0], [0, 0], [900.0, 1700.0], [math.inf] * 2, transitions, 1, ((0,),), (3,)
    )
    assert result.start == [100.0, 200.0]
    assert result.overruns == [(900.0, 1000.0, 0, 2), (1000.0, 1800.0, 0, 1)]
    assert result.drains == []


def test_roster_breaks_reduce_service() -> None:
    forecast, _, targets = one_queue(10, 40, 180, 8)
    with_breaks = []
    for i in range(10):
        first_end = T0 + pd.Timedelta(hours=2)
        with_breaks += [
            {
                "agent_id": f"A{i:03d}",
                "date": T0,
                "start": T0,
                "end": first_end,
                "activity": "work",
                "channel": "phone",
                "vip_level": "standard",
            },
            {
                "agent_id": f"A{i:03d}",
                "date": T0,
                "start": first_end,
                "end": first_end + pd.Timedelta(hours=1),
                "activity": "lunch",
                "channel": "",
                "vip_level": "",
            },
            {
                "agent_id": f"A{i:03d}",
                "date": T0,
                "start": first_end + pd.Timedelta(hours=1),
                "end": T0 + pd.Timedelta(hours=8),
                "activity": "work",
                "channel": "phone",
                "vip_level": "standard",
            },
        ]
    config = SimulationConfig(replications=2, seed=1)
    result = simulate(pd.DataFrame(with_breaks), forecast, targets, config=config)
    iv = result.intervals.set_index("interval_start")
    lunch = iv.loc[T0 + pd.Timedelta(hours=2, minutes=15)]
    assert lunch["staffed_agents"] == 0
    assert lunch["backlog"] > 20
    assert iv.loc[T0 + pd.Timedelta(hours=1)]["staffed_agents"] == 10


# ----------------------------------------------------------------- occupancy


def email_targets() -> SimTargets:
    return SimTargets(
        queues=(
            SimQueue(
                channel="email",
                vip_level="standard",
                model="deferred",
                service_level=0.9,
                answer_within_s=24 * 3600,
            ),
        )
    )


def email_forecast(grid: pd.DatetimeIndex, *, volume: float, aht_s: float) -> pd.DataFrame:
    """Email contacts at a flat volume and handle time over ``grid``."""
    return pd.DataFrame(
        {
            "interval_start": grid,
            "channel": "email",
            "vip_level": "standard",
            "volume": volume,
            "aht_s": aht_s,
        }
    )


def work_block(agent_id: str, start: pd.Timestamp, end: pd.Timestamp) -> dict:
    return {
        "agent_id": agent_id,
        "date": T0,
        "start": start,
        "end": end,
        "activity": "work",
        "channel": "email",
        "vip_level": "standard",
    }


def test_occupancy_stays_within_logged_in_time_when_emails_overrun_breaks() -> None:
    # 8 email agents, 20-minute emails, a full backlog; the agents take their 15-minute
    # breaks in turns from 02:00, each finishing the email in hand first.
    hours = 8
    grid = pd.date_range(T0, periods=hours * 4, freq="15min")
    forecast = email_forecast(grid, volume=6.0, aht_s=1200.0)
    rows = []
    for i in range(8):
        break_start = T0 + pd.Timedelta(hours=2, minutes=15 * (i % 4))
        break_end = break_start + pd.Timedelta(minutes=15)
        rows += [
            work_block(f"E{i}", T0, break_start),
            {**work_block(f"E{i}", break_start, break_end), "activity": "break"},
            work_block(f"E{i}", break_end, T0 + pd.Timedelta(hours=hours)),
        ]
    result = simulate(
        pd.DataFrame(rows),
        forecast,
        email_targets(),
        config=SimulationConfig(replications=3, seed=4),
    )
    iv = result.intervals.set_index("interval_start")
    breaks = iv.loc[T0 + pd.Timedelta(hours=2) : T0 + pd.Timedelta(hours=2, minutes=45)]
    assert (breaks["staffed_agents"] == 6).all()
    # Six agents at their desks plus the overruns of the two on break: all busy, not more.
    assert breaks["occupancy"].min() > 0.98
    assert iv["occupancy"].max() <= 1
    assert totals_row(result, channel="email")["occupancy"] <= 1


def test_overrun_counts_as_logged_in_time_in_its_interval() -> None:
    # Three 20-minute emails wait from 00:00. A works 00:15-00:30, B 00:15-01:00: each takes
    # one at 00:15; A finishes at 00:35 after the shift ended, then B takes the third
    # (00:35-00:55).
    grid = pd.date_range(T0, periods=4, freq="15min")
    forecast = email_forecast(grid, volume=0.0, aht_s=1200.0)
    history = forecast[["interval_start", "channel", "vip_level"]].head(1).assign(volume=3)
    minutes = lambda m: T0 + pd.Timedelta(minutes=m)  # noqa: E731
    roster = pd.DataFrame(
        [work_block("A", minutes(15), minutes(30)), work_block("B", minutes(15), minutes(60))]
    )
    config = SimulationConfig(replications=1, seed=0, handle_time_cv=1e-9)
    result = simulate(roster, forecast, email_targets(), config=config, arrivals=history)
    iv = result.intervals
    assert iv["answered"].tolist() == [3, 0, 0, 0]  # counted where they arrived
    assert iv["staffed_agents"].tolist() == [0, 2, 1, 1]
    # 00:30-00:45: busy 5 min (A's overrun) + 15 min (B); at work 15 min (B) + 5 min (A).
    assert np.isnan(iv["occupancy"].iloc[0])
    assert iv["occupancy"].iloc[1:].tolist() == pytest.approx([1.0, 1.0, 2 / 3], abs=1e-6)
    # The week: 60 busy minutes in 45 + 15 staffed minutes and 5 minutes of overrun.
    row = totals_row(result, channel="email")
    assert row["occupancy"] == pytest.approx(60 / 65, abs=1e-6)
    assert row["staffed_agent_h"] == pytest.approx(1.0)


def test_busy_time_stays_within_logged_in_time_when_agents_switch_queues() -> None:
    # Agents move every 15-120 minutes between email (25-minute emails), chat (3 slots),
    # VIP and standard phone, with breaks and absence: overruns into breaks and into blocks
    # of other queues everywhere.
    queues = (
        SimQueue(
            channel="email",
            vip_level="standard",
            model="deferred",
            service_level=0.9,
            answer_within_s=86400,
        ),
        SimQueue(
            channel="chat",
            vip_level="standard",
            model="chat",
            service_level=0.8,
            answer_within_s=30,
            patience_s=300,
            concurrency=3,
        ),
        SimQueue(
            channel="phone",
            vip_level="vip",
            model="erlang_a",
            service_level=0.8,
            answer_within_s=20,
            patience_s=200,
            min_tier=2,
        ),
        SimQueue(
            channel="phone",
            vip_level="standard",
            model="erlang_a",
            service_level=0.8,
            answer_within_s=20,
            patience_s=200,
        ),
    )
    hours = 10
    grid = pd.date_range(T0, periods=hours * 4, freq="15min")
    forecast = pd.concat(
        pd.DataFrame(
            {
                "interval_start": grid,
                "channel": q.channel,
                "vip_level": q.vip_level,
                "volume": volume,
                "aht_s": aht_s,
            }
        )
        for q, volume, aht_s in zip(queues, (5, 20, 6, 25), (1500, 500, 300, 240), strict=True)
    )
    rng = np.random.default_rng(0)
    rows = []
    for i in range(25):
        start = T0 + pd.Timedelta(minutes=15 * int(rng.integers(0, 8)))
        while start < T0 + pd.Timedelta(hours=hours):
            end = min(
                start + pd.Timedelta(minutes=15 * int(rng.integers(1, 9))),
                T0 + pd.Timedelta(hours=hours),
            )
            q = queues[int(rng.integers(0, len(queues)))]
            on_break = rng.random() < 0.2
            rows.append(
                {
                    "agent_id": f"A{i:03d}",
                    "date": T0,
                    "start": start,
                    "end": end,
                    "activity": "break" if on_break else "work",
                    "channel": "" if on_break else q.channel,
                    "vip_level": "" if on_break else q.vip_level,
                }
            )
            start = end
    targets = SimTargets(queues=queues)
    for absence_rate in (0.0, 0.3):
        config = SimulationConfig(replications=1, seed=1, absence_rate=absence_rate)
        prep = _prepare(pd.DataFrame(rows), forecast, targets, config, None)
        replication = _simulate_once(prep, config, absence_rate, np.random.default_rng(1))
        assert replication.busy_s.sum() > 0
        # Slot-seconds: a microsecond of rounding at most.
        assert (replication.busy_s <= replication.logged_in_s + 1e-6).all()


# ----------------------------------------------------------------- absence (shrinkage)


def with_shrinkage(targets: SimTargets, shrinkage: float) -> SimTargets:
    return SimTargets(queues=targets.queues, shrinkage=shrinkage)


def test_absence_zero_simulates_the_roster_as_written() -> None:
    forecast, roster, targets = one_queue(8, 30, 200, 6, model="erlang_a", patience_s=200)
    plain = simulate(roster, forecast, targets, config=SimulationConfig(replications=3, seed=7))
    zero = simulate(
        roster,
        forecast,
        with_shrinkage(targets, 0.25),
        config=SimulationConfig(replications=3, seed=7, absence_rate=0.0),
    )
    assert plain.absence_rate == 0.0 and zero.absence_rate == 0.0
    pd.testing.assert_frame_equal(plain.intervals, zero.intervals)
    pd.testing.assert_frame_equal(plain.totals, zero.totals)
    assert (plain.intervals["staffed_agents"] == plain.intervals["scheduled_agents"]).all()
    assert plain.staffed_share == 1.0


def test_absence_is_reproducible_by_seed() -> None:
    forecast, roster, targets = one_queue(30, 60, 200, 8)
    config = SimulationConfig(replications=2, seed=21, absence_rate=0.2)
    a = simulate(roster, forecast, targets, config=config)
    b = simulate(roster, forecast, targets, config=config)
    c = simulate(
        roster,
        forecast,
        targets,
        config=SimulationConfig(replications=2, seed=22, absence_rate=0.2),
    )
    pd.testing.assert_frame_equal(a.intervals, b.intervals)
    assert not a.intervals["staffed_agents"].equals(c.intervals["staffed_agents"])


def test_absence_defaults_to_the_targets_shrinkage() -> None:
    forecast, roster, targets = one_queue(8, 30, 200, 6)
    result = simulate(
        roster, forecast, with_shrinkage(targets, 0.2), config=SimulationConfig(replications=2)
    )
    assert result.absence_rate == 0.2
    assert result.staffed_share < 1.0
    assert "absence 20% of scheduled work time" in result.summary()
    quiet = simulate(roster, forecast.assign(volume=0.0), targets)
    assert "phone/standard: no contacts in the horizon" in quiet.summary()
    from staffing.targets import Targets

    typed = Targets(shrinkage=0.15, queues=())
    assert SimTargets.from_targets(typed).shrinkage == 0.15


def shifts_with_lunch(n_agents: int, days: int) -> pd.DataFrame:
    """Every agent works 08:00-17:00 each day: 4 h work, 1 h lunch, 4 h work."""
    rows = []
    for d in range(days):
        day = T0 + pd.Timedelta(days=d)
        for i in range(n_agents):
            for start_h, end_h, activity in ((8, 12, "work"), (12, 13, "lunch"), (13, 17, "work")):
                rows.append(
                    {
                        "agent_id": f"A{i:03d}",
                        "date": day,
                        "start": day + pd.Timedelta(hours=start_h),
                        "end": day + pd.Timedelta(hours=end_h),
                        "activity": activity,
                        "channel": "phone" if activity == "work" else "",
                        "vip_level": "standard" if activity == "work" else "",
                    }
                )
    return pd.DataFrame(rows)


def test_absence_removes_its_share_of_scheduled_work_time() -> None:
    n_agents, days, replications = 300, 3, 2
    rate, shift_share = 0.25, 0.3
    forecast, _, targets = one_queue(1, 1, 200, days * 24)
    roster = shifts_with_lunch(n_agents, days)
    config = SimulationConfig(
        replications=replications, seed=3, absence_rate=rate, absence_shift_share=shift_share
    )
    result = simulate(roster, forecast, targets, config=config)
    row = totals_row(result)
    assert row["scheduled_agent_h"] == n_agents * days * 8
    # Tolerance: 4 standard errors of the lost share under the model. Per shift the lost
    # share is X = A + (1 - A) * mean(B_1..B_m) with A ~ Bernoulli(rate * shift_share),
    # B_j ~ Bernoulli(q) for its m = 32 quarter-hours of work; shifts are independent.
    p_shift = rate * shift_share
    q = rate * (1 - shift_share) / (1 - p_shift)
    m = 32
    second_moment = p_shift + (1 - p_shift) * (q**2 + q * (1 - q) / m)
    n_shifts = n_agents * days * replications
    tolerance = 4 * math.sqrt((second_moment - rate**2) / n_shifts)
    assert tolerance < 0.03
    assert 1 - result.staffed_share == pytest.approx(rate, abs=tolerance)
    assert row["staffed_agent_h"] == pytest.approx(result.intervals["staffed_agents"].sum() / 4)


def test_whole_shift_absence_takes_whole_shifts_and_in_shift_absence_spreads() -> None:
    forecast, roster, targets = one_queue(40, 1, 200, 8)

    def staffed(shift_share: float) -> pd.Series:
        config = SimulationConfig(
            replications=1, seed=5, absence_rate=0.3, absence_shift_share=shift_share
        )
        return simulate(roster, forecast, targets, config=config).intervals["staffed_agents"]

    whole = staffed(1.0)
    assert whole.nunique() == 1 and whole.iloc[0] < 40  # the same absent agents all day
    spread = staffed(0.0)
    assert spread.nunique() > 5 and spread.max() < 40


def test_absence_lowers_service_of_a_roster_sized_with_shrinkage() -> None:
    # 100 calls / 15 min, AHT 180 s: 20 Erlangs; 24 net agents give ~80% in 20 s, so a
    # requirement with 25% shrinkage schedules 24 / 0.75 = 32.
    forecast, roster, targets = one_queue(32, 100, 180, 12)
    exact = erlang_c_service_level(24, 20.0, 180, 20)
    assert exact > 0.75
    config = SimulationConfig(replications=4, seed=9, **EXPONENTIAL)
    buffered = simulate(roster, forecast, with_shrinkage(targets, 0.0), config=config)
    absent = simulate(roster, forecast, with_shrinkage(targets, 0.25), config=config)
    assert totals_row(buffered)["service_level"] > 0.97  # the buffer as pure surplus
    assert totals_row(absent)["service_level"] < totals_row(buffered)["service_level"] - 0.05
    # The same contacts in both runs: absence is drawn after the arrivals.
    assert buffered.totals["offered"].equals(absent.totals["offered"])


# ----------------------------------------------------------------- seeds, replay, inputs


def test_same_seed_same_result_other_seed_differs() -> None:
    forecast, roster, targets = one_queue(8, 30, 200, 6, model="erlang_a", patience_s=200)
    config = SimulationConfig(replications=3, seed=42)
    a = simulate(roster, forecast, targets, config=config)
    b = simulate(roster, forecast, targets, config=config)
    c = simulate(roster, forecast, targets, config=SimulationConfig(replications=3, seed=43))
    pd.testing.assert_frame_equal(a.intervals, b.intervals)
    pd.testing.assert_frame_equal(a.totals, b.totals)
    assert not a.intervals["answered"].equals(c.intervals["answered"])


def test_replayed_history_offers_exactly_its_counts() -> None:
    forecast, roster, targets = one_queue(8, 30, 200, 2)
    history = forecast[["interval_start", "channel", "vip_level"]].copy()
    history["volume"] = np.arange(len(history)) + 10
    result = simulate(
        roster, forecast, targets, arrivals=history, config=SimulationConfig(replications=2, seed=1)
    )
    assert result.intervals["offered"].tolist() == history["volume"].astype(float).tolist()


def test_unknown_queue_and_bad_values_are_input_errors() -> None:
    forecast, roster, targets = one_queue(2, 5, 200, 1)
    bad = forecast.copy()
    bad.loc[0, "channel"] = "fax"
    bad.loc[1, "volume"] = -3
    with pytest.raises(StaffingInputError) as err:
        simulate(roster, bad, targets)
    text = str(err.value)
    assert "fax/standard has no target" in text and "row 3" in text and "volume" in text
    next_week = forecast.assign(interval_start=forecast["interval_start"] + pd.Timedelta(days=7))
    with pytest.raises(StaffingInputError, match="outside the forecast's"):
        simulate(roster, next_week, targets)
    with pytest.raises(StaffingInputError, match="replications"):
        SimulationConfig(replications=0)
    with pytest.raises(StaffingInputError, match="seed"):
        SimulationConfig(seed=-5)
    with pytest.raises(StaffingInputError, match="absence_rate"):
        SimulationConfig(absence_rate=1.0)
    with pytest.raises(StaffingInputError, match="absence_shift_share"):
        SimulationConfig(absence_shift_share=1.5)
    with pytest.raises(StaffingInputError, match="shrinkage"):
        SimTargets(queues=targets.queues, shrinkage=-0.1)
    with pytest.raises(StaffingInputError, match="service_level_definition"):
        SimTargets(queues=targets.queues, service_level_definition="nonsense")


# ----------------------------------------------------------------- command line


def test_cli_simulates_with_the_absence_rate_and_rejects_a_bad_one(tmp_path, capsys) -> None:
    from staffing.cli import main

    forecast, roster, _ = one_queue(20, 40, 180, 8)
    forecast["volume_p10"] = forecast["volume"] * 0.8
    forecast["volume_p90"] = forecast["volume"] * 1.2
    forecast.to_csv(tmp_path / "forecast.csv", index=False)
    roster.to_csv(tmp_path / "roster.csv", index=False)
    (tmp_path / "targets.toml").write_text(
        'shrinkage = 0.2\n[[queues]]\nchannel = "phone"\nvip_level = "standard"\n'
        'model = "erlang_c"\nservice_level = 0.8\nanswer_within_s = 20\n'
    )
    files = [
        "simulate",
        "--roster",
        str(tmp_path / "roster.csv"),
        "--forecast",
        str(tmp_path / "forecast.csv"),
        "--targets",
        str(tmp_path / "targets.toml"),
        "--replications",
        "2",
        "--out",
        str(tmp_path / "sim.csv"),
        "--totals",
        str(tmp_path / "totals.csv"),
    ]
    assert main(files) == 0
    assert "absence 20% of scheduled work time" in capsys.readouterr().out
    totals = pd.read_csv(tmp_path / "totals.csv")
    assert totals["staffed_agent_h"].iloc[0] < totals["scheduled_agent_h"].iloc[0]
    assert main([*files, "--absence-rate", "0"]) == 0
    totals = pd.read_csv(tmp_path / "totals.csv")
    assert totals["staffed_agent_h"].iloc[0] == totals["scheduled_agent_h"].iloc[0] == 160
    assert main([*files, "--absence-rate", "1.5"]) == 2
    assert "--absence-rate must be in [0, 1)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main([*files, "--seed", "-5"])
    assert usage.value.code == 2
    assert "argument --seed: '-5' is not a whole number >= 0" in capsys.readouterr().err

    history = forecast[["interval_start", "channel", "vip_level"]].assign(volume=30)
    history["interval_start"] -= pd.Timedelta(days=7)  # the week before: nothing to replay
    history.to_csv(tmp_path / "history.csv", index=False)
    assert main([*files, "--history", str(tmp_path / "history.csv")]) == 2
    err = capsys.readouterr().err
    assert "history.csv, column 'interval_start': the history runs from" in err
    assert "outside the forecast's" in err and "leave out --history" in err

    replay = forecast[["interval_start", "channel", "vip_level"]].assign(volume=30)
    replay.loc[3, "channel"] = "fax"  # a queue without a target, on the forecast's week
    replay.to_csv(tmp_path / "replay.csv", index=False)
    assert main([*files, "--history", str(tmp_path / "replay.csv")]) == 2
    err = capsys.readouterr().err  # the file's name; its rows were sorted, so no row number
    assert f"{tmp_path / 'replay.csv'}, column 'channel': queue fax/standard has no target" in err
