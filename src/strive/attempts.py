"""Attempts: every application, its outcome, and what was said about it.

José Hernández applied twelve times; eleven were rejections. strive keeps each attempt
with care: a rejection is a data point for the strategic review, not a verdict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from strive import validate as check
from strive.errors import InputError, StateError
from strive.i18n import _, ngettext


class Outcome(StrEnum):
    PENDING = "pending"
    INTERVIEWED = "interviewed"
    REJECTED = "rejected"
    SELECTED = "selected"
    WITHDRAWN = "withdrawn"

    @property
    def final(self) -> bool:
        return self in (Outcome.REJECTED, Outcome.SELECTED, Outcome.WITHDRAWN)


@dataclass(frozen=True)
class Attempt:
    name: str
    applied: dt.date
    outcome: Outcome = Outcome.PENDING
    decided: dt.date | None = None
    feedback: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        check.name(self.name, "name")
        check.day(self.applied, "applied")
        check.maybe_day(self.decided, "decided")
        check.note(self.feedback, "feedback")
        if self.decided is not None and self.decided < self.applied:
            raise InputError(
                _("{decided} comes before applying on {applied}").format(
                    decided=self.decided, applied=self.applied
                ),
                where="decided",
            )

    def with_result(
        self, outcome: Outcome, when: dt.date, feedback: str = ""
    ) -> Attempt:
        if self.outcome.final:
            from strive.labels import label  # labels imports this module

            raise StateError(
                _("attempt {name} already ended as {outcome}").format(
                    name=repr(self.name), outcome=label(self.outcome)
                )
            )
        if when < self.applied:
            raise StateError(
                _("a result on {when} would come before applying on {applied}").format(
                    when=when, applied=self.applied
                )
            )
        text = "\n".join(t for t in (self.feedback, feedback) if t)
        return replace(self, outcome=outcome, decided=when, feedback=text)


def history_line(attempts: list[Attempt]) -> str:
    """A gentle one-line summary, e.g. '12 attempts: 11 not selected, then selected'."""
    if not attempts:
        return _("no attempts yet")
    ordered = sorted(attempts, key=lambda a: a.applied)
    rejected = sum(a.outcome is Outcome.REJECTED for a in ordered)
    count = len(ordered)
    head = ngettext("{n} attempt", "{n} attempts", count).format(n=count)
    parts = []
    if rejected:
        parts.append(
            ngettext("{n} not selected", "{n} not selected", rejected).format(
                n=rejected
            )
        )
    last = ordered[-1].outcome
    if last is Outcome.SELECTED:
        parts.append(_("then selected"))
    elif last is Outcome.PENDING:
        parts.append(_("one pending"))
    if not parts:
        return head
    return _("{count}: {details}").format(count=head, details=", ".join(parts))
