"""Tree-ensemble targets: a score made of one leaf value per tree.

A :class:`TreeTarget` is what :func:`strive.route.models.target_from_model` compiles
a fitted decision tree, random forest, extra-trees or gradient-boosting classifier
into. It needs no scikit-learn: every split is kept as an interval of an *affine
expression* of the encoded features of :mod:`strive.route.targets` (``trait``,
``trait=value``, ``trait has m``), which is how a pipeline's scalers and encoders
turn traits into the model's inputs.

The selection model (:meth:`strive.route.select.Problem.add_tree`) encodes it
exactly, after Cui et al. 2015 ("Optimal Action Extraction for Random Forests and
Boosted Trees", KDD) and Kanamori et al. 2020-2021 (DACE / ordered counterfactual
explanations by MILP): one binary per leaf, exactly one leaf per tree, the chosen
leaf's split intervals forced on the final expression values (big-M from the
expression's own bounds), and ``offset + sum(leaf value * leaf) >= needed``.

Splits are ``expression <= threshold`` to the left, as scikit-learn does after
casting inputs to float32; the right side is written ``>= threshold + gap`` (a gap
of 1e-6 relative, at least 1e-5), so a final value within that gap of a threshold
is never planned for (the planner re-checks every route with
:meth:`TreeTarget.score`). XGBoost's splits are ``expression < threshold``
(``left_strict``): the left side is then written ``<= threshold - gap`` and the
right side ``>= threshold``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from strive.route.targets import feature_value
from strive.traits import TraitSet, Value

GAP = 1e-6
"""The gap relative to a threshold's size..."""
MIN_GAP = 1e-5
"""...and at least this: HiGHS accepts rows and integrality within 1e-6, so a gap
of that size near 0 (LightGBM splits 0/1 inputs at 1e-35) let a leaf be chosen
with its input a hair on the wrong side."""


def split_gap(threshold: float) -> float:
    """How far beyond ``threshold`` the open side of a split starts (0 at ±inf)."""
    if math.isinf(threshold):
        return 0.0
    return max(MIN_GAP, GAP * abs(threshold))


@dataclass(frozen=True)
class Affine:
    """``const + sum(coef * feature)`` over encoded features."""

    const: float
    coefs: Mapping[str, float] = field(default_factory=dict)

    def value(self, traits: TraitSet, values: Mapping[str, Value | None]) -> float:
        total = self.const
        for feature, coef in self.coefs.items():
            total += coef * feature_value(traits, values, feature)
        return total


@dataclass(frozen=True)
class Leaf:
    """A leaf: ``lo < expressions[j] <= hi`` for each ``(j, lo, hi)``; its value."""

    bounds: tuple[tuple[int, float, float], ...]
    value: float


@dataclass(frozen=True)
class TreeTarget:
    """``offset + sum over trees of the reached leaf's value >= needed``.

    ``needed`` already holds the strictness margin (a forest's probability must be
    above the threshold, as ``predict`` needs); :meth:`logit_needed` returns it so
    the planner re-checks trees and linear targets the same way.
    """

    expressions: tuple[Affine, ...]
    trees: tuple[tuple[Leaf, ...], ...]
    offset: float
    needed: float
    name: str = "model"
    float32: bool = True
    """Whether the model compares float32-rounded inputs (scikit-learn's trees and
    forests) or float64 ones (HistGradientBoosting)."""
    kind: str = "forest"
    """``forest`` (mean of leaf probabilities) or ``boosting`` (sum of leaf values
    in logit space), for the docs and the JSON only."""
    left_strict: bool = False
    """Whether a split sends ``x`` left when ``x < threshold`` (XGBoost: a leaf's
    bounds then mean ``lo <= x < hi``) rather than ``x <= threshold``
    (scikit-learn, LightGBM: ``lo < x <= hi``)."""

    def inside(self, x: float, lo: float, hi: float) -> bool:
        """Whether ``x`` lies in a leaf's interval ``(lo, hi)`` of one input."""
        return lo <= x < hi if self.left_strict else lo < x <= hi

    def highest(self, hi: float) -> float:
        """The largest value the planner may give an input bounded above by ``hi``
        (``hi`` itself, or ``hi`` less the gap when ``hi`` is excluded)."""
        return hi - split_gap(hi) if self.left_strict else hi

    def lowest(self, lo: float) -> float:
        """The smallest value the planner may give an input bounded below by ``lo``
        (``lo`` plus the gap when ``lo`` is excluded, else ``lo`` itself)."""
        return lo if self.left_strict else lo + split_gap(lo)

    def logit_needed(self) -> float:
        return self.needed

    def features(self) -> set[str]:
        return {f for e in self.expressions for f in e.coefs}

    def leaf_of(self, tree: int, inputs: list[float]) -> Leaf:
        """The leaf of ``tree`` these (float32-rounded) expression values reach."""
        for leaf in self.trees[tree]:
            if all(self.inside(inputs[j], lo, hi) for j, lo, hi in leaf.bounds):
                return leaf
        raise AssertionError("the leaves of a tree cover every input")

    def score(self, traits: TraitSet, values: Mapping[str, Value | None]) -> float:
        """The ensemble's score on these values (the same space as ``needed``)."""
        raw = [e.value(traits, values) for e in self.expressions]
        inputs = [float(np.float32(x)) for x in raw] if self.float32 else raw
        return self.offset + sum(
            self.leaf_of(t, inputs).value for t in range(len(self.trees))
        )
