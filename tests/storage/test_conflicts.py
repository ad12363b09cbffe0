"""Conflicting edits are refused, never silently overwritten (SQLite and PostgreSQL).

Rows people edit carry a ``version``. An edit that says which version it read
(a web form, an API call, ``--if-version``) is refused with ConflictError when the
row has moved on; an edit read and written in one transaction is refused when
another transaction changed the row in between (PostgreSQL), or waits for it
(SQLite's single writer). Two CLI processes hammering one goal lose nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from tests.storage.durability import CLI_WRITER, integrity_problems

from strive.attempts import Outcome
from strive.corrections import RecordKind
from strive.errors import ConflictError
from strive.storage import Store
from strive.workspace import Workspace

TODAY = dt.date(2026, 1, 15)
ACTION = "learn_russian"


@pytest.fixture
def ws(store: Store) -> Workspace:
    w = Workspace(store, today=TODAY)
    w.new_goal("Fly to space", "nasa-astronaut")
    return w


def test_a_stale_version_is_refused_and_nothing_is_written(ws: Workspace) -> None:
    entry = ws.log(2.0, ACTION)
    assert entry.id is not None
    assert ws.versions(RecordKind.EFFORT) == {entry.id: 1}
    ws.edit_effort(entry.id, hours=3.0, expected_version=1)
    assert ws.versions(RecordKind.EFFORT) == {entry.id: 2}
    corrections = len(ws.corrections())

    with pytest.raises(ConflictError) as refused:
        ws.edit_effort(entry.id, hours=9.0, expected_version=1)
    assert refused.value.where == "version"
    assert "changed elsewhere" in refused.value.message
    with pytest.raises(ConflictError):
        ws.delete_effort(entry.id, expected_version=1)
    assert [e.hours for e in ws.effort_log()] == [3.0]
    assert len(ws.corrections()) == corrections  # no history for a refused edit
    ws.delete_effort(entry.id, expected_version=2)
    assert ws.effort_log() == []

    ws.add_attempt("NASA 2028", TODAY)
    (attempt_id,) = ws.versions(RecordKind.ATTEMPT)
    ws.edit_attempt("NASA 2028", feedback="call in May", expected_version=1)
    with pytest.raises(ConflictError):
        ws.record_result("NASA 2028", Outcome.REJECTED, expected_version=1)
    assert ws.attempts().attempts[0].outcome is Outcome.PENDING
    ws.record_result("NASA 2028", Outcome.REJECTED, expected_version=2)
    assert ws.versions(RecordKind.ATTEMPT) == {attempt_id: 3}

    ev = ws.add_evidence("speaks_russian", source="a crew member", have=3, of=4)
    assert ev.id is not None
    ws.edit_evidence(ev.id, note="asked in 2025", expected_version=1)
    with pytest.raises(ConflictError):
        ws.edit_evidence(ev.id, have=4, expected_version=1)
    assert ws.context().evidence[0].have == 3

    seen = ws.profile_version()
    ws.set_traits({"age": "35"}, expected_version=seen)
    with pytest.raises(ConflictError):
        ws.set_traits({"age": "36"}, expected_version=seen)
    assert ws.context().values(TODAY)["age"] == 35
    assert ws.profile_version() == seen + 1

    goal = ws.goal()
    assert goal.id is not None
    version = ws.goal_version(goal.id)
    ws.update_limits(hours_per_week=12, expected_version=version)
    with pytest.raises(ConflictError):
        ws.update_limits(money=100.0, expected_version=version)
    assert ws.goal().limits.money is None


def test_an_edit_without_a_version_is_applied_as_given(ws: Workspace) -> None:
    entry = ws.log(2.0, ACTION)
    assert entry.id is not None
    ws.edit_effort(entry.id, hours=4.0)
    ws.edit_effort(entry.id, note="second")
    assert ws.versions(RecordKind.EFFORT) == {entry.id: 3}
    (after,) = ws.effort_log()
    assert (after.hours, after.note) == (4.0, "second")


def test_interleaved_transactions_lose_no_update(store: Store, ws: Workspace) -> None:
    """A reads the goal, B changes it and commits, then A writes what it read.

    PostgreSQL (read committed) lets B commit in between: A must be refused. SQLite
    takes the write lock at BEGIN: B waits for A, then reads A's result. Either way
    every change that was acknowledged is in the final goal.
    """
    other = Workspace(store, today=TODAY)
    acknowledged: dict[str, Any] = {}
    failures: list[BaseException] = []

    def writer_b() -> None:
        try:
            other.update_limits(money=5000.0)
            acknowledged["money"] = 5000.0
        except BaseException as exc:  # reported by the test below
            failures.append(exc)

    b = threading.Thread(target=writer_b)
    try:
        with store.unit() as uow:  # A
            goal = uow.active_goal()
            assert goal is not None
            b.start()
            if store.engine.dialect.name == "postgresql":
                # Nothing holds B back: wait until it has committed, however slow
                # the machine (a fixed second let A write first under load).
                b.join(timeout=60)
                assert not b.is_alive(), "B did not commit within 60 s"
            else:
                b.join(timeout=1.0)  # SQLite: B waits for A's write lock
            uow.update_goal(replace(goal, limits=replace(goal.limits, max_parallel=1)))
        acknowledged["max_parallel"] = 1
        refused = False
    except ConflictError:
        refused = True
    b.join(timeout=20)
    assert not b.is_alive() and not failures, failures
    final = ws.goal().limits
    assert final.money == 5000.0  # B's acknowledged change is never lost
    if store.engine.dialect.name == "postgresql":
        assert refused, "A wrote over B's change without noticing"
        assert final.max_parallel != 1
    else:
        assert not refused and final.max_parallel == 1


def test_the_cli_refuses_a_stale_edit_with_exit_7(cli: Any) -> None:
    assert cli("goal", "new", "Fly", "--template", "nasa-astronaut").exit_code == 0
    assert cli("log", "2", ACTION).exit_code == 0
    (entry,) = json.loads(cli("effort", "list", "--json").stdout)["effort"]
    assert entry["version"] == 1
    ok = cli("effort", "edit", str(entry["id"]), "--hours", "3", "--if-version", "1")
    assert ok.exit_code == 0, ok.output
    stale = cli("effort", "edit", str(entry["id"]), "--hours", "5", "--if-version", "1")
    assert stale.exit_code == 7
    assert "changed elsewhere" in stale.output and "not saved" in stale.output
    gone = cli("effort", "delete", str(entry["id"]), "--if-version", "1")
    assert gone.exit_code == 7
    (entry,) = json.loads(cli("effort", "list", "--json").stdout)["effort"]
    assert (entry["hours"], entry["version"]) == (3.0, 2)

    shown = json.loads(cli("profile", "show", "--json").stdout)
    seen = str(shown["version"])
    assert cli("profile", "set", "age=40", "--if-version", seen).exit_code == 0
    again = cli("profile", "set", "age=41", "--if-version", seen)
    assert again.exit_code == 7, again.output
    values = json.loads(cli("profile", "show", "--json").stdout)["traits"]
    assert next(t["value"] for t in values if t["trait"] == "age") == 40


def test_cli_lists_read_the_version_before_the_values(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``effort list --json`` and ``profile show --json`` read in several
    statements; another writer commits right after the values are read. The
    version printed must be the one of the values printed, so an edit based on them
    is refused (exit 7), never applied over the other writer's change."""
    assert cli("goal", "new", "Fly", "--template", "nasa-astronaut").exit_code == 0
    assert cli("log", "2", ACTION).exit_code == 0
    read_log, read_context = Workspace.effort_log, Workspace.context
    interfere = {"effort": True, "profile": False}

    def log_then_other_writer(self: Workspace) -> Any:
        entries = read_log(self)
        if interfere["effort"] and entries:
            interfere["effort"] = False
            assert entries[0].id is not None
            self.edit_effort(entries[0].id, hours=10.0)  # committed meanwhile
        return entries

    def context_then_other_writer(self: Workspace, goal_id: int | None = None) -> Any:
        found = read_context(self, goal_id)
        if interfere["profile"]:
            interfere["profile"] = False
            self.set_traits({"age": "41"})
        return found

    monkeypatch.setattr(Workspace, "effort_log", log_then_other_writer)
    monkeypatch.setattr(Workspace, "context", context_then_other_writer)
    (entry,) = json.loads(cli("effort", "list", "--json").stdout)["effort"]
    assert entry["hours"] == 2.0  # read before the other writer's commit
    edit = cli(
        "effort", "edit", str(entry["id"]), "--hours", "3",
        "--if-version", str(entry["version"]),
    )  # fmt: skip
    assert edit.exit_code == 7, edit.output

    interfere["profile"] = True
    shown = json.loads(cli("profile", "show", "--json").stdout)
    age = next(t["value"] for t in shown["traits"] if t["trait"] == "age")
    again = cli("profile", "set", "age=30", "--if-version", str(shown["version"]))
    if age != 41:  # read before the other writer's commit
        assert again.exit_code == 7, again.output


def test_upgrading_from_0004_starts_every_row_at_version_1(db_url: str) -> None:
    from alembic import command

    from strive.storage.store import alembic_config, make_engine

    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0004_sharing")
        conn.execute(text("INSERT INTO people (id, name) VALUES (1, 'me')"))
        conn.execute(
            text(
                "INSERT INTO goals (id, person_id, title, template, why, "
                "hours_per_week, max_parallel, status, status_reason) VALUES "
                "(1, 1, 'Fly', 'nasa-astronaut', '', 10, 2, 'active', '')"
            )
        )
        conn.execute(
            text(
                'INSERT INTO effort (goal_id, action, hours, "when", note) '
                f"VALUES (1, '{ACTION}', 2, '2026-01-10', 'old')"
            )
        )
    engine.dispose()
    with Store.open(db_url) as store:
        ws = Workspace(store, today=TODAY)
        (entry_id,) = ws.versions(RecordKind.EFFORT)
        assert ws.versions(RecordKind.EFFORT) == {entry_id: 1}
        assert ws.goal_version(1) == 1 and ws.profile_version() == 1
        ws.edit_effort(entry_id, hours=3.0, expected_version=1)
        with pytest.raises(ConflictError):
            ws.edit_effort(entry_id, hours=4.0, expected_version=1)
    assert integrity_problems(db_url) == []


# --- two CLI processes hammering one goal --------------------------------------------

ROUNDS = 5


def test_two_cli_processes_on_one_goal_lose_nothing(db_url: str) -> None:
    with Store.open(db_url) as store:
        ws = Workspace(store, today=TODAY)
        ws.new_goal("Fly to space", "nasa-astronaut")
        counter = ws.log(1.0, ACTION, note="counter")
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CLI_WRITER,
                db_url,
                tag,
                str(ROUNDS),
                str(counter.id),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    lines: list[list[str]] = []
    for w in writers:
        out, err = w.communicate(timeout=240)
        assert w.returncode == 0, err[-2000:]
        lines += [line.split(" ", 2) for line in out.splitlines()]
    kinds = Counter(line[0] for line in lines)
    assert kinds["error"] == 0, [line for line in lines if line[0] == "error"]
    assert kinds["log"] == kinds["profile"] == 2 * ROUNDS
    increments = kinds["inc"]
    assert increments + kinds["conflict"] == 2 * ROUNDS
    # Each version was incremented by exactly one writer: no double-counted read.
    won = [line[1] for line in lines if line[0] == "inc"]
    assert len(set(won)) == len(won)

    with Store.open(db_url) as store:
        ws = Workspace(store, today=TODAY)
        log = ws.effort_log()
        notes = Counter(e.note for e in log)
        logged = {line[1] for line in lines if line[0] == "log"}
        assert {n for n in notes if n != "counter"} == logged
        assert all(notes[n] == 1 for n in logged)
        (final,) = [e for e in log if e.id == counter.id]
        assert final.hours == 1 + increments  # not one acknowledged increment lost
        history = {c.note for c in ws.context().profile.changes}
        assert {line[1] for line in lines if line[0] == "profile"} <= history
        assert ws.profile_version() == 1 + 2 * ROUNDS
    assert integrity_problems(db_url) == []
    print(
        f"\n[conflicts] {db_url.split(':')[0]}: {kinds['log']} logs, "
        f"{kinds['profile']} profile edits, {increments} increments, "
        f"{kinds['conflict']} conflicts refused"
    )


@pytest.mark.sqlite_only(reason="PRAGMA journal_mode and synchronous are SQLite's")
def test_durability_settings_of_sqlite(db_path: Path) -> None:
    from tests.storage.durability import sqlite_durability

    Store.open(db_path).close()
    assert sqlite_durability(str(db_path)) == ("wal", 2)  # WAL, synchronous=FULL
