"""Sessions: a new id on every login (no fixation), revoked on logout and on a
password change (every other device too), and dead after their expiry."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, csrf_in, sign_up

from strive.storage import Store
from strive.storage.models import SessionRow
from strive.web import accounts
from strive.web.middleware import PLAIN_NAME

NEW_PASSWORD = "violet lantern under the bridge"


def _log_in(client: TestClient, password: str = PASSWORD) -> Any:
    return client.post(
        "/api/session", json={"email": "ana@example.org", "password": password}
    )


def _live_sessions(db: Path) -> int:
    with Store.open(db) as store, Session(store.engine) as s:
        return len(
            s.scalars(select(SessionRow).where(SessionRow.revoked_at.is_(None))).all()
        )


def test_login_always_issues_a_new_session_id(app: Any, db_path: Path) -> None:
    with TestClient(app) as c:
        sign_up(c, "ana@example.org")
        first = c.cookies[PLAIN_NAME]
        c.cookies.clear()
        # A cookie value chosen by an attacker before login is never adopted.
        c.cookies.set(PLAIN_NAME, "attacker-chosen-value", domain="testserver.local")
        r = _log_in(c)
        assert r.status_code == 200
        second = c.cookies[PLAIN_NAME]
        assert second not in (first, "attacker-chosen-value")
        with Store.open(db_path) as store, Session(store.engine) as s:
            ids = set(s.scalars(select(SessionRow.id)))
        assert hashlib.sha256(second.encode()).hexdigest() in ids
        assert hashlib.sha256(b"attacker-chosen-value").hexdigest() not in ids
        assert c.get("/api/account").status_code == 200


def test_logout_revokes_the_session_even_if_the_cookie_is_replayed(app: Any) -> None:
    with TestClient(app) as c:
        csrf = sign_up(c, "ana@example.org")
        token = c.cookies[PLAIN_NAME]
        r = c.delete("/api/session", headers={"X-CSRF-Token": csrf})
        assert r.status_code == 204
    with TestClient(app, cookies={PLAIN_NAME: token}) as replay:
        assert replay.get("/api/account").status_code == 401
        assert (
            replay.get("/settings", follow_redirects=False).headers["location"]
            == "/login"
        )


def test_password_change_revokes_every_other_session(app: Any, db_path: Path) -> None:
    with TestClient(app) as laptop, TestClient(app) as phone:
        csrf = sign_up(laptop, "ana@example.org")
        assert _log_in(phone).status_code == 200
        old_token = laptop.cookies[PLAIN_NAME]
        assert _live_sessions(db_path) == 2
        r = laptop.put(
            "/api/account/password",
            json={"current": PASSWORD, "password": NEW_PASSWORD},
            headers={"X-CSRF-Token": csrf},
        )
        assert r.status_code == 200, r.text
        new_csrf = r.json()["csrf"]
        assert new_csrf != csrf
        assert laptop.cookies[PLAIN_NAME] != old_token  # rotated
        assert laptop.get("/api/account").status_code == 200
        assert phone.get("/api/account").status_code == 401  # the other device
        assert _live_sessions(db_path) == 1
    with TestClient(app, cookies={PLAIN_NAME: old_token}) as replay:
        assert replay.get("/api/account").status_code == 401
    with TestClient(app) as fresh:
        assert _log_in(fresh).status_code == 400  # the old password is gone
        assert _log_in(fresh, NEW_PASSWORD).status_code == 200


def test_password_change_form_checks_current_and_rules(app: Any) -> None:
    with TestClient(app) as c:
        sign_up(c, "ana@example.org")
        page = c.get("/settings/security")
        assert page.status_code == 200
        token = csrf_in(page.text)
        before = c.cookies[PLAIN_NAME]
        wrong = c.post(
            "/settings/password",
            data={
                "csrf": token,
                "current": "not my password!",
                "password": NEW_PASSWORD,
            },
        )
        assert wrong.status_code == 400 and 'id="e-current"' in wrong.text
        common = c.post(
            "/settings/password",
            data={"csrf": token, "current": PASSWORD, "password": "password1234"},
        )
        assert common.status_code == 400 and 'id="e-password"' in common.text
        assert c.cookies[PLAIN_NAME] == before  # nothing changed
        ok = c.post(
            "/settings/password",
            data={"csrf": token, "current": PASSWORD, "password": NEW_PASSWORD},
            follow_redirects=False,
        )
        assert ok.status_code == 303
        assert ok.headers["location"] == "/settings/security?changed=1"
        assert c.cookies[PLAIN_NAME] != before
        done = c.get(ok.headers["location"])
        assert "Every other device was logged out" in done.text


def test_an_expired_session_is_refused(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TestClient(app) as c:
        sign_up(c, "ana@example.org")
        assert c.get("/api/account").status_code == 200
        later = accounts.now() + dt.timedelta(days=accounts.SESSION_DAYS, seconds=1)
        monkeypatch.setattr(accounts, "now", lambda: later)
        assert c.get("/api/account").status_code == 401
        assert (
            c.get("/settings", follow_redirects=False).headers["location"] == "/login"
        )
