"""Durability: a writer killed with SIGKILL mid-way leaves only whole units.

On SQLite (WAL, synchronous=FULL) and PostgreSQL; the CLI and the web server get
the same treatment in test_crash_cli.py and tests/web/test_crash.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from tests.storage.durability import integrity_problems

from strive.storage import Store

PARTS = 5
"""Each unit writes a goal, this many attempts and this many effort entries."""

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from strive.attempts import Attempt
    from strive.effort import EffortEntry
    from strive.goal import Goal
    from strive.storage import Store

    store = Store.open(sys.argv[1])
    parts = int(sys.argv[2])
    day = dt.date(2000, 1, 1)
    with store.unit() as uow:
        n = len(uow.list_goals())
    while True:
        with store.unit() as uow:
            goal = uow.add_goal(Goal(f"unit {n}", "nasa"))
            for i in range(parts):
                uow.add_attempt(goal.id, Attempt(f"try {i}", day))
                uow.add_effort(goal.id, EffortEntry("pilot", 1.0, day))
        print(n, flush=True)
        n += 1
    """
)


def _write_then_kill(db_url: str, pause: float) -> int:
    """Run the writer, kill it ``pause`` s after its 20th new unit; last unit seen."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, db_url, str(PARTS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    seen: list[int] = []
    try:
        while len(seen) < 20:
            line = child.stdout.readline()
            assert line, "the writer stopped before being killed"
            seen.append(int(line))
        time.sleep(pause)  # land somewhere inside a later unit
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return seen[-1]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_writer_leaves_only_whole_units(db_url: str) -> None:
    Store.open(db_url).close()
    for pause in (0.0, 0.007, 0.013):
        committed = _write_then_kill(db_url, pause)

        assert integrity_problems(db_url) == []
        with Store.open(db_url) as store, store.unit() as uow:
            goals = uow.list_goals()
            assert len(goals) > committed  # every reported commit survived
            assert [g.title for g in goals] == [f"unit {n}" for n in range(len(goals))]
            for goal in goals:
                assert goal.id is not None
                assert len(uow.list_attempts(goal.id)) == PARTS, goal.title
                assert len(uow.list_effort(goal.id)) == PARTS, goal.title
