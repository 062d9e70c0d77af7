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


@pytest.fixture(autouse=True)
def private_plan_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own plan store, never the user's ~/.staffing/plans.sqlite; a test
    may still point STAFFING_STORE elsewhere."""
    from staffing.store import STORE_ENV

    path = tmp_path_factory.mktemp("store") / "plans.sqlite"
    monkeypatch.setenv(STORE_ENV, str(path))
    return path
