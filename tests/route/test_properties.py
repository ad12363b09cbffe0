"""Property tests on random small catalogues: exactness and schedule invariants."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.route import CostWeights, Route, plan_route
from strive.route.random_catalogue import (
    RandomCase,
    brute_force,
    feasible_set,
    random_case,
)
from strive.route.schedule import age
from strive.traits import Kind, Mutability

START = dt.date(2026, 1, 1)
SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
weights = st.builds(
    CostWeights,
    hours=st.sampled_from([0.0, 0.5, 1.0]),
    money=st.sampled_from([0.0, 0.01, 0.1]),
    months=st.sampled_from([0.0, 2.0, 10.0]),
)


def _plan(case: RandomCase, w: CostWeights, deadline: dt.date | None = None) -> Route:
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


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 8), w=weights)
def test_cost_equals_brute_force(seed: int, n: int, w: CostWeights) -> None:
    case = random_case(seed, n_actions=n, n_targets=2)
    best = brute_force(case, w)
    route = _plan(case, w)
    if best is None:
        assert not route.feasible
        return
    assert route.feasible and route.optimal
    assert abs(route.totals.cost - best[0]) < 1e-6


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 8))
def test_optimal_route_has_no_redundant_action(seed: int, n: int) -> None:
    case = random_case(seed, n_actions=n, n_targets=2)
    route = _plan(case, CostWeights(hours=1.0, money=0.01, months=1.0))
    if not (route.feasible and route.optimal):
        return
    chosen = [case.catalogue[a] for a in route.actions]
    assert feasible_set(chosen, case.traits, case.values, case.targets, case.limits)
    for left_out in chosen:
        rest = [a for a in chosen if a is not left_out]
        assert not feasible_set(
            rest, case.traits, case.values, case.targets, case.limits
        ), f"{left_out.name} is redundant"


@SETTINGS
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(1, 10),
    years=st.sampled_from([None, 1, 3, 10]),
)
def test_schedule_invariants(seed: int, n: int, years: int | None) -> None:
    """Never before a prerequisite, never a fixed trait changed or a grow-only trait
    lowered, never over a limit."""
    case = random_case(seed, n_actions=n, n_targets=2)
    deadline = None if years is None else START.replace(year=START.year + years)
    route = _plan(case, CostWeights(), deadline)
    if not route.feasible:
        return
    traits, limits = case.traits, case.limits
    steps = sorted(route.steps, key=lambda s: s.end)
    actions = {s.action: case.catalogue[s.action] for s in steps}
    for step in route.steps:
        days = (step.start - START).days
        state = age(traits, case.values, days)
        for other in steps:
            if other.end <= step.start and other is not step:
                state = actions[other.action].apply(traits, state)
        for cond in actions[step.action].requires:
            assert cond.evaluate(traits, state) is True, (step.action, cond.text())
    state = dict(case.values)
    for step in steps:
        after = actions[step.action].apply(traits, state)
        for t in traits:
            if t.mutability is Mutability.FIXED:
                assert after[t.name] == case.values[t.name]
            elif t.mutability is Mutability.GROW_ONLY and state[t.name] is not None:
                before, now = state[t.name], after[t.name]
                assert now is not None
                if t.kind is Kind.SET:
                    assert before <= now  # type: ignore[operator]
                else:
                    assert t.order_key(now) >= t.order_key(before)
        state = after
    if limits.money is not None:
        assert route.totals.money <= limits.money + 1e-6
    if limits.months_away is not None:
        assert route.totals.months_away <= limits.months_away + 1e-6
    if deadline is not None:
        assert all(s.end <= deadline for s in route.steps)
    # Weekly hours and parallel actions, checked at every start date.
    for step in route.steps:
        running = [s for s in route.steps if s.start <= step.start < s.end]
        assert len(running) <= limits.max_parallel
        assert sum(s.hours_per_week for s in running) <= limits.hours_per_week + 1e-6
    for cond in case.targets:
        assert cond.evaluate(traits, state) is True


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 8))
def test_highs_path_equals_brute_force(seed: int, n: int) -> None:
    """The same check with enumeration switched off, so HiGHS solves every part."""
    import strive.route.select as select

    saved = select._ENUMERATE
    select._ENUMERATE = 0
    try:
        case = random_case(seed, n_actions=n, n_targets=2)
        best = brute_force(case, CostWeights())
        route = _plan(case, CostWeights())
    finally:
        select._ENUMERATE = saved
    if best is None:
        assert not route.feasible
    else:
        assert route.optimal and abs(route.totals.cost - best[0]) < 1e-6
