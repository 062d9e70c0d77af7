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

MAX_PROBLEMS_SHOWN = 50


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
            shown = self.value if len(self.value) <= 40 else self.value[:37] + "..."
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
        lines = [str(p) for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        hidden = len(self.problems) - len(lines)
        if hidden > 0:
            lines.append(f"... and {hidden} more problems of the same kinds.")
        if len(self.problems) == 1:
            return lines[0]
        return f"{len(self.problems)} problems found:\n" + "\n".join(f"- {line}" for line in lines)


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
