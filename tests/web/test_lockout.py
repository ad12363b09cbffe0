"""The login rate limit slows guessing without letting anyone lock the owner out.

Policy (docs/security.md): failures count per e-mail + client address and per
address, never per e-mail alone; the back-off doubles from 30 s and stops at 15 min.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORD, sign_up

from strive.storage import Store
from strive.storage.models import LoginAttemptRow
from strive.web import accounts

ATTACKER = ("203.0.113.7", 40000)
OWNER = ("198.51.100.20", 40000)


class Clock:
    def __init__(self) -> None:
        self.at = accounts.now()

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(accounts, "now", c)
    return c


def _try(client: TestClient, password: str) -> int:
    r = client.post(
        "/api/session", json={"email": "ana@example.org", "password": password}
    )
    return r.status_code


def test_a_stranger_cannot_lock_the_owner_out(app: Any, clock: Clock) -> None:
    with TestClient(app, client=OWNER) as owner:
        sign_up(owner, "ana@example.org")
        owner.cookies.clear()
        with TestClient(app, client=ATTACKER) as attacker:
            codes = [_try(attacker, f"guess number {i}") for i in range(12)]
            assert codes[:5] == [400] * 5
            assert set(codes[5:]) == {429}  # refused without checking
            assert _try(attacker, PASSWORD) == 429  # even the right one, from there
        # The owner, from their own device, is not slowed at all.
        assert _try(owner, PASSWORD) == 200


def test_backoff_doubles_and_is_capped(app: Any, clock: Clock) -> None:
    store = app.state.config.store
    with TestClient(app, client=ATTACKER) as c:
        for i in range(5):
            assert _try(c, f"guess number {i}") == 400
        r = c.post("/api/session", json={"email": "ana@example.org", "password": "x"})
        assert r.status_code == 429 and r.headers["retry-after"] == "30"
        clock.advance(31)
        assert _try(c, "guess number 5") == 400  # one more try, then 60 s
        assert accounts.retry_after(store, "ana@example.org", ATTACKER[0]) == 60
        clock.advance(61)
        assert _try(c, "guess number 6") == 400
        assert accounts.retry_after(store, "ana@example.org", ATTACKER[0]) == 120
    # However many failures, the wait never passes the cap.
    with store.unit("accounts") as uow:
        for _ in range(40):
            uow.session.add(
                LoginAttemptRow(key=f"pair:ana@example.org|{ATTACKER[0]}", at=clock.at)
            )
    cap = int(accounts.BACKOFF_CAP.total_seconds())
    assert accounts.retry_after(store, "ana@example.org", ATTACKER[0]) == cap
    clock.advance(cap + 1)
    assert accounts.retry_after(store, "ana@example.org", ATTACKER[0]) == 0


def test_one_address_spraying_many_emails_waits(app: Any, clock: Clock) -> None:
    store = app.state.config.store
    with store.unit("accounts") as uow:
        for i in range(accounts.ADDRESS_FAILURES):
            uow.session.add(LoginAttemptRow(key=f"addr:{ATTACKER[0]}", at=clock.at))
            uow.session.add(
                LoginAttemptRow(key=f"pair:x{i}@example.org|{ATTACKER[0]}", at=clock.at)
            )
    with TestClient(app, client=ATTACKER) as sprayer:
        r = sprayer.post(
            "/api/session", json={"email": "new@example.org", "password": "p" * 12}
        )
        assert r.status_code == 429
    with TestClient(app, client=OWNER) as other:
        r = other.post(
            "/api/session", json={"email": "new@example.org", "password": "p" * 12}
        )
        assert r.status_code == 400  # checked (wrong), not refused
    clock.advance(accounts.WINDOW.total_seconds() + 1)
    assert accounts.retry_after(store, "new@example.org", ATTACKER[0]) == 0


def test_success_clears_only_this_clients_failures(
    app: Any, clock: Clock, db_path: Path
) -> None:
    with TestClient(app, client=OWNER) as owner:
        sign_up(owner, "ana@example.org")
        owner.cookies.clear()
        for i in range(3):
            assert _try(owner, f"typo number {i}") == 400
        with TestClient(app, client=ATTACKER) as attacker:
            for i in range(5):
                assert _try(attacker, f"guess number {i}") == 400
            assert _try(owner, PASSWORD) == 200
            assert _try(attacker, PASSWORD) == 429  # the owner's success frees no one
    with Store.open(db_path) as store:
        assert accounts.retry_after(store, "ana@example.org", OWNER[0]) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="a real server in a subprocess")
def test_simultaneous_wrong_passwords_never_pass_the_limit_on_a_real_server(
    db_url: str, tmp_path: Path
) -> None:
    """A real ``strive serve`` (uvicorn, its thread pool) gets 16 wrong passwords
    for one e-mail from one address at once: at most FREE_FAILURES are checked,
    the rest answer 429. Before, every request counted the failures before any
    was recorded, so a burst was checked in full."""
    import threading

    import httpx
    from tests.web.crash_server import Server

    with Store.open(db_url) as store:
        accounts.sign_up(store, "ana@example.org", PASSWORD, "Ana")
    server = Server(db_url, tmp_path)
    codes: list[int] = []
    try:
        server.start()
        start = threading.Barrier(16)

        def wrong() -> None:
            with httpx.Client(base_url=server.url, timeout=120) as client:
                start.wait()
                r = client.post(
                    "/api/session",
                    json={"email": "ana@example.org", "password": "not it at all"},
                )
                codes.append(r.status_code)

        threads = [threading.Thread(target=wrong) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    finally:
        server.stop()
    assert len(codes) == 16 and set(codes) <= {400, 429}, codes
    assert codes.count(400) == accounts.FREE_FAILURES, codes  # never more
