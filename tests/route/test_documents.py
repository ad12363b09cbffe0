"""The route's public documents, whole: ``route --json`` and the ``.ics`` file.

Other tests check the numbers; these pin every key and property, so a renamed or
dropped field (a break for every script and calendar reading them) fails here.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.goal import Limits
from strive.route import CostWeights, Route, plan_route, route_to_ical
from strive.template import Window
from strive.traits import Kind, Mutability, Trait, TraitSet

START = dt.date(2026, 1, 5)
TRAITS = TraitSet.of([Trait("diver", Kind.BOOL, mutability=Mutability.GROW_ONLY)])
SCUBA = Action(
    "scuba",
    "Scuba certification",
    (Effect("diver", "set", True),),
    duration_months=1.0,
    effort_hours=30.0,
    money=500.0,
)


def _route(deadline: dt.date | None = None, hours: float = 10.0) -> Route:
    return plan_route(
        Catalogue.of([SCUBA]),
        TRAITS,
        {"diver": False},
        targets=[Condition("diver", "is", True)],
        limits=Limits(hours_per_week=hours),
        start=START,
        deadline=deadline,
        weights=CostWeights(hours=1.0, money=0.02, months=4.0),
        windows=[Window("NASA call", dt.date(2026, 3, 2), dt.date(2026, 3, 31))],
        alternatives=False,
    )


def test_route_json_has_every_documented_key() -> None:
    route = _route()
    doc = route.to_json()
    step = route.steps[0]
    assert doc["weights"] == {"hours": 1.0, "money": 0.02, "months": 4.0}
    assert doc["actions"] == [
        {
            "name": "scuba",
            "label": "Scuba certification",
            "start": "2026-01-05",
            "end": step.end.isoformat(),
            "effort_hours": 30.0,
            "money": 500.0,
            "money_sourced": True,
            "months_away": 0.0,
            "hours_per_week": round(step.hours_per_week, 2),
            "reason": list(step.reason),
            "status": "planned",
        }
    ]
    assert step.end > START and step.reason
    assert set(doc) == {
        "feasible", "optimal", "status", "schedule_optimal", "start", "deadline",
        "weights", "actions", "totals", "milestones", "alternatives", "open_items",
        "infeasible", "notes",
    }  # fmt: skip
    assert doc["totals"]["finish"] == step.end.isoformat()
    assert doc["infeasible"] is None and doc["deadline"] is None


def test_an_infeasible_route_keeps_its_deadline() -> None:
    deadline = START + dt.timedelta(days=10)
    route = _route(deadline=deadline, hours=1.0)
    doc = route.to_json()
    assert doc["feasible"] is False
    assert doc["deadline"] == deadline.isoformat()
    assert doc["infeasible"] is not None
    assert set(doc["infeasible"]) == {"blocked_by", "relaxations"}


def test_the_calendar_has_its_required_properties() -> None:
    route = _route()
    calendar = Calendar.from_ical(route_to_ical(route))
    assert str(calendar["prodid"]) == "-//strive//route//EN"
    assert str(calendar["version"]) == "2.0"
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    done = next(e for e in calendar.walk("VEVENT") if "milestone" in _cats(e))
    assert done["dtstart"].dt == route.steps[0].end
    assert done["dtend"].dt == route.steps[0].end + dt.timedelta(days=1)
    assert _cats(done) == ["strive", "milestone"]
    window = next(e for e in events.values() if "application" in _cats(e))
    assert window["dtstart"].dt == dt.date(2026, 3, 2)
    assert window["dtend"].dt == dt.date(2026, 4, 1)
    assert _cats(window) == ["strive", "application"]
    assert "route done" in str(window["description"])


def _cats(event: object) -> list[str]:
    value = event["categories"]  # type: ignore[index]
    return [str(c) for c in value.cats]
