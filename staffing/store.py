"""The plan store: plans, scenarios and published rosters, versioned, in a local database.

Every save adds a new version of an entry (kind + name); nothing is ever overwritten, so a
published roster stays exactly as it was handed out. An entry version holds metadata (week,
created_at, author, note, KPIs), named frames (stored as Parquet, so dtypes survive) and named
text documents (a scenario's definition, the rules used, ...).

Where the data lives: ``Store(location)`` with a file path or a SQLAlchemy-style URL
(``sqlite:///relative.sqlite``, ``sqlite:////absolute/plans.sqlite``); without a location, the
``STAFFING_STORE`` environment variable, else ``~/.staffing/plans.sqlite``.

Only SQLite is implemented. The SQL is kept portable (standard types and statements, ``?``
parameters passed through the backend's ``sql``) and everything database-specific (connecting,
WAL, busy timeout, how a write transaction starts, which error means a version clash) sits in
``_SqliteBackend``, so a PostgreSQL backend would be one more class of that shape (with
``BYTEA`` for the blob column); today a ``postgresql://`` location is refused with a clear
message.

Concurrency: each operation opens its own connection, so a ``Store`` can be shared by threads
(Streamlit sessions) and processes. The database runs in WAL mode with a busy timeout; a
version number is allocated inside the write transaction that inserts it (``BEGIN
IMMEDIATE``), and the primary key (kind, name, version) turns any race into a retry, never a
lost or overwritten save.
"""

from __future__ import annotations

import io
import json
import math
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from staffing.errors import Problem, StaffingInputError, parameter_error

STORE_ENV = "STAFFING_STORE"
DEFAULT_STORE_PATH = Path("~/.staffing/plans.sqlite")
SCHEMA_VERSION = 1
MAX_NAME_CHARS = 200
_SAVE_ATTEMPTS = 20


class EntryKind(StrEnum):
    PLAN = "plan"
    SCENARIO = "scenario"
    PUBLISHED = "published"


@dataclass(frozen=True, kw_only=True)
class EntryInfo:
    """One saved version: what it is and its figures, without the frames."""

    kind: EntryKind
    name: str
    version: int
    week_start: date
    created_at: datetime
    author: str
    note: str
    kpis: Mapping[str, float]
    frame_names: tuple[str, ...]
    text_names: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class StoredEntry:
    """A saved version reopened: its metadata, frames and text documents."""

    info: EntryInfo
    frames: Mapping[str, pd.DataFrame]
    texts: Mapping[str, str]


def default_location() -> str:
    """``STAFFING_STORE`` when set, else ``~/.staffing/plans.sqlite``."""
    return os.environ.get(STORE_ENV) or str(DEFAULT_STORE_PATH.expanduser())


class _SqliteBackend:
    """Everything SQLite-specific: file location, connection settings, write transactions."""

    schema = (
        "CREATE TABLE IF NOT EXISTS store_meta ("
        " meta_key TEXT NOT NULL PRIMARY KEY, meta_value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS entries ("
        " kind TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,"
        " week_start TEXT NOT NULL, created_at TEXT NOT NULL, author TEXT NOT NULL,"
        " note TEXT NOT NULL, kpis_json TEXT NOT NULL,"
        " PRIMARY KEY (kind, name, version))",
        "CREATE TABLE IF NOT EXISTS entry_frames ("
        " kind TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,"
        " frame_name TEXT NOT NULL, n_rows INTEGER NOT NULL, parquet BLOB NOT NULL,"
        " PRIMARY KEY (kind, name, version, frame_name))",
        "CREATE TABLE IF NOT EXISTS entry_texts ("
        " kind TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,"
        " text_name TEXT NOT NULL, body TEXT NOT NULL,"
        " PRIMARY KEY (kind, name, version, text_name))",
        "CREATE INDEX IF NOT EXISTS entries_by_week ON entries (week_start, created_at)",
    )

    def __init__(self, path: Path, timeout_s: float) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self.description = str(path)

    def connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise _location_error(self.description, f"cannot open it ({exc})") from None
        connection.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    def prepare(self, connection: sqlite3.Connection) -> None:
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")

    def begin_write(self, connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN IMMEDIATE")

    def sql(self, statement: str) -> str:
        return statement

    def is_conflict(self, exc: sqlite3.Error) -> bool:
        """A concurrent save took the same version number: allocate again."""
        return isinstance(exc, sqlite3.IntegrityError)


def _location_error(location: str, what: str) -> StaffingInputError:
    return StaffingInputError(
        Problem(
            message=f"the plan store at {location}: {what}",
            fix=f"give a writable file path (or set {STORE_ENV}), e.g. ~/.staffing/plans.sqlite",
        )
    )


def _backend_for(location: str | os.PathLike[str], timeout_s: float) -> _SqliteBackend:
    text = os.fspath(location)
    if text.startswith(("postgresql:", "postgres:")):
        raise StaffingInputError(
            Problem(
                message="a PostgreSQL plan store is not supported yet (only SQLite files)",
                value=text.split("@")[-1],
                fix="use a SQLite file path shared on the team's drive, or sqlite:///path",
            )
        )
    if text.startswith("sqlite:///"):
        # as in SQLAlchemy: sqlite:///relative.sqlite, sqlite:////absolute/path.sqlite
        text = text.removeprefix("sqlite:///")
    elif "://" in text:
        raise _location_error(text, "unknown kind of database URL")
    if text in ("", ":memory:"):
        raise _location_error(text or "''", "an in-memory database does not survive a restart")
    path = Path(text).expanduser()
    if path.is_dir():
        raise _location_error(text, "it is a folder, not a file")
    return _SqliteBackend(path, timeout_s)


class Store:
    """Versioned plans, scenarios and published rosters (see the module docstring).

    >>> import tempfile
    >>> store = Store(Path(tempfile.mkdtemp()) / "plans.sqlite")
    >>> first = store.save(EntryKind.PLAN, "Double 11", week_start=date(2026, 11, 9),
    ...                    frames={"roster": pd.DataFrame({"agent_id": ["A1"]})})
    >>> second = store.save(EntryKind.PLAN, "Double 11", week_start=date(2026, 11, 9))
    >>> (first.version, second.version)
    (1, 2)
    """

    def __init__(
        self, location: str | os.PathLike[str] | None = None, *, timeout_s: float = 30.0
    ) -> None:
        if timeout_s <= 0:
            raise parameter_error("Store", "timeout_s", "must be greater than 0", timeout_s)
        self.location = os.fspath(location) if location is not None else default_location()
        self._backend = _backend_for(self.location, timeout_s)
        self._create_schema()

    def __repr__(self) -> str:
        return f"Store({self._backend.description!r})"

    # writing -----------------------------------------------------------------------------

    def save(
        self,
        kind: EntryKind | str,
        name: str,
        *,
        week_start: date,
        frames: Mapping[str, pd.DataFrame] | None = None,
        texts: Mapping[str, str] | None = None,
        kpis: Mapping[str, float] | None = None,
        author: str = "",
        note: str = "",
    ) -> EntryInfo:
        """Save a new version of (kind, name); returns its info with the allocated version."""
        chosen = _kind(kind)
        name = _check_name("name", name)
        week = _check_week(week_start)
        frames = dict(frames or {})
        texts = dict(texts or {})
        kpi_values = _check_kpis(kpis or {})
        blobs = {_check_name("frame name", k): _to_parquet(k, v) for k, v in frames.items()}
        bodies = {_check_name("text name", k): _check_text(k, v) for k, v in texts.items()}
        created_at = datetime.now(UTC)
        for attempt in range(_SAVE_ATTEMPTS):
            try:
                version = self._insert(
                    chosen, name, week, created_at, author, note, kpi_values, blobs, bodies
                )
                break
            except sqlite3.Error as exc:
                if not self._backend.is_conflict(exc) or attempt == _SAVE_ATTEMPTS - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
        return EntryInfo(
            kind=chosen,
            name=name,
            version=version,
            week_start=week,
            created_at=created_at,
            author=author,
            note=note,
            kpis=MappingProxyType(dict(kpi_values)),
            frame_names=tuple(sorted(blobs)),
            text_names=tuple(sorted(bodies)),
        )

    def publish(
        self,
        *,
        week_start: date,
        roster: pd.DataFrame,
        coverage: pd.DataFrame | None = None,
        kpis: Mapping[str, float] | None = None,
        author: str = "",
        note: str = "",
        name: str | None = None,
    ) -> EntryInfo:
        """Publish a week's roster as a new, never-overwritten version.

        The roster (and coverage) are checked with ``staffing.roster.io`` first. ``name``
        defaults to ``roster <week_start>``, so each week has its own version history.
        """
        from staffing.roster.io import validate_coverage, validate_roster

        week = _check_week(week_start)
        frames = {"roster": validate_roster(roster)}
        if coverage is not None:
            frames["coverage"] = validate_coverage(coverage)
        return self.save(
            EntryKind.PUBLISHED,
            name if name is not None else f"roster {week.isoformat()}",
            week_start=week,
            frames=frames,
            kpis=kpis,
            author=author,
            note=note,
        )

    # reading -----------------------------------------------------------------------------

    def entries(
        self,
        kind: EntryKind | str | None = None,
        *,
        name: str | None = None,
        week_start: date | None = None,
    ) -> tuple[EntryInfo, ...]:
        """Saved versions, newest first, optionally only of one kind, name or week."""
        clauses, parameters = [], []
        if kind is not None:
            clauses.append("e.kind = ?")
            parameters.append(_kind(kind).value)
        if name is not None:
            clauses.append("e.name = ?")
            parameters.append(name)
        if week_start is not None:
            clauses.append("e.week_start = ?")
            parameters.append(_check_week(week_start).isoformat())
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._infos(where, parameters, "ORDER BY e.created_at DESC, e.version DESC")

    def versions(self, kind: EntryKind | str, name: str) -> tuple[EntryInfo, ...]:
        """Every version of one entry, oldest first."""
        return self._infos(
            " WHERE e.kind = ? AND e.name = ?",
            [_kind(kind).value, name],
            "ORDER BY e.version ASC",
        )

    def latest(self, kind: EntryKind | str, *, week_start: date | None = None) -> EntryInfo:
        """The most recently saved version of a kind (e.g. the last published roster)."""
        found = self.entries(kind, week_start=week_start)
        if not found:
            week = f" for the week of {week_start}" if week_start is not None else ""
            raise StaffingInputError(
                Problem(
                    message=f"nothing of kind '{_kind(kind).value}' is saved{week} "
                    f"in the plan store {self._backend.description}",
                    fix="save or publish one first",
                )
            )
        return found[0]

    def open(self, kind: EntryKind | str, name: str, version: int | None = None) -> StoredEntry:
        """Reopen a saved version with its frames and texts (the newest when ``version`` is
        not given)."""
        chosen = _kind(kind)
        if version is not None and (not isinstance(version, int) or version < 1):
            raise parameter_error("Store.open", "version", "must be a whole number >= 1", version)
        found = self.versions(chosen, name)
        matching = [i for i in found if version is None or i.version == version]
        if not matching:
            have = ", ".join(str(i.version) for i in found) or "none"
            raise StaffingInputError(
                Problem(
                    message=f"no saved {chosen.value} '{name}'"
                    + (f" version {version}" if version is not None else "")
                    + f" in the plan store {self._backend.description} (versions: {have})",
                    fix="pick one of the entries listed by the store",
                )
            )
        info = matching[-1]
        key = [info.kind.value, info.name, info.version]
        with self._connection() as connection:
            frame_rows = connection.execute(
                self._backend.sql(
                    "SELECT frame_name, parquet FROM entry_frames "
                    "WHERE kind = ? AND name = ? AND version = ? ORDER BY frame_name"
                ),
                key,
            ).fetchall()
            text_rows = connection.execute(
                self._backend.sql(
                    "SELECT text_name, body FROM entry_texts "
                    "WHERE kind = ? AND name = ? AND version = ? ORDER BY text_name"
                ),
                key,
            ).fetchall()
        frames = {frame_name: pd.read_parquet(io.BytesIO(blob)) for frame_name, blob in frame_rows}
        return StoredEntry(
            info=info,
            frames=MappingProxyType(frames),
            texts=MappingProxyType(dict(text_rows)),
        )

    # internals ---------------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            with closing(self._backend.connect()) as connection:
                yield connection
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError | sqlite3.OperationalError):
                raise
            raise _location_error(
                self._backend.description, f"not a plan store database ({exc})"
            ) from None

    def _create_schema(self) -> None:
        with self._connection() as connection:
            self._backend.prepare(connection)
            self._backend.begin_write(connection)
            try:
                for statement in self._backend.schema:
                    connection.execute(statement)
                row = connection.execute(
                    self._backend.sql("SELECT meta_value FROM store_meta WHERE meta_key = ?"),
                    ["schema_version"],
                ).fetchone()
                if row is None:
                    connection.execute(
                        self._backend.sql(
                            "INSERT INTO store_meta (meta_key, meta_value) VALUES (?, ?)"
                        ),
                        ["schema_version", str(SCHEMA_VERSION)],
                    )
                elif int(row[0]) > SCHEMA_VERSION:
                    raise _location_error(
                        self._backend.description,
                        f"it was written by a newer version (schema {row[0]}, this program "
                        f"reads up to {SCHEMA_VERSION})",
                    )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    def _insert(
        self,
        kind: EntryKind,
        name: str,
        week: date,
        created_at: datetime,
        author: str,
        note: str,
        kpis: dict[str, float],
        blobs: dict[str, tuple[int, bytes]],
        bodies: dict[str, str],
    ) -> int:
        sql = self._backend.sql
        with self._connection() as connection:
            self._backend.begin_write(connection)
            try:
                (version,) = connection.execute(
                    sql(
                        "SELECT COALESCE(MAX(version), 0) + 1 FROM entries "
                        "WHERE kind = ? AND name = ?"
                    ),
                    [kind.value, name],
                ).fetchone()
                connection.execute(
                    sql(
                        "INSERT INTO entries (kind, name, version, week_start, created_at, "
                        "author, note, kpis_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    ),
                    [
                        kind.value,
                        name,
                        version,
                        week.isoformat(),
                        created_at.isoformat(),
                        author,
                        note,
                        json.dumps(kpis, sort_keys=True),
                    ],
                )
                connection.executemany(
                    sql(
                        "INSERT INTO entry_frames (kind, name, version, frame_name, n_rows, "
                        "parquet) VALUES (?, ?, ?, ?, ?, ?)"
                    ),
                    [
                        [kind.value, name, version, frame_name, n_rows, blob]
                        for frame_name, (n_rows, blob) in blobs.items()
                    ],
                )
                connection.executemany(
                    sql(
                        "INSERT INTO entry_texts (kind, name, version, text_name, body) "
                        "VALUES (?, ?, ?, ?, ?)"
                    ),
                    [
                        [kind.value, name, version, text_name, body]
                        for text_name, body in bodies.items()
                    ],
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return int(version)

    def _infos(self, where: str, parameters: Sequence[object], order: str) -> tuple[EntryInfo, ...]:
        sql = self._backend.sql
        join = "JOIN entries e ON e.kind = x.kind AND e.name = x.name AND e.version = x.version"
        with self._connection() as connection:
            rows = connection.execute(
                sql(
                    "SELECT e.kind, e.name, e.version, e.week_start, e.created_at, e.author, "
                    f"e.note, e.kpis_json FROM entries e{where} {order}"
                ),
                parameters,
            ).fetchall()
            frame_names = _names_by_key(
                connection.execute(
                    sql(
                        f"SELECT x.kind, x.name, x.version, x.frame_name FROM entry_frames x "
                        f"{join}{where}"
                    ),
                    parameters,
                ).fetchall()
            )
            text_names = _names_by_key(
                connection.execute(
                    sql(
                        f"SELECT x.kind, x.name, x.version, x.text_name FROM entry_texts x "
                        f"{join}{where}"
                    ),
                    parameters,
                ).fetchall()
            )
        return tuple(
            EntryInfo(
                kind=EntryKind(kind),
                name=name,
                version=int(version),
                week_start=date.fromisoformat(week),
                created_at=datetime.fromisoformat(created),
                author=author,
                note=note,
                kpis=MappingProxyType(json.loads(kpis_json)),
                frame_names=frame_names.get((kind, name, version), ()),
                text_names=text_names.get((kind, name, version), ()),
            )
            for kind, name, version, week, created, author, note, kpis_json in rows
        )


def _names_by_key(rows: list[tuple[str, str, int, str]]) -> dict[tuple, tuple[str, ...]]:
    names: dict[tuple, list[str]] = {}
    for kind, name, version, item in rows:
        names.setdefault((kind, name, version), []).append(item)
    return {key: tuple(sorted(items)) for key, items in names.items()}


def _kind(kind: EntryKind | str) -> EntryKind:
    try:
        return EntryKind(kind)
    except ValueError:
        raise parameter_error(
            "Store", "kind", "must be one of " + ", ".join(k.value for k in EntryKind), kind
        ) from None


def _check_name(what: str, name: str) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS:
        raise parameter_error(
            "Store",
            what,
            f"must be a non-empty text of at most {MAX_NAME_CHARS} characters",
            name,
        )
    return name.strip()


def _check_week(week_start: date) -> date:
    if isinstance(week_start, datetime):
        return week_start.date()
    if not isinstance(week_start, date):
        raise parameter_error("Store", "week_start", "must be a date", week_start)
    return week_start


def _check_kpis(kpis: Mapping[str, float]) -> dict[str, float]:
    values = {}
    for key, value in kpis.items():
        _check_name("KPI name", key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise parameter_error("Store", f"KPI '{key}'", "must be a finite number", value)
        values[key] = float(value)
    return values


def _check_text(text_name: str, body: str) -> str:
    if not isinstance(body, str):
        raise parameter_error("Store", f"text '{text_name}'", "must be a str", type(body))
    return body


def _to_parquet(frame_name: str, frame: pd.DataFrame) -> tuple[int, bytes]:
    if not isinstance(frame, pd.DataFrame):
        raise parameter_error("Store", f"frame '{frame_name}'", "must be a DataFrame", type(frame))
    buffer = io.BytesIO()
    frame.reset_index(drop=True).to_parquet(buffer, index=False)
    return len(frame), buffer.getvalue()
