"""A scikit-learn pipeline trained on the shipped Adult cohort, compiled by
``target_from_model``, plans the same route as the same model unrolled by hand into
a :class:`LinearTarget` (coefficient / scale, intercept minus the centring, one-hot
coefficients as ``trait=value`` features)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import strive
from strive.actions import Action, Catalogue, Effect
from strive.goal import Limits
from strive.route import LinearTarget, plan_route
from strive.route.models import target_from_model
from strive.templates import load_template
from strive.traits import Value

NUM = ["age", "education_num", "hours_per_week"]
CAT = ["occupation", "workclass", "education"]


@pytest.fixture(scope="module")
def fitted() -> tuple[Any, Any]:
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    path = Path(strive.__file__).parent / "data" / "adult_income_cohort.csv.gz"
    with gzip.open(path, "rt", newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.array(
        [[float(r[c]) for c in NUM] + [r[c] for c in CAT] for r in rows], dtype=object
    )
    y = np.array([r["selected"] == "yes" for r in rows], dtype=int)
    pre = ColumnTransformer(
        [
            ("num", StandardScaler(), [0, 1, 2]),
            ("cat", OneHotEncoder(handle_unknown="ignore"), [3, 4, 5]),
        ]
    )
    pipe = Pipeline([("pre", pre), ("lr", LogisticRegression(max_iter=2000))])
    return pipe.fit(x, y), x


def _by_hand(pipe: Any) -> LinearTarget:
    scaler = pipe.named_steps["pre"].named_transformers_["num"]
    encoder = pipe.named_steps["pre"].named_transformers_["cat"]
    w = pipe.named_steps["lr"].coef_[0]
    intercept = float(pipe.named_steps["lr"].intercept_[0])
    coefs: dict[str, float] = {}
    for i, name in enumerate(NUM):
        coefs[name] = w[i] / scaler.scale_[i]
        intercept -= w[i] * scaler.mean_[i] / scaler.scale_[i]
    at = len(NUM)
    for name, cats in zip(CAT, encoder.categories_, strict=True):
        for c in cats:
            coefs[f"{name}={c}"] = float(w[at])
            at += 1
    return LinearTarget(coefs, intercept, 0.5, 1e-5)


def _act(name: str, effect: Effect, hours: float, group: str = "") -> Action:
    return Action(
        name, name, (effect,), 2.0, hours, 0.0, money_sourced=False, group=group
    )


@pytest.mark.parametrize(
    ("occupation", "education", "hours"),
    [
        ("other-service", "hs-grad", 30.0),
        ("sales", "some-college", 40.0),
        ("adm-clerical", "11th", 25.0),
    ],
)
def test_pipeline_route_equals_the_hand_unrolled_one(
    fitted: tuple[Any, Any], occupation: str, education: str, hours: float
) -> None:
    pipe, _ = fitted
    adult = load_template("adult-income")
    actions = [
        _act(f"occ_{o}", Effect("occupation", "set", o), 600.0, "occupation")
        for o in ("exec-managerial", "prof-specialty", "tech-support")
    ]
    actions += [
        _act(f"hours_{k}", Effect("hours_per_week", "add", float(k)), 40.0 * k)
        for k in (2, 4, 8, 16)
    ]
    actions += [
        _act(f"num_{k}", Effect("education_num", "add", float(k)), 900.0 * k)
        for k in (1, 2)
    ]
    levels = adult.traits["education"].levels
    here = levels.index(education)
    actions += [
        _act(f"edu_{to}", Effect("education", "set", to), 1500.0 * (i + 1), "edu")
        for i, to in enumerate(levels[here + 1 : here + 4])
    ]
    catalogue = Catalogue.of(actions)
    values: dict[str, Value | None] = {
        "age": 35.0,
        "education_num": 9.0,
        "hours_per_week": hours,
        "occupation": occupation,
        "workclass": "private",
        "education": education,
    }
    columns = {c: c for c in NUM + CAT}
    compiled = target_from_model(pipe, columns, adult.traits)
    hand = _by_hand(pipe)
    kwargs: dict[str, Any] = {
        "limits": Limits(hours_per_week=40),
        "start": dt.date(2026, 1, 1),
        "alternatives": False,
    }
    a = plan_route(catalogue, adult.traits, values, targets=[compiled], **kwargs)
    b = plan_route(catalogue, adult.traits, values, targets=[hand], **kwargs)
    assert a.feasible and b.feasible and a.optimal and b.optimal
    assert [s.action for s in a.steps] == [s.action for s in b.steps]
    assert math.isclose(a.totals.cost, b.totals.cost, rel_tol=1e-12)
    assert compiled.target.intercept == pytest.approx(hand.intercept, rel=1e-9)  # type: ignore[attr-defined]
    final = dict(values)
    for step in a.steps:
        final = catalogue[step.action].apply(adult.traits, final)
    row = compiled.row(adult.traits, final)
    x = np.array([[row[c] for c in NUM + CAT]], dtype=object)
    assert pipe.predict(x)[0] == 1
    start = compiled.row(adult.traits, values)
    assert pipe.predict(np.array([[start[c] for c in NUM + CAT]], dtype=object))[0] == 0
