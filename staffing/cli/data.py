"""``staffing sample`` and ``staffing validate``."""

from __future__ import annotations

import argparse
from pathlib import Path

from staffing.cli import seed


def register(subparsers: argparse._SubParsersAction) -> None:
    sample = subparsers.add_parser("sample", help="write the bundled sample data set")
    sample.add_argument("--out", required=True, type=Path, help="folder to write into")
    sample.add_argument("--seed", type=seed, default=20261111, help="random seed")
    sample.add_argument(
        "--force", action="store_true", help="replace sample files already in the folder"
    )
    sample.set_defaults(handler=run_sample, out_is_folder=True)

    validate = subparsers.add_parser("validate", help="check every file of a data folder")
    validate.add_argument("--data", required=True, type=Path, help="the data folder")
    validate.set_defaults(handler=run_validate)


def run_sample(args: argparse.Namespace) -> int:
    from staffing.errors import Problem, StaffingInputError
    from staffing.sample import SAMPLE_FILES, write_sample

    existing = [name for name in SAMPLE_FILES if (args.out / name).exists()]
    if existing and not args.force:
        raise StaffingInputError(
            Problem(
                file=str(args.out / name),
                message="the folder already has this file; writing the sample would replace it",
                fix="choose an empty folder for --out, or add --force to replace the files",
            )
            for name in existing
        )
    written = write_sample(args.out, seed=args.seed)
    print(f"Wrote the sample data set to {args.out}: " + ", ".join(p.name for p in written))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from staffing.dataset import load_dataset

    dataset = load_dataset(args.data)
    print(dataset.summary())
    return 0
