"""Another person's goal answers 404 on every page and API route (never 403)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import new_goal, sign_up

PAGES = [
    "",
    "/profile",
    "/gap",
    "/route",
    "/route.ics",
    "/progress",
    "/attempts",
    "/review",
    "/charts/gap/age.svg",
]
API_READS = [
    "",
    "/profile",
    "/evidence",
    "/gap",
    "/history",
    "/route",
    "/progress",
    "/effort",
    "/attempts",
    "/review",
]


@pytest.fixture
def two(app: Any) -> tuple[TestClient, str, TestClient, str, int]:
    ana = TestClient(app)
    ana_csrf = sign_up(ana, "ana@example.org", "Ana")
    goal = new_goal(ana, ana_csrf, "Ana's secret goal")
    ben = TestClient(app)
    ben_csrf = sign_up(ben, "ben@example.org", "Ben")
    return ana, ana_csrf, ben, ben_csrf, goal


def test_pages_of_another_persons_goal_are_404(two: Any) -> None:
    ana, _a, ben, _b, goal = two
    for suffix in PAGES:
        r = ben.get(f"/goals/{goal}{suffix}")
        assert r.status_code == 404, suffix
        assert "secret" not in r.text
        missing = ben.get(f"/goals/99999{suffix}")
        assert missing.status_code == 404
    assert ana.get(f"/goals/{goal}").status_code == 200


def test_api_of_another_persons_goal_is_404_like_a_missing_id(two: Any) -> None:
    _ana, _a, ben, _b, goal = two
    for suffix in API_READS:
        theirs = ben.get(f"/api/goals/{goal}{suffix}")
        missing = ben.get(f"/api/goals/99999{suffix}")
        assert theirs.status_code == missing.status_code == 404, suffix
        assert theirs.json() == missing.json()


def test_writes_to_another_persons_goal_are_404_and_change_nothing(two: Any) -> None:
    ana, _ana_csrf, ben, ben_csrf, goal = two
    h = {"X-CSRF-Token": ben_csrf}
    before = ana.get(f"/api/goals/{goal}/profile").json()
    writes = [
        ("post", f"/api/goals/{goal}/profile", {"values": {"age": "30"}}),
        (
            "post",
            f"/api/goals/{goal}/evidence",
            {"condition": "military", "source": "x"},
        ),
        ("post", f"/api/goals/{goal}/effort", {"hours": 1, "action": "x"}),
        ("post", f"/api/goals/{goal}/attempts", {"name": "NASA"}),
        ("post", f"/api/goals/{goal}/route", None),
        ("post", f"/api/goals/{goal}/use", None),
        ("patch", f"/api/goals/{goal}/effort/1", {"hours": 2}),
        ("delete", f"/api/goals/{goal}/effort/1", None),
    ]
    for method, url, body in writes:
        r = ben.request(method, url, json=body, headers=h)
        assert r.status_code == 404, url
    forms = [
        f"/goals/{goal}/profile",
        f"/goals/{goal}/evidence",
        f"/goals/{goal}/effort",
        f"/goals/{goal}/attempts",
        f"/goals/{goal}/use",
        f"/goals/{goal}/close",
        f"/goals/{goal}/route",
    ]
    for url in forms:
        r = ben.post(
            url, data={"csrf": ben_csrf, "value_age": "30", "state_age": "value"}
        )
        assert r.status_code == 404, url
    # Following another person's goal from a new goal is refused the same way.
    r = ben.post("/api/goals", json={"title": "x", "follows": goal}, headers=h)
    assert r.status_code == 404
    assert ana.get(f"/api/goals/{goal}/profile").json() == before
    assert ana.get(f"/api/goals/{goal}/attempts").json()["attempts"] == []
    assert [g["title"] for g in ben.get("/api/goals").json()["goals"]] == []


def test_logged_out_visitors_are_sent_to_login(two: Any, app: Any) -> None:
    _ana, _a, _ben, _b, goal = two
    visitor = TestClient(app)
    r = visitor.get(f"/goals/{goal}/gap", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert visitor.get(f"/api/goals/{goal}").status_code == 401
    assert visitor.get("/api/goals").status_code == 401
