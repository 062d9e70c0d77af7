"""The whole pipeline on a small center: ``plan_week``, ``write_plan`` and ``staffing plan``."""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import staffing.export
from staffing.cli import main
from staffing.dataset import load_dataset
from staffing.errors import StaffingInputError
from staffing.pipeline import PlanSettings, plan_week, write_plan
from staffing.requirements import FORECAST_COLUMNS, read_forecast, read_requirements
from staffing.roster.io import read_roster, write_roster
from staffing.sample import PLANNING_WEEK, write_sample

WEEK = f"{PLANNING_WEEK:%Y-%m-%d}"


@pytest.fixture(scope="module")
def small_center(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample center shrunk to 30 agents: 15% of its contacts, the last 12 weeks."""
    out = tmp_path_factory.mktemp("small_center")
    write_sample(out, n_agents=30)
    history = pd.read_csv(out / "history.csv", parse_dates=["interval_start"])
    history = history[history["interval_start"] >= PLANNING_WEEK - pd.Timedelta(weeks=12)]
    rng = np.random.default_rng(7)
    history = history.assign(volume=rng.binomial(history["volume"].to_numpy(), 0.15))
    history["aht_s"] = history["aht_s"].where(history["volume"] > 0)
    history.to_csv(out / "history.csv", index=False, date_format="%Y-%m-%d %H:%M:%S")
    return out


@pytest.fixture(scope="module")
def plan(small_center: Path):
    dataset = load_dataset(small_center)
    stages: list[str] = []
    result = plan_week(
        dataset,
        WEEK,
        PlanSettings(time_limit_s=20, replications=1),
        on_stage=lambda stage, message: stages.append(stage),
    )
    return dataset, result, stages


def test_every_stage_runs_in_order(plan) -> None:
    _, result, stages = plan
    assert stages == ["forecast", "requirements", "roster", "simulation"]
    assert [t.stage for t in result.timings] == stages
    week = pd.date_range(WEEK, periods=7, freq="D")
    assert result.forecast["interval_start"].dt.normalize().isin(week).all()
    assert result.requirements["required_agents"].sum() > 0


def test_roster_passes_the_independent_check_and_is_priced(plan) -> None:
    dataset, result, _ = plan
    roster = result.roster
    assert roster.check.ok
    assert roster.labour_cost == pytest.approx(roster.check.cost, rel=1e-6)
    assert 0.0 <= roster.gap <= 1.0
    assert set(roster.roster["agent_id"]) <= {a.agent_id for a in dataset.agents}
    assert "rule check passed" in result.summary()
    for line in roster.remarks():  # notes and preferences, as `staffing roster` prints them
        assert f"  {line}" in result.summary()
    assert dataclasses.replace(roster, notes=("raise the time limit",)).remarks()[-1] == (
        "Note: raise the time limit"
    )


def test_write_plan_writes_every_file_readably(plan, tmp_path: Path) -> None:
    dataset, result, _ = plan
    written = write_plan(result, dataset, tmp_path)
    assert {p.name for p in written} == {
        "forecast.csv",
        "requirements.csv",
        "roster.csv",
        "coverage.csv",
        "simulation.csv",
        "report.json",
        "roster.xlsx",
        "calendars.zip",
    }
    pd.testing.assert_frame_equal(
        read_roster(tmp_path / "roster.csv").reset_index(drop=True),
        result.roster.roster.sort_values(["agent_id", "start"]).reset_index(drop=True),
        check_like=True,
    )

    def strict(constant: str) -> None:  # NaN, Infinity: not JSON, other parsers refuse them
        raise AssertionError(f"report.json holds {constant}")

    report = json.loads((tmp_path / "report.json").read_text(), parse_constant=strict)
    assert report["roster"]["rule_check"]["ok"] is True
    assert report["week_start"] == WEEK
    queues = result.forecast.groupby(["channel", "vip_level"]).ngroups
    assert len(report["forecast_models"]) == queues
    first = result.forecast.iloc[0]
    assert report["forecast_models"][f"{first.channel}/{first.vip_level}"] == first.model


def test_write_plan_that_fails_part_way_leaves_the_folder_as_it_was(
    plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset, result, _ = plan
    (tmp_path / "roster.csv").write_text("the published roster\n")

    def full_disk(*args: object, **kwargs: object) -> None:  # the calendars come last
        raise OSError("No space left on device")

    monkeypatch.setattr(staffing.export, "calendars_zip", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_plan(result, dataset, tmp_path / "plan")
    with pytest.raises(OSError, match="No space"):
        write_plan(result, dataset, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv"]  # no plan/, no temp
    assert (tmp_path / "roster.csv").read_text() == "the published roster\n"


def test_week_inside_the_history_is_refused(small_center: Path) -> None:
    dataset = load_dataset(small_center)
    with pytest.raises(StaffingInputError, match="inside the history"):
        plan_week(dataset, "2026-11-16")
    with pytest.raises(StaffingInputError, match="not a time of day"):
        plan_week(dataset, "2026-11-23 08:00")


def test_plan_command_bad_input_exits_2_and_writes_nothing(
    small_center: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "plan"
    assert (
        main(["plan", "--data", str(small_center), "--week", "2026-11-20", "--out", str(out)]) == 2
    )
    assert "inside the history" in capsys.readouterr().err
    assert not out.exists()


def test_plan_without_handle_times_in_the_history_stops_before_forecasting(
    small_center: Path, tmp_path: Path, capsys
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for path in small_center.iterdir():
        (data / path.name).write_bytes(path.read_bytes())
    history = pd.read_csv(small_center / "history.csv")
    history.drop(columns=["aht_s"]).to_csv(data / "history.csv", index=False)
    out = tmp_path / "plan"
    assert _run("plan", "--data", data, "--week", WEEK, "--out", out) == 2
    err = capsys.readouterr().err
    assert "history, column 'aht_s': no handle time for queues chat/standard" in err
    assert "forecasting" not in err and not out.exists()


def _run(command: str, *arguments: str | Path) -> int:
    """``staffing COMMAND ...`` as the planner types it; the exit code."""
    return main([command, *(str(a) for a in arguments)])


def _checked_against(data: Path) -> tuple[str | Path, ...]:
    """The arguments that give ``staffing check`` and ``roster`` a data folder's agents."""
    return (
        *("--agents", data / "agents.csv", "--rules", data / "rules.toml"),
        *("--time-off", data / "time_off.csv"),
    )


def _one_replication(folder: Path) -> tuple[str | Path, ...]:
    return ("--replications", "1", "--out", folder / "simulation.csv")


def test_plan_files_feed_every_command_that_reads_them(
    plan, small_center: Path, tmp_path: Path, capsys
) -> None:
    dataset, result, _ = plan
    out = tmp_path / "plan"
    write_plan(result, dataset, out)
    header = (out / "forecast.csv").read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == FORECAST_COLUMNS
    forecast = ("--forecast", out / "forecast.csv", "--targets", small_center / "targets.toml")
    roster = ("--roster", out / "roster.csv")
    requirements = ("--requirements", out / "requirements.csv")
    sized = ("--rules", small_center / "rules.toml", "--out", tmp_path / "requirements.csv")

    assert _run("requirements", *forecast, *sized) == 0
    resized = read_requirements(tmp_path / "requirements.csv")
    pd.testing.assert_frame_equal(resized, result.requirements)
    assert _run("simulate", *roster, *forecast, *_one_replication(tmp_path)) == 0
    assert _run("check", *roster, *_checked_against(small_center), *requirements) == 0
    xlsx = ("--format", "xlsx", "--out", tmp_path / "roster.xlsx")
    checked = _checked_against(small_center)
    assert _run("export", *roster, "--coverage", out / "coverage.csv", *checked, *xlsx) == 0
    # the coverage of another roster would make the workbook contradict itself: refused
    other = pd.read_csv(out / "coverage.csv", dtype=str)
    row = int(other.index[other["scheduled"].astype(int) > 0][0])
    more = int(other.loc[row, "scheduled"]) + 1
    short = max(int(other.loc[row, "required"]) - more, 0)
    other.loc[row, ["scheduled", "shortfall"]] = [str(more), str(short)]
    other.to_csv(tmp_path / "other.csv", index=False)
    capsys.readouterr()
    assert _run("export", *roster, "--coverage", tmp_path / "other.csv", *checked, *xlsx) == 2
    assert "this is not the coverage of the roster given: at 1 queue-intervals" in (
        capsys.readouterr().err
    )
    # an agent also skilled on a channel with no demand this week is rostered all the same
    agents = pd.read_csv(small_center / "agents.csv", dtype=str)
    agents.loc[0, "channels"] += ";video"
    agents.to_csv(tmp_path / "agents.csv", index=False)
    skilled = ("--agents", tmp_path / "agents.csv", *_checked_against(small_center)[2:])
    again = ("--time-limit", "3", "--out", tmp_path / "again" / "roster.csv")
    assert _run("roster", *requirements, *skilled, *again) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_the_cli_never_writes_over_its_inputs_and_explains_paths_it_cannot_use(
    plan, small_center: Path, tmp_path: Path, capsys
) -> None:
    dataset, result, _ = plan
    out = tmp_path / "plan"
    write_plan(result, dataset, out)
    forecast_file = out / "forecast.csv"
    before = forecast_file.read_bytes()
    forecast = ("--forecast", forecast_file, "--targets", small_center / "targets.toml")
    rules = ("--rules", small_center / "rules.toml")
    assert _run("requirements", *forecast, *rules, "--out", forecast_file) == 2
    err = capsys.readouterr().err
    assert "--out would write over the --forecast input file" in err
    assert forecast_file.read_bytes() == before

    simulate = ("simulate", "--roster", out / "roster.csv", *forecast)
    assert _run(*simulate, "--out", tmp_path / "sim.csv", "--totals", forecast_file) == 2
    assert "--totals would write over the --forecast input file" in capsys.readouterr().err
    assert _run(*simulate, "--out", tmp_path / "sim.csv", "--totals", tmp_path / "sim.csv") == 2
    assert "--out and --totals name the same file" in capsys.readouterr().err
    assert forecast_file.read_bytes() == before and not (tmp_path / "sim.csv").exists()

    roster = ("--roster", out / "roster.csv", *_checked_against(small_center))
    csv = ("--format", "csv")
    agents_file = small_center / "agents.csv"
    assert _run("export", *roster, *csv, "--out", agents_file) == 2
    assert "--out would write over the --agents input file" in capsys.readouterr().err

    assert _run("export", *roster, *csv, "--out", tmp_path) == 2  # a folder, not a file
    err = capsys.readouterr().err
    assert f"{tmp_path}" in err and "Fix:" in err and "Traceback" not in err

    (tmp_path / "blocked" / "roster.xlsx").mkdir(parents=True)  # refused before any work
    assert _run("plan", "--data", small_center, "--week", WEEK, "--out", tmp_path / "blocked") == 2
    assert "roster.xlsx: a folder is where this output file goes" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "blocked").iterdir()] == ["roster.xlsx"]

    # last week's plan folder planned into again: its roster is this run's --previous
    previous, kept = out / "roster.csv", (out / "roster.csv").read_bytes()
    again = ("--data", small_center, "--week", WEEK, "--out", out, "--previous", previous)
    assert _run("plan", *again) == 2
    assert "--out (its roster.csv) would write over the --previous input file" in (
        capsys.readouterr().err
    )
    spec = tmp_path / "spec.toml"
    spec.write_text('[[scenarios]]\nname = "busy"\n  [[scenarios.volume]]\n  multiplier = 1.2\n')
    (out / "base").mkdir()
    shutil.copy(previous, out / "base" / "roster.csv")
    scenario = ("scenario", "--spec", spec, "--data", small_center, "--week", WEEK)
    assert _run(*scenario, "--out", out, "--roster", out / "base" / "roster.csv") == 2
    assert "--out (its base/roster.csv) would write over the --roster input file" in (
        capsys.readouterr().err
    )
    assert previous.read_bytes() == (out / "base" / "roster.csv").read_bytes() == kept

    assert _run("sample", "--out", small_center) == 2
    err = capsys.readouterr().err
    assert "agents.csv: the folder already has this file" in err and "--force" in err
    assert agents_file.read_bytes() == (small_center / "agents.csv").read_bytes()

    requirements = ("--requirements", out / "requirements.csv", *_checked_against(small_center))
    # outputs that cannot go where asked are refused before the solve, not after it
    (tmp_path / "a_folder").mkdir()
    started = time.monotonic()
    solve = ("roster", *requirements, "--time-limit", "60", "--out", tmp_path / "r.csv")
    assert _run(*solve, "--report", tmp_path / "a_folder") == 2
    assert time.monotonic() - started < 10
    assert "--report is a folder, where a file is written" in capsys.readouterr().err
    blocked = small_center / "agents.csv" / "r.csv"  # a file where a folder must be
    assert _run("roster", *requirements, "--out", blocked) == 2
    assert f"{agents_file}: is a file, but --out needs a folder here" in capsys.readouterr().err
    assert _run("sample", "--out", agents_file) == 2
    assert "--out is a file, where a folder is written" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()
    # an input that is a folder is named as such
    assert _run("check", "--roster", out, *_checked_against(small_center)) == 2
    assert "is a folder; a file is read here" in capsys.readouterr().err

    with pytest.raises(SystemExit) as usage:  # argparse's exit, as for any usage error
        _run("roster", *requirements, "--time-limit", "0", "--out", tmp_path / "r.csv")
    assert usage.value.code == 2
    assert "'0' is not a positive number of seconds" in capsys.readouterr().err


def test_a_forecast_file_with_the_model_column_feeds_requirements_and_simulate(
    plan, small_center: Path, tmp_path: Path
) -> None:
    _, result, _ = plan
    write_roster(tmp_path / "roster.csv", result.roster.roster)
    with_model = tmp_path / "forecast_with_model.csv"
    result.forecast.to_csv(with_model, index=False, date_format="%Y-%m-%d %H:%M:%S")
    assert "model" in with_model.read_text(encoding="utf-8").splitlines()[0].split(",")
    forecast = ("--forecast", with_model, "--targets", small_center / "targets.toml")
    roster = ("--roster", tmp_path / "roster.csv")
    assert _run("requirements", *forecast, "--out", tmp_path / "r.csv") == 0
    assert _run("simulate", *roster, *forecast, *_one_replication(tmp_path)) == 0


def test_scenario_files_feed_every_command_that_reads_them(
    small_center: Path, tmp_path: Path
) -> None:
    spec = tmp_path / "spec.toml"
    spec.write_text(
        'include_base = false\n[[scenarios]]\nname = "busy"\n'
        "  [[scenarios.volume]]\n  multiplier = 1.2\n"
        '  [[scenarios.temps]]\n  count = 2\n  tier = 1\n  channels = ["chat"]\n'
        '  vip_levels = ["standard"]\n  hourly_cost = 25\n  contract = "part_time"\n'
    )
    out = tmp_path / "scenarios"
    run = ("--spec", spec, "--data", small_center, "--week", WEEK, "--out", out)
    assert _run("scenario", *run, "--time-limit", "3", "--replications", "1", "--workers", "1") == 0
    folder = out / "busy"
    forecast = ("--forecast", folder / "forecast.csv", "--targets", small_center / "targets.toml")
    roster = ("--roster", folder / "roster.csv")
    requirements = ("--requirements", folder / "requirements.csv")

    assert _run("requirements", *forecast, "--out", tmp_path / "r.csv") == 0
    assert _run("simulate", *roster, *forecast, *_one_replication(tmp_path)) == 0
    # its roster, temps included, checks and exports with the folder's own agents.csv
    agents = ("--agents", folder / "agents.csv", *_checked_against(small_center)[2:])
    assert _run("check", *roster, *agents, *requirements) == 0
    coverage = ("--coverage", folder / "coverage.csv", "--format", "xlsx")
    assert _run("export", *roster, *agents, *coverage, "--out", tmp_path / "busy.xlsx") == 0
    assert read_roster(folder / "roster.csv")["agent_id"].str.startswith("TEMP").any()
    dates = pd.read_csv(folder / "roster.csv", dtype=str)["date"]
    assert dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()  # the shift's day, as documented


def test_scenario_command_gives_every_scenario_its_folder_and_keeps_a_given_roster(
    small_center: Path, tmp_path: Path, capsys
) -> None:
    """Names that read alike get folders of their own, named in comparison.csv with the
    sweep's values; --roster is what reroster = false keeps (checked first); an output that
    cannot be written is refused before any work."""
    spec = tmp_path / "spec.toml"
    spec.write_text(
        '[[scenarios]]\nname = "AHT +10%"\n  [[scenarios.aht]]\n  multiplier = 1.1\n'
        '[[scenarios]]\nname = "AHT -10%"\n  [[scenarios.aht]]\n  multiplier = 0.9\n'
        '[sweep]\nparameter = "volume"\nvalues = [1.2]\n'
    )
    out = tmp_path / "scenarios"
    run = ("--data", small_center, "--week", WEEK, "--out", out)
    fast = ("--time-limit", "3", "--replications", "1", "--workers", "1")
    assert _run("scenario", "--spec", spec, *run, *fast) == 0
    table = pd.read_csv(out / "comparison.csv")
    assert list(table["folder"]) == ["base", "AHT-10", "AHT-10-2", "base-volume-1.2"]
    assert table["value"].isna().sum() == 3 and table["value"].iloc[-1] == 1.2
    assert table["solver_gap"].between(0, 1).all()
    aht = [read_forecast(out / f / "forecast.csv")["aht_s"].mean() for f in table["folder"][1:3]]
    assert aht[0] > aht[1]  # each scenario's own files

    kept = tmp_path / "kept.toml"
    kept.write_text('[[scenarios]]\nname = "same roster"\nreroster = false\n')
    roster = tmp_path / "given.csv"
    shutil.copy(out / "base" / "roster.csv", roster)
    assert _run("scenario", "--spec", kept, *run, *fast, "--roster", roster) == 0
    for folder in ("base", "same-roster"):  # the base is the given roster too, as in the app
        assert (read_roster(out / folder / "roster.csv") == read_roster(roster)).all().all()
    compared = pd.read_csv(out / "comparison.csv")
    assert list(compared["scenario"]) == ["base", "same roster"]
    assert compared["solver_gap"].isna().all() and not compared["rerostered"].any()
    broken = read_roster(roster).iloc[1:]  # one block fewer: a hole in a shift
    write_roster(tmp_path / "broken.csv", broken)
    capsys.readouterr()
    assert _run("scenario", "--spec", kept, *run, *fast, "--roster", tmp_path / "broken.csv") == 2
    assert "Allowed shift length: agent" in capsys.readouterr().err

    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "same-roster").write_text("a planner's notes")
    taken = ("--data", small_center, "--week", WEEK, "--out", tmp_path / "taken")
    assert _run("scenario", "--spec", kept, *taken, *fast, "--roster", roster) == 2
    assert "a file is where this output folder goes" in capsys.readouterr().err
    assert (tmp_path / "taken" / "same-roster").read_text() == "a planner's notes"


def _previous_week(data: Path, path: Path) -> set[str]:
    """Write the week before as roster.csv: half the agents worked Tuesday to Sunday (6 days in
    a row, the rules' most), the others Sunday 16:00-24:00; the first half's ids."""
    agents = pd.read_csv(data / "agents.csv", dtype=str)
    week = pd.Timestamp(WEEK)
    rows = []
    for i, agent in enumerate(agents.itertuples()):
        days = range(-6, 0) if i % 2 == 0 else (-1,)
        hours = (8, 16) if i % 2 == 0 else (16, 24)
        queue = (agent.channels.split(";")[0], agent.vip_levels.split(";")[0])
        for d in days:
            day = week + pd.Timedelta(days=d)
            start, end = (day + pd.Timedelta(hours=h) for h in hours)
            rows.append((agent.agent_id, day, start, end, "work", *queue))
    columns = ["agent_id", "date", "start", "end", "activity", "channel", "vip_level"]
    write_roster(path, pd.DataFrame(rows, columns=columns))
    return set(agents["agent_id"][::2])


def _assert_rested_on_monday(roster: pd.DataFrame, ran_six_days: set[str]) -> None:
    """Monday off after six days in a row; otherwise no start before 11:00 (11 h of rest)."""
    week = pd.Timestamp(WEEK)
    monday = roster[roster["date"] == week].groupby("agent_id")["start"].min()
    assert not monday.empty
    assert not ran_six_days & set(monday.index)
    assert (monday >= week + pd.Timedelta(hours=11)).all()


def test_plan_command_carries_rest_and_consecutive_days_from_the_previous_roster(
    small_center: Path, tmp_path: Path, capsys
) -> None:
    """``staffing plan --previous``; ``staffing check --previous`` agrees with the roster."""
    ran_six_days = _previous_week(small_center, tmp_path / "previous.csv")
    out = tmp_path / "plan"
    run = ("--data", small_center, "--week", WEEK, "--out", out, "--time-limit", "5")
    assert _run("plan", *run, "--replications", "1", "--previous", tmp_path / "previous.csv") == 0
    _assert_rested_on_monday(read_roster(out / "roster.csv"), ran_six_days)
    checked = (*("--roster", out / "roster.csv"), *_checked_against(small_center))
    assert _run("check", *checked, "--previous", tmp_path / "previous.csv") == 0
    capsys.readouterr()


def test_scenario_command_carries_the_previous_roster_into_every_scenario(
    small_center: Path, tmp_path: Path
) -> None:
    ran_six_days = _previous_week(small_center, tmp_path / "previous.csv")
    spec = tmp_path / "spec.toml"
    spec.write_text('[[scenarios]]\nname = "busy"\n  [[scenarios.volume]]\n  multiplier = 1.2\n')
    out = tmp_path / "scenarios"
    run = ("--spec", spec, "--data", small_center, "--week", WEEK, "--out", out)
    settings = ("--time-limit", "3", "--replications", "1", "--workers", "1")
    assert _run("scenario", *run, *settings, "--previous", tmp_path / "previous.csv") == 0
    folders = [f for f in out.iterdir() if (f / "roster.csv").exists()]
    assert len(folders) == 2  # the base and "busy"
    for folder in folders:
        _assert_rested_on_monday(read_roster(folder / "roster.csv"), ran_six_days)


def test_plan_command_rejects_a_previous_roster_inside_the_week_before_forecasting(
    small_center: Path, tmp_path: Path, capsys
) -> None:
    week = pd.Timestamp(WEEK)
    inside = pd.DataFrame(
        {
            "agent_id": ["A0001"],
            "date": [week],
            "start": [week + pd.Timedelta(hours=8)],
            "end": [week + pd.Timedelta(hours=12)],
            "activity": ["work"],
            "channel": ["chat"],
            "vip_level": ["standard"],
        }
    )
    write_roster(tmp_path / "previous.csv", inside)
    out = tmp_path / "plan"
    run = ("--data", small_center, "--week", WEEK, "--out", out)
    assert _run("plan", *run, "--previous", tmp_path / "previous.csv") == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'previous.csv'}: 1 rows are dated on or after the planning week's" in err
    assert "forecasting" not in err and not out.exists()


def _copy(folder: Path, to: Path) -> Path:
    to.mkdir()
    for path in folder.iterdir():
        (to / path.name).write_bytes(path.read_bytes())
    return to


def test_plan_command_refuses_rules_the_roster_cannot_keep_before_forecasting(
    small_center: Path, tmp_path: Path, capsys
) -> None:
    data = _copy(small_center, tmp_path / "data")
    rules = (data / "rules.toml").read_text(encoding="utf-8")
    rules = rules.replace("max_consecutive_days = 6", "max_consecutive_days = 1")
    (data / "rules.toml").write_text(rules, encoding="utf-8")
    out = tmp_path / "plan"
    assert _run("plan", "--data", data, "--week", WEEK, "--out", out) == 2
    err = capsys.readouterr().err
    assert "rules.toml, column 'max_consecutive_days' (value '1'): 5 days in 7 cannot" in err
    assert "forecasting" not in err and not out.exists()


def test_plan_week_checks_the_weeks_leave_against_the_rules_before_forecasting(
    small_center: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid data (no week yet), but in the planning week leave on Thursday's working hours
    splits a full-timer's week in 3 + 3 days: with at most 2 in a row only 4 can be worked."""
    import staffing.pipeline

    dataset = load_dataset(small_center)
    rules = dataclasses.replace(dataset.rules, max_consecutive_days=2)
    full_timer = next(a for a in dataset.agents if a.contract == "full_time")
    thursday = pd.Timestamp(WEEK) + pd.Timedelta(days=3)
    leave = pd.DataFrame(
        {
            "agent_id": [full_timer.agent_id],
            "start": [thursday],
            "end": [thursday + pd.Timedelta(hours=23, minutes=45)],
        }
    )
    dataset = dataclasses.replace(dataset, rules=rules, time_off=leave)

    def no_forecast(*args: object, **kwargs: object) -> None:
        raise AssertionError("forecast before the rules were checked")

    monkeypatch.setattr(staffing.pipeline, "forecast_week", no_forecast)
    with pytest.raises(StaffingInputError) as info:
        plan_week(dataset, WEEK)
    assert f"Agent {full_timer.agent_id} can work at most 4 days this week" in str(info.value)
