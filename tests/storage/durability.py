"""Checks shared by the crash and concurrent-writer tests, on SQLite and PostgreSQL.

A database "passes" when SQLite's own checks say ``ok`` (``PRAGMA integrity_check``
and ``PRAGMA foreign_key_check``) and, on both backends, the rows keep strive's
invariants: no row whose goal or person is gone, no goal half imported (an uploaded
template's goal without its stored template), every edit counter at least 1.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection

from sqlalchemy import text

from strive.storage.store import make_engine

CHILDREN = (
    "custom_traits",
    "evidence",
    "routes",
    "effort",
    "attempts",
    "supporters",
    "corrections",
)
"""Tables whose rows belong to a goal (``goal_id``)."""

VERSIONED = ("people", "goals", "effort", "attempts", "evidence", "supporters")


def integrity_problems(url: str, own_templates: Collection[str] = ()) -> list[str]:
    """Everything wrong with the database at ``url`` (empty: it passes).

    ``own_templates``: names of templates the test imported with their goals; a
    goal of one of them without its stored template is half imported.
    """
    problems: list[str] = []
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                checked = conn.exec_driver_sql("PRAGMA integrity_check").all()
                if checked != [("ok",)]:
                    problems.append(f"integrity_check: {checked}")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    problems.append(f"foreign_key_check: {broken}")

            def count(sql: str) -> int:
                return int(conn.execute(text(sql)).scalar_one())

            for table in CHILDREN:
                n = count(
                    f"SELECT count(*) FROM {table} t "
                    "LEFT JOIN goals g ON g.id = t.goal_id WHERE g.id IS NULL"
                )
                if n:
                    problems.append(f"{n} {table} rows without their goal")
            for table in ("goals", "profile_changes", "cohort_imports", "accounts"):
                n = count(
                    f"SELECT count(*) FROM {table} t "
                    "LEFT JOIN people p ON p.id = t.person_id WHERE p.id IS NULL"
                )
                if n:
                    problems.append(f"{n} {table} rows without their person")
            n = count(
                "SELECT count(*) FROM goals g LEFT JOIN stored_templates s "
                "ON s.id = g.template_id "
                "WHERE g.template_id IS NOT NULL AND s.id IS NULL"
            )
            if n:
                problems.append(f"{n} goals whose stored template is gone")
            bare = conn.execute(
                text("SELECT id, template FROM goals WHERE template_id IS NULL")
            ).all()
            half = [row for row in bare if row[1] in own_templates]
            if half:
                problems.append(f"half-imported goals (no stored template): {half}")
            for table in VERSIONED:
                n = count(f"SELECT count(*) FROM {table} WHERE version < 1")
                if n:
                    problems.append(f"{n} {table} rows with a version below 1")
    finally:
        engine.dispose()
    return problems


def sqlite_durability(url: str) -> tuple[str, int]:
    """The journal mode and ``synchronous`` level a strive engine's connection has."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            mode = str(conn.exec_driver_sql("PRAGMA journal_mode").scalar_one())
            sync = int(conn.exec_driver_sql("PRAGMA synchronous").scalar_one())
    finally:
        engine.dispose()
    return mode, sync


CLI_WRITER = textwrap.dedent(
    """
    import json, sys
    from typer.testing import CliRunner
    from strive.cli import app
    from strive.workspace import Workspace

    url, tag, rounds, counter = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    runner = CliRunner()
    opened = []
    open_workspace = Workspace.open.__func__

    def tracked(cls, *args, **kwargs):
        ws = open_workspace(cls, *args, **kwargs)
        opened.append(ws.store)
        return ws

    Workspace.open = classmethod(tracked)

    def run(*args):
        result = runner.invoke(app, ["--db", url, "--today", "2026-01-15", *args])
        while opened:  # one command per process normally: close its engine now
            opened.pop().close()
        return result

    for i in range(rounds):
        note = f"{tag}-log-{i}"
        if run("log", "0.25", "learn_russian", "--note", note).exit_code == 0:
            print("log", note, flush=True)
        note = f"{tag}-profile-{i}"
        done = run("profile", "set", f"age={30 + i}", "--note", note)
        if done.exit_code == 0:
            print("profile", note, flush=True)
        # A read-modify-write across "user time": read the counter entry and its
        # version, then add one hour only if nobody changed it meanwhile.
        listed = json.loads(run("effort", "list", "--json").stdout)["effort"]
        entry = next(e for e in listed if str(e["id"]) == counter)
        done = run(
            "effort", "edit", counter, "--hours", str(entry["hours"] + 1),
            "--if-version", str(entry["version"]),
        )
        if done.exit_code == 0:
            print("inc", entry["version"], flush=True)
        elif done.exit_code == 7:
            print("conflict", entry["version"], flush=True)
        else:
            print("error", done.exit_code, done.output.replace("\\n", " "), flush=True)
    """
)
"""A CLI process writing to one goal: ``URL TAG ROUNDS COUNTER_ID``.

Each round logs effort, sets a profile value and adds one hour to the counter entry
with a read-modify-write that says the version it read (``--if-version``). It prints
one line per acknowledged write (exit 0): ``log NOTE``, ``profile NOTE``,
``inc VERSION``; a refused stale edit prints ``conflict VERSION``.
"""
