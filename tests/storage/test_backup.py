"""``strive backup`` / ``strive restore``: backup, restore into an empty database,
and every table's rows are identical; on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from tests.postgres import PgCluster
from tests.storage.db_rows import all_rows
from tests.storage.test_delete_account import PASSWORD, _journey

from strive.errors import InputError, StorageError
from strive.sharing.model import Role
from strive.sharing.service import Circle
from strive.storage import Store
from strive.storage.backup import backup, find_pg_tool, restore
from strive.web import accounts


def _fill(store: Store) -> None:
    ana = accounts.sign_up(store, "ana@example.org", PASSWORD, "Ana")
    bea = accounts.sign_up(store, "bea@example.org", PASSWORD, "Bea")
    goal = _journey(store, ana.person, "Fly")
    _journey(store, bea.person, "Dive")
    _journey(store, "me", "CLI goal")
    circle = Circle(store)
    _inv, token = circle.invite(circle.account_viewer(ana.id), goal, Role.FAMILY, "B")
    circle.accept(token, bea.id)
    circle.note(circle.account_viewer(bea.id), goal, "ñandú \u2603 'quoted'")
    accounts.log_in(store, "ana@example.org", PASSWORD, "127.0.0.1")


@pytest.fixture
def second_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Another empty database on the same backend as ``db_url``."""
    if db_url.startswith("sqlite"):
        return f"sqlite+pysqlite:///{tmp_path / 'restored' / 'strive.db'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_then_restore_into_an_empty_database_is_identical(
    store: Store, second_url: str, tmp_path: Path
) -> None:
    _fill(store)
    before = all_rows(store.engine)
    dest = tmp_path / "strive.backup"
    done = backup(store.url.render_as_string(hide_password=False), dest)
    assert _mode(dest) == 0o600
    assert done.rows == sum(len(r) for n, r in before.items() if n != "alembic_version")
    restored = restore(second_url, dest)
    assert restored.rows == done.rows
    with Store.open(second_url) as second:
        assert all_rows(second.engine) == before
        # The restored database is usable: a login still works there.
        accounts.log_in(second, "ana@example.org", PASSWORD, "127.0.0.1")


def test_restore_refuses_a_database_with_data_unless_forced(
    store: Store, second_url: str, tmp_path: Path
) -> None:
    _fill(store)
    dest = tmp_path / "b.backup"
    backup(store.url.render_as_string(hide_password=False), dest)
    with Store.open(second_url) as other:
        _journey(other, "someone else", "Other")
        theirs = all_rows(other.engine)
    with pytest.raises(InputError, match=r"not empty.*--force"):
        restore(second_url, dest)
    with Store.open(second_url) as other:
        assert all_rows(other.engine) == theirs  # untouched
    restore(second_url, dest, force=True)
    with Store.open(second_url) as other:
        assert all_rows(other.engine) == all_rows(store.engine)


def test_a_backup_never_overwrites_a_file(store: Store, tmp_path: Path) -> None:
    dest = tmp_path / "exists.backup"
    dest.write_text("precious")
    with pytest.raises(InputError, match="already exists"):
        backup(store.url.render_as_string(hide_password=False), dest)
    assert dest.read_text() == "precious"


def test_restore_refuses_files_that_are_not_backups(
    store: Store, tmp_path: Path
) -> None:
    url = store.url.render_as_string(hide_password=False)
    with pytest.raises(InputError, match="no such file"):
        restore(url, tmp_path / "missing.backup")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a backup at all")
    with pytest.raises(InputError, match=r"is not a .* backup"):
        restore(url, junk)
    with pytest.raises(InputError, match="folder"):
        restore(url, tmp_path)


def test_sqlite_backup_while_a_writer_holds_the_database(tmp_path: Path) -> None:
    """The online backup copies the committed state while another connection is in
    the middle of a write transaction (as a running server may be)."""
    db = tmp_path / "live.db"
    with Store.open(db) as store:
        _journey(store, "me", "Committed")
        writer = sqlite3.connect(db, timeout=1, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("UPDATE goals SET title = 'uncommitted'")
            dest = tmp_path / "copy.backup"
            backup(db, dest)
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        copy = sqlite3.connect(dest)
        try:
            titles = sorted(r[0] for r in copy.execute("SELECT title FROM goals"))
            assert titles == ["Committed", "Committed later"]
            assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        finally:
            copy.close()


def test_a_missing_pg_dump_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    with pytest.raises(StorageError, match=r"pg_dump not found .*STRIVE_PG_BIN"):
        find_pg_tool("pg_dump", {"STRIVE_PG_BIN": str(empty)})
    with pytest.raises(StorageError, match="pg_restore not found"):
        find_pg_tool("pg_restore", {"PATH": ""}, debian_root=tmp_path / "none")


def test_pg_tools_are_found_like_the_fixture_finds_the_server(tmp_path: Path) -> None:
    for version in ("9.6", "16"):
        folder = tmp_path / version / "bin"
        folder.mkdir(parents=True)
        tool = folder / "pg_dump"
        tool.write_text("#!/bin/sh\n")
        os.chmod(tool, 0o755)
    found = find_pg_tool("pg_dump", {"PATH": ""}, debian_root=tmp_path)
    assert found == tmp_path / "16" / "bin" / "pg_dump"


def test_a_backup_of_an_older_schema_is_restored_and_brought_to_head(
    db_url: str, second_url: str, tmp_path: Path
) -> None:
    """A ``strive backup`` taken by an older strive (the database at migration
    0004) is restored by ``strive restore`` into an empty database and migrated to
    the schema head there, every row kept (the designed behaviour: restore ends
    with ``Store.open``, which migrates; docs/durability.md). The source is left at
    its revision: a backup never migrates."""
    from sqlalchemy import text
    from tests.storage.test_migration_chain import REVISIONS, _read, _upgrade_to
    from typer.testing import CliRunner

    from strive.cli import app
    from strive.storage.store import SCHEMA_HEAD, make_engine

    old = "0004_sharing"
    assert old in REVISIONS and REVISIONS.index(old) < REVISIONS.index(SCHEMA_HEAD)
    written = _upgrade_to(db_url, old)
    dest = tmp_path / "old.backup"
    runner = CliRunner()
    done = runner.invoke(app, ["--db", db_url, "backup", str(dest)])
    assert done.exit_code == 0, done.output
    assert _mode(dest) == 0o600

    def revision(url: str) -> str:
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                found = conn.execute(text("SELECT version_num FROM alembic_version"))
                return str(found.scalar_one())
        finally:
            engine.dispose()

    assert revision(db_url) == old  # the backup did not migrate the source
    back = runner.invoke(app, ["--db", second_url, "restore", str(dest)])
    assert back.exit_code == 0, back.output
    assert revision(second_url) == SCHEMA_HEAD
    engine = make_engine(second_url)
    try:
        with engine.connect() as conn:
            for name, rows in written.items():
                assert _read(conn, name, list(rows[0])) == rows, name
    finally:
        engine.dispose()
