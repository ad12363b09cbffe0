"""A started action keeps consistent hours and money (issue 7, item 7).

After ``strive log 3 private_pilot`` the route showed "70 h, $0": the hours ignored
what was logged and the money vanished. Now the remaining effort is the catalogue's
minus the hours logged, and the money stays (strive records hours, not payments).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from strive.conditions import Condition
from strive.goal import Limits
from strive.replan import effort_logged, effort_state
from strive.route import plan_route
from strive.template import Template
from strive.traits import Value

TODAY = dt.date(1993, 1, 15)


def _route(
    nasa: Template,
    jose: dict[str, Value | None],
    jose_targets: list[Condition],
    **kw: Any,
) -> Any:
    return plan_route(
        nasa.catalogue,
        nasa.traits,
        jose,
        requirements=nasa.requirements,
        targets=jose_targets,
        limits=Limits(hours_per_week=10, months_away=1),
        start=TODAY,
        alternatives=False,
        **kw,
    )


def test_remaining_hours_are_effort_minus_logged(
    nasa: Template, jose: dict[str, Value | None], jose_targets: list[Condition]
) -> None:
    pilot = nasa.catalogue["private_pilot"]
    fresh = _route(nasa, jose, jose_targets)
    started = _route(
        nasa,
        jose,
        jose_targets,
        in_progress={"private_pilot": TODAY},
        logged={"private_pilot": 3.0},
    )
    assert started.feasible
    step = next(s for s in started.steps if s.action == "private_pilot")
    assert step.status == "in_progress"
    assert step.effort_hours == pilot.effort_hours - 3.0
    assert step.money == pilot.money and step.money_sourced
    before = next(s for s in fresh.steps if s.action == "private_pilot")
    assert before.money == step.money
    assert started.totals.effort_hours == sum(s.effort_hours for s in started.steps)
    assert started.totals.money == sum(s.money for s in started.steps)
    assert started.totals.effort_hours == fresh.totals.effort_hours - 3.0


def test_more_logged_than_planned_leaves_nothing(
    nasa: Template, jose: dict[str, Value | None], jose_targets: list[Condition]
) -> None:
    route = _route(
        nasa,
        jose,
        jose_targets,
        in_progress={"private_pilot": TODAY - dt.timedelta(days=30)},
        logged={"private_pilot": 500.0},
    )
    step = next(s for s in route.steps if s.action == "private_pilot")
    assert step.effort_hours == 0.0


def test_without_a_log_the_elapsed_share_is_left(
    nasa: Template, jose: dict[str, Value | None], jose_targets: list[Condition]
) -> None:
    """Library callers that pass only start dates keep the calendar estimate."""
    pilot = nasa.catalogue["private_pilot"]
    began = TODAY - dt.timedelta(days=round(3 * 30.4375))  # half of its 6 months
    route = _route(nasa, jose, jose_targets, in_progress={"private_pilot": began})
    step = next(s for s in route.steps if s.action == "private_pilot")
    assert 0.4 * pilot.effort_hours < step.effort_hours < 0.6 * pilot.effort_hours
    assert step.money == pilot.money


def test_effort_logged_sums_hours_per_action(nasa: Template) -> None:
    from strive.effort import EffortEntry

    entries = [
        EffortEntry("private_pilot", 2.0, dt.date(2026, 1, 2)),
        EffortEntry("private_pilot", 1.5, dt.date(2026, 1, 5)),
        EffortEntry("scuba_open_water", 40.0, dt.date(2026, 1, 3)),
    ]
    assert effort_logged(entries) == {"private_pilot": 3.5, "scuba_open_water": 40.0}
    done, started = effort_state(entries, nasa.catalogue)
    assert "private_pilot" in started and "private_pilot" not in done


def test_cli_route_after_logging_three_hours(cli: Callable[..., Any]) -> None:
    """The README's sequence: log 3 h on private_pilot, then ``route --json``."""
    goal = "--template nasa-astronaut --hours-per-week 10 --months-away 1"
    profile = (
        "us_citizen=yes age=34 degree_level=master degree_field=stem "
        "experience_years=6 languages=english,spanish pilot_certificate=no scuba=none"
    )
    for args in (
        ["goal", "new", "NASA", *goal.split(), "--by", "2028-03-01"],
        ["profile", "set", *profile.split()],
        ["log", "3", "private_pilot"],
    ):
        assert cli(*args).exit_code == 0
    result = cli("route", "--json")
    assert result.exit_code == 0, result.output
    route = json.loads(result.output)
    step = next(a for a in route["actions"] if a["name"] == "private_pilot")
    assert step["status"] == "in_progress"
    assert step["effort_hours"] == 67.0
    assert step["money"] == 13000.0
