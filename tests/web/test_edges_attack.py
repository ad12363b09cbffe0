"""Every way into the web app, attacked with the same bad values: never a 500.

The forms (every POST page route) and the JSON API (every POST/PUT/PATCH body the
OpenAPI document describes, one field at a time) receive each value of ``BAD``:
empty, blank, huge, Rich markup, HTML, a CSV formula, NUL and right-to-left text,
emoji, numbers strive refuses (``nan``, ``inf``, ``1e309``, a 23-digit integer),
impossible and out-of-range dates, enum values in the wrong case, wrong JSON types.
Each answer must be a 2xx/3xx or a 4xx (never 5xx), a page must never carry the
typed ``<script>`` unescaped, and an API refusal is JSON naming the field
(``errors: [{field, message}]``) or FastAPI's ``detail``. Routes are enumerated
from the app, so a new endpoint is attacked too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.conftest import TestClient, new_goal, sign_up
from tests.web.routelist import app_routes

pytestmark = pytest.mark.one_backend(
    reason="attacks the parsing and validation in front of the database (about "
    "3,700 requests); the storage of accepted values is tested on both backends "
    "by tests/web/test_api.py and test_forms.py"
)

SCRIPT = "<script>alert(1)</script>"
BAD: list[Any] = [
    "",
    " ",
    "x" * 100_001,
    "[bold]x[/]",
    SCRIPT,
    "=cmd|' /C calc'!A0",
    "a\x00b",
    "\u202eevil",
    "e\u0301",
    "😀",
    "nan",
    "inf",
    "-0",
    "1e309",
    "1_000",
    "1,5",
    "2026-02-30",
    "0000-01-01",
    "9999-12-31",
    "2026-01-15T00:00:00+05:00",
    "MENTOR",
    "Rejected",
    "-1",
    "99999999999999999999999",
]
JSON_ONLY: list[Any] = [None, -1, 0, -0.0, 1e308, 10**30, 1.5, True, [], {}, ["a"]]
FIELDS = [
    "title",
    "why",
    "hours",
    "action",
    "when",
    "note",
    "name",
    "role",
    "sections",
    "version",
    "hours_per_week",
    "money",
    "months_away",
    "max_parallel",
    "target_date",
    "template",
    "outcome",
    "decided",
    "result",
    "feedback",
    "condition",
    "source",
    "have",
    "of",
    "text",
    "email",
    "password",
    "display_name",
    "contribution",
    "age",
    "degree_level",
    "languages",
    "us_citizen",
    "question",
    "answer",
    "code",
    "reason",
    "applied",
]
SKIP = {"/logout", "/settings/delete", "/api/account"}
"""Routes that end the session or the account (the rest of the run needs them)."""


def _url(path: str, goal: int) -> str:
    for name, value in (
        ("goal_id", str(goal)),
        ("attempt_id", "1"),
        ("entry_id", "1"),
        ("grant_id", "1"),
        ("item_id", "1"),
        ("question_id", "1"),
        ("token", "x" * 43),
    ):
        path = path.replace("{" + name + "}", value)
    return path


@pytest.fixture
def journey(app: Any) -> Iterator[tuple[TestClient, str, int]]:
    with TestClient(app, raise_server_exceptions=False) as client:
        csrf = sign_up(client, "ana@example.org")
        goal = new_goal(client, csrf)
        h = {"X-CSRF-Token": csrf}
        assert client.post(
            f"/api/goals/{goal}/attempts", json={"name": "A1"}, headers=h
        ).is_success
        assert client.post(
            f"/api/goals/{goal}/effort",
            json={"hours": 2, "action": "private_pilot"},
            headers=h,
        ).is_success
        yield client, csrf, goal


def _no_server_error(response: Any, what: str) -> None:
    assert response.status_code < 500, (what, response.text[:300])
    if response.headers.get("content-type", "").startswith("text/html"):
        assert SCRIPT not in response.text, what


@pytest.mark.parametrize("value", BAD, ids=[repr(v)[:20] for v in BAD])
def test_forms(journey: tuple[TestClient, str, int], value: str) -> None:
    client, csrf, goal = journey
    for route in app_routes(client.app):
        if route.method != "POST" or route.path.startswith("/api"):
            continue
        if route.path in SKIP:
            continue
        url = _url(route.path, goal)
        every = {"csrf": csrf, **dict.fromkeys(FIELDS, value)}
        one = {"csrf": csrf, **dict.fromkeys(FIELDS, "1"), "title": value}
        for data in (every, one):
            response = client.post(url, data=data, follow_redirects=False)
            _no_server_error(response, f"POST {url} {value!r:.30}")


def _schemas(client: TestClient) -> Iterator[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/openapi.json").json()
    parts = spec["components"]["schemas"]

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = parts[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            if method not in ("post", "put", "patch") or path in SKIP:
                continue
            content = op.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            if body:
                props = resolve(body).get("properties", {})
                yield method, path, {k: resolve(v) for k, v in props.items()}


@pytest.mark.parametrize("value", BAD + JSON_ONLY, ids=repr)
def test_api_bodies(journey: tuple[TestClient, str, int], value: Any) -> None:
    client, csrf, goal = journey
    headers = {"X-CSRF-Token": csrf, "content-type": "application/json"}
    for method, path, props in _schemas(client):
        url = _url(path, goal)
        for field in props:
            body = {k: "x" for k, p in props.items() if p.get("type") == "string"}
            body[field] = value
            response = client.request(
                method.upper(), url, content=json.dumps(body), headers=headers
            )
            what = f"{method.upper()} {url} {field}={value!r:.30}"
            _no_server_error(response, what)
            if response.status_code >= 400 and response.status_code != 404:
                doc = response.json()
                assert "errors" in doc or "detail" in doc, (what, doc)
                for error in doc.get("errors", []):
                    assert set(error) >= {"field", "message"}, (what, doc)


def test_api_lone_surrogate_and_duplicate_keys(
    journey: tuple[TestClient, str, int],
) -> None:
    """Bodies only a hand-written client sends: ``\\ud800`` escaped in JSON text,
    a key twice, ``NaN``, a truncated document."""
    client, csrf, _goal = journey
    headers = {"X-CSRF-Token": csrf, "content-type": "application/json"}
    before = client.get("/api/goals").json()
    for raw in (
        '{"title": "\\ud800", "template": "nasa-astronaut"}',
        '{"title": "A", "title": "B", "template": "nasa-astronaut"}',
        '{"title": "A", "hours_per_week": NaN}',
        '{"title": "A", "hours_per_week": 1e999}',
        '{"title": "A"',
        "[]",
        '"title"',
    ):
        response = client.post("/api/goals", content=raw, headers=headers)
        _no_server_error(response, raw)
        if response.status_code < 300:
            # a key twice: JSON's last value wins, as every parser agrees
            assert raw.count('"title"') == 2, raw
            continue
        assert 400 <= response.status_code < 500, raw
    after = client.get("/api/goals").json()["goals"]
    assert len(after) - len(before["goals"]) <= 1
