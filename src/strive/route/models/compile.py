"""Fitted scikit-learn classifiers as exact route targets.

``target_from_model(model, columns, traits)`` reads a fitted estimator or Pipeline
(:mod:`strive.route.models.encode` for the preprocessing) and returns a
:class:`~strive.route.targets.ModelTarget`:

* linear classifiers (LogisticRegression, LinearSVC, RidgeClassifier,
  SGDClassifier): a :class:`~strive.route.targets.LinearTarget` in the traits' raw
  units — the preprocessing is affine, so the composition is exact;
* tree ensembles (DecisionTreeClassifier, RandomForestClassifier,
  ExtraTreesClassifier, binary GradientBoostingClassifier, HistGradientBoosting;
  XGBoost and LightGBM when installed, :mod:`strive.route.models.boosters`): a
  :class:`~strive.route.trees.TreeTarget`, encoded as a mixed-integer model with one
  binary per leaf as in Cui et al. 2015 ("Optimal Action Extraction for Random
  Forests and Boosted Trees", KDD) and Kanamori et al. (DACE, IJCAI 2020; ordered
  counterfactual explanations, AAAI 2021), solved by the same HiGHS model as the
  action selection.

The route must make the model predict the positive class (``classes_[1]``): the
probability strictly above ``threshold`` (``predict`` at 0.5), or, for a model with
no probabilities, a decision value above 0. Sensitive inputs are refused unless
allowed, and then never changed. An input the person has not recorded takes the
model's own imputer value (said in the notes) or is refused, never taken as 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from strive.errors import InputError
from strive.route.models.boosters import lightgbm_target, wrap, xgboost_target
from strive.route.models.encode import (
    Compiled,
    ModelInputError,
    Raw,
    Unsupported,
    apply_step,
    model_inputs,
    numeric,
)
from strive.route.models.search import SearchTarget
from strive.route.targets import LinearTarget, ModelTarget
from strive.route.trees import Affine, Leaf, TreeTarget
from strive.traits import TraitSet, Value

SENSITIVE_WORDS = (
    "race",
    "sex",
    "gender",
    "ethnicity",
    "religion",
    "nationality",
    "marital status",
    "marital_status",
)
"""Trait names or labels taken as sensitive even when a template does not say so."""

_STRICT = 1e-5
"""How far above the threshold a probability or decision value must be: ``predict``
picks the positive class only strictly above it, and the selection accepts rows
within 1e-7 (1e-6 for a row left with no variables), so the margin is well above
both (a route is re-checked within 1e-7)."""

_LINEAR = {"LogisticRegression", "LinearSVC", "RidgeClassifier", "SGDClassifier"}
_FORESTS = {"DecisionTreeClassifier", "RandomForestClassifier", "ExtraTreesClassifier"}


class SensitiveTraitError(InputError):
    """The model uses a sensitive trait and that was not explicitly allowed."""


def is_sensitive(traits: TraitSet, name: str, extra: Iterable[str] = ()) -> bool:
    trait = traits[name]
    words = {*SENSITIVE_WORDS, *extra}
    return trait.sensitive or name.lower() in words or trait.title.lower() in words


def target_from_model(
    model: Any,
    columns: Mapping[str, str],
    traits: TraitSet,
    *,
    threshold: float = 0.5,
    allow_sensitive: bool = False,
    sensitive: Iterable[str] = (),
    name: str = "model",
) -> ModelTarget:
    """Compile a fitted binary classifier into an exact route target.

    ``columns`` maps each model input column to a trait. ``sensitive`` adds trait
    names to the built-in sensitive list (``SENSITIVE_WORDS`` and traits marked
    sensitive in the template).

    Raises:
        ModelInputError: a column is unmapped, a mapped column or trait does not
            exist, or a column's kind does not fit its trait.
        SensitiveTraitError: the model uses a sensitive trait without
            ``allow_sensitive``.
        Unsupported: the model is not a binary classifier, or cannot be encoded
            exactly and has no ``predict_proba`` (with one, the target falls back
            to a search validated by re-prediction: ``method == "search"``, see
            :mod:`strive.route.models.search`).
    """
    if not 0.0 < threshold < 1.0:
        raise ModelInputError(f"threshold must be between 0 and 1, not {threshold}")
    model = wrap(model)
    steps: list[Any]
    if type(model).__name__ == "Pipeline":
        steps = [s for _, s in model.steps]
    else:
        steps = [model]
    estimator = steps[-1]
    classes = list(getattr(estimator, "classes_", []))
    if len(classes) != 2:
        raise Unsupported("only binary classifiers can be route targets")
    inputs = model_inputs(model, columns, traits)
    used = sorted({r.trait.name for r in inputs})
    flagged = [t for t in used if is_sensitive(traits, t, sensitive)]
    if flagged and not allow_sensitive:
        raise SensitiveTraitError(
            f"the model uses sensitive traits ({', '.join(flagged)}); pass "
            "allow_sensitive (--allow-sensitive) to plan with it anyway: those "
            "traits are then never changed"
        )
    compiled = Compiled(list(inputs))
    notes: list[str] = []
    target: LinearTarget | TreeTarget | SearchTarget
    try:
        target, method = _exact(steps, compiled, threshold, name)
    except Unsupported as exc:
        if not hasattr(model, "predict_proba"):
            raise
        target, method = SearchTarget(model, threshold, name), "search"
        notes.append(
            f"The model cannot be encoded exactly ({exc}); the route was found "
            "by a search and checked by re-prediction, not proven cheapest."
        )
        for raw in inputs:
            kind = "category" if raw.trait.kind.value == "category" else "number"
            compiled.kinds.setdefault(raw.column, kind)
    if flagged:
        notes.append(
            f"The model uses sensitive traits ({', '.join(flagged)}); the route "
            "never changes them."
        )
    for raw in inputs:
        if raw.imputed is not None:
            notes.append(
                f"If {raw.trait.name} is not recorded, the model's own imputer "
                f"value {raw.imputed!r} is used for it."
            )
    return ModelTarget(
        target,
        imputed=dict(compiled.imputed),
        fixed=frozenset(flagged),
        notes=tuple(notes),
        inputs=tuple(
            (r.column, r.trait.name, compiled.kinds.get(r.column, "number"))
            for r in inputs
        ),
        sensitive=tuple(flagged),
        method=method,
    )


def _exact(
    steps: list[Any], compiled: Compiled, threshold: float, name: str
) -> tuple[LinearTarget | TreeTarget, str]:
    cols = compiled.columns
    for step in steps[:-1]:
        cols = apply_step(step, cols, compiled)
    exprs = [numeric(c, compiled.kinds) for c in cols]
    estimator = steps[-1]
    kind = type(estimator).__name__
    if kind in _LINEAR:
        return _linear(estimator, exprs, threshold, name), "linear"
    if kind in _FORESTS:
        return _forest(estimator, exprs, threshold, name), "trees"
    if kind == "GradientBoostingClassifier":
        return _boosting(estimator, exprs, threshold, name), "trees"
    if kind == "HistGradientBoostingClassifier":
        return _hist(estimator, exprs, threshold, name), "trees"
    library = getattr(estimator, "library", None) if kind == "BoosterModel" else None
    if kind == "XGBClassifier" or library == "xgboost":
        return xgboost_target(estimator, exprs, threshold, _STRICT, name), "trees"
    if kind == "LGBMClassifier" or library == "lightgbm":
        return lightgbm_target(estimator, exprs, threshold, _STRICT, name), "trees"
    raise Unsupported(f"model {kind}")


def check_recorded(target: ModelTarget, values: Mapping[str, Value | None]) -> None:
    """Refuse an input the person has not recorded and no imputer fills."""
    for column, trait, _ in target.inputs:
        if values.get(trait) is None and trait not in target.imputed:
            raise ModelInputError(
                f"the model needs {trait} (column {column!r}) and it is not "
                f"recorded; record it first (strive profile set {trait}=VALUE)"
            )


def _linear(
    estimator: Any, exprs: list[Affine], threshold: float, name: str
) -> LinearTarget:
    kind = type(estimator).__name__
    coef = [float(c) for c in estimator.coef_.ravel()]
    intercept = (
        float(estimator.intercept_.ravel()[0])
        if hasattr(estimator.intercept_, "ravel")
        else float(estimator.intercept_)
    )
    if len(coef) != len(exprs):
        raise Unsupported("the model's coefficients do not match its inputs")
    coefficients: dict[str, float] = {}
    const = intercept
    for w, e in zip(coef, exprs, strict=True):
        const += w * e.const
        for f, c in e.coefs.items():
            coefficients[f] = coefficients.get(f, 0.0) + w * c
    logistic = kind == "LogisticRegression" or (
        kind == "SGDClassifier" and estimator.loss == "log_loss"
    )
    if logistic:
        return LinearTarget(coefficients, const, threshold, _STRICT, name)
    if not math.isclose(threshold, 0.5):
        raise Unsupported(f"{kind} has no probabilities; only threshold 0.5 applies")
    return LinearTarget(coefficients, const, 0.0, _STRICT, name, logistic=False)


def _tree_leaves(tree: Any, scale: float, proba: bool) -> tuple[Leaf, ...]:
    """Every leaf of a fitted sklearn tree with its path's intervals."""
    t = tree.tree_
    left, right = t.children_left, t.children_right
    feature, thr, value = t.feature, t.threshold, t.value
    leaves: list[Leaf] = []
    stack: list[tuple[int, dict[int, tuple[float, float]]]] = [(0, {})]
    while stack:
        node, bounds = stack.pop()
        if left[node] == -1:
            v = value[node]
            if proba:
                row = v[0]
                total = float(row.sum())
                score = float(row[1]) / total if total > 0 else 0.0
            else:
                score = float(v[0][0])
            leaves.append(
                Leaf(
                    tuple((j, lo, hi) for j, (lo, hi) in sorted(bounds.items())),
                    scale * score,
                )
            )
            continue
        j, s = int(feature[node]), float(thr[node])
        lo, hi = bounds.get(j, (-math.inf, math.inf))
        stack.append((int(left[node]), {**bounds, j: (lo, min(hi, s))}))
        stack.append((int(right[node]), {**bounds, j: (max(lo, s), hi)}))
    return tuple(leaves)


def _forest(
    estimator: Any, exprs: list[Affine], threshold: float, name: str
) -> TreeTarget:
    trees = getattr(estimator, "estimators_", [estimator])
    scale = 1.0 / len(trees)
    return TreeTarget(
        tuple(exprs),
        tuple(_tree_leaves(t, scale, proba=True) for t in trees),
        offset=0.0,
        needed=threshold + _STRICT,
        name=name,
        kind="forest",
    )


def _boosting(
    estimator: Any, exprs: list[Affine], threshold: float, name: str
) -> TreeTarget:
    import numpy as np

    if estimator.loss not in ("log_loss", "exponential"):
        raise Unsupported(f"GradientBoostingClassifier(loss={estimator.loss!r})")
    rate = float(estimator.learning_rate)
    trees = tuple(
        _tree_leaves(t, rate, proba=False) for t in estimator.estimators_[:, 0]
    )
    # The initial raw score, read off the model: decision_function minus the trees.
    probe = np.zeros((1, estimator.n_features_in_))
    raw = float(estimator.decision_function(probe)[0])
    init = raw - rate * sum(
        float(t.predict(probe)[0]) for t in estimator.estimators_[:, 0]
    )
    logit = math.log(threshold / (1.0 - threshold))
    if estimator.loss == "exponential":
        logit /= 2.0
    return TreeTarget(
        tuple(exprs),
        trees,
        offset=init,
        needed=logit + _STRICT,
        name=name,
        kind="boosting",
    )


def _hist(
    estimator: Any, exprs: list[Affine], threshold: float, name: str
) -> TreeTarget:
    """HistGradientBoosting: its fitted predictors' node arrays (leaf values
    already shrunk by the learning rate; splits ``x <= num_threshold`` in float64;
    categorical splits refused). The baseline is read off ``decision_function``."""
    import numpy as np

    if getattr(estimator, "is_categorical_", None) is not None and any(
        estimator.is_categorical_
    ):
        raise Unsupported("HistGradientBoostingClassifier with categorical splits")
    trees: list[tuple[Leaf, ...]] = []
    for (predictor,) in estimator._predictors:
        nodes = predictor.nodes
        leaves: list[Leaf] = []
        stack: list[tuple[int, dict[int, tuple[float, float]]]] = [(0, {})]
        while stack:
            node, bounds = stack.pop()
            if nodes["is_leaf"][node]:
                leaves.append(
                    Leaf(
                        tuple((j, lo, hi) for j, (lo, hi) in sorted(bounds.items())),
                        float(nodes["value"][node]),
                    )
                )
                continue
            j = int(nodes["feature_idx"][node])
            s = float(nodes["num_threshold"][node])
            lo, hi = bounds.get(j, (-math.inf, math.inf))
            stack.append((int(nodes["left"][node]), {**bounds, j: (lo, min(hi, s))}))
            stack.append((int(nodes["right"][node]), {**bounds, j: (max(lo, s), hi)}))
        trees.append(tuple(leaves))
    probe = np.zeros((1, estimator.n_features_in_))
    zero = [0.0] * estimator.n_features_in_
    reached = sum(
        next(lf.value for lf in t if all(lo < zero[j] <= hi for j, lo, hi in lf.bounds))
        for t in trees
    )
    init = float(estimator.decision_function(probe)[0]) - reached
    logit = math.log(threshold / (1.0 - threshold))
    return TreeTarget(
        tuple(exprs),
        tuple(trees),
        offset=init,
        needed=logit + _STRICT,
        name=name,
        kind="boosting",
        float32=False,
    )


__all__ = [
    "ModelInputError",
    "Raw",
    "SensitiveTraitError",
    "Unsupported",
    "check_recorded",
    "target_from_model",
]
