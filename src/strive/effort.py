"""The effort log: hours spent on a route action on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from strive import validate as check


@dataclass(frozen=True)
class EffortEntry:
    action: str
    hours: float
    when: dt.date
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        check.name(self.action, "action")
        check.number(self.hours, "hours", low=0, high=24 * 7, above=True)
        check.day(self.when, "when")
        check.note(self.note, "note")
