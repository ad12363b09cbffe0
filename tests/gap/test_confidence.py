"""Confidence grades in the gap report: shares equal direct counts over known cells,
with and without ``min_confidence``, and the per-grade tallies add up."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strive.cohort import GRADES, Cohort, CohortSource, with_provenance
from strive.errors import TraitValueError
from strive.gap import GapAnalyzer, trait_sources
from strive.template import parse_template

from .conftest import JOSE, TEMPLATE, build, person

GRADE = {"H": 3, "M": 2, "L": 1}
grade = st.sampled_from([0, 1, 2, 3])


def _graded(
    records: list[dict[str, Any]], pilot: list[int], langs: list[int]
) -> Cohort:
    cohort = build(records)
    # A grade only ever sits on a known cell (the CSV reader refuses the rest).
    pilot = [
        g if r["pilot_certificate"] is not None else 0
        for r, g in zip(records, pilot, strict=True)
    ]
    langs = [
        g if r["languages"] is not None else 0
        for r, g in zip(records, langs, strict=True)
    ]
    sources = [f"https://example.org/{i}" for i in range(len(records))]
    return with_provenance(
        cohort,
        {"pilot_certificate": pilot, "languages": langs},
        {"pilot_certificate": sources},
    )


graded_people = st.lists(st.tuples(person, grade, grade), min_size=1, max_size=25)


def _figures(cohort: Cohort, min_confidence: str | None) -> dict[str, Any]:
    template = parse_template(TEMPLATE)
    report = GapAnalyzer(k=0, model=None, min_confidence=min_confidence)
    report.fit(cohort, template=template)
    doc = report.compare(JOSE).to_json()
    return {t["trait"]: t for t in doc["traits"]}


@settings(max_examples=80, deadline=None)
@given(graded_people, st.sampled_from([None, "H", "M", "L"]))
def test_shares_equal_direct_counts_over_known_cells(
    rows: list[tuple[dict[str, Any], int, int]], min_confidence: str | None
) -> None:
    records = [r for r, _, _ in rows]
    cohort = _graded(records, [p for _, p, _ in rows], [g for _, _, g in rows])
    floor = 0 if min_confidence is None else GRADE[min_confidence]
    pilot_grades = cohort.column("pilot_certificate").conf
    lang_grades = cohort.column("languages").conf
    assert pilot_grades is not None and lang_grades is not None
    kept = [
        (r["pilot_certificate"], GRADES[int(g)])
        for r, g in zip(records, pilot_grades.tolist(), strict=True)
        if r["pilot_certificate"] is not None and (floor == 0 or g >= floor)
    ]
    figures = _figures(cohort, min_confidence)
    pilot = figures["pilot_certificate"]
    assert pilot["known"] == len(kept)
    have = sum(1 for value, _ in kept if value)
    assert pilot["share"] == (None if not kept else round(have / len(kept), 4))
    assert pilot["confidence"] == {
        "H": sum(g == "H" for _, g in kept),
        "M": sum(g == "M" for _, g in kept),
        "L": sum(g == "L" for _, g in kept),
        "ungraded": sum(g == "" for _, g in kept),
    }
    # Set members: each member's count and grades over the kept known cells.
    langs = [
        (r["languages"], GRADES[int(g)])
        for r, g in zip(records, lang_grades.tolist(), strict=True)
        if r["languages"] is not None and (floor == 0 or g >= floor)
    ]
    assert figures["languages"]["known"] == len(langs)
    for member in figures["languages"].get("members", []):
        holders = [g for value, g in langs if member["member"] in value]
        assert member["have"] == len(holders)
        assert member["confidence"]["H"] == holders.count("H")
        assert sum(member["confidence"].values()) == len(holders)
    # Ungraded traits are untouched by min_confidence, and say so with null.
    military = figures["military"]
    assert military["confidence"] is None
    assert military["known"] == sum(r["military"] is not None for r in records)


@settings(max_examples=40, deadline=None)
@given(graded_people)
def test_sources_list_every_known_cell_with_its_grade(
    rows: list[tuple[dict[str, Any], int, int]],
) -> None:
    records = [r for r, _, _ in rows]
    cohort = _graded(records, [p for _, p, _ in rows], [g for _, _, g in rows])
    found = trait_sources(cohort, "pilot_certificate")
    known = [i for i, r in enumerate(records) if r["pilot_certificate"] is not None]
    assert found.known == len(known)
    assert found.had == sum(1 for i in known if records[i]["pilot_certificate"])
    by_name = {c.name: c for c in found.cells}
    for i in known:
        cell = by_name[f"p{i}"]
        assert cell.value is records[i]["pilot_certificate"]
        assert cell.sources == (f"https://example.org/{i}",)
    # Those who had it come first.
    flags = [c.had for c in found.cells]
    assert flags == sorted(flags, reverse=True)


def test_a_bad_grade_is_refused() -> None:
    cohort = build([{"pilot_certificate": True}])
    with pytest.raises(TraitValueError, match="not a confidence grade"):
        GapAnalyzer(min_confidence="X").fit(cohort, template=parse_template(TEMPLATE))


def test_sources_are_listed_by_class_within_had_and_had_not() -> None:
    """Those who had it first, then by class year (not by name, not as read)."""
    keys = ("us_citizen", "degree_level", "military", "jet_pic_hours", "age")
    blank: dict[str, Any] = dict.fromkeys(keys) | {"languages": None}
    records = [blank | {"pilot_certificate": f} for f in (True, False, True, False)]
    traits = parse_template(TEMPLATE).traits
    cohort = Cohort.from_records(
        traits, records, CohortSource("test"), [1993, 1992, 1991, 1990],
        ["p0", "p1", "p2", "p3"],
    )  # fmt: skip
    sources = [f"https://example.org/{i}" for i in range(4)]
    cohort = with_provenance(
        cohort, {"pilot_certificate": [3, 2, 1, 3]}, {"pilot_certificate": sources}
    )
    found = trait_sources(cohort, "pilot_certificate")
    assert [(c.name, c.year, c.had) for c in found.cells] == [
        ("p2", 1991, True),
        ("p0", 1993, True),
        ("p3", 1990, False),
        ("p1", 1992, False),
    ]
    doc = found.to_json()
    assert {k: v for k, v in doc.items() if k != "cells"} == {
        "trait": "pilot_certificate",
        "label": found.label,
        "cohort": found.cohort,
        "n": 4,
        "known": 4,
        "had": 2,
        "known_text": "known for 4 of 4",
        "confidence": {"H": 2, "M": 1, "L": 1, "ungraded": 0},
    }
    assert doc["cells"][0] == {
        "name": "p2",
        "year": 1991,
        "value": True,
        "value_text": found.cells[0].value_text,
        "had": True,
        "confidence": "L",
        "sources": ["https://example.org/2"],
    }
