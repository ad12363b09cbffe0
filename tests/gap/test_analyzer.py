from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strive.cohort import Cohort
from strive.errors import TraitValueError
from strive.evidence import Evidence
from strive.gap import GapAnalyzer, analyze_gap, compare_classes
from strive.template import Template

from .conftest import JOSE, build, people, person


def test_public_json_shape(template: Template, cohort: Cohort, evidence: Any) -> None:
    doc = analyze_gap(template, cohort, JOSE, evidence, traits=template.traits, k=3)
    data = json.loads(json.dumps(doc.to_json()))  # JSON-ready
    for key in (
        "requirements",
        "traits",
        "they_have_you_dont",
        "headline",
        "cohort",
        "lookalikes",
        "evidence",
        "model",
        "base_rates",
    ):
        assert key in data
    for r in data["requirements"]:
        assert {"name", "met", "status", "smallest_change"} <= set(r)
        assert isinstance(r["met"], bool)
        assert r["status"] in ("met", "unmet", "unknown")
    for t in data["traits"]:
        assert {"trait", "you", "n", "known", "source", "interval"} <= set(t)
        assert "share" in t or ("percentile" in t and "quartiles" in t)
    for item in data["they_have_you_dont"]:
        assert {"trait", "condition", "share", "n", "source", "reason"} <= set(item)
    assert {"name", "value", "definition"} <= set(data["headline"])
    assert {"description", "n", "source", "licence"} <= set(data["cohort"])
    assert data["model"] is None
    assert (
        data["base_rates"][0]["text"]
        == "in 2017, 12 of 18,300 applicants were selected"
    )


def test_conditions_parse_back_for_the_planner(
    template: Template, cohort: Cohort, evidence: Any
) -> None:
    from strive.conditions import Condition

    doc = analyze_gap(template, cohort, JOSE, evidence, traits=template.traits)
    for item in doc.they_have_you_dont:
        condition = Condition.parse(item.condition, template.traits)
        assert condition.text() == item.condition
        assert condition.evaluate(template.traits, JOSE) is False


def test_ranked_list_merges_sources_without_mixing_counts(
    template: Template, cohort: Cohort, evidence: Any
) -> None:
    doc = analyze_gap(template, cohort, JOSE, evidence, traits=template.traits, k=3)
    top = doc.they_have_you_dont[0]
    assert top.condition == "pilot_certificate"
    kinds = {s.kind: s for s in top.support}
    assert (kinds["cohort"].have, kinds["cohort"].of) == (4, 5)
    assert (kinds["evidence"].have, kinds["evidence"].of) == (9, 11)
    assert kinds["evidence"].source == "José's own research, 2001"
    shares = [max(s.share or 0 for s in i.support) for i in doc.they_have_you_dont]
    assert shares == sorted(shares, reverse=True)
    assert [e.condition for e in doc.evidence] == [
        "pilot_certificate",
        "languages has russian",
    ]
    assert doc.evidence[0].dataset is not None and doc.evidence[0].dataset.have == 4


def test_requirements_unmet_unknown_and_smallest_change(
    template: Template, cohort: Cohort
) -> None:
    me = {**JOSE, "us_citizen": None, "degree_level": "bachelor"}
    doc = analyze_gap(template, cohort, me, (), traits=template.traits)
    status = {r.name: r for r in doc.requirements}
    assert status["citizenship"].status == "unknown"
    assert not status["citizenship"].met
    assert status["degree"].status == "unmet"
    assert status["degree"].smallest_change == (
        "degree level: bachelor → at least master",
    )
    first = doc.they_have_you_dont[0]
    assert first.condition == "degree_level>=master"
    assert first.primary.kind == "requirement"


def test_sub_cohorts_are_named(template: Template, cohort: Cohort) -> None:
    gap = GapAnalyzer(years=(1990, 2000), filters=("military",))
    doc = gap.fit(cohort, template=template).compare(JOSE)
    assert doc.cohort.n == 2
    assert doc.cohort.filters == ("classes 1990-2000", "military")
    assert "classes 1990-2000, military (n=2)" in doc.cohort.description
    assert "n=2" in doc.headline.definition


def test_sensitive_traits_cannot_filter(template: Template, cohort: Cohort) -> None:
    with pytest.raises(TraitValueError, match="sensitive"):
        GapAnalyzer(filters=("gender=female",)).fit(cohort, template=template)


def _without(doc: dict[str, Any], trait: str) -> dict[str, Any]:
    return {**doc, "traits": [t for t in doc["traits"] if t["trait"] != trait]}


@settings(max_examples=60, deadline=None)
@given(people, person, st.sampled_from(["female", "male", None]))
def test_a_sensitive_trait_changes_only_its_own_row(
    records: list[Any], me: Any, gender: str | None
) -> None:
    cohort = build(records)
    from strive.template import parse_template

    from .conftest import TEMPLATE

    template = parse_template(TEMPLATE)
    evidence = [
        Evidence("pilot_certificate", "research", have=3, of=4),
        Evidence("gender=female", "a blog"),
    ]
    a = analyze_gap(template, cohort, me, evidence, traits=template.traits, k=3)
    b = analyze_gap(
        template,
        cohort,
        {**me, "gender": gender},
        evidence,
        traits=template.traits,
        k=3,
    )
    assert _without(a.to_json(), "gender") == _without(b.to_json(), "gender")


def test_profile_and_date(template: Template, cohort: Cohort) -> None:
    import datetime as dt

    from strive.profile import Profile

    day = dt.date(2001, 1, 1)
    profile = Profile.from_values(template.traits, JOSE, day)
    gap = GapAnalyzer().fit(cohort, template=template)
    doc = gap.compare(profile, when=dt.date(2003, 1, 1))
    assert doc.as_of == "2003-01-01"
    age = next(t for t in doc.traits if t.trait == "age")
    assert age.you == pytest.approx(40.0, abs=0.01)
    assert gap.coverage_history(profile)[0][0] == day


def test_compare_classes(template: Template, cohort: Cohort) -> None:
    new = cohort.between(2004, None)
    earlier = cohort.between(None, 2003)
    result = compare_classes(new, earlier, JOSE, template.traits)
    rows = {(r.trait, r.member): r for r in result.rows}
    assert rows[("military", "")].new == pytest.approx(0.5)
    assert rows[("military", "")].earlier == pytest.approx(0.5)
    assert rows[("jet_pic_hours", "")].new == 1500.0
    assert rows[("languages", "russian")].new == pytest.approx(0.0)
    assert "gender" not in {r.trait for r in result.rows}
    data = result.to_json()
    assert data["coverage_new"] is not None
    lines = {line["condition"]: line for line in data["they_have_you_dont"]}
    assert (lines["pilot_certificate"]["have"], lines["pilot_certificate"]["of"]) == (
        1,
        2,
    )
