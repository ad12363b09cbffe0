"""The strategic review's "what you changed since" reads each change from the
value it replaced, also when a trait changed twice in one day."""

from __future__ import annotations

import datetime as dt

from strive.corrections import ChangeKind, Correction, RecordKind
from strive.profile import Profile
from strive.review import changes_since
from strive.traits import TraitSet

DAY = dt.date(2025, 5, 1)


def test_two_changes_on_one_day_read_from_the_right_value(traits: TraitSet) -> None:
    field = traits["degree_field"]
    profile = (
        Profile()
        .set(field, "other", dt.date(2024, 1, 1))
        .set(field, "medicine", DAY)
        .set(field, "stem", DAY)
    )
    deltas = changes_since(profile, traits, dt.date(2024, 6, 1), DAY)
    assert [(d.before, d.after) for d in deltas] == [
        ("other", "medicine"),
        ("medicine", "stem"),
    ]


def test_changes_before_since_are_left_out_but_still_give_the_from(
    traits: TraitSet,
) -> None:
    level = traits["degree_level"]
    profile = (
        Profile().set(level, "bachelor", dt.date(2020, 1, 1)).set(level, "master", DAY)
    )
    deltas = changes_since(profile, traits, dt.date(2021, 1, 1), DAY)
    assert [(d.before, d.after, d.when) for d in deltas] == [
        ("bachelor", "master", DAY)
    ]
    assert changes_since(profile, traits, DAY, DAY) == []


def test_a_change_back_to_the_same_value_is_not_a_change(traits: TraitSet) -> None:
    field = traits["degree_field"]
    profile = Profile().set(field, "stem", dt.date(2024, 1, 1)).set(field, "stem", DAY)
    assert changes_since(profile, traits, dt.date(2024, 6, 1), DAY) == []


def test_correction_text_names_what_moved() -> None:
    edit = Correction(
        RecordKind.EFFORT,
        3,
        ChangeKind.EDIT,
        {"action": "private_pilot", "hours": 3.0, "note": ""},
        {"action": "scuba_open_water", "hours": 3.0, "note": ""},
        DAY,
    )
    assert edit.text == "effort 3 edited: action private_pilot → scuba_open_water"
    gone = Correction(
        RecordKind.ATTEMPT, 2, ChangeKind.DELETE, {"name": "NASA 2004"}, None, DAY
    )
    assert gone.text == "attempt 2 deleted (NASA 2004)"
    assert gone.to_json()["after"] is None
