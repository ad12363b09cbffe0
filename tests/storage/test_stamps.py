"""The people's stamps (migration 0008): every write of a goal's inputs changes them.

The web app's result cache (strive.web.memo) trusts these two columns to change on
every insert, update and delete of what the gap and the route are computed from,
whoever writes (another worker, the CLI, plain SQL). Each table is written here
with plain SQL, on both backends; the other person's stamps must not move.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Connection, text

from strive.storage import Store

D = dt.date(2026, 1, 2)

ROWS: dict[str, tuple[str, dict[str, Any], str, str]] = {
    # table: (stamp, a new row's columns, a column to change, its new value SQL)
    "profile_changes": (
        "context_stamp",
        {"person_id": "P", "trait": "age", "value": "34", "when": D, "note": ""},
        "note",
        "'edited'",
    ),
    "cohort_imports": (
        "context_stamp",
        {
            "person_id": "P",
            "template": "t",
            "name": "n",
            "source": "s",
            "columns": "[]",
            "rows": "[]",
            "imported": D,
        },
        "source",
        "'other'",
    ),
    "stored_templates": (
        "context_stamp",
        {
            "person_id": "P",
            "name": "t",
            "source_path": "/t.toml",
            "digest": "0" * 64,
            "toml": "",
            "stored": D,
        },
        "toml",
        "'x = 1'",
    ),
    "custom_traits": (
        "context_stamp",
        {"goal_id": "G", "name": "c", "spec": "{}"},
        "spec",
        "'{\"a\": 1}'",
    ),
    "evidence": (
        "context_stamp",
        {"goal_id": "G", "condition": "age < 40", "source": "s", "note": ""},
        "note",
        "'edited'",
    ),
    "effort": (
        "effort_stamp",
        {"goal_id": "G", "action": "a", "hours": 1.0, "when": D, "note": ""},
        "hours",
        "2.0",
    ),
}


def _stamps(conn: Connection, person: int) -> tuple[int, int]:
    row = conn.execute(
        text("SELECT context_stamp, effort_stamp FROM people WHERE id = :p"),
        {"p": person},
    ).one()
    return int(row[0]), int(row[1])


def _goal(conn: Connection, person: int) -> int:
    return int(
        conn.execute(
            text(
                "INSERT INTO goals (person_id, title, template, why, hours_per_week, "
                "max_parallel, status, status_reason) VALUES (:p, 'A', 'nasa', '', "
                "10, 2, 'active', '') RETURNING id"
            ),
            {"p": person},
        ).scalar_one()
    )


def _person(conn: Connection, name: str) -> int:
    return int(
        conn.execute(
            text("INSERT INTO people (name) VALUES (:n) RETURNING id"), {"n": name}
        ).scalar_one()
    )


@pytest.fixture
def people(store: Store) -> tuple[Store, int, int, int]:
    with store.engine.begin() as conn:
        me, other = _person(conn, "me"), _person(conn, "other")
        goal = _goal(conn, me)
        _goal(conn, other)
    return store, me, other, goal


def _changed(before: tuple[int, int], after: tuple[int, int]) -> set[str]:
    names = ("context_stamp", "effort_stamp")
    return {n for n, b, a in zip(names, before, after, strict=True) if a != b}


@pytest.mark.parametrize("table", list(ROWS))
def test_every_write_of_an_input_changes_its_stamp_only(
    people: tuple[Store, int, int, int], table: str
) -> None:
    store, me, other, goal = people
    stamp, columns, column, value = ROWS[table]
    values = {
        k: me if v == "P" else goal if v == "G" else v for k, v in columns.items()
    }
    names = ", ".join(f'"{k}"' for k in values)
    marks = ", ".join(f":{k}" for k in values)
    writes = [
        (f"INSERT INTO {table} ({names}) VALUES ({marks})", values),
        (f"UPDATE {table} SET {column} = {value}", {}),
        (f"DELETE FROM {table}", {}),
    ]
    for sql, params in writes:
        with store.engine.begin() as conn:
            mine, theirs = _stamps(conn, me), _stamps(conn, other)
            conn.execute(text(sql), params)
            assert _changed(mine, _stamps(conn, me)) == {stamp}, sql
            assert _stamps(conn, other) == theirs, sql


def test_a_goal_write_changes_the_context_stamp(
    people: tuple[Store, int, int, int],
) -> None:
    store, me, other, goal = people
    for sql in (
        "UPDATE goals SET hours_per_week = 12 WHERE id = :g",
        "UPDATE goals SET status = 'paused' WHERE id = :g",
    ):
        with store.engine.begin() as conn:
            before, theirs = _stamps(conn, me), _stamps(conn, other)
            conn.execute(text(sql), {"g": goal})
            assert _changed(before, _stamps(conn, me)) == {"context_stamp"}
            assert _stamps(conn, other) == theirs
    with store.engine.begin() as conn:  # a goal moving to another owner: both
        before, theirs = _stamps(conn, me), _stamps(conn, other)
        conn.execute(
            text("UPDATE goals SET person_id = :o WHERE id = :g"),
            {"o": other, "g": goal},
        )
        assert _changed(before, _stamps(conn, me)) == {"context_stamp"}
        assert _changed(theirs, _stamps(conn, other)) == {"context_stamp"}


def test_the_workspace_writes_change_the_stamps(store: Store) -> None:
    """Through the library, as the CLI writes: profile, evidence, effort."""
    from strive.effort import EffortEntry
    from strive.workspace import Workspace

    ws = Workspace(store, today=D)
    ws.new_goal("Fly", "nasa-astronaut")

    def now() -> tuple[int, int]:
        with store.engine.connect() as conn:
            return _stamps(conn, _id(conn))

    def _id(conn: Connection) -> int:
        return int(conn.execute(text("SELECT id FROM people")).scalar_one())

    before = now()
    ws.set_traits({"age": "34"})
    assert _changed(before, after := now()) == {"context_stamp"}
    with store.unit() as uow:
        goal = uow.active_goal()
        assert goal is not None and goal.id is not None
        uow.add_effort(goal.id, EffortEntry("private_pilot", 2.0, D))
    assert _changed(after, now()) == {"effort_stamp"}
