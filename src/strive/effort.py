"""The effort log: hours spent on a route action on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from strive.errors import TraitValueError


@dataclass(frozen=True)
class EffortEntry:
    action: str
    hours: float
    when: dt.date
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if not 0 < self.hours <= 24 * 7:
            raise TraitValueError(
                f"logged hours must be more than 0 and at most 168, not {self.hours:g}"
            )
