"""Fitted scikit-learn models as route targets: exact against brute force.

Random small models (logistic regression, linear SVM, decision tree, random forest,
extra trees, gradient boosting) behind a ColumnTransformer of StandardScaler and
OneHotEncoder, on random small catalogues. The oracle enumerates every action
subset with the independent effect code of ``oracle.py`` and asks the *real*
scikit-learn model (``predict_proba`` / ``predict``) which final profiles flip the
prediction; the planner's cost must equal the cheapest such subset, and its route,
re-predicted, must flip the model.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from typing import Any

import numpy as np
import oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.actions import Action, Catalogue, Continuous, Effect
from strive.goal import Limits
from strive.route import CostWeights, plan_route
from strive.route.models import (
    ModelInputError,
    SensitiveTraitError,
    check_recorded,
    target_from_model,
)
from strive.route.targets import ModelTarget
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

START = dt.date(2026, 1, 1)
LIMITS = Limits(hours_per_week=40)
WEIGHTS = CostWeights()
JOBS = ("clerk", "engineer", "nurse")
TRAITS = TraitSet.of(
    [
        Trait("skill", Kind.NUMBER),
        Trait("hours", Kind.NUMBER),
        Trait(
            "level",
            Kind.LEVEL,
            levels=("none", "basic", "advanced", "expert"),
            mutability=Mutability.GROW_ONLY,
        ),
        Trait("job", Kind.CATEGORY, categories=JOBS),
        Trait("gender", Kind.CATEGORY, categories=("f", "m")),
    ]
)
NUM = ["skill", "hours", "level"]
CAT = ["job", "gender"]
COLUMNS = {c: c for c in NUM + CAT}


def _data(seed: int, n: int = 300) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    skill = rng.integers(0, 10, n)
    hours = rng.integers(10, 50, n)
    level = rng.integers(0, 4, n)
    job = rng.choice(JOBS, n)
    gender = rng.choice(["f", "m"], n)
    w = rng.normal(0, 1, 4)
    logit = (
        w[0] * (skill - 5) / 3
        + w[1] * (hours - 30) / 10
        + w[2] * (level - 1.5)
        + w[3] * (job == "engineer")
        + rng.normal(0, 0.5, n)
    )
    y = (logit > np.quantile(logit, 0.6)).astype(int)
    x = np.empty((n, 5), dtype=object)
    x[:, 0], x[:, 1], x[:, 2] = skill.astype(float), hours.astype(float), level
    x[:, 3], x[:, 4] = job, gender
    return x, y


@functools.cache
def _pipeline(kind: str, seed: int) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import (
        ExtraTreesClassifier,
        GradientBoostingClassifier,
        HistGradientBoostingClassifier,
        RandomForestClassifier,
    )
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler
    from sklearn.svm import LinearSVC
    from sklearn.tree import DecisionTreeClassifier

    models: dict[str, Any] = {
        "logistic": LogisticRegression(max_iter=1000),
        "svm": LinearSVC(),
        "tree": DecisionTreeClassifier(max_depth=3, random_state=seed),
        "forest": RandomForestClassifier(4, max_depth=3, random_state=seed),
        "extra": ExtraTreesClassifier(4, max_depth=3, random_state=seed),
        "boosting": GradientBoostingClassifier(
            n_estimators=4, max_depth=2, random_state=seed
        ),
        "hist": HistGradientBoostingClassifier(
            max_iter=4, max_depth=3, random_state=seed
        ),
    }
    scaler = MinMaxScaler() if seed % 2 else StandardScaler()
    pre = ColumnTransformer(
        [
            ("num", scaler, [0, 1, 2]),
            ("cat", OneHotEncoder(handle_unknown="ignore"), [3, 4]),
        ]
    )
    x, y = _data(seed)
    return Pipeline([("pre", pre), ("model", models[kind])]).fit(x, y)


def _row(target: ModelTarget, state: dict[str, Value | None]) -> list[object]:
    row = target.row(TRAITS, state)
    return [row[c] for c in NUM + CAT]


def _act(name: str, effect: Effect, hours: float) -> Action:
    return Action(name, name, (effect,), 1.0, hours, 0.0, money_sourced=False)


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    actions: list[Action] = []
    n = draw(st.integers(3, 7))
    for i in range(n):
        what = draw(st.sampled_from(["skill", "hours", "level", "job", "gender"]))
        value: Value
        if what in ("skill", "hours"):
            value = float(draw(st.integers(-3, 6)))
            effect = Effect(what, "add", value)
        elif what == "level":
            effect = Effect(what, "set", draw(st.sampled_from(TRAITS["level"].levels)))
        elif what == "job":
            effect = Effect(what, "set", draw(st.sampled_from(JOBS)))
        else:
            effect = Effect(what, "set", draw(st.sampled_from(["f", "m"])))
        hours = float(draw(st.integers(1, 60)))
        actions.append(_act(f"a{i}", effect, hours))
    return Catalogue.of(actions)


profiles = st.fixed_dictionaries(
    {
        "skill": st.integers(0, 9).map(float),
        "hours": st.integers(10, 49).map(float),
        "level": st.sampled_from(TRAITS["level"].levels),
        "job": st.sampled_from(JOBS),
        "gender": st.sampled_from(["f", "m"]),
    }
)


def _flips(pipe: Any, target: ModelTarget, states: list[dict[str, Any]]) -> Any:
    x = np.array([_row(target, s) for s in states], dtype=object)
    return pipe.predict(x) == pipe.classes_[1]


def _subsets(
    target: ModelTarget, catalogue: Catalogue, values: dict[str, Any]
) -> list[tuple[float, dict[str, Any]]]:
    """Every subset the planner may choose (one "set" per trait, no fixed trait
    touched), as its oracle cost and final profile: the brute forces' candidates."""
    subsets: list[tuple[float, dict[str, Any]]] = []
    for r in range(len(catalogue) + 1):
        for subset in itertools.combinations(list(catalogue), r):
            setters = [e.trait for a in subset for e in a.effects if e.op == "set"]
            if len(setters) != len(set(setters)):
                continue  # two "set"s of one trait: the planner takes one
            if any(e.trait in target.fixed for a in subset for e in a.effects):
                continue
            state: dict[str, Any] = dict(values)
            for action in subset:
                state = oracle.apply(TRAITS, action, state)
            cost = sum(oracle.cost(a, WEIGHTS, LIMITS.hours_per_week) for a in subset)
            subsets.append((cost, state))
    return subsets


def _cheapest(candidates: list[tuple[float, dict[str, Any]]], ok: Any) -> float | None:
    """The lowest cost among the candidates the model predicts positive."""
    costs = [c for (c, _), good in zip(candidates, ok, strict=True) if good]
    return min(costs) if costs else None


def _brute(
    pipe: Any, target: ModelTarget, catalogue: Catalogue, values: dict[str, Any]
) -> float | None:
    """The cheapest subset whose final profile the real model predicts positive."""
    subsets = _subsets(target, catalogue, values)
    return _cheapest(subsets, _flips(pipe, target, [s for _, s in subsets]))


def _final(catalogue: Catalogue, route: Any, values: dict[str, Any]) -> dict[str, Any]:
    state = dict(values)
    for step in route.steps:
        state = oracle.apply(TRAITS, catalogue[step.action], state)
    return state


def _plan(
    target: Any,
    catalogue: Catalogue,
    extra: list[Continuous],
    values: dict[str, Value | None],
) -> Any:
    """The route every model test plans: one target, no alternatives."""
    return plan_route(
        catalogue,
        TRAITS,
        values,
        targets=[target],
        limits=LIMITS,
        start=START,
        alternatives=False,
        continuous=extra,
    )


@pytest.mark.parametrize(
    "kind", ["logistic", "svm", "tree", "forest", "extra", "boosting", "hist"]
)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogue=catalogues(), values=profiles, seed=st.integers(0, 3))
def test_model_route_is_exact_and_flips_the_real_model(
    kind: str, catalogue: Catalogue, values: dict[str, Value | None], seed: int
) -> None:
    pipe = _pipeline(kind, seed)
    target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
    assert target.method == ("linear" if kind in ("logistic", "svm") else "trees")
    best = _brute(pipe, target, catalogue, dict(values))
    route = _plan(target, catalogue, [], values)
    if best is None:
        assert not route.feasible
        return
    assert route.feasible and route.optimal
    assert math.isclose(route.totals.cost, best, rel_tol=1e-9, abs_tol=1e-9)
    final = _final(catalogue, route, dict(values))
    assert _flips(pipe, target, [final])[0]
    # gender is in the sensitive word list: allowed, but never changed.
    assert final["gender"] == values["gender"]
    assert any("gender" in note for note in route.notes)


def test_tree_scores_equal_the_models_own() -> None:
    """The compiled ensembles score profiles exactly as scikit-learn does."""
    x, _ = _data(7, 60)
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
    for kind in ("forest", "extra", "boosting", "hist", "logistic"):
        pipe = _pipeline(kind, 1)
        target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
        proba = pipe.predict_proba(np.array([_row(target, s) for s in states]))[:, 1]
        scores = np.array([target.target.score(TRAITS, s) for s in states])  # type: ignore[attr-defined]
        if kind in ("boosting", "hist", "logistic"):
            scores = 1 / (1 + np.exp(-scores))
        assert np.allclose(scores, proba, atol=1e-9)


def test_sensitive_inputs_are_refused_without_the_flag() -> None:
    pipe = _pipeline("logistic", 0)
    with pytest.raises(SensitiveTraitError, match="gender"):
        target_from_model(pipe, COLUMNS, TRAITS)
    target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
    assert target.fixed == frozenset({"gender"})
    assert target.sensitive == ("gender",)


def test_mapping_errors_name_the_column_and_trait() -> None:
    import copy

    pipe = _pipeline("logistic", 0)
    partial = {c: c for c in [*NUM, "job"]}
    with pytest.raises(ModelInputError, match="5 input columns but 4 are mapped"):
        target_from_model(pipe, partial, TRAITS, allow_sensitive=True)
    named = copy.deepcopy(pipe)  # as if fitted on a table with these column names
    named.steps[0][1].feature_names_in_ = np.array(NUM + CAT, dtype=object)
    with pytest.raises(ModelInputError, match="'gender' is not mapped"):
        target_from_model(named, partial, TRAITS, allow_sensitive=True)
    with pytest.raises(ModelInputError, match="no trait 'salary'"):
        target_from_model(
            named, {**COLUMNS, "skill": "salary"}, TRAITS, allow_sensitive=True
        )
    with pytest.raises(ModelInputError, match="no input column 'age'"):
        target_from_model(named, {**COLUMNS, "age": "skill"}, TRAITS)


def test_unrecorded_input_uses_the_imputer_or_is_refused() -> None:
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    x, y = _data(3)
    num = Pipeline(
        [("imp", SimpleImputer(strategy="median")), ("sc", StandardScaler())]
    )
    pre = ColumnTransformer([("n", num, [0, 1, 2]), ("c", OneHotEncoder(), [3])])
    pipe = Pipeline([("pre", pre), ("m", LogisticRegression())]).fit(x[:, :4], y)
    columns = {c: c for c in [*NUM, "job"]}
    target = target_from_model(pipe, columns, TRAITS)
    median = float(np.median(x[:, 0].astype(float)))
    assert target.imputed["skill"] == median
    assert any("skill" in n and "imputer" in n for n in target.notes)
    check_recorded(target, {"job": "nurse"})  # numbers come from the imputer
    with pytest.raises(ModelInputError, match="needs job"):
        check_recorded(target, {"skill": 1.0})
    plain = Pipeline(
        [
            ("pre", ColumnTransformer([("n", StandardScaler(), [0, 1, 2])])),
            ("m", LogisticRegression()),
        ]
    ).fit(x[:, :3], y)
    bare = target_from_model(plain, {c: c for c in NUM}, TRAITS)
    with pytest.raises(ModelInputError, match="needs skill"):
        check_recorded(bare, {"hours": 20.0, "level": "none"})


# The search needs only a model with predict_proba, not a converged one.
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("kind", ["knn", "mlp"])
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogue=catalogues(), values=profiles)
def test_other_models_are_searched_and_validated(
    kind: str, catalogue: Catalogue, values: dict[str, Value | None]
) -> None:
    """No exact encoding: a route is never claimed optimal, always flips the real
    model when re-predicted, and exists whenever one the search can see exists."""
    pipe = _other(kind)
    target = target_from_model(pipe, COLUMNS, TRAITS, allow_sensitive=True)
    assert target.method == "search"
    route = _plan(target, catalogue, [], values)
    best = _brute(pipe, target, catalogue, dict(values))
    assert route.feasible == (best is not None)
    if route.feasible:
        assert not route.optimal
        assert route.totals.cost >= best - 1e-9  # type: ignore[operator]
        final = _final(catalogue, route, dict(values))
        assert _flips(pipe, target, [final])[0]
        assert final["gender"] == values["gender"]
    assert any("search" in note for note in route.notes)


@functools.cache
def _other(kind: str) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    model: Any = (
        KNeighborsClassifier(7)
        if kind == "knn"
        else MLPClassifier((8,), max_iter=300, random_state=0)
    )
    pre = ColumnTransformer(
        [("n", StandardScaler(), [0, 1, 2]), ("c", OneHotEncoder(), [3, 4])]
    )
    x, y = _data(5)
    return Pipeline([("pre", pre), ("m", model)]).fit(x, y)
