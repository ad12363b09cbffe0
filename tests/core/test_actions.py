"""Effects as written in templates: ``+=`` is a change, not a value of the trait."""

from __future__ import annotations

import pytest

from strive.actions import Effect
from strive.errors import TraitValueError
from strive.traits import Kind, Mutability, Trait, TraitSet


def _traits() -> TraitSet:
    return TraitSet.of(
        [
            Trait("mcat", Kind.NUMBER, minimum=472, maximum=528),
            Trait(
                "flight_hours", Kind.NUMBER, mutability=Mutability.GROW_ONLY, minimum=0
            ),
        ]
    )


def test_an_added_amount_is_not_checked_against_the_trait_range() -> None:
    effect = Effect.parse("mcat+=10", _traits())
    assert (effect.op, effect.value) == ("add", 10.0)
    assert effect.apply(_traits()["mcat"], 500.0) == 510.0


def test_a_free_number_can_be_lowered_by_a_negative_change() -> None:
    assert Effect.parse("mcat+=-5", _traits()).value == -5.0


@pytest.mark.parametrize("raw", ["inf", "nan", "1e309", "abc", "0"])
def test_an_added_amount_must_be_a_finite_nonzero_number(raw: str) -> None:
    with pytest.raises(TraitValueError, match="mcat"):
        Effect.parse(f"mcat+={raw}", _traits())


def test_a_grow_only_trait_cannot_be_lowered_by_an_effect() -> None:
    with pytest.raises(TraitValueError, match="only grows"):
        Effect.parse("flight_hours+=-10", _traits())
    assert Effect.parse("flight_hours+=10", _traits()).value == 10.0


def _all_kinds() -> TraitSet:
    return TraitSet.of(
        [
            Trait("pilot", Kind.BOOL),
            Trait("degree", Kind.LEVEL, levels=("bachelor", "master", "phd")),
            Trait("languages", Kind.SET),
            Trait("hours", Kind.NUMBER, minimum=0),
        ]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pilot", Effect("pilot", "set", True)),
        ("pilot=no", Effect("pilot", "set", False)),
        ("degree=master", Effect("degree", "set", "master")),
        (" degree = phd ", Effect("degree", "set", "phd")),
        ("languages+=Russian", Effect("languages", "include", "russian")),
        ("hours+=1,500", Effect("hours", "add", 1500.0)),
        ("hours=40", Effect("hours", "set", 40.0)),
    ],
)
def test_every_written_form_parses_to_the_expected_effect(
    text: str, expected: Effect
) -> None:
    assert Effect.parse(text, _all_kinds()) == expected
    assert Effect.parse(expected.text(), _all_kinds()) == expected


def test_adding_to_a_yes_no_trait_is_refused_with_the_text() -> None:
    with pytest.raises(TraitValueError) as err:
        Effect.parse("pilot+=1", _all_kinds())
    assert str(err.value) == "'+=' needs a number or set trait: 'pilot+=1'"


def test_a_bare_effect_on_a_non_yes_no_trait_asks_for_a_value() -> None:
    with pytest.raises(TraitValueError) as err:
        Effect.parse("degree", _all_kinds())
    assert str(err.value) == "effect 'degree' needs a value: 'degree=...'"
