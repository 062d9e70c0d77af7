"""The shared CSV/TOML checks: every problem at once, with file, row, column, value and fix."""

from __future__ import annotations

import pandas as pd
import pytest

from staffing.errors import ProblemCollector, StaffingInputError
from staffing.tabular import (
    check_duplicates,
    check_on_grid,
    parse_numbers,
    parse_timestamps,
    read_table,
    read_toml,
)


def table(text: str) -> pd.DataFrame:
    return read_table(text.encode(), required=["when", "n"], optional=["note"], name="t.csv")


def test_rows_are_spreadsheet_rows_and_cells_are_stripped() -> None:
    frame = table("when,n\n2026-01-01 00:00:00, 3 \n2026-01-01 00:15:00,4\n")
    assert list(frame.index) == [2, 3]
    assert frame.loc[2, "n"] == "3"


def test_missing_and_unknown_columns_are_reported_together() -> None:
    with pytest.raises(StaffingInputError) as info:
        table("when,count\n2026-01-01 00:00:00,3\n")
    problems = info.value.problems
    assert [p.column for p in problems] == ["n", "count"]
    assert "missing" in problems[0].message and "add a 'n' column" in problems[0].fix
    assert "unknown column" in problems[1].message and "when, n, note" in problems[1].fix


@pytest.mark.parametrize(("separator", "named"), [(";", "';'"), ("\t", "a tab")])
def test_a_file_not_separated_by_commas_is_one_problem(separator: str, named: str) -> None:
    with pytest.raises(StaffingInputError) as info:
        table(f"when{separator}n\n2026-01-01 00:00:00{separator}3\n")
    [problem] = info.value.problems
    assert f"separates its columns with {named}, not a comma" in problem.message
    assert "comma-separated CSV" in problem.fix


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "file is empty"), (b"when,n\n", "no data rows"), (b"when,n\n\xff\xfe,1\n", "UTF-8")],
)
def test_empty_and_undecodable_files(content: bytes, expected: str) -> None:
    with pytest.raises(StaffingInputError, match=expected) as info:
        read_table(content, required=["when", "n"], name="t.csv")
    assert info.value.problems[0].file == "t.csv"


def test_missing_file_names_the_path(tmp_path) -> None:
    with pytest.raises(StaffingInputError, match="file not found"):
        read_table(tmp_path / "nope.csv", required=["a"])


def test_numbers_timestamps_grid_and_duplicates_collect_every_problem() -> None:
    frame = table(
        "when,n\n"
        "2026-01-01 00:00:00,3\n"
        "2026-01-01 00:07:00,-1\n"
        "not a time,2.5\n"
        "2026-01-01 00:00:00,x\n"
    )
    problems = ProblemCollector("t.csv")
    times = parse_timestamps(frame, "when", problems)
    check_on_grid(frame, "when", times, 15, problems)
    parse_numbers(frame, "n", problems, integer=True, minimum=0, what="volume")
    check_duplicates(frame.assign(when=times), ["when"], problems)
    found = {(p.row, p.column, p.message.split(" (")[0]) for p in problems.problems}
    assert (4, "when", "not a valid date and time") in found
    assert (3, "when", "time is not on the 15-minute interval grid") in found
    assert (3, "n", "volume must be at least 0") in found
    assert (4, "n", "volume must be a whole number") in found
    assert (5, "n", "volume is not a number") in found
    assert (5, None, "duplicate of row 2") in found
    assert len(problems.problems) == 6
    message = str(next(p for p in problems.problems if p.row == 3 and p.column == "n"))
    assert message.startswith("t.csv, row 3, column 'n' (value '-1'): volume must be at least 0")


def test_malformed_toml_names_the_row() -> None:
    with pytest.raises(StaffingInputError) as info:
        read_toml(b"a = 1\nb = = 2\n", name="rules.toml")
    problem = info.value.problems[0]
    assert problem.file == "rules.toml" and problem.row == 2
    assert "not valid TOML" in problem.message


def test_error_report_lists_every_problem() -> None:
    collector = ProblemCollector("x.csv")
    for row in range(2, 5):
        collector.add("bad", row=row, column="c", fix="fix it")
    with pytest.raises(StaffingInputError) as info:
        collector.raise_if_any()
    report = info.value.report()
    assert report.startswith("3 problems found:")
    assert "x.csv, rows 2-4, column 'c': bad. Fix: fix it." in report


def test_the_same_problem_in_every_row_is_one_line_and_hides_no_other_file() -> None:
    """A history whose dates are all in another format: one line for its 10,000 rows, then
    the agents' problems (sorted by row), not 50 lines of the same and the rest cut off."""
    history = ProblemCollector("history.csv")
    for row in [*range(2, 10_000), 10_003]:
        history.add("not a time", row=row, column="t", value=f"7/10/2024 {row}", fix="use ISO")
    agents = ProblemCollector("agents.csv")
    agents.add("tier must be at most 3", row=11, column="tier", value="7")
    agents.add("unknown contract", row=6, column="contract", value="gig")
    error = StaffingInputError([*history.problems, *agents.problems])
    lines = error.report().splitlines()
    assert lines == [
        "10,001 problems found:",
        "- history.csv, rows 2-9999, 10003, column 't' (values '7/10/2024 2', '7/10/2024 3', "
        "'7/10/2024 4', ...): not a time. Fix: use ISO.",
        "- agents.csv, row 6, column 'contract' (value 'gig'): unknown contract.",
        "- agents.csv, row 11, column 'tier' (value '7'): tier must be at most 3.",
    ]
    many = ProblemCollector("x.csv")
    for row in range(2, 40, 2):
        many.add("odd", row=row, column="c")
    assert "rows 2, 4, 6, 8, ... (19 rows)" in str(StaffingInputError(many.problems))


def test_a_comma_at_the_end_of_every_row_is_one_problem() -> None:
    with pytest.raises(StaffingInputError) as info:
        read_table(b"a,b,c\n1,2,3,\n4,5,6,\n", required=["a", "b", "c"], name="t.csv")
    (problem,) = info.value.problems
    assert problem.row == 2
    assert "one field more than the header's 3 (a comma at the end of each row?)" in str(problem)
    with pytest.raises(StaffingInputError) as info:  # the header ends in one too
        read_table(b"a,b,c,\n1,2,3,\n", required=["a", "b", "c"], name="t.csv")
    (problem,) = info.value.problems
    assert problem.message == "column 4 has no name in the header row"


def test_infinite_numbers_are_problems_not_values() -> None:
    frame = table("when,n\nx,3\nx,inf\nx,-Infinity\n")
    problems = ProblemCollector("t.csv")
    numbers = parse_numbers(frame, "n", problems, minimum=0, what="volume")
    assert [(p.row, p.message) for p in problems.problems] == [
        (3, "volume must be a finite number"),
        (4, "volume must be a finite number"),
    ]
    assert numbers.iloc[0] == 3 and numbers.iloc[1:].isna().all()
