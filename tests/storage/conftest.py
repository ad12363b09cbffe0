"""Storage fixtures: an empty database on each backend, and a migrated store.

The backends and the PostgreSQL cluster come from tests/conftest.py: ``db_url``
asks for ``db_backend``, so every storage test using it runs on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.postgres import PgCluster

from strive.storage import Store


@pytest.fixture
def db_url(
    db_backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A fresh, *empty* database (no schema yet) on each backend, as a URL."""
    if db_backend == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'data' / 'strive.db'}"
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    url = cluster.new_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A fresh, migrated store on each backend."""
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data" / "strive.db")
    yield opened
    opened.close()
