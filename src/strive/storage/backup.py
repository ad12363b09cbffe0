"""``strive backup`` / ``strive restore``: a whole database, byte for byte.

SQLite: the online backup API (:meth:`sqlite3.Connection.backup`) copies a
consistent snapshot page by page while the server keeps running (in WAL mode readers
never block the writer); the copy is switched to a rollback journal so it is one
self-contained file, created 0600. Restoring copies it back the same way, under
SQLite's locks, so no half-written database is ever visible.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --single-transaction``,
found like the test fixture finds the server (``STRIVE_PG_BIN``, the newest
``/usr/lib/postgresql/<version>/bin``, ``pg_config --bindir``, then ``PATH``). The
password goes to the tools in ``PGPASSWORD``, never on their command line.

A restore refuses a database that holds any row (besides the schema revision)
unless ``force`` is given; it then replaces everything in it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404: runs pg_dump/pg_restore/pg_config, never a shell
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strive.errors import InputError, StorageError
from strive.i18n import _

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine

DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class BackupResult:
    """What a backup or restore did."""

    action: str
    database: str
    file: str
    backend: str
    rows: int

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "database": self.database,
            "file": self.file,
            "backend": self.backend,
            "rows": self.rows,
        }


def find_pg_tool(
    name: str,
    environ: dict[str, str] | None = None,
    debian_root: Path = DEBIAN_PG_ROOT,
) -> Path:
    """The path of ``pg_dump`` or ``pg_restore``.

    Raises:
        StorageError: not found, naming every place looked at.
    """
    env = os.environ if environ is None else environ
    looked: list[Path] = []
    if env.get("STRIVE_PG_BIN"):
        looked.append(Path(env["STRIVE_PG_BIN"]))
    else:

        def version(p: Path) -> tuple[int, ...]:
            try:
                return tuple(int(x) for x in p.parent.name.split("."))
            except ValueError:
                return (-1,)

        looked.extend(sorted(debian_root.glob("*/bin"), key=version, reverse=True))
        pg_config = shutil.which("pg_config", path=env.get("PATH"))
        if pg_config is not None:
            done = subprocess.run(  # nosec B603: a found binary, fixed arguments
                [pg_config, "--bindir"], capture_output=True, text=True, check=False
            )
            if done.returncode == 0 and done.stdout.strip():
                looked.append(Path(done.stdout.strip()))
    for folder in looked:
        if (folder / name).is_file() and os.access(folder / name, os.X_OK):
            return folder / name
    on_path = (
        None if env.get("STRIVE_PG_BIN") else shutil.which(name, path=env.get("PATH"))
    )
    if on_path is not None:
        return Path(on_path)
    places = ", ".join(str(p) for p in looked) or str(debian_root / "<version>/bin")
    raise StorageError(
        f"{name} not found (looked in {places} and PATH); install the PostgreSQL "
        "client tools (apt-get install postgresql-client) or set STRIVE_PG_BIN"
    )


def _rows(engine: Engine) -> int:
    """How many rows the database holds, outside ``alembic_version``."""
    from sqlalchemy import MetaData, func, select

    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return sum(
            int(conn.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in meta.tables.items()
            if name != "alembic_version"
        )


def _private_file(path: Path, what: str) -> None:
    """Create ``path`` empty and 0600, refusing to overwrite an existing file."""
    from strive.storage.paths import FILE_MODE, check_output

    check_output(path, what)
    if path.exists():
        raise InputError(
            _("already exists; give a new file name (a backup never overwrites)"),
            where=f"{what} {path}",
        )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    os.close(fd)


def backup(url_or_path: str | Path, dest: Path) -> BackupResult:
    """Copy the whole database to the new file ``dest`` (0600).

    Raises:
        InputError: ``dest`` exists or cannot be written.
        StorageError: the database cannot be read, or pg_dump is missing or fails.
    """
    from strive.storage.store import make_engine, to_url

    url = to_url(url_or_path)
    if url.get_backend_name() == "sqlite" and not Path(_sqlite_file(url)).is_file():
        raise StorageError(_("no such database file"), where=_sqlite_file(url))
    # No migration and no write: a backup must not wait for (or change) a server.
    engine = make_engine(url_or_path)
    try:
        rows = _rows(engine)
        backend = engine.dialect.name
        where = (
            str(url.database)
            if backend == "sqlite"
            else (url.render_as_string(hide_password=True))
        )
        if backend == "sqlite":
            _private_file(dest, "backup to")
            try:
                _sqlite_copy(_sqlite_file(url), str(dest), to_single_file=True)
            except BaseException:
                dest.unlink(missing_ok=True)
                raise
        elif backend == "postgresql":
            pg_dump = find_pg_tool("pg_dump")
            _private_file(dest, "backup to")
            dsn, env = _libpq(url)
            try:
                with dest.open("wb") as out:
                    _run(
                        [
                            str(pg_dump),
                            "--format=custom",
                            "--no-owner",
                            f"--dbname={dsn}",
                        ],
                        env,
                        out,
                    )
            except BaseException:
                dest.unlink(missing_ok=True)
                raise
        else:
            raise StorageError(f"cannot back up a {backend} database")
    finally:
        engine.dispose()
    return BackupResult("backup", where, str(dest), backend, rows)


def restore(url_or_path: str | Path, src: Path, *, force: bool = False) -> BackupResult:
    """Replace the (empty) database with the backup ``src``, then migrate it to
    this strive's schema.

    Raises:
        InputError: ``src`` is missing or not a backup of this backend, or the
            database holds data and ``force`` is false.
        StorageError: pg_restore is missing or fails; the backup is from a newer
            strive.
    """
    from sqlalchemy import MetaData

    from strive.storage.store import Store, make_engine

    where_src = f"restore from {src}"
    if src.is_dir():
        raise InputError(_("is a folder, not a backup file"), where=where_src)
    try:
        with src.open("rb") as f:
            head = f.read(16)
    except FileNotFoundError:
        raise InputError(_("no such file"), where=where_src) from None
    except OSError as exc:
        raise InputError(
            f"cannot read: {exc.strerror or exc}", where=where_src
        ) from None
    engine = make_engine(url_or_path)
    try:
        backend = engine.dialect.name
        location = (
            str(engine.url.database)
            if backend == "sqlite"
            else (engine.url.render_as_string(hide_password=True))
        )
        wanted = SQLITE_MAGIC if backend == "sqlite" else PG_MAGIC
        if not head.startswith(wanted):
            raise InputError(
                _("is not a {backend} backup made by 'strive backup'").format(
                    backend=backend
                ),
                where=where_src,
            )
        held = _rows(engine)
        if held and not force:
            raise InputError(
                _(
                    "the database {location} is not empty ({n} rows); restore into "
                    "an empty database, or give --force to replace everything in it"
                ).format(location=location, n=held)
            )
        if backend == "sqlite":
            _check_sqlite_backup(src)
            _sqlite_copy(str(src), _sqlite_file(engine.url), to_single_file=False)
        else:
            pg_restore = find_pg_tool("pg_restore")
            meta = MetaData()
            meta.reflect(engine)
            with engine.begin() as conn:
                meta.drop_all(conn)
                # The stamps' trigger function (migration 0008) outlives its
                # tables; the backup brings its own.
                conn.exec_driver_sql("DROP FUNCTION IF EXISTS strive_stamp() CASCADE")
            dsn, env = _libpq(engine.url)
            _run(
                [
                    str(pg_restore),
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={dsn}",
                    str(src),
                ],
                env,
            )
    finally:
        engine.dispose()
    with Store.open(url_or_path) as store:  # migrates a backup of an older strive
        rows = _rows(store.engine)
    return BackupResult("restore", location, str(src), backend, rows)


def _sqlite_file(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise StorageError(_("an in-memory database has nothing to back up or restore"))
    return str(Path(url.database).expanduser())


def _check_sqlite_backup(src: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            tables = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                )
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"cannot read the backup: {exc}", where=str(src)) from None
    if "alembic_version" not in tables:
        raise InputError(_("is not a strive database backup"), where=str(src))


def _sqlite_copy(src: str, dest: str, *, to_single_file: bool) -> None:
    """SQLite's online backup from ``src`` into ``dest`` (whole database)."""
    try:
        source = sqlite3.connect(src, timeout=30)
        try:
            target = sqlite3.connect(dest, timeout=30)
            try:
                source.backup(target)
                if to_single_file:
                    target.execute("PRAGMA journal_mode=DELETE")
                target.commit()
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise StorageError(f"cannot copy {src} to {dest}: {exc}") from None


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment with it."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str], out: Any = None) -> None:
    # A list of arguments (no shell); the binaries are the found pg_dump/pg_restore.
    done = subprocess.run(  # nosec B603
        args,
        env=env,
        stdout=out if out is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()[-1500:]
        raise StorageError(f"{Path(args[0]).name} failed: {message}")
