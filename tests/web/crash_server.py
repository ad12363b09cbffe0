"""The real server for the crash and concurrency tests: ``strive serve`` (uvicorn) in
a subprocess that a test can SIGKILL, and HTTP writers that record what the server
acknowledged (a 2xx answer) so the test can look for every one of them afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from tests.web.conftest import PASSWORD, serve

ACTION = "learn_russian"


class Server:
    """``strive --db URL serve`` on a free port of 127.0.0.1."""

    def __init__(self, db_url: str, folder: Path) -> None:
        self.db_url = db_url
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.starts = 0

    def start(self) -> str:
        log = self.folder / f"serve-{self.starts}-{time.monotonic_ns()}.log"
        self.process, self.url = serve(self.db_url, log)
        self.starts += 1
        return self.url

    def log_text(self) -> str:
        return "".join(p.read_text()[-2000:] for p in self.folder.glob("serve-*.log"))

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing, no goodbye."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        assert self.process.returncode == -signal.SIGKILL

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def log_in(url: str, email: str, clients: int = 1) -> list[tuple[httpx.Client, str]]:
    """Clients sharing one session (one per writer thread), with its CSRF token."""
    first = httpx.Client(base_url=url, timeout=30)
    r = first.post("/api/session", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    csrf: str = r.json()["csrf"]
    more = [
        httpx.Client(base_url=url, timeout=30, cookies=first.cookies)
        for _ in range(clients - 1)
    ]
    return [(c, csrf) for c in (first, *more)]


@dataclass
class Tally:
    """What one writer sent and what the server acknowledged (by unique note)."""

    sent: set[str] = field(default_factory=set)
    acked: set[str] = field(default_factory=set)
    refused: int = 0
    """Answers 409 (a stale version): not acknowledged, not written."""
    errors: list[str] = field(default_factory=list)
    """Unexpected answers (anything but 2xx, 409 or a dropped connection)."""


Request = Callable[[str, int], httpx.Response]
"""Send one write whose unique note is the first argument (``i`` the second)."""


def hammer(
    tag: str, request: Request, tally: Tally, start: int, count: int | None = None
) -> None:
    """Send writes ``tag-i`` for i = start, start + 1, ... until the connection drops
    (the server was killed) or ``count`` writes; record every acknowledgement."""
    i = start
    while count is None or i < start + count:
        note = f"{tag}-{i}"
        tally.sent.add(note)  # sent: a request cut off by the kill may be written
        try:
            response = request(note, i)
        except httpx.TransportError:
            return  # the server is gone; this request was not acknowledged
        if 200 <= response.status_code < 400:
            tally.acked.add(note)
        elif response.status_code == 409:
            tally.refused += 1
        else:
            tally.errors.append(f"{response.status_code} {response.text[:300]}")
            return
        i += 1


def effort_request(client: httpx.Client, csrf: str, goal: int) -> Request:
    def send(note: str, _i: int) -> httpx.Response:
        return client.post(
            f"/api/goals/{goal}/effort",
            json={"hours": 0.5, "action": ACTION, "note": note},
            headers={"X-CSRF-Token": csrf},
        )

    return send


def profile_request(client: httpx.Client, csrf: str, goal: int) -> Request:
    def send(note: str, i: int) -> httpx.Response:
        return client.post(
            f"/api/goals/{goal}/profile",
            json={"values": {"age": str(20 + i % 50)}, "note": note},
            headers={"X-CSRF-Token": csrf},
        )

    return send


def increment(
    client: httpx.Client, csrf: str, goal: int, entry_id: int
) -> tuple[str, int]:
    """Add one hour to an effort entry: read it and its version, then PATCH with
    that version. Returns ``("inc", v)``, ``("conflict", v)`` or ``("gone", 0)``."""
    try:
        listed = client.get(f"/api/goals/{goal}/effort").json()["effort"]
        entry = next(e for e in listed if e["id"] == entry_id)
        r = client.patch(
            f"/api/goals/{goal}/effort/{entry_id}",
            json={"hours": entry["hours"] + 1, "version": entry["version"]},
            headers={"X-CSRF-Token": csrf},
        )
    except httpx.TransportError:
        return "gone", 0
    if r.status_code == 200:
        return "inc", int(entry["version"])
    assert r.status_code == 409, r.text
    assert r.json()["errors"][0]["field"] == "version", r.text
    return "conflict", int(entry["version"])


def web_writer(
    client: httpx.Client,
    csrf: str,
    goal: int,
    counter: int,
    tag: str,
    rounds: int,
    lines: list[list[str]],
) -> None:
    """The web twin of the CLI writer (tests/storage/durability.py): each round logs
    effort, sets a profile value and increments the counter entry by version; one
    line per acknowledged write, in the CLI writer's format."""
    log, profile = (
        effort_request(client, csrf, goal),
        profile_request(client, csrf, goal),
    )
    for i in range(rounds):
        for kind, send in (("log", log), ("profile", profile)):
            note = f"{tag}-{kind}-{i}"
            r = send(note, i)
            lines.append([kind, note] if r.status_code < 300 else ["error", r.text])
        outcome, version = increment(client, csrf, goal, counter)
        lines.append([outcome, str(version)])
