"""One journey in a real browser: Debian's Chromium against ``strive serve``.

Sign up, set a goal from the NASA template, see the dashboard. Nothing may leave
127.0.0.1, the console stays free of errors and the Content-Security-Policy is never
violated (htmx loads from the package with its integrity hash). Screenshots at
1280 and 375 pixels go to ``test-artifacts/``.
"""

from __future__ import annotations

from typing import Any

from tests.web.conftest import PASSWORD, screenshot


def _clean(page: Any, origin: str) -> None:
    log = page.strive_log
    assert log.foreign(origin) == []
    assert log.console_errors == []
    assert page.evaluate("window.__csp || []") == []
    broken = page.evaluate(
        "Array.from(document.images)"
        ".filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == []
    # htmx itself ran (a blocked or tampered script would leave this undefined).
    assert page.evaluate("typeof window.htmx") == "object"


def test_sign_up_set_a_nasa_goal_see_the_dashboard(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    _clean(page, live_server)
    screenshot(page, "01-welcome")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("What should we call you?").fill("José")
    page.get_by_label("E-mail").fill("jose@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    screenshot(page, "02-signup")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(live_server + "/")
    assert page.get_by_role("heading", name="Hello, José").is_visible()
    assert page.get_by_text("You have no active goal yet").is_visible()
    screenshot(page, "03-dashboard-empty")
    page.get_by_role("link", name="Set a goal").click()
    page.get_by_label("What do you aim at?").fill("Become a NASA astronaut")
    page.get_by_label("Judged against which selection?").select_option("nasa-astronaut")
    page.get_by_label("Why does it matter to you?").fill("Since I was ten")
    screenshot(page, "04-goal-new")
    page.get_by_role("button", name="Set the goal").click()
    page.wait_for_url(f"{live_server}/goals/*")
    page.goto(live_server + "/")
    assert page.get_by_role(
        "heading", name="Your goal: Become a NASA astronaut"
    ).is_visible()
    steps = page.get_by_role("navigation", name="The five steps").get_by_role("link")
    assert steps.all_inner_texts() == [
        "1. Define the goal",
        "2. Measure the gap",
        "3. Plan the route",
        "4. Prepare",
        "5. Persevere",
    ]
    screenshot(page, "05-dashboard")
    page.get_by_role("link", name="2. Measure the gap").click()
    page.wait_for_url(f"{live_server}/goals/*/gap")
    assert page.get_by_role("heading", name="Trait by trait").is_visible()
    screenshot(page, "06-gap")
    _clean(page, live_server)  # the pictures (when strive.charts is installed) load
    # Step 3 and 4: save the route, log effort, delete it through htmx (boosted).
    page.get_by_role("link", name="3. Plan the route").click()
    page.wait_for_url(f"{live_server}/goals/*/route")
    _clean(page, live_server)
    page.get_by_role("button", name="Save this route and start preparing").click()
    page.wait_for_url(f"{live_server}/goals/*/progress")
    page.get_by_label("Hours", exact=True).fill("2.5")
    page.get_by_role("button", name="Log it").click()
    page.wait_for_url(f"{live_server}/goals/*/progress")
    log = page.get_by_role(
        "table", name="Every entry; corrections keep the old version"
    )
    assert "2.5" in log.inner_text()
    _clean(page, live_server)
    screenshot(page, "07-progress")
    page.get_by_role("button", name="Delete").click()
    page.get_by_text("Nothing logged yet.").wait_for()
    # The session cookie: HttpOnly, SameSite=Lax, not readable from JavaScript.
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["strive_session"]
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    assert "strive_session" not in page.evaluate("document.cookie")
    _clean(page, live_server)
