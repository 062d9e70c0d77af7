"""Shared fixtures: the sample data set, generated once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly generated sample data folder (every file of the README's formats)."""
    from staffing.sample import write_sample

    out = tmp_path_factory.mktemp("sample")
    write_sample(out)
    return out
