"""The faster selection path (``Problem.tighten``: covering rows clipped to the
need, enumeration up to 9 columns, a light HiGHS presolve on larger plain models) keeps
the optimum: it costs exactly what the old path does and what brute force finds,
and its schedules stay valid.

The random monotone catalogues get *shadows*: copies of actions with dearer or equal
costs, fewer effects, other prerequisites or another group, so near-duplicate
actions (ties, and columns the clipping changes) are common.
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
from strive.route.random_catalogue import (
    RandomCase,
    random_case,
    random_catalogue,
    random_traits,
)
from strive.route.select import Problem
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

_INF = float("inf")
_REDUCE = Problem.reduce

START = dt.date(2026, 1, 1)
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@contextmanager
def old_path() -> Iterator[None]:
    """The selection as it was."""
    Problem.tighten = False
    try:
        yield
    finally:
        Problem.tighten = True


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
def test_new_path_cost_equals_old_path_and_brute_force(
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
    state = oracle.replay_route(traits, case.catalogue, case.values, route.steps)
    for step in route.steps:
        running = [s for s in route.steps if s.start <= step.start < s.end]
        assert len(running) <= limits.max_parallel
        assert sum(s.hours_per_week for s in running) <= limits.hours_per_week + 1e-6
    for cond in case.targets:
        assert oracle.holds(traits, cond, state) is True, cond


# -- the clipped covering row ---------------------------------------------------

TRAITS = TraitSet.of(
    [Trait("hours", Kind.NUMBER, mutability=Mutability.GROW_ONLY, minimum=0)]
)


def _compile(adds: list[float], need: float) -> Problem:
    actions = [
        Action(f"a{i}", f"a{i}", (Effect("hours", "add", v),), 1.0, 10.0 * (i + 1), 0.0)
        for i, v in enumerate(adds)
    ]
    planner = Planner(
        Catalogue.of(actions),
        TRAITS,
        {"hours": 0.0},
        needs=needs_from(TRAITS, [], [Condition("hours", ">=", need)]),
        limits=Limits(),
        start=START,
        deadline=None,
        weights=CostWeights(),
    )
    return planner.compile(weights=CostWeights(), limits=planner.limits, deadline=None)


def test_a_coefficient_above_the_need_counts_as_the_need() -> None:
    problem = _compile([2.0, 9.0, 4.0], 4.0)
    ((terms, lo, hi, _),) = problem.rows
    assert sorted(terms.values()) == [2.0, 4.0, 4.0] and lo == 4.0 and hi == _INF
    with old_path():
        ((terms, _, _, _),) = _compile([2.0, 9.0, 4.0], 4.0).rows
    assert sorted(terms.values()) == [2.0, 4.0, 9.0]


def test_larger_plain_models_with_light_presolve_keep_the_old_optimum() -> None:
    """80-action coupled catalogues (models above 40 columns go to HiGHS with a
    light presolve, only dominated columns among its optional rules, on the new
    path, its full presolve on the old): the same optimum."""
    solved = 0
    for seed in range(12):
        rng = random.Random(seed)
        traits = random_traits(n_numbers=8, n_levels=8, n_bools=8)
        catalogue = random_catalogue(rng, traits, 80, p_group=0.05)
        changeable = [t for t in traits if t.mutability is not Mutability.FIXED]
        values = {t.name: _start(t) for t in traits}
        targets = [_goal(t) for t in rng.sample(changeable, 12)]
        case = RandomCase(traits, catalogue, values, tuple(targets), Limits())
        new = _plan(case, CostWeights(), None)
        with old_path():
            old = _plan(case, CostWeights(), None)
        assert (new.feasible, new.optimal) == (old.feasible, old.optimal)
        if new.feasible:
            assert abs(new.totals.cost - old.totals.cost) < 1e-6
            check_schedule(case, new)
            solved += bool(new.extra["solver"]) and new.extra["candidates"] > 40
    assert solved >= 6  # the light-presolve path really ran


def test_the_shared_solver_gets_its_presolve_rules_back() -> None:
    """One HiGHS object serves every call of a thread: a light-presolve call must
    not leave its rules switched off for the next model (the old path here)."""
    from strive.route import select

    rng = random.Random(3)
    traits = random_traits(n_numbers=8, n_levels=8, n_bools=8)
    catalogue = random_catalogue(rng, traits, 80, p_group=0.05)
    changeable = [t for t in traits if t.mutability is not Mutability.FIXED]
    values = {t.name: _start(t) for t in traits}
    targets = [_goal(t) for t in rng.sample(changeable, 12)]
    case = RandomCase(traits, catalogue, values, tuple(targets), Limits())
    seen = []
    for old in (False, True, False):
        Problem.tighten = not old
        Problem.reduce = False  # whole models reach HiGHS (reduced ones: presolve off)
        try:
            route = _plan(case, CostWeights(), None)
        finally:
            Problem.tighten = True
            Problem.reduce = _REDUCE
        assert route.extra["solver"]
        highs = select._SOLVERS.highs
        seen.append(
            (
                highs.getOptionValue("presolve")[1],
                highs.getOptionValue("presolve_rule_off")[1],
            )
        )
    light = ("on", select._LIGHT_PRESOLVE_OFF)
    assert seen == [light, ("choose", 0), light]


def _start(trait: Trait) -> Value | None:
    if trait.kind is Kind.NUMBER:
        return 0.0
    if trait.kind is Kind.LEVEL:
        return "none"
    if trait.kind is Kind.BOOL:
        return False
    return frozenset()


def _goal(trait: Trait) -> Condition:
    if trait.kind is Kind.NUMBER:
        return Condition(trait.name, ">=", 4.0)
    if trait.kind is Kind.LEVEL:
        return Condition(trait.name, ">=", "mid")
    if trait.kind is Kind.BOOL:
        return Condition(trait.name, "is", True)
    return Condition(trait.name, ">=", 2.0)
