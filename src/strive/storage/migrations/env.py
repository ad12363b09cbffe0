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
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as conn:
            if sqlite:
                # As Store.open does: a batch migration rebuilds a table (copy, drop,
                # rename), and with foreign keys on, dropping the old table runs the
                # children's ON DELETE CASCADE / SET NULL: their rows would be lost.
                raw = conn.connection.dbapi_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys=OFF")
            _run(conn)
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    conn.rollback()
                    raise RuntimeError(
                        f"the migration left {len(broken)} broken references: "
                        "nothing was changed"
                    )
            conn.commit()
    finally:
        engine.dispose()


_online()
