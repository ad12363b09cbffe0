"""Dominance pruning: drop candidate actions another action makes useless.

An action ``a`` is *dominated* by an action ``b`` when every optimal route that uses
``a`` stays a route, no dearer and within every limit, with ``a`` replaced by ``b``
(or simply dropped when ``b`` is already in it). Then some optimal route avoids ``a``,
so ``a`` need not be a column of the selection model: the optimum's cost is
unchanged, only the model is smaller. The exchange argument holds when:

* ``a`` only ``set``s yes/no or level traits or ``include``s set members (effects that
  do not add up, so a second copy is useless) and ``b`` has, on each of those
  traits, an effect at least as strong (a higher or equal level, the same member);
* every trait either action changes is grow-only and only ever asked to be *at
  least* something (``>=``, ``>``, ``has``, ``is yes``) by the needs and by every
  candidate's prerequisites, so a stronger or extra effect never hurts; no model
  target reads it (a linear or tree score may weigh a trait negatively);
* ``b`` costs no more on every axis a limit or a weight reads (effort, duration,
  sourced money, months away) and so no more under any weights or hours per week;
* ``b``'s prerequisites are among ``a``'s (they hold wherever ``a``'s did), on
  traits that do not shrink with time, and do not read a trait ``a`` changes (so
  ``b`` never needed ``a``);
* ``b`` is in no group or in ``a``'s (swapping cannot break an "at most one").

Ties are broken by (sum of the axes, name), a strict order, so of two identical
actions exactly one stays and a chain of dominated actions ends at a kept one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from strive.actions import Action, Effect
from strive.conditions import Condition
from strive.traits import Kind, Mutability, TraitSet

_UPWARD = frozenset({">=", ">", "has"})


def upward(cond: Condition) -> bool:
    """A condition that more (or higher) values can only help meet."""
    return cond.op in _UPWARD or (cond.op == "is" and cond.value is True)


def monotone_traits(
    traits: TraitSet,
    conditions: Iterable[Condition],
    read_by_models: Iterable[str],
) -> set[str]:
    """Grow-only traits that ``conditions`` only ask to be at least something."""
    ok = {
        t.name
        for t in traits
        if t.mutability is Mutability.GROW_ONLY
        and t.kind in (Kind.BOOL, Kind.LEVEL, Kind.SET, Kind.NUMBER)
    }
    for cond in conditions:
        if not upward(cond):
            ok.discard(cond.trait)
    ok.difference_update(read_by_models)
    return ok


def _covers(strong: Effect, weak: Effect, traits: TraitSet) -> bool:
    """``strong`` leaves a grow-only trait at least where ``weak`` does."""
    if strong.trait != weak.trait:
        return False
    if weak.op == "include":
        return strong.op == "include" and strong.value == weak.value
    if weak.op != "set" or strong.op != "set":
        return False
    trait = traits[weak.trait]
    if trait.kind not in (Kind.BOOL, Kind.LEVEL):
        return False
    return trait.order_key(strong.value) >= trait.order_key(weak.value)


def _money(action: Action) -> float:
    return action.money if action.money_sourced else 0.0


def _key(action: Action) -> tuple[float, str]:
    """A strict order consistent with "no dearer on every axis"."""
    total = (
        action.effort_hours
        + action.duration_months
        + _money(action)
        + action.months_away
    )
    return total, action.name


class Dominance:
    """Which actions may dominate which, for one catalogue and its traits.

    Everything but the traits' monotonicity (which depends on the person's needs)
    depends only on the catalogue, so it is computed once and reused for every
    person of a batch: for each action with only idempotent effects, the actions
    that would dominate it, in the tie-break order.
    """

    def __init__(self, actions: Sequence[Action], traits: TraitSet) -> None:
        self.actions = tuple(actions)
        self.traits = traits
        by_trait: dict[str, list[Action]] = {}
        for b in actions:
            if any(traits[c.trait].growth_per_year < 0 for c in b.requires):
                continue  # its prerequisites could fail later than a's
            for trait in {e.trait for e in b.effects}:
                by_trait.setdefault(trait, []).append(b)
        self.over: dict[str, tuple[Action, ...]] = {}
        for a in actions:
            if not a.effects or not all(_idempotent(e, traits) for e in a.effects):
                continue
            found = [
                b
                for b in by_trait.get(a.effects[0].trait, ())
                if b is not a and _dominates(b, a, traits)
            ]
            if found:
                found.sort(key=_key)
                self.over[a.name] = tuple(found)

    def prune(
        self,
        candidates: Sequence[Action],
        monotone: set[str],
        keep: Iterable[str] = (),
    ) -> list[Action]:
        """``candidates`` without the dominated ones (order kept); ``keep`` is
        never dropped nor used to drop another (actions already started)."""
        if not self.over:
            return list(candidates)
        kept = set(keep)
        present = {a.name for a in candidates} - kept
        dropped: set[str] = set()
        for a in candidates:
            over = self.over.get(a.name)
            if over is None or a.name in kept:
                continue
            if not all(e.trait in monotone for e in a.effects):
                continue
            for b in over:
                if b.name in present and all(e.trait in monotone for e in b.effects):
                    dropped.add(a.name)
                    break
        if not dropped:
            return list(candidates)
        return [a for a in candidates if a.name not in dropped]


def _idempotent(effect: Effect, traits: TraitSet) -> bool:
    return effect.op == "include" or (
        effect.op == "set" and traits[effect.trait].kind in (Kind.BOOL, Kind.LEVEL)
    )


def _dominates(b: Action, a: Action, traits: TraitSet) -> bool:
    """``b`` may replace ``a`` (given monotone traits, checked per person)."""
    if _key(b) >= _key(a):
        return False
    if b.group and b.group != a.group:
        return False
    if (
        b.effort_hours > a.effort_hours
        or b.duration_months > a.duration_months
        or b.months_away > a.months_away
        or _money(b) > _money(a)
    ):
        return False
    if not set(a.requires).issuperset(b.requires):
        return False
    a_traits = {e.trait for e in a.effects}
    if any(c.trait in a_traits for c in b.requires):
        return False
    return all(any(_covers(f, e, traits) for f in b.effects) for e in a.effects)


_CACHE: dict[tuple[int, int], tuple[object, Dominance]] = {}


def dominance(catalogue: Iterable[Action], traits: TraitSet) -> Dominance:
    """The :class:`Dominance` of ``catalogue``'s actions, cached while the catalogue,
    its actions and ``traits`` are the very same objects (a batch plans everyone
    against one catalogue)."""
    actions = tuple(catalogue)
    key = (id(catalogue), id(traits))
    hit = _CACHE.get(key)
    if (
        hit is not None
        and hit[0] is catalogue
        and hit[1].traits is traits
        and len(hit[1].actions) == len(actions)
        and all(x is y for x, y in zip(hit[1].actions, actions, strict=True))
    ):
        return hit[1]
    if len(_CACHE) >= 8:
        _CACHE.clear()
    made = Dominance(actions, traits)
    _CACHE[key] = (catalogue, made)
    return made
