from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings

from strive.cohort import Cohort
from strive.gap import LookalikeIndex, compared_traits
from strive.template import parse_template
from strive.traits import Kind

from .conftest import JOSE, TEMPLATE, build, people, person

TRAITS = parse_template(TEMPLATE).traits


def gower(records: list[dict[str, Any]], me: dict[str, Any]) -> list[float]:
    """The documented distance, written out pair by pair."""
    used = [t for t in TRAITS if t.comparable]
    spans = {}
    for t in used:
        if t.kind is Kind.NUMBER:
            seen = [r[t.name] for r in records if r[t.name] is not None]
            spans[t.name] = (min(seen), max(seen)) if seen else (0.0, 1.0)
    out = []
    for r in records:
        total = weight = 0.0
        for t in used:
            a, b = me[t.name], r[t.name]
            if a is None or b is None:
                continue
            if t.kind is Kind.NUMBER:
                low, high = spans[t.name]
                span = high - low if high > low else 1.0
                d = min(abs(a - b) / span, 1.0)
            elif t.kind is Kind.LEVEL:
                d = abs(t.order_key(a) - t.order_key(b)) / (len(t.levels) - 1)
            elif t.kind is Kind.SET:
                union = a | b
                d = 1 - len(a & b) / len(union) if union else 0.0
            else:
                d = float(a != b)
            total += d
            weight += 1
        out.append(total / weight if weight else math.inf)
    return out


@settings(max_examples=60, deadline=None)
@given(people, person)
def test_distance_is_gower_ignoring_unknowns(records: list[Any], me: Any) -> None:
    index = LookalikeIndex().fit(build(records))
    dist, _ = index.distances(me)
    assert list(dist) == pytest.approx(gower(records, me), abs=1e-5)


@settings(max_examples=40, deadline=None)
@given(people, person)
def test_nearest_are_sorted_and_finite(records: list[Any], me: Any) -> None:
    index = LookalikeIndex().fit(build(records))
    rows, dists, counts = index.kneighbors(me, 3)
    assert len(rows) <= 3
    assert list(dists) == sorted(dists)
    assert all(math.isfinite(d) for d in dists)
    assert all(c >= 1 for c in counts)
    reference = sorted(d for d in gower(records, me) if math.isfinite(d))[:3]
    assert list(dists) == pytest.approx(reference, abs=1e-5)


def test_lookalikes_say_what_they_had(cohort: Cohort) -> None:
    index = LookalikeIndex(compared_traits(cohort, TRAITS)).fit(cohort)
    found = index.query(JOSE, k=6)
    assert len(found) == 6
    ada = next(p for p in found if p.name == "Ada")
    assert set(ada.had) == {
        "degree_level>=phd",
        "pilot_certificate",
        "languages has russian",
    }
    assert ada.year == 1990
    # The sensitive trait is not compared: 8 comparable traits known on both sides.
    assert ada.compared == 8


def test_no_shared_known_trait_means_no_lookalike(cohort: Cohort) -> None:
    index = LookalikeIndex().fit(cohort)
    assert index.query(dict.fromkeys(JOSE), k=3) == ()


def test_each_lacking_trait_is_listed_once() -> None:
    """Number traits sit in a lookup group and in the numeric pass: listed once."""
    from strive.templates import load_cohort, load_template

    cohort = load_cohort(load_template("adult-income")).only_selected()
    index = LookalikeIndex().fit(cohort)
    me = {
        "age": 30.0,
        "education": "hs-grad",
        "education_num": 9.0,
        "hours_per_week": 40.0,
        "capital_gain": 0.0,
        "capital_loss": 0.0,
        "occupation": "sales",
        "workclass": "private",
        "marital_status": "never-married",
        "relationship": "not-in-family",
    }
    found = index.query(me, 5)
    assert any(match.had for match in found)
    for match in found:
        assert len(set(match.had)) == len(match.had), match.had
