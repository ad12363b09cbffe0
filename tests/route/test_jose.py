"""José replay: the cheapest route closes the gap he found after his sixth rejection."""

from __future__ import annotations

import datetime as dt

from strive.conditions import Condition
from strive.goal import Limits
from strive.route import plan_route, route_to_ical
from strive.template import Template, Window
from strive.traits import Value

START = dt.date(1993, 1, 1)
DEADLINE = dt.date(2004, 5, 6)


def _plan(nasa: Template, jose, targets, windows, **kw):  # type: ignore[no-untyped-def]
    return plan_route(
        nasa.catalogue,
        nasa.traits,
        jose,
        requirements=nasa.requirements,
        targets=targets,
        limits=kw.pop("limits", Limits(hours_per_week=10, months_away=1)),
        start=START,
        deadline=kw.pop("deadline", DEADLINE),
        windows=windows,
        **kw,
    )


def test_cheapest_route_is_pilot_scuba_and_a_language(
    nasa: Template,
    jose: dict[str, Value | None],
    jose_targets: list[Condition],
    yearly_windows: list[Window],
) -> None:
    route = _plan(nasa, jose, jose_targets, yearly_windows)
    assert route.feasible and route.optimal
    names = set(route.actions)
    assert {"private_pilot", "scuba_open_water"} <= names
    assert names & {"learn_russian", "learn_french", "learn_german", "learn_japanese"}
    assert not names & {"military_jet_pilot", "test_pilot_school"}
    assert route.totals.months_away <= 1
    doc = route.to_json()
    assert doc["optimal"] is True and doc["feasible"] is True
    assert [a["name"] for a in doc["actions"]] == list(route.actions)


def test_keeps_an_application_in_every_window(
    nasa: Template,
    jose: dict[str, Value | None],
    jose_targets: list[Condition],
    yearly_windows: list[Window],
) -> None:
    route = _plan(nasa, jose, jose_targets, yearly_windows)
    applied = {m.window for m in route.milestones if m.kind == "apply"}
    assert applied == {w.name for w in yearly_windows}
    # Early windows come before the route is done: he applies anyway.
    first = next(m for m in route.milestones if m.kind == "apply")
    assert not first.route_done


def test_physical_is_an_open_item_not_a_failure(
    nasa: Template,
    jose: dict[str, Value | None],
    jose_targets: list[Condition],
    yearly_windows: list[Window],
) -> None:
    route = _plan(nasa, jose, jose_targets, yearly_windows)
    assert [o.condition for o in route.open_items] == ["passes_physical"]
    assert route.to_json()["open_items"][0]["requirement"] == "physical"


def test_family_limit_blocks_the_military_path(
    nasa: Template, jose: dict[str, Value | None], yearly_windows: list[Window]
) -> None:
    """Asked for 1,000 h of jet command time, only the military path gets there:
    José's family limit blocks it and the planner says how far."""
    target = Condition.parse("jet_pic_hours>=1000", nasa.traits)
    route = _plan(nasa, jose, [target], yearly_windows)
    assert not route.feasible
    assert "months_away" in route.blocked_by
    relax = {r.limit: r for r in route.relaxation}
    assert relax["months_away"].needed == 72
    assert route.to_json()["infeasible"]["relaxations"]


def test_alternatives_are_distinct_action_sets(
    nasa: Template,
    jose: dict[str, Value | None],
    jose_targets: list[Condition],
    yearly_windows: list[Window],
) -> None:
    route = _plan(nasa, jose, jose_targets, yearly_windows)
    sets = [frozenset(a.actions) for a in route.alternatives]
    assert len(sets) == len(set(sets)) >= 2
    assert route.alternatives[0].name == "cheapest"
    assert set(route.alternatives[0].actions) == set(route.actions)
    costs = [a.totals.cost for a in route.alternatives if a.name == "next_cheapest"]
    assert all(c >= route.totals.cost - 1e-9 for c in costs)


def test_ical_has_stable_uids(
    nasa: Template,
    jose: dict[str, Value | None],
    jose_targets: list[Condition],
    yearly_windows: list[Window],
) -> None:
    from icalendar import Calendar

    route = _plan(nasa, jose, jose_targets, yearly_windows)
    first, second = route_to_ical(route), route_to_ical(route)
    assert first == second
    events = Calendar.from_ical(first).walk("VEVENT")
    assert len(events) == len(route.milestones)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "apply: NASA 1996 call" in summaries


def test_replan_keeps_done_and_started_actions(
    nasa: Template,
    jose: dict[str, Value | None],
    jose_targets: list[Condition],
    yearly_windows: list[Window],
) -> None:
    started = dt.date(1993, 6, 1)
    route = plan_route(
        nasa.catalogue,
        nasa.traits,
        jose,
        requirements=nasa.requirements,
        targets=jose_targets,
        limits=Limits(hours_per_week=10, months_away=1),
        start=dt.date(1994, 1, 1),
        deadline=DEADLINE,
        windows=yearly_windows,
        done=["scuba_open_water"],
        in_progress={"learn_russian": started},
    )
    assert route.feasible
    assert "scuba_open_water" not in route.actions
    russian = next(s for s in route.steps if s.action == "learn_russian")
    assert russian.start == started and russian.status == "in_progress"
    assert russian.money == 0
    assert not {"learn_french", "learn_german"} & set(route.actions)
