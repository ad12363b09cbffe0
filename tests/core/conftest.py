from __future__ import annotations

import pytest

from strive.traits import Kind, Mutability, Trait, TraitSet


@pytest.fixture
def traits() -> TraitSet:
    return TraitSet.of(
        [
            Trait("us_citizen", Kind.BOOL),
            Trait(
                "age",
                Kind.NUMBER,
                unit="years",
                mutability=Mutability.FIXED,
                growth_per_year=1,
                minimum=0,
                maximum=120,
            ),
            Trait(
                "degree_level",
                Kind.LEVEL,
                levels=("none", "bachelor", "master", "doctorate"),
                mutability=Mutability.GROW_ONLY,
            ),
            Trait(
                "degree_field", Kind.CATEGORY, categories=("stem", "medicine", "other")
            ),
            Trait(
                "jet_pic_hours",
                Kind.NUMBER,
                unit="h",
                minimum=0,
                mutability=Mutability.GROW_ONLY,
            ),
            Trait("languages", Kind.SET, mutability=Mutability.GROW_ONLY),
            Trait("pilot_certificate", Kind.BOOL, mutability=Mutability.GROW_ONLY),
            Trait("gender", Kind.CATEGORY, sensitive=True),
        ]
    )
