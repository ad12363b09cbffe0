"""Alembic environment: runs on the connection strive passes in (or a URL).

``Store.open`` hands its own connection in ``config.attributes["connection"]`` so the
upgrade runs inside strive's transaction; the ``alembic`` command line (with
``src/strive/storage/alembic.ini``) falls back to ``$STRIVE_DB`` or the default path.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from strive.storage import sharing as _sharing  # noqa: F401  (its tables in Base)
from strive.storage.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from strive.storage.paths import default_db_location
    from strive.storage.store import make_engine

    url = context.config.get_main_option("sqlalchemy.url") or default_db_location()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


_online()
