"""Opening a database: engine settings, SQLite durability, migrations to head."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from strive.errors import StorageError
from strive.storage import audit as _audit  # noqa: F401  (its table in Base)
from strive.storage import sharing as _sharing  # noqa: F401  (its tables in Base)
from strive.storage.schema import SCHEMA_HEAD as SCHEMA_HEAD
from strive.storage.unit import UnitOfWork, conflict

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def to_url(url_or_path: str | Path) -> URL:
    """A SQLAlchemy URL from a URL or a file path (relative paths stay relative).

    Raises:
        StorageError: the text is neither a path nor a URL SQLAlchemy understands.
    """
    if isinstance(url_or_path, Path) or "://" not in url_or_path:
        return URL.create("sqlite+pysqlite", database=str(url_or_path))
    try:
        return make_url(url_or_path)
    except (ArgumentError, ValueError) as exc:
        raise StorageError(f"{url_or_path!r} is not a database URL: {exc}") from None


def _is_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url_or_path: str | Path) -> Engine:
    """An engine with strive's settings, without migrating.

    SQLite gets WAL, ``synchronous=FULL`` and foreign keys on every connection, and
    explicit ``BEGIN`` so that every unit (and every migration) is one transaction.
    The parent directory of a SQLite file is created 0700 and the file itself 0600
    (SQLite gives its ``-wal`` and ``-shm`` files the database file's mode), so a
    person's data is theirs alone whatever the umask.

    Raises:
        StorageError: the file or its folder cannot be created.
    """
    url = to_url(url_or_path)
    kwargs: dict[str, Any] = {}
    if url.get_backend_name() == "sqlite":
        if _is_memory(url):
            kwargs["poolclass"] = StaticPool
        else:
            assert url.database is not None
            from strive.storage.paths import create_private, private_dirs

            path = Path(url.database).expanduser()
            private_dirs(path.parent)
            if path.is_dir():
                raise StorageError("is a folder, not a database file", where=str(path))
            create_private(path)
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise StorageError(f"cannot use {url.render_as_string()}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite connection waits for another writer's lock ("database is
locked" after that)."""
MIGRATE_TIMEOUT_MS = 120_000
"""How long :meth:`Store.open` waits on SQLite for another process that is opening
(and migrating) the same file: a migration from empty holds the write lock for the
whole upgrade, about a second here, but well over 10 s on a slow or loaded machine,
and the second of two processes started at once must wait for it, not fail."""


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling skips BEGIN before DDL; take it over.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


_BEGIN = "strive_sqlite_begin"
"""Execution option: ``"IMMEDIATE"`` for units and migrations (they may write)."""


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front: a second writer waits (busy_timeout)
    # instead of failing with "database is locked" when its read turns into a write.
    # Other connections (e.g. revision() during a unit) begin deferred and only read.
    mode = connection.get_execution_options().get(_BEGIN, "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    """An Alembic config for the migrations inside the package (no ini file)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


class Store:
    """A strive database: open it once, then one unit of work per command.

    >>> store = Store.open(tmp_path / "strive.db")          # doctest: +SKIP
    >>> with store.unit() as uow:                           # doctest: +SKIP
    ...     goal = uow.add_goal(Goal("Fly to space", "nasa"))

    ``Store.open`` creates the file's directory and migrates the schema to the
    newest revision; a unit commits when its block ends and rolls back if it raises.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**{_BEGIN: "IMMEDIATE"})

    @classmethod
    def open(
        cls, url_or_path: str | Path | None = None, *, migrate: bool = True
    ) -> Store:
        """Open (and create) a database and bring its schema to head.

        ``None`` opens :func:`~strive.storage.paths.default_db_location` (the
        ``$STRIVE_DB`` path or URL, else the per-user data directory).

        Raises:
            StorageError: the file is not a strive database, cannot be opened, or
                was written by a newer strive.
        """
        if url_or_path is None:
            from strive.storage.paths import default_db_location

            url_or_path = default_db_location()
        engine = make_engine(url_or_path)
        where = _describe(engine)
        try:
            if migrate:
                _migrate(engine, where)
            else:
                with engine.connect():
                    pass
        except DatabaseError as exc:
            engine.dispose()
            reason = str(exc.orig) if exc.orig is not None else str(exc)
            if "not a database" in reason:
                raise StorageError(f"{where} is not a strive database") from None
            raise StorageError(f"cannot open {where}: {reason}") from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def location(self) -> str:
        """The file path (SQLite) or the URL without its password, for people."""
        return _describe(self.engine)

    def revision(self) -> str | None:
        """The schema revision the database is at (``None`` before migrating)."""
        with self.engine.connect() as conn:
            return _current_revision(conn)

    @contextmanager
    def unit(self, person: str = "me", *, read: bool = False) -> Iterator[UnitOfWork]:
        """One transaction for ``person``: commit on success, roll back on error.

        ``read=True`` for a unit that only reads: on SQLite it begins deferred, so
        it does not take the write lock (``BEGIN IMMEDIATE``) and readers do not
        queue behind each other and every writer (WAL lets them read alongside).
        A write inside such a unit still works, but may fail at once with
        "database is locked" instead of waiting, so writers leave it ``False``.

        Raises:
            InputError: ``person`` is empty.
            ConflictError: a row this unit changed was changed by another
                transaction after this one read it (nothing was written).
        """
        from sqlalchemy.orm.exc import StaleDataError

        try:
            with (
                Session(
                    self.engine if read else self._writer, expire_on_commit=False
                ) as session,
                session.begin(),
            ):
                uow = UnitOfWork(session, person)
                try:
                    yield uow
                finally:
                    uow.closed = True
        except StaleDataError:
            raise conflict() from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _describe(engine: Engine) -> str:
    if engine.dialect.name == "sqlite":
        return str(engine.url.database or ":memory:")
    return engine.url.render_as_string(hide_password=True)


def _migrate(engine: Engine, where: str) -> None:
    sqlite = engine.dialect.name == "sqlite"
    with engine.execution_options(**{_BEGIN: "IMMEDIATE"}).connect() as conn:
        raw = conn.connection.dbapi_connection
        if sqlite:
            # Batch migrations copy tables; foreign keys must be off meanwhile
            # (the pragma is a no-op inside a transaction, so set it before).
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            raw.execute(f"PRAGMA busy_timeout={MIGRATE_TIMEOUT_MS}")
        try:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    # Two processes opening a fresh database migrate one at a time.
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7275843)")
                if _current_revision(conn) == SCHEMA_HEAD:
                    return  # already at the latest schema: nothing to run
                from alembic import command
                from alembic.util.exc import CommandError

                config = alembic_config(conn)
                _check_strive_schema(conn, config, where)
                try:
                    command.upgrade(config, "head")
                except CommandError as exc:
                    raise StorageError(f"cannot migrate {where}: {exc}") from None
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise StorageError(
                            f"{where}: migration left {len(broken)} broken references"
                        )
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
                raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _current_revision(conn: Connection) -> str | None:
    """The stored schema revision, read with plain SQL (no Alembic import)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return None if row is None else str(row[0])


def _check_strive_schema(conn: Connection, config: Config, where: str) -> str | None:
    """Refuse foreign databases and newer schemas; return the current revision."""
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    tables = set(inspect(conn).get_table_names())
    if tables and "alembic_version" not in tables:
        raise StorageError(
            f"{where} is not a strive database (it has other tables: "
            f"{', '.join(sorted(tables)[:5])})"
        )
    current = _current_revision(conn)
    if current is None:
        return None
    script = ScriptDirectory.from_config(config)
    try:
        script.get_revision(current)
    except CommandError:
        raise StorageError(
            f"{where} is at schema revision {current!r}, which this strive does not "
            "know: it was written by a newer strive (upgrade strive) or is not a "
            "strive database"
        ) from None
    return current
