"""Optional two-factor login: set up with a code, asked at login (page and API),
ten single-use recovery codes stored hashed, turned off only with the password."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, csrf_in, sign_up

from strive.storage import Store
from strive.storage.models import RecoveryCodeRow
from strive.web.middleware import PLAIN_NAME


def _wrong_code(secret: str) -> str:
    """Six digits that are not ``secret``'s code for any step the server can check
    in the next minute and a half (it accepts the step before and after its own).

    A fixed "000000" is the right code about once in 330,000 set-ups, and retrying
    after the server had taken it cannot work (set-up is then already on)."""
    totp = pyotp.TOTP(secret)
    at = time.time()
    near = {totp.at(at + 30 * k) for k in range(-2, 4)}
    return next(code for n in range(7) if (code := f"{n:06d}") not in near)


def _enable(c: TestClient) -> tuple[str, list[str], str]:
    """Set-up through the pages; returns the secret, the recovery codes and the
    code that confirmed the set-up."""
    page = c.get("/settings/security")
    token = csrf_in(page.text)
    assert "Set up two-factor login" in page.text
    r = c.post("/settings/totp/start", data={"csrf": token})
    assert r.status_code == 200  # followed to the page, which shows the key as text
    secret = re.search(r"<dd><code>([A-Z2-7]{32})</code></dd>", r.text)
    assert secret is not None
    assert "otpauth://totp/strive:ana%40example.org?secret=" in r.text
    wrong = c.post(
        "/settings/totp/confirm",
        data={"csrf": token, "code": _wrong_code(secret.group(1))},
    )
    assert wrong.status_code == 400 and 'id="e-code"' in wrong.text
    assert c.get("/api/account/totp").json()["enabled"] is False
    used = pyotp.TOTP(secret.group(1)).now()
    ok = c.post("/settings/totp/confirm", data={"csrf": token, "code": used})
    assert ok.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", ok.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    return secret.group(1), codes, used


def _api_login(c: TestClient, **extra: str) -> Any:
    return c.post(
        "/api/session",
        json={"email": "ana@example.org", "password": PASSWORD, **extra},
    )


def test_setup_stores_only_hashes_of_the_recovery_codes(
    app: Any, db_path: Path
) -> None:
    with TestClient(app) as c:
        sign_up(c, "ana@example.org")
        _secret, codes, _used = _enable(c)
        assert c.get("/api/account/totp").json() == {
            "enabled": True,
            "pending": False,
            "recovery_codes_left": 10,
        }
        # shown once: the page no longer lists them
        assert codes[0] not in c.get("/settings/security").text
    with Store.open(db_path) as store, Session(store.engine) as s:
        stored = list(s.scalars(select(RecoveryCodeRow.code_hash)))
    assert len(stored) == 10
    assert not set(stored) & set(codes)
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in stored)


def test_login_page_asks_for_the_code(app: Any) -> None:
    with TestClient(app) as c:
        sign_up(c, "ana@example.org")
        secret, _codes, _used = _enable(c)
        c.cookies.clear()
        page = c.get("/login")
        r = c.post(
            "/login",
            data={
                "csrf": csrf_in(page.text),
                "email": "ana@example.org",
                "password": PASSWORD,
            },
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/login/code"
        waiting = c.cookies[PLAIN_NAME]
        # The password alone opens nothing.
        assert c.get("/api/account").status_code == 401
        assert c.get("/settings", follow_redirects=False).status_code == 303
        code_page = c.get("/login/code")
        assert code_page.status_code == 200
        token = csrf_in(code_page.text)
        bad = c.post("/login/code", data={"csrf": token, "code": "12345"})
        assert bad.status_code == 400 and 'id="e-code"' in bad.text
        good = c.post(
            "/login/code",
            # the next step's code: this step's was used up by the set-up
            data={"csrf": token, "code": pyotp.TOTP(secret).at(time.time() + 30)},
            follow_redirects=False,
        )
        assert good.status_code == 303 and good.headers["location"] == "/"
        assert c.cookies[PLAIN_NAME] != waiting  # a new session, not the waiting one
        assert c.get("/api/account").status_code == 200
    with TestClient(app, cookies={PLAIN_NAME: waiting}) as replay:
        assert replay.get("/api/account").status_code == 401


def test_api_login_codes_are_single_use(app: Any) -> None:
    with TestClient(app) as c:
        sign_up(c, "ana@example.org")
        _secret, codes, used = _enable(c)
        c.cookies.clear()
        missing = _api_login(c)
        assert missing.status_code == 400
        assert missing.json()["errors"][0]["field"] == "code"
        assert c.get("/api/account").status_code == 401
        # The code that confirmed the set-up was used up there (whatever the clock
        # says now: its step is not after the last one accepted).
        assert _api_login(c, code=used).status_code == 400
        assert _api_login(c, code=codes[0].upper()).status_code == 200
        c.cookies.clear()
        assert _api_login(c, code=codes[0]).status_code == 400  # used up
        assert _api_login(c, code=codes[1]).status_code == 200
        assert c.get("/api/account/totp").json()["recovery_codes_left"] == 8


def test_turning_it_off_needs_the_password(app: Any) -> None:
    with TestClient(app) as c:
        sign_up(c, "ana@example.org")
        _enable(c)
        token = csrf_in(c.get("/settings/security").text)
        wrong = c.post(
            "/settings/totp/disable", data={"csrf": token, "current": "not it at all"}
        )
        assert wrong.status_code == 400
        assert c.get("/api/account/totp").json()["enabled"] is True
        ok = c.post("/settings/totp/disable", data={"csrf": token, "current": PASSWORD})
        assert ok.status_code == 200
        assert c.get("/api/account/totp").json() == {
            "enabled": False,
            "pending": False,
            "recovery_codes_left": 0,
        }
        c.cookies.clear()
        assert _api_login(c).status_code == 200  # no code asked any more


def test_api_setup(app: Any) -> None:
    with TestClient(app) as c:
        csrf = sign_up(c, "ana@example.org")
        h = {"X-CSRF-Token": csrf}
        started = c.post("/api/account/totp", headers=h)
        assert started.status_code == 201
        secret = started.json()["secret"]
        assert started.json()["uri"].startswith("otpauth://totp/")
        assert c.get("/api/account/totp").json()["pending"] is True
        r = c.post(
            "/api/account/totp/confirm",
            json={"code": pyotp.TOTP(secret).now()},
            headers=h,
        )
        assert r.status_code == 200 and len(r.json()["recovery_codes"]) == 10
        again = c.post("/api/account/totp", headers=h)
        assert again.status_code == 409  # on already: turn it off first
        off = c.post(
            "/api/account/totp/disable", json={"password": PASSWORD}, headers=h
        )
        assert off.status_code == 200 and off.json()["enabled"] is False
