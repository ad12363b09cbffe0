"""The schema: migrations from empty to head, back to base, and opening errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from strive.errors import StorageError
from strive.storage import Store, default_db_location, default_db_path
from strive.storage.models import Base
from strive.storage.store import SCHEMA_HEAD, alembic_config, make_engine

TABLES = {
    "people",
    "goals",
    "profile_changes",
    "custom_traits",
    "evidence",
    "routes",
    "effort",
    "attempts",
    "stored_templates",
    "corrections",
    "supporters",
    "cohort_imports",
    "accounts",
    "sessions",
    "login_attempts",
    "invitations",
    "grants",
    "strategic_questions",
    "inbox_items",
    "audit_events",
}


def _tables(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names())


def test_migrating_an_empty_database_creates_every_table(store: Store) -> None:
    assert _tables(store) == TABLES | {"alembic_version"}
    assert set(Base.metadata.tables) == TABLES
    assert store.revision() == SCHEMA_HEAD


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_downgrade_to_base_and_upgrade_again(store: Store) -> None:
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert _tables(store) == {"alembic_version"}
    assert store.revision() is None
    with store.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    assert _tables(store) == TABLES | {"alembic_version"}


def test_reopening_keeps_data_and_revision(db_url: str) -> None:
    from strive.goal import Goal

    with Store.open(db_url) as first, first.unit() as uow:
        uow.add_goal(Goal("Fly", "nasa"))
    with Store.open(db_url) as again, again.unit() as uow:
        assert [g.title for g in uow.list_goals()] == ["Fly"]
        assert again.revision() == SCHEMA_HEAD


def test_revisions_are_numbered_and_named() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.walk_revisions())
    for rev in revisions:
        number, _, name = rev.revision.partition("_")
        assert number.isdigit() and len(number) == 4 and name, rev.revision
    assert [r.revision for r in revisions][-1] == "0001_initial"


# --- SQLite specifics ---------------------------------------------------------------


def test_sqlite_pragmas(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_open_creates_the_parent_directory(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "strive.db"
    with Store.open(path) as store:
        assert store.location == str(path)
    assert path.exists()


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StorageError, match=r"notes\.db is not a strive database"):
        Store.open(path)


def test_a_sqlite_database_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY)")
    with pytest.raises(StorageError, match=r"not a strive database.*recipes"):
        Store.open(path)


def test_a_database_from_a_newer_strive(tmp_path: Path) -> None:
    path = tmp_path / "strive.db"
    Store.open(path).close()
    engine = make_engine(path)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    engine.dispose()
    with pytest.raises(StorageError, match=r"0099_future.*newer strive"):
        Store.open(path)


def test_a_directory_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "strive.db").mkdir()
    with pytest.raises(StorageError, match=r"strive\.db: is a folder"):
        Store.open(tmp_path / "strive.db")


def test_a_url_that_is_not_a_url() -> None:
    with pytest.raises(StorageError, match="not a database URL"):
        Store.open("nonsense://::")


def test_foreign_keys_are_enforced(sqlite_store: Store) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), sqlite_store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO goals (person_id, title, template, why, hours_per_week,"
                " max_parallel, status, status_reason)"
                " VALUES (42, 't', 'nasa', '', 10, 2, 'active', '')"
            )
        )


# --- paths ----------------------------------------------------------------------


def test_default_path_is_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_dir

    monkeypatch.delenv("STRIVE_DB", raising=False)
    assert default_db_path() == Path(user_data_dir("strive")) / "strive.db"
    assert default_db_location() == default_db_path()


def test_env_overrides_the_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STRIVE_DB", str(tmp_path / "mine.db"))
    assert default_db_path() == tmp_path / "mine.db"
    assert default_db_location() == tmp_path / "mine.db"
    with Store.open() as store:
        assert store.location == str(tmp_path / "mine.db")


def test_env_may_hold_a_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'via-url.db'}"
    monkeypatch.setenv("STRIVE_DB", url)
    assert default_db_location() == url
    with Store.open() as store:
        assert store.location == str(tmp_path / "via-url.db")


def test_schema_head_constant_is_the_newest_migration() -> None:
    """Opening an up-to-date database skips Alembic by comparing with SCHEMA_HEAD."""
    from alembic.script import ScriptDirectory

    from strive.storage.store import SCHEMA_HEAD, alembic_config

    assert (
        ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD
    )


def test_upgrading_leaves_one_active_goal_per_person(store: Store) -> None:
    """v0.1 let several goals be active at once; 0002 keeps the newest active and
    pauses the others, with every row kept."""
    from sqlalchemy import text

    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001_initial")
        conn.execute(text("INSERT INTO people (id, name) VALUES (1, 'me'), (2, 'you')"))
        for goal, person, status in [
            (1, 1, "active"), (2, 1, "achieved"), (3, 1, "active"),
            (4, 1, "active"), (5, 2, "active"), (6, 2, "retired"),
        ]:  # fmt: skip
            conn.execute(
                text(
                    "INSERT INTO goals (id, person_id, title, template, why, "
                    "hours_per_week, max_parallel, status, status_reason) VALUES "
                    "(:id, :person, 'g', 'nasa-astronaut', '', 10, 2, :status, '')"
                ),
                {"id": goal, "person": person, "status": status},
            )
        command.upgrade(alembic_config(conn), "head")
        rows = conn.execute(text("SELECT id, status FROM goals ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [
        (1, "paused"), (2, "achieved"), (3, "paused"),
        (4, "active"), (5, "active"), (6, "retired"),
    ]  # fmt: skip
