"""A throwaway PostgreSQL cluster for the tests (one per test session).

The cluster follows ``/work/shared/STACK.md``: only the server binaries run, as the
``postgres`` user when the tests run as root, in a temporary directory owned by it,
on a free port of 127.0.0.1, with ``fsync=off`` (a test database is thrown away).

The server binaries are found, in this order: ``STRIVE_PG_BIN``; the newest
``/usr/lib/postgresql/<version>/bin`` (Debian's layout, whatever version apt
installed); ``pg_config --bindir``. Without them the PostgreSQL tests skip, and in CI
(``CI=true``) that skip is a failure (see tests/conftest.py).

Each test gets a database of its own: :meth:`PgCluster.new_database` copies a
template (``CREATE DATABASE ... TEMPLATE``), which is much faster than migrating an
empty database with Alembic for every test; :meth:`PgCluster.drop_database` removes
it when the test ends (``WITH (FORCE)`` closes connections a test left open).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")


def _version_key(bin_dir: Path) -> tuple[int, ...]:
    """``/usr/lib/postgresql/9.6/bin`` -> (9, 6); a name not a version sorts last."""
    try:
        return tuple(int(part) for part in bin_dir.parent.name.split("."))
    except ValueError:
        return (-1,)


def _pg_config_bindir() -> Path | None:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    done = subprocess.run(
        [pg_config, "--bindir"], capture_output=True, text=True, check=False
    )
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def find_pg_bin(
    environ: Mapping[str, str] = os.environ,
    debian_root: Path = DEBIAN_PG_ROOT,
    pg_config_bindir: Callable[[], Path | None] = _pg_config_bindir,
) -> tuple[Path | None, list[Path]]:
    """The directory holding ``initdb`` and ``pg_ctl``, and every place looked at.

    ``STRIVE_PG_BIN`` is taken as given (a wrong value is reported, not replaced).
    """
    if environ.get("STRIVE_PG_BIN"):
        chosen = Path(environ["STRIVE_PG_BIN"])
        return (chosen if (chosen / "initdb").exists() else None), [chosen]
    looked = sorted(debian_root.glob("*/bin"), key=_version_key, reverse=True)
    bindir = pg_config_bindir()
    if bindir is not None:
        looked.append(bindir)
    for candidate in looked:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate, looked
    return None, looked or [debian_root / "<version>" / "bin"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class PgCluster:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.tmp = Path(tempfile.mkdtemp(prefix="strive-pg-"))
        self.port = free_port()  # chosen again in start(), just before it binds
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres", "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.started = 0.0
        self._names = itertools.count(1)

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self.as_postgres, *args], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            log = self.tmp / "log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stderr}{done.stdout}{tail}")

    def start(self) -> None:
        began = time.perf_counter()
        data = str(self.tmp / "data")
        self._run(
            str(self.bin / "initdb"), "-D", data, "-U", "test", "--auth=trust",
            "-E", "UTF8", "--no-sync", "--locale=C",
        )  # fmt: skip
        # The port is chosen just before the start (not before initdb's seconds),
        # and chosen again if another process took it in between: a free port is
        # free only until someone binds it.
        for attempt in range(3):
            self.port = free_port()
            try:
                # max_connections: several uvicorn workers and CLI processes share it.
                self._run(
                    str(self.bin / "pg_ctl"), "-D", data, "-l", str(self.tmp / "log"),
                    "-w", "-o", f"-p {self.port} -k {self.tmp} "
                    "-c listen_addresses=127.0.0.1 -c fsync=off "
                    "-c full_page_writes=off -c max_connections=200", "start",
                )  # fmt: skip
                break
            except RuntimeError as exc:
                if "already in use" not in str(exc) or attempt == 2:
                    raise
        self.started = time.perf_counter() - began

    def stop(self) -> None:
        try:
            self._run(
                str(self.bin / "pg_ctl"), "-D", str(self.tmp / "data"),
                "-m", "immediate", "-w", "stop",
            )  # fmt: skip
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://test@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        dsn = f"host=127.0.0.1 port={self.port} user=test dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self, template: str | None = None) -> str:
        """A new database (empty, or a copy of ``template``); returns its URL."""
        name = f"strive_{next(self._names)}"
        copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self._admin(f"CREATE DATABASE {name}{copy}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def template(self) -> str:
        """A database migrated to head, to copy for each test; returns its name."""
        from strive.storage import Store

        name = "strive_template"
        self._admin(f"CREATE DATABASE {name}")
        Store.open(self.url(name)).close()
        return name


def suite_path(folder: Path) -> str:
    """A ``PYTHONPATH`` entry under which ``tests.postgres`` is this module, for a
    pytest run in a subprocess on a copy of the suite's conftest.

    The project's ``tests`` folder has no ``__init__.py``, so it is a namespace
    package, and a regular package named ``tests`` anywhere on the path wins over it
    (actionable-recourse, in the ``bench`` extra, installs one into site-packages).
    A copy of this module in a regular package of its own cannot be shadowed.
    """
    package = folder / "_suite" / "tests"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copyfile(__file__, package / "postgres.py")
    return str(package.parent)
