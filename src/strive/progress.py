"""Step 4, prepare: plan versus actual, and when the route will be done at this pace.

The plan is the saved route (what each action should cost in hours and when it should
run); the actual is the effort log. The forecast is deliberately simple and stated:
remaining planned hours divided by the recent pace (hours logged per week over the
last ``window_weeks`` weeks, or since the first log if that is shorter).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from strive.effort import EffortEntry
from strive.i18n import N_

FORECAST_MODEL = N_(
    "remaining planned hours ÷ hours logged per week over the last {weeks} weeks "
    "(or since the first log, if more recent)"
)
"""How the finish is forecast: English in ``to_json`` (the API); the terminal
shows it translated (``strive progress --lang es``)."""


@dataclass(frozen=True)
class PlannedAction:
    """One route action as planned: the part of a route that progress needs."""

    name: str
    label: str
    start: dt.date
    end: dt.date
    effort_hours: float

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> PlannedAction:
        return cls(
            name=str(doc["name"]),
            label=str(doc.get("label") or doc["name"]),
            start=dt.date.fromisoformat(str(doc["start"])),
            end=dt.date.fromisoformat(str(doc["end"])),
            effort_hours=float(doc["effort_hours"]),
        )

    def planned_by(self, when: dt.date) -> float:
        """Hours the plan expected to be spent by ``when`` (linear over the dates)."""
        if when <= self.start:
            return 0.0
        if when >= self.end:
            return self.effort_hours
        span = (self.end - self.start).days or 1
        return self.effort_hours * (when - self.start).days / span


@dataclass(frozen=True)
class ActionProgress:
    name: str
    label: str
    planned_hours: float
    planned_to_date: float
    actual_hours: float
    start: dt.date
    end: dt.date

    @property
    def status(self) -> str:
        if self.planned_hours and self.actual_hours >= self.planned_hours:
            return "done"
        if self.actual_hours > 0:
            return "in progress"
        return "not started"


@dataclass(frozen=True)
class Progress:
    actions: tuple[ActionProgress, ...]
    today: dt.date
    pace_per_week: float
    window_weeks: int
    forecast_finish: dt.date | None
    planned_finish: dt.date | None
    unplanned_hours: float
    """Hours logged against actions that are not in the route."""

    @property
    def planned_hours(self) -> float:
        return sum(a.planned_hours for a in self.actions)

    @property
    def actual_hours(self) -> float:
        return sum(min(a.actual_hours, a.planned_hours) for a in self.actions)

    @property
    def planned_to_date(self) -> float:
        return sum(a.planned_to_date for a in self.actions)

    @property
    def remaining_hours(self) -> float:
        return max(self.planned_hours - self.actual_hours, 0.0)

    @property
    def share_done(self) -> float:
        return self.actual_hours / self.planned_hours if self.planned_hours else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "actions": [
                {
                    "name": a.name,
                    "label": a.label,
                    "status": a.status,
                    "planned_hours": round(a.planned_hours, 2),
                    "planned_to_date": round(a.planned_to_date, 2),
                    "actual_hours": round(a.actual_hours, 2),
                    "start": a.start.isoformat(),
                    "end": a.end.isoformat(),
                }
                for a in self.actions
            ],
            "totals": {
                "planned_hours": round(self.planned_hours, 2),
                "planned_to_date": round(self.planned_to_date, 2),
                "actual_hours": round(self.actual_hours, 2),
                "remaining_hours": round(self.remaining_hours, 2),
                "share_done": round(self.share_done, 4),
                "pace_hours_per_week": round(self.pace_per_week, 2),
                "planned_finish": _iso(self.planned_finish),
                "forecast_finish": _iso(self.forecast_finish),
                "forecast_model": FORECAST_MODEL.format(weeks=self.window_weeks),
                "unplanned_hours": round(self.unplanned_hours, 2),
            },
        }


def compute_progress(
    plan: Sequence[PlannedAction],
    effort: Sequence[EffortEntry],
    today: dt.date,
    window_weeks: int = 8,
) -> Progress:
    """Compare the plan with the log and forecast the finish at the recent pace."""
    logged: dict[str, float] = {}
    for entry in effort:
        if entry.when <= today:
            logged[entry.action] = logged.get(entry.action, 0.0) + entry.hours
    names = {p.name for p in plan}
    actions = tuple(
        ActionProgress(
            name=p.name,
            label=p.label,
            planned_hours=p.effort_hours,
            planned_to_date=p.planned_by(today),
            actual_hours=logged.get(p.name, 0.0),
            start=p.start,
            end=p.end,
        )
        for p in plan
    )
    pace = _pace([e for e in effort if e.action in names], today, window_weeks)
    remaining = sum(max(a.planned_hours - a.actual_hours, 0.0) for a in actions)
    forecast: dt.date | None
    if remaining <= 0 and actions:
        forecast = today
    elif pace > 0:
        forecast = today + dt.timedelta(weeks=remaining / pace)
    else:
        forecast = None
    return Progress(
        actions=actions,
        today=today,
        pace_per_week=pace,
        window_weeks=window_weeks,
        forecast_finish=forecast,
        planned_finish=max((p.end for p in plan), default=None),
        unplanned_hours=sum(h for n, h in logged.items() if n not in names),
    )


def _pace(effort: Sequence[EffortEntry], today: dt.date, window_weeks: int) -> float:
    past = [e for e in effort if e.when <= today]
    if not past:
        return 0.0
    since = max(today - dt.timedelta(weeks=window_weeks), min(e.when for e in past))
    recent = [e for e in past if e.when >= since]
    days = max((today - since).days, 7)  # at least a week, so one log is not a sprint
    return sum(e.hours for e in recent) / (days / 7)


def _iso(when: dt.date | None) -> str | None:
    return None if when is None else when.isoformat()
