"""Goals: what you aim at, why, by when, and within which personal limits.

Limits are hard: José Hernández declined long training away from his family, so a route
that breaks ``months_away`` is not a route for him, however cheap it is. When a goal is
achieved or retired, the next goal is put in front of you and linked to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from strive import validate as check
from strive.errors import StateError
from strive.i18n import _


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    RETIRED = "retired"
    PAUSED = "paused"
    """Set aside while another goal is active (``strive goal use`` switches back)."""


@dataclass(frozen=True)
class Limits:
    """A person's own limits; ``None`` means no limit given."""

    hours_per_week: float = 10.0
    money: float | None = None
    months_away: float | None = None
    max_parallel: int = 2
    """At most this many actions in progress at once."""

    def __post_init__(self) -> None:
        check.number(self.hours_per_week, "hours_per_week", low=0, high=100, above=True)
        if self.money is not None:
            check.number(self.money, "money", low=0, high=check.MONEY_MAX)
        if self.months_away is not None:
            check.number(self.months_away, "months_away", low=0, high=check.MONTHS_MAX)
        check.whole(self.max_parallel, "max_parallel", low=1, high=check.PARALLEL_MAX)


@dataclass(frozen=True)
class Goal:
    """What you aim at. ``template`` names the selection it is judged against."""

    title: str
    template: str
    why: str = ""
    target_date: dt.date | None = None
    limits: Limits = Limits()
    status: GoalStatus = GoalStatus.ACTIVE
    status_reason: str = ""
    status_date: dt.date | None = None
    created: dt.date | None = None
    next_goal: int | None = None
    """Id of the goal put in front of you after this one ended."""
    id: int | None = None

    def __post_init__(self) -> None:
        check.name(self.title, "title")
        check.name(self.template, "template", limit=check.TEXT_MAX)
        check.note(self.why, "why")
        check.note(self.status_reason, "status_reason")
        for field in ("target_date", "status_date", "created"):
            check.maybe_day(getattr(self, field), field)

    def close(self, status: GoalStatus, reason: str, when: dt.date) -> Goal:
        """Mark achieved or retired; an ended goal cannot be ended again."""
        if self.status is not GoalStatus.ACTIVE:
            raise StateError(
                _("goal {title} is already {status}").format(
                    title=repr(self.title), status=_status(self.status)
                )
            )
        if status is GoalStatus.ACTIVE:
            raise StateError(_("a goal is closed as achieved or retired"))
        return replace(self, status=status, status_reason=reason, status_date=when)

    def pause(self, when: dt.date) -> Goal:
        """Set an active goal aside while another one is worked on."""
        if self.status is not GoalStatus.ACTIVE:
            raise StateError(
                _("goal {title} is {status}, not active").format(
                    title=repr(self.title), status=_status(self.status)
                )
            )
        return replace(
            self,
            status=GoalStatus.PAUSED,
            status_reason="another goal is active",
            status_date=when,
        )

    def resume(self, when: dt.date) -> Goal:
        """Make a paused or retired goal the active one again (not an achieved one).

        Raises:
            StateError: the goal was achieved.
        """
        if self.status is GoalStatus.ACHIEVED:
            raise StateError(
                _(
                    "goal {title} was achieved; set a new one with "
                    "'strive goal next TITLE'"
                ).format(title=repr(self.title))
            )
        return replace(
            self, status=GoalStatus.ACTIVE, status_reason="", status_date=when
        )


def _status(status: GoalStatus) -> str:
    from strive.labels import label  # labels imports this module

    return label(status)
