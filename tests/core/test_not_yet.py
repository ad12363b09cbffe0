""" "Not yet" is known and not met, distinct from unknown."""

from __future__ import annotations

import datetime as dt

import pytest

from strive.errors import TraitValueError
from strive.profile import NOT_YET, Profile, format_recorded, not_yet_value
from strive.storage.records import decode_value, encode_value
from strive.traits import TraitSet

DAY = dt.date(2025, 1, 1)


def test_not_yet_reads_as_the_lowest_value(traits: TraitSet) -> None:
    profile = Profile()
    for name, lowest in (
        ("pilot_certificate", False),
        ("jet_pic_hours", 0.0),
        ("degree_level", "none"),
        ("languages", frozenset()),
    ):
        profile = profile.set(traits[name], NOT_YET, DAY)
        assert profile.value(traits[name]) == lowest
        assert profile.recorded(traits[name]) is NOT_YET
    assert profile.not_yet(traits) == {
        "pilot_certificate",
        "jet_pic_hours",
        "degree_level",
        "languages",
    }
    assert profile.value(traits["us_citizen"]) is None  # unknown stays unknown


def test_not_yet_is_refused_where_it_means_nothing(traits: TraitSet) -> None:
    with pytest.raises(TraitValueError, match="fixed"):
        Profile().set(traits["age"], NOT_YET, DAY)
    with pytest.raises(TraitValueError, match="category"):
        not_yet_value(traits["degree_field"])


def test_not_yet_after_having_it_lowers_a_grow_only_trait(traits: TraitSet) -> None:
    pilot = traits["pilot_certificate"]
    had = Profile().set(pilot, True, DAY)
    with pytest.raises(TraitValueError, match="can only grow"):
        had.set(pilot, NOT_YET, DAY + dt.timedelta(days=1))
    later = Profile().set(pilot, NOT_YET, DAY).set(pilot, True, DAY)
    assert later.value(pilot) is True
    assert format_recorded(pilot, NOT_YET) == "not yet"


def test_stored_form_cannot_be_confused_with_a_value(traits: TraitSet) -> None:
    stored = encode_value(NOT_YET)
    assert stored == {"not_yet": True}
    assert decode_value(stored, traits["pilot_certificate"]) is NOT_YET
    assert decode_value("not_yet", None) == "not_yet"  # a plain string stays text
    assert decode_value(None, traits["pilot_certificate"]) is None
