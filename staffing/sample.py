"""The bundled sample data set: a mid-size e-commerce customer-service center.

``write_sample(out_dir)`` writes every file of the README's formats, deterministically from a
seed (the same seed gives byte-identical files):

- history.csv: 15-minute intervals from 2024-10-07 to 2026-11-22 (a little over two years)
  for 4 channels x 3 VIP levels (12 queues), with AHT. Chat dominates; intraday shape with a
  morning rise, late-morning and afternoon peaks and a strong 20:00-23:00 evening peak;
  weekday/weekend differences; yearly seasonality and trend; 618, Double 11 and Double 12
  peaks (several times a normal day, a spike right after midnight when sales open, a returns
  wave the week after), a Spring Festival dip followed by delivery-delay contacts, Poisson
  noise, sparse VIP queues, and closed hours for phone, messaging and email (closed intervals
  are absent from the file).
- events.csv: past and next year's promotions and holidays.
- agents.csv: about 200 agents: tiers 1-3, single- and multi-skilled, VIP certification,
  full- and part-time contracts, hourly costs by tier.
- time_off.csv: leave in the week after the history ends (the week a planner rosters next)
  and in earlier weeks.
- preferences.csv: days off and early or late shifts some agents ask for in that week.
- targets.toml and rules.toml: copied from the package's templates.

Volumes are drawn from a rate model (base x day-of-week x season x trend x events x intraday
profile); the model is not known to the forecasters, which must learn it from the data.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from staffing.io import write_csv, write_text, written_together

HISTORY_START = pd.Timestamp("2024-10-07")  # a Monday
HISTORY_END = pd.Timestamp("2026-11-23")  # exclusive: the history ends on Sunday 2026-11-22
PLANNING_WEEK = pd.Timestamp("2026-11-23")  # the Monday after the history
INTERVAL_MINUTES = 15
DEFAULT_SEED = 20261111

CHANNELS = ("phone", "chat", "messaging", "email")
VIP_LEVELS = ("standard", "vip", "svip")
VIP_SHARES = {"standard": 0.80, "vip": 0.15, "svip": 0.05}


@dataclass(frozen=True, kw_only=True)
class ChannelProfile:
    """How one channel's contacts behave on a normal day (all VIP levels together)."""

    daily_volume: float  # a normal mid-week day at the start of the history
    aht_s: float  # standard customers; VIP contacts take longer
    weekday_factors: tuple[float, ...]  # Monday .. Sunday
    peak_factor: float  # multiplier on a main sale day (618, Double 11)
    night_share: float  # relative weight of the 00:00-07:00 hours (chat has bots at night)
    evening_weight: float  # weight of the 20:00-23:00 peak relative to the daytime peaks


PROFILES: dict[str, ChannelProfile] = {
    "chat": ChannelProfile(
        daily_volume=5400,
        aht_s=380,
        weekday_factors=(1.10, 1.05, 1.00, 0.98, 0.97, 0.90, 0.95),
        peak_factor=4.6,
        night_share=0.10,
        evening_weight=1.25,
    ),
    "messaging": ChannelProfile(
        daily_volume=1650,
        aht_s=240,
        weekday_factors=(1.08, 1.04, 1.00, 0.98, 0.97, 0.92, 0.96),
        peak_factor=4.2,
        night_share=0.0,
        evening_weight=1.15,
    ),
    "phone": ChannelProfile(
        daily_volume=1125,
        aht_s=300,
        weekday_factors=(1.15, 1.07, 1.00, 0.98, 0.95, 0.72, 0.70),
        peak_factor=3.2,
        night_share=0.0,
        evening_weight=0.70,
    ),
    "email": ChannelProfile(
        daily_volume=525,
        aht_s=420,
        weekday_factors=(1.20, 1.10, 1.02, 0.98, 0.95, 0.60, 0.55),
        peak_factor=2.8,
        night_share=0.0,
        evening_weight=0.40,
    ),
}
VIP_AHT_FACTOR = {"standard": 1.0, "vip": 1.10, "svip": 1.20}

#: Annual growth of contact volume (the business grows).
TREND_PER_YEAR = 0.12


@dataclass(frozen=True, kw_only=True)
class SampleEvent:
    name: str
    start: pd.Timestamp
    end: pd.Timestamp  # exclusive


def _events() -> list[SampleEvent]:
    """Promotions and holidays from the history's start to the end of next year."""

    def ev(name: str, start: str, end: str) -> SampleEvent:
        return SampleEvent(name=name, start=pd.Timestamp(start), end=pd.Timestamp(end))

    spring_festival = {2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06"}
    events = []
    for year in (2024, 2025, 2026, 2027):
        if year >= 2025:
            sf = pd.Timestamp(spring_festival[year])
            events.append(
                ev(
                    "Spring Festival",
                    str(sf - pd.Timedelta(days=7)),
                    str(sf + pd.Timedelta(days=7)),
                )
            )
            events.append(ev("38 Festival", f"{year}-03-08", f"{year}-03-09"))
            events.append(ev("618 pre-sale", f"{year}-05-31 20:00", f"{year}-06-18"))
            events.append(ev("618", f"{year}-06-18", f"{year}-06-19"))
        events.append(ev("Double 11 pre-sale", f"{year}-10-20 20:00", f"{year}-11-11"))
        events.append(ev("Double 11", f"{year}-11-11", f"{year}-11-12"))
        events.append(ev("Double 12", f"{year}-12-12", f"{year}-12-13"))
    return [e for e in events if e.end > HISTORY_START]


def _day_multipliers(days: pd.DatetimeIndex, peak_factor: float) -> np.ndarray:
    """Event multiplier per day for a channel: pre-sales, peak days, returns waves, holidays."""
    mult = np.ones(len(days))
    day_number = days.values.astype("datetime64[D]").astype(np.int64)

    def offset(date: pd.Timestamp) -> np.ndarray:
        return day_number - np.datetime64(date.date(), "D").astype(np.int64)

    excess = peak_factor - 1.0
    for event in _events():
        d = offset(event.start.normalize())
        length = (event.end.normalize() - event.start.normalize()).days
        if event.name in ("618", "Double 11"):
            mult[d == 0] *= peak_factor
            wave = (d >= 1) & (d <= 8)  # returns and logistics wave
            mult[wave] *= 1.0 + 0.45 * excess * 0.30 * np.exp(-(d[wave] - 1) / 2.5)
        elif event.name == "Double 12":
            mult[d == 0] *= 1.0 + 0.40 * excess
            wave = (d >= 1) & (d <= 4)
            mult[wave] *= 1.0 + 0.08 * excess * np.exp(-(d[wave] - 1) / 1.5)
        elif event.name.endswith("pre-sale"):
            inside = (d >= 0) & (d < length)
            # pre-sale interest rises towards the sale; deposit day at the start spikes
            progress = d[inside] / max(length, 1)
            mult[inside] *= 1.15 + 0.35 * progress**2
            mult[d == 0] *= 1.25
        elif event.name == "38 Festival":
            mult[d == 0] *= 1.0 + 0.25 * excess
        elif event.name == "Spring Festival":
            inside = (d >= 0) & (d < length)
            mult[inside] *= 0.55  # logistics stop, few orders
            after = (d >= length) & (d < length + 10)
            mult[after] *= 1.35  # delivery-delay contacts after the holiday
    return mult


def _intraday_profile(profile: ChannelProfile, slots_per_day: int) -> np.ndarray:
    """Share of a normal day's contacts in each interval (sums to 1)."""
    hours = (np.arange(slots_per_day) + 0.5) * 24 / slots_per_day

    def bump(centre: float, width: float) -> np.ndarray:
        return np.exp(-0.5 * ((hours - centre) / width) ** 2)

    day = 0.9 * bump(10.8, 1.3) + 0.85 * bump(15.0, 1.5) + 0.45 * bump(13.0, 1.0)
    rise = 1 / (1 + np.exp(-(hours - 8.5) * 2.2))
    shape = rise * (0.25 + day) + profile.evening_weight * bump(21.3, 1.2)
    night = profile.night_share * np.exp(-hours / 2.0) * (hours < 7)
    shape = shape + night
    return shape / shape.sum()


def _midnight_spike(slots_per_day: int) -> np.ndarray:
    """Extra share of the day right after a sale opens at 00:00 (added on sale days)."""
    hours = (np.arange(slots_per_day) + 0.5) * 24 / slots_per_day
    spike = np.exp(-hours / 0.6) * (hours < 3)
    return spike / spike.sum()


def _opening_slots(channel: str, opening_hours: dict[str, list[str]], n_slots: int) -> np.ndarray:
    """Boolean mask of the intervals a channel is open."""
    if channel not in opening_hours:
        return np.ones(n_slots, dtype=bool)
    open_at, close_at = opening_hours[channel]

    def minutes(text: str) -> int:
        h, m = text.split(":")
        return int(h) * 60 + int(m)

    starts = np.arange(n_slots) * INTERVAL_MINUTES
    return (starts >= minutes(open_at)) & (starts < minutes(close_at))


def generate_history(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The sample contact history (history.csv columns), deterministic for a seed."""
    rng = np.random.default_rng(seed)
    rules = _template("rules.toml")
    opening_hours = tomllib.loads(rules).get("opening_hours", {})
    days = pd.date_range(HISTORY_START, HISTORY_END - pd.Timedelta(days=1), freq="D")
    slots_per_day = 24 * 60 // INTERVAL_MINUTES
    years = (days - HISTORY_START).days.values / 365.25
    doy = days.dayofyear.values
    # higher in the autumn-winter shopping season, quieter in late summer
    season = 1.0 + 0.07 * np.cos(2 * np.pi * (doy - 335) / 365.25)
    trend = (1.0 + TREND_PER_YEAR) ** years
    sale_days = {
        e.start.normalize() for e in _events() if e.name in ("618", "Double 11", "Double 12")
    }
    is_sale_day = days.isin(list(sale_days))
    spike = _midnight_spike(slots_per_day)
    frames = []
    for channel in CHANNELS:
        profile = PROFILES[channel]
        weekday = np.asarray(profile.weekday_factors)[days.dayofweek.values]
        day_mult = _day_multipliers(days, profile.peak_factor)
        # day-level noise: weather, campaigns, outages (the part no model can know)
        day_noise = rng.lognormal(mean=0.0, sigma=0.05, size=len(days))
        daily = profile.daily_volume * weekday * season * trend * day_mult * day_noise
        shape = np.tile(_intraday_profile(profile, slots_per_day), (len(days), 1))
        open_mask = _opening_slots(channel, opening_hours, slots_per_day)
        # on sale days a share of the day's contacts arrives right after midnight
        spike_share = 0.12 if channel in ("chat", "messaging") else 0.05
        shape[is_sale_day] = (1 - spike_share) * shape[is_sale_day] + spike_share * spike
        shape = shape * open_mask
        shape = shape / shape.sum(axis=1, keepdims=True)
        rate = daily[:, None] * shape  # days x slots
        for vip_level in VIP_LEVELS:
            lam = rate * VIP_SHARES[vip_level]
            volume = rng.poisson(lam)
            aht_mean = profile.aht_s * VIP_AHT_FACTOR[vip_level]
            # handle time: longer on peak days (complex orders), slowly falling with experience
            day_aht = aht_mean * (1 + 0.08 * (day_mult > 1.8)) * (1 - 0.03 * years)
            per_contact_cv = 0.9
            se = per_contact_cv / np.sqrt(np.maximum(volume, 1))
            aht = day_aht[:, None] * rng.lognormal(-0.5 * se**2, se)
            keep = np.broadcast_to(open_mask, volume.shape)
            starts = (
                days.values[:, None]
                + (np.arange(slots_per_day) * INTERVAL_MINUTES).astype("timedelta64[m]")[None, :]
            )
            frames.append(
                pd.DataFrame(
                    {
                        "interval_start": starts[keep],
                        "channel": channel,
                        "vip_level": vip_level,
                        "volume": volume[keep],
                        "aht_s": np.where(volume[keep] > 0, np.round(aht[keep], 1), np.nan),
                    }
                )
            )
    history = pd.concat(frames, ignore_index=True)
    return history.sort_values(
        ["interval_start", "channel", "vip_level"], kind="stable"
    ).reset_index(drop=True)


def generate_events() -> pd.DataFrame:
    """events.csv: name, start, end (exclusive), multiplier (empty: learned from history)."""
    events = sorted(_events(), key=lambda e: (e.start, e.name))
    return pd.DataFrame(
        {
            "name": [e.name for e in events],
            "start": [e.start for e in events],
            "end": [e.end for e in events],
            "multiplier": "",
        }
    )


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN_NAMES = "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰萍红"

#: (channels, share of agents, lowest tier that has this profile)
SKILL_PROFILES = (
    ("chat", 0.30, 1),
    ("chat;messaging", 0.22, 1),
    ("phone", 0.12, 1),
    ("phone;chat", 0.14, 1),
    ("messaging;email", 0.08, 1),
    ("email", 0.05, 1),
    ("phone;chat;messaging;email", 0.09, 2),
)
TIER_SHARES = (0.50, 0.35, 0.15)
HOURLY_COST = {1: (28.0, 32.0), 2: (36.0, 41.0), 3: (48.0, 55.0)}
VIP_CERTIFICATION = {1: "standard", 2: "standard;vip", 3: "standard;vip;svip"}


def generate_agents(n_agents: int = 200, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """agents.csv for ``n_agents`` agents (the profile mix scales with the count)."""
    rng = np.random.default_rng(seed + 1)
    tiers = rng.choice([1, 2, 3], size=n_agents, p=TIER_SHARES)
    names = [
        SURNAMES[rng.integers(len(SURNAMES))]
        + "".join(GIVEN_NAMES[j] for j in rng.integers(len(GIVEN_NAMES), size=rng.integers(1, 3)))
        for _ in range(n_agents)
    ]
    channels = []
    profile_shares = np.array([p[1] for p in SKILL_PROFILES])
    for tier in tiers:
        allowed = np.array([p[2] <= tier for p in SKILL_PROFILES])
        p = profile_shares * allowed
        channels.append(SKILL_PROFILES[rng.choice(len(SKILL_PROFILES), p=p / p.sum())][0])
    part_time = rng.random(n_agents) < 0.2
    low = np.array([HOURLY_COST[t][0] for t in tiers])
    high = np.array([HOURLY_COST[t][1] for t in tiers])
    cost = np.round(low + (high - low) * rng.random(n_agents), 1)
    return pd.DataFrame(
        {
            "agent_id": [f"A{i + 1:04d}" for i in range(n_agents)],
            "name": names,
            "tier": tiers,
            "channels": channels,
            "vip_levels": [VIP_CERTIFICATION[t] for t in tiers],
            "contract": np.where(part_time, "part_time", "full_time"),
            "min_hours_week": np.where(part_time, 12, 36),
            "max_hours_week": np.where(part_time, 30, 44),
            "hourly_cost": np.where(part_time, np.round(cost * 1.05, 1), cost),
        }
    )


def generate_time_off(agents: pd.DataFrame, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """time_off.csv: a few agents on leave in the planning week, others earlier."""
    rng = np.random.default_rng(seed + 2)
    ids = agents["agent_id"].to_numpy()
    chosen = rng.choice(ids, size=max(3, len(ids) // 12), replace=False)
    rows = []
    for i, agent_id in enumerate(sorted(chosen)):
        if i % 3 == 2:  # an appointment: part of one day
            day = PLANNING_WEEK + pd.Timedelta(days=int(rng.integers(0, 7)))
            rows.append((agent_id, day + pd.Timedelta(hours=8), day + pd.Timedelta(hours=13)))
        else:  # annual leave of one to five days
            first = PLANNING_WEEK + pd.Timedelta(days=int(rng.integers(-7, 6)))
            rows.append((agent_id, first, first + pd.Timedelta(days=int(rng.integers(1, 6)))))
    return pd.DataFrame(rows, columns=["agent_id", "start", "end"])


def generate_preferences(agents: pd.DataFrame, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """preferences.csv: about one agent in six asks for something in the planning week (a
    day off, mostly at the weekend, or an early or a late shift)."""
    rng = np.random.default_rng(seed + 3)
    ids = agents["agent_id"].to_numpy()
    chosen = rng.choice(ids, size=max(2, len(ids) // 6), replace=False)
    rows = []
    for agent_id in sorted(chosen):
        preference = str(rng.choice(["off", "early", "late"], p=[0.5, 0.3, 0.2]))
        day = int(rng.choice(7, p=[0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2]))
        rows.append((agent_id, PLANNING_WEEK + pd.Timedelta(days=day), preference))
    return pd.DataFrame(rows, columns=["agent_id", "date", "preference"])


def _template(name: str) -> str:
    return resources.files("staffing.templates").joinpath(name).read_text(encoding="utf-8")


#: The files :func:`write_sample` writes.
SAMPLE_FILES = (
    "history.csv",
    "events.csv",
    "agents.csv",
    "time_off.csv",
    "preferences.csv",
    "targets.toml",
    "rules.toml",
)


def write_sample(
    out_dir: str | Path, *, seed: int = DEFAULT_SEED, n_agents: int = 200
) -> list[Path]:
    """Write the sample data set into ``out_dir``; returns the files written."""
    out = Path(out_dir)
    agents = generate_agents(n_agents, seed)
    files = {
        "history.csv": generate_history(seed),
        "events.csv": generate_events(),
        "agents.csv": agents,
        "time_off.csv": generate_time_off(agents, seed),
        "preferences.csv": generate_preferences(agents, seed),
    }
    with written_together():
        for name, frame in files.items():
            write_csv(out / name, frame)
        for name in ("targets.toml", "rules.toml"):
            write_text(out / name, _template(name))
    return [out / name for name in (*files, "targets.toml", "rules.toml")]
