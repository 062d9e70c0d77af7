"""A data folder checked as a whole: ``staffing validate`` and ``load_dataset``.

Each bad input of the README's formats is planted in a small copy of the sample folder; the
report must name the file, row and column, the CLI must exit 2 without a traceback, and the
files must be left as they were.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from staffing.cli import main
from staffing.dataset import load_dataset
from staffing.errors import StaffingInputError

HISTORY_HEADER = "interval_start,channel,vip_level,volume,aht_s"


@pytest.fixture(scope="module")
def small_dir(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample folder with only the last two weeks of history (fast to read)."""
    out = tmp_path_factory.mktemp("small")
    for path in sample_dir.iterdir():
        if path.name != "history.csv":
            shutil.copy(path, out / path.name)
    lines = (sample_dir / "history.csv").read_text(encoding="utf-8").splitlines()
    keep = [line for line in lines[1:] if line >= "2026-11-09"]
    (out / "history.csv").write_text("\n".join([lines[0], *keep]) + "\n", encoding="utf-8")
    return out


@pytest.fixture
def folder(small_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(small_dir, target)
    return target


def replace_line(path: Path, line_number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line_number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_sample_folder_is_valid(small_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = load_dataset(small_dir)
    assert len(dataset.queues) == 12
    assert len(dataset.agents) == 200
    assert main(["validate", "--data", str(small_dir)]) == 0
    out = capsys.readouterr().out
    assert "All files are valid." in out and "12 queues" in out


def test_full_sample_validates_from_the_command_line(sample_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "staffing", "validate", "--data", str(sample_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "15-minute intervals" in done.stdout


def _agents_row(folder: Path, **changes: str) -> str:
    header, first = (folder / "agents.csv").read_text(encoding="utf-8").splitlines()[:2]
    row = dict(zip(header.split(","), first.split(","), strict=True))
    row.update(changes)
    return ",".join(row.values())


# (file, line to replace, new text or None to rewrite the file, expected row, column, words)
CASES = {
    "bad timestamp": (
        "history.csv",
        3,
        "2026-11-3x 08:00:00,chat,standard,3,300",
        3,
        "interval_start",
        "not a valid date",
    ),
    "off-grid interval": (
        "history.csv",
        3,
        "2026-11-09 08:07:00,chat,standard,3,300",
        3,
        "interval_start",
        "grid",
    ),
    "negative volume": (
        "history.csv",
        4,
        "2026-11-09 08:00:00,chat,standard,-2,300",
        4,
        "volume",
        "at least 0",
    ),
    "non-integer volume": (
        "history.csv",
        4,
        "2026-11-09 08:00:00,chat,standard,2.5,300",
        4,
        "volume",
        "whole number",
    ),
    "time with a UTC offset": (
        "history.csv",
        4,
        "2026-11-09 08:00:00+08:00,chat,standard,2,300",
        4,
        "interval_start",
        "time zone or UTC offset",
    ),
    "unknown VIP level in agents": ("agents.csv", 2, "vip_levels=gold", 2, "vip_levels", "gold"),
    "unknown channel in agents": ("agents.csv", 2, "channels=fax", 2, "channels", "fax"),
    "agent without skills": ("agents.csv", 2, "channels=", 2, "channels", ""),
    "min hours above max": ("agents.csv", 2, "min_hours_week=50", 2, "min_hours_week", ""),
    "unknown contract": ("agents.csv", 2, "contract=freelance", 2, "contract", "freelance"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_input_names_file_row_and_column(
    folder: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    file, line, text, row, column, words = CASES[case]
    if file == "agents.csv":
        key, value = text.split("=", 1)
        text = _agents_row(folder, **{key: value})
    replace_line(folder / file, line, text)
    before = (folder / file).read_bytes()
    with pytest.raises(StaffingInputError) as info:
        load_dataset(folder)
    matching = [p for p in info.value.problems if p.file == file and p.row == row]
    assert matching, info.value.report()
    assert any(p.column == column for p in matching), info.value.report()
    assert words.lower() in info.value.report().lower()
    assert all(p.fix for p in matching)
    assert main(["validate", "--data", str(folder)]) == 2
    assert f"{file}, row {row}" in capsys.readouterr().err
    assert (folder / file).read_bytes() == before  # the user's file is never modified


def test_duplicate_rows_are_reported(folder: Path) -> None:
    path = folder / "history.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[5]]) + "\n", encoding="utf-8")
    with pytest.raises(StaffingInputError, match="duplicate of row 6"):
        load_dataset(folder)


def test_problems_in_several_files_are_reported_together(folder: Path) -> None:
    replace_line(folder / "history.csv", 3, "2026-11-09 08:00:00,chat,standard,-1,300")
    (folder / "rules.toml").write_text("interval_minutes = = 15\n", encoding="utf-8")
    (folder / "targets.toml").write_bytes("shrinkage = 0.2\n# caf\xe9\n".encode("latin-1"))
    with pytest.raises(StaffingInputError) as info:
        load_dataset(folder)
    files = {p.file for p in info.value.problems}
    assert {"history.csv", "rules.toml", "targets.toml"} <= files
    report = info.value.report()
    assert "not valid TOML" in report and "UTF-8" in report


def test_a_bad_history_does_not_hide_the_agents_problems(folder: Path) -> None:
    replace_line(folder / "history.csv", 3, "2026-11-09 08:00:00,chat,standard,-1,300")
    replace_line(folder / "agents.csv", 2, _agents_row(folder, contract="freelance"))
    with pytest.raises(StaffingInputError) as info:
        load_dataset(folder)
    assert {"history.csv", "agents.csv"} <= {p.file for p in info.value.problems}


def test_one_run_reports_every_file_and_the_checks_between_them(folder: Path) -> None:
    """A bad agents.csv does not hide leave, preferences or a queue without a target."""
    replace_line(folder / "agents.csv", 2, _agents_row(folder, contract="freelance"))
    (folder / "time_off.csv").write_text("agent_id,start,end\nA0002,tomorrow,2026-11-24\n")
    (folder / "preferences.csv").write_text("agent_id,date,preference\nA0002,2026-11-24,sleepy\n")
    replace_line(folder / "history.csv", 3, "2026-11-09 08:00:00,video,standard,3,300")
    with pytest.raises(StaffingInputError) as info:
        load_dataset(folder)
    files = [p.file for p in info.value.problems]
    assert {"agents.csv", "time_off.csv", "preferences.csv", "history.csv"} <= set(files)
    assert "video/standard has 1 rows of history but no target" in str(info.value)


@pytest.mark.parametrize(
    ("file", "content", "words"),
    [
        ("history.csv", "", "file is empty"),
        (
            "history.csv",
            "when,channel,vip_level,volume\n2026-11-09 08:00:00,chat,vip,1\n",
            "interval_start",
        ),
        ("events.csv", "name,start\nDouble 11,2026-11-11\n", "end"),
        ("time_off.csv", "agent_id,start,end\nNOBODY,2026-11-23,2026-11-24\n", "NOBODY"),
        ("preferences.csv", "agent_id,date,preference\nA0001,2026-11-24,nap\n", "nap"),
    ],
)
def test_empty_files_missing_columns_and_unknown_agents(
    folder: Path, file: str, content: str, words: str
) -> None:
    (folder / file).write_text(content, encoding="utf-8")
    with pytest.raises(StaffingInputError, match=words):
        load_dataset(folder)


def test_break_window_that_does_not_fit_the_shift(folder: Path) -> None:
    path = folder / "rules.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("window_after_start_h = [3.0, 5.0]", "window_after_start_h = [3.0, 12.0]"),
        encoding="utf-8",
    )
    with pytest.raises(StaffingInputError) as info:
        load_dataset(folder)
    assert any(p.file == "rules.toml" for p in info.value.problems)


def test_history_queue_without_target(folder: Path) -> None:
    replace_line(folder / "history.csv", 3, "2026-11-09 08:00:00,video,standard,3,300")
    with pytest.raises(StaffingInputError, match="video/standard has 1 rows of history"):
        load_dataset(folder)


def _add_on_call_contract(folder: Path) -> None:
    """A contract without minimum days, for agents who need not work every week."""
    rules = (folder / "rules.toml").read_text(encoding="utf-8")
    (folder / "rules.toml").write_text(
        rules + "\n[contracts.on_call]\ndays_per_week = [0, 5]\n", encoding="utf-8"
    )


def test_queues_and_agents_without_history_are_noted(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An agent who can serve no queue with history but need not work is a note."""
    history = (folder / "history.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in history if ",email,svip," not in line]
    (folder / "history.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    _add_on_call_contract(folder)
    idle = _agents_row(
        folder, channels="email", vip_levels="svip", contract="on_call", min_hours_week="0"
    )
    replace_line(folder / "agents.csv", 2, idle)
    notes = load_dataset(folder).notes
    assert len(notes) == 2, notes
    assert "queue email/svip has a target but no history" in notes[0]
    assert "1 agent can serve no queue with history (A0001)" in notes[1]
    assert main(["validate", "--data", str(folder)]) == 0
    assert "Note: queue email/svip has a target but no history" in capsys.readouterr().out


def test_an_agent_who_must_work_but_can_serve_no_queue_with_history_is_an_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``staffing roster`` refuses such an agent, so validation does too, with its message."""
    history = (folder / "history.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in history if ",email,svip," not in line]
    (folder / "history.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    replace_line(folder / "agents.csv", 2, _agents_row(folder, channels="email", vip_levels="svip"))
    with pytest.raises(StaffingInputError) as info:
        load_dataset(folder)
    (problem,) = info.value.problems
    assert problem.file == "agents.csv"
    assert problem.message.startswith(
        "Agent A0001 (陈华) (channels email, VIP levels svip, tier 3) may serve none of the "
        "queues with history, so cannot work this week, but contract 'full_time' (rules.toml "
        "contracts.full_time.days_per_week) requires at least 5 working days"
    )
    assert main(["validate", "--data", str(folder)]) == 2
    assert "may serve none of the queues with history" in capsys.readouterr().err


# rules.toml change, then the start of the message staffing roster gives for it
ROSTER_CONFLICTS = {
    "shifts too short for the full-timers' hours": (
        ("lengths_h = [4, 6, 8, 9]", "lengths_h = [4]"),
        "agents.csv",
        # every full-timer, as one problem (one line each hid the other problems)
        "165 agents (A0001, A0003, A0004, A0006, A0007, ...) need at least 36 paid hours "
        "(min_hours_week 36, after leave) but the rules allow at most 5 days",
    ),
    "no shift can hold its breaks": (
        ("min_block_minutes = 60", "min_block_minutes = 600"),
        "rules.toml",
        "a 4 h shift (shifts.lengths_h) cannot hold its breaks (break)",
    ),
    "five days with at most one in a row": (
        ("max_consecutive_days = 6", "max_consecutive_days = 1"),
        "rules.toml",
        "5 days in 7 cannot be worked with at most 1 day in a row (max_consecutive_days)",
    ),
}


@pytest.mark.parametrize("case", list(ROSTER_CONFLICTS))
def test_rules_the_roster_cannot_keep_are_reported_at_validation(
    folder: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (old, new), file, message = ROSTER_CONFLICTS[case]
    rules = (folder / "rules.toml").read_text(encoding="utf-8")
    assert old in rules
    (folder / "rules.toml").write_text(rules.replace(old, new), encoding="utf-8")
    with pytest.raises(StaffingInputError) as info:
        load_dataset(folder)
    assert any(p.file == file and p.message.startswith(message) for p in info.value.problems), (
        info.value.report()
    )
    assert all(p.fix for p in info.value.problems)
    assert main(["validate", "--data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_days_without_any_contact_are_noted(folder: Path) -> None:
    history = (folder / "history.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in history if not line.startswith("2026-11-11")]
    (folder / "history.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (note,) = load_dataset(folder).notes
    assert note.startswith("the history has no contacts in any queue on 1 day(s) (2026-11-11)")


def test_missing_folder_and_missing_file(tmp_path: Path, folder: Path) -> None:
    with pytest.raises(StaffingInputError, match="data folder not found"):
        load_dataset(tmp_path / "nowhere")
    (folder / "agents.csv").unlink()
    with pytest.raises(StaffingInputError, match=r"agents\.csv: required file is missing"):
        load_dataset(folder)


def test_uploaded_files_as_bytes(small_dir: Path) -> None:
    files = {p.name: p.read_bytes() for p in small_dir.iterdir()}
    assert len(load_dataset(files).agents) == 200


def test_bad_input_exits_2_without_traceback(folder: Path) -> None:
    replace_line(folder / "history.csv", 2, "yesterday,chat,standard,1,300")
    done = subprocess.run(
        [sys.executable, "-m", "staffing", "validate", "--data", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "history.csv, row 2, column 'interval_start'" in done.stderr


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    assert "--data" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["plan", "--data", "d", "--week", "2026-11-23", "--out", "o", "--replications", "0"],
            "argument --replications: '0' is not a whole number >= 1",
        ),
        (
            ["forecast", "--history", "h", "--start", "2026-11-23", "--days", "0", "--out", "o"],
            "argument --days: '0' is not a positive number of days",
        ),
        (
            ["backtest", "--history", "h", "--weeks", "-1", "--out", "o"],
            "argument --weeks: '-1' is not a whole number >= 1",
        ),
        (
            [
                "export",
                "--roster",
                "r",
                "--agents",
                "a",
                "--rules",
                "x",
                "--format",
                "csv",
                "--out",
                "o",
                "--sequence",
                "-3",
            ],
            "argument --sequence: '-3' is not a whole number >= 0",
        ),
    ],
)
def test_counts_and_horizons_are_checked_before_any_work(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert words in capsys.readouterr().err
