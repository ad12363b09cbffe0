from __future__ import annotations

import numpy as np

from strive.cohort import Cohort, CohortSource, concat
from strive.conditions import Condition
from strive.traits import TraitSet

SRC = CohortSource("test cohort", citation="made up for the test")


def cohort(traits: TraitSet) -> Cohort:
    rows = [
        {
            "degree_level": "master",
            "languages": frozenset({"en", "ru"}),
            "us_citizen": True,
        },
        {
            "degree_level": "bachelor",
            "languages": frozenset({"en"}),
            "us_citizen": True,
        },
        {"degree_level": None, "languages": None, "us_citizen": None},
        {"degree_level": "doctorate", "degree_field": "stem"},
    ]
    return Cohort.from_records(
        traits, rows, SRC, years=[1990, 1992, 1996, None], names=["a", "b", "c", "d"]
    )


def test_holds_is_three_valued(traits: TraitSet) -> None:
    c = cohort(traits)
    out = c.holds(Condition.parse("degree_level>=master", traits))
    assert out[0] == 1 and out[1] == 0 and np.isnan(out[2]) and out[3] == 1
    has_ru = c.holds(Condition.parse("languages has ru", traits))
    assert list(has_ru[:2]) == [1.0, 0.0] and np.isnan(has_ru[2])


def test_decode_round_trip(traits: TraitSet) -> None:
    c = cohort(traits)
    assert c.values(0)["languages"] == frozenset({"en", "ru"})
    assert c.values(3)["degree_field"] == "stem"
    assert c.values(2)["degree_level"] is None


def test_filters_are_described(traits: TraitSet) -> None:
    sub = cohort(traits).between(1990, 1995)
    assert sub.size == 2
    assert sub.description == "test cohort, classes 1990-1995 (n=2)"
    assert sub.names == ("a", "b")


def test_concat_keeps_values(traits: TraitSet) -> None:
    c = cohort(traits)
    extra = Cohort.from_records(
        traits,
        [{"languages": frozenset({"jp"}), "degree_field": "other"}],
        CohortSource("new class"),
        years=[2021],
    )
    both = concat([c, extra])
    assert both.size == 5
    assert both.values(4)["languages"] == frozenset({"jp"})
    assert both.values(0)["languages"] == frozenset({"en", "ru"})
    assert both.values(4)["degree_field"] == "other"
    assert both.values(3)["degree_field"] == "stem"
    assert both.summary()["classes"] == {"1990": 1, "1992": 1, "1996": 1, "2021": 1}
