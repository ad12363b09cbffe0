"""Every page, in English and Spanish, in a real browser: no serious or critical
axe-core violation, nothing wider than a 375-pixel phone, and a clean console.

The pages come from the app's router list (:mod:`tests.web.pages`), so a new page
is checked from the day it is added (and fails ``test_every_get_route_has_an_entry``
until it says how to reach it). They are visited in four states:

- a visitor (the welcome page, sign-up, login);
- a fresh account with no goal (the empty states);
- a fresh account with a new goal and nothing recorded (each step's empty state);
- José Hernández's journey loaded into an account (full pages, charts), including
  his achieved first goal, whose step pages answer 409 with an error page that must
  be accessible too.

One browser and one server for the module; each state logs in once and reuses the
cookies. Each test lists every problem it found on every page before failing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from tests.web.browser import PHONE, assert_accessible, guarded_context, overflow
from tests.web.conftest import PASSWORD
from tests.web.pages import PAGES, get_routes, html_pages, url

LANGS = ("en", "es")

# axe and the phone width judge the HTML, which is the same on either backend, and
# doubling this module doubles the longest browser run; every page of the same
# states is requested on PostgreSQL by test_get_pure.py (TestClient, db_backend).
pytestmark = pytest.mark.one_backend(
    reason="the HTML judged is the same on either backend; every page is requested "
    "on PostgreSQL by tests/web/test_get_pure.py"
)


def test_every_get_route_has_an_entry() -> None:
    routes = get_routes()
    assert sorted(set(routes) - set(PAGES)) == [], "add these to tests/web/pages.py"
    assert sorted(set(PAGES) - set(routes)) == [], "these routes no longer exist"
    assert len(routes) == len(set(routes))


@dataclass(frozen=True)
class Account:
    state: dict[str, Any]
    """Playwright storage state (the session cookie)."""
    goals: tuple[int, ...]
    """Goal ids: the active goal first."""


def _account(
    browser: Any, base: str, email: str, *, goal: bool = False, demo: bool = False
) -> Account:
    context = browser.new_context(base_url=base)
    try:
        api = context.request
        made = api.post(
            "/api/account",
            data={"email": email, "password": PASSWORD, "display_name": "José"},
        )
        assert made.status == 201, made.text()
        token = {"X-CSRF-Token": api.get("/api/account").json()["csrf"]}
        if goal:
            r = api.post(
                "/api/goals",
                data={"title": "Fly to space", "template": "nasa-astronaut"},
                headers=token,
            )
            assert r.status == 201, r.text()
        if demo:
            r = api.post("/api/demo", headers=token)
            assert r.status == 201, r.text()
        goals = sorted(
            api.get("/api/goals").json()["goals"],
            key=lambda g: (g["status"] != "active", g["id"]),
        )
        return Account(context.storage_state(), tuple(g["id"] for g in goals))
    finally:
        context.close()


@pytest.fixture(scope="module")
def accounts(browser: Any, live_server: str) -> Iterator[dict[str, Account]]:
    yield {
        "fresh": _account(browser, live_server, "a11y-fresh@example.org"),
        "new-goal": _account(browser, live_server, "a11y-goal@example.org", goal=True),
        "jose": _account(browser, live_server, "a11y-jose@example.org", demo=True),
    }


def _check(page: Any, path: str, expected: int, problems: list[str], lang: str) -> None:
    response = page.goto(f"{path}?lang={lang}")
    assert response is not None
    if response.status != expected:
        problems.append(f"{path} [{lang}]: {response.status}, not {expected}")
        return
    try:
        assert_accessible(page)
    except AssertionError as exc:
        problems.append(str(exc))
    page.set_viewport_size(PHONE)
    wider = overflow(page)
    if wider:
        problems.append(f"{path} [{lang}]: {wider} px wider than a 375-px phone")
    page.set_viewport_size({"width": 1280, "height": 900})


def _visit(
    browser: Any,
    base: str,
    paths: list[str],
    lang: str,
    *,
    conflicts: tuple[str, ...] = (),
    **context: Any,
) -> list[str]:
    """Check each path (200 expected; 409 for ``conflicts``)."""
    problems: list[str] = []
    with guarded_context(browser, base, **context) as (page, guard):
        for path in [*paths, *conflicts]:
            expected = 409 if path in conflicts else 200
            _check(page, path, expected, problems, lang)
            if expected == 409:  # Chromium logs the status it was told to expect
                guard.console_errors[:] = [
                    e for e in guard.console_errors if "status of 409" not in e
                ]
            try:
                guard.check()
            except AssertionError as exc:
                problems.append(f"{path} [{lang}]: {exc}")
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_visitor_pages(browser: Any, live_server: str, lang: str) -> None:
    paths = [url(p) for p in html_pages("anonymous")] + ["/"]
    problems = _visit(browser, live_server, paths, lang)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("who", ["fresh", "new-goal", "jose"])
def test_account_pages(
    browser: Any,
    live_server: str,
    accounts: dict[str, Account],
    who: str,
    lang: str,
) -> None:
    account = accounts[who]
    paths = [url(p) for p in html_pages("person")]
    if account.goals:
        active = account.goals[0]
        paths += [url(p, active) for p in html_pages("goal")]
    conflicts: tuple[str, ...] = ()
    if who == "jose":  # his first goal is achieved: its page, and a step's 409
        achieved = account.goals[-1]
        paths.append(url("/goals/{goal_id}", achieved))
        conflicts = (url("/goals/{goal_id}/gap", achieved),)
    problems = _visit(
        browser,
        live_server,
        paths,
        lang,
        conflicts=conflicts,
        storage_state=account.state,
    )
    assert not problems, "\n".join(problems)
