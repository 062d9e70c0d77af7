"""Glue shared by the pages: where the data comes from, cached library calls, small renders.

Nothing here decides anything a planner would call business logic; it holds the session's
choices, caches the library's results (never mutated afterwards) and renders them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.i18n import t, translated
from staffing import sample
from staffing.errors import StaffingInputError
from staffing.tabular import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
#: The folder the app starts from; tests point it at a small data set.
DATA_DIR_ENV = "STAFFING_APP_DATA"
UPLOAD_LIMIT_MB = MAX_FILE_BYTES // 2**20

# Session keys that are not widgets (the pages' results and choices).
UPLOADS_KEY = "data_uploaded_files"  # dict name -> bytes, applied uploads
UPLOADS_DIGEST_KEY = "data_uploaded_digest"
#: the planner's own files among them: (names, digest of those files alone)
UPLOADED_KEY = "data_uploaded_own"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or ROOT / "data" / "sample")


def ensure_sample() -> None:
    """Write the sample data set on first start, when the data folder has none."""
    folder = data_dir()
    if (folder / "history.csv").exists():
        return
    with st.spinner(t("app.generating_sample", folder=folder)):
        sample.write_sample(folder)


@dataclass(frozen=True, kw_only=True)
class Loaded:
    """What reading a data folder gave: a dataset, or the problems found."""

    dataset: Any = None
    error: StaffingInputError | None = None


def _folder_signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()))


@st.cache_resource(show_spinner=False, max_entries=2)
def _load_folder(folder: str, signature: tuple[tuple[str, int, int], ...]) -> Loaded:
    from staffing.dataset import load_dataset

    try:
        return Loaded(dataset=load_dataset(Path(folder)))
    except StaffingInputError as exc:
        return Loaded(error=exc)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_files(digest: str, _files: Mapping[str, bytes]) -> Loaded:
    from staffing.dataset import load_dataset

    try:
        return Loaded(dataset=load_dataset(dict(_files)))
    except StaffingInputError as exc:
        return Loaded(error=exc)


def check_files(files: Mapping[str, bytes]) -> Loaded:
    """What loading these files (name -> bytes) gives, without putting them in use."""
    return _load_files(files_digest(files), files)


def files_digest(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def use_uploads(
    files: Mapping[str, bytes] | None, uploaded: Mapping[str, bytes] | None = None
) -> None:
    """Make these files (name -> bytes, completed from the sample) the data in use;
    ``uploaded``: those of them the planner uploaded."""
    if files is None:
        for key in (UPLOADS_KEY, UPLOADS_DIGEST_KEY, UPLOADED_KEY):
            st.session_state.pop(key, None)
        return
    st.session_state[UPLOADS_KEY] = dict(files)
    st.session_state[UPLOADS_DIGEST_KEY] = files_digest(files)
    own = uploaded if uploaded is not None else files
    st.session_state[UPLOADED_KEY] = (list(own), files_digest(own))


def uploaded_names() -> list[str]:
    """The files of the data in use that the planner uploaded (none: the sample)."""
    return st.session_state.get(UPLOADED_KEY, ([], ""))[0]


def uploaded_digest() -> str:
    return st.session_state.get(UPLOADED_KEY, ([], ""))[1]


def uploads_in_use() -> dict[str, bytes] | None:
    return st.session_state.get(UPLOADS_KEY)


def load_current() -> Loaded:
    """The data in use (cached)."""
    with st.spinner(t("common.loading")):
        files = uploads_in_use()
        if files is not None:
            return _load_files(st.session_state[UPLOADS_DIGEST_KEY], files)
        folder = data_dir()
        return _load_folder(str(folder), _folder_signature(folder))


def data_key() -> str:
    """Identifies the data in use, for caches downstream of it."""
    files = uploads_in_use()
    if files is not None:
        return "upload:" + st.session_state[UPLOADS_DIGEST_KEY]
    folder = data_dir()
    return f"folder:{folder}:{hash(_folder_signature(folder))}"


def require_dataset() -> Any:
    """The valid dataset in use, or stop the page with a pointer to the Data page."""
    loaded = load_current()
    if loaded.dataset is None:
        st.warning(t("common.no_data"), icon="⚠️")
        st.stop()
    return loaded.dataset


def problems_frame(error: StaffingInputError) -> pd.DataFrame:
    """Every problem of an input error as a table with translated headers: one row per kind
    (:meth:`StaffingInputError.groups`), so one wrong date format in every row of a history
    is one line and the other files' problems stay in view."""
    rows = []
    for group in error.groups():
        p = group.first
        rows.append(
            {
                t("col.file"): p.file or "",
                t("col.row"): "" if p.row is None else translated(group.rows()),
                t("col.column"): p.column or "",
                t("col.value"): ", ".join(group.values()),
                t("col.message"): translated(p.message),
                t("col.fix"): translated(p.fix),
            }
        )
    return pd.DataFrame(rows)


#: Characters of a wrapped text column per line of its cells (at its narrowest, on a
#: 1366-px screen with the sidebar open), and pixels per line.
WRAP_CHARS, LINE_PX = 32, 21


def show_text_table(
    frame: pd.DataFrame, key: str, texts: list[str], labels: dict[str, str] | None = None
) -> None:
    """A table whose ``texts`` columns are sentences (a problem, its fix): wrapped, rows as
    tall as the longest text needs (up to six lines; hover shows the rest),
    so they read in full on a laptop screen instead of cut at the column's edge. ``labels``:
    column headers where they are not the frame's own."""
    labels = labels or {}
    longest = max((len(str(v)) for c in texts for v in frame[c]), default=0)
    lines = min(max(-(-longest // WRAP_CHARS), 1), 6)
    config: dict[str, Any] = {
        **labels,
        # at least 200 px each; the table's spare width is shared between all columns
        **{c: st.column_config.TextColumn(labels.get(c), width="medium") for c in texts},
    }
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        # the grid wraps text only in rows above 64 px
        row_height=max(lines * LINE_PX + 14, 66) if lines > 1 else None,
        column_config=config,
        key=key,
    )


def problems_table(error: StaffingInputError, key: str) -> None:
    show_text_table(problems_frame(error), key, [t("col.message"), t("col.fix")])


def show_problems(error: StaffingInputError, key: str, *, loading: bool = True) -> None:
    """The problems of ``error`` under a banner: files that were not loaded, or (``loading``
    false) a forecast or requirement the data in use cannot give."""
    n = len(error.problems)
    if not loading:
        st.error(t("common.cannot_work_out", n=f"{n:,}"), icon="🛑")
    else:
        st.error(t("data.invalid_one") if n == 1 else t("data.invalid", n=f"{n:,}"), icon="🛑")
    problems_table(error, key)


def show_check(checked: Any, key: str) -> bool:
    """True when the roster in use passed the independent check against the data in use;
    otherwise say why (every violation, or why it cannot be checked) and return False."""
    if checked.error is not None:
        st.error(t("check.cannot"), icon="🛑")
        problems_table(checked.error, key)
        return False
    if checked.check.ok:
        return True
    violations = checked.check.violations
    st.error(t("check.failed", n=len(violations)), icon="🛑")
    show_text_table(
        violations.assign(
            date=violations["date"].dt.date,
            rule=[translated(rule) for rule in violations["rule"]],
            detail=[translated(detail) for detail in violations["detail"]],
        ),
        key,
        ["detail"],
        labels={
            "rule": t("check.rule"),
            "agent_id": t("roster.agent"),
            "date": t("common.day"),
            "detail": t("col.message"),
        },
    )
    return False


def queue_label(channel: str, vip_level: str) -> str:
    return f"{channel} / {vip_level}"


@st.cache_data(show_spinner=False, max_entries=4)
def daily_contacts(key: str, _history: pd.DataFrame) -> pd.DataFrame:
    """Contacts per day and channel of a history (for the Data page's chart)."""
    return (
        _history.assign(day=_history["interval_start"].dt.normalize())
        .groupby(["channel", "day"], sort=False)["volume"]
        .sum()
        .reset_index()
    )


def targets_frame(targets: Any) -> pd.DataFrame:
    """One row per queue target (the fields of targets.toml that are set)."""
    rows = [
        {k: v for k, v in dataclasses.asdict(queue).items() if v is not None}
        for queue in targets.queues
    ]
    return pd.DataFrame(rows)


# --- the roster in use ----------------------------------------------------------------------

RUN_KEY = "roster_run"


@dataclass(frozen=True, kw_only=True)
class RosterRun:
    """A roster the session works with: generated here or reopened from the plan store."""

    run_id: str
    week_start: pd.Timestamp
    roster: pd.DataFrame
    coverage: pd.DataFrame
    labour_cost: float
    shortfall: int
    gap: float | None = None
    elapsed_s: float = 0.0
    origin: str = "solver"
    simulation: Any = None
    result: Any = None


def current_run() -> RosterRun | None:
    return st.session_state.get(RUN_KEY)


def set_run(run: RosterRun | None) -> None:
    if run is None:
        st.session_state.pop(RUN_KEY, None)
    else:
        st.session_state[RUN_KEY] = run


def money(value: float) -> str:
    return f"¥{value:,.0f}"


def compact(value: float) -> str:
    """1234567 -> 1.2M, 12345 -> 12.3k."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.1f}{suffix}"
    return f"{value:,.0f}"


def day_label(day: Any) -> str:
    """``2026-11-23 Mon`` / ``2026-11-23 周一``."""
    stamp = pd.Timestamp(day)
    return f"{stamp:%Y-%m-%d} {t(f'weekday.{stamp.weekday()}')}"


def percent(value: float | None) -> str:
    return "–" if value is None or value != value else f"{value:.1%}"


@st.cache_resource(show_spinner=False)
def plan_store(location: str) -> Any:
    from staffing.store import Store

    return Store(location)


def store_location() -> str:
    from staffing.store import default_location

    return default_location()


@dataclass(frozen=True)
class PreviousRoster:
    """The published roster of the week before the planning week, which the solver carries
    rest and consecutive working days from."""

    week_start: pd.Timestamp
    name: str
    version: int
    roster: pd.DataFrame


def previous_roster(week_start: pd.Timestamp) -> PreviousRoster | None:
    """The newest roster published in the plan store for the week before ``week_start``."""
    from staffing.errors import StaffingInputError
    from staffing.store import EntryKind

    before = week_start - pd.Timedelta(days=7)
    try:
        plans = plan_store(store_location())
        found = plans.entries(EntryKind.PUBLISHED, week_start=before.date())
        if not found:
            return None
        entry = plans.open(EntryKind.PUBLISHED, found[0].name, found[0].version)
    except StaffingInputError:  # no reachable store: nothing was published
        return None
    return PreviousRoster(
        week_start=before,
        name=entry.info.name,
        version=entry.info.version,
        roster=entry.frames["roster"],
    )


def agent_hours(agent_intervals: float, interval_minutes: int) -> float:
    """Agent-intervals (coverage's unit) as the agent-hours a planner reads.

    >>> agent_hours(6, 15)
    1.5
    """
    return float(agent_intervals) * interval_minutes / 60


def run_kpis(run: RosterRun, checked: Any, interval_minutes: int) -> dict[str, float]:
    """What the plan store keeps of a checked roster (cost and shortfall as the check found;
    ``shortfall`` in agent-intervals, ``shortfall_agent_h`` in agent-hours)."""
    shortfall = float(checked.coverage["shortfall"].sum())
    kpis = {
        "labour_cost": float(checked.check.cost),
        "shortfall": shortfall,
        "shortfall_agent_h": agent_hours(shortfall, interval_minutes),
    }
    if run.gap is not None:
        kpis["gap"] = float(run.gap)
    if run.simulation is not None:
        kpis["service_level"] = float(run.simulation.overall_service_level())
    return kpis


def stored_shortfall_h(kpis: Mapping[str, float]) -> float:
    """A stored version's shortfall in agent-hours; versions saved before the store kept
    hours have agent-intervals, counted on the interval of the data in use."""
    if "shortfall_agent_h" in kpis:
        return float(kpis["shortfall_agent_h"])
    from staffing.rules import Rules

    dataset = load_current().dataset
    minutes = Rules.interval_minutes if dataset is None else dataset.rules.interval_minutes
    return agent_hours(kpis.get("shortfall", 0.0), minutes)


def run_from_store(entry: Any) -> RosterRun:
    """A published roster reopened from the plan store as the session's roster."""
    info = entry.info
    coverage = entry.frames.get("coverage")
    if coverage is None:
        coverage = pd.DataFrame(
            columns=["interval_start", "channel", "vip_level", "required", "scheduled", "shortfall"]
        )
    gap = info.kpis.get("gap")
    return RosterRun(
        run_id=f"store:{info.kind}:{info.name}:{info.version}",
        week_start=pd.Timestamp(info.week_start),
        roster=entry.frames["roster"],
        coverage=coverage,
        labour_cost=float(info.kpis.get("labour_cost", 0.0)),
        shortfall=int(info.kpis.get("shortfall", 0)),
        gap=None if gap is None else float(gap),
        origin="store",
    )


def queue_services(simulation: Any) -> tuple[Any, ...]:
    """Simulated service per queue for the workbook's summary (empty without a simulation)."""
    if simulation is None:
        return ()
    from staffing.export import QueueService

    return tuple(
        QueueService(
            channel=row.channel,
            vip_level=row.vip_level,
            service_level=float(row.service_level),
            target_service_level=float(row.target_service_level),
            abandon_share=float(row.abandon_rate),
            asa_s=float(row.asa_s),
        )
        for row in simulation.totals.itertuples(index=False)
    )


# --- the planning week ---------------------------------------------------------------------

WEEK_KEY = "plan_week"


def monday(day: Any) -> pd.Timestamp:
    stamp = pd.Timestamp(day).normalize()
    return stamp - pd.Timedelta(days=stamp.weekday())


def default_week() -> pd.Timestamp:
    """The Monday after the history ends (the week a planner rosters next)."""
    loaded = load_current()
    if loaded is not None and loaded.dataset is not None:
        last = loaded.dataset.history["interval_start"].max()
        return monday(last) + pd.Timedelta(days=7)
    return monday(pd.Timestamp.today()) + pd.Timedelta(days=7)


def plan_week() -> pd.Timestamp:
    """The Monday of the week chosen in the sidebar."""
    chosen = st.session_state.get(WEEK_KEY)
    return monday(chosen) if chosen is not None else default_week()


def time_limit_default() -> int:
    return int(os.environ.get("STAFFING_APP_TIME_LIMIT_S") or 60)
