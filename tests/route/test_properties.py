"""Property tests against the independent oracle (tests/route/oracle.py).

Instances come from :mod:`cases` (feasible by construction: prerequisite chains of
2-4 actions, grow-only, free and fixed traits, money and months away limits set to a
witness route's own figures, a linear target needing ``debt`` to go down) and from
the random monotone catalogues of :mod:`strive.route.random_catalogue` (often
infeasible: then the planner must say so too). No case is skipped.
"""

from __future__ import annotations

import datetime as dt

import cases
import oracle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.route import CostWeights, Route, plan_route
from strive.route.model import DAYS_PER_MONTH
from strive.route.random_catalogue import random_case

START = dt.date(2026, 1, 1)
SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
seeds = st.integers(0, 10**6)
weights = st.builds(
    CostWeights,
    hours=st.sampled_from([0.0, 0.5, 1.0]),
    money=st.sampled_from([0.0, 0.01, 0.1]),
    months=st.sampled_from([0.0, 2.0, 10.0]),
)


def _plan(case: cases.Case, w: CostWeights, deadline: dt.date | None = None) -> Route:
    return plan_route(
        case.catalogue,
        cases.TRAITS,
        case.values,
        targets=[*case.targets, *case.linear],
        limits=case.limits,
        start=START,
        deadline=deadline,
        weights=w,
        alternatives=False,
        explain_infeasible=False,
    )


def _best(
    case: cases.Case, w: CostWeights, months: float | None = None
) -> tuple[float, tuple[str, ...]] | None:
    return oracle.brute_force(
        cases.TRAITS,
        list(case.catalogue),
        case.values,
        case.targets,
        case.limits,
        w,
        case.linear,
        months,
    )


@SETTINGS
@given(seed=seeds, n_free=st.integers(0, 4), w=weights)
def test_cost_equals_the_oracle(seed: int, n_free: int, w: CostWeights) -> None:
    case = cases.feasible_case(seed, n_free)
    best = _best(case, w)
    assert best is not None  # the witness is feasible by construction
    witness = [case.catalogue[n] for n in case.witness]
    hpw = case.limits.hours_per_week
    assert best[0] <= sum(oracle.cost(a, w, hpw) for a in witness) + 1e-9
    route = _plan(case, w)
    assert route.feasible and route.optimal, route.notes
    assert abs(route.totals.cost - best[0]) < 1e-6
    chosen = [case.catalogue[n] for n in route.actions]
    assert oracle.feasible(
        cases.TRAITS, chosen, case.values, case.targets, case.limits, case.linear
    )


@settings(max_examples=40, deadline=None)
@given(seed=seeds, n_free=st.integers(0, 4))
def test_highs_path_equals_the_oracle(seed: int, n_free: int) -> None:
    """The same with enumeration, branch and bound and argmin off: HiGHS solves."""
    import strive.route.mckp as mckp
    import strive.route.select as select

    saved = select._ENUMERATE, mckp.solve, select._argmin_cover
    select._ENUMERATE = 0
    mckp.solve = lambda *a, **k: None  # type: ignore[assignment]
    select._argmin_cover = lambda *a, **k: None  # type: ignore[assignment]
    try:
        case = cases.feasible_case(seed, n_free)
        route = _plan(case, CostWeights())
    finally:
        select._ENUMERATE, mckp.solve, select._argmin_cover = saved
    best = _best(case, CostWeights())
    assert best is not None
    assert route.optimal and abs(route.totals.cost - best[0]) < 1e-6


@SETTINGS
@given(seed=seeds, n=st.integers(1, 8), w=weights)
def test_random_catalogues_agree_with_the_oracle(
    seed: int, n: int, w: CostWeights
) -> None:
    """Random monotone catalogues: infeasible exactly when the oracle finds nothing."""
    case = random_case(seed, n_actions=n, n_targets=2)
    best = oracle.brute_force(
        case.traits, list(case.catalogue), case.values, case.targets, case.limits, w
    )
    route = plan_route(
        case.catalogue,
        case.traits,
        case.values,
        targets=case.targets,
        limits=case.limits,
        start=START,
        weights=w,
        alternatives=False,
        explain_infeasible=False,
    )
    if best is None:
        assert not route.feasible
    else:
        assert route.feasible and route.optimal
        assert abs(route.totals.cost - best[0]) < 1e-6


@SETTINGS
@given(seed=seeds, n_free=st.integers(0, 4))
def test_optimal_route_has_no_redundant_action(seed: int, n_free: int) -> None:
    case = cases.feasible_case(seed, n_free)
    route = _plan(case, CostWeights(hours=1.0, money=0.01, months=1.0))
    assert route.feasible and route.optimal
    chosen = [case.catalogue[a] for a in route.actions]
    for left_out in chosen:
        rest = [a for a in chosen if a is not left_out]
        assert not oracle.feasible(
            cases.TRAITS, rest, case.values, case.targets, case.limits, case.linear
        ), f"{left_out.name} is redundant"


def check_schedule(case: cases.Case, route: Route, deadline: dt.date | None) -> None:
    """Every invariant of a dated route, replayed with the oracle's own effects."""
    traits, limits = cases.TRAITS, case.limits
    state = oracle.replay_route(traits, case.catalogue, case.values, route.steps)
    assert state["fixed"] == case.values["fixed"]
    for cond in case.targets:
        assert oracle.holds(traits, cond, state) is True, cond
    for target in case.linear:
        assert oracle.score(traits, target, state) >= target.logit_needed() - 1e-7
    if limits.money is not None:
        assert route.totals.money <= limits.money + 1e-6
    if limits.months_away is not None:
        assert route.totals.months_away <= limits.months_away + 1e-6
    if deadline is not None:
        assert all(s.end <= deadline for s in route.steps)
    for step in route.steps:
        running = [s for s in route.steps if s.start <= step.start < s.end]
        assert len(running) <= limits.max_parallel
        assert sum(s.hours_per_week for s in running) <= limits.hours_per_week + 1e-6


@SETTINGS
@given(seed=seeds, n_free=st.integers(0, 4), slack=st.sampled_from([0.0, 1.0, 12.0]))
def test_schedule_invariants_under_a_deadline(
    seed: int, n_free: int, slack: float
) -> None:
    """The deadline is the witness done one action after another (+ slack months):
    it binds. The selection is exact; the dates are a heuristic, so an optimal claim
    must equal the oracle and any route must cost at least the oracle's best."""
    case = cases.feasible_case(seed, n_free)
    hpw = case.limits.hours_per_week
    witness = [case.catalogue[n] for n in case.witness]
    months = slack + sum(
        max(a.duration_months, a.effort_hours / hpw / oracle.WEEKS_PER_MONTH)
        for a in witness
    )
    deadline = START + dt.timedelta(days=int(months * DAYS_PER_MONTH) + 2)
    route = _plan(case, CostWeights(), deadline)
    assert route.feasible, route.notes
    check_schedule(case, route, deadline)
    available = (deadline - START).days / DAYS_PER_MONTH
    best = _best(case, CostWeights(), available)
    assert best is not None
    assert route.totals.cost >= best[0] - 1e-6
    if route.optimal:
        assert abs(route.totals.cost - best[0]) < 1e-6


@SETTINGS
@given(seed=seeds, n_free=st.integers(0, 4))
def test_schedule_invariants(seed: int, n_free: int) -> None:
    case = cases.feasible_case(seed, n_free)
    route = _plan(case, CostWeights())
    assert route.feasible
    check_schedule(case, route, None)
