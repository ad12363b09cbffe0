"""``strive supporter invite/grants/see/revoke/ask`` and ``strive inbox``."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from strive.sharing.service import Circle
from strive.storage import Store
from strive.storage.models import AccountRow

START = dt.datetime(2026, 1, 15, 9, 0)


Run = Callable[..., Any]


def _account(store: Store, person: str) -> int:
    with store.unit(person) as uow:
        row = AccountRow(
            email=f"{person}@example.org",
            password_hash="x",
            person_id=uow.person_id,
            locale="en",
            created_at=START,
        )
        uow.session.add(row)
        uow.session.flush()
        return int(row.id)


def test_invite_accept_suggest_accept_revoke(cli: Run, db_path: Path) -> None:
    assert cli("goal", "new", "Fly [b]", "--template", "nasa-astronaut").exit_code == 0
    done = cli(
        "supporter",
        "invite",
        "Miss [red]Young",
        "--role",
        "mentor",
        "--see",
        "gap,route",
    )
    assert done.exit_code == 0, done.output
    assert "Miss [red]Young (mentor), sees: gap, goal, route." in done.output
    token = re.search(r"/invite/(\S+)", done.output)
    assert token is not None
    with Store.open(db_path) as store:
        young = _account(store, "young")
        circle = Circle(store)
        grant = circle.accept(token.group(1), young)
        mentor = circle.account_viewer(young)
        circle.suggest_evidence(mentor, grant.goal_id, "test_pilot_school", note="[b]")

    listed = json.loads(cli("supporter", "grants", "--json").stdout)
    assert [(g["role"], g["sections"]) for g in listed["grants"]] == [
        ("mentor", ["gap", "goal", "route"])
    ]
    shown = cli("supporter", "grants").output
    assert "Miss [red]Young" in shown and "gap, goal, route" in shown
    assert "Miss [red]Young" in cli("inbox", "list").output
    inbox = json.loads(cli("inbox", "list", "--json").stdout)["inbox"]
    assert [(i["kind"], i["author"], i["text"]) for i in inbox] == [
        ("evidence", "Miss [red]Young", "[b]")
    ]
    accepted = cli("inbox", "accept", str(inbox[0]["id"]))
    assert accepted.exit_code == 0, accepted.output
    assert "source: Miss [red]Young (mentor)" in accepted.output
    evidence = json.loads(cli("evidence", "list", "--json").stdout)
    assert "Miss [red]Young (mentor)" in json.dumps(evidence)

    changed = cli("supporter", "see", str(grant.id), "--see", "progress")
    assert "now sees: goal, progress." in changed.output
    assert cli("supporter", "revoke", str(grant.id)).exit_code == 0
    listed = json.loads(cli("supporter", "grants", "--json").stdout)
    assert listed["grants"][0]["revoked_at"] is not None


def test_bad_sections_exit_2_and_write_nothing(cli: Run) -> None:
    cli("goal", "new", "Fly", "--template", "nasa-astronaut")
    done = cli("supporter", "invite", "Dad", "--role", "family", "--see", "diary")
    assert done.exit_code == 2
    assert "--see: 'diary' is not a section" in done.output
    assert json.loads(cli("supporter", "list", "--json").stdout)["supporters"] == []
    missing = cli("inbox", "decline", "42")
    assert missing.exit_code == 3 and "no inbox item 42" in missing.output


def test_a_stale_grant_or_goal_edit_exits_7_and_writes_nothing(
    cli: Run, db_path: Path
) -> None:
    assert cli("goal", "new", "Fly", "--template", "nasa-astronaut").exit_code == 0
    done = cli("supporter", "invite", "Young", "--role", "mentor", "--see", "gap")
    token = re.search(r"/invite/(\S+)", done.output)
    assert token is not None
    with Store.open(db_path) as store:
        grant = Circle(store).accept(token.group(1), _account(store, "young"))

    def listed() -> dict[str, Any]:
        found: dict[str, Any] = json.loads(cli("supporter", "grants", "--json").stdout)[
            "grants"
        ][0]
        return found

    seen = str(listed()["version"])
    ok = cli("supporter", "see", str(grant.id), "--see", "route", "--if-version", seen)
    assert ok.exit_code == 0, ok.output
    stale = cli(
        "supporter", "see", str(grant.id), "--see", "notes", "--if-version", seen
    )
    assert stale.exit_code == 7 and "changed elsewhere" in stale.output
    gone = cli("supporter", "revoke", str(grant.id), "--if-version", seen)
    assert gone.exit_code == 7, gone.output
    kept = listed()
    assert kept["sections"] == ["goal", "route"] and kept["revoked_at"] is None
    now = str(kept["version"])
    assert cli("supporter", "revoke", str(grant.id), "--if-version", now).exit_code == 0

    goal = json.loads(cli("goal", "show", "--json").stdout)
    old = str(goal["version"])
    assert cli("goal", "new", "Run", "--template", "nasa-astronaut").exit_code == 0
    stale_use = cli("goal", "use", str(goal["id"]), "--if-version", old)
    assert stale_use.exit_code == 7, stale_use.output
    assert json.loads(cli("goal", "show", "--json").stdout)["title"] == "Run"
    paused = json.loads(cli("goal", "show", str(goal["id"]), "--json").stdout)
    use = cli("goal", "use", str(goal["id"]), "--if-version", str(paused["version"]))
    assert use.exit_code == 0, use.output
    stale_close = cli("goal", "retire", "--reason", "x", "--if-version", old)
    assert stale_close.exit_code == 7, stale_close.output
    active = json.loads(cli("goal", "show", "--json").stdout)
    assert active["status"] == "active"
    achieved = cli("goal", "achieve", "--if-version", str(active["version"]))
    assert achieved.exit_code == 0, achieved.output
