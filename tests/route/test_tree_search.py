"""The interval search on inputs moved together (one-hot codes of a category, a
level's indicators), exact against brute force.

The planner's search (:mod:`strive.route.tree_search`) treats the columns that move
several inputs at once, and the rows that tie them (at most one ``set`` per trait),
as one decision enumerated whole. Its two parts are checked separately: the
enumeration of a decision's assignments against :func:`itertools.product`, and
whole routes on random small forests whose catalogues always set the job (three
one-hot inputs moved by the same actions) against the oracle's enumeration of
every action subset, re-predicted by the real model; the search must be the path
that answered.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_model_targets import (
    COLUMNS,
    JOBS,
    TRAITS,
    _brute,
    _flips,
    _pipeline,
    _plan,
    profiles,
)

from strive.actions import Action, Catalogue, Effect
from strive.route import select, tree_search
from strive.route.models import target_from_model
from strive.traits import Value


class _Bounds:
    """What :func:`tree_search._assignments` reads of a problem."""

    def __init__(self, lower: list[float], upper: list[float]) -> None:
        self.lower = lower
        self.upper = upper
        self.cost = [0.0] * len(lower)


@st.composite
def decisions(
    draw: st.DrawFn,
) -> tuple[_Bounds, list[int], list[tuple[dict[int, float], float, float, bool]]]:
    """Up to 8 binary columns (some fixed at 0 or 1) and up to 4 rows over them."""
    n = draw(st.integers(1, 8))
    lower, upper = [], []
    for _ in range(n):
        lo, hi = draw(st.sampled_from([(0.0, 1.0), (0.0, 1.0), (0.0, 0.0), (1.0, 1.0)]))
        lower.append(lo)
        upper.append(hi)
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        cols = draw(
            st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True)
        )
        terms = {c: float(draw(st.integers(-2, 2)) or 1) for c in cols}
        lo = draw(st.sampled_from([-math.inf, -1.0, 0.0, 1.0]))
        hi = draw(st.sampled_from([math.inf, 0.0, 1.0, 2.0]))
        rows.append((terms, lo, hi, False))
    return _Bounds(lower, upper), list(range(n)), rows


@settings(max_examples=200, deadline=None)
@given(decisions())
def test_assignments_are_exactly_the_feasible_binary_points(
    case: tuple[_Bounds, list[int], list[tuple[dict[int, float], float, float, bool]]],
) -> None:
    problem, cols, rows = case
    got = tree_search._assignments(problem, cols, rows)  # type: ignore[arg-type]
    assert got is not None
    want = set()
    for x in itertools.product((0.0, 1.0), repeat=len(cols)):
        if any(not problem.lower[c] <= x[c] <= problem.upper[c] for c in cols):
            continue
        if all(
            lo <= sum(a * x[c] for c, a in t.items()) <= hi for t, lo, hi, _ in rows
        ):
            want.add(x)
    assert {tuple(float(v) for v in point) for point in got} == want
    assert len(got) == len(want)  # each point once


def test_assignments_give_up_past_the_cap() -> None:
    """Sixteen free columns have 65,536 assignments: left to HiGHS."""
    problem = _Bounds([0.0] * 16, [1.0] * 16)
    assert tree_search._assignments(problem, list(range(16)), []) is None  # type: ignore[arg-type]


def _act(name: str, effect: Effect, hours: float) -> Action:
    return Action(name, name, (effect,), 1.0, hours, 0.0, money_sourced=False)


@st.composite
def shared_catalogues(draw: st.DrawFn) -> Catalogue:
    """Two or three job changes (each moves the job's one-hot inputs together),
    plus up to four other actions: skill or hours added, a level set."""
    actions: list[Action] = []
    for i, job in enumerate(
        draw(st.lists(st.sampled_from(JOBS), min_size=2, max_size=3, unique=True))
    ):
        actions.append(
            _act(f"job{i}", Effect("job", "set", job), float(draw(st.integers(1, 60))))
        )
    for i in range(draw(st.integers(0, 4))):
        what = draw(st.sampled_from(["skill", "hours", "level"]))
        if what == "level":
            effect = Effect(what, "set", draw(st.sampled_from(TRAITS["level"].levels)))
        else:
            effect = Effect(what, "add", float(draw(st.integers(-3, 6))))
        actions.append(_act(f"a{i}", effect, float(draw(st.integers(1, 60)))))
    return Catalogue.of(actions)


@pytest.mark.parametrize("kind", ["forest", "extra", "boosting", "hist", "tree"])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogue=shared_catalogues(), values=profiles, seed=st.integers(0, 3))
def test_search_on_shared_one_hot_inputs_equals_brute_force(
    kind: str, catalogue: Catalogue, values: dict[str, Value | None], seed: int
) -> None:
    pipe = _pipeline(kind, seed)
    target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
    answered: list[bool] = []
    original = select._tree_search

    def spy(problem: Any, cols: list[int], *rest: Any) -> Any:
        out = original(problem, cols, *rest)
        if any(b.cols and b.cols <= set(cols) for b in problem.tree_blocks):
            answered.append(out is not None)
        return out

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(select, "_tree_search", spy)
        route = _plan(target, catalogue, [], values)
    best = _brute(pipe, target, catalogue, dict(values))
    assert all(answered)  # every ensemble component went to the search
    if best is None:
        assert not route.feasible
        return
    assert route.feasible and route.optimal
    assert math.isclose(route.totals.cost, best, rel_tol=1e-9, abs_tol=1e-9)
    state: dict[str, Any] = dict(values)
    for step in route.steps:
        state = oracle.apply(TRAITS, catalogue[step.action], state)
    assert _flips(pipe, target, [state])[0]
