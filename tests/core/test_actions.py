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
