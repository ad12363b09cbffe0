"""Tree ensembles with continuous amounts: exact against brute force, three ways.

Random small forests and boosted ensembles (scikit-learn pipelines of
``test_model_targets``) and random catalogues of discrete actions plus amounts in
integer steps. The oracle enumerates every action subset and every amount with the
independent effect and cost code of ``oracle.py`` and asks the *real* model which
final profiles flip its prediction. The planner's cost must equal the cheapest,
its route must flip the real model and never change the sensitive trait, and the
three ways of solving the ensemble must agree: the interval search
(:mod:`strive.route.tree_search`, which also takes the job's one-hot inputs moved
by the same actions as one decision), HiGHS on the interval encoding
(:mod:`strive.route.tree_encode`), and HiGHS on the earlier big-M encoding.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_model_targets import (
    COLUMNS,
    LIMITS,
    TRAITS,
    WEIGHTS,
    _cheapest,
    _flips,
    _pipeline,
    _plan,
    _subsets,
    catalogues,
    profiles,
)

from strive.actions import Action, Catalogue, Continuous, Effect
from strive.route import select, tree_encode
from strive.route.models import target_from_model
from strive.route.targets import ModelTarget
from strive.traits import Value

KINDS = ["forest", "extra", "boosting", "hist", "tree"]


@st.composite
def amounts(draw: st.DrawFn, free: bool = False) -> list[Continuous]:
    """Zero to two amounts: skill in steps of 1, hours in steps of 2 (or 3); with
    ``free``, each may instead be any real amount up to the same maximum."""
    out = []
    for trait, step in (("skill", 1.0), ("hours", draw(st.sampled_from([2.0, 3.0])))):
        if draw(st.booleans()):
            units = draw(st.integers(1, 6))
            per_unit = float(draw(st.integers(1, 30)))
            steps = None if free and draw(st.booleans()) else step
            out.append(
                Continuous(f"more_{trait}", trait, units * step, steps, per_unit)
            )
    return out


def _choices(c: Continuous) -> Iterator[float]:
    yield from (k * (c.step or 1.0) for k in range(int(c.units()) + 1))


def _brute(
    pipe: Any,
    target: ModelTarget,
    catalogue: Catalogue,
    extra: list[Continuous],
    values: dict[str, Any],
) -> float | None:
    """The cheapest subset and amounts whose final profile the model flips."""
    candidates: list[tuple[float, dict[str, Any]]] = []
    for cost, state in _subsets(target, catalogue, values):
        for picks in itertools.product(*(list(_choices(c)) for c in extra)):
            final, total = dict(state), cost
            for c, amount in zip(extra, picks, strict=True):
                if amount:
                    move = c.action(amount)
                    final = oracle.apply(TRAITS, move, final)
                    total += oracle.cost(move, WEIGHTS, LIMITS.hours_per_week)
            candidates.append((total, final))
    return _cheapest(candidates, _flips(pipe, target, [s for _, s in candidates]))


def _final(
    catalogue: Catalogue, extra: list[Continuous], route: Any, values: dict[str, Any]
) -> dict[str, Any]:
    by_name = {c.name: c for c in extra}
    state = dict(values)
    for step in route.steps:
        if step.action in by_name:
            c = by_name[step.action]
            state = oracle.apply(
                TRAITS, c.action(step.effort_hours / c.hours_per_unit), state
            )
        else:
            state = oracle.apply(TRAITS, catalogue[step.action], state)
    return state


_SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("kind", KINDS)
@_SETTINGS
@given(catalogue=catalogues(), extra=amounts(), values=profiles, seed=st.integers(0, 3))
def test_amounts_route_is_exact_and_flips_the_real_model(
    kind: str,
    catalogue: Catalogue,
    extra: list[Continuous],
    values: dict[str, Value | None],
    seed: int,
) -> None:
    pipe = _pipeline(kind, seed)
    target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
    best = _brute(pipe, target, catalogue, extra, dict(values))
    route = _plan(target, catalogue, extra, values)
    if best is None:
        assert not route.feasible
        return
    assert route.feasible and route.optimal
    assert math.isclose(route.totals.cost, best, rel_tol=1e-9, abs_tol=1e-9)
    final = _final(catalogue, extra, route, dict(values))
    assert _flips(pipe, target, [final])[0]
    assert final["gender"] == values["gender"]


@pytest.mark.parametrize("kind", KINDS)
@_SETTINGS
@given(
    catalogue=catalogues(),
    extra=amounts(free=True),
    values=profiles,
    seed=st.integers(0, 3),
)
def test_search_interval_milp_and_big_m_agree(
    kind: str,
    catalogue: Catalogue,
    extra: list[Continuous],
    values: dict[str, Value | None],
    seed: int,
) -> None:
    pipe = _pipeline(kind, seed)
    target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
    searched = _plan(target, catalogue, extra, values)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(select, "_tree_search", lambda *a: None)
        interval = _plan(target, catalogue, extra, values)
        mp.setattr(
            select.Problem,
            "add_tree",
            lambda self, t: tree_encode.add_tree_big_m(self, t),
        )
        big_m = _plan(target, catalogue, extra, values)
    routes = (searched, interval, big_m)
    assert len({r.feasible for r in routes}) == 1
    if searched.feasible:
        assert all(r.optimal for r in routes)
        for other in (interval, big_m):
            assert math.isclose(
                searched.totals.cost, other.totals.cost, rel_tol=1e-6, abs_tol=1e-6
            )


def test_the_search_runs_on_independent_inputs_and_on_shared_ones() -> None:
    """Amounts of separate traits go to the search, and so do one-hot inputs
    moved by the same actions (a category, one decision of the search): both
    proven."""
    pipe = _pipeline("forest", 0)
    target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
    values: dict[str, Value | None] = {
        "skill": 0.0,
        "hours": 10.0,
        "level": "none",
        "job": "clerk",
        "gender": "f",
    }
    extra = [
        Continuous("more_skill", "skill", 9.0, 1.0, 3.0),
        Continuous("more_hours", "hours", 40.0, 1.0, 2.0),
    ]
    calls: list[str] = []
    original = select._tree_search

    def spy(*args: Any) -> Any:
        out = original(*args)
        calls.append("search" if out is not None else "highs")
        return out

    jobs = Catalogue.of(
        [_act("to_engineer", "engineer", 30.0), _act("to_nurse", "nurse", 20.0)]
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(select, "_tree_search", spy)
        alone = _plan(target, Catalogue.of([]), extra, values)
        first, calls[:] = list(calls), []
        shared = _plan(target, jobs, extra, values)
    assert first == ["search"]
    assert calls == ["search"]
    assert alone.feasible and alone.optimal
    assert shared.feasible and shared.optimal
    assert shared.totals.cost <= alone.totals.cost + 1e-9


def _act(name: str, job: str, hours: float) -> Action:
    return Action(name, name, (Effect("job", "set", job),), 1.0, hours, 0.0)
