"""rules.toml: labour rules and shift patterns, read and checked into frozen dataclasses.

Every problem in the file is reported at once (unknown keys, wrong types, times off the
interval grid, breaks that do not fit a shift, ...), each naming the key and the fix.

>>> rules = parse_rules({"interval_minutes": 15, "shifts": {"lengths_h": [8]}})
>>> rules.shifts.start_minutes()[:3]
(0, 30, 60)
>>> rules.is_open("phone", 3 * 60)
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from staffing.errors import ProblemCollector
from staffing.i18n import msg
from staffing.tabular import Source, read_toml, source_name

MINUTES_PER_DAY = 24 * 60
ALLOWED_INTERVAL_MINUTES = (15, 30, 60)
DEFAULT_VIP_SHORTFALL_WEIGHT = 2.0
#: A shift whose end is later than this many minutes after its day's midnight is "late".
LATE_SHIFT_END_MINUTES = 22 * 60


@dataclass(frozen=True, kw_only=True)
class ShiftRules:
    """Allowed shift spans (breaks included) and start times."""

    lengths_h: tuple[float, ...] = (4.0, 6.0, 8.0, 9.0)
    start_step_minutes: int = 30
    earliest_start_minutes: int = 0
    latest_start_minutes: int = 23 * 60

    def start_minutes(self) -> tuple[int, ...]:
        """Allowed start times as minutes after midnight."""
        return tuple(
            range(
                self.earliest_start_minutes,
                self.latest_start_minutes + 1,
                self.start_step_minutes,
            )
        )

    def lengths_minutes(self) -> tuple[int, ...]:
        return tuple(round(h * 60) for h in self.lengths_h)


@dataclass(frozen=True, kw_only=True)
class BreakRule:
    """A break or lunch: every shift at least ``min_shift_h`` long gets one, inside its window."""

    name: str
    minutes: int
    paid: bool
    min_shift_h: float
    window_after_start_h: tuple[float, float]

    def applies_to(self, length_minutes: int) -> bool:
        return length_minutes >= round(self.min_shift_h * 60)

    def window_minutes(self) -> tuple[int, int]:
        """Earliest and latest start of the break, minutes after the shift start."""
        low, high = self.window_after_start_h
        return round(low * 60), round(high * 60)


@dataclass(frozen=True, kw_only=True)
class Contract:
    name: str
    min_days_per_week: int
    max_days_per_week: int


@dataclass(frozen=True, kw_only=True)
class Rules:
    """Everything rules.toml says; times are minutes after midnight, 24:00 = 1440."""

    interval_minutes: int = 15
    min_rest_h: float = 11.0
    max_consecutive_days: int = 6
    min_block_minutes: int = 60
    shifts: ShiftRules = field(default_factory=ShiftRules)
    breaks: tuple[BreakRule, ...] = ()
    contracts: Mapping[str, Contract] = field(default_factory=dict)
    #: (open, close) minutes per channel; a channel not listed is open all day.
    opening_hours: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    #: shortfall weight per VIP level; levels not listed weigh 1 (``standard``) or 2 (others).
    shortfall_weights: Mapping[str, float] = field(default_factory=dict)

    def is_open(self, channel: str, minute_of_day: int) -> bool:
        """Whether ``channel`` is open at ``minute_of_day`` (0..1439)."""
        if channel not in self.opening_hours:
            return True
        open_minutes, close_minutes = self.opening_hours[channel]
        return open_minutes <= minute_of_day % MINUTES_PER_DAY < close_minutes

    def breaks_for(self, length_minutes: int) -> tuple[BreakRule, ...]:
        return tuple(b for b in self.breaks if b.applies_to(length_minutes))

    def paid_minutes(self, length_minutes: int) -> int:
        """Paid time of a shift: its span minus its unpaid breaks."""
        unpaid = sum(b.minutes for b in self.breaks_for(length_minutes) if not b.paid)
        return length_minutes - unpaid

    def shortfall_weight(self, vip_level: str) -> float:
        if vip_level in self.shortfall_weights:
            return self.shortfall_weights[vip_level]
        return 1.0 if vip_level == "standard" else DEFAULT_VIP_SHORTFALL_WEIGHT

    def max_paid_minutes_per_shift(self) -> int:
        return max(self.paid_minutes(m) for m in self.shifts.lengths_minutes())


_TOP_KEYS = {
    "interval_minutes",
    "min_rest_h",
    "max_consecutive_days",
    "min_block_minutes",
    "shifts",
    "breaks",
    "contracts",
    "opening_hours",
    "shortfall_weights",
}
_SHIFT_KEYS = {"lengths_h", "start_step_minutes", "earliest_start", "latest_start"}
#: the break activities roster.csv knows (its ``activity`` is ``work`` or one of these)
BREAK_NAMES = ("break", "lunch")
_BREAK_KEYS = {"name", "minutes", "paid", "min_shift_h", "window_after_start_h"}
_CONTRACT_KEYS = {"days_per_week"}


def read_rules(source: Source, *, name: str | None = None) -> Rules:
    """Read and check rules.toml (path, bytes or open binary file)."""
    name = source_name(source, name)
    return parse_rules(read_toml(source, name=name), name=name)


def parse_rules(data: Mapping[str, Any], *, name: str = "rules.toml") -> Rules:
    """Check a parsed rules.toml mapping; raises StaffingInputError with every problem."""
    checker = _Checker(ProblemCollector(name))
    checker.unknown_keys(data, _TOP_KEYS, "")
    interval = checker.integer(data, "interval_minutes", 15, minimum=1)
    if interval is not None and interval not in ALLOWED_INTERVAL_MINUTES:
        checker.add(
            "interval_minutes", interval, msg("must be 15, 30 or 60"), msg("use 15, 30 or 60")
        )
        interval = None
    grid = interval or 15
    min_rest_h = checker.number(data, "min_rest_h", 11.0, minimum=0.0, maximum=24.0)
    max_consecutive = checker.integer(data, "max_consecutive_days", 6, minimum=1, maximum=7)
    min_block = checker.integer(data, "min_block_minutes", 60, minimum=grid)
    if min_block is not None and min_block % grid:
        checker.add(
            "min_block_minutes",
            min_block,
            msg("must be a multiple of {grid} minutes", grid=grid),
            msg("round it to a multiple of interval_minutes ({grid})", grid=grid),
        )
    shifts = _shifts(checker, data.get("shifts", {}), grid)
    breaks = _breaks(checker, data.get("breaks", []), grid, shifts)
    contracts = _contracts(checker, data.get("contracts", {}))
    opening = _opening_hours(checker, data.get("opening_hours", {}), grid)
    weights = _weights(checker, data.get("shortfall_weights", {}))
    checker.problems.raise_if_any()
    assert min_rest_h is not None and max_consecutive is not None and min_block is not None
    assert shifts is not None
    return Rules(
        interval_minutes=grid,
        min_rest_h=min_rest_h,
        max_consecutive_days=max_consecutive,
        min_block_minutes=min_block,
        shifts=shifts,
        breaks=breaks,
        contracts=contracts,
        opening_hours=opening,
        shortfall_weights=weights,
    )


def parse_clock(text: object) -> int | None:
    """``"HH:MM"`` as minutes after midnight (``"24:00"`` allowed); None if malformed.

    >>> parse_clock("08:30"), parse_clock("24:00"), parse_clock("8h")
    (510, 1440, None)
    """
    if not isinstance(text, str) or text.count(":") != 1:
        return None
    hours, minutes = text.strip().split(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return None
    value = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or value > MINUTES_PER_DAY:
        return None
    return value


@dataclass
class _Checker:
    problems: ProblemCollector

    def add(self, key: str, value: object, message: str, fix: str) -> None:
        """A problem with ``key``: ``message`` says what is wrong with it ("must be ...")."""
        self.problems.add(
            msg("'{key}' {message}", key=key, message=message), column=key, value=value, fix=fix
        )

    def unknown_keys(self, data: Mapping[str, Any], known: set[str], prefix: str) -> None:
        for key in data:
            if key not in known:
                self.add(
                    f"{prefix}{key}",
                    data[key],
                    msg("is not a known key"),
                    msg(
                        "remove it or correct its spelling; known keys here: {known}",
                        known=", ".join(sorted(known)),
                    ),
                )

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        default: float | None,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        label: str | None = None,
    ) -> float | None:
        label = label or key
        if key not in data:
            if default is None:
                self.add(
                    label, None, msg("is required"), msg("add it (see the README's rules.toml)")
                )
            return default
        value = data[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.add(
                label,
                value,
                msg("must be a number"),
                msg("write a plain number such as 8 or 1.5"),
            )
            return None
        if minimum is not None and value < minimum:
            self.add(
                label,
                value,
                msg("must be at least {minimum:g}", minimum=minimum),
                msg("correct the value"),
            )
            return None
        if maximum is not None and value > maximum:
            self.add(
                label,
                value,
                msg("must be at most {maximum:g}", maximum=maximum),
                msg("correct the value"),
            )
            return None
        return float(value)

    def integer(
        self,
        data: Mapping[str, Any],
        key: str,
        default: int | None,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        label: str | None = None,
    ) -> int | None:
        value = self.number(data, key, default, minimum=minimum, maximum=maximum, label=label)
        if value is None:
            return None
        if value != int(value):
            self.add(label or key, data[key], msg("must be a whole number"), msg("round it"))
            return None
        return int(value)

    def on_grid(self, key: str, minutes: float, grid: int, what: str) -> bool:
        if abs(minutes - round(minutes)) > 1e-9 or round(minutes) % grid:
            self.add(
                key,
                f"{minutes:g} min",
                msg("{what} is not on the {grid}-minute interval grid", what=what, grid=grid),
                msg("use a multiple of {grid} minutes", grid=grid),
            )
            return False
        return True


def _shifts(checker: _Checker, data: object, grid: int) -> ShiftRules | None:
    if not isinstance(data, Mapping):
        checker.add("shifts", data, msg("must be a table"), msg("write a [shifts] section"))
        return None
    checker.unknown_keys(data, _SHIFT_KEYS, "shifts.")
    ok = True
    lengths = data.get("lengths_h", [4, 6, 8, 9])
    if (
        not isinstance(lengths, list)
        or not lengths
        or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in lengths)
    ):
        checker.add(
            "shifts.lengths_h",
            lengths,
            msg("must be a non-empty list of hours"),
            msg("write e.g. lengths_h = [4, 6, 8, 9]"),
        )
        ok = False
    else:
        for length in lengths:
            if not 0 < length <= 16:
                checker.add(
                    "shifts.lengths_h",
                    length,
                    msg("shift length must be in (0, 16] hours"),
                    msg("correct the length"),
                )
                ok = False
            elif not checker.on_grid("shifts.lengths_h", length * 60, grid, msg("shift length")):
                ok = False
    step = checker.integer(
        data, "start_step_minutes", 30, minimum=1, label="shifts.start_step_minutes"
    )
    if step is not None and step % grid:
        checker.add(
            "shifts.start_step_minutes",
            step,
            msg("must be a multiple of {grid} minutes", grid=grid),
            msg("use a multiple of interval_minutes ({grid})", grid=grid),
        )
        step = None
    bounds = []
    for key, default in (("earliest_start", "00:00"), ("latest_start", "23:00")):
        raw = data.get(key, default)
        minutes = parse_clock(raw)
        if minutes is None or minutes >= MINUTES_PER_DAY:
            checker.add(
                f"shifts.{key}",
                raw,
                msg("must be a time of day 'HH:MM' before 24:00"),
                msg('write it like "08:00"'),
            )
        elif checker.on_grid(f"shifts.{key}", minutes, grid, msg("start time")):
            bounds.append(minutes)
    if len(bounds) == 2 and bounds[0] > bounds[1]:
        checker.add(
            "shifts.latest_start",
            data.get("latest_start"),
            msg("is before shifts.earliest_start"),
            msg("swap the two times"),
        )
        return None
    if not ok or step is None or len(bounds) != 2:
        return None
    return ShiftRules(
        lengths_h=tuple(sorted({float(x) for x in lengths})),
        start_step_minutes=step,
        earliest_start_minutes=bounds[0],
        latest_start_minutes=bounds[1],
    )


def _breaks(
    checker: _Checker, data: object, grid: int, shifts: ShiftRules | None
) -> tuple[BreakRule, ...]:
    if not isinstance(data, list) or not all(isinstance(b, Mapping) for b in data):
        checker.add(
            "breaks",
            data,
            msg("must be a list of [[breaks]] tables"),
            msg("write each break as a [[breaks]] section"),
        )
        return ()
    result = []
    names: set[str] = set()
    for i, item in enumerate(data, start=1):
        prefix = f"breaks[{i}]."
        checker.unknown_keys(item, _BREAK_KEYS, prefix)
        name = item.get("name")
        if not isinstance(name, str) or name.strip() not in BREAK_NAMES:
            checker.add(
                prefix + "name",
                name,
                msg("must be 'break' or 'lunch' (the break activities of roster.csv)"),
                msg('write name = "break" for a short break or name = "lunch" for a meal break'),
            )
            continue
        if name in names:
            checker.add(
                prefix + "name",
                name,
                msg("is used by an earlier break"),
                msg("give every break its own name"),
            )
        names.add(name)
        minutes = checker.integer(item, "minutes", None, minimum=1, label=prefix + "minutes")
        paid = item.get("paid", True)
        if not isinstance(paid, bool):
            checker.add(
                prefix + "paid", paid, msg("must be true or false"), msg("write paid = true")
            )
        min_shift_h = checker.number(
            item, "min_shift_h", 0.0, minimum=0.0, label=prefix + "min_shift_h"
        )
        window = item.get("window_after_start_h")
        if (
            not isinstance(window, list)
            or len(window) != 2
            or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in window)
            or window[0] < 0
            or window[0] > window[1]
        ):
            checker.add(
                prefix + "window_after_start_h",
                window,
                msg("must be [earliest, latest] hours after the shift start, earliest first"),
                msg("write e.g. window_after_start_h = [1.5, 3.0]"),
            )
            continue
        if minutes is None or min_shift_h is None or not isinstance(paid, bool):
            continue
        grid_ok = checker.on_grid(prefix + "minutes", minutes, grid, msg("break length"))
        for edge in window:
            grid_ok &= checker.on_grid(
                prefix + "window_after_start_h", edge * 60, grid, msg("window edge")
            )
        if not grid_ok:
            continue
        rule = BreakRule(
            name=name.strip(),
            minutes=minutes,
            paid=paid,
            min_shift_h=min_shift_h,
            window_after_start_h=(float(window[0]), float(window[1])),
        )
        if shifts is not None:
            for length in shifts.lengths_minutes():
                if rule.applies_to(length) and rule.window_minutes()[1] + minutes > length:
                    checker.add(
                        prefix + "window_after_start_h",
                        window,
                        msg(
                            "a {minutes}-minute {name} starting {start:g} h after the "
                            "start does not fit a {length:g} h shift",
                            minutes=minutes,
                            name=name,
                            start=window[1],
                            length=length / 60,
                        ),
                        msg("end the window earlier or raise min_shift_h"),
                    )
        result.append(rule)
    return tuple(result)


def _contracts(checker: _Checker, data: object) -> dict[str, Contract]:
    if not isinstance(data, Mapping) or not all(isinstance(v, Mapping) for v in data.values()):
        checker.add(
            "contracts",
            data,
            msg("must be tables like [contracts.full_time]"),
            msg("write one [contracts.NAME] section per contract"),
        )
        return {}
    contracts = {}
    for name, item in data.items():
        checker.unknown_keys(item, _CONTRACT_KEYS, f"contracts.{name}.")
        days = item.get("days_per_week", [0, 7])
        if (
            not isinstance(days, list)
            or len(days) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in days)
            or not 0 <= days[0] <= days[1] <= 7
        ):
            checker.add(
                f"contracts.{name}.days_per_week",
                days,
                msg("must be [min, max] whole days with 0 <= min <= max <= 7"),
                msg("write e.g. days_per_week = [5, 5]"),
            )
            continue
        contracts[name] = Contract(name=name, min_days_per_week=days[0], max_days_per_week=days[1])
    return contracts


def _opening_hours(checker: _Checker, data: object, grid: int) -> dict[str, tuple[int, int]]:
    if not isinstance(data, Mapping):
        checker.add(
            "opening_hours",
            data,
            msg("must be a table of channel = [open, close]"),
            msg('write e.g. phone = ["08:00", "24:00"] under [opening_hours]'),
        )
        return {}
    result = {}
    for channel, value in data.items():
        key = f"opening_hours.{channel}"
        times = [parse_clock(v) for v in value] if isinstance(value, list) else []
        if len(times) != 2 or any(t is None for t in times):
            checker.add(
                key,
                value,
                msg('must be ["HH:MM", "HH:MM"] (open, close)'),
                msg('write e.g. ["08:00", "24:00"]; 24:00 means midnight at the end'),
            )
            continue
        open_minutes, close_minutes = int(times[0] or 0), int(times[1] or 0)
        if open_minutes >= close_minutes:
            checker.add(
                key,
                value,
                msg("closes before it opens (overnight spans are not supported)"),
                msg('use an opening time before the closing time, at most ["00:00", "24:00"]'),
            )
            continue
        if all(
            checker.on_grid(key, t, grid, msg("opening time"))
            for t in (open_minutes, close_minutes)
        ):
            result[str(channel)] = (open_minutes, close_minutes)
    return result


def _weights(checker: _Checker, data: object) -> dict[str, float]:
    if not isinstance(data, Mapping):
        checker.add(
            "shortfall_weights",
            data,
            msg("must be a table of vip_level = weight"),
            msg("write e.g. vip = 2.0 under [shortfall_weights]"),
        )
        return {}
    result = {}
    for level in data:
        weight = checker.number(
            data, level, None, minimum=0.1, maximum=100.0, label=f"shortfall_weights.{level}"
        )
        if weight is not None:
            result[str(level)] = weight
    return result
