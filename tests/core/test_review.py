"""The strategic review's "what you changed since" reads each change from the
value it replaced, also when a trait changed twice in one day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from strive.attempts import Attempt, Outcome
from strive.corrections import ChangeKind, Correction, RecordKind
from strive.profile import NOT_YET, Profile
from strive.review import base_rate_lines, changes_since, summarise_attempts
from strive.template import BaseRate
from strive.traits import Kind, Mutability, Trait, TraitSet

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


# --- added against the mutation run (docs/testing.md "Mutation testing") --------------


def test_changes_read_from_not_yet_unknown_and_the_aged_value() -> None:
    age = Trait(
        "age", Kind.NUMBER, unit="years", mutability=Mutability.FIXED,
        growth_per_year=1, minimum=0, maximum=120,
    )  # fmt: skip
    pilot = Trait("pilot_certificate", Kind.BOOL, mutability=Mutability.GROW_ONLY)
    field = Trait("degree_field", Kind.CATEGORY, categories=("stem", "other"))
    outside = Trait("gender", Kind.CATEGORY)  # recorded, but not the goal's trait
    profile = (
        Profile()
        .set(age, 30.0, dt.date(2020, 1, 1))
        .set(pilot, NOT_YET, dt.date(2020, 1, 1))
        .set(pilot, True, dt.date(2024, 1, 1))
        .set(field, "stem", dt.date(2024, 2, 1))
        .set(outside, "x", dt.date(2024, 2, 1))
        .set(age, 36.0, dt.date(2025, 6, 1))
        .set(field, "other", dt.date(2026, 1, 1))  # after `until`: left out
    )
    traits = TraitSet.of([age, pilot, field])
    deltas = changes_since(profile, traits, dt.date(2021, 1, 1), dt.date(2025, 12, 31))
    assert [(d.trait, d.label, d.before, d.after, d.when) for d in deltas] == [
        (
            "pilot_certificate",
            "pilot certificate",
            "not yet",
            "yes",
            dt.date(2024, 1, 1),
        ),
        ("degree_field", "degree field", "unknown", "stem", dt.date(2024, 2, 1)),
        # the age recorded in 2020 has grown by the day before the new value
        ("age", "age", "35.41 years", "36 years", dt.date(2025, 6, 1)),
    ]
    # with no last attempt, every change up to `until` counts
    everything = changes_since(profile, traits, None, dt.date(2025, 12, 31))
    assert [(d.trait, d.when) for d in everything][:2] == [
        ("age", dt.date(2020, 1, 1)),
        ("pilot_certificate", dt.date(2020, 1, 1)),
    ]


def _attempt(name: str, applied: dt.date, outcome: Outcome, **kw: Any) -> Attempt:
    return Attempt(name, applied, outcome, **kw)


def test_attempt_summary_in_date_order_with_its_json() -> None:
    later = _attempt("NASA 1998", dt.date(1998, 1, 1), Outcome.PENDING, id=2)
    earlier = _attempt(
        "NASA 1996", dt.date(1996, 1, 1), Outcome.REJECTED,
        decided=dt.date(1996, 6, 1), feedback="more flight hours", id=1,
    )  # fmt: skip
    summary = summarise_attempts([later, earlier])
    assert summary.attempts == (earlier, later)
    assert summary.last == later
    assert summary.rejections == 1
    assert summary.line == "2 attempts: 1 not selected, one pending"
    assert summary.to_json() == {
        "summary": "2 attempts: 1 not selected, one pending",
        "rejections": 1,
        "attempts": [
            {
                "id": 1,
                "name": "NASA 1996",
                "applied": "1996-01-01",
                "outcome": "rejected",
                "decided": "1996-06-01",
                "feedback": "more flight hours",
            },
            {
                "id": 2,
                "name": "NASA 1998",
                "applied": "1998-01-01",
                "outcome": "pending",
                "decided": None,
                "feedback": "",
            },
        ],
    }
    nothing = summarise_attempts([])
    assert (nothing.last, nothing.rejections, nothing.attempts) == (None, 0, ())
    assert nothing.line == "no attempts yet"


def test_base_rates_are_context_lines() -> None:
    assert base_rate_lines(
        [BaseRate("2017", 12, 18_300, "NASA"), BaseRate("1996", 1_035, None, "press")]
    ) == [
        "2017: 12 selected of about 18,300 applicants (NASA)",
        "1996: 1,035 selected (press)",
    ]
    assert base_rate_lines([]) == []
