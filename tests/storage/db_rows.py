"""Whole-database views for tests, from the reflected schema (so a new table or
foreign key is covered without touching the tests).

- :func:`all_rows`: every table's rows, sorted, for "identical data" checks.
- :func:`owned`: the rows a person/account owns: the roots, then every row whose
  foreign key to an owned row is ``ON DELETE CASCADE`` or NOT NULL (it cannot exist
  without its parent), to a fixed point.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, Table, select

Owned = dict[str, set[Any]]


def reflect(engine: Engine) -> MetaData:
    meta = MetaData()
    meta.reflect(engine)
    return meta


def _key(row: Any) -> tuple[Any, ...]:
    return tuple((v is None, "" if v is None else str(v)) for v in row)


def all_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (columns in name order), sorted; ``alembic_version`` too."""
    meta = reflect(engine)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            columns = [table.c[c] for c in sorted(table.c.keys())]
            rows = [tuple(r) for r in conn.execute(select(*columns))]
            out[name] = sorted(rows, key=_key)
    return out


def pk(table: Table) -> Any:
    (column,) = table.primary_key.columns
    return column


def owns(fk: Any) -> bool:
    return (fk.ondelete or "").upper() == "CASCADE" or not fk.parent.nullable


def owned(engine: Engine, roots: Owned) -> Owned:
    meta = reflect(engine)
    found: Owned = {name: set() for name in meta.tables}
    for name, ids in roots.items():
        found[name] |= ids
    with engine.connect() as conn:
        changed = True
        while changed:
            changed = False
            for name, table in meta.tables.items():
                for fk in table.foreign_keys:
                    target = fk.column.table.name
                    if not owns(fk) or not found[target]:
                        continue
                    ids = set(
                        conn.scalars(
                            select(pk(table)).where(fk.parent.in_(found[target]))
                        )
                    )
                    if not ids <= found[name]:
                        found[name] |= ids
                        changed = True
    return found


def rows_by_id(engine: Engine, ids: Owned) -> dict[str, dict[Any, dict[str, Any]]]:
    meta = reflect(engine)
    out: dict[str, dict[Any, dict[str, Any]]] = {}
    with engine.connect() as conn:
        for name, wanted in ids.items():
            table = meta.tables[name]
            out[name] = {}
            if wanted:
                for r in conn.execute(select(table).where(pk(table).in_(wanted))):
                    row = dict(r._mapping)
                    out[name][row[pk(table).name]] = row
    return out
