"""Two web workers and a CLI process write one goal at once; no update is lost.

Two ``strive serve`` processes (two workers, each its own engine and pool) and one
CLI process share a database (SQLite WAL, or PostgreSQL). Each writer logs effort,
sets profile values and adds one hour to a shared counter entry with a
read-modify-write that sends the version it read; a stale one is refused (409, or
exit 7 on the CLI). Afterwards every acknowledged log and profile change is there
exactly once, and the counter equals 1 + the acknowledged increments: a lost update
would leave it lower.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from tests.storage.durability import CLI_WRITER, integrity_problems
from tests.web.conftest import PASSWORD, TODAY
from tests.web.crash_server import ACTION, Server, log_in, web_writer

from strive.storage import Store
from strive.web import accounts
from strive.workspace import Workspace

WEB_ROUNDS = 12
CLI_ROUNDS = 4


def test_two_web_workers_and_the_cli_lose_no_update(
    db_url: str, tmp_path: Path
) -> None:
    with Store.open(db_url) as store:
        ws = Workspace(store, today=TODAY)  # the CLI's person "me"
        goal = ws.new_goal("Fly to space", "nasa-astronaut").id
        counter = ws.log(1.0, ACTION, note="counter").id
        assert goal is not None and counter is not None
        accounts.claim_person(store, "me@example.org", PASSWORD, "me")

    servers = [Server(db_url, tmp_path) for _ in range(2)]
    lines: dict[str, list[list[str]]] = {"w1": [], "w2": [], "cli": []}
    try:
        urls = [s.start() for s in servers]
        clients = [log_in(url, "me@example.org")[0] for url in urls]
        cli = subprocess.Popen(
            [
                sys.executable,
                "-c",
                CLI_WRITER,
                db_url,
                "cli",
                str(CLI_ROUNDS),
                str(counter),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        threads = [
            threading.Thread(
                target=web_writer,
                args=(c, csrf, goal, counter, tag, WEB_ROUNDS, lines[tag]),
            )
            for tag, (c, csrf) in zip(("w1", "w2"), clients, strict=True)
        ]
        for t in threads:
            t.start()
        out, err = cli.communicate(timeout=300)
        for t in threads:
            t.join(timeout=300)
            assert not t.is_alive()
        assert cli.returncode == 0, err[-2000:]
        lines["cli"] = [line.split(" ", 1) for line in out.splitlines()]
        for c, _csrf in clients:
            c.close()
    finally:
        for s in servers:
            s.stop()

    every = [line for tagged in lines.values() for line in tagged]
    kinds = Counter(line[0] for line in every)
    assert kinds["error"] == 0 and kinds["gone"] == 0, every
    rounds = 2 * WEB_ROUNDS + CLI_ROUNDS
    assert kinds["log"] == kinds["profile"] == rounds
    assert kinds["inc"] + kinds["conflict"] == rounds
    won = [line[1] for line in every if line[0] == "inc"]
    assert len(won) == len(set(won)), "two writers both incremented one version"

    with Store.open(db_url) as store:
        ws = Workspace(store, today=TODAY)
        log = ws.effort_log()
        notes = Counter(e.note for e in log)
        logged = {line[1] for line in every if line[0] == "log"}
        assert set(notes) - {"counter"} == logged
        assert all(notes[n] == 1 for n in logged)
        (final,) = [e for e in log if e.id == counter]
        assert final.hours == 1 + kinds["inc"]  # no acknowledged increment lost
        changes = {c.note for c in ws.context().profile.changes}
        assert {line[1] for line in every if line[0] == "profile"} <= changes
        assert ws.profile_version() == 1 + rounds
    assert integrity_problems(db_url) == []
    print(
        f"\n[concurrent] {db_url.split(':')[0]}: 2 web workers + CLI: "
        f"{kinds['log']} logs, {kinds['profile']} profile edits, "
        f"{kinds['inc']} increments, {kinds['conflict']} stale edits refused"
    )
