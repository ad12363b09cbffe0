from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.errors import TraitValueError
from strive.profile import Profile
from strive.traits import TraitSet

D = dt.date


def test_history_is_kept_and_read_at_any_date(traits: TraitSet) -> None:
    pilot = traits["pilot_certificate"]
    p = Profile().set(pilot, False, D(1990, 1, 1)).set(pilot, True, D(2000, 1, 1))
    assert p.value(pilot, D(1995, 1, 1)) is False
    assert p.value(pilot) is True
    assert p.value(pilot, D(1980, 1, 1)) is None
    assert [c.value for c in p.history("pilot_certificate")] == [False, True]


def test_age_grows_with_time(traits: TraitSet) -> None:
    age = traits["age"]
    p = Profile().set(age, 27.0, D(1989, 9, 1))
    aged = p.value(age, D(2004, 9, 1))
    assert isinstance(aged, float) and aged == pytest.approx(42.0, abs=0.01)


def test_grow_only_cannot_be_lowered(traits: TraitSet) -> None:
    level = traits["degree_level"]
    p = Profile().set(level, "master", D(1990, 1, 1))
    with pytest.raises(TraitValueError, match="can only grow"):
        p.set(level, "bachelor", D(1991, 1, 1))
    assert p.correct(level, "bachelor", D(1991, 1, 1)).value(level) == "bachelor"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=20))
def test_grow_only_numbers_never_decrease(traits: TraitSet, hours: list[float]) -> None:
    trait = traits["jet_pic_hours"]
    p = Profile()
    day = D(2000, 1, 1)
    for i, h in enumerate(hours):
        with contextlib.suppress(TraitValueError):
            p = p.set(trait, h, day + dt.timedelta(days=i))
    seen = [c.value for c in p.history("jet_pic_hours")]
    assert seen == sorted(seen)  # type: ignore[type-var]
