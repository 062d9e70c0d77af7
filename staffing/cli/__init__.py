"""The ``staffing`` command line.

Each command group lives in its own module under ``staffing.cli`` with a
``register(subparsers)`` function that adds its parsers and sets ``handler`` to a function
``handler(args) -> int``. Input problems (``StaffingInputError``) print one clear message and
exit with code 2; no traceback is ever shown for bad input.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from staffing.errors import Problem, StaffingInputError

if TYPE_CHECKING:
    from staffing.roster.solve import Progress

#: Command modules, in the order their commands appear in ``staffing --help``.
COMMAND_MODULES = [
    "staffing.cli.data",
    "staffing.cli.plan",
    "staffing.cli.forecast",
    "staffing.cli.requirements",
    "staffing.cli.roster",
    "staffing.cli.export",
    "staffing.cli.simulate",
    "staffing.cli.scenario",
    "staffing.cli.check",
]

EXIT_OK = 0
EXIT_BAD_INPUT = 2
#: seconds between two progress lines of the roster optimiser within one stage
PROGRESS_EVERY_S = 5.0


def stderr_clock() -> Callable[[str], None]:
    """Prints a message to stderr after the seconds since this call."""
    started = time.monotonic()

    def say(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    return say


def solver_progress(say: Callable[[str], None]) -> Callable[[Progress], None]:
    """The roster optimiser's progress at each new stage and at most every few seconds
    within one: the objective of the roster so far (once there is one) and the bound."""
    last: dict[str, str | float] = {"stage": "", "at": -PROGRESS_EVERY_S}

    def report(p: Progress) -> None:
        if p.stage != last["stage"] or p.elapsed_s - float(last["at"]) >= PROGRESS_EVERY_S:
            last.update(stage=p.stage, at=p.elapsed_s)
            roster = "no roster yet" if p.objective is None else f"objective {p.objective:,.0f}"
            say(f"  {p.stage}: {roster}, bound {p.bound:,.0f}")

    return report


def _positive(unit: str) -> Callable[[str], float]:
    """argparse type of a positive, finite number of ``unit``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not 0 < value < float("inf"):
            raise argparse.ArgumentTypeError(f"'{text}' is not a positive number of {unit}")
        return value

    return parse


#: a time limit
seconds = _positive("seconds")
#: a forecast horizon
days = _positive("days")


def refuse_unwritable(folder: Path, files: Sequence[Path]) -> None:
    """Stop before any work when an output inside the --out ``folder`` cannot be written where
    it goes: a folder sits where an output file (or its own folder) must go."""
    problems = []
    for path in files:
        if path.is_dir():
            problems.append(
                Problem(
                    file=str(path),
                    message="a folder is where this output file goes",
                    fix="move or rename the folder, or write to another --out",
                )
            )
        elif path.parent != folder and path.parent.exists() and not path.parent.is_dir():
            problems.append(
                Problem(
                    file=str(path.parent),
                    message="a file is where this output folder goes",
                    fix="move or rename the file, or write to another --out",
                )
            )
    if problems:  # one line per place, however many outputs it holds
        raise StaffingInputError(list(dict.fromkeys(problems)))


def with_file_names(
    exc: StaffingInputError, files: Mapping[str, Path | None], *, rows_of: str | None = None
) -> StaffingInputError:
    """``exc`` with the library's names of inputs (``"previous roster"``) replaced by the
    files the user gave; ``rows_of``: a name whose row numbers are not the file's (the rows
    were sorted), so they are left out."""
    problems = []
    for problem in exc.problems:
        path = files.get(problem.file or "")
        if path is not None:
            row = None if problem.file == rows_of else problem.row
            problem = dataclasses.replace(problem, file=str(path), row=row)
        problems.append(problem)
    return StaffingInputError(problems)


def whole(text: str) -> int:
    """argparse type of a whole number >= 0 (a seed, a calendar revision)."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number >= 0")
    return int(text)


seed = whole


def count(text: str) -> int:
    """argparse type of a count: a whole number >= 1 (replications, weeks)."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number >= 1")
    return int(text)


def iso_date(text: str) -> str:
    """argparse type of a day (or time): ISO 8601 only, so 12/03/2026 is never guessed."""
    import pandas as pd

    try:
        pd.to_datetime(text, format="ISO8601")
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an ISO 8601 date; write it like 2026-11-23"
        ) from None
    return text


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on exit code 2 and a hint, as for every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"staffing: error: {message}. See '{self.prog} --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="staffing",
        description="Forecast contacts, size staffing, build and test rosters for customer "
        "service.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


#: Options that name what a command writes; every other path option is read.
OUTPUT_OPTIONS = ("out", "report", "totals")


def _outputs(args: argparse.Namespace) -> dict[str, Path]:
    """Option name -> path of everything the command writes (roster's coverage.csv too)."""
    outputs = {
        name: Path(value)
        for name in OUTPUT_OPTIONS
        if isinstance(value := getattr(args, name, None), Path)
    }
    for extra in getattr(args, "writes_beside_out", ()):  # e.g. roster's coverage.csv
        outputs[f"out (its {extra})"] = outputs["out"].with_name(extra)
    return outputs


def refuse_unusable_outputs(args: argparse.Namespace) -> None:
    """Stop before any work (a solve may take minutes) when an output cannot go where it is
    asked to: a folder where a file is written, a file where a folder is (or must be made),
    or a folder the user may not write in."""
    problems = []
    for option, path in _outputs(args).items():
        is_folder = option == "out" and getattr(args, "out_is_folder", False)
        if path.is_dir() != is_folder and path.exists():
            what = "a folder, where" if path.is_dir() else "a file, where"
            problems.append(
                Problem(
                    file=str(path),
                    message=f"--{option} is {what} a {'folder' if is_folder else 'file'} "
                    "is written",
                    fix="give a folder path" if is_folder else "give a file path",
                )
            )
            continue
        parent = next(p for p in path.absolute().parents if p.exists())
        if not parent.is_dir():
            problems.append(
                Problem(
                    file=str(parent),
                    message=f"is a file, but --{option} needs a folder here ({path})",
                    fix="move or rename the file, or give another path",
                )
            )
        elif not os.access(parent, os.W_OK):
            problems.append(
                Problem(
                    file=str(parent),
                    message=f"you may not write in this folder (--{option} {path})",
                    fix="give a path in a folder you may write in",
                )
            )
    if problems:
        raise StaffingInputError(problems)


def refuse_overwriting_inputs(
    args: argparse.Namespace, written_in_out: Sequence[Path] = ()
) -> None:
    """Stop before any work when a file the command writes is one of its inputs.
    ``written_in_out``: the files a command whose --out is a folder writes into it (``plan``,
    ``scenario``), so a --previous or --roster kept in that folder is not replaced."""
    outputs = _outputs(args)
    for path in written_in_out:
        outputs[f"out (its {path.relative_to(args.out).as_posix()})"] = path
    inputs = {
        name: value.resolve()
        for name, value in vars(args).items()
        if isinstance(value, Path) and name not in OUTPUT_OPTIONS and value.is_file()
    }
    problems = [
        Problem(
            file=str(written),
            message=f"--{out.replace('_', '-')} would write over the --"
            f"{name.replace('_', '-')} input file",
            fix=f"write to another path than {written}",
        )
        for out, written in outputs.items()
        for name, read in inputs.items()
        if written.resolve() == read
    ]
    written_by: dict[Path, str] = {}
    for out, written in outputs.items():
        if (other := written_by.setdefault(written.resolve(), out)) != out:
            problems.append(
                Problem(
                    file=str(written),
                    message=f"--{other.replace('_', '-')} and --{out.replace('_', '-')} "
                    "name the same file",
                    fix="give each output its own path",
                )
            )
    if problems:
        raise StaffingInputError(problems)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        refuse_overwriting_inputs(args)
        refuse_unusable_outputs(args)
        code = args.handler(args)
    except StaffingInputError as exc:
        print(f"staffing {args.command}: {exc.report()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:  # a path that cannot be read or written: the user's to fix
        where = exc.filename or "a file"
        print(
            f"staffing {args.command}: {where}: {exc.strerror or exc}. Fix: check that the path "
            "exists, is a file (not a folder) where a file is meant, and that you may read or "
            "write it.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"staffing {args.command}: interrupted; no output was written.", file=sys.stderr)
        return 130
    return int(code or EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
