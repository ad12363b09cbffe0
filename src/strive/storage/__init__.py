"""Storage: SQLAlchemy 2 tables, Alembic migrations, Store and UnitOfWork.

A thin layer over the pure core: every method takes and returns the core's frozen
dataclasses. SQLAlchemy and Alembic are imported only inside this package.

::

    from strive.storage import Store, default_db_location

    store = Store.open(default_db_location())
    with store.unit() as uow:              # one transaction per command
        goal = uow.active_goal()
"""

from strive.storage.paths import default_db_location, default_db_path
from strive.storage.records import CohortImport
from strive.storage.store import Store
from strive.storage.unit import UnitOfWork

__all__ = [
    "CohortImport",
    "Store",
    "UnitOfWork",
    "default_db_location",
    "default_db_path",
]
