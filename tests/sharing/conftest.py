"""A real database (SQLite; PostgreSQL in the PostgreSQL pass) with two people,
their goals and a few logins around them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from strive.sharing.service import Circle
from strive.storage import Store
from strive.storage.models import AccountRow
from strive.workspace import Workspace

START = dt.datetime(2026, 1, 15, 9, 0)


class Clock:
    """A clock the test moves by hand (naive UTC)."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def make_account(store: Store, person: str) -> int:
    """A login owning ``person`` (the web lane's sign-up does this for real)."""
    with store.unit(person) as uow:
        row = AccountRow(
            email=f"{person.lower()}@example.org",
            password_hash="$argon2id$not-used-here",
            person_id=uow.person_id,
            locale="en",
            created_at=START,
        )
        uow.session.add(row)
        uow.session.flush()
        return int(row.id)


@dataclass
class World:
    store: Store
    circle: Circle
    clock: Clock
    jose_goal: int
    ana_goal: int
    accounts: dict[str, int]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(db_path: Path, clock: Clock) -> Iterator[World]:
    store = Store.open(db_path)
    today = dt.date(2026, 1, 15)
    jose = Workspace(store, person="jose", today=today).new_goal(
        "Become an astronaut", "nasa-astronaut"
    )
    ana = Workspace(store, person="ana", today=today).new_goal(
        "Fly to space", "nasa-astronaut"
    )
    assert jose.id is not None and ana.id is not None
    accounts = {
        name: make_account(store, name)
        for name in ("jose", "ana", "young", "dad", "boss", "wife", "stranger")
    }
    yield World(
        store, Circle(store, now=clock, today=today), clock, jose.id, ana.id, accounts
    )
    store.close()
