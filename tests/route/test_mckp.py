"""The multiple-choice knapsack solver against brute force and HiGHS.

``strive.route.mckp`` solves "one covering row + at most one per exclusive set" by
branch and bound, without HiGHS; a LinearTarget compiles to exactly that. Random
instances mix exclusive sets (with duplicated and nested copies, as the one-hot rows
produce), binary pieces of equal cost per unit (merged into one group), negative and
zero coefficients, zero costs and forbidden columns.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.actions import Action, Catalogue, Effect
from strive.goal import Limits
from strive.route import CostWeights, LinearTarget, mckp, plan_route
from strive.route.select import _highs
from strive.templates import load_template
from strive.traits import Value

INF = float("inf")
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
Row = tuple[dict[int, float], float, float, bool]


def _instance(
    seed: int, n: int
) -> tuple[list[int], list[Row], list[float], list[float], list[float]]:
    rng = random.Random(seed)
    a: list[float] = []
    cost: list[float] = []
    while len(a) < n:
        if rng.random() < 0.3:  # binary pieces: equal cost per unit of coverage
            step, ratio = rng.choice([0.01, 0.5, 1.0, 0.37]), rng.uniform(1, 50)
            for k in range(rng.randint(1, 5)):
                if len(a) < n:
                    a.append(step * 2**k)
                    cost.append(ratio * step * 2**k)
        else:
            a.append(round(rng.uniform(-2.0, 5.0), rng.choice([0, 2, 6])))
            cost.append(rng.choice([0.0, round(rng.uniform(0, 100), 3)]))
    cols = list(range(n))
    rows: list[Row] = []
    free = cols[:]
    rng.shuffle(free)
    while len(free) >= 2 and rng.random() < 0.7:
        size = rng.randint(2, min(4, len(free)))
        members, free = free[:size], free[size:]
        rows.append((dict.fromkeys(members, 1.0), -INF, 1.0, False))
        if rng.random() < 0.3:  # a duplicate or a nested copy (one-hot rows)
            sub = members[: rng.randint(1, size)]
            rows.append((dict.fromkeys(sub, 1.0), -INF, 1.0, False))
    positive = sum(v for v in a if v > 0)
    r = rng.choice([-1.0, 0.0, rng.uniform(0, positive), positive * 1.1])
    terms = {c: v for c, v in zip(cols, a, strict=True) if v != 0 or rng.random() < 0.5}
    rows.append((terms, r, INF, False))
    rng.shuffle(rows)
    upper = [0.0 if rng.random() < 0.1 else 1.0 for _ in cols]
    return cols, rows, cost, [0.0] * n, upper


def _brute(
    cols: list[int],
    rows: list[Row],
    cost: list[float],
    upper: list[float],
) -> float | None:
    n = len(cols)
    grid = ((np.arange(2**n)[:, None] >> np.arange(n)[None, :]) & 1).astype(float)
    ok = np.all(grid <= np.array(upper), axis=1)
    for terms, lo, hi, _ in rows:
        act = grid @ np.array([terms.get(c, 0.0) for c in cols])
        ok &= (act >= lo - 1e-9) & (act <= hi + 1e-9)
    if not ok.any():
        return None
    return float((grid @ np.array(cost))[ok].min())


def _value(x: list[float], cost: list[float]) -> float:
    return sum(c for v, c in zip(x, cost, strict=True) if v > 0.5)


def _feasible(x: list[float], rows: list[Row], upper: list[float]) -> bool:
    if any(v > u + 1e-9 for v, u in zip(x, upper, strict=True)):
        return False
    for terms, lo, hi, _ in rows:
        act = sum(a * x[c] for c, a in terms.items())
        if not lo - 1e-9 <= act <= hi + 1e-9:
            return False
    return True


@SETTINGS
@given(seed=st.integers(0, 10**9), n=st.integers(1, 12))
def test_equals_brute_force(seed: int, n: int) -> None:
    cols, rows, cost, lower, upper = _instance(seed, n)
    out = mckp.solve(cols, rows, cost, lower, upper)
    assert out is not None  # every generated instance has the structure
    status, x = out
    best = _brute(cols, rows, cost, upper)
    if best is None:
        assert status == "infeasible"
        return
    assert status == "optimal"
    assert _feasible(x, rows, upper)
    assert math.isclose(_value(x, cost), best, rel_tol=1e-9, abs_tol=1e-9)


class _Costs:
    """The attributes of a Problem that ``select._highs`` reads."""

    def __init__(self, cost: list[float], lower: list[float]) -> None:
        self.cost = cost
        self.lower = lower
        self.amounts: dict[int, object] = {}  # no continuous actions here


@SETTINGS
@given(seed=st.integers(0, 10**9), n=st.integers(13, 45))
def test_equals_highs_on_larger_instances(seed: int, n: int) -> None:
    cols, rows, cost, lower, upper = _instance(seed, n)
    out = mckp.solve(cols, rows, cost, lower, upper)
    assert out is not None
    status, x = out
    ref_status, ref = _highs(_Costs(cost, lower), upper, cols, rows, 10.0)  # type: ignore[arg-type]
    if ref_status == "infeasible":
        assert status == "infeasible"
        return
    assert ref_status == "optimal" and ref is not None
    assert status == "optimal"
    assert _feasible(x, rows, upper)
    assert math.isclose(_value(x, cost), _value(ref, cost), rel_tol=1e-7, abs_tol=1e-7)


def test_other_structures_are_left_to_highs() -> None:
    cover: Row = ({0: 1.0, 1: 2.0, 2: 1.0}, 2.0, INF, False)
    cost, lower, upper = [1.0, 3.0, 1.5], [0.0] * 3, [1.0] * 3
    cols = [0, 1, 2]
    two_covers = [cover, ({0: 1.0, 2: 1.0}, 1.0, INF, False)]
    assert mckp.solve(cols, two_covers, cost, lower, upper) is None
    crossing = [
        cover,
        ({0: 1.0, 1: 1.0}, -INF, 1.0, False),
        ({1: 1.0, 2: 1.0}, -INF, 1.0, False),
    ]
    assert mckp.solve(cols, crossing, cost, lower, upper) is None
    linking = [cover, ({0: 1.0, 1: -1.0}, -INF, 0.0, False)]
    assert mckp.solve(cols, linking, cost, lower, upper) is None
    assert mckp.solve(cols, [cover], cost, [1.0, 0.0, 0.0], upper) is None
    assert mckp.solve(cols, [cover], [-1.0, 3.0, 1.5], lower, upper) is None
    assert mckp.solve(cols, [cover], cost, lower, upper) == ("optimal", [1, 0, 1])


def test_node_limit_gives_up_rather_than_guess() -> None:
    cols, rows, cost, lower, upper = _instance(3, 30)
    rows = [r for r in rows if r[2] == INF]
    assert mckp.solve(cols, rows, cost, lower, upper, node_limit=0) is None


# -- through plan_route: the same routes with and without the fast path ------------


def _adult_case(
    seed: int,
) -> tuple[Catalogue, dict[str, Value | None], LinearTarget]:
    rng = random.Random(seed)
    adult = load_template("adult-income")
    levels = list(adult.traits["education"].levels)
    here = rng.randrange(len(levels) - 1)
    actions = [
        Action(
            f"edu_{to}",
            to,
            (Effect("education", "set", to),),
            6.0 * (i + 1),
            rng.uniform(200, 4000),
            0.0,
            money_sourced=False,
            group="education",
        )
        for i, to in enumerate(levels[here + 1 :])
    ]
    for trait, options in (
        ("occupation", ("exec-managerial", "prof-specialty", "sales", "tech-support")),
        ("workclass", ("federal-gov", "private", "state-gov")),
    ):
        for v in options:
            effort = rng.uniform(100, 900)
            actions.append(
                Action(f"{trait}_{v}", v, (Effect(trait, "set", v),), 3.0, effort, 0.0)
            )
    done, piece = 0, 1
    while done < 40:
        actions.append(
            Action(
                f"hours_{piece}",
                "h",
                (Effect("hours_per_week", "add", float(piece)),),
                0.0,
                52.0 * piece,
                0.0,
            )
        )
        done, piece = done + piece, piece * 2
    model = LinearTarget(
        {
            "education": rng.uniform(0.1, 0.6),
            "hours_per_week": rng.uniform(0.0, 0.08),
            "occupation=exec-managerial": rng.uniform(-1, 1),
            "occupation=prof-specialty": rng.uniform(-1, 1),
            "occupation=sales": rng.uniform(-1, 1),
            "occupation=other-service": rng.uniform(-1, 1),
            "workclass=federal-gov": rng.uniform(-1, 1),
            "workclass=private": rng.uniform(-1, 1),
        },
        intercept=rng.uniform(-12, -3),
        margin=1e-6,
    )
    values: dict[str, Value | None] = {
        "age": 40.0,
        "education": levels[here],
        "occupation": "other-service",
        "workclass": "private",
        "hours_per_week": float(rng.randint(10, 50)),
    }
    return Catalogue.of(actions), values, model


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**9))
def test_plan_route_same_cost_with_and_without_fast_path(seed: int) -> None:
    adult = load_template("adult-income")
    catalogue, values, model = _adult_case(seed)

    def plan() -> tuple[bool, bool, float]:
        route = plan_route(
            catalogue,
            adult.traits,
            values,
            targets=[model],
            limits=Limits(hours_per_week=40),
            start=dt.date(2026, 1, 1),
            weights=CostWeights(),
            alternatives=False,
            explain_infeasible=False,
        )
        return route.feasible, route.optimal, route.totals.cost

    fast = plan()
    with pytest.MonkeyPatch.context() as m:
        m.setattr(mckp, "solve", lambda *a, **k: None)
        slow = plan()
    assert fast[:2] == slow[:2]
    assert math.isclose(fast[2], slow[2], rel_tol=1e-7, abs_tol=1e-7)


def test_chunked_merge_decodes_every_subset() -> None:
    """More than ten equal-ratio pieces: chunks are combined and decoded exactly."""
    pieces = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0, 3.0]
    cols = list(range(len(pieces)))
    cost = [3.0 * p for p in pieces]
    for r in (1.0, 7.0, 100.0, 1025.0, 2000.0, 2050.0):
        rows: list[Row] = [(dict(enumerate(pieces)), r, INF, False)]
        out = mckp.solve(cols, rows, cost, [0.0] * len(cols), [1.0] * len(cols))
        assert out is not None
        status, x = out
        assert status == "optimal"
        total = sum(p for p, v in zip(pieces, x, strict=True) if v > 0.5)
        assert total == math.ceil(r)  # every integer sum is reachable: no waste
    rows = [(dict(enumerate(pieces)), sum(pieces) + 1, INF, False)]
    out = mckp.solve(cols, rows, cost, [0.0] * len(cols), [1.0] * len(cols))
    assert out == ("infeasible", [])


@pytest.mark.parametrize("n", [2, 5])
def test_brute_force_helper_agrees_with_itertools(n: int) -> None:
    cols, rows, cost, _, upper = _instance(11, n)
    best = None
    for bits in itertools.product([0.0, 1.0], repeat=n):
        x = list(bits)
        if _feasible(x, rows, upper):
            v = _value(x, cost)
            best = v if best is None else min(best, v)
    assert best == _brute(cols, rows, cost, upper) or (
        best is not None and math.isclose(best, _brute(cols, rows, cost, upper) or 0)
    )
