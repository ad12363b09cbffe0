"""Fixtures: a fresh SQLite file per test, and a throwaway PostgreSQL cluster.

The cluster follows ``/work/shared/STACK.md``: only the server binaries run, as the
``postgres`` user when the tests run as root, in a temporary directory owned by it,
on a free port of 127.0.0.1. Each test gets its own database in it.

The server binaries are found, in this order: ``STRIVE_PG_BIN``; the newest
``/usr/lib/postgresql/<version>/bin`` (Debian's layout, whatever version apt
installed); ``pg_config --bindir``. Without them the PostgreSQL tests skip, and in CI
(``CI=true``) that skip is a failure (see tests/conftest.py).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from strive.storage import Store

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class PgCluster:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.tmp = Path(tempfile.mkdtemp(prefix="strive-pg-"))
        self.port = _free_port()
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
        self._run(
            str(self.bin / "pg_ctl"), "-D", data, "-l", str(self.tmp / "log"), "-w",
            "-o", f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 "
            "-c fsync=off", "start",
        )  # fmt: skip
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

    def new_database(self) -> str:
        import psycopg

        name = f"strive_{next(self._names)}"
        dsn = f"host=127.0.0.1 port={self.port} user=test dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    pg_bin, looked_at = find_pg_bin()
    if pg_bin is None:
        looked = ", ".join(str(p) for p in looked_at)
        pytest.skip(
            f"PostgreSQL server binaries (initdb, pg_ctl) not found in {looked} "
            "(apt-get install postgresql, or set STRIVE_PG_BIN)"
        )
    pytest.importorskip("psycopg", reason="install strive[postgres] for psycopg")
    cluster = PgCluster(pg_bin)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    yield cluster
    cluster.stop()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "strive.db"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A fresh, empty database on each backend (as a URL)."""
    if request.param == "sqlite":
        return f"sqlite+pysqlite:///{db_path}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A fresh, migrated store on each backend."""
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()
