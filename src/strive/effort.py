"""The effort log: hours spent on a route action on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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

    def to_json(self) -> dict[str, Any]:
        """One item of ``strive effort list --json`` and ``GET .../effort``."""
        return {
            "id": self.id,
            "action": self.action,
            "hours": self.hours,
            "date": self.when.isoformat(),
            "note": self.note,
        }


def effort_json(entries: Iterable[EffortEntry]) -> dict[str, Any]:
    """The document of ``strive effort list --json`` and the API (one shape)."""
    return {"effort": [e.to_json() for e in entries]}
