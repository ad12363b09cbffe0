"""``select._highs`` passes its model to HiGHS as flat arrays, renumbering a
component's columns; its answer must be the brute-force optimum of the component.

Random small models of the kinds the compiler writes (covers with nonnegative
coefficients, prerequisite implications ``x_a -> cover``, "at most one" groups,
integer step columns up to 2) over a *scattered* subset of a larger column range
(as a component of a decomposed model is), and the same model renumbered to
``0..k-1`` (the whole-model path): both must give the brute-force cost, and be
called optimal exactly when a solution exists.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.route.select import _highs

INF = float("inf")
Row = tuple[dict[int, float], float, float, bool]


@dataclass
class _Amount:
    """What ``_highs`` reads of a continuous action: a step means integer units."""

    step: float | None = 1.0


@dataclass
class _Problem:
    """The attributes of a Problem that ``select._highs`` reads."""

    cost: list[float]
    lower: list[float]
    amounts: dict[int, _Amount]


def _model(
    seed: int,
) -> tuple[_Problem, list[float], list[int], list[Row]]:
    rng = random.Random(seed)
    total = rng.randint(6, 14)
    k = rng.randint(2, min(8, total))
    cols = sorted(rng.sample(range(total), k))
    cost = [round(rng.uniform(0.0, 50.0), 2) for _ in range(total)]
    lower = [0.0] * total
    upper = [1.0] * total
    amounts: dict[int, _Amount] = {}
    for c in cols:
        if rng.random() < 0.15:
            amounts[c] = _Amount()
            upper[c] = 2.0
        elif rng.random() < 0.1:
            upper[c] = 0.0  # forbidden
        elif rng.random() < 0.05:
            lower[c] = 1.0  # forced (in progress)
    rows: list[Row] = []
    for _ in range(rng.randint(1, 4)):  # covers
        members = rng.sample(cols, rng.randint(1, len(cols)))
        terms = {c: float(rng.randint(1, 4)) for c in members}
        rows.append((terms, float(rng.randint(1, 6)), INF, False))
    for _ in range(rng.randint(0, 3)):  # x_a -> sum(b) >= need
        a = rng.choice(cols)
        others = [c for c in cols if c != a]
        if not others:
            break
        members = rng.sample(others, rng.randint(1, len(others)))
        need = float(rng.randint(1, 3))
        terms = {c: float(rng.randint(1, 3)) for c in members}
        terms[a] = -need
        rows.append((terms, 0.0, INF, False))
    if len(cols) >= 2 and rng.random() < 0.5:  # a group: at most one
        members = rng.sample(cols, rng.randint(2, len(cols)))
        rows.append((dict.fromkeys(members, 1.0), -INF, 1.0, False))
    return _Problem(cost, lower, amounts), upper, cols, rows


def _brute(
    problem: _Problem, upper: list[float], cols: list[int], rows: list[Row]
) -> float | None:
    ranges = [
        range(int(problem.lower[c]), int(upper[c]) + 1)
        if problem.lower[c] <= upper[c]
        else range(0)
        for c in cols
    ]
    best: float | None = None
    for point in itertools.product(*ranges):
        x = dict(zip(cols, point, strict=True))
        if all(
            lo - 1e-9 <= sum(a * x[c] for c, a in terms.items()) <= hi + 1e-9
            for terms, lo, hi, _ in rows
        ):
            value = sum(problem.cost[c] * x[c] for c in cols)
            best = value if best is None else min(best, value)
    return best


def _check(
    problem: _Problem,
    upper: list[float],
    cols: list[int],
    rows: list[Row],
    best: float | None,
) -> None:
    status, x = _highs(problem, upper, cols, rows, 10.0)  # type: ignore[arg-type]
    if best is None:
        assert status == "infeasible"
        return
    assert status == "optimal" and x is not None
    point = dict(zip(cols, x, strict=True))
    for terms, lo, hi, _ in rows:
        activity = sum(a * point[c] for c, a in terms.items())
        assert lo - 1e-7 <= activity <= hi + 1e-7
    assert all(problem.lower[c] <= point[c] <= upper[c] for c in cols)
    cost = sum(problem.cost[c] * point[c] for c in cols)
    assert math.isclose(cost, best, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9))
def test_scattered_and_renumbered_columns_give_the_brute_force_optimum(
    seed: int,
) -> None:
    problem, upper, cols, rows = _model(seed)
    best = _brute(problem, upper, cols, rows)
    _check(problem, upper, cols, rows, best)
    # The same component numbered 0..k-1: the whole-model path (no renumbering).
    new = {c: j for j, c in enumerate(cols)}
    renumbered = _Problem(
        [problem.cost[c] for c in cols],
        [problem.lower[c] for c in cols],
        {new[c]: a for c, a in problem.amounts.items() if c in new},
    )
    rows2 = [
        ({new[c]: a for c, a in terms.items()}, lo, hi, cp)
        for terms, lo, hi, cp in rows
    ]
    _check(renumbered, [upper[c] for c in cols], list(range(len(cols))), rows2, best)
