"""Fixed instances, one per invariant, checked against the oracle (issue 13).

Each guards against a bug the verify-and-cut loop or a shared helper used to hide:
the selection model's prerequisite rows, the scheduler's readiness check, the
grow-only rule of ``Effect.apply``, unsourced money in the cost, and ``set`` effects
that lower a number.
"""

from __future__ import annotations

import datetime as dt

import cases
import oracle
import pytest

from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.goal import Limits
from strive.route import CostWeights, plan_route
from strive.route.model import DAYS_PER_MONTH
from strive.route.plan import Planner, needs_from
from strive.route.schedule import schedule
from strive.route.select import solve
from strive.route.targets import LinearTarget
from strive.traits import Value

START = dt.date(2026, 1, 1)
T = cases.TRAITS
W = CostWeights()
BASE: dict[str, Value | None] = {
    "n0": 0.0,
    "n1": 0.0,
    "l0": "none",
    "b0": False,
    "b1": False,
    "s": frozenset(),
    "debt": 50.0,
    "fixed": 30.0,
}


def act(name: str, *effects: Effect, hours: float = 10.0, **kw: object) -> Action:
    fields: dict[str, object] = {
        "duration_months": 1.0,
        "effort_hours": hours,
        "money": 0.0,
        **kw,
    }
    return Action(name, name, effects, **fields)  # type: ignore[arg-type]


def plan(
    actions: list[Action],
    targets: list[Condition | LinearTarget],
    values: dict[str, Value | None] | None = None,
    limits: Limits | None = None,
) -> tuple[object, tuple[float, tuple[str, ...]] | None]:
    values = values or BASE
    limits = limits or Limits(hours_per_week=10)
    route = plan_route(
        Catalogue.of(actions),
        T,
        values,
        targets=targets,
        limits=limits,
        start=START,
        alternatives=False,
        explain_infeasible=False,
    )
    conditions = [t for t in targets if isinstance(t, Condition)]
    linear = [t for t in targets if isinstance(t, LinearTarget)]
    best = oracle.brute_force(T, actions, values, conditions, limits, W, linear)
    return route, best


B0 = Effect("b0", "set", True)
B1 = Effect("b1", "set", True)
NEEDS_B0 = (Condition("b0", "is", True),)


def test_selection_model_needs_a_prerequisite_producer() -> None:
    """The model alone (no verify-and-cut loop) picks a prerequisite's producer."""
    actions = [act("ground", B0), act("fly", B1, requires=NEEDS_B0)]
    planner = Planner(
        Catalogue.of(actions),
        T,
        BASE,
        needs=needs_from(T, [], [Condition("b1", "is", True)]),
        limits=Limits(hours_per_week=10),
        start=START,
        deadline=None,
        weights=W,
    )
    problem = planner.compile(weights=W, limits=planner.limits, deadline=None)
    selection = solve(problem)
    assert selection.status == "optimal"
    assert set(selection.chosen) == {"ground", "fly"}


def test_a_prerequisite_producer_is_bought_even_when_a_cheat_is_cheaper() -> None:
    actions = [
        act("ground", B0, hours=100),
        act("fly", B1, requires=NEEDS_B0),
        act("sim", B1, hours=60),
    ]
    route, best = plan(actions, [Condition("b1", "is", True)])
    assert best is not None and best[1] == ("sim",)
    assert route.actions == ("sim",)  # type: ignore[attr-defined]
    assert abs(route.totals.cost - best[0]) < 1e-9  # type: ignore[attr-defined]


def test_scheduler_waits_for_prerequisites() -> None:
    """Parallel room and hours to spare: only the prerequisite holds ``fly`` back."""
    ground = act("ground", B0, duration_months=3.0)
    fly = act("fly", B1, requires=NEEDS_B0)
    dated = schedule(
        [ground, fly], T, BASE, Limits(hours_per_week=40, max_parallel=3), START
    )
    assert dated.ok
    slots = dated.by_name()
    assert slots["fly"].start >= slots["ground"].end - 1e-9
    before = oracle.apply(T, ground, BASE)
    assert oracle.holds(T, NEEDS_B0[0], before) is True
    assert oracle.holds(T, NEEDS_B0[0], BASE) is False


def test_effect_apply_never_lowers_a_grow_only_trait() -> None:
    assert Effect("l0", "set", "low").apply(T["l0"], "high") == "high"
    assert Effect("n0", "set", 1.0).apply(T["n0"], 5.0) == 5.0
    assert Effect("b0", "set", False).apply(T["b0"], True) is True
    assert Effect("debt", "set", 10.0).apply(T["debt"], 50.0) == 10.0  # free


def test_a_grow_only_level_is_not_lost_to_a_lower_set() -> None:
    """``camp`` sets l0=low and b0 on someone at l0=high: both targets still hold."""
    values = {**BASE, "l0": "high"}
    actions = [
        act("camp", Effect("l0", "set", "low"), B0, hours=10),
        act("course", B0, hours=300),
    ]
    targets: list[Condition | LinearTarget] = [
        Condition("l0", ">=", "high"),
        Condition("b0", "is", True),
    ]
    route, best = plan(actions, targets, values)
    assert best is not None and best[1] == ("camp",)
    assert route.actions == ("camp",)  # type: ignore[attr-defined]


def test_unsourced_money_costs_nothing() -> None:
    actions = [
        act("guess", B0, hours=50, money=8000.0, money_sourced=False),
        act("priced", B0, hours=60, money=100.0),
    ]
    route, best = plan(actions, [Condition("b0", "is", True)])
    assert best is not None and best[1] == ("guess",)
    assert route.actions == ("guess",)  # type: ignore[attr-defined]
    assert route.totals.cost == pytest.approx(best[0])  # type: ignore[attr-defined]
    assert route.totals.money == 0.0  # type: ignore[attr-defined]
    assert route.totals.money_unknown == ("guess",)  # type: ignore[attr-defined]


@pytest.mark.parametrize("target", ["debt<=30", "debt<30", "debt=20"])
def test_lowering_a_free_number_is_credited(target: str) -> None:
    """Issue 7: ``set debt=20`` reaches ``debt<=30`` from 50."""
    actions = [
        act("refinance", Effect("debt", "set", 20.0), hours=20),
        act("loan", Effect("debt", "set", 70.0), hours=1),
    ]
    route, best = plan(actions, [Condition.parse(target, T)])
    assert best is not None and best[1] == ("refinance",)
    assert route.feasible and route.actions == ("refinance",)  # type: ignore[attr-defined]
    assert route.optimal  # type: ignore[attr-defined]


def test_raising_a_free_number_still_works() -> None:
    actions = [
        act("loan", Effect("debt", "set", 70.0), hours=1),
        act("small", Effect("debt", "set", 55.0), hours=5),
    ]
    route, best = plan(actions, [Condition.parse("debt>=60", T)])
    assert best is not None and best[1] == ("loan",)
    assert route.actions == ("loan",)  # type: ignore[attr-defined]


def test_a_negative_coefficient_is_met_by_lowering() -> None:
    """score = 2 - 0.1 * debt >= 0 needs debt <= 20: from 50, ``payoff`` does it."""
    target = LinearTarget({"debt": -0.1}, 2.0, 0.0, logistic=False)
    actions = [
        act("payoff", Effect("debt", "set", 10.0), hours=30, group="debt"),
        act("partial", Effect("debt", "set", 35.0), hours=5, group="debt"),
        act("raise", Effect("debt", "set", 90.0), hours=1, group="debt"),
    ]
    route, best = plan(actions, [target])
    assert best is not None and best[1] == ("payoff",)
    assert route.feasible and route.optimal  # type: ignore[attr-defined]
    assert route.actions == ("payoff",)  # type: ignore[attr-defined]


def test_a_grow_only_number_cannot_be_set_lower() -> None:
    values = {**BASE, "n0": 5.0}
    actions = [act("reset", Effect("n0", "set", 1.0))]
    route, best = plan(actions, [Condition.parse("n0<=3", T)], values)
    assert best is None
    assert not route.feasible  # type: ignore[attr-defined]


def test_two_free_setters_with_an_upper_bound() -> None:
    """Lowering with a linear target when two setters of ``debt`` are not grouped:
    at most one is chosen (two ``set``s do not add up)."""
    target = LinearTarget({"debt": -0.1, "n0": 1.0}, 2.0, 0.0, logistic=False)
    actions = [
        act("payoff", Effect("debt", "set", 10.0), hours=30),
        act("partial", Effect("debt", "set", 30.0), Effect("n0", "add", 1.0), hours=5),
    ]
    route, best = plan(actions, [target])
    assert best is not None
    assert route.feasible and route.optimal  # type: ignore[attr-defined]
    assert route.totals.cost == pytest.approx(best[0])  # type: ignore[attr-defined]


def test_deadline_binds() -> None:
    """``long`` (100 h over 6 months) is cheapest without a deadline; within 3 months
    only ``a`` then ``b`` (60 h each, stretched to 1.4 months at 10 h/week) fit."""
    actions = [
        act("long", B0, B1, hours=100, duration_months=6.0),
        act("a", B0, hours=60),
        act("b", B1, hours=60),
    ]
    targets = [Condition("b0", "is", True), Condition("b1", "is", True)]
    limits = Limits(hours_per_week=10, max_parallel=1)
    weights = CostWeights(months=0.0)
    deadline = START + dt.timedelta(days=round(3 * DAYS_PER_MONTH))
    route = plan_route(
        Catalogue.of(actions),
        T,
        BASE,
        targets=targets,
        limits=limits,
        start=START,
        deadline=deadline,
        weights=weights,
        alternatives=False,
        explain_infeasible=False,
    )
    months = (deadline - START).days / DAYS_PER_MONTH
    best = oracle.brute_force(T, actions, BASE, targets, limits, weights, (), months)
    free = oracle.brute_force(T, actions, BASE, targets, limits, weights)
    assert best is not None and free is not None and free[1] == ("long",)
    assert set(best[1]) == {"a", "b"}
    assert route.optimal and set(route.actions) == {"a", "b"}
    assert route.totals.cost == pytest.approx(best[0])
    assert all(step.end <= deadline for step in route.steps)


def _select(
    actions: list[Action], targets: list[Condition], values: dict[str, Value | None]
) -> tuple[str, set[str]]:
    """The selection model alone (no verify-and-cut loop, no schedule)."""
    planner = Planner(
        Catalogue.of(actions),
        T,
        values,
        needs=needs_from(T, [], targets),
        limits=Limits(hours_per_week=10),
        start=START,
        deadline=None,
        weights=W,
    )
    problem = planner.compile(weights=W, limits=planner.limits, deadline=None)
    selection = solve(problem)
    return selection.status, set(selection.chosen)


@pytest.mark.parametrize(
    ("target", "values", "exact", "enough"),
    [
        ("n0>3.5", {**BASE, "n0": 0.0}, 3.5, 4.0),
        ("debt<20", {**BASE, "debt": 50.0}, -30.0, -31.0),
    ],
)
def test_a_strict_comparison_is_not_met_by_reaching_the_bound_exactly(
    target: str, values: dict[str, Value | None], exact: float, enough: float
) -> None:
    """``n0 > 3.5`` is not met by n0 = 3.5: the model itself picks the dearer action."""
    trait = target[:2] if target.startswith("n0") else "debt"
    actions = [
        act("exact", Effect(trait, "add", exact), hours=1),
        act("enough", Effect(trait, "add", enough), hours=50),
    ]
    condition = Condition.parse(target, T)
    status, chosen = _select(actions, [condition], values)
    assert (status, chosen) == ("optimal", {"enough"})
    best = oracle.brute_force(T, actions, values, [condition], Limits(10), W)
    assert best is not None and best[1] == ("enough",)


def test_members_added_by_different_actions_count_towards_a_set_size() -> None:
    """``s>=2`` from an empty set: two distinct members, not one member twice."""
    actions = [
        act("a1", Effect("s", "include", "a"), hours=1),
        act("a2", Effect("s", "include", "a"), hours=2),
        act("b", Effect("s", "include", "b"), hours=40),
        act("cd", Effect("s", "include", "c"), Effect("s", "include", "d"), hours=60),
    ]
    condition = Condition.parse("s>=2", T)
    status, chosen = _select(actions, [condition], BASE)
    assert (status, chosen) == ("optimal", {"a1", "b"})
    best = oracle.brute_force(T, actions, BASE, [condition], Limits(10), W)
    assert best is not None and set(best[1]) == {"a1", "b"}


def test_money_and_time_away_relaxed_together() -> None:
    """Neither more money nor more time away alone is enough: both are named, with
    the money rounded up to the next $100 above what the route costs."""
    actions = [act("course", B0, money=1250.0, months_away=2.0)]
    route = plan_route(
        Catalogue.of(actions),
        T,
        BASE,
        targets=[Condition("b0", "is", True)],
        limits=Limits(hours_per_week=10, money=500.0, months_away=1.0),
        start=START,
        alternatives=False,
    )
    assert not route.feasible
    found = {r.limit: r for r in route.relaxation}
    assert set(found) == {"money", "months_away"}
    assert (found["money"].current, found["money"].needed) == (500.0, 1300.0)
    assert found["money"].text == "$800 more money"
    assert (found["months_away"].current, found["months_away"].needed) == (1.0, 2.0)
