"""Continuous actions: one amount variable equals the optimum over a fine grid.

The same problem is planned twice: once with a :class:`Continuous` action (any
amount up to a maximum, optionally in steps, cost linear in the amount) and once
with that action replaced by a grid of discrete copies in one group (one per
multiple of the grid step). With a step, the grid is the step and the costs are
equal; without one, the continuous optimum is at most the grid's and within one
grid step's cost of it.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.goal import Limits
from strive.route import CostWeights, LinearTarget, plan_route
from strive.route.continuous import Continuous
from strive.route.select import action_cost
from strive.traits import Kind, Trait, TraitSet

START = dt.date(2026, 1, 1)
LIMITS = Limits(hours_per_week=40)
WEIGHTS = CostWeights()
TRAITS = TraitSet.of([Trait("hours", Kind.NUMBER), Trait("skill", Kind.NUMBER)])


def _grid(c: Continuous, step: float) -> list[Action]:
    n = int(c.max_amount / step + 1e-9)
    return [
        Action(
            f"{c.name}_{k}",
            f"{c.name}_{k}",
            (Effect(c.trait, "add", k * step),),
            0.0,
            c.hours_per_unit * k * step,
            c.money_per_unit * k * step,
            group=c.name,
        )
        for k in range(1, n + 1)
    ]


def _skill_actions(gains: list[int]) -> list[Action]:
    return [
        Action(
            f"s{i}", f"s{i}", (Effect("skill", "add", float(g)),), 1.0, 30.0 * g, 0.0
        )
        for i, g in enumerate(gains)
    ]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    step=st.sampled_from([None, 1.0, 2.5]),
    max_amount=st.integers(1, 20).map(float),
    hours_per_unit=st.integers(1, 60).map(float),
    money_per_unit=st.integers(0, 200).map(float),
    w_hours=st.floats(0.05, 1.0),
    w_skill=st.floats(0.05, 1.0),
    need=st.floats(0.5, 6.0),
    gains=st.lists(st.integers(1, 4), min_size=0, max_size=3),
)
# One step covers the need up to rounding (the need read 4e-16 above it): the group
# solve priced that step as falling short and picked a dearer action.
@example(
    step=1.0,
    max_amount=2.0,
    hours_per_unit=32.0,
    money_per_unit=0.0,
    w_hours=0.99999,
    w_skill=1.0,
    need=0.99999,
    gains=[2],
)
def test_continuous_equals_the_fine_grid(
    step: float | None,
    max_amount: float,
    hours_per_unit: float,
    money_per_unit: float,
    w_hours: float,
    w_skill: float,
    need: float,
    gains: list[int],
) -> None:
    c = Continuous(
        "more_hours", "hours", max_amount, step, hours_per_unit, money_per_unit
    )
    values = {"hours": 20.0, "skill": 0.0}
    target = LinearTarget(
        {"hours": w_hours, "skill": w_skill}, -need - 20.0 * w_hours, 0.5
    )
    skills = _skill_actions(gains)
    common = {"limits": LIMITS, "start": START, "alternatives": False}
    cont = plan_route(
        Catalogue.of(skills), TRAITS, values, targets=[target], continuous=[c], **common
    )  # type: ignore[arg-type]
    g = step if step is not None else max_amount / 200
    grid = plan_route(
        Catalogue.of(skills + _grid(c, g)), TRAITS, values, targets=[target], **common
    )  # type: ignore[arg-type]
    event(f"feasible: {grid.feasible}, continuous used: {bool(cont.steps)}")
    assert cont.feasible == grid.feasible  # the grid holds the maximum amount
    if not grid.feasible:
        return
    assert cont.feasible and cont.optimal
    unit = action_cost(c.action(1.0), WEIGHTS, LIMITS.hours_per_week)
    if step is not None:
        assert math.isclose(
            cont.totals.cost, grid.totals.cost, rel_tol=1e-6, abs_tol=1e-6
        )
    else:
        assert cont.totals.cost <= grid.totals.cost + 1e-6
        assert grid.totals.cost <= cont.totals.cost + unit * g + 1e-6
    # replay: the concrete actions reach the target
    state = dict(values)
    for s in cont.steps:
        if s.action == c.name:
            amount = s.effort_hours / hours_per_unit
            assert amount <= max_amount + 1e-9
            if step is not None:
                assert abs(amount / step - round(amount / step)) < 1e-6
            state["hours"] = (state["hours"] or 0.0) + amount
        else:
            state["skill"] = (state["skill"] or 0.0) + next(
                float(e.value)
                for a in skills
                if a.name == s.action  # type: ignore[arg-type]
                for e in a.effects
            )
    assert target.score(TRAITS, state) >= target.logit_needed() - 1e-6


def test_a_condition_takes_exactly_the_amount_it_needs() -> None:
    c = Continuous("more_hours", "hours", 30.0, None, hours_per_unit=52.0)
    route = plan_route(
        Catalogue.of([]),
        TRAITS,
        {"hours": 20.0, "skill": 0.0},
        targets=[Condition("hours", ">=", 32.5)],
        limits=LIMITS,
        start=START,
        continuous=[c],
        alternatives=False,
    )
    assert route.feasible and route.optimal
    (step,) = route.steps
    assert step.action == "more_hours"
    assert step.effort_hours == pytest.approx(12.5 * 52.0)
    too_far = plan_route(
        Catalogue.of([]),
        TRAITS,
        {"hours": 20.0, "skill": 0.0},
        targets=[Condition("hours", ">=", 60.0)],
        limits=LIMITS,
        start=START,
        continuous=[c],
        alternatives=False,
        explain_infeasible=False,
    )
    assert not too_far.feasible
