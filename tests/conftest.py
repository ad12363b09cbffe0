"""Shared fixtures: a fresh database per test, a CLI runner, fixed dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strive.cli import app


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh SQLite database file for each test."""
    return tmp_path / "strive.db"


@pytest.fixture
def cli(db_path: Path) -> Callable[..., object]:
    """Run ``strive`` against the test's own database; returns the result."""
    runner = CliRunner()

    def run(*args: str, today: str | None = "2026-01-15", input: str | None = None):  # type: ignore[no-untyped-def]
        full = ["--db", str(db_path)]
        if today:
            full += ["--today", today]
        return runner.invoke(app, [*full, *args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 1, 15)
