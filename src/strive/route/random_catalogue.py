"""Random small catalogues and a brute-force reference planner (tests and bench).

The catalogues are *monotone*: grow-only numbers with ``add`` effects, grow-only
levels and yes/no traits with ``set`` effects, a grow-only set with ``include``
effects, prerequisites and targets of the kinds ``>=``, ``has`` and ``is yes``, plus
exclusive groups. On such catalogues the selection model is exact, so the planner's
cost must equal brute-force enumeration of every subset. That brute force lives in
``tests/route/oracle.py``, written separately from the planner so it shares none of
its code.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.goal import Limits
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

_LEVELS = ("none", "low", "mid", "high")
_MEMBERS = ("a", "b", "c", "d", "e")


@dataclass(frozen=True)
class RandomCase:
    traits: TraitSet
    catalogue: Catalogue
    values: dict[str, Value | None]
    targets: tuple[Condition, ...]
    limits: Limits


def random_traits(n_numbers: int = 2, n_levels: int = 2, n_bools: int = 2) -> TraitSet:
    traits = [
        Trait(f"n{i}", Kind.NUMBER, mutability=Mutability.GROW_ONLY, minimum=0)
        for i in range(n_numbers)
    ]
    traits += [
        Trait(f"l{i}", Kind.LEVEL, levels=_LEVELS, mutability=Mutability.GROW_ONLY)
        for i in range(n_levels)
    ]
    traits += [
        Trait(f"b{i}", Kind.BOOL, mutability=Mutability.GROW_ONLY)
        for i in range(n_bools)
    ]
    traits.append(
        Trait("s", Kind.SET, categories=_MEMBERS, mutability=Mutability.GROW_ONLY)
    )
    traits.append(Trait("fixed", Kind.NUMBER, mutability=Mutability.FIXED))
    return TraitSet.of(traits)


def _condition(rng: random.Random, trait: Trait, strength: float = 1.0) -> Condition:
    if trait.kind is Kind.NUMBER:
        return Condition(trait.name, ">=", float(rng.randint(1, int(6 * strength) + 1)))
    if trait.kind is Kind.LEVEL:
        return Condition(trait.name, ">=", rng.choice(_LEVELS[1:]))
    if trait.kind is Kind.BOOL:
        return Condition(trait.name, "is", True)
    if rng.random() < 0.5:
        return Condition(trait.name, "has", rng.choice(_MEMBERS))
    return Condition(trait.name, ">=", float(rng.randint(1, 3)))


def _effect(rng: random.Random, trait: Trait) -> Effect:
    if trait.kind is Kind.NUMBER:
        return Effect(trait.name, "add", float(rng.randint(1, 4)))
    if trait.kind is Kind.LEVEL:
        return Effect(trait.name, "set", rng.choice(_LEVELS[1:]))
    if trait.kind is Kind.BOOL:
        return Effect(trait.name, "set", True)
    return Effect(trait.name, "include", rng.choice(_MEMBERS))


def random_catalogue(
    rng: random.Random,
    traits: TraitSet,
    n_actions: int,
    *,
    p_requires: float = 0.3,
    p_group: float = 0.15,
    max_effects: int = 2,
) -> Catalogue:
    changeable = [t for t in traits if t.mutability is not Mutability.FIXED]
    actions = []
    for i in range(n_actions):
        picked = rng.sample(
            changeable, rng.randint(1, min(max_effects, len(changeable)))
        )
        effects = tuple(_effect(rng, t) for t in picked)
        requires: tuple[Condition, ...] = ()
        if rng.random() < p_requires:
            other = rng.choice([t for t in changeable if t not in picked])
            requires = (_condition(rng, other, 0.5),)
        actions.append(
            Action(
                name=f"a{i:04d}",
                label=f"action {i}",
                effects=effects,
                duration_months=float(rng.randint(0, 12)),
                effort_hours=float(rng.randint(5, 400)),
                money=float(rng.choice([0, 100, 500, 2000, 8000])),
                money_sourced=rng.random() < 0.9,
                months_away=float(rng.choice([0, 0, 0, 1, 3])),
                requires=requires,
                group=f"g{rng.randint(0, 2)}" if rng.random() < p_group else "",
            )
        )
    return Catalogue.of(actions)


def random_case(
    seed: int,
    n_actions: int = 7,
    n_targets: int = 3,
    *,
    limited: bool = True,
) -> RandomCase:
    # Seeded, reproducible test catalogue: no secret is drawn here (bandit B311).
    rng = random.Random(seed)  # nosec B311
    traits = random_traits()
    catalogue = random_catalogue(rng, traits, n_actions)
    values: dict[str, Value | None] = {}
    for t in traits:
        if t.kind is Kind.NUMBER:
            values[t.name] = float(rng.randint(0, 2))
        elif t.kind is Kind.LEVEL:
            values[t.name] = rng.choice(_LEVELS[:2])
        elif t.kind is Kind.BOOL:
            values[t.name] = rng.random() < 0.2
        else:
            values[t.name] = frozenset(rng.sample(_MEMBERS, rng.randint(0, 1)))
    changeable = [t for t in traits if t.mutability is not Mutability.FIXED]
    targets = tuple(_condition(rng, rng.choice(changeable)) for _ in range(n_targets))
    limits = Limits(
        hours_per_week=float(rng.choice([5, 10, 20])),
        money=float(rng.choice([2000, 10000]))
        if limited and rng.random() < 0.5
        else None,
        months_away=float(rng.choice([0, 2, 4]))
        if limited and rng.random() < 0.5
        else None,
        max_parallel=rng.randint(1, 3),
    )
    return RandomCase(traits, catalogue, values, targets, limits)


def scaling_person(
    rng: random.Random, traits: TraitSet, n_targets: int
) -> tuple[dict[str, Value | None], list[Condition]]:
    """A person at the bottom of every changeable trait, with ``n_targets`` targets
    on distinct traits: the people of ``bench_route.py scaling`` (and of the tests
    that check the selection on the same kind of model)."""
    values: dict[str, Value | None] = {}
    for t in traits:
        if t.kind is Kind.NUMBER:
            values[t.name] = float(rng.randint(0, 2))
        elif t.kind is Kind.LEVEL:
            values[t.name] = "none"
        elif t.kind is Kind.BOOL:
            values[t.name] = False
        elif t.kind is Kind.SET:
            values[t.name] = frozenset()
        else:
            values[t.name] = None
    changeable = [t for t in traits if t.mutability is not Mutability.FIXED]
    targets = []
    for t in rng.sample(changeable, min(n_targets, len(changeable))):
        if t.kind is Kind.NUMBER:
            targets.append(Condition(t.name, ">=", float(rng.randint(3, 6))))
        elif t.kind is Kind.LEVEL:
            targets.append(Condition(t.name, ">=", "mid"))
        elif t.kind is Kind.BOOL:
            targets.append(Condition(t.name, "is", True))
        else:
            targets.append(Condition(t.name, ">=", 2.0))
    return values, targets
