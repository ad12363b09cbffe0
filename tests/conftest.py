"""Shared fixtures and the suite-wide policies.

Fixtures: a fresh database per test, a CLI runner, fixed dates.

Both backends: every test that asks for the database (``db_path``, or a fixture built
on it such as ``cli`` and the web ``app``) runs twice, ``[sqlite]`` on a fresh SQLite
file and ``[postgresql]`` on a fresh database of a throwaway PostgreSQL cluster that
the session starts itself (tests/postgres.py). ``--backend sqlite`` or ``--backend
postgresql`` (or ``STRIVE_TEST_BACKEND``) runs one of them. A test that is about
SQLite itself (file modes, WAL, paths) carries ``@pytest.mark.sqlite_only(reason=...)``:
its PostgreSQL variant is *deselected*, never skipped, and the summary counts them.

Skip policy: when the environment variable ``CI`` is ``true`` (CI sets it), a test
that would be skipped (``pytest.skip``, ``importorskip``, a ``skipif`` marker, a
fixture that cannot find PostgreSQL) *fails* instead, with the skip's reason, so a
missing dependency can never turn a CI run green with tests silently not run. Outside
CI a skip stays a skip, so a developer without PostgreSQL can still run the rest.
The policy lives in two hooks below (tests and collection), so no test has to opt in.

Hypothesis profiles: ``ci`` (derandomized, no example database, ``print_blob`` so a
failure prints the ``@reproduce_failure`` line) is loaded when ``CI`` is true; ``dev``
(random, with the default directory database ``.hypothesis/`` so a failing example is
replayed first on the next run) otherwise. ``HYPOTHESIS_PROFILE`` overrides both.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from tests.postgres import PgCluster, find_pg_bin
from typer.testing import CliRunner

from strive.cli import app

BACKENDS = ("sqlite", "postgresql")
# The fixtures that choose a test's backend, by the scope of the database they serve:
# ``db_backend`` (a database per test), ``module_backend`` (per module: the CLI
# journeys) and ``session_backend`` (per session: the browser's live server, the
# charts' journey). A test uses one of them.
BACKEND_FIXTURES = ("db_backend", "module_backend", "session_backend")


def in_ci() -> bool:
    """True when the ``CI`` environment variable says so (``true``/``1``/``yes``)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


# No deadline and no "too slow" health check in either profile: both measure
# wall-clock time, so a loaded machine (CI's 2 shared cores) would fail a test without
# a bug. A test that sets its own ``suppress_health_check`` replaces this list, so it
# names too_slow too.
_NOT_TIMED = [HealthCheck.too_slow]
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=_NOT_TIMED,
)
settings.register_profile(
    "dev", print_blob=True, deadline=None, suppress_health_check=_NOT_TIMED
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev")
)


def _skip_reason(longrepr: object) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def _fail_skip_in_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail") and in_ci():
        report.outcome = "failed"
        report.longrepr = (
            "skipped in CI (CI=true), which counts as a failure: "
            f"{_skip_reason(report.longrepr)}"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _fail_skip_in_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    _fail_skip_in_ci(report)
    return report


# -- both backends --------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=("both", *BACKENDS),
        default=os.environ.get("STRIVE_TEST_BACKEND", "both"),
        help="database backend(s) for the tests that use one (default: both; "
        "env STRIVE_TEST_BACKEND)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): about SQLite itself; not run on PostgreSQL (deselected)",
    )
    config.addinivalue_line(
        "markers",
        "one_backend(reason): not about SQLite, but a second run on PostgreSQL adds "
        "time without reaching other code; runs on SQLite only (deselected on "
        "PostgreSQL)",
    )


def _backends(config: pytest.Config) -> tuple[str, ...]:
    chosen: str = config.getoption("backend")
    return BACKENDS if chosen == "both" else (chosen,)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    used = [n for n in BACKEND_FIXTURES if n in metafunc.fixturenames]
    if len(used) > 1:
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid}: one backend fixture per test, not {used}"
        )
    if used:
        metafunc.parametrize(used[0], BACKENDS, indirect=True)


def _backend_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return None
    for name in BACKEND_FIXTURES:
        if name in callspec.params:
            backend: str = callspec.params[name]
            return backend
    return None


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Deselect the backends not chosen, and the PostgreSQL variant of sqlite_only."""
    chosen = _backends(config)
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    sqlite_only = 0
    for item in items:
        backend = _backend_of(item)
        marker = item.get_closest_marker("sqlite_only")
        marker = marker or item.get_closest_marker("one_backend")
        if marker is not None and not (marker.kwargs.get("reason") or marker.args):
            raise pytest.UsageError(f"{item.nodeid}: {marker.name} needs a reason")
        if backend is not None and backend not in chosen:
            dropped.append(item)
        elif backend == "postgresql" and marker is not None:
            dropped.append(item)
            sqlite_only += 1
        else:
            keep.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
    config.stash[_COUNTS] = (
        sum(_backend_of(i) == "postgresql" for i in keep),
        sqlite_only,
    )


_COUNTS = pytest.StashKey[tuple[int, int]]()


def pytest_report_collectionfinish(config: pytest.Config) -> str | None:
    counts = config.stash.get(_COUNTS, None)
    if counts is None:
        return None
    return (
        f"PostgreSQL: {counts[0]} tests; {counts[1]} sqlite_only/one_backend tests "
        "deselected on PostgreSQL"
    )


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: the backend this test runs on."""
    backend: str = request.param
    return backend


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """The session's throwaway PostgreSQL cluster (skips without the binaries)."""
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


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PgCluster) -> str:
    """A database migrated to head that every test's database is copied from."""
    return pg_cluster.template()


@pytest.fixture
def pg_url(pg_cluster: PgCluster, pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database at the schema head, dropped after the test."""
    url = pg_cluster.new_database(pg_template)
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture
def db_path(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    """The test's own fresh database: a SQLite file path (not yet created), or on
    PostgreSQL the URL of a new database at the schema head. ``--db``,
    ``Store.open`` and ``create_app`` take either."""
    if db_backend == "sqlite":
        return tmp_path / "strive.db"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def db_url(
    db_backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A fresh, *empty* database (no schema yet) on the test's backend, as a URL:
    a SQLite file in ``tmp_path/data`` (not yet created), or a new PostgreSQL
    database, dropped after the test. ``Store.open`` or ``strive serve`` migrates it;
    the storage, crash and concurrency tests start from it."""
    if db_backend == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'data' / 'strive.db'}"
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    url = cluster.new_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def another_db(
    db_backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Any]]:
    """Make more fresh databases on the test's backend: ``another_db("copy.db")`` is
    a SQLite path next to ``db_path`` (not yet created), or a new PostgreSQL
    database at the schema head (dropped after the test)."""
    made: list[str] = []

    def make(name: str) -> Any:
        if db_backend == "sqlite":
            return tmp_path / name
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        made.append(cluster.new_database(request.getfixturevalue("pg_template")))
        return made[-1]

    yield make
    if made:
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        for url in made:
            cluster.drop_database(url)


@pytest.fixture
def cli(db_path: Path) -> Callable[..., object]:
    """Run ``strive`` against the test's own database; returns the result."""
    runner = CliRunner()

    def run(*args: str, today: str | None = "2026-01-15", input: str | None = None):  # type: ignore[no-untyped-def]
        full = ["--db", str(db_path)]
        if today:
            full += ["--today", today]
        return runner.invoke(app, [*full, *args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 1, 15)


@pytest.fixture(scope="session")
def fact_counts() -> Callable[[int, int], dict[str, tuple[int, int, int]]]:
    """(had, known, n) per trait for the classes ``first``..``last``, counted straight
    from the shipped NASA fact table: an oracle that does not use the gap engine."""
    import csv
    import io
    from importlib import resources

    text = (
        resources.files("strive") / "data" / "nasa_classes_2004_2021.csv"
    ).read_text(encoding="utf-8")
    facts = list(csv.DictReader(io.StringIO(text)))

    def counts(first: int, last: int) -> dict[str, tuple[int, int, int]]:
        rows = [r for r in facts if first <= int(r["class_year"]) <= last]
        pilot = [r["pilot"] for r in rows if r["pilot"] != "unknown"]
        scuba = [r["scuba"] for r in rows if r["scuba"] != "unknown"]
        langs = [r["languages"] for r in rows if r["languages"] != "unknown"]
        return {
            "pilots": (sum(p != "none" for p in pilot), len(pilot), len(rows)),
            "divers": (sum(s == "yes" for s in scuba), len(scuba), len(rows)),
            "languages": (sum(bool(x.strip()) for x in langs), len(langs), len(rows)),
        }

    return counts


# -- module- and session-scoped databases (pg-everywhere) -----------------------------
#
# A journey built once and read by many tests (the CLI's bad-input corpus, --json
# commands, the Spanish demo, the charts, the browser's live server) runs once per
# backend too: ``module_backend`` / ``session_backend`` are parametrized like
# ``db_backend`` (``--backend`` and ``sqlite_only``/``one_backend`` deselect the same
# way), and ``new_database`` gives such a fixture (or a test beside it) a fresh
# database on the same backend.


@pytest.fixture(scope="module")
def module_backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql`` for a module's shared journey."""
    backend: str = request.param
    return backend


@pytest.fixture(scope="session")
def session_backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql`` for a session-wide journey or server."""
    backend: str = request.param
    return backend


def new_database(request: pytest.FixtureRequest, backend: str, name: str) -> Any:
    """A fresh database on ``backend`` for the fixture or test of ``request``: a
    SQLite file path (not yet created) in a new folder called ``name``, or the URL
    of a new PostgreSQL database at the schema head, dropped when that fixture or
    test ends."""
    if backend == "sqlite":
        factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
        return factory.mktemp(name) / "strive.db"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    url = cluster.new_database(request.getfixturevalue("pg_template"))
    request.addfinalizer(lambda: cluster.drop_database(url))
    return url


def copy_database(request: pytest.FixtureRequest, source: Any, target: Path) -> Any:
    """A copy of the database ``source`` for one test: on SQLite ``target`` (through
    the backup API, so committed WAL content comes along); on PostgreSQL a new
    database made from ``source`` as its template (nobody may be connected to it),
    dropped when the test ends."""
    if isinstance(source, Path):
        import sqlite3

        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        src.close()
        dst.close()
        return target
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    url = cluster.new_database(str(source).rsplit("/", 1)[1])
    request.addfinalizer(lambda: cluster.drop_database(url))
    return url


@pytest.fixture(scope="module")
def module_db(module_backend: str, request: pytest.FixtureRequest) -> Any:
    """The module's own fresh database on ``module_backend``: a SQLite path (not yet
    created) or a PostgreSQL URL; ``--db``, ``Store.open`` and ``Workspace.open``
    take either."""
    return new_database(request, module_backend, "module")
