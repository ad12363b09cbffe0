"""A small NASA-like goal and cohort, built with ``Cohort.from_records``."""

from __future__ import annotations

from typing import Any

import pytest

from strive.cohort import Cohort, CohortSource
from strive.evidence import Evidence
from strive.template import Template, parse_template
from strive.traits import Value

TEMPLATE: dict[str, Any] = {
    "template": {"name": "mini-astronaut", "title": "Mini astronaut"},
    "traits": [
        {"name": "us_citizen", "kind": "bool"},
        {
            "name": "degree_level",
            "kind": "level",
            "values": ["none", "bachelor", "master", "phd"],
            "mutability": "grow_only",
        },
        {
            "name": "degree_field",
            "kind": "category",
            "values": ["stem", "medicine", "other"],
        },
        {"name": "military", "kind": "bool"},
        {"name": "pilot_certificate", "kind": "bool", "mutability": "grow_only"},
        {
            "name": "jet_pic_hours",
            "kind": "number",
            "unit": "h",
            "minimum": 0,
            "mutability": "grow_only",
        },
        {
            "name": "age",
            "kind": "number",
            "unit": "years",
            "mutability": "fixed",
            "growth_per_year": 1,
        },
        {"name": "languages", "kind": "set", "mutability": "grow_only"},
        {
            "name": "gender",
            "kind": "category",
            "values": ["female", "male"],
            "sensitive": True,
        },
    ],
    "requirements": [
        {
            "name": "citizenship",
            "description": "US citizen",
            "any_of": [["us_citizen"]],
            "source": "NASA 2020 call",
        },
        {
            "name": "degree",
            "description": "STEM master's or MD",
            "any_of": [
                ["degree_level>=master", "degree_field=stem"],
                ["degree_field=medicine"],
            ],
            "source": "NASA 2020 call",
        },
    ],
    "base_rates": [
        {
            "cycle": "2017",
            "applicants": 18300,
            "selected": 12,
            "source": "Florida Today",
        }
    ],
}

SOURCE = CohortSource("Mini astronauts (test)", licence="CC0", citation="made up")

PEOPLE: list[dict[str, Value | None]] = [
    {
        "us_citizen": True,
        "degree_level": "phd",
        "degree_field": "stem",
        "military": False,
        "pilot_certificate": True,
        "jet_pic_hours": 0.0,
        "age": 35.0,
        "languages": frozenset({"english", "russian"}),
        "gender": "female",
    },
    {
        "us_citizen": True,
        "degree_level": "master",
        "degree_field": "stem",
        "military": True,
        "pilot_certificate": True,
        "jet_pic_hours": 2500.0,
        "age": 38.0,
        "languages": frozenset({"english"}),
        "gender": "male",
    },
    {
        "us_citizen": True,
        "degree_level": "master",
        "degree_field": "stem",
        "military": True,
        "pilot_certificate": True,
        "jet_pic_hours": 1800.0,
        "age": 36.0,
        "languages": frozenset({"english", "russian"}),
        "gender": "male",
    },
    {
        "us_citizen": True,
        "degree_level": "phd",
        "degree_field": "medicine",
        "military": False,
        "pilot_certificate": None,
        "jet_pic_hours": None,
        "age": 41.0,
        "languages": frozenset({"english", "spanish"}),
        "gender": "female",
    },
    {
        "us_citizen": True,
        "degree_level": "bachelor",
        "degree_field": "stem",
        "military": True,
        "pilot_certificate": True,
        "jet_pic_hours": 3000.0,
        "age": 33.0,
        "languages": None,
        "gender": "male",
    },
    {
        "us_citizen": True,
        "degree_level": "master",
        "degree_field": "other",
        "military": False,
        "pilot_certificate": False,
        "jet_pic_hours": 0.0,
        "age": 44.0,
        "languages": frozenset({"english"}),
        "gender": None,
    },
]
YEARS = [1990, 1992, 1996, 1998, 2004, 2009]
NAMES = ["Ada", "Ben", "Cal", "Dee", "Eve", "Fay"]

JOSE: dict[str, Value | None] = {
    "us_citizen": True,
    "degree_level": "master",
    "degree_field": "stem",
    "military": False,
    "pilot_certificate": False,
    "jet_pic_hours": 0.0,
    "age": 38.0,
    "languages": frozenset({"english", "spanish"}),
    "gender": "male",
}


@pytest.fixture
def template() -> Template:
    return parse_template(TEMPLATE)


@pytest.fixture
def cohort(template: Template) -> Cohort:
    return Cohort.from_records(template.traits, PEOPLE, SOURCE, YEARS, NAMES)


@pytest.fixture
def evidence() -> list[Evidence]:
    return [
        Evidence("pilot_certificate", "José's own research, 2001", have=9, of=11),
        Evidence("languages has russian", "an interview", note="qualitative"),
    ]


# ----------------------------------------------------------------- hypothesis helpers

from hypothesis import strategies as st  # noqa: E402

LANGS = ["english", "russian", "spanish", "french"]


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


person = st.fixed_dictionaries(
    {
        "us_citizen": _maybe(st.booleans()),
        "degree_level": _maybe(st.sampled_from(["none", "bachelor", "master", "phd"])),
        "degree_field": _maybe(st.sampled_from(["stem", "medicine", "other"])),
        "military": _maybe(st.booleans()),
        "pilot_certificate": _maybe(st.booleans()),
        "jet_pic_hours": _maybe(st.sampled_from([0.0, 100.0, 999.5, 1000.0, 3000.0])),
        "age": _maybe(st.integers(25, 50).map(float)),
        "languages": _maybe(st.frozensets(st.sampled_from(LANGS))),
        "gender": _maybe(st.sampled_from(["female", "male"])),
    }
)
people = st.lists(person, min_size=1, max_size=25)


def build(records: list[dict[str, Any]]) -> Cohort:
    template = parse_template(TEMPLATE)
    years = [1990 + i % 20 for i in range(len(records))]
    names = [f"p{i}" for i in range(len(records))]
    return Cohort.from_records(template.traits, records, SOURCE, years, names)
