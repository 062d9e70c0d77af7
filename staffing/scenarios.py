"""What-if scenarios: named, frozen sets of changes run through the whole pipeline.

A :class:`Scenario` changes the inputs before any stage: volume (per channel, VIP level, date
range or named event), handle time, service targets, shrinkage, bot deflection, and headcount
(temporary agents with their own skills and cost, overtime allowance for the existing agents).
:func:`run_scenario` runs the same pipeline as a plan (adjusted forecast -> requirements ->
roster -> simulation) and returns cost, shortfall and simulated service;
:func:`run_scenarios` runs several side by side (local process pool by default, Ray tasks when
given a Ray address) and :func:`compare` lays them out as one table. A :class:`Sweep` expands
one scenario into a series (e.g. service-level target 70..95%) for the cost vs service curve.

Scenario files (TOML) are read with :func:`read_scenario_spec`; every problem is reported at
once with the file, the entry and the fix, like every other input.

Stages come from the other modules' public functions: ``staffing.requirements``
(forecast -> requirements), ``staffing.roster`` (requirements -> roster) and
``staffing.simulate`` (roster -> simulated service). A scenario with ``reroster = false``
keeps a given roster (the published one) and only re-simulates it: "what does +30% volume do
to the roster we already have?".
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import math
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypedDict, cast

import numpy as np
import pandas as pd

from staffing.errors import Problem, ProblemCollector, StaffingInputError, parameter_error
from staffing.i18n import Message, msg
from staffing.pipeline import requirements_for, roster_for
from staffing.roster.validate import check_roster
from staffing.simulate import SimulationConfig, SimulationResult, simulate
from staffing.tabular import Source, read_toml, source_name
from staffing.targets import MAX_SHRINKAGE

if TYPE_CHECKING:
    from staffing.roster.solve import RosterResult

Backend = Literal["process", "serial", "ray"]
SweepParameter = Literal["service_level", "volume", "aht", "shrinkage", "temps"]


# --------------------------------------------------------------------------- the changes


@dataclass(frozen=True, kw_only=True)
class VolumeChange:
    """Multiply the forecast volume (and its quantiles) where every given filter matches.

    ``start``/``end`` (end exclusive) or ``event`` (a name from events.csv) limit the time;
    none of them means the whole horizon.
    """

    multiplier: float
    channel: str | None = None
    vip_level: str | None = None
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    event: str | None = None


@dataclass(frozen=True, kw_only=True)
class AhtChange:
    """Multiply the forecast handle time of the matching queues."""

    multiplier: float
    channel: str | None = None
    vip_level: str | None = None


@dataclass(frozen=True, kw_only=True)
class TargetChange:
    """New service target for the matching queues (fields left None keep their value)."""

    channel: str | None = None
    vip_level: str | None = None
    service_level: float | None = None
    answer_within_s: float | None = None


@dataclass(frozen=True, kw_only=True)
class BotDeflection:
    """A share of the matching contacts is handled by a bot before reaching an agent."""

    share: float
    channel: str | None = None
    vip_level: str | None = None


@dataclass(frozen=True, kw_only=True)
class TempAgents:
    """Temporary agents added for the scenario, all alike."""

    count: int
    tier: int
    channels: tuple[str, ...]
    vip_levels: tuple[str, ...]
    hourly_cost: float
    contract: str
    min_hours_week: float = 0.0
    max_hours_week: float = 40.0
    id_prefix: str = "TEMP"


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A named, frozen set of what-if changes. An empty scenario is the unchanged plan."""

    name: str
    description: str = ""
    volume: tuple[VolumeChange, ...] = ()
    aht: tuple[AhtChange, ...] = ()
    targets: tuple[TargetChange, ...] = ()
    shrinkage: float | None = None
    bot_deflection: tuple[BotDeflection, ...] = ()
    temps: tuple[TempAgents, ...] = ()
    overtime_h_per_agent: float = 0.0  # extra weekly hours each existing agent may work
    overtime_cost_multiplier: float = 1.5  # pay rate of hours above an agent's max_hours_week
    reroster: bool = True  # False: keep the given roster and only re-simulate


@dataclass(frozen=True, kw_only=True)
class Sweep:
    """One scenario repeated over values of one parameter.

    ``parameter``: ``service_level`` (target of the matching queues), ``volume`` (multiplier),
    ``aht`` (multiplier), ``shrinkage`` or ``temps`` (number of temporary agents of the
    scenario's first ``temps`` entry).
    """

    parameter: SweepParameter
    values: tuple[float, ...]
    channel: str | None = None
    vip_level: str | None = None
    base: str | None = None  # name of the scenario to vary; None: the unchanged plan


@dataclass(frozen=True, kw_only=True)
class ScenarioSpec:
    """What a scenario file holds: scenarios to compare and an optional sweep."""

    scenarios: tuple[Scenario, ...]
    sweep: Sweep | None = None
    include_base: bool = True  # also run the unchanged plan, named "base"


BASE = Scenario(name="base", description="the plan as it is")


# --------------------------------------------------------------------------- reading specs

_SCENARIO_KEYS = {
    "name",
    "description",
    "volume",
    "aht",
    "targets",
    "shrinkage",
    "bot_deflection",
    "temps",
    "overtime_h_per_agent",
    "overtime_cost_multiplier",
    "reroster",
}
_FILTER_KEYS = {"channel", "vip_level"}
_SWEEP_PARAMETERS = ("service_level", "volume", "aht", "shrinkage", "temps")


class _SpecChecker:
    """Typed reads of TOML values; every problem names the entry and the key.

    ``where`` (the entry), ``message`` and ``fix`` are :func:`msg` texts: the problem reads
    ``<where>: <message>`` in every language.
    """

    def __init__(self, name: str) -> None:
        self.problems = ProblemCollector(name)

    def add(self, where: Message, message: Message, fix: Message, value: object = None) -> None:
        self.problems.add(
            msg("{where}: {message}", where=where, message=message), fix=fix, value=value
        )

    def keys(self, where: Message, table: Mapping[str, Any], allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                self.add(
                    where,
                    msg("unknown key '{key}'", key=key),
                    msg(
                        "use one of: {keys} (see the README's example)",
                        keys=", ".join(sorted(allowed)),
                    ),
                )

    def number(
        self,
        where: Message,
        table: Mapping[str, Any],
        key: str,
        *,
        low: float | None = None,
        high: float | None = None,
        low_exclusive: bool = False,
        required: bool = False,
        default: float | None = None,
    ) -> float | None:
        if key not in table:
            if required:
                self.add(
                    where,
                    msg("'{key}' is required", key=key),
                    msg("add {key} = <number>", key=key),
                )
            return default
        value = table[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.add(
                where,
                msg("'{key}' must be a number", key=key),
                msg("write a plain number"),
                value,
            )
            return default
        too_low = low is not None and (value <= low if low_exclusive else value < low)
        if too_low or (high is not None and value > high):
            op = ">" if low_exclusive else ">="
            if high is None:
                bounds = msg("'{key}' must be {op} {low:g}", key=key, op=op, low=low)
            elif low is None:
                bounds = msg("'{key}' must be <= {high:g}", key=key, high=high)
            else:
                bounds = msg(
                    "'{key}' must be {op} {low:g} and <= {high:g}",
                    key=key,
                    op=op,
                    low=low,
                    high=high,
                )
            self.add(where, bounds, msg("correct the value"), value)
            return default
        return float(value)

    def text(
        self, where: Message, table: Mapping[str, Any], key: str, *, required: bool = False
    ) -> str | None:
        if key not in table:
            if required:
                self.add(
                    where, msg("'{key}' is required", key=key), msg('add {key} = "..."', key=key)
                )
            return None
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            self.add(
                where,
                msg("'{key}' must be a non-empty text", key=key),
                msg('write it in quotes: "..."'),
                value,
            )
            return None
        return value.strip()

    def texts(self, where: Message, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key)
        if isinstance(value, str):
            value = [value]
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            example = {"channels": '["chat", "phone"]', "vip_levels": '["standard", "vip"]'}
            self.add(
                where,
                msg("'{key}' must be a list of names", key=key),
                msg("write {key} = {example}", key=key, example=example.get(key, "[...]")),
                value,
            )
            return ()
        return tuple(v.strip() for v in value)

    def time(self, where: Message, table: Mapping[str, Any], key: str) -> pd.Timestamp | None:
        if key not in table:
            return None
        value = table[key]
        try:
            stamp = pd.Timestamp(str(value))
        except ValueError:
            stamp = None
        if stamp is None or pd.isna(stamp):
            self.add(
                where,
                msg("'{key}' is not a date or date and time", key=key),
                msg('write it like "2026-11-11" or "2026-11-11 00:00"'),
                value,
            )
            return None
        return stamp.tz_localize(None) if stamp.tzinfo else stamp

    def entries(self, where: Message, table: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
        value = table.get(key, [])
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.add(
                where,
                msg("'{key}' must be a list of tables", key=key),
                msg("write [[scenarios.{key}]] sections (see the README's example)", key=key),
            )
            return []
        return value


class _Filters(TypedDict):
    """The queue filters every change takes (None: all channels / all VIP levels)."""

    channel: str | None
    vip_level: str | None


def _filters(check: _SpecChecker, where: Message, entry: Mapping[str, Any]) -> _Filters:
    return {
        "channel": check.text(where, entry, "channel"),
        "vip_level": check.text(where, entry, "vip_level"),
    }


def _parse_scenario(check: _SpecChecker, index: int, table: Any) -> Scenario | None:
    where = msg("scenario {n}", n=index + 1)
    if not isinstance(table, dict):
        check.add(where, msg("must be a table"), msg("write it as a [[scenarios]] section"))
        return None
    name = check.text(where, table, "name", required=True)
    if name:
        where = msg("scenario '{name}'", name=name)
    check.keys(where, table, _SCENARIO_KEYS)

    volume = []
    for i, e in enumerate(check.entries(where, table, "volume")):
        w = msg("{where}, volume change {n}", where=where, n=i + 1)
        check.keys(w, e, {"multiplier", "start", "end", "event"} | _FILTER_KEYS)
        mult = check.number(w, e, "multiplier", low=0, required=True)
        start, end = check.time(w, e, "start"), check.time(w, e, "end")
        event = check.text(w, e, "event")
        if event and (start is not None or end is not None):
            check.add(
                w,
                msg("give either 'event' or 'start'/'end', not both"),
                msg("keep the event name or the dates"),
            )
        if start is not None and end is not None and end <= start:
            check.add(
                w,
                msg("'end' must be after 'start'"),
                msg(
                    "end is exclusive: the day after the "
                    'last day, e.g. start = "2026-11-11", end = "2026-11-12"'
                ),
            )
        if mult is not None:
            volume.append(
                VolumeChange(
                    multiplier=mult, start=start, end=end, event=event, **_filters(check, w, e)
                )
            )
    aht = []
    for i, e in enumerate(check.entries(where, table, "aht")):
        w = msg("{where}, aht change {n}", where=where, n=i + 1)
        check.keys(w, e, {"multiplier"} | _FILTER_KEYS)
        mult = check.number(w, e, "multiplier", low=0, low_exclusive=True, required=True)
        if mult is not None:
            aht.append(AhtChange(multiplier=mult, **_filters(check, w, e)))
    targets = []
    for i, e in enumerate(check.entries(where, table, "targets")):
        w = msg("{where}, target change {n}", where=where, n=i + 1)
        check.keys(w, e, {"service_level", "answer_within_s"} | _FILTER_KEYS)
        sl = check.number(w, e, "service_level", low=0, high=1, low_exclusive=True)
        if sl == 1:
            check.add(
                w,
                msg(
                    "'service_level' must be below 1: 100% within a finite answer time is never met"
                ),
                msg("e.g. service_level = 0.95 or 0.99"),
                sl,
            )
            sl = None
        within = check.number(w, e, "answer_within_s", low=0, low_exclusive=True)
        if (
            sl is None
            and within is None
            and "service_level" not in e
            and ("answer_within_s" not in e)
        ):
            check.add(w, msg("changes nothing"), msg("give service_level and/or answer_within_s"))
        targets.append(
            TargetChange(service_level=sl, answer_within_s=within, **_filters(check, w, e))
        )
    bots = []
    for i, e in enumerate(check.entries(where, table, "bot_deflection")):
        w = msg("{where}, bot deflection {n}", where=where, n=i + 1)
        check.keys(w, e, {"share"} | _FILTER_KEYS)
        share = check.number(w, e, "share", low=0, high=1, required=True)
        if share is not None and share >= 1:
            check.add(
                w, msg("'share' must be below 1"), msg("a bot cannot take every contact"), share
            )
        elif share is not None:
            bots.append(BotDeflection(share=share, **_filters(check, w, e)))
    temps = []
    temp_keys = {
        "count",
        "tier",
        "channels",
        "vip_levels",
        "hourly_cost",
        "contract",
        "min_hours_week",
        "max_hours_week",
        "id_prefix",
    }
    for i, e in enumerate(check.entries(where, table, "temps")):
        w = msg("{where}, temps {n}", where=where, n=i + 1)
        check.keys(w, e, temp_keys)
        count = check.number(w, e, "count", low=0, required=True)
        tier = check.number(w, e, "tier", low=1, high=3, required=True)
        for key, value in (("count", count), ("tier", tier)):
            if value is not None and value != int(value):
                check.add(w, msg("'{key}' must be a whole number", key=key), msg("round it"), value)
        cost = check.number(w, e, "hourly_cost", low=0, required=True)
        min_h = check.number(w, e, "min_hours_week", low=0, default=0.0)
        max_h = check.number(w, e, "max_hours_week", low=0, low_exclusive=True, default=40.0)
        if min_h is not None and max_h is not None and min_h > max_h:
            check.add(
                w, msg("'min_hours_week' is above 'max_hours_week'"), msg("swap or correct them")
            )
        contract = check.text(w, e, "contract", required=True)
        channels = check.texts(w, e, "channels")
        levels = check.texts(w, e, "vip_levels")
        prefix = check.text(w, e, "id_prefix") or f"TEMP{index + 1}-{i + 1}-"
        if (
            count is not None
            and tier is not None
            and cost is not None
            and contract is not None
            and min_h is not None
            and max_h is not None
            and channels
            and levels
        ):
            temps.append(
                TempAgents(
                    count=int(count),
                    tier=int(tier),
                    channels=channels,
                    vip_levels=levels,
                    hourly_cost=float(cost),
                    contract=str(contract),
                    min_hours_week=float(min_h),
                    max_hours_week=float(max_h),
                    id_prefix=prefix,
                )
            )
    shrinkage = check.number(where, table, "shrinkage", low=0, high=MAX_SHRINKAGE)
    overtime = check.number(where, table, "overtime_h_per_agent", low=0, default=0.0)
    premium = check.number(where, table, "overtime_cost_multiplier", low=1, default=1.5)
    reroster = table.get("reroster", True)
    if not isinstance(reroster, bool):
        check.add(
            where,
            msg("'reroster' must be true or false"),
            msg("write reroster = false"),
            reroster,
        )
        reroster = True
    description = table.get("description", "")
    if not name:
        return None
    return Scenario(
        name=name,
        description=str(description),
        volume=tuple(volume),
        aht=tuple(aht),
        targets=tuple(targets),
        shrinkage=shrinkage,
        bot_deflection=tuple(bots),
        temps=tuple(temps),
        overtime_h_per_agent=float(overtime or 0.0),
        overtime_cost_multiplier=float(premium or 1.5),
        reroster=reroster,
    )


def parse_scenario_spec(data: Mapping[str, Any], *, name: str = "scenarios.toml") -> ScenarioSpec:
    """Check a parsed scenario file; raises :class:`StaffingInputError` with every problem."""
    check = _SpecChecker(name)
    whole = msg("file")
    check.keys(whole, data, {"scenarios", "sweep", "include_base"})
    raw = data.get("scenarios", [])
    if not isinstance(raw, list):
        check.add(
            whole,
            msg("'scenarios' must be a list of tables"),
            msg("write each scenario as a [[scenarios]] section"),
        )
        raw = []
    scenarios = [s for i, t in enumerate(raw) if (s := _parse_scenario(check, i, t)) is not None]
    names = [s.name for s in scenarios]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        check.add(
            msg("scenario '{name}'", name=dup),
            msg("the name is used more than once"),
            msg("give every scenario its own name"),
        )
    include_base = data.get("include_base", True)
    if not isinstance(include_base, bool):
        check.add(
            whole,
            msg("'include_base' must be true or false"),
            msg("write include_base = true"),
            include_base,
        )
        include_base = True
    if include_base and BASE.name in names:
        check.add(
            msg("scenario '{name}'", name=BASE.name),
            msg("the name 'base' is kept for the unchanged plan"),
            msg("rename the scenario"),
        )
    sweep = None
    if "sweep" in data:
        sweep = _parse_sweep(check, data["sweep"], {s.name: s.temps for s in scenarios})
    if not scenarios and sweep is None and not check.problems:
        check.add(
            whole,
            msg("there is no scenario and no sweep"),
            msg("add a [[scenarios]] section (see the README's example)"),
        )
    check.problems.raise_if_any()
    return ScenarioSpec(scenarios=tuple(scenarios), sweep=sweep, include_base=include_base)


def _parse_sweep(
    check: _SpecChecker, table: Any, temps_of: Mapping[str, Sequence[TempAgents]]
) -> Sweep | None:
    """The [sweep] table; ``temps_of``: each named scenario's temps."""
    where = msg("sweep")
    if not isinstance(table, dict):
        check.add(where, msg("must be a table"), msg("write it as a [sweep] section"))
        return None
    check.keys(where, table, {"parameter", "values", "base"} | _FILTER_KEYS)
    parameter = check.text(where, table, "parameter", required=True)
    if parameter is not None and parameter not in _SWEEP_PARAMETERS:
        check.add(
            where,
            msg("unknown parameter '{parameter}'", parameter=parameter),
            msg("use one of: {names}", names=", ".join(_SWEEP_PARAMETERS)),
        )
        parameter = None
    values = table.get("values")
    if not (
        isinstance(values, list)
        and values
        and all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in values
        )
    ):
        check.add(
            where,
            msg("'values' must be a non-empty list of finite numbers"),
            msg("write values = [0.70, 0.75, 0.80, 0.85, 0.90, 0.95]"),
            values,
        )
        values = []
    elif len(set(values)) != len(values):
        check.add(where, msg("'values' repeat a value"), msg("give each value once"), values)
    elif parameter == "service_level" and not all(0 < v < 1 for v in values):
        check.add(
            where,
            msg("service levels must be in (0, 1): 100% within a finite answer time is never met"),
            msg("write shares, e.g. 0.8 or 0.95"),
            values,
        )
    elif parameter in ("volume", "aht") and not all(v > 0 for v in values):
        check.add(
            where,
            msg("multipliers must be positive"),
            msg("e.g. values = [1.0, 1.5, 2.0]"),
            values,
        )
    elif parameter == "shrinkage" and not all(0 <= v <= MAX_SHRINKAGE for v in values):
        check.add(
            where,
            msg("shrinkage must be from 0 to {maximum:g}", maximum=MAX_SHRINKAGE),
            msg("e.g. values = [0.2, 0.3]"),
            values,
        )
    elif parameter == "temps" and not all(v >= 0 and v == int(v) for v in values):
        check.add(
            where,
            msg("temp counts must be whole numbers"),
            msg("e.g. values = [0, 10, 20]"),
            values,
        )
    base = check.text(where, table, "base")
    if base is not None and base not in temps_of:
        check.add(
            where,
            msg("base scenario '{base}' is not defined", base=base),
            msg("name one of the [[scenarios]] or leave base out"),
            base,
        )
    elif parameter == "temps" and (base is None or not temps_of.get(base)):
        check.add(
            where,
            msg("a temps sweep varies the temps of its base scenario, and no base is named")
            if base is None
            else msg(
                "a temps sweep varies the temps of its base scenario, and '{base}' has no "
                "[[scenarios.temps]]",
                base=base,
            ),
            msg('name a base scenario with temps (base = "...")'),
        )
    if parameter is None or not values:
        return None
    return Sweep(
        parameter=cast(SweepParameter, parameter),  # one of _SWEEP_PARAMETERS: checked above
        values=tuple(float(v) for v in values),
        channel=check.text(where, table, "channel"),
        vip_level=check.text(where, table, "vip_level"),
        base=base,
    )


def read_scenario_spec(source: Source, *, name: str | None = None) -> ScenarioSpec:
    """Read and check a scenario file (TOML); every problem is reported at once."""
    name = source_name(source, name)
    return parse_scenario_spec(read_toml(source, name=name), name=name)


def sweep_scenarios(sweep: Sweep, base: Scenario = BASE) -> tuple[Scenario, ...]:
    """The scenarios of a sweep: ``base`` with the swept parameter set to each value."""
    out = []
    filters: _Filters = {"channel": sweep.channel, "vip_level": sweep.vip_level}
    for value in sweep.values:
        name = f"{base.name}: {sweep.parameter} = {value:g}"
        if sweep.parameter == "service_level":
            change = TargetChange(service_level=value, **filters)
            scenario = dataclasses.replace(base, name=name, targets=(*base.targets, change))
        elif sweep.parameter == "volume":
            vol = VolumeChange(multiplier=value, **filters)
            scenario = dataclasses.replace(base, name=name, volume=(*base.volume, vol))
        elif sweep.parameter == "aht":
            aht = AhtChange(multiplier=value, **filters)
            scenario = dataclasses.replace(base, name=name, aht=(*base.aht, aht))
        elif sweep.parameter == "shrinkage":
            scenario = dataclasses.replace(base, name=name, shrinkage=value)
        else:
            if not base.temps:
                raise parameter_error(
                    "Sweep",
                    "parameter",
                    "can be 'temps' only for a base scenario with temps",
                    sweep.parameter,
                )
            first = dataclasses.replace(base.temps[0], count=int(value))
            scenario = dataclasses.replace(base, name=name, temps=(first, *base.temps[1:]))
        out.append(scenario)
    return tuple(out)


#: The base when a roster of the week is given: that roster, only simulated.
KEPT_BASE = Scenario(name="base", description="the given roster as it is", reroster=False)


def spec_scenarios(spec: ScenarioSpec, base: Scenario = BASE) -> tuple[Scenario, ...]:
    """Every scenario a spec asks to run: ``base`` (if included; :data:`KEPT_BASE` when a
    roster of the week is given, as the app does), the named ones, the sweep."""
    scenarios = ([base] if spec.include_base else []) + list(spec.scenarios)
    if spec.sweep is not None:
        by_name = {s.name: s for s in spec.scenarios}
        base = by_name[spec.sweep.base] if spec.sweep.base else BASE
        scenarios += list(sweep_scenarios(spec.sweep, base))
    return tuple(scenarios)


# --------------------------------------------------------------------------- applying changes


def _matches(frame: pd.DataFrame, channel: str | None, vip_level: str | None) -> np.ndarray:
    mask = np.ones(len(frame), dtype=bool)
    if channel is not None:
        mask &= (frame["channel"] == channel).to_numpy()
    if vip_level is not None:
        mask &= (frame["vip_level"] == vip_level).to_numpy()
    return mask


def _of_scenario(scenario: str, message: Message) -> Message:
    """A problem of one scenario: ``scenario '<name>': <message>``."""
    return msg("scenario '{scenario}': {message}", scenario=scenario, message=message)


def _use_an_event(events: Iterable[str]) -> Message:
    """The fix for an event that events.csv does not have."""
    known = ", ".join(events)
    if not known:
        return msg("use one of (no events loaded), or give start and end dates instead")
    return msg("use one of {events}, or give start and end dates instead", events=known)


def _event_window(
    events: pd.DataFrame | None, name: str, scenario: str
) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    if events is None or events.empty or not (events["name"] == name).any():
        known = [] if events is None else sorted(events["name"].unique())
        raise StaffingInputError(
            Problem(
                message=_of_scenario(
                    scenario, msg("event '{event}' is not in events.csv", event=name)
                ),
                fix=_use_an_event(known),
            )
        )
    rows = events[events["name"] == name]
    return [
        (pd.Timestamp(s), pd.Timestamp(e)) for s, e in zip(rows["start"], rows["end"], strict=True)
    ]


def apply_to_forecast(
    forecast: pd.DataFrame, scenario: Scenario, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A new forecast with the scenario's volume, bot-deflection and AHT changes applied.

    Changes multiply: two matching volume changes of 1.2 and 1.5 give 1.8.

    >>> f = pd.DataFrame({"interval_start": pd.to_datetime(["2026-11-11", "2026-11-12"]),
    ...                   "channel": "chat", "vip_level": "standard", "volume": 10.0,
    ...                   "volume_p10": 8.0, "volume_p90": 12.0, "aht_s": 300.0})
    >>> s = Scenario(name="d11", volume=(VolumeChange(multiplier=3, start=pd.Timestamp(
    ...     "2026-11-11"), end=pd.Timestamp("2026-11-12")),),
    ...     bot_deflection=(BotDeflection(share=0.5, channel="chat"),))
    >>> apply_to_forecast(f, s)["volume"].tolist()
    [15.0, 5.0]
    """
    out = forecast.copy()
    times = pd.to_datetime(out["interval_start"])
    factor = np.ones(len(out))
    for change in scenario.volume:
        mask = _matches(out, change.channel, change.vip_level)
        if change.event is not None:
            in_event = np.zeros(len(out), dtype=bool)
            for start, end in _event_window(events, change.event, scenario.name):
                in_event |= ((times >= start) & (times < end)).to_numpy()
            mask &= in_event
        if change.start is not None:
            mask &= (times >= change.start).to_numpy()
        if change.end is not None:
            mask &= (times < change.end).to_numpy()
        factor[mask] *= change.multiplier
    for bot in scenario.bot_deflection:
        factor[_matches(out, bot.channel, bot.vip_level)] *= 1.0 - bot.share
    for column in ("volume", "volume_p10", "volume_p90"):
        if column in out.columns:
            out[column] = out[column].astype(float) * factor
    for aht in scenario.aht:
        mask = _matches(out, aht.channel, aht.vip_level)
        out.loc[mask, "aht_s"] = out.loc[mask, "aht_s"].astype(float) * aht.multiplier
    return out


def apply_to_targets(targets: Any, scenario: Scenario) -> Any:
    """Targets with the scenario's target and shrinkage changes (a new frozen object)."""
    queues = []
    for queue in targets.queues:
        changes: dict[str, float] = {}
        for change in scenario.targets:
            if change.channel not in (None, queue.channel):
                continue
            if change.vip_level not in (None, queue.vip_level):
                continue
            if change.service_level is not None:
                changes["service_level"] = change.service_level
            if change.answer_within_s is not None and getattr(queue, "model", "") != "deferred":
                changes["answer_within_s"] = change.answer_within_s
        queues.append(dataclasses.replace(queue, **changes) if changes else queue)
    replaced: dict[str, Any] = {"queues": tuple(queues)}
    if scenario.shrinkage is not None:
        replaced["shrinkage"] = scenario.shrinkage
    return dataclasses.replace(targets, **replaced)


def apply_to_agents(agents: Sequence[Any], scenario: Scenario) -> tuple[Any, ...]:
    """Agents with the overtime allowance added and the scenario's temporary agents."""
    from staffing.agents import Agent

    out = [
        dataclasses.replace(a, max_hours_week=a.max_hours_week + scenario.overtime_h_per_agent)
        if scenario.overtime_h_per_agent
        else a
        for a in agents
    ]
    taken = {a.agent_id for a in agents}
    for temps in scenario.temps:
        for k in range(temps.count):
            agent_id = f"{temps.id_prefix}{k + 1:03d}"
            if agent_id in taken:
                raise StaffingInputError(
                    Problem(
                        message=_of_scenario(
                            scenario.name,
                            msg(
                                "temporary agent id {agent_id} is already an agent",
                                agent_id=agent_id,
                            ),
                        ),
                        fix=msg("set another id_prefix for the temps"),
                    )
                )
            taken.add(agent_id)
            out.append(
                Agent(
                    agent_id=agent_id,
                    name=f"Temp {agent_id}",
                    tier=temps.tier,
                    channels=temps.channels,
                    vip_levels=temps.vip_levels,
                    contract=temps.contract,
                    min_hours_week=temps.min_hours_week,
                    max_hours_week=temps.max_hours_week,
                    hourly_cost=temps.hourly_cost,
                )
            )
    return tuple(out)


def check_scenarios(inputs: PlanInputs, scenarios: Sequence[Scenario]) -> None:
    """Every change that cannot apply to these inputs, before any scenario runs: a filter
    that matches no queue of the forecast, an event not in events.csv, temps on a contract
    rules.toml does not define, or a kept roster that was not given."""
    queues = set(
        zip(
            inputs.forecast["channel"].astype(str),
            inputs.forecast["vip_level"].astype(str),
            strict=True,
        )
    )
    known = ", ".join(f"{c}/{v}" for c, v in sorted(queues))
    events = set() if inputs.events is None else set(inputs.events["name"])
    contracts = set() if inputs.rules is None else set(inputs.rules.contracts)
    problems: list[Problem] = []

    def add(scenario: Scenario, message: Message, fix: Message) -> None:
        problems.append(Problem(message=_of_scenario(scenario.name, message), fix=fix))

    times = inputs.forecast["interval_start"]
    first, last = times.min(), times.max()
    channels = {c for c, _ in queues}
    levels = {v for _, v in queues}
    for scenario in scenarios:
        changes: tuple[tuple[Message, VolumeChange | AhtChange | TargetChange | BotDeflection], ...]
        changes = (
            *((msg("volume change"), c) for c in scenario.volume),
            *((msg("handle time change"), c) for c in scenario.aht),
            *((msg("target change"), c) for c in scenario.targets),
            *((msg("bot deflection"), c) for c in scenario.bot_deflection),
        )
        for what, change in changes:
            if not any(
                change.channel in (None, c) and change.vip_level in (None, v) for c, v in queues
            ):
                where = "/".join(x for x in (change.channel, change.vip_level) if x)
                add(
                    scenario,
                    msg(
                        "the {what} on {where} matches no queue of the forecast ({known})",
                        what=what,
                        where=where,
                        known=known,
                    ),
                    msg("correct the channel or vip_level"),
                )
        for change in scenario.volume:
            if change.event is not None and change.event not in events:
                add(
                    scenario,
                    msg("event '{event}' is not in events.csv", event=change.event),
                    _use_an_event(sorted(events)),
                )
                continue
            if change.event is not None and inputs.events is not None:
                rows = inputs.events[inputs.events["name"] == change.event]
                spans = list(zip(rows["start"], rows["end"], strict=True))
                outside = msg(
                    "event '{event}' falls outside the planned days ({first:%Y-%m-%d} to "
                    "{last:%Y-%m-%d}), so it changes nothing",
                    event=change.event,
                    first=first,
                    last=last,
                )
            else:
                spans = [(change.start or first, change.end or last + pd.Timedelta(days=1))]
                outside = msg(
                    "the dates of a volume change fall outside the planned days "
                    "({first:%Y-%m-%d} to {last:%Y-%m-%d}), so it changes nothing",
                    first=first,
                    last=last,
                )
            if not any(pd.Timestamp(a) <= last and pd.Timestamp(b) > first for a, b in spans):
                add(
                    scenario,
                    outside,
                    msg("plan the week the change is for, or give start and end dates inside it"),
                )
        taken = {a.agent_id for a in inputs.agents}
        for temps in scenario.temps:
            unknown = sorted(set(temps.channels) - channels) + sorted(
                set(temps.vip_levels) - levels
            )
            if unknown:
                add(
                    scenario,
                    msg(
                        "the temps may serve {unknown}, which no queue of the forecast has",
                        unknown=", ".join(unknown),
                    ),
                    msg("use the queues' channels and VIP levels ({known})", known=known),
                )
            ids = {f"{temps.id_prefix}{k + 1:03d}" for k in range(temps.count)}
            if ids & taken:
                add(
                    scenario,
                    msg(
                        "the temps' ids ({prefix}001, ...) are already agents' ids",
                        prefix=temps.id_prefix,
                    ),
                    msg("set another id_prefix for these temps"),
                )
            taken |= ids
            if temps.contract not in contracts:
                add(
                    scenario,
                    msg(
                        "the temps' contract '{contract}' is not in rules.toml",
                        contract=temps.contract,
                    ),
                    msg(
                        "use one of {contracts}, or add [contracts.{contract}] to rules.toml",
                        contracts=", ".join(sorted(contracts)),
                        contract=temps.contract,
                    ),
                )
        if not scenario.reroster and inputs.roster is None:
            add(
                scenario,
                msg("it keeps the given roster (reroster = false) but no roster was given"),
                msg("pass the published roster, or set reroster = true"),
            )
    if problems:
        raise StaffingInputError(problems)


# --------------------------------------------------------------------------- running


@dataclass(frozen=True, kw_only=True)
class PlanInputs:
    """The base plan a scenario changes (frames are never modified)."""

    forecast: pd.DataFrame
    targets: Any  # staffing.targets.Targets
    agents: tuple[Any, ...] = ()  # staffing.agents.Agent
    rules: Any = None  # staffing.rules.Rules; needed to run a scenario (roster and cost)
    time_off: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    roster: pd.DataFrame | None = None  # the given roster for reroster = false
    preferences: pd.DataFrame | None = None  # preferences.csv: days off, early or late
    previous: pd.DataFrame | None = None  # the week before's roster: rest and runs carry over

    @classmethod
    def from_dataset(
        cls,
        dataset: Any,
        forecast: pd.DataFrame,
        *,
        events: pd.DataFrame | None = None,
        roster: pd.DataFrame | None = None,
        previous: pd.DataFrame | None = None,
    ) -> PlanInputs:
        """A data set's targets, agents, rules, time off, preferences and events (``events``
        overrides, e.g. the planner's multipliers) with a week's forecast."""
        return cls(
            forecast=forecast,
            targets=dataset.targets,
            agents=dataset.agents,
            rules=dataset.rules,
            time_off=dataset.time_off,
            events=dataset.events if events is None else events,
            roster=roster,
            preferences=dataset.preferences,
            previous=previous,
        )


#: The comparison table's columns (one row per scenario, :meth:`ScenarioResult.summary`),
#: followed by one ``sl_<channel>_<vip_level>`` column per queue: its simulated service level.
COMPARISON_COLUMNS: Mapping[str, str] = {
    "scenario": "the scenario's name",
    "volume": "contacts in the scenario's forecast (after its volume changes and bots)",
    "required_agent_h": "scheduled agent-hours the requirements ask for (shrinkage included)",
    "paid_h": "paid hours of the roster (shifts minus unpaid breaks)",
    "cost": "labour cost: paid hours x hourly cost (the roster validator's figure) plus "
    "overtime_cost",
    "overtime_cost": "premium for weekly hours above each agent's max_hours_week before the "
    "scenario's overtime allowance",
    "shortfall_agent_h": "agent-hours the roster schedules below the requirements, summed over "
    "intervals and queues (the validator's coverage shortfall, before absence)",
    "n_rule_violations": "labour-rule violations the roster validator found (0 for an "
    "optimised roster)",
    "absence_rate": "share of scheduled work time the simulation took away (the targets' "
    "shrinkage unless the simulation config sets it)",
    "staffed_share": "staffed over scheduled agent-time in the simulation (about 1 - absence_rate)",
    "service_level": "simulated service level of all queues, weighted by offered contacts",
    "queues_below_target": "queues whose simulated service level is below their target",
    "abandon_rate": "simulated abandoned / (answered + abandoned), weighted by offered",
    "chat_first_response_30s": "chat first response within 30 s, sessions 09:00-23:00 (JD)",
    "chat_response_3min": "chat response within 3 minutes, sessions 08:00-24:00 (Taobao)",
    "rerostered": "True: the roster was optimised for the scenario; False: the given one kept",
    "solver_gap": "the roster optimiser's optimality gap (1.0: no lower bound in the time "
    "limit, so scenarios may differ by the solver's luck; empty for a kept roster)",
    "seconds": "wall-clock seconds the scenario took",
}


@dataclass(frozen=True, kw_only=True)
class ScenarioResult:
    """One scenario through the pipeline.

    ``cost``, ``paid_h``, ``shortfall_agent_h`` (agent-hours the roster schedules below the
    requirements, summed over intervals and queues) and ``n_rule_violations`` come from the
    roster validator (:func:`roster_figures`); ``simulation``: the service the roster
    delivers, absence included.
    """

    scenario: Scenario
    forecast: pd.DataFrame
    requirements: pd.DataFrame
    roster: pd.DataFrame
    agents: tuple[Any, ...]  # staffing.agents.Agent: the scenario's, temps and overtime included
    coverage: pd.DataFrame | None  # coverage.csv's frame: the roster against the requirements
    simulation: SimulationResult
    cost: float
    overtime_cost: float
    paid_h: float
    required_agent_h: float
    shortfall_agent_h: float
    n_rule_violations: int
    rerostered: bool
    seconds: float
    solver_gap: float | None = None  # the optimiser's gap; None for a kept roster

    def summary(self) -> dict[str, object]:
        """The comparison-table row of this scenario: :data:`COMPARISON_COLUMNS` in order,
        then ``sl_<channel>_<vip_level>`` per queue."""
        sim = self.simulation
        row: dict[str, object] = {
            "scenario": self.scenario.name,
            "volume": float(self.forecast["volume"].sum()),
            "required_agent_h": self.required_agent_h,
            "paid_h": self.paid_h,
            "cost": self.cost,
            "overtime_cost": self.overtime_cost,
            "shortfall_agent_h": self.shortfall_agent_h,
            "n_rule_violations": self.n_rule_violations,
            "absence_rate": sim.absence_rate,
            "staffed_share": sim.staffed_share,
            "service_level": sim.overall_service_level(),
            "queues_below_target": int((~sim.totals["meets_target"]).sum()),
            "abandon_rate": _weighted(sim.totals, "abandon_rate"),
            "chat_first_response_30s": sim.kpis.chat_first_response_30s,
            "chat_response_3min": sim.kpis.chat_response_3min,
            "rerostered": self.rerostered,
            "solver_gap": math.nan if self.solver_gap is None else self.solver_gap,
            "seconds": self.seconds,
        }
        for t in sim.totals.itertuples(index=False):
            row[f"sl_{t.channel}_{t.vip_level}"] = t.service_level
        return row


@dataclass(frozen=True, kw_only=True)
class ScenarioComparison:
    """Scenarios side by side: ``table`` has one row per scenario, with the columns of
    :data:`COMPARISON_COLUMNS` and one ``sl_<channel>_<vip_level>`` per queue."""

    results: tuple[ScenarioResult, ...]
    table: pd.DataFrame


def _weighted(totals: pd.DataFrame, column: str) -> float:
    w = totals["offered"].to_numpy(float)
    v = totals[column].to_numpy(float)
    ok = np.isfinite(v) & (w > 0)
    return float(np.average(v[ok], weights=w[ok])) if ok.any() else float("nan")


def plan_requirements(forecast: pd.DataFrame, targets: Any, rules: Any) -> pd.DataFrame:
    """Stage: forecast -> requirements, as a plan computes them (``staffing.pipeline``)."""
    return requirements_for(forecast, targets, rules)


def plan_roster(
    requirements: pd.DataFrame,
    agents: Sequence[Any],
    rules: Any,
    time_off: pd.DataFrame | None,
    time_limit_s: float,
    preferences: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> RosterResult:
    """Stage: requirements -> roster, as a plan builds it (``staffing.pipeline``)."""
    return roster_for(
        requirements,
        agents=agents,
        rules=rules,
        time_off=time_off,
        preferences=preferences,
        previous=previous,
        time_limit_s=time_limit_s,
    )


RequirementsStage = Callable[[pd.DataFrame, Any, Any], pd.DataFrame]
#: -> a roster frame, or the optimiser's result (its roster and gap)
RosterStage = Callable[..., "pd.DataFrame | RosterResult"]


@dataclass(frozen=True, kw_only=True)
class RunSettings:
    """How each scenario is run.

    ``requirements_stage(forecast, targets, rules) -> requirements frame`` and
    ``roster_stage(requirements, agents, rules, time_off, time_limit_s, preferences) ->
    roster frame`` are
    the pipeline's stages (the product's own by default); they must be module-level
    functions so that process pools and Ray can ship them. When the inputs have a previous
    roster, the roster stage is also given ``previous=`` (the week before's roster).
    """

    simulation: SimulationConfig = field(default_factory=SimulationConfig)
    roster_time_limit_s: float = 30.0
    requirements_stage: RequirementsStage = plan_requirements
    roster_stage: RosterStage = plan_roster


@dataclass(frozen=True, kw_only=True)
class RosterFigures:
    """What the roster validator (``staffing.roster.validate.check_roster``, the one place
    that prices and counts a roster) says about a scenario's roster.

    ``cost``: paid hours x hourly cost plus ``overtime_cost``; ``paid_h``: shifts minus unpaid
    breaks; ``shortfall_agent_h``: agent-hours scheduled below the requirements (coverage.csv's
    ``shortfall``, before absence); ``n_rule_violations``: labour-rule violations (0 for a
    roster from the optimiser).
    """

    cost: float
    overtime_cost: float
    paid_h: float
    shortfall_agent_h: float
    n_rule_violations: int
    coverage: pd.DataFrame | None  # coverage.csv's frame, given requirements


def roster_figures(
    roster: pd.DataFrame,
    *,
    agents: Sequence[Any],
    rules: Any,
    requirements: pd.DataFrame | None = None,
    time_off: pd.DataFrame | None = None,
    base_max_hours: Mapping[str, float] | None = None,
    overtime_cost_multiplier: float = 1.5,
) -> RosterFigures:
    """Cost, paid hours, shortfall and rule violations of a roster, from the validator.

    On top of the validator's cost, hours above an agent's ``base_max_hours`` in a week (the
    scenario's overtime allowance) earn a premium of ``overtime_cost_multiplier - 1`` x the
    hourly cost.
    """
    check = check_roster(
        roster, agents=agents, rules=rules, requirements=requirements, time_off=time_off
    )
    weeks = check.paid_hours
    premium = 0.0
    if base_max_hours:
        rates = weeks["agent_id"].map({a.agent_id: a.hourly_cost for a in agents})
        limit = weeks["agent_id"].map(lambda a: base_max_hours.get(a, math.inf))
        extra = (weeks["paid_hours"] - limit.astype(float)).clip(lower=0.0)
        premium = float((extra * rates.astype(float)).sum() * (overtime_cost_multiplier - 1.0))
    return RosterFigures(
        cost=check.cost + premium,
        overtime_cost=premium,
        paid_h=float(weeks["paid_hours"].sum()),
        shortfall_agent_h=check.shortfall_agent_hours(rules.interval_minutes),
        n_rule_violations=len(check.violations),
        coverage=check.coverage,
    )


def run_scenario(
    inputs: PlanInputs, scenario: Scenario, settings: RunSettings | None = None
) -> ScenarioResult:
    """Run one scenario through the pipeline (adjust -> requirements -> roster -> simulate)."""
    settings = settings or RunSettings()
    if inputs.rules is None:
        raise parameter_error(
            "run_scenario", "inputs.rules", "is needed to roster and price a scenario", None
        )
    clock = time.perf_counter()
    forecast = apply_to_forecast(inputs.forecast, scenario, inputs.events)
    targets = apply_to_targets(inputs.targets, scenario)
    requirements = settings.requirements_stage(forecast, targets, inputs.rules)
    agents = apply_to_agents(inputs.agents, scenario)
    solver_gap = None
    if scenario.reroster:
        staged = settings.roster_stage(
            requirements,
            agents,
            inputs.rules,
            inputs.time_off,
            settings.roster_time_limit_s,
            inputs.preferences,
            **({} if inputs.previous is None else {"previous": inputs.previous}),
        )
        if isinstance(staged, pd.DataFrame):
            roster = staged
        else:
            roster, solver_gap = staged.roster, float(staged.gap)
    else:
        if inputs.roster is None:
            raise StaffingInputError(
                Problem(
                    message=msg(
                        "scenario '{scenario}' keeps the given roster (reroster = false) but no "
                        "roster was given",
                        scenario=scenario.name,
                    ),
                    fix=msg("pass the published roster, or set reroster = true"),
                )
            )
        if scenario.temps:
            raise StaffingInputError(
                Problem(
                    message=msg(
                        "scenario '{scenario}' adds temporary agents but keeps the given roster "
                        "(reroster = false), so the temps would get no shifts",
                        scenario=scenario.name,
                    ),
                    fix=msg("set reroster = true"),
                )
            )
        roster = inputs.roster
    simulation = simulate(roster, forecast, targets, config=settings.simulation)
    figures = roster_figures(
        roster,
        agents=agents,
        rules=inputs.rules,
        requirements=requirements,
        time_off=inputs.time_off,
        base_max_hours={a.agent_id: a.max_hours_week for a in inputs.agents},
        overtime_cost_multiplier=scenario.overtime_cost_multiplier,
    )
    return ScenarioResult(
        scenario=scenario,
        forecast=forecast,
        requirements=requirements,
        roster=roster,
        agents=tuple(agents),
        coverage=figures.coverage,
        simulation=simulation,
        cost=figures.cost,
        overtime_cost=figures.overtime_cost,
        paid_h=figures.paid_h,
        n_rule_violations=figures.n_rule_violations,
        required_agent_h=float(
            requirements["required_agents"].sum() * inputs.rules.interval_minutes / 60.0
        ),
        shortfall_agent_h=figures.shortfall_agent_h,
        rerostered=scenario.reroster,
        seconds=time.perf_counter() - clock,
        solver_gap=solver_gap,
    )


def compare(results: Iterable[ScenarioResult]) -> ScenarioComparison:
    """Scenarios side by side, one row each, in the given order."""
    results = tuple(results)
    table = pd.DataFrame([r.summary() for r in results])
    return ScenarioComparison(results=results, table=table)


def _run_serial(
    inputs: PlanInputs,
    scenarios: Sequence[Scenario],
    settings: RunSettings,
    progress: Callable[[int, int], None] | None,
) -> list[ScenarioResult]:
    out = []
    for i, scenario in enumerate(scenarios):
        out.append(run_scenario(inputs, scenario, settings))
        if progress:
            progress(i + 1, len(scenarios))
    return out


def _run_pool(
    inputs: PlanInputs,
    scenarios: Sequence[Scenario],
    settings: RunSettings,
    max_workers: int | None,
    progress: Callable[[int, int], None] | None,
) -> list[ScenarioResult]:
    workers = max_workers or min(len(scenarios), os.cpu_count() or 1)
    results: list[ScenarioResult | None] = [None] * len(scenarios)
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(run_scenario, inputs, s, settings): i for i, s in enumerate(scenarios)
        }
        for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if progress:
                progress(done, len(scenarios))
    return [r for r in results if r is not None]


def _run_ray(
    inputs: PlanInputs,
    scenarios: Sequence[Scenario],
    settings: RunSettings,
    ray_address: str,
    progress: Callable[[int, int], None] | None,
) -> list[ScenarioResult]:
    try:
        import ray
    except ImportError as exc:
        raise StaffingInputError(
            Problem(
                message=msg("a Ray address was given but Ray is not installed"),
                fix=msg(
                    "pip install 'staffing-optimizer[ray]', or run the sweep without a Ray "
                    "address (local processes)"
                ),
            )
        ) from exc
    if not ray.is_initialized():
        ray.init(address=ray_address, ignore_reinit_error=True, log_to_driver=False)
    # Typed with all three parameters: ray's overloads would otherwise take run_scenario (whose
    # settings has a default) for a two-argument function.
    run: Callable[[PlanInputs, Scenario, RunSettings | None], ScenarioResult] = run_scenario
    task = ray.remote(run)
    shared = ray.put(inputs)
    refs = [task.remote(shared, s, settings) for s in scenarios]
    results = []
    for i, ref in enumerate(refs):
        results.append(ray.get(ref))
        if progress:
            progress(i + 1, len(refs))
    return results


def run_scenarios(
    inputs: PlanInputs,
    scenarios: Sequence[Scenario],
    settings: RunSettings | None = None,
    *,
    backend: Backend = "process",
    max_workers: int | None = None,
    ray_address: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioComparison:
    """Run scenarios side by side and compare them.

    ``backend``: ``process`` (default: a local process pool, ``max_workers`` processes),
    ``serial`` (in this process, e.g. inside a Streamlit session) or ``ray`` (Ray tasks on
    the cluster at ``ray_address``, e.g. ``ray://head:10001`` or ``local``; a Ray already
    initialised in this process is used as it is). Results keep the scenarios' order.
    """
    settings = settings or RunSettings()
    if not scenarios:
        raise parameter_error("run_scenarios", "scenarios", "must not be empty", scenarios)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise parameter_error("run_scenarios", "scenarios", "must have distinct names", names)
    check_scenarios(inputs, scenarios)
    if ray_address is not None:
        backend = "ray"
    if backend == "ray":
        results = _run_ray(inputs, scenarios, settings, ray_address or "local", progress)
    elif backend == "process" and len(scenarios) > 1 and (max_workers or 2) > 1:
        results = _run_pool(inputs, scenarios, settings, max_workers, progress)
    elif backend in ("process", "serial"):
        results = _run_serial(inputs, scenarios, settings, progress)
    else:
        raise parameter_error("run_scenarios", "backend", "must be process, serial or ray", backend)
    return compare(results)


def run_sweep(
    inputs: PlanInputs,
    sweep: Sweep,
    settings: RunSettings | None = None,
    *,
    base: Scenario = BASE,
    **kwargs: Any,
) -> ScenarioComparison:
    """Run a sweep (e.g. service-level target 0.70..0.95): the cost vs service curve.

    The comparison table gains a ``value`` column with the swept value.
    """
    comparison = run_scenarios(inputs, sweep_scenarios(sweep, base), settings, **kwargs)
    table = comparison.table.copy()
    table.insert(1, "value", list(sweep.values))
    return ScenarioComparison(results=comparison.results, table=table)
