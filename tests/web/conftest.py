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

from tests.web.browser import shoot

from strive.web.app import create_app

TODAY = dt.date(2026, 1, 15)
PASSWORD = "correct horse battery"
CHROMIUM = "/usr/bin/chromium"
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
def app(db_path: Path) -> Any:
    return create_app(db_path, today=TODAY)


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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``strive serve`` in a subprocess on a fresh database; yields its URL."""
    db = tmp_path_factory.mktemp("live") / "strive.db"
    port = _free_port()
    env = {**os.environ, "STRIVE_TODAY": TODAY.isoformat()}
    log_path = db.parent / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from strive.cli import app; app()",
            "--db",
            str(db),
            "serve",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError(f"strive serve exited: {log_path.read_text()}")
            try:
                with urllib.request.urlopen(url + "/login", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("strive serve did not answer within 20 s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


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
