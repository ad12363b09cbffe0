"""The JSON API: the OpenAPI document covers it, and its shapes are the CLI's."""

from __future__ import annotations

import json
from typing import Any

from fastapi.routing import APIRoute
from tests.web.conftest import PASSWORD

from strive.web.routes import ROUTERS


def test_openapi_lists_every_api_route_and_no_page(app: Any, client: Any) -> None:
    document = client.get("/openapi.json").json()
    listed = {
        (path, method.upper())
        for path, item in document["paths"].items()
        for method in item
    }
    served = {
        (route.path, method)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and route.path.startswith("/api/")
        for method in route.methods
    }
    assert len(served) >= 25
    assert served == listed
    assert all(path.startswith("/api/") for path, _m in listed)
    # No interactive docs: they would load their scripts from a CDN.
    assert client.get("/docs").status_code == 404


def _cli_json(cli: Any, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_api_shapes_are_the_cli_json(cli: Any, app: Any, client: Any) -> None:
    """Same database, same person: the API answers what ``--json`` prints."""
    cli("goal", "new", "Become a NASA astronaut", "--template", "nasa-astronaut")
    cli(
        "profile",
        "set",
        "us_citizen=yes",
        "age=34",
        "degree_level=bachelor",
        "degree_field=stem",
        "test_pilot_school=not yet",
    )
    cli("evidence", "add", "languages has russian", "--source", "a selected astronaut")
    cli("route")
    route = _cli_json(cli, "route")
    assert route["actions"], "the profile leaves a route to plan and log against"
    assert cli("log", "3", route["actions"][0]["name"]).exit_code == 0
    cli("attempt", "add", "NASA 2028", "--applied", "2026-01-10")
    cli(
        "account",
        "new",
        "me@example.org",
        "--person",
        "me",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    r = client.post(
        "/api/session", json={"email": "me@example.org", "password": PASSWORD}
    )
    assert r.status_code == 200
    goal = client.get("/api/goals").json()["goals"][0]["id"]
    pairs = [
        (("goal", "list"), "/api/goals"),
        (("goal", "show", str(goal)), f"/api/goals/{goal}"),
        (("profile", "show"), f"/api/goals/{goal}/profile"),
        (("evidence", "list"), f"/api/goals/{goal}/evidence"),
        (("effort", "list"), f"/api/goals/{goal}/effort"),
        (("attempt", "list"), f"/api/goals/{goal}/attempts"),
        (("progress",), f"/api/goals/{goal}/progress"),
        (("gap",), f"/api/goals/{goal}/gap"),
        (("route",), f"/api/goals/{goal}/route"),
        (("gap", "--history"), f"/api/goals/{goal}/history"),
    ]
    for args, url in pairs:
        expected = _cli_json(cli, *args)
        got = client.get(url)
        assert got.status_code == 200, (url, got.text[:300])
        assert got.json() == expected, url
