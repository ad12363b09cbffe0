"""XGBoost and LightGBM ensembles as route targets: exact against brute force.

Random small boosters, both as the last step of a scikit-learn pipeline (scaler +
one-hot encoder) and as raw ``Booster``s on raw integer inputs — where XGBoost's
split conditions are data values and its ``x < condition`` splits matter. The
oracle enumerates every action subset with the independent effect code of
``oracle.py`` and asks the *real* library which final profiles it predicts
positive; the planner's cost must equal the cheapest such subset, its route must
flip the real model when re-predicted, and the sensitive input never changes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_model_targets import (
    CAT,
    COLUMNS,
    NUM,
    TRAITS,
    _cheapest,
    _data,
    _final,
    _plan,
    _subsets,
    catalogues,
    profiles,
)

from strive.actions import Catalogue
from strive.route.models import Unsupported, target_from_model
from strive.route.targets import ModelTarget
from strive.traits import Value

xgb = pytest.importorskip("xgboost")
lgb = pytest.importorskip("lightgbm")

Predict = Callable[[list[dict[str, Any]]], Any]
RAW = ["skill", "hours", "level"]
"""A raw booster's columns: the numbers and the level's index, as recorded."""


def _raw_x(seed: int) -> tuple[Any, Any]:
    x, y = _data(seed)
    return x[:, :3].astype(float), y


@functools.cache
def _pipeline(kind: str, seed: int) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    model: Any = (
        xgb.XGBClassifier(n_estimators=4, max_depth=3, random_state=seed, n_jobs=1)
        if kind == "xgboost"
        else lgb.LGBMClassifier(
            n_estimators=4, num_leaves=6, random_state=seed, verbose=-1, n_jobs=1
        )
    )
    pre = ColumnTransformer(
        [
            ("num", StandardScaler(), [0, 1, 2]),
            ("cat", OneHotEncoder(handle_unknown="ignore"), [3, 4]),
        ]
    )
    x, y = _data(seed)
    return Pipeline([("pre", pre), ("model", model)]).fit(x, y)


@functools.cache
def _booster(kind: str, seed: int) -> Any:
    x, y = _raw_x(seed)
    if kind == "xgboost":
        params = {"objective": "binary:logistic", "max_depth": 3, "nthread": 1}
        return xgb.train(params, xgb.DMatrix(x, label=y), num_boost_round=4)
    params = {"objective": "binary", "num_leaves": 6, "verbose": -1, "num_threads": 1}
    return lgb.train(params, lgb.Dataset(x, label=y, params={"verbose": -1}), 4)


def _raw_rows(states: list[dict[str, Any]]) -> Any:
    levels = TRAITS["level"].levels
    return np.array(
        [[s["skill"], s["hours"], levels.index(s["level"])] for s in states],
        dtype=float,
    )


def _raw_predict(booster: Any) -> Predict:
    def predict(states: list[dict[str, Any]]) -> Any:
        p = booster.predict(
            xgb.DMatrix(_raw_rows(states))
            if isinstance(booster, xgb.Booster)
            else _raw_rows(states)
        )
        return np.asarray(p) > 0.5

    return predict


def _pipe_predict(pipe: Any) -> Predict:
    def predict(states: list[dict[str, Any]]) -> Any:
        rows = [[s[c] for c in NUM + CAT] for s in states]
        levels = TRAITS["level"].levels
        for r in rows:
            r[2] = levels.index(r[2])
        return pipe.predict(np.array(rows, dtype=object)) == pipe.classes_[1]

    return predict


def _brute(
    predict: Predict, target: ModelTarget, catalogue: Catalogue, values: dict[str, Any]
) -> float | None:
    """The cheapest subset whose final profile the real model predicts positive."""
    subsets = _subsets(target, catalogue, values)
    return _cheapest(subsets, predict([s for _, s in subsets]))


def _target(kind: str, form: str, seed: int) -> tuple[ModelTarget, Predict]:
    if form == "pipeline":
        pipe = _pipeline(kind, seed)
        target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
        return target, _pipe_predict(pipe)
    booster = _booster(kind, seed)
    if kind == "xgboost":  # fitted on an array: columns mapped in order
        columns = {c: c for c in RAW}
    else:  # LightGBM names an array's columns Column_0, Column_1...
        columns = {f"Column_{i}": c for i, c in enumerate(RAW)}
    target = target_from_model(booster, columns, TRAITS)
    return target, _raw_predict(booster)


@pytest.mark.parametrize("kind", ["xgboost", "lightgbm"])
@pytest.mark.parametrize("form", ["pipeline", "booster"])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogue=catalogues(), values=profiles, seed=st.integers(0, 3))
def test_booster_route_is_exact_and_flips_the_real_model(
    kind: str,
    form: str,
    catalogue: Catalogue,
    values: dict[str, Value | None],
    seed: int,
) -> None:
    target, predict = _target(kind, form, seed)
    assert target.method == "trees"
    best = _brute(predict, target, catalogue, dict(values))
    route = _plan(target, catalogue, [], values)
    if best is None:
        assert not route.feasible
        return
    assert route.feasible and route.optimal
    assert math.isclose(route.totals.cost, best, rel_tol=1e-9, abs_tol=1e-9)
    final = _final(catalogue, route, dict(values))
    assert predict([final])[0]
    assert final["gender"] == values["gender"]  # sensitive: never changed
    if form == "pipeline":  # the model reads gender: allowed, and said
        assert any("gender" in note for note in route.notes)


def test_scores_equal_the_models_own_margin_on_split_points() -> None:
    """The compiled ensembles give the libraries' own raw margins, also for inputs
    exactly on a split condition (XGBoost: ``x < c`` goes left)."""
    for kind in ("xgboost", "lightgbm"):
        booster = _booster(kind, 2)
        target, _ = _target(kind, "booster", 2)
        tree = target.target
        grid = [
            {"skill": float(s), "hours": float(h), "level": lv, "job": "nurse"}
            for s in range(10)
            for h in range(10, 50, 3)
            for lv in TRAITS["level"].levels
        ]
        x = _raw_rows([{**g, "gender": "f"} for g in grid])
        if kind == "xgboost":
            margin = booster.predict(xgb.DMatrix(x), output_margin=True)
        else:
            margin = booster.predict(x, raw_score=True)
        scores = [tree.score(TRAITS, g) for g in grid]  # type: ignore[attr-defined]
        assert np.allclose(scores, margin, atol=1e-5)
    for kind in ("xgboost", "lightgbm"):
        pipe = _pipeline(kind, 1)
        target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
        x, _ = _data(9, 80)
        states = [
            {
                "skill": r[0],
                "hours": r[1],
                "level": TRAITS["level"].levels[r[2]],
                "job": r[3],
                "gender": r[4],
            }
            for r in x
        ]
        proba = pipe.predict_proba(x)[:, 1]
        scores = np.array([target.target.score(TRAITS, s) for s in states])  # type: ignore[attr-defined]
        diff = np.abs(1 / (1 + np.exp(-scores)) - proba)
        assert diff.max() < 1e-6, (kind, diff.max(), np.argmax(diff))


def _refused(model: Any, columns: dict[str, str], reason: str) -> None:
    """Not exact: the target falls back to the validated search and says why."""
    target = target_from_model(model, columns, TRAITS)
    assert target.method == "search"
    assert any(reason in note and "not proven" in note for note in target.notes)


def test_models_that_cannot_be_exact_are_searched_and_say_why() -> None:
    x, y = _raw_x(0)
    columns = {c: c for c in RAW}
    lgb_cols = {f"Column_{i}": c for i, c in enumerate(RAW)}
    data = lgb.Dataset(x, label=y, params={"verbose": -1})
    xgb_missing = xgb.XGBClassifier(n_estimators=2, max_depth=2, missing=0.0)
    _refused(xgb_missing.fit(x, y), columns, "missing=0.0")
    hinge = xgb.train({"objective": "binary:hinge"}, xgb.DMatrix(x, label=y), 2)
    _refused(hinge, columns, "binary:hinge")
    early = xgb.XGBClassifier(n_estimators=50, early_stopping_rounds=2)
    noise = np.random.default_rng(0).permutation(y)  # validation stops early
    early.fit(x, y, eval_set=[(x, noise)], verbose=False)
    assert early.best_iteration + 1 < 50
    _refused(early, columns, "early stopping")
    params = {"objective": "binary", "zero_as_missing": True, "verbose": -1}
    _refused(lgb.train(params, data, 2), lgb_cols, "zero_as_missing")
    regression = lgb.train({"objective": "regression", "verbose": -1}, data, 2)
    with pytest.raises(Unsupported, match="objective regression"):
        target_from_model(regression, lgb_cols, TRAITS)
    with pytest.raises(Unsupported, match="binary classifiers"):
        target_from_model(
            lgb.LGBMRegressor(n_estimators=2, verbose=-1).fit(x, y), lgb_cols, TRAITS
        )
