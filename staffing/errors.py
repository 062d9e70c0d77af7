"""Input problems: one typed error for every entry point (CLI, app upload, library).

A reader collects every problem it finds and raises them together, so a planner fixes a file
in one pass instead of one error per run.

>>> p = Problem(file="history.csv", row=7, column="volume", value="-3",
...             message="volume must be 0 or more", fix="correct it")
>>> str(p)
"history.csv, row 7, column 'volume' (value '-3'): volume must be 0 or more. Fix: correct it."
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from staffing.i18n import msg

MAX_PROBLEMS_SHOWN = 50
GROUP_RANGES_SHOWN = 4
GROUP_VALUES_SHOWN = 3


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong and how to fix it.

    ``row`` is the spreadsheet row number (the header is row 1, the first data row is row 2),
    so it matches what a planner sees in Excel or a text editor's line number.
    """

    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    message: str
    fix: str = ""

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        where = ", ".join(parts)
        if self.value is not None:
            shown = _short(self.value)
            where = f"{where} (value '{shown}')" if where else f"value '{shown}'"
        return where

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.fix:
            text += f". Fix: {self.fix.rstrip('.')}."
        elif not text.endswith("."):
            text += "."
        return text


class StaffingInputError(ValueError):
    """Raised for any input problem; carries every problem found, not only the first."""

    def __init__(self, problems: Problem | str | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("StaffingInputError needs at least one problem")
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem, one line per :class:`ProblemGroup` (a wrong date format in every
        row of a history is one line, and the other files' problems still show)."""
        groups = self.groups()
        lines = [str(g) for g in groups[:MAX_PROBLEMS_SHOWN]]
        hidden = len(groups) - len(lines)
        if hidden > 0:
            lines.append(f"... and {hidden} more kinds of problem.")
        if len(self.problems) == 1:
            return lines[0]
        return f"{len(self.problems):,} problems found:\n" + "\n".join(f"- {x}" for x in lines)

    def groups(self) -> list[ProblemGroup]:
        """The problems that differ only in their row and value together, by file (in the
        order found) and first row."""
        files: dict[str | None, int] = {}
        found: dict[tuple[object, ...], list[Problem]] = {}
        for i, p in enumerate(self.problems):
            files.setdefault(p.file, len(files))
            key = (p.file, p.column, p.message, p.fix) if p.row is not None else (i,)
            found.setdefault(key, []).append(p)
        out = [ProblemGroup(tuple(sorted(g, key=lambda p: p.row or 0))) for g in found.values()]
        return sorted(out, key=lambda g: (files[g.first.file], g.first.row or 0))


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one file and column with the same message and fix, in different rows."""

    problems: tuple[Problem, ...]

    @property
    def first(self) -> Problem:
        return self.problems[0]

    def rows(self) -> str:
        """The rows, as ranges ("2-5, 9"), the first few of them and then how many."""
        numbers = [p.row for p in self.problems if p.row is not None]
        ranges: list[str] = []
        start = prev = numbers[0]
        for n in [*numbers[1:], None]:
            if n is not None and n <= prev + 1:
                prev = n
                continue
            ranges.append(str(start) if start == prev else f"{start}-{prev}")
            if n is not None:
                start = prev = n
        shown = ", ".join(ranges[:GROUP_RANGES_SHOWN])
        if len(ranges) > GROUP_RANGES_SHOWN:  # the app shows it in the planner's language
            return msg("{shown}, ... ({n:,} rows)", shown=shown, n=len(numbers))
        return shown

    def values(self) -> list[str]:
        """The first few distinct values ("..." after them when there are more)."""
        distinct = list(dict.fromkeys(p.value for p in self.problems if p.value is not None))
        return [*distinct[:GROUP_VALUES_SHOWN], *(["..."] if distinct[GROUP_VALUES_SHOWN:] else [])]

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return str(self.first)
        p = self.first
        where = ", ".join(
            [*([p.file] if p.file else []), f"rows {self.rows()}"]
            + ([f"column '{p.column}'"] if p.column else [])
        )
        values = self.values()
        if values:
            where += (
                " (values " + ", ".join(v if v == "..." else f"'{_short(v)}'" for v in values) + ")"
            )
        return str(Problem(message=f"{where}: {p.message}", fix=p.fix))


@dataclass
class ProblemCollector:
    """Accumulates problems while a reader checks a file; ``raise_if_any`` ends the check."""

    file: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        message: str,
        *,
        fix: str = "",
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        file: str | None = None,
    ) -> None:
        self.problems.append(
            Problem(
                file=file if file is not None else self.file,
                row=row,
                column=column,
                value=None if value is None else str(value),
                message=message,
                fix=fix,
            )
        )

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise StaffingInputError(self.problems)


def parameter_error(owner: str, name: str, requirement: str, got: object) -> StaffingInputError:
    """The one template for a bad library parameter.

    >>> str(parameter_error("ErlangC", "service_level", "must be in (0, 1)", 1.2))
    "The 'service_level' parameter of ErlangC must be in (0, 1). Got 1.2 instead."
    """
    return StaffingInputError(
        Problem(message=f"The '{name}' parameter of {owner} {requirement}. Got {got!r} instead")
    )
