"""Reading goals: the same goals as before, in a read-only unit that does not wait
for a writer on SQLite (a real file, and a PostgreSQL database)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from strive.errors import NotFoundError
from strive.goal import GoalStatus
from strive.workspace import Workspace

TODAY = dt.date(2026, 1, 15)


def test_goals_and_goal_read_what_was_written(db_path: Any) -> None:
    ws = Workspace.open(db_path, today=TODAY)
    try:
        first = ws.new_goal("Astronaut", "nasa-astronaut")
        second = ws.new_goal("Graduate school", "graduate-admissions")
        goals = ws.goals()
        assert [(g.id, g.title) for g in goals] == [
            (first.id, "Astronaut"),
            (second.id, "Graduate school"),
        ]
        assert ws.goal() == goals[1] and goals[1].status is GoalStatus.ACTIVE
        assert first.id is not None and ws.goal(first.id) == goals[0]
        with pytest.raises(NotFoundError):
            ws.goal(999)
    finally:
        ws.close()


@pytest.mark.sqlite_only(reason="BEGIN IMMEDIATE's write lock is SQLite's")
def test_reading_goals_does_not_wait_for_another_writer(tmp_path: Path) -> None:
    """``goals()`` and ``goal()`` began write units (``BEGIN IMMEDIATE``), so they
    waited for any writer and failed with "database is locked" after the busy
    timeout; read-only units read alongside (WAL)."""
    path = tmp_path / "w.db"
    ws = Workspace.open(path, today=TODAY)
    try:
        goal = ws.new_goal("Astronaut", "nasa-astronaut")
        expected = ws.goals()
        other = sqlite3.connect(path, isolation_level=None, timeout=0.1)
        other.execute("BEGIN IMMEDIATE")
        try:
            assert ws.goals() == expected
            assert goal.id is not None and ws.goal(goal.id) == expected[0]
            assert ws.goal() == expected[0]
        finally:
            other.execute("ROLLBACK")
            other.close()
    finally:
        ws.close()
