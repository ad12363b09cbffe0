"""A stale form or API call answers 409 and changes nothing.

Each edit form carries the version of what it showed (a hidden ``version``); when
someone else saved first (another tab, device, a CLI command), the submit answers
409 with the page and a message saying nothing was saved, showing what is stored
now. The API takes the version in the body (``?version=`` for DELETE) and answers
409 with ``{"errors": [{"field": "version", ...}]}``.
"""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import new_goal

ACTION = "learn_russian"


def _version_in(html: str, action: str) -> str:
    """The hidden version of the form posting to ``action``."""
    form = re.search(
        rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>',
        html,
        re.S,
    )
    assert form is not None, f"no form for {action}"
    found = re.search(r'name="version" value="(\d+)"', form.group(1))
    assert found is not None, f"the form for {action} carries no version"
    return found.group(1)


def test_a_stale_effort_form_answers_409_in_the_page(owner: Any) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf)
    h = {"X-CSRF-Token": csrf}
    entry = client.post(
        f"/api/goals/{goal}/effort", json={"hours": 2, "action": ACTION}, headers=h
    ).json()["id"]
    page = client.get(f"/goals/{goal}/progress").text  # tab 1 shows version 1
    edit = f"/goals/{goal}/effort/{entry}/edit"
    shown = _version_in(page, edit)
    assert shown == "1"
    # Another tab corrects the entry first.
    other = client.post(
        edit,
        data={"csrf": csrf, "hours": "3", "version": shown},
        follow_redirects=False,
    )
    assert other.status_code == 303
    stale = client.post(edit, data={"csrf": csrf, "hours": "7", "version": shown})
    assert stale.status_code == 409
    assert "changed elsewhere" in stale.text and 'role="alert"' in stale.text
    assert _version_in(stale.text, edit) == "2"  # the page shows what is stored now
    delete = f"/goals/{goal}/effort/{entry}/delete"
    gone = client.post(delete, data={"csrf": csrf, "version": shown})
    assert gone.status_code == 409
    (kept,) = client.get(f"/api/goals/{goal}/effort").json()["effort"]
    assert (kept["hours"], kept["version"]) == (3.0, 2)


def test_a_stale_profile_form_answers_409_and_keeps_the_other_value(
    owner: Any,
) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf)
    action = f"/goals/{goal}/profile"
    page = client.get(action).text
    shown = _version_in(page, action)
    first = client.post(
        action,
        data={"csrf": csrf, "state_age": "value", "value_age": "35", "version": shown},
        follow_redirects=False,
    )
    assert first.status_code == 303
    stale = client.post(
        action,
        data={"csrf": csrf, "state_age": "value", "value_age": "50", "version": shown},
    )
    assert stale.status_code == 409
    assert "not saved" in stale.text
    assert 'name="value_age" value="35 years"' in stale.text  # stored now
    ages = client.get(f"/api/goals/{goal}/profile").json()["traits"]
    assert next(t["value"] for t in ages if t["trait"] == "age") == 35


def test_the_api_answers_409_with_json_for_a_stale_version(owner: Any) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf)
    h = {"X-CSRF-Token": csrf}
    profile = client.get(f"/api/goals/{goal}/profile").json()
    seen = profile["version"]
    ok = client.post(
        f"/api/goals/{goal}/profile",
        json={"values": {"age": "30"}, "version": seen},
        headers=h,
    )
    assert ok.status_code == 200 and ok.json()["version"] == seen + 1
    stale = client.post(
        f"/api/goals/{goal}/profile",
        json={"values": {"age": "31"}, "version": seen},
        headers=h,
    )
    assert stale.status_code == 409
    (error,) = stale.json()["errors"]
    assert error["field"] == "version" and "changed elsewhere" in error["message"]

    entry = client.post(
        f"/api/goals/{goal}/effort", json={"hours": 2, "action": ACTION}, headers=h
    ).json()["id"]
    url = f"/api/goals/{goal}/effort/{entry}"
    assert client.patch(url, json={"hours": 3, "version": 1}, headers=h).is_success
    again = client.patch(url, json={"hours": 4, "version": 1}, headers=h)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "version"
    assert client.delete(f"{url}?version=1", headers=h).status_code == 409
    (kept,) = client.get(f"/api/goals/{goal}/effort").json()["effort"]
    assert (kept["hours"], kept["version"]) == (3.0, 2)
    assert client.delete(f"{url}?version=2", headers=h).status_code == 200


def test_a_stale_attempt_result_answers_409(owner: Any) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf)
    h = {"X-CSRF-Token": csrf}
    client.post(f"/api/goals/{goal}/attempts", json={"name": "NASA 2028"}, headers=h)
    page = client.get(f"/goals/{goal}/attempts").text
    (attempt,) = re.findall(rf"/goals/{goal}/attempts/(\d+)/result", page)
    action = f"/goals/{goal}/attempts/{attempt}/result"
    shown = _version_in(page, action)
    form = {"csrf": csrf, "outcome": "rejected", "version": shown}
    assert client.post(action, data=form, follow_redirects=False).status_code == 303
    stale = client.post(action, data={**form, "outcome": "selected"})
    assert stale.status_code == 409 and "changed elsewhere" in stale.text
    doc = client.get(f"/api/goals/{goal}/attempts").json()
    assert [a["outcome"] for a in doc["attempts"]] == ["rejected"]


def test_a_read_racing_a_commit_never_pairs_old_values_with_the_new_version(
    owner: Any, monkeypatch: Any
) -> None:
    """The effort list and the profile are read in more than one statement; on
    PostgreSQL (read committed) each statement sees the latest commit. Another
    writer commits right after the values are read: the version sent with them must
    be the one those values had (an edit based on them is refused), never the new
    one (the edit would overwrite the other writer's change unseen)."""
    from strive.workspace import Workspace

    client, csrf = owner
    goal = new_goal(client, csrf)
    h = {"X-CSRF-Token": csrf}
    entry = client.post(
        f"/api/goals/{goal}/effort", json={"hours": 2, "action": ACTION}, headers=h
    ).json()["id"]
    read_log, read_context = Workspace.effort_log, Workspace.context
    interfere = {"effort": True, "profile": False}

    def log_then_other_writer(self: Workspace) -> Any:
        entries = read_log(self)
        if interfere["effort"]:
            interfere["effort"] = False
            self.edit_effort(entry, hours=10.0)  # its own transaction: committed
        return entries

    def context_then_other_writer(self: Workspace, goal_id: int | None = None) -> Any:
        found = read_context(self, goal_id)
        if interfere["profile"]:
            interfere["profile"] = False
            self.set_traits({"age": "41"})
        return found

    monkeypatch.setattr(Workspace, "effort_log", log_then_other_writer)
    monkeypatch.setattr(Workspace, "context", context_then_other_writer)
    (listed,) = client.get(f"/api/goals/{goal}/effort").json()["effort"]
    edit = client.patch(
        f"/api/goals/{goal}/effort/{entry}",
        json={"hours": listed["hours"] + 1, "version": listed["version"]},
        headers=h,
    )
    if listed["hours"] == 2.0:  # read before the other writer's commit
        assert edit.status_code == 409, (listed, edit.text)
    (kept,) = client.get(f"/api/goals/{goal}/effort").json()["effort"]
    assert kept["hours"] in (10.0, 11.0)  # the other writer's 10 h is not lost

    interfere["profile"] = True
    shown = client.get(f"/api/goals/{goal}/profile").json()
    age = next(t for t in shown["traits"] if t["trait"] == "age")
    saved = client.post(
        f"/api/goals/{goal}/profile",
        json={"values": {"age": "30"}, "version": shown["version"]},
        headers=h,
    )
    if age.get("value") != 41:  # read before the other writer's commit
        assert saved.status_code == 409, (age, saved.text)
