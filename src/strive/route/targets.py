"""What a route can aim at besides the template's requirements.

* plain :class:`~strive.conditions.Condition` targets (``pilot_certificate``,
  ``languages>=3``), passed to ``plan_route(targets=...)``;
* :class:`LookalikeTarget`: match at least ``k`` real selected people on every
  comparable, changeable trait (plausible by construction: people with that profile
  were selected);
* :class:`LinearTarget`: a labelled model's probability at least ``threshold +
  margin`` (exact for linear models such as logistic regression).

Encoded features for :class:`LinearTarget` are named ``trait`` (numbers, yes/no as
0/1, levels as their index), ``trait=value`` (one-hot categories) and ``trait has m``
(set members).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from strive.conditions import Condition
from strive.traits import Kind, Mutability, TraitSet, Value


@dataclass(frozen=True)
class LookalikeTarget:
    """Match at least ``k`` of ``profiles`` on every comparable trait they record.

    A match means your value matches or exceeds theirs (:meth:`Trait.matches`).
    Sensitive traits are never compared, and fixed traits (age, birthplace...) are
    skipped: no action can change them and they say nothing about what to do.
    """

    profiles: Sequence[Mapping[str, Value | None]]
    k: int = 1
    name: str = "look-alikes"

    def alternatives(self, traits: TraitSet) -> list[tuple[Condition, ...]]:
        """One all-of alternative of conditions per look-alike."""
        out: list[tuple[Condition, ...]] = []
        for profile in self.profiles:
            conditions: list[Condition] = []
            for name, value in profile.items():
                if value is None or name not in traits:
                    continue
                trait = traits[name]
                if not trait.comparable or trait.mutability is Mutability.FIXED:
                    continue
                conditions.extend(_matching(trait.kind, name, value))
            out.append(tuple(conditions))
        return out


def _matching(kind: Kind, name: str, value: Value) -> list[Condition]:
    if kind is Kind.BOOL:
        return [Condition(name, "is", True)] if value is True else []
    if kind is Kind.CATEGORY:
        return [Condition(name, "=", value)]
    if kind is Kind.SET:
        assert isinstance(value, frozenset)
        return [Condition(name, "has", m) for m in sorted(value)]
    return [Condition(name, ">=", value)]


@dataclass(frozen=True)
class LinearTarget:
    """``sigmoid(intercept + sum(coef * feature)) >= threshold + margin``.

    >>> LinearTarget({"experience_years": 0.5}, -2.0, 0.5).logit_needed()
    0.0
    """

    coefficients: Mapping[str, float]
    intercept: float
    threshold: float = 0.5
    margin: float = 0.0
    name: str = "model"
    logistic: bool = True
    """False: the score itself (no sigmoid) must reach ``threshold + margin``."""

    def logit_needed(self) -> float:
        p = self.threshold + self.margin
        if not self.logistic:
            return p
        p = min(max(p, 1e-12), 1 - 1e-12)
        return math.log(p / (1 - p))

    def score(self, traits: TraitSet, values: Mapping[str, Value | None]) -> float:
        """The model's linear score on these values (unknown features count 0)."""
        total = self.intercept
        for feature, coef in self.coefficients.items():
            total += coef * feature_value(traits, values, feature)
        return total


def feature_value(
    traits: TraitSet, values: Mapping[str, Value | None], feature: str
) -> float:
    """The encoded value of one feature (see the module docstring)."""
    if " has " in feature:
        name, member = feature.split(" has ", 1)
        value = values.get(name)
        return 1.0 if isinstance(value, frozenset) and member in value else 0.0
    if "=" in feature:
        name, category = feature.split("=", 1)
        return 1.0 if values.get(name) == category else 0.0
    value = values.get(feature)
    if value is None:
        return 0.0
    return traits[feature].order_key(value)


@dataclass(frozen=True)
class ModelTarget:
    """A fitted model compiled into a target, with what the plan must know about it.

    Made by :func:`strive.route.models.target_from_model`. ``target`` is the exact
    encoding (a :class:`LinearTarget` or a :class:`strive.route.trees.TreeTarget`).

    * ``imputed``: values the model's own imputer gives an input the person has
      not recorded (used for that trait when it is unknown, and said in the notes);
    * ``fixed``: traits the route must never change (sensitive inputs, allowed only
      by an explicit flag);
    * ``notes``: what the output must say (imputed inputs, sensitive inputs used);
    * ``inputs``: ``(model column, trait, "number" | "category")`` in the model's
      column order, to rebuild the model's input row from a profile.
    """

    target: object
    imputed: Mapping[str, Value] = field(default_factory=dict)
    fixed: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()
    inputs: tuple[tuple[str, str, str], ...] = ()
    sensitive: tuple[str, ...] = ()
    method: str = "linear"
    """``linear`` or ``trees`` (both exact), or ``search`` (re-prediction only)."""

    def row(
        self, traits: TraitSet, values: Mapping[str, Value | None]
    ) -> dict[str, object]:
        """The model's input row for these values (levels as their index for a
        numeric column, as their name for an encoded one; yes/no as 1/0)."""
        out: dict[str, object] = {}
        for column, name, kind in self.inputs:
            value = values.get(name)
            if value is None:
                value = self.imputed.get(name)
            if value is None:
                out[column] = None
            elif kind == "category":
                out[column] = value
            else:
                out[column] = traits[name].order_key(value)
        return out
