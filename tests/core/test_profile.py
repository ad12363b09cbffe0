from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.errors import TraitValueError
from strive.profile import Profile
from strive.traits import Kind, Mutability, Trait, TraitSet

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


def test_recording_the_same_value_again_is_not_lowering(traits: TraitSet) -> None:
    """A grow-only trait may be re-recorded at its current value (sets and levels)."""
    level, langs = traits["degree_level"], traits["languages"]
    both = frozenset({"english", "spanish"})
    p = Profile().set(level, "master", D(1990, 1, 1)).set(langs, both, D(1990, 1, 1))
    p = p.set(level, "master", D(1995, 1, 1)).set(langs, both, D(1995, 1, 1))
    assert (p.value(level), p.value(langs)) == ("master", both)
    p = p.set(langs, both | {"russian"}, D(1996, 1, 1))
    for fewer in (frozenset({"english"}), frozenset({"english", "russian"})):
        with pytest.raises(TraitValueError, match="can only grow"):
            p.set(langs, fewer, D(1997, 1, 1))
    with pytest.raises(TraitValueError, match="can only grow"):
        p.set(langs, frozenset({"french"}), D(1997, 1, 1))  # not a superset


def test_a_grow_only_category_may_change(traits: TraitSet) -> None:
    """Categories have no order, so no change of one lowers it."""
    field = Trait("field", Kind.CATEGORY, mutability=Mutability.GROW_ONLY)
    p = Profile().set(field, "stem", D(1990, 1, 1)).set(field, "other", D(1991, 1, 1))
    assert p.value(field) == "other"


def test_lowering_is_judged_at_the_date_of_the_change(traits: TraitSet) -> None:
    """Back-filling an earlier, lower value is allowed; the error names both values."""
    level = traits["degree_level"]
    p = Profile().set(level, "master", D(2000, 1, 1))
    earlier = p.set(level, "bachelor", D(1995, 1, 1))
    assert earlier.value(level, D(1996, 1, 1)) == "bachelor"
    assert earlier.value(level) == "master"
    with pytest.raises(TraitValueError) as raised:
        p.set(level, "bachelor", D(2001, 2, 3))
    assert str(raised.value) == (
        "degree_level can only grow: it is master on 2001-02-03, so bachelor would "
        "lower it (use a correction to fix a mistake)"
    )


def test_the_later_of_two_changes_on_one_day_wins(traits: TraitSet) -> None:
    pilot = traits["pilot_certificate"]
    p = Profile().set(pilot, True, D(2000, 1, 1)).correct(pilot, False, D(2000, 1, 1))
    assert p.value(pilot) is False
    assert p.value(pilot, D(2000, 1, 1)) is False


def test_notes_are_kept_and_corrections_are_marked(traits: TraitSet) -> None:
    pilot = traits["pilot_certificate"]
    p = Profile().set(pilot, False, D(2000, 1, 1))
    p = p.set(pilot, True, D(2001, 1, 1), note="checkride passed")
    p = p.correct(pilot, False, D(2002, 1, 1))
    assert [c.note for c in p.history()] == ["", "checkride passed", "correction"]


def test_none_clears_a_value(traits: TraitSet) -> None:
    """Setting or correcting to None records "unknown" (it is not validated)."""
    pilot, hours = traits["pilot_certificate"], traits["jet_pic_hours"]
    p = Profile().set(pilot, True, D(2000, 1, 1)).set(hours, 50.0, D(2000, 1, 1))
    p = p.set(pilot, None, D(2001, 1, 1)).correct(hours, None, D(2001, 1, 1))
    assert (p.value(pilot), p.value(hours)) == (None, None)
    assert p.value(pilot, D(2000, 6, 1)) is True


def test_history_without_a_name_has_every_change_in_date_order(
    traits: TraitSet,
) -> None:
    pilot, hours = traits["pilot_certificate"], traits["jet_pic_hours"]
    p = Profile().set(hours, 10.0, D(2001, 1, 1)).set(pilot, True, D(2000, 1, 1))
    assert [(c.trait, c.when) for c in p.history()] == [
        ("pilot_certificate", D(2000, 1, 1)),
        ("jet_pic_hours", D(2001, 1, 1)),
    ]


def test_numbers_read_without_a_date_are_not_aged(traits: TraitSet) -> None:
    """Only a read at a date ages a growing trait; other numbers never move."""
    age, hours = traits["age"], traits["jet_pic_hours"]
    p = Profile().set(age, 27.0, D(1989, 9, 1)).set(hours, 120.0, D(1989, 9, 1))
    assert p.value(age) == 27.0
    assert p.value(age, D(1989, 9, 1)) == 27.0  # read on the day it was recorded
    assert p.value(hours) == 120.0
    assert p.value(hours, D(2004, 9, 1)) == 120.0
