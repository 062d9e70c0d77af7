"""A small slice of the sample center for tests that solve rosters: fast and deterministic.

The last ``weeks`` weeks of history thinned to ``share`` of the contacts (seeded binomial),
the first ``n_agents`` agents, their time off and preferences; targets, rules and events unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

WEEK_AFTER_HISTORY = pd.Timestamp("2026-11-23")


def write_small_center(
    sample: Path, out: Path, *, n_agents: int = 30, share: float = 0.15, weeks: int = 10
) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for path in sample.iterdir():
        if path.is_file():
            shutil.copy(path, out / path.name)
    history = pd.read_csv(sample / "history.csv", parse_dates=["interval_start"])
    history = history[history["interval_start"] >= WEEK_AFTER_HISTORY - pd.Timedelta(weeks=weeks)]
    rng = np.random.default_rng(7)
    history = history.assign(volume=rng.binomial(history["volume"].to_numpy(), share))
    history["aht_s"] = history["aht_s"].where(history["volume"] > 0)
    history.to_csv(out / "history.csv", index=False, date_format="%Y-%m-%d %H:%M:%S")
    agents = (sample / "agents.csv").read_text(encoding="utf-8").splitlines()
    kept = agents[: 1 + n_agents]
    (out / "agents.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    ids = {line.split(",", 1)[0] for line in kept[1:]}
    for name in ("time_off.csv", "preferences.csv"):
        lines = (sample / name).read_text(encoding="utf-8").splitlines()
        rows = [line for line in lines[1:] if line.split(",", 1)[0] in ids]
        (out / name).write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    return out
