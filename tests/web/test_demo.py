"""José's journey loads into a fresh account (and only into one without goals)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

if not hasattr(importlib.import_module("strive.demo"), "replay_journey"):
    pytest.skip(
        "needs the split lane's pure strive.demo.replay_journey",
        allow_module_level=True,
    )


def test_load_jose_journey_into_a_fresh_account(owner: Any) -> None:
    client, csrf = owner
    assert "Load José&#39;s journey to look around" in client.get("/").text
    r = client.post("/demo", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/history"
    goals = client.get("/api/goals").json()["goals"]
    assert [(g["title"], g["status"]) for g in goals] == [
        ("Become a NASA astronaut", "achieved"),
        ("Fly in space", "active"),
    ]
    assert goals[0]["next_goal"] == goals[1]["id"]
    history = client.get("/history").text
    assert "selected, NASA class of 2004" in history
    # The button is gone, and a second load is refused without changing anything.
    assert "Load José" not in client.get("/").text
    again = client.post("/api/demo", headers={"X-CSRF-Token": csrf})
    assert again.status_code == 409
    assert client.get("/api/goals").json()["goals"] == goals


def test_demo_lands_in_the_viewers_own_data_only(owner: Any, app: Any) -> None:
    from fastapi.testclient import TestClient
    from tests.web.conftest import sign_up

    client, csrf = owner
    other = TestClient(app)
    sign_up(other, "ben@example.org", "Ben")
    client.post("/api/demo", headers={"X-CSRF-Token": csrf})
    assert other.get("/api/goals").json() == {"goals": []}
