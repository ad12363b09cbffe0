"""Dominance pruning (strive.route.dominance) and tightened covering rows keep the
optimum: the pruned, tightened planner costs exactly what the unpruned, untightened
one does and what brute force finds, and its schedules stay valid.

The random monotone catalogues get *shadows*: copies of actions with dearer or equal
costs, fewer effects, extra prerequisites or a group, so dominated actions are
common (a plain random catalogue of a few actions rarely has one); some shadows are
cheaper on one axis and dearer on another (not dominated), to test the boundary.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import oracle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.goal import Limits
from strive.route import CostWeights, Route, plan_route
from strive.route.model import DAYS_PER_MONTH
from strive.route.plan import Planner, needs_from
from strive.route.random_catalogue import RandomCase, random_case
from strive.route.select import Problem
from strive.traits import Kind, Mutability, Trait, TraitSet

START = dt.date(2026, 1, 1)
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@contextmanager
def old_path() -> Iterator[None]:
    """The planner as it was: no pruning, no tightening."""
    Planner.prune, Problem.tighten = False, False
    try:
        yield
    finally:
        Planner.prune, Problem.tighten = True, True


def _shadow(rng: random.Random, action: Action, i: int) -> Action:
    effects = action.effects
    if len(effects) > 1 and rng.random() < 0.5:
        effects = (rng.choice(effects),)
    dearer = rng.random() < 0.8  # else cheaper somewhere: not dominated

    def scale(value: float) -> float:
        if dearer:
            return value * rng.choice([1.0, 1.0, 1.5, 2.0])
        return value * rng.choice([0.5, 1.0, 2.0])

    return replace(
        action,
        name=f"{action.name}_s{i}",
        effects=effects,
        effort_hours=scale(action.effort_hours),
        duration_months=scale(action.duration_months),
        money=scale(action.money),
        months_away=scale(action.months_away),
        requires=action.requires if rng.random() < 0.7 else (),
        group=action.group if rng.random() < 0.8 else "g9",
    )


def shadowed(seed: int, n: int) -> RandomCase:
    case = random_case(seed, n_actions=n, n_targets=2)
    rng = random.Random(seed + 1)
    actions = list(case.catalogue)
    extra = [_shadow(rng, rng.choice(actions), i) for i in range(rng.randint(1, 4))]
    return replace(case, catalogue=Catalogue.of(actions + extra))


def _plan(case: RandomCase, w: CostWeights, deadline: dt.date | None) -> Route:
    return plan_route(
        case.catalogue,
        case.traits,
        case.values,
        targets=case.targets,
        limits=case.limits,
        start=START,
        deadline=deadline,
        weights=w,
        alternatives=False,
        explain_infeasible=False,
    )


weights = st.builds(
    CostWeights,
    hours=st.sampled_from([0.0, 0.5, 1.0]),
    money=st.sampled_from([0.0, 0.01, 0.1]),
    months=st.sampled_from([0.0, 2.0, 10.0]),
)


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 7), w=weights)
def test_pruned_cost_equals_unpruned_and_brute_force(
    seed: int, n: int, w: CostWeights
) -> None:
    case = shadowed(seed, n)
    new = _plan(case, w, None)
    with old_path():
        old = _plan(case, w, None)
    best = oracle.brute_force(
        case.traits, list(case.catalogue), case.values, case.targets, case.limits, w
    )
    assert new.feasible == old.feasible == (best is not None)
    if best is not None:
        assert new.optimal and old.optimal
        assert abs(new.totals.cost - best[0]) < 1e-6
        assert abs(old.totals.cost - best[0]) < 1e-6
        check_schedule(case, new)


@SETTINGS
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(1, 7),
    months=st.sampled_from([3.0, 12.0, 40.0]),
)
def test_under_a_deadline_an_optimal_claim_equals_brute_force(
    seed: int, n: int, months: float
) -> None:
    """With a deadline the dates are a heuristic: both paths' optimal claims equal
    brute force, and any route of either costs at least that."""
    case = shadowed(seed, n)
    deadline = START + dt.timedelta(days=int(months * DAYS_PER_MONTH))
    available = (deadline - START).days / DAYS_PER_MONTH
    w = CostWeights()
    best = oracle.brute_force(
        case.traits,
        list(case.catalogue),
        case.values,
        case.targets,
        case.limits,
        w,
        months_available=available,
    )
    new = _plan(case, w, deadline)
    with old_path():
        old = _plan(case, w, deadline)
    for route in (new, old):
        if best is None:
            assert not route.optimal or not route.feasible
            continue
        if route.feasible:
            assert route.totals.cost >= best[0] - 1e-6
            assert all(s.end <= deadline for s in route.steps)
            check_schedule(case, route)
        if route.optimal:
            assert abs(route.totals.cost - best[0]) < 1e-6


def check_schedule(case: RandomCase, route: Route) -> None:
    """Prerequisites hold when each step starts (effects of the steps ended by
    then, replayed by the oracle); the limits on parallel steps and weekly hours
    hold at every start; the targets hold at the end."""
    traits, limits = case.traits, case.limits
    actions = {s.action: case.catalogue[s.action] for s in route.steps}
    by_end = sorted(route.steps, key=lambda s: s.end)
    for step in route.steps:
        state = dict(case.values)
        for other in by_end:
            if other.end <= step.start and other is not step:
                state = oracle.apply(traits, actions[other.action], state)
        for cond in actions[step.action].requires:
            assert oracle.holds(traits, cond, state) is True, (step.action, cond)
        running = [s for s in route.steps if s.start <= step.start < s.end]
        assert len(running) <= limits.max_parallel
        assert sum(s.hours_per_week for s in running) <= limits.hours_per_week + 1e-6
    state = dict(case.values)
    for step in by_end:
        state = oracle.apply(traits, actions[step.action], state)
    for cond in case.targets:
        assert oracle.holds(traits, cond, state) is True, cond


# -- what is pruned ------------------------------------------------------------------

TRAITS = TraitSet.of(
    [
        Trait("cert", Kind.BOOL, mutability=Mutability.GROW_ONLY),
        Trait(
            "level",
            Kind.LEVEL,
            levels=("none", "low", "high"),
            mutability=Mutability.GROW_ONLY,
        ),
        Trait("hours", Kind.NUMBER, mutability=Mutability.GROW_ONLY, minimum=0),
    ]
)


def _action(
    name: str, effects: tuple[Effect, ...], hours: float, **kw: object
) -> Action:
    return Action(name, name, effects, 1.0, hours, 0.0, **kw)  # type: ignore[arg-type]


CERT = Effect("cert", "set", True)
LOW, HIGH = Effect("level", "set", "low"), Effect("level", "set", "high")


def _candidates(actions: list[Action], targets: list[Condition]) -> set[str]:
    planner = Planner(
        Catalogue.of(actions),
        TRAITS,
        {"cert": False, "level": "none", "hours": 0.0},
        needs=needs_from(TRAITS, [], targets),
        limits=Limits(),
        start=START,
        deadline=None,
        weights=CostWeights(),
    )
    return {a.name for a in planner.candidates}


def test_a_dearer_weaker_action_is_dropped_and_the_rest_kept() -> None:
    actions = [
        _action("cheap_high", (HIGH, CERT), 10),
        _action("dear_low", (LOW,), 20),  # dominated by cheap_high
        _action("cheap_low", (LOW,), 5),  # cheaper: kept
        _action("hours", (Effect("hours", "add", 5.0),), 1),  # adds up: kept
        _action("more_hours", (Effect("hours", "add", 5.0),), 2),
    ]
    targets = [
        Condition("level", ">=", "low"),
        Condition("cert", "is", True),
        Condition("hours", ">=", 8.0),
    ]
    assert _candidates(actions, targets) == {
        "cheap_high",
        "cheap_low",
        "hours",
        "more_hours",
    }


def test_nothing_is_dropped_when_a_trait_is_capped_or_a_prerequisite_differs() -> None:
    actions = [
        _action("cheap_high", (HIGH,), 10),
        _action("dear_low", (LOW,), 20),
    ]
    # level<=low makes "high" harmful: dear_low is no longer dominated.
    capped = [Condition("level", ">=", "low"), Condition("level", "<=", "low")]
    assert _candidates(actions, capped) == {"cheap_high", "dear_low"}
    # A prerequisite dear_low does not have.
    gated = [
        _action("cheap_high", (HIGH,), 10, requires=(Condition("cert", "is", True),)),
        _action("dear_low", (LOW,), 20),
    ]
    names = _candidates(gated, [Condition("level", ">=", "low")])
    assert {"cheap_high", "dear_low"} <= names
    # Another group: swapping could break an "at most one".
    grouped = [
        _action("cheap_high", (HIGH,), 10, group="a"),
        _action("dear_low", (LOW,), 20, group="b"),
    ]
    assert _candidates(grouped, [Condition("level", ">=", "low")]) == {
        "cheap_high",
        "dear_low",
    }


def test_of_two_identical_actions_exactly_one_stays() -> None:
    actions = [_action("a", (CERT,), 10), _action("b", (CERT,), 10)]
    assert _candidates(actions, [Condition("cert", "is", True)]) == {"a"}
