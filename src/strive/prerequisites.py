"""Template checks on prerequisites: impossible conditions and cycles.

An action's ``requires`` is met by the person's profile or by an earlier action. Two
mistakes make a template lie to the planner, which would then blame "the limits
together" for a route that can never exist:

- a condition no value of its trait can meet (``gpa>4`` when the maximum is 4,
  ``degree_level<none`` when ``none`` is the lowest level);
- a prerequisite cycle: ``a`` needs something only ``b`` provides, and ``b`` needs
  something only ``a`` provides, so neither can ever be started by the catalogue.

A prerequisite that no *other* action provides is the person's own to bring (a
licence held already, an age): that is allowed. An action that itself requires the
trait it provides builds on it (a doctorate needs a bachelor's degree) and is not a
way to get it from nothing. Any other prerequisite some action provides must be
reachable from a start that has none of them.
"""

from __future__ import annotations

from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.traits import Kind, Trait, TraitSet


def unsatisfiable(condition: Condition, trait: Trait) -> str:
    """Why no value of ``trait`` can meet ``condition`` ("" when one can)."""
    op, value = condition.op, condition.value
    if trait.kind is Kind.NUMBER and isinstance(value, float):
        low = -float("inf") if trait.minimum is None else trait.minimum
        high = float("inf") if trait.maximum is None else trait.maximum
        possible = {
            ">=": high >= value,
            ">": high > value,
            "<=": low <= value,
            "<": low < value,
            "=": low <= value <= high,
        }.get(op, True)
        if not possible:
            return (
                f"{condition.text()} can never hold: {trait.name} is between "
                f"{low:g} and {high:g}"
            )
    if trait.kind is Kind.LEVEL and isinstance(value, str) and op in ("<", ">"):
        index = trait.level_index(value)
        if (op == "<" and index == 0) or (op == ">" and index == len(trait.levels) - 1):
            return (
                f"{condition.text()} can never hold: {value!r} is the "
                f"{'lowest' if op == '<' else 'highest'} level of {trait.name}"
            )
    if trait.kind is Kind.SET and isinstance(value, float) and trait.categories:
        size = len(trait.categories)
        if (op in (">=", "=") and value > size) or (op == ">" and value >= size):
            return (
                f"{condition.text()} can never hold: {trait.name} has only "
                f"{size} possible members"
            )
    return ""


def _provides(effect: Effect, condition: Condition, trait: Trait) -> bool:
    """Whether ``effect`` can make ``condition`` hold (from some starting value)."""
    if effect.trait != condition.trait:
        return False
    if effect.op == "set":
        return bool(condition.holds(trait, effect.value))
    return True  # adding to a number or a set can reach a threshold


def check_prerequisites(
    catalogue: Catalogue, traits: TraitSet
) -> tuple[str, str] | None:
    """The first action caught in a prerequisite cycle, and a message naming the
    cycle (``None`` when every action can be started).

    Actions are started greedily from nothing: an action can start when each of its
    prerequisites is either provided by no other action (the person brings it) or
    provided by an action that can start. Whatever is left waits on a cycle.
    """
    actions = list(catalogue)

    def providers(action: Action, condition: Condition) -> list[Action]:
        trait = traits[condition.trait]
        return [
            other
            for other in actions
            if other.name != action.name
            and any(_provides(e, condition, trait) for e in other.effects)
            and not any(r.trait == condition.trait for r in other.requires)
        ]

    startable: set[str] = set()
    changed = True
    while changed:
        changed = False
        for action in actions:
            if action.name in startable:
                continue
            if all(
                not (found := providers(action, c))
                or any(p.name in startable for p in found)
                for c in action.requires
            ):
                startable.add(action.name)
                changed = True
    if len(startable) == len(actions):
        return None

    def blocker(action: Action) -> tuple[Condition, list[Action]]:
        for c in action.requires:
            found = providers(action, c)
            if found and not any(p.name in startable for p in found):
                return c, found
        raise AssertionError("a stuck action has a blocked prerequisite")

    start = next(a for a in actions if a.name not in startable)
    path: list[tuple[Action, Condition, list[Action]]] = []
    current = start
    while current.name not in [a.name for a, _, _ in path]:
        condition, found = blocker(current)
        path.append((current, condition, found))
        current = found[0]
    cycle = path[[a.name for a, _, _ in path].index(current.name) :]
    steps = [
        f"{a.name} requires {c.text()}, provided only by "
        f"{', '.join(p.name for p in found)}"
        for a, c, found in cycle
    ]
    names = " → ".join([a.name for a, _, _ in cycle] + [cycle[0][0].name])
    return (
        cycle[0][0].name,
        f"prerequisite cycle {names}: "
        + "; ".join(steps)
        + " (none of them can ever start)",
    )
