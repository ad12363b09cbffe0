"""Planning reads in a short read-only transaction, ranks gaps without the reach, and
gives the same route as ranking with the full gap report (real SQLite files)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from strive.workspace import Workspace

TODAY = dt.date(2026, 1, 15)
PROFILE = {
    "us_citizen": "yes",
    "age": "34",
    "degree_level": "master",
    "degree_field": "stem",
    "experience_years": "6",
    "jet_pic_hours": "0",
    "military": "no",
}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    ws = Workspace.open(tmp_path / "w.db", today=TODAY)
    ws.new_goal("Astronaut", "nasa-astronaut")
    ws.set_traits(PROFILE, when=dt.date(2025, 6, 1))
    return ws


def test_the_route_ranks_the_same_gaps_without_the_reach(ws: Workspace) -> None:
    ctx = ws.context()
    full = ws._analyze(ctx, TODAY)
    ranked = ws._gaps_for(ctx)
    assert full.reach is not None and ranked.reach is None
    assert ranked.they_have_you_dont == full.they_have_you_dont
    assert ranked.they_have_you_dont  # the profile has gaps to close
    assert ws.plan(save=False) == ws.plan(save=False, gap=full)


def test_a_route_saved_and_not_saved_are_the_same(
    ws: Workspace, tmp_path: Path
) -> None:
    unsaved = ws.plan(save=False)
    with sqlite3.connect(tmp_path / "w.db") as db:
        assert db.execute("select count(*) from routes").fetchone() == (0,)
    saved = ws.plan(save=True)
    assert saved == unsaved
    with sqlite3.connect(tmp_path / "w.db") as db:
        assert db.execute("select count(*) from routes").fetchone() == (1,)


def test_reading_does_not_wait_for_another_writer(
    ws: Workspace, tmp_path: Path
) -> None:
    """A context read and an unsaved plan go on while another connection holds
    the write lock (they begin deferred; WAL lets them read)."""
    expected = ws.plan(save=False), ws.record_first()
    other = sqlite3.connect(tmp_path / "w.db", isolation_level=None, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert ws.context().goal.title == "Astronaut"
        assert (ws.plan(save=False), ws.record_first()) == expected
    finally:
        other.execute("ROLLBACK")
        other.close()
