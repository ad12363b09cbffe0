"""Step 4, prepare yourself and work hard: log effort, compare it with the route.

Logged entries are checked the same way when added and when edited.
"""

from __future__ import annotations

import datetime as dt

from strive.corrections import Correction, RecordKind
from strive.effort import EffortEntry
from strive.errors import InputError, StateError
from strive.i18n import _
from strive.progress import PlannedAction, Progress, compute_progress
from strive.workspace._base import GoalContext, _given, _id
from strive.workspace.records import RecordsMixin


class ProgressMixin(RecordsMixin):
    """Effort logged against the route."""

    def log(
        self,
        hours: float,
        action: str,
        *,
        when: dt.date | None = None,
        note: str = "",
        ctx: GoalContext | None = None,
    ) -> EffortEntry:
        """Step 4: log hours against an action of the current route (or catalogue).

        ``ctx``: the goal's context when the caller has already read it (the web
        app keeps it between requests); the entry goes to that goal."""
        with self._unit() as uow:
            ctx = ctx or self._context(uow, None)
            entry = EffortEntry(action, hours, when or self.today, note)
            self._check_effort(ctx, entry)
            return uow.add_effort(_id(ctx.goal), entry)

    def _check_effort(self, ctx: GoalContext, entry: EffortEntry) -> None:
        """The checks of a logged entry, the same when it is added or edited.

        Raises:
            UnknownActionError: the action is not in the template's catalogue.
            InputError: the date is in the future.
        """
        ctx.template.catalogue[entry.action]  # unknown action: clear error
        if entry.when > self.today:
            raise InputError(
                _("cannot log effort in the future ({when})").format(when=entry.when)
            )

    def progress(self, window_weeks: int = 8) -> Progress:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            route = uow.latest_route(_id(goal))
            if route is None:
                raise StateError(_("no route yet: run 'strive route' first"))
            plan = [PlannedAction.from_json(a) for a in route["actions"]]
            return compute_progress(
                plan, uow.list_effort(_id(goal)), self.today, window_weeks
            )

    def effort_log(self) -> list[EffortEntry]:
        """The active goal's effort entries with their ids, by date."""
        with self._unit() as uow:
            return uow.list_effort(_id(self._goal(uow, None)))

    def edit_effort(
        self,
        entry_id: int,
        *,
        hours: float | None = None,
        action: str | None = None,
        when: dt.date | None = None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> Correction:
        """Change the fields given of one effort entry (checked as when logged).

        Raises:
            NotFoundError: no such entry; plus the errors of :meth:`log`.
            ConflictError: the entry is not at ``expected_version`` (when given).
        """
        with self._unit() as uow:
            ctx = self._context(uow, None)
            before = uow.get_effort(_id(ctx.goal), entry_id)
            after = _given(before, action=action, hours=hours, when=when, note=note)
            self._check_effort(ctx, after)
            uow.update_record(_id(ctx.goal), after, expected_version=expected_version)
            return self._correct(uow, ctx.goal, RecordKind.EFFORT, before, after)

    def delete_effort(
        self, entry_id: int, *, expected_version: int | None = None
    ) -> Correction:
        """Delete one effort entry, keeping it as a correction."""
        return self._delete(RecordKind.EFFORT, entry_id, expected_version)
