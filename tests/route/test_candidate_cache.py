"""The per-catalogue cache of usable actions gives the same routes as no cache."""

from __future__ import annotations

import datetime as dt

from strive.actions import Catalogue
from strive.route import CostWeights, plan_route
from strive.route import plan as plan_module
from strive.route.random_catalogue import random_case

START = dt.date(2026, 1, 1)


def _plan(case, catalogue, done=()):  # type: ignore[no-untyped-def]
    return plan_route(
        catalogue,
        case.traits,
        case.values,
        targets=case.targets,
        limits=case.limits,
        start=START,
        weights=CostWeights(),
        done=done,
        alternatives=False,
        explain_infeasible=False,
    )


def test_cached_and_fresh_agree() -> None:
    for seed in range(40):
        case = random_case(seed, n_actions=8)
        plan_module._BY_TRAIT.clear()
        fresh = _plan(case, case.catalogue)
        cached = _plan(case, case.catalogue)  # second call hits the cache
        assert (fresh.feasible, fresh.optimal) == (cached.feasible, cached.optimal)
        assert [s.action for s in fresh.steps] == [s.action for s in cached.steps]
        assert abs(fresh.totals.cost - cached.totals.cost) < 1e-9


def test_done_actions_are_not_planned_from_the_cache() -> None:
    for seed in range(40):
        case = random_case(seed, n_actions=8)
        first = _plan(case, case.catalogue)
        if not first.steps:
            continue
        done = (first.steps[0].action,)
        again = _plan(case, case.catalogue, done=done)
        assert done[0] not in [s.action for s in again.steps]


def test_a_new_catalogue_object_is_not_served_stale() -> None:
    case = random_case(3, n_actions=8)
    _plan(case, case.catalogue)
    fewer = Catalogue.of(list(case.catalogue)[:3])
    route = _plan(case, fewer)
    assert {s.action for s in route.steps} <= set(fewer.actions)
