"""The plan store: plans, scenarios and published rosters, versioned, in a local database.

Every save adds a new version of an entry (kind + name); nothing is ever overwritten, so a
published roster stays exactly as it was handed out. An entry version holds metadata (week,
created_at, author, note, KPIs), named frames (stored as Parquet, so dtypes survive) and named
text documents (a scenario's definition, the rules used, ...).

Where the data lives: ``Store(location)`` with a file path, a SQLAlchemy-style SQLite URL
(``sqlite:///relative.sqlite``, ``sqlite:////absolute/plans.sqlite``) or a PostgreSQL URL
(``postgresql://user:password@host:5432/database``, libpq query parameters such as
``?sslmode=require`` allowed) for a team sharing one database; without a location, the
``STAFFING_STORE`` environment variable, else ``~/.staffing/plans.sqlite``. PostgreSQL needs
``psycopg`` (``pip install "psycopg[binary]"``), imported only when such a URL is used.

Both databases run the same SQL (standard types and statements, ``?`` parameters passed through
the backend's ``sql``) and the same logic; a backend class only says how to connect, how a write
transaction starts and takes its lock, the blob column type, and what a database error means.

Concurrency: each operation opens its own connection, so a ``Store`` can be shared by threads
(Streamlit sessions) and processes. A version number is allocated (``MAX(version) + 1``) inside
the write transaction that inserts it, after that transaction holds a lock covering the entry:

- SQLite: ``BEGIN IMMEDIATE`` takes the database's single write lock (WAL mode, so readers are
  not blocked), waiting up to ``timeout_s``;
- PostgreSQL: ``pg_advisory_xact_lock`` on a 64-bit hash of (kind, name), released by the
  commit or rollback. Saves of the same entry queue up; saves of other entries run in
  parallel; nothing extra lives in the schema; a hash collision only makes two entries queue
  behind each other. ``lock_timeout`` bounds the wait to ``timeout_s``.

The primary key (kind, name, version) is the safety net under both: a clash rolls the save back
and it allocates again, never a lost or overwritten save. A lock still held after ``timeout_s``
raises ``StoreBusyError``; an unreachable server, a bad URL or a wrong password raise
``StaffingInputError`` saying what to fix.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol
from urllib.parse import urlsplit

import pandas as pd

from staffing.errors import Problem, StaffingInputError, parameter_error
from staffing.i18n import Message, msg

STORE_ENV = "STAFFING_STORE"
DEFAULT_STORE_PATH = Path("~/.staffing/plans.sqlite")
SCHEMA_VERSION = 1
MAX_NAME_CHARS = 200
MAX_CONNECT_TIMEOUT_S = 10
POSTGRES_URL_FORM = "postgresql://user:password@host:5432/database"
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


class StoreBusyError(StaffingInputError):
    """Other saves kept the plan store locked for longer than the store's ``timeout_s``."""


class _VersionClash(Exception):
    """A concurrent save inserted the version number this one allocated: allocate again."""


def default_location() -> str:
    """``STAFFING_STORE`` when set, else ``~/.staffing/plans.sqlite``."""
    return os.environ.get(STORE_ENV) or str(DEFAULT_STORE_PATH.expanduser())


#: The store's own tables besides store_meta.
_STORE_TABLES = frozenset({"entries", "entry_frames", "entry_texts"})


def _schema(blob_type: str) -> tuple[str, ...]:
    return (
        "CREATE TABLE IF NOT EXISTS store_meta ("
        " meta_key TEXT NOT NULL PRIMARY KEY, meta_value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS entries ("
        " kind TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,"
        " week_start TEXT NOT NULL, created_at TEXT NOT NULL, author TEXT NOT NULL,"
        " note TEXT NOT NULL, kpis_json TEXT NOT NULL,"
        " PRIMARY KEY (kind, name, version))",
        "CREATE TABLE IF NOT EXISTS entry_frames ("
        " kind TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,"
        f" frame_name TEXT NOT NULL, n_rows INTEGER NOT NULL, parquet {blob_type} NOT NULL,"
        " PRIMARY KEY (kind, name, version, frame_name))",
        "CREATE TABLE IF NOT EXISTS entry_texts ("
        " kind TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,"
        " text_name TEXT NOT NULL, body TEXT NOT NULL,"
        " PRIMARY KEY (kind, name, version, text_name))",
        "CREATE INDEX IF NOT EXISTS entries_by_week ON entries (week_start, created_at)",
    )


class _Cursor(Protocol):
    def execute(self, statement: str, parameters: Sequence[Any], /) -> Any: ...

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]], /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class _Connection(Protocol):
    def cursor(self) -> Any: ...

    def close(self) -> None: ...


class _Backend(Protocol):
    """What differs between databases; everything else in ``Store`` is shared."""

    description: str
    errors: tuple[type[Exception], ...]
    schema: tuple[str, ...]

    def connect(self) -> _Connection: ...

    def prepare(self, cursor: _Cursor) -> None: ...

    def begin_write(self, cursor: _Cursor, lock_name: str) -> None: ...

    tables_sql: str  # lists the database's tables
    shared_database: bool  # may hold other programs' tables

    def sql(self, statement: str) -> str: ...

    def problem(self, exc: Exception) -> Exception: ...


class _SqliteBackend:
    """A SQLite file: WAL mode, busy timeout, ``BEGIN IMMEDIATE`` for every write."""

    errors: tuple[type[Exception], ...] = (sqlite3.Error,)
    schema = _schema("BLOB")

    def __init__(self, path: Path, timeout_s: float) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self.description = str(path)

    def connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise _location_error(
                self.description, msg("cannot open it ({reason})", reason=str(exc))
            ) from None
        connection.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
        return connection

    tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    shared_database = False

    def prepare(self, cursor: _Cursor) -> None:
        if cursor.execute("PRAGMA journal_mode", ()).fetchone()[0] != "wal":
            cursor.execute("PRAGMA journal_mode = WAL", ())
        cursor.execute("PRAGMA synchronous = NORMAL", ())

    def begin_write(self, cursor: _Cursor, lock_name: str) -> None:
        # the one database-wide write lock covers every entry
        cursor.execute("BEGIN IMMEDIATE", ())

    def sql(self, statement: str) -> str:
        return statement

    def problem(self, exc: Exception) -> Exception:
        if isinstance(exc, sqlite3.IntegrityError):
            return _VersionClash()
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return _busy_error(self.description, self.timeout_s)
        if isinstance(exc, sqlite3.OperationalError):
            return _location_error(
                self.description, msg("cannot use it ({reason})", reason=str(exc))
            )
        return _location_error(
            self.description, msg("not a plan store database ({reason})", reason=str(exc))
        )


class _PostgresBackend:
    """A PostgreSQL database shared by a team: one advisory lock per entry for every save."""

    schema = _schema("BYTEA")

    def __init__(self, url: str, timeout_s: float) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.description = _without_password(url)
        try:
            import psycopg
        except ImportError:
            raise StaffingInputError(
                Problem(
                    message=msg(
                        "the plan store at {location} is a PostgreSQL database, "
                        "which needs the psycopg package",
                        location=self.description,
                    ),
                    fix=msg('install it: pip install "psycopg[binary]"'),
                )
            ) from None
        self._psycopg = psycopg
        self.errors: tuple[type[Exception], ...] = (psycopg.Error,)
        try:
            urlsplit(url).port  # noqa: B018 - raises on a port that is not a number
            settings = psycopg.conninfo.conninfo_to_dict(url)
        except (ValueError, psycopg.Error) as exc:
            raise _url_error(self.description, _first_line(exc)) from None
        self._extra: dict[str, Any] = {}
        if "connect_timeout" not in settings:
            self._extra["connect_timeout"] = max(
                2, math.ceil(min(timeout_s, MAX_CONNECT_TIMEOUT_S))
            )

    def connect(self) -> _Connection:
        try:
            return self._psycopg.connect(self.url, autocommit=True, **self._extra)
        except self._psycopg.Error as exc:
            raise self._connect_error(exc) from None

    tables_sql = (
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    shared_database = True

    def prepare(self, cursor: _Cursor) -> None:
        return None

    def begin_write(self, cursor: _Cursor, lock_name: str) -> None:
        cursor.execute("BEGIN", ())
        cursor.execute(f"SET LOCAL lock_timeout = {max(1, int(self.timeout_s * 1000))}", ())
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(lock_name)])

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    def problem(self, exc: Exception) -> Exception:
        sqlstate = getattr(exc, "sqlstate", None)
        if sqlstate == "23505":  # unique_violation
            return _VersionClash()
        if sqlstate in ("55P03", "40P01"):  # lock_not_available, deadlock_detected
            return _busy_error(self.description, self.timeout_s)
        if isinstance(exc, self._psycopg.OperationalError):
            return _location_error(
                self.description, msg("lost the server ({reason})", reason=_first_line(exc))
            )
        if sqlstate == "42501":  # insufficient_privilege
            return StaffingInputError(
                Problem(
                    message=msg(
                        "the plan store at {location}: {what}",
                        location=self.description,
                        what=_first_line(exc),  # the server's own words
                    ),
                    fix=msg(
                        "connect as the database's owner once (it creates the tables), or "
                        "grant this user CREATE on the schema and read/write on the plan "
                        "store's tables"
                    ),
                )
            )
        reason = _first_line(exc)
        if sqlstate in ("42P01", "42703"):  # undefined_table, undefined_column
            return _location_error(
                self.description, msg("not a plan store database ({reason})", reason=reason)
            )
        return _location_error(
            self.description, msg("the server refused the operation ({reason})", reason=reason)
        )

    def _connect_error(self, exc: Exception) -> StaffingInputError:
        text = str(exc)
        reason = _first_line(exc).rsplit(" failed: ", 1)[-1].removeprefix("FATAL:").strip()
        if "password" in text:
            what, fix = (
                msg("the server refused the user name or password ({reason})", reason=reason),
                msg("correct the user and password in the URL (or in {env})", env=STORE_ENV),
            )
        elif "does not exist" in text:
            what, fix = (
                msg("the server refused the connection ({reason})", reason=reason),
                msg("create it first (e.g. createdb) or correct the URL"),
            )
        else:
            what, fix = (
                msg("cannot reach the server ({reason})", reason=reason),
                msg(
                    "check that the PostgreSQL server is running and that host and port in "
                    "the URL are right"
                ),
            )
        return StaffingInputError(
            Problem(
                message=msg(
                    "the plan store at {location}: {what}", location=self.description, what=what
                ),
                fix=fix,
            )
        )


def _lock_key(lock_name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_xact_lock``."""
    digest = hashlib.blake2b(f"staffing.store\0{lock_name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _without_password(url: str) -> str:
    hidden = re.sub(r"(://[^:/@?]*):[^@/?]*@", r"\1:***@", url)
    return re.sub(r"(password=)[^&]*", r"\1***", hidden)


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def _location_error(location: str, what: Message) -> StaffingInputError:
    """The store at ``location`` cannot be used; ``what``: why, a whole clause."""
    return StaffingInputError(
        Problem(
            message=msg("the plan store at {location}: {what}", location=location, what=what),
            fix=msg(
                "give a writable file path or a PostgreSQL URL (or set {env}), e.g. "
                "~/.staffing/plans.sqlite or {url}",
                env=STORE_ENV,
                url=POSTGRES_URL_FORM,
            ),
        )
    )


def _url_error(location: str, what: str) -> StaffingInputError:
    """``what``: the driver's own words, or a :func:`msg` clause."""
    return StaffingInputError(
        Problem(
            message=msg(
                "the plan store URL {location} is not a valid PostgreSQL URL ({what})",
                location=location,
                what=what,
            ),
            fix=msg("write it as {url}", url=POSTGRES_URL_FORM),
        )
    )


def _busy_error(location: str, timeout_s: float) -> StoreBusyError:
    return StoreBusyError(
        Problem(
            message=msg(
                "the plan store at {location} stayed locked by other saves for more "
                "than {timeout_s:g} s",
                location=location,
                timeout_s=timeout_s,
            ),
            fix=msg(
                "try again in a moment; if it keeps happening, look for a program holding "
                "the database open in a transaction, or give the Store a longer timeout_s"
            ),
        )
    )


def _backend_for(location: str | os.PathLike[str], timeout_s: float) -> _Backend:
    text = os.fspath(location)
    if text.startswith(("postgresql:", "postgres:")):
        if not text.startswith(("postgresql://", "postgres://")):
            raise _url_error(_without_password(text), msg("it must start with postgresql://"))
        return _PostgresBackend(text, timeout_s)
    if text.startswith("sqlite:///"):
        # as in SQLAlchemy: sqlite:///relative.sqlite, sqlite:////absolute/path.sqlite
        text = text.removeprefix("sqlite:///")
    elif "://" in text:
        raise _location_error(_without_password(text), msg("unknown kind of database URL"))
    if text in ("", ":memory:"):
        raise _location_error(text or "''", msg("an in-memory database does not survive a restart"))
    path = Path(text).expanduser()
    if path.is_dir():
        raise _location_error(text, msg("it is a folder, not a file"))
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
        self._timeout_s = timeout_s
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
        for attempt in range(1, _SAVE_ATTEMPTS + 1):
            try:
                version, created_at = self._insert(
                    chosen, name, week, author, note, kpi_values, blobs, bodies
                )
                break
            except _VersionClash:
                if attempt == _SAVE_ATTEMPTS:
                    raise _busy_error(self._backend.description, self._timeout_s) from None
                time.sleep(0.01 * attempt)
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
            parameters.append(name.strip())  # as saved
        if week_start is not None:
            clauses.append("e.week_start = ?")
            parameters.append(_check_week(week_start).isoformat())
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._infos(where, parameters, "ORDER BY e.created_at DESC, e.version DESC")

    def versions(self, kind: EntryKind | str, name: str) -> tuple[EntryInfo, ...]:
        """Every version of one entry, oldest first."""
        return self._infos(
            " WHERE e.kind = ? AND e.name = ?",
            [_kind(kind).value, name.strip()],  # as saved
            "ORDER BY e.version ASC",
        )

    def latest(self, kind: EntryKind | str, *, week_start: date | None = None) -> EntryInfo:
        """The most recently saved version of a kind (e.g. the last published roster)."""
        found = self.entries(kind, week_start=week_start)
        if not found:
            where = {"kind": _kind(kind).value, "location": self._backend.description}
            raise StaffingInputError(
                Problem(
                    message=msg(
                        "nothing of kind '{kind}' is saved in the plan store {location}", **where
                    )
                    if week_start is None
                    else msg(
                        "nothing of kind '{kind}' is saved for the week of {week} "
                        "in the plan store {location}",
                        week=week_start,
                        **where,
                    ),
                    fix=msg("save or publish one first"),
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
            have = ", ".join(str(i.version) for i in found) or msg("none")
            entry = {
                "kind": chosen.value,
                "name": name,
                "location": self._backend.description,
                "have": have,
            }
            raise StaffingInputError(
                Problem(
                    message=msg(
                        "no saved {kind} '{name}' in the plan store {location} (versions: {have})",
                        **entry,
                    )
                    if version is None
                    else msg(
                        "no saved {kind} '{name}' version {version} in the plan store "
                        "{location} (versions: {have})",
                        version=version,
                        **entry,
                    ),
                    fix=msg("pick one of the entries listed by the store"),
                )
            )
        info = matching[-1]
        key = [info.kind.value, info.name, info.version]
        with self._cursor() as cursor:
            cursor.execute(
                self._backend.sql(
                    "SELECT frame_name, parquet FROM entry_frames "
                    "WHERE kind = ? AND name = ? AND version = ?"
                ),
                key,
            )
            frame_rows = sorted(cursor.fetchall())
            cursor.execute(
                self._backend.sql(
                    "SELECT text_name, body FROM entry_texts "
                    "WHERE kind = ? AND name = ? AND version = ?"
                ),
                key,
            )
            text_rows = sorted(cursor.fetchall())
        frames = {
            frame_name: pd.read_parquet(io.BytesIO(bytes(blob))) for frame_name, blob in frame_rows
        }
        return StoredEntry(
            info=info,
            frames=MappingProxyType(frames),
            texts=MappingProxyType(dict(text_rows)),
        )

    # internals ---------------------------------------------------------------------------

    @contextmanager
    def _cursor(self) -> Iterator[_Cursor]:
        """A cursor on a fresh connection; database errors come out as store errors."""
        backend = self._backend
        try:
            with closing(backend.connect()) as connection:
                yield connection.cursor()
        except backend.errors as exc:
            raise backend.problem(exc) from None

    @contextmanager
    def _write(self, lock_name: str) -> Iterator[_Cursor]:
        """A write transaction holding the lock for ``lock_name``: committed, or rolled back."""
        with self._cursor() as cursor:
            self._backend.begin_write(cursor, lock_name)
            try:
                yield cursor
                cursor.execute("COMMIT", ())
            except BaseException:
                with suppress(*self._backend.errors):
                    cursor.execute("ROLLBACK", ())
                raise

    def _create_schema(self) -> None:
        sql = self._backend.sql
        with self._cursor() as cursor:
            cursor.execute(self._backend.tables_sql, ())
            tables = {str(row[0]) for row in cursor.fetchall()}
            # Checked before anything is written. A PostgreSQL database may hold other
            # programs' tables beside the store's; a SQLite file is the store's alone.
            clash = tables & _STORE_TABLES if self._backend.shared_database else tables
            if clash and "store_meta" not in tables:
                raise _location_error(
                    self._backend.description,
                    msg(
                        "it is not a plan store (it holds the tables {tables}): "
                        "another program's database, or a store too old to read",
                        tables=", ".join(sorted(clash)),
                    ),
                )
            self._backend.prepare(cursor)
        with self._write("schema") as cursor:
            for statement in self._backend.schema:
                cursor.execute(statement, ())
            cursor.execute(
                sql("SELECT meta_value FROM store_meta WHERE meta_key = ?"), ["schema_version"]
            )
            row = cursor.fetchone()
            if row is None:
                cursor.execute(
                    sql("INSERT INTO store_meta (meta_key, meta_value) VALUES (?, ?)"),
                    ["schema_version", str(SCHEMA_VERSION)],
                )
            elif not str(row[0]).isdigit() or not 1 <= int(row[0]) <= SCHEMA_VERSION:
                newer = str(row[0]).isdigit() and int(row[0]) > SCHEMA_VERSION
                raise _location_error(
                    self._backend.description,
                    msg(
                        "it was written by a newer version (schema {schema}, this program "
                        "reads up to {latest})",
                        schema=row[0],
                        latest=SCHEMA_VERSION,
                    )
                    if newer
                    else msg(
                        "its schema version '{schema}' is not one this program reads "
                        "(1 to {latest})",
                        schema=row[0],
                        latest=SCHEMA_VERSION,
                    ),
                )

    def _insert(
        self,
        kind: EntryKind,
        name: str,
        week: date,
        author: str,
        note: str,
        kpis: dict[str, float],
        blobs: dict[str, tuple[int, bytes]],
        bodies: dict[str, str],
    ) -> tuple[int, datetime]:
        """The new version and its time, both taken under the write lock, so the newest by
        time is also the newest by version."""
        sql = self._backend.sql
        with self._write(f"entry\0{kind.value}\0{name}") as cursor:
            created_at = datetime.now(UTC)
            cursor.execute(
                sql(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM entries WHERE kind = ? AND name = ?"
                ),
                [kind.value, name],
            )
            (version,) = cursor.fetchone()
            cursor.execute(
                sql(
                    "INSERT INTO entries (kind, name, version, week_start, created_at, "
                    "author, note, kpis_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                [
                    kind.value,
                    name,
                    version,
                    week.isoformat(),
                    created_at.isoformat(timespec="microseconds"),
                    author,
                    note,
                    json.dumps(kpis, sort_keys=True),
                ],
            )
            cursor.executemany(
                sql(
                    "INSERT INTO entry_frames (kind, name, version, frame_name, n_rows, "
                    "parquet) VALUES (?, ?, ?, ?, ?, ?)"
                ),
                [
                    [kind.value, name, version, frame_name, n_rows, blob]
                    for frame_name, (n_rows, blob) in blobs.items()
                ],
            )
            cursor.executemany(
                sql(
                    "INSERT INTO entry_texts (kind, name, version, text_name, body) "
                    "VALUES (?, ?, ?, ?, ?)"
                ),
                [
                    [kind.value, name, version, text_name, body]
                    for text_name, body in bodies.items()
                ],
            )
        return int(version), created_at

    def _infos(self, where: str, parameters: Sequence[object], order: str) -> tuple[EntryInfo, ...]:
        sql = self._backend.sql
        join = "JOIN entries e ON e.kind = x.kind AND e.name = x.name AND e.version = x.version"
        with self._cursor() as cursor:
            cursor.execute(
                sql(
                    "SELECT e.kind, e.name, e.version, e.week_start, e.created_at, e.author, "
                    f"e.note, e.kpis_json FROM entries e{where} {order}"
                ),
                parameters,
            )
            rows = cursor.fetchall()
            frame_names, text_names = (
                self._item_names(cursor, table, column, join + where, parameters)
                for table, column in (("entry_frames", "frame_name"), ("entry_texts", "text_name"))
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

    def _item_names(
        self,
        cursor: _Cursor,
        table: str,
        column: str,
        join_where: str,
        parameters: Sequence[object],
    ) -> dict[tuple[str, str, int], tuple[str, ...]]:
        """The frame or text names of each (kind, name, version) the entries query selects."""
        cursor.execute(
            self._backend.sql(
                f"SELECT x.kind, x.name, x.version, x.{column} FROM {table} x {join_where}"
            ),
            parameters,
        )
        return _names_by_key(cursor.fetchall())


def _names_by_key(rows: list[Any]) -> dict[tuple[str, str, int], tuple[str, ...]]:
    names: dict[tuple[str, str, int], list[str]] = {}
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
