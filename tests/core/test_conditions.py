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


PARSED = [
    # text as typed, (trait, op, value), text() as printed back
    ("us_citizen", ("us_citizen", "is", True), "us_citizen"),
    ("  not   us_citizen ", ("us_citizen", "is", False), "not us_citizen"),
    ("degree_level >= master", ("degree_level", ">=", "master"),
     "degree_level>=master"),
    ("age<=50", ("age", "<=", 50.0), "age<=50"),
    ("age>30.5", ("age", ">", 30.5), "age>30.50"),
    ("jet_pic_hours<1000", ("jet_pic_hours", "<", 1000.0), "jet_pic_hours<1000"),
    ("jet_pic_hours>=1500", ("jet_pic_hours", ">=", 1500.0), "jet_pic_hours>=1500"),
    ("age==40", ("age", "=", 40.0), "age=40"),
    ("degree_field = stem", ("degree_field", "=", "stem"), "degree_field=stem"),
    ("degree_field==medicine", ("degree_field", "=", "medicine"),
     "degree_field=medicine"),
    ("degree_field in stem, medicine,", ("degree_field", "in", ("stem", "medicine")),
     "degree_field in stem,medicine"),
    ("languages has Russian ", ("languages", "has", "russian"),
     "languages has russian"),
    ("languages>=3", ("languages", ">=", 3.0), "languages>=3"),
    ("languages < 2", ("languages", "<", 2.0), "languages<2"),
    ("pilot_certificate=yes", ("pilot_certificate", "=", True),
     "pilot_certificate=yes"),
    ("pilot_certificate=no", ("pilot_certificate", "=", False),
     "pilot_certificate=no"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "parts", "printed"), PARSED)
def test_parse_and_text(
    traits: TraitSet, typed: str, parts: tuple[object, ...], printed: str
) -> None:
    condition = Condition.parse(typed, traits)
    assert (condition.trait, condition.op, condition.value) == parts
    assert condition.text() == printed
    assert Condition.parse(printed, traits) == condition


def test_thousands_are_printed_without_separators(traits: TraitSet) -> None:
    condition = Condition("jet_pic_hours", ">=", 12500.0)
    assert condition.text() == "jet_pic_hours>=12500"


BOUNDARIES = [
    # condition, value, holds
    ("jet_pic_hours>=1000", 1000.0, True),
    ("jet_pic_hours>=1000", 999.9, False),
    ("jet_pic_hours>1000", 1000.0, False),
    ("jet_pic_hours>1000", 1000.1, True),
    ("jet_pic_hours<=1000", 1000.0, True),
    ("jet_pic_hours<=1000", 1000.1, False),
    ("jet_pic_hours<1000", 1000.0, False),
    ("jet_pic_hours<1000", 999.9, True),
    ("age=40", 40.0, True),
    ("age=40", 40.5, False),
    ("degree_level>=master", "master", True),
    ("degree_level>master", "master", False),
    ("degree_level>master", "doctorate", True),
    ("degree_level<master", "bachelor", True),
    ("degree_level<=master", "doctorate", False),
    ("degree_level=master", "master", True),
    ("degree_level=master", "doctorate", False),
    ("pilot_certificate", True, True),
    ("pilot_certificate", False, False),
    ("not pilot_certificate", False, True),
    ("pilot_certificate=no", False, True),
    ("pilot_certificate=no", True, False),
    ("degree_field=stem", "medicine", False),
    ("degree_field in stem,medicine", "medicine", True),
    ("languages has russian", frozenset({"english"}), False),
    ("languages has russian", frozenset(), False),
    ("languages>=2", frozenset({"english", "spanish"}), True),
    ("languages>2", frozenset({"english", "spanish"}), False),
    ("languages<=1", frozenset({"english"}), True),
    ("languages<1", frozenset({"english"}), False),
    ("languages=0", frozenset(), True),
]


@pytest.mark.parametrize(("text", "value", "expected"), BOUNDARIES)
def test_holds_at_the_boundaries(
    traits: TraitSet, text: str, value: object, expected: bool
) -> None:
    condition = Condition.parse(text, traits)
    trait = traits[condition.trait]
    assert condition.holds(trait, value) is expected  # type: ignore[arg-type]
    assert condition.holds(trait, None) is None
    assert condition.evaluate(traits, {condition.trait: value}) is expected  # type: ignore[dict-item]
    assert condition.evaluate(traits, {condition.trait: None}) is None


GAP_TEXTS = [
    ("pilot_certificate", None, "pilot certificate: unknown → yes"),
    ("pilot_certificate", False, "pilot certificate: no → yes"),
    ("not pilot_certificate", True, "pilot certificate: yes → no"),
    ("languages has russian", frozenset({"english"}), "languages: add russian"),
    ("degree_field in stem,medicine", "other",
     "degree field: other → one of stem, medicine"),
    ("jet_pic_hours>=1000", 0.0, "jet pic hours: 0 h → at least 1,000 h"),
    ("jet_pic_hours>1000", 0.0, "jet pic hours: 0 h → more than 1,000 h"),
    ("age<=50", 55.0, "age: 55 years → at most 50 years"),
    ("age<50", 55.0, "age: 55 years → less than 50 years"),
    ("age=40", 41.0, "age: 41 years → exactly 40 years"),
    ("degree_level>=master", "bachelor", "degree level: bachelor → at least master"),
    ("languages>=3", frozenset({"english"}), "languages: english → at least 3"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value", "expected"), GAP_TEXTS)
def test_gap_text(traits: TraitSet, text: str, value: object, expected: str) -> None:
    condition = Condition.parse(text, traits)
    assert condition.gap_text(traits[condition.trait], value) == expected  # type: ignore[arg-type]


ERRORS = [
    ("!!", "cannot read condition '!!'; write e.g. 'pilot_certificate', "
     "'degree_level>=master' or 'languages has russian'"),
    ("degree_level", "degree_level is not yes/no: give a comparison, "
     "e.g. 'degree_level>=...'"),
    ("not degree_level>=master", "'not' only goes with a yes/no trait: "
     "'not degree_level>=master'"),
    ("us_citizen has x", "'has' only goes with a set trait: 'us_citizen has x'"),
    ("degree_field>=stem", "categories only compare with '=': 'degree_field>=stem'"),
    ("languages>=many", "a set trait compares by its size, give a whole number: "
     "'languages>=many'"),
    ("languages>=2.5", "a set trait compares by its size, give a whole number: "
     "'languages>=2.5'"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_error_messages(traits: TraitSet, text: str, message: str) -> None:
    with pytest.raises(TraitValueError) as raised:
        Condition.parse(text, traits)
    assert str(raised.value) == message


def test_values_are_checked_against_the_trait(traits: TraitSet) -> None:
    for text in ("degree_field in stem,law", "degree_field=law", "age>=old"):
        with pytest.raises(TraitValueError):
            Condition.parse(text, traits)
