"""Reading a goal's context from a SQLite file with the standard library alone.

``strive gap`` and ``strive route`` are read-mostly: they read one goal's context
(goal, stored template, custom traits, imported classes, profile, evidence, effort)
and the route appends its document. Importing SQLAlchemy and declaring the ORM
tables costs more than all of that work (about 0.9 s of a 1.4 s command on a quiet
machine), so for a SQLite file that is already at :data:`SCHEMA_HEAD` these reads
(and the route's append) run on :mod:`sqlite3` here, in :class:`LiteUnit`.

It is not a second storage layer: it has only the methods of
:class:`~strive.storage.unit.UnitOfWork` a goal's context needs (:class:`ContextUnit`
names them), with the same ownership checks and errors, and turns rows into records
with the same functions (:mod:`strive.storage.records`); a test compares every
method with the ORM's on the same database. Anything else, and any database that is
not a SQLite file at the newest schema (a PostgreSQL URL, a new or older file), goes
through :class:`~strive.storage.Store` as before.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol

from strive.errors import NotFoundError, StateError
from strive.goal import Goal, GoalStatus
from strive.i18n import _
from strive.profile import Profile
from strive.storage import records as rec
from strive.storage.records import CohortImport, StoredTemplate
from strive.storage.schema import SCHEMA_HEAD

if TYPE_CHECKING:
    from strive.effort import EffortEntry
    from strive.evidence import Evidence
    from strive.traits import Trait, TraitSet


class ContextUnit(Protocol):
    """What reading a goal's context (and saving its route) needs of a unit of
    work; :class:`~strive.storage.unit.UnitOfWork` and :class:`LiteUnit` have it."""

    def active_goal(self) -> Goal | None: ...
    def get_goal(self, goal_id: int) -> Goal: ...
    def goal_template(self, goal_id: int) -> StoredTemplate | None: ...
    def custom_traits(self, goal_id: int) -> list[Trait]: ...
    def cohort_imports(self, template: str | None = None) -> list[CohortImport]: ...
    def profile(self, traits: TraitSet | None = None) -> Profile: ...
    def list_evidence(self, goal_id: int) -> list[Evidence]: ...
    def list_effort(self, goal_id: int) -> list[EffortEntry]: ...
    def save_route(
        self, goal_id: int, route_json: Mapping[str, Any], created: dt.date
    ) -> int: ...


def open_lite(db: str | Path) -> LiteStore | None:
    """A :class:`LiteStore` for a SQLite file already at the newest schema.

    ``None`` for anything else (a URL, an in-memory or missing file, a file that
    is not a strive database or not at :data:`SCHEMA_HEAD`): the caller opens a
    :class:`~strive.storage.Store`, which creates, migrates or refuses it with
    its own errors. Never creates a file.
    """
    text = str(db)
    if "://" in text or "~" in text or text in ("", ":memory:"):
        return None
    path = Path(text)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None
        )
    except sqlite3.Error:
        return None
    try:
        # The settings strive.storage.store gives every SQLite connection.
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        conn.close()
        return None
    if [tuple(r) for r in found] != [(SCHEMA_HEAD,)]:
        conn.close()
        return None
    return LiteStore(path, conn)


class LiteStore:
    """One SQLite file at the newest schema, read (and a route appended) through
    :mod:`sqlite3`; one transaction per :meth:`unit`, like ``Store.unit``."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    @contextmanager
    def unit(self, person: str = "me", *, read: bool = True) -> Iterator[LiteUnit]:
        """One transaction: ``read=True`` begins deferred (no write lock),
        ``read=False`` immediate (waits for other writers, as a Store unit does);
        commit on success, roll back on error."""
        self._conn.execute("BEGIN" if read else "BEGIN IMMEDIATE")
        uow = LiteUnit(self._conn, person)
        try:
            yield uow
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        finally:
            uow.closed = True
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()


_DATES = frozenset(
    {"target_date", "status_date", "created", "when", "recorded", "imported", "stored"}
)
_JSON = frozenset({"spec", "columns", "rows", "value", "document"})


def _value(column: str, raw: Any) -> Any:
    """A column as SQLAlchemy's types return it on SQLite (``Date`` is ISO text,
    ``JSONText`` is JSON text)."""
    if raw is None:
        return None
    if column in _DATES:
        return dt.date.fromisoformat(raw)
    if column in _JSON:
        return rec.json_from_text(raw)
    return raw


class LiteUnit:
    """The reads of :class:`ContextUnit` over one :mod:`sqlite3` transaction."""

    def __init__(self, conn: sqlite3.Connection, person: str) -> None:
        self._conn = conn
        self.person = person
        self.closed = False
        self._person_id: int | None = None

    def _rows(self, sql: str, *params: Any) -> list[Any]:
        if self.closed:
            raise StateError("this unit of work has ended; start a new one")
        cursor = self._conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [
            SimpleNamespace(
                **{n: _value(n, v) for n, v in zip(names, row, strict=True)}
            )
            for row in cursor
        ]

    @property
    def person_id(self) -> int | None:
        """The person's row id; ``None`` when they have stored nothing yet (the ORM
        unit would create the row, but nothing here needs it)."""
        if self._person_id is None:
            found = self._rows("SELECT id FROM people WHERE name = ?", self.person)
            self._person_id = found[0].id if found else None
        return self._person_id

    def _goal_row(self, goal_id: int) -> Any:
        found = self._rows("SELECT * FROM goals WHERE id = ?", goal_id)
        if not found or found[0].person_id != self.person_id:
            raise NotFoundError(_("there is no goal {id}").format(id=goal_id))
        return found[0]

    def active_goal(self) -> Goal | None:
        found = self._rows(
            "SELECT * FROM goals WHERE person_id = ? AND status = ? "
            "ORDER BY id DESC LIMIT 1",
            self.person_id,
            str(GoalStatus.ACTIVE),
        )
        return rec.goal_from_row(found[0]) if found else None

    def get_goal(self, goal_id: int) -> Goal:
        return rec.goal_from_row(self._goal_row(goal_id))

    def goal_template(self, goal_id: int) -> StoredTemplate | None:
        template_id = self._goal_row(goal_id).template_id
        if template_id is None:
            return None
        found = self._rows("SELECT * FROM stored_templates WHERE id = ?", template_id)
        if not found or found[0].person_id != self.person_id:
            raise NotFoundError(f"there is no stored template {template_id}")
        return rec.stored_template_from_row(found[0])

    def custom_traits(self, goal_id: int) -> list[Trait]:
        goal = self._goal_row(goal_id).id
        rows = self._rows(
            "SELECT * FROM custom_traits WHERE goal_id = ? ORDER BY id", goal
        )
        return [
            rec.trait_from_json(r.spec, f"custom trait {r.name!r} of goal {goal}")
            for r in rows
        ]

    def cohort_imports(self, template: str | None = None) -> list[CohortImport]:
        sql = "SELECT * FROM cohort_imports WHERE person_id = ?"
        params: list[Any] = [self.person_id]
        if template is not None:
            sql += " AND template = ?"
            params.append(template)
        rows = self._rows(sql + " ORDER BY imported, id", *params)
        return [rec.cohort_import_from_row(r) for r in rows]

    def profile(self, traits: TraitSet | None = None) -> Profile:
        rows = self._rows(
            'SELECT * FROM profile_changes WHERE person_id = ? ORDER BY "when", id',
            self.person_id,
        )
        return Profile(tuple(rec.change_from_row(r, traits) for r in rows))

    def list_evidence(self, goal_id: int) -> list[Evidence]:
        goal = self._goal_row(goal_id).id
        rows = self._rows("SELECT * FROM evidence WHERE goal_id = ? ORDER BY id", goal)
        return [rec.evidence_from_row(r) for r in rows]

    def list_effort(self, goal_id: int) -> list[EffortEntry]:
        goal = self._goal_row(goal_id).id
        rows = self._rows(
            'SELECT * FROM effort WHERE goal_id = ? ORDER BY "when", id', goal
        )
        return [rec.effort_from_row(r) for r in rows]

    def save_route(
        self, goal_id: int, route_json: Mapping[str, Any], created: dt.date
    ) -> int:
        """Append a route document (as ``UnitOfWork.save_route``: same checks, the
        same text SQLAlchemy would write)."""
        goal = self._goal_row(goal_id).id
        rec.check_json(route_json, "the route document")
        cursor = self._conn.execute(
            "INSERT INTO routes (goal_id, created, document) VALUES (?, ?, ?)",
            (goal, created.isoformat(), rec.json_to_text(dict(route_json))),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


__all__ = ["ContextUnit", "LiteStore", "LiteUnit", "open_lite"]
