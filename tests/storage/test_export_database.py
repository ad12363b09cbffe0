"""A whole database exported and imported into an empty one gives identical data
(property test, bounded examples), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.postgres import PgCluster
from tests.storage.db_rows import all_rows
from tests.storage.test_export import NASA, _attempts, _changes, _dump, _effort

from strive.errors import DataImportError
from strive.goal import Goal, GoalStatus, Limits
from strive.storage import Store
from strive.storage.ownership import export_database, import_database

NewDb = Callable[[], str]
_runs = itertools.count()


@pytest.fixture
def new_db(request: pytest.FixtureRequest, tmp_path: Path, db_backend: str) -> NewDb:
    """Makes a fresh empty database on one backend, each time it is called."""
    if db_backend == "sqlite":
        return lambda: f"sqlite+pysqlite:///{tmp_path / f'db{next(_runs)}.db'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database


_person = st.fixed_dictionaries(
    {
        "changes": _changes,
        "attempts": _attempts,
        "effort": _effort,
        "goals": st.integers(0, 2),
        "hours": st.floats(0.5, 100),
    }
)
_people = st.dictionaries(
    st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=10)
    .map(str.strip)
    .filter(bool),
    _person,
    min_size=1,
    max_size=3,
)


def _write(store: Store, people: dict[str, dict[str, Any]]) -> None:
    for name, data in people.items():
        with store.unit(name) as uow:
            assert uow.person_id  # a person without records is still exported
            # A profile value belongs to a trait of one of the person's goals.
            for change in data["changes"] if data["goals"] else []:
                uow.add_change(change)
            for n in range(data["goals"]):
                goal = uow.add_goal(
                    Goal(
                        f"goal {n}",
                        NASA,
                        limits=Limits(hours_per_week=data["hours"]),
                        status=GoalStatus.ACTIVE if n == 0 else GoalStatus.PAUSED,
                    )
                )
                assert goal.id is not None
                for attempt in data["attempts"] if n == 0 else []:
                    uow.add_attempt(goal.id, attempt)
                for entry in data["effort"]:
                    uow.add_effort(goal.id, entry)


def _counts(store: Store) -> dict[str, int]:
    rows = all_rows(store.engine)
    return {name: len(r) for name, r in rows.items()}


@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking takes minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=_people)
def test_a_whole_database_round_trips(
    new_db: NewDb, people: dict[str, dict[str, Any]]
) -> None:
    with Store.open(new_db()) as first:
        _write(first, people)
        doc = export_database(first)
        assert sorted(p["name"] for p in doc["people"]) == sorted(people)
        counts = _counts(first)
    with Store.open(new_db()) as second:
        assert import_database(second, json.loads(json.dumps(doc))) == len(people)
        assert _dump(export_database(second)) == _dump(doc)
        assert _counts(second) == counts


def test_a_whole_database_import_needs_an_empty_database(new_db: NewDb) -> None:
    with Store.open(new_db()) as store:
        _write(
            store,
            {
                "ana": {
                    "changes": [],
                    "attempts": [],
                    "effort": [],
                    "goals": 1,
                    "hours": 5.0,
                }
            },
        )
        doc = export_database(store)
        with pytest.raises(DataImportError, match="already holds 1 people"):
            import_database(store, doc)


def test_a_bad_person_writes_nobody(new_db: NewDb) -> None:
    good = {"name": "ana", "profile": [], "goals": []}
    bad = {"name": "bea", "goals": [{"title": "x", "template": "no-such-template"}]}
    doc = {"strive_export": 1, "people": [good, bad]}
    with Store.open(new_db()) as store:
        with pytest.raises(DataImportError) as caught:
            import_database(store, doc)
        assert caught.value.where == "people[1].goals[0].template"
        assert all(n == 0 for t, n in _counts(store).items() if t != "alembic_version")
        twice = {"strive_export": 1, "people": [good, good]}
        with pytest.raises(DataImportError, match="same name"):
            import_database(store, twice)
