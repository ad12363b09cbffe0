"""Every migration keeps every row: fill a database at each revision, upgrade to head.

The revisions are read from Alembic's script directory, so a new migration is
covered without touching this file. For each revision, on SQLite and PostgreSQL: an
empty database is upgraded to it, every table is reflected and filled with rows
(values chosen by column type, foreign keys pointing at rows of the referenced
table, unique columns distinct), the database is upgraded to head, and every row is
read back with every value it had. The upgraded schema must then match the models.

A migration that adds a NOT NULL column without a default, rebuilds a table and
drops rows, or truncates text fails here on the backend where it happens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, Table, select, types

from strive.storage import Store
from strive.storage.models import Base
from strive.storage.store import SCHEMA_HEAD, alembic_config, make_engine

ROWS = 3


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


REVISIONS = _revisions()


def test_the_chain_is_discovered_from_the_script_directory() -> None:
    assert REVISIONS[0] == "0001_initial"
    assert REVISIONS[-1] == SCHEMA_HEAD
    assert len(REVISIONS) == len(set(REVISIONS)) >= 4


TRIGGER_SET = {("people", "context_stamp"), ("people", "effort_stamp")}
"""Columns the database's triggers change when a child row is written (migration
0008; tests/storage/test_stamps.py tests them): not what was inserted."""


def _value(table: Table, column: Any, i: int) -> Any:
    """A value of the column's type, different for each row ``i``."""
    kind = column.type
    if isinstance(kind, types.Boolean):
        return i % 2 == 0
    if isinstance(kind, types.Integer):
        return i + 1
    if isinstance(kind, types.Float | types.Numeric):
        return i + 0.5
    if isinstance(kind, types.DateTime):
        return dt.datetime(2026, 1, 10 + i, 9, 30, 15)
    if isinstance(kind, types.Date):
        return dt.date(2026, 1, 10 + i)
    if isinstance(kind, types.LargeBinary):
        return bytes([i, 255, 0])
    if isinstance(kind, types.String | types.Text):
        text = f'{{"{table.name}.{column.name}": {i}, "ñ": "é"}}'
        length = getattr(kind, "length", None)
        return text if length is None or len(text) <= length else f"{i}-{text}"[:length]
    raise AssertionError(f"no test value for {table.name}.{column.name}: {kind!r}")


def _fill(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """``ROWS`` rows in every table (parents first); returns what was written."""
    meta = MetaData()
    meta.reflect(conn)
    written: dict[str, list[dict[str, Any]]] = {}
    for table in meta.sorted_tables:
        if table.name == "alembic_version":
            continue
        rows = []
        for i in range(ROWS):
            row = {c.name: _value(table, c, i) for c in table.columns}
            for fk in table.foreign_keys:
                # Row i points at row i of the parent (its key value for row i).
                parent = fk.column
                row[fk.parent.name] = _value(parent.table, parent, i)
            rows.append(row)
        conn.execute(table.insert(), rows)
        written[table.name] = rows
    return written


def _read(conn: Connection, name: str, columns: list[str]) -> list[dict[str, Any]]:
    table = Table(name, MetaData(), autoload_with=conn)
    key = list(table.primary_key.columns) or [table.c[columns[0]]]
    chosen = [table.c[c] for c in columns]
    return [dict(r._mapping) for r in conn.execute(select(*chosen).order_by(*key))]


def _upgrade_to(db_url: str, revision: str) -> dict[str, list[dict[str, Any]]]:
    """An empty database upgraded to ``revision`` and filled; returns the rows."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                raw = conn.connection.dbapi_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys=OFF")  # as Store.open migrates
            with conn.begin():
                command.upgrade(alembic_config(conn), revision)
            with conn.begin():
                return _fill(conn)
    finally:
        engine.dispose()


def _alembic_command_line(db_url: str) -> None:
    """``alembic -c src/strive/storage/alembic.ini upgrade head`` (env.py's path)."""
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    command.upgrade(config, "head")


def _strive(db_url: str) -> None:
    """What every strive command does: ``Store.open`` migrates to head."""
    Store.open(db_url).close()


@pytest.mark.parametrize(
    "upgrade", [_strive, _alembic_command_line], ids=["strive", "alembic"]
)
@pytest.mark.parametrize("revision", REVISIONS)
def test_rows_written_at_a_revision_survive_the_upgrade_to_head(
    db_url: str, revision: str, upgrade: Any
) -> None:
    written = _upgrade_to(db_url, revision)
    assert set(written) >= {"people", "goals"}
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            for name, rows in written.items():
                columns = [c for c in rows[0] if (name, c) not in TRIGGER_SET]
                kept = [{c: row[c] for c in columns} for row in rows]
                assert _read(conn, name, columns) == kept, name
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()
