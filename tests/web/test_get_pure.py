"""A GET never writes: every GET route leaves every table's row count unchanged.

The routes come from the router list (:mod:`tests.web.pages`), so a new GET route
is covered the day it is added. They are requested for José's journey (his active
goal, and his achieved first goal whose step pages answer 409), for a new goal with
nothing recorded, and as a visitor. Before this test the review page and
``GET /api/goals/{id}/review`` saved the re-planned route on every visit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text
from tests.web.conftest import new_goal, sign_up
from tests.web.pages import get_routes

from strive.storage.store import to_url
from strive.web.charts import KINDS

TRAITS = ("age_at_selection", "no_such_trait")


def _counts(db: Path | str) -> dict[str, int]:
    """Every table's row count (a SQLite file's path, or a database URL)."""
    engine = create_engine(to_url(db))
    try:
        with engine.connect() as con:
            return {
                n: int(con.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one())
                for n in sorted(inspect(engine).get_table_names())
            }
    finally:
        engine.dispose()


def _urls(goal_id: int) -> list[str]:
    found = []
    for path in get_routes():
        variants = [path]
        if "{kind}" in path:
            variants = [path.replace("{kind}", k) for k in KINDS]
        if "{trait}" in path:
            variants = [path.replace("{trait}", t) for t in TRAITS]
        found += [v.replace("{goal_id}", str(goal_id)) for v in variants]
    return found


def _get_all(client: Any, db: Path, goal_ids: list[int]) -> list[str]:
    """Request every GET route for each goal; the ones that changed a count."""
    changed = []
    for goal_id in goal_ids:
        for path in _urls(goal_id):
            before = _counts(db)
            response = client.get(path, follow_redirects=False)
            assert response.status_code < 500, (path, response.text)
            after = _counts(db)
            if after != before:
                diff = {
                    t: (before.get(t), n)
                    for t, n in after.items()
                    if before.get(t) != n
                }
                changed.append(f"GET {path} ({response.status_code}) changed {diff}")
    return changed


def test_no_get_writes_for_joses_journey(owner: Any, db_path: Path) -> None:
    client, csrf = owner
    assert client.post("/api/demo", headers={"X-CSRF-Token": csrf}).status_code == 201
    goals = client.get("/api/goals").json()["goals"]
    assert {g["status"] for g in goals} == {"active", "achieved"}
    assert _get_all(client, db_path, [g["id"] for g in goals]) == []


def test_no_get_writes_for_a_new_goal_or_a_visitor(client: Any, db_path: Path) -> None:
    csrf = sign_up(client, "new@example.org")
    goal = new_goal(client, csrf)
    assert _get_all(client, db_path, [goal]) == []
    client.cookies.clear()
    assert _get_all(client, db_path, [goal]) == []
