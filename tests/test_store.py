"""Plan store: versions never overwritten, reopen after a restart, concurrent saves all kept.

Every behaviour test runs on SQLite and on PostgreSQL. The PostgreSQL variant starts a throwaway
local server once per session (``initdb`` + ``pg_ctl`` into a temporary folder, on a free port
of 127.0.0.1, as the ``postgres`` user when running as root) and gives each test a fresh
database. Without the PostgreSQL server binaries or psycopg those tests are skipped, except
under ``CI=true``, where they fail: CI must really test PostgreSQL.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from staffing.errors import StaffingInputError
from staffing.store import STORE_ENV, EntryKind, Store, StoreBusyError, default_location

WEEK = date(2026, 11, 9)
ROSTER = pd.DataFrame(
    {
        "agent_id": ["A1", "A1", "B2"],
        "date": pd.to_datetime(["2026-11-11", "2026-11-11", "2026-11-11"]),
        "start": pd.to_datetime(
            ["2026-11-11 08:00:00", "2026-11-11 10:00:00", "2026-11-11 22:00:00"]
        ),
        "end": pd.to_datetime(
            ["2026-11-11 10:00:00", "2026-11-11 10:15:00", "2026-11-12 02:00:00"]
        ),
        "activity": ["work", "break", "work"],
        "channel": ["phone", "", "chat"],
        "vip_level": ["vip", "", "standard"],
    }
)
COVERAGE = pd.DataFrame(
    {
        "interval_start": pd.to_datetime(["2026-11-11 08:00:00", "2026-11-11 08:15:00"]),
        "channel": ["phone", "phone"],
        "vip_level": ["vip", "vip"],
        "required": [2, 1],
        "scheduled": [1, 1],
        "shortfall": [1, 0],
    }
)


def _postgres_bin_dir() -> Path | None:
    on_path = shutil.which("pg_ctl")
    if on_path is not None and shutil.which("initdb") is not None:
        return Path(on_path).parent
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return installed[-1].parent if installed else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True, kw_only=True)
class PostgresServer:
    """A throwaway PostgreSQL server; ``new_database`` gives each test an empty database."""

    port: int
    user: str
    password: str
    numbers: count

    def url(self, database: str, *, password: str | None = None) -> str:
        secret = self.password if password is None else password
        return f"postgresql://{self.user}:{secret}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        database = f"plans_{next(self.numbers)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {database}")
        return self.url(database)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = _postgres_bin_dir()
    as_root = os.geteuid() == 0
    missing = []
    if bin_dir is None:
        missing.append("the PostgreSQL server binaries (Debian: apt-get install postgresql)")
    if importlib.util.find_spec("psycopg") is None:
        missing.append('psycopg (pip install "psycopg[binary]")')
    if as_root and shutil.which("runuser") is None:
        missing.append("runuser, to run the server as a non-root user")
    if as_root:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            missing.append("a 'postgres' user to run the server as (root is refused)")
    if missing:
        reason = "PostgreSQL store tests need " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: PostgreSQL must be tested)", pytrace=False)
        pytest.skip(reason)
    assert bin_dir is not None
    folder = Path(tempfile.mkdtemp(prefix="staffing-pg-"))  # short: unix socket paths
    as_server = ["runuser", "-u", "postgres", "--"] if as_root else []
    password = "store-test-secret"
    (folder / "password").write_text(password + "\n", encoding="utf-8")
    if as_root:
        for path in (folder, folder / "password"):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    data, log = folder / "data", folder / "server.log"
    port = _free_port()

    def run(*command: str, check: bool = True) -> None:
        subprocess.run(
            [*as_server, *command], cwd=folder, check=check, capture_output=True, timeout=120
        )

    def stop_and_remove() -> None:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(folder, ignore_errors=True)

    try:
        run(
            str(bin_dir / "initdb"),
            "-D", str(data),
            "-U", "staffing",
            f"--pwfile={folder / 'password'}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--no-locale",
            "-E", "UTF8",
            "--no-sync",
        )  # fmt: skip
        run(
            str(bin_dir / "pg_ctl"),
            "-D", str(data),
            "-l", str(log),
            "-w", "-t", "60",
            "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off",
            "start",
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        shown = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        stop_and_remove()
        pytest.fail(
            f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')}\n{shown}",
            pytrace=False,
        )
    try:
        yield PostgresServer(port=port, user="staffing", password=password, numbers=count(1))
    finally:
        stop_and_remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A plan store location that does not exist yet: a SQLite file or a new PG database."""
    if request.param == "sqlite":
        return str(tmp_path / "nested" / "plans.sqlite")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


def _is_postgres(location: str) -> bool:
    return location.startswith("postgresql://")


def _execute_on(location: str, statement: str) -> None:
    """Run one statement on the store's database, behind the store's back."""
    if _is_postgres(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            connection.execute(statement)
    else:
        with closing(sqlite3.connect(location, isolation_level=None)) as connection:
            connection.execute(statement)


def test_versions_are_appended_never_overwritten(location: str) -> None:
    store = Store(location)
    first = store.publish(
        week_start=WEEK,
        roster=ROSTER,
        coverage=COVERAGE,
        kpis={"labour_cost": 1000.0},
        author="li",
        note="first cut",
    )
    changed = ROSTER.assign(channel=["chat", "", "chat"])
    second = store.publish(week_start=WEEK, roster=changed, kpis={"labour_cost": 900})
    assert (first.version, second.version) == (1, 2)
    assert first.name == second.name == "roster 2026-11-09"
    assert first.frame_names == ("coverage", "roster")
    reopened_first = store.open(EntryKind.PUBLISHED, first.name, 1)
    pd.testing.assert_frame_equal(reopened_first.frames["roster"], ROSTER)
    pd.testing.assert_frame_equal(reopened_first.frames["coverage"], COVERAGE)
    assert reopened_first.info.note == "first cut"
    assert reopened_first.info.author == "li"
    assert dict(reopened_first.info.kpis) == {"labour_cost": 1000.0}
    latest = store.open(EntryKind.PUBLISHED, first.name)
    assert latest.info.version == 2
    pd.testing.assert_frame_equal(latest.frames["roster"], changed)
    assert [i.version for i in store.versions("published", first.name)] == [1, 2]
    assert store.latest(EntryKind.PUBLISHED, week_start=WEEK).version == 2


def test_kinds_and_names_have_their_own_version_counters(location: str) -> None:
    store = Store(location)
    plan = store.save(EntryKind.PLAN, "Double 11", week_start=WEEK, frames={"roster": ROSTER})
    scenario = store.save(
        "scenario",
        "Double 11",
        week_start=WEEK,
        texts={"scenario.json": '{"volume_multiplier": 1.3}'},
        kpis={"service_level": 0.81},
    )
    other = store.save(EntryKind.PLAN, "Baseline", week_start=date(2026, 11, 16))
    assert (plan.version, scenario.version, other.version) == (1, 1, 1)
    assert store.open("scenario", "Double 11").texts == {
        "scenario.json": '{"volume_multiplier": 1.3}'
    }
    listed = store.entries()
    assert [(i.kind, i.name) for i in listed] == [
        (EntryKind.PLAN, "Baseline"),
        (EntryKind.SCENARIO, "Double 11"),
        (EntryKind.PLAN, "Double 11"),
    ]
    assert [i.name for i in store.entries(EntryKind.PLAN, week_start=WEEK)] == ["Double 11"]
    assert store.entries(EntryKind.PUBLISHED) == ()
    assert listed[1].text_names == ("scenario.json",)
    assert listed[2].frame_names == ("roster",)


def test_caller_frame_untouched_and_dtypes_kept(location: str) -> None:
    store = Store(location)
    frame = ROSTER.set_index("agent_id", drop=False)
    before = frame.copy()
    store.save(EntryKind.PLAN, "p", week_start=WEEK, frames={"roster": frame})
    pd.testing.assert_frame_equal(frame, before)
    back = store.open(EntryKind.PLAN, "p").frames["roster"]
    pd.testing.assert_frame_equal(back, ROSTER)
    assert back["start"].dtype == "datetime64[ns]"


def test_reopen_after_restart_in_new_process(location: str) -> None:
    store = Store(location)
    saved = store.publish(week_start=WEEK, roster=ROSTER, kpis={"shortfall": 3})
    del store
    again = Store(location)
    pd.testing.assert_frame_equal(again.open("published", saved.name).frames["roster"], ROSTER)
    script = textwrap.dedent(
        f"""
        import sys
        from staffing.store import Store
        store = Store({location!r})
        info = store.latest("published")
        entry = store.open("published", info.name)
        print(info.name, info.version, len(entry.frames["roster"]), info.kpis["shortfall"])
        print("psycopg" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    psycopg_imported = str(_is_postgres(location))  # lazily, only for a PostgreSQL URL
    assert result.stdout.split() == ["roster", "2026-11-09", "1", "3", "3.0", psycopg_imported]


def test_concurrent_saves_from_threads_all_kept(location: str) -> None:
    store = Store(location)
    n_threads, n_saves = 4, 10
    errors: list[BaseException] = []

    def save_many(worker: int) -> None:
        try:
            tab = Store(location) if worker % 2 else store  # shared and separate objects
            for i in range(n_saves):
                frame = pd.DataFrame({"worker": [worker], "i": [i]})
                tab.save(
                    EntryKind.PLAN,
                    "shared",
                    week_start=WEEK,
                    frames={"marker": frame},
                    kpis={"worker": worker, "i": i},
                )
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=save_many, args=(w,)) for w in range(n_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = store.versions(EntryKind.PLAN, "shared")
    assert [i.version for i in versions] == list(range(1, n_threads * n_saves + 1))
    saved = {(int(i.kpis["worker"]), int(i.kpis["i"])) for i in versions}
    assert saved == {(w, i) for w in range(n_threads) for i in range(n_saves)}
    for info in versions[:: n_saves - 1]:
        marker = store.open(EntryKind.PLAN, "shared", info.version).frames["marker"]
        assert (int(marker.loc[0, "worker"]), int(marker.loc[0, "i"])) == (
            int(info.kpis["worker"]),
            int(info.kpis["i"]),
        )


def test_concurrent_saves_from_processes_all_kept(location: str) -> None:
    Store(location)
    n_processes, n_saves = 3, 8
    script = textwrap.dedent(
        f"""
        import sys
        from datetime import date
        import pandas as pd
        from staffing.store import Store
        worker = int(sys.argv[1])
        store = Store({location!r})
        for i in range({n_saves}):
            store.publish(
                week_start=date(2026, 11, 9),
                roster=ROSTER,
                kpis={{"worker": worker, "i": i}},
            )
        """
    ).replace(
        "ROSTER",
        "pd.DataFrame({'agent_id': ['A1'], 'date': pd.to_datetime(['2026-11-11']), "
        "'start': pd.to_datetime(['2026-11-11 08:00']), "
        "'end': pd.to_datetime(['2026-11-11 12:00']), 'activity': ['work'], "
        "'channel': ['phone'], 'vip_level': [f'vip{worker}']})",
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, str(w)], stderr=subprocess.PIPE)
        for w in range(n_processes)
    ]
    for process in processes:
        _, err = process.communicate(timeout=180)
        assert process.returncode == 0, err.decode()
    store = Store(location)
    versions = store.versions(EntryKind.PUBLISHED, "roster 2026-11-09")
    assert [i.version for i in versions] == list(range(1, n_processes * n_saves + 1))
    saved = {(int(i.kpis["worker"]), int(i.kpis["i"])) for i in versions}
    assert saved == {(w, i) for w in range(n_processes) for i in range(n_saves)}
    for info in versions:
        roster = store.open(EntryKind.PUBLISHED, info.name, info.version).frames["roster"]
        assert roster.loc[0, "vip_level"] == f"vip{int(info.kpis['worker'])}"


def test_location_from_environment_and_url(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STORE_ENV, location)
    assert default_location() == location
    Store().save(EntryKind.PLAN, "from env", week_start=WEEK)
    assert [i.name for i in Store(location).entries()] == ["from env"]
    monkeypatch.delenv(STORE_ENV)
    assert default_location().endswith(".staffing/plans.sqlite")
    if not _is_postgres(location):
        url_store = Store(f"sqlite:///{tmp_path}/url.sqlite")
        url_store.save(EntryKind.PLAN, "from url", week_start=WEEK)
        assert [i.name for i in Store(tmp_path / "url.sqlite").entries()] == ["from url"]


def test_newer_schema_is_refused(location: str) -> None:
    Store(location)
    _execute_on(
        location, "UPDATE store_meta SET meta_value = '99' WHERE meta_key = 'schema_version'"
    )
    with pytest.raises(StaffingInputError, match="newer version"):
        Store(location)


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        (
            "CREATE TABLE invoices (id INTEGER)",
            r"it is not a plan store \(it holds the tables invoices\)",
        ),
        ("CREATE TABLE entries (kind TEXT)", "another program's database, or a store too old"),
    ],
)
def test_a_file_that_is_not_a_plan_store_is_left_as_it_was(
    tmp_path: Path, statement: str, words: str
) -> None:
    path = tmp_path / "other.sqlite"
    _execute_on(str(path), statement)
    before = path.read_bytes()
    with pytest.raises(StaffingInputError, match=words):
        Store(str(path))
    assert path.read_bytes() == before  # no tables added, journal mode unchanged


@pytest.mark.parametrize("version", ["0", "1.1"])
def test_a_schema_version_this_program_does_not_read_is_refused(
    location: str, version: str
) -> None:
    Store(location)
    _execute_on(
        location,
        f"UPDATE store_meta SET meta_value = '{version}' WHERE meta_key = 'schema_version'",
    )
    with pytest.raises(StaffingInputError, match=f"schema version '{version}' is not one"):
        Store(location)


def test_busy_database_is_a_clear_error(location: str) -> None:
    store = Store(location, timeout_s=0.3)
    holder: Any
    if _is_postgres(location):
        import psycopg

        holder = psycopg.connect(location, autocommit=True)
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE entries IN EXCLUSIVE MODE")  # readers still pass
    else:
        holder = sqlite3.connect(location, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    with closing(holder):
        started = time.monotonic()
        with pytest.raises(StoreBusyError, match=r"locked by other saves for more than 0.3 s"):
            store.save(EntryKind.PLAN, "blocked", week_start=WEEK)
        assert time.monotonic() - started < 10
        assert store.entries() == ()
        holder.execute("ROLLBACK")
    assert store.save(EntryKind.PLAN, "blocked", week_start=WEEK).version == 1
    assert issubclass(StoreBusyError, StaffingInputError)


def test_saves_that_waited_for_the_lock_list_newest_version_first(tmp_path: Path) -> None:
    """Two publishes of one week queue behind another writer: whichever gets the lock first
    is version 1, and the newest listed (and ``latest``) is version 2."""
    location = str(tmp_path / "plans.sqlite")
    stores = [Store(location, timeout_s=20) for _ in range(2)]
    holder = sqlite3.connect(location, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    threads = [
        threading.Thread(target=s.publish, kwargs={"week_start": WEEK, "roster": ROSTER})
        for s in stores
    ]
    for thread in threads:
        thread.start()
        time.sleep(0.3)
    holder.execute("ROLLBACK")
    holder.close()
    for thread in threads:
        thread.join(timeout=20)
    listed = stores[0].entries(EntryKind.PUBLISHED)
    assert [i.version for i in listed] == [2, 1]
    assert listed[0].created_at > listed[1].created_at
    assert stores[1].latest(EntryKind.PUBLISHED, week_start=WEEK).version == 2


def test_names_are_looked_up_as_they_were_saved(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "plans.sqlite"))
    store.save(EntryKind.SCENARIO, "Double 11 ", week_start=WEEK)
    assert [i.name for i in store.versions(EntryKind.SCENARIO, " Double 11")] == ["Double 11"]
    assert len(store.entries(name="Double 11  ")) == 1
    assert store.open(EntryKind.SCENARIO, "Double 11 ").info.version == 1


def test_bad_locations_and_parameters(tmp_path: Path) -> None:
    with pytest.raises(StaffingInputError, match="folder"):
        Store(tmp_path)
    with pytest.raises(StaffingInputError, match="restart"):
        Store(":memory:")
    with pytest.raises(StaffingInputError, match="unknown kind of database URL"):
        Store("mysql://user:secret@db.example/plans")
    not_db = tmp_path / "notes.sqlite"
    not_db.write_text("this is not a database " * 100, encoding="utf-8")
    with pytest.raises(StaffingInputError, match="not a plan store"):
        Store(not_db)
    store = Store(tmp_path / "ok.sqlite")
    with pytest.raises(StaffingInputError, match="'kind'"):
        store.save("draft", "x", week_start=WEEK)
    with pytest.raises(StaffingInputError, match="'name'"):
        store.save(EntryKind.PLAN, "  ", week_start=WEEK)
    with pytest.raises(StaffingInputError, match="KPI"):
        store.save(EntryKind.PLAN, "x", week_start=WEEK, kpis={"cost": float("nan")})
    with pytest.raises(StaffingInputError, match="week_start"):
        store.save(EntryKind.PLAN, "x", week_start="2026-11-09")  # type: ignore[arg-type]
    with pytest.raises(StaffingInputError, match="versions: none"):
        store.open(EntryKind.PLAN, "missing")
    store.save(EntryKind.PLAN, "x", week_start=WEEK)
    with pytest.raises(StaffingInputError, match=r"version 5 .*versions: 1\)"):
        store.open(EntryKind.PLAN, "x", 5)
    with pytest.raises(StaffingInputError, match="unknown activity"):
        store.publish(week_start=WEEK, roster=ROSTER.assign(activity="nap"))
    assert [i.name for i in store.entries()] == ["x"]  # failed saves left nothing behind


def test_postgres_without_psycopg_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    with pytest.raises(StaffingInputError, match=r"needs the psycopg package.*pip install") as exc:
        Store("postgresql://planner:s3cret@db.example:5432/plans")
    assert "s3cret" not in str(exc.value)


def test_postgres_connection_problems_are_clear(postgres_server: PostgresServer) -> None:
    server = postgres_server
    cases = {
        server.url("postgres", password="wrong-secret"): "refused the user name or password",
        server.url("no_such_db"): r'database "no_such_db" does not exist',
        server.url("plans").replace(str(server.port), str(_free_port())): "cannot reach",
        server.url("plans").replace(str(server.port), "port"): "not a valid PostgreSQL URL",
        server.url("plans") + "?no_such_option=1": "not a valid PostgreSQL URL",
        "postgresql:plans": "must start with postgresql://",
    }
    for url, expected in cases.items():
        with pytest.raises(StaffingInputError, match=expected) as exc:
            Store(url, timeout_s=2)
        message = str(exc.value)
        assert "Fix:" in message
        assert "wrong-secret" not in message
        assert server.password not in message
    store = Store(server.new_database())
    assert server.password not in repr(store)
