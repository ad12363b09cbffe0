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
                f"{self.decided} comes before applying on {self.applied}",
                where="decided",
            )

    def with_result(
        self, outcome: Outcome, when: dt.date, feedback: str = ""
    ) -> Attempt:
        if self.outcome.final:
            raise StateError(f"attempt {self.name!r} already ended as {self.outcome}")
        if when < self.applied:
            raise StateError(
                f"a result on {when} would come before applying on {self.applied}"
            )
        text = "\n".join(t for t in (self.feedback, feedback) if t)
        return replace(self, outcome=outcome, decided=when, feedback=text)


def history_line(attempts: list[Attempt]) -> str:
    """A gentle one-line summary, e.g. '12 attempts: 11 not selected, then selected'."""
    if not attempts:
        return "no attempts yet"
    ordered = sorted(attempts, key=lambda a: a.applied)
    rejected = sum(a.outcome is Outcome.REJECTED for a in ordered)
    parts = [f"{len(ordered)} attempt{'s' if len(ordered) != 1 else ''}"]
    if rejected:
        parts.append(f"{rejected} not selected")
    last = ordered[-1].outcome
    if last is Outcome.SELECTED:
        parts.append("then selected")
    elif last is Outcome.PENDING:
        parts.append("one pending")
    return ", ".join(parts[:1]) + (": " + ", ".join(parts[1:]) if parts[1:] else "")
