"""SIGKILL a CLI process in the middle of its writes (SQLite WAL and PostgreSQL).

Two kinds of CLI work: thousands of small commands (``strive log`` and ``strive
profile set``, each its own transaction, each printing ``ok`` when done) from a
process killed after 200-400 of them, five times,
and one long ``strive import`` (901 rows in one transaction). After every
kill: each write the CLI reported done is there, nothing never attempted is, the
import is all or nothing, and the database passes its integrity checks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from tests.storage.durability import integrity_problems

from strive.effort import EffortEntry
from strive.profile import Change
from strive.storage import Store
from strive.storage.store import make_engine
from strive.workspace import Workspace

TODAY = dt.date(2026, 1, 15)
KILLS = 5
PER_KILL = (200, 400)
"""Commands reported done between a start and its kill (drawn per kill)."""
ENOUGH = 1000
"""Reported writes checked per backend, at least."""
IMPORT_KILLS = 3
SEED = 1201

MANY = textwrap.dedent(
    """
    import sys
    import typer.testing
    from strive.cli import app
    from strive.storage import Store
    from strive.workspace import Workspace

    url, start = sys.argv[1], int(sys.argv[2])
    # Many commands per process lifetime: the click command is built once and the
    # database opened once (each command still parses its arguments, runs its own
    # transaction and commits before printing "ok").
    built = typer.testing._get_command(app)
    typer.testing._get_command = lambda _app: built
    store = Store.open(url)

    def reuse(cls, db=None, *, person="me", today=None, notify=None):
        return cls(store, person=person, today=today, notify=notify)

    Workspace.open = classmethod(reuse)
    runner = typer.testing.CliRunner()

    def run(*args):
        done = runner.invoke(app, ["--db", url, "--today", "2026-01-15", *args])
        if done.exit_code != 0:
            print("error", done.output.replace("\\n", " "), flush=True)
            sys.exit(1)

    i = start
    while True:
        note = f"cli-{i}"
        print("try", note, flush=True)
        if i % 2:
            run("profile", "set", f"age={20 + i % 50}", "--note", note)
        else:
            run("log", "0.5", "learn_russian", "--note", note)
        print("ok", note, flush=True)
        i += 1
    """
)
"""``strive log`` / ``strive profile set`` in a loop in one process: ``URL START``.
Prints ``try NOTE`` before a command and ``ok NOTE`` once it exited 0."""


def _notes(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT note FROM effort UNION ALL SELECT note FROM profile_changes"
                )
            ).scalars()
            return {str(n) for n in rows if str(n).startswith("cli-")}
    finally:
        engine.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_cli_loses_no_reported_write(db_url: str) -> None:
    with Store.open(db_url) as store:
        Workspace(store, today=TODAY).new_goal("Fly to space", "nasa-astronaut")
    rng = random.Random(SEED)
    tried: set[str] = set()
    done: set[str] = set()
    for kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", MANY, db_url, str(kill * 100_000)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        reported = 0
        try:
            target = rng.randint(*PER_KILL)  # kill after this many, mid-command
            while reported < target:
                line = child.stdout.readline()
                assert line and not line.startswith("error"), line
                word, note = line.split()
                (tried if word == "try" else done).add(note)
                reported += word == "ok"
            time.sleep(rng.uniform(0.0, 0.1))
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        for line in child.stdout:  # what it printed before dying counts too
            word, note = line.split()
            (tried if word == "try" else done).add(note)
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL

        assert integrity_problems(db_url) == [], f"after kill {kill + 1}"
        present = _notes(db_url)
        assert done <= present, f"reported but lost: {done - present}"
        assert present <= tried, f"never attempted: {present - tried}"
    assert len(done) >= ENOUGH
    print(
        f"\n[crash-cli] {db_url.split(':')[0]}: {KILLS} kills survived, "
        f"{len(done)} reported writes checked, {len(tried)} attempted"
    )


# --- one long import --------------------------------------------------------------

ENTRIES = 800
CHANGES = 100


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export of one goal with ENTRIES effort entries and CHANGES profile values."""
    folder = tmp_path_factory.mktemp("export")
    with Store.open(folder / "source.db") as store:
        ws = Workspace(store, today=TODAY)
        goal = ws.new_goal("Fly to space", "nasa-astronaut").id
        assert goal is not None
        with store.unit() as uow:
            for i in range(ENTRIES):
                day = TODAY - dt.timedelta(days=i % 700)
                uow.add_effort(goal, EffortEntry("learn_russian", 0.5, day, f"e{i}"))
            for i in range(CHANGES):
                day = TODAY - dt.timedelta(days=i)
                uow.add_change(Change("age", float(20 + i % 30), day, f"p{i}"))
        doc = ws.export()
    path = folder / "big.json"
    path.write_text(json.dumps(doc))
    return path


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:

            def n(table: str) -> int:
                return int(
                    conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                )

            return n("goals"), n("effort"), n("profile_changes")
    finally:
        engine.dispose()


def _fresh(db_url: str, tmp_path: Path, n: int, cluster: Any) -> str:
    if db_url.startswith("sqlite"):
        return f"sqlite+pysqlite:///{tmp_path / f'import-{n}.db'}"
    url: str = cluster.new_database()
    return url


IMPORTER = textwrap.dedent(
    """
    import sys
    from typer.testing import CliRunner
    from strive.cli import app
    import strive.storage.export, strive.workspace  # loaded before "ready"

    url, path = sys.argv[1], sys.argv[2]
    print("ready", flush=True)
    done = CliRunner().invoke(app, ["--db", url, "import", path])
    print("done" if done.exit_code == 0 else "error " + done.output, flush=True)
    """
)
"""``strive import`` in a process that says "ready" once Python and strive are
loaded, so the kill can be timed to land inside the import command itself."""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_import_is_all_or_nothing(
    db_url: str, tmp_path: Path, big_export: Path, request: pytest.FixtureRequest
) -> None:
    cluster = (
        request.getfixturevalue("pg_cluster") if db_url.startswith("postgres") else None
    )

    def start(url: str) -> subprocess.Popen[str]:
        Store.open(url).close()  # migrated before: the kill lands in the import
        child = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, url, str(big_export)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        return child

    # A whole import first, to know how long the command takes here.
    url = _fresh(db_url, tmp_path, 0, cluster)
    whole = start(url)
    began = time.monotonic()
    out, _err = whole.communicate(timeout=300)
    took = time.monotonic() - began
    assert whole.returncode == 0 and out == "done\n", out
    complete = _counts(url)
    assert complete == (1, ENTRIES, CHANGES)

    rng = random.Random(SEED)
    outcomes = {"nothing": 0, "complete": 0}
    for kill in range(1, IMPORT_KILLS + 1):
        url = _fresh(db_url, tmp_path, kill, cluster)
        child = start(url)
        time.sleep(rng.uniform(0.3, 0.95) * took)  # inside the import command
        os.kill(child.pid, signal.SIGKILL)
        out, _err = child.communicate()
        assert integrity_problems(url) == [], f"after kill {kill}"
        counts = _counts(url)
        if "done" in out:
            assert counts == complete  # reported done: all of it is there
        assert counts in (complete, (0, 0, 0)), f"half an import: {counts}"
        outcomes["complete" if counts == complete else "nothing"] += 1
    print(
        f"\n[crash-import] {db_url.split(':')[0]}: {IMPORT_KILLS} kills survived "
        f"(import of {ENTRIES + CHANGES + 1} rows, {took:.1f} s whole): {outcomes}"
    )
