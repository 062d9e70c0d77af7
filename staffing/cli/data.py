"""``staffing sample`` and ``staffing validate``."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    sample = subparsers.add_parser("sample", help="write the bundled sample data set")
    sample.add_argument("--out", required=True, type=Path, help="folder to write into")
    sample.add_argument("--seed", type=int, default=20261111, help="random seed")
    sample.set_defaults(handler=run_sample)

    validate = subparsers.add_parser("validate", help="check every file of a data folder")
    validate.add_argument("--data", required=True, type=Path, help="the data folder")
    validate.set_defaults(handler=run_validate)


def run_sample(args: argparse.Namespace) -> int:
    from staffing.sample import write_sample

    written = write_sample(args.out, seed=args.seed)
    print(f"Wrote the sample data set to {args.out}: " + ", ".join(p.name for p in written))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from staffing.dataset import load_dataset

    dataset = load_dataset(args.data)
    print(dataset.summary())
    return 0
