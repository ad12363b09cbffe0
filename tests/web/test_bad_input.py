"""Bad input: the field's error on the page (400) or in JSON, nothing half-saved."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import new_goal


def test_goal_form_errors_name_the_field(owner: Any) -> None:
    client, csrf = owner
    cases = [
        ({"title": "  "}, ""),
        ({"title": "Fly", "hours_per_week": "lots"}, "hours_per_week"),
        ({"title": "Fly", "hours_per_week": "500"}, "hours_per_week"),
        ({"title": "Fly", "max_parallel": "0"}, "max_parallel"),
        ({"title": "Fly", "target_date": "next year"}, "target_date"),
        ({"title": "Fly", "template": "/etc/passwd"}, "template"),
        ({"title": "Fly", "template": "../../secret.toml"}, "template"),
    ]
    for fields, field in cases:
        data = {"csrf": csrf, "template": "nasa-astronaut", **fields}
        r = client.post("/goals", data=data)
        assert r.status_code == 400, (fields, r.text[:300])
        if field:
            assert f'id="e-{field}"' in r.text, fields
            assert 'aria-invalid="true"' in r.text
        else:
            assert 'role="alert"' in r.text
        assert client.get("/api/goals").json() == {"goals": []}


def test_api_goal_errors_are_json_field_errors(owner: Any) -> None:
    client, csrf = owner
    h = {"X-CSRF-Token": csrf}
    r = client.post(
        "/api/goals", json={"title": "Fly", "hours_per_week": -1}, headers=h
    )
    assert r.status_code == 400
    assert r.json() == {
        "errors": [
            {"field": "hours_per_week", "message": "must be more than 0, not -1"}
        ]
    }
    r = client.post(
        "/api/goals", json={"title": "Fly", "hours_per_week": "many"}, headers=h
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "hours_per_week"
    r = client.post("/api/goals", json={"hours_per_week": 3}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "title"
    r = client.post(
        "/api/goals", json={"title": "Fly", "template": "/etc/passwd"}, headers=h
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "template"
    r = client.post(
        "/api/goals",
        content=b"{not json",
        headers={**h, "content-type": "application/json"},
    )
    assert r.status_code == 422
    assert client.get("/api/goals").json() == {"goals": []}


def test_profile_is_all_or_nothing(owner: Any) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf)
    before = client.get(f"/api/goals/{goal}/profile").json()
    data = {
        "csrf": csrf,
        "state_age": "value",
        "value_age": "thirty",
        "state_us_citizen": "value",
        "value_us_citizen": "yes",
    }
    r = client.post(f"/goals/{goal}/profile", data=data)
    assert r.status_code == 400
    assert 'id="e-age"' in r.text
    assert 'value="thirty"' in r.text  # what was typed comes back to correct
    assert client.get(f"/api/goals/{goal}/profile").json() == before
    r = client.post(
        f"/api/goals/{goal}/profile",
        json={"values": {"us_citizen": "yes", "age": "-4"}},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] is not None
    assert client.get(f"/api/goals/{goal}/profile").json() == before


def test_profile_not_yet_and_unknown(owner: Any) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf)
    data = {
        "csrf": csrf,
        "state_age": "value",
        "value_age": "34",
        "state_test_pilot_school": "not_yet",
        "value_test_pilot_school": "",
    }
    r = client.post(f"/goals/{goal}/profile", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    traits = {
        t["trait"]: t for t in client.get(f"/api/goals/{goal}/profile").json()["traits"]
    }
    assert traits["age"]["value"] == 34 and traits["age"]["status"] == "known"
    assert traits["test_pilot_school"]["status"] == "not_yet"
    assert traits["us_citizen"]["status"] == "unknown"
    r = client.post(
        f"/goals/{goal}/profile",
        data={"csrf": csrf, "state_age": "unknown"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    traits = {
        t["trait"]: t for t in client.get(f"/api/goals/{goal}/profile").json()["traits"]
    }
    assert traits["age"]["status"] == "unknown" and traits["age"]["value"] is None


def test_effort_attempt_and_evidence_errors(owner: Any) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf)
    r = client.post(
        f"/goals/{goal}/effort", data={"csrf": csrf, "hours": "two", "action": "x"}
    )
    assert r.status_code == 400 and 'id="e-hours"' in r.text
    r = client.post(
        f"/goals/{goal}/effort", data={"csrf": csrf, "hours": "2", "action": "no-such"}
    )
    assert r.status_code == 400 and "no-such" in r.text
    r = client.post(
        f"/goals/{goal}/effort",
        data={"csrf": csrf, "hours": "2", "action": "x", "when": "2030-01-01"},
    )
    assert r.status_code == 400
    assert client.get(f"/api/goals/{goal}/effort").json() == {"effort": []}
    r = client.post(
        f"/goals/{goal}/attempts", data={"csrf": csrf, "name": "", "applied": ""}
    )
    assert r.status_code == 400 and 'id="e-name"' in r.text
    r = client.post(
        f"/goals/{goal}/evidence",
        data={
            "csrf": csrf,
            "condition": "military",
            "source": "",
            "have": "",
            "of": "",
        },
    )
    assert r.status_code == 400 and "needs a source" in r.text
    r = client.post(
        f"/goals/{goal}/evidence",
        data={
            "csrf": csrf,
            "condition": "military",
            "source": "x",
            "have": "3",
            "of": "",
        },
    )
    assert r.status_code == 400
    assert client.get(f"/api/goals/{goal}/evidence").json() == {"evidence": []}
    assert client.get(f"/api/goals/{goal}/attempts").json()["attempts"] == []


def test_user_text_is_escaped(owner: Any) -> None:
    client, csrf = owner
    goal = new_goal(client, csrf, '<script>alert("x")</script> & [b]bold[/b]')
    page = client.get(f"/goals/{goal}").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; [b]bold[/b]" in page
