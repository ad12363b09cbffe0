"""Workspace.open on a SQLite file at the newest schema reads through sqlite3.

The gap and the route must be the same as through the ORM, the route must be saved
where the ORM reads it, and anything else (a write) must still work: the Store is
opened on first use.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from strive.storage import Store
from strive.workspace import Workspace

pytestmark = pytest.mark.sqlite_only(reason="the sqlite3 read path is SQLite's")

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
def path(tmp_path: Path) -> Path:
    db = tmp_path / "strive.db"
    ws = Workspace.open(db, today=TODAY)  # a new file: the Store creates it
    assert ws._lite is None
    ws.new_goal("Astronaut", "nasa-astronaut")
    ws.set_traits(PROFILE, when=dt.date(2025, 6, 1))
    ws.close()
    return db


def test_gap_and_route_equal_the_orms(path: Path) -> None:
    lite = Workspace.open(path, today=TODAY)
    assert lite._lite is not None and lite._store is None
    with Store.open(path) as store:
        orm = Workspace(store, today=TODAY)
        assert orm.gap().to_json() == lite.gap().to_json()
        assert [r.to_json() for r in orm.record_first()] == [
            r.to_json() for r in lite.record_first()
        ]
        plan = lite.plan()
        assert lite._store is None  # read and saved without SQLAlchemy's Store
        assert orm.plan(save=False).to_json() == plan.to_json()
        with store.unit(read=True) as uow:
            goal = uow.active_goal()
            assert goal is not None and goal.id is not None
            assert uow.latest_route(goal.id) == plan.to_json()
    lite.close()


def test_a_write_opens_the_store(path: Path) -> None:
    ws = Workspace.open(path, today=TODAY)
    ws.set_traits({"jet_pic_hours": "1200"})
    assert ws._store is not None
    assert ws.context().values(TODAY)["jet_pic_hours"] == 1200.0
    ws.close()
