from __future__ import annotations

from strive.requirements import Requirement, Status
from strive.traits import TraitSet


def education(traits: TraitSet) -> Requirement:
    return Requirement.parse(
        "education",
        "STEM master's or alternatives",
        [["degree_level>=master", "degree_field=stem"], ["degree_level>=doctorate"]],
        traits,
    )


def test_met_by_any_alternative(traits: TraitSet) -> None:
    check = education(traits).check(
        traits, {"degree_level": "doctorate", "degree_field": "other"}
    )
    assert check.status is Status.MET and check.met


def test_unmet_gives_smallest_change(traits: TraitSet) -> None:
    check = education(traits).check(
        traits, {"degree_level": "bachelor", "degree_field": "stem"}
    )
    assert check.status is Status.UNMET
    assert check.smallest_change == ("degree level: bachelor → at least master",)


def test_missing_value_is_unknown(traits: TraitSet) -> None:
    check = education(traits).check(traits, {"degree_field": "stem"})
    assert check.status is Status.UNKNOWN
