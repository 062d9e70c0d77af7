"""Roster benchmark: the sample week with 50, 200, 500 and 1,000 agents.

Agents and time off come from the sample generator (the profile mix scales with the count).
Two requirements per size:

- ``sample``: the sample data set's own week, as ``staffing plan`` sizes it: the sample
  history forecast for the planning week, turned into agents per interval with the sample
  targets (shrinkage included), scaled from the sample's 200 agents to the size. More than
  the agents can cover at the peaks.
- ``shape``: a smooth weekly shape per queue (morning and afternoon peaks, the 20:00-23:00
  e-commerce peak, quieter weekends), scaled so the agents can cover about 85% of it.

Prints solve time, labour cost, shortfall, lower bound, gap and the validator's verdict.

    .venv/bin/python bench/bench_roster.py [--sizes 50 200] [--weeks sample shape]
        [--time-limit 60]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from importlib import resources

import numpy as np
import pandas as pd

from staffing.agents import Agent
from staffing.dataset import load_dataset
from staffing.pipeline import forecast_week, requirements_for
from staffing.roster.problem import RosterProblem
from staffing.roster.solve import solve_roster
from staffing.rules import read_rules
from staffing.sample import PLANNING_WEEK, generate_agents, generate_time_off, write_sample

#: (channel, vip_level, share of the workload, min_tier)
QUEUES = (
    ("chat", "standard", 0.30, 1),
    ("chat", "vip", 0.08, 2),
    ("chat", "svip", 0.03, 2),
    ("phone", "standard", 0.14, 1),
    ("phone", "vip", 0.05, 2),
    ("phone", "svip", 0.03, 3),
    ("messaging", "standard", 0.15, 1),
    ("messaging", "vip", 0.04, 2),
    ("messaging", "svip", 0.02, 2),
    ("email", "standard", 0.11, 1),
    ("email", "vip", 0.03, 2),
    ("email", "svip", 0.02, 2),
)
TIME_LIMITS_S = {50: 30.0, 200: 60.0, 500: 180.0, 1000: 300.0}
COVERABLE_SHARE = 0.85


def intraday(hours: np.ndarray) -> np.ndarray:
    def bump(centre: float, width: float) -> np.ndarray:
        return np.exp(-0.5 * ((hours - centre) / width) ** 2)

    return 0.15 + bump(10.5, 1.5) + 0.8 * bump(15.0, 2.0) + 1.1 * bump(21.5, 1.2)


def requirements(agents: list[Agent], rules_opening: dict[str, tuple[int, int]]) -> pd.DataFrame:
    times = pd.date_range(PLANNING_WEEK, periods=7 * 96, freq="15min")
    hours = (times.hour + times.minute / 60).to_numpy()
    weekend = times.dayofweek.to_numpy() >= 5
    shape = intraday(hours) * np.where(weekend, 0.8, 1.0)
    capacity_agent_intervals = sum(a.min_hours_week * 1.05 for a in agents) * 4 * 0.85
    frames = []
    minutes = times.hour * 60 + times.minute
    for channel, vip_level, share, min_tier in QUEUES:
        low, high = rules_opening.get(channel, (0, 24 * 60))
        is_open = (minutes >= low) & (minutes < high)
        load = shape * is_open
        scale = COVERABLE_SHARE * capacity_agent_intervals * share / load.sum()
        frames.append(
            pd.DataFrame(
                {
                    "interval_start": times,
                    "channel": channel,
                    "vip_level": vip_level,
                    "required_agents": np.round(load * scale).astype(np.int64),
                    "min_tier": min_tier,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def sample_requirements() -> tuple[pd.DataFrame, int]:
    """The sample data set's requirement for the planning week, and its number of agents."""
    with tempfile.TemporaryDirectory() as folder:
        write_sample(folder)
        dataset = load_dataset(folder)
    forecast = forecast_week(dataset, PLANNING_WEEK)
    return requirements_for(forecast, dataset.targets, dataset.rules), len(dataset.agents)


def scaled(sample: tuple[pd.DataFrame, int], n: int) -> pd.DataFrame:
    """The sample requirement for n agents instead of the sample's."""
    requirements, n_sample = sample
    out = requirements.copy()
    out["required_agents"] = np.round(out["required_agents"] * n / n_sample).astype(np.int64)
    return out


def load_agents(n: int) -> tuple[list[Agent], pd.DataFrame]:
    frame = generate_agents(n)
    agents = [
        Agent(
            agent_id=r.agent_id,
            name=r.name,
            tier=int(r.tier),
            channels=tuple(r.channels.split(";")),
            vip_levels=tuple(r.vip_levels.split(";")),
            contract=r.contract,
            min_hours_week=float(r.min_hours_week),
            max_hours_week=float(r.max_hours_week),
            hourly_cost=float(r.hourly_cost),
        )
        for r in frame.itertuples()
    ]
    return agents, generate_time_off(frame)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200, 500, 1000])
    parser.add_argument(
        "--weeks", nargs="*", choices=["sample", "shape"], default=["sample", "shape"]
    )
    parser.add_argument("--time-limit", type=float, default=None)
    args = parser.parse_args()
    rules = read_rules(resources.files("staffing.templates").joinpath("rules.toml").read_bytes())
    sample = sample_requirements() if "sample" in args.weeks else None
    print(
        f"{'week':>6} {'agents':>6} {'limit_s':>7} {'time_s':>7} {'labour_cost':>12} "
        f"{'short_h':>8} {'objective':>14} {'lower_bound':>14} {'gap':>7} {'valid':>6}"
    )
    for week in args.weeks:
        for n in args.sizes:
            agents, time_off = load_agents(n)
            if sample is not None and week == "sample":
                required = scaled(sample, n)
            else:
                required = requirements(agents, dict(rules.opening_hours))
            problem = RosterProblem.from_frames(
                requirements=required, agents=agents, rules=rules, time_off=time_off
            )
            limit = args.time_limit or TIME_LIMITS_S.get(n, 60.0)
            started = time.monotonic()
            result = solve_roster(problem, time_limit_s=limit)
            elapsed = time.monotonic() - started
            print(
                f"{week:>6} {n:>6} {limit:>7.0f} {elapsed:>7.1f} {result.labour_cost:>12,.0f} "
                f"{result.shortfall_agent_hours:>8.1f} {result.objective:>14,.0f} "
                f"{result.lower_bound:>14,.0f} {result.gap:>7.2%} {result.check.ok!s:>6}",
                flush=True,
            )


if __name__ == "__main__":
    main()
