"""Shared reading and checking of the user's CSV and TOML files.

Every reader in the product goes through these helpers so that messages look the same
everywhere: file, spreadsheet row (header = row 1), column, the offending value and the fix.
Checks are vectorised over the whole column and collect every problem before raising.
The caller's data is never modified: files are read as text, frames are copied.
"""

from __future__ import annotations

import io
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from staffing.errors import ProblemCollector
from staffing.i18n import msg

Source = str | os.PathLike[str] | bytes | BinaryIO

#: Largest file the readers accept (an upload limit the app also states).
MAX_FILE_BYTES = 200 * 1024 * 1024


def source_name(source: Source, name: str | None = None) -> str:
    """The file name used in messages."""
    if name:
        return name
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return getattr(source, "name", None) or "uploaded file"


def read_bytes(source: Source, name: str) -> bytes:
    """The raw bytes of a path, bytes or open binary file, with the size limit applied."""
    problems = ProblemCollector(name)
    too_large = msg("file is larger than {mb} MB", mb=MAX_FILE_BYTES // 2**20)
    split = msg("split it by date range")
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            problems.add(
                msg("{path} is a folder; a file is read here", path=path),
                fix=msg("give the path of the file itself, not of its folder"),
            )
            problems.raise_if_any()
        if not path.is_file():
            problems.add(
                msg("file not found at {path}", path=path),
                fix=msg("check the path, or run 'staffing sample --out DIR' for an example"),
            )
            problems.raise_if_any()
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.add(too_large, fix=split)
            problems.raise_if_any()
        data = path.read_bytes()
    else:
        read = source.read()
        data = read.encode("utf-8") if isinstance(read, str) else read
    if len(data) > MAX_FILE_BYTES:
        problems.add(too_large, fix=split)
        problems.raise_if_any()
    return data


def _fail(name: str, message: str, fix: str) -> None:
    problems = ProblemCollector(name)
    problems.add(message, fix=fix)
    problems.raise_if_any()


def decode_utf8(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        _fail(
            name,
            msg("file is not UTF-8 text (undecodable byte at row {row})", row=line),
            msg("save it as 'CSV UTF-8' (Excel) or re-encode it to UTF-8"),
        )
        raise AssertionError("unreachable") from exc
    return text


def read_table(
    source: Source,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    name: str | None = None,
    allow_extra: bool = False,
    allow_empty: bool = False,
) -> pd.DataFrame:
    """Read a CSV file as text with its header checked.

    Returns a frame of stripped strings indexed by spreadsheet row number (header = row 1).
    Missing optional columns are absent from the frame; empty cells are ``""``. A file with
    a header and no rows is an error unless ``allow_empty`` (e.g. no time off this week).

    >>> t = read_table(b"a,b\\n1, x \\n", required=["a", "b"], name="t.csv")
    >>> t.loc[2, "b"]
    'x'
    """
    name = source_name(source, name)
    text = decode_utf8(read_bytes(source, name), name)
    problems = ProblemCollector(name)
    if not text.strip():
        problems.add(
            msg("file is empty"),
            fix=msg(
                "add a header row ({columns}) and at least one data row",
                columns=", ".join(required),
            ),
        )
        problems.raise_if_any()
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problems.add(
            msg("cannot read the CSV structure ({reason})", reason=str(exc)),
            row=int(match.group(1)) if match else None,
            fix=msg(
                "make every row have as many comma-separated fields as the header; "
                "quote fields that contain commas"
            ),
        )
        problems.raise_if_any()
        raise AssertionError("unreachable") from None
    if not isinstance(frame.index, pd.RangeIndex):
        # pandas takes the first column as the index when every data row has one field more
        # than the header: read on, the values would sit under the wrong column names.
        problems.add(
            msg(
                "the data rows have one field more than the header's {n} "
                "(a comma at the end of each row?)",
                n=len(frame.columns),
            ),
            row=2,
            fix=msg(
                "remove the comma at the end of each row, or name the extra column in the header"
            ),
        )
        problems.raise_if_any()
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_header(problems, list(frame.columns), required, optional, allow_extra=allow_extra)
    if frame.empty and not problems and not allow_empty:
        problems.add(
            msg("file has a header but no data rows"), fix=msg("add at least one data row")
        )
    problems.raise_if_any()
    frame = frame.apply(lambda s: s.str.strip())
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="row")
    return frame


def _check_header(
    problems: ProblemCollector,
    present: list[str],
    required: Sequence[str],
    optional: Sequence[str],
    *,
    allow_extra: bool = False,
) -> None:
    """Missing, unknown and repeated columns (one problem when the separator is not a comma)."""
    if len(present) == 1 and any(sep in present[0] for sep in ";\t|"):
        sep = next(sep for sep in ";\t|" if sep in present[0])
        problems.add(
            msg(
                "the header '{header}' is one column: the file separates its columns with "
                "a tab, not a comma",
                header=present[0],
            )
            if sep == "\t"
            else msg(
                "the header '{header}' is one column: the file separates its columns with "
                "{sep}, not a comma",
                header=present[0],
                sep=repr(sep),
            ),
            fix=msg("save the file as comma-separated CSV (in Excel: CSV UTF-8, comma delimited)"),
        )
        return
    for column in required:
        if column not in present:
            problems.add(
                msg(
                    "required column '{column}' is missing (found: {found})",
                    column=column,
                    found=", ".join(present),
                ),
                column=column,
                fix=msg("add a '{column}' column to the header row", column=column),
            )
    if not allow_extra:
        known = set(required) | set(optional)
        for column in present:
            if column not in known:
                unnamed = re.fullmatch(r"Unnamed: (\d+)", column)
                problems.add(
                    msg("column {n} has no name in the header row", n=int(unnamed[1]) + 1)
                    if unnamed
                    else msg("unknown column '{column}'", column=column),
                    column=column,
                    fix=msg(
                        "rename or remove it; allowed columns are {allowed}",
                        allowed=", ".join([*required, *optional]),
                    ),
                )
    for column in sorted({c for c in present if present.count(c) > 1}):
        problems.add(
            msg("column '{column}' appears more than once", column=column),
            column=column,
            fix=msg("keep one of them"),
        )


#: How timestamps are written in every CSV file.
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def frame_as_table(
    frame: pd.DataFrame,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    name: str,
) -> pd.DataFrame:
    """A frame given to the library as the stripped text a reader sees in the file.

    Frames and files then go through one validator: the same checks, the same messages,
    rows numbered as they would be in the file (header = row 1).
    """
    problems = ProblemCollector(name)
    present = [str(c) for c in frame.columns]
    _check_header(problems, present, required, optional)
    if frame.empty and not problems:
        problems.add(msg("there are no rows"), fix=msg("add at least one row"))
    problems.raise_if_any()
    text = pd.DataFrame(index=pd.RangeIndex(2, 2 + len(frame), name="row"))
    for column in [c for c in (*required, *optional) if c in present]:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            if getattr(values.dt, "tz", None) is not None:
                values = values.dt.tz_localize(None)
            strings = values.dt.strftime(TIME_FORMAT)
        elif pd.api.types.is_float_dtype(values):
            strings = values.map(repr).where(values.notna(), "")
        else:
            strings = values.astype("string")
        text[column] = strings.fillna("").astype(str).str.strip().to_numpy()
    return text


def _report_bad(
    problems: ProblemCollector,
    frame: pd.DataFrame,
    column: str,
    bad: pd.Series,
    message: str,
    fix: str,
) -> None:
    for row, value in frame.loc[bad, column].items():
        problems.add(message, row=int(row), column=column, value=value, fix=fix)


#: what :func:`parse_numbers` calls a number unless told
VALUE = msg("value")

#: A time followed by ``Z`` or an offset such as ``+08:00`` (ISO 8601 with a time zone).
_ZONED = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"


def parse_timestamps(
    frame: pd.DataFrame, column: str, problems: ProblemCollector, *, required: bool = True
) -> pd.Series:
    """Parse ISO 8601 local times (``2026-11-11 00:15:00``); bad cells become NaT and a problem."""
    raw = frame[column]
    text = raw.astype(str)
    maybe = (text.str.len() > len("2026-11-11 00:15:00")) | text.str.endswith("Z")
    zoned = pd.Series(False, index=raw.index)
    zoned[maybe] = text[maybe].str.contains(_ZONED, regex=True).to_numpy(dtype=bool)
    _report_bad(
        problems,
        frame,
        column,
        zoned,
        msg("has a time zone or UTC offset; times are the center's local time"),
        msg("write the local time without the offset, like 2026-11-11 00:15:00"),
    )
    parsed = pd.to_datetime(raw.where(~zoned, ""), errors="coerce", format="ISO8601")
    empty = raw == ""
    if required:
        _report_bad(
            problems,
            frame,
            column,
            empty,
            msg("a date and time is required"),
            msg("write it like 2026-11-11 00:15:00"),
        )
    bad = parsed.isna() & ~empty & ~zoned
    _report_bad(
        problems,
        frame,
        column,
        bad,
        msg("not a valid date and time"),
        msg("write it as ISO 8601 local time, like 2026-11-11 00:15:00"),
    )
    return parsed


def parse_numbers(
    frame: pd.DataFrame,
    column: str,
    problems: ProblemCollector,
    *,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    minimum_exclusive: bool = False,
    required: bool = True,
    what: str = VALUE,
) -> pd.Series:
    """Parse a numeric column; bad cells become NaN and a problem naming row and column.

    ``what`` names the number in the messages: a column name, or a :func:`msg` to translate.
    """
    raw = frame[column]
    numbers = pd.to_numeric(raw, errors="coerce")
    empty = raw == ""
    if required:
        _report_bad(
            problems,
            frame,
            column,
            empty,
            msg("{what} is required", what=what),
            msg("fill in a number"),
        )
    bad = numbers.isna() & ~empty
    _report_bad(
        problems,
        frame,
        column,
        bad,
        msg("{what} is not a number", what=what),
        msg("write a plain number such as 12 or 12.5 (no units, no thousands separators)"),
    )
    infinite = numbers.notna() & ~np.isfinite(numbers.astype("float64"))
    _report_bad(
        problems,
        frame,
        column,
        infinite,
        msg("{what} must be a finite number", what=what),
        msg("write a plain number such as 12 or 12.5"),
    )
    numbers = numbers.where(~infinite)
    ok = numbers.notna()
    if integer:
        frac = ok & (np.floor(numbers) != numbers)
        _report_bad(
            problems,
            frame,
            column,
            frac,
            msg("{what} must be a whole number", what=what),
            msg("round it to a whole number"),
        )
    if minimum is not None:
        low = ok & ((numbers <= minimum) if minimum_exclusive else (numbers < minimum))
        _report_bad(
            problems,
            frame,
            column,
            low,
            msg("{what} must be greater than {minimum:g}", what=what, minimum=minimum)
            if minimum_exclusive
            else msg("{what} must be at least {minimum:g}", what=what, minimum=minimum),
            msg("correct the value"),
        )
    if maximum is not None:
        high = ok & (numbers > maximum)
        _report_bad(
            problems,
            frame,
            column,
            high,
            msg("{what} must be at most {maximum:g}", what=what, maximum=maximum),
            msg("correct the value"),
        )
    return numbers


def check_on_grid(
    frame: pd.DataFrame,
    column: str,
    times: pd.Series,
    interval_minutes: int,
    problems: ProblemCollector,
) -> None:
    """Report timestamps that do not fall on the interval grid (e.g. 10:07 on a 15-minute grid)."""
    ok = times.notna()
    minutes = times.dt.hour * 60 + times.dt.minute
    off = ok & ((minutes % interval_minutes != 0) | (times.dt.second != 0))
    _report_bad(
        problems,
        frame,
        column,
        off,
        msg("time is not on the {minutes}-minute interval grid", minutes=interval_minutes),
        msg(
            "use interval start times that are multiples of {minutes} minutes "
            "(e.g. 10:00, {next}); aggregate finer data to the grid first",
            minutes=interval_minutes,
            next=f"{pd.Timestamp('10:00') + pd.Timedelta(minutes=interval_minutes):%H:%M}",
        ),
    )


#: what :func:`check_duplicates` says to do unless told
DUPLICATE_FIX = msg("delete the repeated row, or correct its key if it is another record")


def check_duplicates(
    frame: pd.DataFrame,
    keys: Sequence[str],
    problems: ProblemCollector,
    fix: str = DUPLICATE_FIX,
) -> None:
    """Report every row whose key repeats an earlier row; ``fix`` says what to do."""
    involved = frame.duplicated(subset=list(keys), keep=False)
    if not involved.any():
        return
    subset = frame.loc[involved, list(keys)]
    repeated = subset.duplicated(keep="first")
    first = subset[~repeated]
    first_row = {tuple(key): int(row) for row, key in zip(first.index, first.values, strict=True)}
    later = subset[repeated]
    for row, key in zip(later.index, later.values, strict=True):
        described = ", ".join(f"{k}={v}" for k, v in zip(keys, key, strict=True))
        problems.add(
            msg("duplicate of row {first} ({key})", first=first_row[tuple(key)], key=described),
            row=int(row),
            fix=fix,
        )


def split_list(value: str) -> tuple[str, ...]:
    """Split a ``;``-separated list cell.

    >>> split_list(" phone; chat ;")
    ('phone', 'chat')
    """
    return tuple(part.strip() for part in value.split(";") if part.strip())


def check_allowed(
    frame: pd.DataFrame,
    column: str,
    allowed: Iterable[str],
    problems: ProblemCollector,
    *,
    what: str,
    fix_hint: str = "",
) -> None:
    """Report cells whose value is not one of ``allowed``; ``what`` names such a value and
    ``fix_hint`` says what they mean (each a :func:`msg`, to translate)."""
    allowed = sorted(set(allowed))
    bad = ~frame[column].isin(allowed)
    listed = ", ".join(allowed)
    fix = (
        msg("use one of: {allowed} ({hint})", allowed=listed, hint=fix_hint)
        if fix_hint
        else msg("use one of: {allowed}", allowed=listed)
    )
    _report_bad(problems, frame, column, bad, msg("unknown {what}", what=what), fix)


def read_toml(source: Source, *, name: str | None = None) -> dict[str, Any]:
    """Parse a TOML file; a syntax error is reported with its row and the parser's reason."""
    name = source_name(source, name)
    text = decode_utf8(read_bytes(source, name), name)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problems = ProblemCollector(name)
        problems.add(
            msg("not valid TOML: {reason}", reason=str(exc)),
            row=int(match.group(1)) if match else None,
            fix=msg(
                "check quotes, brackets and '=' on that line; "
                "the README has an example of this file"
            )
            if match
            else msg(
                "check quotes, brackets and '=' (something is left open at the end); "
                "the README has an example of this file"
            ),
        )
        problems.raise_if_any()
        raise AssertionError("unreachable") from None
