"""Storage fixtures: an empty database on each backend, and a migrated store.

The backends, the PostgreSQL cluster and ``db_url`` (an empty database) come from
tests/conftest.py: ``db_url`` asks for ``db_backend``, so every storage test using it
runs on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from strive.storage import Store


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
