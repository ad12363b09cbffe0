"""authz with the sharing lane's decide(): a mentor reads exactly the granted
sections, by page and by API, and a revoked grant stops on the next request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import new_goal, sign_up

from strive.storage import Store
from strive.storage.models import AccountRow

service = pytest.importorskip("strive.sharing.service")
access = pytest.importorskip("strive.sharing.access")


def _ids(db: Path, email: str) -> tuple[int, int]:
    with Store.open(db) as store, Session(store.engine) as s:
        row = s.scalars(select(AccountRow).where(AccountRow.email == email)).one()
        return row.id, row.person_id


def test_mentor_sees_only_the_granted_section(app: Any, db_path: Path) -> None:
    ana = TestClient(app)
    goal = new_goal(ana, sign_up(ana, "ana@example.org", "Ana"))
    ben = TestClient(app)
    ben_csrf = sign_up(ben, "ben@example.org", "Ben")
    ana_account, ana_person = _ids(db_path, "ana@example.org")
    ben_account, _ben_person = _ids(db_path, "ben@example.org")
    store = app.state.config.store
    circle = service.Circle(store)
    owner = access.Viewer(ana_account, ana_person)
    _invitation, token = circle.invite(
        owner, goal, access.Role.MENTOR, "Ben", sections={access.Section.GAP}
    )
    grant = circle.accept(token, ben_account)
    assert ben.get(f"/goals/{goal}/gap").status_code == 200
    assert ben.get(f"/api/goals/{goal}/gap").status_code == 200
    for url in ["/profile", "/route", "/progress", "/attempts", "/review"]:
        assert ben.get(f"/goals/{goal}{url}").status_code == 404, url
        assert ben.get(f"/api/goals/{goal}{url}").status_code == 404, url
    r = ben.post(
        f"/api/goals/{goal}/profile",
        json={"values": {"age": "30"}},
        headers={"X-CSRF-Token": ben_csrf},
    )
    assert r.status_code == 404  # a mentor suggests; they never write
    circle.revoke(owner, grant.id)
    assert ben.get(f"/goals/{goal}/gap").status_code == 404
