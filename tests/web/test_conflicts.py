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


def test_a_stale_goal_close_or_use_answers_409_and_writes_nothing(
    owner: Any,
) -> None:
    client, csrf = owner
    first = new_goal(client, csrf, "Fly to space")
    page = client.get(f"/goals/{first}").text
    close = f"/goals/{first}/close"
    shown = _version_in(page, close)
    assert shown == str(client.get(f"/api/goals/{first}").json()["version"])
    # Another tab sets a second goal (the first is paused: its version moves on).
    second = new_goal(client, csrf, "Run a marathon")
    assert client.get(f"/api/goals/{first}").json()["status"] == "paused"
    stale = client.post(
        close, data={"csrf": csrf, "status": "retired", "version": shown}
    )
    assert stale.status_code == 409
    assert "changed elsewhere" in stale.text
    stale_use = client.post(
        f"/goals/{first}/use", data={"csrf": csrf, "version": shown}
    )
    assert stale_use.status_code == 409
    h = {"X-CSRF-Token": csrf}
    api = client.post(f"/api/goals/{first}/use?version={shown}", headers=h)
    assert api.status_code == 409
    assert api.json()["errors"][0]["field"] == "version"
    doc = client.get(f"/api/goals/{first}").json()
    assert doc["status"] == "paused"  # nothing written
    assert client.get(f"/api/goals/{second}").json()["status"] == "active"
    # The version read now works, on the page and the API.
    page = client.get(f"/goals/{first}").text
    use = f"/goals/{first}/use"
    fresh = client.post(
        use,
        data={"csrf": csrf, "version": _version_in(page, use)},
        follow_redirects=False,
    )
    assert fresh.status_code == 303
    assert client.get(f"/api/goals/{first}").json()["status"] == "active"
    now = client.get(f"/api/goals/{first}").json()["version"]
    done = client.post(
        close,
        data={"csrf": csrf, "status": "achieved", "version": str(now)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert client.get(f"/api/goals/{first}").json()["status"] == "achieved"


def test_a_stale_grant_change_or_revoke_answers_409_and_writes_nothing(
    circle: Any,
) -> None:
    ana, h, goal = circle.ana, circle.h("ana"), circle.goal
    url = f"/api/goals/{goal}/grants/{circle.ben_grant}"

    def ben() -> dict[str, Any]:
        grants = ana.get(f"/api/goals/{goal}/grants").json()["grants"]
        found: dict[str, Any] = next(g for g in grants if g["id"] == circle.ben_grant)
        return found

    seen = ben()["version"]
    page = ana.get(f"/goals/{goal}/supporters").text
    form = f"/goals/{goal}/grants/{circle.ben_grant}"
    assert _version_in(page, form) == str(seen)
    changed = ana.put(url, json={"sections": ["gap"], "version": seen}, headers=h)
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == seen + 1
    stale = ana.put(url, json={"sections": ["notes"], "version": seen}, headers=h)
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["field"] == "version"
    stale_form = ana.post(
        form, data={"csrf": circle.ana_csrf, "sections": "notes", "version": seen}
    )
    assert stale_form.status_code == 409
    gone = ana.delete(f"{url}?version={seen}", headers=h)
    assert gone.status_code == 409
    revoke_form = ana.post(
        f"{form}/revoke", data={"csrf": circle.ana_csrf, "version": seen}
    )
    assert revoke_form.status_code == 409
    kept = ben()
    assert kept["sections"] == ["gap", "goal"] and kept["revoked_at"] is None
    assert kept["version"] == seen + 1  # nothing written by the refused ones
    # Ben still sees the gap: the refused revokes took nothing away.
    assert circle.ben.get(f"/api/goals/{goal}/gap").status_code == 200
    done = ana.delete(f"{url}?version={seen + 1}", headers=h)
    assert done.status_code == 200 and done.json()["revoked_at"] is not None
