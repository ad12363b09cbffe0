"""CSRF on every state-changing route and the security headers on every page, both
generated from ``app.routes`` so a new route is covered without editing this file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from tests.web.conftest import TODAY, new_goal, sign_up
from tests.web.routelist import app_routes

from strive.web.app import create_app

CROSS_SITE_BODIES = {
    # what a page on another site can send without a CORS preflight
    "form": {"data": {"title": "x", "hours": "1", "locale": "es"}},
    "multipart": {"files": {"f": ("a.txt", b"x")}, "data": {"title": "x"}},
    "text/plain": {
        "content": b'{"title": "x"}',
        "headers": {"content-type": "text/plain"},
    },
}


@dataclass
class Site:
    app: Any
    client: TestClient
    csrf: str
    ids: dict[str, str]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    app = create_app(tmp_path_factory.mktemp("csrf") / "strive.db", today=TODAY)
    client = TestClient(app)
    csrf = sign_up(client, "ana@example.org")
    goal = new_goal(client, csrf)
    h = {"X-CSRF-Token": csrf}
    entry = client.post(
        f"/api/goals/{goal}/effort",
        json={"hours": 1, "action": "learn_french"},
        headers=h,
    ).json()["id"]
    attempts = client.post(
        f"/api/goals/{goal}/attempts", json={"name": "NASA"}, headers=h
    ).json()
    ids = {
        "goal_id": str(goal),
        "entry_id": str(entry),
        "attempt_id": str(attempts["attempts"][0]["id"]),
        "trait": "age",
        "kind": "effort",
        # ids of things this owner does not have: a write is refused (403) before
        # any lookup, a page answers 404 (with the headers all the same)
        "grant_id": "1",
        "question_id": "1",
        "item_id": "1",
        "token": "no-such-invitation",
    }
    yield Site(app, client, csrf, ids)


def _everything(app: Any) -> dict[str, list[str]]:
    engine = app.state.config.store.engine
    with engine.connect() as c:
        return {
            t: sorted(
                json.dumps(list(r), default=str)
                for r in c.execute(text(f'SELECT * FROM "{t}"'))
            )
            for t in inspect(engine).get_table_names()
        }


def test_every_write_without_the_token_is_403_and_writes_nothing(site: Site) -> None:
    writes = [r for r in app_routes(site.app) if r.method != "GET"]
    assert len(writes) >= 30
    before = _everything(site.app)
    # Another token of the same length: change the first character to one it is
    # not (a fixed "x" would be the real token whenever the token starts with x).
    forged = ("y" if site.csrf[0] == "x" else "x") + site.csrf[1:]
    assert forged != site.csrf
    wrong = []
    for route in writes:
        url = route.path.format(**site.ids)
        for name, how in CROSS_SITE_BODIES.items():
            r = site.client.request(route.method, url, follow_redirects=False, **how)
            if r.status_code != 403:
                wrong.append(f"{route.method} {url} ({name}): {r.status_code}")
        # A token of the wrong session (or a made-up one) is refused the same way.
        r = site.client.request(
            route.method,
            url,
            json={},
            headers={"X-CSRF-Token": forged},
            follow_redirects=False,
        )
        if r.status_code != 403:
            wrong.append(f"{route.method} {url} (wrong token): {r.status_code}")
    assert not wrong, "\n".join(wrong)
    assert _everything(site.app) == before
    assert site.client.get("/api/account").status_code == 200  # still logged in


def test_anonymous_forms_need_the_double_submit_token(site: Site) -> None:
    with TestClient(site.app) as visitor:
        for url in ("/signup", "/login", "/login/code"):
            r = visitor.post(url, data={"email": "a@b.org", "password": "x" * 12})
            assert r.status_code == 403, url


def _pages(site: Site) -> list[str]:
    return [
        r.path.format(**site.ids) for r in app_routes(site.app) if r.method == "GET"
    ]


def _check_headers(response: Any, where: str) -> list[str]:
    h = response.headers
    csp = h.get("content-security-policy", "")
    problems = []
    if not csp or "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"{where}: CSP {csp!r}")
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'"):
        if directive not in csp:
            problems.append(f"{where}: CSP lacks {directive}")
    if h.get("x-content-type-options") != "nosniff":
        problems.append(f"{where}: x-content-type-options")
    if h.get("referrer-policy") not in ("same-origin", "no-referrer", "strict-origin"):
        problems.append(f"{where}: referrer-policy {h.get('referrer-policy')!r}")
    if h.get("x-frame-options") != "DENY" or "frame-ancestors 'none'" not in csp:
        problems.append(f"{where}: frame protection")
    return problems


def test_security_headers_on_every_page_and_answer(site: Site) -> None:
    problems = []
    pages = _pages(site)
    assert len(pages) >= 30
    for url in pages:
        r = site.client.get(url, follow_redirects=False)
        assert r.status_code < 500, url
        problems += _check_headers(r, f"GET {url} ({r.status_code})")
    with TestClient(site.app) as visitor:
        for url in [*pages, "/static/vendor/htmx.min.js", "/no/such/page"]:
            r = visitor.get(url, follow_redirects=False)
            problems += _check_headers(r, f"anonymous GET {url} ({r.status_code})")
    assert not problems, "\n".join(problems)


def test_session_cookie_flags(site: Site) -> None:
    with TestClient(site.app) as c:
        r = c.post(
            "/api/session",
            json={"email": "ana@example.org", "password": "correct horse battery"},
        )
        assert r.status_code == 200
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
