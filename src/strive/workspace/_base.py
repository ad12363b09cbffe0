"""What every step of a workspace shares: the store, the person, today, and the goal.

:class:`WorkspaceBase` holds the attributes and helpers the step mixins use (opening a
unit of work, finding the active goal, reading a goal's context in one transaction),
so each step module can be read and type-checked on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar

from strive.cohort import Cohort, CohortSource
from strive.errors import StateError, TemplateError
from strive.evidence import Evidence
from strive.goal import Goal
from strive.i18n import _
from strive.profile import Profile
from strive.template import Template
from strive.traits import TraitSet, Value

if TYPE_CHECKING:
    from strive.storage import Store, UnitOfWork
    from strive.storage.lite import ContextUnit, LiteStore
    from strive.storage.records import StoredTemplate


REACH_K = 3
"""Reach is the least effort to match at least this many of the selected."""


@dataclass(frozen=True)
class GoalContext:
    """Everything about one goal that the engines need, read in one transaction."""

    goal: Goal
    template: Template
    traits: TraitSet
    profile: Profile
    evidence: tuple[Evidence, ...]
    cohort: Cohort
    imported: tuple[Cohort, ...]

    def values(self, when: dt.date) -> dict[str, Value | None]:
        return self.profile.values(self.traits, when)


class WorkspaceBase:
    """One person's strive data in one database (SQLite file or PostgreSQL URL).

    The shared part of :class:`strive.workspace.Workspace`; the steps are mixins.
    """

    def __init__(
        self,
        store: Store | None,
        *,
        person: str = "me",
        today: dt.date | None = None,
        notify: Callable[[str], None] | None = None,
        lite: LiteStore | None = None,
        db: str | Path | None = None,
    ) -> None:
        """``store=None`` with ``lite`` and ``db``: :meth:`open` found a SQLite file
        at the newest schema; the :class:`Store` (and SQLAlchemy) is opened on first
        use, and a goal's context is read through ``lite`` meanwhile."""
        if store is None and lite is None:
            raise TypeError("a workspace needs a store")
        self._store = store
        self._lite = lite
        self._db = db
        self.person = person
        self.today = today or dt.date.today()
        self.notify = notify
        """Called with a notice worth telling (e.g. a template file has changed)."""
        self._noticed: set[str] = set()

    @classmethod
    def open(
        cls,
        db: str | Path | None = None,
        *,
        person: str = "me",
        today: dt.date | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> Self:
        """Open (and migrate) the database; ``None`` means the default location.

        A SQLite file already at the newest schema is not opened with SQLAlchemy
        until something needs it: reading a goal's context (all that ``strive gap``
        does) goes through :mod:`strive.storage.lite` instead."""
        from strive.storage.lite import open_lite
        from strive.storage.paths import default_db_location

        where = default_db_location() if db is None else db
        lite = open_lite(where)
        if lite is not None:
            return cls(
                None, person=person, today=today, notify=notify, lite=lite, db=where
            )
        from strive.storage import Store

        return cls(Store.open(where), person=person, today=today, notify=notify)

    @property
    def store(self) -> Store:
        """The database (opened now if :meth:`open` deferred it)."""
        if self._store is None:
            from strive.storage import Store

            self._store = Store.open(self._db)
        return self._store

    def close(self) -> None:
        """Close what this workspace opened."""
        if self._lite is not None:
            self._lite.close()
        if self._store is not None:
            self._store.close()

    @contextmanager
    def _unit(self, *, read: bool = False) -> Iterator[UnitOfWork]:
        """A unit of work; ``read=True`` when it only reads (see ``Store.unit``)."""
        with self.store.unit(self.person, read=read) as uow:
            yield uow

    @contextmanager
    def _context_unit(self, *, read: bool = True) -> Iterator[ContextUnit]:
        """A unit that reads a goal's context or saves a route: on :mod:`sqlite3`
        when the database allows it (:mod:`strive.storage.lite`), else the ORM's."""
        if self._lite is not None:
            with self._lite.unit(self.person, read=read) as lite:
                yield lite
        else:
            with self._unit(read=read) as uow:
                yield uow

    def _goal(self, uow: ContextUnit, goal_id: int | None) -> Goal:
        if goal_id is not None:
            return uow.get_goal(goal_id)
        goal = uow.active_goal()
        if goal is None:
            raise StateError(
                _(
                    "no active goal: set one with "
                    "'strive goal new TITLE --template nasa-astronaut'"
                )
            )
        return goal

    # -- context ---------------------------------------------------------------------

    def context(self, goal_id: int | None = None) -> GoalContext:
        with self._context_unit() as uow:
            return self._context(uow, goal_id)

    def _context(self, uow: ContextUnit, goal_id: int | None) -> GoalContext:
        from strive.templates import load_cohort, load_template
        from strive.templates.stored import load_stored

        goal = self._goal(uow, goal_id)
        stored = uow.goal_template(_id(goal))
        if stored is not None:
            template, cohort = load_stored(
                stored.toml,
                stored.cohort_file,
                stored.cohort_csv,
                f"stored template {stored.name!r} of goal {goal.id}",
            )
            self._notice_changed(goal, stored)
        else:
            try:
                template = load_template(goal.template)
            except TemplateError as exc:
                if not goal.template.endswith(".toml") and "/" not in goal.template:
                    raise
                raise TemplateError(
                    f"{exc.message}; goal {goal.id} was made from this template file "
                    "before strive kept templates with goals: run "
                    "'strive template update PATH' once to store it",
                    where=exc.where,
                ) from None
            cohort = load_cohort(template)
        for trait in uow.custom_traits(_id(goal)):
            template = template.with_trait(trait)
        imported = tuple(
            Cohort.from_json_rows(
                template.traits,
                item.rows,
                CohortSource(item.name, citation=item.source),
            )
            for item in uow.cohort_imports(goal.template)
        )
        return GoalContext(
            goal=goal,
            template=template,
            traits=template.traits,
            profile=uow.profile(template.traits),
            evidence=tuple(uow.list_evidence(_id(goal))),
            cohort=cohort,
            imported=imported,
        )

    def _notice_changed(self, goal: Goal, stored: StoredTemplate) -> None:
        """Tell (once) that the template file on disk differs from the stored one."""
        from strive.templates.stored import disk_digest

        key = f"{stored.source_path}\0{stored.digest}"
        if self.notify is None or key in self._noticed:
            return
        self._noticed.add(key)  # the file is read once per workspace, not per call
        now = disk_digest(stored.source_path)
        if now is None or now == stored.digest:
            return
        self.notify(
            f"note: {stored.source_path} has changed since goal {goal.id} stored it "
            f"on {stored.stored.isoformat()}; strive keeps using the stored copy. "
            "To use the new version: strive template update"
        )


R = TypeVar("R")


def _given(before: R, **fields: Any) -> R:
    """``before`` with the fields a person gave (``None`` = keep), validated again by
    the record's own checks, so an edit is held to the same rules as adding."""
    return replace(before, **{k: v for k, v in fields.items() if v is not None})  # type: ignore[type-var]


def _id(goal: Goal) -> int:
    assert goal.id is not None, "stored goals have ids"
    return goal.id


def _is_plain_name(text: str) -> bool:
    return text.replace("_", "a").isalnum() and text[:1].isalpha() and text.islower()


def _is_builtin(name: str) -> bool:
    from strive.templates import builtin_names

    return name in builtin_names()
