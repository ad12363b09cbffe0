from __future__ import annotations

import pytest

from strive.conditions import Condition
from strive.errors import TraitValueError, UnknownTraitError
from strive.traits import TraitSet

CASES = [
    ("us_citizen", {"us_citizen": True}, True),
    ("not us_citizen", {"us_citizen": True}, False),
    ("degree_level>=master", {"degree_level": "doctorate"}, True),
    ("degree_level>=master", {"degree_level": "bachelor"}, False),
    ("jet_pic_hours>=1000", {"jet_pic_hours": 999.0}, False),
    ("age<=50", {"age": 41.0}, True),
    ("degree_field=stem", {"degree_field": "stem"}, True),
    ("degree_field in stem,medicine", {"degree_field": "other"}, False),
    ("languages has russian", {"languages": frozenset({"russian"})}, True),
    ("languages>=3", {"languages": frozenset({"en", "es"})}, False),
    ("languages>=3", {"languages": frozenset({"en", "es", "ru"})}, True),
]


@pytest.mark.parametrize(("text", "values", "expected"), CASES)
def test_evaluate(
    traits: TraitSet, text: str, values: dict[str, object], expected: bool
) -> None:
    assert Condition.parse(text, traits).evaluate(traits, values) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [c[0] for c in CASES])
def test_text_round_trips(traits: TraitSet, text: str) -> None:
    condition = Condition.parse(text, traits)
    assert Condition.parse(condition.text(), traits) == condition


def test_missing_value_is_unknown_not_false(traits: TraitSet) -> None:
    assert Condition.parse("us_citizen", traits).evaluate(traits, {}) is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("pilot", UnknownTraitError),
        ("degree_level", TraitValueError),
        ("us_citizen has x", TraitValueError),
        ("degree_field>=stem", TraitValueError),
        ("languages>=many", TraitValueError),
        ("!!", TraitValueError),
    ],
)
def test_bad_conditions(traits: TraitSet, text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        Condition.parse(text, traits)
