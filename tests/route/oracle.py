"""An independent brute-force oracle for the route planner (issue 13).

Written plainly and separately from the planner so a bug there cannot hide in the
check: its own cost, its own effect application (with the grow-only rule) and its
own condition evaluation. It reads only the plain fields of the records (an
action's effects, money, hours; a trait's kind, levels, mutability) and never calls
``action_cost``, ``Action.apply``, ``Effect.apply``, ``Action.ready``,
``Condition.holds``/``evaluate`` or ``matching``.

Semantics (the planner's documented ones): a set of actions is feasible when its
groups are distinct, its sourced money and months away fit the limits, its effort
fits the weekly hours until the deadline (if any), and repeatedly doing every action
whose prerequisites hold (an unknown value is assumed) finishes them all; the
targets must then hold. Unsourced money counts 0. No trait grows with time here.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

WEEKS_PER_MONTH = 30.4375 / 7


def cost(action: Any, weights: Any, hours_per_week: float) -> float:
    """Weighted hours + sourced money + calendar months (stretched by weekly hours)."""
    money = action.money if action.money_sourced else 0.0
    weeks = action.effort_hours / hours_per_week
    months = max(action.duration_months, weeks / WEEKS_PER_MONTH)
    return (
        weights.hours * action.effort_hours
        + weights.money * money
        + weights.months * months
    )


def rank(trait: Any, value: Any) -> float:
    """Order of a yes/no, number or level value."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if trait.levels:
        return float(list(trait.levels).index(value))
    return float(value)


def apply(traits: Any, action: Any, state: Mapping[str, Any]) -> dict[str, Any]:
    """The values after ``action``; a grow-only yes/no, number or level never drops."""
    out = dict(state)
    for effect in action.effects:
        trait = traits[effect.trait]
        old = out.get(effect.trait)
        if effect.op == "add":
            new = (old or 0.0) + effect.value
        elif effect.op == "include":
            new = (old or frozenset()) | {effect.value}
        else:
            new = effect.value
        grow_only = trait.mutability.value == "grow_only"
        ordered = trait.kind.value in ("bool", "number", "level")
        if (
            grow_only
            and ordered
            and old is not None
            and rank(trait, new) < rank(trait, old)
        ):
            new = old
        out[effect.trait] = new
    return out


def holds(traits: Any, cond: Any, state: Mapping[str, Any]) -> bool | None:
    """True, False, or None when the value is unknown."""
    trait = traits[cond.trait]
    value = state.get(cond.trait)
    if value is None:
        return None
    if cond.op == "is":
        return value is cond.value
    if cond.op == "has":
        return cond.value in value
    if cond.op == "in":
        return value in cond.value
    if trait.kind.value == "category":
        return value == cond.value
    if trait.kind.value == "set":
        left, right = float(len(value)), float(cond.value)
    else:
        left, right = rank(trait, value), rank(trait, cond.value)
    return {
        ">=": left >= right,
        "<=": left <= right,
        ">": left > right,
        "<": left < right,
        "=": left == right,
    }[cond.op]


def score(traits: Any, target: Any, state: Mapping[str, Any]) -> float:
    """A linear target's score: features ``t``, ``t=category``, ``t has member``."""
    total = target.intercept
    for feature, coef in target.coefficients.items():
        if " has " in feature:
            name, member = feature.split(" has ")
            x = 1.0 if member in (state.get(name) or frozenset()) else 0.0
        elif "=" in feature:
            name, category = feature.split("=")
            x = 1.0 if state.get(name) == category else 0.0
        else:
            value = state.get(feature)
            x = 0.0 if value is None else rank(traits[feature], value)
        total += coef * x
    return total


def final_state(
    traits: Any, actions: Sequence[Any], values: Mapping[str, Any]
) -> dict[str, Any] | None:
    """Do every ready action, round after round; None if some never gets ready."""
    state = dict(values)
    left = list(actions)
    while left:
        ready = [
            a
            for a in left
            if all(holds(traits, c, state) is not False for c in a.requires)
        ]
        if not ready:
            return None
        for action in ready:
            state = apply(traits, action, state)
        left = [a for a in left if a not in ready]
    return state


def feasible(
    traits: Any,
    actions: Sequence[Any],
    values: Mapping[str, Any],
    targets: Sequence[Any],
    limits: Any,
    linear: Sequence[Any] = (),
    months_available: float | None = None,
) -> bool:
    groups = [a.group for a in actions if a.group]
    if len(groups) != len(set(groups)):
        return False
    money = sum(a.money for a in actions if a.money_sourced)
    if limits.money is not None and money > limits.money + 1e-9:
        return False
    away = sum(a.months_away for a in actions)
    if limits.months_away is not None and away > limits.months_away + 1e-9:
        return False
    if months_available is not None:
        for a in actions:
            weeks = a.effort_hours / limits.hours_per_week
            if max(a.duration_months, weeks / WEEKS_PER_MONTH) > months_available:
                return False
        budget = limits.hours_per_week * WEEKS_PER_MONTH * months_available
        if sum(a.effort_hours for a in actions) > budget + 1e-6:
            return False
    state = final_state(traits, actions, values)
    if state is None:
        return False
    if not all(holds(traits, c, state) is True for c in targets):
        return False
    return all(score(traits, t, state) >= t.logit_needed() - 1e-9 for t in linear)


def brute_force(
    traits: Any,
    catalogue: Sequence[Any],
    values: Mapping[str, Any],
    targets: Sequence[Any],
    limits: Any,
    weights: Any,
    linear: Sequence[Any] = (),
    months_available: float | None = None,
) -> tuple[float, tuple[str, ...]] | None:
    """The cheapest feasible subset of ``catalogue`` (None when none is)."""
    best: tuple[float, tuple[str, ...]] | None = None
    hours = limits.hours_per_week
    for size in range(len(catalogue) + 1):
        for subset in itertools.combinations(catalogue, size):
            total = sum(cost(a, weights, hours) for a in subset)
            if best is not None and total >= best[0] - 1e-9:
                continue
            if feasible(
                traits, subset, values, targets, limits, linear, months_available
            ):
                best = (total, tuple(a.name for a in subset))
    return best


def replay_route(
    traits: Any, catalogue: Any, values: Mapping[str, Any], steps: Sequence[Any]
) -> dict[str, Any]:
    """Assert each dated step's prerequisites hold when it starts (the effects of the
    steps ended by then, applied by the oracle), and return the state after every
    step: the route checked with none of the planner's own code."""
    actions = {s.action: catalogue[s.action] for s in steps}
    by_end = sorted(steps, key=lambda s: s.end)
    for step in steps:
        state = dict(values)
        for other in by_end:
            if other.end <= step.start and other is not step:
                state = apply(traits, actions[other.action], state)
        for cond in actions[step.action].requires:
            assert holds(traits, cond, state) is True, (step.action, cond)
    state = dict(values)
    for step in by_end:
        state = apply(traits, actions[step.action], state)
    return state
