"""compare_classes: a new class against the earlier ones, figure by figure.

Every expected number below was worked out by hand from the six people in
conftest.py (new class: Eve and Fay, 2004-2009; earlier: Ada, Ben, Cal, Dee).
"""

from __future__ import annotations

from typing import Any

import pytest

from strive.cohort import Cohort
from strive.gap import compare_classes
from strive.template import Template
from strive.traits import Value

from .conftest import JOSE

ROWS: list[tuple[Any, ...]] = [
    # trait, member, figure, new, earlier, new_known, earlier_known, change, text
    ("us_citizen", None, "share", 1.0, 1.0, 2, 4, 0.0,
     "us citizen: 100% of the new class (known for 2), 100% before (known for 4)"),
    ("degree_level", None, "median", "bachelor", "master", 2, 4, -1.0,
     "median degree level: bachelor in the new class, master before"),
    ("degree_field", "medicine", "share", 0.0, 0.25, 2, 4, -0.25,
     "medicine (degree field): 0% of the new class (known for 2), 25% before "
     "(known for 4)"),
    ("degree_field", "other", "share", 0.5, 0.0, 2, 4, 0.5,
     "other (degree field): 50% of the new class (known for 2), 0% before "
     "(known for 4)"),
    ("degree_field", "stem", "share", 0.5, 0.75, 2, 4, -0.25,
     "stem (degree field): 50% of the new class (known for 2), 75% before "
     "(known for 4)"),
    ("military", None, "share", 0.5, 0.5, 2, 4, 0.0,
     "military: 50% of the new class (known for 2), 50% before (known for 4)"),
    ("pilot_certificate", None, "share", 0.5, 1.0, 2, 3, -0.5,
     "pilot certificate: 50% of the new class (known for 2), 100% before "
     "(known for 3)"),
    ("jet_pic_hours", None, "median", 1500.0, 1800.0, 2, 3, -300.0,
     "median jet pic hours: 1,500 h in the new class, 1,800 h before"),
    ("age", None, "median", 38.5, 37.0, 2, 4, 1.5,
     "median age: 38.50 years in the new class, 37 years before"),
    ("languages", "english", "share", 1.0, 1.0, 1, 4, 0.0,
     "english (languages): 100% of the new class (known for 1), 100% before "
     "(known for 4)"),
    ("languages", "russian", "share", 0.0, 0.5, 1, 4, -0.5,
     "russian (languages): 0% of the new class (known for 1), 50% before "
     "(known for 4)"),
    ("languages", "spanish", "share", 0.0, 0.25, 1, 4, -0.25,
     "spanish (languages): 0% of the new class (known for 1), 25% before "
     "(known for 4)"),
]  # fmt: skip
FIELDS = (
    "trait", "member", "figure", "new", "earlier", "new_known", "earlier_known",
    "change", "text",
)  # fmt: skip

STRONG: dict[str, Value | None] = {
    "us_citizen": True,
    "degree_level": "phd",
    "degree_field": "stem",
    "military": True,
    "pilot_certificate": True,
    "jet_pic_hours": 3000.0,
    "age": 38.0,
    "languages": frozenset({"english", "russian", "spanish"}),
    "gender": None,
}


def test_every_row_of_the_new_class_against_the_earlier(
    template: Template, cohort: Cohort
) -> None:
    new, earlier = cohort.between(2004, None), cohort.between(None, 2003)
    doc = compare_classes(new, earlier, JOSE, template.traits).to_json()
    assert doc["new"] == "Mini astronauts (test), classes 2004-… (n=2)"
    assert doc["earlier"] == "Mini astronauts (test), classes …-2003 (n=4)"
    # this cohort grades and sources no cell: the provenance fields say so
    assert all(r.pop("confidence") is None for r in doc["rows"])
    assert all(r.pop("sources") == [] for r in doc["rows"])
    assert doc["rows"] == [dict(zip(FIELDS, row, strict=True)) for row in ROWS]
    lacking = [
        ("degree_field=other", "50% of the selected were other (1 of 2, known for 2 "
         "of 2); you are stem"),
        ("jet_pic_hours>=1500", "50% of the selected had at least 1,500 h (the "
         "median, known for 2 of 2); you have 0 h"),
        ("military", "50% of the selected had military (1 of 2, known for 2 of 2); "
         "you don't"),
        ("pilot_certificate", "50% of the selected had pilot certificate (1 of 2, "
         "known for 2 of 2); you don't"),
    ]  # fmt: skip
    assert [(i["condition"], i["text"]) for i in doc["they_have_you_dont"]] == lacking
    for item in doc["they_have_you_dont"]:
        assert (item["kind"], item["share"], item["have"], item["of"]) == (
            "cohort",
            0.5,
            1,
            2,
        )
        assert item["source"] == "Mini astronauts (test)"
    assert doc["lines"] == [row[-1] for row in ROWS] + [
        f"new class: {text}" for _, text in lacking
    ]
    assert (doc["coverage_new"], doc["coverage_earlier"]) == (0.0, 0.0)


def test_lines_rank_by_share_then_condition(template: Template, cohort: Cohort) -> None:
    """Ada, Ben and Cal against the rest: the certificate all three had comes first."""
    new, earlier = cohort.between(1990, 1996), cohort.between(1997, None)
    result = compare_classes(new, earlier, JOSE, template.traits)
    assert [(c, s.have, s.of) for c, s in result.they_have_you_dont] == [
        ("pilot_certificate", 3, 3),
        ("jet_pic_hours>=1800", 2, 3),
        ("languages has russian", 2, 3),
        ("military", 2, 3),
    ]


def test_coverage_of_each_class(template: Template, cohort: Cohort) -> None:
    """A strong profile covers Eve (not Fay, 'other' field) and Ada, Ben, Cal (not
    Dee, medicine); age only has to fall inside each class's own range."""
    new, earlier = cohort.between(2004, None), cohort.between(None, 2003)
    result = compare_classes(new, earlier, STRONG, template.traits)
    assert result.coverage_new == pytest.approx(0.5)
    assert result.coverage_earlier == pytest.approx(0.75)
    assert [c for c, _ in result.they_have_you_dont] == ["degree_field=other"]
    assert result.to_json()["coverage_earlier"] == 0.75


def test_a_trait_nobody_in_the_new_class_recorded_is_unknown(
    template: Template, cohort: Cohort
) -> None:
    """Dee (1998) has no pilot certificate or jet hours on record: unknown."""
    new, earlier = cohort.between(1998, 1998), cohort.between(None, 1996)
    rows = {
        r.trait: r.to_json()
        for r in compare_classes(new, earlier, JOSE, template.traits).rows
    }
    assert rows["pilot_certificate"] == {
        "trait": "pilot_certificate",
        "member": None,
        "figure": "share",
        "new": None,
        "earlier": 1.0,
        "new_known": 0,
        "earlier_known": 3,
        "change": None,
        "text": "pilot certificate: unknown of the new class (known for 0), 100% "
        "before (known for 3)",
        "confidence": None,
        "sources": [],
    }
    assert (rows["jet_pic_hours"]["new"], rows["jet_pic_hours"]["change"]) == (
        None,
        None,
    )
    assert rows["jet_pic_hours"]["text"] == (
        "median jet pic hours: unknown in the new class, 1,800 h before"
    )
