"""Fixtures for the web app: a fresh app per test, signed-in clients, and (for the
browser journeys) uvicorn on a free 127.0.0.1 port driven by Debian's Chromium.

The browser fixtures are shared by every browser test: ``live_server`` (a URL),
``browser`` (Playwright Chromium launched as docs/STACK describes) and ``page``
(a fresh context per test that records every request, console error and CSP
violation; the test asserts on ``page.strive_log``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    # Starlette 1.x warns that its TestClient will move to httpx2; httpx is what
    # the project pins today (the warning is about the future, not a fault here).
    warnings.filterwarnings(
        "ignore", message="Using `httpx` with `starlette.testclient`"
    )
    from fastapi.testclient import TestClient

from tests.conftest import new_database
from tests.web.browser import shoot

from strive.web.app import create_app

TODAY = dt.date(2026, 1, 15)
PASSWORD = "correct horse battery"
CHROMIUM = "/usr/bin/chromium"
START_SECONDS = 180
"""How long a ``strive serve`` the tests start may take to answer its first request."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, "the page has no CSRF field"
    return found.group(1)


def sign_up(client: TestClient, email: str, name: str = "Ana") -> str:
    """Sign up through the form; returns the session's CSRF token."""
    page = client.get("/signup")
    response = client.post(
        "/signup",
        data={
            "csrf": csrf_in(page.text),
            "email": email,
            "password": PASSWORD,
            "display_name": name,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    token: str = client.get("/api/account").json()["csrf"]
    return token


def new_goal(client: TestClient, csrf: str, title: str = "Fly to space") -> int:
    response = client.post(
        "/api/goals",
        json={"title": title, "template": "nasa-astronaut"},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 201, response.text
    goal_id: int = response.json()["id"]
    return goal_id


@pytest.fixture
def app(db_path: Path) -> Iterator[Any]:
    made = create_app(db_path, today=TODAY)
    yield made
    made.state.config.store.close()


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def owner(app: Any) -> Iterator[tuple[TestClient, str]]:
    """A signed-in client and its CSRF token."""
    with TestClient(app) as c:
        yield c, sign_up(c, "ana@example.org")


# -- browser -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _answers(process: subprocess.Popen[bytes], url: str, log_path: Path) -> bool:
    """Wait until the server answers (True) or exits (False)."""
    # Generous: a start takes seconds, but a loaded 2-core machine can stretch it
    # well past 20 s; only a server that never answers should fail here.
    deadline = time.monotonic() + START_SECONDS
    while process.poll() is None:
        try:
            with urllib.request.urlopen(url + "/login", timeout=5):
                return True
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"strive serve did not answer within {START_SECONDS} s: "
                    f"{log_path.read_text()}"
                ) from None
            time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve(db: Any, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``strive serve`` (today fixed) on a free 127.0.0.1 port, answering; returns
    the process and its URL. A free port is free only until someone binds it: when
    another process took it first, a new port is chosen (three tries)."""
    env = {**os.environ, "STRIVE_TODAY": TODAY.isoformat()}
    for attempt in range(3):
        port = _free_port()
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [
                    sys.executable, "-c", "from strive.cli import app; app()",
                    "--db", str(db), "serve", "--port", str(port),
                ],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            if _answers(process, url, log_path):
                return process, url
        except BaseException:
            _stop(process)
            raise
        _stop(process)
        text = log_path.read_text()
        if "address already in use" not in text.lower() or attempt == 2:
            raise RuntimeError(f"strive serve exited: {text}")
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def live_server(
    session_backend: str,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """``strive serve`` in a subprocess on a fresh database of ``session_backend``
    (a SQLite file, or a PostgreSQL database of the test cluster); yields its URL.
    The browser tests run once per backend, all of one backend's first."""
    db = new_database(request, session_backend, "live")
    log_path = tmp_path_factory.mktemp("live-log") / "serve.log"
    process, url = serve(db, log_path)
    try:
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class BrowserLog:
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def foreign(self, origin: str) -> list[str]:
        return [u for u in self.requests if not u.startswith(origin)]


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    log = BrowserLog()
    pg = context.new_page()
    pg.on("request", lambda r: log.requests.append(r.url))
    pg.on(
        "console",
        lambda m: (
            log.console_errors.append(f"{pg.url}: {m.text}")
            if m.type == "error"
            else None
        ),
    )
    pg.on("pageerror", lambda e: log.console_errors.append(str(e)))
    pg.strive_log = log
    # A CSP violation fires a DOM event; the page records them where the test reads.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => {"
        " (window.__csp = window.__csp || [])"
        ".push(e.violatedDirective + ' ' + e.blockedURI); });"
    )
    yield pg
    context.close()


def screenshot(page: Any, name: str) -> None:
    """A desktop (1280) and a phone (375) screenshot into test-artifacts/."""
    shoot(page, name)


# -- supporters ----------------------------------------------------------------------


@dataclass
class Circle:
    """Ana's goal shared with Ben (mentor: gap, route, progress) and Fay (family:
    the default, progress, attempts and notes); Sam is a stranger with his own goal.
    ``other`` is Ana's second (paused) goal, shared with no one."""

    ana: TestClient
    ana_csrf: str
    ben: TestClient
    ben_csrf: str
    fay: TestClient
    fay_csrf: str
    sam: TestClient
    sam_csrf: str
    goal: int
    other: int
    sams_goal: int
    ben_grant: int
    fay_grant: int

    def h(self, who: str) -> dict[str, str]:
        """The CSRF header of ``ana``, ``ben``, ``fay`` or ``sam``."""
        token: str = getattr(self, f"{who}_csrf")
        return {"X-CSRF-Token": token}


def invite(
    client: TestClient,
    csrf: str,
    goal: int,
    name: str,
    role: str,
    sections: list[str] | None = None,
) -> str:
    """Invite through the API; returns the token of the link."""
    body: dict[str, Any] = {"name": name, "role": role}
    if sections is not None:
        body["sections"] = sections
    r = client.post(
        f"/api/goals/{goal}/invitations", json=body, headers={"X-CSRF-Token": csrf}
    )
    assert r.status_code == 201, r.text
    link: str = r.json()["link"]
    return link.removeprefix("/invite/")


def accept(client: TestClient, csrf: str, token: str) -> int:
    r = client.post(f"/api/invitations/{token}/accept", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    grant: int = r.json()["id"]
    return grant


@pytest.fixture
def circle(app: Any) -> Iterator[Circle]:
    clients = [TestClient(app) for _ in range(4)]
    ana, ben, fay, sam = clients
    ana_csrf = sign_up(ana, "ana@example.org", "Ana")
    other = new_goal(ana, ana_csrf, "Ana's quiet other goal")
    goal = new_goal(ana, ana_csrf, "Fly to space")
    ben_csrf = sign_up(ben, "ben@example.org", "Ben")
    fay_csrf = sign_up(fay, "fay@example.org", "Fay")
    sam_csrf = sign_up(sam, "sam@example.org", "Sam")
    sams_goal = new_goal(sam, sam_csrf, "Sam's own goal")
    ben_grant = accept(
        ben,
        ben_csrf,
        invite(ana, ana_csrf, goal, "Ben", "mentor", ["gap", "route", "progress"]),
    )
    fay_grant = accept(fay, fay_csrf, invite(ana, ana_csrf, goal, "Fay", "family"))
    yield Circle(
        ana,
        ana_csrf,
        ben,
        ben_csrf,
        fay,
        fay_csrf,
        sam,
        sam_csrf,
        goal,
        other,
        sams_goal,
        ben_grant,
        fay_grant,
    )
    for c in clients:
        c.close()


def account_id(client: TestClient) -> int:
    """The id of the account a client is logged in with."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from strive.storage.models import AccountRow

    email = client.get("/api/account").json()["email"]
    store = client.app.state.config.store  # type: ignore[attr-defined]
    with Session(store.engine) as s:
        found: int = s.scalars(
            select(AccountRow.id).where(AccountRow.email == email)
        ).one()
        return found
