from __future__ import annotations

import numpy as np
import pytest

from strive.cohort import Cohort, CohortSource
from strive.errors import StateError
from strive.gap import GapAnalyzer, SelectionModel
from strive.template import parse_template

from .conftest import JOSE, TEMPLATE


def labelled(seed: int = 0, n: int = 400) -> Cohort:
    rng = np.random.default_rng(seed)
    traits = parse_template(TEMPLATE).traits
    records = []
    chosen = []
    for _ in range(n):
        pilot = bool(rng.random() < 0.5)
        hours = float(rng.choice([0.0, 500.0, 1500.0, 3000.0]))
        gender = str(rng.choice(["female", "male"]))
        records.append(
            {
                "pilot_certificate": pilot,
                "jet_pic_hours": hours,
                "degree_level": str(rng.choice(["bachelor", "master", "phd"])),
                "degree_field": str(rng.choice(["stem", "other"])),
                "age": float(rng.integers(28, 45)),
                "languages": frozenset(rng.choice(["english", "russian"], 1)),
                "military": None if rng.random() < 0.2 else bool(rng.random() < 0.5),
                "gender": gender,
            }
        )
        logit = -2.0 + 2.0 * pilot + hours / 1000.0
        chosen.append(bool(rng.random() < 1 / (1 + np.exp(-logit))))
    return Cohort.from_records(
        traits, records, CohortSource("synthetic labelled"), selected=chosen
    )


@pytest.mark.parametrize("kind", ["logistic", "boosting"])
def test_model_reports_quality_beside_probability(kind: str) -> None:
    cohort = labelled()
    template = parse_template(TEMPLATE)
    doc = GapAnalyzer(model=kind).fit(cohort, template=template).compare(JOSE)
    model = doc.model
    assert model is not None and doc.mode == "labelled"
    assert 0.6 < model.cv_auc <= 1.0
    assert 0.0 <= model.cv_brier < 0.25
    low, high = model.interval
    assert low <= model.probability <= high
    assert "gender" not in model.features
    assert "gender" not in {c.trait for c in model.contributions}
    data = doc.to_json()["model"]
    assert {"probability", "interval", "interval_method", "cv_auc", "cv_brier"} <= set(
        data
    )


def test_logistic_contribution_is_coefficient_times_distance_from_mean() -> None:
    cohort = labelled()
    traits = [t for t in parse_template(TEMPLATE).traits if t.comparable]
    model = SelectionModel("logistic").fit(cohort, traits)
    result = model.predict(JOSE)
    pilot = next(c for c in result.contributions if c.trait == "pilot_certificate")
    _imputer, scaler, logistic = (s for _, s in model.estimator_.steps)
    j = [name for name, _ in model.design_.columns].index("pilot_certificate")
    expected = logistic.coef_[0][j] * (0.0 - scaler.mean_[j]) / scaler.scale_[j]
    assert pilot.value == pytest.approx(expected)
    assert pilot.value < 0  # lacking a pilot certificate lowers the odds


def test_changing_only_a_sensitive_trait_leaves_the_model_unchanged() -> None:
    cohort = labelled()
    template = parse_template(TEMPLATE)
    gap = GapAnalyzer().fit(cohort, template=template)
    a = gap.compare({**JOSE, "gender": "male"}).to_json()
    b = gap.compare({**JOSE, "gender": "female"}).to_json()
    assert a["model"] == b["model"]


def test_comparison_cohorts_get_no_model(cohort: Cohort) -> None:
    with pytest.raises(StateError):
        SelectionModel().fit(cohort, list(cohort.traits))


def test_analyze_gap_fits_a_logistic_model_unless_told_otherwise() -> None:
    """The documented default (docs/gap.md): a logistic regression, not boosting."""
    from strive.gap import analyze_gap

    cohort = labelled()
    template = parse_template(TEMPLATE)
    default = analyze_gap(template, cohort, JOSE, k=0)
    logistic = analyze_gap(template, cohort, JOSE, k=0, model="logistic")
    assert default.model is not None and logistic.model is not None
    assert default.to_json()["model"] == logistic.to_json()["model"]
    boosting = analyze_gap(template, cohort, JOSE, k=0, model="boosting")
    assert boosting.model is not None
    assert boosting.to_json()["model"] != default.to_json()["model"]
    assert analyze_gap(template, cohort, JOSE, k=0, model=None).model is None
