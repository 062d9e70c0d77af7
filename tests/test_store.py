"""Plan store: versions never overwritten, reopen after a restart, concurrent saves all kept."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from staffing.errors import StaffingInputError
from staffing.store import STORE_ENV, EntryKind, Store, default_location

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


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "plans.sqlite"


def test_versions_are_appended_never_overwritten(store_path: Path) -> None:
    store = Store(store_path)
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


def test_kinds_and_names_have_their_own_version_counters(store_path: Path) -> None:
    store = Store(store_path)
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


def test_caller_frame_untouched_and_dtypes_kept(store_path: Path) -> None:
    store = Store(store_path)
    frame = ROSTER.set_index("agent_id", drop=False)
    before = frame.copy()
    store.save(EntryKind.PLAN, "p", week_start=WEEK, frames={"roster": frame})
    pd.testing.assert_frame_equal(frame, before)
    back = store.open(EntryKind.PLAN, "p").frames["roster"]
    pd.testing.assert_frame_equal(back, ROSTER)
    assert back["start"].dtype == "datetime64[ns]"


def test_reopen_after_restart_in_new_process(store_path: Path) -> None:
    store = Store(store_path)
    saved = store.publish(week_start=WEEK, roster=ROSTER, kpis={"shortfall": 3})
    del store
    again = Store(store_path)
    pd.testing.assert_frame_equal(again.open("published", saved.name).frames["roster"], ROSTER)
    script = textwrap.dedent(
        f"""
        from staffing.store import Store
        store = Store({str(store_path)!r})
        info = store.latest("published")
        entry = store.open("published", info.name)
        print(info.name, info.version, len(entry.frames["roster"]), info.kpis["shortfall"])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["roster", "2026-11-09", "1", "3", "3.0"]


def test_concurrent_saves_from_threads_all_kept(store_path: Path) -> None:
    store = Store(store_path)
    n_threads, n_saves = 4, 10
    errors: list[BaseException] = []

    def save_many(worker: int) -> None:
        try:
            tab = Store(store_path) if worker % 2 else store  # shared and separate objects
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


def test_concurrent_saves_from_processes_all_kept(store_path: Path) -> None:
    Store(store_path)
    n_processes, n_saves = 3, 8
    script = textwrap.dedent(
        f"""
        import sys
        from datetime import date
        import pandas as pd
        from staffing.store import Store
        worker = int(sys.argv[1])
        store = Store({str(store_path)!r})
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
    store = Store(store_path)
    versions = store.versions(EntryKind.PUBLISHED, "roster 2026-11-09")
    assert [i.version for i in versions] == list(range(1, n_processes * n_saves + 1))
    saved = {(int(i.kpis["worker"]), int(i.kpis["i"])) for i in versions}
    assert saved == {(w, i) for w in range(n_processes) for i in range(n_saves)}
    for info in versions:
        roster = store.open(EntryKind.PUBLISHED, info.name, info.version).frames["roster"]
        assert roster.loc[0, "vip_level"] == f"vip{int(info.kpis['worker'])}"


def test_location_from_environment_and_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env.sqlite"))
    assert default_location() == str(tmp_path / "env.sqlite")
    Store().save(EntryKind.PLAN, "from env", week_start=WEEK)
    assert (tmp_path / "env.sqlite").exists()
    url_store = Store(f"sqlite:///{tmp_path}/url.sqlite")
    url_store.save(EntryKind.PLAN, "from url", week_start=WEEK)
    assert [i.name for i in Store(tmp_path / "url.sqlite").entries()] == ["from url"]
    monkeypatch.delenv(STORE_ENV)
    assert default_location().endswith(".staffing/plans.sqlite")


def test_bad_locations_and_parameters(tmp_path: Path) -> None:
    with pytest.raises(StaffingInputError, match="PostgreSQL"):
        Store("postgresql://user:secret@db.example/plans")
    with pytest.raises(StaffingInputError, match="folder"):
        Store(tmp_path)
    with pytest.raises(StaffingInputError, match="restart"):
        Store(":memory:")
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


def test_newer_schema_is_refused(store_path: Path) -> None:
    import sqlite3

    Store(store_path)
    with sqlite3.connect(store_path) as connection:
        connection.execute(
            "UPDATE store_meta SET meta_value = '99' WHERE meta_key = 'schema_version'"
        )
    with pytest.raises(StaffingInputError, match="newer version"):
        Store(store_path)
