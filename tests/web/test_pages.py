"""The pages of the five steps, walked with the TestClient on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tests.web.conftest import new_goal

from strive.i18n import _, format_date
from strive.web.middleware import CSP


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_security_headers_on_every_kind_of_response(owner: Any) -> None:
    client, _csrf_token = owner
    for url in [
        "/",
        "/login",
        "/static/style.css",
        "/goals/999",
        "/api/goals",
        "/nope",
        "/openapi.json",
    ]:
        r = client.get(url)
        assert r.headers["content-security-policy"] == CSP, url
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in CSP and "script-src 'self';" in CSP
    assert client.post("/api/goals", json={}).headers["content-security-policy"] == CSP


def test_empty_states_say_what_to_do(owner: Any) -> None:
    client, csrf = owner
    home = client.get("/").text
    assert "You have no active goal yet" in home and 'href="/goals/new"' in home
    goal = new_goal(client, csrf)
    progress = client.get(f"/goals/{goal}/progress").text
    assert (
        "no saved route yet" in progress and f'href="/goals/{goal}/route"' in progress
    )
    attempts = client.get(f"/goals/{goal}/attempts").text
    assert "No applications yet" in attempts
    assert "Nothing logged yet" in progress


def test_walk_the_five_steps(owner: Any) -> None:
    client, csrf = owner
    page = client.get("/goals/new")
    assert 'value="nasa-astronaut"' in page.text
    r = client.post(
        "/goals",
        data={
            "csrf": csrf,
            "title": "Become a NASA astronaut",
            "template": "nasa-astronaut",
            "hours_per_week": "12",
            "max_parallel": "2",
            "why": "since I was ten",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    goal = int(r.headers["location"].rsplit("/", 1)[1])
    dash = client.get("/").text
    nav = dash[dash.index('<nav class="steps"') :]
    nav = nav[: nav.index("</nav>")]
    steps = re.findall(r'<li><a href="(/goals/\d+[^"]*)"', nav)
    assert steps == [
        f"/goals/{goal}",
        f"/goals/{goal}/gap",
        f"/goals/{goal}/route",
        f"/goals/{goal}/progress",
        f"/goals/{goal}/attempts",
    ]
    profile = {
        "csrf": csrf,
        "state_us_citizen": "value",
        "value_us_citizen": "yes",
        "state_age": "value",
        "value_age": "34",
        "state_degree_level": "value",
        "value_degree_level": "master",
        "state_degree_field": "value",
        "value_degree_field": "stem",
        "state_experience_years": "value",
        "value_experience_years": "1",
        "state_languages": "value",
        "value_languages": "english,spanish",
    }
    r = client.post(f"/goals/{goal}/profile", data=profile, follow_redirects=False)
    assert r.status_code == 303
    assert "Saved 6 changes." in client.get(r.headers["location"]).text
    gap = client.get(f"/goals/{goal}/gap")
    assert gap.status_code == 200 and "Trait by trait" in gap.text
    assert "n=387" in gap.text  # grounded: the cohort and its size
    route = client.get(f"/goals/{goal}/route")
    assert route.status_code == 200 and "Download the calendar" in route.text
    ics = client.get(f"/goals/{goal}/route.ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith(
        "text/calendar"
    )
    assert ics.content.startswith(b"BEGIN:VCALENDAR")
    assert "attachment" in ics.headers["content-disposition"]
    r = client.post(f"/goals/{goal}/route", data={"csrf": csrf}, follow_redirects=False)
    assert r.headers["location"] == f"/goals/{goal}/progress"
    progress = client.get(f"/goals/{goal}/progress").text
    action = re.search(r'<option value="([^"]+)"', progress)
    assert action is not None
    r = client.post(
        f"/goals/{goal}/effort",
        data={
            "csrf": csrf,
            "hours": "3",
            "action": action.group(1),
            "when": "2026-01-10",
            "note": "first",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    entries = client.get(f"/api/goals/{goal}/effort").json()["effort"]
    assert [(e["hours"], e["date"]) for e in entries] == [(3.0, "2026-01-10")]
    entry = entries[0]["id"]
    r = client.post(
        f"/goals/{goal}/effort/{entry}/edit",
        data={"csrf": csrf, "hours": "4"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.get(f"/api/goals/{goal}/effort").json()["effort"][0]["hours"] == 4.0
    r = client.post(
        f"/goals/{goal}/effort/{entry}/edit", data={"csrf": csrf, "hours": "-1"}
    )
    assert r.status_code == 400
    assert client.get(f"/api/goals/{goal}/effort").json()["effort"][0]["hours"] == 4.0
    r = client.post(
        f"/goals/{goal}/effort/{entry}/delete",
        data={"csrf": csrf},
        follow_redirects=False,
    )
    assert client.get(f"/api/goals/{goal}/effort").json() == {"effort": []}
    corrections = client.get(f"/api/goals/{goal}/progress").json()["corrections"]
    assert [c["change"] for c in corrections] == ["edit", "delete"]
    r = client.post(
        f"/goals/{goal}/attempts",
        data={"csrf": csrf, "name": "NASA 2026", "applied": "2026-01-02"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    attempt = client.get(f"/api/goals/{goal}/attempts").json()["attempts"][0]
    attempt_id = re.search(
        rf"/goals/{goal}/attempts/(\d+)/result",
        client.get(f"/goals/{goal}/attempts").text,
    )
    assert attempt_id is not None and attempt["outcome"] == "pending"
    r = client.post(
        f"/goals/{goal}/attempts/{attempt_id.group(1)}/result",
        data={
            "csrf": csrf,
            "outcome": "rejected",
            "decided": "2026-01-12",
            "feedback": "more flight hours",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and "rejected=" in r.headers["location"]
    after = client.get(r.headers["location"]).text
    assert f'href="/goals/{goal}/review"' in after and "not a verdict" in after
    review = client.get(f"/goals/{goal}/review")
    assert review.status_code == 200
    assert "What do those who were selected have that I don&#39;t?" in review.text
    # A result before applying is refused on the page (the core's StateError: 409).
    r = client.post(
        f"/goals/{goal}/attempts",
        data={"csrf": csrf, "name": "NASA 2027", "applied": "2026-01-14"},
        follow_redirects=False,
    )
    second = re.findall(
        rf"/goals/{goal}/attempts/(\d+)/result",
        client.get(f"/goals/{goal}/attempts").text,
    )
    r = client.post(
        f"/goals/{goal}/attempts/{second[0]}/result",
        data={"csrf": csrf, "outcome": "selected", "decided": "2026-01-01"},
    )
    assert r.status_code == 409 and "before applying" in r.text


def test_goal_history_and_next_goal(owner: Any) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf, "Fly")
    r = client.post(
        f"/goals/{goal}/close",
        data={"csrf": csrf, "status": "achieved", "reason": "selected in 2004"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/history"
    history = client.get("/history").text
    assert "achieved: selected in 2004" in history
    assert f'href="/goals/new?follows={goal}"' in history
    assert f'href="/goals/new?follows={goal}"' in client.get("/").text
    page = client.get(f"/goals/new?follows={goal}").text
    assert f'name="follows" value="{goal}"' in page
    r = client.post(
        "/goals",
        data={
            "csrf": csrf,
            "title": "Run for Congress",
            "template": "nasa-astronaut",
            "follows": str(goal),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.get(f"/api/goals/{goal}").json()["next_goal"] is not None
    assert (
        client.get(f"/goals/{goal}/gap").status_code == 409
    )  # closed: not the active goal


def test_paused_goal_can_be_made_active(owner: Any) -> None:
    client, csrf = owner
    first = new_goal(client, csrf, "First")
    second = new_goal(client, csrf, "Second")
    assert client.get(f"/api/goals/{first}").json()["status"] == "paused"
    page = client.get(f"/goals/{first}/gap")
    assert page.status_code == 409 and "make it your active goal" in page.text
    r = client.post(f"/goals/{first}/use", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/api/goals/{second}").json()["status"] == "paused"
    assert client.get(f"/goals/{first}/gap").status_code == 200


def test_route_and_review_pages_show_the_results(owner: Any) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf)
    h = {"X-CSRF-Token": csrf}
    client.post(
        f"/api/goals/{goal}/profile",
        json={
            "values": {
                "us_citizen": "yes",
                "degree_level": "bachelor",
                "degree_field": "stem",
            }
        },
        headers=h,
    )
    route = client.get(f"/api/goals/{goal}/route").json()
    assert route["actions"]
    page = client.get(f"/goals/{goal}/route").text.replace("&#39;", "'")
    for action in route["actions"]:
        day = format_date(dt.date.fromisoformat(action["start"]), style="medium")
        assert f"<td>{action['label']}</td><td>{day}</td>" in page  # Jan 15, 2026
    gap = client.get(f"/api/goals/{goal}/gap").json()
    gap_page = client.get(f"/goals/{goal}/gap").text
    for item in gap["they_have_you_dont"]:
        assert item["reason"] in gap_page.replace("&#39;", "'")
    # A tighter limit than any action allows: the page says why, not a 500.
    client.post(
        f"/api/goals/{goal}/profile",
        json={"values": {"experience_years": "0"}},
        headers=h,
    )
    review = client.get(f"/goals/{goal}/review")
    assert review.status_code == 200
    assert "Earn a STEM master" in review.text or "No actions needed" in review.text


def test_open_items_read_the_traits_label_in_both_languages(owner: Any) -> None:
    """An open item said ``passes_physical`` (the id); the page says the label."""
    import html

    from strive.i18n import use_locale
    from strive.templates import load_template

    client, csrf = owner
    goal = new_goal(client, csrf)
    client.post(
        f"/api/goals/{goal}/profile",
        json={"values": {"us_citizen": "yes", "degree_level": "bachelor"}},
        headers={"X-CSRF-Token": csrf},
    )
    doc = client.get(f"/api/goals/{goal}/route").json()
    # the id stays in the JSON, for programs
    assert "passes_physical" in [o["condition"] for o in doc["open_items"]]
    physical = load_template("nasa-astronaut").traits["passes_physical"]
    for lang in ("en", "es"):
        page = html.unescape(client.get(f"/goals/{goal}/route?lang={lang}").text)
        with use_locale(lang):
            heading, label = _("Open items"), physical.title
        found = re.search(f"<h2>{heading}</h2><ul>(.*?)</ul>", page)
        assert found is not None, page
        assert f"“{label}”" in found[1]
        assert "passes_physical" not in found[1]


def test_blocked_by_reads_each_limits_label_in_both_languages(owner: Any) -> None:
    """ "Blocked by:" listed the limits' ids (``hours_per_week``); the page (and the
    chart's text alternative) says each limit as a person reads it, in the page's
    language, and the JSON keeps the ids for programs."""
    import html

    from strive import vocabulary
    from strive.i18n import use_locale

    client, csrf = owner
    made = client.post(
        "/api/goals",
        json={
            "title": "Fly to space",
            "template": "nasa-astronaut",
            "target_date": "2028-12-01",
            "hours_per_week": 5,
            "max_parallel": 1,
        },
        headers={"X-CSRF-Token": csrf},
    )
    goal = made.json()["id"]
    client.post(
        f"/api/goals/{goal}/profile",
        json={
            "values": {
                "us_citizen": "yes",
                "degree_level": "bachelor",
                "degree_field": "stem",
                "experience_years": "5",
                "phd_years": "0",
                "test_pilot_school": "no",
                "jet_pic_hours": "0",
            }
        },
        headers={"X-CSRF-Token": csrf},
    )
    doc = client.get(f"/api/goals/{goal}/route").json()
    assert not doc["feasible"]
    blocked = doc["infeasible"]["blocked_by"]
    assert {"deadline", "hours_per_week"} <= set(blocked)  # ids in the JSON
    shown = {}
    for lang in ("en", "es"):
        page = html.unescape(client.get(f"/goals/{goal}/route?lang={lang}").text)
        with use_locale(lang):
            heading = _("Blocked by:")
            labels = [vocabulary.limit(b) for b in blocked]
        found = re.search(f"<p>{re.escape(heading)} (.*?)</p>", page)
        assert found is not None, page
        assert found[1] == ", ".join(labels)
        alt = re.search(r'<img src="[^"]*route\.svg" alt="([^"]*)"', page)
        assert alt is not None and ", ".join(labels) in alt[1]
        assert "hours_per_week" not in found[1] + alt[1]
        shown[lang] = labels
    assert all(label not in blocked for label in shown["es"])  # Spanish for each
    assert shown["en"] != shown["es"]


def test_the_new_goal_picker_shows_titles_and_sends_ids(owner: Any) -> None:
    """The picker listed template ids (``nasa-astronaut``); it shows each title in
    the page's language, and the option's value stays the id the form sends."""
    import html

    from strive.i18n import use_locale
    from strive.templates import builtin_names, load_template

    client, csrf = owner
    for lang in ("en", "es"):
        page = client.get(f"/goals/new?lang={lang}").text
        picker = re.search(r'<select id="f-template".*?</select>', page, re.S)
        assert picker is not None
        options = re.findall(
            r'<option value="([^"]+)"[^>]*>([^<]*)</option>', picker[0]
        )
        with use_locale(lang):
            expected = [(n, load_template(n).heading) for n in builtin_names()]
        assert [(v, html.unescape(t)) for v, t in options] == expected
        assert all(value != title for value, title in expected)
    made = client.post(
        "/goals",
        data={"csrf": csrf, "title": "Fly", "template": "graduate-admissions"},
        follow_redirects=False,
    )  # the form sends the id
    assert made.status_code == 303, made.text
    goal = made.headers["location"].rsplit("/", 1)[1]
    assert client.get(f"/api/goals/{goal}").json()["template"] == "graduate-admissions"


def test_the_goal_page_names_its_template_by_title(owner: Any) -> None:
    """The goal page said "Template: nasa-astronaut" (the id); it shows the
    template's title in the page's language."""
    import html

    from strive.i18n import use_locale
    from strive.templates import load_template

    client, csrf = owner
    goal = new_goal(client, csrf)
    template = load_template("nasa-astronaut")
    for lang in ("en", "es"):
        page = html.unescape(client.get(f"/goals/{goal}?lang={lang}").text)
        with use_locale(lang):
            label, title = _("Template:"), template.heading
        line = re.search(f"{re.escape(label)} ([^<·]*)", page)
        assert line is not None, page
        assert line[1].strip() == title
        assert title != "nasa-astronaut"
