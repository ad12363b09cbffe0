"""Shared fixtures and the suite-wide policies.

Fixtures: a fresh database per test, a CLI runner, fixed dates.

Skip policy: when the environment variable ``CI`` is ``true`` (CI sets it), a test
that would be skipped (``pytest.skip``, ``importorskip``, a ``skipif`` marker, a
fixture that cannot find PostgreSQL) *fails* instead, with the skip's reason, so a
missing dependency can never turn a CI run green with tests silently not run. Outside
CI a skip stays a skip, so a developer without PostgreSQL can still run the rest.
The policy lives in two hooks below (tests and collection), so no test has to opt in.

Hypothesis profiles: ``ci`` (derandomized, no example database, ``print_blob`` so a
failure prints the ``@reproduce_failure`` line) is loaded when ``CI`` is true; ``dev``
(random, with the default directory database ``.hypothesis/`` so a failing example is
replayed first on the next run) otherwise. ``HYPOTHESIS_PROFILE`` overrides both.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Generator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from strive.cli import app


def in_ci() -> bool:
    """True when the ``CI`` environment variable says so (``true``/``1``/``yes``)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


settings.register_profile(
    "ci", derandomize=True, database=None, print_blob=True, deadline=None
)
settings.register_profile("dev", print_blob=True, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev")
)


def _skip_reason(longrepr: object) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def _fail_skip_in_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail") and in_ci():
        report.outcome = "failed"
        report.longrepr = (
            "skipped in CI (CI=true), which counts as a failure: "
            f"{_skip_reason(report.longrepr)}"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _fail_skip_in_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    _fail_skip_in_ci(report)
    return report


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


@pytest.fixture(scope="session")
def fact_counts() -> Callable[[int, int], dict[str, tuple[int, int, int]]]:
    """(had, known, n) per trait for the classes ``first``..``last``, counted straight
    from the shipped NASA fact table: an oracle that does not use the gap engine."""
    import csv
    import io
    from importlib import resources

    text = (
        resources.files("strive") / "data" / "nasa_classes_2004_2021.csv"
    ).read_text(encoding="utf-8")
    facts = list(csv.DictReader(io.StringIO(text)))

    def counts(first: int, last: int) -> dict[str, tuple[int, int, int]]:
        rows = [r for r in facts if first <= int(r["class_year"]) <= last]
        pilot = [r["pilot"] for r in rows if r["pilot"] != "unknown"]
        scuba = [r["scuba"] for r in rows if r["scuba"] != "unknown"]
        langs = [r["languages"] for r in rows if r["languages"] != "unknown"]
        return {
            "pilots": (sum(p != "none" for p in pilot), len(pilot), len(rows)),
            "divers": (sum(s == "yes" for s in scuba), len(scuba), len(rows)),
            "languages": (sum(bool(x.strip()) for x in langs), len(langs), len(rows)),
        }

    return counts
