"""targets.toml: service targets per queue, read into frozen dataclasses.

Every problem in the file is reported at once, naming the file, the queue
(``queues[3] (phone/vip)``), the key and the fix.

>>> t = read_targets(b'shrinkage = 0.2\\n[[queues]]\\nchannel = "phone"\\nvip_level = "vip"\\n'
...                  b'model = "erlang_c"\\nservice_level = 0.8\\nanswer_within_s = 20\\n')
>>> t.queues[0].model, t.shrinkage, t.service_level_definition
('erlang_c', 0.2, 'answered_within_over_offered')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from staffing.errors import ProblemCollector
from staffing.i18n import msg
from staffing.queueing import (
    DEFAULT_SERVICE_LEVEL_DEFINITION,
    DEFAULT_SHORT_ABANDON_S,
    SERVICE_LEVEL_DEFINITIONS,
    ServiceTarget,
)
from staffing.tabular import Source, read_toml, source_name

MODELS = ("erlang_c", "erlang_a", "chat", "deferred")
TOP_LEVEL_KEYS = (
    "shrinkage",
    "service_level_definition",
    "short_abandon_s",
    "bot_deflection",
    "queues",
)
QUEUE_KEYS = (
    "channel",
    "vip_level",
    "model",
    "service_level",
    "answer_within_s",
    "respond_within_h",
    "patience_s",
    "concurrency",
    "max_occupancy",
    "max_asa_s",
    "max_abandon_rate",
    "min_tier",
)
REQUIRED_BY_MODEL: dict[str, tuple[str, ...]] = {
    "erlang_c": ("service_level", "answer_within_s"),
    "erlang_a": ("service_level", "answer_within_s", "patience_s"),
    "chat": ("service_level", "answer_within_s", "concurrency"),
    "deferred": ("service_level", "respond_within_h"),
}
NOT_FOR_DEFERRED = ("answer_within_s", "patience_s", "concurrency", "max_asa_s", "max_abandon_rate")
#: The most paid time shrinkage may take: at 0.5 two agents are scheduled for every agent
#: needed (scheduled = net / (1 - shrinkage)); centers report 0.2-0.4 (REFERENCE.md), and
#: breaks and lunch are placed by the roster, not counted in it.
MAX_SHRINKAGE = 0.5


@dataclass(frozen=True, kw_only=True)
class QueueTarget:
    """One queue's model and targets. ``None`` means the key is not set (no such target)."""

    channel: str
    vip_level: str
    model: str
    service_level: float
    answer_within_s: float | None = None
    respond_within_h: float | None = None
    patience_s: float | None = None
    concurrency: int | None = None
    max_occupancy: float | None = None
    max_asa_s: float | None = None
    max_abandon_rate: float | None = None
    min_tier: int = 1

    @property
    def key(self) -> tuple[str, str]:
        return (self.channel, self.vip_level)

    def service_target(self) -> ServiceTarget:
        """The targets of a queued (non-deferred) model, for ``queueing.minimal_agents``."""
        return ServiceTarget(
            service_level=self.service_level,
            answer_within_s=self.answer_within_s or 0.0,
            max_asa_s=self.max_asa_s,
            max_abandon_rate=self.max_abandon_rate,
            max_occupancy=self.max_occupancy,
        )


@dataclass(frozen=True, kw_only=True)
class Targets:
    """The whole targets.toml: global settings and one ``QueueTarget`` per queue."""

    shrinkage: float
    service_level_definition: str = DEFAULT_SERVICE_LEVEL_DEFINITION
    short_abandon_s: float = DEFAULT_SHORT_ABANDON_S
    bot_deflection: tuple[tuple[str, float], ...] = ()  # (channel, share handled by a bot)
    queues: tuple[QueueTarget, ...]

    def queue(self, channel: str, vip_level: str) -> QueueTarget | None:
        for target in self.queues:
            if target.key == (channel, vip_level):
                return target
        return None

    def deflection(self, channel: str) -> float:
        return dict(self.bot_deflection).get(channel, 0.0)


def read_targets(source: Source, name: str | None = None) -> Targets:
    """Read and check targets.toml (path, bytes or open binary file)."""
    name = source_name(source, name)
    return targets_from_mapping(read_toml(source, name=name), name)


def _number(value: object) -> bool:
    """A finite int or float (TOML also reads inf and nan)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def targets_from_mapping(data: dict[str, Any], name: str = "targets.toml") -> Targets:
    """Check a parsed targets mapping; every problem is collected before raising."""
    problems = ProblemCollector(name)

    def add(where: str, key: str, value: object, message: str, fix: str) -> None:
        problems.add(
            message,
            column=f"{where}{key}" if where else key,
            value=None if value is None else str(value),
            fix=fix,
        )

    for key in data:
        if key not in TOP_LEVEL_KEYS:
            add(
                "",
                key,
                None,
                msg("unknown key '{key}'", key=key),
                msg("allowed: {keys}", keys=", ".join(TOP_LEVEL_KEYS)),
            )
    shrinkage = data.get("shrinkage", 0.0)
    if not _number(shrinkage) or not 0 <= shrinkage < 1:
        add(
            "",
            "shrinkage",
            shrinkage,
            msg("shrinkage must be a share from 0 to {most:g}", most=MAX_SHRINKAGE),
            msg("write it as a fraction such as 0.25 (25% of paid time lost)"),
        )
    elif shrinkage > MAX_SHRINKAGE:
        add(
            "",
            "shrinkage",
            shrinkage,
            msg(
                "shrinkage must be at most {most:g}: scheduled agents = needed / "
                "(1 - shrinkage), so {shrinkage:g} would schedule {agents:.3g} agents "
                "for every agent needed (centers lose 0.2-0.4 of paid time to absence, training "
                "and coaching; breaks and lunch are placed by the roster and are not shrinkage)",
                most=MAX_SHRINKAGE,
                shrinkage=shrinkage,
                agents=1 / (1 - shrinkage),
            ),
            msg(
                "write the share of paid time lost, such as 0.25 (if it is really higher, plan "
                "fewer hours per agent in agents.csv instead)"
            ),
        )
    definition = data.get("service_level_definition", DEFAULT_SERVICE_LEVEL_DEFINITION)
    if definition not in SERVICE_LEVEL_DEFINITIONS:
        add(
            "",
            "service_level_definition",
            definition,
            msg("unknown service-level definition"),
            msg("use one of: {allowed}", allowed=", ".join(SERVICE_LEVEL_DEFINITIONS)),
        )
    short = data.get("short_abandon_s", DEFAULT_SHORT_ABANDON_S)
    if not _number(short) or short < 0:
        add(
            "",
            "short_abandon_s",
            short,
            msg("short_abandon_s must be a number of seconds >= 0"),
            msg("write it like 5"),
        )
    deflection = data.get("bot_deflection", {})
    deflections: list[tuple[str, float]] = []
    if not isinstance(deflection, dict):
        add(
            "",
            "bot_deflection",
            deflection,
            msg("bot_deflection must be a table"),
            msg("write it as [bot_deflection] with lines like chat = 0.3"),
        )
    else:
        for channel, share in deflection.items():
            if not _number(share) or not 0 <= share < 1:
                add(
                    "bot_deflection.",
                    channel,
                    share,
                    msg("a bot deflection share must be in [0, 1)"),
                    msg("write the share of contacts a bot resolves, such as 0.3"),
                )
            else:
                deflections.append((channel, float(share)))

    raw_queues = data.get("queues")
    queues: list[QueueTarget] = []
    if not isinstance(raw_queues, list) or not raw_queues:
        add(
            "",
            "queues",
            None,
            msg("no queues are defined"),
            msg("add one [[queues]] table per channel and VIP level (see the README's example)"),
        )
        raw_queues = []
    seen: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(raw_queues):
        queue = _check_queue(index, raw, add)
        if queue is None:
            continue
        if queue.key in seen:
            add(
                f"queues[{index}] ({queue.channel}/{queue.vip_level}).",
                "channel",
                queue.channel,
                msg("duplicate of queues[{index}]", index=seen[queue.key]),
                msg("keep one [[queues]] table per channel and VIP level"),
            )
        else:
            seen[queue.key] = index
        queues.append(queue)
    problems.raise_if_any()
    return Targets(
        shrinkage=float(shrinkage),
        service_level_definition=str(definition),
        short_abandon_s=float(short),
        bot_deflection=tuple(deflections),
        queues=tuple(queues),
    )


def _check_queue(index: int, raw: object, add: Any) -> QueueTarget | None:
    if not isinstance(raw, dict):
        add(
            "",
            f"queues[{index}]",
            raw,
            msg("a queue must be a table"),
            msg("write it as [[queues]]"),
        )
        return None
    channel, vip_level = raw.get("channel"), raw.get("vip_level")
    label = f"queues[{index}] ({channel or '?'}/{vip_level or '?'})."
    ok = True

    def bad(key: str, message: str, fix: str) -> None:
        nonlocal ok
        ok = False
        add(label, key, raw.get(key), message, fix)

    for key in raw:
        if key not in QUEUE_KEYS:
            bad(
                key,
                msg("unknown key '{key}'", key=key),
                msg("allowed: {keys}", keys=", ".join(QUEUE_KEYS)),
            )
    for key in ("channel", "vip_level"):
        if not isinstance(raw.get(key), str) or not raw.get(key, "").strip():
            bad(
                key,
                msg("{key} is required", key=key),
                msg('write it like {key} = "standard"', key=key)
                if key == "vip_level"
                else msg('write it like {key} = "phone"', key=key),
            )
    model = raw.get("model")
    if model not in MODELS:
        bad(
            "model",
            msg("model is missing or unknown"),
            msg("use one of: {allowed}", allowed=", ".join(MODELS)),
        )
        required: tuple[str, ...] = ("service_level",)
    else:
        required = REQUIRED_BY_MODEL[model]
    for key in required:
        if key not in raw:
            bad(
                key, msg("{key} is required for model '{model}'", key=key, model=model), _FIXES[key]
            )
    if model == "deferred":
        for key in NOT_FOR_DEFERRED:
            if key in raw:
                bad(
                    key,
                    msg("{key} does not apply to deferred work", key=key),
                    msg("remove it; deferred work is sized by respond_within_h"),
                )
    level = raw.get("service_level")
    if _number(level) and level == 1:  # in range below, but never reachable
        within = "respond_within_h" if model == "deferred" else "answer_within_s"
        bad(
            "service_level",
            msg(
                "service_level must be below 1: no service level within a finite {within} can "
                "be 100% (arrivals bunch by chance, so some contact always waits longer), and "
                "sizing for it would schedule absurdly many agents",
                within=within,
            ),
            msg("write a share below 1, such as 0.95 or 0.99"),
        )
    checks = {
        "service_level": (lambda v: 0 < v <= 1, msg("must be a share in (0, 1)")),
        "answer_within_s": (lambda v: v >= 0, msg("must be seconds >= 0")),
        "respond_within_h": (lambda v: v > 0, msg("must be hours > 0")),
        "patience_s": (lambda v: v > 0, msg("must be seconds > 0")),
        "max_occupancy": (lambda v: 0 < v <= 1, msg("must be a share in (0, 1]")),
        "max_asa_s": (lambda v: v > 0, msg("must be seconds > 0")),
        "max_abandon_rate": (lambda v: 0 < v <= 1, msg("must be a share in (0, 1]")),
    }
    for key, (valid, requirement) in checks.items():
        if key in raw and (not _number(raw[key]) or not valid(raw[key])):
            bad(key, msg("{key} {requirement}", key=key, requirement=requirement), _FIXES[key])
    for key, low, high in (("concurrency", 1, None), ("min_tier", 1, 3)):
        value = raw.get(key, low)
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or value < low
            or (high is not None and value > high)
        ):
            bad(
                key,
                msg("{key} must be a whole number >= {low}", key=key, low=low)
                if high is None
                else msg(
                    "{key} must be a whole number from {low} to {high}",
                    key=key,
                    low=low,
                    high=high,
                ),
                _FIXES[key],
            )
    if not ok:
        return None
    return QueueTarget(
        channel=raw["channel"].strip(),
        vip_level=raw["vip_level"].strip(),
        model=str(model),  # one of MODELS: checked above
        service_level=float(raw["service_level"]),
        answer_within_s=_float_or_none(raw.get("answer_within_s")),
        respond_within_h=_float_or_none(raw.get("respond_within_h")),
        patience_s=_float_or_none(raw.get("patience_s")),
        concurrency=raw.get("concurrency"),
        max_occupancy=_float_or_none(raw.get("max_occupancy")),
        max_asa_s=_float_or_none(raw.get("max_asa_s")),
        max_abandon_rate=_float_or_none(raw.get("max_abandon_rate")),
        min_tier=int(raw.get("min_tier", 1)),
    )


def _float_or_none(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


_FIXES = {
    "service_level": msg("write the share of contacts to answer in time, such as 0.80 (below 1)"),
    "answer_within_s": msg("write the answer threshold in seconds, such as 20"),
    "respond_within_h": msg("write the response deadline in opening hours, such as 24"),
    "patience_s": msg("write customers' mean patience in seconds, such as 180 (Erlang A)"),
    "concurrency": msg("write how many chats one agent holds at once, such as 3"),
    "max_occupancy": msg("write the highest sustainable busy share, such as 0.85"),
    "max_asa_s": msg("write the longest average speed of answer in seconds, such as 30"),
    "max_abandon_rate": msg("write the highest share of contacts allowed to hang up, such as 0.05"),
    "min_tier": msg("write the lowest agent tier allowed, 1 to 3"),
}
