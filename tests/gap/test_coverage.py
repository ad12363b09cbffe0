from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strive.cohort import Cohort
from strive.gap import coverage, coverage_batch, coverage_history
from strive.profile import Profile
from strive.template import parse_template
from strive.traits import Kind, Mutability, TraitSet

from .conftest import JOSE, LANGS, TEMPLATE, build, people, person

TRAITS = parse_template(TEMPLATE).traits


def reference(records: list[dict[str, Any]], me: dict[str, Any]) -> float | None:
    """Coverage by its definition, one pair and one trait at a time."""
    used = [t for t in TRAITS if t.comparable]
    ranges = {}
    for t in used:
        seen = [r[t.name] for r in records if r[t.name] is not None]
        if t.mutability is Mutability.FIXED and seen:
            if t.kind is Kind.CATEGORY:
                ranges[t.name] = set(seen)
            else:
                keys = [t.order_key(v) for v in seen]
                ranges[t.name] = (min(keys), max(keys))
    if all(me[t.name] is None for t in used):
        return None  # nothing known about you: unknown, not a vacuous 100%
    covered = 0
    for r in records:
        ok = True
        for t in used:
            mine, theirs = me[t.name], r[t.name]
            if mine is None or theirs is None:
                continue
            if t.mutability is Mutability.FIXED:
                span = ranges[t.name]
                if t.kind is Kind.CATEGORY:
                    ok &= mine in span
                else:
                    ok &= span[0] <= t.order_key(mine) <= span[1]
            else:
                ok &= t.matches(mine, theirs)
        covered += ok
    return covered / len(records)


@settings(max_examples=80, deadline=None)
@given(people, person)
def test_coverage_matches_its_definition(records: list[Any], me: Any) -> None:
    value = coverage(build(records), TRAITS, me)
    expected = reference(records, me)
    if expected is None:
        assert value is None
        return
    assert value is not None
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(expected)


@settings(max_examples=80, deadline=None)
@given(people, person, st.sampled_from(["military", "pilot_certificate", "us_citizen"]))
def test_gaining_a_yes_never_lowers_coverage(
    records: list[Any], me: Any, trait: str
) -> None:
    cohort = build(records)
    before = coverage(cohort, TRAITS, {**me, trait: False})
    after = coverage(cohort, TRAITS, {**me, trait: True})
    assert after is not None and before is not None  # the trait itself is known
    assert after >= before


@settings(max_examples=80, deadline=None)
@given(people, person, st.sampled_from(LANGS), st.sampled_from([0.0, 500.0, 5000.0]))
def test_gaining_members_hours_or_levels_never_lowers_coverage(
    records: list[Any], me: Any, language: str, hours: float
) -> None:
    cohort = build(records)
    base = {**me, "languages": me["languages"] or frozenset(), "jet_pic_hours": 0.0}
    before = coverage(cohort, TRAITS, base)
    more = {
        **base,
        "languages": base["languages"] | {language},
        "jet_pic_hours": hours,
        "degree_level": "phd" if base["degree_level"] is not None else None,
    }
    after = coverage(cohort, TRAITS, more)
    assert after is not None and before is not None
    assert after >= before


@settings(max_examples=40, deadline=None)
@given(people, st.lists(person, min_size=1, max_size=8))
def test_batch_equals_one_at_a_time(records: list[Any], many: list[Any]) -> None:
    cohort = build(records)
    batch = coverage_batch(cohort, TRAITS, many)
    single = [coverage(cohort, TRAITS, p) for p in many]
    assert [None if np.isnan(b) else b for b in batch] == pytest.approx(single)


@settings(max_examples=40, deadline=None)
@given(people, person, st.sampled_from(["female", "male", None]))
def test_sensitive_traits_never_change_coverage(
    records: list[Any], me: Any, gender: str | None
) -> None:
    cohort = build(records)
    assert coverage(cohort, TRAITS, me) == coverage(
        cohort, TRAITS, {**me, "gender": gender}
    )


def test_empty_cohort_has_no_coverage(cohort: Cohort) -> None:
    empty = cohort.between(3000, 3001)
    assert coverage(empty, TRAITS, JOSE) is None


def test_unknown_for_you_is_skipped(cohort: Cohort) -> None:
    only_level = {**dict.fromkeys(JOSE), "degree_level": "phd"}
    assert coverage(cohort, TRAITS, only_level) == 1.0


def test_nothing_known_about_you_is_unknown_not_full(cohort: Cohort) -> None:
    assert coverage(cohort, TRAITS, dict.fromkeys(JOSE)) is None


def test_fixed_trait_only_needs_the_observed_range(cohort: Cohort) -> None:
    # Ages 33..44 are observed: 45 is outside, 33 inside although below most.
    inside = coverage(cohort, TraitSet.of([TRAITS["age"]]), {"age": 33.0})
    outside = coverage(cohort, TraitSet.of([TRAITS["age"]]), {"age": 45.0})
    assert inside == 1.0
    assert outside == 0.0


def test_history_follows_the_profile(cohort: Cohort) -> None:
    day = dt.date(2000, 1, 1)
    profile = Profile.from_values(TRAITS, JOSE, day)
    later = dt.date(2002, 6, 1)
    profile = profile.set(TRAITS["pilot_certificate"], True, later)
    profile = profile.set(
        TRAITS["languages"], frozenset({"english", "spanish", "russian"}), later
    )
    history = coverage_history(profile, cohort, TRAITS)
    assert [d for d, _ in history] == [day, later]
    first, second = (c for _, c in history)
    assert first is not None and second is not None
    assert second >= first
    assert first == pytest.approx(coverage(cohort, TRAITS, profile.values(TRAITS, day)))


def test_history_reads_the_profile_as_it_was_on_each_date(cohort: Cohort) -> None:
    """Before the certificate no one is covered; after it Ben, Cal and Eve are."""
    day, later = dt.date(2000, 1, 1), dt.date(2002, 6, 1)
    me = {
        **dict.fromkeys(JOSE),
        "us_citizen": True,
        "degree_level": "master",
        "degree_field": "stem",
        "military": True,
        "pilot_certificate": False,
        "jet_pic_hours": 3000.0,
        "age": 38.0,
        "languages": frozenset({"english", "russian", "spanish"}),
    }
    profile = Profile.from_values(TRAITS, me, day)
    profile = profile.set(TRAITS["pilot_certificate"], True, later)
    assert coverage_history(profile, cohort, TRAITS) == [(day, 0.0), (later, 0.5)]
