"""Your data is yours, on the web: download everything, delete the account (password
and typed e-mail, CSRF), and the owner-visible activity trail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, csrf_in, new_goal, sign_up

from strive.storage import Store
from strive.storage.audit import AuditEventRow
from strive.storage.models import AccountRow, GoalRow, PersonRow


def _count(db: Path, model: Any) -> int:
    with Store.open(db) as store, Session(store.engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _kinds(client: TestClient) -> list[str]:
    response = client.get("/api/account/audit")
    assert response.status_code == 200, response.text
    return [e["kind"] for e in response.json()["events"]]


def test_download_everything_is_an_audited_json_attachment(
    owner: tuple[TestClient, str], db_path: Path
) -> None:
    client, csrf = owner
    new_goal(client, csrf, "Fly <to> space")
    page = client.get("/settings/data")
    assert page.status_code == 200 and 'action="/settings/export"' in page.text
    response = client.post("/settings/export", data={"csrf": csrf_in(page.text)})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="strive-export-'
    )
    doc = json.loads(response.content)
    assert doc["strive_export"] == 1
    assert [g["title"] for g in doc["people"][0]["goals"]] == ["Fly <to> space"]
    with Store.open(db_path) as store, store.unit("Ana") as uow:
        assert uow.export_all() == doc  # the same lossless export as the CLI's
    api = client.post("/api/account/export", headers={"X-CSRF-Token": csrf})
    assert api.status_code == 200 and json.loads(api.content) == doc
    assert _kinds(client)[:2] == ["export", "export"]
    assert client.post("/api/account/export").status_code == 403  # no CSRF
    client.cookies.clear()
    assert client.post("/api/account/export", json={}).status_code == 401


def test_a_get_never_downloads_or_writes(
    owner: tuple[TestClient, str], db_path: Path
) -> None:
    client, _csrf = owner
    before = _count(db_path, AuditEventRow)
    assert client.get("/settings/export").status_code == 405
    assert client.get("/settings/activity").status_code == 200
    assert client.get("/settings/data").status_code == 200
    assert _count(db_path, AuditEventRow) == before


def test_delete_needs_the_password_and_the_typed_email(
    owner: tuple[TestClient, str], db_path: Path
) -> None:
    client, csrf = owner
    new_goal(client, csrf)
    page = client.get("/settings/data")
    token = csrf_in(page.text)
    wrong = client.post(
        "/settings/delete",
        data={
            "csrf": token,
            "password": "not my password",
            "confirm": "ana@example.org",
        },
    )
    assert wrong.status_code == 400 and "wrong password" in wrong.text
    assert 'id="e-password"' in wrong.text
    typo = client.post(
        "/settings/delete",
        data={"csrf": token, "password": PASSWORD, "confirm": "ana@example.com"},
    )
    assert typo.status_code == 400 and 'id="e-confirm"' in typo.text
    forged = client.post(
        "/settings/delete", data={"password": PASSWORD, "confirm": "ana@example.org"}
    )
    assert forged.status_code == 403
    assert _count(db_path, AccountRow) == 1 and _count(db_path, GoalRow) == 1
    done = client.post(
        "/settings/delete",
        data={"csrf": token, "password": PASSWORD, "confirm": " ANA@example.org "},
    )
    assert done.status_code == 200 and "Account deleted" in done.text
    assert 'strive_session=""' in done.headers["set-cookie"]
    for model in (AccountRow, PersonRow, GoalRow, AuditEventRow):
        assert _count(db_path, model) == 0, model
    assert client.get("/api/account").status_code == 401
    login = client.get("/login")
    again = client.post(
        "/login",
        data={
            "csrf": csrf_in(login.text),
            "email": "ana@example.org",
            "password": PASSWORD,
        },
    )
    assert again.status_code == 400


def test_api_delete_leaves_the_other_account(app: Any, db_path: Path) -> None:
    with TestClient(app) as ana, TestClient(app) as bea:
        ana_csrf = sign_up(ana, "ana@example.org", "Ana")
        bea_csrf = sign_up(bea, "bea@example.org", "Bea")
        new_goal(ana, ana_csrf, "Ana's goal")
        new_goal(bea, bea_csrf, "Bea's goal")
        bad = ana.request(
            "DELETE",
            "/api/account",
            json={"password": PASSWORD, "confirm": "bea@example.org"},
            headers={"X-CSRF-Token": ana_csrf},
        )
        assert bad.status_code == 400
        assert bad.json()["errors"][0]["field"] == "confirm"
        missing = ana.request(
            "DELETE",
            "/api/account",
            json={"confirm": "ana@example.org"},
            headers={"X-CSRF-Token": ana_csrf},
        )
        assert missing.status_code == 422
        ok = ana.request(
            "DELETE",
            "/api/account",
            json={"password": PASSWORD, "confirm": "ana@example.org"},
            headers={"X-CSRF-Token": ana_csrf},
        )
        assert ok.status_code == 204
        assert [g["title"] for g in bea.get("/api/goals").json()["goals"]] == [
            "Bea's goal"
        ]
        assert _count(db_path, AccountRow) == 1 and _count(db_path, GoalRow) == 1


def test_activity_shows_logins_and_failed_logins_to_the_owner_only(
    app: Any, db_path: Path
) -> None:
    with TestClient(app) as ana, TestClient(app) as stranger:
        sign_up(ana, "ana@example.org", "Ana")
        page = stranger.get("/login")
        known = stranger.post(
            "/login",
            data={
                "csrf": csrf_in(page.text),
                "email": "ana@example.org",
                "password": "guessing wrong",
            },
        )
        unknown = stranger.post(
            "/login",
            data={
                "csrf": csrf_in(page.text),
                "email": "nobody@example.org",
                "password": "guessing wrong",
            },
        )
        # The visitor cannot tell which e-mail has an account.
        assert known.status_code == unknown.status_code == 400
        assert known.text.replace("ana@", "X@") == unknown.text.replace("nobody@", "X@")
        # Only the existing account's trail got an event; the unknown e-mail none.
        assert _count(db_path, AuditEventRow) == 2  # sign-up login + failed login
        events = ana.get("/api/account/audit").json()["events"]
        assert [e["kind"] for e in events] == ["login_failed", "login"]
        assert events[0]["by_owner"] is None and events[1]["by_owner"] is True
        assert events[0]["ip"] == "testclient"
        html = ana.get("/settings/activity").text
        assert "Failed login" in html and "Logged in" in html
        sign_up(stranger, "sam@example.org", "Sam")
        assert _kinds(stranger) == ["login"]  # Sam sees only Sam's
        ana_csrf = ana.get("/api/account").json()["csrf"]
        ana.delete("/api/session", headers={"X-CSRF-Token": ana_csrf})
        assert stranger.get("/api/account/audit").status_code == 200
    with TestClient(app) as ana:
        ana.post(
            "/api/session", json={"email": "ana@example.org", "password": PASSWORD}
        )
        assert _kinds(ana)[:2] == ["login", "logout"]


def test_grants_invitations_and_revocations_are_in_the_owner_trail(
    app: Any, db_path: Path
) -> None:
    from strive.sharing.model import Role, Section
    from strive.sharing.service import Circle

    with TestClient(app) as ana, TestClient(app) as bea:
        csrf = sign_up(ana, "ana@example.org", "Ana")
        sign_up(bea, "bea@example.org", "Bea")
        goal = new_goal(ana, csrf)
        with Store.open(db_path) as store:
            circle = Circle(store)
            with Session(store.engine) as s:
                ids = dict(s.execute(select(AccountRow.email, AccountRow.id)).all())
            owner = circle.account_viewer(ids["ana@example.org"])
            _inv, token = circle.invite(owner, goal, Role.MENTOR, "Miss Young")
            grant = circle.accept(token, ids["bea@example.org"])
            circle.change_grant(owner, grant.id or 0, [Section.GAP])
            circle.revoke(owner, grant.id or 0)
            circle.revoke(owner, grant.id or 0)  # no change: no second event
        events = ana.get("/api/account/audit").json()["events"]
        kinds = [e["kind"] for e in events]
        assert kinds[:4] == [
            "grant_revoked",
            "grant_changed",
            "invitation_accepted",
            "invitation_created",
        ]
        accepted = events[2]
        assert accepted["by_owner"] is False  # Bea's login did it
        assert accepted["detail"]["supporter"] == "Miss Young"
        assert events[1]["detail"]["sections"] == ["gap", "goal"]
        assert "bea@example.org" not in json.dumps(events)
        html = ana.get("/settings/activity").text
        assert "Miss Young" in html and "a supporter" in html
        # Bea's own trail holds none of Ana's sharing events.
        assert _kinds(bea) == ["login"]
