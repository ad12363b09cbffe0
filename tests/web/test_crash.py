"""SIGKILL the real server in the middle of writes; nothing acknowledged is lost.

``strive serve`` (uvicorn) runs in a subprocess over SQLite (WAL, synchronous=FULL)
or PostgreSQL. Four clients hammer it over HTTP: two log effort, one changes the
profile, one imports goals through the upload form (a goal, its stored template and
the link between them, in one transaction). At a random moment the server is
killed with SIGKILL (after 200-400 more acknowledged writes, so thousands per
backend over the run); then every write the server acknowledged (a 2xx/3xx answer)
must be in the database, nothing that was never sent is, and the database passes
its integrity checks (no orphan rows, no half-imported goal). Then the server is
started again on the same database and killed again, KILLS times per backend.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from tests.storage.durability import integrity_problems, sqlite_durability
from tests.web.conftest import PASSWORD, TODAY
from tests.web.crash_server import (
    Request,
    Server,
    Tally,
    effort_request,
    hammer,
    log_in,
    profile_request,
)

from strive.storage import Store
from strive.storage.store import make_engine
from strive.web import accounts
from strive.workspace import Workspace

KILLS = 5
"""Kills per backend."""
PER_KILL = (200, 400)
"""Writes acknowledged between a start and its kill (drawn per kill): about 1,500
per backend in all, over one server process lifetime per kill."""
ENOUGH = 1000
"""Acknowledged writes checked per backend, at least."""
SEED = 20261201


@pytest.fixture
def own_template(cli: Any, tmp_path: Path) -> tuple[bytes, bytes]:
    folder = tmp_path / "mine"
    done = cli(
        "template", "new", "medschool", "--trait", "gpa:number:0:4",
        "--trait", "research:bool", "--dir", str(folder),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return (folder / "medschool.toml").read_bytes(), (
        folder / "medschool.csv"
    ).read_bytes()


def upload_request(
    client: httpx.Client, csrf: str, files: tuple[bytes, bytes]
) -> Request:
    def send(note: str, _i: int) -> httpx.Response:
        return client.post(
            "/goals/upload",
            data={"csrf": csrf, "title": note},
            files={
                "template_file": ("medschool.toml", files[0], "application/toml"),
                "cohort_file": ("medschool.csv", files[1], "text/csv"),
            },
        )

    return send


def _present(url: str) -> dict[str, set[str]]:
    """The notes (effort, profile) and imported goal titles now in the database."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:

            def column(sql: str) -> set[str]:
                return {str(v) for v in conn.execute(text(sql)).scalars()}

            return {
                "effort": column("SELECT note FROM effort"),
                "profile": column("SELECT note FROM profile_changes"),
                "upload": column(
                    "SELECT title FROM goals WHERE template_id IS NOT NULL"
                ),
            }
    finally:
        engine.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_server_loses_no_acknowledged_write(
    db_url: str, tmp_path: Path, own_template: tuple[bytes, bytes]
) -> None:
    with Store.open(db_url) as store:
        for email, name in (("a@example.org", "Ana"), ("b@example.org", "Bea")):
            accounts.sign_up(store, email, PASSWORD, name)
        ana = Workspace(store, person="Ana", today=TODAY)
        goal = ana.new_goal("Fly to space", "nasa-astronaut").id
        assert goal is not None
    if db_url.startswith("sqlite"):
        assert sqlite_durability(db_url) == ("wal", 2)  # WAL, synchronous=FULL

    rng = random.Random(SEED)
    kinds = ("effort", "profile", "upload")
    tallies = {kind: Tally() for kind in kinds}
    server = Server(db_url, tmp_path)
    try:
        for kill in range(KILLS):
            server.start()
            clients = log_in(server.url, "a@example.org", clients=3)
            (uploader,) = log_in(server.url, "b@example.org")
            base = kill * 100_000  # every note unique across kills
            work = [
                ("e1", effort_request(*clients[0], goal), tallies["effort"]),
                ("e2", effort_request(*clients[1], goal), tallies["effort"]),
                ("p", profile_request(*clients[2], goal), tallies["profile"]),
                ("u", upload_request(*uploader, own_template), tallies["upload"]),
            ]
            threads = [
                threading.Thread(target=hammer, args=(tag, request, tally, base))
                for tag, request, tally in work
            ]
            before = sum(len(t.acked) for t in tallies.values())
            for t in threads:
                t.start()
            # Kill in the middle of writes: after a random number of further
            # acknowledgements (all four writers in flight), at a random instant.
            target = before + rng.randint(*PER_KILL)
            deadline = time.monotonic() + 600
            while sum(len(t.acked) for t in tallies.values()) < target:
                assert time.monotonic() < deadline, server.log_text()
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.05))
            server.kill()
            for t in threads:
                t.join(timeout=60)
                assert not t.is_alive()
            for c, _csrf in [*clients, uploader]:
                c.close()

            problems = integrity_problems(db_url, own_templates={"medschool"})
            assert problems == [], f"after kill {kill + 1}"
            present = _present(db_url)
            for kind in kinds:
                tally = tallies[kind]
                assert tally.errors == [], tally.errors[:3]
                lost = tally.acked - present[kind]
                assert not lost, f"kill {kill + 1}: acknowledged {kind} lost: {lost}"
                ours = {n for n in present[kind] if n[:1] in "epu" and "-" in n}
                assert ours <= tally.sent, f"{kind} never sent: {ours - tally.sent}"
    finally:
        server.stop()

    acked = {kind: len(tallies[kind].acked) for kind in kinds}
    assert all(acked.values()), acked  # every kind of write was exercised
    assert sum(acked.values()) >= ENOUGH, acked
    assert server.starts == KILLS
    print(
        f"\n[crash-web] {db_url.split(':')[0]}: {KILLS} kills survived, "
        f"{sum(acked.values())} acknowledged writes checked {acked}, "
        f"{sum(len(t.sent) for t in tallies.values())} sent"
    )
