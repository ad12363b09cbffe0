"""Accounts: sign-up, login, logout (revoked), cookies, CSRF and the rate limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, csrf_in, new_goal, sign_up

from strive.storage import Store
from strive.storage.models import AccountRow, LoginAttemptRow, PersonRow, SessionRow


def _rows(db: Path, model: Any) -> int:
    with Store.open(db) as store, Session(store.engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_sign_up_creates_account_person_and_session(
    client: TestClient, db_path: Path
) -> None:
    sign_up(client, "Ana@Example.org", "Ana")
    me = client.get("/api/account").json()
    assert me["email"] == "ana@example.org"  # stored lower-cased
    assert me["person"] == "Ana"
    with Store.open(db_path) as store, Session(store.engine) as s:
        account = s.scalars(select(AccountRow)).one()
        assert account.password_hash.startswith("$argon2id$")
        assert PASSWORD not in account.password_hash
        session = s.scalars(select(SessionRow)).one()
        token = client.cookies.get("strive_session")
        assert token and session.id != token and len(session.id) == 64
        assert (session.expires_at - session.created_at).days == 14


def test_session_cookie_is_httponly_lax_and_host_prefixed_over_tls(app: Any) -> None:
    plain = TestClient(app)
    page = plain.get("/signup")
    data = {
        "csrf": csrf_in(page.text),
        "email": "a@b.org",
        "password": PASSWORD,
        "display_name": "A",
    }
    cookie = plain.post("/signup", data=data, follow_redirects=False).headers[
        "set-cookie"
    ]
    assert cookie.startswith("strive_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie
    tls = TestClient(app, base_url="https://testserver")
    page = tls.get("/signup")
    data = {**data, "csrf": csrf_in(page.text), "email": "c@d.org"}
    cookie = tls.post("/signup", data=data, follow_redirects=False).headers[
        "set-cookie"
    ]
    assert cookie.startswith("__Host-strive=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie
    assert "strict-transport-security" in tls.get("/login").headers


def test_logout_revokes_the_session_row(client: TestClient, db_path: Path) -> None:
    csrf = sign_up(client, "ana@example.org")
    token = client.cookies.get("strive_session")
    assert (
        client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code
        == 303
    )
    with Store.open(db_path) as store, Session(store.engine) as s:
        assert s.scalars(select(SessionRow)).one().revoked_at is not None
    # The old cookie replayed after logout opens nothing.
    again = TestClient(client.app, cookies={"strive_session": token})
    assert again.get("/api/account").status_code == 401
    assert again.get("/", follow_redirects=False).status_code == 200  # the welcome page
    assert "Log in" in again.get("/").text


def test_login_with_the_right_password_only(client: TestClient) -> None:
    sign_up(client, "ana@example.org")
    client.cookies.clear()
    page = client.get("/login")
    wrong = client.post(
        "/login",
        data={
            "csrf": csrf_in(page.text),
            "email": "ana@example.org",
            "password": "x" * 12,
        },
    )
    assert wrong.status_code == 400
    assert "wrong e-mail or password" in wrong.text
    assert client.get("/api/account").status_code == 401
    page = client.get("/login")
    ok = client.post(
        "/login",
        data={
            "csrf": csrf_in(page.text),
            "email": "ANA@example.org",
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert client.get("/api/account").json()["email"] == "ana@example.org"


def test_api_login_and_logout(client: TestClient) -> None:
    sign_up(client, "ana@example.org")
    client.cookies.clear()
    r = client.post(
        "/api/session", json={"email": "ana@example.org", "password": PASSWORD}
    )
    assert r.status_code == 200
    csrf = r.json()["csrf"]
    assert client.delete("/api/session").status_code == 403  # no CSRF header
    assert (
        client.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    )
    assert client.get("/api/account").status_code == 401


def test_state_changing_requests_without_csrf_are_refused(
    owner: Any, db_path: Path
) -> None:
    client, csrf = owner
    goals_before = client.get("/api/goals").json()
    no_token = client.post("/api/goals", json={"title": "Fly"})
    assert no_token.status_code == 403
    wrong = client.post(
        "/api/goals", json={"title": "Fly"}, headers={"X-CSRF-Token": "x"}
    )
    assert wrong.status_code == 403
    form = client.post("/goals", data={"title": "Fly", "template": "nasa-astronaut"})
    assert form.status_code == 403
    assert "expired" in form.text
    assert client.get("/api/goals").json() == goals_before
    assert new_goal(client, csrf) > 0  # with the token it works


def test_anonymous_form_needs_the_pre_session_token(
    client: TestClient, db_path: Path
) -> None:
    r = client.post(
        "/signup", data={"email": "a@b.org", "password": PASSWORD, "display_name": "A"}
    )
    assert r.status_code == 403
    assert _rows(db_path, AccountRow) == 0


def test_login_rate_limit_per_email_and_address(
    client: TestClient, db_path: Path
) -> None:
    sign_up(client, "ana@example.org")
    client.cookies.clear()
    for _ in range(5):
        r = client.post(
            "/api/session", json={"email": "ana@example.org", "password": "nope" * 3}
        )
        assert r.status_code == 400
    r = client.post(
        "/api/session", json={"email": "ana@example.org", "password": PASSWORD}
    )
    assert r.status_code == 429  # even the right password, until the back-off passes
    assert "too many failed logins" in r.json()["errors"][0]["message"]
    page = client.get("/login")
    r = client.post(
        "/login",
        data={
            "csrf": csrf_in(page.text),
            "email": "ana@example.org",
            "password": PASSWORD,
        },
    )
    assert r.status_code == 429
    assert "wait 1 min" in r.text
    # 5 per e-mail+address and 5 per address (tests/web/test_lockout.py: the rest)
    assert _rows(db_path, LoginAttemptRow) == 10


def test_signup_errors_name_the_field_and_save_nothing(
    client: TestClient, db_path: Path
) -> None:
    page = client.get("/signup")
    r = client.post(
        "/signup",
        data={
            "csrf": csrf_in(page.text),
            "email": "a@b.org",
            "password": "short",
            "display_name": "A",
        },
    )
    assert r.status_code == 400
    assert 'id="e-password"' in r.text and "at least 12 characters" in r.text
    r = client.post(
        "/signup",
        data={
            "csrf": csrf_in(page.text),
            "email": "not-an-email",
            "password": PASSWORD,
            "display_name": "A",
        },
    )
    assert r.status_code == 400 and 'id="e-email"' in r.text
    assert _rows(db_path, AccountRow) == 0 and _rows(db_path, PersonRow) == 0
    api = client.post(
        "/api/account",
        json={"email": "a@b.org", "password": "short", "display_name": "A"},
    )
    assert api.status_code == 400
    assert api.json()["errors"][0]["field"] == "password"


def test_duplicate_email_and_display_name(client: TestClient, app: Any) -> None:
    sign_up(client, "ana@example.org", "Ana")
    other = TestClient(app)
    sign_up(other, "ana2@example.org", "Ana")
    assert other.get("/api/account").json()["person"] == "Ana (2)"
    third = TestClient(app)
    r = third.post(
        "/api/account",
        json={"email": "ANA@example.org", "password": PASSWORD, "display_name": "B"},
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "email"


def test_cli_user_gets_a_login_to_their_data(cli: Any, db_path: Path, app: Any) -> None:
    cli("goal", "new", "Become a NASA astronaut", "--template", "nasa-astronaut")
    client = TestClient(app)
    assert "strive account new YOUR-EMAIL --person me" in client.get("/signup").text
    result = cli(
        "account",
        "new",
        "me@example.org",
        "--person",
        "me",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    r = client.post(
        "/api/session", json={"email": "me@example.org", "password": PASSWORD}
    )
    assert r.status_code == 200 and r.json()["person"] == "me"
    titles = [g["title"] for g in client.get("/api/goals").json()["goals"]]
    assert titles == ["Become a NASA astronaut"]
    again = cli(
        "account",
        "new",
        "me2@example.org",
        "--person",
        "me",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert again.exit_code != 0 and "already has an account" in again.output


def test_language_setting_cookie_and_accept_language(owner: Any) -> None:
    client, csrf = owner
    assert '<html lang="en">' in client.get("/").text
    r = client.post(
        "/settings", data={"csrf": csrf, "locale": "es"}, follow_redirects=False
    )
    assert r.status_code == 303
    client.cookies.delete("strive_lang")
    assert '<html lang="es">' in client.get("/").text  # the account's setting
    assert client.get("/api/account").json()["locale"] == "es"
    bad = client.post("/settings", data={"csrf": csrf, "locale": "fr"})
    assert bad.status_code == 400
    visitor = TestClient(client.app)
    assert (
        '<html lang="es">'
        in visitor.get("/login", headers={"Accept-Language": "es-MX,en;q=0.5"}).text
    )
    assert (
        '<html lang="en">'
        in visitor.get("/login", headers={"Accept-Language": "fr, en;q=0.8"}).text
    )
    switched = visitor.get("/login?lang=es")
    assert '<html lang="es">' in switched.text
    assert visitor.cookies.get("strive_lang") == "es"
    assert '<html lang="es">' in visitor.get("/login").text


def test_expired_or_unknown_session_is_anonymous(
    client: TestClient, db_path: Path
) -> None:
    import datetime as dt

    sign_up(client, "ana@example.org")
    assert client.get("/api/account").status_code == 200
    with Store.open(db_path) as store, store.unit("x") as uow:
        row = uow.session.scalars(select(SessionRow)).one()
        row.expires_at = dt.datetime(2000, 1, 1)
    assert client.get("/api/account").status_code == 401
    forged = TestClient(client.app, cookies={"strive_session": "not-a-token"})
    assert forged.get("/api/account").status_code == 401
    assert (
        forged.get("/goals/new", follow_redirects=False).headers["location"] == "/login"
    )


def test_form_post_with_the_csrf_header_only(owner: Any) -> None:
    """htmx sends the token in X-CSRF-Token (from hx-headers on <body>)."""
    client, csrf = owner
    html = client.get("/").text
    assert f'hx-headers=\'{{"X-CSRF-Token": "{csrf}"}}\'' in html
    r = client.post(
        "/goals",
        data={"title": "Fly", "template": "nasa-astronaut"},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
        follow_redirects=False,
    )
    assert r.status_code == 303
