"""``plan_moves`` (moves as arrays) against brute force and against ``plan_route``.

Random small linear targets over three number traits (free, grow-only with growth
over time, fixed), random moves (both signs, zero and equal costs, named groups and
ungrouped moves) with **dominated copies** planted in the same group (costlier and
gaining no more, or exact duplicates): the fast path's cost equals the brute-force
optimum over every subset allowed by the groups, equals ``plan_route`` over the same
moves as ``Action`` objects, and the route, replayed, meets the target. Continuous
amounts: a stepped amount equals the group of all its multiples as moves, and a
free amount is at most a fine grid's optimum and within one grid step of it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.actions import Catalogue
from strive.errors import UnknownTraitError
from strive.goal import Limits
from strive.route import CostWeights, LinearTarget, Route, mckp, plan_route
from strive.route.continuous import Continuous
from strive.route.model import DAYS_PER_MONTH, WEEKS_PER_MONTH
from strive.route.moves import Moves, plan_moves
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

START = dt.date(2026, 1, 1)
WEIGHTS = CostWeights()
TRAITS = TraitSet.of(
    [
        Trait("free", Kind.NUMBER),
        Trait("grows", Kind.NUMBER, mutability=Mutability.GROW_ONLY, growth_per_year=1),
        Trait("fixed", Kind.NUMBER, mutability=Mutability.FIXED),
        Trait("colour", Kind.CATEGORY, categories=("red", "blue")),
    ]
)
NUMBERS = ("free", "grows", "fixed")
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _instance(
    seed: int, n: int
) -> tuple[Moves, LinearTarget, dict[str, Value | None], Limits, dt.date | None]:
    rng = random.Random(seed)
    coefficients = {t: float(rng.choice([-2, -1, -0.5, 0.5, 1, 2])) for t in NUMBERS}
    coefficients["colour=red"] = 1.0
    traits: list[str] = []
    delta: list[float] = []
    effort: list[float] = []
    money: list[float] = []
    group: list[str] = []
    while len(traits) < n:
        if traits and rng.random() < 0.35:
            # a dominated copy (or an exact duplicate) of an earlier move
            j = rng.randrange(len(traits))
            d = delta[j]
            shrunk = d - (1.0 if d > 0 else -1.0) * rng.choice([0, 1])
            traits.append(traits[j])
            delta.append(shrunk if shrunk != 0 else d)
            effort.append(effort[j] + rng.choice([0.0, 0.0, 5.0, 40.0]))
            money.append(money[j])
            group.append(group[j])
            continue
        traits.append(rng.choice(["free", "free", "grows", "fixed"]))
        size = float(rng.choice([1, 2, 3, 4]))
        helps = rng.random() < 0.8  # mostly in the direction that raises the score
        delta.append(size if (coefficients[traits[-1]] > 0) == helps else -size)
        effort.append(rng.choice([0.0, round(rng.uniform(1, 400), 3)]))
        money.append(rng.choice([0.0, 0.0, round(rng.uniform(0, 500), 2)]))
        group.append(rng.choice(["", "", "g1", "g2", traits[-1]]))
    values: dict[str, Value | None] = {
        "free": float(rng.randint(0, 5)),
        "grows": float(rng.randint(0, 5)),
        "fixed": 1.0,
        "colour": rng.choice(["red", "blue"]),
    }
    intercept = float(rng.randint(-6, 2))
    base = LinearTarget(coefficients, intercept).score(TRAITS, values)
    target = LinearTarget(
        coefficients,
        intercept,
        threshold=base + rng.choice([-1.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0]),
        logistic=False,
    )
    limits = Limits(
        hours_per_week=40,
        money=rng.choice([None, None, 300.0]),
    )
    deadline = rng.choice([None, START + dt.timedelta(days=rng.randint(20, 400))])
    moves = Moves(
        traits,
        np.array(delta),
        np.array(effort),
        np.array(money),
        group=group,
    )
    return moves, target, values, limits, deadline


def _brute(
    moves: Moves,
    target: LinearTarget,
    values: dict[str, Value | None],
    limits: Limits,
    deadline: dt.date | None,
) -> float | None:
    """The cheapest subset meeting the target, groups and limits (every subset)."""
    delta, effort, money = moves.arrays()
    months = effort / limits.hours_per_week / WEEKS_PER_MONTH
    cost = WEIGHTS.hours * effort + WEIGHTS.money * money + WEIGHTS.months * months
    left = None if deadline is None else (deadline - START).days / DAYS_PER_MONTH
    aged = dict(values)
    if left is not None:
        aged["grows"] = float(values["grows"]) + left / 12.0  # type: ignore[arg-type]
    base = target.score(TRAITS, aged)
    usable = [
        moves.trait[i] != "fixed"
        and not (moves.trait[i] == "grows" and delta[i] < 0)
        and (left is None or months[i] <= left + 1e-6)
        for i in range(len(moves))
    ]
    best: float | None = None
    for k in range(len(moves) + 1):
        for subset in itertools.combinations(range(len(moves)), k):
            if not all(usable[i] for i in subset):
                continue
            named = [moves.group[i] for i in subset if moves.group[i]]  # type: ignore[index]
            if len(named) != len(set(named)):
                continue
            if limits.money is not None and sum(money[i] for i in subset) > (
                limits.money + 1e-7
            ):
                continue
            if left is not None and sum(effort[i] for i in subset) > (
                limits.hours_per_week * WEEKS_PER_MONTH * left + 1e-6
            ):
                continue
            score = base + sum(
                target.coefficients[moves.trait[i]] * delta[i] for i in subset
            )
            if score < target.logit_needed() - 1e-9:
                continue
            total = float(sum(cost[i] for i in subset))
            if best is None or total < best:
                best = total
    return best


def _general(
    moves: Moves,
    target: LinearTarget,
    values: dict[str, Value | None],
    limits: Limits,
    deadline: dt.date | None,
    continuous: list[Continuous] | None = None,
) -> Route:
    return plan_route(
        Catalogue.of(moves.actions()),
        TRAITS,
        values,
        targets=[target],
        limits=limits,
        start=START,
        deadline=deadline,
        weights=WEIGHTS,
        alternatives=False,
        explain_infeasible=False,
        continuous=continuous or (),
    )


def _fast(
    moves: Moves,
    target: LinearTarget,
    values: dict[str, Value | None],
    limits: Limits,
    deadline: dt.date | None,
    continuous: list[Continuous] | None = None,
) -> Route:
    return plan_moves(
        moves,
        TRAITS,
        values,
        target=target,
        limits=limits,
        start=START,
        deadline=deadline,
        weights=WEIGHTS,
        explain_infeasible=False,
        continuous=continuous or (),
    )


def _replayed_score(
    route: Route,
    moves: Moves,
    target: LinearTarget,
    values: dict[str, Value | None],
    deadline: dt.date | None,
    continuous: list[Continuous] = (),  # type: ignore[assignment]
) -> float:
    final = dict(values)
    if deadline is not None:
        years = (deadline - START).days / DAYS_PER_MONTH / 12.0
        final["grows"] = float(final["grows"]) + years  # type: ignore[arg-type]
    by_name = {c.name: c for c in continuous}
    for step in route.steps:
        if step.action in by_name:
            trait, d = by_name[step.action].trait, step.amount
        else:
            i = moves.index_of(step.action)
            trait, d = moves.trait[i], float(moves.delta[i])
        assert d is not None
        final[trait] = float(final[trait]) + d  # type: ignore[arg-type]
    return target.score(TRAITS, final)


@SETTINGS
@given(seed=st.integers(0, 10**9), n=st.integers(1, 9))
def test_fast_path_equals_brute_force_and_the_action_path(seed: int, n: int) -> None:
    moves, target, values, limits, deadline = _instance(seed, n)
    fast = _fast(moves, target, values, limits, deadline)
    general = _general(moves, target, values, limits, deadline)
    best = _brute(moves, target, values, limits, deadline)
    assert fast.feasible == general.feasible
    if best is None:
        assert not fast.feasible
        return
    assert fast.feasible
    assert abs(fast.totals.cost - general.totals.cost) <= 1e-6
    if fast.optimal:
        assert abs(fast.totals.cost - best) <= 1e-6
    if deadline is None:
        assert fast.optimal  # no schedule can fail without a deadline
    score = _replayed_score(fast, moves, target, values, deadline)
    assert score >= target.logit_needed() - 1e-7
    assert all(moves.trait[moves.index_of(s.action)] != "fixed" for s in fast.steps)


def test_a_dominated_move_is_pruned_and_the_cheaper_one_chosen() -> None:
    """Three moves in one group: b dominates a (more gain, less cost), c covers the
    need alone but costs more than b. The group keeps nothing of a, and the plan
    takes b."""
    moves = Moves(
        ["free"] * 3, [2.0, 3.0, 5.0], [50.0, 40.0, 90.0], group=["g", "g", "g"]
    )
    target = LinearTarget({"free": 1.0}, 0.0, threshold=3.0, logistic=False)
    values: dict[str, Value | None] = {"free": 0.0, "grows": 0.0, "fixed": 0.0}
    group = mckp.exclusive_group(
        np.arange(3), np.array([2.0, 3.0, 5.0]), np.array([50.0, 40.0, 90.0]), 3.0
    )
    kept = [col for j in range(len(group.a)) for col, _ in group.decode(j)]
    assert kept == [1]  # a dominated; c covers no more than b (capped) at more cost
    route = _fast(moves, target, values, Limits(hours_per_week=40), None)
    assert [s.action for s in route.steps] == ["free_1"] and route.optimal


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**9),
    step=st.sampled_from([None, 1.0, 0.5, 3.0]),
    n=st.integers(0, 4),
)
def test_continuous_amounts_equal_a_fine_grid(
    seed: int, step: float | None, n: int
) -> None:
    """An amount of ``free`` (with other moves): its multiples as a group of moves give
    the same cost (a step) or a cost at least it and within one grid step (none)."""
    rng = random.Random(seed)
    moves, target, values, limits, _ = _instance(seed, n) if n else _instance(seed, 1)
    if not n:
        moves = Moves([], [], [])
    per_hour = round(rng.uniform(1, 60), 2)
    top = float(rng.randint(1, 12))
    amount = Continuous("more_free", "free", top, step, per_hour)
    coefficients = dict(target.coefficients)
    coefficients["free"] = abs(coefficients["free"])
    target = LinearTarget(
        coefficients, target.intercept, threshold=target.threshold, logistic=False
    )
    limits = Limits(hours_per_week=40)
    fast = _fast(moves, target, values, limits, None, [amount])
    general = _general(moves, target, values, limits, None, [amount])
    assert fast.feasible == general.feasible
    grid_step = step or top / 240
    k = np.arange(1, int(top / grid_step + 1e-9) + 1)
    both = Moves(
        [*moves.trait, *["free"] * len(k)],
        np.concatenate([np.asarray(moves.delta, dtype=float), k * grid_step]),
        np.concatenate(
            [np.asarray(moves.effort_hours, dtype=float), per_hour * k * grid_step]
        ),
        np.concatenate([moves.arrays()[2], np.zeros(len(k))]),
        group=[*(moves.group or [""] * len(moves)), *["amount"] * len(k)],
    )
    grid = _fast(both, target, values, limits, None)
    if not grid.feasible:
        # the grid reaches the same top; only a free amount's last fraction differs
        assert step is not None or not fast.feasible or fast.totals.cost > 0
        if step is not None:
            assert not fast.feasible
        return
    assert fast.feasible and fast.optimal
    assert abs(fast.totals.cost - general.totals.cost) <= 1e-6 * (1 + fast.totals.cost)
    score = _replayed_score(fast, moves, target, values, None, [amount])
    assert score >= target.logit_needed() - 1e-7
    if step is not None:
        assert abs(fast.totals.cost - grid.totals.cost) <= 1e-6 * (1 + grid.totals.cost)
    else:
        one_step = WEIGHTS.hours * per_hour * grid_step + WEIGHTS.months * (
            per_hour * grid_step / 40 / WEEKS_PER_MONTH
        )
        assert fast.totals.cost <= grid.totals.cost + 1e-6
        assert grid.totals.cost <= fast.totals.cost + one_step + 1e-6


@pytest.mark.parametrize(
    ("moves", "message"),
    [
        (Moves(["free"], [1.0, 2.0], [1.0]), r"moves\.delta: 2 values for 1 moves"),
        (Moves(["free"], [float("nan")], [1.0]), r"moves\.delta\[0\]"),
        (Moves(["free", "free"], [1.0, 1.0], [1.0, -2.0]), r"moves\.effort_hours\[1\]"),
        (Moves(["free"], [1.0], [1.0], [float("inf")]), r"moves\.money\[0\]"),
        (Moves(["free"], [1.0], [1.0], group=[]), r"moves\.group: 0 values for 1"),
        (Moves(["free"] * 2, [1, 2], [1, 2], name=["a", "a"]), r"moves\.name\[1\]"),
        (Moves(["colour"], [1.0], [1.0]), r"moves\.trait: 'colour' is not a number"),
        (Moves(["free"], ["x"], [1.0]), r"moves\.delta: not numbers"),
    ],
)
def test_bad_moves_are_refused_by_field(moves: Moves, message: str) -> None:
    target = LinearTarget({"free": 1.0}, 0.0, threshold=3.0, logistic=False)
    with pytest.raises(ValueError, match=message):
        _fast(moves, target, {"free": 0.0}, Limits(hours_per_week=40), None)


def test_an_unknown_trait_is_refused() -> None:
    target = LinearTarget({"free": 1.0}, 0.0, threshold=3.0, logistic=False)
    with pytest.raises(UnknownTraitError):
        _fast(Moves(["nope"], [1.0], [1.0]), target, {}, Limits(), None)


def test_a_binding_money_limit_goes_the_general_way_and_stays_optimal() -> None:
    """The cheapest move costs money over the limit: the answer is the dearer move
    in effort that costs no money, as plan_route finds it."""
    moves = Moves(["free", "free"], [3.0, 3.0], [1.0, 200.0], [500.0, 0.0])
    target = LinearTarget({"free": 1.0}, 0.0, threshold=3.0, logistic=False)
    values: dict[str, Value | None] = {"free": 0.0}
    limits = Limits(hours_per_week=40, money=100.0)
    route = _fast(moves, target, values, limits, None)
    assert [s.action for s in route.steps] == ["free_1"] and route.optimal
    free = _fast(moves, target, values, Limits(hours_per_week=40), None)
    assert [s.action for s in free.steps] == ["free_0"]


def _random_groups(
    rng: random.Random, n_groups: int
) -> tuple[list[tuple[np.ndarray, np.ndarray]], float]:
    groups = []
    for _ in range(n_groups):
        size = rng.randint(1, 7)
        a = np.array([float(rng.randint(0, 8)) for _ in range(size)])
        c = np.array(
            [rng.choice([0.0, float(rng.randint(1, 30))]) for _ in range(size)]
        )
        if (
            rng.random() < 0.5
        ):  # near-dominated neighbours: one unit less, a bit cheaper
            j = rng.randrange(size)
            a = np.append(a, max(a[j] - 1.0, 0.0))
            c = np.append(c, max(c[j] - rng.choice([0.0, 0.5, 1.0]), 0.0))
        groups.append((a, c))
    total = sum(float(a.max()) for a, _ in groups)
    return groups, rng.choice([0.5, 1.0, 0.3 * total, 0.7 * total, total, total + 1])


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**9))
def test_pruning_keeps_exactly_the_pareto_front(seed: int) -> None:
    """Every dropped option is dominated by a kept one (no less coverage, capped at
    the need, for no more cost); no kept option is dominated by another option."""
    rng = random.Random(seed)
    (groups, r) = _random_groups(rng, 1)
    a, c = groups[0]
    group = mckp.exclusive_group(np.arange(len(a)), a, c, r)
    kept = {col for j in range(len(group.a)) for col, _ in group.decode(j)}
    cap_a = np.minimum(np.concatenate(([0.0], a)), r)
    cost = np.concatenate(([0.0], c))
    options = [i + 1 for i in kept] + ([0] if 0.0 in group.c[:1] else [])
    for i in range(len(a)):
        if i in kept:
            assert not any(
                cap_a[o] >= cap_a[i + 1]
                and cost[o] <= cost[i + 1]
                and (cap_a[o] > cap_a[i + 1] or cost[o] < cost[i + 1])
                for o in range(len(cost))
            )
        else:
            assert any(
                cap_a[o] >= cap_a[i + 1] and cost[o] <= cost[i + 1] for o in options
            )


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**9), n_groups=st.integers(1, 4))
def test_group_branch_and_bound_equals_brute_force(seed: int, n_groups: int) -> None:
    """One option per group (or none), covering r at least cost: every combination."""
    rng = random.Random(seed)
    groups, r = _random_groups(rng, n_groups)
    built = []
    offset = 0
    for a, c in groups:
        cols = np.arange(offset, offset + len(a))
        built.append(mckp.exclusive_group(cols, a, c, r))
        offset += len(a)
    found = mckp.solve_groups(built, r)
    best = None
    for pick in itertools.product(*[range(-1, len(a)) for a, _ in groups]):
        cover = sum(a[j] for (a, _), j in zip(groups, pick, strict=True) if j >= 0)
        total = sum(c[j] for (_, c), j in zip(groups, pick, strict=True) if j >= 0)
        if cover >= r - 1e-9 and (best is None or total < best):
            best = total
    assert found is not None
    if best is None:
        assert found[0] == "infeasible"
        return
    assert found[0] == "optimal"
    a_all = np.concatenate([a for a, _ in groups])
    c_all = np.concatenate([c for _, c in groups])
    chosen = [col for col, _ in found[1]]
    assert sum(a_all[chosen]) >= r - 1e-9
    assert abs(sum(c_all[chosen]) - best) <= 1e-9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**9),
    steps=st.lists(st.sampled_from([None, 1.0, 0.5, 2.0]), min_size=1, max_size=3),
)
def test_amounts_in_plan_route_equal_highs(
    seed: int, steps: list[float | None]
) -> None:
    """plan_route with continuous actions on a linear target: the exact solve
    without HiGHS (integer steps as groups, free amounts fractionally) gives HiGHS's
    cost (the component sent to HiGHS when the fast solve is switched off)."""
    rng = random.Random(seed)
    amounts = [
        Continuous(
            f"a{i}",
            rng.choice(["free", "grows"]),
            float(rng.randint(1, 9)),
            step,
            round(rng.uniform(1, 60), 2),
            rng.choice([0.0, 3.0]),
        )
        for i, step in enumerate(steps)
    ]
    coefficients = {
        "free": rng.choice([0.5, 1.0, 2.0]),
        "grows": rng.choice([1.0, 3.0]),
    }
    target = LinearTarget(
        coefficients, 0.0, threshold=float(rng.randint(1, 25)), logistic=False
    )
    values: dict[str, Value | None] = {"free": 0.0, "grows": 0.0, "fixed": 0.0}
    limits = Limits(hours_per_week=40)
    fast = _general(Moves([], [], []), target, values, limits, None, amounts)
    fast_moves = _fast(Moves([], [], []), target, values, limits, None, amounts)
    saved = mckp.solve
    mckp.solve = lambda *a, **k: None
    try:
        highs = _general(Moves([], [], []), target, values, limits, None, amounts)
    finally:
        mckp.solve = saved
    assert fast.feasible == highs.feasible == fast_moves.feasible
    if not fast.feasible:
        return
    assert fast.optimal and highs.optimal and fast_moves.optimal
    assert not fast.extra["solver"] and highs.extra["solver"]
    for route in (fast, fast_moves):
        assert abs(route.totals.cost - highs.totals.cost) <= 1e-6 * (
            1 + highs.totals.cost
        )
        score = _replayed_score(route, Moves([], [], []), target, values, None, amounts)
        assert score >= target.logit_needed() - 1e-7
