"""Supporters: the people who change the outcome.

A teacher, a father, a boss and a wife each changed José Hernández's path. A supporter
has a role, what they contributed, and what the person chooses to share with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from strive import validate as check


class Share(StrEnum):
    NOTHING = "nothing"
    PROGRESS = "progress"
    """The route, progress and attempts, but not the profile values."""
    EVERYTHING = "everything"


@dataclass(frozen=True)
class Supporter:
    name: str
    role: str
    contribution: str = ""
    shares: Share = Share.PROGRESS
    since: dt.date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        check.name(self.name, "name")
        check.text(self.role, "role")
        check.text(self.contribution, "contribution")
        check.maybe_day(self.since, "since")
