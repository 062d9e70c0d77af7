"""Hand a roster to people: CSV, an Excel workbook for planners, calendar files for agents.

Every function takes the roster frame of ``staffing.roster.io`` (checked again here, never
modified) and returns bytes, so the app can offer them as downloads; ``export_roster`` writes
one format to a path atomically for the CLI.

- CSV: roster.csv exactly as documented (one row per block).
- Excel: a *Summary* sheet (horizon, agents, shifts, hours, and when given cost, shortfall
  and simulated service per queue), a *Roster* grid of agents x days (``08:00-17:00`` and the
  channels of the shift; ``off`` on days without a shift), a *Blocks* sheet with every block
  (breaks and lunch included), and one *Coverage <channel>* sheet per channel with required,
  scheduled and shortfall per interval and VIP level. Headers are frozen and styled, column
  widths fit their content.
- iCalendar: one ``.ics`` per agent with one event per shift (local times with an explicit
  ``TZID``, default Asia/Shanghai, and its VTIMEZONE), the blocks and breaks listed in the
  description, and UIDs that stay the same for the same agent and day so a re-published
  roster updates events instead of duplicating them; bundled as a zip.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
from icalendar import Calendar, Event, Timezone
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from staffing.errors import Problem, ProblemCollector, StaffingInputError, parameter_error
from staffing.i18n import msg
from staffing.io import write_bytes
from staffing.roster.io import WORK, validate_coverage, validate_roster
from staffing.rules import Rules

DEFAULT_TIMEZONE = "Asia/Shanghai"
#: Domain in calendar UIDs (``<agent>-<yyyymmdd>@<domain>``).
UID_DOMAIN = "staffing-optimizer"

_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_OFF_FONT = Font(color="808080", italic=True)
_SHORT_FILL = PatternFill("solid", fgColor="F8CBAD")
_CHANNEL_COLOURS = ("DDEBF7", "E2EFDA", "FFF2CC", "FCE4D6", "EDE1F5", "D9F2F2")
_TIME_FORMAT = "yyyy-mm-dd hh:mm"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class NamedAgent(Protocol):
    """What the export needs of an agent (``staffing.agents.Agent`` has it)."""

    @property
    def agent_id(self) -> str: ...

    @property
    def name(self) -> str: ...


#: The agents table (agents.csv columns, at least ``agent_id`` and ``name``) or agent records.
Agents = pd.DataFrame | Sequence[NamedAgent]


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    ICS = "ics"


@dataclass(frozen=True, kw_only=True)
class QueueService:
    """Simulated service on one queue over the horizon, for the summary sheet."""

    channel: str
    vip_level: str
    service_level: float
    target_service_level: float
    abandon_share: float | None = None
    asa_s: float | None = None


@dataclass(frozen=True, kw_only=True)
class PlanSummary:
    """Figures a workbook's summary shows next to those computed from the roster itself."""

    labour_cost: float
    currency: str = "CNY"
    shortfall_agent_h: float
    solver_gap: float | None = None
    services: tuple[QueueService, ...] = ()
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ShiftCalendarEntry:
    """One shift as it appears in a calendar: its span and its blocks in order."""

    agent_id: str
    date: pd.Timestamp
    start: pd.Timestamp
    end: pd.Timestamp
    blocks: tuple[tuple[pd.Timestamp, pd.Timestamp, str, str, str], ...]

    @property
    def uid(self) -> str:
        # Percent-encoded, so every agent id gives its own UID (A0001 stays A0001).
        return f"{quote(self.agent_id, safe='')}-{self.date:%Y%m%d}@{UID_DOMAIN}"


def roster_csv(roster: pd.DataFrame) -> bytes:
    """roster.csv as bytes, sorted by agent and start (the format of ``write_roster``)."""
    checked = validate_roster(roster).sort_values(["agent_id", "start"], kind="stable")
    checked["date"] = checked["date"].dt.strftime("%Y-%m-%d")
    return checked.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S", lineterminator="\n").encode(
        "utf-8"
    )


def shifts_of(roster: pd.DataFrame) -> pd.DataFrame:
    """One row per shift: ``agent_id, date, start, end, work_minutes, pause_minutes, channels``.

    ``channels`` lists the shift's ``channel (vip_level)`` queues in the order first served.
    """
    checked = validate_roster(roster).sort_values(["agent_id", "start"], kind="stable")
    minutes = (checked["end"] - checked["start"]).dt.total_seconds() / 60
    is_work = checked["activity"] == WORK
    checked = checked.assign(
        work_minutes=minutes.where(is_work, 0.0),
        pause_minutes=minutes.where(~is_work, 0.0),
        queue=(checked["channel"] + " (" + checked["vip_level"] + ")").where(is_work, ""),
    )
    grouped = checked.groupby(["agent_id", "date"], sort=True)
    shifts = grouped.agg(
        start=("start", "min"),
        end=("end", "max"),
        work_minutes=("work_minutes", "sum"),
        pause_minutes=("pause_minutes", "sum"),
    )
    shifts["channels"] = grouped["queue"].agg(
        lambda queues: ", ".join(dict.fromkeys(q for q in queues if q))
    )
    shifts["primary_channel"] = (
        checked[is_work]
        .groupby(["agent_id", "date", "channel"])["work_minutes"]
        .sum()
        .sort_values(ascending=False, kind="stable")
        .reset_index()
        .drop_duplicates(["agent_id", "date"])
        .set_index(["agent_id", "date"])["channel"]
    )
    return shifts.reset_index()


def roster_workbook(
    roster: pd.DataFrame,
    *,
    coverage: pd.DataFrame | None = None,
    agents: Agents | None = None,
    summary: PlanSummary | None = None,
    title: str = "Roster",
    interval_minutes: int = Rules.interval_minutes,
) -> bytes:
    """The planner's Excel workbook (see the module docstring) as .xlsx bytes;
    ``interval_minutes``: the coverage's interval length (rules.toml's), for its
    agent-hours."""
    checked = validate_roster(roster)
    names = _agent_names(agents, checked["agent_id"])
    checked_coverage = None if coverage is None else validate_coverage(coverage)
    shifts = shifts_of(checked)

    book = Workbook()
    summary_sheet = book.active
    summary_sheet.title = "Summary"
    _write_summary(
        summary_sheet, title, checked, shifts, checked_coverage, summary, interval_minutes
    )
    _write_grid(book.create_sheet("Roster"), shifts, names)
    _write_blocks(book.create_sheet("Blocks"), checked, names)
    if checked_coverage is not None:
        used: set[str] = set()
        for channel in sorted(checked_coverage["channel"].unique()):
            sheet_name = _sheet_name(f"Coverage {channel}", used)
            part = checked_coverage[checked_coverage["channel"] == channel]
            _write_coverage(book.create_sheet(sheet_name), channel, part)
    for sheet in book.worksheets:  # text such as a name "=1+2" stays text, never a formula
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def shift_entries(roster: pd.DataFrame, agent_id: str) -> tuple[ShiftCalendarEntry, ...]:
    """The shifts of one agent in time order, each with its blocks."""
    checked = validate_roster(roster)
    mine = checked[checked["agent_id"] == agent_id]
    if mine.empty:
        raise parameter_error(
            "shift_entries", "agent_id", "must be an agent present in the roster", agent_id
        )
    return _entries_by_agent(mine)[agent_id]


def agent_calendar(
    roster: pd.DataFrame,
    agent_id: str,
    *,
    agents: Agents | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    sequence: int = 0,
) -> bytes:
    """One agent's shifts as an iCalendar file (one VEVENT per shift).

    ``sequence`` should grow with every publication of the same week (e.g. the plan store's
    version number) so calendar apps replace the earlier events. The VTIMEZONE covers the
    whole roster's days, so the file equals the agent's file in ``calendars_zip``.
    """
    zone = _zone(timezone)
    _check_sequence(sequence)
    checked = validate_roster(roster)
    entries = shift_entries(checked, agent_id)
    names = _agent_names(agents, pd.Series([agent_id]))
    vtimezone = _vtimezone(zone, checked)
    return _calendar(entries, names.get(agent_id, ""), zone, vtimezone, sequence)


def calendars_zip(
    roster: pd.DataFrame,
    *,
    agents: Agents | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    sequence: int = 0,
) -> bytes:
    """Every agent's calendar in one zip: ``<agent_id>.ics`` per agent (sorted by id)."""
    zone = _zone(timezone)
    _check_sequence(sequence)
    checked = validate_roster(roster)
    names = _agent_names(agents, checked["agent_id"])
    vtimezone = _vtimezone(zone, checked)
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for agent_id, entries in sorted(_entries_by_agent(checked).items()):
            file_name = _unique(f"{_safe_name(agent_id)}.ics", used)
            info = zipfile.ZipInfo(file_name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data = _calendar(entries, names.get(agent_id, ""), zone, vtimezone, sequence)
            bundle.writestr(info, data)
    return buffer.getvalue()


def _entries_by_agent(checked: pd.DataFrame) -> dict[str, tuple[ShiftCalendarEntry, ...]]:
    """Shifts per agent from a checked roster, in one pass over the blocks sorted by start."""
    ordered = checked.sort_values(["agent_id", "date", "start"], kind="stable")
    shifts: dict[tuple[str, pd.Timestamp], list] = {}
    for agent_id, date, start, end, activity, channel, vip_level in zip(
        ordered["agent_id"],
        ordered["date"],
        ordered["start"],
        ordered["end"],
        ordered["activity"],
        ordered["channel"],
        ordered["vip_level"],
        strict=True,
    ):
        shifts.setdefault((agent_id, date), []).append((start, end, activity, channel, vip_level))
    entries: dict[str, list[ShiftCalendarEntry]] = {}
    for (agent_id, date), blocks in shifts.items():
        entries.setdefault(agent_id, []).append(
            ShiftCalendarEntry(
                agent_id=agent_id,
                date=date,
                start=min(block[0] for block in blocks),
                end=max(block[1] for block in blocks),
                blocks=tuple(blocks),
            )
        )
    return {agent_id: tuple(found) for agent_id, found in entries.items()}


def _vtimezone(zone: ZoneInfo, checked: pd.DataFrame) -> Timezone:
    """The zone's definition over the roster's days (computed once: it is slow to build)."""
    return Timezone.from_tzinfo(
        zone,
        tzid=zone.key,
        first_date=(checked["date"].min() - pd.Timedelta(days=1)).date(),
        last_date=(checked["date"].max() + pd.Timedelta(days=2)).date(),
    )


def _calendar(
    entries: tuple[ShiftCalendarEntry, ...],
    name: str,
    zone: ZoneInfo,
    vtimezone: Timezone,
    sequence: int,
) -> bytes:
    agent_id = entries[0].agent_id
    calendar = Calendar()
    calendar.add("prodid", "-//staffing-optimizer//roster export//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Shifts {name or agent_id}")
    calendar.add("x-wr-timezone", zone.key)
    calendar.add_component(vtimezone)
    stamp = datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC"))
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", entry.start.to_pydatetime().replace(tzinfo=zone))
        event.add("dtend", entry.end.to_pydatetime().replace(tzinfo=zone))
        queues = dict.fromkeys(f"{c} ({v})" for _, _, a, c, v in entry.blocks if a == WORK)
        event.add("summary", f"Shift {_span(entry.start, entry.end)}: {', '.join(queues)}")
        event.add("description", "\n".join(_block_line(block) for block in entry.blocks))
        event.add("categories", ["Shift"])
        calendar.add_component(event)
    return calendar.to_ical()


def _check_sequence(sequence: int) -> None:
    if sequence < 0:
        raise parameter_error("the calendar export", "sequence", "must be 0 or more", sequence)


def export_roster(
    path: str | os.PathLike[str],
    export_format: ExportFormat | str,
    roster: pd.DataFrame,
    *,
    coverage: pd.DataFrame | None = None,
    agents: Agents | None = None,
    summary: PlanSummary | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    sequence: int = 0,
    interval_minutes: int = Rules.interval_minutes,
) -> Path:
    """Write the roster in one format to ``path`` atomically (ics: a zip of calendars)."""
    try:
        chosen = ExportFormat(export_format)
    except ValueError:
        raise parameter_error(
            "export_roster",
            "export_format",
            "must be one of " + ", ".join(f.value for f in ExportFormat),
            export_format,
        ) from None
    if chosen is ExportFormat.CSV:
        data = roster_csv(roster)
    elif chosen is ExportFormat.XLSX:
        data = roster_workbook(
            roster,
            coverage=coverage,
            agents=agents,
            summary=summary,
            interval_minutes=interval_minutes,
        )
    else:
        data = calendars_zip(roster, agents=agents, timezone=timezone, sequence=sequence)
    write_bytes(path, data)
    return Path(path)


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise StaffingInputError(
            Problem(
                message=msg(
                    "the calendars' time zone '{timezone}' is not a known IANA time zone",
                    timezone=timezone,
                ),
                fix=msg(
                    "give a name such as Asia/Shanghai or Europe/Berlin (on the command line: "
                    "--timezone)"
                ),
            )
        ) from None


def _agent_names(agents: Agents | None, agent_ids: pd.Series) -> dict[str, str]:
    """Names by agent id; every rostered agent must be in ``agents`` when it is given."""
    if agents is None:
        return {}
    problems = ProblemCollector("agents")
    if isinstance(agents, pd.DataFrame):
        for column in ("agent_id", "name"):
            if column not in agents.columns:
                problems.add(
                    msg("required column '{column}' is missing", column=column),
                    column=column,
                    fix=msg("pass the agents table with agent_id and name columns"),
                )
        problems.raise_if_any()
        names = dict(
            zip(
                agents["agent_id"].astype(str),
                agents["name"].fillna("").astype(str),
                strict=True,
            )
        )
    else:
        names = {agent.agent_id: agent.name for agent in agents}
    for agent_id in sorted(set(agent_ids) - set(names)):
        problems.add(
            msg("the roster has an agent that is not in the agents table"),
            column="agent_id",
            value=agent_id,
            fix=msg(
                "add the agent to agents.csv or export with the agents file the roster was "
                "built from"
            ),
        )
    problems.raise_if_any()
    return names


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("._") or "agent"


def _unique(name: str, used: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 2
    while candidate.lower() in used:
        candidate = f"{stem}_{n}{dot}{suffix}"
        n += 1
    used.add(candidate.lower())
    return candidate


def _sheet_name(text: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("_", text)[:28]
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate = f"{base}~{n}"
        n += 1
    used.add(candidate.lower())
    return candidate


def _span(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """``08:00-17:00``; an end on a later day gets ``+1`` (``22:00-06:00+1``)."""
    days = (end.normalize() - start.normalize()).days
    return f"{start:%H:%M}-{end:%H:%M}" + (f"+{days}" if days else "")


def _block_line(block: tuple[pd.Timestamp, pd.Timestamp, str, str, str]) -> str:
    start, end, activity, channel, vip_level = block
    what = f"{activity} {channel} ({vip_level})" if activity == WORK else activity
    return f"{start:%H:%M}-{end:%H:%M} {what}"


def _style_header(sheet: Worksheet, row: int = 1) -> None:
    for cell in sheet[row]:
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _fit_columns(sheet: Worksheet, minimum: int = 8, maximum: int = 40) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, datetime):
                length = 16
            else:
                length = max(len(line) for line in str(cell.value).split("\n"))
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(
            max(width + 2, minimum), maximum
        )


def _write_rows(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    _style_header(sheet)
    sheet.freeze_panes = "A2"


def _write_summary(
    sheet: Worksheet,
    title: str,
    roster: pd.DataFrame,
    shifts: pd.DataFrame,
    coverage: pd.DataFrame | None,
    summary: PlanSummary | None,
    interval_minutes: int,
) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    figures: list[tuple[str, object]] = [
        ("First day", shifts["date"].min().to_pydatetime().date()),
        ("Last day", shifts["date"].max().to_pydatetime().date()),
        ("Agents rostered", int(roster["agent_id"].nunique())),
        ("Shifts", len(shifts)),
        ("Work hours", round(float(shifts["work_minutes"].sum()) / 60, 2)),
        ("Break and lunch hours", round(float(shifts["pause_minutes"].sum()) / 60, 2)),
    ]
    if coverage is not None:
        required = int(coverage["required"].sum())
        short = int(coverage["shortfall"].sum())
        hours = interval_minutes / 60
        figures += [
            ("Required agent-hours (coverage)", round(required * hours, 2)),
            ("Shortfall agent-hours (coverage)", round(short * hours, 2)),
            ("Intervals with a shortfall", int((coverage["shortfall"] > 0).sum())),
            ("Requirement covered", round(1 - short / required, 4) if required else 1.0),
        ]
    if summary is not None:
        figures += [
            (f"Labour cost ({summary.currency})", round(summary.labour_cost, 2)),
            ("Shortfall agent-hours (plan)", round(summary.shortfall_agent_h, 2)),
        ]
        if summary.solver_gap is not None:
            figures.append(("Solver gap", summary.solver_gap))
        if summary.note:
            figures.append(("Note", summary.note))
    sheet.append([])
    sheet.append(["Figure", "Value"])
    header_row = sheet.max_row
    _style_header(sheet, header_row)
    for label, value in figures:
        sheet.append([label, value])
        cell = sheet.cell(row=sheet.max_row, column=2)
        if label in ("Requirement covered", "Solver gap"):
            cell.number_format = "0.0%"
        elif label.startswith("Labour cost"):
            cell.number_format = "#,##0.00"
        elif label in ("First day", "Last day"):
            cell.number_format = "yyyy-mm-dd"
    if summary is not None and summary.services:
        sheet.append([])
        sheet.append(
            ["Channel", "VIP level", "Simulated service level", "Target", "Abandoned", "ASA (s)"]
        )
        _style_header(sheet, sheet.max_row)
        for service in summary.services:
            sheet.append(
                [
                    service.channel,
                    service.vip_level,
                    service.service_level,
                    service.target_service_level,
                    service.abandon_share,
                    service.asa_s,
                ]
            )
            row = sheet.max_row
            for column in (3, 4, 5):
                sheet.cell(row=row, column=column).number_format = "0.0%"
            sheet.cell(row=row, column=6).number_format = "0.0"
            if service.service_level < service.target_service_level:
                sheet.cell(row=row, column=3).fill = _SHORT_FILL
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    _fit_columns(sheet, maximum=45)


def _write_grid(sheet: Worksheet, shifts: pd.DataFrame, names: dict[str, str]) -> None:
    days = pd.date_range(shifts["date"].min(), shifts["date"].max(), freq="D")
    agent_ids = sorted(set(shifts["agent_id"]) | set(names))  # agents without a shift: "off"
    header = ["Agent", "Name", *[f"{day:%a %Y-%m-%d}" for day in days], "Shifts", "Work h"]
    sheet.append(header)
    cells = {
        (agent_id, date): (f"{_span(start, end)}\n{queues}", primary)
        for agent_id, date, start, end, queues, primary in zip(
            shifts["agent_id"],
            shifts["date"],
            shifts["start"],
            shifts["end"],
            shifts["channels"],
            shifts["primary_channel"],
            strict=True,
        )
    }
    n_shifts = shifts.groupby("agent_id")["date"].count()
    work_h = shifts.groupby("agent_id")["work_minutes"].sum() / 60
    channels = sorted(shifts["primary_channel"].unique())
    colours = {
        channel: PatternFill("solid", fgColor=_CHANNEL_COLOURS[i % len(_CHANNEL_COLOURS)])
        for i, channel in enumerate(channels)
    }
    wrap = Alignment(wrap_text=True, vertical="top")
    for agent_id in agent_ids:
        found = [cells.get((agent_id, day)) for day in days]
        row: list[object] = [agent_id, names.get(agent_id, "")]
        row += [shift[0] if shift else "off" for shift in found]
        row += [int(n_shifts.get(agent_id, 0)), round(float(work_h.get(agent_id, 0.0)), 2)]
        sheet.append(row)
        excel_row = sheet.max_row
        for offset, shift in enumerate(found):
            cell = sheet.cell(row=excel_row, column=3 + offset)
            cell.alignment = wrap
            if shift:
                cell.fill = colours[shift[1]]
            else:
                cell.font = _OFF_FONT
    _style_header(sheet)
    sheet.freeze_panes = "C2"
    _fit_columns(sheet, maximum=34)
    legend_row = sheet.max_row + 2
    sheet.cell(row=legend_row, column=1, value="Colour = main channel of the shift").font = Font(
        italic=True
    )
    for i, channel in enumerate(channels):
        cell = sheet.cell(row=legend_row + 1 + i, column=1, value=channel)
        cell.fill = colours[channel]


def _write_blocks(sheet: Worksheet, roster: pd.DataFrame, names: dict[str, str]) -> None:
    ordered = roster.sort_values(["agent_id", "start"], kind="stable")
    minutes = ((ordered["end"] - ordered["start"]).dt.total_seconds() // 60).astype(int)
    rows = [
        [
            agent_id,
            names.get(agent_id, ""),
            date.to_pydatetime().date(),
            start.to_pydatetime(),
            end.to_pydatetime(),
            activity,
            channel,
            vip_level,
            int(length),
        ]
        for agent_id, date, start, end, activity, channel, vip_level, length in zip(
            ordered["agent_id"],
            ordered["date"],
            ordered["start"],
            ordered["end"],
            ordered["activity"],
            ordered["channel"],
            ordered["vip_level"],
            minutes,
            strict=True,
        )
    ]
    header = [
        "Agent",
        "Name",
        "Date",
        "Start",
        "End",
        "Activity",
        "Channel",
        "VIP level",
        "Minutes",
    ]
    _write_rows(sheet, header, rows)
    for row in sheet.iter_rows(min_row=2):
        row[2].number_format = "yyyy-mm-dd"
        row[3].number_format = _TIME_FORMAT
        row[4].number_format = _TIME_FORMAT
    sheet.auto_filter.ref = sheet.dimensions
    _fit_columns(sheet)


def _write_coverage(sheet: Worksheet, channel: str, coverage: pd.DataFrame) -> None:
    levels = sorted(coverage["vip_level"].unique())
    wide = coverage.pivot_table(
        index="interval_start",
        columns="vip_level",
        values=["required", "scheduled", "shortfall"],
        aggfunc="sum",
        fill_value=0,
    ).sort_index()
    header = ["Interval start"]
    for level in levels:
        header += [f"{level} required", f"{level} scheduled", f"{level} shortfall"]
    header += ["Total required", "Total scheduled", "Total shortfall"]
    rows = []
    for interval_start, (_, values) in zip(
        pd.DatetimeIndex(wide.index).to_pydatetime(), wide.iterrows(), strict=True
    ):
        row: list[object] = [interval_start]
        for level in levels:
            row += [
                int(values[(measure, level)]) for measure in ("required", "scheduled", "shortfall")
            ]
        row += [int(values[measure].sum()) for measure in ("required", "scheduled", "shortfall")]
        rows.append(row)
    _write_rows(sheet, header, rows)
    sheet.freeze_panes = "B2"
    for cells in sheet.iter_rows(min_row=2):
        cells[0].number_format = _TIME_FORMAT
        for cell in cells[3::3]:
            if isinstance(cell.value, int) and cell.value > 0:
                cell.fill = _SHORT_FILL
    _fit_columns(sheet, maximum=22)
    n_rows = len(rows)
    if n_rows >= 2:
        chart = LineChart()
        chart.title = f"{channel}: scheduled vs required agents"
        chart.y_axis.title = "agents"
        chart.height, chart.width = 8, 24
        total_required = len(header) - 2
        for column in (total_required, total_required + 1):
            data = Reference(sheet, min_col=column, min_row=1, max_row=n_rows + 1)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=n_rows + 1))
        sheet.add_chart(chart, f"{get_column_letter(len(header) + 2)}2")
