"""The import budget of `strive --help`, `strive gap` and `strive route` (issue 10).

Measured as the modules a fresh interpreter has imported after the command, not as
wall time (a timed unit test would be flaky on a shared machine): heavy libraries
stay out of the commands that do not need them, and the module count stays under a
budget with headroom over today's (about 260 for --help, 450 for gap and route on a
SQLite file; docs/route.md has the wall and CPU times these budgets buy).

On a SQLite file at the newest schema, gap and route read through sqlite3
(strive.storage.lite) and import no SQLAlchemy at all; on PostgreSQL they need the
ORM. No command imports pydantic (typer 0.29 would, to convert the options).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]

PROBE = """
import contextlib, io, json, sys
from strive.cli.app import app
out = io.StringIO()
code = 0
with contextlib.redirect_stdout(out):
    try:
        app(sys.argv[1:], standalone_mode=False)
    except SystemExit as exc:
        code = exc.code or 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
NEVER = {
    "sklearn",
    "skops",
    "scipy",
    "pandas",
    "matplotlib",
    "fastapi",
    "dask",
    "distributed",
    "pyarrow",
    "babel",
    "icalendar",
    "playwright",
    "uvicorn",
    "pydantic",
    "pydantic_core",
    "alembic",
}
"""Not needed by any of the three commands (a model, a chart, the web, a batch, a
migration of a database already at the newest schema, option conversion)."""
HELP_NEVER = NEVER | {"numpy", "sqlalchemy", "highspy", "html"}
SQLITE_NEVER = NEVER | {
    "sqlalchemy",
    "html",
    "concurrent",
    "multiprocessing",
    "logging",
}
"""gap and route on a SQLite file: read through sqlite3, not the ORM; no HTML parser
(biographies), thread or process pools (large cohorts, batches) or logging."""


def _modules(*args: str) -> tuple[int, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    doc = json.loads(result.stdout.strip().splitlines()[-1])
    return doc["code"], set(doc["modules"])


def _tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_help_imports_no_heavy_library() -> None:
    code, modules = _modules("--help")
    assert code == 0
    assert not _tops(modules) & HELP_NEVER
    assert len(modules) <= 320


@pytest.mark.parametrize("command", ["gap", "route"])
def test_gap_and_route_import_only_what_they_use(
    cli: Run, db_path: Path, command: str
) -> None:
    assert (
        cli("goal", "new", "Astronaut", "--template", "nasa-astronaut").exit_code == 0
    )
    profile = [
        "us_citizen=yes",
        "age=34",
        "degree_level=master",
        "degree_field=stem",
        "experience_years=6",
        "jet_pic_hours=0",
        "military=no",
    ]
    assert cli("profile", "set", *profile, "--date", "2025-06-01").exit_code == 0
    code, modules = _modules(
        "--db", str(db_path), "--today", "2026-01-15", command, "--json"
    )
    assert code == 0
    if isinstance(db_path, Path):
        assert not _tops(modules) & SQLITE_NEVER
        assert "strive.storage.lite" in modules
        assert len(modules) <= 560
    else:  # PostgreSQL: the ORM reads, but nothing else heavy
        assert not _tops(modules) & NEVER
        assert "sqlalchemy.orm" in modules
        assert len(modules) <= 900
    # The route ranks the gaps but does not work out the reach (a least-effort
    # plan per look-alike): only the gap command needs it.
    assert ("strive.reach" in modules) == (command == "gap")
