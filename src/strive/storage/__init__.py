"""Storage: SQLAlchemy 2 tables, Alembic migrations, Store and UnitOfWork.

A thin layer over the pure core: every method takes and returns the core's frozen
dataclasses. SQLAlchemy and Alembic are imported only inside this package, and only
when a name that needs them is first used (``strive gap`` reads a SQLite database
through :mod:`strive.storage.lite` without importing SQLAlchemy at all).

::

    from strive.storage import Store, default_db_location

    store = Store.open(default_db_location())
    with store.unit() as uow:              # one transaction per command
        goal = uow.active_goal()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from strive.storage.paths import default_db_location, default_db_path

if TYPE_CHECKING:
    from strive.storage.records import CohortImport
    from strive.storage.store import Store
    from strive.storage.unit import UnitOfWork

_LAZY = {
    "CohortImport": "strive.storage.records",
    "Store": "strive.storage.store",
    "UnitOfWork": "strive.storage.unit",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CohortImport",
    "Store",
    "UnitOfWork",
    "default_db_location",
    "default_db_path",
]
