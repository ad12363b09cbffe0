"""Any other model with ``predict_proba``: a search validated by re-prediction.

A model strive cannot encode exactly (a neural network, a kernel SVM, k-nearest
neighbours, a pipeline step that is not affine) is still usable, without a proof:

1. the actions that change the model's inputs (sensitive ones excluded) are taken,
   cheapest first, up to :data:`MAX_ACTIONS`;
2. every subset of them (two ``set``s of one trait excluded) is applied to the
   profile and the model asked, in one batch, which final profiles it predicts
   positive;
3. the cheapest such subsets, in cost order, become plain conditions (the final
   value of each changed input) for the exact planner together with the
   template's requirements, and the first route whose own final profile the model
   predicts positive is returned — with ``optimal: false`` and a note, because the
   subsets are limited and the model may prefer inputs no condition captures.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from strive.actions import Action, Catalogue
from strive.conditions import Condition
from strive.route.targets import ModelTarget
from strive.traits import Kind, TraitSet, Value

MAX_ACTIONS = 12
"""At most 2**12 subsets are scored (one predict_proba call)."""
MAX_TRIES = 10
"""How many of the cheapest valid subsets are tried with the exact planner."""


@dataclass(frozen=True)
class SearchTarget:
    """A model scored by re-prediction only."""

    model: Any
    threshold: float
    name: str = "model"

    def logit_needed(self) -> float:
        return self.threshold


def probabilities(
    target: ModelTarget, traits: TraitSet, states: Sequence[Mapping[str, Value | None]]
) -> list[float]:
    """The model's positive-class probability for each profile (one batch)."""
    import numpy as np

    search = target.target
    assert isinstance(search, SearchTarget)
    columns = [c for c, _, _ in target.inputs]
    rows = [[target.row(traits, s)[c] for c in columns] for s in states]
    data: Any = np.array(rows, dtype=object)
    named = getattr(search.model, "feature_names_in_", None) is not None
    if named and not getattr(search.model, "takes_arrays", False):
        import importlib  # a model fitted on a table wants one back (pandas)

        data = importlib.import_module("pandas").DataFrame(rows, columns=columns)
    proba = search.model.predict_proba(data)
    return [float(p) for p in proba[:, 1]]


def valid(
    target: ModelTarget, traits: TraitSet, state: Mapping[str, Value | None]
) -> bool:
    search = target.target
    assert isinstance(search, SearchTarget)
    return probabilities(target, traits, [state])[0] > search.threshold


def candidate_conditions(
    catalogue: Catalogue,
    traits: TraitSet,
    values: Mapping[str, Value | None],
    targets: Sequence[ModelTarget],
    cost: Callable[[Action], float],
) -> list[tuple[Condition, ...]]:
    """The cheapest subsets every search target accepts, as final-value conditions."""
    used = {t for m in targets for _, t, _ in m.inputs}
    frozen = {t for m in targets for t in m.fixed}
    actions = sorted(
        (
            a
            for a in catalogue
            if any(e.trait in used for e in a.effects)
            and not any(e.trait in frozen for e in a.effects)
        ),
        key=cost,
    )[:MAX_ACTIONS]
    subsets: list[tuple[float, tuple[Action, ...], dict[str, Value | None]]] = []
    for r in range(len(actions) + 1):
        for subset in itertools.combinations(actions, r):
            setters = [e.trait for a in subset for e in a.effects if e.op == "set"]
            if len(setters) != len(set(setters)):
                continue
            state = dict(values)
            for action in subset:
                state = action.apply(traits, state)
            subsets.append((sum(map(cost, subset)), subset, state))
    subsets.sort(key=lambda s: s[0])
    ok = [True] * len(subsets)
    for m in targets:
        search = m.target
        assert isinstance(search, SearchTarget)
        proba = probabilities(m, traits, [s for _, _, s in subsets])
        ok = [o and p > search.threshold for o, p in zip(ok, proba, strict=True)]
    out: list[tuple[Condition, ...]] = []
    for (_, _, state), good in zip(subsets, ok, strict=True):
        if not good:
            continue
        conds = tuple(_conditions(traits, values, state, used))
        if conds not in out:
            out.append(conds)
        if len(out) >= MAX_TRIES:
            break
    return out


def _conditions(
    traits: TraitSet,
    before: Mapping[str, Value | None],
    after: Mapping[str, Value | None],
    used: set[str],
) -> list[Condition]:
    out: list[Condition] = []
    for name in sorted(used):
        old, new = before.get(name), after.get(name)
        if new == old or new is None:
            continue
        trait = traits[name]
        if trait.kind is Kind.CATEGORY:
            out.append(Condition(name, "=", new))
        elif trait.kind is Kind.BOOL:
            out.append(Condition(name, "is", new))
        elif old is not None and trait.order_key(new) < trait.order_key(old):
            out.append(Condition(name, "<=", new))
        else:
            out.append(Condition(name, ">=", new))
    return out
