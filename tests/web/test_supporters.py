"""The owner's supporters page and the invitation link, by page and by API.

Owner, mentor, family, stranger, revoked supporter and expired/used/unknown links:
each new route answers what its role allows, and anything not granted is 404
exactly like a missing id (same status, same body), with nothing written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi.testclient import TestClient
from tests.web.conftest import (
    PASSWORD,
    Circle,
    accept,
    account_id,
    csrf_in,
    invite,
    sign_up,
)

from strive.sharing.model import Role, grants_json
from strive.sharing.service import Circle as Service

MISSING = 99999


def _grants(c: Circle) -> list[dict[str, Any]]:
    r = c.ana.get(f"/api/goals/{c.goal}/grants")
    assert r.status_code == 200
    found: list[dict[str, Any]] = r.json()["grants"]
    return found


def _same_as_missing(
    client: TestClient, url: str, method: str = "get", **kw: Any
) -> None:
    """``url`` (with the goal id) answers exactly like the same url of a missing id."""
    theirs = getattr(client, method)(url, **kw)
    ghost_url = re.sub(r"/goals/\d+", f"/goals/{MISSING}", url)
    ghost = getattr(client, method)(ghost_url, **kw)
    assert theirs.status_code == ghost.status_code == 404, (url, theirs.status_code)
    if url.startswith("/api/"):
        assert theirs.json() == ghost.json()
    else:
        assert "Fly to space" not in theirs.text


# -- the owner's page ----------------------------------------------------------------


def test_invite_shows_the_link_once_and_it_opens_the_invitation(circle: Circle) -> None:
    c = circle
    page = c.ana.get(f"/goals/{c.goal}/supporters")
    assert page.status_code == 200
    r = c.ana.post(
        f"/goals/{c.goal}/supporters",
        data={
            "csrf": csrf_in(page.text),
            "name": "Miss Young",
            "role": "mentor",
            "sections": ["gap", "attempts"],
        },
    )
    assert r.status_code == 201
    found = re.search(r'value="(http://testserver/invite/[^"]+)"', r.text)
    assert found is not None, "the link is on the page"
    link = found.group(1)
    again = c.ana.get(f"/goals/{c.goal}/supporters")
    assert link not in again.text  # shown once
    assert "Miss Young" in again.text  # invited, not accepted yet
    visitor = TestClient(c.ana.app)
    offer = visitor.get(link.removeprefix("http://testserver"))
    assert offer.status_code == 200
    assert "Fly to space" in offer.text and "Miss Young" in offer.text
    assert "the gap" in offer.text and "applications" in offer.text
    assert "your profile" not in offer.text  # not granted, not promised


def test_invite_form_errors_are_in_the_page_and_nothing_is_written(
    circle: Circle,
) -> None:
    c = circle
    page = c.ana.get(f"/goals/{c.goal}/supporters")
    token = csrf_in(page.text)
    before = c.ana.get(f"/goals/{c.goal}/supporters").text.count("<li>")
    cases = [
        ({"name": "  ", "role": "mentor"}, "name"),
        ({"name": "Ok", "role": "boss"}, "role"),
        ({"name": "Ok", "role": "family", "sections": ["inbox"]}, "sections"),
        ({"name": "Ok", "role": "family", "sections": ["secrets"]}, "sections"),
    ]
    for data, field in cases:
        r = c.ana.post(f"/goals/{c.goal}/supporters", data={"csrf": token, **data})
        assert r.status_code == 400, data
        assert "Error:" in r.text, data
        if field == "name":
            assert 'id="e-name"' in r.text
        assert "/invite/" not in r.text
    after = c.ana.get(f"/goals/{c.goal}/supporters").text
    assert after.count("<li>") == before
    assert "Ok" not in re.sub(r"<[^>]+>", " ", after).split()


def test_forms_without_csrf_are_refused_and_change_nothing(circle: Circle) -> None:
    c = circle
    r = c.ana.post(
        f"/goals/{c.goal}/supporters", data={"name": "Eve", "role": "mentor"}
    )
    assert r.status_code == 403
    r = c.ana.post(f"/goals/{c.goal}/grants/{c.ben_grant}/revoke", data={})
    assert r.status_code == 403
    assert all(g["revoked_at"] is None for g in _grants(c))
    assert "Eve" not in c.ana.get(f"/goals/{c.goal}/supporters").text


def test_change_and_revoke_count_from_the_next_request(circle: Circle) -> None:
    c = circle
    assert c.ben.get(f"/goals/{c.goal}/attempts").status_code == 404
    token = csrf_in(c.ana.get(f"/goals/{c.goal}/supporters").text)
    r = c.ana.post(
        f"/goals/{c.goal}/grants/{c.ben_grant}",
        data={"csrf": token, "sections": ["attempts"]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert c.ben.get(f"/goals/{c.goal}/attempts").status_code == 200
    assert c.ben.get(f"/goals/{c.goal}/gap").status_code == 404  # no longer ticked
    r = c.ana.post(
        f"/goals/{c.goal}/grants/{c.ben_grant}/revoke",
        data={"csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    for url in [f"/goals/{c.goal}/attempts", f"/supporting/{c.goal}"]:
        _same_as_missing(c.ben, url)
    assert c.ben.get("/api/supporting").json() == {"supporting": []}
    page = c.ana.get(f"/goals/{c.goal}/supporters").text
    assert "Access taken back on" in page


def test_change_grant_with_a_bad_section_is_a_400_and_keeps_the_grant(
    circle: Circle,
) -> None:
    c = circle
    token = csrf_in(c.ana.get(f"/goals/{c.goal}/supporters").text)
    before = _grants(c)
    r = c.ana.post(
        f"/goals/{c.goal}/grants/{c.ben_grant}",
        data={"csrf": token, "sections": ["gap", "inbox"]},
    )
    assert r.status_code == 400
    assert "cannot be granted: inbox" in r.text
    assert _grants(c) == before
    r = c.ana.put(
        f"/api/goals/{c.goal}/grants/{c.ben_grant}",
        json={"sections": ["nonsense"]},
        headers=c.h("ana"),
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "sections"
    assert _grants(c) == before


def test_owner_pages_are_404_for_everyone_else(circle: Circle) -> None:
    c = circle
    pages = [f"/goals/{c.goal}/supporters", f"/goals/{c.goal}/inbox"]
    apis = [f"/api/goals/{c.goal}/grants", f"/api/goals/{c.goal}/inbox"]
    for who in (c.ben, c.fay, c.sam):
        for url in pages + apis:
            _same_as_missing(who, url)
    # Ana's own other goal is hers; Sam's goal is not.
    assert c.ana.get(f"/goals/{c.other}/supporters").status_code == 200
    _same_as_missing(c.ana, f"/goals/{c.sams_goal}/supporters")
    _same_as_missing(c.ana, f"/api/goals/{c.sams_goal}/grants")


def test_owner_writes_are_404_for_supporters_and_strangers(circle: Circle) -> None:
    c = circle
    before = _grants(c)
    for who in ("ben", "fay", "sam"):
        client: TestClient = getattr(c, who)
        h = c.h(who)
        _same_as_missing(
            client,
            f"/api/goals/{c.goal}/invitations",
            "post",
            json={"name": "Mallory", "role": "mentor"},
            headers=h,
        )
        _same_as_missing(
            client,
            f"/api/goals/{c.goal}/grants/{c.fay_grant}",
            "put",
            json={"sections": ["profile"]},
            headers=h,
        )
        _same_as_missing(
            client, f"/api/goals/{c.goal}/grants/{c.fay_grant}", "delete", headers=h
        )
        csrf = getattr(c, f"{who}_csrf")
        for url, data in [
            (f"/goals/{c.goal}/supporters", {"name": "Mallory", "role": "mentor"}),
            (f"/goals/{c.goal}/grants/{c.fay_grant}", {"sections": ["profile"]}),
            (f"/goals/{c.goal}/grants/{c.fay_grant}/revoke", {}),
            (f"/goals/{c.goal}/questions", {"supporters": ["1"]}),
        ]:
            _same_as_missing(client, url, "post", data={"csrf": csrf, **data})
    assert _grants(c) == before


def test_a_grant_of_another_goal_is_404_under_this_goal(circle: Circle) -> None:
    c = circle
    token = invite(c.sam, c.sam_csrf, c.sams_goal, "Ben", "mentor")
    sams_grant = accept(c.ben, c.ben_csrf, token)
    r = c.ana.delete(f"/api/goals/{c.goal}/grants/{sams_grant}", headers=c.h("ana"))
    assert r.status_code == 404
    r = c.sam.get(f"/api/goals/{c.sams_goal}/grants").json()["grants"]
    assert [g["revoked_at"] for g in r] == [None]


# -- the API ---------------------------------------------------------------------------


def test_api_grants_have_the_cli_shape(circle: Circle) -> None:
    c = circle
    service = Service(c.ana.app.state.config.store)
    me = service.account_viewer(account_id(c.ana))
    assert c.ana.get(f"/api/goals/{c.goal}/grants").json() == grants_json(
        service.grants(me, c.goal)
    )
    roles = {g["id"]: g["role"] for g in _grants(c)}
    assert roles == {c.ben_grant: "mentor", c.fay_grant: "family"}
    fay = next(g for g in _grants(c) if g["id"] == c.fay_grant)
    assert fay["sections"] == ["attempts", "goal", "notes", "progress"]


def test_api_invite_change_revoke(circle: Circle) -> None:
    c = circle
    r = c.ana.post(
        f"/api/goals/{c.goal}/invitations",
        json={"name": "Dad", "role": "family", "sections": ["progress"]},
        headers=c.h("ana"),
    )
    assert r.status_code == 201
    doc = r.json()
    assert doc["link"].startswith("/invite/")
    assert doc["invitation"]["sections"] == ["goal", "progress"]
    assert "token" not in doc["invitation"] and "token_hash" not in doc["invitation"]
    r = c.ana.put(
        f"/api/goals/{c.goal}/grants/{c.fay_grant}",
        json={"sections": ["attempts"]},
        headers=c.h("ana"),
    )
    assert r.status_code == 200 and r.json()["sections"] == ["attempts", "goal"]
    assert c.fay.get(f"/api/goals/{c.goal}/progress").status_code == 404
    r = c.ana.delete(f"/api/goals/{c.goal}/grants/{c.fay_grant}", headers=c.h("ana"))
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    assert c.fay.get(f"/api/goals/{c.goal}/attempts").status_code == 404
    r = c.ana.put(
        f"/api/goals/{c.goal}/grants/{c.fay_grant}",
        json={"sections": ["attempts"]},
        headers=c.h("ana"),
    )
    assert r.status_code == 409  # revoked: invite again


def test_api_bad_invitations_are_field_errors(circle: Circle) -> None:
    c = circle
    before = _grants(c)
    for body, field in [
        ({"name": "", "role": "mentor"}, "name"),
        ({"name": "X", "role": "boss"}, "role"),
        ({"name": "X", "role": "mentor", "sections": ["supporters"]}, "sections"),
    ]:
        r = c.ana.post(
            f"/api/goals/{c.goal}/invitations", json=body, headers=c.h("ana")
        )
        assert r.status_code == 400, body
        assert r.json()["errors"][0]["field"] == field
    r = c.ana.post(
        f"/api/goals/{c.goal}/invitations", json={"name": 3}, headers=c.h("ana")
    )
    assert r.status_code == 422
    assert _grants(c) == before


def test_the_openapi_document_lists_the_supporter_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in [
        "/api/goals/{goal_id}/grants",
        "/api/goals/{goal_id}/invitations",
        "/api/goals/{goal_id}/grants/{grant_id}",
        "/api/goals/{goal_id}/questions",
        "/api/goals/{goal_id}/questions/{question_id}/answers",
        "/api/goals/{goal_id}/inbox",
        "/api/goals/{goal_id}/inbox/{item_id}/accept",
        "/api/goals/{goal_id}/inbox/{item_id}/decline",
        "/api/goals/{goal_id}/notes",
        "/api/goals/{goal_id}/suggestions/evidence",
        "/api/goals/{goal_id}/suggestions/action",
        "/api/supporting",
        "/api/invitations/{token}",
        "/api/invitations/{token}/accept",
    ]:
        assert path in paths, path


# -- the invitation link ---------------------------------------------------------


def test_a_visitor_signs_up_on_the_link_page_then_accepts(circle: Circle) -> None:
    c = circle
    token = invite(c.ana, c.ana_csrf, c.goal, "Miss Young", "mentor", ["gap"])
    visitor = TestClient(c.ana.app)
    page = visitor.get(f"/invite/{token}")
    assert page.status_code == 200
    assert "Accept and start helping" not in page.text  # log in first
    r = visitor.post(
        f"/invite/{token}/signup",
        data={
            "csrf": csrf_in(page.text),
            "display_name": "Miss Young",
            "email": "young@example.org",
            "password": "short",
        },
    )
    assert r.status_code == 400 and 'id="e-password"' in r.text
    assert visitor.get("/api/account").status_code == 401  # no account yet
    r = visitor.post(
        f"/invite/{token}/signup",
        data={
            "csrf": csrf_in(page.text),
            "display_name": "Miss Young",
            "email": "young@example.org",
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/invite/{token}"
    assert len(_grants(c)) == 2  # signing up does not accept
    page = visitor.get(f"/invite/{token}")
    assert "Accept and start helping" in page.text
    r = visitor.post(
        f"/invite/{token}/accept",
        data={"csrf": csrf_in(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/supporting/{c.goal}"
    assert visitor.get(f"/goals/{c.goal}/gap").status_code == 200
    assert visitor.get(f"/goals/{c.goal}/route").status_code == 404
    # Single use: the same link again is 410, for anyone.
    again = visitor.get(f"/invite/{token}")
    assert again.status_code == 410 and "already used" in again.text
    r = c.sam.post(f"/api/invitations/{token}/accept", headers=c.h("sam"))
    assert r.status_code == 410
    assert len(_grants(c)) == 3


def test_log_in_on_the_link_page(circle: Circle, app: Any) -> None:
    c = circle
    token = invite(c.ana, c.ana_csrf, c.goal, "Old friend", "family")
    other = TestClient(app)
    sign_up(other, "old@example.org", "Old friend")
    other.post("/logout", data={"csrf": csrf_in(other.get("/").text)})
    page = other.get(f"/invite/{token}")
    assert "I have an account" in page.text
    r = other.post(
        f"/invite/{token}/login",
        data={
            "csrf": csrf_in(page.text),
            "login_email": "old@example.org",
            "login_password": "wrong password!",
        },
    )
    assert r.status_code == 400 and "Error:" in r.text
    r = other.post(
        f"/invite/{token}/login",
        data={
            "csrf": csrf_in(page.text),
            "login_email": "old@example.org",
            "login_password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = other.get(f"/invite/{token}")
    other.post(f"/invite/{token}/accept", data={"csrf": csrf_in(page.text)})
    assert other.get(f"/supporting/{c.goal}").status_code == 200


def test_unknown_used_and_expired_links_write_nothing(circle: Circle) -> None:
    c = circle
    r = c.sam.get("/invite/not-a-real-token")
    assert r.status_code == 404 and "not valid" in r.text
    assert c.sam.get("/api/invitations/not-a-real-token").status_code == 404
    r = c.sam.post("/api/invitations/not-a-real-token/accept", headers=c.h("sam"))
    assert r.status_code == 404
    # An invitation made eight days ago has expired.
    store = c.ana.app.state.config.store
    past = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=8)
    old = Service(store, now=lambda: past)
    owner = old.account_viewer(account_id(c.ana))
    _inv, token = old.invite(owner, c.goal, Role.MENTOR, "Late")
    r = c.sam.get(f"/invite/{token}")
    assert r.status_code == 410 and "expired" in r.text
    assert "Fly to space" not in r.text
    page = c.sam.get("/")
    r = c.sam.post(f"/invite/{token}/accept", data={"csrf": csrf_in(page.text)})
    assert r.status_code == 410
    r = c.sam.post(f"/api/invitations/{token}/accept", headers=c.h("sam"))
    assert r.status_code == 410
    assert c.sam.get("/api/invitations/" + token).status_code == 410
    visitor = TestClient(c.ana.app)
    form = csrf_in(visitor.get("/signup").text)
    r = visitor.post(
        f"/invite/{token}/signup",
        data={
            "csrf": form,
            "display_name": "Late",
            "email": "late@example.org",
            "password": PASSWORD,
        },
    )
    assert r.status_code == 410
    assert visitor.get("/api/account").status_code == 401  # no account was made
    r = visitor.post(
        f"/invite/{token}/login",
        data={
            "csrf": form,
            "login_email": "sam@example.org",
            "login_password": PASSWORD,
        },
    )
    assert r.status_code == 410
    assert visitor.get("/api/account").status_code == 401  # and no login
    assert len(_grants(c)) == 2
    _same_as_missing(c.sam, f"/supporting/{c.goal}")


def test_the_owner_cannot_accept_their_own_link(circle: Circle) -> None:
    c = circle
    token = invite(c.ana, c.ana_csrf, c.goal, "Me again", "mentor")
    page = c.ana.get(f"/invite/{token}")
    r = c.ana.post(f"/invite/{token}/accept", data={"csrf": csrf_in(page.text)})
    assert r.status_code == 409 and "your own goal" in r.text
    assert len(_grants(c)) == 2
    # ...and the link still works for the person it was meant for.
    assert c.sam.get(f"/invite/{token}").status_code == 200


def test_accepting_needs_a_login_and_the_csrf_token(circle: Circle) -> None:
    c = circle
    token = invite(c.ana, c.ana_csrf, c.goal, "Zed", "mentor")
    anon = TestClient(c.ana.app)
    r = anon.post(f"/api/invitations/{token}/accept", json={})
    assert r.status_code == 401
    r = c.sam.post(f"/invite/{token}/accept", data={})
    assert r.status_code == 403
    assert len(_grants(c)) == 2


def test_logged_out_visitors_are_sent_to_log_in(circle: Circle) -> None:
    c = circle
    anon = TestClient(c.ana.app)
    g = c.goal
    for url in [
        f"/goals/{g}/supporters",
        f"/goals/{g}/inbox",
        "/supporting",
        f"/supporting/{g}",
    ]:
        r = anon.get(url, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/login"), url
    for url in [
        f"/api/goals/{g}/grants",
        f"/api/goals/{g}/inbox",
        f"/api/goals/{g}/notes",
        f"/api/goals/{g}/questions",
        "/api/supporting",
    ]:
        assert anon.get(url).status_code == 401, url
    for url, body in [
        (f"/api/goals/{g}/invitations", {"name": "X", "role": "mentor"}),
        (f"/api/goals/{g}/notes", {"text": "hi"}),
        (f"/api/goals/{g}/suggestions/evidence", {"condition": "x"}),
        (f"/api/goals/{g}/questions", {"supporters": [1]}),
    ]:
        assert anon.post(url, json=body).status_code == 401, url
    assert len(_grants(c)) == 2
