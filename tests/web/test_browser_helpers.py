"""The browser guards themselves: each one fails when it should, and not otherwise.

A guard that cannot fail proves nothing, so each is shown a real fault made in a
real page served by ``strive serve``: a console error, an inline script the CSP
blocks, a fetch to another host, an image without a text alternative.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from tests.web.browser import (
    AXE,
    assert_accessible,
    axe_violations,
    guarded_context,
    shoot,
)

PROVENANCE = AXE.parent / "PROVENANCE.md"

pytestmark = pytest.mark.one_backend(
    reason="the guards are checked on /login, which reads no stored data; a PostgreSQL "
    "server would serve the same bytes"
)


def test_axe_file_matches_its_recorded_hash_and_licence() -> None:
    row = next(
        line
        for line in PROVENANCE.read_text().splitlines()
        if line.startswith("| axe.min.js")
    )
    cells = [c.strip() for c in row.strip("|").split("|")]
    digest = base64.b64encode(hashlib.sha384(AXE.read_bytes()).digest()).decode()
    assert cells[-1] == f"sha384-{digest}"
    assert cells[1] == "axe-core (npm)" and cells[3] == "MPL-2.0"
    assert AXE.read_text()[:200].startswith(f"/*! axe v{cells[2]}")
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", cells[4])
    assert "Mozilla Public License" in (AXE.parent / "axe-core.LICENSE").read_text()


def test_a_clean_page_passes_every_guard(browser: Any, live_server: str) -> None:
    with guarded_context(browser, live_server) as (page, guard):
        page.goto("/login")
        assert_accessible(page)  # axe runs under the page's real CSP ...
        guard.check()  # ... and the CSP guard stays clean
        assert any(u.endswith("/static/vendor/htmx.min.js") for u in guard.requests)


def test_guard_fails_on_a_console_error(browser: Any, live_server: str) -> None:
    with guarded_context(browser, live_server, check_on_exit=False) as (page, guard):
        page.goto("/login")
        page.evaluate("console.error('boom from the test')")
        with pytest.raises(AssertionError, match=r"console error: .*boom from"):
            guard.check()
        guard.check()  # a check starts afresh


def test_guard_fails_on_a_csp_violation(browser: Any, live_server: str) -> None:
    with guarded_context(browser, live_server, check_on_exit=False) as (page, guard):
        page.goto("/login")
        page.evaluate(
            "const s = document.createElement('script');"
            "s.textContent = 'window.ran = 1'; document.body.append(s)"
        )
        # The page reports the violation in a task of its own and the binding
        # brings it over: wait for it (up to 10 s), not a fixed 50 ms that a loaded
        # machine can exceed.
        for _ in range(200):
            if guard.csp_violations:
                break
            page.wait_for_timeout(50)
        assert page.evaluate("window.ran") is None  # the CSP really blocked it
        with pytest.raises(AssertionError, match="CSP violation: script-src"):
            guard.check()


def test_guard_blocks_and_fails_on_a_request_to_another_host(
    browser: Any, live_server: str
) -> None:
    with guarded_context(browser, live_server, check_on_exit=False) as (page, guard):
        page.goto("/login")
        # A navigation (a link to a CDN page, say): the CSP does not govern it.
        with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
            page.goto("http://localhost:9/x")
        with pytest.raises(
            AssertionError, match=r"request off 127\.0\.0\.1: http://loc"
        ):
            guard.check()


def test_axe_fails_on_a_serious_violation(browser: Any, live_server: str) -> None:
    with guarded_context(browser, live_server) as (page, _guard):
        page.goto("/login")
        page.evaluate(
            "const i = document.createElement('img'); i.src = '/static/favicon.svg';"
            "document.querySelector('main').append(i)"
        )
        found = {v["id"]: v["impact"] for v in axe_violations(page)}
        assert found.get("image-alt") == "critical"
        with pytest.raises(AssertionError, match=r"image-alt \[critical\]"):
            assert_accessible(page)


def _png_width(path: Path) -> int:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width: int = struct.unpack(">I", header[16:20])[0]
    return width


def test_shoot_saves_desktop_and_phone(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    with guarded_context(browser, live_server) as (page, _guard):
        page.goto("/login")
        desktop, phone = shoot(page, "login", folder=tmp_path)
    assert (desktop.name, _png_width(desktop)) == ("login-desktop.png", 1280)
    assert (phone.name, _png_width(phone)) == ("login-phone.png", 375)
