"""The compile's memo of ``Condition.holds`` and order keys (``select._VERDICTS``)
changes nothing: models compiled with it equal models compiled without it, for
people who share a catalogue (so later people read what earlier ones stored), and
each condition and value type gets its own entry."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.conditions import Condition
from strive.goal import Limits
from strive.route import CostWeights, select
from strive.route.plan import Planner, needs_from
from strive.route.random_catalogue import random_catalogue, random_traits
from strive.route.select import Problem
from strive.traits import Kind, Mutability, Trait, Value


@contextmanager
def memo(on: bool) -> Iterator[None]:
    was = select._MEMO
    select._MEMO = on
    try:
        yield
    finally:
        select._MEMO = was


def _value(rng: random.Random, trait: Trait) -> Value | None:
    if trait.kind is Kind.NUMBER:
        return float(rng.randint(0, 3))
    if trait.kind is Kind.LEVEL:
        return rng.choice(["none", "low", "mid"])
    if trait.kind is Kind.BOOL:
        return rng.random() < 0.3
    if trait.kind is Kind.SET:
        return frozenset(rng.sample(["a", "b", "c"], rng.randint(0, 2)))
    return None


def _goal(rng: random.Random, trait: Trait) -> Condition:
    if trait.kind is Kind.NUMBER:
        return Condition(trait.name, ">=", float(rng.randint(2, 6)))
    if trait.kind is Kind.LEVEL:
        return Condition(trait.name, rng.choice([">=", "<=", "="]), "mid")
    if trait.kind is Kind.BOOL:
        return Condition(trait.name, "is", rng.random() < 0.8)
    return Condition(trait.name, "has", rng.choice(["a", "d"]))


def _model(problem: Problem) -> tuple[object, ...]:
    return (
        problem.names,
        problem.cost,
        problem.lower,
        problem.upper,
        [(sorted(t.items()), lo, hi, c) for t, lo, hi, c in problem.rows],
        problem.infeasible,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_models_compiled_with_the_memo_equal_models_without(seed: int) -> None:
    rng = random.Random(seed)
    traits = random_traits(n_numbers=3, n_levels=3, n_bools=3)
    catalogue = random_catalogue(rng, traits, 30, p_group=0.1)
    changeable = [t for t in traits if t.mutability is not Mutability.FIXED]
    select._VERDICTS.clear()
    for _ in range(4):  # people sharing the catalogue (and its conditions)
        values = {t.name: _value(rng, t) for t in traits}
        targets = [_goal(rng, t) for t in rng.sample(changeable, 4)]
        planner = Planner(
            catalogue,
            traits,
            values,
            needs=needs_from(traits, [], targets),
            limits=Limits(hours_per_week=10),
            start=dt.date(2026, 1, 1),
            deadline=None,
            weights=CostWeights(),
        )
        compiled = {}
        for on in (True, False):
            with memo(on):
                compiled[on] = _model(
                    planner.compile(
                        weights=CostWeights(),
                        limits=planner.limits,
                        deadline=None,
                    )
                )
        assert compiled[True] == compiled[False]


def test_each_condition_and_value_type_gets_its_own_verdict() -> None:
    trait = Trait("b", Kind.BOOL, mutability=Mutability.GROW_ONLY)
    first = Condition("b", "is", True)
    second = Condition("b", "is", False)
    select._VERDICTS.clear()
    assert select._verdict(first, trait, True, True) == (True, 1.0)
    assert select._verdict(second, trait, True, True) == (False, 1.0)
    # 1.0 is equal to True as a dict key; the value's type keeps them apart.
    level = Trait("n", Kind.NUMBER, mutability=Mutability.GROW_ONLY)
    at_least = Condition("n", ">=", 1.0)
    assert select._verdict(at_least, level, 1.0, True) == (True, 1.0)
    assert select._verdict(at_least, level, 0.0, True) == (False, 0.0)
