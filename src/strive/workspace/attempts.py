"""Step 5, persevere: applications, their results, and the strategic review.

The review asks, after a rejection, what the selected have that the person doesn't,
and plans a new route from the answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from strive.attempts import Attempt, Outcome
from strive.corrections import Correction, RecordKind
from strive.errors import StateError
from strive.i18n import _
from strive.review import (
    AttemptSummary,
    Review,
    base_rate_lines,
    changes_since,
    summarise_attempts,
)
from strive.template import Window
from strive.workspace._base import _given, _id
from strive.workspace.records import RecordsMixin
from strive.workspace.route import RouteMixin


class AttemptsMixin(RouteMixin, RecordsMixin):
    """Applications and the review after a rejection."""

    def add_attempt(self, name: str, applied: dt.date | None = None) -> Attempt:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            return uow.add_attempt(_id(goal), Attempt(name, applied or self.today))

    def record_result(
        self,
        name: str,
        outcome: Outcome,
        *,
        when: dt.date | None = None,
        feedback: str = "",
        expected_version: int | None = None,
    ) -> Attempt:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            attempt = uow.get_attempt(_id(goal), name)
            assert attempt.id is not None
            # A stale form is told so, rather than "already decided".
            uow.expect_version(
                _id(goal), RecordKind.ATTEMPT, attempt.id, expected_version
            )
            updated = attempt.with_result(outcome, when or self.today, feedback)
            uow.update_attempt(updated, expected_version=expected_version)
            return updated

    def attempts(self) -> AttemptSummary:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            return summarise_attempts(uow.list_attempts(_id(goal)))

    def review(
        self,
        *,
        k: int = 5,
        years: tuple[int | None, int | None] | None = None,
        windows: Sequence[Window] | None = None,
        save: bool = True,
    ) -> Review:
        """After a rejection: what changed, what the selected still have, new route.

        ``save``: keep the new route as the one progress is measured against (the
        CLI's ``strive review`` does); ``False`` only reads, as a web page's GET must.

        Before any application there is nothing to compare with, so the review covers
        the whole profile (``since`` is ``None``) rather than refusing: the question
        "what do the selected have that I don't" is worth asking before applying too.
        """
        from strive.gap import compare_classes

        ctx = self.context()
        summary = self.attempts()
        since = summary.last.applied if summary.last is not None else None
        changed = changes_since(ctx.profile, ctx.traits, since, self.today)
        values = ctx.values(self.today)
        report = self._analyze(ctx, self.today, k=k, years=years)
        new_class = (
            compare_classes(ctx.imported[-1], ctx.cohort, values, traits=ctx.traits)
            if ctx.imported
            else None
        )
        route = self.plan(gap=report, windows=windows, save=save)
        return Review(
            attempts=summary,
            changed=tuple(changed),
            since=since,
            gap=report,
            route=route,
            new_class=new_class,
            base_rates=tuple(base_rate_lines(ctx.template.base_rates)),
            corrections=tuple(self.corrections()),
        )

    def edit_attempt(
        self,
        ref: str,
        *,
        name: str | None = None,
        applied: dt.date | None = None,
        outcome: Outcome | None = None,
        decided: dt.date | None = None,
        feedback: str | None = None,
        expected_version: int | None = None,
    ) -> Correction:
        """Change the fields given of an attempt (by name or id).

        Raises:
            NotFoundError: no such attempt.
            InputError: the new name is taken or blank.
            StateError: the result would come before applying.
        """
        with self._unit() as uow:
            goal = self._goal(uow, None)
            before = uow.get_attempt(_id(goal), ref)
            outcome = before.outcome if outcome is None else outcome
            if decided is None and outcome is not before.outcome:
                decided = before.decided or self.today
            after = _given(
                before,
                name=None if name is None else name.strip(),
                applied=applied,
                outcome=outcome,
                decided=decided,
                feedback=feedback,
            )
            if outcome is Outcome.PENDING:
                after = replace(after, decided=None)
            if after.decided is not None and after.decided < after.applied:
                raise StateError(
                    _(
                        "a result on {when} would come before applying on {applied}"
                    ).format(when=after.decided, applied=after.applied)
                )
            uow.update_attempt(after, expected_version=expected_version)
            return self._correct(uow, goal, RecordKind.ATTEMPT, before, after)

    def delete_attempt(
        self, ref: str, *, expected_version: int | None = None
    ) -> Correction:
        """Delete an attempt (by name or id), keeping it as a correction."""
        with self._unit() as uow:
            goal = self._goal(uow, None)
            attempt = uow.get_attempt(_id(goal), ref)
            assert attempt.id is not None
            uow.delete_record(
                _id(goal),
                RecordKind.ATTEMPT,
                attempt.id,
                expected_version=expected_version,
            )
            return self._correct(uow, goal, RecordKind.ATTEMPT, attempt, None)
