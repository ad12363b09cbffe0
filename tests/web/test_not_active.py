"""A goal that is not the active goal: its step pages answer 409, its history stays.

The step engines work on the person's active goal, so a step page of any other
goal would show (or change) the active goal's data under the wrong title. Which
routes are which:

- **for any goal** (:data:`HISTORY`): the goal's own page (with "Make this my
  active goal" when paused), ``/history``, ``GET /api/goals/{id}``, making it the
  active goal, and closing it (a paused goal may be retired);
- **409 for a goal that is not the active one**: every other route with a
  ``{goal_id}`` (pages, pictures, the calendar, the API; reads and writes), taken
  from the router list so a new step route is covered.

The page says what to do and links the goal's page; the API answers
``{"errors": [{"field": null, "message": ...}]}``. A write answered 409 changes
nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import create_engine, text
from tests.web.conftest import new_goal
from tests.web.test_get_pure import _counts

from strive.storage.store import to_url
from strive.web import routes

HISTORY = {
    ("GET", "/goals/{goal_id}"),
    ("GET", "/api/goals/{goal_id}"),
    ("POST", "/goals/{goal_id}/use"),  # makes it the active goal
    ("POST", "/api/goals/{goal_id}/use"),
    ("POST", "/goals/{goal_id}/close"),  # a paused goal may be retired
}
"""Routes for any goal of the person, active or not."""
SHARING = (
    "/supporters",
    "/grants",
    "/inbox",
    "/invitations",
    "/notes",
    "/questions",
    "/suggestions",
    "/supporting/",
)
"""Who sees a goal, and what supporters wrote on it, belong to the goal, not to the
step engines: an owner manages the circle of a paused goal too (and revokes on it),
so these routes answer for any goal (their own tests are tests/web/test_supporters*)."""
BODIES = {
    "/api/goals/{goal_id}/profile": {"values": {"age": "30"}},
    "/api/goals/{goal_id}/evidence": {"condition": "pilot_licence", "source": "a"},
    "/api/goals/{goal_id}/effort": {"hours": 1, "action": "pilot_licence"},
    "/api/goals/{goal_id}/effort/{entry_id}": {"hours": 2},
    "/api/goals/{goal_id}/attempts": {"name": "NASA 2026"},
    "/api/goals/{goal_id}/attempts/{attempt_id}/result": {"outcome": "rejected"},
}
"""Valid JSON bodies, so the API's answer is about the goal, not the body."""
FILL = {
    "{trait}": "age_at_selection",
    "{kind}": "route",
    "{entry_id}": "1",
    "{attempt_id}": "1",
}


def _goal_routes() -> list[tuple[str, str]]:
    found = []
    for router in routes.ROUTERS:
        for r in router.routes:
            if isinstance(r, APIRoute) and "{goal_id}" in r.path:
                found += [(m, r.path) for m in sorted(r.methods)]
    return found


def _url(path: str, goal_id: int) -> str:
    url = path.replace("{goal_id}", str(goal_id))
    for name, value in FILL.items():
        url = url.replace(name, value)
    assert "{" not in url, f"add a value for {url} to FILL"
    return url


def _request(client: Any, csrf: str, method: str, path: str, url: str) -> Any:
    headers = {"X-CSRF-Token": csrf}
    if method in ("GET", "DELETE"):
        return client.request(method, url, headers=headers)
    if url.startswith("/api/"):
        body = BODIES.get(path, {})
        return client.request(method, url, json=body, headers=headers)
    return client.request(method, url, data={"csrf": csrf}, headers=headers)


@pytest.fixture
def two_goals(owner: Any) -> tuple[Any, str, int, int]:
    client, csrf = owner
    first = new_goal(client, csrf, "First")
    second = new_goal(client, csrf, "Second")  # the first is paused
    return client, csrf, first, second


def test_every_step_route_of_a_paused_goal_is_409(
    two_goals: tuple[Any, str, int, int], db_path: Path
) -> None:
    client, csrf, paused, _active = two_goals
    step_routes = [
        r
        for r in _goal_routes()
        if r not in HISTORY and not any(part in r[1] for part in SHARING)
    ]
    assert len(step_routes) > 25  # the list really comes from the routers
    before = _counts(db_path)
    wrong = []
    for method, path in step_routes:
        url = _url(path, paused)
        response = _request(client, csrf, method, path, url)
        if response.status_code != 409:
            wrong.append(f"{method} {url}: {response.status_code}")
            continue
        if url.startswith("/api/"):
            [error] = response.json()["errors"]
            assert (
                "“First” is paused: make it your active goal first"
                in (error["message"])
            )
        else:
            assert "make it your active goal first" in response.text
            assert f'href="/goals/{paused}"' in response.text
    assert wrong == []
    assert _counts(db_path) == before  # no write answered 409 changed anything


def test_history_stays_readable_and_the_goal_can_be_made_active(
    two_goals: tuple[Any, str, int, int],
) -> None:
    client, csrf, paused, active = two_goals
    page = client.get(f"/goals/{paused}")
    assert page.status_code == 200 and "Make this my active goal" in page.text
    assert client.get(f"/api/goals/{paused}").json()["status"] == "paused"
    assert "First" in client.get("/history").text
    used = client.post(f"/goals/{paused}/use", data={"csrf": csrf})
    assert used.status_code == 200
    assert client.get(f"/goals/{paused}/gap").status_code == 200
    assert client.get(f"/goals/{active}/gap").status_code == 409


def test_an_older_row_still_marked_active_is_not_served_the_active_goals_data(
    two_goals: tuple[Any, str, int, int], db_path: Path
) -> None:
    """A database from before "one active goal" (or edited by hand) may hold two
    goals marked active; the engines use the newest, so the older one's step pages
    must not show the newest's data under the older title."""
    client, _csrf, first, second = two_goals
    engine = create_engine(to_url(db_path))
    with engine.begin() as con:
        con.execute(
            text("UPDATE goals SET status = 'active' WHERE id = :id"), {"id": first}
        )
    engine.dispose()
    assert client.get(f"/api/goals/{first}").json()["status"] == "active"
    response = client.get(f"/goals/{first}/gap")
    assert response.status_code == 409
    assert client.get(f"/api/goals/{first}/profile").status_code == 409
    assert client.get(f"/goals/{second}/gap").status_code == 200
