"""The exact reductions (``strive.route.reduce``) keep the optimum and feasibility.

Random binary models mix the rows selection models have (covers with coefficients
above and below the need, prerequisite implications with a big-M, "at most one"
groups, "member" links) with rows of any sign, two-sided rows, negative and zero
costs, duplicated columns (ties for the dominance rule) and columns fixed by their
bounds. Each model's optimum by brute force over every 0/1 point must equal the
fixed columns' cost plus the brute-force optimum of what is left, and an optimum of
what is left, completed with the fixed values, must meet every original row.
Then whole plans on random catalogues large enough to reach the reductions
(``Problem.reduce``) must cost what the path without them costs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.goal import Limits
from strive.route import plan_route, reduce
from strive.route.random_catalogue import (
    random_catalogue,
    random_traits,
    scaling_person,
)
from strive.route.select import Problem
from strive.traits import Value

INF = float("inf")
Row = tuple[dict[int, float], float, float, bool]
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _model(
    seed: int,
) -> tuple[list[int], list[Row], list[float], list[float], list[float]]:
    rng = random.Random(seed)
    n = rng.randint(1, 10)
    cols = list(range(n))
    cost = [float(rng.choice([0, 1, 2, 3, 5, 8, 8, 13])) for _ in cols]
    if rng.random() < 0.2:
        cost[rng.randrange(n)] = -float(rng.randint(1, 4))
    lower = [0.0] * n
    upper = [1.0] * n
    for c in cols:
        roll = rng.random()
        if roll < 0.05:
            upper[c] = 0.0
        elif roll < 0.08:
            lower[c] = 1.0
    if n > 2 and rng.random() < 0.5:
        # A duplicate column (same coefficients everywhere, maybe dearer).
        twin, of = rng.sample(cols, 2)
        cost[twin] = cost[of] + rng.choice([0.0, 0.0, 1.0])
    else:
        twin = of = -1
    rows: list[Row] = []
    for _ in range(rng.randint(0, 8)):
        kind = rng.random()
        members = rng.sample(cols, rng.randint(1, min(n, 5)))
        if kind < 0.35:  # cover
            need = float(rng.randint(1, 6))
            terms = {c: float(rng.randint(1, 4)) for c in members}
            rows.append((terms, need, INF, False))
        elif kind < 0.55 and len(members) > 1:  # x_i -> cover of the others
            i, *producers = members
            need = float(rng.randint(1, 3))
            terms = {c: float(rng.randint(1, 3)) for c in producers}
            terms[i] = -need
            rows.append((terms, 0.0, INF, False))
        elif kind < 0.7:  # at most one
            rows.append((dict.fromkeys(members, 1.0), -INF, 1.0, False))
        elif kind < 0.8 and len(members) > 1:  # member y >= producer p
            y, p = members[:2]
            rows.append(({p: 1.0, y: -1.0}, -INF, 0.0, False))
        else:  # anything
            terms = {c: float(rng.randint(-3, 3)) or 1.0 for c in members}
            lo = float(rng.randint(-3, 2))
            hi = lo + float(rng.randint(0, 4)) if rng.random() < 0.3 else INF
            if rng.random() < 0.3:
                lo = -INF
                hi = float(rng.randint(-1, 4))
            rows.append((terms, lo, hi, rng.random() < 0.2))
    if twin >= 0:
        rows = [_copy_column(terms, of, twin, lo, hi, cp) for terms, lo, hi, cp in rows]
    return cols, rows, cost, lower, upper


def _copy_column(
    terms: dict[int, float], of: int, twin: int, lo: float, hi: float, cp: bool
) -> Row:
    out = {c: a for c, a in terms.items() if c != twin}
    if of in terms:
        out[twin] = terms[of]
    if not out:
        out = dict(terms)
    return out, lo, hi, cp


def _meets(rows: Sequence[Row], x: dict[int, float]) -> bool:
    for terms, lo, hi, _ in rows:
        total = sum(a * x[c] for c, a in terms.items())
        if not lo - 1e-9 <= total <= hi + 1e-9:
            return False
    return True


def _brute(
    cols: Sequence[int],
    rows: Sequence[Row],
    cost: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
) -> tuple[float, dict[int, float]] | None:
    best: tuple[float, dict[int, float]] | None = None
    for bits in itertools.product((0.0, 1.0), repeat=len(cols)):
        x = dict(zip(cols, bits, strict=True))
        if any(not lower[c] <= x[c] <= upper[c] for c in cols):
            continue
        if not _meets(rows, x):
            continue
        value = sum(cost[c] * x[c] for c in cols)
        if best is None or value < best[0] - 1e-9:
            best = (value, x)
    return best


@SETTINGS
@given(st.integers(0, 10**9))
def test_reduced_model_has_the_same_optimum_and_feasibility(seed: int) -> None:
    cols, rows, cost, lower, upper = _model(seed)
    expected = _brute(cols, rows, cost, lower, upper)
    reduced = reduce.reduce(cols, rows, cost, lower, upper)
    if reduced.infeasible:
        assert expected is None
        return
    assert set(reduced.fixed) | set(reduced.cols) == set(cols)
    assert not set(reduced.fixed) & set(reduced.cols)
    assert all(c in reduced.cols for terms, *_ in reduced.rows for c in terms)
    left = _brute(reduced.cols, reduced.rows, cost, lower, upper)
    if expected is None:
        assert left is None
        return
    assert left is not None
    fixed_cost = sum(cost[c] * v for c, v in reduced.fixed.items())
    assert abs(fixed_cost + left[0] - expected[0]) < 1e-6
    # An optimum of what is left, with the fixed values, is one of the original.
    assert _meets(rows, {**reduced.fixed, **left[1]})


def test_a_saturating_column_removes_a_dearer_one_it_dominates() -> None:
    # Each of 0, 1, 2 meets the cover alone; 1 and 2 are dearer than 0 and help
    # nowhere else, so they go, and the cover then forces 0.
    rows: list[Row] = [({0: 1.0, 1: 1.0, 2: 1.0}, 1.0, INF, False)]
    reduced = reduce.reduce([0, 1, 2], rows, [3.0, 5.0, 4.0], [0.0] * 3, [1.0] * 3)
    assert reduced.fixed == {0: 1.0, 1: 0.0, 2: 0.0}
    assert reduced.cols == []


def test_a_column_with_a_prerequisite_does_not_dominate() -> None:
    # 0 is cheaper but needs 3 (row 2): it must not push 1 out.
    rows: list[Row] = [
        ({0: 1.0, 1: 1.0}, 1.0, INF, False),
        ({3: 1.0, 0: -1.0}, 0.0, INF, False),
    ]
    cost = [1.0, 5.0, 0.0, 10.0]
    reduced = reduce.reduce([0, 1, 3], rows, cost, [0.0] * 4, [1.0] * 4)
    left = _brute(reduced.cols, reduced.rows, cost, [0.0] * 4, [1.0] * 4)
    assert left is not None
    chosen = {c for c, v in {**reduced.fixed, **left[1]}.items() if v > 0.5}
    assert chosen == {1}


def test_a_cover_no_column_can_meet_is_infeasible() -> None:
    rows: list[Row] = [({0: 1.0, 1: 2.0}, 4.0, INF, False)]
    assert reduce.reduce([0, 1], rows, [1.0, 1.0], [0.0] * 2, [1.0] * 2).infeasible


@contextmanager
def reductions(on: bool) -> Iterator[None]:
    was = Problem.reduce
    Problem.reduce = on
    try:
        yield
    finally:
        Problem.reduce = was


def _person(
    rng: random.Random, n_targets: int, seed: int
) -> tuple[object, object, dict[str, Value | None], list[object]]:
    traits = random_traits(n_numbers=4, n_levels=4, n_bools=4)
    catalogue = random_catalogue(rng, traits, 40 + seed % 30, p_group=0.1)
    values, targets = scaling_person(rng, traits, n_targets)
    return traits, catalogue, values, list(targets)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_plans_cost_what_the_path_without_reductions_costs(seed: int) -> None:
    rng = random.Random(seed)
    traits, catalogue, values, targets = _person(rng, rng.randint(4, 9), seed)
    money = rng.choice([None, None, 3000.0])

    def plan() -> tuple[bool, bool, float]:
        route = plan_route(
            catalogue,  # type: ignore[arg-type]
            traits,  # type: ignore[arg-type]
            values,
            targets=targets,  # type: ignore[arg-type]
            limits=Limits(hours_per_week=20, max_parallel=3, money=money),
            start=dt.date(2026, 1, 1),
            alternatives=False,
            explain_infeasible=False,
        )
        return route.feasible, route.optimal, route.totals.cost

    with reductions(True):
        new = plan()
    with reductions(False):
        old = plan()
    assert new[:2] == old[:2]
    if new[0]:
        assert abs(new[2] - old[2]) < 1e-6
