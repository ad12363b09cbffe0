"""SelectionModel.linear_target: the logistic pipeline unrolled into a route target."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from strive.cohort import Cohort, CohortSource
from strive.errors import StateError
from strive.gap import SelectionModel
from strive.template import parse_template
from strive.templates import load_cohort, load_template
from strive.traits import TraitSet, Value

TEMPLATE: dict[str, Any] = {
    "template": {"name": "mini-pilot", "title": "Mini pilot (test)"},
    "traits": [
        {"name": "us_citizen", "kind": "bool"},
        {
            "name": "degree_level",
            "kind": "level",
            "values": ["none", "bachelor", "master", "phd"],
        },
        {
            "name": "degree_field",
            "kind": "category",
            "values": ["stem", "medicine", "other"],
        },
        {"name": "military", "kind": "bool"},
        {"name": "pilot_certificate", "kind": "bool"},
        {"name": "jet_pic_hours", "kind": "number", "unit": "h", "minimum": 0},
        {"name": "age", "kind": "number", "unit": "years", "mutability": "fixed"},
        {"name": "languages", "kind": "set"},
        {
            "name": "gender",
            "kind": "category",
            "values": ["female", "male"],
            "sensitive": True,
        },
    ],
}


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def log_odds(model: SelectionModel, values: dict[str, Value | None]) -> float:
    row = model.design_.row(values)
    return float(model.estimator_.decision_function(row)[0])


@pytest.fixture(scope="module", params=["adult-income", "graduate-admissions"])
def fitted(request: Any) -> tuple[SelectionModel, TraitSet, Cohort]:
    template = load_template(request.param)
    cohort = load_cohort(template)
    model = SelectionModel("logistic").fit(cohort, list(template.traits))
    return model, template.traits, cohort


def test_unrolled_score_is_the_pipeline_log_odds_on_50_known_rows(
    fitted: tuple[SelectionModel, TraitSet, Cohort],
) -> None:
    model, traits, cohort = fitted
    target = model.linear_target()
    required = model.required_traits()
    known = np.ones(cohort.size, dtype=bool)
    for name in required:
        known &= cohort.columns[name].known_mask()
    rows = np.random.default_rng(0).choice(np.flatnonzero(known), 50, replace=False)
    for row in rows.tolist():
        values = cohort.values(row)
        assert model.unknown_required(values) == ()
        score = target.score(traits, values)
        assert score == pytest.approx(log_odds(model, values), abs=1e-8, rel=0)
        probability = model.predict(values).probability
        assert sigmoid(score) == pytest.approx(probability, abs=1e-10, rel=0)


def test_target_features_are_the_model_columns_and_never_sensitive(
    fitted: tuple[SelectionModel, TraitSet, Cohort],
) -> None:
    model, traits, _ = fitted
    target = model.linear_target(threshold=0.6, margin=0.01, name="p")
    assert (target.threshold, target.margin, target.name) == (0.6, 0.01, "p")
    assert target.logistic
    assert len(target.coefficients) == len(model.design_.columns)
    assert all(not traits[name].sensitive for name in model.required_traits())
    for feature in target.coefficients:
        trait = feature.split(" has ")[0].split("=")[0]
        assert trait in model.required_traits()
    sensitive = {t.name for t in traits if t.sensitive}
    assert sensitive.isdisjoint(model.required_traits())
    if "race" in traits:  # adult-income records race, sex and native country
        assert {"race", "sex"} <= sensitive


@pytest.mark.parametrize("kind", ["boosting"])
def test_boosting_has_no_linear_target(kind: str) -> None:
    template = parse_template(TEMPLATE)
    model = SelectionModel(kind).fit(_mixed(template.traits), list(template.traits))
    with pytest.raises(StateError, match="only with the logistic model"):
        model.linear_target()


def test_unfitted_model_has_no_linear_target() -> None:
    with pytest.raises(StateError, match="fit the model"):
        SelectionModel("logistic").linear_target()


# -- a cohort small enough to check by hand ------------------------------------------

HOURS = [0.0, 100.0, 200.0, 300.0, 400.0, 500.0, 600.0, 700.0, 800.0, 900.0]
CHOSEN = [False, False, False, True, False, True, False, True, True, True]
"""Symmetric about 450 h: whoever is at d hours above the mean has the opposite
outcome of whoever is d below, so the fitted model gives exactly 50% at 450 h."""


def test_hand_checked_single_number() -> None:
    template = parse_template(TEMPLATE)
    records: list[dict[str, Value | None]] = [
        {"jet_pic_hours": h, "gender": "female" if i % 2 else "male"}
        for i, h in enumerate(HOURS)
    ]
    cohort = Cohort.from_records(
        template.traits, records, CohortSource("by hand"), selected=CHOSEN
    )
    model = SelectionModel("logistic").fit(cohort, list(template.traits))
    # Only traits known for someone are inputs; gender is sensitive: never one.
    assert model.required_traits() == ("jet_pic_hours",)
    target = model.linear_target()
    # Mean 450 h, population standard deviation sqrt(82500) h.
    std = math.sqrt(sum((h - 450.0) ** 2 for h in HOURS) / len(HOURS))
    assert std == pytest.approx(math.sqrt(82500.0))
    coef = float(model.estimator_.steps[-1][1].coef_[0][0])
    assert coef > 0  # more hours, more often chosen
    assert set(target.coefficients) == {"jet_pic_hours"}
    assert target.coefficients["jet_pic_hours"] == pytest.approx(coef / std, rel=1e-12)
    # 50% exactly at the mean (symmetry): intercept = -450 h x coefficient.
    assert target.intercept == pytest.approx(
        -450.0 * target.coefficients["jet_pic_hours"], abs=1e-9
    )
    at_mean = {"jet_pic_hours": 450.0}
    assert target.score(template.traits, at_mean) == pytest.approx(0.0, abs=1e-9)
    assert model.probability(at_mean) == pytest.approx(0.5, abs=1e-9)
    # log-odds are linear in hours: 100 h more adds 100 x coefficient.
    for h in (0.0, 250.0, 1000.0):
        values: dict[str, Value | None] = {"jet_pic_hours": h}
        score = target.score(template.traits, values)
        assert score == pytest.approx(coef * (h - 450.0) / std, abs=1e-9)
        assert sigmoid(score) == pytest.approx(model.probability(values), abs=1e-12)
    # Unknown: the target counts 0 h, the model imputes the median (450 h).
    assert model.unknown_required({}) == ("jet_pic_hours",)
    assert target.score(template.traits, {}) == pytest.approx(target.intercept)
    assert model.probability({}) == pytest.approx(0.5, abs=1e-9)


# -- every kind of trait at once -------------------------------------------------------


def _mixed(traits: TraitSet, n: int = 300, seed: int = 1) -> Cohort:
    rng = np.random.default_rng(seed)
    records: list[dict[str, Value | None]] = []
    chosen = []
    for _ in range(n):
        pilot = bool(rng.random() < 0.5)
        hours = float(rng.choice([0.0, 500.0, 1500.0, 3000.0]))
        level = str(rng.choice(["none", "bachelor", "master", "phd"]))
        languages = frozenset(
            str(m) for m in rng.choice(["english", "russian", "spanish"], 2)
        )
        records.append(
            {
                "pilot_certificate": pilot,
                "jet_pic_hours": hours,
                "degree_level": level,
                "degree_field": str(rng.choice(["stem", "medicine", "other"])),
                "languages": languages,
                "age": float(rng.integers(28, 45)),
                "military": None if rng.random() < 0.2 else bool(rng.random() < 0.5),
                "gender": str(rng.choice(["female", "male"])),
            }
        )
        logit = -2.0 + 1.5 * pilot + hours / 1000.0 + 0.8 * ("russian" in languages)
        chosen.append(bool(rng.random() < sigmoid(logit)))
    return Cohort.from_records(
        traits, records, CohortSource("synthetic labelled"), selected=chosen
    )


def test_every_kind_of_feature_is_named_and_exact() -> None:
    template = parse_template(TEMPLATE)
    cohort = _mixed(template.traits)
    model = SelectionModel("logistic").fit(cohort, list(template.traits))
    target = model.linear_target()
    assert {
        "pilot_certificate",
        "jet_pic_hours",
        "degree_level",
        "degree_field=stem",
        "degree_field=medicine",
        "degree_field=other",
        "languages has english",
        "languages has russian",
        "military",
        "age",
    } <= set(target.coefficients)
    assert not any(f.startswith("gender") for f in target.coefficients)
    assert "us_citizen" not in model.required_traits()  # known for nobody
    person: dict[str, Value | None] = {
        "pilot_certificate": True,
        "jet_pic_hours": 1200.0,
        "degree_level": "master",
        "degree_field": "medicine",
        "languages": frozenset({"russian"}),
        "age": 33.0,
        "military": False,
        "gender": "female",
    }
    assert model.unknown_required(person) == ()
    score = target.score(template.traits, person)
    assert score == pytest.approx(log_odds(model, person), abs=1e-8, rel=0)
    assert sigmoid(score) == pytest.approx(model.probability(person), abs=1e-12)
    # A sensitive value changes nothing, in the model or the target.
    other = {**person, "gender": "male"}
    assert target.score(template.traits, other) == score
    assert model.probability(other) == model.probability(person)
    # An unknown required trait is reported (the target would count it as 0).
    assert model.unknown_required({**person, "military": None}) == ("military",)
