from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strive.errors import TraitValueError, UnknownTraitError
from strive.traits import Kind, Trait, TraitSet


def test_parse_each_kind(traits: TraitSet) -> None:
    assert traits["us_citizen"].parse("Yes") is True
    assert traits["us_citizen"].parse("no") is False
    assert traits["jet_pic_hours"].parse("1,000") == 1000.0
    assert traits["degree_level"].parse("Master") == "master"
    assert traits["degree_field"].parse("stem") == "stem"
    assert traits["languages"].parse("English, Spanish") == frozenset(
        {"english", "spanish"}
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("us_citizen", "maybe", "yes or no"),
        ("jet_pic_hours", "lots", "takes a number (h)"),
        ("jet_pic_hours", "-5", "at least 0"),
        ("age", "200", "at most 120"),
        ("degree_level", "phd", "choose one of: none, bachelor, master, doctorate"),
        ("degree_field", "art", "choose one of: stem, medicine, other"),
    ],
)
def test_bad_values_say_what_is_wrong(
    traits: TraitSet, name: str, text: str, message: str
) -> None:
    with pytest.raises(TraitValueError, match=re.escape(message)):
        traits[name].parse(text)


def test_unknown_trait_lists_the_known_ones(traits: TraitSet) -> None:
    with pytest.raises(UnknownTraitError, match=r"unknown trait 'pilot'.*age"):
        traits["pilot"]


def test_matches_semantics(traits: TraitSet) -> None:
    level = traits["degree_level"]
    assert level.matches("doctorate", "master")
    assert not level.matches("bachelor", "master")
    langs = traits["languages"]
    assert langs.matches(frozenset({"en", "ru", "es"}), frozenset({"en", "ru"}))
    assert not langs.matches(frozenset({"en"}), frozenset({"en", "ru"}))
    assert traits["degree_field"].matches("stem", "stem")
    assert not traits["degree_field"].matches("other", "stem")


def test_level_trait_needs_levels() -> None:
    with pytest.raises(TraitValueError):
        Trait("x", Kind.LEVEL)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_number_json_round_trip(value: float) -> None:
    trait = Trait("hours", Kind.NUMBER, minimum=0)
    assert trait.from_json(trait.to_json(value)) == value


@given(st.frozensets(st.text(alphabet="abcdefgh", min_size=1, max_size=5)))
def test_set_json_round_trip(value: frozenset[str]) -> None:
    trait = Trait("langs", Kind.SET)
    assert trait.from_json(trait.to_json(value)) == value


def test_sensitive_traits_are_not_comparable(traits: TraitSet) -> None:
    assert "gender" not in [t.name for t in traits.comparable()]


def test_categories_and_levels_ignore_case() -> None:
    occupation = Trait(
        "occupation", Kind.CATEGORY, categories=("sales", "tech-support")
    )
    assert occupation.parse("Sales") == "sales"
    level = Trait("education", Kind.LEVEL, levels=("hs-grad", "bachelors"))
    assert level.parse("HS-grad") == "hs-grad"
    with pytest.raises(TraitValueError, match="choose one of"):
        occupation.parse("astronaut")


def test_set_members_split_on_commas_or_semicolons() -> None:
    """``languages=english;spanish`` (the cohort CSV's separator) is a set of two."""
    languages = Trait("languages", Kind.SET)
    expected = frozenset({"english", "spanish", "russian"})
    assert languages.parse("english,spanish,russian") == expected
    assert languages.parse("English; Spanish;russian") == expected
