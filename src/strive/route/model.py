"""The route's records: cost weights, steps, milestones, totals and the route itself.

Everything here is a frozen dataclass with a ``to_json`` giving the public shape of
``strive route --json`` (dates as ISO text, money in the actions' dollars).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from strive.errors import TraitValueError

DAYS_PER_MONTH = 30.4375
WEEKS_PER_MONTH = DAYS_PER_MONTH / 7


@dataclass(frozen=True)
class CostWeights:
    """How a person weighs effort, money and calendar time against each other.

    The cost of an action is ``hours * effort_hours + money * dollars + months *
    calendar_months``. The defaults value an hour of effort at 1, a dollar at 0.02
    (so $50 weighs as much as one hour of work) and a calendar month at 4 (about a
    week of evenings): cheap in effort first, then in money, then in time.

    >>> CostWeights(money=0.0).money
    0.0
    """

    hours: float = 1.0
    money: float = 0.02
    months: float = 4.0

    def __post_init__(self) -> None:
        for name in ("hours", "money", "months"):
            if getattr(self, name) < 0:
                raise TraitValueError(f"cost weight {name} cannot be negative")

    def to_json(self) -> dict[str, float]:
        return {"hours": self.hours, "money": self.money, "months": self.months}


DEFAULT_WEIGHTS = CostWeights()


@dataclass(frozen=True)
class RouteStep:
    """One chosen action, dated."""

    action: str
    label: str
    start: dt.date
    end: dt.date
    effort_hours: float
    money: float
    money_sourced: bool
    months_away: float
    reason: tuple[str, ...]
    """The requirements, targets or prerequisites this step serves."""
    hours_per_week: float = 0.0
    """Weekly hours this step takes while it runs."""
    status: str = "planned"
    """``planned`` or ``in_progress`` (started before the re-plan)."""
    amount: float | None = None
    """For a continuous action: the amount it adds (in ``unit``); else None."""
    unit: str = ""

    def to_json(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.amount is not None:  # continuous actions only: discrete keep shape
            extra = {"amount": round(self.amount, 6), "unit": self.unit}
        return {
            "name": self.action,
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "effort_hours": round(self.effort_hours, 2),
            "money": round(self.money, 2) if self.money_sourced else None,
            "money_sourced": self.money_sourced,
            "months_away": self.months_away,
            "hours_per_week": round(self.hours_per_week, 2),
            "reason": list(self.reason),
            "status": self.status,
            **extra,
        }


@dataclass(frozen=True)
class Milestone:
    """A dated point on the route: a step's end or an application attempt."""

    when: dt.date
    kind: str
    """``done`` (a step ends) or ``apply`` (an application window opens)."""
    title: str
    action: str = ""
    window: str = ""
    closes: dt.date | None = None
    route_done: bool = False
    """For ``apply``: whether every step has ended by then."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.when.isoformat(),
            "kind": self.kind,
            "title": self.title,
            "name": self.window or self.action,
        }
        if self.action:
            out["action"] = self.action
        if self.window:
            out["window"] = self.window
            out["closes"] = None if self.closes is None else self.closes.isoformat()
            out["route_done"] = self.route_done
        return out


@dataclass(frozen=True)
class Totals:
    effort_hours: float = 0.0
    money: float = 0.0
    months: float = 0.0
    """Calendar months from the start to the end of the last step."""
    months_away: float = 0.0
    money_unknown: tuple[str, ...] = ()
    """Actions with no sourced money figure (counted as 0 in ``money``)."""
    cost: float = 0.0
    """The weighted cost the selection minimised."""

    def to_json(self) -> dict[str, Any]:
        return {
            "effort_hours": round(self.effort_hours, 2),
            "money": round(self.money, 2),
            "months": round(self.months, 2),
            "months_away": round(self.months_away, 2),
            "money_unknown": list(self.money_unknown),
            "cost": round(self.cost, 4),
        }


@dataclass(frozen=True)
class Alternative:
    """Another distinct action set reaching the same targets."""

    name: str
    """``cheapest``, ``fastest``, ``least_money`` or ``next_cheapest``."""
    actions: tuple[str, ...]
    totals: Totals
    optimal: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "actions": list(self.actions),
            "totals": self.totals.to_json(),
            "optimal": self.optimal,
        }


@dataclass(frozen=True)
class Relaxation:
    """The smallest change to one limit that makes the goal reachable."""

    limit: str
    """One of hours_per_week, money, months_away, deadline, max_parallel."""
    current: float | str | None
    needed: float | str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "limit": self.limit,
            "current": self.current,
            "needed": self.needed,
            "text": self.text,
        }


@dataclass(frozen=True)
class OpenItem:
    """A condition nobody knows yet (e.g. the physical): assumed, not planned."""

    requirement: str
    condition: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {
            "requirement": self.requirement,
            "condition": self.condition,
            "text": self.text,
        }


@dataclass(frozen=True)
class Route:
    """A dated plan: the chosen actions, milestones and totals.

    ``optimal`` is true only when HiGHS (or an exact decomposition) proved the
    action *selection* cheapest; the dates come from a list-scheduling heuristic and
    are never claimed optimal.
    """

    steps: tuple[RouteStep, ...]
    milestones: tuple[Milestone, ...]
    totals: Totals
    feasible: bool
    optimal: bool
    start: dt.date
    deadline: dt.date | None = None
    weights: CostWeights = CostWeights()
    blocked_by: tuple[str, ...] = ()
    relaxation: tuple[Relaxation, ...] = ()
    open_items: tuple[OpenItem, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    notes: tuple[str, ...] = ()
    status: str = "optimal"
    """Solver outcome: ``optimal``, ``feasible``, ``infeasible`` or ``error``."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(s.action for s in self.steps)

    @property
    def end(self) -> dt.date:
        return max((s.end for s in self.steps), default=self.start)

    def to_json(self) -> dict[str, Any]:
        """The public document of ``strive route --json``."""
        return {
            "feasible": self.feasible,
            "optimal": self.optimal,
            "status": self.status,
            "schedule_optimal": False,
            "start": self.start.isoformat(),
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
            "weights": self.weights.to_json(),
            "actions": [s.to_json() for s in self.steps],
            "totals": {
                **self.totals.to_json(),
                "finish": self.end.isoformat() if self.steps else None,
            },
            "milestones": [m.to_json() for m in self.milestones],
            "alternatives": [a.to_json() for a in self.alternatives],
            "open_items": [o.to_json() for o in self.open_items],
            "infeasible": None
            if self.feasible
            else {
                "blocked_by": list(self.blocked_by),
                "relaxations": [r.to_json() for r in self.relaxation],
            },
            "notes": list(self.notes),
        }
