"""An infeasible route's explanation and open items in the reader's language: the
relaxations, the blocked-by text and a direct caller's open items go through the
catalogue, so the web's Spanish route page shows them in Spanish."""

from __future__ import annotations

import datetime as dt

import cases

from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.goal import Limits
from strive.i18n import use_locale
from strive.requirements import Requirement
from strive.route import Route, plan_route
from strive.traits import Value

START = dt.date(2026, 1, 1)
VALUES: dict[str, Value | None] = {
    "n0": 0.0,
    "n1": 0.0,
    "l0": "none",
    "b0": False,
    "b1": None,  # unknown: a requirement on it is an open item
    "s": frozenset(),
    "debt": 50.0,
    "fixed": 30.0,
}


def _blocked(deadline: dt.date | None = None, limits: Limits | None = None) -> Route:
    """Needs $1,250, 2 months away and a month; b1 (required) unknown."""
    course = Action(
        "course",
        "course",
        (Effect("b0", "set", True),),
        duration_months=1.0,
        effort_hours=10.0,
        money=1250.0,
        months_away=2.0,
    )
    physical = Requirement(
        "physical", "passes the physical", ((Condition("b1", "is", True),),)
    )
    return plan_route(
        Catalogue.of([course]),
        cases.TRAITS,
        VALUES,
        requirements=[physical],
        targets=[Condition("b0", "is", True)],
        limits=limits or Limits(hours_per_week=10, money=500.0, months_away=1.0),
        start=START,
        deadline=deadline,
        alternatives=False,
    )


def test_relaxations_and_open_items_follow_the_language() -> None:
    english = _blocked()
    with use_locale("es"):
        spanish = _blocked()
    assert not english.feasible and not spanish.feasible
    # The machine fields are the same in both languages; only the words differ.
    assert [r.limit for r in spanish.relaxation] == [
        r.limit for r in english.relaxation
    ]
    assert spanish.blocked_by == english.blocked_by
    en = {r.limit: r.text for r in english.relaxation}
    es = {r.limit: r.text for r in spanish.relaxation}
    assert en == {
        "money": "$800 more money",
        "months_away": "1 more months away from home",
    }
    assert es == {
        "money": "$800 más de dinero",
        "months_away": "meses más fuera de casa: 1",
    }
    doc = spanish.to_json()
    assert doc["infeasible"]["relaxations"][0]["text"] in es.values()


def test_deadline_relaxation_in_spanish() -> None:
    """A deadline too close for the month the course takes: the later deadline
    the relaxation asks for is in the reader's language."""
    deadline = START + dt.timedelta(days=10)
    loose = Limits(hours_per_week=10)
    english = _blocked(deadline, loose)
    with use_locale("es"):
        spanish = _blocked(deadline, loose)
    assert not english.feasible and not spanish.feasible
    assert [(r.limit, r.text) for r in english.relaxation] == [
        ("deadline", "a deadline 1 month later")
    ]
    assert [(r.limit, r.text) for r in spanish.relaxation] == [
        ("deadline", "una fecha límite 1 mes más tarde")
    ]


def test_a_direct_callers_open_items_are_in_spanish() -> None:
    """plan_route called with ids (no labels: strive.replan puts those in): the
    open item's words are the reader's language, its ids unchanged."""
    on_time = START + dt.timedelta(days=40)
    with use_locale("es"):
        route = _blocked(on_time, Limits(hours_per_week=10))
    assert route.feasible
    [item] = route.open_items
    assert (item.requirement, item.condition) == ("physical", "b1")
    assert item.text == (
        "examen médico: b1 no está registrado; revísalo (no está en el plan)"
    )
