"""XGBoost and LightGBM tree ensembles as exact targets (when installed).

An ``XGBClassifier`` / ``LGBMClassifier`` (alone or as the last step of a
scikit-learn ``Pipeline``) or a raw ``xgboost.Booster`` / ``lightgbm.Booster`` (as
loaded from the libraries' own model files) becomes the same
:class:`~strive.route.trees.TreeTarget` as scikit-learn's ensembles: one leaf list
per tree, each leaf the intervals of the model's inputs on its path, so
:meth:`strive.route.select.Problem.add_tree` encodes them with the same one binary
per leaf. Neither library is imported by strive unless such a model is given.

What is read, and why it is exact:

* **Trees.** XGBoost's own JSON (``Booster.save_raw("json")``: float32 split
  conditions written in full) and LightGBM's ``dump_model()`` (float64 thresholds,
  17 digits). XGBoost sends ``x`` left when ``float32(x) < condition``
  (``TreeTarget.left_strict``), LightGBM when ``x <= threshold`` in float64.
* **Base score / init score.** Read off the model itself: its raw margin at an
  all-zero input minus the leaves that input reaches, so XGBoost's ``base_score``
  (a probability, through the logit) and LightGBM's ``boost_from_average`` bias
  need no version-specific parsing.
* **Link.** ``binary:logistic`` / ``reg:logistic`` (XGBoost) and ``binary`` with
  its ``sigmoid`` parameter or ``cross_entropy`` (LightGBM): the probability is
  ``sigmoid(sigma * margin)``, so "above the threshold" is ``margin >
  logit(threshold) / sigma``.
* **Missing values.** strive never sends a missing value: an input the person has
  not recorded is refused before planning (no imputer here), so the default
  directions of the trees are never taken. Models that treat a *recorded* value as
  missing (XGBoost ``missing=`` other than NaN, LightGBM ``zero_as_missing``) are
  refused, as are categorical splits, linear trees, DART and XGBoost models with an
  early-stopping ``best_iteration`` shorter than their trees.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from strive.route.models.encode import Unsupported
from strive.route.trees import Affine, Leaf, TreeTarget

_XGB_LOGISTIC = {"binary:logistic", "reg:logistic"}


def library_of(model: Any) -> str | None:
    """``xgboost`` or ``lightgbm`` for a raw Booster of either library, else None."""
    kind = type(model)
    root = kind.__module__.split(".")[0]
    if kind.__name__ == "Booster" and root in ("xgboost", "lightgbm"):
        return root
    return None


@dataclass
class BoosterModel:
    """A raw Booster seen as a fitted binary classifier (what the compiler reads).

    ``classes_`` is ``(0, 1)``: a binary booster's probability is of label 1.
    ``predict_proba``/``predict`` re-predict like the libraries' classifiers
    (positive strictly above 0.5).
    """

    booster: Any
    library: str
    feature_names_in_: list[str] | None
    n_features_in_: int
    classes_: tuple[int, int] = field(default=(0, 1))
    takes_arrays: bool = True
    """Re-predicted from plain arrays in column order (no pandas needed)."""

    def predict_proba(self, x: Any) -> Any:
        import numpy as np

        data = np.asarray(x, dtype=float)
        if self.library == "xgboost":
            p = self.booster.inplace_predict(data, predict_type="value")
        else:
            p = self.booster.predict(data)
        p = np.asarray(p, dtype=float).reshape(-1)
        return np.column_stack([1.0 - p, p])

    def predict(self, x: Any) -> Any:
        return (self.predict_proba(x)[:, 1] > 0.5).astype(int)


def wrap(model: Any) -> Any:
    """A raw Booster as a :class:`BoosterModel`; anything else unchanged."""
    library = library_of(model)
    if library is not None:
        objective = _objective(model, library)
        if not objective.startswith(("binary", "cross_entropy", "xentropy")):
            raise Unsupported(
                f"only binary classifiers can be route targets ({library} "
                f"objective {objective or 'unknown'})"
            )
    if library == "xgboost":
        names = model.feature_names
        return BoosterModel(
            model, library, list(names) if names else None, int(model.num_features())
        )
    if library == "lightgbm":
        names = [str(n) for n in model.feature_name()]
        return BoosterModel(model, library, names, int(model.num_feature()))
    return model


def _objective(booster: Any, library: str) -> str:
    if library == "xgboost":
        config = json.loads(booster.save_config())
        return str(config["learner"]["objective"]["name"])
    return str(booster.dump_model(num_iteration=1).get("objective", ""))


def _logit(threshold: float) -> float:
    return math.log(threshold / (1.0 - threshold))


def _reached(target: TreeTarget, zero: list[float]) -> float:
    return sum(target.leaf_of(t, zero).value for t in range(len(target.trees)))


def xgboost_target(
    estimator: Any, exprs: list[Affine], threshold: float, strict: float, name: str
) -> TreeTarget:
    """An ``XGBClassifier`` or a wrapped ``xgboost.Booster`` as a TreeTarget."""
    import numpy as np

    if isinstance(estimator, BoosterModel):
        booster = estimator.booster
    else:
        missing = getattr(estimator, "missing", math.nan)
        if missing is not None and not math.isnan(float(missing)):
            raise Unsupported(f"XGBoost with missing={missing!r} (a recorded value)")
        booster = estimator.get_booster()
    doc = json.loads(bytes(booster.save_raw(raw_format="json")))
    learner = doc["learner"]
    objective = learner["objective"]["name"]
    if objective not in _XGB_LOGISTIC:
        raise Unsupported(f"XGBoost objective {objective}")
    gbm = learner["gradient_booster"]
    if gbm["name"] != "gbtree":
        raise Unsupported(f"XGBoost booster {gbm['name']}")
    model = gbm["model"]
    n_features = int(learner["learner_model_param"]["num_feature"])
    if n_features != len(exprs):
        raise Unsupported("the model's inputs do not match its preprocessing")
    best = learner.get("attributes", {}).get("best_iteration")
    rounds = len(model.get("iteration_indptr", [0])) - 1
    if best is not None and int(best) + 1 < rounds:
        raise Unsupported(
            "an XGBoost model with early stopping (best_iteration "
            f"{best} of {rounds}); save booster[: best_iteration + 1] instead"
        )
    trees = tuple(_xgb_leaves(tree) for tree in model["trees"])
    target = TreeTarget(
        tuple(exprs),
        trees,
        offset=0.0,
        needed=_logit(threshold) + strict,
        name=name,
        kind="boosting",
        left_strict=True,
    )
    zero = np.zeros((1, n_features), dtype=np.float32)
    margin = float(booster.inplace_predict(zero, predict_type="margin").reshape(-1)[0])
    offset = margin - _reached(target, [0.0] * n_features)
    return TreeTarget(
        target.expressions,
        trees,
        offset=offset,
        needed=target.needed,
        name=name,
        kind="boosting",
        left_strict=True,
    )


def _xgb_leaves(tree: dict[str, Any]) -> tuple[Leaf, ...]:
    """Every leaf of one XGBoost JSON tree: ``lo <= x < hi`` on its path."""
    if int(tree["tree_param"].get("size_leaf_vector", "1")) > 1:
        raise Unsupported("XGBoost trees with vector leaves")
    import numpy as np

    # JSON holds each float32 in its shortest decimal form: back to float32 exactly.
    cond = [float(c) for c in np.asarray(tree["split_conditions"], dtype=np.float32)]
    left, right = tree["left_children"], tree["right_children"]
    feature, kinds = tree["split_indices"], tree["split_type"]
    leaves: list[Leaf] = []
    stack: list[tuple[int, dict[int, tuple[float, float]]]] = [(0, {})]
    while stack:
        node, bounds = stack.pop()
        if left[node] == -1:
            path = tuple((j, lo, hi) for j, (lo, hi) in sorted(bounds.items()))
            leaves.append(Leaf(path, float(cond[node])))
            continue
        if kinds[node] != 0:
            raise Unsupported("XGBoost categorical splits")
        j, s = int(feature[node]), float(cond[node])
        lo, hi = bounds.get(j, (-math.inf, math.inf))
        stack.append((int(left[node]), {**bounds, j: (lo, min(hi, s))}))
        stack.append((int(right[node]), {**bounds, j: (max(lo, s), hi)}))
    return tuple(leaves)


def lightgbm_target(
    estimator: Any, exprs: list[Affine], threshold: float, strict: float, name: str
) -> TreeTarget:
    """An ``LGBMClassifier`` or a wrapped ``lightgbm.Booster`` as a TreeTarget."""
    import numpy as np

    booster = (
        estimator.booster if isinstance(estimator, BoosterModel) else estimator.booster_
    )
    doc = booster.dump_model()
    objective = str(doc.get("objective", "")).split()
    sigma = 1.0
    if objective[:1] == ["binary"]:
        for part in objective[1:]:
            if part.startswith("sigmoid:"):
                sigma = float(part.split(":", 1)[1])
    elif objective[:1] not in (["cross_entropy"], ["xentropy"]):
        raise Unsupported(f"LightGBM objective {' '.join(objective) or 'unknown'}")
    if int(doc.get("num_tree_per_iteration", 1)) != 1:
        raise Unsupported("LightGBM with several trees per iteration")
    n_features = int(doc["max_feature_idx"]) + 1
    if n_features != len(exprs):
        raise Unsupported("the model's inputs do not match its preprocessing")
    info = doc["tree_info"]
    scale = 1.0 / len(info) if doc.get("average_output") and info else 1.0
    trees = tuple(_lgb_leaves(t["tree_structure"], scale) for t in info)
    needed = _logit(threshold) / sigma + strict
    target = TreeTarget(
        tuple(exprs),
        trees,
        offset=0.0,
        needed=needed,
        name=name,
        kind="boosting",
        float32=False,
    )
    raw = booster.predict(np.zeros((1, n_features)), raw_score=True)
    offset = float(np.asarray(raw).reshape(-1)[0]) - _reached(
        target, [0.0] * n_features
    )
    return TreeTarget(
        target.expressions,
        trees,
        offset=offset,
        needed=needed,
        name=name,
        kind="boosting",
        float32=False,
    )


def _lgb_leaves(root: dict[str, Any], scale: float) -> tuple[Leaf, ...]:
    """Every leaf of one LightGBM tree: ``lo < x <= hi`` on its path."""
    leaves: list[Leaf] = []
    stack: list[tuple[dict[str, Any], dict[int, tuple[float, float]]]] = [(root, {})]
    while stack:
        node, bounds = stack.pop()
        if "leaf_value" in node or "split_feature" not in node:
            if "leaf_coeff" in node:
                raise Unsupported("LightGBM linear trees")
            path = tuple((j, lo, hi) for j, (lo, hi) in sorted(bounds.items()))
            leaves.append(Leaf(path, scale * float(node.get("leaf_value", 0.0))))
            continue
        if node.get("decision_type") != "<=":
            raise Unsupported("LightGBM categorical splits")
        if node.get("missing_type") == "Zero":
            raise Unsupported("LightGBM with zero_as_missing (0 taken as missing)")
        j, s = int(node["split_feature"]), float(node["threshold"])
        lo, hi = bounds.get(j, (-math.inf, math.inf))
        stack.append((node["left_child"], {**bounds, j: (lo, min(hi, s))}))
        stack.append((node["right_child"], {**bounds, j: (max(lo, s), hi)}))
    return tuple(leaves)
