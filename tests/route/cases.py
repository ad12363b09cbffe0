"""Feasible route instances by construction (issue 13).

A catalogue is built around a prerequisite chain of 2-4 actions, a few free actions
and actions that ``set`` a free number (``debt``) down or up; a *witness* subset is
done by the oracle and the targets are read off its end state, so at least one
route exists. The limits are the witness's own money and months away (they bind),
and a linear target can need ``debt`` to go down (a negative coefficient).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import oracle

from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.goal import Limits
from strive.route.targets import LinearTarget
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

LEVELS = ("none", "low", "mid", "high")
MEMBERS = ("a", "b", "c", "d")
GATES = ("b0", "b1", "l0", "n0", "s")

TRAITS = TraitSet.of(
    [
        Trait("n0", Kind.NUMBER, mutability=Mutability.GROW_ONLY, minimum=0),
        Trait("n1", Kind.NUMBER, mutability=Mutability.GROW_ONLY, minimum=0),
        Trait("l0", Kind.LEVEL, levels=LEVELS, mutability=Mutability.GROW_ONLY),
        Trait("b0", Kind.BOOL, mutability=Mutability.GROW_ONLY),
        Trait("b1", Kind.BOOL, mutability=Mutability.GROW_ONLY),
        Trait("s", Kind.SET, categories=MEMBERS, mutability=Mutability.GROW_ONLY),
        Trait("debt", Kind.NUMBER, mutability=Mutability.FREE, minimum=0),
        Trait("fixed", Kind.NUMBER, mutability=Mutability.FIXED),
    ]
)


@dataclass(frozen=True)
class Case:
    catalogue: Catalogue
    values: dict[str, Value | None]
    targets: tuple[Condition, ...]
    linear: tuple[LinearTarget, ...]
    limits: Limits
    witness: tuple[str, ...]
    chain: tuple[str, ...]


def _effect(rng: random.Random, trait: str) -> Effect:
    if trait.startswith("n"):
        return Effect(trait, "add", float(rng.randint(1, 4)))
    if trait == "l0":
        return Effect(trait, "set", rng.choice(LEVELS[1:]))
    if trait == "s":
        return Effect(trait, "include", rng.choice(MEMBERS))
    return Effect(trait, "set", True)


def _gate(trait: str, after: dict[str, Value | None], effect: Effect) -> Condition:
    """A condition that ``effect`` makes hold (used as the next link's prerequisite)."""
    if trait == "s":
        return Condition(trait, "has", effect.value)
    if trait == "l0":
        return Condition(trait, ">=", effect.value)
    if trait == "n0":
        return Condition(trait, ">=", after[trait])
    return Condition(trait, "is", True)


def _action(rng: random.Random, name: str, effects: tuple[Effect, ...]) -> Action:
    return Action(
        name=name,
        label=name,
        effects=effects,
        duration_months=float(rng.randint(0, 6)),
        effort_hours=float(rng.randint(5, 200)),
        money=float(rng.choice([0, 100, 500, 2000])),
        money_sourced=rng.random() < 0.8,
        months_away=float(rng.choice([0, 0, 1, 2])),
    )


def feasible_case(seed: int, n_free: int = 3, with_linear: bool | None = None) -> Case:
    rng = random.Random(seed)
    values: dict[str, Value | None] = {
        "n0": float(rng.randint(0, 2)),
        "n1": float(rng.randint(0, 2)),
        "l0": "none",
        "b0": False,
        "b1": False,
        "s": frozenset(),
        "debt": float(rng.choice([40, 50, 60])),
        "fixed": 30.0,
    }
    actions: list[Action] = []
    # The chain: link k requires what link k-1 produced.
    gates = rng.sample(GATES, rng.randint(2, 4))
    state = dict(values)
    previous: Condition | None = None
    for k, trait in enumerate(gates):
        effect = _effect(rng, trait)
        base = _action(rng, f"chain{k}", (effect,))
        requires = () if previous is None else (previous,)
        if k == 0 and rng.random() < 0.5:
            requires = (Condition("fixed", ">=", 20.0),)  # met by the profile
        link = Action(**{**base.__dict__, "requires": requires})
        actions.append(link)
        state = oracle.apply(TRAITS, link, state)
        previous = _gate(trait, state, effect)
    chain = tuple(a.name for a in actions)
    changeable = ["n0", "n1", "l0", "b0", "b1", "s"]
    for i in range(n_free):
        picked = rng.sample(changeable, rng.randint(1, 2))
        base = _action(rng, f"free{i}", tuple(_effect(rng, t) for t in picked))
        if rng.random() < 0.3:
            other = rng.choice([t for t in changeable if t not in picked])
            cond = Condition(other, ">=", 1.0) if other.startswith("n") else None
            cond = cond or _gate(other, state, _effect(rng, other))
            base = Action(**{**base.__dict__, "requires": (cond,)})
        actions.append(base)
    for i in range(rng.randint(1, 3)):
        debt = Effect("debt", "set", float(rng.choice([0, 10, 20, 30, 70])))
        setter = _action(rng, f"debt{i}", (debt,))
        actions.append(Action(**{**setter.__dict__, "group": "debt"}))
    # The witness: the whole chain, some free actions, at most one debt action.
    frees = [a for a in actions if a.name.startswith("free") and rng.random() < 0.5]
    debts = [a for a in actions if a.name.startswith("debt")]
    picked = [*actions[: len(chain)], *frees, *rng.sample(debts, rng.randint(0, 1))]
    done: list[Action] = []
    state = dict(values)
    while True:
        ready = [
            a
            for a in picked
            if a not in done
            and all(oracle.holds(TRAITS, c, state) is not False for c in a.requires)
        ]
        if not ready:
            break
        for a in ready:
            state = oracle.apply(TRAITS, a, state)
        done.extend(ready)
    targets = [previous] if previous is not None else []
    for trait in rng.sample(changeable, 3):
        if state[trait] != values[trait]:
            targets.append(_reached(trait, state, values))
    if state["debt"] != values["debt"]:
        op = "<=" if state["debt"] < values["debt"] else ">="  # type: ignore[operator]
        targets.append(Condition("debt", op, state["debt"]))
    linear: tuple[LinearTarget, ...] = ()
    if with_linear if with_linear is not None else rng.random() < 0.5:
        coefficients = {"debt": -0.1, "n1": 0.5, "l0": 0.3}
        reached = sum(
            c * oracle.rank(TRAITS[f], state[f]) for f, c in coefficients.items()
        )
        linear = (LinearTarget(coefficients, -reached + 1e-6, 0.0, logistic=False),)
    limits = Limits(
        hours_per_week=float(rng.choice([3, 5, 10, 20])),
        money=sum(a.money for a in done if a.money_sourced)
        if rng.random() < 0.5
        else None,
        months_away=sum(a.months_away for a in done) if rng.random() < 0.5 else None,
        max_parallel=rng.randint(1, 3),
    )
    return Case(
        Catalogue.of(actions),
        values,
        tuple(t for t in targets if t is not None),
        linear,
        limits,
        tuple(a.name for a in done),
        chain,
    )


def _reached(
    trait: str, state: dict[str, Value | None], values: dict[str, Value | None]
) -> Condition:
    if trait == "s":
        new = state["s"] - values["s"]  # type: ignore[operator]
        return Condition("s", "has", sorted(new)[0])
    if trait in ("b0", "b1"):
        return Condition(trait, "is", True)
    return Condition(trait, ">=", state[trait])
