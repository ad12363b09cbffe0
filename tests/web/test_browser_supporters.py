"""Supporters in a real browser: a mentor, and a family member reading Spanish.

Each person has their own browser context (their own cookies) against the same
``strive serve``. A mentor accepts an invitation, sees exactly what was granted,
suggests evidence that the owner accepts, and gets 404 for everything else by URL
and by API; a family member whose browser asks for Spanish sees progress in plain
words, leaves a note, and sees nothing else. Nothing leaves 127.0.0.1, no console
error, no CSP violation; screenshots at 1280 and 375 pixels in test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from tests.web.browser import assert_accessible, guarded_context, shoot
from tests.web.conftest import PASSWORD

from strive.i18n import _, format_number, use_locale

NOT_YOURS = "There is nothing here, or it is not yours to see."


@pytest.fixture
def people(browser: Any, live_server: str) -> Iterator[Any]:
    """Opens a guarded browser context per person (``locale`` sets the browser's
    Accept-Language); each is checked and closed at the end."""
    with ExitStack() as stack:

        def open_for(locale: str = "en-US") -> Any:
            page, guard = stack.enter_context(
                guarded_context(browser, live_server, locale=locale)
            )
            page.guard = guard
            return page

        yield open_for


def _clean(page: Any, name: str | None = None) -> None:
    """No console error, CSP violation or request off 127.0.0.1 so far; htmx ran;
    no serious or critical axe-core violation on the page as it is now."""
    page.guard.check()
    assert page.evaluate("typeof window.htmx") == "object"
    assert_accessible(page, name)


def _expected_status(page: Any, status: int) -> None:
    """Chromium logs a page's 404/410 as a console error: that one is expected."""
    errors = page.guard.console_errors
    errors[:] = [e for e in errors if f"status of {status}" not in e]
    page.guard.check()


def _expect_404(page: Any, url: str, lang: str = "en") -> None:
    """By URL: the page answers 404 like a missing id, and says nothing more."""
    response = page.goto(url)
    assert response.status == 404, url
    with use_locale(lang):
        assert page.get_by_text(_(NOT_YOURS)).is_visible()
    _expected_status(page, 404)


def _api(page: Any, method: str, url: str, body: Any = None) -> Any:
    """A request with this browser's cookies (and its CSRF token for writes)."""
    request = page.context.request
    if method == "get":
        return request.get(url)
    csrf = request.get(url.split("/api/")[0] + "/api/account").json()["csrf"]
    return request.fetch(
        url, method=method.upper(), data=body, headers={"X-CSRF-Token": csrf}
    )


def _sign_up(page: Any, origin: str, name: str, email: str) -> None:
    page.goto(origin + "/signup")
    page.fill("#f-display_name", name)
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.click("form[action='/signup'] button[type=submit]")
    page.wait_for_url(origin + "/")


def _goal(page: Any, origin: str, title: str) -> int:
    r = _api(page, "post", origin + "/api/goals", {"title": title})
    assert r.status == 201, r.text()
    goal: int = r.json()["id"]
    return goal


def _accept_invitation(
    page: Any, origin: str, link: str, name: str, email: str
) -> None:
    """Open the link, sign up on its page, come back, accept."""
    page.goto(link)
    _clean(page)
    page.fill("#f-display_name", name)
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.click("form[action$='/signup'] button[type=submit]")
    page.wait_for_url(link)
    page.click("form[action$='/accept'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/supporting/\d+$"))


def test_a_mentor_sees_what_was_granted_and_suggests_evidence(
    people: Any, live_server: str
) -> None:
    origin = live_server
    ana = people()
    _sign_up(ana, origin, "Ana", "ana.mentor-journey@example.org")
    other = _goal(ana, origin, "Ana's private goal")
    goal = _goal(ana, origin, "Fly to space")
    carl = people()
    _sign_up(carl, origin, "Carl", "carl.mentor-journey@example.org")
    carls = _goal(carl, origin, "Carl's goal")

    # The owner invites a mentor who sees the gap and the route.
    response = ana.goto(f"{origin}/goals/{goal}/supporters")
    assert response.status == 200, ana.content()
    ana.get_by_label("Their name (as you call them)").fill("Miss Young")
    ana.get_by_role("radio", name=re.compile("^Mentor")).check()
    ana.get_by_role("checkbox", name="the gap").first.check()
    ana.get_by_role("checkbox", name="the route").first.check()
    ana.get_by_role("button", name="Create the invitation link").click()
    link = ana.get_by_label("Invitation link").input_value()
    assert link.startswith(origin + "/invite/")
    shoot(ana, "sup-01-owner-invited")
    _clean(ana)

    # The mentor opens it, signs up on that page, and accepts.
    young = people()
    young.goto(link)
    assert young.get_by_text("Fly to space").first.is_visible()
    shoot(young, "sup-02-invitation")
    _accept_invitation(young, origin, link, "Miss Young", "young@example.org")
    assert young.url == f"{origin}/supporting/{goal}"
    seen = young.get_by_role("navigation", name="What you can see").get_by_role("link")
    assert seen.all_inner_texts() == ["the gap", "the route"]
    shoot(young, "sup-03-mentor-hub")
    _clean(young)
    young.get_by_role("link", name="the gap").click()
    young.wait_for_url(f"{origin}/goals/{goal}/gap")
    steps = young.get_by_role("navigation", name="The five steps").get_by_role("link")
    assert steps.all_inner_texts() == [
        "1. Define the goal",
        "2. Measure the gap",
        "3. Plan the route",
    ]
    assert young.get_by_role("link", name="Next: plan the route").count() == 0
    shoot(young, "sup-04-mentor-gap")
    _clean(young)

    # The owner sees who sees what, and can change it or take it back.
    ana.goto(f"{origin}/goals/{goal}/supporters")
    card = ana.get_by_role("article")
    assert "Miss Young" in card.inner_text()
    assert "Sees: the goal itself, the gap, the route" in card.inner_text()
    assert ana.get_by_role("button", name="Take back access").is_visible()
    _clean(ana)
    shoot(ana, "sup-10-owner-supporters")

    # Everything else is 404, by URL and by API, like an id that does not exist.
    for url in [
        f"/goals/{goal}/profile",
        f"/goals/{goal}/progress",
        f"/goals/{goal}/attempts",
        f"/goals/{goal}/supporters",
        f"/goals/{goal}/inbox",
        f"/goals/{other}",
        f"/goals/{other}/gap",
        f"/supporting/{other}",
        f"/goals/{carls}/gap",
        f"/supporting/{carls}",
    ]:
        _expect_404(young, origin + url)
    missing = _api(young, "get", f"{origin}/api/goals/99999/gap")
    for url in [
        f"/api/goals/{goal}/profile",
        f"/api/goals/{goal}/progress",
        f"/api/goals/{goal}/inbox",
        f"/api/goals/{goal}/grants",
        f"/api/goals/{other}/gap",
        f"/api/goals/{carls}/gap",
    ]:
        r = _api(young, "get", origin + url)
        assert r.status == 404, url
        assert r.json() == missing.json()
    assert _api(young, "get", f"{origin}/api/goals/{goal}/gap").status == 200

    # A suggestion goes to the owner's inbox; accepted, it keeps its source.
    young.goto(f"{origin}/supporting/{goal}")
    young.get_by_label(re.compile("^What they had")).fill("test_pilot_school")
    young.get_by_label("How many had it (optional)").fill("3")
    young.get_by_label("Out of how many (optional)").fill("5")
    young.get_by_label("Why you suggest it (optional)").fill("Most had this")
    young.get_by_role("button", name="Suggest this evidence").click()
    young.wait_for_url(re.compile(r".*\?sent=evidence$"))
    assert young.get_by_role("status").first.is_visible()
    _clean(young)

    ana.goto(f"{origin}/goals/{goal}/inbox")
    item = ana.get_by_role("article")
    assert "from Miss Young" in item.inner_text()
    assert "test_pilot_school (3 / 5)" in item.inner_text()
    shoot(ana, "sup-05-owner-inbox")
    ana.get_by_role("button", name="Accept as evidence").click()
    ana.wait_for_url(re.compile(r".*/inbox\?done=accepted$"))
    _clean(ana)
    ana.goto(f"{origin}/goals/{goal}/profile")
    evidence = ana.get_by_role("table", name="Evidence you recorded")
    assert "Miss Young (mentor)" in evidence.inner_text()
    assert "test_pilot_school" in evidence.inner_text()
    _clean(ana)

    # The link was single use: opened again it says so (410), and shows no goal.
    stranger = people()
    response = stranger.goto(link)
    assert response.status == 410
    assert stranger.get_by_role(
        "heading", name="This invitation cannot be used"
    ).is_visible()
    assert "Fly to space" not in stranger.content()
    _expected_status(stranger, 410)
    assert_accessible(stranger)
    shoot(stranger, "sup-09-invitation-used")


def test_family_in_spanish_sees_progress_and_leaves_a_note(
    people: Any, live_server: str
) -> None:
    origin = live_server
    ana = people()
    _sign_up(ana, origin, "Adela", "adela.family-journey@example.org")
    goal = _goal(ana, origin, "Ser astronauta")
    _api(
        ana,
        "post",
        f"{origin}/api/goals/{goal}/profile",
        {
            "values": {
                "us_citizen": "yes",
                "degree_level": "bachelor",
                "degree_field": "stem",
            }
        },
    )
    route = _api(ana, "post", f"{origin}/api/goals/{goal}/route").json()
    action = route["actions"][0]["name"]
    r = _api(
        ana, "post", f"{origin}/api/goals/{goal}/effort", {"hours": 4, "action": action}
    )
    assert r.status == 201
    r = _api(ana, "post", f"{origin}/api/goals/{goal}/attempts", {"name": "NASA 2026"})
    attempt = r.json()["attempts"][0]["id"]
    _api(
        ana,
        "post",
        f"{origin}/api/goals/{goal}/attempts/{attempt}/result",
        {"outcome": "rejected"},
    )
    r = _api(
        ana,
        "post",
        f"{origin}/api/goals/{goal}/invitations",
        {"name": "Papá", "role": "family"},
    )
    link = origin + r.json()["link"]
    hours = _api(ana, "get", f"{origin}/api/goals/{goal}/progress").json()["totals"]

    # Dad's browser asks for Spanish; he never chose a language anywhere.
    dad = people(locale="es-MX")
    dad.goto(link)
    assert dad.evaluate("document.documentElement.lang") == "es"
    shoot(dad, "sup-06-family-invitation-es")
    _accept_invitation(dad, origin, link, "Papá", "papa@example.org")
    assert dad.evaluate("document.documentElement.lang") == "es"
    with use_locale("es"):
        plain = _(
            "{owner} has put in {done} of the {planned} hours planned; "
            "{left} hours to go."
        ).format(
            owner="Adela",
            done=format_number(hours["actual_hours"]),
            planned=format_number(hours["planned_hours"]),
            left=format_number(hours["remaining_hours"]),
        )
        note_heading = _("Leave a note of encouragement")
        rejected = _("rejected")
        logout = _("Log out")
    assert dad.get_by_text(plain).is_visible()
    assert rejected in dad.get_by_text("NASA 2026").inner_text()
    assert dad.get_by_role("button", name=logout).is_visible()
    # Plain words only: no link to the gap, the route or the profile.
    hrefs = dad.eval_on_selector_all("a", "links => links.map(a => a.pathname)")
    assert not [h for h in hrefs if re.match(rf"/goals/{goal}/(gap|route|profile)", h)]
    shoot(dad, "sup-07-family-view-es")
    dad.goto(f"{origin}/supporting")
    goals = dad.get_by_role("main").get_by_role("listitem")
    assert goals.count() == 1 and "Adela: Ser astronauta" in goals.inner_text()
    _clean(dad)
    dad.goto(f"{origin}/supporting/{goal}")
    _clean(dad)

    dad.get_by_role("heading", name=note_heading).is_visible()
    dad.fill("#f-note-text", "¡Échale ganas, mija! Estamos orgullosos.")
    dad.click("form[action$='/notes'] button[type=submit]")
    dad.wait_for_url(re.compile(r".*\?sent=note$"))
    notes = dad.locator("ul.notes").inner_text()
    assert "Papá" in notes and "¡Échale ganas, mija! Estamos orgullosos." in notes
    shoot(dad, "sup-08-family-note-es")
    _clean(dad)

    for url in [
        f"/goals/{goal}/gap",
        f"/goals/{goal}/route",
        f"/goals/{goal}/profile",
        f"/goals/{goal}/supporters",
        f"/goals/{goal}/inbox",
    ]:
        _expect_404(dad, origin + url, "es")
    for url in ["profile", "gap", "evidence", "inbox", "grants"]:
        assert _api(dad, "get", f"{origin}/api/goals/{goal}/{url}").status == 404
    r = _api(
        dad,
        "post",
        f"{origin}/api/goals/{goal}/suggestions/evidence",
        {"condition": "test_pilot_school"},
    )
    assert r.status == 404  # family do not suggest

    # The owner finds the note in her inbox.
    ana.goto(f"{origin}/goals/{goal}/inbox")
    assert "¡Échale ganas, mija!" in ana.get_by_role("article").inner_text()
    _clean(ana)
